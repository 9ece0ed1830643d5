// SPDX-License-Identifier: GPL-2.0
/*
 * failurehits query language.
 *
 * Filter grammar ("and" binds tighter than "or"; keywords and field names
 * are case-insensitive; string literals are single-quoted with '' standing
 * for one quote):
 *
 *   expr   := term { "or" term }
 *   term   := factor { "and" factor }
 *   factor := "(" expr ")" | field ( "eq" | "ne" ) literal
 *
 * The parser is recursive descent over a bounded input with a bounded
 * nesting depth and term count, so hostile text cannot exhaust the stack
 * or memory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bucket.h"
#include "query.h"
#include "utf8.h"

static const char *const field_names[QF_COUNT] = {
	[QF_DATE] = "date",
	[QF_PRODUCT_NAME] = "productName",
	[QF_FILE_NAME] = "fileName",
	[QF_APPLICATION_VERSION] = "applicationVersion",
	[QF_FAILURE_NAME] = "failureName",
	[QF_FAILURE_HASH] = "failureHash",
	[QF_SYMBOL] = "symbol",
	[QF_OS_VERSION] = "osVersion",
	[QF_OS_BUILD] = "osBuild",
	[QF_OS_RELEASE] = "osRelease",
	[QF_EVENT_TYPE] = "eventType",
	[QF_MARKET] = "market",
	[QF_DEVICE_TYPE] = "deviceType",
	[QF_EVENT_COUNT] = "eventCount",
};

const char *query_field_name(enum query_field f)
{
	return (unsigned int)f < QF_COUNT ? field_names[f] : "?";
}

int query_field_lookup(const char *name, size_t len)
{
	for (int i = 0; i < QF_COUNT; i++)
		if (strlen(field_names[i]) == len &&
		    !strncasecmp(field_names[i], name, len))
			return i;
	return -ENOENT;
}

struct parser {
	const char *s;
	size_t pos;
	unsigned int terms;
	unsigned int depth;
	char *err;
	size_t err_size;
};

__attribute__((format(printf, 2, 3))) static int fail(struct parser *p,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->err_size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void skip_ws(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	       p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
		p->pos++;
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Length of the identifier at the current position (0 if none). */
static size_t ident_len(const struct parser *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)p->s[p->pos]))
		return 0;
	while (is_ident(p->s[p->pos + n]))
		n++;
	return n;
}

static bool keyword(struct parser *p, const char *kw)
{
	size_t n = strlen(kw);

	skip_ws(p);
	if (ident_len(p) == n && !strncasecmp(p->s + p->pos, kw, n)) {
		p->pos += n;
		return true;
	}
	return false;
}

static struct query_node *node_new(enum query_node_kind kind)
{
	struct query_node *n = calloc(1, sizeof(*n));

	if (n)
		n->kind = kind;
	return n;
}

void query_node_free(struct query_node *n)
{
	if (!n)
		return;
	query_node_free(n->left);
	query_node_free(n->right);
	free(n->value);
	free(n);
}

static int parse_expr(struct parser *p, struct query_node **ret);

/* Reads a quoted literal; on success the position is after the quote. */
static int parse_literal(struct parser *p, char **ret)
{
	size_t start = p->pos, len = 0;
	char *v;

	if (p->s[p->pos] != '\'') {
		if (!p->s[p->pos])
			return fail(
				p,
				"expected a quoted string at offset %zu, found end of filter",
				p->pos);
		return fail(p, "expected a quoted string at offset %zu",
			    p->pos);
	}
	v = malloc(QUERY_VALUE_MAX + 1);
	if (!v)
		return -ENOMEM;
	p->pos++;
	for (;;) {
		char c = p->s[p->pos];

		if (!c) {
			free(v);
			return fail(
				p, "unterminated string starting at offset %zu",
				start);
		}
		if (c == '\'') {
			if (p->s[p->pos + 1] != '\'') {
				p->pos++;
				break;
			}
			p->pos++;
		}
		if (len == QUERY_VALUE_MAX) {
			free(v);
			return fail(
				p,
				"string at offset %zu is longer than %d bytes",
				start, QUERY_VALUE_MAX);
		}
		v[len++] = c;
		p->pos++;
	}
	v[len] = '\0';
	if (!utf8_valid(v, len)) {
		free(v);
		return fail(p, "string at offset %zu is not valid UTF-8",
			    start);
	}
	*ret = v;
	return 0;
}

static int parse_factor(struct parser *p, struct query_node **ret)
{
	struct query_node *n;
	size_t at, len;
	int f, r;

	skip_ws(p);
	if (p->s[p->pos] == '(') {
		if (++p->depth > QUERY_DEPTH_MAX)
			return fail(
				p,
				"parentheses nested deeper than %d at offset %zu",
				QUERY_DEPTH_MAX, p->pos);
		p->pos++;
		r = parse_expr(p, &n);
		if (r)
			return r;
		skip_ws(p);
		if (p->s[p->pos] != ')') {
			query_node_free(n);
			return fail(p, "expected ')' at offset %zu", p->pos);
		}
		p->pos++;
		p->depth--;
		*ret = n;
		return 0;
	}

	at = p->pos;
	len = ident_len(p);
	if (!len) {
		if (!p->s[at])
			return fail(
				p,
				"expected a field name at offset %zu, found end of filter",
				at);
		return fail(p, "expected a field name at offset %zu", at);
	}
	f = query_field_lookup(p->s + at, len);
	if (f < 0)
		return fail(p, "unknown field '%.*s' in filter at offset %zu",
			    (int)(len > 64 ? 64 : len), p->s + at, at);
	if (f == QF_DATE || f == QF_EVENT_COUNT)
		return fail(
			p,
			"field '%s' cannot be used in filter (offset %zu); use startDate/endDate",
			field_names[f], at);
	if (++p->terms > QUERY_TERMS_MAX)
		return fail(p,
			    "more than %d comparisons in filter at offset %zu",
			    QUERY_TERMS_MAX, at);
	p->pos += len;

	n = node_new(QN_EQ);
	if (!n)
		return -ENOMEM;
	n->field = f;
	if (keyword(p, "ne")) {
		n->kind = QN_NE;
	} else if (!keyword(p, "eq")) {
		query_node_free(n);
		return fail(p, "expected 'eq' or 'ne' after '%s' at offset %zu",
			    field_names[f], p->pos);
	}
	skip_ws(p);
	r = parse_literal(p, &n->value);
	if (r) {
		query_node_free(n);
		return r;
	}
	*ret = n;
	return 0;
}

static int parse_chain(struct parser *p, struct query_node **ret, bool is_or)
{
	struct query_node *left, *right, *n;
	int r;

	r = is_or ? parse_chain(p, &left, false) : parse_factor(p, &left);
	if (r)
		return r;
	while (keyword(p, is_or ? "or" : "and")) {
		r = is_or ? parse_chain(p, &right, false) :
			    parse_factor(p, &right);
		if (r) {
			query_node_free(left);
			return r;
		}
		n = node_new(is_or ? QN_OR : QN_AND);
		if (!n) {
			query_node_free(left);
			query_node_free(right);
			return -ENOMEM;
		}
		n->left = left;
		n->right = right;
		left = n;
	}
	*ret = left;
	return 0;
}

static int parse_expr(struct parser *p, struct query_node **ret)
{
	return parse_chain(p, ret, true);
}

int query_parse_filter(const char *text, struct query_node **ret, char *err,
		       size_t err_size)
{
	struct parser p = { .s = text, .err = err, .err_size = err_size };
	struct query_node *n;
	size_t len = strnlen(text, QUERY_FILTER_MAX + 1);
	int r;

	if (len > QUERY_FILTER_MAX)
		return fail(&p, "filter is longer than %d bytes",
			    QUERY_FILTER_MAX);
	skip_ws(&p);
	if (!text[p.pos])
		return fail(&p, "filter is empty");
	r = parse_expr(&p, &n);
	if (r)
		return r;
	skip_ws(&p);
	if (text[p.pos]) {
		query_node_free(n);
		return fail(
			&p,
			"unexpected '%c' at offset %zu in filter (expected 'and', 'or' or end)",
			isprint((unsigned char)text[p.pos]) ? text[p.pos] : '?',
			p.pos);
	}
	*ret = n;
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -ERANGE;
	}
	*ret = v;
	return 0;
}

/*
 * Splits a comma separated list into trimmed items and hands each to @cb.
 * Items are bounded by the caller's check on the total length.
 */
static int for_each_item(const char *list, const char *what,
			 int (*cb)(const char *item, size_t len, size_t off,
				   void *data, char *err, size_t err_size),
			 void *data, char *err, size_t err_size)
{
	size_t i = 0;

	if (strlen(list) > 1024) {
		snprintf(err, err_size, "%s is longer than 1024 bytes", what);
		return -EINVAL;
	}
	for (;;) {
		size_t start, end;
		int r;

		while (list[i] == ' ')
			i++;
		start = i;
		while (list[i] && list[i] != ',')
			i++;
		end = i;
		while (end > start && list[end - 1] == ' ')
			end--;
		if (end == start) {
			snprintf(err, err_size,
				 "empty item in %s at offset %zu", what, start);
			return -EINVAL;
		}
		r = cb(list + start, end - start, start, data, err, err_size);
		if (r)
			return r;
		if (!list[i])
			return 0;
		i++;
	}
}

static int group_item(const char *item, size_t len, size_t off, void *data,
		      char *err, size_t err_size)
{
	struct query *q = data;
	int f = query_field_lookup(item, len);

	if (f < 0) {
		snprintf(err, err_size,
			 "unknown field '%.*s' in groupby at offset %zu",
			 (int)(len > 64 ? 64 : len), item, off);
		return -EINVAL;
	}
	q->group[f] = true;
	return 0;
}

static int order_item(const char *item, size_t len, size_t off, void *data,
		      char *err, size_t err_size)
{
	struct query *q = data;
	size_t n = 0, rest;
	bool desc = false;
	int f;

	while (n < len && item[n] != ' ')
		n++;
	f = query_field_lookup(item, n);
	if (f < 0) {
		snprintf(err, err_size,
			 "unknown field '%.*s' in orderby at offset %zu",
			 (int)(n > 64 ? 64 : n), item, off);
		return -EINVAL;
	}
	while (n < len && item[n] == ' ')
		n++;
	rest = len - n;
	if (rest == 4 && !strncasecmp(item + n, "desc", 4))
		desc = true;
	else if (rest && !(rest == 3 && !strncasecmp(item + n, "asc", 3))) {
		snprintf(
			err, err_size,
			"expected 'asc' or 'desc' after '%s' in orderby at offset %zu",
			field_names[f], off + n);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < q->n_order; i++) {
		if (q->order[i] == (enum query_field)f) {
			snprintf(err, err_size,
				 "field '%s' appears twice in orderby",
				 field_names[f]);
			return -EINVAL;
		}
	}
	q->order[q->n_order] = f;
	q->order_desc[q->n_order] = desc;
	q->n_order++;
	return 0;
}

static void add_order(struct query *q, enum query_field f, bool desc)
{
	for (unsigned int i = 0; i < q->n_order; i++)
		if (q->order[i] == f)
			return;
	q->order[q->n_order] = f;
	q->order_desc[q->n_order] = desc;
	q->n_order++;
}

static int parse_date(const char *name, const char *s, int64_t *ret, char *err,
		      size_t err_size)
{
	int r = bucket_parse_mdy(s, ret);

	if (r == -ERANGE)
		snprintf(err, err_size,
			 "%s '%.32s' is not a valid calendar date", name, s);
	else if (r)
		snprintf(err, err_size, "%s '%.32s' is not in mm/dd/yyyy form",
			 name, s);
	return r ? -EINVAL : 0;
}

int query_parse(const struct query_params *p, int64_t today, struct query *q,
		char *err, size_t err_size)
{
	unsigned long v;
	int r;

	memset(q, 0, sizeof(*q));
	q->start_day = q->end_day = today;
	q->top = QUERY_TOP_MAX;

	if (p->start_date && parse_date("startDate", p->start_date,
					&q->start_day, err, err_size))
		return -EINVAL;
	if (p->end_date &&
	    parse_date("endDate", p->end_date, &q->end_day, err, err_size))
		return -EINVAL;
	if (q->start_day > q->end_day) {
		snprintf(err, err_size, "startDate is after endDate");
		return -EINVAL;
	}
	if (p->top) {
		r = parse_uint(p->top, QUERY_TOP_MAX, &v);
		if (r || v == 0) {
			snprintf(err, err_size,
				 "top '%.32s' is not an integer in 1..%d",
				 p->top, QUERY_TOP_MAX);
			return -EINVAL;
		}
		q->top = v;
	}
	if (p->skip) {
		r = parse_uint(p->skip, QUERY_SKIP_MAX, &v);
		if (r) {
			snprintf(err, err_size,
				 "skip '%.32s' is not an integer in 0..%u",
				 p->skip, QUERY_SKIP_MAX);
			return -EINVAL;
		}
		q->skip = v;
	}
	if (p->aggregation_level) {
		if (!strcasecmp(p->aggregation_level, "day")) {
			q->agg = QA_DAY;
		} else if (!strcasecmp(p->aggregation_level, "week")) {
			q->agg = QA_WEEK;
		} else if (!strcasecmp(p->aggregation_level, "month")) {
			q->agg = QA_MONTH;
		} else if (!strcasecmp(p->aggregation_level, "all")) {
			q->agg = QA_ALL;
		} else {
			snprintf(
				err, err_size,
				"aggregationLevel '%.32s' is not one of day, week, month, all",
				p->aggregation_level);
			return -EINVAL;
		}
	}
	if (p->machines) {
		if (strcmp(p->machines, "true") &&
		    strcmp(p->machines, "false")) {
			snprintf(err, err_size,
				 "machines '%.32s' is not true or false",
				 p->machines);
			return -EINVAL;
		}
		q->machines = !strcmp(p->machines, "true");
	}
	if (p->groupby) {
		r = for_each_item(p->groupby, "groupby", group_item, q, err,
				  err_size);
		if (r)
			return r;
	} else {
		for (int f = 0; f < QF_COUNT; f++)
			q->group[f] = true;
	}
	/* date and eventCount are part of every row. */
	q->group[QF_DATE] = true;
	q->group[QF_EVENT_COUNT] = true;

	if (p->orderby) {
		r = for_each_item(p->orderby, "orderby", order_item, q, err,
				  err_size);
		if (r)
			return r;
		for (unsigned int i = 0; i < q->n_order; i++) {
			if (!q->group[q->order[i]]) {
				snprintf(err, err_size,
					 "orderby field '%s' is not in groupby",
					 field_names[q->order[i]]);
				return -EINVAL;
			}
		}
	} else {
		add_order(q, QF_DATE, false);
		add_order(q, QF_EVENT_COUNT, true);
	}
	/* Tie-breakers make the order total, so paging is stable. */
	q->n_explicit = q->n_order;
	add_order(q, QF_DATE, false);
	for (int f = 0; f < QF_COUNT; f++)
		if (q->group[f] && f != QF_EVENT_COUNT)
			add_order(q, f, false);

	if (p->filter) {
		r = query_parse_filter(p->filter, &q->filter, err, err_size);
		if (r)
			return r;
	}
	return 0;
}

void query_done(struct query *q)
{
	query_node_free(q->filter);
	q->filter = NULL;
}
