/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal helpers for the server's C unit tests: each CHECK that fails
 * prints its location and the test exits non-zero at the end.
 */
#ifndef BUGCHECK_SERVER_UNIT_H
#define BUGCHECK_SERVER_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

#define CHECK(cond)                                                            \
	do {                                                                   \
		unit_checks++;                                                 \
		if (!(cond)) {                                                 \
			unit_failures++;                                       \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *_a = (a), *_b = (b);                           \
		unit_checks++;                                             \
		if (!_a || !_b || strcmp(_a, _b)) {                        \
			unit_failures++;                                   \
			fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, \
				__LINE__, _a ? _a : "(null)",              \
				_b ? _b : "(null)");                       \
		}                                                          \
	} while (0)

static inline int unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}

#endif /* BUGCHECK_SERVER_UNIT_H */
