// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server: the bucketing service.  main() only calls run(), which
 * dispatches to the serve command (cmd_serve.c) or the token command
 * (cmd_token.c), and turns its result into the exit status, here only:
 * 0 success, 1 failure, 2 usage or configuration error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "report.h"
#include "log.h"

#ifndef SERVER_VERSION
#define SERVER_VERSION "unknown"
#endif

#define EXIT_USAGE 2

static const char usage_text[] =
	"Usage:\n"
	"  bugcheck-server [serve] [--db PATH] [--listen HOST:PORT] [OPTIONS]\n"
	"  bugcheck-server token create|list|revoke ... (see token --help)\n"
	"  bugcheck-server retention [--config FILE] [--db PATH] [--days N]\n"
	"  bugcheck-server --version\n"
	"\n"
	"Bucketing server for bugcheck crash reports.  It ingests reports from\n"
	"agents over HTTP(S), counts them per failure bucket and answers\n"
	"analytics queries (failurehits, top, per-failure details, samples).\n"
	"\n"
	"serve (the default) runs the HTTP/1.1 service until SIGTERM or SIGINT.\n"
	"SIGHUP reads the configuration file again (options still override it)\n"
	"and applies rate, burst, max_body, quota and max_report_hits; the rest\n"
	"needs a restart.\n"
	"Settings come from defaults, then the configuration file, then options:\n"
	"  --config FILE       key = value file (default " CONFIG_DEFAULT_PATH
	",\n"
	"                      read only if present); keys are the option names\n"
	"                      with '_' for '-' (db, listen, max_body, ...)\n"
	"  --db PATH           SQLite database, created in WAL mode if missing\n"
	"                      (default " CONFIG_DEFAULT_DB ")\n"
	"  --listen ADDR       HOST:PORT or [V6]:PORT (default 127.0.0.1:8470);\n"
	"                      port 0 picks a free port, logged at start-up\n"
	"  --tls-cert FILE     PEM certificate chain: serve HTTPS (with --tls-key)\n"
	"  --tls-key FILE      PEM private key of --tls-cert\n"
	"  --threads N         HTTP worker threads (default 8, at most max-conns)\n"
	"  --rate R            requests per second allowed per token (default 50;\n"
	"                      0 disables the limit)\n"
	"  --burst N           requests a token may burst above the rate (default 100)\n"
	"  --quota N           reports an agent token may post per UTC day\n"
	"                      (default 10000; 0 disables the quota)\n"
	"  --max-report-hits N most hits one report adds: its count times its\n"
	"                      weight, capped at N (default 1000)\n"
	"  --max-body BYTES    largest request body (default 4194304)\n"
	"  --max-conns N       concurrent connections (default 512)\n"
	"  --timeout SECONDS   idle connection timeout (default 30)\n"
	"  --head-timeout SECONDS  time to send the whole request head (default 10)\n"
	"  --window-days N     failurehits serves the last N days (default 30)\n"
	"  --session-secret FILE  key of the dashboard's session cookies (32 bytes\n"
	"                      or more); servers sharing it share sessions\n"
	"                      (default: a random key, sessions end on restart)\n"
	"\n"
	"token create mints a bearer token (agent, vendor or admin), printed\n"
	"once; token list and token revoke manage them.\n"
	"\n"
	"  -h, --help          show this text\n"
	"  -V, --version       show the version and the failure hash versions\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage or configuration error.\n"
	"See docs/server.md for the HTTP API.\n";

/* Returns 1 after --help or --version, 0, or -errno. */
static int parse_serve(int argc, char **argv, struct serve_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 1 },
		{ "listen", required_argument, NULL, 1 },
		{ "threads", required_argument, NULL, 1 },
		{ "rate", required_argument, NULL, 1 },
		{ "burst", required_argument, NULL, 1 },
		{ "quota", required_argument, NULL, 1 },
		{ "max-report-hits", required_argument, NULL, 1 },
		{ "max-body", required_argument, NULL, 1 },
		{ "max-conns", required_argument, NULL, 1 },
		{ "timeout", required_argument, NULL, 1 },
		{ "head-timeout", required_argument, NULL, 1 },
		{ "window-days", required_argument, NULL, 1 },
		{ "tls-cert", required_argument, NULL, 1 },
		{ "tls-key", required_argument, NULL, 1 },
		{ "session-secret", required_argument, NULL, 1 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int c, idx;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hV", opts, &idx)) != -1) {
		switch (c) {
		case 'c':
			a->config = optarg;
			break;
		case 1:
			if (a->n == SERVE_ARGS_MAX) {
				bc_log(LOG_ERR, "Too many options\n");
				return -EINVAL;
			}
			a->key[a->n] = opts[idx].name;
			a->val[a->n++] = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'V':
			printf("bugcheck-server %s (failure hash versions 1..%d)\n",
			       SERVER_VERSION, REPORT_HASH_VERSION_MAX);
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (optind != argc) {
		bc_log(LOG_ERR, "Unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* Returns 1 (help printed), 0, or -errno; -EINVAL is a usage error. */
static int run(int argc, char **argv)
{
	struct serve_args a = { 0 };
	int r;

	if (argc > 1 && !strcmp(argv[1], "token"))
		return cmd_token(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "retention"))
		return cmd_retention(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "serve")) {
		argc--;
		argv++;
	} else if (argc > 1 && argv[1][0] != '-') {
		bc_log(LOG_ERR, "Unknown command '%s' (see --help)\n", argv[1]);
		return -EINVAL;
	}
	r = parse_serve(argc, argv, &a);
	if (r)
		return r;
	return cmd_serve(&a);
}

int main(int argc, char **argv)
{
	int r = run(argc, argv);

	if (r >= 0)
		return EXIT_SUCCESS;
	return r == -EINVAL ? EXIT_USAGE : EXIT_FAILURE;
}
