// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck status: what bugcheck.ko reports about its region and slots,
 * and whether (and how) the module is loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "config.h"
#include "genl.h"
#include "json_record.h"
#include "live.h"
#include "record.h"
#include "report.h"
#include "spool.h"
#include "log.h"

#define SYSFS_MODULE "/sys/module/bugcheck"
#define SYSFS_PARAMS SYSFS_MODULE "/parameters"
#define MAX_PARAMS 32

static bool arg_json;
static const char *arg_config;

struct param {
	char name[64];
	char value[256];
	bool readable;
};

static void usage(FILE *f)
{
	fputs("Usage: bugcheck status [--json] [--config FILE]\n"
	      "\n"
	      "Show the state of the crash capture: whether bugcheck.ko is loaded and\n"
	      "with which parameters (/sys/module/bugcheck/parameters), the reserved\n"
	      "region (physical address and size), slot size and count, layout and\n"
	      "record format versions, the capture reasons mask, crashes captured and\n"
	      "missed during this boot, and for every slot its validation verdict,\n"
	      "state, crash reason and sequence number.  Needs CAP_SYS_ADMIN to ask\n"
	      "the module.  Then the spool: reports waiting to be forwarded, reports\n"
	      "sent, reports evicted because the spool was full, and the results of\n"
	      "the last collect and the last forward.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json          Print one JSON object instead of text.\n"
	      "  -c, --config FILE   Configuration file (default " BC_CONFIG_DEFAULT
	      ").\n"
	      "  -h, --help          Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  the module answered\n"
	      "  1  the module is not loaded, or did not answer (the module state is\n"
	      "     still printed)\n"
	      "  2  usage or configuration error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck status\n"
	      "  bugcheck status --json | jq '.slots[] | select(.state == \"new\")'\n",
	      f);
}

static int param_cmp(const void *a, const void *b)
{
	return strcmp(((const struct param *)a)->name,
		      ((const struct param *)b)->name);
}

/* Read /sys/module/bugcheck/parameters/ (its files are root-only). */
static size_t read_params(struct param *p, size_t max)
{
	struct dirent *de;
	char path[512];
	size_t n = 0;
	ssize_t len;
	DIR *d;
	int fd;

	d = opendir(SYSFS_PARAMS);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p[n].name, sizeof(p[n].name), "%.63s", de->d_name);
		snprintf(path, sizeof(path), SYSFS_PARAMS "/%.63s", de->d_name);
		p[n].readable = false;
		p[n].value[0] = '\0';
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			len = read(fd, p[n].value, sizeof(p[n].value) - 1);
			if (len >= 0) {
				p[n].value[len] = '\0';
				p[n].value[strcspn(p[n].value, "\n")] = '\0';
				p[n].readable = true;
			}
			close(fd);
		}
		n++;
	}
	closedir(d);
	qsort(p, n, sizeof(*p), param_cmp);
	return n;
}

static void reasons_str(uint32_t mask, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < BUGCHECK_REASON_MAX && used < size; i++)
		if (mask & BUGCHECK_REASON_BIT(i))
			used += snprintf(buf + used, size - used, "%s%s",
					 used ? "," : "", bc_rec_reason_str(i));
}

static const struct bc_genl_slot *find_slot(const struct bc_genl_slot *s,
					    size_t n, uint32_t i)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (s[k].slot == i)
			return &s[k];
	return NULL;
}

static void print_text(bool loaded, const struct param *p, size_t np,
		       const struct bc_genl_status *st,
		       const struct bc_genl_slot *s, size_t ns, bool answered)
{
	char buf[256], boot[33];
	const struct bc_genl_slot *e;
	size_t i;

	printf("module:        %s\n", loaded ? "loaded" : "not loaded");
	for (i = 0; i < np; i++)
		printf("  %-13s %s\n", p[i].name,
		       p[i].readable ? p[i].value : "(not readable)");
	if (!answered)
		return;
	printf("region:        0x%llx, %llu bytes\n",
	       (unsigned long long)st->region_addr,
	       (unsigned long long)st->region_size);
	printf("slots:         %u x %u bytes\n", st->slot_count, st->slot_size);
	printf("versions:      layout %u, record %u\n", st->layout_version,
	       st->record_version);
	reasons_str(st->reasons, buf, sizeof(buf));
	printf("reasons:       0x%x (%s)\n", st->reasons, buf);
	bc_rec_boot_id_str(st->boot_id, boot, sizeof(boot));
	printf("boot id:       %s\n", boot);
	printf("this boot:     %u crashes captured, %u missed\n", st->crashes,
	       st->missed);
	if (st->have_vendors)
		printf("vendors:       %u registered\n", st->vendors);
	for (i = 0; i < st->slot_count; i++) {
		e = find_slot(s, ns, i);
		if (!e) {
			printf("slot %2zu:       empty\n", i);
			continue;
		}
		printf("slot %2zu:       %s, %s, %u bytes", i,
		       bc_valid_str(e->valid), bc_rec_state_str(e->state),
		       e->len);
		if (e->have_record) {
			bc_rec_time_str(e->wall_ns, buf, sizeof(buf));
			bc_rec_boot_id_str(e->boot_id, boot, sizeof(boot));
			printf(", %s, seq %llu, boot %.8s, %s",
			       bc_rec_reason_str(e->reason),
			       (unsigned long long)e->seq, boot, buf);
		}
		printf("\n");
	}
}

/* "module": loaded, the genl family answered, the parameters. */
static struct json_object *module_json(bool loaded, const struct param *p,
				       size_t np, bool answered)
{
	struct json_object *m = json_object_new_object(), *e;
	size_t i;

	json_object_object_add(m, "loaded", json_object_new_boolean(loaded));
	json_object_object_add(m, "genl_family",
			       json_object_new_boolean(answered));
	e = json_object_new_object();
	for (i = 0; i < np; i++)
		json_object_object_add(
			e, p[i].name,
			p[i].readable ? json_object_new_string(p[i].value) :
					NULL);
	json_object_object_add(m, "parameters", e);
	return m;
}

/* One entry of "slots": slot @i, @sl NULL when the slot is empty. */
static struct json_object *slot_json(size_t i, const struct bc_genl_slot *sl)
{
	struct json_object *e = json_object_new_object();
	char buf[64];

	json_object_object_add(e, "slot", json_object_new_int64(i));
	json_object_object_add(
		e, "verdict",
		json_object_new_string(sl ? bc_valid_str(sl->valid) : "empty"));
	json_object_object_add(
		e, "state",
		json_object_new_string(sl ? bc_rec_state_str(sl->state) :
					    "empty"));
	json_object_object_add(e, "len",
			       json_object_new_int64(sl ? sl->len : 0));
	if (!sl || !sl->have_record)
		return e;
	bc_rec_boot_id_str(sl->boot_id, buf, sizeof(buf));
	json_object_object_add(e, "boot_id", json_object_new_string(buf));
	json_object_object_add(e, "seq", json_object_new_uint64(sl->seq));
	json_object_object_add(
		e, "reason",
		json_object_new_string(bc_rec_reason_str(sl->reason)));
	json_object_object_add(e, "wall_ns",
			       json_object_new_uint64(sl->wall_ns));
	bc_rec_time_str(sl->wall_ns, buf, sizeof(buf));
	json_object_object_add(e, "wall_time", json_object_new_string(buf));
	json_object_object_add(e, "flags", json_object_new_int64(sl->flags));
	return e;
}

/* The region as the module reports it, added to @o (its keys, in order). */
static void region_json(struct json_object *o, const struct bc_genl_status *st,
			const struct bc_genl_slot *s, size_t ns)
{
	struct json_object *a, *e;
	char buf[64];
	size_t i;
	int k;

	e = json_object_new_object();
	json_object_object_add(e, "address", bc_json_hex(st->region_addr));
	json_object_object_add(e, "size",
			       json_object_new_uint64(st->region_size));
	json_object_object_add(o, "region", e);
	json_object_object_add(o, "slot_size",
			       json_object_new_int64(st->slot_size));
	json_object_object_add(o, "slot_count",
			       json_object_new_int64(st->slot_count));
	json_object_object_add(o, "layout_version",
			       json_object_new_int64(st->layout_version));
	json_object_object_add(o, "record_version",
			       json_object_new_int64(st->record_version));
	json_object_object_add(o, "reasons",
			       json_object_new_int64(st->reasons));
	a = json_object_new_array();
	for (k = 0; k < BUGCHECK_REASON_MAX; k++)
		if (st->reasons & BUGCHECK_REASON_BIT(k))
			json_object_array_add(a, json_object_new_string(
							 bc_rec_reason_str(k)));
	json_object_object_add(o, "reason_names", a);
	bc_rec_boot_id_str(st->boot_id, buf, sizeof(buf));
	json_object_object_add(o, "boot_id", json_object_new_string(buf));
	json_object_object_add(o, "crashes",
			       json_object_new_int64(st->crashes));
	json_object_object_add(o, "missed", json_object_new_int64(st->missed));
	json_object_object_add(
		o, "vendors",
		st->have_vendors ? json_object_new_int64(st->vendors) : NULL);
	a = json_object_new_array();
	for (i = 0; i < st->slot_count; i++)
		json_object_array_add(a, slot_json(i, find_slot(s, ns, i)));
	json_object_object_add(o, "slots", a);
}

static struct json_object *watch_info(void);

static void print_json(bool loaded, const struct param *p, size_t np,
		       const struct bc_genl_status *st,
		       const struct bc_genl_slot *s, size_t ns, bool answered,
		       struct json_object *spool)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "module",
			       module_json(loaded, p, np, answered));
	if (answered)
		region_json(o, st, s, ns);
	json_object_object_add(o, "spool", json_object_get(spool));
	json_object_object_add(o, "watch", watch_info());
	printf("%s\n", json_object_to_json_string_ext(
			       o, JSON_C_TO_STRING_PLAIN |
					  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/*
 * Sent live reports whose failure was seen again since the server was
 * told: the count updates the next "bugcheck forward" sends.
 */
static int64_t counts_waiting(struct bc_spool *sp)
{
	struct bc_spool_entry *e;
	struct json_object *m, *v;
	uint64_t c;
	int64_t waiting = 0;
	size_t n, i;

	if (bc_spool_count_list(sp, &e, &n))
		return 0;
	for (i = 0; i < n; i++) {
		if (bc_spool_count_get(sp, e[i].id, &c) ||
		    bc_spool_read(sp, true, e[i].id, &m))
			continue;
		if (!json_object_object_get(m, "count_refused") &&
		    !strcmp(bc_report_str(m, "status") ?: "", "sent") &&
		    (!json_object_object_get_ex(m, "count_sent", &v) ||
		     json_object_get_int64(v) < (int64_t)c))
			waiting++;
		json_object_put(m);
	}
	free(e);
	return waiting;
}

/* Spool depth and the last collect/forward results, as one object. */
static struct json_object *spool_info(int *rc)
{
	struct bc_spool_entry *e;
	struct json_object *o, *st, *v, *e2;
	struct bc_spool sp;
	size_t n;
	int ret;

	ret = bc_spool_cli_open("status", arg_config, NULL, &sp);
	if (ret < 0) {
		*rc = ret;
		return NULL;
	}
	o = json_object_new_object();
	if (ret > 0) {
		json_object_object_add(o, "waiting", json_object_new_int(0));
		json_object_object_add(o, "sent", json_object_new_int(0));
		return o;
	}
	json_object_object_add(o, "dir", json_object_new_string(sp.path));
	if (!bc_spool_list(&sp, false, &e, &n)) {
		json_object_object_add(o, "waiting", json_object_new_int64(n));
		free(e);
	}
	if (!bc_spool_list(&sp, true, &e, &n)) {
		json_object_object_add(o, "sent", json_object_new_int64(n));
		free(e);
	}
	json_object_object_add(o, "count_updates_waiting",
			       json_object_new_int64(counts_waiting(&sp)));
	st = bc_spool_state(&sp);
	json_object_object_add(
		o, "evicted",
		json_object_new_int64(
			json_object_object_get_ex(st, "evicted", &v) ?
				json_object_get_int64(v) :
				0));
	json_object_object_add(o, "last_collect",
			       json_object_object_get_ex(st, "last_collect",
							 &v) ?
				       json_object_get(v) :
				       NULL);
	json_object_object_add(o, "last_forward",
			       json_object_object_get_ex(st, "last_forward",
							 &v) ?
				       json_object_get(v) :
				       NULL);
	/* the server's quota pause (bugcheck forward keeps it), while it lasts */
	if (json_object_object_get_ex(st, "over_quota", &v) && v &&
	    json_object_object_get_ex(v, "until_epoch", &e2) &&
	    json_object_get_int64(e2) > (int64_t)time(NULL))
		json_object_object_add(o, "over_quota", json_object_get(v));
	json_object_put(st);
	bc_spool_close(&sp);
	return o;
}

static void print_spool_text(struct json_object *o)
{
	struct json_object *v, *f;
	const char *s;

	if (!o)
		return;
	printf("spool:         %s, %d waiting, %d sent, %lld evicted (spool full)\n",
	       json_object_object_get_ex(o, "dir", &v) ?
		       json_object_get_string(v) :
		       "(none yet)",
	       json_object_get_int(json_object_object_get(o, "waiting")),
	       json_object_get_int(json_object_object_get(o, "sent")),
	       (long long)json_object_get_int64(
		       json_object_object_get(o, "evicted")));
	if (json_object_get_int64(
		    json_object_object_get(o, "count_updates_waiting")))
		printf("count updates: %lld waiting (live reports seen again after they were sent)\n",
		       (long long)json_object_get_int64(json_object_object_get(
			       o, "count_updates_waiting")));
	if (json_object_object_get_ex(o, "last_collect", &v) && v)
		printf("last collect:  %s, %d spooled, %d already spooled, %d released\n",
		       json_object_get_string(
			       json_object_object_get(v, "time")),
		       json_object_get_int(
			       json_object_object_get(v, "spooled")),
		       json_object_get_int(
			       json_object_object_get(v, "already_spooled")),
		       json_object_get_int(
			       json_object_object_get(v, "released")));
	if (json_object_object_get_ex(o, "last_forward", &v) && v) {
		f = json_object_object_get(v, "error");
		s = f ? json_object_get_string(f) : NULL;
		printf("last forward:  %s, %s, %d sent, %d duplicates, %d rejected, %d waiting%s%s\n",
		       json_object_get_string(
			       json_object_object_get(v, "time")),
		       json_object_get_string(
			       json_object_object_get(v, "result")),
		       json_object_get_int(json_object_object_get(v, "sent")),
		       json_object_get_int(
			       json_object_object_get(v, "duplicates")),
		       json_object_get_int(
			       json_object_object_get(v, "rejected")),
		       json_object_get_int(
			       json_object_object_get(v, "pending")),
		       s ? ": " : "", s ? s : "");
		if (json_object_object_get_ex(v, "next_attempt", &f))
			printf("next attempt:  %s\n",
			       json_object_get_string(f));
		if (json_object_object_get_ex(v, "counts", &f))
			printf("last counts:   %d count updates of sent live reports\n",
			       json_object_get_int(f));
	} else {
		printf("last forward:  never\n");
	}
	if (json_object_object_get_ex(o, "over_quota", &v) && v)
		printf("over quota:    the server's daily report quota for this agent is used up; reports wait, nothing is sent to %s until %s\n",
		       json_object_get_string(
			       json_object_object_get(v, "server")),
		       json_object_get_string(
			       json_object_object_get(v, "until")));
}

/* bugcheck watch's own status file (agent/live/live.h), NULL if none. */
static struct json_object *watch_info(void)
{
	char path[PATH_MAX + 32], err[256], boot[40] = "";
	struct json_object *o, *v;
	struct bc_config cfg;
	FILE *f;

	if (bc_config_load(&cfg, arg_config, err, sizeof(err)))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", cfg.state_dir, BC_LIVE_STATE);
	o = json_object_from_file(path);
	if (!o)
		return NULL;
	f = fopen("/proc/sys/kernel/random/boot_id", "re");
	if (f) {
		if (!fgets(boot, sizeof(boot), f))
			boot[0] = '\0';
		fclose(f);
	}
	boot[strcspn(boot, "\n")] = '\0';
	json_object_object_add(
		o, "this_boot",
		json_object_new_boolean(
			json_object_object_get_ex(o, "boot_id", &v) &&
			!strcmp(json_object_get_string(v), boot)));
	return o;
}

static long long wget(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) :
						     0;
}

static void print_watch_text(struct json_object *w)
{
	struct json_object *v;

	if (!w) {
		printf("watch:         never ran\n");
		return;
	}
	json_object_object_get_ex(w, "bpf", &v);
	if (json_object_get_boolean(v)) {
		json_object_object_get_ex(w, "attached", &v);
		printf("watch:         BPF and /dev/kmsg; attached: %s%s\n",
		       json_object_get_string(v),
		       wget(w, "this_boot") ? "" : " (an earlier boot)");
	} else {
		json_object_object_get_ex(w, "bpf_why", &v);
		printf("watch:         /dev/kmsg only (no BPF: %s)%s\n",
		       json_object_get_string(v),
		       wget(w, "this_boot") ? "" : " (an earlier boot)");
	}
	printf("watch events:  %lld BPF events, %lld dropped, %lld reports seen, %lld spooled, %lld counted again, %lld over the daily cap, %lld sampled out, %lld from a stack alone\n",
	       wget(w, "events"), wget(w, "dropped"), wget(w, "seen"),
	       wget(w, "spooled"), wget(w, "counted"), wget(w, "capped"),
	       wget(w, "sampled_out"), wget(w, "textless"));
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "jc:h", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			arg_json = true;
			break;
		case 'c':
			arg_config = optarg;
			break;
		case 'h':
			usage(stdout);
			return BC_CLI_HELP;
		default:
			bc_log(LOG_ERR,
			       "bugcheck status: unknown option '%s'\n",
			       argv[optind - 1]);
			return -EINVAL;
		}
	}
	return bc_cli_no_operands("status", argc, argv);
}

int bc_cmd_status(int argc, char **argv)
{
	struct bc_genl_slot slots[BUGCHECK_MAX_SLOTS];
	struct param params[MAX_PARAMS];
	struct bc_genl_status st = { 0 };
	struct bc_genl *g = NULL;
	size_t np, ns = 0;
	struct json_object *spool, *watch;
	bool loaded;
	int ret, rc = 0;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	spool = spool_info(&rc);
	if (rc == -EINVAL)
		return rc;

	loaded = access(SYSFS_MODULE, F_OK) == 0;
	np = read_params(params, MAX_PARAMS);
	ret = bc_genl_open(&g);
	if (ret == -ENOENT)
		bc_log(LOG_ERR,
		       "bugcheck status: generic netlink family \"%s\" not found: is bugcheck.ko loaded?\n",
		       BUGCHECK_GENL_NAME);
	else if (ret)
		bc_log(LOG_ERR, "bugcheck status: failed to open netlink: %s\n",
		       bc_genl_strerror(ret));
	if (!ret) {
		ret = bc_genl_status(g, &st);
		if (!ret)
			ret = bc_genl_list(g, slots, BUGCHECK_MAX_SLOTS, &ns);
		if (ret)
			bc_log(LOG_ERR,
			       "bugcheck status: failed to query bugcheck.ko: %s%s%s\n",
			       bc_genl_strerror(ret),
			       *bc_genl_errmsg(g) ? ": " : "",
			       bc_genl_errmsg(g));
	}
	if (arg_json) {
		print_json(loaded, params, np, &st, slots, ns, !ret, spool);
	} else {
		print_text(loaded, params, np, &st, slots, ns, !ret);
		print_spool_text(spool);
		watch = watch_info();
		print_watch_text(watch);
		json_object_put(watch);
	}
	json_object_put(spool);
	bc_genl_close(g);
	return ret ? -EIO : 0;
}
