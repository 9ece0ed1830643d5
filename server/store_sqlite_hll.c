// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite backend: distinct machines per daily rollup row (hll.h), in
 * sketch tables with the rollups' keys (migration 9 of
 * store_sqlite_schema.c):
 *   daily_hll          (day, bucket, dims)    beside daily
 *   daily_bucket_hll   (day, bucket)          beside daily_bucket
 * A query that wants machines and would read daily_dims or daily_bdim
 * reads daily and dims instead (store_plan_machines() in store.c):
 * sketches beside daily_bdim's eight rows a report cost 40% of batched
 * ingest (docs/server.md, "Distinct machines").  A sketch that already
 * holds the machine is not written again.
 *
 * SQL functions, registered on every connection:
 *   hll_union(sketch, b)    the union of two sketches; NULL stays NULL
 *                           (a row counted before the sketches existed:
 *                           its machines are unknown); ingest merges an
 *                           ingest call's machines of a row in memory,
 *                           then once into the row
 *   hll_distinct(sketch)    aggregate: the distinct machines of the
 *                           union of the rows' sketches, NULL when any
 *                           row's is NULL (unknown)
 */
#include <errno.h>
#include <string.h>

#include "hll.h"
#include "store_sqlite.h"

static void fn_hll_union(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hll h;
	uint8_t out[HLL_BLOB_MAX];
	size_t n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	hll_init(&h);
	if (hll_merge_blob(&h, sqlite3_value_blob(argv[0]),
			   (size_t)sqlite3_value_bytes(argv[0])) ||
	    hll_merge_blob(&h, sqlite3_value_blob(argv[1]),
			   (size_t)sqlite3_value_bytes(argv[1]))) {
		sqlite3_result_error(ctx, "hll_union: malformed sketch", -1);
		return;
	}
	n = hll_store(&h, out);
	sqlite3_result_blob(ctx, out, (int)n, SQLITE_TRANSIENT);
}

struct distinct_ctx {
	struct hll h; /* all zero: the empty sparse sketch */
	bool unknown;
	bool bad;
};

static void distinct_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct distinct_ctx *d = sqlite3_aggregate_context(ctx, sizeof(*d));

	(void)argc;
	if (!d)
		return;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		d->unknown = true;
		return;
	}
	if (d->unknown || d->bad)
		return;
	if (hll_merge_blob(&d->h, sqlite3_value_blob(argv[0]),
			   (size_t)sqlite3_value_bytes(argv[0])))
		d->bad = true;
}

static void distinct_final(sqlite3_context *ctx)
{
	struct distinct_ctx *d = sqlite3_aggregate_context(ctx, 0);

	if (!d) /* no rows */
		sqlite3_result_int64(ctx, 0);
	else if (d->bad)
		sqlite3_result_error(ctx, "hll_distinct: malformed sketch", -1);
	else if (d->unknown)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx, (sqlite3_int64)hll_count(&d->h));
}

int sqs_hll_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function(db, "hll_union", 2, flags, NULL,
				     fn_hll_union, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "hll_distinct", 1, flags, NULL,
					     NULL, distinct_step,
					     distinct_final);
	return rc == SQLITE_OK ? 0 : sqs_err(rc);
}

/*
 * Statement @id (S_DAILY_HLL_MERGE or S_DAILY_BUCKET_HLL_MERGE) with
 * sketch @h: the machines of one rollup row in an ingest call, merged
 * in memory (store_sqlite_ingest.c), then into the row's sketch.
 */
int sqs_hll_merge(struct sqlite_store *s, enum stmt_id id, int64_t day,
		  int64_t bucket_id, int64_t dim_id, const struct hll *h)
{
	sqlite3_stmt *st = s->stmt[id];
	uint8_t blob[HLL_BLOB_MAX];
	size_t n = hll_store(h, blob);
	int i = 1;

	sqlite3_bind_int64(st, i++, day);
	sqlite3_bind_int64(st, i++, bucket_id);
	if (id == S_DAILY_HLL_MERGE)
		sqlite3_bind_int64(st, i++, dim_id);
	sqlite3_bind_blob(st, i, blob, (int)n, SQLITE_STATIC);
	return sqs_run(s, id);
}
