/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sub-commands of bugcheck-server, called from main.c's run().  Each
 * returns 0, or -errno; -EINVAL means a usage or configuration error.
 * These are top-level code: they log their own errors.
 */
#ifndef BUGCHECK_SERVER_CMD_H
#define BUGCHECK_SERVER_CMD_H

#include "config.h"
#include "store.h"

/* Opens the database of @db, logging a clear reason on failure. */
int cmd_open_store(const char *db, struct store **ret);

int cmd_token(int argc, char **argv);
int cmd_retention(int argc, char **argv);

/**
 * struct serve_args - where the serve command's settings come from
 * @config:  configuration file (CONFIG_DEFAULT_PATH if NULL)
 * @key, @val: command-line settings, applied after the file, again on
 *           every SIGHUP
 * @n:       entries in @key and @val
 */
#define SERVE_ARGS_MAX 32
struct serve_args {
	const char *config;
	const char *key[SERVE_ARGS_MAX];
	const char *val[SERVE_ARGS_MAX];
	unsigned int n;
};

/* Defaults, file, options into @c; logs the problem on failure. */
int serve_load(const struct serve_args *a, struct server_config *c);
int cmd_serve(const struct serve_args *a);

#endif /* BUGCHECK_SERVER_CMD_H */
