// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server retention: enforces the retention_days setting (or
 * --days) on the database of server.conf (or --db), on either backend.
 * The last N UTC days, today included, are kept; older daily rollups,
 * report-id records and quota counters go (see store_ops.retain).  Meant
 * for a daily timer; running it twice is harmless.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "log.h"

static const char usage_text[] =
	"Usage: bugcheck-server retention [--config FILE] [--db PATH] [--days N]\n"
	"\n"
	"Drops the daily counts of crash days, and the report-id records of\n"
	"reports received, before the last N UTC days (today included); N is\n"
	"retention_days of the configuration file unless --days gives it, and 0\n"
	"keeps everything.  Buckets, their totals, samples and responses stay.\n";

int cmd_retention(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 1 },
		{ "days", required_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct serve_args a = { 0 };
	struct server_config c;
	struct store *st;
	uint64_t rows = 0;
	int64_t before;
	int o, r;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			a.config = optarg;
			break;
		case 1:
		case 2:
			a.key[a.n] = o == 1 ? "db" : "retention_days";
			a.val[a.n++] = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (optind < argc) {
		bc_log(LOG_ERR, "Unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	r = serve_load(&a, &c);
	if (r)
		return r;
	if (!c.retention_days) {
		bc_log(LOG_INFO, "retention_days is 0: keeping everything\n");
		return 0;
	}
	if (c.retention_days < c.http.window_days)
		bc_log(LOG_WARNING,
		       "retention_days %u is shorter than window_days %u: failurehits will miss the older days\n",
		       c.retention_days, c.http.window_days);
	r = cmd_open_store(c.db, &st);
	if (r)
		return r;
	before = time(NULL) / 86400 - (int64_t)c.retention_days + 1;
	r = st->ops->retain(st, before, &rows);
	if (!r && st->ops->census_retain) {
		uint64_t census_rows = 0;

		r = st->ops->census_retain(st, before, &census_rows);
		rows += census_rows;
	}
	store_close(st);
	if (r) {
		bc_log(LOG_ERR, "Retention failed: %s\n", strerror(-r));
		return r;
	}
	bc_log(LOG_INFO, "Retention: kept %u days, removed %" PRIu64 " rows\n",
	       c.retention_days, rows);
	return 0;
}
