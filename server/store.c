// SPDX-License-Identifier: GPL-2.0
/*
 * Backend selection: a libpq connection URI ("postgresql://" or
 * "postgres://") chooses PostgreSQL (store_pg.c), anything else is the
 * path of a SQLite database (store_sqlite.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store.h"

bool store_is_pg(const char *spec)
{
	return !strncmp(spec, "postgresql://", 13) ||
	       !strncmp(spec, "postgres://", 11);
}

/*
 * @spec for messages: a URI's password ("user:secret@") becomes "***",
 * and so does a "password=" query parameter.
 */
void store_spec_redact(const char *spec, char *buf, size_t size)
{
	const char *auth, *end, *at, *colon;
	char *pw;

	snprintf(buf, size, "%s", spec);
	if (!store_is_pg(spec))
		return;
	auth = strstr(spec, "://") + 3;
	end = auth + strcspn(auth, "/?");
	/* the last '@': a password with a stray '@' is still hidden */
	at = memrchr(auth, '@', end - auth);
	colon = at ? memchr(auth, ':', at - auth) : NULL;
	if (colon)
		snprintf(buf, size, "%.*s***%s", (int)(colon + 1 - spec), spec,
			 at);
	pw = strstr(buf, "password=");
	if (pw) {
		char tail[4096];
		const char *amp = strchr(pw, '&');

		snprintf(tail, sizeof(tail), "%s", amp ? amp : "");
		snprintf(pw, size - (pw - buf), "password=***%s", tail);
	}
}

int store_open(const char *spec, struct store **ret)
{
	if (store_is_pg(spec))
		return store_pg_ops.open(spec, ret);
	return store_sqlite_ops.open(spec, ret);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

/* A token's modules as the backends store them: one comma-separated column. */
void store_token_join_modules(const struct store_token *t, char *out,
			      size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < t->n_modules; i++) {
		int n = snprintf(out + o, size - o, "%s%s", i ? "," : "",
				 t->modules[i]);

		if (n < 0 || (size_t)n >= size - o)
			break;
		o += n;
	}
}

void store_token_split_modules(const char *list, struct store_token *t)
{
	t->n_modules = 0;
	while (*list && t->n_modules < STORE_MODULES_MAX) {
		size_t n = strcspn(list, ",");

		if (n && n < sizeof(t->modules[0])) {
			memcpy(t->modules[t->n_modules], list, n);
			t->modules[t->n_modules][n] = '\0';
			t->n_modules++;
		}
		list += n;
		if (*list == ',')
			list++;
	}
}

int store_bdim_kind(enum query_field f)
{
	static const int kind[QF_COUNT] = {
		[QF_FILE_NAME] = 1,  [QF_APPLICATION_VERSION] = 2,
		[QF_OS_VERSION] = 3, [QF_OS_BUILD] = 4,
		[QF_OS_RELEASE] = 5, [QF_EVENT_TYPE] = 6,
		[QF_MARKET] = 7,     [QF_DEVICE_TYPE] = 8,
	};

	return f >= 0 && f < QF_COUNT ? kind[f] : 0;
}

/* Marks the fields @n compares in @dims (per-report) and *@bucket. */
static void filter_fields(const struct query_node *n, bool dims[QF_COUNT],
			  bool *bucket)
{
	if (!n)
		return;
	if (n->kind == QN_EQ || n->kind == QN_NE) {
		if (store_bdim_kind(n->field))
			dims[n->field] = true;
		else
			*bucket = true;
		return;
	}
	filter_fields(n->left, dims, bucket);
	filter_fields(n->right, dims, bucket);
}

enum store_plan store_plan(const struct query *q,
			   const struct store_scope *scope,
			   enum query_field *ret_dim)
{
	static int forced = -1;
	bool dims[QF_COUNT] = { false }, bucket = !scope->all;
	unsigned int nd = 0;

	if (__atomic_load_n(&forced, __ATOMIC_RELAXED) < 0) {
		const char *e = getenv("BUGCHECK_QUERY_PLAN");

		__atomic_store_n(&forced, e && !strcmp(e, "full"),
				 __ATOMIC_RELAXED);
	}
	filter_fields(q->filter, dims, &bucket);
	for (int f = 0; f < QF_COUNT; f++) {
		if (!q->group[f] || f == QF_DATE || f == QF_EVENT_COUNT)
			continue;
		if (store_bdim_kind(f))
			dims[f] = true;
		else
			bucket = true;
	}
	for (int f = 0; f < QF_COUNT; f++) {
		if (dims[f]) {
			nd++;
			*ret_dim = f;
		}
	}
	if (__atomic_load_n(&forced, __ATOMIC_RELAXED) == 1)
		return STORE_PLAN_FULL;
	/* distinct machines: only daily and daily_bucket keep sketches */
	if (q->machines && nd)
		return STORE_PLAN_FULL;
	if (!nd)
		return STORE_PLAN_BUCKET;
	if (!bucket)
		return STORE_PLAN_DIMS;
	return nd == 1 ? STORE_PLAN_BDIM : STORE_PLAN_FULL;
}

static int64_t period_start(int64_t day, bool month)
{
	return month ? bucket_month_start(day) : bucket_week_start(day);
}

static int64_t period_end(int64_t start, bool month)
{
	return month ? bucket_month_start(start + 31) - 1 : start + 6;
}

static int64_t rows_of(int64_t (*rows)(void *, int64_t, int64_t), void *ctx,
		       int64_t from, int64_t to)
{
	return from <= to ? rows(ctx, from, to) : 0;
}

static void add_span(struct store_period_src *src, int64_t from, int64_t to,
		     int sign)
{
	if (from > to)
		return;
	src->span[src->n_span].from = from;
	src->span[src->n_span].to = to;
	src->span[src->n_span].sign = sign;
	src->n_span++;
}

void store_period_plan(int64_t start, int64_t end, bool month,
		       int64_t (*rows)(void *ctx, int64_t from, int64_t to),
		       void *ctx, struct store_period_src *ret)
{
	int64_t ps1 = period_start(start, month), pe1 = period_end(ps1, month);
	int64_t psn = period_start(end, month), pen = period_end(psn, month);

	memset(ret, 0, sizeof(*ret));
	ret->lo = 1;
	ret->hi = 0;
	if (ps1 == psn) {
		int64_t in = rows_of(rows, ctx, start, end);
		int64_t out = rows_of(rows, ctx, ps1, start - 1) +
			      rows_of(rows, ctx, end + 1, pen);

		if (out < in) {
			ret->lo = ret->hi = ps1;
			add_span(ret, ps1, start - 1, -1);
			add_span(ret, end + 1, pen, -1);
		} else {
			add_span(ret, start, end, 1);
		}
		return;
	}
	if (start == ps1 || rows_of(rows, ctx, ps1, start - 1) <
				    rows_of(rows, ctx, start, pe1)) {
		ret->lo = ps1;
		add_span(ret, ps1, start - 1, -1);
	} else {
		ret->lo = pe1 + 1;
		add_span(ret, start, pe1, 1);
	}
	if (end == pen ||
	    rows_of(rows, ctx, end + 1, pen) < rows_of(rows, ctx, psn, end)) {
		ret->hi = psn;
		add_span(ret, end + 1, pen, -1);
	} else {
		ret->hi = period_start(psn - 1, month);
		add_span(ret, psn, end, 1);
	}
}

bool store_period_from(char *buf, size_t size,
		       const struct store_period_src *src, const char *pcol,
		       const char *period_table, const char *daily_table,
		       const char *cols, const char *where)
{
	size_t len = 0;
	int n;

#define PUT(...)                                                  \
	do {                                                      \
		n = snprintf(buf + len, size - len, __VA_ARGS__); \
		if (n < 0 || (size_t)n >= size - len)             \
			return false;                             \
		len += n;                                         \
	} while (0)
	PUT("(");
	if (src->lo <= src->hi)
		PUT("SELECT %s AS %s, %s, hits AS hits FROM %s"
		    " WHERE %s BETWEEN %lld AND %lld%s",
		    pcol, pcol, cols, period_table, pcol, (long long)src->lo,
		    (long long)src->hi, where);
	for (int i = 0; i < src->n_span; i++)
		PUT("%sSELECT %s AS %s, %s, %shits AS hits FROM %s"
		    " WHERE day BETWEEN %lld AND %lld%s",
		    len > 1 ? " UNION ALL " : "", pcol, pcol, cols,
		    src->span[i].sign < 0 ? "-" : "", daily_table,
		    (long long)src->span[i].from, (long long)src->span[i].to,
		    where);
	if (len == 1)
		PUT("SELECT %s AS %s, %s, hits AS hits FROM %s WHERE false",
		    pcol, pcol, cols, daily_table);
	PUT(")");
#undef PUT
	return true;
}

int store_period_sources(const struct query *qr, enum store_plan plan,
			 enum query_field dim,
			 int64_t (*rows)(void *ctx, int64_t from, int64_t to),
			 void *ctx, char (*bsrc)[1024], char (*msrc)[1024],
			 const char **ret_bsrc, const char **ret_msrc)
{
	bool month = qr->agg == QA_MONTH;
	struct store_period_src src;
	char where[32];

	/* FULL, the reference plan, reads daily alone */
	if ((qr->agg != QA_WEEK && !month) || qr->machines ||
	    plan == STORE_PLAN_FULL)
		return 0;
	/*
	 * Only beside a period source for the rows themselves: the bucket
	 * limit's period rows joined into a daily_bdim read (weeks) made
	 * PostgreSQL's plan for a vendor's failureHash,market by week 20
	 * times slower.
	 */
	if (plan != STORE_PLAN_BUCKET && !(plan == STORE_PLAN_BDIM && month))
		return 0;
	store_period_plan(qr->start_day, qr->end_day, month, rows, ctx, &src);
	if (!store_period_from(*bsrc, sizeof(*bsrc), &src,
			       month ? "month" : "week",
			       month ? "monthly_bucket" : "weekly_bucket",
			       "daily_bucket", "bucket_id", ""))
		return -E2BIG;
	*ret_bsrc = *bsrc;
	if (plan == STORE_PLAN_BUCKET) {
		*ret_msrc = *bsrc;
	} else {
		snprintf(where, sizeof(where), " AND kind = %d",
			 store_bdim_kind(dim));
		if (!store_period_from(*msrc, sizeof(*msrc), &src, "month",
				       "monthly_bdim", "daily_bdim",
				       "kind, bucket_id, value", where))
			return -E2BIG;
		*ret_msrc = *msrc;
	}
	return 0;
}
