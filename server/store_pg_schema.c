// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL schema as versioned migrations, the same tables as the
 * SQLite backend (store_sqlite_schema.c).  Table bugcheck_schema holds the
 * number of migrations applied.  Each pending one runs in a transaction
 * that first takes a transaction-level advisory lock, so servers started
 * together on one database migrate it once, one after the other.  A
 * database newer than this binary is refused.  A change to the schema is a
 * new entry at the end, never an edit of an old one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store_pg.h"
#include "log.h"

/* Key of pg_advisory_xact_lock() for migrations: "bugchk" in ASCII. */
#define MIGRATE_LOCK "108386097817451"
/* the rollers' lock (migration 15; store_pg.h) */
#define ROLL_LOCK PG_ROLL_LOCK

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE tokens("
	" id BIGSERIAL PRIMARY KEY, hash TEXT COLLATE \"C\" NOT NULL UNIQUE,"
	" role INTEGER NOT NULL, modules TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" label TEXT COLLATE \"C\" NOT NULL DEFAULT '', created BIGINT NOT NULL,"
	" revoked BIGINT NOT NULL DEFAULT 0);"
	"CREATE TABLE buckets("
	" id BIGSERIAL PRIMARY KEY, hash TEXT COLLATE \"C\" NOT NULL UNIQUE,"
	" failure_name TEXT COLLATE \"C\" NOT NULL,"
	" symbol TEXT COLLATE \"C\" NOT NULL,"
	" image TEXT COLLATE \"C\" NOT NULL,"
	" event_type TEXT COLLATE \"C\" NOT NULL,"
	" class TEXT COLLATE \"C\" NOT NULL, code INTEGER NOT NULL,"
	" title TEXT COLLATE \"C\" NOT NULL,"
	" claim_plugin TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
	" hits BIGINT NOT NULL, machines BIGINT NOT NULL DEFAULT 0,"
	" stack TEXT NOT NULL);"
	"CREATE INDEX buckets_image ON buckets(image);"
	"CREATE INDEX buckets_hits ON buckets(hits);"
	"CREATE TABLE bucket_machines("
	" bucket_id BIGINT NOT NULL, machine_id TEXT COLLATE \"C\" NOT NULL,"
	" PRIMARY KEY(bucket_id, machine_id));"
	/* the idempotency record: its primary key is what decides */
	"CREATE TABLE reports("
	" report_id TEXT COLLATE \"C\" PRIMARY KEY, bucket_id BIGINT NOT NULL,"
	" token_id BIGINT NOT NULL, hits BIGINT NOT NULL,"
	" kernel_release TEXT COLLATE \"C\" NOT NULL,"
	" module_version TEXT COLLATE \"C\" NOT NULL,"
	" received BIGINT NOT NULL);"
	"CREATE INDEX reports_received ON reports(received);"
	"CREATE TABLE dims("
	" id BIGSERIAL PRIMARY KEY, file_name TEXT COLLATE \"C\" NOT NULL,"
	" app_version TEXT COLLATE \"C\" NOT NULL,"
	" os_version TEXT COLLATE \"C\" NOT NULL,"
	" os_build TEXT COLLATE \"C\" NOT NULL,"
	" os_release TEXT COLLATE \"C\" NOT NULL,"
	" event_type TEXT COLLATE \"C\" NOT NULL,"
	" market TEXT COLLATE \"C\" NOT NULL,"
	" device_type TEXT COLLATE \"C\" NOT NULL,"
	" UNIQUE(file_name, app_version, os_version, os_build, os_release,"
	"  event_type, market, device_type));"
	"CREATE TABLE daily("
	" day INTEGER NOT NULL, bucket_id BIGINT NOT NULL,"
	" dim_id BIGINT NOT NULL, week INTEGER NOT NULL,"
	" month INTEGER NOT NULL, hits BIGINT NOT NULL,"
	" PRIMARY KEY(day, bucket_id, dim_id));"
	"CREATE TABLE daily_bucket("
	" day INTEGER NOT NULL, bucket_id BIGINT NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(day, bucket_id));"
	/* hits per (day, dims) for queries that need no bucket field */
	"CREATE TABLE daily_dims("
	" day INTEGER NOT NULL, dim_id BIGINT NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(day, dim_id));"
	"CREATE TABLE bucket_kernels("
	" bucket_id BIGINT NOT NULL, kernel_release TEXT COLLATE \"C\" NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(bucket_id, kernel_release));"
	"CREATE TABLE bucket_modules("
	" bucket_id BIGINT NOT NULL, name TEXT COLLATE \"C\" NOT NULL,"
	" file TEXT COLLATE \"C\" NOT NULL,"
	" version TEXT COLLATE \"C\" NOT NULL,"
	" srcversion TEXT COLLATE \"C\" NOT NULL, hits BIGINT NOT NULL,"
	" PRIMARY KEY(bucket_id, name, version, srcversion));"
	"CREATE TABLE samples("
	" bucket_id BIGINT NOT NULL, slot INTEGER NOT NULL,"
	" report_id TEXT COLLATE \"C\" NOT NULL, crash_time BIGINT NOT NULL,"
	" received BIGINT NOT NULL, record TEXT NOT NULL,"
	" PRIMARY KEY(bucket_id, slot));"
	"CREATE TABLE responses("
	" id BIGSERIAL PRIMARY KEY, bucket_hash TEXT COLLATE \"C\" NOT NULL,"
	" message TEXT NOT NULL, link TEXT NOT NULL,"
	" mod_min TEXT NOT NULL, mod_max TEXT NOT NULL,"
	" kern_min TEXT NOT NULL, kern_max TEXT NOT NULL,"
	" token_id BIGINT NOT NULL, created BIGINT NOT NULL);"
	"CREATE INDEX responses_hash ON responses(bucket_hash);"
	"CREATE TABLE quota("
	" token_id BIGINT NOT NULL, day INTEGER NOT NULL,"
	" reports BIGINT NOT NULL, PRIMARY KEY(token_id, day));",
	/*
	 * 2: ingest of one report in one round trip (see store_pg_ingest.c).
	 * Inside a volatile function each statement takes a new snapshot,
	 * so the dims loop sees a row a concurrent transaction committed.
	 * state: 0 new, 1 a duplicate of the caller's, 2 another token's.
	 */
	"CREATE OR REPLACE FUNCTION bugcheck_ingest("
	" p_rid TEXT, p_tok BIGINT, p_recv BIGINT, p_keep BOOLEAN,"
	" p_hash TEXT, p_name TEXT, p_symbol TEXT, p_image TEXT,"
	" p_event TEXT, p_class TEXT, p_code INTEGER, p_title TEXT,"
	" p_claim TEXT, p_crash BIGINT, p_stack TEXT, p_machine TEXT,"
	" p_kernel TEXT, p_modver TEXT, p_file TEXT, p_appver TEXT,"
	" p_osver TEXT, p_osrel TEXT, p_market TEXT, p_device TEXT,"
	" p_has_mod BOOLEAN, p_mname TEXT, p_mfile TEXT, p_mversion TEXT,"
	" p_msrc TEXT, p_record TEXT, p_day INTEGER, p_week INTEGER,"
	" p_month INTEGER)"
	" RETURNS TABLE(state INTEGER, bid BIGINT, bhits BIGINT, bkey TEXT,"
	"  rkernel TEXT, rmodver TEXT, has_resp BOOLEAN)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE did BIGINT; tries INTEGER := 0;"
	" BEGIN"
	"  INSERT INTO reports(report_id, bucket_id, token_id, hits,"
	"   kernel_release, module_version, received)"
	"   VALUES(p_rid, 0, p_tok, 0, p_kernel, p_modver, p_recv)"
	"   ON CONFLICT (report_id) DO NOTHING;"
	"  IF NOT FOUND THEN"
	"   SELECT CASE WHEN r.token_id = p_tok THEN 1 ELSE 2 END,"
	"    r.bucket_id, r.hits, b.hash, r.kernel_release, r.module_version"
	"    INTO state, bid, bhits, bkey, rkernel, rmodver"
	"    FROM reports r JOIN buckets b ON b.id = r.bucket_id"
	"    WHERE r.report_id = p_rid;"
	"   has_resp := state = 1 AND EXISTS(SELECT 1 FROM responses"
	"    WHERE bucket_hash = bkey);"
	"   RETURN NEXT; RETURN;"
	"  END IF;"
	"  INSERT INTO buckets(hash, failure_name, symbol, image, event_type,"
	"   class, code, title, claim_plugin, first_seen, last_seen, hits,"
	"   stack) VALUES(p_hash, p_name, p_symbol, p_image, p_event, p_class,"
	"   p_code, p_title, p_claim, p_crash, p_crash, 1, p_stack)"
	"   ON CONFLICT (hash) DO UPDATE SET hits = buckets.hits + 1,"
	"   first_seen = least(buckets.first_seen, excluded.first_seen),"
	"   last_seen = greatest(buckets.last_seen, excluded.last_seen)"
	"   RETURNING id, hits INTO bid, bhits;"
	"  INSERT INTO bucket_machines VALUES(bid, p_machine)"
	"   ON CONFLICT DO NOTHING;"
	"  IF FOUND THEN"
	"   UPDATE buckets SET machines = machines + 1 WHERE id = bid;"
	"  END IF;"
	"  LOOP"
	"   SELECT id INTO did FROM dims WHERE file_name = p_file"
	"    AND app_version = p_appver AND os_version = p_osver"
	"    AND os_build = p_kernel AND os_release = p_osrel"
	"    AND event_type = p_event AND market = p_market"
	"    AND device_type = p_device;"
	"   EXIT WHEN FOUND;"
	"   INSERT INTO dims(file_name, app_version, os_version, os_build,"
	"    os_release, event_type, market, device_type)"
	"    VALUES(p_file, p_appver, p_osver, p_kernel, p_osrel, p_event,"
	"    p_market, p_device) ON CONFLICT DO NOTHING RETURNING id INTO did;"
	"   EXIT WHEN FOUND;"
	"   tries := tries + 1;"
	"   IF tries > 3 THEN RAISE EXCEPTION 'dims row not found'; END IF;"
	"  END LOOP;"
	"  INSERT INTO daily VALUES(p_day, bid, did, p_week, p_month, 1)"
	"   ON CONFLICT (day, bucket_id, dim_id)"
	"   DO UPDATE SET hits = daily.hits + 1;"
	"  INSERT INTO daily_bucket VALUES(p_day, bid, p_week, p_month, 1)"
	"   ON CONFLICT (day, bucket_id)"
	"   DO UPDATE SET hits = daily_bucket.hits + 1;"
	"  INSERT INTO daily_dims VALUES(p_day, did, p_week, p_month, 1)"
	"   ON CONFLICT (day, dim_id)"
	"   DO UPDATE SET hits = daily_dims.hits + 1;"
	"  INSERT INTO bucket_kernels VALUES(bid, p_kernel, 1)"
	"   ON CONFLICT (bucket_id, kernel_release)"
	"   DO UPDATE SET hits = bucket_kernels.hits + 1;"
	"  IF p_has_mod THEN"
	"   INSERT INTO bucket_modules VALUES(bid, p_mname, p_mfile,"
	"    p_mversion, p_msrc, 1)"
	"    ON CONFLICT (bucket_id, name, version, srcversion)"
	"    DO UPDATE SET hits = bucket_modules.hits + 1;"
	"  END IF;"
	"  IF p_keep THEN"
	"   INSERT INTO samples VALUES(bid, 0, p_rid, p_crash, p_recv,"
	"    p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"    report_id = excluded.report_id, crash_time = excluded.crash_time,"
	"    received = excluded.received, record = excluded.record;"
	"   IF bhits <= 5 THEN"
	"    INSERT INTO samples VALUES(bid, bhits, p_rid, p_crash, p_recv,"
	"     p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"     report_id = excluded.report_id,"
	"     crash_time = excluded.crash_time,"
	"     received = excluded.received, record = excluded.record;"
	"   END IF;"
	"  END IF;"
	"  UPDATE reports SET bucket_id = bid, hits = bhits"
	"   WHERE report_id = p_rid;"
	"  state := 0; bkey := p_hash; rkernel := p_kernel;"
	"  rmodver := p_modver;"
	"  has_resp := EXISTS(SELECT 1 FROM responses WHERE bucket_hash = p_hash);"
	"  RETURN NEXT;"
	" END $f$;",
	/*
	 * 3: the daily quota as one statement inside the ingest pipeline:
	 * over the quota it raises SQLSTATE BCQTA with the count before this
	 * batch as the message, and the transaction rolls back.
	 */
	"CREATE OR REPLACE FUNCTION bugcheck_quota(p_tok BIGINT, p_day INTEGER,"
	" p_n BIGINT, p_quota BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $f$"
	" DECLARE after BIGINT;"
	" BEGIN"
	"  INSERT INTO quota VALUES(p_tok, p_day, p_n)"
	"   ON CONFLICT (token_id, day)"
	"   DO UPDATE SET reports = quota.reports + p_n"
	"   RETURNING reports INTO after;"
	"  IF after > p_quota THEN"
	"   RAISE EXCEPTION '%', after - p_n USING ERRCODE = 'BCQTA';"
	"  END IF;"
	"  RETURN after;"
	" END $f$;",
	/*
	 * 4: progressive collection (store_pg_collect.c): the numbers of
	 * samples set for a bucket, and one row per report and kind, whose
	 * key is what lets a report send a kind only once.
	 */
	"CREATE TABLE collect_wanted("
	" bucket_id BIGINT NOT NULL, kind INTEGER NOT NULL,"
	" wanted INTEGER NOT NULL, set_at BIGINT NOT NULL,"
	" PRIMARY KEY(bucket_id, kind));"
	"CREATE TABLE collect_samples("
	" report_id TEXT COLLATE \"C\" NOT NULL, kind INTEGER NOT NULL,"
	" bucket_id BIGINT NOT NULL, token_id BIGINT NOT NULL,"
	" received BIGINT NOT NULL, data TEXT NOT NULL,"
	" PRIMARY KEY(report_id, kind));"
	"CREATE INDEX collect_samples_bucket"
	" ON collect_samples(bucket_id, kind);",
	/*
	 * 5: count and weight (as migration 5 of store_sqlite_schema.c): a
	 * report adds p_hits (count x weight, capped) everywhere, and the
	 * report row keeps its crash day (-1: stored before this step), dims
	 * row, count, weight, the hits added and its module, which
	 * bugcheck_count() needs.  buckets.reports numbers the reports (the
	 * first five samples).  bugcheck_ingest() gets three parameters, so
	 * the old one is dropped.  It no longer counts into daily_dims: the
	 * caller does that for the whole transaction at its end, in key
	 * order (store_pg_ingest.c, "Lock order"), and bugcheck_count()
	 * touches daily_dims last.
	 */
	"ALTER TABLE reports ADD COLUMN day INTEGER NOT NULL DEFAULT -1,"
	" ADD COLUMN dim_id BIGINT NOT NULL DEFAULT 0,"
	" ADD COLUMN count BIGINT NOT NULL DEFAULT 1,"
	" ADD COLUMN weight BIGINT NOT NULL DEFAULT 1,"
	" ADD COLUMN weighted BIGINT NOT NULL DEFAULT 1,"
	" ADD COLUMN mod_name TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" ADD COLUMN mod_version TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" ADD COLUMN mod_srcversion TEXT COLLATE \"C\" NOT NULL DEFAULT '';"
	"ALTER TABLE buckets ADD COLUMN reports BIGINT NOT NULL DEFAULT 0;"
	"UPDATE buckets SET reports = hits;"
	"DROP FUNCTION bugcheck_ingest(TEXT, BIGINT, BIGINT, BOOLEAN, TEXT,"
	" TEXT, TEXT, TEXT, TEXT, TEXT, INTEGER, TEXT, TEXT, BIGINT, TEXT,"
	" TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BOOLEAN, TEXT,"
	" TEXT, TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER);"
	"CREATE FUNCTION bugcheck_ingest("
	" p_rid TEXT, p_tok BIGINT, p_recv BIGINT, p_keep BOOLEAN,"
	" p_hash TEXT, p_name TEXT, p_symbol TEXT, p_image TEXT,"
	" p_event TEXT, p_class TEXT, p_code INTEGER, p_title TEXT,"
	" p_claim TEXT, p_crash BIGINT, p_stack TEXT, p_machine TEXT,"
	" p_kernel TEXT, p_modver TEXT, p_file TEXT, p_appver TEXT,"
	" p_osver TEXT, p_osrel TEXT, p_market TEXT, p_device TEXT,"
	" p_has_mod BOOLEAN, p_mname TEXT, p_mfile TEXT, p_mversion TEXT,"
	" p_msrc TEXT, p_record TEXT, p_day INTEGER, p_week INTEGER,"
	" p_month INTEGER, p_hits BIGINT, p_count BIGINT, p_weight BIGINT)"
	" RETURNS TABLE(state INTEGER, bid BIGINT, bhits BIGINT, bkey TEXT,"
	"  rkernel TEXT, rmodver TEXT, has_resp BOOLEAN)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE did BIGINT; nth BIGINT; tries INTEGER := 0;"
	" BEGIN"
	"  INSERT INTO reports(report_id, bucket_id, token_id, hits,"
	"   kernel_release, module_version, received, day, count, weight,"
	"   weighted, mod_name, mod_version, mod_srcversion)"
	"   VALUES(p_rid, 0, p_tok, 0, p_kernel, p_modver, p_recv, p_day,"
	"   p_count, p_weight, p_hits,"
	"   CASE WHEN p_has_mod THEN p_mname ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_mversion ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_msrc ELSE '' END)"
	"   ON CONFLICT (report_id) DO NOTHING;"
	"  IF NOT FOUND THEN"
	"   SELECT CASE WHEN r.token_id = p_tok THEN 1 ELSE 2 END,"
	"    r.bucket_id, r.hits, b.hash, r.kernel_release, r.module_version"
	"    INTO state, bid, bhits, bkey, rkernel, rmodver"
	"    FROM reports r JOIN buckets b ON b.id = r.bucket_id"
	"    WHERE r.report_id = p_rid;"
	"   has_resp := state = 1 AND EXISTS(SELECT 1 FROM responses"
	"    WHERE bucket_hash = bkey);"
	"   RETURN NEXT; RETURN;"
	"  END IF;"
	"  INSERT INTO buckets(hash, failure_name, symbol, image, event_type,"
	"   class, code, title, claim_plugin, first_seen, last_seen, hits,"
	"   stack, reports) VALUES(p_hash, p_name, p_symbol, p_image, p_event,"
	"   p_class, p_code, p_title, p_claim, p_crash, p_crash, p_hits,"
	"   p_stack, 1)"
	"   ON CONFLICT (hash) DO UPDATE SET hits = buckets.hits + p_hits,"
	"   reports = buckets.reports + 1,"
	"   first_seen = least(buckets.first_seen, excluded.first_seen),"
	"   last_seen = greatest(buckets.last_seen, excluded.last_seen)"
	"   RETURNING id, hits, reports INTO bid, bhits, nth;"
	"  INSERT INTO bucket_machines VALUES(bid, p_machine)"
	"   ON CONFLICT DO NOTHING;"
	"  IF FOUND THEN"
	"   UPDATE buckets SET machines = machines + 1 WHERE id = bid;"
	"  END IF;"
	"  LOOP"
	"   SELECT id INTO did FROM dims WHERE file_name = p_file"
	"    AND app_version = p_appver AND os_version = p_osver"
	"    AND os_build = p_kernel AND os_release = p_osrel"
	"    AND event_type = p_event AND market = p_market"
	"    AND device_type = p_device;"
	"   EXIT WHEN FOUND;"
	"   INSERT INTO dims(file_name, app_version, os_version, os_build,"
	"    os_release, event_type, market, device_type)"
	"    VALUES(p_file, p_appver, p_osver, p_kernel, p_osrel, p_event,"
	"    p_market, p_device) ON CONFLICT DO NOTHING RETURNING id INTO did;"
	"   EXIT WHEN FOUND;"
	"   tries := tries + 1;"
	"   IF tries > 3 THEN RAISE EXCEPTION 'dims row not found'; END IF;"
	"  END LOOP;"
	"  INSERT INTO daily VALUES(p_day, bid, did, p_week, p_month, p_hits)"
	"   ON CONFLICT (day, bucket_id, dim_id)"
	"   DO UPDATE SET hits = daily.hits + p_hits;"
	"  INSERT INTO daily_bucket VALUES(p_day, bid, p_week, p_month,"
	"   p_hits)"
	"   ON CONFLICT (day, bucket_id)"
	"   DO UPDATE SET hits = daily_bucket.hits + p_hits;"
	"  INSERT INTO bucket_kernels VALUES(bid, p_kernel, p_hits)"
	"   ON CONFLICT (bucket_id, kernel_release)"
	"   DO UPDATE SET hits = bucket_kernels.hits + p_hits;"
	"  IF p_has_mod THEN"
	"   INSERT INTO bucket_modules VALUES(bid, p_mname, p_mfile,"
	"    p_mversion, p_msrc, p_hits)"
	"    ON CONFLICT (bucket_id, name, version, srcversion)"
	"    DO UPDATE SET hits = bucket_modules.hits + p_hits;"
	"  END IF;"
	"  IF p_keep THEN"
	"   INSERT INTO samples VALUES(bid, 0, p_rid, p_crash, p_recv,"
	"    p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"    report_id = excluded.report_id, crash_time = excluded.crash_time,"
	"    received = excluded.received, record = excluded.record;"
	"   IF nth <= 5 THEN"
	"    INSERT INTO samples VALUES(bid, nth, p_rid, p_crash, p_recv,"
	"     p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"     report_id = excluded.report_id,"
	"     crash_time = excluded.crash_time,"
	"     received = excluded.received, record = excluded.record;"
	"   END IF;"
	"  END IF;"
	"  UPDATE reports SET bucket_id = bid, hits = bhits, dim_id = did"
	"   WHERE report_id = p_rid;"
	"  state := 0; bkey := p_hash; rkernel := p_kernel;"
	"  rmodver := p_modver;"
	"  has_resp := EXISTS(SELECT 1 FROM responses WHERE bucket_hash = p_hash);"
	"  RETURN NEXT;"
	" END $f$;"
	/*
	 * A report's count so far (store.h, count_update): the row lock of
	 * FOR UPDATE orders concurrent updates of one report, each adds
	 * only what raises its hits, so retries add nothing.  ok false:
	 * no such report of p_tok, or one without a day on record.
	 */
	"CREATE FUNCTION bugcheck_count(p_rid TEXT, p_tok BIGINT,"
	" p_count BIGINT, p_cap BIGINT, p_qday INTEGER, p_quota BIGINT)"
	" RETURNS TABLE(ok BOOLEAN, rcount BIGINT, rweight BIGINT,"
	"  rhits BIGINT, added BIGINT)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE r reports%ROWTYPE; h BIGINT;"
	" BEGIN"
	"  SELECT * INTO r FROM reports WHERE report_id = p_rid FOR UPDATE;"
	"  IF NOT FOUND OR r.token_id <> p_tok OR r.day < 0 THEN"
	"   ok := false; RETURN NEXT; RETURN;"
	"  END IF;"
	"  IF p_quota > 0 THEN"
	"   PERFORM bugcheck_quota(p_tok, p_qday, 1, p_quota);"
	"  END IF;"
	"  rcount := greatest(r.count, p_count);"
	"  h := rcount * r.weight;"
	"  IF p_cap > 0 AND h > p_cap THEN h := p_cap; END IF;"
	"  rhits := greatest(h, r.weighted);"
	"  added := rhits - r.weighted; rweight := r.weight; ok := true;"
	"  UPDATE reports SET count = rcount, weighted = rhits"
	"   WHERE report_id = p_rid;"
	"  IF added > 0 THEN"
	"   UPDATE buckets SET hits = hits + added WHERE id = r.bucket_id;"
	"   UPDATE daily SET hits = hits + added WHERE day = r.day"
	"    AND bucket_id = r.bucket_id AND dim_id = r.dim_id;"
	"   UPDATE daily_bucket SET hits = hits + added WHERE day = r.day"
	"    AND bucket_id = r.bucket_id;"
	"   UPDATE bucket_kernels SET hits = hits + added"
	"    WHERE bucket_id = r.bucket_id"
	"    AND kernel_release = r.kernel_release;"
	"   IF r.mod_name <> '' THEN"
	"    UPDATE bucket_modules SET hits = hits + added"
	"     WHERE bucket_id = r.bucket_id AND name = r.mod_name"
	"     AND version = r.mod_version AND srcversion = r.mod_srcversion;"
	"   END IF;"
	"   UPDATE daily_dims SET hits = hits + added WHERE day = r.day"
	"    AND dim_id = r.dim_id;"
	"  END IF;"
	"  RETURN NEXT;"
	" END $f$;",
	/*
	 * 6: hits per (dimension, crash day, bucket, value), as migration 6
	 * of store_sqlite_schema.c (kinds 1 to 8: store_bdim_kind() in store.c),
	 * kept by a trigger on daily: an inserted row adds its hits, an
	 * update (ON CONFLICT DO UPDATE, count updates) the difference.
	 */
	"CREATE TABLE daily_bdim("
	" kind SMALLINT NOT NULL, day INTEGER NOT NULL,"
	" bucket_id BIGINT NOT NULL, value TEXT COLLATE \"C\" NOT NULL,"
	" week INTEGER NOT NULL, month INTEGER NOT NULL,"
	" hits BIGINT NOT NULL,"
	" PRIMARY KEY(kind, day, bucket_id, value));"
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
	"CREATE FUNCTION bugcheck_daily_bdim() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE add BIGINT := NEW.hits;"
	" BEGIN"
	"  IF TG_OP = 'UPDATE' THEN add := NEW.hits - OLD.hits; END IF;"
	"  IF add = 0 THEN RETURN NULL; END IF;"
	"  INSERT INTO daily_bdim SELECT k, NEW.day, NEW.bucket_id,"
	"   CASE k WHEN 1 THEN m.file_name WHEN 2 THEN m.app_version"
	"   WHEN 3 THEN m.os_version WHEN 4 THEN m.os_build"
	"   WHEN 5 THEN m.os_release WHEN 6 THEN m.event_type"
	"   WHEN 7 THEN m.market ELSE m.device_type END,"
	"   NEW.week, NEW.month, add"
	"   FROM dims m, generate_series(1, 8) k WHERE m.id = NEW.dim_id"
	"   ON CONFLICT (kind, day, bucket_id, value)"
	"   DO UPDATE SET hits = daily_bdim.hits + excluded.hits;"
	"  RETURN NULL;"
	" END $f$;"
	"CREATE TRIGGER daily_bdim AFTER INSERT OR UPDATE OF hits ON daily"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_daily_bdim();",
	/*
	 * the fleet census (store_pg_census.c): one row per machine and day
	 * that sent one, and the machine-days per day, dimension (enum
	 * census_dim) and key, with the version for modules.
	 */
	"CREATE TABLE census_machines("
	" day INTEGER NOT NULL, machine_id TEXT COLLATE \"C\" NOT NULL,"
	" PRIMARY KEY(day, machine_id));"
	"CREATE TABLE census_counts("
	" day INTEGER NOT NULL, dim INTEGER NOT NULL,"
	" key TEXT COLLATE \"C\" NOT NULL,"
	" version TEXT COLLATE \"C\" NOT NULL, machines BIGINT NOT NULL,"
	" PRIMARY KEY(day, dim, key, version));"
	"CREATE INDEX census_counts_dim ON census_counts(dim, day);",
	/*
	 * responses withdrawn by their vendor (store_pg_responses.c): the
	 * row as it was, when and by which token
	 */
	"CREATE TABLE responses_withdrawn("
	" id BIGINT PRIMARY KEY, bucket_hash TEXT NOT NULL,"
	" message TEXT NOT NULL, link TEXT NOT NULL,"
	" mod_min TEXT NOT NULL, mod_max TEXT NOT NULL,"
	" kern_min TEXT NOT NULL, kern_max TEXT NOT NULL,"
	" token_id BIGINT NOT NULL, created BIGINT NOT NULL,"
	" withdrawn BIGINT NOT NULL, withdrawn_by BIGINT NOT NULL);",
	/*
	 * 9: distinct machines, as migration 9 of store_sqlite_schema.c: a
	 * HyperLogLog sketch (hll.h, the same stored form) per row of daily
	 * and daily_bucket, in tables of the same keys; rows
	 * counted before get NULL (unknown), which stays NULL.  The sketch
	 * functions are PL/pgSQL over bytea (get_byte/set_byte):
	 *   bugcheck_hll_entry(hash)   the sparse entry of a 64-bit hash
	 *   bugcheck_hll_put(h, e)     the sketch with entry e added
	 *   bugcheck_hll_of(hashes[])  the sketch of a set of hashes
	 *   bugcheck_hll_merge(a, b)   the union (NULL if either is NULL)
	 * bugcheck_hll_ingest() adds the machines of the reports this
	 * transaction stored (xmin, as the daily_dims statement of
	 * store_pg_ingest.c), each table in key order (the lock order).
	 * failurehits merges the rows' sketches in C (store_pg_query.c).
	 * Like 7 and 8 it can run again on a database whose version was
	 * reset (IF NOT EXISTS, ON CONFLICT DO NOTHING, OR REPLACE).
	 */
	"CREATE TABLE IF NOT EXISTS daily_hll("
	" day INTEGER NOT NULL, bucket_id BIGINT NOT NULL,"
	" dim_id BIGINT NOT NULL, hll BYTEA,"
	" PRIMARY KEY(day, bucket_id, dim_id));"
	"INSERT INTO daily_hll SELECT day, bucket_id, dim_id, NULL FROM daily"
	" ON CONFLICT DO NOTHING;"
	"CREATE TABLE IF NOT EXISTS daily_bucket_hll("
	" day INTEGER NOT NULL, bucket_id BIGINT NOT NULL, hll BYTEA,"
	" PRIMARY KEY(day, bucket_id));"
	"INSERT INTO daily_bucket_hll SELECT day, bucket_id, NULL"
	" FROM daily_bucket ON CONFLICT DO NOTHING;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_bitlen(v BIGINT) RETURNS INTEGER"
	" LANGUAGE plpgsql IMMUTABLE STRICT AS $f$"
	" DECLARE n INTEGER := 0;"
	" BEGIN WHILE v > 0 LOOP v := v >> 1; n := n + 1; END LOOP;"
	" RETURN n; END $f$;"
	/* top 25 bits << 6 | rank of the low 39 (hll.h) */
	"CREATE OR REPLACE FUNCTION bugcheck_hll_entry(x BIGINT) RETURNS INTEGER"
	" LANGUAGE sql IMMUTABLE STRICT AS $f$"
	" SELECT (((x >> 39) & 33554431)::integer << 6)"
	"  | (40 - bugcheck_hll_bitlen(x & 549755813887)) $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_get(h BYTEA, i INTEGER) RETURNS INTEGER"
	" LANGUAGE sql IMMUTABLE STRICT AS $f$"
	" SELECT (get_byte(h, 4 * i) << 24) | (get_byte(h, 4 * i + 1) << 16)"
	"  | (get_byte(h, 4 * i + 2) << 8) | get_byte(h, 4 * i + 3) $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_dense_put(h BYTEA, e INTEGER)"
	" RETURNS BYTEA LANGUAGE plpgsql IMMUTABLE STRICT AS $f$"
	" DECLARE idx INTEGER := e >> 6; r INTEGER;"
	" BEGIN"
	"  IF idx & 32767 <> 0 THEN"
	"   r := 16 - bugcheck_hll_bitlen(idx & 32767);"
	"  ELSE r := 15 + (e & 63); END IF;"
	"  IF get_byte(h, idx >> 15) < r THEN"
	"   h := set_byte(h, idx >> 15, r); END IF;"
	"  RETURN h;"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_put(h BYTEA, e INTEGER) RETURNS BYTEA"
	" LANGUAGE plpgsql IMMUTABLE AS $f$"
	" DECLARE n INTEGER; lo INTEGER := 0; hi INTEGER; mid INTEGER;"
	"  m INTEGER; d BYTEA;"
	" BEGIN"
	"  IF h IS NULL THEN RETURN NULL; END IF;"
	"  IF length(h) = 1024 THEN RETURN bugcheck_hll_dense_put(h, e); END IF;"
	"  n := length(h) / 4; hi := n;"
	"  WHILE lo < hi LOOP"
	"   mid := (lo + hi) / 2;"
	"   IF bugcheck_hll_get(h, mid) >> 6 < e >> 6 THEN lo := mid + 1;"
	"   ELSE hi := mid; END IF;"
	"  END LOOP;"
	"  IF lo < n THEN"
	"   m := bugcheck_hll_get(h, lo);"
	"   IF m >> 6 = e >> 6 THEN"
	"    IF m & 63 < e & 63 THEN"
	"     RETURN overlay(h PLACING int4send(e) FROM 4 * lo + 1 FOR 4);"
	"    END IF;"
	"    RETURN h;"
	"   END IF;"
	"  END IF;"
	"  IF n = 191 THEN"
	"   d := decode(repeat('00', 1024), 'hex');"
	"   FOR i IN 0 .. n - 1 LOOP"
	"    d := bugcheck_hll_dense_put(d, bugcheck_hll_get(h, i));"
	"   END LOOP;"
	"   RETURN bugcheck_hll_dense_put(d, e);"
	"  END IF;"
	"  RETURN substring(h FROM 1 FOR 4 * lo) || int4send(e)"
	"   || substring(h FROM 4 * lo + 1);"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_of(hs BIGINT[]) RETURNS BYTEA"
	" LANGUAGE plpgsql IMMUTABLE STRICT AS $f$"
	" DECLARE h BYTEA := ''::bytea; x BIGINT;"
	" BEGIN"
	"  FOREACH x IN ARRAY hs LOOP"
	"   h := bugcheck_hll_put(h, bugcheck_hll_entry(x));"
	"  END LOOP;"
	"  RETURN h;"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_merge(a BYTEA, b BYTEA) RETURNS BYTEA"
	" LANGUAGE plpgsql IMMUTABLE AS $f$"
	" DECLARE t BYTEA;"
	" BEGIN"
	"  IF a IS NULL OR b IS NULL THEN RETURN NULL; END IF;"
	"  IF length(b) = 1024 AND length(a) = 1024 THEN"
	"   FOR i IN 0 .. 1023 LOOP"
	"    IF get_byte(b, i) > get_byte(a, i) THEN"
	"     a := set_byte(a, i, get_byte(b, i)); END IF;"
	"   END LOOP;"
	"   RETURN a;"
	"  END IF;"
	"  IF length(b) = 1024 THEN t := a; a := b; b := t; END IF;"
	"  FOR i IN 0 .. length(b) / 4 - 1 LOOP"
	"   a := bugcheck_hll_put(a, bugcheck_hll_get(b, i));"
	"  END LOOP;"
	"  RETURN a;"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_hll_ingest(p_ids TEXT[], p_hashes BIGINT[])"
	" RETURNS VOID LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  INSERT INTO daily_hll SELECT r.day, r.bucket_id, r.dim_id,"
	"   bugcheck_hll_of(array_agg(x.h))"
	"   FROM unnest(p_ids, p_hashes) x(id, h)"
	"   JOIN reports r ON r.report_id = x.id"
	"   WHERE r.xmin = pg_current_xact_id()::xid"
	"   GROUP BY r.day, r.bucket_id, r.dim_id"
	"   ORDER BY r.day, r.bucket_id, r.dim_id"
	"   ON CONFLICT (day, bucket_id, dim_id)"
	"   DO UPDATE SET hll = bugcheck_hll_merge(daily_hll.hll, excluded.hll);"
	"  INSERT INTO daily_bucket_hll SELECT r.day, r.bucket_id,"
	"   bugcheck_hll_of(array_agg(x.h))"
	"   FROM unnest(p_ids, p_hashes) x(id, h)"
	"   JOIN reports r ON r.report_id = x.id"
	"   WHERE r.xmin = pg_current_xact_id()::xid"
	"   GROUP BY r.day, r.bucket_id ORDER BY r.day, r.bucket_id"
	"   ON CONFLICT (day, bucket_id) DO UPDATE"
	"   SET hll = bugcheck_hll_merge(daily_bucket_hll.hll, excluded.hll);"
	" END $f$;",
	/*
	 * 10: the rollups of a transaction added up (issue 15): a report no
	 * longer upserts daily (and through its trigger daily_bdim),
	 * daily_bucket, bucket_kernels and bucket_modules itself;
	 * bugcheck_rollup() adds the reports the transaction stored (xmin,
	 * as the daily_dims statement of store_pg_ingest.c) to each of them
	 * once per distinct row, in key order, with their machines' sketches
	 * (as bugcheck_hll_ingest() did), in one statement that reads the
	 * reports once.  Every row it writes is keyed by a
	 * bucket whose buckets row the transaction locked first, so the lock
	 * order holds.  p_mfiles: the module files of p_ids (a new
	 * bucket_modules row takes its first report's).  p_week and p_month
	 * of bugcheck_ingest() are left unused.
	 */
	"CREATE OR REPLACE FUNCTION bugcheck_week(d INTEGER) RETURNS INTEGER"
	" LANGUAGE sql IMMUTABLE STRICT AS $f$"
	" SELECT d - ((d + 3) % 7 + 7) % 7 $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_month(d INTEGER) RETURNS INTEGER"
	" LANGUAGE sql IMMUTABLE STRICT AS $f$"
	" SELECT d - extract(day FROM date '1970-01-01' + d)::integer + 1 $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_ingest("
	" p_rid TEXT, p_tok BIGINT, p_recv BIGINT, p_keep BOOLEAN,"
	" p_hash TEXT, p_name TEXT, p_symbol TEXT, p_image TEXT,"
	" p_event TEXT, p_class TEXT, p_code INTEGER, p_title TEXT,"
	" p_claim TEXT, p_crash BIGINT, p_stack TEXT, p_machine TEXT,"
	" p_kernel TEXT, p_modver TEXT, p_file TEXT, p_appver TEXT,"
	" p_osver TEXT, p_osrel TEXT, p_market TEXT, p_device TEXT,"
	" p_has_mod BOOLEAN, p_mname TEXT, p_mfile TEXT, p_mversion TEXT,"
	" p_msrc TEXT, p_record TEXT, p_day INTEGER, p_week INTEGER,"
	" p_month INTEGER, p_hits BIGINT, p_count BIGINT, p_weight BIGINT)"
	" RETURNS TABLE(state INTEGER, bid BIGINT, bhits BIGINT, bkey TEXT,"
	"  rkernel TEXT, rmodver TEXT, has_resp BOOLEAN)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE did BIGINT; nth BIGINT; tries INTEGER := 0;"
	" BEGIN"
	"  INSERT INTO reports(report_id, bucket_id, token_id, hits,"
	"   kernel_release, module_version, received, day, count, weight,"
	"   weighted, mod_name, mod_version, mod_srcversion)"
	"   VALUES(p_rid, 0, p_tok, 0, p_kernel, p_modver, p_recv, p_day,"
	"   p_count, p_weight, p_hits,"
	"   CASE WHEN p_has_mod THEN p_mname ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_mversion ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_msrc ELSE '' END)"
	"   ON CONFLICT (report_id) DO NOTHING;"
	"  IF NOT FOUND THEN"
	"   SELECT CASE WHEN r.token_id = p_tok THEN 1 ELSE 2 END,"
	"    r.bucket_id, r.hits, b.hash, r.kernel_release, r.module_version"
	"    INTO state, bid, bhits, bkey, rkernel, rmodver"
	"    FROM reports r JOIN buckets b ON b.id = r.bucket_id"
	"    WHERE r.report_id = p_rid;"
	"   has_resp := state = 1 AND EXISTS(SELECT 1 FROM responses"
	"    WHERE bucket_hash = bkey);"
	"   RETURN NEXT; RETURN;"
	"  END IF;"
	"  INSERT INTO buckets(hash, failure_name, symbol, image, event_type,"
	"   class, code, title, claim_plugin, first_seen, last_seen, hits,"
	"   stack, reports) VALUES(p_hash, p_name, p_symbol, p_image, p_event,"
	"   p_class, p_code, p_title, p_claim, p_crash, p_crash, p_hits,"
	"   p_stack, 1)"
	"   ON CONFLICT (hash) DO UPDATE SET hits = buckets.hits + p_hits,"
	"   reports = buckets.reports + 1,"
	"   first_seen = least(buckets.first_seen, excluded.first_seen),"
	"   last_seen = greatest(buckets.last_seen, excluded.last_seen)"
	"   RETURNING id, hits, reports INTO bid, bhits, nth;"
	"  INSERT INTO bucket_machines VALUES(bid, p_machine)"
	"   ON CONFLICT DO NOTHING;"
	"  IF FOUND THEN"
	"   UPDATE buckets SET machines = machines + 1 WHERE id = bid;"
	"  END IF;"
	"  LOOP"
	"   SELECT id INTO did FROM dims WHERE file_name = p_file"
	"    AND app_version = p_appver AND os_version = p_osver"
	"    AND os_build = p_kernel AND os_release = p_osrel"
	"    AND event_type = p_event AND market = p_market"
	"    AND device_type = p_device;"
	"   EXIT WHEN FOUND;"
	"   INSERT INTO dims(file_name, app_version, os_version, os_build,"
	"    os_release, event_type, market, device_type)"
	"    VALUES(p_file, p_appver, p_osver, p_kernel, p_osrel, p_event,"
	"    p_market, p_device) ON CONFLICT DO NOTHING RETURNING id INTO did;"
	"   EXIT WHEN FOUND;"
	"   tries := tries + 1;"
	"   IF tries > 3 THEN RAISE EXCEPTION 'dims row not found'; END IF;"
	"  END LOOP;"
	"  IF p_keep THEN"
	"   INSERT INTO samples VALUES(bid, 0, p_rid, p_crash, p_recv,"
	"    p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"    report_id = excluded.report_id, crash_time = excluded.crash_time,"
	"    received = excluded.received, record = excluded.record;"
	"   IF nth <= 5 THEN"
	"    INSERT INTO samples VALUES(bid, nth, p_rid, p_crash, p_recv,"
	"     p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"     report_id = excluded.report_id,"
	"     crash_time = excluded.crash_time,"
	"     received = excluded.received, record = excluded.record;"
	"   END IF;"
	"  END IF;"
	"  UPDATE reports SET bucket_id = bid, hits = bhits, dim_id = did"
	"   WHERE report_id = p_rid;"
	"  state := 0; bkey := p_hash; rkernel := p_kernel;"
	"  rmodver := p_modver;"
	"  has_resp := EXISTS(SELECT 1 FROM responses WHERE bucket_hash = p_hash);"
	"  RETURN NEXT;"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_rollup(p_ids TEXT[],"
	" p_hashes BIGINT[], p_mfiles TEXT[])"
	" RETURNS VOID LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  WITH r AS MATERIALIZED (SELECT r.day, r.bucket_id, r.dim_id,"
	"    r.weighted, r.kernel_release, r.mod_name, r.mod_version,"
	"    r.mod_srcversion, x.h, x.mf, x.o"
	"   FROM (SELECT DISTINCT ON (u.id) u.id, u.h, u.mf, u.o"
	"    FROM unnest(p_ids, p_hashes, p_mfiles) WITH ORDINALITY"
	"    u(id, h, mf, o) ORDER BY u.id, u.o) x"
	"   JOIN reports r ON r.report_id = x.id"
	"   WHERE r.xmin = pg_current_xact_id()::xid),"
	"  d AS (INSERT INTO daily SELECT day, bucket_id, dim_id,"
	"    bugcheck_week(day), bugcheck_month(day), sum(weighted) FROM r"
	"    GROUP BY day, bucket_id, dim_id ORDER BY day, bucket_id, dim_id"
	"    ON CONFLICT (day, bucket_id, dim_id)"
	"    DO UPDATE SET hits = daily.hits + excluded.hits),"
	"  b AS (INSERT INTO daily_bucket SELECT day, bucket_id,"
	"    bugcheck_week(day), bugcheck_month(day), sum(weighted) FROM r"
	"    GROUP BY day, bucket_id ORDER BY day, bucket_id"
	"    ON CONFLICT (day, bucket_id)"
	"    DO UPDATE SET hits = daily_bucket.hits + excluded.hits),"
	"  k AS (INSERT INTO bucket_kernels SELECT bucket_id, kernel_release,"
	"    sum(weighted) FROM r GROUP BY bucket_id, kernel_release"
	"    ORDER BY bucket_id, kernel_release"
	"    ON CONFLICT (bucket_id, kernel_release)"
	"    DO UPDATE SET hits = bucket_kernels.hits + excluded.hits),"
	"  m AS (INSERT INTO bucket_modules SELECT bucket_id, mod_name,"
	"    (array_agg(mf ORDER BY o))[1], mod_version, mod_srcversion,"
	"    sum(weighted) FROM r WHERE mod_name <> ''"
	"    GROUP BY bucket_id, mod_name, mod_version, mod_srcversion"
	"    ORDER BY bucket_id, mod_name, mod_version, mod_srcversion"
	"    ON CONFLICT (bucket_id, name, version, srcversion)"
	"    DO UPDATE SET hits = bucket_modules.hits + excluded.hits),"
	"  s AS (INSERT INTO daily_hll SELECT day, bucket_id, dim_id,"
	"    bugcheck_hll_of(array_agg(h)) FROM r"
	"    GROUP BY day, bucket_id, dim_id ORDER BY day, bucket_id, dim_id"
	"    ON CONFLICT (day, bucket_id, dim_id) DO UPDATE"
	"    SET hll = bugcheck_hll_merge(daily_hll.hll, excluded.hll))"
	"  INSERT INTO daily_bucket_hll SELECT day, bucket_id,"
	"   bugcheck_hll_of(array_agg(h)) FROM r"
	"   GROUP BY day, bucket_id ORDER BY day, bucket_id"
	"   ON CONFLICT (day, bucket_id) DO UPDATE"
	"   SET hll = bugcheck_hll_merge(daily_bucket_hll.hll, excluded.hll);"
	" END $f$;",
	/*
	 * 11: failurehits work bounded by the answer (issue 15), as
	 * migration 10 of store_sqlite_schema.c: daily_bucket_top and
	 * daily_bucket_days for days, daily_dims_dim for a dims filter,
	 * weekly_bucket, monthly_bucket and monthly_bdim for weeks and
	 * months (store.h), kept by triggers on daily_bucket and
	 * daily_bdim.  Their rows are keyed by bucket, so they are locked
	 * in the order ingest already takes (store_pg_ingest.c: reports
	 * sorted by bucket, after the bucket's own row).  daily_bucket_days
	 * is keyed by day whatever the bucket, so its trigger is deferred
	 * to COMMIT, after every bucket-keyed lock of the transaction (as
	 * the daily_dims statement comes last).  IF NOT EXISTS, ON CONFLICT
	 * DO NOTHING and OR REPLACE: a database whose version was reset runs
	 * it again.
	 */
	"CREATE INDEX IF NOT EXISTS daily_bucket_top ON daily_bucket(day, hits DESC,"
	" bucket_id);"
	"CREATE INDEX IF NOT EXISTS daily_dims_dim ON daily_dims(dim_id, day);"
	"CREATE TABLE IF NOT EXISTS daily_bucket_days("
	" day INTEGER PRIMARY KEY, buckets BIGINT NOT NULL);"
	"INSERT INTO daily_bucket_days SELECT day, count(*) FROM daily_bucket"
	" GROUP BY day ON CONFLICT DO NOTHING;"
	"CREATE TABLE IF NOT EXISTS weekly_bucket("
	" week INTEGER NOT NULL, bucket_id BIGINT NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(week, bucket_id));"
	"INSERT INTO weekly_bucket SELECT week, bucket_id, sum(hits)"
	" FROM daily_bucket GROUP BY week, bucket_id ON CONFLICT DO NOTHING;"
	"CREATE TABLE IF NOT EXISTS monthly_bucket("
	" month INTEGER NOT NULL, bucket_id BIGINT NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(month, bucket_id));"
	"INSERT INTO monthly_bucket SELECT month, bucket_id, sum(hits)"
	" FROM daily_bucket GROUP BY month, bucket_id ON CONFLICT DO NOTHING;"
	"CREATE TABLE IF NOT EXISTS monthly_bdim("
	" kind SMALLINT NOT NULL, month INTEGER NOT NULL,"
	" bucket_id BIGINT NOT NULL, value TEXT COLLATE \"C\" NOT NULL,"
	" hits BIGINT NOT NULL, PRIMARY KEY(kind, month, bucket_id, value));"
	"INSERT INTO monthly_bdim SELECT kind, month, bucket_id, value,"
	" sum(hits) FROM daily_bdim GROUP BY kind, month, bucket_id, value"
	" ON CONFLICT DO NOTHING;"
	"CREATE OR REPLACE FUNCTION bugcheck_period_bucket() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  IF TG_OP = 'INSERT' THEN"
	"   INSERT INTO weekly_bucket VALUES(NEW.week, NEW.bucket_id, NEW.hits)"
	"    ON CONFLICT (week, bucket_id)"
	"    DO UPDATE SET hits = weekly_bucket.hits + excluded.hits;"
	"   INSERT INTO monthly_bucket VALUES(NEW.month, NEW.bucket_id,"
	"    NEW.hits) ON CONFLICT (month, bucket_id)"
	"    DO UPDATE SET hits = monthly_bucket.hits + excluded.hits;"
	"  ELSIF TG_OP = 'UPDATE' THEN"
	"   IF NEW.hits <> OLD.hits THEN"
	"    UPDATE weekly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"     WHERE week = NEW.week AND bucket_id = NEW.bucket_id;"
	"    UPDATE monthly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"     WHERE month = NEW.month AND bucket_id = NEW.bucket_id;"
	"   END IF;"
	"  ELSE"
	"   UPDATE daily_bucket_days SET buckets = buckets - 1"
	"    WHERE day = OLD.day;"
	"   UPDATE weekly_bucket SET hits = hits - OLD.hits"
	"    WHERE week = OLD.week AND bucket_id = OLD.bucket_id;"
	"   UPDATE monthly_bucket SET hits = hits - OLD.hits"
	"    WHERE month = OLD.month AND bucket_id = OLD.bucket_id;"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;"
	"DROP TRIGGER IF EXISTS daily_bucket_period ON daily_bucket;"
	"CREATE TRIGGER daily_bucket_period"
	" AFTER INSERT OR UPDATE OF hits OR DELETE ON daily_bucket"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_period_bucket();"
	"CREATE OR REPLACE FUNCTION bugcheck_bucket_days() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  INSERT INTO daily_bucket_days VALUES(NEW.day, 1) ON CONFLICT (day)"
	"   DO UPDATE SET buckets = daily_bucket_days.buckets + 1;"
	"  RETURN NULL;"
	" END $f$;"
	"DROP TRIGGER IF EXISTS daily_bucket_days ON daily_bucket;"
	"CREATE CONSTRAINT TRIGGER daily_bucket_days AFTER INSERT ON daily_bucket"
	" DEFERRABLE INITIALLY DEFERRED"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_bucket_days();"
	"CREATE OR REPLACE FUNCTION bugcheck_period_bdim() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  IF TG_OP = 'INSERT' THEN"
	"   INSERT INTO monthly_bdim VALUES(NEW.kind, NEW.month, NEW.bucket_id,"
	"    NEW.value, NEW.hits) ON CONFLICT (kind, month, bucket_id, value)"
	"    DO UPDATE SET hits = monthly_bdim.hits + excluded.hits;"
	"  ELSIF TG_OP = 'UPDATE' THEN"
	"   IF NEW.hits <> OLD.hits THEN"
	"    UPDATE monthly_bdim SET hits = hits + NEW.hits - OLD.hits"
	"     WHERE kind = NEW.kind AND month = NEW.month"
	"     AND bucket_id = NEW.bucket_id AND value = NEW.value;"
	"   END IF;"
	"  ELSE"
	"   UPDATE monthly_bdim SET hits = hits - OLD.hits"
	"    WHERE kind = OLD.kind AND month = OLD.month"
	"    AND bucket_id = OLD.bucket_id AND value = OLD.value;"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;"
	"DROP TRIGGER IF EXISTS daily_bdim_period ON daily_bdim;"
	"CREATE TRIGGER daily_bdim_period"
	" AFTER INSERT OR UPDATE OF hits OR DELETE ON daily_bdim"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_period_bdim();",
	/*
	 * 12 (11 on SQLite): SQLite's deferred-rollup queue (issue 15).
	 * PostgreSQL still writes its rollups at ingest and leaves this
	 * table empty; it is here so that both schemas have the same
	 * tables.
	 */
	"CREATE TABLE IF NOT EXISTS roll_queue("
	" seq bigserial PRIMARY KEY, day bigint NOT NULL,"
	" bucket_id bigint NOT NULL, dim_id bigint NOT NULL,"
	" hits bigint NOT NULL, machine bigint NOT NULL,"
	" kernel text NOT NULL, has_module boolean NOT NULL,"
	" mod_name text NOT NULL, mod_file text NOT NULL,"
	" mod_version text NOT NULL, mod_srcversion text NOT NULL);",
	/*
	 * 13: monthly_bucket.days (store.h), as migration 12 of
	 * store_sqlite_schema.c: beside a (month, bucket) row's hits, the
	 * month's daily hits, here an array of 31 bigints (days[1] is the
	 * month's first day); failurehits reads the window's slice of it.
	 * A column of the row the period trigger already writes, not a
	 * table; bugcheck_period_bucket() is replaced by one that keeps the
	 * slot too.  IF NOT EXISTS and OR REPLACE: a database whose version
	 * was reset runs it again (the fill then writes the same values).
	 */
	"ALTER TABLE monthly_bucket ADD COLUMN IF NOT EXISTS days BIGINT[]"
	" NOT NULL DEFAULT array_fill(0::bigint, ARRAY[31]);"
	"UPDATE monthly_bucket m SET days = x.days FROM (SELECT mb.month,"
	" mb.bucket_id, array_agg(coalesce(d.hits, 0) ORDER BY k.k) days"
	" FROM monthly_bucket mb CROSS JOIN generate_series(0, 30) k(k)"
	" LEFT JOIN daily_bucket d ON d.day = mb.month + k.k"
	"  AND d.month = mb.month AND d.bucket_id = mb.bucket_id"
	" GROUP BY mb.month, mb.bucket_id) x"
	" WHERE m.month = x.month AND m.bucket_id = x.bucket_id;"
	"CREATE OR REPLACE FUNCTION bugcheck_period_bucket() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE z bigint[];"
	" BEGIN"
	"  IF TG_OP = 'INSERT' THEN"
	"   INSERT INTO weekly_bucket VALUES(NEW.week, NEW.bucket_id, NEW.hits)"
	"    ON CONFLICT (week, bucket_id)"
	"    DO UPDATE SET hits = weekly_bucket.hits + excluded.hits;"
	"   z := array_fill(0::bigint, ARRAY[31]);"
	"   z[NEW.day - NEW.month + 1] := NEW.hits;"
	"   INSERT INTO monthly_bucket VALUES(NEW.month, NEW.bucket_id,"
	"    NEW.hits, z) ON CONFLICT (month, bucket_id)"
	"    DO UPDATE SET hits = monthly_bucket.hits + excluded.hits,"
	"    days[NEW.day - NEW.month + 1] = NEW.hits;"
	"  ELSIF TG_OP = 'UPDATE' THEN"
	"   IF NEW.hits <> OLD.hits THEN"
	"    UPDATE weekly_bucket SET hits = hits + NEW.hits - OLD.hits"
	"     WHERE week = NEW.week AND bucket_id = NEW.bucket_id;"
	"    UPDATE monthly_bucket SET hits = hits + NEW.hits - OLD.hits,"
	"     days[NEW.day - NEW.month + 1] = NEW.hits"
	"     WHERE month = NEW.month AND bucket_id = NEW.bucket_id;"
	"   END IF;"
	"  ELSE"
	"   UPDATE daily_bucket_days SET buckets = buckets - 1"
	"    WHERE day = OLD.day;"
	"   UPDATE weekly_bucket SET hits = hits - OLD.hits"
	"    WHERE week = OLD.week AND bucket_id = OLD.bucket_id;"
	"   UPDATE monthly_bucket SET hits = hits - OLD.hits,"
	"    days[OLD.day - OLD.month + 1] = 0"
	"    WHERE month = OLD.month AND bucket_id = OLD.bucket_id;"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;",
	/*
	 * 14: daily_bdim_days, as migration 13 of store_sqlite_schema.c: the
	 * daily_bdim rows per dimension and day (store.h, store_daytop.c),
	 * kept by triggers on daily_bdim's inserts and deletes.  Keyed by
	 * day whatever the bucket, so the insert trigger is deferred to
	 * COMMIT like daily_bucket_days' (migration 11).  IF NOT EXISTS, ON
	 * CONFLICT DO NOTHING and OR REPLACE: a database whose version was
	 * reset runs it again.
	 */
	"CREATE TABLE IF NOT EXISTS daily_bdim_days("
	" kind SMALLINT NOT NULL, day INTEGER NOT NULL, n BIGINT NOT NULL,"
	" PRIMARY KEY(kind, day));"
	"INSERT INTO daily_bdim_days SELECT kind, day, count(*) FROM daily_bdim"
	" GROUP BY kind, day ON CONFLICT DO NOTHING;"
	"CREATE OR REPLACE FUNCTION bugcheck_bdim_days() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" BEGIN"
	"  IF TG_OP = 'INSERT' THEN"
	"   INSERT INTO daily_bdim_days VALUES(NEW.kind, NEW.day, 1)"
	"    ON CONFLICT (kind, day)"
	"    DO UPDATE SET n = daily_bdim_days.n + 1;"
	"  ELSE"
	"   UPDATE daily_bdim_days SET n = n - 1"
	"    WHERE kind = OLD.kind AND day = OLD.day;"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;"
	"DROP TRIGGER IF EXISTS daily_bdim_days ON daily_bdim;"
	"CREATE CONSTRAINT TRIGGER daily_bdim_days AFTER INSERT ON daily_bdim"
	" DEFERRABLE INITIALLY DEFERRED"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_bdim_days();"
	"DROP TRIGGER IF EXISTS daily_bdim_days_delete ON daily_bdim;"
	"CREATE TRIGGER daily_bdim_days_delete AFTER DELETE ON daily_bdim"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_bdim_days();",
	/*
	 * 15: deferred rollups on PostgreSQL too (issue 15), as SQLite's
	 * roller (store_sqlite_ingest.c): an ingest transaction stores the
	 * report and one roll_queue row (store_pg_ingest.c, QUEUE_SQL), and
	 * bugcheck_roll() takes up to p_max queued rows with DELETE ...
	 * RETURNING under FOR UPDATE SKIP LOCKED and adds them to daily
	 * (and through its triggers daily_bdim and the period tables),
	 * daily_bucket, daily_dims, bucket_kernels, bucket_modules and the
	 * two sketch tables, once per distinct row, in key order, in the
	 * same transaction: a crash keeps both the deletion and the
	 * rollups or neither.  Rollers of several servers queue on one
	 * advisory lock (ROLL_LOCK) so that their upserts, whose triggers
	 * reach rows of other tables, never deadlock; SKIP LOCKED keeps a
	 * row another transaction holds (retention) out of the batch.  The
	 * roll's COMMIT is not flushed itself (the next acknowledged
	 * COMMIT's flush covers it; losing it loses its deletions too).
	 * bugcheck_count() no longer updates the rollups: it queues the
	 * count's increment as a row of its own, with machine 0 (no
	 * machine to add to the sketches), so a count that comes before
	 * its report is rolled is not lost.
	 */
	"CREATE OR REPLACE FUNCTION bugcheck_roll(p_max INTEGER)"
	" RETURNS INTEGER LANGUAGE plpgsql AS $f$"
	" DECLARE n INTEGER;"
	" BEGIN"
	"  PERFORM set_config('synchronous_commit', 'off', true);"
	"  PERFORM pg_advisory_xact_lock(" ROLL_LOCK ");"
	"  WITH q AS (DELETE FROM roll_queue WHERE seq IN (SELECT seq"
	"    FROM roll_queue ORDER BY seq LIMIT p_max FOR UPDATE SKIP LOCKED)"
	"    RETURNING *),"
	"  d AS (INSERT INTO daily SELECT day, bucket_id, dim_id,"
	"    bugcheck_week(day::integer), bugcheck_month(day::integer),"
	"    sum(hits) FROM q"
	"    GROUP BY day, bucket_id, dim_id ORDER BY day, bucket_id, dim_id"
	"    ON CONFLICT (day, bucket_id, dim_id)"
	"    DO UPDATE SET hits = daily.hits + excluded.hits),"
	"  b AS (INSERT INTO daily_bucket SELECT day, bucket_id,"
	"    bugcheck_week(day::integer), bugcheck_month(day::integer),"
	"    sum(hits) FROM q"
	"    GROUP BY day, bucket_id ORDER BY day, bucket_id"
	"    ON CONFLICT (day, bucket_id)"
	"    DO UPDATE SET hits = daily_bucket.hits + excluded.hits),"
	"  k AS (INSERT INTO bucket_kernels SELECT bucket_id, kernel,"
	"    sum(hits) FROM q GROUP BY bucket_id, kernel"
	"    ORDER BY bucket_id, kernel"
	"    ON CONFLICT (bucket_id, kernel_release)"
	"    DO UPDATE SET hits = bucket_kernels.hits + excluded.hits),"
	"  m AS (INSERT INTO bucket_modules SELECT bucket_id, mod_name,"
	"    (array_agg(mod_file ORDER BY seq))[1], mod_version,"
	"    mod_srcversion, sum(hits) FROM q WHERE mod_name <> ''"
	"    GROUP BY bucket_id, mod_name, mod_version, mod_srcversion"
	"    ORDER BY bucket_id, mod_name, mod_version, mod_srcversion"
	"    ON CONFLICT (bucket_id, name, version, srcversion)"
	"    DO UPDATE SET hits = bucket_modules.hits + excluded.hits),"
	"  s AS (INSERT INTO daily_hll SELECT day, bucket_id, dim_id,"
	"    bugcheck_hll_of(array_agg(machine)) FROM q WHERE machine <> 0"
	"    GROUP BY day, bucket_id, dim_id ORDER BY day, bucket_id, dim_id"
	"    ON CONFLICT (day, bucket_id, dim_id) DO UPDATE"
	"    SET hll = bugcheck_hll_merge(daily_hll.hll, excluded.hll)),"
	"  h AS (INSERT INTO daily_bucket_hll SELECT day, bucket_id,"
	"    bugcheck_hll_of(array_agg(machine)) FROM q WHERE machine <> 0"
	"    GROUP BY day, bucket_id ORDER BY day, bucket_id"
	"    ON CONFLICT (day, bucket_id) DO UPDATE"
	"    SET hll = bugcheck_hll_merge(daily_bucket_hll.hll, excluded.hll)),"
	"  x AS (INSERT INTO daily_dims SELECT day, dim_id,"
	"    bugcheck_week(day::integer), bugcheck_month(day::integer),"
	"    sum(hits) FROM q GROUP BY day, dim_id ORDER BY day, dim_id"
	"    ON CONFLICT (day, dim_id)"
	"    DO UPDATE SET hits = daily_dims.hits + excluded.hits)"
	"  SELECT count(*) INTO n FROM q;"
	"  RETURN n;"
	" END $f$;"
	/*
	 * bugcheck_ingest() queues its report itself (p_mhash: the machine's
	 * sketch hash, hll.h): a statement per transaction that found the
	 * transaction's reports again by id was planned once per connection,
	 * when the table was empty, and scanned it whole (issue 15).
	 */
	"DROP FUNCTION IF EXISTS bugcheck_ingest(TEXT, BIGINT, BIGINT, BOOLEAN,"
	" TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, INTEGER, TEXT, TEXT, BIGINT, TEXT,"
	" TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BOOLEAN, TEXT,"
	" TEXT, TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER, BIGINT, BIGINT,"
	" BIGINT);"
	"CREATE OR REPLACE FUNCTION bugcheck_ingest("
	" p_rid TEXT, p_tok BIGINT, p_recv BIGINT, p_keep BOOLEAN,"
	" p_hash TEXT, p_name TEXT, p_symbol TEXT, p_image TEXT,"
	" p_event TEXT, p_class TEXT, p_code INTEGER, p_title TEXT,"
	" p_claim TEXT, p_crash BIGINT, p_stack TEXT, p_machine TEXT,"
	" p_kernel TEXT, p_modver TEXT, p_file TEXT, p_appver TEXT,"
	" p_osver TEXT, p_osrel TEXT, p_market TEXT, p_device TEXT,"
	" p_has_mod BOOLEAN, p_mname TEXT, p_mfile TEXT, p_mversion TEXT,"
	" p_msrc TEXT, p_record TEXT, p_day INTEGER, p_week INTEGER,"
	" p_month INTEGER, p_hits BIGINT, p_count BIGINT, p_weight BIGINT,"
	" p_mhash BIGINT)"
	" RETURNS TABLE(state INTEGER, bid BIGINT, bhits BIGINT, bkey TEXT,"
	"  rkernel TEXT, rmodver TEXT, has_resp BOOLEAN)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE did BIGINT; nth BIGINT; tries INTEGER := 0;"
	" BEGIN"
	"  INSERT INTO reports(report_id, bucket_id, token_id, hits,"
	"   kernel_release, module_version, received, day, count, weight,"
	"   weighted, mod_name, mod_version, mod_srcversion)"
	"   VALUES(p_rid, 0, p_tok, 0, p_kernel, p_modver, p_recv, p_day,"
	"   p_count, p_weight, p_hits,"
	"   CASE WHEN p_has_mod THEN p_mname ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_mversion ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_msrc ELSE '' END)"
	"   ON CONFLICT (report_id) DO NOTHING;"
	"  IF NOT FOUND THEN"
	"   SELECT CASE WHEN r.token_id = p_tok THEN 1 ELSE 2 END,"
	"    r.bucket_id, r.hits, b.hash, r.kernel_release, r.module_version"
	"    INTO state, bid, bhits, bkey, rkernel, rmodver"
	"    FROM reports r JOIN buckets b ON b.id = r.bucket_id"
	"    WHERE r.report_id = p_rid;"
	"   has_resp := state = 1 AND EXISTS(SELECT 1 FROM responses"
	"    WHERE bucket_hash = bkey);"
	"   RETURN NEXT; RETURN;"
	"  END IF;"
	"  INSERT INTO buckets(hash, failure_name, symbol, image, event_type,"
	"   class, code, title, claim_plugin, first_seen, last_seen, hits,"
	"   stack, reports) VALUES(p_hash, p_name, p_symbol, p_image, p_event,"
	"   p_class, p_code, p_title, p_claim, p_crash, p_crash, p_hits,"
	"   p_stack, 1)"
	"   ON CONFLICT (hash) DO UPDATE SET hits = buckets.hits + p_hits,"
	"   reports = buckets.reports + 1,"
	"   first_seen = least(buckets.first_seen, excluded.first_seen),"
	"   last_seen = greatest(buckets.last_seen, excluded.last_seen)"
	"   RETURNING id, hits, reports INTO bid, bhits, nth;"
	"  INSERT INTO bucket_machines VALUES(bid, p_machine)"
	"   ON CONFLICT DO NOTHING;"
	"  IF FOUND THEN"
	"   UPDATE buckets SET machines = machines + 1 WHERE id = bid;"
	"  END IF;"
	"  LOOP"
	"   SELECT id INTO did FROM dims WHERE file_name = p_file"
	"    AND app_version = p_appver AND os_version = p_osver"
	"    AND os_build = p_kernel AND os_release = p_osrel"
	"    AND event_type = p_event AND market = p_market"
	"    AND device_type = p_device;"
	"   EXIT WHEN FOUND;"
	"   INSERT INTO dims(file_name, app_version, os_version, os_build,"
	"    os_release, event_type, market, device_type)"
	"    VALUES(p_file, p_appver, p_osver, p_kernel, p_osrel, p_event,"
	"    p_market, p_device) ON CONFLICT DO NOTHING RETURNING id INTO did;"
	"   EXIT WHEN FOUND;"
	"   tries := tries + 1;"
	"   IF tries > 3 THEN RAISE EXCEPTION 'dims row not found'; END IF;"
	"  END LOOP;"
	"  IF p_keep THEN"
	"   INSERT INTO samples VALUES(bid, 0, p_rid, p_crash, p_recv,"
	"    p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"    report_id = excluded.report_id, crash_time = excluded.crash_time,"
	"    received = excluded.received, record = excluded.record;"
	"   IF nth <= 5 THEN"
	"    INSERT INTO samples VALUES(bid, nth, p_rid, p_crash, p_recv,"
	"     p_record) ON CONFLICT (bucket_id, slot) DO UPDATE SET"
	"     report_id = excluded.report_id,"
	"     crash_time = excluded.crash_time,"
	"     received = excluded.received, record = excluded.record;"
	"   END IF;"
	"  END IF;"
	"  UPDATE reports SET bucket_id = bid, hits = bhits, dim_id = did"
	"   WHERE report_id = p_rid;"
	"  INSERT INTO roll_queue(day, bucket_id, dim_id, hits, machine, kernel,"
	"   has_module, mod_name, mod_file, mod_version, mod_srcversion)"
	"   VALUES(p_day, bid, did, p_hits, p_mhash, p_kernel, p_has_mod,"
	"   CASE WHEN p_has_mod THEN p_mname ELSE '' END, p_mfile,"
	"   CASE WHEN p_has_mod THEN p_mversion ELSE '' END,"
	"   CASE WHEN p_has_mod THEN p_msrc ELSE '' END);"
	"  state := 0; bkey := p_hash; rkernel := p_kernel;"
	"  rmodver := p_modver;"
	"  has_resp := EXISTS(SELECT 1 FROM responses WHERE bucket_hash = p_hash);"
	"  RETURN NEXT;"
	" END $f$;"
	"CREATE OR REPLACE FUNCTION bugcheck_count(p_rid TEXT, p_tok BIGINT,"
	" p_count BIGINT, p_cap BIGINT, p_qday INTEGER, p_quota BIGINT)"
	" RETURNS TABLE(ok BOOLEAN, rcount BIGINT, rweight BIGINT,"
	"  rhits BIGINT, added BIGINT)"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE r reports%ROWTYPE; h BIGINT;"
	" BEGIN"
	"  SELECT * INTO r FROM reports WHERE report_id = p_rid FOR UPDATE;"
	"  IF NOT FOUND OR r.token_id <> p_tok OR r.day < 0 THEN"
	"   ok := false; RETURN NEXT; RETURN;"
	"  END IF;"
	"  IF p_quota > 0 THEN"
	"   PERFORM bugcheck_quota(p_tok, p_qday, 1, p_quota);"
	"  END IF;"
	"  rcount := greatest(r.count, p_count);"
	"  h := rcount * r.weight;"
	"  IF p_cap > 0 AND h > p_cap THEN h := p_cap; END IF;"
	"  rhits := greatest(h, r.weighted);"
	"  added := rhits - r.weighted; rweight := r.weight; ok := true;"
	"  UPDATE reports SET count = rcount, weighted = rhits"
	"   WHERE report_id = p_rid;"
	"  IF added > 0 THEN"
	"   UPDATE buckets SET hits = hits + added WHERE id = r.bucket_id;"
	"   INSERT INTO roll_queue(day, bucket_id, dim_id, hits, machine,"
	"    kernel, has_module, mod_name, mod_file, mod_version,"
	"    mod_srcversion) VALUES(r.day, r.bucket_id, r.dim_id, added, 0,"
	"    r.kernel_release, r.mod_name <> '', r.mod_name, '',"
	"    r.mod_version, r.mod_srcversion);"
	"  END IF;"
	"  RETURN NEXT;"
	" END $f$;",
	/*
	 * 16: monthly_dims (store.h, store_dimsagg.c), as migration 13 of
	 * store_sqlite_schema.c: daily_dims' hits of a month and dims tuple
	 * in one row, an array of 31 bigints as monthly_bucket.days
	 * (days[1] is the month's first day), kept by a trigger on
	 * daily_dims.  Only the roller (bugcheck_roll(), its daily_dims
	 * statement last) and retention write daily_dims, both under the
	 * rollers' lock, so the rows this trigger locks, keyed by dims
	 * tuple, never meet another writer's in the other order.  IF NOT
	 * EXISTS and OR REPLACE: a database whose version was reset runs it
	 * again (the fill then writes the same values).
	 */
	"CREATE TABLE IF NOT EXISTS monthly_dims("
	" month INTEGER NOT NULL, dim_id BIGINT NOT NULL,"
	" days BIGINT[] NOT NULL, PRIMARY KEY(month, dim_id));"
	"DELETE FROM monthly_dims;"
	"INSERT INTO monthly_dims SELECT t.month, t.dim_id,"
	" array_agg(coalesce(d.hits, 0) ORDER BY k.k)"
	" FROM (SELECT DISTINCT month, dim_id FROM daily_dims) t"
	" CROSS JOIN generate_series(0, 30) k(k)"
	" LEFT JOIN daily_dims d ON d.day = t.month + k.k"
	"  AND d.month = t.month AND d.dim_id = t.dim_id"
	" GROUP BY t.month, t.dim_id;"
	"CREATE OR REPLACE FUNCTION bugcheck_monthly_dims() RETURNS trigger"
	" LANGUAGE plpgsql AS $f$"
	" DECLARE z bigint[];"
	" BEGIN"
	"  IF TG_OP = 'INSERT' THEN"
	"   z := array_fill(0::bigint, ARRAY[31]);"
	"   z[NEW.day - NEW.month + 1] := NEW.hits;"
	"   INSERT INTO monthly_dims VALUES(NEW.month, NEW.dim_id, z)"
	"    ON CONFLICT (month, dim_id)"
	"    DO UPDATE SET days[NEW.day - NEW.month + 1] = NEW.hits;"
	"  ELSIF TG_OP = 'UPDATE' THEN"
	"   IF NEW.hits <> OLD.hits THEN"
	"    UPDATE monthly_dims SET days[NEW.day - NEW.month + 1] = NEW.hits"
	"     WHERE month = NEW.month AND dim_id = NEW.dim_id;"
	"   END IF;"
	"  ELSE"
	"   UPDATE monthly_dims SET days[OLD.day - OLD.month + 1] = 0"
	"    WHERE month = OLD.month AND dim_id = OLD.dim_id;"
	"  END IF;"
	"  RETURN NULL;"
	" END $f$;"
	"DROP TRIGGER IF EXISTS monthly_dims ON daily_dims;"
	"CREATE TRIGGER monthly_dims"
	" AFTER INSERT OR UPDATE OF hits OR DELETE ON daily_dims"
	" FOR EACH ROW EXECUTE FUNCTION bugcheck_monthly_dims();",
};

#define N_MIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

/* The applied version, under the migration lock; 0 for a new database. */
static int locked_version(PGconn *c, int *ret)
{
	PGresult *r;
	int e;

	e = pgs_cmd(c, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")");
	if (!e)
		e = pgs_cmd(c, "CREATE TABLE IF NOT EXISTS bugcheck_schema("
			       " version INTEGER NOT NULL)");
	if (!e)
		e = pgs_exec(c, "SELECT max(version) FROM bugcheck_schema",
			     NULL, &r);
	if (e)
		return e;
	*ret = (int)pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}

/*
 * A hot standby (read replica) refuses every write: its schema is the
 * primary's, which a server of this version must have migrated.
 */
static int standby_version(PGconn *c, bool *ret_standby)
{
	PGresult *r;
	int v, e;

	*ret_standby = false;
	e = pgs_exec(c, "SELECT pg_is_in_recovery()", NULL, &r);
	if (e)
		return e;
	*ret_standby = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!*ret_standby)
		return 0;
	e = pgs_exec(c, "SELECT max(version) FROM bugcheck_schema", NULL, &r);
	if (e)
		return e;
	v = (int)pg_int(r, 0, 0);
	PQclear(r);
	if (v == N_MIGRATIONS)
		return 0;
	bc_log(LOG_ERR,
	       "read replica: database schema version %d, this"
	       " bugcheck-server's %d (migrate the primary first)\n",
	       v, N_MIGRATIONS);
	return -EPROTO;
}

int pgs_migrate(PGconn *c, bool *ret_standby)
{
	int v = 0, e;

	e = standby_version(c, ret_standby);
	if (e || *ret_standby)
		return e;

	for (;;) {
		char bump[80];

		e = pgs_cmd(c, "BEGIN");
		if (!e)
			e = locked_version(c, &v);
		if (e)
			break;
		if (v > N_MIGRATIONS) {
			bc_log(LOG_ERR,
			       "database schema version %d is newer than this"
			       " bugcheck-server's (%d)\n",
			       v, N_MIGRATIONS);
			e = -EPROTO;
			break;
		}
		if (v == N_MIGRATIONS)
			break;
		snprintf(bump, sizeof(bump),
			 "INSERT INTO bugcheck_schema VALUES(%d)", v + 1);
		e = pgs_cmd(c, migrations[v]);
		if (!e)
			e = pgs_cmd(c, bump);
		if (!e)
			e = pgs_cmd(c, "COMMIT");
		if (e) {
			bc_log(LOG_ERR,
			       "database migration to version %d failed\n",
			       v + 1);
			break;
		}
	}
	(void)pgs_cmd(c, e ? "ROLLBACK" : "COMMIT");
	return e;
}
