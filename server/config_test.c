// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of server/config.c: one key table for file and options,
 * errors that name file, line, key and value.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "config.h"

#define TAP_SUITE "server config"
#include "tap.h"

static void test_set(void)
{
	struct server_config c;
	char err[256] = "";

	config_defaults(&c);
	CHECK_STR(c.db, CONFIG_DEFAULT_DB);
	CHECK(c.http.quota == 10000 && c.http.window_days == 30);
	CHECK(config_set(&c, "max-conns", "7", err, sizeof(err)) == 0);
	CHECK(config_set(&c, "max_body", "2048", err, sizeof(err)) == 0);
	CHECK(config_set(&c, "quota", "0", err, sizeof(err)) == 0);
	CHECK(c.http.max_conns == 7 && c.http.max_body == 2048 &&
	      c.http.quota == 0);
	CHECK(config_set(&c, "threads", "65", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "'65'") && strstr(err, "threads") &&
	      strstr(err, "1..64"));
	CHECK(config_set(&c, "rate", "-1", err, sizeof(err)) == -EINVAL);
	CHECK(config_set(&c, "bogus", "1", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "unknown key 'bogus'") != NULL);
	CHECK(config_set(&c, "listen", "nowhere", err, sizeof(err)) == -EINVAL);
	CHECK(config_set(&c, "listen", "[::1]:0", err, sizeof(err)) == 0);
	CHECK(config_set(&c, "tls-cert", "/x.pem", err, sizeof(err)) == 0);
	CHECK_STR(c.http.tls_cert, "/x.pem");
	CHECK(c.http.tls_key == NULL);
	CHECK_STR(c.http.listen, "[::1]:0");
}

static void test_file(void)
{
	char path[] = "/tmp/bcsrv-config-XXXXXX", err[512] = "";
	struct server_config c;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fputs("# comment\n\ndb = /tmp/x.sqlite\n  quota=5  \ntimeout = soon\n",
	      f);
	fclose(f);
	config_defaults(&c);
	CHECK(config_read_file(&c, path, err, sizeof(err)) == -EINVAL);
	CHECK_STR(c.db, "/tmp/x.sqlite");
	CHECK(c.http.quota == 5);
	CHECK(strstr(err, path) && strstr(err, ":5:") &&
	      strstr(err, "'soon'") && strstr(err, "timeout"));
	unlink(path);
	CHECK(config_read_file(&c, path, err, sizeof(err)) == -ENOENT);
}

/* lib/conf's rules the server's table does not use: once, required. */
struct two {
	char a[8];
	unsigned int b;
};

static const struct bc_conf_key two_keys[] = {
	{ .name = "a",
	  .flags = BC_CONF_ONCE | BC_CONF_REQUIRED,
	  .kind = BC_CONF_STR,
	  .off = offsetof(struct two, a),
	  .size = sizeof(((struct two *)0)->a) },
	{ .name = "b",
	  .alias = "bee",
	  .flags = BC_CONF_REQUIRED,
	  .kind = BC_CONF_UINT,
	  .off = offsetof(struct two, b),
	  .min = 1,
	  .max = 9 },
};

static int parse_two(const char *text, struct two *t, unsigned int *line,
		     char *why, size_t whylen)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", text);
	memset(t, 0, sizeof(*t));
	return bc_conf_parse(buf, t, two_keys, 2, line, why, whylen);
}

static void test_lib_rules(void)
{
	struct two t;
	unsigned int line;
	char why[256];

	CHECK(parse_two("a = x\n; c\nbee = \"3\"\n", &t, &line, why,
			sizeof(why)) == 0);
	CHECK_STR(t.a, "x");
	CHECK(t.b == 3 && line == 0);
	CHECK(parse_two("b = 1\nb = 2\na = y\n", &t, &line, why, sizeof(why)) ==
	      0);
	CHECK(t.b == 2);
	CHECK(parse_two("a = x\n\na = y\nb = 1\n", &t, &line, why,
			sizeof(why)) == -EINVAL);
	CHECK(line == 3 && strstr(why, "'a' given twice"));
	CHECK(parse_two("a = x\n", &t, &line, why, sizeof(why)) == -EINVAL);
	CHECK(line == 0 && strstr(why, "'b' is missing"));
	CHECK(parse_two("a = x\nb = 10\n", &t, &line, why, sizeof(why)) ==
	      -EINVAL);
	CHECK(line == 2 && strstr(why, "'10'"));
	CHECK(parse_two("a = x\nb\n", &t, &line, why, sizeof(why)) == -EINVAL);
	CHECK(line == 2 && strstr(why, "expected 'key = value'"));
	CHECK(parse_two("a = toolongvalue\nb = 1\n", &t, &line, why,
			sizeof(why)) == -EINVAL);
	CHECK(line == 1 && t.a[0] == '\0');
}

int main(void)
{
	test_set();
	done("set");
	test_file();
	done("file");
	test_lib_rules();
	done("lib/conf: keys given once, required keys, aliases");
	return tap_end();
}
