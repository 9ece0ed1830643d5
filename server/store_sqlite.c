// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend of the store (WAL mode, no set-up needed).
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
 *   bucket_kernels, bucket_modules   what the details view lists
 *   samples          slot 1..5 = first five reports, slot 0 = latest
 *   responses, tokens
 *
 * Statements that run per report are prepared once and reused (prepare,
 * bind, step, reset; finalize at close).  The dynamic failurehits
 * statement is assembled from fixed fragments chosen by enum query_field;
 * every value the client supplied is bound.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "bucket.h"
#include "store.h"
#include "store_sqlite_collect.h"
#include "utf8.h"

#define SAMPLES_FIRST 5

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS tokens("
	" id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
	" role INTEGER NOT NULL, modules TEXT NOT NULL DEFAULT '',"
	" label TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"
	" revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS buckets("
	" id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
	" failure_name TEXT NOT NULL, symbol TEXT NOT NULL,"
	" image TEXT NOT NULL, event_type TEXT NOT NULL,"
	" class TEXT NOT NULL, code INTEGER NOT NULL, title TEXT NOT NULL,"
	" claim_plugin TEXT NOT NULL DEFAULT '', first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL, hits INTEGER NOT NULL,"
	" machines INTEGER NOT NULL DEFAULT 0, stack TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS buckets_image ON buckets(image);"
	"CREATE INDEX IF NOT EXISTS buckets_hits ON buckets(hits);"
	"CREATE TABLE IF NOT EXISTS bucket_machines("
	" bucket_id INTEGER NOT NULL, machine_id TEXT NOT NULL,"
	" PRIMARY KEY(bucket_id, machine_id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS reports("
	" report_id TEXT PRIMARY KEY, bucket_id INTEGER NOT NULL,"
	" token_id INTEGER NOT NULL, hits INTEGER NOT NULL,"
	" kernel_release TEXT NOT NULL, module_version TEXT NOT NULL,"
	" received INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS dims("
	" id INTEGER PRIMARY KEY, file_name TEXT NOT NULL,"
	" app_version TEXT NOT NULL, os_version TEXT NOT NULL,"
	" os_build TEXT NOT NULL, os_release TEXT NOT NULL,"
	" event_type TEXT NOT NULL, market TEXT NOT NULL,"
	" device_type TEXT NOT NULL,"
	" UNIQUE(file_name, app_version, os_version, os_build, os_release,"
	"  event_type, market, device_type));"
	"CREATE TABLE IF NOT EXISTS daily("
	" day INTEGER NOT NULL, bucket_id INTEGER NOT NULL,"
	" dim_id INTEGER NOT NULL, week INTEGER NOT NULL,"
	" month INTEGER NOT NULL, hits INTEGER NOT NULL,"
	" PRIMARY KEY(day, bucket_id, dim_id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS daily_bucket("
	" day INTEGER NOT NULL, bucket_id INTEGER NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(day, bucket_id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS bucket_kernels("
	" bucket_id INTEGER NOT NULL, kernel_release TEXT NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(bucket_id, kernel_release)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS bucket_modules("
	" bucket_id INTEGER NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL,"
	" version TEXT NOT NULL, srcversion TEXT NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(bucket_id, name, version, srcversion)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS samples("
	" bucket_id INTEGER NOT NULL, slot INTEGER NOT NULL,"
	" report_id TEXT NOT NULL, crash_time INTEGER NOT NULL,"
	" received INTEGER NOT NULL, record TEXT NOT NULL,"
	" PRIMARY KEY(bucket_id, slot)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS responses("
	" id INTEGER PRIMARY KEY, bucket_hash TEXT NOT NULL,"
	" message TEXT NOT NULL, link TEXT NOT NULL,"
	" mod_min TEXT NOT NULL, mod_max TEXT NOT NULL,"
	" kern_min TEXT NOT NULL, kern_max TEXT NOT NULL,"
	" token_id INTEGER NOT NULL, created INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS responses_hash ON responses(bucket_hash);"
	"CREATE TABLE IF NOT EXISTS quota("
	" token_id INTEGER NOT NULL, day INTEGER NOT NULL,"
	" reports INTEGER NOT NULL,"
	" PRIMARY KEY(token_id, day)) WITHOUT ROWID;";

enum stmt_id {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
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
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVEPOINT] = "SAVEPOINT ingest",
	[S_RELEASE] = "RELEASE ingest",
	[S_ROLLBACK_TO] = "ROLLBACK TO ingest",
	[S_REPORT_GET] =
		"SELECT r.bucket_id, r.hits, r.kernel_release,"
		" r.module_version, b.hash, r.token_id FROM reports r"
		" JOIN buckets b ON b.id = r.bucket_id WHERE r.report_id = ?1",
	[S_REPORT_ADD] =
		"INSERT INTO reports(report_id, bucket_id, token_id, hits,"
		" kernel_release, module_version, received)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_BUCKET_UPSERT] =
		"INSERT INTO buckets(hash, failure_name, symbol, image,"
		" event_type, class, code, title, claim_plugin, first_seen,"
		" last_seen, hits, stack)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 1, ?11)"
		" ON CONFLICT(hash) DO UPDATE SET hits = hits + 1,"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen)"
		" RETURNING id, hits",
	[S_BUCKET_HASH] = "SELECT hash FROM buckets WHERE id = ?1",
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
	[S_DAILY_UPSERT] = "INSERT INTO daily VALUES(?1, ?2, ?3, ?4, ?5, 1)"
			   " ON CONFLICT DO UPDATE SET hits = hits + 1",
	[S_DAILY_BUCKET_UPSERT] =
		"INSERT INTO daily_bucket VALUES(?1, ?2, ?3, ?4, 1)"
		" ON CONFLICT DO UPDATE SET hits = hits + 1",
	[S_KERNEL_UPSERT] = "INSERT INTO bucket_kernels VALUES(?1, ?2, 1)"
			    " ON CONFLICT DO UPDATE SET hits = hits + 1",
	[S_MODULE_UPSERT] =
		"INSERT INTO bucket_modules VALUES(?1, ?2, ?3, ?4, ?5, 1)"
		" ON CONFLICT DO UPDATE SET hits = hits + 1",
	[S_SAMPLE_PUT] =
		"INSERT OR REPLACE INTO samples VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
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
};

/*
 * Group commit: ingest calls that arrive while another is running join
 * one open transaction, each inside its own savepoint, and the last one in
 * line commits for all.  Every caller still returns only after the COMMIT
 * that covers its reports, so an acknowledged report is durable.
 */
#define GROUP_MAX 256 /* reports per shared transaction */

struct sqlite_store {
	struct store base; /* must be first */
	sqlite3 *db;
	pthread_mutex_t lock; /* serialises every use of @db */
	pthread_cond_t committed; /* broadcast when @gen advances */
	unsigned int waiting; /* ingest callers queued for @lock (atomic) */
	bool in_txn; /* a group transaction is open */
	unsigned int group; /* reports in the open transaction */
	uint64_t gen; /* number of group commits so far */
	uint64_t ingested; /* report ingest calls, for the exit log */
	int gen_err; /* result of the latest group commit */
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

static int err_of(int rc)
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

static struct sqlite_store *to_sq(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Binds text, or "" for NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

/* Steps a statement that returns no rows, then resets it. */
static int run(struct sqlite_store *s, enum stmt_id id)
{
	sqlite3_stmt *st = s->stmt[id];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return err_of(rc) ? err_of(rc) : -EIO;
	return 0;
}

static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The calling thread's read-only connection, opened on first use. */
static sqlite3 *reader(struct sqlite_store *s)
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

static void sq_stats(struct store *base, uint64_t *ret_calls,
		     uint64_t *ret_commits)
{
	struct sqlite_store *s = to_sq(base);

	*ret_calls = s->ingested;
	*ret_commits = s->gen;
}

static void sq_close(struct store *base)
{
	struct sqlite_store *s = to_sq(base);

	if (!s)
		return;
	if (s->in_txn)
		(void)run(s, S_COMMIT);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	for (size_t i = 0; i < s->n_readers; i++)
		sqlite3_close(s->readers[i]);
	free(s->readers);
	free(s->path);
	pthread_key_delete(s->rkey);
	pthread_mutex_destroy(&s->rlock);
	pthread_cond_destroy(&s->committed);
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
	pthread_mutex_init(&s->rlock, NULL);
	pthread_key_create(&s->rkey, NULL);
	s->path = strdup(path);
	if (!s->path) {
		rc = SQLITE_NOMEM;
		goto err;
	}
	pthread_cond_init(&s->committed, NULL);
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		goto err;
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 4 * 1024 * 1024);
	rc = sqlite3_exec(
		s->db,
		"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		" PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;",
		NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto err;
	rc = sqlite3_exec(s->db, schema, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto err;
	if (sqc_schema(s->db)) { /* progressive collection's own tables */
		rc = SQLITE_ERROR;
		goto err;
	}
	for (int i = 0; i < S_COUNT; i++) {
		rc = sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
					NULL);
		if (rc != SQLITE_OK)
			goto err;
	}
	*ret = &s->base;
	return 0;

err:
	rc = err_of(rc) ? err_of(rc) : -EIO;
	sq_close(&s->base);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Tokens                                                             */
/* ---------------------------------------------------------------- */

static void join_modules(const struct store_token *t, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < t->n_modules; i++) {
		int n = snprintf(out + o, size - o, "%s%s", i ? "," : "",
				 t->modules[i]);

		if (n < 0 || (size_t)n >= size - o)
			break;
		o += n;
	}
}

static void split_modules(const char *list, struct store_token *t)
{
	t->n_modules = 0;
	while (*list && t->n_modules < STORE_MODULES_MAX) {
		size_t n = strcspn(list, ",");

		if (n && n < sizeof(t->modules[0])) {
			memcpy(t->modules[t->n_modules], list, n);
			t->modules[t->n_modules][n] = '\0';
			t->n_modules++;
		}
		list += n;
		if (*list == ',')
			list++;
	}
}

static int sq_token_add(struct store *base, const struct store_token *t,
			int64_t *ret_id)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st = s->stmt[S_TOKEN_ADD];
	char mods[STORE_MODULES_MAX * 58];
	int r;

	join_modules(t, mods, sizeof(mods));
	pthread_mutex_lock(&s->lock);
	bind_text(st, 1, t->hash);
	sqlite3_bind_int(st, 2, t->role);
	bind_text(st, 3, mods);
	bind_text(st, 4, t->label);
	sqlite3_bind_int64(st, 5, t->created);
	r = run(s, S_TOKEN_ADD);
	if (!r)
		*ret_id = sqlite3_last_insert_rowid(s->db);
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int sq_token_find(struct store *base, const char *hash,
			 struct store_token *ret)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db = reader(s);
	sqlite3_stmt *st;
	int rc, r = -ENOENT;

	rc = sqlite3_prepare_v2(db, stmt_sql[S_TOKEN_FIND], -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	bind_text(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(ret, 0, sizeof(*ret));
		ret->id = sqlite3_column_int64(st, 0);
		snprintf(ret->hash, sizeof(ret->hash), "%s", hash);
		ret->role = sqlite3_column_int(st, 1);
		split_modules(col_text(st, 2), ret);
		snprintf(ret->label, sizeof(ret->label), "%s", col_text(st, 3));
		ret->created = sqlite3_column_int64(st, 4);
		ret->revoked = sqlite3_column_int64(st, 5);
		r = 0;
	} else if (rc != SQLITE_DONE) {
		r = err_of(rc) ? err_of(rc) : -EIO;
	}
	sqlite3_finalize(st);
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
		split_modules(col_text(st, 3), &t);
		snprintf(t.label, sizeof(t.label), "%s", col_text(st, 4));
		t.created = sqlite3_column_int64(st, 5);
		t.revoked = sqlite3_column_int64(st, 6);
		r = cb(&t, data);
		if (r)
			break;
	}
	if (!r && rc != SQLITE_DONE)
		r = err_of(rc) ? err_of(rc) : -EIO;
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
	r = run(s, S_TOKEN_REVOKE);
	if (!r && sqlite3_changes(s->db) == 0)
		r = -ENOENT;
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* ---------------------------------------------------------------- */
/* Ingest                                                             */
/* ---------------------------------------------------------------- */

/* The latest response for @hash whose ranges cover the report. */
static int match_response(struct sqlite_store *s, const char *hash,
			  const char *kernel, const char *modver,
			  struct store_result *res)
{
	sqlite3_stmt *st = s->stmt[S_RESPONSES_FOR_HASH];
	int rc;

	res->response_id = 0;
	bind_text(st, 1, hash);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!bucket_version_in_range(modver, col_text(st, 3),
					     col_text(st, 4)) ||
		    !bucket_version_in_range(kernel, col_text(st, 5),
					     col_text(st, 6)))
			continue;
		res->response_id = sqlite3_column_int64(st, 0);
		snprintf(res->response_message, sizeof(res->response_message),
			 "%s", col_text(st, 1));
		snprintf(res->response_link, sizeof(res->response_link), "%s",
			 col_text(st, 2));
		break;
	}
	done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -EIO;
}

static const char *module_version(const struct report *r)
{
	if (!r->has_module)
		return "";
	return r->mod_version[0] ? r->mod_version : r->mod_srcversion;
}

static int dim_id(struct sqlite_store *s, const struct report *r, int64_t *ret)
{
	char osver[32], file[72];
	const char *appver;
	sqlite3_stmt *st;
	int rc, i;

	bucket_os_version(r->kernel_release, osver, sizeof(osver));
	if (r->has_module && r->mod_file[0])
		snprintf(file, sizeof(file), "%s", r->mod_file);
	else if (r->has_module)
		snprintf(file, sizeof(file), "%s.ko", r->mod_name);
	else if (!strcmp(r->image, "vmlinux"))
		snprintf(file, sizeof(file), "vmlinux");
	else
		snprintf(file, sizeof(file), "%s.ko", r->image);
	appver = r->has_module		      ? module_version(r) :
		 !strcmp(r->image, "vmlinux") ? r->kernel_release :
						"";

	for (i = 0; i < 2; i++) {
		enum stmt_id id = i ? S_DIM_ADD : S_DIM_GET;

		st = s->stmt[id];
		bind_text(st, 1, file);
		bind_text(st, 2, appver);
		bind_text(st, 3, osver);
		bind_text(st, 4, r->kernel_release);
		bind_text(st, 5, r->os_release);
		bind_text(st, 6, r->event_type);
		bind_text(st, 7, r->market);
		bind_text(st, 8, r->device_type);
		rc = sqlite3_step(st);
		if (!i && rc == SQLITE_ROW) {
			*ret = sqlite3_column_int64(st, 0);
			done(st);
			return 0;
		}
		done(st);
		if (i && rc == SQLITE_DONE) {
			*ret = sqlite3_last_insert_rowid(s->db);
			return 0;
		}
		if (rc != SQLITE_DONE)
			return err_of(rc) ? err_of(rc) : -EIO;
	}
	return -EIO;
}

/*
 * A report id seen before: returns 1 and fills @res (the first answer, or
 * nothing at all when another token sent it), 0 if new, or -errno.
 */
static int report_seen(struct sqlite_store *s, const struct report *r,
		       int64_t token_id, struct store_result *res)
{
	sqlite3_stmt *st = s->stmt[S_REPORT_GET];
	char kernel[65], modver[65];
	int rc;

	bind_text(st, 1, r->report_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		done(st);
		return rc == SQLITE_DONE ? 0 : err_of(rc) ? err_of(rc) : -EIO;
	}
	res->duplicate = true;
	if (sqlite3_column_int64(st, 5) != token_id) {
		/* another agent's report: say nothing about it */
		res->foreign = true;
		done(st);
		return 1;
	}
	res->bucket_id = sqlite3_column_int64(st, 0);
	res->hits = sqlite3_column_int64(st, 1);
	snprintf(kernel, sizeof(kernel), "%s", col_text(st, 2));
	snprintf(modver, sizeof(modver), "%s", col_text(st, 3));
	snprintf(res->bucket_key, sizeof(res->bucket_key), "%s",
		 col_text(st, 4));
	done(st);
	rc = match_response(s, res->bucket_key, kernel, modver, res);
	return rc ? rc : 1;
}

/* Creates the bucket or counts one more hit; fills id and hits. */
static int bucket_hit(struct sqlite_store *s, const struct report *r,
		      struct store_result *res)
{
	sqlite3_stmt *st = s->stmt[S_BUCKET_UPSERT];
	char symbol[200];
	int rc;

	snprintf(symbol, sizeof(symbol), "%s!%s", r->image, r->function);
	bind_text(st, 1, r->bucket_key);
	bind_text(st, 2, r->bucket_name);
	bind_text(st, 3, symbol);
	bind_text(st, 4, r->image);
	bind_text(st, 5, r->event_type);
	bind_text(st, 6, r->cls);
	sqlite3_bind_int(st, 7, r->code);
	bind_text(st, 8, r->title);
	bind_text(st, 9, r->has_claim ? r->claim_plugin : "");
	sqlite3_bind_int64(st, 10, r->crash_time);
	bind_text(st, 11, r->stack);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->bucket_id = sqlite3_column_int64(st, 0);
		res->hits = sqlite3_column_int64(st, 1);
		rc = sqlite3_step(st);
	}
	done(st);
	if (rc != SQLITE_DONE)
		return err_of(rc) ? err_of(rc) : -EIO;
	snprintf(res->bucket_key, sizeof(res->bucket_key), "%s", r->bucket_key);
	return 0;
}

static int machine_hit(struct sqlite_store *s, const struct report *r,
		       int64_t bucket_id)
{
	sqlite3_stmt *st = s->stmt[S_MACHINE_ADD];
	int e;

	sqlite3_bind_int64(st, 1, bucket_id);
	bind_text(st, 2, r->machine_id);
	e = run(s, S_MACHINE_ADD);
	if (e || !sqlite3_changes(s->db))
		return e;
	sqlite3_bind_int64(s->stmt[S_MACHINE_COUNT], 1, bucket_id);
	return run(s, S_MACHINE_COUNT);
}

/* The two daily tables failurehits reads. */
static int daily_hit(struct sqlite_store *s, const struct report *r,
		     int64_t bucket_id)
{
	int64_t day = r->crash_time / 86400, dim;
	sqlite3_stmt *st;
	int e;

	e = dim_id(s, r, &dim);
	if (e)
		return e;
	st = s->stmt[S_DAILY_UPSERT];
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, bucket_id);
	sqlite3_bind_int64(st, 3, dim);
	sqlite3_bind_int64(st, 4, bucket_week_start(day));
	sqlite3_bind_int64(st, 5, bucket_month_start(day));
	e = run(s, S_DAILY_UPSERT);
	if (e)
		return e;
	st = s->stmt[S_DAILY_BUCKET_UPSERT];
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, bucket_id);
	sqlite3_bind_int64(st, 3, bucket_week_start(day));
	sqlite3_bind_int64(st, 4, bucket_month_start(day));
	return run(s, S_DAILY_BUCKET_UPSERT);
}

/* Kernel releases and module versions the details view lists. */
static int detail_hit(struct sqlite_store *s, const struct report *r,
		      int64_t bucket_id)
{
	sqlite3_stmt *st = s->stmt[S_KERNEL_UPSERT];
	int e;

	sqlite3_bind_int64(st, 1, bucket_id);
	bind_text(st, 2, r->kernel_release);
	e = run(s, S_KERNEL_UPSERT);
	if (e || !r->has_module)
		return e;
	st = s->stmt[S_MODULE_UPSERT];
	sqlite3_bind_int64(st, 1, bucket_id);
	bind_text(st, 2, r->mod_name);
	bind_text(st, 3, r->mod_file);
	bind_text(st, 4, r->mod_version);
	bind_text(st, 5, r->mod_srcversion);
	return run(s, S_MODULE_UPSERT);
}

/* Slot 0 always holds the latest report, slots 1..5 the first five. */
static int keep_sample(struct sqlite_store *s, const struct report *r,
		       const struct store_result *res, int64_t received)
{
	for (int slot = 0; slot < 2; slot++) {
		sqlite3_stmt *st = s->stmt[S_SAMPLE_PUT];
		int e;

		if (slot && res->hits > SAMPLES_FIRST)
			break;
		sqlite3_bind_int64(st, 1, res->bucket_id);
		sqlite3_bind_int64(st, 2, slot ? (int64_t)res->hits : 0);
		bind_text(st, 3, r->report_id);
		sqlite3_bind_int64(st, 4, r->crash_time);
		sqlite3_bind_int64(st, 5, received);
		bind_text(st, 6, r->record);
		e = run(s, S_SAMPLE_PUT);
		if (e)
			return e;
	}
	return 0;
}

static int report_add(struct sqlite_store *s, const struct report *r,
		      const struct store_result *res, int64_t token_id,
		      int64_t received)
{
	sqlite3_stmt *st = s->stmt[S_REPORT_ADD];

	bind_text(st, 1, r->report_id);
	sqlite3_bind_int64(st, 2, res->bucket_id);
	sqlite3_bind_int64(st, 3, token_id);
	sqlite3_bind_int64(st, 4, res->hits);
	bind_text(st, 5, r->kernel_release);
	bind_text(st, 6, module_version(r));
	sqlite3_bind_int64(st, 7, received);
	return run(s, S_REPORT_ADD);
}

static int ingest_one(struct sqlite_store *s, const struct report *r,
		      int64_t token_id, int64_t received, bool keep_samples,
		      struct store_result *res)
{
	int e;

	memset(res, 0, sizeof(*res));
	e = report_seen(s, r, token_id, res);
	if (e)
		return e < 0 ? e : 0;
	if ((e = bucket_hit(s, r, res)) ||
	    (e = machine_hit(s, r, res->bucket_id)) ||
	    (e = daily_hit(s, r, res->bucket_id)) ||
	    (e = detail_hit(s, r, res->bucket_id)) ||
	    (keep_samples && (e = keep_sample(s, r, res, received))) ||
	    (e = report_add(s, r, res, token_id, received)))
		return e;
	return match_response(s, r->bucket_key, r->kernel_release,
			      module_version(r), res);
}

/* Commits the open group transaction and wakes its members. */
static void group_commit(struct sqlite_store *s)
{
	int c = run(s, S_COMMIT);

	if (c)
		(void)run(s, S_ROLLBACK);
	s->in_txn = false;
	s->gen_err = c;
	s->gen++;
	pthread_cond_broadcast(&s->committed);
}

/*
 * Counts @n reports against @token_id's quota for @day; -EDQUOT (and
 * nothing counted) when that would pass @quota.  @ret_used: count before.
 */
static int quota_take(struct sqlite_store *s, int64_t token_id, int64_t day,
		      size_t n, uint64_t quota, uint64_t *ret_used)
{
	sqlite3_stmt *st = s->stmt[S_QUOTA_GET];
	uint64_t used = 0;
	int rc;

	sqlite3_bind_int64(st, 1, token_id);
	sqlite3_bind_int64(st, 2, day);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		used = sqlite3_column_int64(st, 0);
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_of(rc) ? err_of(rc) : -EIO;
	if (ret_used)
		*ret_used = used;
	if (used + n > quota)
		return -EDQUOT;
	st = s->stmt[S_QUOTA_ADD];
	sqlite3_bind_int64(st, 1, token_id);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int64(st, 3, n);
	return run(s, S_QUOTA_ADD);
}

static int sq_ingest(struct store *base, const struct report *r, size_t n,
		     int64_t token_id, int64_t received, bool keep_samples,
		     uint64_t quota, uint64_t *ret_used,
		     struct store_result *ret)
{
	struct sqlite_store *s = to_sq(base);
	uint64_t my_gen;
	bool joined;
	int e = 0;

	__atomic_add_fetch(&s->waiting, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&s->lock);
	__atomic_sub_fetch(&s->waiting, 1, __ATOMIC_SEQ_CST);
	if (!s->in_txn) {
		e = run(s, S_BEGIN);
		if (e)
			goto out;
		s->in_txn = true;
		s->group = 0;
	}
	/*
	 * Joining a group needs a savepoint so a failure undoes only our
	 * reports.  The first member can roll the whole transaction back
	 * instead, which spares big batches the statement journal.
	 */
	joined = s->group > 0;
	if (joined)
		e = run(s, S_SAVEPOINT);
	if (!e && quota)
		e = quota_take(s, token_id, received / 86400, n, quota,
			       ret_used);
	for (size_t i = 0; i < n && !e; i++) {
		/*
		 * A report repeated inside one batch is a duplicate of its
		 * first copy: the reports row written above answers it.
		 */
		e = ingest_one(s, &r[i], token_id, received, keep_samples,
			       &ret[i]);
	}
	if (e) {
		if (!joined) {
			/* Nobody else is in this transaction. */
			(void)run(s, S_ROLLBACK);
			s->in_txn = false;
			goto out;
		}
		(void)run(s, S_ROLLBACK_TO);
	}
	if (joined)
		(void)run(s, S_RELEASE);
	s->group += n;
	s->ingested++;

	my_gen = s->gen;
	if (__atomic_load_n(&s->waiting, __ATOMIC_SEQ_CST) &&
	    s->group < GROUP_MAX) {
		/* A caller queued behind us commits for both of us. */
		while (s->gen == my_gen)
			pthread_cond_wait(&s->committed, &s->lock);
	} else {
		group_commit(s);
	}
	if (!e)
		e = s->gen_err;
out:
	pthread_mutex_unlock(&s->lock);
	return e;
}

/* ---------------------------------------------------------------- */
/* failurehits                                                        */
/* ---------------------------------------------------------------- */

/*
 * Column of each field.  b = buckets, m = dims.  Only these fixed strings
 * ever become SQL text; values are bound.
 */
static const char *const field_col[QF_COUNT] = {
	[QF_PRODUCT_NAME] = "b.image",
	[QF_FILE_NAME] = "m.file_name",
	[QF_APPLICATION_VERSION] = "m.app_version",
	[QF_FAILURE_NAME] = "b.failure_name",
	[QF_FAILURE_HASH] = "b.hash",
	[QF_SYMBOL] = "b.symbol",
	[QF_OS_VERSION] = "m.os_version",
	[QF_OS_BUILD] = "m.os_build",
	[QF_OS_RELEASE] = "m.os_release",
	[QF_EVENT_TYPE] = "m.event_type",
	[QF_MARKET] = "m.market",
	[QF_DEVICE_TYPE] = "m.device_type",
};

static bool is_dim_field(enum query_field f)
{
	return field_col[f] && field_col[f][0] == 'm';
}

struct sql {
	char buf[32768];
	size_t len;
	bool overflow;
	const char *binds[2 * (QUERY_TERMS_MAX + STORE_MODULES_MAX)];
	size_t n_binds;
};

__attribute__((format(printf, 2, 3))) static void put(struct sql *q,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (q->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(q->buf + q->len, sizeof(q->buf) - q->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(q->buf) - q->len)
		q->overflow = true;
	else
		q->len += n;
}

static void put_bind(struct sql *q, const char *v)
{
	if (q->n_binds >= sizeof(q->binds) / sizeof(q->binds[0])) {
		q->overflow = true;
		return;
	}
	q->binds[q->n_binds++] = v;
	put(q, "?%zu", q->n_binds + 2); /* ?1, ?2 are the day range */
}

static bool filter_uses_dims(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_EQ || n->kind == QN_NE)
		return is_dim_field(n->field);
	return filter_uses_dims(n->left) || filter_uses_dims(n->right);
}

static void put_filter(struct sql *q, const struct query_node *n)
{
	switch (n->kind) {
	case QN_EQ:
	case QN_NE:
		put(q, "%s %s ", field_col[n->field],
		    n->kind == QN_EQ ? "=" : "<>");
		put_bind(q, n->value);
		break;
	case QN_AND:
	case QN_OR:
		put(q, "(");
		put_filter(q, n->left);
		put(q, n->kind == QN_AND ? " AND " : " OR ");
		put_filter(q, n->right);
		put(q, ")");
		break;
	}
}

static void put_scope(struct sql *q, const struct store_scope *scope)
{
	if (scope->all)
		return;
	put(q, " AND b.image IN (");
	if (!scope->n_modules)
		put(q, "NULL");
	for (size_t i = 0; i < scope->n_modules; i++) {
		if (i)
			put(q, ", ");
		put_bind(q, scope->modules[i]);
	}
	put(q, ")");
}

static bool filter_uses_bucket(const struct query_node *n)
{
	if (!n)
		return false;
	if (n->kind == QN_EQ || n->kind == QN_NE)
		return !is_dim_field(n->field);
	return filter_uses_bucket(n->left) || filter_uses_bucket(n->right);
}

/*
 * Fast path for the most common analytics view: rows keyed by failureHash
 * (plus date), no per-report dimension, sorted by date and/or eventCount.
 * Aggregation, counting and the top-N sort then run on daily_bucket's
 * integers alone; the scope and any bucket-field filter become one
 * "bucket_id IN (SELECT ...)" set, and buckets is joined for the page
 * rows only.  Ties are broken by bucket id instead of hash.
 */
static bool fast_path_ok(const struct query *qr, bool dims)
{
	if (dims || !qr->group[QF_FAILURE_HASH])
		return false;
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		if (qr->order[i] != QF_DATE && qr->order[i] != QF_EVENT_COUNT)
			return false;
	return true;
}

static void put_bucket_set(struct sql *q, const struct query *qr,
			   const struct store_scope *scope)
{
	if (scope->all && !qr->filter)
		return;
	put(q, " AND d.bucket_id IN (SELECT b.id FROM buckets b WHERE 1");
	put_scope(q, scope);
	if (qr->filter) {
		put(q, " AND ");
		put_filter(q, qr->filter);
	}
	put(q, ")");
}

/*
 * The spec's bucket limit: at week and month level, rows grouped by
 * failureHash or failureName cover only the STORE_BUCKETS_MAX buckets with
 * the most hits in the date range, within scope and filter.
 */
static void put_bucket_limit(struct sql *q, const struct query *qr,
			     const struct store_scope *scope)
{
	bool dims = filter_uses_dims(qr->filter);

	if (qr->agg == QA_DAY ||
	    !(qr->group[QF_FAILURE_HASH] || qr->group[QF_FAILURE_NAME]))
		return;
	/*
	 * CROSS JOIN keeps SQLite scanning the day range once; the unary +
	 * keeps it from driving the outer scan by the 1,000 ids.
	 */
	put(q,
	    " AND +d.bucket_id IN (SELECT b.id FROM %s t"
	    " CROSS JOIN buckets b ON b.id = t.bucket_id",
	    dims ? "daily" : "daily_bucket");
	if (dims)
		put(q, " CROSS JOIN dims m ON m.id = t.dim_id");
	put(q, " WHERE t.day BETWEEN ?1 AND ?2");
	put_scope(q, scope);
	if (qr->filter) {
		put(q, " AND ");
		put_filter(q, qr->filter);
	}
	put(q, " GROUP BY b.id ORDER BY sum(t.hits) DESC, b.id LIMIT %d)",
	    STORE_BUCKETS_MAX);
}

static void put_fast_order(struct sql *q, const struct query *qr,
			   const char *prefix)
{
	put(q, " ORDER BY ");
	for (unsigned int i = 0; i < qr->n_explicit; i++)
		put(q, "%s%s%s %s", i ? ", " : "", prefix,
		    qr->order[i] == QF_DATE ? "p" : "c",
		    qr->order_desc[i] ? "DESC" : "ASC");
	put(q, "%s%sp ASC, %sbid ASC", qr->n_explicit ? ", " : "", prefix,
	    prefix);
}

static int step_count(sqlite3 *db, struct sql *q, const struct query *qr,
		      uint64_t *ret)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, q->buf, (int)q->len + 1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, qr->start_day);
	sqlite3_bind_int64(st, 2, qr->end_day);
	for (size_t i = 0; i < q->n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, q->binds[i], -1,
				  SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -EIO;
}

/*
 * Two statements share one FROM/WHERE/GROUP BY core: a count of the
 * groups (TotalCount), which joins buckets only when the filter, the scope
 * or the grouping needs a bucket column, and the page itself, ordered and
 * cut with LIMIT/OFFSET so SQLite keeps only a top-N sorter.
 */
/*
 * The grouped fields' columns after the period (result column 0): fills
 * @colidx with each field's result column, -1 when not selected, and the
 * date and count positions; returns the column count without the count.
 */
static int put_group_cols(struct sql *q, const struct query *qr,
			  int colidx[QF_COUNT])
{
	int ncol = 1;

	for (int f = 0; f < QF_COUNT; f++) {
		colidx[f] = -1;
		if (!qr->group[f] || !field_col[f])
			continue;
		put(q, ", %s", field_col[f]);
		colidx[f] = ncol++;
	}
	colidx[QF_DATE] = 0;
	colidx[QF_EVENT_COUNT] = ncol;
	return ncol;
}

/* Both statements of one failurehits request and how to read its rows. */
struct hits_sql {
	struct sql q; /* the page */
	struct sql cnt; /* the number of rows in all */
	int colidx[QF_COUNT];
	int ncol;
	bool window; /* the page carries the total in column ncol + 1 */
};

static const char *const period_col
	[] = { [QA_DAY] = "d.day", [QA_WEEK] = "d.week", [QA_MONTH] = "d.month" };

/*
 * Fast path (see fast_path_ok()).  For weeks and months the window count
 * rides along with the page, so the (sorted) groups are built once; the
 * count query then runs only for a page past the end.  Day groups follow
 * daily_bucket's key order, so counting them apart is cheaper than
 * materialising them for the window.
 */
static void build_fast(struct hits_sql *h, const struct query *qr,
		       const struct store_scope *scope)
{
	struct sql *q = &h->q, *cnt = &h->cnt;

	put(q, "SELECT x.p");
	h->ncol = put_group_cols(q, qr, h->colidx);
	h->window = qr->agg != QA_DAY;
	put(q,
	    ", x.c, x.n FROM (SELECT p, bid, c, %s n"
	    " FROM (SELECT %s p, d.bucket_id bid, sum(d.hits) c"
	    " FROM daily_bucket d WHERE d.day BETWEEN ?1 AND ?2",
	    h->window ? "count(*) OVER ()" : "0", period_col[qr->agg]);
	put_bucket_set(q, qr, scope);
	put_bucket_limit(q, qr, scope);
	put(q, " GROUP BY 1, 2)");
	put_fast_order(q, qr, "");
	put(q,
	    " LIMIT ?%zu OFFSET ?%zu) x"
	    " JOIN buckets b ON b.id = x.bid",
	    q->n_binds + 3, q->n_binds + 4);
	put_fast_order(q, qr, "x.");
	put(cnt, "SELECT count(*) FROM (SELECT 1 FROM daily_bucket d"
		 " WHERE d.day BETWEEN ?1 AND ?2");
	put_bucket_set(cnt, qr, scope);
	put_bucket_limit(cnt, qr, scope);
	put(cnt, " GROUP BY %s, d.bucket_id)", period_col[qr->agg]);
}

/*
 * Every other query: the page and the count share one FROM/WHERE/GROUP BY
 * core; the count joins buckets only when the filter, the scope or the
 * grouping needs a bucket column.  A bucket id stands for its hash, so
 * grouping by failureHash groups by the integer id, and the bucket's
 * other fields depend on it.
 */
static void build_general(struct hits_sql *h, const struct query *qr,
			  const struct store_scope *scope, bool dims)
{
	bool by_bucket = qr->group[QF_FAILURE_HASH];
	bool need_b = !scope->all || filter_uses_bucket(qr->filter);
	struct sql *q = &h->q;

	for (int f = 0; f < QF_COUNT; f++)
		if (qr->group[f] && field_col[f] && !is_dim_field(f) &&
		    !by_bucket)
			need_b = true;
	put(q, "SELECT %s", period_col[qr->agg]);
	h->ncol = put_group_cols(q, qr, h->colidx);
	put(q, ", sum(d.hits)");
	put(&h->cnt, "SELECT count(*) FROM (SELECT 1");
	for (int pass = 0; pass < 2; pass++) {
		struct sql *o = pass ? &h->cnt : q;

		put(o, " FROM %s d", dims ? "daily" : "daily_bucket");
		if (!pass || need_b)
			put(o, " JOIN buckets b ON b.id = d.bucket_id");
		if (dims)
			put(o, " JOIN dims m ON m.id = d.dim_id");
		put(o, " WHERE d.day BETWEEN ?1 AND ?2");
		put_scope(o, scope);
		if (qr->filter) {
			put(o, " AND ");
			put_filter(o, qr->filter);
		}
		put_bucket_limit(o, qr, scope);
		put(o, " GROUP BY %s", period_col[qr->agg]);
		if (by_bucket)
			put(o, ", d.bucket_id");
		for (int f = 0; f < QF_COUNT; f++) {
			if (h->colidx[f] <= 0 || f == QF_EVENT_COUNT)
				continue;
			if (by_bucket && !is_dim_field(f))
				continue;
			put(o, ", %s", field_col[f]);
		}
	}
	put(&h->cnt, ")");
	put(q, " ORDER BY ");
	for (unsigned int i = 0; i < qr->n_order; i++)
		put(q, "%s%d %s", i ? ", " : "", h->colidx[qr->order[i]] + 1,
		    qr->order_desc[i] ? "DESC" : "ASC");
	put(q, " LIMIT ?%zu OFFSET ?%zu", q->n_binds + 3, q->n_binds + 4);
}

/* Steps the page, calling @cb per row; the total from the window or cnt. */
static int run_hits(sqlite3 *db, struct hits_sql *h, const struct query *qr,
		    store_row_cb cb, void *data, uint64_t *ret_total)
{
	bool have_total = false;
	sqlite3_stmt *st = NULL;
	uint64_t total = 0;
	int rc, e = 0;

	if (!h->window) {
		e = step_count(db, &h->cnt, qr, &total);
		if (e)
			return e;
		have_total = true;
		*ret_total = total;
		if (qr->skip >= total)
			return 0;
	}
	rc = sqlite3_prepare_v2(db, h->q.buf, (int)h->q.len + 1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, qr->start_day);
	sqlite3_bind_int64(st, 2, qr->end_day);
	for (size_t i = 0; i < h->q.n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, h->q.binds[i], -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(st, (int)h->q.n_binds + 3, qr->top);
	sqlite3_bind_int64(st, (int)h->q.n_binds + 4, qr->skip);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_row row = { 0 };

		row.date = sqlite3_column_int64(st, 0);
		for (int f = 0; f < QF_COUNT; f++)
			if (h->colidx[f] > 0 && f != QF_EVENT_COUNT)
				row.field[f] = col_text(st, h->colidx[f]);
		row.event_count = sqlite3_column_int64(st, h->ncol);
		if (h->window && !have_total) {
			total = sqlite3_column_int64(st, h->ncol + 1);
			have_total = true;
		}
		e = cb(&row, data);
		if (e)
			break;
	}
	if (!e && rc != SQLITE_DONE)
		e = err_of(rc) ? err_of(rc) : -EIO;
	sqlite3_finalize(st);
	if (!e && !have_total)
		e = step_count(db, &h->cnt, qr, &total);
	if (!e)
		*ret_total = total;
	return e;
}

static int sq_failurehits(struct store *base, const struct query *qr,
			  const struct store_scope *scope, store_row_cb cb,
			  void *data, uint64_t *ret_total)
{
	struct sqlite_store *s = to_sq(base);
	struct hits_sql *h = calloc(1, sizeof(*h));
	bool dims = filter_uses_dims(qr->filter);
	sqlite3 *db;
	int e;

	if (!h)
		return -ENOMEM;
	for (int f = 0; f < QF_COUNT; f++)
		if (qr->group[f] && is_dim_field(f))
			dims = true;
	if (fast_path_ok(qr, dims))
		build_fast(h, qr, scope);
	else
		build_general(h, qr, scope, dims);
	if (h->q.overflow || h->cnt.overflow) {
		free(h);
		return -E2BIG;
	}
	db = reader(s);
	e = db ? run_hits(db, h, qr, cb, data, ret_total) : -ENOMEM;
	free(h);
	return e;
}

/* ---------------------------------------------------------------- */
/* Per-bucket views                                                   */
/* ---------------------------------------------------------------- */

static bool in_scope(const struct store_scope *scope, const char *image)
{
	if (scope->all)
		return true;
	for (size_t i = 0; i < scope->n_modules; i++)
		if (!strcmp(scope->modules[i], image))
			return true;
	return false;
}

/*
 * Looks the bucket up and checks the scope; on success the statement
 * holds the row.  Out-of-scope buckets look exactly like missing ones.
 */
static int bucket_row(sqlite3 *db, const char *hash,
		      const struct store_scope *scope, const char *cols,
		      sqlite3_stmt **ret)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql),
		 "SELECT image, %s FROM buckets WHERE hash = ?1", cols);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	bind_text(st, 1, hash);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || !in_scope(scope, col_text(st, 0))) {
		sqlite3_finalize(st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	*ret = st;
	return 0;
}

/*
 * Text from the database; rows written before ingest replaced invalid
 * UTF-8 may still hold it, and a reply must not.
 */
static void add_str(json_object *o, const char *k, const char *v)
{
	size_t n = strlen(v);
	char *fixed;

	if (utf8_valid(v, n)) {
		json_object_object_add(o, k, json_object_new_string(v));
		return;
	}
	fixed = utf8_sanitize_dup(v, n);
	json_object_object_add(o, k,
			       json_object_new_string(fixed ? fixed : ""));
	free(fixed);
}

static void add_time(json_object *o, const char *k, int64_t t)
{
	char buf[32], day[BUCKET_DATE_LEN];
	int64_t sec = t % 86400;

	bucket_format_day(t / 86400, day);
	snprintf(buf, sizeof(buf), "%sT%02d:%02d:%02dZ", day, (int)(sec / 3600),
		 (int)(sec / 60 % 60), (int)(sec % 60));
	add_str(o, k, buf);
}

/* Runs a one-parameter (bucket id) listing and adds its rows as objects. */
static int list_rows(sqlite3 *db, const char *sql, int64_t id,
		     const char *const *names, json_object *arr)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_object *o = json_object_new_object();

		for (int i = 0; names[i]; i++) {
			if (sqlite3_column_type(st, i) == SQLITE_INTEGER)
				json_object_object_add(
					o, names[i],
					json_object_new_int64(
						sqlite3_column_int64(st, i)));
			else
				add_str(o, names[i], col_text(st, i));
		}
		json_object_array_add(arr, o);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

/* The bucket row of the details view (statement from bucket_row()). */
static json_object *details_head(sqlite3_stmt *st, int64_t *ret_id)
{
	json_object *o = json_object_new_object();

	*ret_id = sqlite3_column_int64(st, 1);
	json_object_object_add(o, "bucketId", json_object_new_int64(*ret_id));
	add_str(o, "failureHash", col_text(st, 2));
	add_str(o, "failureName", col_text(st, 3));
	add_str(o, "symbol", col_text(st, 4));
	add_str(o, "productName", col_text(st, 0));
	add_str(o, "eventType", col_text(st, 5));
	add_str(o, "class", col_text(st, 6));
	json_object_object_add(o, "code",
			       json_object_new_int(sqlite3_column_int(st, 7)));
	add_str(o, "title", col_text(st, 8));
	if (*col_text(st, 9))
		add_str(o, "claimPlugin", col_text(st, 9));
	else
		json_object_object_add(o, "claimPlugin", NULL);
	add_time(o, "firstSeen", sqlite3_column_int64(st, 10));
	add_time(o, "lastSeen", sqlite3_column_int64(st, 11));
	json_object_object_add(
		o, "hits", json_object_new_int64(sqlite3_column_int64(st, 12)));
	json_object_object_add(
		o, "machines",
		json_object_new_int64(sqlite3_column_int64(st, 13)));
	return o;
}

/* Kernel releases, module versions and responses of bucket @id. */
static int details_lists(sqlite3 *db, int64_t id, json_object *o)
{
	static const char *const kern_cols[] = { "release", "hits", NULL };
	static const char *const mod_cols[] = { "name",	      "file", "version",
						"srcversion", "hits", NULL };
	static const char *const resp_cols[] = { "id",
						 "message",
						 "link",
						 "moduleVersionMin",
						 "moduleVersionMax",
						 "kernelMin",
						 "kernelMax",
						 NULL };
	json_object *arr = json_object_new_array();
	int e;

	json_object_object_add(o, "kernelReleases", arr);
	e = list_rows(db,
		      "SELECT kernel_release, hits FROM bucket_kernels"
		      " WHERE bucket_id = ?1 ORDER BY hits DESC, 1",
		      id, kern_cols, arr);
	arr = json_object_new_array();
	json_object_object_add(o, "modules", arr);
	if (!e)
		e = list_rows(db,
			      "SELECT name, file, version, srcversion, hits"
			      " FROM bucket_modules WHERE bucket_id = ?1"
			      " ORDER BY hits DESC, 1, 3, 4",
			      id, mod_cols, arr);
	arr = json_object_new_array();
	json_object_object_add(o, "responses", arr);
	if (!e)
		e = list_rows(db,
			      "SELECT id, message, link, mod_min, mod_max,"
			      " kern_min, kern_max FROM responses"
			      " WHERE bucket_hash ="
			      " (SELECT hash FROM buckets WHERE id = ?1)"
			      " ORDER BY id",
			      id, resp_cols, arr);
	return e;
}

/* The sample list with download links. */
static int details_samples(sqlite3 *db, int64_t id, const char *hash,
			   json_object *o)
{
	json_object *arr = json_object_new_array();
	sqlite3_stmt *sm;
	int rc;

	json_object_object_add(o, "samples", arr);
	if (sqlite3_prepare_v2(db,
			       "SELECT slot, report_id, crash_time,"
			       " received FROM samples"
			       " WHERE bucket_id = ?1 ORDER BY slot = 0, slot",
			       -1, &sm, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(sm, 1, id);
	while ((rc = sqlite3_step(sm)) == SQLITE_ROW) {
		json_object *so = json_object_new_object();
		char link[256];

		add_str(so, "id", col_text(sm, 1));
		add_str(so, "kind",
			sqlite3_column_int(sm, 0) ? "first" : "latest");
		add_time(so, "crashTime", sqlite3_column_int64(sm, 2));
		add_time(so, "receivedAt", sqlite3_column_int64(sm, 3));
		snprintf(link, sizeof(link),
			 "/api/v1/failures/%s/samples/%s/record", hash,
			 col_text(sm, 1));
		add_str(so, "link", link);
		json_object_array_add(arr, so);
	}
	sqlite3_finalize(sm);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int sq_bucket_details(struct store *base, const char *hash,
			     const struct store_scope *scope, json_object **ret)
{
	sqlite3 *db = reader(to_sq(base));
	sqlite3_stmt *st;
	json_object *o;
	int64_t id;
	int e;

	e = bucket_row(db, hash, scope,
		       "id, hash, failure_name, symbol, event_type, class,"
		       " code, title, claim_plugin, first_seen, last_seen,"
		       " hits, machines",
		       &st);
	if (e)
		return e;
	o = details_head(st, &id);
	sqlite3_finalize(st);
	e = details_lists(db, id, o);
	if (!e)
		e = details_samples(db, id, hash, o);
	if (e) {
		json_object_put(o);
		return e;
	}
	*ret = o;
	return 0;
}

static int sq_bucket_stack(struct store *base, const char *hash,
			   const struct store_scope *scope, json_object **ret)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db;
	json_object *o, *frames;
	sqlite3_stmt *st;
	int e;

	db = reader(s);
	e = bucket_row(db, hash, scope, "hash, failure_name, symbol, stack",
		       &st);
	if (e)
		goto out;
	frames = json_tokener_parse(col_text(st, 4));
	o = json_object_new_object();
	add_str(o, "failureHash", col_text(st, 1));
	add_str(o, "failureName", col_text(st, 2));
	add_str(o, "symbol", col_text(st, 3));
	json_object_object_add(o, "frames",
			       frames ? frames : json_object_new_array());
	sqlite3_finalize(st);
	*ret = o;
out:
	return e;
}

static int sq_sample_record(struct store *base, const char *hash,
			    const char *report_id,
			    const struct store_scope *scope, char **ret,
			    size_t *ret_len)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db;
	sqlite3_stmt *st, *b;
	int e, rc;

	db = reader(s);
	e = bucket_row(db, hash, scope, "id", &b);
	if (e)
		goto out;
	rc = sqlite3_prepare_v2(
		db,
		"SELECT record FROM samples WHERE bucket_id = ?1"
		" AND report_id = ?2 LIMIT 1",
		-1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(b);
		e = -EIO;
		goto out;
	}
	sqlite3_bind_int64(st, 1, sqlite3_column_int64(b, 1));
	bind_text(st, 2, report_id);
	sqlite3_finalize(b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		size_t n = sqlite3_column_bytes(st, 0);

		*ret = malloc(n + 1);
		if (*ret) {
			memcpy(*ret, col_text(st, 0), n + 1);
			*ret_len = n;
		} else {
			e = -ENOMEM;
		}
	} else {
		e = rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	sqlite3_finalize(st);
out:
	return e;
}

static int sq_top(struct store *base, const struct store_scope *scope,
		  unsigned int limit, json_object **ret_rows,
		  uint64_t *ret_total)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db;
	struct sql *q = calloc(1, sizeof(*q));
	sqlite3_stmt *st = NULL;
	json_object *rows;
	int rc, e = 0;

	if (!q)
		return -ENOMEM;
	/* ?1 and ?2 are unused here; put_bind numbers from ?3. */
	put(q, "SELECT hash, failure_name, symbol, image, hits, machines,"
	       " (SELECT sum(hits) FROM buckets b WHERE 1");
	put_scope(q, scope);
	put(q, ") FROM buckets b WHERE 1");
	put_scope(q, scope);
	put(q, " ORDER BY hits DESC, hash LIMIT %u", limit);
	if (q->overflow) {
		free(q);
		return -E2BIG;
	}
	db = reader(s);
	rc = sqlite3_prepare_v2(db, q->buf, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		e = -EIO;
		goto out;
	}
	sqlite3_bind_null(st, 1);
	sqlite3_bind_null(st, 2);
	for (size_t i = 0; i < q->n_binds; i++)
		sqlite3_bind_text(st, (int)i + 3, q->binds[i], -1,
				  SQLITE_STATIC);
	rows = json_object_new_array();
	*ret_total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_object *o = json_object_new_object();

		add_str(o, "failureHash", col_text(st, 0));
		add_str(o, "failureName", col_text(st, 1));
		add_str(o, "symbol", col_text(st, 2));
		add_str(o, "productName", col_text(st, 3));
		json_object_object_add(
			o, "hits",
			json_object_new_int64(sqlite3_column_int64(st, 4)));
		json_object_object_add(
			o, "machines",
			json_object_new_int64(sqlite3_column_int64(st, 5)));
		*ret_total = sqlite3_column_int64(st, 6);
		json_object_array_add(rows, o);
	}
	if (rc != SQLITE_DONE) {
		json_object_put(rows);
		e = -EIO;
		goto out;
	}
	if (json_object_array_length(rows) == 0) {
		/* No row carried the total; it is then 0. */
		*ret_total = 0;
	}
	*ret_rows = rows;
out:
	sqlite3_finalize(st);
	free(q);
	return e;
}

/* ---------------------------------------------------------------- */
/* Responses                                                          */
/* ---------------------------------------------------------------- */

static int sq_response_add(struct store *base, const struct response_req *resp,
			   const struct store_scope *scope, int64_t now,
			   int64_t *ret_id)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3_stmt *st;
	int e, rc;

	pthread_mutex_lock(&s->lock);
	e = bucket_row(s->db, resp->failure_hash, scope, "id", &st);
	if (e)
		goto out;
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(s->db,
				"INSERT INTO responses(bucket_hash, message,"
				" link, mod_min, mod_max, kern_min, kern_max,"
				" token_id, created)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		e = -EIO;
		goto out;
	}
	bind_text(st, 1, resp->failure_hash);
	bind_text(st, 2, resp->message);
	bind_text(st, 3, resp->link);
	bind_text(st, 4, resp->mod_min);
	bind_text(st, 5, resp->mod_max);
	bind_text(st, 6, resp->kern_min);
	bind_text(st, 7, resp->kern_max);
	sqlite3_bind_int64(st, 8, scope->token_id);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		e = err_of(rc) ? err_of(rc) : -EIO;
	else
		*ret_id = sqlite3_last_insert_rowid(s->db);
out:
	pthread_mutex_unlock(&s->lock);
	return e;
}

static int sq_responses_for(struct store *base, const char *const *ids,
			    size_t n, const struct store_scope *scope,
			    json_object **ret)
{
	struct sqlite_store *s = to_sq(base);
	sqlite3 *db;
	sqlite3_stmt *st;
	json_object *arr;
	int e = 0;

	db = reader(s);
	arr = json_object_new_array();
	st = s->stmt[S_REPORT_GET];
	for (size_t i = 0; i < n && !e; i++) {
		json_object *o = json_object_new_object();
		struct store_result res = { 0 };
		char kernel[65], modver[65];
		int rc;

		add_str(o, "report_id", ids[i]);
		json_object_array_add(arr, o);
		/*
		 * The token id is checked in C rather than in SQL so that
		 * the prepared idempotency lookup is shared with ingest.
		 */
		bind_text(st, 1, ids[i]);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			done(st);
			if (rc != SQLITE_DONE)
				e = -EIO;
			json_object_object_add(o, "found",
					       json_object_new_boolean(0));
			json_object_object_add(o, "response", NULL);
			continue;
		}
		snprintf(kernel, sizeof(kernel), "%s", col_text(st, 2));
		snprintf(modver, sizeof(modver), "%s", col_text(st, 3));
		snprintf(res.bucket_key, sizeof(res.bucket_key), "%s",
			 col_text(st, 4));
		done(st);
		if (!scope->all) {
			sqlite3_stmt *t;

			if (sqlite3_prepare_v2(
				    db,
				    "SELECT 1 FROM reports WHERE"
				    " report_id = ?1 AND token_id = ?2",
				    -1, &t, NULL) != SQLITE_OK) {
				e = -EIO;
				break;
			}
			bind_text(t, 1, ids[i]);
			sqlite3_bind_int64(t, 2, scope->token_id);
			rc = sqlite3_step(t);
			sqlite3_finalize(t);
			if (rc != SQLITE_ROW) {
				/* Another token's report: indistinguishable. */
				json_object_object_add(
					o, "found", json_object_new_boolean(0));
				json_object_object_add(o, "response", NULL);
				continue;
			}
		}
		json_object_object_add(o, "found", json_object_new_boolean(1));
		e = match_response(s, res.bucket_key, kernel, modver, &res);
		if (!e && res.response_id) {
			json_object *r = json_object_new_object();

			json_object_object_add(
				r, "id",
				json_object_new_int64(res.response_id));
			add_str(r, "message", res.response_message);
			add_str(r, "link", res.response_link);
			json_object_object_add(o, "response", r);
		} else {
			json_object_object_add(o, "response", NULL);
		}
	}
	if (e) {
		json_object_put(arr);
		return e;
	}
	*ret = arr;
	return 0;
}

/*
 * Progressive collection (store_sqlite_collect.c).  Reads use the
 * thread's read connection; writes the write connection, where an open
 * group transaction is committed first, so each call runs and commits its
 * own.
 */
static struct sqlite_store *collect_lock(struct store *base)
{
	struct sqlite_store *s = to_sq(base);

	pthread_mutex_lock(&s->lock);
	if (s->in_txn)
		group_commit(s);
	return s;
}

static int sq_collect_wants(struct store *base, const char *const *report_ids,
			    size_t n, int64_t token_id, unsigned int *ret_masks)
{
	sqlite3 *db = reader(to_sq(base));

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
	sqlite3 *db = reader(to_sq(base));

	return db ? sqc_list(db, hash, scope, cb, data) : -ENOMEM;
}

static int sq_collect_get(struct store *base, const char *hash,
			  const char *report_id, unsigned int kind,
			  const struct store_scope *scope, char **ret,
			  size_t *ret_len)
{
	sqlite3 *db = reader(to_sq(base));

	if (!db)
		return -ENOMEM;
	return sqc_get(db, hash, report_id, kind, scope, ret, ret_len);
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.stats = sq_stats,
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
	.collect_wants = sq_collect_wants,
	.collect_set = sq_collect_set,
	.collect_put = sq_collect_put,
	.collect_list = sq_collect_list,
	.collect_get = sq_collect_get,
};
