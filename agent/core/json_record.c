// SPDX-License-Identifier: GPL-2.0
/*
 * JSON form of a decoded record.  Keys that describe the crash (reason,
 * kernel_release, log, stack, regs, capture_ns ...) are always present so
 * that consumers need no existence checks; they are null when the record
 * did not verify or did not carry that item.  Addresses and registers are
 * "0x..." strings because JSON numbers lose precision above 2^53.
 */
#include <stdio.h>
#include <stdlib.h>

#include "json_record.h"

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	(void)json_object_object_add(o, key, v);
}

/**
 * bc_json_hex() - a 64-bit value as a "0x%016llx" JSON string
 * @v: value
 */
struct json_object *bc_json_hex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	return json_object_new_string(buf);
}

static struct json_object *text(const struct bc_rec_text *t)
{
	return t->present ? json_object_new_string(t->s) : NULL;
}

static struct json_object *flag_list(uint32_t flags,
				     const char *(*name)(unsigned int))
{
	struct json_object *a = json_object_new_array();
	char buf[16];
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		if (!(flags & (1U << bit)))
			continue;
		if (name(bit)) {
			json_object_array_add(
				a, json_object_new_string(name(bit)));
		} else {
			snprintf(buf, sizeof(buf), "0x%x", 1U << bit);
			json_object_array_add(a, json_object_new_string(buf));
		}
	}
	return a;
}

static struct json_object *hex_data(const uint8_t *p, uint32_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct json_object *o;
	char *s = malloc(2 * (size_t)len + 1);
	uint32_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 15];
	}
	s[2 * (size_t)len] = '\0';
	o = json_object_new_string_len(s, 2 * (int)len);
	free(s);
	return o;
}

/* Standard base64 (RFC 4648) of @len bytes, padded. */
static struct json_object *base64_data(const uint8_t *p, uint32_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 4 * (((size_t)len + 2) / 3), o = 0;
	struct json_object *obj;
	uint32_t i, v;
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		s[o++] = b64[v >> 18];
		s[o++] = b64[(v >> 12) & 63];
		s[o++] = b64[(v >> 6) & 63];
		s[o++] = b64[v & 63];
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16 |
		    (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0);
		s[o++] = b64[v >> 18];
		s[o++] = b64[(v >> 12) & 63];
		s[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		s[o++] = '=';
	}
	s[o] = '\0';
	obj = json_object_new_string_len(s, (int)o);
	free(s);
	return obj;
}

/* Bytes of a vendor or triage block shown as hex in the preview. */
#define BLOCK_HEX_PREVIEW 64

static struct json_object *log_info(const struct bc_rec_log *lg)
{
	struct json_object *o;

	if (!lg->present)
		return NULL;
	o = json_object_new_object();
	add(o, "codec",
	    json_object_new_string(
		    lg->codec == BUGCHECK_CODEC_ZSTD ? "zstd" :
		    lg->codec == BUGCHECK_CODEC_LZ4  ? "lz4" :
		    lg->codec == BUGCHECK_CODEC_NONE ? "none" :
						       "unknown"));
	add(o, "raw_len", json_object_new_int64(lg->raw_len));
	add(o, "stored_len", json_object_new_int64(lg->stored_len));
	add(o, "start_cut",
	    json_object_new_boolean(lg->flags & BUGCHECK_LF_START_CUT));
	add(o, "error", lg->ok ? NULL : json_object_new_string(lg->error));
	return o;
}

static struct json_object *log_text(const struct bc_rec_log *lg)
{
	if (!lg->present || !lg->ok)
		return NULL;
	return json_object_new_string_len(lg->text, (int)lg->len);
}

static struct json_object *block(const struct bc_rec_block *b, bool vendor)
{
	struct json_object *o = json_object_new_object();

	add(o, "uuid", json_object_new_string(b->uuid));
	add(o, "name", json_object_new_string(b->name));
	if (vendor)
		add(o, "quota", json_object_new_int64(b->quota));
	else
		add(o, "address", bc_json_hex(b->addr));
	add(o, "status", json_object_new_int64(b->status));
	add(o, "truncated",
	    json_object_new_boolean(b->item_flags & BUGCHECK_IF_TRUNCATED ||
				    b->len < b->declared));
	add(o, "faulted",
	    json_object_new_boolean(b->item_flags & BUGCHECK_IF_FAULTED));
	add(o, "size", json_object_new_int64(b->declared));
	add(o, "data_len", json_object_new_int64(b->len));
	add(o, "data_base64", base64_data(b->data, b->len));
	/* A preview: the first bytes only; data_base64 has them all. */
	add(o, "data_hex",
	    hex_data(b->data,
		     b->len < BLOCK_HEX_PREVIEW ? b->len : BLOCK_HEX_PREVIEW));
	return o;
}

static struct json_object *tail(const struct bc_record *r)
{
	const struct bc_rec_tail *t = &r->tail;
	struct json_object *o, *a;
	unsigned int i;

	if (!t->present)
		return NULL;
	o = json_object_new_object();
	add(o, "status", json_object_new_string(t->ok ? "ok" : "corrupt"));
	add(o, "offset", json_object_new_int64(t->offset));
	if (!t->ok)
		return o;
	add(o, "len", json_object_new_int64(t->len));
	add(o, "flags", json_object_new_int64(t->flags));
	add(o, "flag_names", flag_list(t->flags, bc_rec_tail_flag_str));
	add(o, "capture_ns", json_object_new_uint64(t->capture_ns));
	add(o, "panic_message", text(&t->panic));
	add(o, "panic_log", log_text(&t->panic_log));
	add(o, "panic_log_info", log_info(&t->panic_log));
	a = json_object_new_array();
	for (i = 0; i < t->nvendor; i++)
		json_object_array_add(a, block(&t->vendor[i], true));
	add(o, "vendor", a);
	a = json_object_new_array();
	for (i = 0; i < t->ntriage; i++)
		json_object_array_add(a, block(&t->triage[i], false));
	add(o, "triage", a);
	return o;
}

static void add_primary(struct json_object *o, const struct bc_record *r)
{
	struct json_object *a, *e;
	char buf[64];
	unsigned int i;

	add(o, "version", json_object_new_int(r->version));
	add(o, "hdr_size", json_object_new_int(r->hdr_size));
	snprintf(buf, sizeof(buf), "0x%08x", r->crc);
	add(o, "crc", json_object_new_string(buf));
	add(o, "primary_len", json_object_new_int64(r->primary_len));
	bc_rec_boot_id_str(r->boot_id, buf, sizeof(buf));
	add(o, "boot_id", json_object_new_string(buf));
	add(o, "seq", json_object_new_uint64(r->seq));
	add(o, "wall_ns", json_object_new_uint64(r->wall_ns));
	bc_rec_time_str(r->wall_ns, buf, sizeof(buf));
	add(o, "wall_time", json_object_new_string(buf));
	add(o, "uptime_ns", json_object_new_uint64(r->uptime_ns));
	add(o, "capture_ns", json_object_new_uint64(r->capture_ns));
	add(o, "taint", json_object_new_uint64(r->taint));
	bc_rec_taint_str(r->taint, buf, sizeof(buf));
	add(o, "taint_flags", json_object_new_string(buf));
	add(o, "reason", json_object_new_string(bc_rec_reason_str(r->reason)));
	add(o, "reason_code", json_object_new_int64(r->reason));
	add(o, "trapnr", json_object_new_int(r->trapnr));
	add(o, "error_code", bc_json_hex(r->error_code));
	add(o, "cr2", bc_json_hex(r->cr2));
	add(o, "cpu", json_object_new_int64(r->cpu));
	add(o, "pid", json_object_new_int64(r->pid));
	add(o, "comm", json_object_new_string(r->comm));
	add(o, "flags", json_object_new_int64(r->flags));
	add(o, "flag_names", flag_list(r->flags, bc_rec_flag_str));
	add(o, "missed", json_object_new_int64(r->missed));
	add(o, "kernel_release", text(&r->release));
	add(o, "kernel_version", text(&r->kversion));
	add(o, "machine", text(&r->machine));
	add(o, "message", text(&r->message));

	if (r->have_regs) {
		e = json_object_new_object();
		for (i = 0; i < BC_REC_NREGS; i++)
			add(e, bc_rec_reg_name(i), bc_json_hex(r->regs[i]));
		add(o, "regs", e);
	} else {
		add(o, "regs", NULL);
	}

	a = json_object_new_array();
	for (i = 0; i < r->nframes; i++) {
		const struct bc_rec_frame *f = &r->frames[i];

		e = json_object_new_object();
		add(e, "symbol",
		    f->symbol[0] ? json_object_new_string(f->symbol) : NULL);
		add(e, "offset", json_object_new_int64(f->offset));
		add(e, "size", json_object_new_int64(f->size));
		add(e, "module",
		    f->module == BUGCHECK_MODULE_NONE ?
			    NULL :
			    json_object_new_string(
				    bc_rec_module_name(r, f->module)));
		add(e, "address", bc_json_hex(f->addr));
		json_object_array_add(a, e);
	}
	add(o, "stack", a);
	add(o, "stack_total", json_object_new_int64(r->frames_total));
	add(o, "stack_from_regs",
	    json_object_new_boolean(r->frames_flags & BUGCHECK_FF_FROM_REGS));

	a = json_object_new_array();
	for (i = 0; i < r->nmodules; i++) {
		const struct bc_rec_module *m = &r->modules[i];

		e = json_object_new_object();
		add(e, "name", json_object_new_string(m->name));
		add(e, "base", bc_json_hex(m->base));
		add(e, "size", json_object_new_int64(m->size));
		add(e, "taints", json_object_new_int64(m->taints));
		add(e, "version", json_object_new_string(m->version));
		add(e, "id_kind",
		    json_object_new_string(
			    m->id_kind == BUGCHECK_MODID_SRCVERSION ?
				    "srcversion" :
			    m->id_kind == BUGCHECK_MODID_BUILD_ID ? "build-id" :
								    "none"));
		add(e, "id", json_object_new_string(m->id));
		json_object_array_add(a, e);
	}
	add(o, "modules", a);

	add(o, "log", log_text(&r->log));
	add(o, "log_info", log_info(&r->log));
	add(o, "tail", tail(r));
	add(o, "unknown_items", json_object_new_int64(r->unknown_items));
	add(o, "dropped", json_object_new_int64(r->dropped));
	a = json_object_new_array();
	for (i = 0; i < r->nerrors; i++)
		json_object_array_add(a, json_object_new_string(r->errors[i]));
	add(o, "decode_errors", a);
}

/**
 * bc_json_record() - JSON object describing @r
 * @r: decoded record
 *
 * Return: a new object (caller puts it), or NULL when out of memory.
 */
struct json_object *bc_json_record(const struct bc_record *r)
{
	struct json_object *o = json_object_new_object();
	static const char *const null_keys[] = {
		"reason",     "kernel_release", "log", "stack",	  "regs",
		"capture_ns", "boot_id",	"seq", "wall_ns", "wall_time",
	};
	char buf[16];
	unsigned int i;

	if (!o)
		return NULL;
	add(o, "status", json_object_new_string(bc_rec_status_str(r)));
	add(o, "verdict", json_object_new_string(bc_valid_str(r->valid)));
	add(o, "primary_valid", json_object_new_boolean(r->primary_ok));
	add(o, "state", json_object_new_string(bc_rec_state_str(r->state)));
	snprintf(buf, sizeof(buf), "0x%08x", r->state);
	add(o, "state_word", json_object_new_string(buf));
	add(o, "size", json_object_new_int64(r->size));
	add(o, "stored_bytes", json_object_new_int64(r->stored_bytes));
	if (r->primary_ok) {
		add_primary(o, r);
	} else {
		for (i = 0; i < sizeof(null_keys) / sizeof(null_keys[0]); i++)
			add(o, null_keys[i], NULL);
	}
	return o;
}
