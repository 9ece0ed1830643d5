// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the classifier: the report formats Debian's 6.1 x86_64
 * kernel prints, metamorphic invariance of the failure hash, the record
 * (facts) path, streaming in tiny pieces, and hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "classify_int.h"

#define TAP_SUITE "classifier-unit"
#include "tap.h"

struct tcase {
	const char *name;
	const char *log;
	const char *title;
	enum bugcheck_class cls;
	const char *image;
};

static const struct tcase report_cases[] = {
	{ "null-deref",
	  "[  123.456789] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	  "[  123.456800] #PF: supervisor write access in kernel mode\n"
	  "[  123.456803] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
	  "[  123.456804] CPU: 1 PID: 4242 Comm: insmod Tainted: G           OE      6.1.0-13-amd64 #1  Debian 6.1.55-1\n"
	  "[  123.456806] RIP: 0010:crash_write+0x12/0x40 [bugcheck_crashtest]\n"
	  "[  123.456809] Call Trace:\n"
	  "[  123.456810]  <TASK>\n"
	  "[  123.456811]  ? __die+0x23/0x70\n"
	  "[  123.456813]  full_proxy_write+0x5a/0x90\n"
	  "[  123.456814]  vfs_write+0xe1/0x3a0\n"
	  "[  123.456818]  </TASK>\n"
	  "[  123.456819] Modules linked in: bugcheck_crashtest(OE) e1000\n"
	  "[  123.456830] Kernel panic - not syncing: Fatal exception\n",
	  "BUG: unable to handle kernel NULL pointer dereference in crash_write",
	  BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "bugcheck_crashtest" },
	{ "kernel-bug",
	  "[   10.000000] kernel BUG at drivers/misc/foo.c:42!\n"
	  "[   10.000001] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[   10.000002] CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1\n"
	  "[   10.000003] RIP: 0010:foo_ioctl+0x20/0x50 [foo]\n"
	  "[   10.000004] Call Trace:\n"
	  "[   10.000005]  <TASK>\n"
	  "[   10.000006]  __x64_sys_ioctl+0x8d/0xd0\n"
	  "[   10.000007]  do_syscall_64+0x58/0xc0\n",
	  "kernel BUG in foo_ioctl", BUGCHECK_CLASS_KERNEL_BUG, "foo" },
	{ "divide-error",
	  "[    5.1] divide error: 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[    5.2] RIP: 0010:bar_div+0x5/0x10 [bar]\n",
	  "divide error in bar_div", BUGCHECK_CLASS_DIVIDE_ERROR, "bar" },
	{ "gpf",
	  "[    5.1] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[    5.2] RIP: 0010:list_walk+0x15/0x30\n"
	  "[    5.3] Call Trace:\n"
	  "[    5.4]  <TASK>\n"
	  "[    5.5]  caller_fn+0x1/0x2\n",
	  "general protection fault in list_walk",
	  BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "vmlinux" },
	{ "soft-lockup",
	  "[   48.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [spin:123]\n"
	  "[   48.2] RIP: 0010:spin_forever+0x5/0x10 [crashtest]\n"
	  "[   48.3] Call Trace:\n"
	  "[   48.4]  <TASK>\n"
	  "[   48.5]  spin_forever+0x5/0x10 [crashtest]\n"
	  "[   48.6]  crash_write+0x30/0x40 [crashtest]\n"
	  "[   48.7]  vfs_write+0xe1/0x3a0\n"
	  "[   48.8]  ksys_write+0x6f/0xf0\n"
	  "[   48.9]  do_syscall_64+0x58/0xc0\n",
	  "BUG: soft lockup in crash_write", BUGCHECK_CLASS_SOFT_LOCKUP,
	  "crashtest" },
	{ "hung-task",
	  "[  245.1] INFO: task cat:77 blocked for more than 120 seconds.\n"
	  "[  245.2]       Not tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1\n"
	  "[  245.3] Call Trace:\n"
	  "[  245.4]  <TASK>\n"
	  "[  245.5]  __schedule+0x351/0xa20\n"
	  "[  245.6]  schedule+0x5d/0xe0\n"
	  "[  245.7]  schedule_preempt_disabled+0x14/0x30\n"
	  "[  245.8]  __mutex_lock.constprop.0+0x3a6/0x6f0\n"
	  "[  245.9]  hold_read+0x10/0x30 [crashtest]\n"
	  "[  246.0]  vfs_read+0xa0/0x2f0\n"
	  "[  246.1] Kernel panic - not syncing: hung_task: blocked tasks\n",
	  "INFO: task hung in hold_read", BUGCHECK_CLASS_HUNG_TASK, "crashtest" },
	{ "warning",
	  "[    1.0] ------------[ cut here ]------------\n"
	  "[    1.1] WARNING: CPU: 0 PID: 1 at drivers/x/warn.c:10 warn_fn+0x10/0x20 [wmod]\n"
	  "[    1.2] Modules linked in: wmod(O)\n"
	  "[    1.3] RIP: 0010:warn_fn+0x10/0x20 [wmod]\n",
	  "WARNING in warn_fn", BUGCHECK_CLASS_WARNING, "wmod" },
	{ "panic",
	  "[    3.0] Kernel panic - not syncing: bugcheck test panic 12\n",
	  "kernel panic: bugcheck test panic NUM", BUGCHECK_CLASS_KERNEL_PANIC,
	  "vmlinux" },
	{ "stack-guard",
	  "[    3.0] BUG: stack guard page was hit at 00000000d9a7e5d2 (stack is 0000000061c6a0b2..00000000f0f0bb2d)\n"
	  "[    3.1] kernel stack overflow (double-fault): 0000 [#1] PREEMPT SMP NOPTI\n"
	  "[    3.2] RIP: 0010:recurse+0x9/0x20 [crashtest]\n"
	  "[    3.3] Call Trace:\n"
	  "[    3.3]  <TASK>\n"
	  "[    3.3]  recurse+0x15/0x20 [crashtest]\n"
	  "[    3.3]  recurse+0x15/0x20 [crashtest]\n"
	  "[    3.4]  crash_write+0x30/0x40 [crashtest]\n"
	  "[    3.4]  vfs_write+0xe1/0x3a0\n"
	  "[    3.4]  ksys_write+0x6f/0xf0\n"
	  "[    3.5]  do_syscall_64+0x58/0xc0\n",
	  "BUG: stack guard page was hit in crash_write",
	  BUGCHECK_CLASS_STACK_OVERFLOW, "crashtest" },
	{ "syslog",
	  "Jan  2 03:04:05 host kernel: [    5.1] divide error: 0000 [#1] SMP\r\n"
	  "Jan  2 03:04:05 host sshd[12]: divide error: 1 (not kernel)\r\n"
	  "Jan  2 03:04:05 host kernel: [    5.2] RIP: 0010:bar_div+0x5/0x10 [bar]\r\n",
	  "divide error in bar_div", BUGCHECK_CLASS_DIVIDE_ERROR, "bar" },
	{ "glued-login-prompt",
	  "host login: [   50.100000][    C1] divide error: 0000 [#1] SMP\n"
	  "[   50.100001][    C0] RIP: 0010:other_cpu+0x5/0x10\n"
	  "[   50.100002][    C1] RIP: 0010:bar_div+0x5/0x10 [bar]\n",
	  "divide error in bar_div", BUGCHECK_CLASS_DIVIDE_ERROR, "bar" },
	{ "rcu-stall-compat-ioctl",
	  "[  200.0] rcu: INFO: rcu_sched self-detected stall on CPU\n"
	  "[  200.1] Call Trace:\n"
	  "[  200.1]  <IRQ>\n"
	  "[  200.2]  update_process_times+0x25/0x60\n"
	  "[  200.2]  apic_timer_interrupt+0xf/0x20\n"
	  "[  200.2]  </IRQ>\n"
	  "[  200.3] RIP: 0010:spin_here+0x26/0x50 [foo]\n"
	  "[  200.4]  foo_ioctl+0x93/0xe60 [foo]\n"
	  "[  200.4]  foo_compat_ioctl+0x1b/0x35 [foo]\n"
	  "[  200.4]  __ia32_compat_sys_ioctl+0x23d/0x2b0\n"
	  "[  200.5]  do_fast_syscall_32+0x270/0xe90\n",
	  "INFO: rcu detected stall in foo_ioctl", BUGCHECK_CLASS_RCU_STALL,
	  "foo" },
	{ "rcu-stall-no-interrupt",
	  "[  300.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	  "[  300.1] task:sh state:R  running task\n"
	  "[  300.1] Call Trace:\n"
	  "[  300.2]  ? sysvec_apic_timer_interrupt+0xaf/0xd0\n"
	  "[  300.2]  __schedule+0x1335/0x44b0\n"
	  "[  300.2]  schedule_timeout+0x1ad/0x3c0\n"
	  "[  300.3]  do_work+0x2da/0x1200\n"
	  "[  300.3]  kthread+0x2d8/0x370\n",
	  "INFO: rcu detected stall in corrupted", BUGCHECK_CLASS_RCU_STALL,
	  "vmlinux" },
	{ "oops-prefixed-gpf",
	  "[   50.0] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000004: 0000 [#1] SMP KASAN PTI\n"
	  "[   50.1] CPU: 0 PID: 7 Comm: t Not tainted 6.12.0 #1\n"
	  "[   50.1] RIP: 0010:gpf_fn+0x2a/0x40 [gmod]\n"
	  "[   50.2] Call Trace:\n"
	  "[   50.2]  <TASK>\n"
	  "[   50.2]  __x64_sys_ioctl+0x8d/0xd0\n",
	  "general protection fault in gpf_fn",
	  BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT, "gmod" },
	{ "cxx-demangled-frame",
	  "[   60.0] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
	  "[   60.0] Oops: 0000 [#1] SMP\n"
	  "[   60.1] RIP: 0010:_ZN4ring4pushEPv+0x12/0x40 [cxxmod]\n"
	  "[   60.1] Call Trace:\n"
	  "[   60.2]  _Z8fakeNameiii+0x49a/0x1a10 [cxxmod]\n",
	  "BUG: unable to handle kernel NULL pointer dereference in ring::push",
	  BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE, "cxxmod" },
	{ "preempt-caller",
	  "[   70.0] BUG: using smp_processor_id() in preemptible [00000000] code: t/9\n"
	  "[   70.0] caller is cache_node_alloc+0x200/0x330\n"
	  "[   70.1] CPU: 0 PID: 9 Comm: t Not tainted 6.1.0 #1\n"
	  "[   70.1] Call Trace:\n"
	  "[   70.1]  dump_stack+0x188/0x20d\n"
	  "[   70.2]  debug_smp_processor_id+0x88/0x9b\n"
	  "[   70.2]  cache_node_alloc+0x200/0x330\n"
	  "[   70.2]  outer_fn+0x12e/0x5c0\n",
	  "BUG: using smp_processor_id() in preemptible code in cache_node_alloc",
	  BUGCHECK_CLASS_LOCKDEP, "vmlinux" },
	{ "long-digit-run",
	  "2022/10/02 11:34:15 SYZFATAL: executor 4 failed 11 times: failed to create temp dir: mkdir ./syzkaller-testdir264563108: read-only file system\n",
	  "SYZFATAL: executor NUM failed NUM times: failed to create temp dir: mkdir ./syzkaller-testdirNUM: read-only file system",
	  BUGCHECK_CLASS_TOOL_FAILURE, "vmlinux" },
};

static int classify(const char *log, struct bc_classification *out)
{
	return bc_classify_buffer(log, strlen(log), out);
}

static void test_cases(void)
{
	struct bc_classification *c = malloc(sizeof(*c));
	size_t i;

	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++) {
		int r = classify(report_cases[i].log, c);

		CHECKF(r == 1, "%s: no crash found", report_cases[i].name);
		if (r != 1) {
			done(report_cases[i].name);
			continue;
		}
		CHECKF(!strcmp(c->title, report_cases[i].title), "%s: title '%s'",
		       report_cases[i].name, c->title);
		CHECKF(c->cls == report_cases[i].cls, "%s: class %s", report_cases[i].name,
		       bc_class_name(c->cls));
		CHECKF(!strcmp(c->image, report_cases[i].image), "%s: image '%s'",
		       report_cases[i].name, c->image);
		CHECKF(strlen(c->failure_hash) == BC_HASH_LEN, "%s: hash '%s'",
		       report_cases[i].name, c->failure_hash);
		done(report_cases[i].name);
	}
	CHECKF(classify(report_cases[0].log, c) == 1 && c->panicked &&
	       !strcmp(c->kernel_release, "6.1.0-13-amd64") &&
	       !strcmp(c->taint, "GOE") && c->nmodules == 2,
	       "metadata: rel '%s' taint '%s' mods %u", c->kernel_release,
	       c->taint, c->nmodules);
	done("release, taint, modules and panic of a report");
	CHECKF(classify("nothing to see\n[ 1.0] all fine\n", c) == 0,
	       "false positive on a clean log");
	done("a clean log has no crash");
	free(c);
}

/* Rewrite digits in a log: addresses, offsets, timestamps, pids, CPUs. */
static char *mutate(const char *log, int seed)
{
	char *s = strdup(log);
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] >= '0' && s[i] <= '9' && s[i] != '0')
			s[i] = (char)('1' + (s[i] - '1' + seed) % 9);
	return s;
}

static void test_metamorphic(void)
{
	struct bc_classification *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	size_t i;
	int seed;

	for (i = 0; i < sizeof(report_cases) / sizeof(report_cases[0]); i++) {
		/* digits of mangled names ("_ZN4ring4push") are the name */
		if (strstr(report_cases[i].log, " _Z") || strstr(report_cases[i].log, ":_Z") ||
		    classify(report_cases[i].log, a) != 1)
			continue;
		for (seed = 1; seed < 9; seed++) {
			char *m = mutate(report_cases[i].log, seed);

			CHECKF(classify(m, b) == 1 &&
			       !strcmp(a->failure_hash, b->failure_hash),
			       "%s: hash changed under rewrite %d ('%s' vs '%s')",
			       report_cases[i].name, seed, a->title, b->title);
			free(m);
		}
	}
	done("rewritten digits keep every case's hash");
	free(a);
	free(b);
}

/*
 * An explicit panic(): the record's frames start in the kmsg dumper, the
 * text's stack in panic(); both blame panic's caller, with one hash.
 */
static void test_facts_panic(struct bc_classification *a,
			     struct bc_classification *b)
{
	static const char log[] =
		"[   12.100000] Kernel panic - not syncing: foo: firmware lost\n"
		"[   12.100001] CPU: 0 PID: 91 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.0-56\n"
		"[   12.100002] Call Trace:\n"
		"[   12.100003]  <TASK>\n"
		"[   12.100004]  dump_stack_lvl+0x44/0x5c\n"
		"[   12.100005]  panic+0x118/0x2ed\n"
		"[   12.100006]  foo_watchdog+0x10/0x10 [foo]\n"
		"[   12.100007]  process_one_work+0x1c7/0x380\n"
		"[   12.100008]  </TASK>\n";
	static const struct bc_fact_frame frames[] = {
		{ "kmsg_dump", NULL, 0x4a },
		{ "panic", NULL, 0x131 },
		{ "foo_watchdog", "foo", 0x10 },
		{ "process_one_work", NULL, 0x1c7 },
	};
	struct bc_crash_facts fx = { 0 };

	fx.reason = BUGCHECK_REASON_PANIC;
	fx.nframes = 4;
	fx.frames = frames;
	fx.message = "foo: firmware lost";
	/* the record alone (no log tail): frames give the culprit */
	CHECKF(bc_classify_facts(&fx, a) == 1 && classify(log, b) == 1 &&
	       !strcmp(b->function, "foo_watchdog") && !strcmp(b->image, "foo") &&
	       !strcmp(a->failure_hash, b->failure_hash) &&
	       !strcmp(a->title, "kernel panic: foo: firmware lost"),
	       "panic: record '%s' %s vs text '%s' %s", a->title,
	       a->failure_name, b->title, b->failure_name);
	/* the record with its log tail */
	fx.log = log;
	fx.log_len = sizeof(log) - 1;
	CHECKF(bc_classify_facts(&fx, a) == 1 &&
	       !strcmp(a->failure_hash, b->failure_hash),
	       "panic with tail: record %s vs text %s", a->failure_name,
	       b->failure_name);
}

static void test_facts(void)
{
	struct bc_classification *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	static const struct bc_fact_frame frames[] = {
		{ "page_fault_oops", NULL, 0x17d },
		{ "crash_write.cold", "bugcheck_crashtest", 0x12 },
		{ "vfs_write", NULL, 0xe1 },
	};
	struct bc_crash_facts fx = { 0 };
	const char *tail;

	/* the record's log tail holds the full report */
	fx.log = report_cases[0].log;
	fx.log_len = strlen(report_cases[0].log);
	fx.reason = BUGCHECK_REASON_OOPS;
	fx.nframes = 3;
	fx.frames = frames;
	CHECKF(bc_classify_facts(&fx, a) == 1 && classify(report_cases[0].log, b) == 1 &&
	       !strcmp(a->failure_hash, b->failure_hash),
	       "record and text hash differ: '%s' vs '%s'", a->title, b->title);
	/* a tail without the stack: structured frames fill the culprit */
	tail = "[  123.456789] BUG: kernel NULL pointer dereference, address: 0000000000000000\n";
	fx.log = tail;
	fx.log_len = strlen(tail);
	CHECKF(bc_classify_facts(&fx, a) == 1 &&
	       !strcmp(a->title, report_cases[0].title) &&
	       !strcmp(a->failure_hash, b->failure_hash),
	       "record frames: '%s' %s", a->title, a->failure_name);
	/* no log at all */
	fx.log = NULL;
	fx.log_len = 0;
	fx.message = "Fatal exception";
	CHECKF(bc_classify_facts(&fx, a) == 1 && a->failure_hash[0],
	       "record without log");
	CHECKF(bc_classify_facts(NULL, a) < 0, "NULL facts accepted");
	done("record facts with and without a log tail");
	test_facts_panic(a, b);
	done("record facts of an explicit panic()");
	free(a);
	free(b);
}

static void test_streaming(void)
{
	struct bc_classification *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	const char *log = report_cases[4].log;
	struct bc_classifier *c = bc_classifier_new(0);
	size_t i;

	for (i = 0; log[i]; i++)
		bc_classifier_feed(c, log + i, 1);
	bc_classifier_finish(c);
	CHECKF(bc_classifier_next(c, a) == 1 && classify(log, b) == 1 &&
	       !strcmp(a->failure_hash, b->failure_hash),
	       "byte-wise feeding changed the result");
	done("feeding one byte at a time");
	bc_classifier_free(c);

	c = bc_classifier_new(BC_CLASSIFY_ALL);
	for (i = 0; i < 3; i++)
		bc_classifier_feed(c, report_cases[i].log, strlen(report_cases[i].log));
	bc_classifier_finish(c);
	for (i = 0; bc_classifier_next(c, a) == 1; i++)
		;
	CHECKF(i == 3, "--all found %zu crashes, want 3", i);
	done("--all finds every crash of a log");
	bc_classifier_free(c);
	free(a);
	free(b);
}

static void test_garbage(void)
{
	struct bc_classification *a = malloc(sizeof(*a));
	char *buf = malloc(1 << 20);
	unsigned int x = 12345;
	size_t i;

	for (i = 0; i < (1 << 20); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (char)(x >> 16);
	}
	memcpy(buf + 1000, "BUG: KASAN: use-after-free in ", 30);
	memcpy(buf + 5000, "WARNING: CPU: 0 PID: 1 at ", 26);
	/* passes when it returns: sanitizers catch bad reads */
	(void)bc_classify_buffer(buf, 1 << 20, a);
	done("1 MiB of random bytes with headers inside");
	free(buf);
	free(a);
}

/*
 * %pS and %pBb as kernel/kallsyms.c __sprint_symbol() writes them:
 * "%s+%#lx/%#lx", then " [%s" module, " %20phN" build id, "]".
 */
static void sprint_symbol(char *buf, size_t size, const char *name,
			  unsigned long off, unsigned long sz, const char *mod,
			  bool buildid)
{
	int n = snprintf(buf, size, "%s+%#lx/%#lx", name, off, sz);

	if (mod)
		snprintf(buf + n, size - (size_t)n, " [%s%s]", mod,
			 buildid ? " 0123456789abcdef0123456789abcdef01234567" : "");
}

/*
 * Rewrite the blanks of @in as a log pipeline may: @how 0 each space a
 * tab, 1 each space "  \t ", 2 only the @which-th space a tab, 3 a tab
 * before and " \t" after the line.
 */
static void reblank(char *out, size_t size, const char *in, int how, int which)
{
	size_t o = 0;
	int nth = 0;

	if (how == 3)
		out[o++] = '\t';
	for (; *in && o + 8 < size; in++) {
		if (*in != ' ') {
			out[o++] = *in;
			continue;
		}
		if (how == 0 || (how == 2 && nth == which)) {
			out[o++] = '\t';
		} else if (how == 1) {
			memcpy(out + o, "  \t ", 4);
			o += 4;
		} else {
			out[o++] = ' ';
		}
		nth++;
	}
	if (how == 3) {
		memcpy(out + o, " \t", 2);
		o += 2;
	}
	out[o] = '\0';
}

/*
 * The RIP and stack frame lines of the kernel's format strings, with
 * their spaces turned into tabs or runs of blanks: same frame.
 */
static void test_blanks_frames(void)
{
	char sym[256], line[512], ws[2048];
	struct {
		const char *fmt;	/* the kernel's, %s = the symbol */
		enum bc_frame_kind kind;
		bool questionable;
		bool buildid;
		const char *src;
	} lines[] = {
		/* arch/x86/kernel/dumpstack.c show_ip() "%sRIP: %04x:%pS" */
		{ "RIP: 0010:%s", BC_FK_IP, false, false, "x86 show_ip()" },
		{ "EIP: %s", BC_FK_IP, false, false, "x86-32 show_ip()" },
		/* printk_stack_address() "%s %s%pBb" */
		{ " %s", BC_FK_TRACE, false, true, "printk_stack_address()" },
		{ " ? %s", BC_FK_TRACE, true, true, "printk_stack_address() ?" },
		/* arch/arm64/kernel/process.c __show_regs() */
		{ "pc : %s", BC_FK_IP, false, false, "arm64 pc" },
		{ "lr : %s", BC_FK_LR, false, false, "arm64 lr" },
		/* arch/powerpc/kernel/process.c show_regs() "NIP ["REG"] %pS" */
		{ "NIP [c000000000012345] %s", BC_FK_IP, false, false, "powerpc NIP" },
		/* kernel/locking/lockdep.c print_lock() ", at: %pS" */
		{ " #0: ffff888012345678 (&dev->mutex){+.+.}-{3:3}, at: %s",
		  BC_FK_AT, false, false, "lockdep print_lock()" },
	};
	size_t i;
	int how, which;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		sprint_symbol(sym, sizeof(sym), "crash_write", 0x12, 0x40,
			      "bugcheck_crashtest", lines[i].buildid);
		snprintf(line, sizeof(line), lines[i].fmt, sym);
		for (how = -1; how < 4; how++) {
			for (which = 0; which < (how == 2 ? 12 : 1); which++) {
				struct bc_pframe pf;

				if (how < 0)
					snprintf(ws, sizeof(ws), "%s", line);
				else
					reblank(ws, sizeof(ws), line, how, which);
				CHECKF(bc_parse_frame_line(ws, strlen(ws), &pf) &&
				       !strcmp(pf.f.function, "crash_write") &&
				       !strcmp(pf.f.module, "bugcheck_crashtest") &&
				       pf.f.offset == 0x12 && pf.f.size == 0x40 &&
				       pf.kind == lines[i].kind &&
				       pf.questionable == lines[i].questionable,
				       "%s: '%s' -> '%s' [%s] kind %d",
				       lines[i].src, ws, pf.f.function,
				       pf.f.module, (int)pf.kind);
			}
		}
	}
	/* a symbolised inline frame keeps its marker through blanks */
	{
		struct bc_pframe pf;
		const char *l = "\tfoo_inl\tdrivers/x/y.h:12\t[inline] \t";

		CHECK(bc_parse_frame_line(l, strlen(l), &pf) && pf.inlined &&
		      !strcmp(pf.f.function, "foo_inl"));
	}
	/* blanks do not make a frame of what is none */
	{
		struct bc_pframe pf;
		const char *no[] = { "RIP:\t0010:0x0", "RIP:", "\t \t",
				     "RIP: 0010:\t", "pc :\t0000000000000000" };

		for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
			CHECKF(!bc_parse_frame_line(no[i], strlen(no[i]), &pf),
			       "'%s' gave '%s'", no[i], pf.f.function);
	}
	done("RIP and frame lines from the kernel's format strings, any blanks");
}

/* A whole report whose blanks a pipeline rewrote: same title and hash. */
static void test_blanks_report(void)
{
	const char *log = report_cases[0].log;
	char ws[8192];
	struct bc_classification a, b;
	int how;

	CHECK(bc_classify_buffer(log, strlen(log), &a) == 1);
	for (how = 0; how < 2; how++) {
		const char *p = log;
		size_t o = 0;

		/* the message after the "[  123.456789] " stamp */
		while (*p && o + 64 < sizeof(ws)) {
			const char *nl = strchr(p, '\n'), *msg = strchr(p, ']');
			char one[512], out[2048];

			memcpy(ws + o, p, (size_t)(msg + 2 - p));
			o += (size_t)(msg + 2 - p);
			snprintf(one, sizeof(one), "%.*s", (int)(nl - msg - 2),
				 msg + 2);
			/* header words stay: only RIP, trace and frames */
			if (strstr(one, "RIP:") || strstr(one, "Call Trace") ||
			    one[0] == ' ')
				reblank(out, sizeof(out), one, how, 0);
			else
				snprintf(out, sizeof(out), "%s", one);
			o += (size_t)snprintf(ws + o, sizeof(ws) - o, "%s\n", out);
			p = nl + 1;
		}
		CHECK(bc_classify_buffer(ws, o, &b) == 1);
		CHECK_STR(b.title, a.title);
		CHECK_STR(b.image, "bugcheck_crashtest");
		CHECK_STR(b.failure_hash, a.failure_hash);
	}
	/* a tab escaped in a /dev/kmsg record (msg_add_ext_text() "\x09") */
	{
		static const char rec[] =
			"0,10,5000000,-;BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
			"0,11,5000001,-;Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
			"0,12,5000002,-;RIP:\\x090010:crash_write+0x12/0x40\\x09[bugcheck_crashtest]\n";

		CHECK(bc_classify_buffer(rec, sizeof(rec) - 1, &b) == 1);
		CHECK_STR(b.title, a.title);
		CHECK_STR(b.image, "bugcheck_crashtest");
	}
	done("a report with tabs and blank runs in its RIP, trace and frames");
}

/*
 * The generated table (scripts/classify-generic.tsv, make
 * classify-gentab) against 6.1's sysfs plumbing: every function between
 * vfs_write()/vfs_read() and a driver's store/show is generic, the
 * kernfs node tree (fs/kernfs/dir.c) and the driver core's own API
 * stay blameable, and so do kernfs's own open/release bookkeeping.
 */
static void test_sysfs_table(void)
{
	static const char *const generic[] = {
		/* fs/kernfs/file.c */
		"kernfs_fop_write_iter", "kernfs_fop_read_iter",
		"kernfs_file_read_iter", "kernfs_seq_show", "kernfs_seq_start",
		"kernfs_fop_mmap", "kernfs_notify",
		/* fs/sysfs/file.c, group.c, dir.c */
		"sysfs_kf_write", "sysfs_kf_read", "sysfs_kf_seq_show",
		"sysfs_kf_bin_read", "sysfs_kf_bin_write", "sysfs_emit",
		"sysfs_emit_at", "sysfs_notify", "sysfs_create_group",
		"internal_create_group", "sysfs_warn_dup",
		/* the sysfs_ops of drivers/base/core.c, bus.c, class.c,
		 * lib/kobject.c, kernel/params.c */
		"dev_attr_store", "dev_attr_show", "device_store_ulong",
		"device_show_bool", "drv_attr_store", "bus_attr_show",
		"class_attr_store", "kobj_attr_store", "kobj_attr_show",
		"module_attr_store", "param_attr_store",
		/* names of older kernels by kernfs's naming */
		"kernfs_fop_write", "kernfs_fop_read",
	};
	static const char *const blame[] = {
		"__kernfs_remove", "__kernfs_new_node", "kernfs_add_one",
		/* kernfs's own open file bookkeeping (fs/kernfs/file.c) */
		"kernfs_fop_open", "kernfs_fop_release", "kernfs_put_open_node",
		"device_find_child", "mode_store", "level_store",
		"queue_attr_store", "foo_attr_show",
	};
	size_t i;

	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		CHECKF(bc_frame_is_generic(generic[i]), "%s not generic",
		       generic[i]);
	for (i = 0; i < sizeof(blame) / sizeof(blame[0]); i++)
		CHECKF(!bc_frame_is_generic(blame[i]), "%s generic", blame[i]);
	done("sysfs store/show plumbing of 6.1 is generic by the table");
}

int main(void)
{
	test_cases();
	test_metamorphic();
	test_facts();
	test_streaming();
	test_garbage();
	test_blanks_frames();
	test_blanks_report();
	test_sysfs_table();
	return tap_end();
}
