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
 * A deadlock between two batches that touch the same buckets in another
 * order, or a serialisation failure, rolls the whole call back and runs it
 * again (at most PG_RETRIES times).
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
	int e = 0;

	if (!a)
		return -ENOMEM;
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
			ingest_params(&r[i], token_id, received, keep_samples,
				      a);
			sent = PQsendQueryParams(c, INGEST_SQL, a->p.n, NULL,
						 a->p.v, NULL, NULL, 0);
		}
		if (sent && last)
			sent = send_plain(c, "COMMIT");
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
			int x = command_result(c, &ret[i], &pend[i], NULL);

			e = e ? e : x;
		}
		if (last) {
			int x = command_result(c, NULL, NULL, NULL);

			e = e ? e : x;
		}
		segment_end(c);
	}
	free(a);
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
