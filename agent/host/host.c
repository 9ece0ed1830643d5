// SPDX-License-Identifier: GPL-2.0
/*
 * What the report builder is told about this machine (host.h): names,
 * os-release, clock, salt and machine id.  Every read is best effort
 * except the salt, whose loss would change the machine id.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

static void read_line_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
}

static void append(char *buf, size_t size, const char *w)
{
	size_t n = strlen(buf);

	if (*w)
		snprintf(buf + n, size - n, "%s%s", n ? " " : "", w);
}

void bc_host_scrub_words(const char *extra, char *buf, size_t size)
{
	char host[256] = "", dom[256], w[512];
	struct addrinfo hints = { 0 }, *ai = NULL;

	buf[0] = '\0';
	if (gethostname(host, sizeof(host) - 1) == 0) {
		host[sizeof(host) - 1] = '\0';
		append(buf, size, host);
		/* the short name of a dotted host name too */
		snprintf(w, sizeof(w), "%s", host);
		w[strcspn(w, ".")] = '\0';
		append(buf, size, w);
	}
	read_line_file("/etc/hostname", w, sizeof(w));
	append(buf, size, w);
	read_line_file("/proc/sys/kernel/domainname", dom, sizeof(dom));
	if (*host && *dom && strcmp(dom, "(none)") && !strchr(host, '.')) {
		snprintf(w, sizeof(w), "%s.%s", host, dom);
		append(buf, size, w);
	}
	/* FQDN as the resolver sees it (/etc/hosts first on Debian) */
	hints.ai_flags = AI_CANONNAME;
	hints.ai_family = AF_UNSPEC;
	if (*host && getaddrinfo(host, NULL, &hints, &ai) == 0) {
		if (ai && ai->ai_canonname)
			append(buf, size, ai->ai_canonname);
		freeaddrinfo(ai);
	}
	if (extra)
		append(buf, size, extra);
}

static void read_os_release(char *buf, size_t size)
{
	char line[512], *v;
	size_t n;
	FILE *f;

	buf[0] = '\0';
	f = fopen("/etc/os-release", "re");
	if (!f)
		f = fopen("/usr/lib/os-release", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "PRETTY_NAME=", 12))
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		v = line + 12;
		n = strlen(v);
		if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
			v[n - 1] = '\0';
			v++;
		}
		/* truncated to @size - 1 bytes, as the report wants it */
		n = strnlen(v, size - 1);
		memcpy(buf, v, n);
		buf[n] = '\0';
		break;
	}
	fclose(f);
}

void bc_host_report_env(struct bc_report_env *env)
{
	read_os_release(env->os_release, sizeof(env->os_release));
	env->collected_at = (int64_t)time(NULL);
}

static int write_salt(const char *dir, char *salt)
{
	char path[PATH_MAX + 8], tmp[PATH_MAX + 16];
	uint8_t r[32];
	int fd, ret = 0;
	ssize_t n;

	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return -EIO;
	bc_hex(r, sizeof(r), salt);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/salt", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	n = write(fd, salt, strlen(salt));
	if (n != (ssize_t)strlen(salt) || fsync(fd))
		ret = -EIO;
	close(fd);
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return 0;
}

int bc_host_machine_id(const char *salt, const char *state_dir,
		       char out[BC_MACHINE_ID_LEN + 1])
{
	char s[129], mid[128], path[PATH_MAX + 8];
	int ret;

	if (*salt) {
		snprintf(s, sizeof(s), "%s", salt);
	} else {
		snprintf(path, sizeof(path), "%s/salt", state_dir);
		read_line_file(path, s, sizeof(s));
		if (strlen(s) < 16) {
			ret = write_salt(state_dir, s);
			if (ret)
				return ret;
		}
	}
	read_line_file("/etc/machine-id", mid, sizeof(mid));
	bc_machine_hash(s, mid, out);
	return 0;
}
