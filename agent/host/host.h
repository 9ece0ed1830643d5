/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts about this machine that a report needs and agent/core/ must not
 * read itself: its names (for the scrubber), os-release, the clock, and
 * the salted machine id with its salt file.
 */
#ifndef BUGCHECK_AGENT_HOST_H
#define BUGCHECK_AGENT_HOST_H

#include <stddef.h>

#include "report.h"

/**
 * bc_host_scrub_words() - words the scrubber must remove on this machine
 * @extra: the config's scrub_words, may be NULL
 * @buf:   result: host name, its short form, /etc/hostname, host.domain,
 *         the resolver's FQDN, then @extra, space-separated
 * @size:  bytes of @buf
 */
void bc_host_scrub_words(const char *extra, char *buf, size_t size);

/**
 * bc_host_report_env() - os-release PRETTY_NAME and the time now
 * @env: filled in
 */
void bc_host_report_env(struct bc_report_env *env);

/**
 * bc_host_machine_id() - this machine's salted id
 * @salt:      the configured salt, or "" to use state_dir/salt
 * @state_dir: where the generated salt is kept
 * @out:       BC_MACHINE_ID_LEN + 1 bytes
 *
 * Without a configured salt, state_dir/salt is read, or generated (32
 * random bytes, hex) and written atomically on first use.
 *
 * Return: 0 or -errno (salt file could not be read or created).
 */
int bc_host_machine_id(const char *salt, const char *state_dir,
		       char out[BC_MACHINE_ID_LEN + 1]);

#endif /* BUGCHECK_AGENT_HOST_H */
