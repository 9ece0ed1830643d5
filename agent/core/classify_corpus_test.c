// SPDX-License-Identifier: GPL-2.0
/*
 * Scores the classifier against the shared crash corpus
 * (../shared/corpus or $BUGCHECK_CORPUS, see its README.md section 1.4) and fails when a
 * threshold is missed.
 *
 *   classify_corpus_test CORPUS_DIR [-v]
 *
 * Prints every figure with its threshold, the first mismatching files of
 * each metric (all of them with -v), and exits 0 when every threshold is
 * met, 1 when one is missed, 2 on usage or I/O errors.
 *
 * The corpus is split (docs/classifier.md, "Evaluation"): a file of
 * syzkaller-linux-report whose number is 3 mod 4 belongs to the TEST
 * part, the rest to the DEV part; in the satyr and abrt tables the row's
 * ordinal (0-based, counting only rows that are scored) decides the same
 * way, and a pair of files (hash metrics) is TEST when either file is.
 * Every metric prints both parts.  Mismatches of the TEST part are never
 * printed, only counted: rules are developed on the DEV part alone.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"

#define MAX_FILES 2048
#define MAX_ALTS 8

struct expect {
	char name[32];
	char title[256];
	char alts[MAX_ALTS][256];
	int nalts;
	char type[64];
	char frame[128];
	bool corrupted;
	bool panicked;
	bool has_header;
	/* results */
	bool found;
	bool meta_same;		/* rewritten log gave the same hash */
	bool frame_same[8];	/* per framing (FR_*): same result */
	struct bc_classification got;
};

static bool verbose;
static unsigned int meta_changed;	/* logs the rewrite altered */
static unsigned int frame_changed[8];	/* logs each framing altered */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (n + 65536 > cap) {
			char *nb = realloc(buf, cap + 65536 + 1);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Parse a corpus file; returns the log (malloc'ed) and fills e. */
static char *parse_case(char *buf, size_t len, struct expect *e, size_t *loglen)
{
	char *out = malloc(len + 2), *p = buf, *end = buf + len;
	size_t o = 0, w = 0, i;
	bool header = true, first = true, prev_empty = false;

	if (!out)
		return NULL;
	/* drop every \r */
	for (i = 0; i < len; i++)
		if (buf[i] != '\r')
			buf[w++] = buf[i];
	end = buf + w;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (header) {
			if (n == 0) {
				header = false;
				if (!first)
					e->has_header = true;
			} else if (p[0] == '#') {
				/* comment */
			} else if (n > 7 && !strncmp(p, "TITLE: ", 7)) {
				snprintf(e->title, sizeof(e->title), "%.*s",
					 (int)(n - 7), p + 7);
			} else if (n > 5 && !strncmp(p, "ALT: ", 5)) {
				if (e->nalts < MAX_ALTS)
					snprintf(e->alts[e->nalts++], 256,
						 "%.*s", (int)(n - 5), p + 5);
			} else if (n > 6 && !strncmp(p, "TYPE: ", 6)) {
				snprintf(e->type, sizeof(e->type), "%.*s",
					 (int)(n - 6), p + 6);
			} else if (n > 7 && !strncmp(p, "FRAME: ", 7)) {
				snprintf(e->frame, sizeof(e->frame), "%.*s",
					 (int)(n - 7), p + 7);
			} else if (!strncmp(p, "CORRUPTED: Y", 12)) {
				e->corrupted = true;
			} else if (!strncmp(p, "PANICKED: Y", 11)) {
				e->panicked = true;
			}
			first = false;
		} else {
			if (n == 7 && !strncmp(p, "REPORT:", 7) && prev_empty)
				break;
			memcpy(out + o, p, n);
			o += n;
			out[o++] = '\n';
			prev_empty = n == 0;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	out[o] = '\0';
	*loglen = o;
	if (!e->type[0])
		snprintf(e->type, sizeof(e->type), "UNKNOWN");
	return out;
}

/* The frame syzkaller derives from a title: text after the last " in ". */
static void title_frame(const char *title, char *out, size_t sz)
{
	const char *p = NULL, *q = title;
	size_t n = 0;

	while ((q = strstr(q, " in "))) {
		p = q + 4;
		q++;
	}
	out[0] = '\0';
	if (!p)
		return;
	if (*p == '<') {
		while (p[n] && p[n] != '>')
			n++;
		if (p[n])
			n++;
	}
	while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_' ||
			p[n] == ':'))
		n++;
	snprintf(out, sz, "%.*s", (int)n, p);
}

static bool type_ok(enum bugcheck_class cls, const char *type)
{
	const char *t = bc_class_syz_types(cls);
	size_t n = strlen(type);

	while (t && *t) {
		const char *bar = strchr(t, '|');
		size_t m = bar ? (size_t)(bar - t) : strlen(t);

		if (m == n && !strncmp(t, type, n))
			return true;
		t = bar ? bar + 1 : NULL;
	}
	return false;
}

/*
 * A metric passes at or above its issue threshold.  A metric whose
 * threshold is not reached yet may carry a lower floor (the figure
 * reached so far) that keeps the suite failing on any regression while
 * the gap is printed as "BELOW TARGET"; every metric meets its threshold
 * now, so none has one.
 */
struct metric {
	const char *name;
	unsigned int ok, total;
	double threshold;	/* percent, the issue's target */
	unsigned int shown;
	double floor;		/* percent; 0 means the threshold */
	unsigned int pok[2], ptotal[2];	/* per part: DEV, TEST */
	unsigned int hidden;	/* TEST mismatches, counted not shown */
};

enum { PART_DEV, PART_TEST };
static int cur_part;	/* part of the case (or pair) being scored */

/* TEST part: number (or ordinal) 3 mod 4. */
static int part_of(unsigned long n)
{
	return n % 4 == 3 ? PART_TEST : PART_DEV;
}

static void miss(struct metric *m, const struct expect *e, const char *want,
		 const char *got)
{
	if (cur_part == PART_TEST) {
		m->hidden++;
		return;
	}
	if (m->shown++ < 20 || verbose)
		printf("  %-10s %-5s want '%s' got '%s'\n", m->name, e->name,
		       want, got);
}

static bool report(const struct metric *m)
{
	double pct = m->total ? 100.0 * m->ok / m->total : 100.0;
	double floor = m->floor > 0 ? m->floor : m->threshold;
	bool target = pct + 1e-9 >= m->threshold;
	bool pass = pct + 1e-9 >= floor;
	double pd = m->ptotal[0] ? 100.0 * m->pok[0] / m->ptotal[0] : 100.0;
	double pt = m->ptotal[1] ? 100.0 * m->pok[1] / m->ptotal[1] : 100.0;

	if (target || !(m->floor > 0))
		printf("%-24s %5u/%-5u %6.2f%%  (threshold %.1f%%) %s\n",
		       m->name, m->ok, m->total, pct, m->threshold,
		       target ? "ok" : "MISSED");
	else
		printf("%-24s %5u/%-5u %6.2f%%  (threshold %.1f%%) BELOW TARGET, regression floor %.1f%% %s\n",
		       m->name, m->ok, m->total, pct, m->threshold, floor,
		       pass ? "held" : "REGRESSED");
	printf("  %-22s dev %5u/%-5u %6.2f%%   test %5u/%-5u %6.2f%%%s\n", "",
	       m->pok[0], m->ptotal[0], pd, m->pok[1], m->ptotal[1], pt,
	       m->hidden ? "  (test mismatches not shown)" : "");
	return pass;
}

/* Classify a whole file (first crash); returns 1 when one was found. */
static int classify_file(const char *path, struct bc_classification *out)
{
	size_t len, i, o = 0;
	char *buf = read_file(path, &len), *t;
	int r;

	if (!buf)
		return -1;
	/* abrt templates: put a host name where the placeholders are */
	t = malloc(len * 2 + 64);
	if (!t) {
		free(buf);
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!strncmp(buf + i, ":FULL_HOSTNAME:", 15)) {
			memcpy(t + o, "host.example.org", 16);
			o += 16;
			i += 14;
		} else if (!strncmp(buf + i, ":HOSTNAME:", 10)) {
			memcpy(t + o, "host", 4);
			o += 4;
			i += 9;
		} else {
			t[o++] = buf[i];
		}
	}
	r = bc_classify_buffer(t, o, out);
	free(buf);
	free(t);
	return r;
}

/* Open "dir/name", or "dir/name.template" when the name says "(.template)". */
static int classify_named(const char *dir, const char *name,
			  struct bc_classification *out)
{
	char path[4352], base[256];
	const char *p = strstr(name, "(.template)");

	snprintf(base, sizeof(base), "%.*s", p ? (int)(p - name) : (int)strlen(name),
		 name);
	snprintf(path, sizeof(path), "%s/%s", dir, base);
	if (p || access(path, R_OK))
		snprintf(path, sizeof(path), "%s/%s.template", dir, base);
	return classify_file(path, out);
}

/* Split a TSV line in place; returns the number of fields. */
static int split_tsv(char *l, char **f, int max)
{
	int n = 0;

	while (n < max) {
		char *tab = strchr(l, '\t');

		f[n++] = l;
		if (!tab)
			break;
		*tab = '\0';
		l = tab + 1;
	}
	return n;
}

/*
 * satyr: taint flag count and module count of every active row of
 * EXPECTED.tsv.  abrt: kernel version, short taint string and same-hash
 * pairs of EXPECTED-koops-parser.tsv.
 */
static void score_metadata(const char *corpus, struct metric *sat,
			   struct metric *abrt)
{
	char dir[4096], path[4352], line[1024];
	struct bc_classification a, b;
	unsigned long ord = 0;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/satyr-kerneloopses", corpus);
	snprintf(path, sizeof(path), "%s/EXPECTED.tsv", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *fld[10], got[64], want[64];
		struct expect e = { 0 };
		int n;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !strncmp(line, "file\t", 5))
			continue;
		n = split_tsv(line, fld, 10);
		if (n < 9 || strcmp(fld[8], "yes"))
			continue;
		snprintf(e.name, sizeof(e.name), "%.31s", fld[0]);
		memset(&a, 0, sizeof(a));
		if (classify_named(dir, fld[0], &a) < 0)
			continue;
		cur_part = part_of(ord++);
		snprintf(want, sizeof(want), "taint=%s modules=%s", fld[4], fld[5]);
		snprintf(got, sizeof(got), "taint=%zu modules=%u",
			 strlen(a.taint), a.nmodules);
		sat->total++, sat->ptotal[cur_part]++;
		if (!strcmp(want, got))
			sat->ok++, sat->pok[cur_part]++;
		else
			miss(sat, &e, want, got);
	}
	if (f)
		fclose(f);

	snprintf(dir, sizeof(dir), "%s/abrt-koops-examples", corpus);
	snprintf(path, sizeof(path), "%s/EXPECTED-koops-parser.tsv", dir);
	f = fopen(path, "r");
	ord = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *fld[4], got[128];
		struct expect e = { 0 };
		bool ok = false;
		int n;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#')
			continue;
		n = split_tsv(line, fld, 4);
		if (n < 3)
			continue;
		snprintf(e.name, sizeof(e.name), "%.31s", fld[1]);
		memset(&a, 0, sizeof(a));
		if (!strcmp(fld[0], "extract_version")) {
			classify_named(dir, fld[1], &a);
			snprintf(got, sizeof(got), "%s", a.kernel_release);
			ok = !strcmp(got, fld[2]);
		} else if (!strcmp(fld[0], "tainted_short")) {
			classify_named(dir, fld[1], &a);
			snprintf(got, sizeof(got), "%s",
				 a.taint[0] ? a.taint : "(not tainted)");
			ok = !strcmp(got, fld[2]);
		} else if (!strcmp(fld[0], "hash_same_as")) {
			memset(&b, 0, sizeof(b));
			if (classify_named(dir, fld[1], &a) == 1 &&
			    classify_named(dir, fld[2], &b) == 1) {
				snprintf(got, sizeof(got), "%.60s / %.60s",
					 a.title, b.title);
				ok = !strcmp(a.failure_hash, b.failure_hash);
			} else {
				snprintf(got, sizeof(got), "no crash found");
			}
		} else {
			continue;
		}
		cur_part = part_of(ord++);
		abrt->total++, abrt->ptotal[cur_part]++;
		if (ok)
			abrt->ok++, abrt->pok[cur_part]++;
		else
			miss(abrt, &e, fld[2], got);
	}
	if (f)
		fclose(f);
}

/* digits and hex digits are remapped by fixed bijections */
static char map_dec(char c)
{
	return (char)('0' + ((c - '0') * 7 + 3) % 10);
}

static char map_hex(char c)
{
	int v = isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;

	v = (v + 5) % 16;
	return (char)(v < 10 ? '0' + v : 'a' + v - 10);
}

static bool word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Metamorphic rewrite of a console log: other timestamps, addresses,
 * offsets, CPU numbers, PIDs/task ids and kernel release.  Equal values
 * stay equal (bijections), so de-interleaving is unchanged.  Returns a
 * malloc'ed buffer of *olen bytes.
 */
static char *rewrite_log(const char *in, size_t len, size_t *olen)
{
	static const char *const dec_after[] = {
		"CPU: ", "CPU#", "PID: ", "pid: ", "pid ", "[ T", "[T", "[ C",
		"[C", "cpu ", "Comm: syz-executor", NULL,
	};
	char *out = malloc(len * 2 + 64);
	size_t i = 0, o = 0;

	if (!out)
		return NULL;
	while (i < len) {
		const char *const *d;
		size_t k;

		/* "[  123.456789]" timestamps */
		if (in[i] == '[' && (i == 0 || in[i - 1] == '\n' || in[i - 1] == ']')) {
			k = i + 1;
			while (k < len && in[k] == ' ')
				k++;
			if (k < len && isdigit((unsigned char)in[k])) {
				size_t j = k;

				while (j < len && (isdigit((unsigned char)in[j]) || in[j] == '.'))
					j++;
				if (j < len && in[j] == ']') {
					memcpy(out + o, in + i, k - i);
					o += k - i;
					for (; k < j; k++)
						out[o++] = in[k] == '.' ? '.' : map_dec(in[k]);
					i = j;
					continue;
				}
			}
		}
		/* "Tainted: ... <release> #N" / "Not tainted <release>" */
		if (!strncmp(in + i, "tainted ", 8) && i + 8 < len &&
		    isdigit((unsigned char)in[i + 8])) {
			memcpy(out + o, "tainted 9.99.0-meta", 19);
			o += 19;
			i += 8;
			while (i < len && in[i] != ' ' && in[i] != '\n')
				i++;
			continue;
		}
		for (d = dec_after; *d; d++) {
			size_t n = strlen(*d);

			if (i + n < len && !strncmp(in + i, *d, n) &&
			    isdigit((unsigned char)in[i + n]))
				break;
		}
		if (*d) {
			size_t n = strlen(*d);

			memcpy(out + o, in + i, n);
			o += n;
			i += n;
			while (i < len && isdigit((unsigned char)in[i]))
				out[o++] = map_dec(in[i++]);
			continue;
		}
		/* "0x..." numbers (addresses, offsets, sizes) */
		if (in[i] == '0' && i + 2 < len && in[i + 1] == 'x' &&
		    isxdigit((unsigned char)in[i + 2]) && (i == 0 || !word(in[i - 1]))) {
			out[o++] = '0';
			out[o++] = 'x';
			i += 2;
			while (i < len && isxdigit((unsigned char)in[i]))
				out[o++] = map_hex(in[i++]);
			continue;
		}
		/* bare hex words of 8+ digits with a digit (addresses) */
		if (isxdigit((unsigned char)in[i]) && (i == 0 || !word(in[i - 1]))) {
			bool digit = false;

			k = i;
			while (k < len && isxdigit((unsigned char)in[k])) {
				if (isdigit((unsigned char)in[k]))
					digit = true;
				k++;
			}
			if (k - i >= 8 && digit && (k == len || !word(in[k]))) {
				for (; i < k; i++)
					out[o++] = map_hex(in[i]);
				continue;
			}
		}
		out[o++] = in[i++];
	}
	*olen = o;
	return out;
}

/*
 * Framings: the same console log as other tools print it.  Each rewrites
 * the prefix of every console line and nothing else, so the first crash
 * must keep its title and failure hash.  A line is a console record when
 * it starts with a "[ sec.usec]" timestamp; when a log has no such line,
 * every non-empty line is one (times made up from the line number).
 * Other lines of a timestamped log (program output beside the console)
 * stay as they are, except for CRLF which ends every line.
 */
enum framing {
	FR_DECODE, /* util-linux dmesg(1) -x/--decode */
	FR_CTIME, /* util-linux dmesg(1) -T/--ctime */
	FR_JOURNAL, /* systemd journalctl(1) -k, -o short (default) */
	FR_JMONO, /* systemd journalctl(1) -o short-monotonic */
	FR_RSYSLOG, /* rsyslogd(8) kern.log, RFC 3339 timestamps */
	FR_KMSG, /* /dev/kmsg records, Documentation/ABI/testing/dev-kmsg */
	FR_NOTIME, /* printk.time=0 (kernel-parameters.txt) */
	FR_CRLF, /* serial console capture with "\r\n" line ends */
	FR_COUNT,
};

/*
 * Thresholds, percent of all files.  A framing that keeps every byte
 * the classifier reads (the console text, its time and caller field)
 * must give the same result for every file: 100%.  Two framings drop
 * information and cannot reach that:
 *  - the journal reads /dev/kmsg and keeps no caller id (journald stores
 *    no "caller=" field), so a report interleaved with other CPUs' lines
 *    can no longer be told apart from them; 8 of 560 files are such
 *    logs (each has "[ Tnnn]"/"[ Cn]" callers throughout);
 *  - without timestamps, program output written between console lines
 *    (syzkaller's "executing program") reads like console text; 3 of
 *    560 files interleave it with the report.
 * For these the threshold is the measured figure, so one more lost
 * file fails the test (1 file is 0.18%).
 */
static const double frame_threshold[] = {
	100.0, 100.0, 98.5, 98.5, 100.0, 100.0, 99.4, 100.0,
};
_Static_assert(sizeof(frame_threshold) / sizeof(frame_threshold[0]) ==
			       FR_COUNT &&
		       sizeof(((struct expect *)0)->frame_same) == FR_COUNT,
	       "one threshold and one result per framing");

static const char *const framing_name[FR_COUNT] = {
	"frame-dmesg-decode",	 "frame-dmesg-ctime",
	"frame-journal-short",	 "frame-journal-monotonic",
	"frame-rsyslog-rfc3339", "frame-dev-kmsg",
	"frame-no-timestamp",	 "frame-crlf",
};

/* "[  12.345678]" at the start of @s; returns its length or 0. */
static size_t lead_stamp(const char *s, size_t len, unsigned long long *sec,
			 unsigned long *usec)
{
	size_t i = 1, d;

	if (!len || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	d = i;
	*sec = 0;
	while (i < len && isdigit((unsigned char)s[i]) && i - d < 12)
		*sec = *sec * 10 + (unsigned long long)(s[i++] - '0');
	if (i == d || i >= len || s[i] != '.')
		return 0;
	d = ++i;
	*usec = 0;
	while (i < len && isdigit((unsigned char)s[i])) {
		if (i - d < 6)
			*usec = *usec * 10 + (unsigned long)(s[i] - '0');
		i++;
	}
	if (i == d || i >= len || s[i] != ']')
		return 0;
	for (d = i - d; d < 6; d++) /* fewer than 6 digits */
		*usec *= 10;
	return i + 1;
}

/*
 * "<N>" syslog priority the console printed (kernel/printk/printk.c
 * info_print_prefix() with syslog set, as /proc/kmsg has it); returns its
 * length (0 when absent) and the priority in *pri (6, info, when absent).
 */
static size_t lead_pri(const char *s, size_t len, unsigned int *pri)
{
	size_t i = 1;

	*pri = 6;
	if (len < 3 || s[0] != '<' || !isdigit((unsigned char)s[1]))
		return 0;
	while (i < len && i < 5 && isdigit((unsigned char)s[i]))
		i++;
	if (i >= len || s[i] != '>')
		return 0;
	*pri = (unsigned int)strtoul(s + 1, NULL, 10);
	return i + 1;
}

/* "[ T123]" / "[C1]" at the start of @s; returns its length or 0. */
static size_t lead_caller(const char *s, size_t len, char *id, size_t idsz)
{
	size_t i = 1, d;

	if (len < 4 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != 'T' && s[i] != 'C'))
		return 0;
	d = i + 1;
	while (d < len && isdigit((unsigned char)s[d]))
		d++;
	if (d == i + 1 || d >= len || s[d] != ']' || d - i >= idsz)
		return 0;
	memcpy(id, s + i, d - i);
	id[d - i] = '\0';
	return d + 1;
}

static void put(char *out, size_t *o, const char *s, size_t n)
{
	memcpy(out + *o, s, n);
	*o += n;
}

/*
 * Re-frame one console record of priority @pri (@line without its "<N>",
 * @body the text after the timestamp as the console printed it, e.g.
 * "[ T12] msg" or " msg").  Returns false when the tool would not show
 * the record at all.
 */
static bool frame_record(enum framing f, unsigned long nrec, unsigned int pri,
			 unsigned long long sec, unsigned long usec,
			 const char *line, size_t llen, const char *body,
			 size_t blen, char *out, size_t *o)
{
	/* util-linux dmesg's facility names, LOG_KERN first */
	static const char *const facs[] = {
		"kern", "user", "mail", "daemon", "auth",     "syslog",
		"lpr",	"news", "uucp", "cron",	  "authpriv", "ftp",
	};
	static const char *const levels[] = {
		"emerg", "alert",  "crit", "err",
		"warn",	 "notice", "info", "debug",
	};
	/* wall clock of boot: 2026-12-02 16:00:00 UTC */
	time_t wall = (time_t)1796227200 + (time_t)sec;
	char id[16] = "", tmp[96];
	const char *msg = body;
	size_t mlen = blen, c, k;
	struct tm tm;

	gmtime_r(&wall, &tm);
	c = lead_caller(body, blen, id, sizeof(id));
	if (c) {
		msg += c;
		mlen -= c;
	}
	if (mlen && msg[0] == ' ')
		msg++, mlen--;
	switch (f) {
	case FR_DECODE:
		/* "kern  :err   : [  12.345678] msg": both names padded to 6 */
		k = (size_t)snprintf(tmp, sizeof(tmp), "%-6s:%-6s: ",
				     pri >> 3 < 12 ? facs[pri >> 3] : "local0",
				     levels[pri & 7]);
		put(out, o, tmp, k);
		put(out, o, line, llen);
		break;
	case FR_CTIME:
		/* asctime() layout in brackets, then the rest as printed */
		k = strftime(tmp, sizeof(tmp), "[%a %b %e %H:%M:%S %Y]", &tm);
		put(out, o, tmp, k);
		put(out, o, body, blen);
		break;
	case FR_JOURNAL:
		/*
		 * The journal reads /dev/kmsg: no console caller field, and
		 * -k shows kernel messages only.
		 */
		if (pri >> 3)
			return false;
		k = strftime(tmp, sizeof(tmp),
			     "%b %d %H:%M:%S testhost kernel: ", &tm);
		put(out, o, tmp, k);
		put(out, o, msg, mlen);
		break;
	case FR_JMONO:
		if (pri >> 3)
			return false;
		k = (size_t)snprintf(tmp, sizeof(tmp),
				     "[%5llu.%06lu] testhost kernel: ", sec,
				     usec);
		put(out, o, tmp, k);
		put(out, o, msg, mlen);
		break;
	case FR_RSYSLOG:
		/* imklog reads /proc/kmsg, which keeps the console prefix */
		k = strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm);
		k += (size_t)snprintf(tmp + k, sizeof(tmp) - k,
				      ".%06lu+00:00 testhost kernel: ", usec);
		put(out, o, tmp, k);
		put(out, o, line, llen);
		break;
	case FR_KMSG:
		/* kernel/printk/printk.c info_print_ext_header(), then the
		 * text with bytes < ' ', >= 127 and '\' as "\xNN" */
		k = (size_t)snprintf(tmp, sizeof(tmp), "%u,%lu,%llu,-%s%s;",
				     pri, 1000 + nrec, sec * 1000000ULL + usec,
				     id[0] ? ",caller=" : "", id);
		put(out, o, tmp, k);
		for (k = 0; k < mlen; k++) {
			unsigned char ch = (unsigned char)msg[k];

			if (ch < ' ' || ch >= 127 || ch == '\\') {
				snprintf(tmp, sizeof(tmp), "\\x%02x", ch);
				put(out, o, tmp, 4);
			} else {
				out[(*o)++] = (char)ch;
			}
		}
		/* dictionary continuation lines on some records */
		if (nrec % 5 == 4)
			put(out, o,
			    "\n SUBSYSTEM=pci\n DEVICE=+pci:0000:00:01.0", 40);
		break;
	case FR_NOTIME:
		/* caller field, if any, stays: "[  T123] msg" */
		if (blen && body[0] == ' ')
			body++, blen--;
		put(out, o, body, blen);
		break;
	case FR_CRLF:
		put(out, o, line, llen);
		out[(*o)++] = '\r';
		break;
	default:
		break;
	}
	return true;
}

/* @in re-framed as @f; malloc'ed, *olen bytes. */
static char *reframe_log(const char *in, size_t len, enum framing f,
			 size_t *olen)
{
	size_t i, o = 0, nl = 1;
	unsigned long nrec = 0;
	bool stamped = false;
	char *out;

	for (i = 0; i < len; i++) {
		unsigned long long s;
		unsigned long u;

		unsigned int pri;

		if ((i == 0 || in[i - 1] == '\n') &&
		    lead_stamp(in + i + lead_pri(in + i, len - i, &pri),
			       len - i - lead_pri(in + i, len - i, &pri), &s,
			       &u))
			stamped = true;
		if (in[i] == '\n')
			nl++;
	}
	/* worst case per line: a 96-byte header, 4x escaping, dictionary */
	out = malloc(len * 4 + nl * 160 + 64);
	if (!out)
		return NULL;
	i = 0;
	while (i < len) {
		const char *e = memchr(in + i, '\n', len - i);
		size_t llen = e ? (size_t)(e - (in + i)) : len - i, ts, p;
		unsigned long long sec = 0;
		unsigned long usec = 0;
		unsigned int pri;
		bool shown = true;

		p = lead_pri(in + i, llen, &pri);
		ts = lead_stamp(in + i + p, llen - p, &sec, &usec);
		if (ts || (!stamped && llen)) {
			if (!ts) {
				/* "<N>" stays: it is not a console record */
				p = 0;
				pri = (unsigned int)(nrec % 8);
				sec = nrec / 1000;
				usec = (nrec % 1000) * 1000;
			}
			shown = frame_record(f, nrec++, pri, sec, usec,
					     in + i + p, llen - p,
					     in + i + p + ts, llen - p - ts,
					     out, &o);
		} else {
			put(out, &o, in + i, llen);
			if (f == FR_CRLF)
				out[o++] = '\r';
		}
		if (e && shown)
			out[o++] = '\n';
		i += llen + (e ? 1 : 0);
	}
	*olen = o;
	return out;
}

static int cmp_name(const void *a, const void *b)
{
	return atoi(((const struct expect *)a)->name) -
	       atoi(((const struct expect *)b)->name);
}

int main(int argc, char **argv)
{
	char dir[4096], path[4352];
	struct metric det = { "detection", 0, 0, 99.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric title = { "title-exact", 0, 0, 95.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric alt = { "title-or-alt", 0, 0, 0.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric cls = { "class-vs-TYPE", 0, 0, 97.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric frame = { "culprit-frame", 0, 0, 97.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric corr = { "corrupted", 0, 0, 95.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric pan = { "panicked", 0, 0, 0.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric same = { "same-title-same-hash", 0, 0, 99.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric diff = { "diff-title-diff-hash", 0, 0, 99.9, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric meta = { "metamorphic-same-hash", 0, 0, 100.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric sat = { "satyr-taint-modules", 0, 0, 100.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric abrt = { "abrt-version-taint-hash", 0, 0, 100.0, 0, 0, { 0, 0 }, { 0, 0 }, 0 };
	struct metric fm[FR_COUNT];
	struct expect *es;
	size_t ne = 0, i, j;
	struct dirent *d;
	bool pass = true;
	DIR *dp;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR [-v]\n", argv[0]);
		return 2;
	}
	verbose = argc > 2 && !strcmp(argv[2], "-v");
	for (i = 0; i < FR_COUNT; i++) {
		memset(&fm[i], 0, sizeof(fm[i]));
		fm[i].name = framing_name[i];
		fm[i].threshold = frame_threshold[i];
	}
	snprintf(dir, sizeof(dir), "%s/syzkaller-linux-report", argv[1]);
	dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "cannot open %s: %s\n", dir, strerror(errno));
		return 2;
	}
	es = calloc(MAX_FILES, sizeof(*es));
	if (!es)
		return 2;
	while ((d = readdir(dp)) && ne < MAX_FILES) {
		const char *n = d->d_name;
		struct expect *e = &es[ne];
		size_t len, loglen, k;
		char *buf, *log;
		int r;

		if (!*n || strspn(n, "0123456789") != strlen(n))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, n);
		buf = read_file(path, &len);
		if (!buf)
			continue;
		snprintf(e->name, sizeof(e->name), "%s", n);
		log = parse_case(buf, len, e, &loglen);
		free(buf);
		if (!log)
			continue;
		/* feed in odd-sized chunks to exercise line splitting */
		{
			struct bc_classifier *c = bc_classifier_new(0);

			if (!c)
				return 2;
			for (k = 0; k < loglen; k += 777)
				bc_classifier_feed(c, log + k,
						   loglen - k < 777 ? loglen - k : 777);
			bc_classifier_finish(c);
			r = bc_classifier_next(c, &e->got);
			bc_classifier_free(c);
		}
		e->found = r == 1;
		if (e->found) {
			size_t mlen;
			char *m = rewrite_log(log, loglen, &mlen);
			struct bc_classification *mc = malloc(sizeof(*mc));

			if (!m || !mc)
				return 2;
			if (mlen != loglen || memcmp(m, log, mlen))
				meta_changed++;
			e->meta_same = bc_classify_buffer(m, mlen, mc) == 1 &&
				       !strcmp(mc->failure_hash,
					       e->got.failure_hash);
			if (!e->meta_same && verbose &&
			    part_of(strtoul(e->name, NULL, 10)) == PART_DEV)
				printf("  metamorphic %s: '%s' -> '%s'\n", e->name,
				       e->got.title, mc->title);
			free(m);
			free(mc);
		}
		for (k = 0; k < FR_COUNT; k++) {
			size_t flen;
			char *fl = reframe_log(log, loglen, (enum framing)k,
					       &flen);
			struct bc_classification *fc = malloc(sizeof(*fc));
			int fr;

			if (!fl || !fc)
				return 2;
			if (flen != loglen || memcmp(fl, log, flen))
				frame_changed[k]++;
			fr = bc_classify_buffer(fl, flen, fc);
			e->frame_same[k] = (fr == 1) == e->found &&
					   (!e->found ||
					    (!strcmp(fc->title, e->got.title) &&
					     !strcmp(fc->failure_hash,
						     e->got.failure_hash)));
			if (!e->frame_same[k] && verbose &&
			    part_of(strtoul(e->name, NULL, 10)) == PART_DEV)
				printf("  %s %s: '%s' -> '%s'\n",
				       framing_name[k], e->name,
				       e->found ? e->got.title : "(none)",
				       fr == 1 ? fc->title : "(none)");
			free(fl);
			free(fc);
		}
		free(log);
		ne++;
	}
	closedir(dp);
	qsort(es, ne, sizeof(*es), cmp_name);

	for (i = 0; i < ne; i++) {
		struct expect *e = &es[i];
		bool want = e->title[0] != '\0';
		char wf[128], gf[128];

		cur_part = part_of(strtoul(e->name, NULL, 10));
		det.total++, det.ptotal[cur_part]++;
		if (want == e->found)
			det.ok++, det.pok[cur_part]++;
		else
			miss(&det, e, want ? e->title : "(none)",
			     e->found ? e->got.title : "(none)");
		if (e->found) {
			meta.total++, meta.ptotal[cur_part]++;
			if (e->meta_same)
				meta.ok++, meta.pok[cur_part]++;
			else
				miss(&meta, e, e->got.title, "other hash");
		}
		for (j = 0; j < FR_COUNT; j++) {
			fm[j].total++, fm[j].ptotal[cur_part]++;
			if (e->frame_same[j])
				fm[j].ok++, fm[j].pok[cur_part]++;
			else
				miss(&fm[j], e,
				     e->found ? e->got.title : "(none)",
				     "other result");
		}
		if (!want)
			continue;
		pan.total++, pan.ptotal[cur_part]++;
		if (e->panicked == (e->found && e->got.panicked))
			pan.ok++, pan.pok[cur_part]++;
		else
			miss(&pan, e, e->panicked ? "Y" : "N",
			     e->got.panicked ? "Y" : "N");
		if (!e->found)
			continue;
		title.total++, title.ptotal[cur_part]++;
		alt.total++, alt.ptotal[cur_part]++;
		if (!strcmp(e->title, e->got.title)) {
			title.ok++, title.pok[cur_part]++;
			alt.ok++, alt.pok[cur_part]++;
		} else {
			bool a = false;
			int k;

			for (k = 0; k < e->nalts; k++)
				if (!strcmp(e->alts[k], e->got.title))
					a = true;
			if (a)
				alt.ok++, alt.pok[cur_part]++;
			miss(&title, e, e->title, e->got.title);
		}
		cls.total++, cls.ptotal[cur_part]++;
		if (type_ok(e->got.cls, e->type))
			cls.ok++, cls.pok[cur_part]++;
		else
			miss(&cls, e, e->type, bc_class_name(e->got.cls));
		corr.total++, corr.ptotal[cur_part]++;
		if (e->corrupted == e->got.corrupted)
			corr.ok++, corr.pok[cur_part]++;
		else
			miss(&corr, e, e->corrupted ? "Y" : "N",
			     e->got.corrupted ? "Y" : "N");
		if (e->frame[0])
			snprintf(wf, sizeof(wf), "%s", e->frame);
		else
			title_frame(e->title, wf, sizeof(wf));
		if (wf[0] && strcmp(wf, "corrupted")) {
			title_frame(e->got.title, gf, sizeof(gf));
			frame.total++, frame.ptotal[cur_part]++;
			if (!strcmp(wf, gf))
				frame.ok++, frame.pok[cur_part]++;
			else
				miss(&frame, e, wf, gf);
		}
	}
	for (i = 0; i < ne; i++) {
		if (!es[i].found || !es[i].title[0])
			continue;
		for (j = i + 1; j < ne; j++) {
			bool st, sh;

			if (!es[j].found || !es[j].title[0])
				continue;
			cur_part = part_of(strtoul(es[i].name, NULL, 10)) == PART_TEST ||
				   part_of(strtoul(es[j].name, NULL, 10)) == PART_TEST ?
				   PART_TEST : PART_DEV;
			st = !strcmp(es[i].title, es[j].title);
			sh = !strcmp(es[i].got.failure_hash,
				     es[j].got.failure_hash);
			if (st) {
				same.total++, same.ptotal[cur_part]++;
				if (sh)
					same.ok++, same.pok[cur_part]++;
				else
					miss(&same, &es[i], es[i].title,
					     es[j].name);
			} else {
				diff.total++, diff.ptotal[cur_part]++;
				if (!sh)
					diff.ok++, diff.pok[cur_part]++;
				else
					miss(&diff, &es[i], es[i].title,
					     es[j].title);
			}
		}
	}
	printf("syzkaller-linux-report: %zu files\n", ne);
	pass &= report(&det);
	pass &= report(&title);
	report(&alt);
	pass &= report(&cls);
	pass &= report(&frame);
	pass &= report(&corr);
	report(&pan);
	pass &= report(&same);
	pass &= report(&diff);
	pass &= report(&meta);
	/* a rewrite that changes nothing would make the check vacuous */
	printf("%-24s %5u/%-5u logs altered by the rewrite\n", "metamorphic-rewrite",
	       meta_changed, meta.total);
	if (meta_changed * 10 < meta.total * 9)
		pass = false;
	for (i = 0; i < FR_COUNT; i++) {
		pass &= report(&fm[i]);
		/* a framing that leaves the logs as they are tests nothing */
		printf("%-24s %5u/%-5u logs altered by the framing\n", "",
		       frame_changed[i], fm[i].total);
		if (frame_changed[i] * 10 < fm[i].total * 9)
			pass = false;
	}
	score_metadata(argv[1], &sat, &abrt);
	pass &= report(&sat);
	pass &= report(&abrt);
	free(es);
	return pass ? 0 : 1;
}
