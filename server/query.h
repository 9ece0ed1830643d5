/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The failurehits query language: field names, the filter expression
 * parser, orderby and groupby lists, and the whole parameter set.  Pure:
 * the caller supplies "today".  SQL is produced elsewhere (store files)
 * from the field enum only, never from the client's text.
 */
#ifndef BUGCHECK_SERVER_QUERY_H
#define BUGCHECK_SERVER_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum query_field {
	QF_DATE,
	QF_PRODUCT_NAME,
	QF_FILE_NAME,
	QF_APPLICATION_VERSION,
	QF_FAILURE_NAME,
	QF_FAILURE_HASH,
	QF_SYMBOL,
	QF_OS_VERSION,
	QF_OS_BUILD,
	QF_OS_RELEASE,
	QF_EVENT_TYPE,
	QF_MARKET,
	QF_DEVICE_TYPE,
	QF_EVENT_COUNT,
	QF_COUNT
};

enum query_agg {
	QA_DAY,
	QA_WEEK,
	QA_MONTH,
	QA_ALL, /* one period, startDate..endDate, labelled startDate */
};

#define QUERY_TOP_MAX 10000
#define QUERY_SKIP_MAX 100000000u
#define QUERY_FILTER_MAX 4096 /* bytes of filter text */
#define QUERY_VALUE_MAX 512 /* bytes of one string literal */
#define QUERY_TERMS_MAX 64 /* comparisons in one filter */
#define QUERY_DEPTH_MAX 16 /* parenthesis nesting */

enum query_node_kind {
	QN_EQ,
	QN_NE,
	QN_AND,
	QN_OR,
};

/**
 * struct query_node - filter expression tree
 * @kind:  comparison or connective
 * @field: compared field (QN_EQ, QN_NE)
 * @value: literal with quotes removed and '' unescaped (QN_EQ, QN_NE)
 * @left:  first operand (QN_AND, QN_OR)
 * @right: second operand (QN_AND, QN_OR)
 */
struct query_node {
	enum query_node_kind kind;
	enum query_field field;
	char *value;
	struct query_node *left;
	struct query_node *right;
};

/**
 * struct query - a validated failurehits request
 * @start_day:  first day (days since the epoch, UTC), inclusive
 * @end_day:    last day, inclusive
 * @top:        page size, 1..QUERY_TOP_MAX
 * @skip:       rows to skip
 * @agg:        period of the date column
 * @filter:     expression tree, NULL when there is no filter
 * @group:      fields that make up a row (date always included)
 * @order:      sort keys in order
 * @order_desc: direction of each sort key
 * @n_order:    number of sort keys
 * @n_explicit: how many of them came from orderby (or its default); the
 *              rest are tie-breakers that only make the order total
 * @machines:   each row also carries its distinct machines (machineCount)
 */
struct query {
	int64_t start_day;
	int64_t end_day;
	unsigned int top;
	unsigned int skip;
	enum query_agg agg;
	struct query_node *filter;
	bool group[QF_COUNT];
	enum query_field order[QF_COUNT];
	bool order_desc[QF_COUNT];
	unsigned int n_order;
	unsigned int n_explicit;
	bool machines;
};

/**
 * struct query_params - raw parameter strings; NULL when absent
 */
struct query_params {
	const char *start_date;
	const char *end_date;
	const char *top;
	const char *skip;
	const char *filter;
	const char *aggregation_level;
	const char *orderby;
	const char *groupby;
	const char *machines;
};

const char *query_field_name(enum query_field f);
/* Case-sensitive match of @len bytes; returns the field or -ENOENT. */
int query_field_lookup(const char *name, size_t len);

/*
 * Each parser returns 0 or a negative errno and, on error, writes a
 * human-readable message that names the problem (and its offset) to @err.
 */
int query_parse_filter(const char *text, struct query_node **ret, char *err,
		       size_t err_size);
int query_parse(const struct query_params *p, int64_t today, struct query *q,
		char *err, size_t err_size);
void query_node_free(struct query_node *n);
void query_done(struct query *q);

#endif /* BUGCHECK_SERVER_QUERY_H */
