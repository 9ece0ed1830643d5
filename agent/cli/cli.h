/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sub-commands of the bugcheck command.  Each lives in agent/cli/cmd_<name>.c
 * and returns 0 or -errno: -EINVAL for a usage or configuration error, any
 * other -errno for a failure.  main.c alone turns that into the exit
 * status (bc_exit_status(): 0 ok, 1 failure, 2 usage or configuration
 * error).  argv[0] is the sub-command name.
 */
#ifndef BUGCHECK_CLI_H
#define BUGCHECK_CLI_H

#include <errno.h>

#define BC_EXIT_OK 0
#define BC_EXIT_FAILURE 1
#define BC_EXIT_USAGE 2

/* An option parser's return after it printed --help: stop, succeed. */
#define BC_CLI_HELP 1

/*
 * bc_fail() - a failure that is not a usage error: @err itself, unless it
 * is -EINVAL (which would read as a usage error) or not negative, then -EIO.
 */
static inline int bc_fail(int err)
{
	return err < 0 && err != -EINVAL ? err : -EIO;
}

/* bc_exit_status() - the exit status for a sub-command's return */
static inline int bc_exit_status(int ret)
{
	if (ret >= 0)
		return BC_EXIT_OK;
	return ret == -EINVAL ? BC_EXIT_USAGE : BC_EXIT_FAILURE;
}

struct bc_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

#include <stdbool.h>
#include <stdio.h>

struct bc_spool;

int bc_cli_bad_option(const char *cmd, int o, char **argv);
int bc_cli_no_operands(const char *cmd, int argc, char **argv);

/* Options of the spool readers (list, show): --json, --config, --spool-dir. */
struct bc_spool_opts {
	bool json;
	const char *config;
	const char *spool_dir;
};

int bc_cli_spool_opts(const char *cmd, int argc, char **argv,
		      void (*usage)(FILE *f), struct bc_spool_opts *o);
int bc_spool_cli_open(const char *cmd, const char *config,
		      const char *spool_dir, struct bc_spool *sp);

int bc_cmd_classify(int argc, char **argv);
int bc_cmd_collect(int argc, char **argv);
int bc_cmd_status(int argc, char **argv);
int bc_cmd_clear(int argc, char **argv);
int bc_cmd_forward(int argc, char **argv);
int bc_cmd_list(int argc, char **argv);
int bc_cmd_show(int argc, char **argv);
int bc_cmd_plugins(int argc, char **argv);
int bc_cmd_watch(int argc, char **argv);

#endif /* BUGCHECK_CLI_H */
