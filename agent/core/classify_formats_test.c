// SPDX-License-Identifier: GPL-2.0
/*
 * One case per row of the report-format table of docs/classifier.md: the
 * input is what the named 6.1 kernel code prints (written from its
 * printk/pr_* calls and the x86 stack dump of arch/x86/kernel/dumpstack.c,
 * not copied from any corpus), the expectation is the row's title format
 * and culprit section.  Also: the hash spec version and
 * bc_classifier_reset().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "sha256.h"

#define TAP_SUITE "classifier-formats"
#include "tap.h"

struct fcase {
	const char *source;	/* kernel file that prints the header */
	const char *log;
	const char *title;
	enum bugcheck_class cls;
	const char *image;
};

/* x86 stack dump lines (arch/x86/kernel/dumpstack.c show_trace_log_lvl) */
#define CPU_LINE "[   20.000002] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
#define STACK(a, b)                                                       \
	"[   20.000010] Call Trace:\n"                                    \
	"[   20.000011]  <TASK>\n"                                        \
	"[   20.000012]  dump_stack_lvl+0x44/0x5c\n"                      \
	"[   20.000013]  " a "\n"                                         \
	"[   20.000014]  " b "\n"                                         \
	"[   20.000015]  do_syscall_64+0x58/0xc0\n"                       \
	"[   20.000016]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"      \
	"[   20.000017]  </TASK>\n"

static const struct fcase report_cases[] = {
	{ "kernel/cfi.c report_cfi_failure() (BUG)",
	  "[   20.000001] CFI failure at drv_call+0x1a/0x40 [drv] (target: bad_fn+0x0/0x10 [drv]; expected type: 0x7c5d9a9b)\n"
	  "[   20.000002] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:drv_call+0x1a/0x40 [drv]\n"
	  STACK("drv_ioctl+0x30/0x60 [drv]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "CFI failure in drv_call", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	{ "kernel/cfi.c report_cfi_failure() (no target)",
	  "[   20.000001] CFI failure at other_call+0x10/0x20 (no target information)\n"
	  "[   20.000002] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:other_call+0x10/0x20\n"
	  STACK("other_user+0x30/0x60", "__x64_sys_write+0x8d/0xd0"),
	  "CFI failure in other_call", BUGCHECK_CLASS_KERNEL_BUG, "vmlinux" },
	{ "kernel/irq/spurious.c __report_bad_irq() (nobody cared)",
	  "[   20.000001] irq 19: nobody cared (try booting with the \"irqpoll\" option)\n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <IRQ>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  __report_bad_irq+0x35/0xaa\n"
	  "[   20.000014]  note_interrupt.cold+0xb/0x60\n"
	  "[   20.000015]  handle_irq_event+0x73/0x80\n"
	  "[   20.000016]  </IRQ>\n"
	  "[   20.000017] handlers:\n"
	  "[   20.000018] [<00000000a1b2c3d4>] nic_interrupt [nic]\n"
	  "[   20.000019] Disabling IRQ #19\n",
	  "irq: nobody cared in nic_interrupt", BUGCHECK_CLASS_CONSISTENCY_CHECK,
	  "nic" },
	{ "kernel/irq/spurious.c __report_bad_irq() (bogus return)",
	  "[   20.000001] irq event 11: bogus return value 7\n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <IRQ>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  __report_bad_irq+0x35/0xaa\n"
	  "[   20.000016]  </IRQ>\n"
	  "[   20.000017] handlers:\n"
	  "[   20.000018] [<00000000a1b2c3d4>] snd_irq.isra.0 [snd_x] threaded [<0000000011112222>] snd_thread [snd_x]\n",
	  "irq: bogus return value in snd_irq", BUGCHECK_CLASS_CONSISTENCY_CHECK,
	  "snd_x" },
	{ "lib/ubsan.c ubsan_prologue()",
	  "[   20.000001] ================================================================================\n"
	  "[   20.000001] UBSAN: array-index-out-of-bounds in drivers/foo/bar.c:120:9\n"
	  "[   20.000001] index 8 is out of range for type 'u32 [8]'\n"
	  CPU_LINE
	  STACK("bar_fill+0x80/0xa0 [bar]", "bar_ioctl+0x10/0x20 [bar]"),
	  "UBSAN: array-index-out-of-bounds in bar_fill", BUGCHECK_CLASS_UBSAN,
	  "bar" },
	{ "lib/refcount.c refcount_warn_saturate() via kernel/panic.c __warn()",
	  "[   20.000001] refcount_t: underflow; use-after-free.\n"
	  "[   20.000001] WARNING: CPU: 1 PID: 77 at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:refcount_warn_saturate+0xba/0x110\n"
	  STACK("obj_put+0x40/0x50 [objs]", "objs_release+0x10/0x20 [objs]"),
	  "WARNING: refcount bug in obj_put", BUGCHECK_CLASS_REFCOUNT, "objs" },
	{ "kernel/panic.c __warn()",
	  "[   20.000001] WARNING: CPU: 1 PID: 77 at drivers/gpu/x/y.c:55 y_commit+0x2b/0x90 [xgpu]\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:y_commit+0x2b/0x90 [xgpu]\n"
	  STACK("y_ioctl+0x40/0x50 [xgpu]", "drm_ioctl+0x10/0x20 [drm]"),
	  "WARNING in y_commit", BUGCHECK_CLASS_WARNING, "xgpu" },
	{ "kernel/sched/core.c __schedule_bug()",
	  "[   20.000001] BUG: scheduling while atomic: t/77/0x00000002\n"
	  "[   20.000001] Modules linked in: m\n"
	  CPU_LINE
	  STACK("__schedule_bug+0x50/0x60", "m_wait+0x20/0x30 [m]"),
	  "BUG: scheduling while atomic in m_wait", BUGCHECK_CLASS_ATOMIC_SLEEP,
	  "m" },
	{ "kernel/watchdog_hld.c watchdog_overflow_callback()",
	  "[   20.000001] Watchdog detected hard LOCKUP on cpu 1\n"
	  "[   20.000001] Modules linked in: spin\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:spin_here+0x5/0x10 [spin]\n"
	  STACK("spin_here+0x5/0x10 [spin]", "spin_write+0x10/0x20 [spin]"),
	  /* the lockup extractor: the frame above the task's entry */
	  "BUG: hard lockup in spin_write", BUGCHECK_CLASS_HARD_LOCKUP, "spin" },
	{ "mm/page_alloc.c bad_page()",
	  "[   20.000001] BUG: Bad page state in process t  pfn:1a2b3\n"
	  "[   20.000001] page:00000000deadbeef refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x1a2b3\n"
	  "[   20.000001] page dumped because: nonzero mapcount\n"
	  CPU_LINE
	  STACK("free_unref_page+0x20/0x30", "pool_release+0x40/0x50 [pool]"),
	  "BUG: Bad page state in pool_release", BUGCHECK_CLASS_BAD_PAGE_STATE,
	  "pool" },
	{ "kernel/rcu/tree_stall.h print_cpu_stall() + show_regs() (self-detected)",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t1-....: (21000 ticks this GP) idle=8a4c/1/0x4000000000000000 softirq=3031/3031 fqs=5151\n"
	  "[  100.000003] \t(t=21002 jiffies g=5149 q=141 ncpus=2)\n"
	  "[  100.000004] CPU: 1 PID: 77 Comm: spin Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:spin_loop+0x9/0x20 [spinmod]\n"
	  "[  100.000007] RSP: 0018:ffffb0c2c0a3bd90 EFLAGS: 00000246\n"
	  "[  100.000010] Call Trace:\n"
	  "[  100.000011]  <TASK>\n"
	  "[  100.000012]  spin_write+0x20/0x40 [spinmod]\n"
	  "[  100.000013]  vfs_write+0xe1/0x3a0\n"
	  "[  100.000014]  ksys_write+0x6f/0xf0\n"
	  "[  100.000015]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000016]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000017]  </TASK>\n",
	  "INFO: rcu detected stall in spin_write", BUGCHECK_CLASS_RCU_STALL,
	  "spinmod" },
	{ "kernel/rcu/tree_stall.h print_other_cpu_stall() + lib/nmi_backtrace.c",
	  "[  100.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	  "[  100.000002] rcu: \t0-....: (20999 ticks this GP) idle=1c4/1/0x4000000000000000 softirq=11/11 fqs=5250\n"
	  "[  100.000003] \t(detected by 1, t=21002 jiffies, g=517, q=9 ncpus=2)\n"
	  "[  100.000004] Sending NMI from CPU 1 to CPUs 0:\n"
	  "[  100.000005] NMI backtrace for cpu 0\n"
	  "[  100.000006] CPU: 0 PID: 90 Comm: spin Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000007] RIP: 0010:busy_wait+0x4/0x10 [spinmod]\n"
	  "[  100.000008] Call Trace:\n"
	  "[  100.000009]  <TASK>\n"
	  "[  100.000010]  spin_ioctl+0x30/0x60 [spinmod]\n"
	  "[  100.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[  100.000012]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000014]  </TASK>\n",
	  "INFO: rcu detected stall in spin_ioctl", BUGCHECK_CLASS_RCU_STALL,
	  "spinmod" },
	{ "kernel/rcu/tasks.h check_holdout_task() + sched_show_task()",
	  "[  300.000001] INFO: rcu_tasks detected stalls on tasks:\n"
	  "[  300.000002] 000000003b2a9c1d: .. nvcsw: 2/2 holdout: 1 idle_cpu: -1/0\n"
	  "[  300.000003] task:kworker/0:1     state:R  running task     stack:13808 pid:12    ppid:2      flags:0x00004000\n"
	  "[  300.000004] Workqueue: events poll_fn [pollmod]\n"
	  "[  300.000005] Call Trace:\n"
	  "[  300.000006]  <TASK>\n"
	  "[  300.000007]  __schedule+0x2f1/0x8a0\n"
	  "[  300.000008]  busy_loop+0x2a/0x60 [pollmod]\n"
	  "[  300.000009]  poll_fn+0x51/0x90 [pollmod]\n"
	  "[  300.000010]  process_one_work+0x1c7/0x380\n"
	  "[  300.000011]  worker_thread+0x4d/0x380\n"
	  "[  300.000012]  kthread+0xe9/0x110\n"
	  "[  300.000013]  ret_from_fork+0x22/0x30\n"
	  "[  300.000014]  </TASK>\n",
	  /* the stall extractor: the frame above the work dispatcher */
	  "INFO: rcu detected stall in poll_fn", BUGCHECK_CLASS_RCU_STALL,
	  "pollmod" },
	{ "kernel/rcu/tasks.h show_stalled_task_trace() + sched_show_task()",
	  "[  300.000001] INFO: rcu_tasks_trace detected stalls on tasks:\n"
	  "[  300.000002] P77: ..... nesting: 1 N cpu: 0\n"
	  "[  300.000003] task:t               state:R  running task     stack:13808 pid:77    ppid:1      flags:0x00004000\n"
	  "[  300.000005] Call Trace:\n"
	  "[  300.000006]  <TASK>\n"
	  "[  300.000008]  trc_spin+0x2a/0x60 [trcmod]\n"
	  "[  300.000009]  trc_write+0x51/0x90 [trcmod]\n"
	  "[  300.000010]  vfs_write+0xe1/0x3a0\n"
	  "[  300.000011]  ksys_write+0x6f/0xf0\n"
	  "[  300.000012]  do_syscall_64+0x58/0xc0\n"
	  "[  300.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  300.000014]  </TASK>\n",
	  "INFO: rcu detected stall in trc_write",
	  BUGCHECK_CLASS_RCU_STALL, "trcmod" },
	{ "kernel/workqueue.c wq_watchdog_timer_fn() + show_all_workqueues()",
	  /* the title is the family: no stack belongs to the stuck work */
	  "[  400.000001] BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 43s!\n"
	  "[  400.000002] Showing busy workqueues and worker pools:\n"
	  "[  400.000003] workqueue events: flags=0x0\n"
	  "[  400.000004]   pwq 2: cpus=1 node=0 flags=0x0 nice=0 active=2/256 refcnt=3\n"
	  "[  400.000005]     in-flight: 41:stuck_work_fn\n"
	  "[  400.000006]     pending: vmstat_shepherd, cache_reap\n"
	  "[  400.000007] pool 2: cpus=1 node=0 flags=0x0 nice=0 hung=43s workers=3 idle: 17 88\n",
	  "BUG: workqueue lockup", BUGCHECK_CLASS_CONSISTENCY_CHECK, "vmlinux" },
	{ "kernel/fork.c check_mm() (rss counter)",
	  "[  500.000001] BUG: Bad rss-counter state mm:00000000c0ffee00 type:MM_ANONPAGES val:1\n",
	  "BUG: Bad rss-counter state", BUGCHECK_CLASS_CONSISTENCY_CHECK,
	  "vmlinux" },
	{ "kernel/fork.c check_mm() (page tables)",
	  "[  500.000001] BUG: non-zero pgtables_bytes on freeing mm: 4096\n",
	  /* the title stops before the mm, as for "mm:%p" above */
	  "BUG: non-zero pgtables_bytes on freeing",
	  BUGCHECK_CLASS_CONSISTENCY_CHECK, "vmlinux" },
	{ "mm/memory.c print_bad_pte()",
	  "[   20.000001] BUG: Bad page map in process t  pte:8000000012345067 pmd:0abcd067\n"
	  "[   20.000001] page:00000000deadbeef refcount:1 mapcount:-1 mapping:0000000000000000 index:0x0 pfn:0x12345\n"
	  "[   20.000001] addr:00007f0000001000 vm_flags:00100073 anon_vma:ffff888003a1b2c0 mapping:0000000000000000 index:7f0000001\n"
	  "[   20.000001] file:(null) fault:0x0 mmap:0x0 read_folio:0x0\n"
	  CPU_LINE
	  STACK("print_bad_pte.cold+0x6a/0xc5", "zap_pte_range+0x3e0/0x7a0"),
	  "BUG: Bad page map in zap_pte_range", BUGCHECK_CLASS_BAD_PAGE_STATE,
	  "vmlinux" },
	{ "lib/smp_processor_id.c check_preemption_disabled()",
	  "[   20.000001] BUG: using smp_processor_id() in preemptible [00000000] code: t/77\n"
	  "[   20.000001] caller is pcpu_get+0x11/0x30 [pcpu]\n"
	  CPU_LINE
	  STACK("check_preemption_disabled+0xd1/0xe0", "pcpu_get+0x11/0x30 [pcpu]"),
	  "BUG: using smp_processor_id() in preemptible code in pcpu_get",
	  BUGCHECK_CLASS_LOCKDEP, "pcpu" },
	{ "kernel/locking/spinlock_debug.c spin_dump()",
	  "[   20.000001] BUG: spinlock bad magic on CPU#1, t/77\n"
	  "[   20.000001]  lock: 0xffff888003a1b2c0, .magic: 00000000, .owner: <none>/-1, .owner_cpu: 0\n"
	  CPU_LINE
	  STACK("do_raw_spin_lock+0x9e/0xb0", "sl_touch+0x1e/0x40 [sl]"),
	  "BUG: spinlock bad magic in sl_touch", BUGCHECK_CLASS_LOCKDEP, "sl" },
	{ "lib/list_debug.c __list_add_valid() + lib/bug.c",
	  "[   20.000001] list_add corruption. next->prev should be prev (ffff888003a1b2c0), but was 0000000000000000. (next=ffff888003a1b2d0).\n"
	  "[   20.000002] ------------[ cut here ]------------\n"
	  "[   20.000003] kernel BUG at lib/list_debug.c:29!\n"
	  "[   20.000004] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000005] RIP: 0010:__list_add_valid.cold+0x26/0x3f\n"
	  STACK("lst_insert+0x20/0x50 [lst]", "lst_ioctl+0x10/0x20 [lst]"),
	  "BUG: corrupted list in lst_insert", BUGCHECK_CLASS_LIST_CORRUPTION,
	  "lst" },
	{ "lib/debugobjects.c debug_print_object() + kernel/panic.c __warn()",
	  "[   20.000001] ------------[ cut here ]------------\n"
	  "[   20.000002] ODEBUG: free active (active state 0) object type: timer_list hint: tmo_fire+0x0/0x30 [tmo]\n"
	  "[   20.000003] WARNING: CPU: 1 PID: 77 at lib/debugobjects.c:505 debug_print_object+0x8f/0xb0\n"
	  CPU_LINE
	  "[   20.000004] RIP: 0010:debug_print_object+0x8f/0xb0\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  debug_check_no_obj_freed+0x1f3/0x220\n"
	  "[   20.000013]  kfree+0x8b/0x1a0\n"
	  "[   20.000014]  tmo_release+0x30/0x60 [tmo]\n"
	  "[   20.000015]  __fput+0xff/0x260\n"
	  "[   20.000016]  task_work_run+0x5d/0x90\n"
	  "[   20.000017]  </TASK>\n",
	  "WARNING: ODEBUG bug in tmo_release", BUGCHECK_CLASS_WARNING, "tmo" },
	{ "mm/kmemleak.c print_unreferenced()",
	  "[   90.000001] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n"
	  "unreferenced object 0xffff888003a1b2c0 (size 64):\n"
	  "  comm \"t\", pid 77, jiffies 4294912345 (age 12.340s)\n"
	  "  hex dump (first 32 bytes):\n"
	  "    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
	  "  backtrace:\n"
	  "    [<00000000a1b2c3d4>] kmalloc_trace+0x26/0x60\n"
	  "    [<00000000a1b2c3d5>] leak_new_entry+0x1c/0x40 [leaky]\n"
	  "    [<00000000a1b2c3d6>] leak_ioctl+0x2f/0x50 [leaky]\n"
	  "    [<00000000a1b2c3d7>] __x64_sys_ioctl+0x8d/0xd0\n"
	  "    [<00000000a1b2c3d8>] do_syscall_64+0x58/0xc0\n",
	  "memory leak in leak_new_entry", BUGCHECK_CLASS_MEMORY_LEAK, "leaky" },
	{ "kernel/panic.c __stack_chk_fail()",
	  "[   20.000001] Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: sp_parse+0x1a8/0x1b0 [sp]\n"
	  CPU_LINE
	  STACK("panic+0x118/0x2f7", "__stack_chk_fail+0x10/0x10"),
	  /* syzkaller's title: "kernel panic: " + the message's own words */
	  "kernel panic: stack is corrupted in sp_parse",
	  BUGCHECK_CLASS_STACK_PROTECTOR, "sp" },
	{ "kernel/panic.c __stack_chk_fail(), the smashed stack not unwound",
	  "[   20.000001] Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: sp_parse+0x1a8/0x1b0 [sp]\n"
	  CPU_LINE
	  "[   20.000003] Call Trace:\n"
	  /* arch/x86/kernel/setup.c dump_kernel_offset(), kernel/panic.c */
	  "[   20.000004] Kernel Offset: disabled\n"
	  "[   20.000005] ---[ end Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: sp_parse+0x1a8/0x1b0 [sp] ]---\n",
	  "kernel panic: stack is corrupted in sp_parse",
	  BUGCHECK_CLASS_STACK_PROTECTOR, "sp" },
	{ "mm/kasan/report.c print_report()",
	  "[   20.000001] ==================================================================\n"
	  "[   20.000002] BUG: KASAN: use-after-free in ua_read+0x2e/0x50 [ua]\n"
	  "[   20.000003] Read of size 8 at addr ffff888003a1b2c0 by task t/77\n"
	  "[   20.000004] \n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  print_report+0x16f/0x4a6\n"
	  "[   20.000014]  kasan_report+0xb7/0x140\n"
	  "[   20.000015]  ua_read+0x2e/0x50 [ua]\n"
	  "[   20.000016]  vfs_read+0xa6/0x190\n"
	  "[   20.000017]  </TASK>\n"
	  "[   20.000018] \n"
	  "[   20.000019] Allocated by task 77:\n"
	  "[   20.000020]  kasan_save_stack+0x1e/0x40\n"
	  "[   20.000021]  ua_open+0x20/0x40 [ua]\n"
	  "[   20.000022] \n"
	  "[   20.000023] Freed by task 77:\n"
	  "[   20.000024]  kasan_save_stack+0x1e/0x40\n"
	  "[   20.000025]  ua_release+0x20/0x40 [ua]\n"
	  "[   20.000026] ==================================================================\n",
	  "KASAN: use-after-free Read in ua_read", BUGCHECK_CLASS_KASAN, "ua" },
	{ "mm/kfence/report.c kfence_report_error()",
	  "[   20.000001] ==================================================================\n"
	  "[   20.000002] BUG: KFENCE: use-after-free read in kf_get+0x1c/0x30 [kf]\n"
	  "[   20.000003] \n"
	  "[   20.000004] Use-after-free read at 0x00000000a1b2c3d4 (in kfence-#12):\n"
	  "[   20.000005]  kf_get+0x1c/0x30 [kf]\n"
	  "[   20.000006]  kf_ioctl+0x40/0x70 [kf]\n"
	  "[   20.000007]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   20.000008] \n"
	  "[   20.000009] kfence-#12: 0x00000000a1b2c3d4-0x00000000a1b2c413, size=64, cache=kmalloc-64\n"
	  CPU_LINE
	  "[   20.000010] ==================================================================\n",
	  "KFENCE: use-after-free read in kf_get", BUGCHECK_CLASS_KFENCE, "kf" },
	{ "mm/kmsan/report.c kmsan_report()",
	  "[   20.000001] =====================================================\n"
	  "[   20.000002] BUG: KMSAN: uninit-value in km_parse+0x21/0x60 [km]\n"
	  "[   20.000003]  km_parse+0x21/0x60 [km]\n"
	  "[   20.000004]  km_write+0x30/0x50 [km]\n"
	  "[   20.000005]  vfs_write+0xe1/0x3a0\n"
	  "[   20.000006] \n"
	  "[   20.000007] Uninit was created at:\n"
	  "[   20.000008]  __kmalloc+0x1a0/0x2c0\n"
	  "[   20.000009]  km_open+0x20/0x40 [km]\n"
	  "[   20.000010] \n"
	  CPU_LINE
	  "[   20.000011] =====================================================\n",
	  "KMSAN: uninit-value in km_parse", BUGCHECK_CLASS_KMSAN, "km" },
	{ "kernel/kcsan/report.c print_report()",
	  "[   20.000001] ==================================================================\n"
	  "[   20.000002] BUG: KCSAN: data-race in kc_reader / kc_writer\n"
	  "[   20.000003] \n"
	  "[   20.000004] write to 0xffff888003a1b2c0 of 8 bytes by task 77 on cpu 1:\n"
	  "[   20.000005]  kc_writer+0x14/0x30 [kc]\n"
	  "[   20.000006]  kc_ioctl+0x40/0x70 [kc]\n"
	  "[   20.000007] \n"
	  "[   20.000008] read to 0xffff888003a1b2c0 of 8 bytes by task 78 on cpu 0:\n"
	  "[   20.000009]  kc_reader+0x11/0x30 [kc]\n"
	  "[   20.000010]  kc_read+0x40/0x70 [kc]\n"
	  "[   20.000011] \n"
	  "[   20.000012] Reported by Kernel Concurrency Sanitizer on:\n"
	  CPU_LINE
	  "[   20.000013] ==================================================================\n",
	  "KCSAN: data-race in kc_reader / kc_writer", BUGCHECK_CLASS_KCSAN,
	  "kc" },
	{ "kernel/locking/lockdep.c print_circular_bug_header()",
	  "[   20.000001] ======================================================\n"
	  "[   20.000002] WARNING: possible circular locking dependency detected\n"
	  "[   20.000003] 6.1.0-57-amd64 #1 Not tainted\n"
	  "[   20.000004] ------------------------------------------------------\n"
	  "[   20.000005] t/77 is trying to acquire lock:\n"
	  "[   20.000006] ffff888003a1b2c0 (&dl->a){+.+.}-{3:3}, at: dl_take_a+0x1c/0x40 [dl]\n"
	  "[   20.000007] \n"
	  "[   20.000008] but task is already holding lock:\n"
	  "[   20.000009] ffff888003a1b2d0 (&dl->b){+.+.}-{3:3}, at: dl_ioctl+0x30/0x90 [dl]\n"
	  "[   20.000010] \n"
	  "[   20.000011] which lock already depends on the new lock.\n"
	  "[   20.000012] \n"
	  "[   20.000013] stack backtrace:\n"
	  CPU_LINE
	  STACK("dl_take_a+0x1c/0x40 [dl]", "dl_ioctl+0x30/0x90 [dl]"),
	  "possible deadlock in dl_take_a", BUGCHECK_CLASS_LOCKDEP, "dl" },
	{ "kernel/exit.c do_exit() via panic()",
	  "[   20.000001] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n"
	  "[   20.000002] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  STACK("panic+0x118/0x2f7", "do_exit.cold+0x15/0x15"),
	  "kernel panic: Attempted to kill init!", BUGCHECK_CLASS_KILL_INIT,
	  "vmlinux" },
	{ "arch/x86/kernel/traps.c exc_double_fault()",
	  "[   20.000001] PANIC: double fault, error_code: 0x0\n"
	  "[   20.000002] double fault: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:deep_recurse+0x9/0x20 [deep]\n"
	  "[   20.000004] RSP: 0018:ffffb0c2c0a3bd90 EFLAGS: 00010246\n"
	  "[   20.000005] Call Trace:\n"
	  "[   20.000006]  <#DF>\n"
	  "[   20.000007]  </#DF>\n"
	  "[   20.000008]  <TASK>\n"
	  "[   20.000009]  deep_recurse+0x14/0x20 [deep]\n"
	  "[   20.000010]  deep_recurse+0x14/0x20 [deep]\n"
	  "[   20.000011]  deep_write+0x30/0x60 [deep]\n"
	  "[   20.000012]  vfs_write+0xe1/0x3a0\n"
	  "[   20.000013]  </TASK>\n",
	  "PANIC: double fault in deep_recurse", BUGCHECK_CLASS_DOUBLE_FAULT,
	  "deep" },
	{ "arch/x86/mm/fault.c show_fault_oops() (page fault)",
	  "[   20.000001] BUG: unable to handle page fault for address: ffffc90000a1b000\n"
	  "[   20.000002] #PF: supervisor read access in kernel mode\n"
	  "[   20.000003] #PF: error_code(0x0000) - not-present page\n"
	  "[   20.000004] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000005] RIP: 0010:pf_read+0x12/0x40 [pf]\n"
	  STACK("pf_ioctl+0x30/0x60 [pf]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "BUG: unable to handle kernel paging request in pf_read",
	  BUGCHECK_CLASS_PAGING_REQUEST, "pf" },
	{ "kernel/sched/core.c __might_resched()",
	  "[   20.000001] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580\n"
	  "[   20.000002] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 77, name: t\n"
	  "[   20.000003] preempt_count: 1, expected: 0\n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  __might_resched.cold+0xcc/0xdf\n"
	  "[   20.000014]  mutex_lock+0x14/0x40\n"
	  "[   20.000015]  cfg_update+0x3a/0x90 [cfgmod]\n"
	  "[   20.000016]  cfg_timer_fn+0x15/0x20 [cfgmod]\n"
	  "[   20.000017]  call_timer_fn+0x27/0x130\n"
	  "[   20.000018]  </TASK>\n",
	  "BUG: sleeping function called from invalid context in cfg_update",
	  BUGCHECK_CLASS_ATOMIC_SLEEP, "cfgmod" },
};

static void test_formats(void)
{
	struct bc_classification *c = malloc(sizeof(*c));
	size_t i;

	if (!c)
		abort();
	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++) {
		const struct fcase *t = &report_cases[i];
		int r = bc_classify_buffer(t->log, strlen(t->log), c);

		CHECKF(r == 1, "%s: found", t->source);
		if (r != 1) {
			done(t->source);
			continue;
		}
		CHECKF(!strcmp(c->title, t->title), "%s: title '%s', want '%s'",
		       t->source, c->title, t->title);
		CHECKF(c->cls == t->cls, "%s: class %s, want %s", t->source,
		       bc_class_name(c->cls), bc_class_name(t->cls));
		CHECKF(!strcmp(c->image, t->image), "%s: image '%s', want '%s'",
		       t->source, c->image, t->image);
		CHECKF(!c->corrupted, "%s: marked corrupted", t->source);
		done(t->source);
	}
	free(c);
}

/* The hash input starts with the spec version (docs/classifier.md). */
static void test_hash_spec(void)
{
	const char *title = "WARNING in y_commit";
	char in[256], want[BC_HASH_LEN + 1], got[BC_HASH_LEN + 1];
	uint8_t d[BC_SHA256_LEN];
	int n;

	n = snprintf(in, sizeof(in), "bugcheck-v%u|%02x|%s|%s",
		     (unsigned int)BC_HASH_SPEC_VERSION,
		     (unsigned int)BUGCHECK_CLASS_WARNING, "xgpu", title);
	bc_sha256(in, (size_t)n, d);
	snprintf(want, sizeof(want),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
		 d[10], d[11], d[12], d[13], d[14], d[15]);
	bc_failure_hash(BUGCHECK_CLASS_WARNING, "xgpu", title, got);
	CHECKF(!strcmp(want, got), "hash '%s', want '%s'", got, want);
	CHECKF(BC_HASH_SPEC_VERSION >= 2, "spec version %d", BC_HASH_SPEC_VERSION);
	{
		struct bc_classification c;

		CHECKF(bc_classify_buffer(report_cases[6].log, strlen(report_cases[6].log), &c) == 1 &&
		       c.hash_spec == BC_HASH_SPEC_VERSION, "hash_spec %u",
		       c.hash_spec);
	}
	done("the hash input starts with the spec version");
}

/* A reset classifier gives what a fresh one gives, and forgets its input. */
static void test_reset(void)
{
	struct bc_classification *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct bc_classifier *c = bc_classifier_new(BC_CLASSIFY_ALL);
	const char *half = "[   20.000001] WARNING: CPU: 1 PID: 77 at x.c:1 half_fn+0x1/0x2\n";
	size_t i;

	if (!a || !b || !c)
		abort();
	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++) {
		bc_classifier_reset(c, i % 2 ? 0 : BC_CLASSIFY_ALL);
		bc_classifier_feed(c, half, strlen(half));	/* dropped */
		bc_classifier_reset(c, i % 2 ? 0 : BC_CLASSIFY_ALL);
		bc_classifier_feed(c, report_cases[i].log, strlen(report_cases[i].log));
		bc_classifier_finish(c);
		CHECKF(bc_classifier_next(c, a) == 1 &&
		       bc_classify_buffer(report_cases[i].log, strlen(report_cases[i].log), b) == 1 &&
		       !strcmp(a->failure_hash, b->failure_hash) &&
		       bc_classifier_next(c, a) == 0,
		       "reset: %s differs from a fresh classifier", report_cases[i].source);
	}
	bc_classifier_reset(c, 0);
	bc_classifier_finish(c);
	CHECKF(bc_classifier_next(c, a) == 0, "reset left a result behind");
	done("a reset classifier equals a fresh one");
	bc_classifier_free(c);
	free(a);
	free(b);
}

int main(void)
{
	test_formats();
	test_hash_spec();
	test_reset();
	return tap_end();
}
