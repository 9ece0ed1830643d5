/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal SHA-256 (FIPS 180-4) for the failure hash, the server's token
 * hashes and claim keys, so no user-space program needs a crypto library.
 */
#ifndef BUGCHECK_LIB_SHA256_H
#define BUGCHECK_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define BC_SHA256_LEN 32

struct bc_sha256 {
	uint32_t h[8]; /* chaining state */
	uint64_t total; /* bytes hashed so far */
	uint8_t buf[64]; /* partial block */
	size_t used; /* bytes in @buf */
};

void bc_sha256_init(struct bc_sha256 *s);
void bc_sha256_update(struct bc_sha256 *s, const void *data, size_t len);
void bc_sha256_final(struct bc_sha256 *s, uint8_t out[BC_SHA256_LEN]);
void bc_sha256(const void *data, size_t len, uint8_t out[BC_SHA256_LEN]);

#endif /* BUGCHECK_LIB_SHA256_H */
