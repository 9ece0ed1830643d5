// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes through the streaming classifier
 * (split at a data-derived point, with --all) and the record path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

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
	fx.log = (const char *)data;
	fx.log_len = size;
	fx.nframes = 2;
	fx.frames = fr;
	fx.reason = size ? data[size - 1] : 0;
	(void)bc_classify_facts(&fx, out);
	return 0;
}
