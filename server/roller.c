// SPDX-License-Identifier: GPL-2.0
/*
 * The deferred-rollup thread of both store backends (roller.h).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"
#include "roller.h"

static void abs_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static bool past(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > end->tv_sec ||
	       (now.tv_sec == end->tv_sec && now.tv_nsec >= end->tv_nsec);
}

static void *roller_main(void *arg)
{
	struct roller *r = arg;
	struct timespec ts;

	pthread_mutex_lock(&r->lock);
	while (!r->stop) {
		size_t n = 0;
		int e;

		if (!r->kick) {
			pthread_cond_wait(&r->cv, &r->lock);
			continue;
		}
		if (!r->urgent) {
			abs_in(&ts, ROLLER_DELAY_MS);
			while (!r->stop && !r->urgent &&
			       pthread_cond_timedwait(&r->cv, &r->lock, &ts) ==
				       0)
				;
		}
		r->kick = r->urgent = false;
		pthread_mutex_unlock(&r->lock);
		e = r->txn(r->ctx, &n);
		pthread_mutex_lock(&r->lock);
		if (e && !r->err)
			bc_log(LOG_ERR, "rollups: %s (retrying)\n",
			       strerror(-e));
		r->err = e;
		r->gen++;
		if (!e) {
			r->stats.batches += n > 0;
			r->stats.reports += n;
			if (n > r->stats.largest)
				r->stats.largest = n;
		}
		if (e || n == ROLLER_MAX)
			r->kick = true;
		/* a backlog: the next batch at once, it is full already */
		if (!e && n == ROLLER_MAX)
			r->urgent = true;
		if (e) {
			abs_in(&ts, 100);
			(void)pthread_cond_timedwait(&r->cv, &r->lock, &ts);
		}
		pthread_cond_broadcast(&r->settle_cv);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int roller_start(struct roller *r, roller_txn_fn txn, void *ctx)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int e;

	r->txn = txn;
	r->ctx = ctx;
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cv, &ca);
	pthread_cond_init(&r->settle_cv, &ca);
	pthread_condattr_destroy(&ca);
	r->kick = true; /* catch up with what a crash left */
	r->inited = true;
	/*
	 * Every signal blocked in the roller: the server takes SIGTERM and
	 * SIGHUP through a signalfd in its main thread, which may block
	 * them only after the store is open.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(&r->thread, NULL, roller_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e)
		return -e;
	r->running = true;
	return 0;
}

void roller_kick(struct roller *r, bool urgent)
{
	if (!r->running)
		return;
	pthread_mutex_lock(&r->lock);
	r->kick = true;
	r->urgent |= urgent;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->lock);
}

void roller_stop(struct roller *r, roller_probe_fn probe, void *probe_ctx)
{
	int64_t upto = 0, left = 0;

	if (!r->inited)
		return;
	if (r->running) {
		pthread_mutex_lock(&r->lock);
		r->stop = true;
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
		r->running = false;
	}
	if (!probe(probe_ctx, 0, &upto) && upto)
		(void)probe(probe_ctx, upto, &left);
	while (left) {
		size_t n;

		if (r->txn(r->ctx, &n) || !n || probe(probe_ctx, upto, &left))
			break;
	}
	pthread_cond_destroy(&r->cv);
	pthread_cond_destroy(&r->settle_cv);
	pthread_mutex_destroy(&r->lock);
	r->inited = false;
}

int roller_settle(struct roller *r, roller_probe_fn probe, void *probe_ctx)
{
	struct timespec end, ts;
	int64_t upto, left;
	int e;

	e = probe(probe_ctx, 0, &upto);
	if (e || !upto)
		return e;
	abs_in(&end, ROLLER_SETTLE_MS);
	for (;;) {
		uint64_t gen;

		pthread_mutex_lock(&r->lock);
		gen = r->gen;
		e = r->err;
		pthread_mutex_unlock(&r->lock);
		if (e)
			return -EBUSY;
		e = probe(probe_ctx, upto, &left);
		if (e || !left)
			return e;
		if (past(&end)) {
			bc_log(LOG_ERR,
			       "rollups: queries waited %d ms for the"
			       " roller\n",
			       ROLLER_SETTLE_MS);
			return -EBUSY;
		}
		pthread_mutex_lock(&r->lock);
		r->kick = r->urgent = true;
		pthread_cond_signal(&r->cv);
		/* polls too: another process's roller does not wake us */
		abs_in(&ts, 20);
		while (r->gen == gen &&
		       pthread_cond_timedwait(&r->settle_cv, &r->lock, &ts) ==
			       0)
			;
		pthread_mutex_unlock(&r->lock);
	}
}

void roller_stats(struct roller *r, struct roll_stats *ret)
{
	if (!r->inited) {
		*ret = (struct roll_stats){ 0 };
		return;
	}
	pthread_mutex_lock(&r->lock);
	*ret = r->stats;
	pthread_mutex_unlock(&r->lock);
}
