// SPDX-License-Identifier: GPL-2.0
/*
 * The privacy scrubber.  One left-to-right scan replaces what identifies a
 * machine or a person by the shape the kernel and common drivers print it
 * in (docs/privacy.md has the policy and the kernel files behind each
 * rule; tests/scrub-corpus.txt has cases for every rule):
 *
 *   kernel pointers (12 to 16 hex digits from "ffff", "0x" optional) <ptr>
 *   UUIDs (8-4-4-4-12 hex)                                         <uuid>
 *   e-mail addresses                                               <email>
 *   MAC addresses xx:xx:xx:xx:xx:xx (or with '-')                  <mac>
 *   IPv4 dotted quads, IPv6 addresses                       <ipv4>, <ipv6>
 *   host name, FQDN, configured words (whole words, any case,
 *     with any domain labels that follow, and as an LVM "-vg" name)  <host>
 *   domain names of three or more labels ending in letters         <domain>
 *   the user name in /home/NAME, /Users/NAME, /media/NAME          <user>
 *   values after keys: serial numbers, WWN/EUI/NGUID ids,
 *     UUID=/PARTUUID=/fsid, audit's acct=/hostname=/UID="..",
 *     "for user NAME", systemd's "hostname to <NAME>"       <serial> etc.
 *
 * Everything else is copied byte for byte: symbols, offsets, module names,
 * versions, timestamps, DMI board and product names.  The output of a
 * rule is a placeholder no rule matches, so scrubbing a log twice changes
 * nothing (the corpus test checks it; on arbitrary bytes, fuzz_scrub
 * checks it only with FUZZ_SCRUB_IDEMPOTENT=1, as a placeholder right
 * next to hostile text can still complete a new match, which is
 * harmless: it only replaces more).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scrub.h"

static void add_word(struct bc_scrub *s, const char *w)
{
	unsigned int i, j;
	size_t n = strlen(w);

	if (n < 2 || n >= sizeof(s->words[0]) || !strcmp(w, "(none)") ||
	    !strcasecmp(w, "localhost") ||
	    !strcasecmp(w, "localhost.localdomain"))
		return;
	for (i = 0; i < s->nwords; i++)
		if (!strcasecmp(s->words[i], w))
			return;
	if (s->nwords == BC_SCRUB_MAX_WORDS)
		return;
	/* keep longest first, so an FQDN goes before its host name */
	for (i = 0; i < s->nwords && strlen(s->words[i]) >= n; i++)
		;
	for (j = s->nwords; j > i; j--)
		strcpy(s->words[j], s->words[j - 1]);
	strcpy(s->words[i], w);
	s->nwords++;
}

void bc_scrub_init(struct bc_scrub *s, const char *words)
{
	char buf[4096], *tok, *save = NULL;

	memset(s, 0, sizeof(*s));
	if (!words)
		return;
	snprintf(buf, sizeof(buf), "%s", words);
	for (tok = strtok_r(buf, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save))
		add_word(s, tok);
}

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *s, size_t n)
{
	char *np;
	size_t cap;

	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		cap = o->cap ? o->cap : 256;
		while (o->len + n + 1 > cap)
			cap *= 2;
		np = realloc(o->p, cap);
		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* strchr() finds the terminating NUL too: a NUL byte is in no set. */
static bool in_set(char c, const char *set)
{
	return c && strchr(set, c);
}

static bool is_word(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* The placeholders the rules write; a value that is one was scrubbed. */
static const char *const placeholders[] = {
	"<ptr>",    "<uuid>", "<email>",  "<mac>",  "<ipv4>",
	"<ipv6>",   "<host>", "<domain>", "<user>", "<path>",
	"<serial>", "<wwn>",  "<label>",
};

/* Length of the placeholder @p starts with, 0 if none. */
static size_t placeholder_len(const char *p, size_t left)
{
	size_t i, n;

	if (!left || p[0] != '<')
		return 0;
	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		n = strlen(placeholders[i]);
		if (n <= left && !memcmp(p, placeholders[i], n))
			return n;
	}
	return 0;
}

static bool is_placeholder(const char *p, size_t left)
{
	return placeholder_len(p, left) > 0;
}

/* Bytes of a kernel pointer at @p (0 if none). */
static size_t match_ptr(const char *p, size_t left)
{
	size_t pre = 0, n = 0;

	if (left >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		pre = 2;
	while (pre + n < left && isxdigit((unsigned char)p[pre + n]))
		n++;
	if (n < 12 || n > 16 || strncasecmp(p + pre, "ffff", 4))
		return 0;
	if (pre + n < left && isalnum((unsigned char)p[pre + n]))
		return 0;
	return pre + n;
}

/* 8-4-4-4-12 hex digits, as %pU prints (lib/vsprintf.c uuid_string()). */
static size_t match_uuid(const char *p, size_t left)
{
	static const unsigned char groups[] = { 8, 4, 4, 4, 12 };
	size_t i = 0, g, k;

	for (g = 0; g < 5; g++) {
		if (g) {
			if (i >= left || p[i] != '-')
				return 0;
			i++;
		}
		for (k = 0; k < groups[g]; k++, i++)
			if (i >= left || !isxdigit((unsigned char)p[i]))
				return 0;
	}
	if (i < left && (isalnum((unsigned char)p[i]) || p[i] == '-'))
		return 0;
	return i;
}

static size_t match_mac(const char *p, size_t left)
{
	size_t i;

	if (left < 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (p[i] != ':' && p[i] != '-')
				return 0;
			if (p[i] != p[2])
				return 0;
		} else if (!isxdigit((unsigned char)p[i])) {
			return 0;
		}
	}
	if (left > 17 && (isalnum((unsigned char)p[17]) || p[17] == ':'))
		return 0;
	return 17;
}

static size_t match_ipv4(const char *p, size_t left)
{
	size_t i = 0, digits;
	unsigned int part, v;

	for (part = 0; part < 4; part++) {
		if (part) {
			if (i >= left || p[i] != '.')
				return 0;
			i++;
		}
		v = 0;
		digits = 0;
		while (i < left && isdigit((unsigned char)p[i]) && digits < 4) {
			v = v * 10 + (p[i] - '0');
			i++;
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return 0;
	}
	if (i < left &&
	    (isalnum((unsigned char)p[i]) ||
	     (p[i] == '.' && i + 1 < left && isdigit((unsigned char)p[i + 1]))))
		return 0;
	return i;
}

static size_t match_ipv6(const char *p, size_t left)
{
	char buf[64];
	struct in6_addr a;
	size_t n = 0, colons = 0;

	while (n < left && n < sizeof(buf) - 1 &&
	       (isxdigit((unsigned char)p[n]) || p[n] == ':' || p[n] == '.')) {
		colons += p[n] == ':';
		n++;
	}
	/* nor right before a placeholder: "6::<ptr>" was not an address */
	if (n < left && (isalnum((unsigned char)p[n]) || p[n] == '<'))
		return 0;
	/* a sentence may end right after the address */
	while (n && p[n - 1] == '.')
		n--;
	while (n > 2 && p[n - 1] == ':' && p[n - 2] != ':')
		n--;
	if (colons < 2 || n < 3)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, &a) == 1 ? n : 0;
}

static bool is_label(int c)
{
	return isalnum(c) || c == '-';
}

/*
 * Dot-separated labels at @p: the bytes they take, their number in
 * *@labels; stops before a dot not followed by a label character.
 */
static size_t labels_at(const char *p, size_t left, unsigned int *labels,
			size_t *last)
{
	size_t i = 0, start = 0;

	*labels = 0;
	while (i < left) {
		start = i;
		while (i < left && is_label((unsigned char)p[i]))
			i++;
		if (i == start)
			break;
		(*labels)++;
		*last = start;
		if (i + 1 < left && p[i] == '.' &&
		    is_label((unsigned char)p[i + 1]))
			i++;
		else
			break;
	}
	return *labels ? i : 0;
}

static bool alpha_run(const char *p, size_t n)
{
	size_t i;

	if (n < 2 || n > 63)
		return false;
	for (i = 0; i < n; i++)
		if (!isalpha((unsigned char)p[i]))
			return false;
	return true;
}

/* Labels GCC appends to symbols (foo.isra.0, foo.part.0.cold): no domain. */
static bool has_symbol_suffix(const char *p, size_t n)
{
	static const char *const sfx[] = { "isra",	 "constprop", "part",
					   "cold",	 "lto_priv",  "llvm",
					   "localalias", "ko" };
	size_t i, j, k;

	for (i = 0; i < n;) {
		k = i;
		while (k < n && p[k] != '.')
			k++;
		for (j = 0; j < sizeof(sfx) / sizeof(sfx[0]); j++)
			if (k - i == strlen(sfx[j]) &&
			    !strncasecmp(p + i, sfx[j], k - i))
				return true;
		i = k + 1;
	}
	return false;
}

/* local@domain.tld (RFC 5322's dot-atom, the common part of it). */
static size_t match_email(const char *p, size_t left)
{
	size_t i = 0, d, last = 0;
	unsigned int labels;

	while (i < left &&
	       (isalnum((unsigned char)p[i]) || in_set(p[i], "._%+-")))
		i++;
	if (!i || i + 1 >= left || p[i] != '@')
		return 0;
	d = labels_at(p + i + 1, left - i - 1, &labels, &last);
	if (labels < 2 || !alpha_run(p + i + 1 + last, d - last))
		return 0;
	return i + 1 + d;
}

/* host.example.com: three or more labels, the last one letters only. */
static size_t match_domain(const char *p, size_t left)
{
	size_t n, last = 0;
	unsigned int labels;

	n = labels_at(p, left, &labels, &last);
	if (labels < 3 || !alpha_run(p + last, n - last) ||
	    has_symbol_suffix(p, n))
		return 0;
	if (n < left && (p[n] == '_' || p[n] == '(' || p[n] == '<'))
		return 0;
	/* "a.b.naa.<wwn>": the labels went on before another rule took them */
	if (n + 1 < left && p[n] == '.' && p[n + 1] == '<')
		return 0;
	return n;
}

static size_t match_word(const struct bc_scrub *s, const char *p, size_t left)
{
	unsigned int i, labels;
	size_t n, last;

	for (i = 0; i < s->nwords; i++) {
		n = strlen(s->words[i]);
		if (n > left || strncasecmp(p, s->words[i], n))
			continue;
		/* Debian's installer names the LVM group "<host>-vg" */
		if (n + 3 <= left && !strncmp(p + n, "-vg", 3))
			return n;
		if (n + 4 <= left && !strncmp(p + n, "--vg", 4))
			return n;
		if (n < left && is_word((unsigned char)p[n]))
			continue;
		/* and the domain that follows a host name goes with it */
		if (n + 1 < left && p[n] == '.' &&
		    is_label((unsigned char)p[n + 1]))
			n += 1 +
			     labels_at(p + n + 1, left - n - 1, &labels, &last);
		return n;
	}
	return 0;
}

/*
 * Path prefixes whose next component identifies a person or a device:
 * under a home directory the rest of the path (the user's own file names)
 * goes too; udev's /dev/disk/by-* names hold serials, UUIDs and labels.
 */
static const struct {
	const char *dir;
	const char *rep;
	bool rest;
} user_dirs[] = {
	{ "/home/", "<user>", true },
	{ "/Users/", "<user>", true },
	{ "/media/", "<user>", true },
	{ "/by-id/", "<serial>", false },
	{ "/by-uuid/", "<uuid>", false },
	{ "/by-partuuid/", "<uuid>", false },
	{ "/by-label/", "<label>", false },
	{ "/by-partlabel/", "<label>", false },
};

static bool path_char(int c)
{
	return c > ' ' && c != 0x7f && !in_set(c, "'\",;:)]>");
}

static size_t match_user_dir(const char *p, size_t left, size_t *keep,
			     const char **rep)
{
	size_t i, n, k;

	for (i = 0; i < sizeof(user_dirs) / sizeof(user_dirs[0]); i++) {
		k = strlen(user_dirs[i].dir);
		if (k >= left || strncmp(p, user_dirs[i].dir, k))
			continue;
		if (is_placeholder(p + k, left - k))
			return 0;
		for (n = k;
		     n < left && p[n] != '/' && path_char((unsigned char)p[n]);
		     n++)
			;
		if (n == k)
			return 0;
		*keep = k;
		*rep = user_dirs[i].rep;
		while (n > k + 1 && p[n - 1] == '.')
			n--;
		if (user_dirs[i].rest && n + 1 < left && p[n] == '/' &&
		    path_char((unsigned char)p[n + 1])) {
			while (n < left && path_char((unsigned char)p[n]))
				n++;
			/* a sentence may end after the path */
			while (p[n - 1] == '.')
				n--;
			*rep = "<user>/<path>";
		}
		return n;
	}
	return 0;
}

/*
 * Keyed rules: a key (case-insensitive, at a word boundary), a separator,
 * and a value that is replaced.  The kernel file that prints each key is
 * named in docs/privacy.md.
 */
enum sep {
	SEP_ANY, /* one or more of " :=-" (or none when the key ends so) */
	SEP_EQ, /* exactly '=' */
	SEP_COLON, /* optional spaces, ':' or '=', optional spaces */
	SEP_SPACE, /* exactly one space */
};

struct keyed {
	const char *key;
	enum sep sep;
	const char *rep;
	bool quoted_only; /* numbers stay (uid=1000): only "NAME" goes */
	bool all_quoted; /* every '...' to the end of the line */
};

static const struct keyed keys[] = {
	/* drivers/ata/libata-core.c ata_dev_same_device() */
	{ "serial number mismatch", SEP_ANY, "<serial>", false, true },
	/* drivers/usb/core/hub.c announce_device(): "SerialNumber: %s" */
	{ "SerialNumber", SEP_ANY, "<serial>", false, false },
	{ "serial number", SEP_ANY, "<serial>", false, false },
	{ "serial_number", SEP_ANY, "<serial>", false, false },
	{ "serialno", SEP_ANY, "<serial>", false, false },
	{ "serial no.", SEP_ANY, "<serial>", false, false },
	{ "serial no", SEP_ANY, "<serial>", false, false },
	{ "serial#", SEP_ANY, "<serial>", false, false },
	{ "s/n", SEP_COLON, "<serial>", false, false },
	{ "sn", SEP_COLON, "<serial>", false, false },
	/* SCSI/ATA world wide names, NVMe namespace ids */
	{ "wwn", SEP_ANY, "<wwn>", false, false },
	{ "wwid", SEP_ANY, "<wwn>", false, false },
	{ "naa.", SEP_ANY, "<wwn>", false, false },
	{ "eui.", SEP_ANY, "<wwn>", false, false },
	{ "eui64", SEP_ANY, "<wwn>", false, false },
	{ "eui", SEP_COLON, "<wwn>", false, false },
	{ "nguid", SEP_ANY, "<wwn>", false, false },
	/* SAS addresses are WWNs (drivers/scsi/mpt3sas "sas_addr(0x%016llx)") */
	{ "sas_addr", SEP_ANY, "<wwn>", false, false },
	{ "sas_address", SEP_ANY, "<wwn>", false, false },
	/* fs/btrfs/volumes.c "device label %s devid" */
	{ "device label", SEP_SPACE, "<label>", false, false },
	/* root=UUID=... on the command line, btrfs "fsid %pU" */
	{ "PARTUUID", SEP_ANY, "<uuid>", false, false },
	{ "UUID", SEP_ANY, "<uuid>", false, false },
	{ "fsid", SEP_ANY, "<uuid>", false, false },
	/* audit records relayed to the kernel log (kernel/audit.c) */
	{ "acct", SEP_EQ, "<user>", false, false },
	{ "user", SEP_EQ, "<user>", false, false },
	{ "username", SEP_EQ, "<user>", false, false },
	{ "login", SEP_EQ, "<user>", false, false },
	{ "hostname", SEP_EQ, "<host>", false, false },
	{ "host", SEP_EQ, "<host>", false, false },
	{ "uid", SEP_EQ, "<user>", true, false },
	{ "auid", SEP_EQ, "<user>", true, false },
	{ "euid", SEP_EQ, "<user>", true, false },
	{ "suid", SEP_EQ, "<user>", true, false },
	{ "fsuid", SEP_EQ, "<user>", true, false },
	{ "ouid", SEP_EQ, "<user>", true, false },
	/* pam and logind lines in a kdump's /dev/kmsg copy */
	{ "for user", SEP_SPACE, "<user>", false, false },
	{ "of user", SEP_SPACE, "<user>", false, false },
	{ "by user", SEP_SPACE, "<user>", false, false },
	{ "audit: user", SEP_SPACE, "<user>", false, false },
	/* systemd's "Hostname set to <%s>." (hostname-setup.c) */
	{ "hostname set to <", SEP_ANY, "<host>", false, false },
	{ "hostname to <", SEP_ANY, "<host>", false, false },
};

/* @n bytes at @p, not NUL-terminated, are all digits. */
static bool all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

/* Words after "for user" that are not names ("for user space"). */
static bool common_word(const char *p, size_t n)
{
	static const char *const w[] = { "space",     "mode",	    "memory",
					 "access",    "data",	    "pages",
					 "namespace", "namespaces", "process" };
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (n == strlen(w[i]) && !strncasecmp(p, w[i], n))
			return true;
	return false;
}

/*
 * A keyed rule at @p: *@keep bytes are copied, the value up to the
 * returned length is replaced by *@rep.  For all_quoted rules *@k is set
 * and the caller handles the line.
 */
static size_t match_keyed(const char *p, size_t left, size_t *keep,
			  const char **rep, const struct keyed **k)
{
	size_t i, n, s, v;
	char end;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		n = strlen(keys[i].key);
		if (n > left || strncasecmp(p, keys[i].key, n))
			continue;
		/* a key ending in a letter must end a word there */
		if (isalnum((unsigned char)keys[i].key[n - 1]) && n < left &&
		    (isalnum((unsigned char)p[n]) || p[n] == '_'))
			continue;
		s = n;
		switch (keys[i].sep) {
		case SEP_ANY:
			while (s < left && in_set(p[s], " :=-(") && s - n < 4)
				s++;
			if (s == n &&
			    isalnum((unsigned char)keys[i].key[n - 1]))
				continue;
			break;
		case SEP_EQ:
			if (s >= left || p[s] != '=')
				continue;
			s++;
			break;
		case SEP_COLON:
			while (s < left && p[s] == ' ')
				s++;
			if (s >= left || (p[s] != ':' && p[s] != '='))
				continue;
			s++;
			while (s < left && p[s] == ' ')
				s++;
			break;
		case SEP_SPACE:
			if (s >= left || p[s] != ' ')
				continue;
			s++;
			break;
		}
		if (keys[i].all_quoted) {
			*k = &keys[i];
			*keep = s;
			return s;
		}
		if (s >= left || is_placeholder(p + s, left - s))
			continue;
		/* "hostname to <domain>" came from another rule */
		if (p[n - 1] == '<' && is_placeholder(p + n - 1, left - n + 1))
			continue;
		end = 0;
		if (p[n - 1] == '<')
			end = '>';
		else if (p[s] == '"' || p[s] == '\'')
			end = p[s++];
		else if (keys[i].quoted_only)
			continue;
		if (s >= left || is_placeholder(p + s, left - s))
			continue;
		for (v = s; v < left && p[v] != '\n' &&
			    (end ? p[v] != end :
				   !isspace((unsigned char)p[v]) &&
					     !in_set(p[v], ",;()]>'\""));
		     v++)
			;
		/* a sentence may end after the value */
		while (!end && v > s && p[v - 1] == '.')
			v--;
		if (v == s)
			continue;
		/* "SerialNumber=3" is a string index (hub.c), not a serial */
		if (!strcmp(keys[i].rep, "<serial>") && v - s <= 3 &&
		    all_digits(p + s, v - s))
			continue;
		if (keys[i].sep == SEP_SPACE && (common_word(p + s, v - s) ||
						 !isalpha((unsigned char)p[s])))
			continue;
		*keep = s;
		*rep = keys[i].rep;
		*k = NULL;
		return v;
	}
	return 0;
}

/* "alice(uid=1000)": pam_unix's "session opened for user %s(uid=%d) by %s(uid=%d)" */
static size_t match_uid_name(const char *p, size_t left)
{
	size_t n = 0;

	while (n < left &&
	       (isalnum((unsigned char)p[n]) || in_set(p[n], "._-")))
		n++;
	if (!n || n + 5 > left || strncmp(p + n, "(uid=", 5))
		return 0;
	return n;
}

/* Rest of the line at @p with every '...' or "..." content replaced. */
static size_t put_quoted_to_eol(struct out *o, const char *p, size_t left,
				const char *rep)
{
	size_t i = 0, run = 0;
	char q;

	while (i < left && p[i] != '\n') {
		if (p[i] != '\'' && p[i] != '"') {
			i++;
			continue;
		}
		q = p[i++];
		put(o, p + run, i - run);
		run = i;
		while (i < left && p[i] != '\n' && p[i] != q)
			i++;
		if (i >= left || p[i] != q)
			break;
		if (placeholder_len(p + run, i - run) != i - run)
			put(o, rep, strlen(rep));
		else
			put(o, p + run, i - run);
		run = i;
		i++;
	}
	put(o, p + run, i - run);
	return i;
}

/*
 * The rule that applies at @in[i]: 0, or the bytes it takes, with *@keep
 * of them copied and the rest replaced by *@rep.
 */
static size_t match_at(const struct bc_scrub *s, const char *in, size_t len,
		       size_t i, size_t *keep, const char **rep,
		       const struct keyed **k)
{
	const char *p = in + i;
	size_t left = len - i, n;
	bool boundary, inrun;
	char prev = i ? in[i - 1] : ' ';

	*keep = 0;
	*k = NULL;
	if (*p == '/' && (n = match_user_dir(p, left, keep, rep)))
		return n;
	boundary = !is_word((unsigned char)prev);
	if (!boundary)
		return 0;
	/* "::1", but not the end of a longer run of colons or of an address
	 * another rule replaced */
	if (*p == ':' && left > 1 && p[1] == ':' && prev != ':' &&
	    prev != '>' && (n = match_ipv6(p, left))) {
		*rep = "<ipv6>";
		return n;
	}
	if (!isalnum((unsigned char)*p))
		return 0;
	if ((n = match_keyed(p, left, keep, rep, k)))
		return n;
	if ((n = match_uid_name(p, left))) {
		*rep = "<user>";
		return n;
	}
	/* addresses do not start inside a dotted or colon run (or right after
	 * a placeholder that ended one) */
	inrun = i > 1 && (prev == '.' || prev == ':') &&
		(isxdigit((unsigned char)in[i - 2]) || in[i - 2] == '>');
	if ((n = match_ptr(p, left)))
		*rep = "<ptr>";
	else if ((n = match_uuid(p, left)))
		*rep = "<uuid>";
	else if (prev != '.' && (n = match_email(p, left)))
		*rep = "<email>";
	else if (!inrun && (n = match_mac(p, left)))
		*rep = "<mac>";
	else if (!inrun && (n = match_ipv4(p, left)))
		*rep = "<ipv4>";
	else if (!inrun && (n = match_ipv6(p, left)))
		*rep = "<ipv6>";
	else if ((n = match_word(s, p, left)))
		*rep = "<host>";
	else if (prev != '.' && prev != '/' && prev != '@' &&
		 (n = match_domain(p, left)))
		*rep = "<domain>";
	return n;
}

char *bc_scrub_text(const struct bc_scrub *s, const char *in, size_t len,
		    size_t *ret_len)
{
	const struct keyed *k;
	struct out o = { 0 };
	size_t i = 0, n, run = 0, keep;
	const char *rep = NULL;
	char *copy = NULL;

	/* NUL bytes become '?' first, so every rule sees what a rescan sees */
	if (memchr(in, '\0', len)) {
		copy = malloc(len);
		if (!copy)
			return NULL;
		for (i = 0; i < len; i++)
			copy[i] = in[i] ? in[i] : '?';
		in = copy;
		i = 0;
	}
	put(&o, "", 0);
	while (i < len) {
		n = match_at(s, in, len, i, &keep, &rep, &k);
		if (!n) {
			i++;
			continue;
		}
		put(&o, in + run, i - run);
		put(&o, in + i, keep);
		if (k)
			n = keep + put_quoted_to_eol(&o, in + i + keep,
						     len - i - keep, k->rep);
		else
			put(&o, rep, strlen(rep));
		i += n;
		run = i;
	}
	put(&o, in + run, i - run);
	free(copy);
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	if (ret_len)
		*ret_len = o.len;
	return o.p;
}
