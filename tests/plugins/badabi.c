// SPDX-License-Identifier: GPL-2.0
/* Test plug-in: built for an ABI version the agent does not have. */
#include <stdint.h>

#include <bugcheck/plugin.h>

__attribute__((visibility("default")))
const uint32_t bugcheck_plugin_abi_version = BUGCHECK_PLUGIN_ABI_VERSION + 98;

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	return 1;
}

int bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			      unsigned int index, char *name, size_t name_size,
			      char *value, size_t value_size)
{
	return -22;
}

int bugcheck_plugin_debugger(const struct bugcheck_plugin_view *view,
			     char *cmdline, size_t cmdline_size)
{
	return 0;
}
