/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regressions: buckets that are new in a kernel release (or module
 * version), or whose rate per machine-day rose against the previous one
 * by more than chance explains.  Pure logic on hit counts and census
 * machine-days; http.c feeds it from failurehits and the census.
 *
 * The test.  With h hits on release K over m machine-days and h' hits on
 * the previous release K' over m' machine-days, and equal rates on both
 * (the null hypothesis, hits a Poisson process per machine-day), the hits
 * on K given the n = h + h' hits on both are Binomial(n, m / (m + m')).
 * The p-value is the upper tail P(X >= h): the chance of at least that
 * many of the hits falling on K if nothing changed.  A rate that rose
 * with p below the threshold (0.01 by default) is a regression.  This is
 * the exact conditional test for comparing two Poisson rates (Przyborowski
 * and Wilenski, 1940).
 */
#ifndef BUGCHECK_SERVER_REGRESS_H
#define BUGCHECK_SERVER_REGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REGRESS_THRESHOLD 0.01

/* P(X >= k) for X ~ Binomial(n, p), 0 < p < 1; 1 for k == 0. */
double regress_binom_upper(uint64_t k, uint64_t n, double p);

/* Hits of one bucket on one release of a group (a module, or "" for the
 * kernel). */
struct regress_cell {
	const char *bucket;
	const char *name; /* the bucket's failure name, passed through */
	const char *group;
	const char *release;
	uint64_t hits;
};

/* Machine-days of one release of a group, from the census. */
struct regress_den {
	const char *group;
	const char *release;
	uint64_t machine_days;
};

/**
 * struct regress_finding - a bucket flagged on one release
 * @cell:      the bucket, group and release (index into the cells)
 * @previous:  the previous release of the group that has machine-days
 * @days:      machine-days of the release
 * @prev_hits: the bucket's hits on @previous
 * @prev_days: machine-days of @previous
 * @is_new:    the bucket has no hit on any earlier release of the group
 * @p:         the test's p-value
 */
struct regress_finding {
	size_t cell;
	const char *previous;
	uint64_t days;
	uint64_t prev_hits;
	uint64_t prev_days;
	bool is_new;
	double p;
};

/**
 * regress_find() - the regressions among @cells
 * @cells, @n:      hits per bucket, group and release (reordered; the
 *                  hits of repeated cells are summed into the first)
 * @dens, @nd:      machine-days per group and release (reordered)
 * @threshold:      p-value below which a rise is flagged
 * @ret, @ret_n:    the findings (malloc'd), most machine-days first
 *
 * Only releases with machine-days are judged, against the greatest
 * earlier release of the same group that has machine-days (version
 * order, bucket_version_cmp()).  A bucket is new on a release when it has
 * hits there and none on any earlier release of the group.
 *
 * Return: 0 or -ENOMEM.
 */
int regress_find(struct regress_cell *cells, size_t n, struct regress_den *dens,
		 size_t nd, double threshold, struct regress_finding **ret,
		 size_t *ret_n);

#endif /* BUGCHECK_SERVER_REGRESS_H */
