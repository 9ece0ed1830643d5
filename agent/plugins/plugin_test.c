// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the runtime exception modules (agent/plugin.c) with real parts
 * only: records built with the module's encoder (kmod/record.c) and read
 * back with the agent's decoder, classified by the real classifier, and
 * real plug-ins (the sample, build/plugins/bugcheck-sample.so, and the
 * misbehaving ones of tests/plugins/) loaded from configuration
 * directories written here.
 *
 *   plugin_test [TEST_PLUGIN_DIR [SAMPLE_SO]]
 *
 * Defaults: build/tests/plugins and build/plugins/bugcheck-sample.so,
 * relative to the current directory.  Prints one "ok - ..." or
 * "not ok - ..." line per case and a few "# ..." timing figures.  Exit
 * status 0 when every case passed, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "classification.h"
#include "classify.h"
#include "plugin.h"
#include "record.h"

#define TAP_SUITE "plugins"
#include "tap.h"

#define SLOT 32768

static const char *plugdir = "build/tests/plugins";
static const char *sample_so = "build/plugins/bugcheck-sample.so";
static char tmp[256];

static const char sample_uuid[16] = {
	0x3b, 0x1f, 0x0a, 0x6e, 0x5c, 0x2d, 0x4e, 0x8f,
	0x9a, 0x71, 0x2c, 0x64, 0xb0, 0xd9, 0xe5, 0x13,
};
static const char other_uuid[16] = { 1, 2,  3,	4,  5,	6,  7,	8,
				     9, 10, 11, 12, 13, 14, 15, 16 };

/* An oops in the sample vendor driver, as the kernel prints it. */
static const char vendor_log[] =
	"[   42.000001] BUG: kernel NULL pointer dereference, address: 0000000000000010\n"
	"[   42.000002] #PF: supervisor write access in kernel mode\n"
	"[   42.000003] Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
	"[   42.000004] CPU: 0 PID: 311 Comm: sh Tainted: G           O       6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   42.000005] RIP: 0010:sample_device_reset+0x15/0x40 [bugcheck_sample_vendor]\n"
	"[   42.000006] Call Trace:\n"
	"[   42.000007]  <TASK>\n"
	"[   42.000008]  sample_control_write+0x6b/0xa0 [bugcheck_sample_vendor]\n"
	"[   42.000009]  full_proxy_write+0x55/0x80\n"
	"[   42.000010]  vfs_write+0xc8/0x3f0\n"
	"[   42.000011]  ksys_write+0x5f/0xe0\n"
	"[   42.000012]  do_syscall_64+0x58/0xc0\n"
	"[   42.000013]  </TASK>\n";

/* An oops somewhere else (the crash-test module). */
static const char other_log[] =
	"[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
	"[   12.345679] #PF: supervisor read access in kernel mode\n"
	"[   12.345680] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	"[   12.345681] CPU: 1 PID: 4242 Comm: insmod Tainted: G           O       6.1.0-18-amd64 #1  Debian 6.1.76-1\n"
	"[   12.345682] RIP: 0010:crash_null+0x11/0x30 [bugcheck_crashtest]\n"
	"[   12.345683] Call Trace:\n"
	"[   12.345684]  <TASK>\n"
	"[   12.345685]  crash_write+0x44/0x80 [bugcheck_crashtest]\n"
	"[   12.345686]  vfs_write+0xc8/0x3f0\n"
	"[   12.345687]  </TASK>\n";

struct tframe {
	const char *name;
	uint32_t off;
	uint16_t mod;
};

struct tblock {
	const char *uuid;
	const char *name;
	const char *data;
	uint16_t flags;
};

/**
 * struct spec - what build() puts in a record
 * @log:     console log text
 * @module:  name of module 0 of the MODULES item
 * @version: its MODULE_VERSION
 * @frames:  frames, ending with a NULL name
 * @vendor:  vendor blocks, ending with a NULL name
 * @bad_tail: damage the tail after sealing it (its CRC fails)
 */
struct spec {
	const char *log;
	const char *module;
	const char *version;
	const struct tframe *frames;
	const struct tblock *vendor;
	bool bad_tail;
};

static uint32_t put_frame(uint8_t *dst, const struct tframe *t)
{
	struct bugcheck_frame f = { 0 };
	uint32_t n = strlen(t->name);

	f.addr = htole64(0xffffffffc0a01000ULL + t->off);
	f.offset = htole32(t->off);
	f.size = htole32(0x40);
	f.module = htole16(t->mod);
	f.name_len = n;
	memcpy(dst, &f, sizeof(f));
	memcpy(dst + sizeof(f), t->name, n);
	memset(dst + sizeof(f) + n, 0, BUGCHECK_FRAME_SIZE(n) - sizeof(f) - n);
	return BUGCHECK_FRAME_SIZE(n);
}

/* A record as kmod/panic.c writes one, with the module's own encoder. */
static uint32_t build(uint8_t *slot, const struct spec *s)
{
	struct bugcheck_record_hdr h = { 0 };
	struct bugcheck_frames fh = { 0 };
	struct bugcheck_module m = { 0 };
	struct bugcheck_log lh = { 0 };
	struct bugcheck_triage_block tb = { 0 };
	struct bc_writer w;
	uint32_t room, used, plen, n = 0, len = strlen(s->log);
	const struct tblock *b;
	uint8_t *p;

	memset(slot, 0, SLOT);
	memcpy(h.magic, BUGCHECK_RECORD_MAGIC, 4);
	h.version = htole16(BUGCHECK_RECORD_VERSION);
	h.hdr_size = htole16(sizeof(h));
	h.boot_id[0] = 0x42;
	h.seq = htole64(1);
	h.wall_ns = htole64(1700000000000000000ULL);
	h.reason = htole32(BUGCHECK_REASON_OOPS);
	h.trapnr = htole32(14);
	h.pid = htole32(311);
	h.taint = htole64(1ULL << 12);
	memcpy(h.comm, "sh", 2);
	h.flags = htole32(BUGCHECK_RF_PANICKED);
	memcpy(slot, &h, sizeof(h));

	bc_writer_init(&w, slot, SLOT, sizeof(h));
	bc_item_add_text(&w, BUGCHECK_ITEM_RELEASE, "6.1.0-18-amd64",
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MACHINE, "x86_64",
			 BUGCHECK_TEXT_MAX);
	bc_item_add_text(&w, BUGCHECK_ITEM_MESSAGE, "Oops", BUGCHECK_TEXT_MAX);
	p = bc_item_reserve(&w, BUGCHECK_ITEM_FRAMES, 2048, &room);
	used = sizeof(fh);
	for (; s->frames[n].name; n++)
		used += put_frame(p + used, &s->frames[n]);
	fh.count = htole16(n);
	fh.total = htole32(n);
	memcpy(p, &fh, sizeof(fh));
	bc_item_commit(&w, used, 0);
	m.id_kind = BUGCHECK_MODID_SRCVERSION;
	m.id_len = 10;
	strcpy(m.name, s->module);
	strcpy(m.version, s->version);
	memcpy(m.id, "ABCDEF0123", 10);
	bc_item_add(&w, BUGCHECK_ITEM_MODULES, 0, &m, sizeof(m));
	p = bc_item_reserve(&w, BUGCHECK_ITEM_LOG, sizeof(lh) + len, &room);
	lh.codec = htole16(BUGCHECK_CODEC_NONE);
	lh.raw_len = lh.stored_len = htole32(len);
	memcpy(p, &lh, sizeof(lh));
	memcpy(p + sizeof(lh), s->log, len);
	bc_item_commit(&w, sizeof(lh) + len, 0);
	plen = w.pos;
	bc_record_seal(slot, plen);
	h.state = htole32(BUGCHECK_STATE_NEW);
	memcpy(slot + offsetof(struct bugcheck_record_hdr, state), &h.state, 4);

	/* The tail: vendor blocks, then a triage block. */
	bc_writer_init(&w, slot, SLOT, plen + sizeof(struct bugcheck_tail_hdr));
	bc_item_add_text(&w, BUGCHECK_ITEM_PANIC, "Fatal exception",
			 BUGCHECK_TEXT_MAX);
	for (b = s->vendor; b && b->name; b++) {
		struct bugcheck_vendor_block vb = { 0 };
		uint32_t dl = strlen(b->data);

		memcpy(vb.uuid, b->uuid, 16);
		strcpy(vb.name, b->name);
		vb.quota = htole32(256);
		vb.len = htole32(dl);
		p = bc_item_reserve(&w, BUGCHECK_ITEM_VENDOR, sizeof(vb) + dl,
				    &room);
		memcpy(p, &vb, sizeof(vb));
		memcpy(p + sizeof(vb), b->data, dl);
		bc_item_commit(&w, sizeof(vb) + dl, b->flags);
	}
	memcpy(tb.uuid, sample_uuid, 16);
	strcpy(tb.name, "sample-ring");
	tb.len = htole32(6);
	p = bc_item_reserve(&w, BUGCHECK_ITEM_TRIAGE, sizeof(tb) + 6, &room);
	memcpy(p, &tb, sizeof(tb));
	memcpy(p + sizeof(tb), "reset;", 6);
	bc_item_commit(&w, sizeof(tb) + 6, 0);
	bc_tail_seal(slot, plen, w.pos - plen, 0, 99);
	if (s->bad_tail)
		slot[w.pos - 1] ^= 0x5a;
	return w.pos;
}

static const struct tframe vendor_frames[] = {
	{ "sample_device_reset", 0x15, 0 },
	{ "sample_control_write", 0x6b, 0 },
	{ "full_proxy_write", 0x55, BUGCHECK_MODULE_NONE },
	{ "vfs_write", 0xc8, BUGCHECK_MODULE_NONE },
	{ NULL, 0, 0 },
};

static const struct tframe other_frames[] = {
	{ "crash_null", 0x11, 0 },
	{ "crash_write", 0x44, 0 },
	{ "vfs_write", 0xc8, BUGCHECK_MODULE_NONE },
	{ NULL, 0, 0 },
};

static const struct tblock sample_blocks[] = {
	{ sample_uuid, "sample-state",
	  "fw=1.2.3 state=running resets=4 reason=2", 0 },
	{ NULL, NULL, NULL, 0 },
};

static const struct spec vendor_crash = {
	vendor_log,    "bugcheck_sample_vendor",
	"0.9",	       vendor_frames,
	sample_blocks, false,
};

static const struct spec other_crash = {
	other_log,    "bugcheck_crashtest", "1.0",
	other_frames, sample_blocks,	    false,
};

/**
 * struct crash - a decoded and classified record
 * @rec:     the decoded record
 * @cls:     the classifier's result
 * @have_cls: the classifier found a crash
 */
struct crash {
	struct bc_record *rec;
	struct bc_classification cls;
	bool have_cls;
};

/* Decode with the real decoder, classify with collect's own adapter. */
static void load_crash(const struct spec *s, struct crash *c)
{
	static uint8_t slot[SLOT];
	uint32_t len = build(slot, s);

	memset(c, 0, sizeof(*c));
	if (bc_record_decode(slot, len, &c->rec)) {
		printf("# bc_record_decode failed\n");
		exit(1);
	}
	c->have_cls = bc_record_classify(c->rec, &c->cls) > 0;
}

/* ------------------------------------------------------------------ */
/* Configuration directories                                           */
/* ------------------------------------------------------------------ */

static void put_file(const char *dir, const char *name, mode_t mode,
		     const char *fmt, ...)
{
	char path[512];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		printf("# cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
	chmod(path, mode);
}

/* A fresh, empty configuration directory. */
static const char *new_dir(const char *name)
{
	static char dir[512];
	char cmd[1200];

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	if (system(cmd) != 0)
		exit(1);
	return dir;
}

/* "<conf>.conf" naming test plug-in <so> (tests/plugins) as <vendor>. */
static void conf(const char *dir, const char *file, const char *vendor,
		 const char *so)
{
	char abs[1024], so_path[512];

	if (strchr(so, '/'))
		snprintf(so_path, sizeof(so_path), "%s", so);
	else
		snprintf(so_path, sizeof(so_path), "%s/%s.so", plugdir, so);
	if (!realpath(so_path, abs))
		snprintf(abs, sizeof(abs), "%s", so_path);
	put_file(dir, file, 0644, "# test plug-in\nvendor = %s\npath = %s\n",
		 vendor, abs);
}

static struct bc_plugins *load(const char *dir)
{
	struct bc_plugins *p = NULL;
	int ret = bc_plugins_load(dir, 0, &p);

	if (ret) {
		printf("# bc_plugins_load('%s'): %s\n", dir, strerror(-ret));
		exit(1);
	}
	return p;
}

/*
 * load() with stderr sent to a file: the library reports through
 * p->errors and writes nothing itself (the CLI and collect log).
 */
static struct bc_plugins *load_quiet(const char *dir, bool *quiet)
{
	struct bc_plugins *p;
	char path[512];
	struct stat st;
	int fd, saved;

	snprintf(path, sizeof(path), "%s/stderr.txt", tmp);
	fflush(stderr);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved = dup(2);
	if (fd < 0 || saved < 0 || dup2(fd, 2) < 0) {
		printf("# cannot redirect stderr to '%s'\n", path);
		exit(1);
	}
	close(fd);
	p = load(dir);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	*quiet = !stat(path, &st) && st.st_size == 0;
	return p;
}

static bool has_error(const struct bc_plugins *p, const char *needle)
{
	unsigned int i;

	for (i = 0; i < p->nerrors; i++)
		if (strstr(p->errors[i], needle))
			return true;
	printf("# no load error mentions '%s'; errors:\n", needle);
	for (i = 0; i < p->nerrors; i++)
		printf("#   %s\n", p->errors[i]);
	return false;
}

static const char *param(const struct bc_claim *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nparams; i++)
		if (!strcmp(c->params[i].name, name))
			return c->params[i].value;
	return "(none)";
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------ */
/* Cases                                                               */
/* ------------------------------------------------------------------ */

static void test_view(void)
{
	struct bc_plugin_view_buf *vb = NULL;
	const struct bugcheck_plugin_view *v;
	struct crash c;

	load_crash(&vendor_crash, &c);
	CHECK(c.have_cls);
	CHECK(bc_plugin_view_new(c.rec, &c.cls, &vb) == 0);
	/* The view is a copy: it must outlive the record. */
	bc_record_free(c.rec);
	v = bc_plugin_view_get(vb);
	CHECK(v != NULL);
	if (!v) {
		bc_plugin_view_free(vb);
		done("view of an encoder-built record (frames, modules, vendor and triage blocks, classification)");
		return;
	}
	CHECK(v->size == sizeof(*v));
	CHECK(v->abi_version == BUGCHECK_PLUGIN_ABI_VERSION);
	CHECK(!strcmp(v->kernel_release, "6.1.0-18-amd64"));
	CHECK(!strcmp(v->kernel_version, ""));
	CHECK(!strcmp(v->machine, "x86_64"));
	CHECK(v->reason == BUGCHECK_REASON_OOPS);
	CHECK(!strcmp(v->reason_name, "oops"));
	CHECK(!strcmp(v->message, "Oops"));
	CHECK(!strcmp(v->panic_message, "Fatal exception"));
	CHECK(!strcmp(v->comm, "sh") && v->pid == 311);
	CHECK(v->crash_time_ns == 1700000000000000000ULL);
	CHECK(v->classified);
	CHECK(v->failure_class == BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE);
	CHECK(!strcmp(v->class_name, "NULL_POINTER_DEREFERENCE"));
	CHECK(!strcmp(v->image, "bugcheck_sample_vendor"));
	CHECK(!strcmp(v->function, "sample_device_reset"));
	CHECK(strstr(v->failure_name,
		     "bugcheck_sample_vendor!sample_device_reset"));
	CHECK(strlen(v->failure_hash) == 36);
	CHECK(v->nframes == 4);
	CHECK(!strcmp(v->frames[0].symbol, "sample_device_reset"));
	CHECK(!strcmp(v->frames[0].module, "bugcheck_sample_vendor"));
	CHECK(v->frames[0].offset == 0x15 && v->frames[0].size == 0x40);
	CHECK(!strcmp(v->frames[3].module, ""));
	CHECK(v->nmodules == 1);
	CHECK(!strcmp(v->modules[0].name, "bugcheck_sample_vendor"));
	CHECK(!strcmp(v->modules[0].version, "0.9"));
	CHECK(!strcmp(v->modules[0].srcversion, "ABCDEF0123"));
	CHECK(v->nvendor == 1 && v->ntriage == 1);
	CHECK(!strcmp(v->vendor[0].uuid,
		      "3b1f0a6e-5c2d-4e8f-9a71-2c64b0d9e513"));
	CHECK(!strcmp(v->vendor[0].name, "sample-state"));
	CHECK(v->vendor[0].len == strlen(sample_blocks[0].data));
	CHECK(!memcmp(v->vendor[0].data, "fw=1.2.3 ", 9));
	CHECK(!strcmp(v->triage[0].name, "sample-ring"));
	CHECK(v->triage[0].len == 6 && !memcmp(v->triage[0].data, "reset;", 6));
	CHECK(v->log_len == strlen(vendor_log) && !strcmp(v->log, vendor_log));
	bc_plugin_view_free(vb);

	/* No classification: the classifier fields are empty, not garbage. */
	load_crash(&other_crash, &c);
	CHECK(bc_plugin_view_new(c.rec, NULL, &vb) == 0);
	v = bc_plugin_view_get(vb);
	CHECK(!v->classified && !strcmp(v->image, "") &&
	      !strcmp(v->failure_hash, "") && v->failure_class == 0);
	CHECK(!strcmp(v->frames[0].module, "bugcheck_crashtest"));
	bc_plugin_view_free(vb);
	/* A record that did not verify has no view. */
	c.rec->primary_ok = false;
	vb = NULL;
	CHECK(bc_plugin_view_new(c.rec, NULL, &vb) == -EINVAL && !vb);
	bc_record_free(c.rec);
	done("view of an encoder-built record (frames, modules, vendor and triage blocks, classification)");
}

static void test_sample_claims(void)
{
	const char *dir = new_dir("sample");
	struct json_object *j, *x, *sig;
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	const char *s;

	conf(dir, "50-sample.conf", "sample", sample_so);
	p = load(dir);
	CHECK(p->n == 1 && p->p[0].enabled && p->nerrors == 0);
	CHECK(p->timeout_ms == 2000);
	load_crash(&vendor_crash, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(cl.claimed && !strcmp(cl.plugin, "sample"));
	CHECK(!strcmp(cl.event_name, "SAMPLE_VENDOR_FAULT"));
	CHECK(cl.nparams == 3);
	CHECK(!strcmp(cl.params[0].name, "fw"));
	CHECK(!strcmp(param(&cl, "fw"), "1.2.3"));
	CHECK(!strcmp(param(&cl, "function"), c.cls.function));
	CHECK(!strcmp(param(&cl, "function"), "sample_device_reset"));
	CHECK(!strcmp(param(&cl, "class"), "NULL_POINTER_DEREFERENCE"));
	CHECK(cl.debugger);
	CHECK(!strcmp(cl.cmdline,
		      "crash /usr/lib/debug/vmlinux /var/crash/*/dump.*"));
	CHECK(cl.noutcomes == 1 && cl.outcomes[0].status == BC_PLUGIN_CLAIMED);

	j = bc_claim_json(&cl);
	CHECK(j != NULL);
	s = json_object_to_json_string_ext(
		j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	printf("# claim: %s\n", s);
	CHECK(json_object_object_get_ex(j, "plugin", &x) &&
	      !strcmp(json_object_get_string(x), "sample"));
	CHECK(json_object_object_get_ex(j, "event_name", &x) &&
	      !strcmp(json_object_get_string(x), "SAMPLE_VENDOR_FAULT"));
	CHECK(json_object_object_get_ex(j, "signature", &sig) &&
	      json_object_array_length(sig) == 3);
	x = json_object_is_type(sig, json_type_array) ?
		    json_object_array_get_idx(sig, 0) :
		    NULL;
	CHECK(x && json_object_object_get_ex(x, "value", &x) &&
	      !strcmp(json_object_get_string(x), "1.2.3"));
	CHECK(json_object_object_get_ex(j, "debugger", &x) &&
	      json_object_object_get_ex(x, "command", &x) &&
	      strstr(json_object_get_string(x), "crash "));
	json_object_put(j);
	j = bc_claim_json_server(&cl);
	CHECK(j && !json_object_object_get_ex(j, "debugger", NULL));
	json_object_put(j);
	bc_record_free(c.rec);

	/* A crash in another module: declined, the default applies. */
	load_crash(&other_crash, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 0);
	CHECK(!cl.claimed && cl.nparams == 0 && !cl.event_name[0]);
	CHECK(cl.outcomes[0].status == BC_PLUGIN_DECLINED);
	CHECK(bc_claim_json(&cl) == NULL);
	bc_record_free(c.rec);
	bc_plugins_free(p);
	done("sample plug-in claims its driver's crash (fw from the vendor block, blamed function, debugger) and declines others");
}

static void test_sample_fw_parsing(void)
{
	static const struct tblock foreign[] = {
		{ other_uuid, "other", "state=odd fw=9.9-rc1\n", 0 },
		{ NULL, NULL, NULL, 0 },
	};
	static const struct tblock tricky[] = {
		/* "xfw=" is not the word "fw=", and an empty value is none. */
		{ sample_uuid, "sample-state", "xfw=bad fw= fw=2.0", 0 },
		{ NULL, NULL, NULL, 0 },
	};
	static const struct tblock none[] = { { NULL, NULL, NULL, 0 } };
	struct spec s = vendor_crash;
	const char *dir = new_dir("fw");
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;

	conf(dir, "sample.conf", "sample", sample_so);
	p = load(dir);
	s.vendor = foreign;
	load_crash(&s, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(!strcmp(param(&cl, "fw"), "9.9-rc1"));
	bc_record_free(c.rec);
	s.vendor = tricky;
	load_crash(&s, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(!strcmp(param(&cl, "fw"), "2.0"));
	bc_record_free(c.rec);
	s.vendor = none;
	load_crash(&s, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(!strcmp(param(&cl, "fw"), "unknown"));
	bc_record_free(c.rec);
	/* A tail that fails its CRC gives no blocks, still the frames. */
	s.vendor = sample_blocks;
	s.bad_tail = true;
	load_crash(&s, &c);
	CHECK(c.rec->valid == BUGCHECK_VALID_BAD_TAIL);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(!strcmp(param(&cl, "fw"), "unknown"));
	/* Unclassified, the sample still finds its frame. */
	CHECK(bc_plugins_claim(p, c.rec, NULL, &cl) == 1);
	CHECK(!strcmp(param(&cl, "function"), "sample_device_reset"));
	CHECK(!strcmp(param(&cl, "class"), "oops"));
	/* A record that did not verify is refused. */
	c.rec->primary_ok = false;
	CHECK(bc_plugins_claim(p, c.rec, NULL, &cl) == -EINVAL);
	bc_record_free(c.rec);
	bc_plugins_free(p);
	done("sample plug-in: fw= parsed from any block as a word, unknown without one, corrupt tail ignored");
}

/*
 * A misbehaving plug-in configured before the sample: its answer is
 * dropped with @status, and the sample after it still claims.
 */
static void misbehaving(const char *so, enum bc_plugin_status status,
			const char *detail, const char *what)
{
	const char *dir = new_dir(so);
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	uint64_t t0;
	char name[256];

	conf(dir, "10-bad.conf", "bad", so);
	p = load(dir);
	CHECK(p->n == 1 && p->p[0].enabled);
	load_crash(&vendor_crash, &c);
	t0 = ms_now();
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 0);
	CHECK(!cl.claimed && cl.nparams == 0 && !cl.event_name[0]);
	CHECK(!cl.debugger && !cl.cmdline[0]);
	CHECK(cl.noutcomes == 1 && cl.outcomes[0].status == status);
	CHECK(bc_plugin_outcome_failed(&cl.outcomes[0]));
	if (!strstr(cl.outcomes[0].detail, detail)) {
		printf("# detail '%s' lacks '%s'\n", cl.outcomes[0].detail,
		       detail);
		case_failed = 1;
	}
	printf("# %s: %s: %s (%llu ms)\n", so,
	       bc_plugin_status_str(cl.outcomes[0].status),
	       cl.outcomes[0].detail, (unsigned long long)(ms_now() - t0));
	if (status == BC_PLUGIN_TIMEOUT)
		CHECK(ms_now() - t0 >= 2000 && ms_now() - t0 < 4000);
	bc_plugins_free(p);

	/* With the sample configured after it, the sample decides. */
	conf(dir, "20-sample.conf", "sample", sample_so);
	p = load(dir);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(cl.noutcomes == 2 && cl.outcomes[0].status == status &&
	      cl.outcomes[1].status == BC_PLUGIN_CLAIMED);
	CHECK(bc_plugin_outcome_failed(&cl.outcomes[0]) &&
	      !bc_plugin_outcome_failed(&cl.outcomes[1]));
	CHECK(!strcmp(cl.plugin, "sample") &&
	      !strcmp(cl.event_name, "SAMPLE_VENDOR_FAULT"));
	bc_plugins_free(p);
	bc_record_free(c.rec);
	snprintf(name, sizeof(name),
		 "%s: falls back to the default, reported as %s", what,
		 bc_plugin_status_str(status));
	done(name);
}

static void load_refused(const char *so, enum bc_plugin_status status,
			 const char *detail, const char *what)
{
	const char *dir = new_dir(so);
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	char name[256];

	conf(dir, "10-bad.conf", "bad", so);
	conf(dir, "20-claim.conf", "claimer", "claim_all");
	p = load(dir);
	CHECK(p->n == 2 && !p->p[0].enabled && p->p[1].enabled);
	CHECK(p->p[0].status == status);
	CHECK(strstr(p->p[0].detail, detail));
	CHECK(has_error(p, "disabled"));
	CHECK(has_error(p, detail));
	load_crash(&vendor_crash, &c);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
	CHECK(cl.outcomes[0].status == BC_PLUGIN_NOT_ASKED);
	CHECK(!strcmp(cl.plugin, "claimer"));
	bc_plugins_free(p);
	/* Alone, it leaves the default classification. */
	new_dir(so);
	conf(dir, "10-bad.conf", "bad", so);
	p = load(dir);
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 0 && !cl.claimed);
	bc_plugins_free(p);
	bc_record_free(c.rec);
	snprintf(name, sizeof(name),
		 "%s: disabled at load, reported as %s, never asked", what,
		 bc_plugin_status_str(status));
	done(name);
}

static void test_limit(void)
{
	const char *dir = new_dir("limit");
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	char file[32], vendor[32];
	unsigned int i;
	uint64_t t0;

	for (i = 1; i <= 17; i++) {
		snprintf(file, sizeof(file), "%02u-decline.conf", i);
		snprintf(vendor, sizeof(vendor), "decline%u", i);
		conf(dir, file, vendor, "decline");
	}
	t0 = ms_now();
	p = load(dir);
	printf("# load and probe of 16 plug-ins: %llu ms\n",
	       (unsigned long long)(ms_now() - t0));
	CHECK(p->n == 16);
	CHECK(!strcmp(p->p[15].id, "decline16"));
	CHECK(has_error(p, "17-decline.conf': refused, at most 16"));
	load_crash(&vendor_crash, &c);
	t0 = ms_now();
	CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 0);
	printf("# claim asking 16 declining plug-ins: %llu ms\n",
	       (unsigned long long)(ms_now() - t0));
	CHECK(cl.noutcomes == 16);
	for (i = 0; i < 16; i++)
		CHECK(cl.outcomes[i].status == BC_PLUGIN_DECLINED);
	bc_record_free(c.rec);
	bc_plugins_free(p);
	done("a 17th plug-in is refused with a logged error, 16 are asked");
}

static void test_order(void)
{
	const char *dir = new_dir("order");
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	unsigned int round;

	/* Created in reverse; vendor names sort the other way round. */
	conf(dir, "30-c.conf", "aaa", "claim_all");
	conf(dir, "20-b.conf", "mmm", "claim_all");
	conf(dir, "10-a.conf", "zzz", "claim_all");
	conf(dir, "05-decline.conf", "first", "decline");
	load_crash(&other_crash, &c);
	for (round = 0; round < 3; round++) {
		p = load(dir);
		CHECK(p->n == 4 && !strcmp(p->p[0].id, "first") &&
		      !strcmp(p->p[1].id, "zzz"));
		CHECK(bc_plugins_claim(p, c.rec, &c.cls, &cl) == 1);
		CHECK(!strcmp(cl.plugin, "zzz"));
		CHECK(!strcmp(cl.event_name, "TEST_CLAIM_ALL"));
		CHECK(!strcmp(param(&cl, "release"), "6.1.0-18-amd64"));
		CHECK(!strcmp(param(&cl, "message"), "Oops"));
		CHECK(!cl.debugger);
		CHECK(cl.outcomes[0].status == BC_PLUGIN_DECLINED &&
		      cl.outcomes[1].status == BC_PLUGIN_CLAIMED &&
		      cl.outcomes[2].status == BC_PLUGIN_NOT_ASKED &&
		      cl.outcomes[3].status == BC_PLUGIN_NOT_ASKED);
		bc_plugins_free(p);
	}
	bc_record_free(c.rec);
	done("first claim wins, in file-name order, every time");
}

static void test_config_errors(void)
{
	const char *dir = new_dir("config");
	char path[1024], abs[1024], cmd[3200];
	struct bc_plugins *p;
	bool quiet = false;
	int ret, i;

	if (!realpath(sample_so, abs))
		snprintf(abs, sizeof(abs), "%s", sample_so);
	put_file(dir, "01-nopath.conf", 0644, "vendor = a\n");
	put_file(dir, "02-novendor.conf", 0644, "path = %s\n", abs);
	put_file(dir, "03-unknown.conf", 0644,
		 "vendor = b\npath = %s\ncolour = red\n", abs);
	put_file(dir, "04-badvendor.conf", 0644,
		 "vendor = acme corp\npath = %s\n", abs);
	put_file(dir, "05-relative.conf", 0644,
		 "vendor = c\npath = lib/x.so\n");
	put_file(dir, "06-noeq.conf", 0644, "vendor c\n");
	put_file(dir, "07-good.conf", 0644,
		 "  # indented comment\n\nvendor=good\n  path =   %s  \n", abs);
	put_file(dir, "08-dup.conf", 0644, "vendor = good\npath = %s\n", abs);
	put_file(dir, "09-missing.conf", 0644,
		 "vendor = gone\npath = %s/nonexistent.so\n", tmp);
	put_file(dir, "10-twice.conf", 0644,
		 "vendor = t\nvendor = t2\npath = %s\n", abs);
	put_file(dir, "11-longvendor.conf", 0644, "vendor = %s\npath = %s\n",
		 "a123456789b123456789c123456789d12", abs);
	put_file(dir, "12-worldwritable.conf", 0666, "vendor = ww\npath = %s\n",
		 abs);
	put_file(dir, "README", 0644, "not a configuration file\n");
	put_file(dir, ".hidden.conf", 0644, "garbage\n");
	put_file(dir, "13-notso.conf", 0644,
		 "vendor = notso\npath = %s/README\n", dir);
	p = load_quiet(dir, &quiet);
	CHECK(quiet);
	CHECK(p->n == 3);
	CHECK(!strcmp(p->p[0].id, "good") && p->p[0].enabled);
	CHECK(!strcmp(p->p[0].path, abs));
	CHECK(!strcmp(p->p[1].id, "gone") && !p->p[1].enabled &&
	      p->p[1].status == BC_PLUGIN_LOAD_FAILED &&
	      strstr(p->p[1].detail, "No such file"));
	CHECK(!strcmp(p->p[2].id, "notso") && !p->p[2].enabled &&
	      p->p[2].status == BC_PLUGIN_LOAD_FAILED);
	CHECK(has_error(p, "01-nopath.conf': 'path' is missing"));
	CHECK(has_error(p, "02-novendor.conf': 'vendor' is missing"));
	CHECK(has_error(p, "03-unknown.conf': line 3: unknown key 'colour'"));
	CHECK(has_error(p, "04-badvendor.conf': line 1: vendor must be"));
	CHECK(has_error(p, "05-relative.conf': line 2: path must be absolute"));
	CHECK(has_error(p, "06-noeq.conf': line 1: expected 'key = value'"));
	CHECK(has_error(p, "vendor 'good' is already configured"));
	CHECK(has_error(p, "09-missing.conf"));
	CHECK(has_error(p, "line 2: 'vendor' given twice"));
	CHECK(has_error(p, "11-longvendor.conf': line 1: vendor must be"));
	CHECK(has_error(p,
			"12-worldwritable.conf': writable by group or others"));
	CHECK(has_error(p, "dlopen"));
	CHECK(p->nerrors == 12 && p->nlost == 0);
	bc_plugins_free(p);

	/* Problems past BC_PLUGINS_MAX_ERRORS are counted, not kept. */
	dir = new_dir("many");
	for (i = 0; i < BC_PLUGINS_MAX_ERRORS + 2; i++) {
		snprintf(path, sizeof(path), "%02d.conf", i);
		put_file(dir, path, 0644, "vendor = v%d\n", i);
	}
	p = load(dir);
	CHECK(p->nerrors == BC_PLUGINS_MAX_ERRORS && p->nlost == 2);
	CHECK(has_error(p, "00.conf': 'path' is missing"));
	bc_plugins_free(p);

	/* A world-writable shared object is not loaded either. */
	dir = new_dir("writable");
	snprintf(cmd, sizeof(cmd),
		 "cp '%s' '%s/ww.so' && chmod 0666 '%s/ww.so'", abs, dir, dir);
	CHECK(system(cmd) == 0);
	put_file(dir, "ww.conf", 0644, "vendor = ww\npath = %s/ww.so\n", dir);
	p = load(dir);
	CHECK(p->n == 1 && !p->p[0].enabled);
	CHECK(has_error(p, "writable by group or others (mode 0666)"));
	bc_plugins_free(p);

	/* No directory: no plug-ins, no error.  A file: an error. */
	snprintf(path, sizeof(path), "%s/does-not-exist", tmp);
	p = load(path);
	CHECK(p->n == 0 && p->nerrors == 0);
	bc_plugins_free(p);
	p = NULL;
	snprintf(path, sizeof(path), "%s/writable/ww.conf", tmp);
	ret = bc_plugins_load(path, 0, &p);
	CHECK(ret == -ENOTDIR && p == NULL);
	done("configuration errors are refused one file at a time, with the reason");
}

static void test_validators(void)
{
	char big[300];

	CHECK(bc_plugin_ident_ok("ACME_FW-1.2", 64));
	CHECK(!bc_plugin_ident_ok("", 64));
	CHECK(!bc_plugin_ident_ok("a b", 64));
	CHECK(!bc_plugin_ident_ok("a/b", 64));
	CHECK(!bc_plugin_ident_ok("\xc3\xa9", 64));
	CHECK(bc_plugin_ident_ok("abcd", 4) && !bc_plugin_ident_ok("abcde", 4));
	CHECK(bc_plugin_printable_ok("", 0, 256));
	CHECK(!bc_plugin_printable_ok("", 1, 256));
	CHECK(bc_plugin_printable_ok("fw=1.2 state ~ok", 0, 256));
	CHECK(!bc_plugin_printable_ok("tab\there", 0, 256));
	CHECK(!bc_plugin_printable_ok("del\x7f", 0, 256));
	CHECK(!bc_plugin_printable_ok("\xe2\x82\xac", 0, 256));
	memset(big, 'x', 257);
	big[257] = '\0';
	CHECK(!bc_plugin_printable_ok(big, 0, 256));
	big[256] = '\0';
	CHECK(bc_plugin_printable_ok(big, 0, 256));
	CHECK(!strcmp(bc_plugin_status_str(BC_PLUGIN_TIMEOUT), "timeout"));
	CHECK(!strcmp(bc_plugin_status_str((enum bc_plugin_status)99),
		      "unknown"));
	done("name and value validators");
}

static void test_overhead(void)
{
	const char *dir = new_dir("overhead");
	struct bc_plugin_view_buf *vb;
	struct bc_plugins *p;
	struct bc_claim cl;
	struct crash c;
	unsigned int i, n = 50, ok = 0;
	uint64_t t0, dt;

	conf(dir, "sample.conf", "sample", sample_so);
	p = load(dir);
	load_crash(&vendor_crash, &c);
	CHECK(bc_plugin_view_new(c.rec, &c.cls, &vb) == 0);
	t0 = ms_now();
	for (i = 0; i < n; i++)
		ok += bc_plugins_claim_view(p, vb, &cl) == 1;
	dt = ms_now() - t0;
	CHECK(ok == n);
	printf("# claim by the sample plug-in (fork, dlopen, 5 calls): %.2f ms per crash over %u crashes\n",
	       (double)dt / n, n);
	bc_plugin_view_free(vb);
	bc_record_free(c.rec);
	bc_plugins_free(p);
	done("repeated claims are consistent");
}

int main(int argc, char **argv)
{
	char cmd[300];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1)
		plugdir = argv[1];
	if (argc > 2)
		sample_so = argv[2];
	if (access(sample_so, R_OK) || access(plugdir, R_OK)) {
		printf("not ok - plugins: %s and %s must be built (make agent-tests)\n",
		       sample_so, plugdir);
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "/tmp/bugcheck-plugin-test.XXXXXX");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_validators();
	test_view();
	test_sample_claims();
	test_sample_fw_parsing();
	misbehaving("segv", BC_PLUGIN_CRASHED, "in bugcheck_plugin_signature",
		    "a plug-in that segfaults");
	misbehaving("hang", BC_PLUGIN_TIMEOUT,
		    "no answer within 2000 ms in bugcheck_plugin_claim",
		    "a plug-in that hangs");
	misbehaving("garbage", BC_PLUGIN_BAD_ANSWER, "non-printable",
		    "a plug-in that answers control characters");
	misbehaving("oversized", BC_PLUGIN_BAD_ANSWER,
		    "event name longer than 64 bytes",
		    "a plug-in that writes past its buffer");
	misbehaving("rawpipe", BC_PLUGIN_BAD_ANSWER, "message of 60000 bytes",
		    "a plug-in that forges protocol bytes on the pipe");
	misbehaving("scribble", BC_PLUGIN_CRASHED, "signal 11",
		    "a plug-in that writes to the read-only view");
	load_refused("nosym", BC_PLUGIN_NO_SYMBOL,
		     "missing symbol 'bugcheck_plugin_debugger'",
		     "a plug-in missing a symbol");
	load_refused("badabi", BC_PLUGIN_BAD_ABI, "ABI version 99",
		     "a plug-in with the wrong ABI version");
	test_limit();
	test_order();
	test_config_errors();
	test_overhead();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	return failures ? 1 : 0;
}
