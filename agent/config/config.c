// SPDX-License-Identifier: GPL-2.0
/*
 * Agent configuration parser.  The file is trusted only as far as its
 * syntax goes: every value is checked against its key's type and range,
 * and an error names the file, the line and the offending value.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

enum kind { K_STR, K_PATH, K_BOOL, K_UINT, K_SIZE, K_DEVICE, K_MARKET };

struct key {
	const char *name;
	enum kind kind;
	size_t off;
	size_t size;		/* strings: buffer size */
	uint64_t min, max;	/* numbers */
};

#define S(f, k) { #f, k, offsetof(struct bc_config, f), \
		  sizeof(((struct bc_config *)0)->f), 0, 0 }
#define N(f, k, lo, hi) { #f, k, offsetof(struct bc_config, f), \
			  sizeof(((struct bc_config *)0)->f), lo, hi }

static const struct key keys[] = {
	S(spool_dir, K_PATH),
	S(state_dir, K_PATH),
	S(pstore_dir, K_PATH),
	S(kdump_dir, K_PATH),
	S(forward, K_BOOL),
	S(server, K_STR),
	S(token, K_STR),
	{ "token_file", K_PATH, 0, 0, 0, 0 },	/* handled specially */
	S(allow_http, K_BOOL),
	S(ca_file, K_PATH),
	S(salt, K_STR),
	S(device_type, K_DEVICE),
	S(market, K_MARKET),
	S(send_log, K_BOOL),
	N(spool_max_bytes, K_SIZE, 65536, 1ULL << 40),
	N(spool_max_reports, K_UINT, 1, 1000000),
	N(sent_keep, K_UINT, 0, 100000),
	N(retry_min, K_UINT, 1, 86400),
	N(retry_max, K_UINT, 1, 7 * 86400),
	N(poll_interval, K_UINT, 1, 7 * 86400),
	N(timeout, K_UINT, 1, 3600),
	S(scrub_words, K_STR),
};

void bc_config_defaults(struct bc_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->spool_dir, "/var/spool/bugcheck");
	strcpy(c->state_dir, "/var/lib/bugcheck");
	strcpy(c->pstore_dir, "/sys/fs/pstore");
	strcpy(c->kdump_dir, "/var/crash");
	strcpy(c->device_type, "unknown");
	c->send_log = true;
	c->spool_max_bytes = 16ULL << 20;
	c->spool_max_reports = 1000;
	c->sent_keep = 200;
	c->retry_min = 30;
	c->retry_max = 3600;
	c->poll_interval = 3600;
	c->timeout = 30;
}

static bool parse_bool(const char *v, bool *ret)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*ret = true;
			return true;
		}
		if (!strcasecmp(v, no[i])) {
			*ret = false;
			return true;
		}
	}
	return false;
}

static bool parse_num(const char *v, bool suffix, uint64_t *ret)
{
	unsigned long long n;
	char *end;
	int shift = 0;

	if (!isdigit((unsigned char)*v))
		return false;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno)
		return false;
	if (suffix && *end) {
		switch (toupper((unsigned char)*end)) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		default: return false;
		}
		end++;
		if (*end == 'i' || *end == 'I')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	if (*end || n > (UINT64_MAX >> shift))
		return false;
	*ret = (uint64_t)n << shift;
	return true;
}

static bool all_chars(const char *v, const char *extra)
{
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr(extra, *v))
			return false;
	return true;
}

static int read_token_file(const char *path, char *tok, size_t size,
			   char *why, size_t whylen)
{
	char buf[512];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "cannot read token file '%s': %s", path,
			 strerror(errno));
		return -EINVAL;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!*buf || strlen(buf) >= size || !all_chars(buf, "_-.~+/=")) {
		snprintf(why, whylen, "token file '%s' does not hold a token",
			 path);
		return -EINVAL;
	}
	strcpy(tok, buf);
	return 0;
}

/* Apply one "key = value"; fills @why on a bad value. */
static int set_key(struct bc_config *c, const char *k, const char *v,
		   char *why, size_t whylen)
{
	const struct key *key = NULL;
	uint64_t n;
	size_t i;
	char *p;
	bool b;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].name, k))
			key = &keys[i];
	if (!key) {
		snprintf(why, whylen, "unknown key '%s'", k);
		return -EINVAL;
	}
	if (!strcmp(k, "token_file"))
		return read_token_file(v, c->token, sizeof(c->token), why,
				       whylen);
	p = (char *)c + key->off;
	switch (key->kind) {
	case K_PATH:
		if (*v != '/') {
			snprintf(why, whylen, "bad value '%s' for '%s': not an absolute path", v, k);
			return -EINVAL;
		}
		/* fall through */
	case K_STR:
	case K_DEVICE:
	case K_MARKET:
		if (strlen(v) >= key->size) {
			snprintf(why, whylen, "bad value '%.64s...' for '%s': longer than %zu characters",
				 v, k, key->size - 1);
			return -EINVAL;
		}
		for (i = 0; v[i]; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
				snprintf(why, whylen, "bad value for '%s': control character", k);
				return -EINVAL;
			}
		if (key->kind == K_DEVICE &&
		    strcmp(v, "server") && strcmp(v, "desktop") &&
		    strcmp(v, "laptop") && strcmp(v, "vm") &&
		    strcmp(v, "unknown")) {
			snprintf(why, whylen, "bad value '%s' for '%s': use server, desktop, laptop, vm or unknown",
				 v, k);
			return -EINVAL;
		}
		if (key->kind == K_MARKET && !all_chars(v, "_.-")) {
			snprintf(why, whylen, "bad value '%s' for '%s': only letters, digits, '_', '.' and '-'",
				 v, k);
			return -EINVAL;
		}
		if (!strcmp(k, "salt") && !all_chars(v, "_.-")) {
			snprintf(why, whylen, "bad value '%s' for 'salt': only letters, digits, '_', '.' and '-'", v);
			return -EINVAL;
		}
		if (!strcmp(k, "token") && !all_chars(v, "_-.~+/=")) {
			snprintf(why, whylen, "bad value for 'token': not a bearer token");
			return -EINVAL;
		}
		strcpy(p, v);
		return 0;
	case K_BOOL:
		if (!parse_bool(v, &b)) {
			snprintf(why, whylen, "bad value '%s' for '%s': use yes or no", v, k);
			return -EINVAL;
		}
		*(bool *)p = b;
		return 0;
	case K_UINT:
	case K_SIZE:
		if (!parse_num(v, key->kind == K_SIZE, &n) || n < key->min ||
		    n > key->max) {
			snprintf(why, whylen, "bad value '%s' for '%s': want %s %llu to %llu",
				 v, k, key->kind == K_SIZE ? "a size (K/M/G suffix allowed) from" : "an integer",
				 (unsigned long long)key->min,
				 (unsigned long long)key->max);
			return -EINVAL;
		}
		if (key->kind == K_SIZE)
			*(uint64_t *)p = n;
		else
			*(unsigned int *)p = (unsigned int)n;
		return 0;
	}
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int bc_config_load(struct bc_config *c, const char *path, char *err,
		   size_t errlen)
{
	char line[2048], why[768], *k, *v, *eq;
	bool must = path != NULL;
	unsigned int lineno = 0;
	size_t len;
	FILE *f;
	int ret;

	bc_config_defaults(c);
	if (!path) {
		path = getenv(BC_CONFIG_ENV);
		must = path && *path;
		if (!must)
			path = BC_CONFIG_DEFAULT;
	}
	f = fopen(path, "re");
	if (!f) {
		if (!must && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		return -EINVAL;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			snprintf(err, errlen, "%s:%u: line too long", path,
				 lineno);
			fclose(f);
			return -EINVAL;
		}
		k = trim(line);
		if (!*k || *k == '#' || *k == ';')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: '%.80s' is not 'key = value'",
				 path, lineno, k);
			fclose(f);
			return -EINVAL;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		len = strlen(v);
		if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
			v[len - 1] = '\0';
			v++;
		}
		ret = set_key(c, k, v, why, sizeof(why));
		if (ret) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			fclose(f);
			return ret;
		}
	}
	fclose(f);
	if (c->retry_max < c->retry_min) {
		snprintf(err, errlen, "%s: retry_max (%u) is below retry_min (%u)",
			 path, c->retry_max, c->retry_min);
		return -EINVAL;
	}
	return 0;
}

int bc_config_check_forward(const struct bc_config *c, char *err,
			    size_t errlen)
{
	const char *where = *c->path ? c->path : BC_CONFIG_DEFAULT;

	if (!*c->server) {
		snprintf(err, errlen, "%s: no 'server' set", where);
		return -EINVAL;
	}
	if (!strncmp(c->server, "http://", 7)) {
		if (!c->allow_http) {
			snprintf(err, errlen, "%s: server '%s' is plain HTTP; set 'allow_http = yes' to allow it",
				 where, c->server);
			return -EINVAL;
		}
	} else if (strncmp(c->server, "https://", 8)) {
		snprintf(err, errlen, "%s: bad value '%s' for 'server': want an https:// URL",
			 where, c->server);
		return -EINVAL;
	}
	if (!*c->token) {
		snprintf(err, errlen, "%s: no 'token' or 'token_file' set", where);
		return -EINVAL;
	}
	return 0;
}
