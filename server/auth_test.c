// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/auth.c's token hash: the database keeps only
 * SHA-256 of each bearer token, so the hash of a given token must never
 * change (whatever computes SHA-256), and malformed tokens are refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"

#define TAP_SUITE "server auth"
#include "tap.h"

/*
 * The expected hash is `printf %s bct_0123...cdef | sha256sum` (GNU
 * coreutils), computed outside this code.
 */
static void test_known_vector(void)
{
	static const char token[] = "bct_0123456789abcdef0123456789abcdef"
				    "0123456789abcdef0123456789abcdef";
	char h[AUTH_HASH_LEN];

	CHECK(auth_token_hash(token, h) == 0);
	CHECK_STR(h, "e414bdb93faab34131b64198d6cc47d8"
		     "ba07b5e4969fd819320257378af64950");
}

static void test_new_tokens(void)
{
	char t1[AUTH_TOKEN_LEN], t2[AUTH_TOKEN_LEN];
	char h1[AUTH_HASH_LEN], h2[AUTH_HASH_LEN];

	CHECK(auth_token_new(t1) == 0 && auth_token_new(t2) == 0);
	CHECK(strcmp(t1, t2) != 0);
	CHECK(auth_token_hash(t1, h1) == 0 && auth_token_hash(t2, h2) == 0);
	CHECK(strlen(h1) == 64 && strcmp(h1, h2) != 0);
}

static void test_malformed(void)
{
	char h[AUTH_HASH_LEN];

	/* short, wrong prefix, upper-case hex, not hex */
	CHECK(auth_token_hash("bct_0123", h) == -EINVAL);
	CHECK(auth_token_hash("xyz_0123456789abcdef0123456789abcdef"
			      "0123456789abcdef0123456789abcdef",
			      h) == -EINVAL);
	CHECK(auth_token_hash("bct_0123456789ABCDEF0123456789abcdef"
			      "0123456789abcdef0123456789abcdef",
			      h) == -EINVAL);
	CHECK(auth_token_hash("bct_0123456789abcdef0123456789abcdef"
			      "0123456789abcdef0123456789abcdeg",
			      h) == -EINVAL);
	CHECK(auth_token_hash("", h) == -EINVAL);
}

int main(void)
{
	test_known_vector();
	done("token hash of a known token (sha256sum's value)");
	test_new_tokens();
	done("new tokens differ and hash to 64 hex digits");
	test_malformed();
	done("malformed tokens are refused");
	return tap_end();
}
