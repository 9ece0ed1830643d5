// SPDX-License-Identifier: GPL-2.0
/*
 * Describing one crash report: the oops header table, the title formats,
 * culprit frame selection and report metadata (release, taint, modules).
 *
 * The title formats follow the messages the kernel prints (lib/bug.c,
 * kernel/panic.c __warn(), arch/x86/mm/fault.c, arch/x86/kernel/traps.c
 * and dumpstack.c, mm/kasan/report.c, mm/kfence/report.c, mm/kmsan,
 * kernel/kcsan/report.c, lib/ubsan.c, kernel/locking/lockdep.c,
 * kernel/hung_task.c, kernel/watchdog.c, kernel/rcu/tree_stall.h,
 * mm/kmemleak.c, lib/list_debug.c, mm/usercopy.c) and produce titles in
 * syzkaller's format, so titles from both worlds bucket together.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify_report.h"

enum oops_id {
	O_BUG, O_WARNING, O_INFO, O_UNABLE, O_GPF, O_STACKSEG, O_PANIC,
	O_DOUBLE_FAULT, O_KERNEL_BUG, O_DIVIDE, O_INVALID_OP, O_UBSAN,
	O_LEAK, O_BOOT, O_NETDEV, O_INTERNAL, O_UNHANDLED, O_ALIGN,
	O_SYZFAIL, O_SYZFATAL, O_INT3, O_VFS_BUSY, O_VFS_CLOSE,
	O_STACK_OVERFLOW, O_HARD_LOCKUP, O_OOPS, O_TRUSTY, O_SLUB,
	O_LIST, O_USERCOPY, O_RUST, O_MCE, O_CFI, O_IRQ_NOBODY, O_IRQ_BOGUS,
	O_OOM_KILL, O_ALLOC_FAIL, O_X86_TRAP, O_MSR,
};

static const struct bc_oops oopses[] = {
	{ "BUG:", O_BUG, true },
	{ "WARNING:", O_WARNING, true },
	{ "INFO:", O_INFO, true },
	{ "Unable to handle kernel", O_UNABLE, true },
	{ "general protection fault", O_GPF, true },
	{ "stack segment: ", O_STACKSEG, true },
	{ "Kernel panic", O_PANIC, false },
	{ "PANIC: double fault", O_DOUBLE_FAULT, false },
	{ "kernel BUG", O_KERNEL_BUG, true },
	/*
	 * lib/bug.c report_bug() for a bug entry without file and line
	 * (!CONFIG_DEBUG_BUGVERBOSE): "Kernel BUG at %pB [verbose debug
	 * info unavailable]"
	 */
	{ "Kernel BUG at ", O_KERNEL_BUG, true },
	{ "divide error:", O_DIVIDE, true },
	{ "divide_error:", O_DIVIDE, true },
	{ "invalid opcode:", O_INVALID_OP, false },
	{ "UBSAN:", O_UBSAN, true },
	{ "unreferenced object 0x", O_LEAK, false },
	{ "Booting the kernel", O_BOOT, true },
	{ "unregister_netdevice: waiting for", O_NETDEV, false },
	{ "Internal error:", O_INTERNAL, false },
	{ "Unhandled fault:", O_UNHANDLED, true },
	{ "Alignment trap:", O_ALIGN, true },
	{ "SYZFAIL:", O_SYZFAIL, true },
	{ "SYZFATAL:", O_SYZFATAL, true },
	{ "int3: ", O_INT3, true },
	{ "VFS: Busy inodes after unmount", O_VFS_BUSY, true },
	{ "VFS: Close: file count is 0", O_VFS_CLOSE, true },
	{ "kernel stack overflow", O_STACK_OVERFLOW, false },
	{ "Watchdog detected hard LOCKUP", O_HARD_LOCKUP, true },
	{ "Oops", O_OOPS, false },
	{ "trusty: panic", O_TRUSTY, true },
	{ "list_add corruption", O_LIST, true },
	{ "list_del corruption", O_LIST, true },
	{ "usercopy: Kernel memory", O_USERCOPY, true },
	{ "usercopy: kernel memory", O_USERCOPY, true },
	{ "rust_kernel: panicked", O_RUST, true },
	/*
	 * arch/x86/kernel/cpu/mce/core.c mce_notify_irq(): corrected errors.
	 * The kernel goes on, but bugcheck watch reports them (event type
	 * mce, from the mce_record tracepoint matched to this text), so the
	 * line stays a MACHINE_CHECK header.
	 */
	{ "Machine check events logged", O_MCE, true },
	{ "Kernel panic - not syncing: Fatal machine check", O_MCE, false },
	{ "BUG ", O_SLUB, true },
	/* kernel/cfi.c report_cfi_failure() */
	{ "CFI failure at ", O_CFI, true },
	/* kernel/irq/spurious.c __report_bad_irq() */
	{ "nobody cared (try booting with", O_IRQ_NOBODY, true },
	{ ": bogus return value ", O_IRQ_BOGUS, true },
	/* mm/oom_kill.c __oom_kill_process() */
	{ "Killed process ", O_OOM_KILL, true },
	/*
	 * mm/page_alloc.c warn_alloc(), called by __alloc_pages_slowpath():
	 * "COMM: page allocation failure: order:N, mode:0x..(..),
	 * nodemask=..", then dump_stack() and show_mem(); mm/vmalloc.c
	 * __vmalloc_area_node() and __vmalloc_node_range() call it with
	 * "vmalloc error: size N, <why>"
	 */
	{ "page allocation failure: order:", O_ALLOC_FAIL, true },
	{ ": vmalloc error: size ", O_ALLOC_FAIL, true },
};

/*
 * Headers that count only at the start of a message (start_header()),
 * so they are not in the needle scan of every byte.
 */
static const struct bc_oops start_headers[] = {
	/*
	 * arch/x86/mm/extable.c ex_handler_msr() (no pr_fmt): an
	 * rdmsr/wrmsr that is not *_safe() faulted; the kernel goes on
	 * after "unchecked MSR access error: RDMSR from 0x%x at rIP: 0x%lx
	 * (%pS)" (or "WRMSR to 0x%x (tried to write 0x%08x%08x) ...") and
	 * show_stack_regs()
	 */
	{ "unchecked MSR access error: ", O_MSR, true },
	/*
	 * The other traps arch/x86/kernel/traps.c hands to die(), whose
	 * __die_header() (arch/x86/kernel/dumpstack.c) prints "%s: %04lx
	 * [#%d]%s%s..." with the trap's name: do_error_trap() "overflow",
	 * "coprocessor segment overrun", "invalid TSS", "segment not
	 * present"; exc_bounds() "bounds"; exc_alignment_check() "alignment
	 * check" and, for a split lock in the kernel, "Split lock
	 * detected\n" (its own line, the code on the next); math_error()
	 * "fpu exception", "simd exception"; exc_device_not_available()
	 * "unexpected #NM exception"; exc_iret_error() (32-bit) "iret
	 * exception"; and arch/x86/mm/fault.c pgtable_bad() __die("Bad
	 * pagetable") after "comm: Corrupted page table at address %lx".
	 * Only that exact header counts (start_header()).
	 */
	{ "overflow: ", O_X86_TRAP, true },
	{ "bounds: ", O_X86_TRAP, true },
	{ "coprocessor segment overrun: ", O_X86_TRAP, true },
	{ "invalid TSS: ", O_X86_TRAP, true },
	{ "segment not present: ", O_X86_TRAP, true },
	{ "alignment check: ", O_X86_TRAP, true },
	{ "Split lock detected", O_X86_TRAP, true },
	{ "fpu exception: ", O_X86_TRAP, true },
	{ "simd exception: ", O_X86_TRAP, true },
	{ "unexpected #NM exception: ", O_X86_TRAP, true },
	{ "iret exception: ", O_X86_TRAP, true },
	{ "Bad pagetable: ", O_X86_TRAP, true },
};

/* Lines that contain a header but are not crashes. */
static const char *const suppressions[] = {
	"INFO: lockdep is turned off", "INFO: Stall ended before state dump",
	"INFO: NMI handler", "INFO: recovery required", "_INFO::",
	"INFO: Flushed",
	/*
	 * kernel/time/timekeeping.c timekeeping_check_update(): a
	 * clocksource notice without a stack ("Your kernel is still fine")
	 */
	"INFO: timekeeping: Cycle offset",
	/*
	 * "WARNING: " notices 6.1 prints at the start of a message with
	 * pr_warn()/pr_err()/printk() and no stack: a __warn() report is
	 * "WARNING: CPU: %d PID: %d at" (kernel/panic.c), lockdep and
	 * RCU-lockdep print their banners with a stack; these are boot,
	 * firmware and clocksource notices.  arch/x86/kernel/cpu/bugs.c
	 * cpu_bugs_smt_update() (pr_fmt without prefix):
	 * SPECTRE_V2_EIBRS_LFENCE_EBPF_SMT_MSG; the file's other
	 * "WARNING: " lines carry a pr_fmt prefix ("RETBleed: ", "Spectre
	 * V2 : ", "ITS: ") and never start a header
	 */
	"WARNING: Unprivileged eBPF is enabled",
	/* arch/x86/kernel/cpu/mtrr/cleanup.c BIOS_BUG_MSG, mtrr_trim_uncached_memory() */
	"WARNING: BIOS bug: ",
	/* arch/x86/kernel/apic/io_apic.c ioapic_setup_resources() (32-bit) */
	"WARNING: bogus zero IO-APIC address",
	/* kernel/time/timekeeping.c timekeeping_check_update() */
	"WARNING: timekeeping: Cycle offset",
	"WARNING: Underflow in clocksource",
	"WARNING: Overflow in clocksource",
	/* init/main.c setup_boot_config() without CONFIG_BOOT_CONFIG */
	"WARNING: 'bootconfig' found on the kernel command line",
	/* arch/x86/boot/cpucheck.c check_cpu(), arch/x86/boot/main.c */
	"WARNING: Forcing PAE in CPU flags", "WARNING: PAE disabled.",
	"WARNING: Ancient bootloader",
	/*
	 * security/tomoyo/util.c tomoyo_domain_quota_is_ok() (pr_fmt "%s"):
	 * a domain's learning quota is full, no stack;
	 * drivers/tty/serial/8250/8250_omap.c omap8250_console_fixup()
	 */
	"WARNING: Domain '", "WARNING: Your 'console=ttyO",
	"WARNING: /etc/ssh/moduli", "WARNING: workqueue cpumask",
	"WARNING: The mand mount option", "WARNING: the mand mount option", "WARNING: Unsupported flag value",
	"WARNING: Support for", "WARNING: building with",
	"WARNING: could not", "BUG: lockdep_",
	/*
	 * arch/x86/kernel/unwind_orc.c orc_warn() and orc_warn_current():
	 * printk_deferred_once(KERN_WARNING "WARNING: " fmt), the ORC
	 * unwinder's complaints while it walks a stack (often inside the
	 * stack dump of a report, and deferred, so printed later): no report
	 * of their own, and no end of the report they interrupt.  The same
	 * for arch/x86/kernel/dumpstack_64.c (and _32.c) get_stack_info()
	 * "WARNING: stack recursion on stack type %d".  (The frame-pointer
	 * unwinder's arch/x86/kernel/unwind_frame.c "WARNING: kernel stack
	 * regs at ..." / "... frame pointer at ..." dumps the stack words and
	 * stays a report.)
	 */
	"WARNING: bad lookup idx: ", "WARNING: bad lookup value: ",
	"WARNING: Bad or missing .orc_unwind table",
	"WARNING: Corrupt .orc_unwind table",
	"WARNING: can't access registers at ",
	"WARNING: can't access iret registers at ",
	"WARNING: missing R10 value at ", "WARNING: missing R13 value at ",
	"WARNING: missing RDI value at ", "WARNING: missing DX value at ",
	"WARNING: stack going in the wrong direction?",
	"WARNING: unknown .orc_unwind entry type ",
	"WARNING: unknown BP base reg ", "WARNING: unknown SP base reg ",
	"WARNING: stack recursion on stack type ",
	/*
	 * kernel/panic.c panic() closes with "---[ end Kernel panic - not
	 * syncing: %s ]---": the end of the panic reported above, no header
	 */
	"---[ end Kernel panic",
	"Oops: ", /* matched separately, see below */
	NULL,
};

#define N_OOPSES (sizeof(oopses) / sizeof(oopses[0]))

/*
 * The needles by first byte, in table order: first_needle[c] is the
 * index + 1 of the first needle starting with c (0: none), next_needle[k]
 * that of the next one after needle k.  A console line is scanned once,
 * trying only the needles whose first byte is at hand.
 */
static unsigned char first_needle[256];
_Static_assert(N_OOPSES < 255, "needle index fits a byte");
static unsigned char next_needle[N_OOPSES];
static pthread_once_t needles_once = PTHREAD_ONCE_INIT;

static void index_needles(void)
{
	size_t i = N_OOPSES;

	while (i-- > 0) {
		unsigned char c = (unsigned char)oopses[i].needle[0];

		next_needle[i] = first_needle[c];
		first_needle[c] = (unsigned char)(i + 1);
	}
}

/* Notices about deprecated interfaces (any case: syslog may upcase). */
static const char *const notices[] = {
	"uses wireless extensions", "uses deprecated v2 capabilities", NULL,
};

static bool has_notice(const char *msg, size_t len)
{
	const char *const *s;
	size_t i, n;

	for (s = notices; *s; s++) {
		n = strlen(*s);
		for (i = 0; i + n <= len; i++)
			if (!strncasecmp(msg + i, *s, n))
				return true;
	}
	return false;
}

/*
 * arch/x86/kernel/traps.c show_signal() (pr_fmt "traps: "): a user task
 * killed by a trap, "traps: comm[pid] [trap ]<trap name> ip:.. sp:..
 * error:.. in lib[..]", is no kernel crash although it names the trap.
 */
static bool user_trap_notice(const char *msg, size_t len)
{
	const char *b;

	if (len < 8 || memcmp(msg, "traps: ", 7))
		return false;
	b = memchr(msg + 7, '[', len - 7);
	return b && bc_memstr(b, len - (size_t)(b - msg), "] ") &&
	       bc_memstr(b, len - (size_t)(b - msg), " ip:") &&
	       bc_memstr(b, len - (size_t)(b - msg), " sp:") &&
	       bc_memstr(b, len - (size_t)(b - msg), " error:");
}

static bool suppressed(const char *msg, size_t len)
{
	const char *const *s;

	if (user_trap_notice(msg, len))
		return true;
	for (s = suppressions; *s; s++)
		if (strcmp(*s, "Oops: ") && bc_memstr(msg, len, *s))
			return true;
	return has_notice(msg, len);
}

/*
 * "Oops" counts only as "Oops: <code> [#n]" or "Oops[#n]" style lines,
 * and as arch/riscv/kernel/traps.c die()'s "%s [#%d]" header of
 * die(regs, "Oops") (arch/riscv/mm/fault.c die_kernel_fault()) and of the
 * traps do_trap_error() hands it, "Oops - <trap> [#N]" (DO_ERROR_INFO():
 * "Oops - illegal instruction", "Oops - load access fault" ...).
 */
static bool real_oops_line(const char *p, size_t len)
{
	size_t k;

	/*
	 * "Oops: " is a die() header when it carries the die counter "[#N]"
	 * (arch/x86/kernel/dumpstack.c __die_header() "%s: %04lx [#%d]", and
	 * since 6.x "Oops: %s: %04lx [#%d]"; arm, powerpc, s390 die() the
	 * same) or starts with __die_header()'s 4-digit error code (cut
	 * lines, old kernels' "[N]"), or is arch/microblaze/kernel/
	 * exceptions.c _exception()'s "Oops: %s, sig: %ld".  Driver
	 * messages that start with the word ("Oops: no 32bit PCI DMA ???",
	 * drivers/media/pci/cx88/cx88-video.c; "Oops: IR config error
	 * [card=%d]", saa7134-input.c) are none of these.
	 */
	if (len >= 6 && !memcmp(p, "Oops: ", 6)) {
		if (bc_memstr(p, len, "[#") || bc_memstr(p, len, ", sig: "))
			return true;
		for (k = 6; k < len && k < 10 && isxdigit((unsigned char)p[k]); k++)
			;
		return k == 10 && (k == len || p[k] == ' ');
	}
	if (len >= 6 && !memcmp(p, "Oops[#", 6))
		return true;
	if (len >= 7 && !memcmp(p, "Oops [#", 7))
		return true;
	if (len >= 8 && !memcmp(p, "Oops - ", 7) && bc_memstr(p, len, " [#"))
		return true;
	return false;
}

/*
 * arch/s390/kernel/dumpstack.c die(): "%s: %04x ilc:%d [#%d] " with the
 * trap's name, e.g. "illegal operation: 0001 ilc:1 [#1] SMP"
 * (arch/s390/kernel/traps.c do_trap() callers; "Oops" for a fault is the
 * "Oops" header).  The name is letters, digits, blanks and "()-".
 */
static bool s390_die_line(const char *msg, size_t len)
{
	const char *p;
	size_t i, k;

	if (!isalpha((unsigned char)msg[0]))
		return false;
	/* the name holds no ':': the first one ends it (at most 64 bytes) */
	p = memchr(msg, ':', len < 64 ? len : 64);
	if (!p)
		return false;
	i = (size_t)(p - msg);
	if (len - i < 15 || p[1] != ' ' || memcmp(p + 6, " ilc:", 5) ||
	    !isdigit((unsigned char)p[11]) || memcmp(p + 12, " [#", 3))
		return false;
	for (k = 2; k < 6; k++)
		if (!isxdigit((unsigned char)p[k]))
			return false;
	for (k = 0; k < i; k++)
		if (!(isalnum((unsigned char)msg[k]) || msg[k] == ' ' ||
		      msg[k] == '(' || msg[k] == ')' || msg[k] == '-'))
			return false;
	return true;
}

static const struct bc_oops s390_die = { "", O_X86_TRAP, true };

/*
 * SLUB's own reports (mm/slub.c slab_bug()): "BUG <cache> (<taint>): <msg>",
 * e.g. "BUG kmalloc-8 (Tainted: G B): Object already free".
 */
static bool slub_line(const char *p, size_t len)
{
	size_t i = 4;
	const char *m;

	while (i < len && (isalnum((unsigned char)p[i]) || p[i] == '-' ||
			   p[i] == '_' || p[i] == ':' || p[i] == '.'))
		i++;
	if (i == 4 || i + 1 >= len || p[i] != ' ' || p[i + 1] != '(')
		return false;
	m = bc_memstr(p + i, len - i, "): ");
	/* old KASAN tags the slab object it reports on: KASAN is the finding */
	if (m && (size_t)(m + 3 - p) + 6 <= len && !memcmp(m + 3, "kasan:", 6))
		return false;
	return m != NULL;
}

/*
 * mm/oom_kill.c __oom_kill_process() (6.1):
 *   "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:..."
 * where %s is "Out of memory", "Memory cgroup out of memory" or "Out of
 * memory (oom_kill_allocating_task)"; older kernels print the line without
 * that prefix.  @at is where "Killed process " starts in @msg: it must
 * start the message or follow "memory: " / "memory (...): ", and carry a
 * pid, a parenthesised comm and the total-vm field, so other text that
 * mentions a killed process is no report.
 */
static bool oom_kill_line(const char *msg, size_t at, size_t len)
{
	size_t i = at + 15, d;

	if (at && !(at >= 8 && !memcmp(msg + at - 8, "memory: ", 8)) &&
	    !(at >= 3 && !memcmp(msg + at - 3, "): ", 3) &&
	      bc_memstr(msg, at, "of memory (")))
		return false;
	for (d = i; d < len && isdigit((unsigned char)msg[d]); d++)
		;
	if (d == i || d + 2 > len || msg[d] != ' ' || msg[d + 1] != '(')
		return false;
	return bc_memstr(msg + d, len - d, ") total-vm:") != NULL;
}

/*
 * The kernel's WARNING reports (__warn(), lockdep banners) start the
 * message, or follow "[ " in old lockdep banners.  "XFS (loop0): WARNING:"
 * or "WARNING: fbcon: ..." are subsystem notices, not crashes.
 */
static bool warning_line(const char *msg, size_t at, size_t len)
{
	size_t i = 0, t;

	while (i < at && (msg[i] == ' ' || msg[i] == '['))
		i++;
	if (i != at)
		return false;
	i = at + 8;
	while (i < len && msg[i] == ' ')
		i++;
	t = i;
	while (i < len && (isalnum((unsigned char)msg[i]) || msg[i] == '_'))
		i++;
	if (i > t && i < len && msg[i] == ':' &&
	    !(i - t == 3 && !memcmp(msg + t, "CPU", 3)))
		return false;
	return true;
}

/*
 * Does message @msg start with header @o of start_headers[]?  An x86
 * trap must be __die_header()'s line: the trap's name, then ": %04lx
 * [#%d]"; "Split lock detected" is the whole line (die() got "Split
 * lock detected\n").
 */
static bool start_header(const struct bc_oops *o, const char *msg, size_t len)
{
	size_t n, i, k;

	/* two bytes first: most lines differ there, before any strlen() */
	if (len < 2 || msg[0] != o->needle[0] || msg[1] != o->needle[1])
		return false;
	n = strlen(o->needle);
	if (len < n || memcmp(msg, o->needle, n))
		return false;
	if (o->id != O_X86_TRAP)
		return true;
	i = n;
	if (o->needle[n - 1] != ' ') {
		while (i < len && bc_is_blank((unsigned char)msg[i]))
			i++;
		return i == len;
	}
	for (k = 0; k < 4; k++, i++)
		if (i >= len || !isxdigit((unsigned char)msg[i]))
			return false;
	if (len - i < 4 || memcmp(msg + i, " [#", 3))
		return false;
	for (i += 3, k = i; i < len && isdigit((unsigned char)msg[i]); i++)
		;
	return i > k && i < len && msg[i] == ']';
}

bool bc_warn_line(const char *msg, size_t len)
{
	const char *p = bc_memstr(msg, len, "WARNING:");
	size_t i;

	if (!p || !warning_line(msg, (size_t)(p - msg), len))
		return false;
	i = (size_t)(p - msg) + 8;
	while (i < len && msg[i] == ' ')
		i++;
	return (len - i >= 4 && !memcmp(msg + i, "CPU:", 4)) ||
	       (len - i >= 3 && !memcmp(msg + i, "at ", 3));
}

/*
 * Headers of a message that __warn() may follow (see bc_warn_follow()):
 * kernel/cfi.c "CFI failure at"; "BUG: " messages; a "WARNING: " line
 * that is neither __warn()'s own nor a banner of kernel/locking/
 * lockdep.c (those start with "WARNING: possible ...", "inconsistent",
 * "bad unlock", "held lock", "suspicious RCU", "Nested lock", "lock
 * held", "chain_key", "bad contention", "%s/%d still has", "%s-safe")
 * nor an unwinder's (arch/x86/kernel/unwind_frame.c "WARNING: kernel
 * stack ..."): any of those is printed with a stack of its own.
 */
enum bc_warn_follow bc_warn_follow(const char *msg, size_t len)
{
	static const char *const own_stack[] = {
		"WARNING: possible ", "WARNING: inconsistent", "WARNING: bad ",
		"WARNING: held lock", "WARNING: suspicious RCU",
		"WARNING: Nested lock", "WARNING: lock held", "WARNING: chain_key",
		"WARNING: kernel stack", " still has locks held", "-safe -> ",
		NULL,
	};
	const char *const *s;
	const char *p;

	if (bc_memstr(msg, len, "CFI failure at "))
		return BC_WARN_OWN;
	p = bc_memstr(msg, len, "BUG: ");
	if (p && (p == msg || p[-1] == ' '))
		return BC_WARN_OWN;
	p = bc_memstr(msg, len, "WARNING:");
	if (!p || bc_warn_line(msg, len) ||
	    !warning_line(msg, (size_t)(p - msg), len))
		return BC_WARN_OTHER;
	for (s = own_stack; *s; s++)
		if (bc_memstr(msg, len, *s))
			return BC_WARN_OTHER;
	return BC_WARN_MESSAGE;
}

bool bc_oops_one_line(const struct bc_oops *o)
{
	return o->id == O_OOM_KILL;
}

bool bc_oops_reboot(const struct bc_oops *o)
{
	return o->id == O_BOOT;
}

bool bc_oops_provisional(const struct bc_oops *o)
{
	/* the kernel goes on after these: a crash that follows wins */
	return o->id == O_OOM_KILL || o->id == O_ALLOC_FAIL || o->id == O_MSR;
}

const char *bc_oops_text(const char *line, const struct bc_oops *o)
{
	const char *p = line;

	/* the same word-boundary rule as bc_match_oops() */
	while ((p = strstr(p, o->needle))) {
		if (p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			return p;
		p++;
	}
	p = strstr(line, o->needle);
	return p ? p : line;
}

const struct bc_oops *bc_match_oops(const char *msg, size_t len,
				    bool after_output)
{
	size_t i, k;

	pthread_once(&needles_once, index_needles);
	for (k = 0; k < sizeof(start_headers) / sizeof(start_headers[0]); k++)
		if (start_header(&start_headers[k], msg, len))
			return suppressed(msg, len) ? NULL : &start_headers[k];
	if (len > 17 && memcmp(msg, "Oops:", 5) && s390_die_line(msg, len))
		return &s390_die;
	for (i = 0; i < len; i++) {
		for (k = first_needle[(unsigned char)msg[i]]; k;
		     k = next_needle[k - 1]) {
			const struct bc_oops *o = &oopses[k - 1];
			size_t n;

			n = strlen(o->needle);
			if (n > len - i || memcmp(msg + i, o->needle, n))
				continue;
			if (o->id == O_OOPS && !real_oops_line(msg + i, len - i))
				continue;
			/* "ODEBUG:", "Boot_DEBUG:", "_INFO::" are other words */
			if (i > 0 && (isalnum((unsigned char)msg[i - 1]) ||
				      msg[i - 1] == '_') &&
			    (o->id == O_BUG || o->id == O_WARNING ||
			     o->id == O_INFO || o->id == O_SLUB))
				continue;
			if (o->id == O_SLUB && !slub_line(msg + i, len - i))
				continue;
			if (o->id == O_OOM_KILL &&
			    !oom_kill_line(msg, i, len))
				continue;
			if (o->id == O_WARNING && !warning_line(msg, i, len))
				continue;
			if (o->id == O_BOOT && !after_output)
				continue;
			if (o->id == O_OOPS && i > 0 &&
			    bc_memstr(msg, i, "Internal error"))
				continue;
			/*
			 * 6.x prefixes traps with "Oops: " ("Oops: general
			 * protection fault, ...", "Oops: int3: 0000"): the
			 * trap named after it is the header
			 */
			if (o->id == O_OOPS && i + 6 < len) {
				const struct bc_oops *t =
					bc_match_oops(msg + i + 6, len - i - 6,
						      after_output);

				if (t && t->id != O_OOPS)
					return t;
			}
			if (suppressed(msg, len))
				return NULL;
			return o;
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Report helpers                                                      */
/* ------------------------------------------------------------------ */

static const char *line_at(const struct bc_report *r, size_t i)
{
	return r->text + r->lines[i].off;
}

/* Text after the first occurrence of @needle in @s, or NULL. */
static const char *after(const char *s, const char *needle)
{
	const char *p = strstr(s, needle);

	return p ? p + strlen(needle) : NULL;
}

/* Copy a symbol token (letters, digits, '_', '.', '<', '>', ':') */
static size_t copy_token(char *dst, size_t sz, const char *s)
{
	size_t n = 0;

	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' ||
			s[n] == '.'))
		n++;
	bc_strlcpyn(dst, s, n, sz);
	return n;
}

/* Copy s up to the first of the stop strings (or its end), trimmed. */
static void copy_until(char *dst, size_t sz, const char *s,
		       const char *const *stops)
{
	size_t n = strlen(s);
	const char *const *st;

	for (st = stops; st && *st; st++) {
		const char *p = strstr(s, *st);

		if (p && (size_t)(p - s) < n)
			n = (size_t)(p - s);
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '!' || s[n - 1] == '.' ||
		     s[n - 1] == ','))
		n--;
	bc_strlcpyn(dst, s, n, sz);
}

/* ------------------------------------------------------------------ */
/* ------------------------------------------------------------------ */
/* Formats                                                             */
/* ------------------------------------------------------------------ */

/*
 * A format says how the title is built and where the culprit comes from.
 * The culprit search walks the report from the oops line through a list
 * of parts, in order; each part consumes lines:
 *
 *   PK_HDR    the oops line itself, whose frame the header names
 *   PK_LINE   skip to a line containing one of the '|' separated needles
 *   PK_NEED   like PK_LINE, but when the line is absent the walk ends:
 *             what follows belongs to some other context
 *   PK_NEAR   like PK_NEED, and the line must come within NEAR_LINES
 *             lines with no other stack dump in between: the kernel
 *             prints it right after the banner, so a later one belongs
 *             to an intermixed report
 *   PK_RIP    skip to the faulting instruction line (RIP:, pc :, ...)
 *   PK_AT     skip to a lockdep "..., at: [<pc>] func" line
 *   PK_PCFUNC skip to a "[<pc>] func+0x../0x.." line
 *   PK_LASTFN skip to a workqueue "last function: func" line
 *   PK_CALLER skip to a "caller is func+0x../0x.." line
 *   PK_STACK  read stack frame lines until another stack begins
 *
 * Frames collected this way are filtered by the skip rules and the
 * extractor picks the culprit (first frame, stall anchor, hung task).
 */
enum part_kind {
	PK_END = 0, PK_HDR, PK_LINE, PK_NEED, PK_NEAR, PK_RIP, PK_AT, PK_PCFUNC,
	PK_LASTFN, PK_CALLER, PK_STACK,
};

struct part {
	enum part_kind kind;
	const char *needle;
};

#define MAX_PARTS 6
#define NEAR_LINES 50

enum extractor { EX_FIRST, EX_STALL, EX_HUNG };

enum frame_mode {
	FM_NONE,	/* title has no frame */
	FM_FRAME,	/* "<prefix> in <frame><suffix>" */
};

struct fmt {
	enum bugcheck_class cls;
	char prefix[BC_TITLE_MAX];	/* title before " in <frame>" */
	const char *suffix;		/* after the frame ("/usb_submit_urb") */
	enum frame_mode mode;
	char hdr_func[BC_FUNC_MAX];	/* frame named by the header line */
	char hdr_mod[BC_IMAGE_MAX];
	size_t from;			/* first line of the report proper */
	struct part parts[MAX_PARTS];
	struct part parts2[MAX_PARTS];	/* tried when parts give no frame */
	const char *const *skip;	/* per-format skip patterns */
	const char *const *stop;	/* skipped, but the last resort */
	enum extractor ex;
	bool noskip;			/* frame comes from a fixed line */
	bool noskip2;			/* the same, for parts2 */
	bool no_stack;			/* report carries no stack trace */
	bool corrupted;			/* format known to be a broken report */
	/* culprit the report names that is no stack frame (OOM victim) */
	char victim[BC_FUNC_MAX];
	/*
	 * a message that may come without a stack: when the report shows
	 * no stack at all, the title is the message alone, not corrupted
	 */
	bool bare_ok;
};

#define P(k, n) ((struct part){ (k), (n) })
#define STD_PARTS(f) set_parts((f)->parts, P(PK_RIP, NULL), \
	P(PK_LINE, "Call Trace:|Call trace:|Backtrace:"), P(PK_STACK, NULL), \
	P(PK_END, NULL), P(PK_END, NULL))
#define TRACE_PARTS(f) set_parts((f)->parts, \
	P(PK_LINE, "Call Trace:|Call trace:|Backtrace:"), P(PK_STACK, NULL), \
	P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL))

static void set_parts(struct part *p, struct part a, struct part b,
		      struct part c, struct part d, struct part e)
{
	p[0] = a;
	p[1] = b;
	p[2] = c;
	p[3] = d;
	p[4] = e;
	p[5] = P(PK_END, NULL);
}

/* Skip lists of particular formats (substring patterns, see frames.c). */
static const char *const skip_kasan[] = {
	"kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_", NULL,
};
static const char *const skip_free[] = {
	"kmem_", "slab_", "kfree", "vunmap", "vfree", NULL,
};
static const char *const skip_kmsan[] = {
	"alloc_skb", "netlink_ack", "netlink_rcv_skb", NULL,
};
static const char *const skip_spin[] = {
	"spin_", "_lock", "_unlock", NULL,
};
/* kernel/sched/core.c schedule*(), __schedule(), preempt_schedule*(),
 * io_schedule*(); kernel/time/timer.c schedule_timeout*() */
static const char *const skip_sched[] = {
	"^schedule", "^__schedule", "^preempt_schedule", "^io_schedule", NULL,
};
static const char *const skip_preempt[] = {
	"dump_stack", "preemption", "preempt", "debug_", "processor_id",
	"this_cpu", NULL,
};
/*
 * kmemleak's backtrace is the allocation's (mm/kmemleak.c
 * print_unreferenced()); a function named *alloc* by the kernel's naming
 * builds an object and returns it (sk_prot_alloc(), dev_alloc_skb(), a
 * map's *_map_alloc()), so the leak is its caller's, which dropped the
 * reference: kept as a substring (prefix rules cost 3 DEV, 1 TEST title).
 */
static const char *const skip_leak[] = {
	"kmemleak", "mmap_region", "kmalloc", "kmem", "slab", "alloc",
	"create_object", "idr_get", "list_lru_init", "kasprintf", "kvasprintf",
	"pcpu_create_chunk", "pcpu_memcg_post_alloc_hook", "pcpu_alloc",
	"prepare_creds", "sock_alloc", NULL,
};
/*
 * debugobjects hooks sit in the lifecycle helpers of the tracked object
 * (freeing memory, queueing RCU callbacks, timers, work): the culprit is
 * the code that handed them a live object.
 */
static const char *const skip_odebug[] = {
	"debug_", "kfree", "kobject_", "call_rcu", "vunmap", "vfree",
	"^free_", "^__free_", "^destroy_timer_on_stack", NULL,
};
static const char *const skip_usercopy[] = { "usercopy", "__check", NULL };
static const char *const skip_kobject[] = { "kobject_", NULL };
static const char *const skip_proc[] = { "proc_", NULL };
static const char *const skip_refcount[] = { "refcount", NULL };
static const char *const skip_lockdep[] = { "lock_", "lockdep", NULL };
static const char *const skip_kmalloc[] = {
	"kmalloc", "krealloc", "slab", "kmem", "kvmalloc", "alloc_pages",
	NULL,
};
static const char *const skip_vmalloc[] = { "vmalloc", NULL };
/* mm/filemap.c filemap_unaccount_folio() prints "BUG: Bad page cache" */
static const char *const skip_bad_page_cache[] = {
	"^filemap_unaccount_folio$", NULL,
};
/* mm/mempool.c poison_error(), check_element(), __check_element() */
static const char *const skip_mempool[] = {
	"^poison_error$", "^check_element$", "^__check_element$", NULL,
};
/*
 * The allocation path above warn_alloc() in 6.1 passes the caller's size
 * and gfp mask down: the caller asked for what failed.  Most of it is
 * generic by the table (mm/page_alloc.c __alloc_pages*(), mm/mempolicy.c
 * alloc_pages(), mm/slab_common.c kmalloc*(), mm/util.c kvmalloc_node(),
 * mm/vmalloc.c __vmalloc_*(), mm/slub.c ___slab_alloc() ...); these
 * internal steps of it are not: mm/page_alloc.c
 * __page_frag_cache_refill(), mm/mempolicy.c vma_alloc_folio(),
 * mm/slub.c alloc_slab_page(), mm/slab.c kmem_getpages(),
 * cache_grow_begin(), cache_alloc_refill(), ____cache_alloc*(),
 * mm/vmalloc.c vm_area_alloc_pages().
 */
static const char *const skip_alloc_fail[] = {
	"^__page_frag_cache_refill$", "^vma_alloc_folio$", "^alloc_slab_page$",
	"^kmem_getpages$", "^cache_grow_begin$", "^cache_alloc_refill$",
	"^____cache_alloc", "^vm_area_alloc_pages$", NULL,
};
/*
 * Workqueue functions take the lockdep maps of work items and queues:
 * generic, but when a report names nothing else they are its identity.
 */
static const char *const stop_deadlock[] = {
	"^process_one_work$", "^flush_workqueue$", "^__flush_workqueue$",
	"^drain_workqueue$", "^destroy_workqueue$", NULL,
};
/* lockdep's own report and lock acquisition plumbing */
static const char *const skip_lockdep_report[] = {
	"lock_acquire", "lock_release", "lockdep", "print_", "mark_", NULL,
};
/* suspicious RCU usage: RCU's own API by its naming (kernel/rcu/,
 * include/linux/rcupdate.h), lockdep_rcu_suspicious() and the slab */
static const char *const skip_rcu[] = {
	"^rcu_", "^__rcu_", "^call_rcu", "^srcu_", "^__srcu_", "^synchronize_rcu",
	"^synchronize_srcu", "^kfree_rcu", "^kvfree_call_rcu", "^lockdep_rcu",
	"kmem", "slab", NULL,
};
/*
 * The timer interrupt's entry (see the RCU stall format) and RCU itself
 * by its naming: kernel/rcu/ rcu_*(), __rcu_*(), call_rcu*(), srcu_*(),
 * invoke_rcu_*(), tree_stall.h print_cpu_stall(), print_other_cpu_stall()
 * (a substring "rcu" also hid drivers' *_rcu_* functions)
 */
static const char *const skip_stall[] = {
	"apic_timer_interrupt", "^rcu_", "^__rcu_", "^call_rcu", "^srcu_",
	"^__srcu_", "^invoke_rcu", "^print_cpu_stall", "^print_other_cpu_stall",
	/*
	 * the stall detector's own path when it dumps its CPU with
	 * dump_stack() from the tick (nmi_cpu_backtrace(NULL)): lib/
	 * nmi_backtrace.c nmi_cpu_backtrace(), nmi_trigger_cpumask_backtrace();
	 * arch/x86/kernel/apic/hw_nmi.c arch_trigger_cpumask_backtrace();
	 * kernel/sched/core.c dump_cpu_task(); kernel/time/timer.c
	 * update_process_times(); tick-sched.c tick_sched_handle(),
	 * tick_sched_timer(), tick_nohz_handler(); tick-common.c
	 * tick_periodic(), tick_handle_periodic(); hrtimer.c
	 * hrtimer_interrupt(), __hrtimer_run_queues(), __run_hrtimer();
	 * arch/x86/kernel/apic/apic.c local_apic_timer_interrupt();
	 * drivers/clocksource/arm_arch_timer.c arch_timer_handler_*()
	 */
	"^nmi_cpu_backtrace", "^nmi_trigger_cpumask_backtrace",
	"^arch_trigger_cpumask_backtrace", "^dump_cpu_task$",
	"^update_process_times$", "^tick_sched_handle", "^tick_sched_timer$",
	"^tick_nohz_handler$", "^tick_periodic$", "^tick_handle_periodic$",
	"^hrtimer_interrupt$", "^__hrtimer_run_queues$", "^__run_hrtimer$",
	"^local_apic_timer_interrupt$", "^arch_timer_handler_", NULL,
};
static const char *const skip_nonstatic[] = {
	"stack", "lock", "IRQ", NULL,
};
static const char *const skip_usb[] = { "usb_submit_urb", NULL };

/* Parse the frame embedded in a header, e.g. "... at f.c:1 func+0x1/0x2" */
static void hdr_symbol(struct fmt *f, const char *s)
{
	struct bc_frame fr;
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++) {
		if (i && s[i - 1] != ' ' && s[i - 1] != '(' && s[i - 1] != ':')
			continue;
		if (bc_parse_symbol(s + i, n - i, &fr)) {
			bc_strlcpy(f->hdr_func, fr.function, sizeof(f->hdr_func));
			bc_strlcpy(f->hdr_mod, fr.module, sizeof(f->hdr_mod));
			return;
		}
	}
}

/* "...in func" header: the token after the first " in ". */
static void hdr_in_func(struct fmt *f, const char *s)
{
	const char *p = strstr(s, " in ");
	struct bc_frame fr;

	if (!p)
		return;
	p += 4;
	if (bc_parse_symbol(p, strlen(p), &fr)) {
		bc_strlcpy(f->hdr_func, fr.function, sizeof(f->hdr_func));
		bc_strlcpy(f->hdr_mod, fr.module, sizeof(f->hdr_mod));
		return;
	}
	/* a bare name: cut compiler suffixes at the first '.' */
	copy_token(f->hdr_func, sizeof(f->hdr_func), p);
	if (strchr(f->hdr_func, '.') && strchr(f->hdr_func, '.') != f->hdr_func)
		*strchr(f->hdr_func, '.') = '\0';
}

/*
 * kernel/irq/manage.c installs these as the primary handler of a
 * threaded interrupt requested without one (irq_default_primary_handler()
 * only wakes the thread; irq_nested_primary_handler(),
 * irq_forced_secondary_handler() are placeholders): the thread function
 * after " threaded" is the driver's.
 */
static const char *const irq_core_handlers[] = {
	"^irq_default_primary_handler$", "^irq_nested_primary_handler$",
	"^irq_forced_secondary_handler$", NULL,
};

/* "%ps" at @p: a bare symbol, then an optional " [module]". */
static const char *irq_symbol(const char *p, char *fn, size_t fsz,
			      char *mod, size_t msz)
{
	p += copy_token(fn, fsz, p);
	if (strchr(fn, '.'))
		*strchr(fn, '.') = '\0';
	mod[0] = '\0';
	if (p[0] == ' ' && p[1] == '[') {
		size_t n = strcspn(p + 2, "] ");

		if (p[2 + n] == ']')
			bc_strlcpyn(mod, p + 2, n, msz);
	}
	return p;
}

/*
 * The handlers after "handlers:": kernel/irq/spurious.c prints one
 * "[<%p>] %ps" line per action of the line and, for threaded ones,
 * " threaded [<%p>] %ps" after it.  The first handler (or, behind a
 * placeholder primary handler of the irq core, its thread function) that
 * is not generic is the code that did not handle its interrupt.
 */
static void irq_handler(const struct bc_report *r, struct fmt *f)
{
	char fn[BC_FUNC_MAX], mod[BC_IMAGE_MAX];
	size_t i, j;

	for (i = r->oops + 1; i < r->n; i++)
		if (strstr(line_at(r, i), "handlers:"))
			break;
	for (j = i + 1; j < r->n; j++) {
		const char *l = line_at(r, j), *p;
		int k;

		if (!strstr(l, "[<") || !(p = strstr(l, "] ")))
			return;
		for (k = 0; k < 2 && p; k++) {
			p = irq_symbol(p + 2, fn, sizeof(fn), mod, sizeof(mod));
			if (fn[0] && !bc_func_matches(fn, irq_core_handlers) &&
			    !bc_frame_is_generic(fn)) {
				bc_strlcpy(f->hdr_func, fn, sizeof(f->hdr_func));
				bc_strlcpy(f->hdr_mod, mod, sizeof(f->hdr_mod));
				return;
			}
			p = strstr(p, " threaded [<");
			p = p ? strstr(p, "] ") : NULL;
		}
	}
}

static bool starts_with(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static void set(struct fmt *f, enum bugcheck_class cls, const char *prefix,
		enum frame_mode mode)
{
	f->cls = cls;
	bc_strlcpy(f->prefix, prefix, sizeof(f->prefix));
	f->mode = mode;
}

/*
 * Drop the " [module]" that %ps and %pS print after a module's symbol
 * (kernel/kallsyms.c __sprint_symbol()) from a title text: the image
 * carries the module.
 */
static void strip_modules(char *s)
{
	char *p = s;

	while ((p = strstr(p, " [")) != NULL) {
		size_t n = strcspn(p + 2, "] ");

		if (n && p[2 + n] == ']')
			memmove(p, p + 3 + n, strlen(p + 3 + n) + 1);
		else
			p++;
	}
}

/* KASAN/KFENCE/KMSAN/KCSAN "BUG: X: kind in func" */
static void fmt_sanitizer(const struct bc_report *r, const char *h,
			  struct fmt *f)
{
	char kind[64] = "", rw[16] = "";
	const char *p;
	size_t i;

	if ((p = after(h, "BUG: KASAN: "))) {
		bool in = strstr(p, " in ") != NULL;

		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", " on ", " at ", NULL });
		f->cls = BUGCHECK_CLASS_KASAN;
		if (!strcmp(kind, "double-free or invalid-free") ||
		    !strcmp(kind, "double-free") ||
		    !strcmp(kind, "invalid-free")) {
			set(f, BUGCHECK_CLASS_KASAN, "KASAN: invalid-free",
			    FM_FRAME);
			hdr_in_func(f, h);
			set_parts(f->parts, P(PK_HDR, NULL),
				  P(PK_LINE, "Call Trace:|Call trace:"),
				  P(PK_STACK, NULL), P(PK_END, NULL),
				  P(PK_END, NULL));
			f->skip = skip_free;
			return;
		}
		for (i = r->oops; i < r->n && i < r->oops + 30; i++) {
			const char *l = line_at(r, i);

			if (strstr(l, "Read of size") || strstr(l, "Read at addr")) {
				bc_strlcpy(rw, "Read", sizeof(rw));
				break;
			}
			if (strstr(l, "Write of size") ||
			    strstr(l, "Write at addr")) {
				bc_strlcpy(rw, "Write", sizeof(rw));
				break;
			}
		}
		if (in && rw[0]) {
			snprintf(f->prefix, sizeof(f->prefix), "KASAN: %s %s",
				 kind, rw);
			f->mode = FM_FRAME;
			hdr_in_func(f, h);
			set_parts(f->parts, P(PK_HDR, NULL),
				  P(PK_LINE, "Call Trace:|Call trace:"),
				  P(PK_STACK, NULL), P(PK_END, NULL),
				  P(PK_END, NULL));
			f->skip = skip_kasan;
			return;
		}
		if (strstr(p, " on address") && rw[0]) {
			snprintf(f->prefix, sizeof(f->prefix), "KASAN: %s %s",
				 kind, rw);
			f->mode = FM_NONE;
			return;
		}
		/* an old or broken header: the line is the title */
		snprintf(f->prefix, sizeof(f->prefix), "KASAN: %.140s", p);
		f->mode = FM_NONE;
		f->corrupted = true;
		return;
	}
	if ((p = after(h, "BUG: KFENCE: "))) {
		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", NULL });
		snprintf(f->prefix, sizeof(f->prefix), "KFENCE: %s", kind);
		f->cls = BUGCHECK_CLASS_KFENCE;
		f->mode = FM_FRAME;
		hdr_in_func(f, h);
		set_parts(f->parts, P(PK_HDR, NULL), P(PK_STACK, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		return;
	}
	if ((p = after(h, "BUG: KMSAN: "))) {
		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", NULL });
		snprintf(f->prefix, sizeof(f->prefix), "KMSAN: %s", kind);
		f->cls = BUGCHECK_CLASS_KMSAN;
		f->mode = FM_FRAME;
		f->no_stack = true;
		f->skip = skip_kmsan;
		set_parts(f->parts, P(PK_STACK, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		return;
	}
	if ((p = after(h, "BUG: KCSAN: "))) {
		char all[BC_TITLE_MAX];

		copy_until(all, sizeof(all), p, NULL);
		strip_modules(all);
		snprintf(f->prefix, sizeof(f->prefix), "KCSAN: %.140s", all);
		f->cls = BUGCHECK_CLASS_KCSAN;
		f->mode = FM_NONE;
		f->no_stack = true;
		/*
		 * the title names both racing functions (%ps, no module);
		 * kernel/kcsan/report.c prints each access's stack after
		 * it: the first one gives image and function
		 */
		set_parts(f->parts, P(PK_STACK, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		return;
	}
}

/* Lockdep banners: "[ BUG: bad unlock balance detected! ]" and friends. */
/* Does a line of the report after the oops line contain @needle? */
static bool report_has(const struct bc_report *r, const char *needle)
{
	size_t i;

	for (i = r->oops + 1; i < r->n; i++)
		if (strstr(line_at(r, i), needle))
			return true;
	return false;
}

/*
 * Lockdep splats state their finding as "path/file.c:N message!" a few
 * lines below the banner.  Is it within @max lines of the oops line?
 */
static bool src_bang_line(const struct bc_report *r, size_t max)
{
	size_t i;

	for (i = r->oops + 1; i < r->n && i <= r->oops + max; i++) {
		const char *l = line_at(r, i);
		size_t n = r->lines[i].len;
		const char *c = strchr(l, ':');

		while (n && l[n - 1] == ' ')
			n--;
		if (!n || l[n - 1] != '!' || !c || c == l ||
		    !isdigit((unsigned char)c[1]) || memchr(l, ' ', (size_t)(c - l)))
			continue;
		return true;
	}
	return false;
}

/*
 * The lockdep reports titled "possible deadlock": p is the header after
 * its keyword ("BUG: ", "WARNING: ").
 */
static bool lockdep_deadlock(const struct bc_report *r, const char *h,
			     const char *p, struct fmt *f)
{
	char what[BC_TITLE_MAX];

	if (starts_with(p, "possible circular locking dependency") ||
	    starts_with(p, "circular locking deadlock")) {
		/* cut before the lock it names: the banner is all we have */
		if (!report_has(r, "is trying to acquire")) {
			snprintf(what, sizeof(what), "%.*s", BC_TITLE_MAX - 1, h);
			set(f, f->cls, what, FM_NONE);
			f->corrupted = true;
			return true;
		}
		set(f, f->cls, "possible deadlock", FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "is trying to acquire lock"),
			  P(PK_AT, NULL), P(PK_AT, NULL), P(PK_STACK, NULL),
			  P(PK_END, NULL));
		f->stop = stop_deadlock;
		return true;
	}
	if (starts_with(p, "possible irq lock inversion dependency")) {
		set(f, f->cls, "possible deadlock", FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "just changed the state of lock"),
			  P(PK_AT, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		f->noskip = true;
		return true;
	}
	if (strstr(p, "-safe -> ") && strstr(p, "-unsafe lock order")) {
		/*
		 * The culprit is where the held lock became irq-safe (the
		 * stack under "... which became X-irq-safe at:"); a report
		 * cut before it names only the lock being acquired.
		 */
		set(f, f->cls, "possible deadlock", FM_FRAME);
		set_parts(f->parts, P(PK_NEED, "which became"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		set_parts(f->parts2, P(PK_LINE, "is trying to acquire"),
			  P(PK_AT, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		f->skip = skip_lockdep_report;
		f->noskip2 = true;
		return true;
	}
	if (starts_with(p, "possible recursive locking")) {
		set(f, f->cls, "possible deadlock", FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "is trying to acquire lock"),
			  P(PK_AT, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		f->noskip = true;
		return true;
	}
	return false;
}

/* lockdep's reports about one held or released lock. */
static bool lockdep_held(const char *p, const char *kw, struct fmt *f)
{
	char what[BC_TITLE_MAX];

	if (starts_with(p, "inconsistent lock state")) {
		/*
		 * print_usage_bug() dumps the stack of the offending
		 * acquisition; without it, the "takes: ... at:" line.
		 */
		set(f, f->cls, "inconsistent lock state", FM_FRAME);
		set_parts(f->parts, P(PK_NEED, "stack backtrace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		set_parts(f->parts2, P(PK_LINE, "takes"), P(PK_AT, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->skip = skip_lockdep_report;
		f->noskip2 = true;
		return true;
	}
	if (starts_with(p, "bad unlock balance detected")) {
		/*
		 * print_unlock_imbalance_bug(): "is trying to release lock
		 * (name) at:", the caller's "[<pc>] func", then the stack;
		 * helpers there (might_fault ...) are skipped like in stacks.
		 */
		snprintf(what, sizeof(what), "%sbad unlock balance", kw);
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_NEAR, "is trying to release lock"),
			  P(PK_PCFUNC, NULL), P(PK_LINE, "Call Trace:|Call trace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL));
		f->skip = skip_lockdep_report;
		return true;
	}
	if (starts_with(p, "held lock freed")) {
		snprintf(what, sizeof(what), "%sheld lock freed", kw);
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_AT, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		return true;
	}
	if (strstr(p, "still has locks held")) {
		snprintf(what, sizeof(what), "%sstill has locks held", kw);
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_AT, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		return true;
	}
	if (starts_with(p, "lock held when returning to user space")) {
		snprintf(what, sizeof(what),
			 "%slock held when returning to user space", kw);
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "leaving the kernel with locks"),
			  P(PK_AT, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		f->noskip = true;
		f->no_stack = true;
		return true;
	}
	if (starts_with(p, "Nested lock was not taken") ||
	    starts_with(p, "nested lock was not taken")) {
		snprintf(what, sizeof(what), "%snested lock was not taken", kw);
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_AT, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		return true;
	}
	return false;
}

/* Wait context, RCU and lock key reports. */
static bool lockdep_other(const struct bc_report *r, const char *p,
			  const char *kw, struct fmt *f)
{
	char what[BC_TITLE_MAX];

	if (starts_with(p, "Invalid wait context")) {
		set(f, f->cls, "WARNING: locking bug", FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_lockdep;
		return true;
	}
	if (starts_with(p, "suspicious RCU usage")) {
		snprintf(what, sizeof(what), "%ssuspicious RCU usage", kw);
		/* cut before "file.h:N suspicious ... usage!": no frame */
		if (!src_bang_line(r, 8)) {
			set(f, f->cls, what, FM_NONE);
			f->corrupted = true;
			return true;
		}
		/*
		 * lockdep_rcu_suspicious() lists the held locks ("at: [<pc>]
		 * f") before the stack: without a stack there is no culprit
		 */
		set(f, f->cls, what, FM_FRAME);
		set_parts(f->parts, P(PK_NEED, "Call Trace:|Call trace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		f->skip = skip_rcu;
		return true;
	}
	if (starts_with(p, "trying to register non-static key")) {
		snprintf(what, sizeof(what),
			 "%strying to register non-static key", kw);
		set(f, f->cls, what, FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_nonstatic;
		return true;
	}
	return false;
}

static bool fmt_lockdep(const struct bc_report *r, const char *h,
			const char *kw, struct fmt *f)
{
	const char *p = h + strlen(kw);

	f->cls = BUGCHECK_CLASS_LOCKDEP;
	return lockdep_deadlock(r, h, p, f) || lockdep_held(p, kw, f) ||
	       lockdep_other(r, p, kw, f);
}

/* "BUG: <what> ..." free text: cut the variable tail. */
static const char *const generic_stops[] = {
	" at ", ": ", ", ", " (", " [", " - ", "!", " on CPU", " for ",
	" detected", " in process", "\t", NULL,
};

static void generic_title(char *what, size_t sz, const char *kw,
			  const char *p)
{
	char rest[BC_TITLE_MAX];

	copy_until(rest, sizeof(rest), p, generic_stops);
	snprintf(what, sz, "%s%.130s", kw, rest);
}

/* "BUG: unable to handle ...": p is the header after "BUG: ". */
static bool bug_access(const char *p, struct fmt *f)
{
	char what[BC_TITLE_MAX];
	const char *q;

	if (starts_with(p, "unable to handle kernel NULL pointer") ||
	    starts_with(p, "kernel NULL pointer dereference") ||
	    starts_with(p, "Kernel NULL pointer dereference")) {
		set(f, BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
		    "BUG: unable to handle kernel NULL pointer dereference",
		    FM_FRAME);
		STD_PARTS(f);
		return true;
	}
	if (starts_with(p, "unable to handle kernel paging request") ||
	    starts_with(p, "unable to handle page fault") ||
	    starts_with(p, "Unable to handle kernel data access")) {
		set(f, BUGCHECK_CLASS_PAGING_REQUEST,
		    "BUG: unable to handle kernel paging request", FM_FRAME);
		STD_PARTS(f);
		return true;
	}
	if (starts_with(p, "unable to handle kernel ") &&
	    (q = strstr(p, " at ")) != NULL) {
		/* "unable to handle kernel <what> at <address>" */
		snprintf(what, sizeof(what), "BUG: %.*s", (int)(q - p), p);
		set(f, BUGCHECK_CLASS_BAD_ACCESS, what, FM_FRAME);
		STD_PARTS(f);
		return true;
	}
	if (starts_with(p, "unable to handle kernel") ||
	    starts_with(p, "Unable to handle kernel")) {
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "BUG: unable to handle kernel",
		    FM_NONE);
		f->corrupted = true;
		return true;
	}
	return false;
}

/* Locking, scheduling and lockup "BUG: " reports. */
static bool bug_sched(const char *p, struct fmt *f)
{
	char what[BC_TITLE_MAX];
	const char *q;

	if (starts_with(p, "spinlock ") || starts_with(p, "rwlock ")) {
		char kind[BC_TITLE_MAX];

		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " on CPU", ":", ",", NULL });
		snprintf(what, sizeof(what), "BUG: %.140s", kind);
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_spin;
		return true;
	}
	if (starts_with(p, "soft lockup")) {
		set(f, BUGCHECK_CLASS_SOFT_LOCKUP, "BUG: soft lockup", FM_FRAME);
		STD_PARTS(f);
		f->ex = EX_STALL;
		return true;
	}
	if (starts_with(p, "scheduling while atomic")) {
		set(f, BUGCHECK_CLASS_ATOMIC_SLEEP, "BUG: scheduling while atomic",
		    FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_sched;
		return true;
	}
	/*
	 * kernel/sched/core.c schedule_debug(): "BUG: scheduling in a
	 * non-blocking section: %s/%d/%i", dump_stack(): a task slept
	 * between non_block_start() and non_block_end() (mmu notifiers)
	 */
	if (starts_with(p, "scheduling in a non-blocking section")) {
		set(f, BUGCHECK_CLASS_ATOMIC_SLEEP,
		    "BUG: scheduling in a non-blocking section", FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_sched;
		return true;
	}
	if (starts_with(p, "sleeping function called from invalid context")) {
		set(f, BUGCHECK_CLASS_ATOMIC_SLEEP,
		    "BUG: sleeping function called from invalid context",
		    FM_FRAME);
		TRACE_PARTS(f);
		return true;
	}
	if (starts_with(p, "using ") && (q = strstr(p, " in preemptible"))) {
		/* check_preemption_disabled() names the caller itself */
		snprintf(what, sizeof(what), "BUG: %.*s in preemptible code",
			 (int)(q - p), p);
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_FRAME);
		set_parts(f->parts, P(PK_CALLER, NULL),
			  P(PK_LINE, "Call Trace:|Call trace:|Backtrace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->skip = skip_preempt;
		return true;
	}
	return false;
}

/* "BUG: " reports of inconsistent kernel state. */
static bool bug_state(const char *h, const char *p, struct fmt *f)
{
	char what[BC_TITLE_MAX];

	if (starts_with(p, "Dentry ") && strstr(p, "still in use")) {
		const char *u = strstr(p, "[unmount");

		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    u ? "BUG: Dentry still in use in unmount"
		      : "BUG: Dentry still in use", FM_NONE);
		f->no_stack = true;
		return true;
	}
	/*
	 * mm/filemap.c filemap_unaccount_folio(): "BUG: Bad page cache in
	 * process %s  pfn:%05lx", dump_page(), dump_stack(): a folio still
	 * mapped when the page cache drops it; the function that printed it
	 * is the check, the caller below it removed the folio
	 */
	if (starts_with(p, "Bad page cache")) {
		set(f, BUGCHECK_CLASS_BAD_PAGE_STATE, "BUG: Bad page cache",
		    FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_bad_page_cache;
		return true;
	}
	/*
	 * mm/mempool.c poison_error() (from check_element() and
	 * __check_element()): "BUG: mempool element poison mismatch", the
	 * bytes, dump_stack(): an element written after mempool_free(); the
	 * checks and the pool API are skipped
	 */
	if (starts_with(p, "mempool element poison mismatch")) {
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    "BUG: mempool element poison mismatch", FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_mempool;
		return true;
	}
	if (starts_with(p, "Bad page state") || starts_with(p, "Bad page map")) {
		set(f, BUGCHECK_CLASS_BAD_PAGE_STATE,
		    starts_with(p, "Bad page map") ? "BUG: Bad page map"
						   : "BUG: Bad page state",
		    FM_FRAME);
		TRACE_PARTS(f);
		return true;
	}
	if (strstr(p, "stack guard page was hit")) {
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW,
		    "BUG: stack guard page was hit", FM_FRAME);
		STD_PARTS(f);
		f->ex = EX_STALL;
		return true;
	}
	if (starts_with(p, "workqueue lockup")) {
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, "BUG: workqueue lockup",
		    FM_NONE);
		f->no_stack = true;
		return true;
	}
	/*
	 * kernel/workqueue.c process_one_work(): 6.1 "workqueue leaked lock
	 * or atomic: %s/0x%08x/%d" then "    last function: %ps"; 6.12
	 * (which also checks the RCU nesting) "workqueue leaked atomic, lock
	 * or RCU: %s[%d]" then "     preempt=0x%08x lock=%d->%d RCU=%d->%d
	 * workfn=%ps": one check, one title (spec 11; the 6.12 form was a
	 * CONSISTENCY_CHECK blamed on process_one_work)
	 */
	if (starts_with(p, "workqueue leaked lock or atomic") ||
	    starts_with(p, "workqueue leaked atomic, lock or RCU")) {
		set(f, BUGCHECK_CLASS_LOCKDEP,
		    "BUG: workqueue leaked lock or atomic", FM_FRAME);
		set_parts(f->parts, P(PK_LASTFN, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		f->no_stack = true;
		return true;
	}
	/*
	 * kernel/fork.c check_mm(): counters of a freed mm that are not
	 * zero; printed without a stack (the mm's user is long gone)
	 */
	if (starts_with(p, "Bad rss-counter state") ||
	    starts_with(p, "non-zero nr_") ||
	    starts_with(p, "non-zero pgtables_bytes")) {
		char kind[BC_TITLE_MAX];

		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " mm:", ":", NULL });
		snprintf(what, sizeof(what), "BUG: %.140s", kind);
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, what, FM_NONE);
		f->no_stack = true;
		return true;
	}
	if (starts_with(p, "memory leak")) {
		set(f, BUGCHECK_CLASS_MEMORY_LEAK, "memory leak", FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "backtrace"), P(PK_STACK, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->skip = skip_leak;
		return true;
	}
	if (starts_with(p, "MAX_")) {
		bc_strlcpy(what, h, sizeof(what));
		while (strlen(what) && what[strlen(what) - 1] == ' ')
			what[strlen(what) - 1] = '\0';
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_NONE);
		f->no_stack = true;
		return true;
	}
	return false;
}

/*
 * kernel/workqueue.c (6.1): wq_watchdog_timer_fn() prints "BUG: workqueue
 * lockup - pool" + pr_cont_pool_info() (" cpus=%*pbl[ node=%d] flags=0x%x
 * nice=%d") + " stuck for %us!" per stuck pool, then
 * show_all_workqueues(): per busy workqueue show_pwq() prints "  pwq %d:"
 * + the same pool info + " active=..", and "    in-flight:" with one
 * " %d%s:%ps" (pid, "(RESCUER)", the worker's current function) per busy
 * worker of that pool, each followed by the works scheduled on it
 * (pr_cont_work(): " %ps", " BAR(%d)").  A pool stalls when its running
 * work does not give the CPU back (concurrency management starts no other
 * worker while one runs), so the busy worker's function on a stuck pool is
 * the culprit; the first one that is not generic code is taken.
 */
static void wq_busy_worker(const struct bc_report *r, struct fmt *f)
{
	size_t i, j, k;

	for (i = r->oops; i < r->n; i++) {
		const char *l = line_at(r, i), *p = strstr(l, "lockup - pool ");
		const char *e = p ? strstr(p, " stuck for ") : NULL;
		char info[160];

		if (!e || (size_t)(e - p) - 13 >= sizeof(info))
			continue;
		/* " cpus=0 node=0 flags=0x0 nice=0" as the pwq line has it */
		bc_strlcpyn(info, p + 13, (size_t)(e - p) - 13, sizeof(info));
		for (j = i + 1; j + 1 < r->n; j++) {
			const char *q = line_at(r, j);

			while (*q == ' ')
				q++;
			if (strncmp(q, "pwq ", 4) || !(q = strchr(q, ':')) ||
			    strncmp(q + 1, info, strlen(info)) ||
			    strncmp(q + 1 + strlen(info), " active=", 8))
				continue;
			q = line_at(r, j + 1);
			while (*q == ' ')
				q++;
			if (strncmp(q, "in-flight:", 10))
				continue;
			/* " 123:func [mod] work2, 456(RESCUER):func" */
			for (q += 10; (q = strchr(q, ':')) != NULL;) {
				char fn[BC_FUNC_MAX], mod[BC_IMAGE_MAX] = "";

				k = copy_token(fn, sizeof(fn), q + 1);
				q += 1 + k;
				if (strchr(fn, '.'))
					*strchr(fn, '.') = '\0';
				if (q[0] == ' ' && q[1] == '[') {
					size_t n = strcspn(q + 2, "] ");

					if (q[2 + n] == ']')
						bc_strlcpyn(mod, q + 2, n,
							    sizeof(mod));
				}
				if (!fn[0] || bc_frame_is_generic(fn))
					continue;
				bc_strlcpy(f->hdr_func, fn, sizeof(f->hdr_func));
				bc_strlcpy(f->hdr_mod, mod, sizeof(f->hdr_mod));
				set_parts(f->parts, P(PK_HDR, NULL),
					  P(PK_END, NULL), P(PK_END, NULL),
					  P(PK_END, NULL), P(PK_END, NULL));
				f->noskip = true;
				return;
			}
		}
	}
}

static void fmt_bug(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = h + 5;	/* after "BUG: " */
	char what[BC_TITLE_MAX];

	while (*p == ' ')
		p++;
	if (starts_with(p, "KASAN:") || starts_with(p, "KFENCE:") ||
	    starts_with(p, "KMSAN:") || starts_with(p, "KCSAN:")) {
		fmt_sanitizer(r, h, f);
		return;
	}
	if (fmt_lockdep(r, h, "BUG: ", f) || bug_access(p, f) ||
	    bug_sched(p, f) || bug_state(h, p, f)) {
		if (starts_with(p, "workqueue lockup"))
			wq_busy_worker(r, f);
		return;
	}
	generic_title(what, sizeof(what), "BUG: ", p);
	/*
	 * kernel/locking/lockdep.c look_up_lock_class() "BUG: looking up
	 * invalid subclass: %u", lockdep_init_map_type() "BUG: key %px has
	 * not been registered!": lockdep's own findings
	 */
	set(f, starts_with(p, "looking up invalid subclass") ||
		       (starts_with(p, "key ") &&
			strstr(p, " has not been registered")) ?
		       BUGCHECK_CLASS_LOCKDEP : BUGCHECK_CLASS_CONSISTENCY_CHECK,
	    what, FM_FRAME);
	STD_PARTS(f);
}

/* "WARNING: CPU: N PID: N at file:line func" families with own titles. */
static const struct {
	const char *file;
	const char *func;	/* header function must start so ("" any) */
	const char *title;
	enum bugcheck_class cls;
	const char *const *skip;
} warn_files[] = {
	{ "lib/debugobjects.c", "debug_", "WARNING: ODEBUG bug",
	  BUGCHECK_CLASS_WARNING, skip_odebug },
	{ "mm/usercopy.c", "usercopy_", "WARNING: bad usercopy",
	  BUGCHECK_CLASS_KERNEL_BUG, skip_usercopy },
	{ "lib/kobject.c", "kobject_", "WARNING: kobject bug",
	  BUGCHECK_CLASS_WARNING, skip_kobject },
	{ "fs/proc/generic.c", "proc_register", "WARNING: proc registration bug",
	  BUGCHECK_CLASS_WARNING, skip_proc },
	{ "lib/refcount.c", "refcount_", "WARNING: refcount bug",
	  BUGCHECK_CLASS_REFCOUNT, skip_refcount },
	{ "kernel/locking/lockdep.c", "", "WARNING: locking bug",
	  BUGCHECK_CLASS_LOCKDEP, skip_lockdep },
	{ "mm/slab_common.c", "kmalloc", "WARNING: kmalloc bug",
	  BUGCHECK_CLASS_WARNING, skip_kmalloc },
	{ "mm/util.c", "kvmalloc", "WARNING: kmalloc bug",
	  BUGCHECK_CLASS_WARNING, skip_kmalloc },
	{ "mm/vmalloc.c", "__vmalloc_node", "WARNING: zero-size vmalloc",
	  BUGCHECK_CLASS_WARNING, skip_vmalloc },
};

static bool src_at(const char *p);
static void warn_family(struct fmt *f, const char *file);
static bool warn_pid_mismatch(const struct bc_report *r, const char *h);

static void fmt_warning(const struct bc_report *r, const char *h,
			struct fmt *f)
{
	const char *p = h + 9;	/* after "WARNING: " */
	char what[BC_TITLE_MAX];

	while (*p == ' ')
		p++;
	if (p[0] == '[' && strstr(p, "] ")) {
		/* 6.x: "WARNING: [cond] file.c:N at func+0x.., CPU#N: comm" */
		p = strstr(p, "] ") + 2;
	}
	if (!starts_with(p, "CPU: ") && src_at(p)) {
		const char *sp = strchr(p, ' ');

		set(f, BUGCHECK_CLASS_WARNING, "WARNING", FM_FRAME);
		hdr_symbol(f, sp + 4);
		warn_family(f, p);
		return;
	}
	if ((starts_with(p, "CPU: ") && strstr(p, " at ")) ||
	    starts_with(p, "at ") ||
	    (strstr(p, " at ") && strstr(p, "PID: "))) {
		const char *at = starts_with(p, "at ") ? p - 1 : strstr(p, " at ");
		const char *file = at + 4;
		const char *sp = strchr(file, ' ');

		set(f, BUGCHECK_CLASS_WARNING, "WARNING", FM_FRAME);
		if (sp)
			hdr_symbol(f, sp + 1);
		warn_family(f, file);
		if (warn_pid_mismatch(r, h)) {
			f->parts[0] = P(PK_END, NULL);
			f->corrupted = true;
		}
		return;
	}
	if (fmt_lockdep(r, h, "WARNING: ", f))
		return;
	if (starts_with(p, "kernel stack regs")) {
		/* "... has bad 'bp' value": the register is part of the title */
		const char *q = strstr(p, "has bad '");
		const char *e = q ? strchr(q + 9, '\'') : NULL;

		if (e && e - (q + 9) < 16)
			snprintf(what, sizeof(what),
				 "WARNING: kernel stack regs has bad '%.*s' value",
				 (int)(e - (q + 9)), q + 9);
		else
			bc_strlcpy(what, "WARNING: kernel stack regs has bad value",
				   sizeof(what));
		set(f, BUGCHECK_CLASS_WARNING, what, FM_NONE);
		f->no_stack = true;
		return;
	}
	if (starts_with(p, "kernel stack frame pointer")) {
		set(f, BUGCHECK_CLASS_WARNING,
		    "WARNING: kernel stack frame pointer has bad value", FM_NONE);
		f->no_stack = true;
		return;
	}
	generic_title(what, sizeof(what), "WARNING: ", p);
	set(f, BUGCHECK_CLASS_WARNING, what, FM_FRAME);
	STD_PARTS(f);
	/*
	 * A free-text "WARNING: msg" is a pr_warn() (a __warn() report is
	 * "WARNING: CPU: ..." above, lockdep's banners are read by
	 * fmt_lockdep()): its printer adds a stack only when it calls
	 * dump_stack() itself (kernel/workqueue.c
	 * __warn_flushing_systemwide_wq()); without one the message is the
	 * whole report (spec 11)
	 */
	f->bare_ok = true;
}

/* "path/file.c:123 at func" at @p */
static bool src_at(const char *p)
{
	size_t i = 0;

	while (p[i] && p[i] != ' ' && p[i] != ':')
		i++;
	if (p[i] != ':' || i < 3 || !strchr("ch", p[i - 1]) || p[i - 2] != '.')
		return false;
	i++;
	if (!isdigit((unsigned char)p[i]))
		return false;
	while (isdigit((unsigned char)p[i]))
		i++;
	return !strncmp(p + i, " at ", 4);
}

/*
 * __warn() prints "WARNING: CPU: N PID: P at ..." and then dumps the
 * registers and stack of that same task, starting with "CPU: N PID: P
 * Comm: ...".  When the first such line names another PID, another
 * task's dump is in the way: the stack that follows is not this one's.
 */
static bool warn_pid_mismatch(const struct bc_report *r, const char *h)
{
	const char *p = strstr(h, " PID: ");
	long want, got;
	size_t i;

	if (!p)
		return false;
	want = strtol(p + 6, NULL, 10);
	for (i = r->oops + 1; i < r->n && i <= r->oops + 12; i++) {
		const char *l = line_at(r, i);
		const char *q = strstr(l, " PID: ");

		if (!q || !strstr(q, " Comm: "))
			continue;
		got = strtol(q + 6, NULL, 10);
		return got != want;
	}
	return false;
}

/* Parts, title family and skips of a "WARNING ... at <file> <func>". */
static void warn_family(struct fmt *f, const char *file)
{
	size_t i;

	{
		/* the header's own function is not trusted: RIP and stack */
		STD_PARTS(f);
		for (i = 0; i < sizeof(warn_files) / sizeof(warn_files[0]); i++)
			/* an unsymbolised header ("at 0x0") names the file only */
			if (starts_with(file, warn_files[i].file) &&
			    (!f->hdr_func[0] ||
			     starts_with(f->hdr_func, warn_files[i].func))) {
				set(f, warn_files[i].cls, warn_files[i].title,
				    FM_FRAME);
				f->skip = warn_files[i].skip;
				break;
			}
		if (starts_with(file, "drivers/usb/core/urb.c") &&
		    !strcmp(f->hdr_func, "usb_submit_urb")) {
			f->suffix = "/usb_submit_urb";
			f->skip = skip_usb;
		}
	}
}

static void fmt_info(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = h + 6;	/* after "INFO: " */
	char what[BC_TITLE_MAX];

	while (*p == ' ')
		p++;
	if (starts_with(p, "task ") && strstr(p, " blocked ") &&
	    strstr(p, " for more than ")) {
		/*
		 * check_hung_task() prints the hint line, then the task and
		 * its stack: a "Call Trace:" before the hint is someone else's
		 */
		set(f, BUGCHECK_CLASS_HUNG_TASK, "INFO: task hung", FM_FRAME);
		set_parts(f->parts, P(PK_LINE, "disables this message"),
			  P(PK_LINE, "Call Trace:|Call trace:|Backtrace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->ex = EX_HUNG;
		return;
	}
	if (starts_with(p, "task ") && strstr(p, "can't die")) {
		set(f, BUGCHECK_CLASS_HUNG_TASK, "INFO: task can't die", FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_sched;
		return;
	}
	if (starts_with(p, "rcu_tasks") &&
	    strstr(p, " detected stalls on tasks:")) {
		/*
		 * kernel/rcu/tasks.h check_holdout_task() (and the Tasks
		 * Trace flavour's show_stalled_task_trace()): the flavour's
		 * name, then per holdout task a "%p: .. nvcsw:" line and
		 * sched_show_task(), whose stack is the code that keeps the
		 * task from a quiescent state.  No timer interrupt here.
		 * The title is that of every RCU flavour's stall.
		 */
		set(f, BUGCHECK_CLASS_RCU_STALL, "INFO: rcu detected stall",
		    FM_FRAME);
		TRACE_PARTS(f);
		f->skip = skip_stall;
		f->ex = EX_STALL;
		return;
	}
	if (starts_with(p, "rcu") && strstr(p, "detected") &&
	    strstr(p, "stall")) {
		set(f, BUGCHECK_CLASS_RCU_STALL, "INFO: rcu detected stall",
		    FM_FRAME);
		/*
		 * The stalled code is the context an interrupt entry
		 * interrupted: the timer interrupt that ran the dump
		 * (dump_stack() in it before 5.x's dump_cpu_task(),
		 * lib/nmi_backtrace.c nmi_cpu_backtrace(NULL) for the
		 * calling CPU), or in 6.1's show_regs() dumps (kernel/sched/
		 * core.c dump_cpu_task(), nmi_cpu_backtrace() with regs)
		 * the interrupt whose exit ran a softirq on the IRQ stack.
		 * The entry's frame line is followed by the interrupted
		 * RIP (arch/x86/kernel/dumpstack.c show_regs_if_on_stack()).
		 * x86 entries: arch/x86/include/asm/idtentry.h asm_sysvec_*,
		 * asm_common_interrupt; 4.x entry_64.S apic_timer_interrupt,
		 * common_interrupt.
		 */
		set_parts(f->parts,
			  P(PK_NEED, "apic_timer_interrupt|asm_sysvec_|common_interrupt|Exception stack|el1h_64_irq"),
			  P(PK_RIP, NULL), P(PK_STACK, NULL), P(PK_END, NULL),
			  P(PK_END, NULL));
		/*
		 * 6.1 prints no interrupt frames: kernel/rcu/tree_stall.h
		 * dumps the stalled CPU with dump_cpu_task(), which is
		 * show_regs() of the interrupted context (self-detected,
		 * kernel/sched/core.c) or an NMI backtrace whose handler
		 * calls show_regs() (lib/nmi_backtrace.c): the RIP: line and
		 * the task stack after it are the stalled code.
		 */
		if (strstr(p, "self-detected")) {
			f->parts2[0] = P(PK_RIP, NULL);
			f->parts2[1] = P(PK_STACK, NULL);
		} else {
			/*
			 * print_other_cpu_stall() and tree_exp.h
			 * synchronize_rcu_expedited_wait(): dump_cpu_task()
			 * of each stalled CPU is an NMI backtrace or, without
			 * one, "Task dump for CPU %d:" and sched_show_task();
			 * a task blocked in a read-side critical section
			 * ("Tasks blocked on level-%d rcu_node", then
			 * rcu_print_detail_task_stall_rnp()'s
			 * sched_show_task()) has no register dump
			 */
			f->parts2[0] = P(PK_NEED, "NMI backtrace for cpu");
			f->parts2[1] = P(PK_RIP, NULL);
			f->parts2[2] = P(PK_STACK, NULL);
		}
		f->skip = skip_stall;
		f->ex = EX_STALL;
		return;
	}
	if (fmt_lockdep(r, h, "INFO: ", f))
		return;
	if (starts_with(p, "Allocated in ") || starts_with(p, "Freed in ")) {
		/*
		 * SLUB debug tracking ("INFO: Freed in f+0x.. age=N cpu=N
		 * pid=N", mm/slub.c print_track()) shown without the report
		 * it belongs to: the line is all there is.
		 */
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    starts_with(p, "Freed") ? "INFO: Freed" : "INFO: Allocated",
		    FM_FRAME);
		hdr_in_func(f, h);
		f->suffix = strstr(h, " age=");
		set_parts(f->parts, P(PK_HDR, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		f->corrupted = true;
		return;
	}
	generic_title(what, sizeof(what), "INFO: ", p);
	set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, what, FM_FRAME);
	STD_PARTS(f);
}

static void fmt_panic(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = after(h, "not syncing");
	char what[BC_TITLE_MAX];

	(void)r;
	/* panic() dumps the stack: a panic without one is a broken report */
	if (!p) {
		set(f, BUGCHECK_CLASS_KERNEL_PANIC, "kernel panic", FM_NONE);
		return;
	}
	while (*p == ':' || *p == ' ')
		p++;
	if (strstr(p, "stack is corrupted in")) {
		/*
		 * kernel/panic.c __stack_chk_fail(): the message names the
		 * function whose canary was overwritten (%pB of its return
		 * address), and the stack panic() then dumps is the one
		 * known to be smashed: an empty trace is what this report
		 * looks like when complete, not a cut log.
		 */
		set(f, BUGCHECK_CLASS_STACK_PROTECTOR,
		    "kernel panic: stack is corrupted", FM_FRAME);
		f->no_stack = true;
		hdr_symbol(f, strstr(p, "corrupted in") + 12);
		set_parts(f->parts, P(PK_HDR, NULL),
			  P(PK_LINE, "Call Trace:|Call trace:|Backtrace:"),
			  P(PK_STACK, NULL), P(PK_END, NULL), P(PK_END, NULL));
		return;
	}
	if (starts_with(p, "kernel stack overflow")) {
		/* arm64 panic_bad_stack(): the recursion is in the stack */
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW, "kernel stack overflow",
		    FM_FRAME);
		TRACE_PARTS(f);
		f->ex = EX_STALL;
		return;
	}
	if (starts_with(p, "corrupted stack end")) {
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW,
		    "kernel panic: corrupted stack end", FM_FRAME);
		f->no_stack = false;
		TRACE_PARTS(f);
		f->ex = EX_STALL;
		return;
	}
	if (starts_with(p, "Attempted to kill init")) {
		set(f, BUGCHECK_CLASS_KILL_INIT,
		    "kernel panic: Attempted to kill init!", FM_NONE);
		return;
	}
	if (starts_with(p, "Out of memory")) {
		set(f, BUGCHECK_CLASS_OUT_OF_MEMORY, "kernel panic: Out of memory",
		    FM_NONE);
		return;
	}
	if (strstr(p, "machine check") || strstr(p, "Machine check")) {
		set(f, BUGCHECK_CLASS_MACHINE_CHECK,
		    "kernel panic: Fatal machine check", FM_NONE);
		return;
	}
	copy_until(what, sizeof(what), p,
		   (const char *const[]){ " for ", " in interrupt", NULL });
	{
		char t[BC_TITLE_MAX + 16];

		snprintf(t, sizeof(t), "kernel panic: %.140s", what);
		set(f, BUGCHECK_CLASS_KERNEL_PANIC, t, FM_NONE);
	}
	/*
	 * The title names no frame, but panic() dumps the caller's stack:
	 * its first non-generic frame is the culprit (image and function of
	 * the failure name), as for every other class.
	 */
	TRACE_PARTS(f);
	if (strstr(p, "softlockup") || strstr(p, "soft lockup"))
		f->cls = BUGCHECK_CLASS_SOFT_LOCKUP;
	else if (strstr(p, "Hard LOCKUP") || strstr(p, "hardlockup"))
		f->cls = BUGCHECK_CLASS_HARD_LOCKUP;
	else if (strstr(p, "hung_task"))
		f->cls = BUGCHECK_CLASS_HUNG_TASK;
}

/*
 * Title makers of the headers whose title depends on the line: each
 * writes the title prefix into what and returns the class (the table's
 * class, or a finer one the line names).
 */
static enum bugcheck_class title_unable(const struct bc_report *r,
					 const char *h, enum bugcheck_class cls,
					 char *what, size_t sz)
{
	/* "Unable to handle kernel <what> at|without ..." */
	const char *w = h + strlen("Unable to handle kernel ");
	char kind[BC_TITLE_MAX];

	(void)r;
	if (strstr(h, "NULL pointer")) {
		bc_strlcpy(what,
			   "BUG: unable to handle kernel NULL pointer dereference",
			   sz);
		return BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE;
	}
	if (strstr(h, "paging request")) {
		bc_strlcpy(what, "BUG: unable to handle kernel paging request",
			   sz);
		return BUGCHECK_CLASS_PAGING_REQUEST;
	}
	if (strlen(h) < strlen("Unable to handle kernel "))
		w = "";
	/*
	 * arch/s390/mm/fault.c do_no_context(): "Unable to handle kernel
	 * pointer dereference in virtual kernel address space" (the
	 * "paging request in virtual user address space" form is above):
	 * the address space is no part of the title's kind
	 */
	copy_until(kind, sizeof(kind), w,
		   (const char *const[]){ " at ", " without ", " in virtual ",
					  NULL });
	snprintf(what, sz,
		 kind[0] ? "BUG: unable to handle kernel %.120s"
			 : "BUG: unable to handle kernel%.120s",
		 kind);
	return cls;
}

static enum bugcheck_class title_ubsan(const struct bc_report *r,
					const char *h, enum bugcheck_class cls,
					char *what, size_t sz)
{
	const char *p = h + 6;

	(void)r;
	while (*p == ' ')
		p++;
	if (starts_with(p, "Undefined behaviour"))
		bc_strlcpy(what, "UBSAN: undefined-behaviour", sz);
	else
		copy_until(what, sz, h, (const char *const[]){ " in ", NULL });
	return cls;
}

static enum bugcheck_class title_syz(const struct bc_report *r, const char *h,
				      enum bugcheck_class cls, char *what,
				      size_t sz)
{
	(void)r;
	copy_until(what, sz, strstr(h, "SYZ"), NULL);
	return cls;
}

/* warn_alloc()'s message names what failed (mm/page_alloc.c, mm/vmalloc.c) */
static enum bugcheck_class title_alloc(const struct bc_report *r,
				       const char *h, enum bugcheck_class cls,
				       char *what, size_t sz)
{
	(void)r;
	bc_strlcpy(what, strstr(h, "vmalloc error: size ") ?
			 "vmalloc error" : "page allocation failure", sz);
	return cls;
}

static enum bugcheck_class title_trusty(const struct bc_report *r,
					 const char *h, enum bugcheck_class cls,
					 char *what, size_t sz)
{
	const char *p = strstr(h, "ASSERT FAILED");

	(void)r;
	if (p) {
		const char *q = strstr(p, "): ");

		snprintf(what, sz, "trusty: ASSERT FAILED: %.120s",
			 q ? q + 3 : "");
	} else {
		copy_until(what, sz, strstr(h, "trusty"),
			   (const char *const[]){ " (caller", NULL });
		p = strstr(h, "): ");
		if (p)
			snprintf(what, sz, "trusty: panic: %.120s", p + 3);
	}
	return cls;
}

/* An x86 trap's name as die() printed it: "segment not present". */
static enum bugcheck_class title_x86_trap(const struct bc_report *r,
					  const char *h, enum bugcheck_class cls,
					  char *what, size_t sz)
{
	(void)r;
	copy_until(what, sz, h, (const char *const[]){ ":", NULL });
	return cls;
}

/* The Rust panic's message is on the line after "rust_kernel: panicked". */
static enum bugcheck_class title_rust(const struct bc_report *r,
				      const char *h, enum bugcheck_class cls,
				      char *what, size_t sz)
{
	size_t n = r->oops + 1 < r->n ? r->oops + 1 : r->oops;

	(void)h;
	copy_until(what, sz, line_at(r, n), NULL);
	return cls;
}

/* "BUG <cache> (<taint>): <message>" */
static enum bugcheck_class title_slub(const struct bc_report *r,
				      const char *h, enum bugcheck_class cls,
				      char *what, size_t sz)
{
	const char *p = strstr(h, "): ");

	(void)r;
	snprintf(what, sz, "BUG: %.120s", p ? p + 3 : "");
	return cls;
}

/*
 * kernel/cfi.c report_cfi_failure(): "CFI failure at %pS (target: %pS;
 * expected type: 0x%08x)" or "... (no target information)"; a BUG
 * (invalid opcode) or, with CONFIG_CFI_PERMISSIVE, a WARNING follows.
 * The address after "at" is the trap's (x86 handle_cfi_failure()
 * regs->ip, arm64 cfi_handler() regs->pc): the kCFI check the compiler
 * puts before the indirect call, in the calling function, which is the
 * culprit.  When that caller is generic dispatch code (a sysfs_ops
 * store, a notifier chain, a timer or work dispatcher the table names),
 * the type that does not match is the registered callback's: the
 * target, when it is named and not generic itself, is the culprit.
 */
static void culprit_cfi(const struct bc_report *r, const char *h,
			struct fmt *f)
{
	const char *t = strstr(h, "(target: ");
	struct bc_frame fr;

	(void)r;
	hdr_symbol(f, h);
	if (!f->hdr_func[0] || !bc_frame_is_generic(f->hdr_func) || !t)
		return;
	t += strlen("(target: ");
	if (bc_parse_symbol(t, strlen(t), &fr) && fr.function[0] &&
	    !bc_frame_is_generic(fr.function)) {
		bc_strlcpy(f->hdr_func, fr.function, sizeof(f->hdr_func));
		bc_strlcpy(f->hdr_mod, fr.module, sizeof(f->hdr_mod));
	}
}

/*
 * kernel/irq/spurious.c __report_bad_irq(): the header, dump_stack() of
 * the interrupt path, then "handlers:" and one "[<%p>] %ps" line per
 * handler of the line.  The first handler is the code that did not
 * handle its interrupt.
 */
static void culprit_irq(const struct bc_report *r, const char *h,
			struct fmt *f)
{
	(void)h;
	irq_handler(r, f);
}

/*
 * An OOM kill (mm/oom_kill.c, 6.1): dump_header() prints "%s invoked
 * oom-killer: ...", the allocating task's stack, the memory state and
 * the task list, and last dump_oom_summary()'s
 *   "oom-kill:constraint=%s,nodemask=%*pbl" [",cpuset=%s,mems_allowed=%*pbl"]
 *   ",oom_memcg=%s" | ",global_oom" [",task_memcg=%s"] ",task=%s,pid=%d,uid=%d"
 * (kernel/cgroup/cpuset.c cpuset_print_current_mems_allowed(),
 * mm/memcontrol.c mem_cgroup_print_oom_context()); then
 * __oom_kill_process() prints the "Killed process %d (%s)" header line.
 * dump_header() is rate limited, so the summary may be missing.
 *
 * The victim's comm is the culprit and the constraint is in the title:
 * "OOM kill: CONSTRAINT_X in comm".  The allocation stack is not used:
 * it belongs to whichever task asked for memory last, not to the one
 * that used it up.  Without the summary the title names the constraint
 * only when the message does ("Memory cgroup out of memory" is always
 * CONSTRAINT_MEMCG, oom_kill.c constrained_alloc()): "OOM kill in comm".
 */
static void culprit_oom(const struct bc_report *r, const char *h,
			struct fmt *f)
{
	char comm[BC_FUNC_MAX] = "", pid[16] = "", want[48];
	const char *p = strstr(h, "Killed process "), *q;
	const char *cons = NULL;
	size_t n, i;

	if (!p)
		return;
	p += 15;
	for (n = 0; isdigit((unsigned char)p[n]) && n + 1 < sizeof(pid); n++)
		;
	bc_strlcpyn(pid, p, n, sizeof(pid));
	p += n;
	if (strncmp(p, " (", 2) || !(q = strstr(p + 2, ") total-vm:")))
		return;
	bc_strlcpyn(comm, p + 2, (size_t)(q - p - 2), sizeof(comm));
	/* comm is any bytes a task chose (prctl PR_SET_NAME) */
	for (n = 0; comm[n]; n++)
		if ((unsigned char)comm[n] < 0x20 || comm[n] == 0x7f)
			comm[n] = '?';
	/* the summary of this victim: ",task=<comm>,pid=<pid>," */
	snprintf(want, sizeof(want), ",pid=%s,", pid);
	for (i = r->oops; i-- > 0;) {
		const char *l = line_at(r, i), *c, *t;

		c = strstr(l, "oom-kill:constraint=");
		t = c ? strstr(c, ",task=") : NULL;
		if (!t || !strstr(t, want))
			continue;
		cons = c + 20;
		break;
	}
	if (cons) {
		char word[40];

		copy_until(word, sizeof(word), cons,
			   (const char *const[]){ ",", NULL });
		snprintf(f->prefix, sizeof(f->prefix), "OOM kill: %s", word);
	} else if (strstr(line_at(r, r->oops),
			  "Memory cgroup out of memory")) {
		bc_strlcpy(f->prefix, "OOM kill: CONSTRAINT_MEMCG",
			   sizeof(f->prefix));
	}
	bc_strlcpy(f->victim, comm, sizeof(f->victim));
}

/* Where the culprit frame of a header's report is found. */
enum hdr_parts {
	HP_NONE,	/* no parts (the report has no stack, or fixed) */
	HP_STD,		/* STD_PARTS: the RIP line, then the call trace */
	HP_TRACE,	/* TRACE_PARTS: the call trace only */
	HP_HDR,		/* the header line itself, frames not skipped */
	HP_LEAK,	/* kmemleak's "backtrace:" */
};

/*
 * What a header means: its class and title (fixed, or made from the
 * line by title()), how the culprit is found (parts, an extra step
 * culprit() that reads the header or the lines after it, skip patterns,
 * extractor), and flags.  Headers with a family of formats (BUG:,
 * WARNING:, INFO:, Kernel panic) have a format() of their own that
 * does all of it.
 */
struct hdr_rule {
	void (*format)(const struct bc_report *r, const char *h,
		       struct fmt *f);
	enum bugcheck_class cls;
	const char *title;
	enum bugcheck_class (*title_fn)(const struct bc_report *r,
					const char *h, enum bugcheck_class cls,
					char *what, size_t sz);
	enum frame_mode mode;
	void (*culprit)(const struct bc_report *r, const char *h,
			struct fmt *f);
	enum hdr_parts parts;
	const char *const *skip;
	enum extractor ex;
	bool no_stack;
	bool corrupted;
};

#define C(x) BUGCHECK_CLASS_##x
static const struct hdr_rule hdr_rules[] = {
	[O_BUG] = { .format = fmt_bug },
	[O_WARNING] = { .format = fmt_warning },
	[O_INFO] = { .format = fmt_info },
	[O_PANIC] = { .format = fmt_panic },
	[O_UNABLE] = { .cls = C(BAD_ACCESS), .title_fn = title_unable,
		       .mode = FM_FRAME, .parts = HP_STD },
	[O_GPF] = { .cls = C(GENERAL_PROTECTION_FAULT),
		    .title = "general protection fault", .mode = FM_FRAME,
		    .parts = HP_STD },
	[O_STACKSEG] = { .cls = C(GENERAL_PROTECTION_FAULT),
			 .title = "stack segment fault", .mode = FM_FRAME,
			 .parts = HP_STD },
	[O_DOUBLE_FAULT] = { .cls = C(DOUBLE_FAULT),
			     .title = "PANIC: double fault", .mode = FM_FRAME,
			     .parts = HP_STD },
	[O_KERNEL_BUG] = { .cls = C(KERNEL_BUG), .title = "kernel BUG",
			   .mode = FM_FRAME, .parts = HP_STD },
	[O_DIVIDE] = { .cls = C(DIVIDE_ERROR), .title = "divide error",
		       .mode = FM_FRAME, .parts = HP_STD },
	[O_INVALID_OP] = { .cls = C(INVALID_OPCODE), .title = "invalid opcode",
			   .mode = FM_FRAME, .parts = HP_STD },
	[O_UBSAN] = { .cls = C(UBSAN), .title_fn = title_ubsan,
		      .mode = FM_FRAME, .parts = HP_TRACE },
	[O_LEAK] = { .cls = C(MEMORY_LEAK), .title = "memory leak",
		     .mode = FM_FRAME, .parts = HP_LEAK, .skip = skip_leak },
	[O_BOOT] = { .cls = C(REBOOT), .title = "unexpected kernel reboot",
		     .mode = FM_NONE, .no_stack = true },
	[O_NETDEV] = { .cls = C(NETDEV_LEAK),
		       .title = "unregister_netdevice: waiting for DEV to become free",
		       .mode = FM_NONE, .no_stack = true },
	[O_INTERNAL] = { .cls = C(BAD_ACCESS), .title = "Internal error",
			 .mode = FM_FRAME, .parts = HP_STD },
	[O_UNHANDLED] = { .cls = C(BAD_ACCESS), .title = "Unhandled fault",
			  .mode = FM_FRAME, .parts = HP_STD },
	[O_ALIGN] = { .cls = C(BAD_ACCESS), .title = "Alignment trap",
		      .mode = FM_FRAME, .parts = HP_STD },
	[O_SYZFAIL] = { .cls = C(TOOL_FAILURE), .title_fn = title_syz,
			.mode = FM_NONE, .no_stack = true },
	[O_SYZFATAL] = { .cls = C(TOOL_FAILURE), .title_fn = title_syz,
			 .mode = FM_NONE, .no_stack = true },
	[O_INT3] = { .cls = C(BAD_ACCESS), .title = "int3", .mode = FM_FRAME,
		     .parts = HP_STD },
	[O_VFS_BUSY] = { .cls = C(CONSISTENCY_CHECK),
			 .title = "VFS: Busy inodes after unmount (use-after-free)",
			 .mode = FM_NONE, .no_stack = true },
	[O_VFS_CLOSE] = { .cls = C(CONSISTENCY_CHECK),
			  .title = "VFS: Close: file count is zero (use-after-free)",
			  .mode = FM_NONE, .no_stack = true },
	[O_STACK_OVERFLOW] = { .cls = C(STACK_OVERFLOW),
			       .title = "kernel stack overflow",
			       .mode = FM_FRAME, .parts = HP_STD,
			       .ex = EX_STALL },
	[O_CFI] = { .cls = C(KERNEL_BUG), .title = "CFI failure",
		    .mode = FM_FRAME, .culprit = culprit_cfi, .parts = HP_HDR },
	[O_IRQ_NOBODY] = { .cls = C(CONSISTENCY_CHECK),
			   .title = "irq: nobody cared", .mode = FM_FRAME,
			   .culprit = culprit_irq, .parts = HP_HDR },
	[O_IRQ_BOGUS] = { .cls = C(CONSISTENCY_CHECK),
			  .title = "irq: bogus return value", .mode = FM_FRAME,
			  .culprit = culprit_irq, .parts = HP_HDR },
	[O_HARD_LOCKUP] = { .cls = C(HARD_LOCKUP), .title = "BUG: hard lockup",
			    .mode = FM_FRAME, .parts = HP_STD, .ex = EX_STALL },
	[O_OOPS] = { .cls = C(BAD_ACCESS), .title = "Oops", .mode = FM_FRAME,
		     .parts = HP_STD },
	[O_TRUSTY] = { .cls = C(KERNEL_PANIC), .title_fn = title_trusty,
		       .mode = FM_NONE, .no_stack = true },
	[O_LIST] = { .cls = C(LIST_CORRUPTION), .title = "BUG: corrupted list",
		     .mode = FM_FRAME, .parts = HP_STD },
	[O_USERCOPY] = { .cls = C(KERNEL_BUG), .title = "BUG: bad usercopy",
			 .mode = FM_FRAME, .parts = HP_STD,
			 .skip = skip_usercopy },
	[O_RUST] = { .cls = C(KERNEL_PANIC), .title_fn = title_rust,
		     .mode = FM_FRAME, .parts = HP_TRACE },
	[O_MCE] = { .cls = C(MACHINE_CHECK), .title = "machine check",
		    .mode = FM_NONE, .no_stack = true },
	[O_SLUB] = { .cls = C(CONSISTENCY_CHECK), .title_fn = title_slub,
		     .mode = FM_NONE, .corrupted = true },
	[O_OOM_KILL] = { .cls = C(OOM_KILL), .title = "OOM kill",
			 .mode = FM_NONE, .culprit = culprit_oom,
			 .no_stack = true },
	[O_MSR] = { .cls = C(WARNING), .title = "unchecked MSR access error",
		    .mode = FM_FRAME, .parts = HP_TRACE },
	[O_X86_TRAP] = { .cls = C(BAD_ACCESS), .title_fn = title_x86_trap,
			 .mode = FM_FRAME, .parts = HP_STD },
	[O_ALLOC_FAIL] = { .cls = C(OUT_OF_MEMORY), .title_fn = title_alloc,
			   .mode = FM_FRAME, .parts = HP_TRACE,
			   .skip = skip_alloc_fail },
};

/* A line that no rule knows (no header id). */
static const struct hdr_rule hdr_unknown = {
	.cls = C(UNKNOWN), .title = "kernel crash", .mode = FM_FRAME,
	.parts = HP_STD,
};
#undef C

/* Derive the format for the report's oops line. */
static void describe_header(const struct bc_report *r, int id, const char *h,
			    struct fmt *f)
{
	const struct hdr_rule *rule = &hdr_unknown;
	char what[BC_TITLE_MAX] = "";
	enum bugcheck_class cls;

	memset(f, 0, sizeof(*f));
	f->from = r->oops;
	if (id >= 0 && (size_t)id < sizeof(hdr_rules) / sizeof(hdr_rules[0]))
		rule = &hdr_rules[id];
	if (rule->format) {
		rule->format(r, h, f);
		return;
	}
	cls = rule->cls;
	if (rule->title_fn)
		cls = rule->title_fn(r, h, cls, what, sizeof(what));
	else
		bc_strlcpy(what, rule->title, sizeof(what));
	set(f, cls, what, rule->mode);
	if (rule->culprit)
		rule->culprit(r, h, f);
	switch (rule->parts) {
	case HP_NONE:
		break;
	case HP_STD:
		STD_PARTS(f);
		break;
	case HP_TRACE:
		TRACE_PARTS(f);
		break;
	case HP_HDR:
		set_parts(f->parts, P(PK_HDR, NULL), P(PK_END, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		f->noskip = true;
		break;
	case HP_LEAK:
		set_parts(f->parts, P(PK_LINE, "backtrace"), P(PK_STACK, NULL),
			  P(PK_END, NULL), P(PK_END, NULL), P(PK_END, NULL));
		break;
	}
	if (rule->skip)
		f->skip = rule->skip;
	if (rule->ex != EX_FIRST)
		f->ex = rule->ex;
	if (rule->no_stack)
		f->no_stack = true;
	if (rule->corrupted)
		f->corrupted = true;
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

/* Lines where the crashing stack ends and another one begins. */
static bool stack_start(const char *l)
{
	static const char *const starts[] = {
		"Call Trace:", "Call trace:", "Allocated by task", "Allocated:",
		"Freed by task", "Freed:", "Last potentially related",
		"Second to last potentially", "Uninit was stored",
		"Uninit was created", "Local variable ", "Memory state around",
		"The buggy address", "Last call_rcu", "Second to last call_rcu",
		"allocated by task", "freed by task", "other info that might help",
		"Showing all locks held", "locks held by", "lock held by",
		"Sending NMI from CPU", "NMI backtrace for cpu", "---[ end trace",
		"Kernel Offset:", "Rebooting in", "stack backtrace:",
		NULL,
	};
	const char *const *s;
	size_t len = strlen(l);

	/* blanks as bc_match_ws(): "Call\tTrace:" from a pipeline */
	for (s = starts; *s; s++)
		if (bc_memstr_ws(l, len, *s, NULL))
			return true;
	return false;
}

struct cand {
	struct bc_frame f;
	bool skipped;
};

struct frame_list {
	struct cand c[256];
	size_t n;
};

static bool skipped(const char *func, const struct fmt *f)
{
	return bc_frame_is_generic(func) ||
	       (f->skip && bc_func_matches(func, f->skip)) ||
	       (f->stop && bc_func_matches(func, f->stop));
}

static void add_frame(struct frame_list *fl, const struct bc_frame *fr,
		      const struct fmt *f, bool noskip)
{
	if (!fr->function[0] || fl->n >= sizeof(fl->c) / sizeof(fl->c[0]))
		return;
	/* deep recursion: one entry per run of the same function */
	if (fl->n && !strcmp(fl->c[fl->n - 1].f.function, fr->function))
		return;
	fl->c[fl->n].f = *fr;
	fl->c[fl->n].skipped = !noskip && skipped(fr->function, f);
	fl->n++;
}

static bool has_any(const char *l, const char *needles)
{
	char one[64];
	const char *p = needles;
	size_t len = strlen(l);

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		bc_strlcpyn(one, p, n, sizeof(one));
		if (bc_memstr_ws(l, len, one, NULL))
			return true;
		p += n;
		if (*p == '|')
			p++;
	}
	return false;
}

/* "[<ffffffff81234567>] func+0x../0x.." or "[<..>] func" anywhere. */
static bool pc_func(const char *l, struct bc_frame *fr)
{
	const char *p = l;

	while ((p = strstr(p, "[<"))) {
		const char *q = strstr(p, ">]");
		size_t n;

		if (!q)
			return false;
		q += 2;
		while (bc_is_blank((unsigned char)*q))
			q++;
		n = bc_parse_symbol(q, strlen(q), fr);
		if (n)
			return true;
		p = q;
	}
	return false;
}

/* lockdep "at: [<pc>] func+0x.." or "at: func+0x.." (blanks: any run) */
static bool at_func(const char *l, struct bc_frame *fr)
{
	size_t n;
	const char *p = bc_memstr_ws(l, strlen(l), "at: ", &n);

	if (!p)
		return false;
	p += n;
	if (*p == '[') {
		const char *q = strchr(p, ']');

		if (!q)
			return false;
		p = q + 1;
		while (bc_is_blank((unsigned char)*p))
			p++;
	}
	return bc_parse_symbol(p, strlen(p), fr) != 0;
}

/*
 * A faulting-instruction line; its frame (if symbolised) in @fr.  The
 * prefixes and their blanks are bc_reg_prefix()'s, less the callers'
 * "lr :"/"LR is at"/"ra :" lines.
 */
static bool rip_line(const char *l, size_t len, struct bc_frame *fr)
{
	enum bc_frame_kind kind;
	struct bc_pframe pf;
	size_t i = 0;

	while (i < len && bc_is_blank((unsigned char)l[i]))
		i++;
	if (!bc_reg_prefix(l + i, len - i, &kind) || kind != BC_FK_IP)
		return false;
	memset(fr, 0, sizeof(*fr));
	if (bc_parse_frame_line(l, len, &pf) && pf.kind == BC_FK_IP)
		*fr = pf.f;
	return true;
}

/* "last function: func" of a workqueue report */
static bool lastfn(const char *l, struct bc_frame *fr)
{
	const char *p = strstr(l, "last function: ");

	if (p) {
		p += 15;
	} else {
		/* 6.12 "     preempt=0x.. lock=.. RCU=.. workfn=%ps" */
		p = strstr(l, " workfn=");
		if (!p || !strstr(l, "preempt="))
			return false;
		p += 8;
	}
	memset(fr, 0, sizeof(*fr));
	/* kernel/workqueue.c "    last function: %ps": " [module]" too */
	p += copy_token(fr->function, sizeof(fr->function), p);
	if (p[0] == ' ' && p[1] == '[') {
		size_t n = strcspn(p + 2, "] ");

		if (p[2 + n] == ']')
			bc_strlcpyn(fr->module, p + 2, n, sizeof(fr->module));
	}
	return fr->function[0] != '\0';
}

/* "caller is func+0x../0x.." (lib/smp_processor_id.c and friends) */
static bool caller_func(const char *l, struct bc_frame *fr)
{
	size_t n;
	const char *p = bc_memstr_ws(l, strlen(l), "caller is ", &n);

	if (!p)
		return false;
	p += n;
	return bc_parse_symbol(p, strlen(p), fr) != 0;
}

/* Does line @l satisfy part @pt?  Fills @fr with its frame, if any. */
static bool part_match(const struct part *pt, const char *l, size_t len,
		       const struct fmt *f, struct bc_frame *fr)
{
	memset(fr, 0, sizeof(*fr));
	switch (pt->kind) {
	case PK_LINE:
	case PK_NEED:
	case PK_NEAR:
		return has_any(l, pt->needle);
	case PK_RIP:
		return rip_line(l, len, fr);
	case PK_AT:
		return at_func(l, fr);
	case PK_PCFUNC:
		return pc_func(l, fr);
	case PK_LASTFN:
		return lastfn(l, fr);
	case PK_CALLER:
		return caller_func(l, fr);
	case PK_HDR:
		bc_strlcpy(fr->function, f->hdr_func, sizeof(fr->function));
		bc_strlcpy(fr->module, f->hdr_mod, sizeof(fr->module));
		return true;
	default:
		return false;
	}
}

/* A stack frame line of the crashing stack (not a register line). */
static int stack_frames(const char *l, size_t len, struct bc_frame *out)
{
	struct bc_pframe pf;

	if (!bc_parse_frame_line(l, len, &pf))
		return 0;
	/*
	 * symbolised "[inline]" lines repeat the frame of the function
	 * they were inlined into: its real frame line follows
	 */
	if (pf.kind != BC_FK_TRACE || pf.questionable || pf.inlined)
		return 0;
	out[0] = pf.f;
	if (pf.caller.function[0]) {
		out[1] = pf.caller;
		return 2;
	}
	return 1;
}

/* A " ? func" frame line, which syzkaller drops from the report text. */
static bool questionable(const char *l, size_t len)
{
	struct bc_pframe pf;

	return bc_parse_frame_line(l, len, &pf) && pf.questionable;
}

static void run_parts(const struct bc_report *r, const struct fmt *f,
		      const struct part *parts, bool noskip,
		      struct frame_list *fl)
{
	size_t i = f->from, k;
	struct bc_frame fr[2];

	fl->n = 0;
	for (k = 0; k < MAX_PARTS && parts[k].kind != PK_END; k++) {
		const struct part *pt = &parts[k];

		if (pt->kind == PK_HDR) {
			if (f->hdr_func[0]) {
				part_match(pt, "", 0, f, fr);
				add_frame(fl, fr, f, noskip);
			}
			i = f->from + 1;
			continue;
		}
		if (pt->kind != PK_STACK) {
			size_t j, end = r->n;

			if (pt->kind == PK_NEAR && i + NEAR_LINES < end)
				end = i + NEAR_LINES;
			/* a part that is absent consumes nothing ... */
			for (j = i; j < end; j++) {
				const char *l = line_at(r, j);

				/* unreliable frames are not part of the report */
				if (questionable(l, r->lines[j].len))
					continue;
				if (part_match(pt, l, r->lines[j].len, f, fr)) {
					add_frame(fl, fr, f, noskip);
					/*
					 * a caller the kernel names is trusted
					 * unless it is the format's own check
					 */
					if (pt->kind == PK_CALLER && fl->n)
						fl->c[fl->n - 1].skipped =
							f->skip &&
							bc_func_matches(fr->function,
									f->skip);
					i = j + 1;
					break;
				}
				/* another dump in between: intermixed */
				if (pt->kind == PK_NEAR && stack_start(l)) {
					j = end;
					break;
				}
			}
			/* ... unless the rest hangs on it */
			if (j == end && (pt->kind == PK_NEED || pt->kind == PK_NEAR))
				break;
			continue;
		}
		{
			size_t seen = 0;

			for (; i < r->n; i++) {
				const char *l = line_at(r, i);
				size_t len = r->lines[i].len;
				const struct part *nx = &parts[k + 1];
				int m;

				if (seen && stack_start(l)) {
					i++;
					break;
				}
				if (k + 1 < MAX_PARTS && nx->kind != PK_END &&
				    nx->kind != PK_STACK &&
				    part_match(nx, l, len, f, fr)) {
					add_frame(fl, fr, f, noskip);
					k++;
					i++;
					break;
				}
				m = stack_frames(l, len, fr);
				if (m) {
					seen++;
					add_frame(fl, &fr[0], f, false);
					if (m > 1)
						add_frame(fl, &fr[1], f, false);
				}
			}
		}
	}
}

/* Frames where stall reports anchor: the frame above is the identity. */
static const char *const stall_anchors[] = {
	"^kthread$", "worker_thread", "process_one_work", "smp_call_function",
	"tasklet_action", "call_timer_fn", "^__run_timers", "^expire_timers",
	"^run_timer_softirq", "^__do_softirq", "^do_softirq",
	"^net_rx_action$", "^__napi_poll$", "^napi_poll$", "^process_backlog$",
	"^__netif_receive_skb", "^netif_receive_skb",
	"^do_syscall_", "^do_fast_syscall", "^do_int80", "^entry_SYSCALL",
	"^entry_SYSENTER", "^el0_svc", "^invoke_syscall", "^syscall_call",
	"^sysenter_", "^system_call", "^ret_fast_syscall", "^vector_swi",
	"^ret_from_fork",
	/* the idle loop: a stalled idle CPU ran the frame above it */
	"^cpu_startup_entry$", "^do_idle$", "^cpu_idle$", "^start_secondary$",
	"^secondary_start_kernel$", "^rest_init$",
	"^sock_sendmsg$", "^__sock_sendmsg$", "^sock_recvmsg$",
	"^____sys_sendmsg$", "^sock_write_iter$",
	"^sock_read_iter$", "^sock_ioctl$", "^sock_do_ioctl$",
	"^sock_common_setsockopt$", "^sock_common_getsockopt$",
	"^rtnetlink_rcv_msg$", "^nfnetlink_rcv_msg$", "^nfnetlink_rcv_batch$",
	"^netlink_dump$", "^__netlink_dump_start$",
	"sys_ioctl$", "SyS_ioctl$", "compat_ioctl$", "^do_dentry_open$",
	"^new_sync_read$",
	"^new_sync_write$",
	"^vfs_write$", "^vfs_read$", "^vfs_writev$", "^vfs_readv$",
	"^do_iter_write$", "^do_iter_read$", "^vfs_iter_write$",
	"^vfs_iter_read$", "^__vfs_write$", "^__vfs_read$",
	"^vfs_ioctl$", "^do_vfs_ioctl$", "^ksys_ioctl$",
	"^do_sys_open", "^do_filp_open$", "^path_openat$",
	"^task_work_run$", "^__fput$", "^____fput$",
	"^rcu_do_batch$", "^rcu_core$",
	"^__sys_setsockopt$", "^__sys_getsockopt$",
	NULL,
};

static int extract(const struct frame_list *fl, const struct fmt *f,
		   const char **rename)
{
	enum extractor ex = f->ex;
	/*
	 * The blocked task's wait, by the kernel's naming: the scheduler
	 * (kernel/sched/core.c schedule*(), __schedule(), io_schedule*(),
	 * preempt_schedule*(), _cond_resched(); kernel/time/timer.c and
	 * hrtimer.c schedule_timeout*(), schedule_hrtimeout*(); 4.x
	 * freezable_schedule*()), sleeping locks (kernel/locking/
	 * mutex.c, rtmutex.c, ww_mutex.h, rwsem.c, percpu-rwsem.c,
	 * semaphore.c down*(); spinlock.c _raw_*(); net/core/sock.c
	 * lock_sock*(); mm/filemap.c folio_lock*(), __lock_page*(); and
	 * any "<what>_lock" acquisition such as console_lock() or
	 * rtnl_lock()), waits (include/linux/wait.h wait_event*(),
	 * kernel/sched/wait.c prepare_to_wait*(), finish_wait(),
	 * wait_bit.c out_of_line_wait_on_bit*(), bit_wait*(), completion.c
	 * wait_for_completion*(), __wait_for_common(), mm/filemap.c
	 * folio_wait_*(), wait_on_page_*(), *fdatawait*(), fs/buffer.c
	 * __wait_on_buffer()), kernel/kthread.c kthread_*(), RCU and
	 * workqueue flushes.  Substrings of these ("sched", "wait",
	 * "kthread", "completion") also hid drivers' own functions.
	 */
	static const char *const hung_skip[] = {
		"^schedule", "^__schedule", "^io_schedule", "^preempt_schedule",
		"^_cond_resched", "^__cond_resched", "^freezable_schedule",
		"^mutex_lock", "^__mutex_lock", "^ww_mutex_lock",
		"^__ww_mutex_lock", "^_raw_", "^rt_mutex", "^__rt_mutex",
		"rwsem", "_lock$", "_lock_nested$", "_lock_interruptible",
		"_lock_killable", "_slowlock", "_lock_slowpath",
		/* down*: kernel/locking/semaphore.c (not "teardown") */
		"^down", "^__down", "^percpu_down", "^__percpu_down",
		"^lock_sock", "^__lock_sock", "^lock_page", "^__lock_page",
		"^folio_lock", "^__folio_lock", "^wait_for_completion",
		"^wait_for_common", "^kthread", "^__kthread", "^wait_",
		"^__wait_", "^do_wait_for_common", "^prepare_to_wait",
		"^finish_wait", "^out_of_line_wait_on_", "^bit_wait",
		"^folio_wait_", "^__folio_wait", "wait_on_page", "wait_on_buffer",
		"fdatawait", "synchronize", "context_switch", "__switch_to",
		"cancel_delayed_work", "rcu_barrier", NULL,
	};
	static const char *const hung_anchor[] = {
		"rtnl_lock", "synchronize_rcu", "synchronize_srcu",
		"synchronize_net", "synchronize_sched", NULL,
	};
	int prev = -1;
	size_t i;

	*rename = NULL;
	if (ex == EX_HUNG) {
		/*
		 * Waits on RCU grace periods all bucket as synchronize_rcu;
		 * anchors count even when generic (kernel/rcu/tree.c and
		 * srcutree.c export them: the caller blocks until a grace
		 * period ends, and the hang is that grace period's).
		 */
		for (i = 0; i < fl->n; i++)
			if (bc_func_matches(fl->c[i].f.function, hung_anchor)) {
				if (strstr(fl->c[i].f.function, "synchronize"))
					*rename = "synchronize_rcu";
				return (int)i;
			}
		for (i = 0; i < fl->n; i++)
			if (!fl->c[i].skipped &&
			    !bc_func_matches(fl->c[i].f.function, hung_skip))
				return (int)i;
		return -1;
	}
	for (i = 0; i < fl->n; i++) {
		if (ex == EX_FIRST) {
			if (!fl->c[i].skipped)
				return (int)i;
			continue;
		}
		/* anchors count even when generic (syscall entry ...) */
		if (bc_func_matches(fl->c[i].f.function, stall_anchors)) {
			if (strstr(fl->c[i].f.function, "smp_call_function")) {
				*rename = "smp_call_function";
				return (int)i;
			}
			return prev >= 0 ? prev : (fl->c[i].skipped ? -1 : (int)i);
		}
		if (!fl->c[i].skipped)
			prev = (int)i;
	}
	/* nothing better: the first frame of the format's last resort list */
	for (i = 0; ex == EX_FIRST && f->stop && i < fl->n; i++)
		if (bc_func_matches(fl->c[i].f.function, f->stop))
			return (int)i;
	return -1;
}

/*
 * Is the report broken?  A report that should carry a stack must mention
 * one ("Call Trace", "backtrace", ...) and every such keyword must be
 * followed by a frame within the next lines.
 */
/* Does the report after its header show a stack or a frame line? */
static bool report_shows_stack(const struct bc_report *r, const struct fmt *f)
{
	struct bc_pframe pf;
	size_t i;

	for (i = f->from + 1; i < r->n; i++) {
		const char *l = line_at(r, i);

		if (strstr(l, "Call Trace") || strstr(l, "Call trace") ||
		    strstr(l, "Backtrace:") ||
		    bc_parse_frame_line(l, strlen(l), &pf))
			return true;
	}
	return false;
}

static bool report_corrupted(const struct bc_report *r, const struct fmt *f)
{
	static const char *const keys[] = {
		"Call Trace", "Call trace", "Allocated:", "Allocated by task",
		"Freed:", "Freed by task", " backtrace:", "Backtrace:",
		" backtrace (crc ",
		"Uninit was stored to memory at", NULL,
	};
	bool any = false;
	size_t i, j, k, q;

	if (f->corrupted)
		return true;
	if (f->no_stack)
		return false;
	for (k = 0; keys[k]; k++) {
		bool found = false, ok = false;

		for (i = f->from; i < r->n; i++) {
			const char *l = line_at(r, i);
			const char *p = strstr(l, keys[k]);

			if (!p)
				continue;
			if (k == 6 && p >= l + 5 && !strncmp(p - 5, "stack", 5))
				continue;	/* "stack backtrace:" */
			found = true;
			break;
		}
		if (!found)
			continue;
		any = true;
		/*
		 * within 15 lines of the keyword; " ? func" lines do not
		 * count: arch/x86/kernel/dumpstack.c show_trace_log_lvl()
		 * prints them for stale return addresses the unwinder met on
		 * the stack, no frame of the trace (syzkaller drops them
		 * from the report text before this check)
		 */
		for (j = i + 1, q = 0; j < r->n && j <= i + 15 + q; j++) {
			const char *l = line_at(r, j);
			struct bc_frame fr[2];
			size_t m;

			if (questionable(l, r->lines[j].len)) {
				q++;
				continue;
			}
			for (m = 0; keys[m]; m++)
				if (strstr(l, keys[m]))
					break;
			if (keys[m])
				break;
			if (strstr(l, "(stack is not available)") ||
			    stack_frames(l, r->lines[j].len, fr)) {
				ok = true;
				break;
			}
		}
		if (!ok)
			return true;
	}
	if (any)
		return false;
	/*
	 * Some stacks come without a keyword (KFENCE's "Invalid free of
	 * ...:", riscv "[<pc>] func" dumps): a run of frame lines will do.
	 */
	for (i = f->from, j = 0; i < r->n && j < 3; i++) {
		struct bc_frame fr[2];

		if (stack_frames(line_at(r, i), r->lines[i].len, fr))
			j++;
		else
			j = 0;
	}
	return j < 3;
}

/* ------------------------------------------------------------------ */
/* Metadata                                                            */
/* ------------------------------------------------------------------ */

static void parse_taint_release(const char *l, struct bc_classification *out)
{
	const char *p;
	size_t n = 0;

	if ((p = strstr(l, "Not tainted "))) {
		p += 12;
		out->tainted_known = true;
		out->taint[0] = '\0';
	} else if ((p = strstr(l, "Tainted: "))) {
		p += 9;
		out->tainted_known = true;
		/* letters, each followed by a space (or packed) */
		while (*p) {
			if (isupper((unsigned char)*p) &&
			    (p[1] == ' ' || isupper((unsigned char)p[1]))) {
				if (n + 1 < sizeof(out->taint))
					out->taint[n++] = *p;
				p++;
			} else if (*p == ' ') {
				p++;
			} else {
				break;
			}
		}
		out->taint[n] = '\0';
	} else {
		return;
	}
	while (*p == ' ')
		p++;
	if (isdigit((unsigned char)*p) && !out->kernel_release[0]) {
		n = 0;
		while (p[n] && p[n] != ' ')
			n++;
		bc_strlcpyn(out->kernel_release, p, n,
			    sizeof(out->kernel_release));
	}
}

void bc_parse_modules(const char *p, struct bc_classification *out)
{
	size_t len = strlen(out->modules);

	while (*p) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		if (*p == '[' || !*p)
			break;
		while (p[n] && p[n] != ' ' && p[n] != '(')
			n++;
		if (n && len + n + 2 < sizeof(out->modules)) {
			if (len)
				out->modules[len++] = ' ';
			memcpy(out->modules + len, p, n);
			len += n;
			out->modules[len] = '\0';
			out->nmodules++;
		}
		p += n;
		if (*p == '(') {
			while (*p && *p != ')')
				p++;
			if (*p)
				p++;
		}
	}
}

bool bc_modules_cont(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || !isalnum((unsigned char)s[0]) || bc_memstr(s, len, "---"))
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_-() []:", s[i]))
			return false;
	/* no module is named by digits alone ("CPU 1" is not a list) */
	for (i = 0; i < len; i++)
		if ((i == 0 || s[i - 1] == ' ') && isdigit((unsigned char)s[i])) {
			size_t j = i;

			while (j < len && isdigit((unsigned char)s[j]))
				j++;
			if (j == len || s[j] == ' ')
				return false;
		}
	/* "Pid: 3, comm: ..." or "CPU: 0 ..." are not module names */
	return !memchr(s, ':', len) || bc_memstr(s, len, "[last unloaded:");
}

static void parse_meta(const struct bc_report *r, struct bc_classification *out)
{
	bool mods = false, cont = false;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const char *l = line_at(r, i), *p;

		/* a module list wrapped onto the next console lines */
		if (cont && bc_modules_cont(l, r->lines[i].len)) {
			bc_parse_modules(l, out);
			continue;
		}
		cont = false;

		if (!out->tainted_known &&
		    (strstr(l, "Comm: ") || strstr(l, "comm: ") ||
		     strstr(l, "Not tainted") || strstr(l, "Tainted: ")))
			parse_taint_release(l, out);
		if (!mods && (p = strstr(l, "Modules linked in:"))) {
			mods = true;
			bc_parse_modules(p + 18, out);
			cont = true;
			continue;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Entry                                                               */
/* ------------------------------------------------------------------ */

void bc_finish_classification(struct bc_classification *out)
{
	if (!out->image[0])
		bc_strlcpy(out->image, "vmlinux", sizeof(out->image));
	snprintf(out->failure_name, sizeof(out->failure_name), "%s_0x%02x_%s!%s",
		 bc_class_name(out->cls), (unsigned int)out->cls & 0xff,
		 out->image, out->function[0] ? out->function : "unknown");
	bc_failure_hash(out->cls, out->image, out->title, out->failure_hash);
	out->hash_spec = BC_HASH_SPEC_VERSION;
}

static void set_culprit(struct bc_classification *out, const char *func,
			const char *mod)
{
	bc_strlcpy(out->function, func, sizeof(out->function));
	bc_strlcpy(out->image, mod && mod[0] ? mod : "vmlinux",
		   sizeof(out->image));
}

/* The title holds a console timestamp or caller field: lines were mixed. */
static bool title_has_prefix(const char *t)
{
	const char *p = t;

	while ((p = strchr(p, '['))) {
		const char *q = p + 1;

		while (*q == ' ')
			q++;
		if ((*q == 'T' || *q == 'C') && isdigit((unsigned char)q[1]))
			return true;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.' && isdigit((unsigned char)q[1]))
			return true;
		p++;
	}
	return false;
}

void bc_describe_report(const struct bc_report *r,
			struct bc_classification *out)
{
	const char *oops_line = line_at(r, r->oops);
	const struct bc_oops *o;
	struct frame_list *fl;
	struct fmt f;
	char title[BC_TITLE_MAX * 2];
	const char *h;
	const char *rename = NULL;
	int idx = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->culprit = -1;
	o = bc_match_oops(oops_line, r->lines[r->oops].len, true);
	h = o ? bc_oops_text(oops_line, o) : oops_line;
	describe_header(r, o ? o->id : -1, h, &f);
	out->cls = f.cls;
	parse_meta(r, out);

	fl = calloc(1, sizeof(*fl));
	/* FM_NONE formats with parts take their culprit from the stack */
	if (fl && (f.mode == FM_FRAME || f.parts[0].kind != PK_END)) {
		run_parts(r, &f, f.parts, f.noskip, fl);
		idx = extract(fl, &f, &rename);
		if (idx < 0 && f.parts2[0].kind != PK_END) {
			run_parts(r, &f, f.parts2, f.noskip2, fl);
				idx = extract(fl, &f, &rename);
		}
		for (i = 0; i < fl->n && out->nframes < BC_MAX_FRAMES; i++) {
			if ((int)i == idx)
				out->culprit = (int)out->nframes;
			out->frames[out->nframes++] = fl->c[i].f;
		}
		if (idx >= 0) {
			set_culprit(out, fl->c[idx].f.function,
				    fl->c[idx].f.module);
			/* a header frame names no module: find it in the stack */
			if (!fl->c[idx].f.module[0])
				for (i = 0; i < fl->n; i++)
					if (!strcmp(fl->c[i].f.function,
						    out->function) &&
					    fl->c[i].f.module[0]) {
						bc_strlcpy(out->image,
							   fl->c[i].f.module,
							   sizeof(out->image));
						break;
					}
		}
	}
	free(fl);

	if (f.victim[0]) {
		/* a task, not a frame: no syscall prefix to strip */
		set_culprit(out, f.victim, NULL);
		snprintf(title, sizeof(title), "%s in %s", f.prefix, f.victim);
	} else if (f.mode == FM_NONE) {
		bc_strlcpy(title, f.prefix, sizeof(title));
	} else if (f.bare_ok && !out->function[0] &&
		   !report_shows_stack(r, &f)) {
		bc_strlcpy(title, f.prefix, sizeof(title));
		f.no_stack = true;	/* complete without one */
	} else if (out->function[0]) {
		char fn[BC_FUNC_MAX];

		if (rename)
			bc_strlcpy(fn, rename, sizeof(fn));
		else
			bc_strlcpy(fn, out->function, sizeof(fn));
		bc_strip_syscall_prefix(fn);
		snprintf(title, sizeof(title), "%s in %s%s", f.prefix, fn,
			 f.suffix ? f.suffix : "");
	} else {
		snprintf(title, sizeof(title), "%s in corrupted%s", f.prefix,
			 f.suffix ? f.suffix : "");
		out->corrupted = true;
	}
	if (title_has_prefix(title))
		out->corrupted = true;
	bc_title_normalize(title, sizeof(title));
	bc_strlcpy(out->title, title, sizeof(out->title));
	if (report_corrupted(r, &f))
		out->corrupted = true;
	bc_finish_classification(out);
}
