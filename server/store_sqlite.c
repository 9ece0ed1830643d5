// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend of the store (WAL mode, no set-up needed): connections,
 * tokens and the ops table.  The schema and its migrations are in
 * store_sqlite_schema.c, ingest in store_sqlite_ingest.c, failurehits and
 * the per-bucket views in store_sqlite_query.c.
 *
 * One writer connection, serialised by a mutex (SQLite writes are serial
 * anyway; concurrent ingest calls share group commits), and one read-only
 * connection per reading thread, opened on first use: in WAL mode readers
 * never wait for the writer and the writer never waits for a reader, so a
 * heavy failurehits query does not stall ingest.
 *
 * Tables:
 *   buckets          one row per bucket key (failure hash or claim GUID)
 *   reports          one row per report id: the idempotency record
 *   bucket_machines  distinct machines per bucket
 *   dims             interned tuples of the per-report dimensions
 *   daily            hits per (day, bucket, dims); failurehits reads this
 *   daily_bucket     hits per (day, bucket); used when a query needs no
 *                    per-report dimension, which keeps it small
 *   daily_dims       hits per (day, dims); used when a query needs no
 *                    bucket field (and no vendor scope)
 *   bucket_kernels, bucket_modules   what the details view lists
 *   samples          slot 1..5 = first five reports, slot 0 = latest
 *   responses, tokens
 *   collect_wanted, collect_samples   progressive collection
 *                    (store_sqlite_collect.c)
 *   census_machines, census_counts   the fleet census
 *                    (store_sqlite_census.c)
 *   responses_withdrawn   withdrawn responses (store_sqlite_responses.c)
 *
 * Statements that run per report are prepared once and reused (prepare,
 * bind, step, reset; finalize at close).  The dynamic failurehits
 * statement is assembled from fixed fragments chosen by enum query_field;
 * every value the client supplied is bound.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_sqlite.h"

#include "store_sqlite_census.h"
#include "store_sqlite_collect.h"

/* Statements prepared once on the writer connection (see enum stmt_id). */
const char *const sqs_stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_REPORT_GET] =
		"SELECT r.bucket_id, r.hits, r.kernel_release,"
		" r.module_version, b.hash, r.token_id FROM reports r"
		" JOIN buckets b ON b.id = r.bucket_id WHERE r.report_id = ?1",
	[S_REPORT_ADD] =
		"INSERT INTO reports(report_id, bucket_id, token_id, hits,"
		" kernel_release, module_version, received, day, dim_id,"
		" count, weight, weighted, mod_name, mod_version,"
		" mod_srcversion)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		" ?13, ?14, ?15)",
	[S_BUCKET_UPSERT] =
		"INSERT INTO buckets(hash, failure_name, symbol, image,"
		" event_type, class, code, title, claim_plugin, first_seen,"
		" last_seen, hits, stack, reports)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?12, ?11,"
		" 1) ON CONFLICT(hash) DO UPDATE SET hits = hits + ?12,"
		" reports = reports + 1,"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen)",
	[S_BUCKET_HASH] = "SELECT hash FROM buckets WHERE id = ?1",
	/*
	 * What the upsert above would return: a RETURNING clause cost it
	 * about 22k more instructions than this look-up after it (SQLite
	 * 3.40 runs RETURNING through an ephemeral table; issue 15).
	 */
	[S_BUCKET_COUNTS] =
		"SELECT id, hits, reports FROM buckets WHERE hash = ?1",
	[S_MACHINE_ADD] =
		"INSERT OR IGNORE INTO bucket_machines VALUES(?1, ?2)",
	[S_MACHINE_COUNT] =
		"UPDATE buckets SET machines = machines + 1 WHERE id = ?1",
	[S_DIM_GET] =
		"SELECT id FROM dims WHERE file_name = ?1 AND app_version = ?2"
		" AND os_version = ?3 AND os_build = ?4 AND os_release = ?5"
		" AND event_type = ?6 AND market = ?7 AND device_type = ?8",
	[S_DIM_ADD] =
		"INSERT INTO dims(file_name, app_version, os_version, os_build,"
		" os_release, event_type, market, device_type)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_DAILY_UPSERT] = "INSERT INTO daily VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
			   " ON CONFLICT DO UPDATE SET hits = hits + ?6",
	[S_DAILY_BUCKET_UPSERT] =
		"INSERT INTO daily_bucket VALUES(?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT DO UPDATE SET hits = hits + ?5",
	[S_DAILY_DIMS_UPSERT] =
		"INSERT INTO daily_dims VALUES(?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT DO UPDATE SET hits = hits + ?5",
	/*
	 * The machines of one rollup row in an ingest call, as a sketch
	 * (?4, ?3), into the distinct-machines sketch beside daily and
	 * daily_bucket (store_sqlite_hll.c); a row whose sketch does not
	 * change is not rewritten.
	 */
	[S_DAILY_HLL_MERGE] =
		"INSERT INTO daily_hll VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT DO UPDATE SET hll = hll_union(hll, ?4)"
		" WHERE hll IS NOT hll_union(hll, ?4)",
	[S_DAILY_BUCKET_HLL_MERGE] =
		"INSERT INTO daily_bucket_hll VALUES(?1, ?2, ?3)"
		" ON CONFLICT DO UPDATE SET hll = hll_union(hll, ?3)"
		" WHERE hll IS NOT hll_union(hll, ?3)",
	[S_KERNEL_UPSERT] = "INSERT INTO bucket_kernels VALUES(?1, ?2, ?3)"
			    " ON CONFLICT DO UPDATE SET hits = hits + ?3",
	[S_MODULE_UPSERT] =
		"INSERT INTO bucket_modules VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT DO UPDATE SET hits = hits + ?6",
	/* an upsert, not OR REPLACE: no delete and re-insert */
	[S_SAMPLE_PUT] =
		"INSERT INTO samples VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT DO UPDATE SET report_id = ?3, crash_time = ?4,"
		" received = ?5, record = ?6",
	[S_RESPONSES_FOR_HASH] =
		"SELECT id, message, link, mod_min, mod_max, kern_min, kern_max"
		" FROM responses WHERE bucket_hash = ?1 ORDER BY id DESC",
	[S_TOKEN_ADD] =
		"INSERT INTO tokens(hash, role, modules, label, created)"
		" VALUES(?1, ?2, ?3, ?4, ?5)",
	[S_TOKEN_FIND] =
		"SELECT id, role, modules, label, created, revoked FROM tokens"
		" WHERE hash = ?1 AND revoked = 0",
	[S_TOKEN_LIST] =
		"SELECT id, hash, role, modules, label, created, revoked"
		" FROM tokens ORDER BY id",
	[S_TOKEN_REVOKE] =
		"UPDATE tokens SET revoked = ?2 WHERE id = ?1 AND revoked = 0",
	[S_QUOTA_GET] =
		"SELECT reports FROM quota WHERE token_id = ?1 AND day = ?2",
	[S_QUOTA_ADD] = "INSERT INTO quota VALUES(?1, ?2, ?3)"
			" ON CONFLICT DO UPDATE SET reports = reports + ?3",
	/* count updates (store_sqlite_ingest.c, count_work()) */
	[S_RCOUNT_GET] =
		"SELECT token_id, day, dim_id, bucket_id, count, weight,"
		" weighted, kernel_release, mod_name, mod_version,"
		" mod_srcversion FROM reports WHERE report_id = ?1",
	[S_RCOUNT_SET] = "UPDATE reports SET count = ?2, weighted = ?3"
			 " WHERE report_id = ?1",
	[S_BUCKET_ADD] = "UPDATE buckets SET hits = hits + ?2 WHERE id = ?1",
	[S_DAILY_ADD] = "UPDATE daily SET hits = hits + ?4 WHERE day = ?1"
			" AND bucket_id = ?2 AND dim_id = ?3",
	[S_DAILY_BUCKET_ADD] = "UPDATE daily_bucket SET hits = hits + ?3"
			       " WHERE day = ?1 AND bucket_id = ?2",
	[S_DAILY_DIMS_ADD] = "UPDATE daily_dims SET hits = hits + ?3"
			     " WHERE day = ?1 AND dim_id = ?2",
	[S_KERNEL_ADD] = "UPDATE bucket_kernels SET hits = hits + ?3"
			 " WHERE bucket_id = ?1 AND kernel_release = ?2",
	[S_MODULE_ADD] = "UPDATE bucket_modules SET hits = hits + ?5"
			 " WHERE bucket_id = ?1 AND name = ?2 AND version = ?3"
			 " AND srcversion = ?4",
	/* what a report's bucket wants (store_sqlite_collect.c) */
	[S_WANTS] = sqc_wants_bucket_sql,
	/* around a group transaction (store_sqlite_ingest.c, sq_group_run()) */
	/* deferred rollups (store_sqlite_roll.c) */
	[S_QUEUE_ADD] = "INSERT INTO roll_queue(day, bucket_id, dim_id, hits,"
			" machine, kernel, has_module, mod_name, mod_file,"
			" mod_version, mod_srcversion)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_QUEUE_TAKE] =
		"SELECT seq, day, bucket_id, dim_id, hits, machine,"
		" kernel, has_module, mod_name, mod_file, mod_version,"
		" mod_srcversion FROM roll_queue ORDER BY seq LIMIT ?1",
	[S_QUEUE_DROP] = "DELETE FROM roll_queue WHERE seq <= ?1",
	[S_SYNC_NORMAL] = "PRAGMA synchronous=NORMAL",
	[S_SYNC_FULL] = "PRAGMA synchronous=FULL",
};

int sqs_err_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_CONSTRAINT:
		return -EEXIST;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_TOOBIG:
		return -EMSGSIZE;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return -EBADMSG;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_READONLY:
		return -EACCES;
	default:
		return -EIO;
	}
}

int sqs_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **ret)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, ret, NULL);

	return rc == SQLITE_OK ? 0 : sqs_err(rc);
}

int sqs_exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sqs_err(rc);
}

int sqs_run(struct sqlite_store *s, enum stmt_id id)
{
	sqlite3_stmt *st = s->stmt[id];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sqs_err(rc);
	return 0;
}

sqlite3 *sqs_reader(struct sqlite_store *s)
{
	sqlite3 *db = pthread_getspecific(s->rkey), **grown;

	if (db)
		return db;
	if (sqlite3_open_v2(s->path, &db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqs_hll_register(db)) {
		sqlite3_close(db);
		return NULL;
	}
	(void)sqlite3_exec(
		db, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;", NULL,
		NULL, NULL);
	pthread_mutex_lock(&s->rlock);
	grown = realloc(s->readers, (s->n_readers + 1) * sizeof(*grown));
	if (grown) {
		s->readers = grown;
		s->readers[s->n_readers++] = db;
	}
	pthread_mutex_unlock(&s->rlock);
	if (!grown) {
		sqlite3_close(db);
		return NULL;
	}
	pthread_setspecific(s->rkey, db);
	return db;
}

static void sq_stats(struct store *base, struct group_stats *ret)
{
	group_stats(&to_sq(base)->group, ret);
}

static void sq_roll_stats(struct store *base, struct roll_stats *ret)
{
	roller_stats(&to_sq(base)->roller, ret);
}

static void sq_close(struct store *base)
{
	struct sqlite_store *s = to_sq(base);

	if (!s)
		return;
	if (s->db)
		sqs_roll_stop(s);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	if (s->db) {
		sqlite3_stmt *st;

		/* any statement still prepared on the writer */
		while ((st = sqlite3_next_stmt(s->db, NULL)))
			sqlite3_finalize(st);
	}
	sqlite3_close(s->db);
	for (size_t i = 0; i < s->n_readers; i++) {
		sqlite3_stmt *st;

		/* statements a reader keeps prepared (store_sqlite_collect.c) */
		while ((st = sqlite3_next_stmt(s->readers[i], NULL)))
			sqlite3_finalize(st);
		sqlite3_close(s->readers[i]);
	}
	free(s->readers);
	free(s->path);
	pthread_key_delete(s->rkey);
	pthread_mutex_destroy(&s->rlock);
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	group_destroy(&s->group);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int sq_open(const char *path, struct store **ret)
{
	struct sqlite_store *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	s->base.ops = &store_sqlite_ops;
	pthread_mutex_init(&s->lock, NULL);
	group_init(&s->group, &sqs_group_ops, s, GROUP_MAX, GROUP_WRITERS);
	pthread_mutex_init(&s->rlock, NULL);
	s->wal_fd = -1;
	pthread_key_create(&s->rkey, NULL);
	s->path = strdup(path);
	if (!s->path) {
		rc = SQLITE_NOMEM;
		goto err;
	}
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		goto err;
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 4 * 1024 * 1024);
	rc = sqs_hll_register(s->db);
	if (rc)
		goto err_migrate;
	rc = sqlite3_exec(
		s->db,
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		" PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;",
		NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto err;
	rc = sqs_migrate(s->db);
	if (rc)
		goto err_migrate;
	for (int i = 0; i < S_COUNT; i++) {
		rc = sqlite3_prepare_v3(s->db, sqs_stmt_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
					NULL);
		if (rc != SQLITE_OK)
			goto err;
	}
	rc = sqs_roll_start(s);
	if (rc)
		goto err_migrate;
	*ret = &s->base;
	return 0;

err:
	rc = sqs_err(rc);
err_migrate:
	sq_close(&s->base);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Tokens                                                             */
/* ---------------------------------------------------------------- */

static int sq_token_add(struct store *base, const struct store_token *t,
			int64_t *ret_id)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st = s->stmt[S_TOKEN_ADD];
	char mods[STORE_MODULES_MAX * 58];
	int r;

	store_token_join_modules(t, mods, sizeof(mods));
	pthread_mutex_lock(&s->lock);
	bind_text(st, 1, t->hash);
	sqlite3_bind_int(st, 2, t->role);
	bind_text(st, 3, mods);
	bind_text(st, 4, t->label);
	sqlite3_bind_int64(st, 5, t->created);
	r = sqs_run(s, S_TOKEN_ADD);
	if (!r)
		*ret_id = sqlite3_last_insert_rowid(s->db);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/*
 * A statement prepared once per connection and kept (reset, not
 * finalized, after use): parsing the token look-up and the collect
 * wants at every request was a third of an ingest's instructions
 * (callgrind).  Found again by its text among the
 * connection's statements; sq_close() finalizes them.
 */
int sqs_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **ret)
{
	sqlite3_stmt *st = NULL;
	int rc;

	while ((st = sqlite3_next_stmt(db, st)))
		if (!sqlite3_stmt_busy(st) && sqlite3_sql(st) &&
		    !strcmp(sqlite3_sql(st), sql)) {
			*ret = st;
			return 0;
		}
	rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, ret,
				NULL);
	return rc == SQLITE_OK ? 0 : sqs_err(rc);
}

static int sq_token_find(struct store *base, const char *hash,
			 struct store_token *ret)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db = sqs_reader(s);
	sqlite3_stmt *st;
	int rc, r = -ENOENT;

	if (!db || sqs_prepare_kept(db, sqs_stmt_sql[S_TOKEN_FIND], &st))
		return -EIO;
	bind_text(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(ret, 0, sizeof(*ret));
		ret->id = sqlite3_column_int64(st, 0);
		snprintf(ret->hash, sizeof(ret->hash), "%s", hash);
		ret->role = sqlite3_column_int(st, 1);
		store_token_split_modules(col_text(st, 2), ret);
		snprintf(ret->label, sizeof(ret->label), "%s", col_text(st, 3));
		ret->created = sqlite3_column_int64(st, 4);
		ret->revoked = sqlite3_column_int64(st, 5);
		r = 0;
	} else if (rc != SQLITE_DONE) {
		r = sqs_err(rc);
	}
	done(st);
	return r;
}

static int sq_token_list(struct store *base,
			 int (*cb)(const struct store_token *t, void *data),
			 void *data)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st = s->stmt[S_TOKEN_LIST];
	struct store_token t;
	int rc, r = 0;

	pthread_mutex_lock(&s->lock);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&t, 0, sizeof(t));
		t.id = sqlite3_column_int64(st, 0);
		snprintf(t.hash, sizeof(t.hash), "%s", col_text(st, 1));
		t.role = sqlite3_column_int(st, 2);
		store_token_split_modules(col_text(st, 3), &t);
		snprintf(t.label, sizeof(t.label), "%s", col_text(st, 4));
		t.created = sqlite3_column_int64(st, 5);
		t.revoked = sqlite3_column_int64(st, 6);
		r = cb(&t, data);
		if (r)
			break;
	}
	if (!r && rc != SQLITE_DONE)
		r = sqs_err(rc);
	done(st);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_token_revoke(struct store *base, int64_t id, int64_t now)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st = s->stmt[S_TOKEN_REVOKE];
	int r;

	pthread_mutex_lock(&s->lock);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now > 0 ? now : 1);
	r = sqs_run(s, S_TOKEN_REVOKE);
	if (!r && sqlite3_changes(s->db) == 0)
		r = -ENOENT;
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---------------------------------------------------------------- */
/* Ingest                                                             */

/*
 * Progressive collection (store_sqlite_collect.c).  Reads use the
 * thread's read connection; writes the write connection (between group
 * transactions: a group holds the writer lock from BEGIN to COMMIT), each
 * call in a transaction of its own.
 */
static struct sqlite_store *collect_lock(struct store *base)
{
	struct sqlite_store *s = to_sq(base);

	pthread_mutex_lock(&s->lock);
	return s;
}

static int sq_collect_wants(struct store *base, const char *const *report_ids,
			    size_t n, int64_t token_id, unsigned int *ret_masks)
{
	sqlite3 *db = sqs_reader(to_sq(base));

	if (!db)
		return -ENOMEM;
	return sqc_wants(db, report_ids, n, token_id, ret_masks);
}

static int sq_collect_set(struct store *base, const char *hash,
			  const struct store_scope *scope, const int *wanted,
			  int64_t now, unsigned int *ret_wanted,
			  unsigned int *ret_have)
{
	struct sqlite_store *s = collect_lock(base);
	int e = sqc_set(s->db, hash, scope, wanted, now, ret_wanted, ret_have);

	pthread_mutex_unlock(&s->lock);
	return e;
}

static int sq_collect_put(struct store *base, const char *report_id,
			  int64_t token_id, unsigned int kind, const char *data,
			  size_t len, int64_t now, unsigned int *ret_have)
{
	struct sqlite_store *s = collect_lock(base);
	int e = sqc_put(s->db, report_id, token_id, kind, data, len, now,
			ret_have);

	pthread_mutex_unlock(&s->lock);
	return e;
}

static int sq_collect_list(struct store *base, const char *hash,
			   const struct store_scope *scope, store_sample_cb cb,
			   void *data)
{
	sqlite3 *db = sqs_reader(to_sq(base));

	return db ? sqc_list(db, hash, scope, cb, data) : -ENOMEM;
}

static int sq_collect_get(struct store *base, const char *hash,
			  const char *report_id, unsigned int kind,
			  const struct store_scope *scope, char **ret,
			  size_t *ret_len)
{
	sqlite3 *db = sqs_reader(to_sq(base));

	if (!db)
		return -ENOMEM;
	return sqc_get(db, hash, report_id, kind, scope, ret, ret_len);
}

/* The fleet census (store_sqlite_census.c), locked like collection. */
static int sq_census_add(struct store *base, const struct census *c,
			 int64_t day, bool *ret_counted)
{
	struct sqlite_store *s = collect_lock(base);
	int e = sqk_add(s->db, c, day, ret_counted);

	pthread_mutex_unlock(&s->lock);
	return e;
}

static int sq_census_rows(struct store *base, enum census_dim dim, int64_t from,
			  int64_t to, const struct store_scope *scope,
			  store_census_cb cb, void *data)
{
	sqlite3 *db = sqs_reader(to_sq(base));

	return db ? sqk_rows(db, dim, from, to, scope, cb, data) : -ENOMEM;
}

static int sq_census_retain(struct store *base, int64_t before_day,
			    uint64_t *ret_rows)
{
	struct sqlite_store *s = collect_lock(base);
	int e = sqk_retain(s->db, before_day, ret_rows);

	pthread_mutex_unlock(&s->lock);
	return e;
}

static int sq_response_edit(struct store *base, int64_t id,
			    const struct response_req *resp,
			    const struct store_scope *scope, int64_t now)
{
	struct sqlite_store *s = collect_lock(base);
	int e = sqr_edit(s->db, id, resp, scope, now);

	pthread_mutex_unlock(&s->lock);
	return e;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.stats = sq_stats,
	.settle = sq_settle,
	.roll_stats = sq_roll_stats,
	.token_add = sq_token_add,
	.token_find = sq_token_find,
	.token_list = sq_token_list,
	.token_revoke = sq_token_revoke,
	.ingest = sq_ingest,
	.failurehits = sq_failurehits,
	.bucket_details = sq_bucket_details,
	.bucket_stack = sq_bucket_stack,
	.sample_record = sq_sample_record,
	.top = sq_top,
	.response_add = sq_response_add,
	.responses_for = sq_responses_for,
	.retain = sq_retain,
	.count_update = sq_count_update,
	.collect_wants = sq_collect_wants,
	.collect_set = sq_collect_set,
	.collect_put = sq_collect_put,
	.collect_list = sq_collect_list,
	.collect_get = sq_collect_get,
	.census_add = sq_census_add,
	.census_rows = sq_census_rows,
	.census_retain = sq_census_retain,
	.response_edit = sq_response_edit,
};
