// SPDX-License-Identifier: GPL-2.0
/* Test plug-in: has no bugcheck_plugin_debugger. */
#include <bugcheck/plugin.h>

BUGCHECK_PLUGIN_DEFINE_ABI();

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	return 0;
}

int bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			      unsigned int index, char *name, size_t name_size,
			      char *value, size_t value_size)
{
	return -22;
}
