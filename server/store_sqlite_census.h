/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SQLite storage of the fleet census (server/census.h), and the editing
 * and withdrawing of responses.  The tables are migrations of
 * store_sqlite_schema.c; store_sqlite.c calls the writers
 * with its write connection under its lock and no transaction open, the
 * reader with the thread's read connection.
 */
#ifndef BUGCHECK_SERVER_STORE_SQLITE_CENSUS_H
#define BUGCHECK_SERVER_STORE_SQLITE_CENSUS_H

#include <sqlite3.h>

#include "store.h"

/* The struct store_ops members census_add, census_rows, census_retain. */
int sqk_add(sqlite3 *db, const struct census *c, int64_t day,
	    bool *ret_counted);
int sqk_rows(sqlite3 *db, enum census_dim dim, int64_t from, int64_t to,
	     const struct store_scope *scope, store_census_cb cb, void *data);
int sqk_retain(sqlite3 *db, int64_t before_day, uint64_t *ret_rows);

/* The struct store_ops member response_edit (store_sqlite_responses.c). */
int sqr_edit(sqlite3 *db, int64_t id, const struct response_req *resp,
	     const struct store_scope *scope, int64_t now);

#endif /* BUGCHECK_SERVER_STORE_SQLITE_CENSUS_H */
