// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the failurehits parameter parser.  The input is split
 * on NUL bytes into up to eight parameter strings (filter first), so the
 * filter grammar and every other parameter are exercised.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *parts[8] = { 0 };
	struct query_params p;
	struct query_node *n = NULL;
	char err[512];
	struct query q;
	char *buf;
	size_t k = 0;

	if (size > 16384)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	parts[k++] = buf;
	for (size_t i = 0; i < size && k < 8; i++)
		if (!buf[i])
			parts[k++] = buf + i + 1;

	if (!query_parse_filter(buf, &n, err, sizeof(err)))
		query_node_free(n);

	p = (struct query_params){
		.filter = parts[0],
		.groupby = parts[1],
		.orderby = parts[2],
		.start_date = parts[3],
		.end_date = parts[4],
		.top = parts[5],
		.skip = parts[6],
		.aggregation_level = parts[7],
	};
	(void)query_parse(&p, 20000, &q, err, sizeof(err));
	query_done(&q);
	free(buf);
	return 0;
}
