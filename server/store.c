// SPDX-License-Identifier: GPL-2.0
/*
 * Backend selection.  Only SQLite exists today; a "postgresql://" spec is
 * where a PostgreSQL backend (store_pg.c) would be chosen.
 */
#include <errno.h>
#include <string.h>

#include "store.h"

int store_open(const char *spec, struct store **ret)
{
	if (!strncmp(spec, "postgresql://", 13) ||
	    !strncmp(spec, "postgres://", 11))
		return -EPROTONOSUPPORT;
	return store_sqlite_ops.open(spec, ret);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}
