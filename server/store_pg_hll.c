// SPDX-License-Identifier: GPL-2.0
/*
 * PostgreSQL backend: distinct machines (hll.h; the tables and the
 * PL/pgSQL sketch functions are migration 9 of store_pg_schema.c).
 * Ingest (store_pg_ingest.c) sends the machines' hashes, computed as
 * SQLite's are, to bugcheck_rollup() (migration 10) once per
 * transaction, which merges them into one sketch per distinct row;
 * failurehits fetches each group's sketches as hex and merges them here
 * (C is much faster at it than PL/pgSQL, and the union needs no
 * aggregate in the database).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"
#include "store_pg.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int pgs_hll_count(const char *hexlist, uint64_t *ret)
{
	struct hll *h = malloc(sizeof(*h));
	uint8_t blob[HLL_BLOB_MAX];
	const char *p = hexlist;
	int e = 0;

	if (!h)
		return -ENOMEM;
	hll_init(h);
	while (*p && !e) {
		size_t n = 0;

		while (*p && *p != ',') {
			int hi = hexval(p[0]), lo = hi < 0 ? -1 : hexval(p[1]);

			if (lo < 0 || n == sizeof(blob)) {
				e = -EINVAL;
				break;
			}
			blob[n++] = (uint8_t)(hi << 4 | lo);
			p += 2;
		}
		if (!e)
			e = hll_merge_blob(h, blob, n);
		if (*p == ',')
			p++;
	}
	if (!e)
		*ret = hll_count(h);
	free(h);
	return e;
}
