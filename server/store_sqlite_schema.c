// SPDX-License-Identifier: GPL-2.0
/*
 * SQLite schema as a list of versioned migrations.  The database's
 * "PRAGMA user_version" (sqlite.org/pragma.html#pragma_user_version) is the
 * number of migrations applied; at open every newer one runs in its own
 * transaction together with the version bump, so a crash leaves the
 * database at a whole version.  A database newer than this binary is
 * refused rather than guessed at.  A change to the schema is a new entry
 * at the end, never an edit of an old one.
 */
#include <errno.h>
#include <stdio.h>

#include "store_sqlite.h"
#include "log.h"

/*
 * monthly_bucket.days (migration 12, store.h): 31 slots of 12 digits;
 * BLOCK_SET is @days with slot @k set to @v ('x's when @v does not fit).
 */
/* SQL text built from macros: kept as written */
/* clang-format off */
#define BLOCK_ZERO "hex(zeroblob(186))"
#define BLOCK_SET(days, k, v)                                            \
	"substr(" days ", 1, 12 * (" k ")) || CASE WHEN " v               \
	" BETWEEN 0 AND 999999999999 THEN printf('%012d', " v ")"          \
	" ELSE 'xxxxxxxxxxxx' END || substr(" days ", 12 * (" k ") + 13)"
#define DIMS_FILL(k)                                                      \
	"UPDATE monthly_dims SET days = " BLOCK_SET("days", k, "d.hits")    \
	" FROM daily_dims d WHERE d.day = monthly_dims.month + " k          \
	" AND d.month = monthly_dims.month"                                \
	" AND d.dim_id = monthly_dims.dim_id;"
#define BLOCK_FILL(k)                                                     \
	"UPDATE monthly_bucket SET days = " BLOCK_SET("days", k, "d.hits")  \
	" FROM daily_bucket d WHERE d.day = monthly_bucket.month + " k      \
	" AND d.month = monthly_bucket.month"                              \
	" AND d.bucket_id = monthly_bucket.bucket_id;"
/* clang-format on */

static const char *const migrations[] = {
	/* 1: the first schema (IF NOT EXISTS: databases made before versions) */
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
	" PRIMARY KEY(token_id, day)) WITHOUT ROWID;",
	/* 2: retention deletes idempotency records by receipt day */
	"CREATE INDEX IF NOT EXISTS reports_received ON reports(received);",
	/*
	 * 3: hits per (day, dims) without the bucket, for queries that group
	 * and filter only on per-report dimensions; filled from daily.
	 */
	"CREATE TABLE IF NOT EXISTS daily_dims("
	" day INTEGER NOT NULL, dim_id INTEGER NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(day, dim_id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO daily_dims"
	" SELECT day, dim_id, week, month, sum(hits) FROM daily"
	" GROUP BY day, dim_id;",
	/*
	 * 4: progressive collection (store_sqlite_collect.c).  Servers
	 * before versioned migrations made these tables at every open, so
	 * IF NOT EXISTS: such a database takes this step without harm.
	 * collect_wanted has a row only for a bucket whose numbers someone
	 * set; collect_samples one row per report and kind (its key).
	 */
	"CREATE TABLE IF NOT EXISTS collect_wanted("
	" bucket_id INTEGER NOT NULL, kind INTEGER NOT NULL,"
	" wanted INTEGER NOT NULL, set_at INTEGER NOT NULL,"
	" PRIMARY KEY(bucket_id, kind)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS collect_samples("
	" report_id TEXT NOT NULL, kind INTEGER NOT NULL,"
	" bucket_id INTEGER NOT NULL, token_id INTEGER NOT NULL,"
	" received INTEGER NOT NULL, data TEXT NOT NULL,"
	" PRIMARY KEY(report_id, kind)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS collect_samples_bucket"
	" ON collect_samples(bucket_id, kind);",
	/*
	 * count and weight: a report adds count x weight hits (capped), and
	 * POST /api/v1/reports/{id}/count raises its count later.  The
	 * report row keeps what that needs: its crash day (-1: stored before
	 * this step, so it cannot be updated), dims row, count, weight, the
	 * hits it added so far and its module.  buckets.reports counts
	 * reports (the first five samples), no longer equal to hits.
	 */
	"ALTER TABLE reports ADD COLUMN day INTEGER NOT NULL DEFAULT -1;"
	"ALTER TABLE reports ADD COLUMN dim_id INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE reports ADD COLUMN count INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE reports ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE reports ADD COLUMN weighted INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE reports ADD COLUMN mod_name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE reports ADD COLUMN mod_version TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE reports ADD COLUMN mod_srcversion TEXT NOT NULL"
	" DEFAULT '';"
	"ALTER TABLE buckets ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;"
	"UPDATE buckets SET reports = hits;",
	/*
	 * 6: hits per (dimension, crash day, bucket, value): one row per
	 * per-report dimension (kind 1 fileName, 2 applicationVersion,
	 * 3 osVersion, 4 osBuild, 5 osRelease, 6 eventType, 7 market,
	 * 8 deviceType; store_bdim_kind() in store.c), so that failurehits mixing
	 * bucket fields with one dimension reads it instead of daily joined
	 * with dims.  Triggers on daily keep it in step with every insert
	 * and hits change there (ingest, count updates); retention deletes
	 * its days with daily's.  An upsert that updates fires the UPDATE
	 * trigger only (sqlite.org/lang_upsert.html).
	 */
	"CREATE TABLE daily_bdim("
	" kind INTEGER NOT NULL, day INTEGER NOT NULL,"
	" bucket_id INTEGER NOT NULL, value TEXT NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(kind, day, bucket_id, value)) WITHOUT ROWID;"
	"INSERT INTO daily_bdim SELECT 1, d.day, d.bucket_id, m.file_name,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.file_name;"
	"INSERT INTO daily_bdim SELECT 2, d.day, d.bucket_id, m.app_version,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.app_version;"
	"INSERT INTO daily_bdim SELECT 3, d.day, d.bucket_id, m.os_version,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.os_version;"
	"INSERT INTO daily_bdim SELECT 4, d.day, d.bucket_id, m.os_build,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.os_build;"
	"INSERT INTO daily_bdim SELECT 5, d.day, d.bucket_id, m.os_release,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.os_release;"
	"INSERT INTO daily_bdim SELECT 6, d.day, d.bucket_id, m.event_type,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.event_type;"
	"INSERT INTO daily_bdim SELECT 7, d.day, d.bucket_id, m.market,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.market;"
	"INSERT INTO daily_bdim SELECT 8, d.day, d.bucket_id, m.device_type,"
	" min(d.week), min(d.month), sum(d.hits) FROM daily d"
	" JOIN dims m ON m.id = d.dim_id GROUP BY d.day, d.bucket_id, m.device_type;"
	"CREATE TRIGGER daily_bdim_insert AFTER INSERT ON daily BEGIN"
	" INSERT INTO daily_bdim"
	"  SELECT 1, NEW.day, NEW.bucket_id, m.file_name, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 2, NEW.day, NEW.bucket_id, m.app_version, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 3, NEW.day, NEW.bucket_id, m.os_version, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 4, NEW.day, NEW.bucket_id, m.os_build, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 5, NEW.day, NEW.bucket_id, m.os_release, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 6, NEW.day, NEW.bucket_id, m.event_type, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 7, NEW.day, NEW.bucket_id, m.market, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 8, NEW.day, NEW.bucket_id, m.device_type, NEW.week,"
	"   NEW.month, NEW.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" END;"
	"CREATE TRIGGER daily_bdim_update AFTER UPDATE OF hits ON daily"
	" WHEN NEW.hits <> OLD.hits BEGIN"
	" INSERT INTO daily_bdim"
	"  SELECT 1, NEW.day, NEW.bucket_id, m.file_name, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 2, NEW.day, NEW.bucket_id, m.app_version, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 3, NEW.day, NEW.bucket_id, m.os_version, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 4, NEW.day, NEW.bucket_id, m.os_build, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 5, NEW.day, NEW.bucket_id, m.os_release, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 6, NEW.day, NEW.bucket_id, m.event_type, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 7, NEW.day, NEW.bucket_id, m.market, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  UNION ALL"
	"  SELECT 8, NEW.day, NEW.bucket_id, m.device_type, NEW.week,"
	"   NEW.month, NEW.hits - OLD.hits FROM dims m WHERE m.id = NEW.dim_id"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" END;",
	/*
	 * the fleet census (store_sqlite_census.c): one row per machine and
	 * day that sent one, and the machine-days per day, dimension (enum
	 * census_dim) and key, with the version for modules.  IF NOT EXISTS,
	 * like the others: a database whose version was reset runs it again.
	 */
	"CREATE TABLE IF NOT EXISTS census_machines("
	" day INTEGER NOT NULL, machine_id TEXT NOT NULL,"
	" PRIMARY KEY(day, machine_id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS census_counts("
	" day INTEGER NOT NULL, dim INTEGER NOT NULL, key TEXT NOT NULL,"
	" version TEXT NOT NULL, machines INTEGER NOT NULL,"
	" PRIMARY KEY(day, dim, key, version)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS census_counts_dim ON census_counts(dim, day);",
	/*
	 * responses withdrawn by their vendor (store_sqlite_responses.c):
	 * the row as it was, when and by which token
	 */
	"CREATE TABLE IF NOT EXISTS responses_withdrawn("
	" id INTEGER PRIMARY KEY, bucket_hash TEXT NOT NULL,"
	" message TEXT NOT NULL, link TEXT NOT NULL,"
	" mod_min TEXT NOT NULL, mod_max TEXT NOT NULL,"
	" kern_min TEXT NOT NULL, kern_max TEXT NOT NULL,"
	" token_id INTEGER NOT NULL, created INTEGER NOT NULL,"
	" withdrawn INTEGER NOT NULL, withdrawn_by INTEGER NOT NULL);",
	/*
	 * 9: distinct machines, a HyperLogLog sketch (hll.h) per row of
	 * daily and daily_bucket, in tables of the same keys
	 * (store_sqlite_hll.c; the rollups' own INSERTs name no columns, so
	 * a column there would break them).  Rows counted before this step
	 * get a NULL sketch, which stays NULL: their machines are unknown,
	 * and failurehits answers null for any row built from one, never
	 * a count that misses the older machines.  IF NOT EXISTS and OR
	 * IGNORE, like 7 and 8: a database whose version was reset runs it
	 * again and keeps its sketches.
	 */
	"CREATE TABLE IF NOT EXISTS daily_hll("
	" day INTEGER NOT NULL, bucket_id INTEGER NOT NULL,"
	" dim_id INTEGER NOT NULL, hll BLOB,"
	" PRIMARY KEY(day, bucket_id, dim_id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO daily_hll SELECT day, bucket_id, dim_id, NULL FROM daily;"
	"CREATE TABLE IF NOT EXISTS daily_bucket_hll("
	" day INTEGER NOT NULL, bucket_id INTEGER NOT NULL, hll BLOB,"
	" PRIMARY KEY(day, bucket_id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO daily_bucket_hll SELECT day, bucket_id, NULL"
	" FROM daily_bucket;",
	/*
	 * 10: failurehits work bounded by the answer (issue 15).
	 * daily_bucket_top orders a day's buckets by hits, so the by-day
	 * top N reads N index entries; daily_dims_dim reads the dims rows a
	 * filter keeps; daily_bucket_days counts
	 * daily_bucket's rows per day (the by-day total, and the cost
	 * estimate of store_period_plan()).  weekly_bucket, monthly_bucket
	 * and monthly_bdim hold the hits per period (store.h), so a week or
	 * month of the window is one row per group instead of up to 31.
	 * Triggers on daily_bucket and daily_bdim keep all of them in step
	 * with ingest, count updates and retention (an upsert that updates
	 * fires the UPDATE trigger only).  IF NOT EXISTS and OR IGNORE, like
	 * 7 to 9: a database whose version was reset runs it again.
	 */
	"CREATE INDEX IF NOT EXISTS daily_bucket_top ON daily_bucket(day, hits DESC,"
	" bucket_id);"
	"CREATE INDEX IF NOT EXISTS daily_dims_dim ON daily_dims(dim_id, day);"
	"CREATE TABLE IF NOT EXISTS daily_bucket_days("
	" day INTEGER PRIMARY KEY, buckets INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO daily_bucket_days SELECT day, count(*) FROM daily_bucket"
	" GROUP BY day;"
	"CREATE TABLE IF NOT EXISTS weekly_bucket("
	" week INTEGER NOT NULL, bucket_id INTEGER NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(week, bucket_id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO weekly_bucket SELECT week, bucket_id, sum(hits)"
	" FROM daily_bucket GROUP BY week, bucket_id;"
	"CREATE TABLE IF NOT EXISTS monthly_bucket("
	" month INTEGER NOT NULL, bucket_id INTEGER NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(month, bucket_id)) WITHOUT ROWID;"
	/* the column list: migration 12 adds a column (this may run again) */
	"INSERT OR IGNORE INTO monthly_bucket(month, bucket_id, hits)"
	" SELECT month, bucket_id, sum(hits)"
	" FROM daily_bucket GROUP BY month, bucket_id;"
	"CREATE TABLE IF NOT EXISTS monthly_bdim("
	" kind INTEGER NOT NULL, month INTEGER NOT NULL,"
	" bucket_id INTEGER NOT NULL, value TEXT NOT NULL,"
	" hits INTEGER NOT NULL,"
	" PRIMARY KEY(kind, month, bucket_id, value)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO monthly_bdim SELECT kind, month, bucket_id, value,"
	" sum(hits) FROM daily_bdim GROUP BY kind, month, bucket_id, value;"
	"CREATE TRIGGER IF NOT EXISTS daily_bucket_period_insert AFTER INSERT ON daily_bucket"
	" BEGIN"
	" INSERT INTO daily_bucket_days VALUES(NEW.day, 1)"
	"  ON CONFLICT DO UPDATE SET buckets = buckets + 1;"
	" INSERT INTO weekly_bucket VALUES(NEW.week, NEW.bucket_id, NEW.hits)"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" INSERT INTO monthly_bucket VALUES(NEW.month, NEW.bucket_id, NEW.hits)"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bucket_period_update AFTER UPDATE OF hits"
	" ON daily_bucket WHEN NEW.hits <> OLD.hits BEGIN"
	" UPDATE weekly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"  WHERE week = NEW.week AND bucket_id = NEW.bucket_id;"
	" UPDATE monthly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"  WHERE month = NEW.month AND bucket_id = NEW.bucket_id;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bucket_period_delete AFTER DELETE ON daily_bucket"
	" BEGIN"
	" UPDATE daily_bucket_days SET buckets = buckets - 1"
	"  WHERE day = OLD.day;"
	" UPDATE weekly_bucket SET hits = hits - OLD.hits"
	"  WHERE week = OLD.week AND bucket_id = OLD.bucket_id;"
	" UPDATE monthly_bucket SET hits = hits - OLD.hits"
	"  WHERE month = OLD.month AND bucket_id = OLD.bucket_id;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bdim_period_insert AFTER INSERT ON daily_bdim"
	" BEGIN"
	" INSERT INTO monthly_bdim VALUES(NEW.kind, NEW.month, NEW.bucket_id,"
	"  NEW.value, NEW.hits)"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bdim_period_update AFTER UPDATE OF hits"
	" ON daily_bdim WHEN NEW.hits <> OLD.hits BEGIN"
	" UPDATE monthly_bdim SET hits = hits + NEW.hits - OLD.hits"
	"  WHERE kind = NEW.kind AND month = NEW.month"
	"  AND bucket_id = NEW.bucket_id AND value = NEW.value;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bdim_period_delete AFTER DELETE ON daily_bdim"
	" BEGIN"
	" UPDATE monthly_bdim SET hits = hits - OLD.hits"
	"  WHERE kind = OLD.kind AND month = OLD.month"
	"  AND bucket_id = OLD.bucket_id AND value = OLD.value;"
	" END;",
	/*
	 * 11: deferred rollups (issue 15).  Ingest commits the report and
	 * one row here; the roller (store_sqlite_roll.c) adds the queued
	 * rows to the rollups in large batches and deletes them in the same
	 * transaction.  Each row carries what the rollups need, so the
	 * roller never reads the reports.
	 */
	"CREATE TABLE IF NOT EXISTS roll_queue("
	" seq INTEGER PRIMARY KEY, day INTEGER NOT NULL,"
	" bucket_id INTEGER NOT NULL, dim_id INTEGER NOT NULL,"
	" hits INTEGER NOT NULL, machine INTEGER NOT NULL,"
	" kernel TEXT NOT NULL, has_module INTEGER NOT NULL,"
	" mod_name TEXT NOT NULL, mod_file TEXT NOT NULL,"
	" mod_version TEXT NOT NULL, mod_srcversion TEXT NOT NULL);",
	/*
	 * 12: monthly_bucket.days (store.h): beside a (month, bucket) row's
	 * hits, the month's daily hits as 31 numbers of 12 digits, so
	 * failurehits by failureHash reads at most two rows per bucket for
	 * a 30-day window at any aggregation level (store_blocks.c).  A
	 * column of the row migration 10's triggers already write, not a
	 * table: ingest dirties no other page.  The column itself is added
	 * by sqs_migrate() (SQLite has no ADD COLUMN IF NOT EXISTS, and a
	 * database whose version was reset runs this again); filled from
	 * daily_bucket one slot at a time (an UPDATE ... FROM applies one
	 * source row per target row); the triggers are replaced by ones
	 * that keep the slot too.
	 */
	/* clang-format off */
	"UPDATE monthly_bucket SET days = " BLOCK_ZERO ";"
	BLOCK_FILL("0") BLOCK_FILL("1") BLOCK_FILL("2") BLOCK_FILL("3")
	BLOCK_FILL("4") BLOCK_FILL("5") BLOCK_FILL("6") BLOCK_FILL("7")
	BLOCK_FILL("8") BLOCK_FILL("9") BLOCK_FILL("10") BLOCK_FILL("11")
	BLOCK_FILL("12") BLOCK_FILL("13") BLOCK_FILL("14") BLOCK_FILL("15")
	BLOCK_FILL("16") BLOCK_FILL("17") BLOCK_FILL("18") BLOCK_FILL("19")
	BLOCK_FILL("20") BLOCK_FILL("21") BLOCK_FILL("22") BLOCK_FILL("23")
	BLOCK_FILL("24") BLOCK_FILL("25") BLOCK_FILL("26") BLOCK_FILL("27")
	BLOCK_FILL("28") BLOCK_FILL("29") BLOCK_FILL("30")
	"DROP TRIGGER IF EXISTS daily_bucket_period_insert;"
	"DROP TRIGGER IF EXISTS daily_bucket_period_update;"
	"DROP TRIGGER IF EXISTS daily_bucket_period_delete;"
	"CREATE TRIGGER daily_bucket_period_insert AFTER INSERT ON daily_bucket"
	" BEGIN"
	" INSERT INTO daily_bucket_days VALUES(NEW.day, 1)"
	"  ON CONFLICT DO UPDATE SET buckets = buckets + 1;"
	" INSERT INTO weekly_bucket VALUES(NEW.week, NEW.bucket_id, NEW.hits)"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits;"
	" INSERT INTO monthly_bucket VALUES(NEW.month, NEW.bucket_id, NEW.hits, "
	BLOCK_SET(BLOCK_ZERO, "NEW.day - NEW.month", "NEW.hits") ")"
	"  ON CONFLICT DO UPDATE SET hits = hits + excluded.hits, days = "
	BLOCK_SET("days", "NEW.day - NEW.month", "NEW.hits") ";"
	" END;"
	"CREATE TRIGGER daily_bucket_period_update AFTER UPDATE OF hits"
	" ON daily_bucket WHEN NEW.hits <> OLD.hits BEGIN"
	" UPDATE weekly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"  WHERE week = NEW.week AND bucket_id = NEW.bucket_id;"
	" UPDATE monthly_bucket SET hits = hits + NEW.hits - OLD.hits, days = "
	BLOCK_SET("days", "NEW.day - NEW.month", "NEW.hits")
	"  WHERE month = NEW.month AND bucket_id = NEW.bucket_id;"
	" END;"
	"CREATE TRIGGER daily_bucket_period_delete AFTER DELETE ON daily_bucket"
	" BEGIN"
	" UPDATE daily_bucket_days SET buckets = buckets - 1"
	"  WHERE day = OLD.day;"
	" UPDATE weekly_bucket SET hits = hits - OLD.hits"
	"  WHERE week = OLD.week AND bucket_id = OLD.bucket_id;"
	" UPDATE monthly_bucket SET hits = hits - OLD.hits, days = "
	BLOCK_SET("days", "OLD.day - OLD.month", "0")
	"  WHERE month = OLD.month AND bucket_id = OLD.bucket_id;"
	" END;",
	/* clang-format on */
	/*
	 * 13: daily_bdim_days, the daily_bdim rows per dimension and day
	 * (store.h, store_daytop.c): the total of failurehits grouped by
	 * failureHash and one dimension by day, and the days a page skips.
	 * Kept by triggers on daily_bdim's inserts and deletes only (an
	 * upsert that updates fires the UPDATE trigger only), so ingest
	 * writes it once per new (dimension, day, bucket, value).  IF NOT
	 * EXISTS and OR IGNORE: a database whose version was reset runs it
	 * again.
	 */
	"CREATE TABLE IF NOT EXISTS daily_bdim_days("
	" kind INTEGER NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL,"
	" PRIMARY KEY(kind, day)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO daily_bdim_days SELECT kind, day, count(*)"
	" FROM daily_bdim GROUP BY kind, day;"
	"CREATE TRIGGER IF NOT EXISTS daily_bdim_days_insert AFTER INSERT"
	" ON daily_bdim BEGIN"
	" INSERT INTO daily_bdim_days VALUES(NEW.kind, NEW.day, 1)"
	"  ON CONFLICT DO UPDATE SET n = n + 1;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS daily_bdim_days_delete AFTER DELETE"
	" ON daily_bdim BEGIN"
	" UPDATE daily_bdim_days SET n = n - 1"
	"  WHERE kind = OLD.kind AND day = OLD.day;"
	" END;"
	/*
	 * and monthly_dims (store.h, store_dimsagg.c): daily_dims' hits of
	 * a month and dims tuple in one row, 31 slots as monthly_bucket.days,
	 * kept by triggers on daily_dims (the row ingest already writes
	 * there, plus this one).  Filled from daily_dims one slot at a time.
	 */
	/* clang-format off */
	"CREATE TABLE IF NOT EXISTS monthly_dims("
	" month INTEGER NOT NULL, dim_id INTEGER NOT NULL,"
	" days TEXT NOT NULL, PRIMARY KEY(month, dim_id)) WITHOUT ROWID;"
	"DELETE FROM monthly_dims;"
	"INSERT INTO monthly_dims SELECT DISTINCT month, dim_id, " BLOCK_ZERO
	" FROM daily_dims;"
	DIMS_FILL("0") DIMS_FILL("1") DIMS_FILL("2") DIMS_FILL("3")
	DIMS_FILL("4") DIMS_FILL("5") DIMS_FILL("6") DIMS_FILL("7")
	DIMS_FILL("8") DIMS_FILL("9") DIMS_FILL("10") DIMS_FILL("11")
	DIMS_FILL("12") DIMS_FILL("13") DIMS_FILL("14") DIMS_FILL("15")
	DIMS_FILL("16") DIMS_FILL("17") DIMS_FILL("18") DIMS_FILL("19")
	DIMS_FILL("20") DIMS_FILL("21") DIMS_FILL("22") DIMS_FILL("23")
	DIMS_FILL("24") DIMS_FILL("25") DIMS_FILL("26") DIMS_FILL("27")
	DIMS_FILL("28") DIMS_FILL("29") DIMS_FILL("30")
	"CREATE TRIGGER IF NOT EXISTS monthly_dims_insert AFTER INSERT"
	" ON daily_dims BEGIN"
	" INSERT INTO monthly_dims VALUES(NEW.month, NEW.dim_id, "
	BLOCK_SET(BLOCK_ZERO, "NEW.day - NEW.month", "NEW.hits") ")"
	"  ON CONFLICT DO UPDATE SET days = "
	BLOCK_SET("days", "NEW.day - NEW.month", "NEW.hits") ";"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS monthly_dims_update AFTER UPDATE OF hits"
	" ON daily_dims WHEN NEW.hits <> OLD.hits BEGIN"
	" UPDATE monthly_dims SET days = "
	BLOCK_SET("days", "NEW.day - NEW.month", "NEW.hits")
	"  WHERE month = NEW.month AND dim_id = NEW.dim_id;"
	" END;"
	"CREATE TRIGGER IF NOT EXISTS monthly_dims_delete AFTER DELETE"
	" ON daily_dims BEGIN"
	" UPDATE monthly_dims SET days = "
	BLOCK_SET("days", "OLD.day - OLD.month", "0")
	"  WHERE month = OLD.month AND dim_id = OLD.dim_id;"
	" END;",
	/* clang-format on */
};

#define N_MIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

static int user_version(sqlite3 *db, int *ret)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqs_err(rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -EIO;
}

/*
 * Migration 12's column, unless a run of it before a version reset
 * added it already (SQLite has no ADD COLUMN IF NOT EXISTS).
 */
static int add_days_column(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool have;
	int rc;

	rc = sqlite3_prepare_v2(
		db,
		"SELECT 1 FROM pragma_table_info('monthly_bucket')"
		" WHERE name = 'days'",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	have = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (have)
		return SQLITE_OK;
	return sqlite3_exec(db,
			    "ALTER TABLE monthly_bucket ADD COLUMN days TEXT"
			    " NOT NULL DEFAULT '"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "0000000000000000000000000000000000000000000000000"
			    "00000000000000000000000000000'",
			    NULL, NULL, NULL);
}

int sqs_migrate(sqlite3 *db)
{
	int v = 0, e;

	e = user_version(db, &v);
	if (e)
		return e;
	if (v > N_MIGRATIONS) {
		bc_log(LOG_ERR,
		       "database schema version %d is newer than this"
		       " bugcheck-server's (%d)\n",
		       v, N_MIGRATIONS);
		return -EPROTO;
	}
	for (; v < N_MIGRATIONS; v++) {
		char bump[48];
		int rc;

		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK && v + 1 == 12)
			rc = add_days_column(db);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			bc_log(LOG_ERR,
			       "database migration to version %d: %s\n", v + 1,
			       sqlite3_errmsg(db));
			(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return sqs_err(rc);
		}
	}
	return 0;
}
