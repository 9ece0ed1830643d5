// SPDX-License-Identifier: GPL-2.0
/*
 * pstore and kdump readers.
 *
 * pstore (fs/pstore/platform.c, pstore_dump()): one kernel dump is split
 * into parts of the backend's record size, each its own file
 * "dmesg-<backend>-<id>" starting with the line "<Why>#<count> Part<n>".
 * Part 1 holds the end of the log (the crash), higher parts hold older
 * text, so the log is PartN + ... + Part1.  ramoops appends an ECC status
 * line; the file times are the dump time.  The dump counter restarts every
 * boot, so parts are grouped by reason, counter and time.
 *
 * kdump: kdump-tools writes /var/crash/<YYYYMMDDHHMM>/dmesg.<YYYYMMDDHHMM>
 * next to the dump; kexec-tools' vmcore-dmesg and makedumpfile
 * --dump-dmesg write the same console text ("[    1.234567] msg").
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sources.h"

/* Parts further apart than this are different dumps. */
#define PART_GAP_SECS 120

static int read_capped(int dfd, const char *name, char **ret, size_t *len,
		       struct stat *st)
{
	size_t cap, off = 0;
	char *buf;
	ssize_t n;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		return -EINVAL;
	}
	cap = BC_SOURCE_FILE_MAX;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (off < cap) {
		n = read(fd, buf + off, cap - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	close(fd);
	buf[off] = '\0';
	*ret = buf;
	*len = off;
	return 0;
}

/* NUL bytes would end the text early for C string users. */
static void no_nul(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!s[i])
			s[i] = '?';
}

struct part {
	char name[NAME_MAX + 1];
	char why[16];
	int count;
	unsigned int part;
	time_t t;
	char *body; /* after the header line, ECC line removed */
	size_t len;
	bool used;
};

/* "<Why>#<count> Part<n>\n"; returns the header length or 0. */
static size_t parse_header(const char *s, size_t len, struct part *p)
{
	size_t i = 0, w = 0;
	unsigned long v;
	char *end;

	while (i < len && isalpha((unsigned char)s[i]) &&
	       w < sizeof(p->why) - 1)
		p->why[w++] = s[i++];
	p->why[w] = '\0';
	if (!w || i >= len || s[i] != '#' || !isdigit((unsigned char)s[i + 1]))
		return 0;
	errno = 0;
	v = strtoul(s + i + 1, &end, 10);
	if (errno || v > 1000000 || (size_t)(end - s) + 5 > len ||
	    strncmp(end, " Part", 5))
		return 0;
	p->count = (int)v;
	if (!isdigit((unsigned char)end[5]))
		return 0;
	v = strtoul(end + 5, &end, 10);
	if (errno || v < 1 || v > 100000 || (size_t)(end - s) >= len ||
	    *end != '\n')
		return 0;
	p->part = (unsigned int)v;
	return (size_t)(end - s) + 1;
}

static void strip_ecc(char *s, size_t *len)
{
	char *e, *nl;

	if (*len < 6)
		return;
	/* persistent_ram_ecc_string(): "\nECC: ...\n" at the very end */
	s[*len] = '\0';
	e = strstr(s + (*len > 128 ? *len - 128 : 0), "\nECC: ");
	nl = e ? strchr(e + 1, '\n') : NULL;
	if (e && (!nl || !nl[1])) {
		*len = (size_t)(e - s);
		s[*len] = '\0';
	}
}

static int part_cmp(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->count != y->count)
		return x->count - y->count;
	return (int)y->part - (int)x->part; /* oldest text first */
}

static int add_item(struct bc_source_item **items, size_t *n,
		    struct bc_source_item *it)
{
	struct bc_source_item *ni;

	ni = realloc(*items, (*n + 1) * sizeof(**items));
	if (!ni)
		return -ENOMEM;
	*items = ni;
	ni[*n] = *it;
	(*n)++;
	return 0;
}

static bool pstore_name(const char *name, bool *compressed)
{
	size_t len = strlen(name);

	if (strncmp(name, "dmesg-", 6))
		return false;
	*compressed = len > 6 && !strcmp(name + len - 6, ".enc.z");
	return true;
}

/*
 * Read every uncompressed dump file in @dir into *@ret_parts (*@ret_n
 * entries, header stripped), sorted; the caller frees them even on an
 * error.  Returns 0 or -ENOMEM.
 */
static int pstore_parts(DIR *d, const char *dir, struct part **ret_parts,
			size_t *ret_n, void (*warn)(const char *msg))
{
	char msg[PATH_MAX + 128], *buf;
	struct part *parts = NULL, *np;
	size_t np_n = 0, hl, total;
	struct dirent *de;
	struct stat st;
	int dfd = dirfd(d), ret = 0;
	bool comp;

	while ((de = readdir(d))) {
		if (!pstore_name(de->d_name, &comp))
			continue;
		if (comp) {
			snprintf(
				msg, sizeof(msg),
				"%s/%s: compressed dump pstore could not decompress; left in place",
				dir, de->d_name);
			warn(msg);
			continue;
		}
		if (np_n == 256) {
			warn("pstore: more than 256 dump files; reading the first 256");
			break;
		}
		np = realloc(parts, (np_n + 1) * sizeof(*parts));
		if (!np) {
			ret = -ENOMEM;
			break;
		}
		parts = np;
		memset(&parts[np_n], 0, sizeof(*parts));
		if (read_capped(dfd, de->d_name, &buf, &total, &st))
			continue;
		hl = parse_header(buf, total, &parts[np_n]);
		if (!hl) {
			snprintf(
				msg, sizeof(msg),
				"%s/%s: no \"<reason>#<n> Part<n>\" header; left in place",
				dir, de->d_name);
			warn(msg);
			free(buf);
			continue;
		}
		memmove(buf, buf + hl, total - hl + 1);
		total -= hl;
		strip_ecc(buf, &total);
		no_nul(buf, total);
		snprintf(parts[np_n].name, sizeof(parts[np_n].name), "%s",
			 de->d_name);
		parts[np_n].t = st.st_mtim.tv_sec;
		parts[np_n].body = buf;
		parts[np_n].len = total;
		np_n++;
	}
	if (np_n)
		qsort(parts, np_n, sizeof(*parts), part_cmp);
	*ret_parts = parts;
	*ret_n = np_n;
	return ret;
}

/* Whether an unused part belongs to the dump @it is being built from. */
static bool same_dump(const struct part *p, const struct bc_source_item *it)
{
	return !p->used && !strcmp(p->why, it->why) && p->count == it->count &&
	       p->t - it->crash_time <= PART_GAP_SECS;
}

/*
 * Put the dump that starts at @parts[@i] back together into @it, marking
 * its parts used.  Returns 0 or -ENOMEM.
 */
static int pstore_join(struct part *parts, size_t np_n, size_t i,
		       const char *dir, struct bc_source_item *it)
{
	size_t j, total = 0, off = 0;
	unsigned int k = 0;

	memset(it, 0, sizeof(*it));
	it->source = "pstore";
	it->crash_time = parts[i].t;
	snprintf(it->why, sizeof(it->why), "%s", parts[i].why);
	it->count = parts[i].count;
	it->files = calloc(BC_SOURCE_MAX_PARTS, sizeof(*it->files));
	for (j = i; j < np_n; j++)
		if (same_dump(&parts[j], it))
			total += parts[j].len;
	it->text = malloc(total + 1);
	if (!it->text || !it->files) {
		free(it->text);
		free(it->files);
		return -ENOMEM;
	}
	/* sorted: oldest text (highest part) first within a dump */
	for (j = i; j < np_n; j++) {
		if (!same_dump(&parts[j], it))
			continue;
		if (k == BC_SOURCE_MAX_PARTS)
			break;
		memcpy(it->text + off, parts[j].body, parts[j].len);
		off += parts[j].len;
		snprintf(it->files[k++], PATH_MAX, "%s/%s", dir, parts[j].name);
		if (parts[j].t > it->crash_time)
			it->crash_time = parts[j].t;
		parts[j].used = true;
	}
	it->text[off] = '\0';
	it->len = off;
	it->nfiles = k;
	snprintf(it->origin, sizeof(it->origin), "%s", it->files[k - 1]);
	return 0;
}

int bc_pstore_read(const char *dir, struct bc_source_item **ret, size_t *n,
		   void (*warn)(const char *msg))
{
	struct part *parts = NULL;
	struct bc_source_item it;
	size_t np_n = 0, i;
	DIR *d;
	int ret2;

	*ret = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	ret2 = pstore_parts(d, dir, &parts, &np_n, warn);
	for (i = 0; !ret2 && i < np_n; i++) {
		if (parts[i].used)
			continue;
		/* Only crash dumps: not Shutdown/Emergency (reboot, halt). */
		if (strcmp(parts[i].why, "Oops") &&
		    strcmp(parts[i].why, "Panic")) {
			parts[i].used = true;
			continue;
		}
		ret2 = pstore_join(parts, np_n, i, dir, &it);
		if (ret2)
			break;
		ret2 = add_item(ret, n, &it);
		if (ret2) {
			free(it.text);
			free(it.files);
		}
	}
	for (i = 0; i < np_n; i++)
		free(parts[i].body);
	free(parts);
	closedir(d);
	if (ret2) {
		bc_source_items_free(*ret, *n);
		*ret = NULL;
		*n = 0;
	}
	return ret2;
}

/* YYYYMMDDHHMM (kdump-tools, local time) anywhere in @s. */
static bool stamp_time(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	size_t i, run = 0;

	for (i = 0; s[i]; i++) {
		run = isdigit((unsigned char)s[i]) ? run + 1 : 0;
		if (run == 12 && !isdigit((unsigned char)s[i + 1])) {
			const char *p = s + i - 11;

			if (sscanf(p, "%4d%2d%2d%2d%2d", &tm.tm_year,
				   &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
				   &tm.tm_min) != 5)
				return false;
			if (tm.tm_year < 1970 || tm.tm_mon < 1 ||
			    tm.tm_mon > 12 || tm.tm_mday < 1 ||
			    tm.tm_mday > 31 || tm.tm_hour > 23 ||
			    tm.tm_min > 59)
				return false;
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			tm.tm_isdst = -1;
			*t = mktime(&tm);
			return *t != (time_t)-1;
		}
	}
	return false;
}

static bool kdump_file(const char *name)
{
	return !strcmp(name, "vmcore-dmesg.txt") ||
	       !strcmp(name, "dmesg.txt") || !strcmp(name, "dmesg") ||
	       (!strncmp(name, "dmesg.", 6) && isdigit((unsigned char)name[6]));
}

int bc_kdump_read(const char *dir, struct bc_source_item **ret, size_t *n,
		  void (*warn)(const char *msg))
{
	struct bc_source_item it;
	struct dirent *de, *fe;
	char msg[PATH_MAX + 128], sub[PATH_MAX], best[NAME_MAX + 1];
	struct stat st;
	DIR *d, *sd;
	int ret2 = 0, sfd;
	char *buf;
	size_t len;

	*ret = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (lstat(sub, &st) || !S_ISDIR(st.st_mode))
			continue;
		sd = opendir(sub);
		if (!sd)
			continue;
		sfd = dirfd(sd);
		if (faccessat(sfd, BC_KDUMP_MARKER, F_OK, 0) == 0) {
			closedir(sd);
			continue;
		}
		best[0] = '\0';
		while ((fe = readdir(sd)))
			if (kdump_file(fe->d_name) &&
			    (!best[0] || strcmp(fe->d_name, best) > 0))
				snprintf(best, sizeof(best), "%s", fe->d_name);
		if (!best[0]) {
			closedir(sd);
			continue;
		}
		if (read_capped(sfd, best, &buf, &len, &st)) {
			snprintf(msg, sizeof(msg),
				 "%s/%s: cannot read; skipped", sub, best);
			warn(msg);
			closedir(sd);
			continue;
		}
		closedir(sd);
		if (!len) {
			free(buf);
			continue;
		}
		no_nul(buf, len);
		memset(&it, 0, sizeof(it));
		it.source = "kdump";
		it.text = buf;
		it.len = len;
		if (!stamp_time(de->d_name, &it.crash_time) &&
		    !stamp_time(best, &it.crash_time))
			it.crash_time = st.st_mtim.tv_sec;
		snprintf(it.origin, sizeof(it.origin), "%s", sub);
		it.files = calloc(1, sizeof(*it.files));
		if (!it.files) {
			free(buf);
			ret2 = -ENOMEM;
			break;
		}
		snprintf(it.files[0], PATH_MAX, "%s", sub);
		it.nfiles = 1;
		ret2 = add_item(ret, n, &it);
		if (ret2) {
			free(buf);
			free(it.files);
			break;
		}
	}
	closedir(d);
	if (ret2) {
		bc_source_items_free(*ret, *n);
		*ret = NULL;
		*n = 0;
	}
	return ret2;
}

int bc_source_ack(const struct bc_source_item *it)
{
	char path[PATH_MAX + 32];
	unsigned int i;
	int fd, dfd;

	if (!strcmp(it->source, "kdump")) {
		/* The dump stays for the administrator; we only mark it. */
		snprintf(path, sizeof(path), "%s/%s", it->files[0],
			 BC_KDUMP_MARKER);
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return -errno;
		if (fsync(fd)) {
			close(fd);
			return -errno;
		}
		close(fd);
		dfd = open(it->files[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		return 0;
	}
	/* pstore: removing the file frees the backend's record */
	for (i = 0; i < it->nfiles; i++)
		if (unlink(it->files[i]) && errno != ENOENT)
			return -errno;
	return 0;
}

void bc_source_items_free(struct bc_source_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].text);
		free(items[i].files);
	}
	free(items);
}
