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
	S_DAILY_HLL_HIT,
	S_DAILY_BUCKET_HLL_HIT,
	S_COUNT
};

extern const char *const sqs_stmt_sql[S_COUNT];

/*
 * Group commit: ingest calls that arrive while another is running, or
 * while the WAL is being synced, join one open transaction (without
 * savepoints: a member that fails after writing sends the whole group to
 * run again, each alone); the last one in line, or the syncer when its
 * fdatasync() returns, commits for all.  Every caller returns only after
 * the COMMIT that covers its reports is on disk, so an acknowledged
 * report is durable.
 *
 * The COMMIT of a group does not wait for the disk itself (synchronous =
 * NORMAL for group transactions): its members wait in sqs_durable() for
 * an fdatasync() of the WAL file that started after their COMMIT, which
 * runs without the writer lock.  Meanwhile the next group is built, and
 * one fdatasync() covers every commit written before it began.  What a
 * checkpoint copies into the database file SQLite syncs itself (WAL
 * before, database after, in NORMAL mode too).  Every other write keeps
 * synchronous = FULL.
 */
#define GROUP_MAX 256 /* reports per shared transaction */

/*
 * An ingest call in group_run(), on its stack.  Each waits on its own
 * @wake, so a commit or a sync wakes only the callers it concerns (a
 * context switch is dear on this hardware; a broadcast woke them all).
 */
struct group_member {
	struct group_member *next; /* in the open group's @members */
	struct group_member *wnext; /* in @sync_waiters */
	pthread_cond_t wake;
	bool done; /* the group's COMMIT ran */
	bool in_sync_wait; /* on @sync_waiters */
	int err; /* the COMMIT's result */
	uint64_t need; /* @written of that COMMIT: sync at least this far */
};

struct sqlite_store {
	struct store base; /* must be first */
	sqlite3 *db;
	pthread_mutex_t lock; /* serialises every use of @db */
	unsigned int waiting; /* ingest callers queued for @lock (atomic) */
	bool in_txn; /* a group transaction is open */
	unsigned int group; /* reports in the open transaction */
	uint64_t gen; /* number of group commits so far */
	uint64_t ingested; /* report ingest calls, for the exit log */
	struct group_member *members; /* of the open group, to answer */
	/*
	 * Durability of group commits (sqs_durable(), under @lock):
	 * @written counts group COMMITs, @synced how many of them an
	 * fdatasync() of @wal_fd covered; one thread at a time syncs
	 * (@syncing), without @lock.  An fdatasync() error is kept in
	 * @sync_err: what it lost cannot be known, so every later ingest
	 * fails.
	 */
	uint64_t written, synced;
	bool syncing;
	struct group_member *sync_waiters; /* callers waiting for a sync */
	int sync_err;
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
};

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
/* Commits the open group transaction and wakes its members (lock held). */
void sqs_group_commit(struct sqlite_store *s);
/*
 * @sql prepared on @db once and kept: reset it after use, never
 * finalize it (sq_close() does).
 */
int sqs_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **ret);
/* The calling thread's read-only connection, opened on first use. */
sqlite3 *sqs_reader(struct sqlite_store *s);
/*
 * Distinct machines (store_sqlite_hll.c): the SQL functions hll_add() and
 * hll_distinct() on @db, and the machine of a report added to the
 * sketches of its rollup rows.
 */
int sqs_hll_register(sqlite3 *db);
int sqs_hll_hit(struct sqlite_store *s, int64_t day, int64_t bucket_id,
		int64_t dim_id, const char *machine_id);
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
