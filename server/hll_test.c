// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/hll.c: estimates within 3 standard errors
 * (3 x 1.04 / sqrt(1024) = 9.75%) at 10, 1,000 and 100,000 distinct
 * machines, small sets exact, merge = union, the stored form round-trips
 * and malformed blobs are refused.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"

#define TAP_SUITE "server hll"
#include "tap.h"

static uint64_t hash_of(unsigned long i)
{
	char id[40];
	int n = snprintf(id, sizeof(id), "machine-%08lx", i);

	return hll_hash(id, (size_t)n);
}

static struct hll *fill(unsigned long from, unsigned long to)
{
	struct hll *h = malloc(sizeof(*h));

	hll_init(h);
	for (unsigned long i = from; i < to; i++)
		hll_add(h, hash_of(i));
	return h;
}

static bool within(double est, double n)
{
	return fabs(est - n) <= 3 * 1.04 / sqrt(HLL_M) * n;
}

static void test_counts(void)
{
	static const unsigned long ns[] = { 10, 1000, 100000 };

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		struct hll *h = fill(0, ns[i]);
		double e = hll_estimate(h);

		CHECKF(within(e, (double)ns[i]), "%lu distinct: estimate %.1f",
		       ns[i], e);
		printf("# %lu distinct: %.1f (%+.2f%%)\n", ns[i], e,
		       100 * (e - ns[i]) / ns[i]);
		free(h);
	}
	/* repeats count once */
	{
		struct hll *h = fill(0, 10);

		for (int r = 0; r < 5; r++)
			for (unsigned long i = 0; i < 10; i++)
				hll_add(h, hash_of(i));
		CHECK(hll_count(h) == 10);
		free(h);
	}
}

/* Small sets are counted exactly (sparse linear counting), and so is 0. */
static void test_small(void)
{
	struct hll h;

	hll_init(&h);
	CHECK(hll_count(&h) == 0);
	for (unsigned long n = 1; n <= HLL_SPARSE_MAX; n++) {
		hll_add(&h, hash_of(n));
		CHECKF(hll_count(&h) == n, "%lu: %llu", n,
		       (unsigned long long)hll_count(&h));
	}
}

/*
 * The dense form's small-range correction: just past the sparse limit,
 * linear counting over the 1024 registers, within 3 standard errors.
 */
static void test_small_range(void)
{
	struct hll *h = fill(0, 300);
	double e = hll_estimate(h);

	CHECK(h->dense);
	CHECKF(within(e, 300), "300 distinct: %.1f", e);
	free(h);
}

static void test_merge(void)
{
	/* overlapping halves: 0..60000 and 40000..100000 */
	struct hll *a = fill(0, 60000), *b = fill(40000, 100000);
	struct hll *all = fill(0, 100000), *s1 = fill(0, 50),
		   *s2 = fill(30, 90);
	double e;

	hll_merge(a, b);
	CHECK(!memcmp(a->reg, all->reg, HLL_M)); /* exactly the union */
	e = hll_estimate(a);
	CHECKF(within(e, 100000), "union: %.1f", e);
	/* sparse + sparse */
	hll_merge(s1, s2);
	CHECK(!s1->dense && hll_count(s1) == 90);
	/* sparse + dense and dense + sparse give the same registers */
	{
		struct hll *x = fill(0, 100), *y = fill(100, 5000);
		struct hll *z = fill(100, 5000), *w = fill(0, 100);
		struct hll *u = fill(0, 5000);

		hll_merge(x, y);
		hll_merge(z, w);
		CHECK(x->dense && z->dense);
		CHECK(!memcmp(x->reg, u->reg, HLL_M));
		CHECK(!memcmp(z->reg, u->reg, HLL_M));
		free(x);
		free(y);
		free(z);
		free(w);
		free(u);
	}
	free(a);
	free(b);
	free(all);
	free(s1);
	free(s2);
}

static void test_blob(void)
{
	uint8_t buf[HLL_BLOB_MAX], bad[8] = { 0 };
	struct hll *a = fill(0, 20), *b = malloc(sizeof(*b));
	size_t n;

	n = hll_store(a, buf);
	CHECK(n == 80);
	hll_init(b);
	CHECK(hll_merge_blob(b, buf, n) == 0);
	CHECK(!b->dense && b->n == 20 && !memcmp(a->sp, b->sp, 80));
	/* empty blob: the empty sketch */
	CHECK(hll_merge_blob(b, buf, 0) == 0 && hll_count(b) == 20);
	free(a);
	/* dense round trip, packed; and the one-byte form PostgreSQL writes */
	a = fill(0, 3000);
	n = hll_store(a, buf);
	CHECK(n == HLL_PACKED);
	hll_init(b);
	CHECK(hll_merge_blob(b, buf, n) == 0);
	CHECK(b->dense && !memcmp(a->reg, b->reg, HLL_M));
	hll_init(b);
	CHECK(hll_merge_blob(b, a->reg, HLL_M) == 0);
	CHECK(b->dense && !memcmp(a->reg, b->reg, HLL_M));
	/* a packed register above 55 is refused too */
	memset(buf, 0xff, HLL_PACKED);
	CHECK(hll_merge_blob(b, buf, HLL_PACKED) == -EINVAL);
	n = hll_store(a, buf);
	/* malformed: odd length, zero rank, unsorted, register too high */
	CHECK(hll_merge_blob(b, bad, 3) == -EINVAL);
	CHECK(hll_merge_blob(b, bad, 4) == -EINVAL);
	memcpy(bad, "\x00\x00\x01\x01\x00\x00\x00\x41", 8);
	CHECK(hll_merge_blob(b, bad, 8) == -EINVAL);
	buf[7] = 200;
	CHECK(hll_merge_blob(b, buf, HLL_M) == -EINVAL);
	CHECK(hll_merge_blob(b, buf, HLL_M + 4) == -EINVAL);
	free(a);
	free(b);
}

/* Well mixed: the top 10 bits of 100,000 ids fill the registers evenly. */
static void test_hash(void)
{
	static unsigned int cnt[HLL_M];
	double chi = 0, exp = 100000.0 / HLL_M;

	for (unsigned long i = 0; i < 100000; i++)
		cnt[hash_of(i) >> (64 - HLL_P)]++;
	for (unsigned int i = 0; i < HLL_M; i++)
		chi += (cnt[i] - exp) * (cnt[i] - exp) / exp;
	/* 1023 degrees of freedom: mean 1023, sd 45; 6 sd */
	CHECKF(chi < 1023 + 6 * 45.2, "chi-square %.1f", chi);
	CHECK(hll_hash("a", 1) != hll_hash("b", 1));
}

int main(void)
{
	test_counts();
	done("10, 1,000 and 100,000 distinct within 3 standard errors");
	test_small();
	done("1 to 191 distinct exactly (the sparse form)");
	test_small_range();
	done("small-range correction");
	test_merge();
	done("merge is union");
	test_blob();
	done("stored form");
	test_hash();
	done("hash");
	return tap_end();
}
