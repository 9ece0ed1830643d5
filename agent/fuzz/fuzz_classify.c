// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes through the streaming classifier
 * (split at a data-derived point, with --all), the record path, and
 * the /dev/kmsg record parser both the classifier and bugcheck watch use
 * (agent/core/kmsg.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "kmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one classifier for the run, reset per input as a daemon would */
	static struct bc_classifier *c;
	static struct bc_classification *out;
	size_t cut = size ? data[0] % (size + 1) : 0;
	struct bc_crash_facts fx = { 0 };
	struct bc_fact_frame fr[2] = {
		{ "memcpy", NULL, 1 },
		{ "victim.isra.1", "mod", 2 },
	};

	if (!c)
		c = bc_classifier_new(BC_CLASSIFY_ALL);
	else
		bc_classifier_reset(c, BC_CLASSIFY_ALL);
	if (!out)
		out = malloc(sizeof(*out));
	if (!out || !c)
		return 0;
	bc_classifier_feed(c, (const char *)data, cut);
	while (bc_classifier_next(c, out) == 1)
		;
	bc_classifier_feed(c, (const char *)data + cut, size - cut);
	bc_classifier_finish(c);
	while (bc_classifier_next(c, out) == 1)
		;
	/* as bugcheck watch reads a buffer of records */
	{
		const char *p = (const char *)data;
		size_t n = size, used;
		struct bc_kmsg_rec r;
		static char text[65536];
		bool ok;

		while (n) {
			used = bc_kmsg_record(p, n, &r, &ok);
			if (!used || used > n)
				abort();
			if (ok) {
				if (r.text < p || r.text + r.text_len > p + n ||
				    r.dict + r.dict_len > p + used)
					abort();
				memcpy(text, r.text, r.text_len);
				if (bc_kmsg_unescape(text, r.text_len) >
				    r.text_len)
					abort();
			}
			p += used;
			n -= used;
		}
	}
	fx.log = (const char *)data;
	fx.log_len = size;
	fx.nframes = 2;
	fx.frames = fr;
	fx.reason = size ? data[size - 1] : 0;
	(void)bc_classify_facts(&fx, out);
	return 0;
}
