// SPDX-License-Identifier: GPL-2.0
/*
 * Report decoder.  json-c parses with a small depth limit; then every
 * field is pulled out by one table-free helper per shape that checks type,
 * length and charset and names the field path in its error.  Unknown keys
 * are ignored (newer agents may add fields) and not stored: the stored
 * record is rebuilt from the validated fields only.
 *
 * The server decides bucket identity: the failure hash is recomputed from
 * class code, image and title with bc_failure_hash(), the one published
 * hash function (agent/classify_title.c, linked in, not copied), and a
 * report whose hash does not match its own content is refused.
 *
 * Text fields (CS_LINE) and the log may hold any UTF-8; invalid sequences
 * are replaced by U+FFFD, after the hash check, which hashes the title as
 * sent.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "bucket.h"
#include "classify.h"
#include "report.h"
#include "sbuf.h"
#include "utf8.h"

#define JSON_DEPTH_MAX 12

enum charset {
	CS_HEX, /* 0-9 a-f A-F (stored lowercase) */
	CS_HASH, /* hex digits and '-' (stored lowercase) */
	CS_IDENT, /* A-Z a-z 0-9 _ . - */
	CS_LOWER, /* a-z 0-9 _ */
	CS_UPPER, /* A-Z 0-9 _ */
	CS_TOKEN, /* printable ASCII without space */
	CS_LINE, /* any text without control characters */
	CS_SYMBOL, /* A-Z a-z 0-9 _ . $ */
	CS_MODFILE, /* A-Z a-z 0-9 _ . - + (module file names) */
};

/*
 * The parsed body (issue 15: json-c's tokenizer and object tree were 66k
 * of the 138k instructions decoding a report cost, callgrind).  Bodies
 * are parsed first by jfast_parse(), a strict parser of the plain JSON
 * agents write: objects, arrays, strings without \u escapes or control
 * characters, integers of at most 18 digits without a leading zero,
 * true, false and null, at most JFAST_DEPTH levels deep.  Anything else
 * (an error, a \u escape, a fraction, an exponent, a long number, deeper
 * nesting) is parsed again by json-c, exactly as before, and json-c's
 * tree is copied into the same struct jdoc: json-c alone decides what
 * is refused and with which message, and jfast_parse() only accepts
 * what json-c accepts with the same values (report_json_selfcheck(),
 * run by the unit test and the fuzzer on every input).  A key sent
 * twice means its last value, as json-c's look-up gives.
 */
enum jtype { J_NULL, J_BOOL, J_INT, J_DOUBLE, J_STRING, J_ARRAY, J_OBJECT };

#define JFAST_DEPTH 8 /* below JSON_DEPTH_MAX: deeper goes to json-c */

struct jval {
	enum jtype type;
	uint32_t n; /* J_STRING: bytes; J_ARRAY, J_OBJECT: members */
	uint32_t first; /* J_ARRAY, J_OBJECT: the first member's index */
	uint32_t next; /* the next member of the parent (0: none) */
	const char *key; /* a member of an object: its key */
	const char *s; /* J_STRING: NUL-terminated (may hold a NUL) */
	int64_t i; /* J_INT; J_BOOL: 0 or 1 */
};

struct jdoc {
	struct jval *v; /* v[0] unused (index 0: none), v[1] the root */
	uint32_t n, cap;
	char *text; /* jfast_parse(): the copy its strings point into */
	json_object *jc; /* json-c's tree its strings point into */
};

static void jdoc_free(struct jdoc *d)
{
	free(d->v);
	free(d->text);
	json_object_put(d->jc);
	memset(d, 0, sizeof(*d));
}

/* A new value; 0 when out of memory. */
static uint32_t jdoc_add(struct jdoc *d, enum jtype t)
{
	if (d->n == d->cap) {
		uint32_t cap = d->cap ? 2 * d->cap : 64;
		struct jval *v;

		if (cap > (1u << 28) || !(v = realloc(d->v, cap * sizeof(*v))))
			return 0;
		d->v = v;
		d->cap = cap;
		if (!d->n)
			d->n = 1; /* index 0 means none */
	}
	d->v[d->n] = (struct jval){ .type = t };
	return d->n++;
}

/* Links value @k as the last member of @parent (@tail: its last). */
static void jdoc_link(struct jdoc *d, uint32_t parent, uint32_t *tail,
		      uint32_t k)
{
	if (*tail)
		d->v[*tail].next = k;
	else
		d->v[parent].first = k;
	*tail = k;
	d->v[parent].n++;
}

/* The member @key of object @o (its last copy), or NULL. */
static const struct jval *jv_get(const struct jdoc *d, const struct jval *o,
				 const char *key)
{
	const struct jval *found = NULL;

	if (!o || o->type != J_OBJECT)
		return NULL;
	for (uint32_t k = o->first; k; k = d->v[k].next)
		if (!strcmp(d->v[k].key, key))
			found = &d->v[k];
	return found;
}

/* The same, NULL for a null value too ("missing"). */
static const struct jval *jv_field(const struct jdoc *d, const struct jval *o,
				   const char *key)
{
	const struct jval *v = jv_get(d, o, key);

	return v && v->type != J_NULL ? v : NULL;
}

static const struct jval *jv_first(const struct jdoc *d, const struct jval *a)
{
	return a->first ? &d->v[a->first] : NULL;
}

static const struct jval *jv_next(const struct jdoc *d, const struct jval *x)
{
	return x->next ? &d->v[x->next] : NULL;
}

struct jfast {
	struct jdoc *d;
	char *p, *end;
};

/* Result of a jfast step: parsed, or leave it to json-c (or no memory). */
enum { JF_OK = 0, JF_NO = 1 };

static bool jf_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void jf_skip(struct jfast *f)
{
	while (f->p < f->end && jf_ws(*f->p))
		f->p++;
}

/* After a number or literal: what may follow it. */
static bool jf_delim(const struct jfast *f)
{
	return f->p == f->end || jf_ws(*f->p) || *f->p == ',' || *f->p == '}' ||
	       *f->p == ']';
}

/* A string at f->p (its '"'), decoded in place; @ret: its start. */
static int jf_string(struct jfast *f, char **ret, uint32_t *ret_n)
{
	char *dst = ++f->p, *start = dst;

	while (f->p < f->end) {
		unsigned char ch = (unsigned char)*f->p++;

		if (ch == '"') {
			*dst = '\0'; /* over the closing quote at worst */
			*ret = start;
			*ret_n = (uint32_t)(dst - start);
			return JF_OK;
		}
		if (ch < 0x20)
			return JF_NO;
		if (ch == '\\') {
			if (f->p == f->end)
				return JF_NO;
			switch (*f->p++) {
			case '"':
				ch = '"';
				break;
			case '\\':
				ch = '\\';
				break;
			case '/':
				ch = '/';
				break;
			case 'b':
				ch = '\b';
				break;
			case 'f':
				ch = '\f';
				break;
			case 'n':
				ch = '\n';
				break;
			case 'r':
				ch = '\r';
				break;
			case 't':
				ch = '\t';
				break;
			default:
				return JF_NO; /* \u and errors: json-c */
			}
		}
		*dst++ = (char)ch;
	}
	return JF_NO;
}

static int jf_value(struct jfast *f, int depth, uint32_t *ret);

/* An object or array at f->p; members of an object have keys. */
static int jf_container(struct jfast *f, int depth, uint32_t *ret)
{
	bool obj = *f->p == '{';
	char close = obj ? '}' : ']';
	uint32_t me, tail = 0;

	if (depth >= JFAST_DEPTH)
		return JF_NO;
	me = jdoc_add(f->d, obj ? J_OBJECT : J_ARRAY);
	if (!me)
		return -ENOMEM;
	f->p++;
	jf_skip(f);
	if (f->p < f->end && *f->p == close) {
		f->p++;
		*ret = me;
		return JF_OK;
	}
	for (;;) {
		char *key = NULL;
		uint32_t k, klen;
		int e;

		if (obj) {
			if (f->p == f->end || *f->p != '"')
				return JF_NO;
			if ((e = jf_string(f, &key, &klen)))
				return e;
			jf_skip(f);
			if (f->p == f->end || *f->p != ':')
				return JF_NO;
			f->p++;
			jf_skip(f);
		}
		if ((e = jf_value(f, depth + 1, &k)))
			return e;
		f->d->v[k].key = key;
		jdoc_link(f->d, me, &tail, k);
		jf_skip(f);
		if (f->p == f->end)
			return JF_NO;
		if (*f->p == close) {
			f->p++;
			*ret = me;
			return JF_OK;
		}
		if (*f->p++ != ',')
			return JF_NO;
		jf_skip(f);
	}
}

static int jf_value(struct jfast *f, int depth, uint32_t *ret)
{
	static const struct {
		const char *word;
		size_t len;
		enum jtype type;
		int64_t i;
	} lits[] = { { "true", 4, J_BOOL, 1 },
		     { "false", 5, J_BOOL, 0 },
		     { "null", 4, J_NULL, 0 } };
	uint32_t me;

	if (f->p == f->end)
		return JF_NO;
	if (*f->p == '{' || *f->p == '[')
		return jf_container(f, depth, ret);
	if (*f->p == '"') {
		char *s;
		uint32_t n;
		int e = jf_string(f, &s, &n);

		if (e)
			return e;
		if (!(me = jdoc_add(f->d, J_STRING)))
			return -ENOMEM;
		f->d->v[me].s = s;
		f->d->v[me].n = n;
		*ret = me;
		return JF_OK;
	}
	if (*f->p == '-' || (*f->p >= '0' && *f->p <= '9')) {
		bool neg = *f->p == '-';
		int64_t x = 0;
		char *digits;

		f->p += neg;
		digits = f->p;
		while (f->p < f->end && *f->p >= '0' && *f->p <= '9' &&
		       f->p - digits < 18)
			x = 10 * x + (*f->p++ - '0');
		/* none, a leading zero, "-0", 19 digits, a fraction: json-c */
		if (f->p == digits || (*digits == '0' && f->p - digits > 1) ||
		    (neg && !x) || !jf_delim(f))
			return JF_NO;
		if (!(me = jdoc_add(f->d, J_INT)))
			return -ENOMEM;
		f->d->v[me].i = neg ? -x : x;
		*ret = me;
		return JF_OK;
	}
	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		if ((size_t)(f->end - f->p) < lits[i].len ||
		    memcmp(f->p, lits[i].word, lits[i].len))
			continue;
		f->p += lits[i].len;
		if (!jf_delim(f))
			return JF_NO;
		if (!(me = jdoc_add(f->d, lits[i].type)))
			return -ENOMEM;
		f->d->v[me].i = lits[i].i;
		*ret = me;
		return JF_OK;
	}
	return JF_NO;
}

/* 0: @d holds the body (a JSON object), JF_NO: json-c's turn, -errno. */
static int jfast_parse(const char *buf, size_t len, struct jdoc *d)
{
	struct jfast f = { .d = d };
	uint32_t root;
	int e;

	if (len > INT32_MAX || !(d->text = malloc(len + 1)))
		return len > INT32_MAX ? JF_NO : -ENOMEM;
	memcpy(d->text, buf, len);
	d->text[len] = '\0';
	f.p = d->text;
	f.end = d->text + len;
	jf_skip(&f);
	if (f.p == f.end || *f.p != '{')
		return JF_NO;
	e = jf_value(&f, 0, &root);
	if (e)
		return e;
	jf_skip(&f);
	return f.p == f.end ? JF_OK : JF_NO;
}

/* Copies json-c's value @o into @d; 0 when out of memory. */
static uint32_t jdoc_from_jc(struct jdoc *d, json_object *o)
{
	uint32_t me, tail = 0;

	switch (json_object_get_type(o)) {
	case json_type_null:
		return jdoc_add(d, J_NULL);
	case json_type_boolean:
		if ((me = jdoc_add(d, J_BOOL)))
			d->v[me].i = json_object_get_boolean(o);
		return me;
	case json_type_int:
		if ((me = jdoc_add(d, J_INT)))
			d->v[me].i = json_object_get_int64(o);
		return me;
	case json_type_double:
		return jdoc_add(d, J_DOUBLE);
	case json_type_string:
		if ((me = jdoc_add(d, J_STRING))) {
			d->v[me].s = json_object_get_string(o);
			d->v[me].n = (uint32_t)json_object_get_string_len(o);
		}
		return me;
	case json_type_array:
		if (!(me = jdoc_add(d, J_ARRAY)))
			return 0;
		for (size_t i = 0; i < json_object_array_length(o); i++) {
			uint32_t k = jdoc_from_jc(
				d, json_object_array_get_idx(o, i));

			if (!k)
				return 0;
			jdoc_link(d, me, &tail, k);
		}
		return me;
	case json_type_object:
		if (!(me = jdoc_add(d, J_OBJECT)))
			return 0;
		json_object_object_foreach(o, key, unused)
		{
			json_object *v = NULL;
			uint32_t k;

			(void)unused;
			/* what json-c's look-up answers for the key */
			json_object_object_get_ex(o, key, &v);
			if (!(k = jdoc_from_jc(d, v)))
				return 0;
			d->v[k].key = key;
			jdoc_link(d, me, &tail, k);
		}
		return me;
	}
	return 0;
}

struct ctx {
	char *err;
	size_t err_size;
	const char *prefix; /* "reports[3]." in a batch, "" otherwise */
	const struct jdoc *d; /* the body */
};

__attribute__((format(printf, 2, 3))) static int bad(struct ctx *c,
						     const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->err_size, "%s%s", c->prefix, msg);
	return -EINVAL;
}

static bool char_ok(enum charset cs, unsigned char ch)
{
	switch (cs) {
	case CS_HEX:
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		       (ch >= 'A' && ch <= 'F');
	case CS_HASH:
		return char_ok(CS_HEX, ch) || ch == '-';
	case CS_IDENT:
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		       (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' ||
		       ch == '-';
	case CS_LOWER:
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		       ch == '_';
	case CS_UPPER:
		return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
		       ch == '_';
	case CS_TOKEN:
		return ch > 0x20 && ch < 0x7f;
	case CS_LINE:
		return ch >= 0x20 && ch != 0x7f;
	case CS_SYMBOL:
		return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		       (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' ||
		       ch == '$';
	case CS_MODFILE:
		return char_ok(CS_IDENT, ch) || ch == '+';
	}
	return false;
}

/*
 * Copies string member @key of @obj into @out (size @out_size, so at most
 * @out_size - 1 bytes) after checking it.  A missing or null member is an
 * error when @required, else leaves @out empty and returns 1.
 */
static int get_str(struct ctx *c, const struct jval *obj, const char *path,
		   const char *key, bool required, size_t min_len,
		   enum charset cs, char *out, size_t out_size)
{
	const struct jval *v = jv_field(c->d, obj, key);
	const char *s;
	size_t len;

	out[0] = '\0';
	if (!v) {
		if (required)
			return bad(c, "missing field '%s%s'", path, key);
		return 1;
	}
	if (v->type != J_STRING)
		return bad(c, "field '%s%s' must be a string", path, key);
	s = v->s;
	len = v->n;
	if (strlen(s) != len)
		return bad(c, "field '%s%s' contains a NUL character", path,
			   key);
	if (len < min_len || len >= out_size)
		return bad(c,
			   "field '%s%s' must be %zu..%zu bytes long, not %zu",
			   path, key, min_len, out_size - 1, len);
	for (size_t i = 0; i < len; i++)
		if (!char_ok(cs, s[i]))
			return bad(
				c,
				"field '%s%s' has a forbidden character at offset %zu",
				path, key, i);
	if (cs == CS_LINE) {
		utf8_sanitize(s, len, out, out_size);
		return 0;
	}
	for (size_t i = 0; i <= len; i++)
		out[i] = (cs == CS_HEX || cs == CS_HASH) && s[i] >= 'A' &&
					 s[i] <= 'F' ?
				 s[i] - 'A' + 'a' :
				 s[i];
	return 0;
}

static int get_enum(struct ctx *c, const struct jval *obj, const char *key,
		    const char *const *allowed, char *out, size_t out_size)
{
	int r = get_str(c, obj, "", key, true, 1, CS_LOWER, out, out_size);

	if (r)
		return r;
	for (size_t i = 0; allowed[i]; i++)
		if (!strcmp(out, allowed[i]))
			return 0;
	return bad(c, "field '%s' has unknown value '%s'", key, out);
}

static int get_bool(struct ctx *c, const struct jval *obj, const char *path,
		    const char *key, bool *out)
{
	const struct jval *v = jv_field(c->d, obj, key);

	if (!v)
		return bad(c, "missing field '%s%s'", path, key);
	if (v->type != J_BOOL)
		return bad(c, "field '%s%s' must be true or false", path, key);
	*out = v->i;
	return 0;
}

static int get_int(struct ctx *c, const struct jval *obj, const char *path,
		   const char *key, int64_t min, int64_t max, int64_t *out)
{
	const struct jval *v = jv_field(c->d, obj, key);
	int64_t x;

	if (!v)
		return bad(c, "missing field '%s%s'", path, key);
	if (v->type != J_INT)
		return bad(c, "field '%s%s' must be an integer", path, key);
	/* json_object_get_int64() of json-c's values, see jdoc_from_jc() */
	x = v->i;
	if (x < min || x > max)
		return bad(c, "field '%s%s' must be in %lld..%lld", path, key,
			   (long long)min, (long long)max);
	*out = x;
	return 0;
}

static int get_object(struct ctx *c, const struct jval *obj, const char *key,
		      bool required, const struct jval **out)
{
	const struct jval *v = jv_field(c->d, obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return bad(c, "missing field '%s'", key);
		return 1;
	}
	if (v->type != J_OBJECT)
		return bad(c, "field '%s' must be an object", key);
	*out = v;
	return 0;
}

/*
 * The bucket identity of a report is the server's decision: class name and
 * code must agree, the failure hash must be bc_failure_hash() of code,
 * image and title exactly as sent, and the failure name is rebuilt from
 * the checked fields ("<CLASS>_0x<code>_<image>!<function>", the agent's
 * format).  @o is the classification object.
 */
static int check_identity(struct ctx *c, const struct jval *o, struct report *r)
{
	const struct jval *t = jv_field(c->d, o, "title");
	char want[BC_HASH_LEN + 1];

	if (r->code >= BUGCHECK_CLASS_MAX ||
	    strcmp(r->cls, bc_class_name(r->code)))
		return bad(
			c,
			"field 'classification.class' '%s' does not match code 0x%02x (%s)",
			r->cls, (unsigned int)r->code, bc_class_name(r->code));
	/* hash the title as sent, before any U+FFFD replacement (@t) */
	/* versions differ only in how the agent derives the title */
	if (r->hash_version < 1 || r->hash_version > REPORT_HASH_VERSION_MAX)
		return bad(
			c,
			"field 'hash_version' %d is not known to this server (it knows 1 to %d)",
			r->hash_version, REPORT_HASH_VERSION_MAX);
	bc_failure_hash_version((unsigned int)r->hash_version, r->code,
				r->image, t->s, want);
	if (strcmp(r->failure_hash, want))
		return bad(
			c,
			"field 'classification.failure_hash' '%s' does not match the report: hash version %d of class, image and title is '%s'",
			r->failure_hash, r->hash_version, want);
	snprintf(r->failure_name, sizeof(r->failure_name), "%s_0x%02x_%s!%s",
		 r->cls, (unsigned int)r->code, r->image, r->function);
	return 0;
}

static int decode_classification(struct ctx *c, const struct jval *root,
				 struct report *r)
{
	static const char p[] = "classification.";
	const struct jval *o;
	int64_t code;
	int e;

	e = get_object(c, root, "classification", true, &o);
	if (e)
		return e;
	if ((e = get_str(c, o, p, "class", true, 1, CS_UPPER, r->cls,
			 sizeof(r->cls))) ||
	    (e = get_int(c, o, p, "code", 0, 255, &code)) ||
	    (e = get_str(c, o, p, "title", true, 0, CS_LINE, r->title,
			 sizeof(r->title))) ||
	    (e = get_str(c, o, p, "image", true, 0, CS_IDENT, r->image,
			 sizeof(r->image))) ||
	    (e = get_str(c, o, p, "function", true, 0, CS_SYMBOL, r->function,
			 sizeof(r->function))) ||
	    (e = get_str(c, o, p, "failure_name", true, 1, CS_TOKEN,
			 r->failure_name, sizeof(r->failure_name))) ||
	    (e = get_str(c, o, p, "failure_hash", true, 8, CS_HASH,
			 r->failure_hash, sizeof(r->failure_hash))) ||
	    (e = get_bool(c, o, p, "corrupted", &r->corrupted)) ||
	    (e = get_bool(c, o, p, "panicked", &r->panicked)))
		return e;
	r->code = code;
	if (!r->image[0])
		strcpy(r->image, "vmlinux");
	return check_identity(c, o, r);
}

static int decode_module(struct ctx *c, const struct jval *root,
			 struct report *r)
{
	static const char p[] = "module.";
	const struct jval *o;
	int e;

	e = get_object(c, root, "module", false, &o);
	if (e)
		return e < 0 ? e : 0;
	r->has_module = true;
	if ((e = get_str(c, o, p, "name", true, 1, CS_IDENT, r->mod_name,
			 sizeof(r->mod_name))) ||
	    (e = get_str(c, o, p, "file", false, 0, CS_MODFILE, r->mod_file,
			 sizeof(r->mod_file))) < 0 ||
	    (e = get_str(c, o, p, "version", false, 0, CS_TOKEN, r->mod_version,
			 sizeof(r->mod_version))) < 0 ||
	    (e = get_str(c, o, p, "srcversion", false, 0, CS_IDENT,
			 r->mod_srcversion, sizeof(r->mod_srcversion))) < 0)
		return e;
	/* the module block describes the blamed image, nothing else */
	if (strcmp(r->mod_name, r->image))
		return bad(
			c,
			"field 'module.name' '%s' is not the blamed image '%s'",
			r->mod_name, r->image);
	return 0;
}

static int decode_claim(struct ctx *c, const struct jval *root,
			struct report *r)
{
	static const char p[] = "claim.";
	struct bucket_param params[REPORT_PARAMS_MAX];
	const struct jval *o, *sig, *it;
	size_t n, i;
	int e;

	e = get_object(c, root, "claim", false, &o);
	if (e)
		return e < 0 ? e : 0;
	r->has_claim = true;
	if ((e = get_str(c, o, p, "plugin", true, 1, CS_IDENT, r->claim_plugin,
			 sizeof(r->claim_plugin))) ||
	    (e = get_str(c, o, p, "event_name", true, 1, CS_IDENT,
			 r->claim_event, sizeof(r->claim_event))))
		return e;
	if ((sig = jv_field(c->d, o, "signature"))) {
		if (sig->type != J_ARRAY)
			return bad(c,
				   "field 'claim.signature' must be an array");
		n = sig->n;
		if (n > REPORT_PARAMS_MAX)
			return bad(
				c,
				"field 'claim.signature' has more than %d entries",
				REPORT_PARAMS_MAX);
		for (i = 0, it = jv_first(c->d, sig); it;
		     i++, it = jv_next(c->d, it)) {
			char path[48];

			snprintf(path, sizeof(path), "claim.signature[%zu].",
				 i);
			if (it->type != J_OBJECT)
				return bad(
					c,
					"field 'claim.signature[%zu]' must be an object",
					i);
			if ((e = get_str(c, it, path, "name", true, 1, CS_IDENT,
					 r->param_name[i],
					 sizeof(r->param_name[i]))) ||
			    (e = get_str(c, it, path, "value", true, 0, CS_LINE,
					 r->param_value[i],
					 sizeof(r->param_value[i]))))
				return e;
			params[i].name = r->param_name[i];
			params[i].value = r->param_value[i];
		}
		r->n_params = n;
	}
	bucket_claim_key(r->image, r->claim_plugin, r->claim_event, params,
			 r->n_params, r->bucket_key);
	snprintf(r->bucket_name, sizeof(r->bucket_name), "%s", r->claim_event);
	return 0;
}

/*
 * A growing JSON text, written directly (issue 15: building json-c
 * objects for the stored record and the stack and serialising them was
 * about a third of decoding a report, callgrind).  The output is byte for
 * byte what json-c 0.16 writes with JSON_C_TO_STRING_PLAIN |
 * JSON_C_TO_STRING_NOSLASHESCAPE: no spaces, '"' '\\' and the control
 * characters escaped ('\\b' '\\f' '\\n' '\\r' '\\t', else "\\u00xx"
 * lowercase), every other byte as it is.  @comma: a value was written at
 * this level, the next key or element needs a ','.
 */
struct jbuf {
	struct sbuf s;
	bool comma;
};

static void jb_put(struct jbuf *b, const char *s, size_t n)
{
	sb_add(&b->s, s, n);
}

_Static_assert(sizeof(((struct report *)0)->bucket_key) ==
		       sizeof(((struct report *)0)->failure_hash),
	       "bucket_key is a copy of failure_hash");
_Static_assert(sizeof(((struct report *)0)->bucket_name) ==
		       sizeof(((struct report *)0)->failure_name),
	       "bucket_name is a copy of failure_name");

static void jb_sep(struct jbuf *b)
{
	if (b->comma)
		jb_put(b, ",", 1);
	b->comma = true;
}

/* '{' or '[' */
static void jb_open(struct jbuf *b, const char *brace)
{
	jb_sep(b);
	jb_put(b, brace, 1);
	b->comma = false;
}

static void jb_close(struct jbuf *b, const char *brace)
{
	jb_put(b, brace, 1);
	b->comma = true;
}

/* @k: a fixed key that needs no escaping */
static void jb_key(struct jbuf *b, const char *k)
{
	jb_sep(b);
	jb_put(b, "\"", 1);
	jb_put(b, k, strlen(k));
	jb_put(b, "\":", 2);
	b->comma = false;
}

static void jb_str(struct jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0, i;

	jb_sep(b);
	jb_put(b, "\"", 1);
	for (i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[7] = { '\\', 0 };
		size_t n = 2;

		if (ch >= ' ' && ch != '"' && ch != '\\')
			continue;
		switch (ch) {
		case '\b':
			esc[1] = 'b';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '"':
		case '\\':
			esc[1] = (char)ch;
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 0xf];
			n = 6;
		}
		jb_put(b, s + from, i - from);
		jb_put(b, esc, n);
		from = i + 1;
	}
	jb_put(b, s + from, i - from);
	jb_put(b, "\"", 1);
}

/* Decimal digits of @v at the end of @buf[24]; returns where they start. */
static char *fmt_u64(uint64_t v, char buf[24])
{
	char *p = buf + 23;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

static void jb_int(struct jbuf *b, int64_t v)
{
	char num[24], *p;

	jb_sep(b);
	if (v < 0)
		jb_put(b, "-", 1);
	p = fmt_u64(v < 0 ? -(uint64_t)v : (uint64_t)v, num);
	jb_put(b, p, (size_t)(num + 23 - p));
}

static void jb_bool(struct jbuf *b, bool v)
{
	jb_sep(b);
	jb_put(b, v ? "true" : "false", v ? 4 : 5);
}

static void jb_kstr(struct jbuf *b, const char *k, const char *v)
{
	jb_key(b, k);
	jb_str(b, v);
}

/* The text written, or NULL (out of memory); the caller frees it. */
static char *jb_done(struct jbuf *b)
{
	if (b->s.oom) {
		free(b->s.p);
		return NULL;
	}
	return b->s.p ? b->s.p : strdup("");
}

static int decode_stack(struct ctx *c, const struct jval *root,
			struct report *r)
{
	const struct jval *st = jv_field(c->d, root, "stack"), *f;
	struct jbuf out = { 0 };
	size_t i;

	if (!st)
		return bad(c, "missing field 'stack'");
	if (st->type != J_ARRAY)
		return bad(c, "field 'stack' must be an array");
	if (st->n > REPORT_FRAMES_MAX)
		return bad(c, "field 'stack' has more than %d frames",
			   REPORT_FRAMES_MAX);
	jb_open(&out, "[");
	for (i = 0, f = jv_first(c->d, st); f; i++, f = jv_next(c->d, f)) {
		char path[24], mod[64], fn[129], num[24], *d = fmt_u64(i, num);
		int64_t off;
		int e;

		/* "stack[<i>]." (snprintf() per frame was a cost, callgrind) */
		memcpy(path, "stack[", 6);
		memcpy(path + 6, d, (size_t)(num + 23 - d));
		memcpy(path + 6 + (num + 23 - d), "].", 3);
		if (f->type != J_OBJECT) {
			free(out.s.p);
			return bad(c, "field 'stack[%zu]' must be an object",
				   i);
		}
		if ((e = get_str(c, f, path, "module", false, 0, CS_IDENT, mod,
				 sizeof(mod))) < 0 ||
		    (e = get_str(c, f, path, "function", true, 0, CS_SYMBOL, fn,
				 sizeof(fn))) ||
		    (e = get_int(c, f, path, "offset", 0, UINT32_MAX, &off))) {
			free(out.s.p);
			return e;
		}
		jb_open(&out, "{");
		jb_kstr(&out, "module", mod[0] ? mod : "vmlinux");
		jb_kstr(&out, "function", fn);
		jb_key(&out, "offset");
		jb_int(&out, off);
		jb_close(&out, "}");
	}
	jb_close(&out, "]");
	r->stack = jb_done(&out);
	return r->stack ? 0 : -ENOMEM;
}

/*
 * The stored sample: the report rebuilt from its validated fields, so
 * unknown keys are dropped and its size is bounded (the log is at most
 * REPORT_LOG_MAX bytes, every other field has a fixed cap).  The stack
 * is spliced in as the text decode_stack() wrote.
 */
static int build_record(struct report *r)
{
	struct jbuf o = { 0 };
	char when[32];
	int64_t day = r->crash_time / 86400, sec = r->crash_time % 86400;
	int64_t y;
	unsigned int mo, d;

	bucket_civil_from_days(day, &y, &mo, &d);
	snprintf(when, sizeof(when), "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
		 (long long)y, mo, d, (long long)(sec / 3600),
		 (long long)(sec / 60 % 60), (long long)(sec % 60));
	jb_open(&o, "{");
	jb_kstr(&o, "report_id", r->report_id);
	jb_kstr(&o, "machine_id", r->machine_id);
	jb_kstr(&o, "crash_time", when);
	jb_kstr(&o, "source", r->source);
	jb_kstr(&o, "event_type", r->event_type);
	jb_kstr(&o, "kernel_release", r->kernel_release);
	jb_kstr(&o, "os_release", r->os_release);
	jb_kstr(&o, "device_type", r->device_type);
	jb_kstr(&o, "market", r->market);
	jb_kstr(&o, "taint", r->taint);
	jb_key(&o, "hash_version");
	jb_int(&o, r->hash_version);
	jb_key(&o, "classification");
	jb_open(&o, "{");
	jb_kstr(&o, "class", r->cls);
	jb_key(&o, "code");
	jb_int(&o, r->code);
	jb_kstr(&o, "title", r->title);
	jb_kstr(&o, "image", r->image);
	jb_kstr(&o, "function", r->function);
	jb_kstr(&o, "failure_name", r->failure_name);
	jb_kstr(&o, "failure_hash", r->failure_hash);
	jb_key(&o, "corrupted");
	jb_bool(&o, r->corrupted);
	jb_key(&o, "panicked");
	jb_bool(&o, r->panicked);
	jb_close(&o, "}");
	if (r->has_module) {
		jb_key(&o, "module");
		jb_open(&o, "{");
		jb_kstr(&o, "name", r->mod_name);
		jb_kstr(&o, "file", r->mod_file);
		jb_kstr(&o, "version", r->mod_version);
		jb_kstr(&o, "srcversion", r->mod_srcversion);
		jb_close(&o, "}");
	}
	if (r->has_claim) {
		jb_key(&o, "claim");
		jb_open(&o, "{");
		jb_kstr(&o, "plugin", r->claim_plugin);
		jb_kstr(&o, "event_name", r->claim_event);
		jb_key(&o, "signature");
		jb_open(&o, "[");
		for (size_t i = 0; i < r->n_params; i++) {
			jb_open(&o, "{");
			jb_kstr(&o, "name", r->param_name[i]);
			jb_kstr(&o, "value", r->param_value[i]);
			jb_close(&o, "}");
		}
		jb_close(&o, "]");
		jb_close(&o, "}");
	}
	jb_key(&o, "stack");
	jb_put(&o, r->stack, strlen(r->stack));
	o.comma = true;
	if (r->log)
		jb_kstr(&o, "log", r->log);
	jb_close(&o, "}");
	r->record = jb_done(&o);
	return r->record ? 0 : -ENOMEM;
}

static int get_hash_version(struct ctx *c, const struct jval *root,
			    struct report *r)
{
	int64_t x;
	int e;

	r->hash_version = 1;
	if (!jv_field(c->d, root, "hash_version"))
		return 0;
	e = get_int(c, root, "", "hash_version", 0, INT32_MAX, &x);
	if (e)
		return e;
	r->hash_version = (int)x;
	return 0;
}

/* An optional positive integer (count, weight): 1 when absent. */
static int get_count(struct ctx *c, const struct jval *root, const char *key,
		     uint64_t *out)
{
	int64_t x;
	int e;

	*out = 1;
	if (!jv_field(c->d, root, key))
		return 0;
	e = get_int(c, root, "", key, 1, (int64_t)REPORT_COUNT_MAX, &x);
	if (e)
		return e;
	*out = (uint64_t)x;
	return 0;
}

uint64_t report_hits(uint64_t count, uint64_t weight, uint64_t cap)
{
	/* both are at most 2^32 - 1: the product fits */
	uint64_t h = count * weight;

	return cap && h > cap ? cap : h;
}

static int decode_one(struct ctx *c, const struct jval *root, struct report *r)
{
	static const char *const sources[] = { "bugcheck", "pstore", "kdump",
					       "live", NULL };
	static const char *const devices[] = { "server", "desktop", "laptop",
					       "vm",	 "unknown", NULL };
	const struct jval *v;
	char when[40];
	int e;

	memset(r, 0, sizeof(*r));
	if (root->type != J_OBJECT)
		return bad(c, "report must be a JSON object");
	if ((e = get_str(c, root, "", "report_id", true, 32, CS_HEX,
			 r->report_id, sizeof(r->report_id))) ||
	    (e = get_str(c, root, "", "machine_id", true, 16, CS_HEX,
			 r->machine_id, sizeof(r->machine_id))) ||
	    (e = get_str(c, root, "", "crash_time", true, 20, CS_TOKEN, when,
			 sizeof(when))))
		return e;
	if (bucket_parse_time(when, &r->crash_time))
		return bad(
			c,
			"field 'crash_time' is not an ISO 8601 UTC time like 2026-11-22T10:00:00Z");
	if ((e = get_enum(c, root, "source", sources, r->source,
			  sizeof(r->source))) ||
	    (e = get_str(c, root, "", "event_type", true, 1, CS_LOWER,
			 r->event_type, sizeof(r->event_type))) ||
	    (e = get_str(c, root, "", "kernel_release", true, 1, CS_TOKEN,
			 r->kernel_release, sizeof(r->kernel_release))) ||
	    (e = get_str(c, root, "", "os_release", false, 0, CS_LINE,
			 r->os_release, sizeof(r->os_release))) < 0 ||
	    (e = get_enum(c, root, "device_type", devices, r->device_type,
			  sizeof(r->device_type))) ||
	    (e = get_str(c, root, "", "market", false, 0, CS_IDENT, r->market,
			 sizeof(r->market))) < 0 ||
	    (e = get_str(c, root, "", "taint", true, 0, CS_LINE, r->taint,
			 sizeof(r->taint))))
		return e;
	if ((e = get_hash_version(c, root, r)) ||
	    (e = get_count(c, root, "count", &r->count)) ||
	    (e = get_count(c, root, "weight", &r->weight)) ||
	    (e = decode_classification(c, root, r)) ||
	    (e = decode_module(c, root, r)))
		return e;
	r->hits = report_hits(r->count, r->weight, 0);
	/* same sizes: plain copies */
	memcpy(r->bucket_key, r->failure_hash, sizeof(r->bucket_key));
	memcpy(r->bucket_name, r->failure_name, sizeof(r->bucket_name));
	if ((e = decode_claim(c, root, r)) || (e = decode_stack(c, root, r)))
		return e;
	if ((v = jv_field(c->d, root, "log"))) {
		const char *s;
		size_t len;

		if (v->type != J_STRING)
			return bad(c, "field 'log' must be a string");
		s = v->s;
		len = v->n;
		if (len > REPORT_LOG_MAX)
			return bad(c, "field 'log' is longer than %d bytes",
				   REPORT_LOG_MAX);
		if (strlen(s) != len)
			return bad(c, "field 'log' contains a NUL character");
		r->log = utf8_sanitize_dup(s, len);
		if (!r->log)
			return -ENOMEM;
	}
	return build_record(r);
}

void report_free_array(struct report *r, size_t n)
{
	if (!r)
		return;
	for (size_t i = 0; i < n; i++) {
		free(r[i].stack);
		free(r[i].log);
		free(r[i].record);
	}
	free(r);
}

/* json-c's parse of a whole body that must be one JSON object. */
static int parse_jc(struct ctx *c, const char *buf, size_t len,
		    json_object **ret)
{
	struct json_tokener *tok;
	json_object *root;

	if (len > INT32_MAX)
		return bad(c, "body too large");
	tok = json_tokener_new_ex(JSON_DEPTH_MAX);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error je = json_tokener_get_error(tok);

		if (je == json_tokener_continue)
			bad(c,
			    "body is not valid JSON: unexpected end of input");
		else
			bad(c, "body is not valid JSON: %s at offset %zu",
			    json_tokener_error_desc(je),
			    json_tokener_get_parse_end(tok));
		json_object_put(root);
		json_tokener_free(tok);
		return -EINVAL;
	}
	for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' &&
		    buf[i] != '\t') {
			bad(c,
			    "trailing data after the JSON value at offset %zu",
			    i);
			json_object_put(root);
			json_tokener_free(tok);
			return -EINVAL;
		}
	}
	json_tokener_free(tok);
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return bad(c, "body must be a JSON object");
	}
	*ret = root;
	return 0;
}

/*
 * Parses a whole body that must be one JSON object into @d (its root is
 * d->v[1]), c->d set; jdoc_free() it after.
 */
static int parse_root(struct ctx *c, const char *buf, size_t len,
		      struct jdoc *d)
{
	json_object *jc;
	int e;

	memset(d, 0, sizeof(*d));
	c->d = d;
	e = jfast_parse(buf, len, d);
	if (e <= 0) {
		if (e)
			jdoc_free(d);
		return e;
	}
	jdoc_free(d);
	e = parse_jc(c, buf, len, &jc);
	if (e)
		return e;
	d->jc = jc;
	if (jdoc_from_jc(d, jc) != 1) {
		jdoc_free(d);
		return -ENOMEM;
	}
	return 0;
}

static bool jv_equal(const struct jdoc *da, const struct jval *a,
		     const struct jdoc *db, const struct jval *b)
{
	const struct jval *x, *y;

	if (a->type != b->type)
		return false;
	switch (a->type) {
	case J_NULL:
	case J_DOUBLE:
		return true;
	case J_BOOL:
	case J_INT:
		return a->i == b->i;
	case J_STRING:
		return a->n == b->n && !memcmp(a->s, b->s, a->n);
	case J_ARRAY:
		if (a->n != b->n)
			return false;
		for (x = jv_first(da, a), y = jv_first(db, b); x && y;
		     x = jv_next(da, x), y = jv_next(db, y))
			if (!jv_equal(da, x, db, y))
				return false;
		return !x && !y;
	case J_OBJECT:
		/* by look-up: a key sent twice means its last value */
		for (x = jv_first(da, a); x; x = jv_next(da, x))
			if (!(y = jv_get(db, b, x->key)) ||
			    !jv_equal(da, jv_get(da, a, x->key), db, y))
				return false;
		for (y = jv_first(db, b); y; y = jv_next(db, y))
			if (!jv_get(da, a, y->key))
				return false;
		return true;
	}
	return false;
}

int report_json_selfcheck(const char *buf, size_t len)
{
	char err[256];
	struct ctx c = { .err = err, .err_size = sizeof(err), .prefix = "" };
	struct jdoc fast = { 0 }, slow = { 0 };
	json_object *jc;
	int e = jfast_parse(buf, len, &fast), ret = 0;

	if (e < 0) {
		ret = e;
	} else if (e == JF_OK) {
		/* what jfast_parse() accepts, json-c accepts, the same */
		if (parse_jc(&c, buf, len, &jc)) {
			ret = -EPROTO;
		} else {
			slow.jc = jc;
			if (jdoc_from_jc(&slow, jc) != 1)
				ret = -ENOMEM;
			else if (!jv_equal(&fast, &fast.v[1], &slow,
					   &slow.v[1]))
				ret = -EPROTO;
		}
	}
	jdoc_free(&fast);
	jdoc_free(&slow);
	return ret;
}

int report_decode_body(const char *buf, size_t len, struct report **ret,
		       size_t *ret_n, bool *ret_batch, char *err,
		       size_t err_size)
{
	struct ctx c = { .err = err, .err_size = err_size, .prefix = "" };
	const struct jval *root, *list, *one;
	struct report *out = NULL;
	size_t n = 1, done = 0;
	struct jdoc d;
	char prefix[32];
	int e;

	e = parse_root(&c, buf, len, &d);
	if (e)
		return e;
	root = one = &d.v[1];
	list = jv_get(&d, root, "reports");
	*ret_batch = list;
	if (*ret_batch) {
		if (list->type != J_ARRAY) {
			e = bad(&c, "field 'reports' must be an array");
			goto out_put;
		}
		n = list->n;
		if (n == 0 || n > REPORT_BATCH_MAX) {
			e = bad(&c,
				"field 'reports' must hold 1..%d reports, not %zu",
				REPORT_BATCH_MAX, n);
			goto out_put;
		}
	}
	/* decode_one() clears each report it fills: no calloc() */
	out = malloc(n * sizeof(*out));
	if (!out) {
		e = -ENOMEM;
		goto out_put;
	}
	if (*ret_batch)
		one = jv_first(&d, list);
	for (done = 0; done < n; done++) {
		if (*ret_batch) {
			snprintf(prefix, sizeof(prefix),
				 "reports[%zu]: ", done);
			c.prefix = prefix;
		}
		e = decode_one(&c, one, &out[done]);
		if (e) {
			done++;
			goto out_free;
		}
		if (*ret_batch)
			one = jv_next(&d, one);
	}
	jdoc_free(&d);
	*ret = out;
	*ret_n = n;
	return 0;

out_free:
	report_free_array(out, done);
out_put:
	jdoc_free(&d);
	return e;
}

static bool link_ok(const char *s)
{
	return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
}

int report_decode_response(const char *buf, size_t len,
			   struct response_req *ret, char *err, size_t err_size)
{
	struct ctx c = { .err = err, .err_size = err_size, .prefix = "" };
	const struct jval *root;
	struct response_req r;
	struct jdoc d;
	int e;

	e = parse_root(&c, buf, len, &d);
	if (e)
		return e;
	root = &d.v[1];
	memset(&r, 0, sizeof(r));
	if ((e = get_str(&c, root, "", "failure_hash", true, 8, CS_HASH,
			 r.failure_hash, sizeof(r.failure_hash))) ||
	    (e = get_str(&c, root, "", "message", true, 1, CS_LINE, r.message,
			 sizeof(r.message))) ||
	    (e = get_str(&c, root, "", "link", true, 8, CS_TOKEN, r.link,
			 sizeof(r.link))) ||
	    (e = get_str(&c, root, "", "module_version_min", false, 0, CS_TOKEN,
			 r.mod_min, sizeof(r.mod_min))) < 0 ||
	    (e = get_str(&c, root, "", "module_version_max", false, 0, CS_TOKEN,
			 r.mod_max, sizeof(r.mod_max))) < 0 ||
	    (e = get_str(&c, root, "", "kernel_min", false, 0, CS_TOKEN,
			 r.kern_min, sizeof(r.kern_min))) < 0 ||
	    (e = get_str(&c, root, "", "kernel_max", false, 0, CS_TOKEN,
			 r.kern_max, sizeof(r.kern_max))) < 0)
		goto out;
	e = 0;
	if (!link_ok(r.link))
		e = bad(&c, "field 'link' must be an http:// or https:// URL");
	else if (r.mod_min[0] && r.mod_max[0] &&
		 bucket_version_cmp(r.mod_min, r.mod_max) > 0)
		e = bad(&c,
			"field 'module_version_min' is above 'module_version_max'");
	else if (r.kern_min[0] && r.kern_max[0] &&
		 bucket_version_cmp(r.kern_min, r.kern_max) > 0)
		e = bad(&c, "field 'kernel_min' is above 'kernel_max'");
	else
		*ret = r;
out:
	jdoc_free(&d);
	return e;
}

int report_decode_ids(const char *buf, size_t len,
		      char (*ret)[REPORT_IDS_MAX][65], size_t *ret_n, char *err,
		      size_t err_size)
{
	struct ctx c = { .err = err, .err_size = err_size, .prefix = "" };
	const struct jval *list, *v;
	struct jdoc d;
	size_t n, i;
	int e;

	e = parse_root(&c, buf, len, &d);
	if (e)
		return e;
	if (!(list = jv_field(&d, &d.v[1], "report_ids"))) {
		e = bad(&c, "missing field 'report_ids'");
		goto out;
	}
	if (list->type != J_ARRAY) {
		e = bad(&c, "field 'report_ids' must be an array");
		goto out;
	}
	n = list->n;
	if (n == 0 || n > REPORT_IDS_MAX) {
		e = bad(&c, "field 'report_ids' must hold 1..%d ids, not %zu",
			REPORT_IDS_MAX, n);
		goto out;
	}
	for (i = 0, v = jv_first(&d, list); v; i++, v = jv_next(&d, v)) {
		const char *s;
		size_t l;

		if (v->type != J_STRING) {
			e = bad(&c, "field 'report_ids[%zu]' must be a string",
				i);
			goto out;
		}
		s = v->s;
		l = v->n;
		if (l < 32 || l > 64 || strlen(s) != l) {
			e = bad(&c,
				"field 'report_ids[%zu]' must be 32..64 hex digits",
				i);
			goto out;
		}
		for (size_t j = 0; j <= l; j++) {
			char ch = s[j];

			if (j < l && !char_ok(CS_HEX, ch)) {
				e = bad(&c,
					"field 'report_ids[%zu]' must be 32..64 hex digits",
					i);
				goto out;
			}
			(*ret)[i][j] = ch >= 'A' && ch <= 'F' ? ch - 'A' + 'a' :
								ch;
		}
	}
	*ret_n = n;
out:
	jdoc_free(&d);
	return e;
}

int report_decode_count(const char *buf, size_t len, uint64_t *ret, char *err,
			size_t err_size)
{
	struct ctx c = { .err = err, .err_size = err_size, .prefix = "" };
	struct jdoc d;
	int64_t x;
	int e;

	e = parse_root(&c, buf, len, &d);
	if (e)
		return e;
	e = get_int(&c, &d.v[1], "", "count", 1, (int64_t)REPORT_COUNT_MAX, &x);
	if (!e)
		*ret = (uint64_t)x;
	jdoc_free(&d);
	return e;
}
