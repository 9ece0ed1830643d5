/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the SQLite backend: store_sqlite.c (connections, tokens, the
 * ops table), store_sqlite_schema.c (migrations), store_sqlite_ingest.c
 * and store_sqlite_query.c.
 */
#ifndef BUGCHECK_SERVER_STORE_SQLITE_H
#define BUGCHECK_SERVER_STORE_SQLITE_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "group.h"
#include "roller.h"
#include "store.h"

#define SAMPLES_FIRST 5

enum stmt_id {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_REPORT_GET,
	S_REPORT_ADD,
	S_BUCKET_UPSERT,
	S_BUCKET_HASH,
	S_BUCKET_COUNTS,
	S_MACHINE_ADD,
	S_MACHINE_COUNT,
	S_DIM_GET,
	S_DIM_ADD,
	S_DAILY_UPSERT,
	S_DAILY_BUCKET_UPSERT,
	S_DAILY_DIMS_UPSERT,
	S_KERNEL_UPSERT,
	S_MODULE_UPSERT,
	S_SAMPLE_PUT,
	S_RESPONSES_FOR_HASH,
	S_TOKEN_ADD,
	S_TOKEN_FIND,
	S_TOKEN_LIST,
	S_TOKEN_REVOKE,
	S_QUOTA_GET,
	S_QUOTA_ADD,
	S_RCOUNT_GET,
	S_RCOUNT_SET,
	S_BUCKET_ADD,
	S_DAILY_ADD,
	S_DAILY_BUCKET_ADD,
	S_DAILY_DIMS_ADD,
	S_KERNEL_ADD,
	S_MODULE_ADD,
	S_WANTS,
	S_SYNC_NORMAL,
	S_SYNC_FULL,
	S_DAILY_HLL_MERGE,
	S_DAILY_BUCKET_HLL_MERGE,
	S_QUEUE_ADD,
	S_QUEUE_TAKE,
	S_QUEUE_DROP,
	S_COUNT
};

extern const char *const sqs_stmt_sql[S_COUNT];

/*
 * Group commit (group.h): ingest and count calls share transactions.  A
 * group transaction is written with synchronous = NORMAL: its COMMIT
 * does not wait for the disk; group.c then waits for an fdatasync() of
 * the WAL file that began after it (sqs_wal_sync(), outside the writer
 * lock, so the next group is written meanwhile), and one fdatasync()
 * covers every commit written before it began.  What a checkpoint copies
 * into the database file SQLite syncs itself (WAL before, database
 * after, in NORMAL mode too).  Every other write keeps synchronous =
 * FULL.
 */
#define GROUP_MAX 256 /* reports per shared transaction */
#define GROUP_WRITERS 1 /* one writer connection */

struct sqlite_store {
	struct store base; /* must be first */
	sqlite3 *db;
	pthread_mutex_t lock; /* serialises every use of @db */
	struct group group; /* group commit of ingest and count calls */
	int wal_fd; /* the WAL file, opened at the first sync; -1 */
	sqlite3_stmt *stmt[S_COUNT];
	/*
	 * Readers: each thread that reads gets its own read-only connection
	 * (WAL lets them read while the writer writes), found through
	 * @rkey; @readers lists them all for sq_close().
	 */
	char *path;
	pthread_key_t rkey;
	pthread_mutex_t rlock; /* protects @readers, @n_readers */
	sqlite3 **readers;
	size_t n_readers;
	/* the roller (deferred rollups, store_sqlite_ingest.c) */
	struct roller roller;
};

/* The roller: started by sq_open(), stopped (queue emptied) by sq_close(). */
int sqs_roll_start(struct sqlite_store *s);
void sqs_roll_stop(struct sqlite_store *s);
/* Wakes the roller; @urgent: without waiting for more. */
void sqs_roll_kick(struct sqlite_store *s, bool urgent);
/* Rolls every queued report inside the writer's open transaction. */
int sqs_roll_all(struct sqlite_store *s);
int sq_settle(struct store *base);

/*
 * The one mapping of SQLite result codes to -errno for every SQLite file:
 * 0 for OK, ROW and DONE; CONSTRAINT is -EEXIST (a key taken), FULL
 * -ENOSPC, TOOBIG -EMSGSIZE, BUSY/LOCKED -EBUSY, and so on.  sqs_err() is
 * the same for a code known to be a failure, never 0 (-EIO if unmapped).
 */
int sqs_err_of(int rc);
static inline int sqs_err(int rc)
{
	int e = sqs_err_of(rc);

	return e ? e : -EIO;
}

/* sqlite3_prepare_v2() (finalize the statement) and sqlite3_exec(), -errno. */
int sqs_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **ret);
int sqs_exec(sqlite3 *db, const char *sql);
/* Steps statement @id of the writer (no rows wanted), then resets it. */
int sqs_run(struct sqlite_store *s, enum stmt_id id);
/* group.h's run() and sync() of the SQLite backend (store_sqlite_ingest.c). */
extern const struct group_ops sqs_group_ops;
/*
 * @sql prepared on @db once and kept: reset it after use, never
 * finalize it (sq_close() does).
 */
int sqs_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **ret);
/* The calling thread's read-only connection, opened on first use. */
sqlite3 *sqs_reader(struct sqlite_store *s);
/*
 * Distinct machines (store_sqlite_hll.c): the SQL functions hll_add(),
 * hll_union() and hll_distinct() on @db, and a sketch of machines merged
 * into a rollup row's (statement @id: S_DAILY_HLL_MERGE, whose key has
 * @dim_id, or S_DAILY_BUCKET_HLL_MERGE).
 */
struct hll;
int sqs_hll_register(sqlite3 *db);
int sqs_hll_merge(struct sqlite_store *s, enum stmt_id id, int64_t day,
		  int64_t bucket_id, int64_t dim_id, const struct hll *h);
/* Brings the schema of @db up to the newest version (store_sqlite_schema.c). */
int sqs_migrate(sqlite3 *db);
/*
 * The latest response for @hash whose ranges cover the report, through
 * @st (S_RESPONSES_FOR_HASH prepared on the caller's connection).
 */
int sqs_match_response(sqlite3_stmt *st, const char *hash, const char *kernel,
		       const char *modver, struct store_result *res);

static inline struct sqlite_store *to_sq(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Binds text, or "" for NULL. */
static inline void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static inline const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

static inline void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int sq_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret);
int sq_count_update(struct store *base, const char *report_id, int64_t token_id,
		    uint64_t count, uint64_t cap, int64_t now, uint64_t quota,
		    uint64_t *ret_used, struct store_count *ret);
int sq_retain(struct store *base, int64_t before_day, uint64_t *ret_rows);
int sq_failurehits(struct store *base, const struct query *qr,
		   const struct store_scope *scope, store_row_cb cb, void *data,
		   uint64_t *ret_total);
int sq_bucket_details(struct store *base, const char *hash,
		      const struct store_scope *scope,
		      const struct store_details_cb *cb, void *data);
int sq_bucket_stack(struct store *base, const char *hash,
		    const struct store_scope *scope, store_bucket_cb cb,
		    void *data);
int sq_sample_record(struct store *base, const char *hash,
		     const char *report_id, const struct store_scope *scope,
		     char **ret, size_t *ret_len);
int sq_top(struct store *base, const struct store_scope *scope,
	   unsigned int limit, store_bucket_cb cb, void *data,
	   uint64_t *ret_total);
int sq_response_add(struct store *base, const struct response_req *resp,
		    const struct store_scope *scope, int64_t now,
		    int64_t *ret_id);
int sq_responses_for(struct store *base, const char *const *ids, size_t n,
		     const struct store_scope *scope, store_answer_cb cb,
		     void *data);

#endif /* BUGCHECK_SERVER_STORE_SQLITE_H */
