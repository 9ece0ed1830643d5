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
	CHECK(config_set(&c, "listen", "nowhere", err, sizeof(err)) ==
	      -EINVAL);
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

int main(void)
{
	test_set();
	done("set");
	test_file();
	done("file");
	return tap_end();
}
