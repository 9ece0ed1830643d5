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

/**
 * struct bc_vendor_book - what the registrations take
 * @callbacks: registered callbacks
 * @ranges:    registered triage ranges
 * @used:      payload bytes promised (sum of quotas and range lengths),
 *             bounded by the vendor_quota parameter
 * @reserved:  tail bytes their items can take, headers and padding included
 */
struct bc_vendor_book {
	u32 callbacks;
	u32 ranges;
	u32 used;
	u32 reserved;
};

u32 bc_book_item_cost(u32 bytes);
int bc_book_add(struct bc_vendor_book *b, int kind, u32 bytes, u32 total);
void bc_book_remove(struct bc_vendor_book *b, int kind, u32 bytes);

#endif /* BUGCHECK_VENDOR_BOOK_H */
