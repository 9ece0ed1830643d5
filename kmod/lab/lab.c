// SPDX-License-Identifier: GPL-2.0
/*
 * Crash-lab hooks, built only into the lab's test build of bugcheck.ko
 * (Kbuild in this directory); the production build gets the empty inline
 * versions from ../internal.h.
 *
 * fault_inject (root only, off by default):
 *   1       the next capture faults once, half-way through writing its
 *           record, the way a damaged kernel structure would (lab case
 *           capture-fault);
 *   16 + N  every MARK_COLLECTED or CLEAR of slot N waits 3 s between
 *           checking the slot and writing it, until reset to 0 (lab case
 *           clear-race);
 *   32 + N  every READ of slot N at a non-zero offset (every chunk but the
 *           first) waits 3 s before it looks at the slot, until reset to 0
 *           (lab case read-race: a crash lands between two chunks).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>

#include "internal.h"

static unsigned int fault_inject;
module_param(fault_inject, uint, 0600);
MODULE_PARM_DESC(fault_inject,
		 "crash lab only: 1 = the next capture faults once; 16+N = delay user writes to slot N; 32+N = delay reads of slot N after the first chunk");

/* Opaque to the compiler, so the injected fault stays in. */
static unsigned long *bc_lab_null;

/**
 * bc_lab_capture_fault() - fault here once if fault_inject is 1
 *
 * Panic-context (called from the capture, between the stack and the log).
 */
notrace void bc_lab_capture_fault(void)
{
	if (unlikely(READ_ONCE(fault_inject) == 1)) {
		WRITE_ONCE(fault_inject, 0);
		WRITE_ONCE(*bc_lab_null, 1);
	}
}

/**
 * bc_lab_delay() - wait between checking and writing slot @slot
 * @slot: the slot a user request is about to change
 *
 * Process context, may sleep.
 */
void bc_lab_delay(u32 slot)
{
	if (READ_ONCE(fault_inject) == 16 + slot) {
		pr_info("lab: delaying the write to slot %u\n", slot);
		msleep(3000);
	}
}

/**
 * bc_lab_read_delay() - wait before a READ of slot @slot at offset @off
 * @slot: the slot a READ asks for
 * @off:  the offset it asks for
 *
 * Process context, may sleep.
 */
void bc_lab_read_delay(u32 slot, u32 off)
{
	if (off && READ_ONCE(fault_inject) == 32 + slot) {
		pr_info("lab: delaying the read of slot %u at offset %u\n",
			slot, off);
		msleep(3000);
	}
}

/*
 * Where a crash dump's time goes (make bench's breakdown; lab build only):
 * time stamps from bc_kmsg_dump()'s entry to its return, the capture's
 * phases in between.  Two sets: BC_LAB_SET_REAL for the capture itself,
 * BC_LAB_SET_DRY for the dry run the lab may add after it (lab_dry_run).
 * Printed by bc_lab_marks_show(), which bugcheck_bench.ko's last timing
 * dumper calls after it took its own time stamp, so the printing is not
 * part of the segment it times.
 */
static u64 bc_lab_stamps[BC_LAB_SETS][BC_LAB_MARKS];
static unsigned int bc_lab_set;
static const char *const bc_lab_phase[BC_LAB_MARKS] = {
	[BC_LAB_M_IN] = "to the dumper",
	[BC_LAB_M_REASON] = "reason",
	[BC_LAB_M_T0] = "capture t0",
	[BC_LAB_M_OWNER] = "owner",
	[BC_LAB_M_PICK] = "slot pick",
	[BC_LAB_M_ENTER] = "slot state",
	[BC_LAB_M_HEADER] = "header",
	[BC_LAB_M_TEXTS] = "texts",
	[BC_LAB_M_STACK] = "stack",
	[BC_LAB_M_LOG_READ] = "log read",
	[BC_LAB_M_LOG_PACK] = "log store",
	[BC_LAB_M_SEAL] = "seal",
	[BC_LAB_M_COPY] = "copy",
	[BC_LAB_M_COMMIT] = "commit (console line)",
	[BC_LAB_M_VENDOR] = "vendor tail",
	[BC_LAB_M_DRY] = "dry run",
	[BC_LAB_M_OUT] = "dumper return",
};

/*
 * lab_dry_run: 1 = after a panic's capture, run it again, dry (nothing
 * stored), timed; 2 = the next run of the read-ahead work runs a panic's
 * capture dry, once (then back to 0), ahead of a crash.
 */
static unsigned int lab_dry_run;
module_param(lab_dry_run, uint, 0600);
MODULE_PARM_DESC(lab_dry_run,
		 "crash lab only: 1 = after a panic's capture, time a dry run of it; 2 = the read-ahead work runs one dry panic capture");

/**
 * bc_lab_dry_now() - should the read-ahead work run a dry capture now?
 *
 * Process context.  True once after lab_dry_run was set to 2.
 */
bool bc_lab_dry_now(void)
{
	if (READ_ONCE(lab_dry_run) != 2)
		return false;
	WRITE_ONCE(lab_dry_run, 0);
	return true;
}

/**
 * bc_lab_mark() - time stamp the end of a phase
 * @phase: BC_LAB_M_*
 *
 * Panic-context.  BC_LAB_M_IN starts a new dump: it clears both sets.
 */
notrace void bc_lab_mark(unsigned int phase)
{
	if (phase == BC_LAB_M_IN) {
		memset(bc_lab_stamps, 0, sizeof(bc_lab_stamps));
		bc_lab_set = BC_LAB_SET_REAL;
	}
	if (phase < BC_LAB_MARKS)
		bc_lab_stamps[bc_lab_set][phase] = ktime_get_mono_fast_ns();
}

/**
 * bc_lab_dry_set() - stamps go to the dry run's set (@dry) or the real one
 * @dry: true for the dry run
 *
 * Panic-context.  Returns whether lab_dry_run asks for a dry run.
 */
notrace bool bc_lab_dry_set(bool dry)
{
	bc_lab_set = dry ? BC_LAB_SET_DRY : BC_LAB_SET_REAL;
	return READ_ONCE(lab_dry_run) == 1;
}

/* The text and stored bytes of the last capture's G (log_fill_pre()). */
static size_t bc_lab_g_len, bc_lab_g_stored;

/**
 * bc_lab_g() - note the size of a capture's G
 * @len:  bytes of text
 * @glen: bytes stored
 *
 * Panic-context.
 */
notrace void bc_lab_g(size_t len, size_t glen)
{
	bc_lab_g_len = len;
	bc_lab_g_stored = glen;
}

/**
 * bc_lab_marks_show() - print where the last dump's time went
 * @from: time stamp taken just before bugcheck's dumper was called
 * @to:   time stamp taken just after it returned
 *
 * Panic-context (bugcheck_bench.ko's last timing dumper).  Each phase as
 * the time since the previous stamp of its set; phases a dump did not
 * reach are left out.
 */
notrace void bc_lab_marks_show(u64 from, u64 to)
{
	u64 prev = from;
	int i, s;

	for (s = 0; s < BC_LAB_SETS; s++) {
		if (s == BC_LAB_SET_DRY) {
			if (!bc_lab_stamps[s][BC_LAB_M_OWNER])
				break;
			prev = bc_lab_stamps[BC_LAB_SET_REAL][BC_LAB_M_VENDOR];
		}
		for (i = 0; i < BC_LAB_MARKS; i++) {
			if (!bc_lab_stamps[s][i])
				continue;
			pr_emerg("lab: %sphase %s: %llu ns\n",
				 s == BC_LAB_SET_DRY ? "dry run " : "",
				 bc_lab_phase[i], bc_lab_stamps[s][i] - prev);
			prev = bc_lab_stamps[s][i];
		}
	}
	pr_emerg("lab: G %zu bytes of text stored in %zu\n", bc_lab_g_len,
		 bc_lab_g_stored);
	prev = bc_lab_stamps[BC_LAB_SET_REAL][BC_LAB_M_OUT];
	if (prev && to >= prev)
		pr_emerg("lab: phase after the dumper: %llu ns\n", to - prev);
}
EXPORT_SYMBOL_GPL(bc_lab_marks_show);

/*
 * The precompressed log (panic.c, pf_work()): how primary captures stored
 * their log, and what the work's frames cost.  Read-only parameters:
 *   log_pre_used       captures that stored the frame F and their own G
 *   log_pre_fallback   captures that had a frame but took the full path
 *   log_full           captures that had no usable frame
 *   pf_runs, pf_ns     frames the work made, and their total time in ns
 *   pf_raw, pf_clen    the last frame's text and compressed bytes
 */
static unsigned int log_pre_used, log_pre_fallback, log_full;
static unsigned int pf_runs, pf_raw, pf_clen;
static unsigned long pf_ns;
module_param(log_pre_used, uint, 0444);
module_param(log_pre_fallback, uint, 0444);
module_param(log_full, uint, 0444);
module_param(pf_runs, uint, 0444);
module_param(pf_ns, ulong, 0444);
module_param(pf_raw, uint, 0444);
module_param(pf_clen, uint, 0444);
MODULE_PARM_DESC(log_pre_used, "crash lab only: captures that stored the precompressed frame");

/**
 * bc_lab_log_path() - count how a primary capture stored its log
 * @pre:  it had a usable precompressed frame
 * @used: and stored it
 *
 * Panic-context.
 */
notrace void bc_lab_log_path(bool pre, bool used)
{
	if (used)
		WRITE_ONCE(log_pre_used, log_pre_used + 1);
	else if (pre)
		WRITE_ONCE(log_pre_fallback, log_pre_fallback + 1);
	else
		WRITE_ONCE(log_full, log_full + 1);
}

/**
 * bc_lab_pf_cost() - count one frame the read-ahead work made
 * @ns:   its time
 * @raw:  text bytes
 * @clen: compressed bytes
 *
 * Process context (the work).
 */
void bc_lab_pf_cost(u64 ns, size_t raw, size_t clen)
{
	WRITE_ONCE(pf_runs, pf_runs + 1);
	WRITE_ONCE(pf_ns, pf_ns + ns);
	WRITE_ONCE(pf_raw, raw);
	WRITE_ONCE(pf_clen, clen);
}
