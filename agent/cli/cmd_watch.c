// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck watch: the live-report daemon (agent/live/live.h), run by
 * bugcheck-watch.service.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "live.h"
#include "log.h"

static void usage(FILE *f)
{
	fputs("usage: bugcheck watch [--no-bpf] [--config FILE] [--kmsg PATH]\n"
	      "                      [--quiet-ms N]\n"
	      "Report the failures the running kernel survives (warnings, hung\n"
	      "tasks, soft lockups, OOM kills, oopses) as live reports in the\n"
	      "spool, from its BPF programs and /dev/kmsg, until SIGTERM.\n"
	      "  --no-bpf       /dev/kmsg alone (as when BPF cannot load)\n"
	      "  --config FILE  agent.conf (default " BC_CONFIG_DEFAULT ")\n"
	      "  --kmsg PATH    the kernel log device (default /dev/kmsg)\n"
	      "  --quiet-ms N   a report is complete after N ms without a\n"
	      "                 kernel line (default 1000)\n",
	      f);
}

int bc_cmd_watch(int argc, char **argv)
{
	enum { OPT_NO_BPF = 256, OPT_KMSG, OPT_QUIET };
	static const struct option opts[] = {
		{ "no-bpf", no_argument, NULL, OPT_NO_BPF },
		{ "config", required_argument, NULL, 'c' },
		{ "kmsg", required_argument, NULL, OPT_KMSG },
		{ "quiet-ms", required_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct bc_live_opts lo = { .kmsg = "/dev/kmsg", .quiet_ms = 1000 };
	const char *arg_config = NULL;
	struct bc_config cfg;
	char err[1024], *end;
	unsigned long v;
	int o, ret;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":c:h", opts, NULL)) != -1) {
		switch (o) {
		case OPT_NO_BPF:
			lo.no_bpf = true;
			break;
		case 'c':
			arg_config = optarg;
			break;
		case OPT_KMSG:
			lo.kmsg = optarg;
			break;
		case OPT_QUIET:
			v = strtoul(optarg, &end, 10);
			if (*end || !*optarg || v < 10 || v > 60000) {
				bc_log(LOG_ERR,
				       "bugcheck watch: bad --quiet-ms '%s': use 10 to 60000\n",
				       optarg);
				return -EINVAL;
			}
			lo.quiet_ms = (unsigned int)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return bc_cli_bad_option("watch", o, argv);
		}
	}
	if (bc_cli_no_operands("watch", argc, argv))
		return -EINVAL;
	ret = bc_config_load(&cfg, arg_config, err, sizeof(err));
	if (ret) {
		bc_log(LOG_ERR, "bugcheck watch: %s\n", err);
		return -EINVAL;
	}
	lo.cfg = &cfg;
	lo.config = arg_config;
	ret = bc_live_run(&lo);
	return ret ? bc_fail(ret) : 0;
}
