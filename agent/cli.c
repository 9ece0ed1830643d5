// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the sub-commands' option parsing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

/**
 * bc_cli_bad_option() - report what getopt_long() refused
 * @cmd:  sub-command name, for the message
 * @o:    getopt_long()'s return: ':' (missing argument) or '?'
 * @argv: the argument vector given to getopt_long()
 *
 * For option strings that start with ':'.  Returns -EINVAL.
 */
int bc_cli_bad_option(const char *cmd, int o, char **argv)
{
	if (o == ':')
		fprintf(stderr, "bugcheck %s: option '%s' needs an argument\n",
			cmd, argv[optind - 1]);
	else
		fprintf(stderr, "bugcheck %s: unknown option '%s'\n", cmd,
			argv[optind - 1]);
	return -EINVAL;
}
