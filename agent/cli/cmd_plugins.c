// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck plugins: list the configured runtime exception modules and
 * their probe results, or try them on saved crash records, the way the
 * agent asks them when it collects (agent/plugin.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "classification.h"
#include "classify.h"
#include "cli.h"
#include "plugin.h"
#include "record.h"
#include "log.h"

static bool arg_json;
static const char *arg_dir = BC_PLUGINS_DIR_DEFAULT;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck plugins [--dir DIR] [--json] [list]\n"
	      "       bugcheck plugins [--dir DIR] [--json] try RECORD...\n"
	      "\n"
	      "Runtime exception modules are vendor plug-ins (shared objects) that may\n"
	      "claim a crash and give it their own event name and signature, and so\n"
	      "their own bucket on the server.  Each is named by a *.conf file in the\n"
	      "plug-in directory (\"vendor = NAME\" and \"path = /abs/plugin.so\"); they are\n"
	      "asked in file-name order, each in a child process with a 2 s limit per\n"
	      "call, and the first valid claim wins.  See docs/plugins.md.\n"
	      "\n"
	      "Commands:\n"
	      "  list          Load the directory, probe every plug-in (dlopen, symbols,\n"
	      "                ABI version) and show each with its state.  The default.\n"
	      "  try RECORD    Decode each crash record file (one record, as bugcheck.ko's\n"
	      "                READ returns it, up to 1 MiB), classify it and ask the\n"
	      "                plug-ins about it; show every plug-in's outcome and the\n"
	      "                claim.  Nothing is spooled or sent.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR   Plug-in directory (default " BC_PLUGINS_DIR_DEFAULT
	      ").\n"
	      "  -j, --json      Print JSON (one object per line) instead of text.\n"
	      "  -h, --help      Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  list: every configuration file loaded and every plug-in passed its\n"
	      "     probe; try: every record was read and every asked plug-in answered\n"
	      "  1  a configuration file was refused, a plug-in is disabled, a record\n"
	      "     could not be read, or a plug-in failed (crashed, timed out, answered\n"
	      "     garbage); the other results are still shown\n"
	      "  2  usage error, or the directory cannot be read\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck plugins\n"
	      "  bugcheck plugins --dir ./plugins.d try slot3.bin\n",
	      f);
}

static void print_errors(const struct bc_plugins *p)
{
	unsigned int i;

	for (i = 0; i < p->nerrors; i++)
		bc_log(LOG_ERR, "bugcheck plugins: %s\n", p->errors[i]);
}

static int do_list(const struct bc_plugins *p)
{
	struct json_object *o, *a, *e;
	unsigned int i;
	bool bad = p->nerrors > 0;

	for (i = 0; i < p->n; i++)
		bad |= !p->p[i].enabled;
	if (!arg_json) {
		if (!p->n)
			printf("no plug-ins configured in %s\n", arg_dir);
		for (i = 0; i < p->n; i++)
			printf("%-2u %-20s %-8s %s%s%s\n", i + 1, p->p[i].id,
			       p->p[i].enabled ? "ok" : "disabled",
			       p->p[i].path, p->p[i].enabled ? "" : "\n   ",
			       p->p[i].enabled ? "" : p->p[i].detail);
		print_errors(p);
		return bad ? -EIO : 0;
	}
	o = json_object_new_object();
	a = json_object_new_array();
	for (i = 0; i < p->n; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "vendor",
				       json_object_new_string(p->p[i].id));
		json_object_object_add(e, "path",
				       json_object_new_string(p->p[i].path));
		json_object_object_add(e, "conf",
				       json_object_new_string(p->p[i].conf));
		json_object_object_add(
			e, "enabled", json_object_new_boolean(p->p[i].enabled));
		json_object_object_add(
			e, "status",
			json_object_new_string(
				p->p[i].enabled ?
					"ok" :
					bc_plugin_status_str(p->p[i].status)));
		json_object_object_add(
			e, "detail",
			p->p[i].enabled ?
				NULL :
				json_object_new_string(p->p[i].detail));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "dir", json_object_new_string(arg_dir));
	json_object_object_add(o, "plugins", a);
	a = json_object_new_array();
	for (i = 0; i < p->nerrors; i++)
		json_object_array_add(a, json_object_new_string(p->errors[i]));
	json_object_object_add(o, "errors", a);
	printf("%s\n", json_object_to_json_string_ext(
			       o, JSON_C_TO_STRING_PLAIN |
					  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return bad ? -EIO : 0;
}

static int read_file(const char *path, uint8_t **ret, size_t *len)
{
	size_t cap = BUGCHECK_MAX_SLOT_SIZE, got = 0;
	uint8_t *buf;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got <= cap && (n = read(fd, buf + got, cap + 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			close(fd);
			free(buf);
			return err;
		}
		got += n;
	}
	close(fd);
	if (got > cap) {
		free(buf);
		return -EFBIG;
	}
	*ret = buf;
	*len = got;
	return 0;
}

static void show_claim(const char *path, const struct bc_classification *cls,
		       bool have_cls, const struct bc_claim *c)
{
	struct json_object *o, *a, *e;
	unsigned int i;

	if (!arg_json) {
		printf("%s:\n", path);
		printf("  default:  %s  %s\n",
		       have_cls ? cls->failure_name : "(not classified)",
		       have_cls ? cls->failure_hash : "");
		for (i = 0; i < c->noutcomes; i++)
			printf("  %-20s %-12s %4u ms%s%s\n", c->outcomes[i].id,
			       bc_plugin_status_str(c->outcomes[i].status),
			       c->outcomes[i].ms,
			       c->outcomes[i].detail[0] ? "  " : "",
			       c->outcomes[i].detail);
		if (!c->claimed) {
			printf("  claim:    none, the default classification applies\n");
			return;
		}
		printf("  claim:    %s by %s\n", c->event_name, c->plugin);
		for (i = 0; i < c->nparams; i++)
			printf("    %s = %s\n", c->params[i].name,
			       c->params[i].value);
		if (c->debugger)
			printf("  debugger: %s\n", c->cmdline);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(path));
	json_object_object_add(
		o, "failure_name",
		have_cls ? json_object_new_string(cls->failure_name) : NULL);
	json_object_object_add(
		o, "failure_hash",
		have_cls ? json_object_new_string(cls->failure_hash) : NULL);
	a = json_object_new_array();
	for (i = 0; i < c->noutcomes; i++) {
		e = json_object_new_object();
		json_object_object_add(
			e, "vendor", json_object_new_string(c->outcomes[i].id));
		json_object_object_add(
			e, "status",
			json_object_new_string(
				bc_plugin_status_str(c->outcomes[i].status)));
		json_object_object_add(
			e, "detail",
			json_object_new_string(c->outcomes[i].detail));
		json_object_object_add(e, "ms",
				       json_object_new_int(c->outcomes[i].ms));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "outcomes", a);
	json_object_object_add(o, "claim", bc_claim_json(c));
	printf("%s\n", json_object_to_json_string_ext(
			       o, JSON_C_TO_STRING_PLAIN |
					  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static bool failed_status(enum bc_plugin_status s)
{
	return s != BC_PLUGIN_NOT_ASKED && s != BC_PLUGIN_DECLINED &&
	       s != BC_PLUGIN_CLAIMED;
}

static int try_one(const struct bc_plugins *p, const char *path)
{
	static struct bc_classification cls;
	struct bc_record *r = NULL;
	struct bc_claim *c;
	bool have_cls, bad = false;
	uint8_t *buf = NULL;
	size_t len = 0;
	unsigned int i;
	int ret;

	ret = read_file(path, &buf, &len);
	if (ret == -EFBIG) {
		bc_log(LOG_ERR,
		       "bugcheck plugins: '%s': larger than a record (%u bytes); for a region dump use bugcheck collect\n",
		       path, BUGCHECK_MAX_SLOT_SIZE);
		return -EFBIG;
	}
	if (ret < 0) {
		bc_log(LOG_ERR, "bugcheck plugins: Failed to read '%s': %s\n",
		       path, strerror(-ret));
		return bc_fail(ret);
	}
	ret = bc_record_decode(buf, len, &r);
	free(buf);
	if (ret < 0) {
		bc_log(LOG_ERR, "bugcheck plugins: Failed to decode '%s': %s\n",
		       path, strerror(-ret));
		return bc_fail(ret);
	}
	if (!r->primary_ok) {
		bc_log(LOG_ERR,
		       "bugcheck plugins: '%s': not a valid record (%s)\n",
		       path, bc_valid_str(r->valid));
		bc_record_free(r);
		return -EBADMSG;
	}
	have_cls = bc_record_classify(r, &cls) > 0;
	c = malloc(sizeof(*c));
	if (!c) {
		bc_record_free(r);
		return -ENOMEM;
	}
	ret = bc_plugins_claim(p, r, have_cls ? &cls : NULL, c);
	if (ret >= 0) {
		show_claim(path, &cls, have_cls, c);
		for (i = 0; i < c->noutcomes; i++)
			bad |= failed_status(c->outcomes[i].status);
	} else {
		bc_log(LOG_ERR,
		       "bugcheck plugins: Failed to ask the plug-ins about '%s': %s\n",
		       path, strerror(-ret));
	}
	free(c);
	bc_record_free(r);
	if (ret < 0)
		return bc_fail(ret);
	return bad ? -EIO : 0;
}

int bc_cmd_plugins(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bc_plugins *p = NULL;
	const char *cmd = "list";
	int c, i, ret, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			arg_dir = optarg;
			break;
		case 'j':
			arg_json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc)
		cmd = argv[optind++];
	if (strcmp(cmd, "list") && strcmp(cmd, "try")) {
		bc_log(LOG_ERR, "bugcheck plugins: unknown command '%s'\n",
		       cmd);
		usage(stderr);
		return -EINVAL;
	}
	if (!strcmp(cmd, "list") && optind < argc) {
		bc_log(LOG_ERR, "bugcheck plugins: list takes no arguments\n");
		return -EINVAL;
	}
	if (!strcmp(cmd, "try") && optind == argc) {
		bc_log(LOG_ERR,
		       "bugcheck plugins: try needs at least one record file\n");
		return -EINVAL;
	}
	/* Refusals and failures are shown here (the library logs nothing). */
	ret = bc_plugins_load(arg_dir, 0, &p);
	if (ret < 0) {
		bc_log(LOG_ERR, "bugcheck plugins: Failed to read '%s': %s\n",
		       arg_dir, strerror(-ret));
		return -EINVAL;
	}
	if (!strcmp(cmd, "list")) {
		status = do_list(p);
	} else {
		print_errors(p);
		if (p->nerrors)
			status = -EIO;
		for (i = optind; i < argc; i++)
			if (try_one(p, argv[i]) < 0)
				status = -EIO;
	}
	bc_plugins_free(p);
	return status;
}
