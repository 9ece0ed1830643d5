// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/utf8.c: RFC 3629 well-formedness and U+FFFD
 * replacement.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define TAP_SUITE "server utf8"
#include "tap.h"

static bool valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void test_valid(void)
{
	CHECK(valid(""));
	CHECK(valid("plain ASCII"));
	CHECK(valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
	CHECK(valid("\xef\xbf\xbd")); /* U+FFFD itself */
	CHECK(valid("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
	CHECK(!valid("\xff\xfe"));
	CHECK(!valid("\xc0\xaf")); /* overlong '/' */
	CHECK(!valid("\xe0\x80\xaf")); /* overlong */
	CHECK(!valid("\xed\xa0\x80")); /* surrogate D800 */
	CHECK(!valid("\xf4\x90\x80\x80")); /* above U+10FFFF */
	CHECK(!valid("\xe2\x82")); /* cut short */
	CHECK(!valid("\x80")); /* lone continuation */
}

static void test_sanitize(void)
{
	char out[16];
	char *d;

	CHECK(utf8_sanitize("a\xff"
			    "b",
			    3, out, sizeof(out)) == 5);
	CHECK_STR(out, "a\xef\xbf\xbd"
		       "b");
	/* a replacement that does not fit is left out, never cut */
	CHECK(utf8_sanitize("abc\xff", 4, out, 6) == 3);
	CHECK_STR(out, "abc");
	/* a valid character that does not fit is not cut either */
	CHECK(utf8_sanitize("ab\xe2\x82\xac", 5, out, 5) == 2);
	CHECK_STR(out, "ab");
	d = utf8_sanitize_dup("\xff\xfe\xfd", 3);
	CHECK(d && strlen(d) == 9 && valid(d));
	free(d);
}

int main(void)
{
	test_valid();
	done("valid");
	test_sanitize();
	done("sanitize");
	return tap_end();
}
