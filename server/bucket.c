// SPDX-License-Identifier: GPL-2.0
/*
 * Pure bucketing logic: no I/O and no clock.  See bucket.h.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "bucket.h"
#include "sha256.h"

/*
 * Proleptic Gregorian calendar <-> day numbers, the well known "eras of
 * 400 years" formulation, valid for any year representable in int64_t/400.
 */
int64_t bucket_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void bucket_civil_from_days(int64_t day, int64_t *ret_y, unsigned int *ret_m,
			    unsigned int *ret_d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	unsigned int d = doy - (153 * mp + 2) / 5 + 1;
	unsigned int m = mp < 10 ? mp + 3 : mp - 9;

	*ret_y = yoe + era * 400 + (m <= 2);
	*ret_m = m;
	*ret_d = d;
}

int64_t bucket_week_start(int64_t day)
{
	/* 1970-01-01 was a Thursday: weekday index with Monday = 0 is +3. */
	int64_t wd = (day + 3) % 7;

	if (wd < 0)
		wd += 7;
	return day - wd;
}

int64_t bucket_month_start(int64_t day)
{
	int64_t y;
	unsigned int m, d;

	bucket_civil_from_days(day, &y, &m, &d);
	return day - (d - 1);
}

void bucket_format_day(int64_t day, char buf[BUCKET_DATE_LEN])
{
	int64_t y;
	unsigned int m, d;

	bucket_civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		strcpy(buf, "0000-00-00");
		return;
	}
	buf[0] = '0' + y / 1000;
	buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10;
	buf[3] = '0' + y % 10;
	buf[4] = '-';
	buf[5] = '0' + m / 10;
	buf[6] = '0' + m % 10;
	buf[7] = '-';
	buf[8] = '0' + d / 10;
	buf[9] = '0' + d % 10;
	buf[10] = '\0';
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int month_days(int64_t y, unsigned int m)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30,
						31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads 1..max digits; returns the count read, 0 if none. */
static size_t digits(const char *s, size_t max, unsigned int *ret)
{
	unsigned int v = 0;
	size_t i;

	for (i = 0; i < max && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	*ret = v;
	return i;
}

int bucket_parse_mdy(const char *s, int64_t *ret_day)
{
	unsigned int m, d, y;
	size_t n;

	n = digits(s, 2, &m);
	if (!n || s[n] != '/')
		return -EINVAL;
	s += n + 1;
	n = digits(s, 2, &d);
	if (!n || s[n] != '/')
		return -EINVAL;
	s += n + 1;
	n = digits(s, 4, &y);
	if (n != 4 || s[n])
		return -EINVAL;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -ERANGE;
	*ret_day = bucket_days_from_civil(y, m, d);
	return 0;
}

static int fixed(const char **p, size_t n, unsigned int *ret)
{
	if (digits(*p, n, ret) != n)
		return -EINVAL;
	*p += n;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -EINVAL;
	(*p)++;
	return 0;
}

int bucket_parse_time(const char *s, int64_t *ret_epoch)
{
	unsigned int y, mo, d, h, mi, sec, oh = 0, om = 0;
	const char *p = s;
	int64_t t, sign = 0;

	if (fixed(&p, 4, &y) || expect(&p, '-') || fixed(&p, 2, &mo) ||
	    expect(&p, '-') || fixed(&p, 2, &d) ||
	    (*p != 'T' && *p != 't' && *p != ' '))
		return -EINVAL;
	p++;
	if (fixed(&p, 2, &h) || expect(&p, ':') || fixed(&p, 2, &mi) ||
	    expect(&p, ':') || fixed(&p, 2, &sec))
		return -EINVAL;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		/* Fractions are accepted but carry no meaning for bucketing. */
		for (int i = 0; isdigit((unsigned char)*p); i++, p++)
			if (i >= 9)
				return -EINVAL;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		p++;
		if (fixed(&p, 2, &oh) || expect(&p, ':') || fixed(&p, 2, &om))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -ERANGE;
	t = bucket_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t -= sign * (int64_t)(oh * 3600 + om * 60);
	if (t < 0)
		return -ERANGE;
	*ret_epoch = t;
	return 0;
}

void bucket_claim_key(const char *image, const char *plugin,
		      const char *event_name, const struct bucket_param *params,
		      size_t n_params, char out[BUCKET_GUID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	static const char tag[] = "bugcheck-claim-v2";
	uint8_t md[BC_SHA256_LEN];
	struct bc_sha256 ctx;
	size_t o = 0;

	/* every field with its NUL: field boundaries are part of the key */
	bc_sha256_init(&ctx);
	bc_sha256_update(&ctx, tag, sizeof(tag));
	bc_sha256_update(&ctx, image, strlen(image) + 1);
	bc_sha256_update(&ctx, plugin, strlen(plugin) + 1);
	bc_sha256_update(&ctx, event_name, strlen(event_name) + 1);
	for (size_t i = 0; i < n_params; i++) {
		bc_sha256_update(&ctx, params[i].name,
				 strlen(params[i].name) + 1);
		bc_sha256_update(&ctx, params[i].value,
				 strlen(params[i].value) + 1);
	}
	bc_sha256_final(&ctx, md);
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = '\0';
}

int bucket_version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea, *eb;
			size_t la, lb;

			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = ea - a;
			lb = eb - b;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = memcmp(a, b, la);

			if (c)
				return c < 0 ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (!*a && !*b)
		return 0;
	return *a ? 1 : -1;
}

bool bucket_version_in_range(const char *v, const char *min, const char *max)
{
	if (min && *min && bucket_version_cmp(v, min) < 0)
		return false;
	if (max && *max && bucket_version_cmp(v, max) > 0)
		return false;
	return true;
}

void bucket_os_version(const char *release, char *out, size_t out_size)
{
	size_t i = 0, dots = 0;

	if (!out_size)
		return;
	/* Up to the second '.' or the first character that is not a digit. */
	for (; release[i] && i + 1 < out_size; i++) {
		if (release[i] == '.') {
			if (++dots == 2)
				break;
		} else if (!isdigit((unsigned char)release[i])) {
			break;
		}
	}
	memcpy(out, release, i);
	out[i] = '\0';
	if (i && out[i - 1] == '.')
		out[i - 1] = '\0';
}

void bucket_shares(const uint64_t *hits, size_t n, uint64_t total,
		   double *ret_share, double *ret_cum)
{
	uint64_t run = 0;

	/*
	 * The running share is computed from the running hit count, not by
	 * adding rounded shares, so it ends at exactly 1 when the rows hold
	 * every hit.
	 */
	for (size_t i = 0; i < n; i++) {
		run += hits[i];
		ret_share[i] = total ? (double)hits[i] / (double)total : 0;
		ret_cum[i] = total ? (double)(run < total ? run : total) /
					     (double)total :
				     0;
	}
}
