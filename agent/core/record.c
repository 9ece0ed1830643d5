// SPDX-License-Identifier: GPL-2.0
/*
 * Crash record decoder (see record.h and docs/record-format.md).
 *
 * Order of trust: bc_record_check() (the module's own validator) decides
 * whether the primary section and the tail are what the kernel wrote.
 * Only a verified section is walked, and even then every length inside an
 * item is checked against the item, because a valid CRC proves integrity,
 * not that the writer was correct.  All multi-byte loads go through
 * memcpy() so that no access depends on the alignment of the input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <lz4.h>
#include <zstd.h>

#include "record.h"

#define HDR_SIZE ((uint32_t)sizeof(struct bugcheck_record_hdr))
#define TAIL_HDR_SIZE ((uint32_t)sizeof(struct bugcheck_tail_hdr))

_Static_assert(sizeof(struct bugcheck_region_hdr) == 64, "region hdr size");
_Static_assert(sizeof(struct bugcheck_record_hdr) == 192, "record hdr size");
_Static_assert(sizeof(struct bugcheck_tail_hdr) == 32, "tail hdr size");
_Static_assert(sizeof(struct bugcheck_item) == 8, "item hdr size");
_Static_assert(sizeof(struct bugcheck_regs_x86_64) == BC_REC_NREGS * 8,
	       "regs size");
_Static_assert(sizeof(struct bugcheck_frames) == 8, "frames hdr size");
_Static_assert(sizeof(struct bugcheck_frame) == 24, "frame size");
_Static_assert(sizeof(struct bugcheck_module) == 136, "module size");
_Static_assert(sizeof(struct bugcheck_log) == 16, "log hdr size");
_Static_assert(sizeof(struct bugcheck_vendor_block) == 64, "vendor size");
_Static_assert(sizeof(struct bugcheck_triage_block) == 64, "triage size");

static const char *const reason_names[BUGCHECK_REASON_MAX] =
	BUGCHECK_REASON_NAMES;

static const char *const flag_names[] = {
	"panicked", "have-regs", "log-truncated", "frames-truncated",
	"nested",   "in-irq",	 "in-nmi",	  "kdump-loaded",
};

static const char *const tail_flag_names[] = {
	"vendor-fault",
	"quota-cut",
	"vendor-timeout",
	"vendor-skipped",
};

static const char *const reg_names[BC_REC_NREGS] = {
	"r15",	 "r14", "r13", "r12", "bp",  "bx",  "r11",     "r10", "r9",
	"r8",	 "ax",	"cx",  "dx",  "si",  "di",  "orig_ax", "ip",  "cs",
	"flags", "sp",	"ss",  "cr0", "cr2", "cr3", "cr4",
};

/* Linux 6.1 kernel/panic.c taint_flags[]: letter when set, when clear. */
static const char taint_true[BC_REC_TAINT_FLAGS + 1] = "PFSRMBUDAWCIOELKXTN";
static const char taint_false[BC_REC_TAINT_FLAGS + 1] = "G                  ";

static uint16_t ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

static uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint64_t ld64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

#define FIELD(type, f) offsetof(type, f)

static void __attribute__((format(printf, 2, 3)))
rec_error(struct bc_record *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nerrors >= BC_REC_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->errors[r->nerrors++], BC_REC_ERROR_LEN, fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	/* Exclude overlong forms, UTF-16 surrogates and > U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/*
 * Make @n bytes at @s safe to print and to embed in JSON: every byte that
 * is a control character (but TAB and LF), DEL, or not part of a valid
 * UTF-8 sequence becomes '?'.  In place and one to one, so lengths hold.
 */
static void sanitize(char *s, size_t n)
{
	unsigned char *p = (unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
			    p[i] == 0x7f)
				p[i] = '?';
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (!k) {
			p[i++] = '?';
			continue;
		}
		i += k;
	}
}

/* Copy fixed-size, NUL-padded text such as comm or a module name. */
static void copy_padded(char *dst, size_t dsize, const uint8_t *src, size_t n)
{
	size_t len = strnlen((const char *)src, n);

	if (len >= dsize)
		len = dsize - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	sanitize(dst, len);
}

static void decode_text(struct bc_record *r, struct bc_rec_text *t,
			const char *what, const uint8_t *p, uint32_t len,
			uint16_t iflags)
{
	if (t->present) {
		rec_error(r, "duplicate %s item ignored", what);
		r->dropped++;
		return;
	}
	t->present = true;
	t->truncated = iflags & BUGCHECK_IF_TRUNCATED;
	if (len > BUGCHECK_TEXT_MAX) {
		rec_error(r, "%s item of %u bytes cut to %u", what, len,
			  BUGCHECK_TEXT_MAX);
		len = BUGCHECK_TEXT_MAX;
		t->truncated = true;
	}
	memcpy(t->s, p, len);
	t->s[len] = '\0';
	sanitize(t->s, len);
}

static void decode_regs(struct bc_record *r, const uint8_t *p, uint32_t len)
{
	unsigned int i;

	if (r->have_regs) {
		rec_error(r, "duplicate regs item ignored");
		r->dropped++;
		return;
	}
	if (len < BC_REC_NREGS * 8) {
		rec_error(r, "regs item has %u bytes, needs %u", len,
			  BC_REC_NREGS * 8);
		return;
	}
	for (i = 0; i < BC_REC_NREGS; i++)
		r->regs[i] = ld64(p + 8 * i);
	r->have_regs = true;
}

static void decode_frames(struct bc_record *r, const uint8_t *p, uint32_t len)
{
	const uint32_t fsz = sizeof(struct bugcheck_frame);
	uint32_t pos, count, i, name_len, step;
	struct bc_rec_frame *f;

	if (r->have_frames) {
		rec_error(r, "duplicate frames item ignored");
		r->dropped++;
		return;
	}
	if (len < sizeof(struct bugcheck_frames)) {
		rec_error(r, "frames item has %u bytes, too short", len);
		return;
	}
	r->have_frames = true;
	count = ld16(p + FIELD(struct bugcheck_frames, count));
	r->frames_flags = ld16(p + FIELD(struct bugcheck_frames, flags));
	r->frames_total = ld32(p + FIELD(struct bugcheck_frames, total));
	pos = sizeof(struct bugcheck_frames);
	for (i = 0; i < count; i++) {
		if (len - pos < fsz) {
			rec_error(r, "frames item ends after %u of %u frames",
				  i, count);
			return;
		}
		name_len = p[pos + FIELD(struct bugcheck_frame, name_len)];
		step = BUGCHECK_FRAME_SIZE(name_len);
		/* The last frame's padding may be cut by the item end. */
		if (len - pos < fsz + name_len) {
			rec_error(r, "frame %u runs past the frames item", i);
			return;
		}
		if (r->nframes >= BC_REC_MAX_FRAMES) {
			r->dropped += count - i;
			return;
		}
		f = &r->frames[r->nframes++];
		f->addr = ld64(p + pos + FIELD(struct bugcheck_frame, addr));
		f->offset =
			ld32(p + pos + FIELD(struct bugcheck_frame, offset));
		f->size = ld32(p + pos + FIELD(struct bugcheck_frame, size));
		f->module =
			ld16(p + pos + FIELD(struct bugcheck_frame, module));
		memcpy(f->symbol, p + pos + fsz, name_len);
		f->symbol[name_len] = '\0';
		sanitize(f->symbol, name_len);
		pos = len - pos < step ? len : pos + step;
	}
}

static void decode_modules(struct bc_record *r, const uint8_t *p, uint32_t len)
{
	const uint32_t msz = sizeof(struct bugcheck_module);
	static const char hex[] = "0123456789abcdef";
	struct bc_rec_module *m;
	const uint8_t *e;
	uint32_t i, n, id_len;

	if (r->nmodules) {
		rec_error(r, "duplicate modules item ignored");
		r->dropped++;
		return;
	}
	if (len % msz)
		rec_error(r, "modules item of %u bytes is not a multiple of %u",
			  len, msz);
	n = len / msz;
	if (n > BC_REC_MAX_MODULES) {
		r->dropped += n - BC_REC_MAX_MODULES;
		n = BC_REC_MAX_MODULES;
	}
	for (i = 0; i < n; i++) {
		e = p + i * msz;
		m = &r->modules[r->nmodules++];
		m->base = ld64(e + FIELD(struct bugcheck_module, base));
		m->size = ld32(e + FIELD(struct bugcheck_module, size));
		m->taints = ld32(e + FIELD(struct bugcheck_module, taints));
		m->id_kind = e[FIELD(struct bugcheck_module, id_kind)];
		id_len = e[FIELD(struct bugcheck_module, id_len)];
		if (id_len > 32) {
			rec_error(r, "module %u id_len %u exceeds 32", i,
				  id_len);
			id_len = 32;
		}
		copy_padded(m->name, sizeof(m->name),
			    e + FIELD(struct bugcheck_module, name), 56);
		copy_padded(m->version, sizeof(m->version),
			    e + FIELD(struct bugcheck_module, version), 24);
		e += FIELD(struct bugcheck_module, id);
		if (m->id_kind == BUGCHECK_MODID_SRCVERSION) {
			copy_padded(m->id, sizeof(m->id), e, id_len);
		} else if (m->id_kind == BUGCHECK_MODID_BUILD_ID) {
			uint32_t k;

			for (k = 0; k < id_len; k++) {
				m->id[2 * k] = hex[e[k] >> 4];
				m->id[2 * k + 1] = hex[e[k] & 15];
			}
			m->id[2 * id_len] = '\0';
		} else {
			m->id[0] = '\0';
		}
	}
}

/* Most zstd frames one log item may hold (the module writes one or two). */
#define BC_ZSTD_FRAMES_MAX 8

/*
 * Decompress the zstd frames of @lg (stored_len bytes at @data) into
 * lg->text, which has room for raw_len bytes.  The module stores one frame,
 * or two when a capture adds the records printed since the read-ahead
 * compressed the older log (kmod/panic.c, pf_work()); a sequence of whole
 * frames is a valid zstd stream.  The bytes are hostile: they must be at
 * most BC_ZSTD_FRAMES_MAX whole zstd frames (no skippable or legacy
 * frames, nothing after the last) whose declared content sizes (where
 * declared) add up to raw_len, which decode to exactly raw_len bytes in all
 * (never more: each frame's output is bounded by the room left), and
 * whose windows are no larger than the record log cap, so a forged header
 * cannot make the decoder allocate much.
 */
static bool unzstd(struct bc_rec_log *lg, const uint8_t *data)
{
	unsigned long long content, declared = 0;
	ZSTD_DCtx *dctx = NULL;
	size_t fsize, n, off = 0, out = 0;
	unsigned int i;

	for (i = 0; off < lg->stored_len || i == 0; i++) {
		if (i == BC_ZSTD_FRAMES_MAX) {
			snprintf(lg->error, sizeof(lg->error),
				 "corrupt zstd data (more than %d frames)",
				 BC_ZSTD_FRAMES_MAX);
			goto fail;
		}
		if (lg->stored_len - off < 4 ||
		    (data[off] | data[off + 1] << 8 | data[off + 2] << 16 |
		     (uint32_t)data[off + 3] << 24) != ZSTD_MAGICNUMBER) {
			snprintf(
				lg->error, sizeof(lg->error),
				"corrupt zstd data (%u bytes: frame %u at byte %zu is not a zstd frame)",
				lg->stored_len, i + 1, off);
			goto fail;
		}
		fsize = ZSTD_findFrameCompressedSize(data + off,
						     lg->stored_len - off);
		if (ZSTD_isError(fsize)) {
			snprintf(
				lg->error, sizeof(lg->error),
				"corrupt zstd data (%u bytes: frame %u at byte %zu: %s)",
				lg->stored_len, i + 1, off,
				ZSTD_getErrorName(fsize));
			goto fail;
		}
		content = ZSTD_getFrameContentSize(data + off, fsize);
		if (content == ZSTD_CONTENTSIZE_ERROR) {
			snprintf(
				lg->error, sizeof(lg->error),
				"corrupt zstd data (frame %u at byte %zu has a bad header)",
				i + 1, off);
			goto fail;
		}
		if (content != ZSTD_CONTENTSIZE_UNKNOWN) {
			declared += content;
			if (declared > lg->raw_len) {
				snprintf(
					lg->error, sizeof(lg->error),
					"zstd frames hold more than the %u bytes raw_len says",
					lg->raw_len);
				goto fail;
			}
		}
		if (!dctx) {
			dctx = ZSTD_createDCtx();
			if (!dctx) {
				snprintf(lg->error, sizeof(lg->error),
					 "out of memory for a zstd context");
				return false;
			}
			n = ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax,
						   20);
			if (ZSTD_isError(n))
				goto bad_data;
		}
		n = ZSTD_decompressDCtx(dctx, lg->text + out, lg->raw_len - out,
					data + off, fsize);
		if (ZSTD_isError(n))
			goto bad_data;
		if (content != ZSTD_CONTENTSIZE_UNKNOWN && n != content) {
			snprintf(
				lg->error, sizeof(lg->error),
				"zstd frame %u gave %zu bytes, its header says %llu",
				i + 1, n, content);
			goto fail;
		}
		out += n;
		off += fsize;
	}
	ZSTD_freeDCtx(dctx);
	if (out != lg->raw_len) {
		snprintf(lg->error, sizeof(lg->error),
			 "zstd data gave %zu bytes, raw_len says %u", out,
			 lg->raw_len);
		return false;
	}
	return true;

bad_data:
	snprintf(lg->error, sizeof(lg->error),
		 "corrupt zstd data (%u bytes, raw_len %u, frame %u): %s",
		 lg->stored_len, lg->raw_len, i + 1, ZSTD_getErrorName(n));
fail:
	ZSTD_freeDCtx(dctx);
	return false;
}

static void decode_log(struct bc_record *r, struct bc_rec_log *lg,
		       const char *what, const uint8_t *p, uint32_t len)
{
	const uint8_t *data = p + sizeof(struct bugcheck_log);
	uint32_t avail;
	int n;

	if (lg->present) {
		rec_error(r, "duplicate %s item ignored", what);
		r->dropped++;
		return;
	}
	lg->present = true;
	if (len < sizeof(struct bugcheck_log)) {
		snprintf(lg->error, sizeof(lg->error),
			 "%s item has %u bytes, too short", what, len);
		return;
	}
	avail = len - sizeof(struct bugcheck_log);
	lg->codec = ld16(p + FIELD(struct bugcheck_log, codec));
	lg->flags = ld16(p + FIELD(struct bugcheck_log, flags));
	lg->raw_len = ld32(p + FIELD(struct bugcheck_log, raw_len));
	lg->stored_len = ld32(p + FIELD(struct bugcheck_log, stored_len));
	if (lg->stored_len > avail) {
		snprintf(lg->error, sizeof(lg->error),
			 "stored_len %u exceeds the %u bytes of the item",
			 lg->stored_len, avail);
		return;
	}
	if (lg->raw_len > BC_REC_LOG_MAX) {
		snprintf(lg->error, sizeof(lg->error),
			 "raw_len %u exceeds the %u byte cap", lg->raw_len,
			 BC_REC_LOG_MAX);
		return;
	}
	switch (lg->codec) {
	case BUGCHECK_CODEC_NONE:
		if (lg->raw_len != lg->stored_len) {
			snprintf(
				lg->error, sizeof(lg->error),
				"uncompressed log with raw_len %u != stored_len %u",
				lg->raw_len, lg->stored_len);
			return;
		}
		lg->text = malloc(lg->stored_len + 1);
		if (!lg->text)
			goto err_nomem;
		memcpy(lg->text, data, lg->stored_len);
		lg->len = lg->stored_len;
		break;
	case BUGCHECK_CODEC_LZ4:
		lg->text = malloc(lg->raw_len + 1);
		if (!lg->text)
			goto err_nomem;
		n = LZ4_decompress_safe((const char *)data, lg->text,
					(int)lg->stored_len, (int)lg->raw_len);
		if (n < 0 || (uint32_t)n != lg->raw_len) {
			if (n < 0)
				snprintf(
					lg->error, sizeof(lg->error),
					"corrupt LZ4 data (%u bytes, raw_len %u)",
					lg->stored_len, lg->raw_len);
			else
				snprintf(
					lg->error, sizeof(lg->error),
					"LZ4 data gave %d bytes, raw_len says %u",
					n, lg->raw_len);
			free(lg->text);
			lg->text = NULL;
			return;
		}
		lg->len = lg->raw_len;
		break;
	case BUGCHECK_CODEC_ZSTD:
		lg->text = malloc(lg->raw_len + 1);
		if (!lg->text)
			goto err_nomem;
		if (!unzstd(lg, data)) {
			free(lg->text);
			lg->text = NULL;
			return;
		}
		lg->len = lg->raw_len;
		break;
	default:
		snprintf(lg->error, sizeof(lg->error), "unknown codec %u",
			 lg->codec);
		return;
	}
	lg->text[lg->len] = '\0';
	sanitize(lg->text, lg->len);
	lg->ok = true;
	return;

err_nomem:
	snprintf(lg->error, sizeof(lg->error), "out of memory for %u bytes",
		 lg->raw_len);
}

static void uuid_str(const uint8_t *u, char *out)
{
	snprintf(
		out, 37,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		u[10], u[11], u[12], u[13], u[14], u[15]);
}

static void decode_block(struct bc_record *r, bool vendor, const uint8_t *p,
			 uint32_t len, uint16_t iflags)
{
	const char *what = vendor ? "vendor" : "triage";
	unsigned int *n = vendor ? &r->tail.nvendor : &r->tail.ntriage;
	struct bc_rec_block *b;
	uint32_t avail;

	if (len < 64) {
		rec_error(r, "%s item has %u bytes, too short", what, len);
		return;
	}
	if (*n >= BC_REC_MAX_BLOCKS) {
		r->dropped++;
		return;
	}
	b = vendor ? &r->tail.vendor[*n] : &r->tail.triage[*n];
	(*n)++;
	memset(b, 0, sizeof(*b));
	uuid_str(p, b->uuid);
	copy_padded(b->name, sizeof(b->name), p + 16, BUGCHECK_VENDOR_NAME_MAX);
	b->item_flags = iflags;
	if (vendor) {
		b->quota = ld32(p + FIELD(struct bugcheck_vendor_block, quota));
		b->declared =
			ld32(p + FIELD(struct bugcheck_vendor_block, len));
		b->status =
			ld32(p + FIELD(struct bugcheck_vendor_block, status));
	} else {
		b->addr = ld64(p + FIELD(struct bugcheck_triage_block, addr));
		b->declared =
			ld32(p + FIELD(struct bugcheck_triage_block, len));
		b->status =
			ld32(p + FIELD(struct bugcheck_triage_block, status));
	}
	avail = len - 64;
	b->len = b->declared;
	if (b->declared > avail) {
		rec_error(r, "%s block '%s' declares %u bytes, item holds %u",
			  what, b->name, b->declared, avail);
		b->len = avail;
	}
	b->data = p + 64;
}

static void decode_primary(struct bc_record *r)
{
	const uint8_t *b = r->raw, *payload;
	uint32_t pos = r->hdr_size, plen;
	uint16_t type, iflags;
	unsigned int i;
	int ret;

	while ((ret = bc_item_next(b, r->primary_len, &pos, &type, &iflags,
				   &payload, &plen)) > 0) {
		switch (type) {
		case BUGCHECK_ITEM_RELEASE:
			decode_text(r, &r->release, "release", payload, plen,
				    iflags);
			break;
		case BUGCHECK_ITEM_KVERSION:
			decode_text(r, &r->kversion, "kernel version", payload,
				    plen, iflags);
			break;
		case BUGCHECK_ITEM_MACHINE:
			decode_text(r, &r->machine, "machine", payload, plen,
				    iflags);
			break;
		case BUGCHECK_ITEM_MESSAGE:
			decode_text(r, &r->message, "message", payload, plen,
				    iflags);
			break;
		case BUGCHECK_ITEM_REGS:
			decode_regs(r, payload, plen);
			break;
		case BUGCHECK_ITEM_FRAMES:
			decode_frames(r, payload, plen);
			break;
		case BUGCHECK_ITEM_MODULES:
			decode_modules(r, payload, plen);
			break;
		case BUGCHECK_ITEM_LOG:
			decode_log(r, &r->log, "log", payload, plen);
			break;
		default:
			r->unknown_items++;
			break;
		}
	}
	if (ret < 0) /* bc_record_check() rules this out */
		rec_error(r, "primary item list malformed at offset %u", pos);
	for (i = 0; i < r->nframes; i++) {
		if (r->frames[i].module != BUGCHECK_MODULE_NONE &&
		    r->frames[i].module >= r->nmodules) {
			rec_error(r, "frame %u names module %u of %u", i,
				  r->frames[i].module, r->nmodules);
			r->frames[i].module = BUGCHECK_MODULE_NONE;
		}
	}
}

static void decode_tail(struct bc_record *r)
{
	const uint8_t *b = r->raw, *t = r->raw + r->tail.offset, *payload;
	uint32_t pos = r->tail.offset + TAIL_HDR_SIZE, plen;
	uint32_t end = r->tail.offset + r->tail.len;
	uint16_t type, iflags;
	int ret;

	r->tail.flags = ld32(t + FIELD(struct bugcheck_tail_hdr, flags));
	r->tail.capture_ns =
		ld64(t + FIELD(struct bugcheck_tail_hdr, capture_ns));
	while ((ret = bc_item_next(b, end, &pos, &type, &iflags, &payload,
				   &plen)) > 0) {
		switch (type) {
		case BUGCHECK_ITEM_PANIC:
			decode_text(r, &r->tail.panic, "panic", payload, plen,
				    iflags);
			break;
		case BUGCHECK_ITEM_PANIC_LOG:
			decode_log(r, &r->tail.panic_log, "panic log", payload,
				   plen);
			break;
		case BUGCHECK_ITEM_VENDOR:
			decode_block(r, true, payload, plen, iflags);
			break;
		case BUGCHECK_ITEM_TRIAGE:
			decode_block(r, false, payload, plen, iflags);
			break;
		default:
			r->unknown_items++;
			break;
		}
	}
	if (ret < 0)
		rec_error(r, "tail item list malformed at offset %u", pos);
}

static void decode_header(struct bc_record *r)
{
	const uint8_t *h = r->raw;

#define HF(f) (h + FIELD(struct bugcheck_record_hdr, f))
	r->version = ld16(HF(version));
	r->hdr_size = ld16(HF(hdr_size));
	r->crc = ld32(HF(crc));
	r->flags = ld32(HF(flags));
	memcpy(r->boot_id, HF(boot_id), sizeof(r->boot_id));
	r->seq = ld64(HF(seq));
	r->wall_ns = ld64(HF(wall_ns));
	r->uptime_ns = ld64(HF(uptime_ns));
	r->capture_ns = ld64(HF(capture_ns));
	r->taint = ld64(HF(taint));
	r->reason = ld32(HF(reason));
	r->trapnr = (int32_t)ld32(HF(trapnr));
	r->error_code = ld64(HF(error_code));
	r->cr2 = ld64(HF(cr2));
	r->cpu = ld32(HF(cpu));
	r->pid = ld32(HF(pid));
	r->missed = ld32(HF(missed));
	copy_padded(r->comm, sizeof(r->comm), HF(comm), 16);
#undef HF
}

/**
 * bc_record_decode() - decode the record in one slot
 * @buf:  the slot's bytes, or the record's (any alignment)
 * @size: bytes in @buf; bytes beyond BUGCHECK_MAX_SLOT_SIZE are ignored,
 *        since no record can be longer
 * @ret:  set to a new record, free it with bc_record_free()
 *
 * A record that fails validation is still returned, with @valid saying
 * why and nothing but the state word decoded; a record whose primary
 * section verified but whose tail did not (BAD_TAIL) has its primary
 * section decoded.
 *
 * Return: 0, -EINVAL for a NULL argument, -ENOMEM.
 */
int bc_record_decode(const void *buf, size_t size, struct bc_record **ret)
{
	struct bc_check c;
	struct bc_record *r;

	if (!ret || (!buf && size))
		return -EINVAL;
	if (size > BUGCHECK_MAX_SLOT_SIZE)
		size = BUGCHECK_MAX_SLOT_SIZE;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	/* A private, aligned copy: the caller's buffer may go away. */
	r->raw = malloc(size ? size : 1);
	if (!r->raw) {
		free(r);
		return -ENOMEM;
	}
	if (size)
		memcpy(r->raw, buf, size);
	r->size = size;
	r->stored_bytes = size;

	bc_record_check(r->raw, r->size, &c);
	r->valid = c.valid;
	r->state = c.state;
	if (c.valid != BUGCHECK_VALID_OK &&
	    c.valid != BUGCHECK_VALID_BAD_TAIL) {
		*ret = r;
		return 0;
	}
	/*
	 * The module zeroes the tail header behind every primary section it
	 * writes (when it fits), so the tail magic is either "BCTL" or zero.
	 * Anything else is a damaged magic that bc_record_check() reads as
	 * "no tail": report it, instead of silently losing the tail.
	 */
	if (c.valid == BUGCHECK_VALID_OK && !c.tail_off &&
	    r->size - c.primary_len >= TAIL_HDR_SIZE &&
	    ld32(r->raw + c.primary_len) != 0)
		c.valid = BUGCHECK_VALID_BAD_TAIL;
	r->valid = c.valid;
	r->primary_ok = true;
	r->primary_len = c.primary_len;
	decode_header(r);
	decode_primary(r);
	if (c.valid == BUGCHECK_VALID_BAD_TAIL) {
		r->tail.present = true;
		r->tail.offset = c.primary_len;
	} else if (c.tail_off) {
		r->tail.present = true;
		r->tail.ok = true;
		r->tail.offset = c.tail_off;
		r->tail.len = c.tail_len;
		r->stored_bytes = c.tail_off + c.tail_len;
		decode_tail(r);
	} else {
		r->stored_bytes = c.primary_len;
	}
	*ret = r;
	return 0;
}

/**
 * bc_record_free() - free a decoded record; NULL is accepted
 * @r: record
 */
void bc_record_free(struct bc_record *r)
{
	if (!r)
		return;
	free(r->log.text);
	free(r->tail.panic_log.text);
	free(r->raw);
	free(r);
}

/**
 * bc_rec_status_str() - "ok" for a fully verified record, else "corrupt"
 * @r: record
 */
const char *bc_rec_status_str(const struct bc_record *r)
{
	return r->valid == BUGCHECK_VALID_OK ? "ok" : "corrupt";
}

/**
 * bc_rec_reason_str() - name of an enum bugcheck_reason (as in reasons=)
 * @reason: value
 */
const char *bc_rec_reason_str(uint32_t reason)
{
	return reason < BUGCHECK_REASON_MAX ? reason_names[reason] : "invalid";
}

/**
 * bc_rec_state_str() - name of a slot state word
 * @state: value
 */
const char *bc_rec_state_str(uint32_t state)
{
	switch (state) {
	case BUGCHECK_STATE_EMPTY:
		return "empty";
	case BUGCHECK_STATE_WRITING:
		return "writing";
	case BUGCHECK_STATE_NEW:
		return "new";
	case BUGCHECK_STATE_COLLECTED:
		return "collected";
	}
	return "invalid";
}

/**
 * bc_rec_flag_str() - name of record flag bit @bit, NULL if unknown
 * @bit: bit number
 */
const char *bc_rec_flag_str(unsigned int bit)
{
	return bit < sizeof(flag_names) / sizeof(flag_names[0]) ?
		       flag_names[bit] :
		       NULL;
}

/**
 * bc_rec_tail_flag_str() - name of tail flag bit @bit, NULL if unknown
 * @bit: bit number
 */
const char *bc_rec_tail_flag_str(unsigned int bit)
{
	return bit < sizeof(tail_flag_names) / sizeof(tail_flag_names[0]) ?
		       tail_flag_names[bit] :
		       NULL;
}

/**
 * bc_rec_reg_name() - name of register @i of struct bugcheck_regs_x86_64
 * @i: index, < BC_REC_NREGS
 */
const char *bc_rec_reg_name(unsigned int i)
{
	return i < BC_REC_NREGS ? reg_names[i] : "?";
}

/**
 * bc_rec_taint_str() - the taint letters as Linux 6.1 print_tainted() shows
 * them after "Tainted: ", or "Not tainted"
 * @taint: taint mask
 * @buf:   output
 * @size:  its size (BC_REC_TAINT_FLAGS + 1 or more for the full string)
 */
void bc_rec_taint_str(uint64_t taint, char *buf, size_t size)
{
	size_t i;

	if (!size)
		return;
	if (!(taint & ((1ULL << BC_REC_TAINT_FLAGS) - 1))) {
		snprintf(buf, size, "%s", taint ? "" : "Not tainted");
		return;
	}
	for (i = 0; i < BC_REC_TAINT_FLAGS && i + 1 < size; i++)
		buf[i] = taint & (1ULL << i) ? taint_true[i] : taint_false[i];
	buf[i] = '\0';
}

/**
 * bc_rec_boot_id_str() - boot id as 32 lower-case hex digits
 * @id:   16 bytes
 * @buf:  output
 * @size: at least 33 for the whole id
 */
void bc_rec_boot_id_str(const uint8_t id[16], char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (!size)
		return;
	for (i = 0; i < 16 && 2 * i + 2 < size; i++) {
		buf[2 * i] = hex[id[i] >> 4];
		buf[2 * i + 1] = hex[id[i] & 15];
	}
	buf[2 * i] = '\0';
}

/**
 * bc_rec_time_str() - wall clock ns as ISO 8601 UTC with nanoseconds
 * @wall_ns: ns since the epoch
 * @buf:     output
 * @size:    at least 31 bytes for the whole string
 */
void bc_rec_time_str(uint64_t wall_ns, char *buf, size_t size)
{
	time_t sec = (time_t)(wall_ns / 1000000000ULL);
	struct tm tm;
	char day[32];

	if (!size)
		return;
	if (!gmtime_r(&sec, &tm) ||
	    !strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, size, "invalid");
		return;
	}
	snprintf(buf, size, "%s.%09lluZ", day,
		 (unsigned long long)(wall_ns % 1000000000ULL));
}

/**
 * bc_rec_module_name() - name of a frame's module
 * @r:   record
 * @idx: bc_rec_frame.module
 *
 * Return: the module name, or "" for vmlinux (or a bad index).
 */
const char *bc_rec_module_name(const struct bc_record *r, uint16_t idx)
{
	if (idx == BUGCHECK_MODULE_NONE || idx >= r->nmodules)
		return "";
	return r->modules[idx].name;
}

/**
 * bc_region_is_dump() - does @buf start with a region header's magic?
 * @buf:  bytes
 * @size: bytes in @buf
 */
bool bc_region_is_dump(const void *buf, size_t size)
{
	return size >= 8 && !memcmp(buf, BUGCHECK_REGION_MAGIC, 8);
}

/**
 * bc_region_parse() - check the header of a region dump
 * @buf:  the dump
 * @size: its size
 * @v:    geometry found
 * @why:  reason on failure
 *
 * The slots are at BUGCHECK_REGION_HDR_SIZE + i * slot_size.  A dump cut
 * short keeps the slots it holds completely (@v->present).
 *
 * Return: 0, or the negative errno of bc_region_hdr_check(), or -EINVAL
 * when the dump is shorter than the header.
 */
int bc_region_parse(const void *buf, size_t size, struct bc_region_view *v,
		    const char **why)
{
	struct bugcheck_region_hdr h;
	uint64_t n;
	int ret;

	if (size < BUGCHECK_REGION_HDR_SIZE) {
		*why = "dump is shorter than the 4096-byte region header";
		return -EINVAL;
	}
	memcpy(&h, buf, sizeof(h));
	/* Geometry only: a short dump is handled below, slot by slot. */
	ret = bc_region_hdr_check(&h, UINT64_MAX, why);
	if (ret)
		return ret;
	v->slot_size = le32toh(h.slot_size);
	v->slot_count = le32toh(h.slot_count);
	v->format_ns = le64toh(h.format_ns);
	n = (size - BUGCHECK_REGION_HDR_SIZE) / v->slot_size;
	v->present = n < v->slot_count ? (uint32_t)n : v->slot_count;
	*why = NULL;
	return 0;
}
