// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server serve: the HTTP service until SIGTERM/SIGINT, with
 * SIGHUP re-reading the configuration.  One epoll loop owns the signalfd
 * and the watchdog timerfd; libmicrohttpd runs its own thread pool.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "cmd.h"
#include "http.h"
#include "log.h"
#include "session.h"

int serve_load(const struct serve_args *a, struct server_config *c)
{
	const char *path = a->config ? a->config : CONFIG_DEFAULT_PATH;
	char err[512];
	int r;

	config_defaults(c);
	r = config_read_file(c, path, err, sizeof(err));
	if (r == -ENOENT && !a->config)
		r = 0; /* the default file is optional */
	if (r) {
		bc_log(LOG_ERR, "%s\n", err);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < a->n; i++) {
		r = config_set(c, a->key[i], a->val[i], err, sizeof(err));
		if (r) {
			bc_log(LOG_ERR, "Option --%s: %s\n", a->key[i], err);
			return -EINVAL;
		}
	}
	return 0;
}

static void keep_only(const char *what)
{
	bc_log(LOG_WARNING,
	       "SIGHUP: '%s' changed; it takes effect on restart\n", what);
}

/*
 * SIGHUP: read the file again (the command line still overrides it) and
 * apply rate, burst, max_body, quota and max_report_hits.  Everything else needs a restart;
 * a file with an error changes nothing.
 */
static void reload(const struct serve_args *a, struct http_server *h,
		   struct server_config *run)
{
	struct server_config now;
	const char *path = a->config ? a->config : CONFIG_DEFAULT_PATH;

	if (serve_load(a, &now)) {
		bc_log(LOG_ERR, "SIGHUP: %s not reloaded; settings unchanged\n",
		       path);
		return;
	}
	if (strcmp(now.db, run->db))
		keep_only("db");
	if (strcmp(now.listen, run->listen))
		keep_only("listen");
	if (now.http.threads != run->http.threads)
		keep_only("threads");
	if (now.http.max_conns != run->http.max_conns)
		keep_only("max_conns");
	if (now.http.timeout != run->http.timeout)
		keep_only("timeout");
	if (now.http.window_days != run->http.window_days)
		keep_only("window_days");
	if (strcmp(now.session_secret, run->session_secret))
		keep_only("session_secret");
	run->http.rate = now.http.rate;
	run->http.burst = now.http.burst;
	run->http.max_body = now.http.max_body;
	run->http.quota = now.http.quota;
	run->http.max_report_hits = now.http.max_report_hits;
	http_reload(h, &run->http);
	bc_log(LOG_NOTICE,
	       "SIGHUP: reloaded %s: rate %.0f, burst %.0f, max_body %zu, quota %llu, max_report_hits %llu\n",
	       path, run->http.rate, run->http.burst, run->http.max_body,
	       (unsigned long long)run->http.quota,
	       (unsigned long long)run->http.max_report_hits);
}

static int watchdog_timer(int efd)
{
	struct itimerspec its = { 0 };
	struct epoll_event ev;
	uint64_t usec = 0;
	int tfd;

	if (sd_watchdog_enabled(0, &usec) <= 0 || !usec)
		return -1;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (tfd < 0)
		return -1;
	its.it_interval.tv_sec = usec / 2 / 1000000;
	its.it_interval.tv_nsec = usec / 2 % 1000000 * 1000;
	its.it_value = its.it_interval;
	timerfd_settime(tfd, 0, &its, NULL);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = tfd };
	epoll_ctl(efd, EPOLL_CTL_ADD, tfd, &ev);
	return tfd;
}

/* Runs until TERM or INT; returns 0 or -errno. */
static int loop(const struct serve_args *a, struct http_server *h,
		struct server_config *c, int sfd, int efd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = sfd };
	int tfd, r = 0;

	epoll_ctl(efd, EPOLL_CTL_ADD, sfd, &ev);
	tfd = watchdog_timer(efd);
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
			reload(a, h, c);
			(void)sd_notify(0, "READY=1");
			continue;
		}
		bc_log(LOG_INFO, "Signal %u received, stopping\n",
		       si.ssi_signo);
		(void)sd_notify(0, "STOPPING=1");
		break;
	}
	if (tfd >= 0)
		close(tfd);
	return r;
}

static void log_listen_error(const struct server_config *c, int r)
{
	if (r == -EADDRINUSE)
		bc_log(LOG_ERR,
		       "Cannot listen on %s: the address is already in use (another bugcheck-server?)\n",
		       c->listen);
	else if (r == -EADDRNOTAVAIL)
		bc_log(LOG_ERR,
		       "Cannot listen on %s: no local interface has that address\n",
		       c->listen);
	else if (r == -EBADMSG)
		bc_log(LOG_ERR,
		       "Cannot start TLS on %s: the certificate or key is not valid PEM, or they do not match\n",
		       c->listen);
	else if (r == -EACCES)
		bc_log(LOG_ERR,
		       "Cannot listen on %s: permission denied (ports below 1024 need privileges)\n",
		       c->listen);
	else
		bc_log(LOG_ERR, "Cannot listen on %s: %s\n", c->listen,
		       strerror(-r));
}

/* Both or neither TLS file, and both readable; logs what is wrong. */
static int check_tls(const struct server_config *c)
{
	if (!c->tls_cert[0] != !c->tls_key[0]) {
		bc_log(LOG_ERR, "--tls-cert and --tls-key go together\n");
		return -EINVAL;
	}
	if (!c->tls_cert[0])
		return 0;
	if (access(c->tls_cert, R_OK) || access(c->tls_key, R_OK)) {
		int e = -errno;

		bc_log(LOG_ERR, "Cannot read TLS %s '%s': %s\n",
		       access(c->tls_cert, R_OK) ? "certificate" : "key",
		       access(c->tls_cert, R_OK) ? c->tls_cert : c->tls_key,
		       strerror(-e));
		return e;
	}
	return 0;
}

int cmd_serve(const struct serve_args *a)
{
	struct server_config c;
	char shown[sizeof(c.db)];
	struct http_server *h = NULL;
	struct store *st = NULL;
	int sfd = -1, efd = -1, r;
	sigset_t mask;

	r = serve_load(a, &c);
	if (r)
		return r;
	r = check_tls(&c);
	if (r)
		return r;
	if (c.session_secret[0]) {
		struct session_keys k;

		r = session_keys_load(&k, c.session_secret);
		if (r) {
			bc_log(LOG_ERR, "Cannot use session secret '%s': %s\n",
			       c.session_secret,
			       r == -EINVAL ? "shorter than 32 bytes" :
					      strerror(-r));
			return r == -EINVAL ? r : -EINVAL;
		}
	}
	r = cmd_open_store(c.db, &st);
	if (r)
		return r;

	/* Block before the pool starts so only our signalfd sees them. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);

	r = http_start(st, &c.http, &h);
	if (r) {
		log_listen_error(&c, r);
		goto out;
	}
	if (!c.http.tls_cert)
		bc_log(LOG_WARNING,
		       "Serving plain HTTP: agents refuse it; give --tls-cert and --tls-key, or put a TLS proxy in front\n");
	store_spec_redact(c.db, shown, sizeof(shown));
	bc_log(LOG_INFO,
	       "bugcheck-server listening on port %u (%s%s, %u threads, db %s)\n",
	       http_port(h), c.listen, c.http.tls_cert ? ", TLS" : "",
	       c.http.threads, shown);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	efd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || efd < 0) {
		r = -errno;
		bc_log(LOG_ERR, "Failed to set up the event loop: %m\n");
		goto out;
	}
	r = loop(a, h, &c, sfd, efd);
out:
	http_stop(h);
	if (st && st->ops->stats) {
		struct group_stats gs;

		st->ops->stats(st, &gs);
		if (gs.calls)
			bc_log(LOG_DEBUG,
			       "%s: %llu ingest calls in %llu commits (%llu"
			       " reports; %llu groups of two calls or more,"
			       " the largest %llu calls; %llu reruns; %llu"
			       " syncs)\n",
			       st->ops->name, (unsigned long long)gs.calls,
			       (unsigned long long)gs.commits,
			       (unsigned long long)gs.reports,
			       (unsigned long long)gs.groups,
			       (unsigned long long)gs.largest,
			       (unsigned long long)gs.reruns,
			       (unsigned long long)gs.syncs);
	}
	if (st && st->ops->roll_stats) {
		struct roll_stats rs;

		st->ops->roll_stats(st, &rs);
		if (rs.reports)
			bc_log(LOG_DEBUG,
			       "%s: %llu reports rolled up in %llu batches"
			       " (the largest %llu)\n",
			       st->ops->name, (unsigned long long)rs.reports,
			       (unsigned long long)rs.batches,
			       (unsigned long long)rs.largest);
	}
	store_close(st);
	if (sfd >= 0)
		close(sfd);
	if (efd >= 0)
		close(efd);
	return r;
}
