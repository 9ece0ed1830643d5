// SPDX-License-Identifier: GPL-2.0
/*
 * Record encoding, sealing and validation (see record.h).
 *
 * Panic-context: bc_writer_*, bc_item_*, bc_record_seal() and
 * bc_tail_seal() run on the crash path.  They only touch the buffer they
 * are given, do bounded work and never fail in a way that writes outside
 * it: an item that does not fit is refused and the writer is marked full.
 */
#include "bugcheck_record.h"

#define ITEM_HDR ((u32)sizeof(struct bugcheck_item))

/**
 * bc_writer_init() - start writing items at @start in @buf
 * @w:     writer
 * @buf:   record buffer
 * @cap:   its size
 * @start: first item offset (rounded up to 8)
 */
BC_NOTRACE void bc_writer_init(struct bc_writer *w, void *buf, u32 cap,
			       u32 start)
{
	w->buf = buf;
	w->cap = cap & ~7U;
	w->pos = BC_ALIGN8(start);
	w->open = 0;
	w->is_open = false;
	w->full = w->pos > w->cap;
}

/**
 * bc_item_reserve() - open an item and return where its payload goes
 * @w:    writer
 * @type: enum bugcheck_item_type
 * @want: payload bytes the caller would like
 * @room: set to the bytes actually available (<= @want)
 *
 * The payload may then be written in place (for example by a compressor)
 * and the item closed with bc_item_commit().  Returns NULL, with *room 0,
 * if not even an empty item fits.
 */
BC_NOTRACE void *bc_item_reserve(struct bc_writer *w, u16 type, u32 want,
				 u32 *room)
{
	struct bugcheck_item *it;
	u32 avail;

	*room = 0;
	if (w->full || w->is_open || w->pos + ITEM_HDR > w->cap) {
		w->full = true;
		return NULL;
	}
	avail = w->cap - w->pos - ITEM_HDR;
	it = (struct bugcheck_item *)(w->buf + w->pos);
	it->type = cpu_to_le16(type);
	it->flags = 0;
	it->len = 0;
	w->open = w->pos;
	w->is_open = true;
	*room = want < avail ? want : avail;
	return w->buf + w->pos + ITEM_HDR;
}

/**
 * bc_item_commit() - close the item opened by bc_item_reserve()
 * @w:     writer
 * @len:   payload bytes written (clamped to what was available)
 * @flags: BUGCHECK_IF_*
 */
BC_NOTRACE void bc_item_commit(struct bc_writer *w, u32 len, u16 flags)
{
	struct bugcheck_item *it;
	u32 avail, end;

	if (!w->is_open)
		return;
	avail = w->cap - w->open - ITEM_HDR;
	if (len > avail) {
		len = avail;
		flags |= BUGCHECK_IF_TRUNCATED;
	}
	it = (struct bugcheck_item *)(w->buf + w->open);
	it->flags = cpu_to_le16(flags);
	it->len = cpu_to_le32(len);
	end = w->open + ITEM_HDR + len;
	/* Zero the padding so the record is deterministic. */
	while (end & 7U)
		w->buf[end++] = 0;
	w->pos = end;
	w->is_open = false;
}

/**
 * bc_item_add() - append a complete item
 * @w:     writer
 * @type:  enum bugcheck_item_type
 * @flags: BUGCHECK_IF_*
 * @data:  payload
 * @len:   payload bytes
 *
 * A payload that does not fit is cut and flagged BUGCHECK_IF_TRUNCATED.
 * Returns 0, or -ENOSPC when not even the item header fits.
 */
BC_NOTRACE int bc_item_add(struct bc_writer *w, u16 type, u16 flags,
			   const void *data, u32 len)
{
	u32 room;
	void *p = bc_item_reserve(w, type, len, &room);

	if (!p)
		return -ENOSPC;
	if (room < len)
		flags |= BUGCHECK_IF_TRUNCATED;
	memcpy(p, data, room);
	bc_item_commit(w, room, flags);
	return 0;
}

/**
 * bc_item_add_text() - append a text item, at most @max bytes
 * @w:    writer
 * @type: enum bugcheck_item_type
 * @s:    NUL-terminated string (may be NULL: nothing is written)
 * @max:  cap on the stored length
 */
BC_NOTRACE int bc_item_add_text(struct bc_writer *w, u16 type, const char *s,
				u32 max)
{
	u32 n;

	if (!s)
		return 0;
	n = strnlen(s, max + 1);
	if (n > max)
		return bc_item_add(w, type, BUGCHECK_IF_TRUNCATED, s, max);
	return bc_item_add(w, type, 0, s, n);
}

/**
 * bc_region_hdr_init() - fill a region header for a fresh layout
 * @h:          header to fill (BUGCHECK_REGION_HDR_SIZE bytes are not
 *              touched beyond the struct)
 * @slot_size:  bytes per slot
 * @slot_count: number of slots
 * @now_ns:     wall clock, recorded as the format time
 */
void bc_region_hdr_init(struct bugcheck_region_hdr *h, u32 slot_size,
			u32 slot_count, u64 now_ns)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, BUGCHECK_REGION_MAGIC, sizeof(h->magic));
	h->layout_version = cpu_to_le32(BUGCHECK_LAYOUT_VERSION);
	h->hdr_size = cpu_to_le32(BUGCHECK_REGION_HDR_SIZE);
	h->slot_size = cpu_to_le32(slot_size);
	h->slot_count = cpu_to_le32(slot_count);
	h->region_size = cpu_to_le64((u64)BUGCHECK_REGION_HDR_SIZE +
				     (u64)slot_size * slot_count);
	h->format_ns = cpu_to_le64(now_ns);
	h->hdr_crc = cpu_to_le32(bc_crc32c(h, offsetof(typeof(*h), hdr_crc)));
}

/**
 * bc_region_hdr_check() - validate a region header
 * @h:     header as found in memory
 * @avail: bytes of memory behind it
 * @why:   set to a human reason on failure
 *
 * Returns 0 if the header is ours and usable, -ENODATA if there is no
 * header at all (the region has never been formatted), -EPROTO for another
 * layout version, -EUCLEAN for a damaged header and -ERANGE for a geometry
 * that does not fit @avail.
 */
int bc_region_hdr_check(const struct bugcheck_region_hdr *h, u64 avail,
			const char **why)
{
	u32 slot_size, slot_count;
	u64 need;

	if (memcmp(h->magic, BUGCHECK_REGION_MAGIC, sizeof(h->magic))) {
		*why = "no bugcheck header (region never formatted)";
		return -ENODATA;
	}
	if (le32_to_cpu(h->hdr_crc) !=
	    bc_crc32c(h, offsetof(typeof(*h), hdr_crc))) {
		*why = "region header checksum mismatch";
		return -EUCLEAN;
	}
	if (le32_to_cpu(h->layout_version) != BUGCHECK_LAYOUT_VERSION) {
		*why = "region uses another layout version";
		return -EPROTO;
	}
	slot_size = le32_to_cpu(h->slot_size);
	slot_count = le32_to_cpu(h->slot_count);
	if (le32_to_cpu(h->hdr_size) != BUGCHECK_REGION_HDR_SIZE ||
	    slot_size < BUGCHECK_MIN_SLOT_SIZE ||
	    slot_size > BUGCHECK_MAX_SLOT_SIZE || (slot_size & 4095U) ||
	    slot_count < 1 || slot_count > BUGCHECK_MAX_SLOTS) {
		*why = "region header has an impossible geometry";
		return -EUCLEAN;
	}
	need = (u64)BUGCHECK_REGION_HDR_SIZE + (u64)slot_size * slot_count;
	if (le64_to_cpu(h->region_size) != need || need > avail) {
		*why = "region header geometry does not fit the region";
		return -ERANGE;
	}
	*why = NULL;
	return 0;
}

/**
 * bc_record_seal() - set the primary length and CRC of a built record
 * @rec:         record buffer starting with struct bugcheck_record_hdr
 * @primary_len: end of the primary section (multiple of 8)
 *
 * Panic-context.  The state word is left alone.
 */
BC_NOTRACE void bc_record_seal(void *rec, u32 primary_len)
{
	struct bugcheck_record_hdr *h = rec;

	h->primary_len = cpu_to_le32(primary_len);
	h->crc = cpu_to_le32(bc_record_crc(rec, primary_len));
}

/**
 * bc_record_crc() - CRC-32C of a record's primary part
 * @rec:         record
 * @primary_len: end of the primary part (>= sizeof the header)
 *
 * Covers every byte of [0, primary_len) except the state word, which
 * changes when the record is collected, and the crc itself.
 * Panic-context.
 */
BC_NOTRACE u32 bc_record_crc(const void *rec, u32 primary_len)
{
	const u8 *b = rec;
	u32 st = offsetof(struct bugcheck_record_hdr, state);
	u32 body = offsetof(struct bugcheck_record_hdr, primary_len);
	u32 c;

	c = bc_crc32c_update(~0U, b, st);
	c = bc_crc32c_update(c, b + body, primary_len - body);
	return ~c;
}

/* CRC-32C of a tail of @tail_len bytes: all of it but magic and crc. */
static BC_NOTRACE u32 tail_crc(const struct bugcheck_tail_hdr *t, u32 tail_len)
{
	u32 from = offsetof(struct bugcheck_tail_hdr, len);

	return bc_crc32c((const u8 *)t + from, tail_len - from);
}

/**
 * bc_tail_seal() - write the tail header over items already in place
 * @rec:        record buffer
 * @tail_off:   offset of struct bugcheck_tail_hdr (== primary_len)
 * @tail_len:   bytes from @tail_off to the end of the last tail item
 * @flags:      BUGCHECK_TF_*
 * @capture_ns: time spent on the tail
 *
 * Panic-context.
 */
BC_NOTRACE void bc_tail_seal(void *rec, u32 tail_off, u32 tail_len, u32 flags,
			     u64 capture_ns)
{
	struct bugcheck_tail_hdr *t =
		(struct bugcheck_tail_hdr *)((u8 *)rec + tail_off);

	t->len = cpu_to_le32(tail_len);
	t->flags = cpu_to_le32(flags);
	t->capture_ns = cpu_to_le64(capture_ns);
	t->reserved = 0;
	t->crc = cpu_to_le32(tail_crc(t, tail_len));
	memcpy(t->magic, BUGCHECK_TAIL_MAGIC, sizeof(t->magic));
}

/**
 * bc_item_next() - step through the items of a section
 * @buf:     record buffer
 * @end:     end of the section (exclusive)
 * @pos:     in: offset of the next item; out: offset after it
 * @type:    item type
 * @flags:   item flags
 * @payload: start of the payload
 * @len:     payload length
 *
 * Returns 1 for an item, 0 at the end of the section, -EBADMSG when the
 * next item would run past @end.  Never reads outside [*pos, end).
 */
int bc_item_next(const u8 *buf, u32 end, u32 *pos, u16 *type, u16 *flags,
		 const u8 **payload, u32 *len)
{
	const struct bugcheck_item *it;
	u32 p = *pos, n;

	if (p >= end)
		return 0;
	if (end - p < ITEM_HDR || (p & 7U))
		return -EBADMSG;
	it = (const struct bugcheck_item *)(buf + p);
	n = le32_to_cpu(it->len);
	if (n > end - p - ITEM_HDR)
		return -EBADMSG;
	*type = le16_to_cpu(it->type);
	*flags = le16_to_cpu(it->flags);
	*payload = buf + p + ITEM_HDR;
	*len = n;
	p += ITEM_HDR + n;
	/* The last item's padding may be cut only by the section end. */
	p = BC_ALIGN8(p);
	*pos = p < end ? p : end;
	return 1;
}

/**
 * bc_items_check() - check that [start, end) is a well-formed item list
 * @buf:   record buffer
 * @start: first item
 * @end:   end of the section
 *
 * Returns 0 or -EBADMSG.
 */
int bc_items_check(const u8 *buf, u32 start, u32 end)
{
	const u8 *payload;
	u16 type, flags;
	u32 pos = start, len, guard;
	int ret;

	/* Each item is at least 8 bytes, so this bounds the loop. */
	for (guard = 0; guard <= (end - start) / ITEM_HDR; guard++) {
		ret = bc_item_next(buf, end, &pos, &type, &flags, &payload,
				   &len);
		if (ret <= 0)
			return ret;
	}
	return -EBADMSG;
}

/**
 * bc_record_check() - validate the record in a slot
 * @rec:  slot memory
 * @size: slot size
 * @out:  verdict and validated geometry
 *
 * A record is OK only when its magic, version, lengths, item list and CRC
 * all check.  BAD_TAIL means the primary section is OK but the tail that
 * follows it is damaged; decoders may still use the primary section.
 */
void bc_record_check(const void *rec, u32 size, struct bc_check *out)
{
	const struct bugcheck_record_hdr *h = rec;
	const struct bugcheck_tail_hdr *t;
	const u8 *b = rec;
	u32 plen, hsize, tlen, toff;

	memset(out, 0, sizeof(*out));
	if (size < sizeof(*h)) {
		out->valid = BUGCHECK_VALID_BAD_LENGTH;
		return;
	}
	out->state = le32_to_cpu(h->state);
	switch (out->state) {
	case BUGCHECK_STATE_EMPTY:
		out->valid = BUGCHECK_VALID_EMPTY;
		return;
	case BUGCHECK_STATE_WRITING:
		out->valid = BUGCHECK_VALID_TORN;
		return;
	case BUGCHECK_STATE_NEW:
	case BUGCHECK_STATE_COLLECTED:
		break;
	default:
		out->valid = BUGCHECK_VALID_BAD_STATE;
		return;
	}
	if (memcmp(h->magic, BUGCHECK_RECORD_MAGIC, sizeof(h->magic))) {
		out->valid = BUGCHECK_VALID_BAD_MAGIC;
		return;
	}
	if (le16_to_cpu(h->version) != BUGCHECK_RECORD_VERSION) {
		out->valid = BUGCHECK_VALID_BAD_VERSION;
		return;
	}
	plen = le32_to_cpu(h->primary_len);
	hsize = le16_to_cpu(h->hdr_size);
	if (hsize < sizeof(*h) || (hsize & 7U) || plen < hsize || plen > size ||
	    (plen & 7U)) {
		out->valid = BUGCHECK_VALID_BAD_LENGTH;
		return;
	}
	if (le32_to_cpu(h->crc) != bc_record_crc(rec, plen)) {
		out->valid = BUGCHECK_VALID_BAD_CRC;
		return;
	}
	if (bc_items_check(b, hsize, plen)) {
		/* CRC good but items malformed: a writer bug, not bit rot. */
		out->valid = BUGCHECK_VALID_BAD_LENGTH;
		return;
	}
	out->valid = BUGCHECK_VALID_OK;
	out->primary_len = plen;

	toff = plen;
	if (size - toff < sizeof(*t))
		return;
	t = (const struct bugcheck_tail_hdr *)(b + toff);
	if (memcmp(t->magic, BUGCHECK_TAIL_MAGIC, sizeof(t->magic))) {
		/* Zero magic: no tail.  Anything else is a damaged one. */
		if (t->magic[0] | t->magic[1] | t->magic[2] | t->magic[3])
			out->valid = BUGCHECK_VALID_BAD_TAIL;
		return;
	}
	tlen = le32_to_cpu(t->len);
	if (tlen < sizeof(*t) || tlen > size - toff ||
	    le32_to_cpu(t->crc) != tail_crc(t, tlen) ||
	    bc_items_check(b, toff + sizeof(*t), toff + tlen)) {
		out->valid = BUGCHECK_VALID_BAD_TAIL;
		return;
	}
	out->tail_off = toff;
	out->tail_len = tlen;
}

/**
 * bc_valid_str() - short name of an enum bugcheck_valid value
 * @valid: the value
 */
const char *bc_valid_str(u32 valid)
{
	switch (valid) {
	case BUGCHECK_VALID_OK:
		return "ok";
	case BUGCHECK_VALID_EMPTY:
		return "empty";
	case BUGCHECK_VALID_TORN:
		return "torn";
	case BUGCHECK_VALID_BAD_MAGIC:
		return "bad-magic";
	case BUGCHECK_VALID_BAD_VERSION:
		return "bad-version";
	case BUGCHECK_VALID_BAD_LENGTH:
		return "bad-length";
	case BUGCHECK_VALID_BAD_CRC:
		return "bad-crc";
	case BUGCHECK_VALID_BAD_STATE:
		return "bad-state";
	case BUGCHECK_VALID_BAD_TAIL:
		return "bad-tail";
	}
	return "invalid";
}
