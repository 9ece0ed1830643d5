// SPDX-License-Identifier: GPL-2.0
/*
 * Progressive collection: kinds, limits, request bodies.  Pure: no store,
 * no HTTP.  A sample is data an agent already scrubbed (agent/core/scrub.c);
 * the server cannot re-scrub it, but it re-checks its size and shape so a
 * broken or hostile agent cannot store anything else.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "collect.h"
#include "utf8.h"

static const struct {
	const char *name;
	unsigned int wanted; /* default samples per bucket */
	size_t max; /* bytes */
} kinds[COLLECT_KINDS] = {
	/* the agent keeps the last 64 KiB of the log (BC_REPORT_LOG_MAX) */
	[COLLECT_LOG_TAIL] = { "log_tail", 3, 64 * 1024 },
	/* only when a vendor (or an admin) asks: the data is the vendor's */
	[COLLECT_VENDOR_DATA] = { "vendor_data", 0, 512 * 1024 },
	[COLLECT_KDUMP_DMESG] = { "kdump_dmesg", 0, 1024 * 1024 },
};

unsigned int collect_default_wanted(enum collect_kind k)
{
	return k < COLLECT_KINDS ? kinds[k].wanted : 0;
}

const char *collect_kind_name(enum collect_kind k)
{
	return k < COLLECT_KINDS ? kinds[k].name : "?";
}

int collect_kind_parse(const char *s)
{
	for (int k = 0; k < COLLECT_KINDS; k++)
		if (s && !strcmp(s, kinds[k].name))
			return k;
	return -EINVAL;
}

size_t collect_max_bytes(enum collect_kind k)
{
	return k < COLLECT_KINDS ? kinds[k].max : 0;
}

static int bad(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return e;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool is_name(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-';
}

/* One "UUID NAME HEX" line of @n bytes (without its newline). */
static bool vendor_line_ok(const char *l, size_t n)
{
	size_t i, start;

	if (n < 36 + 1 + 1 + 1)
		return false;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? l[i] != '-' : !is_hex(l[i]))
			return false;
	}
	if (l[36] != ' ')
		return false;
	for (i = start = 37; i < n && is_name(l[i]); i++)
		;
	/* BUGCHECK_VENDOR_NAME_MAX (include/uapi/bugcheck.h) less its NUL */
	if (i == start || i - start > 23 || i >= n || l[i] != ' ')
		return false;
	for (start = ++i; i < n && is_hex(l[i]); i++)
		;
	return i == n && (n - start) % 2 == 0;
}

int collect_check_data(enum collect_kind k, const char *data, size_t len,
		       char *err, size_t errlen)
{
	size_t i, e;

	if (k >= COLLECT_KINDS)
		return bad(err, errlen, -EINVAL, "unknown kind");
	if (len > kinds[k].max)
		return bad(err, errlen, -EMSGSIZE,
			   "%s of %zu bytes is larger than the %zu allowed",
			   kinds[k].name, len, kinds[k].max);
	if (!len)
		return bad(err, errlen, -EINVAL, "field 'data' is empty");
	if (memchr(data, '\0', len))
		return bad(err, errlen, -EINVAL,
			   "field 'data' holds a NUL character");
	if (!utf8_valid(data, len))
		return bad(err, errlen, -EINVAL,
			   "field 'data' is not valid UTF-8");
	if (k != COLLECT_VENDOR_DATA)
		return 0;
	for (i = 0; i < len; i = e + 1) {
		const char *nl = memchr(data + i, '\n', len - i);

		e = nl ? (size_t)(nl - data) : len;
		if (e == i && e + 1 >= len)
			break; /* a final newline */
		if (!vendor_line_ok(data + i, e - i))
			return bad(
				err, errlen, -EINVAL,
				"vendor_data line at offset %zu is not \"UUID NAME HEX\"",
				i);
	}
	return 0;
}

static int parse_object(const char *body, size_t len, json_object **ret,
			char *err, size_t errlen)
{
	struct json_tokener *tok;
	json_object *o;
	size_t end;

	if (len > INT32_MAX)
		return bad(err, errlen, -EINVAL, "body too large");
	tok = json_tokener_new_ex(8);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success) {
		bad(err, errlen, -EINVAL, "body is not valid JSON: %s",
		    json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(o);
		json_tokener_free(tok);
		return -EINVAL;
	}
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; end < len; end++)
		if (!strchr(" \t\r\n", body[end])) {
			json_object_put(o);
			return bad(err, errlen, -EINVAL,
				   "trailing data after the JSON value");
		}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return bad(err, errlen, -EINVAL, "body must be a JSON object");
	}
	*ret = o;
	return 0;
}

int collect_decode_upload(const char *body, size_t len,
			  enum collect_kind *ret_kind, char **ret_data,
			  size_t *ret_len, char *err, size_t errlen)
{
	json_object *o, *v;
	const char *s;
	size_t n;
	int k, e;

	e = parse_object(body, len, &o, err, errlen);
	if (e)
		return e;
	json_object_object_foreach(o, key, val)
	{
		(void)val;
		if (strcmp(key, "kind") && strcmp(key, "data")) {
			e = bad(err, errlen, -EINVAL, "unknown field '%.64s'",
				key);
			goto out;
		}
	}
	if (!json_object_object_get_ex(o, "kind", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		e = bad(err, errlen, -EINVAL,
			"field 'kind' must be a string: log_tail, vendor_data or kdump_dmesg");
		goto out;
	}
	k = collect_kind_parse(json_object_get_string(v));
	if (k < 0) {
		e = bad(err, errlen, -EINVAL,
			"unknown kind '%.32s': log_tail, vendor_data or kdump_dmesg",
			json_object_get_string(v));
		goto out;
	}
	if (!json_object_object_get_ex(o, "data", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		e = bad(err, errlen, -EINVAL, "field 'data' must be a string");
		goto out;
	}
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	e = collect_check_data(k, s, n, err, errlen);
	if (e)
		goto out;
	*ret_data = malloc(n + 1);
	if (!*ret_data) {
		e = -ENOMEM;
		goto out;
	}
	memcpy(*ret_data, s, n + 1);
	*ret_len = n;
	*ret_kind = k;
out:
	json_object_put(o);
	return e;
}

int collect_decode_wanted(const char *body, size_t len,
			  int wanted[COLLECT_KINDS], char *err, size_t errlen)
{
	json_object *o;
	int64_t n;
	int k, e;

	for (k = 0; k < COLLECT_KINDS; k++)
		wanted[k] = -1;
	e = parse_object(body, len, &o, err, errlen);
	if (e)
		return e;
	json_object_object_foreach(o, key, val)
	{
		k = collect_kind_parse(key);
		if (k < 0) {
			e = bad(err, errlen, -EINVAL,
				"unknown kind '%.32s': log_tail, vendor_data or kdump_dmesg",
				key);
			break;
		}
		n = json_object_get_int64(val);
		if (!json_object_is_type(val, json_type_int) || n < 0 ||
		    n > COLLECT_WANTED_MAX) {
			e = bad(err, errlen, -EINVAL,
				"field '%s' must be an integer 0..%d", key,
				COLLECT_WANTED_MAX);
			break;
		}
		wanted[k] = (int)n;
	}
	json_object_put(o);
	return e;
}
