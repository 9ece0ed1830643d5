// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server-load: a benchmark tool, not part of the server binary.
 * Stores N generated reports directly through the store layer, spread over
 * a number of buckets (skewed, so a few are hot) and days, for
 * tests/bench-server.sh.  Failure hashes are real: bc_failure_hash() of
 * each synthetic title, as the server would recompute them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bucket.h"
#include "classify.h"
#include "cmd.h"
#include "store.h"
#include "log.h"

static const char usage_text[] =
	"Usage: bugcheck-server-load --db PATH --reports N [--buckets N]\n"
	"                            [--days N] [--end-date mm/dd/yyyy] [--seed N]\n"
	"\n"
	"Stores N generated reports through the store layer (for benchmarks):\n"
	"--buckets distinct failures (default 2000), spread over --days days\n"
	"(default 30) ending at --end-date (default today, UTC).\n";

struct load_args {
	const char *db;
	unsigned long n, buckets, days, seed;
	int64_t end_day;
};

static uint64_t rng_next(uint64_t *s)
{
	/* splitmix64: good enough spread for synthetic data */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void synth_report(struct report *r, uint64_t seq,
			 const struct load_args *a, uint64_t *rng)
{
	static const char *const mods[] = { "vmlinux", "e1000e",    "nvidia",
					    "zfs",     "i915",	    "amdgpu",
					    "iwlwifi", "btrfs",	    "ext4",
					    "nvme",    "mlx5_core", "xfs" };
	static const char *const kernels[] = { "6.1.0-25-amd64",
					       "6.1.0-26-amd64",
					       "6.1.0-56-amd64",
					       "6.12.9-amd64" };
	static const char *const devices[] = { "server", "desktop", "laptop",
					       "vm", "unknown" };
	static const char *const markets[] = { "lab-eu", "prod-us", "prod-eu" };
	static const char *const events[] = { "oops", "panic", "warning",
					      "lockup" };
	double u = (double)(rng_next(rng) >> 11) / (double)(1ULL << 53);
	unsigned long b = (unsigned long)(a->buckets * u * u * u);
	const char *img = mods[b % (sizeof(mods) / sizeof(mods[0]))];
	int64_t day = a->end_day - (int64_t)(rng_next(rng) % a->days);

	memset(r, 0, sizeof(*r));
	snprintf(r->report_id, sizeof(r->report_id), "%016llx%016llx",
		 (unsigned long long)a->seed, (unsigned long long)seq);
	snprintf(r->machine_id, sizeof(r->machine_id), "%032llx",
		 (unsigned long long)(rng_next(rng) % 50000));
	r->crash_time = day * 86400 + (int64_t)(rng_next(rng) % 86400);
	strcpy(r->source, "bugcheck");
	strcpy(r->event_type, events[b % 4]);
	strcpy(r->kernel_release, kernels[rng_next(rng) % 4]);
	strcpy(r->os_release, "Debian GNU/Linux 12 (bookworm)");
	strcpy(r->device_type, devices[rng_next(rng) % 5]);
	strcpy(r->market, markets[rng_next(rng) % 3]);
	r->code = BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE;
	r->hash_version = 1;
	snprintf(r->cls, sizeof(r->cls), "%s", bc_class_name(r->code));
	snprintf(r->image, sizeof(r->image), "%s", img);
	snprintf(r->function, sizeof(r->function), "synthetic_fn_%lu", b);
	snprintf(r->failure_name, sizeof(r->failure_name), "%s_0x%02x_%s!%s",
		 r->cls, (unsigned int)r->code, img, r->function);
	snprintf(r->title, sizeof(r->title), "synthetic failure %lu", b);
	bc_failure_hash(r->code, r->image, r->title, r->failure_hash);
	if (strcmp(img, "vmlinux")) {
		r->has_module = true;
		snprintf(r->mod_name, sizeof(r->mod_name), "%s", img);
		snprintf(r->mod_file, sizeof(r->mod_file), "%s.ko", img);
		snprintf(r->mod_version, sizeof(r->mod_version), "1.%llu",
			 (unsigned long long)(rng_next(rng) % 3));
	}
	strcpy(r->bucket_key, r->failure_hash);
	strcpy(r->bucket_name, r->failure_name);
	r->count = 1;
	r->weight = 1;
	r->hits = 1;
}

/* Returns 1 after --help, 0, or -EINVAL. */
static int parse_args(int argc, char **argv, struct load_args *a)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "reports", required_argument, NULL, 'n' },
		{ "buckets", required_argument, NULL, 'b' },
		{ "days", required_argument, NULL, 'D' },
		{ "end-date", required_argument, NULL, 'e' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	int c, r = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'n':
			r = config_parse_ulong(optarg, 1, 100000000, &a->n);
			break;
		case 'b':
			r = config_parse_ulong(optarg, 1, 10000000,
					       &a->buckets);
			break;
		case 'D':
			r = config_parse_ulong(optarg, 1, 3650, &a->days);
			break;
		case 'e':
			r = bucket_parse_mdy(optarg, &a->end_day);
			break;
		case 's':
			r = config_parse_ulong(optarg, 0, UINT32_MAX, &a->seed);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			return -EINVAL;
		}
		if (r) {
			bc_log(LOG_ERR, "Invalid value '%s'\n", optarg);
			return -EINVAL;
		}
	}
	if (optind != argc || !a->n) {
		bc_log(LOG_ERR, "--reports N is required\n");
		return -EINVAL;
	}
	return 0;
}

static int load(struct store *st, const struct load_args *a)
{
	const unsigned long batch = 10000;
	struct store_result *res = calloc(batch, sizeof(*res));
	struct report *reps = calloc(batch, sizeof(*reps));
	uint64_t rng = a->seed * 0x2545f4914f6cdd1dULL + 1;
	char stack[] = "[]";
	int r = 0;

	if (!reps || !res) {
		r = -ENOMEM;
		goto out;
	}
	for (unsigned long done = 0; done < a->n && !r;) {
		unsigned long k = a->n - done < batch ? a->n - done : batch;

		for (unsigned long i = 0; i < k; i++) {
			synth_report(&reps[i], done + i, a, &rng);
			reps[i].stack = stack;
		}
		r = st->ops->ingest(st, reps, k, 0, time(NULL), false, 0, NULL,
				    res);
		done += k;
	}
out:
	free(reps);
	free(res);
	return r;
}

static int run(int argc, char **argv)
{
	struct load_args a = { .buckets = 2000,
			       .days = 30,
			       .seed = 1,
			       .end_day = time(NULL) / 86400 };
	struct timespec t0, t1;
	struct store *st;
	double s;
	int r;

	r = parse_args(argc, argv, &a);
	if (r)
		return r;
	r = cmd_open_store(a.db, &st);
	if (r)
		return r;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = load(st, &a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(st);
	if (r) {
		bc_log(LOG_ERR, "Failed to store reports: %s\n", strerror(-r));
		return r;
	}
	s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	bc_log(LOG_INFO, "Loaded %lu reports in %.1f s (%.0f/s)\n", a.n, s,
	       a.n / s);
	return 0;
}

int main(int argc, char **argv)
{
	int r = run(argc, argv);

	if (r >= 0)
		return EXIT_SUCCESS;
	return r == -EINVAL ? 2 : EXIT_FAILURE;
}
