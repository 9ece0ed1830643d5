// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/session.c: HMAC-SHA256 against RFC 4231's test
 * vectors (cases 1, 2 and 6, also what `openssl dgst -sha256 -hmac` gives),
 * cookies that round-trip, and cookies that are forged, tampered with,
 * expired or malformed; CSRF tokens bound to their cookie.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

#define TAP_SUITE "server session"
#include "tap.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void test_rfc4231(void)
{
	uint8_t key[131], md[32];
	char h[65];
	static const char big[] =
		"Test Using Larger Than Block-Size Key - Hash Key First";

	memset(key, 0x0b, 20);
	session_hmac(key, 20, "Hi There", 8, md);
	hex(md, 32, h);
	CHECK_STR(h, "b0344c61d8db38535ca8afceaf0bf12b"
		     "881dc200c9833da726e9376c2e32cff7");
	session_hmac("Jefe", 4, "what do ya want for nothing?", 28, md);
	hex(md, 32, h);
	CHECK_STR(h, "5bdcc146bf60754e6a042426089575c7"
		     "5a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof(key));
	session_hmac(key, sizeof(key), big, strlen(big), md);
	hex(md, 32, h);
	CHECK_STR(h, "60e431591ee0b67f0d8a26aacbf5b77f"
		     "8e0bc6213728c5140546040f0ee37f54");
}

static void test_cookie(void)
{
	struct session_keys k, other;
	char v[SESSION_VALUE_MAX], bad[SESSION_VALUE_MAX];
	int64_t id = 0, exp = 0;

	CHECK(session_keys_load(&k, NULL) == 0);
	CHECK(session_keys_load(&other, NULL) == 0);
	session_make(&k, 42, 2000000000, v);
	CHECK(!strncmp(v, "v1.42.2000000000.", 17));
	CHECK(session_check(&k, v, 1900000000, &id, &exp) == 0);
	CHECK(id == 42 && exp == 2000000000);
	/* another server secret: forged */
	CHECK(session_check(&other, v, 1900000000, &id, NULL) == -EINVAL);
	/* expired (the expiry itself is already too late) */
	CHECK(session_check(&k, v, 2000000000, &id, NULL) == -ETIMEDOUT);
	/* another token id or a later expiry with the old MAC */
	snprintf(bad, sizeof(bad), "v1.43%s", v + 5);
	CHECK(session_check(&k, bad, 1900000000, &id, NULL) == -EINVAL);
	snprintf(bad, sizeof(bad), "v1.42.2000000001%s", v + 16);
	CHECK(session_check(&k, bad, 1900000000, &id, NULL) == -EINVAL);
	/* one flipped MAC digit */
	snprintf(bad, sizeof(bad), "%s", v);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
	CHECK(session_check(&k, bad, 1900000000, &id, NULL) == -EINVAL);
	/* malformed */
	CHECK(session_check(&k, "", 0, &id, NULL) == -EINVAL);
	CHECK(session_check(&k, "v1.", 0, &id, NULL) == -EINVAL);
	CHECK(session_check(&k, "v1.-1.5.ab", 0, &id, NULL) == -EINVAL);
	CHECK(session_check(&k, "v1.042.2000000000.x", 0, &id, NULL) ==
	      -EINVAL);
	CHECK(session_check(&k, "v1.99999999999999999999.1.x", 0, &id, NULL) ==
	      -EINVAL);
	/* a digit appended to the MAC */
	strcpy(bad, v);
	strcat(bad, "0");
	CHECK(session_check(&k, bad, 1900000000, &id, NULL) == -EINVAL);
}

static void test_csrf(void)
{
	struct session_keys k;
	char v1[SESSION_VALUE_MAX], v2[SESSION_VALUE_MAX];
	char c1[SESSION_CSRF_LEN], c2[SESSION_CSRF_LEN];

	CHECK(session_keys_load(&k, NULL) == 0);
	session_make(&k, 1, 2000000000, v1);
	session_make(&k, 2, 2000000000, v2);
	session_csrf(&k, v1, c1);
	session_csrf(&k, v2, c2);
	CHECK(strlen(c1) == 64 && strcmp(c1, c2));
	CHECK(session_csrf_ok(&k, v1, c1));
	CHECK(!session_csrf_ok(&k, v1, c2));
	CHECK(!session_csrf_ok(&k, v1, NULL));
	CHECK(!session_csrf_ok(&k, v1, ""));
	CHECK(!session_csrf_ok(&k, v1, v1 + strlen(v1) - 64));
}

static void test_secret_file(void)
{
	struct session_keys a, b;
	char path[] = "/tmp/session_testXXXXXX";
	char v[SESSION_VALUE_MAX];
	int64_t id;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK(write(fd, "short", 5) == 5);
	CHECK(session_keys_load(&a, path) == -EINVAL);
	CHECK(write(fd, "-but-now-long-enough-for-a-secret", 33) == 33);
	close(fd);
	/* two servers with one secret file accept each other's cookies */
	CHECK(session_keys_load(&a, path) == 0);
	CHECK(session_keys_load(&b, path) == 0);
	session_make(&a, 7, 2000000000, v);
	CHECK(session_check(&b, v, 1, &id, NULL) == 0 && id == 7);
	unlink(path);
	CHECK(session_keys_load(&a, path) == -ENOENT);
}

int main(void)
{
	test_rfc4231();
	done("HMAC-SHA256 matches RFC 4231 cases 1, 2 and 6");
	test_cookie();
	done("cookies round-trip; forged, tampered, expired, malformed ones are refused");
	test_csrf();
	done("CSRF tokens belong to one cookie and are checked");
	test_secret_file();
	done("a secret file shared by two servers; a short or missing one is refused");
	return tap_end();
}
