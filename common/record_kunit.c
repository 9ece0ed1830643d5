// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: record encoding, sealing, CRC and validation (record.c).
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "bugcheck_record.h"

#define REC_SIZE 8192

/* Build a sealed record with a few items; returns the primary length. */
static u32 build_record(u8 *buf, u32 size)
{
	struct bugcheck_record_hdr *h = (void *)buf;
	struct bc_writer w;
	static const u8 blob[100] = { 1, 2, 3 };

	memset(buf, 0, size);
	memcpy(h->magic, BUGCHECK_RECORD_MAGIC, 4);
	h->version = cpu_to_le16(BUGCHECK_RECORD_VERSION);
	h->hdr_size = cpu_to_le16(sizeof(*h));
	h->state = cpu_to_le32(BUGCHECK_STATE_NEW);
	h->seq = cpu_to_le64(7);
	bc_writer_init(&w, buf, size, sizeof(*h));
	bc_item_add_text(&w, BUGCHECK_ITEM_RELEASE, "6.1.0-test", 256);
	bc_item_add(&w, BUGCHECK_ITEM_REGS, 0, blob, sizeof(blob));
	bc_record_seal(buf, w.pos);
	return w.pos;
}

static void bc_crc32c_known_vector(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, bc_crc32c("123456789", 9), 0xe3069283U);
	KUNIT_EXPECT_EQ(test, bc_crc32c("", 0), 0U);
}

static void bc_item_add_pads_and_aligns(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct bugcheck_item *it = (void *)buf;
	struct bc_writer w;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0xaa, 64);
	bc_writer_init(&w, buf, 64, 0);
	KUNIT_EXPECT_EQ(test, bc_item_add(&w, 5, 0, "abc", 3), 0);
	KUNIT_EXPECT_EQ(test, w.pos, 16U);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(it->type), 5);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(it->len), 3U);
	KUNIT_EXPECT_EQ(test, buf[11], 0); /* padding zeroed */
	KUNIT_EXPECT_EQ(test, buf[15], 0);
}

static void bc_item_add_truncates_at_capacity(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 32, GFP_KERNEL);
	struct bugcheck_item *it = (void *)buf;
	char big[100];
	struct bc_writer w;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(big, 'x', sizeof(big));
	bc_writer_init(&w, buf, 32, 0);
	KUNIT_EXPECT_EQ(test, bc_item_add(&w, 1, 0, big, sizeof(big)), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(it->len), 24U);
	KUNIT_EXPECT_TRUE(test, le16_to_cpu(it->flags) & BUGCHECK_IF_TRUNCATED);
	KUNIT_EXPECT_EQ(test, w.pos, 32U);
	/* Nothing fits any more: refused, nothing written past the end. */
	KUNIT_EXPECT_EQ(test, bc_item_add(&w, 1, 0, "a", 1), -ENOSPC);
	KUNIT_EXPECT_TRUE(test, w.full);
}

static void bc_item_add_text_caps_length(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct bugcheck_item *it = (void *)buf;
	struct bc_writer w;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bc_writer_init(&w, buf, 64, 0);
	bc_item_add_text(&w, 3, "abcdefghij", 4);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(it->len), 4U);
	KUNIT_EXPECT_TRUE(test, le16_to_cpu(it->flags) & BUGCHECK_IF_TRUNCATED);
}

static void bc_record_check_accepts_sealed(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, REC_SIZE, GFP_KERNEL);
	struct bc_check c;
	u32 plen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	plen = build_record(buf, REC_SIZE);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_OK);
	KUNIT_EXPECT_EQ(test, c.primary_len, plen);
	KUNIT_EXPECT_EQ(test, c.tail_off, 0U);
}

static void bc_record_check_rejects_every_bit_flip(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, REC_SIZE, GFP_KERNEL);
	struct bc_check c;
	u32 plen, off, bit, ok = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	plen = build_record(buf, REC_SIZE);
	for (off = 0; off < plen; off++) {
		for (bit = 0; bit < 8; bit++) {
			buf[off] ^= 1U << bit;
			bc_record_check(buf, REC_SIZE, &c);
			if (c.valid == BUGCHECK_VALID_OK)
				ok++;
			buf[off] ^= 1U << bit;
		}
	}
	KUNIT_EXPECT_EQ(test, ok, 0U);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_OK);
}

static void bc_record_check_verdicts(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, REC_SIZE, GFP_KERNEL);
	struct bugcheck_record_hdr *h = (void *)buf;
	struct bc_check c;
	u32 plen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	plen = build_record(buf, REC_SIZE);

	h->state = cpu_to_le32(BUGCHECK_STATE_WRITING);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_TORN);
	h->state = cpu_to_le32(BUGCHECK_STATE_EMPTY);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_EMPTY);
	h->state = cpu_to_le32(BUGCHECK_STATE_COLLECTED);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_OK);

	h->version = cpu_to_le16(2);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_BAD_VERSION);
	h->version = cpu_to_le16(BUGCHECK_RECORD_VERSION);

	/* A record longer than the slot it claims to live in. */
	bc_record_check(buf, plen - 8, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_BAD_LENGTH);
	bc_record_check(buf, 16, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_BAD_LENGTH);
}

static void bc_tail_seal_and_damage(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, REC_SIZE, GFP_KERNEL);
	struct bc_writer w;
	struct bc_check c;
	u32 plen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	plen = build_record(buf, REC_SIZE);
	bc_writer_init(&w, buf, REC_SIZE,
		       plen + sizeof(struct bugcheck_tail_hdr));
	bc_item_add_text(&w, BUGCHECK_ITEM_PANIC, "Fatal exception", 256);
	bc_tail_seal(buf, plen, w.pos - plen, 0, 123);
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_OK);
	KUNIT_EXPECT_EQ(test, c.tail_off, plen);
	KUNIT_EXPECT_EQ(test, c.tail_len, w.pos - plen);

	/* A damaged tail never invalidates the primary record. */
	buf[w.pos - 1] ^= 0x40;
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_BAD_TAIL);
	KUNIT_EXPECT_EQ(test, c.primary_len, plen);
	buf[w.pos - 1] ^= 0x40;

	/* A bit flip in the tail magic is damage, not "no tail". */
	buf[plen] ^= 0x01;
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_BAD_TAIL);
	/* An all-zero tail header means there is no tail. */
	memset(buf + plen, 0, sizeof(struct bugcheck_tail_hdr));
	bc_record_check(buf, REC_SIZE, &c);
	KUNIT_EXPECT_EQ(test, c.valid, (u32)BUGCHECK_VALID_OK);
	KUNIT_EXPECT_EQ(test, c.tail_off, 0U);
}

static void bc_item_next_rejects_overrun(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct bugcheck_item *it = (void *)buf;
	const u8 *payload;
	u16 type, flags;
	u32 pos = 0, len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	it->type = cpu_to_le16(1);
	it->len = cpu_to_le32(57); /* 8 + 57 > 64 */
	KUNIT_EXPECT_EQ(test,
			bc_item_next(buf, 64, &pos, &type, &flags, &payload,
				     &len),
			-EBADMSG);
	it->len = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test,
			bc_item_next(buf, 64, &pos, &type, &flags, &payload,
				     &len),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, bc_items_check(buf, 0, 64), -EBADMSG);
}

static void bc_region_hdr_verdicts(struct kunit *test)
{
	struct bugcheck_region_hdr *h =
		kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_EQ(test, bc_region_hdr_check(h, 1 << 20, &why), -ENODATA);
	bc_region_hdr_init(h, 65536, 15, 1);
	KUNIT_EXPECT_EQ(test, bc_region_hdr_check(h, 1 << 20, &why), 0);
	/* Does not fit a smaller region. */
	KUNIT_EXPECT_EQ(test, bc_region_hdr_check(h, 1 << 19, &why), -ERANGE);
	h->slot_count = cpu_to_le32(14);
	KUNIT_EXPECT_EQ(test, bc_region_hdr_check(h, 1 << 20, &why), -EUCLEAN);
	bc_region_hdr_init(h, 65536, 15, 1);
	h->layout_version = cpu_to_le32(BUGCHECK_LAYOUT_VERSION + 1);
	h->hdr_crc = cpu_to_le32(bc_crc32c(h, offsetof(typeof(*h), hdr_crc)));
	KUNIT_EXPECT_EQ(test, bc_region_hdr_check(h, 1 << 20, &why), -EPROTO);
	KUNIT_EXPECT_NOT_NULL(test, why);
}

static struct kunit_case bc_record_cases[] = {
	KUNIT_CASE(bc_crc32c_known_vector),
	KUNIT_CASE(bc_item_add_pads_and_aligns),
	KUNIT_CASE(bc_item_add_truncates_at_capacity),
	KUNIT_CASE(bc_item_add_text_caps_length),
	KUNIT_CASE(bc_record_check_accepts_sealed),
	KUNIT_CASE(bc_record_check_rejects_every_bit_flip),
	KUNIT_CASE(bc_record_check_verdicts),
	KUNIT_CASE(bc_tail_seal_and_damage),
	KUNIT_CASE(bc_item_next_rejects_overrun),
	KUNIT_CASE(bc_region_hdr_verdicts),
	{}
};

static struct kunit_suite bc_record_suite = {
	.name = "bugcheck_record",
	.test_cases = bc_record_cases,
};

kunit_test_suites(&bc_record_suite);

MODULE_LICENSE("GPL");
