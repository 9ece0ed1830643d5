/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit-test harness of bugcheck's user space (lib/, shared by agent/
 * and server/): CHECK() and CHECK_STR() mark the current case failed and
 * print where; done() prints its "ok - <suite>: <case>" or "not ok - ..."
 * line (tests/run.sh protocol); tap_end() prints the count and gives
 * main()'s exit status.  Define TAP_SUITE as the suite's name before
 * including this.
 */
#ifndef BUGCHECK_LIB_TAP_H
#define BUGCHECK_LIB_TAP_H

#include <stdio.h>
#include <string.h>

#ifndef TAP_SUITE
#error "define TAP_SUITE before including tap.h"
#endif

static int case_failed, failures, cases;

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			printf("# %s:%d: check failed: %s\n", __FILE__, \
			       __LINE__, #cond);                        \
			case_failed = 1;                                \
		}                                                       \
	} while (0)

/* Two strings are equal; NULL never is. */
#define CHECK_STR(a, b)                                                       \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		if (!_a || !_b || strcmp(_a, _b)) {                           \
			printf("# %s:%d: '%s' != '%s'\n", __FILE__, __LINE__, \
			       _a ? _a : "(null)", _b ? _b : "(null)");       \
			case_failed = 1;                                      \
		}                                                             \
	} while (0)

/* CHECK() that also prints a printf-style note of what it saw. */
#define CHECKF(cond, ...)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("# %s:%d: check failed: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
			case_failed = 1;                                       \
		}                                                              \
	} while (0)

static void done(const char *name)
{
	cases++;
	printf("%s - " TAP_SUITE ": %s\n", case_failed ? "not ok" : "ok", name);
	failures += case_failed;
	case_failed = 0;
}

/* The last line: "# <suite>: N of M cases failed"; main()'s exit code. */
static inline int tap_end(void)
{
	printf("# " TAP_SUITE ": %d of %d cases failed\n", failures, cases);
	return failures ? 1 : 0;
}

#endif /* BUGCHECK_LIB_TAP_H */
