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
