// SPDX-License-Identifier: GPL-2.0
/*
 * failurehits by failureHash from monthly_bucket.days (store.h): one row
 * per bucket and month holding the month's daily hits, so a 30-day
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

/* small, so sorting moves little; the days are in store_blocks.days */
struct blk_entry {
	int64_t bucket_id;
	int64_t block; /* the row's first day: its month's */
	const int64_t *c; /* STORE_BLOCK_DAYS in a chunk of store_blocks */
};

#define BLK_CHUNK 1024 /* entries' days per chunk: chunks never move */

struct store_blocks {
	const struct query *qr;
	struct blk_entry *e;
	int64_t **chunk; /* BLK_CHUNK * STORE_BLOCK_DAYS days each */
	size_t n, cap, n_chunk;
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
	for (size_t i = 0; i < b->n_chunk; i++)
		free(b->chunk[i]);
	free(b->chunk);
	free(b->e);
	free(b);
}

/*
 * Eight ASCII digits as a number, all at once in one 64-bit word (the
 * first digit is the low byte: little-endian); false if one is not a
 * digit.
 */
static bool digits8(const char *p, uint64_t *ret)
{
	uint64_t v;

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	v = 0;
	for (int k = 0; k < 8; k++) {
		if (p[k] < '0' || p[k] > '9')
			return false;
		v = v * 10 + (uint64_t)(p[k] - '0');
	}
	*ret = v;
	return true;
#endif
	memcpy(&v, p, 8);
	if ((v & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL ||
	    ((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) !=
		    0x3030303030303030ULL)
		return false;
	v &= 0x0F0F0F0F0F0F0F0FULL;
	v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
	v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
	v = (v * 10000 + (v >> 32)) & 0x00000000FFFFFFFFULL;
	*ret = v;
	return true;
}

/* One slot of SQLite's text: STORE_BLOCK_WIDTH digits. */
static bool slot_of(const char *d, int64_t *ret)
{
	int64_t v = 0;
	uint64_t lo8;

	for (int k = 0; k < STORE_BLOCK_WIDTH - 8; k++) {
		if (d[k] < '0' || d[k] > '9')
			return false;
		v = v * 10 + (d[k] - '0');
	}
	if (!digits8(d + STORE_BLOCK_WIDTH - 8, &lo8))
		return false;
	*ret = v * 100000000 + (int64_t)lo8;
	return true;
}

/*
 * The entry's slots @c: the window's [@lo, @hi] from @days (SQLite's
 * text from slot @first) or @vals (numbers from slot @first), the others
 * 0; false if a slot is malformed or past the month's end (@mlen days).
 * Inlined for each kind of source, so the loop does not branch on it.
 */
static inline __attribute__((always_inline)) bool
fill(int64_t *c, int64_t lo, int64_t hi, int64_t mlen, int first,
     const char *days, const int64_t *vals)
{
	for (int i = 0; i < STORE_BLOCK_DAYS; i++) {
		if (i < lo || i > hi) {
			c[i] = 0;
			continue;
		}
		if (vals)
			c[i] = vals[i - first];
		else if (!slot_of(days + (i - first) * STORE_BLOCK_WIDTH,
				  &c[i]))
			return false;
		if (c[i] && i >= mlen)
			return false;
	}
	return true;
}

/*
 * Adds the entry of slots @first..@first + @n - 1: SQLite's @days text
 * (parsed here, the window's slots only) or PostgreSQL's numbers @vals.
 */
static int add_entry(struct store_blocks *b, int64_t bucket_id, int64_t block,
		     int first, size_t n, const char *days, const int64_t *vals)
{
	struct blk_entry *e;
	int64_t lo, hi, last, mlen, *c;

	if (b->bad)
		return 0;
	if (first < 0 || first >= STORE_BLOCK_DAYS ||
	    n > (size_t)(STORE_BLOCK_DAYS - first)) {
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
	if (b->n == b->n_chunk * BLK_CHUNK) {
		int64_t **ch =
			realloc(b->chunk, (b->n_chunk + 1) * sizeof(*ch));

		if (!ch)
			return -ENOMEM;
		b->chunk = ch;
		ch[b->n_chunk] =
			malloc(BLK_CHUNK * STORE_BLOCK_DAYS * sizeof(**ch));
		if (!ch[b->n_chunk])
			return -ENOMEM;
		b->n_chunk++;
	}
	e = &b->e[b->n];
	e->bucket_id = bucket_id;
	e->block = block;
	c = b->chunk[b->n / BLK_CHUNK] + b->n % BLK_CHUNK * STORE_BLOCK_DAYS;
	e->c = c;
	/* only the window's days are read; the row must hold them */
	lo = b->qr->start_day - block;
	hi = b->qr->end_day - block;
	if (lo < 0)
		lo = 0;
	if (hi > STORE_BLOCK_DAYS - 1)
		hi = STORE_BLOCK_DAYS - 1;
	last = first + (int64_t)n - 1;
	if (lo <= hi && (first > lo || last < hi)) {
		b->bad = true;
		return 0;
	}
	/* slots past the month's end hold nothing */
	mlen = bucket_month_start(block + 31) - block;
	if (!(vals ? fill(c, lo, hi, mlen, first, NULL, vals) :
		     fill(c, lo, hi, mlen, first, days, NULL))) {
		b->bad = true;
		return 0;
	}
	b->n++;
	return 0;
}

int store_blocks_add(struct store_blocks *b, int64_t bucket_id, int64_t block,
		     int first, const char *days, size_t len)
{
	if (len % STORE_BLOCK_WIDTH) {
		b->bad = true;
		return 0;
	}
	return add_entry(b, bucket_id, block, first, len / STORE_BLOCK_WIDTH,
			 days, NULL);
}

int store_array_counts(const char *s, int64_t *v, int max)
{
	int n = 0;

	if (*s++ != '{')
		return -1;
	if (*s == '}')
		return s[1] ? -1 : 0;
	for (;;) {
		int64_t x = 0;
		int d = 0;

		for (; *s >= '0' && *s <= '9'; s++) {
			if (++d > STORE_BLOCK_WIDTH)
				return -1;
			x = x * 10 + (*s - '0');
		}
		if (!d || n == max)
			return -1;
		v[n++] = x;
		if (*s == ',') {
			s++;
			continue;
		}
		return *s == '}' && !s[1] ? n : -1;
	}
}

int store_blocks_add_array(struct store_blocks *b, int64_t bucket_id,
			   int64_t block, int first, const char *days)
{
	int64_t v[STORE_BLOCK_DAYS];
	int n;

	if (b->bad)
		return 0;
	n = store_array_counts(days, v, STORE_BLOCK_DAYS);
	if (n < 0) {
		b->bad = true;
		return 0;
	}
	return add_entry(b, bucket_id, block, first, (size_t)n, NULL, v);
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
 * are e[0..n) (in block order), in period order; @per: the period of each
 * day of the window.  Returns the bucket's hits in the window.
 */
static int64_t bucket_groups(const struct query *qr, const int64_t *per,
			     const struct blk_entry *const *e, size_t n,
			     void (*fn)(void *ctx, int64_t p, int64_t c),
			     void *ctx)
{
	int64_t total = 0, p = 0, acc = 0;
	bool open = false;

	for (size_t i = 0; i < n; i++) {
		int64_t base = e[i]->block;
		int64_t lo = qr->start_day - base, hi = qr->end_day - base;

		if (lo < 0)
			lo = 0;
		if (hi > STORE_BLOCK_DAYS - 1)
			hi = STORE_BLOCK_DAYS - 1;
		for (int64_t k = lo; k <= hi; k++) {
			int64_t v = e[i]->c[k], q;

			if (!v)
				continue;
			total += v;
			if (!fn)
				continue;
			q = per[base + k - qr->start_day];
			if (open && q != p) {
				fn(ctx, p, acc);
				acc = 0;
			}
			p = q;
			open = true;
			acc += v;
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

/*
 * The entries in (bucket, block) order: rows come block by block, each
 * block's in bucket order (the primary key's), so the runs are merged;
 * rows in any other order are sorted.  NULL if out of memory.
 */
static const struct blk_entry **bucket_order(struct store_blocks *b)
{
	const struct blk_entry **ord = malloc((b->n ? b->n : 1) * sizeof(*ord));
	size_t run[STORE_BLOCK_WINDOW_MAX / 28 + 2],
		end[sizeof(run) / sizeof(run[0])];
	size_t nr = 0, o = 0;
	bool sorted = true;

	if (!ord)
		return NULL;
	for (size_t i = 0; i < b->n && sorted; i++) {
		if (!i || b->e[i].block != b->e[i - 1].block) {
			if (nr == sizeof(run) / sizeof(run[0]) ||
			    (i && b->e[i].block < b->e[i - 1].block))
				sorted = false;
			else
				run[nr++] = i;
		} else if (b->e[i].bucket_id <= b->e[i - 1].bucket_id) {
			sorted = false;
		}
	}
	if (!sorted) {
		qsort(b->e, b->n, sizeof(*b->e), cmp_entry);
		for (size_t i = 0; i < b->n; i++)
			ord[i] = &b->e[i];
		return ord;
	}
	for (size_t r = 0; r < nr; r++)
		end[r] = r + 1 < nr ? run[r + 1] : b->n;
	while (o < b->n) {
		int64_t min = INT64_MAX;

		for (size_t r = 0; r < nr; r++)
			if (run[r] < end[r] && b->e[run[r]].bucket_id < min)
				min = b->e[run[r]].bucket_id;
		/* blocks ascend with r: the bucket's entries in block order */
		for (size_t r = 0; r < nr; r++)
			if (run[r] < end[r] && b->e[run[r]].bucket_id == min)
				ord[o++] = &b->e[run[r]++];
	}
	return ord;
}

/* rk[k] becomes the element of rank k in cmp_rank order (Wirth's select) */
static void select_rank(struct rank *rk, size_t n, size_t k)
{
	long l = 0, r = (long)n - 1, kk = (long)k;

	while (l < r) {
		struct rank x = rk[kk], t;
		long i = l, j = r;

		do {
			while (cmp_rank(&rk[i], &x) < 0)
				i++;
			while (cmp_rank(&x, &rk[j]) < 0)
				j--;
			if (i <= j) {
				t = rk[i];
				rk[i] = rk[j];
				rk[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			r = j;
	}
}

int store_blocks_page(struct store_blocks *b, struct store_block_group **ret,
		      size_t *ret_n, uint64_t *ret_total)
{
	const struct query *qr = b->qr;
	struct groups gs = { 0 };
	const struct blk_entry **ord = NULL;
	struct rank *rk = NULL;
	int64_t *per = NULL, limit_hits = 0, limit_id = 0;
	size_t nb = 0, k, lim;
	bool limited = false;
	int e = -ENOMEM;

	*ret = NULL;
	*ret_n = 0;
	*ret_total = 0;
	if (b->bad)
		return -EAGAIN;
	ord = bucket_order(b);
	per = malloc((qr->end_day - qr->start_day + 1) * sizeof(*per));
	rk = malloc((b->n ? b->n : 1) * sizeof(*rk));
	if (!ord || !per || !rk)
		goto out;
	for (int64_t d = qr->start_day; d <= qr->end_day; d++)
		per[d - qr->start_day] = period_of(qr, d);
	/* each bucket's hits in the window: rk, in bucket order */
	for (size_t i = 0, j; i < b->n; i = j) {
		for (j = i; j < b->n && ord[j]->bucket_id == ord[i]->bucket_id;
		     j++)
			;
		rk[nb++] = (struct rank){ ord[i]->bucket_id,
					  bucket_groups(qr, per, &ord[i], j - i,
							NULL, NULL) };
	}
	/*
	 * The bucket limit: the STORE_BUCKETS_MAX-th bucket by hits (then
	 * id) is the last one kept.
	 */
	if (qr->agg != QA_DAY) {
		struct rank *sel = malloc((nb ? nb : 1) * sizeof(*sel));
		size_t ns = 0;

		if (!sel)
			goto out;
		for (size_t i = 0; i < nb; i++)
			if (rk[i].hits > 0)
				sel[ns++] = rk[i];
		if (ns > STORE_BUCKETS_MAX) {
			select_rank(sel, ns, STORE_BUCKETS_MAX - 1);
			limited = true;
			limit_hits = sel[STORE_BUCKETS_MAX - 1].hits;
			limit_id = sel[STORE_BUCKETS_MAX - 1].bucket_id;
		}
		free(sel);
	}
	for (size_t i = 0, j, r = 0; i < b->n; i = j, r++) {
		for (j = i; j < b->n && ord[j]->bucket_id == ord[i]->bucket_id;
		     j++)
			;
		if (limited &&
		    (rk[r].hits < limit_hits ||
		     (rk[r].hits == limit_hits && rk[r].bucket_id > limit_id)))
			continue;
		gs.bucket_id = ord[i]->bucket_id;
		bucket_groups(qr, per, &ord[i], j - i, add_group, &gs);
		if (gs.oom)
			goto out;
	}
	e = 0;
	*ret_total = gs.n;
	if ((uint64_t)qr->skip >= gs.n || !qr->top)
		goto out;
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
	gs.g = NULL;
out:
	free(gs.g);
	free(ord);
	free(per);
	free(rk);
	return e;
}
