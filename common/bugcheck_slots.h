/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slot policy: which slot a crash is written to.  Pure logic, shared with
 * user space and covered by KUnit.
 */
#ifndef BUGCHECK_SLOTS_H
#define BUGCHECK_SLOTS_H

#include "bugcheck_record.h"

/**
 * struct bc_slot_info - what the policy needs to know about one slot
 * @valid:   enum bugcheck_valid of the slot's content
 * @state:   enum bugcheck_state word as found
 * @wall_ns: capture time of the record in it (0 if none)
 */
struct bc_slot_info {
	u32 valid;
	u32 state;
	u64 wall_ns;
};

int bc_slot_pick(const struct bc_slot_info *s, u32 n, int first, int latest);

#endif /* BUGCHECK_SLOTS_H */
