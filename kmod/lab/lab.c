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
 *           clear-race).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "internal.h"

static unsigned int fault_inject;
module_param(fault_inject, uint, 0600);
MODULE_PARM_DESC(fault_inject,
		 "crash lab only: 1 = the next capture faults once; 16+N = delay user writes to slot N");

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
