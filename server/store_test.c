// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/store.c: which backend a --db names, and the form
 * of it that may be logged (no password).
 */
#include <string.h>

#include "store.h"

#define TAP_SUITE "server store"
#include "tap.h"

static const char *shown(const char *spec)
{
	static char buf[512];

	store_spec_redact(spec, buf, sizeof(buf));
	return buf;
}

static void test_is_pg(void)
{
	CHECK(store_is_pg("postgresql://db.example/bugcheck"));
	CHECK(store_is_pg("postgres:///bugcheck?host=/run/postgresql"));
	CHECK(!store_is_pg("/var/lib/bugcheck-server/reports.sqlite"));
	CHECK(!store_is_pg("postgresql:/x")); /* no "//": a relative path */
	CHECK(!store_is_pg("./postgresql://x"));
	CHECK(!store_is_pg(""));
}

static void test_redact(void)
{
	CHECK_STR(shown("/srv/a:b@c.sqlite"), "/srv/a:b@c.sqlite");
	CHECK_STR(shown("postgresql://db/x"), "postgresql://db/x");
	CHECK_STR(shown("postgresql://bc@db/x"), "postgresql://bc@db/x");
	CHECK_STR(shown("postgresql://bc:s3cret@db:5432/x"),
		  "postgresql://bc:***@db:5432/x");
	CHECK_STR(shown("postgres://bc:p@ss:w@db/x"), "postgres://bc:***@db/x");
	/* an '@' after the host part is not user information */
	CHECK_STR(shown("postgresql://db/x?application_name=a:b@c"),
		  "postgresql://db/x?application_name=a:b@c");
	CHECK_STR(shown("postgresql:///x?host=/run&password=hunter2&user=bc"),
		  "postgresql:///x?host=/run&password=***&user=bc");
	CHECK_STR(shown("postgresql:///x?password=hunter2"),
		  "postgresql:///x?password=***");
	CHECK(!strstr(shown("postgresql://u:hunter2@h/d?password=hunter2"),
		      "hunter2"));
}

int main(void)
{
	test_is_pg();
	done("is_pg");
	test_redact();
	done("redact");
	return tap_end();
}
