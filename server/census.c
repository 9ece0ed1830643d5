// SPDX-License-Identifier: GPL-2.0
/*
 * Census decoder (census.h).  The body is hostile: json-c parses it with
 * a small depth limit, then each field is checked for type, length and
 * characters, and the error names the field.  Unlike a report's free
 * text, census text is refused rather than repaired when it is not UTF-8:
 * a denominator under a mangled name would count nothing useful.  Unknown
 * keys are ignored (a newer agent may add some) and never stored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "census.h"
#include "utf8.h"

#define CENSUS_DEPTH_MAX 4 /* object, modules array, module, string */

static const char *const dim_names[CENSUS_DIMS] = {
	[CENSUS_TOTAL] = "total",   [CENSUS_KERNEL] = "kernel",
	[CENSUS_MODULE] = "module", [CENSUS_MARKET] = "market",
	[CENSUS_DEVICE] = "device", [CENSUS_OS] = "os",
};

int census_dim_parse(const char *s)
{
	for (int i = 0; s && i < CENSUS_DIMS; i++)
		if (!strcmp(s, dim_names[i]))
			return i;
	return -1;
}

const char *census_dim_name(enum census_dim d)
{
	return d < CENSUS_DIMS ? dim_names[d] : "?";
}

__attribute__((format(printf, 3, 4))) static int bad(char *err, size_t size,
						     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

enum cs {
	CS_HEX, /* 0-9 a-f A-F, stored lowercase */
	CS_TOKEN, /* printable ASCII without space */
	CS_IDENT, /* A-Z a-z 0-9 _ . - */
	CS_MODNAME, /* A-Z a-z 0-9 _ - (a module name as /proc/modules shows it) */
	CS_TEXT, /* UTF-8 without control characters */
};

static bool ch_ok(enum cs cs, unsigned char ch)
{
	bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		     (ch >= 'A' && ch <= 'Z');

	switch (cs) {
	case CS_HEX:
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		       (ch >= 'A' && ch <= 'F');
	case CS_TOKEN:
		return ch > 0x20 && ch < 0x7f;
	case CS_IDENT:
		return alnum || ch == '_' || ch == '.' || ch == '-';
	case CS_MODNAME:
		return alnum || ch == '_' || ch == '-';
	case CS_TEXT:
		return ch >= 0x20 && ch != 0x7f;
	}
	return false;
}

/*
 * String member @key of @obj (path @path for the error) into @out, at
 * most @size - 1 bytes and at least @min.  Missing or null: an error when
 * @min > 0, else "".
 */
static int get(json_object *obj, const char *path, const char *key, size_t min,
	       enum cs cs, char *out, size_t size, char *err, size_t err_size)
{
	json_object *v;
	const char *s;
	size_t len;

	out[0] = '\0';
	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		if (min)
			return bad(err, err_size, "missing field '%s%s'", path,
				   key);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return bad(err, err_size, "field '%s%s' must be a string", path,
			   key);
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (strlen(s) != len)
		return bad(err, err_size,
			   "field '%s%s' contains a NUL character", path, key);
	if (len < min || len >= size)
		return bad(err, err_size,
			   "field '%s%s' must be %zu..%zu bytes long, not %zu",
			   path, key, min, size - 1, len);
	if (cs == CS_TEXT && !utf8_valid(s, len))
		return bad(err, err_size, "field '%s%s' is not valid UTF-8",
			   path, key);
	for (size_t i = 0; i < len; i++)
		if (!ch_ok(cs, (unsigned char)s[i]))
			return bad(
				err, err_size,
				"field '%s%s' has a forbidden character at offset %zu",
				path, key, i);
	for (size_t i = 0; i <= len; i++)
		out[i] = cs == CS_HEX && s[i] >= 'A' && s[i] <= 'F' ?
				 (char)(s[i] - 'A' + 'a') :
				 s[i];
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct census_module *)a)->name,
		      ((const struct census_module *)b)->name);
}

/* The modules, sorted by name: the stores count them in that order. */
static int get_modules(json_object *root, struct census *c, char *err,
		       size_t err_size)
{
	char path[32];
	json_object *a;
	size_t n;
	int e;

	if (!json_object_object_get_ex(root, "modules", &a) || !a)
		return bad(
			err, err_size,
			"missing field 'modules' (an array, empty when no out-of-tree module is loaded)");
	if (!json_object_is_type(a, json_type_array))
		return bad(err, err_size, "field 'modules' must be an array");
	n = json_object_array_length(a);
	if (n > CENSUS_MODULES_MAX)
		return bad(err, err_size,
			   "field 'modules' has %zu entries, at most %d", n,
			   CENSUS_MODULES_MAX);
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(a, i);
		struct census_module *cm = &c->modules[i];

		snprintf(path, sizeof(path), "modules[%zu].", i);
		if (!m || !json_object_is_type(m, json_type_object))
			return bad(err, err_size,
				   "field 'modules[%zu]' must be an object", i);
		e = get(m, path, "name", 1, CS_MODNAME, cm->name,
			sizeof(cm->name), err, err_size);
		if (!e)
			e = get(m, path, "version", 0, CS_TEXT, cm->version,
				sizeof(cm->version), err, err_size);
		if (e)
			return e;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->modules[j].name, cm->name))
				return bad(
					err, err_size,
					"field 'modules[%zu].name': module '%s' is listed twice",
					i, cm->name);
	}
	c->n_modules = n;
	qsort(c->modules, n, sizeof(c->modules[0]), by_name);
	return 0;
}

int census_decode(const char *buf, size_t len, struct census *ret, char *err,
		  size_t err_size)
{
	static const char *const devices[] = { "server", "desktop", "laptop",
					       "vm", "unknown" };
	struct json_tokener *tok;
	json_object *root;
	bool dev_ok = false;
	int e;

	memset(ret, 0, sizeof(*ret));
	if (len > CENSUS_BODY_MAX) {
		snprintf(err, err_size, "census body larger than %d bytes",
			 CENSUS_BODY_MAX);
		return -EMSGSIZE;
	}
	if (memchr(buf, '\0', len))
		return bad(err, err_size, "body contains a NUL byte");
	tok = json_tokener_new_ex(CENSUS_DEPTH_MAX);
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset != (int)len) {
		e = bad(err, err_size, "body is not one JSON value: %s",
			json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(root);
		json_tokener_free(tok);
		return e;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return bad(err, err_size, "census must be a JSON object");
	}
	e = get(root, "", "machine_id", 16, CS_HEX, ret->machine_id,
		sizeof(ret->machine_id), err, err_size);
	if (!e)
		e = get(root, "", "kernel_release", 1, CS_TOKEN,
			ret->kernel_release, sizeof(ret->kernel_release), err,
			err_size);
	if (!e)
		e = get(root, "", "os_release", 0, CS_TEXT, ret->os_release,
			sizeof(ret->os_release), err, err_size);
	if (!e)
		e = get(root, "", "device_type", 1, CS_IDENT, ret->device_type,
			sizeof(ret->device_type), err, err_size);
	for (size_t i = 0; !e && i < sizeof(devices) / sizeof(devices[0]); i++)
		dev_ok |= !strcmp(devices[i], ret->device_type);
	if (!e && !dev_ok)
		e = bad(err, err_size,
			"field 'device_type' must be server, desktop, laptop, vm or unknown");
	if (!e)
		e = get(root, "", "market", 0, CS_IDENT, ret->market,
			sizeof(ret->market), err, err_size);
	if (!e)
		e = get_modules(root, ret, err, err_size);
	json_object_put(root);
	return e;
}
