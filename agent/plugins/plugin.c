// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime exception modules: load vendor plug-ins from the configuration
 * directory and ask them, each in a forked child with a time limit,
 * whether they claim a crash.  See agent/plugin.h and docs/plugins.md.
 *
 * The plug-in's code never runs in the agent: it is dlopen()ed only in the
 * child, which gets the view in a mapping it cannot write, and answers with
 * small framed messages on a pipe.  The parent treats that stream as
 * hostile (any process may write anything to the pipe it holds): every
 * length, order and character is checked here, and a missing, late or
 * malformed message discards the plug-in's whole answer.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "plugin.h"

_Static_assert(BUGCHECK_PLUGIN_BLOCK_TRUNCATED == BUGCHECK_IF_TRUNCATED,
	       "plug-in block flags mirror the record's item flags");
_Static_assert(BUGCHECK_PLUGIN_BLOCK_FAULTED == BUGCHECK_IF_FAULTED,
	       "plug-in block flags mirror the record's item flags");

#define CONF_MAX_BYTES (64 * 1024)
#define CONF_MAX_FILES 1024 /* directory entries looked at */
#define CHILD_FD 3 /* the answer pipe, in the child */
#define CHILD_BUF 4096 /* buffers the child hands out */
#define MSG_MAX 1024 /* largest payload the parent accepts */

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

/**
 * bc_plugin_ident_ok() - 1 to @max characters of [A-Za-z0-9_.-]
 * @s:   NUL-terminated string
 * @max: longest accepted length
 */
bool bc_plugin_ident_ok(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= max)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return i > 0;
}

/**
 * bc_plugin_printable_ok() - @min to @max characters of printable ASCII
 * @s:   NUL-terminated string
 * @min: shortest accepted length
 * @max: longest accepted length
 */
bool bc_plugin_printable_ok(const char *s, size_t min, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (i >= max)
			return false;
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	}
	return i >= min;
}

const char *bc_plugin_status_str(enum bc_plugin_status s)
{
	static const char *const names[] = {
		[BC_PLUGIN_NOT_ASKED] = "not-asked",
		[BC_PLUGIN_DECLINED] = "declined",
		[BC_PLUGIN_CLAIMED] = "claimed",
		[BC_PLUGIN_CRASHED] = "crashed",
		[BC_PLUGIN_TIMEOUT] = "timeout",
		[BC_PLUGIN_BAD_ANSWER] = "bad-answer",
		[BC_PLUGIN_LOAD_FAILED] = "load-failed",
		[BC_PLUGIN_NO_SYMBOL] = "missing-symbol",
		[BC_PLUGIN_BAD_ABI] = "bad-abi",
		[BC_PLUGIN_ERROR] = "error",
		[BC_PLUGIN_SYSTEM] = "system-error",
	};

	if ((unsigned int)s < sizeof(names) / sizeof(names[0]) && names[s])
		return names[s];
	return "unknown";
}

bool bc_plugin_outcome_failed(const struct bc_plugin_outcome *o)
{
	return o->status != BC_PLUGIN_NOT_ASKED &&
	       o->status != BC_PLUGIN_DECLINED &&
	       o->status != BC_PLUGIN_CLAIMED;
}

/* ------------------------------------------------------------------ */
/* The read-only view                                                  */
/* ------------------------------------------------------------------ */

struct bc_plugin_view_buf {
	void *map;
	size_t map_len;
	struct bugcheck_plugin_view *view;
};

struct arena {
	uint8_t *base;
	size_t cap;
	size_t pos;
	bool full;
};

static void *a_alloc(struct arena *a, size_t n, size_t align)
{
	size_t p = (a->pos + align - 1) & ~(align - 1);

	if (p > a->cap || n > a->cap - p) {
		a->full = true;
		return NULL;
	}
	a->pos = p + n;
	return a->base + p;
}

static const char *a_mem(struct arena *a, const void *s, size_t n)
{
	char *d = a_alloc(a, n + 1, 1);

	if (!d)
		return "";
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static const char *a_str(struct arena *a, const char *s)
{
	return a_mem(a, s ? s : "", s ? strlen(s) : 0);
}

static size_t blocks_bytes(const struct bc_rec_block *b, unsigned int n)
{
	size_t sz = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sz += sizeof(struct bugcheck_plugin_block) + 8 +
		      sizeof(b[i].uuid) + sizeof(b[i].name) + b[i].len + 1;
	return sz;
}

/* Every string of the record is bounded by its array, hence this bound. */
static size_t view_bytes(const struct bc_record *r)
{
	size_t sz = sizeof(struct bugcheck_plugin_view) + 8;

	sz += r->nframes * (sizeof(struct bugcheck_plugin_frame) +
			    sizeof(r->frames[0].symbol) +
			    sizeof(r->modules[0].name)) +
	      8;
	sz += r->nmodules * (sizeof(struct bugcheck_plugin_module) +
			     sizeof(r->modules[0].name) +
			     sizeof(r->modules[0].version) +
			     sizeof(r->modules[0].id)) +
	      8;
	if (r->tail.ok) {
		sz += blocks_bytes(r->tail.vendor, r->tail.nvendor) + 8;
		sz += blocks_bytes(r->tail.triage, r->tail.ntriage) + 8;
	}
	sz += (r->log.ok ? r->log.len : 0) + 1;
	sz += 4 * sizeof(r->release.s) + sizeof(r->comm) + 64;
	sz += sizeof(struct bc_classification) + 256;
	return sz;
}

static const struct bugcheck_plugin_block *
view_blocks(struct arena *a, const struct bc_rec_block *b, unsigned int n)
{
	struct bugcheck_plugin_block *o;
	unsigned int i;

	if (!n)
		return NULL;
	o = a_alloc(a, n * sizeof(*o), 8);
	if (!o)
		return NULL;
	for (i = 0; i < n; i++) {
		o[i].uuid = a_str(a, b[i].uuid);
		o[i].name = a_str(a, b[i].name);
		o[i].flags = b[i].item_flags;
		o[i].status = b[i].status;
		o[i].len = b[i].data ? b[i].len : 0;
		o[i].data = o[i].len ? (const uint8_t *)a_mem(a, b[i].data,
							      o[i].len) :
				       NULL;
		o[i].reserved = 0;
	}
	return o;
}

static void view_fill(struct arena *a, struct bugcheck_plugin_view *v,
		      const struct bc_record *r,
		      const struct bc_classification *cls)
{
	struct bugcheck_plugin_frame *f;
	struct bugcheck_plugin_module *m;
	unsigned int i;

	v->size = sizeof(*v);
	v->abi_version = BUGCHECK_PLUGIN_ABI_VERSION;
	v->kernel_release = a_str(a, r->release.present ? r->release.s : "");
	v->kernel_version = a_str(a, r->kversion.present ? r->kversion.s : "");
	v->machine = a_str(a, r->machine.present ? r->machine.s : "");
	v->reason = r->reason;
	v->reason_name = a_str(a, bc_rec_reason_str(r->reason));
	v->record_flags = r->flags;
	v->message = a_str(a, r->message.present ? r->message.s : "");
	v->panic_message = a_str(
		a, r->tail.ok && r->tail.panic.present ? r->tail.panic.s : "");
	v->comm = a_str(a, r->comm);
	v->pid = r->pid;
	v->taint = r->taint;
	v->crash_time_ns = r->wall_ns;
	v->classified = cls != NULL;
	v->failure_class = cls ? (uint32_t)cls->cls : 0;
	v->class_name = a_str(a, cls ? bc_class_name(cls->cls) : "");
	v->title = a_str(a, cls ? cls->title : "");
	v->image = a_str(a, cls ? cls->image : "");
	v->function = a_str(a, cls ? cls->function : "");
	v->failure_name = a_str(a, cls ? cls->failure_name : "");
	v->failure_hash = a_str(a, cls ? cls->failure_hash : "");
	v->corrupted = cls ? cls->corrupted : 0;
	v->panicked = cls ? cls->panicked : !!(r->flags & BUGCHECK_RF_PANICKED);

	f = r->nframes ? a_alloc(a, r->nframes * sizeof(*f), 8) : NULL;
	v->nframes = f ? r->nframes : 0;
	for (i = 0; i < v->nframes; i++) {
		f[i].symbol = a_str(a, r->frames[i].symbol);
		f[i].module =
			a_str(a, bc_rec_module_name(r, r->frames[i].module));
		f[i].offset = r->frames[i].offset;
		f[i].size = r->frames[i].size;
	}
	v->frames = f;

	m = r->nmodules ? a_alloc(a, r->nmodules * sizeof(*m), 8) : NULL;
	v->nmodules = m ? r->nmodules : 0;
	for (i = 0; i < v->nmodules; i++) {
		m[i].name = a_str(a, r->modules[i].name);
		m[i].version = a_str(a, r->modules[i].version);
		m[i].srcversion = a_str(a, r->modules[i].id);
	}
	v->modules = m;

	/* A tail that failed its CRC was not decoded: no blocks then. */
	if (r->tail.ok) {
		v->vendor = view_blocks(a, r->tail.vendor, r->tail.nvendor);
		v->nvendor = v->vendor ? r->tail.nvendor : 0;
		v->triage = view_blocks(a, r->tail.triage, r->tail.ntriage);
		v->ntriage = v->triage ? r->tail.ntriage : 0;
	}
	if (r->log.ok && r->log.text) {
		v->log = a_mem(a, r->log.text, r->log.len);
		v->log_len = a->full ? 0 : r->log.len;
	} else {
		v->log = a_str(a, "");
		v->log_len = 0;
	}
}

int bc_plugin_view_new(const struct bc_record *r,
		       const struct bc_classification *cls,
		       struct bc_plugin_view_buf **ret)
{
	struct bc_plugin_view_buf *vb;
	long page = sysconf(_SC_PAGESIZE);
	struct arena a = { 0 };

	if (!r || !ret || !r->primary_ok)
		return -EINVAL;
	if (page <= 0)
		page = 4096;
	vb = calloc(1, sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	vb->map_len = (view_bytes(r) + page - 1) / page * page;
	vb->map = mmap(NULL, vb->map_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vb->map == MAP_FAILED) {
		free(vb);
		return -ENOMEM;
	}
	a.base = vb->map;
	a.cap = vb->map_len;
	vb->view = a_alloc(&a, sizeof(*vb->view), 8);
	view_fill(&a, vb->view, r, cls);
	if (a.full) {
		/* view_bytes() is an upper bound; this is a bug, not input. */
		bc_plugin_view_free(vb);
		return -ENOMEM;
	}
	*ret = vb;
	return 0;
}

const struct bugcheck_plugin_view *
bc_plugin_view_get(const struct bc_plugin_view_buf *vb)
{
	return vb ? vb->view : NULL;
}

void bc_plugin_view_free(struct bc_plugin_view_buf *vb)
{
	if (!vb)
		return;
	munmap(vb->map, vb->map_len);
	free(vb);
}

/* ------------------------------------------------------------------ */
/* The child                                                           */
/* ------------------------------------------------------------------ */

enum child_mode { MODE_PROBE, MODE_CLAIM };

/* Message types on the answer pipe; header is type, arg, le16 length. */
enum msg_type {
	MSG_READY = 1, /* payload: le32 ABI version; symbols resolved */
	MSG_CLAIM = 2, /* arg: claim's return; payload: le32 n, event */
	MSG_SIG = 3, /* arg: index; payload: u8 name length, name, value */
	MSG_DEBUGGER = 4, /* arg: return value; payload: command line */
	MSG_ERROR = 5, /* arg: enum bc_plugin_status; payload: text */
	MSG_END = 6, /* no payload; the answer is complete */
};

static const char *const sym_names[] = {
	"bugcheck_plugin_abi_version",
	"bugcheck_plugin_claim",
	"bugcheck_plugin_signature",
	"bugcheck_plugin_debugger",
};

typedef int (*claim_fn)(const struct bugcheck_plugin_view *, char *, size_t,
			unsigned int *);
typedef int (*sig_fn)(const struct bugcheck_plugin_view *, unsigned int, char *,
		      size_t, char *, size_t);
typedef int (*dbg_fn)(const struct bugcheck_plugin_view *, char *, size_t);

static void child_send(uint8_t type, uint8_t arg, const void *a, size_t alen,
		       const void *b, size_t blen)
{
	uint8_t buf[4 + MSG_MAX + 8];
	size_t len = alen + blen, off = 0;
	ssize_t n;

	if (len > MSG_MAX)
		_exit(3);
	buf[0] = type;
	buf[1] = arg;
	buf[2] = len & 0xff;
	buf[3] = len >> 8;
	if (alen)
		memcpy(buf + 4, a, alen);
	if (blen)
		memcpy(buf + 4 + alen, b, blen);
	while (off < 4 + len) {
		n = write(CHILD_FD, buf + off, 4 + len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(4);
		off += n;
	}
}

static void child_error(enum bc_plugin_status s, const char *fmt, ...)
{
	char text[BC_PLUGIN_DETAIL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	child_send(MSG_ERROR, s, text, strlen(text), NULL, 0);
	_exit(0);
}

/*
 * What the child sends for a string the plug-in wrote: its length, but at
 * most @max + 1 bytes, so that the parent sees an oversized answer as one.
 */
static size_t child_len(const char *buf, size_t max)
{
	size_t n = strnlen(buf, CHILD_BUF);

	return n > max ? max + 1 : n;
}

static void child_isolate(int wfd)
{
	struct rlimit no_core = { 0, 0 };
	struct sigaction sa;
	sigset_t all;
	int sig, fd;

	/* Its own process group, so a time-out kills what it forked too. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	(void)setrlimit(RLIMIT_CORE, &no_core);

	if (wfd != CHILD_FD) {
		if (dup2(wfd, CHILD_FD) < 0)
			_exit(5);
		close(wfd);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	/* Whatever the plug-in prints must not mix with our output. */
	dup2(STDERR_FILENO, STDOUT_FILENO);
	if (close_range(CHILD_FD + 1, ~0U, 0) < 0)
		for (fd = CHILD_FD + 1; fd < 1024; fd++)
			close(fd);
}

static void __attribute__((noreturn))
child_main(int wfd, enum child_mode mode, const char *path,
	   const struct bc_plugin_view_buf *vb)
{
	static char ev[CHILD_BUF], name[CHILD_BUF], value[CHILD_BUF];
	const struct bugcheck_plugin_view *v;
	void *sym[4];
	unsigned int np = 0, i;
	uint32_t abi, le;
	uint8_t nl;
	void *h;
	int ret;

	child_isolate(wfd);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		child_error(BC_PLUGIN_LOAD_FAILED, "dlopen: %s", dlerror());
	for (i = 0; i < 4; i++) {
		sym[i] = dlsym(h, sym_names[i]);
		if (!sym[i])
			child_error(BC_PLUGIN_NO_SYMBOL, "missing symbol '%s'",
				    sym_names[i]);
	}
	abi = *(const uint32_t *)sym[0];
	le = htole32(abi);
	child_send(MSG_READY, 0, &le, 4, NULL, 0);
	if (abi != BUGCHECK_PLUGIN_ABI_VERSION || mode == MODE_PROBE) {
		child_send(MSG_END, 0, NULL, 0, NULL, 0);
		_exit(0);
	}

	/*
	 * The plug-in may read the view, never change it.  Only a probe
	 * passes no view, and a probe has ended above.
	 */
	/* cppcheck-suppress ctunullpointer */
	if (mprotect(vb->map, vb->map_len, PROT_READ) < 0)
		_exit(6);
	v = vb->view;
	ret = ((claim_fn)sym[1])(v, ev, BUGCHECK_PLUGIN_NAME_MAX + 1, &np);
	if (ret < 0)
		child_error(BC_PLUGIN_ERROR,
			    "bugcheck_plugin_claim returned %d", ret);
	le = htole32(np);
	child_send(MSG_CLAIM, ret > 255 ? 255 : ret, &le, 4, ev,
		   child_len(ev, BUGCHECK_PLUGIN_NAME_MAX));
	if (ret != 1 || np > BUGCHECK_PLUGIN_MAX_PARAMS) {
		child_send(MSG_END, 0, NULL, 0, NULL, 0);
		_exit(0);
	}
	for (i = 0; i < np; i++) {
		memset(name, 0, sizeof(name));
		memset(value, 0, sizeof(value));
		ret = ((sig_fn)sym[2])(v, i, name, BUGCHECK_PLUGIN_NAME_MAX + 1,
				       value, BUGCHECK_PLUGIN_VALUE_MAX + 1);
		if (ret < 0)
			child_error(BC_PLUGIN_ERROR,
				    "bugcheck_plugin_signature(%u) returned %d",
				    i, ret);
		nl = child_len(name, BUGCHECK_PLUGIN_NAME_MAX);
		child_send(MSG_SIG, i, &nl, 1, name, nl);
		/* Sent separately so that both fit MSG_MAX. */
		child_send(MSG_SIG, i, value,
			   child_len(value, BUGCHECK_PLUGIN_VALUE_MAX), NULL,
			   0);
	}
	memset(ev, 0, sizeof(ev));
	ret = ((dbg_fn)sym[3])(v, ev, BUGCHECK_PLUGIN_CMDLINE_MAX + 1);
	if (ret < 0)
		child_error(BC_PLUGIN_ERROR,
			    "bugcheck_plugin_debugger returned %d", ret);
	child_send(MSG_DEBUGGER, ret > 255 ? 255 : ret, ev,
		   child_len(ev, BUGCHECK_PLUGIN_CMDLINE_MAX), NULL, 0);
	child_send(MSG_END, 0, NULL, 0, NULL, 0);
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* The parent side of a child                                          */
/* ------------------------------------------------------------------ */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read exactly @n bytes before @deadline: 0, -ETIMEDOUT or -EPIPE (EOF). */
static int read_full(int fd, void *buf, size_t n, uint64_t deadline)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t now = now_ms();
		int ret;

		if (now >= deadline)
			return -ETIMEDOUT;
		ret = poll(&pfd, 1, (int)(deadline - now));
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
		r = read(fd, (uint8_t *)buf + got, n - got);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EPIPE;
		got += r;
	}
	return 0;
}

/**
 * struct session - one conversation with a child
 * @phase:   the plug-in function running now, for messages
 * @status:  outcome so far
 * @detail:  explanation of a failure
 * @ans:     the answer being assembled
 * @nsig:    signature messages received (two per parameter)
 * @abi:     the ABI version the plug-in declared
 * @ended:   MSG_END arrived
 */
struct session {
	const char *phase;
	enum bc_plugin_status status;
	char detail[BC_PLUGIN_DETAIL_MAX];
	struct bc_claim ans;
	unsigned int nsig;
	uint32_t abi;
	bool ended;
};

static int fail(struct session *s, enum bc_plugin_status st, const char *fmt,
		...)
{
	va_list ap;

	s->status = st;
	va_start(ap, fmt);
	vsnprintf(s->detail, sizeof(s->detail), fmt, ap);
	va_end(ap);
	return -EPROTO;
}

/* Copy a received string; printable-or-fail is checked by the caller. */
static int take_str(struct session *s, char *dst, size_t dstsize,
		    const uint8_t *p, size_t n, size_t max, const char *what)
{
	size_t i;

	if (n > max)
		return fail(s, BC_PLUGIN_BAD_ANSWER,
			    "%s longer than %zu bytes in %s", what, max,
			    s->phase);
	for (i = 0; i < n; i++)
		if (p[i] == '\0')
			return fail(s, BC_PLUGIN_BAD_ANSWER,
				    "%s has a NUL byte in %s", what, s->phase);
	memcpy(dst, p, n);
	dst[n < dstsize ? n : dstsize - 1] = '\0';
	return 0;
}

/*
 * One handler per message type.  Each returns 0 (accepted), -EPROTO
 * (the answer is bad; fail() recorded why) or UNEXPECTED (the message does
 * not fit the phase; on_msg() says so).
 */
#define UNEXPECTED 1

static int msg_ready(struct session *s, enum child_mode mode, uint8_t arg,
		     const uint8_t *p, size_t len)
{
	uint32_t le;

	if (strcmp(s->phase, "dlopen") || len != 4)
		return UNEXPECTED;
	memcpy(&le, p, 4);
	s->abi = le32toh(le);
	if (s->abi != BUGCHECK_PLUGIN_ABI_VERSION)
		return fail(s, BC_PLUGIN_BAD_ABI,
			    "ABI version %u, the agent has %u", s->abi,
			    BUGCHECK_PLUGIN_ABI_VERSION);
	s->phase = mode == MODE_PROBE ? "probe" : "bugcheck_plugin_claim";
	return 0;
}

static int msg_error(struct session *s, enum child_mode mode, uint8_t arg,
		     const uint8_t *p, size_t len)
{
	char text[BC_PLUGIN_DETAIL_MAX];
	size_t n = len < sizeof(text) - 1 ? len : sizeof(text) - 1, i;

	/* The child's own text, but still untrusted bytes. */
	for (i = 0; i < n; i++)
		text[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
	text[n] = '\0';
	if (arg != BC_PLUGIN_LOAD_FAILED && arg != BC_PLUGIN_NO_SYMBOL &&
	    arg != BC_PLUGIN_ERROR)
		arg = BC_PLUGIN_BAD_ANSWER;
	return fail(s, arg, "%s", text);
}

static int msg_claim(struct session *s, enum child_mode mode, uint8_t arg,
		     const uint8_t *p, size_t len)
{
	struct bc_claim *a = &s->ans;
	uint32_t le;

	if (strcmp(s->phase, "bugcheck_plugin_claim") || len < 4)
		return UNEXPECTED;
	if (arg > 1)
		return fail(s, BC_PLUGIN_BAD_ANSWER,
			    "bugcheck_plugin_claim returned %u", arg);
	if (!arg) {
		s->phase = "finish";
		return 0;
	}
	memcpy(&le, p, 4);
	a->nparams = le32toh(le);
	if (a->nparams > BUGCHECK_PLUGIN_MAX_PARAMS)
		return fail(s, BC_PLUGIN_BAD_ANSWER,
			    "%u signature parameters, at most %d", a->nparams,
			    BUGCHECK_PLUGIN_MAX_PARAMS);
	if (take_str(s, a->event_name, sizeof(a->event_name), p + 4, len - 4,
		     BUGCHECK_PLUGIN_NAME_MAX, "event name"))
		return -EPROTO;
	if (!bc_plugin_ident_ok(a->event_name, BUGCHECK_PLUGIN_NAME_MAX))
		return fail(s, BC_PLUGIN_BAD_ANSWER,
			    "event name is empty or not [A-Za-z0-9_.-]");
	a->claimed = true;
	s->phase = a->nparams ? "bugcheck_plugin_signature" :
				"bugcheck_plugin_debugger";
	return 0;
}

/* A signature parameter's name (even messages) or value (odd ones). */
static int msg_sig(struct session *s, enum child_mode mode, uint8_t arg,
		   const uint8_t *p, size_t len)
{
	struct bc_claim *a = &s->ans;
	unsigned int i, idx = s->nsig / 2;

	if (strcmp(s->phase, "bugcheck_plugin_signature") || arg != idx ||
	    idx >= a->nparams)
		return UNEXPECTED;
	if (s->nsig % 2 == 0) {
		if (len < 1 || p[0] != len - 1)
			return UNEXPECTED;
		if (take_str(s, a->params[idx].name,
			     sizeof(a->params[idx].name), p + 1, len - 1,
			     BUGCHECK_PLUGIN_NAME_MAX, "parameter name"))
			return -EPROTO;
		if (!bc_plugin_ident_ok(a->params[idx].name,
					BUGCHECK_PLUGIN_NAME_MAX))
			return fail(
				s, BC_PLUGIN_BAD_ANSWER,
				"parameter %u name is empty or not [A-Za-z0-9_.-]",
				idx);
		for (i = 0; i < idx; i++)
			if (!strcmp(a->params[i].name, a->params[idx].name))
				return fail(s, BC_PLUGIN_BAD_ANSWER,
					    "parameter name '%s' given twice",
					    a->params[idx].name);
	} else {
		if (take_str(s, a->params[idx].value,
			     sizeof(a->params[idx].value), p, len,
			     BUGCHECK_PLUGIN_VALUE_MAX, "parameter value"))
			return -EPROTO;
		if (!bc_plugin_printable_ok(a->params[idx].value, 0,
					    BUGCHECK_PLUGIN_VALUE_MAX))
			return fail(
				s, BC_PLUGIN_BAD_ANSWER,
				"parameter '%s' value has a non-printable character",
				a->params[idx].name);
		if (idx + 1 == a->nparams)
			s->phase = "bugcheck_plugin_debugger";
	}
	s->nsig++;
	return 0;
}

static int msg_debugger(struct session *s, enum child_mode mode, uint8_t arg,
			const uint8_t *p, size_t len)
{
	struct bc_claim *a = &s->ans;

	if (strcmp(s->phase, "bugcheck_plugin_debugger"))
		return UNEXPECTED;
	if (arg > 1)
		return fail(s, BC_PLUGIN_BAD_ANSWER,
			    "bugcheck_plugin_debugger returned %u", arg);
	s->phase = "finish";
	if (!arg)
		return 0;
	if (take_str(s, a->cmdline, sizeof(a->cmdline), p, len,
		     BUGCHECK_PLUGIN_CMDLINE_MAX, "debugger command"))
		return -EPROTO;
	if (!bc_plugin_printable_ok(a->cmdline, 1, BUGCHECK_PLUGIN_CMDLINE_MAX))
		return fail(
			s, BC_PLUGIN_BAD_ANSWER,
			"debugger command line is empty or not printable ASCII");
	a->debugger = true;
	return 0;
}

static int msg_end(struct session *s, enum child_mode mode, uint8_t arg,
		   const uint8_t *p, size_t len)
{
	if ((strcmp(s->phase, "finish") && strcmp(s->phase, "probe")) || len)
		return UNEXPECTED;
	s->ended = true;
	return 0;
}

static int (*const msg_handlers[])(struct session *s, enum child_mode mode,
				   uint8_t arg, const uint8_t *p,
				   size_t len) = {
	[MSG_READY] = msg_ready,       [MSG_ERROR] = msg_error,
	[MSG_CLAIM] = msg_claim,       [MSG_SIG] = msg_sig,
	[MSG_DEBUGGER] = msg_debugger, [MSG_END] = msg_end,
};

/* One message from the child: 0, or -EPROTO with the session failed. */
static int on_msg(struct session *s, enum child_mode mode, uint8_t type,
		  uint8_t arg, const uint8_t *p, size_t len)
{
	int ret = UNEXPECTED;

	if (type < sizeof(msg_handlers) / sizeof(msg_handlers[0]) &&
	    msg_handlers[type])
		ret = msg_handlers[type](s, mode, arg, p, len);
	if (ret != UNEXPECTED)
		return ret;
	return fail(s, BC_PLUGIN_BAD_ANSWER,
		    "unexpected message %u (%zu bytes) in %s", type, len,
		    s->phase);
}

static void describe_exit(struct session *s, int wst)
{
	if (WIFSIGNALED(wst))
		fail(s, BC_PLUGIN_CRASHED, "killed by signal %d (%s) in %s",
		     WTERMSIG(wst), strsignal(WTERMSIG(wst)), s->phase);
	else if (WIFEXITED(wst))
		fail(s, BC_PLUGIN_CRASHED, "exited with status %d in %s",
		     WEXITSTATUS(wst), s->phase);
	else
		fail(s, BC_PLUGIN_CRASHED, "ended in %s", s->phase);
}

/*
 * Wait for the child to be gone.  @kill_first: it must not go on (answer
 * complete, failed or late).  Otherwise it closed the pipe and is given
 * until @deadline to exit on its own, so that its real status is known.
 */
static int reap(pid_t pid, bool kill_first, uint64_t deadline)
{
	int wst = 0;
	pid_t w;

	if (!kill_first) {
		while ((w = waitpid(pid, &wst, WNOHANG)) == 0 &&
		       now_ms() < deadline)
			usleep(1000);
		if (w == pid)
			goto out;
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while ((w = waitpid(pid, &wst, 0)) < 0 && errno == EINTR)
		;
out:
	/* Descendants left in its process group go too. */
	kill(-pid, SIGKILL);
	return wst;
}

static void run_child(const struct bc_plugins *ps, const struct bc_plugin *pl,
		      enum child_mode mode, const struct bc_plugin_view_buf *vb,
		      struct session *s)
{
	uint8_t hdr[4], payload[MSG_MAX];
	uint64_t deadline;
	int fds[2], ret, wst;
	size_t len = 0;
	pid_t pid;

	memset(s, 0, sizeof(*s));
	s->phase = "dlopen";
	s->status = BC_PLUGIN_DECLINED;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fail(s, BC_PLUGIN_SYSTEM, "pipe: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fail(s, BC_PLUGIN_SYSTEM, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(fds[1], mode, pl->path, vb);
	}
	close(fds[1]);
	setpgid(pid, pid);

	deadline = now_ms() + ps->timeout_ms;
	for (;;) {
		ret = read_full(fds[0], hdr, 4, deadline);
		if (!ret) {
			len = hdr[2] | (size_t)hdr[3] << 8;
			if (len > MSG_MAX) {
				fail(s, BC_PLUGIN_BAD_ANSWER,
				     "message of %zu bytes in %s", len,
				     s->phase);
				break;
			}
			ret = read_full(fds[0], payload, len, deadline);
		}
		if (ret == -ETIMEDOUT) {
			fail(s, BC_PLUGIN_TIMEOUT,
			     "no answer within %u ms in %s, killed",
			     ps->timeout_ms, s->phase);
			break;
		}
		if (ret == -EPIPE) {
			wst = reap(pid, false, deadline);
			describe_exit(s, wst);
			close(fds[0]);
			return;
		}
		if (ret < 0) {
			fail(s, BC_PLUGIN_SYSTEM, "reading the answer: %s",
			     strerror(-ret));
			break;
		}
		if (on_msg(s, mode, hdr[0], hdr[1], payload, len) < 0 ||
		    s->ended)
			break;
		/* The time limit is per call: each answer restarts it. */
		deadline = now_ms() + ps->timeout_ms;
	}
	close(fds[0]);
	reap(pid, true, 0);
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* Keep one configuration problem for the caller (it logs them). */
static void load_error(struct bc_plugins *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->nerrors == BC_PLUGINS_MAX_ERRORS) {
		ps->nlost++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(ps->errors[ps->nerrors++], sizeof(ps->errors[0]), fmt, ap);
	va_end(ap);
}

/* Root runs the plug-ins: refuse files anyone else could have changed. */
static int file_ok(const struct bc_plugins *ps, const char *path, char *why,
		   size_t whysize)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(why, whysize, "%s", strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "not a regular file");
		return -EINVAL;
	}
	if (ps->flags & BC_PLUGINS_NO_OWNER_CHECK)
		return 0;
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(why, whysize, "owned by uid %u, not by root",
			 (unsigned int)st.st_uid);
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whysize,
			 "writable by group or others (mode %04o)",
			 (unsigned int)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

static int set_vendor(void *obj, const struct bc_conf_key *key, const char *v,
		      char *why, size_t whylen)
{
	struct bc_plugin *pl = obj;

	if (!bc_plugin_ident_ok(v, BC_PLUGIN_ID_MAX)) {
		snprintf(why, whylen,
			 "vendor must be 1 to %d characters of [A-Za-z0-9_.-]",
			 BC_PLUGIN_ID_MAX);
		return -EINVAL;
	}
	snprintf(pl->id, sizeof(pl->id), "%s", v);
	return 0;
}

static int set_path(void *obj, const struct bc_conf_key *key, const char *v,
		    char *why, size_t whylen)
{
	struct bc_plugin *pl = obj;

	if (v[0] != '/' || strlen(v) >= sizeof(pl->path)) {
		snprintf(why, whylen,
			 "path must be absolute (and shorter than %zu bytes)",
			 sizeof(pl->path));
		return -EINVAL;
	}
	snprintf(pl->path, sizeof(pl->path), "%s", v);
	return 0;
}

/* A plug-in's file: both keys, each once (lib/conf checks that). */
static const struct bc_conf_key plugin_keys[] = {
	{ .name = "vendor",
	  .flags = BC_CONF_ONCE | BC_CONF_REQUIRED,
	  .kind = BC_CONF_FUNC,
	  .set = set_vendor },
	{ .name = "path",
	  .flags = BC_CONF_ONCE | BC_CONF_REQUIRED,
	  .kind = BC_CONF_FUNC,
	  .set = set_path },
};

/*
 * Read @conf into a new NUL-terminated buffer (*@buf, to free): at most
 * CONF_MAX_BYTES, no NUL byte inside.  -errno with @why on error.
 */
static int read_conf(const char *conf, char **buf, char *why, size_t whysize)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(conf, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whysize, "%s", strerror(errno));
		return -errno;
	}
	*buf = malloc(CONF_MAX_BYTES + 1);
	if (!*buf) {
		close(fd);
		snprintf(why, whysize, "out of memory");
		return -ENOMEM;
	}
	while (got <= CONF_MAX_BYTES &&
	       (n = read(fd, *buf + got, CONF_MAX_BYTES + 1 - got)) > 0)
		got += n;
	close(fd);
	if (got > CONF_MAX_BYTES) {
		snprintf(why, whysize, "larger than %d bytes", CONF_MAX_BYTES);
		goto bad;
	}
	if (memchr(*buf, '\0', got)) {
		snprintf(why, whysize, "contains a NUL byte");
		goto bad;
	}
	(*buf)[got] = '\0';
	return 0;
bad:
	free(*buf);
	*buf = NULL;
	return -EINVAL;
}

/* Parse one configuration file into @pl; -errno with @why on any error. */
static int parse_conf(const struct bc_plugins *ps, const char *conf,
		      struct bc_plugin *pl, char *why, size_t whysize)
{
	char *buf = NULL, msg[BC_PLUGIN_DETAIL_MAX];
	unsigned int lineno;
	int ret;

	ret = file_ok(ps, conf, why, whysize);
	if (!ret)
		ret = read_conf(conf, &buf, why, whysize);
	if (ret)
		return ret;
	memset(pl, 0, sizeof(*pl));
	ret = bc_conf_parse(buf, pl, plugin_keys,
			    sizeof(plugin_keys) / sizeof(plugin_keys[0]),
			    &lineno, msg, sizeof(msg));
	free(buf);
	if (ret) {
		if (lineno)
			snprintf(why, whysize, "line %u: %.160s", lineno, msg);
		else
			snprintf(why, whysize, "%s", msg);
		return ret;
	}
	snprintf(pl->conf, sizeof(pl->conf), "%s", conf);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_conf_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && !strcmp(n + len - 5, ".conf");
}

static void probe(struct bc_plugins *ps, struct bc_plugin *pl)
{
	struct session s;
	char why[BC_PLUGIN_DETAIL_MAX];

	if (file_ok(ps, pl->path, why, sizeof(why))) {
		char msg[BC_PLUGIN_DETAIL_MAX];

		snprintf(msg, sizeof(msg), "'%.120s': %.64s", pl->path, why);
		pl->status = BC_PLUGIN_LOAD_FAILED;
		memcpy(pl->detail, msg, sizeof(msg));
	} else {
		run_child(ps, pl, MODE_PROBE, NULL, &s);
		if (s.status == BC_PLUGIN_DECLINED && !s.ended)
			fail(&s, BC_PLUGIN_BAD_ANSWER, "incomplete answer");
		pl->status = s.status;
		snprintf(pl->detail, sizeof(pl->detail), "%s", s.detail);
	}
	pl->enabled = pl->status == BC_PLUGIN_DECLINED;
	if (!pl->enabled)
		load_error(ps, "plug-in '%s' (%s) disabled: %s: %s", pl->id,
			   pl->conf, bc_plugin_status_str(pl->status),
			   pl->detail);
}

int bc_plugins_load(const char *dir, unsigned int flags,
		    struct bc_plugins **ret)
{
	struct bc_plugins *ps;
	struct dirent *de;
	char **names = NULL, path[BC_PLUGIN_PATH_MAX];
	char why[BC_PLUGIN_DETAIL_MAX];
	size_t nnames = 0, i;
	unsigned int j;
	struct bc_plugin pl;
	bool dup;
	DIR *d;
	int err = 0;

	if (!ret)
		return -EINVAL;
	if (!dir)
		dir = BC_PLUGINS_DIR_DEFAULT;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return -ENOMEM;
	ps->flags = flags;
	ps->timeout_ms = BC_PLUGIN_TIMEOUT_MS;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT) {
			*ret = ps;
			return 0;
		}
		err = -errno;
		free(ps);
		return err;
	}
	names = calloc(CONF_MAX_FILES, sizeof(*names));
	if (!names) {
		closedir(d);
		free(ps);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		if (!is_conf_name(de->d_name))
			continue;
		if (nnames == CONF_MAX_FILES) {
			load_error(
				ps,
				"'%s': more than %d configuration files, the rest ignored",
				dir, CONF_MAX_FILES);
			break;
		}
		names[nnames] = strdup(de->d_name);
		if (!names[nnames]) {
			err = -ENOMEM;
			break;
		}
		nnames++;
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), cmp_names);

	for (i = 0; !err && i < nnames; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     names[i]) >= sizeof(path)) {
			load_error(ps, "'%s/%s': path too long, ignored", dir,
				   names[i]);
			continue;
		}
		if (parse_conf(ps, path, &pl, why, sizeof(why))) {
			load_error(ps, "'%s': %s, ignored", path, why);
			continue;
		}
		for (dup = false, j = 0; j < ps->n; j++)
			dup |= !strcmp(ps->p[j].id, pl.id);
		if (dup) {
			load_error(
				ps,
				"'%s': vendor '%s' is already configured, ignored",
				path, pl.id);
			continue;
		}
		if (ps->n == BC_PLUGINS_MAX) {
			load_error(
				ps,
				"'%s': refused, at most %d plug-ins are loaded",
				path, BC_PLUGINS_MAX);
			continue;
		}
		ps->p[ps->n] = pl;
		probe(ps, &ps->p[ps->n]);
		ps->n++;
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (err) {
		free(ps);
		return err;
	}
	*ret = ps;
	return 0;
}

void bc_plugins_free(struct bc_plugins *p)
{
	free(p);
}

/* ------------------------------------------------------------------ */
/* Claims                                                              */
/* ------------------------------------------------------------------ */

int bc_plugins_claim_view(const struct bc_plugins *p,
			  const struct bc_plugin_view_buf *vb,
			  struct bc_claim *out)
{
	struct session *s;
	unsigned int i;
	uint64_t t0;

	if (!out || !vb)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!p)
		return 0;
	s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (i = 0; i < p->n; i++) {
		const struct bc_plugin *pl = &p->p[i];
		struct bc_plugin_outcome *o = &out->outcomes[out->noutcomes++];

		snprintf(o->id, sizeof(o->id), "%s", pl->id);
		o->status = BC_PLUGIN_NOT_ASKED;
		if (!pl->enabled || out->claimed)
			continue;
		t0 = now_ms();
		run_child(p, pl, MODE_CLAIM, vb, s);
		o->ms = now_ms() - t0;
		if (s->status == BC_PLUGIN_DECLINED && !s->ended)
			fail(s, BC_PLUGIN_BAD_ANSWER, "incomplete answer");
		if (s->status == BC_PLUGIN_DECLINED && s->ans.claimed)
			s->status = BC_PLUGIN_CLAIMED;
		o->status = s->status;
		snprintf(o->detail, sizeof(o->detail), "%s", s->detail);
		if (s->status == BC_PLUGIN_CLAIMED) {
			unsigned int k;

			out->claimed = true;
			snprintf(out->plugin, sizeof(out->plugin), "%s",
				 pl->id);
			memcpy(out->event_name, s->ans.event_name,
			       sizeof(out->event_name));
			out->nparams = s->ans.nparams;
			for (k = 0; k < s->ans.nparams; k++)
				out->params[k] = s->ans.params[k];
			out->debugger = s->ans.debugger;
			memcpy(out->cmdline, s->ans.cmdline,
			       sizeof(out->cmdline));
		}
	}
	free(s);
	return out->claimed ? 1 : 0;
}

int bc_plugins_claim(const struct bc_plugins *p, const struct bc_record *r,
		     const struct bc_classification *cls, struct bc_claim *out)
{
	struct bc_plugin_view_buf *vb;
	int ret;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!p || !p->n)
		return r && r->primary_ok ? 0 : -EINVAL;
	ret = bc_plugin_view_new(r, cls, &vb);
	if (ret < 0)
		return ret;
	ret = bc_plugins_claim_view(p, vb, out);
	bc_plugin_view_free(vb);
	return ret;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static struct json_object *claim_json(const struct bc_claim *c, bool local)
{
	struct json_object *o, *sig, *e, *d;
	unsigned int i;

	if (!c || !c->claimed)
		return NULL;
	o = json_object_new_object();
	sig = json_object_new_array();
	if (!o || !sig)
		goto err;
	json_object_object_add(o, "plugin", json_object_new_string(c->plugin));
	json_object_object_add(o, "event_name",
			       json_object_new_string(c->event_name));
	for (i = 0; i < c->nparams; i++) {
		e = json_object_new_object();
		if (!e)
			goto err;
		json_object_object_add(
			e, "name", json_object_new_string(c->params[i].name));
		json_object_object_add(
			e, "value", json_object_new_string(c->params[i].value));
		json_object_array_add(sig, e);
	}
	json_object_object_add(o, "signature", sig);
	sig = NULL;
	if (local) {
		d = json_object_new_object();
		if (!d)
			goto err;
		json_object_object_add(d, "offered",
				       json_object_new_boolean(c->debugger));
		json_object_object_add(
			d, "command",
			c->debugger ? json_object_new_string(c->cmdline) :
				      NULL);
		json_object_object_add(o, "debugger", d);
	}
	return o;
err:
	json_object_put(sig);
	json_object_put(o);
	return NULL;
}

struct json_object *bc_claim_json(const struct bc_claim *c)
{
	return claim_json(c, true);
}

struct json_object *bc_claim_json_server(const struct bc_claim *c)
{
	return claim_json(c, false);
}
