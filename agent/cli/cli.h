/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sub-commands of the bugcheck command.  Each lives in agent/cmd_<name>.c
 * and returns an exit status: 0 ok, 1 failure, 2 usage or configuration
 * error.  argv[0] is the sub-command name.
 */
#ifndef BUGCHECK_CLI_H
#define BUGCHECK_CLI_H

#define BC_EXIT_OK 0
#define BC_EXIT_FAILURE 1
#define BC_EXIT_USAGE 2

struct bc_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

#include <stdbool.h>
#include <stdio.h>

struct bc_spool;

int bc_cli_bad_option(const char *cmd, int o, char **argv);

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

#endif /* BUGCHECK_CLI_H */
