/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daily census (docs/privacy.md, "The daily census"): with forwarding
 * on, at most one small request a UTC day tells the server that this
 * machine ran today, so that it can rate crashes per 1,000 machine-days.
 * It holds the salted machine id reports carry, the kernel release, the
 * distribution release, the configured device type and market, and the
 * names and versions of the loaded out-of-tree modules; nothing else.
 */
#ifndef BUGCHECK_AGENT_CENSUS_H
#define BUGCHECK_AGENT_CENSUS_H

#include <stddef.h>

#include <json-c/json.h>

#include "config.h"

#define BC_CENSUS_MODULES_MAX 64 /* the server takes no more */

/**
 * bc_census_build() - this machine's census
 * @c:   configuration: device_type, market, proc_dir, sys_dir
 * @mid: the salted machine id (bc_host_machine_id())
 * @ret: the request body
 * @err: why it could not be built
 *
 * Out-of-tree modules are those /proc/modules marks with taint flag O
 * (out-of-tree) or E (unsigned): kernel/module/procfs.c prints each
 * module's taint letters in parentheses, kernel/panic.c taint_flags[].
 * Their version is /sys/module/NAME/version (MODULE_VERSION), "" when
 * there is none.  Without /proc/modules (a kernel without modules) the
 * list is empty.  At most BC_CENSUS_MODULES_MAX, by name.
 *
 * Return: 0 or -errno.
 */
int bc_census_build(const struct bc_config *c, const char *mid,
		    struct json_object **ret, char *err, size_t errlen);

#endif /* BUGCHECK_AGENT_CENSUS_H */
