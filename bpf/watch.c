// SPDX-License-Identifier: GPL-2.0
/*
 * User-space loader of bpf/watch.bpf.c (API in agent/live/live_bpf.h):
 * open, keep the programs this kernel can attach, load, attach each, make
 * the ring buffer.  One cleanup path tears it down in reverse.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "live_bpf.h"
#include "log.h"
#include "watch.skel.h"

struct bc_watch_bpf {
	struct watch_bpf *skel;
	struct ring_buffer *rb;
	bc_watch_event_fn fn;
	void *ctx;
	char attached[256]; /* names of the attached programs */
	struct bpf_link *links[16]; /* detached before the object goes */
	size_t nlinks;
};

static void detach_all(struct bc_watch_bpf *w)
{
	while (w->nlinks)
		bpf_link__destroy(w->links[--w->nlinks]);
}

/* libbpf's messages: the last warning is kept for the caller's "why". */
static char last_libbpf[512];
static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	char line[512];
	size_t n;

	if (level == LIBBPF_DEBUG && !libbpf_verbose)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
	if (level == LIBBPF_DEBUG) {
		bc_log(LOG_DEBUG, "libbpf: %s\n", line);
		return 0;
	}
	snprintf(last_libbpf, sizeof(last_libbpf), "%s", line);
	return 0;
}

/* The kernel's lockdown mode, from security/lockdown/lockdown.c's file. */
static bool lockdown_confidential(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strstr(buf, "[confidentiality]") != NULL;
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct bc_watch_bpf *w = ctx;

	if (len < sizeof(struct watch_event))
		return 0; /* not ours: a layout mismatch is ignored */
	return w->fn(w->ctx, data, len);
}

/*
 * A tp_btf program whose tracepoint this kernel lacks would fail the
 * whole load; such programs are not loaded (the "btf_trace_<name>" typedef
 * is how vmlinux BTF names a raw tracepoint).
 */
static void keep_known(struct watch_bpf *s, const struct btf *vmlinux)
{
	struct bpf_program *p;
	char name[128];

	bpf_object__for_each_program(p, s->obj) {
		const char *sec = bpf_program__section_name(p);

		if (strncmp(sec, "tp_btf/", 7))
			continue;
		snprintf(name, sizeof(name), "btf_trace_%s", sec + 7);
		if (btf__find_by_name_kind(vmlinux, name, BTF_KIND_TYPEDEF) < 0)
			bpf_program__set_autoload(p, false);
	}
}

int bc_watch_bpf_open(struct bc_watch_bpf **ret, bc_watch_event_fn fn,
		      void *ctx, char *why, size_t whylen)
{
	struct bc_watch_bpf *w;
	struct bpf_program *p;
	struct btf *vmlinux;
	size_t off = 0;
	int err;

	libbpf_verbose = getenv("BUGCHECK_BPF_DEBUG") != NULL;
	libbpf_set_print(libbpf_print);
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(why, whylen,
			 "no kernel BTF (/sys/kernel/btf/vmlinux: %s)",
			 strerror(errno));
		return -ENOENT;
	}
	if (lockdown_confidential()) {
		snprintf(
			why, whylen,
			"kernel lockdown is in confidentiality mode (BPF may not read kernel memory)");
		return -EPERM;
	}
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		err = -errno;
		snprintf(why, whylen, "cannot read the kernel's BTF: %s",
			 strerror(-err));
		return err;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		btf__free(vmlinux);
		return -ENOMEM;
	}
	w->fn = fn;
	w->ctx = ctx;
	w->skel = watch_bpf__open();
	if (!w->skel) {
		err = -errno;
		snprintf(why, whylen, "cannot open the BPF object: %s",
			 last_libbpf);
		goto err_free;
	}
	keep_known(w->skel, vmlinux);
	err = watch_bpf__load(w->skel);
	if (err) {
		snprintf(why, whylen, "cannot load the BPF programs: %s (%s)",
			 strerror(-err), last_libbpf);
		goto err_destroy;
	}
	bpf_object__for_each_program(p, w->skel->obj) {
		struct bpf_link *l;

		if (!bpf_program__autoload(p))
			continue;
		l = bpf_program__attach(p);
		if (!l) {
			bc_log(LOG_WARNING,
			       "bugcheck watch: failed to attach %s: %s, ignoring\n",
			       bpf_program__name(p), strerror(errno));
			continue;
		}
		if (w->nlinks < sizeof(w->links) / sizeof(w->links[0]))
			w->links[w->nlinks++] = l;
		else
			bpf_link__destroy(l);
		off += snprintf(w->attached + off, sizeof(w->attached) - off,
				"%s%s", off ? " " : "", bpf_program__name(p));
		if (off >= sizeof(w->attached))
			off = sizeof(w->attached) - 1;
	}
	if (!w->attached[0]) {
		err = -ENOENT;
		snprintf(why, whylen, "no BPF program attached (%s)",
			 last_libbpf);
		goto err_destroy;
	}
	w->rb = ring_buffer__new(bpf_map__fd(w->skel->maps.events), on_event, w,
				 NULL);
	if (!w->rb) {
		err = -errno;
		snprintf(why, whylen, "cannot map the ring buffer: %s",
			 strerror(-err));
		goto err_destroy;
	}
	btf__free(vmlinux);
	*ret = w;
	return 0;

err_destroy:
	detach_all(w);
	watch_bpf__destroy(w->skel);
err_free:
	free(w);
	btf__free(vmlinux);
	return err;
}

void bc_watch_bpf_free(struct bc_watch_bpf *w)
{
	if (!w)
		return;
	ring_buffer__free(w->rb);
	detach_all(w);
	watch_bpf__destroy(w->skel);
	free(w);
}

int bc_watch_bpf_fd(const struct bc_watch_bpf *w)
{
	return ring_buffer__epoll_fd(w->rb);
}

int bc_watch_bpf_consume(struct bc_watch_bpf *w)
{
	return ring_buffer__consume(w->rb);
}

uint64_t bc_watch_bpf_dropped(const struct bc_watch_bpf *w)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *v, sum = 0;
	uint32_t key = 0;
	int i;

	if (ncpu <= 0)
		return 0;
	v = calloc(ncpu, sizeof(*v));
	if (!v)
		return 0;
	if (!bpf_map_lookup_elem(bpf_map__fd(w->skel->maps.dropped), &key, v))
		for (i = 0; i < ncpu; i++)
			sum += v[i];
	free(v);
	return sum;
}

const char *bc_watch_bpf_attached(const struct bc_watch_bpf *w)
{
	return w->attached;
}
