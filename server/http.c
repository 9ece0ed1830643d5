// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP front end.
 *
 * Threading model: libmicrohttpd runs its own pool of @threads epoll
 * threads; each connection is served start to end on one of them.  The
 * handlers never block on anything but the store (whose SQLite backend
 * gives each reading thread its own connection and serialises writes).
 * The rate limiter and the failed-authentication table have their own
 * mutexes.  Nothing else is shared between threads after start-up.
 *
 * Request life: on the first call for a connection we authenticate,
 * rate-limit and check Content-Length, so a bad client is refused before
 * its body is read.  Body chunks are collected up to max_body; the final
 * call routes the request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "bucket.h"
#include "collect.h"
#include "http.h"
#include "query.h"
#include "regress.h"
#include "sbuf.h"
#include "report.h"
#include "session.h"
#include "utf8.h"
#include "view.h"
#include "web.h"
#include "log.h"

#define TOP_DEFAULT 20
#define TOP_MAX 1000

/*
 * Failed authentication per peer address: the AUTHFAIL_FREE-th failure
 * blocks the address (429) for 2 s, every further failure doubles that, up
 * to AUTHFAIL_MAX_SECS; AUTHFAIL_FORGET_SECS without failures clears it.
 */
#define AUTHFAIL_SLOTS 256
#define AUTHFAIL_FREE 10
#define AUTHFAIL_MAX_SECS 300
#define AUTHFAIL_FORGET_SECS 600
#define INGEST_WORKERS 64 /* threads that wait for ingest commits */

struct authfail {
	unsigned char addr[16]; /* IPv4 mapped into IPv6 */
	unsigned int fails;
	double last;
	double blocked_until;
};

/*
 * Every connection is tracked from accept to close.  While it has not
 * sent a whole request head (a new connection, or a kept-alive one
 * between requests) it is "in head": the sweeper thread shuts it down once
 * it has been so for head_timeout seconds, whatever it trickles, and when
 * all max_conns slots are taken the oldest one in head is shut down to
 * make room, so slow clients can never lock /healthz out.
 */
struct conn {
	int fd;
	bool in_head;
	double since; /* when it entered the head state */
	struct conn *prev, *next;
};

struct http_server {
	struct MHD_Daemon *daemon;
	pthread_mutex_t conn_lock; /* protects @conns, @n_conns, @stopping */
	pthread_cond_t conn_cond; /* wakes the sweeper to stop */
	struct conn *conns; /* oldest first */
	unsigned int n_conns;
	bool stopping;
	pthread_t sweeper;
	bool have_sweeper;
	char *tls_cert_pem, *tls_key_pem;
	struct store *store;
	struct http_config cfg;
	struct ratelimit rl;
	pthread_mutex_t af_lock;
	struct authfail af[AUTHFAIL_SLOTS];
	int listen_fd;
	uint16_t port;
	struct session_keys keys; /* signs dashboard session cookies */
	/*
	 * Ingest workers: a POST /api/v1/reports is decoded on its epoll
	 * thread, then its connection is suspended and one of these waits
	 * for the group commit (do_reports()), so a few epoll threads keep
	 * serving while every open connection has a call in the group.
	 */
	pthread_t workers[INGEST_WORKERS];
	unsigned int n_workers;
	pthread_mutex_t job_lock; /* protects the job queue and jobs_stop */
	pthread_cond_t job_cv;
	struct ingest_job *jobs, **jobs_tail;
	bool jobs_stop; /* workers drain the queue and end */
};

/* One suspended ingest call, from do_reports() to a worker and back. */
struct ingest_job {
	struct ingest_job *next;
	struct http_server *h;
	struct MHD_Connection *c;
	struct report *reps;
	size_t n;
	struct store_result *res;
	int64_t token_id, now;
	uint64_t quota, used;
	int e;
};

/* max_body changes on SIGHUP (http_reload()) while requests run. */
static size_t max_body(const struct http_server *h)
{
	return __atomic_load_n(&h->cfg.max_body, __ATOMIC_RELAXED);
}

/* Per-request state, freed by the completion callback. */
struct req {
	bool replied; /* a response was queued on the first call */
	bool too_big;
	bool authed;
	bool via_cookie; /* authenticated by a session cookie, not a token */
	char session[SESSION_VALUE_MAX]; /* that cookie */
	int64_t session_expires; /* and its expiry */
	struct store_token tok;
	char *body;
	size_t len;
	size_t cap;
	struct ingest_job *job; /* its ingest, while suspended */
};

/* ---------------------------------------------------------------- */
/* Growable output buffer with JSON escaping                          */
/* ---------------------------------------------------------------- */

static void sb_puts(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_add(b, tmp,
		       (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void sb_json_str(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	sb_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = *s;
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

		if (c == '"' || c == '\\') {
			esc[1] = c;
			sb_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			sb_add(b, esc, 6);
		} else if (c < 0x80) {
			sb_add(b, s, 1);
		} else {
			/* every reply is UTF-8: bad bytes become U+FFFD */
			size_t n = utf8_seq_len((const unsigned char *)s,
						strnlen(s, 4));

			if (n) {
				sb_add(b, s, n);
				s += n - 1;
			} else {
				sb_add(b, "\\ufffd", 6);
			}
		}
	}
	sb_add(b, "\"", 1);
}

static void sb_urlenc(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			sb_add(b, s, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			sb_add(b, e, 3);
		}
	}
}

/* ---------------------------------------------------------------- */
/* Replies                                                            */
/* ---------------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned int status,
				char *body, size_t len, const char *type)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned int status,
				 json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *body = strdup(s ? s : "{}");
	enum MHD_Result r;

	json_object_put(o);
	if (!body)
		return MHD_NO;
	r = send_buf(c, status, body, strlen(body), "application/json");
	return r;
}

static const char *status_code_name(unsigned int status)
{
	switch (status) {
	case 400:
		return "BadRequest";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "NotFound";
	case 405:
		return "MethodNotAllowed";
	case 413:
		return "PayloadTooLarge";
	case 409:
		return "Conflict";
	case 415:
		return "UnsupportedMediaType";
	case 429:
		return "TooManyRequests";
	case 503:
		return "ServiceUnavailable";
	default:
		return "InternalError";
	}
}

/* The start of an error body: {"error":{"code":@code,"message":@msg */
static void sb_error_head(struct sbuf *b, const char *code, const char *msg)
{
	sb_puts(b, "{\"error\":{\"code\":");
	sb_json_str(b, code);
	sb_puts(b, ",\"message\":");
	sb_json_str(b, msg);
}

/* A response that owns @b's buffer; NULL (buffer freed) when out of memory. */
static struct MHD_Response *sb_response(struct sbuf *b)
{
	struct MHD_Response *r;

	if (b->oom) {
		free(b->p);
		return NULL;
	}
	r = MHD_create_response_from_buffer(b->len, b->p,
					    MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(b->p);
	return r;
}

__attribute__((format(printf, 3, 4))) static enum MHD_Result
send_error(struct MHD_Connection *c, unsigned int status, const char *fmt, ...)
{
	struct MHD_Response *r;
	struct sbuf b = { 0 };
	enum MHD_Result ret;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sb_error_head(&b, status_code_name(status), msg);
	sb_puts(&b, "}}");
	r = sb_response(&b);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"bugcheck\"");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_store_error(struct MHD_Connection *c, int e,
					const char *what)
{
	if (e == -ENOENT)
		return send_error(c, 404, "no such %s", what);
	if (e == -E2BIG)
		return send_error(c, 400, "query too complex");
	bc_log(LOG_ERR, "Failed to read %s: %s\n", what, strerror(-e));
	if (e == -EBUSY)
		return send_error(c, 503, "database busy, retry");
	return send_error(c, 500, "internal error reading %s", what);
}

/* ---------------------------------------------------------------- */
/* Query string handling                                              */
/* ---------------------------------------------------------------- */

struct args {
	const char *const *names; /* allowed, NULL terminated */
	const char **values; /* parallel to @names */
	char bad[160]; /* first problem found */
};

static enum MHD_Result arg_cb(void *cls, enum MHD_ValueKind kind,
			      const char *key, const char *value)
{
	struct args *a = cls;

	(void)kind;
	if (strchr(key, '\x7f') || (value && strchr(value, '\x7f'))) {
		snprintf(a->bad, sizeof(a->bad),
			 "NUL or control character in a parameter");
		return MHD_NO;
	}
	for (size_t i = 0; a->names[i]; i++) {
		if (strcmp(key, a->names[i]))
			continue;
		if (a->values[i]) {
			snprintf(a->bad, sizeof(a->bad),
				 "parameter '%s' given more than once", key);
			return MHD_NO;
		}
		a->values[i] = value ? value : "";
		return MHD_YES;
	}
	snprintf(a->bad, sizeof(a->bad), "unknown parameter '%.64s'", key);
	return MHD_NO;
}

static bool collect_args(struct MHD_Connection *c, struct args *a)
{
	a->bad[0] = '\0';
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, arg_cb, a);
	return !a->bad[0];
}

static void scope_of(const struct store_token *t, struct store_scope *s)
{
	memset(s, 0, sizeof(*s));
	s->token_id = t->id;
	s->all = t->role == ROLE_ADMIN;
	if (t->role == ROLE_VENDOR) {
		s->n_modules = t->n_modules;
		for (size_t i = 0; i < t->n_modules; i++)
			s->modules[i] = t->modules[i];
	}
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Peer address as 16 bytes (IPv4 mapped) and as text. */
static void peer_of(struct MHD_Connection *c, unsigned char key[16], char *text,
		    size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	memset(key, 0, 16);
	snprintf(text, size, "?");
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
		inet_ntop(AF_INET, &in->sin_addr, text, size);
	} else if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		memcpy(key, &in6->sin6_addr, 16);
		inet_ntop(AF_INET6, &in6->sin6_addr, text, size);
	}
}

/*
 * The audit trail: every 401, 403 and 429 goes to the journal with the
 * token id (never the token) and the peer address.
 */
static void audit(struct MHD_Connection *c, unsigned int status,
		  int64_t token_id, const char *method, const char *path,
		  const char *why)
{
	unsigned char key[16];
	char peer[INET6_ADDRSTRLEN];
	char tok[24] = "-";

	peer_of(c, key, peer, sizeof(peer));
	if (token_id > 0)
		snprintf(tok, sizeof(tok), "%lld", (long long)token_id);
	bc_log(LOG_NOTICE, "audit: %u peer=%s token=%s %.8s %.80s: %s\n",
	       status, peer, tok, method, path, why);
}

static struct authfail *af_slot(struct http_server *h,
				const unsigned char key[16], bool create)
{
	struct authfail *oldest = &h->af[0];

	for (size_t i = 0; i < AUTHFAIL_SLOTS; i++) {
		if (!memcmp(h->af[i].addr, key, 16) && h->af[i].last > 0)
			return &h->af[i];
		if (h->af[i].last < oldest->last)
			oldest = &h->af[i];
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	memcpy(oldest->addr, key, 16);
	return oldest;
}

/* Seconds the peer must still wait after failed logins, 0 if none. */
static unsigned int authfail_wait(struct http_server *h,
				  struct MHD_Connection *c)
{
	unsigned char key[16];
	char peer[INET6_ADDRSTRLEN];
	struct authfail *a;
	double now = now_mono();
	unsigned int wait = 0;

	peer_of(c, key, peer, sizeof(peer));
	pthread_mutex_lock(&h->af_lock);
	a = af_slot(h, key, false);
	if (a && a->blocked_until > now)
		wait = (unsigned int)(a->blocked_until - now) + 1;
	pthread_mutex_unlock(&h->af_lock);
	return wait;
}

static void authfail_note(struct http_server *h, struct MHD_Connection *c)
{
	unsigned char key[16];
	char peer[INET6_ADDRSTRLEN];
	struct authfail *a;
	double now = now_mono();

	peer_of(c, key, peer, sizeof(peer));
	pthread_mutex_lock(&h->af_lock);
	a = af_slot(h, key, true);
	if (now - a->last > AUTHFAIL_FORGET_SECS)
		a->fails = 0;
	a->fails++;
	a->last = now;
	if (a->fails >= AUTHFAIL_FREE) {
		unsigned int k = a->fails - AUTHFAIL_FREE;
		double secs = k >= 8 ? AUTHFAIL_MAX_SECS : (double)(2u << k);

		a->blocked_until =
			now +
			(secs < AUTHFAIL_MAX_SECS ? secs : AUTHFAIL_MAX_SECS);
	}
	pthread_mutex_unlock(&h->af_lock);
}

/* A 429 with a Retry-After header and a JSON body of code @code. */
static enum MHD_Result send_429(struct MHD_Connection *c, unsigned int retry,
				const char *code, const char *extra_json,
				const char *msg)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	struct sbuf b = { 0 };
	char ra[16];

	sb_error_head(&b, code, msg);
	sb_printf(&b, ",\"retry_after\":%u%s}}", retry,
		  extra_json ? extra_json : "");
	r = sb_response(&b);
	if (!r)
		return MHD_NO;
	snprintf(ra, sizeof(ra), "%u", retry);
	MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(c, 429, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * The failed-authentication back-off of the address, checked before any
 * token is looked at: true when @c was answered with 429 (audited).
 */
static bool authfail_refused(struct http_server *h, struct MHD_Connection *c,
			     const char *method, const char *path,
			     enum MHD_Result *ret)
{
	static const char why[] =
		"too many failed authentications from this address";
	unsigned int retry = authfail_wait(h, c);

	if (!retry)
		return false;
	audit(c, 429, 0, method, path, why);
	*ret = send_429(c, retry, "TooManyAuthFailures", NULL, why);
	return true;
}

/* ---------------------------------------------------------------- */
/* Handlers                                                           */
/* ---------------------------------------------------------------- */

/*
 * 429 OverQuota: the reports were not stored; the agent keeps them and
 * waits until the next UTC midnight (docs/server.md, "Over quota").
 */
static enum MHD_Result send_over_quota(struct MHD_Connection *c,
				       int64_t token_id, uint64_t quota,
				       uint64_t used, int64_t now)
{
	int64_t next = (now / 86400 + 1) * 86400;
	char extra[160], day[BUCKET_DATE_LEN], msg[160];

	bucket_format_day(next / 86400, day);
	snprintf(extra, sizeof(extra),
		 ",\"quota\":%llu,\"used\":%llu,\"resets\":\"%sT00:00:00Z\"",
		 (unsigned long long)quota, (unsigned long long)used, day);
	snprintf(
		msg, sizeof(msg),
		"daily report quota of %llu reached; keep the reports and send them after %sT00:00:00Z",
		(unsigned long long)quota, day);
	audit(c, 429, token_id, "POST", "/api/v1/reports",
	      "daily report quota reached");
	return send_429(c, (unsigned int)(next - now), "OverQuota", extra, msg);
}

/*
 * "wants":[kind, ...]: what a report's bucket still wants from it
 * (server/collect.h); [] when nothing.
 */
static void sb_wants(struct sbuf *b, unsigned int mask)
{
	bool first = true;

	sb_puts(b, "\"wants\":[");
	for (int k = 0; k < COLLECT_KINDS; k++) {
		if (!(mask & (1u << k)))
			continue;
		sb_puts(b, first ? "\"" : ",\"");
		sb_puts(b, collect_kind_name(k));
		sb_puts(b, "\"");
		first = false;
	}
	sb_puts(b, "]");
}

static json_object *wants_array(unsigned int mask)
{
	json_object *a = json_object_new_array();

	for (int k = 0; k < COLLECT_KINDS; k++)
		if (mask & (1u << k))
			json_object_array_add(a, json_object_new_string(
							 collect_kind_name(k)));
	return a;
}

/*
 * What the buckets of @n reports want from them, in one store call; all
 * 0 when that cannot be read (the agent's next response poll asks again,
 * and the reports themselves are stored).
 */
static unsigned int *wants_of(struct store *st, const char *const *ids,
			      size_t n, int64_t token_id)
{
	unsigned int *m = calloc(n ? n : 1, sizeof(*m));

	if (m && n && st->ops->collect_wants &&
	    st->ops->collect_wants(st, ids, n, token_id, m))
		memset(m, 0, n * sizeof(*m));
	return m;
}

static void job_run(struct ingest_job *j)
{
	j->e = j->h->store->ops->ingest(j->h->store, j->reps, j->n, j->token_id,
					j->now, true, j->quota, &j->used,
					j->res);
}

static void *ingest_worker(void *arg)
{
	struct http_server *h = arg;

	pthread_mutex_lock(&h->job_lock);
	for (;;) {
		struct ingest_job *j = h->jobs;

		if (!j) {
			if (h->jobs_stop)
				break;
			pthread_cond_wait(&h->job_cv, &h->job_lock);
			continue;
		}
		h->jobs = j->next;
		if (!h->jobs)
			h->jobs_tail = &h->jobs;
		pthread_mutex_unlock(&h->job_lock);
		job_run(j);
		/* the handler runs again and replies (do_reports()) */
		MHD_resume_connection(j->c);
		pthread_mutex_lock(&h->job_lock);
	}
	pthread_mutex_unlock(&h->job_lock);
	return NULL;
}

/*
 * Suspends @j's connection and queues @j for a worker; false (nothing
 * done) when there are no workers or they are stopping.
 */
static bool job_defer(struct http_server *h, struct ingest_job *j)
{
	bool ok;

	pthread_mutex_lock(&h->job_lock);
	ok = h->n_workers && !h->jobs_stop;
	if (ok) {
		MHD_suspend_connection(j->c);
		j->next = NULL;
		*h->jobs_tail = j;
		h->jobs_tail = &j->next;
		pthread_cond_signal(&h->job_cv);
	}
	pthread_mutex_unlock(&h->job_lock);
	return ok;
}

static enum MHD_Result reports_reply(struct http_server *h,
				     struct MHD_Connection *c,
				     struct ingest_job *j);

static enum MHD_Result do_reports(struct http_server *h,
				  struct MHD_Connection *c, struct req *rq)
{
	struct ingest_job *j = rq->job;
	struct store_result *res;
	struct report *reps;
	uint64_t cap;
	bool batch;
	size_t n;
	char err[512];
	int e;

	if (j) {
		/* resumed: the worker's ingest is done */
		rq->job = NULL;
		return reports_reply(h, c, j);
	}
	e = report_decode_body(rq->body ? rq->body : "", rq->len, &reps, &n,
			       &batch, err, sizeof(err));
	if (e == -ENOMEM)
		return send_error(c, 500, "out of memory");
	if (e)
		return send_error(c, 400, "%s", err);
	res = calloc(n, sizeof(*res));
	j = calloc(1, sizeof(*j));
	if (!res || !j) {
		report_free_array(reps, n);
		free(res);
		free(j);
		return send_error(c, 500, "out of memory");
	}
	*j = (struct ingest_job){ .h = h,
				  .c = c,
				  .reps = reps,
				  .n = n,
				  .res = res,
				  .token_id = rq->tok.id,
				  .now = time(NULL) };
	j->quota = __atomic_load_n(&h->cfg.quota, __ATOMIC_RELAXED);
	cap = __atomic_load_n(&h->cfg.max_report_hits, __ATOMIC_RELAXED);
	for (size_t i = 0; i < n; i++)
		reps[i].hits = report_hits(reps[i].count, reps[i].weight, cap);
	rq->job = j;
	if (job_defer(h, j))
		return MHD_YES;
	rq->job = NULL;
	job_run(j);
	return reports_reply(h, c, j);
}

/* The answer to an ingest call @j (and @j freed). */
static enum MHD_Result reports_reply(struct http_server *h,
				     struct MHD_Connection *c,
				     struct ingest_job *j)
{
	struct store_result *res = j->res;
	struct report *reps = j->reps;
	uint64_t used = j->used, quota = j->quota;
	int64_t now = j->now, token_id = j->token_id;
	size_t n = j->n;
	int e = j->e;

	free(j);
	if (e == -EDQUOT) {
		report_free_array(reps, n);
		free(res);
		return send_over_quota(c, token_id, quota, used, now);
	}
	if (e) {
		report_free_array(reps, n);
		free(res);
		bc_log(LOG_ERR, "Failed to store %zu report(s): %s\n", n,
		       strerror(-e));
		if (e == -EBUSY)
			return send_error(c, 503, "database busy, retry");
		return send_error(c, 500, "internal error storing reports");
	}

	struct sbuf b = { 0 };
	const char **ids = malloc((n ? n : 1) * sizeof(*ids));
	unsigned int *wants;

	bool known = true;

	for (size_t i = 0; ids && i < n; i++) {
		ids[i] = reps[i].report_id;
		known = known && res[i].has_wants;
	}
	/* the backend answered with the ingest, or one more store call */
	if (known) {
		wants = calloc(n ? n : 1, sizeof(*wants));
		for (size_t i = 0; wants && i < n; i++)
			wants[i] = res[i].wants;
	} else {
		wants = ids ? wants_of(h->store, ids, n, token_id) : NULL;
	}
	free(ids);
	sb_puts(&b, "{\"results\":[");
	for (size_t i = 0; i < n; i++) {
		sb_puts(&b, i ? ",{\"report_id\":" : "{\"report_id\":");
		sb_json_str(&b, reps[i].report_id);
		if (res[i].foreign) {
			sb_puts(&b, ",\"bucket_id\":null,\"failure_hash\":null,"
				    "\"hits\":null,\"duplicate\":true,"
				    "\"response\":null}");
			continue;
		}
		sb_printf(&b, ",\"bucket_id\":%lld,\"failure_hash\":",
			  (long long)res[i].bucket_id);
		sb_json_str(&b, res[i].bucket_key);
		sb_printf(&b, ",\"hits\":%llu,\"duplicate\":%s,",
			  (unsigned long long)res[i].hits,
			  res[i].duplicate ? "true" : "false");
		sb_wants(&b, wants ? wants[i] : 0);
		sb_puts(&b, ",\"response\":");
		if (res[i].response_id) {
			sb_printf(&b, "{\"id\":%lld,\"message\":",
				  (long long)res[i].response_id);
			sb_json_str(&b, res[i].response_message);
			sb_puts(&b, ",\"link\":");
			sb_json_str(&b, res[i].response_link);
			sb_puts(&b, "}}");
		} else {
			sb_puts(&b, "null}");
		}
	}
	sb_puts(&b, "]}");
	report_free_array(reps, n);
	free(res);
	free(wants);
	if (b.oom) {
		free(b.p);
		return send_error(c, 500, "out of memory");
	}
	return send_buf(c, 200, b.p, b.len, "application/json");
}

struct hits_out {
	struct sbuf *b;
	const struct query *q;
	unsigned int rows;
};

static int hits_row(const struct store_row *row, void *data)
{
	struct hits_out *o = data;
	char day[BUCKET_DATE_LEN];

	bucket_format_day(row->date, day);
	sb_puts(o->b, o->rows++ ? ",{\"date\":\"" : "{\"date\":\"");
	sb_puts(o->b, day);
	sb_puts(o->b, "\"");
	for (int f = 0; f < QF_COUNT; f++) {
		if (!row->field[f])
			continue;
		sb_puts(o->b, ",\"");
		sb_puts(o->b, query_field_name(f));
		sb_puts(o->b, "\":");
		sb_json_str(o->b, row->field[f]);
	}
	sb_printf(o->b, ",\"eventCount\":%llu",
		  (unsigned long long)row->event_count);
	if (o->q->machines && row->machines_known)
		sb_printf(o->b, ",\"machineCount\":%llu",
			  (unsigned long long)row->machines);
	else if (o->q->machines)
		sb_puts(o->b, ",\"machineCount\":null");
	sb_puts(o->b, "}");
	return o->b->oom ? -ENOMEM : 0;
}

static enum MHD_Result do_failurehits(struct http_server *h,
				      struct MHD_Connection *c, struct req *rq)
{
	static const char *const names[] = {
		"startDate",	    "endDate", "top",	  "skip",     "filter",
		"aggregationLevel", "orderby", "groupby", "machines", NULL
	};
	const char *vals[10] = { 0 };
	struct args a = { .names = names, .values = vals };
	struct query_params p;
	struct store_scope scope;
	struct hits_out out;
	struct sbuf b = { 0 };
	struct query q;
	uint64_t total = 0;
	int64_t today;
	char err[512];
	int e;

	if (!collect_args(c, &a))
		return send_error(c, 400, "%s", a.bad);
	p = (struct query_params){
		.start_date = vals[0],
		.end_date = vals[1],
		.top = vals[2],
		.skip = vals[3],
		.filter = vals[4],
		.aggregation_level = vals[5],
		.orderby = vals[6],
		.groupby = vals[7],
		.machines = vals[8],
	};
	today = time(NULL) / 86400;
	if (query_parse(&p, today, &q, err, sizeof(err))) {
		query_done(&q);
		return send_error(c, 400, "%s", err);
	}
	/* Only the last window_days days are served (30 by default). */
	if (q.start_day <= today - h->cfg.window_days || q.end_day > today) {
		char first[BUCKET_DATE_LEN], last[BUCKET_DATE_LEN];

		query_done(&q);
		bucket_format_day(today - h->cfg.window_days + 1, first);
		bucket_format_day(today, last);
		return send_error(
			c, 400,
			"dates must lie in the last %u days, %s..%s (UTC)",
			h->cfg.window_days, first, last);
	}
	scope_of(&rq->tok, &scope);
	out = (struct hits_out){ .b = &b, .q = &q };
	sb_puts(&b, "{\"Value\":[");
	e = store_settle(h->store);
	if (!e)
		e = h->store->ops->failurehits(h->store, &q, &scope, hits_row,
					       &out, &total);
	if (e) {
		query_done(&q);
		free(b.p);
		return send_store_error(c, e, "failurehits");
	}
	sb_puts(&b, "]");
	if ((uint64_t)q.skip + q.top < total) {
		sb_puts(&b, ",\"@nextLink\":\"/api/v1/failurehits?");
		for (int i = 0; names[i]; i++) {
			if (i == 3 || !vals[i])
				continue;
			sb_puts(&b, names[i]);
			sb_puts(&b, "=");
			sb_urlenc(&b, vals[i]);
			sb_puts(&b, "&");
		}
		sb_printf(&b, "skip=%u\"", q.skip + q.top);
	}
	sb_printf(&b, ",\"TotalCount\":%llu}", (unsigned long long)total);
	query_done(&q);
	if (b.oom) {
		free(b.p);
		return send_error(c, 500, "out of memory");
	}
	return send_buf(c, 200, b.p, b.len, "application/json");
}

static enum MHD_Result do_top(struct http_server *h, struct MHD_Connection *c,
			      struct req *rq)
{
	static const char *const names[] = { "limit", NULL };
	const char *vals[2] = { 0 };
	struct args a = { .names = names, .values = vals };
	struct store_scope scope;
	unsigned long limit = TOP_DEFAULT;
	json_object *rows, *o;
	uint64_t total, *hits;
	double *share, *cum;
	size_t n;
	int e;

	if (!collect_args(c, &a))
		return send_error(c, 400, "%s", a.bad);
	if (vals[0]) {
		char *end;

		errno = 0;
		limit = strtoul(vals[0], &end, 10);
		if (errno || *end || end == vals[0] || vals[0][0] == '-' ||
		    limit < 1 || limit > TOP_MAX)
			return send_error(
				c, 400,
				"limit '%.32s' is not an integer in 1..%d",
				vals[0], TOP_MAX);
	}
	scope_of(&rq->tok, &scope);
	e = view_top(h->store, &scope, limit, &rows, &total);
	if (e)
		return send_store_error(c, e, "buckets");
	n = json_object_array_length(rows);
	hits = calloc(n + 1, sizeof(*hits));
	share = calloc(n + 1, sizeof(*share));
	cum = calloc(n + 1, sizeof(*cum));
	if (!hits || !share || !cum) {
		free(hits);
		free(share);
		free(cum);
		json_object_put(rows);
		return send_error(c, 500, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		json_object *v;

		json_object_object_get_ex(json_object_array_get_idx(rows, i),
					  "hits", &v);
		hits[i] = json_object_get_int64(v);
	}
	bucket_shares(hits, n, total, share, cum);
	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(rows, i);

		json_object_object_add(r, "rank", json_object_new_int64(i + 1));
		json_object_object_add(r, "share",
				       json_object_new_double(share[i]));
		json_object_object_add(r, "cumulativeShare",
				       json_object_new_double(cum[i]));
	}
	free(hits);
	free(share);
	free(cum);
	o = json_object_new_object();
	json_object_object_add(o, "TotalHits", json_object_new_int64(total));
	json_object_object_add(o, "Value", rows);
	return send_json(c, 200, o);
}

static bool id_ok(const char *s, size_t min, size_t max, bool dash)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char ch = s[n];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		      (dash && ch == '-')))
			return false;
		if (n >= max)
			return false;
	}
	return n >= min;
}

static enum MHD_Result do_failure(struct http_server *h,
				  struct MHD_Connection *c, struct req *rq,
				  const char *rest)
{
	struct store_scope scope;
	char hash[65], sub[160];
	json_object *o;
	const char *slash = strchr(rest, '/');
	size_t hl = slash ? (size_t)(slash - rest) : strlen(rest);
	int e;

	if (hl == 0 || hl >= sizeof(hash))
		return send_error(c, 404, "no such failure");
	memcpy(hash, rest, hl);
	hash[hl] = '\0';
	for (size_t i = 0; i < hl; i++)
		if (hash[i] >= 'A' && hash[i] <= 'F')
			hash[i] += 'a' - 'A';
	if (!id_ok(hash, 8, 64, true))
		return send_error(c, 404, "no such failure");
	{
		struct args a = { .names = (const char *const[]){ NULL },
				  .values = NULL };

		if (!collect_args(c, &a))
			return send_error(c, 400, "%s", a.bad);
	}
	scope_of(&rq->tok, &scope);
	if (!slash) {
		e = view_details(h->store, hash, &scope, &o);
		if (e)
			return send_store_error(c, e, "failure");
		return send_json(c, 200, o);
	}
	if (!strcmp(slash, "/stacktrace")) {
		e = view_stack(h->store, hash, &scope, &o);
		if (e)
			return send_store_error(c, e, "failure");
		return send_json(c, 200, o);
	}
	if (!strncmp(slash, "/samples/", 9) &&
	    strlen(slash + 9) < sizeof(sub)) {
		char *id = sub, *tail;
		size_t len;
		char *rec;

		strcpy(sub, slash + 9);
		tail = strchr(sub, '/');
		if (tail && !strcmp(tail, "/record")) {
			struct MHD_Response *r;
			char disp[200];

			*tail = '\0';
			if (!id_ok(id, 32, 64, false))
				return send_error(c, 404, "no such sample");
			e = h->store->ops->sample_record(h->store, hash, id,
							 &scope, &rec, &len);
			if (e)
				return send_store_error(c, e, "sample");
			if (!utf8_valid(rec, len)) {
				/* a record stored before ingest checked it */
				char *fixed = utf8_sanitize_dup(rec, len);

				free(rec);
				if (!fixed)
					return MHD_NO;
				rec = fixed;
				len = strlen(fixed);
			}
			r = MHD_create_response_from_buffer(
				len, rec, MHD_RESPMEM_MUST_FREE);
			if (!r) {
				free(rec);
				return MHD_NO;
			}
			snprintf(disp, sizeof(disp),
				 "attachment; filename=\"%s.json\"", id);
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
						"application/json");
			MHD_add_response_header(
				r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
			MHD_add_response_header(
				r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
			enum MHD_Result ret = MHD_queue_response(c, 200, r);

			MHD_destroy_response(r);
			return ret;
		}
	}
	return send_error(c, 404, "no such resource");
}

static enum MHD_Result do_response_add(struct http_server *h,
				       struct MHD_Connection *c, struct req *rq)
{
	struct response_req resp;
	struct store_scope scope;
	json_object *o;
	int64_t id;
	char err[512];
	int e;

	e = report_decode_response(rq->body ? rq->body : "", rq->len, &resp,
				   err, sizeof(err));
	if (e == -ENOMEM)
		return send_error(c, 500, "out of memory");
	if (e)
		return send_error(c, 400, "%s", err);
	scope_of(&rq->tok, &scope);
	e = h->store->ops->response_add(h->store, &resp, &scope, time(NULL),
					&id);
	if (e)
		return send_store_error(c, e, "failure");
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "failure_hash",
			       json_object_new_string(resp.failure_hash));
	return send_json(c, 201, o);
}

/*
 * POST /api/v1/responses/{id}: replace a response's message, link and
 * ranges (the body of POST /api/v1/responses, naming the same bucket);
 * POST /api/v1/responses/{id}/withdraw: withdraw it.  A response whose
 * bucket the caller may not see is no such response.
 */
static enum MHD_Result do_response_edit(struct http_server *h,
					struct MHD_Connection *c,
					struct req *rq, const char *rest)
{
	struct response_req resp;
	struct store_scope scope;
	const char *slash = strchr(rest, '/');
	bool withdraw = slash && !strcmp(slash, "/withdraw");
	long long id;
	char *end, err[512];
	json_object *o;
	int e;

	errno = 0;
	id = strtoll(rest, &end, 10);
	if (end == rest || (*end && end != slash) || (slash && !withdraw) ||
	    id <= 0 || errno || rest[0] == '+' || rest[0] == '-')
		return send_error(c, 404, "no such response");
	if (!h->store->ops->response_edit)
		return send_error(c, 404, "the %s store cannot edit responses",
				  h->store->ops->name);
	if (!withdraw) {
		e = report_decode_response(rq->body ? rq->body : "", rq->len,
					   &resp, err, sizeof(err));
		if (e == -ENOMEM)
			return send_error(c, 500, "out of memory");
		if (e)
			return send_error(c, 400, "%s", err);
	}
	scope_of(&rq->tok, &scope);
	e = h->store->ops->response_edit(h->store, id, withdraw ? NULL : &resp,
					 &scope, time(NULL));
	if (e)
		return send_store_error(c, e, "response");
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, withdraw ? "withdrawn" : "edited",
			       json_object_new_boolean(true));
	return send_json(c, 200, o);
}

static enum MHD_Result do_response_query(struct http_server *h,
					 struct MHD_Connection *c,
					 struct req *rq)
{
	char(*ids)[REPORT_IDS_MAX][65] = malloc(sizeof(*ids));
	const char *ptrs[REPORT_IDS_MAX];
	struct store_scope scope;
	json_object *arr, *o;
	char err[512];
	size_t n = 0;
	int e;

	if (!ids)
		return send_error(c, 500, "out of memory");
	e = report_decode_ids(rq->body ? rq->body : "", rq->len, ids, &n, err,
			      sizeof(err));
	if (e) {
		free(ids);
		if (e == -ENOMEM)
			return send_error(c, 500, "out of memory");
		return send_error(c, 400, "%s", err);
	}
	for (size_t i = 0; i < n; i++)
		ptrs[i] = (*ids)[i];
	scope_of(&rq->tok, &scope);
	e = view_answers(h->store, ptrs, n, &scope, &arr);
	free(ids);
	if (e)
		return send_store_error(c, e, "reports");
	{
		size_t na = json_object_array_length(arr), nf = 0;
		const char **fids = malloc((na ? na : 1) * sizeof(*fids));
		unsigned int *wants = NULL;
		json_object *v;

		for (size_t i = 0; fids && i < na; i++) {
			json_object *r = json_object_array_get_idx(arr, i);

			if (json_object_object_get_ex(r, "found", &v) &&
			    json_object_get_boolean(v) &&
			    json_object_object_get_ex(r, "report_id", &v))
				fids[nf++] = json_object_get_string(v);
		}
		if (fids)
			wants = wants_of(h->store, fids, nf, rq->tok.id);
		for (size_t i = 0, f = 0; wants && i < na; i++) {
			json_object *r = json_object_array_get_idx(arr, i);

			if (json_object_object_get_ex(r, "found", &v) &&
			    json_object_get_boolean(v) &&
			    json_object_object_get_ex(r, "report_id", &v))
				json_object_object_add(r, "wants",
						       wants_array(wants[f++]));
		}
		free(wants);
		free(fids);
	}
	o = json_object_new_object();
	json_object_object_add(o, "results", arr);
	return send_json(c, 200, o);
}

/* ---------------------------------------------------------------- */
/* Progressive collection (server/collect.h)                          */
/* ---------------------------------------------------------------- */
/* Regressions (regress.h): failurehits and the census, compared        */
/* ---------------------------------------------------------------- */

/* Copied rows of failurehits and the census, for regress_find(). */
struct regress_in {
	struct regress_cell *cells;
	size_t n, cap;
	struct regress_den *dens;
	size_t nd, capd;
	enum query_field group, release; /* QF_COUNT: no group */
	bool oom;
};

static char *dup_or(const char *s, bool *oom)
{
	char *d = strdup(s ? s : "");

	if (!d)
		*oom = true;
	return d;
}

static int regress_row(const struct store_row *row, void *data)
{
	struct regress_in *in = data;
	struct regress_cell *c;
	const char *rel = row->field[in->release];

	if (!rel || !*rel)
		return 0; /* a report without a module version */
	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 256;
		struct regress_cell *g = realloc(in->cells, cap * sizeof(*g));

		if (!g)
			return -ENOMEM;
		in->cells = g;
		in->cap = cap;
	}
	c = &in->cells[in->n++];
	c->bucket = dup_or(row->field[QF_FAILURE_HASH], &in->oom);
	c->name = dup_or(row->field[QF_FAILURE_NAME], &in->oom);
	c->group = dup_or(in->group < QF_COUNT ? row->field[in->group] : "",
			  &in->oom);
	c->release = dup_or(rel, &in->oom);
	c->hits = row->event_count;
	return in->oom ? -ENOMEM : 0;
}

static int regress_census_row(const char *key, const char *version,
			      uint64_t days, void *data)
{
	struct regress_in *in = data;
	struct regress_den *d;
	bool module = in->group < QF_COUNT;

	if (in->nd == in->capd) {
		size_t cap = in->capd ? in->capd * 2 : 64;
		struct regress_den *g = realloc(in->dens, cap * sizeof(*g));

		if (!g)
			return -ENOMEM;
		in->dens = g;
		in->capd = cap;
	}
	d = &in->dens[in->nd++];
	d->group = dup_or(module ? key : "", &in->oom);
	d->release = dup_or(module ? version : key, &in->oom);
	d->machine_days = days;
	return in->oom ? -ENOMEM : 0;
}

static void regress_in_free(struct regress_in *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free((char *)in->cells[i].bucket);
		free((char *)in->cells[i].name);
		free((char *)in->cells[i].group);
		free((char *)in->cells[i].release);
	}
	for (size_t i = 0; i < in->nd; i++) {
		free((char *)in->dens[i].group);
		free((char *)in->dens[i].release);
	}
	free(in->cells);
	free(in->dens);
}

/*
 * Every failurehits row of @groupby over the window, into @in, in one
 * query: the page size is the API's cap only for clients, so this
 * internal caller lifts it rather than re-running the aggregation once
 * per QUERY_TOP_MAX rows.
 */
static int regress_hits(struct http_server *h, const struct store_scope *scope,
			const char *groupby, struct regress_in *in)
{
	int64_t today = time(NULL) / 86400;
	char from[16], to[16], err[256];
	struct query_params p = { .groupby = groupby,
				  .aggregation_level = "month" };
	uint64_t total = 0;
	struct query q;
	int64_t y;
	unsigned int m, d;
	int e;

	bucket_civil_from_days(today - h->cfg.window_days + 1, &y, &m, &d);
	snprintf(from, sizeof(from), "%02u/%02u/%04lld", m, d, (long long)y);
	bucket_civil_from_days(today, &y, &m, &d);
	snprintf(to, sizeof(to), "%02u/%02u/%04lld", m, d, (long long)y);
	p.start_date = from;
	p.end_date = to;
	if (query_parse(&p, today, &q, err, sizeof(err))) {
		query_done(&q);
		return -EINVAL;
	}
	q.top = UINT_MAX;
	e = store_settle(h->store);
	if (!e)
		e = h->store->ops->failurehits(h->store, &q, scope, regress_row,
					       in, &total);
	query_done(&q);
	return e;
}

static void finding_json(json_object *a, const struct regress_cell *c,
			 const struct regress_finding *f, bool module)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "dimension",
			       json_object_new_string(module ? "module" :
							       "kernel"));
	if (module)
		json_object_object_add(o, "module",
				       json_object_new_string(c->group));
	json_object_object_add(o, "failureHash",
			       json_object_new_string(c->bucket));
	json_object_object_add(o, "failureName",
			       json_object_new_string(c->name));
	json_object_object_add(o, "release",
			       json_object_new_string(c->release));
	json_object_object_add(o, "previous",
			       json_object_new_string(f->previous));
	json_object_object_add(o, "reason",
			       json_object_new_string(f->is_new ? "new" :
								  "rise"));
	json_object_object_add(o, "hits", json_object_new_int64(c->hits));
	json_object_object_add(o, "machineDays",
			       json_object_new_int64((int64_t)f->days));
	json_object_object_add(o, "previousHits",
			       json_object_new_int64((int64_t)f->prev_hits));
	json_object_object_add(o, "previousMachineDays",
			       json_object_new_int64((int64_t)f->prev_days));
	json_object_object_add(o, "pValue", json_object_new_double(f->p));
	json_object_array_add(a, o);
}

/*
 * GET /api/v1/regressions[?threshold=P]: buckets new on a kernel release
 * or module version, or whose hits per machine-day rose against the
 * previous one beyond chance (regress.h), over the failurehits window,
 * most machine-days first.  A vendor's buckets and modules only.
 */
static enum MHD_Result do_regressions(struct http_server *h,
				      struct MHD_Connection *c, struct req *rq)
{
	static const char *const names[] = { "threshold", NULL };
	static const struct {
		const char *groupby;
		enum query_field group, release;
		enum census_dim dim;
	} dims[] = {
		{ "failureHash,failureName,osBuild", QF_COUNT, QF_OS_BUILD,
		  CENSUS_KERNEL },
		{ "failureHash,failureName,productName,applicationVersion",
		  QF_PRODUCT_NAME, QF_APPLICATION_VERSION, CENSUS_MODULE },
	};
	const char *vals[1] = { NULL };
	struct args a = { .names = names, .values = vals };
	int64_t today = time(NULL) / 86400;
	double threshold = REGRESS_THRESHOLD;
	char first[BUCKET_DATE_LEN], last[BUCKET_DATE_LEN], *end;
	struct store_scope scope;
	json_object *o, *arr;
	int e = 0;

	if (!h->store->ops->census_rows)
		return send_error(c, 404, "the %s store keeps no census",
				  h->store->ops->name);
	if (!collect_args(c, &a))
		return send_error(c, 400, "%s", a.bad);
	if (vals[0]) {
		threshold = strtod(vals[0], &end);
		if (end == vals[0] || *end || !(threshold > 0) ||
		    !(threshold < 1))
			return send_error(
				c, 400,
				"threshold must be a number between 0 and 1");
	}
	scope_of(&rq->tok, &scope);
	arr = json_object_new_array();
	for (size_t d = 0; !e && d < sizeof(dims) / sizeof(dims[0]); d++) {
		struct regress_in in = { .group = dims[d].group,
					 .release = dims[d].release };
		struct regress_finding *f = NULL;
		size_t nf = 0;

		/*
		 * The census first: only releases with machine-days are
		 * judged, so without any the hits need not be read.
		 */
		e = h->store->ops->census_rows(h->store, dims[d].dim,
					       today - h->cfg.window_days + 1,
					       today, &scope,
					       regress_census_row, &in);
		if (!e && in.nd)
			e = regress_hits(h, &scope, dims[d].groupby, &in);
		if (!e)
			e = regress_find(in.cells, in.n, in.dens, in.nd,
					 threshold, &f, &nf);
		for (size_t i = 0; !e && i < nf; i++)
			finding_json(arr, &in.cells[f[i].cell], &f[i],
				     dims[d].group < QF_COUNT);
		free(f);
		regress_in_free(&in);
	}
	if (e) {
		json_object_put(arr);
		return send_store_error(c, e, "regressions");
	}
	o = json_object_new_object();
	bucket_format_day(today - h->cfg.window_days + 1, first);
	bucket_format_day(today, last);
	json_object_object_add(o, "startDate", json_object_new_string(first));
	json_object_object_add(o, "endDate", json_object_new_string(last));
	json_object_object_add(
		o, "test",
		json_object_new_string(
			"one-sided exact binomial test: the release's share of the bucket's hits on it and on the previous release, against its share of their machine-days"));
	json_object_object_add(o, "threshold",
			       json_object_new_double(threshold));
	json_object_object_add(o, "Value", arr);
	return send_json(c, 200, o);
}

/* ---------------------------------------------------------------- */
/* Fleet census (census.h): machine-days, the denominators of rates    */
/* ---------------------------------------------------------------- */

/*
 * POST /api/v1/census: one machine's daily census.  It counts on the UTC
 * day the server receives it, once per machine and day: a resend that day
 * answers "counted": false and changes nothing.
 */
static enum MHD_Result do_census_add(struct http_server *h,
				     struct MHD_Connection *c, struct req *rq)
{
	char err[512], day[BUCKET_DATE_LEN];
	struct census *cs;
	int64_t today = time(NULL) / 86400;
	bool counted = false;
	json_object *o;
	int e;

	if (!h->store->ops->census_add)
		return send_error(c, 404, "the %s store keeps no census",
				  h->store->ops->name);
	cs = malloc(sizeof(*cs));
	if (!cs)
		return send_error(c, 500, "out of memory");
	e = census_decode(rq->body ? rq->body : "", rq->len, cs, err,
			  sizeof(err));
	if (!e)
		e = h->store->ops->census_add(h->store, cs, today, &counted);
	else if (e == -EINVAL || e == -EMSGSIZE) {
		free(cs);
		return send_error(c, e == -EMSGSIZE ? 413 : 400, "%s", err);
	}
	free(cs);
	if (e == -ENOMEM)
		return send_error(c, 500, "out of memory");
	if (e) {
		bc_log(LOG_ERR, "Failed to store a census: %s\n", strerror(-e));
		if (e == -EBUSY)
			return send_error(c, 503, "database busy, retry");
		return send_error(c, 500, "internal error storing a census");
	}
	bucket_format_day(today, day);
	o = json_object_new_object();
	json_object_object_add(o, "day", json_object_new_string(day));
	json_object_object_add(o, "counted", json_object_new_boolean(counted));
	return send_json(c, 200, o);
}

struct census_out {
	json_object *rows;
	enum census_dim dim;
	uint64_t total;
};

static int census_row(const char *key, const char *version, uint64_t days,
		      void *data)
{
	struct census_out *out = data;
	json_object *o;

	if (out->dim == CENSUS_TOTAL) {
		out->total += days;
		return 0;
	}
	o = json_object_new_object();
	json_object_object_add(
		o, "dim", json_object_new_string(census_dim_name(out->dim)));
	json_object_object_add(o, "key", json_object_new_string(key));
	if (out->dim == CENSUS_MODULE)
		json_object_object_add(o, "version",
				       json_object_new_string(version));
	json_object_object_add(o, "machineDays",
			       json_object_new_int64((int64_t)days));
	json_object_array_add(out->rows, o);
	return 0;
}

/*
 * The "days" array of GET /api/v1/census?perDay=true: the machine-days
 * of the whole fleet on each day @from..@to, the denominators of a
 * per-day chart.
 */
static int census_days(struct http_server *h, int64_t from, int64_t to,
		       const struct store_scope *scope, json_object *o)
{
	json_object *days = json_object_new_array();
	char date[BUCKET_DATE_LEN];
	int e = 0;

	if (!days)
		return -ENOMEM;
	for (int64_t d = from; !e && d <= to; d++) {
		struct census_out one = { .dim = CENSUS_TOTAL };
		json_object *row;

		e = h->store->ops->census_rows(h->store, CENSUS_TOTAL, d, d,
					       scope, census_row, &one);
		if (e)
			break;
		row = json_object_new_object();
		bucket_format_day(d, date);
		json_object_object_add(row, "date",
				       json_object_new_string(date));
		json_object_object_add(
			row, "machineDays",
			json_object_new_int64((int64_t)one.total));
		json_object_array_add(days, row);
	}
	if (e) {
		json_object_put(days);
		return e;
	}
	json_object_object_add(o, "days", days);
	return 0;
}

/*
 * GET /api/v1/census[?by=DIM&startDate=mm/dd/yyyy&endDate=mm/dd/yyyy
 * &perDay=true]: machine-days per key of each dimension (or of DIM) over
 * the days, by default the whole window failurehits serves, and their
 * total; with perDay, the total of each day too.  Vendors see every
 * dimension but only their own modules.
 */
static enum MHD_Result do_census_get(struct http_server *h,
				     struct MHD_Connection *c, struct req *rq)
{
	static const char *const names[] = { "by", "startDate", "endDate",
					     "perDay", NULL };
	const char *vals[4] = { NULL, NULL, NULL, NULL };
	struct args a = { .names = names, .values = vals };
	int64_t today = time(NULL) / 86400, from, to;
	char first[BUCKET_DATE_LEN], last[BUCKET_DATE_LEN];
	struct census_out out = { 0 };
	struct store_scope scope;
	json_object *o;
	int by = -1, e = 0;

	if (!h->store->ops->census_rows)
		return send_error(c, 404, "the %s store keeps no census",
				  h->store->ops->name);
	if (!collect_args(c, &a))
		return send_error(c, 400, "%s", a.bad);
	if (vals[0] && (by = census_dim_parse(vals[0])) < 0)
		return send_error(
			c, 400,
			"'by' must be total, kernel, module, market, device or os");
	if (vals[3] && strcmp(vals[3], "true") && strcmp(vals[3], "false"))
		return send_error(c, 400, "'perDay' must be true or false");
	from = today - h->cfg.window_days + 1;
	to = today;
	if ((vals[1] && bucket_parse_mdy(vals[1], &from)) ||
	    (vals[2] && bucket_parse_mdy(vals[2], &to)))
		return send_error(c, 400,
				  "startDate and endDate are mm/dd/yyyy dates");
	bucket_format_day(today - h->cfg.window_days + 1, first);
	bucket_format_day(today, last);
	if (from <= today - h->cfg.window_days || to > today || from > to)
		return send_error(
			c, 400,
			"dates must lie in the last %u days, %s..%s (UTC), start before end",
			h->cfg.window_days, first, last);
	scope_of(&rq->tok, &scope);
	out.rows = json_object_new_array();
	for (int d = 0; !e && d < CENSUS_DIMS; d++) {
		if (by >= 0 && d != by && d != CENSUS_TOTAL)
			continue;
		out.dim = d;
		e = h->store->ops->census_rows(h->store, d, from, to, &scope,
					       census_row, &out);
	}
	if (e) {
		json_object_put(out.rows);
		return send_store_error(c, e, "census");
	}
	o = json_object_new_object();
	bucket_format_day(from, first);
	bucket_format_day(to, last);
	json_object_object_add(o, "startDate", json_object_new_string(first));
	json_object_object_add(o, "endDate", json_object_new_string(last));
	json_object_object_add(o, "machineDays",
			       json_object_new_int64((int64_t)out.total));
	json_object_object_add(o, "Value", out.rows);
	if (vals[3] && !strcmp(vals[3], "true")) {
		e = census_days(h, from, to, &scope, o);
		if (e) {
			json_object_put(o);
			return send_store_error(c, e, "census");
		}
	}
	return send_json(c, 200, o);
}

/* ---------------------------------------------------------------- */

/* Lowercase a hex id in place; true when it is @min..@max hex digits. */
static bool hex_id(char *s, size_t min, size_t max)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p += 'a' - 'A';
	return id_ok(s, min, max, false);
}

/*
 * POST /api/v1/reports/{id}/count: the report's count so far.  Unknown,
 * another token's or one stored before counts were kept: 404 alike.
 */
static enum MHD_Result do_count(struct http_server *h, struct MHD_Connection *c,
				struct req *rq, const char *id_in,
				size_t id_len)
{
	struct store_count res = { 0 };
	uint64_t count = 0, used = 0, quota, cap;
	char id[80], err[512];
	int64_t now = time(NULL);
	json_object *o;
	int e;

	if (id_len >= sizeof(id))
		return send_error(c, 404, "no such report");
	memcpy(id, id_in, id_len);
	id[id_len] = '\0';
	if (!hex_id(id, 32, 64))
		return send_error(c, 404, "no such report");
	e = report_decode_count(rq->body ? rq->body : "", rq->len, &count, err,
				sizeof(err));
	if (e == -ENOMEM)
		return send_error(c, 500, "out of memory");
	if (e)
		return send_error(c, 400, "%s", err);
	if (!h->store->ops->count_update)
		return send_error(c, 404, "the %s store keeps no counts",
				  h->store->ops->name);
	quota = __atomic_load_n(&h->cfg.quota, __ATOMIC_RELAXED);
	cap = __atomic_load_n(&h->cfg.max_report_hits, __ATOMIC_RELAXED);
	e = h->store->ops->count_update(h->store, id, rq->tok.id, count, cap,
					now, quota, &used, &res);
	if (e == -EDQUOT)
		return send_over_quota(c, rq->tok.id, quota, used, now);
	if (e == -ENOENT)
		return send_error(c, 404,
				  "no report %s was sent with this token", id);
	if (e) {
		bc_log(LOG_ERR, "Failed to update the count of report %s: %s\n",
		       id, strerror(-e));
		if (e == -EBUSY)
			return send_error(c, 503, "database busy, retry");
		return send_error(c, 500, "internal error storing a count");
	}
	o = json_object_new_object();
	json_object_object_add(o, "report_id", json_object_new_string(id));
	json_object_object_add(o, "count",
			       json_object_new_int64((int64_t)res.count));
	json_object_object_add(o, "weight",
			       json_object_new_int64((int64_t)res.weight));
	json_object_object_add(o, "hits",
			       json_object_new_int64((int64_t)res.hits));
	json_object_object_add(o, "added",
			       json_object_new_int64((int64_t)res.added));
	return send_json(c, 200, o);
}

/* POST /api/v1/reports/{id}/extras: a sample the report's bucket wants. */
static enum MHD_Result do_extras(struct http_server *h,
				 struct MHD_Connection *c, struct req *rq,
				 const char *rest)
{
	enum collect_kind kind;
	unsigned int have = 0;
	char id[80], err[512], *data = NULL;
	const char *slash = strchr(rest, '/');
	size_t len = 0;
	json_object *o;
	int e;

	if (slash && !strcmp(slash, "/count"))
		return do_count(h, c, rq, rest, (size_t)(slash - rest));
	if (!slash || strcmp(slash, "/extras") ||
	    (size_t)(slash - rest) >= sizeof(id))
		return send_error(c, 404, "no such resource");
	if (!h->store->ops->collect_put)
		return send_error(c, 404, "the %s store keeps no samples",
				  h->store->ops->name);
	memcpy(id, rest, slash - rest);
	id[slash - rest] = '\0';
	if (!hex_id(id, 32, 64))
		return send_error(c, 404, "no such report");
	e = collect_decode_upload(rq->body ? rq->body : "", rq->len, &kind,
				  &data, &len, err, sizeof(err));
	if (e == -ENOMEM)
		return send_error(c, 500, "out of memory");
	if (e == -EMSGSIZE)
		return send_error(c, 413, "%s", err);
	if (e)
		return send_error(c, 400, "%s", err);
	e = h->store->ops->collect_put(h->store, id, rq->tok.id, kind, data,
				       len, time(NULL), &have);
	free(data);
	if (e == -ENOENT)
		return send_error(c, 404,
				  "no report %s was sent with this token", id);
	if (e == -EEXIST)
		return send_error(c, 409, "report %s has sent its %s already",
				  id, collect_kind_name(kind));
	if (e == -EPERM)
		return send_error(
			c, 409,
			"the bucket of report %s wants no %s: it has the samples it asked for, or asked for none",
			id, collect_kind_name(kind));
	if (e) {
		bc_log(LOG_ERR, "Failed to store the %s of report %s: %s\n",
		       collect_kind_name(kind), id, strerror(-e));
		if (e == -EBUSY)
			return send_error(c, 503, "database busy, retry");
		return send_error(c, 500, "internal error storing a sample");
	}
	o = json_object_new_object();
	json_object_object_add(o, "report_id", json_object_new_string(id));
	json_object_object_add(o, "kind",
			       json_object_new_string(collect_kind_name(kind)));
	json_object_object_add(o, "samples", json_object_new_int64(have));
	{
		const char *one = id;
		unsigned int *m = wants_of(h->store, &one, 1, rq->tok.id);

		json_object_object_add(o, "wants", wants_array(m ? *m : 0));
		free(m);
	}
	return send_json(c, 200, o);
}

static int sample_row(unsigned int kind, const char *report_id,
		      int64_t received, uint64_t bytes, void *data)
{
	json_object *a = data, *o = json_object_new_object();
	char link[200];

	json_object_object_add(o, "kind",
			       json_object_new_string(collect_kind_name(kind)));
	json_object_object_add(o, "report_id",
			       json_object_new_string(report_id));
	json_object_object_add(o, "received", json_object_new_int64(received));
	json_object_object_add(o, "bytes", json_object_new_int64(bytes));
	snprintf(link, sizeof(link), "%.64s/%s", report_id,
		 collect_kind_name(kind));
	json_object_object_add(o, "path", json_object_new_string(link));
	json_object_array_add(a, o);
	return 0;
}

/* Dashboard sessions (session.c signs, web.c serves the page)        */
/* ---------------------------------------------------------------- */

/* Who the caller is, and the CSRF token of its session cookie. */
static enum MHD_Result send_session(struct http_server *h,
				    struct MHD_Connection *c,
				    const struct store_token *t,
				    const char *cookie, int64_t expires,
				    bool set_cookie)
{
	char csrf[SESSION_CSRF_LEN], day[BUCKET_DATE_LEN], hdr[256];
	struct MHD_Response *r;
	struct sbuf b = { 0 };
	enum MHD_Result ret;

	sb_puts(&b, "{\"role\":");
	sb_json_str(&b, auth_role_name(t->role));
	sb_printf(&b, ",\"tokenId\":%lld,\"label\":", (long long)t->id);
	sb_json_str(&b, t->label);
	sb_puts(&b, ",\"modules\":[");
	for (size_t i = 0; i < t->n_modules; i++) {
		if (i)
			sb_puts(&b, ",");
		sb_json_str(&b, t->modules[i]);
	}
	sb_puts(&b, "],\"csrf\":");
	if (cookie) {
		session_csrf(&h->keys, cookie, csrf);
		sb_json_str(&b, csrf);
		sb_printf(&b, ",\"expires\":%lld", (long long)expires);
	} else {
		sb_puts(&b, "null,\"expires\":null");
	}
	bucket_format_day(time(NULL) / 86400, day);
	sb_printf(&b, ",\"today\":\"%s\",\"windowDays\":%u}", day,
		  h->cfg.window_days);
	r = sb_response(&b);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (set_cookie) {
		snprintf(hdr, sizeof(hdr),
			 SESSION_COOKIE
			 "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
			 cookie, SESSION_TTL_SECS,
			 h->cfg.tls_cert ? "; Secure" : "");
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, hdr);
	}
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * POST /login {"token":"bct_..."}: a vendor or admin token becomes a
 * session cookie.  Failures count against the address like any failed
 * authentication; an agent token is refused (it has nothing to show).
 */
static enum MHD_Result do_login(struct http_server *h, struct MHD_Connection *c,
				struct req *rq)
{
	char hash[AUTH_HASH_LEN], cookie[SESSION_VALUE_MAX];
	const char *ctype, *tok = NULL;
	struct store_token t;
	json_object *o, *v;
	int64_t expires;
	enum MHD_Result ret;

	if (authfail_refused(h, c, "POST", "/login", &ret))
		return ret;
	/* a cross-site HTML form cannot send this type */
	ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ctype || strncasecmp(ctype, "application/json", 16))
		return send_error(c, 415,
				  "content type must be application/json");
	o = rq->body ? json_tokener_parse(rq->body) : NULL;
	if (o && json_object_object_get_ex(o, "token", &v) &&
	    json_object_is_type(v, json_type_string))
		tok = json_object_get_string(v);
	if (!tok) {
		json_object_put(o);
		return send_error(c, 400,
				  "body must be {\"token\":\"bct_...\"}");
	}
	if (auth_token_hash(tok, hash) ||
	    h->store->ops->token_find(h->store, hash, &t)) {
		json_object_put(o);
		authfail_note(h, c);
		audit(c, 401, 0, "POST", "/login", "unknown or revoked token");
		return send_error(c, 401,
				  "unknown, revoked or malformed token");
	}
	json_object_put(o);
	if (t.role != ROLE_VENDOR && t.role != ROLE_ADMIN) {
		audit(c, 403, t.id, "POST", "/login",
		      "only vendor and admin tokens may log in");
		return send_error(c, 403,
				  "only vendor and admin tokens may log in");
	}
	expires = time(NULL) + SESSION_TTL_SECS;
	session_make(&h->keys, t.id, expires, cookie);
	ret = send_session(h, c, &t, cookie, expires, true);
	return ret;
}

/* POST /logout: the browser drops the cookie (it stays valid until expiry). */
static enum MHD_Result do_logout(struct MHD_Connection *c)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	static const char body[] = "{\"status\":\"logged out\"}";

	r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
					    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(
		r, MHD_HTTP_HEADER_SET_COOKIE,
		SESSION_COOKIE
		"=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * A session cookie instead of a bearer token: the same token, so the same
 * role and vendor scope.  0, or -EINVAL (forged or malformed), -ETIMEDOUT
 * (expired), -ENOENT (token revoked or not vendor/admin).
 */
static int cookie_auth(struct http_server *h, const char *cookie,
		       struct req *rq)
{
	int64_t id;
	int r = session_check(&h->keys, cookie, time(NULL), &id,
			      &rq->session_expires);

	if (r)
		return r;
	r = session_token(h->store, id, &rq->tok);
	if (r)
		return r == -ENOENT ? r : -EIO;
	rq->via_cookie = true;
	snprintf(rq->session, sizeof(rq->session), "%s", cookie);
	return 0;
}

/*
 * GET /api/v1/collect/{hash}: wanted and held samples of each kind, and
 * the samples; POST sets the numbers wanted; GET
 * /api/v1/collect/{hash}/{report id}/{kind}: one sample's data.  Vendors
 * see and set only buckets in their scope, as with responses.
 */
static enum MHD_Result do_collect(struct http_server *h,
				  struct MHD_Connection *c, struct req *rq,
				  const char *rest, bool post)
{
	unsigned int wanted[COLLECT_KINDS], have[COLLECT_KINDS];
	int set[COLLECT_KINDS], kind, e;
	struct store_scope scope;
	char hash[65], id[80], err[512], *data;
	const char *slash = strchr(rest, '/'), *kslash;
	json_object *o, *k, *a;
	size_t len;

	if ((slash ? (size_t)(slash - rest) : strlen(rest)) >= sizeof(hash))
		return send_error(c, 404, "no such failure");
	snprintf(hash, sizeof(hash), "%.*s",
		 (int)(slash ? slash - rest : (ptrdiff_t)strlen(rest)), rest);
	for (char *p = hash; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p += 'a' - 'A';
	if (!id_ok(hash, 8, 64, true))
		return send_error(c, 404, "no such failure");
	if (!h->store->ops->collect_set || !h->store->ops->collect_list ||
	    !h->store->ops->collect_get)
		return send_error(c, 404, "the %s store keeps no samples",
				  h->store->ops->name);
	scope_of(&rq->tok, &scope);
	if (slash) {
		kslash = strchr(slash + 1, '/');
		if (post || !kslash ||
		    (size_t)(kslash - slash - 1) >= sizeof(id))
			return send_error(c, 404, "no such resource");
		snprintf(id, sizeof(id), "%.*s", (int)(kslash - slash - 1),
			 slash + 1);
		kind = collect_kind_parse(kslash + 1);
		if (!hex_id(id, 32, 64) || kind < 0)
			return send_error(c, 404, "no such sample");
		e = h->store->ops->collect_get(h->store, hash, id, kind, &scope,
					       &data, &len);
		if (e)
			return send_store_error(c, e, "sample");
		return send_buf(c, 200, data, len, "text/plain; charset=utf-8");
	}
	if (post) {
		e = collect_decode_wanted(rq->body ? rq->body : "", rq->len,
					  set, err, sizeof(err));
		if (e == -ENOMEM)
			return send_error(c, 500, "out of memory");
		if (e)
			return send_error(c, 400, "%s", err);
	}
	e = h->store->ops->collect_set(h->store, hash, &scope,
				       post ? set : NULL, time(NULL), wanted,
				       have);
	if (e)
		return send_store_error(c, e, "failure");
	o = json_object_new_object();
	json_object_object_add(o, "failure_hash", json_object_new_string(hash));
	k = json_object_new_object();
	for (int i = 0; i < COLLECT_KINDS; i++) {
		json_object *n = json_object_new_object();

		json_object_object_add(n, "wanted",
				       json_object_new_int64(wanted[i]));
		json_object_object_add(n, "samples",
				       json_object_new_int64(have[i]));
		json_object_object_add(k, collect_kind_name(i), n);
	}
	json_object_object_add(o, "kinds", k);
	a = json_object_new_array();
	json_object_object_add(o, "samples", a);
	e = h->store->ops->collect_list(h->store, hash, &scope, sample_row, a);
	if (e) {
		json_object_put(o);
		return send_store_error(c, e, "failure");
	}
	return send_json(c, 200, o);
}

/*
 * GET /api/v1/session: who the session cookie belongs to, and its CSRF
 * token.  Without a cookie the answer is {"role":null} (the page then
 * shows the login form), which is not a failed authentication; a forged
 * cookie is.
 */
static enum MHD_Result do_session(struct http_server *h,
				  struct MHD_Connection *c, struct req *rq)
{
	static const char anon[] = "{\"role\":null}";
	const char *cookie =
		MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE);
	int e;

	if (!cookie || !*cookie)
		return send_buf(c, 200, strdup(anon), sizeof(anon) - 1,
				"application/json");
	e = cookie_auth(h, cookie, rq);
	if (e == -EIO)
		return send_error(c, 503, "database busy, retry");
	if (e) {
		if (e == -EINVAL)
			authfail_note(h, c);
		audit(c, 401, 0, "GET", "/api/v1/session",
		      e == -ETIMEDOUT ? "expired session cookie" :
					"forged, malformed or revoked session");
		return send_error(c, 401,
				  "session expired or not valid; log in again");
	}
	return send_session(h, c, &rq->tok, rq->session, rq->session_expires,
			    false);
}

/* ---------------------------------------------------------------- */
/* Routing                                                            */
/* ---------------------------------------------------------------- */

enum route {
	R_NONE,
	R_HEALTH,
	R_REPORTS,
	R_FAILUREHITS,
	R_TOP,
	R_FAILURE,
	R_RESPONSES,
	R_RESPONSES_QUERY,
	R_EXTRAS,
	R_COLLECT_GET,
	R_COLLECT_SET,
	R_WEB,
	R_LOGIN,
	R_LOGOUT,
	R_SESSION,
	R_CENSUS_ADD,
	R_CENSUS_GET,
	R_REGRESSIONS,
	R_RESPONSE_EDIT,
};

struct route_def {
	const char *path; /* exact, or prefix ending in '/' */
	bool prefix;
	const char *method;
	enum route route;
	unsigned int roles; /* bit per enum store_role; 0: no auth */
};

#define ROLE_BIT(r) (1u << (r))

static const struct route_def routes[] = {
	{ "/healthz", false, "GET", R_HEALTH, 0 },
	{ "/api/v1/reports", false, "POST", R_REPORTS,
	  ROLE_BIT(ROLE_AGENT) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/failurehits", false, "GET", R_FAILUREHITS,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/top", false, "GET", R_TOP,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/failures/", true, "GET", R_FAILURE,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/responses", false, "POST", R_RESPONSES,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/responses/query", false, "POST", R_RESPONSES_QUERY,
	  ROLE_BIT(ROLE_AGENT) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/responses/", true, "POST", R_RESPONSE_EDIT,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/reports/", true, "POST", R_EXTRAS,
	  ROLE_BIT(ROLE_AGENT) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/collect/", true, "GET", R_COLLECT_GET,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/collect/", true, "POST", R_COLLECT_SET,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/census", false, "POST", R_CENSUS_ADD,
	  ROLE_BIT(ROLE_AGENT) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/census", false, "GET", R_CENSUS_GET,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/regressions", false, "GET", R_REGRESSIONS,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
	{ "/api/v1/session", false, "GET", R_SESSION, 0 },
	/* the dashboard (web.c) and its sessions */
	{ "/", false, "GET", R_WEB, 0 },
	{ "/failure/", true, "GET", R_WEB, 0 },
	{ "/regressions", false, "GET", R_WEB, 0 },
	{ "/static/", true, "GET", R_WEB, 0 },
	{ "/login", false, "POST", R_LOGIN, 0 },
	{ "/logout", false, "POST", R_LOGOUT,
	  ROLE_BIT(ROLE_VENDOR) | ROLE_BIT(ROLE_ADMIN) },
};

/* The route of @url and @method, else the first of @url (405 follows). */
static const struct route_def *route_of(const char *url, const char *method,
					bool *ret_path_ok)
{
	const struct route_def *first = NULL;

	*ret_path_ok = false;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route_def *r = &routes[i];
		size_t n = strlen(r->path);

		if (r->prefix ? !strncmp(url, r->path, n) && url[n] :
				!strcmp(url, r->path)) {
			*ret_path_ok = true;
			if (!strcmp(method, r->method))
				return r;
			if (!first)
				first = r;
		}
	}
	return first;
}

/* First call of a request: everything that can refuse it early. */
static enum MHD_Result first_call(struct http_server *h,
				  struct MHD_Connection *c,
				  const struct route_def *rd, struct req *rq,
				  const char *method)
{
	const char *auth, *clen, *ctype, *cookie;
	char hash[AUTH_HASH_LEN];
	unsigned int retry;
	enum MHD_Result ret;

	if (strcmp(method, rd->method) &&
	    !(rd->route == R_HEALTH && !strcmp(method, "HEAD"))) {
		rq->replied = true;
		return send_error(c, 405, "method %.16s not allowed on %s",
				  method, rd->path);
	}
	if (!rd->roles)
		return MHD_YES;
	if (authfail_refused(h, c, method, rd->path, &ret)) {
		rq->replied = true;
		return ret;
	}
	auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_AUTHORIZATION);
	cookie = auth ? NULL :
			MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
						    SESSION_COOKIE);
	if (cookie && *cookie) {
		int e = cookie_auth(h, cookie, rq);

		if (e) {
			rq->replied = true;
			if (e == -EIO)
				return send_error(c, 503,
						  "database busy, retry");
			if (e == -EINVAL)
				authfail_note(h, c);
			audit(c, 401, 0, method, rd->path,
			      e == -ETIMEDOUT ?
				      "expired session cookie" :
			      e == -ENOENT ?
				      "session of a revoked token" :
				      "forged or malformed session cookie");
			return send_error(
				c, 401,
				"session expired or not valid; log in again");
		}
	} else if (!auth || strncasecmp(auth, "Bearer ", 7) ||
		   auth_token_hash(auth + 7, hash) ||
		   h->store->ops->token_find(h->store, hash, &rq->tok)) {
		rq->replied = true;
		authfail_note(h, c);
		audit(c, 401, 0, method, rd->path,
		      !auth ? "no bearer token" : "unknown or revoked token");
		return send_error(
			c, 401,
			"missing, malformed, unknown or revoked bearer token");
	}
	rq->authed = true;
	if (!ratelimit_take(&h->rl, rq->tok.id, now_mono(), &retry)) {
		char msg[64];

		rq->replied = true;
		audit(c, 429, rq->tok.id, method, rd->path,
		      "rate limit exceeded");
		snprintf(msg, sizeof(msg), "rate limit exceeded, retry in %u s",
			 retry);
		return send_429(c, retry, "TooManyRequests", NULL, msg);
	}
	if (!(rd->roles & ROLE_BIT(rq->tok.role))) {
		rq->replied = true;
		audit(c, 403, rq->tok.id, method, rd->path,
		      "role may not use this resource");
		return send_error(c, 403, "%s %s token may not use %s %s",
				  rq->tok.role == ROLE_AGENT ? "an" : "a",
				  auth_role_name(rq->tok.role), rd->method,
				  rd->path);
	}
	/*
	 * A write by cookie needs the session's CSRF token in a header: a
	 * page of another site may make the browser send the cookie, but
	 * cannot read or compute the token.
	 */
	if (rq->via_cookie && strcmp(method, "GET") &&
	    !session_csrf_ok(&h->keys, rq->session,
			     MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							 "X-CSRF-Token"))) {
		rq->replied = true;
		audit(c, 403, rq->tok.id, method, rd->path,
		      "missing or wrong CSRF token");
		return send_error(
			c, 403,
			"missing or wrong X-CSRF-Token for this session");
	}
	if (!strcmp(method, "POST")) {
		clen = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (clen && strtoull(clen, NULL, 10) > max_body(h)) {
			rq->replied = true;
			return send_error(c, 413, "body larger than %zu bytes",
					  max_body(h));
		}
		ctype = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ctype && strncasecmp(ctype, "application/json", 16)) {
			rq->replied = true;
			return send_error(
				c, 415,
				"content type must be application/json");
		}
	}
	return MHD_YES;
}

/* ---------------------------------------------------------------- */
/* The edge: framing, escapes, head deadline, slot eviction           */
/* ---------------------------------------------------------------- */

struct framing {
	unsigned int n_length;
	unsigned int n_te;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	(void)value;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		f->n_length++;
	else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		f->n_te++;
	return MHD_YES;
}

/*
 * RFC 9112 section 6.3: a message with Transfer-Encoding and
 * Content-Length, or with several Content-Length fields, is refused (a
 * proxy in front could frame it differently: request smuggling).
 */
static bool framing_ok(struct MHD_Connection *c)
{
	struct framing f = { 0 };

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
	return f.n_length <= 1 && f.n_te <= 1 && !(f.n_length && f.n_te);
}

/*
 * Percent-decoding of the path and the query parameters.  A decoded NUL
 * would cut the string short ("/failures/H%00/stacktrace" would read as
 * "/failures/H"), so NUL and DEL both decode to DEL, which the handler
 * and the parameter parser refuse.
 */
static size_t unescape_url(void *cls, struct MHD_Connection *c, char *s)
{
	char *p;

	(void)cls;
	(void)c;
	for (p = s; (p = strchr(p, '%')); p++)
		if (p[1] == '0' && p[2] == '0') {
			p[1] = '7';
			p[2] = 'f';
		}
	return MHD_http_unescape(s);
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void head_done(struct http_server *h, struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);

	if (!k)
		return;
	pthread_mutex_lock(&h->conn_lock);
	k->in_head = false;
	pthread_mutex_unlock(&h->conn_lock);
}

static void head_again(struct http_server *h, struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);

	if (!k)
		return;
	pthread_mutex_lock(&h->conn_lock);
	k->in_head = true;
	k->since = now_mono();
	pthread_mutex_unlock(&h->conn_lock);
}

/* With conn_lock held: the oldest connection still in head, or NULL. */
static struct conn *oldest_in_head(struct http_server *h,
				   const struct conn *skip)
{
	struct conn *best = NULL;

	for (struct conn *k = h->conns; k; k = k->next)
		if (k != skip && k->in_head &&
		    (!best || k->since < best->since))
			best = k;
	return best;
}

static void notify_conn(void *cls, struct MHD_Connection *c,
			void **socket_context,
			enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *h = cls;
	struct conn *k = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			c, MHD_CONNECTION_INFO_CONNECTION_FD);

		k = calloc(1, sizeof(*k));
		if (!k)
			return;
		k->fd = ci ? ci->connect_fd : -1;
		k->in_head = true;
		k->since = now_mono();
		pthread_mutex_lock(&h->conn_lock);
		k->next = h->conns;
		if (h->conns)
			h->conns->prev = k;
		h->conns = k;
		if (++h->n_conns >= h->cfg.max_conns) {
			struct conn *old = oldest_in_head(h, k);

			if (old && old->fd >= 0) {
				shutdown(old->fd, SHUT_RDWR);
				old->fd = -1;
				bc_log(LOG_NOTICE,
				       "http: all %u connections taken; closed the oldest one without a request head\n",
				       h->cfg.max_conns);
			}
		}
		pthread_mutex_unlock(&h->conn_lock);
		*socket_context = k;
		return;
	}
	if (!k)
		return;
	pthread_mutex_lock(&h->conn_lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		h->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	h->n_conns--;
	pthread_mutex_unlock(&h->conn_lock);
	free(k);
	*socket_context = NULL;
}

/* Shuts down connections that took longer than head_timeout for a head. */
static void *sweeper(void *arg)
{
	struct http_server *h = arg;

	pthread_mutex_lock(&h->conn_lock);
	while (!h->stopping) {
		struct timespec ts;
		double now = now_mono();

		for (struct conn *k = h->conns; k; k = k->next) {
			if (k->in_head && k->fd >= 0 &&
			    now - k->since > h->cfg.head_timeout) {
				shutdown(k->fd, SHUT_RDWR);
				k->fd = -1;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 250 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&h->conn_cond, &h->conn_lock, &ts);
	}
	pthread_mutex_unlock(&h->conn_lock);
	return NULL;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct http_server *h = cls;
	const struct route_def *rd;
	struct req *rq = *con_cls;
	bool path_ok;

	(void)version;
	rd = route_of(url, method, &path_ok);
	if (!rq) {
		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		head_done(h, c);
		if (strchr(url, '\x7f')) {
			/* unescape_url() turned a %00 or DEL into DEL */
			rq->replied = true;
			return send_error(
				c, 400, "NUL or control character in the path");
		}
		if (!framing_ok(c)) {
			rq->replied = true;
			return send_error(
				c, 400,
				"conflicting message framing: more than one Content-Length, or Content-Length with Transfer-Encoding");
		}
		if (!rd) {
			rq->replied = true;
			return send_error(c, 404, "no such resource");
		}
		return first_call(h, c, rd, rq, method);
	}
	if (*upload_size) {
		size_t n = *upload_size;

		*upload_size = 0;
		if (rq->replied || rq->too_big)
			return MHD_YES;
		if (rq->len + n > max_body(h)) {
			rq->too_big = true;
			free(rq->body);
			rq->body = NULL;
			return MHD_YES;
		}
		if (rq->len + n + 1 > rq->cap) {
			size_t cap = rq->cap ? rq->cap : 8192;
			char *p;

			while (cap < rq->len + n + 1)
				cap *= 2;
			p = realloc(rq->body, cap);
			if (!p)
				return MHD_NO;
			rq->body = p;
			rq->cap = cap;
		}
		memcpy(rq->body + rq->len, upload, n);
		rq->len += n;
		rq->body[rq->len] = '\0';
		return MHD_YES;
	}
	if (rq->replied)
		return MHD_YES;
	if (rq->too_big)
		return send_error(c, 413, "body larger than %zu bytes",
				  max_body(h));

	switch (rd->route) {
	case R_HEALTH:
		return send_buf(c, 200, strdup("{\"status\":\"ok\"}"), 15,
				"application/json");
	case R_REPORTS:
		return do_reports(h, c, rq);
	case R_FAILUREHITS:
		return do_failurehits(h, c, rq);
	case R_TOP:
		return do_top(h, c, rq);
	case R_FAILURE:
		return do_failure(h, c, rq, url + strlen(rd->path));
	case R_RESPONSES:
		return do_response_add(h, c, rq);
	case R_RESPONSES_QUERY:
		return do_response_query(h, c, rq);
	case R_EXTRAS:
		return do_extras(h, c, rq, url + strlen(rd->path));
	case R_COLLECT_GET:
	case R_COLLECT_SET:
		return do_collect(h, c, rq, url + strlen(rd->path),
				  rd->route == R_COLLECT_SET);
	case R_WEB:
		return web_serve(c, url);
	case R_LOGIN:
		return do_login(h, c, rq);
	case R_LOGOUT:
		return do_logout(c);
	case R_SESSION:
		return do_session(h, c, rq);
	case R_CENSUS_ADD:
		return do_census_add(h, c, rq);
	case R_CENSUS_GET:
		return do_census_get(h, c, rq);
	case R_REGRESSIONS:
		return do_regressions(h, c, rq);
	case R_RESPONSE_EDIT:
		return do_response_edit(h, c, rq, url + strlen(rd->path));
	case R_NONE:
		break;
	}
	return send_error(c, 404, "no such resource");
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	(void)toe;
	head_again(cls, c);
	if (rq) {
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	bc_log(LOG_WARNING, "http: %s\n", msg);
}

int http_parse_listen(const char *s, void *ret_sa, unsigned int *ret_len)
{
	struct sockaddr_storage *ss = ret_sa;
	char host[64];
	const char *colon, *hs = s;
	unsigned long port;
	size_t hl;
	char *end;

	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':')
			return -EINVAL;
		hs = s + 1;
		hl = rb - hs;
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -EINVAL;
		hl = colon - s;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, hs, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port > 65535)
		return -EINVAL;
	memset(ss, 0, sizeof(*ss));
	if (s[0] != '[') {
		struct sockaddr_in *in = ret_sa;

		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
			return -EINVAL;
		*ret_len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = ret_sa;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			return -EINVAL;
		*ret_len = sizeof(*in6);
	}
	return 0;
}

/* Reads a PEM file of at most 1 MiB into a NUL-terminated buffer. */
static int read_pem(const char *path, char **ret)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	if (!f)
		return -errno;
	buf = malloc(1024 * 1024 + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, 1024 * 1024 + 1, f);
	fclose(f);
	if (n > 1024 * 1024 || !n) {
		free(buf);
		return -EFBIG;
	}
	buf[n] = '\0';
	*ret = buf;
	return 0;
}

/* Opens the listening socket ourselves, so a failure names its cause. */
static int open_listener(const struct sockaddr_storage *ss, unsigned int sl)
{
	int fd, one = 1;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	if (fd < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss->ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				 sizeof(one));
	if (bind(fd, (const struct sockaddr *)ss, sl) || listen(fd, 1024)) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int http_start(struct store *store, const struct http_config *cfg,
	       struct http_server **ret)
{
	struct sockaddr_storage ss;
	struct http_server *h;
	unsigned int sl, threads;
	const union MHD_DaemonInfo *info;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	int fd;

	if (http_parse_listen(cfg->listen, &ss, &sl))
		return -EINVAL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	fd = open_listener(&ss, sl);
	if (fd < 0)
		return fd;
	h = calloc(1, sizeof(*h));
	if (!h) {
		close(fd);
		return -ENOMEM;
	}
	h->store = store;
	h->cfg = *cfg;
	h->listen_fd = fd;
	pthread_mutex_init(&h->af_lock, NULL);
	pthread_mutex_init(&h->conn_lock, NULL);
	pthread_mutex_init(&h->job_lock, NULL);
	pthread_cond_init(&h->job_cv, NULL);
	h->jobs_tail = &h->jobs;
	{
		/* the sweeper's deadlines are CLOCK_MONOTONIC times */
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&h->conn_cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	ratelimit_init(&h->rl, cfg->rate, cfg->burst);
	if (session_keys_load(&h->keys, cfg->session_secret) || web_init()) {
		close(fd);
		http_stop(h);
		return -EINVAL;
	}
	if (cfg->tls_cert) {
		int e = read_pem(cfg->tls_cert, &h->tls_cert_pem);

		if (!e)
			e = read_pem(cfg->tls_key, &h->tls_key_pem);
		if (e) {
			close(fd);
			http_stop(h);
			return e;
		}
		flags |= MHD_USE_TLS;
	}
	/*
	 * libmicrohttpd splits the connection limit over the pool; a thread
	 * with a share of zero never stops (MHD_stop_daemon() hangs), so
	 * there are never more threads than connections.
	 */
	threads = cfg->threads < cfg->max_conns ? cfg->threads : cfg->max_conns;
	h->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, handler, h, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_log, h, MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, cfg->max_conns,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
		MHD_OPTION_NOTIFY_COMPLETED, completed, h,
		MHD_OPTION_NOTIFY_CONNECTION, notify_conn, h,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape_url, h,
		MHD_OPTION_STRICT_FOR_CLIENT, 1,
		/* only read when MHD_USE_TLS is set */
		MHD_OPTION_HTTPS_MEM_CERT,
		h->tls_cert_pem ? h->tls_cert_pem : "",
		MHD_OPTION_HTTPS_MEM_KEY, h->tls_key_pem ? h->tls_key_pem : "",
		MHD_OPTION_END);
	if (!h->daemon) {
		close(fd);
		http_stop(h);
		return cfg->tls_cert ? -EBADMSG : -EIO;
	}
	if (pthread_create(&h->sweeper, NULL, sweeper, h) == 0)
		h->have_sweeper = true;
	/* without workers, ingest calls wait on their epoll thread */
	while (h->n_workers < INGEST_WORKERS &&
	       !pthread_create(&h->workers[h->n_workers], NULL, ingest_worker,
			       h))
		h->n_workers++;
	info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	*ret = h;
	return 0;
}

uint16_t http_port(const struct http_server *h)
{
	return h->port;
}

void http_reload(struct http_server *h, const struct http_config *cfg)
{
	ratelimit_set(&h->rl, cfg->rate, cfg->burst);
	__atomic_store_n(&h->cfg.max_body, cfg->max_body, __ATOMIC_RELAXED);
	__atomic_store_n(&h->cfg.quota, cfg->quota, __ATOMIC_RELAXED);
	__atomic_store_n(&h->cfg.max_report_hits, cfg->max_report_hits,
			 __ATOMIC_RELAXED);
}

void http_stop(struct http_server *h)
{
	if (!h)
		return;
	if (h->have_sweeper) {
		pthread_mutex_lock(&h->conn_lock);
		h->stopping = true;
		pthread_cond_signal(&h->conn_cond);
		pthread_mutex_unlock(&h->conn_lock);
		pthread_join(h->sweeper, NULL);
	}
	/*
	 * The workers finish the queued calls (which resumes their
	 * connections: MHD_stop_daemon() must find none suspended) and end;
	 * calls after that run on their epoll threads.
	 */
	pthread_mutex_lock(&h->job_lock);
	h->jobs_stop = true;
	pthread_cond_broadcast(&h->job_cv);
	pthread_mutex_unlock(&h->job_lock);
	for (unsigned int i = 0; i < h->n_workers; i++)
		pthread_join(h->workers[i], NULL);
	if (h->daemon)
		MHD_stop_daemon(h->daemon); /* closes listen_fd too */
	ratelimit_done(&h->rl);
	pthread_mutex_destroy(&h->af_lock);
	pthread_mutex_destroy(&h->job_lock);
	pthread_cond_destroy(&h->job_cv);
	pthread_cond_destroy(&h->conn_cond);
	pthread_mutex_destroy(&h->conn_lock);
	free(h->tls_cert_pem);
	free(h->tls_key_pem);
	free(h);
}
