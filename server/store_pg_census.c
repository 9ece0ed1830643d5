// SPDX-License-Identifier: GPL-2.0
/*
 * The fleet census on PostgreSQL: census_add, census_rows and
 * census_retain with the answers of store_sqlite_census.c.  The tables are
 * the census migration of store_pg_schema.c.
 *
 * Several servers may take censuses at once.  A machine counts once a day
 * because (day, machine_id) is the key of census_machines: of two
 * concurrent inserts one waits for the other and then inserts nothing,
 * and only the one that inserted raises the sums.  The sums are raised in
 * one fixed order (the dimensions, then modules sorted by name, as
 * census_decode() leaves them), so two censuses cannot deadlock on them;
 * a serialisation failure is retried like ingest's.
 */
#include <errno.h>
#include <string.h>

#include "store_pg.h"

static int bump(PGconn *c, int64_t day, enum census_dim dim, const char *key,
		const char *version)
{
	struct pg_params p = { 0 };

	pgp_int(&p, day);
	pgp_int(&p, dim);
	pgp_str(&p, key);
	pgp_str(&p, version);
	return pgs_exec(c,
			"INSERT INTO census_counts VALUES($1, $2, $3, $4, 1)"
			" ON CONFLICT (day, dim, key, version)"
			" DO UPDATE SET machines = census_counts.machines + 1",
			&p, NULL);
}

static int add_txn(PGconn *c, const struct census *cs, int64_t day,
		   bool *ret_counted)
{
	struct pg_params p = { 0 };
	PGresult *r;
	bool fresh;
	int e;

	*ret_counted = false;
	e = pgs_cmd(c, "BEGIN");
	if (e)
		return e;
	pgp_int(&p, day);
	pgp_str(&p, cs->machine_id);
	e = pgs_exec(c,
		     "INSERT INTO census_machines VALUES($1, $2)"
		     " ON CONFLICT DO NOTHING RETURNING 1",
		     &p, &r);
	if (e)
		goto out;
	fresh = PQntuples(r) == 1;
	PQclear(r);
	if (!fresh)
		goto out;
	e = bump(c, day, CENSUS_TOTAL, "", "");
	if (!e)
		e = bump(c, day, CENSUS_KERNEL, cs->kernel_release, "");
	if (!e)
		e = bump(c, day, CENSUS_MARKET, cs->market, "");
	if (!e)
		e = bump(c, day, CENSUS_DEVICE, cs->device_type, "");
	if (!e)
		e = bump(c, day, CENSUS_OS, cs->os_release, "");
	for (size_t i = 0; !e && i < cs->n_modules; i++)
		e = bump(c, day, CENSUS_MODULE, cs->modules[i].name,
			 cs->modules[i].version);
	if (!e)
		*ret_counted = true;
out:
	if (!e)
		e = pgs_cmd(c, "COMMIT");
	if (e) {
		(void)pgs_cmd(c, "ROLLBACK");
		*ret_counted = false;
	}
	return e;
}

int pg_census_add(struct store *base, const struct census *cs, int64_t day,
		  bool *ret_counted)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e = -EAGAIN;

	if (!c)
		return -ECONNREFUSED;
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = add_txn(c, cs, day, ret_counted);
	pgs_put(s, c);
	return e == -EAGAIN ? -EBUSY : e;
}

static bool module_in_scope(const struct store_scope *scope, const char *name)
{
	if (scope->all)
		return true;
	for (size_t i = 0; i < scope->n_modules; i++)
		if (!strcmp(scope->modules[i], name))
			return true;
	return false;
}

int pg_census_rows(struct store *base, enum census_dim dim, int64_t from,
		   int64_t to, const struct store_scope *scope,
		   store_census_cb cb, void *data)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGresult *r;
	PGconn *c;
	int e;

	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	pgp_int(&p, dim);
	pgp_int(&p, from);
	pgp_int(&p, to);
	e = pgs_exec(c,
		     "SELECT key, version, sum(machines) FROM census_counts"
		     " WHERE dim = $1 AND day BETWEEN $2 AND $3"
		     " GROUP BY key, version ORDER BY key, version",
		     &p, &r);
	pgs_put(s, c);
	if (e)
		return e;
	for (int i = 0; !e && i < PQntuples(r); i++) {
		const char *key = PQgetvalue(r, i, 0);

		if (dim == CENSUS_MODULE && !module_in_scope(scope, key))
			continue;
		e = cb(key, PQgetvalue(r, i, 1), (uint64_t)pg_int(r, i, 2),
		       data);
	}
	PQclear(r);
	return e;
}

int pg_census_retain(struct store *base, int64_t before_day, uint64_t *ret_rows)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGresult *r;
	PGconn *c;
	int e;

	*ret_rows = 0;
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	pgp_int(&p, before_day);
	e = pgs_exec(
		c,
		"WITH m AS (DELETE FROM census_machines WHERE day < $1"
		" RETURNING 1), k AS (DELETE FROM census_counts"
		" WHERE day < $1 RETURNING 1)"
		" SELECT (SELECT count(*) FROM m) + (SELECT count(*) FROM k)",
		&p, &r);
	pgs_put(s, c);
	if (e)
		return e;
	*ret_rows = (uint64_t)pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}
