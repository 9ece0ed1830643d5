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

#include "config.h"

enum kind {
	K_PATH, /* offset: 0 db, 1 tls_cert, 2 tls_key */
	K_LISTEN,
	K_UINT, /* unsigned int field */
	K_SIZE, /* size_t field */
	K_U64, /* uint64_t field */
	K_DOUBLE, /* double field */
};

struct key {
	const char *name;
	const char *alias; /* the option spelling, with '-' */
	enum kind kind;
	size_t offset; /* into struct http_config */
	unsigned long min, max;
};

#define HC(f) offsetof(struct http_config, f)

static const struct key keys[] = {
	{ "db", NULL, K_PATH, 0, 0, 0 },
	{ "listen", NULL, K_LISTEN, 0, 0, 0 },
	{ "threads", NULL, K_UINT, HC(threads), 1, 64 },
	{ "rate", NULL, K_DOUBLE, HC(rate), 0, 1000000 },
	{ "burst", NULL, K_DOUBLE, HC(burst), 1, 1000000 },
	{ "max_body", "max-body", K_SIZE, HC(max_body), 1024,
	  64UL * 1024 * 1024 },
	{ "max_conns", "max-conns", K_UINT, HC(max_conns), 1, 65536 },
	{ "timeout", NULL, K_UINT, HC(timeout), 1, 3600 },
	{ "head_timeout", "head-timeout", K_UINT, HC(head_timeout), 1, 3600 },
	{ "quota", NULL, K_U64, HC(quota), 0, 1000000000 },
	{ "window_days", "window-days", K_UINT, HC(window_days), 1, 36500 },
	{ "tls_cert", "tls-cert", K_PATH, 1, 0, 0 },
	{ "tls_key", "tls-key", K_PATH, 2, 0, 0 },
};

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
		.window_days = 30,
	};
	config_finish(c);
}

void config_finish(struct server_config *c)
{
	c->http.listen = c->listen;
	c->http.tls_cert = c->tls_cert[0] ? c->tls_cert : NULL;
	c->http.tls_key = c->tls_key[0] ? c->tls_key : NULL;
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

static int set_path(char *dst, size_t size, const char *val)
{
	if (!*val || strlen(val) >= size)
		return -EINVAL;
	memcpy(dst, val, strlen(val) + 1);
	return 0;
}

int config_set(struct server_config *c, const char *key, const char *val,
	       char *err, size_t err_size)
{
	const struct key *k = NULL;
	char *base = (char *)&c->http;
	unsigned long v;
	int r = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].name) ||
		    (keys[i].alias && !strcmp(key, keys[i].alias)))
			k = &keys[i];
	if (!k) {
		snprintf(err, err_size, "unknown setting '%s'", key);
		return -EINVAL;
	}
	switch (k->kind) {
	case K_PATH:
		r = k->offset == 0 ? set_path(c->db, sizeof(c->db), val) :
		    k->offset == 1 ? set_path(c->tls_cert, sizeof(c->tls_cert),
					      val) :
				     set_path(c->tls_key, sizeof(c->tls_key),
					      val);
		break;
	case K_LISTEN: {
		struct sockaddr_storage ss;
		unsigned int sl;

		r = http_parse_listen(val, &ss, &sl);
		if (!r)
			r = set_path(c->listen, sizeof(c->listen), val);
		break;
	}
	default:
		r = config_parse_ulong(val, k->min, k->max, &v);
		if (r)
			break;
		if (k->kind == K_UINT)
			*(unsigned int *)(base + k->offset) = v;
		else if (k->kind == K_SIZE)
			*(size_t *)(base + k->offset) = v;
		else if (k->kind == K_U64)
			*(uint64_t *)(base + k->offset) = v;
		else
			*(double *)(base + k->offset) = v;
	}
	if (r) {
		if (k->kind == K_UINT || k->kind == K_SIZE ||
		    k->kind == K_U64 || k->kind == K_DOUBLE)
			snprintf(err, err_size,
				 "invalid value '%.200s' for %s (an integer in %lu..%lu)",
				 val, k->name, k->min, k->max);
		else
			snprintf(err, err_size, "invalid value '%.200s' for %s",
				 val, k->name);
		return -EINVAL;
	}
	config_finish(c);
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int config_read_file(struct server_config *c, const char *path, char *err,
		     size_t err_size)
{
	char line[4096], why[300];
	unsigned int n = 0;
	FILE *f = fopen(path, "re");
	int r = 0;

	if (!f) {
		r = -errno;
		snprintf(err, err_size, "cannot open '%s': %s", path,
			 strerror(-r));
		return r;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *s = trim(line);

		n++;
		if (!*s || *s == '#' || *s == ';')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, err_size, "%s:%u: expected key = value",
				 path, n);
			r = -EINVAL;
			break;
		}
		*eq = '\0';
		r = config_set(c, trim(s), trim(eq + 1), why, sizeof(why));
		if (r) {
			snprintf(err, err_size, "%s:%u: %s", path, n, why);
			break;
		}
	}
	fclose(f);
	return r;
}
