// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend: ingest.  Each report is looked up by id (the idempotency
 * record; one writer connection makes the look-up and the insert atomic),
 * then counted into its bucket, the distinct machines, the daily rollups
 * failurehits reads, the details lists and the samples.  Concurrent calls
 * share group commits (group.h; this backend's run() and sync() are
 * sq_group_run() and sq_wal_sync()).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bucket.h"
#include "hll.h"
#include "log.h"
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
	done(st);
	if (rc != SQLITE_DONE)
		return sqs_err(rc);
	st = s->stmt[S_BUCKET_COUNTS];
	bind_text(st, 1, r->bucket_key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->bucket_id = sqlite3_column_int64(st, 0);
		res->hits = sqlite3_column_int64(st, 1);
		*ret_nth = sqlite3_column_int64(st, 2);
	}
	done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? -EIO : sqs_err(rc);
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
 * Deferred rollups (issue 15).  Ingest commits the report and one
 * roll_queue row; the roller, a thread of each store, takes up to
 * ROLLER_MAX queued rows in one transaction, adds them up in memory and
 * applies them once per distinct row (rollup_apply()): the reports of
 * one bucket and day then cost one upsert of each table, not one each,
 * and one merge of each distinct-machines sketch, whose machines are
 * merged in memory first.  Each increment keeps the report that first
 * reached its row, whose values a new row takes, as one upsert per
 * report did.  The queued rows are deleted in the same transaction, so
 * a crash loses or repeats nothing; a second process on the database
 * rolls under SQLite's write lock, reading the queue inside it.
 */
/* One queued report (roll_queue), as the roller read it. */
struct qrow {
	int64_t seq, day, bucket, dim, hits;
	uint64_t machine; /* hll_hash() of the report's machine */
	bool has_module;
	char kernel[65], mod_name[64], mod_file[65], mod_version[65],
		mod_srcversion[65];
};

struct roll {
	int64_t day, bucket, dim, hits;
	uint64_t machine; /* hll_hash() of the report's machine */
	const struct qrow *q;
	size_t idx; /* the report's place in the batch */
};

/* The rollup tables, each a list of increments in struct rollup. */
enum roll_table {
	RU_DAILY, /* daily (and through its triggers daily_bdim) */
	RU_DAILY_BUCKET,
	RU_DAILY_DIMS,
	RU_KERNEL, /* bucket_kernels */
	RU_MODULE, /* bucket_modules */
	RU_TABLES
};

#define ROLLUP_STACK 16 /* reports a call's rollups hold without malloc() */

struct rollup {
	struct roll *v[RU_TABLES];
	size_t n[RU_TABLES];
	struct roll *heap; /* NULL: they are in @stack */
	struct roll stack[RU_TABLES * ROLLUP_STACK];
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
		v = ru->heap = malloc(RU_TABLES * n * sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	for (int t = 0; t < RU_TABLES; t++) {
		ru->v[t] = v + t * (n > ROLLUP_STACK ? n : ROLLUP_STACK);
		ru->n[t] = 0;
	}
	return 0;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/*
 * Orders by key, then by place in the call (the first copy first).  The
 * daily tables' keys are (day, bucket, dims), 0 where a table has no such
 * column.
 */
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

	c = c ? c : strcmp(a->q->kernel, b->q->kernel);
	return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int roll_cmp_module(const void *x, const void *y)
{
	const struct roll *a = x, *b = y;
	int c = cmp_i64(a->bucket, b->bucket);

	c = c ? c : strcmp(a->q->mod_name, b->q->mod_name);
	c = c ? c : strcmp(a->q->mod_version, b->q->mod_version);
	c = c ? c : strcmp(a->q->mod_srcversion, b->q->mod_srcversion);
	return c ? c : a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The key columns of a rollup table, in the order its upsert binds them. */
enum roll_cols {
	C_DAY = 1, /* day, and week and month after the key */
	C_BUCKET = 2,
	C_DIM = 4,
	C_KERNEL = 8, /* the kernel release */
	C_MODULE = 16, /* module name, file, version, srcversion */
};

static const struct rollup_table {
	enum stmt_id upsert;
	enum stmt_id sketch; /* distinct machines; S_COUNT: none */
	unsigned int cols; /* enum roll_cols */
	int (*cmp)(const void *, const void *);
} rollup_tables[RU_TABLES] = {
	[RU_DAILY] = { S_DAILY_UPSERT, S_DAILY_HLL_MERGE,
		       C_DAY | C_BUCKET | C_DIM, roll_cmp_daily },
	[RU_DAILY_BUCKET] = { S_DAILY_BUCKET_UPSERT, S_DAILY_BUCKET_HLL_MERGE,
			      C_DAY | C_BUCKET, roll_cmp_daily },
	[RU_DAILY_DIMS] = { S_DAILY_DIMS_UPSERT, S_COUNT, C_DAY | C_DIM,
			    roll_cmp_daily },
	[RU_KERNEL] = { S_KERNEL_UPSERT, S_COUNT, C_BUCKET | C_KERNEL,
			roll_cmp_kernel },
	[RU_MODULE] = { S_MODULE_UPSERT, S_COUNT, C_BUCKET | C_MODULE,
			roll_cmp_module },
};

/* Binds a distinct row's key columns (@cols), then its added @hits. */
static void roll_bind(sqlite3_stmt *st, unsigned int cols, const struct roll *x,
		      int64_t hits)
{
	int i = 1;

	if (cols & C_DAY)
		sqlite3_bind_int64(st, i++, x->day);
	if (cols & C_BUCKET)
		sqlite3_bind_int64(st, i++, x->bucket);
	if (cols & C_DIM)
		sqlite3_bind_int64(st, i++, x->dim);
	if (cols & C_KERNEL)
		bind_text(st, i++, x->q->kernel);
	if (cols & C_MODULE) {
		bind_text(st, i++, x->q->mod_name);
		bind_text(st, i++, x->q->mod_file);
		bind_text(st, i++, x->q->mod_version);
		bind_text(st, i++, x->q->mod_srcversion);
	}
	if (cols & C_DAY) {
		sqlite3_bind_int64(st, i++, bucket_week_start(x->day));
		sqlite3_bind_int64(st, i++, bucket_month_start(x->day));
	}
	sqlite3_bind_int64(st, i, hits);
}

/*
 * The rollup step of one queued report: the daily tables failurehits
 * reads (daily, and through its triggers daily_bdim; daily_bucket,
 * daily_dims) with their sketches of distinct machines, and the kernel
 * releases and module versions the details view lists, added to @ru.
 */
static void rollup_add(struct rollup *ru, const struct qrow *q, size_t idx)
{
	struct roll x = { .day = q->day,
			  .bucket = q->bucket,
			  .dim = q->dim,
			  .hits = q->hits,
			  .machine = q->machine,
			  .q = q,
			  .idx = idx };

	ru->v[RU_DAILY][ru->n[RU_DAILY]++] = x;
	x.dim = 0;
	ru->v[RU_DAILY_BUCKET][ru->n[RU_DAILY_BUCKET]++] = x;
	x.dim = q->dim;
	x.bucket = 0;
	ru->v[RU_DAILY_DIMS][ru->n[RU_DAILY_DIMS]++] = x;
	x = (struct roll){
		.bucket = q->bucket, .hits = q->hits, .q = q, .idx = idx
	};
	ru->v[RU_KERNEL][ru->n[RU_KERNEL]++] = x;
	if (q->has_module)
		ru->v[RU_MODULE][ru->n[RU_MODULE]++] = x;
}

/*
 * Queues report @r for the roller (deferred rollups, issue 15): one row
 * with everything the rollups need.  @dim: its dims row.
 */
static int queue_add(struct sqlite_store *s, const struct report *r,
		     int64_t bucket_id, int64_t dim)
{
	sqlite3_stmt *st = s->stmt[S_QUEUE_ADD];

	sqlite3_bind_int64(st, 1, r->crash_time / 86400);
	sqlite3_bind_int64(st, 2, bucket_id);
	sqlite3_bind_int64(st, 3, dim);
	sqlite3_bind_int64(st, 4, hits_of(r));
	sqlite3_bind_int64(
		st, 5, (int64_t)hll_hash(r->machine_id, strlen(r->machine_id)));
	bind_text(st, 6, r->kernel_release);
	sqlite3_bind_int(st, 7, r->has_module);
	bind_text(st, 8, r->mod_name);
	bind_text(st, 9, r->mod_file);
	bind_text(st, 10, r->mod_version);
	bind_text(st, 11, r->mod_srcversion);
	return sqs_run(s, S_QUEUE_ADD);
}

/* The end of the run of increments with @v[i]'s key. */
static size_t run_end(const struct roll *v, size_t n, size_t i,
		      int (*cmp)(const void *, const void *))
{
	size_t j = i + 1;

	for (; j < n; j++) {
		struct roll key = v[j];

		/* equal keys: the comparison without the place says 0 */
		key.idx = v[i].idx;
		if (cmp(&v[i], &key))
			break;
	}
	return j;
}

/*
 * Applies @ru: each table's increments sorted by key, one upsert per
 * distinct row (the first report's values, the run's hits added up),
 * and one merge of the run's machines, as one sketch, where the table
 * has sketches.
 */
static int rollup_apply(struct sqlite_store *s, struct rollup *ru)
{
	struct hll *h = NULL;
	int e = 0;

	for (int t = 0; t < RU_TABLES && !e; t++) {
		const struct rollup_table *tb = &rollup_tables[t];
		struct roll *v = ru->v[t];
		size_t n = ru->n[t];

		qsort(v, n, sizeof(*v), tb->cmp);
		for (size_t i = 0, j; i < n && !e; i = j) {
			int64_t hits = 0;

			j = run_end(v, n, i, tb->cmp);
			for (size_t k = i; k < j; k++)
				hits += v[k].hits;
			roll_bind(s->stmt[tb->upsert], tb->cols, &v[i], hits);
			e = sqs_run(s, tb->upsert);
			if (e || tb->sketch == S_COUNT)
				continue;
			if (!h && !(h = malloc(sizeof(*h)))) {
				e = -ENOMEM;
				break;
			}
			hll_init(h);
			for (size_t k = i; k < j; k++)
				hll_add(h, v[k].machine);
			e = sqs_hll_merge(s, tb->sketch, v[i].day, v[i].bucket,
					  v[i].dim, h);
		}
	}
	free(h);
	return e;
}

/*
 * Rolls up to @max queued reports inside the writer's open transaction
 * (s->lock held): reads them in order, applies their rollups, deletes
 * them.  @ret_n: how many.
 */
static int roll_batch(struct sqlite_store *s, size_t max, size_t *ret_n)
{
	sqlite3_stmt *st = s->stmt[S_QUEUE_TAKE];
	struct qrow *q = malloc(max * sizeof(*q));
	struct rollup ru;
	size_t n = 0;
	int rc, e;

	*ret_n = 0;
	if (!q)
		return -ENOMEM;
	sqlite3_bind_int64(st, 1, (int64_t)max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qrow *x = &q[n++];

		x->seq = sqlite3_column_int64(st, 0);
		x->day = sqlite3_column_int64(st, 1);
		x->bucket = sqlite3_column_int64(st, 2);
		x->dim = sqlite3_column_int64(st, 3);
		x->hits = sqlite3_column_int64(st, 4);
		x->machine = (uint64_t)sqlite3_column_int64(st, 5);
		snprintf(x->kernel, sizeof(x->kernel), "%s", col_text(st, 6));
		x->has_module = sqlite3_column_int(st, 7);
		snprintf(x->mod_name, sizeof(x->mod_name), "%s",
			 col_text(st, 8));
		snprintf(x->mod_file, sizeof(x->mod_file), "%s",
			 col_text(st, 9));
		snprintf(x->mod_version, sizeof(x->mod_version), "%s",
			 col_text(st, 10));
		snprintf(x->mod_srcversion, sizeof(x->mod_srcversion), "%s",
			 col_text(st, 11));
	}
	done(st);
	if (n < max && rc != SQLITE_DONE) {
		free(q);
		return sqs_err(rc);
	}
	if (!n) {
		free(q);
		return 0;
	}
	e = rollup_init(&ru, n);
	for (size_t i = 0; i < n && !e; i++)
		rollup_add(&ru, &q[i], i);
	if (!e)
		e = rollup_apply(s, &ru);
	rollup_free(&ru);
	if (!e) {
		sqlite3_bind_int64(s->stmt[S_QUEUE_DROP], 1, q[n - 1].seq);
		e = sqs_run(s, S_QUEUE_DROP);
	}
	free(q);
	if (!e)
		*ret_n = n;
	return e;
}

int sqs_roll_all(struct sqlite_store *s)
{
	size_t n;
	int e;

	do
		e = roll_batch(s, ROLLER_MAX, &n);
	while (!e && n == ROLLER_MAX);
	return e;
}

/* One roller transaction of up to ROLLER_MAX reports; @ret_n: how many. */
static int roll_txn(struct sqlite_store *s, size_t *ret_n)
{
	int e;

	*ret_n = 0;
	pthread_mutex_lock(&s->lock);
	/*
	 * Not synced: a roll lost in a crash loses its queue deletions with
	 * it, and the next ingest's sync covers it.
	 */
	e = sqs_run(s, S_SYNC_NORMAL);
	if (!e)
		e = sqs_run(s, S_BEGIN);
	if (!e)
		e = roll_batch(s, ROLLER_MAX, ret_n);
	if (!e && *ret_n)
		e = sqs_run(s, S_COMMIT);
	else if (!e)
		e = sqs_run(s, S_ROLLBACK);
	if (e && !sqlite3_get_autocommit(s->db))
		(void)sqs_run(s, S_ROLLBACK);
	(void)sqs_run(s, S_SYNC_FULL);
	pthread_mutex_unlock(&s->lock);
	if (e)
		*ret_n = 0;
	return e;
}

/* The newest queued report (0: none), or whether one <= @upto is queued. */
static int queue_probe(sqlite3 *db, int64_t upto, int64_t *ret)
{
	static const char max_sql[] = "SELECT max(seq) FROM roll_queue";
	static const char left_sql[] =
		"SELECT count(*) FROM (SELECT 1 FROM roll_queue"
		" WHERE seq <= ?1 LIMIT 1)";
	sqlite3_stmt *st;
	int rc, e;

	e = sqs_prepare_kept(db, upto ? left_sql : max_sql, &st);
	if (e)
		return e;
	if (upto)
		sqlite3_bind_int64(st, 1, upto);
	rc = sqlite3_step(st);
	*ret = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sqs_err(rc);
}

/* The queue as the roller's stop sees it, on the writer connection. */
static int writer_probe(void *ctx, int64_t upto, int64_t *ret)
{
	struct sqlite_store *s = ctx;
	int e;

	pthread_mutex_lock(&s->lock);
	e = queue_probe(s->db, upto, ret);
	pthread_mutex_unlock(&s->lock);
	return e;
}

/* ... and as a query sees it, on this thread's reader. */
static int reader_probe(void *ctx, int64_t upto, int64_t *ret)
{
	sqlite3 *db = sqs_reader(ctx);

	return db ? queue_probe(db, upto, ret) : -EIO;
}

static int roll_txn_cb(void *ctx, size_t *ret_n)
{
	return roll_txn(ctx, ret_n);
}

void sqs_roll_kick(struct sqlite_store *s, bool urgent)
{
	roller_kick(&s->roller, urgent);
}

int sqs_roll_start(struct sqlite_store *s)
{
	return roller_start(&s->roller, roll_txn_cb, s);
}

void sqs_roll_stop(struct sqlite_store *s)
{
	roller_stop(&s->roller, writer_probe, s);
}

/* Read-your-writes (store.h settle), roller.h. */
int sq_settle(struct store *base)
{
	return roller_settle(&to_sq(base)->roller, reader_probe, to_sq(base));
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

static int ingest_one(struct sqlite_store *s, const struct report *r,
		      int64_t token_id, int64_t received, bool keep_samples,
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
	    (e = dim_id(s, r, &dim)) ||
	    (e = queue_add(s, r, res->bucket_id, dim)) ||
	    (keep_samples && (e = keep_sample(s, r, res, nth, received))) ||
	    (e = report_add(s, r, res, token_id, received, dim)))
		return e;
	return sqs_match_response(s->stmt[S_RESPONSES_FOR_HASH], r->bucket_key,
				  r->kernel_release, module_version(r), res);
}

/*
 * A call in the group commit (group.h): its work, run inside the group's
 * transaction.
 */
struct sq_call {
	struct group_call gc; /* must be first */
	int (*work)(struct sqlite_store *s, void *arg);
	void *arg;
};

/*
 * group.h's run(): @calls in one transaction on the writer connection,
 * written with synchronous = NORMAL (set outside it: SQLite refuses to
 * change the level inside a transaction), so the COMMIT does not wait
 * for the disk; sq_wal_sync() does, for every commit before it.
 *
 * While the group before is being synced, the calls that queue join
 * this transaction (group_more()): it commits when that sync ends, and
 * the next sync covers all of them.  Calls take no savepoints (SAVEPOINT
 * and RELEASE cost a call about a tenth of its ingest, callgrind, issue
 * 15).  A work that fails before
 * it changed a row (a quota refusal, an unknown report) is left out
 * with its error, the group goes on; one that fails after, or a failed
 * COMMIT, rolls the group back, and group.c runs each call again alone.
 */
static int sq_group_run(void *ctx, struct group_call *calls)
{
	struct sqlite_store *s = ctx;
	bool kept = false;
	int e;

	pthread_mutex_lock(&s->lock);
	e = sqs_run(s, S_SYNC_NORMAL);
	if (!e)
		e = sqs_run(s, S_BEGIN);
	for (struct group_call *k = calls; k && !e; k = k->next) {
		struct sq_call *c = (struct sq_call *)k;
		sqlite3_int64 changes = sqlite3_total_changes64(s->db);
		int w = c->work(s, c->arg);

		if (!w)
			kept = true;
		else if (sqlite3_total_changes64(s->db) == changes &&
			 !sqlite3_get_autocommit(s->db))
			k->err = w; /* nothing of it written */
		else
			e = w; /* or SQLite rolled back itself (I/O, disk full) */
		if (!e && !k->next)
			/* while the last group syncs, the calls that queue */
			(void)group_more(&s->group, calls);
	}
	if (!e)
		e = sqs_run(s, kept ? S_COMMIT : S_ROLLBACK);
	if (e && !sqlite3_get_autocommit(s->db))
		(void)sqs_run(s, S_ROLLBACK);
	(void)sqs_run(s, S_SYNC_FULL);
	pthread_mutex_unlock(&s->lock);
	if (!e && kept)
		sqs_roll_kick(s, false);
	return e;
}

/*
 * group.h's sync(): fdatasync() of the WAL file, opened on first use
 * (group.c runs one at a time).  fdatasync() writes out the file's dirty
 * pages whichever descriptor wrote them (vfs_fsync_range() in fs/sync.c
 * calls the file system's fsync on the inode, and ext4_sync_file()
 * flushes its whole mapping), so one call on our own descriptor covers
 * every COMMIT the writer connection finished before it began.
 */
static int sq_wal_sync(void *ctx)
{
	struct sqlite_store *s = ctx;

	if (s->wal_fd < 0) {
		char wal[4096];

		snprintf(wal, sizeof(wal), "%s-wal", s->path);
		s->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
		if (s->wal_fd < 0)
			return -errno;
	}
	return fdatasync(s->wal_fd) ? -errno : 0;
}

const struct group_ops sqs_group_ops = { .run = sq_group_run,
					 .sync = sq_wal_sync };

/* Runs @work (@n reports' worth) through the group commit. */
static int group_run(struct sqlite_store *s, size_t n,
		     int (*work)(struct sqlite_store *s, void *arg), void *arg)
{
	struct sq_call c = { .gc.n = n, .work = work, .arg = arg };

	return group_submit(&s->group, &c.gc);
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
	int e = 0;

	if (w->quota)
		e = quota_take(s, w->token_id, w->received / 86400, w->n,
			       w->quota, w->ret_used);
	if (e)
		return e;
	for (size_t i = 0; i < w->n && !e; i++) {
		/*
		 * A report repeated inside one batch is a duplicate of its
		 * first copy: the reports row written above answers it.
		 */
		e = ingest_one(s, &w->r[i], w->token_id, w->received,
			       w->keep_samples, &w->ret[i]);
		if (!e && !w->ret[i].foreign)
			/* the reports row is this token's: its bucket */
			e = sqc_wants_one(s->stmt[S_WANTS], w->r[i].report_id,
					  w->ret[i].bucket_id,
					  &w->ret[i].wants);
		if (!e)
			w->ret[i].has_wants = true;
	}
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
	/* the report's own rollups first, so that the UPDATEs find them */
	if (!e)
		e = sqs_roll_all(s);
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
	e = sqs_run(s, S_BEGIN);
	/* what is queued first: it may add to the days dropped here */
	if (!e)
		e = sqs_roll_all(s);
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
