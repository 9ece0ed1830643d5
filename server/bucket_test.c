// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure bucketing logic (server/bucket.c).
 */
#include <errno.h>
#include <stdint.h>

#include "bucket.h"

#define TAP_SUITE "server bucket"
#include "tap.h"

static void test_calendar(void)
{
	char buf[BUCKET_DATE_LEN];
	int64_t d, y;
	unsigned int m, dd;

	CHECK(bucket_days_from_civil(1970, 1, 1) == 0);
	CHECK(bucket_days_from_civil(2000, 3, 1) == 11017);
	bucket_format_day(bucket_days_from_civil(2024, 2, 29), buf);
	CHECK_STR(buf, "2024-02-29");
	/* Round trip across leap years and century rules. */
	for (d = -1000; d < 200000; d += 37) {
		bucket_civil_from_days(d, &y, &m, &dd);
		CHECK(bucket_days_from_civil(y, m, dd) == d);
	}
	/* 2026-11-22 is a Sunday: its week starts Monday 2026-11-16. */
	d = bucket_days_from_civil(2026, 11, 22);
	bucket_format_day(bucket_week_start(d), buf);
	CHECK_STR(buf, "2026-11-16");
	/* A Monday is its own week start. */
	d = bucket_days_from_civil(2026, 11, 16);
	CHECK(bucket_week_start(d) == d);
	/* 1970-01-01 (Thursday) belongs to the week of 1969-12-29. */
	bucket_format_day(bucket_week_start(0), buf);
	CHECK_STR(buf, "1969-12-29");
	d = bucket_days_from_civil(2024, 2, 29);
	bucket_format_day(bucket_month_start(d), buf);
	CHECK_STR(buf, "2024-02-01");
	d = bucket_days_from_civil(2026, 12, 31);
	bucket_format_day(bucket_month_start(d), buf);
	CHECK_STR(buf, "2026-12-01");
}

static void test_parse_mdy(void)
{
	int64_t d = -1;

	CHECK(bucket_parse_mdy("11/22/2026", &d) == 0);
	CHECK(d == bucket_days_from_civil(2026, 11, 22));
	CHECK(bucket_parse_mdy("1/2/2026", &d) == 0);
	CHECK(d == bucket_days_from_civil(2026, 1, 2));
	CHECK(bucket_parse_mdy("02/29/2024", &d) == 0);
	CHECK(bucket_parse_mdy("02/29/2023", &d) == -ERANGE);
	CHECK(bucket_parse_mdy("13/01/2026", &d) == -ERANGE);
	CHECK(bucket_parse_mdy("00/01/2026", &d) == -ERANGE);
	CHECK(bucket_parse_mdy("2026-11-22", &d) == -EINVAL);
	CHECK(bucket_parse_mdy("11/22/26", &d) == -EINVAL);
	CHECK(bucket_parse_mdy("11/22/20261", &d) == -EINVAL);
	CHECK(bucket_parse_mdy("", &d) == -EINVAL);
	CHECK(bucket_parse_mdy("111/2/2026", &d) == -EINVAL);
	CHECK(bucket_parse_mdy("11/22/2026 ", &d) == -EINVAL);
}

static void test_parse_time(void)
{
	int64_t t = -1;

	CHECK(bucket_parse_time("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
	CHECK(bucket_parse_time("2026-11-22T10:00:00Z", &t) == 0);
	CHECK(t == bucket_days_from_civil(2026, 11, 22) * 86400 + 36000);
	CHECK(bucket_parse_time("2026-11-22T10:00:00.123456Z", &t) == 0);
	CHECK(bucket_parse_time("2026-11-22T12:00:00+02:00", &t) == 0);
	CHECK(t == bucket_days_from_civil(2026, 11, 22) * 86400 + 36000);
	CHECK(bucket_parse_time("2026-11-22T10:00:00", &t) == -EINVAL);
	CHECK(bucket_parse_time("2026-11-22T25:00:00Z", &t) == -ERANGE);
	CHECK(bucket_parse_time("2026-02-30T00:00:00Z", &t) == -ERANGE);
	CHECK(bucket_parse_time("2026-11-22T10:00:00ZZ", &t) == -EINVAL);
	CHECK(bucket_parse_time("2026-11-22T10:00:00.Z", &t) == -EINVAL);
	CHECK(bucket_parse_time("1969-12-31T23:59:59Z", &t) == -ERANGE);
}

/* issue 12, finding 11: the last cumulative share is exactly 1 */
static void test_shares_end_at_one(void)
{
	/* adding ten shares of 0.1 gives 0.9999999999999999 */
	uint64_t hits[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	double share[10], cum[10];

	bucket_shares(hits, 10, 10, share, cum);
	CHECK(cum[9] == 1.0);
	CHECK(cum[0] == 0.1);
	for (size_t i = 1; i < 10; i++)
		CHECK(cum[i] >= cum[i - 1]);
}

static void test_claim_key(void)
{
	struct bucket_param p1[] = { { "fw", "1.2" } };
	struct bucket_param p2[] = { { "fw", "1.3" } };
	struct bucket_param p3[] = { { "fw1", ".2" } };
	char a[BUCKET_GUID_LEN], b[BUCKET_GUID_LEN], c[BUCKET_GUID_LEN];

	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", p1, 1, a);
	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", p1, 1, b);
	CHECK_STR(a, b);
	CHECK(strlen(a) == 36 && a[8] == '-' && a[13] == '-' && a[18] == '-' &&
	      a[23] == '-');
	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", p2, 1, c);
	CHECK(strcmp(a, c) != 0);
	/* Field boundaries are part of the hash: no ambiguity by joining. */
	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", p3, 1, c);
	CHECK(strcmp(a, c) != 0);
	bucket_claim_key("e1000e", "other", "ACME_FW_HANG", p1, 1, c);
	CHECK(strcmp(a, c) != 0);
	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", NULL, 0, c);
	CHECK(strcmp(a, c) != 0);
	/* the claiming module is part of the key (issue 12, finding 1) */
	bucket_claim_key("nvidia", "acme", "ACME_FW_HANG", p1, 1, c);
	CHECK(strcmp(a, c) != 0);
	/*
	 * Stored claims keep their key: the first 16 bytes of SHA-256 of
	 * "bugcheck-claim-v2\0e1000e\0acme\0ACME_FW_HANG\0fw\0" "1.2\0"
	 * as computed by Python's hashlib.
	 */
	CHECK_STR(a, "e5a3a1b0-130e-82c7-81ea-803e58e1e22c");
}

static void test_versions(void)
{
	CHECK(bucket_version_cmp("5.10.2", "5.10.10") < 0);
	CHECK(bucket_version_cmp("6.1.0-9-amd64", "6.1.0-56-amd64") < 0);
	CHECK(bucket_version_cmp("3.2.6-k", "3.2.6-k") == 0);
	CHECK(bucket_version_cmp("1.01", "1.1") == 0);
	CHECK(bucket_version_cmp("1.0", "1.0.1") < 0);
	CHECK(bucket_version_cmp("1.0a", "1.0") > 0);
	CHECK(bucket_version_cmp("99999999999999999999", "1") > 0);
	CHECK(bucket_version_in_range("3.2.6", "3.2.0", "3.3"));
	CHECK(!bucket_version_in_range("3.1", "3.2.0", ""));
	CHECK(!bucket_version_in_range("3.4", NULL, "3.3"));
	CHECK(bucket_version_in_range("anything", "", NULL));
	CHECK(bucket_version_in_range("3.3", "3.3", "3.3"));
}

static void test_os_version(void)
{
	char b[16];

	bucket_os_version("6.1.0-56-amd64", b, sizeof(b));
	CHECK_STR(b, "6.1");
	bucket_os_version("6.12.9-amd64", b, sizeof(b));
	CHECK_STR(b, "6.12");
	bucket_os_version("5.15", b, sizeof(b));
	CHECK_STR(b, "5.15");
	bucket_os_version("6.", b, sizeof(b));
	CHECK_STR(b, "6");
	bucket_os_version("weird", b, sizeof(b));
	CHECK_STR(b, "");
	bucket_os_version("6.1.0", b, 3);
	CHECK_STR(b, "6");
}

static void test_shares(void)
{
	uint64_t hits[] = { 50, 30, 15, 5 };
	double s[4], c[4];

	bucket_shares(hits, 4, 100, s, c);
	CHECK(s[0] == 0.5 && c[0] == 0.5);
	CHECK(c[1] > 0.79 && c[1] < 0.81);
	CHECK(c[3] > 0.999 && c[3] <= 1.0);
	bucket_shares(hits, 2, 200, s, c);
	CHECK(c[1] > 0.39 && c[1] < 0.41);
	bucket_shares(hits, 1, 0, s, c);
	CHECK(s[0] == 0 && c[0] == 0);
}

int main(void)
{
	test_calendar();
	done("calendar");
	test_parse_mdy();
	done("parse mdy");
	test_parse_time();
	done("parse time");
	test_claim_key();
	done("claim key");
	test_shares_end_at_one();
	done("shares end at one");
	test_versions();
	done("versions");
	test_os_version();
	done("os version");
	test_shares();
	done("shares");
	return tap_end();
}
