// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck: command-line entry point.  run() dispatches to a sub-command
 * and returns 0 or -errno; main() alone turns that into the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"

static const struct bc_command commands[] = {
	{ "classify", bc_cmd_classify,
	  "classify kernel crash logs (failure name and hash)" },
	{ "collect", bc_cmd_collect,
	  "read crash records from bugcheck.ko and other sources" },
	{ "status", bc_cmd_status,
	  "show the capture region, slot use and module state" },
	{ "clear", bc_cmd_clear,
	  "empty collected (or, forced, any) record slots" },
	{ "forward", bc_cmd_forward,
	  "send spooled reports to the bucketing server (opt-in)" },
	{ "list", bc_cmd_list,
	  "list spooled and sent reports, with responses" },
	{ "show", bc_cmd_show, "show one report" },
	{ "plugins", bc_cmd_plugins,
	  "list vendor plug-ins (runtime exception modules), try them on records" },
	{ "watch", bc_cmd_watch,
	  "report the failures the running kernel survives (daemon)" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: bugcheck COMMAND [OPTIONS]\n"
		"       bugcheck COMMAND --help\n\n"
		"Linux kernel crash capture, classification and reporting.\n\n"
		"Commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f,
		"\nExit status: 0 ok, 1 failure, 2 usage or configuration error.\n");
}

static int run(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return -EINVAL;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	bc_log(LOG_ERR, "bugcheck: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return -EINVAL;
}

int main(int argc, char **argv)
{
	return bc_exit_status(run(argc, argv));
}
