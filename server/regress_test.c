// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the regression test (server/regress.c): binomial tails
 * against values worked out by hand, and which buckets are flagged.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regress.h"

#define TAP_SUITE "server regress"
#include "tap.h"

static bool near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (fabs(b) > 1 ? fabs(b) : 1);
}

static void test_tail(void)
{
	/* C(13,12) + C(13,13) = 14 of 2^13 */
	CHECK(near(regress_binom_upper(12, 13, 0.5), 14.0 / 8192));
	/* C(12,7..12) = 792 + 495 + 220 + 66 + 12 + 1 = 1586 of 2^12 */
	CHECK(near(regress_binom_upper(7, 12, 0.5), 1586.0 / 4096));
	/* below the mean: 1 - (1 + 10 + 45) / 2^10 */
	CHECK(near(regress_binom_upper(3, 10, 0.5), 968.0 / 1024));
	CHECK(regress_binom_upper(0, 10, 0.3) == 1);
	CHECK(regress_binom_upper(11, 10, 0.3) == 0);
	/* 0.9^5 */
	CHECK(near(regress_binom_upper(5, 5, 0.9), pow(0.9, 5)));
	/* large n: 1/2 + P(X = 5000) / 2, P(X = 5000) = 0.0079786... */
	CHECK(fabs(regress_binom_upper(5000, 10000, 0.5) - 0.503989) < 1e-5);
	/* far tail, no underflow to a negative or NaN */
	CHECK(regress_binom_upper(900000, 1000000, 0.5) >= 0);
}

static const struct regress_finding *
find(const struct regress_finding *f, size_t n,
     const struct regress_cell *cells, const char *bucket, const char *release)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cells[f[i].cell].bucket, bucket) &&
		    !strcmp(cells[f[i].cell].release, release))
			return &f[i];
	return NULL;
}

static void test_find(void)
{
	struct regress_cell cells[] = {
		{ "A", "a", "", "6.1.0-901", 10 },
		{ "A", "a", "", "6.1.0-900", 1 },
		{ "B", "b", "", "6.1.0-900", 5 },
		{ "B", "b", "", "6.1.0-901", 7 },
		{ "C", "c", "", "6.1.0-901", 3 },
		{ "D", "d", "", "6.1.0-77", 4 },
		{ "D", "d", "", "6.1.0-901", 3 },
		{ "E", "e", "wl", "6.30.2", 9 },
		{ "E", "e", "wl", "6.30.10", 30 },
		/* A's other period: 12 hits on 6.1.0-901 in all */
		{ "A", "a", "", "6.1.0-901", 2 },
	};
	struct regress_den dens[] = {
		{ "", "6.1.0-901", 50 }, { "", "6.1.0-900", 50 },
		{ "", "6.1.0-77", 0 },	 { "wl", "6.30.10", 100 },
		{ "wl", "6.30.2", 100 },
	};
	struct regress_finding *f;
	const struct regress_finding *a, *c, *d, *e;
	size_t n;

	CHECK(regress_find(cells, 10, dens, 5, REGRESS_THRESHOLD, &f, &n) == 0);
	a = find(f, n, cells, "A", "6.1.0-901");
	CHECK(a && !a->is_new && a->prev_hits == 1 && a->days == 50 &&
	      cells[a->cell].hits == 12 && !strcmp(a->previous, "6.1.0-900") &&
	      fabs(a->p - 14.0 / 8192) < 1e-12);
	/* 7 against 5 on equal fleets: chance */
	CHECK(!find(f, n, cells, "B", "6.1.0-901"));
	c = find(f, n, cells, "C", "6.1.0-901");
	CHECK(c && c->is_new && c->prev_hits == 0);
	/* hits on an earlier release (without machine-days) are not new */
	d = find(f, n, cells, "D", "6.1.0-901");
	CHECK(!d || !d->is_new);
	/* nothing before 6.1.0-900 has machine-days: it is not judged */
	CHECK(!find(f, n, cells, "A", "6.1.0-900"));
	/* module versions in version order: 6.30.10 follows 6.30.2 */
	e = find(f, n, cells, "E", "6.30.10");
	CHECK(e && !e->is_new && e->prev_hits == 9 && e->p < 0.01);
	CHECK(!find(f, n, cells, "E", "6.30.2"));
	/* most machine-days first */
	for (size_t i = 1; i < n; i++)
		CHECK(f[i - 1].days >= f[i].days);
	free(f);
}

int main(void)
{
	test_tail();
	done("binomial upper tail against hand-worked values");
	test_find();
	done("flagged: a rise beyond chance, a new bucket; not: chance, unjudged releases");
	return tap_end();
}
