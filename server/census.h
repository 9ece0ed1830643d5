/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fleet denominators: the daily census an agent sends (POST
 * /api/v1/census) and the dimensions the server counts machine-days in.
 * A census names one machine (its salted id), what it runs and its
 * out-of-tree modules with their versions; the store counts each machine
 * once per UTC day of receipt and keeps only the sums per dimension.
 */
#ifndef BUGCHECK_SERVER_CENSUS_H
#define BUGCHECK_SERVER_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CENSUS_BODY_MAX 16384 /* bytes of one census body */
#define CENSUS_MODULES_MAX 64 /* out-of-tree modules of one machine */

/* Machine-days are counted per day and per value of each dimension. */
enum census_dim {
	CENSUS_TOTAL, /* every machine: key "" */
	CENSUS_KERNEL, /* kernel release */
	CENSUS_MODULE, /* module name, with its version */
	CENSUS_MARKET, /* market, "" for none */
	CENSUS_DEVICE, /* device type */
	CENSUS_OS, /* distribution release (os-release PRETTY_NAME) */
	CENSUS_DIMS,
};

struct census_module {
	char name[57];
	char version[65]; /* "" when the module has none */
};

/**
 * struct census - one machine's census, validated
 * @machine_id:     salted machine hash, lowercase hex, 16..128 digits
 * @kernel_release: uname -r
 * @os_release:     os-release PRETTY_NAME, "" when unknown
 * @device_type:    server, desktop, laptop, vm or unknown
 * @market:         the agent's market label, "" for none
 * @n_modules:      entries of @modules
 * @modules:        loaded out-of-tree modules, names unique
 */
struct census {
	char machine_id[129];
	char kernel_release[65];
	char os_release[129];
	char device_type[16];
	char market[65];
	size_t n_modules;
	struct census_module modules[CENSUS_MODULES_MAX];
};

/**
 * census_decode() - check a census body from an agent
 * @buf, @len: the body (hostile)
 * @ret:       filled in
 * @err:       why it was refused
 *
 * Return: 0, -EINVAL (@err says which field and why), -EMSGSIZE (body
 * over CENSUS_BODY_MAX) or -ENOMEM.
 */
int census_decode(const char *buf, size_t len, struct census *ret, char *err,
		  size_t err_size);

/* "total", "kernel", "module", "market", "device", "os"; -1 if unknown. */
int census_dim_parse(const char *s);
const char *census_dim_name(enum census_dim d);

#endif /* BUGCHECK_SERVER_CENSUS_H */
