// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet census on SQLite (store_sqlite_census.h).
 *
 * census_machines has one row per machine and day: inserting it is what
 * makes a census count once, however often the agent retries.  Only when
 * that row is new are the sums in census_counts raised, one row per day,
 * dimension and key (and version, for modules), in the same transaction.
 * The tables are the census migration of store_sqlite_schema.c.
 */
#include <errno.h>
#include <string.h>

#include "store_sqlite_census.h"
#include "store_sqlite.h"

/* Adds one machine to (@day, @dim, @key, @version). */
static int bump(sqlite3_stmt *st, int64_t day, enum census_dim dim,
		const char *key, const char *version)
{
	int rc;

	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int(st, 2, (int)dim);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sqs_err(rc);
}

int sqk_add(sqlite3 *db, const struct census *c, int64_t day, bool *ret_counted)
{
	sqlite3_stmt *st = NULL;
	int rc, e;

	*ret_counted = false;
	e = sqs_exec(db, "BEGIN IMMEDIATE");
	if (e)
		return e;
	e = sqs_prepare(db,
			"INSERT OR IGNORE INTO census_machines VALUES(?1, ?2)",
			&st);
	if (e)
		goto out;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, c->machine_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		e = sqs_err(rc);
		goto out;
	}
	if (!sqlite3_changes(db))
		goto out; /* counted today already */
	e = sqs_prepare(db,
			"INSERT INTO census_counts VALUES(?1, ?2, ?3, ?4, 1)"
			" ON CONFLICT(day, dim, key, version)"
			" DO UPDATE SET machines = machines + 1",
			&st);
	if (!e)
		e = bump(st, day, CENSUS_TOTAL, "", "");
	if (!e)
		e = bump(st, day, CENSUS_KERNEL, c->kernel_release, "");
	if (!e)
		e = bump(st, day, CENSUS_MARKET, c->market, "");
	if (!e)
		e = bump(st, day, CENSUS_DEVICE, c->device_type, "");
	if (!e)
		e = bump(st, day, CENSUS_OS, c->os_release, "");
	for (size_t i = 0; !e && i < c->n_modules; i++)
		e = bump(st, day, CENSUS_MODULE, c->modules[i].name,
			 c->modules[i].version);
	sqlite3_finalize(st);
	if (!e)
		*ret_counted = true;
out:
	if (e) {
		(void)sqs_exec(db, "ROLLBACK");
		*ret_counted = false;
		return e;
	}
	return sqs_exec(db, "COMMIT");
}

static bool module_in_scope(const struct store_scope *scope, const char *name)
{
	if (scope->all)
		return true;
	for (size_t i = 0; i < scope->n_modules; i++)
		if (!strcmp(scope->modules[i], name))
			return true;
	return false;
}

int sqk_rows(sqlite3 *db, enum census_dim dim, int64_t from, int64_t to,
	     const struct store_scope *scope, store_census_cb cb, void *data)
{
	sqlite3_stmt *st;
	int rc, e;

	e = sqs_prepare(db,
			"SELECT key, version, sum(machines) FROM census_counts"
			" WHERE dim = ?1 AND day BETWEEN ?2 AND ?3"
			" GROUP BY key, version ORDER BY key, version",
			&st);
	if (e)
		return e;
	sqlite3_bind_int(st, 1, (int)dim);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *ver = (const char *)sqlite3_column_text(st, 1);

		if (dim == CENSUS_MODULE && !module_in_scope(scope, key))
			continue;
		e = cb(key ? key : "", ver ? ver : "",
		       (uint64_t)sqlite3_column_int64(st, 2), data);
		if (e)
			break;
	}
	sqlite3_finalize(st);
	if (e)
		return e;
	return rc == SQLITE_DONE ? 0 : sqs_err(rc);
}

int sqk_retain(sqlite3 *db, int64_t before_day, uint64_t *ret_rows)
{
	static const char *const sql[] = {
		"DELETE FROM census_machines WHERE day < ?1",
		"DELETE FROM census_counts WHERE day < ?1",
	};
	sqlite3_stmt *st;
	int rc, e;

	*ret_rows = 0;
	e = sqs_exec(db, "BEGIN IMMEDIATE");
	for (size_t i = 0; !e && i < sizeof(sql) / sizeof(sql[0]); i++) {
		e = sqs_prepare(db, sql[i], &st);
		if (e)
			break;
		sqlite3_bind_int64(st, 1, before_day);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			e = sqs_err(rc);
		else
			*ret_rows += (uint64_t)sqlite3_changes(db);
	}
	if (e) {
		(void)sqs_exec(db, "ROLLBACK");
		return e;
	}
	return sqs_exec(db, "COMMIT");
}
