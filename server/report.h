/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoder and validator of the report JSON the agent posts (see
 * docs/server.md for the contract).  Input is hostile: every field is
 * type, length and charset checked, and errors name the field.
 */
#ifndef BUGCHECK_SERVER_REPORT_H
#define BUGCHECK_SERVER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"

#define REPORT_BATCH_MAX 100
#define REPORT_PARAMS_MAX 16
#define REPORT_FRAMES_MAX 64
#define REPORT_LOG_MAX (64 * 1024)
/* Failure hash versions this server can recompute: all of the classifier's. */
#define REPORT_HASH_VERSION_MAX BC_HASH_SPEC_VERSION

/**
 * struct report - one validated report
 *
 * String fields are NUL terminated and already checked; sizes include the
 * NUL.  @record and @stack are heap strings owned by the report.
 */
struct report {
	char report_id[65]; /* lowercase hex, 32..64 */
	char machine_id[129]; /* lowercase hex, 16..128 */
	int64_t crash_time; /* seconds since the epoch, UTC */
	char source[16];
	char event_type[32];
	char kernel_release[65];
	char os_release[129];
	char device_type[16];
	char market[65];
	char cls[48];
	int code;
	int hash_version; /* of failure_hash; 1 when the report has none */
	char title[257];
	char image[64]; /* blamed module, "vmlinux" for the core */
	char function[129];
	char failure_name[321];
	char failure_hash[65]; /* lowercase */
	bool corrupted;
	bool panicked;
	bool has_module;
	char mod_name[64];
	char mod_file[65];
	char mod_version[65];
	char mod_srcversion[65];
	char taint[33];
	bool has_claim;
	char claim_plugin[33];
	char claim_event[129];
	size_t n_params;
	char param_name[REPORT_PARAMS_MAX][65];
	char param_value[REPORT_PARAMS_MAX][257];
	char bucket_key[65]; /* failure_hash, or the claim GUID */
	char bucket_name[321]; /* failure_name, or the claim event */
	char *stack; /* canonical JSON array of frames */
	char *log; /* valid UTF-8, at most REPORT_LOG_MAX bytes; NULL if none */
	char *record; /* the stored sample: JSON rebuilt from the fields above */
	uint64_t count; /* instances this boot so far (live reports); 1 if absent */
	uint64_t weight; /* 1 / client-side sampling rate; 1 if absent */
	uint64_t hits; /* what it adds to the counts: report_hits() */
};

/* count and weight are 1..REPORT_COUNT_MAX each */
#define REPORT_COUNT_MAX 4294967295ULL

/*
 * The hits one report adds to every count: @count × @weight, at most
 * @cap (the server's max_report_hits; 0: no cap).
 */
uint64_t report_hits(uint64_t count, uint64_t weight, uint64_t cap);

/**
 * report_decode_body() - decode a POST /api/v1/reports body
 * @buf, @len:   request body (need not be NUL terminated)
 * @ret:         array of reports, free with report_free_array()
 * @ret_n:       number of reports (1..REPORT_BATCH_MAX)
 * @ret_batch:   whether the body used the {"reports":[...]} form
 * @err:         message naming the offending field on failure
 *
 * Returns 0, -EINVAL for a body that is not acceptable, -ENOMEM.
 */
int report_decode_body(const char *buf, size_t len, struct report **ret,
		       size_t *ret_n, bool *ret_batch, char *err,
		       size_t err_size);
void report_free_array(struct report *r, size_t n);

/**
 * struct response_req - body of POST /api/v1/responses
 *
 * Empty range bounds are open.  @link is an http(s) URL.
 */
struct response_req {
	char failure_hash[65];
	char message[1025];
	char link[513];
	char mod_min[65];
	char mod_max[65];
	char kern_min[65];
	char kern_max[65];
};

int report_decode_response(const char *buf, size_t len,
			   struct response_req *ret, char *err,
			   size_t err_size);

#define REPORT_IDS_MAX 100

/* Body of POST /api/v1/responses/query: {"report_ids":[...]}. */
int report_decode_ids(const char *buf, size_t len,
		      char (*ret)[REPORT_IDS_MAX][65], size_t *ret_n, char *err,
		      size_t err_size);

/*
 * Body of POST /api/v1/reports/{id}/count: {"count": N}, N in
 * 1..REPORT_COUNT_MAX (the report's absolute count so far).
 */
int report_decode_count(const char *buf, size_t len, uint64_t *ret, char *err,
			size_t err_size);

/*
 * For tests and fuzzers: 0 when the decoders' own JSON parser either
 * leaves @buf to json-c or reads it as json-c does (same values, a key
 * sent twice meaning its last value); -EPROTO when it accepts what
 * json-c refuses or reads it differently; -ENOMEM.
 */
int report_json_selfcheck(const char *buf, size_t len);

#endif /* BUGCHECK_SERVER_REPORT_H */
