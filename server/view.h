/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The API's JSON for the per-bucket views, built from the rows a store
 * backend returns (store.h).  This is the only place these shapes are
 * written, so every backend answers alike.
 */
#ifndef BUGCHECK_SERVER_VIEW_H
#define BUGCHECK_SERVER_VIEW_H

#include <json-c/json.h>

#include "store.h"

/* GET /api/v1/failures/{hash}: -ENOENT if missing or out of scope. */
int view_details(struct store *st, const char *hash,
		 const struct store_scope *scope, json_object **ret);
/* GET /api/v1/failures/{hash}/stacktrace */
int view_stack(struct store *st, const char *hash,
	       const struct store_scope *scope, json_object **ret);
/* The rows of GET /api/v1/top (without rank and shares) and the total. */
int view_top(struct store *st, const struct store_scope *scope,
	     unsigned int limit, json_object **ret_rows, uint64_t *ret_total);
/* [{"report_id", "found", "response"}] of POST /api/v1/responses/query. */
int view_answers(struct store *st, const char *const *ids, size_t n,
		 const struct store_scope *scope, json_object **ret);

#endif /* BUGCHECK_SERVER_VIEW_H */
