/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Settings of bugcheck-server: built-in defaults, then the configuration
 * file (key = value lines), then command-line options, all through one
 * table of keys.  Library code: returns -errno and writes what was wrong
 * (file, line, key, value) into the caller's buffer; it never logs.
 */
#ifndef BUGCHECK_SERVER_CONFIG_H
#define BUGCHECK_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

#define CONFIG_DEFAULT_PATH "/etc/bugcheck/server.conf"
/* The unit's StateDirectory=bugcheck-server holds it. */
#define CONFIG_DEFAULT_DB "/var/lib/bugcheck-server/reports.sqlite"

/**
 * struct server_config - every setting of the serve command
 * @db:     database path (CONFIG_DEFAULT_DB unless set)
 * @listen: HOST:PORT; @http.listen points here after config_finish()
 * @tls_cert, @tls_key: PEM files, "" for plain HTTP
 * @session_secret: file with the dashboard's cookie key, "" for a random one
 * @http:   listener settings
 * @retention_days: the retention command keeps this many days (0: all)
 */
struct server_config {
	char db[4096];
	char listen[128];
	char tls_cert[4096];
	char tls_key[4096];
	char session_secret[4096];
	struct http_config http;
	unsigned int retention_days;
};

void config_defaults(struct server_config *c);
/* Points @c->http.listen at @c->listen (after copying the struct). */
void config_finish(struct server_config *c);

/* Decimal in @min..@max, nothing else; -EINVAL otherwise. */
int config_parse_ulong(const char *s, unsigned long min, unsigned long max,
		       unsigned long *ret);

/* Applies one setting by name ("max_body" or "max-body"); -EINVAL. */
int config_set(struct server_config *c, const char *key, const char *val,
	       char *err, size_t err_size);

/*
 * Reads @path; a missing file is -ENOENT (nothing changed), a bad line
 * -EINVAL with "path:line: ..." in @err.
 */
int config_read_file(struct server_config *c, const char *path, char *err,
		     size_t err_size);

#endif /* BUGCHECK_SERVER_CONFIG_H */
