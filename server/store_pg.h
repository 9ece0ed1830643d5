/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the PostgreSQL backend: store_pg.c (connection pool, tokens,
 * ops table), store_pg_schema.c (migrations), store_pg_ingest.c,
 * store_pg_query.c, store_pg_collect.c and store_pg_census.c.  Every
 * statement goes through libpq's PQexecParams() with text parameters ($1,
 * $2, ...); nothing the client sent is ever spliced into SQL text.
 */
#ifndef BUGCHECK_SERVER_STORE_PG_H
#define BUGCHECK_SERVER_STORE_PG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "group.h"
#include "roller.h"
#include "store.h"

#define PG_POOL_MAX 64 /* connections one server process opens at most */
#define PG_PARAMS_MAX 160
#define PG_RETRIES 8 /* deadlock or serialisation failure: tries at most */
#define PG_COMMITTERS 2 /* group transactions running at once (group.h) */
#define PG_GROUP_MAX 256 /* reports in one group transaction */
/* Key of the rollers' pg_advisory_xact_lock(): "bcroll" in ASCII. */
#define PG_ROLL_LOCK "108377657158764"

struct pg_store {
	struct store base; /* must be first */
	char *conninfo;
	pthread_mutex_t lock; /* protects the pool */
	pthread_cond_t freed; /* a pooled connection came back */
	PGconn *conns[PG_POOL_MAX];
	bool busy[PG_POOL_MAX];
	size_t n_conns;
	/* group commit of ingest calls (group.h, store_pg_ingest.c) */
	struct group group;
	/* the roller (deferred rollups, store_pg_ingest.c) */
	bool standby; /* a read replica: no roller, settle waits for nothing */
	struct roller roller;
};

/* Text parameters for one statement; numbers are formatted in place. */
struct pg_params {
	const char *v[PG_PARAMS_MAX];
	char num[PG_PARAMS_MAX][24];
	int n;
	bool overflow;
};

static inline struct pg_store *to_pg(struct store *s)
{
	return (struct pg_store *)s;
}

/* Appends text ("" for NULL) and returns its number ($n). */
int pgp_str(struct pg_params *p, const char *v);
int pgp_int(struct pg_params *p, int64_t v);

/* A connection from the pool (waits while all are busy), or NULL. */
PGconn *pgs_get(struct pg_store *s);
void pgs_put(struct pg_store *s, PGconn *c);

/*
 * Runs @sql with @p; on success *@ret (if given) holds the result, which
 * the caller PQclear()s.  Returns 0, or -errno from the SQLSTATE: -EAGAIN
 * for a deadlock or serialisation failure (retry the transaction),
 * -EEXIST for a unique violation, -EINVAL for text the database refuses.
 */
int pgs_exec(PGconn *c, const char *sql, const struct pg_params *p,
	     PGresult **ret);
/*
 * pgs_exec() of a statement prepared as @name on the connection at its
 * first use (parsed and planned once there, not at every call).  Only
 * outside a transaction: the first use fails once.
 */
int pgs_exec_named(PGconn *c, const char *name, const char *sql,
		   const struct pg_params *p, PGresult **ret);
/* Runs a statement without parameters or result. */
int pgs_cmd(PGconn *c, const char *sql);

/* 0 if NULL or not a number. */
/*
 * An integer column's text (PostgreSQL writes an optional '-' and
 * digits); 0 for NULL.  Parsed by hand: strtoll()'s locale and space
 * handling cost several times more, over thousands of rows a request.
 */
static inline int64_t pg_int(const PGresult *r, int row, int col)
{
	const char *v = PQgetvalue(r, row, col);
	uint64_t x = 0;
	bool neg;

	if (!v)
		return 0;
	neg = *v == '-';
	for (v += neg; *v >= '0' && *v <= '9'; v++)
		x = x * 10 + (uint64_t)(*v - '0');
	return neg ? (int64_t)(0 - x) : (int64_t)x;
}

/*
 * Applies the migrations; on a hot standby (*@ret_standby) only checks
 * that the schema is this binary's.
 */
int pgs_migrate(PGconn *c, bool *ret_standby);

int pgs_match_response(PGconn *c, const char *hash, const char *kernel,
		       const char *modver, struct store_result *res);

/* group.h's run() of the PostgreSQL backend (store_pg_ingest.c). */
extern const struct group_ops pgs_group_ops;
int pg_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret);
int pg_count_update(struct store *base, const char *report_id, int64_t token_id,
		    uint64_t count, uint64_t cap, int64_t now, uint64_t quota,
		    uint64_t *ret_used, struct store_count *ret);
int pg_retain(struct store *base, int64_t before_day, uint64_t *ret_rows);
/*
 * Deferred rollups (store_pg_ingest.c): the roller, started by pg_open()
 * and stopped by pg_close() (which rolls what is queued then); settle and
 * roll_stats of struct store_ops.
 */
int pgs_roll_start(struct pg_store *s);
void pgs_roll_stop(struct pg_store *s);
int pg_settle(struct store *base);
void pg_roll_stats(struct store *base, struct roll_stats *ret);
/*
 * Distinct machines: ingest sends the reports' machines' hll_hash()
 * values to bugcheck_rollup() (migration 10), which builds and merges the
 * sketches; pgs_hll_count() (store_pg_hll.c) gives the distinct machines
 * of a comma-separated list of hex sketches (-EINVAL if one is
 * malformed).
 */
int pgs_hll_count(const char *hexlist, uint64_t *ret);

int pg_failurehits(struct store *base, const struct query *qr,
		   const struct store_scope *scope, store_row_cb cb, void *data,
		   uint64_t *ret_total);
int pg_bucket_details(struct store *base, const char *hash,
		      const struct store_scope *scope,
		      const struct store_details_cb *cb, void *data);
int pg_bucket_stack(struct store *base, const char *hash,
		    const struct store_scope *scope, store_bucket_cb cb,
		    void *data);
int pg_sample_record(struct store *base, const char *hash,
		     const char *report_id, const struct store_scope *scope,
		     char **ret, size_t *ret_len);
int pg_top(struct store *base, const struct store_scope *scope,
	   unsigned int limit, store_bucket_cb cb, void *data,
	   uint64_t *ret_total);
int pg_response_add(struct store *base, const struct response_req *resp,
		    const struct store_scope *scope, int64_t now,
		    int64_t *ret_id);
int pg_responses_for(struct store *base, const char *const *ids, size_t n,
		     const struct store_scope *scope, store_answer_cb cb,
		     void *data);
/* Progressive collection (store_pg_collect.c). */
int pg_collect_wants(struct store *base, const char *const *report_ids,
		     size_t n, int64_t token_id, unsigned int *ret_masks);
int pg_collect_set(struct store *base, const char *hash,
		   const struct store_scope *scope, const int *wanted,
		   int64_t now, unsigned int *ret_wanted,
		   unsigned int *ret_have);
int pg_collect_put(struct store *base, const char *report_id, int64_t token_id,
		   unsigned int kind, const char *data, size_t len, int64_t now,
		   unsigned int *ret_have);
int pg_collect_list(struct store *base, const char *hash,
		    const struct store_scope *scope, store_sample_cb cb,
		    void *data);
int pg_collect_get(struct store *base, const char *hash, const char *report_id,
		   unsigned int kind, const struct store_scope *scope,
		   char **ret, size_t *ret_len);
/* The fleet census (store_pg_census.c). */
int pg_census_add(struct store *base, const struct census *cs, int64_t day,
		  bool *ret_counted);
int pg_census_rows(struct store *base, enum census_dim dim, int64_t from,
		   int64_t to, const struct store_scope *scope,
		   store_census_cb cb, void *data);
int pg_census_retain(struct store *base, int64_t before_day,
		     uint64_t *ret_rows);
/* Editing and withdrawing responses (store_pg_responses.c). */
int pg_response_edit(struct store *base, int64_t id,
		     const struct response_req *resp,
		     const struct store_scope *scope, int64_t now);

#endif /* BUGCHECK_SERVER_STORE_PG_H */
