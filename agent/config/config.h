/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Agent configuration: /etc/bugcheck/agent.conf, "key = value" lines, read
 * by one table-driven parser.  Defaults first, then the file; the commands
 * apply their flags afterwards.  docs/agent.md is the reference.
 */
#ifndef BUGCHECK_AGENT_CONFIG_H
#define BUGCHECK_AGENT_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BC_CONFIG_DEFAULT "/etc/bugcheck/agent.conf"

/*
 * What the agent sends beyond the first report (docs/privacy.md,
 * "Progressive collection"): nothing, what the server asks for, or the
 * whole scrubbed log tail with every report.
 */
enum bc_collect_level {
	BC_COLLECT_MINIMAL,
	BC_COLLECT_ASKED,
	BC_COLLECT_FULL,
};
#define BC_CONFIG_ENV "BUGCHECK_AGENT_CONFIG"

/**
 * struct bc_config - every agent setting
 * @path:          the file that was read, "" when none
 * @spool_dir:     spool directory (reports waiting, sent metadata, state)
 * @state_dir:     where the generated salt lives
 * @pstore_dir:    mounted pstore file system
 * @kdump_dir:     kdump-tools' dump directory
 * @forward:       forwarding is enabled (opt-in)
 * @server:        base URL of bugcheck-server
 * @token:         bearer token (from @token or read from token_file)
 * @allow_http:    plain http:// URLs are allowed
 * @ca_file:       CA bundle for the server's certificate, "" = system
 * @salt:          machine-id salt from the file, "" = generated
 * @device_type:   server|desktop|laptop|vm|unknown
 * @market:        free label sent with every report, "" = none
 * @send_log:      include the crash report's own lines, scrubbed, in reports
 *                 (the spool keeps the whole scrubbed tail)
 * @spool_max_bytes:   cap on the bytes of reports waiting
 * @spool_max_reports: cap on the number of reports waiting
 * @sent_keep:     metadata entries of sent reports kept for "list"
 * @retry_min:     first retry delay, seconds
 * @retry_max:     largest retry delay, seconds
 * @poll_interval: seconds between response polls and spool scans (daemon)
 * @timeout:       seconds allowed for one HTTP request
 * @scrub_words:   extra words (space separated) scrubbed from logs
 * @collect_level: minimal, asked (default) or full
 * @extra_max_bytes: cap on the extra data (log tails, vendor blocks, kdump
 *                 dmesg) kept for sent reports; the oldest go first
 * @extra_keep_days: days the extra data of a sent report is kept
 * @census:        send the daily census when forwarding (docs/privacy.md)
 * @proc_dir:      where procfs is mounted (the census reads modules there)
 * @sys_dir:       where sysfs is mounted (module versions)
 */
struct bc_config {
	char path[PATH_MAX];
	char spool_dir[PATH_MAX];
	char state_dir[PATH_MAX];
	char pstore_dir[PATH_MAX];
	char kdump_dir[PATH_MAX];
	bool forward;
	char server[512];
	char token[256];
	bool allow_http;
	char ca_file[PATH_MAX];
	char salt[129];
	char device_type[16];
	char market[65];
	bool send_log;
	uint64_t spool_max_bytes;
	unsigned int spool_max_reports;
	unsigned int sent_keep;
	unsigned int retry_min;
	unsigned int retry_max;
	unsigned int poll_interval;
	unsigned int timeout;
	char scrub_words[1024];
	enum bc_collect_level collect_level;
	uint64_t extra_max_bytes;
	unsigned int extra_keep_days;
	bool census;
	char proc_dir[PATH_MAX];
	char sys_dir[PATH_MAX];
	/* bugcheck watch (agent/live/): BPF on, live reports a day, 1 in N */
	bool watch_bpf;
	unsigned int watch_daily_cap;
	unsigned int watch_sample;
};

/* "minimal", "asked", "full". */
const char *bc_collect_level_name(enum bc_collect_level l);

void bc_config_defaults(struct bc_config *c);

/**
 * bc_config_load() - defaults, then a configuration file
 * @c:          filled in
 * @path:       file to read; NULL means $BUGCHECK_AGENT_CONFIG, else
 *              BC_CONFIG_DEFAULT, and a missing default file is not an error
 * @err:        message naming the file, line and bad value on failure
 * @errlen:     size of @err
 *
 * Return: 0, or -EINVAL (bad content: exit 2), -errno (unreadable).
 */
int bc_config_load(struct bc_config *c, const char *path, char *err,
		   size_t errlen);

/**
 * bc_config_check_forward() - the settings forwarding needs are usable
 * @c:      configuration
 * @err:    message on failure
 * @errlen: size of @err
 *
 * Return: 0 or -EINVAL.
 */
int bc_config_check_forward(const struct bc_config *c, char *err,
			    size_t errlen);

#endif /* BUGCHECK_AGENT_CONFIG_H */
