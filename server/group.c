// SPDX-License-Identifier: GPL-2.0
/*
 * Group commit for the store backends (group.h): the queue, the leader
 * that takes a group, the rerun call by call of a group that failed, the
 * shared sync and the wake-ups.  Nothing here knows SQL; the backends'
 * run() and sync() do the writing (store_sqlite_ingest.c,
 * store_pg_ingest.c).  Unit test: group_test.c.
 */
#include <errno.h>
#include <string.h>

#include "group.h"

void group_init(struct group *g, const struct group_ops *ops, void *ctx,
		size_t max, unsigned int writers)
{
	memset(g, 0, sizeof(*g));
	g->ops = ops;
	g->ctx = ctx;
	g->max = max ? max : 1;
	g->writers = writers ? writers : 1;
	g->tail = &g->queue;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->synced_cv, NULL);
	pthread_cond_init(&g->more_cv, NULL);
}

void group_destroy(struct group *g)
{
	pthread_cond_destroy(&g->synced_cv);
	pthread_cond_destroy(&g->more_cv);
	pthread_mutex_destroy(&g->lock);
}

static size_t weight(const struct group_call *c)
{
	return c->n ? c->n : 1;
}

/*
 * Takes the queue's head calls while the group's reports (@n so far)
 * stay within @max (one call at least when @n is 0).
 */
static struct group_call *take(struct group *g, size_t n, uint64_t *ret_calls)
{
	struct group_call *head = g->queue, **pp = &head, *k;
	uint64_t calls = 0;

	while ((k = *pp) && (!n || n + weight(k) <= g->max)) {
		n += weight(k);
		calls++;
		pp = &k->next;
	}
	g->queue = *pp;
	if (!g->queue)
		g->tail = &g->queue;
	*pp = NULL;
	*ret_calls = calls;
	return head;
}

/*
 * run() of @calls; if the group fails, each call again alone.  Returns
 * the transactions committed (without @lock).
 */
static uint64_t run_group(struct group *g, struct group_call *calls,
			  bool *ret_rerun)
{
	struct group_call *k, *next;
	uint64_t commits = 0;
	int e;

	*ret_rerun = false;
	for (k = calls; k; k = k->next)
		k->err = 0;
	e = g->ops->run(g->ctx, calls);
	if (!e)
		return 1;
	if (!calls->next) {
		calls->err = e;
		return 0;
	}
	*ret_rerun = true;
	for (k = calls; k; k = next) {
		next = k->next;
		k->next = NULL;
		k->err = 0;
		k->alone = true;
		e = g->ops->run(g->ctx, k);
		if (e)
			k->err = e;
		else
			commits++;
		k->next = next;
	}
	return commits;
}

/*
 * Returns (@lock held) once sync() covered the run() numbered @need, or
 * the sync error.  One thread syncs at a time, without @lock.
 */
static int durable(struct group *g, uint64_t need)
{
	while (g->synced < need && !g->sync_err) {
		uint64_t upto;
		int e;

		if (g->syncing) {
			pthread_cond_wait(&g->synced_cv, &g->lock);
			continue;
		}
		g->syncing = true;
		upto = g->written;
		pthread_mutex_unlock(&g->lock);
		e = g->ops->sync(g->ctx);
		pthread_mutex_lock(&g->lock);
		g->syncing = false;
		g->stats.syncs++;
		if (e)
			g->sync_err = e;
		else if (upto > g->synced)
			g->synced = upto;
		pthread_cond_broadcast(&g->synced_cv);
		pthread_cond_broadcast(&g->more_cv);
	}
	return g->synced >= need ? 0 : g->sync_err;
}

/* The leader's part, @lock held: take a group, write it, sync, wake. */
static void lead(struct group *g, struct group_call *me)
{
	struct group_call *grp, *k, *next;
	uint64_t calls, commits, need;
	bool rerun, kept = false;
	int e = 0;

	g->running++;
	grp = take(g, 0, &calls);
	if (g->queue && g->running < g->writers)
		pthread_cond_signal(&g->queue->wake);
	pthread_mutex_unlock(&g->lock);
	commits = run_group(g, grp, &rerun);
	pthread_mutex_lock(&g->lock);
	g->running--;
	/* the next in line leads next, while this group syncs */
	if (g->queue)
		pthread_cond_signal(&g->queue->wake);
	calls = 0;
	for (k = grp; k; k = k->next)
		calls++; /* with what group_more() added */
	g->stats.commits += commits;
	g->stats.groups += calls > 1;
	g->stats.reruns += rerun;
	if (calls > g->stats.largest)
		g->stats.largest = calls;
	need = ++g->written;
	for (k = grp; k; k = k->next)
		kept |= !k->err;
	if (kept && g->ops->sync)
		e = durable(g, need);
	for (k = grp; k; k = next) {
		next = k->next;
		if (e && !k->err)
			k->err = e;
		k->done = true;
		if (k != me)
			pthread_cond_signal(&k->wake);
	}
}

int group_submit(struct group *g, struct group_call *call)
{
	int e;

	call->next = NULL;
	call->err = 0;
	call->done = false;
	call->alone = false;
	pthread_cond_init(&call->wake, NULL);
	pthread_mutex_lock(&g->lock);
	g->stats.calls++;
	g->stats.reports += call->n;
	*g->tail = call;
	g->tail = &call->next;
	pthread_cond_signal(&g->more_cv);
	while (!call->done) {
		if (g->running >= g->writers || g->queue != call)
			pthread_cond_wait(&call->wake, &g->lock);
		else
			lead(g, call);
	}
	e = call->err;
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&call->wake);
	return e;
}

struct group_call *group_more(struct group *g, struct group_call *calls)
{
	struct group_call *last = calls, *more = NULL;
	size_t n = 0;
	uint64_t taken;

	if (calls->alone)
		return NULL;
	for (struct group_call *k = calls; k; k = k->next) {
		n += weight(k);
		last = k;
	}
	pthread_mutex_lock(&g->lock);
	/*
	 * Only while the sync runs: once it is over, this group commits at
	 * once and the calls queued then start the next one, which is
	 * written while this one syncs (taking them too had grown groups of
	 * batches to 36 ms of work, and cost a third of batched ingest).
	 */
	while (n < g->max && g->syncing) {
		if (g->queue && n + weight(g->queue) <= g->max) {
			more = take(g, n, &taken);
			last->next = more;
			break;
		}
		if (g->queue)
			break; /* it does not fit: commit now */
		pthread_cond_wait(&g->more_cv, &g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return more;
}

void group_stats(struct group *g, struct group_stats *ret)
{
	pthread_mutex_lock(&g->lock);
	*ret = g->stats;
	pthread_mutex_unlock(&g->lock);
}
