// SPDX-License-Identifier: GPL-2.0
/*
 * Live capture of the kernel's non-fatal failure reports (bugcheck watch).
 * Each program fills one struct watch_event in a ring buffer; a
 * reservation that fails is counted in the per-CPU "dropped" map and the
 * event is lost, never waited for.
 *
 * Attach points, as Debian's 6.1 kernel has them:
 *   error_report_end    kernel/panic.c __warn() after the WARNING report
 *                       (detector ERROR_DETECTOR_WARN), mm/kasan/report.c,
 *                       mm/kfence/report.c (include/trace/events/error_report.h)
 *   sched_process_hang  kernel/hung_task.c check_hung_task(), before the
 *                       "INFO: task ... blocked" lines
 *   mark_victim         mm/oom_kill.c mark_oom_victim() (trace/events/oom.h)
 *   rcu_stall_warning   kernel/rcu/tree_stall.h, before "INFO: rcu_*
 *                       detected stalls"
 *   mce_record          arch/x86/kernel/cpu/mce/core.c mce_log()
 *   add_taint kprobe    no tracepoint exists for a soft lockup or an oops.
 *                       kernel/watchdog.c watchdog_timer_fn() prints the
 *                       "BUG: soft lockup" report and then calls
 *                       add_taint(TAINT_SOFTLOCKUP); arch/x86/kernel/
 *                       dumpstack.c oops_end() (NOKPROBE_SYMBOL itself)
 *                       calls add_taint(TAINT_DIE) after __die() printed
 *                       the oops, before the task is killed or the kernel
 *                       panics.  kernel/panic.c add_taint() is probeable.
 *   warn_alloc kprobe   mm/page_alloc.c warn_alloc(), called where an
 *                       allocation failed ("page allocation failure",
 *                       "vmalloc error"); it prints nothing for a request
 *                       with __GFP_NOWARN, and neither do we.  A call its
 *                       ratelimit silences is reported from the stack.
 *
 * The log position: kernel/printk/printk.c keeps its records in the
 * printk_ringbuffer "prb" (kernel/printk/printk_ringbuffer.h).  The
 * descriptor ring's head_id names the newest reserved record; its
 * printk_info holds the sequence number /dev/kmsg prints and the
 * timestamp the console prints, so user space can find the report's lines.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "watch.h"

/* include/linux/panic.h */
#define TAINT_DIE 7
#define TAINT_SOFTLOCKUP 14
/* include/linux/gfp_types.h */
#define GFP_NOWARN 0x2000u

/* Set by the loader: only these detectors emit (bit 1 << detector). */
const volatile unsigned int targ_detectors = ~0U;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, WATCH_RINGBUF_BYTES);
} events SEC(".maps");

/* Events lost because the ring buffer was full, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

/* Events emitted, per detector and CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WATCH_DET_MAX);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

/* Untyped: their addresses come from kallsyms at load time. */
extern const void prb __ksym;
extern const void tainted_mask __ksym;

static __always_inline void count(void *map, __u32 key)
{
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		(*v)++;
}

static __always_inline void log_position(struct watch_event *e)
{
	struct printk_ringbuffer *rb = NULL;
	struct printk_info *infos;
	unsigned int bits;
	long head;

	e->log_seq = 0;
	e->log_ts_ns = 0;
	if (bpf_probe_read_kernel(&rb, sizeof(rb), &prb) || !rb)
		return;
	bits = BPF_CORE_READ(rb, desc_ring.count_bits);
	head = BPF_CORE_READ(rb, desc_ring.head_id.counter);
	infos = BPF_CORE_READ(rb, desc_ring.infos);
	if (!infos || bits > 30)
		return;
	infos += head & ((1UL << bits) - 1);
	e->log_seq = BPF_CORE_READ(infos, seq);
	e->log_ts_ns = BPF_CORE_READ(infos, ts_nsec);
}

/* A reserved event with the common fields, or NULL (counted as dropped). */
static __always_inline struct watch_event *start(unsigned int det)
{
	struct watch_event *e;

	if (!(targ_detectors & (1U << det)))
		return NULL;
	count(&seen, det);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(&dropped, 0);
		return NULL;
	}
	e->ktime_ns = bpf_ktime_get_ns();
	e->detector = det;
	e->cpu = bpf_get_smp_processor_id();
	e->pid = bpf_get_current_pid_tgid() & 0xffffffff;
	e->arg = 0;
	e->taint = 0;
	bpf_probe_read_kernel(&e->taint, sizeof(e->taint), &tainted_mask);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	log_position(e);
	return e;
}

static __always_inline int emit_current(void *ctx, unsigned int det,
					unsigned long long arg)
{
	struct watch_event *e = start(det);
	long n;

	if (!e)
		return 0;
	e->arg = arg;
	n = bpf_get_stack(ctx, e->stack, sizeof(e->stack), 0);
	e->nframes = n < 0 ? (int)n : (int)((unsigned long)n / 8);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

static __always_inline int emit_task(unsigned int det, struct task_struct *t,
				     unsigned long long arg)
{
	struct watch_event *e = start(det);
	long n;

	if (!e)
		return 0;
	e->arg = arg;
	e->pid = BPF_CORE_READ(t, pid);
	BPF_CORE_READ_STR_INTO(&e->comm, t, comm);
	n = bpf_get_task_stack(t, e->stack, sizeof(e->stack), 0);
	e->nframes = n < 0 ? (int)n : (int)((unsigned long)n / 8);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/error_report_end")
int BPF_PROG(error_report_end, enum error_detector det, unsigned long id)
{
	unsigned int d;

	switch (det) {
	case ERROR_DETECTOR_WARN:
		d = WATCH_DET_WARN;
		break;
	case ERROR_DETECTOR_KASAN:
		d = WATCH_DET_KASAN;
		break;
	default:
		d = WATCH_DET_KFENCE;
		break;
	}
	return emit_current(ctx, d, id);
}

SEC("tp_btf/sched_process_hang")
int BPF_PROG(sched_process_hang, struct task_struct *t)
{
	return emit_task(WATCH_DET_HANG, t, 0);
}

SEC("tp_btf/mark_victim")
int BPF_PROG(mark_victim, struct task_struct *t)
{
	return emit_task(WATCH_DET_OOM, t, 0);
}

SEC("tp_btf/rcu_stall_warning")
int BPF_PROG(rcu_stall_warning)
{
	return emit_current(ctx, WATCH_DET_RCU_STALL, 0);
}

SEC("tp_btf/mce_record")
int BPF_PROG(mce_record, struct mce *m)
{
	return emit_current(ctx, WATCH_DET_MCE, BPF_CORE_READ(m, status));
}

SEC("kprobe/add_taint")
int BPF_KPROBE(add_taint, unsigned int flag)
{
	if (flag == TAINT_SOFTLOCKUP)
		return emit_current(ctx, WATCH_DET_LOCKUP, flag);
	if (flag == TAINT_DIE)
		return emit_current(ctx, WATCH_DET_OOPS, flag);
	return 0;
}

SEC("kprobe/warn_alloc")
int BPF_KPROBE(warn_alloc, unsigned int gfp_mask)
{
	if (gfp_mask & GFP_NOWARN)
		return 0;
	return emit_current(ctx, WATCH_DET_ALLOC, gfp_mask);
}

char LICENSE[] SEC("license") = "GPL";
