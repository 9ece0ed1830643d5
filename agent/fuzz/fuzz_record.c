// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the record decoder: arbitrary bytes as one slot and,
 * when they carry the region magic, as a region dump.  Every decoded
 * record is also turned into JSON, so the whole path that
 * "bugcheck collect --json" runs on untrusted bytes is covered.  Built
 * with ASan and UBSan (make fuzz); seeds come from
 * "record_test --fixtures DIR" (records made by the module's encoder).
 *
 * Besides memory safety it checks the decoder's promises: a record is
 * only "ok" when bc_record_check() agrees, and the decoded extent never
 * exceeds the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_record.h"
#include "record.h"

static void one(const uint8_t *data, size_t size)
{
	struct json_object *o;
	struct bc_record *r;
	struct bc_check c;
	unsigned int i;

	if (bc_record_decode(data, size, &r))
		return;
	bc_record_check(data,
			size > BUGCHECK_MAX_SLOT_SIZE ? BUGCHECK_MAX_SLOT_SIZE :
							(uint32_t)size,
			&c);
	if (r->valid == BUGCHECK_VALID_OK && c.valid != BUGCHECK_VALID_OK)
		abort();
	if (r->stored_bytes > size || r->nframes > BC_REC_MAX_FRAMES ||
	    r->nmodules > BC_REC_MAX_MODULES)
		abort();
	for (i = 0; i < r->nframes; i++)
		if (r->frames[i].module != BUGCHECK_MODULE_NONE &&
		    r->frames[i].module >= r->nmodules)
			abort();
	if (r->log.ok && r->log.len > BC_REC_LOG_MAX)
		abort();
	o = bc_json_record(r);
	if (o)
		(void)json_object_to_json_string(o);
	json_object_put(o);
	bc_record_free(r);
}

/*
 * Random mutations almost never keep a CRC valid, so the item decoders
 * would only see the seeds.  An input starting with byte 0x01 is
 * therefore a record whose checksums are recomputed (with the module's
 * own sealing functions) before decoding: the mutated lengths, counts
 * and texts then reach every decoder behind a "valid" CRC.
 */
static void resealed(const uint8_t *data, size_t size)
{
	const size_t th = sizeof(struct bugcheck_tail_hdr);
	struct bugcheck_tail_hdr t;
	uint32_t plen, tlen;
	uint8_t *buf;

	if (size < sizeof(struct bugcheck_record_hdr) ||
	    size > BUGCHECK_MAX_SLOT_SIZE)
		return;
	buf = malloc(size);
	if (!buf)
		return;
	memcpy(buf, data, size);
	memcpy(&plen, buf + offsetof(struct bugcheck_record_hdr, primary_len),
	       sizeof(plen));
	plen = le32toh(plen);
	if (plen >= offsetof(struct bugcheck_record_hdr, flags) &&
	    plen <= size) {
		bc_record_seal(buf, plen);
		/* Tails sit at 8-byte aligned offsets, as the module puts them. */
		if (!(plen & 7U) && size - plen >= th) {
			memcpy(&t, buf + plen, th);
			tlen = le32toh(t.len);
			if (!memcmp(t.magic, BUGCHECK_TAIL_MAGIC, 4) &&
			    tlen >= th && tlen <= size - plen)
				bc_tail_seal(buf, plen, tlen, le32toh(t.flags),
					     le64toh(t.capture_ns));
		}
	}
	one(buf, size);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bc_region_view v;
	const char *why;
	uint32_t i;

	if (size && data[0] == 0x01)
		resealed(data + 1, size - 1);
	one(data, size);
	if (bc_region_is_dump(data, size) &&
	    !bc_region_parse(data, size, &v, &why)) {
		if (v.present > v.slot_count ||
		    BUGCHECK_REGION_HDR_SIZE +
				    (uint64_t)v.present * v.slot_size >
			    size)
			abort();
		for (i = 0; i < v.present; i++)
			one(data + BUGCHECK_REGION_HDR_SIZE +
				    (size_t)i * v.slot_size,
			    v.slot_size);
	}
	return 0;
}
