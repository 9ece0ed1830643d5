// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: slot policy (slots.c).
 */
#include <kunit/test.h>

#include "bugcheck_slots.h"

#define N 4

static void fill(struct bc_slot_info *s, u32 valid, u32 state, u64 wall)
{
	s->valid = valid;
	s->state = state;
	s->wall_ns = wall;
}

static void all(struct bc_slot_info *s, u32 valid, u32 state)
{
	int i;

	for (i = 0; i < N; i++)
		fill(&s[i], valid, state, 100 + i);
}

static void bc_slot_pick_first_empty(struct kunit *test)
{
	struct bc_slot_info s[N];

	all(s, BUGCHECK_VALID_EMPTY, BUGCHECK_STATE_EMPTY);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), 0);
}

static void bc_slot_pick_prefers_empty_then_oldest_collected(struct kunit *test)
{
	struct bc_slot_info s[N];

	all(s, BUGCHECK_VALID_OK, BUGCHECK_STATE_COLLECTED);
	fill(&s[2], BUGCHECK_VALID_EMPTY, BUGCHECK_STATE_EMPTY, 0);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), 2);
	fill(&s[2], BUGCHECK_VALID_OK, BUGCHECK_STATE_COLLECTED, 500);
	fill(&s[3], BUGCHECK_VALID_OK, BUGCHECK_STATE_COLLECTED, 50);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), 3);
}

static void bc_slot_pick_never_overwrites_uncollected(struct kunit *test)
{
	struct bc_slot_info s[N];

	all(s, BUGCHECK_VALID_OK, BUGCHECK_STATE_NEW);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), -1);
	/* A record whose tail is damaged is still an uncollected record. */
	fill(&s[1], BUGCHECK_VALID_BAD_TAIL, BUGCHECK_STATE_NEW, 1);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), -1);
}

static void bc_slot_pick_keeps_first_of_boot(struct kunit *test)
{
	struct bc_slot_info s[N];

	all(s, BUGCHECK_VALID_OK, BUGCHECK_STATE_NEW);
	fill(&s[0], BUGCHECK_VALID_EMPTY, BUGCHECK_STATE_EMPTY, 0);
	fill(&s[3], BUGCHECK_VALID_EMPTY, BUGCHECK_STATE_EMPTY, 0);
	/* Second crash: a free slot other than the first's. */
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, 0, -1), 3);
	/* Third and later crashes: the latest slot again, never the first. */
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, 0, 3), 3);
	/* Only the first's slot would be free: the crash is not stored. */
	fill(&s[3], BUGCHECK_VALID_OK, BUGCHECK_STATE_NEW, 9);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, 0, -1), -1);
}

static void bc_slot_pick_damaged_before_torn(struct kunit *test)
{
	struct bc_slot_info s[N];

	all(s, BUGCHECK_VALID_OK, BUGCHECK_STATE_NEW);
	fill(&s[1], BUGCHECK_VALID_TORN, BUGCHECK_STATE_WRITING, 0);
	fill(&s[2], BUGCHECK_VALID_BAD_CRC, BUGCHECK_STATE_NEW, 0);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), 2);
	fill(&s[2], BUGCHECK_VALID_OK, BUGCHECK_STATE_NEW, 0);
	KUNIT_EXPECT_EQ(test, bc_slot_pick(s, N, -1, -1), 1);
}

static struct kunit_case bc_slots_cases[] = {
	KUNIT_CASE(bc_slot_pick_first_empty),
	KUNIT_CASE(bc_slot_pick_prefers_empty_then_oldest_collected),
	KUNIT_CASE(bc_slot_pick_never_overwrites_uncollected),
	KUNIT_CASE(bc_slot_pick_keeps_first_of_boot),
	KUNIT_CASE(bc_slot_pick_damaged_before_torn),
	{}
};

static struct kunit_suite bc_slots_suite = {
	.name = "bugcheck_slots",
	.test_cases = bc_slots_cases,
};

kunit_test_suites(&bc_slots_suite);

MODULE_LICENSE("GPL");
