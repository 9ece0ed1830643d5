// SPDX-License-Identifier: GPL-2.0
/*
 * JSON of the per-bucket views from store rows.  Stored text may predate
 * the UTF-8 check at ingest, so every string is sanitised on the way out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "utf8.h"
#include "view.h"

static void add_str(json_object *o, const char *k, const char *v)
{
	size_t n;
	char *fixed;

	if (!v)
		v = "";
	n = strlen(v);
	if (utf8_valid(v, n)) {
		json_object_object_add(o, k, json_object_new_string(v));
		return;
	}
	fixed = utf8_sanitize_dup(v, n);
	json_object_object_add(o, k,
			       json_object_new_string(fixed ? fixed : ""));
	free(fixed);
}

static void add_int(json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static void add_time(json_object *o, const char *k, int64_t t)
{
	char buf[32], day[BUCKET_DATE_LEN];
	int64_t sec = t % 86400;

	bucket_format_day(t / 86400, day);
	snprintf(buf, sizeof(buf), "%sT%02d:%02d:%02dZ", day, (int)(sec / 3600),
		 (int)(sec / 60 % 60), (int)(sec % 60));
	add_str(o, k, buf);
}

/* Appends a new object to the array under @key of @o and returns it. */
static json_object *push(json_object *o, const char *key)
{
	json_object *arr, *item = json_object_new_object();

	json_object_object_get_ex(o, key, &arr);
	json_object_array_add(arr, item);
	return item;
}

struct details {
	json_object *o;
	char hash[65];
};

static int d_bucket(const struct store_bucket *b, void *data)
{
	struct details *d = data;
	json_object *o = d->o;

	snprintf(d->hash, sizeof(d->hash), "%s", b->hash);
	add_int(o, "bucketId", b->id);
	add_str(o, "failureHash", b->hash);
	add_str(o, "failureName", b->failure_name);
	add_str(o, "symbol", b->symbol);
	add_str(o, "productName", b->image);
	add_str(o, "eventType", b->event_type);
	add_str(o, "class", b->cls);
	json_object_object_add(o, "code", json_object_new_int(b->code));
	add_str(o, "title", b->title);
	if (b->claim_plugin && *b->claim_plugin)
		add_str(o, "claimPlugin", b->claim_plugin);
	else
		json_object_object_add(o, "claimPlugin", NULL);
	add_time(o, "firstSeen", b->first_seen);
	add_time(o, "lastSeen", b->last_seen);
	add_int(o, "hits", b->hits);
	add_int(o, "machines", b->machines);
	json_object_object_add(o, "kernelReleases", json_object_new_array());
	json_object_object_add(o, "modules", json_object_new_array());
	json_object_object_add(o, "responses", json_object_new_array());
	json_object_object_add(o, "samples", json_object_new_array());
	return 0;
}

static int d_kernel(const struct store_kernel *k, void *data)
{
	json_object *o = push(((struct details *)data)->o, "kernelReleases");

	add_str(o, "release", k->release);
	add_int(o, "hits", k->hits);
	return 0;
}

static int d_module(const struct store_module *m, void *data)
{
	json_object *o = push(((struct details *)data)->o, "modules");

	add_str(o, "name", m->name);
	add_str(o, "file", m->file);
	add_str(o, "version", m->version);
	add_str(o, "srcversion", m->srcversion);
	add_int(o, "hits", m->hits);
	return 0;
}

static int d_response(const struct store_response *r, void *data)
{
	json_object *o = push(((struct details *)data)->o, "responses");

	add_int(o, "id", r->id);
	add_str(o, "message", r->message);
	add_str(o, "link", r->link);
	add_str(o, "moduleVersionMin", r->mod_min);
	add_str(o, "moduleVersionMax", r->mod_max);
	add_str(o, "kernelMin", r->kern_min);
	add_str(o, "kernelMax", r->kern_max);
	return 0;
}

static int d_sample(const struct store_sample *s, void *data)
{
	struct details *d = data;
	json_object *o = push(d->o, "samples");
	char link[256];

	add_str(o, "id", s->report_id);
	add_str(o, "kind", s->first ? "first" : "latest");
	add_time(o, "crashTime", s->crash_time);
	add_time(o, "receivedAt", s->received);
	snprintf(link, sizeof(link), "/api/v1/failures/%s/samples/%s/record",
		 d->hash, s->report_id);
	add_str(o, "link", link);
	return 0;
}

/*
 * The hash spec version of a bucket (docs/classifier.md): the version is
 * part of the hashed text, so all reports of a bucket share it, and the
 * stored record of its first sample says which it is.  NULL when the
 * bucket keeps no sample (a bulk load) or the record does not say.
 */
static json_object *hash_version_of(struct store *st, const char *hash,
				    const struct store_scope *scope,
				    json_object *details)
{
	json_object *samples, *first, *id, *rec, *v, *ret = NULL;
	size_t len;
	char *text;

	if (!json_object_object_get_ex(details, "samples", &samples) ||
	    !json_object_is_type(samples, json_type_array) ||
	    !json_object_array_length(samples))
		return NULL;
	first = json_object_array_get_idx(samples, 0);
	if (!json_object_object_get_ex(first, "id", &id) ||
	    st->ops->sample_record(st, hash, json_object_get_string(id), scope,
				   &text, &len))
		return NULL;
	rec = json_tokener_parse(text);
	free(text);
	if (rec && json_object_object_get_ex(rec, "hash_version", &v) &&
	    json_object_is_type(v, json_type_int))
		ret = json_object_new_int(json_object_get_int(v));
	json_object_put(rec);
	return ret;
}

int view_details(struct store *st, const char *hash,
		 const struct store_scope *scope, json_object **ret)
{
	static const struct store_details_cb cb = {
		.bucket = d_bucket,
		.kernel = d_kernel,
		.module = d_module,
		.response = d_response,
		.sample = d_sample,
	};
	struct details d = { .o = json_object_new_object() };
	int e;

	if (!d.o)
		return -ENOMEM;
	e = store_settle(st);
	if (!e)
		e = st->ops->bucket_details(st, hash, scope, &cb, &d);
	if (e) {
		json_object_put(d.o);
		return e;
	}
	json_object_object_add(d.o, "hashVersion",
			       hash_version_of(st, hash, scope, d.o));
	*ret = d.o;
	return 0;
}

static int s_bucket(const struct store_bucket *b, void *data)
{
	json_object *o = json_object_new_object(), *frames;

	if (!o)
		return -ENOMEM;
	frames = json_tokener_parse(b->stack ? b->stack : "[]");
	if (frames && !json_object_is_type(frames, json_type_array)) {
		json_object_put(frames);
		frames = NULL;
	}
	add_str(o, "failureHash", b->hash);
	add_str(o, "failureName", b->failure_name);
	add_str(o, "symbol", b->symbol);
	json_object_object_add(o, "frames",
			       frames ? frames : json_object_new_array());
	*(json_object **)data = o;
	return 0;
}

int view_stack(struct store *st, const char *hash,
	       const struct store_scope *scope, json_object **ret)
{
	json_object *o = NULL;
	int e;

	e = st->ops->bucket_stack(st, hash, scope, s_bucket, &o);
	if (!e && !o)
		e = -ENOENT;
	if (e) {
		json_object_put(o);
		return e;
	}
	*ret = o;
	return 0;
}

static int t_bucket(const struct store_bucket *b, void *data)
{
	json_object *o = json_object_new_object();

	if (!o)
		return -ENOMEM;
	add_str(o, "failureHash", b->hash);
	add_str(o, "failureName", b->failure_name);
	add_str(o, "symbol", b->symbol);
	add_str(o, "productName", b->image);
	add_int(o, "hits", b->hits);
	add_int(o, "machines", b->machines);
	json_object_array_add(data, o);
	return 0;
}

int view_top(struct store *st, const struct store_scope *scope,
	     unsigned int limit, json_object **ret_rows, uint64_t *ret_total)
{
	json_object *rows = json_object_new_array();
	int e;

	if (!rows)
		return -ENOMEM;
	e = store_settle(st);
	if (!e)
		e = st->ops->top(st, scope, limit, t_bucket, rows, ret_total);
	if (e) {
		json_object_put(rows);
		return e;
	}
	*ret_rows = rows;
	return 0;
}

static int a_answer(const char *report_id, bool found,
		    const struct store_response *r, void *data)
{
	json_object *o = json_object_new_object();

	if (!o)
		return -ENOMEM;
	add_str(o, "report_id", report_id);
	json_object_object_add(o, "found", json_object_new_boolean(found));
	if (r) {
		json_object *ro = json_object_new_object();

		add_int(ro, "id", r->id);
		add_str(ro, "message", r->message);
		add_str(ro, "link", r->link);
		json_object_object_add(o, "response", ro);
	} else {
		json_object_object_add(o, "response", NULL);
	}
	json_object_array_add(data, o);
	return 0;
}

int view_answers(struct store *st, const char *const *ids, size_t n,
		 const struct store_scope *scope, json_object **ret)
{
	json_object *arr = json_object_new_array();
	int e;

	if (!arr)
		return -ENOMEM;
	e = st->ops->responses_for(st, ids, n, scope, a_answer, arr);
	if (e) {
		json_object_put(arr);
		return e;
	}
	*ret = arr;
	return 0;
}
