// SPDX-License-Identifier: GPL-2.0
/*
 * The table-driven configuration parser (conf.h).  Input is treated as
 * hostile: lines are bounded, every value is checked against its key's
 * type and range before it is stored.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

char *bc_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

bool bc_conf_bool(const char *v, bool *ret)
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
		case 'K':
			shift = 10;
			break;
		case 'M':
			shift = 20;
			break;
		case 'G':
			shift = 30;
			break;
		default:
			return false;
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

static int set_string(char *p, const struct bc_conf_key *key, const char *v,
		      char *why, size_t whylen)
{
	size_t i;

	if (key->kind == BC_CONF_PATH && *v != '/') {
		snprintf(why, whylen,
			 "bad value '%s' for '%s': not an absolute path", v,
			 key->name);
		return -EINVAL;
	}
	if (strlen(v) >= key->size) {
		snprintf(
			why, whylen,
			"bad value '%.64s...' for '%s': longer than %zu characters",
			v, key->name, key->size - 1);
		return -EINVAL;
	}
	for (i = 0; v[i]; i++) {
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
			snprintf(why, whylen,
				 "bad value for '%s': control character",
				 key->name);
			return -EINVAL;
		}
	}
	if (key->chars && !all_chars(v, key->chars)) {
		snprintf(why, whylen, "bad value '%s' for '%s': %s", v,
			 key->name, key->chars_why);
		return -EINVAL;
	}
	return 0;
}

static int set_number(const struct bc_conf_key *key, const char *v, uint64_t *n,
		      char *why, size_t whylen)
{
	bool size = key->kind == BC_CONF_SIZE;

	if (parse_num(v, size, n) && *n >= key->min && *n <= key->max)
		return 0;
	snprintf(why, whylen, "bad value '%s' for '%s': want %s %llu to %llu",
		 v, key->name,
		 size ? "a size (K/M/G suffix allowed) from" : "an integer",
		 (unsigned long long)key->min, (unsigned long long)key->max);
	return -EINVAL;
}

static const struct bc_conf_key *find_key(const struct bc_conf_key *keys,
					  size_t nkeys, const char *k)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (!strcmp(keys[i].name, k) ||
		    (keys[i].alias && !strcmp(keys[i].alias, k)))
			return &keys[i];
	return NULL;
}

int bc_conf_set(void *obj, const struct bc_conf_key *keys, size_t nkeys,
		const char *k, const char *v, char *why, size_t whylen)
{
	const struct bc_conf_key *key = find_key(keys, nkeys, k);
	char *p;
	uint64_t n = 0;
	bool b = false;
	int ret;

	if (!key) {
		snprintf(why, whylen, "unknown key '%s'", k);
		return -EINVAL;
	}
	p = (char *)obj + key->off;
	switch (key->kind) {
	case BC_CONF_STR:
	case BC_CONF_PATH:
		ret = set_string(p, key, v, why, whylen);
		break;
	case BC_CONF_BOOL:
		ret = 0;
		if (!bc_conf_bool(v, &b)) {
			snprintf(why, whylen,
				 "bad value '%s' for '%s': use yes or no", v,
				 k);
			ret = -EINVAL;
		}
		break;
	case BC_CONF_UINT:
	case BC_CONF_SIZE:
		ret = set_number(key, v, &n, why, whylen);
		break;
	case BC_CONF_FUNC:
		return key->set ? key->set(obj, key, v, why, whylen) : -EINVAL;
	default:
		return -EINVAL;
	}
	if (!ret && key->set)
		ret = key->set(obj, key, v, why, whylen);
	if (ret)
		return ret;
	switch (key->kind) {
	case BC_CONF_STR:
	case BC_CONF_PATH:
		memcpy(p, v, strlen(v) + 1);
		break;
	case BC_CONF_BOOL:
		*(bool *)p = b;
		break;
	case BC_CONF_UINT:
		*(unsigned int *)p = (unsigned int)n;
		break;
	case BC_CONF_SIZE:
		*(uint64_t *)p = n;
		break;
	default:
		break;
	}
	return 0;
}

/*
 * One parse: the keys seen so far (bit i for keys[i]), for BC_CONF_ONCE
 * and BC_CONF_REQUIRED.
 */
struct conf_parse {
	void *obj;
	const struct bc_conf_key *keys;
	size_t nkeys;
	uint64_t seen;
};

/* One line: 0 when applied or blank, -EINVAL with @why set. */
static int conf_line(struct conf_parse *cp, char *line, char *why,
		     size_t whylen)
{
	const struct bc_conf_key *key;
	char *k, *v, *eq;
	uint64_t bit;
	size_t len;

	k = bc_trim(line);
	if (!*k || *k == '#' || *k == ';')
		return 0;
	eq = strchr(k, '=');
	if (!eq) {
		snprintf(why, whylen, "expected 'key = value', not '%.80s'", k);
		return -EINVAL;
	}
	*eq = '\0';
	k = bc_trim(k);
	v = bc_trim(eq + 1);
	len = strlen(v);
	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		v[len - 1] = '\0';
		v++;
	}
	key = find_key(cp->keys, cp->nkeys, k);
	if (key) {
		bit = 1ULL << (key - cp->keys);
		if ((key->flags & BC_CONF_ONCE) && (cp->seen & bit)) {
			snprintf(why, whylen, "'%s' given twice", key->name);
			return -EINVAL;
		}
		cp->seen |= bit;
	}
	return bc_conf_set(cp->obj, cp->keys, cp->nkeys, k, v, why, whylen);
}

static int conf_start(struct conf_parse *cp, void *obj,
		      const struct bc_conf_key *keys, size_t nkeys, char *why,
		      size_t whylen)
{
	*cp = (struct conf_parse){ .obj = obj, .keys = keys, .nkeys = nkeys };
	if (nkeys > BC_CONF_MAX_KEYS) {
		snprintf(why, whylen, "key table larger than %d entries",
			 BC_CONF_MAX_KEYS);
		return -E2BIG;
	}
	return 0;
}

/* After the last line: a required key that was not seen is an error. */
static int conf_end(const struct conf_parse *cp, char *why, size_t whylen)
{
	size_t i;

	for (i = 0; i < cp->nkeys; i++) {
		if ((cp->keys[i].flags & BC_CONF_REQUIRED) &&
		    !(cp->seen & (1ULL << i))) {
			snprintf(why, whylen, "'%s' is missing",
				 cp->keys[i].name);
			return -EINVAL;
		}
	}
	return 0;
}

int bc_conf_parse(char *buf, void *obj, const struct bc_conf_key *keys,
		  size_t nkeys, unsigned int *lineno, char *why, size_t whylen)
{
	struct conf_parse cp;
	char *line, *next;
	int ret;

	*lineno = 0;
	ret = conf_start(&cp, obj, keys, nkeys, why, whylen);
	for (line = buf; !ret && line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		++*lineno;
		ret = conf_line(&cp, line, why, whylen);
	}
	if (ret)
		return ret;
	*lineno = 0;
	return conf_end(&cp, why, whylen);
}

int bc_conf_load(const char *path, void *obj, const struct bc_conf_key *keys,
		 size_t nkeys, char *err, size_t errlen)
{
	char line[2048], why[768];
	struct conf_parse cp;
	unsigned int lineno = 0;
	int ret;
	size_t len;
	FILE *f;

	ret = conf_start(&cp, obj, keys, nkeys, why, sizeof(why));
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, why);
		return ret;
	}
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		return ret;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		lineno++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			snprintf(err, errlen, "%s:%u: line too long", path,
				 lineno);
			ret = -EINVAL;
			break;
		}
		ret = conf_line(&cp, line, why, sizeof(why));
		if (ret)
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
	}
	fclose(f);
	if (!ret) {
		ret = conf_end(&cp, why, sizeof(why));
		if (ret)
			snprintf(err, errlen, "%s: %s", path, why);
	}
	return ret;
}
