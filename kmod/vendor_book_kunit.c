// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: vendor registration bookkeeping and quota arithmetic.
 */
#include <kunit/test.h>

#include "vendor_book.h"

static void bc_book_add_counts_and_reserves(struct kunit *test)
{
	struct bc_vendor_book b = { .reserve_max = 1 << 20 };

	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 100, 1000), 0);
	KUNIT_EXPECT_EQ(test, b.callbacks, 1U);
	KUNIT_EXPECT_EQ(test, b.used, 100U);
	/* 8 item header + 64 block header + 100 padded to 104 */
	KUNIT_EXPECT_EQ(test, b.reserved, 176U);
	KUNIT_EXPECT_EQ(test, bc_book_item_cost(1), 80U);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_TRIAGE, 64, 1000), 0);
	KUNIT_EXPECT_EQ(test, b.ranges, 1U);
	KUNIT_EXPECT_EQ(test, b.used, 164U);
	bc_book_remove(&b, BC_BOOK_CALLBACK, 100);
	bc_book_remove(&b, BC_BOOK_TRIAGE, 64);
	KUNIT_EXPECT_EQ(test, b.used, 0U);
	KUNIT_EXPECT_EQ(test, b.reserved, 0U);
	KUNIT_EXPECT_EQ(test, b.callbacks + b.ranges, 0U);
}

static void bc_book_add_enforces_total_quota(struct kunit *test)
{
	struct bc_vendor_book b = { .reserve_max = 1 << 20 };

	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 600, 1000), 0);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 401, 1000),
			-EDQUOT);
	/* The failed call left the book as it was. */
	KUNIT_EXPECT_EQ(test, b.callbacks, 1U);
	KUNIT_EXPECT_EQ(test, b.used, 600U);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 400, 1000), 0);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_TRIAGE, 1, 1000), -EDQUOT);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 2000, 1000),
			-EDQUOT);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 0, 1000),
			-EINVAL);
}

static void bc_book_add_refuses_seventeenth(struct kunit *test)
{
	struct bc_vendor_book b = { .reserve_max = 1 << 20 };
	int i;

	for (i = 0; i < BC_BOOK_MAX_CALLBACKS; i++)
		KUNIT_ASSERT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 8, 1 << 20), 0);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 8, 1 << 20),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, b.callbacks, 16U);
	/* Triage ranges have places of their own. */
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_TRIAGE, 8, 1 << 20), 0);
	bc_book_remove(&b, BC_BOOK_CALLBACK, 8);
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_CALLBACK, 8, 1 << 20), 0);
}

/*
 * Issue 13, defect 6: record_size=8192 log_bytes=4096 vendor_quota=3072 and
 * callbacks of 192 bytes.  The payloads fit the quota (16 x 192 = 3072),
 * but their items with headers did not fit the record: the primary
 * section's capacity wrapped around.  Registration must refuse the one
 * that would not fit, and what is reserved must always leave the primary
 * section its minimum.
 */
static void bc_book_add_keeps_primary_room(struct kunit *test)
{
	struct bc_vendor_book b = { .reserve_max = bc_book_reserve_max(8192) };
	u32 primary_cap;
	int i, ret = 0;

	KUNIT_ASSERT_GT(test, b.reserve_max, 0U);
	for (i = 0; i < BC_BOOK_MAX_CALLBACKS; i++) {
		ret = bc_book_add(&b, BC_BOOK_CALLBACK, 192, 3072);
		if (ret)
			break;
	}
	KUNIT_EXPECT_EQ(test, ret, -EDQUOT);
	KUNIT_EXPECT_LT(test, i, BC_BOOK_MAX_CALLBACKS);
	KUNIT_EXPECT_LE(test, b.reserved, b.reserve_max);
	/* What capture() gives the primary section: never wrapped. */
	primary_cap = 8192 - BC_TAIL_BASE_RESERVE - b.reserved;
	KUNIT_EXPECT_GE(test, primary_cap,
			(u32)sizeof(struct bugcheck_record_hdr) + BC_PRIMARY_MIN);
	KUNIT_EXPECT_LT(test, primary_cap, 8192U);
	/* A slot too small for anything affords no vendor bytes at all. */
	KUNIT_EXPECT_EQ(test, bc_book_reserve_max(1024), 0U);
	b.reserve_max = 0;
	b.reserved = 0;
	KUNIT_EXPECT_EQ(test, bc_book_add(&b, BC_BOOK_TRIAGE, 8, 1 << 20),
			-EDQUOT);
}

static struct kunit_case bc_vendor_book_cases[] = {
	KUNIT_CASE(bc_book_add_keeps_primary_room),
	KUNIT_CASE(bc_book_add_counts_and_reserves),
	KUNIT_CASE(bc_book_add_enforces_total_quota),
	KUNIT_CASE(bc_book_add_refuses_seventeenth),
	{}
};

static struct kunit_suite bc_vendor_book_suite = {
	.name = "bugcheck_vendor_book",
	.test_cases = bc_vendor_book_cases,
};

kunit_test_suites(&bc_vendor_book_suite);

MODULE_LICENSE("GPL");
