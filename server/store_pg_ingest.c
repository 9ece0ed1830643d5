// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend: ingest.  One transaction per call, one round trip
 * per report (the function bugcheck_ingest(), store_pg_schema.c).  Each
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

#define INGEST_SQL                                                     \
	"SELECT * FROM bugcheck_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9," \
	" $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22," \
	" $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)"
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

/*
 * One report through bugcheck_ingest() (store_pg_schema.c, migration 2):
 * the claim of its id, the bucket, machines, rollups, details and samples
 * in one round trip; a second one only when the bucket has responses.
 */
static int ingest_one(PGconn *c, const struct report *r, int64_t token_id,
		      int64_t received, bool keep_samples,
		      struct store_result *res)
{
	struct ingest_args *a = malloc(sizeof(*a));
	char kernel[65], modver[65];
	bool has_resp = false;
	PGresult *q;
	int e;

	if (!a)
		return -ENOMEM;
	ingest_params(r, token_id, received, keep_samples, a);
	e = pgs_exec(c, INGEST_SQL, &a->p, &q);
	free(a);
	if (e)
		return e;
	e = ingest_result(q, res, &has_resp, kernel, modver);
	PQclear(q);
	if (e || !has_resp)
		return e;
	return pgs_match_response(c, res->bucket_key, kernel, modver, res);
}

/*
 * Reports [@from, @to) in libpq's pipeline mode: every call is sent
 * before the first result is read, so a batch costs about one round trip
 * per PIPELINE_CHUNK reports instead of one per report.  The chunk bounds
 * what sits unread in the socket buffers (blocking connection).
 */
static int ingest_chunk(PGconn *c, const struct report *r, size_t from,
			size_t to, int64_t token_id, int64_t received,
			bool keep_samples, struct store_result *ret,
			struct pending *pend)
{
	struct ingest_args *a = malloc(sizeof(*a));
	PGresult *q;
	size_t i;
	int e = 0;

	if (!a)
		return -ENOMEM;
	if (!PQenterPipelineMode(c)) {
		free(a);
		return -EIO;
	}
	for (i = from; i < to; i++) {
		ingest_params(&r[i], token_id, received, keep_samples, a);
		if (!PQsendQueryParams(c, INGEST_SQL, a->p.n, NULL, a->p.v,
				       NULL, NULL, 0))
			break;
	}
	free(a);
	if (i < to || !PQpipelineSync(c))
		e = -EIO;
	/* Each query's results end with NULL; then comes the sync. */
	for (size_t k = from; k < i; k++) {
		while ((q = PQgetResult(c))) {
			int st = PQresultStatus(q);

			if (e) {
				PQclear(q);
				continue;
			}
			if (st == PGRES_TUPLES_OK)
				e = ingest_result(q, &ret[k], &pend[k].need,
						  pend[k].kernel,
						  pend[k].modver);
			else if (st == PGRES_PIPELINE_ABORTED)
				e = -EIO;
			else {
				const char *sqlstate = PQresultErrorField(
					q, PG_DIAG_SQLSTATE);

				e = sqlstate && (!strcmp(sqlstate, "40001") ||
						 !strcmp(sqlstate, "40P01")) ?
					    -EAGAIN :
					    -EIO;
				if (e == -EIO)
					bc_log(LOG_ERR, "PostgreSQL: %s",
					       PQresultErrorMessage(q));
			}
			PQclear(q);
		}
	}
	while ((q = PQgetResult(c))) {
		bool sync = PQresultStatus(q) == PGRES_PIPELINE_SYNC;

		PQclear(q);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(c) && !e)
		e = -EIO;
	return e;
}

/* A batch: pipelined, then the responses of the buckets that have some. */
static int ingest_many(PGconn *c, const struct report *r, size_t n,
		       int64_t token_id, int64_t received, bool keep_samples,
		       struct store_result *ret)
{
	struct pending *pend = calloc(n, sizeof(*pend));
	int e = 0;

	if (!pend)
		return -ENOMEM;
	for (size_t i = 0; i < n && !e; i += PIPELINE_CHUNK)
		e = ingest_chunk(c, r, i,
				 i + PIPELINE_CHUNK < n ? i + PIPELINE_CHUNK :
							  n,
				 token_id, received, keep_samples, ret, pend);
	for (size_t i = 0; i < n && !e; i++) {
		if (pend[i].need)
			e = pgs_match_response(c, ret[i].bucket_key,
					       pend[i].kernel, pend[i].modver,
					       &ret[i]);
	}
	free(pend);
	return e;
}

/*
 * Counts @n reports against the quota of @token_id for @day in one
 * statement (the row lock orders concurrent callers); -EDQUOT when that
 * passes @quota, and the caller rolls back.
 */
static int quota_take(PGconn *c, int64_t token_id, int64_t day, size_t n,
		      uint64_t quota, uint64_t *ret_used)
{
	struct pg_params p = { 0 };
	uint64_t after;
	PGresult *q;
	int e;

	pgp_int(&p, token_id);
	pgp_int(&p, day);
	pgp_int(&p, (int64_t)n);
	e = pgs_exec(c,
		     "INSERT INTO quota VALUES($1, $2, $3)"
		     " ON CONFLICT (token_id, day)"
		     " DO UPDATE SET reports = quota.reports + $3"
		     " RETURNING reports",
		     &p, &q);
	if (e)
		return e;
	after = pg_int(q, 0, 0);
	PQclear(q);
	if (ret_used)
		*ret_used = after - n;
	return after > quota ? -EDQUOT : 0;
}

static int ingest_txn(PGconn *c, const struct report *r, size_t n,
		      int64_t token_id, int64_t received, bool keep_samples,
		      uint64_t quota, uint64_t *ret_used,
		      struct store_result *ret)
{
	int e = pgs_cmd(c, "BEGIN");

	if (!e && quota)
		e = quota_take(c, token_id, received / 86400, n, quota,
			       ret_used);
	if (!e && n == 1)
		e = ingest_one(c, r, token_id, received, keep_samples, ret);
	else if (!e)
		e = ingest_many(c, r, n, token_id, received, keep_samples,
				ret);
	if (!e)
		return pgs_cmd(c, "COMMIT");
	(void)pgs_cmd(c, "ROLLBACK");
	return e;
}

int pg_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e = -EAGAIN;

	if (!c)
		return -ECONNREFUSED;
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = ingest_txn(c, r, n, token_id, received, keep_samples,
			       quota, ret_used, ret);
	pgs_put(s, c);
	__atomic_add_fetch(&s->calls, 1, __ATOMIC_RELAXED);
	if (!e)
		__atomic_add_fetch(&s->commits, 1, __ATOMIC_RELAXED);
	return e == -EAGAIN ? -EBUSY : e;
}
