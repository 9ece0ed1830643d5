// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend: ingest.  Concurrent calls share one transaction
 * (group commit, group.h; this backend's run() is pg_group_run()), sent
 * in libpq's pipeline mode: a single
 * report is one round trip (BEGIN, the quota, bugcheck_ingest() of
 * store_pg_schema.c, COMMIT), its statements prepared once per
 * connection.  Each
 * report first claims its id with INSERT ... ON CONFLICT DO NOTHING on the
 * reports table's primary key: when two servers (or two threads) get the
 * same report at once, the second insert waits for the first transaction
 * and then inserts nothing, so exactly one of them counts the report and
 * the other answers it as a duplicate.  Then the report is counted into
 * its bucket and the distinct machines, its samples are kept, and one
 * roll_queue row is queued for the rollups (daily and the tables kept
 * from it, daily_bucket, daily_dims, the details lists, the sketches),
 * which the roller writes after the commit (deferred rollups, at the end
 * of this file).
 *
 * Durability: every connection runs with synchronous_commit on, so COMMIT
 * returns only once the WAL is flushed, and a call returns only after the
 * COMMIT of its group.  Concurrent commits also share WAL flushes
 * (PostgreSQL's own group commit: a backend that flushes writes out
 * everything queued before it).
 *
 * Lock order.  Concurrent batches used to deadlock (each deadlock costs
 * deadlock_timeout, a second, and a retry): their reports reach the same
 * bucket rows in different orders.  So a transaction takes its row locks
 * in one global order: the reports sorted by bucket (buckets, machines,
 * samples); the queue rows it inserts are new rows nobody else locks.
 * The rollups' rows, which every report of a day shares whatever its
 * bucket, are written only by the rollers, one at a time.  A deadlock or
 * serialisation failure left (a new dims tuple inserted by two at once)
 * rolls the whole call back and runs it again (at most PG_RETRIES times).
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "hll.h"
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
	" $36, $37)"
#define PIPELINE_CHUNK 64 /* reports sent before their results are read */

/* What a pipelined report still needs: its response, matched afterwards. */
struct pending {
	bool need;
	char kernel[65];
	char modver[65];
};

/*
 * One report of a group transaction, with what its call passed: a group
 * holds the reports of every call it took (pg_ingest()), each with its
 * token, receipt time and result.
 */
struct item {
	const struct report *r;
	int64_t token_id, received;
	bool keep_samples;
	struct store_result *res;
	struct pending pend;
};

/* Text that must outlive a report's parameters until they are sent. */
struct ingest_args {
	struct pg_params p;
	char symbol[200], osver[32], file[72];
};

/* The parameters of bugcheck_ingest() for @it. */
static void ingest_params(const struct item *it, struct ingest_args *a)
{
	const struct report *r = it->r;
	int64_t day = r->crash_time / 86400;
	struct pg_params *p = &a->p;
	const char *appver;

	p->n = 0;
	p->overflow = false;
	snprintf(a->symbol, sizeof(a->symbol), "%s!%s", r->image, r->function);
	dims_of(r, a->file, sizeof(a->file), &appver, a->osver,
		sizeof(a->osver));
	pgp_str(p, r->report_id);
	pgp_int(p, it->token_id);
	pgp_int(p, it->received);
	pgp_str(p, it->keep_samples ? "t" : "f");
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
	pgp_str(p, it->keep_samples ? r->record : "");
	pgp_int(p, day);
	pgp_int(p, bucket_week_start(day));
	pgp_int(p, bucket_month_start(day));
	pgp_int(p, r->hits ? (int64_t)r->hits : 1);
	pgp_int(p, r->count ? (int64_t)r->count : 1);
	pgp_int(p, r->weight ? (int64_t)r->weight : 1);
	/* the roller's sketches (hll.h) */
	pgp_int(p, (int64_t)hll_hash(r->machine_id, strlen(r->machine_id)));
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

/*
 * Reads one command's results (up to its NULL); 0 or -errno: -ESRCH when
 * a prepared statement is missing on the connection (SQLSTATE 26000:
 * prepare them and run the transaction again).
 */
static int command_result(PGconn *c, struct item *it, uint64_t *ret_used)
{
	PGresult *q;
	int e = 0;

	while ((q = PQgetResult(c))) {
		int st = PQresultStatus(q);
		const char *code = PQresultErrorField(q, PG_DIAG_SQLSTATE);

		if (e) {
			/* only the first error counts */
		} else if (st == PGRES_TUPLES_OK && it) {
			e = ingest_result(q, it->res, &it->pend.need,
					  it->pend.kernel, it->pend.modver);
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
		} else if (code && !strcmp(code, "26000")) {
			e = -ESRCH;
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
static size_t *lock_order(const struct item *it, size_t n)
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
			if (!strcmp(it[j].r->report_id, it[i].r->report_id)) {
				first = j;
				break;
			}
		k[i] = (struct ord_key){ .bucket = it[first].r->bucket_key,
					 .idx = i };
	}
	qsort(k, n, sizeof(*k), ord_cmp);
	for (size_t i = 0; i < n; i++)
		ord[i] = k[i].idx;
	free(k);
	return ord;
}

/*
 * The rollups are deferred (issue 15; migration 15): bugcheck_ingest()
 * queues one roll_queue row per report it stores, with what the roller
 * adds to the rollups; a repeated id is a duplicate and queues nothing.
 */
#define QUOTA_SQL "SELECT bugcheck_quota($1, $2, $3, $4)"

/*
 * The statements every transaction sends, prepared once per connection
 * (parsing and planning them at every call was about a sixth of the
 * backends' CPU during single-report ingest, perf, issue 15).
 */
static const struct {
	const char *name, *sql;
} ingest_stmts[] = {
	{ "bc_ingest", INGEST_SQL },
	{ "bc_quota", QUOTA_SQL },
};

static int prepare_ingest(PGconn *c)
{
	for (size_t i = 0; i < sizeof(ingest_stmts) / sizeof(ingest_stmts[0]);
	     i++) {
		PGresult *q = PQprepare(c, ingest_stmts[i].name,
					ingest_stmts[i].sql, 0, NULL);
		const char *code = PQresultErrorField(q, PG_DIAG_SQLSTATE);
		int st = PQresultStatus(q);

		PQclear(q);
		/* 42P05: prepared already */
		if (st != PGRES_COMMAND_OK && !(code && !strcmp(code, "42P05")))
			return -EIO;
	}
	return 0;
}

static bool send_plain(PGconn *c, const char *sql)
{
	return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

/*
 * A call's quota: @n reports against @token_id's count of @day (with
 * the reports, the whole transaction rolls back over it).
 */
struct quota_req {
	int64_t token_id, day;
	size_t n;
	uint64_t quota, *ret_used;
};

/*
 * The whole group as one transaction in libpq's pipeline mode: BEGIN,
 * the quotas, a bugcheck_ingest() per report and COMMIT are sent before
 * any result is read, so a single report costs one round trip and a
 * batch one per PIPELINE_CHUNK reports (the chunk bounds what sits
 * unread in the socket buffers of this blocking connection).  The first
 * error aborts the rest of its segment; the transaction is then rolled
 * back.
 */
static int ingest_txn(PGconn *c, struct item *it, size_t n,
		      const struct quota_req *qr, size_t nq)
{
	struct ingest_args *a = malloc(sizeof(*a));
	size_t *ord = lock_order(it, n);
	int e = 0;

	if (!a || !ord || !PQenterPipelineMode(c)) {
		e = a && ord ? -EIO : -ENOMEM;
		free(a);
		free(ord);
		return e;
	}
	for (size_t from = 0; from < n && !e; from += PIPELINE_CHUNK) {
		size_t to = n - from < PIPELINE_CHUNK ? n :
							from + PIPELINE_CHUNK;
		bool first = from == 0, last = to == n, sent = true;

		if (first) {
			sent = send_plain(c, "BEGIN");
			for (size_t k = 0; k < nq && sent; k++) {
				struct pg_params p = { 0 };

				if (!qr[k].quota)
					continue;
				pgp_int(&p, qr[k].token_id);
				pgp_int(&p, qr[k].day);
				pgp_int(&p, (int64_t)qr[k].n);
				pgp_int(&p, (int64_t)qr[k].quota);
				sent = PQsendQueryPrepared(c, "bc_quota", p.n,
							   p.v, NULL, NULL, 0);
			}
		}
		for (size_t i = from; i < to && sent; i++) {
			ingest_params(&it[ord[i]], a);
			sent = PQsendQueryPrepared(c, "bc_ingest", a->p.n,
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
			e = command_result(c, NULL, NULL);
			for (size_t k = 0; k < nq; k++) {
				int q;

				if (!qr[k].quota)
					continue;
				q = command_result(c, NULL, qr[k].ret_used);
				e = e ? e : q;
			}
		}
		for (size_t i = from; i < to; i++) {
			int x = command_result(c, &it[ord[i]], NULL);

			e = e ? e : x;
		}
		if (last) {
			/* COMMIT */
			int x = command_result(c, NULL, NULL);

			e = e ? e : x;
		}
		segment_end(c);
	}
	free(a);
	free(ord);
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

/*
 * Runs ingest_txn() until it is neither a deadlock nor a missing
 * prepared statement, then matches the responses of the committed
 * reports whose buckets have some.
 */
static int ingest_run(PGconn *c, struct item *it, size_t n,
		      const struct quota_req *qr, size_t nq)
{
	bool prepared = false;
	int e = -EAGAIN;

	for (int i = 0; i < PG_RETRIES && (e == -EAGAIN || e == -ESRCH); i++) {
		if (e == -ESRCH) {
			if (prepared)
				break;
			prepared = true;
			e = prepare_ingest(c);
			if (e)
				break;
		}
		e = ingest_txn(c, it, n, qr, nq);
	}
	if (e == -ESRCH)
		e = -EIO;
	for (size_t i = 0; i < n && !e; i++)
		if (it[i].pend.need)
			e = pgs_match_response(c, it[i].res->bucket_key,
					       it[i].pend.kernel,
					       it[i].pend.modver, it[i].res);
	return e;
}

static void roll_kick(struct pg_store *s, bool urgent);

/*
 * A call in the group commit (group.h): its reports, token, receipt
 * time, quota and results.
 */
struct pg_call {
	struct group_call gc; /* must be first */
	const struct report *r;
	int64_t token_id, received;
	bool keep_samples;
	uint64_t quota, *ret_used;
	struct store_result *ret;
};

/*
 * group.h's run(): @calls as one transaction on one pooled connection
 * (one COMMIT, one WAL flush: synchronous_commit is on, so the COMMIT is
 * durable and there is no sync(); the group's rows locked in one order,
 * ingest_txn()).  A lone call gets the count before its batch when over
 * its quota; in a group an error of any call fails the group, and
 * group.c runs each call again alone.
 */
static int pg_group_run(void *ctx, struct group_call *calls)
{
	struct pg_store *s = ctx;
	struct item *it;
	struct quota_req *q;
	size_t nq = 0, n = 0, j = 0;
	PGconn *c;
	int e;

	for (struct group_call *k = calls; k; k = k->next) {
		n += k->n;
		nq++;
	}
	it = calloc(n ? n : 1, sizeof(*it));
	q = calloc(nq, sizeof(*q));
	if (!it || !q) {
		free(it);
		free(q);
		return -ENOMEM;
	}
	nq = 0;
	for (struct group_call *k = calls; k; k = k->next) {
		struct pg_call *pc = (struct pg_call *)k;

		q[nq++] = (struct quota_req){
			.token_id = pc->token_id,
			.day = pc->received / 86400,
			.n = k->n,
			.quota = pc->quota,
			.ret_used = calls->next ? NULL : pc->ret_used
		};
		for (size_t i = 0; i < k->n; i++)
			it[j++] =
				(struct item){ .r = &pc->r[i],
					       .token_id = pc->token_id,
					       .received = pc->received,
					       .keep_samples = pc->keep_samples,
					       .res = &pc->ret[i] };
	}
	c = pgs_get(s);
	e = c ? ingest_run(c, it, n, q, nq) : -ECONNREFUSED;
	if (c)
		pgs_put(s, c);
	free(it);
	free(q);
	if (!e)
		roll_kick(s, false);
	return e;
}

const struct group_ops pgs_group_ops = { .run = pg_group_run };

int pg_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret)
{
	struct pg_call me = { .gc.n = n,
			      .r = r,
			      .token_id = token_id,
			      .received = received,
			      .keep_samples = keep_samples,
			      .quota = quota,
			      .ret_used = ret_used,
			      .ret = ret };
	int e = group_submit(&to_pg(base)->group, &me.gc);

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
		"DELETE FROM roll_queue WHERE day < $1",
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
	/*
	 * The rollers' lock first: no roll runs meanwhile, and the old days'
	 * queued reports go with their rollups (rolled after, they would
	 * bring the rows back).
	 */
	e = pgs_cmd(c, "BEGIN");
	if (!e)
		e = pgs_cmd(c,
			    "SELECT pg_advisory_xact_lock(" PG_ROLL_LOCK ")");
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

/*
 * Deferred rollups (issue 15), as SQLite's (store_sqlite_ingest.c): an
 * ingest commits its reports and their roll_queue rows and is answered;
 * the roller, a thread of each store, takes up to ROLLER_MAX queued rows
 * at a time and rolls them up in one transaction (bugcheck_roll(),
 * migration 15).  Several servers on one database each run one; the
 * queue rows a roll deletes are locked until its COMMIT and skipped by
 * the others, so no report is rolled twice, and a crash loses or doubles
 * nothing: the deletion and the rollups commit together.
 */

/* One roller transaction; @ret_n: the queued reports it rolled. */
static int roll_txn(struct pg_store *s, size_t *ret_n)
{
	struct pg_params p = { 0 };
	PGresult *r = NULL;
	PGconn *c;
	int e = -EAGAIN;

	*ret_n = 0;
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	pgp_int(&p, ROLLER_MAX);
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++) {
		PQclear(r);
		r = NULL;
		e = pgs_exec_named(c, "bc_roll", "SELECT bugcheck_roll($1)", &p,
				   &r);
	}
	if (!e && PQntuples(r) == 1)
		*ret_n = (size_t)pg_int(r, 0, 0);
	PQclear(r);
	pgs_put(s, c);
	return e;
}

/*
 * The newest queued report (0: none), or with @upto, whether one
 * <= @upto is still queued (committed, whichever server queued it).
 */
static int queue_probe(PGconn *c, int64_t upto, int64_t *ret)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	if (upto) {
		pgp_int(&p, upto);
		e = pgs_exec_named(c, "bc_queue_left",
				   "SELECT count(*) FROM (SELECT 1 FROM"
				   " roll_queue WHERE seq <= $1 LIMIT 1) x",
				   &p, &r);
	} else {
		e = pgs_exec_named(
			c, "bc_queue_max",
			"SELECT coalesce(max(seq), 0) FROM roll_queue", NULL,
			&r);
	}
	if (e)
		return e;
	*ret = PQntuples(r) == 1 ? pg_int(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

/* The queue as the roller (roller.h) sees it, on a pooled connection. */
static int pool_probe(void *ctx, int64_t upto, int64_t *ret)
{
	struct pg_store *s = ctx;
	PGconn *c = pgs_get(s);
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = queue_probe(c, upto, ret);
	pgs_put(s, c);
	return e;
}

static int roll_txn_cb(void *ctx, size_t *ret_n)
{
	return roll_txn(ctx, ret_n);
}

static void roll_kick(struct pg_store *s, bool urgent)
{
	roller_kick(&s->roller, urgent);
}

int pgs_roll_start(struct pg_store *s)
{
	/*
	 * A read replica takes no ingest and refuses the roller's writes;
	 * the primary's rollers empty the queue it replicates.
	 */
	if (s->standby)
		return 0;
	return roller_start(&s->roller, roll_txn_cb, s);
}

void pgs_roll_stop(struct pg_store *s)
{
	roller_stop(&s->roller, pool_probe, s);
}

/* Read-your-writes (store.h settle), roller.h. */
int pg_settle(struct store *base)
{
	struct pg_store *s = to_pg(base);

	/* a replica's answers lag the primary anyway (docs/server.md) */
	if (s->standby)
		return 0;
	return roller_settle(&s->roller, pool_probe, s);
}

void pg_roll_stats(struct store *base, struct roll_stats *ret)
{
	roller_stats(&to_pg(base)->roller, ret);
}
