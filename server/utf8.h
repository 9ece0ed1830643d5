/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 checks for text that reaches a reply: well-formed means RFC 3629
 * (no overlong forms, no surrogates, nothing above U+10FFFF).  Invalid
 * bytes are replaced by U+FFFD, one replacement per invalid byte.
 */
#ifndef BUGCHECK_SERVER_UTF8_H
#define BUGCHECK_SERVER_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of the well-formed sequence at @s (at most @len), 0 if none. */
size_t utf8_seq_len(const unsigned char *s, size_t len);

bool utf8_valid(const char *s, size_t len);

/*
 * Copies @in to @out (NUL terminated, at most @out_size - 1 bytes, cut
 * only between characters), replacing invalid bytes by U+FFFD.  Returns
 * the bytes written.
 */
size_t utf8_sanitize(const char *in, size_t len, char *out, size_t out_size);

/* Same into a new buffer; NULL when out of memory. */
char *utf8_sanitize_dup(const char *in, size_t len);

#endif /* BUGCHECK_SERVER_UTF8_H */
