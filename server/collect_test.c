// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/collect.c: kinds, the size and shape checks of a
 * sample, and the two request bodies of progressive collection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

#define TAP_SUITE "server collect"
#include "tap.h"

static int check(enum collect_kind k, const char *s)
{
	char err[256];

	return collect_check_data(k, s, strlen(s), err, sizeof(err));
}

static void test_kinds(void)
{
	CHECK(collect_kind_parse("log_tail") == COLLECT_LOG_TAIL);
	CHECK(collect_kind_parse("vendor_data") == COLLECT_VENDOR_DATA);
	CHECK(collect_kind_parse("kdump_dmesg") == COLLECT_KDUMP_DMESG);
	CHECK(collect_kind_parse("core") == -EINVAL);
	CHECK(collect_kind_parse(NULL) == -EINVAL);
	CHECK_STR(collect_kind_name(COLLECT_VENDOR_DATA), "vendor_data");
	/* the full tail by default; the vendor's data only when asked */
	CHECK(collect_default_wanted(COLLECT_LOG_TAIL) == 3);
	CHECK(collect_default_wanted(COLLECT_VENDOR_DATA) == 0);
}

static void test_data(void)
{
	static const char uuid[] = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
	char line[200], *big;
	size_t max = collect_max_bytes(COLLECT_LOG_TAIL);

	CHECK(check(COLLECT_LOG_TAIL, "[ 1.0] a\n[ 2.0] b\n") == 0);
	CHECK(check(COLLECT_LOG_TAIL, "") == -EINVAL);
	CHECK(check(COLLECT_KDUMP_DMESG, "caf\xc3\xa9") == 0);
	CHECK(check(COLLECT_KDUMP_DMESG, "bad \xff\xfe") == -EINVAL);
	CHECK(collect_check_data(COLLECT_LOG_TAIL, "a\0b", 3, line,
				 sizeof(line)) == -EINVAL);
	big = malloc(max + 2);
	if (big) {
		memset(big, 'x', max + 1);
		big[max + 1] = '\0';
		CHECK(collect_check_data(COLLECT_LOG_TAIL, big, max, line,
					 sizeof(line)) == 0);
		CHECK(check(COLLECT_LOG_TAIL, big) == -EMSGSIZE);
		free(big);
	}
	snprintf(line, sizeof(line), "%s nicfw 01020304ff\n%s b.2 00\n", uuid,
		 uuid);
	CHECK(check(COLLECT_VENDOR_DATA, line) == 0);
	snprintf(line, sizeof(line), "%s nicfw 0102030\n", uuid); /* odd */
	CHECK(check(COLLECT_VENDOR_DATA, line) == -EINVAL);
	snprintf(line, sizeof(line), "%s nicfw 01AB\n", uuid); /* upper */
	CHECK(check(COLLECT_VENDOR_DATA, line) == -EINVAL);
	snprintf(line, sizeof(line), "%s n/c 01\n", uuid); /* name */
	CHECK(check(COLLECT_VENDOR_DATA, line) == -EINVAL);
	snprintf(line, sizeof(line), "%s abcdefghijklmnopqrstuvwx 01\n", uuid);
	CHECK(check(COLLECT_VENDOR_DATA, line) == -EINVAL); /* 24 chars */
	CHECK(check(COLLECT_VENDOR_DATA, "1b4e28ba-2fa1 x 00\n") == -EINVAL);
	CHECK(check(COLLECT_VENDOR_DATA, "free text\n") == -EINVAL);
}

static void test_bodies(void)
{
	enum collect_kind k = COLLECT_KINDS;
	char err[256], *data = NULL;
	int w[COLLECT_KINDS];
	size_t n = 0;

#define UP(s) \
	collect_decode_upload(s, strlen(s), &k, &data, &n, err, sizeof(err))
	CHECK(UP("{\"kind\":\"log_tail\",\"data\":\"a\\nb\"}") == 0);
	CHECK(k == COLLECT_LOG_TAIL && data && n == 3 && !strcmp(data, "a\nb"));
	free(data);
	data = NULL;
	CHECK(UP("{\"kind\":\"log_tail\",\"data\":\"a\\u0000b\"}") == -EINVAL);
	CHECK(strstr(err, "NUL") != NULL);
	CHECK(UP("{\"kind\":\"core\",\"data\":\"x\"}") == -EINVAL);
	CHECK(strstr(err, "unknown kind") != NULL);
	CHECK(UP("{\"kind\":\"log_tail\",\"data\":7}") == -EINVAL);
	CHECK(UP("{\"kind\":\"log_tail\",\"data\":\"x\",\"more\":1}") ==
	      -EINVAL);
	CHECK(UP("{\"kind\":\"log_tail\"") == -EINVAL);
	CHECK(UP("[1]") == -EINVAL);
	CHECK(UP("{\"kind\":\"log_tail\",\"data\":\"x\"} x") == -EINVAL);
	CHECK(data == NULL);
#undef UP
#define WANT(s) collect_decode_wanted(s, strlen(s), w, err, sizeof(err))
	CHECK(WANT("{\"log_tail\":5,\"kdump_dmesg\":0}") == 0);
	CHECK(w[COLLECT_LOG_TAIL] == 5 && w[COLLECT_KDUMP_DMESG] == 0 &&
	      w[COLLECT_VENDOR_DATA] == -1);
	CHECK(WANT("{}") == 0 && w[COLLECT_LOG_TAIL] == -1);
	CHECK(WANT("{\"log_tail\":-1}") == -EINVAL);
	CHECK(WANT("{\"log_tail\":1001}") == -EINVAL);
	CHECK(WANT("{\"log_tail\":\"3\"}") == -EINVAL);
	CHECK(WANT("{\"log_tail\":2.5}") == -EINVAL);
	CHECK(WANT("{\"cores\":1}") == -EINVAL);
#undef WANT
}

int main(void)
{
	test_kinds();
	done("kinds, names and defaults");
	test_data();
	done("sample checks: size, UTF-8, NUL, vendor lines UUID NAME HEX");
	test_bodies();
	done("upload and wanted bodies: fields, types, ranges, strict JSON");
	return tap_end();
}
