/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vendor registration bookkeeping: counts and quota arithmetic.  Pure
 * logic, covered by KUnit.
 */
#ifndef BUGCHECK_VENDOR_BOOK_H
#define BUGCHECK_VENDOR_BOOK_H

#include "bugcheck_record.h"

#define BC_BOOK_CALLBACK	0
#define BC_BOOK_TRIAGE		1
#define BC_BOOK_MAX_CALLBACKS	16	/* = BUGCHECK_MAX_CALLBACKS */
#define BC_BOOK_MAX_TRIAGE	16	/* = BUGCHECK_MAX_TRIAGE */

/* Bytes of log printed between the primary capture and a later panic. */
#define BC_PANIC_LOG_MAX	4096
#define BC_TAIL_HDR		((u32)sizeof(struct bugcheck_tail_hdr))
/*
 * Tail bytes kept free for the follow-up panic of an oops: its message and
 * its compressed log lines (LZ4_COMPRESSBOUND() of BC_PANIC_LOG_MAX, from
 * include/linux/lz4.h).  Vendor blocks reserve theirs on top.
 */
#define BC_TAIL_BASE_RESERVE	(BC_TAIL_HDR + \
				 2 * sizeof(struct bugcheck_item) + \
				 BC_ALIGN8(BUGCHECK_TEXT_MAX) + \
				 sizeof(struct bugcheck_log) + \
				 BC_ALIGN8(BC_PANIC_LOG_MAX + \
					   BC_PANIC_LOG_MAX / 255 + 16))
/*
 * Room the primary section keeps whatever vendors register: header,
 * kernel names, message, registers, a stack of some twenty frames.
 */
#define BC_PRIMARY_MIN		2048

/**
 * struct bc_vendor_book - what the registrations take
 * @callbacks: registered callbacks
 * @ranges:    registered triage ranges
 * @used:      payload bytes promised (sum of quotas and range lengths),
 *             bounded by the vendor_quota parameter
 * @reserved:  tail bytes their items can take, headers and padding included
 * @reserve_max: most @reserved may grow to (bc_book_reserve_max()), so
 *             that the primary section keeps BC_PRIMARY_MIN bytes
 */
struct bc_vendor_book {
	u32 callbacks;
	u32 ranges;
	u32 used;
	u32 reserved;
	u32 reserve_max;
};

u32 bc_book_item_cost(u32 bytes);
u32 bc_book_reserve_max(u32 slot_size);
int bc_book_add(struct bc_vendor_book *b, int kind, u32 bytes, u32 total);
void bc_book_remove(struct bc_vendor_book *b, int kind, u32 bytes);

#endif /* BUGCHECK_VENDOR_BOOK_H */
