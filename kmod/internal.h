/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bugcheck.ko internals shared between its files.
 */
#ifndef BUGCHECK_INTERNAL_H
#define BUGCHECK_INTERNAL_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "bugcheck_record.h"
#include "bugcheck_slots.h"
#include "vendor_book.h"

/* Memory types for the mem_type parameter (same numbers as ramoops). */
#define BC_MEM_WC	0	/* write-combine (default) */
#define BC_MEM_WT	1	/* write-through */
#define BC_MEM_WB	2	/* cached, write-back */

/**
 * struct bc_region - the reserved memory and what is known about its slots
 * @phys:       physical start (mem_address)
 * @size:       bytes mapped (mem_size)
 * @base:       kernel mapping of the region
 * @slot_size:  bytes per slot
 * @slot_count: number of slots
 * @slots:      per-slot verdicts; kept in step with slot memory by the crash
 *              path (lock-free, single writer under bc_capture_owner) and by
 *              user requests (under @lock)
 * @lock:       serialises user-space requests (never taken on the crash path)
 * @res:        the claimed iomem resource
 */
struct bc_region {
	phys_addr_t phys;
	size_t size;
	u8 *base;
	u32 slot_size;
	u32 slot_count;
	struct bc_slot_info slots[BUGCHECK_MAX_SLOTS];
	struct mutex lock;	/* see @lock above */
	struct resource *res;
};

extern struct bc_region bc_region;

/* Effective settings (module parameters after validation). */
extern unsigned int bc_reason_mask;
extern unsigned int bc_log_bytes;
extern unsigned int bc_primary_bytes;
extern unsigned int bc_log_codec;	/* BUGCHECK_CODEC_ZSTD or _LZ4 */
extern int bc_zstd_level;
extern bool bc_log_readahead;
extern unsigned int bc_mem_type;

static inline u8 *bc_slot_ptr(u32 i)
{
	return bc_region.base + BUGCHECK_REGION_HDR_SIZE +
	       (size_t)i * bc_region.slot_size;
}

/* region.c */
int bc_region_init(phys_addr_t addr, size_t size, u32 record_size,
		   unsigned int mem_type, bool reformat);
void bc_region_exit(void);
void bc_region_rescan_slot(u32 i);
void bc_region_note_slot(u32 i, const struct bc_check *c);

/* panic.c */
int bc_capture_init(void);
void bc_capture_exit(void);
extern u8 bc_boot_id[16];
extern atomic_t bc_crashes;
extern atomic_t bc_missed;
bool bc_capture_busy(void);
bool bc_user_begin(unsigned long *flags);
void bc_user_end(unsigned long flags);
void bc_flush(void *p, size_t len);
void bc_capture_forget_slot(u32 slot);

/*
 * lab/lab.c: crash-lab hooks (the fault_inject parameter), only in the
 * test build of the module that the crash lab loads (kmod/lab/Kbuild
 * defines BUGCHECK_LAB).  The build that DKMS and Debian ship has none.
 */
/* Time stamps of a crash dump's phases (lab build; lab/lab.c). */
enum {
	BC_LAB_M_IN,		/* bc_kmsg_dump() entered */
	BC_LAB_M_REASON,	/* reason_from_panic() returned */
	BC_LAB_M_T0,		/* capture()'s first time stamp */
	BC_LAB_M_OWNER,		/* capture owner taken */
	BC_LAB_M_PICK,		/* slot chosen */
	BC_LAB_M_ENTER,		/* slot marked WRITING */
	BC_LAB_M_HEADER,
	BC_LAB_M_TEXTS,
	BC_LAB_M_STACK,
	BC_LAB_M_LOG_READ,
	BC_LAB_M_LOG_PACK,
	BC_LAB_M_SEAL,
	BC_LAB_M_COPY,
	BC_LAB_M_COMMIT,	/* bookkeeping and the console line */
	BC_LAB_M_VENDOR,	/* vendor_tail() returned */
	BC_LAB_M_DRY,		/* the lab's dry run returned */
	BC_LAB_M_OUT,		/* bc_kmsg_dump() returns */
	BC_LAB_MARKS
};
#define BC_LAB_SET_REAL		0
#define BC_LAB_SET_DRY		1
#define BC_LAB_SETS		2

#ifdef BUGCHECK_LAB
void bc_lab_capture_fault(void);
void bc_lab_delay(u32 slot);
void bc_lab_read_delay(u32 slot, u32 off);
void bc_lab_mark(unsigned int phase);
bool bc_lab_dry_set(bool dry);
bool bc_lab_dry_now(void);
void bc_lab_g(size_t len, size_t glen);
void bc_lab_log_path(bool pre, bool used);
void bc_lab_pf_cost(u64 ns, size_t raw, size_t clen);
#else
static inline void bc_lab_capture_fault(void)
{
}

static inline void bc_lab_delay(u32 slot)
{
}

static inline void bc_lab_read_delay(u32 slot, u32 off)
{
}

static inline void bc_lab_mark(unsigned int phase)
{
}

static inline bool bc_lab_dry_set(bool dry)
{
	return false;
}

static inline bool bc_lab_dry_now(void)
{
	return false;
}

static inline void bc_lab_g(size_t len, size_t glen)
{
}

static inline void bc_lab_log_path(bool pre, bool used)
{
}

static inline void bc_lab_pf_cost(u64 ns, size_t raw, size_t clen)
{
}
#endif /* BUGCHECK_LAB */

/* vendor.c */
extern unsigned int bc_vendor_quota;
int bc_vendor_init(void);
void bc_vendor_exit(void);
u32 bc_vendor_reserved(void);
u32 bc_vendor_count(void);
/* What bc_vendor_run() does. */
#define BC_VENDOR_CALLBACKS	0x1	/* run the callbacks (panic only) */
#define BC_VENDOR_TRIAGE	0x2	/* copy the triage ranges */
void bc_vendor_run(struct bc_writer *w, u32 reason, unsigned int what,
		   void (*done)(struct bc_writer *w, u32 tflags));
bool bc_vendor_fault(void);
void bc_vendor_abandon(void);

/* genl.c */
int bc_genl_init(void);
void bc_genl_exit(void);

#endif /* BUGCHECK_INTERNAL_H */
