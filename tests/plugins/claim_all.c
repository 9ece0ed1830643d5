// SPDX-License-Identifier: GPL-2.0
/*
 * Test plug-in: claims every crash as TEST_CLAIM_ALL, with the crash's
 * kernel release and message as its signature and no debugger.  Several
 * configuration files name it, under different vendors, to test that the
 * first in file-name order wins.
 */
#include <stdio.h>

#include <bugcheck/plugin.h>

BUGCHECK_PLUGIN_DEFINE_ABI();

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	snprintf(event_name, event_name_size, "TEST_CLAIM_ALL");
	*nparams = 2;
	return 1;
}

int bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			      unsigned int index, char *name, size_t name_size,
			      char *value, size_t value_size)
{
	snprintf(name, name_size, index ? "message" : "release");
	snprintf(value, value_size, "%s",
		 index ? view->message : view->kernel_release);
	return 0;
}

int bugcheck_plugin_debugger(const struct bugcheck_plugin_view *view,
			     char *cmdline, size_t cmdline_size)
{
	return 0;
}
