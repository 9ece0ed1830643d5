/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bearer tokens and the per-token rate limiter.
 *
 * A token is "bct_" followed by 64 hex digits (32 random bytes).  Only its
 * SHA-256 (hex) is stored, so a stolen database yields no usable token.
 */
#ifndef BUGCHECK_SERVER_AUTH_H
#define BUGCHECK_SERVER_AUTH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_TOKEN_LEN 69 /* "bct_" + 64 hex + NUL */
#define AUTH_HASH_LEN 65

int auth_token_new(char out[AUTH_TOKEN_LEN]);
/* Returns -EINVAL if @token is not of the token form. */
int auth_token_hash(const char *token, char out[AUTH_HASH_LEN]);

const char *auth_role_name(int role);
/* Returns the role or -EINVAL. */
int auth_role_parse(const char *name);

/**
 * struct ratelimit - token buckets, one per bearer token
 * @rate:    tokens added per second; 0 disables limiting
 * @burst:   bucket capacity
 * @lock:    protects the table
 * @ent:     table, sorted by nothing, linear probe (few tokens in practice)
 * @n:       entries in use
 * @cap:     entries allocated
 */
struct ratelimit {
	double rate;
	double burst;
	pthread_mutex_t lock;
	struct ratelimit_ent *ent;
	size_t n;
	size_t cap;
};

void ratelimit_init(struct ratelimit *rl, double rate, double burst);
void ratelimit_done(struct ratelimit *rl);
/* New rate and burst (SIGHUP); existing buckets are clipped to @burst. */
void ratelimit_set(struct ratelimit *rl, double rate, double burst);
/*
 * Takes one token for @id at time @now (seconds).  Returns true if the
 * request may proceed, else false with the seconds to wait in
 * @ret_retry_after.
 */
bool ratelimit_take(struct ratelimit *rl, int64_t id, double now,
		    unsigned int *ret_retry_after);

#endif /* BUGCHECK_SERVER_AUTH_H */
