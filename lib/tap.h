/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit-test harness of bugcheck's user space (lib/, shared by agent/
 * and server/; the server's tests move from server/unit.h to it after
 * integration): CHECK() marks the current case failed and prints where;
 * done() prints its "ok - <suite>: <case>" or "not ok - ..." line
 * (tests/run.sh protocol).  Define TAP_SUITE as the suite's name before
 * including this.
 */
#ifndef BUGCHECK_LIB_TAP_H
#define BUGCHECK_LIB_TAP_H

#include <stdio.h>

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

static void done(const char *name)
{
	cases++;
	printf("%s - " TAP_SUITE ": %s\n", case_failed ? "not ok" : "ok", name);
	failures += case_failed;
	case_failed = 0;
}

#endif /* BUGCHECK_LIB_TAP_H */
