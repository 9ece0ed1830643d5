/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HyperLogLog sketches of distinct machines (Flajolet et al. 2007, with
 * the sparse form of Heule et al. 2013, "HyperLogLog in Practice"), one
 * per daily rollup row, merged at query time into the distinct machines
 * of any set of rows: the union of sketches is the sketch of the union.
 *
 * Precision p = 10: m = 1024 one-byte registers, standard error
 * 1.04 / sqrt(1024) = 3.25%.  A machine id is hashed with hll_hash():
 * FNV-1a 64 over its bytes, then MurmurHash3's fmix64 finaliser, which
 * spreads every input bit over all 64 output bits.
 *
 * Stored form (a blob, hll_store()/hll_merge_blob()):
 *   0 bytes        the empty sketch;
 *   4n bytes, n <= HLL_SPARSE_MAX (191)
 *                  sparse: n big-endian 32-bit entries, strictly
 *                  increasing, each (top 25 hash bits << 6 | rank of the
 *                  remaining 39 bits): exact registers at p' = 25, so
 *                  up to 191 machines are counted by linear counting
 *                  over 2^25 buckets (within one for small sets);
 *   768 bytes      dense, packed: the m 6-bit registers (a rank is at
 *                  most 55), four in three bytes, register i in bits
 *                  6i..6i+5 counting from bit 0 of byte 0; what
 *                  hll_store() writes, so that a SQLite row stays on its
 *                  b-tree page (a 1 KiB blob spills to an overflow page);
 *   1024 bytes     dense, one byte a register (PostgreSQL's PL/pgSQL
 *                  functions write it: get_byte/set_byte).
 * A row with a few machines thus costs 4 bytes per machine, and no row
 * more than 768 bytes (1 KiB on PostgreSQL).  Anything else is refused
 * (-EINVAL).
 */
#ifndef BUGCHECK_SERVER_HLL_H
#define BUGCHECK_SERVER_HLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HLL_P 10
#define HLL_M (1u << HLL_P)
#define HLL_SP 25 /* sparse precision */
#define HLL_SPARSE_MAX 191
#define HLL_PACKED (HLL_M / 4 * 3) /* bytes of the packed dense form */
#define HLL_BLOB_MAX HLL_M

struct hll {
	bool dense;
	unsigned int n; /* sparse entries */
	uint32_t sp[HLL_SPARSE_MAX];
	uint8_t reg[HLL_M];
};

uint64_t hll_hash(const void *data, size_t len);
void hll_init(struct hll *h);
void hll_add(struct hll *h, uint64_t hash);
/* The union of @h and @src, into @h. */
void hll_merge(struct hll *h, const struct hll *src);
/* The union of @h and a stored sketch; -EINVAL if @blob is malformed. */
int hll_merge_blob(struct hll *h, const void *blob, size_t len);
/* The stored form into @out (HLL_BLOB_MAX bytes); returns its length. */
size_t hll_store(const struct hll *h, uint8_t *out);
double hll_estimate(const struct hll *h);
/* hll_estimate() rounded to the nearest integer. */
uint64_t hll_count(const struct hll *h);

#endif /* BUGCHECK_SERVER_HLL_H */
