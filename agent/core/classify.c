// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming kernel crash classifier.
 *
 * Input is split into lines (bounded length); each line loses its console
 * prefix (syslog/journal header, "<N>" level, "[  12.345678]" timestamp,
 * "[T123]"/"[C1]" caller field).  Lines before a crash go into a small ring
 * (they often name the bug: "list_add corruption", "ODEBUG: ..."); from
 * the first line carrying an oops header the lines of the same caller are
 * collected into a bounded report window until the next oops header, a
 * panic_on_warn tail, or the window limit.  The closed report is then
 * described (classify_report.c) and queued.  Memory never depends on the
 * input size.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_int.h"
#include "classify_report.h"
#include "kmsg.h"

#define LINE_CAP 4096		/* longer lines are cut */
#define RING_LINES 64		/* look-back window before a crash */
#define QUEUE_CAP 64		/* classified crashes not yet taken */

struct ring_line {
	char text[LINE_CAP];
	size_t len;
	char ctx[BC_CTX_MAX];
};

struct bc_classifier {
	unsigned int flags;
	/* partial input line */
	char part[LINE_CAP];
	size_t part_len;
	/* look-back ring */
	struct ring_line *ring;
	size_t ring_head, ring_n;
	/* report being collected */
	struct bc_report rep;
	bool collecting;
	bool stamped;		/* the oops line had a console timestamp */
	bool kmsg;		/* last line was a /dev/kmsg record */
	/*
	 * The last /dev/kmsg record, held back until the next line shows
	 * whether a 'c' fragment continues it (see process_line())
	 */
	char held[LINE_CAP];
	size_t held_len, held_m;	/* held_len 0: nothing held */
	char held_ctx[BC_CTX_MAX];
	uint64_t stamp_ns;	/* report's first-line timestamp, ns, or 0 */
	bool mods_cont;		/* last line was (part of) a module list */
	bool stall;		/* the report is an RCU stall */
	bool checker;		/* list/usercopy check that BUG()s next */
	enum bc_warn_follow warn_follow; /* a __warn() right after the header */
	bool stop;		/* first crash done, not --all */
	bool one_line;		/* the report is its header line alone */
	bool rep_provisional;	/* its header is bc_oops_provisional() */
	/*
	 * The open crash is an OOM kill or a page allocation failure and
	 * not --all: a later crash in the input replaces it (a record's
	 * log tail often shows the OOM killer at work before the crash
	 * that took the machine down).
	 */
	bool provisional;
	/* last classified crash; final when the next starts or at finish */
	struct bc_classification *open;
	bool have_open;
	bool panic_before;	/* panic seen before the first crash */
	bool panic_since;	/* panic seen since the open crash began */
	bool saw_output;	/* any console output seen (reboot rule) */
	bool prior_output;	/* output before a firmware/boot banner */
	bool in_decomp;		/* between the x86 decompressor's first line and "Booting the kernel" */
	char banner_release[BC_RELEASE_MAX];
	/* finished results */
	struct bc_classification *queue;
	size_t q_head, q_len, q_cap;	/* q_cap grows to q_max on demand */
	size_t q_max;
	bool nomem;		/* a result could not be queued */
	size_t crashes;
};

/* ------------------------------------------------------------------ */
/* Console prefixes                                                    */
/* ------------------------------------------------------------------ */

static size_t skip_digits(const char *s, size_t len, size_t i)
{
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	return i;
}

/* "[   12.345678]" at s[i]; returns index after it (and one space) or i. */
static size_t parse_timestamp(const char *s, size_t len, size_t i)
{
	size_t j = i, d;

	if (j >= len || s[j] != '[')
		return i;
	j++;
	while (j < len && s[j] == ' ')
		j++;
	d = skip_digits(s, len, j);
	if (d == j || d >= len || s[d] != '.')
		return i;
	j = skip_digits(s, len, d + 1);
	if (j == d + 1 || j >= len)
		return i;
	/* util-linux dmesg --show-delta: "[   12.345678 <    0.000123>]" */
	if (s[j] == ' ' && j + 1 < len && s[j + 1] == '<') {
		j += 2;
		while (j < len && s[j] == ' ')
			j++;
		d = skip_digits(s, len, j);
		if (d == j || d >= len || s[d] != '.')
			return i;
		j = skip_digits(s, len, d + 1);
		if (j == d + 1 || j + 1 >= len || s[j] != '>')
			return i;
		j++;
	}
	if (s[j] != ']')
		return i;
	j++;
	return j;
}

/*
 * util-linux dmesg --ctime: "[Wed Dec  2 12:00:01 2026]" (asctime()
 * layout); returns the index after it or i.
 */
static size_t parse_ctime(const char *s, size_t len, size_t i)
{
	const char *p = s + i;
	size_t j;

	if (len - i < 26 || p[0] != '[' || !isupper((unsigned char)p[1]) ||
	    p[4] != ' ' || !isupper((unsigned char)p[5]) || p[8] != ' ' ||
	    (p[9] != ' ' && !isdigit((unsigned char)p[9])) ||
	    !isdigit((unsigned char)p[10]) || p[11] != ' ' ||
	    p[14] != ':' || p[17] != ':' || p[20] != ' ')
		return i;
	j = skip_digits(s, len, i + 21);
	return j < len && s[j] == ']' && j >= i + 25 ? j + 1 : i;
}

/*
 * util-linux dmesg --time-format=iso: "2026-12-02T12:00:01,123456+00:00 "
 * (a comma before the microseconds, no host name); returns the index
 * after it or 0.
 */
static size_t parse_dmesg_iso(const char *s, size_t len, size_t i)
{
	const char *p = s + i;
	size_t j;

	if (len - i < 27 || !isdigit((unsigned char)p[0]) || p[4] != '-' ||
	    p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' ||
	    p[19] != ',')
		return i;
	j = skip_digits(s, len, i + 20);
	if (j == i + 20 || j >= len || (s[j] != '+' && s[j] != '-'))
		return i;
	while (j < len && s[j] != ' ')
		j++;
	return j < len ? j + 1 : i;
}

/*
 * util-linux dmesg --decode: "kern  :warn  : " (facility and level
 * names, each padded to six columns).  Returns the index after it, or
 * i; *user is set for facilities other than "kern" (messages programs
 * wrote to /dev/kmsg).
 */
static size_t parse_decode(const char *s, size_t len, size_t i, bool *user)
{
	static const char *const levels[] = {
		"emerg", "alert", "crit", "err", "warn", "notice", "info",
		"debug",
	};
	size_t f = i, l, e, k;

	while (f < len && f - i < 8 && (islower((unsigned char)s[f]) ||
					isdigit((unsigned char)s[f])))
		f++;
	if (f == i)
		return i;
	e = f;
	while (e < len && s[e] == ' ')
		e++;
	if (e >= len || s[e] != ':')
		return i;
	l = ++e;
	while (e < len && islower((unsigned char)s[e]))
		e++;
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
		if (e - l == strlen(levels[k]) && !memcmp(s + l, levels[k], e - l))
			break;
	if (k == sizeof(levels) / sizeof(levels[0]))
		return i;
	while (e < len && s[e] == ' ')
		e++;
	if (e + 1 >= len || s[e] != ':' || s[e + 1] != ' ')
		return i;
	*user = !(f - i == 4 && !memcmp(s + i, "kern", 4));
	return e + 2;
}

/* Value in ns of the first "[ sec.frac]" timestamp in @s[0, @len). */
static uint64_t stamp_value(const char *s, size_t len)
{
	uint64_t sec = 0, frac = 0;
	size_t i, j, d, e, k;
	struct bc_kmsg_hdr h;

	if (bc_kmsg_header(s, len, &h))
		return h.usec * 1000ULL;
	for (i = 0; i < len; i++) {
		if (s[i] != '[' || parse_timestamp(s, len, i) == i)
			continue;
		j = i + 1;
		while (s[j] == ' ')
			j++;
		d = skip_digits(s, len, j);	/* s[d] is the '.' */
		e = skip_digits(s, len, d + 1);
		for (k = j; k < d && k < j + 10; k++)
			sec = sec * 10 + (uint64_t)(s[k] - '0');
		for (k = 0; k < 9; k++)
			frac = frac * 10 +
			       (d + 1 + k < e ? (uint64_t)(s[d + 1 + k] - '0') : 0);
		return sec * 1000000000ULL + frac;
	}
	return 0;
}

/* "[  T123]" / "[ C1]" caller field; fills ctx. */
static size_t parse_caller(const char *s, size_t len, size_t i, char *ctx)
{
	size_t j = i, d;

	if (j >= len || s[j] != '[')
		return i;
	j++;
	while (j < len && s[j] == ' ')
		j++;
	if (j >= len || (s[j] != 'T' && s[j] != 'C'))
		return i;
	d = skip_digits(s, len, j + 1);
	if (d == j + 1 || d >= len || s[d] != ']' || d - j >= BC_CTX_MAX)
		return i;
	memcpy(ctx, s + j, d - j);
	ctx[d - j] = '\0';
	return d + 1;
}

/* "Jan  2 03:04:05 host " or "2024-01-02T03:04:05.123+00:00 host " */
static size_t parse_syslog_date(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 16 && isupper((unsigned char)s[0]) &&
	    islower((unsigned char)s[1]) && islower((unsigned char)s[2]) &&
	    s[3] == ' ' && (s[4] == ' ' || isdigit((unsigned char)s[4])) &&
	    isdigit((unsigned char)s[5]) && s[6] == ' ' &&
	    isdigit((unsigned char)s[7]) && s[9] == ':' && s[12] == ':' &&
	    s[15] == ' ') {
		i = 16;
	} else if (len > 20 && isdigit((unsigned char)s[0]) && s[4] == '-' &&
		   s[7] == '-' && s[10] == 'T' && s[13] == ':') {
		i = 11;
		while (i < len && s[i] != ' ')
			i++;
		if (i >= len)
			return 0;
		i++;
	} else {
		return 0;
	}
	return i;
}

/* Index of an embedded "[ts][caller]" prefix after s[i], or i. */
static size_t glued_prefix(const char *s, size_t len, size_t i, char *ctx)
{
	const char *p = s + i;

	while ((p = memchr(p, '[', len - (size_t)(p - s)))) {
		size_t at = (size_t)(p - s), j = parse_timestamp(s, len, at);

		if (j != at && parse_caller(s, len, j, ctx) != j) {
			ctx[0] = '\0';
			return at;
		}
		p++;
	}
	ctx[0] = '\0';
	return i;
}

/*
 * Strip console prefixes.  Returns the message start; *foreign is set for
 * syslog lines of other programs (they are not kernel output).
 */
static size_t strip_prefix(const char *s, size_t len, char *ctx, bool *foreign,
			   bool *stamped, bool *kmsg, bool *cont)
{
	size_t i = 0, j;
	bool syslog;
	int round;
	struct bc_kmsg_hdr h;

	ctx[0] = '\0';
	*foreign = false;
	*stamped = false;
	*kmsg = false;
	*cont = false;
	/*
	 * A /dev/kmsg record (agent/core/kmsg.h) carries its own time and
	 * caller; a facility other than the kernel's (0) is a program's
	 * line, ignored like dmesg --decode's.
	 */
	j = bc_kmsg_header(s, len, &h);
	if (j) {
		*kmsg = true;
		*cont = h.flags == 'c';
		*stamped = true;
		*foreign = bc_kmsg_facility(&h) != 0;
		bc_strlcpy(ctx, h.caller, BC_CTX_MAX);
		return *foreign ? len : j;
	}
	j = parse_syslog_date(s, len);
	syslog = j != 0;
	if (j) {
		/* host, then "kernel:" (journal/syslog) */
		size_t h = j;

		while (h < len && s[h] != ' ')
			h++;
		if (h + 8 <= len && !memcmp(s + h, " kernel:", 8)) {
			/* the date stamps the line as a console time would */
			*stamped = true;
			i = h + 8;
			if (i < len && s[i] == ' ')
				i++;
		} else {
			*foreign = true;
			return len;
		}
	}
	if (i + 2 < len && s[i] == '<' && isdigit((unsigned char)s[i + 1])) {
		j = skip_digits(s, len, i + 1);
		if (j < len && s[j] == '>' && j - i <= 4)
			i = j + 1;
	}
	/* util-linux dmesg: --decode, then --ctime or --time-format=iso */
	if (!syslog) {
		bool user = false;

		i = parse_decode(s, len, i, &user);
		if (user) {
			*foreign = true;
			return len;
		}
		j = parse_ctime(s, len, i);
		if (j == i)
			j = parse_dmesg_iso(s, len, i);
		if (j != i) {
			*stamped = true;
			i = j;
			if (i < len && s[i] == ' ')
				i++;
		}
	}
	/*
	 * Output of a program that wrote no newline (a login prompt) glued
	 * in front of a kernel line: "login: [  1.234567][  C1] msg".  Only
	 * a full timestamp + caller prefix is trusted that far into a line.
	 */
	if (parse_timestamp(s, len, i) == i && parse_caller(s, len, i, ctx) == i)
		i = glued_prefix(s, len, i, ctx);
	/* timestamp and caller field, either order, with optional host */
	for (round = 0; round < 2; round++) {
		j = parse_timestamp(s, len, i);
		if (j != i)
			*stamped = true;
		if (j == i)
			j = parse_caller(s, len, i, ctx);
		if (j == i)
			break;
		i = j;
	}
	if (i < len && s[i] == ' ')
		i++;
	/*
	 * journalctl -o short-monotonic (systemd journalctl(1)):
	 * "[   12.345678] host kernel: msg".  The host name is one word of
	 * at most HOST_NAME_MAX (64) bytes.
	 */
	if (*stamped && !syslog) {
		j = i;
		while (j < len && j - i <= 64 && s[j] != ' ' &&
		       isgraph((unsigned char)s[j]))
			j++;
		if (j > i && j - i <= 64 && len - j >= 8 &&
		    !memcmp(s + j, " kernel:", 8)) {
			i = j + 8;
			if (i < len && s[i] == ' ')
				i++;
		}
	}
	return i;
}

/* ------------------------------------------------------------------ */
/* Report window                                                       */
/* ------------------------------------------------------------------ */

static void rep_reset(struct bc_report *r)
{
	r->used = 0;
	r->n = 0;
	r->oops = 0;
	r->ctx[0] = '\0';
	r->text_lines = 0;
	r->full = false;
}

static bool rep_add(struct bc_report *r, const char *s, size_t len,
		    const char *ctx)
{
	struct bc_rline *l;

	if (r->n >= BC_REPORT_LINES || r->used + len + 1 > BC_REPORT_BYTES) {
		r->full = true;
		return false;
	}
	l = &r->lines[r->n++];
	l->off = r->used;
	l->len = len;
	bc_strlcpy(l->ctx, ctx, sizeof(l->ctx));
	memcpy(r->text + r->used, s, len);
	r->text[r->used + len] = '\0';
	r->used += len + 1;
	return true;
}

static void ring_push(struct bc_classifier *c, const char *s, size_t len,
		      const char *ctx)
{
	struct ring_line *l = &c->ring[(c->ring_head + c->ring_n) % RING_LINES];

	if (c->ring_n == RING_LINES) {
		l = &c->ring[c->ring_head];
		c->ring_head = (c->ring_head + 1) % RING_LINES;
	} else {
		c->ring_n++;
	}
	bc_strlcpyn(l->text, s, len, sizeof(l->text));
	l->len = strlen(l->text);
	bc_strlcpy(l->ctx, ctx, sizeof(l->ctx));
}

static void queue_push(struct bc_classifier *c,
		       const struct bc_classification *r)
{
	if (c->q_len == c->q_cap) {
		size_t ncap = c->q_cap ? c->q_cap * 2 : 1, i;
		struct bc_classification *nq;

		if (c->q_cap >= c->q_max)
			return;	/* caller is not draining; drop */
		if (ncap > c->q_max)
			ncap = c->q_max;
		nq = malloc(ncap * sizeof(*nq));
		if (!nq) {
			c->nomem = true;
			return;
		}
		for (i = 0; i < c->q_len; i++)
			nq[i] = c->queue[(c->q_head + i) % c->q_cap];
		free(c->queue);
		c->queue = nq;
		c->q_head = 0;
		c->q_cap = ncap;
	}
	c->queue[(c->q_head + c->q_len) % c->q_cap] = *r;
	c->q_len++;
}

static void finalize_open(struct bc_classifier *c)
{
	if (!c->have_open)
		return;
	if (c->panic_since)
		c->open->panicked = true;
	if (!c->open->kernel_release[0] && c->banner_release[0])
		bc_strlcpy(c->open->kernel_release, c->banner_release,
			   sizeof(c->open->kernel_release));
	queue_push(c, c->open);
	c->have_open = false;
	c->panic_since = false;
}

static void close_report(struct bc_classifier *c)
{
	if (!c->collecting)
		return;
	c->collecting = false;
	bc_describe_report(&c->rep, c->open);
	c->open->stamp_ns = c->stamp_ns;
	if (c->crashes == 0 && c->panic_before)
		c->open->panicked = true;
	c->have_open = true;
	c->crashes++;
	c->provisional = !(c->flags & BC_CLASSIFY_ALL) && c->rep_provisional;
	if (!(c->flags & BC_CLASSIFY_ALL) && !c->provisional)
		c->stop = true;
}

/*
 * An OOM kill's summary (mm/oom_kill.c dump_oom_summary()) is printed
 * right before its "Killed process" header.  When a report was still
 * being collected, the summary went into it and not into the look-back
 * ring: find it in that report's last lines (copied to @buf).
 */
static size_t oom_summary_carry(const struct bc_classifier *c,
				const char *ctx, char *buf, size_t size)
{
	const struct bc_report *r = &c->rep;
	size_t i, n;

	for (i = r->n; i > r->oops + 1 && r->n - i < 5; i--) {
		const struct bc_rline *l = &r->lines[i - 1];
		const char *t = r->text + l->off;

		if (strcmp(l->ctx, ctx) ||
		    !bc_memstr(t, l->len, "oom-kill:constraint="))
			continue;
		n = l->len < size - 1 ? l->len : size - 1;
		memcpy(buf, t, n);
		buf[n] = '\0';
		return n;
	}
	return 0;
}

static void start_report(struct bc_classifier *c, const struct bc_oops *h,
			 const char *msg, size_t len, const char *ctx,
			 uint64_t stamp_ns, bool after_report)
{
	size_t i, want, taken = 0, first, carry_len = 0;
	char carry[LINE_CAP];

	if (after_report && bc_oops_one_line(h) && !bc_oops_reboot(h))
		carry_len = oom_summary_carry(c, ctx, carry, sizeof(carry));
	if (c->provisional) {
		c->have_open = false;
		c->provisional = false;
		c->crashes--;
	}
	finalize_open(c);
	c->one_line = bc_oops_one_line(h) || bc_oops_reboot(h);
	c->rep_provisional = bc_oops_provisional(h);
	rep_reset(&c->rep);
	c->collecting = true;
	c->panic_since = false;
	bc_strlcpy(c->rep.ctx, ctx, sizeof(c->rep.ctx));
	if (carry_len)
		rep_add(&c->rep, carry, carry_len, ctx);
	/* preceding lines of the same caller: more when it is a task */
	want = ctx[0] == 'T' ? 50 : 5;
	first = c->ring_n;
	for (i = c->ring_n; i > 0 && taken < want; i--) {
		struct ring_line *l =
			&c->ring[(c->ring_head + i - 1) % RING_LINES];

		if (strcmp(l->ctx, ctx))
			continue;
		taken++;
		first = i - 1;
	}
	for (i = first; i < c->ring_n; i++) {
		struct ring_line *l = &c->ring[(c->ring_head + i) % RING_LINES];

		if (!strcmp(l->ctx, ctx))
			rep_add(&c->rep, l->text, l->len, l->ctx);
	}
	c->ring_n = 0;
	c->rep.oops = c->rep.n;
	c->stamp_ns = stamp_ns;
	rep_add(&c->rep, msg, len, ctx);
	/* kernel/rcu/tree_stall.h, tree_exp.h ("detected expedited stalls") */
	c->stall = bc_memstr(msg, len, "INFO: rcu") &&
		   (bc_memstr(msg, len, "detected stall") ||
		    bc_memstr(msg, len, "detected expedited stall"));
	c->warn_follow = bc_warn_follow(msg, len);
	/*
	 * lib/list_debug.c and mm/usercopy.c print their finding, then
	 * BUG(): the "kernel BUG at" that follows is the same report
	 */
	/*
	 * ... and rust/kernel/lib.rs's #[panic_handler] prints the panic
	 * ("rust_kernel: panicked at FILE:N:C:" and the message), then calls
	 * rust_helper_BUG() (rust/helpers/bug.c), whose BUG() is the same
	 * report too (spec 11)
	 */
	c->checker = bc_memstr(msg, len, "rust_kernel: panicked") ||
		     bc_memstr(msg, len, "list_add corruption") ||
		     bc_memstr(msg, len, "list_del corruption") ||
		     bc_memstr(msg, len, "usercopy: Kernel memory") ||
		     bc_memstr(msg, len, "usercopy: kernel memory");
}

static void note_release(struct bc_classifier *c, const char *msg, size_t len)
{
	const char *p = bc_memstr(msg, len, "Linux version ");
	size_t i, n;

	if (!p || c->banner_release[0])
		return;
	p += 14;
	i = (size_t)(p - msg);
	n = 0;
	while (i + n < len && msg[i + n] != ' ')
		n++;
	bc_strlcpyn(c->banner_release, p, n, sizeof(c->banner_release));
}

static bool is_firmware_banner(const char *msg, size_t len)
{
	return bc_memstr(msg, len, "SeaBIOS") ||
	       bc_memstr(msg, len, "Booting from ") ||
	       bc_memstr(msg, len, "Decompressing Linux") ||
	       bc_memstr(msg, len, "early console in ") ||
	       bc_memstr(msg, len, "iPXE");
}

/* What any line tells: panic, release, a late module list, other output. */
static void note_line(struct bc_classifier *c, const char *msg, size_t len)
{
	if (bc_memstr(msg, len, "Kernel panic - not syncing")) {
		if (!c->crashes && !c->collecting)
			c->panic_before = true;
		c->panic_since = true;
	}
	note_release(c, msg, len);
	/* a crash without a module list takes the next one printed */
	if (c->have_open && !c->open->nmodules && !c->collecting) {
		const char *p = bc_memstr(msg, len, "Modules linked in:");

		if (p) {
			char tmp[LINE_CAP];

			bc_strlcpyn(tmp, p + 18, len - (size_t)(p - msg) - 18,
				    sizeof(tmp));
			bc_parse_modules(tmp, c->open);
		}
	}
	/*
	 * arch/x86/boot/compressed/misc.c extract_kernel() prints "early
	 * console in extract_kernel", its debug_putaddr() lines
	 * ("input_data: 0x..", "output_len: 0x.." ...), "Decompressing
	 * Linux... Parsing ELF... done." and last "Booting the kernel
	 * (entry_offset: 0x..).": the boot itself, no output of a
	 * kernel that ran before it
	 */
	if (is_firmware_banner(msg, len)) {
		if (bc_memstr(msg, len, "early console in extract_kernel") ||
		    bc_memstr(msg, len, "Decompressing Linux"))
			c->in_decomp = true;
		if (c->saw_output)
			c->prior_output = true;
	} else if (c->in_decomp) {
		if (bc_memstr(msg, len, "Booting the kernel"))
			c->in_decomp = false;
	} else if (len) {
		c->saw_output = true;
	}
}

/*
 * A line while a report is open: msg = line + m (after the console
 * prefix), ctx its CPU/task context.
 */
/*
 * kernel/workqueue.c wq_watchdog_timer_fn() prints one "BUG: workqueue
 * lockup" line per stuck pool, then the one dump of all workqueues that
 * names their busy workers: the lines after the first belong to its
 * report.
 */
static bool wq_lockup_more(const struct bc_classifier *c, const char *msg,
			   size_t len)
{
	static const char wq[] = "BUG: workqueue lockup - pool";
	const struct bc_report *r = &c->rep;

	return r->n > r->oops &&
	       bc_memstr(r->text + r->lines[r->oops].off,
			 r->lines[r->oops].len, wq) &&
	       bc_memstr(msg, len, wq);
}

static void collect_line(struct bc_classifier *c, const char *line, size_t m,
			 size_t len, const char *ctx, bool stamped)
{
	const char *msg = line + m;
	const struct bc_oops *h;

	/*
	 * The header line was a fragment printk prints again; the
	 * marker carries no console prefix of its own.
	 */
	if (c->rep.n == c->rep.oops + 1 &&
	    bc_memstr(msg, len, "** replaying previous printk message **")) {
		c->collecting = false;
		c->rep.n = 0;
		return;
	}
	if (strcmp(ctx, c->rep.ctx))
		return;	/* another CPU or task: de-interleave */
	/*
	 * printk prefixes every kernel line with the timestamp; on a
	 * stamped console, bare lines are other programs' output.
	 */
	if (c->stamped && !stamped && len &&
	    !(c->mods_cont && bc_modules_cont(msg, len)))
		return;
	c->mods_cont = bc_memstr(msg, len, "Modules linked in:") ||
		       (c->mods_cont && bc_modules_cont(msg, len));
	/* messages that dump a stack of their own end the report */
	if (bc_memstr(msg, len, "FAULT_INJECTION: forcing a failure") ||
	    bc_memstr(msg, len, "vmalloc: allocation failure:")) {
		close_report(c);
		return;
	}
	h = bc_match_oops(msg, len, c->prior_output);
	/*
	 * A __warn() right after the header: the report's own WARN (it goes
	 * on), or the header was the WARN's message (__warn()'s report
	 * replaces it), see bc_warn_follow()
	 */
	if (h && c->warn_follow != BC_WARN_OTHER &&
	    c->rep.n - c->rep.oops <= BC_WARN_MSG_LINES &&
	    bc_warn_line(msg, len)) {
		if (c->warn_follow == BC_WARN_MESSAGE) {
			c->collecting = false;
			c->rep.n = 0;
			start_report(c, h, msg, len, ctx, stamped ?
				     stamp_value(line, m) : 0, false);
			return;
		}
		h = NULL;
	}
	/*
	 * The RCU stall dump itself may WARN (sched_show_task(),
	 * try_invoke_on_locked_down_task()): the stalled CPU's
	 * stack still follows.
	 */
	if (h && h->ends_report &&
	    !(c->stall && !strcmp(h->needle, "WARNING:")) &&
	    !wq_lockup_more(c, msg, len) &&
	    !(c->checker && (!strcmp(h->needle, "kernel BUG") ||
			     !strcmp(h->needle, "Kernel BUG at ")))) {
		close_report(c);
		if (!c->stop)
			start_report(c, h, msg, len, ctx, stamped ?
				     stamp_value(line, m) : 0, true);
		return;
	}
	if (c->rep.text_lines > 22 &&
	    (bc_memstr(msg, len, "Kernel panic - not syncing") ||
	     bc_memstr(msg, len,
		       "WARNING: possible circular locking dependency"))) {
		close_report(c);
		return;
	}
	if (!rep_add(&c->rep, msg, len, ctx))
		close_report(c);
	else
		c->rep.text_lines++;
}

/* One console line: its prefix is line[0, m), its message line[m, m + len). */
static void process_msg(struct bc_classifier *c, const char *line, size_t m,
			size_t len, const char *ctx, bool stamped)
{
	const struct bc_oops *h;
	const char *msg = line + m;

	note_line(c, msg, len);
	/* a one-line report ends at the next line, which is looked at anew */
	if (c->collecting && c->one_line)
		close_report(c);
	if (c->collecting) {
		collect_line(c, line, m, len, ctx, stamped);
		return;
	}
	if (c->stop)
		return;
	h = bc_match_oops(msg, len, c->prior_output);
	if (h) {
		start_report(c, h, msg, len, ctx,
			     stamped ? stamp_value(line, m) : 0, false);
		c->stamped = stamped;
		c->mods_cont = false;
	} else
		ring_push(c, msg, len, ctx);
}

/*
 * A /dev/kmsg record whose text held several lines (an escaped '\n'):
 * each goes on as a console line of its own with the record's prefix,
 * as record_print_text() prints them.
 */
static void process_kmsg_lines(struct bc_classifier *c, const char *line,
			       size_t m, size_t len, const char *ctx)
{
	char one[LINE_CAP];
	const char *p = line + m, *end = line + len, *nl;

	memcpy(one, line, m);
	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		memcpy(one + m, p, (size_t)(nl - p));
		one[m + (size_t)(nl - p)] = '\0';
		process_msg(c, one, m, (size_t)(nl - p), ctx, true);
		p = nl + 1;
	}
}

/* A /dev/kmsg record's text (unescaped) after its prefix line[0, m). */
static void process_kmsg_record(struct bc_classifier *c, const char *line,
				size_t m, size_t len, const char *ctx)
{
	if (memchr(line + m, '\n', len - m))
		process_kmsg_lines(c, line, m, len, ctx);
	else
		process_msg(c, line, m, len - m, ctx, true);
}

/* The held /dev/kmsg record goes on as a line. */
static void flush_held(struct bc_classifier *c)
{
	size_t n = c->held_len;

	if (!n)
		return;
	c->held_len = 0;
	process_kmsg_record(c, c->held, c->held_m, n, c->held_ctx);
}

static void process_line(struct bc_classifier *c, const char *raw, size_t rlen)
{
	char line[LINE_CAP], ctx[BC_CTX_MAX];
	size_t len = 0, i, m;
	bool foreign, stamped, kmsg, cont;

	for (i = 0; i < rlen && len < sizeof(line) - 1; i++) {
		if (raw[i] == '\r' || raw[i] == '\0')
			continue;
		line[len++] = raw[i];
	}
	line[len] = '\0';
	/* the dictionary of the last /dev/kmsg record is not console text */
	if (c->kmsg && bc_kmsg_dict_line(line, len, NULL, NULL, NULL, NULL))
		return;
	m = strip_prefix(line, len, ctx, &foreign, &stamped, &kmsg, &cont);
	c->kmsg = kmsg;
	if (foreign)
		return;
	if (kmsg) {
		len = m + bc_kmsg_unescape(line + m, len - m);
		line[len] = '\0';
		/*
		 * kernel/printk/printk.c vprintk_store(): a KERN_CONT
		 * printk that cannot extend the last record of its caller
		 * (prb_reserve_in_last()) makes a record of its own with
		 * LOG_CONT, shown as flags 'c': a fragment of that line
		 * (Documentation/ABI/testing/dev-kmsg: "merging the lines
		 * in the output usually produces better human readable
		 * results").  Each record is held until the next line shows
		 * whether a fragment of the same caller continues it.
		 */
		if (cont && c->held_len && !strcmp(ctx, c->held_ctx)) {
			size_t n = len - m;

			if (n > sizeof(c->held) - 1 - c->held_len)
				n = sizeof(c->held) - 1 - c->held_len;
			memcpy(c->held + c->held_len, line + m, n);
			c->held_len += n;
			c->held[c->held_len] = '\0';
			return;
		}
		flush_held(c);
		memcpy(c->held, line, len + 1);
		c->held_len = len;
		c->held_m = m;
		bc_strlcpy(c->held_ctx, ctx, sizeof(c->held_ctx));
		return;
	}
	flush_held(c);
	process_msg(c, line, m, len - m, ctx, stamped);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

struct bc_classifier *bc_classifier_new(unsigned int flags)
{
	struct bc_classifier *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	/*
	 * Creating a classifier is cheap: the ring and the report window
	 * are written before they are read (ring_n, rep.n count the valid
	 * entries), so they need no zeroing, and the result queue grows on
	 * demand (most inputs hold zero or one crash).
	 */
	c->flags = flags;
	c->ring = malloc(RING_LINES * sizeof(*c->ring));
	c->rep.text = malloc(BC_REPORT_BYTES);
	c->rep.lines = malloc(BC_REPORT_LINES * sizeof(*c->rep.lines));
	c->open = calloc(1, sizeof(*c->open));
	c->q_max = flags & BC_CLASSIFY_ALL ? QUEUE_CAP : 2;
	if (!c->ring || !c->rep.text || !c->rep.lines || !c->open) {
		bc_classifier_free(c);
		return NULL;
	}
	return c;
}

void bc_classifier_reset(struct bc_classifier *c, unsigned int flags)
{
	struct bc_classifier keep = *c;

	memset(c, 0, sizeof(*c));
	c->flags = flags;
	c->ring = keep.ring;
	c->rep.text = keep.rep.text;
	c->rep.lines = keep.rep.lines;
	c->open = keep.open;
	memset(c->open, 0, sizeof(*c->open));
	c->queue = keep.queue;
	c->q_cap = keep.q_cap;
	c->q_max = flags & BC_CLASSIFY_ALL ? QUEUE_CAP : 2;
	if (c->q_cap > c->q_max) {
		/* keep the memory bound of the new mode */
		free(c->queue);
		c->queue = NULL;
		c->q_cap = 0;
	}
}

void bc_classifier_free(struct bc_classifier *c)
{
	if (!c)
		return;
	free(c->ring);
	free(c->rep.text);
	free(c->rep.lines);
	free(c->open);
	free(c->queue);
	free(c);
}

int bc_classifier_feed(struct bc_classifier *c, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		if (c->part_len == 0 && nl) {
			process_line(c, buf, n);
		} else {
			size_t room = sizeof(c->part) - c->part_len;
			size_t k = n < room ? n : room;

			memcpy(c->part + c->part_len, buf, k);
			c->part_len += k;
			if (nl) {
				process_line(c, c->part, c->part_len);
				c->part_len = 0;
			}
		}
		if (!nl)
			break;
		buf += n + 1;
		len -= n + 1;
	}
	return c->nomem ? -ENOMEM : 0;
}

int bc_classifier_finish(struct bc_classifier *c)
{
	if (c->part_len) {
		process_line(c, c->part, c->part_len);
		c->part_len = 0;
	}
	flush_held(c);
	close_report(c);
	finalize_open(c);
	return c->nomem ? -ENOMEM : 0;
}

int bc_classifier_next(struct bc_classifier *c, struct bc_classification *out)
{
	if (!c->q_len)
		return 0;
	*out = c->queue[c->q_head];
	c->q_head = (c->q_head + 1) % c->q_cap;
	c->q_len--;
	return 1;
}

/*
 * One classifier per thread serves bc_classify_buffer(): records are
 * classified one after the other, and reusing the buffers makes a call
 * cost what its input costs, not a fresh set of allocations.
 */
static __thread struct bc_classifier *spare;

int bc_classify_buffer(const char *buf, size_t len,
		       struct bc_classification *out)
{
	struct bc_classifier *c = spare;
	int ret;

	spare = NULL;	/* re-entrant: a nested call makes its own */
	if (c)
		bc_classifier_reset(c, 0);
	else
		c = bc_classifier_new(0);
	if (!c)
		return -ENOMEM;
	bc_classifier_feed(c, buf, len);
	ret = bc_classifier_finish(c);
	if (bc_classifier_next(c, out) == 1)
		ret = 1;
	if (spare)
		bc_classifier_free(c);
	else
		spare = c;
	return ret;
}

/* Title and class for a record whose log tail shows no crash. */
static void facts_fallback(const struct bc_crash_facts *fx,
			   struct bc_classification *out)
{
	static const struct {
		enum bugcheck_class cls;
		const char *title;
	} by_reason[BUGCHECK_REASON_MAX] = {
		[BUGCHECK_REASON_UNKNOWN] = { BUGCHECK_CLASS_UNKNOWN, "kernel crash" },
		[BUGCHECK_REASON_PANIC] = { BUGCHECK_CLASS_KERNEL_PANIC, "kernel panic" },
		[BUGCHECK_REASON_OOPS] = { BUGCHECK_CLASS_BAD_ACCESS, "Oops" },
		[BUGCHECK_REASON_BUG] = { BUGCHECK_CLASS_KERNEL_BUG, "kernel BUG" },
		[BUGCHECK_REASON_WARN] = { BUGCHECK_CLASS_WARNING, "WARNING" },
		[BUGCHECK_REASON_SOFT_LOCKUP] = { BUGCHECK_CLASS_SOFT_LOCKUP, "BUG: soft lockup" },
		[BUGCHECK_REASON_HARD_LOCKUP] = { BUGCHECK_CLASS_HARD_LOCKUP, "BUG: hard lockup" },
		[BUGCHECK_REASON_HUNG_TASK] = { BUGCHECK_CLASS_HUNG_TASK, "INFO: task hung" },
		[BUGCHECK_REASON_RCU_STALL] = { BUGCHECK_CLASS_RCU_STALL, "INFO: rcu detected stall" },
		[BUGCHECK_REASON_OOM] = { BUGCHECK_CLASS_OUT_OF_MEMORY, "kernel panic: Out of memory" },
		[BUGCHECK_REASON_MCE] = { BUGCHECK_CLASS_MACHINE_CHECK, "machine check" },
		[BUGCHECK_REASON_STACK_OVERFLOW] = { BUGCHECK_CLASS_STACK_OVERFLOW, "kernel stack overflow" },
		[BUGCHECK_REASON_KILL_INIT] = { BUGCHECK_CLASS_KILL_INIT, "kernel panic: Attempted to kill init!" },
		[BUGCHECK_REASON_NMI] = { BUGCHECK_CLASS_KERNEL_PANIC, "kernel panic: NMI" },
	};
	unsigned int reason = fx->reason < BUGCHECK_REASON_MAX ? fx->reason : 0;

	memset(out, 0, sizeof(*out));
	out->culprit = -1;
	out->cls = by_reason[reason].cls;
	bc_strlcpy(out->title, by_reason[reason].title, sizeof(out->title));
	out->corrupted = true;
}

/*
 * Use structured frames when the text gave no culprit.  The function goes
 * into the title only where the text left a hole for it: "<prefix> in
 * corrupted", or the bare fallback title of a record without a report.
 * Titles that name no frame by format ("kernel panic: msg") stay as the
 * text path makes them, so record and log hash alike.
 */
static void facts_frames(const struct bc_crash_facts *fx,
			 struct bc_classification *out, bool fallback)
{
	char title[BC_TITLE_MAX * 2], fn[BC_FUNC_MAX];
	size_t i, n = 0;
	int culprit = -1;
	const char *p;

	for (i = 0; i < fx->nframes && n < BC_MAX_FRAMES; i++) {
		const struct bc_fact_frame *ff = &fx->frames[i];
		struct bc_frame *f = &out->frames[n];
		const char *dot;

		if (!ff->symbol || !ff->symbol[0])
			continue;
		memset(f, 0, sizeof(*f));
		dot = strchr(ff->symbol, '.');
		bc_strlcpyn(f->function, ff->symbol,
			    dot && dot != ff->symbol ? (size_t)(dot - ff->symbol)
						     : strlen(ff->symbol),
			    sizeof(f->function));
		bc_strlcpy(f->module, ff->module ? ff->module : "",
			   sizeof(f->module));
		f->offset = ff->offset;
		if (culprit < 0 && !bc_frame_is_generic(f->function))
			culprit = (int)n;
		n++;
	}
	out->nframes = (unsigned int)n;
	if (culprit < 0)
		return;
	out->culprit = culprit;
	bc_strlcpy(out->function, out->frames[culprit].function,
		   sizeof(out->function));
	bc_strlcpy(out->image, out->frames[culprit].module[0] ?
			       out->frames[culprit].module : "vmlinux",
		   sizeof(out->image));
	/* "<prefix> in corrupted" -> "<prefix> in <function>" */
	p = strstr(out->title, " in corrupted");
	bc_strlcpy(fn, out->function, sizeof(fn));
	bc_strip_syscall_prefix(fn);
	if (p && !p[13]) {
		snprintf(title, sizeof(title), "%.*s in %s",
			 (int)(p - out->title), out->title, fn);
	} else if (fallback && !strstr(out->title, " in ")) {
		snprintf(title, sizeof(title), "%s in %s", out->title, fn);
	} else {
		return;
	}
	bc_title_normalize(title, sizeof(title));
	bc_strlcpy(out->title, title, sizeof(out->title));
	out->corrupted = false;
}

int bc_classify_facts(const struct bc_crash_facts *fx,
		      struct bc_classification *out)
{
	int ret = 0;
	size_t i;

	if (!fx || !out)
		return -EINVAL;
	if (fx->log && fx->log_len) {
		ret = bc_classify_buffer(fx->log, fx->log_len, out);
		if (ret < 0)
			return ret;
	}
	if (ret == 0 && fx->message && fx->message[0]) {
		/*
		 * The die/panic string is a console line of its own; panic()
		 * prints its message after "Kernel panic - not syncing: ".
		 */
		char buf[BC_TITLE_MAX + 64];
		bool pfx = fx->reason == BUGCHECK_REASON_PANIC &&
			   strncmp(fx->message, "Kernel panic", 12);
		int n = snprintf(buf, sizeof(buf), "%s%s\n",
				 pfx ? "Kernel panic - not syncing: " : "",
				 fx->message);

		if (n > 0)
			ret = bc_classify_buffer(buf, strnlen(buf, sizeof(buf)),
						 out);
		if (ret < 0)
			return ret;
	}
	if (ret == 0)
		facts_fallback(fx, out);
	if (!out->function[0] && fx->nframes && fx->frames)
		facts_frames(fx, out, ret == 0);
	if (!out->kernel_release[0] && fx->release)
		bc_strlcpy(out->kernel_release, fx->release,
			   sizeof(out->kernel_release));
	if (!out->tainted_known) {
		static const char letters[] = "PFSRMBUDAWCIOELKXTN";

		out->tainted_known = true;
		for (i = 0; i < sizeof(letters) - 1 && i < 64; i++)
			if (fx->taint & (1ULL << i)) {
				size_t l = strlen(out->taint);

				if (l + 1 < sizeof(out->taint)) {
					out->taint[l] = letters[i];
					out->taint[l + 1] = '\0';
				}
			}
	}
	if (!out->modules[0] && fx->modules) {
		for (i = 0; i < fx->nmodules; i++) {
			size_t l = strlen(out->modules);
			const char *m = fx->modules[i];

			if (!m || !m[0] || l + strlen(m) + 2 >= sizeof(out->modules))
				continue;
			if (l)
				out->modules[l++] = ' ';
			strcpy(out->modules + l, m);
			out->nmodules++;
		}
	}
	if (fx->panicked)
		out->panicked = true;
	bc_finish_classification(out);
	return 1;
}
