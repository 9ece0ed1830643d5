// SPDX-License-Identifier: GPL-2.0
/*
 * bc_log(): "<N>" prefixed lines on stderr (log.h).  The line is built in
 * one buffer and written with one call, so lines of concurrent processes
 * (the plug-in children) do not interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

void bc_log(int prio, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	size_t n;
	int len;

	len = snprintf(line, sizeof(line), "<%d>", LOG_PRI(prio));
	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (!n || line[n - 1] != '\n') {
		line[n++] = '\n';
		line[n] = '\0';
	}
	fputs(line, stderr);
}
