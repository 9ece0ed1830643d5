// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the request body decoders (reports, responses,
 * response queries).  The first byte picks the decoder.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char ids[REPORT_IDS_MAX][65];
	struct response_req rr;
	struct report *r;
	char err[512];
	bool batch;
	size_t n;

	if (!size)
		return 0;
	/* the decoders' own parser accepts nothing json-c refuses */
	if (report_json_selfcheck((const char *)data + 1, size - 1) == -EPROTO)
		abort();
	switch (data[0] % 3) {
	case 0:
		if (!report_decode_body((const char *)data + 1, size - 1, &r,
					&n, &batch, err, sizeof(err)))
			report_free_array(r, n);
		break;
	case 1:
		(void)report_decode_response((const char *)data + 1, size - 1,
					     &rr, err, sizeof(err));
		break;
	default:
		(void)report_decode_ids((const char *)data + 1, size - 1, &ids,
					&n, err, sizeof(err));
		break;
	}
	return 0;
}
