// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the privacy scrubber (agent/core/scrub.c): any bytes
 * as a log, scrubbed with a fixed set of host words; and the crash-line
 * finder of the minimal report (agent/core/report.c).  Built with ASan and
 * UBSan (make fuzz); seeds are tests/scrub-corpus.in.
 *
 * Besides memory safety it checks that the output has no NUL byte and that
 * the crash lines found lie inside the text.  With FUZZ_SCRUB_IDEMPOTENT=1
 * it also aborts when scrubbing the output again changes it: that finds
 * rules that misfire next to a placeholder, but crafted inputs can always
 * make one, so the suite does not set it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bc_scrub s;
	static int init, idem;
	size_t n, n2, st, en;
	char *o, *o2;

	if (!init) {
		bc_scrub_init(&s, "mybox mybox.corp.example.com");
		idem = getenv("FUZZ_SCRUB_IDEMPOTENT") != NULL;
		init = 1;
	}
	o = bc_scrub_text(&s, (const char *)data, size, &n);
	if (!o)
		return 0;
	if (memchr(o, '\0', n))
		abort();
	o2 = bc_scrub_text(&s, o, n, &n2);
	if (idem && o2 && (n2 != n || memcmp(o, o2, n))) {
		fprintf(stderr, "not idempotent:\n%.*s\n---\n%.*s\n", (int)n, o,
			(int)n2, o2);
		abort();
	}
	if (!bc_report_crash_lines(o, n, 0, &st, &en) && (st > en || en > n))
		abort();
	free(o);
	free(o2);
	return 0;
}
