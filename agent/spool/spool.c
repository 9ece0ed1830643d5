// SPDX-License-Identifier: GPL-2.0
/*
 * The report spool: atomic, durable, deduplicated by report id, with a
 * size cap whose evictions are counted and logged.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spool.h"

bool bc_spool_valid_id(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (!isdigit((unsigned char)id[n]) &&
		    !(id[n] >= 'a' && id[n] <= 'f'))
			return false;
	return n >= 32 && n <= 64;
}

static int open_dir(int at, const char *name, bool create)
{
	int fd;

	if (create && mkdirat(at, name, 0750) && errno != EEXIST)
		return -errno;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Remove temporaries a killed writer left behind. */
static void clean_tmp(int dfd)
{
	struct dirent *de;
	DIR *d;
	int fd = dup(dfd);

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strstr(de->d_name, ".tmp"))
			(void)unlinkat(dfd, de->d_name, 0);
	closedir(d);
}

int bc_spool_open(struct bc_spool *sp, const struct bc_config *c, bool create)
{
	int ret;

	memset(sp, 0, sizeof(*sp));
	sp->dirfd = sp->newfd = sp->sentfd = sp->extrafd = sp->countsfd = -1;
	sp->extra_max_bytes = c->extra_max_bytes;
	sp->extra_keep_secs = (int64_t)c->extra_keep_days * 86400;
	snprintf(sp->path, sizeof(sp->path), "%s", c->spool_dir);
	sp->max_bytes = c->spool_max_bytes;
	sp->max_reports = c->spool_max_reports;
	sp->sent_keep = c->sent_keep;
	if (create && mkdir(c->spool_dir, 0750) && errno != EEXIST)
		return -errno;
	ret = open_dir(AT_FDCWD, c->spool_dir, false);
	if (ret < 0)
		return ret;
	sp->dirfd = ret;
	ret = open_dir(sp->dirfd, "new", create);
	if (ret < 0)
		goto err;
	sp->newfd = ret;
	ret = open_dir(sp->dirfd, "sent", create);
	if (ret < 0)
		goto err;
	sp->sentfd = ret;
	/* a spool made before extra/ existed, opened read-only: no extras */
	ret = open_dir(sp->dirfd, "extra", create);
	if (ret < 0 && (create || ret != -ENOENT))
		goto err;
	sp->extrafd = ret;
	ret = open_dir(sp->dirfd, "counts", create);
	if (ret < 0 && (create || ret != -ENOENT))
		goto err;
	sp->countsfd = ret;
	if (create) {
		clean_tmp(sp->countsfd);
		clean_tmp(sp->newfd);
		clean_tmp(sp->sentfd);
		clean_tmp(sp->extrafd);
		clean_tmp(sp->dirfd);
	}
	return 0;
err:
	bc_spool_close(sp);
	return ret;
}

void bc_spool_close(struct bc_spool *sp)
{
	if (sp->dirfd >= 0)
		close(sp->dirfd);
	if (sp->newfd >= 0)
		close(sp->newfd);
	if (sp->sentfd >= 0)
		close(sp->sentfd);
	if (sp->extrafd >= 0)
		close(sp->extrafd);
	if (sp->countsfd >= 0)
		close(sp->countsfd);
	sp->dirfd = sp->newfd = sp->sentfd = sp->extrafd = sp->countsfd = -1;
}

/* write, fsync, rename, fsync(dir): the file is there whole or not at all */
static int write_atomic(int dfd, const char *name, const char *data, size_t len)
{
	char tmp[128];
	size_t off = 0;
	ssize_t n;
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), ".%.80s.tmp.%d", name, (int)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		off += n;
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -EIO;
	if (!ret && renameat(dfd, tmp, dfd, name))
		ret = -errno;
	if (ret) {
		(void)unlinkat(dfd, tmp, 0);
		return ret;
	}
	return fsync(dfd) ? -errno : 0;
}

static bool exists(int dfd, const char *name)
{
	return faccessat(dfd, name, F_OK, 0) == 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct bc_spool_entry *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int list_dir(int dfd, struct bc_spool_entry **ret, size_t *n)
{
	struct bc_spool_entry *e = NULL, *ne;
	size_t cnt = 0, cap = 0, len;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd;

	fd = dup(dfd);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		if (len < 37 || len > 69 ||
		    strcmp(de->d_name + len - 5, ".json"))
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode))
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			ne = realloc(e, cap * sizeof(*e));
			if (!ne) {
				free(e);
				closedir(d);
				return -ENOMEM;
			}
			e = ne;
		}
		memcpy(e[cnt].id, de->d_name, len - 5);
		e[cnt].id[len - 5] = '\0';
		if (!bc_spool_valid_id(e[cnt].id))
			continue;
		e[cnt].mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
			       st.st_mtim.tv_nsec;
		e[cnt].size = st.st_size;
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(e, cnt, sizeof(*e), entry_cmp);
	*ret = e;
	*n = cnt;
	return 0;
}

int bc_spool_list(struct bc_spool *sp, bool sent, struct bc_spool_entry **ret,
		  size_t *n)
{
	return list_dir(sent ? sp->sentfd : sp->newfd, ret, n);
}

static int read_json_at(int dfd, const char *name, struct json_object **ret)
{
	char *buf;
	struct stat st;
	ssize_t n;
	size_t off = 0;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size > (16 << 20)) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, buf + off, st.st_size - off);
		if (n <= 0)
			break;
		off += n;
	}
	close(fd);
	buf[off] = '\0';
	*ret = json_tokener_parse(buf);
	free(buf);
	if (!*ret || !json_object_is_type(*ret, json_type_object)) {
		json_object_put(*ret);
		*ret = NULL;
		return -EBADMSG;
	}
	return 0;
}

int bc_spool_read(struct bc_spool *sp, bool sent, const char *id,
		  struct json_object **ret)
{
	char name[80];

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	return read_json_at(sent ? sp->sentfd : sp->newfd, name, ret);
}

static int lock(struct bc_spool *sp)
{
	return flock(sp->dirfd, LOCK_EX) ? -errno : 0;
}

static void unlock(struct bc_spool *sp)
{
	(void)flock(sp->dirfd, LOCK_UN);
}

static int state_add_locked(struct bc_spool *sp, const char *key, int64_t n);

int bc_spool_add(struct bc_spool *sp, const char *id, const char *json,
		 size_t len, unsigned int *ret_evicted)
{
	struct bc_spool_entry *e = NULL;
	uint64_t total = 0;
	size_t n = 0, i, first = 0;
	unsigned int evicted = 0;
	char name[80];
	int ret;

	*ret_evicted = 0;
	if (!bc_spool_valid_id(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	ret = lock(sp);
	if (ret)
		return ret;
	if (exists(sp->newfd, name) || exists(sp->sentfd, name)) {
		ret = 0;
		goto out;
	}
	ret = list_dir(sp->newfd, &e, &n);
	if (ret)
		goto out;
	for (i = 0; i < n; i++)
		total += e[i].size;
	/* Make room: oldest first, never silently. */
	while (first < n && (n - first + 1 > sp->max_reports ||
			     total + len > sp->max_bytes)) {
		char victim[80];

		snprintf(victim, sizeof(victim), "%s.json", e[first].id);
		if (unlinkat(sp->newfd, victim, 0) == 0) {
			if (sp->on_evict)
				sp->on_evict(sp, e[first].id, n - first, total);
			evicted++;
		}
		total -= e[first].size;
		first++;
	}
	if (evicted) {
		(void)fsync(sp->newfd);
		(void)state_add_locked(sp, "evicted", evicted);
	}
	ret = write_atomic(sp->newfd, name, json, len);
	if (!ret)
		ret = 1;
out:
	unlock(sp);
	free(e);
	*ret_evicted = evicted;
	return ret;
}

static int write_json_at(int dfd, const char *name, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return -ENOMEM;
	return write_atomic(dfd, name, s, strlen(s));
}

/* Keep the newest sent_keep metadata files. */
static void prune_sent(struct bc_spool *sp)
{
	struct bc_spool_entry *e = NULL;
	char name[80];
	size_t n = 0, i;

	if (list_dir(sp->sentfd, &e, &n))
		return;
	for (i = 0; n > sp->sent_keep && i < n - sp->sent_keep; i++) {
		snprintf(name, sizeof(name), "%s.json", e[i].id);
		(void)unlinkat(sp->sentfd, name, 0);
	}
	free(e);
}

int bc_spool_mark_sent(struct bc_spool *sp, const char *id,
		       struct json_object *meta)
{
	char name[80];
	int ret;

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	ret = write_json_at(sp->sentfd, name, meta);
	if (ret)
		return ret;
	if (unlinkat(sp->newfd, name, 0) && errno != ENOENT)
		return -errno;
	if (fsync(sp->newfd))
		return -errno;
	prune_sent(sp);
	return 0;
}

int bc_spool_update_sent(struct bc_spool *sp, const char *id,
			 struct json_object *meta)
{
	char name[80];

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	return write_json_at(sp->sentfd, name, meta);
}

struct json_object *bc_spool_state(struct bc_spool *sp)
{
	struct json_object *o = NULL;

	if (read_json_at(sp->dirfd, "state.json", &o))
		o = json_object_new_object();
	return o;
}

static int state_set_locked(struct bc_spool *sp, const char *key,
			    struct json_object *val)
{
	struct json_object *o = bc_spool_state(sp);
	int ret;

	json_object_object_add(o, key, val);
	ret = write_json_at(sp->dirfd, "state.json", o);
	json_object_put(o);
	return ret;
}

static int state_add_locked(struct bc_spool *sp, const char *key, int64_t n)
{
	struct json_object *o = bc_spool_state(sp), *v;
	int64_t cur = 0;
	int ret;

	if (json_object_object_get_ex(o, key, &v))
		cur = json_object_get_int64(v);
	json_object_object_add(o, key, json_object_new_int64(cur + n));
	ret = write_json_at(sp->dirfd, "state.json", o);
	json_object_put(o);
	return ret;
}

int bc_spool_state_set(struct bc_spool *sp, const char *key,
		       struct json_object *val)
{
	int ret = lock(sp);

	if (ret) {
		json_object_put(val);
		return ret;
	}
	ret = state_set_locked(sp, key, val);
	unlock(sp);
	return ret;
}

int bc_spool_state_add(struct bc_spool *sp, const char *key, int64_t n)
{
	int ret = lock(sp);

	if (ret)
		return ret;
	ret = state_add_locked(sp, key, n);
	unlock(sp);
	return ret;
}

/* ---- extra data of sent reports ---- */

int bc_spool_extra_keep(struct bc_spool *sp, const char *id)
{
	char name[80];

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	if (sp->extrafd < 0)
		return -ENOENT;
	snprintf(name, sizeof(name), "%s.json", id);
	if (linkat(sp->newfd, name, sp->extrafd, name, 0) && errno != EEXIST)
		return -errno;
	/* the age counts from the send, not from the collect */
	if (utimensat(sp->extrafd, name, NULL, 0) || fsync(sp->extrafd))
		return -errno;
	(void)bc_spool_extra_prune(sp, time(NULL));
	return 0;
}

int bc_spool_extra_read(struct bc_spool *sp, const char *id,
			struct json_object **ret)
{
	char name[80];

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	if (sp->extrafd < 0)
		return -ENOENT;
	snprintf(name, sizeof(name), "%s.json", id);
	return read_json_at(sp->extrafd, name, ret);
}

bool bc_spool_extra_has(struct bc_spool *sp, const char *id)
{
	char name[80];

	if (sp->extrafd < 0 || !bc_spool_valid_id(id))
		return false;
	snprintf(name, sizeof(name), "%s.json", id);
	return exists(sp->extrafd, name);
}

int bc_spool_extra_prune(struct bc_spool *sp, int64_t now)
{
	struct bc_spool_entry *e = NULL;
	uint64_t total = 0;
	size_t n = 0, i;
	char name[80];
	int ret, dropped = 0;

	if (sp->extrafd < 0)
		return 0;
	ret = lock(sp);
	if (ret)
		return ret;
	ret = list_dir(sp->extrafd, &e, &n);
	if (ret)
		goto out;
	for (i = 0; i < n; i++)
		total += e[i].size;
	/* oldest first: expired ones, then while over the cap */
	for (i = 0; i < n; i++) {
		bool old = e[i].mtime / 1000000000LL + sp->extra_keep_secs <
			   now;

		if (!old && total <= sp->extra_max_bytes)
			break;
		snprintf(name, sizeof(name), "%s.json", e[i].id);
		if (unlinkat(sp->extrafd, name, 0) == 0) {
			dropped++;
			if (sp->on_extra_drop)
				sp->on_extra_drop(sp, e[i].id,
						  old ? "expired" :
							"over extra_max_bytes");
		}
		total -= e[i].size;
	}
	if (dropped) {
		(void)fsync(sp->extrafd);
		(void)state_add_locked(sp, "extra_dropped", dropped);
	}
	ret = dropped;
out:
	unlock(sp);
	free(e);
	return ret;
}

int bc_spool_update_new(struct bc_spool *sp, const char *id,
			struct json_object *report)
{
	char name[80];
	int ret;

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	if (exists(sp->sentfd, name))
		return -EALREADY;
	if (!exists(sp->newfd, name))
		return -ENOENT;
	ret = write_json_at(sp->newfd, name, report);
	if (ret)
		return ret;
	/*
	 * bc_spool_mark_sent() writes sent/ before it removes new/: if it
	 * ran between the checks and the write, the write re-created a
	 * report the server already has, and it goes again.
	 */
	if (exists(sp->sentfd, name)) {
		(void)unlinkat(sp->newfd, name, 0);
		return -EALREADY;
	}
	return 0;
}

/* ---- counts of live reports ---- */

int bc_spool_count_get(struct bc_spool *sp, const char *id, uint64_t *count)
{
	struct json_object *o, *v;
	char name[80];
	int64_t n;
	int ret;

	*count = 0;
	if (!bc_spool_valid_id(id))
		return -EINVAL;
	if (sp->countsfd < 0)
		return -ENOENT;
	snprintf(name, sizeof(name), "%s.json", id);
	ret = read_json_at(sp->countsfd, name, &o);
	if (ret)
		return ret;
	if (!json_object_object_get_ex(o, "count", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    (n = json_object_get_int64(v)) <= 0)
		ret = -EBADMSG;
	else
		*count = (uint64_t)n;
	json_object_put(o);
	return ret;
}

int bc_spool_count_set(struct bc_spool *sp, const char *id, uint64_t count)
{
	char name[80], buf[48];
	uint64_t old = 0;
	int ret, len;

	if (!bc_spool_valid_id(id) || !count || count > INT64_MAX)
		return -EINVAL;
	if (sp->countsfd < 0)
		return -ENOENT;
	snprintf(name, sizeof(name), "%s.json", id);
	ret = lock(sp);
	if (ret)
		return ret;
	/* absolute and growing: a stale writer cannot lower it */
	if (!bc_spool_count_get(sp, id, &old) && old >= count) {
		unlock(sp);
		return 0;
	}
	len = snprintf(buf, sizeof(buf), "{\"count\":%llu}",
		       (unsigned long long)count);
	ret = write_atomic(sp->countsfd, name, buf, (size_t)len);
	unlock(sp);
	return ret;
}

int bc_spool_count_list(struct bc_spool *sp, struct bc_spool_entry **ret,
			size_t *n)
{
	if (sp->countsfd < 0) {
		*ret = NULL;
		*n = 0;
		return 0;
	}
	return list_dir(sp->countsfd, ret, n);
}

int bc_spool_count_drop(struct bc_spool *sp, const char *id)
{
	char name[80];

	if (!bc_spool_valid_id(id))
		return -EINVAL;
	if (sp->countsfd < 0)
		return 0;
	snprintf(name, sizeof(name), "%s.json", id);
	if (unlinkat(sp->countsfd, name, 0) && errno != ENOENT)
		return -errno;
	return 0;
}
