// SPDX-License-Identifier: GPL-2.0
/*
 * Agent configuration: the table of agent.conf keys for lib/conf.c's
 * parser, and the checks that are the agent's own (device type, token).
 * The file is trusted only as far as its syntax goes: every value is
 * checked against its key's type and range, and an error names the file,
 * the line and the offending value.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "config.h"

#define WORD_CHARS "_.-"
#define WORD_WHY "only letters, digits, '_', '.' and '-'"
#define TOKEN_CHARS "_-.~+/="

static int check_device(void *obj, const struct bc_conf_key *key, const char *v,
			char *why, size_t whylen);
static int check_token(void *obj, const struct bc_conf_key *key, const char *v,
		       char *why, size_t whylen);
static int set_token_file(void *obj, const struct bc_conf_key *key,
			  const char *v, char *why, size_t whylen);
static int set_collect_level(void *obj, const struct bc_conf_key *key,
			     const char *v, char *why, size_t whylen);

#define FIELD(f) \
	offsetof(struct bc_config, f), sizeof(((struct bc_config *)0)->f)
#define S(f, k)                                 \
	{                                       \
		.name = #f, .kind = k, FIELD(f) \
	}
#define N(f, k, lo, hi)                                               \
	{                                                             \
		.name = #f, .kind = k, FIELD(f), .min = lo, .max = hi \
	}

static const struct bc_conf_key keys[] = {
	S(spool_dir, BC_CONF_PATH),
	S(state_dir, BC_CONF_PATH),
	S(pstore_dir, BC_CONF_PATH),
	S(kdump_dir, BC_CONF_PATH),
	S(forward, BC_CONF_BOOL),
	S(server, BC_CONF_STR),
	{ .name = "token",
	  .kind = BC_CONF_STR,
	  FIELD(token),
	  .set = check_token },
	{ .name = "token_file", .kind = BC_CONF_FUNC, .set = set_token_file },
	S(allow_http, BC_CONF_BOOL),
	S(ca_file, BC_CONF_PATH),
	{ .name = "salt",
	  .kind = BC_CONF_STR,
	  FIELD(salt),
	  .chars = WORD_CHARS,
	  .chars_why = WORD_WHY },
	{ .name = "device_type",
	  .kind = BC_CONF_STR,
	  FIELD(device_type),
	  .set = check_device },
	{ .name = "market",
	  .kind = BC_CONF_STR,
	  FIELD(market),
	  .chars = WORD_CHARS,
	  .chars_why = WORD_WHY },
	S(send_log, BC_CONF_BOOL),
	N(spool_max_bytes, BC_CONF_SIZE, 65536, 1ULL << 40),
	N(spool_max_reports, BC_CONF_UINT, 1, 1000000),
	N(sent_keep, BC_CONF_UINT, 0, 100000),
	N(retry_min, BC_CONF_UINT, 1, 86400),
	N(retry_max, BC_CONF_UINT, 1, 7 * 86400),
	N(poll_interval, BC_CONF_UINT, 1, 7 * 86400),
	N(timeout, BC_CONF_UINT, 1, 3600),
	S(scrub_words, BC_CONF_STR),
	{ .name = "collect_level",
	  .kind = BC_CONF_FUNC,
	  .set = set_collect_level },
	N(extra_max_bytes, BC_CONF_SIZE, 0, 1ULL << 40),
	N(extra_keep_days, BC_CONF_UINT, 0, 3650),
	S(census, BC_CONF_BOOL),
	S(proc_dir, BC_CONF_PATH),
	S(sys_dir, BC_CONF_PATH),
	S(watch_bpf, BC_CONF_BOOL),
	N(watch_daily_cap, BC_CONF_UINT, 0, 1000000),
	N(watch_sample, BC_CONF_UINT, 1, 1000000),
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
	c->collect_level = BC_COLLECT_ASKED;
	c->extra_max_bytes = 16ULL << 20;
	c->extra_keep_days = 30;
	c->census = true;
	strcpy(c->proc_dir, "/proc");
	strcpy(c->sys_dir, "/sys");
	c->watch_bpf = true;
	c->watch_daily_cap = 32;
	c->watch_sample = 1;
}

static const char *const levels[] = {
	[BC_COLLECT_MINIMAL] = "minimal",
	[BC_COLLECT_ASKED] = "asked",
	[BC_COLLECT_FULL] = "full",
};

const char *bc_collect_level_name(enum bc_collect_level l)
{
	return l <= BC_COLLECT_FULL ? levels[l] : "?";
}

static int set_collect_level(void *obj, const struct bc_conf_key *key,
			     const char *v, char *why, size_t whylen)
{
	struct bc_config *c = obj;
	unsigned int i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(v, levels[i])) {
			c->collect_level = i;
			return 0;
		}
	snprintf(why, whylen,
		 "bad value '%s' for '%s': use minimal, asked or full", v,
		 key->name);
	return -EINVAL;
}

static bool all_chars(const char *v, const char *extra)
{
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr(extra, *v))
			return false;
	return true;
}

static int read_token_file(const char *path, char *tok, size_t size, char *why,
			   size_t whylen)
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

static int check_device(void *obj, const struct bc_conf_key *key, const char *v,
			char *why, size_t whylen)
{
	static const char *const types[] = { "server", "desktop", "laptop",
					     "vm", "unknown" };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(v, types[i]))
			return 0;
	snprintf(
		why, whylen,
		"bad value '%s' for '%s': use server, desktop, laptop, vm or unknown",
		v, key->name);
	return -EINVAL;
}

/* The token is a secret: the error does not repeat it. */
static int check_token(void *obj, const struct bc_conf_key *key, const char *v,
		       char *why, size_t whylen)
{
	if (all_chars(v, TOKEN_CHARS))
		return 0;
	snprintf(why, whylen, "bad value for 'token': not a bearer token");
	return -EINVAL;
}

static int set_token_file(void *obj, const struct bc_conf_key *key,
			  const char *v, char *why, size_t whylen)
{
	struct bc_config *c = obj;

	return read_token_file(v, c->token, sizeof(c->token), why, whylen);
}

int bc_config_load(struct bc_config *c, const char *path, char *err,
		   size_t errlen)
{
	bool must = path != NULL;
	int ret;

	bc_config_defaults(c);
	if (!path) {
		path = getenv(BC_CONFIG_ENV);
		must = path && *path;
		if (!must)
			path = BC_CONFIG_DEFAULT;
	}
	ret = bc_conf_load(path, c, keys, sizeof(keys) / sizeof(keys[0]), err,
			   errlen);
	if (ret == -ENOENT && !must) {
		if (errlen)
			*err = '\0';
		return 0;
	}
	if (ret)
		return -EINVAL;
	snprintf(c->path, sizeof(c->path), "%s", path);
	if (c->retry_max < c->retry_min) {
		snprintf(err, errlen,
			 "%s: retry_max (%u) is below retry_min (%u)", path,
			 c->retry_max, c->retry_min);
		return -EINVAL;
	}
	return 0;
}

int bc_config_check_forward(const struct bc_config *c, char *err, size_t errlen)
{
	const char *where = *c->path ? c->path : BC_CONFIG_DEFAULT;

	if (!*c->server) {
		snprintf(err, errlen, "%s: no 'server' set", where);
		return -EINVAL;
	}
	if (!strncmp(c->server, "http://", 7)) {
		if (!c->allow_http) {
			snprintf(
				err, errlen,
				"%s: server '%s' is plain HTTP; set 'allow_http = yes' to allow it",
				where, c->server);
			return -EINVAL;
		}
	} else if (strncmp(c->server, "https://", 8)) {
		snprintf(
			err, errlen,
			"%s: bad value '%s' for 'server': want an https:// URL",
			where, c->server);
		return -EINVAL;
	}
	if (!*c->token) {
		snprintf(err, errlen, "%s: no 'token' or 'token_file' set",
			 where);
		return -EINVAL;
	}
	return 0;
}
