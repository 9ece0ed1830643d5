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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_report.h"

enum oops_id {
	O_BUG, O_WARNING, O_INFO, O_UNABLE, O_GPF, O_STACKSEG, O_PANIC,
	O_DOUBLE_FAULT, O_KERNEL_BUG, O_DIVIDE, O_INVALID_OP, O_UBSAN,
	O_LEAK, O_BOOT, O_NETDEV, O_INTERNAL, O_UNHANDLED, O_ALIGN,
	O_SYZFAIL, O_SYZFATAL, O_INT3, O_VFS_BUSY, O_VFS_CLOSE,
	O_STACK_OVERFLOW, O_HARD_LOCKUP, O_OOPS, O_TRUSTY, O_SLUB,
	O_LIST, O_USERCOPY, O_RUST, O_MCE,
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
	{ "divide error:", O_DIVIDE, true },
	{ "invalid opcode:", O_INVALID_OP, false },
	{ "UBSAN:", O_UBSAN, true },
	{ "unreferenced object 0x", O_LEAK, true },
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
	{ "rust_kernel: panicked", O_RUST, true },
	{ "Machine check events logged", O_MCE, true },
	{ "Kernel panic - not syncing: Fatal machine check", O_MCE, false },
};

/* Lines that contain a header but are not crashes. */
static const char *const suppressions[] = {
	"INFO: lockdep is turned off", "INFO: Stall ended before state dump",
	"INFO: NMI handler", "INFO: recovery required", "_INFO::",
	"INFO: Flushed", "INFO: rcu_sched detected expedited stalls on CPUs/tasks: {",
	"WARNING: /etc/ssh/moduli", "WARNING: workqueue cpumask",
	"WARNING: The mand mount option", "WARNING: Unsupported flag value",
	"WARNING: Support for", "WARNING: building with",
	"WARNING: could not", "BUG: lockdep_",
	"Oops: ", /* matched separately, see below */
	NULL,
};

static unsigned char first_char[256];

static void init_first_char(void)
{
	size_t i;

	if (first_char['B'])
		return;
	for (i = 0; i < sizeof(oopses) / sizeof(oopses[0]); i++)
		first_char[(unsigned char)oopses[i].needle[0]] = 1;
}

static bool suppressed(const char *msg, size_t len)
{
	const char *const *s;

	for (s = suppressions; *s; s++)
		if (strcmp(*s, "Oops: ") && bc_memstr(msg, len, *s))
			return true;
	return false;
}

/* "Oops" counts only as "Oops: <code> [#n]" or "Oops[#n]" style lines. */
static bool real_oops_line(const char *p, size_t len)
{
	if (len >= 6 && !memcmp(p, "Oops: ", 6))
		return memchr(p, '#', len) != NULL || len > 6;
	if (len >= 6 && !memcmp(p, "Oops[#", 6))
		return true;
	return false;
}

const struct bc_oops *bc_match_oops(const char *msg, size_t len,
				    bool after_output)
{
	size_t i, k;

	init_first_char();
	for (i = 0; i < len; i++) {
		if (!first_char[(unsigned char)msg[i]])
			continue;
		for (k = 0; k < sizeof(oopses) / sizeof(oopses[0]); k++) {
			const struct bc_oops *o = &oopses[k];
			size_t n = strlen(o->needle);

			if (o->needle[0] != msg[i] || n > len - i ||
			    memcmp(msg + i, o->needle, n))
				continue;
			if (o->id == O_OOPS && !real_oops_line(msg + i, len - i))
				continue;
			if (o->id == O_BOOT && !after_output)
				continue;
			if (o->id == O_OOPS && i > 0 &&
			    bc_memstr(msg, i, "Internal error"))
				continue;
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

/* Index of the first line >= from containing @needle, or r->n. */
static size_t find_line(const struct bc_report *r, size_t from,
			const char *needle)
{
	size_t i;

	for (i = from; i < r->n; i++)
		if (strstr(line_at(r, i), needle))
			return i;
	return r->n;
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
/* Formats                                                             */
/* ------------------------------------------------------------------ */

enum frame_mode {
	FM_NONE,	/* title has no frame */
	FM_STD,		/* first non-generic frame */
	FM_STALL,	/* frame above the dispatching anchor */
	FM_HUNG,	/* task hung: skip waits, prefer rtnl/rcu waits */
};

struct fmt {
	enum bugcheck_class cls;
	char prefix[BC_TITLE_MAX];	/* title before " in <frame>" */
	enum frame_mode mode;
	char hdr_func[BC_FUNC_MAX];	/* frame named by the header line */
	char hdr_mod[BC_IMAGE_MAX];
	size_t from;			/* first line to parse frames from */
	const char *const *extra_skip;	/* per-format generic frames */
	bool corrupted;
	bool want_from_irq;		/* frames after the IRQ entry */
};

static const char *const skip_warn[] = {
	"^refcount_", "^__refcount", "^debug_object", "^__debug_object",
	"^kobject_", "^warn_", "^kvmalloc", "^kmalloc", "^__kmalloc",
	"^lockdep", "^__lock", "^lock_", "^check_", "^mark_", "^validate_",
	"^hlock_", "^__bfs", "^print_", NULL,
};

static const char *const skip_hung[] = {
	"^schedule", "^__schedule", "^io_schedule", "^preempt_schedule",
	"^wait_for_", "^__wait_for_", "^wait_on_", "^__wait_on_", "^do_wait",
	"^out_of_line_wait", "^bit_wait", "^__flush_work", "^flush_work$",
	"^__synchronize_srcu", "^wait_rcu_gp", "^__wait_rcu_gp",
	"^finish_task_switch", "^context_switch", "^__switch_to",
	"^prepare_to_wait", "^wait_event", "^__wait_event", "^msleep",
	"^usleep", "^__usleep", "^rwsem_down", "^__rwsem_down", "^down",
	"^__down", "^__mutex_lock", "^mutex_lock", "^rt_mutex",
	"^io_wait_event", "^folio_wait", "^__folio_lock", "^__lock_page",
	"^wait_on_page", "^__lock_sock", "^lock_sock", "^__flush_workqueue",
	"^flush_workqueue", "^wb_wait", "^__wait_", "^kthread$",
	"^worker_thread", "^rescuer_thread", "^ret_from_fork", NULL,
};

static const char *const skip_stall[] = {
	"^apic_timer_interrupt", "^sysvec_", "^asm_sysvec", "^__sysvec",
	"^irq_exit", "^__irq_exit", "^rcu_", "^__rcu", "^hrtimer_",
	"^__hrtimer", "^update_process_times", "^tick_", "^watchdog_timer_fn",
	"^sched_clock", "^smp_apic_timer", "^__run_hrtimer",
	"^print_cpu_stall", "^print_other_cpu_stall", "^__do_softirq$",
	"^do_softirq", "^__irq_exit_rcu", "^irq_exit_rcu",
	"^el1_interrupt", "^el1h_64_irq", "^gic_handle_irq", "^handle_irq",
	"^arch_cpu_idle", "^default_idle", "^native_safe_halt",
	"^check_cpu_stall", "^nmi_cpu_backtrace", "^nmi_trigger",
	"^arch_trigger", "^trigger_", "^arch_touch", NULL,
};

/* Frames where stall reports anchor: the frame above is the identity. */
static const char *const stall_anchors[] = {
	"^do_syscall_", "^do_fast_syscall", "^do_int80", "^entry_SYSCALL",
	"^entry_SYSENTER", "^el0_svc", "^invoke_syscall", "^syscall_",
	"^system_call", "^ret_fast_syscall", "^vector_swi",
	"^vfs_write$", "^vfs_read$", "^vfs_ioctl$", "^do_vfs_ioctl$",
	"^__vfs_write$", "^__vfs_read$", "^vfs_writev$", "^vfs_readv$",
	"^do_iter_write$", "^do_iter_read$", "^vfs_iter_write$",
	"^vfs_iter_read$", "^sock_sendmsg$", "^__sock_sendmsg$",
	"^sock_recvmsg$", "^____sys_sendmsg$", "^____sys_recvmsg$",
	"^sock_write_iter$", "^sock_read_iter$", "^sock_ioctl$",
	"^sock_do_ioctl$", "^__sys_setsockopt$", "^__sys_getsockopt$",
	"^sock_common_setsockopt$", "^sock_common_getsockopt$",
	"^call_timer_fn$", "^expire_timers$", "^__run_timers$",
	"^run_timer_softirq$", "^process_one_work$", "^tasklet_action",
	"^net_rx_action$", "^__napi_poll$", "^process_backlog$",
	"^__netif_receive_skb", "^netif_receive_skb", "^task_work_run$",
	"^__fput$", "^____fput$", "^kthread$", "^blk_mq_dispatch",
	"^flush_smp_call_function", "^generic_smp_call_function",
	"^__flush_smp_call_function", "^rcu_do_batch$", "^rcu_core$",
	"^nf_hook_slow$", "^ip_rcv$", "^ip_rcv_finish$", NULL,
};

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

/* A symbol exactly at @p ("func+0x1/0x2 [mod]"); false if none. */
static bool hdr_symbol_at(struct fmt *f, const char *p)
{
	struct bc_frame fr;

	if (!bc_parse_symbol(p, strlen(p), &fr))
		return false;
	bc_strlcpy(f->hdr_func, fr.function, sizeof(f->hdr_func));
	bc_strlcpy(f->hdr_mod, fr.module, sizeof(f->hdr_mod));
	return true;
}

/* "...in func" header: the token after " in ". */
static void hdr_in_func(struct fmt *f, const char *s)
{
	const char *p = strstr(s, " in ");

	if (!p)
		return;
	p += 4;
	if (!hdr_symbol_at(f, p))
		copy_token(f->hdr_func, sizeof(f->hdr_func), p);
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

/* KASAN/KFENCE/KMSAN/KCSAN "BUG: X: kind in func" */
static void fmt_sanitizer(const struct bc_report *r, const char *h,
			  struct fmt *f)
{
	char kind[64] = "", rw[16] = "";
	const char *p;
	size_t i;

	if ((p = after(h, "BUG: KASAN: "))) {
		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", " on ", " at ", NULL });
		if (!strcmp(kind, "double-free or invalid-free") ||
		    !strcmp(kind, "double-free"))
			bc_strlcpy(kind, "invalid-free", sizeof(kind));
		for (i = r->oops; i < r->n && i < r->oops + 12; i++) {
			const char *l = line_at(r, i);

			if (strstr(l, "Read of size") || strstr(l, "Read at addr")) {
				bc_strlcpy(rw, " Read", sizeof(rw));
				break;
			}
			if (strstr(l, "Write of size") ||
			    strstr(l, "Write at addr")) {
				bc_strlcpy(rw, " Write", sizeof(rw));
				break;
			}
		}
		if (!strcmp(kind, "invalid-free"))
			rw[0] = '\0';
		snprintf(f->prefix, sizeof(f->prefix), "KASAN: %s%s", kind, rw);
		f->cls = BUGCHECK_CLASS_KASAN;
		f->mode = FM_STD;
		hdr_in_func(f, h);
		return;
	}
	if ((p = after(h, "BUG: KFENCE: "))) {
		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", NULL });
		snprintf(f->prefix, sizeof(f->prefix), "KFENCE: %s", kind);
		f->cls = BUGCHECK_CLASS_KFENCE;
		f->mode = FM_STD;
		hdr_in_func(f, h);
		return;
	}
	if ((p = after(h, "BUG: KMSAN: "))) {
		copy_until(kind, sizeof(kind), p,
			   (const char *const[]){ " in ", NULL });
		snprintf(f->prefix, sizeof(f->prefix), "KMSAN: %s", kind);
		f->cls = BUGCHECK_CLASS_KMSAN;
		f->mode = FM_STD;
		hdr_in_func(f, h);
		return;
	}
	if ((p = after(h, "BUG: KCSAN: "))) {
		char all[BC_TITLE_MAX];

		/* "data-race in a / b": both frames are the identity */
		copy_until(all, sizeof(all), p, NULL);
		snprintf(f->prefix, sizeof(f->prefix), "KCSAN: %.140s", all);
		f->cls = BUGCHECK_CLASS_KCSAN;
		f->mode = FM_NONE;
		if (starts_with(p, "assert: race in ")) {
			snprintf(f->prefix, sizeof(f->prefix),
				 "KCSAN: assert: race");
			f->mode = FM_STD;
			hdr_in_func(f, h);
		}
		return;
	}
}

/* "BUG: <what> ..." and similar free-text headers: cut the variable tail. */
static const char *const generic_stops[] = {
	" at ", ": ", ", ", " (", " [", " - ", "!", " on CPU", " for ",
	" detected", " in process", "\t", NULL,
};

static void fmt_bug(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = h + 5;	/* after "BUG: " */
	char what[BC_TITLE_MAX];

	if (starts_with(p, "KASAN:") || starts_with(p, "KFENCE:") ||
	    starts_with(p, "KMSAN:") || starts_with(p, "KCSAN:")) {
		fmt_sanitizer(r, h, f);
		return;
	}
	if (starts_with(p, "unable to handle kernel NULL pointer") ||
	    starts_with(p, "kernel NULL pointer dereference")) {
		set(f, BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
		    "BUG: unable to handle kernel NULL pointer dereference",
		    FM_STD);
		return;
	}
	if (starts_with(p, "unable to handle kernel paging request") ||
	    starts_with(p, "unable to handle page fault")) {
		set(f, BUGCHECK_CLASS_PAGING_REQUEST,
		    "BUG: unable to handle kernel paging request", FM_STD);
		return;
	}
	if (starts_with(p, "unable to handle kernel")) {
		copy_until(what, sizeof(what), h, generic_stops);
		set(f, BUGCHECK_CLASS_BAD_ACCESS, what, FM_STD);
		if (!strcmp(what, "BUG: unable to handle kernel"))
			f->mode = FM_NONE;
		return;
	}
	if (starts_with(p, "soft lockup")) {
		set(f, BUGCHECK_CLASS_SOFT_LOCKUP, "BUG: soft lockup", FM_STALL);
		f->want_from_irq = true;
		return;
	}
	if (starts_with(p, "spinlock ")) {
		copy_until(what, sizeof(what), h,
			   (const char *const[]){ " on CPU", ":", NULL });
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_STD);
		return;
	}
	if (starts_with(p, "sleeping function called from invalid context") ||
	    starts_with(p, "scheduling while atomic")) {
		copy_until(what, sizeof(what), h, generic_stops);
		set(f, BUGCHECK_CLASS_ATOMIC_SLEEP, what, FM_STD);
		return;
	}
	if (starts_with(p, "using ") && strstr(p, " in preemptible")) {
		const char *q = strstr(p, " in preemptible");

		snprintf(what, sizeof(what), "BUG: %.*s in preemptible code",
			 (int)(q - p), p);
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_STD);
		return;
	}
	if (starts_with(p, "Dentry ")) {
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    "BUG: Dentry still in use", FM_STD);
		return;
	}
	if (starts_with(p, "Bad page ")) {
		copy_until(what, sizeof(what), h, generic_stops);
		set(f, BUGCHECK_CLASS_BAD_PAGE_STATE, what, FM_STD);
		return;
	}
	if (starts_with(p, "stack guard page was hit")) {
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW,
		    "BUG: stack guard page was hit", FM_STD);
		return;
	}
	if (starts_with(p, "workqueue lockup")) {
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, "BUG: workqueue lockup",
		    FM_NONE);
		return;
	}
	if (starts_with(p, "MAX_") || starts_with(p, "Bad rss-counter")) {
		copy_until(what, sizeof(what), h,
			   (const char *const[]){ " mm:", NULL });
		if (starts_with(p, "MAX_") && !strchr(what + 5, '!'))
			bc_strlcpy(what, h, sizeof(what));
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, what, FM_NONE);
		return;
	}
	if (starts_with(p, "memory leak")) {
		set(f, BUGCHECK_CLASS_MEMORY_LEAK, "memory leak", FM_STD);
		f->from = find_line(r, r->oops, "backtrace:");
		return;
	}
	copy_until(what, sizeof(what), h, generic_stops);
	if (strstr(what, "lock") || strstr(what, "held"))
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_STD);
	else
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, what, FM_STD);
}

/* Which "WARNING: ... at file" families get their own title. */
static const struct {
	const char *file;
	const char *title;
	enum bugcheck_class cls;
} warn_files[] = {
	{ "lib/refcount.c", "WARNING: refcount bug", BUGCHECK_CLASS_REFCOUNT },
	{ "lib/debugobjects.c", "WARNING: ODEBUG bug", BUGCHECK_CLASS_WARNING },
	{ "kernel/locking/lockdep.c", "WARNING: locking bug",
	  BUGCHECK_CLASS_LOCKDEP },
	{ "kernel/locking/mutex", "WARNING: locking bug", BUGCHECK_CLASS_LOCKDEP },
	{ "mm/slab_common.c", "WARNING: kmalloc bug", BUGCHECK_CLASS_WARNING },
	{ "mm/util.c", "WARNING: kmalloc bug", BUGCHECK_CLASS_WARNING },
	{ "lib/kobject.c", "WARNING: kobject bug", BUGCHECK_CLASS_WARNING },
};

static void fmt_warning(const struct bc_report *r, const char *h,
			struct fmt *f)
{
	const char *p = h + 9;	/* after "WARNING: " */
	char what[BC_TITLE_MAX];
	size_t i;

	if (starts_with(p, "CPU: ") || starts_with(p, "at ")) {
		const char *at = strstr(p, " at ");
		const char *file = at ? at + 4 : starts_with(p, "at ") ? p + 3 : p;

		set(f, BUGCHECK_CLASS_WARNING, "WARNING", FM_STD);
		for (i = 0; i < sizeof(warn_files) / sizeof(warn_files[0]); i++)
			if (starts_with(file, warn_files[i].file) ||
			    strstr(file, warn_files[i].file) == file) {
				set(f, warn_files[i].cls, warn_files[i].title,
				    FM_STD);
				f->extra_skip = skip_warn;
			}
		if (!strcmp(f->prefix, "WARNING") &&
		    find_line(r, r->oops > 3 ? r->oops - 3 : 0, "refcount_t: ") <
			    r->oops + 3) {
			set(f, BUGCHECK_CLASS_REFCOUNT, "WARNING: refcount bug",
			    FM_STD);
			f->extra_skip = skip_warn;
		}
		if (!strcmp(f->prefix, "WARNING") &&
		    find_line(r, r->oops > 3 ? r->oops - 3 : 0, "ODEBUG: ") <
			    r->oops) {
			set(f, BUGCHECK_CLASS_WARNING, "WARNING: ODEBUG bug",
			    FM_STD);
			f->extra_skip = skip_warn;
		}
		/* the frame after the file:line */
		if (at || starts_with(p, "at ")) {
			const char *sp = strchr(file, ' ');

			if (sp)
				hdr_symbol(f, sp + 1);
		}
		if (f->extra_skip && f->hdr_func[0] &&
		    bc_func_matches(f->hdr_func, f->extra_skip))
			f->hdr_func[0] = '\0';
		return;
	}
	if (starts_with(p, "possible circular locking") ||
	    starts_with(p, "possible recursive locking") ||
	    starts_with(p, "possible irq lock inversion") ||
	    strstr(p, "-safe -> ") || starts_with(p, "circular locking")) {
		set(f, BUGCHECK_CLASS_LOCKDEP, "possible deadlock", FM_STD);
		if (!strstr(line_at(r, r->n - 1), "") ||
		    find_line(r, r->oops, "at: ") == r->n) {
			/* no lock site at all: keep the lockdep banner */
			copy_until(what, sizeof(what), h, NULL);
			set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_NONE);
			f->cls = BUGCHECK_CLASS_LOCKDEP;
		}
		return;
	}
	if (starts_with(p, "inconsistent lock state")) {
		set(f, BUGCHECK_CLASS_LOCKDEP, "inconsistent lock state", FM_STD);
		return;
	}
	if (starts_with(p, "suspicious RCU usage")) {
		set(f, BUGCHECK_CLASS_LOCKDEP, "WARNING: suspicious RCU usage",
		    FM_STD);
		return;
	}
	if (starts_with(p, "kernel stack ")) {
		/* "kernel stack regs at X in T:N has bad 'bp' value Y" */
		const char *has = strstr(p, " has ");

		if (starts_with(p, "kernel stack regs"))
			snprintf(what, sizeof(what), "WARNING: kernel stack regs%.120s",
				 has ? has : "");
		else
			snprintf(what, sizeof(what), "WARNING: kernel stack frame pointer%.110s",
				 has ? has : "");
		/* drop the bad value itself */
		if (strrchr(what, ' ') && strstr(what, "value "))
			*strstr(what, "value ") = '\0', strcat(what, "value");
		set(f, BUGCHECK_CLASS_WARNING, what, FM_NONE);
		return;
	}
	copy_until(what, sizeof(what), h, generic_stops);
	if (strstr(what, "lock") || strstr(what, "held"))
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_STD);
	else
		set(f, BUGCHECK_CLASS_WARNING, what, FM_STD);
}

static void fmt_info(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = h + 6;	/* after "INFO: " */
	char what[BC_TITLE_MAX];

	if (starts_with(p, "task ") && strstr(p, " blocked for more than")) {
		set(f, BUGCHECK_CLASS_HUNG_TASK, "INFO: task hung", FM_HUNG);
		return;
	}
	if (starts_with(p, "task ") && strstr(p, "can't die")) {
		set(f, BUGCHECK_CLASS_HUNG_TASK, "INFO: task can't die", FM_HUNG);
		return;
	}
	if (starts_with(p, "rcu") && strstr(p, "detected") &&
	    strstr(p, "stall")) {
		set(f, BUGCHECK_CLASS_RCU_STALL, "INFO: rcu detected stall",
		    FM_STALL);
		f->want_from_irq = true;
		return;
	}
	if (starts_with(p, "possible circular locking") ||
	    starts_with(p, "possible recursive locking") ||
	    starts_with(p, "possible irq lock inversion") ||
	    strstr(p, "-safe -> ")) {
		set(f, BUGCHECK_CLASS_LOCKDEP, "possible deadlock", FM_STD);
		return;
	}
	if (starts_with(p, "inconsistent lock state")) {
		set(f, BUGCHECK_CLASS_LOCKDEP, "inconsistent lock state", FM_STD);
		return;
	}
	if (starts_with(p, "Allocated in ") || starts_with(p, "Freed in ")) {
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, h, FM_NONE);
		return;
	}
	copy_until(what, sizeof(what), h, generic_stops);
	if (strstr(what, "lock") || strstr(what, "RCU") || strstr(what, "key"))
		set(f, BUGCHECK_CLASS_LOCKDEP, what, FM_STD);
	else
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, what, FM_STD);
}

static void fmt_panic(const struct bc_report *r, const char *h, struct fmt *f)
{
	const char *p = after(h, "not syncing");
	char what[BC_TITLE_MAX];

	if (!p) {
		set(f, BUGCHECK_CLASS_KERNEL_PANIC, "kernel panic", FM_NONE);
		return;
	}
	while (*p == ':' || *p == ' ')
		p++;
	if (strstr(p, "stack is corrupted in")) {
		set(f, BUGCHECK_CLASS_STACK_PROTECTOR,
		    "kernel panic: stack is corrupted", FM_STD);
		hdr_symbol(f, strstr(p, "corrupted in") + 12);
		return;
	}
	if (starts_with(p, "corrupted stack end")) {
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW,
		    "kernel panic: corrupted stack end", FM_STALL);
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
	if (starts_with(p, "hung_task: blocked tasks")) {
		set(f, BUGCHECK_CLASS_HUNG_TASK, "kernel panic: hung_task: blocked tasks",
		    FM_NONE);
		return;
	}
	if (strstr(p, "softlockup") || strstr(p, "soft lockup")) {
		set(f, BUGCHECK_CLASS_SOFT_LOCKUP, "kernel panic: softlockup",
		    FM_NONE);
		return;
	}
	if (strstr(p, "Hard LOCKUP") || strstr(p, "hardlockup")) {
		set(f, BUGCHECK_CLASS_HARD_LOCKUP, "kernel panic: Hard LOCKUP",
		    FM_NONE);
		return;
	}
	if (strstr(p, "machine check") || strstr(p, "Machine check")) {
		set(f, BUGCHECK_CLASS_MACHINE_CHECK,
		    "kernel panic: Fatal machine check", FM_NONE);
		return;
	}
	snprintf(what, sizeof(what), "kernel panic: %.140s", p);
	if (strstr(what, " in interrupt"))
		*strstr(what, " in interrupt") = '\0';
	set(f, BUGCHECK_CLASS_KERNEL_PANIC, what, FM_NONE);
}

/* Derive the format for the report's oops line. */
static void describe_header(const struct bc_report *r, int id, const char *h,
			    struct fmt *f)
{
	char what[BC_TITLE_MAX];

	memset(f, 0, sizeof(*f));
	f->from = r->oops;
	switch (id) {
	case O_BUG:
		fmt_bug(r, h, f);
		break;
	case O_WARNING:
		fmt_warning(r, h, f);
		break;
	case O_INFO:
		fmt_info(r, h, f);
		break;
	case O_UNABLE:
		if (strstr(h, "NULL pointer"))
			set(f, BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE,
			    "BUG: unable to handle kernel NULL pointer dereference",
			    FM_STD);
		else if (strstr(h, "paging request"))
			set(f, BUGCHECK_CLASS_PAGING_REQUEST,
			    "BUG: unable to handle kernel paging request", FM_STD);
		else
			set(f, BUGCHECK_CLASS_BAD_ACCESS,
			    "BUG: unable to handle kernel", FM_STD);
		break;
	case O_GPF:
		set(f, BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT,
		    "general protection fault", FM_STD);
		break;
	case O_STACKSEG:
		set(f, BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT,
		    "stack segment fault", FM_STD);
		break;
	case O_PANIC:
		fmt_panic(r, h, f);
		break;
	case O_DOUBLE_FAULT:
		set(f, BUGCHECK_CLASS_DOUBLE_FAULT, "PANIC: double fault", FM_STD);
		break;
	case O_KERNEL_BUG:
		set(f, BUGCHECK_CLASS_KERNEL_BUG, "kernel BUG", FM_STD);
		break;
	case O_DIVIDE:
		set(f, BUGCHECK_CLASS_DIVIDE_ERROR, "divide error", FM_STD);
		break;
	case O_INVALID_OP:
		set(f, BUGCHECK_CLASS_INVALID_OPCODE, "invalid opcode", FM_STD);
		break;
	case O_UBSAN: {
		const char *p = h + 7;

		while (*p == ' ')
			p++;
		if (starts_with(p, "Undefined behaviour"))
			bc_strlcpy(what, "UBSAN: undefined-behaviour", sizeof(what));
		else
			copy_until(what, sizeof(what), h,
				   (const char *const[]){ " in ", NULL });
		set(f, BUGCHECK_CLASS_UBSAN, what, FM_STD);
		break;
	}
	case O_LEAK:
		set(f, BUGCHECK_CLASS_MEMORY_LEAK, "memory leak", FM_STD);
		f->from = find_line(r, r->oops, "backtrace:");
		break;
	case O_BOOT:
		set(f, BUGCHECK_CLASS_REBOOT, "unexpected kernel reboot", FM_NONE);
		break;
	case O_NETDEV:
		set(f, BUGCHECK_CLASS_NETDEV_LEAK,
		    "unregister_netdevice: waiting for DEV to become free",
		    FM_NONE);
		break;
	case O_INTERNAL:
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "Internal error", FM_STD);
		break;
	case O_UNHANDLED:
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "Unhandled fault", FM_STD);
		break;
	case O_ALIGN:
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "Alignment trap", FM_STD);
		break;
	case O_SYZFAIL:
	case O_SYZFATAL:
		copy_until(what, sizeof(what), strstr(h, "SYZ"), NULL);
		set(f, BUGCHECK_CLASS_TOOL_FAILURE, what, FM_NONE);
		break;
	case O_INT3:
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "int3", FM_STD);
		break;
	case O_VFS_BUSY:
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    "VFS: Busy inodes after unmount (use-after-free)", FM_NONE);
		break;
	case O_VFS_CLOSE:
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK,
		    "VFS: Close: file count is zero (use-after-free)", FM_NONE);
		break;
	case O_STACK_OVERFLOW:
		set(f, BUGCHECK_CLASS_STACK_OVERFLOW, "kernel stack overflow",
		    FM_STD);
		break;
	case O_HARD_LOCKUP:
		set(f, BUGCHECK_CLASS_HARD_LOCKUP, "BUG: hard lockup", FM_STALL);
		break;
	case O_OOPS:
		copy_until(what, sizeof(what), strstr(h, "Oops"),
			   (const char *const[]){ ":", "[", NULL });
		set(f, BUGCHECK_CLASS_BAD_ACCESS, "Oops", FM_STD);
		break;
	case O_TRUSTY: {
		const char *p = strstr(h, "ASSERT FAILED");

		if (p) {
			const char *q = strstr(p, "): ");

			snprintf(what, sizeof(what), "trusty: ASSERT FAILED: %.120s",
				 q ? q + 3 : "");
		} else {
			copy_until(what, sizeof(what), strstr(h, "trusty"),
				   (const char *const[]){ " (caller", NULL });
			p = strstr(h, "): ");
			if (p)
				snprintf(what, sizeof(what), "trusty: panic: %.120s",
					 p + 3);
		}
		set(f, BUGCHECK_CLASS_KERNEL_PANIC, what, FM_NONE);
		break;
	}
	case O_LIST:
		set(f, BUGCHECK_CLASS_LIST_CORRUPTION, "BUG: corrupted list",
		    FM_STD);
		break;
	case O_USERCOPY:
		set(f, BUGCHECK_CLASS_KERNEL_BUG, "BUG: bad usercopy", FM_STD);
		break;
	case O_RUST: {
		size_t n = r->oops + 1 < r->n ? r->oops + 1 : r->oops;

		copy_until(what, sizeof(what), line_at(r, n), NULL);
		set(f, BUGCHECK_CLASS_KERNEL_PANIC, what, FM_STD);
		break;
	}
	case O_MCE:
		set(f, BUGCHECK_CLASS_MACHINE_CHECK, "machine check", FM_NONE);
		break;
	default:
		set(f, BUGCHECK_CLASS_UNKNOWN, "kernel crash", FM_STD);
		break;
	}
	if (id == O_SLUB)
		set(f, BUGCHECK_CLASS_CONSISTENCY_CHECK, "BUG", FM_NONE);
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

/* Sections after the crashing stack that hold other, older stacks. */
static bool ends_stack(const char *l)
{
	static const char *const stops[] = {
		"Allocated by task", "Freed by task", "The buggy address",
		"Memory state around", "Uninit was created", "Uninit was stored",
		"Local variable ", "Last potentially related",
		"Second to last potentially", "Bytes ", "Last call_rcu",
		"Second to last call_rcu", "allocated by task", "freed by task",
		"Reported by Kernel Concurrency", "The buggy object",
		"other info that might help", "Showing all locks held",
		"1 lock held by", "locks held by", "lock held by",
		"Sending NMI from CPU", "NMI backtrace for cpu", "---[ end trace",
		"Kernel Offset:", "Rebooting in",
		NULL,
	};
	const char *const *s;

	for (s = stops; *s; s++)
		if (strstr(l, *s))
			return true;
	return false;
}

struct frame_list {
	struct bc_pframe f[BC_MAX_FRAMES * 2];
	size_t n;
};

static void add_frame(struct frame_list *fl, const struct bc_pframe *pf)
{
	if (fl->n < sizeof(fl->f) / sizeof(fl->f[0]))
		fl->f[fl->n++] = *pf;
}

static void collect_frames(const struct bc_report *r, size_t from,
			   bool after_irq, struct frame_list *fl)
{
	size_t i, start = from;
	struct bc_pframe pf;

	fl->n = 0;
	if (after_irq) {
		/* stalls: the looping code is below the interrupt entry */
		for (i = from; i < r->n; i++) {
			const char *l = line_at(r, i);

			if (strstr(l, "</IRQ>") || strstr(l, "apic_timer_interrupt") ||
			    strstr(l, "Exception stack") || strstr(l, "el1_irq") ||
			    strstr(l, "el1h_64_irq"))
				start = i + 1;
			if (i > from && ends_stack(l))
				break;
		}
		if (start >= r->n)
			start = from;
	}
	for (i = start; i < r->n; i++) {
		const char *l = line_at(r, i);

		if (i > from && ends_stack(l))
			break;
		if (!bc_parse_frame_line(l, r->lines[i].len, &pf))
			continue;
		add_frame(fl, &pf);
		if (pf.caller.function[0]) {
			struct bc_pframe c = pf;

			c.f = pf.caller;
			memset(&c.caller, 0, sizeof(c.caller));
			add_frame(fl, &c);
		}
	}
}

static bool skipped(const char *func, const struct fmt *f)
{
	return bc_frame_is_generic(func) ||
	       (f->extra_skip && bc_func_matches(func, f->extra_skip));
}

/* Index of the culprit in fl, or -1. */
static int pick_std(const struct frame_list *fl, const struct fmt *f,
		    bool questionable)
{
	size_t i;

	for (i = 0; i < fl->n; i++) {
		if (fl->f[i].questionable && !questionable)
			continue;
		if (!skipped(fl->f[i].f.function, f))
			return (int)i;
	}
	return -1;
}

static int pick_stall(const struct frame_list *fl, const struct fmt *f)
{
	int prev = -1;
	size_t i;

	for (i = 0; i < fl->n; i++) {
		const char *fn = fl->f[i].f.function;

		if (fl->f[i].questionable || fl->f[i].kind == BC_FK_LR)
			continue;
		if (bc_func_matches(fn, stall_anchors)) {
			if (strstr(fn, "smp_call_function"))
				return prev >= 0 ? prev : (int)i;
			if (prev >= 0)
				return prev;
			continue;
		}
		if (skipped(fn, f) || bc_func_matches(fn, skip_stall))
			continue;
		if (strstr(fn, "smp_call_function"))
			return (int)i;
		prev = (int)i;
	}
	return prev;
}

static int pick_hung(const struct frame_list *fl, const struct fmt *f)
{
	static const char *const preferred[] = {
		"^rtnl_lock$", "^synchronize_rcu", "^synchronize_net$", NULL,
	};
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (!fl->f[i].questionable &&
		    bc_func_matches(fl->f[i].f.function, preferred))
			return (int)i;
	for (i = 0; i < fl->n; i++) {
		const char *fn = fl->f[i].f.function;

		if (fl->f[i].questionable)
			continue;
		if (skipped(fn, f) || bc_func_matches(fn, skip_hung))
			continue;
		return (int)i;
	}
	return -1;
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

static void parse_modules(const char *p, struct bc_classification *out)
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

static void parse_meta(const struct bc_report *r, struct bc_classification *out)
{
	bool mods = false;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const char *l = line_at(r, i), *p;

		if (!out->tainted_known &&
		    (strstr(l, "Comm: ") || strstr(l, "comm: ") ||
		     strstr(l, "Not tainted") || strstr(l, "Tainted: ")))
			parse_taint_release(l, out);
		if (!mods && (p = strstr(l, "Modules linked in:"))) {
			mods = true;
			parse_modules(p + 18, out);
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
}

static void set_culprit(struct bc_classification *out, const char *func,
			const char *mod)
{
	bc_strlcpy(out->function, func, sizeof(out->function));
	bc_strlcpy(out->image, mod && mod[0] ? mod : "vmlinux",
		   sizeof(out->image));
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
	int idx = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->culprit = -1;
	o = bc_match_oops(oops_line, r->lines[r->oops].len, true);
	h = o ? strstr(oops_line, o->needle) : oops_line;
	if (!h)
		h = oops_line;
	describe_header(r, o ? o->id : -1, h, &f);
	out->cls = f.cls;
	parse_meta(r, out);

	fl = calloc(1, sizeof(*fl));
	if (fl) {
		size_t from = f.from < r->n ? f.from : r->oops;

		collect_frames(r, from, f.want_from_irq, fl);
		if (f.mode == FM_STALL)
			idx = pick_stall(fl, &f);
		else if (f.mode == FM_HUNG)
			idx = pick_hung(fl, &f);
		else
			idx = pick_std(fl, &f, false);
		if (idx < 0 && f.mode == FM_STD)
			idx = pick_std(fl, &f, true);
		for (i = 0; i < fl->n && out->nframes < BC_MAX_FRAMES; i++) {
			if (fl->f[i].questionable)
				continue;
			if ((int)i == idx)
				out->culprit = (int)out->nframes;
			out->frames[out->nframes++] = fl->f[i].f;
		}
	}

	if (f.hdr_func[0] && !skipped(f.hdr_func, &f) && f.mode == FM_STD) {
		set_culprit(out, f.hdr_func, f.hdr_mod);
		/* the header names the culprit; find its module in the stack */
		if (!f.hdr_mod[0] && fl)
			for (i = 0; i < fl->n; i++)
				if (!strcmp(fl->f[i].f.function, f.hdr_func) &&
				    fl->f[i].f.module[0]) {
					bc_strlcpy(out->image, fl->f[i].f.module,
						   sizeof(out->image));
					break;
				}
	} else if (idx >= 0) {
		set_culprit(out, fl->f[idx].f.function, fl->f[idx].f.module);
	}
	free(fl);

	if (f.mode == FM_NONE) {
		bc_strlcpy(title, f.prefix, sizeof(title));
	} else if (out->function[0]) {
		char fn[BC_FUNC_MAX];

		bc_strlcpy(fn, out->function, sizeof(fn));
		bc_strip_syscall_prefix(fn);
		snprintf(title, sizeof(title), "%s in %s", f.prefix, fn);
	} else {
		snprintf(title, sizeof(title), "%s in corrupted", f.prefix);
		out->corrupted = true;
	}
	bc_title_normalize(title, sizeof(title));
	bc_strlcpy(out->title, title, sizeof(out->title));
	if (f.corrupted)
		out->corrupted = true;
	bc_finish_classification(out);
}
