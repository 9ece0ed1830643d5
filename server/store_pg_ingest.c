// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend: ingest.  One transaction per call, sent in libpq's
 * pipeline mode: a single report is one round trip (BEGIN, the quota,
 * bugcheck_ingest() of store_pg_schema.c, COMMIT).  Each
 * report first claims its id with INSERT ... ON CONFLICT DO NOTHING on the
 * reports table's primary key: when two servers (or two threads) get the
 * same report at once, the second insert waits for the first transaction
 * and then inserts nothing, so exactly one of them counts the report and
 * the other answers it as a duplicate.  Then the report is counted into
 * its bucket, the distinct machines, the daily rollups, the details lists
 * and the samples, as in store_sqlite_ingest.c.
 *
 * Durability: every connection runs with synchronous_commit on, so COMMIT
 * returns only once the WAL is flushed.  Concurrent commits share WAL
 * flushes (PostgreSQL's own group commit: a backend that flushes writes
 * out everything queued before it), so each acknowledgement is durable
 * while throughput grows with connections.
 *
 * Lock order.  Concurrent batches used to deadlock (each deadlock costs
 * deadlock_timeout, a second, and a retry): their reports reach the same
 * bucket rows in different orders, and every report of a day shares a
 * few daily_dims rows whatever its bucket.  So a transaction takes its
 * row locks in two phases, each in one global order: first everything
 * keyed by bucket (the reports sorted by bucket: buckets, machines,
 * daily, daily_bdim, daily_bucket, details, samples),
 * then daily_dims, one statement at the end that adds the transaction's
 * reports by (day, dims) in key order.  A deadlock or serialisation
 * failure left (a new dims tuple inserted by two at once) rolls the whole
 * call back and runs it again (at most PG_RETRIES times).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store_pg.h"
#include "log.h"

static const char *module_version(const struct report *r)
{
	if (!r->has_module)
		return "";
	return r->mod_version[0] ? r->mod_version : r->mod_srcversion;
}

int pgs_match_response(PGconn *c, const char *hash, const char *kernel,
		       const char *modver, struct store_result *res)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	res->response_id = 0;
	pgp_str(&p, hash);
	e = pgs_exec(c,
		     "SELECT id, message, link, mod_min, mod_max, kern_min,"
		     " kern_max FROM responses WHERE bucket_hash = $1"
		     " ORDER BY id DESC",
		     &p, &r);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		if (!bucket_version_in_range(modver, PQgetvalue(r, i, 3),
					     PQgetvalue(r, i, 4)) ||
		    !bucket_version_in_range(kernel, PQgetvalue(r, i, 5),
					     PQgetvalue(r, i, 6)))
			continue;
		res->response_id = pg_int(r, i, 0);
		snprintf(res->response_message, sizeof(res->response_message),
			 "%s", PQgetvalue(r, i, 1));
		snprintf(res->response_link, sizeof(res->response_link), "%s",
			 PQgetvalue(r, i, 2));
		break;
	}
	PQclear(r);
	return 0;
}

/* The per-report dimensions failurehits groups by (as in SQLite's). */
static void dims_of(const struct report *r, char *file, size_t file_size,
		    const char **ret_appver, char *osver, size_t osver_size)
{
	bucket_os_version(r->kernel_release, osver, osver_size);
	if (r->has_module && r->mod_file[0])
		snprintf(file, file_size, "%s", r->mod_file);
	else if (r->has_module)
		snprintf(file, file_size, "%s.ko", r->mod_name);
	else if (!strcmp(r->image, "vmlinux"))
		snprintf(file, file_size, "vmlinux");
	else
		snprintf(file, file_size, "%s.ko", r->image);
	*ret_appver = r->has_module		   ? module_version(r) :
		      !strcmp(r->image, "vmlinux") ? r->kernel_release :
						     "";
}

#define INGEST_SQL                                                          \
	"SELECT * FROM bugcheck_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9," \
	" $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22," \
	" $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35," \
	" $36)"
#define PIPELINE_CHUNK 64 /* reports sent before their results are read */

/* What a pipelined report still needs: its response, matched afterwards. */
struct pending {
	bool need;
	char kernel[65];
	char modver[65];
};

/* Text that must outlive a report's parameters until they are sent. */
struct ingest_args {
	struct pg_params p;
	char symbol[200], osver[32], file[72];
};

/* The parameters of bugcheck_ingest() for @r. */
static void ingest_params(const struct report *r, int64_t token_id,
			  int64_t received, bool keep_samples,
			  struct ingest_args *a)
{
	int64_t day = r->crash_time / 86400;
	struct pg_params *p = &a->p;
	const char *appver;

	p->n = 0;
	p->overflow = false;
	snprintf(a->symbol, sizeof(a->symbol), "%s!%s", r->image, r->function);
	dims_of(r, a->file, sizeof(a->file), &appver, a->osver,
		sizeof(a->osver));
	pgp_str(p, r->report_id);
	pgp_int(p, token_id);
	pgp_int(p, received);
	pgp_str(p, keep_samples ? "t" : "f");
	pgp_str(p, r->bucket_key);
	pgp_str(p, r->bucket_name);
	pgp_str(p, a->symbol);
	pgp_str(p, r->image);
	pgp_str(p, r->event_type);
	pgp_str(p, r->cls);
	pgp_int(p, r->code);
	pgp_str(p, r->title);
	pgp_str(p, r->has_claim ? r->claim_plugin : "");
	pgp_int(p, r->crash_time);
	pgp_str(p, r->stack);
	pgp_str(p, r->machine_id);
	pgp_str(p, r->kernel_release);
	pgp_str(p, module_version(r));
	pgp_str(p, a->file);
	pgp_str(p, appver);
	pgp_str(p, a->osver);
	pgp_str(p, r->os_release);
	pgp_str(p, r->market);
	pgp_str(p, r->device_type);
	pgp_str(p, r->has_module ? "t" : "f");
	pgp_str(p, r->mod_name);
	pgp_str(p, r->mod_file);
	pgp_str(p, r->mod_version);
	pgp_str(p, r->mod_srcversion);
	pgp_str(p, keep_samples ? r->record : "");
	pgp_int(p, day);
	pgp_int(p, bucket_week_start(day));
	pgp_int(p, bucket_month_start(day));
	pgp_int(p, r->hits ? (int64_t)r->hits : 1);
	pgp_int(p, r->count ? (int64_t)r->count : 1);
	pgp_int(p, r->weight ? (int64_t)r->weight : 1);
}

/*
 * Reads bugcheck_ingest()'s row into @res; *@ret_resp tells whether the
 * bucket has responses to match (then @kernel and @modver are set).
 */
static int ingest_result(const PGresult *q, struct store_result *res,
			 bool *ret_resp, char kernel[65], char modver[65])
{
	int state;

	memset(res, 0, sizeof(*res));
	if (PQntuples(q) != 1)
		return -EIO;
	state = (int)pg_int(q, 0, 0);
	res->duplicate = state != 0;
	res->foreign = state == 2;
	if (state != 2) {
		/* another agent's report: say nothing about it */
		res->bucket_id = pg_int(q, 0, 1);
		res->hits = pg_int(q, 0, 2);
		snprintf(res->bucket_key, sizeof(res->bucket_key), "%s",
			 PQgetvalue(q, 0, 3));
	}
	snprintf(kernel, 65, "%s", PQgetvalue(q, 0, 4));
	snprintf(modver, 65, "%s", PQgetvalue(q, 0, 5));
	*ret_resp = !strcmp(PQgetvalue(q, 0, 6), "t");
	return 0;
}

/* SQLSTATE bugcheck_quota() raises over the quota (store_pg_schema.c). */
#define SQLSTATE_OVER_QUOTA "BCQTA"

/*
 * The outcome of one result: 0, -EDQUOT (*@ret_used: the count before),
 * -EAGAIN (deadlock or serialisation failure) or -EIO (logged).
 */
static int command_status(const PGresult *q, uint64_t *ret_used)
{
	const char *code = PQresultErrorField(q, PG_DIAG_SQLSTATE);
	int st = PQresultStatus(q);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return 0;
	if (code && !strcmp(code, SQLSTATE_OVER_QUOTA)) {
		if (ret_used)
			*ret_used = strtoull(
				PQresultErrorField(q, PG_DIAG_MESSAGE_PRIMARY),
				NULL, 10);
		return -EDQUOT;
	}
	if (code && (!strcmp(code, "40001") || !strcmp(code, "40P01")))
		return -EAGAIN;
	bc_log(LOG_ERR, "PostgreSQL: %s",
	       q ? PQresultErrorMessage(q) : "out of memory\n");
	return -EIO;
}

/* Reads one command's results (up to its NULL); 0 or -errno. */
static int command_result(PGconn *c, struct store_result *res,
			  struct pending *pend, uint64_t *ret_used)
{
	PGresult *q;
	int e = 0;

	while ((q = PQgetResult(c))) {
		int st = PQresultStatus(q);
		const char *code = PQresultErrorField(q, PG_DIAG_SQLSTATE);

		if (e) {
			/* only the first error counts */
		} else if (st == PGRES_TUPLES_OK && res) {
			e = ingest_result(q, res, &pend->need, pend->kernel,
					  pend->modver);
		} else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			/* BEGIN, COMMIT, the quota's count */
		} else if (st == PGRES_PIPELINE_ABORTED) {
			e = -ECANCELED; /* an earlier command failed */
		} else if (code && !strcmp(code, SQLSTATE_OVER_QUOTA)) {
			if (ret_used)
				*ret_used = strtoull(
					PQresultErrorField(
						q, PG_DIAG_MESSAGE_PRIMARY),
					NULL, 10);
			e = -EDQUOT;
		} else if (code &&
			   (!strcmp(code, "40001") || !strcmp(code, "40P01"))) {
			e = -EAGAIN;
		} else {
			bc_log(LOG_ERR, "PostgreSQL: %s",
			       PQresultErrorMessage(q));
			e = -EIO;
		}
		PQclear(q);
	}
	return e;
}

/* Skips to the end of the pipeline segment (the sync's result). */
static void segment_end(PGconn *c)
{
	PGresult *q;

	while ((q = PQgetResult(c)) ||
	       (q = PQgetResult(c))) { /* NULL separates commands */
		bool sync = PQresultStatus(q) == PGRES_PIPELINE_SYNC;

		PQclear(q);
		if (sync)
			return;
	}
}

/* A report's place in the order a batch is counted in (lock_order()). */
struct ord_key {
	const char *bucket;
	size_t idx;
};

static int ord_cmp(const void *a, const void *b)
{
	const struct ord_key *x = a, *y = b;
	int c = strcmp(x->bucket, y->bucket);

	return c ? c : x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The order of the first phase (see "Lock order" above): by bucket, and
 * in the batch's order within a bucket.  A report's first lock of its
 * bucket is the buckets row, held to the commit, so it guards every
 * other row keyed by that bucket; and since a report's hits and samples
 * depend only on its bucket's earlier reports, the answers are those of
 * the batch's order.  A repeated id sorts with its first copy, after it,
 * so the first copy is still the one counted.
 */
static size_t *lock_order(const struct report *r, size_t n)
{
	struct ord_key *k = malloc((n ? n : 1) * sizeof(*k));
	size_t *ord = malloc((n ? n : 1) * sizeof(*ord));

	if (!k || !ord) {
		free(k);
		free(ord);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t first = i;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(r[j].report_id, r[i].report_id)) {
				first = j;
				break;
			}
		k[i] = (struct ord_key){ .bucket = r[first].bucket_key,
					 .idx = i };
	}
	qsort(k, n, sizeof(*k), ord_cmp);
	for (size_t i = 0; i < n; i++)
		ord[i] = k[i].idx;
	free(k);
	return ord;
}

/*
 * The second phase: the reports this transaction stored (their rows'
 * xmin is its id; duplicates are older rows) added to daily_dims by
 * (day, dims) in key order.  $1 is the text array of the call's ids.
 */
#define DIMS_SQL                                                           \
	"INSERT INTO daily_dims SELECT r.day, r.dim_id, min(d.week),"      \
	" min(d.month), sum(r.weighted) FROM reports r JOIN daily d"       \
	" ON d.day = r.day AND d.bucket_id = r.bucket_id"                  \
	" AND d.dim_id = r.dim_id WHERE r.report_id = ANY($1::text[])"     \
	" AND r.xmin = pg_current_xact_id()::xid GROUP BY r.day, r.dim_id" \
	" ORDER BY r.day, r.dim_id ON CONFLICT (day, dim_id)"              \
	" DO UPDATE SET hits = daily_dims.hits + excluded.hits"

/* "{id,id,...}": report ids are hex, nothing to quote. */
static char *id_array(const struct report *r, size_t n)
{
	char *s = malloc(n * 66 + 3), *p = s;

	if (!s)
		return NULL;
	*p++ = '{';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", r[i].report_id);
	*p++ = '}';
	*p = '\0';
	return s;
}

static bool send_plain(PGconn *c, const char *sql)
{
	return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

/*
 * The whole call as one transaction in libpq's pipeline mode: BEGIN, the
 * quota, a bugcheck_ingest() per report and COMMIT are sent before any
 * result is read, so a single report costs one round trip and a batch
 * one per PIPELINE_CHUNK reports (the chunk bounds what sits unread in
 * the socket buffers of this blocking connection).  The first error
 * aborts the rest of its segment; the transaction is then rolled back.
 */
static int ingest_txn(PGconn *c, const struct report *r, size_t n,
		      int64_t token_id, int64_t received, bool keep_samples,
		      uint64_t quota, uint64_t *ret_used,
		      struct store_result *ret, struct pending *pend)
{
	struct ingest_args *a = malloc(sizeof(*a));
	size_t *ord = lock_order(r, n);
	char *ids = id_array(r, n), *hashes = pgs_hll_hashes(r, n);
	int e = 0;

	if (!a || !ord || !ids || !hashes) {
		free(a);
		free(ord);
		free(ids);
		free(hashes);
		return -ENOMEM;
	}
	if (!PQenterPipelineMode(c)) {
		free(a);
		return -EIO;
	}
	for (size_t from = 0; from < n && !e; from += PIPELINE_CHUNK) {
		size_t to = n - from < PIPELINE_CHUNK ? n :
							from + PIPELINE_CHUNK;
		bool first = from == 0, last = to == n, sent = true;

		if (first) {
			sent = send_plain(c, "BEGIN");
			if (sent && quota) {
				struct pg_params p = { 0 };

				pgp_int(&p, token_id);
				pgp_int(&p, received / 86400);
				pgp_int(&p, (int64_t)n);
				pgp_int(&p, (int64_t)quota);
				sent = PQsendQueryParams(
					c,
					"SELECT bugcheck_quota($1, $2, $3, $4)",
					p.n, NULL, p.v, NULL, NULL, 0);
			}
		}
		for (size_t i = from; i < to && sent; i++) {
			ingest_params(&r[ord[i]], token_id, received,
				      keep_samples, a);
			sent = PQsendQueryParams(c, INGEST_SQL, a->p.n, NULL,
						 a->p.v, NULL, NULL, 0);
		}
		if (sent && last) {
			const char *v[2] = { ids, hashes };

			sent = PQsendQueryParams(c, PG_HLL_SQL, 2, NULL, v,
						 NULL, NULL, 0) &&
			       PQsendQueryParams(c, DIMS_SQL, 1, NULL, v, NULL,
						 NULL, 0) &&
			       send_plain(c, "COMMIT");
		}
		if (!sent || !PQpipelineSync(c)) {
			bc_log(LOG_ERR, "PostgreSQL: %s", PQerrorMessage(c));
			e = -EIO;
			break;
		}
		/* Results come in the order sent. */
		if (first) {
			e = command_result(c, NULL, NULL, ret_used);
			if (quota) {
				int q = command_result(c, NULL, NULL, ret_used);

				e = e ? e : q;
			}
		}
		for (size_t i = from; i < to; i++) {
			int x = command_result(c, &ret[ord[i]], &pend[ord[i]],
					       NULL);

			e = e ? e : x;
		}
		for (int k = 0; last && k < 3; k++) {
			/* the machines, the daily_dims statement, COMMIT */
			int x = command_result(c, NULL, NULL, NULL);

			e = e ? e : x;
		}
		segment_end(c);
	}
	free(a);
	free(ord);
	free(ids);
	free(hashes);
	if (!PQexitPipelineMode(c)) {
		/* results left unread (a send failed): start afresh */
		PQreset(c);
		if (!e)
			e = -EIO;
	}
	if (e && PQtransactionStatus(c) != PQTRANS_IDLE)
		(void)pgs_cmd(c, "ROLLBACK");
	return e;
}

int pg_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret)
{
	struct pg_store *s = to_pg(base);
	struct pending *pend = calloc(n ? n : 1, sizeof(*pend));
	PGconn *c;
	int e = -EAGAIN;

	if (!pend)
		return -ENOMEM;
	c = pgs_get(s);
	if (!c) {
		free(pend);
		return -ECONNREFUSED;
	}
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = ingest_txn(c, r, n, token_id, received, keep_samples, quota,
			       ret_used, ret, pend);
	/* Committed: the responses of the buckets that have some. */
	for (size_t i = 0; i < n && !e; i++)
		if (pend[i].need)
			e = pgs_match_response(c, ret[i].bucket_key,
					       pend[i].kernel, pend[i].modver,
					       &ret[i]);
	pgs_put(s, c);
	free(pend);
	__atomic_add_fetch(&s->calls, 1, __ATOMIC_RELAXED);
	if (!e)
		__atomic_add_fetch(&s->commits, 1, __ATOMIC_RELAXED);
	return e == -EAGAIN ? -EBUSY : e;
}

/*
 * A count update (store.h): bugcheck_count() of store_pg_schema.c, one
 * statement and so one transaction; a deadlock is retried.
 */
int pg_count_update(struct store *base, const char *report_id, int64_t token_id,
		    uint64_t count, uint64_t cap, int64_t now, uint64_t quota,
		    uint64_t *ret_used, struct store_count *ret)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGresult *r = NULL;
	PGconn *c;
	int e = -EAGAIN;

	pgp_str(&p, report_id);
	pgp_int(&p, token_id);
	pgp_int(&p, (int64_t)count);
	pgp_int(&p, (int64_t)cap);
	pgp_int(&p, now / 86400);
	pgp_int(&p, (int64_t)quota);
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++) {
		PQclear(r);
		r = PQexecParams(c,
				 "SELECT * FROM bugcheck_count($1, $2, $3, $4,"
				 " $5, $6)",
				 p.n, NULL, p.v, NULL, NULL, 0);
		e = command_status(r, ret_used);
	}
	if (!e && PQntuples(r) != 1)
		e = -EIO;
	if (!e && strcmp(PQgetvalue(r, 0, 0), "t"))
		e = -ENOENT;
	if (!e)
		*ret = (struct store_count){ .count = pg_int(r, 0, 1),
					     .weight = pg_int(r, 0, 2),
					     .hits = pg_int(r, 0, 3),
					     .added = pg_int(r, 0, 4) };
	PQclear(r);
	pgs_put(s, c);
	return e == -EAGAIN ? -EBUSY : e;
}

/* Retention (store.h): one transaction; old rows go by index range. */
int pg_retain(struct store *base, int64_t before_day, uint64_t *ret_rows)
{
	static const char *const sql[] = {
		"DELETE FROM daily WHERE day < $1",
		"DELETE FROM daily_bucket WHERE day < $1",
		"DELETE FROM daily_dims WHERE day < $1",
		"DELETE FROM daily_hll WHERE day < $1",
		"DELETE FROM daily_bucket_hll WHERE day < $1",
		"DELETE FROM daily_bdim WHERE kind BETWEEN 1 AND 8"
		" AND day < $1",
		"DELETE FROM reports WHERE received < $1::bigint * 86400",
		"DELETE FROM quota WHERE day < $1",
	};
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	uint64_t rows = 0;
	PGconn *c;
	int e;

	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	pgp_int(&p, before_day);
	e = pgs_cmd(c, "BEGIN");
	for (size_t i = 0; !e && i < sizeof(sql) / sizeof(sql[0]); i++) {
		PGresult *r;

		e = pgs_exec(c, sql[i], &p, &r);
		if (!e) {
			rows += strtoull(PQcmdTuples(r), NULL, 10);
			PQclear(r);
		}
	}
	if (!e)
		e = pgs_cmd(c, "COMMIT");
	pgs_put(s, c);
	if (!e)
		*ret_rows = rows;
	return e;
}
