// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the agent's report, scrubber, configuration, spool and
 * pstore/kdump readers (agent/report.c, config.c, spool.c, sources.c).
 *
 *   report_test                       run the tests
 *   report_test --region8 REC OUT     write a region dump with 8 copies of
 *                                     the record in REC, each with its own
 *                                     sequence number (resealed with the
 *                                     module's encoder), for the benchmark
 *                                     and tests/suite-agent-forward.sh
 *   report_test --scrub WORDS         scrub standard input to standard
 *                                     output, with WORDS as the host names
 *                                     (tests/scrub-corpus.txt)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "report.h"
#include "sources.h"
#include "spool.h"

#define TAP_SUITE "report"
#include "tap.h"

static char *scrub(const struct bc_scrub *s, const char *in)
{
	return bc_scrub_text(s, in, strlen(in), NULL);
}

static void test_scrub(void)
{
	struct bc_scrub s;
	char *o;

	memset(&s, 0, sizeof(s));
	bc_scrub_init(&s, "build-host.example.org secretbox");
	o = scrub(
		&s,
		"RSP: 0018:ffffb1c2c0a3fd80 EFLAGS: 00010246 RAX: ffff9f2e81234000\n"
		"ptr 0xffffffffc0a01011 and FFFF8880DEADBEEF end\n"
		"from 192.168.1.20:22 to 10.0.0.1, not 6.1.76-1 or [   12.345678]\n"
		"v6 fe80::5054:ff:fe12:3456 and 2001:db8:0:0:1:0:0:1. mac 52:54:00:12:34:56\n"
		"time 12:34:56 RIP: 0010:crash_null+0x11/0x30 [bugcheck_crashtest]\n"
		"on build-host.example.org and SECRETBOX, not secretboxes\n");
	CHECK(o != NULL);
	if (!o)
		return;
	CHECK(!strstr(o, "ffff") && !strstr(o, "FFFF"));
	CHECK(!strstr(o, "192.168") && !strstr(o, "10.0.0.1"));
	CHECK(!strstr(o, "fe80") && !strstr(o, "2001:db8"));
	CHECK(!strstr(o, "52:54:00"));
	CHECK(!strstr(o, "build-host") && !strstr(o, "SECRETBOX"));
	CHECK(strstr(o, "secretboxes"));
	CHECK(strstr(o, "6.1.76-1") && strstr(o, "[   12.345678]"));
	CHECK(strstr(o, "time 12:34:56"));
	CHECK(strstr(o, "crash_null+0x11/0x30 [bugcheck_crashtest]"));
	CHECK(strstr(o, "EFLAGS: 00010246"));
	CHECK(strstr(o, "<ptr>") && strstr(o, "<ipv4>:22") &&
	      strstr(o, "<ipv6>") && strstr(o, "<mac>") && strstr(o, "<host>"));
	free(o);
	/* NUL bytes and a text that is only a pattern */
	o = bc_scrub_text(&s, "a\0b", 3, NULL);
	CHECK(o && !strcmp(o, "a?b"));
	free(o);
	o = scrub(&s, "::1");
	CHECK(o && !strcmp(o, "<ipv6>"));
	free(o);
	o = scrub(&s, "");
	CHECK(o && !*o);
	free(o);
	done("scrubber removes pointers, IPs, MACs, host names; keeps symbols and versions");
}

static void test_crash_lines(void)
{
	static const char log[] =
		"[    1.000000] usb 1-1: Product: before\n"
		"[    2.000000] ------------[ cut here ]------------\n"
		"[    2.000001] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2\n"
		"[    2.000002] ---[ end trace 0000000000000000 ]---\n"
		"[    3.000000] after\n";
	const char *w = strstr(log, "[    2.000000]");
	const char *a = strstr(log, "[    3.000000]");
	size_t st = 0, en = 0, len = strlen(log);

	/* by stamp (the WARNING line), widened to its "cut here" line */
	CHECK(!bc_report_crash_lines(log, len, 2000001000ULL, &st, &en));
	CHECK(st == (size_t)(w - log) && en == (size_t)(a - log));
	/* without a stamp: the first line that starts a known report */
	CHECK(!bc_report_crash_lines(log, len, 0, &st, &en));
	CHECK(st == (size_t)(w - log) && en == (size_t)(a - log));
	/* a stamp that is not there falls back the same way */
	CHECK(!bc_report_crash_lines(log, len, 9000000000ULL, &st, &en));
	CHECK(st == (size_t)(w - log));
	/* no end marker: to the end */
	CHECK(!bc_report_crash_lines(log, (size_t)(w - log) + 80, 0, &st, &en));
	CHECK(en == (size_t)(w - log) + 80);
	/* no crash at all */
	CHECK(bc_report_crash_lines(log, (size_t)(w - log), 0, &st, &en) ==
	      -ENOENT);
	CHECK(bc_report_crash_lines(NULL, 0, 0, &st, &en) == -EINVAL);
	done("crash lines: by stamp, by first line, cut here kept, end marker or end");
}

/*
 * A title that names the machine: the spool, "list", "show" and the
 * payload carry one failure hash, the one over the scrubbed title.
 */
static void test_hash_as_sent(void)
{
	static const char text[] =
		"<0>[  100.000000] Kernel panic - not syncing: mybox lost its root disk\n"
		"<4>[  100.000100] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-57-amd64 #1 Debian 6.1.158-1\n"
		"<0>[  100.000200] ---[ end Kernel panic - not syncing: mybox lost its root disk ]---\n";
	struct bc_report_env env = { .collected_at = 1700000000 };
	struct bc_payload_opts po = { .device_type = "vm",
				      .market = "",
				      .send_log = true };
	struct bc_text_crash t = { .source = "kdump",
				   .origin = "test",
				   .text = text,
				   .len = sizeof(text) - 1,
				   .crash_time = 1700000000 };
	struct bc_classification cls;
	struct json_object *rep, *pay, *k, *pk;
	struct bc_scrub s;
	const char *h1, *h2;

	bc_scrub_init(&s, "mybox");
	CHECK(bc_classify_buffer(text, sizeof(text) - 1, &cls) == 1);
	rep = bc_report_from_text(&t, &cls, &s, &env);
	CHECK(rep != NULL);
	if (!rep)
		return;
	pay = bc_report_payload(rep, &po, "00", &s);
	CHECK(pay != NULL);
	k = json_object_object_get(rep, "classification");
	pk = pay ? json_object_object_get(pay, "classification") : NULL;
	h1 = bc_report_str(k, "failure_hash");
	h2 = bc_report_str(pk, "failure_hash");
	CHECK(strstr(bc_report_str(k, "title"), "<host>") != NULL);
	CHECK(strcmp(cls.failure_hash, h1 ? h1 : "")); /* not the raw title's */
	CHECK(h1 && h2 && !strcmp(h1, h2));
	json_object_put(pay);
	json_object_put(rep);
	done("the spooled failure hash is the one over the scrubbed title, as sent");
}

/*
 * One class -> event type table for crash and live reports: the types
 * issue 14 names (an OOM is "memory", not "oom"), and a console copy of
 * an OOM kill takes it.
 */
static void test_event_types(void)
{
	static const char text[] =
		"<4>[  200.000000] Out of memory: Killed process 4242 (awk) total-vm:912340kB, anon-rss:401232kB, file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:1612kB oom_score_adj:0\n";
	struct bc_report_env env = { .collected_at = 1700000000 };
	struct bc_text_crash t = { .source = "kdump",
				   .origin = "test",
				   .text = text,
				   .len = sizeof(text) - 1,
				   .crash_time = 1700000000 };
	struct bc_classification cls;
	struct json_object *rep;
	struct bc_scrub s;

	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_WARNING), "warning"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_HUNG_TASK), "hang"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_RCU_STALL), "hang"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_SOFT_LOCKUP), "lockup"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_OOM_KILL), "memory"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_OUT_OF_MEMORY), "memory"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_KASAN), "sanitizer"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE),
		      "oops"));
	CHECK(!strcmp(bc_event_type(BUGCHECK_CLASS_KERNEL_PANIC), "panic"));
	bc_scrub_init(&s, "");
	CHECK(bc_classify_buffer(text, sizeof(text) - 1, &cls) == 1);
	CHECK(cls.cls == BUGCHECK_CLASS_OOM_KILL);
	rep = bc_report_from_text(&t, &cls, &s, &env);
	CHECK(rep && !strcmp(bc_report_str(rep, "event_type") ?: "", "memory"));
	json_object_put(rep);
	done("one class to event type table: warning, hang, lockup, memory, sanitizer, oops, panic; an OOM kill is memory");
}

/* The extra data a bucket may ask for, as bc_report_extra() hands it out. */
static void test_extra(void)
{
	struct json_object *rep, *pay;
	struct bc_payload_opts po = { .device_type = "vm",
				      .market = "",
				      .send_log = true,
				      .full_log = true };
	struct bc_scrub s;
	char *d = NULL;
	size_t n = 0;

	bc_scrub_init(&s, "mybox");
	rep = json_tokener_parse(
		"{\"report_id\":\"00112233445566778899aabbccddeeff\","
		"\"log\":\"[ 1.0] mybox up \\u00e9\\n[ 2.0] BUG: x\\n\","
		"\"extra\":{\"vendor_data\":\"1b4e28ba-2fa1-11d2-883f-0016d3cca427 fw 00ff\\n\"},"
		"\"agent\":{\"origin\":\"test\"}}");
	CHECK(rep != NULL);
	if (!rep)
		return;
	CHECK(bc_report_extra(rep, "log_tail", &s, &d, &n) == 0);
	CHECK(d && n == strlen(d) && strstr(d, "<host> up \xc3\xa9") &&
	      !strstr(d, "mybox"));
	free(d);
	CHECK(bc_report_extra(rep, "vendor_data", &s, &d, &n) == 0);
	CHECK(d &&
	      !strcmp(d, "1b4e28ba-2fa1-11d2-883f-0016d3cca427 fw 00ff\n"));
	free(d);
	CHECK(bc_report_extra(rep, "kdump_dmesg", &s, &d, &n) == -ENOENT);
	CHECK(bc_report_extra(rep, "core", &s, &d, &n) == -EINVAL);
	/* bytes that are no UTF-8 (a log may hold any) become '?' */
	json_object_object_add(
		rep, "log", json_object_new_string("ok \xff\xc3 \xe2\x82\xac"));
	CHECK(bc_report_extra(rep, "log_tail", &s, &d, &n) == 0);
	CHECK(d && !strcmp(d, "ok ?? \xe2\x82\xac"));
	free(d);
	/* the payload never carries "extra"; full_log sends the whole tail */
	pay = bc_report_payload(rep, &po, "00", &s);
	CHECK(pay && !json_object_object_get_ex(pay, "extra", NULL) &&
	      !strcmp(bc_report_str(pay, "log"), "ok \xff\xc3 \xe2\x82\xac"));
	json_object_put(pay);
	json_object_put(rep);
	done("extra data: log tail re-scrubbed, vendor data as kept, UTF-8 fixed, never in the payload");
}

static void test_ids(void)
{
	uint8_t boot[16] = { 1, 2, 3 };
	char a[BC_REPORT_ID_LEN + 1], b[BC_REPORT_ID_LEN + 1];

	bc_report_id_record(boot, 7, a);
	bc_report_id_record(boot, 7, b);
	CHECK(!strcmp(a, b) && strlen(a) == 32 && bc_spool_valid_id(a));
	bc_report_id_record(boot, 8, b);
	CHECK(strcmp(a, b));
	boot[15] = 1;
	bc_report_id_record(boot, 7, b);
	CHECK(strcmp(a, b));
	bc_report_id_content("pstore", "abc", 3, a);
	bc_report_id_content("kdump", "abc", 3, b);
	CHECK(strcmp(a, b));
	bc_report_id_content("pstore", "abc", 3, b);
	CHECK(!strcmp(a, b));
	done("report ids: stable per crash, distinct per boot, seq and source");
}

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(s, f);
	return fclose(f);
}

static void test_config(const char *dir)
{
	struct bc_config c;
	char path[512], err[1024];

	snprintf(path, sizeof(path), "%s/a.conf", dir);
	write_str(
		path,
		"# comment\n; also\n\nforward = yes\nserver = \"https://x.example:8470\"\n"
		"token = bct_abc\nspool_max_bytes = 2M\nretry_min = 5\nmarket = lab-eu\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == 0);
	CHECK(c.forward && c.spool_max_bytes == 2U << 20 && c.retry_min == 5);
	CHECK(!strcmp(c.server, "https://x.example:8470"));
	CHECK(bc_config_check_forward(&c, err, sizeof(err)) == 0);
	write_str(path, "server = http://x\ntoken = t\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == 0);
	CHECK(bc_config_check_forward(&c, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "allow_http"));
	write_str(path, "forward = yes\n\nretry_min = 10x\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == -EINVAL &&
	      strstr(err, ":3:") && strstr(err, "'10x'"));
	write_str(path, "bogus = 1\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "unknown key 'bogus'"));
	write_str(path, "device_type = phone\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == -EINVAL);
	write_str(path, "no equals sign\n");
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == -EINVAL);
	snprintf(path, sizeof(path), "%s/missing.conf", dir);
	CHECK(bc_config_load(&c, path, err, sizeof(err)) == -EINVAL);
	done("configuration: values, quoting, errors name file, line and value");
}

static int count_dir(const char *d)
{
	struct bc_config c;
	struct bc_spool sp;
	struct bc_spool_entry *e;
	size_t n = 0;

	bc_config_defaults(&c);
	snprintf(c.spool_dir, sizeof(c.spool_dir), "%s", d);
	if (bc_spool_open(&sp, &c, false))
		return -1;
	if (bc_spool_list(&sp, false, &e, &n))
		n = 0;
	else
		free(e);
	bc_spool_close(&sp);
	return (int)n;
}

static void test_spool(const char *dir)
{
	char id[BC_REPORT_ID_LEN + 1], path[600];
	struct json_object *o, *m;
	struct bc_config c;
	struct bc_spool sp;
	unsigned int ev;
	int i, fd;

	bc_config_defaults(&c);
	snprintf(c.spool_dir, sizeof(c.spool_dir), "%s/spool", dir);
	c.spool_max_reports = 3;
	CHECK(bc_spool_open(&sp, &c, false) == -ENOENT);
	CHECK(bc_spool_open(&sp, &c, true) == 0);
	bc_report_id_content("kdump", "0", 1, id);
	CHECK(bc_spool_add(&sp, id, "{\"report_id\":\"x\"}", 17, &ev) == 1);
	CHECK(bc_spool_add(&sp, id, "{}", 2, &ev) == 0); /* dedup */
	CHECK(bc_spool_add(&sp, "../../etc", "{}", 2, &ev) == -EINVAL);
	CHECK(bc_spool_read(&sp, false, id, &o) == 0);
	json_object_put(o);
	/* sent: removed from new/, still deduplicated */
	m = json_object_new_object();
	CHECK(bc_spool_mark_sent(&sp, id, m) == 0);
	json_object_put(m);
	CHECK(count_dir(c.spool_dir) == 0);
	CHECK(bc_spool_add(&sp, id, "{}", 2, &ev) == 0);
	/* the cap evicts the oldest, and counts it */
	for (i = 1; i <= 4; i++) {
		char b[4];

		snprintf(b, sizeof(b), "%d", i);
		bc_report_id_content("kdump", b, strlen(b), id);
		CHECK(bc_spool_add(&sp, id, "{}", 2, &ev) == 1);
		CHECK(ev == (i == 4));
		usleep(2000); /* distinct mtimes */
	}
	CHECK(count_dir(c.spool_dir) == 3);
	o = bc_spool_state(&sp);
	CHECK(json_object_get_int(json_object_object_get(o, "evicted")) == 1);
	json_object_put(o);
	bc_report_id_content("kdump", "1", 1, id);
	CHECK(bc_spool_read(&sp, false, id, &o) == -ENOENT);
	bc_spool_close(&sp);
	/* a temporary left by a killed writer is cleaned on open */
	snprintf(path, sizeof(path), "%s/spool/new/.x.json.tmp.99", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK(bc_spool_open(&sp, &c, true) == 0);
	CHECK(access(path, F_OK) != 0);
	bc_spool_close(&sp);
	done("spool: atomic add, dedup by id (pending and sent), cap evicts oldest and counts, temporaries cleaned");
}

static void noop(const char *m)
{
	(void)m;
}

static void test_pstore(const char *dir)
{
	struct bc_source_item *it;
	char d[512], p[600];
	size_t n;

	snprintf(d, sizeof(d), "%s/pstore", dir);
	mkdir(d, 0755);
	/* ramoops layout: Part1 = newest text; ECC line appended */
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-1", d);
	write_str(
		p,
		"Oops#1 Part1\n<4>[   2.0] second half\n\nECC: No errors detected\n");
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-0", d);
	write_str(p, "Oops#1 Part2\n<4>[   1.0] first half\n");
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-2", d);
	write_str(p, "Shutdown#1 Part1\nreboot\n");
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-3", d);
	write_str(p, "garbage without header\n");
	snprintf(p, sizeof(p), "%s/console-ramoops-0", d);
	write_str(p, "console\n");
	CHECK(bc_pstore_read(d, &it, &n, noop) == 0);
	CHECK(n == 1);
	if (n == 1) {
		CHECK(it[0].nfiles == 2 && !strcmp(it[0].why, "Oops"));
		CHECK(!strcmp(
			it[0].text,
			"<4>[   1.0] first half\n<4>[   2.0] second half\n"));
		CHECK(bc_source_ack(&it[0]) == 0);
	}
	bc_source_items_free(it, n);
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-0", d);
	CHECK(access(p, F_OK) != 0);
	snprintf(p, sizeof(p), "%s/dmesg-ramoops-3", d);
	CHECK(access(p, F_OK) == 0); /* not ours: left */
	CHECK(bc_pstore_read(d, &it, &n, noop) == 0 && n == 0);
	bc_source_items_free(it, n);
	CHECK(bc_pstore_read("/nonexistent/pstore", &it, &n, noop) == 0 &&
	      n == 0);
	done("pstore: multi-part dump joined oldest first, ECC line and other dumps left out, ack removes the parts");
}

static void test_kdump(const char *dir)
{
	struct bc_source_item *it;
	char d[512], p[700];
	size_t n;

	snprintf(d, sizeof(d), "%s/crash", dir);
	mkdir(d, 0755);
	snprintf(p, sizeof(p), "%s/202401021530", d);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/202401021530/dmesg.202401021530", d);
	write_str(p, "[    1.000000] hello\n");
	snprintf(p, sizeof(p), "%s/127.0.0.1-2024-01-03-10:00:00", d);
	mkdir(p, 0755);
	snprintf(p, sizeof(p),
		 "%s/127.0.0.1-2024-01-03-10:00:00/vmcore-dmesg.txt", d);
	write_str(p, "[    2.000000] world\n");
	snprintf(p, sizeof(p), "%s/empty", d);
	mkdir(p, 0755);
	CHECK(bc_kdump_read(d, &it, &n, noop) == 0 && n == 2);
	if (n == 2) {
		CHECK(bc_source_ack(&it[0]) == 0);
		snprintf(p, sizeof(p), "%s/" BC_KDUMP_MARKER, it[0].files[0]);
		CHECK(access(p, F_OK) == 0);
	}
	bc_source_items_free(it, n);
	CHECK(bc_kdump_read(d, &it, &n, noop) == 0 && n == 1);
	bc_source_items_free(it, n);
	done("kdump: dmesg.<stamp> and vmcore-dmesg.txt read, marker stops a second collect");
}

/* 8 records with seq 1..8 in one region, from one encoder-built record. */
static int region8(const char *rec, const char *out)
{
	static uint8_t slot[65536];
	struct bugcheck_region_hdr h;
	struct bugcheck_record_hdr rh;
	const uint32_t ss = 65536, nslots = 8;
	uint8_t *buf;
	size_t len;
	FILE *f;
	uint32_t i;

	f = fopen(rec, "rb");
	if (!f)
		return 1;
	len = fread(slot, 1, sizeof(slot), f);
	fclose(f);
	if (len < sizeof(rh))
		return 1;
	buf = calloc(1, BUGCHECK_REGION_HDR_SIZE + (size_t)ss * nslots);
	if (!buf)
		return 1;
	bc_region_hdr_init(&h, ss, nslots, 1700000000000000000ULL);
	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < nslots; i++) {
		uint8_t *s = buf + BUGCHECK_REGION_HDR_SIZE + (size_t)i * ss;

		memcpy(s, slot, len);
		memcpy(&rh, s, sizeof(rh));
		rh.seq = htole64(i + 1);
		memcpy(s, &rh, sizeof(rh));
		bc_record_seal(s, le32toh(rh.primary_len));
	}
	f = fopen(out, "wb");
	if (!f ||
	    fwrite(buf, 1, BUGCHECK_REGION_HDR_SIZE + (size_t)ss * nslots, f) !=
		    BUGCHECK_REGION_HDR_SIZE + (size_t)ss * nslots ||
	    fclose(f))
		return 1;
	free(buf);
	return 0;
}

/* Scrub standard input (the corpus test of tests/suite-agent-forward.sh). */
static int scrub_stdin(const char *words)
{
	struct bc_scrub s;
	char *buf = NULL, *o;
	size_t size = 0, n;
	FILE *f = open_memstream(&buf, &size);
	char chunk[4096];

	if (!f)
		return 1;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		fwrite(chunk, 1, n, f);
	if (fclose(f))
		return 1;
	bc_scrub_init(&s, words);
	o = bc_scrub_text(&s, buf, size, &n);
	free(buf);
	if (!o)
		return 1;
	fwrite(o, 1, n, stdout);
	free(o);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/bugcheck-report-test.XXXXXX";
	char cmd[128];

	if (argc == 4 && !strcmp(argv[1], "--region8"))
		return region8(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--scrub"))
		return scrub_stdin(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: report_test [--region8 RECORD OUT]\n");
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	test_scrub();
	test_crash_lines();
	test_hash_as_sent();
	test_event_types();
	test_extra();
	test_ids();
	test_config(dir);
	test_spool(dir);
	test_pstore(dir);
	test_kdump(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	printf("# report: %d of %d cases failed\n", failures, cases);
	return failures ? 1 : 0;
}
