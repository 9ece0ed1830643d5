/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dashboard sessions: a vendor or admin bearer token is exchanged once
 * (POST /login) for a signed cookie, so the browser never keeps the token.
 *
 * Stateless: the cookie is "v1.<token id>.<expiry>.<mac>", where mac is
 * HMAC-SHA256 (RFC 2104) under a server secret over the id and expiry.
 * Any server holding the same secret accepts it; every request still looks
 * the token up, so revoking the token ends its sessions at once.
 *
 * CSRF: every cookie-authenticated POST must carry X-CSRF-Token, an HMAC
 * of the cookie under the same secret with another label (a per-session
 * token the page gets from /login or GET /api/v1/session; a script on
 * another origin can neither read it nor compute it).
 */
#ifndef BUGCHECK_SERVER_SESSION_H
#define BUGCHECK_SERVER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_COOKIE "bcsession"
#define SESSION_SECRET_LEN 32
#define SESSION_TTL_SECS (8 * 3600)
/* "v1." + id (19) + "." + expiry (20) + "." + 64 hex + NUL */
#define SESSION_VALUE_MAX 112
#define SESSION_CSRF_LEN 65 /* 64 hex + NUL */

/**
 * struct session_keys - the secret every cookie is signed with
 * @key: HMAC key, SESSION_SECRET_LEN bytes
 */
struct session_keys {
	uint8_t key[SESSION_SECRET_LEN];
};

/*
 * Loads the secret from @path (at least 32 bytes; only the first 4 KiB
 * are used, hashed down to the key), or makes a random one when @path is
 * NULL or "" (then sessions do not survive a restart and are not shared).
 * Returns 0, -errno, or -EINVAL for a file shorter than 32 bytes.
 */
int session_keys_load(struct session_keys *k, const char *path);

/* HMAC-SHA256 of @msg under @key (RFC 2104 with SHA-256's 64-byte block). */
void session_hmac(const void *key, size_t key_len, const void *msg,
		  size_t msg_len, uint8_t out[32]);

/* Writes the cookie value for @token_id, valid until @expires. */
void session_make(const struct session_keys *k, int64_t token_id,
		  int64_t expires, char out[SESSION_VALUE_MAX]);

/*
 * Checks a cookie value at time @now: 0 with the token id, -EINVAL for a
 * malformed or forged value, -ETIMEDOUT when it has expired.
 */
int session_check(const struct session_keys *k, const char *value, int64_t now,
		  int64_t *ret_token_id, int64_t *ret_expires);

/* The CSRF token that belongs to the cookie value @value. */
void session_csrf(const struct session_keys *k, const char *value,
		  char out[SESSION_CSRF_LEN]);

/* Constant-time check of a client's CSRF token against @value's. */
bool session_csrf_ok(const struct session_keys *k, const char *value,
		     const char *given);

struct store;
struct store_token;

/*
 * The live (not revoked) vendor or admin token with id @id: 0, or -ENOENT
 * (unknown, revoked, or an agent token), or the store's -errno.
 */
int session_token(struct store *st, int64_t id, struct store_token *ret);

#endif /* BUGCHECK_SERVER_SESSION_H */
