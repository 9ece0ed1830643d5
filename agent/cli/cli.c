// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the sub-commands' option parsing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "spool.h"
#include "log.h"

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
		bc_log(LOG_ERR, "bugcheck %s: option '%s' needs an argument\n",
		       cmd, argv[optind - 1]);
	else
		bc_log(LOG_ERR, "bugcheck %s: unknown option '%s'\n", cmd,
		       argv[optind - 1]);
	return -EINVAL;
}

/**
 * bc_cli_no_operands() - refuse operands after the options
 * @cmd: sub-command name, for the message
 *
 * Call after getopt_long() is done.  Returns 0, or -EINVAL (logged) when
 * argv[optind] is there.
 */
int bc_cli_no_operands(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	bc_log(LOG_ERR, "bugcheck %s: unexpected argument '%s'\n", cmd,
	       argv[optind]);
	return -EINVAL;
}

/**
 * bc_cli_spool_opts() - parse list's and show's options
 * @cmd:   sub-command name, for messages
 * @usage: prints the sub-command's --help text
 * @o:     filled from --json, --config and --spool-dir
 *
 * Return: 0 (optind is at the operands), BC_CLI_HELP after --help, or
 * -EINVAL.
 */
int bc_cli_spool_opts(const char *cmd, int argc, char **argv,
		      void (*usage)(FILE *f), struct bc_spool_opts *o)
{
	enum { OPT_SPOOL_DIR = 256 };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'c' },
		{ "spool-dir", required_argument, NULL, OPT_SPOOL_DIR },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jc:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'c':
			o->config = optarg;
			break;
		case OPT_SPOOL_DIR:
			o->spool_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return BC_CLI_HELP;
		default:
			return bc_cli_bad_option(cmd, c, argv);
		}
	}
	return 0;
}

/*
 * Shared by list, show and status: config + spool.  Returns 0, 1 when there
 * is no spool yet, -EINVAL for a bad configuration, -errno otherwise.
 */
int bc_spool_cli_open(const char *cmd, const char *config,
		      const char *spool_dir, struct bc_spool *sp)
{
	struct bc_config c;
	char err[1024];
	int ret;

	if (bc_config_load(&c, config, err, sizeof(err))) {
		bc_log(LOG_ERR, "bugcheck %s: %s\n", cmd, err);
		return -EINVAL;
	}
	if (spool_dir)
		snprintf(c.spool_dir, sizeof(c.spool_dir), "%s", spool_dir);
	ret = bc_spool_open(sp, &c, false);
	if (ret == -ENOENT)
		return 1; /* no spool yet */
	if (ret) {
		bc_log(LOG_ERR, "bugcheck %s: failed to open spool '%s': %s\n",
		       cmd, c.spool_dir, strerror(-ret));
		return bc_fail(ret);
	}
	return 0;
}
