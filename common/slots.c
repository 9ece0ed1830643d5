// SPDX-License-Identifier: GPL-2.0
/*
 * Slot policy.
 *
 * A boot keeps its first crash (usually the root cause) and its latest one.
 * The first crash of a boot takes a free slot; the second takes another
 * free slot; every later crash of the same boot reuses the second one, so
 * the first is never overwritten.  A record that user space has not yet
 * collected (state NEW) is never overwritten by another boot either: when
 * no slot is free the crash is counted as missed, never stored over
 * evidence.
 *
 * "Free" is ranked, best first: an empty slot; a collected record (oldest
 * first); a damaged record (bad magic, crc, length ...); a torn record
 * (state WRITING, a capture that was itself interrupted), kept longest
 * because it is evidence of a crash inside the capture path.
 *
 * Panic-context: bc_slot_pick() is called on the crash path.  Bounded by
 * the slot count, no allocation.
 */
#include "bugcheck_slots.h"

static BC_NOTRACE int free_rank(const struct bc_slot_info *s)
{
	switch (s->valid) {
	case BUGCHECK_VALID_EMPTY:
		return 0;
	case BUGCHECK_VALID_OK:
	case BUGCHECK_VALID_BAD_TAIL:
		return s->state == BUGCHECK_STATE_COLLECTED ? 1 : -1;
	case BUGCHECK_VALID_TORN:
		return 3;
	default:
		return 2;
	}
}

/**
 * bc_slot_pick() - choose the slot for the next crash of this boot
 * @s:      what each slot holds
 * @n:      number of slots (<= BUGCHECK_MAX_SLOTS)
 * @first:  slot holding this boot's first crash, or -1
 * @latest: slot holding this boot's latest crash (not the first), or -1
 *
 * Returns a slot index, or -1 when the crash cannot be stored without
 * destroying an uncollected record or this boot's first crash.
 */
BC_NOTRACE int bc_slot_pick(const struct bc_slot_info *s, u32 n, int first,
			    int latest)
{
	int best = -1, best_rank = 4, r;
	u32 i;

	if (latest >= 0 && (u32)latest < n && latest != first)
		return latest;
	for (i = 0; i < n && i < BUGCHECK_MAX_SLOTS; i++) {
		if ((int)i == first)
			continue;
		r = free_rank(&s[i]);
		if (r < 0)
			continue;
		if (r < best_rank || (r == best_rank && r == 1 &&
				      s[i].wall_ns < s[best].wall_ns)) {
			best = i;
			best_rank = r;
		}
	}
	return best;
}
