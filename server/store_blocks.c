// SPDX-License-Identifier: GPL-2.0
/*
 * failurehits by failureHash from bucket_block (store.h): one row per
 * bucket and 32-day block holding the block's daily hits, so a 30-day
 * window is at most two rows per bucket whatever the aggregation level.
 * The groups, the bucket limit, the order and the page are computed here,
 * for both backends, exactly as the SQL of the other paths does: groups
 * (period, bucket) with hits; at week, month and all, only the
 * STORE_BUCKETS_MAX buckets with the most hits in the window (ties: the
 * lower id); rows ordered by the explicit keys (date, eventCount), then
 * period and bucket id ascending.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store.h"

struct blk_entry {
	int64_t bucket_id;
	int64_t block;
	int64_t c[STORE_BLOCK_DAYS];
};

struct store_blocks {
	const struct query *qr;
	struct blk_entry *e;
	size_t n, cap;
	bool bad; /* a row that is not 32 fixed-width numbers */
};

/*
 * start_day >= 0: the triggers keep days >= 0 only.
 * BUGCHECK_QUERY_BLOCKS=off in the environment turns this path off: the
 * SQL paths, whose ties are ordered the same way, are its reference in
 * tests/server_api.py.
 */
bool store_blocks_ok(const struct query *qr, enum store_plan plan)
{
	static int off = -1;

	if (__atomic_load_n(&off, __ATOMIC_RELAXED) < 0) {
		const char *v = getenv("BUGCHECK_QUERY_BLOCKS");

		__atomic_store_n(&off, v && !strcmp(v, "off"),
				 __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&off, __ATOMIC_RELAXED) == 1 ||
	    plan != STORE_PLAN_BUCKET || !qr->group[QF_FAILURE_HASH] ||
	    qr->machines || qr->start_day < 0 || qr->end_day < qr->start_day ||
	    qr->end_day - qr->start_day >= STORE_BLOCK_WINDOW_MAX)
		return false;
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		if (qr->order[i] != QF_DATE && qr->order[i] != QF_EVENT_COUNT)
			return false;
	return true;
}

struct store_blocks *store_blocks_new(const struct query *qr)
{
	struct store_blocks *b = calloc(1, sizeof(*b));

	if (b)
		b->qr = qr;
	return b;
}

void store_blocks_free(struct store_blocks *b)
{
	if (!b)
		return;
	free(b->e);
	free(b);
}

int store_blocks_add(struct store_blocks *b, int64_t bucket_id, int64_t block,
		     const char *days, size_t len)
{
	struct blk_entry *e;

	if (b->bad)
		return 0;
	if (len != STORE_BLOCK_DAYS * STORE_BLOCK_WIDTH) {
		b->bad = true;
		return 0;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		struct blk_entry *n = realloc(b->e, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		b->e = n;
		b->cap = cap;
	}
	e = &b->e[b->n];
	e->bucket_id = bucket_id;
	e->block = block;
	for (int i = 0; i < STORE_BLOCK_DAYS; i++) {
		int64_t v = 0;

		for (int k = 0; k < STORE_BLOCK_WIDTH; k++) {
			char ch = days[i * STORE_BLOCK_WIDTH + k];

			if (ch < '0' || ch > '9') {
				b->bad = true;
				return 0;
			}
			v = v * 10 + (ch - '0');
		}
		e->c[i] = v;
	}
	b->n++;
	return 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct blk_entry *a = pa, *b = pb;

	if (a->bucket_id != b->bucket_id)
		return a->bucket_id < b->bucket_id ? -1 : 1;
	return a->block < b->block ? -1 : a->block > b->block;
}

/* the period label of @day, as period_col of the SQL paths */
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

/*
 * Calls @fn for each (period, count) group of the bucket whose entries
 * are e[0..n), in period order; returns the bucket's hits in the window.
 */
static int64_t bucket_groups(const struct query *qr, const struct blk_entry *e,
			     size_t n,
			     void (*fn)(void *ctx, int64_t p, int64_t c),
			     void *ctx)
{
	int64_t total = 0, p = 0, acc = 0;
	bool open = false;

	for (size_t i = 0; i < n; i++) {
		int64_t base = e[i].block * STORE_BLOCK_DAYS;

		for (int k = 0; k < STORE_BLOCK_DAYS; k++) {
			int64_t day = base + k, q;

			if (day < qr->start_day || day > qr->end_day ||
			    !e[i].c[k])
				continue;
			total += e[i].c[k];
			if (!fn)
				continue;
			q = period_of(qr, day);
			if (open && q != p) {
				fn(ctx, p, acc);
				acc = 0;
			}
			p = q;
			open = true;
			acc += e[i].c[k];
		}
	}
	if (fn && open && acc > 0)
		fn(ctx, p, acc);
	return total;
}

struct rank {
	int64_t bucket_id, hits;
};

static int cmp_rank(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->hits != b->hits)
		return a->hits > b->hits ? -1 : 1;
	return a->bucket_id < b->bucket_id ? -1 : a->bucket_id > b->bucket_id;
}

struct groups {
	struct store_block_group *g;
	size_t n, cap;
	int64_t bucket_id;
	bool oom;
};

static void add_group(void *ctx, int64_t p, int64_t c)
{
	struct groups *gs = ctx;

	if (gs->oom)
		return;
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? 2 * gs->cap : 1024;
		struct store_block_group *n = realloc(gs->g, cap * sizeof(*n));

		if (!n) {
			gs->oom = true;
			return;
		}
		gs->g = n;
		gs->cap = cap;
	}
	gs->g[gs->n++] = (struct store_block_group){ .period = p,
						     .bucket_id = gs->bucket_id,
						     .count = c };
}

/* <0 when @a comes before @b in the page order */
static int cmp_group(const struct query *qr, const struct store_block_group *a,
		     const struct store_block_group *b)
{
	for (unsigned int i = 0; i < qr->n_explicit; i++) {
		int64_t x = qr->order[i] == QF_DATE ? a->period : a->count;
		int64_t y = qr->order[i] == QF_DATE ? b->period : b->count;

		if (x != y)
			return (x < y) != qr->order_desc[i] ? -1 : 1;
	}
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	return a->bucket_id < b->bucket_id ? -1 : a->bucket_id > b->bucket_id;
}

/* qsort has no context argument */
static __thread const struct query *tls_qr;

static int cmp_group_q(const void *a, const void *b)
{
	return cmp_group(tls_qr, a, b);
}

/* max-heap of the page order over h[0..n) */
static void sift_down(const struct query *qr, struct store_block_group *h,
		      size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < n && cmp_group(qr, &h[l], &h[m]) > 0)
			m = l;
		if (r < n && cmp_group(qr, &h[r], &h[m]) > 0)
			m = r;
		if (m == i)
			return;
		struct store_block_group t = h[i];

		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

int store_blocks_page(struct store_blocks *b, struct store_block_group **ret,
		      size_t *ret_n, uint64_t *ret_total)
{
	const struct query *qr = b->qr;
	struct groups gs = { 0 };
	struct rank *rk = NULL;
	size_t nb = 0, k, lim;
	int64_t limit_hits = 0, limit_id = 0;
	bool limited = false;

	*ret = NULL;
	*ret_n = 0;
	*ret_total = 0;
	if (b->bad)
		return -EAGAIN;
	qsort(b->e, b->n, sizeof(*b->e), cmp_entry);
	/*
	 * The bucket limit: the STORE_BUCKETS_MAX-th bucket by hits (then
	 * id) is the last one kept.
	 */
	if (qr->agg != QA_DAY) {
		rk = malloc((b->n ? b->n : 1) * sizeof(*rk));
		if (!rk)
			return -ENOMEM;
		for (size_t i = 0, j; i < b->n; i = j) {
			for (j = i; j < b->n && b->e[j].bucket_id == b->e[i].bucket_id;
			     j++)
				;
			int64_t h = bucket_groups(qr, &b->e[i], j - i, NULL,
						  NULL);

			if (h > 0)
				rk[nb++] = (struct rank){ b->e[i].bucket_id, h };
		}
		if (nb > STORE_BUCKETS_MAX) {
			qsort(rk, nb, sizeof(*rk), cmp_rank);
			limited = true;
			limit_hits = rk[STORE_BUCKETS_MAX - 1].hits;
			limit_id = rk[STORE_BUCKETS_MAX - 1].bucket_id;
		}
		free(rk);
	}
	for (size_t i = 0, j; i < b->n; i = j) {
		for (j = i; j < b->n && b->e[j].bucket_id == b->e[i].bucket_id;
		     j++)
			;
		if (limited) {
			int64_t h = bucket_groups(qr, &b->e[i], j - i, NULL,
						  NULL);
			int64_t id = b->e[i].bucket_id;

			if (h < limit_hits ||
			    (h == limit_hits && id > limit_id))
				continue;
		}
		gs.bucket_id = b->e[i].bucket_id;
		bucket_groups(qr, &b->e[i], j - i, add_group, &gs);
		if (gs.oom) {
			free(gs.g);
			return -ENOMEM;
		}
	}
	*ret_total = gs.n;
	if ((uint64_t)qr->skip >= gs.n || !qr->top) {
		free(gs.g);
		return 0;
	}
	k = (size_t)qr->skip + qr->top;
	if (k < gs.n) {
		/* the k first groups: a max-heap of the best k seen */
		for (size_t i = k / 2; i-- > 0;)
			sift_down(qr, gs.g, k, i);
		for (size_t i = k; i < gs.n; i++) {
			if (cmp_group(qr, &gs.g[i], &gs.g[0]) < 0) {
				gs.g[0] = gs.g[i];
				sift_down(qr, gs.g, k, 0);
			}
		}
	} else {
		k = gs.n;
	}
	tls_qr = qr;
	qsort(gs.g, k, sizeof(*gs.g), cmp_group_q);
	lim = k - qr->skip;
	memmove(gs.g, gs.g + qr->skip, lim * sizeof(*gs.g));
	*ret = gs.g;
	*ret_n = lim;
	return 0;
}
