/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure record logic shared by the kernel module and the user-space agent:
 * item writer, sealing (CRC-32C) and validation of the formats defined in
 * include/uapi/bugcheck.h.  No allocation, no locks, no I/O: everything
 * here is callable in panic context and is covered by KUnit (kernel) and
 * by the agent's unit tests and fuzzer (user space).
 */
#ifndef BUGCHECK_RECORD_H
#define BUGCHECK_RECORD_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/crc32.h>
#include <asm/byteorder.h>
#include "../include/uapi/bugcheck.h"

#define BC_NOTRACE notrace

/* Raw CRC-32C update (no pre/post inversion), for ranges in pieces. */
static inline u32 bc_crc32c_update(u32 crc, const void *p, size_t len)
{
	return __crc32c_le(crc, p, len);
}
#else /* !__KERNEL__ */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#include <endian.h>
#include "uapi/bugcheck.h"

#define BC_NOTRACE
#ifndef offsetof
#define offsetof(t, m) __builtin_offsetof(t, m)
#endif

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
#define cpu_to_le16(x) htole16(x)
#define cpu_to_le32(x) htole32(x)
#define cpu_to_le64(x) htole64(x)
#define le16_to_cpu(x) le16toh(x)
#define le32_to_cpu(x) le32toh(x)
#define le64_to_cpu(x) le64toh(x)

/* Raw CRC-32C update (no pre/post inversion), for ranges in pieces. */
u32 bc_crc32c_update(u32 crc, const void *p, size_t len);
#endif /* __KERNEL__ */

/* Standard CRC-32C (Castagnoli): init ~0, reflected, final xor ~0. */
static inline u32 bc_crc32c(const void *p, size_t len)
{
	return ~bc_crc32c_update(~0U, p, len);
}

#define BC_ALIGN8(x) (((x) + 7U) & ~7U)

/**
 * struct bc_writer - appends items to a section in a caller-owned buffer
 * @buf:  start of the record (slot-sized scratch buffer)
 * @cap:  bytes available in @buf
 * @pos:  next write offset, always 8-byte aligned
 * @open: offset of the item header reserved by bc_item_reserve()
 * @is_open: an item is reserved and not yet committed
 * @full: set once an item did not fit; later adds are refused
 */
struct bc_writer {
	u8 *buf;
	u32 cap;
	u32 pos;
	u32 open;
	bool is_open;
	bool full;
};

void bc_writer_init(struct bc_writer *w, void *buf, u32 cap, u32 start);
void *bc_item_reserve(struct bc_writer *w, u16 type, u32 want, u32 *room);
void bc_item_commit(struct bc_writer *w, u32 len, u16 flags);
int bc_item_add(struct bc_writer *w, u16 type, u16 flags, const void *data,
		u32 len);
int bc_item_add_text(struct bc_writer *w, u16 type, const char *s, u32 max);

void bc_region_hdr_init(struct bugcheck_region_hdr *h, u32 slot_size,
			u32 slot_count, u64 now_ns);
int bc_region_hdr_check(const struct bugcheck_region_hdr *h, u64 avail,
			const char **why);

u32 bc_record_crc(const void *rec, u32 primary_len);
void bc_record_seal(void *rec, u32 primary_len);
void bc_tail_seal(void *rec, u32 tail_off, u32 tail_len, u32 flags,
		  u64 capture_ns);

/**
 * struct bc_check - result of bc_record_check()
 * @valid:       enum bugcheck_valid
 * @state:       the state word as found
 * @primary_len: validated primary length (0 unless @valid is OK/BAD_TAIL)
 * @tail_off:    offset of the tail header, 0 if there is no tail
 * @tail_len:    validated tail length
 */
struct bc_check {
	u32 valid;
	u32 state;
	u32 primary_len;
	u32 tail_off;
	u32 tail_len;
};

void bc_record_check(const void *rec, u32 size, struct bc_check *out);

/* The primary part verified (the tail may still be damaged). */
static inline bool bc_valid_primary(u32 valid)
{
	return valid == BUGCHECK_VALID_OK || valid == BUGCHECK_VALID_BAD_TAIL;
}

int bc_items_check(const u8 *buf, u32 start, u32 end);
int bc_item_next(const u8 *buf, u32 end, u32 *pos, u16 *type, u16 *flags,
		 const u8 **payload, u32 *len);
const char *bc_valid_str(u32 valid);

#endif /* BUGCHECK_RECORD_H */
