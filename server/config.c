// SPDX-License-Identifier: GPL-2.0
/*
 * Settings: one table of keys shared by the configuration file and the
 * command line (see config.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "config.h"

/*
 * lib/conf parses the lines and finds the key (by name or option
 * spelling); these setters check and store the value, and word the error
 * (key and value; lib/conf adds file and line).
 */
static int set_path(void *obj, const struct bc_conf_key *k, const char *v,
		    char *why, size_t whylen);
static int set_listen(void *obj, const struct bc_conf_key *k, const char *v,
		      char *why, size_t whylen);
static int set_number(void *obj, const struct bc_conf_key *k, const char *v,
		      char *why, size_t whylen);

/* Number storage: bc_conf_key.size says which type the field has. */
enum { N_UINT = 1, N_SIZE, N_U64, N_DOUBLE };

#define SC(f) offsetof(struct server_config, f)
#define PATH(n, a, f)                                                      \
	{                                                                  \
		.name = n, .alias = a, .kind = BC_CONF_FUNC, .off = SC(f), \
		.size = sizeof(((struct server_config *)0)->f),            \
		.set = set_path                                            \
	}
#define NUM(n, a, f, t, lo, hi)                                     \
	{                                                           \
		.name = n, .alias = a, .kind = BC_CONF_FUNC,        \
		.off = SC(http.f), .size = t, .min = lo, .max = hi, \
		.set = set_number                                   \
	}

static const struct bc_conf_key keys[] = {
	PATH("db", NULL, db),
	{ .name = "listen",
	  .kind = BC_CONF_FUNC,
	  .off = SC(listen),
	  .size = sizeof(((struct server_config *)0)->listen),
	  .set = set_listen },
	NUM("threads", NULL, threads, N_UINT, 1, 64),
	NUM("rate", NULL, rate, N_DOUBLE, 0, 1000000),
	NUM("burst", NULL, burst, N_DOUBLE, 1, 1000000),
	NUM("max_body", "max-body", max_body, N_SIZE, 1024, 64UL * 1024 * 1024),
	NUM("max_conns", "max-conns", max_conns, N_UINT, 1, 65536),
	NUM("timeout", NULL, timeout, N_UINT, 1, 3600),
	NUM("head_timeout", "head-timeout", head_timeout, N_UINT, 1, 3600),
	NUM("quota", NULL, quota, N_U64, 0, 1000000000),
	NUM("max_report_hits", "max-report-hits", max_report_hits, N_U64, 1,
	    1000000000),
	NUM("window_days", "window-days", window_days, N_UINT, 1, 36500),
	PATH("tls_cert", "tls-cert", tls_cert),
	PATH("tls_key", "tls-key", tls_key),
	PATH("session_secret", "session-secret", session_secret),
	{ .name = "retention_days",
	  .alias = "retention-days",
	  .kind = BC_CONF_FUNC,
	  .off = SC(retention_days),
	  .size = N_UINT,
	  .min = 0,
	  .max = 36500,
	  .set = set_number },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->db, sizeof(c->db), "%s", CONFIG_DEFAULT_DB);
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8470");
	c->http = (struct http_config){
		.threads = 8,
		.rate = 50,
		.burst = 100,
		.max_body = 4 * 1024 * 1024,
		.max_conns = 512,
		.timeout = 30,
		.head_timeout = 10,
		.quota = 10000,
		.max_report_hits = 1000,
		.window_days = 30,
	};
	config_finish(c);
}

void config_finish(struct server_config *c)
{
	c->http.listen = c->listen;
	c->http.tls_cert = c->tls_cert[0] ? c->tls_cert : NULL;
	c->http.tls_key = c->tls_key[0] ? c->tls_key : NULL;
	c->http.session_secret = c->session_secret[0] ? c->session_secret :
							NULL;
}

int config_parse_ulong(const char *s, unsigned long min, unsigned long max,
		       unsigned long *ret)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int bad_value(const struct bc_conf_key *k, const char *v, char *why,
		     size_t whylen)
{
	snprintf(why, whylen, "invalid value '%.200s' for %s", v, k->name);
	return -EINVAL;
}

static int set_path(void *obj, const struct bc_conf_key *k, const char *v,
		    char *why, size_t whylen)
{
	if (!*v || strlen(v) >= k->size)
		return bad_value(k, v, why, whylen);
	memcpy((char *)obj + k->off, v, strlen(v) + 1);
	return 0;
}

static int set_listen(void *obj, const struct bc_conf_key *k, const char *v,
		      char *why, size_t whylen)
{
	struct sockaddr_storage ss;
	unsigned int sl;

	if (http_parse_listen(v, &ss, &sl))
		return bad_value(k, v, why, whylen);
	return set_path(obj, k, v, why, whylen);
}

static int set_number(void *obj, const struct bc_conf_key *k, const char *v,
		      char *why, size_t whylen)
{
	char *p = (char *)obj + k->off;
	unsigned long n;

	if (config_parse_ulong(v, k->min, k->max, &n)) {
		snprintf(
			why, whylen,
			"invalid value '%.200s' for %s (an integer in %lu..%lu)",
			v, k->name, (unsigned long)k->min,
			(unsigned long)k->max);
		return -EINVAL;
	}
	if (k->size == N_UINT) {
		unsigned int u = n;

		memcpy(p, &u, sizeof(u));
	} else if (k->size == N_SIZE) {
		size_t z = n;

		memcpy(p, &z, sizeof(z));
	} else if (k->size == N_U64) {
		uint64_t q = n;

		memcpy(p, &q, sizeof(q));
	} else {
		double d = n;

		memcpy(p, &d, sizeof(d));
	}
	return 0;
}

int config_set(struct server_config *c, const char *key, const char *val,
	       char *err, size_t err_size)
{
	int r = bc_conf_set(c, keys, NKEYS, key, val, err, err_size);

	config_finish(c);
	return r;
}

int config_read_file(struct server_config *c, const char *path, char *err,
		     size_t err_size)
{
	int r = bc_conf_load(path, c, keys, NKEYS, err, err_size);

	config_finish(c);
	return r;
}
