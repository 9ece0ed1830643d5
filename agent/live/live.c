// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck watch (agent/live/live.h).
 *
 * /dev/kmsg (Documentation/ABI/testing/dev-kmsg) gives one record per
 * read(): "prefix,seq,usec,flags[,...];text\n" plus " KEY=value" lines.
 * Only facility 0 (the kernel's own messages) is classified, so a line
 * user space writes to /dev/kmsg cannot pass for a kernel report.  The
 * lines go, in the console's "[ s.us] text" form, into one streaming
 * classifier; a report is complete once the log has been quiet for
 * quiet_ms.
 *
 * A BPF event (bpf/watch.bpf.c) carries the printk sequence number of
 * the newest record at the event.  A classified report whose first line
 * is at most WINDOW records before (a WARNING, an oops: the event comes
 * after the text) or right after (a hung task: before the text) an
 * unmatched event of a compatible kind takes that event's type.  An
 * event no text matched within EVENT_WAIT_MS (the printk was rate limited
 * or the log overran) is classified from its own stack.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <systemd/sd-daemon.h>

#include "classify.h"
#include "host.h"
#include "kmsg.h"
#include "live.h"
#include "live_bpf.h"
#include "log.h"
#include "report.h"
#include "scrub.h"
#include "spool.h"

#define KMSG_RECORD_MAX 8192
#define TEXT_WINDOW (48 * 1024) /* recent kernel lines kept for reports */
#define LINE_SEQS 4096 /* (stamp, seq) of recent lines */
#define EVENTS_MAX 256 /* BPF events waiting for their text */
#define EVENT_WAIT_MS 10000 /* then the stack stands in for the text */
#define MATCH_BEFORE 2000 /* records a report may start before its event */
#define FAILURES_MAX 4096 /* distinct failure hashes kept per boot */

struct failure {
	char hash[BC_HASH_LEN + 1];
	char id[BC_REPORT_ID_LEN + 1]; /* "" when not spooled (cap, sample) */
	uint64_t count;
	bool count_dirty; /* counts/<id>.json is behind @count */
};

struct pending {
	struct watch_event ev;
	uint64_t arrived_ms; /* CLOCK_MONOTONIC */
	bool matched;
};

struct line_seq {
	uint64_t stamp_ns;
	uint64_t seq;
};

struct live {
	const struct bc_live_opts *o;
	struct bc_config *cfg; /* &conf: SIGHUP changes the watch_* keys */
	struct bc_config conf;
	int ep, kmsg, sigfd, quietfd, wdfd;
	struct bc_watch_bpf *bpf;
	char bpf_why[512];
	struct bc_classifier *cls;
	bool open_text; /* lines fed since the last flush */
	char boot_id[40];
	char release[65]; /* uname -r, for reports from a stack alone */

	char text[TEXT_WINDOW]; /* newest lines, oldest dropped first */
	size_t text_len;
	struct line_seq seqs[LINE_SEQS];
	size_t nseqs, seq_head;
	uint64_t last_seq; /* newest kmsg record handled */
	bool have_seq;

	struct pending ev[EVENTS_MAX];
	size_t nev;

	struct failure *fail;
	size_t nfail;
	char day[16];
	unsigned int day_reports;

	struct bc_spool sp;
	bool spool_open;
	struct bc_scrub scrub;

	/* counters for status */
	uint64_t seen, events, dropped, spooled, counted, capped, sampled;
	uint64_t textless, kmsg_lost;
	bool dirty;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void today(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static void read_boot_id(char *buf, size_t size)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)size, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

static const char *type_of_detector(unsigned int d)
{
	switch (d) {
	case WATCH_DET_WARN:
		return "warning";
	case WATCH_DET_KASAN:
	case WATCH_DET_KFENCE:
		return "sanitizer";
	case WATCH_DET_HANG:
	case WATCH_DET_RCU_STALL:
		return "hang";
	case WATCH_DET_OOM:
	case WATCH_DET_ALLOC:
		return "memory";
	case WATCH_DET_LOCKUP:
		return "lockup";
	case WATCH_DET_MCE:
		return "mce";
	default:
		return "oops";
	}
}

/* What a text-less event is classified as (bc_crash_facts.reason). */
static unsigned int reason_of_detector(unsigned int d)
{
	switch (d) {
	case WATCH_DET_WARN:
		return BUGCHECK_REASON_WARN;
	case WATCH_DET_HANG:
		return BUGCHECK_REASON_HUNG_TASK;
	case WATCH_DET_RCU_STALL:
		return BUGCHECK_REASON_RCU_STALL;
	case WATCH_DET_OOM:
	case WATCH_DET_ALLOC:
		return BUGCHECK_REASON_OOM;
	case WATCH_DET_LOCKUP:
		return BUGCHECK_REASON_SOFT_LOCKUP;
	case WATCH_DET_MCE:
		return BUGCHECK_REASON_MCE;
	default:
		return BUGCHECK_REASON_OOPS;
	}
}

/* ---- state file: per-boot dedup, daily cap, counters for status ---- */

static void state_path(const struct live *l, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", l->cfg->state_dir, BC_LIVE_STATE);
}

static struct failure *find_failure(struct live *l, const char *hash)
{
	size_t i;

	for (i = 0; i < l->nfail; i++)
		if (!strcmp(l->fail[i].hash, hash))
			return &l->fail[i];
	return NULL;
}

static struct failure *add_failure(struct live *l, const char *hash)
{
	struct failure *f;

	if (l->nfail >= FAILURES_MAX)
		return NULL;
	if (!(l->nfail & 63)) {
		f = realloc(l->fail, (l->nfail + 64) * sizeof(*f));
		if (!f)
			return NULL;
		l->fail = f;
	}
	f = &l->fail[l->nfail++];
	memset(f, 0, sizeof(*f));
	snprintf(f->hash, sizeof(f->hash), "%s", hash);
	return f;
}

static void put_u64(struct json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_int64((int64_t)v));
}

static void save_state(struct live *l)
{
	struct json_object *o = json_object_new_object(), *fa;
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40];
	const char *s;
	size_t i;
	FILE *f;

	if (!o)
		return;
	json_object_object_add(o, "boot_id",
			       json_object_new_string(l->boot_id));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "bpf",
			       json_object_new_boolean(l->bpf != NULL));
	json_object_object_add(
		o, "attached",
		json_object_new_string(l->bpf ? bc_watch_bpf_attached(l->bpf) :
						""));
	json_object_object_add(o, "bpf_why",
			       json_object_new_string(l->bpf_why));
	put_u64(o, "last_seq", l->last_seq);
	json_object_object_add(o, "have_seq",
			       json_object_new_boolean(l->have_seq));
	json_object_object_add(o, "day", json_object_new_string(l->day));
	put_u64(o, "day_reports", l->day_reports);
	put_u64(o, "seen", l->seen);
	put_u64(o, "events", l->events);
	put_u64(o, "dropped", l->dropped);
	put_u64(o, "spooled", l->spooled);
	put_u64(o, "counted", l->counted);
	put_u64(o, "capped", l->capped);
	put_u64(o, "sampled_out", l->sampled);
	put_u64(o, "textless", l->textless);
	put_u64(o, "kmsg_lost", l->kmsg_lost);
	fa = json_object_new_object();
	for (i = 0; i < l->nfail; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "id",
				       json_object_new_string(l->fail[i].id));
		put_u64(e, "count", l->fail[i].count);
		json_object_object_add(fa, l->fail[i].hash, e);
	}
	json_object_object_add(o, "failures", fa);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	state_path(l, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f || fputs(s, f) < 0 || fflush(f) || fsync(fileno(f))) {
		bc_log(LOG_WARNING,
		       "bugcheck watch: failed to write '%s': %m, ignoring\n",
		       tmp);
		if (f)
			fclose(f);
		json_object_put(o);
		return;
	}
	fclose(f);
	if (rename(tmp, path))
		bc_log(LOG_WARNING,
		       "bugcheck watch: failed to rename '%s': %m, ignoring\n",
		       tmp);
	json_object_put(o);
	l->dirty = false;
}

/* The state of this boot, when the file is of this boot. */
static void load_state(struct live *l)
{
	char path[PATH_MAX + 32];
	struct json_object *o, *v;

	state_path(l, path, sizeof(path));
	o = json_object_from_file(path);
	if (!o)
		return;
	if (json_object_object_get_ex(o, "boot_id", &v) &&
	    !strcmp(json_object_get_string(v), l->boot_id)) {
		if (json_object_object_get_ex(o, "have_seq", &v) &&
		    json_object_get_boolean(v) &&
		    json_object_object_get_ex(o, "last_seq", &v)) {
			l->last_seq = (uint64_t)json_object_get_int64(v);
			l->have_seq = true;
		}
		if (json_object_object_get_ex(o, "failures", &v) &&
		    json_object_is_type(v, json_type_object)) {
			json_object_object_foreach(v, key, val)
			{
				struct json_object *x;
				struct failure *f;

				if (strlen(key) != BC_HASH_LEN ||
				    !(f = add_failure(l, key)))
					continue;
				if (json_object_object_get_ex(val, "id", &x))
					snprintf(f->id, sizeof(f->id), "%.32s",
						 json_object_get_string(x));
				if (json_object_object_get_ex(val, "count", &x))
					f->count =
						(uint64_t)json_object_get_int64(
							x);
				/* a kill may have come before the count went out */
				f->count_dirty = f->id[0] && f->count > 1;
			}
		}
#define LOAD(k)                                   \
	if (json_object_object_get_ex(o, #k, &v)) \
	l->k = (uint64_t)json_object_get_int64(v)
		LOAD(seen);
		LOAD(events);
		LOAD(spooled);
		LOAD(counted);
		LOAD(capped);
		LOAD(sampled);
		LOAD(textless);
#undef LOAD
	}
	/* the daily cap spans boots */
	if (json_object_object_get_ex(o, "day", &v) &&
	    !strcmp(json_object_get_string(v), l->day) &&
	    json_object_object_get_ex(o, "day_reports", &v))
		l->day_reports = (unsigned int)json_object_get_int(v);
	json_object_put(o);
}

/* ---- reports ---- */

static int open_spool(struct live *l)
{
	int ret;

	if (l->spool_open)
		return 0;
	ret = bc_spool_open(&l->sp, l->cfg, true);
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck watch: failed to open the spool '%s': %s\n",
		       l->cfg->spool_dir, strerror(-ret));
		return ret;
	}
	l->spool_open = true;
	return 0;
}

/* A later hit of a failure reported this boot: its count goes up. */
static void count_again(struct live *l, struct failure *f)
{
	f->count++;
	f->count_dirty = f->id[0] != '\0';
	l->counted++;
	l->dirty = true;
}

/*
 * The counts go out once the log is quiet, not per hit: a burst of one
 * failure costs one rewrite.  counts/<id>.json holds the absolute count
 * for "bugcheck forward" to tell the server once the report went (POST
 * /api/v1/reports/{id}/count); a report still waiting carries it too.
 */
static void write_counts(struct live *l)
{
	struct json_object *o;
	size_t i;
	int ret;

	for (i = 0; i < l->nfail; i++) {
		struct failure *f = &l->fail[i];

		if (!f->count_dirty || open_spool(l))
			continue;
		ret = bc_spool_count_set(&l->sp, f->id, f->count);
		if (ret) {
			/* tried again at the next quiet moment */
			bc_log(LOG_WARNING,
			       "bugcheck watch: failed to keep the count of report %s: %s\n",
			       f->id, strerror(-ret));
			continue;
		}
		f->count_dirty = false;
		if (bc_spool_read(&l->sp, false, f->id, &o))
			continue; /* sent: forward sends counts/<id>.json */
		json_object_object_add(
			o, "count", json_object_new_int64((int64_t)f->count));
		(void)bc_spool_update_new(&l->sp, f->id, o);
		json_object_put(o);
	}
}

/* What the BPF program saw, kept in the report ("live_event"). */
static struct json_object *event_json(const struct watch_event *e)
{
	static const char *const det[WATCH_DET_MAX] = {
		[WATCH_DET_WARN] = "error_report_end/warning",
		[WATCH_DET_KASAN] = "error_report_end/kasan",
		[WATCH_DET_KFENCE] = "error_report_end/kfence",
		[WATCH_DET_HANG] = "sched_process_hang",
		[WATCH_DET_OOM] = "mark_victim",
		[WATCH_DET_LOCKUP] = "add_taint/softlockup",
		[WATCH_DET_OOPS] = "add_taint/die",
		[WATCH_DET_RCU_STALL] = "rcu_stall_warning",
		[WATCH_DET_MCE] = "mce_record",
		[WATCH_DET_ALLOC] = "warn_alloc",
	};
	struct json_object *o = json_object_new_object();
	char comm[WATCH_COMM_LEN + 1], taint[24];

	if (!o)
		return NULL;
	json_object_object_add(
		o, "detector",
		json_object_new_string(e->detector < WATCH_DET_MAX &&
						       det[e->detector] ?
					       det[e->detector] :
					       "unknown"));
	json_object_object_add(o, "cpu", json_object_new_int((int)e->cpu));
	json_object_object_add(o, "pid", json_object_new_int(e->pid));
	memcpy(comm, e->comm, WATCH_COMM_LEN);
	comm[WATCH_COMM_LEN] = '\0';
	json_object_object_add(o, "comm", json_object_new_string(comm));
	snprintf(taint, sizeof(taint), "0x%llx", e->taint);
	json_object_object_add(o, "taint_mask", json_object_new_string(taint));
	put_u64(o, "log_seq", e->log_seq);
	put_u64(o, "log_ts_ns", e->log_ts_ns);
	json_object_object_add(o, "frames", json_object_new_int(e->nframes));
	return o;
}

static void report(struct live *l, const struct bc_classification *k,
		   const char *type, const char *text, size_t len,
		   const char *how, const struct watch_event *ev)
{
	struct bc_report_env env;
	struct bc_text_crash tc;
	struct json_object *o, *a;
	char id[BC_REPORT_ID_LEN + 1], idsrc[160], today_s[16];
	struct failure *f;
	unsigned int evicted = 0;
	uint32_t r = 0;
	const char *s;
	int ret;

	if (!k->failure_hash[0])
		return;
	f = find_failure(l, k->failure_hash);
	if (f) {
		count_again(l, f);
		/* a burst logs 2, 4, 8, ... not every hit */
		if (f->count & (f->count - 1))
			return;
		bc_log(LOG_INFO,
		       "bugcheck watch: %s %s again (%" PRIu64 " this boot)\n",
		       type, k->failure_name, f->count);
		return;
	}
	f = add_failure(l, k->failure_hash);
	if (!f)
		return;
	f->count = 1;
	l->dirty = true;
	today(today_s, sizeof(today_s));
	if (strcmp(today_s, l->day)) {
		snprintf(l->day, sizeof(l->day), "%s", today_s);
		l->day_reports = 0;
	}
	if (l->day_reports >= l->cfg->watch_daily_cap) {
		l->capped++;
		bc_log(LOG_NOTICE,
		       "bugcheck watch: %s %s not reported: daily cap of %u reached\n",
		       type, k->failure_name, l->cfg->watch_daily_cap);
		return;
	}
	if (l->cfg->watch_sample > 1) {
		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r = (uint32_t)now_ms();
		if (r % l->cfg->watch_sample) {
			l->sampled++;
			return;
		}
	}
	snprintf(idsrc, sizeof(idsrc), "%s %s %" PRIu64, l->boot_id,
		 k->failure_hash, k->stamp_ns);
	bc_report_id_content("live", idsrc, strlen(idsrc), id);
	bc_host_report_env(&env);
	tc = (struct bc_text_crash){ .source = "live",
				     .origin = how,
				     .text = text,
				     .len = len,
				     .crash_time = time(NULL) };
	o = bc_report_from_text(&tc, k, &l->scrub, &env);
	if (!o)
		return;
	json_object_object_add(o, "report_id", json_object_new_string(id));
	json_object_object_add(o, "event_type", json_object_new_string(type));
	json_object_object_add(o, "count", json_object_new_int64(1));
	json_object_object_add(o, "weight",
			       json_object_new_int64(l->cfg->watch_sample));
	if (ev)
		json_object_object_add(o, "live_event", event_json(ev));
	if (json_object_object_get_ex(o, "agent", &a))
		json_object_object_add(a, "boot_id",
				       json_object_new_string(l->boot_id));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	ret = open_spool(l);
	if (!ret)
		ret = bc_spool_add(&l->sp, id, s, strlen(s), &evicted);
	json_object_put(o);
	if (ret < 0) {
		bc_log(LOG_ERR,
		       "bugcheck watch: failed to spool report %s: %s\n", id,
		       strerror(-ret));
		return;
	}
	snprintf(f->id, sizeof(f->id), "%s", id);
	l->spooled++;
	l->day_reports++;
	bc_log(LOG_NOTICE, "bugcheck watch: %s %s spooled as %s (%s)\n", type,
	       k->failure_name, id, how);
}

/* ---- BPF events ---- */

/* The kernel's symbols, for stacks no text came with. */
struct ksym {
	uint64_t addr;
	char *name; /* "func" or "func [mod]" */
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static struct ksym *ksyms;
static size_t nksyms;

static void load_ksyms(void)
{
	char line[512], name[256], mod[128];
	unsigned long long addr;
	size_t cap = 0;
	char t;
	FILE *f;

	for (size_t i = 0; i < nksyms; i++)
		free(ksyms[i].name);
	nksyms = 0;
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int n;

		mod[0] = '\0';
		n = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &t, name,
			   mod);
		if (n < 3 || !addr || (t != 't' && t != 'T'))
			continue;
		if (nksyms == cap) {
			struct ksym *p;

			cap = cap ? cap * 2 : 65536;
			p = realloc(ksyms, cap * sizeof(*p));
			if (!p)
				break;
			ksyms = p;
		}
		if (asprintf(&ksyms[nksyms].name, "%s%s%s", name,
			     mod[0] ? " " : "", mod) < 0)
			break;
		ksyms[nksyms++].addr = addr;
	}
	fclose(f);
	qsort(ksyms, nksyms, sizeof(*ksyms), ksym_cmp);
}

static const struct ksym *find_ksym(uint64_t addr)
{
	size_t lo = 0, hi = nksyms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &ksyms[lo - 1] : NULL;
}

/*
 * A tracepoint program's stack starts in the BPF and tracepoint machinery
 * (bpf_prog_*, bpf_trace_run*, __bpf_trace_*, __traceiter_*); the
 * kernel's own report would start at the function that fired it.
 */
static int tracing_frames(const struct watch_event *e, int n)
{
	static const char *const pfx[] = { "bpf_", "__bpf_", "__traceiter_",
					   "trace_", "__trace_" };
	int i;

	for (i = 0; i < n; i++) {
		const struct ksym *s = find_ksym(e->stack[i]);
		size_t j;
		bool machinery = false;

		for (j = 0; s && j < sizeof(pfx) / sizeof(pfx[0]); j++)
			machinery |= !strncmp(s->name, pfx[j], strlen(pfx[j]));
		if (!machinery)
			break;
	}
	return i == n ? 0 : i;
}

/*
 * The line warn_alloc() (mm/page_alloc.c) printed, as far as a
 * text-less event knows it: "COMM: page allocation failure: order:" when
 * __alloc_pages_slowpath() called it, "COMM: vmalloc error: size " when
 * mm/vmalloc.c did (__vmalloc_area_node(), __vmalloc_node_range()).  The
 * classifier reads it as the header of the text it stands for, so the
 * title and hash are those of the log text; NULL for other callers
 * (mm/sparse-vmemmap.c at boot).
 */
static const char *alloc_message(const struct watch_event *e,
				 const struct bc_fact_frame *fr, int n,
				 char *buf, size_t size)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *name = fr[i].symbol;

		if (!name || !strcmp(name, "warn_alloc"))
			continue;
		if (!strncmp(name, "__alloc_pages_slowpath", 22)) {
			snprintf(buf, size,
				 "%.*s: page allocation failure: order:",
				 WATCH_COMM_LEN, e->comm);
			return buf;
		}
		if (!strncmp(name, "__vmalloc_", 10)) {
			snprintf(buf, size, "%.*s: vmalloc error: size ",
				 WATCH_COMM_LEN, e->comm);
			return buf;
		}
		break;
	}
	return NULL;
}

/*
 * No text came with this event: its stack alone, through the record path
 * of the classifier (bc_classify_facts()), as bugcheck.ko's frames go.
 */
static void report_textless(struct live *l, const struct watch_event *e)
{
	struct bc_fact_frame fr[WATCH_MAX_FRAMES];
	char names[WATCH_MAX_FRAMES][256], *sp;
	struct bc_crash_facts facts = { 0 };
	struct bc_classification *k;
	char msg[WATCH_COMM_LEN + 48];
	int i, skip, n = e->nframes < 0 ? 0 : e->nframes;

	if (n > WATCH_MAX_FRAMES)
		n = WATCH_MAX_FRAMES;
	if (!nksyms)
		load_ksyms();
	skip = tracing_frames(e, n);
	for (i = 0; i + skip < n; i++) {
		const struct ksym *s = find_ksym(e->stack[i + skip]);

		fr[i].symbol = NULL;
		fr[i].module = NULL;
		fr[i].offset = 0;
		if (!s)
			continue;
		snprintf(names[i], sizeof(names[i]), "%s", s->name);
		sp = strchr(names[i], ' ');
		if (sp) {
			*sp = '\0';
			fr[i].module = sp + 1;
		}
		fr[i].symbol = names[i];
		fr[i].offset = (uint32_t)(e->stack[i + skip] - s->addr);
	}
	n -= skip;
	k = calloc(1, sizeof(*k));
	if (!k)
		return;
	facts.reason = reason_of_detector(e->detector);
	facts.release = l->release;
	facts.taint = e->taint;
	facts.frames = fr;
	facts.nframes = (size_t)n;
	if (e->detector == WATCH_DET_ALLOC)
		facts.message = alloc_message(e, fr, n, msg, sizeof(msg));
	/* returns 1 when it classified */
	if (bc_classify_facts(&facts, k) >= 0) {
		k->stamp_ns = e->log_ts_ns;
		l->textless++;
		report(l, k, type_of_detector(e->detector), "", 0,
		       "bpf stack, no log text", e);
	}
	free(k);
}

static int on_event(void *ctx, const struct watch_event *e, size_t len)
{
	struct live *l = ctx;
	struct pending *p;

	l->events++;
	l->dirty = true;
	if (l->nev == EVENTS_MAX) {
		/* the oldest waits no longer */
		if (!l->ev[0].matched)
			report_textless(l, &l->ev[0].ev);
		memmove(l->ev, l->ev + 1, (EVENTS_MAX - 1) * sizeof(l->ev[0]));
		l->nev--;
	}
	p = &l->ev[l->nev++];
	p->ev = *e;
	p->arrived_ms = now_ms();
	p->matched = false;
	return 0;
}

static bool compatible(const char *det_type, const char *cls_type)
{
	if (!strcmp(det_type, cls_type))
		return true;
	/* an oops event covers every report die() prints */
	return !strcmp(det_type, "oops") &&
	       (!strcmp(cls_type, "panic") || !strcmp(cls_type, "oops") ||
		!strcmp(cls_type, "bug") || !strcmp(cls_type, "stackoverflow"));
}

/* The printk sequence number of the line stamped @stamp_ns, if kept. */
static bool seq_of_stamp(const struct live *l, uint64_t stamp_ns, uint64_t *seq)
{
	size_t i;

	for (i = 0; i < l->nseqs; i++) {
		const struct line_seq *s =
			&l->seqs[(l->seq_head + LINE_SEQS - 1 - i) % LINE_SEQS];

		if (s->stamp_ns == stamp_ns) {
			*seq = s->seq;
			return true;
		}
	}
	return false;
}

static struct pending *match_event(struct live *l,
				   const struct bc_classification *k)
{
	const char *ct = bc_event_type(k->cls);
	uint64_t first;
	size_t i;

	if (!seq_of_stamp(l, k->stamp_ns, &first))
		return NULL;
	for (i = 0; i < l->nev; i++) {
		struct pending *p = &l->ev[i];

		if (p->matched ||
		    !compatible(type_of_detector(p->ev.detector), ct))
			continue;
		if (p->ev.log_seq + 1 >= first &&
		    p->ev.log_seq <= first + MATCH_BEFORE)
			return p;
	}
	return NULL;
}

static void handle_crash(struct live *l, const struct bc_classification *k)
{
	struct pending *p = match_event(l, k);
	const char *type = bc_event_type(k->cls);

	l->seen++;
	if (p) {
		p->matched = true;
		type = type_of_detector(p->ev.detector);
	}
	report(l, k, type, l->text, l->text_len,
	       p ? "kernel log, bpf event" : "kernel log", p ? &p->ev : NULL);
}

static void drain(struct live *l)
{
	struct bc_classification *k = malloc(sizeof(*k));

	if (!k)
		return;
	while (bc_classifier_next(l->cls, k) == 1)
		handle_crash(l, k);
	free(k);
}

/* Events whose text never came, and matched ones, leave the queue. */
static void expire_events(struct live *l, bool all)
{
	uint64_t now = now_ms();
	size_t i, j = 0;

	for (i = 0; i < l->nev; i++) {
		struct pending *p = &l->ev[i];

		if (p->matched) {
			continue;
		} else if (all || now - p->arrived_ms >= EVENT_WAIT_MS) {
			report_textless(l, &p->ev);
			continue;
		}
		l->ev[j++] = *p;
	}
	l->nev = j;
}

/* ---- /dev/kmsg ---- */

static void keep_text(struct live *l, const char *line, size_t n)
{
	if (n > TEXT_WINDOW / 2)
		n = TEXT_WINDOW / 2;
	if (l->text_len + n > TEXT_WINDOW) {
		size_t drop = l->text_len + n - TEXT_WINDOW;
		const char *nl =
			memchr(l->text + drop, '\n', l->text_len - drop);

		drop = nl ? (size_t)(nl - l->text) + 1 : l->text_len;
		memmove(l->text, l->text + drop, l->text_len - drop);
		l->text_len -= drop;
	}
	memcpy(l->text + l->text_len, line, n);
	l->text_len += n;
}

static void arm_quiet(struct live *l)
{
	struct itimerspec it = { 0 };

	it.it_value.tv_sec = l->o->quiet_ms / 1000;
	it.it_value.tv_nsec = (long)(l->o->quiet_ms % 1000) * 1000000L;
	(void)timerfd_settime(l->quietfd, 0, &it, NULL);
}

/*
 * One line of a record, in the console's form (info_print_prefix() in
 * kernel/printk/printk.c: "[%5lu.%06lu]", with CONFIG_PRINTK_CALLER
 * "[%6s]" of the caller, then a space), into the text window and the
 * classifier.
 */
static void on_line(struct live *l, const struct bc_kmsg_hdr *h,
		    const char *text, size_t tlen)
{
	char line[KMSG_RECORD_MAX + 64], caller[16] = "";
	int m;

	if (h->caller[0])
		snprintf(caller, sizeof(caller), "[%6s]", h->caller);
	m = snprintf(line, sizeof(line),
		     "[%5" PRIu64 ".%06" PRIu64 "]%s %.*s\n", h->usec / 1000000,
		     h->usec % 1000000, caller, (int)tlen, text);
	if (m < 0)
		return;
	if ((size_t)m >= sizeof(line)) {
		m = sizeof(line) - 1;
		line[m - 1] = '\n';
	}
	keep_text(l, line, (size_t)m);
	if (bc_classifier_feed(l->cls, line, (size_t)m))
		return;
	l->open_text = true;
}

static void on_record(struct live *l, const struct bc_kmsg_rec *r)
{
	char text[KMSG_RECORD_MAX];
	const char *p, *end, *nl;
	size_t tlen = r->text_len;

	if (l->have_seq && r->h.seq <= l->last_seq)
		return; /* handled before a restart */
	l->last_seq = r->h.seq;
	l->have_seq = true;
	if (bc_kmsg_facility(&r->h))
		return; /* not the kernel's own */
	if (tlen > sizeof(text))
		tlen = sizeof(text);
	memcpy(text, r->text, tlen);
	tlen = bc_kmsg_unescape(text, tlen);
	l->seqs[l->seq_head] = (struct line_seq){ r->h.usec * 1000, r->h.seq };
	l->seq_head = (l->seq_head + 1) % LINE_SEQS;
	if (l->nseqs < LINE_SEQS)
		l->nseqs++;
	/* an escaped '\n': the console prints each line with the prefix */
	for (p = text, end = text + tlen; p <= end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		on_line(l, &r->h, p, (size_t)(nl - p));
	}
	if (!l->open_text)
		return;
	drain(l);
	arm_quiet(l);
}

/*
 * /dev/kmsg returns one record per read(); a file or pipe given with
 * --kmsg may hold several.  The records are parsed by agent/core/kmsg.c;
 * their " KEY=value" lines are skipped, and so is a line that is no
 * record.
 */
static void on_read(struct live *l, const char *buf, size_t n)
{
	struct bc_kmsg_rec r;
	size_t used;
	bool ok;

	while (n) {
		used = bc_kmsg_record(buf, n, &r, &ok);
		if (ok)
			on_record(l, &r);
		buf += used;
		n -= used;
	}
}

static int read_kmsg(struct live *l)
{
	char rec[KMSG_RECORD_MAX + 1];
	ssize_t n;

	for (;;) {
		n = read(l->kmsg, rec, KMSG_RECORD_MAX);
		if (n < 0) {
			if (errno == EAGAIN)
				return 0;
			if (errno == EPIPE) {
				/* the ring wrapped past us: say so, go on */
				l->kmsg_lost++;
				l->dirty = true;
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		on_read(l, rec, (size_t)n);
	}
}

/* The log was quiet: the report in progress is complete. */
static void flush_text(struct live *l)
{
	if (l->open_text) {
		(void)bc_classifier_finish(l->cls);
		drain(l);
		bc_classifier_reset(l->cls, BC_CLASSIFY_ALL);
		l->open_text = false;
	}
	expire_events(l, false);
	write_counts(l);
	if (l->bpf) {
		uint64_t d = bc_watch_bpf_dropped(l->bpf);

		if (d != l->dropped) {
			bc_log(LOG_WARNING,
			       "bugcheck watch: %" PRIu64
			       " BPF events dropped (ring buffer full)\n",
			       d - l->dropped);
			l->dropped = d;
			l->dirty = true;
		}
	}
	if (l->dirty)
		save_state(l);
	if (l->nev)
		arm_quiet(l);
}

/* ---- the loop ---- */

static int add_fd(struct live *l, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/*
 * Load the BPF programs, or say why not (once per start or reload): the
 * watcher then runs on /dev/kmsg alone.
 */
static int start_bpf(struct live *l)
{
	int ret;

	if (l->o->no_bpf || !l->cfg->watch_bpf) {
		snprintf(l->bpf_why, sizeof(l->bpf_why), "disabled by %s",
			 l->o->no_bpf ? "--no-bpf" : "watch_bpf = no");
	} else if (!bc_watch_bpf_open(&l->bpf, on_event, l, l->bpf_why,
				      sizeof(l->bpf_why))) {
		l->bpf_why[0] = '\0';
		if ((ret = add_fd(l, bc_watch_bpf_fd(l->bpf)))) {
			bc_watch_bpf_free(l->bpf);
			l->bpf = NULL;
			return ret;
		}
	}
	if (l->bpf)
		bc_log(LOG_INFO, "bugcheck watch: BPF attached: %s\n",
		       bc_watch_bpf_attached(l->bpf));
	else
		bc_log(LOG_WARNING,
		       "bugcheck watch: without BPF, on %s alone: %s\n",
		       l->o->kmsg, l->bpf_why);
	return 0;
}

/*
 * SIGHUP: read the configuration file again and apply its watch_* keys
 * (the spool and state directories stay those of the start).  A file that
 * does not load changes nothing.
 */
static void reload(struct live *l)
{
	struct bc_config nc;
	char err[1024], what[256] = "";
	size_t off = 0;

	if (bc_config_load(&nc, l->o->config, err, sizeof(err))) {
		bc_log(LOG_ERR,
		       "bugcheck watch: reload failed, keeping the old configuration: %s\n",
		       err);
		return;
	}
	if (nc.watch_daily_cap != l->cfg->watch_daily_cap)
		off += (size_t)snprintf(what + off, sizeof(what) - off,
					"%swatch_daily_cap %u -> %u",
					off ? ", " : "",
					l->cfg->watch_daily_cap,
					nc.watch_daily_cap);
	if (nc.watch_sample != l->cfg->watch_sample && off < sizeof(what))
		off += (size_t)snprintf(what + off, sizeof(what) - off,
					"%swatch_sample %u -> %u",
					off ? ", " : "", l->cfg->watch_sample,
					nc.watch_sample);
	if (nc.watch_bpf != l->cfg->watch_bpf && off < sizeof(what))
		snprintf(what + off, sizeof(what) - off, "%swatch_bpf %s -> %s",
			 off ? ", " : "", l->cfg->watch_bpf ? "yes" : "no",
			 nc.watch_bpf ? "yes" : "no");
	if (!what[0]) {
		bc_log(LOG_INFO,
		       "bugcheck watch: configuration reloaded, no watch_* key changed\n");
		return;
	}
	bc_log(LOG_NOTICE, "bugcheck watch: configuration reloaded: %s\n",
	       what);
	l->cfg->watch_daily_cap = nc.watch_daily_cap;
	l->cfg->watch_sample = nc.watch_sample;
	if (nc.watch_bpf != l->cfg->watch_bpf) {
		l->cfg->watch_bpf = nc.watch_bpf;
		if (l->bpf) {
			/* what is in the ring buffer still counts */
			(void)bc_watch_bpf_consume(l->bpf);
			l->dropped = bc_watch_bpf_dropped(l->bpf);
			bc_watch_bpf_free(l->bpf);
			l->bpf = NULL;
		}
		if (start_bpf(l))
			bc_log(LOG_ERR,
			       "bugcheck watch: failed to watch the BPF ring buffer\n");
	}
	l->dirty = true;
	save_state(l);
}

static int setup(struct live *l)
{
	struct utsname uts;
	char words[2048];
	sigset_t mask;
	uint64_t usec = 0;
	int ret;

	read_boot_id(l->boot_id, sizeof(l->boot_id));
	if (!uname(&uts))
		snprintf(l->release, sizeof(l->release), "%s", uts.release);
	today(l->day, sizeof(l->day));
	bc_host_scrub_words(l->cfg->scrub_words, words, sizeof(words));
	bc_scrub_init(&l->scrub, words);
	load_state(l);
	l->cls = bc_classifier_new(BC_CLASSIFY_ALL);
	if (!l->cls)
		return -ENOMEM;
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->ep < 0)
		return -errno;
	l->kmsg = open(l->o->kmsg, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (l->kmsg < 0) {
		ret = -errno;
		bc_log(LOG_ERR, "bugcheck watch: failed to open '%s': %m\n",
		       l->o->kmsg);
		return ret;
	}
	if ((ret = add_fd(l, l->kmsg)))
		return ret;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -errno;
	l->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		return -errno;
	if ((ret = add_fd(l, l->sigfd)))
		return ret;
	l->quietfd =
		timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (l->quietfd < 0)
		return -errno;
	if ((ret = add_fd(l, l->quietfd)))
		return ret;
	/* the watchdog timer is the only wake-up of an idle watcher */
	l->wdfd = -1;
	if (sd_watchdog_enabled(0, &usec) > 0 && usec) {
		struct itimerspec it = { 0 };

		l->wdfd = timerfd_create(CLOCK_MONOTONIC,
					 TFD_CLOEXEC | TFD_NONBLOCK);
		if (l->wdfd < 0)
			return -errno;
		it.it_interval.tv_sec = (time_t)(usec / 2 / 1000000);
		it.it_interval.tv_nsec = (long)(usec / 2 % 1000000) * 1000;
		it.it_value = it.it_interval;
		if (timerfd_settime(l->wdfd, 0, &it, NULL))
			return -errno;
		if ((ret = add_fd(l, l->wdfd)))
			return ret;
	}
	if ((ret = start_bpf(l)))
		return ret;
	return 0;
}

static void teardown(struct live *l)
{
	bc_watch_bpf_free(l->bpf);
	if (l->spool_open)
		bc_spool_close(&l->sp);
	bc_classifier_free(l->cls);
	free(l->fail);
	for (int *fd = &l->ep; fd <= &l->wdfd; fd++)
		if (*fd >= 0)
			close(*fd);
	for (size_t i = 0; i < nksyms; i++)
		free(ksyms[i].name);
	free(ksyms);
	ksyms = NULL;
	nksyms = 0;
}

int bc_live_run(const struct bc_live_opts *o)
{
	struct live *l = calloc(1, sizeof(*l));
	struct epoll_event evs[8];
	bool stop = false;
	int ret, n, i;

	if (!l)
		return -ENOMEM;
	l->o = o;
	l->conf = *o->cfg;
	l->cfg = &l->conf;
	l->ep = l->kmsg = l->sigfd = l->quietfd = l->wdfd = -1;
	ret = setup(l);
	if (ret)
		goto out;
	ret = read_kmsg(l);
	if (ret)
		goto out;
	save_state(l);
	(void)sd_notifyf(0, "READY=1\nSTATUS=%s",
			 l->bpf ? "BPF and /dev/kmsg" : "/dev/kmsg only");
	while (!stop) {
		n = epoll_wait(l->ep, evs, 8, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			uint64_t ticks;

			if (fd == l->kmsg) {
				ret = read_kmsg(l);
				if (ret) {
					bc_log(LOG_ERR,
					       "bugcheck watch: failed to read '%s': %s\n",
					       o->kmsg, strerror(-ret));
					stop = true;
				}
			} else if (l->bpf && fd == bc_watch_bpf_fd(l->bpf)) {
				(void)bc_watch_bpf_consume(l->bpf);
				arm_quiet(l);
			} else if (fd == l->quietfd) {
				if (read(fd, &ticks, sizeof(ticks)) > 0)
					flush_text(l);
			} else if (fd == l->wdfd) {
				if (read(fd, &ticks, sizeof(ticks)) > 0)
					(void)sd_notify(0, "WATCHDOG=1");
			} else if (fd == l->sigfd) {
				struct signalfd_siginfo si;

				if (read(fd, &si, sizeof(si)) != sizeof(si))
					continue;
				if (si.ssi_signo == SIGHUP)
					reload(l);
				else
					stop = true;
			}
		}
	}
	(void)sd_notify(0, "STOPPING=1");
	if (l->bpf)
		(void)bc_watch_bpf_consume(l->bpf);
	(void)read_kmsg(l);
	l->open_text = true;
	flush_text(l);
	expire_events(l, true);
	save_state(l);
out:
	teardown(l);
	free(l);
	return ret;
}
