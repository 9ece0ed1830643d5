// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server: the bucketing service.  main() only calls run(), which
 * dispatches to the serve loop or to an admin command.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "auth.h"
#include "bucket.h"
#include "http.h"
#include "store.h"

#define EXIT_USAGE 2
#define DEFAULT_CONFIG "/etc/bugcheck/server.conf"

static const char usage_text[] =
	"Usage:\n"
	"  bugcheck-server [serve] [--db PATH] [--listen HOST:PORT] [OPTIONS]\n"
	"  bugcheck-server token create --role agent|vendor|admin [--module NAME]...\n"
	"                               [--label TEXT] --db PATH\n"
	"  bugcheck-server token list --db PATH\n"
	"  bugcheck-server token revoke ID --db PATH\n"
	"  bugcheck-server load-synthetic --db PATH --reports N [--buckets N]\n"
	"                                 [--days N] [--end-date mm/dd/yyyy] [--seed N]\n"
	"\n"
	"Bucketing server for bugcheck crash reports.  It ingests reports from\n"
	"agents over HTTP, counts them per failure bucket and answers analytics\n"
	"queries (failurehits, top, per-failure details, sample downloads).\n"
	"\n"
	"serve (the default) runs the HTTP/1.1 service until SIGTERM or SIGINT.\n"
	"SIGHUP reads the configuration file again (options still override it)\n"
	"and applies rate, burst and max_body; the other settings need a restart.\n"
	"Settings come from defaults, then the configuration file, then options:\n"
	"  --config FILE      key = value file (default " DEFAULT_CONFIG ",\n"
	"                     read only if present); keys: db, listen, threads,\n"
	"                     rate, burst, max_body, max_conns, timeout\n"
	"  --db PATH          SQLite database, created in WAL mode if missing\n"
	"  --listen ADDR      HOST:PORT or [V6]:PORT (default 127.0.0.1:8470);\n"
	"                     port 0 picks a free port, logged at start-up\n"
	"  --threads N        HTTP worker threads (default 8)\n"
	"  --rate R           requests per second allowed per token (default 50;\n"
	"                     0 disables the limit)\n"
	"  --burst N          requests a token may burst above the rate (default 100)\n"
	"  --max-body BYTES   largest request body (default 4194304)\n"
	"  --max-conns N      concurrent connections (default 512)\n"
	"  --timeout SECONDS  idle connection timeout (default 30)\n"
	"\n"
	"token create mints a bearer token, prints it once on stdout and stores\n"
	"only its SHA-256.  An agent token may post reports and poll responses;\n"
	"a vendor token sees and answers only buckets blamed on its --module\n"
	"names; an admin token sees everything.  token list prints id, role,\n"
	"state, creation time, modules and label; token revoke ID disables one.\n"
	"\n"
	"load-synthetic stores N generated reports directly through the store\n"
	"layer (for benchmarks): --buckets distinct failures (default 2000),\n"
	"spread over --days days (default 30) ending at --end-date (default today).\n"
	"\n"
	"  -h, --help         show this text\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage or configuration error.\n"
	"See docs/server.md for the HTTP API.\n";

static const char *arg_db;
static const char *arg_config;
static struct http_config arg_http = {
	.listen = "127.0.0.1:8470",
	.threads = 8,
	.rate = 50,
	.burst = 100,
	.max_body = 4 * 1024 * 1024,
	.max_conns = 512,
	.timeout = 30,
};

/* Strings set from the config file live here until exit. */
static char cfg_db[4096];
static char cfg_listen[128];

/* For SIGHUP: the built-in defaults and the options given on the command
 * line, which again override the re-read file. */
static struct http_config http_defaults;
#define MAX_CLI 32
static const char *cli_key[MAX_CLI], *cli_val[MAX_CLI];
static unsigned int n_cli;

static int parse_ulong(const char *s, unsigned long min, unsigned long max,
		       unsigned long *ret)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* Applies one setting by name; shared by the config file and options. */
static int set_option(const char *key, const char *val, bool from_file)
{
	unsigned long v;

	if (!strcmp(key, "db")) {
		if (from_file) {
			snprintf(cfg_db, sizeof(cfg_db), "%s", val);
			arg_db = cfg_db;
		} else {
			arg_db = val;
		}
		return 0;
	}
	if (!strcmp(key, "listen")) {
		struct sockaddr_storage ss;
		unsigned int sl;

		if (http_parse_listen(val, &ss, &sl))
			goto bad;
		if (from_file) {
			snprintf(cfg_listen, sizeof(cfg_listen), "%s", val);
			arg_http.listen = cfg_listen;
		} else {
			arg_http.listen = val;
		}
		return 0;
	}
	if (!strcmp(key, "threads")) {
		if (parse_ulong(val, 1, 64, &v))
			goto bad;
		arg_http.threads = v;
	} else if (!strcmp(key, "rate")) {
		if (parse_ulong(val, 0, 1000000, &v))
			goto bad;
		arg_http.rate = v;
	} else if (!strcmp(key, "burst")) {
		if (parse_ulong(val, 1, 1000000, &v))
			goto bad;
		arg_http.burst = v;
	} else if (!strcmp(key, "max_body") || !strcmp(key, "max-body")) {
		if (parse_ulong(val, 1024, 64UL * 1024 * 1024, &v))
			goto bad;
		arg_http.max_body = v;
	} else if (!strcmp(key, "max_conns") || !strcmp(key, "max-conns")) {
		if (parse_ulong(val, 1, 65536, &v))
			goto bad;
		arg_http.max_conns = v;
	} else if (!strcmp(key, "timeout")) {
		if (parse_ulong(val, 1, 3600, &v))
			goto bad;
		arg_http.timeout = v;
	} else {
		fprintf(stderr, "<3>Unknown setting '%s'\n", key);
		return -EINVAL;
	}
	return 0;
bad:
	fprintf(stderr, "<3>Invalid value '%s' for %s\n", val, key);
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_config(const char *path, bool must_exist)
{
	char line[4096];
	unsigned int n = 0;
	FILE *f = fopen(path, "re");
	int r = 0;

	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		fprintf(stderr, "<3>Failed to open '%s': %m\n", path);
		return -EINVAL;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *s = trim(line);

		n++;
		if (!*s || *s == '#' || *s == ';')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, "<3>%s:%u: expected key = value\n",
				path, n);
			r = -EINVAL;
			break;
		}
		*eq = '\0';
		r = set_option(trim(s), trim(eq + 1), true);
		if (r) {
			fprintf(stderr, "<3>%s:%u: bad setting\n", path, n);
			break;
		}
	}
	fclose(f);
	return r;
}

static int open_store(struct store **ret)
{
	int r;

	if (!arg_db) {
		fprintf(stderr, "<3>No database given (--db PATH)\n");
		return -EINVAL;
	}
	r = store_open(arg_db, ret);
	if (r == -EPROTONOSUPPORT)
		fprintf(stderr,
			"<3>Backend of '%s' is not built in; only SQLite paths are supported\n",
			arg_db);
	else if (r)
		fprintf(stderr, "<3>Failed to open database '%s': %s\n", arg_db,
			strerror(-r));
	return r;
}

/* ---------------------------------------------------------------- */
/* serve                                                              */
/* ---------------------------------------------------------------- */

static void keep_only(const char *what)
{
	fprintf(stderr, "<4>SIGHUP: '%s' changed; it takes effect on restart\n",
		what);
}

/*
 * SIGHUP: read the configuration file again (the command line still
 * overrides it) and apply what can change while serving: rate, burst and
 * max_body.  db, listen, threads, max_conns and timeout need a restart.
 * A file with an error changes nothing.
 */
static void reload(struct http_server *h)
{
	static char save_db[sizeof(cfg_db)], save_listen[sizeof(cfg_listen)];
	static char old_db[sizeof(cfg_db)], old_listen[sizeof(cfg_listen)];
	const struct http_config old = arg_http;
	const char *old_arg_db = arg_db;
	struct http_config now;
	unsigned int i;
	int r;

	memcpy(save_db, cfg_db, sizeof(cfg_db));
	memcpy(save_listen, cfg_listen, sizeof(cfg_listen));
	snprintf(old_db, sizeof(old_db), "%s", arg_db ? arg_db : "");
	snprintf(old_listen, sizeof(old_listen), "%s", old.listen);
	arg_http = http_defaults;
	r = parse_config(arg_config ? arg_config : DEFAULT_CONFIG,
			 arg_config != NULL);
	for (i = 0; !r && i < n_cli; i++)
		r = set_option(cli_key[i], cli_val[i], false);
	now = arg_http;
	if (!r) {
		if (strcmp(arg_db ? arg_db : "", old_db))
			keep_only("db");
		if (strcmp(now.listen, old_listen))
			keep_only("listen");
		if (now.threads != old.threads)
			keep_only("threads");
		if (now.max_conns != old.max_conns)
			keep_only("max_conns");
		if (now.timeout != old.timeout)
			keep_only("timeout");
	}
	/* the running server keeps its database, socket and pool */
	memcpy(cfg_db, save_db, sizeof(cfg_db));
	memcpy(cfg_listen, save_listen, sizeof(cfg_listen));
	arg_db = old_arg_db;
	arg_http = old;
	if (r) {
		fprintf(stderr, "<3>SIGHUP: %s not reloaded; settings unchanged\n",
			arg_config ? arg_config : DEFAULT_CONFIG);
		return;
	}
	arg_http.rate = now.rate;
	arg_http.burst = now.burst;
	arg_http.max_body = now.max_body;
	http_reload(h, &arg_http);
	fprintf(stderr, "<5>SIGHUP: reloaded %s: rate %.0f, burst %.0f, max_body %zu\n",
		arg_config ? arg_config : DEFAULT_CONFIG, arg_http.rate,
		arg_http.burst, arg_http.max_body);
}

static int serve(void)
{
	struct http_server *h = NULL;
	struct epoll_event ev;
	struct store *st = NULL;
	uint64_t wd_usec = 0;
	int sfd = -1, tfd = -1, efd = -1, r;
	sigset_t mask;

	r = open_store(&st);
	if (r)
		return r == -EINVAL ? -EINVAL : r;

	/* Block before the pool starts so only our signalfd sees them. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);

	r = http_start(st, &arg_http, &h);
	if (r) {
		fprintf(stderr, "<3>Failed to listen on '%s': %s\n",
			arg_http.listen, strerror(-r));
		goto out;
	}
	fprintf(stderr,
		"<6>bugcheck-server listening on port %u (%s, %u threads, db %s)\n",
		http_port(h), arg_http.listen, arg_http.threads, arg_db);

	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	efd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || efd < 0) {
		r = -errno;
		fprintf(stderr, "<3>Failed to set up the event loop: %m\n");
		goto out;
	}
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = sfd };
	epoll_ctl(efd, EPOLL_CTL_ADD, sfd, &ev);
	if (sd_watchdog_enabled(0, &wd_usec) > 0 && wd_usec) {
		struct itimerspec its = { 0 };

		tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
		if (tfd >= 0) {
			its.it_interval.tv_sec = wd_usec / 2 / 1000000;
			its.it_interval.tv_nsec = wd_usec / 2 % 1000000 * 1000;
			its.it_value = its.it_interval;
			timerfd_settime(tfd, 0, &its, NULL);
			ev = (struct epoll_event){ .events = EPOLLIN,
						   .data.fd = tfd };
			epoll_ctl(efd, EPOLL_CTL_ADD, tfd, &ev);
		}
	}
	(void)sd_notify(0, "READY=1");

	for (;;) {
		struct signalfd_siginfo si;
		int n = epoll_wait(efd, &ev, 1, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (ev.data.fd == tfd) {
			uint64_t x;

			(void)!read(tfd, &x, sizeof(x));
			(void)sd_notify(0, "WATCHDOG=1");
			continue;
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGHUP) {
			(void)sd_notify(0, "RELOADING=1");
			reload(h);
			(void)sd_notify(0, "READY=1");
			continue;
		}
		fprintf(stderr, "<6>Signal %u received, stopping\n",
			si.ssi_signo);
		(void)sd_notify(0, "STOPPING=1");
		r = 0;
		break;
	}
out:
	http_stop(h);
	store_close(st);
	if (sfd >= 0)
		close(sfd);
	if (tfd >= 0)
		close(tfd);
	if (efd >= 0)
		close(efd);
	return r;
}

/* ---------------------------------------------------------------- */
/* token                                                              */
/* ---------------------------------------------------------------- */

static bool module_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 56)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		      *s == '.'))
			return false;
	return true;
}

static int print_token(const struct store_token *t, void *data)
{
	char when[BUCKET_DATE_LEN];

	(void)data;
	bucket_format_day(t->created / 86400, when);
	printf("%lld\t%s\t%s\t%s\t", (long long)t->id, auth_role_name(t->role),
	       t->revoked ? "revoked" : "active", when);
	for (size_t i = 0; i < t->n_modules; i++)
		printf("%s%s", i ? "," : "", t->modules[i]);
	printf("%s\t%s\n", t->n_modules ? "" : "-", t->label);
	return 0;
}

static int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "module", required_argument, NULL, 'm' },
		{ "label", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct store_token t = { 0 };
	const char *verb, *role = NULL;
	struct store *st;
	int c, r;

	if (argc < 2) {
		fprintf(stderr, "<3>token: expected create, list or revoke\n");
		return -EINVAL;
	}
	verb = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			role = optarg;
			break;
		case 'm':
			if (t.n_modules == STORE_MODULES_MAX) {
				fprintf(stderr,
					"<3>At most %d --module options\n",
					STORE_MODULES_MAX);
				return -EINVAL;
			}
			if (!module_name_ok(optarg)) {
				fprintf(stderr, "<3>Invalid module name '%s'\n",
					optarg);
				return -EINVAL;
			}
			snprintf(t.modules[t.n_modules++], sizeof(t.modules[0]),
				 "%s", optarg);
			break;
		case 'l':
			if (strlen(optarg) >= sizeof(t.label) ||
			    strpbrk(optarg, "\t\n\r")) {
				fprintf(stderr, "<3>Invalid label '%s'\n",
					optarg);
				return -EINVAL;
			}
			snprintf(t.label, sizeof(t.label), "%s", optarg);
			break;
		case 'd':
			arg_db = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			return -EINVAL;
		}
	}

	if (!strcmp(verb, "create")) {
		char secret[AUTH_TOKEN_LEN];
		int64_t id;

		if (optind != argc || !role) {
			fprintf(stderr,
				"<3>token create: --role is required\n");
			return -EINVAL;
		}
		r = auth_role_parse(role);
		if (r < 0) {
			fprintf(stderr,
				"<3>Invalid role '%s' (agent, vendor or admin)\n",
				role);
			return -EINVAL;
		}
		t.role = r;
		if (t.role == ROLE_VENDOR && !t.n_modules) {
			fprintf(stderr,
				"<3>A vendor token needs at least one --module\n");
			return -EINVAL;
		}
		if (t.role != ROLE_VENDOR && t.n_modules) {
			fprintf(stderr,
				"<3>--module applies to vendor tokens only\n");
			return -EINVAL;
		}
		r = auth_token_new(secret);
		if (!r)
			r = auth_token_hash(secret, t.hash);
		if (r) {
			fprintf(stderr, "<3>Failed to generate a token: %s\n",
				strerror(-r));
			return r;
		}
		t.created = time(NULL);
		r = open_store(&st);
		if (r)
			return r;
		r = st->ops->token_add(st, &t, &id);
		store_close(st);
		if (r) {
			fprintf(stderr, "<3>Failed to store the token: %s\n",
				strerror(-r));
			return r;
		}
		fprintf(stderr,
			"<6>Created %s token %lld; it is shown only once\n",
			auth_role_name(t.role), (long long)id);
		printf("%s\n", secret);
		return 0;
	}
	if (!strcmp(verb, "list")) {
		if (optind != argc || role || t.n_modules) {
			fprintf(stderr, "<3>token list takes only --db\n");
			return -EINVAL;
		}
		r = open_store(&st);
		if (r)
			return r;
		r = st->ops->token_list(st, print_token, NULL);
		store_close(st);
		return r;
	}
	if (!strcmp(verb, "revoke")) {
		unsigned long id;

		if (optind != argc - 1 ||
		    parse_ulong(argv[optind], 1, INT64_MAX, &id)) {
			fprintf(stderr,
				"<3>token revoke: expected one token id\n");
			return -EINVAL;
		}
		r = open_store(&st);
		if (r)
			return r;
		r = st->ops->token_revoke(st, id, time(NULL));
		store_close(st);
		if (r == -ENOENT) {
			fprintf(stderr, "<3>No active token with id %lu\n", id);
			return -ENOENT;
		}
		if (r)
			fprintf(stderr, "<3>Failed to revoke token %lu: %s\n",
				id, strerror(-r));
		return r;
	}
	fprintf(stderr, "<3>Unknown token command '%s'\n", verb);
	return -EINVAL;
}

/* ---------------------------------------------------------------- */
/* load-synthetic                                                     */
/* ---------------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	/* splitmix64: good enough spread for synthetic data */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void synth_report(struct report *r, uint64_t seq, uint64_t seed,
			 uint64_t *rng, unsigned long buckets,
			 unsigned long days, int64_t end_day)
{
	static const char *const mods[] = { "vmlinux", "e1000e",    "nvidia",
					    "zfs",     "i915",	    "amdgpu",
					    "iwlwifi", "btrfs",	    "ext4",
					    "nvme",    "mlx5_core", "xfs" };
	static const char *const kernels[] = { "6.1.0-25-amd64",
					       "6.1.0-26-amd64",
					       "6.1.0-56-amd64",
					       "6.12.9-amd64" };
	static const char *const devices[] = { "server", "desktop", "laptop",
					       "vm", "unknown" };
	static const char *const markets[] = { "lab-eu", "prod-us", "prod-eu" };
	static const char *const events[] = { "oops", "panic", "warning",
					      "lockup" };
	double u = (double)(rng_next(rng) >> 11) / (double)(1ULL << 53);
	unsigned long b = (unsigned long)(buckets * u * u * u);
	const char *img = mods[b % (sizeof(mods) / sizeof(mods[0]))];
	int64_t day = end_day - (int64_t)(rng_next(rng) % days);

	memset(r, 0, sizeof(*r));
	snprintf(r->report_id, sizeof(r->report_id), "%016llx%016llx",
		 (unsigned long long)seed, (unsigned long long)seq);
	snprintf(r->machine_id, sizeof(r->machine_id), "%032llx",
		 (unsigned long long)(rng_next(rng) % 50000));
	r->crash_time = day * 86400 + (int64_t)(rng_next(rng) % 86400);
	strcpy(r->source, "bugcheck");
	strcpy(r->event_type, events[b % 4]);
	strcpy(r->kernel_release, kernels[rng_next(rng) % 4]);
	strcpy(r->os_release, "Debian GNU/Linux 12 (bookworm)");
	strcpy(r->device_type, devices[rng_next(rng) % 5]);
	strcpy(r->market, markets[rng_next(rng) % 3]);
	strcpy(r->cls, "NULL_POINTER_DEREFERENCE");
	r->code = 4;
	snprintf(r->image, sizeof(r->image), "%s", img);
	snprintf(r->function, sizeof(r->function), "synthetic_fn_%lu", b);
	snprintf(r->failure_name, sizeof(r->failure_name),
		 "NULL_POINTER_DEREFERENCE_0x04_%s!synthetic_fn_%lu", img, b);
	snprintf(r->failure_hash, sizeof(r->failure_hash),
		 "%08lx-0000-4000-8000-%012lx", b,
		 b * 2654435761UL % 0xffffffffffffUL);
	snprintf(r->title, sizeof(r->title), "synthetic failure %lu", b);
	if (strcmp(img, "vmlinux")) {
		r->has_module = true;
		snprintf(r->mod_name, sizeof(r->mod_name), "%s", img);
		snprintf(r->mod_file, sizeof(r->mod_file), "%s.ko", img);
		snprintf(r->mod_version, sizeof(r->mod_version), "1.%llu",
			 (unsigned long long)(rng_next(rng) % 3));
	}
	strcpy(r->bucket_key, r->failure_hash);
	strcpy(r->bucket_name, r->failure_name);
}

static int cmd_load_synthetic(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "reports", required_argument, NULL, 'n' },
		{ "buckets", required_argument, NULL, 'b' },
		{ "days", required_argument, NULL, 'D' },
		{ "end-date", required_argument, NULL, 'e' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	unsigned long n = 0, buckets = 2000, days = 30, seed = 1, batch;
	int64_t end_day = time(NULL) / 86400;
	struct store_result *res;
	struct report *reps;
	struct store *st;
	struct timespec t0, t1;
	uint64_t rng;
	int c, r = 0;
	char stack[] = "[]";

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			arg_db = optarg;
			break;
		case 'n':
			if (parse_ulong(optarg, 1, 100000000, &n))
				goto bad;
			break;
		case 'b':
			if (parse_ulong(optarg, 1, 10000000, &buckets))
				goto bad;
			break;
		case 'D':
			if (parse_ulong(optarg, 1, 3650, &days))
				goto bad;
			break;
		case 'e':
			if (bucket_parse_mdy(optarg, &end_day))
				goto bad;
			break;
		case 's':
			if (parse_ulong(optarg, 0, UINT32_MAX, &seed))
				goto bad;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (optind != argc || !n) {
		fprintf(stderr, "<3>load-synthetic: --reports N is required\n");
		return -EINVAL;
	}
	r = open_store(&st);
	if (r)
		return r;
	batch = 10000;
	reps = calloc(batch, sizeof(*reps));
	res = calloc(batch, sizeof(*res));
	if (!reps || !res) {
		r = -ENOMEM;
		goto out;
	}
	rng = seed * 0x2545f4914f6cdd1dULL + 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned long done = 0; done < n;) {
		unsigned long k = n - done < batch ? n - done : batch;

		for (unsigned long i = 0; i < k; i++) {
			synth_report(&reps[i], done + i, seed, &rng, buckets,
				     days, end_day);
			reps[i].stack = stack;
		}
		r = st->ops->ingest(st, reps, k, 0, time(NULL), false, res);
		if (r) {
			fprintf(stderr, "<3>Failed to store reports: %s\n",
				strerror(-r));
			goto out;
		}
		done += k;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		double s = (t1.tv_sec - t0.tv_sec) +
			   (t1.tv_nsec - t0.tv_nsec) / 1e9;

		fprintf(stderr, "<6>Loaded %lu reports in %.1f s (%.0f/s)\n", n,
			s, n / s);
	}
out:
	free(reps);
	free(res);
	store_close(st);
	return r;
bad:
	fprintf(stderr, "<3>Invalid value '%s'\n", optarg);
	return -EINVAL;
}

/* ---------------------------------------------------------------- */

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'L' },
		{ "threads", required_argument, NULL, 't' },
		{ "rate", required_argument, NULL, 'r' },
		{ "burst", required_argument, NULL, 'b' },
		{ "max-body", required_argument, NULL, 'B' },
		{ "max-conns", required_argument, NULL, 'C' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	static const char *const keys[] = {
		['d'] = "db",	     ['L'] = "listen",	['t'] = "threads",
		['r'] = "rate",	     ['b'] = "burst",	['B'] = "max_body",
		['C'] = "max_conns", ['T'] = "timeout",
	};
	int c, r;

	http_defaults = arg_http;
	/* First pass: only --config and --help, so flags override the file. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'c')
			arg_config = optarg;
		else if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
	}
	r = parse_config(arg_config ? arg_config : DEFAULT_CONFIG,
			 arg_config != NULL);
	if (r)
		return r;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'c')
			continue;
		if (c == '?' || c == ':' || c < 0 ||
		    (size_t)c >= sizeof(keys) / sizeof(keys[0]) || !keys[c])
			return -EINVAL;
		r = set_option(keys[c], optarg, false);
		if (r)
			return r;
		if (n_cli < MAX_CLI) {
			cli_key[n_cli] = keys[c];
			cli_val[n_cli++] = optarg;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "<3>Unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	return serve();
}

/*
 * Returns 0, 1 (help printed: exit 0), or -errno; -EINVAL means a usage
 * or configuration error.
 */
static int run(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "token"))
		return cmd_token(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "load-synthetic"))
		return cmd_load_synthetic(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "serve"))
		return cmd_serve(argc - 1, argv + 1);
	if (argc > 1 && argv[1][0] != '-') {
		fprintf(stderr, "<3>Unknown command '%s' (see --help)\n",
			argv[1]);
		return -EINVAL;
	}
	return cmd_serve(argc, argv);
}

int main(int argc, char **argv)
{
	int r = run(argc, argv);

	if (r == 1)
		return EXIT_SUCCESS;
	if (r == -EINVAL)
		return EXIT_USAGE;
	return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
