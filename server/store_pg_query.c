// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend: failurehits over the daily rollups, the per-bucket
 * views and responses.  The failurehits statement is assembled from fixed
 * fragments chosen by enum query_field, as in store_sqlite_query.c, and
 * orders its rows the same way (ties included), so both backends give the
 * same pages; every client value is a $n parameter.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store_pg.h"

/* Column of each field.  b = buckets, m = dims. */
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

static const char *const period_col[] = {
	[QA_DAY] = "d.day",
	[QA_WEEK] = "d.week",
	[QA_MONTH] = "d.month",
	[QA_ALL] = "$1::integer",
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
	/* weeks and months: as in store_sqlite_query.c */
	const char *bsrc, *msrc;
	struct pg_params p;
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

static void put_str(struct sql *q, const char *v)
{
	put(q, "$%d", pgp_str(&q->p, v));
}

static void put_int(struct sql *q, int64_t v)
{
	put(q, "$%d", pgp_int(&q->p, v));
}

static bool filter_uses_bucket(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_EQ || n->kind == QN_NE)
		return !is_dim_field(n->field);
	return filter_uses_bucket(n->left) || filter_uses_bucket(n->right);
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

/*
 * ", <column>" of each grouped field; @colidx: each field's column in
 * the row (the first is the period, -1: not selected), the event count
 * next to the last.  Returns the number of columns so far.
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

static void put_filter(struct sql *q, const struct query_node *n)
{
	switch (n->kind) {
	case QN_EQ:
	case QN_NE:
		put(q, "%s %s ", col(q, n->field),
		    n->kind == QN_EQ ? "=" : "<>");
		put_str(q, n->value);
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
		put_str(q, scope->modules[i]);
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
	bool bdim = dims && plan == STORE_PLAN_BDIM;
	const char *outer = q->dimcol;
	const char *src = !dims ? q->bsrc : bdim ? q->msrc : NULL;
	/* buckets only for the scope or a filter that names its fields */
	bool join_b = !scope->all || filter_uses_bucket(qr->filter);

	if (qr->agg == QA_DAY ||
	    !(qr->group[QF_FAILURE_HASH] || qr->group[QF_FAILURE_NAME]))
		return;
	put(q, " AND d.bucket_id IN (SELECT %s FROM %s t",
	    join_b ? "b.id" : "t.bucket_id",
	    src	  ? src :
	    !dims ? "daily_bucket" :
	    bdim  ? "daily_bdim" :
		    "daily");
	if (join_b)
		put(q, " JOIN buckets b ON b.id = t.bucket_id");
	if (dims && !bdim)
		put(q, " JOIN dims m ON m.id = t.dim_id");
	put(q, "%s", src ? " WHERE true" : " WHERE t.day BETWEEN $1 AND $2");
	if (bdim)
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

/* SQLite's fast path shape (see store_sqlite_query.c): same tie order. */
static bool fast_order(const struct query *qr, enum store_plan plan)
{
	if (plan != STORE_PLAN_BUCKET || !qr->group[QF_FAILURE_HASH])
		return false;
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		if (qr->order[i] != QF_DATE && qr->order[i] != QF_EVENT_COUNT)
			return false;
	return true;
}

struct hits_sql {
	struct sql q;
	int colidx[QF_COUNT];
	int ncol;
	size_t core; /* end of the FROM ... GROUP BY part in q.buf */
	size_t select_end; /* end of the select list before the window */
	char bsrc[1024], msrc[1024]; /* sql.bsrc and sql.msrc */
	struct sql total; /* the day-index path's total, alone */
};

/*
 * SELECT period, grouped columns, sum, count(*) OVER () FROM the rollup
 * of @plan (store.h: daily_bucket, daily_dims, daily_bdim of dimension
 * @dim, or daily joined with dims) WHERE range, scope, filter, bucket
 * limit GROUP BY ... ORDER BY ... LIMIT OFFSET.  A bucket id stands for
 * its hash, so grouping by failureHash groups by b.id and the bucket's
 * other fields depend on it.
 */
static void build(struct hits_sql *h, const struct query *qr,
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
	struct sql *q = &h->q;

	q->dimcol = plan == STORE_PLAN_BDIM ? "d.value" : NULL;
	pgp_int(&q->p, qr->start_day);
	pgp_int(&q->p, qr->end_day);
	put(q, "SELECT %s", period_col[qr->agg]);
	h->ncol = put_group_cols(q, qr, h->colidx);
	put(q, ", sum(d.hits), count(*) OVER ()");
	/*
	 * Distinct machines: the group's sketches (store_pg_hll.c) as hex
	 * and how many rows have none (unknown: counted before migration 9).
	 */
	if (qr->machines)
		put(q, ", string_agg(encode(h.hll, 'hex'), ','),"
		       " count(*) FILTER (WHERE h.hll IS NULL)");
	put(q, " FROM %s d", q->msrc ? q->msrc : table[plan]);
	if (plan != STORE_PLAN_DIMS)
		put(q, " JOIN buckets b ON b.id = d.bucket_id");
	if (plan == STORE_PLAN_DIMS || plan == STORE_PLAN_FULL)
		put(q, " JOIN dims m ON m.id = d.dim_id");
	if (qr->machines)
		put(q, "%s",
		    plan == STORE_PLAN_BUCKET ?
			    " LEFT JOIN daily_bucket_hll h ON h.day = d.day"
			    " AND h.bucket_id = d.bucket_id" :
			    " LEFT JOIN daily_hll h ON h.day = d.day"
			    " AND h.bucket_id = d.bucket_id"
			    " AND h.dim_id = d.dim_id");
	/* a period source holds the range: $1 and $2 only keep their type */
	put(q, "%s",
	    q->msrc ? " WHERE $1::integer <= $2::integer" :
		      " WHERE d.day BETWEEN $1 AND $2");
	if (plan == STORE_PLAN_BDIM)
		put(q, " AND d.kind = %d", store_bdim_kind(dim));
	put_scope(q, scope);
	/*
	 * daily_dims: the dims rows the filter keeps, as one set of ids
	 * read through daily_dims_dim (dim_id, day)
	 */
	if (qr->filter && plan == STORE_PLAN_DIMS) {
		put(q, " AND d.dim_id IN (SELECT m.id FROM dims m WHERE ");
		put_filter(q, qr->filter);
		put(q, ")");
	} else if (qr->filter) {
		put(q, " AND ");
		put_filter(q, qr->filter);
	}
	put_bucket_limit(q, qr, scope, plan, store_bdim_kind(dim));
	put(q, " GROUP BY %s", period_col[qr->agg]);
	if (by_bucket)
		put(q, ", b.id");
	for (int f = 0; f < QF_COUNT; f++) {
		if (h->colidx[f] <= 0 || f == QF_EVENT_COUNT)
			continue;
		if (by_bucket && !is_dim_field(f))
			continue;
		put(q, ", %s", col(q, f));
	}
	if (q->msrc)
		put(q, " HAVING sum(d.hits) > 0");
	h->core = q->len;
	put(q, " ORDER BY ");
	if (fast_order(qr, plan)) {
		for (unsigned int i = 0; i < qr->n_explicit; i++)
			put(q, "%d %s, ", h->colidx[qr->order[i]] + 1,
			    qr->order_desc[i] ? "DESC" : "ASC");
		put(q, "1 ASC, b.id ASC");
	} else {
		for (unsigned int i = 0; i < qr->n_order; i++)
			put(q, "%s%d %s", i ? ", " : "",
			    h->colidx[qr->order[i]] + 1,
			    qr->order_desc[i] ? "DESC" : "ASC");
	}
	put(q, " LIMIT ");
	put_int(q, qr->top);
	put(q, " OFFSET ");
	put_int(q, qr->skip);
}

/*
 * Days by bucket in the default order (date, then eventCount
 * descending), as in store_sqlite_query.c: the page reads skip + top
 * entries of daily_bucket_top, the total is daily_bucket_days' sum over
 * the range (counted, with a scope or filter).
 */
static bool day_index_ok(const struct query *qr, enum store_plan plan)
{
	return fast_order(qr, plan) && qr->agg == QA_DAY && !qr->machines &&
	       qr->n_explicit == 2 && qr->order[0] == QF_DATE &&
	       !qr->order_desc[0] && qr->order[1] == QF_EVENT_COUNT &&
	       qr->order_desc[1];
}

/*
 * " AND <alias>.bucket_id IN (the buckets in scope that pass the filter)",
 * or nothing when every bucket does.
 */
static void put_bucket_in(struct sql *q, const char *alias,
			  const struct query *qr,
			  const struct store_scope *scope)
{
	if (scope->all && !qr->filter)
		return;
	put(q, " AND %s.bucket_id IN (SELECT b.id FROM buckets b WHERE true",
	    alias);
	put_scope(q, scope);
	if (qr->filter) {
		put(q, " AND ");
		put_filter(q, qr->filter);
	}
	put(q, ")");
}

static void put_day_total(struct sql *q, const struct query *qr,
			  const struct store_scope *scope)
{
	if (scope->all && !qr->filter) {
		put(q, "SELECT coalesce(sum(buckets), 0) FROM daily_bucket_days"
		       " WHERE day BETWEEN $1 AND $2");
		return;
	}
	put(q, "SELECT count(*) FROM daily_bucket x"
	       " WHERE x.day BETWEEN $1 AND $2");
	put_bucket_in(q, "x", qr, scope);
}

static void build_day_index(struct hits_sql *h, const struct query *qr,
			    const struct store_scope *scope)
{
	struct sql *q = &h->q;

	pgp_int(&q->p, qr->start_day);
	pgp_int(&q->p, qr->end_day);
	pgp_int(&h->total.p, qr->start_day);
	pgp_int(&h->total.p, qr->end_day);
	put_day_total(&h->total, qr, scope);
	put(q, "SELECT d.day");
	h->ncol = put_group_cols(q, qr, h->colidx);
	put(q, ", d.hits, (");
	put_day_total(q, qr, scope);
	put(q, ") FROM (SELECT x.day, x.bucket_id, x.hits FROM daily_bucket x"
	       " WHERE x.day BETWEEN $1 AND $2");
	put_bucket_in(q, "x", qr, scope);
	put(q, " ORDER BY x.day, x.hits DESC, x.bucket_id LIMIT ");
	put_int(q, qr->top);
	put(q, " OFFSET ");
	put_int(q, qr->skip);
	put(q, ") d JOIN buckets b ON b.id = d.bucket_id"
	       " ORDER BY d.day, d.hits DESC, d.bucket_id");
}

/* daily_bucket's rows on days [from, to], for store_period_plan() */
static int64_t day_rows(void *ctx, int64_t from, int64_t to)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int64_t n;

	pgp_int(&p, from);
	pgp_int(&p, to);
	if (pgs_exec(ctx,
		     "SELECT coalesce(sum(buckets), 0) FROM daily_bucket_days"
		     " WHERE day BETWEEN $1 AND $2",
		     &p, &r))
		return 0;
	n = pg_int(r, 0, 0);
	PQclear(r);
	return n;
}

/* The period rollups of weeks and months (store_period_sources()). */
static int period_sources(PGconn *c, struct hits_sql *h, const struct query *qr,
			  enum store_plan plan, enum query_field dim)
{
	return store_period_sources(qr, plan, dim, day_rows, c, &h->bsrc,
				    &h->msrc, &h->q.bsrc, &h->q.msrc);
}

/* The number of groups when the page came back empty. */
static int count_groups(PGconn *c, struct hits_sql *h, uint64_t *ret)
{
	char *sql = malloc(h->core + 64);
	PGresult *r;
	int e;

	if (!sql)
		return -ENOMEM;
	snprintf(sql, h->core + 64, "SELECT count(*) FROM (%.*s) x",
		 (int)h->core, h->q.buf);
	/* The page's LIMIT and OFFSET are the last two parameters. */
	h->q.p.n -= 2;
	e = pgs_exec(c, sql, &h->q.p, &r);
	h->q.p.n += 2;
	free(sql);
	if (e)
		return e;
	*ret = pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}

struct id_row {
	int64_t id;
	int row;
};

static int cmp_id_row(const void *pa, const void *pb)
{
	const struct id_row *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * failurehits by failureHash from monthly_bucket.days (store.h,
 * store_blocks.c),
 * as in store_sqlite_query.c: the window's blocks within the scope and
 * filter, ranked and paged in C, then the page's buckets in one
 * statement.  -EAGAIN: a malformed block, answer by SQL.
 */
static int run_blocks(PGconn *c, const struct query *qr,
		      const struct store_scope *scope, store_row_cb cb,
		      void *data, uint64_t *ret_total)
{
	struct sql *q = calloc(1, sizeof(*q));
	struct store_blocks *b = store_blocks_new(qr);
	struct store_block_group *page = NULL;
	struct id_row *idx = NULL;
	PGresult *r = NULL;
	int colidx[QF_COUNT] = { 0 };
	char *ids = NULL;
	size_t n = 0, len = 0;
	uint64_t total = 0;
	int e = 0;

	if (!q || !b) {
		e = -ENOMEM;
		goto out;
	}
	pgp_int(&q->p, bucket_month_start(qr->start_day));
	pgp_int(&q->p, bucket_month_start(qr->end_day));
	pgp_int(&q->p, qr->start_day - bucket_month_start(qr->start_day));
	pgp_int(&q->p, qr->end_day - bucket_month_start(qr->end_day));
	/*
	 * the window's slice of each month ($3: the first month's first
	 * slot, $4: the last month's last), "{n,n,...}" from slot f
	 */
	put(q,
	    "SELECT d.bucket_id, d.month, f, d.days[f + 1:l + 1]"
	    " FROM monthly_bucket d, LATERAL (SELECT CASE WHEN d.month = $1"
	    " THEN $3::integer ELSE 0 END f, CASE WHEN d.month = $2"
	    " THEN $4::integer ELSE %d END l) s"
	    " WHERE d.month BETWEEN $1 AND $2",
	    STORE_BLOCK_DAYS - 1);
	put_bucket_in(q, "d", qr, scope);
	/*
	 * no ORDER BY: sorting the wide rows costs PostgreSQL more than
	 * store_blocks_page() sorting the entries
	 */
	if (q->overflow || q->p.overflow) {
		e = -E2BIG;
		goto out;
	}
	e = pgs_exec(c, q->buf, &q->p, &r);
	for (int i = 0; !e && i < PQntuples(r); i++)
		e = store_blocks_add_array(b, pg_int(r, i, 0), pg_int(r, i, 1),
					   (int)pg_int(r, i, 2),
					   PQgetvalue(r, i, 3));
	PQclear(r);
	r = NULL;
	if (!e)
		e = store_blocks_page(b, &page, &n, &total);
	if (e || !n)
		goto done;
	/* the page's buckets, by id */
	ids = malloc(n * 21 + 3);
	idx = malloc(n * sizeof(*idx));
	if (!ids || !idx) {
		e = -ENOMEM;
		goto out;
	}
	ids[len++] = '{';
	for (size_t i = 0; i < n; i++)
		len += sprintf(ids + len, "%s%lld", i ? "," : "",
			       (long long)page[i].bucket_id);
	ids[len++] = '}';
	ids[len] = '\0';
	memset(q, 0, sizeof(*q));
	pgp_str(&q->p, ids);
	put(q, "SELECT b.id");
	put_group_cols(q, qr, colidx);
	put(q, " FROM buckets b WHERE b.id = ANY($1::bigint[])");
	if (q->overflow) {
		e = -E2BIG;
		goto out;
	}
	e = pgs_exec(c, q->buf, &q->p, &r);
	if (e)
		goto out;
	for (int i = 0; i < PQntuples(r) && (size_t)i < n; i++)
		idx[i] = (struct id_row){ pg_int(r, i, 0), i };
	qsort(idx, (size_t)PQntuples(r) < n ? (size_t)PQntuples(r) : n,
	      sizeof(*idx), cmp_id_row);
	for (size_t i = 0; i < n && !e; i++) {
		struct id_row key = { page[i].bucket_id, 0 }, *hit;
		struct store_row row = { 0 };

		hit = bsearch(&key, idx,
			      (size_t)PQntuples(r) < n ? (size_t)PQntuples(r) :
							 n,
			      sizeof(*idx), cmp_id_row);
		if (!hit) {
			e = -EIO; /* buckets rows are never deleted */
			break;
		}
		row.date = page[i].period;
		for (int f = 0; f < QF_COUNT; f++)
			if (colidx[f] > 0)
				row.field[f] =
					PQgetvalue(r, hit->row, colidx[f]);
		row.event_count = page[i].count;
		e = cb(&row, data);
	}
done:
	if (!e)
		*ret_total = total;
out:
	PQclear(r);
	free(ids);
	free(idx);
	free(page);
	store_blocks_free(b);
	free(q);
	return e;
}

/*
 * failurehits by failureHash and one dimension by day (store.h,
 * store_daytop.c), as in store_sqlite_query.c.
 */
struct pg_daytop {
	PGconn *c;
	int kind;
};

static int pg_daytop_counts(void *ctx, int64_t from, int64_t to, uint64_t *n)
{
	struct pg_daytop *d = ctx;
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	pgp_int(&p, d->kind);
	pgp_int(&p, from);
	pgp_int(&p, to);
	e = pgs_exec_named(d->c, "bc_daytop_counts",
			   "SELECT day, n FROM daily_bdim_days"
			   " WHERE kind = $1 AND day BETWEEN $2 AND $3",
			   &p, &r);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t day = pg_int(r, i, 0), v = pg_int(r, i, 1);

		if (day >= from && day <= to && v > 0)
			n[day - from] = (uint64_t)v;
	}
	PQclear(r);
	return 0;
}

static int pg_daytop_batch(void *ctx, int64_t day, size_t limit, size_t offset,
			   struct daytop *t)
{
	struct pg_daytop *d = ctx;
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	pgp_int(&p, day);
	pgp_int(&p, (int64_t)limit);
	pgp_int(&p, (int64_t)offset);
	pgp_int(&p, d->kind);
	e = pgs_exec_named(
		d->c, "bc_daytop_batch",
		"SELECT t.bucket_id, t.hits, b.hash, x.value, x.hits"
		" FROM (SELECT bucket_id, hits FROM daily_bucket"
		" WHERE day = $1 ORDER BY hits DESC, bucket_id"
		" LIMIT $2 OFFSET $3) t"
		" JOIN buckets b ON b.id = t.bucket_id"
		" LEFT JOIN daily_bdim x ON x.kind = $4 AND x.day = $1"
		" AND x.bucket_id = t.bucket_id"
		" ORDER BY t.hits DESC, t.bucket_id",
		&p, &r);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r); i++)
		store_daytop_add(t, pg_int(r, i, 0), pg_int(r, i, 1),
				 PQgetvalue(r, i, 2),
				 PQgetisnull(r, i, 3) ? NULL :
							PQgetvalue(r, i, 3),
				 pg_int(r, i, 4));
	PQclear(r);
	return 0;
}

static int run_daytop(PGconn *c, const struct query *qr, enum query_field dim,
		      store_row_cb cb, void *data, uint64_t *ret_total)
{
	static const struct store_daytop_ops ops = {
		.counts = pg_daytop_counts,
		.batch = pg_daytop_batch,
	};
	struct pg_daytop d = { .c = c, .kind = store_bdim_kind(dim) };

	return store_daytop_run(qr, dim, &ops, &d, cb, data, ret_total);
}

/*
 * failurehits on per-report dimensions from monthly_dims (store.h,
 * store_dimsagg.c), as in store_sqlite_query.c: the window's months of
 * the dims tuples the filter keeps, with their grouped values, grouped,
 * ordered and paged in C.  -EAGAIN: a malformed row, answer by SQL.
 */
static int run_dimsagg(PGconn *c, const struct query *qr, store_row_cb cb,
		       void *data, uint64_t *ret_total)
{
	struct sql *q = calloc(1, sizeof(*q));
	struct store_dimsagg *a = store_dimsagg_new(qr);
	int colidx[QF_COUNT], ncol;
	PGresult *r = NULL;
	int e = 0;

	if (!q || !a) {
		e = -ENOMEM;
		goto out;
	}
	pgp_int(&q->p, bucket_month_start(qr->start_day));
	pgp_int(&q->p, bucket_month_start(qr->end_day));
	put(q, "SELECT d.month");
	ncol = put_group_cols(q, qr, colidx);
	put(q, ", d.days FROM monthly_dims d JOIN dims m ON m.id = d.dim_id"
	       " WHERE d.month BETWEEN $1 AND $2");
	if (qr->filter) {
		put(q, " AND d.dim_id IN (SELECT m.id FROM dims m WHERE ");
		put_filter(q, qr->filter);
		put(q, ")");
	}
	if (q->overflow || q->p.overflow) {
		e = -E2BIG;
		goto out;
	}
	e = pgs_exec(c, q->buf, &q->p, &r);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		const char *v[QF_COUNT] = { 0 };

		for (int f = 0; f < QF_COUNT; f++)
			if (colidx[f] > 0 && colidx[f] < ncol)
				v[f] = PQgetvalue(r, i, colidx[f]);
		e = store_dimsagg_add_array(a, pg_int(r, i, 0), v,
					    PQgetvalue(r, i, ncol));
	}
	if (!e)
		e = store_dimsagg_run(a, cb, data, ret_total);
out:
	PQclear(r);
	store_dimsagg_free(a);
	free(q);
	return e;
}

/*
 * The paths that rank in C (store.h: monthly_dims, daily_bdim_days,
 * monthly_bucket.days), the first whose shape the query has; -EAGAIN:
 * none, or a malformed row, answer by SQL.
 */
static int run_paths(PGconn *c, const struct query *qr,
		     const struct store_scope *scope, enum store_plan plan,
		     enum query_field dim, store_row_cb cb, void *data,
		     uint64_t *ret_total)
{
	int e = -EAGAIN;

	if (store_dimsagg_ok(qr, plan))
		e = run_dimsagg(c, qr, cb, data, ret_total);
	else if (store_daytop_ok(qr, scope, plan, dim))
		e = run_daytop(c, qr, dim, cb, data, ret_total);
	else if (store_blocks_ok(qr, plan) && !day_index_ok(qr, plan))
		e = run_blocks(c, qr, scope, cb, data, ret_total);
	if (e == -EINVAL) {
		/* bad UTF-8 in the filter matches nothing */
		*ret_total = 0;
		return 0;
	}
	return e;
}

int pg_failurehits(struct store *base, const struct query *qr,
		   const struct store_scope *scope, store_row_cb cb, void *data,
		   uint64_t *ret_total)
{
	struct pg_store *s = to_pg(base);
	struct hits_sql *h = calloc(1, sizeof(*h));
	enum query_field dim = QF_DATE;
	enum store_plan plan = store_plan(qr, scope, &dim);
	PGresult *r = NULL;
	PGconn *c;
	int e;

	if (!h)
		return -ENOMEM;
	c = pgs_get(s);
	if (!c) {
		free(h);
		return -ECONNREFUSED;
	}
	e = run_paths(c, qr, scope, plan, dim, cb, data, ret_total);
	if (e != -EAGAIN) {
		pgs_put(s, c);
		free(h);
		return e;
	}
	e = period_sources(c, h, qr, plan, dim);
	if (e) {
		pgs_put(s, c);
		free(h);
		return e;
	}
	if (day_index_ok(qr, plan))
		build_day_index(h, qr, scope);
	else
		build(h, qr, scope, plan, dim);
	if (h->q.overflow || h->q.p.overflow || h->total.overflow ||
	    h->total.p.overflow) {
		pgs_put(s, c);
		free(h);
		return -E2BIG;
	}
	e = pgs_exec(c, h->q.buf, &h->q.p, &r);
	if (!e && PQntuples(r) == 0 && h->total.len) {
		PGresult *t;

		e = pgs_exec(c, h->total.buf, &h->total.p, &t);
		if (!e) {
			*ret_total = pg_int(t, 0, 0);
			PQclear(t);
		}
	} else if (!e && PQntuples(r) == 0) {
		e = count_groups(c, h, ret_total);
	} else if (!e)
		*ret_total = pg_int(r, 0, h->ncol + 1);
	pgs_put(s, c);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_row row = { 0 };

		row.date = pg_int(r, i, 0);
		for (int f = 0; f < QF_COUNT; f++)
			if (h->colidx[f] > 0 && f != QF_EVENT_COUNT)
				row.field[f] = PQgetvalue(r, i, h->colidx[f]);
		row.event_count = pg_int(r, i, h->ncol);
		if (qr->machines && pg_int(r, i, h->ncol + 3) == 0) {
			e = pgs_hll_count(PQgetvalue(r, i, h->ncol + 2),
					  &row.machines);
			if (e) {
				e = -EIO; /* not the bad-UTF-8 case below */
				break;
			}
			row.machines_known = true;
		}
		e = cb(&row, data);
	}
	PQclear(r);
	free(h);
	if (e == -EINVAL) {
		/* a value the database cannot hold (bad UTF-8) matches nothing */
		*ret_total = 0;
		return 0;
	}
	return e;
}

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
 * The bucket's row (column 0 is its image), or -ENOENT if it is missing
 * or out of scope: both look the same.
 */
static int bucket_row(PGconn *c, const char *hash,
		      const struct store_scope *scope, const char *cols,
		      PGresult **ret)
{
	struct pg_params p = { 0 };
	char sql[512];
	PGresult *r;
	int e;

	snprintf(sql, sizeof(sql),
		 "SELECT image, %s FROM buckets WHERE hash = $1", cols);
	pgp_str(&p, hash);
	e = pgs_exec(c, sql, &p, &r);
	if (e)
		return e == -EINVAL ? -ENOENT : e;
	if (PQntuples(r) != 1 || !in_scope(scope, PQgetvalue(r, 0, 0))) {
		PQclear(r);
		return -ENOENT;
	}
	*ret = r;
	return 0;
}

/* Runs a one-parameter (bucket id) listing. */
static int list(PGconn *c, const char *sql, int64_t id, PGresult **ret)
{
	struct pg_params p = { 0 };

	pgp_int(&p, id);
	return pgs_exec(c, sql, &p, ret);
}

static int details(PGconn *c, const char *hash, const struct store_scope *scope,
		   const struct store_details_cb *cb, void *data)
{
	PGresult *r;
	int64_t id;
	int e;

	e = bucket_row(c, hash, scope,
		       "id, hash, failure_name, symbol, event_type, class,"
		       " code, title, claim_plugin, first_seen, last_seen,"
		       " hits, machines",
		       &r);
	if (e)
		return e;
	id = pg_int(r, 0, 1);
	{
		struct store_bucket b = {
			.id = id,
			.image = PQgetvalue(r, 0, 0),
			.hash = PQgetvalue(r, 0, 2),
			.failure_name = PQgetvalue(r, 0, 3),
			.symbol = PQgetvalue(r, 0, 4),
			.event_type = PQgetvalue(r, 0, 5),
			.cls = PQgetvalue(r, 0, 6),
			.code = (int)pg_int(r, 0, 7),
			.title = PQgetvalue(r, 0, 8),
			.claim_plugin = PQgetvalue(r, 0, 9),
			.first_seen = pg_int(r, 0, 10),
			.last_seen = pg_int(r, 0, 11),
			.hits = pg_int(r, 0, 12),
			.machines = pg_int(r, 0, 13),
		};

		e = cb->bucket(&b, data);
	}
	PQclear(r);
	r = NULL;
	if (!e)
		e = list(c,
			 "SELECT kernel_release, hits FROM bucket_kernels"
			 " WHERE bucket_id = $1 ORDER BY hits DESC, 1",
			 id, &r);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_kernel k = {
			.release = PQgetvalue(r, i, 0),
			.hits = pg_int(r, i, 1),
		};

		e = cb->kernel(&k, data);
	}
	PQclear(r);
	r = NULL;
	if (!e)
		e = list(c,
			 "SELECT name, file, version, srcversion, hits"
			 " FROM bucket_modules WHERE bucket_id = $1"
			 " ORDER BY hits DESC, 1, 3, 4",
			 id, &r);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_module m = {
			.name = PQgetvalue(r, i, 0),
			.file = PQgetvalue(r, i, 1),
			.version = PQgetvalue(r, i, 2),
			.srcversion = PQgetvalue(r, i, 3),
			.hits = pg_int(r, i, 4),
		};

		e = cb->module(&m, data);
	}
	PQclear(r);
	r = NULL;
	if (!e)
		e = list(c,
			 "SELECT id, message, link, mod_min, mod_max,"
			 " kern_min, kern_max FROM responses"
			 " WHERE bucket_hash ="
			 " (SELECT hash FROM buckets WHERE id = $1)"
			 " ORDER BY id",
			 id, &r);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_response x = {
			.id = pg_int(r, i, 0),
			.message = PQgetvalue(r, i, 1),
			.link = PQgetvalue(r, i, 2),
			.mod_min = PQgetvalue(r, i, 3),
			.mod_max = PQgetvalue(r, i, 4),
			.kern_min = PQgetvalue(r, i, 5),
			.kern_max = PQgetvalue(r, i, 6),
		};

		e = cb->response(&x, data);
	}
	PQclear(r);
	r = NULL;
	if (!e)
		e = list(c,
			 "SELECT slot, report_id, crash_time, received"
			 " FROM samples WHERE bucket_id = $1"
			 " ORDER BY slot = 0, slot",
			 id, &r);
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_sample x = {
			.first = pg_int(r, i, 0) != 0,
			.report_id = PQgetvalue(r, i, 1),
			.crash_time = pg_int(r, i, 2),
			.received = pg_int(r, i, 3),
		};

		e = cb->sample(&x, data);
	}
	PQclear(r);
	return e;
}

int pg_bucket_details(struct store *base, const char *hash,
		      const struct store_scope *scope,
		      const struct store_details_cb *cb, void *data)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e;

	if (!c)
		return -ECONNREFUSED;
	/* One snapshot for the bucket row and its lists. */
	e = pgs_cmd(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (!e)
		e = details(c, hash, scope, cb, data);
	(void)pgs_cmd(c, "COMMIT");
	pgs_put(s, c);
	return e;
}

int pg_bucket_stack(struct store *base, const char *hash,
		    const struct store_scope *scope, store_bucket_cb cb,
		    void *data)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	PGresult *r;
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = bucket_row(c, hash, scope, "hash, failure_name, symbol, stack", &r);
	pgs_put(s, c);
	if (e)
		return e;
	{
		struct store_bucket b = {
			.image = PQgetvalue(r, 0, 0),
			.hash = PQgetvalue(r, 0, 1),
			.failure_name = PQgetvalue(r, 0, 2),
			.symbol = PQgetvalue(r, 0, 3),
			.stack = PQgetvalue(r, 0, 4),
		};

		e = cb(&b, data);
	}
	PQclear(r);
	return e;
}

int pg_sample_record(struct store *base, const char *hash,
		     const char *report_id, const struct store_scope *scope,
		     char **ret, size_t *ret_len)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGconn *c = pgs_get(s);
	PGresult *r;
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = bucket_row(c, hash, scope, "id", &r);
	if (e)
		goto out;
	pgp_int(&p, pg_int(r, 0, 1));
	PQclear(r);
	pgp_str(&p, report_id);
	e = pgs_exec(c,
		     "SELECT record FROM samples WHERE bucket_id = $1"
		     " AND report_id = $2 LIMIT 1",
		     &p, &r);
	if (e)
		goto out;
	if (PQntuples(r) == 1) {
		size_t n = PQgetlength(r, 0, 0);

		*ret = malloc(n + 1);
		if (*ret) {
			memcpy(*ret, PQgetvalue(r, 0, 0), n + 1);
			*ret_len = n;
		} else {
			e = -ENOMEM;
		}
	} else {
		e = -ENOENT;
	}
	PQclear(r);
out:
	pgs_put(s, c);
	return e == -EINVAL ? -ENOENT : e;
}

int pg_top(struct store *base, const struct store_scope *scope,
	   unsigned int limit, store_bucket_cb cb, void *data,
	   uint64_t *ret_total)
{
	struct pg_store *s = to_pg(base);
	struct sql *q = calloc(1, sizeof(*q));
	PGresult *r = NULL;
	PGconn *c;
	int e;

	if (!q)
		return -ENOMEM;
	put(q, "SELECT hash, failure_name, symbol, image, hits, machines,"
	       " (SELECT sum(hits) FROM buckets b WHERE true");
	put_scope(q, scope);
	put(q, ") FROM buckets b WHERE true");
	put_scope(q, scope);
	put(q, " ORDER BY hits DESC, hash LIMIT %u", limit);
	if (q->overflow || q->p.overflow) {
		free(q);
		return -E2BIG;
	}
	c = pgs_get(s);
	if (!c) {
		free(q);
		return -ECONNREFUSED;
	}
	e = pgs_exec(c, q->buf, &q->p, &r);
	pgs_put(s, c);
	free(q);
	if (e)
		return e;
	*ret_total = 0;
	for (int i = 0; !e && i < PQntuples(r); i++) {
		struct store_bucket b = {
			.hash = PQgetvalue(r, i, 0),
			.failure_name = PQgetvalue(r, i, 1),
			.symbol = PQgetvalue(r, i, 2),
			.image = PQgetvalue(r, i, 3),
			.hits = pg_int(r, i, 4),
			.machines = pg_int(r, i, 5),
		};

		*ret_total = pg_int(r, i, 6);
		e = cb(&b, data);
	}
	PQclear(r);
	return e;
}

/* ---------------------------------------------------------------- */
/* Responses                                                          */
/* ---------------------------------------------------------------- */

int pg_response_add(struct store *base, const struct response_req *resp,
		    const struct store_scope *scope, int64_t now,
		    int64_t *ret_id)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGconn *c = pgs_get(s);
	PGresult *r;
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = bucket_row(c, resp->failure_hash, scope, "id", &r);
	if (e)
		goto out;
	PQclear(r);
	pgp_str(&p, resp->failure_hash);
	pgp_str(&p, resp->message);
	pgp_str(&p, resp->link);
	pgp_str(&p, resp->mod_min);
	pgp_str(&p, resp->mod_max);
	pgp_str(&p, resp->kern_min);
	pgp_str(&p, resp->kern_max);
	pgp_int(&p, scope->token_id);
	pgp_int(&p, now);
	e = pgs_exec(c,
		     "INSERT INTO responses(bucket_hash, message, link,"
		     " mod_min, mod_max, kern_min, kern_max, token_id, created)"
		     " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		     &p, &r);
	if (!e) {
		*ret_id = pg_int(r, 0, 0);
		PQclear(r);
	}
out:
	pgs_put(s, c);
	return e;
}

/*
 * Each id's answer: the idempotency record and the response covering it.
 * A report another token sent is answered as unknown.
 */
int pg_responses_for(struct store *base, const char *const *ids, size_t n,
		     const struct store_scope *scope, store_answer_cb cb,
		     void *data)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e = 0;

	if (!c)
		return -ECONNREFUSED;
	for (size_t i = 0; i < n && !e; i++) {
		struct store_result res = { 0 };
		struct pg_params p = { 0 };
		char kernel[65], modver[65];
		PGresult *r;
		bool found;

		pgp_str(&p, ids[i]);
		e = pgs_exec(c,
			     "SELECT r.kernel_release, r.module_version,"
			     " b.hash, r.token_id FROM reports r"
			     " JOIN buckets b ON b.id = r.bucket_id"
			     " WHERE r.report_id = $1",
			     &p, &r);
		if (e)
			break;
		found = PQntuples(r) == 1 &&
			(scope->all || pg_int(r, 0, 3) == scope->token_id);
		if (!found) {
			PQclear(r);
			e = cb(ids[i], false, NULL, data);
			continue;
		}
		snprintf(kernel, sizeof(kernel), "%s", PQgetvalue(r, 0, 0));
		snprintf(modver, sizeof(modver), "%s", PQgetvalue(r, 0, 1));
		snprintf(res.bucket_key, sizeof(res.bucket_key), "%s",
			 PQgetvalue(r, 0, 2));
		PQclear(r);
		e = pgs_match_response(c, res.bucket_key, kernel, modver, &res);
		if (e)
			break;
		if (res.response_id) {
			struct store_response x = {
				.id = res.response_id,
				.message = res.response_message,
				.link = res.response_link,
			};

			e = cb(ids[i], true, &x, data);
		} else {
			e = cb(ids[i], true, NULL, data);
		}
	}
	pgs_put(s, c);
	return e;
}
