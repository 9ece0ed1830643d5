// SPDX-License-Identifier: GPL-2.0
/*
 * failurehits grouped by failureHash and one per-report dimension, by
 * day, in the default order (store.h, store_daytop_ok()): every
 * daily_bdim row of the dimension is its own group, so the page is the
 * window's rows ordered by day, hits descending, then failureHash and the
 * value in the order of their fields (the SQL paths' tie-breakers).
 * Instead of sorting every row of the window, each day of the page walks
 * that day's buckets by hits (daily_bucket_top) in growing batches,
 * taking their daily_bdim rows, until the rows it holds decide the page:
 * a (bucket, value) row never has more hits than its bucket that day, so
 * once the page's last row has more hits than the last bucket read, no
 * unread bucket can reach the page.  The days before the page are
 * skipped by their row counts (daily_bdim_days), whose sum is the total.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/*
 * BUGCHECK_QUERY_DAYTOP=off in the environment turns this path off: the
 * SQL path is its reference in tests/server_api.py.
 */
bool store_daytop_ok(const struct query *qr, const struct store_scope *scope,
		     enum store_plan plan, enum query_field dim)
{
	static int off = -1;

	if (__atomic_load_n(&off, __ATOMIC_RELAXED) < 0) {
		const char *v = getenv("BUGCHECK_QUERY_DAYTOP");

		__atomic_store_n(&off, v && !strcmp(v, "off"),
				 __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&off, __ATOMIC_RELAXED) == 1 ||
	    plan != STORE_PLAN_BDIM || qr->agg != QA_DAY || qr->machines ||
	    !scope->all || qr->filter || qr->start_day < 0 ||
	    qr->end_day < qr->start_day ||
	    qr->end_day - qr->start_day >= STORE_BLOCK_WINDOW_MAX)
		return false;
	/* the default order: date ascending, eventCount descending */
	if (qr->n_explicit != 2 || qr->order[0] != QF_DATE ||
	    qr->order_desc[0] || qr->order[1] != QF_EVENT_COUNT ||
	    !qr->order_desc[1])
		return false;
	for (int f = 0; f < QF_COUNT; f++) {
		bool want = f == QF_DATE || f == QF_EVENT_COUNT ||
			    f == QF_FAILURE_HASH || f == (int)dim;

		if (qr->group[f] != want)
			return false;
	}
	return true;
}

struct daytop {
	const struct query *qr;
	enum query_field dim;
	struct store_daytop_row *c; /* the day's candidates */
	size_t n, cap;
	int64_t min_hits; /* the batch's last bucket's hits */
	size_t buckets; /* buckets in the batch */
	int64_t last_bucket;
	bool nomem;
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/*
 * One row of a batch: a bucket of the day (its hits) and, unless
 * @value is NULL (a bucket without rows of the dimension), one of its
 * daily_bdim rows.  Rows of one bucket come together.
 */
void store_daytop_add(struct daytop *t, int64_t bucket_id, int64_t bucket_hits,
		      const char *hash, const char *value, int64_t hits)
{
	struct store_daytop_row *r;

	if (t->buckets == 0 || bucket_id != t->last_bucket) {
		t->buckets++;
		t->last_bucket = bucket_id;
	}
	if (t->buckets == 1 || bucket_hits < t->min_hits)
		t->min_hits = bucket_hits;
	if (!value || t->nomem)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		struct store_daytop_row *c = realloc(t->c, cap * sizeof(*c));

		if (!c) {
			t->nomem = true;
			return;
		}
		t->c = c;
		t->cap = cap;
	}
	r = &t->c[t->n];
	r->bucket_id = bucket_id;
	r->hits = hits;
	r->hash = dup_str(hash);
	r->value = dup_str(value);
	if (!r->hash || !r->value) {
		free(r->hash);
		free(r->value);
		t->nomem = true;
		return;
	}
	t->n++;
}

static int cmp_int64_desc(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a > b ? -1 : a < b;
}

/*
 * The SQL's order within a day: hits descending, then the grouped fields
 * in their enum order (query.c's tie-breakers): failureHash before the
 * value, or after it for fileName and applicationVersion.
 */
static int cmp_hash_first(const void *pa, const void *pb)
{
	const struct store_daytop_row *a = pa, *b = pb;
	int c;

	if (a->hits != b->hits)
		return a->hits > b->hits ? -1 : 1;
	c = strcmp(a->hash, b->hash);
	return c ? c : strcmp(a->value, b->value);
}

static int cmp_value_first(const void *pa, const void *pb)
{
	const struct store_daytop_row *a = pa, *b = pb;
	int c;

	if (a->hits != b->hits)
		return a->hits > b->hits ? -1 : 1;
	c = strcmp(a->value, b->value);
	return c ? c : strcmp(a->hash, b->hash);
}

static void clear_rows(struct daytop *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->c[i].hash);
		free(t->c[i].value);
	}
	t->n = 0;
}

/* the @k-th largest hits (1-based) among the candidates */
static int64_t kth_hits(struct daytop *t, size_t k)
{
	int64_t *h = malloc(t->n * sizeof(*h)), v;

	if (!h) {
		t->nomem = true;
		return 0;
	}
	for (size_t i = 0; i < t->n; i++)
		h[i] = t->c[i].hits;
	qsort(h, t->n, sizeof(*h), cmp_int64_desc);
	v = h[k - 1];
	free(h);
	return v;
}

int store_daytop_run(const struct query *qr, enum query_field dim,
		     const struct store_daytop_ops *ops, void *ctx,
		     store_row_cb cb, void *data, uint64_t *ret_total)
{
	int64_t days = qr->end_day - qr->start_day + 1;
	uint64_t *count = calloc((size_t)days, sizeof(*count));
	uint64_t total = 0, skip = qr->skip, top = qr->top;
	struct daytop t = { .qr = qr, .dim = dim };
	int e;

	if (!count)
		return -ENOMEM;
	e = ops->counts(ctx, qr->start_day, qr->end_day, count);
	for (int64_t i = 0; !e && i < days; i++)
		total += count[i];
	for (int64_t i = 0; !e && i < days && top; i++) {
		int64_t day = qr->start_day + i;
		uint64_t need;
		size_t offset = 0, limit = 64, from;

		if (skip >= count[i]) {
			skip -= count[i];
			continue;
		}
		need = skip + top < count[i] ? skip + top : count[i];
		for (;;) {
			t.buckets = 0;
			e = ops->batch(ctx, day, limit, offset, &t);
			if (!e && t.nomem)
				e = -ENOMEM;
			if (e || t.buckets < limit)
				break; /* the day's every bucket read */
			offset += t.buckets;
			if (limit < 4096)
				limit *= 2;
			if (t.n >= need && kth_hits(&t, need) > t.min_hits)
				break;
			if (t.nomem) {
				e = -ENOMEM;
				break;
			}
		}
		if (e)
			break;
		if (t.n)
			qsort(t.c, t.n, sizeof(*t.c),
			      dim < QF_FAILURE_HASH ? cmp_value_first :
						      cmp_hash_first);
		from = (size_t)skip;
		for (size_t k = from; !e && k < t.n && k < need; k++) {
			struct store_row row = { .date = day };

			row.field[QF_FAILURE_HASH] = t.c[k].hash;
			row.field[dim] = t.c[k].value;
			row.event_count = (uint64_t)t.c[k].hits;
			e = cb(&row, data);
			top--;
		}
		skip = 0;
		clear_rows(&t);
	}
	clear_rows(&t);
	free(t.c);
	free(count);
	if (!e)
		*ret_total = total;
	return e;
}
