// SPDX-License-Identifier: GPL-2.0
/*
 * Dashboard session cookies and CSRF tokens (see session.h).  Pure apart
 * from reading the secret file and getrandom().
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "session.h"
#include "sha256.h"
#include "store.h"

#define SECRET_READ_MAX 4096
#define HMAC_BLOCK 64

static const char hexdig[] = "0123456789abcdef";

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void session_hmac(const void *key, size_t key_len, const void *msg,
		  size_t msg_len, uint8_t out[32])
{
	uint8_t k[HMAC_BLOCK] = { 0 }, pad[HMAC_BLOCK], inner[BC_SHA256_LEN];
	struct bc_sha256 s;

	/* RFC 2104: a key longer than the block is hashed first */
	if (key_len > HMAC_BLOCK)
		bc_sha256(key, key_len, k);
	else
		memcpy(k, key, key_len);
	for (size_t i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	bc_sha256_init(&s);
	bc_sha256_update(&s, pad, sizeof(pad));
	bc_sha256_update(&s, msg, msg_len);
	bc_sha256_final(&s, inner);
	for (size_t i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	bc_sha256_init(&s);
	bc_sha256_update(&s, pad, sizeof(pad));
	bc_sha256_update(&s, inner, sizeof(inner));
	bc_sha256_final(&s, out);
	memset(k, 0, sizeof(k));
	memset(pad, 0, sizeof(pad));
}

int session_keys_load(struct session_keys *k, const char *path)
{
	uint8_t buf[SECRET_READ_MAX];
	size_t got = 0;
	int fd;

	if (!path || !*path) {
		while (got < sizeof(k->key)) {
			ssize_t n = getrandom(k->key + got,
					      sizeof(k->key) - got, 0);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				return -errno;
			}
			got += n;
		}
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < sizeof(buf)) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - got);

		if (n < 0) {
			int e = -errno;

			if (errno == EINTR)
				continue;
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	if (got < SESSION_SECRET_LEN)
		return -EINVAL;
	/* any length and encoding of secret becomes a 32-byte key */
	bc_sha256(buf, got, k->key);
	memset(buf, 0, sizeof(buf));
	return 0;
}

/* The MAC of "session-v1|<id>|<expires>", hex. */
static void mac_of(const struct session_keys *k, int64_t id, int64_t expires,
		   char out[65])
{
	char msg[64];
	uint8_t md[32];
	int n = snprintf(msg, sizeof(msg), "session-v1|%" PRId64 "|%" PRId64,
			 id, expires);

	session_hmac(k->key, sizeof(k->key), msg, (size_t)n, md);
	to_hex(md, sizeof(md), out);
}

void session_make(const struct session_keys *k, int64_t token_id,
		  int64_t expires, char out[SESSION_VALUE_MAX])
{
	char mac[65];

	mac_of(k, token_id, expires, mac);
	snprintf(out, SESSION_VALUE_MAX, "v1.%" PRId64 ".%" PRId64 ".%s",
		 token_id, expires, mac);
}

static bool same(const char *a, const char *b, size_t n)
{
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return !d;
}

/* A decimal in 1..INT64_MAX of at most 19 digits ending at '.' or NUL. */
static int parse_num(const char **p, char end, int64_t *ret)
{
	const char *s = *p;
	int64_t v = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 18 || (n == 0 && s[n] == '0'))
			return -EINVAL;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (!n || s[n] != end)
		return -EINVAL;
	*ret = v;
	*p = s + n + (end ? 1 : 0);
	return 0;
}

int session_check(const struct session_keys *k, const char *value, int64_t now,
		  int64_t *ret_token_id, int64_t *ret_expires)
{
	const char *p = value;
	int64_t id, expires;
	char mac[65];

	if (strnlen(value, SESSION_VALUE_MAX) >= SESSION_VALUE_MAX ||
	    strncmp(p, "v1.", 3))
		return -EINVAL;
	p += 3;
	if (parse_num(&p, '.', &id) || parse_num(&p, '.', &expires))
		return -EINVAL;
	if (strlen(p) != 64)
		return -EINVAL;
	mac_of(k, id, expires, mac);
	if (!same(mac, p, 64))
		return -EINVAL;
	if (expires <= now)
		return -ETIMEDOUT;
	*ret_token_id = id;
	if (ret_expires)
		*ret_expires = expires;
	return 0;
}

void session_csrf(const struct session_keys *k, const char *value,
		  char out[SESSION_CSRF_LEN])
{
	uint8_t md[32];
	struct bc_sha256 s;
	uint8_t msg[BC_SHA256_LEN + 8];

	/* a different label than the cookie's MAC: one never equals the other */
	bc_sha256_init(&s);
	bc_sha256_update(&s, value, strlen(value));
	memcpy(msg, "csrf-v1|", 8);
	bc_sha256_final(&s, msg + 8);
	session_hmac(k->key, sizeof(k->key), msg, sizeof(msg), md);
	to_hex(md, sizeof(md), out);
}

bool session_csrf_ok(const struct session_keys *k, const char *value,
		     const char *given)
{
	char want[SESSION_CSRF_LEN];

	if (!given || strnlen(given, SESSION_CSRF_LEN) != SESSION_CSRF_LEN - 1)
		return false;
	session_csrf(k, value, want);
	return same(want, given, SESSION_CSRF_LEN - 1);
}

struct token_by_id {
	int64_t id;
	struct store_token *ret;
	bool found;
};

static int match_id(const struct store_token *t, void *data)
{
	struct token_by_id *q = data;

	if (t->id != q->id)
		return 0;
	*q->ret = *t;
	q->found = true;
	return 1; /* stop the walk */
}

/*
 * The store has no lookup by id (only by hash), so this walks the token
 * list; tokens are few (one per agent fleet, vendor or admin).
 */
int session_token(struct store *st, int64_t id, struct store_token *ret)
{
	struct token_by_id q = { .id = id, .ret = ret };
	int r = st->ops->token_list(st, match_id, &q);

	if (r < 0)
		return r;
	if (!q.found || ret->revoked ||
	    (ret->role != ROLE_VENDOR && ret->role != ROLE_ADMIN))
		return -ENOENT;
	return 0;
}
