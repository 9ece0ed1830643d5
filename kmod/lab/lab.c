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

/* Where a capture's time goes (make bench's breakdown; lab build only). */
#define BC_LAB_MARKS	7
static u64 bc_lab_stamps[BC_LAB_MARKS];
static const char *const bc_lab_phase[BC_LAB_MARKS] = {
	"header", "texts", "stack", "log read", "log pack", "seal", "copy",
};

/**
 * bc_lab_mark() - time stamp the end of a capture phase
 * @phase: 0 .. BC_LAB_MARKS - 1
 *
 * Panic-context.
 */
notrace void bc_lab_mark(unsigned int phase)
{
	if (phase < BC_LAB_MARKS)
		bc_lab_stamps[phase] = ktime_get_mono_fast_ns();
}

/**
 * bc_lab_marks_print() - print the phases of the capture that began at @t0
 * @t0: its start (ktime_get_mono_fast_ns())
 *
 * Panic-context.
 */
notrace void bc_lab_marks_print(u64 t0)
{
	u64 prev = t0;
	int i;

	for (i = 0; i < BC_LAB_MARKS; i++) {
		pr_emerg("lab: capture phase %s: %llu ns\n", bc_lab_phase[i],
			 bc_lab_stamps[i] - prev);
		prev = bc_lab_stamps[i];
	}
}

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
