// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/group.c, with a backend made of counters instead
 * of a database: run() applies its calls' work to a tentative list and
 * "commits" it only when every call is good; sync() marks every commit
 * before it durable.  Checked: a lone call; a group formed behind a busy
 * writer, with a failing member that sends it back call by call (the
 * others committed once, the bad one failed alone); a member that fails
 * without writing is left out without a rerun; the report limit; threads
 * hammering it (no call lost or counted twice, never more writers than
 * allowed, every call synced before it returns), also with run() taking
 * the calls that queue while the last group syncs (group_more()); a sync
 * error is kept.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "group.h"

#define TAP_SUITE "server group"
#include "tap.h"

#define MAX_CALLS 4096

enum kind {
	GOOD,
	BAD, /* fails after writing: the whole group must go */
	REFUSED, /* fails before writing: left out alone */
	BLOCK, /* good, but run() waits for the test to open the gate */
};

struct tcall {
	struct group_call gc; /* first: the test's container_of */
	enum kind kind;
	unsigned int id;
	uint64_t commit_seq; /* the commit that held it */
};

struct fake {
	pthread_mutex_t lock;
	pthread_cond_t gate_cv;
	bool gate_open;
	bool blocked; /* a BLOCK call is inside run() */
	unsigned int committed[MAX_CALLS]; /* times each id was committed */
	uint64_t commits; /* commit sequence */
	uint64_t synced; /* commits before the last sync began */
	unsigned int in_run, max_in_run;
	size_t largest_reports;
	int sync_err; /* what sync() answers */
	unsigned int run_us; /* time a run() takes */
	bool more; /* run() takes queued calls with group_more() */
	uint64_t extended; /* calls it took so */
};

static struct fake fk;
static struct group *fk_group; /* for group_more() */

static void fake_reset(void)
{
	memset(&fk, 0, sizeof(fk));
	pthread_mutex_init(&fk.lock, NULL);
	pthread_cond_init(&fk.gate_cv, NULL);
}

static int fake_run(void *ctx, struct group_call *calls)
{
	unsigned int ids[MAX_CALLS];
	size_t n = 0, reports = 0;
	bool bad = false;

	(void)ctx;
	pthread_mutex_lock(&fk.lock);
	if (++fk.in_run > fk.max_in_run)
		fk.max_in_run = fk.in_run;
	pthread_mutex_unlock(&fk.lock);
	if (fk.run_us)
		usleep(fk.run_us); /* the work, while the last group syncs */
	for (struct group_call *k = calls; k; k = k->next) {
		struct tcall *t = (struct tcall *)k;

		if (fk.more && !k->next && group_more(fk_group, calls)) {
			pthread_mutex_lock(&fk.lock);
			for (struct group_call *x = k->next; x; x = x->next)
				fk.extended++;
			pthread_mutex_unlock(&fk.lock);
		}
		reports += k->n ? k->n : 1;
		if (t->kind == BLOCK) {
			pthread_mutex_lock(&fk.lock);
			fk.blocked = true;
			while (!fk.gate_open)
				pthread_cond_wait(&fk.gate_cv, &fk.lock);
			pthread_mutex_unlock(&fk.lock);
		}
		if (t->kind == REFUSED) {
			k->err = -EDQUOT; /* nothing written: left out */
			continue;
		}
		if (t->kind == BAD)
			bad = true;
		ids[n++] = t->id; /* written, tentatively */
	}
	pthread_mutex_lock(&fk.lock);
	fk.in_run--;
	if (reports > fk.largest_reports)
		fk.largest_reports = reports;
	if (bad) {
		pthread_mutex_unlock(&fk.lock);
		return -EIO; /* rolled back: nothing kept */
	}
	fk.commits++;
	for (size_t i = 0; i < n; i++)
		fk.committed[ids[i]]++;
	for (struct group_call *k = calls; k; k = k->next)
		((struct tcall *)k)->commit_seq = fk.commits;
	pthread_mutex_unlock(&fk.lock);
	return 0;
}

static int fake_sync(void *ctx)
{
	uint64_t upto;

	(void)ctx;
	pthread_mutex_lock(&fk.lock);
	upto = fk.commits;
	pthread_mutex_unlock(&fk.lock);
	usleep(300);
	pthread_mutex_lock(&fk.lock);
	if (!fk.sync_err && upto > fk.synced)
		fk.synced = upto;
	pthread_mutex_unlock(&fk.lock);
	return fk.sync_err;
}

static const struct group_ops fake_ops = { .run = fake_run, .sync = fake_sync };

struct submit_arg {
	struct group *g;
	struct tcall *c;
	int ret;
};

static void *submit_thread(void *p)
{
	struct submit_arg *a = p;

	a->ret = group_submit(a->g, &a->c->gc);
	return NULL;
}

static size_t queued(struct group *g)
{
	size_t n = 0;

	pthread_mutex_lock(&g->lock);
	for (struct group_call *k = g->queue; k; k = k->next)
		n++;
	pthread_mutex_unlock(&g->lock);
	return n;
}

static void wait_for(bool (*cond)(struct group *), struct group *g)
{
	for (int i = 0; i < 5000 && !cond(g); i++)
		usleep(1000);
}

static bool is_blocked(struct group *g)
{
	bool b;

	(void)g;
	pthread_mutex_lock(&fk.lock);
	b = fk.blocked;
	pthread_mutex_unlock(&fk.lock);
	return b;
}

static size_t want_queued;
static bool has_queued(struct group *g)
{
	return queued(g) >= want_queued;
}

static void open_gate(void)
{
	pthread_mutex_lock(&fk.lock);
	fk.gate_open = true;
	pthread_cond_broadcast(&fk.gate_cv);
	pthread_mutex_unlock(&fk.lock);
}

static void test_single(void)
{
	struct group g;
	struct tcall c = { .gc.n = 1, .kind = GOOD, .id = 1 };
	struct group_stats st;

	fake_reset();
	group_init(&g, &fake_ops, NULL, 256, 1);
	CHECK(group_submit(&g, &c.gc) == 0);
	CHECK(fk.committed[1] == 1);
	CHECK(fk.synced >= c.commit_seq);
	c.kind = BAD;
	CHECK(group_submit(&g, &c.gc) == -EIO);
	CHECK(fk.committed[1] == 1);
	group_stats(&g, &st);
	CHECK(st.calls == 2 && st.commits == 1 && st.groups == 0);
	CHECK(st.reruns == 0 && st.syncs == 1 && st.largest == 1);
	group_destroy(&g);
	done("a lone call commits and syncs; a failing one fails alone");
}

/*
 * A BLOCK call holds the only writer slot while @kinds queue behind it;
 * then they run as one group.  Returns the threads' results in @ret.
 */
static void group_behind(struct group *g, const enum kind *kinds, size_t n,
			 size_t *reports, int *ret)
{
	struct tcall blk = { .gc.n = 1, .kind = BLOCK, .id = 0 };
	struct tcall c[8];
	struct submit_arg a[9];
	pthread_t t[9];

	a[0] = (struct submit_arg){ .g = g, .c = &blk };
	pthread_create(&t[0], NULL, submit_thread, &a[0]);
	wait_for(is_blocked, g);
	for (size_t i = 0; i < n; i++) {
		c[i] = (struct tcall){ .gc.n = reports ? reports[i] : 1,
				       .kind = kinds[i],
				       .id = (unsigned int)i + 1 };
		a[i + 1] = (struct submit_arg){ .g = g, .c = &c[i] };
		pthread_create(&t[i + 1], NULL, submit_thread, &a[i + 1]);
		want_queued = i + 1;
		wait_for(has_queued, g); /* queued in this order */
	}
	open_gate();
	for (size_t i = 0; i <= n; i++)
		pthread_join(t[i], NULL);
	CHECK(a[0].ret == 0);
	for (size_t i = 0; i < n; i++)
		ret[i] = a[i + 1].ret;
}

static void test_failing_member(void)
{
	static const enum kind kinds[] = { GOOD, BAD, GOOD, GOOD };
	struct group_stats st;
	struct group g;
	int ret[4];

	fake_reset();
	group_init(&g, &fake_ops, NULL, 256, 1);
	group_behind(&g, kinds, 4, NULL, ret);
	CHECK(ret[0] == 0 && ret[2] == 0 && ret[3] == 0);
	CHECK(ret[1] == -EIO);
	CHECK(fk.committed[1] == 1 && fk.committed[3] == 1 &&
	      fk.committed[4] == 1);
	CHECK(fk.committed[2] == 0);
	group_stats(&g, &st);
	CHECKF(st.largest == 4 && st.reruns == 1 && st.groups == 1,
	       "largest %llu reruns %llu groups %llu",
	       (unsigned long long)st.largest, (unsigned long long)st.reruns,
	       (unsigned long long)st.groups);
	/* the blocker, then the three good calls again alone */
	CHECK(st.commits == 4);
	group_destroy(&g);
	done("a failing member: the group runs again call by call");
}

static void test_refused_member(void)
{
	static const enum kind kinds[] = { GOOD, REFUSED, GOOD };
	struct group_stats st;
	struct group g;
	int ret[3];

	fake_reset();
	group_init(&g, &fake_ops, NULL, 256, 1);
	group_behind(&g, kinds, 3, NULL, ret);
	CHECK(ret[0] == 0 && ret[1] == -EDQUOT && ret[2] == 0);
	CHECK(fk.committed[1] == 1 && fk.committed[3] == 1);
	group_stats(&g, &st);
	CHECK(st.reruns == 0 && st.commits == 2 && st.largest == 3);
	group_destroy(&g);
	done("a member refused before writing is left out, no rerun");
}

static void test_max_reports(void)
{
	static const enum kind kinds[] = { GOOD, GOOD, GOOD, GOOD };
	size_t reports[] = { 100, 100, 100, 300 };
	struct group_stats st;
	struct group g;
	int ret[4];

	fake_reset();
	group_init(&g, &fake_ops, NULL, 256, 1);
	group_behind(&g, kinds, 4, reports, ret);
	CHECK(!ret[0] && !ret[1] && !ret[2] && !ret[3]);
	/* 100+100, then 100, then 300 alone (a call is never split) */
	CHECKF(fk.largest_reports == 300, "largest %zu", fk.largest_reports);
	group_stats(&g, &st);
	CHECK(st.commits == 4 && st.largest == 2);
	group_destroy(&g);
	done("a group holds at most max reports, a bigger call alone");
}

#define THREADS 8
#define PER_THREAD 150

struct hammer {
	struct group *g;
	unsigned int base;
	unsigned int bad_every;
	int fails, wrong;
};

static void *hammer_thread(void *p)
{
	struct hammer *h = p;

	for (unsigned int i = 0; i < PER_THREAD; i++) {
		unsigned int id = h->base + i;
		struct tcall c = { .gc.n = 1 + id % 3, .id = id };
		uint64_t synced;
		int e;

		c.kind = h->bad_every && id % h->bad_every == 0 ? BAD : GOOD;
		e = group_submit(h->g, &c.gc);
		pthread_mutex_lock(&fk.lock);
		synced = fk.synced;
		pthread_mutex_unlock(&fk.lock);
		if (c.kind == BAD)
			h->wrong += e != -EIO;
		else if (e)
			h->fails++;
		else if (c.commit_seq > synced)
			h->wrong++; /* returned before its commit was synced */
	}
	return NULL;
}

static void test_threads(unsigned int writers, unsigned int bad_every,
			 bool more)
{
	struct hammer h[THREADS];
	pthread_t t[THREADS];
	struct group_stats st;
	struct group g;
	unsigned int lost = 0, twice = 0;
	int fails = 0, wrong = 0;
	char name[120];

	fake_reset();
	fk.run_us = 200;
	fk.more = more;
	fk_group = &g;
	group_init(&g, &fake_ops, NULL, 16, writers);
	for (unsigned int i = 0; i < THREADS; i++) {
		h[i] = (struct hammer){ .g = &g,
					.base = 1 + i * PER_THREAD,
					.bad_every = bad_every };
		pthread_create(&t[i], NULL, hammer_thread, &h[i]);
	}
	for (unsigned int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		fails += h[i].fails;
		wrong += h[i].wrong;
	}
	for (unsigned int id = 1; id <= THREADS * PER_THREAD; id++) {
		bool bad = bad_every && id % bad_every == 0;

		lost += !bad && fk.committed[id] == 0;
		twice += fk.committed[id] > (bad ? 0 : 1);
	}
	group_stats(&g, &st);
	printf("# %u writer(s), bad every %u%s: %llu calls, %llu commits,"
	       " %llu groups, %llu reruns, %llu syncs, largest %llu"
	       ", %llu joined a running group\n",
	       writers, bad_every, more ? ", group_more()" : "",
	       (unsigned long long)st.calls, (unsigned long long)st.commits,
	       (unsigned long long)st.groups, (unsigned long long)st.reruns,
	       (unsigned long long)st.syncs, (unsigned long long)st.largest,
	       (unsigned long long)fk.extended);
	CHECK(fails == 0 && wrong == 0 && lost == 0 && twice == 0);
	CHECKF(fk.max_in_run <= writers, "%u run() at once", fk.max_in_run);
	CHECKF(fk.largest_reports <= 16 + 2, "%zu reports in a group",
	       fk.largest_reports);
	CHECK(st.calls == THREADS * PER_THREAD);
	/* 8 threads against 200 us runs: calls share commits */
	CHECKF(st.groups > 0 && st.commits < st.calls, "%llu commits",
	       (unsigned long long)st.commits);
	CHECK(!bad_every || st.reruns > 0);
	CHECK(!more || fk.extended > 0);
	group_destroy(&g);
	snprintf(name, sizeof(name),
		 "%d threads, %u writer(s)%s%s: every call once, synced",
		 THREADS, writers, bad_every ? ", failing members" : "",
		 more ? ", calls joining while the last group syncs" : "");
	done(name);
}

static void test_sync_error(void)
{
	struct tcall c = { .gc.n = 1, .kind = GOOD, .id = 1 };
	struct group g;

	fake_reset();
	group_init(&g, &fake_ops, NULL, 256, 1);
	fk.sync_err = -EIO;
	CHECK(group_submit(&g, &c.gc) == -EIO);
	fk.sync_err = 0;
	c.id = 2;
	CHECK(group_submit(&g, &c.gc) == -EIO); /* kept */
	group_destroy(&g);
	done("a sync error fails that call and every later one");
}

int main(void)
{
	test_single();
	test_failing_member();
	test_refused_member();
	test_max_reports();
	test_threads(1, 0, false);
	test_threads(2, 0, false);
	test_threads(1, 7, false);
	test_threads(1, 0, true);
	test_threads(1, 7, true);
	test_sync_error();
	return tap_end();
}
