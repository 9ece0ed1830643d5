// SPDX-License-Identifier: GPL-2.0
/*
 * Test plug-in: tries to change the crash it was shown.  The view is
 * mapped read-only in the child, so this faults.
 */
#include <bugcheck/plugin.h>

BUGCHECK_PLUGIN_DEFINE_ABI();

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	char *msg = (char *)view->message;

	msg[0] = 'X';
	return 0;
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
