// SPDX-License-Identifier: GPL-2.0
/*
 * Test plug-in: claims with a signature value that holds control
 * characters and bytes above 0x7e.
 */
#include <stdio.h>

#include <bugcheck/plugin.h>

BUGCHECK_PLUGIN_DEFINE_ABI();

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	snprintf(event_name, event_name_size, "TEST_GARBAGE");
	*nparams = 1;
	return 1;
}

int bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			      unsigned int index, char *name, size_t name_size,
			      char *value, size_t value_size)
{
	snprintf(name, name_size, "junk");
	snprintf(value, value_size, "ok\x01\x1b[31m\xff");
	return 0;
}

int bugcheck_plugin_debugger(const struct bugcheck_plugin_view *view,
			     char *cmdline, size_t cmdline_size)
{
	return 0;
}
