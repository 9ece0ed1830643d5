// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor registration bookkeeping (see vendor_book.h).
 */
#include "vendor_book.h"

/**
 * bc_book_item_cost() - record bytes one vendor block of @bytes can take
 * @bytes: quota or range length
 *
 * Item header, block header (vendor and triage headers are both 64
 * bytes) and the payload padded to 8.
 */
u32 bc_book_item_cost(u32 bytes)
{
	return sizeof(struct bugcheck_item) +
	       sizeof(struct bugcheck_vendor_block) + BC_ALIGN8(bytes);
}

/**
 * bc_book_reserve_max() - vendor tail bytes a slot of @slot_size affords
 * @slot_size: bytes per record
 *
 * What is left after the record header, the primary section's minimum
 * (BC_PRIMARY_MIN) and the follow-up panic's reserve; 0 if nothing is.
 */
u32 bc_book_reserve_max(u32 slot_size)
{
	u32 fixed = sizeof(struct bugcheck_record_hdr) + BC_PRIMARY_MIN +
		    BC_TAIL_BASE_RESERVE;

	return slot_size > fixed ? slot_size - fixed : 0;
}

/**
 * bc_book_add() - account for one more registration
 * @b:     the book
 * @kind:  BC_BOOK_CALLBACK or BC_BOOK_TRIAGE
 * @bytes: its quota or length (> 0)
 * @total: the vendor_quota limit on the sum of all payloads
 *
 * Returns 0, -ENOSPC when all places of that kind are taken, -EDQUOT when
 * @bytes does not fit in what is left of @total or its item (headers
 * included) not in what is left of @b->reserve_max, -EINVAL for 0 bytes.
 * The book is unchanged on error.
 */
int bc_book_add(struct bc_vendor_book *b, int kind, u32 bytes, u32 total)
{
	if (!bytes || bytes > total)
		return bytes ? -EDQUOT : -EINVAL;
	if (kind == BC_BOOK_CALLBACK ? b->callbacks >= BC_BOOK_MAX_CALLBACKS :
				       b->ranges >= BC_BOOK_MAX_TRIAGE)
		return -ENOSPC;
	if (b->used > total - bytes)
		return -EDQUOT;
	if (bc_book_item_cost(bytes) > b->reserve_max ||
	    b->reserved > b->reserve_max - bc_book_item_cost(bytes))
		return -EDQUOT;
	if (kind == BC_BOOK_CALLBACK)
		b->callbacks++;
	else
		b->ranges++;
	b->used += bytes;
	b->reserved += bc_book_item_cost(bytes);
	return 0;
}

/**
 * bc_book_remove() - undo bc_book_add()
 * @b:     the book
 * @kind:  as given to bc_book_add()
 * @bytes: as given to bc_book_add()
 */
void bc_book_remove(struct bc_vendor_book *b, int kind, u32 bytes)
{
	if (kind == BC_BOOK_CALLBACK)
		b->callbacks--;
	else
		b->ranges--;
	b->used -= bytes;
	b->reserved -= bc_book_item_cost(bytes);
}
