// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding over HTTP(S) with libcurl.  One report per request: a report
 * the server refuses (400) is then identified without guessing, and an
 * acknowledged report is removed from the spool before the next one is
 * sent, so a crash of the agent at any point loses nothing and, thanks to
 * the server's idempotency on report_id, counts nothing twice.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "census.h"
#include "forward.h"
#include "host.h"

#define REPLY_MAX (1U << 20)

struct buf {
	char *p;
	size_t len;
	bool over;
};

struct http {
	CURL *curl;
	struct curl_slist *hdrs;
	const struct bc_config *c;
	volatile bool *stop;
	struct buf reply;
	long status;
	long retry_after;
	char error[CURL_ERROR_SIZE];
};

static size_t on_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;
	size_t len = size * n;
	char *np;

	if (b->len + len > REPLY_MAX) {
		b->over = true;
		return 0;
	}
	np = realloc(b->p, b->len + len + 1);
	if (!np)
		return 0;
	b->p = np;
	memcpy(b->p + b->len, ptr, len);
	b->len += len;
	b->p[b->len] = '\0';
	return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c,
		       curl_off_t d)
{
	struct http *h = ud;
	sigset_t set;

	if (!h->stop)
		return 0;
	/* the daemon blocks SIGTERM for its signalfd: a pending one stops us */
	if (!sigpending(&set) &&
	    (sigismember(&set, SIGTERM) == 1 || sigismember(&set, SIGINT) == 1))
		*h->stop = true;
	return *h->stop; /* non-zero aborts the transfer */
}

static int http_init(struct http *h, const struct bc_config *c,
		     volatile bool *stop)
{
	char auth[300];

	memset(h, 0, sizeof(*h));
	h->c = c;
	h->stop = stop;
	h->curl = curl_easy_init();
	if (!h->curl)
		return -ENOMEM;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
	h->hdrs = curl_slist_append(h->hdrs, auth);
	h->hdrs = curl_slist_append(h->hdrs, "Content-Type: application/json");
	h->hdrs = curl_slist_append(h->hdrs, "Expect:");
	if (!h->hdrs)
		return -ENOMEM;
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->hdrs);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR,
			 c->allow_http ? "http,https" : "https");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT,
			 (long)(c->timeout < 10 ? c->timeout : 10));
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "bugcheck-agent/1");
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->reply);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->error);
	if (*c->ca_file)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, c->ca_file);
	return 0;
}

static void http_done(struct http *h)
{
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->hdrs);
	free(h->reply.p);
}

/* POST @body to @path; 0 with h->status set, or -EIO with h->error. */
static int http_post(struct http *h, const char *path, const char *body)
{
	char url[700];
	curl_off_t ra = 0;
	CURLcode rc;

	snprintf(url, sizeof(url), "%s%s", h->c->server, path);
	/* "https://host/" + "/api" must not become "//api" */
	if (strstr(url, "//api/"))
		memmove(strstr(url, "//api/"), strstr(url, "//api/") + 1,
			strlen(strstr(url, "//api/")));
	free(h->reply.p);
	memset(&h->reply, 0, sizeof(h->reply));
	h->error[0] = '\0';
	h->status = 0;
	h->retry_after = 0;
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		if (!h->error[0])
			snprintf(h->error, sizeof(h->error), "%s",
				 curl_easy_strerror(rc));
		if (h->reply.over)
			snprintf(h->error, sizeof(h->error),
				 "reply larger than %u bytes", REPLY_MAX);
		return -EIO;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	if (curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK)
		h->retry_after = (long)ra;
	return 0;
}

/* The server's error message, or a short excerpt of the body. */
static void reply_error(const struct http *h, char *out, size_t size)
{
	struct json_object *o, *e, *m;

	o = h->reply.p ? json_tokener_parse(h->reply.p) : NULL;
	if (o && json_object_object_get_ex(o, "error", &e) &&
	    json_object_object_get_ex(e, "message", &m))
		snprintf(out, size, "HTTP %ld: %s", h->status,
			 json_object_get_string(m));
	else
		snprintf(out, size, "HTTP %ld", h->status);
	json_object_put(o);
}

static void copy_key(struct json_object *dst, struct json_object *src,
		     const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(src, key, &v))
		json_object_object_add(dst, key, json_object_get(v));
}

/* What sent/<id>.json keeps: enough for "list" and response polling. */
static struct json_object *sent_meta(struct json_object *rep,
				     const char *status)
{
	struct json_object *m = json_object_new_object(), *k;
	char buf[40];

	copy_key(m, rep, "report_id");
	json_object_object_add(m, "status", json_object_new_string(status));
	copy_key(m, rep, "crash_time");
	copy_key(m, rep, "source");
	copy_key(m, rep, "event_type");
	copy_key(m, rep, "kernel_release");
	if (json_object_object_get_ex(rep, "classification", &k)) {
		copy_key(m, k, "failure_name");
		copy_key(m, k, "failure_hash");
		copy_key(m, k, "title");
	}
	/* a live report's count as sent with it (later ones: counts/) */
	if (json_object_object_get_ex(rep, "count", &k) &&
	    json_object_is_type(k, json_type_int))
		json_object_object_add(m, "count_sent", json_object_get(k));
	/* kept so that a later pstore/kdump copy of this crash is known */
	if (json_object_object_get_ex(rep, "agent", &k))
		copy_key(m, k, "crash_key");
	bc_iso_time(time(NULL), buf, sizeof(buf));
	json_object_object_add(m, "sent_at", json_object_new_string(buf));
	return m;
}

static bool retryable(long status)
{
	return status == 408 || status == 429 || status >= 500;
}

/* ---- progressive collection (docs/privacy.md) ---- */

/* What uploading extra data works with, in a pass or a poll. */
struct up {
	const struct bc_config *c;
	struct bc_spool *sp;
	struct http *h; /* NULL in a dry run */
	const struct bc_scrub *scrub;
	const struct bc_forward_hooks *hk;
	struct bc_forward_result *res;
	FILE *out; /* where a dry run prints */
	bool broken; /* the server is unreachable or busy: upload no more */
};

static const char *const extra_kinds[] = { "log_tail", "vendor_data",
					   "kdump_dmesg" };

static bool known_kind(const char *k)
{
	size_t i;

	for (i = 0; k && i < sizeof(extra_kinds) / sizeof(extra_kinds[0]); i++)
		if (!strcmp(k, extra_kinds[i]))
			return true;
	return false;
}

/* sent/<id>.json's "collect" member, made when missing. */
static struct json_object *collect_of(struct json_object *meta)
{
	struct json_object *col;

	if (json_object_object_get_ex(meta, "collect", &col) && col &&
	    json_object_is_type(col, json_type_object))
		return col;
	col = json_object_new_object();
	json_object_object_add(meta, "collect", col);
	return col;
}

/* The latest outcome recorded for @kind, NULL when none. */
static const char *last_result(struct json_object *meta, const char *kind)
{
	struct json_object *col, *ups, *u;
	const char *r = NULL, *k;
	size_t i;

	if (!json_object_object_get_ex(meta, "collect", &col) ||
	    !json_object_object_get_ex(col, "uploads", &ups) ||
	    !json_object_is_type(ups, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(ups); i++) {
		u = json_object_array_get_idx(ups, i);
		k = bc_report_str(u, "kind");
		if (k && !strcmp(k, kind))
			r = bc_report_str(u, "result");
	}
	return r;
}

/* Record what happened to @kind of @id in @meta, and tell the caller. */
static void note(struct up *u, const char *id, struct json_object *meta,
		 const char *kind, const char *result, const char *why,
		 long long bytes)
{
	struct json_object *col = collect_of(meta), *ups, *e;
	char at[40];

	if (!json_object_object_get_ex(col, "uploads", &ups) ||
	    !json_object_is_type(ups, json_type_array)) {
		ups = json_object_new_array();
		json_object_object_add(col, "uploads", ups);
	}
	e = json_object_new_object();
	json_object_object_add(e, "kind", json_object_new_string(kind));
	json_object_object_add(e, "result", json_object_new_string(result));
	bc_iso_time(time(NULL), at, sizeof(at));
	json_object_object_add(e, "at", json_object_new_string(at));
	json_object_object_add(e, "why", json_object_new_string(why));
	if (bytes >= 0)
		json_object_object_add(e, "bytes",
				       json_object_new_int64(bytes));
	json_object_array_add(ups, e);
	if (u->hk && u->hk->collected)
		u->hk->collected(u->hk->ud, id, kind, result, why);
}

/* POST one upload; 0 sent, 1 refused for good (@err says why), -EIO. */
static int upload(struct up *u, const char *path, const char *body, char *err,
		  size_t errlen)
{
	long st;

	if (http_post(u->h, path, body))
		return -EIO;
	st = u->h->status;
	if (st == 200)
		return 0;
	if (st == 400 || st == 404 || st == 409 || st == 413 || st == 415) {
		reply_error(u->h, err, errlen);
		return 1;
	}
	return -EIO;
}

/*
 * The bucket of report @id wants @wants (an array of kind names), as said
 * in the server's @via at @asked_at.  Upload each kind the policy allows
 * and the spool still holds, once; record every outcome in @meta (not in
 * a dry run, which prints the uploads instead).
 *
 * Return: true when @meta changed.
 */
static bool take_wants(struct up *u, const char *id, struct json_object *meta,
		       struct json_object *wants, const char *via,
		       const char *asked_at)
{
	bool dry = !u->h, changed = false;
	struct json_object *col, *rep = NULL, *b, *w;
	const char *kind, *r,
		*level = bc_collect_level_name(u->c->collect_level);
	char why[400], path[128], err[300], *data;
	size_t i, n;
	int e;

	if (!wants || !json_object_is_type(wants, json_type_array))
		return false;
	if (!dry && (json_object_array_length(wants) ||
		     json_object_object_get_ex(meta, "collect", &col))) {
		col = collect_of(meta);
		json_object_object_add(col, "wants", json_object_get(wants));
		json_object_object_add(col, "asked_at",
				       json_object_new_string(asked_at));
		json_object_object_add(col, "asked_in",
				       json_object_new_string(via));
		changed = true;
	}
	for (i = 0; i < json_object_array_length(wants); i++) {
		w = json_object_array_get_idx(wants, i);
		kind = json_object_is_type(w, json_type_string) ?
			       json_object_get_string(w) :
			       NULL;
		if (!known_kind(kind))
			continue;
		r = last_result(meta, kind);
		if (r && strcmp(r, "not sent"))
			continue; /* sent, refused or not available: once */
		if (u->c->collect_level == BC_COLLECT_MINIMAL) {
			if (!r && !dry)
				note(u, id, meta, kind, "not sent",
				     "the server asked for it; collect_level = minimal sends nothing beyond the first report",
				     -1);
			continue;
		}
		if (!rep && bc_spool_extra_read(u->sp, id, &rep))
			rep = NULL;
		e = rep ? bc_report_extra(rep, kind, u->scrub, &data, &n) :
			  -ENOENT;
		if (e == -ENOMEM)
			break;
		if (e) {
			if (!dry)
				note(u, id, meta, kind, "not available",
				     rep ? "this report has none (its source does not record it)" :
					   "the spool no longer keeps this report's data (extra_keep_days, extra_max_bytes)",
				     -1);
			continue;
		}
		snprintf(
			why, sizeof(why),
			"the server asked for it in its %s at %s; collect_level = %s",
			via, asked_at, level);
		snprintf(path, sizeof(path), "/api/v1/reports/%s/extras", id);
		b = json_object_new_object();
		json_object_object_add(b, "kind", json_object_new_string(kind));
		json_object_object_add(b, "data",
				       json_object_new_string_len(data, n));
		free(data);
		if (dry) {
			struct json_object *l = json_object_new_object();

			json_object_object_add(l, "upload",
					       json_object_new_string(path));
			json_object_object_add(l, "why",
					       json_object_new_string(why));
			json_object_object_add(l, "body", b);
			fprintf(u->out, "%s\n",
				json_object_to_json_string_ext(
					l,
					JSON_C_TO_STRING_PLAIN |
						JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(l);
			u->res->uploads++;
			continue;
		}
		e = u->broken ?
			    -EIO :
			    upload(u, path,
				   json_object_to_json_string_ext(
					   b,
					   JSON_C_TO_STRING_PLAIN |
						   JSON_C_TO_STRING_NOSLASHESCAPE),
				   err, sizeof(err));
		json_object_put(b);
		if (e == 0) {
			note(u, id, meta, kind, "sent", why, (long long)n);
			u->res->uploads++;
		} else if (e == 1) {
			note(u, id, meta, kind, "refused", err, -1);
		} else {
			/* asked again by the next response poll */
			u->broken = true;
		}
	}
	json_object_put(rep);
	return changed;
}

/* Handle the 200 reply to one report; 0, -EBADMSG or a spool error. */
static int take_result(struct bc_spool *sp, const struct http *h,
		       struct json_object *rep, const char *id,
		       const struct bc_forward_hooks *hk,
		       struct bc_forward_result *res, struct up *u)
{
	struct json_object *o, *a, *r, *v, *resp = NULL, *m;
	const char *rid;
	int64_t bucket = 0;
	bool dup = false;
	int ret;

	o = h->reply.p ? json_tokener_parse(h->reply.p) : NULL;
	if (!o || !json_object_object_get_ex(o, "results", &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    json_object_array_length(a) != 1) {
		json_object_put(o);
		return -EBADMSG;
	}
	r = json_object_array_get_idx(a, 0);
	rid = bc_report_str(r, "report_id");
	if (!rid || strcasecmp(rid, id)) {
		json_object_put(o);
		return -EBADMSG;
	}
	m = sent_meta(rep, "sent");
	if (json_object_object_get_ex(r, "bucket_id", &v))
		bucket = json_object_get_int64(v);
	json_object_object_add(m, "bucket_id", json_object_new_int64(bucket));
	copy_key(m, r, "hits");
	if (json_object_object_get_ex(r, "failure_hash", &v))
		json_object_object_add(m, "bucket", json_object_get(v));
	if (json_object_object_get_ex(r, "duplicate", &v))
		dup = json_object_get_boolean(v);
	json_object_object_add(m, "duplicate", json_object_new_boolean(dup));
	if (json_object_object_get_ex(r, "response", &resp) && resp &&
	    json_object_is_type(resp, json_type_object))
		json_object_object_add(m, "response", json_object_get(resp));
	else
		resp = NULL;
	/* what a bucket may ask for later; without it, "not available" */
	(void)bc_spool_extra_keep(sp, id);
	ret = bc_spool_mark_sent(sp, id, m);
	if (!ret && json_object_object_get_ex(r, "wants", &v)) {
		char at[40];

		bc_iso_time(time(NULL), at, sizeof(at));
		if (take_wants(u, id, m, v, "ingest reply", at))
			(void)bc_spool_update_sent(sp, id, m);
	}
	if (!ret) {
		if (dup)
			res->duplicates++;
		else
			res->sent++;
		if (resp) {
			res->responses++;
			if (hk && hk->response)
				hk->response(hk->ud, id,
					     bc_report_str(r, "failure_hash"),
					     bucket, resp);
		}
		if (hk && hk->sent)
			hk->sent(hk->ud, id, bucket, dup);
	}
	json_object_put(m);
	json_object_put(o);
	return ret;
}

unsigned int bc_forward_backoff(const struct bc_config *c,
				unsigned int failures)
{
	unsigned long long d = c->retry_min;
	unsigned int r = 0, i;

	for (i = 1; i < failures && d < c->retry_max; i++)
		d *= 2;
	if (d > c->retry_max)
		d = c->retry_max;
	/* full jitter on the upper half: spreads a fleet's retries */
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned int)getpid();
	d = d / 2 + r % (d - d / 2 + 1);
	return d ? (unsigned int)d : 1;
}

/* ---- over quota (docs/server.md, "Over quota") ---- */

/* "2026-12-03T00:00:00Z" as seconds since the epoch, or -1. */
static int64_t parse_utc(const char *s)
{
	struct tm tm = { 0 };
	const char *end;

	if (!s)
		return -1;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (*end != 'Z' && *end != '\0'))
		return -1;
	return (int64_t)timegm(&tm);
}

/*
 * The server's OverQuota reply: until when to send nothing, from
 * error.resets, else the seconds of error.retry_after or Retry-After, else
 * the next midnight UTC (when the server's daily count starts again).
 * Return: true when @h is an OverQuota reply.
 */
static bool over_quota_reply(const struct http *h, int64_t now, int64_t *until)
{
	struct json_object *o, *e, *v;
	bool yes = false;
	int64_t t = -1;

	if (h->status != 429 || !h->reply.p)
		return false;
	o = json_tokener_parse(h->reply.p);
	if (o && json_object_object_get_ex(o, "error", &e) &&
	    json_object_object_get_ex(e, "code", &v) &&
	    !strcmp(json_object_get_string(v), "OverQuota")) {
		yes = true;
		t = parse_utc(bc_report_str(e, "resets"));
		if (t <= now &&
		    json_object_object_get_ex(e, "retry_after", &v) &&
		    json_object_get_int64(v) > 0)
			t = now + json_object_get_int64(v);
		if (t <= now && h->retry_after > 0)
			t = now + h->retry_after;
		if (t <= now)
			t = now - now % 86400 + 86400;
		/* a server clock far ahead must not silence the agent for long */
		if (t > now + 2 * 86400)
			t = now + 2 * 86400;
	}
	json_object_put(o);
	*until = t;
	return yes;
}

int bc_forward_quota_state(struct bc_spool *sp, const char *server, int64_t now,
			   int64_t *until)
{
	struct json_object *st, *q, *v;
	const char *srv;
	int64_t t = 0;

	*until = 0;
	st = bc_spool_state(sp);
	if (!st)
		return -ENOMEM;
	if (json_object_object_get_ex(st, "over_quota", &q) && q &&
	    json_object_object_get_ex(q, "until_epoch", &v)) {
		t = json_object_get_int64(v);
		srv = bc_report_str(q, "server");
		if (srv && !strcmp(srv, server) && t > now)
			*until = t;
	}
	json_object_put(st);
	return 0;
}

static int set_quota_state(struct bc_spool *sp, const char *server,
			   int64_t until)
{
	struct json_object *q;
	char buf[40];

	if (!until)
		return bc_spool_state_set(sp, "over_quota", NULL);
	q = json_object_new_object();
	json_object_object_add(q, "server", json_object_new_string(server));
	bc_iso_time(until, buf, sizeof(buf));
	json_object_object_add(q, "until", json_object_new_string(buf));
	json_object_object_add(q, "until_epoch", json_object_new_int64(until));
	return bc_spool_state_set(sp, "over_quota", q);
}

/* ---- one pass ---- */

/* What a pass works with. */
struct pass {
	const struct bc_config *c;
	struct bc_spool *sp;
	const struct bc_forward_hooks *hk;
	struct bc_forward_result *res;
	struct bc_payload_opts opts;
	struct bc_scrub scrub;
	char mid[BC_MACHINE_ID_LEN + 1];
	struct http h;
	bool dry_run;
	FILE *out;
	struct up up;
};

enum step { STEP_NEXT, STEP_STOP };

static int pass_init(struct pass *p, const struct bc_config *c,
		     struct bc_spool *sp, bool dry_run, FILE *out,
		     volatile bool *stop, const struct bc_forward_hooks *hk,
		     struct bc_forward_result *res)
{
	char words[4096];
	int ret;

	memset(p, 0, sizeof(*p));
	p->c = c;
	p->sp = sp;
	p->hk = hk;
	p->res = res;
	p->dry_run = dry_run;
	p->out = out;
	p->opts.device_type = c->device_type;
	p->opts.market = c->market;
	p->opts.send_log = c->send_log;
	p->opts.full_log = c->collect_level == BC_COLLECT_FULL;
	p->up.c = c;
	p->up.sp = sp;
	p->up.h = dry_run ? NULL : &p->h;
	p->up.scrub = &p->scrub;
	p->up.hk = hk;
	p->up.res = res;
	p->up.out = out;
	ret = bc_host_machine_id(c->salt, c->state_dir, p->mid);
	if (ret) {
		snprintf(res->error, sizeof(res->error),
			 "cannot read or create the salt in '%.300s': %s",
			 c->state_dir, strerror(-ret));
		return ret;
	}
	bc_host_scrub_words(c->scrub_words, words, sizeof(words));
	bc_scrub_init(&p->scrub, words);
	return dry_run ? 0 : http_init(&p->h, c, stop);
}

/* The server refused the report for good (400, 413, 415): keep why. */
static void reject(struct pass *p, struct json_object *rep, const char *id)
{
	struct json_object *m = sent_meta(rep, "rejected");

	json_object_object_add(m, "error",
			       json_object_new_string(p->res->error));
	if (!bc_spool_mark_sent(p->sp, id, m)) {
		p->res->rejected++;
		if (p->hk && p->hk->rejected)
			p->hk->rejected(p->hk->ud, id, p->res->error);
	}
	json_object_put(m);
	p->res->error[0] = '\0';
}

/* Act on the server's answer to one report. */
static enum step take_reply(struct pass *p, struct json_object *rep,
			    const char *id)
{
	struct bc_forward_result *res = p->res;
	int64_t now = time(NULL), until;
	int ret;

	if (p->h.status == 200) {
		ret = take_result(p->sp, &p->h, rep, id, p->hk, res, &p->up);
		if (!ret)
			return STEP_NEXT;
		if (ret == -EBADMSG)
			snprintf(res->error, sizeof(res->error),
				 "%.200s: unexpected reply to report %s",
				 p->c->server, id);
		else
			snprintf(res->error, sizeof(res->error),
				 "cannot record report %s as sent: %s", id,
				 strerror(-ret));
		res->failed = true;
		return STEP_STOP;
	}
	reply_error(&p->h, res->error, sizeof(res->error));
	if (p->h.status == 400 || p->h.status == 413 || p->h.status == 415) {
		reject(p, rep, id);
		return STEP_NEXT;
	}
	if (over_quota_reply(&p->h, now, &until)) {
		/* none of it was stored: keep everything, wait for the reset */
		res->over_quota = true;
		res->quota_until = until;
		res->quota_new = true;
		if (set_quota_state(p->sp, p->c->server, until))
			res->quota_not_saved = true;
		return STEP_STOP;
	}
	res->failed = true;
	res->auth_failed = p->h.status == 401 || p->h.status == 403;
	if (retryable(p->h.status))
		res->retry_after = p->h.retry_after;
	return STEP_STOP;
}

/*
 * sent/<id>.json and "bugcheck list" show the bucket as sent: the title
 * and failure hash of the payload (scrubbed, rehashed), not the ones the
 * classifier gave the spooled copy.  @rep is the in-memory copy only.
 */
static void sent_identity(struct json_object *rep, struct json_object *pay)
{
	struct json_object *k, *pk, *v;

	if (!json_object_object_get_ex(rep, "classification", &k) ||
	    !json_object_object_get_ex(pay, "classification", &pk))
		return;
	if (json_object_object_get_ex(pk, "failure_hash", &v))
		json_object_object_add(k, "failure_hash", json_object_get(v));
	if (json_object_object_get_ex(pk, "title", &v))
		json_object_object_add(k, "title", json_object_get(v));
}

/* Build, print or send one spooled report. */
static enum step send_one(struct pass *p, const char *id)
{
	struct json_object *rep, *pay;
	const char *body;
	enum step st;
	int ret;

	ret = bc_spool_read(p->sp, false, id, &rep);
	if (ret == -ENOENT)
		return STEP_NEXT; /* sent by another forwarder meanwhile */
	if (ret) {
		if (p->hk && p->hk->skipped)
			p->hk->skipped(p->hk->ud, id, ret);
		return STEP_NEXT;
	}
	pay = bc_report_payload(rep, &p->opts, p->mid, &p->scrub);
	if (!pay) {
		if (p->hk && p->hk->skipped)
			p->hk->skipped(p->hk->ud, id, -EBADMSG);
		json_object_put(rep);
		return STEP_NEXT;
	}
	sent_identity(rep, pay);
	body = json_object_to_json_string_ext(
		pay, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (p->dry_run) {
		fprintf(p->out, "%s\n", body);
		p->res->pending++;
		st = STEP_NEXT;
	} else if (http_post(&p->h, "/api/v1/reports", body)) {
		snprintf(p->res->error, sizeof(p->res->error), "%.200s: %.250s",
			 p->c->server, p->h.error);
		p->res->failed = true;
		st = STEP_STOP;
	} else {
		st = take_reply(p, rep, id);
	}
	json_object_put(pay);
	json_object_put(rep);
	return st;
}

/* ---- counts of sent live reports ---- */

/* The count the server was told of sent report @m, 0 if none. */
static uint64_t count_sent(struct json_object *m)
{
	struct json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(m, "count_sent", &v))
		return 0;
	n = json_object_get_int64(v);
	return n > 0 ? (uint64_t)n : 0;
}

/*
 * Tell the server the count of live report @id, if it grew since the
 * server heard it; @m is sent/<id>.json.
 */
static enum step send_count(struct pass *p, const char *id,
			    struct json_object *m, uint64_t count)
{
	struct bc_forward_result *res = p->res;
	struct json_object *b = json_object_new_object(), *l;
	char path[128], err[300], why[120];
	const char *body;
	enum step st = STEP_NEXT;

	snprintf(path, sizeof(path), "/api/v1/reports/%s/count", id);
	json_object_object_add(b, "count",
			       json_object_new_int64((int64_t)count));
	if (p->dry_run) {
		snprintf(why, sizeof(why),
			 "seen %llu times this boot, the server was told %llu",
			 (unsigned long long)count,
			 (unsigned long long)count_sent(m));
		l = json_object_new_object();
		json_object_object_add(l, "count_update",
				       json_object_new_string(path));
		json_object_object_add(l, "why", json_object_new_string(why));
		json_object_object_add(l, "body", b);
		fprintf(p->out, "%s\n",
			json_object_to_json_string_ext(
				l, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(l);
		res->counts++;
		return STEP_NEXT;
	}
	body = json_object_to_json_string_ext(b, JSON_C_TO_STRING_PLAIN);
	if (http_post(&p->h, path, body)) {
		snprintf(res->error, sizeof(res->error), "%.200s: %.250s",
			 p->c->server, p->h.error);
		res->failed = true;
		st = STEP_STOP;
	} else if (p->h.status == 200) {
		json_object_object_add(m, "count_sent",
				       json_object_new_int64((int64_t)count));
		if (bc_spool_update_sent(p->sp, id, m)) {
			/* sent again next time: the server keeps the max */
			snprintf(res->error, sizeof(res->error),
				 "cannot record the count of report %s", id);
			res->failed = true;
			st = STEP_STOP;
		} else {
			res->counts++;
			if (p->hk && p->hk->counted)
				p->hk->counted(p->hk->ud, id, count, NULL);
		}
	} else if (p->h.status == 400 || p->h.status == 404) {
		/* for good: this report's counts are not sent again */
		reply_error(&p->h, err, sizeof(err));
		json_object_object_add(m, "count_refused",
				       json_object_new_string(err));
		(void)bc_spool_update_sent(p->sp, id, m);
		if (p->hk && p->hk->counted)
			p->hk->counted(p->hk->ud, id, count, err);
	} else {
		reply_error(&p->h, res->error, sizeof(res->error));
		res->failed = true;
		res->auth_failed = p->h.status == 401 || p->h.status == 403;
		if (retryable(p->h.status))
			res->retry_after = p->h.retry_after;
		st = STEP_STOP;
	}
	json_object_put(b);
	return st;
}

/*
 * The counts in counts/ of reports already sent.  A count whose report
 * left the spool (evicted, or its sent/ entry pruned) or was rejected is
 * dropped; one whose report still waits goes with the report.
 */
static void send_counts(struct pass *p)
{
	struct bc_spool_entry *e = NULL;
	struct json_object *m, *rep;
	const char *st;
	uint64_t count;
	size_t n = 0, i;
	int ret;

	if (bc_spool_count_list(p->sp, &e, &n))
		return;
	for (i = 0; i < n; i++) {
		const char *id = e[i].id;

		ret = bc_spool_count_get(p->sp, id, &count);
		if (ret == -EBADMSG && !p->dry_run)
			(void)bc_spool_count_drop(p->sp, id);
		if (ret)
			continue;
		if (!bc_spool_read(p->sp, false, id, &rep)) {
			json_object_put(rep);
			continue; /* waiting: its count goes with it */
		}
		if (bc_spool_read(p->sp, true, id, &m)) {
			if (!p->dry_run)
				(void)bc_spool_count_drop(p->sp, id);
			continue;
		}
		st = bc_report_str(m, "status");
		if (!st || strcmp(st, "sent")) {
			if (!p->dry_run)
				(void)bc_spool_count_drop(p->sp, id);
		} else if (!json_object_object_get(m, "count_refused") &&
			   count > count_sent(m) &&
			   send_count(p, id, m, count) == STEP_STOP) {
			json_object_put(m);
			break;
		}
		json_object_put(m);
	}
	free(e);
}

/* A dry run: the uploads that replies so far asked for, policy allowing. */
static void dry_uploads(struct pass *p)
{
	struct bc_spool_entry *e = NULL;
	struct json_object *m, *col, *w;
	size_t n = 0, i;

	if (bc_spool_list(p->sp, true, &e, &n))
		return;
	for (i = 0; i < n; i++) {
		if (bc_spool_read(p->sp, true, e[i].id, &m))
			continue;
		if (json_object_object_get_ex(m, "collect", &col) &&
		    json_object_object_get_ex(col, "wants", &w))
			(void)take_wants(&p->up, e[i].id, m, w,
					 bc_report_str(col, "asked_in") ?: "?",
					 bc_report_str(col, "asked_at") ?: "?");
		json_object_put(m);
	}
	free(e);
}

/* ---- the daily census (census.h) ---- */

/* state.json says a census went to this server on UTC day @today. */
static bool census_done(struct bc_spool *sp, const char *server,
			const char *today)
{
	struct json_object *st = bc_spool_state(sp), *k;
	const char *day, *srv;
	bool done = false;

	if (st && json_object_object_get_ex(st, "census", &k) && k) {
		day = bc_report_str(k, "day");
		srv = bc_report_str(k, "server");
		done = day && srv && !strcmp(day, today) &&
		       !strcmp(srv, server);
	}
	json_object_put(st);
	return done;
}

static void census_note(struct pass *p, const char *today, const char *result)
{
	struct json_object *k = json_object_new_object();
	char at[40];

	bc_iso_time(time(NULL), at, sizeof(at));
	json_object_object_add(k, "day", json_object_new_string(today));
	json_object_object_add(k, "server",
			       json_object_new_string(p->c->server));
	json_object_object_add(k, "at", json_object_new_string(at));
	json_object_object_add(k, "result", json_object_new_string(result));
	(void)bc_spool_state_set(p->sp, "census", k);
}

/* A dry run's census line; takes @body. */
static void census_print(FILE *out, bool due, struct json_object *body)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "census",
			       json_object_new_string("/api/v1/census"));
	json_object_object_add(o, "due", json_object_new_boolean(due));
	json_object_object_add(o, "body", body);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN |
				   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int bc_forward_census_dry(const struct bc_config *c, FILE *out, char *err,
			  size_t errlen)
{
	char mid[BC_MACHINE_ID_LEN + 1];
	struct json_object *body;
	int ret;

	ret = bc_host_machine_id(c->salt, c->state_dir, mid);
	if (ret) {
		snprintf(err, errlen,
			 "cannot read or create the salt in '%.300s': %s",
			 c->state_dir, strerror(-ret));
		return ret;
	}
	ret = bc_census_build(c, mid, &body, err, errlen);
	if (!ret)
		census_print(out, true, body);
	return ret;
}

/*
 * Once a UTC day per server, after the reports: the census.  Refused (4xx
 * other than 408 and 429) counts as done for the day, so an old server
 * is asked once a day, not every pass; anything else is tried again by
 * the next pass.
 */
static void census_step(struct pass *p)
{
	struct bc_forward_result *res = p->res;
	struct json_object *body, *o, *v;
	char today[40], why[300];
	bool due;
	long st;

	bc_iso_time(time(NULL), today, sizeof(today));
	today[10] = '\0';
	due = !census_done(p->sp, p->c->server, today);
	if (!p->dry_run && (!due || res->failed || res->over_quota))
		return;
	if (bc_census_build(p->c, p->mid, &body, res->census_error,
			    sizeof(res->census_error))) {
		res->census = BC_CENSUS_FAILED;
		return;
	}
	if (p->dry_run) {
		census_print(p->out, due, body);
		return;
	}
	if (http_post(&p->h, "/api/v1/census",
		      json_object_to_json_string_ext(
			      body, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE))) {
		json_object_put(body);
		snprintf(res->census_error, sizeof(res->census_error),
			 "%.100s: %.140s", p->c->server, p->h.error);
		res->census = BC_CENSUS_FAILED;
		return;
	}
	json_object_put(body);
	st = p->h.status;
	if (st == 200) {
		o = p->h.reply.p ? json_tokener_parse(p->h.reply.p) : NULL;
		res->census =
			o && json_object_object_get_ex(o, "counted", &v) &&
					!json_object_get_boolean(v) ?
				BC_CENSUS_KNOWN :
				BC_CENSUS_COUNTED;
		json_object_put(o);
		census_note(p, today,
			    res->census == BC_CENSUS_KNOWN ? "already counted" :
							     "counted");
	} else if (st >= 400 && st < 500 && st != 408 && st != 429) {
		reply_error(&p->h, res->census_error,
			    sizeof(res->census_error));
		snprintf(why, sizeof(why), "refused: %s", res->census_error);
		census_note(p, today, why);
		res->census = BC_CENSUS_REFUSED;
	} else {
		reply_error(&p->h, res->census_error,
			    sizeof(res->census_error));
		res->census = BC_CENSUS_FAILED;
	}
}

int bc_forward_pass(const struct bc_config *c, struct bc_spool *sp,
		    bool dry_run, FILE *out, volatile bool *stop,
		    const struct bc_forward_hooks *hk,
		    struct bc_forward_result *res)
{
	struct bc_spool_entry *e = NULL;
	struct pass p;
	size_t n = 0, i;
	int64_t until;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!dry_run) {
		ret = bc_forward_quota_state(sp, c->server, time(NULL), &until);
		if (ret)
			return ret;
		if (until) {
			/* said when it began: wait quietly, send nothing */
			res->over_quota = true;
			res->quota_until = until;
			if (!bc_spool_list(sp, false, &e, &n))
				res->pending = n;
			free(e);
			return 0;
		}
	}
	ret = pass_init(&p, c, sp, dry_run, out, stop, hk, res);
	if (ret)
		goto out;
	ret = bc_spool_list(sp, false, &e, &n);
	if (ret)
		goto out;
	for (i = 0; i < n; i++) {
		if (stop && *stop) {
			res->failed = true;
			snprintf(res->error, sizeof(res->error), "stopped");
			break;
		}
		if (send_one(&p, e[i].id) == STEP_STOP)
			break;
	}
	/* the reports first: a count rides along with a waiting report */
	if (!res->failed && !res->over_quota)
		send_counts(&p);
	if (dry_run)
		dry_uploads(&p);
	if (c->census)
		census_step(&p);
	if (!dry_run)
		(void)bc_spool_extra_prune(sp, time(NULL));
	if (!dry_run) {
		/* a pass that got through ends a quota pause of the past */
		if (!res->failed && !res->over_quota)
			(void)set_quota_state(sp, c->server, 0);
		free(e);
		e = NULL;
		if (!bc_spool_list(sp, false, &e, &n))
			res->pending = n;
	}
	ret = 0;
out:
	http_done(&p.h);
	free(e);
	return ret;
}

/* The stored response @a is @b: same id, message and link. */
static bool same_response(struct json_object *a, struct json_object *b)
{
	static const char *const keys[] = { "id", "message", "link" };
	struct json_object *x, *y;

	if (!a || !json_object_is_type(a, json_type_object))
		return false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		x = json_object_object_get(a, keys[i]);
		y = json_object_object_get(b, keys[i]);
		if (strcmp(x ? json_object_get_string(x) : "",
			   y ? json_object_get_string(y) : ""))
			return false;
	}
	return true;
}

/* One reply of a response query: responses, withdrawals and wants. */
static void poll_results(struct up *u, struct json_object *a, const char *at)
{
	struct bc_forward_result *res = u->res;
	const struct bc_forward_hooks *hk = u->hk;
	struct json_object *r, *v, *m;
	bool changed, fresh;
	const char *id;

	for (size_t i = 0; i < json_object_array_length(a); i++) {
		r = json_object_array_get_idx(a, i);
		id = bc_report_str(r, "report_id");
		if (!id || !bc_spool_valid_id(id) ||
		    bc_spool_read(u->sp, true, id, &m))
			continue;
		changed = fresh = false;
		if (json_object_object_get_ex(r, "response", &v) && v &&
		    json_object_is_type(v, json_type_object)) {
			/* new, or edited by its vendor since */
			if (!same_response(
				    json_object_object_get(m, "response"), v)) {
				json_object_object_add(m, "response",
						       json_object_get(v));
				changed = fresh = true;
			}
		} else if (json_object_object_get_ex(r, "found", &v) &&
			   json_object_get_boolean(v) &&
			   json_object_object_get(m, "response")) {
			/* withdrawn, or narrowed so it no longer applies */
			json_object_object_del(m, "response");
			changed = true;
			res->withdrawn++;
		}
		if (json_object_object_get_ex(r, "wants", &v) &&
		    take_wants(u, id, m, v, "response poll", at))
			changed = true;
		if (changed && !bc_spool_update_sent(u->sp, id, m) && fresh) {
			res->responses++;
			if (hk && hk->response)
				hk->response(
					hk->ud, id,
					bc_report_str(m, "failure_hash"),
					json_object_object_get_ex(
						m, "bucket_id", &v) ?
						json_object_get_int64(v) :
						0,
					json_object_object_get(m, "response"));
		}
		json_object_put(m);
	}
}

int bc_forward_poll(const struct bc_config *c, struct bc_spool *sp,
		    volatile bool *stop, const struct bc_forward_hooks *hk,
		    struct bc_forward_result *res)
{
	struct bc_spool_entry *e = NULL;
	struct json_object *q = NULL, *ids, *o = NULL, *a, *m;
	struct http h = { 0 };
	struct bc_scrub scrub;
	struct up u = {
		.c = c, .sp = sp, .h = &h, .scrub = &scrub, .hk = hk, .res = res
	};
	size_t n = 0, k;
	const char *st;
	char words[4096], at[40];
	int ret;

	ret = bc_spool_list(sp, true, &e, &n);
	if (ret)
		return ret;
	/*
	 * Every sent report, newest first, 100 to a request: one without a
	 * response may get one, a response may be edited or withdrawn, and
	 * a bucket may ask for extra data (sent_keep bounds the number).
	 */
	for (k = n; !res->failed;) {
		q = json_object_new_object();
		ids = json_object_new_array();
		json_object_object_add(q, "report_ids", ids);
		for (; k > 0 && json_object_array_length(ids) < 100; k--) {
			if (bc_spool_read(sp, true, e[k - 1].id, &m))
				continue;
			st = bc_report_str(m, "status");
			if (st && !strcmp(st, "sent"))
				json_object_array_add(
					ids,
					json_object_new_string(e[k - 1].id));
			json_object_put(m);
		}
		if (!json_object_array_length(ids))
			break;
		if (!h.curl) {
			bc_host_scrub_words(c->scrub_words, words,
					    sizeof(words));
			bc_scrub_init(&scrub, words);
			ret = http_init(&h, c, stop);
			if (ret)
				break;
		}
		ret = http_post(&h, "/api/v1/responses/query",
				json_object_to_json_string_ext(
					q, JSON_C_TO_STRING_PLAIN));
		if (ret || h.status != 200) {
			if (ret)
				snprintf(res->error, sizeof(res->error),
					 "%.200s: %.250s", c->server, h.error);
			else
				reply_error(&h, res->error, sizeof(res->error));
			res->failed = true;
			ret = 0;
			break;
		}
		o = json_tokener_parse(h.reply.p ? h.reply.p : "");
		if (!o || !json_object_object_get_ex(o, "results", &a) ||
		    !json_object_is_type(a, json_type_array)) {
			snprintf(res->error, sizeof(res->error),
				 "%.200s: unexpected reply to a response query",
				 c->server);
			res->failed = true;
			break;
		}
		bc_iso_time(time(NULL), at, sizeof(at));
		/* @o is parsed apart from @h's buffer: uploads may reuse @h */
		poll_results(&u, a, at);
		json_object_put(o);
		o = NULL;
		json_object_put(q);
		q = NULL;
	}
	json_object_put(o);
	json_object_put(q);
	http_done(&h);
	free(e);
	return ret;
}
