// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck collect: read the stored crash records (from bugcheck.ko over
 * generic netlink, or from a file), decode and classify them, print them,
 * and optionally acknowledge them to the module.
 *
 * The stages are kept apart so that a later spool can slot in before the
 * acknowledgement: gather (raw bytes per slot) -> decode -> classify ->
 * emit -> acknowledge.  Nothing is acknowledged unless it was emitted and
 * stdout was flushed without error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "classify.h"
#include "cli.h"
#include "genl.h"
#include "json_record.h"
#include "record.h"

/* Largest file --from-file reads: a region of 64 slots of 1 MiB. */
#define FILE_MAX ((size_t)BUGCHECK_REGION_HDR_SIZE + \
		  (size_t)BUGCHECK_MAX_SLOTS * BUGCHECK_MAX_SLOT_SIZE)

/**
 * struct entry - one record on its way through the stages
 * @slot:      slot index (-1 for a single-record file)
 * @rec:       decoded record
 * @have_cls:  @cls was filled
 * @cls:       classification of a verified record
 */
struct entry {
	int slot;
	struct bc_record *rec;
	bool have_cls;
	struct bc_classification cls;
};

struct collect {
	struct entry *e;
	size_t n;
	int failures;		/* stages that failed (exit 1) */
};

static bool arg_json;
static bool arg_ack;
static const char *arg_file;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck collect [--json] [--ack]\n"
	      "       bugcheck collect [--json] --from-file PATH\n"
	      "\n"
	      "Read the kernel crash records that bugcheck.ko kept in reserved memory\n"
	      "across the reboot, decode and validate each one, classify it, and print\n"
	      "it.  Every non-empty slot is shown, damaged ones too: a record that\n"
	      "fails validation (torn by a crash during capture, bad checksum, bad\n"
	      "length, ...) is printed with status \"corrupt\" and its verdict, and is\n"
	      "never presented as valid.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json            Print one JSON object per record and line (JSON\n"
	      "                        Lines) instead of a summary.  Keys include status\n"
	      "                        (ok|corrupt), verdict, slot, state, boot_id, seq,\n"
	      "                        wall_time, reason, kernel_release, message, log\n"
	      "                        (decompressed log tail), stack, modules, regs,\n"
	      "                        capture_ns, stored_bytes, tail and\n"
	      "                        classification; see docs/record-format.md.\n"
	      "  -a, --ack             After printing, mark each record whose primary\n"
	      "                        section verified as collected, so that the module\n"
	      "                        may reuse its slot.  Needs CAP_SYS_ADMIN.\n"
	      "  -f, --from-file PATH  Decode PATH instead of asking the module: either\n"
	      "                        a copy of the whole reserved region (recognised\n"
	      "                        by its \"BUGCHKRG\" header, e.g. taken with dd from\n"
	      "                        /dev/mem or a kdump vmcore) or the bytes of one\n"
	      "                        slot or record.\n"
	      "  -h, --help            Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  every record was read and printed (corrupt records included)\n"
	      "  1  the module could not be reached, a slot could not be read, the\n"
	      "     file could not be read or is not a record, or an acknowledgement\n"
	      "     failed\n"
	      "  2  usage error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck collect\n"
	      "  bugcheck collect --json --ack >> /var/lib/bugcheck/records.jsonl\n"
	      "  dd if=/dev/mem of=region.bin bs=4096 skip=$((0x7f000000/4096)) count=4097\n"
	      "  bugcheck collect --json --from-file region.bin | jq .classification\n",
	      f);
}

static int add_entry(struct collect *c, int slot, const void *buf,
		     size_t len)
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
		fprintf(stderr, "bugcheck collect: failed to list slots: %s%s%s\n",
			bc_genl_strerror(ret), *bc_genl_errmsg(g) ? ": " : "",
			bc_genl_errmsg(g));
		return ret;
	}
	for (i = 0; i < n; i++) {
		/* A record replaced between two chunks is read again. */
		tries = 0;
		do {
			ret = bc_genl_read(g, slots[i].slot, &buf, &len, &valid);
		} while (ret == -EAGAIN && ++tries < 3);
		if (ret == -ENODATA)
			continue;	/* emptied since LIST */
		if (ret) {
			fprintf(stderr, "bugcheck collect: failed to read slot %u: %s%s%s\n",
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
		fprintf(stderr, "bugcheck collect: failed to read '%s': %s\n",
			path, ret == -EFBIG ? "file too large for a region dump" :
			strerror(-ret));
		return ret;
	}
	if (bc_region_is_dump(buf, len)) {
		ret = bc_region_parse(buf, len, &v, &why);
		if (ret) {
			fprintf(stderr, "bugcheck collect: '%s': %s\n", path, why);
			goto out;
		}
		if (v.present < v.slot_count) {
			fprintf(stderr, "bugcheck collect: '%s': dump holds %u of %u slots; decoding those\n",
				path, v.present, v.slot_count);
			c->failures++;
		}
		for (i = 0; i < v.present; i++) {
			off = BUGCHECK_REGION_HDR_SIZE + (size_t)i * v.slot_size;
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
		fprintf(stderr, "bugcheck collect: '%s': %zu bytes, neither a region dump (no BUGCHKRG header) nor a record (at most %u bytes)\n",
			path, len, BUGCHECK_MAX_SLOT_SIZE);
		ret = -EINVAL;
		goto out;
	}
	ret = add_entry(c, -1, buf, len);
	if (!ret && c->e[c->n - 1].rec->valid == BUGCHECK_VALID_EMPTY) {
		fprintf(stderr, "bugcheck collect: '%s': empty slot, no record\n",
			path);
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
	const struct bc_record *r = e->rec;
	struct bc_fact_frame frames[BC_REC_MAX_FRAMES];
	const char *mods[BC_REC_MAX_MODULES];
	struct bc_crash_facts f = { 0 };
	unsigned int i;
	int ret;

	if (r->log.ok) {
		f.log = r->log.text;
		f.log_len = r->log.len;
	}
	f.message = r->message.present ? r->message.s : NULL;
	f.reason = r->reason;
	f.release = r->release.present ? r->release.s : NULL;
	f.taint = r->taint;
	/* An oops whose panic was added to the tail did panic too. */
	f.panicked = (r->flags & BUGCHECK_RF_PANICKED) || r->tail.panic.present;
	for (i = 0; i < r->nframes; i++) {
		frames[i].symbol = r->frames[i].symbol[0] ?
					   r->frames[i].symbol : NULL;
		frames[i].module = bc_rec_module_name(r, r->frames[i].module);
		frames[i].offset = r->frames[i].offset;
	}
	f.nframes = r->nframes;
	f.frames = frames;
	for (i = 0; i < r->nmodules; i++)
		mods[i] = r->modules[i].name;
	f.nmodules = r->nmodules;
	f.modules = mods;
	ret = bc_classify_facts(&f, &e->cls);
	if (ret < 0)
		return ret;
	e->have_cls = ret > 0;
	return 0;
}

static struct json_object *cls_json(const struct bc_classification *k)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "title", json_object_new_string(k->title));
	json_object_object_add(o, "class",
			       json_object_new_string(bc_class_name(k->cls)));
	json_object_object_add(o, "code", json_object_new_int(k->cls));
	json_object_object_add(o, "image", json_object_new_string(k->image));
	json_object_object_add(o, "function",
			       json_object_new_string(k->function));
	json_object_object_add(o, "failure_name",
			       json_object_new_string(k->failure_name));
	json_object_object_add(o, "failure_hash",
			       json_object_new_string(k->failure_hash));
	json_object_object_add(o, "corrupted",
			       json_object_new_boolean(k->corrupted));
	json_object_object_add(o, "panicked",
			       json_object_new_boolean(k->panicked));
	return o;
}

static int emit_json(const struct entry *e, const char *source)
{
	struct json_object *o = bc_json_record(e->rec);
	const char *s;

	if (!o)
		return -ENOMEM;
	json_object_object_add(o, "slot", e->slot >= 0 ?
			       json_object_new_int(e->slot) : NULL);
	json_object_object_add(o, "source", json_object_new_string(source));
	json_object_object_add(o, "classification",
			       e->have_cls ? cls_json(&e->cls) : NULL);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
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
	for (i = 0; i < r->nframes && i < 5; i++) {
		const struct bc_rec_frame *f = &r->frames[i];
		const char *m = bc_rec_module_name(r, f->module);

		printf("  %s %s+0x%x/0x%x%s%s%s\n", i ? "  " : "at",
		       f->symbol[0] ? f->symbol : "?", f->offset, f->size,
		       *m ? " [" : "", m, *m ? "]" : "");
	}
	printf("  log: %s, capture %llu ns, %u bytes stored%s\n",
	       r->log.ok ? "yes" : r->log.present ? r->log.error : "none",
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
			fprintf(stderr, "bugcheck collect: failed to acknowledge slot %d: %s%s%s\n",
				c->e[i].slot, bc_genl_strerror(ret),
				*bc_genl_errmsg(g) ? ": " : "",
				bc_genl_errmsg(g));
			failed++;
		}
	}
	return failed ? -EIO : 0;
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "ack", no_argument, NULL, 'a' },
		{ "from-file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":jaf:h", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			arg_json = true;
			break;
		case 'a':
			arg_ack = true;
			break;
		case 'f':
			arg_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case ':':
			fprintf(stderr, "bugcheck collect: option '%s' needs an argument\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(stderr, "bugcheck collect: unknown option '%s'\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bugcheck collect: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	if (arg_ack && arg_file) {
		fprintf(stderr, "bugcheck collect: --ack cannot be used with --from-file\n");
		return -EINVAL;
	}
	return 0;
}

int bc_cmd_collect(int argc, char **argv)
{
	struct collect c = { 0 };
	struct bc_genl *g = NULL;
	const char *source;
	size_t i;
	int ret;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? BC_EXIT_OK : BC_EXIT_USAGE;

	/* gather and decode */
	if (arg_file) {
		source = arg_file;
		ret = gather_file(&c, arg_file);
	} else {
		source = "bugcheck.ko";
		ret = bc_genl_open(&g);
		if (ret) {
			if (ret == -ENOENT)
				fprintf(stderr, "bugcheck collect: generic netlink family \"%s\" not found: is bugcheck.ko loaded?\n",
					BUGCHECK_GENL_NAME);
			else
				fprintf(stderr, "bugcheck collect: failed to open netlink: %s\n",
					bc_genl_strerror(ret));
			goto out;
		}
		ret = gather_netlink(&c, g);
	}
	if (ret)
		goto out;

	/* classify */
	for (i = 0; i < c.n; i++) {
		if (!c.e[i].rec->primary_ok)
			continue;
		ret = classify(&c.e[i]);
		if (ret) {
			fprintf(stderr, "bugcheck collect: failed to classify slot %d: %s\n",
				c.e[i].slot, strerror(-ret));
			c.failures++;
		}
	}

	/* emit */
	for (i = 0; i < c.n; i++) {
		if (arg_json) {
			ret = emit_json(&c.e[i], source);
			if (ret)
				goto out;
		} else {
			emit_text(&c.e[i]);
		}
	}
	if (!arg_json && !c.n)
		printf("no crash records\n");
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "bugcheck collect: failed to write output: %s\n",
			strerror(errno));
		ret = -EIO;
		goto out;
	}

	/* acknowledge */
	if (arg_ack && acknowledge(&c, g))
		c.failures++;
	ret = 0;
out:
	for (i = 0; i < c.n; i++)
		bc_record_free(c.e[i].rec);
	free(c.e);
	bc_genl_close(g);
	if (ret == -ENOMEM)
		fprintf(stderr, "bugcheck collect: out of memory\n");
	return ret || c.failures ? BC_EXIT_FAILURE : BC_EXIT_OK;
}
