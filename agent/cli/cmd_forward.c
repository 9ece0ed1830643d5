// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck forward: send the spooled reports to the bucketing server, once
 * or as a daemon.  The daemon is one epoll loop over a signalfd (TERM/INT
 * stop, HUP reloads the configuration), a timerfd (next pass: retry with
 * exponential backoff and jitter, or the periodic scan and response poll)
 * and an inotify watch on the spool, so a report collected while the
 * daemon runs goes out within a second.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#include "cli.h"
#include "config.h"
#include "forward.h"
#include "spool.h"
#include "log.h"

static bool arg_dry_run;
static bool arg_daemon;
static bool arg_no_poll;
static const char *arg_config;
static const char *arg_spool_dir;
static const char *arg_server;

static volatile bool stop_flag;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck forward [--dry-run] [--no-poll] [--config FILE]\n"
	      "       bugcheck forward --daemon [--config FILE]\n"
	      "\n"
	      "Send the crash reports waiting in the spool to the bucketing server named\n"
	      "in the configuration (server, token or token_file), oldest first, one\n"
	      "request per report, with the report id as the idempotency key: a report\n"
	      "sent twice is counted once.  A report leaves the spool only after the\n"
	      "server acknowledged it; its bucket, hit count and any vendor response\n"
	      "are kept in the spool's sent/ area (see \"bugcheck list\").  A vendor\n"
	      "response is logged to the journal with MESSAGE_ID=" BC_MSGID_RESPONSE
	      ".\n"
	      "After sending, the server is asked for responses attached since to\n"
	      "reports sent earlier.\n"
	      "\n"
	      "Forwarding is opt-in: nothing is sent unless the configuration says\n"
	      "'forward = yes'.  The server URL must be https:// unless the\n"
	      "configuration also says 'allow_http = yes'.  The payload identifies the\n"
	      "machine only by a salted hash and carries no kernel addresses, host names\n"
	      "or IP addresses (see --dry-run).  By default a report carries the\n"
	      "classification, the stack and only the crash's own log lines (from its\n"
	      "first line to its end marker), scrubbed; the whole log tail stays in\n"
	      "the spool.  docs/privacy.md lists what is scrubbed.\n"
	      "\n"
	      "Once a UTC day, after the reports, a small census tells the server that\n"
	      "this machine ran (census = yes, the default): the salted machine id, the\n"
	      "kernel release, the distribution release, device type, market and the\n"
	      "names and versions of loaded out-of-tree modules, so that crashes can be\n"
	      "counted per 1,000 machine-days.  --dry-run prints it last, as\n"
	      "{\"census\": ...}.\n"
	      "\n"
	      "When the server's reply or response poll says a report's bucket wants\n"
	      "more of it (the whole scrubbed log tail, vendor data blocks, a kdump\n"
	      "dmesg), it is uploaded as collect_level allows (minimal: never; asked,\n"
	      "the default: what was asked; full: also the whole tail with every\n"
	      "report).  \"bugcheck show ID\" says what was sent, when and why.\n"
	      "\n"
	      "A live report (bugcheck watch) is sent once per boot with the count of\n"
	      "its failure so far; when the failure is seen again after that, the new\n"
	      "absolute count goes in POST /api/v1/reports/ID/count {\"count\": N}.\n"
	      "\n"
	      "Options:\n"
	      "  -n, --dry-run         Print each request body exactly as it would be\n"
	      "                        sent, one per line, and send nothing.  Works with\n"
	      "                        forwarding switched off.  Uploads that earlier\n"
	      "                        replies asked for follow as {\"upload\": ...} lines,\n"
	      "                        count updates as {\"count_update\": ...} lines.\n"
	      "  -d, --daemon          Keep running: send new reports as they are spooled,\n"
	      "                        retry failures with exponential backoff and jitter\n"
	      "                        (retry_min to retry_max seconds), rescan and poll\n"
	      "                        for responses every poll_interval seconds.  SIGTERM\n"
	      "                        stops it cleanly, SIGHUP reloads the configuration.\n"
	      "      --no-poll         Do not ask for responses to earlier reports.\n"
	      "      --server URL      Override the configuration's server.\n"
	      "  -c, --config FILE     Configuration file (default " BC_CONFIG_DEFAULT
	      ").\n"
	      "      --spool-dir DIR   Spool directory (default from the configuration).\n"
	      "  -h, --help            Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  every waiting report was acknowledged (or rejected as invalid and\n"
	      "     kept as such), or forwarding is off, or the daemon was stopped,\n"
	      "     or the server's daily quota for this agent is used up: the reports\n"
	      "     wait in the spool and nothing is sent to that server until the\n"
	      "     time it named (kept across restarts; see \"bugcheck status\")\n"
	      "  1  some reports could not be sent (server unreachable, busy, token\n"
	      "     refused); they stay in the spool for the next attempt\n"
	      "  2  usage or configuration error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck forward --dry-run | jq .classification.failure_name\n"
	      "  bugcheck forward\n"
	      "  bugcheck forward --daemon     # bugcheck-forward.service\n",
	      f);
}

static int parse_args(int argc, char **argv)
{
	enum { OPT_NO_POLL = 256, OPT_SPOOL_DIR, OPT_SERVER };
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "no-poll", no_argument, NULL, OPT_NO_POLL },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "config", required_argument, NULL, 'c' },
		{ "spool-dir", required_argument, NULL, OPT_SPOOL_DIR },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":ndc:h", opts, NULL)) != -1) {
		switch (o) {
		case 'n':
			arg_dry_run = true;
			break;
		case 'd':
			arg_daemon = true;
			break;
		case OPT_NO_POLL:
			arg_no_poll = true;
			break;
		case OPT_SERVER:
			arg_server = optarg;
			break;
		case 'c':
			arg_config = optarg;
			break;
		case OPT_SPOOL_DIR:
			arg_spool_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return BC_CLI_HELP;
		default:
			return bc_cli_bad_option("forward", o, argv);
		}
	}
	if (bc_cli_no_operands("forward", argc, argv))
		return -EINVAL;
	if (arg_daemon && arg_dry_run) {
		bc_log(LOG_ERR,
		       "bugcheck forward: --daemon and --dry-run cannot be combined\n");
		return -EINVAL;
	}
	return 0;
}

static int load_config(struct bc_config *c)
{
	char err[1024];

	if (bc_config_load(c, arg_config, err, sizeof(err))) {
		bc_log(LOG_ERR, "bugcheck forward: %s\n", err);
		return -EINVAL;
	}
	if (arg_spool_dir)
		snprintf(c->spool_dir, sizeof(c->spool_dir), "%s",
			 arg_spool_dir);
	if (arg_server)
		snprintf(c->server, sizeof(c->server), "%s", arg_server);
	if (!arg_dry_run && c->forward &&
	    bc_config_check_forward(c, err, sizeof(err))) {
		bc_log(LOG_ERR, "bugcheck forward: %s\n", err);
		return -EINVAL;
	}
	return 0;
}

static void say_disabled(const struct bc_config *c)
{
	bc_log(LOG_NOTICE,
	       "bugcheck forward: forwarding is off: %s does not say 'forward = yes' (the default is no); nothing is sent. 'bugcheck forward --dry-run' shows what would be.\n",
	       *c->path ? c->path : BC_CONFIG_DEFAULT " (missing)");
}

/* ---- what the library tells about each report, logged here ---- */

static void on_response(void *ud, const char *id, const char *hash,
			int64_t bucket, struct json_object *resp)
{
	struct json_object *v;
	const char *msg = "", *link = "";
	int64_t rid = 0;
	int r;

	if (json_object_object_get_ex(resp, "message", &v))
		msg = json_object_get_string(v);
	if (json_object_object_get_ex(resp, "link", &v) && v)
		link = json_object_get_string(v);
	if (json_object_object_get_ex(resp, "id", &v))
		rid = json_object_get_int64(v);
	r = sd_journal_send(
		"MESSAGE=bugcheck: vendor response for crash report %s: %s%s%s",
		id, msg, *link ? " " : "", link,
		"MESSAGE_ID=" BC_MSGID_RESPONSE, "PRIORITY=5",
		"SYSLOG_IDENTIFIER=bugcheck", "BUGCHECK_REPORT_ID=%s", id,
		"BUGCHECK_FAILURE_HASH=%s", hash ? hash : "",
		"BUGCHECK_BUCKET_ID=%lld", (long long)bucket,
		"BUGCHECK_RESPONSE_ID=%lld", (long long)rid,
		"BUGCHECK_RESPONSE_MESSAGE=%s", msg,
		"BUGCHECK_RESPONSE_LINK=%s", link, NULL);
	/* Without a journal (or as well, when stderr is not it): stderr. */
	if (r < 0 || !getenv("JOURNAL_STREAM"))
		bc_log(LOG_NOTICE,
		       "bugcheck forward: vendor response for report %s (bucket %lld): %s%s%s\n",
		       id, (long long)bucket, msg, *link ? " " : "", link);
}

static void on_sent(void *ud, const char *id, int64_t bucket, bool dup)
{
	sd_journal_send(
		"MESSAGE=bugcheck: crash report %s accepted (bucket %lld%s)",
		id, (long long)bucket, dup ? ", already known" : "",
		"MESSAGE_ID=" BC_MSGID_SENT, "PRIORITY=6",
		"SYSLOG_IDENTIFIER=bugcheck", "BUGCHECK_REPORT_ID=%s", id,
		"BUGCHECK_BUCKET_ID=%lld", (long long)bucket, NULL);
}

static void on_rejected(void *ud, const char *id, const char *why)
{
	bc_log(LOG_ERR, "bugcheck forward: server rejected report %s: %s\n", id,
	       why);
}

static void on_skipped(void *ud, const char *id, int err)
{
	if (err == -EBADMSG)
		bc_log(LOG_ERR,
		       "bugcheck forward: spooled report %s has no report_id; skipped\n",
		       id);
	else
		bc_log(LOG_ERR,
		       "bugcheck forward: spooled report %s is unreadable (%s); skipped\n",
		       id, strerror(-err));
}

static void on_collected(void *ud, const char *id, const char *kind,
			 const char *result, const char *why)
{
	bc_log(!strcmp(result, "refused") ? LOG_WARNING : LOG_INFO,
	       "bugcheck forward: the bucket of report %s asked for its %s: %s (%s)\n",
	       id, kind, result, why);
}

static void on_counted(void *ud, const char *id, uint64_t count,
		       const char *refused)
{
	if (refused)
		bc_log(LOG_WARNING,
		       "bugcheck forward: the server refused the count %llu of live report %s: %s; its counts are not sent again\n",
		       (unsigned long long)count, id, refused);
	else
		bc_log(LOG_DEBUG,
		       "bugcheck forward: live report %s: count %llu sent\n",
		       id, (unsigned long long)count);
}

static const struct bc_forward_hooks hooks = {
	.sent = on_sent,
	.response = on_response,
	.rejected = on_rejected,
	.skipped = on_skipped,
	.collected = on_collected,
	.counted = on_counted,
};

/* The data a bucket could ask for went: the report itself stays. */
static void on_extra_drop(const struct bc_spool *sp, const char *id,
			  const char *why)
{
	bc_log(LOG_NOTICE,
	       "bugcheck forward: dropped the extra data (log tail, vendor blocks, kdump dmesg) kept for sent report %s: %s\n",
	       id, why);
}

/* Record the pass in state.json; returns the consecutive failure count. */
static unsigned int record_pass(struct bc_spool *sp,
				const struct bc_forward_result *r, time_t next)
{
	struct json_object *st, *o, *v;
	unsigned int failures = 0;
	char buf[40];

	st = bc_spool_state(sp);
	if (json_object_object_get_ex(st, "forward_failures", &v))
		failures = (unsigned int)json_object_get_int(v);
	json_object_put(st);
	failures = r->failed ? failures + 1 : 0;
	o = json_object_new_object();
	bc_iso_time(time(NULL), buf, sizeof(buf));
	json_object_object_add(o, "time", json_object_new_string(buf));
	json_object_object_add(o, "result",
			       json_object_new_string(r->failed ? "error" :
						      r->over_quota ?
								  "over quota" :
								  "ok"));
	json_object_object_add(o, "sent", json_object_new_int(r->sent));
	json_object_object_add(o, "duplicates",
			       json_object_new_int(r->duplicates));
	json_object_object_add(o, "rejected", json_object_new_int(r->rejected));
	json_object_object_add(o, "responses",
			       json_object_new_int(r->responses));
	json_object_object_add(o, "pending", json_object_new_int(r->pending));
	json_object_object_add(o, "counts", json_object_new_int(r->counts));
	json_object_object_add(o, "error",
			       *r->error ? json_object_new_string(r->error) :
					   NULL);
	if (next) {
		bc_iso_time(next, buf, sizeof(buf));
		json_object_object_add(o, "next_attempt",
				       json_object_new_string(buf));
	}
	(void)bc_spool_state_set(sp, "last_forward", o);
	(void)bc_spool_state_set(sp, "forward_failures",
				 json_object_new_int(failures));
	return failures;
}

static void log_pass(const struct bc_forward_result *r)
{
	char until[40];

	if (r->over_quota && r->quota_new) {
		/* once, when the server says so; later passes wait quietly */
		bc_iso_time(r->quota_until, until, sizeof(until));
		bc_log(LOG_NOTICE,
		       "bugcheck forward: the server's daily report quota for this agent is used up: %u reports kept, nothing more is sent to it until %s%s\n",
		       r->pending, until,
		       r->quota_not_saved ?
			       " (could not be saved in state.json: a restart will ask the server again)" :
			       "");
	}
	if (r->sent || r->duplicates || r->rejected || r->responses ||
	    r->uploads || r->counts || r->failed)
		bc_log(r->failed ? LOG_WARNING : LOG_INFO,
		       "bugcheck forward: %u sent, %u already known to the server, %u rejected, %u vendor responses, %u extra data uploads, %u count updates, %u waiting%s%s\n",
		       r->sent, r->duplicates, r->rejected, r->responses,
		       r->uploads, r->counts, r->pending,
		       r->failed ? "; failed: " : "",
		       r->failed ? r->error : "");
	if (r->withdrawn)
		bc_log(LOG_NOTICE,
		       "bugcheck forward: %u vendor responses were withdrawn or no longer apply; \"bugcheck list\" no longer shows them\n",
		       r->withdrawn);
	if (r->census == BC_CENSUS_COUNTED || r->census == BC_CENSUS_KNOWN)
		bc_log(LOG_INFO, "bugcheck forward: daily census sent (%s)\n",
		       r->census == BC_CENSUS_COUNTED ?
			       "counted" :
			       "the server had counted this machine today");
	else if (r->census == BC_CENSUS_REFUSED)
		bc_log(LOG_WARNING,
		       "bugcheck forward: the server refused the daily census: %s; asked again tomorrow\n",
		       r->census_error);
	else if (r->census == BC_CENSUS_FAILED)
		bc_log(LOG_WARNING,
		       "bugcheck forward: daily census not sent: %s; tried again on the next pass\n",
		       r->census_error);
}

/* One pass plus the response poll; result in @r. */
static int run_pass(const struct bc_config *c, struct bc_spool *sp, bool poll,
		    struct bc_forward_result *r)
{
	struct bc_forward_result pr = { 0 };
	int ret;

	ret = bc_forward_pass(c, sp, false, stdout, &stop_flag, &hooks, r);
	if (ret) {
		bc_log(LOG_ERR, "bugcheck forward: %s\n",
		       *r->error ? r->error : strerror(-ret));
		r->failed = true;
		return ret;
	}
	if (poll && !r->failed && !r->over_quota && !stop_flag) {
		ret = bc_forward_poll(c, sp, &stop_flag, &hooks, &pr);
		r->responses += pr.responses;
		r->uploads += pr.uploads;
		r->withdrawn += pr.withdrawn;
		if (!ret && pr.failed)
			bc_log(LOG_WARNING,
			       "bugcheck forward: response poll failed: %s\n",
			       pr.error);
	}
	return 0;
}

static int lock_forward(struct bc_spool *sp)
{
	int fd = openat(sp->dirfd, "forward.lock", O_RDWR | O_CREAT | O_CLOEXEC,
			0640);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		close(fd);
		return -errno;
	}
	return fd;
}

static int run_once(struct bc_config *c)
{
	struct bc_forward_result r = { 0 };
	struct bc_spool sp;
	int ret, lk;

	ret = bc_spool_open(&sp, c, !arg_dry_run);
	if (ret == -ENOENT && arg_dry_run) {
		char err[512];

		/* no spool: no report would be sent, only the census */
		if (!c->census)
			return 0;
		ret = bc_forward_census_dry(c, stdout, err, sizeof(err));
		if (ret)
			bc_log(LOG_ERR, "bugcheck forward: census: %s\n", err);
		return ret ? -EIO : 0;
	}
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck forward: failed to open spool '%s': %s\n",
		       c->spool_dir, strerror(-ret));
		return bc_fail(ret);
	}
	sp.on_extra_drop = on_extra_drop;
	if (arg_dry_run) {
		ret = bc_forward_pass(c, &sp, true, stdout, NULL, &hooks, &r);
		if (ret)
			bc_log(LOG_ERR, "bugcheck forward: %s\n",
			       *r.error ? r.error : strerror(-ret));
		if (fflush(stdout))
			ret = -EIO;
		bc_spool_close(&sp);
		return ret ? -EIO : 0;
	}
	lk = lock_forward(&sp);
	if (lk < 0) {
		bc_log(LOG_ERR,
		       "bugcheck forward: failed to lock the spool: %s\n",
		       strerror(-lk));
		bc_spool_close(&sp);
		return bc_fail(lk);
	}
	ret = run_pass(c, &sp, !arg_no_poll, &r);
	record_pass(&sp, &r, 0);
	log_pass(&r);
	close(lk);
	bc_spool_close(&sp);
	return ret || r.failed ? -EIO : 0;
}

static void arm(int tfd, unsigned int secs)
{
	struct itimerspec its = { 0 };

	its.it_value.tv_sec = secs ? secs : 0;
	its.it_value.tv_nsec = secs ? 0 : 1; /* 0 would disarm */
	(void)timerfd_settime(tfd, 0, &its, NULL);
}

/* The daemon's state: configuration, spool, the fds of its epoll loop. */
struct daemon {
	struct bc_config *c;
	struct bc_spool sp;
	int efd, sfd, tfd, ifd;
	unsigned int failures; /* consecutive failed passes */
	time_t last_poll; /* last response poll */
	bool backoff; /* the timer holds a retry delay */
};

/* SIGHUP: load the configuration again; keep the old one on an error. */
static void reload(struct daemon *d)
{
	struct bc_config nc;
	char err[1024];

	if (bc_config_load(&nc, arg_config, err, sizeof(err)) ||
	    bc_config_check_forward(&nc, err, sizeof(err))) {
		bc_log(LOG_ERR,
		       "bugcheck forward: reload failed, keeping the old configuration: %s\n",
		       err);
		return;
	}
	if (arg_spool_dir)
		snprintf(nc.spool_dir, sizeof(nc.spool_dir), "%s",
			 arg_spool_dir);
	if (arg_server)
		snprintf(nc.server, sizeof(nc.server), "%s", arg_server);
	*d->c = nc;
	/* the spool stays open; its caps on extra data follow the file */
	d->sp.extra_max_bytes = nc.extra_max_bytes;
	d->sp.extra_keep_secs = (int64_t)nc.extra_keep_days * 86400;
	bc_log(LOG_INFO, "bugcheck forward: configuration reloaded\n");
	arm(d->tfd, 0);
}

static void on_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			reload(d);
		else
			stop_flag = true;
	}
}

/* A report arrived in the spool: send soon, unless backing off. */
static void on_spool(struct daemon *d)
{
	char buf[PATH_MAX + 16];

	while (read(d->ifd, buf, sizeof(buf)) > 0)
		;
	if (!d->backoff)
		arm(d->tfd, 1); /* coalesce a burst */
}

/* Timer: one forwarding pass, then the next delay (interval or backoff). */
static void on_timer(struct daemon *d)
{
	struct bc_config *c = d->c;
	struct bc_forward_result r;
	unsigned int delay;
	uint64_t exp;
	int lk;

	(void)!read(d->tfd, &exp, sizeof(exp));
	if (stop_flag)
		return;
	if (!c->forward) {
		say_disabled(c);
		arm(d->tfd, c->poll_interval);
		return;
	}
	lk = lock_forward(&d->sp);
	memset(&r, 0, sizeof(r));
	run_pass(c, &d->sp,
		 !arg_no_poll &&
			 time(NULL) - d->last_poll >= (time_t)c->poll_interval,
		 &r);
	if (!r.failed && !arg_no_poll)
		d->last_poll = time(NULL);
	if (lk >= 0)
		close(lk);
	if (stop_flag && r.failed)
		return; /* interrupted, not failed */
	if (r.over_quota) {
		/* not a failure: wait for the server's quota to reset */
		delay = r.quota_until > time(NULL) ?
				(unsigned int)(r.quota_until - time(NULL)) + 1 :
				1;
		d->backoff = true;
	} else if (r.failed) {
		delay = bc_forward_backoff(c, d->failures + 1);
		if (r.retry_after > (long)delay)
			delay = (unsigned int)(r.retry_after < (long)c->retry_max ?
						       r.retry_after :
						       c->retry_max);
		d->backoff = true;
	} else {
		delay = c->poll_interval;
		d->backoff = false;
	}
	d->failures = record_pass(&d->sp, &r, time(NULL) + delay);
	log_pass(&r);
	if (r.failed)
		bc_log(LOG_NOTICE, "bugcheck forward: retry %u in %u s\n",
		       d->failures, delay);
	arm(d->tfd, delay);
	sd_notifyf(0, "STATUS=%u waiting, last pass %s", r.pending,
		   r.failed ? "failed" : "ok");
}

/* Signal, timer and inotify fds in one epoll set; -errno on failure. */
static int daemon_setup(struct daemon *d)
{
	struct epoll_event ev = { .events = EPOLLIN };
	char path[PATH_MAX + 16];
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	d->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	d->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	d->efd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sfd < 0 || d->tfd < 0 || d->ifd < 0 || d->efd < 0) {
		bc_log(LOG_ERR,
		       "bugcheck forward: failed to set up the event loop: %m\n");
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/new", d->c->spool_dir);
	if (inotify_add_watch(d->ifd, path, IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
		bc_log(LOG_WARNING,
		       "bugcheck forward: cannot watch '%s' (%m); relying on the periodic scan\n",
		       path);
	/* a live report's count grew (bugcheck watch renames it in) */
	snprintf(path, sizeof(path), "%s/counts", d->c->spool_dir);
	if (inotify_add_watch(d->ifd, path, IN_MOVED_TO) < 0)
		bc_log(LOG_WARNING,
		       "bugcheck forward: cannot watch '%s' (%m); counts go at the periodic scan\n",
		       path);
	ev.data.fd = d->sfd;
	epoll_ctl(d->efd, EPOLL_CTL_ADD, d->sfd, &ev);
	ev.data.fd = d->tfd;
	epoll_ctl(d->efd, EPOLL_CTL_ADD, d->tfd, &ev);
	ev.data.fd = d->ifd;
	epoll_ctl(d->efd, EPOLL_CTL_ADD, d->ifd, &ev);
	return 0;
}

static int run_daemon(struct bc_config *c)
{
	struct daemon d = { .c = c, .efd = -1, .sfd = -1, .tfd = -1, .ifd = -1 };
	struct epoll_event evs[4];
	int n, i, ret;

	ret = bc_spool_open(&d.sp, c, true);
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck forward: failed to open spool '%s': %s\n",
		       c->spool_dir, strerror(-ret));
		return bc_fail(ret);
	}
	d.sp.on_extra_drop = on_extra_drop;
	ret = daemon_setup(&d);
	if (ret)
		goto out;
	arm(d.tfd, 0);
	bc_log(LOG_INFO,
	       "bugcheck forward: daemon started, spool %s, server %s\n",
	       c->spool_dir, c->server);
	sd_notify(0, "READY=1\nSTATUS=forwarding");
	while (!stop_flag) {
		n = epoll_wait(d.efd, evs, 4, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == d.sfd)
				on_signal(&d);
			else if (evs[i].data.fd == d.ifd)
				on_spool(&d);
			else if (evs[i].data.fd == d.tfd)
				on_timer(&d);
		}
	}
	sd_notify(0, "STOPPING=1");
	bc_log(LOG_INFO, "bugcheck forward: stopped\n");
out:
	if (d.efd >= 0)
		close(d.efd);
	if (d.sfd >= 0)
		close(d.sfd);
	if (d.tfd >= 0)
		close(d.tfd);
	if (d.ifd >= 0)
		close(d.ifd);
	bc_spool_close(&d.sp);
	return ret ? -EIO : 0;
}

int bc_cmd_forward(int argc, char **argv)
{
	struct bc_config c;
	int ret;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	if (load_config(&c))
		return -EINVAL;
	if (!c.forward && !arg_dry_run) {
		say_disabled(&c);
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		bc_log(LOG_ERR,
		       "bugcheck forward: failed to initialise libcurl\n");
		return -EIO;
	}
	ret = arg_daemon ? run_daemon(&c) : run_once(&c);
	curl_global_cleanup();
	return ret;
}
