// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/kmsg record parser (agent/core/kmsg.h).  Bounds-checked against
 * the length everywhere; no allocation; no locale-dependent calls.
 */
#include <string.h>

#include "kmsg.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decimal number at s[*i, end): 1-20 digits, no overflow of 64 bits.
 * Advances *i past it.
 */
static bool parse_u64(const char *s, size_t end, size_t *i, uint64_t *v)
{
	size_t j = *i;

	*v = 0;
	while (j < end && is_digit(s[j])) {
		uint64_t d = (uint64_t)(s[j] - '0');

		if (*v > (UINT64_MAX - d) / 10)
			return false;
		*v = *v * 10 + d;
		j++;
	}
	if (j == *i || j - *i > 20)
		return false;
	*i = j;
	return true;
}

/* "caller=T123" / "caller=C1" in s[f, e): copy "T123" into @out. */
static void parse_caller(const char *s, size_t f, size_t e, char *out)
{
	size_t d;

	if (e - f < 9 || memcmp(s + f, "caller=", 7) ||
	    (s[f + 7] != 'T' && s[f + 7] != 'C'))
		return;
	for (d = f + 8; d < e && is_digit(s[d]); d++)
		;
	/* the id is a u32 with the top bit as the T/C flag: 10 digits */
	if (d != e || e - f - 7 >= BC_KMSG_CALLER_MAX)
		return;
	memcpy(out, s + f + 7, e - f - 7);
	out[e - f - 7] = '\0';
}

size_t bc_kmsg_header(const char *s, size_t len, struct bc_kmsg_hdr *h)
{
	size_t i = 0, end = len < BC_KMSG_HDR_MAX ? len : BC_KMSG_HDR_MAX;
	uint64_t pri;

	/* cheap rejection: almost every console line starts otherwise */
	if (!end || !is_digit(s[0]))
		return 0;
	if (!parse_u64(s, end, &i, &pri) || pri > BC_KMSG_PRI_MAX || i >= end ||
	    s[i++] != ',')
		return 0;
	if (!parse_u64(s, end, &i, &h->seq) || i >= end || s[i++] != ',')
		return 0;
	if (!parse_u64(s, end, &i, &h->usec) || i >= end || s[i++] != ',')
		return 0;
	h->pri = (unsigned int)pri;
	/* flags: '-', or 'c' for a fragment of a line (LOG_CONT) */
	if (i >= end || (s[i] != '-' && s[i] != 'c'))
		return 0;
	h->flags = s[i++];
	h->caller[0] = '\0';
	while (i < end && s[i] == ',') {
		size_t f = ++i;

		while (i < end && s[i] != ',' && s[i] != ';') {
			if (s[i] == '\0' || s[i] == '\n' || s[i] == '\r')
				return 0;
			i++;
		}
		parse_caller(s, f, i, h->caller);
	}
	if (i >= end || s[i] != ';')
		return 0;
	h->text = i + 1;
	return h->text;
}

size_t bc_kmsg_unescape(char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\') {
			int hi = i + 2 < len ? hex_val(s[i + 2]) : -1;
			int lo = i + 3 < len ? hex_val(s[i + 3]) : -1;

			if (i + 1 < len && s[i + 1] == 'x' && hi >= 0 &&
			    lo >= 0) {
				c = (char)(hi << 4 | lo);
				i += 3;
			} else if (len - i < 4 &&
				   (i + 1 == len ||
				    (s[i + 1] == 'x' &&
				     (i + 2 == len || hi >= 0)))) {
				break; /* an escape the record's end cut */
			}
		}
		if (c == '\0' || c == '\r')
			continue;
		s[o++] = c;
	}
	return o;
}

bool bc_kmsg_dict_line(const char *s, size_t len, const char **key,
		       size_t *klen, const char **val, size_t *vlen)
{
	size_t i = 1;

	if (len < 3 || s[0] != ' ')
		return false;
	while (i < len && i <= 65 &&
	       ((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) || s[i] == '_'))
		i++;
	if (i == 1 || i >= len || s[i] != '=')
		return false;
	if (key) {
		*key = s + 1;
		*klen = i - 1;
	}
	if (val) {
		*val = s + i + 1;
		*vlen = len - i - 1;
	}
	return true;
}

size_t bc_kmsg_record(const char *buf, size_t n, struct bc_kmsg_rec *r,
		      bool *ok)
{
	const char *nl;
	size_t line, at;

	*ok = false;
	if (!n)
		return 0;
	nl = memchr(buf, '\n', n);
	line = nl ? (size_t)(nl - buf) : n;
	at = nl ? line + 1 : n;
	if (bc_kmsg_header(buf, line, &r->h)) {
		*ok = true;
		r->text = buf + r->h.text;
		r->text_len = line - r->h.text;
		r->truncated = !nl;
		r->dict = buf + at;
		r->dict_len = 0;
	}
	/* the continuation lines belong to this line, record or not */
	while (at < n && buf[at] == ' ') {
		nl = memchr(buf + at, '\n', n - at);
		at = nl ? (size_t)(nl - buf) + 1 : n;
	}
	if (*ok)
		r->dict_len = (size_t)(buf + at - r->dict);
	return at;
}
