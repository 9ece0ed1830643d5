/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events of bpf/watch.bpf.c, shared by the BPF programs and the loader
 * (bpf/watch.c).  Structs and limits only.
 */
#ifndef BUGCHECK_BPF_WATCH_H
#define BUGCHECK_BPF_WATCH_H

#define WATCH_COMM_LEN 16
#define WATCH_MAX_FRAMES 32 /* kernel return addresses per event */
#define WATCH_RINGBUF_BYTES (256 * 1024)

/* What saw the failure; each has its own program. */
enum watch_detector {
	WATCH_DET_WARN = 1, /* error_report_end, ERROR_DETECTOR_WARN */
	WATCH_DET_KASAN, /* error_report_end, ERROR_DETECTOR_KASAN */
	WATCH_DET_KFENCE, /* error_report_end, ERROR_DETECTOR_KFENCE */
	WATCH_DET_HANG, /* sched_process_hang */
	WATCH_DET_OOM, /* mark_victim */
	WATCH_DET_LOCKUP, /* add_taint(TAINT_SOFTLOCKUP) kprobe */
	WATCH_DET_OOPS, /* add_taint(TAINT_DIE) kprobe */
	WATCH_DET_RCU_STALL, /* rcu_stall_warning */
	WATCH_DET_MCE, /* mce_record */
	WATCH_DET_ALLOC, /* warn_alloc() kprobe: page allocation failure */
	WATCH_DET_MAX
};

/**
 * struct watch_event - one failure the kernel reported
 * @ktime_ns:   bpf_ktime_get_ns() (CLOCK_MONOTONIC) at the event
 * @log_seq:    sequence number of the newest printk record at the event
 *              (the one /dev/kmsg shows as its second field)
 * @log_ts_ns:  that record's timestamp, the console's "[ s.us]" clock
 * @taint:      the kernel's tainted_mask at the event
 * @arg:        detector specific: the WARN caller address, the OOM
 *              victim's total_vm in pages, the MCE status, the failed
 *              allocation's gfp mask
 * @detector:   enum watch_detector
 * @cpu:        CPU the program ran on
 * @pid:        the failing task (the hung task, the OOM victim, current
 *              otherwise)
 * @nframes:    entries in @stack; negative errno when it failed
 * @comm:       @pid's comm
 * @stack:      kernel stack of @pid, innermost first (a hung task's own
 *              stack, not khungtaskd's)
 */
struct watch_event {
	unsigned long long ktime_ns;
	unsigned long long log_seq;
	unsigned long long log_ts_ns;
	unsigned long long taint;
	unsigned long long arg;
	unsigned int detector;
	unsigned int cpu;
	int pid;
	int nframes;
	char comm[WATCH_COMM_LEN];
	unsigned long long stack[WATCH_MAX_FRAMES];
};

#endif /* BUGCHECK_BPF_WATCH_H */
