/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A growable text buffer, always NUL-terminated: the API's replies
 * (http.c) and the stored record and stack (report.c) are written into
 * one.  After a failed allocation @oom is set and every later append is
 * dropped; the owner checks @oom once at the end and frees @p.
 */
#ifndef BUGCHECK_SERVER_SBUF_H
#define BUGCHECK_SERVER_SBUF_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static inline void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

#endif
