// SPDX-License-Identifier: GPL-2.0
/*
 * Progressive collection on PostgreSQL (server/collect.h): the five
 * struct store_ops members of the SQLite backend's
 * store_sqlite_collect.c, with the same answers.  The tables
 * collect_wanted and collect_samples are migration 4 of
 * store_pg_schema.c.
 *
 * Several servers may store samples of one bucket at the same moment, so
 * nothing here looks first and writes after:
 *   - a report sends a kind once because (report_id, kind) is the primary
 *     key of collect_samples: the INSERT ... ON CONFLICT DO NOTHING that
 *     inserts no row is the -EEXIST;
 *   - a bucket's count stays within what it wants because every upload
 *     first locks the bucket's row (SELECT ... FOR NO KEY UPDATE), counts
 *     after its own insert, and rolls back with -EPERM when that is one
 *     too many.
 * Deadlocks and serialisation failures are retried like ingest's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "store_pg.h"

/* The SQL below lists the kinds by number. */
_Static_assert(COLLECT_KINDS == 3, "collect kinds in the SQL");

static bool in_scope(const struct store_scope *scope, const char *image)
{
	if (scope->all)
		return true;
	for (size_t i = 0; i < scope->n_modules; i++)
		if (!strcmp(scope->modules[i], image))
			return true;
	return false;
}

/* Bucket @hash's id, or -ENOENT if it is missing or out of scope. */
static int scoped_bucket(PGconn *c, const char *hash,
			 const struct store_scope *scope, int64_t *ret)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	pgp_str(&p, hash);
	e = pgs_exec(c, "SELECT id, image FROM buckets WHERE hash = $1", &p,
		     &r);
	if (e)
		return e == -EINVAL ? -ENOENT : e;
	if (PQntuples(r) != 1 || !in_scope(scope, PQgetvalue(r, 0, 1))) {
		PQclear(r);
		return -ENOENT;
	}
	*ret = pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}

/* Wanted and held samples of every kind of bucket @bid. */
static int counts(PGconn *c, int64_t bid, unsigned int *wanted,
		  unsigned int *have)
{
	struct pg_params p = { 0 };
	PGresult *r;
	int e;

	for (int k = 0; k < COLLECT_KINDS; k++) {
		wanted[k] = collect_default_wanted(k);
		have[k] = 0;
	}
	pgp_int(&p, bid);
	e = pgs_exec(c,
		     "SELECT 0, kind, wanted FROM collect_wanted"
		     " WHERE bucket_id = $1"
		     " UNION ALL SELECT 1, kind, count(*) FROM collect_samples"
		     " WHERE bucket_id = $1 GROUP BY kind",
		     &p, &r);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t k = pg_int(r, i, 1), v = pg_int(r, i, 2);

		if (k < 0 || k >= COLLECT_KINDS)
			continue;
		if (pg_int(r, i, 0))
			have[k] = (unsigned int)v;
		else
			wanted[k] = (unsigned int)v;
	}
	PQclear(r);
	return 0;
}

/*
 * One statement answers for all reports: per report (by its position in
 * @ids) and kind, the default, the number set for its bucket (NULL: none),
 * the bucket's samples and the report's own.  Reports another token sent
 * give no rows, so their mask stays 0.
 */
static const char wants_sql[] =
	"SELECT i.ord, k.kind, k.def, w.wanted,"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.bucket_id = r.bucket_id AND s.kind = k.kind),"
	" (SELECT count(*) FROM collect_samples s"
	"  WHERE s.report_id = r.report_id AND s.kind = k.kind)"
	" FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS i(rid, ord)"
	" JOIN reports r ON r.report_id = i.rid COLLATE \"C\""
	"  AND r.token_id = $2"
	" CROSS JOIN (VALUES (0, $3::bigint), (1, $4::bigint),"
	"  (2, $5::bigint)) AS k(kind, def)"
	" LEFT JOIN collect_wanted w"
	"  ON w.bucket_id = r.bucket_id AND w.kind = k.kind";

int pg_collect_wants(struct store *base, const char *const *report_ids,
		     size_t n, int64_t token_id, unsigned int *ret_masks)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	size_t len = 1;
	PGresult *r;
	PGconn *c;
	char *ids;
	int e;

	for (size_t i = 0; i < n; i++) {
		ret_masks[i] = 0;
		/* ',' separates the ids: an id holding one matches nothing */
		if (strchr(report_ids[i], ','))
			return -EINVAL;
		len += strlen(report_ids[i]) + 1;
	}
	if (!n)
		return 0;
	ids = malloc(len);
	if (!ids)
		return -ENOMEM;
	ids[0] = '\0';
	for (size_t i = 0, o = 0; i < n; i++)
		o += sprintf(ids + o, "%s%s", i ? "," : "", report_ids[i]);
	pgp_str(&p, ids);
	pgp_int(&p, token_id);
	for (int k = 0; k < COLLECT_KINDS; k++)
		pgp_int(&p, collect_default_wanted(k));
	c = pgs_get(s);
	if (!c) {
		free(ids);
		return -ECONNREFUSED;
	}
	/*
	 * Planned at every call, not prepared once per connection: a plan
	 * cached while reports was small (a new database) joined it by a
	 * sequential scan, a whole-table read per ingest call until the next
	 * ANALYZE (about 0.9 ms a call at 4,500 reports, issue 15).
	 */
	e = pgs_exec(c, wants_sql, &p, &r);
	pgs_put(s, c);
	free(ids);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t ord = pg_int(r, i, 0), k = pg_int(r, i, 1);
		int64_t wanted = PQgetisnull(r, i, 3) ? pg_int(r, i, 2) :
							pg_int(r, i, 3);

		if (ord < 1 || (uint64_t)ord > n || k < 0 || k >= COLLECT_KINDS)
			continue;
		if (pg_int(r, i, 4) < wanted && !pg_int(r, i, 5))
			ret_masks[ord - 1] |= 1u << k;
	}
	PQclear(r);
	return 0;
}

static int set_txn(PGconn *c, const char *hash, const struct store_scope *scope,
		   const int *wanted, int64_t now, unsigned int *ret_wanted,
		   unsigned int *ret_have)
{
	int64_t bid;
	int e;

	e = pgs_cmd(c, "BEGIN");
	if (!e)
		e = scoped_bucket(c, hash, scope, &bid);
	for (int k = 0; !e && wanted && k < COLLECT_KINDS; k++) {
		struct pg_params p = { 0 };

		if (wanted[k] < 0)
			continue;
		pgp_int(&p, bid);
		pgp_int(&p, k);
		pgp_int(&p, wanted[k]);
		pgp_int(&p, now);
		e = pgs_exec(c,
			     "INSERT INTO collect_wanted(bucket_id, kind,"
			     " wanted, set_at) VALUES($1, $2, $3, $4)"
			     " ON CONFLICT (bucket_id, kind) DO UPDATE SET"
			     " wanted = excluded.wanted,"
			     " set_at = excluded.set_at",
			     &p, NULL);
	}
	if (!e)
		e = counts(c, bid, ret_wanted, ret_have);
	if (!e)
		e = pgs_cmd(c, "COMMIT");
	if (e)
		(void)pgs_cmd(c, "ROLLBACK");
	return e;
}

int pg_collect_set(struct store *base, const char *hash,
		   const struct store_scope *scope, const int *wanted,
		   int64_t now, unsigned int *ret_wanted,
		   unsigned int *ret_have)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e = -EAGAIN;

	if (!c)
		return -ECONNREFUSED;
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = set_txn(c, hash, scope, wanted, now, ret_wanted, ret_have);
	pgs_put(s, c);
	return e == -EAGAIN ? -EBUSY : e;
}

static int put_txn(PGconn *c, const char *report_id, int64_t token_id,
		   unsigned int kind, const char *data, int64_t now,
		   unsigned int *ret_have)
{
	unsigned int wanted[COLLECT_KINDS], have[COLLECT_KINDS];
	struct pg_params p = { 0 };
	int64_t bid = 0;
	PGresult *r;
	int e;

	e = pgs_cmd(c, "BEGIN");
	if (e)
		return e;
	pgp_str(&p, report_id);
	pgp_int(&p, token_id);
	e = pgs_exec(c,
		     "SELECT b.id FROM reports r JOIN buckets b"
		     " ON b.id = r.bucket_id"
		     " WHERE r.report_id = $1 AND r.token_id = $2"
		     " FOR NO KEY UPDATE OF b",
		     &p, &r);
	if (e == -EINVAL)
		e = -ENOENT; /* text the database refuses names no report */
	if (!e) {
		if (PQntuples(r) == 1)
			bid = pg_int(r, 0, 0);
		else
			e = -ENOENT;
		PQclear(r);
	}
	if (!e) {
		memset(&p, 0, sizeof(p));
		pgp_str(&p, report_id);
		pgp_int(&p, kind);
		pgp_int(&p, bid);
		pgp_int(&p, token_id);
		pgp_int(&p, now);
		pgp_str(&p, data);
		e = pgs_exec(c,
			     "INSERT INTO collect_samples(report_id, kind,"
			     " bucket_id, token_id, received, data)"
			     " VALUES($1, $2, $3, $4, $5, $6)"
			     " ON CONFLICT (report_id, kind) DO NOTHING"
			     " RETURNING 1",
			     &p, &r);
		if (!e) {
			if (PQntuples(r) != 1)
				e = -EEXIST; /* the key (report_id, kind) */
			PQclear(r);
		}
	}
	if (!e)
		e = counts(c, bid, wanted, have);
	if (!e && have[kind] > wanted[kind])
		e = -EPERM; /* this one is more than the bucket wants */
	if (!e)
		e = pgs_cmd(c, "COMMIT");
	if (e) {
		(void)pgs_cmd(c, "ROLLBACK");
		return e;
	}
	*ret_have = have[kind];
	return 0;
}

int pg_collect_put(struct store *base, const char *report_id, int64_t token_id,
		   unsigned int kind, const char *data, size_t len, int64_t now,
		   unsigned int *ret_have)
{
	struct pg_store *s = to_pg(base);
	char *text;
	PGconn *c;
	int e = -EAGAIN;

	if (kind >= COLLECT_KINDS)
		return -EINVAL;
	/* Text parameters end at a NUL: the sample must hold none. */
	if (strnlen(data, len) != len)
		return -EINVAL;
	text = strndup(data, len);
	if (!text)
		return -ENOMEM;
	c = pgs_get(s);
	if (!c) {
		free(text);
		return -ECONNREFUSED;
	}
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = put_txn(c, report_id, token_id, kind, text, now, ret_have);
	pgs_put(s, c);
	free(text);
	return e == -EAGAIN ? -EBUSY : e;
}

int pg_collect_list(struct store *base, const char *hash,
		    const struct store_scope *scope, store_sample_cb cb,
		    void *data)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGconn *c = pgs_get(s);
	PGresult *r = NULL;
	int64_t bid;
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = scoped_bucket(c, hash, scope, &bid);
	if (!e) {
		pgp_int(&p, bid);
		e = pgs_exec(c,
			     "SELECT kind, report_id, received,"
			     " octet_length(data) FROM collect_samples"
			     " WHERE bucket_id = $1"
			     " ORDER BY received, report_id, kind",
			     &p, &r);
	}
	pgs_put(s, c);
	for (int i = 0; !e && i < PQntuples(r); i++)
		e = cb((unsigned int)pg_int(r, i, 0), PQgetvalue(r, i, 1),
		       pg_int(r, i, 2), (uint64_t)pg_int(r, i, 3), data);
	PQclear(r);
	return e;
}

int pg_collect_get(struct store *base, const char *hash, const char *report_id,
		   unsigned int kind, const struct store_scope *scope,
		   char **ret, size_t *ret_len)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGconn *c = pgs_get(s);
	PGresult *r;
	int64_t bid;
	size_t n;
	int e;

	if (!c)
		return -ECONNREFUSED;
	e = scoped_bucket(c, hash, scope, &bid);
	if (!e) {
		pgp_int(&p, bid);
		pgp_str(&p, report_id);
		pgp_int(&p, kind);
		e = pgs_exec(c,
			     "SELECT data FROM collect_samples WHERE"
			     " bucket_id = $1 AND report_id = $2 AND kind = $3",
			     &p, &r);
		if (e == -EINVAL)
			e = -ENOENT;
	}
	pgs_put(s, c);
	if (e)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return -ENOENT;
	}
	n = (size_t)PQgetlength(r, 0, 0);
	*ret = malloc(n + 1);
	if (*ret) {
		memcpy(*ret, PQgetvalue(r, 0, 0), n);
		(*ret)[n] = '\0';
		*ret_len = n;
	}
	PQclear(r);
	return *ret ? 0 : -ENOMEM;
}
