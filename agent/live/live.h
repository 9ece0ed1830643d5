/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bugcheck watch: live reports of the failures a running kernel survives
 * (docs/agent.md, "Live reports").  One epoll loop owns /dev/kmsg, the BPF
 * ring buffer (bpf/watch.bpf.c), a signalfd and the timers.  Kernel
 * messages go through the streaming classifier; a BPF event says which
 * report is real and what kind it is, and stands in for the text when
 * none came.  Each failure hash is reported once per boot and counted
 * after that, within a daily cap and a sampling rate.
 */
#ifndef BUGCHECK_AGENT_LIVE_H
#define BUGCHECK_AGENT_LIVE_H

#include <stdbool.h>

#include "config.h"

#define BC_LIVE_STATE "watch.json" /* in state_dir: per-boot state, status */

/**
 * struct bc_live_opts - how the watcher runs
 * @cfg:      configuration (spool, state_dir, watch_* keys)
 * @no_bpf:   do not load BPF, /dev/kmsg alone (also cfg->watch_bpf false)
 * @kmsg:     path of the kernel log device, normally "/dev/kmsg"
 * @quiet_ms: a report is complete after this long without a new line
 * @config:   the file @cfg came from (NULL: the default), read again on
 *            SIGHUP for the watch_* keys
 */
struct bc_live_opts {
	const struct bc_config *cfg;
	const char *config;
	bool no_bpf;
	const char *kmsg;
	unsigned int quiet_ms;
};

/* Run until SIGTERM or SIGINT; SIGHUP reloads. Return: 0 or -errno. */
int bc_live_run(const struct bc_live_opts *o);

#endif /* BUGCHECK_AGENT_LIVE_H */
