/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash record decoder: the bytes of one slot (or one record) as read from
 * bugcheck.ko or from a copy of the reserved region, turned into a struct
 * with every field of the record.  The input is hostile: a record read back
 * after a crash may be torn, bit-flipped, truncated or plain garbage.  The
 * decoder validates it with the same bc_record_check() the module uses,
 * never reports a record that failed validation as ok, and never reads
 * outside the bytes it is given.
 *
 * Pure: no I/O, no global state.  The wire format is include/uapi/bugcheck.h
 * and docs/record-format.md.
 */
#ifndef BUGCHECK_AGENT_RECORD_H
#define BUGCHECK_AGENT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The module's shared record code (encoder, bc_record_check(),
 * bc_item_next(), bc_crc32c()).  Spelled with its directory because this
 * header has the same name.
 */
#include "bugcheck_record.h"

/* Largest decompressed log the decoder accepts (raw_len is untrusted). */
#define BC_REC_LOG_MAX (1U << 20)
/* Caps on repeated elements; more are counted in @dropped. */
#define BC_REC_MAX_FRAMES BUGCHECK_MAX_FRAMES
#define BC_REC_MAX_MODULES BUGCHECK_MAX_FRAMES
#define BC_REC_MAX_BLOCKS 32
#define BC_REC_MAX_ERRORS 16
#define BC_REC_ERROR_LEN 96
/* Number of registers in struct bugcheck_regs_x86_64. */
#define BC_REC_NREGS 25
/* Length of the kernel's taint letter string in 6.1 (TAINT_FLAGS_COUNT). */
#define BC_REC_TAINT_FLAGS 19

/**
 * struct bc_rec_text - a text item, sanitised and NUL terminated
 * @present:   the item was in the record
 * @truncated: the item says it was cut (BUGCHECK_IF_TRUNCATED), or it was
 *             longer than BUGCHECK_TEXT_MAX and cut by the decoder
 * @s:         the text; NUL, other control characters except TAB and LF,
 *             and bytes that are not valid UTF-8 are replaced by '?'
 */
struct bc_rec_text {
	bool present;
	bool truncated;
	char s[BUGCHECK_TEXT_MAX + 1];
};

/**
 * struct bc_rec_frame - one decoded stack frame
 * @addr:   raw address (never forwarded off the machine)
 * @offset: offset into the symbol
 * @size:   symbol size, 0 if unknown
 * @module: index into bc_record.modules, or BUGCHECK_MODULE_NONE; an index
 *          the record does not have is turned into BUGCHECK_MODULE_NONE and
 *          reported in bc_record.errors
 * @symbol: symbol name, "" when the address did not resolve
 */
struct bc_rec_frame {
	uint64_t addr;
	uint32_t offset;
	uint32_t size;
	uint16_t module;
	char symbol[256];
};

/**
 * struct bc_rec_module - one decoded module entry
 * @base:    core text base (raw; never forwarded)
 * @size:    core size
 * @taints:  the module's taint flags
 * @id_kind: BUGCHECK_MODID_*
 * @name:    module name
 * @version: MODULE_VERSION() string, "" if none
 * @id:      srcversion as text, or the build id as lower-case hex, "" if none
 */
struct bc_rec_module {
	uint64_t base;
	uint32_t size;
	uint32_t taints;
	uint8_t id_kind;
	char name[57];
	char version[25];
	char id[65];
};

/**
 * struct bc_rec_log - a decoded LOG or PANIC_LOG item
 * @present:   the item was in the record
 * @codec:     BUGCHECK_CODEC_* as stored
 * @flags:     BUGCHECK_LF_*
 * @raw_len:   declared raw length
 * @stored_len: declared stored length
 * @ok:        the text decoded; otherwise @error says why and @text is NULL
 * @text:      the log text, sanitised like struct bc_rec_text, NUL
 *             terminated, malloc'd
 * @len:       bytes in @text
 * @error:     why the text could not be decoded
 */
struct bc_rec_log {
	bool present;
	uint16_t codec;
	uint16_t flags;
	uint32_t raw_len;
	uint32_t stored_len;
	bool ok;
	char *text;
	size_t len;
	char error[BC_REC_ERROR_LEN];
};

/**
 * struct bc_rec_block - a vendor or triage block of the tail
 * @uuid:      the vendor's tag as a canonical 8-4-4-4-12 UUID string
 * @name:      short name
 * @quota:     bytes reserved at registration (vendor blocks only)
 * @addr:      address copied from (triage blocks only; raw)
 * @status:    0, or the producer's status (triage: errno)
 * @item_flags: BUGCHECK_IF_* of the item (truncated, faulted)
 * @declared:  data length the block header declares
 * @data:      the block's data (points into bc_record.raw)
 * @len:       bytes of @data actually present
 */
struct bc_rec_block {
	char uuid[37];
	char name[BUGCHECK_VENDOR_NAME_MAX + 1];
	uint32_t quota;
	uint64_t addr;
	uint32_t status;
	uint16_t item_flags;
	uint32_t declared;
	const uint8_t *data;
	uint32_t len;
};

/**
 * struct bc_rec_tail - the tail section
 * @present:    a tail header (magic "BCTL") follows the primary section
 * @ok:         it passed its CRC and item checks; when false nothing below
 *              @ok was decoded
 * @offset:     offset of the tail header in the record
 * @len:        tail length as validated
 * @flags:      BUGCHECK_TF_*
 * @capture_ns: ns spent writing the tail
 * @panic:      BUGCHECK_ITEM_PANIC
 * @panic_log:  BUGCHECK_ITEM_PANIC_LOG
 * @nvendor:    entries in @vendor
 * @vendor:     BUGCHECK_ITEM_VENDOR blocks
 * @ntriage:    entries in @triage
 * @triage:     BUGCHECK_ITEM_TRIAGE blocks
 */
struct bc_rec_tail {
	bool present;
	bool ok;
	uint32_t offset;
	uint32_t len;
	uint32_t flags;
	uint64_t capture_ns;
	struct bc_rec_text panic;
	struct bc_rec_log panic_log;
	unsigned int nvendor;
	struct bc_rec_block vendor[BC_REC_MAX_BLOCKS];
	unsigned int ntriage;
	struct bc_rec_block triage[BC_REC_MAX_BLOCKS];
};

/**
 * struct bc_record - one decoded record
 * @raw:          private copy of the input bytes (what @size says)
 * @size:         bytes in @raw
 * @valid:        enum bugcheck_valid from bc_record_check()
 * @primary_ok:   the primary section verified (@valid is OK or BAD_TAIL);
 *                only then are the fields below @state meaningful
 * @state:        the slot's state word as found
 * @stored_bytes: extent of the record in the slot: primary plus tail for
 *                a verified record, else @size
 * @version:      record format version (only if the magic matched)
 * @hdr_size:     header size as written
 * @crc:          CRC-32C as stored
 * @primary_len:  validated primary length
 * @flags:        BUGCHECK_RF_*
 * @boot_id:      boot id of the crashed boot
 * @seq:          crash number within that boot
 * @wall_ns:      CLOCK_REALTIME at capture
 * @uptime_ns:    CLOCK_MONOTONIC at capture
 * @capture_ns:   ns the primary capture took
 * @taint:        taint mask
 * @reason:       enum bugcheck_reason
 * @trapnr:       x86 trap number, -1 if none
 * @error_code:   die() error code
 * @cr2:          page-fault address
 * @cpu:          capturing CPU
 * @pid:          pid of current
 * @missed:       crashes of that boot that could not be stored
 * @comm:         current->comm, sanitised
 * @release:      BUGCHECK_ITEM_RELEASE
 * @kversion:     BUGCHECK_ITEM_KVERSION
 * @machine:      BUGCHECK_ITEM_MACHINE
 * @message:      BUGCHECK_ITEM_MESSAGE
 * @have_regs:    a REGS item was decoded into @regs
 * @regs:         registers in struct bugcheck_regs_x86_64 order
 * @have_frames:  a FRAMES item was present
 * @frames_flags: BUGCHECK_FF_*
 * @frames_total: frames the unwinder found
 * @nframes:      entries in @frames
 * @frames:       decoded frames, innermost first
 * @nmodules:     entries in @modules
 * @modules:      decoded module table
 * @log:          BUGCHECK_ITEM_LOG
 * @tail:         the tail section
 * @unknown_items: items of unknown type (skipped)
 * @dropped:      elements beyond the decoder's caps (frames, modules,
 *                blocks, duplicate items) that were skipped
 * @nerrors:      entries in @errors
 * @errors:       problems found inside a record that passed validation
 *                (bad LZ4 data, item too short, ...); they do not change
 *                @valid, because the record is what the kernel wrote
 */
struct bc_record {
	uint8_t *raw;
	uint32_t size;
	uint32_t valid;
	bool primary_ok;
	uint32_t state;
	uint32_t stored_bytes;
	uint16_t version;
	uint16_t hdr_size;
	uint32_t crc;
	uint32_t primary_len;
	uint32_t flags;
	uint8_t boot_id[16];
	uint64_t seq;
	uint64_t wall_ns;
	uint64_t uptime_ns;
	uint64_t capture_ns;
	uint64_t taint;
	uint32_t reason;
	int32_t trapnr;
	uint64_t error_code;
	uint64_t cr2;
	uint32_t cpu;
	uint32_t pid;
	uint32_t missed;
	char comm[17];
	struct bc_rec_text release;
	struct bc_rec_text kversion;
	struct bc_rec_text machine;
	struct bc_rec_text message;
	bool have_regs;
	uint64_t regs[BC_REC_NREGS];
	bool have_frames;
	uint16_t frames_flags;
	uint32_t frames_total;
	unsigned int nframes;
	struct bc_rec_frame frames[BC_REC_MAX_FRAMES];
	unsigned int nmodules;
	struct bc_rec_module modules[BC_REC_MAX_MODULES];
	struct bc_rec_log log;
	struct bc_rec_tail tail;
	unsigned int unknown_items;
	unsigned int dropped;
	unsigned int nerrors;
	char errors[BC_REC_MAX_ERRORS][BC_REC_ERROR_LEN];
};

int bc_record_decode(const void *buf, size_t size, struct bc_record **ret);
void bc_record_free(struct bc_record *r);

const char *bc_rec_status_str(const struct bc_record *r);
const char *bc_rec_reason_str(uint32_t reason);
const char *bc_rec_state_str(uint32_t state);
const char *bc_rec_flag_str(unsigned int bit);
const char *bc_rec_tail_flag_str(unsigned int bit);
const char *bc_rec_reg_name(unsigned int i);
void bc_rec_taint_str(uint64_t taint, char *buf, size_t size);
void bc_rec_boot_id_str(const uint8_t id[16], char *buf, size_t size);
void bc_rec_time_str(uint64_t wall_ns, char *buf, size_t size);
const char *bc_rec_module_name(const struct bc_record *r, uint16_t idx);

/**
 * struct bc_region_view - a copy of the whole reserved region (a dump)
 * @slot_size:  bytes per slot
 * @slot_count: slots in the header
 * @format_ns:  when the region was formatted
 * @present:    complete slots actually in the dump (a short dump keeps
 *              the slots it has)
 */
struct bc_region_view {
	uint32_t slot_size;
	uint32_t slot_count;
	uint64_t format_ns;
	uint32_t present;
};

bool bc_region_is_dump(const void *buf, size_t size);
int bc_region_parse(const void *buf, size_t size, struct bc_region_view *v,
		    const char **why);

#endif /* BUGCHECK_AGENT_RECORD_H */
