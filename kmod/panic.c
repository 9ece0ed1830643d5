// SPDX-License-Identifier: GPL-2.0
/*
 * The crash path: everything that runs when the kernel dies.
 *
 * Hooks, in the order the kernel calls them (6.1, kernel/panic.c and
 * arch/x86/kernel/dumpstack.c):
 *
 *   oops: die() -> __die_body(): show_regs(), print_modules(), then the die
 *         notifier chain (DIE_OOPS) -> bc_die_notify() keeps the faulting
 *         registers.  Then oops_end(): crash_kexec() if a crash kernel is
 *         loaded (bc_die_notify() has written the record then), releases
 *         die_lock, oops_exit() -> kmsg_dump(OOPS) (bc_kmsg_dump() writes
 *         the record), then panic() if panic_on_oops or in interrupt.
 *   panic: panic() prints "Kernel panic - not syncing", dumps the stack,
 *         runs crash_kexec() first unless crash_kexec_post_notifiers is
 *         set, stops the other CPUs, runs the panic notifier chain
 *         (bc_panic_notify() keeps the message), then kmsg_dump(PANIC)
 *         (bc_kmsg_dump() writes the record).
 *
 * So an oops is captured even when kdump takes over right after it, but a
 * panic that is not an oops is only captured with a crash kernel loaded if
 * the kernel runs with crash_kexec_post_notifiers.
 *
 * Panic-context rules for every function in this file that runs on the
 * crash path (marked "Panic-context"): no allocation (all buffers are made
 * by bc_capture_init()), no sleeping, no lock another CPU may hold (the only
 * synchronisation is the bc_capture_owner atomic), bounded loops, notrace.
 *
 * A fault inside the capture re-enters die() on the same CPU, and die()
 * never returns to the faulting frames (oops_end() rewinds the stack and
 * kills the task, or panics).  bc_die_notify() sees its own CPU owning the
 * capture: it abandons that capture (its slot stays in state WRITING and
 * reads back as torn), releases the owner, and stores the nested oops as a
 * record of its own flagged BUGCHECK_RF_NESTED; a fault inside that one is
 * only counted as missed.  When the fault hit the panicking CPU, the die
 * notifier calls panic() again so the machine still reboots as configured
 * (with panic_on_oops=0, oops_end() would otherwise kill the panicking task
 * and leave the machine stopped).  Vendor callbacks follow the same rule
 * (vendor.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cacheflush.h>
#include <linux/kallsyms.h>
#include <linux/kdebug.h>
#include <linux/kernel.h>
#include <linux/kexec.h>
#include <linux/kmsg_dump.h>
#include <linux/lz4.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/zstd.h>
#include <asm/set_memory.h>
#include <asm/unaligned.h>
#include <asm/special_insns.h>
#include <asm/trap_pf.h>
#include <asm/trapnr.h>

#include "internal.h"

/* Unwinder entries: the frame cap plus room for our own frames on top. */
#define BC_TRACE_MAX		(BUGCHECK_MAX_FRAMES + 24)
/* Cap on the module-list walk; far above any real module count. */
#define BC_MODULE_WALK_MAX	4096
#define STATE_OFF offsetof(struct bugcheck_record_hdr, state)
#define STATE_END (STATE_OFF + sizeof(__le32))
#define TAIL_HDR		BC_TAIL_HDR

u8 bc_boot_id[16];
atomic_t bc_crashes = ATOMIC_INIT(0);
atomic_t bc_missed = ATOMIC_INIT(0);
unsigned int bc_mem_type;

/*
 * What the die notifier saw of this CPU's oops, for the kmsg_dump(OOPS)
 * that follows on the same CPU (oops_end() -> oops_exit()), which writes
 * the record.  Per CPU: two CPUs that oops at once each pair their own
 * die() and kmsg_dump().  Found by task, since oops_end() restores
 * interrupts before kmsg_dump() and the task may have moved to another CPU.
 */
struct bc_die_stash {
	const struct task_struct *task;	/* whose oops, NULL when none */
	struct pt_regs regs;
	const char *str;
	long err;
	int trapnr;
	u64 cr2;
	u32 xflags;		/* BUGCHECK_RF_NESTED */
	bool valid;		/* an oops waits for its kmsg_dump */
	bool done;		/* the die notifier stored it already */
	bool nested_busy;	/* writing the record of a nested fault */
};

static DEFINE_PER_CPU(struct bc_die_stash, bc_die);

/*
 * CPU running a capture, BC_OWNER_USER while a user-space request changes a
 * slot (bc_user_begin()), or -1.  The only lock of the crash path.
 */
static atomic_t bc_capture_owner = ATOMIC_INIT(-1);
#define BC_OWNER_USER		INT_MAX
/*
 * Longest a capture waits for another CPU's capture or a user request's
 * few stores to finish before it counts its crash as missed.
 */
#define BC_OWNER_WAIT_NS	(500 * NSEC_PER_MSEC)

/* Longest formatted log record kmsg_dump_get_line() hands us in one go. */
#define BC_LINE_MAX		2048
/* Compression attempts per log item before the raw fallback. */
#define BC_PACK_TRIES		3
/* Bytes of the primary record a stack leaves for the compressed log. */
#define BC_LOG_KEEP		4096
#define BC_REGS_ITEM	(sizeof(struct bugcheck_item) + \
			 sizeof(struct bugcheck_regs_x86_64))
#define BC_LOG_ITEM	(sizeof(struct bugcheck_item) + \
			 sizeof(struct bugcheck_log))
/*
 * Raw log bytes read per byte of room, in sixteenths: the ratio last
 * seen on this machine's log (at load, then by each capture), less 1/32,
 * clamped to [1x, 8x].  Before any, a little under what the codec
 * achieves on a kernel log with time stamps (Debian 6.1's boot log in the
 * lab, 16-21 KiB: zstd level 1 2.6-3.4x, LZ4 1.9-3.3x).
 */
#define BC_ZSTD_RATIO16		44
#define BC_LZ4_RATIO16		32
#define BC_RATIO16_MIN		16
#define BC_RATIO16_MAX		128

static struct {
	u8 *rec;		/* slot-sized scratch record */
	char *log;		/* raw log tail */
	u8 *packed;		/* compressor output, worst case for bc.log */
	size_t packed_size;
	void *lz4_wrk;		/* LZ4_MEM_COMPRESS work area */
	zstd_cctx *zcctx;	/* static zstd context in bc.zwrk */
	void *zwrk;		/* its workspace */
	zstd_parameters zparams;
	/* For G (log_fill_pre()): tables sized for a few KiB, not log_bytes. */
	zstd_parameters zparams_g;
	char line[BC_LINE_MAX];	/* one formatted log record */
	u32 ratio16;		/* raw bytes per stored byte, in 1/16 */
	char sym[KSYM_SYMBOL_LEN]; /* sprint_symbol() output */
	unsigned long trace[BC_TRACE_MAX];
	const struct module *mods[BUGCHECK_MAX_FRAMES];
	struct list_head *modules_head; /* the kernel's module list head */
	u64 seq;		/* crashes written this boot */
	int first_slot;		/* this boot's first record */
	int latest_slot;	/* this boot's latest record */
	int cur_slot;		/* slot a capture is writing, or -1 */
	/* state of the last primary record, for a follow-up panic */
	/*
	 * The task that wrote it: pointer, pid and start time, since a
	 * task that died of a non-fatal oops may have its task_struct
	 * reused by the task that panics next.
	 */
	const struct task_struct *oops_task;
	pid_t oops_pid;
	u64 oops_task_start;
	int oops_slot;
	u32 oops_primary_len;
	u32 tail_pos;		/* end of its tail items, 0 if no tail */
	u32 tail_flags;		/* BUGCHECK_TF_* of that tail */
	u64 tail_ns;		/* time spent writing its tail so far */
	u64 vendor_t0;		/* start of the vendor run */
	u64 oops_log_next_seq;
	u32 oops_reason;
	bool tail_triage;	/* its tail already holds the triage ranges */
	const char *panic_msg;	/* from the panic notifier */
	int panic_cpu;		/* the panicking CPU, or -1 */
	bool panic_dumped;	/* kmsg_dump(PANIC) seen: a re-panic skips */
} bc = {
	.first_slot = -1,
	.latest_slot = -1,
	.cur_slot = -1,
	.oops_slot = -1,
	.panic_cpu = -1,
};

/**
 * bc_capture_busy() - is a capture running now?
 *
 * Used by user-space request handlers to refuse changes to the region
 * while a (non-fatal) crash is being written.
 */
bool bc_capture_busy(void)
{
	return atomic_read(&bc_capture_owner) != -1;
}

/**
 * bc_capture_forget_slot() - user space collected or cleared slot @slot
 * @slot: slot index
 *
 * The first and latest crash of a boot are protected so that later crashes
 * cannot overwrite them before anyone has read them.  Once user space has
 * collected or cleared one of them, that protection has done its job: the
 * next crash starts a new first/latest pair in free slots, and records not
 * collected yet stay untouched.  Process context, bc_region.lock held.
 */
void bc_capture_forget_slot(u32 slot)
{
	if ((int)slot == bc.first_slot || (int)slot == bc.latest_slot) {
		WRITE_ONCE(bc.first_slot, -1);
		WRITE_ONCE(bc.latest_slot, -1);
	}
}

/* A word of a crash message and the crash reason it tells. */
struct bc_word {
	const char *word;
	u32 reason;
};

/*
 * What a panic message says about its cause: the first of these words
 * (in this order) that the message holds.
 */
static const struct bc_word bc_panic_words[] = {
	{ "softlockup", BUGCHECK_REASON_SOFT_LOCKUP },
	{ "Hard LOCKUP", BUGCHECK_REASON_HARD_LOCKUP },
	{ "hardlockup", BUGCHECK_REASON_HARD_LOCKUP },
	{ "hung_task", BUGCHECK_REASON_HUNG_TASK },
	{ "RCU Stall", BUGCHECK_REASON_RCU_STALL },
	{ "Out of memory", BUGCHECK_REASON_OOM },
	{ "deadlocked on memory", BUGCHECK_REASON_OOM },
	{ "panic_on_warn", BUGCHECK_REASON_WARN },
	{ "Attempted to kill init", BUGCHECK_REASON_KILL_INIT },
	{ "achine check", BUGCHECK_REASON_MCE },
	{ "MCE", BUGCHECK_REASON_MCE },
	{ "NMI", BUGCHECK_REASON_NMI },
	{ "stack overflow", BUGCHECK_REASON_STACK_OVERFLOW },
	{ "stack guard", BUGCHECK_REASON_STACK_OVERFLOW },
	{ "Fatal exception", BUGCHECK_REASON_OOPS },
};

/* What a die() message says first: a stack overflow (else the trap). */
static const struct bc_word bc_die_words[] = {
	{ "stack overflow", BUGCHECK_REASON_STACK_OVERFLOW },
	{ "stack guard", BUGCHECK_REASON_STACK_OVERFLOW },
};

/*
 * Panic-context.  The reason of the first of the @n words at @words (in
 * their order) that @msg holds, or @none.  One pass over the message (at
 * most BUGCHECK_TEXT_MAX bytes), each position compared only with the
 * words that start with its character.  A strnstr() per word (a memcmp()
 * call at every position of the message for each of 15 words) was most of
 * the 0.3 ms a panic's dump took before its capture began, under QEMU TCG.
 */
static notrace u32 reason_of(const char *msg, const struct bc_word *words,
			     size_t n, u32 none)
{
	unsigned long hit = 0;
	size_t len, i, k, wl;
	const char *w;

	if (!msg)
		return none;
	n = min_t(size_t, n, BITS_PER_LONG);
	len = strnlen(msg, BUGCHECK_TEXT_MAX);
	for (i = 0; i < len && !(hit & 1); i++) {
		for (k = 0; k < n; k++) {
			w = words[k].word;
			if (msg[i] != w[0])
				continue;
			for (wl = 1; w[wl] && i + wl < len; wl++)
				if (msg[i + wl] != w[wl])
					break;
			if (!w[wl])
				hit |= 1UL << k;
		}
	}
	return hit ? words[__ffs(hit)].reason : none;
}

/* Panic-context.  What a panic message says about its cause. */
static notrace u32 reason_from_panic(const char *msg)
{
	BUILD_BUG_ON(ARRAY_SIZE(bc_panic_words) > BITS_PER_LONG);
	return reason_of(msg, bc_panic_words, ARRAY_SIZE(bc_panic_words),
			 BUGCHECK_REASON_PANIC);
}

/* Panic-context.  What a die() call says about its cause. */
static notrace u32 reason_from_die(const char *str, struct pt_regs *regs,
				   int trapnr)
{
	u8 insn[2];

	if (reason_of(str, bc_die_words, ARRAY_SIZE(bc_die_words), 0))
		return BUGCHECK_REASON_STACK_OVERFLOW;
	switch (trapnr) {
	case X86_TRAP_DF:
		return BUGCHECK_REASON_STACK_OVERFLOW;
	case X86_TRAP_MC:
		return BUGCHECK_REASON_MCE;
	case X86_TRAP_UD:
		/* BUG() is a ud2 with a bug table entry. */
		if (regs && !user_mode(regs) &&
		    !copy_from_kernel_nofault(insn, (void *)regs->ip, 2) &&
		    insn[0] == 0x0f && insn[1] == 0x0b)
			return BUGCHECK_REASON_BUG;
		break;
	}
	return BUGCHECK_REASON_OOPS;
}

/* Panic-context.  Is @p a pointer into module memory? */
static notrace bool in_module_area(const void *p)
{
	unsigned long a = (unsigned long)p;

	return a >= MODULES_VADDR && a < MODULES_END;
}

/*
 * Panic-context.  The loaded module whose core contains @addr, found by a
 * bounded walk of the kernel's module list (__module_address() is not
 * exported).  Every pointer is checked to lie in module memory before it
 * is followed, so a damaged list ends the walk instead of faulting.
 */
static notrace const struct module *module_of(unsigned long addr)
{
	struct list_head *head = bc.modules_head, *p;
	const struct module *mod;
	int n;

	/* The kernel image, not a module: no walk. */
	if (!head || !in_module_area((const void *)addr))
		return NULL;
	p = READ_ONCE(head->next);
	for (n = 0; n < BC_MODULE_WALK_MAX && p != head; n++) {
		if (!in_module_area(p))
			return NULL;
		mod = list_entry(p, struct module, list);
		/* Core or init: a crash in a module's init function too. */
		if (within_module(addr, mod))
			return mod;
		p = READ_ONCE(p->next);
	}
	return NULL;
}

/* Panic-context.  Index of @mod in the record's module table, adding it. */
static notrace u16 module_index(const struct module *mod, u32 *nmods)
{
	u32 i;

	if (!mod)
		return BUGCHECK_MODULE_NONE;
	for (i = 0; i < *nmods; i++)
		if (bc.mods[i] == mod)
			return i;
	if (*nmods >= ARRAY_SIZE(bc.mods))
		return BUGCHECK_MODULE_NONE;
	bc.mods[*nmods] = mod;
	return (*nmods)++;
}

/* Panic-context.  Parse "%x" digits after "0x"; stops at a non-digit. */
static notrace u32 parse_hex(const char **s)
{
	const char *p = *s;
	u32 v = 0;
	int d, n = 0;

	if (p[0] == '0' && p[1] == 'x')
		p += 2;
	for (; n < 16; p++, n++) {
		d = hex_to_bin(*p);
		if (d < 0)
			break;
		v = (v << 4) | d;
	}
	*s = p;
	return v;
}

/*
 * Panic-context.  Resolve @addr and append it as a struct bugcheck_frame.
 * sprint_symbol() prints "name+0xoff/0xsize [module]" (kallsyms lookups
 * are lock-free: RCU-protected module tree and binary search).  A return
 * address (@ret) is looked up one byte earlier, as the kernel's own %pB
 * does: after a call to a noreturn function it points past the caller's
 * end, into the next symbol.
 */
static notrace u32 put_frame(u8 *dst, unsigned long addr, bool ret,
			     u32 *nmods)
{
	struct bugcheck_frame *f = (struct bugcheck_frame *)dst;
	unsigned long look = ret ? addr - 1 : addr;
	const char *plus, *p;
	u32 name_len = 0, off = 0, size = 0;

	sprint_symbol(bc.sym, look);
	plus = strnchr(bc.sym, sizeof(bc.sym), '+');
	if (plus && bc.sym[0] != '0') {
		name_len = min_t(u32, plus - bc.sym, BUGCHECK_SYM_MAX);
		p = plus + 1;
		off = parse_hex(&p);
		if (*p == '/') {
			p++;
			size = parse_hex(&p);
		}
		if (ret)
			off++;
	}
	f->addr = cpu_to_le64(addr);
	f->offset = cpu_to_le32(off);
	f->size = cpu_to_le32(size);
	f->module = cpu_to_le16(module_index(module_of(look), nmods));
	f->flags = 0;
	f->name_len = name_len;
	memset(f->reserved, 0, sizeof(f->reserved));
	memcpy(f->name, bc.sym, name_len);
	memset(f->name + name_len, 0,
	       BUGCHECK_FRAME_SIZE(name_len) - sizeof(*f) - name_len);
	return BUGCHECK_FRAME_SIZE(name_len);
}

/*
 * Panic-context.  Unwind the current stack into bc.trace and return the
 * index of the first entry to record.  With @regs (the die path) the walk
 * goes through the exception frame, so the record starts at the faulting
 * instruction; otherwise it starts below our own frames.
 */
static notrace unsigned int unwind(struct pt_regs *regs, unsigned int *n,
				   u16 *fflags)
{
	unsigned int i;

	*n = stack_trace_save(bc.trace, ARRAY_SIZE(bc.trace), 0);
	*fflags = 0;
	if (regs && !user_mode(regs)) {
		for (i = 0; i < *n; i++) {
			if (bc.trace[i] == regs->ip) {
				*fflags = BUGCHECK_FF_FROM_REGS;
				return i;
			}
		}
	}
	for (i = 0; i < *n; i++)
		if (!within_module(bc.trace[i], THIS_MODULE))
			break;
	return i < *n ? i : 0;
}

/*
 * Panic-context.  Bytes of @w a stack may take when @keep bytes must stay free for the
 * items after it, but never less than @floor.
 */
static notrace u32 stack_room(const struct bc_writer *w, u32 want, u32 keep,
			      u32 floor)
{
	u32 left = w->pos < w->cap ? w->cap - w->pos : 0;

	left = left > keep ? left - keep : 0;
	return min(want, max(left, floor));
}

/*
 * Panic-context.  FRAMES and MODULES items, leaving @keep bytes of @w for
 * the registers and the log (a stack of 64 long names would otherwise
 * take a whole 8 KiB record).
 */
static notrace void put_stack(struct bc_writer *w, struct pt_regs *regs,
			      u32 keep, u32 *rflags)
{
	struct bugcheck_frames *fh;
	struct bugcheck_module *m;
	unsigned int start, n, i, count = 0;
	u32 room, used = sizeof(*fh), nmods = 0;
	bool ip_in_trace;
	u16 fflags;
	u8 *p;

	start = unwind(regs, &n, &fflags);
	ip_in_trace = fflags & BUGCHECK_FF_FROM_REGS;
	p = bc_item_reserve(w, BUGCHECK_ITEM_FRAMES,
			    stack_room(w, sizeof(*fh) + BUGCHECK_MAX_FRAMES *
						  BUGCHECK_FRAME_SIZE(BUGCHECK_SYM_MAX),
				       keep, sizeof(*fh) + 8 *
						  BUGCHECK_FRAME_SIZE(BUGCHECK_SYM_MAX)),
			    &room);
	if (!p || room < sizeof(*fh))
		return;
	/* No regs->ip in the walk (unwinder gave up): start with it. */
	if (regs && !user_mode(regs) && !fflags &&
	    used + BUGCHECK_FRAME_SIZE(BUGCHECK_SYM_MAX) <= room) {
		used += put_frame(p + used, regs->ip, false, &nmods);
		count++;
		fflags = BUGCHECK_FF_FROM_REGS;
	}
	for (i = start; i < n && count < BUGCHECK_MAX_FRAMES; i++) {
		if (used + BUGCHECK_FRAME_SIZE(BUGCHECK_SYM_MAX) > room)
			break;
		/* The entry at regs->ip is the faulting instruction itself. */
		used += put_frame(p + used, bc.trace[i],
				  !(ip_in_trace && i == start), &nmods);
		count++;
	}
	if (i < n || n == ARRAY_SIZE(bc.trace))
		*rflags |= BUGCHECK_RF_FRAMES_TRUNCATED;
	fh = (struct bugcheck_frames *)p;
	fh->count = cpu_to_le16(count);
	fh->flags = cpu_to_le16(fflags);
	fh->total = cpu_to_le32(n - start);
	bc_item_commit(w, used, 0);

	if (!nmods)
		return;
	m = bc_item_reserve(w, BUGCHECK_ITEM_MODULES,
			    stack_room(w, nmods * sizeof(*m), keep,
				       2 * sizeof(*m)),
			    &room);
	if (!m)
		return;
	nmods = min_t(u32, nmods, room / sizeof(*m));
	for (i = 0; i < nmods; i++, m++) {
		const struct module *mod = bc.mods[i];
		const char *id = mod->srcversion;

		memset(m, 0, sizeof(*m));
		m->base = cpu_to_le64((unsigned long)mod->core_layout.base);
		m->size = cpu_to_le32(mod->core_layout.size);
		m->taints = cpu_to_le32(mod->taints);
		strscpy(m->name, mod->name, sizeof(m->name));
		if (mod->version)
			strscpy(m->version, mod->version, sizeof(m->version));
		if (id) {
			m->id_kind = BUGCHECK_MODID_SRCVERSION;
			m->id_len = strnlen(id, sizeof(m->id));
			memcpy(m->id, id, m->id_len);
		}
	}
	bc_item_commit(w, nmods * sizeof(*m), 0);
}

/* Panic-context.  REGS item, with @cr2 as read by the caller. */
static notrace void put_regs(struct bc_writer *w, struct pt_regs *regs,
			     u64 cr2)
{
	struct bugcheck_regs_x86_64 r;

	r.r15 = cpu_to_le64(regs->r15);
	r.r14 = cpu_to_le64(regs->r14);
	r.r13 = cpu_to_le64(regs->r13);
	r.r12 = cpu_to_le64(regs->r12);
	r.bp = cpu_to_le64(regs->bp);
	r.bx = cpu_to_le64(regs->bx);
	r.r11 = cpu_to_le64(regs->r11);
	r.r10 = cpu_to_le64(regs->r10);
	r.r9 = cpu_to_le64(regs->r9);
	r.r8 = cpu_to_le64(regs->r8);
	r.ax = cpu_to_le64(regs->ax);
	r.cx = cpu_to_le64(regs->cx);
	r.dx = cpu_to_le64(regs->dx);
	r.si = cpu_to_le64(regs->si);
	r.di = cpu_to_le64(regs->di);
	r.orig_ax = cpu_to_le64(regs->orig_ax);
	r.ip = cpu_to_le64(regs->ip);
	r.cs = cpu_to_le64(regs->cs);
	r.flags = cpu_to_le64(regs->flags);
	r.sp = cpu_to_le64(regs->sp);
	r.ss = cpu_to_le64(regs->ss);
	r.cr0 = cpu_to_le64(read_cr0());
	r.cr2 = cpu_to_le64(cr2);
	r.cr3 = cpu_to_le64(__read_cr3());
	r.cr4 = cpu_to_le64(__read_cr4());
	bc_item_add(w, BUGCHECK_ITEM_REGS, 0, &r, sizeof(r));
}

/*
 * Panic-context.  Read the newest kernel log records from sequence number
 * @from_seq on into the end of bc.log, at most @max_raw bytes of text, and
 * return the sequence number after the newest record, so a follow-up can
 * take only newer lines.  *@textp is set to the oldest byte read (the text
 * stays where it was read: no move), *@lenp to the bytes read; *@cut to
 * whether older records (from @from_seq on) were left out.
 *
 * One pass, newest record first, each record read and formatted once:
 * kmsg_dump_get_line() at a chosen sequence number reads that one record
 * (kernel/printk/printk.c, 6.1), and the loop stops at the first record
 * that does not fit.  kmsg_dump_get_buffer() instead walks its window
 * twice to size it (formatting every time stamp each time) before it
 * formats the records that fit, and the window has to be guessed; that
 * was 1.1-1.7 ms of a 2.1 ms warm capture under QEMU TCG.  The loop is
 * bounded by the budget: at most @max_raw / 8 + 1 records are looked at (a
 * record with its time stamp prints more than 8 bytes).  A record that is
 * not finalised yet (another CPU still writing it) is skipped; a record
 * the ring has already dropped ends the walk (everything older is gone).
 */
static notrace u64 log_read(u64 from_seq, u32 max_raw, const char **textp,
			    size_t *lenp, bool *cut)
{
	struct kmsg_dump_iter iter;
	u64 end, oldest, seq, n, n_max = max_raw / 8 + 1;
	size_t pos = max_raw, l;

	kmsg_dump_rewind(&iter);
	end = iter.next_seq;
	oldest = max(iter.cur_seq, from_seq);
	*cut = false;
	for (seq = end, n = 0; seq > oldest; n++) {
		if (n >= n_max) {
			*cut = true;
			break;
		}
		seq--;
		iter.cur_seq = seq;
		iter.next_seq = end;
		l = 0;
		if (!kmsg_dump_get_line(&iter, false, bc.line, sizeof(bc.line),
					&l))
			continue;
		/* Read another record: @seq is gone, and all before it. */
		if (iter.cur_seq != seq + 1)
			break;
		if (l > pos) {
			*cut = true;
			break;
		}
		pos -= l;
		memcpy(bc.log + pos, bc.line, l);
	}
	*textp = bc.log + pos;
	*lenp = max_raw - pos;
	return end;
}

/*
 * The log read ahead of a crash.  Formatting the records is most of a
 * capture's log read: kmsg_dump_get_line() prints each record's time stamp
 * with sprintf (18 KiB of log, about 200 records, took 0.4 ms under QEMU
 * TCG, more than zstd took to compress them), and all but the newest few
 * records were printed long before the crash.  So a deferrable work item
 * (lt_work(), process context, every BC_LT_PERIOD) reads the records
 * printed since its last run, formatted as a capture reads them, and keeps
 * the newest log_bytes of that text; a capture reads only the records
 * printed after it and takes the rest from here (log_read_primary()).
 *
 * The work writes text only past the end of the published view or into
 * the other buffer, and publishes a view between two increments of @seq
 * (odd while the view changes).  A capture copies the view's text and
 * checks that @seq did not move: when the work ran meanwhile (on another
 * CPU, during a non-fatal oops) or was stopped while publishing, the
 * capture reads the whole log itself instead.  The kept text may hold
 * records that `dmesg -C` cleared after the work read them.
 */
#define BC_LT_PERIOD		HZ

struct bc_lt_view {
	u32 buf;		/* bc_lt.buf index */
	u32 off;		/* first byte, at a line start */
	u32 len;		/* bytes of text */
	bool cut;		/* older records exist that the text lacks */
	u64 next_seq;		/* sequence number after the newest record */
};

static struct {
	char *buf[2];		/* 2 * log_bytes each */
	struct bc_lt_view view;	/* the published view */
	bool valid;		/* a view was published */
	unsigned int seq;	/* odd while the view changes */
	char line[BC_LINE_MAX];	/* the work's line buffer */
	struct delayed_work work;
} bc_lt;

/*
 * Panic-context.  log_read(0, ...) for a primary record, with the same
 * result: the records printed since the last run of lt_work() are read,
 * the older text is copied from its view.  Falls back to log_read() when
 * that view cannot be used (see above), or holds less than the budget
 * while older records exist.
 */
static notrace u64 log_read_primary(u32 max_raw, const char **textp,
				    size_t *lenp, bool *cut)
{
	unsigned int s = READ_ONCE(bc_lt.seq);
	struct kmsg_dump_iter iter;
	struct bc_lt_view v;
	const char *src;
	size_t keep, skip;
	char *dst;
	u64 end;

	smp_rmb();
	if ((s & 1) || !READ_ONCE(bc_lt.valid))
		goto full;
	v = bc_lt.view;
	kmsg_dump_rewind(&iter);
	/* Records after the view that the ring no longer has: a gap. */
	if (iter.cur_seq > v.next_seq || v.next_seq > iter.next_seq)
		goto full;
	end = log_read(v.next_seq, max_raw, textp, lenp, cut);
	if (*cut)
		return end; /* the new records fill the budget */
	keep = min_t(size_t, v.len, max_raw - *lenp);
	if (keep == v.len && v.cut && keep < max_raw - *lenp)
		goto full; /* older records would fill more */
	src = bc_lt.buf[v.buf] + v.off + v.len - keep;
	dst = (char *)*textp - keep;
	memcpy(dst, src, keep);
	smp_rmb();
	if (READ_ONCE(bc_lt.seq) != s)
		goto full;
	skip = 0;
	if (keep < v.len && src[-1] != '\n') {
		/* Start at a line: after the first newline kept. */
		while (skip < keep && dst[skip] != '\n')
			skip++;
		skip = min(skip + 1, keep);
	}
	*textp = dst + skip;
	*lenp += keep - skip;
	*cut = v.cut || keep < v.len;
	return end;
full:
	return log_read(0, max_raw, textp, lenp, cut);
}

/*
 * Process context.  Copy @len bytes of a new view from @src to @view for
 * the crash path, between two increments of @seq (odd while the view
 * changes), and set @valid.  The readers, log_read_primary() and
 * log_read_pre(), copy what they need and check that @seq did not move.
 */
static void view_publish(unsigned int *seq, bool *valid, void *view,
			 const void *src, size_t len)
{
	WRITE_ONCE(*seq, *seq + 1);
	/* Odd seq before the view changes. */
	smp_wmb();
	memcpy(view, src, len);
	*valid = true;
	/* The view (and what it names) before the even seq. */
	smp_wmb();
	WRITE_ONCE(*seq, *seq + 1);
	/* Before any store to the buffer the old view named. */
	smp_wmb();
}

/* Process context.  Publish @v for the crash path. */
static void lt_publish(const struct bc_lt_view *v)
{
	view_publish(&bc_lt.seq, &bc_lt.valid, &bc_lt.view, v, sizeof(*v));
}

/* Process context.  Drop the oldest text of @v past log_bytes, at a line. */
static void lt_trim(struct bc_lt_view *v)
{
	const char *b = bc_lt.buf[v->buf] + v->off;
	u32 drop;

	if (v->len <= bc_log_bytes)
		return;
	drop = v->len - bc_log_bytes;
	while (drop < v->len && b[drop - 1] != '\n')
		drop++;
	v->off += drop;
	v->len -= drop;
	v->cut = true;
}

static notrace u32 ratio16(size_t len, size_t clen);

/*
 * The log precompressed ahead of a crash (log_codec=zstd with the
 * read-ahead).  Compressing the log is the other big part of a capture:
 * zstd level 1 on 18 KiB took 0.25 ms at best under QEMU TCG and 0.8-1.5
 * ms inside a capture.  So when lt_work() has published new text, it
 * also compresses the newest text of its view that should fit a primary
 * record's log item into F (pf_work(): its own context and workspace,
 * made at load, never bc.zcctx; level BC_PF_LEVEL, process context has
 * the time): one zstd frame aimed at the room the last primary record
 * left for its log (a guess before the first) less bc_pf.reserve for the
 * records printed after F, and a few smaller frames of older text that
 * fill the reserve.  A capture then compresses only the records printed
 * after F (the oops report itself) as a frame G, and stores as many of
 * F's frames as fit with G, oldest first, then G: a sequence of whole
 * zstd frames is a valid zstd stream, and the item's raw_len is the sum
 * of their contents (docs/record-format.md).  When not even F's newest
 * frame fits with G, F's view is torn or records after F were lost, the
 * capture takes the full path (log_read_primary() then log_put()).
 *
 * F lives in one of two buffers, written only while it is not the
 * published one, and is published between two increments of @seq (odd
 * while the view changes), as the text view is.
 */
#define BC_PF_LEVEL		3
/* Room first kept for G; then at least the largest G seen plus a slack. */
#define BC_PF_RESERVE		2048
#define BC_PF_SLACK		256
/* The stack and texts of a primary record, guessed before the first. */
#define BC_PF_FIXED_GUESS	1280
#define BC_PF_TRIES		4
/*
 * Frames of F, newest first: the newest aimed at the room less the
 * reserve, the older ones (smaller, about a quarter of the reserve each)
 * filling the reserve down to BC_PF_G_MIN, so that a capture stores as
 * many of them as its G leaves room for.
 */
#define BC_PF_FRAMES		5
#define BC_PF_G_MIN		512
/* G up to this size is compressed with tables sized for it (bc.zparams_g). */
#define BC_PF_G_HINT		8192

struct bc_pf_view {
	u32 buf;		/* bc_pf.buf index */
	u32 n;			/* frames, newest first */
	u32 off[BC_PF_FRAMES];	/* where each frame is in the buffer */
	u32 clen[BC_PF_FRAMES];	/* its bytes */
	u32 raw[BC_PF_FRAMES];	/* bytes of text it holds */
	u32 raw_len;		/* of all frames */
	bool cut;		/* older records exist that the oldest lacks */
	u64 next_seq;		/* sequence number after the newest record */
};

static struct {
	u8 *buf[2];		/* bc.packed_size each */
	zstd_cctx *cctx;	/* own context in @wrk: the work's, not bc.zcctx */
	void *wrk;
	zstd_parameters params;
	struct bc_pf_view view;	/* the published frames */
	bool valid;		/* frames were published */
	unsigned int seq;	/* odd while the view changes */
	u32 ratio16;		/* raw bytes per frame byte at BC_PF_LEVEL */
	u32 room;		/* log room of the last primary record, or 0 */
	u32 reserve;		/* room kept for G */
} bc_pf;

/* Process context.  Publish @f for the crash path. */
static void pf_publish(const struct bc_pf_view *f)
{
	view_publish(&bc_pf.seq, &bc_pf.valid, &bc_pf.view, f, sizeof(*f));
}

/*
 * Process context.  The room a primary record leaves for its log item's
 * payload: what the last one left, or before any, the record's cap less
 * the header, a guess at the stack and texts, the registers and the log
 * item's own header.
 */
static u32 pf_room(void)
{
	u32 room = READ_ONCE(bc_pf.room), cap, fixed;

	if (room)
		return room;
	cap = min(bc_region.slot_size - BC_TAIL_BASE_RESERVE -
			  bc_vendor_reserved(),
		  bc_primary_bytes);
	fixed = sizeof(struct bugcheck_record_hdr) + BC_PF_FIXED_GUESS +
		BC_REGS_ITEM + BC_LOG_ITEM;
	return cap > fixed + BC_LOG_KEEP ? cap - fixed : BC_LOG_KEEP;
}

/* Process context.  The start of the newest @keep bytes of @text, at a line. */
static size_t pf_line_start(const char *text, size_t len, size_t keep)
{
	size_t nl = len - min(keep, len);

	while (nl && nl < len && text[nl - 1] != '\n')
		nl++;
	return nl;
}

/*
 * Process context.  Compress the newest text of the @len bytes at @text,
 * at most @max_raw bytes starting at a line, into one frame of at most
 * @target bytes at @dst (@dcap bytes), as close to @target as
 * BC_PF_TRIES compressions get it: the first takes the raw bytes the
 * frame ratio seen last predicts, each next one scales by what the last
 * gave (less text when over @target, more when well under it and more
 * text was there).  When the last try went over, the best one under is
 * made again.  Returns the frame's length (*@keptp the text it holds), or
 * 0 when none fits.
 */
static size_t pf_frame(const char *text, size_t len, size_t max_raw,
		       u32 target, u8 *dst, size_t dcap, size_t *keptp)
{
	size_t keep = min_t(u64, (u64)target * bc_pf.ratio16 / 16, max_raw);
	size_t nl, clen, best = 0, best_clen = 0, last = 0;
	int tries;

	for (tries = 0; tries < BC_PF_TRIES; tries++) {
		nl = pf_line_start(text, len, min(keep, max_raw));
		if (nl >= len)
			break;
		keep = len - nl;
		clen = zstd_compress_cctx(bc_pf.cctx, dst, dcap, text + nl,
					  keep, &bc_pf.params);
		if (zstd_is_error(clen))
			return 0;
		last = keep;
		if (clen <= target) {
			best = keep;
			best_clen = clen;
			/* Close enough, or all the text there is. */
			if (clen >= (u64)target * 31 / 32 || nl == 0 ||
			    keep >= max_raw)
				break;
			keep = (u64)keep * target / clen * 63 / 64;
		} else {
			keep = (u64)keep * target / clen * 31 / 32;
		}
		/* Never again what was already tried under @target. */
		if (best && keep <= best)
			break;
	}
	if (!best)
		return 0;
	if (last != best) {
		clen = zstd_compress_cctx(bc_pf.cctx, dst, dcap,
					  text + len - best, best,
					  &bc_pf.params);
		if (zstd_is_error(clen) || clen > target)
			return 0;
		best_clen = clen;
	}
	*keptp = best;
	return best_clen;
}

/*
 * Process context (from lt_work(), which published @v).  Compress the
 * newest text of @v into the frames of F (BC_PF_FRAMES above), into the
 * spare buffer, and publish them.  At most 3/4 of log_bytes of text in
 * all: G's text comes on top (a log that compresses 8x would otherwise
 * fill log_bytes with F alone, and leave the oops no room).  When not even the newest frame can be
 * made, the old frames stay.
 */
static void pf_work(const struct bc_lt_view *v)
{
	const char *text = bc_lt.buf[v->buf] + v->off;
	u32 room = pf_room(), reserve = READ_ONCE(bc_pf.reserve), target;
	size_t end = v->len, raw_left = (size_t)bc_log_bytes * 3 / 4;
	size_t pos = 0, clen, kept = 0;
	u64 t0 = ktime_get_mono_fast_ns();
	struct bc_pf_view f;
	u8 *dst;
	u32 i;

	if (!end || room <= reserve + 256)
		return;
	memset(&f, 0, sizeof(f));
	f.buf = bc_pf.valid ? !bc_pf.view.buf : 0;
	dst = bc_pf.buf[f.buf];
	for (i = 0; i < BC_PF_FRAMES && end && raw_left; i++) {
		if (!i)
			target = room - reserve;
		else if (reserve > BC_PF_G_MIN + 128 * (BC_PF_FRAMES - 1))
			target = (reserve - BC_PF_G_MIN) / (BC_PF_FRAMES - 1);
		else
			break;
		clen = pf_frame(text, end, raw_left, target, dst + pos,
				bc.packed_size - pos, &kept);
		if (!clen)
			break;
		/* The ratio only where the budget, not the text, bounded it. */
		if (!i && (kept < end || !bc_pf.valid))
			bc_pf.ratio16 = ratio16(kept, clen);
		f.off[i] = pos;
		f.clen[i] = clen;
		f.raw[i] = kept;
		f.raw_len += kept;
		f.n++;
		pos += clen;
		end -= kept;
		raw_left -= kept;
	}
	if (!f.n)
		return;
	f.cut = v->cut || end;
	f.next_seq = v->next_seq;
	pf_publish(&f);
	bc_lab_pf_cost(ktime_get_mono_fast_ns() - t0, f.raw_len, pos);
}

static notrace int capture(u32 reason, const char *msg, struct pt_regs *regs,
			   long err, int trapnr, u64 cr2, u32 xflags,
			   bool in_panic, bool dry);

/*
 * Process context (the deferrable work).  Read the records printed since
 * the last run, oldest first, at most log_bytes / 8 of them (each prints
 * more than 8 bytes), append their text to the view and publish it.
 */
static void lt_work(struct work_struct *work)
{
	struct bc_lt_view v = bc_lt.view;
	struct kmsg_dump_iter iter;
	bool spare_used = false;
	u64 end, seq, n_max = bc_log_bytes / 8;
	size_t l;

	kmsg_dump_rewind(&iter);
	end = iter.next_seq;
	seq = v.next_seq;
	if (!bc_lt.valid || seq < iter.cur_seq || seq > end ||
	    end - seq > n_max) {
		/* First run, or records lost since: start again, spare buffer. */
		seq = max(iter.cur_seq, end > n_max ? end - n_max : 0);
		v.buf = bc_lt.valid ? !bc_lt.view.buf : 0;
		v.off = 0;
		v.len = 0;
		v.cut = seq > iter.cur_seq;
		v.next_seq = seq;
		spare_used = true;
	}
	while (seq < end) {
		iter.cur_seq = seq;
		iter.next_seq = end;
		l = 0;
		/* False at a record not finalised yet: read it next time. */
		if (!kmsg_dump_get_line(&iter, false, bc_lt.line,
					sizeof(bc_lt.line), &l))
			break;
		if (v.off + v.len + l > 2 * bc_log_bytes) {
			/*
			 * Move on to the other buffer with the newest
			 * log_bytes; if this run already wrote it, publish
			 * first, so that the one written now is not in use.
			 */
			if (spare_used)
				lt_publish(&v);
			lt_trim(&v);
			memcpy(bc_lt.buf[!v.buf], bc_lt.buf[v.buf] + v.off,
			       v.len);
			v.buf = !v.buf;
			v.off = 0;
			spare_used = true;
		}
		memcpy(bc_lt.buf[v.buf] + v.off + v.len, bc_lt.line, l);
		v.len += l;
		seq = iter.cur_seq;
		v.next_seq = seq;
	}
	lt_trim(&v);
	if (!bc_lt.valid || v.next_seq != bc_lt.view.next_seq ||
	    v.buf != bc_lt.view.buf) {
		lt_publish(&v);
		/* New text: a new frame for it (zstd only). */
		if (bc_pf.cctx)
			pf_work(&v);
	}
	/* The lab's dry run of a panic's capture ahead of it (lab_dry_run=2). */
	if (bc_lab_dry_now()) {
		unsigned long flags;
		u64 t0 = ktime_get_mono_fast_ns();

		local_irq_save(flags);
		capture(reason_from_panic("lab dry run"), "lab dry run", NULL,
			0, -1, 0, 0, true, true);
		local_irq_restore(flags);
		pr_info("lab: dry run of a panic's capture: %llu ns\n",
			ktime_get_mono_fast_ns() - t0);
	}
	queue_delayed_work(system_power_efficient_wq, &bc_lt.work,
			   BC_LT_PERIOD);
}

/*
 * Panic-context.  printk() without driving the consoles: the message goes
 * to the ring (vprintk_store(), lockless) and defer_console_output()
 * leaves the printing to an irq_work, or to panic()'s
 * console_flush_on_panic() after the dumpers.  printk_deferred() is not
 * exported in 6.1; vprintk_emit() with LOGLEVEL_SCHED is what it calls
 * (kernel/printk/printk.c).
 */
static notrace __printf(1, 2) void bc_printk_deferred(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk_emit(0, LOGLEVEL_SCHED, NULL, fmt, args);
	va_end(args);
}

/* Panic-context.  bc.ratio16 for @len raw bytes stored in @clen. */
static notrace u32 ratio16(size_t len, size_t clen)
{
	return clamp_t(u64, (u64)len * 16 * 31 / 32 / clen, BC_RATIO16_MIN,
		       BC_RATIO16_MAX);
}

/*
 * Panic-context.  Compress @len bytes at @src into bc.packed with the
 * codec of the log_codec parameter.  Returns the compressed length, or 0
 * when the compressor failed.
 */
static notrace size_t log_pack(const char *src, size_t len)
{
	size_t n;
	int c;

	if (bc_log_codec == BUGCHECK_CODEC_ZSTD) {
		n = zstd_compress_cctx(bc.zcctx, bc.packed, bc.packed_size, src,
				       len, &bc.zparams);
		return zstd_is_error(n) ? 0 : n;
	}
	c = LZ4_compress_fast(src, bc.packed, len, bc.packed_size, 1,
			      bc.lz4_wrk);
	return c > 0 ? c : 0;
}

/*
 * Panic-context.  The log item payload, at @p with @room bytes, of the
 * @len bytes at @text that log_read() left in bc.log (@cut: older lines
 * were left out), budgeted by its compressed size: it takes at most
 * @room.  When the compressed text is larger, the newest part that should
 * fit (scaled by the ratio just seen, cut at a line start) is compressed
 * again, at most BC_PACK_TRIES times in all; then the newest raw bytes
 * that fit are stored instead.  Returns the payload's length.
 */
static notrace u32 log_fill(u8 *p, u32 room, u16 type, const char *text,
			    size_t len, bool cut, u32 *rflags)
{
	struct bugcheck_log *lh = (struct bugcheck_log *)p;
	const char *src = text;
	size_t clen = 0, keep, nl;
	bool shrunk = false;
	u32 cap = room - sizeof(*lh);
	int tries;

	memset(lh, 0, sizeof(*lh));
	for (tries = 0; len && tries < BC_PACK_TRIES; tries++) {
		clen = log_pack(src, len);
		if (!clen || clen <= cap)
			break;
		/* Aim a little under the room: ratios vary along the log. */
		keep = (u64)len * cap / clen * 15 / 16;
		nl = max_t(size_t, len - keep, 1);
		/* Start at a line: after the first newline in what is kept. */
		while (nl < len && src[nl - 1] != '\n')
			nl++;
		if (nl >= len) {
			clen = 0;
			break;
		}
		src += nl;
		len -= nl;
		shrunk = true;
		clen = 0;
	}
	if (clen && clen <= cap && clen < len) {
		/* What the next capture expects of its log, a bit less. */
		if (type == BUGCHECK_ITEM_LOG)
			bc.ratio16 = ratio16(len, clen);
		lh->codec = cpu_to_le16(bc_log_codec);
		lh->raw_len = cpu_to_le32(len);
		lh->stored_len = cpu_to_le32(clen);
		memcpy(p + sizeof(*lh), bc.packed, clen);
	} else {
		/* Incompressible or too big: keep the newest raw bytes. */
		keep = min_t(size_t, len, cap);
		if (keep < len)
			shrunk = true;
		lh->codec = cpu_to_le16(BUGCHECK_CODEC_NONE);
		lh->raw_len = cpu_to_le32(keep);
		lh->stored_len = cpu_to_le32(keep);
		memcpy(p + sizeof(*lh), src + len - keep, keep);
		clen = keep;
	}
	/* Older lines exist; and some that were read did not fit. */
	if (cut || shrunk)
		lh->flags |= cpu_to_le16(BUGCHECK_LF_START_CUT);
	if (shrunk)
		*rflags |= BUGCHECK_RF_LOG_TRUNCATED;
	return sizeof(*lh) + clen;
}

/* Panic-context.  The log item of log_fill(), added to @w. */
static notrace void log_put(struct bc_writer *w, u16 type, const char *text,
			    size_t len, bool cut, u32 *rflags)
{
	u32 room;
	u8 *p;

	p = bc_item_reserve(w, type, sizeof(struct bugcheck_log) +
				     bc.packed_size, &room);
	if (!p || room <= sizeof(struct bugcheck_log))
		return;
	bc_item_commit(w, log_fill(p, room, type, text, len, cut, rflags), 0);
}

/*
 * Panic-context.  The first half of the precompressed path (see
 * pf_work()): take the published frames F's view into *@f (and the @seq
 * it was read under into *@sp) and read the records printed after F into
 * bc.log, at most @max_raw bytes (*@textp, *@lenp as log_read() sets
 * them; *@endp its return value).  False when F cannot be used: none, a
 * view being changed, records after F that the ring no longer has, or
 * more new text than @max_raw.
 */
static notrace bool log_read_pre(u32 max_raw, struct bc_pf_view *f,
				 unsigned int *sp, const char **textp,
				 size_t *lenp, u64 *endp)
{
	struct kmsg_dump_iter iter;
	unsigned int s;
	bool cut;

	if (!bc_pf.cctx)
		return false;
	s = READ_ONCE(bc_pf.seq);
	/* The seq before the view; pairs with pf_publish(). */
	smp_rmb();
	if ((s & 1) || !READ_ONCE(bc_pf.valid))
		return false;
	*f = bc_pf.view;
	/* The view before the seq is read again. */
	smp_rmb();
	if (READ_ONCE(bc_pf.seq) != s)
		return false;
	kmsg_dump_rewind(&iter);
	if (iter.cur_seq > f->next_seq || f->next_seq > iter.next_seq)
		return false;
	*endp = log_read(f->next_seq, max_raw, textp, lenp, &cut);
	if (cut || *lenp >= bc_log_bytes)
		return false;
	*sp = s;
	return true;
}

/*
 * G of at most this many bytes of text is stored as it is, in a zstd
 * frame of one raw block (zstd_raw_frame()), not compressed: a few lines
 * compress little (at most a few hundred bytes saved), and the compressor
 * call costs what a larger G does (its context reset, entropy tables and
 * code; 0.2-0.35 ms of a panic's capture under QEMU TCG, 0.07 ms when
 * run again at once, for the 200-400 bytes a panic after an oops prints).
 */
#define BC_G_RAW_MAX		512

/*
 * Panic-context.  A zstd frame (RFC 8878) holding the @len bytes at @src
 * as one raw block, at @dst (@cap bytes): single segment, content size
 * declared, no checksum, as docs/record-format.md asks of every frame.
 * Returns its length, or 0 when it does not fit or @len is above
 * BC_G_RAW_MAX (a raw block holds at most 128 KiB).
 */
static notrace size_t zstd_raw_frame(u8 *dst, size_t cap, const char *src,
				     size_t len)
{
	size_t h = len < 256 ? 6 : 7;
	u32 bh = (u32)len << 3 | 1; /* Block_Size, Raw_Block, Last_Block */

	if (len > BC_G_RAW_MAX || h + 3 + len > cap)
		return 0;
	put_unaligned_le32(0xFD2FB528, dst);
	if (len < 256) {
		/* Single_Segment, 1-byte Frame_Content_Size. */
		dst[4] = 0x20;
		dst[5] = len;
	} else {
		/* Single_Segment, 2-byte Frame_Content_Size (less 256). */
		dst[4] = 0x60;
		put_unaligned_le16(len - 256, dst + 5);
	}
	dst[h] = bh;
	dst[h + 1] = bh >> 8;
	dst[h + 2] = bh >> 16;
	memcpy(dst + h + 3, src, len);
	return h + 3 + len;
}

/*
 * Panic-context.  The second half: the log item payload at @p (@room
 * bytes): G, the @len bytes at @text compressed with bc.zcctx into
 * bc.packed, after as many of F's frames (newest first, copied oldest
 * first) as the room G leaves holds; @s is checked after the copy, so
 * frames changed meanwhile are refused.  Returns the payload's length, or
 * 0 when not even F's newest frame fits with G (bc_pf.reserve grows with
 * the G seen) or F was torn.
 */
static notrace u32 log_fill_pre(u8 *p, u32 room, const struct bc_pf_view *f,
				unsigned int s, const char *text, size_t len)
{
	struct bugcheck_log *lh = (struct bugcheck_log *)p;
	u32 cap = room - sizeof(*lh), reserve = READ_ONCE(bc_pf.reserve);
	u32 i, use, n = min_t(u32, f->n, BC_PF_FRAMES), fsum = 0, raw = 0;
	size_t glen = 0;
	u8 *q;

	/* A few lines (a panic after an oops): as they are. */
	if (len && len <= BC_G_RAW_MAX)
		glen = zstd_raw_frame(bc.packed, bc.packed_size, text, len);
	else if (len) {
		/*
		 * Parameters for a small input when it is one: the context
		 * resets its match tables at each call, and tables sized
		 * for log_bytes took most of a warm capture's time.
		 */
		glen = zstd_compress_cctx(bc.zcctx, bc.packed, bc.packed_size,
					  text, len,
					  len <= BC_PF_G_HINT ? &bc.zparams_g :
								&bc.zparams);
		if (zstd_is_error(glen))
			return 0;
	}
	bc_lab_g(len, glen);
	/* Keep room for a G this large next time. */
	if (glen + BC_PF_SLACK > reserve)
		WRITE_ONCE(bc_pf.reserve,
			   min_t(u32, glen + BC_PF_SLACK, room / 2));
	if (glen >= cap)
		return 0;
	/* At most log_bytes of text in all, as the full path reads. */
	for (use = 0; use < n; use++) {
		if (fsum + f->clen[use] > cap - glen ||
		    raw + f->raw[use] + len > bc_log_bytes)
			break;
		fsum += f->clen[use];
		raw += f->raw[use];
	}
	if (!use)
		return 0;
	q = p + sizeof(*lh);
	for (i = use; i-- > 0;) {
		memcpy(q, bc_pf.buf[f->buf] + f->off[i], f->clen[i]);
		q += f->clen[i];
	}
	/* The frames before the seq is read again (pf_publish()). */
	smp_rmb();
	if (READ_ONCE(bc_pf.seq) != s)
		return 0;
	memcpy(q, bc.packed, glen);
	memset(lh, 0, sizeof(*lh));
	lh->codec = cpu_to_le16(BUGCHECK_CODEC_ZSTD);
	lh->raw_len = cpu_to_le32(raw + len);
	lh->stored_len = cpu_to_le32(fsum + glen);
	if (f->cut || use < n)
		lh->flags |= cpu_to_le16(BUGCHECK_LF_START_CUT);
	return sizeof(*lh) + fsum + glen;
}

/* Panic-context.  log_read() then log_put(); returns log_read()'s value. */
static notrace u64 put_log(struct bc_writer *w, u16 type, u64 from_seq,
			   u32 max_raw, u32 *rflags)
{
	const char *text;
	size_t len;
	bool cut;
	u64 end = log_read(from_seq, max_raw, &text, &len, &cut);

	log_put(w, type, text, len, cut, rflags);
	return end;
}

/*
 * Panic-context.  The faulting address of a kernel page fault, as
 * page_fault_oops() printed it ("CR2: %016lx" after __die(),
 * arch/x86/mm/fault.c): by the time the die notifier runs, CR2 itself may
 * hold the address show_opcodes() failed to read (a fault at the start of
 * a page, the page before it unmapped).  The last such line of the @len
 * bytes at @text, looked for in its last 4 KiB; @cr2 if there is none.
 */
static notrace u64 cr2_from_log(const char *text, size_t len, u64 cr2)
{
	static const char tag[] = "CR2: ";
	const size_t tl = sizeof(tag) - 1;
	size_t i, stop = len > 4096 ? len - 4096 : 0;
	const char *p;
	u64 v;
	int d, n;

	for (i = len; i-- > stop;) {
		p = text + i;
		if (*p != 'C' || i + tl + 17 > len || memcmp(p, tag, tl))
			continue;
		/* At a line's start, after its time stamp if it has one. */
		if (i && p[-1] != '\n' && !(i >= 2 && p[-1] == ' ' &&
					    p[-2] == ']'))
			continue;
		for (n = 0, v = 0; n < 16; n++) {
			d = hex_to_bin(p[tl + n]);
			if (d < 0)
				break;
			v = (v << 4) | d;
		}
		if (n == 16 && p[tl + 16] == '\n')
			return v;
	}
	return cr2;
}

/* Panic-context.  The kernel's taint mask (get_taint() is not exported). */
static notrace u64 taint_mask(void)
{
	u64 m = 0;
	int i;

	for (i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (test_taint(i))
			m |= 1ULL << i;
	return m;
}

/**
 * bc_flush() - make stores to the region reach memory
 * @p:   start
 * @len: bytes
 *
 * Panic-context.  With mem_type=2 (write-back) the cache lines are flushed;
 * the other types are not cached, and only need the stores ordered.
 */
notrace void bc_flush(void *p, size_t len)
{
	if (bc_mem_type == BC_MEM_WB)
		clflush_cache_range(p, len);
	/* Stores to the region before whatever the caller stores next. */
	wmb();
}

/*
 * Panic-context.  Take the capture.  Returns false when this CPU must not
 * capture: it is already capturing (a crash inside the capture), or another
 * CPU is and we are not the panicking CPU.  The panicking CPU takes over
 * from a CPU it has stopped: that CPU will never finish.
 */
static notrace bool capture_enter(bool in_panic, bool *nested)
{
	int cpu = raw_smp_processor_id();
	u64 t0 = 0;
	int old;

	*nested = false;
	for (;;) {
		old = atomic_cmpxchg(&bc_capture_owner, -1, cpu);
		if (old == -1)
			return true;
		if (old == cpu) {
			*nested = true;
			return false;
		}
		if (in_panic) {
			atomic_set(&bc_capture_owner, cpu);
			return true;
		}
		/*
		 * Another CPU captures its own oops (interrupts off, no
		 * lock), or a user request stores a few words: wait for it,
		 * a bounded time.
		 */
		if (!t0)
			t0 = ktime_get_mono_fast_ns();
		else if (ktime_get_mono_fast_ns() - t0 > BC_OWNER_WAIT_NS)
			return false;
		cpu_relax();
	}
}

/**
 * bc_user_begin() - keep captures out while user space changes a slot
 * @flags: saved interrupt state, for bc_user_end()
 *
 * Process context.  Takes the capture owner with interrupts off, so that
 * no capture runs on any CPU until bc_user_end(): a capture elsewhere waits
 * (bounded) for it.  The caller re-checks that the slot still holds what it
 * validated before, stores its few words and calls bc_user_end() at once.
 * Returns false, with interrupts as they were, if a capture runs now.
 */
bool bc_user_begin(unsigned long *flags)
{
	local_irq_save(*flags);
	if (atomic_cmpxchg(&bc_capture_owner, -1, BC_OWNER_USER) == -1)
		return true;
	local_irq_restore(*flags);
	return false;
}

/**
 * bc_user_end() - end what bc_user_begin() started
 * @flags: as saved by bc_user_begin()
 */
void bc_user_end(unsigned long flags)
{
	atomic_cmpxchg(&bc_capture_owner, BC_OWNER_USER, -1);
	local_irq_restore(flags);
}

static notrace void capture_exit(void)
{
	atomic_set(&bc_capture_owner, -1);
}

/*
 * Panic-context.  The capture this CPU owns faulted and its frames will
 * never run again: release it.  Its slot keeps state WRITING (torn).
 */
static notrace void capture_abandon(void)
{
	int idx = bc.cur_slot;

	/*
	 * Its torn slot is not this boot's first or latest record: the
	 * record of the fault and later crashes go to other slots.
	 */
	if (idx >= 0) {
		if (bc.first_slot == idx)
			bc.first_slot = -1;
		if (bc.latest_slot == idx)
			bc.latest_slot = -1;
		bc.cur_slot = -1;
	}
	bc_vendor_abandon();
	capture_exit();
}

/*
 * Panic-context.  Seal the tail that @w wrote after the current record's
 * primary part and copy it to the slot: items first, then the header with
 * its magic, so a cut-short copy reads back as a damaged tail, never as a
 * wrong one.
 */
static notrace void tail_publish(struct bc_writer *w, u32 tflags, u64 t0)
{
	u32 toff = bc.oops_primary_len, tlen = w->pos - toff;
	u8 *slot = bc_slot_ptr(bc.oops_slot);
	u32 from = bc.tail_pos ? bc.tail_pos : toff + TAIL_HDR;

	if (w->pos <= toff + TAIL_HDR)
		return;
	tflags |= bc.tail_flags;
	bc.tail_ns += ktime_get_mono_fast_ns() - t0;
	bc_tail_seal(bc.rec, toff, tlen, tflags, bc.tail_ns);
	memcpy(slot + from, bc.rec + from, w->pos - from);
	bc_flush(slot + from, w->pos - from);
	memcpy(slot + toff, bc.rec + toff, TAIL_HDR);
	bc_flush(slot + toff, TAIL_HDR);
	bc.tail_pos = w->pos;
	bc.tail_flags = tflags;
}

/* Panic-context.  End of the vendor run: publish the tail, end capture. */
static notrace void vendor_done(struct bc_writer *w, u32 tflags)
{
	tail_publish(w, tflags, bc.vendor_t0);
	capture_exit();
}

/*
 * Panic-context.  Vendor work on the tail of the record in bc.oops_slot,
 * from writer position @pos: @what is BC_VENDOR_*.  Ends the capture.
 */
static notrace void vendor_tail(u32 pos, unsigned int what)
{
	struct bc_writer tw;

	if (!what || !bc_vendor_count() || pos > bc_region.slot_size) {
		capture_exit();
		return;
	}
	if (what & BC_VENDOR_TRIAGE)
		bc.tail_triage = true;
	bc.vendor_t0 = ktime_get_mono_fast_ns();
	bc_writer_init(&tw, bc.rec, bc_region.slot_size, pos);
	bc_vendor_run(&tw, bc.oops_reason, what, vendor_done);
}

/*
 * Panic-context.  Raw log bytes worth reading for the log item of @w:
 * what its room left (after the registers, if @regs) holds at the ratio
 * expected (bc.ratio16), at most log_bytes.  log_put() shrinks the text
 * when it compresses worse than that.
 */
static notrace u32 log_raw_budget(const struct bc_writer *w,
				  struct pt_regs *regs)
{
	u32 fixed = BC_LOG_ITEM + (regs ? BC_REGS_ITEM : 0);
	u32 left = w->pos + fixed < w->cap ? w->cap - w->pos - fixed : 0;
	u64 raw = (u64)left * bc.ratio16 / 16;

	return max_t(u32, min_t(u64, raw, bc_log_bytes), BC_LINE_MAX);
}

/*
 * Panic-context.  Write one primary record.  Returns the slot or -1.
 * @dry: build the record in bc.rec only, as this crash would be stored,
 * and store nothing: no slot, no sequence number, no console line, no
 * vendor code, and the capture heuristics (ratio, frame room) as before.
 */
static notrace int capture(u32 reason, const char *msg, struct pt_regs *regs,
			   long err, int trapnr, u64 cr2, u32 xflags,
			   bool in_panic, bool dry)
{
	u64 t0 = ktime_get_mono_fast_ns();
	struct bugcheck_record_hdr *h;
	struct bc_writer w;
	u8 *slot;
	u32 rflags = xflags, plen;
	const char *log_text;
	size_t log_len;
	u64 log_next;
	bool nested, log_cut = false, pre;
	struct bc_pf_view pf;
	unsigned int pf_seq = 0;
	u32 log_room = 0, log_plen;
	u32 dry_ratio16 = 0, dry_room = 0, dry_reserve = 0;
	u8 *log_p;
	int idx;

	bc_lab_mark(BC_LAB_M_T0);
	if (!(bc_reason_mask & BUGCHECK_REASON_BIT(reason)))
		return -1;
	if (!capture_enter(in_panic && !dry, &nested)) {
		if (!nested && !dry)
			atomic_inc(&bc_missed);
		return -1;
	}
	bc_lab_mark(BC_LAB_M_OWNER);
	if (dry) {
		dry_ratio16 = bc.ratio16;
		dry_room = READ_ONCE(bc_pf.room);
		dry_reserve = READ_ONCE(bc_pf.reserve);
		idx = -1;
		slot = NULL;
		goto build;
	}
	idx = bc_slot_pick(bc_region.slots, bc_region.slot_count,
			   bc.first_slot, bc.latest_slot);
	if (idx < 0) {
		atomic_inc(&bc_missed);
		capture_exit();
		pr_emerg("no free slot: crash not stored (collect the stored records)\n");
		return -1;
	}
	bc_lab_mark(BC_LAB_M_PICK);
	slot = bc_slot_ptr(idx);
	bc.cur_slot = idx;
	h = (struct bugcheck_record_hdr *)slot;
	WRITE_ONCE(h->state, cpu_to_le32(BUGCHECK_STATE_WRITING));
	bc_flush(&h->state, sizeof(h->state));
	bc_region.slots[idx].valid = BUGCHECK_VALID_TORN;
	bc_region.slots[idx].state = BUGCHECK_STATE_WRITING;
	if (bc.first_slot < 0)
		bc.first_slot = idx;
	else
		bc.latest_slot = idx;

build:
	bc_lab_mark(BC_LAB_M_ENTER);
	h = (struct bugcheck_record_hdr *)bc.rec;
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, BUGCHECK_RECORD_MAGIC, sizeof(h->magic));
	h->version = cpu_to_le16(BUGCHECK_RECORD_VERSION);
	h->hdr_size = cpu_to_le16(sizeof(*h));
	h->state = cpu_to_le32(BUGCHECK_STATE_WRITING);
	memcpy(h->boot_id, bc_boot_id, sizeof(h->boot_id));
	h->seq = cpu_to_le64(dry ? bc.seq + 1 : ++bc.seq);
	h->wall_ns = cpu_to_le64(ktime_get_real_fast_ns());
	h->uptime_ns = cpu_to_le64(t0);
	h->taint = cpu_to_le64(taint_mask());
	h->reason = cpu_to_le32(reason);
	h->trapnr = cpu_to_le32(trapnr);
	h->error_code = cpu_to_le64(err);
	h->cpu = cpu_to_le32(raw_smp_processor_id());
	h->pid = cpu_to_le32(task_pid_nr(current));
	memcpy(h->comm, current->comm, sizeof(h->comm));
	h->missed = cpu_to_le32(atomic_read(&bc_missed));
	if (in_panic)
		rflags |= BUGCHECK_RF_PANICKED;
	if (in_nmi())
		rflags |= BUGCHECK_RF_IN_NMI;
	else if (in_interrupt())
		rflags |= BUGCHECK_RF_IN_IRQ;
	if (kexec_crash_loaded())
		rflags |= BUGCHECK_RF_KDUMP_LOADED;

	/*
	 * At most primary_bytes, and leave the tail room that the follow-up
	 * and vendors were promised.
	 */
	bc_writer_init(&w, bc.rec,
		       min(bc_region.slot_size - BC_TAIL_BASE_RESERVE -
				   bc_vendor_reserved(),
			   bc_primary_bytes),
		       sizeof(*h));
	/*
	 * The kernel's own names, not utsname(): that reads
	 * current->nsproxy, which exit_task_namespaces() has set to NULL
	 * for a task on its way out, and interrupts still come then.
	 */
	bc_lab_mark(BC_LAB_M_HEADER);
	bc_item_add_text(&w, BUGCHECK_ITEM_RELEASE, init_utsname()->release,
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_KVERSION, init_utsname()->version,
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MACHINE, init_utsname()->machine,
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MESSAGE, msg, BUGCHECK_TEXT_MAX);
	bc_lab_mark(BC_LAB_M_TEXTS);
	put_stack(&w, regs, BC_LOG_KEEP + (regs ? BC_REGS_ITEM : 0), &rflags);
	bc_lab_mark(BC_LAB_M_STACK);
	/* Nothing in the production build; a fault in the lab's. */
	if (!dry)
		bc_lab_capture_fault();
	/* The records after the precompressed frame, or the whole log. */
	pre = log_read_pre(log_raw_budget(&w, regs), &pf, &pf_seq, &log_text,
			   &log_len, &log_next);
	if (!pre)
		log_next = log_read_primary(log_raw_budget(&w, regs),
					    &log_text, &log_len, &log_cut);
	bc_lab_mark(BC_LAB_M_LOG_READ);
	/* The oops report is new text: in G when F is used. */
	if (regs && trapnr == X86_TRAP_PF && !user_mode(regs))
		cr2 = cr2_from_log(log_text, log_len, cr2);
	if (regs) {
		put_regs(&w, regs, cr2);
		h->cr2 = cpu_to_le64(cr2);
		rflags |= BUGCHECK_RF_HAVE_REGS;
	}
	log_p = bc_item_reserve(&w, BUGCHECK_ITEM_LOG,
				sizeof(struct bugcheck_log) + bc.packed_size,
				&log_room);
	if (log_p && log_room > sizeof(struct bugcheck_log)) {
		/* What the next frames F should aim at (pf_room()). */
		WRITE_ONCE(bc_pf.room, log_room);
		log_plen = pre ? log_fill_pre(log_p, log_room, &pf, pf_seq,
					      log_text, log_len) : 0;
		if (!dry)
			bc_lab_log_path(pre, log_plen != 0);
		if (!log_plen) {
			u32 budget = log_raw_budget(&w, NULL);

			/* The whole text again, when G was read instead. */
			if (pre)
				log_next = log_read_primary(budget, &log_text,
							    &log_len, &log_cut);
			log_plen = log_fill(log_p, log_room, BUGCHECK_ITEM_LOG,
					    log_text, log_len, log_cut,
					    &rflags);
		}
		bc_item_commit(&w, log_plen, 0);
	}
	bc_lab_mark(BC_LAB_M_LOG_PACK);

	plen = w.pos;
	h->flags = cpu_to_le32(rflags);
	h->capture_ns = cpu_to_le64(ktime_get_mono_fast_ns() - t0);
	bc_record_seal(bc.rec, plen);
	bc_lab_mark(BC_LAB_M_SEAL);
	if (dry) {
		bc.ratio16 = dry_ratio16;
		WRITE_ONCE(bc_pf.room, dry_room);
		WRITE_ONCE(bc_pf.reserve, dry_reserve);
		capture_exit();
		return -1;
	}

	/*
	 * Everything but the state word, then the state word: a copy cut
	 * short by a crash stays WRITING and reads back as torn.
	 */
	memcpy(slot + STATE_END, bc.rec + STATE_END, plen - STATE_END);
	memcpy(slot, bc.rec, STATE_OFF);
	if (plen + sizeof(struct bugcheck_tail_hdr) <= bc_region.slot_size)
		memset(slot + plen, 0, sizeof(struct bugcheck_tail_hdr));
	bc_flush(slot, plen + sizeof(struct bugcheck_tail_hdr));
	WRITE_ONCE(((struct bugcheck_record_hdr *)slot)->state,
		   cpu_to_le32(BUGCHECK_STATE_NEW));
	bc_flush(slot, 64);
	bc_lab_mark(BC_LAB_M_COPY);

	bc_region.slots[idx].valid = BUGCHECK_VALID_OK;
	bc_region.slots[idx].state = BUGCHECK_STATE_NEW;
	bc.cur_slot = -1;
	bc_region.slots[idx].wall_ns = le64_to_cpu(h->wall_ns);
	bc.oops_task = current;
	bc.oops_pid = current->pid;
	bc.oops_task_start = current->start_time;
	bc.oops_slot = idx;
	bc.oops_primary_len = plen;
	bc.oops_log_next_seq = log_next;
	bc.oops_reason = reason;
	bc.tail_triage = false;
	bc.tail_pos = 0;
	bc.tail_flags = 0;
	bc.tail_ns = 0;
	atomic_inc(&bc_crashes);
	/*
	 * Stored in the ring only: the console prints it after the dumpers
	 * (panic()'s console_flush_on_panic(), or the irq_work that
	 * defer_console_output() queues after a non-fatal oops), so that a
	 * slow console (a serial port polled byte by byte) does not hold up
	 * the dumpers and kdump that come after this one.
	 */
	bc_printk_deferred(KERN_EMERG pr_fmt("crash record %llu stored in slot %d (%u bytes, %llu ns)\n"),
			   bc.seq, idx, plen, le64_to_cpu(h->capture_ns));
	bc_lab_mark(BC_LAB_M_COMMIT);

	/*
	 * The primary record is committed: only now may vendor code run,
	 * and only in a panic (a non-fatal oops copies the triage ranges,
	 * no code).  The run ends the capture (vendor_done), even when a
	 * callback faults and the run is finished from the die notifier.
	 */
	vendor_tail(plen + TAIL_HDR, in_panic ?
		    BC_VENDOR_CALLBACKS | BC_VENDOR_TRIAGE : BC_VENDOR_TRIAGE);
	bc_lab_mark(BC_LAB_M_VENDOR);
	return idx;
}

/*
 * Panic-context.  A panic that follows the oops we already stored, in the
 * same task (panic_on_oops, an oops in interrupt, or an oops that killed
 * init): add the panic message and the log lines printed since the primary
 * capture to that record's tail instead of writing a second record.
 */
static notrace void amend_with_panic(const char *msg)
{
	u64 t0 = ktime_get_mono_fast_ns();
	u32 toff = bc.oops_primary_len, tflags = 0;
	struct bc_writer w;
	bool nested;

	if (toff + TAIL_HDR > bc_region.slot_size)
		return;
	if (!capture_enter(true, &nested))
		return;
	bc_writer_init(&w, bc.rec, bc_region.slot_size,
		       bc.tail_pos ? bc.tail_pos : toff + TAIL_HDR);
	bc_item_add_text(&w, BUGCHECK_ITEM_PANIC, msg ? msg : "",
			 BUGCHECK_TEXT_MAX);
	put_log(&w, BUGCHECK_ITEM_PANIC_LOG, bc.oops_log_next_seq,
		BC_PANIC_LOG_MAX, &tflags);
	tail_publish(&w, 0, t0);
	/* The oops turned fatal: now the vendor callbacks may run. */
	vendor_tail(bc.tail_pos ? bc.tail_pos : toff + TAIL_HDR,
		    BC_VENDOR_CALLBACKS |
		    (bc.tail_triage ? 0 : BC_VENDOR_TRIAGE));
}

/*
 * Panic-context.  A fault of our own (capture or vendor callback) hit the
 * panicking CPU: die() would kill the panicking task with panic_on_oops=0
 * and leave the machine stopped.  Panic again instead: panic() carries on
 * when it is called again on the CPU that owns it, and ends in the
 * configured reboot.
 */
static notrace void repanic_if_panicking(void)
{
	if (READ_ONCE(bc.panic_cpu) == raw_smp_processor_id())
		panic("bugcheck: fault during the crash capture");
}

/* Panic-context.  The trap number of a die() call. */
static notrace int die_trapnr(const struct die_args *args)
{
	/*
	 * A kernel-mode page fault never sets thread.trap_nr, which die()
	 * passes on: arch/x86/mm/fault.c names its die() calls "Oops" and
	 * "Bad pagetable".
	 */
	if (args->str && (!strncmp(args->str, "Oops", 5) ||
			  !strncmp(args->str, "Bad pagetable", 14)))
		return X86_TRAP_PF;
	return args->trapnr;
}

/* Panic-context.  The die notifier's stash of @task's oops, or NULL. */
static notrace struct bc_die_stash *die_stash_of(const struct task_struct *task)
{
	struct bc_die_stash *st = this_cpu_ptr(&bc_die);
	int cpu;

	if (READ_ONCE(st->task) == task)
		return st;
	for_each_possible_cpu(cpu) {
		st = per_cpu_ptr(&bc_die, cpu);
		if (READ_ONCE(st->task) == task)
			return st;
	}
	return NULL;
}

/* Panic-context.  Write the record of the oops in @st. */
static notrace void die_capture(struct bc_die_stash *st)
{
	st->valid = false;
	st->done = true;
	st->nested_busy = st->xflags & BUGCHECK_RF_NESTED;
	capture(reason_from_die(st->str, &st->regs, st->trapnr), st->str,
		&st->regs, st->err, st->trapnr, st->cr2, st->xflags, false,
		false);
	st->nested_busy = false;
	/* A fault of our own on the panicking CPU: finish that panic. */
	if (st->xflags)
		repanic_if_panicking();
}

/*
 * Panic-context.  Die notifier: an oops, with the faulting registers.
 *
 * It only keeps what it needs (registers, CR2, trap number) for the
 * kmsg_dump(OOPS) that oops_end() makes on this CPU after it released
 * die_lock.  A fault while writing the record there is then an oops of its
 * own, which takes and releases die_lock normally; a fault here, inside
 * die(), would be a nested die() whose oops_end() never releases die_lock
 * (its count stays at one), and the next oops would spin forever in
 * oops_begin() (arch/x86/kernel/dumpstack.c).  The exception is a loaded
 * crash kernel: oops_end() runs crash_kexec() before kmsg_dump(), so the
 * record is written here, where a fault still ends in the crash kernel.
 */
static notrace int bc_die_notify(struct notifier_block *nb, unsigned long val,
				 void *data)
{
	/* First, before anything of ours can fault and overwrite it. */
	u64 cr2 = read_cr2();
	struct die_args *args = data;
	struct bc_die_stash *st;
	int cpu = raw_smp_processor_id();

	if (val != DIE_OOPS || !args->regs)
		return NOTIFY_DONE;
	st = this_cpu_ptr(&bc_die);
	st->valid = false;
	st->done = false;
	WRITE_ONCE(st->task, current);
	/* A vendor callback faulted (panic only): finish the run, reboot. */
	if (bc_vendor_fault()) {
		st->done = true;
		repanic_if_panicking();
		return NOTIFY_DONE;
	}
	st->xflags = 0;
	if (atomic_read(&bc_capture_owner) == cpu) {
		/* Our own capture faulted: it will never resume. */
		capture_abandon();
		if (st->nested_busy) {
			/* ... and so did the record of that fault. */
			st->nested_busy = false;
			st->done = true;
			atomic_inc(&bc_missed);
			repanic_if_panicking();
			return NOTIFY_DONE;
		}
		st->xflags = BUGCHECK_RF_NESTED;
	}
	st->regs = *args->regs;
	st->str = args->str;
	st->err = args->err;
	st->trapnr = die_trapnr(args);
	/* An instruction fetch fault happened at the instruction pointer. */
	if (st->trapnr == X86_TRAP_PF && (args->err & X86_PF_INSTR) &&
	    (cr2 < args->regs->ip || cr2 >= args->regs->ip + 16))
		cr2 = args->regs->ip;
	st->cr2 = cr2;
	st->valid = true;
	if (kexec_crash_loaded())
		die_capture(st);
	return NOTIFY_DONE;
}

/* Panic-context.  Panic notifier: keep the message for the kmsg dump. */
static notrace int bc_panic_notify(struct notifier_block *nb,
				   unsigned long val, void *data)
{
	bc.panic_msg = data;
	WRITE_ONCE(bc.panic_cpu, raw_smp_processor_id());
	return NOTIFY_DONE;
}

/* Panic-context.  kmsg dumper: oopses without a die() call, and panics. */
static notrace void bc_kmsg_dump(struct kmsg_dumper *dumper,
				 enum kmsg_dump_reason why)
{
	const char *msg = bc.panic_msg;

	struct bc_die_stash *st;
	unsigned long flags;
	u32 reason;

	bc_lab_mark(BC_LAB_M_IN);
	if (why == KMSG_DUMP_OOPS) {
		/*
		 * oops_end() has restored interrupts by now: the capture
		 * uses the CPU number as its owner, so stay on this CPU and
		 * let nothing interrupt it.
		 */
		local_irq_save(flags);
		st = die_stash_of(current);
		if (!st) {
			/* An oops that did not come through die(). */
			capture(BUGCHECK_REASON_OOPS, "oops", NULL, 0, -1, 0, 0,
				false, false);
		} else {
			if (st->valid)
				die_capture(st);
			st->done = false;
			WRITE_ONCE(st->task, NULL);
		}
		local_irq_restore(flags);
		bc_lab_mark(BC_LAB_M_OUT);
		return;
	}
	if (why != KMSG_DUMP_PANIC)
		return;
	/* A panic of our own after a fault in the first one: done already. */
	if (bc.panic_dumped)
		return;
	bc.panic_dumped = true;
	/* the panic that ends this task's own oops (oops_end(), do_exit()) */
	if (bc.oops_slot >= 0 && bc.oops_task == current &&
	    bc.oops_pid == current->pid &&
	    bc.oops_task_start == current->start_time) {
		amend_with_panic(msg);
		return;
	}
	reason = reason_from_panic(msg);
	bc_lab_mark(BC_LAB_M_REASON);
	capture(reason, msg, NULL, 0, -1, 0, 0, true, false);
	/* The lab's test of a second run of the same code (lab_dry_run). */
	if (bc_lab_dry_set(true)) {
		capture(reason_from_panic(msg), msg, NULL, 0, -1, 0, 0, true,
			true);
		bc_lab_dry_set(false);
		bc_lab_mark(BC_LAB_M_DRY);
	}
	bc_lab_dry_set(false);
	bc_lab_mark(BC_LAB_M_OUT);
}

static struct notifier_block bc_die_nb = {
	.notifier_call = bc_die_notify,
	/* After kprobes/kgdb handlers (which may fix the fault up). */
	.priority = -100,
};

static struct notifier_block bc_panic_nb = {
	.notifier_call = bc_panic_notify,
	/* First: it only records the message, and others may never return. */
	.priority = INT_MAX,
};

static struct kmsg_dumper bc_dumper = {
	.dump = bc_kmsg_dump,
	.max_reason = KMSG_DUMP_OOPS,
};

/* Find the kernel's module list head: the one node outside module memory. */
static struct list_head *find_modules_head(void)
{
	struct list_head *p = THIS_MODULE->list.next;
	int n;

	for (n = 0; n < BC_MODULE_WALK_MAX; n++, p = READ_ONCE(p->next)) {
		if (p == &THIS_MODULE->list)
			break;
		if (!in_module_area(p))
			return p;
	}
	return NULL;
}

/*
 * Process context, before any hook is registered.  Compress what the
 * kernel log holds now, as a capture would: proves that the codec works
 * with the workspace made at load (the crash path cannot allocate more),
 * and gives the first capture this machine's compression ratio.
 */
static int codec_check(void)
{
	const char *text;
	size_t len, clen;
	bool cut;

	log_read(0, bc_log_bytes, &text, &len, &cut);
	if (!len)
		return 0;
	clen = log_pack(text, len);
	if (!clen) {
		pr_err("%s compression of %zu bytes of log failed\n",
		       bc_log_codec == BUGCHECK_CODEC_ZSTD ? "zstd" : "lz4",
		       len);
		return -EINVAL;
	}
	bc.ratio16 = ratio16(len, clen);
	pr_info("log now: %zu bytes compress to %zu\n", len, clen);
	return 0;
}

/**
 * bc_capture_init() - allocate the crash-path buffers and hook the kernel
 *
 * Process context.  Must run after bc_region_init().
 */
int bc_capture_init(void)
{
	size_t wsize;
	int ret;

	get_random_bytes(bc_boot_id, sizeof(bc_boot_id));
	bc.rec = vzalloc(bc_region.slot_size);
	bc.log = vzalloc(bc_log_bytes);
	bc.ratio16 = bc_log_codec == BUGCHECK_CODEC_ZSTD ? BC_ZSTD_RATIO16 :
							   BC_LZ4_RATIO16;
	if (bc_log_codec == BUGCHECK_CODEC_ZSTD) {
		/*
		 * Parameters for inputs up to log_bytes, fixed now: the
		 * capture compresses with these, so the static context never
		 * needs more workspace than this (it never allocates).
		 */
		bc.zparams = zstd_get_params(bc_zstd_level, bc_log_bytes);
		bc.zparams.fParams.contentSizeFlag = 1;
		bc.zparams.fParams.checksumFlag = 0;
		wsize = zstd_cctx_workspace_bound(&bc.zparams.cParams);
		/* Never more workspace than that: smaller tables. */
		bc.zparams_g = zstd_get_params(bc_zstd_level, BC_PF_G_HINT);
		bc.zparams_g.fParams.contentSizeFlag = 1;
		bc.zparams_g.fParams.checksumFlag = 0;
		if (zstd_cctx_workspace_bound(&bc.zparams_g.cParams) > wsize)
			bc.zparams_g = bc.zparams;
		bc.zwrk = vzalloc(wsize);
		if (bc.zwrk)
			bc.zcctx = zstd_init_cctx(bc.zwrk, wsize);
		bc.packed_size = zstd_compress_bound(bc_log_bytes);
		pr_info("zstd level %d, %zu bytes of workspace\n",
			bc_zstd_level, wsize);
	} else {
		bc.lz4_wrk = vzalloc(LZ4_MEM_COMPRESS);
		bc.packed_size = LZ4_COMPRESSBOUND(bc_log_bytes);
	}
	bc.packed = vzalloc(bc.packed_size);
	if (bc_log_readahead) {
		bc_lt.buf[0] = vzalloc(2 * bc_log_bytes);
		bc_lt.buf[1] = vzalloc(2 * bc_log_bytes);
	}
	if (!bc.rec || !bc.log || !bc.packed ||
	    (bc_log_readahead && (!bc_lt.buf[0] || !bc_lt.buf[1])) ||
	    (bc_log_codec == BUGCHECK_CODEC_ZSTD ? !bc.zcctx : !bc.lz4_wrk)) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = codec_check();
	if (ret)
		goto err_free;
	if (bc_log_readahead && bc_log_codec == BUGCHECK_CODEC_ZSTD) {
		/*
		 * The precompressed frame's own context (pf_work()): the
		 * work never touches bc.zcctx, which a crash on another CPU
		 * may be using.  Fixed parameters, as for bc.zcctx.
		 */
		bc_pf.params = zstd_get_params(max(BC_PF_LEVEL, bc_zstd_level),
					       bc_log_bytes);
		bc_pf.params.fParams.contentSizeFlag = 1;
		bc_pf.params.fParams.checksumFlag = 0;
		wsize = zstd_cctx_workspace_bound(&bc_pf.params.cParams);
		bc_pf.wrk = vzalloc(wsize);
		bc_pf.buf[0] = vzalloc(bc.packed_size);
		bc_pf.buf[1] = vzalloc(bc.packed_size);
		if (!bc_pf.wrk || !bc_pf.buf[0] || !bc_pf.buf[1]) {
			ret = -ENOMEM;
			goto err_free;
		}
		bc_pf.ratio16 = bc.ratio16;
		bc_pf.reserve = BC_PF_RESERVE;
		/* Last: a context set means the frames are in use. */
		bc_pf.cctx = zstd_init_cctx(bc_pf.wrk, wsize);
		if (!bc_pf.cctx) {
			ret = -ENOMEM;
			goto err_free;
		}
		pr_info("log precompressed ahead: zstd level %d, %zu bytes of workspace\n",
			max(BC_PF_LEVEL, bc_zstd_level), wsize);
	}
	/* The module list is RCU-sched protected (include/linux/module.h). */
	preempt_disable();
	bc.modules_head = find_modules_head();
	preempt_enable();
	if (!bc.modules_head)
		pr_warn("module list not found: records will not describe modules\n");

	ret = register_die_notifier(&bc_die_nb);
	if (ret)
		goto err_free;
	ret = atomic_notifier_chain_register(&panic_notifier_list,
					     &bc_panic_nb);
	if (ret)
		goto err_die;
	ret = kmsg_dump_register(&bc_dumper);
	if (ret)
		goto err_panic;
	/*
	 * The log read ahead, from now on (deferrable: no idle wake-ups).
	 * With log_readahead=0 it never runs, bc_lt.valid stays false and
	 * every capture reads the whole log itself.
	 */
	INIT_DEFERRABLE_WORK(&bc_lt.work, lt_work);
	if (bc_log_readahead)
		queue_delayed_work(system_power_efficient_wq, &bc_lt.work, 0);
	return 0;

err_panic:
	atomic_notifier_chain_unregister(&panic_notifier_list, &bc_panic_nb);
err_die:
	unregister_die_notifier(&bc_die_nb);
err_free:
	bc_pf.cctx = NULL;
	vfree(bc_pf.buf[1]);
	vfree(bc_pf.buf[0]);
	vfree(bc_pf.wrk);
	vfree(bc_lt.buf[1]);
	vfree(bc_lt.buf[0]);
	vfree(bc.packed);
	vfree(bc.zwrk);
	vfree(bc.lz4_wrk);
	vfree(bc.log);
	vfree(bc.rec);
	return ret;
}

/**
 * bc_capture_exit() - unhook and free, in reverse order
 */
void bc_capture_exit(void)
{
	kmsg_dump_unregister(&bc_dumper);
	atomic_notifier_chain_unregister(&panic_notifier_list, &bc_panic_nb);
	unregister_die_notifier(&bc_die_nb);
	cancel_delayed_work_sync(&bc_lt.work);
	vfree(bc_pf.buf[1]);
	vfree(bc_pf.buf[0]);
	vfree(bc_pf.wrk);
	vfree(bc_lt.buf[1]);
	vfree(bc_lt.buf[0]);
	vfree(bc.packed);
	vfree(bc.zwrk);
	vfree(bc.lz4_wrk);
	vfree(bc.log);
	vfree(bc.rec);
}
