// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the census body (server/census.c).  What is accepted
 * must hold what the stores count: at most CENSUS_MODULES_MAX modules,
 * sorted by name and each once, a lowercase hex machine id, and valid
 * UTF-8 text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct census c;
	char err[512];

	if (census_decode((const char *)data, size, &c, err, sizeof(err)))
		return 0;
	if (c.n_modules > CENSUS_MODULES_MAX ||
	    strspn(c.machine_id, "0123456789abcdef") != strlen(c.machine_id) ||
	    strlen(c.machine_id) < 16 || !*c.kernel_release ||
	    !utf8_valid(c.os_release, strlen(c.os_release)))
		abort();
	for (size_t i = 0; i < c.n_modules; i++)
		if (!*c.modules[i].name ||
		    !utf8_valid(c.modules[i].version,
				strlen(c.modules[i].version)) ||
		    (i &&
		     strcmp(c.modules[i - 1].name, c.modules[i].name) >= 0))
			abort();
	return 0;
}
