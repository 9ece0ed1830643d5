// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck show ID: one spooled report (waiting: the full report as it
 * will be forwarded, before the machine id is added; sent: what the
 * server answered).
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
static const char *arg_id;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck show [--json] [--config FILE] [--spool-dir DIR] ID\n"
	      "\n"
	      "Show one report of the spool.  ID is a report id as \"bugcheck list\"\n"
	      "prints it, or a unique prefix of at least 6 hex digits.  A waiting report\n"
	      "is shown in full (classification, stack, scrubbed log); a sent one as the\n"
	      "server acknowledged it (bucket, hits, vendor response), with what its\n"
	      "bucket asked for later (the whole log tail, vendor data, a kdump dmesg)\n"
	      "and what was sent of it, when and why (collect_level in agent.conf).\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json            Print the stored JSON object.\n"
	      "  -c, --config FILE     Configuration file (default " BC_CONFIG_DEFAULT
	      ").\n"
	      "      --spool-dir DIR   Spool directory (default from the configuration).\n"
	      "  -h, --help            Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  shown\n"
	      "  1  no such report, the prefix is ambiguous, or the spool is unreadable\n"
	      "  2  usage or configuration error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck show 3f2a9c\n"
	      "  bugcheck show --json 3f2a9c | jq -r .log\n",
	      f);
}

static int parse_args(int argc, char **argv)
{
	int ret = bc_cli_spool_opts("show", argc, argv, usage, &opt);

	if (ret)
		return ret;
	if (optind != argc - 1) {
		bc_log(LOG_ERR, "bugcheck show: %s\n",
		       optind >= argc ? "missing report ID" :
					"only one report ID is allowed");
		return -EINVAL;
	}
	arg_id = argv[optind];
	if (strlen(arg_id) < 6 || strlen(arg_id) > 64 ||
	    strspn(arg_id, "0123456789abcdef") != strlen(arg_id)) {
		bc_log(LOG_ERR,
		       "bugcheck show: '%s' is not a report id (6 to 64 lowercase hex digits)\n",
		       arg_id);
		return -EINVAL;
	}
	return 0;
}

/* Find the report by id or prefix: 0 found, -ENOENT, -EEXIST (ambiguous). */
static int find(struct bc_spool *sp, char *id, bool *sent)
{
	struct bc_spool_entry *e;
	size_t n, i, len = strlen(arg_id);
	int pass, hits = 0;

	for (pass = 0; pass < 2; pass++) {
		if (bc_spool_list(sp, pass == 1, &e, &n))
			return -EIO;
		for (i = 0; i < n; i++)
			if (!strncmp(e[i].id, arg_id, len)) {
				if (hits && !strcmp(id, e[i].id))
					continue;
				hits++;
				strcpy(id, e[i].id);
				*sent = pass == 1;
			}
		free(e);
	}
	return hits == 1 ? 0 : hits ? -EEXIST : -ENOENT;
}

/*
 * Progressive collection (docs/privacy.md): what the report's bucket asked
 * for, and what was sent of it, when and why (sent/<id>.json "collect").
 */
static void collected(struct json_object *o)
{
	struct json_object *col, *v, *u, *b;
	size_t i;

	if (!json_object_object_get_ex(o, "collect", &col) || !col)
		return;
	if (json_object_object_get_ex(col, "wants", &v) &&
	    json_object_is_type(v, json_type_array)) {
		printf("bucket asked:  ");
		for (i = 0; i < json_object_array_length(v); i++)
			printf("%s%s", i ? ", " : "",
			       json_object_get_string(
				       json_object_array_get_idx(v, i)));
		printf("%s (%s, %s)\n",
		       json_object_array_length(v) ? "" : "nothing more",
		       bc_report_str(col, "asked_in") ?: "?",
		       bc_report_str(col, "asked_at") ?: "?");
	}
	if (!json_object_object_get_ex(col, "uploads", &v) ||
	    !json_object_is_type(v, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(v); i++) {
		u = json_object_array_get_idx(v, i);
		printf("extra data:    %s %s %s",
		       bc_report_str(u, "kind") ?: "?",
		       bc_report_str(u, "result") ?: "?",
		       bc_report_str(u, "at") ?: "?");
		if (json_object_object_get_ex(u, "bytes", &b))
			printf(", %lld bytes",
			       (long long)json_object_get_int64(b));
		printf(": %s\n", bc_report_str(u, "why") ?: "");
	}
}

/* What the spool keeps of a report for a bucket that may ask. */
static void kept(struct json_object *rep, const char *where)
{
	static const char *const kinds[] = { "log_tail", "vendor_data",
					     "kdump_dmesg" };
	struct json_object *x, *v;
	bool any = false;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		v = NULL;
		if (i == 0)
			json_object_object_get_ex(rep, "log", &v);
		else if (json_object_object_get_ex(rep, "extra", &x))
			json_object_object_get_ex(x, kinds[i], &v);
		if (!v || !json_object_get_string_len(v))
			continue;
		printf("%s%s (%d bytes)",
		       any ? ", " : "kept to send if asked: ", kinds[i],
		       json_object_get_string_len(v));
		any = true;
	}
	if (any)
		printf(" in %s\n", where);
}

static void text(struct json_object *o, bool sent)
{
	struct json_object *k, *v, *f;
	const char *log;
	size_t i;

	printf("report:        %s\n", bc_report_str(o, "report_id") ?: "?");
	printf("state:         %s\n",
	       sent ? bc_report_str(o, "status") ?: "sent" :
		      "waiting to be forwarded");
	printf("crash time:    %s\n", bc_report_str(o, "crash_time") ?: "?");
	printf("source:        %s\n", bc_report_str(o, "source") ?: "?");
	printf("event:         %s\n", bc_report_str(o, "event_type") ?: "?");
	printf("kernel:        %s\n",
	       bc_report_str(o, "kernel_release") ?: "?");
	k = NULL;
	json_object_object_get_ex(o, "classification", &k);
	if (!k)
		k = o;
	printf("title:         %s\n", bc_report_str(k, "title") ?: "?");
	printf("failure:       %s\n", bc_report_str(k, "failure_name") ?: "?");
	printf("failure hash:  %s\n", bc_report_str(k, "failure_hash") ?: "?");
	if (json_object_object_get_ex(o, "bucket_id", &v))
		printf("bucket:        %lld, %lld hits%s\n",
		       (long long)json_object_get_int64(v),
		       json_object_object_get_ex(o, "hits", &f) ?
			       (long long)json_object_get_int64(f) :
			       0LL,
		       json_object_object_get_ex(o, "duplicate", &f) &&
				       json_object_get_boolean(f) ?
			       " (the server already had it)" :
			       "");
	if (json_object_object_get_ex(o, "sent_at", &v))
		printf("sent at:       %s\n", json_object_get_string(v));
	if (json_object_object_get_ex(o, "response", &v) && v)
		printf("response:      %s%s%s\n",
		       bc_report_str(v, "message") ?: "",
		       bc_report_str(v, "link") ? "\n               " : "",
		       bc_report_str(v, "link") ?: "");
	if (json_object_object_get_ex(o, "error", &v) && v)
		printf("error:         %s\n", json_object_get_string(v));
	if (json_object_object_get_ex(o, "stack", &v) &&
	    json_object_is_type(v, json_type_array)) {
		printf("stack:\n");
		for (i = 0; i < json_object_array_length(v); i++) {
			f = json_object_array_get_idx(v, i);
			printf("  %s!%s+0x%llx\n",
			       bc_report_str(f, "module") ?: "vmlinux",
			       bc_report_str(f, "function") ?: "?",
			       (unsigned long long)json_object_get_int64(
				       json_object_object_get(f, "offset")));
		}
	}
	collected(o);
	log = bc_report_str(o, "log");
	if (log)
		printf("log (scrubbed, %zu bytes):\n%s%s", strlen(log), log,
		       *log && log[strlen(log) - 1] != '\n' ? "\n" : "");
}

int bc_cmd_show(int argc, char **argv)
{
	char id[65] = "";
	struct json_object *o, *x, *extra = NULL;
	struct bc_spool sp;
	bool sent = false;
	int ret;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	ret = bc_spool_cli_open("show", opt.config, opt.spool_dir, &sp);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		bc_log(LOG_ERR,
		       "bugcheck show: no report %s (the spool is empty)\n",
		       arg_id);
		return -ENOENT;
	}
	ret = find(&sp, id, &sent);
	if (!ret)
		ret = bc_spool_read(&sp, sent, id, &o);
	if (!ret && sent && !opt.json && !bc_spool_extra_read(&sp, id, &x))
		extra = x;
	bc_spool_close(&sp);
	if (ret) {
		bc_log(LOG_ERR, "bugcheck show: %s '%s'\n",
		       ret == -EEXIST ? "more than one report starts with" :
		       ret == -ENOENT ? "no report" :
					"cannot read report",
		       arg_id);
		return bc_fail(ret);
	}
	if (opt.json)
		printf("%s\n",
		       json_object_to_json_string_ext(
			       o, JSON_C_TO_STRING_PLAIN |
					  JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		text(o, sent);
	if (!opt.json && !sent)
		kept(o, "the spool, until the server asks (collect_level)");
	if (extra)
		kept(extra,
		     "the spool's extra/ (extra_keep_days, extra_max_bytes)");
	json_object_put(extra);
	json_object_put(o);
	return 0;
}
