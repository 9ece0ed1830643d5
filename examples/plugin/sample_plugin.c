// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-sample.so: the runtime exception module that goes with
 * examples/vendor/bugcheck_sample_vendor.ko.
 *
 * It claims every crash that the sample driver is blamed for, or that runs
 * through it, and files it under the event SAMPLE_VENDOR_FAULT with three
 * signature parameters:
 *
 *   fw        the firmware version the driver's crash callback wrote into
 *             its vendor block ("fw=1.2.3 state=running ..."), or "unknown"
 *   function  the driver function the crash is blamed on
 *   class     the kernel's failure class (NULL_POINTER_DEREFERENCE, ...)
 *
 * so that crashes of one firmware version in one driver function with one
 * kind of fault share a bucket, whatever else differs.  The reset counter
 * the block also carries changes from crash to crash and is deliberately
 * left out of the signature.  For a claimed crash it offers `crash` on the
 * kdump vmcore as the debugger.
 *
 * Build (outside the bugcheck tree):
 *   cc -O2 -fPIC -fvisibility=hidden -shared -I<bugcheck>/include \
 *      -o bugcheck-sample.so sample_plugin.c
 */
#include <stdio.h>
#include <string.h>

#include <bugcheck/plugin.h>

#define SAMPLE_MODULE "bugcheck_sample_vendor"
/* The tag the sample driver registers its blocks with. */
#define SAMPLE_UUID "3b1f0a6e-5c2d-4e8f-9a71-2c64b0d9e513"

BUGCHECK_PLUGIN_DEFINE_ABI();

/* The first frame inside the sample driver, or NULL. */
static const struct bugcheck_plugin_frame *
first_sample_frame(const struct bugcheck_plugin_view *v)
{
	uint32_t i;

	for (i = 0; i < v->nframes; i++)
		if (!strcmp(v->frames[i].module, SAMPLE_MODULE))
			return &v->frames[i];
	return NULL;
}

static int is_ours(const struct bugcheck_plugin_view *v)
{
	return !strcmp(v->image, SAMPLE_MODULE) || first_sample_frame(v);
}

/*
 * Find the first non-empty "fw=<value>" that starts a word in a block and
 * copy the value (up to the next blank) into @out.  Block data is binary and may be cut short or
 * hold anything: stop at the end of the data, and take only characters
 * that are allowed in a signature value.
 */
static int fw_from_block(const struct bugcheck_plugin_block *b, char *out,
			 size_t size)
{
	const uint8_t *p = b->data;
	uint32_t i, j;
	size_t n;

	for (i = 0; p && i + 3 <= b->len; i++) {
		if (memcmp(p + i, "fw=", 3) ||
		    (i && p[i - 1] != ' ' && p[i - 1] != '\t' &&
		     p[i - 1] != '\n'))
			continue;
		for (n = 0, j = i + 3; j < b->len && n + 1 < size; j++, n++) {
			if (p[j] <= 0x20 || p[j] >= 0x7f)
				break;
			out[n] = p[j];
		}
		out[n] = '\0';
		if (n)
			return 1;
	}
	return 0;
}

/* Our own block first (matched by tag), then any block that has "fw=". */
static void fw_version(const struct bugcheck_plugin_view *v, char *out,
		       size_t size)
{
	uint32_t i;

	for (i = 0; i < v->nvendor; i++)
		if (!strcmp(v->vendor[i].uuid, SAMPLE_UUID) &&
		    fw_from_block(&v->vendor[i], out, size))
			return;
	for (i = 0; i < v->nvendor; i++)
		if (fw_from_block(&v->vendor[i], out, size))
			return;
	snprintf(out, size, "unknown");
}

int bugcheck_plugin_claim(const struct bugcheck_plugin_view *view,
			  char *event_name, size_t event_name_size,
			  unsigned int *nparams)
{
	if (!is_ours(view))
		return 0;
	snprintf(event_name, event_name_size, "SAMPLE_VENDOR_FAULT");
	*nparams = 3;
	return 1;
}

int bugcheck_plugin_signature(const struct bugcheck_plugin_view *view,
			      unsigned int index, char *name, size_t name_size,
			      char *value, size_t value_size)
{
	const struct bugcheck_plugin_frame *f;

	switch (index) {
	case 0:
		snprintf(name, name_size, "fw");
		fw_version(view, value, value_size);
		return 0;
	case 1:
		snprintf(name, name_size, "function");
		/* The classifier's culprit when it is ours, else our frame. */
		if (!strcmp(view->image, SAMPLE_MODULE) && view->function[0])
			snprintf(value, value_size, "%s", view->function);
		else if ((f = first_sample_frame(view)) && f->symbol[0])
			snprintf(value, value_size, "%s", f->symbol);
		else
			snprintf(value, value_size, "unknown");
		return 0;
	case 2:
		snprintf(name, name_size, "class");
		snprintf(value, value_size, "%s",
			 view->class_name[0] ? view->class_name :
					       view->reason_name);
		return 0;
	}
	return -22; /* -EINVAL: only three parameters were announced */
}

int bugcheck_plugin_debugger(const struct bugcheck_plugin_view *view,
			     char *cmdline, size_t cmdline_size)
{
	(void)view;
	snprintf(cmdline, cmdline_size,
		 "crash /usr/lib/debug/vmlinux /var/crash/*/dump.*");
	return 1;
}
