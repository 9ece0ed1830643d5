// SPDX-License-Identifier: GPL-2.0
/*
 * Regressions (regress.h): the binomial tail and the walk over releases.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "regress.h"

/* log of C(n, i) p^i (1-p)^(n-i) */
static double log_term(uint64_t i, uint64_t n, double lp, double lq)
{
	return lgamma((double)n + 1) - lgamma((double)i + 1) -
	       lgamma((double)(n - i) + 1) + (double)i * lp +
	       (double)(n - i) * lq;
}

/*
 * Sum of the terms from @from stepping by @step (+1 or -1) while they
 * matter: the terms fall monotonically away from the mode, which the
 * caller starts beyond.
 */
static double tail(uint64_t from, uint64_t n, double lp, double lq, int step)
{
	double sum = 0, t;
	uint64_t i = from;

	for (;;) {
		t = exp(log_term(i, n, lp, lq));
		sum += t;
		if (t < sum * 1e-17 || (step > 0 ? i == n : i == 0))
			break;
		i += step;
	}
	return sum;
}

double regress_binom_upper(uint64_t k, uint64_t n, double p)
{
	double lp = log(p), lq = log1p(-p), v;

	if (k == 0)
		return 1;
	if (k > n)
		return 0;
	/* sum the short side: from k up when k is past the mean */
	if ((double)k >= (double)n * p)
		v = tail(k, n, lp, lq, 1);
	else
		v = 1 - tail(k - 1, n, lp, lq, -1);
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static int cell_cmp(const void *a, const void *b)
{
	const struct regress_cell *x = a, *y = b;
	int c = strcmp(x->bucket, y->bucket);

	if (!c)
		c = strcmp(x->group, y->group);
	return c ? c : bucket_version_cmp(x->release, y->release);
}

static int den_cmp(const void *a, const void *b)
{
	const struct regress_den *x = a, *y = b;
	int c = strcmp(x->group, y->group);

	return c ? c : bucket_version_cmp(x->release, y->release);
}

/* The census entry of (@group, @release), or NULL. */
static const struct regress_den *den_of(const struct regress_den *d, size_t n,
					const char *group, const char *release)
{
	struct regress_den key = { .group = group, .release = release };

	return bsearch(&key, d, n, sizeof(*d), den_cmp);
}

/* The greatest release of @group before @release with machine-days. */
static const struct regress_den *den_before(const struct regress_den *d,
					    size_t n, const char *group,
					    const char *release)
{
	const struct regress_den *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].group, group) && d[i].machine_days &&
		    bucket_version_cmp(d[i].release, release) < 0)
			best = &d[i]; /* sorted: the last one is the greatest */
	return best;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct regress_finding *x = a, *y = b;

	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

int regress_find(struct regress_cell *cells, size_t n, struct regress_den *dens,
		 size_t nd, double threshold, struct regress_finding **ret,
		 size_t *ret_n)
{
	struct regress_finding *out = NULL, *grown;
	size_t nout = 0, run = 0;

	*ret = NULL;
	*ret_n = 0;
	qsort(cells, n, sizeof(*cells), cell_cmp);
	qsort(dens, nd, sizeof(*dens), den_cmp);
	/* one cell per bucket, group and release (rows of several periods) */
	for (size_t i = 1, k = 0; i < n; i++) {
		if (!strcmp(cells[i].bucket, cells[k].bucket) &&
		    !strcmp(cells[i].group, cells[k].group) &&
		    !strcmp(cells[i].release, cells[k].release)) {
			cells[k].hits += cells[i].hits;
			cells[i].hits = 0;
		} else {
			k = i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct regress_den *dk, *dp;
		struct regress_finding f = { .cell = i };
		uint64_t earlier = 0;
		double p;

		/* the run of cells of this bucket and group */
		if (i == 0 || strcmp(cells[i].bucket, cells[i - 1].bucket) ||
		    strcmp(cells[i].group, cells[i - 1].group))
			run = i;
		for (size_t j = run; j < i; j++)
			if (bucket_version_cmp(cells[j].release,
					       cells[i].release) < 0)
				earlier += cells[j].hits;
		dk = den_of(dens, nd, cells[i].group, cells[i].release);
		if (!cells[i].hits || !dk || !dk->machine_days)
			continue;
		dp = den_before(dens, nd, cells[i].group, cells[i].release);
		if (!dp)
			continue; /* nothing to compare with */
		for (size_t j = run;
		     j < n && !strcmp(cells[j].bucket, cells[i].bucket) &&
		     !strcmp(cells[j].group, cells[i].group);
		     j++)
			if (!bucket_version_cmp(cells[j].release, dp->release))
				f.prev_hits += cells[j].hits;
		p = (double)dk->machine_days /
		    ((double)dk->machine_days + (double)dp->machine_days);
		f.p = regress_binom_upper(cells[i].hits,
					  cells[i].hits + f.prev_hits, p);
		f.is_new = earlier == 0;
		f.previous = dp->release;
		f.days = dk->machine_days;
		f.prev_days = dp->machine_days;
		/* a rise: a higher rate, and more than chance explains */
		if (!f.is_new &&
		    !(f.p < threshold &&
		      (double)cells[i].hits * (double)dp->machine_days >
			      (double)f.prev_hits * (double)dk->machine_days))
			continue;
		grown = realloc(out, (nout + 1) * sizeof(*out));
		if (!grown) {
			free(out);
			return -ENOMEM;
		}
		out = grown;
		out[nout++] = f;
	}
	if (nout)
		qsort(out, nout, sizeof(*out), finding_cmp);
	*ret = out;
	*ret_n = nout;
	return 0;
}
