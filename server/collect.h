/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progressive collection (docs/server.md, "Progressive collection";
 * docs/privacy.md): a report carries only what buckets a crash, and a
 * bucket asks the agents for more (the full scrubbed log tail, vendor data
 * blocks, a kdump dmesg) until it holds the number of samples of each kind
 * an admin or the bucket's vendor wants.  This file holds the kinds, their
 * limits and the decoding and checking of the two request bodies; the
 * counts live in the store (store_sqlite_collect.c, store_pg_collect.c),
 * the replies are built in http.c.
 */
#ifndef BUGCHECK_SERVER_COLLECT_H
#define BUGCHECK_SERVER_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

enum collect_kind {
	COLLECT_LOG_TAIL, /* the whole scrubbed log tail the agent keeps */
	COLLECT_VENDOR_DATA, /* bugcheck.ko record's vendor blocks, hex */
	COLLECT_KDUMP_DMESG, /* the scrubbed dmesg of a kdump dump */
	COLLECT_KINDS
};

/* Largest number of samples of one kind a bucket may want. */
#define COLLECT_WANTED_MAX 1000

/* Samples of @k a bucket wants until someone sets another number. */
unsigned int collect_default_wanted(enum collect_kind k);

/* "log_tail", "vendor_data", "kdump_dmesg". */
const char *collect_kind_name(enum collect_kind k);

/* The kind named @s, or -EINVAL. */
int collect_kind_parse(const char *s);

/* Largest sample of @k accepted, bytes. */
size_t collect_max_bytes(enum collect_kind k);

/**
 * collect_check_data() - is @data an acceptable sample of @k
 * @k:      kind
 * @data:   the bytes
 * @len:    bytes of @data
 * @err:    why not
 * @errlen: size of @err
 *
 * Text kinds: 1 byte to collect_max_bytes(), valid UTF-8, no NUL.  Vendor
 * data: lines "UUID NAME HEX" (a canonical lowercase 8-4-4-4-12 UUID, a
 * name of 1 to 23 characters from [A-Za-z0-9_.-], an even number of
 * lowercase hex digits), as the agent writes them.
 *
 * Return: 0, -EMSGSIZE (too big), -EINVAL (bad shape).
 */
int collect_check_data(enum collect_kind k, const char *data, size_t len,
		       char *err, size_t errlen);

/**
 * collect_decode_upload() - parse {"kind": "...", "data": "..."}
 * @body:     request body
 * @len:      bytes of @body
 * @ret_kind: the kind
 * @ret_data: malloc'd copy of "data" (NUL terminated)
 * @ret_len:  its bytes
 * @err:      message for a 400/413 reply
 * @errlen:   size of @err
 *
 * Checks the data with collect_check_data().
 *
 * Return: 0, -EINVAL, -EMSGSIZE or -ENOMEM.
 */
int collect_decode_upload(const char *body, size_t len,
			  enum collect_kind *ret_kind, char **ret_data,
			  size_t *ret_len, char *err, size_t errlen);

/**
 * collect_decode_wanted() - parse {"log_tail": 5, "kdump_dmesg": 0, ...}
 * @body:   request body
 * @len:    bytes of @body
 * @wanted: per kind the number given, -1 where the body names none
 * @err:    message for a 400 reply
 * @errlen: size of @err
 *
 * Every member must be a kind with an integer 0..COLLECT_WANTED_MAX.  An
 * empty object changes nothing.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int collect_decode_wanted(const char *body, size_t len,
			  int wanted[COLLECT_KINDS], char *err, size_t errlen);

#endif /* BUGCHECK_SERVER_COLLECT_H */
