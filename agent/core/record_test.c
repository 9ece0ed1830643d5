// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the record decoder (agent/record.c), its JSON form and the
 * user-space CRC-32C.  Records are built with the module's own encoder
 * (kmod/record.c: bc_writer_*, bc_item_*, bc_record_seal, bc_tail_seal),
 * exactly as kmod/panic.c builds them; hostile variants are made by
 * damaging those bytes.
 *
 *   record_test                   run the tests, one "ok - ..." line each
 *   record_test --fixtures DIR    write test inputs for tests/suite-agent.sh
 *                                 and fuzz seeds (DIR/region.bin,
 *                                 DIR/record.bin, DIR/seeds/...)
 *
 * Exit status 0 when every case passed, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>
#include <lz4.h>
#include <zstd.h>

#include "json_record.h"
#include "record.h"

#define TAP_SUITE "record"
#include "tap.h"

#define SLOT 16384

static const char sample_log[] =
	"[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
	"[   12.345679] #PF: supervisor read access in kernel mode\n"
	"[   12.345680] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	"[   12.345681] CPU: 1 PID: 4242 Comm: insmod Tainted: G           O       6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   12.345682] RIP: 0010:crash_null+0x11/0x30 [bugcheck_crashtest]\n"
	"[   12.345683] Call Trace:\n"
	"[   12.345684]  <TASK>\n"
	"[   12.345685]  crash_write+0x44/0x80 [bugcheck_crashtest]\n"
	"[   12.345686]  vfs_write+0xc8/0x3f0\n"
	"[   12.345687]  ksys_write+0x5f/0xe0\n"
	"[   12.345688]  do_syscall_64+0x58/0xc0\n"
	"[   12.345689]  </TASK>\n";

static const uint8_t vendor_uuid[16] = {
	0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

/**
 * struct build - what build_record() should put in
 * @no_tail:     write no tail section
 * @log_codec:   BUGCHECK_CODEC_* for the log
 * @log_raw_len: if not 0, the raw_len to claim instead of the true one
 * @zstd_flip:   if not 0, flip bits of the zstd data at this offset
 *               (modulo its length)
 * @zstd_junk:   @zstd_junk_len bytes stored after the zstd frame
 * @zstd_split:  if not 0, the log as two zstd frames (as the module's
 *               precompressed path stores it): its first @zstd_split
 *               bytes, then the rest
 * @zstd_cut2:   bytes cut off the end of the second frame
 * @zstd_raw2:   the second frame holds its text as one raw block, as the
 *               module stores a G of a few lines (zstd_raw_frame())
 * @extra:       if not NULL, called to append more primary items
 */
struct build {
	bool no_tail;
	int log_codec;
	uint32_t log_raw_len;
	uint32_t zstd_flip;
	const void *zstd_junk;
	uint32_t zstd_junk_len;
	uint32_t zstd_split;
	uint32_t zstd_cut2;
	bool zstd_raw2;
	void (*extra)(struct bc_writer *w);
};

/*
 * A zstd frame of @len (< 65792) bytes at @src as one raw block, at @dst,
 * laid out as the module's zstd_raw_frame() writes it: magic, single
 * segment with a 1- or 2-byte content size, a last raw block.
 */
static size_t raw_frame(uint8_t *dst, const char *src, size_t len)
{
	size_t h = len < 256 ? 6 : 7;
	uint32_t bh = (uint32_t)len << 3 | 1;

	memcpy(dst, "\x28\xb5\x2f\xfd", 4);
	dst[4] = len < 256 ? 0x20 : 0x60;
	if (len < 256) {
		dst[5] = (uint8_t)len;
	} else {
		dst[5] = (uint8_t)(len - 256);
		dst[6] = (uint8_t)((len - 256) >> 8);
	}
	dst[h] = (uint8_t)bh;
	dst[h + 1] = (uint8_t)(bh >> 8);
	dst[h + 2] = (uint8_t)(bh >> 16);
	memcpy(dst + h + 3, src, len);
	return h + 3 + len;
}

struct built {
	uint32_t primary_len;
	uint32_t tail_len;
	uint32_t extent;
};

static uint32_t put_frame(uint8_t *dst, uint64_t addr, const char *name,
			  uint32_t off, uint32_t size, uint16_t mod)
{
	struct bugcheck_frame f = { 0 };
	uint32_t n = strlen(name);

	f.addr = htole64(addr);
	f.offset = htole32(off);
	f.size = htole32(size);
	f.module = htole16(mod);
	f.name_len = n;
	memcpy(dst, &f, sizeof(f));
	memcpy(dst + sizeof(f), name, n);
	memset(dst + sizeof(f) + n, 0, BUGCHECK_FRAME_SIZE(n) - sizeof(f) - n);
	return BUGCHECK_FRAME_SIZE(n);
}

/* Build a complete record, the way kmod/panic.c does, into @slot. */
static void build_record(uint8_t *slot, uint32_t size, const struct build *o,
			 struct built *out)
{
	struct bugcheck_record_hdr h = { 0 };
	struct bugcheck_regs_x86_64 regs;
	struct bugcheck_frames fh = { 0 };
	struct bugcheck_module m[2];
	struct bugcheck_vendor_block vb = { 0 };
	struct bugcheck_triage_block tb = { 0 };
	struct bugcheck_log lh = { 0 };
	struct bc_writer w;
	uint8_t *p, *q;
	uint64_t *r = (uint64_t *)&regs;
	uint32_t room, used, plen, tlen, i, raw = sizeof(sample_log) - 1;
	int clen;

	memset(slot, 0, size);
	memcpy(h.magic, BUGCHECK_RECORD_MAGIC, 4);
	h.version = htole16(BUGCHECK_RECORD_VERSION);
	h.hdr_size = htole16(sizeof(h));
	h.state = htole32(BUGCHECK_STATE_WRITING);
	for (i = 0; i < 16; i++)
		h.boot_id[i] = 0xa0 + i;
	h.seq = htole64(3);
	h.wall_ns = htole64(1700000000123456789ULL);
	h.uptime_ns = htole64(12345678901ULL);
	h.capture_ns = htole64(54321);
	h.taint = htole64(1ULL << 12 | 1ULL << 0);
	h.reason = htole32(BUGCHECK_REASON_OOPS);
	h.trapnr = htole32(14);
	h.error_code = htole64(2);
	h.cr2 = htole64(8);
	h.cpu = htole32(1);
	h.pid = htole32(4242);
	memcpy(h.comm, "insmod", 6);
	h.missed = htole32(1);
	h.flags = htole32(BUGCHECK_RF_PANICKED | BUGCHECK_RF_HAVE_REGS);
	memcpy(slot, &h, sizeof(h));

	bc_writer_init(&w, slot, size, sizeof(h));
	bc_item_add_text(&w, BUGCHECK_ITEM_RELEASE, "6.1.0-18-amd64",
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_KVERSION,
			 "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MACHINE, "x86_64",
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MESSAGE, "Oops", BUGCHECK_TEXT_MAX);
	for (i = 0; i < BC_REC_NREGS; i++)
		r[i] = htole64(0x1111111111111111ULL * (i % 15 + 1));
	bc_item_add(&w, BUGCHECK_ITEM_REGS, 0, &regs, sizeof(regs));

	p = bc_item_reserve(&w, BUGCHECK_ITEM_FRAMES, 1024, &room);
	used = sizeof(fh);
	used += put_frame(p + used, 0xffffffffc0a01011ULL, "crash_null", 0x11,
			  0x30, 0);
	used += put_frame(p + used, 0xffffffffc0a01044ULL, "crash_write", 0x44,
			  0x80, 0);
	used += put_frame(p + used, 0xffffffff81234567ULL, "vfs_write", 0xc8,
			  0x3f0, BUGCHECK_MODULE_NONE);
	used += put_frame(p + used, 0xffffffff81000001ULL, "", 0, 0,
			  BUGCHECK_MODULE_NONE);
	fh.count = htole16(4);
	fh.flags = htole16(BUGCHECK_FF_FROM_REGS);
	fh.total = htole32(9);
	memcpy(p, &fh, sizeof(fh));
	bc_item_commit(&w, used, 0);

	memset(m, 0, sizeof(m));
	m[0].base = htole64(0xffffffffc0a00000ULL);
	m[0].size = htole32(0x3000);
	m[0].taints = htole32(1U << 12);
	m[0].id_kind = BUGCHECK_MODID_SRCVERSION;
	m[0].id_len = 23;
	strcpy(m[0].name, "bugcheck_crashtest");
	strcpy(m[0].version, "1.0");
	memcpy(m[0].id, "0123456789ABCDEF0123456", 23);
	m[1].id_kind = BUGCHECK_MODID_BUILD_ID;
	m[1].id_len = 4;
	strcpy(m[1].name, "other");
	memcpy(m[1].id, "\xde\xad\xbe\xef", 4);
	bc_item_add(&w, BUGCHECK_ITEM_MODULES, 0, m, sizeof(m));

	/*
	 * The log, compressed with liblz4 like the module's LZ4_compress_fast,
	 * or with libzstd at level 1 into one frame, like the module's
	 * zstd_compress_cctx().  @log_zstd_extra bytes of @log_zstd_junk
	 * follow the frame.
	 */
	p = bc_item_reserve(&w, BUGCHECK_ITEM_LOG,
			    sizeof(lh) + LZ4_compressBound(raw) +
				    ZSTD_compressBound(raw) + 64,
			    &room);
	q = p + sizeof(lh);
	if (o->log_codec == BUGCHECK_CODEC_LZ4) {
		clen = LZ4_compress_default(sample_log, (char *)q, raw,
					    room - sizeof(lh));
	} else if (o->log_codec == BUGCHECK_CODEC_ZSTD && o->zstd_split) {
		size_t c1, c2;

		c1 = ZSTD_compress(q, room - sizeof(lh), sample_log,
				   o->zstd_split, 6);
		if (ZSTD_isError(c1))
			exit(1);
		if (o->zstd_raw2)
			c2 = raw_frame(q + c1, sample_log + o->zstd_split,
				       raw - o->zstd_split);
		else
			c2 = ZSTD_compress(q + c1, room - sizeof(lh) - c1,
					   sample_log + o->zstd_split,
					   raw - o->zstd_split, 1);
		if (ZSTD_isError(c2) || o->zstd_cut2 >= c2)
			exit(1);
		clen = (int)(c1 + c2 - o->zstd_cut2);
	} else if (o->log_codec == BUGCHECK_CODEC_ZSTD) {
		clen = (int)ZSTD_compress(q, room - sizeof(lh), sample_log, raw,
					  1);
		if (ZSTD_isError((size_t)clen))
			exit(1);
		if (o->zstd_flip)
			q[o->zstd_flip % clen] ^= 0x5a;
		if (o->zstd_junk_len) {
			memcpy(q + clen, o->zstd_junk, o->zstd_junk_len);
			clen += o->zstd_junk_len;
		}
	} else {
		memcpy(q, sample_log, raw);
		clen = raw;
	}
	lh.codec = htole16(o->log_codec);
	lh.raw_len = htole32(o->log_raw_len ? o->log_raw_len : raw);
	lh.stored_len = htole32(clen);
	memcpy(p, &lh, sizeof(lh));
	bc_item_commit(&w, sizeof(lh) + clen, 0);

	/* An item type this decoder does not know: skipped and counted. */
	bc_item_add(&w, 99, 0, "future", 6);
	if (o->extra)
		o->extra(&w);

	plen = w.pos;
	bc_record_seal(slot, plen);
	h.state = htole32(BUGCHECK_STATE_NEW);
	memcpy(slot + offsetof(struct bugcheck_record_hdr, state), &h.state, 4);
	out->primary_len = plen;
	out->tail_len = 0;
	out->extent = plen;
	if (o->no_tail)
		return;

	bc_writer_init(&w, slot, size, plen + sizeof(struct bugcheck_tail_hdr));
	bc_item_add_text(&w, BUGCHECK_ITEM_PANIC,
			 "Fatal exception in interrupt", BUGCHECK_TEXT_MAX);
	p = bc_item_reserve(&w, BUGCHECK_ITEM_PANIC_LOG, 256, &room);
	memset(&lh, 0, sizeof(lh));
	lh.codec = htole16(BUGCHECK_CODEC_NONE);
	lh.raw_len = lh.stored_len = htole32(20);
	memcpy(p, &lh, sizeof(lh));
	memcpy(p + sizeof(lh), "[   13.0] Kernel pa\n", 20);
	bc_item_commit(&w, sizeof(lh) + 20, 0);
	memcpy(vb.uuid, vendor_uuid, 16);
	strcpy(vb.name, "nicfw");
	vb.quota = htole32(64);
	vb.len = htole32(5);
	p = bc_item_reserve(&w, BUGCHECK_ITEM_VENDOR, sizeof(vb) + 5, &room);
	memcpy(p, &vb, sizeof(vb));
	memcpy(p + sizeof(vb), "\x01\x02\x03\x04\xff", 5);
	bc_item_commit(&w, sizeof(vb) + 5, BUGCHECK_IF_TRUNCATED);
	memcpy(tb.uuid, vendor_uuid, 16);
	strcpy(tb.name, "ring");
	tb.addr = htole64(0xffff888012345678ULL);
	tb.len = htole32(3);
	tb.status = htole32(0);
	p = bc_item_reserve(&w, BUGCHECK_ITEM_TRIAGE, sizeof(tb) + 3, &room);
	memcpy(p, &tb, sizeof(tb));
	memcpy(p + sizeof(tb), "abc", 3);
	bc_item_commit(&w, sizeof(tb) + 3, 0);
	tlen = w.pos - plen;
	bc_tail_seal(slot, plen, tlen, BUGCHECK_TF_QUOTA_CUT, 777);
	out->tail_len = tlen;
	out->extent = plen + tlen;
}

static const struct build default_build = { .log_codec = BUGCHECK_CODEC_LZ4 };

static struct bc_record *decode(const void *buf, size_t len)
{
	struct bc_record *r = NULL;

	if (bc_record_decode(buf, len, &r)) {
		printf("# bc_record_decode failed\n");
		exit(1);
	}
	return r;
}

static void test_roundtrip(void)
{
	static uint8_t slot[SLOT];
	struct built b;
	struct bc_record *r;
	char buf[64];

	build_record(slot, SLOT, &default_build, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	CHECK(!strcmp(bc_rec_status_str(r), "ok"));
	CHECK(r->primary_ok);
	CHECK(r->state == BUGCHECK_STATE_NEW);
	CHECK(r->stored_bytes == b.extent);
	CHECK(r->primary_len == b.primary_len);
	CHECK(r->version == BUGCHECK_RECORD_VERSION && r->hdr_size == 192);
	CHECK(r->boot_id[0] == 0xa0 && r->boot_id[15] == 0xaf);
	bc_rec_boot_id_str(r->boot_id, buf, sizeof(buf));
	CHECK(!strcmp(buf, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"));
	CHECK(r->seq == 3);
	CHECK(r->wall_ns == 1700000000123456789ULL);
	bc_rec_time_str(r->wall_ns, buf, sizeof(buf));
	CHECK(!strcmp(buf, "2023-11-14T22:13:20.123456789Z"));
	CHECK(r->uptime_ns == 12345678901ULL && r->capture_ns == 54321);
	CHECK(r->reason == BUGCHECK_REASON_OOPS);
	CHECK(!strcmp(bc_rec_reason_str(r->reason), "oops"));
	CHECK(r->trapnr == 14 && r->error_code == 2 && r->cr2 == 8);
	CHECK(r->cpu == 1 && r->pid == 4242 && r->missed == 1);
	CHECK(!strcmp(r->comm, "insmod"));
	CHECK(r->flags == (BUGCHECK_RF_PANICKED | BUGCHECK_RF_HAVE_REGS));
	bc_rec_taint_str(r->taint, buf, sizeof(buf));
	CHECK(!strcmp(buf, "P           O      "));
	CHECK(r->release.present && !strcmp(r->release.s, "6.1.0-18-amd64"));
	CHECK(!strcmp(r->kversion.s,
		      "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"));
	CHECK(!strcmp(r->machine.s, "x86_64"));
	CHECK(!strcmp(r->message.s, "Oops") && !r->message.truncated);
	CHECK(r->have_regs);
	CHECK(r->regs[0] == 0x1111111111111111ULL); /* r15 */
	CHECK(r->regs[16] == 0x2222222222222222ULL); /* ip */
	CHECK(!strcmp(bc_rec_reg_name(16), "ip"));
	CHECK(r->have_frames && r->nframes == 4 && r->frames_total == 9);
	CHECK(r->frames_flags == BUGCHECK_FF_FROM_REGS);
	CHECK(!strcmp(r->frames[0].symbol, "crash_null"));
	CHECK(r->frames[0].offset == 0x11 && r->frames[0].size == 0x30);
	CHECK(r->frames[0].addr == 0xffffffffc0a01011ULL);
	CHECK(!strcmp(bc_rec_module_name(r, r->frames[1].module),
		      "bugcheck_crashtest"));
	CHECK(r->frames[2].module == BUGCHECK_MODULE_NONE);
	CHECK(!strcmp(r->frames[2].symbol, "vfs_write"));
	CHECK(r->frames[3].symbol[0] == '\0');
	CHECK(r->nmodules == 2);
	CHECK(!strcmp(r->modules[0].name, "bugcheck_crashtest"));
	CHECK(!strcmp(r->modules[0].version, "1.0"));
	CHECK(!strcmp(r->modules[0].id, "0123456789ABCDEF0123456"));
	CHECK(r->modules[0].size == 0x3000);
	CHECK(r->modules[0].base == 0xffffffffc0a00000ULL);
	CHECK(!strcmp(r->modules[1].id, "deadbeef"));
	CHECK(r->log.present && r->log.ok);
	CHECK(r->log.codec == BUGCHECK_CODEC_LZ4);
	CHECK(r->log.stored_len < r->log.raw_len);
	CHECK(r->log.len == sizeof(sample_log) - 1);
	CHECK(r->log.text && !strcmp(r->log.text, sample_log));
	CHECK(r->unknown_items == 1);
	CHECK(r->nerrors == 0);
	CHECK(r->tail.present && r->tail.ok);
	CHECK(r->tail.offset == b.primary_len && r->tail.len == b.tail_len);
	CHECK(r->tail.flags == BUGCHECK_TF_QUOTA_CUT);
	/* Every tail flag the module sets has a name. */
	CHECK(!strcmp(bc_rec_tail_flag_str(0), "vendor-fault") &&
	      !strcmp(bc_rec_tail_flag_str(1), "quota-cut") &&
	      !strcmp(bc_rec_tail_flag_str(2), "vendor-timeout") &&
	      !strcmp(bc_rec_tail_flag_str(3), "vendor-skipped") &&
	      BUGCHECK_TF_VENDOR_TIMEOUT == 1u << 2 &&
	      BUGCHECK_TF_VENDOR_SKIPPED == 1u << 3);
	CHECK(r->tail.capture_ns == 777);
	CHECK(!strcmp(r->tail.panic.s, "Fatal exception in interrupt"));
	CHECK(r->tail.panic_log.ok &&
	      !strcmp(r->tail.panic_log.text, "[   13.0] Kernel pa\n"));
	CHECK(r->tail.nvendor == 1 && r->tail.ntriage == 1);
	CHECK(!strcmp(r->tail.vendor[0].uuid,
		      "12345678-9abc-def0-0123-456789abcdef"));
	CHECK(!strcmp(r->tail.vendor[0].name, "nicfw"));
	CHECK(r->tail.vendor[0].quota == 64 && r->tail.vendor[0].len == 5);
	CHECK(r->tail.vendor[0].item_flags & BUGCHECK_IF_TRUNCATED);
	CHECK(!memcmp(r->tail.vendor[0].data, "\x01\x02\x03\x04\xff", 5));
	CHECK(!strcmp(r->tail.triage[0].name, "ring"));
	CHECK(r->tail.triage[0].addr == 0xffff888012345678ULL);
	CHECK(r->tail.triage[0].len == 3 &&
	      !memcmp(r->tail.triage[0].data, "abc", 3));
	bc_record_free(r);

	/* The record alone (what READ returns) decodes the same. */
	r = decode(slot, b.extent);
	CHECK(r->valid == BUGCHECK_VALID_OK && r->tail.ok);
	CHECK(r->stored_bytes == b.extent);
	bc_record_free(r);
	done("round trip of every item type through the module's encoder");
}

static void test_uncompressed_no_tail(void)
{
	static uint8_t slot[SLOT];
	struct build o = { .no_tail = true, .log_codec = BUGCHECK_CODEC_NONE };
	struct built b;
	struct bc_record *r;

	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	CHECK(!r->tail.present);
	CHECK(r->stored_bytes == b.primary_len);
	CHECK(r->log.ok && r->log.codec == BUGCHECK_CODEC_NONE);
	CHECK(r->log.text && !strcmp(r->log.text, sample_log));
	bc_record_free(r);
	/* Exactly the primary section, as READ returns it. */
	r = decode(slot, b.primary_len);
	CHECK(r->valid == BUGCHECK_VALID_OK && !r->tail.present);
	bc_record_free(r);
	done("uncompressed log, record without a tail");
}

static void set32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void test_verdicts(void)
{
	static uint8_t slot[SLOT], bad[SLOT];
	const uint32_t st = offsetof(struct bugcheck_record_hdr, state);
	struct built b;
	struct bc_record *r;
	struct {
		const char *what;
		uint32_t valid;
	} * t, cases[] = {
		{ "empty", BUGCHECK_VALID_EMPTY },
		{ "torn", BUGCHECK_VALID_TORN },
		{ "bad-magic", BUGCHECK_VALID_BAD_MAGIC },
		{ "bad-version", BUGCHECK_VALID_BAD_VERSION },
		{ "bad-length", BUGCHECK_VALID_BAD_LENGTH },
		{ "bad-crc", BUGCHECK_VALID_BAD_CRC },
		{ "bad-state", BUGCHECK_VALID_BAD_STATE },
		{ "bad-tail", BUGCHECK_VALID_BAD_TAIL },
		{ NULL, 0 },
	};

	build_record(slot, SLOT, &default_build, &b);
	for (t = cases; t->what; t++) {
		memcpy(bad, slot, SLOT);
		switch (t->valid) {
		case BUGCHECK_VALID_EMPTY:
			memset(bad, 0, SLOT);
			break;
		case BUGCHECK_VALID_TORN:
			set32(bad + st, BUGCHECK_STATE_WRITING);
			break;
		case BUGCHECK_VALID_BAD_MAGIC:
			bad[0] = 'X';
			break;
		case BUGCHECK_VALID_BAD_VERSION:
			bad[4] = 2;
			break;
		case BUGCHECK_VALID_BAD_LENGTH:
			set32(bad + offsetof(struct bugcheck_record_hdr,
					     primary_len),
			      SLOT + 8);
			break;
		case BUGCHECK_VALID_BAD_CRC:
			bad[b.primary_len / 2] ^= 0x40;
			break;
		case BUGCHECK_VALID_BAD_STATE:
			set32(bad + st, 0x12345678);
			break;
		case BUGCHECK_VALID_BAD_TAIL:
			bad[b.primary_len + b.tail_len - 3] ^= 1;
			break;
		}
		r = decode(bad, SLOT);
		if (r->valid != t->valid)
			printf("# %s: got verdict %s\n", t->what,
			       bc_valid_str(r->valid));
		CHECK(r->valid == t->valid);
		CHECK(!strcmp(bc_valid_str(r->valid), t->what));
		CHECK(!strcmp(bc_rec_status_str(r), "corrupt"));
		CHECK(r->stored_bytes == SLOT);
		if (t->valid == BUGCHECK_VALID_BAD_TAIL) {
			/* The primary section is still decoded. */
			CHECK(r->primary_ok);
			CHECK(!strcmp(r->release.s, "6.1.0-18-amd64"));
			CHECK(r->log.ok && r->nframes == 4);
			CHECK(r->tail.present && !r->tail.ok);
			CHECK(!r->tail.panic.present && !r->tail.nvendor);
		} else {
			CHECK(!r->primary_ok);
			CHECK(!r->release.present && !r->log.present &&
			      !r->nframes && !r->have_regs);
		}
		bc_record_free(r);
	}
	done("every bugcheck_valid verdict from targeted damage");
}

static void test_truncated(void)
{
	static uint8_t slot[SLOT];
	struct built b;
	struct bc_record *r;
	size_t cut[] = { 0, 1, 100, 191, 192, 300 };
	size_t i;

	build_record(slot, SLOT, &default_build, &b);
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		r = decode(slot, cut[i]);
		CHECK(r->valid == BUGCHECK_VALID_BAD_LENGTH);
		CHECK(!r->primary_ok);
		bc_record_free(r);
	}
	/* Cut inside the primary, then inside the tail. */
	r = decode(slot, b.primary_len - 8);
	CHECK(r->valid == BUGCHECK_VALID_BAD_LENGTH);
	bc_record_free(r);
	r = decode(slot, b.primary_len + b.tail_len - 8);
	CHECK(r->valid == BUGCHECK_VALID_BAD_TAIL && r->primary_ok);
	bc_record_free(r);
	r = decode(NULL, 0);
	CHECK(r->valid == BUGCHECK_VALID_BAD_LENGTH);
	bc_record_free(r);
	done("truncated slots are bad-length (or bad-tail past the primary)");
}

/*
 * Flip every bit of the record, one at a time, in a full slot: the record
 * must never come back as ok.  Without a tail, the zeroed tail magic
 * behind the primary is flipped too, because a damaged magic would
 * otherwise hide a tail.
 */
static int flip_all(const uint8_t *slot, uint32_t extent, unsigned int *okc)
{
	static uint8_t bad[SLOT];
	struct bc_check c;
	uint32_t i, bit;
	int bad_ok = 0;

	memcpy(bad, slot, SLOT);
	for (i = 0; i < extent; i++) {
		for (bit = 0; bit < 8; bit++) {
			bad[i] ^= 1U << bit;
			/* The shared validator alone, then the decoder. */
			bc_record_check(bad, SLOT, &c);
			if (c.valid == BUGCHECK_VALID_OK) {
				struct bc_record *r = decode(bad, SLOT);

				if (r->valid == BUGCHECK_VALID_OK) {
					if (bad_ok++ < 5)
						printf("# flip of bit %u at offset %u still ok\n",
						       bit, i);
				}
				bc_record_free(r);
				(*okc)++;
			}
			bad[i] ^= 1U << bit;
		}
	}
	return bad_ok;
}

static void test_bit_flips(void)
{
	static uint8_t slot[SLOT];
	struct build nt = { .no_tail = true, .log_codec = BUGCHECK_CODEC_LZ4 };
	unsigned int okc = 0;
	struct built b;

	build_record(slot, SLOT, &default_build, &b);
	CHECK(flip_all(slot, b.extent, &okc) == 0);
	/* No tail: the record plus the zeroed tail magic behind it. */
	build_record(slot, SLOT, &nt, &b);
	CHECK(flip_all(slot, b.extent + 4, &okc) == 0);
	printf("# %u single-bit flips passed bc_record_check() but not the decoder\n",
	       okc);
	done("no single bit flip anywhere in a record decodes as ok");
}

static void bomb_extra_nothing(struct bc_writer *w)
{
	(void)w;
}

static void test_lz4_bombs(void)
{
	static uint8_t slot[SLOT];
	struct build o = default_build;
	struct built b;
	struct bc_record *r;
	uint32_t lies[] = { 0xffffffffU, BC_REC_LOG_MAX + 1, 1U << 30 };
	size_t i;

	o.extra = bomb_extra_nothing;
	/* raw_len far above the cap: refused before any allocation. */
	for (i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		o.log_raw_len = lies[i];
		build_record(slot, SLOT, &o, &b);
		r = decode(slot, SLOT);
		CHECK(r->valid == BUGCHECK_VALID_OK);
		CHECK(r->log.present && !r->log.ok && !r->log.text);
		CHECK(strstr(r->log.error, "cap") != NULL);
		bc_record_free(r);
	}
	/* raw_len below the truth: LZ4 must stop at the output bound. */
	o.log_raw_len = 100;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.present && !r->log.ok && !r->log.text);
	CHECK(strstr(r->log.error, "corrupt LZ4") != NULL);
	bc_record_free(r);
	/* raw_len above the truth (within the cap): a length mismatch. */
	o.log_raw_len = sizeof(sample_log) + 1000;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.present && !r->log.ok);
	CHECK(strlen(r->log.error) > 0);
	bc_record_free(r);
	/* Uncompressed with raw_len != stored_len. */
	o.log_codec = BUGCHECK_CODEC_NONE;
	o.log_raw_len = 5;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.present && !r->log.ok);
	bc_record_free(r);
	/* An unknown codec. */
	o.log_codec = 7;
	o.log_raw_len = 0;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.present && !r->log.ok &&
	      strstr(r->log.error, "codec") != NULL);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	bc_record_free(r);
	done("LZ4 bombs and lying raw_len are refused, record stays decodable");
}

/* A zstd log (codec 2, what the module writes now) decodes like LZ4's. */
static void test_zstd(void)
{
	static uint8_t slot[SLOT];
	struct build o = { .log_codec = BUGCHECK_CODEC_ZSTD };
	struct json_object *o2, *li, *c;
	struct built b;
	struct bc_record *r;

	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK && r->log.ok);
	CHECK(r->log.codec == BUGCHECK_CODEC_ZSTD);
	CHECK(r->log.stored_len < r->log.raw_len);
	CHECK(r->log.text && !strcmp(r->log.text, sample_log));
	CHECK(r->nerrors == 0 && r->nframes == 4);
	o2 = bc_json_record(r);
	CHECK(o2 && json_object_object_get_ex(o2, "log_info", &li) &&
	      json_object_object_get_ex(li, "codec", &c) &&
	      !strcmp(json_object_get_string(c), "zstd"));
	json_object_put(o2);
	bc_record_free(r);
	done("zstd log decodes to the same text");
}

/*
 * Two frames, as the module's precompressed path stores the log: F (the
 * older text, compressed by the read-ahead work) then G (the records
 * printed after it).  They decode to the text in one piece; a truncated
 * G, or content sizes that disagree with raw_len, are refused.
 */
static void test_zstd_two_frames(void)
{
	static uint8_t slot[SLOT];
	struct build o = { .log_codec = BUGCHECK_CODEC_ZSTD };
	uint32_t raw = sizeof(sample_log) - 1;
	struct built b;
	struct bc_record *r;

	o.zstd_split = raw / 3 * 2;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK && r->log.ok);
	CHECK(r->log.len == raw && !strcmp(r->log.text, sample_log));
	CHECK(r->nerrors == 0);
	bc_record_free(r);
	/* G cut short by 1 and by 5 bytes. */
	o.zstd_cut2 = 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK && !r->log.ok && !r->log.text);
	CHECK(strstr(r->log.error, "frame 2") != NULL);
	bc_record_free(r);
	o.zstd_cut2 = 5;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "frame 2") != NULL);
	bc_record_free(r);
	o.zstd_cut2 = 0;
	/* raw_len below both frames' content, between, and above. */
	o.log_raw_len = raw - 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "more than") != NULL);
	bc_record_free(r);
	o.log_raw_len = o.zstd_split - 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "more than") != NULL);
	bc_record_free(r);
	o.log_raw_len = raw + 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "raw_len says") != NULL);
	CHECK(!r->log.text);
	bc_record_free(r);
	/* A one-byte first frame, then the rest of the log. */
	o.log_raw_len = 0;
	o.zstd_split = 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.ok && !strcmp(r->log.text, sample_log));
	bc_record_free(r);
	/* G stored raw: 100 bytes (1-byte size), 300 bytes (2-byte size). */
	o.zstd_raw2 = true;
	o.zstd_split = raw - 100;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.ok && r->log.len == raw &&
	      !strcmp(r->log.text, sample_log));
	bc_record_free(r);
	o.zstd_split = raw - 300;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.ok && r->log.len == raw &&
	      !strcmp(r->log.text, sample_log));
	bc_record_free(r);
	/* ... and cut short by a byte. */
	o.zstd_cut2 = 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "frame 2") != NULL);
	bc_record_free(r);
	done("zstd log of two frames decodes in one piece (G compressed or one raw block); a cut second frame or lying sizes are refused");
}

static void test_zstd_bombs(void)
{
	static const uint8_t second[] = {
		/* An empty zstd frame: magic, FHD (single segment), raw block */
		0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00,
	};
	static uint8_t slot[SLOT];
	struct build o = { .log_codec = BUGCHECK_CODEC_ZSTD };
	struct built b;
	struct bc_record *r;
	uint32_t flip, bad = 0, tries = 0;

	/* raw_len below and above the frame's content size. */
	o.log_raw_len = 100;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	CHECK(r->log.present && !r->log.ok && !r->log.text);
	CHECK(strstr(r->log.error, "zstd") != NULL);
	bc_record_free(r);
	o.log_raw_len = sizeof(sample_log) + 1000;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.present && !r->log.ok && !r->log.text);
	bc_record_free(r);
	o.log_raw_len = 0xffffffffU;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "cap") != NULL);
	bc_record_free(r);
	o.log_raw_len = 0;
	/* Junk after the frame, or a truncated second frame. */
	o.zstd_junk = "junk";
	o.zstd_junk_len = 4;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "not a zstd frame") != NULL);
	bc_record_free(r);
	o.zstd_junk = second;
	o.zstd_junk_len = sizeof(second) - 1;
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(!r->log.ok && strstr(r->log.error, "frame 2") != NULL);
	bc_record_free(r);
	/* A whole empty second frame: a valid stream, same content. */
	o.zstd_junk_len = sizeof(second);
	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->log.ok && r->log.text && !strcmp(r->log.text, sample_log));
	bc_record_free(r);
	/* A skippable frame (magic 0x184D2A50) is not log text. */
	{
		static const uint8_t skip[] = { 0x50, 0x2a, 0x4d, 0x18,
						0x00, 0x00, 0x00, 0x00 };

		o.zstd_junk = skip;
		o.zstd_junk_len = sizeof(skip);
		build_record(slot, SLOT, &o, &b);
		r = decode(slot, SLOT);
		CHECK(!r->log.ok &&
		      strstr(r->log.error, "not a zstd frame") != NULL);
		bc_record_free(r);
	}
	/* More than BC_ZSTD_FRAMES_MAX (8) frames, empty ones after the log. */
	{
		static uint8_t many[8 * sizeof(second)];
		unsigned int k;

		for (k = 0; k < 8; k++)
			memcpy(many + k * sizeof(second), second,
			       sizeof(second));
		o.zstd_junk = many;
		o.zstd_junk_len = sizeof(many);
		build_record(slot, SLOT, &o, &b);
		r = decode(slot, SLOT);
		CHECK(!r->log.ok && strstr(r->log.error, "frames") != NULL);
		bc_record_free(r);
	}
	o.zstd_junk_len = 0;
	/*
	 * Corrupt frames behind a valid CRC: each byte flipped in turn.
	 * The record stays decodable and the log is refused with an error,
	 * or (a flip inside literals: the module writes no frame checksum)
	 * decodes to exactly raw_len bytes, never more.
	 */
	for (flip = 1; flip < 400; flip++) {
		o.zstd_flip = flip;
		build_record(slot, SLOT, &o, &b);
		r = decode(slot, SLOT);
		tries++;
		CHECK(r->valid == BUGCHECK_VALID_OK && r->nframes == 4);
		if (!r->log.ok) {
			bad++;
			CHECK(r->log.error[0] && !r->log.text);
		} else {
			CHECK(r->log.len == sizeof(sample_log) - 1);
		}
		bc_record_free(r);
	}
	printf("# %u of %u corrupted zstd logs refused\n", bad, tries);
	CHECK(bad > 0);
	done("zstd bombs, junk, lying raw_len and corrupt frames are refused");
}

/* Hostile payloads inside a record whose CRC is valid. */
static void hostile_items(struct bc_writer *w)
{
	uint8_t buf[600];
	struct bugcheck_frames fh = { 0 };
	struct bugcheck_log lh = { 0 };
	char text[300];

	/* Duplicate frames item: 1000 frames claimed, two present. */
	memset(buf, 0, sizeof(buf));
	fh.count = htole16(1000);
	memcpy(buf, &fh, sizeof(fh));
	put_frame(buf + 8, 1, "a", 0, 0, 0);
	bc_item_add(w, BUGCHECK_ITEM_FRAMES, 0, buf, 40);
	/* Short regs, modules with a partial entry, log header only. */
	bc_item_add(w, BUGCHECK_ITEM_REGS, 0, buf, 16);
	bc_item_add(w, BUGCHECK_ITEM_LOG, 0, &lh, 8);
	/* A message longer than BUGCHECK_TEXT_MAX with bytes to sanitise. */
	memset(text, 'x', sizeof(text));
	memcpy(text, "bad\x01\xff\xc3\xa9\x00z", 9);
	bc_item_add(w, 100, 0, text, sizeof(text));
	bc_item_add(w, BUGCHECK_ITEM_VENDOR, 0, buf, 10);
}

static void test_hostile_payloads(void)
{
	static uint8_t slot[SLOT];
	struct build o = { .no_tail = true,
			   .log_codec = BUGCHECK_CODEC_LZ4,
			   .extra = hostile_items };
	struct built b;
	struct bc_record *r;

	build_record(slot, SLOT, &o, &b);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	/* First frames/regs/log items win; duplicates are counted. */
	CHECK(r->nframes == 4 && r->have_regs && r->log.ok);
	CHECK(r->dropped >= 3);
	/* 99 and 100, and a tail-only VENDOR item in the primary. */
	CHECK(r->unknown_items == 3);
	CHECK(r->nerrors >= 3);
	bc_record_free(r);

	done("hostile items inside a valid CRC: bounded, counted, reported");
}

static void only_hostile(struct bc_writer *w)
{
	uint8_t buf[64];
	struct bugcheck_frames fh = { 0 };
	char text[300];

	memset(text, 'x', sizeof(text));
	memcpy(text, "bad\x01\xff\xc3\xa9\x00z\xed\xa0\x80", 12);
	bc_item_add(w, BUGCHECK_ITEM_MESSAGE, 0, text, sizeof(text));
	/* 1000 frames claimed, one present, module index 7 of 0. */
	memset(buf, 0, sizeof(buf));
	fh.count = htole16(1000);
	memcpy(buf, &fh, sizeof(fh));
	put_frame(buf + 8, 1, "f", 0, 0, 7);
	bc_item_add(w, BUGCHECK_ITEM_FRAMES, 0, buf, 8 + 32);
	bc_item_add(w, BUGCHECK_ITEM_MODULES, 0, buf, 50);
	bc_item_add(w, BUGCHECK_ITEM_REGS, 0, buf, 16);
}

static void test_sanitise(void)
{
	static uint8_t slot[SLOT];
	struct bugcheck_record_hdr h = { 0 };
	struct bc_writer w;
	struct bc_record *r;
	uint32_t plen;

	memcpy(h.magic, BUGCHECK_RECORD_MAGIC, 4);
	h.version = htole16(1);
	h.hdr_size = htole16(sizeof(h));
	h.state = htole32(BUGCHECK_STATE_COLLECTED);
	memcpy(h.comm, "a\x1b[31mb\xff", 8);
	memset(slot, 0, SLOT);
	memcpy(slot, &h, sizeof(h));
	bc_writer_init(&w, slot, SLOT, sizeof(h));
	only_hostile(&w);
	plen = w.pos;
	bc_record_seal(slot, plen);
	r = decode(slot, SLOT);
	CHECK(r->valid == BUGCHECK_VALID_OK);
	CHECK(r->state == BUGCHECK_STATE_COLLECTED);
	CHECK(!strcmp(bc_rec_state_str(r->state), "collected"));
	CHECK(r->message.truncated &&
	      strlen(r->message.s) == BUGCHECK_TEXT_MAX);
	/* \x01 -> ?, \xff -> ?, é kept, NUL -> ?, surrogate -> ???. */
	CHECK(!strncmp(r->message.s, "bad??\xc3\xa9?z???x", 13));
	CHECK(!strcmp(r->comm, "a?[31mb?"));
	CHECK(r->nframes == 1 && r->frames[0].module == BUGCHECK_MODULE_NONE);
	CHECK(r->nmodules == 0);
	CHECK(!r->have_regs);
	CHECK(!r->log.present && !r->release.present);
	CHECK(r->nerrors >= 4);
	bc_rec_taint_str(0, (char *)slot, 32);
	CHECK(!strcmp((char *)slot, "Not tainted"));
	bc_rec_taint_str(1U << 9, (char *)slot, 32);
	CHECK(!strcmp((char *)slot, "G        W         "));
	bc_record_free(r);
	done("text is sanitised, bad frame/module/regs payloads are reported");
}

static void test_json(void)
{
	static uint8_t slot[SLOT];
	static const char *const keys[] = {
		"status",    "reason",	    "kernel_release", "log",
		"stack",     "regs",	    "capture_ns",     "stored_bytes",
		"verdict",   "state",	    "boot_id",	      "seq",
		"wall_time", "taint_flags", "modules",	      "tail",
	};
	struct json_object *o, *back, *v, *f;
	struct bc_record *r;
	struct built b;
	size_t i;

	build_record(slot, SLOT, &default_build, &b);
	r = decode(slot, SLOT);
	o = bc_json_record(r);
	back = json_tokener_parse(json_object_to_json_string(o));
	CHECK(back != NULL);
	for (i = 0; back && i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!json_object_object_get_ex(back, keys[i], NULL)) {
			printf("# key %s missing\n", keys[i]);
			CHECK(0);
		}
	}
	if (back) {
		json_object_object_get_ex(back, "status", &v);
		CHECK(!strcmp(json_object_get_string(v), "ok"));
		json_object_object_get_ex(back, "log", &v);
		CHECK(!strcmp(json_object_get_string(v), sample_log));
		json_object_object_get_ex(back, "stack", &v);
		CHECK(json_object_array_length(v) == 4);
		f = json_object_array_get_idx(v, 1);
		json_object_object_get_ex(f, "module", &v);
		CHECK(!strcmp(json_object_get_string(v), "bugcheck_crashtest"));
		json_object_object_get_ex(f, "offset", &v);
		CHECK(json_object_get_int(v) == 0x44);
		json_object_object_get_ex(back, "regs", &v);
		json_object_object_get_ex(v, "ip", &f);
		CHECK(!strcmp(json_object_get_string(f), "0x2222222222222222"));
		json_object_object_get_ex(back, "stored_bytes", &v);
		CHECK(json_object_get_int64(v) == b.extent);
	}
	json_object_put(back);
	json_object_put(o);
	bc_record_free(r);

	/* A corrupt record still has the keys, as null. */
	slot[200] ^= 4;
	r = decode(slot, SLOT);
	o = bc_json_record(r);
	CHECK(json_object_object_get_ex(o, "log", &v) && v == NULL);
	CHECK(json_object_object_get_ex(o, "reason", &v) && v == NULL);
	json_object_object_get_ex(o, "status", &v);
	CHECK(!strcmp(json_object_get_string(v), "corrupt"));
	json_object_object_get_ex(o, "verdict", &v);
	CHECK(!strcmp(json_object_get_string(v), "bad-crc"));
	json_object_put(o);
	bc_record_free(r);
	done("JSON form has the documented keys and round-trips");
}

/* Bitwise CRC-32C, straight from the definition. */
static uint32_t crc32c_ref(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffU;
	int k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78U & -(c & 1));
	}
	return ~c;
}

static void test_crc32c(void)
{
	static uint8_t buf[4096 + 16];
	unsigned int i, seed = 12345;
	size_t off, len;

	CHECK(bc_crc32c("123456789", 9) == 0xe3069283U);
	CHECK(bc_crc32c("", 0) == 0);
	for (i = 0; i < sizeof(buf); i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = seed >> 16;
	}
	for (i = 0; i < 2000; i++) {
		seed = seed * 1103515245 + 12345;
		off = (seed >> 8) % 16;
		seed = seed * 1103515245 + 12345;
		len = (seed >> 4) % 4097;
		if (bc_crc32c(buf + off, len) != crc32c_ref(buf + off, len)) {
			printf("# mismatch at off %zu len %zu\n", off, len);
			CHECK(0);
			break;
		}
	}
	done("CRC-32C matches a bitwise reference (2000 random buffers)");
}

static void region_hdr(uint8_t *buf, uint32_t slot_size, uint32_t n)
{
	struct bugcheck_region_hdr h;

	memset(buf, 0, BUGCHECK_REGION_HDR_SIZE);
	bc_region_hdr_init(&h, slot_size, n, 1700000000000000000ULL);
	memcpy(buf, &h, sizeof(h));
}

/* A region with 4 slots: ok, bad-crc, empty, ok without tail. */
static uint8_t *make_region(size_t *len)
{
	const uint32_t ss = 8192, n = 4;
	struct build nt = { .no_tail = true, .log_codec = BUGCHECK_CODEC_LZ4 };
	uint8_t *buf, *s;
	struct built b;

	*len = BUGCHECK_REGION_HDR_SIZE + (size_t)ss * n;
	buf = calloc(1, *len);
	if (!buf)
		exit(1);
	region_hdr(buf, ss, n);
	s = buf + BUGCHECK_REGION_HDR_SIZE;
	build_record(s, ss, &default_build, &b);
	build_record(s + ss, ss, &default_build, &b);
	s[ss + 300] ^= 0x10;
	build_record(s + 3 * ss, ss, &nt, &b);
	return buf;
}

static void test_region(void)
{
	struct bc_region_view v;
	const char *why;
	size_t len;
	uint8_t *buf = make_region(&len);

	CHECK(bc_region_is_dump(buf, len));
	CHECK(bc_region_parse(buf, len, &v, &why) == 0);
	CHECK(v.slot_size == 8192 && v.slot_count == 4 && v.present == 4);
	CHECK(bc_region_parse(buf, len - 100, &v, &why) == 0 && v.present == 3);
	CHECK(bc_region_parse(buf, 4000, &v, &why) == -EINVAL);
	buf[20] ^= 1; /* slot_count, covered by hdr_crc */
	CHECK(bc_region_parse(buf, len, &v, &why) == -EUCLEAN && why);
	CHECK(!bc_region_is_dump(buf + 4096, len - 4096));
	free(buf);
	done("region dump header parsing");
}

static int write_file(const char *dir, const char *name, const void *p,
		      size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

static int write_resealed(const char *dir, const char *name, const uint8_t *p,
			  size_t n)
{
	uint8_t *buf = malloc(n + 1);
	int ret;

	if (!buf)
		return -1;
	buf[0] = 0x01;
	memcpy(buf + 1, p, n);
	ret = write_file(dir, name, buf, n + 1);
	free(buf);
	return ret;
}

/* Inputs for tests/suite-agent.sh and the fuzzer's seed corpus. */
static int fixtures(const char *dir)
{
	static uint8_t slot[SLOT];
	struct build nt = { .no_tail = true, .log_codec = BUGCHECK_CODEC_NONE };
	struct build zs = { .log_codec = BUGCHECK_CODEC_ZSTD };
	struct build hs = { .no_tail = true,
			    .log_codec = BUGCHECK_CODEC_LZ4,
			    .extra = hostile_items };
	char sd[4096];
	struct built b;
	uint8_t *reg;
	size_t len;
	int ret = 0;

	snprintf(sd, sizeof(sd), "%s/seeds", dir);
	mkdir(dir, 0755);
	mkdir(sd, 0755);
	reg = make_region(&len);
	ret |= write_file(dir, "region.bin", reg, len);
	ret |= write_file(sd, "region.bin", reg, len);
	free(reg);
	build_record(slot, SLOT, &default_build, &b);
	ret |= write_file(dir, "record.bin", slot, b.extent);
	ret |= write_file(sd, "record-full.bin", slot, b.extent);
	slot[b.primary_len + 40] ^= 2;
	ret |= write_file(sd, "record-bad-tail.bin", slot, b.extent);
	build_record(slot, SLOT, &nt, &b);
	ret |= write_file(sd, "record-plain.bin", slot, b.extent);
	build_record(slot, SLOT, &hs, &b);
	ret |= write_file(sd, "record-hostile.bin", slot, b.extent);
	/* Same records behind the fuzzer's "recompute the CRCs" byte. */
	ret |= write_resealed(sd, "reseal-hostile.bin", slot, b.extent);
	build_record(slot, SLOT, &default_build, &b);
	ret |= write_resealed(sd, "reseal-full.bin", slot, b.extent);
	build_record(slot, SLOT, &zs, &b);
	ret |= write_file(sd, "record-zstd.bin", slot, b.extent);
	ret |= write_resealed(sd, "reseal-zstd.bin", slot, b.extent);
	/* Two frames, as the module's precompressed path stores the log. */
	zs.zstd_split = sizeof(sample_log) / 2;
	build_record(slot, SLOT, &zs, &b);
	ret |= write_file(sd, "record-zstd2.bin", slot, b.extent);
	ret |= write_resealed(sd, "reseal-zstd2.bin", slot, b.extent);
	memset(slot, 0, 256);
	ret |= write_file(dir, "empty.bin", slot, 256);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--fixtures"))
		return fixtures(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: record_test [--fixtures DIR]\n");
		return 2;
	}
	test_roundtrip();
	test_uncompressed_no_tail();
	test_verdicts();
	test_truncated();
	test_bit_flips();
	test_lz4_bombs();
	test_zstd();
	test_zstd_two_frames();
	test_zstd_bombs();
	test_hostile_payloads();
	test_sanitise();
	test_json();
	test_crc32c();
	test_region();
	printf("# record: %d of %d cases failed\n", failures, cases);
	return failures ? 1 : 0;
}
