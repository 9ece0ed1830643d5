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

static const char *event_from_class(const struct bc_classification *k)
{
	switch (k->cls) {
	case BUGCHECK_CLASS_KERNEL_PANIC:
	case BUGCHECK_CLASS_KILL_INIT:
		return "panic";
	case BUGCHECK_CLASS_KERNEL_BUG:
		return "bug";
	case BUGCHECK_CLASS_SOFT_LOCKUP:
	case BUGCHECK_CLASS_HARD_LOCKUP:
		return "lockup";
	case BUGCHECK_CLASS_HUNG_TASK:
	case BUGCHECK_CLASS_RCU_STALL:
		return "hang";
	case BUGCHECK_CLASS_OUT_OF_MEMORY:
		return "oom";
	case BUGCHECK_CLASS_MACHINE_CHECK:
		return "mce";
	case BUGCHECK_CLASS_KASAN:
	case BUGCHECK_CLASS_KFENCE:
	case BUGCHECK_CLASS_KMSAN:
	case BUGCHECK_CLASS_KCSAN:
	case BUGCHECK_CLASS_UBSAN:
		return "sanitizer";
	case BUGCHECK_CLASS_STACK_OVERFLOW:
	case BUGCHECK_CLASS_DOUBLE_FAULT:
		return "stackoverflow";
	case BUGCHECK_CLASS_WARNING:
	case BUGCHECK_CLASS_LOCKDEP:
	case BUGCHECK_CLASS_LIST_CORRUPTION:
	case BUGCHECK_CLASS_REFCOUNT:
	case BUGCHECK_CLASS_MEMORY_LEAK:
	case BUGCHECK_CLASS_ATOMIC_SLEEP:
	case BUGCHECK_CLASS_BAD_PAGE_STATE:
	case BUGCHECK_CLASS_CONSISTENCY_CHECK:
	case BUGCHECK_CLASS_NETDEV_LEAK:
		return "warning";
	default:
		return "oops";
	}
}

/*
 * The classification as bc_classification_json() gives it, each text
 * member replaced by its scrubbed and cleaned copy.
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
	json_object_object_add(o, "agent", a);
	return o;
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
	o = common(id, "bugcheck", (int64_t)(r->wall_ns / 1000000000ULL),
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
	o = common(id, t->source, t->crash_time, event_from_class(cls),
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
	return o;
}

struct json_object *bc_report_payload(struct json_object *spooled,
				      const struct bc_payload_opts *c,
				      const char *machine_id,
				      const struct bc_scrub *s)
{
	struct json_object *o = NULL, *v, *k;
	const char *str;
	char *sc;
	size_t n;

	str = bc_report_str(spooled, "report_id");
	if (!str || !*str)
		return NULL;
	if (json_object_deep_copy(spooled, &o, NULL) < 0)
		return NULL;
	json_object_object_del(o, "agent");
	json_object_object_add(o, "machine_id", jstr(machine_id));
	json_object_object_add(o, "device_type", jstr(c->device_type));
	if (*c->market)
		json_object_object_add(o, "market", jstr(c->market));
	else
		json_object_object_del(o, "market");
	/* scrub the free text again: the spool may predate a rule */
	if (!c->send_log) {
		json_object_object_del(o, "log");
	} else if ((str = bc_report_str(o, "log"))) {
		sc = bc_scrub_text(s, str,
				   json_object_get_string_len(
					   json_object_object_get(o, "log")),
				   &n);
		if (!sc) {
			json_object_put(o);
			return NULL;
		}
		json_object_object_add(o, "log",
				       json_object_new_string_len(sc, n));
		free(sc);
	}
	if (json_object_object_get_ex(o, "classification", &k) &&
	    (str = bc_report_str(k, "title"))) {
		sc = bc_scrub_text(s, str, strlen(str), NULL);
		if (sc)
			json_object_object_add(k, "title", jstr(sc));
		free(sc);
	}
	(void)v;
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
