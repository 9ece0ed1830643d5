// SPDX-License-Identifier: GPL-2.0
/*
 * Editing and withdrawing a vendor response on PostgreSQL: response_edit
 * with the answers of store_sqlite_responses.c.  The response's row is
 * locked (FOR UPDATE) before it is checked and changed, so an edit and a
 * withdrawal from two servers cannot both act on it; the second finds no
 * row (-ENOENT) or the edited one.  The table responses_withdrawn is a
 * migration of store_pg_schema.c.
 */
#include <errno.h>
#include <string.h>

#include "store_pg.h"

static int edit_txn(PGconn *c, int64_t id, const struct response_req *resp,
		    const struct store_scope *scope, int64_t now)
{
	struct pg_params p = { 0 };
	const char *image, *hash;
	PGresult *r;
	bool ok;
	int e;

	e = pgs_cmd(c, "BEGIN");
	if (e)
		return e;
	pgp_int(&p, id);
	e = pgs_exec(c,
		     "SELECT r.bucket_hash, b.image FROM responses r"
		     " JOIN buckets b ON b.hash = r.bucket_hash"
		     " WHERE r.id = $1 FOR UPDATE OF r",
		     &p, &r);
	if (e)
		goto out;
	ok = PQntuples(r) == 1;
	if (ok) {
		hash = PQgetvalue(r, 0, 0);
		image = PQgetvalue(r, 0, 1);
		ok = scope->all;
		for (size_t i = 0; !ok && i < scope->n_modules; i++)
			ok = !strcmp(scope->modules[i], image);
		/* an edit names the bucket it means */
		if (ok && resp && strcmp(resp->failure_hash, hash))
			ok = false;
	}
	PQclear(r);
	if (!ok) {
		e = -ENOENT;
		goto out;
	}
	memset(&p, 0, sizeof(p));
	pgp_int(&p, id);
	if (!resp) {
		pgp_int(&p, now);
		pgp_int(&p, scope->token_id);
		e = pgs_exec(c,
			     "WITH w AS (DELETE FROM responses WHERE id = $1"
			     " RETURNING *) INSERT INTO responses_withdrawn"
			     " SELECT id, bucket_hash, message, link, mod_min,"
			     " mod_max, kern_min, kern_max, token_id, created,"
			     " $2, $3 FROM w",
			     &p, NULL);
	} else {
		pgp_str(&p, resp->message);
		pgp_str(&p, resp->link);
		pgp_str(&p, resp->mod_min);
		pgp_str(&p, resp->mod_max);
		pgp_str(&p, resp->kern_min);
		pgp_str(&p, resp->kern_max);
		pgp_int(&p, scope->token_id);
		e = pgs_exec(c,
			     "UPDATE responses SET message = $2, link = $3,"
			     " mod_min = $4, mod_max = $5, kern_min = $6,"
			     " kern_max = $7, token_id = $8 WHERE id = $1",
			     &p, NULL);
	}
out:
	if (!e)
		e = pgs_cmd(c, "COMMIT");
	if (e)
		(void)pgs_cmd(c, "ROLLBACK");
	return e;
}

int pg_response_edit(struct store *base, int64_t id,
		     const struct response_req *resp,
		     const struct store_scope *scope, int64_t now)
{
	struct pg_store *s = to_pg(base);
	PGconn *c = pgs_get(s);
	int e = -EAGAIN;

	if (!c)
		return -ECONNREFUSED;
	for (int i = 0; i < PG_RETRIES && e == -EAGAIN; i++)
		e = edit_txn(c, id, resp, scope, now);
	pgs_put(s, c);
	return e == -EAGAIN ? -EBUSY : e;
}
