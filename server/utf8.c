// SPDX-License-Identifier: GPL-2.0
/*
 * UTF-8 validation and U+FFFD replacement (RFC 3629, section 4 table).
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0; /* overlong */
	else if (c == 0xed)
		hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong */
	else if (c == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i, len - i);

		if (!n)
			return false;
		i += n;
	}
	return true;
}

size_t utf8_sanitize(const char *in, size_t len, char *out, size_t out_size)
{
	static const char repl[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0;

	if (!out_size)
		return 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i, len - i);
		const char *src = n ? in + i : repl;
		size_t w = n ? n : 3;

		if (o + w > out_size - 1)
			break;
		memcpy(out + o, src, w);
		o += w;
		i += n ? n : 1;
	}
	out[o] = '\0';
	return o;
}

char *utf8_sanitize_dup(const char *in, size_t len)
{
	size_t cap = len * 3 + 1;
	char *out = malloc(cap);

	if (out)
		utf8_sanitize(in, len, out, cap);
	return out;
}
