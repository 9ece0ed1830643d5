/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Group commit, above the store backends (group.c): concurrent calls that
 * write share one transaction and one durable commit, and every caller
 * returns only once the commit that holds its work is durable.
 *
 * A call queues itself.  While fewer than @writers groups are being
 * written, the call at the head of the queue becomes the leader: it takes
 * the queued calls, up to @max reports (one call at least), and hands
 * them to the backend's run(), which runs them as one transaction and
 * commits it.  If that fails, nothing of the group is kept, and the
 * leader runs each call again alone (one transaction each), so one bad
 * call cannot fail the others.  Then, for a backend whose COMMIT does not
 * wait for the disk itself, the leader waits for a sync() that began
 * after the commit (one sync() at a time, outside the writer slots; one
 * covers every commit before it began), and wakes every call of its
 * group with its result.  The next leader takes the calls that queued
 * meanwhile as soon as a writer slot is free, so a group is written while
 * the one before it is synced; and while that sync runs, its run() may
 * keep taking the calls that queue (group_more()) into its open
 * transaction, so that one commit and one sync serve every call that
 * arrived during the sync before (the disk's time, not the CPU's, sets
 * the group size).
 */
#ifndef BUGCHECK_SERVER_GROUP_H
#define BUGCHECK_SERVER_GROUP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One call, on its caller's stack, embedded in the backend's own call
 * struct (the backend finds it again with container_of-style arithmetic).
 */
struct group_call {
	struct group_call *next; /* the next call of the group run() gets */
	size_t n; /* reports: what @max counts (0 counts as 1) */
	int err; /* the call's result: 0, or set by run() */
	/* private to group.c */
	pthread_cond_t wake; /* each caller its own: wakes only it */
	bool done;
	bool alone; /* run again alone: group_more() adds nothing */
};

struct group_ops {
	/*
	 * Runs @calls (a list by ->next, at least one, each ->err 0) as one
	 * transaction and commits it.  0: committed; a call whose work
	 * failed without changing anything may have been left out, with
	 * its ->err set, the others committed.  -errno: nothing of the
	 * group is kept (the leader then runs each call alone; for a single
	 * call this is its result).
	 */
	int (*run)(void *ctx, struct group_call *calls);
	/*
	 * Optional: makes every transaction that run() committed before
	 * this began durable.  An error is kept: what it lost cannot be
	 * known, so every later call fails with it.  NULL when run()'s
	 * COMMIT is durable by itself.
	 */
	int (*sync)(void *ctx);
};

/* Counters, for the server's exit log and the bench. */
struct group_stats {
	uint64_t calls; /* group_submit() calls */
	uint64_t reports; /* their reports (->n) */
	uint64_t commits; /* transactions run() committed (reruns too) */
	uint64_t groups; /* run() of two calls or more */
	uint64_t reruns; /* groups that failed and ran call by call */
	uint64_t syncs; /* sync() calls */
	uint64_t largest; /* most calls in one group */
};

struct group {
	const struct group_ops *ops;
	void *ctx;
	size_t max; /* reports in one group */
	unsigned int writers; /* run() calls at once */
	pthread_mutex_t lock; /* protects everything below */
	struct group_call *queue, **tail;
	unsigned int running; /* run() calls in progress */
	/*
	 * Durability: @written counts the leaders that finished run(),
	 * @synced how many of them a sync() covered; one thread syncs at a
	 * time (@syncing), without @lock, while others wait on @synced_cv.
	 */
	uint64_t written, synced;
	bool syncing;
	int sync_err;
	pthread_cond_t synced_cv;
	pthread_cond_t more_cv; /* a call queued or a sync ended */
	struct group_stats stats;
};

void group_init(struct group *g, const struct group_ops *ops, void *ctx,
		size_t max, unsigned int writers);
void group_destroy(struct group *g);
/*
 * Queues @call (->n set) and returns its result once the transaction
 * that holds its work is committed, and synced when the backend syncs.
 */
int group_submit(struct group *g, struct group_call *call);
void group_stats(struct group *g, struct group_stats *ret);
/*
 * For a backend with a sync(): called from run() with its transaction
 * open, after the work of every call of @calls (the list run() got, and
 * what earlier group_more() calls linked to its end).  While a sync()
 * is running, waits for calls to queue and links them (up to @max
 * reports in the group) to the end of the list, returning the first
 * new one; NULL when the group should commit now: no sync is running
 * (any more), or the group is full, or @calls is a call run again
 * alone.
 */
struct group_call *group_more(struct group *g, struct group_call *calls);

#endif /* BUGCHECK_SERVER_GROUP_H */
