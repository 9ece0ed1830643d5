/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON form of a decoded crash record (json-c), as printed by
 * "bugcheck collect --json".  The keys are listed in docs/record-format.md.
 */
#ifndef BUGCHECK_JSON_RECORD_H
#define BUGCHECK_JSON_RECORD_H

#include <json-c/json.h>

#include "record.h"

struct json_object *bc_json_record(const struct bc_record *r);
struct json_object *bc_json_hex(uint64_t v);

#endif /* BUGCHECK_JSON_RECORD_H */
