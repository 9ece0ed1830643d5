/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink client for the "bugcheck" family of bugcheck.ko
 * (libnl-genl-3).  Every function returns 0 or a negative errno; the
 * kernel's extended-ack message for the last failure, if it sent one, is
 * kept and returned by bc_genl_errmsg().  Reply attributes are validated
 * (type and exact length) before use.
 */
#ifndef BUGCHECK_GENL_H
#define BUGCHECK_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/bugcheck.h"

/* Cap on a record read with READ (no slot is larger). */
#define BC_GENL_READ_MAX BUGCHECK_MAX_SLOT_SIZE

struct bc_genl;

/**
 * struct bc_genl_status - reply to STATUS
 * @region_addr:    physical start of the region
 * @region_size:    bytes of the region
 * @slot_size:      bytes per slot
 * @slot_count:     number of slots
 * @layout_version: BUGCHECK_LAYOUT_VERSION of the module
 * @record_version: BUGCHECK_RECORD_VERSION of the module
 * @reasons:        capture mask, BUGCHECK_REASON_BIT()s
 * @boot_id:        this boot's id
 * @crashes:        crashes captured this boot
 * @missed:         crashes not stored this boot
 * @vendors:        registered vendor callbacks, if the module reports it
 * @have_vendors:   @vendors was in the reply
 */
struct bc_genl_status {
	uint64_t region_addr;
	uint64_t region_size;
	uint32_t slot_size;
	uint32_t slot_count;
	uint32_t layout_version;
	uint32_t record_version;
	uint32_t reasons;
	uint8_t boot_id[16];
	uint32_t crashes;
	uint32_t missed;
	uint32_t vendors;
	bool have_vendors;
};

/**
 * struct bc_genl_slot - one LIST entry (a non-empty slot)
 * @slot:        slot index
 * @valid:       enum bugcheck_valid
 * @state:       enum bugcheck_state word
 * @len:         bytes READ returns for it
 * @have_record: the fields below were sent (the primary section verified)
 * @boot_id:     boot id of the record
 * @seq:         its sequence number
 * @reason:      enum bugcheck_reason
 * @wall_ns:     capture time
 * @flags:       BUGCHECK_RF_*
 */
struct bc_genl_slot {
	uint32_t slot;
	uint32_t valid;
	uint32_t state;
	uint32_t len;
	bool have_record;
	uint8_t boot_id[16];
	uint64_t seq;
	uint32_t reason;
	uint64_t wall_ns;
	uint32_t flags;
};

int bc_genl_open(struct bc_genl **ret);
void bc_genl_close(struct bc_genl *g);
const char *bc_genl_errmsg(const struct bc_genl *g);
const char *bc_genl_strerror(int err);
int bc_genl_status(struct bc_genl *g, struct bc_genl_status *st);
int bc_genl_list(struct bc_genl *g, struct bc_genl_slot *slots, size_t max,
		 size_t *n);
int bc_genl_read(struct bc_genl *g, uint32_t slot, uint8_t **buf, uint32_t *len,
		 uint32_t *valid);
int bc_genl_mark_collected(struct bc_genl *g, uint32_t slot,
			   const uint8_t boot_id[16], uint64_t seq);
int bc_genl_clear(struct bc_genl *g, uint32_t slot, const uint8_t *boot_id,
		  uint64_t seq, bool force);

#endif /* BUGCHECK_GENL_H */
