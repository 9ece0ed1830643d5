/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SQLite storage of progressive collection (server/collect.h): what each
 * bucket wants and the samples agents uploaded.  The tables are a
 * migration of store_sqlite_schema.c; store_sqlite.c calls the functions
 * below, the writers with its write connection under its lock and with no
 * transaction open, the readers with the thread's read connection.  Each
 * function runs its own transaction.
 */
#ifndef BUGCHECK_SERVER_STORE_SQLITE_COLLECT_H
#define BUGCHECK_SERVER_STORE_SQLITE_COLLECT_H

#include <sqlite3.h>

#include "store.h"

/* A statement prepared once per connection (store_sqlite.c). */
int sqs_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **ret);

/*
 * What one report's bucket wants from it (collect_wants), through @st
 * prepared on the caller's connection and run in the caller's
 * transaction: sqc_wants_sql with @id the token that must have sent the
 * report, or sqc_wants_bucket_sql with @id the report's bucket.  Ingest
 * asks the second on the writer, inside the group transaction, instead
 * of a read transaction per request.
 */
extern const char sqc_wants_sql[], sqc_wants_bucket_sql[];
int sqc_wants_one(sqlite3_stmt *st, const char *report_id, int64_t id,
		  unsigned int *ret_mask);

/* The struct store_ops members of the same names, on @db. */
int sqc_wants(sqlite3 *db, const char *const *report_ids, size_t n,
	      int64_t token_id, unsigned int *ret_masks);
int sqc_set(sqlite3 *db, const char *hash, const struct store_scope *scope,
	    const int *wanted, int64_t now, unsigned int *ret_wanted,
	    unsigned int *ret_have);
int sqc_put(sqlite3 *db, const char *report_id, int64_t token_id,
	    unsigned int kind, const char *data, size_t len, int64_t now,
	    unsigned int *ret_have);
int sqc_list(sqlite3 *db, const char *hash, const struct store_scope *scope,
	     store_sample_cb cb, void *data);
int sqc_get(sqlite3 *db, const char *hash, const char *report_id,
	    unsigned int kind, const struct store_scope *scope, char **ret,
	    size_t *ret_len);

#endif /* BUGCHECK_SERVER_STORE_SQLITE_COLLECT_H */
