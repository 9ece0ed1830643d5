// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the /dev/kmsg record parser (agent/core/kmsg.c), with
 * records written as 6.1's devkmsg_read() writes them
 * (kernel/printk/printk.c info_print_ext_header(), msg_add_ext_text(),
 * msg_add_dict_text(); Documentation/ABI/testing/dev-kmsg) and hostile
 * variants of them: truncated records, bad escapes, huge numbers, a
 * missing ';', continuation lines, embedded NUL bytes.  The last cases
 * run records through the classifier, which reads them with this parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "kmsg.h"

#define TAP_SUITE "kmsg"
#include "tap.h"

/* msg_add_ext_text() of 6.1, in user space: escape, then @endc. */
static size_t ext_text(char *buf, size_t size, const char *text, size_t n,
		       char endc)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < ' ' || c >= 127 || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = endc;
	return o;
}

static size_t hdr(const char *s, struct bc_kmsg_hdr *h)
{
	return bc_kmsg_header(s, strlen(s), h);
}

static void test_header(void)
{
	struct bc_kmsg_hdr h;
	/* the ABI document's examples */
	const char *a = "7,160,424069,-;pci_root PNP0A03:00: host bridge";
	const char *b = "30,340,5690716,-;udevd[80]: starting version 181";

	CHECK(hdr(a, &h) == 15);
	CHECK(h.pri == 7 && bc_kmsg_facility(&h) == 0 && h.seq == 160 &&
	      h.usec == 424069 && h.flags == '-' && !h.caller[0]);
	CHECK(hdr(b, &h) == 17);
	CHECK(h.pri == 30 && bc_kmsg_facility(&h) == 3);
	/* CONFIG_PRINTK_CALLER: ",caller=%c%u" */
	CHECK(hdr("4,12,3000,c,caller=T4242;text", &h) == 25);
	CHECK(h.flags == 'c');
	CHECK_STR(h.caller, "T4242");
	CHECK(hdr("0,1,2,-,caller=C1;x", &h) == 18);
	CHECK_STR(h.caller, "C1");
	/* fields a later kernel may add are skipped, caller= still read */
	CHECK(hdr("6,1,2,-,foo=bar,caller=T7,x=;x", &h) == 29);
	CHECK_STR(h.caller, "T7");
	/* a caller field that is no caller id is skipped */
	CHECK(hdr("6,1,2,-,caller=X7;x", &h) && !h.caller[0]);
	CHECK(hdr("6,1,2,-,caller=T;x", &h) && !h.caller[0]);
	CHECK(hdr("6,1,2,-,caller=T12345678901;x", &h) && !h.caller[0]);
	CHECK(hdr("6,1,2,-,caller=T1a;x", &h) && !h.caller[0]);
	/* an empty text is a record */
	CHECK(hdr("6,1,2,-;", &h) == 8);
	done("headers as info_print_ext_header() writes them");
}

static void test_huge_numbers(void)
{
	struct bc_kmsg_hdr h;

	CHECK(hdr("0,18446744073709551615,18446744073709551615,-;x", &h));
	CHECK(h.seq == UINT64_MAX && h.usec == UINT64_MAX);
	/* 2^64 overflows */
	CHECK(!hdr("0,18446744073709551616,1,-;x", &h));
	CHECK(!hdr("0,1,99999999999999999999,-;x", &h));
	/* more than 20 digits, even with leading zeros */
	CHECK(!hdr("0,000000000000000000001,1,-;x", &h));
	CHECK(hdr("0,00000000000000000001,1,-;x", &h) && h.seq == 1);
	/* PRI: u8 facility << 3 | 3-bit level */
	CHECK(hdr("2047,1,1,-;x", &h) && h.pri == 2047);
	CHECK(!hdr("2048,1,1,-;x", &h));
	CHECK(!hdr("4294967296,1,1,-;x", &h));
	/* no sign, no space, no empty field */
	CHECK(!hdr("-1,1,1,-;x", &h));
	CHECK(!hdr("0,+1,1,-;x", &h));
	CHECK(!hdr("0, 1,1,-;x", &h));
	CHECK(!hdr("0,,1,-;x", &h));
	done("huge numbers");
}

static void test_missing_semicolon(void)
{
	struct bc_kmsg_hdr h;
	char big[BC_KMSG_HDR_MAX + 64];

	CHECK(!hdr("6,1,2,-text", &h));
	CHECK(!hdr("6,1,2,-", &h));
	CHECK(!hdr("6,1,2,-,caller=T1 text", &h));
	CHECK(!hdr("6,1,2;text", &h));
	CHECK(!hdr("6,1,2,x;text", &h));
	CHECK(!hdr("6,1,2,;text", &h));
	CHECK(!hdr("[   12.345678] 6,1,2,-;x", &h));
	/* the ';' must come within BC_KMSG_HDR_MAX bytes */
	memset(big, 'a', sizeof(big));
	memcpy(big, "6,1,2,-,", 8);
	big[BC_KMSG_HDR_MAX - 1] = ';';
	CHECK(bc_kmsg_header(big, sizeof(big), &h) == BC_KMSG_HDR_MAX);
	big[BC_KMSG_HDR_MAX - 1] = 'a';
	big[BC_KMSG_HDR_MAX] = ';';
	CHECK(!bc_kmsg_header(big, sizeof(big), &h));
	/* a line end or NUL inside the header ends it */
	CHECK(!bc_kmsg_header("6,1,2,-,a\n;x", 12, &h));
	CHECK(!bc_kmsg_header("6,1,2,-,a\0;x", 12, &h));
	CHECK(!bc_kmsg_header("6,1\0,2,-;x", 10, &h));
	done("a missing ';' and other broken headers");
}

static void unesc(const char *in, size_t n, const char *want, size_t wn)
{
	char buf[256];
	size_t got;

	memcpy(buf, in, n);
	got = bc_kmsg_unescape(buf, n);
	CHECKF(got == wn && !memcmp(buf, want, wn), "'%.*s' -> '%.*s'", (int)n,
	       in, (int)got, buf);
}

#define UNESC(in, want) unesc(in, sizeof(in) - 1, want, sizeof(want) - 1)

static void test_escapes(void)
{
	char text[256], esc[1100], back[1100];
	size_t i, n, o;

	UNESC("a\\x5cb", "a\\b");
	UNESC("tab\\x09x", "tab\tx");
	UNESC("\\x7F\\xff", "\x7f\xff");
	UNESC("one\\x0atwo", "one\ntwo");
	/* bad escapes stay as they are */
	UNESC("\\xZZ", "\\xZZ");
	UNESC("\\x4g", "\\x4g");
	UNESC("\\q\\ ", "\\q\\ ");
	UNESC("a\\\\x41", "a\\A");
	UNESC("\\X41", "\\X41");
	/* every byte through msg_add_ext_text() and back */
	for (i = 0; i < 256; i++)
		text[i] = (char)i;
	n = ext_text(esc, sizeof(esc), text, 256, '\n') - 1;
	memcpy(back, esc, n);
	n = bc_kmsg_unescape(back, n);
	for (i = 0, o = 0; i < 256; i++)
		if (i != 0 && i != '\r')
			CHECK(o < n && (unsigned char)back[o++] == i);
	CHECK(o == n);
	done("\\xNN escapes of msg_add_ext_text(), bad escapes kept");
}

static void test_truncated(void)
{
	struct bc_kmsg_rec r;
	struct bc_kmsg_hdr h;
	bool ok;
	const char *cut = "6,1,2,-;abc\\x4";

	/* an escape the record's end cut is dropped */
	UNESC("abc\\", "abc");
	UNESC("abc\\x", "abc");
	UNESC("abc\\x4", "abc");
	UNESC("abc\\x41", "abcA");
	/* a header cut anywhere is no header */
	CHECK(!bc_kmsg_header("6,1,2,-;", 7, &h));
	CHECK(!bc_kmsg_header("6,1,2,", 6, &h));
	CHECK(!bc_kmsg_header("6", 1, &h));
	CHECK(!bc_kmsg_header("", 0, &h));
	/* a record without its '\n' */
	CHECK(bc_kmsg_record(cut, strlen(cut), &r, &ok) == strlen(cut));
	CHECK(ok && r.truncated && r.text_len == 6 && !r.dict_len);
	CHECK(bc_kmsg_record("6,1,2,-;x\n", 10, &r, &ok) == 10);
	CHECK(ok && !r.truncated && r.text_len == 1);
	done("truncated records");
}

static void test_continuation(void)
{
	char rec[512];
	size_t n = 0, used;
	struct bc_kmsg_rec r;
	const char *key, *val;
	size_t kl, vl;
	bool ok;

	/* msg_print_ext_body() with a dev_printk_info */
	n += (size_t)sprintf(rec + n, "7,160,424069,-;");
	n += ext_text(rec + n, sizeof(rec) - n,
		      "pci_root PNP0A03:00: host bridge", 32, '\n');
	n += ext_text(rec + n, sizeof(rec) - n, "", 0, ' ');
	n += ext_text(rec + n, sizeof(rec) - n, "SUBSYSTEM", 9, '=');
	n += ext_text(rec + n, sizeof(rec) - n, "acpi", 4, '\n');
	n += ext_text(rec + n, sizeof(rec) - n, "", 0, ' ');
	n += ext_text(rec + n, sizeof(rec) - n, "DEVICE", 6, '=');
	n += ext_text(rec + n, sizeof(rec) - n, "+acpi:PNP0A03:00", 16, '\n');
	n += (size_t)sprintf(rec + n, "6,161,424070,-;next\n");
	used = bc_kmsg_record(rec, n, &r, &ok);
	CHECK(ok && r.h.seq == 160 && r.text_len == 32 && !r.truncated);
	CHECK(r.dict_len ==
	      strlen(" SUBSYSTEM=acpi\n DEVICE=+acpi:PNP0A03:00\n"));
	CHECK(bc_kmsg_dict_line(r.dict, 15, &key, &kl, &val, &vl));
	CHECK(kl == 9 && !memcmp(key, "SUBSYSTEM", 9) && vl == 4 &&
	      !memcmp(val, "acpi", 4));
	used += bc_kmsg_record(rec + used, n - used, &r, &ok);
	CHECK(ok && r.h.seq == 161 && used == n);
	/* console text is no dictionary line */
	CHECK(!bc_kmsg_dict_line("  vfs_write+0xc8/0x3f0", 22, NULL, NULL, NULL,
				 NULL));
	CHECK(!bc_kmsg_dict_line(" =x", 3, NULL, NULL, NULL, NULL));
	CHECK(!bc_kmsg_dict_line(" lower=x", 8, NULL, NULL, NULL, NULL));
	/* a line that is no record is skipped with its continuation */
	n = (size_t)sprintf(rec, "garbage\n A=1\n B=2\n6,5,6,-;ok\n");
	used = bc_kmsg_record(rec, n, &r, &ok);
	CHECK(!ok && used == 18);
	used += bc_kmsg_record(rec + used, n - used, &r, &ok);
	CHECK(ok && r.h.seq == 5 && used == n);
	done("continuation lines (msg_add_dict_text())");
}

static void test_nul(void)
{
	static const char rec[] = "0,1,2,-;a\0b\\x00c\n\0\n0,2,3,-;d\n";
	struct bc_kmsg_rec r;
	char text[64];
	size_t used, n;
	bool ok;

	used = bc_kmsg_record(rec, sizeof(rec) - 1, &r, &ok);
	CHECK(ok && r.text_len == 8);
	memcpy(text, r.text, r.text_len);
	n = bc_kmsg_unescape(text, r.text_len);
	CHECK(n == 3 && !memcmp(text, "abc", 3));
	/* the NUL line is no record; the one after it is */
	used += bc_kmsg_record(rec + used, sizeof(rec) - 1 - used, &r, &ok);
	CHECK(!ok);
	used += bc_kmsg_record(rec + used, sizeof(rec) - 1 - used, &r, &ok);
	CHECK(ok && r.h.seq == 2 && used == sizeof(rec) - 1);
	done("embedded NUL bytes");
}

/* Random bytes and random cuts of a record: bounded, no crash (ASan). */
static void test_garbage(void)
{
	static const char good[] =
		"0,9,12345678,c,caller=T1;\\x41\\x0a\\xZ\\\n X=1\n";
	char buf[128];
	unsigned int seed = 1;
	size_t i, k, n, used;
	struct bc_kmsg_rec r;
	bool ok;

	for (i = 0; i < 200000; i++) {
		n = i % 2 ? sizeof(good) - 1 : (size_t)(rand_r(&seed) % 64);
		if (i % 2) {
			memcpy(buf, good, n);
			buf[rand_r(&seed) % n] = (char)rand_r(&seed);
			n = (size_t)rand_r(&seed) % (n + 1);
		} else {
			for (k = 0; k < n; k++)
				buf[k] = "0123456789,;-c\\x \n\0aT="
					[rand_r(&seed) % 23];
		}
		while (n) {
			used = bc_kmsg_record(buf, n, &r, &ok);
			CHECK(used > 0 && used <= n);
			if (!used || used > n)
				break;
			if (ok) {
				char t[128];

				CHECK(r.text + r.text_len <= buf + n);
				memcpy(t, r.text, r.text_len);
				CHECK(bc_kmsg_unescape(t, r.text_len) <=
				      r.text_len);
			}
			memmove(buf, buf + used, n - used);
			n -= used;
		}
	}
	done("random bytes and damaged records");
}

/* Through the classifier: escapes, a multi-line record, other facilities. */
static void test_classifier(void)
{
	static const char multi[] =
		"0,10,5000000,-;BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		"0,11,5000001,-;Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
		/* one record, two console lines */
		"0,12,5000002,-;CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0-18-amd64 #1\\x0aRIP: 0010:crash_write+0x12/0x40 [bugcheck_crashtest]\n"
		" SUBSYSTEM=cpu\n"
		"0,13,5000003,-;Call Trace:\n"
		"0,14,5000004,-; <TASK>\n"
		"0,15,5000005,-; vfs_write+0xc8/0x3f0\n";
	static const char user[] =
		"14,1,5000000,-;BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		"14,2,5000001,-;RIP: 0010:crash_write+0x12/0x40 [bugcheck_crashtest]\n";
	struct bc_classification c;

	CHECK(bc_classify_buffer(multi, sizeof(multi) - 1, &c) == 1);
	CHECK_STR(
		c.title,
		"BUG: unable to handle kernel NULL pointer dereference in crash_write");
	CHECK_STR(c.image, "bugcheck_crashtest");
	CHECK(bc_classify_buffer(user, sizeof(user) - 1, &c) == 0);
	done("records through the classifier (escaped line end, facility)");
}

int main(void)
{
	test_header();
	test_huge_numbers();
	test_missing_semicolon();
	test_escapes();
	test_truncated();
	test_continuation();
	test_nul();
	test_garbage();
	test_classifier();
	return tap_end();
}
