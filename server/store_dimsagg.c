// SPDX-License-Identifier: GPL-2.0
/*
 * failurehits on per-report dimensions only (STORE_PLAN_DIMS) from
 * monthly_dims (store.h): one row per month and dims tuple holding the
 * month's daily hits, so a 30-day window reads at most two rows per
 * tuple the filter keeps instead of one per day.  The groups (period and
 * the grouped fields' values), the order and the page are computed here
 * exactly as the SQL path does: groups with hits in the window, ordered
 * by the query's keys (query.c makes the order total), the total being
 * the number of groups.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store.h"

struct dagg_group {
	int64_t period;
	uint64_t count, hash;
	const char *v[QF_COUNT]; /* the grouped fields' values (owned) */
};

struct store_dimsagg {
	const struct query *qr;
	struct dagg_group *g;
	size_t n, cap;
	size_t *slot; /* open addressing: index + 1, 0 empty */
	size_t n_slot;
	bool bad;
};

/*
 * BUGCHECK_QUERY_DIMSAGG=off in the environment turns this path off: the
 * SQL path is its reference in tests/server_api.py.
 */
bool store_dimsagg_ok(const struct query *qr, enum store_plan plan)
{
	static int off = -1;

	if (__atomic_load_n(&off, __ATOMIC_RELAXED) < 0) {
		const char *v = getenv("BUGCHECK_QUERY_DIMSAGG");

		__atomic_store_n(&off, v && !strcmp(v, "off"),
				 __ATOMIC_RELAXED);
	}
	return __atomic_load_n(&off, __ATOMIC_RELAXED) != 1 &&
	       plan == STORE_PLAN_DIMS && !qr->machines && qr->start_day >= 0 &&
	       qr->end_day >= qr->start_day &&
	       qr->end_day - qr->start_day < STORE_BLOCK_WINDOW_MAX;
}

struct store_dimsagg *store_dimsagg_new(const struct query *qr)
{
	struct store_dimsagg *a = calloc(1, sizeof(*a));

	if (a)
		a->qr = qr;
	return a;
}

void store_dimsagg_free(struct store_dimsagg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		for (int f = 0; f < QF_COUNT; f++)
			free((char *)a->g[i].v[f]);
	free(a->g);
	free(a->slot);
	free(a);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int grow(struct store_dimsagg *a)
{
	size_t n = a->n_slot ? 2 * a->n_slot : 1024;
	size_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < a->n; i++) {
		size_t k = a->g[i].hash & (n - 1);

		while (s[k])
			k = (k + 1) & (n - 1);
		s[k] = i + 1;
	}
	free(a->slot);
	a->slot = s;
	a->n_slot = n;
	return 0;
}

static bool same(const struct dagg_group *g, int64_t period,
		 const char *const *v)
{
	if (g->period != period)
		return false;
	for (int f = 0; f < QF_COUNT; f++)
		if (v[f] && (!g->v[f] || strcmp(g->v[f], v[f])))
			return false;
	return true;
}

/* adds @count to the group (@period, @v) */
static int add_group(struct store_dimsagg *a, int64_t period,
		     const char *const *v, uint64_t vh, uint64_t count)
{
	uint64_t h = mix(vh, (uint64_t)period);
	struct dagg_group *g;
	size_t k;

	if (2 * (a->n + 1) > a->n_slot && grow(a))
		return -ENOMEM;
	k = h & (a->n_slot - 1);
	while (a->slot[k]) {
		g = &a->g[a->slot[k] - 1];
		if (g->hash == h && same(g, period, v)) {
			g->count += count;
			return 0;
		}
		k = (k + 1) & (a->n_slot - 1);
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		struct dagg_group *n = realloc(a->g, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		a->g = n;
		a->cap = cap;
	}
	g = &a->g[a->n];
	memset(g, 0, sizeof(*g));
	g->period = period;
	g->count = count;
	g->hash = h;
	for (int f = 0; f < QF_COUNT; f++) {
		if (!v[f])
			continue;
		g->v[f] = strdup(v[f]);
		if (!g->v[f]) {
			for (int j = 0; j < f; j++)
				free((char *)g->v[j]);
			return -ENOMEM;
		}
	}
	a->slot[k] = ++a->n;
	return 0;
}

static int64_t period_of(const struct query *qr, int64_t day)
{
	switch (qr->agg) {
	case QA_WEEK:
		return bucket_week_start(day);
	case QA_MONTH:
		return bucket_month_start(day);
	case QA_ALL:
		return qr->start_day;
	default:
		return day;
	}
}

static int add_days(struct store_dimsagg *a, int64_t month,
		    const char *const *v, const int64_t *days)
{
	const struct query *qr = a->qr;
	uint64_t vh = 0;
	int e;

	for (int f = 0; f < QF_COUNT; f++)
		if (v[f])
			vh = mix(vh, str_hash(v[f]) + (uint64_t)f);
	for (int k = 0; k < STORE_BLOCK_DAYS; k++) {
		int64_t day = month + k;

		if (!days[k] || day < qr->start_day || day > qr->end_day)
			continue;
		if (days[k] < 0) {
			a->bad = true;
			return 0;
		}
		e = add_group(a, period_of(qr, day), v, vh, (uint64_t)days[k]);
		if (e)
			return e;
	}
	return 0;
}

int store_dimsagg_add(struct store_dimsagg *a, int64_t month,
		      const char *const *v, const char *days, size_t len)
{
	int64_t c[STORE_BLOCK_DAYS];

	if (a->bad)
		return 0;
	if (len != STORE_BLOCK_DAYS * STORE_BLOCK_WIDTH) {
		a->bad = true;
		return 0;
	}
	for (int k = 0; k < STORE_BLOCK_DAYS; k++) {
		int64_t x = 0;

		for (int j = 0; j < STORE_BLOCK_WIDTH; j++) {
			char ch = days[k * STORE_BLOCK_WIDTH + j];

			if (ch < '0' || ch > '9') {
				a->bad = true;
				return 0;
			}
			x = x * 10 + (ch - '0');
		}
		c[k] = x;
	}
	return add_days(a, month, v, c);
}

int store_dimsagg_add_array(struct store_dimsagg *a, int64_t month,
			    const char *const *v, const char *days)
{
	int64_t c[STORE_BLOCK_DAYS];

	if (a->bad)
		return 0;
	if (store_array_counts(days, c, STORE_BLOCK_DAYS) != STORE_BLOCK_DAYS) {
		a->bad = true;
		return 0;
	}
	return add_days(a, month, v, c);
}

static _Thread_local const struct query *cmp_qr;

static int cmp_groups(const void *pa, const void *pb)
{
	const struct dagg_group *a = pa, *b = pb;
	const struct query *qr = cmp_qr;

	for (unsigned int i = 0; i < qr->n_order; i++) {
		enum query_field f = qr->order[i];
		int c;

		if (f == QF_DATE)
			c = a->period < b->period ? -1 : a->period > b->period;
		else if (f == QF_EVENT_COUNT)
			c = a->count < b->count ? -1 : a->count > b->count;
		else
			c = strcmp(a->v[f] ? a->v[f] : "",
				   b->v[f] ? b->v[f] : "");
		if (c)
			return qr->order_desc[i] ? -c : c;
	}
	return 0;
}

int store_dimsagg_run(struct store_dimsagg *a, store_row_cb cb, void *data,
		      uint64_t *ret_total)
{
	const struct query *qr = a->qr;
	int e = 0;

	if (a->bad)
		return -EAGAIN;
	cmp_qr = qr;
	if (a->n)
		qsort(a->g, a->n, sizeof(*a->g), cmp_groups);
	for (uint64_t i = qr->skip; !e && i < a->n && i - qr->skip < qr->top;
	     i++) {
		struct store_row row = { .date = a->g[i].period };

		for (int f = 0; f < QF_COUNT; f++)
			row.field[f] = a->g[i].v[f];
		row.event_count = a->g[i].count;
		e = cb(&row, data);
	}
	if (!e)
		*ret_total = a->n;
	return e;
}
