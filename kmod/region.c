// SPDX-License-Identifier: GPL-2.0
/*
 * The reserved region: claim and map it, check or write its header, and
 * keep a table of what each slot holds.
 *
 * The region must be memory the kernel does not use, reserved at boot with
 * memmap=SIZE$ADDR (E820 "reserved") or memmap=SIZE!ADDR (legacy
 * persistent memory).  Its contents survive a warm reset on most machines
 * and in QEMU, which is what makes the next boot able to read the crash.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ktime.h>

#include "internal.h"

struct bc_region bc_region = {
	.lock = __MUTEX_INITIALIZER(bc_region.lock),
};

static unsigned long memremap_flags(unsigned int mem_type)
{
	switch (mem_type) {
	case BC_MEM_WT:
		return MEMREMAP_WT;
	case BC_MEM_WB:
		return MEMREMAP_WB;
	default:
		return MEMREMAP_WC;
	}
}

static int add_covered(struct resource *res, void *arg)
{
	*(u64 *)arg += resource_size(res);
	return 0;
}

/* Bytes of [addr, addr+size) that iomem resources of type @desc cover. */
static u64 covered_bytes(phys_addr_t addr, size_t size, unsigned long desc)
{
	u64 n = 0;

	walk_iomem_res_desc(desc, IORESOURCE_MEM, addr, addr + size - 1, &n,
			    add_covered);
	return n;
}

/* Is [addr, addr+size) reserved memory that nobody else maps as RAM? */
static int check_reserved(phys_addr_t addr, size_t size)
{
	if (region_intersects(addr, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("mem_address=%pa mem_size=%zu overlaps System RAM in use by the kernel; reserve the range at boot with memmap=%zu$%pa\n",
		       &addr, size, size, &addr);
		return -EBUSY;
	}
	/*
	 * region_intersects() says INTERSECTS when no other resource overlaps,
	 * even if part of the range is a hole with no resource at all; so
	 * add up what reserved resources cover (walk_iomem_res_desc() hands
	 * each one clipped to the range, kernel/resource.c).
	 */
	if (covered_bytes(addr, size, IORES_DESC_RESERVED) +
	    covered_bytes(addr, size, IORES_DESC_PERSISTENT_MEMORY_LEGACY) ==
	    size)
		return 0;
	pr_err("mem_address=%pa mem_size=%zu is not (entirely) reserved memory; is the memmap=%zu$%pa boot parameter missing or different?\n",
	       &addr, size, size, &addr);
	return -ENXIO;
}

/**
 * bc_region_note_slot() - cache the verdict @c just computed for slot @i
 * @i: slot index
 * @c: bc_record_check() of that slot
 *
 * Process context, with bc_region.lock held (or during init).
 */
void bc_region_note_slot(u32 i, const struct bc_check *c)
{
	const struct bugcheck_record_hdr *h = (const void *)bc_slot_ptr(i);
	struct bc_slot_info *s = &bc_region.slots[i];

	s->valid = c->valid;
	s->state = c->state;
	s->wall_ns = bc_valid_primary(c->valid) ? le64_to_cpu(h->wall_ns) : 0;
}

/**
 * bc_region_rescan_slot() - validate slot @i again and cache the verdict
 * @i: slot index
 *
 * Process context, with bc_region.lock held (or during init).
 */
void bc_region_rescan_slot(u32 i)
{
	struct bc_check c;

	bc_record_check(bc_slot_ptr(i), bc_region.slot_size, &c);
	bc_region_note_slot(i, &c);
}

static int setup_layout(u32 record_size, bool reformat)
{
	struct bugcheck_region_hdr *h = (void *)bc_region.base, fresh;
	const char *why;
	u32 slot_size, count;
	int ret;

	ret = bc_region_hdr_check(h, bc_region.size, &why);
	if (!ret) {
		bc_region.slot_size = le32_to_cpu(h->slot_size);
		bc_region.slot_count = le32_to_cpu(h->slot_count);
		if (bc_region.slot_size != record_size)
			pr_info("region keeps its formatted record size %u (record_size=%u ignored; reformat=1 to change it)\n",
				bc_region.slot_size, record_size);
		return 0;
	}
	if (ret != -ENODATA && !reformat) {
		pr_err("refusing region at %pa: %s; its contents are left untouched (load with reformat=1 to erase and reinitialise it)\n",
		       &bc_region.phys, why);
		return ret;
	}
	if (ret != -ENODATA)
		pr_warn("reformat=1: erasing region at %pa (%s)\n",
			&bc_region.phys, why);

	slot_size = ALIGN(record_size, 4096);
	count = (bc_region.size - BUGCHECK_REGION_HDR_SIZE) / slot_size;
	if (count > BUGCHECK_MAX_SLOTS)
		count = BUGCHECK_MAX_SLOTS;
	memset(bc_region.base, 0,
	       BUGCHECK_REGION_HDR_SIZE + (size_t)slot_size * count);
	bc_flush(bc_region.base,
		 BUGCHECK_REGION_HDR_SIZE + (size_t)slot_size * count);
	/*
	 * The magic last, after everything it vouches for has reached
	 * memory: a crash while formatting leaves a region without a header
	 * (formatted again at the next load), never one whose header fails
	 * its CRC (refused until reformat=1).
	 */
	bc_region_hdr_init(&fresh, slot_size, count, ktime_get_real_ns());
	memcpy((u8 *)h + sizeof(h->magic), (u8 *)&fresh + sizeof(fresh.magic),
	       sizeof(fresh) - sizeof(fresh.magic));
	bc_flush(h, sizeof(*h));
	memcpy(h->magic, fresh.magic, sizeof(h->magic));
	bc_flush(h, sizeof(*h));
	bc_region.slot_size = slot_size;
	bc_region.slot_count = count;
	pr_info("formatted region at %pa: %u slots of %u bytes\n",
		&bc_region.phys, count, slot_size);
	return 0;
}

/**
 * bc_region_init() - claim, map and validate the region
 * @addr:        physical address (mem_address)
 * @size:        bytes (mem_size)
 * @record_size: wanted slot size for a fresh region
 * @mem_type:    BC_MEM_*
 * @reformat:    erase a region that holds another layout or a bad header
 *
 * Returns 0 or -errno, having logged the reason.
 */
int bc_region_init(phys_addr_t addr, size_t size, u32 record_size,
		   unsigned int mem_type, bool reformat)
{
	u32 i, ok = 0, bad = 0, newc = 0;
	int ret;

	if (!addr || !size) {
		pr_err("no region: set mem_address and mem_size to a range reserved with memmap=SIZE$ADDR (for example memmap=1M$0x7000000 mem_address=0x7000000 mem_size=0x100000)\n");
		return -EINVAL;
	}
	if (record_size < BUGCHECK_MIN_SLOT_SIZE ||
	    record_size > BUGCHECK_MAX_SLOT_SIZE) {
		pr_err("record_size=%u out of range [%u, %u]\n", record_size,
		       BUGCHECK_MIN_SLOT_SIZE, BUGCHECK_MAX_SLOT_SIZE);
		return -EINVAL;
	}
	if (size < BUGCHECK_REGION_HDR_SIZE + ALIGN(record_size, 4096)) {
		pr_err("mem_size=%zu too small: need at least %u bytes for the header and one %u-byte record\n",
		       size, BUGCHECK_REGION_HDR_SIZE + ALIGN(record_size, 4096),
		       ALIGN(record_size, 4096));
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(addr)) {
		pr_err("mem_address=%pa is not page aligned\n", &addr);
		return -EINVAL;
	}
	ret = check_reserved(addr, size);
	if (ret)
		return ret;
	bc_region.res = request_mem_region(addr, size, "bugcheck");
	if (!bc_region.res) {
		pr_err("region %pa+%zu is already claimed by another driver (ramoops on the same range?)\n",
		       &addr, size);
		return -EBUSY;
	}
	bc_region.base = memremap(addr, size, memremap_flags(mem_type));
	if (!bc_region.base) {
		pr_err("cannot map region %pa+%zu\n", &addr, size);
		ret = -ENOMEM;
		goto err_release;
	}
	bc_region.phys = addr;
	bc_region.size = size;
	ret = setup_layout(record_size, reformat);
	if (ret)
		goto err_unmap;

	for (i = 0; i < bc_region.slot_count; i++) {
		bc_region_rescan_slot(i);
		switch (bc_region.slots[i].valid) {
		case BUGCHECK_VALID_EMPTY:
			break;
		case BUGCHECK_VALID_OK:
			ok++;
			if (bc_region.slots[i].state == BUGCHECK_STATE_NEW)
				newc++;
			break;
		default:
			bad++;
			pr_warn("slot %u: record is corrupt (%s)\n", i,
				bc_valid_str(bc_region.slots[i].valid));
			break;
		}
	}
	pr_info("region %pa+%zu: %u slots of %u bytes; %u records (%u not yet collected), %u corrupt\n",
		&addr, size, bc_region.slot_count, bc_region.slot_size, ok,
		newc, bad);
	return 0;

err_unmap:
	memunmap(bc_region.base);
	bc_region.base = NULL;
err_release:
	release_mem_region(addr, size);
	bc_region.res = NULL;
	return ret;
}

/**
 * bc_region_exit() - unmap and release the region
 */
void bc_region_exit(void)
{
	if (bc_region.base)
		memunmap(bc_region.base);
	if (bc_region.res)
		release_mem_region(bc_region.phys, bc_region.size);
	bc_region.base = NULL;
	bc_region.res = NULL;
}
