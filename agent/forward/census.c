// SPDX-License-Identifier: GPL-2.0
/*
 * Building the daily census (census.h).  Everything is read from proc_dir
 * and sys_dir (/proc and /sys unless the configuration says otherwise),
 * so the tests can give it a module list; nothing in it names the host or
 * says where a module sits in memory (the address column of /proc/modules
 * is skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "census.h"
#include "host.h"

struct mod {
	char name[57];
	char version[65];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct mod *)a)->name,
		      ((const struct mod *)b)->name);
}

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 56)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* First line of @path, printable ASCII only (others become '?'). */
static void read_version(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "re");
	char line[256];

	out[0] = '\0';
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		size_t n;

		line[strcspn(line, "\r\n")] = '\0';
		n = strnlen(line, size - 1);
		for (size_t i = 0; i < n; i++)
			out[i] = line[i] >= 0x20 && line[i] < 0x7f ? line[i] :
								     '?';
		out[n] = '\0';
	}
	fclose(f);
}

/*
 * The taint letters of a /proc/modules line: the last "(...)" group, as
 * module_flags() prints it (letters, then '+' or '-' for a module being
 * loaded or unloaded).
 */
static bool out_of_tree(const char *line)
{
	const char *open = strrchr(line, '('), *close;

	if (!open)
		return false;
	close = strchr(open, ')');
	for (const char *p = open + 1; close && p < close; p++)
		if (*p == 'O' || *p == 'E')
			return true;
	return false;
}

static int read_modules(const struct bc_config *c, struct mod **ret,
			size_t *ret_n, char *err, size_t errlen)
{
	char path[PATH_MAX + 64], line[1024], name[128];
	struct mod *m = NULL, *grown;
	size_t n = 0;
	FILE *f;

	*ret = NULL;
	*ret_n = 0;
	snprintf(path, sizeof(path), "%s/modules", c->proc_dir);
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0; /* no loadable modules */
		snprintf(err, errlen, "cannot read '%.300s': %s", path,
			 strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s", name) != 1 || !name_ok(name) ||
		    !out_of_tree(line))
			continue;
		grown = realloc(m, (n + 1) * sizeof(*m));
		if (!grown) {
			fclose(f);
			free(m);
			return -ENOMEM;
		}
		m = grown;
		snprintf(m[n].name, sizeof(m[n].name), "%s", name);
		snprintf(path, sizeof(path), "%s/module/%s/version", c->sys_dir,
			 name);
		read_version(path, m[n].version, sizeof(m[n].version));
		n++;
	}
	fclose(f);
	if (n)
		qsort(m, n, sizeof(*m), by_name);
	*ret = m;
	*ret_n = n;
	return 0;
}

static void kernel_release(const struct bc_config *c, char *out, size_t size)
{
	char path[PATH_MAX + 32];
	struct utsname u;

	snprintf(path, sizeof(path), "%s/sys/kernel/osrelease", c->proc_dir);
	read_version(path, out, size);
	if (!*out && !uname(&u))
		snprintf(out, size, "%s", u.release);
	/* the server takes printable ASCII without spaces */
	for (char *p = out; *p; p++)
		if (*p == ' ' || *p == '?')
			*p = '_';
	if (!*out)
		snprintf(out, size, "unknown");
}

int bc_census_build(const struct bc_config *c, const char *mid,
		    struct json_object **ret, char *err, size_t errlen)
{
	struct bc_report_env env;
	struct json_object *o, *a, *e;
	struct mod *m;
	char rel[65];
	size_t n;
	int r;

	*ret = NULL;
	r = read_modules(c, &m, &n, err, errlen);
	if (r)
		return r;
	bc_host_report_env(&env);
	kernel_release(c, rel, sizeof(rel));
	o = json_object_new_object();
	json_object_object_add(o, "machine_id", json_object_new_string(mid));
	json_object_object_add(o, "kernel_release",
			       json_object_new_string(rel));
	json_object_object_add(o, "os_release",
			       json_object_new_string(env.os_release));
	json_object_object_add(o, "device_type",
			       json_object_new_string(c->device_type));
	if (*c->market)
		json_object_object_add(o, "market",
				       json_object_new_string(c->market));
	a = json_object_new_array();
	for (size_t i = 0; i < n && i < BC_CENSUS_MODULES_MAX; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "name",
				       json_object_new_string(m[i].name));
		json_object_object_add(e, "version",
				       json_object_new_string(m[i].version));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "modules", a);
	free(m);
	*ret = o;
	return 0;
}
