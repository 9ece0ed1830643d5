// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend: failurehits over the daily rollups, the per-bucket
 * views (details, stack, sample record, top) and responses.  Everything
 * here reads through the calling thread's read-only connection except
 * response_add, which writes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store_sqlite.h"
#include "log.h"

/*
 * Column of each field.  b = buckets, m = dims.  Only these fixed strings
 * ever become SQL text; values are bound.
 */
static const char *const field_col[QF_COUNT] = {
	[QF_PRODUCT_NAME] = "b.image",
	[QF_FILE_NAME] = "m.file_name",
	[QF_APPLICATION_VERSION] = "m.app_version",
	[QF_FAILURE_NAME] = "b.failure_name",
	[QF_FAILURE_HASH] = "b.hash",
	[QF_SYMBOL] = "b.symbol",
	[QF_OS_VERSION] = "m.os_version",
	[QF_OS_BUILD] = "m.os_build",
	[QF_OS_RELEASE] = "m.os_release",
	[QF_EVENT_TYPE] = "m.event_type",
	[QF_MARKET] = "m.market",
	[QF_DEVICE_TYPE] = "m.device_type",
};

static bool is_dim_field(enum query_field f)
{
	return field_col[f] && field_col[f][0] == 'm';
}

struct sql {
	char buf[32768];
	size_t len;
	bool overflow;
	const char *dimcol; /* STORE_PLAN_BDIM: the dimension's column */
	/*
	 * Weeks and months: the period rollups' derived tables
	 * (store_period_from()) of daily_bucket (bsrc) and of the plan's
	 * rollup (msrc, NULL when it has none), which replace the table and
	 * its day range; groups then keep sum > 0 only.
	 */
	const char *bsrc, *msrc;
	const char *binds[2 * (QUERY_TERMS_MAX + STORE_MODULES_MAX)];
	size_t n_binds;
};

__attribute__((format(printf, 2, 3))) static void put(struct sql *q,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (q->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(q->buf + q->len, sizeof(q->buf) - q->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(q->buf) - q->len)
		q->overflow = true;
	else
		q->len += n;
}

static void put_bind(struct sql *q, const char *v)
{
	if (q->n_binds >= sizeof(q->binds) / sizeof(q->binds[0])) {
		q->overflow = true;
		return;
	}
	q->binds[q->n_binds++] = v;
	put(q, "?%zu", q->n_binds + 2); /* ?1, ?2 are the day range */
}

static bool filter_uses_dims(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_EQ || n->kind == QN_NE)
		return is_dim_field(n->field);
	return filter_uses_dims(n->left) || filter_uses_dims(n->right);
}

/* The column of @f: field_col, or daily_bdim's value for its dimension. */
static const char *col(const struct sql *q, enum query_field f)
{
	return q->dimcol && is_dim_field(f) ? q->dimcol : field_col[f];
}

static void put_filter(struct sql *q, const struct query_node *n)
{
	switch (n->kind) {
	case QN_EQ:
	case QN_NE:
		put(q, "%s %s ", col(q, n->field),
		    n->kind == QN_EQ ? "=" : "<>");
		put_bind(q, n->value);
		break;
	case QN_AND:
	case QN_OR:
		put(q, "(");
		put_filter(q, n->left);
		put(q, n->kind == QN_AND ? " AND " : " OR ");
		put_filter(q, n->right);
		put(q, ")");
		break;
	}
}

static void put_scope(struct sql *q, const struct store_scope *scope)
{
	if (scope->all)
		return;
	put(q, " AND b.image IN (");
	if (!scope->n_modules)
		put(q, "NULL");
	for (size_t i = 0; i < scope->n_modules; i++) {
		if (i)
			put(q, ", ");
		put_bind(q, scope->modules[i]);
	}
	put(q, ")");
}

static bool filter_uses_bucket(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_EQ || n->kind == QN_NE)
		return !is_dim_field(n->field);
	return filter_uses_bucket(n->left) || filter_uses_bucket(n->right);
}

/*
 * Fast path for the most common analytics view: rows keyed by failureHash
 * (plus date), no per-report dimension, sorted by date and/or eventCount.
 * Aggregation, counting and the top-N sort then run on daily_bucket's
 * integers alone; the scope and any bucket-field filter become one
 * "bucket_id IN (SELECT ...)" set, and buckets is joined for the page
 * rows only.  Ties are broken by bucket id instead of hash.
 */
static bool fast_path_ok(const struct query *qr)
{
	if (!qr->group[QF_FAILURE_HASH])
		return false;
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		if (qr->order[i] != QF_DATE && qr->order[i] != QF_EVENT_COUNT)
			return false;
	return true;
}

static void put_bucket_set(struct sql *q, const struct query *qr,
			   const struct store_scope *scope)
{
	if (scope->all && !qr->filter)
		return;
	put(q, " AND d.bucket_id IN (SELECT b.id FROM buckets b WHERE 1");
	put_scope(q, scope);
	if (qr->filter) {
		put(q, " AND ");
		put_filter(q, qr->filter);
	}
	put(q, ")");
}

/*
 * The spec's bucket limit: at week and month level, rows grouped by
 * failureHash or failureName cover only the STORE_BUCKETS_MAX buckets with
 * the most hits in the date range, within scope and filter.
 */
static void put_bucket_limit(struct sql *q, const struct query *qr,
			     const struct store_scope *scope,
			     enum store_plan plan, int kind)
{
	bool dims = filter_uses_dims(qr->filter);
	const char *outer = q->dimcol;

	if (qr->agg == QA_DAY ||
	    !(qr->group[QF_FAILURE_HASH] || qr->group[QF_FAILURE_NAME]))
		return;
	/*
	 * CROSS JOIN keeps SQLite scanning the day range once; the unary +
	 * keeps it from driving the outer scan by the 1,000 ids.
	 */
	const char *src = !dims			  ? q->bsrc :
			  plan == STORE_PLAN_BDIM ? q->msrc :
						    NULL;

	/* buckets only for the scope or a filter that names its fields */
	bool join_b = !scope->all || filter_uses_bucket(qr->filter);

	put(q, " AND +d.bucket_id IN (SELECT %s FROM %s t",
	    join_b ? "b.id" : "t.bucket_id",
	    src			    ? src :
	    !dims		    ? "daily_bucket" :
	    plan == STORE_PLAN_BDIM ? "daily_bdim" :
				      "daily");
	if (join_b)
		put(q, " CROSS JOIN buckets b ON b.id = t.bucket_id");
	if (dims && plan != STORE_PLAN_BDIM)
		put(q, " CROSS JOIN dims m ON m.id = t.dim_id");
	put(q, "%s", src ? " WHERE 1" : " WHERE t.day BETWEEN ?1 AND ?2");
	if (dims && plan == STORE_PLAN_BDIM)
		put(q, " AND t.kind = %d", kind);
	put_scope(q, scope);
	if (qr->filter) {
		put(q, " AND ");
		q->dimcol = outer ? "t.value" : NULL;
		put_filter(q, qr->filter);
		q->dimcol = outer;
	}
	put(q, " GROUP BY 1%s ORDER BY sum(t.hits) DESC, 1 LIMIT %d)",
	    src ? " HAVING sum(t.hits) > 0" : "", STORE_BUCKETS_MAX);
}

static void put_fast_order(struct sql *q, const struct query *qr,
			   const char *prefix)
{
	put(q, " ORDER BY ");
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		put(q, "%s%s%s %s", i ? ", " : "", prefix,
		    qr->order[i] == QF_DATE ? "p" : "c",
		    qr->order_desc[i] ? "DESC" : "ASC");
	put(q, "%s%sp ASC, %sbid ASC", qr->n_explicit ? ", " : "", prefix,
	    prefix);
}

/*
 * BUGCHECK_QUERY_STATS=1 in the environment logs each failurehits
 * statement with SQLite's counters of the work it did
 * (sqlite3_stmt_status()): virtual machine steps, full-scan steps and
 * sorts.  They do not depend on the machine's load, unlike latencies
 * (tests/bench-server.sh, issue 15).  The SQL holds no client value.
 */
static void query_stats(sqlite3_stmt *st)
{
	static int on = -1;

	if (__atomic_load_n(&on, __ATOMIC_RELAXED) < 0)
		__atomic_store_n(&on, getenv("BUGCHECK_QUERY_STATS") != NULL,
				 __ATOMIC_RELAXED);
	if (!__atomic_load_n(&on, __ATOMIC_RELAXED))
		return;
	bc_log(LOG_INFO,
	       "failurehits statement: %d VM steps, %d full-scan steps,"
	       " %d sorts: %s\n",
	       sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0),
	       sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
	       sqlite3_stmt_status(st, SQLITE_STMTSTATUS_SORT, 0),
	       sqlite3_sql(st));
}

static int step_count(sqlite3 *db, struct sql *q, const struct query *qr,
		      uint64_t *ret)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, q->buf, (int)q->len + 1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, qr->start_day);
	sqlite3_bind_int64(st, 2, qr->end_day);
	for (size_t i = 0; i < q->n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, q->binds[i], -1,
				  SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int64(st, 0);
	query_stats(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -EIO;
}

/*
 * Two statements share one FROM/WHERE/GROUP BY core: a count of the
 * groups (TotalCount), which joins buckets only when the filter, the scope
 * or the grouping needs a bucket column, and the page itself, ordered and
 * cut with LIMIT/OFFSET so SQLite keeps only a top-N sorter.
 */
/*
 * The grouped fields' columns after the period (result column 0): fills
 * @colidx with each field's result column, -1 when not selected, and the
 * date and count positions; returns the column count without the count.
 */
static int put_group_cols(struct sql *q, const struct query *qr,
			  int colidx[QF_COUNT])
{
	int ncol = 1;

	for (int f = 0; f < QF_COUNT; f++) {
		colidx[f] = -1;
		if (!qr->group[f] || !field_col[f])
			continue;
		put(q, ", %s", col(q, f));
		colidx[f] = ncol++;
	}
	colidx[QF_DATE] = 0;
	colidx[QF_EVENT_COUNT] = ncol;
	return ncol;
}

/* Both statements of one failurehits request and how to read its rows. */
struct hits_sql {
	struct sql q; /* the page */
	struct sql cnt; /* the number of rows in all */
	int colidx[QF_COUNT];
	int ncol;
	bool window; /* the page carries the total in column ncol + 1 */
	int mcol; /* the distinct machines' column, 0 if not asked for */
	char bsrc[1024], msrc[1024]; /* sql.bsrc and sql.msrc */
};

/* QA_ALL: one period, labelled with the first day (?1) */
static const char *const period_col[] = { [QA_DAY] = "d.day",
					  [QA_WEEK] = "d.week",
					  [QA_MONTH] = "d.month",
					  [QA_ALL] = "?1" };

/*
 * Distinct machines: the rollup's sketch table (store_sqlite_hll.c;
 * BUCKET and FULL plans only), joined on its key; a row without one (none in practice: ingest writes
 * both) or with a NULL sketch makes the group's count unknown.
 */
static void put_hll_join(struct sql *q, enum store_plan plan)
{
	static const char *const join[] = {
		[STORE_PLAN_BUCKET] = " LEFT JOIN daily_bucket_hll h"
				      " ON h.day = d.day"
				      " AND h.bucket_id = d.bucket_id",
		[STORE_PLAN_FULL] = " LEFT JOIN daily_hll h ON h.day = d.day"
				    " AND h.bucket_id = d.bucket_id"
				    " AND h.dim_id = d.dim_id",
	};

	put(q, "%s", join[plan]);
}

/*
 * Fast path (see fast_path_ok()).  For weeks and months the window count
 * rides along with the page, so the (sorted) groups are built once; the
 * count query then runs only for a page past the end.  Day groups follow
 * daily_bucket's key order, so counting them apart is cheaper than
 * materialising them for the window.
 */
/*
 * Days in the default order (date, then eventCount descending): every
 * daily_bucket row is its own group, and daily_bucket_top holds them in
 * that order, so the page reads skip + top index entries and the total
 * is the sum of daily_bucket_days over the range (without a bucket set;
 * with one it is counted as before).
 */
static bool day_index_ok(const struct query *qr)
{
	return qr->agg == QA_DAY && !qr->machines && qr->n_explicit == 2 &&
	       qr->order[0] == QF_DATE && !qr->order_desc[0] &&
	       qr->order[1] == QF_EVENT_COUNT && qr->order_desc[1];
}

static void build_day_index(struct hits_sql *h, const struct query *qr,
			    const struct store_scope *scope)
{
	struct sql *q = &h->q, *cnt = &h->cnt;

	put(q, "SELECT x.p");
	h->ncol = put_group_cols(q, qr, h->colidx);
	put(q, ", x.c, x.n FROM (SELECT d.day p, d.bucket_id bid, d.hits c,"
	       " 0 n FROM daily_bucket d INDEXED BY daily_bucket_top"
	       " WHERE d.day BETWEEN ?1 AND ?2");
	put_bucket_set(q, qr, scope);
	put(q,
	    " ORDER BY d.day, d.hits DESC, d.bucket_id"
	    " LIMIT ?%zu OFFSET ?%zu) x JOIN buckets b ON b.id = x.bid",
	    q->n_binds + 3, q->n_binds + 4);
	put_fast_order(q, qr, "x.");
	if (scope->all && !qr->filter) {
		put(cnt, "SELECT coalesce(sum(buckets), 0)"
			 " FROM daily_bucket_days WHERE day BETWEEN ?1 AND ?2");
		return;
	}
	put(cnt, "SELECT count(*) FROM daily_bucket d"
		 " WHERE d.day BETWEEN ?1 AND ?2");
	put_bucket_set(cnt, qr, scope);
}

static void build_fast(struct hits_sql *h, const struct query *qr,
		       const struct store_scope *scope)
{
	struct sql *q = &h->q, *cnt = &h->cnt;

	if (day_index_ok(qr)) {
		build_day_index(h, qr, scope);
		return;
	}
	put(q, "SELECT x.p");
	h->ncol = put_group_cols(q, qr, h->colidx);
	h->window = qr->agg != QA_DAY;
	if (qr->machines)
		h->mcol = h->ncol + 2;
	put(q,
	    ", x.c, x.n%s FROM (SELECT p, bid, c, %s n%s"
	    " FROM (SELECT %s p, d.bucket_id bid, sum(d.hits) c%s"
	    " FROM %s d",
	    qr->machines ? ", x.mc" : "", h->window ? "count(*) OVER ()" : "0",
	    qr->machines ? ", mc" : "", period_col[qr->agg],
	    qr->machines ? ", hll_distinct(h.hll) mc" : "",
	    q->msrc ? q->msrc : "daily_bucket");
	if (qr->machines)
		put_hll_join(q, STORE_PLAN_BUCKET);
	put(q, "%s", q->msrc ? " WHERE 1" : " WHERE d.day BETWEEN ?1 AND ?2");
	put_bucket_set(q, qr, scope);
	put_bucket_limit(q, qr, scope, STORE_PLAN_BUCKET, 0);
	put(q, " GROUP BY 1, 2%s)", q->msrc ? " HAVING sum(d.hits) > 0" : "");
	put_fast_order(q, qr, "");
	put(q,
	    " LIMIT ?%zu OFFSET ?%zu) x"
	    " JOIN buckets b ON b.id = x.bid",
	    q->n_binds + 3, q->n_binds + 4);
	put_fast_order(q, qr, "x.");
	put(cnt, "SELECT count(*) FROM (SELECT 1 FROM %s d%s",
	    cnt->msrc ? cnt->msrc : "daily_bucket",
	    cnt->msrc ? " WHERE 1" : " WHERE d.day BETWEEN ?1 AND ?2");
	put_bucket_set(cnt, qr, scope);
	put_bucket_limit(cnt, qr, scope, STORE_PLAN_BUCKET, 0);
	put(cnt, " GROUP BY %s, d.bucket_id%s)", period_col[qr->agg],
	    cnt->msrc ? " HAVING sum(d.hits) > 0" : "");
}

/*
 * The conjuncts of the filter (its operands under top-level ANDs) that
 * name bucket fields only (@bucket_only) or the others, each as
 * " AND (...)".
 */
static void put_conjuncts(struct sql *q, const struct query_node *n,
			  bool bucket_only)
{
	if (n->kind == QN_AND) {
		put_conjuncts(q, n->left, bucket_only);
		put_conjuncts(q, n->right, bucket_only);
		return;
	}
	if (!filter_uses_dims(n) != bucket_only)
		return;
	put(q, " AND ");
	put_filter(q, n);
}

/* Whether some conjunct of @n names bucket fields only. */
static bool has_bucket_conjunct(const struct query_node *n)
{
	if (n->kind == QN_AND)
		return has_bucket_conjunct(n->left) ||
		       has_bucket_conjunct(n->right);
	return !filter_uses_dims(n);
}

/* Whether some conjunct that stays per row still names a bucket field. */
static bool row_filter_uses_bucket(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_AND)
		return row_filter_uses_bucket(n->left) ||
		       row_filter_uses_bucket(n->right);
	return filter_uses_dims(n) && filter_uses_bucket(n);
}

/*
 * BUGCHECK_QUERY_SEEK=off in the environment keeps a vendor's scope as a
 * join with buckets on every row (the reference of the seek form in
 * tests/server_api.py).
 */
static bool seek_ok(void)
{
	static int off = -1;

	if (__atomic_load_n(&off, __ATOMIC_RELAXED) < 0) {
		const char *v = getenv("BUGCHECK_QUERY_SEEK");

		__atomic_store_n(&off, v && !strcmp(v, "off"),
				 __ATOMIC_RELAXED);
	}
	return __atomic_load_n(&off, __ATOMIC_RELAXED) != 1;
}

/*
 * Every other query: the page and the count share one FROM/WHERE/GROUP BY
 * core over the rollup of @plan (store.h): daily_bucket, daily_dims (no
 * bucket column, about as many rows per day as there are dims tuples),
 * daily_bdim of dimension @dim (one row per day, bucket and value of that
 * dimension) or daily joined with dims.  Both join buckets only when the
 * per-row part of the filter, the scope or the grouping (for the page,
 * also a shown bucket column) needs a bucket column.  A
 * bucket id stands for its hash, so grouping by failureHash groups by the
 * integer id, and the bucket's other fields depend on it.
 */
static void build_general(struct hits_sql *h, const struct query *qr,
			  const struct store_scope *scope, enum store_plan plan,
			  enum query_field dim)
{
	static const char *const table[] = {
		[STORE_PLAN_BUCKET] = "daily_bucket",
		[STORE_PLAN_DIMS] = "daily_dims",
		[STORE_PLAN_BDIM] = "daily_bdim",
		[STORE_PLAN_FULL] = "daily",
	};
	bool by_bucket = qr->group[QF_FAILURE_HASH];
	/*
	 * A vendor's scope on daily or daily_bdim over a window of days: the
	 * window as its list of days and the scope as a set of bucket ids,
	 * so that the table's key (day, bucket, ...) is sought per day and
	 * bucket of the vendor instead of every row of the window joined
	 * with buckets.
	 */
	bool seek = seek_ok() && !scope->all && !h->q.msrc &&
		    (plan == STORE_PLAN_FULL || plan == STORE_PLAN_BDIM) &&
		    qr->end_day >= qr->start_day &&
		    qr->end_day - qr->start_day < STORE_BLOCK_WINDOW_MAX;
	bool need_b = (!scope->all && !seek) ||
		      row_filter_uses_bucket(qr->filter);
	bool bdim = plan == STORE_PLAN_BDIM;
	struct sql *q = &h->q;

	for (int f = 0; f < QF_COUNT; f++)
		if (qr->group[f] && field_col[f] && !is_dim_field(f) &&
		    !by_bucket)
			need_b = true;
	q->dimcol = h->cnt.dimcol = bdim ? "d.value" : NULL;
	put(q, "SELECT %s", period_col[qr->agg]);
	h->ncol = put_group_cols(q, qr, h->colidx);
	/*
	 * The number of groups rides along with the page (the sort has
	 * every group in hand anyway), so a full first page does not
	 * aggregate the range a second time for its total; not for days by
	 * bucket, whose many groups cost more in the window than counted.
	 */
	h->window = qr->agg != QA_DAY || !by_bucket;
	put(q, ", sum(d.hits)%s", h->window ? ", count(*) OVER ()" : "");
	if (qr->machines) {
		put(q, ", hll_distinct(h.hll)");
		h->mcol = h->ncol + 1 + h->window;
	}
	put(&h->cnt, "SELECT count(*) FROM (SELECT 1");
	for (int pass = 0; pass < 2; pass++) {
		struct sql *o = pass ? &h->cnt : q;

		put(o, " FROM %s d", o->msrc ? o->msrc : table[plan]);
		/* the page reads bucket columns only when it shows one */
		if (plan != STORE_PLAN_DIMS && (need_b || (!pass && by_bucket)))
			put(o, " JOIN buckets b ON b.id = d.bucket_id");
		if (plan == STORE_PLAN_DIMS || plan == STORE_PLAN_FULL)
			put(o, " JOIN dims m ON m.id = d.dim_id");
		if (!pass && qr->machines)
			put_hll_join(o, plan);
		if (seek)
			put(o, " WHERE d.day IN (WITH RECURSIVE w(x) AS"
			       " (SELECT ?1 UNION ALL SELECT x + 1 FROM w"
			       " WHERE x < ?2) SELECT x FROM w)");
		else
			put(o, "%s",
			    o->msrc ? " WHERE 1" :
				      " WHERE d.day BETWEEN ?1 AND ?2");
		if (bdim)
			put(o, " AND d.kind = %d", store_bdim_kind(dim));
		if (seek) {
			put(o, " AND d.bucket_id IN (SELECT b.id FROM buckets b"
			       " WHERE 1");
			put_scope(o, scope);
			put(o, ")");
		} else {
			put_scope(o, scope);
		}
		/*
		 * Conjuncts on bucket fields alone (the dashboard's set of
		 * failure hashes) become one set of bucket ids, looked up
		 * once through the buckets' indexes instead of joined and
		 * tested on every rollup row; the rest stay per row.
		 */
		if (qr->filter && has_bucket_conjunct(qr->filter)) {
			put(o, " AND d.bucket_id IN (SELECT b.id FROM buckets b"
			       " WHERE 1");
			put_conjuncts(o, qr->filter, true);
			put(o, ")");
		}
		/*
		 * daily_dims: the dims rows the filter keeps become one set
		 * of ids, each read by daily_dims_dim (dim_id, day) over the
		 * range, instead of every dims row of every day joined and
		 * tested.
		 */
		if (qr->filter && plan == STORE_PLAN_DIMS) {
			put(o, " AND d.dim_id IN (SELECT m.id FROM dims m"
			       " WHERE 1");
			put_conjuncts(o, qr->filter, false);
			put(o, ")");
		} else if (qr->filter) {
			put_conjuncts(o, qr->filter, false);
		}
		put_bucket_limit(o, qr, scope, plan, store_bdim_kind(dim));
		put(o, " GROUP BY %s", period_col[qr->agg]);
		if (by_bucket)
			put(o, ", d.bucket_id");
		for (int f = 0; f < QF_COUNT; f++) {
			if (h->colidx[f] <= 0 || f == QF_EVENT_COUNT)
				continue;
			if (by_bucket && !is_dim_field(f))
				continue;
			put(o, ", %s", col(o, f));
		}
		if (o->msrc)
			put(o, " HAVING sum(d.hits) > 0");
	}
	put(&h->cnt, ")");
	put(q, " ORDER BY ");
	for (unsigned int i = 0; i < qr->n_order; i++)
		put(q, "%s%d %s", i ? ", " : "", h->colidx[qr->order[i]] + 1,
		    qr->order_desc[i] ? "DESC" : "ASC");
	put(q, " LIMIT ?%zu OFFSET ?%zu", q->n_binds + 3, q->n_binds + 4);
}

/*
 * Steps the page, calling @cb per row; the total from the window or cnt.
 * A first page shorter than @top holds every group, so its length is the
 * total and the count is not run; past the first page the count runs
 * first, and a page past the end is not run at all.
 */
static int run_hits(sqlite3 *db, struct hits_sql *h, const struct query *qr,
		    store_row_cb cb, void *data, uint64_t *ret_total)
{
	bool have_total = false;
	sqlite3_stmt *st = NULL;
	uint64_t total = 0, rows = 0;
	int rc, e = 0;

	if (!h->window && qr->skip) {
		e = step_count(db, &h->cnt, qr, &total);
		if (e)
			return e;
		have_total = true;
		*ret_total = total;
		if (qr->skip >= total)
			return 0;
	}
	rc = sqlite3_prepare_v2(db, h->q.buf, (int)h->q.len + 1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, qr->start_day);
	sqlite3_bind_int64(st, 2, qr->end_day);
	for (size_t i = 0; i < h->q.n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, h->q.binds[i], -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(st, (int)h->q.n_binds + 3, qr->top);
	sqlite3_bind_int64(st, (int)h->q.n_binds + 4, qr->skip);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_row row = { 0 };

		row.date = sqlite3_column_int64(st, 0);
		for (int f = 0; f < QF_COUNT; f++)
			if (h->colidx[f] > 0 && f != QF_EVENT_COUNT)
				row.field[f] = col_text(st, h->colidx[f]);
		row.event_count = sqlite3_column_int64(st, h->ncol);
		if (h->mcol &&
		    sqlite3_column_type(st, h->mcol) != SQLITE_NULL) {
			row.machines_known = true;
			row.machines = sqlite3_column_int64(st, h->mcol);
		}
		if (h->window && !have_total) {
			total = sqlite3_column_int64(st, h->ncol + 1);
			have_total = true;
		}
		rows++;
		e = cb(&row, data);
		if (e)
			break;
	}
	if (!e && rc != SQLITE_DONE)
		e = sqs_err_of(rc) ? sqs_err_of(rc) : -EIO;
	query_stats(st);
	sqlite3_finalize(st);
	if (!e && !have_total && !qr->skip && rows < qr->top) {
		total = rows;
		have_total = true;
	}
	if (!e && !have_total)
		e = step_count(db, &h->cnt, qr, &total);
	if (!e)
		*ret_total = total;
	return e;
}

/* daily_bucket's rows on days [from, to], for store_period_plan() */
static int64_t day_rows(void *ctx, int64_t from, int64_t to)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (sqlite3_prepare_v2(ctx,
			       "SELECT coalesce(sum(buckets), 0)"
			       " FROM daily_bucket_days"
			       " WHERE day BETWEEN ?1 AND ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Weeks and months without distinct machines read the period rollups
 * (store_period_sources()); the count reads the same tables as the page.
 */
static int period_sources(sqlite3 *db, struct hits_sql *h,
			  const struct query *qr, enum store_plan plan,
			  enum query_field dim)
{
	int e = store_period_sources(qr, plan, dim, day_rows, db, &h->bsrc,
				     &h->msrc, &h->q.bsrc, &h->q.msrc);

	h->cnt.bsrc = h->q.bsrc;
	h->cnt.msrc = h->q.msrc;
	return e;
}

/*
 * Prepares @q, a query over the window's months (?1, ?2: the first days
 * of the first and last month; the filter's values after them).
 */
static int prepare_months(sqlite3 *db, const struct sql *q,
			  const struct query *qr, sqlite3_stmt **ret)
{
	if (q->overflow)
		return -E2BIG;
	if (sqlite3_prepare_v2(db, q->buf, (int)q->len + 1, ret, NULL) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(*ret, 1, bucket_month_start(qr->start_day));
	sqlite3_bind_int64(*ret, 2, bucket_month_start(qr->end_day));
	for (size_t i = 0; i < q->n_binds; i++)
		sqlite3_bind_text(*ret, (int)i + 3, q->binds[i], -1,
				  SQLITE_STATIC);
	return 0;
}

/*
 * failurehits by failureHash from monthly_bucket.days (store.h,
 * store_blocks.c): the window's months within the scope and filter,
 * ranked and paged in C, then the page's buckets by id.  -EAGAIN: a
 * malformed row, answer by SQL.
 */
static int run_blocks(sqlite3 *db, const struct query *qr,
		      const struct store_scope *scope, store_row_cb cb,
		      void *data, uint64_t *ret_total)
{
	struct sql *q = calloc(1, sizeof(*q));
	struct store_blocks *b = store_blocks_new(qr);
	struct store_block_group *page = NULL;
	int colidx[QF_COUNT], ncol;
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	uint64_t total = 0;
	int rc, e = 0;

	if (!q || !b) {
		e = -ENOMEM;
		goto out;
	}
	put(q, "SELECT d.bucket_id, d.month, d.days FROM monthly_bucket d"
	       " WHERE d.month BETWEEN ?1 AND ?2");
	put_bucket_set(q, qr, scope);
	/* the key's order, which store_blocks_page() merges */
	put(q, " ORDER BY d.month, d.bucket_id");
	e = prepare_months(db, q, qr, &st);
	if (e)
		goto out;
	/* as a blob: the text would be copied to add its NUL */
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *days = sqlite3_column_blob(st, 2);

		e = store_blocks_add(b, sqlite3_column_int64(st, 0),
				     sqlite3_column_int64(st, 1), 0,
				     days ? days : "",
				     sqlite3_column_bytes(st, 2));
	}
	if (!e && rc != SQLITE_DONE)
		e = sqs_err_of(rc) ? sqs_err_of(rc) : -EIO;
	query_stats(st);
	sqlite3_finalize(st);
	st = NULL;
	if (!e)
		e = store_blocks_page(b, &page, &n, &total);
	if (e)
		goto out;
	/* the page's buckets */
	memset(q, 0, sizeof(*q));
	put(q, "SELECT 0");
	ncol = put_group_cols(q, qr, colidx);
	put(q, " FROM buckets b WHERE b.id = ?1");
	if (q->overflow) {
		e = -E2BIG;
		goto out;
	}
	if (n && sqlite3_prepare_v2(db, q->buf, (int)q->len + 1, &st, NULL) !=
			 SQLITE_OK) {
		e = -EIO;
		goto out;
	}
	for (size_t i = 0; i < n && !e; i++) {
		struct store_row row = { 0 };

		sqlite3_bind_int64(st, 1, page[i].bucket_id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			e = -EIO; /* buckets rows are never deleted */
			break;
		}
		row.date = page[i].period;
		for (int f = 0; f < QF_COUNT; f++)
			if (colidx[f] > 0 && colidx[f] < ncol)
				row.field[f] = col_text(st, colidx[f]);
		row.event_count = page[i].count;
		e = cb(&row, data);
		sqlite3_reset(st);
	}
	if (!e)
		*ret_total = total;
	if (st)
		query_stats(st);
out:
	sqlite3_finalize(st);
	free(page);
	store_blocks_free(b);
	free(q);
	return e;
}

/*
 * failurehits by failureHash and one dimension by day (store.h,
 * store_daytop.c): daily_bdim_days for the counts, each batch one
 * statement over daily_bucket_top.
 */
struct sq_daytop {
	sqlite3 *db;
	sqlite3_stmt *batch;
	int kind;
};

static int sq_daytop_counts(void *ctx, int64_t from, int64_t to, uint64_t *n)
{
	struct sq_daytop *d = ctx;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(d->db,
				"SELECT day, n FROM daily_bdim_days"
				" WHERE kind = ?1 AND day BETWEEN ?2 AND ?3",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int(st, 1, d->kind);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0);
		int64_t v = sqlite3_column_int64(st, 1);

		if (day >= from && day <= to && v > 0)
			n[day - from] = (uint64_t)v;
	}
	query_stats(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int sq_daytop_batch(void *ctx, int64_t day, size_t limit, size_t offset,
			   struct daytop *t)
{
	struct sq_daytop *d = ctx;
	sqlite3_stmt *st = d->batch;
	int rc;

	if (!st) {
		rc = sqlite3_prepare_v2(
			d->db,
			"SELECT t.bucket_id, t.hits, b.hash, x.value, x.hits"
			" FROM (SELECT bucket_id, hits FROM daily_bucket"
			" INDEXED BY daily_bucket_top WHERE day = ?1"
			" ORDER BY hits DESC, bucket_id LIMIT ?2 OFFSET ?3) t"
			" JOIN buckets b ON b.id = t.bucket_id"
			" LEFT JOIN daily_bdim x ON x.kind = ?4 AND x.day = ?1"
			" AND x.bucket_id = t.bucket_id"
			" ORDER BY t.hits DESC, t.bucket_id",
			-1, &d->batch, NULL);
		if (rc != SQLITE_OK)
			return -EIO;
		st = d->batch;
	}
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, (int64_t)limit);
	sqlite3_bind_int64(st, 3, (int64_t)offset);
	sqlite3_bind_int(st, 4, d->kind);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		store_daytop_add(t, sqlite3_column_int64(st, 0),
				 sqlite3_column_int64(st, 1), col_text(st, 2),
				 sqlite3_column_type(st, 3) == SQLITE_NULL ?
					 NULL :
					 col_text(st, 3),
				 sqlite3_column_int64(st, 4));
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int run_daytop(sqlite3 *db, const struct query *qr, enum query_field dim,
		      store_row_cb cb, void *data, uint64_t *ret_total)
{
	static const struct store_daytop_ops ops = {
		.counts = sq_daytop_counts,
		.batch = sq_daytop_batch,
	};
	struct sq_daytop d = { .db = db, .kind = store_bdim_kind(dim) };
	int e = store_daytop_run(qr, dim, &ops, &d, cb, data, ret_total);

	if (d.batch)
		query_stats(d.batch); /* every batch's steps */
	sqlite3_finalize(d.batch);
	return e;
}

/*
 * failurehits on per-report dimensions from monthly_dims (store.h,
 * store_dimsagg.c): the window's months of the dims tuples the filter
 * keeps, with their grouped values.  -EAGAIN: answer by SQL.
 */
static int run_dimsagg(sqlite3 *db, const struct query *qr, store_row_cb cb,
		       void *data, uint64_t *ret_total)
{
	struct sql *q = calloc(1, sizeof(*q));
	struct store_dimsagg *a = store_dimsagg_new(qr);
	int colidx[QF_COUNT], ncol;
	sqlite3_stmt *st = NULL;
	int rc, e = 0;

	if (!q || !a) {
		e = -ENOMEM;
		goto out;
	}
	put(q, "SELECT d.month");
	ncol = put_group_cols(q, qr, colidx);
	put(q, ", d.days FROM monthly_dims d JOIN dims m ON m.id = d.dim_id"
	       " WHERE d.month BETWEEN ?1 AND ?2");
	if (qr->filter) {
		put(q, " AND d.dim_id IN (SELECT m.id FROM dims m WHERE ");
		put_filter(q, qr->filter);
		put(q, ")");
	}
	e = prepare_months(db, q, qr, &st);
	if (e)
		goto out;
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[QF_COUNT] = { 0 };
		const char *days = sqlite3_column_blob(st, ncol);

		for (int f = 0; f < QF_COUNT; f++)
			if (colidx[f] > 0 && colidx[f] < ncol)
				v[f] = col_text(st, colidx[f]);
		e = store_dimsagg_add(a, sqlite3_column_int64(st, 0), v,
				      days ? days : "",
				      (size_t)sqlite3_column_bytes(st, ncol));
	}
	if (!e && rc != SQLITE_DONE)
		e = sqs_err_of(rc) ? sqs_err_of(rc) : -EIO;
	query_stats(st);
	if (!e)
		e = store_dimsagg_run(a, cb, data, ret_total);
out:
	sqlite3_finalize(st);
	store_dimsagg_free(a);
	free(q);
	return e;
}

int sq_failurehits(struct store *base, const struct query *qr,
		   const struct store_scope *scope, store_row_cb cb, void *data,
		   uint64_t *ret_total)
{
	struct sqlite_store *s = to_sq(base);
	struct hits_sql *h = calloc(1, sizeof(*h));
	enum query_field dim = QF_DATE;
	enum store_plan plan = store_plan(qr, scope, &dim);
	sqlite3 *db;
	int e;

	if (!h)
		return -ENOMEM;
	db = sqs_reader(s);
	if (!db) {
		free(h);
		return -ENOMEM;
	}
	if (store_dimsagg_ok(qr, plan)) {
		e = run_dimsagg(db, qr, cb, data, ret_total);
		if (e != -EAGAIN) {
			free(h);
			return e;
		}
	}
	if (store_daytop_ok(qr, scope, plan, dim)) {
		free(h);
		return run_daytop(db, qr, dim, cb, data, ret_total);
	}
	if (store_blocks_ok(qr, plan) && !day_index_ok(qr)) {
		e = run_blocks(db, qr, scope, cb, data, ret_total);
		if (e != -EAGAIN) {
			free(h);
			return e;
		}
	}
	e = period_sources(db, h, qr, plan, dim);
	if (e) {
		free(h);
		return e;
	}
	if (plan == STORE_PLAN_BUCKET && fast_path_ok(qr))
		build_fast(h, qr, scope);
	else
		build_general(h, qr, scope, plan, dim);
	if (h->q.overflow || h->cnt.overflow) {
		free(h);
		return -E2BIG;
	}
	e = run_hits(db, h, qr, cb, data, ret_total);
	free(h);
	return e;
}

/* ---------------------------------------------------------------- */
/* Per-bucket views                                                   */
/* ---------------------------------------------------------------- */

/* ---------------------------------------------------------------- */
/* Per-bucket views                                                   */
/* ---------------------------------------------------------------- */

static bool in_scope(const struct store_scope *scope, const char *image)
{
	if (scope->all)
		return true;
	for (size_t i = 0; i < scope->n_modules; i++)
		if (!strcmp(scope->modules[i], image))
			return true;
	return false;
}

/*
 * Looks the bucket up and checks the scope; on success the statement
 * holds the row.  Out-of-scope buckets look exactly like missing ones.
 */
static int bucket_row(sqlite3 *db, const char *hash,
		      const struct store_scope *scope, const char *cols,
		      sqlite3_stmt **ret)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql),
		 "SELECT image, %s FROM buckets WHERE hash = ?1", cols);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	bind_text(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || !in_scope(scope, col_text(st, 0))) {
		sqlite3_finalize(st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	*ret = st;
	return 0;
}

/* Runs a one-parameter (bucket id) statement; @row reads each row. */
static int list_rows(sqlite3 *db, const char *sql, int64_t id,
		     int (*row)(sqlite3_stmt *st,
				const struct store_details_cb *cb, void *data),
		     const struct store_details_cb *cb, void *data)
{
	sqlite3_stmt *st;
	int rc, e = 0;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e = row(st, cb, data);
		if (e)
			break;
	}
	sqlite3_finalize(st);
	if (e)
		return e;
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int kernel_row(sqlite3_stmt *st, const struct store_details_cb *cb,
		      void *data)
{
	struct store_kernel k = {
		.release = col_text(st, 0),
		.hits = sqlite3_column_int64(st, 1),
	};

	return cb->kernel(&k, data);
}

static int module_row(sqlite3_stmt *st, const struct store_details_cb *cb,
		      void *data)
{
	struct store_module m = {
		.name = col_text(st, 0),
		.file = col_text(st, 1),
		.version = col_text(st, 2),
		.srcversion = col_text(st, 3),
		.hits = sqlite3_column_int64(st, 4),
	};

	return cb->module(&m, data);
}

static int response_row(sqlite3_stmt *st, const struct store_details_cb *cb,
			void *data)
{
	struct store_response r = {
		.id = sqlite3_column_int64(st, 0),
		.message = col_text(st, 1),
		.link = col_text(st, 2),
		.mod_min = col_text(st, 3),
		.mod_max = col_text(st, 4),
		.kern_min = col_text(st, 5),
		.kern_max = col_text(st, 6),
	};

	return cb->response(&r, data);
}

static int sample_row(sqlite3_stmt *st, const struct store_details_cb *cb,
		      void *data)
{
	struct store_sample s = {
		.first = sqlite3_column_int(st, 0) != 0,
		.report_id = col_text(st, 1),
		.crash_time = sqlite3_column_int64(st, 2),
		.received = sqlite3_column_int64(st, 3),
	};

	return cb->sample(&s, data);
}

int sq_bucket_details(struct store *base, const char *hash,
		      const struct store_scope *scope,
		      const struct store_details_cb *cb, void *data)
{
	sqlite3 *db = sqs_reader(to_sq(base));
	sqlite3_stmt *st;
	int64_t id;
	int e;

	if (!db)
		return -ENOMEM;
	e = bucket_row(db, hash, scope,
		       "id, hash, failure_name, symbol, event_type, class,"
		       " code, title, claim_plugin, first_seen, last_seen,"
		       " hits, machines",
		       &st);
	if (e)
		return e;
	id = sqlite3_column_int64(st, 1);
	{
		struct store_bucket b = {
			.id = id,
			.image = col_text(st, 0),
			.hash = col_text(st, 2),
			.failure_name = col_text(st, 3),
			.symbol = col_text(st, 4),
			.event_type = col_text(st, 5),
			.cls = col_text(st, 6),
			.code = sqlite3_column_int(st, 7),
			.title = col_text(st, 8),
			.claim_plugin = col_text(st, 9),
			.first_seen = sqlite3_column_int64(st, 10),
			.last_seen = sqlite3_column_int64(st, 11),
			.hits = sqlite3_column_int64(st, 12),
			.machines = sqlite3_column_int64(st, 13),
		};

		e = cb->bucket(&b, data);
	}
	sqlite3_finalize(st);
	if (!e)
		e = list_rows(db,
			      "SELECT kernel_release, hits FROM bucket_kernels"
			      " WHERE bucket_id = ?1 ORDER BY hits DESC, 1",
			      id, kernel_row, cb, data);
	if (!e)
		e = list_rows(db,
			      "SELECT name, file, version, srcversion, hits"
			      " FROM bucket_modules WHERE bucket_id = ?1"
			      " ORDER BY hits DESC, 1, 3, 4",
			      id, module_row, cb, data);
	if (!e)
		e = list_rows(db,
			      "SELECT id, message, link, mod_min, mod_max,"
			      " kern_min, kern_max FROM responses"
			      " WHERE bucket_hash ="
			      " (SELECT hash FROM buckets WHERE id = ?1)"
			      " ORDER BY id",
			      id, response_row, cb, data);
	if (!e)
		e = list_rows(db,
			      "SELECT slot, report_id, crash_time, received"
			      " FROM samples WHERE bucket_id = ?1"
			      " ORDER BY slot = 0, slot",
			      id, sample_row, cb, data);
	return e;
}

int sq_bucket_stack(struct store *base, const char *hash,
		    const struct store_scope *scope, store_bucket_cb cb,
		    void *data)
{
	sqlite3 *db = sqs_reader(to_sq(base));
	sqlite3_stmt *st;
	int e;

	if (!db)
		return -ENOMEM;
	e = bucket_row(db, hash, scope, "hash, failure_name, symbol, stack",
		       &st);
	if (e)
		return e;
	{
		struct store_bucket b = {
			.image = col_text(st, 0),
			.hash = col_text(st, 1),
			.failure_name = col_text(st, 2),
			.symbol = col_text(st, 3),
			.stack = col_text(st, 4),
		};

		e = cb(&b, data);
	}
	sqlite3_finalize(st);
	return e;
}

int sq_sample_record(struct store *base, const char *hash,
		     const char *report_id, const struct store_scope *scope,
		     char **ret, size_t *ret_len)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db;
	sqlite3_stmt *st, *b;
	int e, rc;

	db = sqs_reader(s);
	if (!db)
		return -ENOMEM;
	e = bucket_row(db, hash, scope, "id", &b);
	if (e)
		goto out;
	rc = sqlite3_prepare_v2(
		db,
		"SELECT record FROM samples WHERE bucket_id = ?1"
		" AND report_id = ?2 LIMIT 1",
		-1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(b);
		e = -EIO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, sqlite3_column_int64(b, 1));
	bind_text(st, 2, report_id);
	sqlite3_finalize(b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		size_t n = sqlite3_column_bytes(st, 0);

		*ret = malloc(n + 1);
		if (*ret) {
			memcpy(*ret, col_text(st, 0), n + 1);
			*ret_len = n;
		} else {
			e = -ENOMEM;
		}
	} else {
		e = rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	sqlite3_finalize(st);
out:
	return e;
}

int sq_top(struct store *base, const struct store_scope *scope,
	   unsigned int limit, store_bucket_cb cb, void *data,
	   uint64_t *ret_total)
{
	struct sqlite_store *s = to_sq(base);
	struct sql *q = calloc(1, sizeof(*q));
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	int rc, e = 0;

	if (!q)
		return -ENOMEM;
	/* ?1 and ?2 are unused here; put_bind numbers from ?3. */
	put(q, "SELECT hash, failure_name, symbol, image, hits, machines,"
	       " (SELECT sum(hits) FROM buckets b WHERE 1");
	put_scope(q, scope);
	put(q, ") FROM buckets b WHERE 1");
	put_scope(q, scope);
	put(q, " ORDER BY hits DESC, hash LIMIT %u", limit);
	if (q->overflow) {
		free(q);
		return -E2BIG;
	}
	db = sqs_reader(s);
	if (!db) {
		e = -ENOMEM;
		goto out;
	}
	rc = sqlite3_prepare_v2(db, q->buf, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		e = -EIO;
		goto out;
	}
	sqlite3_bind_null(st, 1);
	sqlite3_bind_null(st, 2);
	for (size_t i = 0; i < q->n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, q->binds[i], -1,
				  SQLITE_STATIC);
	/* No row carries the total when there is none; it is then 0. */
	*ret_total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_bucket b = {
			.hash = col_text(st, 0),
			.failure_name = col_text(st, 1),
			.symbol = col_text(st, 2),
			.image = col_text(st, 3),
			.hits = sqlite3_column_int64(st, 4),
			.machines = sqlite3_column_int64(st, 5),
		};

		*ret_total = sqlite3_column_int64(st, 6);
		e = cb(&b, data);
		if (e)
			goto out;
	}
	if (rc != SQLITE_DONE)
		e = -EIO;
out:
	sqlite3_finalize(st);
	free(q);
	return e;
}

/* ---------------------------------------------------------------- */
/* Responses                                                          */
/* ---------------------------------------------------------------- */

int sq_response_add(struct store *base, const struct response_req *resp,
		    const struct store_scope *scope, int64_t now,
		    int64_t *ret_id)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st;
	int e, rc;

	pthread_mutex_lock(&s->lock);
	e = bucket_row(s->db, resp->failure_hash, scope, "id", &st);
	if (e)
		goto out;
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(s->db,
				"INSERT INTO responses(bucket_hash, message,"
				" link, mod_min, mod_max, kern_min, kern_max,"
				" token_id, created)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		e = -EIO;
		goto out;
	}
	bind_text(st, 1, resp->failure_hash);
	bind_text(st, 2, resp->message);
	bind_text(st, 3, resp->link);
	bind_text(st, 4, resp->mod_min);
	bind_text(st, 5, resp->mod_max);
	bind_text(st, 6, resp->kern_min);
	bind_text(st, 7, resp->kern_max);
	sqlite3_bind_int64(st, 8, scope->token_id);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		e = sqs_err_of(rc) ? sqs_err_of(rc) : -EIO;
	else
		*ret_id = sqlite3_last_insert_rowid(s->db);
out:
	pthread_mutex_unlock(&s->lock);
	return e;
}

/*
 * Each id's answer, on this thread's read connection: the idempotency
 * record (report id -> bucket, kernel, module version, token) and the
 * response that covers it.  A report another token sent is answered as
 * unknown, so a vendor cannot probe others' report ids.
 */
int sq_responses_for(struct store *base, const char *const *ids, size_t n,
		     const struct store_scope *scope, store_answer_cb cb,
		     void *data)
{
	sqlite3 *db = sqs_reader(to_sq(base));
	sqlite3_stmt *get = NULL, *resp = NULL;
	int e = 0;

	if (!db)
		return -ENOMEM;
	if (sqlite3_prepare_v2(db, sqs_stmt_sql[S_REPORT_GET], -1, &get,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sqs_stmt_sql[S_RESPONSES_FOR_HASH], -1,
			       &resp, NULL) != SQLITE_OK) {
		bc_log(LOG_ERR, "SQLite: preparing the report look-up: %s\n",
		       sqlite3_errmsg(db));
		e = -EIO;
		goto out;
	}
	for (size_t i = 0; i < n && !e; i++) {
		struct store_result res = { 0 };
		char kernel[65], modver[65];
		bool found;
		int rc;

		bind_text(get, 1, ids[i]);
		rc = sqlite3_step(get);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			bc_log(LOG_ERR, "SQLite: report look-up: %s (%d)\n",
			       sqlite3_errmsg(db),
			       sqlite3_extended_errcode(db));
			e = sqs_err_of(rc) ? sqs_err_of(rc) : -EIO;
			break;
		}
		found = rc == SQLITE_ROW &&
			(scope->all ||
			 sqlite3_column_int64(get, 5) == scope->token_id);
		if (!found) {
			done(get);
			e = cb(ids[i], false, NULL, data);
			continue;
		}
		snprintf(kernel, sizeof(kernel), "%s", col_text(get, 2));
		snprintf(modver, sizeof(modver), "%s", col_text(get, 3));
		snprintf(res.bucket_key, sizeof(res.bucket_key), "%s",
			 col_text(get, 4));
		done(get);
		e = sqs_match_response(resp, res.bucket_key, kernel, modver,
				       &res);
		if (e) {
			bc_log(LOG_ERR, "SQLite: response look-up: %s (%d)\n",
			       sqlite3_errmsg(db),
			       sqlite3_extended_errcode(db));
			break;
		}
		if (res.response_id) {
			struct store_response r = {
				.id = res.response_id,
				.message = res.response_message,
				.link = res.response_link,
			};

			e = cb(ids[i], true, &r, data);
		} else {
			e = cb(ids[i], true, NULL, data);
		}
	}
out:
	sqlite3_finalize(get);
	sqlite3_finalize(resp);
	return e;
}
