// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend: ingest.  Each report is looked up by id (the idempotency
 * record; one writer connection makes the look-up and the insert atomic),
 * then counted into its bucket, the distinct machines, the daily rollups
 * failurehits reads, the details lists and the samples.  Concurrent calls
 * share group commits (see GROUP_MAX in store_sqlite.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bucket.h"
#include "store_sqlite.h"
#include "store_sqlite_collect.h"

int sqs_match_response(sqlite3_stmt *st, const char *hash, const char *kernel,
		       const char *modver, struct store_result *res)
{
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
			return sqs_err(rc);
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
		return rc == SQLITE_DONE ? 0 : sqs_err(rc);
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
	rc = sqs_match_response(s->stmt[S_RESPONSES_FOR_HASH], res->bucket_key,
				kernel, modver, res);
	return rc ? rc : 1;
}

/* The report's hits (count x weight, capped); 1 for a bare struct. */
static int64_t hits_of(const struct report *r)
{
	return r->hits ? (int64_t)r->hits : 1;
}

/*
 * Creates the bucket or counts the report's hits; fills id and hits, and
 * @ret_nth: the report's number in its bucket (the first five samples).
 */
static int bucket_hit(struct sqlite_store *s, const struct report *r,
		      struct store_result *res, int64_t *ret_nth)
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
	sqlite3_bind_int64(st, 12, hits_of(r));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->bucket_id = sqlite3_column_int64(st, 0);
		res->hits = sqlite3_column_int64(st, 1);
		*ret_nth = sqlite3_column_int64(st, 2);
		rc = sqlite3_step(st);
	}
	done(st);
	if (rc != SQLITE_DONE)
		return sqs_err(rc);
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
	e = sqs_run(s, S_MACHINE_ADD);
	if (e || !sqlite3_changes(s->db))
		return e;
	sqlite3_bind_int64(s->stmt[S_MACHINE_COUNT], 1, bucket_id);
	return sqs_run(s, S_MACHINE_COUNT);
}

/*
 * The rollups of one ingest call, added up in memory and applied once per
 * distinct row when its reports are in (rollup_apply()): a batch of 20
 * reports of one bucket and day then costs one upsert of each table, not
 * 20 (issue 15).  Each increment keeps the report that first reached its
 * row, whose values a new row takes, as one upsert per report did.
 */
struct roll {
	int64_t day, bucket, dim, hits;
	const struct report *r;
	size_t idx; /* the report's place in the call */
};

#define ROLLUP_STACK 16 /* reports a call's rollups hold without malloc() */

struct rollup {
	struct roll *daily, *dbucket, *ddims, *kernel, *module;
	size_t n_daily, n_dbucket, n_ddims, n_kernel, n_module;
	struct roll *heap; /* NULL: they are in @stack */
	struct roll stack[5 * ROLLUP_STACK];
};

static void rollup_free(struct rollup *ru)
{
	free(ru->heap);
	ru->heap = NULL;
}

static int rollup_init(struct rollup *ru, size_t n)
{
	/* Only the stack array's address is taken here, nothing is read. */
	/* cppcheck-suppress ctuuninitvar */
	struct roll *v = ru->stack;

	ru->heap = NULL;
	if (n > ROLLUP_STACK) {
		v = ru->heap = malloc(5 * n * sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	ru->daily = v;
	ru->dbucket = v + n;
	ru->ddims = v + 2 * n;
	ru->kernel = v + 3 * n;
	ru->module = v + 4 * n;
	ru->n_daily = ru->n_dbucket = ru->n_ddims = 0;
	ru->n_kernel = ru->n_module = 0;
	return 0;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Orders by key, then by place in the call (the first copy first). */
static int roll_cmp_daily(const void *x, const void *y)
{
	const struct roll *a = x, *b = y;
	int c = cmp_i64(a->day, b->day);

	c = c ? c : cmp_i64(a->bucket, b->bucket);
	c = c ? c : cmp_i64(a->dim, b->dim);
	return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int roll_cmp_kernel(const void *x, const void *y)
{
	const struct roll *a = x, *b = y;
	int c = cmp_i64(a->bucket, b->bucket);

	c = c ? c : strcmp(a->r->kernel_release, b->r->kernel_release);
	return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int roll_cmp_module(const void *x, const void *y)
{
	const struct roll *a = x, *b = y;
	int c = cmp_i64(a->bucket, b->bucket);

	c = c ? c : strcmp(a->r->mod_name, b->r->mod_name);
	c = c ? c : strcmp(a->r->mod_version, b->r->mod_version);
	c = c ? c : strcmp(a->r->mod_srcversion, b->r->mod_srcversion);
	return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorts @v and adds each run of equal keys into its first; the new count. */
static size_t roll_merge(struct roll *v, size_t n,
			 int (*cmp)(const void *, const void *))
{
	size_t out = 0;

	qsort(v, n, sizeof(*v), cmp);
	for (size_t i = 0; i < n; i++) {
		struct roll key = v[i];

		/* equal keys: the comparison without the place says 0 */
		key.idx = out ? v[out - 1].idx : 0;
		if (out && cmp(&v[out - 1], &key) == 0) {
			v[out - 1].hits += v[i].hits;
			continue;
		}
		v[out++] = v[i];
	}
	return out;
}

/*
 * The rollup step of one report: the daily tables failurehits reads
 * (daily, and through its triggers daily_bdim; daily_bucket, daily_dims)
 * and the kernel releases and module versions the details view lists,
 * added to @ru.  @ret_dim: the report's dims row.
 */
static int rollup_add(struct sqlite_store *s, struct rollup *ru,
		      const struct report *r, size_t idx, int64_t bucket_id,
		      int64_t *ret_dim)
{
	int64_t day = r->crash_time / 86400, dim = 0, hits = hits_of(r);
	int e;

	e = dim_id(s, r, &dim);
	if (e)
		return e;
	*ret_dim = dim;
	ru->daily[ru->n_daily++] =
		(struct roll){ day, bucket_id, dim, hits, r, idx };
	ru->dbucket[ru->n_dbucket++] =
		(struct roll){ day, bucket_id, 0, hits, r, idx };
	ru->ddims[ru->n_ddims++] = (struct roll){ day, 0, dim, hits, r, idx };
	ru->kernel[ru->n_kernel++] =
		(struct roll){ 0, bucket_id, 0, hits, r, idx };
	if (r->has_module)
		ru->module[ru->n_module++] =
			(struct roll){ 0, bucket_id, 0, hits, r, idx };
	return 0;
}

/* Applies @ru: one upsert per distinct row of each table. */
static int rollup_apply(struct sqlite_store *s, struct rollup *ru)
{
	sqlite3_stmt *st;
	size_t n;
	int e = 0;

	n = roll_merge(ru->daily, ru->n_daily, roll_cmp_daily);
	for (size_t i = 0; i < n && !e; i++) {
		const struct roll *x = &ru->daily[i];

		st = s->stmt[S_DAILY_UPSERT];
		sqlite3_bind_int64(st, 1, x->day);
		sqlite3_bind_int64(st, 2, x->bucket);
		sqlite3_bind_int64(st, 3, x->dim);
		sqlite3_bind_int64(st, 4, bucket_week_start(x->day));
		sqlite3_bind_int64(st, 5, bucket_month_start(x->day));
		sqlite3_bind_int64(st, 6, x->hits);
		e = sqs_run(s, S_DAILY_UPSERT);
	}
	n = roll_merge(ru->dbucket, ru->n_dbucket, roll_cmp_daily);
	for (size_t i = 0; i < n && !e; i++) {
		const struct roll *x = &ru->dbucket[i];

		st = s->stmt[S_DAILY_BUCKET_UPSERT];
		sqlite3_bind_int64(st, 1, x->day);
		sqlite3_bind_int64(st, 2, x->bucket);
		sqlite3_bind_int64(st, 3, bucket_week_start(x->day));
		sqlite3_bind_int64(st, 4, bucket_month_start(x->day));
		sqlite3_bind_int64(st, 5, x->hits);
		e = sqs_run(s, S_DAILY_BUCKET_UPSERT);
	}
	n = roll_merge(ru->ddims, ru->n_ddims, roll_cmp_daily);
	for (size_t i = 0; i < n && !e; i++) {
		const struct roll *x = &ru->ddims[i];

		st = s->stmt[S_DAILY_DIMS_UPSERT];
		sqlite3_bind_int64(st, 1, x->day);
		sqlite3_bind_int64(st, 2, x->dim);
		sqlite3_bind_int64(st, 3, bucket_week_start(x->day));
		sqlite3_bind_int64(st, 4, bucket_month_start(x->day));
		sqlite3_bind_int64(st, 5, x->hits);
		e = sqs_run(s, S_DAILY_DIMS_UPSERT);
	}
	n = roll_merge(ru->kernel, ru->n_kernel, roll_cmp_kernel);
	for (size_t i = 0; i < n && !e; i++) {
		const struct roll *x = &ru->kernel[i];

		st = s->stmt[S_KERNEL_UPSERT];
		sqlite3_bind_int64(st, 1, x->bucket);
		bind_text(st, 2, x->r->kernel_release);
		sqlite3_bind_int64(st, 3, x->hits);
		e = sqs_run(s, S_KERNEL_UPSERT);
	}
	n = roll_merge(ru->module, ru->n_module, roll_cmp_module);
	for (size_t i = 0; i < n && !e; i++) {
		const struct roll *x = &ru->module[i];

		st = s->stmt[S_MODULE_UPSERT];
		sqlite3_bind_int64(st, 1, x->bucket);
		bind_text(st, 2, x->r->mod_name);
		bind_text(st, 3, x->r->mod_file);
		bind_text(st, 4, x->r->mod_version);
		bind_text(st, 5, x->r->mod_srcversion);
		sqlite3_bind_int64(st, 6, x->hits);
		e = sqs_run(s, S_MODULE_UPSERT);
	}
	return e;
}

/*
 * Slot 0 always holds the latest report, slots 1..5 the first five
 * (@nth: the report's number in its bucket).
 */
static int keep_sample(struct sqlite_store *s, const struct report *r,
		       const struct store_result *res, int64_t nth,
		       int64_t received)
{
	for (int slot = 0; slot < 2; slot++) {
		sqlite3_stmt *st = s->stmt[S_SAMPLE_PUT];
		int e;

		if (slot && nth > SAMPLES_FIRST)
			break;
		sqlite3_bind_int64(st, 1, res->bucket_id);
		sqlite3_bind_int64(st, 2, slot ? nth : 0);
		bind_text(st, 3, r->report_id);
		sqlite3_bind_int64(st, 4, r->crash_time);
		sqlite3_bind_int64(st, 5, received);
		bind_text(st, 6, r->record);
		e = sqs_run(s, S_SAMPLE_PUT);
		if (e)
			return e;
	}
	return 0;
}

static int report_add(struct sqlite_store *s, const struct report *r,
		      const struct store_result *res, int64_t token_id,
		      int64_t received, int64_t dim)
{
	sqlite3_stmt *st = s->stmt[S_REPORT_ADD];

	bind_text(st, 1, r->report_id);
	sqlite3_bind_int64(st, 2, res->bucket_id);
	sqlite3_bind_int64(st, 3, token_id);
	sqlite3_bind_int64(st, 4, res->hits);
	bind_text(st, 5, r->kernel_release);
	bind_text(st, 6, module_version(r));
	sqlite3_bind_int64(st, 7, received);
	sqlite3_bind_int64(st, 8, r->crash_time / 86400);
	sqlite3_bind_int64(st, 9, dim);
	sqlite3_bind_int64(st, 10, r->count ? (int64_t)r->count : 1);
	sqlite3_bind_int64(st, 11, r->weight ? (int64_t)r->weight : 1);
	sqlite3_bind_int64(st, 12, hits_of(r));
	bind_text(st, 13, r->has_module ? r->mod_name : "");
	bind_text(st, 14, r->has_module ? r->mod_version : "");
	bind_text(st, 15, r->has_module ? r->mod_srcversion : "");
	return sqs_run(s, S_REPORT_ADD);
}

static int ingest_one(struct sqlite_store *s, struct rollup *ru, size_t idx,
		      const struct report *r, int64_t token_id,
		      int64_t received, bool keep_samples,
		      struct store_result *res)
{
	int64_t nth = 0, dim = 0;
	int e;

	memset(res, 0, sizeof(*res));
	e = report_seen(s, r, token_id, res);
	if (e)
		return e < 0 ? e : 0;
	if ((e = bucket_hit(s, r, res, &nth)) ||
	    (e = machine_hit(s, r, res->bucket_id)) ||
	    (e = rollup_add(s, ru, r, idx, res->bucket_id, &dim)) ||
	    (e = sqs_hll_hit(s, r->crash_time / 86400, res->bucket_id, dim,
			     r->machine_id)) ||
	    (keep_samples && (e = keep_sample(s, r, res, nth, received))) ||
	    (e = report_add(s, r, res, token_id, received, dim)))
		return e;
	return sqs_match_response(s->stmt[S_RESPONSES_FOR_HASH], r->bucket_key,
				  r->kernel_release, module_version(r), res);
}

/*
 * A group transaction is written with synchronous = NORMAL (set outside
 * it: SQLite refuses to change the level inside a transaction) and every
 * other write with FULL.
 */
static int group_begin(struct sqlite_store *s)
{
	int e = sqs_run(s, S_SYNC_NORMAL);

	if (!e)
		e = sqs_run(s, S_BEGIN);
	if (e) {
		(void)sqs_run(s, S_SYNC_FULL);
		return e;
	}
	s->in_txn = true;
	s->group = 0;
	return 0;
}

static void group_end(struct sqlite_store *s)
{
	s->in_txn = false;
	(void)sqs_run(s, S_SYNC_FULL);
}

/*
 * Commits the open group transaction and wakes its members.  The COMMIT
 * writes the WAL without waiting for the disk; the members wait for that
 * in sqs_durable().  On failure everything is rolled back and each member
 * gets the error (group_run() then runs it again alone).
 */
void sqs_group_commit(struct sqlite_store *s)
{
	int c = sqs_run(s, S_COMMIT);
	uint64_t need;

	if (c)
		(void)sqs_run(s, S_ROLLBACK);
	group_end(s);
	need = __atomic_add_fetch(&s->written, 1, __ATOMIC_SEQ_CST);
	for (struct group_member *m = s->members; m; m = m->next) {
		m->err = c;
		m->need = need;
		m->done = true;
		pthread_cond_signal(&m->wake);
	}
	s->members = NULL;
	s->gen++;
}

/* fdatasync() of the WAL file, opened on first use (by the syncer). */
static int wal_sync(struct sqlite_store *s)
{
	if (s->wal_fd < 0) {
		char wal[4096];

		snprintf(wal, sizeof(wal), "%s-wal", s->path);
		s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
		if (s->wal_fd < 0)
			return -errno;
	}
	return fdatasync(s->wal_fd) ? -errno : 0;
}

/*
 * Returns (@lock held) once group COMMIT number @need is on disk.
 * fdatasync() writes out the file's dirty pages whichever descriptor
 * wrote them (vfs_fsync_range() in fs/sync.c calls the file system's
 * fsync on the inode, and ext4_sync_file() flushes its whole mapping),
 * so one call on our own descriptor covers every COMMIT the writer
 * connection finished before it began.  One caller at a time syncs,
 * without @lock, so the next group is built meanwhile; when it is done
 * it commits that group, whose members then sync it.
 */
static int sqs_durable(struct sqlite_store *s, struct group_member *me)
{
	while (s->synced < me->need && !s->sync_err) {
		struct group_member **pp, *w;
		bool next_syncer = false;
		uint64_t upto;
		int e;

		if (s->syncing) {
			me->wnext = s->sync_waiters;
			s->sync_waiters = me;
			me->in_sync_wait = true;
			while (me->in_sync_wait)
				pthread_cond_wait(&me->wake, &s->lock);
			continue;
		}
		s->syncing = true;
		upto = s->written;
		pthread_mutex_unlock(&s->lock);
		e = wal_sync(s);
		pthread_mutex_lock(&s->lock);
		s->syncing = false;
		if (e)
			s->sync_err = e;
		else if (upto > s->synced)
			s->synced = upto;
		/* the group that gathered meanwhile, unless one queued joins */
		if (s->in_txn &&
		    !__atomic_load_n(&s->waiting, __ATOMIC_SEQ_CST))
			sqs_group_commit(s);
		/*
		 * Wake the waiters this sync covered, and one that needs
		 * more to sync next; the rest wait on for that one.
		 */
		for (pp = &s->sync_waiters; (w = *pp);) {
			if (w->need > s->synced && !s->sync_err) {
				if (next_syncer) {
					pp = &w->wnext;
					continue;
				}
				next_syncer = true;
			}
			*pp = w->wnext;
			w->in_sync_wait = false;
			pthread_cond_signal(&w->wake);
		}
	}
	return s->synced >= me->need ? 0 : s->sync_err;
}

/*
 * Throws the open group transaction away: every member runs its work
 * again in a transaction of its own (group_join()'s @solo).
 */
static void group_abort(struct sqlite_store *s)
{
	(void)sqs_run(s, S_ROLLBACK);
	group_end(s);
	for (struct group_member *m = s->members; m; m = m->next) {
		m->err = -EAGAIN;
		m->done = true;
		pthread_cond_signal(&m->wake);
	}
	s->members = NULL;
}

/*
 * Runs @work (@n reports' worth) in the open group transaction, or a new
 * one, and returns once the COMMIT that covers it is durable.  The group
 * stays open while a caller is queued for @lock or an fdatasync() is
 * running (whoever syncs commits it when done), so the reports that
 * arrive during one sync share the next.
 *
 * Members take no savepoints (SAVEPOINT and RELEASE cost a member about
 * a tenth of its ingest, callgrind, issue 15).  A work that fails before
 * it changed a row (a quota refusal, an unknown report) leaves the group
 * as it was; one that fails after, or a failed COMMIT, throws the group
 * away and every member runs its work again alone (@solo: after
 * committing whatever group is open, in a transaction of its own), so
 * one bad member cannot fail the rest.
 */
static int group_join(struct sqlite_store *s, struct group_member *me, size_t n,
		      int (*work)(struct sqlite_store *s, void *arg), void *arg)
{
	bool joined, solo = false;
	sqlite3_int64 changes;
	int e;

again:
	me->next = me->wnext = NULL;
	me->done = me->in_sync_wait = false;
	me->err = 0;
	me->need = 0;
	e = 0;
	__atomic_add_fetch(&s->waiting, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&s->lock);
	__atomic_sub_fetch(&s->waiting, 1, __ATOMIC_SEQ_CST);
	if (solo && s->in_txn)
		sqs_group_commit(s); /* its members sync it themselves */
	if (!s->in_txn) {
		e = group_begin(s);
		if (e)
			goto out;
	}
	joined = s->group > 0;
	changes = sqlite3_total_changes64(s->db);
	e = work(s, arg);
	if (e && !joined) {
		/* Nobody else is in this transaction. */
		(void)sqs_run(s, S_ROLLBACK);
		group_end(s);
		goto out;
	}
	if (e && (sqlite3_total_changes64(s->db) != changes ||
		  sqlite3_get_autocommit(s->db))) {
		/*
		 * What we wrote cannot be undone alone, or SQLite rolled the
		 * whole transaction back itself (an I/O error, a full
		 * disk): all again, alone.
		 */
		group_abort(s);
		pthread_mutex_unlock(&s->lock);
		solo = true;
		goto again;
	}
	s->group += n;
	s->ingested++;
	if (!e) {
		me->next = s->members;
		s->members = me;
	}
	if (!solo && s->group < GROUP_MAX &&
	    (__atomic_load_n(&s->waiting, __ATOMIC_SEQ_CST) || s->syncing)) {
		/*
		 * A caller queued behind us, or the running sync when it
		 * ends, commits for us (one whose work failed leaves at
		 * once: nothing of it is kept).
		 */
		while (!e && !me->done)
			pthread_cond_wait(&me->wake, &s->lock);
	} else if (s->in_txn) {
		sqs_group_commit(s);
	}
	if (!e && me->err && !solo) {
		/* the group failed: again, alone */
		pthread_mutex_unlock(&s->lock);
		solo = true;
		goto again;
	}
	if (!e)
		e = me->err;
	if (!e)
		e = sqs_durable(s, me);
out:
	pthread_mutex_unlock(&s->lock);
	return e;
}

/* group_join() with the caller's member on its stack. */
static int group_run(struct sqlite_store *s, size_t n,
		     int (*work)(struct sqlite_store *s, void *arg), void *arg)
{
	struct group_member me;
	int e;

	pthread_cond_init(&me.wake, NULL);
	e = group_join(s, &me, n, work, arg);
	pthread_cond_destroy(&me.wake);
	return e;
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
		return sqs_err(rc);
	if (ret_used)
		*ret_used = used;
	if (used + n > quota)
		return -EDQUOT;
	st = s->stmt[S_QUOTA_ADD];
	sqlite3_bind_int64(st, 1, token_id);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int64(st, 3, n);
	return sqs_run(s, S_QUOTA_ADD);
}

/* Work done inside a group transaction (group_run). */
struct ingest_work {
	const struct report *r;
	size_t n;
	int64_t token_id, received;
	bool keep_samples;
	uint64_t quota, *ret_used;
	struct store_result *ret;
};

static int ingest_work(struct sqlite_store *s, void *arg)
{
	struct ingest_work *w = arg;
	struct rollup ru;
	int e = 0;

	if (w->quota)
		e = quota_take(s, w->token_id, w->received / 86400, w->n,
			       w->quota, w->ret_used);
	if (e)
		return e;
	e = rollup_init(&ru, w->n);
	for (size_t i = 0; i < w->n && !e; i++) {
		/*
		 * A report repeated inside one batch is a duplicate of its
		 * first copy: the reports row written above answers it.
		 */
		e = ingest_one(s, &ru, i, &w->r[i], w->token_id, w->received,
			       w->keep_samples, &w->ret[i]);
		if (!e && !w->ret[i].foreign)
			e = sqc_wants_one(s->stmt[S_WANTS], w->r[i].report_id,
					  w->token_id, &w->ret[i].wants);
		if (!e)
			w->ret[i].has_wants = true;
	}
	if (!e)
		e = rollup_apply(s, &ru);
	rollup_free(&ru);
	return e;
}

int sq_ingest(struct store *base, const struct report *r, size_t n,
	      int64_t token_id, int64_t received, bool keep_samples,
	      uint64_t quota, uint64_t *ret_used, struct store_result *ret)
{
	struct ingest_work w = { .r = r,
				 .n = n,
				 .token_id = token_id,
				 .received = received,
				 .keep_samples = keep_samples,
				 .quota = quota,
				 .ret_used = ret_used,
				 .ret = ret };

	return group_run(to_sq(base), n, ingest_work, &w);
}

struct count_work {
	const char *report_id;
	int64_t token_id, now;
	uint64_t count, cap, quota, *ret_used;
	struct store_count *ret;
};

/* Adds @add hits to the rows of one report's bucket, day and details. */
static int count_spread(struct sqlite_store *s, sqlite3_stmt *row, int64_t add)
{
	int64_t day = sqlite3_column_int64(row, 1);
	int64_t dim = sqlite3_column_int64(row, 2);
	int64_t bid = sqlite3_column_int64(row, 3);
	sqlite3_stmt *st;
	int e;

	st = s->stmt[S_BUCKET_ADD];
	sqlite3_bind_int64(st, 1, bid);
	sqlite3_bind_int64(st, 2, add);
	if ((e = sqs_run(s, S_BUCKET_ADD)))
		return e;
	/* rows retention dropped stay dropped: UPDATE, not upsert */
	st = s->stmt[S_DAILY_ADD];
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, bid);
	sqlite3_bind_int64(st, 3, dim);
	sqlite3_bind_int64(st, 4, add);
	if ((e = sqs_run(s, S_DAILY_ADD)))
		return e;
	st = s->stmt[S_DAILY_BUCKET_ADD];
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, bid);
	sqlite3_bind_int64(st, 3, add);
	if ((e = sqs_run(s, S_DAILY_BUCKET_ADD)))
		return e;
	st = s->stmt[S_DAILY_DIMS_ADD];
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, dim);
	sqlite3_bind_int64(st, 3, add);
	if ((e = sqs_run(s, S_DAILY_DIMS_ADD)))
		return e;
	st = s->stmt[S_KERNEL_ADD];
	sqlite3_bind_int64(st, 1, bid);
	bind_text(st, 2, col_text(row, 7));
	sqlite3_bind_int64(st, 3, add);
	if ((e = sqs_run(s, S_KERNEL_ADD)) || !*col_text(row, 8))
		return e;
	st = s->stmt[S_MODULE_ADD];
	sqlite3_bind_int64(st, 1, bid);
	bind_text(st, 2, col_text(row, 8));
	bind_text(st, 3, col_text(row, 9));
	bind_text(st, 4, col_text(row, 10));
	sqlite3_bind_int64(st, 5, add);
	return sqs_run(s, S_MODULE_ADD);
}

static int count_work(struct sqlite_store *s, void *arg)
{
	struct count_work *w = arg;
	sqlite3_stmt *row = s->stmt[S_RCOUNT_GET];
	uint64_t count, weight, had, hits;
	int rc, e;

	bind_text(row, 1, w->report_id);
	rc = sqlite3_step(row);
	if (rc != SQLITE_ROW) {
		done(row);
		return rc == SQLITE_DONE ? -ENOENT : sqs_err(rc);
	}
	if (sqlite3_column_int64(row, 0) != w->token_id ||
	    sqlite3_column_int64(row, 1) < 0) {
		/* another token's report, or one without a day on record */
		done(row);
		return -ENOENT;
	}
	e = w->quota ? quota_take(s, w->token_id, w->now / 86400, 1, w->quota,
				  w->ret_used) :
		       0;
	count = (uint64_t)sqlite3_column_int64(row, 4);
	weight = (uint64_t)sqlite3_column_int64(row, 5);
	had = (uint64_t)sqlite3_column_int64(row, 6);
	if (w->count > count)
		count = w->count;
	hits = report_hits(count, weight, w->cap);
	if (hits < had)
		hits = had; /* the cap went down since: never take back */
	if (!e && hits > had)
		e = count_spread(s, row, (int64_t)(hits - had));
	done(row);
	if (e)
		return e;
	sqlite3_bind_int64(s->stmt[S_RCOUNT_SET], 2, (int64_t)count);
	sqlite3_bind_int64(s->stmt[S_RCOUNT_SET], 3, (int64_t)hits);
	bind_text(s->stmt[S_RCOUNT_SET], 1, w->report_id);
	e = sqs_run(s, S_RCOUNT_SET);
	if (!e)
		*w->ret = (struct store_count){ .count = count,
						.weight = weight,
						.hits = hits,
						.added = hits - had };
	return e;
}

int sq_count_update(struct store *base, const char *report_id, int64_t token_id,
		    uint64_t count, uint64_t cap, int64_t now, uint64_t quota,
		    uint64_t *ret_used, struct store_count *ret)
{
	struct count_work w = { .report_id = report_id,
				.token_id = token_id,
				.now = now,
				.count = count,
				.cap = cap,
				.quota = quota,
				.ret_used = ret_used,
				.ret = ret };

	return group_run(to_sq(base), 1, count_work, &w);
}

/* Retention (store.h): one transaction on the writer connection. */
int sq_retain(struct store *base, int64_t before_day, uint64_t *ret_rows)
{
	static const char *const sql[] = {
		"DELETE FROM daily WHERE day < ?1",
		"DELETE FROM daily_bucket WHERE day < ?1",
		"DELETE FROM daily_dims WHERE day < ?1",
		"DELETE FROM daily_bdim WHERE kind BETWEEN 1 AND 8"
		" AND day < ?1",
		"DELETE FROM daily_hll WHERE day < ?1",
		"DELETE FROM daily_bucket_hll WHERE day < ?1",
		"DELETE FROM reports WHERE received < ?1 * 86400",
		"DELETE FROM quota WHERE day < ?1",
	};
	struct sqlite_store *s = to_sq(base);
	uint64_t rows = 0;
	int e;

	pthread_mutex_lock(&s->lock);
	if (s->in_txn) {
		/* finish an open group first; its members are waiting */
		pthread_mutex_unlock(&s->lock);
		return -EBUSY;
	}
	e = sqs_run(s, S_BEGIN);
	for (size_t i = 0; !e && i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL);

		if (rc != SQLITE_OK) {
			e = -EIO;
			break;
		}
		sqlite3_bind_int64(st, 1, before_day);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			e = sqs_err(rc);
		else
			rows += sqlite3_changes(s->db);
	}
	if (!e)
		e = sqs_run(s, S_COMMIT);
	if (e)
		(void)sqs_run(s, S_ROLLBACK);
	pthread_mutex_unlock(&s->lock);
	if (!e)
		*ret_rows = rows;
	return e;
}
