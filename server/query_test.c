// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the failurehits query parser (server/query.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "bucket.h"
#include "query.h"

#define TAP_SUITE "server query"
#include "tap.h"

/* show() truncating a pathological tree is harmless in a test. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Prints a tree in fully parenthesised form to check precedence. */
static void show(const struct query_node *n, char *out, size_t size)
{
	char l[512], r[512];

	switch (n->kind) {
	case QN_EQ:
	case QN_NE:
		snprintf(out, size, "%s%s'%s'", query_field_name(n->field),
			 n->kind == QN_EQ ? "=" : "!=", n->value);
		break;
	case QN_AND:
	case QN_OR:
		show(n->left, l, sizeof(l));
		show(n->right, r, sizeof(r));
		snprintf(out, size, "(%s %s %s)", l,
			 n->kind == QN_AND ? "&" : "|", r);
		break;
	}
}

static void expect_tree(const char *filter, const char *want)
{
	struct query_node *n = NULL;
	char err[256] = "", got[1024] = "";
	int r = query_parse_filter(filter, &n, err, sizeof(err));

	CHECK(r == 0);
	if (r) {
		fprintf(stderr, "  filter \"%s\": %s\n", filter, err);
		return;
	}
	show(n, got, sizeof(got));
	CHECK_STR(got, want);
	query_node_free(n);
}

static void expect_error(const char *filter, const char *want_substr)
{
	struct query_node *n = NULL;
	char err[256] = "";
	int r = query_parse_filter(filter, &n, err, sizeof(err));

	CHECK(r == -EINVAL);
	CHECK(n == NULL);
	if (!strstr(err, want_substr)) {
		case_failed = 1;
		fprintf(stderr, "filter \"%s\": error '%s' lacks '%s'\n",
			filter, err, want_substr);
	}
	query_node_free(n);
}

static void test_filter(void)
{
	expect_tree("market eq 'lab'", "market='lab'");
	expect_tree("  market   ne   'lab'  ", "market!='lab'");
	expect_tree("MARKET EQ 'lab'", "market='lab'");
	expect_tree("market eq 'a' or market eq 'b' and deviceType eq 'vm'",
		    "(market='a' | (market='b' & deviceType='vm'))");
	expect_tree("market eq 'a' and market eq 'b' or deviceType eq 'vm'",
		    "((market='a' & market='b') | deviceType='vm')");
	expect_tree("(market eq 'a' or market eq 'b') and deviceType eq 'vm'",
		    "((market='a' | market='b') & deviceType='vm')");
	expect_tree("productName eq 'x'' or 1=1 --'",
		    "productName='x' or 1=1 --'");
	expect_tree("osRelease eq ''", "osRelease=''");
	expect_tree("symbol eq 'e1000e!x' and failureHash ne 'ab-cd'",
		    "(symbol='e1000e!x' & failureHash!='ab-cd')");
	expect_tree("market eq 'a'and deviceType eq 'b'",
		    "(market='a' & deviceType='b')");
}

static void test_filter_errors(void)
{
	char big[QUERY_FILTER_MAX + 16];
	char deep[256];
	char many[4000];
	size_t o = 0;

	expect_error("fooBar eq 'x'",
		     "unknown field 'fooBar' in filter at offset 0");
	expect_error("market eq 'x' and fooBar eq 'y'", "offset 18");
	expect_error("market = 'x'", "expected 'eq' or 'ne'");
	expect_error("market eq x", "expected a quoted string at offset 10");
	expect_error("market eq 'x", "unterminated string");
	expect_error("market eq 'x' xor market eq 'y'",
		     "unexpected 'x' at offset 14");
	expect_error("(market eq 'x'", "expected ')'");
	expect_error("market eq 'x')", "unexpected ')'");
	expect_error("", "filter is empty");
	expect_error("   ", "filter is empty");
	expect_error("market eq 'x' and", "found end of filter");
	expect_error("eventCount eq '3'", "cannot be used in filter");
	expect_error("date eq '3'", "cannot be used in filter");
	expect_error("'x' eq market", "expected a field name");
	expect_error("market eq 'x'; DROP TABLE buckets", "unexpected ';'");

	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	expect_error(big, "longer than");
	for (int i = 0; i < 40; i++)
		deep[o++] = '(';
	snprintf(deep + o, sizeof(deep) - o, "market eq 'x'");
	expect_error(deep, "nested deeper");
	o = 0;
	for (int i = 0; i < 70; i++)
		o += snprintf(many + o, sizeof(many) - o, "%smarket eq 'x'",
			      i ? " or " : "");
	expect_error(many, "more than 64 comparisons");
	{
		char lit[QUERY_VALUE_MAX + 32];

		o = snprintf(lit, sizeof(lit), "market eq '");
		memset(lit + o, 'v', QUERY_VALUE_MAX + 1);
		lit[o + QUERY_VALUE_MAX + 1] = '\'';
		lit[o + QUERY_VALUE_MAX + 2] = '\0';
		expect_error(lit, "longer than 512 bytes");
	}
}

static int parse(struct query_params *p, struct query *q, char *err)
{
	return query_parse(p, 20000, q, err, 256);
}

static void test_params(void)
{
	struct query_params p = { 0 };
	struct query q;
	char err[256];

	CHECK(parse(&p, &q, err) == 0);
	CHECK(q.start_day == 20000 && q.end_day == 20000);
	CHECK(q.top == 10000 && q.skip == 0 && q.agg == QA_DAY);
	for (int f = 0; f < QF_COUNT; f++)
		CHECK(q.group[f]);
	CHECK(q.order[0] == QF_DATE && !q.order_desc[0]);
	CHECK(q.order[1] == QF_EVENT_COUNT && q.order_desc[1]);
	CHECK(q.n_order == QF_COUNT);
	query_done(&q);

	p = (struct query_params){ .start_date = "11/01/2026",
				   .end_date = "11/30/2026",
				   .top = "5",
				   .skip = "10",
				   .aggregation_level = "Week",
				   .groupby = "failureHash, market",
				   .orderby = "eventCount desc,market asc" };
	CHECK(parse(&p, &q, err) == 0);
	CHECK(q.start_day == bucket_days_from_civil(2026, 11, 1));
	CHECK(q.end_day == bucket_days_from_civil(2026, 11, 30));
	CHECK(q.top == 5 && q.skip == 10 && q.agg == QA_WEEK);
	CHECK(q.group[QF_FAILURE_HASH] && q.group[QF_MARKET] &&
	      q.group[QF_DATE] && q.group[QF_EVENT_COUNT]);
	CHECK(!q.group[QF_SYMBOL] && !q.group[QF_DEVICE_TYPE]);
	CHECK(q.order[0] == QF_EVENT_COUNT && q.order_desc[0]);
	CHECK(q.order[1] == QF_MARKET && !q.order_desc[1]);
	CHECK(q.order[2] == QF_DATE);
	CHECK(q.n_order == 4);
	query_done(&q);

#define BAD(field, value, substr)                                           \
	do {                                                                \
		struct query_params bp = { 0 };                             \
		bp.field = value;                                           \
		CHECK(parse(&bp, &q, err) == -EINVAL);                      \
		query_done(&q);                                             \
		if (!strstr(err, substr)) {                                 \
			case_failed = 1;                                    \
			fprintf(stderr, "%s=%s: '%s' lacks '%s'\n", #field, \
				value, err, substr);                        \
		}                                                           \
	} while (0)

	BAD(top, "0", "top '0' is not an integer in 1..10000");
	BAD(top, "10001", "top");
	BAD(top, "-1", "top");
	BAD(top, "1e3", "top");
	BAD(top, "", "top");
	BAD(top, "99999999999999999999999", "top");
	BAD(skip, "-5", "skip");
	BAD(skip, "abc", "skip");
	BAD(start_date, "2026-11-01",
	    "startDate '2026-11-01' is not in mm/dd/yyyy form");
	BAD(end_date, "02/30/2026",
	    "endDate '02/30/2026' is not a valid calendar date");
	BAD(aggregation_level, "year", "aggregationLevel 'year'");
	BAD(groupby, "failureHash,fooBar", "unknown field 'fooBar' in groupby");
	BAD(groupby, "failureHash,,market", "empty item in groupby");
	BAD(orderby, "fooBar desc", "unknown field 'fooBar' in orderby");
	BAD(orderby, "market sideways", "expected 'asc' or 'desc'");
	BAD(orderby, "market, market", "appears twice");
	BAD(filter, "x eq 'y'", "unknown field 'x'");

	p = (struct query_params){ .groupby = "failureHash",
				   .orderby = "market" };
	CHECK(parse(&p, &q, err) == -EINVAL);
	CHECK(strstr(err, "orderby field 'market' is not in groupby") != NULL);
	query_done(&q);
	p = (struct query_params){ .start_date = "11/02/2026",
				   .end_date = "11/01/2026" };
	CHECK(parse(&p, &q, err) == -EINVAL);
	CHECK(strstr(err, "startDate is after endDate") != NULL);
	query_done(&q);
}

static void test_fields(void)
{
	CHECK(query_field_lookup("failureHash", 11) == QF_FAILURE_HASH);
	CHECK(query_field_lookup("failurehash", 11) == QF_FAILURE_HASH);
	CHECK(query_field_lookup("failureHas", 10) == -ENOENT);
	for (int f = 0; f < QF_COUNT; f++) {
		const char *n = query_field_name(f);

		CHECK(query_field_lookup(n, strlen(n)) == f);
	}
}

int main(void)
{
	test_filter();
	done("filter");
	test_filter_errors();
	done("filter errors");
	test_params();
	done("params");
	test_fields();
	done("fields");
	return tap_end();
}
