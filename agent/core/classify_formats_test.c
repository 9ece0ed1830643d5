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
