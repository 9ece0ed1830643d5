/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classifier's generic-code table, generated into classify_gentab.c by
 * scripts/classify-gentab.py from Debian's linux-source-6.1 and
 * scripts/classify-generic.tsv (docs/classifier.md, "Generic code").
 */
#ifndef BUGCHECK_CLASSIFY_GENTAB_H
#define BUGCHECK_CLASSIFY_GENTAB_H

#include <stddef.h>
#include <stdint.h>

#include "classify_gentab_count.h"

/* category names, NULL terminated (index = bc_gen_cat[] value) */
extern const char *const bc_gen_categories[];
/* name-family patterns, NULL terminated (syntax of bc_func_matches()) */
extern const char *const bc_gen_families[];
/* generic function names of 6.1: NUL-separated, sorted by strcmp() */
extern const char bc_gen_blob[];
extern const uint32_t bc_gen_off[BC_GEN_COUNT];
extern const uint8_t bc_gen_cat[BC_GEN_COUNT];

#endif /* BUGCHECK_CLASSIFY_GENTAB_H */
