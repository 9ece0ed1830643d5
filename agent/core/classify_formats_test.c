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

/*
 * mm/oom_kill.c dump_header() up to dump_oom_summary(): "%s invoked
 * oom-killer", dump_stack() of the allocating task, __show_mem() and
 * dump_tasks() (one "[%7d] %5d %5d %8lu %8lu %8ld %8lu         %5hd %s"
 * line per task).
 */
#define OOM_HEADER(comm, pid)                                              \
	"[   60.000001] " comm " invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n" \
	"[   60.000002] CPU: 0 PID: " pid " Comm: " comm " Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n" \
	"[   60.000003] Call Trace:\n"                                     \
	"[   60.000004]  <TASK>\n"                                         \
	"[   60.000005]  dump_stack_lvl+0x44/0x5c\n"                       \
	"[   60.000006]  dump_header+0x4a/0x211\n"                         \
	"[   60.000007]  oom_kill_process.cold+0xb/0x10\n"                 \
	"[   60.000008]  out_of_memory+0x1fd/0x4c0\n"                      \
	"[   60.000009]  __alloc_pages_slowpath.constprop.0+0xcb1/0xdf0\n" \
	"[   60.000010]  __alloc_pages+0x305/0x330\n"                      \
	"[   60.000011]  __handle_mm_fault+0x7d0/0xfe0\n"                  \
	"[   60.000012]  handle_mm_fault+0xdb/0x2d0\n"                     \
	"[   60.000013]  do_user_addr_fault+0x191/0x550\n"                 \
	"[   60.000014]  exc_page_fault+0x70/0x170\n"                      \
	"[   60.000015]  asm_exc_page_fault+0x22/0x30\n"                   \
	"[   60.000016] RIP: 0033:0x4a3b1c\n"                              \
	"[   60.000017]  </TASK>\n"                                        \
	"[   60.000018] Mem-Info:\n"                                       \
	"[   60.000019] active_anon:118029 inactive_anon:1 isolated_anon:0\n" \
	"[   60.000020] Node 0 active_anon:472116kB inactive_anon:4kB\n"   \
	"[   60.000021] Tasks state (memory values in pages):\n"          \
	"[   60.000022] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n" \
	"[   60.000023] [    " pid "]     0   " pid "   120058   118030   983040        0             0 " comm "\n"

/*
 * mm/page_alloc.c warn_alloc(): its message @msg, dump_stack() and the
 * start of warn_alloc_show_mem(); @a .. @d are the frames below
 * warn_alloc() (allocator, then caller).
 */
#define ALLOC_FAIL(msg, a, b, c, d)                                        \
	"[   80.000001] " msg "\n"                                           \
	"[   80.000002] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n" \
	"[   80.000003] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n" \
	"[   80.000004] Call Trace:\n"                                     \
	"[   80.000005]  <TASK>\n"                                         \
	"[   80.000006]  dump_stack_lvl+0x44/0x5c\n"                       \
	"[   80.000007]  warn_alloc+0x137/0x160\n"                         \
	"[   80.000008]  " a "\n"                                          \
	"[   80.000009]  " b "\n"                                          \
	"[   80.000010]  " c "\n"                                          \
	"[   80.000011]  " d "\n"                                          \
	"[   80.000012]  do_syscall_64+0x58/0xc0\n"                        \
	"[   80.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"       \
	"[   80.000014]  </TASK>\n"                                        \
	"[   80.000015] Mem-Info:\n"                                       \
	"[   80.000016] active_anon:1234 inactive_anon:1 isolated_anon:0\n"

/*
 * arm64 die_kernel_fault() output shared by several cases below: the
 * "Mem abort info:" block of arch/arm64/mm/fault.c mem_abort_decode(), and
 * die()'s oops of a NULL read in drv_read() from a read(2) at EL0.
 */
#define ARM64_ABORT_INFO \
	"[   20.000001] Mem abort info:\n" \
	"[   20.000001]   ESR = 0x0000000096000004\n" \
	"[   20.000001]   EC = 0x25: DABT (current EL), IL = 32 bits\n" \
	"[   20.000001]   SET = 0, FnV = 0\n" \
	"[   20.000001]   EA = 0, S1PTW = 0\n" \
	"[   20.000001]   FSC = 0x04: level 0 translation fault\n" \
	"[   20.000001] Data abort info:\n" \
	"[   20.000001]   ISV = 0, ISS = 0x00000004\n" \
	"[   20.000001]   CM = 0, WnR = 0\n" \
	"[   20.000001] user pgtable: 4k pages, 48-bit VAs, pgdp=0000000041a3e000\n" \
	"[   20.000001] [0000000000000008] pgd=0000000000000000, p4d=0000000000000000\n"

#define ARM64_DRV_READ_OOPS \
	"[   20.000002] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP\n" \
	"[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n" \
	"[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n" \
	"[   20.000005] Hardware name: linux,dummy-virt (DT)\n" \
	"[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n" \
	"[   20.000007] pc : drv_read+0x1c/0x60 [drv]\n" \
	"[   20.000008] lr : drv_read+0x14/0x60 [drv]\n" \
	"[   20.000009] sp : ffff80000a0bbd40\n" \
	"[   20.000010] x29: ffff80000a0bbd40 x28: ffff0000c1e8a940 x27: 0000000000000000\n" \
	"[   20.000011] x2 : 0000000000000000 x1 : 0000000000000000 x0 : 0000000000000000\n" \
	"[   20.000012] Call trace:\n" \
	"[   20.000013]  drv_read+0x1c/0x60 [drv]\n" \
	"[   20.000014]  vfs_read+0xb0/0x1e0\n" \
	"[   20.000015]  ksys_read+0x74/0x100\n" \
	"[   20.000016]  __arm64_sys_read+0x24/0x30\n" \
	"[   20.000017]  invoke_syscall+0x50/0x120\n" \
	"[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n" \
	"[   20.000019]  do_el0_svc+0x34/0xc0\n" \
	"[   20.000020]  el0_svc+0x2c/0x84\n" \
	"[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n" \
	"[   20.000022]  el0t_64_sync+0x18c/0x190\n" \
	"[   20.000023] Code: f9400000 b4000080 f9400401 (f9400421) \n" \
	"[   20.000024] ---[ end trace 0000000000000000 ]---\n"

/*
 * arch/s390 do_no_context() and die() output shared by the s390 fault
 * cases below: an Oops in drv_read() from a read(2).
 */
#define S390_DRV_READ_OOPS \
	"[   90.000001] Failing address: 0000000000000000 TEID: 0000000000000483\n" \
	"[   90.000002] Fault in home space mode while using kernel ASCE.\n" \
	"[   90.000003] AS:0000000001a3c007 R3:00000001fffd0007 S:00000001fffd1000 P:000000000000013d \n" \
	"[   90.000004] Oops: 0004 ilc:3 [#1] SMP \n" \
	"[   90.000005] Modules linked in: drv(O)\n" \
	"[   90.000006] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-s390x #1  Debian 6.1.158-1\n" \
	"[   90.000007] Hardware name: IBM 3931 A01 701 (KVM/Linux)\n" \
	"[   90.000008] Krnl PSW : 0704c00180000000 000003ff80a3e01c (drv_read+0x1c/0x60 [drv])\n" \
	"[   90.000009]            R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3\n" \
	"[   90.000010] Krnl GPRS: 0000000000000000 0000000000000000 0000000000000000 0000000000000008\n" \
	"[   90.000011]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n" \
	"[   90.000012]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n" \
	"[   90.000013]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n" \
	"[   90.000014] Krnl Code: 000003ff80a3e016: e31020000004	lg	%r1,0(%r2)\n" \
	"[   90.000015] Call Trace:\n" \
	"[   90.000016]  [<000003ff80a3e01c>] drv_read+0x1c/0x60 [drv] \n" \
	"[   90.000017]  [<0000000000534abc>] vfs_read+0xb0/0x1e0 \n" \
	"[   90.000018]  [<0000000000534def>] ksys_read+0x74/0x100 \n" \
	"[   90.000019]  [<0000000000534e50>] __s390x_sys_read+0x20/0x30 \n" \
	"[   90.000020]  [<0000000000b0f0a8>] __do_syscall+0x1d8/0x200 \n" \
	"[   90.000021]  [<0000000000b1c1d4>] system_call+0x82/0xb0 \n" \
	"[   90.000022] Last Breaking-Event-Address:\n" \
	"[   90.000023]  [<0000000000534ab8>] vfs_read+0xac/0x1e0\n" \
	"[   90.000024] ---[ end trace 0000000000000000 ]---\n"

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
	/* ... in a driver's function named *schedule*: no scheduler's */
	{ "kernel/sched/core.c __schedule_bug() (\"schedule\" in a name)",
	  "[   20.000001] BUG: scheduling while atomic: t/77/0x00000002\n"
	  "[   20.000001] Modules linked in: m\n"
	  CPU_LINE
	  STACK("__schedule_bug+0x50/0x60", "__schedule+0x7c1/0x9e0\n"
		"[   20.000013]  schedule+0x5a/0xd0\n"
		"[   20.000013]  m_reschedule+0x20/0x30 [m]"),
	  "BUG: scheduling while atomic in m_reschedule",
	  BUGCHECK_CLASS_ATOMIC_SLEEP, "m" },
	/*
	 * kernel/locking/lockdep.c lockdep_rcu_suspicious(): the banner,
	 * "%s:%d %s!", the held locks, "stack backtrace:" and dump_stack().
	 * RCU's own functions are rcu_*(), __rcu_*() ... (kernel/rcu/); a
	 * driver's *_rcu_* lookup is the code that broke the rule.
	 */
	{ "kernel/locking/lockdep.c lockdep_rcu_suspicious()",
	  "[   20.000001] =============================\n"
	  "[   20.000001] WARNING: suspicious RCU usage\n"
	  "[   20.000001] 6.1.0-57-amd64 #1 Not tainted\n"
	  "[   20.000001] -----------------------------\n"
	  "[   20.000001] drivers/x/tab.c:120 suspicious rcu_dereference_check() usage!\n"
	  "[   20.000001] \n"
	  "[   20.000001] other info that might help us debug this:\n"
	  "[   20.000001] \n"
	  "[   20.000001] \n"
	  "[   20.000001] rcu_scheduler_active = 2, debug_locks = 1\n"
	  "[   20.000001] no locks held by t/77.\n"
	  "[   20.000001] \n"
	  "[   20.000001] stack backtrace:\n"
	  CPU_LINE
	  STACK("lockdep_rcu_suspicious+0x155/0x15a",
		"tab_rcu_lookup+0x7e/0x90 [tab]\n"
		"[   20.000013]  tab_ioctl+0x30/0x60 [tab]"),
	  "WARNING: suspicious RCU usage in tab_rcu_lookup",
	  BUGCHECK_CLASS_LOCKDEP, "tab" },
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
	/*
	 * 6.1 kernel/sched/core.c dump_cpu_task() -> show_regs() of the
	 * timer interrupt's regs, which interrupted a softirq run on the
	 * IRQ stack at the exit of a device interrupt: the register dump
	 * (arch/x86/kernel/process_64.c __show_regs()), then
	 * arch/x86/kernel/dumpstack.c prints <IRQ> .. </IRQ>, <TASK>, the
	 * entry frame asm_common_interrupt (arch/x86/include/asm/idtentry.h)
	 * and show_regs_if_on_stack()'s registers of the interrupted task.
	 * The stall is the task's, not the softirq's that it was taking.
	 */
	{ "kernel/rcu/tree_stall.h print_cpu_stall() + show_regs() (softirq on the IRQ stack)",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t0-....: (21000 ticks this GP) idle=8a4c/1/0x4000000000000000 softirq=3031/3032 fqs=5151\n"
	  "[  100.000003] \t(t=21002 jiffies g=5149 q=141 ncpus=2)\n"
	  "[  100.000004] CPU: 0 PID: 812 Comm: looper Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:nic_rx_poll+0x2a/0x90 [nic]\n"
	  "[  100.000007] RSP: 0018:ffffa0a0c0003e90 EFLAGS: 00000246\n"
	  "[  100.000008] Call Trace:\n"
	  "[  100.000009]  <IRQ>\n"
	  "[  100.000010]  __napi_poll+0x2b/0x160\n"
	  "[  100.000011]  net_rx_action+0x29b/0x350\n"
	  "[  100.000012]  __do_softirq+0xc5/0x2c8\n"
	  "[  100.000013]  __irq_exit_rcu+0xa8/0xd0\n"
	  "[  100.000014]  common_interrupt+0x86/0xa0\n"
	  "[  100.000015]  </IRQ>\n"
	  "[  100.000016]  <TASK>\n"
	  "[  100.000017]  asm_common_interrupt+0x22/0x40\n"
	  "[  100.000018] RIP: 0010:loop_fn+0x10/0x30 [looper]\n"
	  "[  100.000019] RSP: 0018:ffffb0b0c0573e58 EFLAGS: 00000202\n"
	  "[  100.000020]  loop_write+0x1a/0x40 [looper]\n"
	  "[  100.000021]  vfs_write+0xb8/0x3a0\n"
	  "[  100.000022]  ksys_write+0x5f/0xe0\n"
	  "[  100.000023]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000024]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000025]  </TASK>\n",
	  "INFO: rcu detected stall in loop_write", BUGCHECK_CLASS_RCU_STALL,
	  "looper" },
	/*
	 * lib/nmi_backtrace.c nmi_cpu_backtrace() -> show_regs(): the NMI
	 * landed in a timer callback run by the softirq at the exit of the
	 * irq_work system vector (kernel/irq_work.c, DEFINE_IDTENTRY_SYSVEC
	 * sysvec_irq_work): the stalled code is the interrupted task.
	 */
	{ "kernel/rcu/tree_stall.h print_other_cpu_stall() + NMI in a system vector",
	  "[  100.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	  "[  100.000002] rcu: \t0-....: (20999 ticks this GP) idle=1c4/1/0x4000000000000000 softirq=11/12 fqs=5250\n"
	  "[  100.000003] \t(detected by 1, t=21002 jiffies, g=517, q=9 ncpus=2)\n"
	  "[  100.000004] Sending NMI from CPU 1 to CPUs 0:\n"
	  "[  100.000005] NMI backtrace for cpu 0\n"
	  "[  100.000006] CPU: 0 PID: 90 Comm: spin Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000007] RIP: 0010:tmr_expire+0x14/0x60 [tmr]\n"
	  "[  100.000008] RSP: 0018:ffffa0a0c0003ec8 EFLAGS: 00000046\n"
	  "[  100.000009] Call Trace:\n"
	  "[  100.000010]  <IRQ>\n"
	  "[  100.000011]  call_timer_fn+0x27/0x130\n"
	  "[  100.000012]  __run_timers+0x222/0x2c0\n"
	  "[  100.000013]  run_timer_softirq+0x2f/0x50\n"
	  "[  100.000014]  __do_softirq+0xc5/0x2c8\n"
	  "[  100.000015]  __irq_exit_rcu+0xa8/0xd0\n"
	  "[  100.000016]  sysvec_irq_work+0x6d/0x80\n"
	  "[  100.000017]  </IRQ>\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  asm_sysvec_irq_work+0x16/0x20\n"
	  "[  100.000020] RIP: 0010:busy_wait+0x4/0x10 [spinmod]\n"
	  "[  100.000021] RSP: 0018:ffffb0b0c0573e58 EFLAGS: 00000202\n"
	  "[  100.000022]  spin_ioctl+0x30/0x60 [spinmod]\n"
	  "[  100.000023]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[  100.000024]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000025]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000026]  </TASK>\n",
	  "INFO: rcu detected stall in spin_ioctl", BUGCHECK_CLASS_RCU_STALL,
	  "spinmod" },
	/* a driver's *_rcu_* function is no RCU internal */
	{ "kernel/rcu/tree_stall.h print_cpu_stall() (\"rcu\" in a driver's name)",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t1-....: (21000 ticks this GP) idle=8a4c/1/0x4000000000000000 softirq=3031/3031 fqs=5151\n"
	  "[  100.000003] \t(t=21002 jiffies g=5149 q=141 ncpus=2)\n"
	  "[  100.000004] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] RIP: 0010:table_scan+0x9/0x20 [rcutab]\n"
	  "[  100.000006] RSP: 0018:ffffb0c2c0a3bd90 EFLAGS: 00000246\n"
	  "[  100.000007] Call Trace:\n"
	  "[  100.000008]  <TASK>\n"
	  "[  100.000009]  table_rcu_resize_write+0x20/0x40 [rcutab]\n"
	  "[  100.000010]  vfs_write+0xe1/0x3a0\n"
	  "[  100.000011]  ksys_write+0x6f/0xf0\n"
	  "[  100.000012]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000014]  </TASK>\n",
	  "INFO: rcu detected stall in table_rcu_resize_write",
	  BUGCHECK_CLASS_RCU_STALL, "rcutab" },
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
	{ "kernel/workqueue.c show_pwq(): the stuck pool's busy worker",
	  /*
	   * Two stuck pools (one header line each), then one dump: the
	   * culprit is the in-flight function of the first stuck pool's
	   * pwq ("%d%s:%ps", with its module), not another pool's, and
	   * the title stays the family.
	   */
	  "[  400.000001] BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 43s!\n"
	  "[  400.000002] BUG: workqueue lockup - pool cpus=0-1 flags=0x4 nice=0 stuck for 41s!\n"
	  "[  400.000003] Showing busy workqueues and worker pools:\n"
	  "[  400.000004] workqueue events: flags=0x0\n"
	  "[  400.000005]   pwq 0: cpus=0 node=0 flags=0x0 nice=0 active=1/256 refcnt=2\n"
	  "[  400.000006]     in-flight: 9:other_work [othermod]\n"
	  "[  400.000007]   pwq 2: cpus=1 node=0 flags=0x0 nice=0 active=2/256 refcnt=3\n"
	  "[  400.000008]     pending: vmstat_shepherd, cache_reap\n"
	  "[  400.000009] workqueue wqmod_wq: flags=0x0\n"
	  "[  400.000010]   pwq 2: cpus=1 node=0 flags=0x0 nice=0 active=1/256 refcnt=2\n"
	  "[  400.000011]     in-flight: 41:wqmod_poll_work [wqmod] wqmod_next_work\n"
	  "[  400.000012] pool 2: cpus=1 node=0 flags=0x0 nice=0 hung=43s workers=3 idle: 17 88\n",
	  "BUG: workqueue lockup", BUGCHECK_CLASS_CONSISTENCY_CHECK, "wqmod" },
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
	/*
	 * lib/bug.c report_bug() for a BUG() whose bug entry has no file
	 * (CONFIG_DEBUG_BUGVERBOSE off): pr_crit("Kernel BUG at %pB
	 * [verbose debug info unavailable]\n"), then the invalid opcode
	 * die() of arch/x86/kernel/traps.c handle_bug()
	 */
	{ "lib/bug.c report_bug() without file and line",
	  "[   20.000001] Kernel BUG at foo_ioctl+0x20/0x50 [foo] [verbose debug info unavailable]\n"
	  "[   20.000002] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:foo_ioctl+0x20/0x50 [foo]\n"
	  STACK("__x64_sys_ioctl+0x8d/0xd0", "do_syscall_64+0x58/0xc0"),
	  "kernel BUG in foo_ioctl", BUGCHECK_CLASS_KERNEL_BUG, "foo" },
	/*
	 * arch/x86/kernel/traps.c traps that end in die(), whose
	 * __die_header() (arch/x86/kernel/dumpstack.c) prints "%s: %04lx
	 * [#%d]%s%s%s%s%s": do_error_trap() "segment not present"
	 */
	{ "arch/x86/kernel/traps.c exc_segment_not_present() -> die()",
	  "[   20.000001] segment not present: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:seg_load+0x11/0x30 [seg]\n"
	  STACK("seg_ioctl+0x2c/0x40 [seg]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "segment not present in seg_load", BUGCHECK_CLASS_BAD_ACCESS, "seg" },
	{ "arch/x86/kernel/traps.c exc_bounds() -> die()",
	  "[   20.000001] bounds: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:bnd_check+0x11/0x30 [bnd]\n"
	  STACK("bnd_ioctl+0x2c/0x40 [bnd]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "bounds in bnd_check", BUGCHECK_CLASS_BAD_ACCESS, "bnd" },
	/* exc_alignment_check(): die("Split lock detected\n", ...) */
	{ "arch/x86/kernel/traps.c exc_alignment_check() split lock -> die()",
	  "[   20.000001] Split lock detected\n"
	  "[   20.000001] : 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:sl_bump+0x11/0x30 [sl]\n"
	  STACK("sl_write+0x2c/0x40 [sl]", "vfs_write+0xe1/0x3a0"),
	  "Split lock detected in sl_bump", BUGCHECK_CLASS_BAD_ACCESS, "sl" },
	/* math_error(): "simd exception" (X86_TRAP_XF) in kernel mode */
	{ "arch/x86/kernel/traps.c math_error() -> die()",
	  "[   20.000001] simd exception: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:fp_mix+0x11/0x30 [fp]\n"
	  STACK("fp_ioctl+0x2c/0x40 [fp]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "simd exception in fp_mix", BUGCHECK_CLASS_BAD_ACCESS, "fp" },
	/* exc_device_not_available() with CR0.TS clear in the kernel */
	{ "arch/x86/kernel/traps.c exc_device_not_available() -> die()",
	  "[   20.000001] unexpected #NM exception: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:fp_mix+0x11/0x30 [fp]\n"
	  STACK("fp_ioctl+0x2c/0x40 [fp]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "unexpected #NM exception in fp_mix", BUGCHECK_CLASS_BAD_ACCESS, "fp" },
	/* arch/x86/mm/fault.c pgtable_bad(): __die("Bad pagetable", ...) */
	{ "arch/x86/mm/fault.c pgtable_bad() -> __die()",
	  "[   20.000001] t: Corrupted page table at address 7f0012345000\n"
	  "[   20.000002] PGD 8000000102f4c067 P4D 8000000102f4c067 PUD 10b1d2067 PMD 1093c4067 PTE 8000000107b63867\n"
	  "[   20.000003] Bad pagetable: 000d [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000004] RIP: 0010:pt_touch+0x11/0x30 [pt]\n"
	  STACK("pt_ioctl+0x2c/0x40 [pt]", "__x64_sys_ioctl+0x8d/0xd0"),
	  "Bad pagetable in pt_touch", BUGCHECK_CLASS_BAD_ACCESS, "pt" },
	/*
	 * arch/x86/mm/extable.c ex_handler_msr(): pr_warn("unchecked MSR
	 * access error: WRMSR to 0x%x (tried to write 0x%08x%08x) at rIP:
	 * 0x%lx (%pS)\n"), then show_stack_regs() -> show_trace_log_lvl();
	 * native_write_msr() is an inline of arch/x86/include/asm/msr.h
	 */
	{ "arch/x86/mm/extable.c ex_handler_msr()",
	  "[   20.000001] unchecked MSR access error: WRMSR to 0xc0010117 (tried to write 0x0000000000000001) at rIP: 0xffffffff8107b4a4 (native_write_msr+0x4/0x20)\n"
	  "[   20.000002] Call Trace:\n"
	  "[   20.000003]  <TASK>\n"
	  "[   20.000004]  msrdrv_enable+0x2a/0x60 [msrdrv]\n"
	  "[   20.000005]  msrdrv_probe+0x81/0x120 [msrdrv]\n"
	  "[   20.000006]  do_one_initcall+0x41/0x200\n"
	  "[   20.000007]  do_init_module+0x4c/0x240\n"
	  "[   20.000008]  </TASK>\n",
	  "unchecked MSR access error in msrdrv_enable", BUGCHECK_CLASS_WARNING,
	  "msrdrv" },
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
	/*
	 * kernel/watchdog.c watchdog_timer_fn(): the banner, print_modules(),
	 * then show_regs() of the interrupted task (arch/x86/kernel/
	 * dumpstack.c): its RIP and the trace from its stack.  The write
	 * reached the module through debugfs's proxy (fs/debugfs/file.c
	 * FULL_PROXY_FUNC(write)), which only forwards to the owner's fops.
	 */
	{ "kernel/watchdog.c watchdog_timer_fn() (debugfs proxy write)",
	  "[  130.000001] watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [sh:77]\n"
	  "[  130.000002] Modules linked in: trig(OE) ext4 crc16 mbcache jbd2\n"
	  "[  130.000003] CPU: 1 PID: 77 Comm: sh Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  130.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  130.000005] RIP: 0010:trig_spin+0x1e/0x40 [trig]\n"
	  "[  130.000006] Code: 48 89 c3 e8 00 00 00 00 48 39 d8 73 0e f3 90 <e8> 00 00 00 00 48 39 d8 72 f2 5b c3\n"
	  "[  130.000007] RSP: 0018:ffffb4c1c03bfe08 EFLAGS: 00000202\n"
	  "[  130.000008] RAX: 0000001e5c9d2f10 RBX: 0000003a8b1e2c00 RCX: 0000000000000001\n"
	  "[  130.000009] CR2: 000055d0c2a3b000 CR3: 0000000004b1e000 CR4: 00000000000006e0\n"
	  "[  130.000010] Call Trace:\n"
	  "[  130.000011]  <TASK>\n"
	  "[  130.000012]  trig_write+0x6a/0xa0 [trig]\n"
	  "[  130.000013]  full_proxy_write+0x5c/0x90\n"
	  "[  130.000014]  vfs_write+0xc7/0x3c0\n"
	  "[  130.000015]  ksys_write+0x5f/0xe0\n"
	  "[  130.000016]  do_syscall_64+0x58/0xc0\n"
	  "[  130.000017]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  130.000018] RIP: 0033:0x7f3c1b2e5f33\n"
	  "[  130.000019] RSP: 002b:00007ffd4a6b1e28 EFLAGS: 00000246 ORIG_RAX: 0000000000000001\n"
	  "[  130.000020]  </TASK>\n",
	  "BUG: soft lockup in trig_write", BUGCHECK_CLASS_SOFT_LOCKUP, "trig" },
	/*
	 * The same through DEFINE_DEBUGFS_ATTRIBUTE: fs/debugfs/file.c
	 * debugfs_attr_write() and fs/libfs.c simple_attr_write_xsigned()
	 * parse the number and call the owner's set().
	 */
	{ "kernel/watchdog.c watchdog_timer_fn() (debugfs attribute set())",
	  "[  130.000001] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:78]\n"
	  "[  130.000002] Modules linked in: trig(OE)\n"
	  "[  130.000003] CPU: 0 PID: 78 Comm: sh Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  130.000005] RIP: 0010:trig_set+0x2b/0x50 [trig]\n"
	  "[  130.000007] RSP: 0018:ffffb4c1c03bfe08 EFLAGS: 00000202\n"
	  "[  130.000010] Call Trace:\n"
	  "[  130.000011]  <TASK>\n"
	  "[  130.000012]  simple_attr_write_xsigned.constprop.0.isra.0+0xb4/0x110\n"
	  "[  130.000013]  debugfs_attr_write+0x43/0x60\n"
	  "[  130.000014]  full_proxy_write+0x5c/0x90\n"
	  "[  130.000015]  vfs_write+0xc7/0x3c0\n"
	  "[  130.000016]  ksys_write+0x5f/0xe0\n"
	  "[  130.000017]  do_syscall_64+0x58/0xc0\n"
	  "[  130.000018]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  130.000020]  </TASK>\n",
	  "BUG: soft lockup in trig_set", BUGCHECK_CLASS_SOFT_LOCKUP, "trig" },
	/*
	 * The same through a device attribute: fs/kernfs/file.c
	 * kernfs_fop_write_iter() -> fs/sysfs/file.c sysfs_kf_write() ->
	 * drivers/base/core.c dev_attr_store() call the driver's store.
	 */
	{ "kernel/watchdog.c watchdog_timer_fn() (sysfs store)",
	  "[  130.000001] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:79]\n"
	  "[  130.000002] Modules linked in: trig(OE)\n"
	  "[  130.000003] CPU: 0 PID: 79 Comm: sh Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  130.000005] RIP: 0010:trig_wait_ready+0x2b/0x50 [trig]\n"
	  "[  130.000007] RSP: 0018:ffffb4c1c03bfe08 EFLAGS: 00000202\n"
	  "[  130.000010] Call Trace:\n"
	  "[  130.000011]  <TASK>\n"
	  "[  130.000012]  mode_store+0x54/0x90 [trig]\n"
	  "[  130.000013]  dev_attr_store+0x14/0x30\n"
	  "[  130.000014]  sysfs_kf_write+0x3a/0x50\n"
	  "[  130.000015]  kernfs_fop_write_iter+0x13b/0x1d0\n"
	  "[  130.000016]  vfs_write+0x2c5/0x3c0\n"
	  "[  130.000017]  ksys_write+0x5f/0xe0\n"
	  "[  130.000018]  do_syscall_64+0x58/0xc0\n"
	  "[  130.000019]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  130.000020]  </TASK>\n",
	  "BUG: soft lockup in mode_store", BUGCHECK_CLASS_SOFT_LOCKUP, "trig" },
	/*
	 * kernel/hung_task.c check_hung_task() of a task waiting in
	 * synchronize_rcu() (kernel/rcu/tree.c, exported, so generic):
	 * the hang is the grace period's, every RCU wait buckets as
	 * synchronize_rcu.
	 */
	{ "kernel/hung_task.c check_hung_task() (synchronize_rcu)",
	  "[  250.000001] INFO: task modprobe:412 blocked for more than 122 seconds.\n"
	  "[  250.000002]       Not tainted 6.1.0-57-amd64 #1 Debian 6.1.158-1\n"
	  "[  250.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "[  250.000004] task:modprobe        state:D stack:0     pid:412   ppid:411    flags:0x00004000\n"
	  "[  250.000005] Call Trace:\n"
	  "[  250.000006]  <TASK>\n"
	  "[  250.000007]  __schedule+0x34d/0x9e0\n"
	  "[  250.000008]  schedule+0x5a/0xd0\n"
	  "[  250.000009]  schedule_timeout+0x118/0x150\n"
	  "[  250.000010]  __wait_for_common+0x8f/0x190\n"
	  "[  250.000011]  __wait_rcu_gp+0x131/0x160\n"
	  "[  250.000012]  synchronize_rcu+0xd8/0xe0\n"
	  "[  250.000013]  drv_teardown+0x22/0x60 [drv]\n"
	  "[  250.000014]  __do_sys_delete_module+0x1a5/0x2a0\n"
	  "[  250.000015]  do_syscall_64+0x58/0xc0\n"
	  "[  250.000016]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  250.000017]  </TASK>\n",
	  "INFO: task hung in synchronize_rcu", BUGCHECK_CLASS_HUNG_TASK,
	  "vmlinux" },
	/*
	 * The same waiting for a completion (kernel/sched/completion.c):
	 * the first frame that is not about waiting is the driver's, even
	 * when its name contains "down" (kernel/locking/semaphore.c's
	 * down*() are the semaphore waits).
	 */
	{ "kernel/hung_task.c check_hung_task() (wait_for_completion)",
	  "[  250.000001] INFO: task modprobe:412 blocked for more than 122 seconds.\n"
	  "[  250.000002]       Not tainted 6.1.0-57-amd64 #1 Debian 6.1.158-1\n"
	  "[  250.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "[  250.000004] task:modprobe        state:D stack:0     pid:412   ppid:411    flags:0x00004000\n"
	  "[  250.000005] Call Trace:\n"
	  "[  250.000006]  <TASK>\n"
	  "[  250.000007]  __schedule+0x34d/0x9e0\n"
	  "[  250.000008]  schedule+0x5a/0xd0\n"
	  "[  250.000009]  schedule_timeout+0x118/0x150\n"
	  "[  250.000010]  __wait_for_common+0x8f/0x190\n"
	  "[  250.000011]  drv_teardown+0x22/0x60 [drv]\n"
	  "[  250.000012]  __do_sys_delete_module+0x1a5/0x2a0\n"
	  "[  250.000013]  do_syscall_64+0x58/0xc0\n"
	  "[  250.000014]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  250.000015]  </TASK>\n",
	  "INFO: task hung in drv_teardown", BUGCHECK_CLASS_HUNG_TASK, "drv" },
	/*
	 * The same waiting for a driver's own condition: the wait
	 * primitives are include/linux/wait.h's wait_event*() (here
	 * wait_event_timeout() -> __wait_event_timeout(), inline) and
	 * kernel/sched/wait.c's prepare_to_wait*()/finish_wait(); a
	 * driver's function whose name merely contains "wait" is the code
	 * that waits too long.
	 */
	{ "kernel/hung_task.c check_hung_task() (a driver's wait function)",
	  "[  250.000001] INFO: task kworker/0:2:61 blocked for more than 122 seconds.\n"
	  "[  250.000002]       Not tainted 6.1.0-57-amd64 #1 Debian 6.1.158-1\n"
	  "[  250.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "[  250.000004] task:kworker/0:2     state:D stack:0     pid:61    ppid:2      flags:0x00004000\n"
	  "[  250.000005] Workqueue: events fw_load_work [fwdrv]\n"
	  "[  250.000006] Call Trace:\n"
	  "[  250.000007]  <TASK>\n"
	  "[  250.000008]  __schedule+0x34d/0x9e0\n"
	  "[  250.000009]  schedule+0x5a/0xd0\n"
	  "[  250.000010]  schedule_timeout+0x118/0x150\n"
	  "[  250.000011]  prepare_to_wait_event+0x5d/0x180\n"
	  "[  250.000012]  fwdrv_wait_ready+0x8a/0x110 [fwdrv]\n"
	  "[  250.000013]  fw_load_work+0x3c/0x90 [fwdrv]\n"
	  "[  250.000014]  process_one_work+0x1c7/0x380\n"
	  "[  250.000015]  worker_thread+0x4d/0x380\n"
	  "[  250.000016]  kthread+0xe9/0x110\n"
	  "[  250.000017]  ret_from_fork+0x22/0x30\n"
	  "[  250.000018]  </TASK>\n",
	  "INFO: task hung in fwdrv_wait_ready", BUGCHECK_CLASS_HUNG_TASK,
	  "fwdrv" },
	/* ... and behind a mutex (kernel/locking/mutex.c): "sched" in a
	 * driver's name does not make it the scheduler's */
	{ "kernel/hung_task.c check_hung_task() (mutex, \"sched\" in a name)",
	  "[  250.000001] INFO: task xctl:700 blocked for more than 122 seconds.\n"
	  "[  250.000002]       Not tainted 6.1.0-57-amd64 #1 Debian 6.1.158-1\n"
	  "[  250.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "[  250.000004] task:xctl            state:D stack:0     pid:700   ppid:1      flags:0x00000000\n"
	  "[  250.000005] Call Trace:\n"
	  "[  250.000006]  <TASK>\n"
	  "[  250.000007]  __schedule+0x34d/0x9e0\n"
	  "[  250.000008]  schedule+0x5a/0xd0\n"
	  "[  250.000009]  schedule_preempt_disabled+0x11/0x20\n"
	  "[  250.000010]  __mutex_lock.constprop.0+0x399/0x700\n"
	  "[  250.000011]  xsched_flush_jobs+0x2c/0x90 [xsched]\n"
	  "[  250.000012]  xdev_release+0x1e/0x40 [xsched]\n"
	  "[  250.000013]  __fput+0x91/0x250\n"
	  "[  250.000014]  task_work_run+0x59/0x90\n"
	  "[  250.000015]  exit_to_user_mode_prepare+0x1c1/0x1d0\n"
	  "[  250.000016]  syscall_exit_to_user_mode+0x17/0x40\n"
	  "[  250.000017]  do_syscall_64+0x67/0xc0\n"
	  "[  250.000018]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  250.000019]  </TASK>\n",
	  "INFO: task hung in xsched_flush_jobs", BUGCHECK_CLASS_HUNG_TASK,
	  "xsched" },
	/*
	 * arch/x86/kernel/traps.c exc_general_protection() in
	 * lib/hexdump.c: print_hex_dump() also has a !CONFIG_PRINTK stub
	 * in include/linux/printk.h, which must not make it blameable.
	 */
	{ "arch/x86/kernel/traps.c exc_general_protection() (in lib/hexdump.c)",
	  "[   20.000001] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:hex_dump_to_buffer+0x2e1/0x4c0\n"
	  STACK("print_hex_dump+0xc5/0x110", "nic_dump_ring+0x6c/0x90 [nic]"),
	  "general protection fault in nic_dump_ring",
	  BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "nic" },
	/*
	 * The same through a procfs seq_file: fs/proc/inode.c
	 * proc_reg_read_iter() forwards to the entry's proc_read_iter,
	 * fs/seq_file.c seq_read_iter() calls the owner's ->show.
	 */
	{ "kernel/watchdog.c watchdog_timer_fn() (procfs seq_file show)",
	  "[  130.000001] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [cat:80]\n"
	  "[  130.000002] Modules linked in: trig(OE)\n"
	  "[  130.000003] CPU: 0 PID: 80 Comm: cat Tainted: G           OE      6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  130.000005] RIP: 0010:trig_walk+0x2b/0x50 [trig]\n"
	  "[  130.000007] RSP: 0018:ffffb4c1c03bfe08 EFLAGS: 00000202\n"
	  "[  130.000010] Call Trace:\n"
	  "[  130.000011]  <TASK>\n"
	  "[  130.000012]  trig_stats_show+0x54/0x90 [trig]\n"
	  "[  130.000013]  seq_read_iter+0x11f/0x460\n"
	  "[  130.000014]  proc_reg_read_iter+0x53/0x90\n"
	  "[  130.000015]  vfs_read+0x1a5/0x2d0\n"
	  "[  130.000016]  ksys_read+0x5f/0xe0\n"
	  "[  130.000017]  do_syscall_64+0x58/0xc0\n"
	  "[  130.000018]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  130.000019]  </TASK>\n",
	  "BUG: soft lockup in trig_stats_show", BUGCHECK_CLASS_SOFT_LOCKUP,
	  "trig" },
	/*
	 * The sysfs store path of 6.1, from its source: vfs_write() ->
	 * fs/kernfs/file.c kernfs_fop_write_iter() (ops->write) ->
	 * fs/sysfs/file.c sysfs_kf_write() (ops->store) ->
	 * drivers/base/core.c dev_attr_store() (dev_attr->store) -> the
	 * driver's store, which calls fs/sysfs/file.c sysfs_notify() on a
	 * freed kobject: the general protection fault is in sysfs_notify()
	 * reading kobj->sd (arch/x86/kernel/traps.c exc_general_protection()
	 * -> die_addr() "general protection fault, probably for
	 * non-canonical address 0x%lx").  fs/sysfs/ and fs/kernfs/file.c
	 * are generic by the table (scripts/classify-generic.tsv), so the
	 * driver's store is the culprit (was "in sysfs_notify", vmlinux).
	 */
	{ "fs/sysfs/file.c sysfs_notify() from a store via kernfs_fop_write_iter()",
	  "[   20.000001] general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b6b: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:sysfs_notify+0x1b/0xa0\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  level_store+0x6e/0xa0 [trig]\n"
	  "[   20.000013]  dev_attr_store+0x14/0x30\n"
	  "[   20.000014]  sysfs_kf_write+0x3a/0x50\n"
	  "[   20.000015]  kernfs_fop_write_iter+0x13b/0x1d0\n"
	  "[   20.000016]  vfs_write+0x2c5/0x3c0\n"
	  "[   20.000017]  ksys_write+0x5f/0xe0\n"
	  "[   20.000018]  do_syscall_64+0x58/0xc0\n"
	  "[   20.000019]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   20.000020]  </TASK>\n",
	  "general protection fault in level_store",
	  BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "trig" },
	/*
	 * The show path: fs/kernfs/file.c kernfs_fop_read_iter() ->
	 * fs/seq_file.c seq_read_iter() -> kernfs_seq_show() ->
	 * fs/sysfs/file.c sysfs_kf_seq_show() -> drivers/base/core.c
	 * dev_attr_show() -> the driver's show, which passes buf + len to
	 * fs/sysfs/file.c sysfs_emit(): its WARN(!buf ||
	 * offset_in_page(buf), "invalid sysfs_emit: buf:%p\n", buf) through
	 * kernel/panic.c __warn() "WARNING: CPU: %d PID: %d at %s:%d %pS".
	 */
	{ "fs/sysfs/file.c sysfs_emit() WARN from a show via kernfs_seq_show()",
	  "[   20.000001] ------------[ cut here ]------------\n"
	  "[   20.000002] invalid sysfs_emit: buf:0000000012345678\n"
	  "[   20.000003] WARNING: CPU: 1 PID: 77 at fs/sysfs/file.c:740 sysfs_emit+0x8d/0xa0\n"
	  "[   20.000004] Modules linked in: trig(OE)\n"
	  CPU_LINE
	  "[   20.000005] RIP: 0010:sysfs_emit+0x8d/0xa0\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  levels_show+0x4c/0x70 [trig]\n"
	  "[   20.000013]  dev_attr_show+0x19/0x40\n"
	  "[   20.000014]  sysfs_kf_seq_show+0xa8/0x100\n"
	  "[   20.000015]  seq_read_iter+0x11f/0x460\n"
	  "[   20.000016]  vfs_read+0x1a5/0x2d0\n"
	  "[   20.000017]  ksys_read+0x5f/0xe0\n"
	  "[   20.000018]  do_syscall_64+0x58/0xc0\n"
	  "[   20.000019]  </TASK>\n",
	  "WARNING in levels_show", BUGCHECK_CLASS_WARNING, "trig" },
	/*
	 * arch/x86/kernel/traps.c exc_general_protection() in lib/kstrtox.c
	 * (kstrtoint() parsing the string a driver's store passed).
	 */
	{ "arch/x86/kernel/traps.c exc_general_protection() (in lib/kstrtox.c)",
	  "[   20.000001] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:_parse_integer_limit+0x1c/0x90\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  _kstrtoull+0x3a/0xa0\n"
	  "[   20.000013]  kstrtoint+0x1f/0x70\n"
	  "[   20.000014]  level_store+0x2e/0x80 [trig]\n"
	  "[   20.000015]  dev_attr_store+0x14/0x30\n"
	  "[   20.000016]  sysfs_kf_write+0x3a/0x50\n"
	  "[   20.000017]  kernfs_fop_write_iter+0x13b/0x1d0\n"
	  "[   20.000018]  vfs_write+0x2c5/0x3c0\n"
	  "[   20.000019]  ksys_write+0x5f/0xe0\n"
	  "[   20.000020]  do_syscall_64+0x58/0xc0\n"
	  "[   20.000021]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   20.000022]  </TASK>\n",
	  "general protection fault in level_store",
	  BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "trig" },
	/*
	 * mm/oom_kill.c oom_kill_process(): dump_header() (the allocating
	 * task, its stack, the memory state, dump_tasks() and
	 * dump_oom_summary()), then __oom_kill_process()'s line.
	 */
	{ "mm/oom_kill.c __oom_kill_process() (global)",
	  OOM_HEADER("awk", "412")
	  "[   60.000030] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=awk,pid=412,uid=0\n"
	  "[   60.000031] Out of memory: Killed process 412 (awk) total-vm:480232kB, anon-rss:472116kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:960kB oom_score_adj:0\n"
	  "[   60.000090] oom_reaper: reaped process 412 (awk), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n",
	  "OOM kill: CONSTRAINT_NONE in awk", BUGCHECK_CLASS_OOM_KILL, "vmlinux" },
	{ "mm/oom_kill.c __oom_kill_process() (memory cgroup)",
	  OOM_HEADER("stress", "900")
	  "[   60.000030] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/stress.service,task_memcg=/system.slice/stress.service,task=stress,pid=901,uid=0\n"
	  "[   60.000031] Memory cgroup out of memory: Killed process 901 (stress) total-vm:266240kB, anon-rss:262144kB, file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:556kB oom_score_adj:0\n",
	  "OOM kill: CONSTRAINT_MEMCG in stress", BUGCHECK_CLASS_OOM_KILL,
	  "vmlinux" },
	{ "mm/oom_kill.c __oom_kill_process() (cpuset)",
	  "[   60.000030] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=small,mems_allowed=1,global_oom,task_memcg=/,task=db-worker,pid=5120,uid=998\n"
	  "[   60.000031] Out of memory: Killed process 5120 (db-worker) total-vm:1048576kB, anon-rss:1000000kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:2048kB oom_score_adj:0\n",
	  "OOM kill: CONSTRAINT_CPUSET in db-worker", BUGCHECK_CLASS_OOM_KILL,
	  "vmlinux" },
	/*
	 * mm/page_alloc.c __alloc_pages_slowpath() -> warn_alloc():
	 * pr_warn("%s: %pV, mode:%#x(%pGg), nodemask=%*pbl"), then
	 * cpuset_print_current_mems_allowed()'s pr_cont(), dump_stack()
	 * and warn_alloc_show_mem() (lib/show_mem.c "Mem-Info:").  The
	 * culprit is the first frame below the allocator: a driver through
	 * alloc_pages() (mm/mempolicy.c) ...
	 */
	{ "mm/page_alloc.c warn_alloc() (alloc_pages)",
	  ALLOC_FAIL("modprobe: page allocation failure: order:10, mode:0xcc1(GFP_KERNEL|GFP_DMA), nodemask=(null),cpuset=/,mems_allowed=0",
		     "__alloc_pages_slowpath.constprop.0+0xc3c/0xdf0",
		     "__alloc_pages+0x305/0x330", "alloc_pages+0x8b/0x140",
		     "drv_fill_ring+0x3c/0x90 [drv]"),
	  "page allocation failure in drv_fill_ring", BUGCHECK_CLASS_OUT_OF_MEMORY,
	  "drv" },
	/* ... through kmalloc()'s large path (mm/slab_common.c) ... */
	{ "mm/page_alloc.c warn_alloc() (kmalloc_large)",
	  ALLOC_FAIL("ip: page allocation failure: order:7, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0",
		     "__alloc_pages+0x305/0x330",
		     "__kmalloc_large_node+0x7c/0x130",
		     "kmalloc_large+0x1c/0x80", "nla_parse_big+0x51/0xa0"),
	  "page allocation failure in nla_parse_big",
	  BUGCHECK_CLASS_OUT_OF_MEMORY, "vmlinux" },
	/* ... through a slab refill (mm/slub.c new_slab()) ... */
	{ "mm/page_alloc.c warn_alloc() (slab refill)",
	  ALLOC_FAIL("kworker/0:1: page allocation failure: order:3, mode:0x40a20(GFP_ATOMIC|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0",
		     "__alloc_pages+0x305/0x330", "alloc_slab_page+0x1a/0x50",
		     "allocate_slab+0x7e/0x3f0", "drv_rx_refill+0x55/0x120 [drv]"),
	  "page allocation failure in drv_rx_refill",
	  BUGCHECK_CLASS_OUT_OF_MEMORY, "drv" },
	/* ... and mm/vmalloc.c __vmalloc_area_node()'s "vmalloc error" */
	{ "mm/vmalloc.c __vmalloc_area_node() -> warn_alloc()",
	  ALLOC_FAIL("drvctl: vmalloc error: size 1073741824, page order 0, failed to allocate pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0",
		     "__vmalloc_area_node+0x1c4/0x250",
		     "__vmalloc_node_range+0x9a/0x120",
		     "vzalloc+0x4c/0x60", "drv_table_grow+0x2e/0x80 [drv]"),
	  "vmalloc error in drv_table_grow", BUGCHECK_CLASS_OUT_OF_MEMORY,
	  "drv" },
	/* panic_on_oom: check_panic_on_oom() panics, nobody is killed */
	{ "mm/oom_kill.c check_panic_on_oom() (panic, not a kill)",
	  OOM_HEADER("awk", "412")
	  "[   60.000031] Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled\n"
	  "[   60.000032] CPU: 0 PID: 412 Comm: awk Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   60.000033] Call Trace:\n"
	  "[   60.000034]  <TASK>\n"
	  "[   60.000035]  dump_stack_lvl+0x44/0x5c\n"
	  "[   60.000036]  panic+0x118/0x2f7\n"
	  "[   60.000037]  out_of_memory.cold+0x38/0x8c\n"
	  "[   60.000038]  __alloc_pages_slowpath.constprop.0+0xcb1/0xdf0\n"
	  "[   60.000039]  </TASK>\n",
	  "kernel panic: Out of memory", BUGCHECK_CLASS_OUT_OF_MEMORY, "vmlinux" },
	/*
	 * kernel/cfi.c report_cfi_failure() with CONFIG_CFI_PERMISSIVE:
	 * __warn(NULL, 0, addr, ...) prints "WARNING: CPU: %d PID: %d at
	 * %pS" (no file) and show_regs(): the same report
	 */
	{ "kernel/cfi.c report_cfi_failure() then __warn() (permissive)",
	  "[   20.000001] CFI failure at drv_call+0x1a/0x40 [drv] (target: bad_fn+0x0/0x10 [drv]; expected type: 0x7c5d9a9b)\n"
	  "[   20.000002] WARNING: CPU: 1 PID: 77 at drv_call+0x1a/0x40 [drv]\n"
	  "[   20.000003] Modules linked in: drv\n"
	  CPU_LINE
	  "[   20.000004] RIP: 0010:drv_call+0x1a/0x40 [drv]\n"
	  STACK("drv_ioctl+0x30/0x60 [drv]", "__x64_sys_ioctl+0x8d/0xd0")
	  "[   20.000018] ---[ end trace 0000000000000000 ]---\n",
	  "CFI failure in drv_call", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	/* arch/arm64/kernel/traps.c cfi_handler(): die("Oops - CFI") */
	{ "kernel/cfi.c report_cfi_failure() then arm64 die(\"Oops - CFI\")",
	  "[   20.000001] CFI failure at drv_call+0x1a/0x40 [drv] (target: bad_fn+0x0/0x10 [drv]; expected type: 0x7c5d9a9b)\n"
	  "[   20.000002] Internal error: Oops - CFI: 00000000f2008220 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] pc : drv_call+0x1a/0x40 [drv]\n"
	  "[   20.000006] lr : drv_ioctl+0x30/0x60 [drv]\n"
	  "[   20.000007] Call trace:\n"
	  "[   20.000008]  drv_call+0x1a/0x40 [drv]\n"
	  "[   20.000009]  drv_ioctl+0x30/0x60 [drv]\n"
	  "[   20.000010]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[   20.000011]  invoke_syscall+0x50/0x120\n",
	  "CFI failure in drv_call", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	/*
	 * kernel/irq/spurious.c: a threaded handler requested without a
	 * primary one runs kernel/irq/manage.c irq_default_primary_handler(),
	 * printed as " threaded [<%p>] %ps" after it: the thread is blamed
	 */
	{ "kernel/irq/spurious.c __report_bad_irq() (threaded, core primary)",
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
	  "[   20.000018] [<00000000a1b2c3d4>] irq_default_primary_handler threaded [<00000000deadbeef>] sensor_irq_thread [sensor]\n"
	  "[   20.000019] [<00000000a1b2c3d5>] nic_interrupt [nic]\n"
	  "[   20.000020] Disabling IRQ #19\n",
	  "irq: nobody cared in sensor_irq_thread",
	  BUGCHECK_CLASS_CONSISTENCY_CHECK, "sensor" },
	{ "mm/filemap.c filemap_unaccount_folio()",
	  "[   20.000001] BUG: Bad page cache in process t  pfn:1234a\n"
	  "[   20.000002] page:00000000c0ffee00 refcount:3 mapcount:1 mapping:00000000deadbeef index:0x0 pfn:0x1234a\n"
	  "[   20.000003] page dumped because: still mapped when deleted\n"
	  CPU_LINE
	  STACK("filemap_unaccount_folio+0x1b0/0x1c0", "drv_drop_cache+0x30/0x60 [drv]"),
	  "BUG: Bad page cache in drv_drop_cache", BUGCHECK_CLASS_BAD_PAGE_STATE,
	  "drv" },
	{ "kernel/sched/core.c schedule_debug() (non-blocking section)",
	  "[   20.000001] BUG: scheduling in a non-blocking section: t/77/1\n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  __schedule+0x6a0/0xd30\n"
	  "[   20.000014]  schedule+0x5a/0xd0\n"
	  "[   20.000015]  schedule_timeout+0x94/0x150\n"
	  "[   20.000016]  drv_invalidate+0x30/0x60 [drv]\n"
	  "[   20.000017]  __mmu_notifier_invalidate_range_start+0x60/0x100\n"
	  "[   20.000018]  </TASK>\n",
	  "BUG: scheduling in a non-blocking section in drv_invalidate",
	  BUGCHECK_CLASS_ATOMIC_SLEEP, "drv" },
	{ "mm/mempool.c poison_error()",
	  "[   20.000001] BUG: mempool element poison mismatch\n"
	  "[   20.000002] Mempool 00000000c0ffee00 size 64\n"
	  "[   20.000003]  nr=2 @ 00000000deadbeef: 0x6b 6b 6b 6b 6c 6b 6b 6b \n"
	  CPU_LINE
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <TASK>\n"
	  "[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
	  "[   20.000013]  check_element+0x100/0x150\n"
	  "[   20.000014]  mempool_alloc+0x90/0x1a0\n"
	  "[   20.000015]  drv_get_req+0x30/0x60 [drv]\n"
	  "[   20.000016]  </TASK>\n",
	  "BUG: mempool element poison mismatch in drv_get_req",
	  BUGCHECK_CLASS_CONSISTENCY_CHECK, "drv" },
	/* kernel/workqueue.c process_one_work(): "last function: %ps" */
	{ "kernel/workqueue.c process_one_work() (leaked lock)",
	  "[   20.000001] BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/77\n"
	  "[   20.000002]     last function: drv_work_fn [drv]\n"
	  "[   20.000003] 1 lock held by kworker/0:1/77:\n"
	  "[   20.000004]  #0: ffff888012345678 (&dev->lock){+.+.}-{3:3}, at: drv_work_fn+0x20/0x60 [drv]\n"
	  CPU_LINE
	  STACK("process_one_work+0x5a4/0x6a0", "worker_thread+0x4f/0x3e0"),
	  "BUG: workqueue leaked lock or atomic in drv_work_fn",
	  BUGCHECK_CLASS_LOCKDEP, "drv" },
	/*
	 * kernel/locking/lockdep.c lockdep_init_map_type(): "BUG: key %px
	 * has not been registered!", then DEBUG_LOCKS_WARN_ON(1), a WARN
	 */
	{ "kernel/locking/lockdep.c (unregistered key, then its WARN)",
	  "[   20.000001] BUG: key ffff888012345678 has not been registered!\n"
	  "[   20.000002] ------------[ cut here ]------------\n"
	  "[   20.000003] DEBUG_LOCKS_WARN_ON(1)\n"
	  "[   20.000004] WARNING: CPU: 1 PID: 77 at kernel/locking/lockdep.c:4924 lockdep_init_map_type+0x1a0/0x270\n"
	  "[   20.000005] Modules linked in: drv\n"
	  CPU_LINE
	  "[   20.000006] RIP: 0010:lockdep_init_map_type+0x1a0/0x270\n"
	  STACK("__raw_spin_lock_init+0x3b/0x70", "drv_init_obj+0x30/0x60 [drv]"),
	  "BUG: key ADDR has not been registered in drv_init_obj",
	  BUGCHECK_CLASS_LOCKDEP, "drv" },
	/* kernel/kcsan/report.c: "BUG: KCSAN: %s in %pS" of a module */
	{ "kernel/kcsan/report.c (one access, a module's function)",
	  "[   20.000001] ==================================================================\n"
	  "[   20.000002] BUG: KCSAN: assert: race in drv_fn+0x30/0x60 [drv]\n"
	  "[   20.000003] \n"
	  "[   20.000004] write (marked) to 0xffff888012345678 of 8 bytes by task 77 on cpu 1:\n"
	  "[   20.000005]  drv_fn+0x30/0x60 [drv]\n"
	  "[   20.000006]  drv_ioctl+0x30/0x60 [drv]\n"
	  "[   20.000007]  __x64_sys_ioctl+0x8d/0xd0\n"
	  CPU_LINE,
	  "KCSAN: assert: race in drv_fn", BUGCHECK_CLASS_KCSAN, "drv" },
	/*
	 * arch/x86/kernel/dumpstack.c show_trace_log_lvl() prints stale
	 * return addresses as " ? func" lines: 18 of them before the first
	 * frame leave the report complete (not corrupted)
	 */
	{ "arch/x86/kernel/dumpstack.c: unreliable lines before the frames",
	  "[   20.000001] general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
	  CPU_LINE
	  "[   20.000003] RIP: 0010:drv_fn+0x30/0x60 [drv]\n"
	  "[   20.000004] Call Trace:\n"
	  "[   20.000005]  <TASK>\n"
	  "[   20.000010]  ? __pfx_stale_0+0x10/0x10\n"
	  "[   20.000011]  ? __pfx_stale_1+0x10/0x10\n"
	  "[   20.000012]  ? __pfx_stale_2+0x10/0x10\n"
	  "[   20.000013]  ? __pfx_stale_3+0x10/0x10\n"
	  "[   20.000014]  ? __pfx_stale_4+0x10/0x10\n"
	  "[   20.000015]  ? __pfx_stale_5+0x10/0x10\n"
	  "[   20.000016]  ? __pfx_stale_6+0x10/0x10\n"
	  "[   20.000017]  ? __pfx_stale_7+0x10/0x10\n"
	  "[   20.000018]  ? __pfx_stale_8+0x10/0x10\n"
	  "[   20.000019]  ? __pfx_stale_9+0x10/0x10\n"
	  "[   20.000020]  ? __pfx_stale_10+0x10/0x10\n"
	  "[   20.000021]  ? __pfx_stale_11+0x10/0x10\n"
	  "[   20.000022]  ? __pfx_stale_12+0x10/0x10\n"
	  "[   20.000023]  ? __pfx_stale_13+0x10/0x10\n"
	  "[   20.000024]  ? __pfx_stale_14+0x10/0x10\n"
	  "[   20.000025]  ? __pfx_stale_15+0x10/0x10\n"
	  "[   20.000026]  ? __pfx_stale_16+0x10/0x10\n"
	  "[   20.000027]  ? __pfx_stale_17+0x10/0x10\n"
	  "[   20.000030]  drv_ioctl+0x30/0x60 [drv]\n"
	  "[   20.000031]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   20.000032]  </TASK>\n",
	  "general protection fault in drv_fn", BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "drv" },
	/*
	 * RCU stalls of 6.1 (kernel/rcu/tree_stall.h, tree_exp.h): the stalled
	 * CPU's dump_cpu_task() (show_regs() of the tick's registers, an NMI
	 * backtrace) holds the stalled code, never the detector's frames
	 */
	{ "kernel/rcu/tree_stall.h print_cpu_stall(): 6.1 show_regs() of the tick's regs",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t0-....: (10500 ticks this GP) idle=5e34/1/0x4000000000000000 softirq=2345/2345 fqs=5249\n"
	  "[  100.000003] \t(t=10502 jiffies g=4321 q=123 ncpus=2)\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000007] Code: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
	  "[  100.000008] RSP: 0018:ffffb0a8c0a3be58 EFLAGS: 00000246\n"
	  "[  100.000009] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	  "[  100.000010] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	  "[  100.000011] RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000\n"
	  "[  100.000012] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000\n"
	  "[  100.000013] R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000\n"
	  "[  100.000014] FS:  00007f0000000000(0000) GS:ffff9f0000000000(0000) knlGS:0000000000000000\n"
	  "[  100.000015] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	  "[  100.000016] CR2: 0000000000000000 CR3: 0000000000000000 CR4: 00000000000006f0\n"
	  "[  100.000017] Call Trace:\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000020]  vfs_write+0xb7/0x290\n"
	  "[  100.000021]  ksys_write+0x5f/0xe0\n"
	  "[  100.000022]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000023]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000024]  </TASK>\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_stall.h print_other_cpu_stall(): NMI backtrace of the stalled CPU",
	  "[  100.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	  "[  100.000002] rcu: \t1-....: (10500 ticks this GP) idle=5e34/1/0x4000000000000000 softirq=2345/2345 fqs=5249\n"
	  "[  100.000003] \t(detected by 0, t=10502 jiffies, g=4321, q=123 ncpus=2)\n"
	  "[  100.000003] Sending NMI from CPU 0 to CPUs 1:\n"
	  "[  100.000003] NMI backtrace for cpu 1\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000007] Code: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
	  "[  100.000008] RSP: 0018:ffffb0a8c0a3be58 EFLAGS: 00000246\n"
	  "[  100.000009] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	  "[  100.000010] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	  "[  100.000011] RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000\n"
	  "[  100.000012] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000\n"
	  "[  100.000013] R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000\n"
	  "[  100.000014] FS:  00007f0000000000(0000) GS:ffff9f0000000000(0000) knlGS:0000000000000000\n"
	  "[  100.000015] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	  "[  100.000016] CR2: 0000000000000000 CR3: 0000000000000000 CR4: 00000000000006f0\n"
	  "[  100.000017] Call Trace:\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000020]  vfs_write+0xb7/0x290\n"
	  "[  100.000021]  ksys_write+0x5f/0xe0\n"
	  "[  100.000022]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000023]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000024]  </TASK>\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_exp.h synchronize_rcu_expedited_wait(): NMI backtrace",
	  "[  100.000001] rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 1-.... } 21004 jiffies s: 345 root: 0x2/.\n"
	  "[  100.000002] rcu: blocking rcu_node structures (internal RCU debug):\n"
	  "[  100.000003] Sending NMI from CPU 0 to CPUs 1:\n"
	  "[  100.000003] NMI backtrace for cpu 1\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000007] Code: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
	  "[  100.000008] RSP: 0018:ffffb0a8c0a3be58 EFLAGS: 00000246\n"
	  "[  100.000009] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	  "[  100.000010] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	  "[  100.000011] RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000\n"
	  "[  100.000012] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000\n"
	  "[  100.000013] R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000\n"
	  "[  100.000014] FS:  00007f0000000000(0000) GS:ffff9f0000000000(0000) knlGS:0000000000000000\n"
	  "[  100.000015] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	  "[  100.000016] CR2: 0000000000000000 CR3: 0000000000000000 CR4: 00000000000006f0\n"
	  "[  100.000017] Call Trace:\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000020]  vfs_write+0xb7/0x290\n"
	  "[  100.000021]  ksys_write+0x5f/0xe0\n"
	  "[  100.000022]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000023]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000024]  </TASK>\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_stall.h print_cpu_stall(): GP kthread starved, its stack first",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t0-....: (10500 ticks this GP) idle=5e34/1/0x4000000000000000 softirq=2345/2345 fqs=5249\n"
	  "[  100.000003] \t(t=10502 jiffies g=4321 q=123 ncpus=2)\n"
	  "[  100.000003] rcu: rcu_preempt kthread starved for 10502 jiffies! g4321 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=0\n"
	  "[  100.000003] rcu: \tUnless rcu_preempt kthread gets sufficient CPU time, OOM is now expected behavior.\n"
	  "[  100.000003] rcu: RCU grace-period kthread stack dump:\n"
	  "[  100.000003] task:rcu_preempt     state:R  running task     stack:0     pid:16    ppid:2      flags:0x00004000\n"
	  "[  100.000003] Call Trace:\n"
	  "[  100.000003]  <TASK>\n"
	  "[  100.000003]  __schedule+0x349/0xd30\n"
	  "[  100.000003]  schedule+0x5a/0xd0\n"
	  "[  100.000003]  schedule_timeout+0x94/0x150\n"
	  "[  100.000003]  rcu_gp_fqs_loop+0x141/0x550\n"
	  "[  100.000003]  rcu_gp_kthread+0xd0/0x190\n"
	  "[  100.000003]  kthread+0xe9/0x110\n"
	  "[  100.000003]  ret_from_fork+0x22/0x30\n"
	  "[  100.000003]  </TASK>\n"
	  "[  100.000003] rcu: Stack dump where RCU GP kthread last ran:\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000007] Code: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
	  "[  100.000008] RSP: 0018:ffffb0a8c0a3be58 EFLAGS: 00000246\n"
	  "[  100.000009] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	  "[  100.000010] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	  "[  100.000011] RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000\n"
	  "[  100.000012] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000\n"
	  "[  100.000013] R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000\n"
	  "[  100.000014] FS:  00007f0000000000(0000) GS:ffff9f0000000000(0000) knlGS:0000000000000000\n"
	  "[  100.000015] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	  "[  100.000016] CR2: 0000000000000000 CR3: 0000000000000000 CR4: 00000000000006f0\n"
	  "[  100.000017] Call Trace:\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000020]  vfs_write+0xb7/0x290\n"
	  "[  100.000021]  ksys_write+0x5f/0xe0\n"
	  "[  100.000022]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000023]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000024]  </TASK>\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_stall.h: dump_stack() from the tick, a softirq stalled on the IRQ stack",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t0-....: (10500 ticks this GP) idle=5e34/1/0x4000000000000000 softirq=2345/2345 fqs=5249\n"
	  "[  100.000003] \t(t=10502 jiffies g=4321 q=123 ncpus=2)\n"
	  "[  100.000003] NMI backtrace for cpu 0\n"
	  "[  100.000004] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] Call Trace:\n"
	  "[  100.000006]  <IRQ>\n"
	  "[  100.000006]  dump_stack_lvl+0x44/0x5c\n"
	  "[  100.000006]  nmi_cpu_backtrace.cold+0x30/0x70\n"
	  "[  100.000006]  nmi_trigger_cpumask_backtrace+0xe8/0xf0\n"
	  "[  100.000006]  rcu_dump_cpu_stacks+0xf0/0x130\n"
	  "[  100.000006]  rcu_sched_clock_irq.cold+0x66/0x3ab\n"
	  "[  100.000006]  update_process_times+0x8c/0xc0\n"
	  "[  100.000006]  tick_sched_handle+0x22/0x60\n"
	  "[  100.000006]  tick_sched_timer+0x7a/0x90\n"
	  "[  100.000006]  __hrtimer_run_queues+0x12a/0x2b0\n"
	  "[  100.000006]  hrtimer_interrupt+0xfe/0x230\n"
	  "[  100.000006]  __sysvec_apic_timer_interrupt+0x5a/0x110\n"
	  "[  100.000006]  sysvec_apic_timer_interrupt+0x37/0x90\n"
	  "[  100.000006]  asm_sysvec_apic_timer_interrupt+0x16/0x20\n"
	  "[  100.000006] RIP: 0010:drv_timer_fn+0x10/0x20 [drv]\n"
	  "[  100.000006] Code: 00 00\n"
	  "[  100.000006] RSP: 0018:ffffb0a8c0003ea8 EFLAGS: 00000246\n"
	  "[  100.000006]  call_timer_fn+0x27/0x130\n"
	  "[  100.000006]  __run_timers+0x222/0x2c0\n"
	  "[  100.000006]  run_timer_softirq+0x1d/0x40\n"
	  "[  100.000006]  __do_softirq+0xe3/0x2d9\n"
	  "[  100.000006]  __irq_exit_rcu+0x8d/0xb0\n"
	  "[  100.000006]  sysvec_apic_timer_interrupt+0x6e/0x90\n"
	  "[  100.000006]  </IRQ>\n"
	  "[  100.000006]  <TASK>\n"
	  "[  100.000006]  asm_sysvec_apic_timer_interrupt+0x16/0x20\n"
	  "[  100.000006] RIP: 0010:default_idle+0xb/0x10\n"
	  "[  100.000006] Code: 00 00\n"
	  "[  100.000006] RSP: 0018:ffffffff9b603e98 EFLAGS: 00000246\n"
	  "[  100.000006]  default_idle_call+0x34/0x150\n"
	  "[  100.000006]  do_idle+0x1f5/0x260\n"
	  "[  100.000006]  cpu_startup_entry+0x19/0x20\n"
	  "[  100.000006]  </TASK>\n",
	  "INFO: rcu detected stall in drv_timer_fn", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_stall.h print_cpu_stall(): arm64 show_regs()",
	  "[  100.000001] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "[  100.000002] rcu: \t0-....: (10500 ticks this GP) idle=5e34/1/0x4000000000000000 softirq=2345/2345 fqs=5249\n"
	  "[  100.000003] rcu: \t(t=10502 jiffies g=4321 q=123 ncpus=2)\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[  100.000006] pstate: 80400005 (Nzcv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[  100.000007] pc : drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000008] lr : drv_write+0x30/0x60 [drv]\n"
	  "[  100.000009] sp : ffff80000a3bbd30\n"
	  "[  100.000010] x29: ffff80000a3bbd30 x28: ffff000003f2c000 x27: 0000000000000000\n"
	  "[  100.000011] Call trace:\n"
	  "[  100.000012]  drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000013]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000014]  vfs_write+0xc8/0x2b0\n"
	  "[  100.000015]  ksys_write+0x70/0x100\n"
	  "[  100.000016]  __arm64_sys_write+0x24/0x30\n"
	  "[  100.000017]  invoke_syscall+0x50/0x120\n"
	  "[  100.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[  100.000019]  do_el0_svc+0x34/0xc0\n"
	  "[  100.000020]  el0_svc+0x2c/0x84\n"
	  "[  100.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[  100.000022]  el0t_64_sync+0x18c/0x190\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	{ "kernel/rcu/tree_exp.h: the stall dump's own WARN stays in the report",
	  "[  100.000001] rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 1-.... } 21004 jiffies s: 345 root: 0x2/.\n"
	  "[  100.000002] rcu: blocking rcu_node structures (internal RCU debug):\n"
	  "[  100.000002] ------------[ cut here ]------------\n"
	  "[  100.000002] WARNING: CPU: 0 PID: 15 at kernel/smp.c:912 smp_call_function_single+0x13c/0x150\n"
	  "[  100.000002] Modules linked in: drv\n"
	  "[  100.000002] CPU: 0 PID: 15 Comm: kworker/0:1 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000002] RIP: 0010:smp_call_function_single+0x13c/0x150\n"
	  "[  100.000002] Call Trace:\n"
	  "[  100.000002]  <TASK>\n"
	  "[  100.000002]  synchronize_rcu_expedited+0x2f0/0x4b0\n"
	  "[  100.000002]  process_one_work+0x1e5/0x3b0\n"
	  "[  100.000002]  worker_thread+0x50/0x3a0\n"
	  "[  100.000002]  kthread+0xe9/0x110\n"
	  "[  100.000002]  ret_from_fork+0x22/0x30\n"
	  "[  100.000002]  </TASK>\n"
	  "[  100.000002] ---[ end trace 0000000000000000 ]---\n"
	  "[  100.000003] Sending NMI from CPU 0 to CPUs 1:\n"
	  "[  100.000003] NMI backtrace for cpu 1\n"
	  "[  100.000004] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[  100.000005] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[  100.000006] RIP: 0010:drv_spin+0x10/0x20 [drv]\n"
	  "[  100.000007] Code: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
	  "[  100.000008] RSP: 0018:ffffb0a8c0a3be58 EFLAGS: 00000246\n"
	  "[  100.000009] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\n"
	  "[  100.000010] RDX: 0000000000000000 RSI: 0000000000000000 RDI: 0000000000000000\n"
	  "[  100.000011] RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000\n"
	  "[  100.000012] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000\n"
	  "[  100.000013] R13: 0000000000000000 R14: 0000000000000000 R15: 0000000000000000\n"
	  "[  100.000014] FS:  00007f0000000000(0000) GS:ffff9f0000000000(0000) knlGS:0000000000000000\n"
	  "[  100.000015] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
	  "[  100.000016] CR2: 0000000000000000 CR3: 0000000000000000 CR4: 00000000000006f0\n"
	  "[  100.000017] Call Trace:\n"
	  "[  100.000018]  <TASK>\n"
	  "[  100.000019]  drv_write+0x30/0x60 [drv]\n"
	  "[  100.000020]  vfs_write+0xb7/0x290\n"
	  "[  100.000021]  ksys_write+0x5f/0xe0\n"
	  "[  100.000022]  do_syscall_64+0x58/0xc0\n"
	  "[  100.000023]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[  100.000024]  </TASK>\n",
	  "INFO: rcu detected stall in drv_write", BUGCHECK_CLASS_RCU_STALL, "drv" },
	/* issue 11 step 1-2: other architectures and sanitizer formats of 6.1 */
	{ "arch/arm64/mm/fault.c die_kernel_fault() NULL pointer, traps.c die() \"Internal error: Oops\"",
	  "[   20.000000] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008\n"
	  ARM64_ABORT_INFO
	  ARM64_DRV_READ_OOPS,
	  "BUG: unable to handle kernel NULL pointer dereference in drv_read", BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "drv" },
	{ "arch/arm64/mm/fault.c die_kernel_fault() access to user memory outside uaccess routines",
	  "[   20.000000] Unable to handle kernel access to user memory outside uaccess routines at virtual address 0000aaaad0e0f000\n"
	  ARM64_ABORT_INFO
	  ARM64_DRV_READ_OOPS,
	  "BUG: unable to handle kernel access to user memory outside uaccess routines in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/arm64/mm/fault.c die_kernel_fault() execute from non-executable memory",
	  "[   20.000000] Unable to handle kernel execute from non-executable memory at virtual address ffff0000c1e8a940\n"
	  ARM64_ABORT_INFO
	  ARM64_DRV_READ_OOPS,
	  "BUG: unable to handle kernel execute from non-executable memory in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/arm64/kernel/traps.c bug_handler() die(\"Oops - BUG\"), panic()",
	  "[   20.000000] ------------[ cut here ]------------\n"
	  "[   20.000001] kernel BUG at drivers/misc/drv.c:42!\n"
	  "[   20.000002] Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : drv_write+0x30/0x40 [drv]\n"
	  "[   20.000008] lr : drv_write+0x18/0x40 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  drv_write+0x30/0x40 [drv]\n"
	  "[   20.000014]  vfs_write+0xc8/0x300\n"
	  "[   20.000015]  ksys_write+0x74/0x100\n"
	  "[   20.000016]  __arm64_sys_write+0x24/0x30\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000023] Code: 91000000 94000000 d4210000 d4210000 (d4210000) \n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n"
	  "[   20.000025] Kernel panic - not syncing: Oops - BUG: Fatal exception\n"
	  "[   20.000026] SMP: stopping secondary CPUs\n"
	  "[   20.000027] Kernel Offset: disabled\n"
	  "[   20.000028] ---[ end Kernel panic - not syncing: Oops - BUG: Fatal exception ]---\n",
	  "kernel BUG in drv_write", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	{ "arch/arm64/kernel/traps.c do_undefinstr() die(\"Oops - Undefined instruction\")",
	  "[   20.000002] Internal error: Oops - Undefined instruction: 0000000002000000 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : drv_write+0x30/0x40 [drv]\n"
	  "[   20.000008] lr : drv_write+0x18/0x40 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  drv_write+0x30/0x40 [drv]\n"
	  "[   20.000014]  vfs_write+0xc8/0x300\n"
	  "[   20.000015]  ksys_write+0x74/0x100\n"
	  "[   20.000016]  __arm64_sys_write+0x24/0x30\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000023] Code: 91000000 94000000 d4210000 d4210000 (d4210000) \n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n"
	  "[   20.000025] Kernel panic - not syncing: Oops - Undefined instruction: Fatal exception\n"
	  "[   20.000026] SMP: stopping secondary CPUs\n"
	  "[   20.000027] Kernel Offset: disabled\n"
	  "[   20.000028] ---[ end Kernel panic - not syncing: Oops - Undefined instruction: Fatal exception ]---\n",
	  "Internal error in drv_write", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "kernel/panic.c __warn() on arm64 (show_regs() pc/lr, dump_backtrace())",
	  "[   20.000000] ------------[ cut here ]------------\n"
	  "[   20.000001] WARNING: CPU: 1 PID: 77 at drivers/misc/drv.c:50 drv_ioctl+0x30/0x40 [drv]\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : drv_ioctl+0x30/0x40 [drv]\n"
	  "[   20.000008] lr : drv_ioctl+0x18/0x40 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  drv_ioctl+0x30/0x40 [drv]\n"
	  "[   20.000014]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n",
	  "WARNING in drv_ioctl", BUGCHECK_CLASS_WARNING, "drv" },
	{ "arch/arm64/mm/fault.c paging request in softirq on the IRQ stack (el1h_64_irq)",
	  "[   20.000000] Unable to handle kernel paging request at virtual address dead000000000108\n"
	  "[   20.000001] Mem abort info:\n"
	  "[   20.000001]   ESR = 0x0000000096000044\n"
	  "[   20.000002] Internal error: Oops: 0000000096000044 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : nic_poll+0x50/0x100 [nic]\n"
	  "[   20.000008] lr : nic_poll+0x30/0x100 [nic]\n"
	  "[   20.000009] sp : ffff800008003e40\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  nic_poll+0x50/0x100 [nic]\n"
	  "[   20.000014]  __napi_poll+0x40/0x1e0\n"
	  "[   20.000015]  net_rx_action+0x2f8/0x3b0\n"
	  "[   20.000016]  __do_softirq+0x10c/0x3a0\n"
	  "[   20.000017]  ____do_softirq+0x18/0x24\n"
	  "[   20.000018]  call_on_irq_stack+0x2c/0x40\n"
	  "[   20.000019]  do_softirq_own_stack+0x24/0x3c\n"
	  "[   20.000020]  __irq_exit_rcu+0xfc/0x120\n"
	  "[   20.000021]  irq_exit_rcu+0x18/0x24\n"
	  "[   20.000022]  el1_interrupt+0x38/0x70\n"
	  "[   20.000023]  el1h_64_irq_handler+0x18/0x2c\n"
	  "[   20.000024]  el1h_64_irq+0x64/0x68\n"
	  "[   20.000025]  arch_cpu_idle+0x18/0x2c\n"
	  "[   20.000026]  default_idle_call+0x50/0x114\n"
	  "[   20.000027]  do_idle+0x238/0x2a0\n"
	  "[   20.000028]  cpu_startup_entry+0x30/0x34\n"
	  "[   20.000029]  secondary_start_kernel+0x138/0x160\n"
	  "[   20.000030]  __secondary_switched+0xb0/0xb4\n"
	  "[   20.000031] Code: f9400000 b4000080 f9400401 (f9000421) \n"
	  "[   20.000032] ---[ end trace 0000000000000000 ]---\n"
	  "[   20.000033] Kernel panic - not syncing: Oops: Fatal exception in interrupt\n"
	  "[   20.000034] SMP: stopping secondary CPUs\n",
	  "BUG: unable to handle kernel paging request in nic_poll", BUGCHECK_CLASS_PAGING_REQUEST, "nic" },
	{ "mm/kasan/report.c HW tags via do_tag_check_fault() (el1_abort, el1h_64_sync)",
	  "[   60.000000] ==================================================================\n"
	  "[   60.000001] BUG: KASAN: invalid-access in drv_read+0x30/0x60 [drv]\n"
	  "[   60.000002] Read at addr f2ff000004b6c0a8 by task t/77\n"
	  "[   60.000002] Pointer tag: [f2], memory tag: [fe]\n"
	  "[   60.000002] \n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  print_report+0x158/0x438\n"
	  "[   60.000010]  kasan_report+0x98/0xf0\n"
	  "[   60.000011]  do_tag_check_fault+0x78/0x8c\n"
	  "[   60.000012]  do_mem_abort+0x44/0x94\n"
	  "[   60.000013]  el1_abort+0x40/0x60\n"
	  "[   60.000014]  el1h_64_sync_handler+0xd8/0xe4\n"
	  "[   60.000015]  el1h_64_sync+0x64/0x68\n"
	  "[   60.000016]  drv_read+0x30/0x60 [drv]\n"
	  "[   60.000017]  vfs_read+0xb0/0x1e0\n"
	  "[   60.000018]  ksys_read+0x74/0x100\n"
	  "[   60.000019]  __arm64_sys_read+0x24/0x30\n"
	  "[   60.000020]  invoke_syscall+0x50/0x120\n"
	  "[   60.000021]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000022]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000023]  el0_svc+0x2c/0x84\n"
	  "[   60.000024]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000025]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000026] \n"
	  "[   60.000027] Allocated by task 77:\n"
	  "[   60.000028]  kasan_save_stack+0x2c/0x60\n"
	  "[   60.000029]  __kasan_kmalloc+0xa0/0xb8\n"
	  "[   60.000030]  drv_open+0x30/0x80 [drv]\n",
	  "KASAN: invalid-access Read in drv_read", BUGCHECK_CLASS_KASAN, "drv" },
	{ "mm/kasan/report.c SW tags via __hwasan_load8_noabort (arm64 dump_stack())",
	  "[   60.000000] ==================================================================\n"
	  "[   60.000001] BUG: KASAN: slab-out-of-bounds in drv_read+0x30/0x60 [drv]\n"
	  "[   60.000002] Read at addr f2ff000004b6c0a8 by task t/77\n"
	  "[   60.000002] Pointer tag: [f2], memory tag: [fe]\n"
	  "[   60.000002] \n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  print_report+0x158/0x438\n"
	  "[   60.000010]  kasan_report+0x98/0xf0\n"
	  "[   60.000011]  kasan_check_range+0x100/0x1a4\n"
	  "[   60.000012]  __hwasan_load8_noabort+0x1c/0x28\n"
	  "[   60.000016]  drv_read+0x30/0x60 [drv]\n"
	  "[   60.000017]  vfs_read+0xb0/0x1e0\n"
	  "[   60.000018]  ksys_read+0x74/0x100\n"
	  "[   60.000019]  __arm64_sys_read+0x24/0x30\n"
	  "[   60.000020]  invoke_syscall+0x50/0x120\n"
	  "[   60.000021]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000022]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000023]  el0_svc+0x2c/0x84\n"
	  "[   60.000024]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000025]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000026] \n"
	  "[   60.000027] Allocated by task 77:\n"
	  "[   60.000028]  kasan_save_stack+0x2c/0x60\n"
	  "[   60.000029]  __kasan_kmalloc+0xa0/0xb8\n"
	  "[   60.000030]  drv_open+0x30/0x80 [drv]\n",
	  "KASAN: slab-out-of-bounds Read in drv_read", BUGCHECK_CLASS_KASAN, "drv" },
	{ "kernel/hung_task.c on arm64 (Call trace:)",
	  "[  250.000000] INFO: task t:77 blocked for more than 120 seconds.\n"
	  "[  250.000001]       Not tainted 6.1.0-57-arm64 #1 Debian 6.1.158-1\n"
	  "[  250.000002] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "[  250.000003] task:t               state:D stack:0     pid:77    ppid:1      flags:0x00000008\n"
	  "[  250.000004] Call trace:\n"
	  "[  250.000005]  __switch_to+0xf0/0x170\n"
	  "[  250.000006]  __schedule+0x2f8/0x7a0\n"
	  "[  250.000007]  schedule+0x5c/0xd0\n"
	  "[  250.000008]  schedule_preempt_disabled+0x18/0x2c\n"
	  "[  250.000009]  __mutex_lock.constprop.0+0x2a4/0x5a0\n"
	  "[  250.000010]  __mutex_lock_slowpath+0x1c/0x30\n"
	  "[  250.000011]  mutex_lock+0x50/0x60\n"
	  "[  250.000012]  drv_ioctl+0x40/0x130 [drv]\n"
	  "[  250.000013]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[  250.000014]  invoke_syscall+0x50/0x120\n"
	  "[  250.000015]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[  250.000016]  do_el0_svc+0x34/0xc0\n"
	  "[  250.000017]  el0_svc+0x2c/0x84\n"
	  "[  250.000018]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[  250.000019]  el0t_64_sync+0x18c/0x190\n",
	  "INFO: task hung in drv_ioctl", BUGCHECK_CLASS_HUNG_TASK, "drv" },
	{ "kernel/sched/core.c __might_resched() on arm64",
	  "[   60.000000] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580\n"
	  "[   60.000001] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 77, name: t\n"
	  "[   60.000002] preempt_count: 1, expected: 0\n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  dump_stack+0x18/0x34\n"
	  "[   60.000010]  __might_resched+0x130/0x174\n"
	  "[   60.000011]  __might_sleep+0x48/0x80\n"
	  "[   60.000012]  mutex_lock+0x24/0x60\n"
	  "[   60.000013]  drv_ioctl+0x40/0x130 [drv]\n"
	  "[   60.000014]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[   60.000015]  invoke_syscall+0x50/0x120\n"
	  "[   60.000016]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000017]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000018]  el0_svc+0x2c/0x84\n"
	  "[   60.000019]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000020]  el0t_64_sync+0x18c/0x190\n",
	  "BUG: sleeping function called from invalid context in drv_ioctl", BUGCHECK_CLASS_ATOMIC_SLEEP, "drv" },
	{ "lib/ubsan.c on arm64 (dump_backtrace, show_stack, dump_stack_lvl)",
	  "[   60.000000] ================================================================================\n"
	  "[   60.000001] UBSAN: shift-out-of-bounds in drivers/misc/drv.c:120:9\n"
	  "[   60.000002] shift exponent 64 is too large for 64-bit type 'u64'\n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  dump_stack+0x18/0x34\n"
	  "[   60.000010]  __ubsan_handle_shift_out_of_bounds+0x104/0x238\n"
	  "[   60.000011]  drv_calc+0x120/0x200 [drv]\n"
	  "[   60.000012]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   60.000013]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[   60.000014]  invoke_syscall+0x50/0x120\n"
	  "[   60.000015]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000016]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000017]  el0_svc+0x2c/0x84\n"
	  "[   60.000018]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000019]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000020] ================================================================================\n",
	  "UBSAN: shift-out-of-bounds in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "kernel/panic.c panic() from a module on arm64",
	  "[   60.000000] Kernel panic - not syncing: drv: fatal state\n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  dump_stack+0x18/0x34\n"
	  "[   60.000010]  panic+0x18c/0x378\n"
	  "[   60.000011]  drv_check+0x50/0x60 [drv]\n"
	  "[   60.000012]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   60.000013]  __arm64_sys_ioctl+0xa8/0xf0\n"
	  "[   60.000014]  invoke_syscall+0x50/0x120\n"
	  "[   60.000015]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000016]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000017]  el0_svc+0x2c/0x84\n"
	  "[   60.000018]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000019]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000020] SMP: stopping secondary CPUs\n"
	  "[   60.000021] Kernel Offset: disabled\n"
	  "[   60.000022] ---[ end Kernel panic - not syncing: drv: fatal state ]---\n",
	  "kernel panic: drv: fatal state", BUGCHECK_CLASS_KERNEL_PANIC, "drv" },
	{ "arch/riscv/mm/fault.c die_kernel_fault() then die(regs, \"Oops\") \"Oops [#1]\"",
	  "[   70.000000] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008\n"
	  "[   70.000001] Oops [#1]\n"
	  "[   70.000002] Modules linked in: drv(O)\n"
	  "[   70.000003] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-riscv64 #1  Debian 6.1.158-1\n"
	  "[   70.000004] Hardware name: riscv-virtio,qemu (DT)\n"
	  "[   70.000005] epc : drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000006]  ra : vfs_read+0xb0/0x1e0\n"
	  "[   70.000007] epc : ffffffff01a3e01c ra : ffffffff80234abc sp : ff20000000a0bd40\n"
	  "[   70.000008]  gp : ffffffff81a3e000 tp : ff60000002a4c000 t0 : 0000000000000000\n"
	  "[   70.000009] status: 0000000200000120 badaddr: 0000000000000008 cause: 000000000000000d\n"
	  "[   70.000010] [<ffffffff01a3e01c>] drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000011] [<ffffffff80234abc>] vfs_read+0xb0/0x1e0\n"
	  "[   70.000012] [<ffffffff80234def>] ksys_read+0x74/0x100\n"
	  "[   70.000013] [<ffffffff80234fff>] sys_read+0x10/0x18\n"
	  "[   70.000014] [<ffffffff80003acc>] ret_from_syscall+0x0/0x2\n"
	  "[   70.000015] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel NULL pointer dereference in drv_read", BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "drv" },
	{ "arch/riscv/kernel/traps.c do_trap_error() die() \"Oops - illegal instruction [#1]\"",
	  "[   70.000001] Oops - illegal instruction [#1]\n"
	  "[   70.000002] Modules linked in: drv(O)\n"
	  "[   70.000003] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-riscv64 #1  Debian 6.1.158-1\n"
	  "[   70.000004] Hardware name: riscv-virtio,qemu (DT)\n"
	  "[   70.000005] epc : drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000006]  ra : vfs_read+0xb0/0x1e0\n"
	  "[   70.000007] epc : ffffffff01a3e01c ra : ffffffff80234abc sp : ff20000000a0bd40\n"
	  "[   70.000008]  gp : ffffffff81a3e000 tp : ff60000002a4c000 t0 : 0000000000000000\n"
	  "[   70.000009] status: 0000000200000120 badaddr: 0000000000000008 cause: 000000000000000d\n"
	  "[   70.000010] [<ffffffff01a3e01c>] drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000011] [<ffffffff80234abc>] vfs_read+0xb0/0x1e0\n"
	  "[   70.000012] [<ffffffff80234def>] ksys_read+0x74/0x100\n"
	  "[   70.000013] [<ffffffff80234fff>] sys_read+0x10/0x18\n"
	  "[   70.000014] [<ffffffff80003acc>] ret_from_syscall+0x0/0x2\n"
	  "[   70.000015] ---[ end trace 0000000000000000 ]---\n",
	  "Oops in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/riscv/kernel/traps.c do_trap_error() die() \"Oops - load access fault [#1]\"",
	  "[   70.000001] Oops - load access fault [#1]\n"
	  "[   70.000002] Modules linked in: drv(O)\n"
	  "[   70.000003] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-riscv64 #1  Debian 6.1.158-1\n"
	  "[   70.000004] Hardware name: riscv-virtio,qemu (DT)\n"
	  "[   70.000005] epc : drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000006]  ra : vfs_read+0xb0/0x1e0\n"
	  "[   70.000007] epc : ffffffff01a3e01c ra : ffffffff80234abc sp : ff20000000a0bd40\n"
	  "[   70.000008]  gp : ffffffff81a3e000 tp : ff60000002a4c000 t0 : 0000000000000000\n"
	  "[   70.000009] status: 0000000200000120 badaddr: 0000000000000008 cause: 000000000000000d\n"
	  "[   70.000010] [<ffffffff01a3e01c>] drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000011] [<ffffffff80234abc>] vfs_read+0xb0/0x1e0\n"
	  "[   70.000012] [<ffffffff80234def>] ksys_read+0x74/0x100\n"
	  "[   70.000013] [<ffffffff80234fff>] sys_read+0x10/0x18\n"
	  "[   70.000014] [<ffffffff80003acc>] ret_from_syscall+0x0/0x2\n"
	  "[   70.000015] ---[ end trace 0000000000000000 ]---\n",
	  "Oops in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/riscv/kernel/traps.c do_trap_break() die(regs, \"Kernel BUG\")",
	  "[   70.000000] kernel BUG at drivers/misc/drv.c:42!\n"
	  "[   70.000001] Kernel BUG [#1]\n"
	  "[   70.000002] Modules linked in: drv(O)\n"
	  "[   70.000003] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-riscv64 #1  Debian 6.1.158-1\n"
	  "[   70.000004] Hardware name: riscv-virtio,qemu (DT)\n"
	  "[   70.000005] epc : drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000006]  ra : vfs_read+0xb0/0x1e0\n"
	  "[   70.000007] epc : ffffffff01a3e01c ra : ffffffff80234abc sp : ff20000000a0bd40\n"
	  "[   70.000008]  gp : ffffffff81a3e000 tp : ff60000002a4c000 t0 : 0000000000000000\n"
	  "[   70.000009] status: 0000000200000120 badaddr: 0000000000000008 cause: 000000000000000d\n"
	  "[   70.000010] [<ffffffff01a3e01c>] drv_read+0x1c/0x60 [drv]\n"
	  "[   70.000011] [<ffffffff80234abc>] vfs_read+0xb0/0x1e0\n"
	  "[   70.000012] [<ffffffff80234def>] ksys_read+0x74/0x100\n"
	  "[   70.000013] [<ffffffff80234fff>] sys_read+0x10/0x18\n"
	  "[   70.000014] [<ffffffff80003acc>] ret_from_syscall+0x0/0x2\n"
	  "[   70.000015] ---[ end trace 0000000000000000 ]---\n",
	  "kernel BUG in drv_read", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	{ "arch/powerpc/mm/fault.c __bad_page_fault() NULL, traps.c __die() \"Oops: Kernel access of bad area\"",
	  "[   80.000000] BUG: Kernel NULL pointer dereference on read at 0x00000008\n"
	  "[   80.000001] Faulting instruction address: 0xc008000001a3e01c\n"
	  "[   80.000002] Oops: Kernel access of bad area, sig: 11 [#1]\n"
	  "[   80.000003] LE PAGE_SIZE=64K MMU=Radix SMP NR_CPUS=2048 NUMA pSeries\n"
	  "[   80.000004] Modules linked in: drv(O)\n"
	  "[   80.000005] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-powerpc64le #1  Debian 6.1.158-1\n"
	  "[   80.000006] NIP:  c008000001a3e01c LR: c000000000534abc CTR: c008000001a3e000\n"
	  "[   80.000007] REGS: c00000000a0bb9a0 TRAP: 0300   Tainted: G           O        (6.1.0-57-powerpc64le)\n"
	  "[   80.000008] MSR:  800000000280b033 <SF,VEC,VSX,EE,FP,ME,IR,DR,RI,LE>  CR: 28002282  XER: 20000000\n"
	  "[   80.000009] CFAR: c000000000534ab8 DAR: 0000000000000008 DSISR: 40000000 IRQMASK: 0 \n"
	  "[   80.000010] NIP [c008000001a3e01c] drv_read+0x1c/0x60 [drv]\n"
	  "[   80.000011] LR [c000000000534abc] vfs_read+0xb0/0x1e0\n"
	  "[   80.000012] Call Trace:\n"
	  "[   80.000013] [c00000000a0bbc40] [c000000000534abc] vfs_read+0xb0/0x1e0 (unreliable)\n"
	  "[   80.000014] [c00000000a0bbcf0] [c000000000534def] ksys_read+0x74/0x100\n"
	  "[   80.000015] [c00000000a0bbd40] [c00000000002f0a8] system_call_exception+0x178/0x2e0\n"
	  "[   80.000016] [c00000000a0bbe10] [c00000000000c1d4] system_call_vectored_common+0xf4/0x26c\n"
	  "[   80.000017] Instruction dump:\n"
	  "[   80.000018] 60000000 60000000 3c4c0001 38421234 e9230000 e9290008 <e9290000> 4e800020 \n"
	  "[   80.000019] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel NULL pointer dereference in drv_read", BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "drv" },
	{ "arch/powerpc/mm/fault.c __bad_page_fault() data access",
	  "[   80.000000] BUG: Unable to handle kernel data access on write at 0xc00000000dead000\n"
	  "[   80.000001] Faulting instruction address: 0xc008000001a3e01c\n"
	  "[   80.000002] Oops: Kernel access of bad area, sig: 11 [#1]\n"
	  "[   80.000003] LE PAGE_SIZE=64K MMU=Radix SMP NR_CPUS=2048 NUMA pSeries\n"
	  "[   80.000004] Modules linked in: drv(O)\n"
	  "[   80.000005] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-powerpc64le #1  Debian 6.1.158-1\n"
	  "[   80.000006] NIP:  c008000001a3e01c LR: c000000000534abc CTR: c008000001a3e000\n"
	  "[   80.000007] REGS: c00000000a0bb9a0 TRAP: 0300   Tainted: G           O        (6.1.0-57-powerpc64le)\n"
	  "[   80.000008] MSR:  800000000280b033 <SF,VEC,VSX,EE,FP,ME,IR,DR,RI,LE>  CR: 28002282  XER: 20000000\n"
	  "[   80.000009] CFAR: c000000000534ab8 DAR: 0000000000000008 DSISR: 40000000 IRQMASK: 0 \n"
	  "[   80.000010] NIP [c008000001a3e01c] drv_read+0x1c/0x60 [drv]\n"
	  "[   80.000011] LR [c000000000534abc] vfs_read+0xb0/0x1e0\n"
	  "[   80.000012] Call Trace:\n"
	  "[   80.000013] [c00000000a0bbc40] [c000000000534abc] vfs_read+0xb0/0x1e0 (unreliable)\n"
	  "[   80.000014] [c00000000a0bbcf0] [c000000000534def] ksys_read+0x74/0x100\n"
	  "[   80.000015] [c00000000a0bbd40] [c00000000002f0a8] system_call_exception+0x178/0x2e0\n"
	  "[   80.000016] [c00000000a0bbe10] [c00000000000c1d4] system_call_vectored_common+0xf4/0x26c\n"
	  "[   80.000017] Instruction dump:\n"
	  "[   80.000018] 60000000 60000000 3c4c0001 38421234 e9230000 e9290008 <e9290000> 4e800020 \n"
	  "[   80.000019] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel paging request in drv_read", BUGCHECK_CLASS_PAGING_REQUEST, "drv" },
	{ "arch/s390/mm/fault.c do_no_context() kernel pointer dereference, dumpstack.c die()",
	  "[   90.000000] Unable to handle kernel pointer dereference in virtual kernel address space\n"
	  S390_DRV_READ_OOPS,
	  "BUG: unable to handle kernel pointer dereference in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/s390/kernel/dumpstack.c die() \"illegal operation: 0001 ilc:1 [#1]\"",
	  "[   90.000001] Failing address: 0000000000000000 TEID: 0000000000000483\n"
	  "[   90.000002] Fault in home space mode while using kernel ASCE.\n"
	  "[   90.000003] AS:0000000001a3c007 R3:00000001fffd0007 S:00000001fffd1000 P:000000000000013d \n"
	  "[   90.000004] illegal operation: 0001 ilc:1 [#1] SMP \n"
	  "[   90.000005] Modules linked in: drv(O)\n"
	  "[   90.000006] CPU: 0 PID: 77 Comm: t Tainted: G           O       6.1.0-57-s390x #1  Debian 6.1.158-1\n"
	  "[   90.000007] Hardware name: IBM 3931 A01 701 (KVM/Linux)\n"
	  "[   90.000008] Krnl PSW : 0704c00180000000 000003ff80a3e01c (drv_read+0x1c/0x60 [drv])\n"
	  "[   90.000009]            R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3\n"
	  "[   90.000010] Krnl GPRS: 0000000000000000 0000000000000000 0000000000000000 0000000000000008\n"
	  "[   90.000011]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n"
	  "[   90.000012]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n"
	  "[   90.000013]            0000000000000000 0000000000000000 0000000000000000 0000000000000000\n"
	  "[   90.000014] Krnl Code: 000003ff80a3e016: e31020000004	lg	%r1,0(%r2)\n"
	  "[   90.000015] Call Trace:\n"
	  "[   90.000016]  [<000003ff80a3e01c>] drv_read+0x1c/0x60 [drv] \n"
	  "[   90.000017]  [<0000000000534abc>] vfs_read+0xb0/0x1e0 \n"
	  "[   90.000018]  [<0000000000534def>] ksys_read+0x74/0x100 \n"
	  "[   90.000019]  [<0000000000534e50>] __s390x_sys_read+0x20/0x30 \n"
	  "[   90.000020]  [<0000000000b0f0a8>] __do_syscall+0x1d8/0x200 \n"
	  "[   90.000021]  [<0000000000b1c1d4>] system_call+0x82/0xb0 \n"
	  "[   90.000022] Last Breaking-Event-Address:\n"
	  "[   90.000023]  [<0000000000534ab8>] vfs_read+0xac/0x1e0\n"
	  "[   90.000024] ---[ end trace 0000000000000000 ]---\n",
	  "illegal operation in drv_read", BUGCHECK_CLASS_BAD_ACCESS, "drv" },
	{ "arch/s390/mm/fault.c do_no_context() paging request in virtual user address space",
	  "[   90.000000] Unable to handle kernel paging request in virtual user address space\n"
	  S390_DRV_READ_OOPS,
	  "BUG: unable to handle kernel paging request in drv_read", BUGCHECK_CLASS_PAGING_REQUEST, "drv" },
	{ "mm/kmsan/report.c uninit-value (origin stacks after the report's own)",
	  "[   30.000000] =====================================================\n"
	  "[   30.000001] BUG: KMSAN: uninit-value in drv_parse+0x1a4/0x2b0 [drv]\n"
	  "[   30.000002]  drv_parse+0x1a4/0x2b0 [drv]\n"
	  "[   30.000003]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   30.000004]  __x64_sys_ioctl+0x1b5/0x2d0\n"
	  "[   30.000005]  do_syscall_64+0x3d/0x90\n"
	  "[   30.000006]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   30.000007] \n"
	  "[   30.000008] Uninit was stored to memory at:\n"
	  "[   30.000009]  drv_fill+0x20/0x90 [drv]\n"
	  "[   30.000010]  drv_ioctl+0x50/0x130 [drv]\n"
	  "[   30.000011]  __x64_sys_ioctl+0x1b5/0x2d0\n"
	  "[   30.000012] \n"
	  "[   30.000013] Uninit was created at:\n"
	  "[   30.000014]  __kmem_cache_alloc_node+0x7e0/0xc80\n"
	  "[   30.000015]  __kmalloc+0x121/0x3c0\n"
	  "[   30.000016]  drv_alloc+0x30/0x80 [drv]\n"
	  "[   30.000017]  drv_ioctl+0x30/0x130 [drv]\n"
	  "[   30.000018] \n"
	  "[   30.000019] Bytes 4-7 of 8 are uninitialized\n"
	  "[   30.000020] Memory access of size 8 starts at ffff888012345678\n"
	  "[   30.000021] \n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   30.100002] =====================================================\n",
	  "KMSAN: uninit-value in drv_parse", BUGCHECK_CLASS_KMSAN, "drv" },
	{ "mm/kmsan/report.c kernel-infoleak (copy_to_user helpers skipped)",
	  "[   30.000000] =====================================================\n"
	  "[   30.000001] BUG: KMSAN: kernel-infoleak in instrument_copy_to_user+0x6e/0x120\n"
	  "[   30.000002]  instrument_copy_to_user+0x6e/0x120\n"
	  "[   30.000003]  _copy_to_user+0x5f/0xb0\n"
	  "[   30.000004]  drv_get_info+0x120/0x200 [drv]\n"
	  "[   30.000005]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   30.000006]  __x64_sys_ioctl+0x1b5/0x2d0\n"
	  "[   30.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   30.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   30.000009] \n"
	  "[   30.000010] Local variable info created at:\n"
	  "[   30.000011]  drv_get_info+0x40/0x200 [drv]\n"
	  "[   30.000012]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   30.000013] \n"
	  "[   30.000014] Bytes 4-7 of 16 are uninitialized\n"
	  "[   30.000015] Memory access of size 16 starts at ffffc90000a3fd40\n"
	  "[   30.000016] Data copied to user address 00007ffd12345678\n"
	  "[   30.000017] \n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   30.100002] =====================================================\n",
	  "KMSAN: kernel-infoleak in drv_get_info", BUGCHECK_CLASS_KMSAN, "drv" },
	{ "mm/kfence/report.c out-of-bounds read",
	  "[   31.000000] ==================================================================\n"
	  "[   31.000001] BUG: KFENCE: out-of-bounds read in drv_read+0x30/0x60 [drv]\n"
	  "[   31.000002] \n"
	  "[   31.000003] Out-of-bounds read at 0xffff8c3f2e291000 (32B right of kfence-#72):\n"
	  "[   31.000004]  drv_read+0x30/0x60 [drv]\n"
	  "[   31.000005]  vfs_read+0xb0/0x1e0\n"
	  "[   31.000006]  ksys_read+0x74/0x100\n"
	  "[   31.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   31.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   31.000009] \n"
	  "[   31.000010] kfence-#72: 0xffff8c3f2e290fe0-0xffff8c3f2e290fff, size=32, cache=kmalloc-32\n"
	  "[   31.000011] \n"
	  "[   31.000012] allocated by task 300 on cpu 0 at 30.999999s:\n"
	  "[   31.000013]  __kmalloc+0x121/0x3c0\n"
	  "[   31.000014]  drv_open+0x30/0x80 [drv]\n"
	  "[   31.000015] \n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   31.100003] ==================================================================\n",
	  "KFENCE: out-of-bounds read in drv_read", BUGCHECK_CLASS_KFENCE, "drv" },
	{ "mm/kfence/report.c invalid free",
	  "[   31.000000] ==================================================================\n"
	  "[   31.000001] BUG: KFENCE: invalid free in kfree+0x7b/0x120\n"
	  "[   31.000002] \n"
	  "[   31.000003] Invalid free of 0xffff8c3f2e290fe0 (in kfence-#72):\n"
	  "[   31.000004]  kfree+0x7b/0x120\n"
	  "[   31.000005]  drv_release+0x30/0x60 [drv]\n"
	  "[   31.000006]  __fput+0xb0/0x1e0\n"
	  "[   31.000007]  task_work_run+0x74/0x100\n"
	  "[   31.000008]  exit_to_user_mode_prepare+0x3d/0x90\n"
	  "[   31.000009] \n"
	  "[   31.000010] kfence-#72: 0xffff8c3f2e290fe0-0xffff8c3f2e290fff, size=32, cache=kmalloc-32\n"
	  "[   31.000011] \n"
	  "[   31.000012] allocated by task 300 on cpu 0 at 30.999999s:\n"
	  "[   31.000013]  __kmalloc+0x121/0x3c0\n"
	  "[   31.000014]  drv_open+0x30/0x80 [drv]\n"
	  "[   31.000015] \n"
	  "[   31.000016] freed by task 300 on cpu 0 at 31.000000s:\n"
	  "[   31.000017]  kfree+0x7b/0x120\n"
	  "[   31.000018]  drv_release+0x30/0x60 [drv]\n"
	  "[   31.000019] \n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   31.100003] ==================================================================\n",
	  "KFENCE: invalid free in drv_release", BUGCHECK_CLASS_KFENCE, "drv" },
	{ "mm/kfence/report.c memory corruption",
	  "[   31.000000] ==================================================================\n"
	  "[   31.000001] BUG: KFENCE: memory corruption in kfree+0x7b/0x120\n"
	  "[   31.000002] \n"
	  "[   31.000003] Corrupted memory at 0xffff8c3f2e291000 [ 0xac . . . . . . . . . . . . . . . ] (in kfence-#72):\n"
	  "[   31.000004]  kfree+0x7b/0x120\n"
	  "[   31.000005]  drv_release+0x30/0x60 [drv]\n"
	  "[   31.000006]  __fput+0xb0/0x1e0\n"
	  "[   31.000007]  task_work_run+0x74/0x100\n"
	  "[   31.000009] \n"
	  "[   31.000010] kfence-#72: 0xffff8c3f2e290fe0-0xffff8c3f2e290fff, size=32, cache=kmalloc-32\n"
	  "[   31.000011] \n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   31.100003] ==================================================================\n",
	  "KFENCE: memory corruption in drv_release", BUGCHECK_CLASS_KFENCE, "drv" },
	{ "kernel/kcsan/report.c data-race, two stacks",
	  "[   40.000000] ==================================================================\n"
	  "[   40.000001] BUG: KCSAN: data-race in drv_poll / drv_write\n"
	  "[   40.000002] \n"
	  "[   40.000003] write to 0xffff888004b6c0a8 of 4 bytes by task 301 on cpu 1:\n"
	  "[   40.000004]  drv_write+0x30/0x60 [drv]\n"
	  "[   40.000005]  vfs_write+0xb0/0x1e0\n"
	  "[   40.000006]  ksys_write+0x74/0x100\n"
	  "[   40.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000009] \n"
	  "[   40.000010] read to 0xffff888004b6c0a8 of 4 bytes by task 300 on cpu 0:\n"
	  "[   40.000011]  drv_poll+0x20/0x50 [drv]\n"
	  "[   40.000012]  do_sys_poll+0x3a0/0x700\n"
	  "[   40.000013]  __x64_sys_poll+0x60/0x200\n"
	  "[   40.000014]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000015]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000016] \n"
	  "[   40.000017] value changed: 0x00000000 -> 0x00000001\n"
	  "[   40.000018] \n"
	  "[   40.000019] Reported by Kernel Concurrency Sanitizer on:\n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   40.100002] ==================================================================\n",
	  "KCSAN: data-race in drv_poll / drv_write", BUGCHECK_CLASS_KCSAN, "drv" },
	{ "kernel/kcsan/report.c assert: race, unknown origin (%pS header)",
	  "[   40.000000] ==================================================================\n"
	  "[   40.000001] BUG: KCSAN: assert: race in drv_update+0x30/0x60 [drv]\n"
	  "[   40.000002] \n"
	  "[   40.000003] race at unknown origin, with assert no writes to 0xffff888004b6c0a8 of 4 bytes by task 301 on cpu 1:\n"
	  "[   40.000004]  drv_update+0x30/0x60 [drv]\n"
	  "[   40.000005]  drv_ioctl+0xb0/0x1e0 [drv]\n"
	  "[   40.000006]  __x64_sys_ioctl+0x74/0x100\n"
	  "[   40.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000016] \n"
	  "[   40.000019] Reported by Kernel Concurrency Sanitizer on:\n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   40.100002] ==================================================================\n",
	  "KCSAN: assert: race in drv_update", BUGCHECK_CLASS_KCSAN, "drv" },
	{ "kernel/kcsan/report.c data-race, unknown origin",
	  "[   40.000000] ==================================================================\n"
	  "[   40.000001] BUG: KCSAN: data-race in drv_update+0x30/0x60 [drv]\n"
	  "[   40.000002] \n"
	  "[   40.000003] race at unknown origin, with read to 0xffff888004b6c0a8 of 4 bytes by task 301 on cpu 1:\n"
	  "[   40.000004]  drv_update+0x30/0x60 [drv]\n"
	  "[   40.000005]  drv_ioctl+0xb0/0x1e0 [drv]\n"
	  "[   40.000006]  __x64_sys_ioctl+0x74/0x100\n"
	  "[   40.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000016] \n"
	  "[   40.000019] Reported by Kernel Concurrency Sanitizer on:\n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   40.100002] ==================================================================\n",
	  "KCSAN: data-race in drv_update", BUGCHECK_CLASS_KCSAN, "drv" },
	{ "kernel/kcsan/report.c assert: race, two stacks",
	  "[   40.000000] ==================================================================\n"
	  "[   40.000001] BUG: KCSAN: assert: race in drv_poll / drv_write\n"
	  "[   40.000002] \n"
	  "[   40.000003] write to 0xffff888004b6c0a8 of 4 bytes by task 301 on cpu 1:\n"
	  "[   40.000004]  drv_write+0x30/0x60 [drv]\n"
	  "[   40.000005]  vfs_write+0xb0/0x1e0\n"
	  "[   40.000006]  ksys_write+0x74/0x100\n"
	  "[   40.000007]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000008]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000009] \n"
	  "[   40.000010] read to 0xffff888004b6c0a8 of 4 bytes by task 300 on cpu 0:\n"
	  "[   40.000011]  drv_poll+0x20/0x50 [drv]\n"
	  "[   40.000012]  do_sys_poll+0x3a0/0x700\n"
	  "[   40.000013]  __x64_sys_poll+0x60/0x200\n"
	  "[   40.000014]  do_syscall_64+0x3d/0x90\n"
	  "[   40.000015]  entry_SYSCALL_64_after_hwframe+0x63/0xcd\n"
	  "[   40.000016] \n"
	  "[   40.000017] value changed: 0x00000000 -> 0x00000001\n"
	  "[   40.000018] \n"
	  "[   40.000019] Reported by Kernel Concurrency Sanitizer on:\n"
	  "[   30.100000] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   30.100001] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   40.100002] ==================================================================\n",
	  "KCSAN: assert: race in drv_poll / drv_write", BUGCHECK_CLASS_KCSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"alignment-assumption\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: alignment-assumption in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] assumption of 8 byte alignment for pointer of type 'void *' failed\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_alignment_assumption.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: alignment-assumption in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"array-index-out-of-bounds\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: array-index-out-of-bounds in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] index 8 is out of range for type 'u32 [8]'\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_out_of_bounds.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: array-index-out-of-bounds in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"division-overflow\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: division-overflow in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] division by zero\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_divrem_overflow.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: division-overflow in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"invalid-load\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: invalid-load in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] load of value 5 is not a valid value for type '_Bool'\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_load_invalid_value.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: invalid-load in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"misaligned-access\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: misaligned-access in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] load of misaligned address 00000000abcd1234 for type 'u32'\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_type_mismatch_v1.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: misaligned-access in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"null-ptr-deref\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: null-ptr-deref in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] member access within null pointer of type 'struct foo'\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_type_mismatch_v1.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: null-ptr-deref in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"object-size-mismatch\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: object-size-mismatch in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] load of address 00000000abcd1234 with insufficient space\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_type_mismatch_v1.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: object-size-mismatch in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"shift-out-of-bounds\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: shift-out-of-bounds in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] shift exponent 64 is too large for 64-bit type 'u64'\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_shift_out_of_bounds.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: shift-out-of-bounds in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "lib/ubsan.c ubsan_prologue() \"unreachable\"",
	  "[   50.000000] ================================================================================\n"
	  "[   50.000001] UBSAN: unreachable in drivers/misc/drv.c:120:9\n"
	  "[   50.000002] calling __builtin_unreachable()\n"
	  "[   50.000003] CPU: 0 PID: 300 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   50.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   50.000005] Call Trace:\n"
	  "[   50.000006]  <TASK>\n"
	  "[   50.000007]  dump_stack_lvl+0x44/0x5c\n"
	  "[   50.000008]  __ubsan_handle_builtin_unreachable.cold+0x43/0x8c\n"
	  "[   50.000009]  drv_calc+0x120/0x200 [drv]\n"
	  "[   50.000010]  drv_ioctl+0x80/0x130 [drv]\n"
	  "[   50.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   50.000012]  do_syscall_64+0x58/0xc0\n"
	  "[   50.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
	  "[   50.000014]  </TASK>\n"
	  "[   50.000015] ================================================================================\n",
	  "UBSAN: unreachable in drv_calc", BUGCHECK_CLASS_UBSAN, "drv" },
	{ "arch/arm64/kernel/debug-monitors.c brk_handler() -> call_break_hook() -> bug_handler() -> die() -> panic(): the panic's stack alone",
	  "[   60.000000] Kernel panic - not syncing: Oops - BUG: Fatal exception\n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Tainted: G      D    O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  dump_stack+0x18/0x34\n"
	  "[   60.000010]  panic+0x18c/0x378\n"
	  "[   60.000011]  die+0x2dc/0x310\n"
	  "[   60.000012]  bug_handler+0x48/0x84\n"
	  "[   60.000013]  call_break_hook+0x88/0xc0\n"
	  "[   60.000014]  brk_handler+0x24/0x60\n"
	  "[   60.000015]  do_debug_exception+0xa8/0x180\n"
	  "[   60.000016]  el1_dbg+0x80/0xa0\n"
	  "[   60.000017]  el1h_64_sync_handler+0xb8/0xe4\n"
	  "[   60.000018]  el1h_64_sync+0x64/0x68\n"
	  "[   60.000019]  drv_write+0x30/0x40 [drv]\n"
	  "[   60.000020]  vfs_write+0xc8/0x300\n"
	  "[   60.000021]  ksys_write+0x74/0x100\n"
	  "[   60.000022]  __arm64_sys_write+0x24/0x30\n"
	  "[   60.000023]  invoke_syscall+0x50/0x120\n"
	  "[   60.000024]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000025]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000026]  el0_svc+0x2c/0x84\n"
	  "[   60.000027]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000028]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000029] SMP: stopping secondary CPUs\n",
	  "kernel panic: Oops - BUG: Fatal exception", BUGCHECK_CLASS_KERNEL_PANIC, "drv" },
	{ "arch/arm64/mm/fault.c do_translation_fault() -> die_kernel_fault() -> panic(\"Fatal exception in interrupt\"): the panic's stack alone",
	  "[   60.000000] Kernel panic - not syncing: Oops: Fatal exception in interrupt\n"
	  "[   60.000003] CPU: 1 PID: 77 Comm: t Tainted: G      D    O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   60.000004] Hardware name: linux,dummy-virt (DT)\n"
	  "[   60.000005] Call trace:\n"
	  "[   60.000006]  dump_backtrace+0xe4/0x140\n"
	  "[   60.000007]  show_stack+0x20/0x30\n"
	  "[   60.000008]  dump_stack_lvl+0x64/0x80\n"
	  "[   60.000009]  dump_stack+0x18/0x34\n"
	  "[   60.000010]  panic+0x18c/0x378\n"
	  "[   60.000011]  die+0x2dc/0x310\n"
	  "[   60.000012]  die_kernel_fault+0x64/0x74\n"
	  "[   60.000013]  __do_kernel_fault+0x100/0x170\n"
	  "[   60.000014]  do_page_fault+0x80/0x400\n"
	  "[   60.000015]  do_translation_fault+0x4c/0x60\n"
	  "[   60.000016]  do_mem_abort+0x44/0x94\n"
	  "[   60.000016]  el1_abort+0x40/0x60\n"
	  "[   60.000017]  el1h_64_sync_handler+0xb8/0xe4\n"
	  "[   60.000018]  el1h_64_sync+0x64/0x68\n"
	  "[   60.000019]  drv_write+0x30/0x40 [drv]\n"
	  "[   60.000020]  vfs_write+0xc8/0x300\n"
	  "[   60.000021]  ksys_write+0x74/0x100\n"
	  "[   60.000022]  __arm64_sys_write+0x24/0x30\n"
	  "[   60.000023]  invoke_syscall+0x50/0x120\n"
	  "[   60.000024]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   60.000025]  do_el0_svc+0x34/0xc0\n"
	  "[   60.000026]  el0_svc+0x2c/0x84\n"
	  "[   60.000027]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   60.000028]  el0t_64_sync+0x18c/0x190\n"
	  "[   60.000029] SMP: stopping secondary CPUs\n",
	  "kernel panic: Oops: Fatal exception", BUGCHECK_CLASS_KERNEL_PANIC, "drv" },
	{ "arch/x86/kernel/dumpstack.c show_ip() 32-bit \"EIP: %pS\", with the caller field",
	  "[   12.345678][    T1] BUG: kernel NULL pointer dereference, address: 00000008\n"
	  "[   12.345679][    T1] #PF: supervisor read access in kernel mode\n"
	  "[   12.345680][    T1] #PF: error_code(0x0000) - not-present page\n"
	  "[   12.345681][    T1] *pde = 00000000 \n"
	  "[   12.345682][    T1] Oops: 0000 [#1] PREEMPT SMP\n"
	  "[   12.345683][    T1] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-rc1-00001-gabcdef012345 #1\n"
	  "[   12.345684][    T1] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
	  "[   12.345685][    T1] EIP: drv_probe+0x2a/0x140\n"
	  "[   12.345686][    T1] Code: 8b 47 08 85 c0 74 12 <8b> 40 08 c3 90 90 90 90\n"
	  "[   12.345687][    T1] EAX: 00000000 EBX: c1f0a000 ECX: 00000000 EDX: 00000001\n"
	  "[   12.345688][    T1] ESI: c1f0a010 EDI: c1b2c3d4 EBP: c1043e8c ESP: c1043e7c\n"
	  "[   12.345689][    T1] DS: 007b ES: 007b FS: 00d8 GS: 0000 SS: 0068 EFLAGS: 00010246\n"
	  "[   12.345690][    T1] CR0: 80050033 CR2: 00000008 CR3: 02a1c000 CR4: 00150690\n"
	  "[   12.345691][    T1] Call Trace:\n"
	  "[   12.345692][    T1]  platform_probe+0x41/0xa0\n"
	  "[   12.345693][    T1]  really_probe+0x1de/0x3b0\n"
	  "[   12.345694][    T1]  __driver_probe_device+0x78/0x160\n"
	  "[   12.345695][    T1]  driver_probe_device+0x1f/0x90\n"
	  "[   12.345696][    T1]  __driver_attach+0xd2/0x1c0\n"
	  "[   12.345697][    T1]  bus_for_each_dev+0x7d/0xc0\n"
	  "[   12.345698][    T1]  do_one_initcall+0x59/0x230\n"
	  "[   12.345699][    T1]  kernel_init_freeable+0x22f/0x28b\n"
	  "[   12.345700][    T1]  kernel_init+0x16/0x130\n"
	  "[   12.345701][    T1]  ret_from_fork+0x1c/0x28\n"
	  "[   12.345702][    T1] Modules linked in:\n"
	  "[   12.345703][    T1] CR2: 0000000000000008\n"
	  "[   12.345704][    T1] ---[ end trace 0000000000000000 ]---\n"
	  "[   12.345705][    T1] EIP: drv_probe+0x2a/0x140\n"
	  "[   12.345706][    T1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009\n",
	  "BUG: unable to handle kernel NULL pointer dereference in drv_probe", BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "vmlinux" },
	{ "kernel/cfi.c report_cfi_failure() at a generic sysfs_ops call site: the target is the culprit",
	  "[   20.000001] CFI failure at dev_attr_store+0x1a/0x40 (target: drv_timeout+0x0/0x10 [drv]; expected type: 0x7c5d9a9b)\n"
	  "[   20.000002] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[   20.000002] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   20.000003] RIP: 0010:dev_attr_store+0x1a/0x40\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <IRQ>\n"
	  "[   20.000013]  __run_timers+0x230/0x2b0\n"
	  "[   20.000014]  run_timer_softirq+0x1d/0x40\n"
	  "[   20.000015]  __do_softirq+0xd0/0x2c0\n"
	  "[   20.000016]  irq_exit_rcu+0x8f/0xc0\n"
	  "[   20.000017]  sysvec_apic_timer_interrupt+0x6e/0x90\n"
	  "[   20.000018]  </IRQ>\n"
	  "[   20.000019]  <TASK>\n"
	  "[   20.000020]  asm_sysvec_apic_timer_interrupt+0x16/0x20\n"
	  "[   20.000021] RIP: 0010:default_idle+0xb/0x10\n"
	  "[   20.000022]  default_idle_call+0x2c/0xe0\n"
	  "[   20.000023]  do_idle+0x1ff/0x270\n"
	  "[   20.000024]  cpu_startup_entry+0x19/0x20\n"
	  "[   20.000025]  start_secondary+0x114/0x140\n"
	  "[   20.000026]  secondary_startup_64_no_verify+0xe5/0xeb\n"
	  "[   20.000027]  </TASK>\n",
	  "CFI failure in drv_timeout", BUGCHECK_CLASS_KERNEL_BUG, "drv" },
	{ "kernel/cfi.c report_cfi_failure() at a blameable call site, target named",
	  "[   20.000001] CFI failure at call_timer_fn+0x1a/0x40 (target: drv_timeout+0x0/0x10 [drv]; expected type: 0x7c5d9a9b)\n"
	  "[   20.000002] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[   20.000002] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1\n"
	  "[   20.000003] RIP: 0010:call_timer_fn+0x1a/0x40\n"
	  "[   20.000010] Call Trace:\n"
	  "[   20.000011]  <IRQ>\n"
	  "[   20.000013]  __run_timers+0x230/0x2b0\n"
	  "[   20.000014]  run_timer_softirq+0x1d/0x40\n"
	  "[   20.000015]  __do_softirq+0xd0/0x2c0\n"
	  "[   20.000016]  irq_exit_rcu+0x8f/0xc0\n"
	  "[   20.000017]  sysvec_apic_timer_interrupt+0x6e/0x90\n"
	  "[   20.000018]  </IRQ>\n"
	  "[   20.000019]  <TASK>\n"
	  "[   20.000020]  asm_sysvec_apic_timer_interrupt+0x16/0x20\n"
	  "[   20.000021] RIP: 0010:default_idle+0xb/0x10\n"
	  "[   20.000022]  default_idle_call+0x2c/0xe0\n"
	  "[   20.000023]  do_idle+0x1ff/0x270\n"
	  "[   20.000024]  cpu_startup_entry+0x19/0x20\n"
	  "[   20.000025]  start_secondary+0x114/0x140\n"
	  "[   20.000026]  secondary_startup_64_no_verify+0xe5/0xeb\n"
	  "[   20.000027]  </TASK>\n",
	  "CFI failure in call_timer_fn", BUGCHECK_CLASS_KERNEL_BUG, "vmlinux" },
	{ "arch/arm64/lib/memcpy.S __pi_memcpy (SYM_FUNC_ALIAS __memcpy): a fault in the copy blames its caller",
	  "[   20.000000] Unable to handle kernel paging request at virtual address dead000000000108\n"
	  ARM64_ABORT_INFO
	  "[   20.000002] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : __pi_memcpy+0x1c/0x60\n"
	  "[   20.000008] lr : drv_read+0x14/0x60 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000010] x29: ffff80000a0bbd40 x28: ffff0000c1e8a940 x27: 0000000000000000\n"
	  "[   20.000011] x2 : 0000000000000000 x1 : 0000000000000000 x0 : 0000000000000000\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  __pi_memcpy+0x1c/0x60\n"
	  "[   20.000013]  drv_read+0x1c/0x60 [drv]\n"
	  "[   20.000014]  vfs_read+0xb0/0x1e0\n"
	  "[   20.000015]  ksys_read+0x74/0x100\n"
	  "[   20.000016]  __arm64_sys_read+0x24/0x30\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000023] Code: f9400000 b4000080 f9400401 (f9400421) \n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel paging request in drv_read", BUGCHECK_CLASS_PAGING_REQUEST, "drv" },
	{ "arch/arm64/lib/csum.c do_csum(): a fault in the checksum loop blames its caller",
	  "[   20.000000] Unable to handle kernel paging request at virtual address dead000000000108\n"
	  ARM64_ABORT_INFO
	  "[   20.000002] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : do_csum+0x1c/0x60\n"
	  "[   20.000008] lr : drv_read+0x14/0x60 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000010] x29: ffff80000a0bbd40 x28: ffff0000c1e8a940 x27: 0000000000000000\n"
	  "[   20.000011] x2 : 0000000000000000 x1 : 0000000000000000 x0 : 0000000000000000\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  do_csum+0x1c/0x60\n"
	  "[   20.000013]  drv_read+0x1c/0x60 [drv]\n"
	  "[   20.000014]  vfs_read+0xb0/0x1e0\n"
	  "[   20.000015]  ksys_read+0x74/0x100\n"
	  "[   20.000016]  __arm64_sys_read+0x24/0x30\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000023] Code: f9400000 b4000080 f9400401 (f9400421) \n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel paging request in drv_read", BUGCHECK_CLASS_PAGING_REQUEST, "drv" },
	{ "arch/arm64/mm/cache.S dcache_clean_poc: a fault in cache maintenance blames its caller",
	  "[   20.000000] Unable to handle kernel paging request at virtual address dead000000000108\n"
	  ARM64_ABORT_INFO
	  "[   20.000002] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP\n"
	  "[   20.000003] Modules linked in: drv(O) ip_tables x_tables\n"
	  "[   20.000004] CPU: 1 PID: 77 Comm: t Tainted: G           O       6.1.0-57-arm64 #1  Debian 6.1.158-1\n"
	  "[   20.000005] Hardware name: linux,dummy-virt (DT)\n"
	  "[   20.000006] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)\n"
	  "[   20.000007] pc : dcache_clean_poc+0x1c/0x60\n"
	  "[   20.000008] lr : drv_read+0x14/0x60 [drv]\n"
	  "[   20.000009] sp : ffff80000a0bbd40\n"
	  "[   20.000010] x29: ffff80000a0bbd40 x28: ffff0000c1e8a940 x27: 0000000000000000\n"
	  "[   20.000011] x2 : 0000000000000000 x1 : 0000000000000000 x0 : 0000000000000000\n"
	  "[   20.000012] Call trace:\n"
	  "[   20.000013]  dcache_clean_poc+0x1c/0x60\n"
	  "[   20.000013]  drv_read+0x1c/0x60 [drv]\n"
	  "[   20.000014]  vfs_read+0xb0/0x1e0\n"
	  "[   20.000015]  ksys_read+0x74/0x100\n"
	  "[   20.000016]  __arm64_sys_read+0x24/0x30\n"
	  "[   20.000017]  invoke_syscall+0x50/0x120\n"
	  "[   20.000018]  el0_svc_common.constprop.0+0x4c/0xf4\n"
	  "[   20.000019]  do_el0_svc+0x34/0xc0\n"
	  "[   20.000020]  el0_svc+0x2c/0x84\n"
	  "[   20.000021]  el0t_64_sync_handler+0xf4/0x120\n"
	  "[   20.000022]  el0t_64_sync+0x18c/0x190\n"
	  "[   20.000023] Code: f9400000 b4000080 f9400401 (f9400421) \n"
	  "[   20.000024] ---[ end trace 0000000000000000 ]---\n",
	  "BUG: unable to handle kernel paging request in drv_read", BUGCHECK_CLASS_PAGING_REQUEST, "drv" },
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

/* One classification of @log (first crash), or a title of "" for none. */
static void classify1(const char *log, struct bc_classification *c)
{
	if (bc_classify_buffer(log, strlen(log), c) != 1)
		memset(c, 0, sizeof(*c));
}

/*
 * OOM kills (mm/oom_kill.c): the victim is the culprit, the summary of
 * another victim is not used, the rate-limited form, the pre-5.x line
 * without the message prefix, text that only mentions a killed process,
 * and a crash after an OOM kill wins unless every crash is asked for.
 */
static void test_oom_kill(void)
{
	static const char kill_line[] =
		"[   60.000031] Out of memory: Killed process 412 (awk) total-vm:480232kB, anon-rss:472116kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:960kB oom_score_adj:0\n";
	static const char oops[] =
		"[   70.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		"[   70.000002] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		CPU_LINE
		"[   70.000003] RIP: 0010:drv_poke+0x12/0x40 [drv]\n"
		STACK("drv_ioctl+0x30/0x60 [drv]", "__x64_sys_ioctl+0x8d/0xd0");
	struct bc_classification *c = malloc(sizeof(*c));
	struct bc_classifier *all = bc_classifier_new(BC_CLASSIFY_ALL);
	char buf[8192];
	int n;

	if (!c || !all)
		abort();
	n = snprintf(buf, sizeof(buf), "%s%s%s", OOM_HEADER("awk", "412"),
		     "[   60.000030] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=awk,pid=412,uid=0\n",
		     kill_line);
	classify1(buf, c);
	CHECKF(!strcmp(c->function, "awk") && !strcmp(c->image, "vmlinux") &&
	       c->culprit < 0 && c->nframes == 0 && !c->corrupted &&
	       !strcmp(c->failure_name, "OOM_KILL_0x23_vmlinux!awk"),
	       "victim: function '%s' image '%s' name '%s' culprit %d frames %u",
	       c->function, c->image, c->failure_name, c->culprit, c->nframes);

	/* dump_header() rate limited: no summary */
	classify1(kill_line, c);
	CHECKF(!strcmp(c->title, "OOM kill in awk") &&
	       c->cls == BUGCHECK_CLASS_OOM_KILL && !c->corrupted,
	       "no summary: '%s'", c->title);
	classify1("[   60.1] Memory cgroup out of memory: Killed process 901 (stress) total-vm:266240kB, anon-rss:262144kB, file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:556kB oom_score_adj:0\n",
		  c);
	CHECKF(!strcmp(c->title, "OOM kill: CONSTRAINT_MEMCG in stress"),
	       "memcg, no summary: '%s'", c->title);
	classify1("[   60.1] Out of memory (oom_kill_allocating_task): Killed process 77 (hog) total-vm:1024kB, anon-rss:512kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:44kB oom_score_adj:0\n",
		  c);
	CHECKF(!strcmp(c->title, "OOM kill in hog"),
	       "oom_kill_allocating_task: '%s'", c->title);

	/* the summary names another victim (an oom_group kill) */
	n = snprintf(buf, sizeof(buf), "%s%s",
		     "[   60.000030] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=a,mems_allowed=0,global_oom,task_memcg=/,task=awk,pid=4120,uid=0\n",
		     kill_line);
	classify1(buf, c);
	CHECKF(!strcmp(c->title, "OOM kill in awk"),
	       "summary of pid 4120 used for pid 412: '%s'", c->title);

	/*
	 * A report still open when the OOM killer prints (a WARNING whose
	 * stack ended, no header since): the summary went into that
	 * report, and still names the constraint.  Both are found.
	 */
	n = snprintf(buf, sizeof(buf), "%s%s%s%s",
		     "[   50.000001] WARNING: CPU: 1 PID: 77 at drivers/x/y.c:10 y_commit+0x1/0x2 [y]\n",
		     CPU_LINE "[   50.000003] RIP: 0010:y_commit+0x1/0x2 [y]\n"
		     STACK("y_ioctl+0x30/0x60 [y]", "__x64_sys_ioctl+0x8d/0xd0"),
		     OOM_HEADER("awk", "412")
		     "[   60.000030] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=0,cpuset=/,mems_allowed=0-1,global_oom,task_memcg=/,task=awk,pid=412,uid=0\n",
		     kill_line);
	bc_classifier_reset(all, BC_CLASSIFY_ALL);
	bc_classifier_feed(all, buf, (size_t)n);
	bc_classifier_finish(all);
	CHECKF(bc_classifier_next(all, c) == 1 &&
	       c->cls == BUGCHECK_CLASS_WARNING &&
	       bc_classifier_next(all, c) == 1 &&
	       !strcmp(c->title, "OOM kill: CONSTRAINT_MEMORY_POLICY in awk"),
	       "after an open report: '%s'", c->title);
	bc_classifier_reset(all, BC_CLASSIFY_ALL);

	/* 4.x: "Killed process %d (%s) total-vm:..." starts the message */
	classify1("<3>[ 1234.5] Killed process 3318 (java) total-vm:4194304kB, anon-rss:3145728kB, file-rss:0kB, shmem-rss:0kB\n",
		  c);
	CHECKF(!strcmp(c->title, "OOM kill in java"), "4.x line: '%s'",
	       c->title);

	/* not the OOM killer's line */
	classify1("[   60.1] myd: Killed process 412 (awk) total-vm:1kB\n"
		  "[   60.2] watchdogd: Killed process 99 (stuck) after 30s\n"
		  "[   60.3] Out of memory: Killed process\n", c);
	CHECKF(!c->title[0], "not an OOM kill: '%s'", c->title);

	/* a crash after an OOM kill is the crash (a record's log tail) */
	n = snprintf(buf, sizeof(buf), "%s%s", kill_line, oops);
	classify1(buf, c);
	CHECKF(c->cls == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE &&
	       !strcmp(c->function, "drv_poke"),
	       "OOM kill then oops: '%s'", c->title);
	/* ... and with --all, both, in order */
	bc_classifier_feed(all, buf, (size_t)n);
	bc_classifier_finish(all);
	CHECKF(bc_classifier_next(all, c) == 1 &&
	       c->cls == BUGCHECK_CLASS_OOM_KILL &&
	       bc_classifier_next(all, c) == 1 &&
	       c->cls == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE &&
	       bc_classifier_next(all, c) == 0,
	       "--all: OOM kill, then the oops");
	/* an oops before an OOM kill stays the first crash */
	n = snprintf(buf, sizeof(buf), "%s%s", oops, kill_line);
	classify1(buf, c);
	CHECKF(c->cls == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
	       "oops then OOM kill: '%s'", c->title);
	(void)n;
	done("OOM kill: victim, summary, rate limit, old format, crash after");
	bc_classifier_free(all);
	free(c);
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

/*
 * The same WARNING (kernel/panic.c __warn(), x86 show_regs() and
 * show_trace_log_lvl()) as consoles and tools print it: the prefix of
 * kernel/printk/printk.c info_print_prefix() ("<%u>" print_syslog(),
 * "[%5lu.%06lu]" print_time(), "[%6s]" print_caller() with T<pid> or
 * C<cpu> under CONFIG_PRINTK_CALLER), util-linux dmesg's --decode
 * ("%-6s:%-6s: " facility and level), --ctime ("[%a %b %e %T %Y]"),
 * --time-format=iso (comma before the microseconds) and --show-delta,
 * and a serial console that wraps lines at 80 columns; systemd's
 * journalctl(1) -k in its default "short" and in "short-monotonic"
 * output, and /dev/kmsg records (Documentation/ABI/testing/dev-kmsg,
 * "PRI,SEQ,USEC,FLAGS[,caller=T77];text", with " KEY=value" dictionary
 * lines and "\xNN" escapes).  Each must give the same crash, and a line
 * another program wrote to /dev/kmsg (facility "user") is no crash.
 */
static const char *const warn_lines[] = {
	"------------[ cut here ]------------",
	"WARNING: CPU: 1 PID: 77 at drivers/foo/bar.c:120 bar_fill+0x80/0xa0 [bar]",
	"Modules linked in: bar",
	"CPU: 1 PID: 77 Comm: t Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1",
	"Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
	"RIP: 0010:bar_fill+0x80/0xa0 [bar]",
	"Code: 48 89 e5 48 83 ec 08 e8 00 00 00 00 48 8b 45 f8 48 85 c0 74 02 <0f> 0b 5d c3",
	"RSP: 0018:ffffb3c9c0233e38 EFLAGS: 00010246",
	"Call Trace:",
	" <TASK>",
	" ? __warn+0x7d/0xc0",
	" ? bar_fill+0x80/0xa0 [bar]",
	" ? report_bug+0xe2/0x150",
	" bar_ioctl+0x10/0x20 [bar]",
	" __x64_sys_ioctl+0x8d/0xd0",
	" do_syscall_64+0x58/0xc0",
	" entry_SYSCALL_64_after_hwframe+0x64/0xce",
	" </TASK>",
	"---[ end trace 0000000000000000 ]---",
};

/*
 * /dev/kmsg 'c' records (kernel/printk/printk.c vprintk_store(): a
 * KERN_CONT printk that could not extend its caller's last record gets
 * a record of its own flagged LOG_CONT) are fragments of the line
 * before them of the same caller: arch/x86/mm/fault.c of 4.x printed
 * "BUG: unable to handle kernel " and KERN_CONT "NULL pointer
 * dereference" and " at %p\n"; a fragment of another caller, or one
 * that arrives after another caller's record, is a line of its own.
 */
static void test_kmsg_fragments(void)
{
	static const char split[] =
		"1,100,12000000,-,caller=T77;BUG: unable to handle kernel \n"
		"4,101,12000001,-,caller=T88;usb 1-1: new high-speed USB device number 2 using ehci-pci\n"
		"1,102,12000002,c,caller=T77;NULL pointer dereference\n"
		"1,103,12000003,c,caller=T77; at 0000000000000008\n"
		"1,104,12000004,-,caller=T77;IP: drv_read+0x1c/0x60 [drv]\n"
		"4,105,12000005,-,caller=T77;Oops: 0000 [#1] SMP\n"
		"4,106,12000006,c,caller=T77; PTI\n"
		"4,107,12000007,-,caller=T77;Call Trace:\n"
		"4,108,12000008,-,caller=T77; vfs_read+0xb0/0x1e0\n"
		"4,109,12000009,-,caller=T77; ksys_read+0x74/0x100\n"
		"4,110,12000010,-,caller=T77; do_syscall_64+0x58/0xc0\n";
	static const char joined[] =
		"1,100,12000000,-,caller=T77;BUG: unable to handle kernel \n"
		"1,102,12000002,c,caller=T77;NULL pointer dereference\n"
		"1,103,12000003,c,caller=T77; at 0000000000000008\n"
		"1,104,12000004,-,caller=T77;IP: drv_read+0x1c/0x60 [drv]\n"
		"4,105,12000005,-,caller=T77;Oops: 0000 [#1] SMP\n"
		"4,107,12000007,-,caller=T77;Call Trace:\n"
		"4,108,12000008,-,caller=T77; vfs_read+0xb0/0x1e0\n"
		"4,109,12000009,-,caller=T77; ksys_read+0x74/0x100\n"
		"4,110,12000010,-,caller=T77; do_syscall_64+0x58/0xc0\n";
	struct bc_classification c;

	classify1(joined, &c);
	CHECKF(!strcmp(c.title, "BUG: unable to handle kernel NULL pointer dereference in drv_read") &&
	       !strcmp(c.image, "drv") && !c.corrupted,
	       "fragments: title '%s' image '%s' corrupted %d", c.title, c.image, c.corrupted);
	classify1(split, &c);
	CHECKF(!strcmp(c.title, "BUG: unable to handle kernel in drv_read") ||
	       c.corrupted, "another caller's record between: title '%s'", c.title);
	done("/dev/kmsg 'c' fragments continue their caller's line");
}

static void test_console_prefixes(void)
{
	static const char *const shapes[] = {
		"%s",
		"[   12.%06u] %s",
		"<4>[   12.%06u] %s",
		"[   12.%06u][   T77] %s",
		"[   12.%06u][    C1] %s",
		"kern  :warn  : [   12.%06u] %s",
		"kern  :warn  : [Wed Dec  2 12:00:%02u 2026] %s",
		"[Wed Dec  2 12:00:%02u 2026] %s",
		"kern  :warn  : 2026-12-02T12:00:%02u,123456+00:00 %s",
		"[   12.%06u <    0.000100>] %s",
		"wrap80 [   12.%06u] %s",
		"Dec 02 12:00:%02u testhost kernel: %s",
		"[   12.%06u] testhost kernel: %s",
		"4,%u,12000000,-,caller=T77;%s",
		"4,%u,12000000,-;%s\n SUBSYSTEM=pci\n DEVICE=+pci:0000:00:01.0",
	};
	static char log[8192], line[512];
	struct bc_classification c;
	size_t s, i;

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		bool wrap = !strncmp(shapes[s], "wrap80 ", 7);
		const char *fmt = shapes[s] + (wrap ? 7 : 0);
		size_t n = 0;

		for (i = 0; i < sizeof(warn_lines) / sizeof(warn_lines[0]); i++) {
			int k;

			if (!strcmp(fmt, "%s"))
				k = snprintf(line, sizeof(line), "%s", warn_lines[i]);
			else
				k = snprintf(line, sizeof(line), fmt,
					     (unsigned int)i + 1, warn_lines[i]);
			if (k < 0 || (size_t)k >= sizeof(line))
				abort();
			/* a serial console cuts at 80 columns */
			while (wrap && k > 80) {
				memcpy(log + n, line, 80);
				log[n + 80] = '\n';
				n += 81;
				memmove(line, line + 80, (size_t)k - 79);
				k -= 80;
			}
			n += (size_t)snprintf(log + n, sizeof(log) - n, "%s\n", line);
		}
		classify1(log, &c);
		CHECKF(!strcmp(c.title, "WARNING in bar_fill") &&
		       !strcmp(c.image, "bar") && !c.corrupted,
		       "shape '%s': title '%s' image '%s'%s", shapes[s],
		       c.title, c.image, c.corrupted ? " corrupted" : "");
	}
	classify1("user  :notice: [   11.000000] WARNING: CPU: 1 PID: 1 at x.c:1 fake+0x1/0x2\n"
		  "user  :notice: [   11.000001] RIP: 0010:fake+0x1/0x2\n", &c);
	CHECKF(!c.title[0], "a /dev/kmsg line of a program is a crash: '%s'",
	       c.title);
	classify1("12,5,11000000,-;WARNING: CPU: 1 PID: 1 at x.c:1 fake+0x1/0x2\n"
		  "12,6,11000001,-;RIP: 0010:fake+0x1/0x2\n", &c);
	CHECKF(!c.title[0], "a /dev/kmsg record of a program is a crash: '%s'",
	       c.title);
	/* "\x5c" is an escaped backslash, "\x09" a tab */
	classify1("4,1,5000000,-;kernel BUG at drivers/x\\x5cy.c:7!\n"
		  " SUBSYSTEM=x\n"
		  "4,2,5000001,-;invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		  "4,3,5000002,-;RIP: 0010:x_run+0x1/0x2 [x]\\x09\n"
		  "4,4,5000003,-;Call Trace:\n", &c);
	CHECKF(!strcmp(c.title, "kernel BUG in x_run") && !strcmp(c.image, "x"),
	       "escaped /dev/kmsg records: title '%s' image '%s'", c.title,
	       c.image);
	done("one crash through every console and dmesg prefix");
}

/*
 * arch/x86/kernel/traps.c show_signal() reports a user task killed by a
 * trap under the pr_fmt "traps: ": no kernel crash.  The same file's
 * exc_double_fault() prints its kernel panic under that prefix too.
 */
static void test_user_trap_notice(void)
{
	struct bc_classification c;

	classify1("[   30.000001] traps: init[1] general protection fault ip:7f3c1b2e5f33 sp:7ffd4a6b1e28 error:0 in libc.so.6[7f3c1b200000+155000]\n"
		  "[   30.000002] traps: modprobe[201] trap divide error ip:55d0c2a3b000 sp:7ffd4a6b1e28 error:0 in modprobe[55d0c2a00000+20000]\n"
		  "[   30.000003] traps: sh[77] trap invalid opcode ip:4011d6 sp:7ffd4a6b1e28 error:0 in sh[401000+1000]\n"
		  "[   30.000004] traps: sh[78] trap bounds ip:4011d6 sp:7ffd4a6b1e28 error:0 in sh[401000+1000]\n"
		  /* x86 trap names that do not start a die() header */
		  "[   30.000005] counter overflow: 0000 [#1]\n"
		  "[   30.000006] bounds: index 7 of 4\n"
		  "[   30.000007] Split lock detected on CPU 3\n",
		  &c);
	CHECKF(!c.title[0], "a user trap notice is a crash: '%s'", c.title);
	classify1("[   30.000001] traps: PANIC: double fault, error_code: 0x0\n"
		  CPU_LINE
		  "[   30.000003] RIP: 0010:df_loop+0x4/0x10 [dfmod]\n",
		  &c);
	CHECKF(!strcmp(c.title, "PANIC: double fault in df_loop"),
	       "double fault under the traps: prefix: '%s'", c.title);
	done("traps: show_signal() notices of user tasks are no crash");
}

/*
 * An unchecked MSR access error (arch/x86/mm/extable.c) is a warning
 * the kernel goes on after: a crash after it is the result.
 */
static void test_msr_then_crash(void)
{
	struct bc_classification c;

	classify1("[   20.000001] unchecked MSR access error: RDMSR from 0x1234 at rIP: 0xffffffff8107b4a4 (native_read_msr+0x4/0x20)\n"
		  "[   20.000002] Call Trace:\n"
		  "[   20.000003]  <TASK>\n"
		  "[   20.000004]  msrdrv_enable+0x2a/0x60 [msrdrv]\n"
		  "[   20.000005]  </TASK>\n"
		  "[   21.000001] divide error: 0000 [#1] PREEMPT SMP NOPTI\n"
		  "[   21.000002] RIP: 0010:bar_div+0x5/0x10 [bar]\n",
		  &c);
	CHECK_STR(c.title, "divide error in bar_div");
	classify1("[   20.000001] unchecked MSR access error: RDMSR from 0x1234 at rIP: 0xffffffff8107b4a4 (native_read_msr+0x4/0x20)\n"
		  "[   20.000002] Call Trace:\n"
		  "[   20.000003]  <TASK>\n"
		  "[   20.000004]  msrdrv_enable+0x2a/0x60 [msrdrv]\n"
		  "[   20.000005]  </TASK>\n",
		  &c);
	CHECK_STR(c.title, "unchecked MSR access error in msrdrv_enable");
	done("unchecked MSR access error: a later crash wins");
}

/*
 * A page allocation failure (warn_alloc(), mm/page_alloc.c) is a
 * warning: the kernel goes on, and a crash after it is the result unless
 * every crash is asked for.  A record or live event without the text
 * gives the same title and hash from warn_alloc()'s line and the frames.
 */
static void test_alloc_failure(void)
{
	static const char oops[] =
		"[   90.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		"[   90.000002] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		CPU_LINE
		"[   90.000003] RIP: 0010:drv_poke+0x12/0x40 [drv]\n"
		STACK("drv_ioctl+0x30/0x60 [drv]", "__x64_sys_ioctl+0x8d/0xd0");
	const char *log = report_cases[0].log;
	const struct bc_fact_frame fr[] = {
		{ "warn_alloc", NULL, 0x137 },
		{ "__alloc_pages_slowpath.constprop.0", NULL, 0xc3c },
		{ "__alloc_pages", NULL, 0x305 },
		{ "alloc_pages", NULL, 0x8b },
		{ "drv_fill_ring", "drv", 0x3c },
		{ "do_syscall_64", NULL, 0x58 },
	};
	struct bc_crash_facts fx = { 0 };
	struct bc_classification *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct bc_classifier *all = bc_classifier_new(BC_CLASSIFY_ALL);
	char buf[8192];
	size_t i;
	int n;

	if (!a || !b || !all)
		abort();
	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++)
		if (strstr(report_cases[i].source, "warn_alloc() (alloc_pages)"))
			log = report_cases[i].log;
	n = snprintf(buf, sizeof(buf), "%s%s", log, oops);
	classify1(buf, a);
	CHECKF(a->cls == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
	       "a crash after the failure: '%s'", a->title);
	bc_classifier_feed(all, buf, (size_t)n);
	bc_classifier_finish(all);
	CHECKF(bc_classifier_next(all, a) == 1 &&
	       !strcmp(a->title, "page allocation failure in drv_fill_ring") &&
	       bc_classifier_next(all, a) == 1 &&
	       a->cls == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
	       "--all: both, failure first: '%s'", a->title);

	/* no text: warn_alloc()'s line as the message, the unwinder's frames */
	classify1(log, a);
	fx.message = "modprobe: page allocation failure: order:";
	fx.reason = BUGCHECK_REASON_OOM;
	fx.frames = fr;
	fx.nframes = sizeof(fr) / sizeof(fr[0]);
	CHECKF(bc_classify_facts(&fx, b) == 1 && !strcmp(a->title, b->title) &&
	       !strcmp(a->failure_hash, b->failure_hash) && !b->corrupted &&
	       !strcmp(b->image, "drv"),
	       "facts: '%s' %s, text: '%s' %s", b->title, b->failure_hash,
	       a->title, a->failure_hash);
	bc_classifier_free(all);
	free(a);
	free(b);
	done("page allocation failure: a later crash wins, facts agree");
}

/*
 * kernel/cfi.c with CONFIG_CFI_PERMISSIVE: the __warn() it raises is no
 * second report; kernel/time/timekeeping.c's clocksource notice (no
 * stack) is no crash.
 */
static void test_cfi_warn_one_report(void)
{
	const struct fcase *t = NULL;
	struct bc_classification c;
	struct bc_classifier *cl = bc_classifier_new(BC_CLASSIFY_ALL);
	size_t i, n = 0;

	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++)
		if (strstr(report_cases[i].source, "(permissive)"))
			t = &report_cases[i];
	if (!cl || !t)
		abort();
	bc_classifier_feed(cl, t->log, strlen(t->log));
	bc_classifier_finish(cl);
	while (bc_classifier_next(cl, &c) == 1)
		n++;
	CHECKF(n == 1, "CFI failure then its WARN: %zu reports", n);
	bc_classifier_free(cl);
	classify1("[   30.000001] INFO: timekeeping: Cycle offset (12345678) is larger than the 'tsc' clock's 50% safety margin (1234567)\n"
		  "[   30.000002] timekeeping: Your kernel is still fine, but is feeling a bit nervous\n",
		  &c);
	CHECKF(!c.title[0], "timekeeping notice is a crash: '%s'", c.title);
	done("a CFI failure's WARN is the same report; timekeeping notice");
}

/*
 * The generic-code categories of docs/classifier.md: a crash whose top
 * frames are a category's helpers, called from a driver function, blames
 * the driver function (the helpers named in each row are 6.1's, see
 * scripts/classify-generic.tsv for the file that defines each).
 */
static void test_generic_helpers(void)
{
	static const struct {
		const char *category, *a, *b, *c;
	} rows[] = {
		{ "formatting and hex dumps (lib/vsprintf.c, lib/hexdump.c)",
		  "string+0x8b/0x120", "vsnprintf+0x2e1/0x530",
		  "hex_dump_to_buffer+0x3a8/0x420" },
		{ "hex dump output (lib/hexdump.c print_hex_dump)",
		  "hex_dump_to_buffer+0x3a8/0x420", "print_hex_dump+0xb5/0x120",
		  "seq_buf_printf+0x5a/0x90" },
		{ "hash tables (lib/rhashtable.c, include/linux/rhashtable.h)",
		  "jhash+0x1a/0x180", "__rhashtable_lookup+0x4d/0x120",
		  "rhashtable_lookup_fast+0x55/0x1a0" },
		{ "page allocator and page fragments (mm/page_alloc.c, net/core/skbuff.c)",
		  "page_frag_alloc_align+0x1a/0x190",
		  "__netdev_alloc_frag_align+0x30/0x50", "__free_pages+0x9c/0xb0" },
		{ "timers (kernel/time/timer.c, hrtimer.c)",
		  "__mod_timer+0x2b4/0x5a0", "mod_timer+0x1a/0x20",
		  "hrtimer_start_range_ns+0x1c0/0x3a0" },
		{ "sanitizer runtimes (mm/kasan/, kernel/kcsan/, lib/ubsan.c)",
		  "__msan_metadata_ptr_for_load_8+0x1f/0x30", "__tsan_read8+0x90/0x150",
		  "__ubsan_handle_load_invalid_value+0x40/0x70" },
		{ "driver core (drivers/base/core.c, devres.c)",
		  "kobject_put+0x5e/0x1e0", "put_device+0x13/0x20",
		  "devm_kfree+0x2a/0x50" },
		{ "socket buffers (net/core/skbuff.c, include/linux/skbuff.h)",
		  "__skb_header_pointer+0x22/0x50", "skb_pull+0x15/0x50",
		  "skb_put+0x4a/0x60" },
		{ "address translation (arch/x86/mm/physaddr.c, include/linux/mm.h)",
		  "__phys_addr+0x31/0x70", "__virt_addr_valid+0x60/0xa0",
		  "virt_to_head_page+0x9/0x50" },
		{ "refcount (lib/refcount.c, include/linux/refcount.h)",
		  "refcount_warn_saturate+0xba/0x110",
		  "refcount_dec_and_mutex_lock+0x5e/0x90", "kref_put+0x20/0x40" },
		{ "taint and panic (kernel/panic.c)", "add_taint+0x2a/0x60",
		  "check_panic_on_warn+0x1f/0x50", "print_tainted+0x4a/0x90" },
	};
	char log[2048];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bc_classification c;
		char rip[128];

		snprintf(rip, sizeof(rip), "%s", rows[i].a);
		snprintf(log, sizeof(log),
			 "[   40.000001] general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
			 CPU_LINE
			 "[   40.000003] RIP: 0010:%s\n"
			 "[   40.000004] Code: 00 00\n"
			 "[   40.000005] Call Trace:\n"
			 "[   40.000006]  <TASK>\n"
			 "[   40.000007]  %s\n"
			 "[   40.000008]  %s\n"
			 "[   40.000009]  drv_fn+0x30/0x60 [drv]\n"
			 "[   40.000010]  drv_ioctl+0x30/0x60 [drv]\n"
			 "[   40.000011]  __x64_sys_ioctl+0x8d/0xd0\n"
			 "[   40.000012]  do_syscall_64+0x58/0xc0\n"
			 "[   40.000013]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
			 "[   40.000014]  </TASK>\n",
			 rip, rows[i].b, rows[i].c);
		classify1(log, &c);
		CHECKF(!strcmp(c.title, "general protection fault in drv_fn") &&
			       !strcmp(c.image, "drv"),
		       "%s: '%s' (%s)", rows[i].category, c.title, c.image);
	}
	done("generic helpers of every category blame the driver that called them");
}

/*
 * "WARNING:" lines that are no reports: boot, firmware and clocksource
 * notices printed with pr_warn()/pr_err() and no stack (arch/x86/kernel/
 * cpu/bugs.c, mtrr/cleanup.c, kernel/time/timekeeping.c, init/main.c);
 * WARN_ONCE(1, "WARNING: ...") (arch/x86/kernel/cpu/intel.c) is
 * __warn()'s report; lockdep's banners stay reports.
 */
static void test_warning_notices(void)
{
	struct bc_classification c;

	classify1("[    0.000000] WARNING: BIOS bug: CPU MTRRs don't cover all of memory, losing 512MB of RAM.\n"
		  "[    0.010000] WARNING: BIOS bug: VAR MTRR 3 contains strange UC entry under 1M, check with your system vendor!\n"
		  "[    0.100000] WARNING: Unprivileged eBPF is enabled with eIBRS+LFENCE mitigation and SMT, data leaks possible via Spectre v2 BHB attacks!\n"
		  "[    0.200000] RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!\n"
		  "[    0.300000] WARNING: 'bootconfig' found on the kernel command line but CONFIG_BOOT_CONFIG is not set.\n"
		  "[    5.000000] WARNING: Underflow in clocksource 'tsc' observed, time update ignored.\n"
		  "[    5.000001]          Please report this, consider using a different clocksource, if possible.\n"
		  "[    5.000002]          Your kernel is probably still fine.\n"
		  "[    6.000000] WARNING: timekeeping: Cycle offset (123) is larger than allowed by the 'tsc' clock's max_cycles value (100): time overflow danger\n"
		  "[    6.000001]          timekeeping: Your kernel is sick, but tries to cope by capping time updates\n",
		  &c);
	CHECKF(!c.title[0], "a boot notice is a crash: '%s'", c.title);
	classify1("[    0.400000] ------------[ cut here ]------------\n"
		  "[    0.400001] WARNING: SMP operation may be unreliablewith B stepping processors.\n"
		  "[    0.400002] WARNING: CPU: 1 PID: 77 at arch/x86/kernel/cpu/intel.c:503 intel_smp_check+0x4a/0x60\n"
		  "[    0.400003] Modules linked in:\n"
		  CPU_LINE
		  "[    0.400004] RIP: 0010:intel_smp_check+0x4a/0x60\n"
		  "[    0.400005] Call Trace:\n"
		  "[    0.400006]  identify_secondary_cpu+0x57/0x80\n"
		  "[    0.400007]  smp_store_cpu_info+0x45/0x50\n"
		  "[    0.400008]  start_secondary+0x48/0x140\n",
		  &c);
	CHECKF(!strcmp(c.title, "WARNING in intel_smp_check"),
	       "WARN_ONCE with a WARNING: message: '%s'", c.title);
	classify1("[   30.000001] ======================================================\n"
		  "[   30.000002] WARNING: possible circular locking dependency detected\n"
		  "[   30.000003] 6.1.0-57-amd64 #1 Not tainted\n"
		  "[   30.000004] ------------------------------------------------------\n"
		  "[   30.000005] t/77 is trying to acquire lock:\n"
		  "[   30.000006] ffff888012345678 (&dev->lock){+.+.}-{3:3}, at: drv_fn+0x30/0x60 [drv]\n"
		  "[   30.000007] \n"
		  "[   30.000008] but task is already holding lock:\n",
		  &c);
	CHECKF(c.title[0] && strstr(c.title, "possible deadlock"),
	       "a lockdep banner is no report: '%s'", c.title);
	done("WARNING: notices are no crash, WARN messages and lockdep are");
}

/*
 * Lines of 6.1 that carry crash-header words but report no crash (spec
 * 11): the ORC unwinder's orc_warn() lines (arch/x86/kernel/
 * unwind_orc.c, printk_deferred_once(KERN_WARNING "WARNING: " fmt)) and
 * dumpstack_64.c's stack recursion warning, alone and inside a report's
 * stack dump (where they must not end it); driver messages that start
 * with "Oops: " but are no die() header (drivers/media/pci/cx88/
 * cx88-video.c, saa7134-input.c); security/tomoyo/util.c's learning
 * quota and 8250_omap.c's console notice.
 */
static void test_info_lines(void)
{
	struct bc_classification c;

	classify1("[  170.000001] WARNING: stack going in the wrong direction? at do_syscall_64+0x58/0xc0\n"
		  "[  170.000002] WARNING: can't access registers at asm_common_interrupt+0x22/0x40\n"
		  "[  170.000003] WARNING: missing R10 value at entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
		  "[  170.000004] WARNING: unknown SP base reg 7 at __switch_to_asm+0x1/0x40\n"
		  "[  170.000005] WARNING: bad lookup idx: idx=4096 num=4096 ip=drv_fn+0x1/0x2 [drv]\n"
		  "[  170.000006] WARNING: Bad or missing .orc_unwind table.  Disabling unwinder.\n"
		  "[  170.000007] WARNING: stack recursion on stack type 3\n"
		  "[  180.000001] cx88/0: Oops: no 32bit PCI DMA ???\n"
		  "[  180.000002] Oops: no 32bit PCI DMA ???\n"
		  "[  180.000003] Oops: IR config error [card=3]\n"
		  "[  190.000001] WARNING: Domain '<kernel> /usr/sbin/sshd' has too many ACLs to hold. Stopped learning mode.\n"
		  "[  190.000002] WARNING: Your 'console=ttyO2' has been replaced by 'ttyS2'\n",
		  &c);
	CHECKF(!c.title[0], "an informational line is a crash: '%s'", c.title);
	done("ORC unwinder warnings, driver 'Oops:' messages are no crash");

	/*
	 * mce_notify_irq()'s pr_info(HW_ERR "Machine check events logged"):
	 * corrected errors; a report, since bugcheck watch reports them
	 * (event type mce) by this text
	 */
	classify1("[  100.000001] mce: [Hardware Error]: Machine check events logged\n",
		  &c);
	CHECKF(c.cls == BUGCHECK_CLASS_MACHINE_CHECK,
	       "corrected MCE: class %d '%s'", (int)c.cls, c.title);
	done("corrected MCEs stay a MACHINE_CHECK report (bugcheck watch's mce events)");

	/* mce_panic(): __print_mce() lines, then panic() */
	classify1("[  200.000001] mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 4: be00000000800400\n"
		  "[  200.000002] mce: [Hardware Error]: RIP !INEXACT! 10:<ffffffff81234567> {intel_idle+0x57/0xa0}\n"
		  "[  200.000003] mce: [Hardware Error]: TSC 1234 ADDR 1234 MISC 1234\n"
		  "[  200.000004] mce: [Hardware Error]: Machine check: Processor context corrupt\n"
		  "[  200.000005] Kernel panic - not syncing: Fatal local machine check\n",
		  &c);
	CHECKF(c.cls == BUGCHECK_CLASS_MACHINE_CHECK,
	       "fatal MCE: class %d '%s'", (int)c.cls, c.title);
	done("a fatal machine check's panic is a MACHINE_CHECK report");

	/* arch/microblaze/kernel/exceptions.c _exception(): no die counter */
	classify1("[   30.000001] Oops: Exception in kernel mode, sig: 11\n"
		  "[   30.000002] Kernel panic - not syncing: Fatal exception\n",
		  &c);
	CHECKF(c.title[0] && c.cls == BUGCHECK_CLASS_BAD_ACCESS,
	       "microblaze die(): class %d '%s'", (int)c.cls, c.title);
	done("'Oops: %s, sig: %ld' is a die() header");

	/* an ORC warning inside an oops's stack dump ends nothing */
	classify1("[   70.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		  "[   70.000002] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		  CPU_LINE
		  "[   70.000003] RIP: 0010:drv_poke+0x12/0x40 [drv]\n"
		  "[   70.000004] Call Trace:\n"
		  "[   70.000005]  <TASK>\n"
		  "[   70.000006]  ? __die+0x20/0x66\n"
		  "[   70.000007] WARNING: stack going in the wrong direction? at __die+0x20/0x66\n"
		  "[   70.000008]  ? page_fault_oops+0x181/0x470\n"
		  "[   70.000009]  ? asm_exc_page_fault+0x22/0x30\n"
		  "[   70.000010]  drv_write+0x30/0x60 [drv]\n"
		  "[   70.000011]  vfs_write+0xc1/0x3c0\n"
		  "[   70.000012]  ksys_write+0x5f/0xe0\n"
		  "[   70.000013]  do_syscall_64+0x58/0xc0\n"
		  "[   70.000014]  entry_SYSCALL_64_after_hwframe+0x64/0xce\n"
		  "[   70.000015]  </TASK>\n"
		  "[   70.000016] Modules linked in: drv\n",
		  &c);
	CHECKF(!strcmp(c.title, "BUG: unable to handle kernel NULL pointer dereference in drv_poke") &&
		       !strcmp(c.image, "drv") && !c.corrupted && c.nmodules == 1,
	       "ORC warning in a report: '%s' (%s) corrupted %d modules %zu",
	       c.title, c.image, c.corrupted, (size_t)c.nmodules);
	done("an ORC unwinder warning inside a stack dump stays in the report");
}

/*
 * A boot log as a kernel test robot keeps it: the firmware's and the x86
 * decompressor's lines without a printk prefix, then a long dmesg of
 * boot messages (each written from its printing code, named beside it),
 * many of which carry the words of crash headers (WARNING:, BUG, Error,
 * Firmware Bug, watchdog, panic=), in four framings: console timestamps,
 * timestamps with the CONFIG_PRINTK_CALLER field, util-linux dmesg
 * --decode ("kern  :warn  : "), and printk.time=0.  Without a report no
 * crash is found; with one x86 oops somewhere (interleaved with another
 * task's line) exactly that crash is found, with --all too; a second
 * boot after it is an unexpected reboot.
 */
struct boot_line {
	const char *lvl;	/* dmesg --decode level */
	const char *msg;
};

/* arch/x86/boot/compressed/misc.c extract_kernel() (earlyprintk=ttyS0) */
static const char *const boot_preamble[] = {
	"SeaBIOS (version 1.16.2-debian-1.16.2-1)",
	"Booting from ROM..",
	"early console in extract_kernel",
	"input_data: 0x0000000002c3a2c4",
	"input_len: 0x0000000000a1b2c3",
	"output: 0x0000000001000000",
	"kernel_total_size: 0x0000000002a2c000",
	"needed_size: 0x0000000002c00000",
	"Physical KASLR using RDRAND RDTSC...",
	"Decompressing Linux... Parsing ELF... Performing relocations... done.",
	"Booting the kernel (entry_offset: 0x0000000000000000).",
};

static const struct boot_line boot_lines[] = {
	/* init/main.c start_kernel(): linux_banner, setup_boot_config() */
	{ "notice", "Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1 (2026-11-20)" },
	/* arch/x86/kernel/setup.c setup_arch(), e820, dmi_setup() */
	{ "info", "Command line: BOOT_IMAGE=/vmlinuz-6.1.0-57-amd64 root=/dev/sda1 ro console=ttyS0,115200 panic=-1 softlockup_panic=1 oops=panic panic_on_warn=1" },
	{ "info", "BIOS-provided physical RAM map:" },
	{ "info", "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable" },
	{ "info", "NX (Execute Disable) protection: active" },
	{ "info", "DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014" },
	/* arch/x86/kernel/apic/apic.c apic_check_deadline_errata() (FW_BUG) */
	{ "warn", "[Firmware Bug]: TSC_DEADLINE disabled due to Errata; please update microcode to version: 0x3a (or later)" },
	/* arch/x86/kernel/cpu/sgx/main.c (pr_fmt "x86/cpu: ") */
	{ "info", "x86/cpu: SGX disabled by BIOS." },
	/* drivers/acpi/acpica/utxferror.c acpi_bios_error(), acpi_error(), acpi_warning() */
	{ "err", "ACPI BIOS Error (bug): Could not resolve symbol [\\_SB.PCI0.LPCB.EC0], AE_NOT_FOUND (20220331/dswload2-162)" },
	{ "err", "ACPI Error: AE_NOT_FOUND, During name lookup/catalog (20220331/psobject-220)" },
	{ "warn", "ACPI Warning: SystemIO range 0x0000000000000B00-0x0000000000000B08 conflicts with OpRegion 0x0000000000000B00-0x0000000000000B0F (\\GSA1.SMBI) (20220331/utaddress-204)" },
	/* init/main.c print_unknown_bootoptions(), start_kernel() */
	{ "notice", "Kernel command line: BOOT_IMAGE=/vmlinuz-6.1.0-57-amd64 root=/dev/sda1 ro panic_on_warn=1" },
	{ "notice", "Unknown kernel command line parameters \"BOOT_IMAGE=/vmlinuz-6.1.0-57-amd64\", will be passed to user space." },
	/* arch/x86/kernel/cpu/bugs.c: pr_fmt "Spectre V2 : ", "RETBleed: ", "Speculative Return Stack Overflow: ", "MDS: " */
	{ "err", "Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!" },
	{ "err", "RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!" },
	{ "err", "Speculative Return Stack Overflow: WARNING: kernel not compiled with CPU_SRSO." },
	{ "info", "MDS: Vulnerable: Clear CPU buffers attempted, no microcode" },
	/* arch/x86/kernel/process.c select_idle_routine() (pr_fmt KBUILD_MODNAME) */
	{ "warn", "process: WARNING: polling idle and HT enabled, performance may degrade" },
	/* kernel/rcu/tree_plugin.h rcu_bootup_announce() */
	{ "info", "rcu: Hierarchical RCU implementation." },
	{ "info", "rcu: \tRCU event tracing is enabled." },
	/* kernel/locking/lockdep.c lockdep_init(), lib/locking-selftest.c */
	{ "info", "Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar" },
	{ "info", "... MAX_LOCKDEP_SUBCLASSES:  8" },
	{ "info", " memory used by lock dependency info: 6365 kB" },
	{ "info", "| Locking API testsuite:" },
	{ "info", "                                 | spin |wlock |rlock |mutex | wsem | rsem |rtmutex" },
	{ "info", "                 A-B-B-A deadlock:  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |" },
	{ "info", "             double unlock:  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |" },
	{ "info", "Good, all 261 testcases passed! |" },
	/* init/calibrate.c, kernel/pid.c, arch/x86/kernel/smpboot.c */
	{ "info", "Calibrating delay loop (skipped), value calculated using timer frequency.. 5599.99 BogoMIPS (lpj=11199984)" },
	{ "info", "pid_max: default: 32768 minimum: 301" },
	{ "info", "smpboot: CPU0: Intel Core Processor (Skylake, IBRS) (family: 0x6, model: 0x5e, stepping: 0x3)" },
	/* kernel/watchdog_hld.c hardlockup_detector_perf_init(), kernel/watchdog.c */
	{ "info", "NMI watchdog: Enabled. Permanently consumes one hw-PMU counter." },
	{ "info", "watchdog: Disabling watchdog on nohz_full cores by default" },
	{ "info", "smp: Brought up 1 node, 2 CPUs" },
	/* arch/x86/pci/direct.c, drivers/pci/setup-res.c, drivers/pci/quirks.c */
	{ "info", "PCI: Using configuration type 1 for base access" },
	{ "info", "pci 0000:00:01.1: legacy IDE quirk: reg 0x10: [io  0x01f0-0x01f7]" },
	{ "info", "pci 0000:00:02.0: BAR 6: failed to assign [mem size 0x00010000 pref]" },
	/* drivers/acpi/pci_link.c, drivers/iommu/iommu.c */
	{ "info", "ACPI: PCI: Interrupt link LNKA configured for IRQ 10" },
	{ "info", "iommu: Default domain type: Translated" },
	/* kernel/time/clocksource.c */
	{ "info", "clocksource: Switched to clocksource kvm-clock" },
	{ "info", "Trying to unpack rootfs image as initramfs..." },
	{ "info", "serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A" },
	{ "info", "input: AT Translated Set 2 keyboard as /devices/platform/i8042/serio0/input/input1" },
	/* arch/x86/mm/dump_pagetables.c ptdump_walk_pgd_level_checkwx(), init/main.c */
	{ "info", "x86/mm: Checked W+X mappings: passed, no W+X pages found." },
	{ "info", "Freeing unused kernel image (initmem) memory: 2684K" },
	{ "info", "Write protecting the kernel read-only data: 26624k" },
	{ "info", "Run /init as init process" },
	{ "notice", "random: crng init done" },
	{ "info", "EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none." },
	/*
	 * dump_stack() callers that report no crash: fs/sysfs/dir.c
	 * sysfs_warn_dup() (then lib/kobject.c kobject_add_internal()),
	 * kernel/irq/manage.c __setup_irq() with CONFIG_DEBUG_SHIRQ (pr_fmt
	 * "genirq: "), kernel/module/main.c do_init_module()
	 */
	{ "warn", "sysfs: cannot create duplicate filename '/devices/platform/foo.0'" },
	{ "warn", "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1" },
	{ "warn", "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014" },
	{ "warn", "Call Trace:" },
	{ "warn", " <TASK>" },
	{ "warn", " dump_stack_lvl+0x44/0x5c" },
	{ "warn", " sysfs_warn_dup.cold+0x17/0x27" },
	{ "warn", " sysfs_create_dir_ns+0xbc/0xd0" },
	{ "warn", " kobject_add_internal+0xb1/0x2a0" },
	{ "warn", " device_add+0x121/0x8c0" },
	{ "warn", " do_one_initcall+0x59/0x230" },
	{ "warn", " </TASK>" },
	{ "err", "kobject_add_internal failed for foo.0 with -EEXIST, don't try to register things with the same name in the same directory." },
	{ "err", "genirq: Flags mismatch irq 9. 00000080 (drv) vs. 00000000 (acpi)" },
	{ "warn", "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1" },
	{ "warn", "Call Trace:" },
	{ "warn", " <TASK>" },
	{ "warn", " dump_stack_lvl+0x44/0x5c" },
	{ "warn", " __setup_irq.cold+0x92/0xcf" },
	{ "warn", " request_threaded_irq+0x109/0x170" },
	{ "warn", " </TASK>" },
	{ "warn", "do_init_module: 'drv'->init suspiciously returned 1, it should follow 0/-E convention" },
	{ "warn", "do_init_module: loading module anyway..." },
	/* kernel/events/core.c perf_duration_warn(), kernel/sched/rt.c sched_rt_runtime_exceeded() */
	{ "info", "perf: interrupt took too long (2503 > 2500), lowering kernel.perf_event_max_sample_rate to 79800" },
	{ "warn", "sched: RT throttling activated" },
	/* kernel/time/clocksource.c clocksource_watchdog(), arch/x86/kernel/tsc.c */
	{ "warn", "clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:" },
	{ "warn", "clocksource:                       'kvm-clock' wd_nsec: 512003270 wd_now: 2b6e4fd6b wd_last: 2a6a6c6a1 mask: ffffffffffffffff" },
	{ "info", "tsc: Marking TSC unstable due to clocksource watchdog" },
	/* kernel/time/hrtimer.c hrtimer_interrupt() */
	{ "warn", "hrtimer: interrupt took 2360024 ns" },
	{ "info", "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready" },
};

/*
 * The oops a probe hits during boot: arch/x86/mm/fault.c
 * show_fault_oops(), __die_header(), show_regs(), the unreliable "? "
 * frames arch/x86/kernel/dumpstack.c prints, and panic()'s lines.
 */
static const struct boot_line boot_oops[] = {
	{ "alert", "BUG: kernel NULL pointer dereference, address: 0000000000000008" },
	{ "alert", "#PF: supervisor read access in kernel mode" },
	{ "alert", "#PF: error_code(0x0000) - not-present page" },
	{ "warn", "Oops: 0000 [#1] PREEMPT SMP NOPTI" },
	{ "warn", "CPU: 1 PID: 1 Comm: swapper/0 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.158-1" },
	{ "warn", "RIP: 0010:drv_probe+0x2a/0x140 [drv]" },
	{ "warn", "Call Trace:" },
	{ "warn", " <TASK>" },
	{ "warn", " ? __die_body.cold+0x1a/0x1f" },
	{ "warn", " ? page_fault_oops+0xd2/0x2b0" },
	{ "warn", " ? drv_probe+0x2a/0x140 [drv]" },
	{ "warn", " platform_probe+0x41/0xa0" },
	{ "warn", " really_probe+0x1de/0x3b0" },
	{ "warn", " __driver_probe_device+0x78/0x160" },
	{ "warn", " driver_probe_device+0x1f/0x90" },
	{ "warn", " __driver_attach+0xd2/0x1c0" },
	{ "warn", " bus_for_each_dev+0x7d/0xc0" },
	{ "warn", " do_one_initcall+0x59/0x230" },
	{ "warn", " kernel_init_freeable+0x22f/0x28b" },
	{ "warn", " kernel_init+0x16/0x130" },
	{ "warn", " ret_from_fork+0x22/0x30" },
	{ "warn", " </TASK>" },
	{ "warn", "Modules linked in: drv" },
	{ "warn", "CR2: 0000000000000008" },
	{ "warn", "---[ end trace 0000000000000000 ]---" },
	{ "emerg", "Kernel panic - not syncing: Fatal exception" },
	{ "emerg", "Kernel Offset: disabled" },
	{ "emerg", "---[ end Kernel panic - not syncing: Fatal exception ]---" },
};

enum boot_frame { BF_PLAIN, BF_CALLER, BF_DECODE, BF_NOTIME, BF_N };

static size_t boot_put(char *buf, size_t at, size_t cap, enum boot_frame f,
		       unsigned int n, const char *caller,
		       const struct boot_line *l)
{
	int w = 0;

	switch (f) {
	case BF_PLAIN:
		w = snprintf(buf + at, cap - at, "[%5u.%06u] %s\n", n / 50,
			     n % 50 * 20000, l->msg);
		break;
	case BF_CALLER:
		w = snprintf(buf + at, cap - at, "[%5u.%06u][%6s] %s\n",
			     n / 50, n % 50 * 20000, caller, l->msg);
		break;
	case BF_DECODE:
		w = snprintf(buf + at, cap - at, "%-6s:%-6s: [%5u.%06u] %s\n",
			     "kern", l->lvl, n / 50, n % 50 * 20000, l->msg);
		break;
	default:
		w = snprintf(buf + at, cap - at, "%s\n", l->msg);
		break;
	}
	if (w < 0 || (size_t)w >= cap - at)
		abort();
	return at + (size_t)w;
}

/* One boot; the oops (if @oops_at >= 0) before boot_lines[oops_at]. */
static size_t boot_log(char *buf, size_t at, size_t cap, enum boot_frame f,
		       int oops_at)
{
	const size_t nb = sizeof(boot_lines) / sizeof(boot_lines[0]);
	unsigned int n = 0;
	size_t i, k;

	if (f != BF_DECODE)
		for (i = 0; i < sizeof(boot_preamble) / sizeof(boot_preamble[0]); i++) {
			int w = snprintf(buf + at, cap - at, "%s\n", boot_preamble[i]);

			if (w < 0 || (size_t)w >= cap - at)
				abort();
			at += (size_t)w;
		}
	for (i = 0; i <= nb; i++) {
		if ((int)i == oops_at)
			for (k = 0; k < sizeof(boot_oops) / sizeof(boot_oops[0]); k++) {
				at = boot_put(buf, at, cap, f, n++, "T1", &boot_oops[k]);
				/* another task's line inside the report */
				if (k == 8)
					at = boot_put(buf, at, cap, f, n++, "T45",
						      &boot_lines[nb - 1]);
			}
		if (i < nb)
			at = boot_put(buf, at, cap, f, n++, i < 20 ? "T0" : "T1",
				      &boot_lines[i]);
	}
	return at;
}

static int classify_all(const char *log, size_t len,
			struct bc_classification *out, int max)
{
	struct bc_classifier *c = bc_classifier_new(BC_CLASSIFY_ALL);
	int n = 0;

	if (!c || bc_classifier_feed(c, log, len) || bc_classifier_finish(c))
		abort();
	while (n < max && bc_classifier_next(c, &out[n]) == 1)
		n++;
	bc_classifier_free(c);
	return n;
}

static void test_boot_log(void)
{
	static const char *const fname[BF_N] = { "timestamps", "caller field",
						  "dmesg --decode", "printk.time=0" };
	static const int at[] = { -1, 0, 20, 45, 60, 78 };
	const size_t cap = 64 * 1024;
	char *buf = malloc(cap), name[128];
	struct bc_classification *r = malloc(4 * sizeof(*r));
	size_t len;
	int f, a, n;

	if (!buf || !r)
		abort();
	for (f = 0; f < BF_N; f++)
		for (a = 0; a < (int)(sizeof(at) / sizeof(at[0])); a++) {
			len = boot_log(buf, 0, cap, (enum boot_frame)f, at[a]);
			n = classify_all(buf, len, r, 4);
			if (at[a] < 0)
				snprintf(name, sizeof(name), "boot log, %s, no oops",
					 fname[f]);
			else
				snprintf(name, sizeof(name),
					 "boot log, %s, oops before line %d",
					 fname[f], at[a]);
			if (at[a] < 0) {
				CHECKF(n == 0, "%s: %d crashes, first '%s'", name, n,
				       n ? r[0].title : "");
			} else {
				CHECKF(n == 1, "%s: %d crashes, want 1", name, n);
				CHECKF(n >= 1 && !strcmp(r[0].title,
					"BUG: unable to handle kernel NULL pointer dereference in drv_probe") &&
				       !strcmp(r[0].image, "drv") && !r[0].corrupted,
				       "%s: '%s' image '%s' corrupted %d", name,
				       n ? r[0].title : "", n ? r[0].image : "",
				       n ? r[0].corrupted : 0);
			}
			done(name);
		}
	/* a second boot after the oops: the machine rebooted */
	for (f = 0; f < BF_N; f++) {
		if (f == BF_DECODE)
			continue;	/* dmesg shows one boot */
		len = boot_log(buf, 0, cap, (enum boot_frame)f, 20);
		len = boot_log(buf, len, cap, (enum boot_frame)f, -1);
		n = classify_all(buf, len, r, 4);
		snprintf(name, sizeof(name), "boot log, %s, oops then a reboot", fname[f]);
		CHECKF(n == 2 && r[1].cls == BUGCHECK_CLASS_REBOOT,
		       "%s: %d crashes, last '%s'", name, n, n ? r[n - 1].title : "");
		done(name);
	}
	free(r);
	free(buf);
}

/*
 * Reports of a newer kernel (spec 11), written from Debian's
 * linux-source-6.12 (the tree the generic table indexes second):
 * lib/dump_stack.c dump_stack_print_info() "CPU: %d UID: %u PID: %d
 * Comm: ..." and its print_tainted_verbose() line "Tainted: [W]=WARN";
 * arch/x86/kernel/dumpstack.c __die_header() "Oops: %s: %04lx [#%d]"
 * ("Oops: Oops: 0002", "Oops: general protection fault, ...: 0000",
 * "Oops: invalid opcode: 0000" after lib/bug.c's "kernel BUG at");
 * printk_stack_address() "%s %s%pBb" with kernel/kallsyms.c's
 * " [%s %20phN]" module build id, unreliable "? " entries (the
 * __pfx_ padding symbols of 6.x among them) and ret_from_fork_asm;
 * arch/x86/kernel/unwind_orc.c orc_warn() inside the stack dump;
 * kernel/module/main.c print_modules() "%s%s" taint flags and
 * " [last unloaded: %s%s]"; mm/kasan/report.c print_error_description()
 * and print_track() "%s by task %u on cpu %d at %lu.%06lus:";
 * kernel/workqueue.c process_one_work() "BUG: workqueue leaked atomic,
 * lock or RCU: %s[%d]" with "workfn=%ps".
 */
static void test_newer_formats(void)
{
	static const struct {
		const char *name, *log, *title, *image;
		unsigned int nmodules;
	} rows[] = {
		{ "6.12 general protection fault, ORC warning in the trace",
		  "[   85.123456][ T5822] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000003: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		  "[   85.123460][ T5822] KASAN: null-ptr-deref in range [0x0000000000000018-0x000000000000001f]\n"
		  "[   85.123470][ T5822] CPU: 1 UID: 0 PID: 5822 Comm: syz-executor Tainted: G        W          6.12.0-rc3-syzkaller-00044-g1234 #0\n"
		  "[   85.123471][ T5822] Tainted: [W]=WARN\n"
		  "[   85.123480][ T5822] Hardware name: Google Google Compute Engine/Google Compute Engine, BIOS Google 09/13/2024\n"
		  "[   85.123490][ T5822] RIP: 0010:drv_ioctl+0x1a/0x140 [drv 0123456789abcdef0123456789abcdef01234567]\n"
		  "[   85.123500][ T5822] Code: 48 89 fb e8 00 00 00 00 <48> 8b 43 18\n"
		  "[   85.123510][ T5822] RSP: 0018:ffffc90003a7fc48 EFLAGS: 00010202\n"
		  "[   85.123520][ T5822] Call Trace:\n"
		  "[   85.123521][ T5822]  <TASK>\n"
		  "[   85.123522][ T5822]  ? __die_body+0x5f/0xb0\n"
		  "[   85.123523][ T5822]  ? die_addr+0xb0/0xe0\n"
		  "[   85.123524][ T5822] WARNING: stack going in the wrong direction? at die_addr+0xb0/0xe0\n"
		  "[   85.123525][ T5822]  ? exc_general_protection+0x3f3/0x5b0\n"
		  "[   85.123526][ T5822]  ? asm_exc_general_protection+0x26/0x30\n"
		  "[   85.123527][ T5822]  ? drv_ioctl+0x1a/0x140 [drv 0123456789abcdef0123456789abcdef01234567]\n"
		  "[   85.123528][ T5822]  __x64_sys_ioctl+0x18f/0x220\n"
		  "[   85.123529][ T5822]  do_syscall_64+0xf3/0x230\n"
		  "[   85.123530][ T5822]  entry_SYSCALL_64_after_hwframe+0x77/0x7f\n"
		  "[   85.123531][ T5822] RIP: 0033:0x7f1234567890\n"
		  "[   85.123532][ T5822]  </TASK>\n"
		  "[   85.123533][ T5822] Modules linked in: drv [last unloaded: other_mod]\n"
		  "[   85.123534][ T5822] ---[ end trace 0000000000000000 ]---\n",
		  "general protection fault in drv_ioctl", "drv", 1 },
		{ "6.12 kernel BUG, Oops: invalid opcode",
		  "[   50.000001][ T5100] ------------[ cut here ]------------\n"
		  "[   50.000002][ T5100] kernel BUG at drivers/misc/drv.c:42!\n"
		  "[   50.000003][ T5100] Oops: invalid opcode: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		  "[   50.000004][ T5100] CPU: 1 UID: 0 PID: 5100 Comm: syz-executor Not tainted 6.12.0-syzkaller #0\n"
		  "[   50.000005][ T5100] Hardware name: Google Google Compute Engine/Google Compute Engine, BIOS Google 09/13/2024\n"
		  "[   50.000006][ T5100] RIP: 0010:drv_check+0x1f/0x30 [drv]\n"
		  "[   50.000007][ T5100] Code: 0f 0b\n"
		  "[   50.000008][ T5100] Call Trace:\n"
		  "[   50.000009][ T5100]  <TASK>\n"
		  "[   50.000010][ T5100]  ? __die_body+0x5f/0xb0\n"
		  "[   50.000011][ T5100]  ? die+0x9e/0xc0\n"
		  "[   50.000012][ T5100]  ? do_trap+0x15a/0x3d0\n"
		  "[   50.000013][ T5100]  ? drv_check+0x1f/0x30 [drv]\n"
		  "[   50.000014][ T5100]  ? handle_invalid_op+0x30/0x40\n"
		  "[   50.000015][ T5100]  ? exc_invalid_op+0x38/0x50\n"
		  "[   50.000016][ T5100]  ? asm_exc_invalid_op+0x1a/0x20\n"
		  "[   50.000017][ T5100]  drv_ioctl+0x40/0x90 [drv]\n"
		  "[   50.000018][ T5100]  __x64_sys_ioctl+0x18f/0x220\n"
		  "[   50.000019][ T5100]  do_syscall_64+0xcd/0x250\n"
		  "[   50.000020][ T5100]  entry_SYSCALL_64_after_hwframe+0x77/0x7f\n"
		  "[   50.000021][ T5100]  </TASK>\n"
		  "[   50.000022][ T5100] Modules linked in: drv(O) [last unloaded: old_drv(E)]\n"
		  "[   50.000023][ T5100] ---[ end trace 0000000000000000 ]---\n",
		  "kernel BUG in drv_check", "drv", 1 },
		{ "6.12 page fault in a work item, Oops: Oops:",
		  "[   50.000001] BUG: unable to handle page fault for address: ffffc90000a3f000\n"
		  "[   50.000002] #PF: supervisor write access in kernel mode\n"
		  "[   50.000003] #PF: error_code(0x0002) - not-present page\n"
		  "[   50.000004] PGD 100000067 P4D 100000067 PUD 1001c4067 PMD 10a2b3067 PTE 0\n"
		  "[   50.000005] Oops: Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		  "[   50.000006] CPU: 3 UID: 0 PID: 812 Comm: kworker/3:2 Tainted: G        W  OE      6.12.0-rc1 #1\n"
		  "[   50.000007] Tainted: [W]=WARN, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE\n"
		  "[   50.000008] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014\n"
		  "[   50.000009] Workqueue: events drv_work_fn [drv]\n"
		  "[   50.000010] RIP: 0010:drv_fill+0x22/0x50 [drv]\n"
		  "[   50.000011] RSP: 0018:ffffc90000a3be38 EFLAGS: 00010246\n"
		  "[   50.000012] Call Trace:\n"
		  "[   50.000013]  <TASK>\n"
		  "[   50.000014]  ? __die+0x23/0x70\n"
		  "[   50.000015]  ? page_fault_oops+0x181/0x4b0\n"
		  "[   50.000016]  ? exc_page_fault+0x7c/0x180\n"
		  "[   50.000017]  ? asm_exc_page_fault+0x26/0x30\n"
		  "[   50.000018]  ? drv_fill+0x22/0x50 [drv]\n"
		  "[   50.000019]  drv_work_fn+0x3a/0x70 [drv]\n"
		  "[   50.000020]  process_one_work+0x17b/0x3c0\n"
		  "[   50.000021]  worker_thread+0x2b4/0x3c0\n"
		  "[   50.000022]  ? __pfx_worker_thread+0x10/0x10\n"
		  "[   50.000023]  kthread+0xd2/0x100\n"
		  "[   50.000024]  ? __pfx_kthread+0x10/0x10\n"
		  "[   50.000025]  ret_from_fork+0x34/0x50\n"
		  "[   50.000026]  ? __pfx_kthread+0x10/0x10\n"
		  "[   50.000027]  ret_from_fork_asm+0x1a/0x30\n"
		  "[   50.000028]  </TASK>\n"
		  "[   50.000029] Modules linked in: drv(OE) nls_utf8 isofs\n"
		  "[   50.000030] CR2: ffffc90000a3f000\n"
		  "[   50.000031] ---[ end trace 0000000000000000 ]---\n",
		  "BUG: unable to handle kernel paging request in drv_fill", "drv", 3 },
		{ "6.12 KASAN slab-use-after-free",
		  "[  120.100000][ T6001] ==================================================================\n"
		  "[  120.100001][ T6001] BUG: KASAN: slab-use-after-free in drv_read+0x5c/0x80 [drv]\n"
		  "[  120.100002][ T6001] Read of size 8 at addr ffff888012345678 by task syz.0.17/6001\n"
		  "[  120.100003][ T6001] \n"
		  "[  120.100004][ T6001] CPU: 0 UID: 0 PID: 6001 Comm: syz.0.17 Tainted: G           O       6.12.0-syzkaller #0\n"
		  "[  120.100005][ T6001] Tainted: [O]=OOT_MODULE\n"
		  "[  120.100006][ T6001] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014\n"
		  "[  120.100007][ T6001] Call Trace:\n"
		  "[  120.100008][ T6001]  <TASK>\n"
		  "[  120.100009][ T6001]  dump_stack_lvl+0x116/0x1b0\n"
		  "[  120.100010][ T6001]  print_report+0xc3/0x620\n"
		  "[  120.100011][ T6001]  kasan_report+0xd9/0x110\n"
		  "[  120.100012][ T6001]  drv_read+0x5c/0x80 [drv 0123456789abcdef0123456789abcdef01234567]\n"
		  "[  120.100013][ T6001]  vfs_read+0x1ce/0xbd0\n"
		  "[  120.100014][ T6001]  ksys_read+0x12f/0x260\n"
		  "[  120.100015][ T6001]  do_syscall_64+0xcd/0x250\n"
		  "[  120.100016][ T6001]  entry_SYSCALL_64_after_hwframe+0x77/0x7f\n"
		  "[  120.100017][ T6001] RIP: 0033:0x7f2b1c98e169\n"
		  "[  120.100018][ T6001] RSP: 002b:00007ffc5d2e1c28 EFLAGS: 00000246 ORIG_RAX: 0000000000000000\n"
		  "[  120.100019][ T6001]  </TASK>\n"
		  "[  120.100020][ T6001] \n"
		  "[  120.100021][ T6001] Allocated by task 6001 on cpu 0 at 120.090000s:\n"
		  "[  120.100022][ T6001]  kasan_save_stack+0x33/0x60\n"
		  "[  120.100023][ T6001]  kasan_save_track+0x14/0x30\n"
		  "[  120.100024][ T6001]  __kasan_kmalloc+0xaa/0xb0\n"
		  "[  120.100025][ T6001]  drv_open+0x3c/0x90 [drv]\n"
		  "[  120.100026][ T6001] \n"
		  "[  120.100027][ T6001] Freed by task 6001 on cpu 0 at 120.095000s:\n"
		  "[  120.100028][ T6001]  kasan_save_stack+0x33/0x60\n"
		  "[  120.100029][ T6001]  kfree+0x14f/0x4b0\n"
		  "[  120.100030][ T6001]  drv_release+0x2c/0x50 [drv]\n"
		  "[  120.100031][ T6001] \n"
		  "[  120.100032][ T6001] The buggy address belongs to the object at ffff888012345600\n"
		  "[  120.100033][ T6001]  which belongs to the cache kmalloc-192 of size 192\n"
		  "[  120.100034][ T6001] ==================================================================\n",
		  "KASAN: slab-use-after-free Read in drv_read", "drv", 0 },
		{ "6.12 workqueue leak",
		  "[   90.000001][ T4321] BUG: workqueue leaked atomic, lock or RCU: kworker/1:3[4321]\n"
		  "[   90.000002][ T4321]      preempt=0x00000000 lock=0->1 RCU=0->0 workfn=drv_work_fn [drv]\n"
		  "[   90.000003][ T4321] 1 lock held by kworker/1:3/4321:\n"
		  "[   90.000004][ T4321]  #0: ffff888012345678 (&dev->lock){+.+.}-{3:3}, at: drv_work_fn+0x30/0x60 [drv]\n"
		  "[   90.000005][ T4321] CPU: 1 UID: 0 PID: 4321 Comm: kworker/1:3 Not tainted 6.12.0 #1\n"
		  "[   90.000006][ T4321] Workqueue: events drv_work_fn [drv]\n"
		  "[   90.000007][ T4321] Call Trace:\n"
		  "[   90.000008][ T4321]  <TASK>\n"
		  "[   90.000009][ T4321]  dump_stack_lvl+0x116/0x1b0\n"
		  "[   90.000010][ T4321]  process_one_work+0x9c3/0x1b40\n"
		  "[   90.000011][ T4321]  worker_thread+0x6c8/0xf00\n"
		  "[   90.000012][ T4321]  kthread+0x2c1/0x3a0\n"
		  "[   90.000013][ T4321]  ret_from_fork+0x45/0x80\n"
		  "[   90.000014][ T4321]  ret_from_fork_asm+0x1a/0x30\n"
		  "[   90.000015][ T4321]  </TASK>\n",
		  "BUG: workqueue leaked lock or atomic in drv_work_fn", "drv", 0 },
	};
	struct bc_classification c;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bc_classification *r = malloc(4 * sizeof(*r));
		int n;

		if (!r)
			abort();
		n = classify_all(rows[i].log, strlen(rows[i].log), r, 4);
		c = r[0];
		free(r);
		CHECKF(n == 1 && !strcmp(c.title, rows[i].title) &&
			       !strcmp(c.image, rows[i].image) && !c.corrupted &&
			       c.nmodules == rows[i].nmodules,
		       "%s: %d reports, '%s' (%s) corrupted %d modules %u",
		       rows[i].name, n, n ? c.title : "", n ? c.image : "",
		       n ? c.corrupted : 0, n ? c.nmodules : 0);
		done(rows[i].name);
	}
}

/*
 * A free-text "WARNING: msg" (a pr_warn(), neither __warn()'s report nor
 * a lockdep banner) is the whole report when its printer dumps no stack
 * (drivers/mmc/core/sdio_bus.c sdio_bus_remove(): "WARNING: driver %s
 * did not remove its interrupt handler!"): title the message, not
 * corrupted (spec 11; was "... in corrupted").  With dump_stack() (6.12
 * kernel/workqueue.c __warn_flushing_systemwide_wq()) the stack names
 * the culprit.
 */
static void test_free_warning(void)
{
	struct bc_classification c;

	classify1("[   20.000001] WARNING: driver drv did not remove its interrupt handler!\n"
		  "[   20.000002] mmc0: card 0001 removed\n", &c);
	CHECKF(!strcmp(c.title, "WARNING: driver drv did not remove its interrupt handler") &&
		       !c.corrupted,
	       "free-text WARNING without a stack: '%s' corrupted %d", c.title,
	       c.corrupted);
	done("a free-text WARNING without a stack is its message");
	classify1(
		"[   20.000001] WARNING: Flushing system-wide workqueues will be prohibited in near future.\n"
		"[   20.000002] CPU: 1 UID: 0 PID: 77 Comm: t Not tainted 6.12.0 #1\n"
		"[   20.000010] Call Trace:\n"
		"[   20.000011]  <TASK>\n"
		"[   20.000012]  dump_stack_lvl+0x44/0x5c\n"
		"[   20.000013]  __warn_flushing_systemwide_wq+0x1a/0x20\n"
		"[   20.000014]  drv_remove+0x30/0x60 [drv]\n"
		"[   20.000015]  platform_remove+0x20/0x40\n"
		"[   20.000016]  device_release_driver_internal+0x1a0/0x200\n"
		"[   20.000017]  </TASK>\n",
		  &c);
	CHECKF(!strcmp(c.title, "WARNING: Flushing system-wide workqueues will be prohibited in near future in drv_remove") &&
		       !strcmp(c.image, "drv") && !c.corrupted,
	       "free-text WARNING with dump_stack(): '%s' (%s) corrupted %d",
	       c.title, c.image, c.corrupted);
	done("a free-text WARNING with dump_stack() blames the stack");
}

/*
 * A Rust panic (spec 11), written from 6.12: rust/kernel/lib.rs's
 * #[panic_handler] pr_emerg!()s "rust_kernel: panicked at FILE:L:C:" and
 * the message, then calls rust_helper_BUG() (rust/helpers/bug.c), whose
 * BUG() prints lib/bug.c's "kernel BUG at rust/helpers/bug.c:7!" and the
 * x86 oops: one report.  Frames are Rust v0 names (the Makefile's
 * -Csymbol-mangling-version=v0), read as rustc-demangle prints them; the
 * panic path in __rustc and core is generic.  Malformed v0 names (a back
 * reference to itself, cut names, punycode) stay as printed.
 */
static void test_rust_panic(void)
{
	struct bc_classification c;

	classify1("[   23.000001][  T298] rust_kernel: panicked at drivers/misc/rust_drv/device.rs:87:13:\n"
		  "[   23.000002][  T298] attempt to add with overflow\n"
		  "[   23.000003][  T298] ------------[ cut here ]------------\n"
		  "[   23.000004][  T298] kernel BUG at rust/helpers/bug.c:7!\n"
		  "[   23.000005][  T298] Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		  "[   23.000006][  T298] CPU: 0 UID: 0 PID: 298 Comm: t Not tainted 6.12.0 #1\n"
		  "[   23.000007][  T298] RIP: 0010:rust_helper_BUG+0x8/0x10\n"
		  "[   23.000008][  T298] Call Trace:\n"
		  "[   23.000009][  T298]  <TASK>\n"
		  "[   23.000010][  T298]  ? __die_body+0x1e/0x60\n"
		  "[   23.000011][  T298]  _RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind+0x15b/0x160\n"
		  "[   23.000012][  T298]  _RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt+0x84/0x90\n"
		  "[   23.000013][  T298]  _RNvNtNtCs9jEwPDbx20M_4core9panicking11panic_const24panic_const_add_overflow+0xb2/0xc0\n"
		  "[   23.000014][  T298]  _RNvMs0_NtCshgDM7dBCdno_8rust_drv6deviceNtB5_6Device4poke+0x17e/0x190 [rust_drv]\n"
		  "[   23.000015][  T298]  _RNvXs_NtCshgDM7dBCdno_8rust_drv6deviceNtB4_6DeviceNtNtCs43vyB533jt3_6kernel4file10Operations5ioctl+0x41/0x2c0 [rust_drv]\n"
		  "[   23.000016][  T298]  __x64_sys_ioctl+0x18f/0x220\n"
		  "[   23.000017][  T298]  do_syscall_64+0xcd/0x250\n"
		  "[   23.000018][  T298]  entry_SYSCALL_64_after_hwframe+0x77/0x7f\n"
		  "[   23.000019][  T298]  </TASK>\n"
		  "[   23.000020][  T298] Modules linked in: rust_drv\n",
		  &c);
	CHECKF(!strcmp(c.title, "attempt to add with overflow in <rust_drv::device::Device>::poke") &&
		       !strcmp(c.image, "rust_drv") && !c.corrupted &&
		       c.nframes >= 5 &&
		       !strcmp(c.frames[4].function,
			       "<rust_drv::device::Device as kernel::file::Operations>::ioctl"),
	       "Rust panic: '%s' (%s) corrupted %d, frame 4 '%s'", c.title,
	       c.image, c.corrupted, c.nframes >= 5 ? c.frames[4].function : "");
	done("a Rust panic and its BUG() are one report, v0 names demangled");
	classify1("[   23.000001] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		  "[   23.000002] Oops: 0002 [#1] SMP\n"
		  "[   23.000003] Call Trace:\n"
		  "[   23.000004]  _RB_+0x1/0x2\n"
		  "[   23.000005]  _RNvB0_3foo+0x1/0x2\n"
		  "[   23.000006]  _RNvCs_u3foo3bar+0x1/0x2\n"
		  "[   23.000007]  _RNvNtC3foo+0x1/0x2\n"
		  "[   23.000008]  _RINvC3foo3barBz_E+0x1/0x2\n",
		  &c);
	CHECKF(!strcmp(c.function, "_RB_") && c.nframes == 5 &&
		       !strcmp(c.frames[1].function, "_RNvB0_3foo") &&
		       !strcmp(c.frames[4].function, "_RINvC3foo3barBz_E"),
	       "malformed v0 names: '%s' frames %u", c.function, c.nframes);
	done("malformed Rust v0 names stay as printed");
}

int main(void)
{
	test_formats();
	test_console_prefixes();
	test_kmsg_fragments();
	test_user_trap_notice();
	test_hash_spec();
	test_oom_kill();
	test_alloc_failure();
	test_msr_then_crash();
	test_cfi_warn_one_report();
	test_generic_helpers();
	test_warning_notices();
	test_info_lines();
	test_newer_formats();
	test_free_warning();
	test_rust_panic();
	test_boot_log();
	test_reset();
	return tap_end();
}
