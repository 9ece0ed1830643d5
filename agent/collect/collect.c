// SPDX-License-Identifier: GPL-2.0
/*
 * The collect pipeline (collect.h): read the stored crashes (bugcheck.ko
 * records over generic netlink or from a file, pstore dumps, kdump dmesg
 * files), decode and classify them, turn each into a report, spool it, and only then
 * acknowledge it at its source.
 *
 * Stages: gather (raw bytes per slot, text per dump) -> decode -> classify
 * -> emit -> spool -> acknowledge.  A source is released only after its
 * report's spool write committed (fsync of file and directory), or, in
 * the print-only mode (--json without --spool), after stdout was flushed
 * and --ack was asked for.  A crash of the agent at any point leaves the
 * crash in its source or in the spool; the report id (docs/agent.md) makes
 * a crash collected twice one report.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "classification.h"
#include "classify.h"
#include "collect.h"
#include "config.h"
#include "genl.h"
#include "host.h"
#include "json_record.h"
#include "plugin.h"
#include "record.h"
#include "report.h"
#include "sources.h"
#include "spool.h"
#include "log.h"

/* Largest file --from-file reads: a region of 64 slots of 1 MiB. */
#define FILE_MAX                            \
	((size_t)BUGCHECK_REGION_HDR_SIZE + \
	 (size_t)BUGCHECK_MAX_SLOTS * BUGCHECK_MAX_SLOT_SIZE)

/**
 * struct entry - one record on its way through the stages
 * @slot:      slot index (-1 for a single-record file)
 * @rec:       decoded record
 * @have_cls:  @cls was filled
 * @cls:       classification of a verified record
 * @id:        report id ("" for a corrupt record: it has no report)
 * @spooled:   the report is in the spool (written now or before)
 * @claim:     the vendor plug-in claim that decides the bucket, or NULL
 */
struct entry {
	int slot;
	struct bc_record *rec;
	bool have_cls;
	struct bc_classification cls;
	struct bc_claim *claim;
	char id[BC_REPORT_ID_LEN + 1];
	bool spooled;
};

/**
 * struct text_entry - a pstore or kdump crash on its way
 * @it:      the source item
 * @cls:     its classification
 * @id:      report id
 * @dup:     another dump of the same crash is kept instead (pstore
 *           writes an Oops dump and then a Panic dump for one crash)
 * @spooled: the report is in the spool
 */
struct text_entry {
	struct bc_source_item *it;
	struct bc_classification cls;
	char id[BC_REPORT_ID_LEN + 1];
	int dup;
	bool spooled;
	char same_as[BC_REPORT_ID_LEN + 1]; /* report of the same crash */
};

struct collect {
	struct entry *e;
	size_t n;
	struct bc_source_item *ps, *kd;
	size_t nps, nkd;
	struct text_entry *t;
	size_t nt;
	int failures; /* stages that failed (exit 1) */
	unsigned int stored, already, evicted, acked;
	const struct bc_collect_opts *o;
	const struct bc_config *cfg;
	struct bc_genl *g; /* NULL: module not asked or not there */
	const char *source; /* "bugcheck.ko" or the --from-file path */
};

static int add_entry(struct collect *c, int slot, const void *buf, size_t len)
{
	struct entry *e;
	int ret;

	e = realloc(c->e, (c->n + 1) * sizeof(*c->e));
	if (!e)
		return -ENOMEM;
	c->e = e;
	e = &c->e[c->n];
	memset(e, 0, sizeof(*e));
	e->slot = slot;
	ret = bc_record_decode(buf, len, &e->rec);
	if (ret)
		return ret;
	c->n++;
	return 0;
}

/* Gather + decode from bugcheck.ko. */
static int gather_netlink(struct collect *c, struct bc_genl *g)
{
	struct bc_genl_slot slots[BUGCHECK_MAX_SLOTS];
	uint32_t len, valid;
	uint8_t *buf;
	size_t n, i;
	int ret, tries;

	ret = bc_genl_list(g, slots, BUGCHECK_MAX_SLOTS, &n);
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck collect: failed to list slots: %s%s%s\n",
		       bc_genl_strerror(ret), *bc_genl_errmsg(g) ? ": " : "",
		       bc_genl_errmsg(g));
		return ret;
	}
	for (i = 0; i < n; i++) {
		/* A record replaced between two chunks is read again. */
		tries = 0;
		do {
			ret = bc_genl_read(g, slots[i].slot, &buf, &len,
					   &valid);
		} while (ret == -EAGAIN && ++tries < 3);
		if (ret == -ENODATA)
			continue; /* emptied since LIST */
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to read slot %u: %s%s%s\n",
			       slots[i].slot, bc_genl_strerror(ret),
			       *bc_genl_errmsg(g) ? ": " : "",
			       bc_genl_errmsg(g));
			c->failures++;
			continue;
		}
		ret = add_entry(c, (int)slots[i].slot, buf, len);
		free(buf);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_file(const char *path, uint8_t **ret_buf, size_t *ret_len)
{
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = NULL, *nb;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto err_close;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= FILE_MAX + 1) {
				err = -EFBIG;
				goto err_free;
			}
			cap = cap * 2 > FILE_MAX + 1 ? FILE_MAX + 1 : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				goto err_free;
			}
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto err_free;
		}
		if (!r)
			break;
		len += r;
	}
	close(fd);
	*ret_buf = buf;
	*ret_len = len;
	return 0;

err_free:
	free(buf);
err_close:
	close(fd);
	return err;
}

/* Gather + decode from a region dump or a single record file. */
static int gather_file(struct collect *c, const char *path)
{
	struct bc_region_view v;
	const char *why;
	uint8_t *buf = NULL;
	size_t len = 0, off;
	uint32_t i;
	int ret;

	ret = read_file(path, &buf, &len);
	if (ret) {
		bc_log(LOG_ERR, "bugcheck collect: failed to read '%s': %s\n",
		       path,
		       ret == -EFBIG ? "file too large for a region dump" :
				       strerror(-ret));
		return ret;
	}
	if (bc_region_is_dump(buf, len)) {
		ret = bc_region_parse(buf, len, &v, &why);
		if (ret) {
			bc_log(LOG_ERR, "bugcheck collect: '%s': %s\n", path,
			       why);
			goto out;
		}
		if (v.present < v.slot_count) {
			bc_log(LOG_NOTICE,
			       "bugcheck collect: '%s': dump holds %u of %u slots; decoding those\n",
			       path, v.present, v.slot_count);
			c->failures++;
		}
		for (i = 0; i < v.present; i++) {
			off = BUGCHECK_REGION_HDR_SIZE +
			      (size_t)i * v.slot_size;
			ret = add_entry(c, (int)i, buf + off, v.slot_size);
			if (ret)
				goto out;
			/* Empty slots are not records (LIST skips them too). */
			if (c->e[c->n - 1].rec->valid == BUGCHECK_VALID_EMPTY) {
				bc_record_free(c->e[c->n - 1].rec);
				c->n--;
			}
		}
		ret = 0;
		goto out;
	}
	if (len > BUGCHECK_MAX_SLOT_SIZE) {
		bc_log(LOG_ERR,
		       "bugcheck collect: '%s': %zu bytes, neither a region dump (no BUGCHKRG header) nor a record (at most %u bytes)\n",
		       path, len, BUGCHECK_MAX_SLOT_SIZE);
		ret = -EINVAL;
		goto out;
	}
	ret = add_entry(c, -1, buf, len);
	if (!ret && c->e[c->n - 1].rec->valid == BUGCHECK_VALID_EMPTY) {
		bc_log(LOG_NOTICE,
		       "bugcheck collect: '%s': empty slot, no record\n", path);
		bc_record_free(c->e[c->n - 1].rec);
		c->n--;
	}
out:
	free(buf);
	return ret;
}

/* Classify one verified record through the classifier's record path. */
static int classify(struct entry *e)
{
	int ret = bc_record_classify(e->rec, &e->cls);

	if (ret < 0)
		return ret;
	e->have_cls = ret > 0;
	return 0;
}

static int emit_json(const struct entry *e, const char *source)
{
	struct json_object *o = bc_json_record(e->rec);
	const char *s;

	if (!o)
		return -ENOMEM;
	json_object_object_add(
		o, "slot", e->slot >= 0 ? json_object_new_int(e->slot) : NULL);
	json_object_object_add(o, "source", json_object_new_string(source));
	json_object_object_add(
		o, "classification",
		e->have_cls ? bc_classification_json(&e->cls, 0) : NULL);
	json_object_object_add(o, "claim",
			       e->claim ? bc_claim_json(e->claim) : NULL);
	json_object_object_add(o, "report_id",
			       *e->id ? json_object_new_string(e->id) : NULL);
	s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s)
		printf("%s\n", s);
	json_object_put(o);
	return s ? 0 : -ENOMEM;
}

static void emit_text(const struct entry *e)
{
	const struct bc_record *r = e->rec;
	char slot[16] = "file", when[40], boot[33];
	unsigned int i;

	if (e->slot >= 0)
		snprintf(slot, sizeof(slot), "slot %d", e->slot);
	if (!r->primary_ok) {
		printf("%s: corrupt (%s), state %s, %u bytes\n", slot,
		       bc_valid_str(r->valid), bc_rec_state_str(r->state),
		       r->size);
		return;
	}
	bc_rec_time_str(r->wall_ns, when, sizeof(when));
	bc_rec_boot_id_str(r->boot_id, boot, sizeof(boot));
	printf("%s: %s%s%s, %s, %s, %s, boot %.8s seq %llu, %s\n", slot,
	       bc_rec_status_str(r), r->valid != BUGCHECK_VALID_OK ? " " : "",
	       r->valid != BUGCHECK_VALID_OK ? bc_valid_str(r->valid) : "",
	       bc_rec_reason_str(r->reason), when,
	       r->release.present ? r->release.s : "?", boot,
	       (unsigned long long)r->seq, bc_rec_state_str(r->state));
	if (r->message.present)
		printf("  message: %s\n", r->message.s);
	if (e->have_cls)
		printf("  failure: %s  %s\n", e->cls.failure_name,
		       e->cls.failure_hash);
	if (e->claim) {
		printf("  claimed by plug-in %s: %s", e->claim->plugin,
		       e->claim->event_name);
		for (i = 0; i < e->claim->nparams; i++)
			printf("%s%s=%s", i ? ", " : " (",
			       e->claim->params[i].name,
			       e->claim->params[i].value);
		printf("%s\n", e->claim->nparams ? ")" : "");
		if (e->claim->debugger)
			printf("  debugger: %s\n", e->claim->cmdline);
	}
	for (i = 0; i < r->nframes && i < 5; i++) {
		const struct bc_rec_frame *f = &r->frames[i];
		const char *m = bc_rec_module_name(r, f->module);

		printf("  %s %s+0x%x/0x%x%s%s%s\n", i ? "  " : "at",
		       f->symbol[0] ? f->symbol : "?", f->offset, f->size,
		       *m ? " [" : "", m, *m ? "]" : "");
	}
	printf("  log: %s, capture %llu ns, %u bytes stored%s\n",
	       r->log.ok      ? "yes" :
	       r->log.present ? r->log.error :
				"none",
	       (unsigned long long)r->capture_ns, r->stored_bytes,
	       r->nerrors ? ", decode errors (see --json)" : "");
}

/* Acknowledge verified, not yet collected records that were emitted. */
static int acknowledge(struct collect *c, struct bc_genl *g)
{
	const struct bc_record *r;
	size_t i;
	int ret, failed = 0;

	for (i = 0; i < c->n; i++) {
		r = c->e[i].rec;
		if (!r->primary_ok || r->state != BUGCHECK_STATE_NEW)
			continue;
		ret = bc_genl_mark_collected(g, c->e[i].slot, r->boot_id,
					     r->seq);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to acknowledge slot %d: %s%s%s\n",
			       c->e[i].slot, bc_genl_strerror(ret),
			       *bc_genl_errmsg(g) ? ": " : "",
			       bc_genl_errmsg(g));
			failed++;
		}
	}
	return failed ? -EIO : 0;
}

static struct json_object *text_json(const struct text_entry *t)
{
	struct json_object *o = json_object_new_object();
	char buf[40];

	json_object_object_add(o, "status", json_object_new_string("ok"));
	json_object_object_add(o, "source",
			       json_object_new_string(t->it->source));
	json_object_object_add(o, "origin",
			       json_object_new_string(t->it->origin));
	bc_iso_time(t->it->crash_time, buf, sizeof(buf));
	json_object_object_add(o, "crash_time", json_object_new_string(buf));
	json_object_object_add(o, "parts", json_object_new_int(t->it->nfiles));
	json_object_object_add(
		o, "log", json_object_new_string_len(t->it->text, t->it->len));
	json_object_object_add(o, "classification",
			       bc_classification_json(&t->cls, 0));
	json_object_object_add(o, "report_id", json_object_new_string(t->id));
	return o;
}

static int emit_text_entry(const struct text_entry *t, bool json)
{
	struct json_object *o;
	const char *s;
	char when[40];

	if (json) {
		o = text_json(t);
		s = json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN |
				   JSON_C_TO_STRING_NOSLASHESCAPE);
		if (s)
			printf("%s\n", s);
		json_object_put(o);
		return s ? 0 : -ENOMEM;
	}
	bc_iso_time(t->it->crash_time, when, sizeof(when));
	printf("%s %s: %s, %u part%s, %zu bytes of log%s\n", t->it->source,
	       t->it->origin, when, t->it->nfiles,
	       t->it->nfiles == 1 ? "" : "s", t->it->len,
	       t->dup >= 0 ? ", same crash as the next dump" : "");
	printf("  failure: %s  %s\n", t->cls.failure_name, t->cls.failure_hash);
	return 0;
}

static void warn_source(const char *msg)
{
	bc_log(LOG_WARNING, "bugcheck collect: %s\n", msg);
}

static int gather_text(struct collect *c, struct bc_source_item *items,
		       size_t n)
{
	struct text_entry *t;
	size_t i;
	int ret;

	if (!n)
		return 0;
	t = realloc(c->t, (c->nt + n) * sizeof(*c->t));
	if (!t)
		return -ENOMEM;
	c->t = t;
	for (i = 0; i < n; i++) {
		t = &c->t[c->nt++];
		memset(t, 0, sizeof(*t));
		t->it = &items[i];
		t->dup = -1;
		ret = bc_classify_buffer(items[i].text, items[i].len, &t->cls);
		if (ret < 0)
			return ret;
		if (!ret)
			bc_classification_unknown(
				&t->cls,
				*items[i].why ? items[i].why : items[i].source);
		bc_report_id_content(items[i].source, items[i].text,
				     items[i].len, t->id);
	}
	return 0;
}

/*
 * pstore dumps an oops ("Oops#1") and, with panic_on_oops, the panic that
 * follows ("Panic#2") a moment later: one crash, two dumps.  Keep the
 * later, longer one; both are released once it is spooled.
 */
static void pstore_pairs(struct collect *c)
{
	struct text_entry *a, *b;
	size_t i, j;

	for (i = 0; i < c->nt; i++) {
		a = &c->t[i];
		if (strcmp(a->it->source, "pstore"))
			continue;
		for (j = 0; j < c->nt; j++) {
			b = &c->t[j];
			if (i == j || strcmp(b->it->source, "pstore") ||
			    b->it->count != a->it->count + 1 || b->dup >= 0 ||
			    strcmp(a->cls.failure_hash, b->cls.failure_hash) ||
			    b->it->crash_time - a->it->crash_time > 120 ||
			    b->it->crash_time < a->it->crash_time)
				continue;
			a->dup = (int)j;
			break;
		}
	}
}

/* The spool is full: say which report made room, never silently. */
static void log_evicted(const struct bc_spool *sp, const char *id,
			size_t reports, uint64_t bytes)
{
	bc_log(LOG_WARNING,
	       "bugcheck collect: spool full (%zu reports, %llu bytes, caps %u and %llu): evicted the oldest report %s\n",
	       reports, (unsigned long long)bytes, sp->max_reports,
	       (unsigned long long)sp->max_bytes, id);
}

static int open_spool(struct bc_spool *sp, bool *opened,
		      const struct bc_config *cfg)
{
	int ret;

	if (*opened)
		return 0;
	ret = bc_spool_open(sp, cfg, true);
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck collect: failed to open spool '%s': %s\n",
		       cfg->spool_dir, strerror(-ret));
		return ret;
	}
	sp->on_evict = log_evicted;
	*opened = true;
	return 0;
}

static int spool_one(struct collect *c, struct bc_spool *sp,
		     struct json_object *rep, const char *id, bool *spooled)
{
	unsigned int ev = 0;
	const char *s;
	int ret;

	if (!rep)
		return -ENOMEM;
	s = json_object_to_json_string_ext(
		rep, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = s ? bc_spool_add(sp, id, s, strlen(s), &ev) : -ENOMEM;
	json_object_put(rep);
	c->evicted += ev;
	if (ret < 0) {
		bc_log(LOG_ERR,
		       "bugcheck collect: failed to spool report %s: %s\n", id,
		       strerror(-ret));
		c->failures++;
		return ret;
	}
	if (ret)
		c->stored++;
	else
		c->already++;
	*spooled = true;
	return 0;
}

/* The plug-in configuration problems bc_plugins_load() kept. */
static void log_plugin_errors(const struct bc_plugins *pl)
{
	unsigned int i;

	for (i = 0; i < pl->nerrors; i++)
		bc_log(LOG_ERR, "bugcheck: %s", pl->errors[i]);
	if (pl->nlost)
		bc_log(LOG_ERR,
		       "bugcheck: %u more plug-in configuration errors",
		       pl->nlost);
}

/* The plug-ins that failed on one record (outcomes follow pl->p). */
static void log_plugin_failures(const struct bc_plugins *pl,
				const struct bc_claim *cl)
{
	unsigned int i;

	for (i = 0; i < cl->noutcomes && i < pl->n; i++) {
		const struct bc_plugin_outcome *o = &cl->outcomes[i];

		if (bc_plugin_outcome_failed(o))
			bc_log(LOG_WARNING,
			       "bugcheck: plug-in '%s' (%s) failed: %s: %s, ignoring its answer",
			       o->id, pl->p[i].path,
			       bc_plugin_status_str(o->status), o->detail);
	}
}

/*
 * Ask the vendor plug-ins (runtime exception modules) about every verified
 * record.  The first plug-in that claims decides the report's event name
 * and signature; a plug-in that crashes, hangs or answers garbage is
 * logged here from the claim's outcomes and the default classification
 * stands.
 */
static int claim_all(struct collect *c)
{
	struct bc_plugins *pl = NULL;
	size_t i;
	int ret;

	ret = bc_plugins_load(c->o->plugins, 0, &pl);
	if (ret) {
		bc_log(LOG_WARNING,
		       "bugcheck collect: failed to read plug-ins in '%s': %s, ignoring\n",
		       c->o->plugins ? c->o->plugins : BC_PLUGINS_DIR_DEFAULT,
		       strerror(-ret));
		return 0;
	}
	log_plugin_errors(pl);
	for (i = 0; i < c->n && pl->n; i++) {
		struct entry *e = &c->e[i];

		if (!e->rec->primary_ok)
			continue;
		e->claim = malloc(sizeof(*e->claim));
		if (!e->claim) {
			ret = -ENOMEM;
			break;
		}
		ret = bc_plugins_claim(pl, e->rec, e->have_cls ? &e->cls : NULL,
				       e->claim);
		if (ret >= 0)
			log_plugin_failures(pl, e->claim);
		if (ret != 1) {
			free(e->claim);
			e->claim = NULL;
		}
		if (ret == -ENOMEM)
			break;
		ret = 0;
	}
	bc_plugins_free(pl);
	return ret;
}

/*
 * A pstore or kdump dump of a crash that bugcheck.ko also recorded (or an
 * earlier dump of this run, or an earlier collect, from any source) is not
 * a second crash: its crash key (bc_crash_key()) is among the known ones.
 * Then the dump is released without a report of its own.
 */
struct known_crash {
	char key[BC_REPORT_ID_LEN + 1];
	char id[BC_REPORT_ID_LEN + 1];
};

struct known {
	struct known_crash *k;
	size_t n, cap;
};

static void known_add(struct known *kn, const char *key, const char *id)
{
	struct known_crash *p;

	if (!key || !key[0])
		return;
	if (kn->n == kn->cap) {
		size_t cap = kn->cap ? 2 * kn->cap : 16;

		p = realloc(kn->k, cap * sizeof(*p));
		if (!p)
			return; /* a dump then gets its own report */
		kn->k = p;
		kn->cap = cap;
	}
	p = &kn->k[kn->n++];
	snprintf(p->key, sizeof(p->key), "%s", key);
	snprintf(p->id, sizeof(p->id), "%.32s", id);
}

/* The spool's waiting (agent.crash_key) and sent (crash_key) reports. */
/*
 * The crash keys of spooled and sent reports; @live_only: only those
 * bugcheck watch made (source "live").  The key is the failure hash and
 * the crash's console stamp, without a boot id, so records of other boots
 * may share it; joining a record to a live report of its own oops is what
 * it is for.
 */
static void known_from_spool(struct known *kn, struct bc_spool *sp,
			     bool live_only)
{
	const char *src;
	struct bc_spool_entry *e;
	struct json_object *o, *a;
	size_t j, n;
	int sent;

	for (sent = 0; sent < 2; sent++) {
		if (bc_spool_list(sp, sent, &e, &n))
			continue;
		for (j = 0; j < n; j++) {
			if (bc_spool_read(sp, sent, e[j].id, &o))
				continue;
			a = o;
			src = bc_report_str(o, "source");
			if (live_only && (!src || strcmp(src, "live"))) {
				json_object_put(o);
				continue;
			}
			if (sent || json_object_object_get_ex(o, "agent", &a))
				known_add(kn, bc_report_str(a, "crash_key"),
					  e[j].id);
			json_object_put(o);
		}
		free(e);
	}
}

static void find_same_crash(struct collect *c, struct bc_spool *sp)
{
	char key[BC_REPORT_ID_LEN + 1];
	struct known kn = { 0 };
	bool any = false;
	size_t i, j;

	for (i = 0; i < c->nt && !any; i++) {
		bc_crash_key(&c->t[i].cls, key);
		any = c->t[i].dup < 0 && key[0];
	}
	if (!any)
		return;
	for (j = 0; j < c->n; j++) {
		if (!c->e[j].have_cls || !c->e[j].rec->primary_ok)
			continue;
		bc_crash_key(&c->e[j].cls, key);
		known_add(&kn, key, c->e[j].id);
	}
	known_from_spool(&kn, sp, false);
	for (i = 0; i < c->nt; i++) {
		struct text_entry *t = &c->t[i];

		if (t->dup >= 0)
			continue;
		bc_crash_key(&t->cls, key);
		if (!key[0])
			continue;
		/* its own id in the spool is "already spooled", not this */
		for (j = 0; j < kn.n && !t->same_as[0]; j++)
			if (!strcmp(kn.k[j].key, key) &&
			    strcmp(kn.k[j].id, t->id))
				snprintf(t->same_as, sizeof(t->same_as), "%s",
					 kn.k[j].id);
		/* two dumps of one crash (kdump-tools and vmcore-dmesg) */
		if (!t->same_as[0])
			known_add(&kn, key, t->id);
	}
	free(kn.k);
}

/*
 * The id of a report of another id with @k's crash key among @kn, or
 * NULL: a live report (bugcheck watch) of the oops this record holds.
 */
static const char *same_crash(const struct known *kn,
			      const struct bc_classification *k, const char *id)
{
	char key[BC_REPORT_ID_LEN + 1];
	size_t j;

	bc_crash_key(k, key);
	if (!key[0])
		return NULL;
	for (j = 0; j < kn->n; j++)
		if (!strcmp(kn->k[j].key, key) && strcmp(kn->k[j].id, id))
			return kn->k[j].id;
	return NULL;
}

/* What spooling needs: the spool (opened on first use), scrubber, facts. */
struct spool_run {
	struct bc_spool sp;
	bool opened;
	struct bc_scrub scrub;
	struct bc_report_env env;
	const struct bc_config *cfg;
};

/* Spool every classified record; release each at the module if @ack. */
static int spool_records(struct collect *c, struct spool_run *sr,
			 struct bc_genl *g, bool ack)
{
	struct json_object *rep;
	struct known kn = { 0 };
	bool have_known = false;
	const char *same;
	char origin[32];
	int ret, err = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];

		if (!e->rec->primary_ok || !e->have_cls)
			continue;
		err = open_spool(&sr->sp, &sr->opened, sr->cfg);
		if (err)
			break;
		if (e->slot >= 0)
			snprintf(origin, sizeof(origin), "slot %d", e->slot);
		else
			snprintf(origin, sizeof(origin), "file");
		if (!have_known) {
			known_from_spool(&kn, &sr->sp, true);
			have_known = true;
		}
		same = same_crash(&kn, &e->cls, e->id);
		if (same) {
			/*
			 * bugcheck watch reported this crash live (an oops
			 * that then panicked): one crash, one report.
			 */
			bc_log(LOG_INFO,
			       "bugcheck collect: %s is the crash already reported as %s; no second report\n",
			       origin, same);
			c->already++;
			e->spooled = true;
			ret = 0;
		} else {
			rep = bc_report_from_record(e->rec, &e->cls, &sr->scrub,
						    origin, &sr->env);
			/* A vendor's claim decides the bucket on the server. */
			if (rep && e->claim)
				json_object_object_add(
					rep, "claim",
					bc_claim_json_server(e->claim));
			ret = spool_one(c, &sr->sp, rep, e->id, &e->spooled);
		}
		if (ret == -ENOMEM) {
			err = ret;
			break;
		}
		if (ret || !ack || !g || e->rec->state != BUGCHECK_STATE_NEW)
			continue;
		ret = bc_genl_mark_collected(g, e->slot, e->rec->boot_id,
					     e->rec->seq);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to acknowledge slot %d: %s%s%s\n",
			       e->slot, bc_genl_strerror(ret),
			       *bc_genl_errmsg(g) ? ": " : "",
			       bc_genl_errmsg(g));
			c->failures++;
		} else {
			c->acked++;
		}
	}
	free(kn.k);
	return err;
}

/* Spool every pstore and kdump crash not reported already. */
static int spool_texts(struct collect *c, struct spool_run *sr)
{
	size_t i;
	int ret;

	if (c->nt) {
		ret = open_spool(&sr->sp, &sr->opened, sr->cfg);
		if (ret)
			return ret;
		find_same_crash(c, &sr->sp);
	}
	for (i = 0; i < c->nt; i++) {
		struct text_entry *t = &c->t[i];
		struct bc_text_crash tc = {
			.source = t->it->source,
			.origin = t->it->origin,
			.text = t->it->text,
			.len = t->it->len,
			.crash_time = t->it->crash_time,
		};

		if (t->dup >= 0)
			continue; /* released with the dump kept */
		if (t->same_as[0]) {
			bc_log(LOG_INFO,
			       "bugcheck collect: %s is the crash already reported as %s; no second report\n",
			       t->it->origin, t->same_as);
			c->already++;
			t->spooled = true;
			continue;
		}
		ret = spool_one(c, &sr->sp,
				bc_report_from_text(&tc, &t->cls, &sr->scrub,
						    &sr->env),
				t->id, &t->spooled);
		if (ret == -ENOMEM)
			return ret;
	}
	return 0;
}

/* Release at pstore or kdump every dump whose report is in the spool. */
static void release_texts(struct collect *c)
{
	size_t i;
	int ret;

	for (i = 0; i < c->nt; i++) {
		struct text_entry *t = &c->t[i];
		bool ok = t->dup >= 0 ? c->t[t->dup].spooled : t->spooled;

		if (!ok)
			continue;
		ret = bc_source_ack(t->it);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to release %s: %s\n",
			       t->it->origin, strerror(-ret));
			c->failures++;
		} else {
			c->acked++;
		}
	}
}

/* The spool's "last_collect" state, read by bugcheck status. */
static void save_last_collect(const struct collect *c, struct bc_spool *sp)
{
	struct json_object *o = json_object_new_object();
	char buf[40];

	bc_iso_time(time(NULL), buf, sizeof(buf));
	json_object_object_add(o, "time", json_object_new_string(buf));
	json_object_object_add(o, "spooled", json_object_new_int(c->stored));
	json_object_object_add(o, "already_spooled",
			       json_object_new_int(c->already));
	json_object_object_add(o, "released", json_object_new_int(c->acked));
	json_object_object_add(o, "failures", json_object_new_int(c->failures));
	(void)bc_spool_state_set(sp, "last_collect", o);
}

/* Build, spool and (unless --no-ack) release every crash. */
static int spool_all(struct collect *c, const struct bc_config *cfg,
		     struct bc_genl *g, bool ack)
{
	struct spool_run sr = { .cfg = cfg };
	char words[4096];
	int ret;

	bc_host_scrub_words(cfg->scrub_words, words, sizeof(words));
	bc_scrub_init(&sr.scrub, words);
	bc_host_report_env(&sr.env);
	ret = spool_records(c, &sr, g, ack);
	if (!ret)
		ret = spool_texts(c, &sr);
	if (!ret && ack)
		release_texts(c);
	if (sr.opened) {
		save_last_collect(c, &sr.sp);
		bc_spool_close(&sr.sp);
	}
	return ret;
}

/* Stage "gather": read and decode records and dumps from every source. */
static int stage_gather(struct collect *c)
{
	int ret;

	if (c->o->file)
		return gather_file(c, c->o->file);
	if ((c->o->sources & BC_COLLECT_MODULE) &&
	    (!(c->o->sources & BC_COLLECT_AUTO) ||
	     access("/sys/module/bugcheck", F_OK) == 0)) {
		ret = bc_genl_open(&c->g);
		if (ret) {
			if (ret == -ENOENT)
				bc_log(LOG_ERR,
				       "bugcheck collect: generic netlink family \"%s\" not found: is bugcheck.ko loaded?\n",
				       BUGCHECK_GENL_NAME);
			else
				bc_log(LOG_ERR,
				       "bugcheck collect: failed to open netlink: %s\n",
				       bc_genl_strerror(ret));
			c->failures++;
			c->g = NULL;
		} else {
			ret = gather_netlink(c, c->g);
			if (ret == -ENOMEM)
				return ret;
			if (ret)
				c->failures++;
		}
	}
	if (c->o->sources & BC_COLLECT_PSTORE) {
		ret = bc_pstore_read(c->cfg->pstore_dir, &c->ps, &c->nps,
				     warn_source);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to read '%s': %s\n",
			       c->cfg->pstore_dir, strerror(-ret));
			c->failures++;
		}
	}
	if (c->o->sources & BC_COLLECT_KDUMP) {
		ret = bc_kdump_read(c->cfg->kdump_dir, &c->kd, &c->nkd,
				    warn_source);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to read '%s': %s\n",
			       c->cfg->kdump_dir, strerror(-ret));
			c->failures++;
		}
	}
	return 0;
}

/* Stage "classify": every verified record, and its report id. */
static int stage_classify(struct collect *c)
{
	size_t i;
	int ret;

	for (i = 0; i < c->n; i++) {
		if (!c->e[i].rec->primary_ok)
			continue;
		ret = classify(&c->e[i]);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck collect: failed to classify slot %d: %s\n",
			       c->e[i].slot, strerror(-ret));
			c->failures++;
		}
		if (c->e[i].have_cls)
			bc_report_id_record(c->e[i].rec->boot_id,
					    c->e[i].rec->seq, c->e[i].id);
	}
	return 0;
}

/* Stage "text": classify the pstore and kdump dumps, pair pstore parts. */
static int stage_text(struct collect *c)
{
	int ret;

	ret = gather_text(c, c->ps, c->nps);
	if (!ret)
		ret = gather_text(c, c->kd, c->nkd);
	if (!ret)
		pstore_pairs(c);
	return ret;
}

/* Stage "emit": print what was found (text or JSON lines). */
static int stage_emit(struct collect *c)
{
	size_t i;
	int ret;

	for (i = 0; i < c->n; i++) {
		if (c->o->json) {
			ret = emit_json(&c->e[i], c->source);
			if (ret)
				return ret;
		} else {
			emit_text(&c->e[i]);
		}
	}
	for (i = 0; i < c->nt; i++) {
		ret = emit_text_entry(&c->t[i], c->o->json);
		if (ret)
			return ret;
	}
	if (!c->o->json && !c->n && !c->nt && !c->failures)
		printf("no crash records\n");
	if (fflush(stdout) || ferror(stdout)) {
		bc_log(LOG_ERR,
		       "bugcheck collect: failed to write output: %s\n",
		       strerror(errno));
		return -EIO;
	}
	return 0;
}

/* Stage "store": spool, then release at the source (or only acknowledge). */
static int stage_store(struct collect *c)
{
	int ret;

	if (c->o->spool) {
		ret = spool_all(c, c->cfg, c->g, c->o->ack_after_spool);
		if (ret)
			return ret;
		if (c->n || c->nt)
			bc_log(LOG_INFO,
			       "bugcheck collect: %u report%s spooled, %u already spooled, %u released at the source%s\n",
			       c->stored, c->stored == 1 ? "" : "s", c->already,
			       c->acked,
			       c->evicted ?
				       ", spool full: older reports evicted" :
				       "");
	} else if (c->o->ack && c->g && acknowledge(c, c->g)) {
		/* print-only mode: acknowledge what was printed */
		c->failures++;
	}
	return 0;
}

/*
 * The collect pipeline, in order.  A stage returns -errno only when the
 * run cannot go on (out of memory, output lost); a source or record that
 * fails is counted in c->failures and the run continues.
 */
static const struct {
	const char *name;
	int (*run)(struct collect *c);
} stages[] = {
	{ "gather", stage_gather }, { "classify", stage_classify },
	{ "claim", claim_all }, /* vendor plug-ins (docs/plugins.md) */
	{ "text", stage_text },	    { "emit", stage_emit },
	{ "store", stage_store },
};

static void collect_free(struct collect *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		bc_record_free(c->e[i].rec);
		free(c->e[i].claim);
	}
	free(c->e);
	free(c->t);
	bc_source_items_free(c->ps, c->nps);
	bc_source_items_free(c->kd, c->nkd);
	bc_genl_close(c->g);
}

int bc_collect_run(const struct bc_collect_opts *o, const struct bc_config *cfg)
{
	struct collect c = { .o = o, .cfg = cfg };
	size_t i;
	int ret;

	c.source = o->file ? o->file : "bugcheck.ko";
	for (i = 0, ret = 0; !ret && i < sizeof(stages) / sizeof(stages[0]);
	     i++)
		ret = stages[i].run(&c);
	if (ret == -ENOMEM)
		bc_log(LOG_ERR, "bugcheck collect: out of memory (stage %s)\n",
		       stages[i - 1].name);
	collect_free(&c);
	return ret || c.failures ? -EIO : 0;
}
