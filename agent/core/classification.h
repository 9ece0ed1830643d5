/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's one way to get a classification: from a decoded record (the
 * record -> classifier adapter), for a dump without a crash report, and as
 * JSON.  Every command and test goes through these, so the facts that feed
 * the failure hash are chosen in one place.  Pure: no I/O.
 */
#ifndef BUGCHECK_AGENT_CLASSIFICATION_H
#define BUGCHECK_AGENT_CLASSIFICATION_H

#include <json-c/json.h>

#include "classify.h"
#include "record.h"

/**
 * bc_record_classify() - classify a decoded record
 * @r:   record from bc_record_decode()
 * @cls: result
 *
 * The classifier gets the record's log, message, reason, release, taint,
 * frames and modules.  @cls->panicked is the record's own answer: the
 * BUGCHECK_RF_PANICKED flag, or a panic added to the tail after an oops.
 *
 * Return: 1 when classified, 0 when not, -errno (bc_classify_facts()).
 */
int bc_record_classify(const struct bc_record *r,
		       struct bc_classification *cls);

/**
 * bc_classification_unknown() - classification of a dump with no crash
 * @k:   result
 * @why: what the dump was ("pstore", "kdump"), starts the title
 *
 * Class UNKNOWN, image vmlinux, function "unknown"; the failure name and
 * hash come from the classifier's own formatter.
 */
void bc_classification_unknown(struct bc_classification *k, const char *why);

/* bc_classification_json() flags */
#define BC_CLS_JSON_DETAIL 0x1 /* also kernel_release, taint, modules, frames */

/**
 * bc_classification_json() - a classification as a JSON object
 * @k:     classification
 * @flags: BC_CLS_JSON_*
 *
 * Members: title, class, code, image, function, failure_name,
 * failure_hash, corrupted, panicked, then the detail members.  Values are
 * the classifier's, unscrubbed (the report builder scrubs its own copy).
 *
 * Return: new object, or NULL when out of memory.
 */
struct json_object *bc_classification_json(const struct bc_classification *k,
					   unsigned int flags);

#endif /* BUGCHECK_AGENT_CLASSIFICATION_H */
