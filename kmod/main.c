// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck.ko: keeps a compact, checksummed record of each kernel crash in
 * memory reserved at boot, and serves it to user space on the next boot.
 *
 * main.c holds the parameters and the init/exit ladder; region.c the
 * reserved memory, panic.c the crash path, genl.c the user-space interface.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "internal.h"

#define BC_DEFAULT_RECORD_SIZE	65536
#define BC_DEFAULT_LOG_BYTES	32768
#define BC_MIN_LOG_BYTES	4096
#define BC_DEFAULT_PRIMARY	8192
#define BC_MIN_PRIMARY		4096
#define BC_DEFAULT_ZSTD_LEVEL	1
#define BC_MIN_ZSTD_LEVEL	-7

static unsigned long mem_address;
module_param(mem_address, ulong, 0400);
MODULE_PARM_DESC(mem_address,
		 "Physical start of the region reserved with memmap=SIZE$ADDR (required)");

static unsigned long mem_size;
module_param(mem_size, ulong, 0400);
MODULE_PARM_DESC(mem_size, "Size in bytes of the reserved region (required)");

module_param_named(mem_type, bc_mem_type, uint, 0400);
MODULE_PARM_DESC(mem_type,
		 "Mapping of the region: 0=write-combine (default), 1=write-through, 2=cached (flushed after each record)");

static unsigned int record_size = BC_DEFAULT_RECORD_SIZE;
module_param(record_size, uint, 0400);
MODULE_PARM_DESC(record_size,
		 "Bytes per record slot, rounded up to 4 KiB (default 65536); a formatted region keeps its own");

unsigned int bc_log_bytes = BC_DEFAULT_LOG_BYTES;
module_param_named(log_bytes, bc_log_bytes, uint, 0400);
MODULE_PARM_DESC(log_bytes,
		 "Bytes of kernel log tail taken before compression (default 32768)");

unsigned int bc_primary_bytes = BC_DEFAULT_PRIMARY;
module_param_named(primary_bytes, bc_primary_bytes, uint, 0400);
MODULE_PARM_DESC(primary_bytes,
		 "Most bytes a crash record's primary part takes (header, registers, stack, compressed log); the log gets the rest (default 8192)");

static char *log_codec = "zstd";
module_param(log_codec, charp, 0400);
MODULE_PARM_DESC(log_codec,
		 "Compression of the log in records: zstd (default) or lz4");
unsigned int bc_log_codec;

int bc_zstd_level = BC_DEFAULT_ZSTD_LEVEL;
module_param_named(zstd_level, bc_zstd_level, int, 0400);
MODULE_PARM_DESC(zstd_level,
		 "zstd level for log_codec=zstd: 1 (default) to 9, or -1 to -7 (faster, larger)");

bool bc_log_readahead = true;
module_param_named(log_readahead, bc_log_readahead, bool, 0400);
MODULE_PARM_DESC(log_readahead,
		 "Keep the newest log text formatted ahead of a crash (once a second, deferrable work): 1 (default) or 0");

static char *reasons = "all";
module_param(reasons, charp, 0400);
MODULE_PARM_DESC(reasons,
		 "Comma-separated crash reasons to capture: all, or any of panic,oops,bug,warn,softlockup,hardlockup,hungtask,rcustall,oom,mce,stackoverflow,killinit,nmi");

module_param_named(vendor_quota, bc_vendor_quota, uint, 0400);
MODULE_PARM_DESC(vendor_quota,
		 "Bytes of each record set aside for all vendor callbacks and triage ranges together (default 16384)");

static bool reformat;
module_param(reformat, bool, 0400);
MODULE_PARM_DESC(reformat,
		 "Erase and reinitialise a region holding another layout version or a damaged header (destroys its records)");

unsigned int bc_reason_mask;

static const char *const reason_names[BUGCHECK_REASON_MAX] =
	BUGCHECK_REASON_NAMES;

static int parse_reasons(const char *s, unsigned int *mask)
{
	char word[24];
	const char *end;
	size_t n;
	int i;

	*mask = 0;
	while (*s) {
		end = strchrnul(s, ',');
		n = end - s;
		if (n == 0 || n >= sizeof(word))
			goto bad;
		memcpy(word, s, n);
		word[n] = '\0';
		if (!strcmp(word, "all")) {
			*mask |= GENMASK(BUGCHECK_REASON_MAX - 1, 0);
		} else {
			for (i = 1; i < BUGCHECK_REASON_MAX; i++)
				if (!strcmp(word, reason_names[i]))
					break;
			if (i == BUGCHECK_REASON_MAX)
				goto bad;
			*mask |= BUGCHECK_REASON_BIT(i);
		}
		s = *end ? end + 1 : end;
	}
	/* The die and dump paths can always fall back to these. */
	if (*mask & GENMASK(BUGCHECK_REASON_MAX - 1, 1))
		*mask |= BUGCHECK_REASON_BIT(BUGCHECK_REASON_UNKNOWN);
	return 0;
bad:
	pr_err("reasons=: unknown reason '%.*s' (known: all,panic,oops,bug,warn,softlockup,hardlockup,hungtask,rcustall,oom,mce,stackoverflow,killinit,nmi)\n",
	       (int)min_t(size_t, n, 32), s);
	return -EINVAL;
}

static int __init bugcheck_init(void)
{
	int ret;

	ret = parse_reasons(reasons, &bc_reason_mask);
	if (ret)
		return ret;
	if (bc_mem_type > BC_MEM_WB) {
		pr_err("mem_type=%u invalid (0, 1 or 2)\n", bc_mem_type);
		return -EINVAL;
	}
	if (bc_log_bytes < BC_MIN_LOG_BYTES ||
	    bc_log_bytes > BUGCHECK_MAX_SLOT_SIZE) {
		pr_err("log_bytes=%u out of range [%u, %u]\n", bc_log_bytes,
		       BC_MIN_LOG_BYTES, BUGCHECK_MAX_SLOT_SIZE);
		return -EINVAL;
	}

	if (!strcmp(log_codec, "zstd")) {
		bc_log_codec = BUGCHECK_CODEC_ZSTD;
	} else if (!strcmp(log_codec, "lz4")) {
		bc_log_codec = BUGCHECK_CODEC_LZ4;
	} else {
		pr_err("log_codec=%.16s unknown (zstd or lz4)\n", log_codec);
		return -EINVAL;
	}
	if (bc_zstd_level < BC_MIN_ZSTD_LEVEL || bc_zstd_level > 9 ||
	    !bc_zstd_level) {
		pr_err("zstd_level=%d out of range [%d, -1] or [1, 9]\n",
		       bc_zstd_level, BC_MIN_ZSTD_LEVEL);
		return -EINVAL;
	}
	if (bc_primary_bytes < BC_MIN_PRIMARY ||
	    bc_primary_bytes > BUGCHECK_MAX_SLOT_SIZE) {
		pr_err("primary_bytes=%u out of range [%u, %u]\n",
		       bc_primary_bytes, BC_MIN_PRIMARY,
		       BUGCHECK_MAX_SLOT_SIZE);
		return -EINVAL;
	}

	if (bc_vendor_quota > BUGCHECK_MAX_SLOT_SIZE / 2) {
		pr_err("vendor_quota=%u too large (at most %u)\n",
		       bc_vendor_quota, BUGCHECK_MAX_SLOT_SIZE / 2);
		return -EINVAL;
	}
	ret = bc_region_init(mem_address, mem_size, record_size, bc_mem_type,
			     reformat);
	if (ret)
		return ret;
	if (bc_region.slot_size < 2 * bc_vendor_quota + bc_log_bytes / 2) {
		pr_err("record_size %u leaves too little room for vendor_quota=%u and log_bytes=%u\n",
		       bc_region.slot_size, bc_vendor_quota, bc_log_bytes);
		ret = -EINVAL;
		goto err_region;
	}
	/* Write the effective values back so sysfs tells the truth. */
	record_size = bc_region.slot_size;
	ret = bc_vendor_init();
	if (ret)
		goto err_region;
	ret = bc_capture_init();
	if (ret)
		goto err_vendor;
	ret = bc_genl_init();
	if (ret)
		goto err_capture;
	pr_info("capturing crashes (reasons mask 0x%x, log tail up to %u bytes, %s, records of at most %u bytes before the tail)\n",
		bc_reason_mask, bc_log_bytes, log_codec, bc_primary_bytes);
	return 0;

err_capture:
	bc_capture_exit();
err_vendor:
	bc_vendor_exit();
err_region:
	bc_region_exit();
	return ret;
}

static void __exit bugcheck_exit(void)
{
	bc_genl_exit();
	bc_capture_exit();
	bc_vendor_exit();
	bc_region_exit();
}

module_init(bugcheck_init);
module_exit(bugcheck_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("bugcheck developers");
MODULE_DESCRIPTION("Crash records in reserved RAM, served over generic netlink");
MODULE_VERSION("0.1");
