// SPDX-License-Identifier: GPL-2.0
/*
 * Report building.  Every free-text field goes through the privacy
 * scrubber (scrub.c, docs/privacy.md) before it is spooled and again
 * before it is sent.
 *
 * Pure: host names, os-release, the clock and the salt come from the
 * caller (agent/host/host.c reads them).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "classification.h"
#include "report.h"

/* ---- ids ---- */

void bc_hex(const uint8_t *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static const char id_tag[] = "bugcheck-report-v1";

void bc_report_id_record(const uint8_t boot_id[16], uint64_t seq,
			 char out[BC_REPORT_ID_LEN + 1])
{
	struct bc_sha256 s;
	uint8_t d[BC_SHA256_LEN], le[8];
	int i;

	for (i = 0; i < 8; i++)
		le[i] = seq >> (8 * i);
	bc_sha256_init(&s);
	bc_sha256_update(&s, id_tag, sizeof(id_tag));
	bc_sha256_update(&s, "bugcheck", sizeof("bugcheck"));
	bc_sha256_update(&s, boot_id, 16);
	bc_sha256_update(&s, le, 8);
	bc_sha256_final(&s, d);
	bc_hex(d, BC_REPORT_ID_LEN / 2, out);
}

void bc_report_id_content(const char *source, const void *buf, size_t len,
			  char out[BC_REPORT_ID_LEN + 1])
{
	struct bc_sha256 s;
	uint8_t d[BC_SHA256_LEN];

	bc_sha256_init(&s);
	bc_sha256_update(&s, id_tag, sizeof(id_tag));
	bc_sha256_update(&s, source, strlen(source) + 1);
	bc_sha256_update(&s, buf, len);
	bc_sha256_final(&s, d);
	bc_hex(d, BC_REPORT_ID_LEN / 2, out);
}

void bc_crash_key(const struct bc_classification *k,
		  char out[BC_REPORT_ID_LEN + 1])
{
	static const char tag[] = "bugcheck-crash-v1";
	struct bc_sha256 s;
	uint8_t d[BC_SHA256_LEN];
	char ns[24];

	out[0] = '\0';
	if (!k->stamp_ns || !k->failure_hash[0])
		return;
	snprintf(ns, sizeof(ns), "%llu", (unsigned long long)k->stamp_ns);
	bc_sha256_init(&s);
	bc_sha256_update(&s, tag, sizeof(tag));
	bc_sha256_update(&s, k->failure_hash, strlen(k->failure_hash) + 1);
	bc_sha256_update(&s, ns, strlen(ns));
	bc_sha256_final(&s, d);
	bc_hex(d, BC_REPORT_ID_LEN / 2, out);
}

/* ---- building ---- */

void bc_iso_time(int64_t secs, char *buf, size_t size)
{
	time_t t = secs < 0 ? 0 : (time_t)secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *bc_report_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

/* Copy @s keeping only characters from [A-Za-z0-9] and @extra. */
static void clean(char *dst, size_t size, const char *s, const char *extra)
{
	size_t n = 0;

	for (; s && *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s) || strchr(extra, *s))
			dst[n++] = *s;
	dst[n] = '\0';
}

/* Printable, no spaces: kernel release and failure name fields. */
static void printable(char *dst, size_t size, const char *s, char space)
{
	size_t n = 0;

	for (; s && *s && n + 1 < size; s++) {
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			dst[n++] = space;
		else
			dst[n++] = *s;
	}
	dst[n] = '\0';
}

static void no_controls(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/*
 * The one class -> event type table (docs/server.md "event_type"): crash
 * records, console copies and bugcheck watch's live reports all take
 * their type from here.  Issue 14 names warning, hang, lockup, memory,
 * oops and sanitizer; a crash adds panic, bug, mce and stackoverflow.
 */
static const struct {
	enum bugcheck_class cls;
	const char *type;
} event_types[] = {
	{ BUGCHECK_CLASS_KERNEL_PANIC, "panic" },
	{ BUGCHECK_CLASS_KILL_INIT, "panic" },
	{ BUGCHECK_CLASS_KERNEL_BUG, "bug" },
	{ BUGCHECK_CLASS_SOFT_LOCKUP, "lockup" },
	{ BUGCHECK_CLASS_HARD_LOCKUP, "lockup" },
	{ BUGCHECK_CLASS_HUNG_TASK, "hang" },
	{ BUGCHECK_CLASS_RCU_STALL, "hang" },
	{ BUGCHECK_CLASS_OUT_OF_MEMORY, "memory" },
	{ BUGCHECK_CLASS_OOM_KILL, "memory" },
	{ BUGCHECK_CLASS_MACHINE_CHECK, "mce" },
	{ BUGCHECK_CLASS_KASAN, "sanitizer" },
	{ BUGCHECK_CLASS_KFENCE, "sanitizer" },
	{ BUGCHECK_CLASS_KMSAN, "sanitizer" },
	{ BUGCHECK_CLASS_KCSAN, "sanitizer" },
	{ BUGCHECK_CLASS_UBSAN, "sanitizer" },
	{ BUGCHECK_CLASS_STACK_OVERFLOW, "stackoverflow" },
	{ BUGCHECK_CLASS_DOUBLE_FAULT, "stackoverflow" },
	{ BUGCHECK_CLASS_WARNING, "warning" },
	{ BUGCHECK_CLASS_LOCKDEP, "warning" },
	{ BUGCHECK_CLASS_LIST_CORRUPTION, "warning" },
	{ BUGCHECK_CLASS_REFCOUNT, "warning" },
	{ BUGCHECK_CLASS_MEMORY_LEAK, "warning" },
	{ BUGCHECK_CLASS_ATOMIC_SLEEP, "warning" },
	{ BUGCHECK_CLASS_BAD_PAGE_STATE, "warning" },
	{ BUGCHECK_CLASS_CONSISTENCY_CHECK, "warning" },
	{ BUGCHECK_CLASS_NETDEV_LEAK, "warning" },
};

const char *bc_event_type(enum bugcheck_class c)
{
	size_t i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++)
		if (event_types[i].cls == c)
			return event_types[i].type;
	return "oops"; /* every other report die() prints */
}

/*
 * The failure hash of a classification object as it is sent: version
 * @version over the class code, the image as cleaned ("" is vmlinux) and
 * the title as scrubbed.  The server re-derives it from the same three
 * members (docs/server.md, "Bucket identity"), so the spool, "bugcheck
 * list", "bugcheck show" and the payload all carry this one.
 */
static void hash_as_sent(struct json_object *k, unsigned int version)
{
	char hash[BC_HASH_LEN + 1];
	struct json_object *v;
	const char *title = bc_report_str(k, "title");
	const char *image = bc_report_str(k, "image");

	if (!title || !json_object_object_get_ex(k, "code", &v))
		return;
	bc_failure_hash_version(version,
				(enum bugcheck_class)json_object_get_int(v),
				image && *image ? image : "vmlinux", title,
				hash);
	json_object_object_add(k, "failure_hash", jstr(hash));
}

/*
 * The classification as bc_classification_json() gives it, each text
 * member replaced by its scrubbed and cleaned copy, and the failure hash
 * taken over the scrubbed title (hash_as_sent()).
 */
static struct json_object *cls_object(const struct bc_classification *k,
				      const struct bc_scrub *s)
{
	struct json_object *o = bc_classification_json(k, 0);
	char buf[BC_NAME_MAX + 1], *t;

	if (!o)
		return NULL;
	t = bc_scrub_text(s, k->title, strlen(k->title), NULL);
	snprintf(buf, 257, "%s", t ? t : "");
	free(t);
	no_controls(buf);
	json_object_object_add(o, "code", json_object_new_int(k->cls & 0xff));
	json_object_object_add(o, "title", jstr(buf));
	clean(buf, 64, strcmp(k->image, "vmlinux") ? k->image : "", "_.-");
	json_object_object_add(o, "image", jstr(buf));
	clean(buf, 129, k->function, "_.$");
	json_object_object_add(o, "function", jstr(buf));
	printable(buf, sizeof(buf), k->failure_name, '_');
	if (!*buf)
		snprintf(buf, sizeof(buf), "%s", bc_class_name(k->cls));
	json_object_object_add(o, "failure_name", jstr(buf));
	clean(buf, 65, k->failure_hash, "-");
	json_object_object_add(o, "failure_hash", jstr(buf));
	if (k->hash_spec >= 1 && k->hash_spec <= BC_HASH_SPEC_VERSION)
		hash_as_sent(o, k->hash_spec);
	return o;
}

static struct json_object *frame_object(const char *mod, const char *fn,
					uint32_t off)
{
	struct json_object *f = json_object_new_object();
	char buf[129];

	clean(buf, 64, mod, "_.-");
	if (*buf && strcmp(buf, "vmlinux"))
		json_object_object_add(f, "module", jstr(buf));
	clean(buf, sizeof(buf), fn, "_.$");
	json_object_object_add(f, "function", jstr(buf));
	json_object_object_add(f, "offset", json_object_new_int64(off));
	return f;
}

/* Members every report has; @log may be NULL. */
static struct json_object *
common(const char *id, const char *source, int64_t crash_secs,
       const char *event, const char *release,
       const struct bc_classification *k, const char *taint, const char *log,
       size_t loglen, const struct bc_scrub *s, const char *origin,
       const struct bc_report_env *env)
{
	struct json_object *o = json_object_new_object(), *a;
	char buf[160], *sc;
	size_t n;

	json_object_object_add(o, "report_id", jstr(id));
	bc_iso_time(crash_secs, buf, sizeof(buf));
	json_object_object_add(o, "crash_time", jstr(buf));
	json_object_object_add(o, "source", jstr(source));
	clean(buf, 32, event, "_");
	json_object_object_add(o, "event_type", jstr(*buf ? buf : "oops"));
	printable(buf, 65, release, '_');
	json_object_object_add(o, "kernel_release",
			       jstr(*buf ? buf : "unknown"));
	snprintf(buf, 129, "%s", env->os_release);
	no_controls(buf);
	if (*buf)
		json_object_object_add(o, "os_release", jstr(buf));
	json_object_object_add(o, "classification", cls_object(k, s));
	json_object_object_add(o, "hash_version",
			       json_object_new_int((int)k->hash_spec));
	snprintf(buf, 33, "%s", taint ? taint : "");
	no_controls(buf);
	json_object_object_add(o, "taint", jstr(buf));
	if (log && loglen) {
		/* the end of the log is where the crash is */
		if (loglen > BC_REPORT_LOG_MAX) {
			log += loglen - BC_REPORT_LOG_MAX;
			loglen = BC_REPORT_LOG_MAX;
		}
		sc = bc_scrub_text(s, log, loglen, &n);
		if (sc && n > BC_REPORT_LOG_MAX) {
			memmove(sc, sc + n - BC_REPORT_LOG_MAX,
				BC_REPORT_LOG_MAX + 1);
			n = BC_REPORT_LOG_MAX;
		}
		if (sc)
			json_object_object_add(
				o, "log", json_object_new_string_len(sc, n));
		free(sc);
	}
	a = json_object_new_object();
	bc_iso_time(env->collected_at, buf, sizeof(buf));
	json_object_object_add(a, "collected_at", jstr(buf));
	json_object_object_add(a, "origin", jstr(origin));
	bc_crash_key(k, buf);
	if (*buf)
		json_object_object_add(a, "crash_key", jstr(buf));
	/* where the crash's own lines start in the log (bc_report_crash_lines) */
	if (k->stamp_ns)
		json_object_object_add(
			a, "stamp_ns",
			json_object_new_int64((int64_t)k->stamp_ns));
	json_object_object_add(o, "agent", a);
	return o;
}

/* The extra data kept for a bucket that asks: "extra": {@kind: @text}. */
static void add_extra(struct json_object *o, const char *kind, const char *text,
		      size_t len)
{
	struct json_object *x;

	if (!json_object_object_get_ex(o, "extra", &x)) {
		x = json_object_new_object();
		json_object_object_add(o, "extra", x);
	}
	json_object_object_add(x, kind, json_object_new_string_len(text, len));
}

/*
 * The record's vendor blocks (include/uapi/bugcheck.h, BUGCHECK_ITEM_VENDOR),
 * one "UUID NAME HEX" line each.  They are the vendor driver's own bytes:
 * the scrubber cannot read them, so they leave the machine only when the
 * bucket asks and collect_level allows (docs/privacy.md).
 */
static void add_vendor_data(struct json_object *o, const struct bc_record *r)
{
	size_t need = 0, n = 0, i;
	char *buf, name[BUGCHECK_VENDOR_NAME_MAX + 1];

	if (!r->tail.ok || !r->tail.nvendor)
		return;
	for (i = 0; i < r->tail.nvendor; i++)
		need += 36 + 1 + sizeof(name) + 1 + 2 * r->tail.vendor[i].len +
			1;
	buf = malloc(need + 1);
	if (!buf)
		return;
	for (i = 0; i < r->tail.nvendor; i++) {
		const struct bc_rec_block *b = &r->tail.vendor[i];
		size_t line;

		clean(name, sizeof(name), b->name, "_.-");
		line = strlen(b->uuid) + 1 + strlen(name) + 1 + 2 * b->len + 1;
		if (!*name || strlen(b->uuid) != 36 || !b->len ||
		    n + line > BC_REPORT_VENDOR_MAX)
			continue;
		n += (size_t)sprintf(buf + n, "%s %s ", b->uuid, name);
		bc_hex(b->data, b->len, buf + n);
		n += 2 * b->len;
		buf[n++] = '\n';
	}
	if (n)
		add_extra(o, "vendor_data", buf, n);
	free(buf);
}

struct json_object *bc_report_from_record(const struct bc_record *r,
					  const struct bc_classification *cls,
					  const struct bc_scrub *s,
					  const char *origin,
					  const struct bc_report_env *env)
{
	const struct bc_rec_module *m = NULL;
	struct json_object *o, *st, *mo;
	char id[BC_REPORT_ID_LEN + 1], taint[64], buf[80];
	unsigned int i;

	bc_report_id_record(r->boot_id, r->seq, id);
	bc_rec_taint_str(r->taint, taint, sizeof(taint));
	/* the class's type, as a live report of the same bug has it */
	o = common(id, "bugcheck", (int64_t)(r->wall_ns / 1000000000ULL),
		   cls->cls != BUGCHECK_CLASS_UNKNOWN ?
			   bc_event_type(cls->cls) :
			   bc_rec_reason_str(r->reason),
		   r->release.present ? r->release.s : cls->kernel_release, cls,
		   taint, r->log.ok ? r->log.text : NULL,
		   r->log.ok ? r->log.len : 0, s, origin, env);
	st = json_object_new_array();
	for (i = 0; i < r->nframes && json_object_array_length(st) < 64; i++) {
		if (!r->frames[i].symbol[0])
			continue; /* unresolved: only an address */
		json_object_array_add(
			st,
			frame_object(bc_rec_module_name(r, r->frames[i].module),
				     r->frames[i].symbol, r->frames[i].offset));
	}
	json_object_object_add(o, "stack", st);
	for (i = 0; i < r->nmodules; i++)
		if (!strcmp(r->modules[i].name, cls->image))
			m = &r->modules[i];
	if (m) {
		mo = json_object_new_object();
		clean(buf, 64, m->name, "_.-");
		json_object_object_add(mo, "name", jstr(buf));
		snprintf(buf, sizeof(buf), "%.60s.ko", m->name);
		json_object_object_add(mo, "file", jstr(buf));
		printable(buf, 65, m->version, '_');
		if (*buf)
			json_object_object_add(mo, "version", jstr(buf));
		if (m->id_kind == BUGCHECK_MODID_SRCVERSION && *m->id) {
			printable(buf, 65, m->id, '_');
			json_object_object_add(mo, "srcversion", jstr(buf));
		}
		json_object_object_add(o, "module", mo);
	}
	add_vendor_data(o, r);
	return o;
}

struct json_object *bc_report_from_text(const struct bc_text_crash *t,
					const struct bc_classification *cls,
					const struct bc_scrub *s,
					const struct bc_report_env *env)
{
	struct json_object *o, *st, *mo;
	char id[BC_REPORT_ID_LEN + 1], buf[80];
	unsigned int i;

	bc_report_id_content(t->source, t->text, t->len, id);
	o = common(id, t->source, t->crash_time, bc_event_type(cls->cls),
		   cls->kernel_release, cls, cls->taint, t->text, t->len, s,
		   t->origin, env);
	st = json_object_new_array();
	for (i = 0; i < cls->nframes && i < BC_MAX_FRAMES; i++)
		json_object_array_add(st, frame_object(cls->frames[i].module,
						       cls->frames[i].function,
						       cls->frames[i].offset));
	json_object_object_add(o, "stack", st);
	if (*cls->image && strcmp(cls->image, "vmlinux")) {
		mo = json_object_new_object();
		clean(buf, 64, cls->image, "_.-");
		json_object_object_add(mo, "name", jstr(buf));
		snprintf(buf, sizeof(buf), "%.60s.ko", cls->image);
		json_object_object_add(mo, "file", jstr(buf));
		json_object_object_add(o, "module", mo);
	}
	if (!strcmp(t->source, "kdump") && t->len) {
		const char *text = t->text;
		size_t len = t->len, n;
		char *sc;

		if (len > BC_REPORT_KDUMP_MAX) {
			text += len - BC_REPORT_KDUMP_MAX;
			len = BC_REPORT_KDUMP_MAX;
		}
		sc = bc_scrub_text(s, text, len, &n);
		if (sc && n > BC_REPORT_KDUMP_MAX) {
			memmove(sc, sc + n - BC_REPORT_KDUMP_MAX,
				BC_REPORT_KDUMP_MAX + 1);
			n = BC_REPORT_KDUMP_MAX;
		}
		if (sc)
			add_extra(o, "kdump_dmesg", sc, n);
		free(sc);
	}
	return o;
}

/* The "[ sec.usec]" console stamp of a line in ns, after a "<N>" level. */
static bool line_stamp(const char *l, size_t n, uint64_t *ns)
{
	unsigned long long sec = 0, usec = 0;
	size_t i = 0, d;

	if (i < n && l[i] == '<') {
		while (i < n && l[i] != '>')
			i++;
		i++;
	}
	if (i >= n || l[i] != '[')
		return false;
	for (i++; i < n && l[i] == ' '; i++)
		;
	for (d = 0; i < n && isdigit((unsigned char)l[i]) && d < 12; i++, d++)
		sec = sec * 10 + (unsigned)(l[i] - '0');
	if (!d || i >= n || l[i] != '.')
		return false;
	for (i++, d = 0; i < n && isdigit((unsigned char)l[i]) && d < 9;
	     i++, d++)
		usec = usec * 10 + (unsigned)(l[i] - '0');
	if (!d || i >= n || l[i] != ']')
		return false;
	while (d < 6) {
		usec *= 10;
		d++;
	}
	while (d > 6) {
		usec /= 10;
		d--;
	}
	*ns = sec * 1000000000ULL + usec * 1000ULL;
	return true;
}

static bool line_has(const char *l, size_t n, const char *what)
{
	return memmem(l, n, what, strlen(what)) != NULL;
}

/*
 * First lines of the reports the classifier knows (the "cut here" line of
 * a WARNING and BUG_ON starts them; lib/bug.c, kernel/panic.c, mm/page_alloc.c,
 * arch/x86/mm/fault.c, kernel/watchdog*.c, kernel/hung_task.c,
 * kernel/rcu/tree_stall.h, mm/oom_kill.c, lib/ubsan.c, mm/kasan/report.c).
 */
static const char *const starts[] = {
	"------------[ cut here ]------------",
	"BUG: ",
	"WARNING: ",
	"Oops: ",
	"general protection fault",
	"kernel BUG at",
	"Kernel panic - not syncing",
	"Unable to handle",
	"INFO: task ",
	"rcu: INFO: ",
	"watchdog: BUG: ",
	"Watchdog detected hard LOCKUP",
	"invoked oom-killer",
	"UBSAN: ",
	"KASAN: ",
	"KFENCE: ",
	"list_add corruption",
	"list_del corruption",
	"refcount_t: ",
	"Bad page state",
	"mce: [Hardware Error]",
	"traps: PANIC: double fault",
	"stack guard page was hit",
};

int bc_report_crash_lines(const char *log, size_t len, uint64_t stamp_ns,
			  size_t *start, size_t *end)
{
	size_t i, e, st = len;
	uint64_t ns;
	unsigned int k;

	if (!log)
		return -EINVAL;
	/* the line the classifier took as the first of the report */
	for (i = 0; stamp_ns && i < len; i = e + 1) {
		e = i;
		while (e < len && log[e] != '\n')
			e++;
		if (line_stamp(log + i, e - i, &ns) && ns == stamp_ns) {
			st = i;
			break;
		}
	}
	/* else the first line that starts a report the classifier knows */
	for (i = 0; st == len && i < len; i = e + 1) {
		e = i;
		while (e < len && log[e] != '\n')
			e++;
		for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
			if (line_has(log + i, e - i, starts[k])) {
				st = i;
				break;
			}
	}
	if (st == len)
		return -ENOENT;
	/* a WARNING or BUG_ON report begins with the "cut here" line before it */
	if (st) {
		for (i = st - 1; i > 0 && log[i - 1] != '\n'; i--)
			;
		if (line_has(log + i, st - i, "[ cut here ]"))
			st = i;
	}
	/* to the end marker (lib/bug.c, kernel/panic.c), or the end */
	for (i = st; i < len; i = e + 1) {
		e = i;
		while (e < len && log[e] != '\n')
			e++;
		if (line_has(log + i, e - i, "---[ end ")) {
			if (e < len)
				e++;
			*start = st;
			*end = e;
			return 0;
		}
	}
	*start = st;
	*end = len;
	return 0;
}

/* Only the crash's own lines, scrubbed, at most BC_REPORT_LOG_MAX bytes. */
static int minimal_log(struct json_object *o, struct json_object *spooled,
		       const struct bc_scrub *s)
{
	struct json_object *a, *v;
	const char *log = bc_report_str(o, "log");
	uint64_t stamp = 0;
	size_t st, en, n;
	char *sc;

	if (!log)
		return 0;
	if (json_object_object_get_ex(spooled, "agent", &a) &&
	    json_object_object_get_ex(a, "stamp_ns", &v))
		stamp = (uint64_t)json_object_get_int64(v);
	if (bc_report_crash_lines(log,
				  json_object_get_string_len(
					  json_object_object_get(o, "log")),
				  stamp, &st, &en)) {
		/* no crash lines found: the structured fields are enough */
		json_object_object_del(o, "log");
		return 0;
	}
	if (en - st > BC_REPORT_LOG_MAX)
		en = st + BC_REPORT_LOG_MAX; /* the head is the crash */
	sc = bc_scrub_text(s, log + st, en - st, &n);
	if (!sc)
		return -ENOMEM;
	if (n > BC_REPORT_LOG_MAX)
		n = BC_REPORT_LOG_MAX;
	json_object_object_add(o, "log", json_object_new_string_len(sc, n));
	free(sc);
	return 0;
}

/*
 * Every byte that is not part of a well-formed UTF-8 sequence becomes '?'
 * (a log may hold any bytes; the server takes only UTF-8).  A cut at the
 * start of a text can leave continuation bytes there: those go too.
 */
static void utf8_fix(char *p, size_t n)
{
	unsigned char *s = (unsigned char *)p;
	size_t i = 0, k, len;
	uint32_t cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4;
		else
			len = 0;
		cp = len ? s[i] & (0xff >> (len + 1)) : 0;
		for (k = 1; len && k < len; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80) {
				len = 0;
				break;
			}
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong, surrogate or beyond U+10FFFF */
		if (len && ((len == 3 &&
			     (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			    (len == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			len = 0;
		if (!len) {
			s[i++] = '?';
			continue;
		}
		i += len;
	}
}

/* The whole tail the spool keeps, scrubbed again (collect_level = full). */
static int full_log(struct json_object *o, const struct bc_scrub *s)
{
	struct json_object *v;
	size_t n;
	char *sc;

	if (!json_object_object_get_ex(o, "log", &v))
		return 0;
	sc = bc_scrub_text(s, json_object_get_string(v),
			   (size_t)json_object_get_string_len(v), &n);
	if (!sc)
		return -ENOMEM;
	if (n > BC_REPORT_LOG_MAX) {
		memmove(sc, sc + n - BC_REPORT_LOG_MAX, BC_REPORT_LOG_MAX + 1);
		n = BC_REPORT_LOG_MAX;
	}
	json_object_object_add(o, "log", json_object_new_string_len(sc, n));
	free(sc);
	return 0;
}

int bc_report_extra(struct json_object *spooled, const char *kind,
		    const struct bc_scrub *s, char **ret, size_t *ret_len)
{
	struct json_object *x, *v = NULL;
	const char *text;
	size_t len, n, max;
	char *out;

	if (!strcmp(kind, "log_tail")) {
		json_object_object_get_ex(spooled, "log", &v);
		max = BC_REPORT_LOG_MAX;
	} else if (!strcmp(kind, "vendor_data") ||
		   !strcmp(kind, "kdump_dmesg")) {
		if (json_object_object_get_ex(spooled, "extra", &x))
			json_object_object_get_ex(x, kind, &v);
		max = kind[0] == 'v' ? BC_REPORT_VENDOR_MAX :
				       BC_REPORT_KDUMP_MAX;
	} else {
		return -EINVAL;
	}
	if (!v || !json_object_is_type(v, json_type_string) ||
	    !json_object_get_string_len(v))
		return -ENOENT;
	text = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (kind[0] == 'v') {
		/* hex and names only: nothing the scrubber could find */
		out = malloc(len + 1);
		if (!out)
			return -ENOMEM;
		memcpy(out, text, len + 1);
		n = len;
	} else {
		/* scrubbed again: the spool may predate a rule */
		out = bc_scrub_text(s, text, len, &n);
		if (!out)
			return -ENOMEM;
	}
	if (n > max && kind[0] == 'v') {
		free(out); /* cut lines would not be blocks */
		return -E2BIG;
	}
	if (n > max) {
		memmove(out, out + n - max, max + 1);
		n = max;
	}
	utf8_fix(out, n);
	*ret = out;
	*ret_len = n;
	return 0;
}

/*
 * The failure hash of what is sent: the classifier hashed its own title,
 * the scrubber may have changed it, and the server re-derives the hash
 * from class code, image and title as sent (docs/server.md, "Bucket
 * identity").
 */
static void rehash(struct json_object *o, struct json_object *k)
{
	struct json_object *v;
	int64_t version = 1; /* a report spooled before the field was v1 */

	if (json_object_object_get_ex(o, "hash_version", &v) &&
	    json_object_is_type(v, json_type_int))
		version = json_object_get_int64(v);
	if (version < 1 || version > BC_HASH_SPEC_VERSION)
		version = BC_HASH_SPEC_VERSION;
	json_object_object_add(o, "hash_version",
			       json_object_new_int((int)version));
	hash_as_sent(k, (unsigned int)version);
}

struct json_object *bc_report_payload(struct json_object *spooled,
				      const struct bc_payload_opts *c,
				      const char *machine_id,
				      const struct bc_scrub *s)
{
	struct json_object *o = NULL, *k;
	const char *str;
	char *sc, buf[257];
	int ret = 0;

	str = bc_report_str(spooled, "report_id");
	if (!str || !*str)
		return NULL;
	if (json_object_deep_copy(spooled, &o, NULL) < 0)
		return NULL;
	json_object_object_del(o, "agent");
	json_object_object_del(o, "extra"); /* only when a bucket asks */
	json_object_object_add(o, "machine_id", jstr(machine_id));
	json_object_object_add(o, "device_type", jstr(c->device_type));
	if (*c->market)
		json_object_object_add(o, "market", jstr(c->market));
	else
		json_object_object_del(o, "market");
	/*
	 * The first report carries only the crash's own lines; the whole
	 * tail stays in the spool.  Scrubbed again: the spool may predate a
	 * rule.
	 */
	if (!c->send_log)
		json_object_object_del(o, "log");
	else if (c->full_log)
		ret = full_log(o, s);
	else
		ret = minimal_log(o, spooled, s);
	if (ret) {
		json_object_put(o);
		return NULL;
	}
	if (json_object_object_get_ex(o, "classification", &k) &&
	    (str = bc_report_str(k, "title"))) {
		sc = bc_scrub_text(s, str, strlen(str), NULL);
		if (!sc) {
			json_object_put(o);
			return NULL;
		}
		/* as the spooled title was: 256 bytes, no controls */
		snprintf(buf, sizeof(buf), "%s", sc);
		free(sc);
		no_controls(buf);
		json_object_object_add(k, "title", jstr(buf));
		rehash(o, k);
	}
	return o;
}

/* ---- machine id ---- */

void bc_machine_hash(const char *salt, const char *machine_id,
		     char out[BC_MACHINE_ID_LEN + 1])
{
	struct bc_sha256 s;
	uint8_t d[BC_SHA256_LEN];

	bc_sha256_init(&s);
	bc_sha256_update(&s, "bugcheck-machine-v1", 20);
	bc_sha256_update(&s, salt, strlen(salt) + 1);
	bc_sha256_update(&s, machine_id, strlen(machine_id));
	bc_sha256_final(&s, d);
	bc_hex(d, BC_MACHINE_ID_LEN / 2, out);
}
