// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/store_blocks.c against a plain model of
 * failurehits by failureHash: every group computed, every bucket ranked
 * and every group sorted, on random daily hits (many ties), random
 * windows, aggregation levels, orders, skip and top; rows fed in key
 * order and shuffled, as SQLite's fixed-width text and as PostgreSQL's
 * array slices, one row per bucket and month; malformed rows must ask for
 * the SQL path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store.h"

#define TAP_SUITE "server store_blocks"
#include "tap.h"

#define N_BUCKETS 1300 /* more than STORE_BUCKETS_MAX */
#define DAY0 20454 /* 2026-01-01, a month's first day */
#define N_DAYS 120 /* January to April */

static int64_t hits[N_BUCKETS][N_DAYS];

struct grp {
	int64_t p, id, c;
};

static const struct query *mq;

static int model_cmp(const void *pa, const void *pb)
{
	const struct grp *a = pa, *b = pb;

	for (unsigned int i = 0; i < mq->n_explicit; i++) {
		int64_t x = mq->order[i] == QF_DATE ? a->p : a->c;
		int64_t y = mq->order[i] == QF_DATE ? b->p : b->c;

		if (x != y)
			return (x < y) != mq->order_desc[i] ? -1 : 1;
	}
	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int64_t label(const struct query *q, int64_t d)
{
	switch (q->agg) {
	case QA_WEEK:
		return bucket_week_start(d);
	case QA_MONTH:
		return bucket_month_start(d);
	case QA_ALL:
		return q->start_day;
	default:
		return d;
	}
}

static int64_t window_hits(const struct query *q, int b)
{
	int64_t s = 0;

	for (int64_t d = q->start_day; d <= q->end_day; d++)
		s += hits[b][d - DAY0];
	return s;
}

/* the model: every group, sorted; returns the count, fills @out */
static size_t model(const struct query *q, struct grp *out)
{
	static bool keep[N_BUCKETS];
	static int64_t wh[N_BUCKETS];
	size_t n = 0;

	for (int b = 0; b < N_BUCKETS; b++) {
		wh[b] = window_hits(q, b);
		keep[b] = wh[b] > 0;
	}
	if (q->agg != QA_DAY) {
		/* keep the STORE_BUCKETS_MAX first by hits, then id */
		for (int b = 0; b < N_BUCKETS; b++) {
			int better = 0;

			if (!wh[b])
				continue;
			for (int o = 0; o < N_BUCKETS; o++)
				if (wh[o] > wh[b] || (o < b && wh[o] == wh[b]))
					better++;
			if (better >= STORE_BUCKETS_MAX)
				keep[b] = false;
		}
	}
	for (int b = 0; b < N_BUCKETS; b++) {
		if (!keep[b])
			continue;
		for (int64_t d = q->start_day; d <= q->end_day; d++) {
			int64_t v = hits[b][d - DAY0], p = label(q, d);

			if (!v)
				continue;
			if (n && out[n - 1].id == b + 1 && out[n - 1].p == p)
				out[n - 1].c += v;
			else
				out[n++] = (struct grp){ p, b + 1, v };
		}
	}
	mq = q;
	qsort(out, n, sizeof(*out), model_cmp);
	return n;
}

/* the month row's slot @k: day m + k of that month, 0 past its end */
static int64_t slot(int b, int64_t m, int k)
{
	int64_t d = m + k;

	if (d >= bucket_month_start(m + 31) || d < DAY0 || d >= DAY0 + N_DAYS)
		return 0;
	return hits[b][d - DAY0];
}

/*
 * runs store_blocks on @q; @form 0: text in key order, 1: shuffled,
 * 2: arrays (the window's slices)
 */
static int run(const struct query *q, int form, struct store_block_group **pg,
	       size_t *n, uint64_t *total)
{
	static int64_t rows[N_BUCKETS * 8][2];
	struct store_blocks *sb = store_blocks_new(q);
	int64_t m0 = bucket_month_start(q->start_day);
	int64_t m1 = bucket_month_start(q->end_day);
	int no = 0, e = 0;

	for (int64_t m = m0; m <= m1; m = bucket_month_start(m + 31))
		for (int b = 0; b < N_BUCKETS; b++) {
			rows[no][0] = m;
			rows[no++][1] = b;
		}
	if (form == 1)
		for (int i = no - 1; i > 0; i--) {
			int j = rand() % (i + 1);
			int64_t t0 = rows[i][0], t1 = rows[i][1];

			rows[i][0] = rows[j][0];
			rows[i][1] = rows[j][1];
			rows[j][0] = t0;
			rows[j][1] = t1;
		}
	for (int i = 0; i < no && !e; i++) {
		int64_t m = rows[i][0];
		int b = (int)rows[i][1];
		char buf[STORE_BLOCK_DAYS * (STORE_BLOCK_WIDTH + 1) + 3];
		size_t len = 0;

		if (form < 2) {
			for (int k = 0; k < STORE_BLOCK_DAYS; k++)
				len += snprintf(buf + len, sizeof(buf) - len,
						"%012lld",
						(long long)slot(b, m, k));
			e = store_blocks_add(sb, b + 1, m, 0, buf, len);
		} else {
			/* the window's slice, as PostgreSQL sends it */
			int f = m == m0 ? (int)(q->start_day - m0) : 0;
			int l = m == m1 ? (int)(q->end_day - m1) :
					  STORE_BLOCK_DAYS - 1;

			buf[len++] = '{';
			for (int k = f; k <= l; k++)
				len += snprintf(buf + len, sizeof(buf) - len,
						"%s%lld", k > f ? "," : "",
						(long long)slot(b, m, k));
			buf[len++] = '}';
			buf[len] = '\0';
			e = store_blocks_add_array(sb, b + 1, m, f, buf);
		}
	}
	if (!e)
		e = store_blocks_page(sb, pg, n, total);
	store_blocks_free(sb);
	return e;
}

static void test_random(void)
{
	static struct grp want[N_BUCKETS * N_DAYS];
	static const unsigned int tops[] = { 1, 7, 100, 1000, 100000 };
	int bad = 0, cases = 0, limited = 0;

	srand(42);
	for (int b = 0; b < N_BUCKETS; b++)
		for (int d = 0; d < N_DAYS; d++)
			hits[b][d] = rand() % 4 ? 0 : 1 + rand() % (b % 7 + 1);
	for (int k = 0; k < 300; k++) {
		struct query q = { 0 };
		struct store_block_group *pg = NULL;
		size_t n, nw;
		uint64_t total;
		int form = k % 3;

		q.start_day = DAY0 + rand() % N_DAYS;
		q.end_day =
			q.start_day + rand() % (DAY0 + N_DAYS - q.start_day);
		q.agg = (enum query_agg)(rand() % 4);
		q.group[QF_FAILURE_HASH] = true;
		q.n_explicit = rand() % 3;
		for (unsigned int i = 0; i < q.n_explicit; i++) {
			q.order[i] = (i == 0) == (rand() % 2 == 0) ?
					     QF_DATE :
					     QF_EVENT_COUNT;
			q.order_desc[i] = rand() % 2;
		}
		if (q.n_explicit == 2 && q.order[0] == q.order[1])
			q.order[1] = q.order[0] == QF_DATE ? QF_EVENT_COUNT :
							     QF_DATE;
		q.top = tops[rand() % 5];
		q.skip = rand() % 3 ? 0 : rand() % 3000;
		nw = model(&q, want);
		if (run(&q, form, &pg, &n, &total)) {
			bad++;
			continue;
		}
		cases++;
		if (q.agg != QA_DAY && q.end_day - q.start_day > 20)
			limited++;
		if (total != nw || n != (q.skip >= nw	     ? 0 :
					 nw - q.skip < q.top ? nw - q.skip :
							       q.top))
			bad++;
		for (size_t i = 0; i < n && !bad; i++)
			if (pg[i].period != want[q.skip + i].p ||
			    pg[i].bucket_id != want[q.skip + i].id ||
			    pg[i].count != want[q.skip + i].c)
				bad++;
		free(pg);
	}
	CHECKF(bad == 0, "%d of %d cases differ", bad, cases);
	CHECK(limited > 20);
}

static void test_malformed(void)
{
	struct query q = { .start_day = DAY0,
			   .end_day = DAY0 + 20,
			   .agg = QA_WEEK,
			   .top = 10 };
	struct store_block_group *pg = NULL;
	size_t n;
	uint64_t total;
	char buf[STORE_BLOCK_DAYS * STORE_BLOCK_WIDTH + 1];
	struct store_blocks *sb;

	q.group[QF_FAILURE_HASH] = true;
	memset(buf, '0', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	buf[5 * STORE_BLOCK_WIDTH + 3] = 'x'; /* a value that did not fit */
	sb = store_blocks_new(&q);
	store_blocks_add(sb, 1, DAY0, 0, buf, strlen(buf));
	CHECK(store_blocks_page(sb, &pg, &n, &total) == -EAGAIN);
	store_blocks_free(sb);
	sb = store_blocks_new(&q); /* too short */
	store_blocks_add(sb, 1, DAY0, 0, buf, 100);
	CHECK(store_blocks_page(sb, &pg, &n, &total) == -EAGAIN);
	store_blocks_free(sb);
	sb = store_blocks_new(&q); /* a slice that misses window days */
	store_blocks_add_array(sb, 1, DAY0, 3, "{1,2}");
	CHECK(store_blocks_page(sb, &pg, &n, &total) == -EAGAIN);
	store_blocks_free(sb);
	sb = store_blocks_new(&q);
	store_blocks_add_array(sb, 1, DAY0, 0, "{1,-2}");
	CHECK(store_blocks_page(sb, &pg, &n, &total) == -EAGAIN);
	store_blocks_free(sb);
	q.start_day = DAY0 + 31; /* February's 29th day in 2026 */
	q.end_day = DAY0 + 70;
	sb = store_blocks_new(&q);
	store_blocks_add_array(sb, 1, DAY0 + 31, 0,
			       "{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
			       "0,0,0,0,0,1,0,0}");
	CHECK(store_blocks_page(sb, &pg, &n, &total) == -EAGAIN);
	store_blocks_free(sb);
	{ /* PostgreSQL's array text */
		int64_t v[STORE_BLOCK_DAYS];

		CHECK(store_array_counts("{}", v, 2) == 0);
		CHECK(store_array_counts("{7,0,123456789012}", v, 3) == 3 &&
		      v[0] == 7 && v[1] == 0 && v[2] == 123456789012);
		CHECK(store_array_counts("{1,2,3}", v, 2) == -1);
		CHECK(store_array_counts("{1234567890123}", v, 2) == -1);
		CHECK(store_array_counts("{1,,2}", v, 3) == -1);
		CHECK(store_array_counts("{1,}", v, 3) == -1);
		CHECK(store_array_counts("{1", v, 3) == -1);
		CHECK(store_array_counts("{1}x", v, 3) == -1);
		CHECK(store_array_counts("{NULL}", v, 3) == -1);
		CHECK(store_array_counts("1,2", v, 3) == -1);
	}
	q.start_day = -3; /* days before 0 are not kept in blocks */
	CHECK(!store_blocks_ok(&q, STORE_PLAN_BUCKET));
	q.start_day = DAY0;
	q.end_day = DAY0 + STORE_BLOCK_WINDOW_MAX;
	CHECK(!store_blocks_ok(&q, STORE_PLAN_BUCKET));
	q.end_day = DAY0 + 5;
	CHECK(store_blocks_ok(&q, STORE_PLAN_BUCKET));
	q.machines = true;
	CHECK(!store_blocks_ok(&q, STORE_PLAN_BUCKET));
}

int main(void)
{
	test_random();
	done("random");
	test_malformed();
	done("malformed");
	return tap_end();
}
