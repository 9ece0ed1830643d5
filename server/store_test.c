// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/store.c: which backend a --db names, and the form
 * of it that may be logged (no password).
 */
#include <stdlib.h>
#include <string.h>

#include "bucket.h"
#include "store.h"

#define TAP_SUITE "server store"
#include "tap.h"

static const char *shown(const char *spec)
{
	static char buf[512];

	store_spec_redact(spec, buf, sizeof(buf));
	return buf;
}

static void test_is_pg(void)
{
	CHECK(store_is_pg("postgresql://db.example/bugcheck"));
	CHECK(store_is_pg("postgres:///bugcheck?host=/run/postgresql"));
	CHECK(!store_is_pg("/var/lib/bugcheck-server/reports.sqlite"));
	CHECK(!store_is_pg("postgresql:/x")); /* no "//": a relative path */
	CHECK(!store_is_pg("./postgresql://x"));
	CHECK(!store_is_pg(""));
}

static void test_redact(void)
{
	CHECK_STR(shown("/srv/a:b@c.sqlite"), "/srv/a:b@c.sqlite");
	CHECK_STR(shown("postgresql://db/x"), "postgresql://db/x");
	CHECK_STR(shown("postgresql://bc@db/x"), "postgresql://bc@db/x");
	CHECK_STR(shown("postgresql://bc:s3cret@db:5432/x"),
		  "postgresql://bc:***@db:5432/x");
	CHECK_STR(shown("postgres://bc:p@ss:w@db/x"), "postgres://bc:***@db/x");
	/* an '@' after the host part is not user information */
	CHECK_STR(shown("postgresql://db/x?application_name=a:b@c"),
		  "postgresql://db/x?application_name=a:b@c");
	CHECK_STR(shown("postgresql:///x?host=/run&password=hunter2&user=bc"),
		  "postgresql:///x?host=/run&password=***&user=bc");
	CHECK_STR(shown("postgresql:///x?password=hunter2"),
		  "postgresql:///x?password=***");
	CHECK(!strstr(shown("postgresql://u:hunter2@h/d?password=hunter2"),
		      "hunter2"));
}

/* Days 0..N_DAYS-1 of a synthetic rollup: hits and rows per day. */
#define DAY0 20700 /* 2026-09-04 */
#define N_DAYS 200
static int64_t hits[N_DAYS];
static int has_rows[N_DAYS];

static int64_t rows(void *ctx, int64_t from, int64_t to)
{
	int64_t n = 0;

	(void)ctx;
	for (int64_t d = from; d <= to; d++)
		if (d >= DAY0 && d < DAY0 + N_DAYS)
			n += has_rows[d - DAY0];
	return n;
}

static int64_t hits_on(int64_t from, int64_t to)
{
	int64_t n = 0;

	for (int64_t d = from; d <= to; d++)
		if (d >= DAY0 && d < DAY0 + N_DAYS)
			n += hits[d - DAY0];
	return n;
}

/* What the derived table sums to: whole periods lo..hi plus the spans. */
static int64_t planned(const struct store_period_src *p, bool month)
{
	int64_t n = 0;

	for (int64_t d = DAY0 - 40; d < DAY0 + N_DAYS + 40; d++) {
		int64_t ps = month ? bucket_month_start(d) :
				     bucket_week_start(d);

		if (ps >= p->lo && ps <= p->hi && d >= DAY0 &&
		    d < DAY0 + N_DAYS)
			n += hits[d - DAY0];
	}
	for (int i = 0; i < p->n_span; i++)
		n += p->span[i].sign * hits_on(p->span[i].from, p->span[i].to);
	return n;
}

static void test_period_plan(void)
{
	struct store_period_src p;
	int64_t nov1 = 20758, dec1 = 20788; /* 2026-11-01, 2026-12-01 */
	char buf[2048];
	int bad = 0;

	/* every day has rows: the cheaper side at each edge */
	for (int i = 0; i < N_DAYS; i++)
		has_rows[i] = 1;
	/* Nov 25 .. Dec 3: both edges read their days inside (6 and 3) */
	store_period_plan(nov1 + 24, dec1 + 2, true, rows, NULL, &p);
	CHECK(p.lo > p.hi && p.n_span == 2);
	CHECK(p.span[0].sign == 1 && p.span[0].from == nov1 + 24 &&
	      p.span[0].to == dec1 - 1);
	CHECK(p.span[1].sign == 1 && p.span[1].from == dec1 &&
	      p.span[1].to == dec1 + 2);
	/* Nov 4 .. Dec 28: November less Nov 1-3, December less 29-31 */
	store_period_plan(nov1 + 3, dec1 + 27, true, rows, NULL, &p);
	CHECK(p.lo == nov1 && p.hi == dec1 && p.n_span == 2);
	CHECK(p.span[0].sign == -1 && p.span[0].from == nov1 &&
	      p.span[0].to == nov1 + 2);
	CHECK(p.span[1].sign == -1 && p.span[1].from == dec1 + 28 &&
	      p.span[1].to == dec1 + 30);
	/* one week, Tuesday to Sunday: the week less its Monday */
	store_period_plan(20788, 20793, false, rows, NULL, &p);
	CHECK(p.lo == 20787 && p.hi == 20787 && p.n_span == 1 &&
	      p.span[0].sign == -1 && p.span[0].from == 20787 &&
	      p.span[0].to == 20787);
	CHECK(store_period_from(buf, sizeof(buf), &p, "week", "weekly_bucket",
				"daily_bucket", "bucket_id", ""));
	CHECK_STR(buf,
		  "(SELECT week AS week, bucket_id, hits AS hits"
		  " FROM weekly_bucket WHERE week BETWEEN 20787 AND 20787"
		  " UNION ALL SELECT week AS week, bucket_id, -hits AS hits"
		  " FROM daily_bucket WHERE day BETWEEN 20787 AND 20787)");
	CHECK(!store_period_from(buf, 40, &p, "week", "weekly_bucket",
				 "daily_bucket", "bucket_id", ""));
	/* future days without rows: the period's row, nothing subtracted read */
	for (int i = 0; i < N_DAYS; i++)
		has_rows[i] = DAY0 + i <= dec1 + 2;
	store_period_plan(nov1 + 3, dec1 + 2, true, rows, NULL, &p);
	CHECK(p.lo == nov1 && p.hi == dec1);
	/*
	 * Any window, any rows: the planned sum is the window's.  Random
	 * hits and rows (a day may have rows and no hits in this model:
	 * the plan's choice must not matter for the sum).
	 */
	srand(15);
	for (int i = 0; i < N_DAYS; i++) {
		hits[i] = rand() % 5;
		has_rows[i] = rand() % 3 != 0;
	}
	for (int k = 0; k < 4000; k++) {
		int64_t a = DAY0 - 10 + rand() % (N_DAYS + 20);
		int64_t b = a + rand() % 70;
		bool month = k & 1;

		store_period_plan(a, b, month, rows, NULL, &p);
		if (planned(&p, month) != hits_on(a, b) || p.n_span > 3)
			bad++;
	}
	CHECK(bad == 0);
}

int main(void)
{
	test_period_plan();
	done("period_plan");
	test_is_pg();
	done("is_pg");
	test_redact();
	done("redact");
	return tap_end();
}
