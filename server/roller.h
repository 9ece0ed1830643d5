/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The deferred-rollup thread both store backends run (issue 15): woken by
 * each ingest commit, it waits ROLLER_DELAY_MS for more (a larger batch
 * shares more rollup rows) unless a query waits, then calls the backend's
 * roll transaction until the queue is empty; at start-up it catches up.
 * The backend owns the queue and its transactions (store_sqlite_ingest.c,
 * store_pg_ingest.c); this owns the thread, its wake-ups, its error state
 * and the read-your-writes wait (store.h settle).
 */
#ifndef BUGCHECK_SERVER_ROLLER_H
#define BUGCHECK_SERVER_ROLLER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define ROLLER_MAX 1024 /* queued reports one roll takes at a time */
#define ROLLER_DELAY_MS 20 /* the roller waits for more after a commit */
#define ROLLER_SETTLE_MS 10000 /* longest a query waits for the rollers */

/*
 * One roll transaction of up to ROLLER_MAX queued reports; @ret_n: how
 * many it rolled (0: the queue was empty).
 */
typedef int (*roller_txn_fn)(void *ctx, size_t *ret_n);

/*
 * The queue as a query sees it: with @upto 0, the newest queued report
 * (0: none); else whether one <= @upto is still queued (committed,
 * whichever process queued it).
 */
typedef int (*roller_probe_fn)(void *ctx, int64_t upto, int64_t *ret);

struct roller {
	pthread_t thread;
	pthread_mutex_t lock; /* protects the fields below */
	pthread_cond_t cv; /* wakes the roller */
	pthread_cond_t settle_cv; /* the roller finished a transaction */
	bool inited, running, stop, kick, urgent;
	int err; /* the last roll's error, 0 */
	uint64_t gen; /* roll transactions tried */
	struct roll_stats stats;
	roller_txn_fn txn;
	void *ctx;
};

/* Starts the thread with every signal blocked (the server's main thread takes them). */
int roller_start(struct roller *r, roller_txn_fn txn, void *ctx);
void roller_kick(struct roller *r, bool urgent);
/*
 * Stops the thread, then rolls what @probe says is queued now (only that
 * much: other processes may be queueing more all the while).
 */
void roller_stop(struct roller *r, roller_probe_fn probe, void *probe_ctx);
/*
 * Read-your-writes: waits until every report queued before the call is
 * rolled, by this roller or another process's; -EBUSY after
 * ROLLER_SETTLE_MS or while this roller fails.
 */
int roller_settle(struct roller *r, roller_probe_fn probe, void *probe_ctx);
void roller_stats(struct roller *r, struct roll_stats *ret);

#endif
