// SPDX-License-Identifier: GPL-2.0
/*
 * HyperLogLog sketches of distinct machines: see hll.h for the form and
 * its error.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "hll.h"

uint64_t hll_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 */

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	/* MurmurHash3 fmix64 */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

void hll_init(struct hll *h)
{
	h->dense = false;
	h->n = 0;
}

/* 1 + leading zeros of the low @bits bits of @v (bits + 1 when all 0). */
static unsigned int rank_of(uint64_t v, unsigned int bits)
{
	unsigned int r = 1;

	for (uint64_t bit = 1ull << (bits - 1); bit && !(v & bit); bit >>= 1)
		r++;
	return r;
}

static uint32_t sparse_entry(uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> (64 - HLL_SP));

	return idx << 6 | rank_of(hash, 64 - HLL_SP);
}

/* A sparse entry's dense register and rank. */
static void sparse_to_reg(uint32_t e, unsigned int *reg, unsigned int *rank)
{
	uint32_t idx = e >> 6;
	uint32_t low = idx & ((1u << (HLL_SP - HLL_P)) - 1);

	*reg = idx >> (HLL_SP - HLL_P);
	*rank = low ? rank_of(low, HLL_SP - HLL_P) :
		      (HLL_SP - HLL_P) + (e & 63);
}

static void reg_max(struct hll *h, unsigned int reg, unsigned int rank)
{
	if (h->reg[reg] < rank)
		h->reg[reg] = (uint8_t)rank;
}

static void to_dense(struct hll *h)
{
	memset(h->reg, 0, sizeof(h->reg));
	for (unsigned int i = 0; i < h->n; i++) {
		unsigned int reg, rank;

		sparse_to_reg(h->sp[i], &reg, &rank);
		reg_max(h, reg, rank);
	}
	h->dense = true;
	h->n = 0;
}

static void add_entry(struct hll *h, uint32_t e)
{
	unsigned int lo = 0, hi = h->n;

	if (h->dense) {
		unsigned int reg, rank;

		sparse_to_reg(e, &reg, &rank);
		reg_max(h, reg, rank);
		return;
	}
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (h->sp[mid] >> 6 < e >> 6)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->n && h->sp[lo] >> 6 == e >> 6) {
		if ((h->sp[lo] & 63) < (e & 63))
			h->sp[lo] = e;
		return;
	}
	if (h->n == HLL_SPARSE_MAX) {
		to_dense(h);
		add_entry(h, e);
		return;
	}
	memmove(&h->sp[lo + 1], &h->sp[lo], (h->n - lo) * sizeof(h->sp[0]));
	h->sp[lo] = e;
	h->n++;
}

void hll_add(struct hll *h, uint64_t hash)
{
	add_entry(h, sparse_entry(hash));
}

void hll_merge(struct hll *h, const struct hll *src)
{
	if (!src->dense) {
		for (unsigned int i = 0; i < src->n; i++)
			add_entry(h, src->sp[i]);
		return;
	}
	if (!h->dense)
		to_dense(h);
	for (unsigned int i = 0; i < HLL_M; i++)
		reg_max(h, i, src->reg[i]);
}

int hll_merge_blob(struct hll *h, const void *blob, size_t len)
{
	const uint8_t *b = blob;

	if (len == HLL_PACKED) {
		uint8_t reg[HLL_M];

		for (unsigned int i = 0, j = 0; i < HLL_M; i += 4, j += 3) {
			reg[i] = b[j] & 63;
			reg[i + 1] =
				(uint8_t)(b[j] >> 6 | (b[j + 1] & 15) << 2);
			reg[i + 2] =
				(uint8_t)(b[j + 1] >> 4 | (b[j + 2] & 3) << 4);
			reg[i + 3] = b[j + 2] >> 2;
		}
		return hll_merge_blob(h, reg, HLL_M);
	}
	if (len == HLL_M) {
		for (unsigned int i = 0; i < HLL_M; i++)
			if (b[i] > 64 - HLL_P + 1)
				return -EINVAL;
		if (!h->dense)
			to_dense(h);
		for (unsigned int i = 0; i < HLL_M; i++)
			reg_max(h, i, b[i]);
		return 0;
	}
	if (len % 4 || len / 4 > HLL_SPARSE_MAX)
		return -EINVAL;
	for (size_t i = 0, prev = 0; i < len; i += 4) {
		uint32_t e = (uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 |
			     (uint32_t)b[i + 2] << 8 | b[i + 3];
		unsigned int rank = e & 63;

		if ((e >> 31) || !rank || rank > 64 - HLL_SP + 1 ||
		    (i && e >> 6 <= prev))
			return -EINVAL;
		prev = e >> 6;
	}
	for (size_t i = 0; i < len; i += 4)
		add_entry(h, (uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 |
				     (uint32_t)b[i + 2] << 8 | b[i + 3]);
	return 0;
}

size_t hll_store(const struct hll *h, uint8_t *out)
{
	if (h->dense) {
		const uint8_t *r = h->reg;

		for (unsigned int i = 0, j = 0; i < HLL_M; i += 4, j += 3) {
			out[j] = (uint8_t)(r[i] | r[i + 1] << 6);
			out[j + 1] = (uint8_t)(r[i + 1] >> 2 | r[i + 2] << 4);
			out[j + 2] = (uint8_t)(r[i + 2] >> 4 | r[i + 3] << 2);
		}
		return HLL_PACKED;
	}
	for (unsigned int i = 0; i < h->n; i++) {
		out[4 * i] = (uint8_t)(h->sp[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h->sp[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h->sp[i] >> 8);
		out[4 * i + 3] = (uint8_t)h->sp[i];
	}
	return 4 * (size_t)h->n;
}

double hll_estimate(const struct hll *h)
{
	const double m = HLL_M, alpha = 0.7213 / (1 + 1.079 / m);
	double sum = 0, e;
	unsigned int zeros = 0;

	if (!h->dense) {
		/* linear counting over the 2^25 sparse registers */
		const double ms = (double)(1u << HLL_SP);

		return ms * log(ms / (ms - h->n));
	}
	for (unsigned int i = 0; i < HLL_M; i++) {
		sum += ldexp(1.0, -h->reg[i]);
		zeros += !h->reg[i];
	}
	e = alpha * m * m / sum;
	/* small-range correction: linear counting while registers are empty */
	if (e <= 2.5 * m && zeros)
		e = m * log(m / zeros);
	/* 64-bit hashes: no large-range correction below 2^50 or so */
	return e;
}

uint64_t hll_count(const struct hll *h)
{
	return (uint64_t)llround(hll_estimate(h));
}
