/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One table-driven "key = value" configuration parser for bugcheck's user
 * space.  A table of struct bc_conf_key says, for each key, where its value
 * goes in the caller's struct, its type and its range; the parser checks
 * every value against it and an error names the file, the line and the
 * value ("agent.conf:3: bad value 'lots' for 'spool_max_bytes': ...").
 * Library code: no logging, returns 0 or -errno and fills an error text.
 *
 * File syntax: one "key = value" a line; blank lines and lines starting
 * with '#' or ';' are ignored; white space around key and value is
 * dropped, and one pair of double quotes around a value too.
 *
 * Used by the agent (agent.conf), the plug-in loader (one file per
 * plug-in: keys given once, some required) and bugcheck-server (the same
 * table serves the file and the command-line options, hence @alias).
 */
#ifndef BUGCHECK_LIB_CONF_H
#define BUGCHECK_LIB_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bc_conf_kind {
	BC_CONF_STR, /* char[size]: printable, shorter than size */
	BC_CONF_PATH, /* like STR, and absolute */
	BC_CONF_BOOL, /* bool: yes/no, true/false, on/off, 1/0 */
	BC_CONF_UINT, /* unsigned int in [min, max] */
	BC_CONF_SIZE, /* uint64_t in [min, max], K/M/G suffix allowed */
	BC_CONF_FUNC, /* only @set decides */
};

/* bc_conf_key.flags, checked by bc_conf_parse() and bc_conf_load() */
#define BC_CONF_ONCE 0x1 /* a second line with the key is an error */
#define BC_CONF_REQUIRED 0x2 /* a file without the key is an error */
/* Tables bc_conf_parse() and bc_conf_load() accept (one bit per key). */
#define BC_CONF_MAX_KEYS 64

/**
 * struct bc_conf_key - one key of a configuration table
 * @name:  key as written in the file
 * @alias: a second spelling (bugcheck-server's option names), or NULL
 * @flags: BC_CONF_ONCE, BC_CONF_REQUIRED
 * @kind:  value type
 * @off:   offset of the value in the caller's struct
 * @size:  STR, PATH: buffer size
 * @min:   UINT, SIZE: smallest value allowed
 * @max:   UINT, SIZE: largest value allowed
 * @chars: STR: characters allowed besides letters and digits, or NULL
 * @chars_why: STR: what the error says when @chars is not met
 * @set:   called after the type checks, before the value is stored (for
 *         FUNC: instead of storing); returns 0, or -EINVAL with @why set
 */
struct bc_conf_key {
	const char *name;
	const char *alias;
	unsigned int flags;
	enum bc_conf_kind kind;
	size_t off;
	size_t size;
	uint64_t min, max;
	const char *chars;
	const char *chars_why;
	int (*set)(void *obj, const struct bc_conf_key *key, const char *v,
		   char *why, size_t whylen);
};

/**
 * bc_conf_set() - check and store one value
 * @obj:  the caller's struct
 * @keys: table, @nkeys entries
 * @k:    key
 * @v:    value
 * @why:  error text without file and line
 *
 * Return: 0, or -EINVAL (unknown key, bad value) with @why set.
 */
int bc_conf_set(void *obj, const struct bc_conf_key *keys, size_t nkeys,
		const char *k, const char *v, char *why, size_t whylen);

/**
 * bc_conf_parse() - apply a configuration held in memory
 * @buf:    the file's text, NUL-terminated; changed (lines are cut)
 * @obj:    the caller's struct, with its defaults already in place
 * @keys:   table, @nkeys entries (at most BC_CONF_MAX_KEYS)
 * @lineno: set to the line of the error, 0 for an error about the whole
 *          text (a required key missing)
 * @why:    error text without file and line
 *
 * Return: 0, or -EINVAL with @why and @lineno set.
 */
int bc_conf_parse(char *buf, void *obj, const struct bc_conf_key *keys,
		  size_t nkeys, unsigned int *lineno, char *why, size_t whylen);

/**
 * bc_conf_load() - apply a configuration file
 * @path: file
 * @obj:  the caller's struct, with its defaults already in place
 * @keys: table, @nkeys entries
 * @err:  error text: "<path>:<line>: <why>", "<path>: <why>" (a required
 *        key missing) or "<path>: cannot read: ..."
 *
 * Return: 0; -ENOENT when @path does not exist (@err set, the caller
 * decides whether that is an error); -EINVAL on a syntax error or bad
 * value, -errno when the file cannot be read.
 */
int bc_conf_load(const char *path, void *obj, const struct bc_conf_key *keys,
		 size_t nkeys, char *err, size_t errlen);

/* bc_conf_bool() - parse a boolean word; false when @v is none */
bool bc_conf_bool(const char *v, bool *ret);

/* bc_trim() - drop leading and trailing white space (in place) */
char *bc_trim(char *s);

#endif /* BUGCHECK_LIB_CONF_H */
