// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck list: the reports in the spool, waiting and sent, with the
 * bucket and vendor response the server gave for each.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "report.h"
#include "spool.h"
#include "log.h"

static struct bc_spool_opts opt;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck list [--json] [--config FILE] [--spool-dir DIR]\n"
	      "\n"
	      "List the crash reports in the spool: those waiting to be forwarded and\n"
	      "those the server acknowledged (the newest sent_keep of them are kept).\n"
	      "For each: the report id, state (waiting, sent, duplicate = the server\n"
	      "already had it, rejected = the server refused it as invalid), crash time,\n"
	      "source (bugcheck, pstore, kdump), failure name, the server's bucket id\n"
	      "and hit count, and the vendor response (message and link) if one was\n"
	      "attached to the bucket.  A live report (bugcheck watch) also shows how\n"
	      "often its failure was seen this boot and how many of those the server\n"
	      "was told (count, count_sent).\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json            Print a JSON array instead of a table.\n"
	      "  -c, --config FILE     Configuration file (default " BC_CONFIG_DEFAULT
	      ").\n"
	      "      --spool-dir DIR   Spool directory (default from the configuration).\n"
	      "  -h, --help            Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  listed (an empty or missing spool lists nothing)\n"
	      "  1  the spool could not be read\n"
	      "  2  usage or configuration error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck list\n"
	      "  bugcheck list --json | jq '.[] | select(.response != null)'\n",
	      f);
}

static int parse_args(int argc, char **argv)
{
	int ret = bc_cli_spool_opts("list", argc, argv, usage, &opt);

	if (ret)
		return ret;
	return bc_cli_no_operands("list", argc, argv);
}

static struct json_object *get(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, k, &v);
	return v;
}

/*
 * A live report's count: how often its failure was seen this boot (the
 * larger of the report's and counts/<id>.json), and how many of those
 * the server was told ("count_sent").  Other reports have neither.
 */
static void counts(struct bc_spool *sp, struct json_object *f, bool sent,
		   const char *id, struct json_object *r)
{
	struct json_object *v;
	uint64_t n = 0, told = 0;

	if (json_object_object_get_ex(f, sent ? "count_sent" : "count", &v))
		n = told = (uint64_t)json_object_get_int64(v);
	if (!sent)
		told = 0;
	if (id) {
		uint64_t c;

		if (!bc_spool_count_get(sp, id, &c) && c > n)
			n = c;
	}
	if (!n)
		return;
	json_object_object_add(r, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(r, "count_sent",
			       json_object_new_int64((int64_t)told));
	if (json_object_object_get_ex(f, "count_refused", &v))
		json_object_object_add(r, "count_refused", json_object_get(v));
}

/* One row: the same keys whether waiting or sent. */
static struct json_object *row(struct bc_spool *sp, struct json_object *f,
			       bool sent)
{
	struct json_object *r = json_object_new_object(), *k, *v;
	const char *st = "waiting";

	json_object_object_add(r, "report_id",
			       json_object_get(get(f, "report_id")));
	if (sent) {
		st = bc_report_str(f, "status");
		if (st && !strcmp(st, "sent") && (v = get(f, "duplicate")) &&
		    json_object_get_boolean(v))
			st = "duplicate";
	}
	json_object_object_add(r, "state",
			       json_object_new_string(st ? st : "sent"));
	json_object_object_add(r, "crash_time",
			       json_object_get(get(f, "crash_time")));
	json_object_object_add(r, "source", json_object_get(get(f, "source")));
	k = get(f, "classification");
	json_object_object_add(r, "failure_name",
			       json_object_get(get(k ? k : f, "failure_name")));
	json_object_object_add(r, "failure_hash",
			       json_object_get(get(k ? k : f, "failure_hash")));
	json_object_object_add(r, "bucket_id",
			       json_object_get(get(f, "bucket_id")));
	json_object_object_add(r, "hits", json_object_get(get(f, "hits")));
	json_object_object_add(r, "sent_at",
			       json_object_get(get(f, "sent_at")));
	json_object_object_add(r, "response",
			       json_object_get(get(f, "response")));
	json_object_object_add(r, "error", json_object_get(get(f, "error")));
	counts(sp, f, sent, bc_report_str(f, "report_id"), r);
	return r;
}

int bc_cmd_list(int argc, char **argv)
{
	struct bc_spool_entry *e;
	struct json_object *all, *f, *r, *v;
	struct bc_spool sp;
	size_t n, i;
	int ret, pass;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	ret = bc_spool_cli_open("list", opt.config, opt.spool_dir, &sp);
	if (ret < 0)
		return ret;
	all = json_object_new_array();
	for (pass = 0; ret == 0 && pass < 2; pass++) {
		if (bc_spool_list(&sp, pass == 1, &e, &n)) {
			bc_log(LOG_ERR,
			       "bugcheck list: failed to read the spool\n");
			json_object_put(all);
			bc_spool_close(&sp);
			return -EIO;
		}
		for (i = 0; i < n; i++) {
			if (bc_spool_read(&sp, pass == 1, e[i].id, &f))
				continue;
			json_object_array_add(all, row(&sp, f, pass == 1));
			json_object_put(f);
		}
		free(e);
	}
	if (ret == 0)
		bc_spool_close(&sp);
	if (opt.json) {
		printf("%s\n",
		       json_object_to_json_string_ext(
			       all, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	} else if (!json_object_array_length(all)) {
		printf("no reports\n");
	} else {
		printf("%-32s  %-9s  %-20s  %-8s  %-7s  %s\n", "REPORT",
		       "STATE", "CRASH TIME", "SOURCE", "BUCKET",
		       "FAILURE / RESPONSE");
		for (i = 0; i < json_object_array_length(all); i++) {
			char bucket[32] = "-";

			r = json_object_array_get_idx(all, i);
			if ((v = get(r, "bucket_id")))
				snprintf(bucket, sizeof(bucket), "%lld",
					 (long long)json_object_get_int64(v));
			printf("%-32s  %-9s  %-20s  %-8s  %-7s  %s\n",
			       bc_report_str(r, "report_id") ?: "?",
			       bc_report_str(r, "state") ?: "?",
			       bc_report_str(r, "crash_time") ?: "?",
			       bc_report_str(r, "source") ?: "?", bucket,
			       bc_report_str(r, "failure_name") ?: "?");
			if ((v = get(r, "response")))
				printf("%-32s  response: %s%s%s\n", "",
				       bc_report_str(v, "message") ?: "",
				       bc_report_str(v, "link") ? "  " : "",
				       bc_report_str(v, "link") ?: "");
			if ((v = get(r, "error")))
				printf("%-32s  error: %s\n", "",
				       json_object_get_string(v));
			if ((v = get(r, "count")))
				printf("%-32s  count: %lld this boot, %lld told to the server%s%s\n",
				       "", (long long)json_object_get_int64(v),
				       (long long)json_object_get_int64(
					       get(r, "count_sent")),
				       get(r, "count_refused") ? "; refused: " :
								 "",
				       bc_report_str(r, "count_refused") ?: "");
		}
	}
	json_object_put(all);
	return 0;
}
