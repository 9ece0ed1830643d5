/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Storage interface of bugcheck-server.  Each backend is one file that
 * fills a struct store_ops (store_sqlite.c today; a PostgreSQL backend
 * would be store_pg.c).  All SQL lives in the backend files and is built
 * only from the query_field enum and fixed fragments, with every
 * client-supplied value bound as a parameter.
 *
 * Backends must be safe to call from several threads at once.
 */
#ifndef BUGCHECK_SERVER_STORE_H
#define BUGCHECK_SERVER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "census.h"
#include "collect.h"
#include "group.h"
#include "query.h"
#include "report.h"

enum store_role {
	ROLE_AGENT,
	ROLE_VENDOR,
	ROLE_ADMIN,
};

#define STORE_MODULES_MAX 32
/* failurehits at week/month by failureHash/Name: buckets served at most */
#define STORE_BUCKETS_MAX 1000
#define STORE_TOKEN_HASH_LEN 65 /* SHA-256 hex plus NUL */

/**
 * struct store_token - a bearer token as stored (never the secret itself)
 * @id:        row id
 * @hash:      SHA-256 of the secret, hex
 * @role:      what the token may do
 * @n_modules: number of @modules (vendor tokens)
 * @modules:   blamed modules a vendor token may see
 * @created:   creation time, seconds since the epoch
 * @revoked:   revocation time, 0 if live
 * @label:     free text the admin gave at creation
 */
struct store_token {
	int64_t id;
	char hash[STORE_TOKEN_HASH_LEN];
	enum store_role role;
	size_t n_modules;
	char modules[STORE_MODULES_MAX][57];
	int64_t created;
	int64_t revoked;
	char label[65];
};

/**
 * struct store_scope - what a request may see
 * @all:       admin: everything
 * @token_id:  the caller's token
 * @n_modules: vendor: the blamed modules in scope (0 and !all: nothing)
 * @modules:   pointers into the caller's struct store_token
 */
struct store_scope {
	bool all;
	int64_t token_id;
	size_t n_modules;
	const char *modules[STORE_MODULES_MAX];
};

/**
 * struct store_result - outcome of ingesting one report
 */
struct store_result {
	int64_t bucket_id;
	char bucket_key[65];
	uint64_t hits; /* the bucket's hits after the report */
	bool duplicate;
	bool foreign; /* a duplicate first sent with another token: no data */
	int64_t response_id; /* 0: none */
	/* a backend that knows at ingest what collect_wants would answer */
	bool has_wants;
	unsigned int wants;
	char response_message[1025];
	char response_link[513];
};

/* Outcome of a count update: the report's figures after it. */
struct store_count {
	uint64_t count;
	uint64_t weight;
	uint64_t hits; /* what the report adds to the counts now */
	uint64_t added; /* by this update (0 for a retry or a lower count) */
};

/* One failurehits row; string fields of non-grouped columns are NULL. */
struct store_row {
	int64_t date;
	const char *field[QF_COUNT];
	uint64_t event_count;
	/* query machines: distinct machines, unless unknown (hll.h) */
	bool machines_known;
	uint64_t machines;
};

typedef int (*store_row_cb)(const struct store_row *row, void *data);

/*
 * Rows of the per-bucket views.  Strings are borrowed from the backend and
 * valid only during the callback; a callback returning non-zero stops the
 * walk and its value is returned.  Text is as stored: it may predate the
 * UTF-8 check at ingest, so whoever prints it sanitises it.
 */
struct store_bucket {
	int64_t id;
	const char *hash;
	const char *failure_name;
	const char *symbol;
	const char *image;
	const char *event_type;
	const char *cls;
	int code;
	const char *title;
	const char *claim_plugin; /* "" if none */
	int64_t first_seen;
	int64_t last_seen;
	uint64_t hits;
	uint64_t machines;
	const char *stack; /* JSON array text; bucket_stack only */
};

struct store_kernel {
	const char *release;
	uint64_t hits;
};

struct store_module {
	const char *name;
	const char *file;
	const char *version;
	const char *srcversion;
	uint64_t hits;
};

/* A response; in responses_for only @id, @message and @link are set. */
struct store_response {
	int64_t id;
	const char *message;
	const char *link;
	const char *mod_min;
	const char *mod_max;
	const char *kern_min;
	const char *kern_max;
};

struct store_sample {
	const char *report_id;
	bool first; /* one of the first five, else the latest */
	int64_t crash_time;
	int64_t received;
};

/* bucket_details calls @bucket once, then the lists in this order. */
struct store_details_cb {
	int (*bucket)(const struct store_bucket *b, void *data);
	int (*kernel)(const struct store_kernel *k, void *data);
	int (*module)(const struct store_module *m, void *data);
	int (*response)(const struct store_response *r, void *data);
	int (*sample)(const struct store_sample *s, void *data);
};

typedef int (*store_bucket_cb)(const struct store_bucket *b, void *data);
/* @r is NULL when the report is unknown, out of scope or has no response. */
typedef int (*store_answer_cb)(const char *report_id, bool found,
			       const struct store_response *r, void *data);

/* One progressive-collection sample, without its data (collect_list). */
typedef int (*store_sample_cb)(unsigned int kind, const char *report_id,
			       int64_t received, uint64_t bytes, void *data);

/* Machine-days of one key (and module version) of a census dimension. */
typedef int (*store_census_cb)(const char *key, const char *version,
			       uint64_t machine_days, void *data);

/* The deferred-rollup roller's counters, for the exit log. */
struct roll_stats {
	uint64_t batches, reports, largest;
};

struct store;

struct store_ops {
	const char *name;
	int (*open)(const char *path, struct store **ret);
	void (*close)(struct store *s);
	/* The group commit's counters (group.h), for the exit log. */
	void (*stats)(struct store *s, struct group_stats *ret);
	/*
	 * Read-your-writes with deferred rollups: returns once the rollups
	 * cover every report committed before the call; -EBUSY when the
	 * roller fails or lags too long.  NULL: a backend that writes its
	 * rollups at ingest.  roll_stats: the roller's counters (or NULL).
	 */
	int (*settle)(struct store *s);
	void (*roll_stats)(struct store *s, struct roll_stats *ret);

	int (*token_add)(struct store *s, const struct store_token *t,
			 int64_t *ret_id);
	/* -ENOENT if unknown or revoked. */
	int (*token_find)(struct store *s, const char *hash,
			  struct store_token *ret);
	int (*token_list)(struct store *s,
			  int (*cb)(const struct store_token *t, void *data),
			  void *data);
	/* -ENOENT if there is no live token with that id. */
	int (*token_revoke)(struct store *s, int64_t id, int64_t now);

	/*
	 * Stores @n reports in one transaction.  @received is the receipt
	 * time.  @keep_samples false skips the sample bodies (bulk loads).
	 * @quota: reports @token_id may post per UTC day of @received (0: no
	 * limit); a batch that would pass it stores nothing and returns
	 * -EDQUOT with the day's count so far in @ret_used.
	 */
	int (*ingest)(struct store *s, const struct report *r, size_t n,
		      int64_t token_id, int64_t received, bool keep_samples,
		      uint64_t quota, uint64_t *ret_used,
		      struct store_result *ret);

	/*
	 * A report's count so far (POST /api/v1/reports/{id}/count), in one
	 * transaction: the report keeps the larger of its count and @count,
	 * and the hits it adds grow to report_hits(count, its weight, @cap)
	 * (never shrink); the difference goes into its bucket, the rollups
	 * of its crash day and the details lists.  Retries and concurrent
	 * calls add nothing twice.  -ENOENT: no such report of @token_id
	 * (also another token's, and one stored before counts were kept);
	 * @quota as for ingest (the update counts as one report).
	 */
	int (*count_update)(struct store *s, const char *report_id,
			    int64_t token_id, uint64_t count, uint64_t cap,
			    int64_t now, uint64_t quota, uint64_t *ret_used,
			    struct store_count *ret);

	/*
	 * Calls @cb for rows skip..skip+top-1 of the query and returns the
	 * number of all rows in @ret_total.
	 */
	int (*failurehits)(struct store *s, const struct query *q,
			   const struct store_scope *scope, store_row_cb cb,
			   void *data, uint64_t *ret_total);
	/* -ENOENT if the bucket does not exist or is out of scope. */
	int (*bucket_details)(struct store *s, const char *hash,
			      const struct store_scope *scope,
			      const struct store_details_cb *cb, void *data);
	/* One call of @cb with the bucket's names and @stack. */
	int (*bucket_stack)(struct store *s, const char *hash,
			    const struct store_scope *scope, store_bucket_cb cb,
			    void *data);
	int (*sample_record)(struct store *s, const char *hash,
			     const char *report_id,
			     const struct store_scope *scope, char **ret,
			     size_t *ret_len);
	/*
	 * The @limit buckets with most hits, in order (hash, names, image,
	 * hits, machines set), and all hits in scope.
	 */
	int (*top)(struct store *s, const struct store_scope *scope,
		   unsigned int limit, store_bucket_cb cb, void *data,
		   uint64_t *ret_total);

	/* -ENOENT if the bucket does not exist or is out of scope. */
	int (*response_add)(struct store *s, const struct response_req *resp,
			    const struct store_scope *scope, int64_t now,
			    int64_t *ret_id);
	/* Calls @cb once per id, in order. */
	int (*responses_for)(struct store *s, const char *const *report_ids,
			     size_t n, const struct store_scope *scope,
			     store_answer_cb cb, void *data);

	/*
	 * Retention: drops the daily rollups of crash days before
	 * @before_day, the idempotency records of reports received before
	 * that day and old quota counters, in one transaction.  Buckets,
	 * their lifetime counts, details, samples and responses stay.
	 * @ret_rows: rows removed.
	 */
	int (*retain)(struct store *s, int64_t before_day, uint64_t *ret_rows);

	/*
	 * Progressive collection (server/collect.h).  Kinds are enum
	 * collect_kind; a mask has bit (1 << kind); arrays have
	 * COLLECT_KINDS entries.  A backend without them leaves them NULL:
	 * nothing is asked for, and the endpoints answer 404.
	 *
	 * collect_wants: for each of @n reports, the kinds its bucket still
	 * wants from it (fewer samples than wanted, and none of that kind
	 * from this report); 0 for a report @token_id did not send.
	 */
	int (*collect_wants)(struct store *s, const char *const *report_ids,
			     size_t n, int64_t token_id,
			     unsigned int *ret_masks);
	/*
	 * Sets the samples bucket @hash wants (entries < 0, or @wanted
	 * NULL: unchanged) and returns wanted and held counts; -ENOENT if
	 * the bucket does not exist or is out of scope.
	 */
	int (*collect_set)(struct store *s, const char *hash,
			   const struct store_scope *scope, const int *wanted,
			   int64_t now, unsigned int *ret_wanted,
			   unsigned int *ret_have);
	/*
	 * Stores a sample of @report_id: -ENOENT (@token_id sent no such
	 * report), -EEXIST (it sent this kind already), -EPERM (the bucket
	 * wants no more of it).  @ret_have: samples of @kind after.
	 */
	int (*collect_put)(struct store *s, const char *report_id,
			   int64_t token_id, unsigned int kind,
			   const char *data, size_t len, int64_t now,
			   unsigned int *ret_have);
	/* Each sample of bucket @hash, oldest first; -ENOENT as collect_set. */
	int (*collect_list)(struct store *s, const char *hash,
			    const struct store_scope *scope, store_sample_cb cb,
			    void *data);
	/* One sample's data (malloc'd); -ENOENT also for no such sample. */
	int (*collect_get)(struct store *s, const char *hash,
			   const char *report_id, unsigned int kind,
			   const struct store_scope *scope, char **ret,
			   size_t *ret_len);

	/*
	 * Fleet denominators (server/census.h).  census_add counts the
	 * machine of @c once on @day, in every dimension; @ret_counted is
	 * false when that machine was counted on @day already (nothing
	 * changes: the first census of a day wins).  census_rows calls @cb
	 * with the machine-days of each key of @dim (and version, for
	 * modules; "" otherwise) summed over days @from..@to, in key order;
	 * a vendor scope gets only its own modules' rows of CENSUS_MODULE.
	 * census_retain drops census days before @before_day.  A backend
	 * without them leaves them NULL: the endpoints answer 404.
	 */
	int (*census_add)(struct store *s, const struct census *c, int64_t day,
			  bool *ret_counted);
	int (*census_rows)(struct store *s, enum census_dim dim, int64_t from,
			   int64_t to, const struct store_scope *scope,
			   store_census_cb cb, void *data);
	int (*census_retain)(struct store *s, int64_t before_day,
			     uint64_t *ret_rows);

	/*
	 * Replaces the text, link and ranges of response @id with @resp
	 * (whose failure_hash must be the response's bucket), or, @resp
	 * NULL, withdraws it: no report or poll gets it any more, and it is
	 * kept apart with @now and the caller's token.  -ENOENT when there
	 * is no such response, its bucket is out of @scope, or @resp names
	 * another bucket.  NULL in a backend: the endpoints answer 404.
	 */
	int (*response_edit)(struct store *s, int64_t id,
			     const struct response_req *resp,
			     const struct store_scope *scope, int64_t now);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/**
 * struct store - handle; backends embed it first in their own struct
 * @ops: the backend's operations
 */
struct store {
	const struct store_ops *ops;
};

/*
 * Picks the backend for a --db argument: a libpq URI (postgresql://...)
 * is PostgreSQL, anything else a SQLite path.
 */
int store_open(const char *spec, struct store **ret);
bool store_is_pg(const char *spec);
/* @spec fit for a log line: any password replaced by "***". */
void store_spec_redact(const char *spec, char *buf, size_t size);
void store_close(struct store *s);

/*
 * A vendor token's modules as both backends store them, one
 * comma-separated column: join (truncated at @size) and split (names
 * too long for struct store_token are skipped).
 */
void store_token_join_modules(const struct store_token *t, char *out,
			      size_t size);
void store_token_split_modules(const char *list, struct store_token *t);

/*
 * Which rollup answers a failurehits query; both backends choose the
 * same way (store_plan()):
 *   BUCKET  daily_bucket: no per-report dimension grouped or filtered;
 *   DIMS    daily_dims: no bucket field grouped or filtered, no vendor
 *           scope;
 *   BDIM    daily_bdim of one dimension: bucket fields or a vendor scope
 *           with exactly one per-report dimension;
 *   FULL    daily joined with dims: anything else.
 * BUGCHECK_QUERY_PLAN=full in the environment makes every query take the
 * FULL path, the reference the others are tested against.  A query that
 * asks for distinct machines (machines=true) takes BUCKET or FULL: only
 * daily and daily_bucket have sketches (store_sqlite_hll.c).
 */
enum store_plan {
	STORE_PLAN_BUCKET,
	STORE_PLAN_DIMS,
	STORE_PLAN_BDIM,
	STORE_PLAN_FULL,
};

/*
 * daily_bdim.kind of each per-report dimension (migration 6 of both
 * backends), 0 for a bucket field.  Stored values: never renumber.
 */
int store_bdim_kind(enum query_field f);
/* @ret_dim: the dimension of a STORE_PLAN_BDIM plan. */
enum store_plan store_plan(const struct query *q,
			   const struct store_scope *scope,
			   enum query_field *ret_dim);

/*
 * Week and month answers from the period rollups (migration 10 of
 * SQLite, 11 of PostgreSQL): weekly_bucket and monthly_bucket beside
 * daily_bucket, monthly_bdim beside daily_bdim, each kept by triggers on
 * its daily table.  A window [start, end] covers its inner periods whole; at each
 * edge the partial period is read either from the daily rows inside the
 * window (+hits) or as the period's row less the daily rows outside the
 * window (-hits), whichever reads fewer daily rows (@rows: the backend's
 * count of daily_bucket rows on days [from, to], from daily_bucket_days).
 * Groups whose sum is 0 had no hits in the window (hits are >= 1), so
 * the queries keep only sum > 0.  store_period_from() writes the
 * derived table, "(SELECT ... UNION ALL ...)", with columns @pcol
 * ("week" or "month"), @cols and hits; only integers computed here become
 * SQL text.
 */
struct store_period_src {
	int64_t lo, hi; /* period rows of starts lo..hi; none if lo > hi */
	struct {
		int64_t from, to;
		int sign;
	} span[3];
	int n_span;
};

void store_period_plan(int64_t start, int64_t end, bool month,
		       int64_t (*rows)(void *ctx, int64_t from, int64_t to),
		       void *ctx, struct store_period_src *ret);
/* Writes the table into @buf (NUL-terminated); false if it did not fit. */
bool store_period_from(char *buf, size_t size,
		       const struct store_period_src *src, const char *pcol,
		       const char *period_table, const char *daily_table,
		       const char *cols, const char *where);

/*
 * The period sources of one failurehits query, for both backends: weeks
 * and months without distinct machines read the period rollups,
 * daily_bucket's always (the bucket limit, into @bsrc), the plan's own
 * when it has one (BUCKET: the same; BDIM by month: monthly_bdim, into
 * @msrc).  *@ret_bsrc and *@ret_msrc are set to the tables used and left
 * as they are otherwise (daily rows).  0, or -E2BIG if a table did not fit.
 */
int store_period_sources(const struct query *qr, enum store_plan plan,
			 enum query_field dim,
			 int64_t (*rows)(void *ctx, int64_t from, int64_t to),
			 void *ctx, char (*bsrc)[1024], char (*msrc)[1024],
			 const char **ret_bsrc, const char **ret_msrc);

/* The store's settle op (see struct store_ops), 0 without one. */
static inline int store_settle(struct store *s)
{
	return s->ops->settle ? s->ops->settle(s) : 0;
}

/*
 * monthly_bucket.days (migration 12 of SQLite, 13 of PostgreSQL): beside
 * each (month, bucket) row's hits, the month's daily hits, slot k for the
 * day month + k: on SQLite STORE_BLOCK_DAYS zero-padded decimal numbers of
 * STORE_BLOCK_WIDTH digits in one text (a value that does not fit is
 * written as 'x's, which sends the query down the SQL path), on
 * PostgreSQL a bigint[STORE_BLOCK_DAYS]; kept by the triggers that keep
 * the row's hits, so ingest writes no other page.  failurehits grouped by
 * failureHash without a per-report dimension or distinct machines
 * (store_blocks_ok()) reads at most two rows per bucket for a 30-day
 * window, whatever the aggregation level, and ranks, pages and counts in
 * store_blocks.c; the backend then reads the page's buckets.  Rows come
 * in any order (@block: the row's first day); -EAGAIN from
 * store_blocks_page() means a malformed row: answer by SQL instead.
 */
#define STORE_BLOCK_DAYS 31
#define STORE_BLOCK_WIDTH 12
#define STORE_BLOCK_WINDOW_MAX 400 /* longer windows: the SQL paths */

struct store_block_group {
	int64_t period, bucket_id, count;
};

struct store_blocks;
bool store_blocks_ok(const struct query *qr, enum store_plan plan);
struct store_blocks *store_blocks_new(const struct query *qr);
/* @days: slots @first.. of the block (the window's must be there) */
int store_blocks_add(struct store_blocks *b, int64_t bucket_id, int64_t block,
		     int first, const char *days, size_t len);
/* PostgreSQL's: @days is an array's text, "{n,...}", slots @first.. */
int store_blocks_add_array(struct store_blocks *b, int64_t bucket_id,
			   int64_t block, int first, const char *days);
/*
 * A PostgreSQL array's text, "{n,...}", as numbers in @v: how many, or
 * -1 if it is not at most @max numbers of at most STORE_BLOCK_WIDTH
 * digits (as SQLite's slots).
 */
int store_array_counts(const char *s, int64_t *v, int max);
/* The page's groups (malloc'd, in order) and the number of groups. */
int store_blocks_page(struct store_blocks *b, struct store_block_group **ret,
		      size_t *ret_n, uint64_t *ret_total);
void store_blocks_free(struct store_blocks *b);

/*
 * failurehits grouped by failureHash and one per-report dimension by day
 * in the default order, for an admin without a filter
 * (store_daytop_ok()): store_daytop.c pages the window's daily_bdim rows
 * of the dimension by walking each day's buckets by hits
 * (daily_bucket_top) until the page is decided, and counts them from
 * daily_bdim_days (migration 13 of SQLite, 14 of PostgreSQL: the
 * daily_bdim rows per dimension and day, kept by triggers on daily_bdim).
 * The backend gives the row counts of days [from, to] and batches of a
 * day's buckets in daily_bucket_top's order, LIMIT @limit OFFSET
 * @offset, each bucket with its daily_bdim rows of the dimension
 * (store_daytop_add(), rows of a bucket together).
 */
struct store_daytop_row {
	int64_t bucket_id, hits;
	char *hash, *value;
};

struct daytop;
struct store_daytop_ops {
	int (*counts)(void *ctx, int64_t from, int64_t to, uint64_t *n);
	int (*batch)(void *ctx, int64_t day, size_t limit, size_t offset,
		     struct daytop *t);
};

bool store_daytop_ok(const struct query *qr, const struct store_scope *scope,
		     enum store_plan plan, enum query_field dim);
/* @value NULL: a bucket of the day without rows of the dimension */
void store_daytop_add(struct daytop *t, int64_t bucket_id, int64_t bucket_hits,
		      const char *hash, const char *value, int64_t hits);
int store_daytop_run(const struct query *qr, enum query_field dim,
		     const struct store_daytop_ops *ops, void *ctx,
		     store_row_cb cb, void *data, uint64_t *ret_total);

/*
 * monthly_dims (migration 13 of SQLite, 16 of PostgreSQL): beside
 * daily_dims, one row per month and dims tuple with the month's daily
 * hits in days, as monthly_bucket.days (on SQLite STORE_BLOCK_DAYS slots
 * of STORE_BLOCK_WIDTH digits, on PostgreSQL a bigint[STORE_BLOCK_DAYS]),
 * kept by triggers on daily_dims.  A query of
 * STORE_PLAN_DIMS without distinct machines (store_dimsagg_ok()) reads
 * the window's months of the tuples its filter keeps, each row with the
 * tuple's grouped values (@v, indexed by field; NULL for the others),
 * and store_dimsagg.c groups, orders and pages them.  -EAGAIN from
 * store_dimsagg_run(): a malformed row, answer by SQL.
 */
struct store_dimsagg;
bool store_dimsagg_ok(const struct query *qr, enum store_plan plan);
struct store_dimsagg *store_dimsagg_new(const struct query *qr);
int store_dimsagg_add(struct store_dimsagg *a, int64_t month,
		      const char *const *v, const char *days, size_t len);
/* PostgreSQL's: @days is the whole month's array text, "{n,...}" */
int store_dimsagg_add_array(struct store_dimsagg *a, int64_t month,
			    const char *const *v, const char *days);
int store_dimsagg_run(struct store_dimsagg *a, store_row_cb cb, void *data,
		      uint64_t *ret_total);
void store_dimsagg_free(struct store_dimsagg *a);

#endif /* BUGCHECK_SERVER_STORE_H */
