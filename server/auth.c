// SPDX-License-Identifier: GPL-2.0
/*
 * Bearer tokens and the per-token token-bucket rate limiter.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "auth.h"
#include "sha256.h"
#include "store.h"

static const char hexdig[] = "0123456789abcdef";

int auth_token_new(char out[AUTH_TOKEN_LEN])
{
	unsigned char rnd[32];
	size_t got = 0;

	while (got < sizeof(rnd)) {
		ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += n;
	}
	memcpy(out, "bct_", 4);
	for (size_t i = 0; i < sizeof(rnd); i++) {
		out[4 + 2 * i] = hexdig[rnd[i] >> 4];
		out[5 + 2 * i] = hexdig[rnd[i] & 15];
	}
	out[AUTH_TOKEN_LEN - 1] = '\0';
	return 0;
}

int auth_token_hash(const char *token, char out[AUTH_HASH_LEN])
{
	uint8_t md[BC_SHA256_LEN];
	size_t len = strnlen(token, AUTH_TOKEN_LEN);

	if (len != AUTH_TOKEN_LEN - 1 || strncmp(token, "bct_", 4))
		return -EINVAL;
	for (size_t i = 4; i < len; i++)
		if (!strchr(hexdig, token[i]) || !token[i])
			return -EINVAL;
	bc_sha256(token, len, md);
	for (size_t i = 0; i < sizeof(md); i++) {
		out[2 * i] = hexdig[md[i] >> 4];
		out[2 * i + 1] = hexdig[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

static const char *const role_names[] = {
	[ROLE_AGENT] = "agent",
	[ROLE_VENDOR] = "vendor",
	[ROLE_ADMIN] = "admin",
};

const char *auth_role_name(int role)
{
	if (role < 0 || role > ROLE_ADMIN)
		return "?";
	return role_names[role];
}

int auth_role_parse(const char *name)
{
	for (int i = 0; i <= ROLE_ADMIN; i++)
		if (!strcmp(name, role_names[i]))
			return i;
	return -EINVAL;
}

struct ratelimit_ent {
	int64_t id;
	double tokens;
	double last;
};

/* Entries idle long enough to be full again are recycled past this. */
#define RATELIMIT_MAX_ENTRIES 65536

void ratelimit_init(struct ratelimit *rl, double rate, double burst)
{
	memset(rl, 0, sizeof(*rl));
	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	pthread_mutex_init(&rl->lock, NULL);
}

void ratelimit_done(struct ratelimit *rl)
{
	free(rl->ent);
	rl->ent = NULL;
	pthread_mutex_destroy(&rl->lock);
}

static struct ratelimit_ent *find(struct ratelimit *rl, int64_t id, double now)
{
	struct ratelimit_ent *e;

	for (size_t i = 0; i < rl->n; i++)
		if (rl->ent[i].id == id)
			return &rl->ent[i];
	if (rl->n == rl->cap) {
		size_t cap = rl->cap ? rl->cap * 2 : 16;

		if (cap > RATELIMIT_MAX_ENTRIES) {
			/* Drop buckets that have refilled completely. */
			size_t o = 0;

			for (size_t i = 0; i < rl->n; i++)
				if ((now - rl->ent[i].last) * rl->rate +
					    rl->ent[i].tokens <
				    rl->burst)
					rl->ent[o++] = rl->ent[i];
			rl->n = o;
			if (rl->n == rl->cap)
				return NULL;
		} else {
			e = realloc(rl->ent, cap * sizeof(*e));
			if (!e)
				return NULL;
			rl->ent = e;
			rl->cap = cap;
		}
	}
	e = &rl->ent[rl->n++];
	e->id = id;
	e->tokens = rl->burst;
	e->last = now;
	return e;
}

void ratelimit_set(struct ratelimit *rl, double rate, double burst)
{
	size_t i;

	pthread_mutex_lock(&rl->lock);
	rl->rate = rate;
	rl->burst = burst;
	/* buckets keep what they hold, up to the new size */
	for (i = 0; i < rl->n; i++)
		if (rl->ent[i].tokens > burst)
			rl->ent[i].tokens = burst;
	pthread_mutex_unlock(&rl->lock);
}

bool ratelimit_take(struct ratelimit *rl, int64_t id, double now,
		    unsigned int *ret_retry_after)
{
	struct ratelimit_ent *e;
	bool ok = true;

	pthread_mutex_lock(&rl->lock);
	if (rl->rate <= 0)
		goto out;
	e = find(rl, id, now);
	if (!e) {
		/* Table full of active clients: refuse rather than grow. */
		*ret_retry_after = 1;
		ok = false;
		goto out;
	}
	if (now > e->last) {
		e->tokens += (now - e->last) * rl->rate;
		if (e->tokens > rl->burst)
			e->tokens = rl->burst;
		e->last = now;
	}
	if (e->tokens >= 1) {
		e->tokens -= 1;
	} else {
		double wait = (1 - e->tokens) / rl->rate;

		*ret_retry_after = (unsigned int)ceil(wait);
		if (!*ret_retry_after)
			*ret_retry_after = 1;
		ok = false;
	}
out:
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
