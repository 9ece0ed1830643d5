/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure bucketing logic of bugcheck-server: calendar arithmetic for the
 * failurehits periods, the claim bucket key, kernel/module version ranges
 * and the cumulative-share view.  No I/O, no clock.
 */
#ifndef BUGCHECK_SERVER_BUCKET_H
#define BUGCHECK_SERVER_BUCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "yyyy-mm-dd" plus NUL */
#define BUCKET_DATE_LEN 11
/* lowercase GUID 8-4-4-4-12 plus NUL */
#define BUCKET_GUID_LEN 37

/**
 * bucket_days_from_civil() - day number (days since 1970-01-01) of a date
 * @y: year, @m: month 1..12, @d: day 1..31 (not checked against the month)
 */
int64_t bucket_days_from_civil(int64_t y, unsigned int m, unsigned int d);
void bucket_civil_from_days(int64_t day, int64_t *ret_y, unsigned int *ret_m,
			    unsigned int *ret_d);
/* Day number of the Monday that starts @day's week. */
int64_t bucket_week_start(int64_t day);
/* Day number of the first day of @day's month. */
int64_t bucket_month_start(int64_t day);
void bucket_format_day(int64_t day, char buf[BUCKET_DATE_LEN]);

/* "mm/dd/yyyy" (one or two digit month and day), a real calendar date. */
int bucket_parse_mdy(const char *s, int64_t *ret_day);
/*
 * "yyyy-mm-ddThh:mm:ss[.frac]Z" or with a "+hh:mm"/"-hh:mm" offset;
 * returns seconds since the epoch (UTC).
 */
int bucket_parse_time(const char *s, int64_t *ret_epoch);

/**
 * struct bucket_param - one name/value pair of a vendor claim signature
 */
struct bucket_param {
	const char *name;
	const char *value;
};

/**
 * bucket_claim_key() - bucket key of a report claimed by a vendor plug-in
 *
 * SHA-256 over "bugcheck-claim-v2", the claiming (blamed) module, the
 * plug-in name, the event name and every parameter name and value in the
 * order given, each followed by a NUL byte; the first 16 bytes are printed
 * as a lowercase GUID.  The module is part of the key, so two vendors'
 * plug-ins can never share a claim bucket.
 */
void bucket_claim_key(const char *image, const char *plugin,
		      const char *event_name, const struct bucket_param *params,
		      size_t n_params, char out[BUCKET_GUID_LEN]);

/*
 * Version order: runs of digits compare numerically, everything else
 * byte-wise, so "5.10.2" < "5.10.10" and "6.1.0-9" < "6.1.0-56".
 */
int bucket_version_cmp(const char *a, const char *b);
/* Empty or NULL bounds are open; both bounds are inclusive. */
bool bucket_version_in_range(const char *v, const char *min, const char *max);

/* Kernel series ("6.1") of a release string ("6.1.0-56-amd64"). */
void bucket_os_version(const char *release, char *out, size_t out_size);

/**
 * bucket_shares() - per-row and cumulative share of the total hits
 * @hits:       hit counts in descending order
 * @n:          number of rows
 * @total:      hits of the whole population (>= sum of @hits)
 * @ret_share:  per-row share, 0..1
 * @ret_cum:    running sum of shares, 0..1
 */
void bucket_shares(const uint64_t *hits, size_t n, uint64_t total,
		   double *ret_share, double *ret_cum);

#endif /* BUGCHECK_SERVER_BUCKET_H */
