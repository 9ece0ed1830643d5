// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite storage of progressive collection (store_sqlite_collect.h).
 *
 * collect_wanted holds a row only for a bucket whose numbers someone set;
 * other buckets want collect_default_wanted().  collect_samples holds one
 * row per report and kind, so a report counts once per kind however often
 * its agent retries.  Both refer to buckets and reports by the keys of
 * the other tables (buckets.id, reports.report_id); the tables are
 * migration 4 of store_sqlite_schema.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_collect.h"
#include "store_sqlite.h"

/* The report's bucket, when @token_id sent it; -ENOENT otherwise. */
static int report_bucket(sqlite3 *db, const char *report_id, int64_t token_id,
			 int64_t *ret)
{
	sqlite3_stmt *st;
	int rc, e;

	e = sqs_prepare(db,
			"SELECT bucket_id FROM reports"
			" WHERE report_id = ?1 AND token_id = ?2",
			&st);
	if (e)
		return e;
	sqlite3_bind_text(st, 1, report_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, token_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

/*
 * Bucket @hash when @scope may see it (its blamed image is one of a
 * vendor's modules, or an admin asks); missing and out of scope look the
 * same, as in store_sqlite.c.
 */
static int scoped_bucket(sqlite3 *db, const char *hash,
			 const struct store_scope *scope, int64_t *ret)
{
	sqlite3_stmt *st;
	const char *image;
	bool ok = false;
	int rc, e;

	e = sqs_prepare(db, "SELECT id, image FROM buckets WHERE hash = ?1",
			&st);
	if (e)
		return e;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		image = (const char *)sqlite3_column_text(st, 1);
		ok = scope->all;
		for (size_t i = 0; !ok && image && i < scope->n_modules; i++)
			ok = !strcmp(scope->modules[i], image);
		*ret = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -EIO;
	return ok ? 0 : -ENOENT;
}

/* Wanted and held samples of every kind of bucket @bid. */
static int counts(sqlite3 *db, int64_t bid, unsigned int *wanted,
		  unsigned int *have)
{
	sqlite3_stmt *st;
	int rc, e, k;

	for (k = 0; k < COLLECT_KINDS; k++) {
		wanted[k] = collect_default_wanted(k);
		have[k] = 0;
	}
	e = sqs_prepare(db,
			"SELECT kind, wanted FROM collect_wanted"
			" WHERE bucket_id = ?1",
			&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, bid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = sqlite3_column_int(st, 0);
		if (k >= 0 && k < COLLECT_KINDS)
			wanted[k] = (unsigned int)sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -EIO;
	e = sqs_prepare(db,
			"SELECT kind, count(*) FROM collect_samples"
			" WHERE bucket_id = ?1 GROUP BY kind",
			&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, bid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = sqlite3_column_int(st, 0);
		if (k >= 0 && k < COLLECT_KINDS)
			have[k] = (unsigned int)sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

/*
 * One statement answers for a report: per kind, the default, the number
 * set for its bucket (NULL: none), the bucket's samples and the report's
 * own.  Ingest asks this for every report, so it is one prepared statement
 * in one read transaction per request, not a query per kind.
 */
const char sqc_wants_sql[] =
	"SELECT k.kind, k.def, w.wanted,"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.bucket_id = r.bucket_id AND s.kind = k.kind),"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.report_id = r.report_id AND s.kind = k.kind)"
	" FROM reports r"
	" JOIN (SELECT 0 AS kind, ?3 AS def UNION ALL SELECT 1, ?4"
	"  UNION ALL SELECT 2, ?5) k"
	" LEFT JOIN collect_wanted w"
	"  ON w.bucket_id = r.bucket_id AND w.kind = k.kind"
	" WHERE r.report_id = ?1 AND r.token_id = ?2";

/*
 * The same answer for a report whose bucket the caller knows (?2): ingest
 * has just stored or found the report under this token, so the look-up of
 * its reports row (three, one per kind) is left out (issue 15: the wants
 * query was 44k of the 524k instructions a report cost until acknowledged,
 * callgrind).
 */
const char sqc_wants_bucket_sql[] =
	"SELECT k.kind, k.def, w.wanted,"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.bucket_id = ?2 AND s.kind = k.kind),"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.report_id = ?1 AND s.kind = k.kind)"
	" FROM (SELECT 0 AS kind, ?3 AS def UNION ALL SELECT 1, ?4"
	"  UNION ALL SELECT 2, ?5) k"
	" LEFT JOIN collect_wanted w"
	"  ON w.bucket_id = ?2 AND w.kind = k.kind";

int sqc_wants_one(sqlite3_stmt *st, const char *report_id, int64_t id,
		  unsigned int *ret_mask)
{
	unsigned int mask = 0;
	int rc;

	sqlite3_bind_text(st, 1, report_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	for (int k = 0; k < COLLECT_KINDS; k++)
		sqlite3_bind_int(st, 3 + k, collect_default_wanted(k));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = sqlite3_column_int(st, 0);
		int64_t wanted = sqlite3_column_type(st, 2) == SQLITE_NULL ?
					 sqlite3_column_int64(st, 1) :
					 sqlite3_column_int64(st, 2);

		if (k >= 0 && k < COLLECT_KINDS &&
		    sqlite3_column_int64(st, 3) < wanted &&
		    !sqlite3_column_int64(st, 4))
			mask |= 1u << k;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return sqs_err(rc);
	*ret_mask = mask;
	return 0;
}

int sqc_wants(sqlite3 *db, const char *const *report_ids, size_t n,
	      int64_t token_id, unsigned int *ret_masks)
{
	sqlite3_stmt *st;
	int e;

	e = sqs_exec(db, "BEGIN");
	if (e)
		return e;
	e = sqs_prepare_kept(db, sqc_wants_sql, &st);
	for (size_t i = 0; i < n && !e; i++)
		e = sqc_wants_one(st, report_ids[i], token_id, &ret_masks[i]);
	(void)sqs_exec(db, "COMMIT");
	return e;
}

int sqc_set(sqlite3 *db, const char *hash, const struct store_scope *scope,
	    const int *wanted, int64_t now, unsigned int *ret_wanted,
	    unsigned int *ret_have)
{
	sqlite3_stmt *st = NULL;
	int64_t bid;
	int e, rc;

	e = sqs_exec(db, "BEGIN IMMEDIATE");
	if (e)
		return e;
	e = scoped_bucket(db, hash, scope, &bid);
	if (!e && wanted)
		e = sqs_prepare(
			db,
			"INSERT INTO collect_wanted(bucket_id, kind, wanted,"
			" set_at) VALUES(?1, ?2, ?3, ?4)"
			" ON CONFLICT(bucket_id, kind) DO UPDATE SET"
			" wanted = excluded.wanted, set_at = excluded.set_at",
			&st);
	for (int k = 0; !e && wanted && k < COLLECT_KINDS; k++) {
		if (wanted[k] < 0)
			continue;
		sqlite3_bind_int64(st, 1, bid);
		sqlite3_bind_int(st, 2, k);
		sqlite3_bind_int(st, 3, wanted[k]);
		sqlite3_bind_int64(st, 4, now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			e = sqs_err(rc);
	}
	sqlite3_finalize(st);
	if (!e)
		e = counts(db, bid, ret_wanted, ret_have);
	if (!e)
		e = sqs_exec(db, "COMMIT");
	if (e)
		(void)sqs_exec(db, "ROLLBACK");
	return e;
}

/*
 * The sample's key (report, kind) decides -EEXIST, not a look first: the
 * row goes in, and only then is the bucket's count checked against what it
 * wants, so a resent sample is -EEXIST whether or not the bucket is full.
 */
int sqc_put(sqlite3 *db, const char *report_id, int64_t token_id,
	    unsigned int kind, const char *data, size_t len, int64_t now,
	    unsigned int *ret_have)
{
	unsigned int wanted[COLLECT_KINDS], have[COLLECT_KINDS];
	sqlite3_stmt *st;
	int64_t bid;
	int e, rc;

	if (kind >= COLLECT_KINDS)
		return -EINVAL;
	e = sqs_exec(db, "BEGIN IMMEDIATE");
	if (e)
		return e;
	e = report_bucket(db, report_id, token_id, &bid);
	if (!e)
		e = sqs_prepare(db,
				"INSERT INTO collect_samples(report_id, kind,"
				" bucket_id, token_id, received, data)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
				&st);
	if (!e) {
		sqlite3_bind_text(st, 1, report_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)kind);
		sqlite3_bind_int64(st, 3, bid);
		sqlite3_bind_int64(st, 4, token_id);
		sqlite3_bind_int64(st, 5, now);
		sqlite3_bind_text64(st, 6, data, len, SQLITE_STATIC,
				    SQLITE_UTF8);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			e = -EEXIST; /* the key (report_id, kind) */
		else if (rc != SQLITE_DONE)
			e = sqs_err(rc);
	}
	if (!e)
		e = counts(db, bid, wanted, have);
	if (!e && have[kind] > wanted[kind])
		e = -EPERM; /* this one is more than the bucket wants */
	if (!e)
		e = sqs_exec(db, "COMMIT");
	if (e) {
		(void)sqs_exec(db, "ROLLBACK");
		return e;
	}
	*ret_have = have[kind];
	return 0;
}

int sqc_list(sqlite3 *db, const char *hash, const struct store_scope *scope,
	     store_sample_cb cb, void *data)
{
	sqlite3_stmt *st;
	int64_t bid;
	int e, rc;

	e = scoped_bucket(db, hash, scope, &bid);
	if (!e)
		e = sqs_prepare(db,
				"SELECT kind, report_id, received,"
				" length(CAST(data AS BLOB))"
				" FROM collect_samples WHERE bucket_id = ?1"
				" ORDER BY received, report_id, kind",
				&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, bid);
	while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW)
		e = cb((unsigned int)sqlite3_column_int(st, 0),
		       (const char *)sqlite3_column_text(st, 1),
		       sqlite3_column_int64(st, 2),
		       (uint64_t)sqlite3_column_int64(st, 3), data);
	sqlite3_finalize(st);
	if (e)
		return e;
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int sqc_get(sqlite3 *db, const char *hash, const char *report_id,
	    unsigned int kind, const struct store_scope *scope, char **ret,
	    size_t *ret_len)
{
	sqlite3_stmt *st;
	int64_t bid;
	size_t n;
	int e, rc;

	e = scoped_bucket(db, hash, scope, &bid);
	if (!e)
		e = sqs_prepare(
			db,
			"SELECT data FROM collect_samples WHERE"
			" bucket_id = ?1 AND report_id = ?2 AND kind = ?3",
			&st);
	if (e)
		return e;
	sqlite3_bind_int64(st, 1, bid);
	sqlite3_bind_text(st, 2, report_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)kind);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	n = (size_t)sqlite3_column_bytes(st, 0);
	*ret = malloc(n + 1);
	if (*ret) {
		memcpy(*ret, sqlite3_column_text(st, 0), n);
		(*ret)[n] = '\0';
		*ret_len = n;
	}
	sqlite3_finalize(st);
	return *ret ? 0 : -ENOMEM;
}
