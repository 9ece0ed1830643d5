// SPDX-License-Identifier: GPL-2.0
/*
 * Editing and withdrawing a vendor response on SQLite (store.h,
 * response_edit).  A withdrawn response leaves the responses table, which
 * every query that matches responses reads, and is kept in
 * responses_withdrawn with when and by which token; an edit changes the
 * row in place, so later reports and polls get the new text and ranges.
 * The table is a migration of store_sqlite_schema.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store_sqlite.h"
#include "store_sqlite_census.h"

/* Runs @sql with @id bound as ?1 and, when given, @now and @tok as ?2, ?3. */
static int run(sqlite3 *db, const char *sql, int64_t id, int64_t now,
	       int64_t tok)
{
	sqlite3_stmt *st;
	int rc, e = sqs_prepare(db, sql, &st);

	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 3) {
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, tok);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sqs_err(rc);
}

/* Response @id when @scope may see its bucket; its hash in @hash. */
static int scoped_response(sqlite3 *db, int64_t id,
			   const struct store_scope *scope, char hash[65])
{
	sqlite3_stmt *st;
	const char *image, *h;
	bool ok = false;
	int rc, e;

	e = sqs_prepare(db,
			"SELECT r.bucket_hash, b.image FROM responses r"
			" JOIN buckets b ON b.hash = r.bucket_hash"
			" WHERE r.id = ?1",
			&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		h = (const char *)sqlite3_column_text(st, 0);
		image = (const char *)sqlite3_column_text(st, 1);
		ok = scope->all;
		for (size_t i = 0; !ok && image && i < scope->n_modules; i++)
			ok = !strcmp(scope->modules[i], image);
		snprintf(hash, 65, "%s", h ? h : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqs_err(rc);
	return ok ? 0 : -ENOENT;
}

int sqr_edit(sqlite3 *db, int64_t id, const struct response_req *resp,
	     const struct store_scope *scope, int64_t now)
{
	char hash[65];
	sqlite3_stmt *st;
	int rc, e;

	e = sqs_exec(db, "BEGIN IMMEDIATE");
	if (e)
		return e;
	e = scoped_response(db, id, scope, hash);
	/* an edit names the bucket it means: another one is no such response */
	if (!e && resp && strcmp(resp->failure_hash, hash))
		e = -ENOENT;
	if (!e && !resp) {
		e = run(db,
			"INSERT INTO responses_withdrawn SELECT id, bucket_hash,"
			" message, link, mod_min, mod_max, kern_min, kern_max,"
			" token_id, created, ?2, ?3 FROM responses WHERE id = ?1",
			id, now, scope->token_id);
		if (!e)
			e = run(db, "DELETE FROM responses WHERE id = ?1", id,
				0, 0);
	} else if (!e) {
		e = sqs_prepare(db,
				"UPDATE responses SET message = ?2, link = ?3,"
				" mod_min = ?4, mod_max = ?5, kern_min = ?6,"
				" kern_max = ?7, token_id = ?8 WHERE id = ?1",
				&st);
		if (!e) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, resp->message, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 3, resp->link, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, resp->mod_min, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 5, resp->mod_max, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 6, resp->kern_min, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 7, resp->kern_max, -1,
					  SQLITE_STATIC);
			sqlite3_bind_int64(st, 8, scope->token_id);
			rc = sqlite3_step(st);
			sqlite3_finalize(st);
			if (rc != SQLITE_DONE)
				e = sqs_err(rc);
		}
	}
	if (!e)
		e = sqs_exec(db, "COMMIT");
	if (e)
		(void)sqs_exec(db, "ROLLBACK");
	return e;
}
