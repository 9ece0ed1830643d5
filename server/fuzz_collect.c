// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the progressive-collection bodies (server/collect.c),
 * an upload ({"kind","data"}) and the numbers wanted.  The first byte
 * picks the decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int wanted[COLLECT_KINDS];
	enum collect_kind k;
	char err[512], *d = NULL;
	size_t n;

	if (!size)
		return 0;
	if (data[0] & 1) {
		(void)collect_decode_wanted((const char *)data + 1, size - 1,
					    wanted, err, sizeof(err));
		return 0;
	}
	if (!collect_decode_upload((const char *)data + 1, size - 1, &k, &d, &n,
				   err, sizeof(err))) {
		/* what is accepted is what collect_check_data() accepts */
		if (collect_check_data(k, d, n, err, sizeof(err)) ||
		    strlen(d) != n)
			abort();
		free(d);
	}
	return 0;
}
