// SPDX-License-Identifier: GPL-2.0
/*
 * Report building and privacy scrubbing.
 *
 * Scrubbing rules (docs/agent.md, "Privacy"): a word-boundary scan of the
 * text replaces
 *   - kernel pointers: a run of 12 to 16 hex digits that starts with
 *     "ffff", with or without "0x"                       -> "<ptr>"
 *   - MAC addresses xx:xx:xx:xx:xx:xx                    -> "<mac>"
 *   - IPv4 dotted quads (each part 0..255)               -> "<ipv4>"
 *   - IPv6 addresses (what inet_pton() accepts, at least
 *     two colons)                                        -> "<ipv6>"
 *   - the host name, FQDN and configured words, as whole
 *     words, case-insensitively                          -> "<host>"
 * Everything else is copied, so the classifier's view of the text (titles,
 * frames) is unchanged.
 *
 * Pure: host names, os-release, the clock and the salt come from the
 * caller (agent/host/host.c reads them).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "classification.h"
#include "report.h"

/* ---- scrubbing ---- */

static void add_word(struct bc_scrub *s, const char *w)
{
	unsigned int i, j;
	size_t n = strlen(w);

	if (n < 2 || n >= sizeof(s->words[0]) || !strcmp(w, "(none)") ||
	    !strcasecmp(w, "localhost") ||
	    !strcasecmp(w, "localhost.localdomain"))
		return;
	for (i = 0; i < s->nwords; i++)
		if (!strcasecmp(s->words[i], w))
			return;
	if (s->nwords == BC_SCRUB_MAX_WORDS)
		return;
	/* keep longest first, so an FQDN goes before its host name */
	for (i = 0; i < s->nwords && strlen(s->words[i]) >= n; i++)
		;
	for (j = s->nwords; j > i; j--)
		strcpy(s->words[j], s->words[j - 1]);
	strcpy(s->words[i], w);
	s->nwords++;
}

void bc_scrub_init(struct bc_scrub *s, const char *words)
{
	char buf[4096], *tok, *save = NULL;

	memset(s, 0, sizeof(*s));
	if (!words)
		return;
	snprintf(buf, sizeof(buf), "%s", words);
	for (tok = strtok_r(buf, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save))
		add_word(s, tok);
}

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *s, size_t n)
{
	char *np;
	size_t cap;

	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		cap = o->cap ? o->cap : 256;
		while (o->len + n + 1 > cap)
			cap *= 2;
		np = realloc(o->p, cap);
		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static bool is_word(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Bytes of a kernel pointer at @p (0 if none). */
static size_t match_ptr(const char *p, size_t left)
{
	size_t pre = 0, n = 0;

	if (left >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		pre = 2;
	while (pre + n < left && isxdigit((unsigned char)p[pre + n]))
		n++;
	if (n < 12 || n > 16 || strncasecmp(p + pre, "ffff", 4))
		return 0;
	if (pre + n < left && isalnum((unsigned char)p[pre + n]))
		return 0;
	return pre + n;
}

static size_t match_mac(const char *p, size_t left)
{
	size_t i;

	if (left < 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (p[i] != ':' && p[i] != '-')
				return 0;
			if (p[i] != p[2])
				return 0;
		} else if (!isxdigit((unsigned char)p[i])) {
			return 0;
		}
	}
	if (left > 17 && (isalnum((unsigned char)p[17]) || p[17] == ':'))
		return 0;
	return 17;
}

static size_t match_ipv4(const char *p, size_t left)
{
	size_t i = 0, digits;
	unsigned int part, v;

	for (part = 0; part < 4; part++) {
		if (part) {
			if (i >= left || p[i] != '.')
				return 0;
			i++;
		}
		v = 0;
		digits = 0;
		while (i < left && isdigit((unsigned char)p[i]) && digits < 4) {
			v = v * 10 + (p[i] - '0');
			i++;
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return 0;
	}
	if (i < left &&
	    (isalnum((unsigned char)p[i]) ||
	     (p[i] == '.' && i + 1 < left && isdigit((unsigned char)p[i + 1]))))
		return 0;
	return i;
}

static size_t match_ipv6(const char *p, size_t left)
{
	char buf[64];
	struct in6_addr a;
	size_t n = 0, colons = 0;

	while (n < left && n < sizeof(buf) - 1 &&
	       (isxdigit((unsigned char)p[n]) || p[n] == ':' || p[n] == '.')) {
		colons += p[n] == ':';
		n++;
	}
	if (n < left && isalnum((unsigned char)p[n]))
		return 0;
	/* a sentence may end right after the address */
	while (n && p[n - 1] == '.')
		n--;
	while (n > 2 && p[n - 1] == ':' && p[n - 2] != ':')
		n--;
	if (colons < 2 || n < 3)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, &a) == 1 ? n : 0;
}

static size_t match_word(const struct bc_scrub *s, const char *p, size_t left)
{
	unsigned int i;
	size_t n;

	for (i = 0; i < s->nwords; i++) {
		n = strlen(s->words[i]);
		if (n <= left && !strncasecmp(p, s->words[i], n) &&
		    (n == left || !is_word((unsigned char)p[n])))
			return n;
	}
	return 0;
}

char *bc_scrub_text(const struct bc_scrub *s, const char *in, size_t len,
		    size_t *ret_len)
{
	struct out o = { 0 };
	size_t i = 0, n, run = 0;
	bool boundary, inrun;

	put(&o, "", 0);
	while (i < len) {
		boundary = i == 0 || !is_word((unsigned char)in[i - 1]);
		/* addresses do not start inside a dotted or colon run */
		inrun = i > 1 && (in[i - 1] == '.' || in[i - 1] == ':') &&
			isxdigit((unsigned char)in[i - 2]);
		if (boundary && isalnum((unsigned char)in[i])) {
			const char *rep = NULL;

			if ((n = match_ptr(in + i, len - i)))
				rep = "<ptr>";
			else if (!inrun && (n = match_mac(in + i, len - i)))
				rep = "<mac>";
			else if (!inrun && (n = match_ipv4(in + i, len - i)))
				rep = "<ipv4>";
			else if (!inrun && (n = match_ipv6(in + i, len - i)))
				rep = "<ipv6>";
			else if ((n = match_word(s, in + i, len - i)))
				rep = "<host>";
			if (rep) {
				put(&o, in + run, i - run);
				put(&o, rep, strlen(rep));
				i += n;
				run = i;
				continue;
			}
		} else if (boundary && in[i] == ':' && i + 1 < len &&
			   in[i + 1] == ':' &&
			   (n = match_ipv6(in + i, len - i))) {
			put(&o, in + run, i - run);
			put(&o, "<ipv6>", 6);
			i += n;
			run = i;
			continue;
		}
		if (in[i] == '\0') {
			put(&o, in + run, i - run);
			put(&o, "?", 1);
			run = i + 1;
		}
		i++;
	}
	put(&o, in + run, i - run);
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	if (ret_len)
		*ret_len = o.len;
	return o.p;
}

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
