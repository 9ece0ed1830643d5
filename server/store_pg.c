// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend of the store (libpq), chosen by a "postgresql://" or
 * "postgres://" --db, for fleets: any number of bugcheck-server processes
 * share one database and hold no state of their own, so they answer alike
 * and a report sent to two of them counts once (the reports table's
 * primary key decides, see store_pg_ingest.c).
 *
 * Each process keeps a pool of connections, opened on demand up to
 * PG_POOL_MAX; a request takes one for its whole transaction.  Schema:
 * store_pg_schema.c; ingest: store_pg_ingest.c; failurehits and the
 * per-bucket views: store_pg_query.c.  All text columns use the "C"
 * collation, so sorting matches the SQLite backend byte for byte whatever
 * locale the cluster was made with.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_pg.h"
#include "log.h"

int pgp_str(struct pg_params *p, const char *v)
{
	if (p->n >= PG_PARAMS_MAX) {
		p->overflow = true;
		return PG_PARAMS_MAX;
	}
	p->v[p->n++] = v ? v : "";
	return p->n;
}

int pgp_int(struct pg_params *p, int64_t v)
{
	if (p->n >= PG_PARAMS_MAX) {
		p->overflow = true;
		return PG_PARAMS_MAX;
	}
	snprintf(p->num[p->n], sizeof(p->num[0]), "%" PRId64, v);
	p->v[p->n] = p->num[p->n];
	return ++p->n;
}

/* Errors by SQLSTATE class (PostgreSQL docs, appendix A "Error Codes"). */
static int err_of(const PGresult *r)
{
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (!st)
		return -EIO;
	if (!strcmp(st, "40001") || !strcmp(st, "40P01"))
		return -EAGAIN;
	if (!strcmp(st, "23505"))
		return -EEXIST;
	if (!strncmp(st, "22", 2))
		return -EINVAL; /* data exception: e.g. bad UTF-8 */
	if (!strcmp(st, "53100"))
		return -ENOSPC;
	if (!strncmp(st, "53", 2))
		return -ENOMEM;
	if (!strncmp(st, "08", 2) || !strncmp(st, "57", 2))
		return -ECONNRESET;
	if (!strncmp(st, "28", 2) || !strcmp(st, "42501"))
		return -EACCES;
	return -EIO;
}

/* The outcome of @r (consumed unless it is handed back in @ret). */
static int outcome(PGconn *c, PGresult *r, PGresult **ret)
{
	int e;

	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		break;
	default:
		e = err_of(r);
		if (e != -EAGAIN && e != -EEXIST)
			bc_log(LOG_ERR, "PostgreSQL: %s",
			       r ? PQresultErrorMessage(r) : PQerrorMessage(c));
		PQclear(r);
		return e;
	}
	if (ret)
		*ret = r;
	else
		PQclear(r);
	return 0;
}

int pgs_exec(PGconn *c, const char *sql, const struct pg_params *p,
	     PGresult **ret)
{
	if (p && p->overflow)
		return -E2BIG;
	return outcome(c,
		       PQexecParams(c, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
				    NULL, NULL, 0),
		       ret);
}

int pgs_exec_named(PGconn *c, const char *name, const char *sql,
		   const struct pg_params *p, PGresult **ret)
{
	PGresult *r;
	const char *code;

	if (p && p->overflow)
		return -E2BIG;
	for (int i = 0; i < 2; i++) {
		r = PQexecPrepared(c, name, p ? p->n : 0, p ? p->v : NULL, NULL,
				   NULL, 0);
		code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* 26000: not prepared on this connection yet */
		if (!code || strcmp(code, "26000") || i)
			break;
		PQclear(r);
		r = PQprepare(c, name, sql, 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			break;
		PQclear(r);
	}
	return outcome(c, r, ret);
}

/* PQexec(): no parameters, but several statements may share @sql. */
int pgs_cmd(PGconn *c, const char *sql)
{
	return outcome(c, PQexec(c, sql), NULL);
}

/* Notices ("relation exists, skipping") are not worth a log line. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *connect_one(struct pg_store *s)
{
	PGconn *c = PQconnectdb(s->conninfo);

	if (PQstatus(c) != CONNECTION_OK) {
		bc_log(LOG_ERR, "PostgreSQL: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	/* Every acknowledgement must be on disk (the server default). */
	if (pgs_cmd(c, "SET synchronous_commit = on") ||
	    pgs_cmd(c, "SET client_encoding = 'UTF8'")) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

PGconn *pgs_get(struct pg_store *s)
{
	PGconn *c = NULL;
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		for (i = 0; i < s->n_conns; i++)
			if (!s->busy[i])
				break;
		if (i < s->n_conns || s->n_conns < PG_POOL_MAX)
			break;
		pthread_cond_wait(&s->freed, &s->lock);
	}
	if (i == s->n_conns)
		s->conns[s->n_conns++] = NULL;
	s->busy[i] = true;
	c = s->conns[i];
	pthread_mutex_unlock(&s->lock);

	/* Connecting happens outside the lock: it can take a while. */
	if (c && PQstatus(c) != CONNECTION_OK) {
		PQreset(c);
		if (PQstatus(c) != CONNECTION_OK) {
			bc_log(LOG_ERR, "PostgreSQL: %s", PQerrorMessage(c));
			PQfinish(c);
			c = NULL;
		}
	}
	if (!c)
		c = connect_one(s);
	pthread_mutex_lock(&s->lock);
	s->conns[i] = c;
	if (!c)
		s->busy[i] = false;
	pthread_mutex_unlock(&s->lock);
	if (!c)
		pthread_cond_signal(&s->freed);
	return c;
}

void pgs_put(struct pg_store *s, PGconn *c)
{
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n_conns; i++) {
		if (s->conns[i] == c) {
			/* A transaction left open by an error path ends here. */
			if (PQtransactionStatus(c) != PQTRANS_IDLE)
				(void)pgs_cmd(c, "ROLLBACK");
			s->busy[i] = false;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	pthread_cond_signal(&s->freed);
}

static void pg_stats(struct store *base, struct group_stats *ret)
{
	group_stats(&to_pg(base)->group, ret);
}

static void pg_close(struct store *base)
{
	struct pg_store *s = to_pg(base);

	if (!s)
		return;
	pgs_roll_stop(s);
	for (size_t i = 0; i < s->n_conns; i++)
		PQfinish(s->conns[i]);
	free(s->conninfo);
	pthread_cond_destroy(&s->freed);
	pthread_mutex_destroy(&s->lock);
	group_destroy(&s->group);
	free(s);
}

static int pg_open(const char *uri, struct store **ret)
{
	struct pg_store *s = calloc(1, sizeof(*s));
	PGconn *c;
	int e;

	if (!s)
		return -ENOMEM;
	s->base.ops = &store_pg_ops;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	group_init(&s->group, &pgs_group_ops, s, PG_GROUP_MAX, PG_COMMITTERS);
	s->conninfo = strdup(uri);
	if (!s->conninfo) {
		pg_close(&s->base);
		return -ENOMEM;
	}
	c = pgs_get(s);
	if (!c) {
		pg_close(&s->base);
		return -ECONNREFUSED;
	}
	e = pgs_migrate(c, &s->standby);
	pgs_put(s, c);
	if (!e)
		e = pgs_roll_start(s);
	if (e) {
		pg_close(&s->base);
		return e;
	}
	*ret = &s->base;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Tokens                                                             */
/* ---------------------------------------------------------------- */

static void token_of(const PGresult *r, int row, struct store_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = pg_int(r, row, 0);
	snprintf(t->hash, sizeof(t->hash), "%s", PQgetvalue(r, row, 1));
	t->role = (enum store_role)pg_int(r, row, 2);
	store_token_split_modules(PQgetvalue(r, row, 3), t);
	snprintf(t->label, sizeof(t->label), "%s", PQgetvalue(r, row, 4));
	t->created = pg_int(r, row, 5);
	t->revoked = pg_int(r, row, 6);
}

static int pg_token_add(struct store *base, const struct store_token *t,
			int64_t *ret_id)
{
	struct pg_store *s = to_pg(base);
	char mods[STORE_MODULES_MAX * 58];
	struct pg_params p = { 0 };
	PGresult *r;
	PGconn *c;
	int e;

	store_token_join_modules(t, mods, sizeof(mods));
	pgp_str(&p, t->hash);
	pgp_int(&p, t->role);
	pgp_str(&p, mods);
	pgp_str(&p, t->label);
	pgp_int(&p, t->created);
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	e = pgs_exec(c,
		     "INSERT INTO tokens(hash, role, modules, label, created)"
		     " VALUES($1, $2, $3, $4, $5) RETURNING id",
		     &p, &r);
	if (!e) {
		*ret_id = pg_int(r, 0, 0);
		PQclear(r);
	}
	pgs_put(s, c);
	return e;
}

static int pg_token_find(struct store *base, const char *hash,
			 struct store_token *ret)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGresult *r;
	PGconn *c;
	int e;

	pgp_str(&p, hash);
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	e = pgs_exec_named(c, "bc_token",
			   "SELECT id, hash, role, modules, label, created,"
			   " revoked FROM tokens WHERE hash = $1"
			   " AND revoked = 0",
			   &p, &r);
	pgs_put(s, c);
	if (e)
		return e == -EINVAL ? -ENOENT : e;
	if (PQntuples(r) == 1)
		token_of(r, 0, ret);
	else
		e = -ENOENT;
	PQclear(r);
	return e;
}

static int pg_token_list(struct store *base,
			 int (*cb)(const struct store_token *t, void *data),
			 void *data)
{
	struct pg_store *s = to_pg(base);
	struct store_token t;
	PGresult *r;
	PGconn *c;
	int e;

	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	e = pgs_exec(c,
		     "SELECT id, hash, role, modules, label, created, revoked"
		     " FROM tokens ORDER BY id",
		     NULL, &r);
	pgs_put(s, c);
	if (e)
		return e;
	for (int i = 0; i < PQntuples(r) && !e; i++) {
		token_of(r, i, &t);
		e = cb(&t, data);
	}
	PQclear(r);
	return e;
}

static int pg_token_revoke(struct store *base, int64_t id, int64_t now)
{
	struct pg_store *s = to_pg(base);
	struct pg_params p = { 0 };
	PGresult *r;
	PGconn *c;
	int e;

	pgp_int(&p, id);
	pgp_int(&p, now > 0 ? now : 1);
	c = pgs_get(s);
	if (!c)
		return -ECONNREFUSED;
	e = pgs_exec(c,
		     "UPDATE tokens SET revoked = $2 WHERE id = $1"
		     " AND revoked = 0",
		     &p, &r);
	pgs_put(s, c);
	if (e)
		return e;
	if (strcmp(PQcmdTuples(r), "1"))
		e = -ENOENT;
	PQclear(r);
	return e;
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.stats = pg_stats,
	.settle = pg_settle,
	.roll_stats = pg_roll_stats,
	.token_add = pg_token_add,
	.token_find = pg_token_find,
	.token_list = pg_token_list,
	.token_revoke = pg_token_revoke,
	.ingest = pg_ingest,
	.failurehits = pg_failurehits,
	.bucket_details = pg_bucket_details,
	.bucket_stack = pg_bucket_stack,
	.sample_record = pg_sample_record,
	.top = pg_top,
	.response_add = pg_response_add,
	.responses_for = pg_responses_for,
	.retain = pg_retain,
	.count_update = pg_count_update,
	.collect_wants = pg_collect_wants,
	.collect_set = pg_collect_set,
	.collect_put = pg_collect_put,
	.collect_list = pg_collect_list,
	.collect_get = pg_collect_get,
	.census_add = pg_census_add,
	.census_rows = pg_census_rows,
	.census_retain = pg_census_retain,
	.response_edit = pg_response_edit,
};
