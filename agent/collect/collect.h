/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The collect pipeline (agent/collect/): gather crashes from their sources
 * (bugcheck.ko over generic netlink or a region file, pstore, kdump),
 * classify them, ask the vendor plug-ins, print them, spool the reports
 * and release each crash at its source only after its report is safe.
 * `bugcheck collect` (agent/cli/cmd_collect.c) parses the options and
 * calls bc_collect_run().
 *
 * Layer: sees core, config, host, sources, spool and plugins; never
 * forward (the upload is a separate program run).
 */
#ifndef BUGCHECK_AGENT_COLLECT_H
#define BUGCHECK_AGENT_COLLECT_H

#include <stdbool.h>

#include "config.h"

/* bc_collect_opts.sources */
#define BC_COLLECT_MODULE 0x1 /* bugcheck.ko over generic netlink */
#define BC_COLLECT_PSTORE 0x2
#define BC_COLLECT_KDUMP 0x4
#define BC_COLLECT_AUTO 0x8 /* the module only when it is loaded */

/**
 * struct bc_collect_opts - what one run does
 * @sources:         BC_COLLECT_* mask
 * @file:            read this region or record file instead of the sources
 * @plugins:         plug-in configuration directory, NULL for the default
 * @json:            print JSON lines instead of text
 * @ack:             print-only mode: acknowledge at the module what was
 *                   printed
 * @spool:           store the reports in the spool
 * @ack_after_spool: then release each crash at its source
 */
struct bc_collect_opts {
	unsigned int sources;
	const char *file;
	const char *plugins;
	bool json;
	bool ack;
	bool spool;
	bool ack_after_spool;
};

/**
 * bc_collect_run() - run the pipeline once
 * @o:   options
 * @cfg: agent configuration (spool, pstore and kdump directories, ...)
 *
 * Logs what fails (it is the collect command's body).
 *
 * Return: 0, or -EIO when a source, a record or a stage failed (what
 * could be collected was).
 */
int bc_collect_run(const struct bc_collect_opts *o,
		   const struct bc_config *cfg);

#endif /* BUGCHECK_AGENT_COLLECT_H */
