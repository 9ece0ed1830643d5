/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * bugcheck: the one definition of the persistent crash-record layout, the
 * failure class codes and the generic netlink ABI.  Included by the kernel
 * module (kmod/), the user-space agent (agent/) and the bucketing server
 * (server/).  Nothing else may define these again.
 *
 * All multi-byte integers in the region are little-endian.  Every structure
 * below has explicit padding and a fixed size checked by static asserts in
 * the kernel module and in the agent's decoder.
 *
 * Region layout (physical memory reserved at boot with memmap=SIZE$ADDR):
 *
 *   offset 0                      struct bugcheck_region_hdr (4096 bytes)
 *   offset 4096 + i * slot_size   slot i, i < slot_count
 *
 * A slot holds at most one record:
 *
 *   struct bugcheck_record_hdr    fixed header; crc covers primary part
 *   TLV items ...                 primary section, up to hdr.primary_len
 *   struct bugcheck_tail_hdr      at hdr.primary_len (8-byte aligned)
 *   TLV items ...                 tail section, written after the primary
 *                                 is committed (vendor data, panic follow-up)
 *
 * The primary section is committed (crc written, then state set to NEW)
 * before anything is written to the tail, so a failure while writing the
 * tail can never invalidate the primary record.
 */
#ifndef _UAPI_LINUX_BUGCHECK_H
#define _UAPI_LINUX_BUGCHECK_H

#include <linux/types.h>

/* ------------------------------------------------------------------ */
/* Region header                                                       */
/* ------------------------------------------------------------------ */

#define BUGCHECK_REGION_MAGIC		"BUGCHKRG"	/* 8 bytes, no NUL */
#define BUGCHECK_LAYOUT_VERSION		1
#define BUGCHECK_REGION_HDR_SIZE	4096
#define BUGCHECK_MAX_SLOTS		64
#define BUGCHECK_MIN_SLOT_SIZE		8192
#define BUGCHECK_MAX_SLOT_SIZE		(1U << 20)

/**
 * struct bugcheck_region_hdr - first 64 bytes of the reserved region
 * @magic:          BUGCHECK_REGION_MAGIC
 * @layout_version: BUGCHECK_LAYOUT_VERSION; a region with another value is
 *                  refused and left untouched
 * @hdr_size:       BUGCHECK_REGION_HDR_SIZE
 * @slot_size:      bytes per slot, multiple of 4096
 * @region_size:    bytes of the region in use (header plus all slots)
 * @slot_count:     number of slots, 1..BUGCHECK_MAX_SLOTS
 * @flags:          reserved, 0
 * @format_ns:      CLOCK_REALTIME when the region was formatted
 * @reserved:       0
 * @hdr_crc:        CRC-32C of bytes [0, offsetof(hdr_crc))
 *
 * Written once, when an empty (or explicitly reformatted) region is first
 * used.  Never written on the crash path.
 */
struct bugcheck_region_hdr {
	__u8 magic[8];
	__le32 layout_version;
	__le32 hdr_size;
	__le32 slot_size;
	__le32 slot_count;
	__le64 region_size;
	__le64 format_ns;
	__le32 flags;
	__le32 reserved[3];
	__le32 hdr_crc;
	__le32 pad;
};

/* ------------------------------------------------------------------ */
/* Record header                                                       */
/* ------------------------------------------------------------------ */

#define BUGCHECK_RECORD_MAGIC		"BCRD"		/* 4 bytes, no NUL */
#define BUGCHECK_RECORD_VERSION		1

/*
 * Slot states.  The state word is deliberately outside the CRC so that
 * marking a record collected is a single aligned 32-bit store.  Values are
 * chosen far apart so that a random bit flip cannot turn one into another.
 */
enum bugcheck_state {
	BUGCHECK_STATE_EMPTY = 0x00000000,
	BUGCHECK_STATE_WRITING = 0x57524954,	/* "WRIT": capture began */
	BUGCHECK_STATE_NEW = 0x4e455721,	/* committed, not collected */
	BUGCHECK_STATE_COLLECTED = 0x434f4c4c,	/* acknowledged by user space */
};

/*
 * What the capture module saw.  This is the mechanism that fired, refined
 * where the module can tell (a BUG() is an invalid-opcode trap on a ud2).
 * The classifier derives the failure class from the log and the record.
 */
enum bugcheck_reason {
	BUGCHECK_REASON_UNKNOWN = 0,
	BUGCHECK_REASON_PANIC = 1,	 /* explicit panic() */
	BUGCHECK_REASON_OOPS = 2,	 /* die() on a kernel fault */
	BUGCHECK_REASON_BUG = 3,	 /* BUG()/BUG_ON() */
	BUGCHECK_REASON_WARN = 4,	 /* WARN() with panic_on_warn */
	BUGCHECK_REASON_SOFT_LOCKUP = 5, /* softlockup_panic */
	BUGCHECK_REASON_HARD_LOCKUP = 6, /* hardlockup_panic */
	BUGCHECK_REASON_HUNG_TASK = 7,	 /* hung_task_panic */
	BUGCHECK_REASON_RCU_STALL = 8,	 /* panic_on_rcu_stall */
	BUGCHECK_REASON_OOM = 9,	 /* panic_on_oom */
	BUGCHECK_REASON_MCE = 10,	 /* machine check */
	BUGCHECK_REASON_STACK_OVERFLOW = 11, /* double fault, guard page */
	BUGCHECK_REASON_KILL_INIT = 12,	 /* attempted to kill init */
	BUGCHECK_REASON_NMI = 13,	 /* unknown NMI, panic_on_unrecovered_nmi */
	BUGCHECK_REASON_MAX
};

/*
 * Short names of enum bugcheck_reason: the spelling of bugcheck.ko's
 * reasons= parameter and of the agent's output.  An array initialiser:
 *   static const char *const names[BUGCHECK_REASON_MAX] = BUGCHECK_REASON_NAMES;
 */
#define BUGCHECK_REASON_NAMES {					\
	[BUGCHECK_REASON_UNKNOWN] = "unknown",			\
	[BUGCHECK_REASON_PANIC] = "panic",			\
	[BUGCHECK_REASON_OOPS] = "oops",			\
	[BUGCHECK_REASON_BUG] = "bug",				\
	[BUGCHECK_REASON_WARN] = "warn",			\
	[BUGCHECK_REASON_SOFT_LOCKUP] = "softlockup",		\
	[BUGCHECK_REASON_HARD_LOCKUP] = "hardlockup",		\
	[BUGCHECK_REASON_HUNG_TASK] = "hungtask",		\
	[BUGCHECK_REASON_RCU_STALL] = "rcustall",		\
	[BUGCHECK_REASON_OOM] = "oom",				\
	[BUGCHECK_REASON_MCE] = "mce",				\
	[BUGCHECK_REASON_STACK_OVERFLOW] = "stackoverflow",	\
	[BUGCHECK_REASON_KILL_INIT] = "killinit",		\
	[BUGCHECK_REASON_NMI] = "nmi",				\
}

/* Bits of the "reasons" capture mask: 1 << enum bugcheck_reason. */
#define BUGCHECK_REASON_BIT(r)		(1U << (r))

/* struct bugcheck_record_hdr.flags */
#define BUGCHECK_RF_PANICKED		0x0001	/* the kernel panicked */
#define BUGCHECK_RF_HAVE_REGS		0x0002	/* a REGS item is present */
#define BUGCHECK_RF_LOG_TRUNCATED	0x0004	/* log tail cut to fit */
#define BUGCHECK_RF_FRAMES_TRUNCATED	0x0008	/* more than the frame cap */
#define BUGCHECK_RF_NESTED		0x0010	/* a crash hit during capture */
#define BUGCHECK_RF_IN_IRQ		0x0020	/* captured in hard/soft irq */
#define BUGCHECK_RF_IN_NMI		0x0040	/* captured in NMI */
#define BUGCHECK_RF_KDUMP_LOADED	0x0080	/* a crash kernel was loaded */

/**
 * struct bugcheck_record_hdr - start of every slot (192 bytes)
 * @magic:          BUGCHECK_RECORD_MAGIC
 * @version:        BUGCHECK_RECORD_VERSION
 * @hdr_size:       sizeof(struct bugcheck_record_hdr) as written; decoders
 *                  accept larger values from newer minor revisions
 * @state:          enum bugcheck_state; NOT covered by @crc
 * @crc:            CRC-32C of bytes [0, 8) followed by [16, primary_len):
 *                  every byte of the primary part except @state and @crc
 * @primary_len:    bytes from the start of this header to the end of the
 *                  primary section; multiple of 8; <= slot_size
 * @flags:          BUGCHECK_RF_*
 * @boot_id:        random id drawn when the module loaded in that boot
 * @seq:            crash number within that boot, starting at 1
 * @wall_ns:        CLOCK_REALTIME at capture, ns since the epoch
 * @uptime_ns:      CLOCK_MONOTONIC at capture (ktime_get_mono_fast_ns)
 * @capture_ns:     ns the primary capture took (mono fast clock)
 * @taint:          the kernel's taint mask
 * @reason:         enum bugcheck_reason
 * @trapnr:         x86 trap number for die(), or -1 (0xffffffff)
 * @error_code:     hardware error code passed to die(), or 0
 * @cr2:            CR2 as read at capture.  The kernel's own oops printing
 *                  (show_opcodes()) may fault and change CR2 before the die
 *                  notifier runs, so the page-fault address of record is
 *                  the "address:" the log prints
 * @cpu:            CPU that captured
 * @pid:            pid of current at capture
 * @comm:           current->comm, NUL padded
 * @missed:         crashes this boot that could not be stored (all slots
 *                  busy, or capture already running)
 * @reserved:       0
 */
struct bugcheck_record_hdr {
	__u8 magic[4];
	__le16 version;
	__le16 hdr_size;
	__le32 state;
	__le32 crc;
	__le32 primary_len;
	__le32 flags;
	__u8 boot_id[16];
	__le64 seq;
	__le64 wall_ns;
	__le64 uptime_ns;
	__le64 capture_ns;
	__le64 taint;
	__le32 reason;
	__le32 trapnr;
	__le64 error_code;
	__le64 cr2;
	__le32 cpu;
	__le32 pid;
	char comm[16];
	__le32 missed;
	__le32 reserved[15];
};

#define BUGCHECK_TAIL_MAGIC		"BCTL"

/* struct bugcheck_tail_hdr.flags */
#define BUGCHECK_TF_VENDOR_FAULT	0x0001	/* a vendor callback faulted */
#define BUGCHECK_TF_QUOTA_CUT		0x0002	/* a vendor block was cut */
#define BUGCHECK_TF_VENDOR_TIMEOUT	0x0004	/* a callback ran past the
						 * deadline; later ones skipped */
#define BUGCHECK_TF_VENDOR_SKIPPED	0x0008	/* no CPU could watch the
						 * callbacks: none ran */

/**
 * struct bugcheck_tail_hdr - tail section header (32 bytes)
 * @magic:      BUGCHECK_TAIL_MAGIC, or zero when there is no tail
 * @crc:        CRC-32C of bytes [8, len) of the tail (all but magic and crc)
 * @len:        bytes from the start of this header to the end of the tail
 * @flags:      BUGCHECK_TF_*
 * @capture_ns: ns spent writing the tail
 * @reserved:   0
 *
 * The tail is rewritten as a whole (items first, header last) each time
 * something is appended.  A tail whose crc fails is reported as such; it
 * never makes the primary record invalid.
 */
struct bugcheck_tail_hdr {
	__u8 magic[4];
	__le32 crc;
	__le32 len;
	__le32 flags;
	__le64 capture_ns;
	__le64 reserved;
};

/* ------------------------------------------------------------------ */
/* TLV items                                                           */
/* ------------------------------------------------------------------ */

/**
 * struct bugcheck_item - header of one item in a section
 * @type:  enum bugcheck_item_type
 * @flags: BUGCHECK_IF_*
 * @len:   payload bytes following this header, excluding padding
 *
 * The payload is followed by zero padding to the next multiple of 8.
 * Decoders skip item types they do not know.
 */
struct bugcheck_item {
	__le16 type;
	__le16 flags;
	__le32 len;
};

#define BUGCHECK_ITEM_ALIGN		8

/* struct bugcheck_item.flags */
#define BUGCHECK_IF_TRUNCATED		0x0001	/* payload was cut to fit */
#define BUGCHECK_IF_FAULTED		0x0002	/* producer faulted (vendor) */
#define BUGCHECK_IF_TIMED_OUT		0x0004	/* producer ran past its
						 * deadline (vendor) */

enum bugcheck_item_type {
	BUGCHECK_ITEM_RELEASE = 1,	/* utsname()->release, text */
	BUGCHECK_ITEM_KVERSION = 2,	/* utsname()->version, text */
	BUGCHECK_ITEM_MESSAGE = 3,	/* die string or panic message, text */
	BUGCHECK_ITEM_REGS = 4,		/* struct bugcheck_regs_x86_64 */
	BUGCHECK_ITEM_FRAMES = 5,	/* struct bugcheck_frames + frames */
	BUGCHECK_ITEM_MODULES = 6,	/* array of struct bugcheck_module */
	BUGCHECK_ITEM_LOG = 7,		/* struct bugcheck_log + data */
	BUGCHECK_ITEM_MACHINE = 8,	/* utsname()->machine, text */
	/* tail section */
	BUGCHECK_ITEM_PANIC = 32,	/* follow-up panic message, text */
	BUGCHECK_ITEM_VENDOR = 33,	/* struct bugcheck_vendor_block + data */
	BUGCHECK_ITEM_TRIAGE = 34,	/* struct bugcheck_triage_block + data */
	BUGCHECK_ITEM_PANIC_LOG = 35,	/* struct bugcheck_log: log lines
					 * printed after the primary capture */
};

/* Text items carry no NUL terminator; len is the string length. */
#define BUGCHECK_TEXT_MAX		256

/**
 * struct bugcheck_regs_x86_64 - the faulting register set (BUGCHECK_ITEM_REGS)
 *
 * In struct pt_regs order.  Present only when the crash came through the
 * die notifier, which is the only hook that is handed the registers.
 */
struct bugcheck_regs_x86_64 {
	__le64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	__le64 ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
	__le64 cr0, cr2, cr3, cr4;
};

/* struct bugcheck_frames.flags */
#define BUGCHECK_FF_FROM_REGS		0x0001	/* walk starts at regs->ip */

#define BUGCHECK_MAX_FRAMES		64
#define BUGCHECK_SYM_MAX		127	/* longest stored symbol name */
#define BUGCHECK_MODULE_NONE		0xffff	/* frame is in vmlinux */

/**
 * struct bugcheck_frames - header of BUGCHECK_ITEM_FRAMES
 * @count:  number of struct bugcheck_frame that follow
 * @flags:  BUGCHECK_FF_*
 * @total:  frames the unwinder found before the cap
 */
struct bugcheck_frames {
	__le16 count;
	__le16 flags;
	__le32 total;
};

/**
 * struct bugcheck_frame - one resolved stack frame, variable length
 * @addr:     return or instruction address (raw; never forwarded)
 * @offset:   address minus symbol start
 * @size:     symbol size, 0 if unknown
 * @module:   index into the MODULES item, or BUGCHECK_MODULE_NONE
 * @flags:    reserved, 0
 * @name_len: bytes of @name, 0 when the address did not resolve
 * @name:     symbol name, not NUL terminated
 *
 * Each frame is padded with zeros to a multiple of 8 bytes:
 * size = ALIGN(24 + name_len, 8).
 */
struct bugcheck_frame {
	__le64 addr;
	__le32 offset;
	__le32 size;
	__le16 module;
	__u8 flags;
	__u8 name_len;
	__u8 reserved[4];
	char name[];
};

#define BUGCHECK_FRAME_SIZE(name_len) \
	((sizeof(struct bugcheck_frame) + (name_len) + 7) & ~7U)

/* struct bugcheck_module.id_kind */
#define BUGCHECK_MODID_NONE		0
#define BUGCHECK_MODID_SRCVERSION	1	/* ASCII srcversion */
#define BUGCHECK_MODID_BUILD_ID		2	/* binary GNU build id */

/**
 * struct bugcheck_module - a module one of the frames lives in (136 bytes)
 * @base:     core text base address (raw; never forwarded)
 * @size:     core size
 * @taints:   the module's own taint flags
 * @id_kind:  BUGCHECK_MODID_*
 * @id_len:   bytes of @id used
 * @reserved: 0
 * @name:     module name, NUL padded
 * @version:  MODULE_VERSION() string, NUL padded, empty if none
 * @id:       srcversion or build id, see @id_kind
 */
struct bugcheck_module {
	__le64 base;
	__le32 size;
	__le32 taints;
	__u8 id_kind;
	__u8 id_len;
	__u8 reserved[6];
	char name[56];
	char version[24];
	__u8 id[32];
};

/* struct bugcheck_log.codec */
#define BUGCHECK_CODEC_NONE		0
#define BUGCHECK_CODEC_LZ4		1	/* LZ4 block format, one block */
#define BUGCHECK_CODEC_ZSTD		2	/* one zstd frame (RFC 8878) with its
						 * content size, no checksum */

/* struct bugcheck_log.flags */
#define BUGCHECK_LF_START_CUT		0x0001	/* older lines were dropped */

/**
 * struct bugcheck_log - header of BUGCHECK_ITEM_LOG (16 bytes)
 * @codec:      BUGCHECK_CODEC_*
 * @flags:      BUGCHECK_LF_*
 * @raw_len:    bytes of text before compression
 * @stored_len: bytes of data following this header
 *
 * The text is the kernel log tail as kmsg_dump_get_buffer(syslog=false)
 * returns it: "[    1.234567] message\n" lines.
 */
struct bugcheck_log {
	__le16 codec;
	__le16 flags;
	__le32 raw_len;
	__le32 stored_len;
	__le32 reserved;
};

#define BUGCHECK_VENDOR_NAME_MAX	24

/**
 * struct bugcheck_vendor_block - header of BUGCHECK_ITEM_VENDOR (64 bytes)
 * @uuid:     the vendor's tag
 * @name:     short name, NUL padded
 * @quota:    bytes the callback reserved at registration
 * @len:      bytes of data following this header
 * @status:   0 ok; BUGCHECK_IF_* bits are mirrored in the item flags
 * @reserved: 0
 */
struct bugcheck_vendor_block {
	__u8 uuid[16];
	char name[BUGCHECK_VENDOR_NAME_MAX];
	__le32 quota;
	__le32 len;
	__le32 status;
	__le32 reserved[3];
};

/**
 * struct bugcheck_triage_block - header of BUGCHECK_ITEM_TRIAGE (64 bytes)
 * @uuid:     tag of the vendor that registered the range
 * @name:     short name, NUL padded
 * @addr:     virtual address copied from (raw; never forwarded)
 * @len:      bytes of data following this header
 * @status:   0 copied, else -errno as a positive number
 */
struct bugcheck_triage_block {
	__u8 uuid[16];
	char name[BUGCHECK_VENDOR_NAME_MAX];
	__le64 addr;
	__le32 len;
	__le32 status;
	__le32 reserved[2];
};

/* ------------------------------------------------------------------ */
/* Failure classes (the Linux "bugcheck codes")                         */
/* ------------------------------------------------------------------ */

/*
 * Stable numeric codes.  Codes are never reused or renumbered; new classes
 * are appended.  The failure name is "<CLASS>_0x<code, 2 hex digits>_<image>!<function>".
 */
enum bugcheck_class {
	BUGCHECK_CLASS_UNKNOWN = 0x00,
	BUGCHECK_CLASS_KERNEL_PANIC = 0x01,
	BUGCHECK_CLASS_KILL_INIT = 0x02,
	BUGCHECK_CLASS_KERNEL_BUG = 0x03,
	BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE = 0x04,
	BUGCHECK_CLASS_PAGING_REQUEST = 0x05,
	BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT = 0x06,
	BUGCHECK_CLASS_DIVIDE_ERROR = 0x07,
	BUGCHECK_CLASS_INVALID_OPCODE = 0x08,
	BUGCHECK_CLASS_STACK_OVERFLOW = 0x09,
	BUGCHECK_CLASS_WARNING = 0x0a,
	BUGCHECK_CLASS_SOFT_LOCKUP = 0x0b,
	BUGCHECK_CLASS_HARD_LOCKUP = 0x0c,
	BUGCHECK_CLASS_HUNG_TASK = 0x0d,
	BUGCHECK_CLASS_RCU_STALL = 0x0e,
	BUGCHECK_CLASS_OUT_OF_MEMORY = 0x0f,
	BUGCHECK_CLASS_MACHINE_CHECK = 0x10,
	BUGCHECK_CLASS_KASAN = 0x11,
	BUGCHECK_CLASS_KFENCE = 0x12,
	BUGCHECK_CLASS_KMSAN = 0x13,
	BUGCHECK_CLASS_KCSAN = 0x14,
	BUGCHECK_CLASS_UBSAN = 0x15,
	BUGCHECK_CLASS_LOCKDEP = 0x16,
	BUGCHECK_CLASS_LIST_CORRUPTION = 0x17,
	BUGCHECK_CLASS_REFCOUNT = 0x18,
	BUGCHECK_CLASS_MEMORY_LEAK = 0x19,
	BUGCHECK_CLASS_ATOMIC_SLEEP = 0x1a,
	BUGCHECK_CLASS_BAD_PAGE_STATE = 0x1b,
	BUGCHECK_CLASS_DOUBLE_FAULT = 0x1c,
	BUGCHECK_CLASS_STACK_PROTECTOR = 0x1d,
	BUGCHECK_CLASS_BAD_ACCESS = 0x1e,	/* other unable-to-handle */
	BUGCHECK_CLASS_REBOOT = 0x1f,		/* unexpected reboot/reset */
	BUGCHECK_CLASS_TOOL_FAILURE = 0x20,	/* test harness (syzkaller) fault */
	BUGCHECK_CLASS_CONSISTENCY_CHECK = 0x21, /* other self-check report */
	BUGCHECK_CLASS_NETDEV_LEAK = 0x22,	/* unregister_netdevice waits */
	BUGCHECK_CLASS_OOM_KILL = 0x23,		/* the OOM killer killed a task */
	BUGCHECK_CLASS_MAX
};

/* ------------------------------------------------------------------ */
/* Generic netlink ABI                                                 */
/* ------------------------------------------------------------------ */

#define BUGCHECK_GENL_NAME		"bugcheck"
#define BUGCHECK_GENL_VERSION		1
/* Largest DATA attribute one READ reply carries. */
#define BUGCHECK_READ_CHUNK		16384

/*
 * Every command requires CAP_SYS_ADMIN in the initial user namespace
 * (netlink_capable(); the family exists only in the initial network
 * namespace), and nothing else.  Requests are validated strictly: a
 * non-zero reserved header field or an unknown attribute is refused.
 *
 * STATUS           -> REGION_*, SLOT_SIZE, SLOT_COUNT, LAYOUT_VERSION,
 *                     RECORD_VERSION, REASONS, BOOT_ID, CRASHES, MISSED
 * LIST (dump)      -> one message per non-empty slot: SLOT, VALID, STATE,
 *                     BOOT_ID, SEQ, REASON, WALL_NS, LEN, FLAGS
 * READ  SLOT OFFSET [BOOT_ID SEQ]
 *                  -> SLOT, VALID, OFFSET, LEN (whole record), DATA (<= chunk),
 *                     and BOOT_ID, SEQ for a valid record; corrupt slots are
 *                     read too (LEN = slot size).  A READ that names a
 *                     record the slot no longer holds gets -ESTALE, so a
 *                     reader names it after the first chunk; -EAGAIN while
 *                     a crash is being captured
 * MARK_COLLECTED SLOT BOOT_ID SEQ
 *                  -> sets state COLLECTED if the slot still holds that
 *                     record, else -ESTALE
 * CLEAR SLOT [BOOT_ID SEQ] [FLAGS=FORCE]
 *                  -> empties a slot; only COLLECTED slots unless
 *                     BUGCHECK_CLEAR_FORCE, so nothing uncollected is lost
 *                     by accident
 */
enum bugcheck_cmd {
	BUGCHECK_CMD_UNSPEC,
	BUGCHECK_CMD_STATUS,
	BUGCHECK_CMD_LIST,
	BUGCHECK_CMD_READ,
	BUGCHECK_CMD_MARK_COLLECTED,
	BUGCHECK_CMD_CLEAR,
	__BUGCHECK_CMD_MAX
};
#define BUGCHECK_CMD_MAX (__BUGCHECK_CMD_MAX - 1)

/* Validation verdict of a slot, attribute VALID. */
enum bugcheck_valid {
	BUGCHECK_VALID_OK = 0,		/* magic, version, bounds, crc good */
	BUGCHECK_VALID_EMPTY = 1,
	BUGCHECK_VALID_TORN = 2,	/* state WRITING: capture interrupted */
	BUGCHECK_VALID_BAD_MAGIC = 3,
	BUGCHECK_VALID_BAD_VERSION = 4,
	BUGCHECK_VALID_BAD_LENGTH = 5,
	BUGCHECK_VALID_BAD_CRC = 6,
	BUGCHECK_VALID_BAD_STATE = 7,
	BUGCHECK_VALID_BAD_TAIL = 8,	/* primary ok, tail crc bad */
};

#define BUGCHECK_CLEAR_FORCE		0x1

enum bugcheck_attr {
	BUGCHECK_A_UNSPEC,
	BUGCHECK_A_PAD,
	BUGCHECK_A_SLOT,		/* u32 */
	BUGCHECK_A_VALID,		/* u32, enum bugcheck_valid */
	BUGCHECK_A_STATE,		/* u32, enum bugcheck_state */
	BUGCHECK_A_BOOT_ID,		/* binary, 16 bytes */
	BUGCHECK_A_SEQ,			/* u64 */
	BUGCHECK_A_REASON,		/* u32 */
	BUGCHECK_A_WALL_NS,		/* u64 */
	BUGCHECK_A_LEN,			/* u32 */
	BUGCHECK_A_OFFSET,		/* u32 */
	BUGCHECK_A_DATA,		/* binary */
	BUGCHECK_A_FLAGS,		/* u32 */
	BUGCHECK_A_REGION_ADDR,		/* u64 */
	BUGCHECK_A_REGION_SIZE,		/* u64 */
	BUGCHECK_A_SLOT_SIZE,		/* u32 */
	BUGCHECK_A_SLOT_COUNT,		/* u32 */
	BUGCHECK_A_LAYOUT_VERSION,	/* u32 */
	BUGCHECK_A_RECORD_VERSION,	/* u32 */
	BUGCHECK_A_REASONS,		/* u32, capture mask */
	BUGCHECK_A_CRASHES,		/* u32, crashes captured this boot */
	BUGCHECK_A_MISSED,		/* u32, crashes not stored this boot */
	BUGCHECK_A_VENDORS,		/* u32, vendor callbacks + triage ranges */
	__BUGCHECK_A_MAX
};
#define BUGCHECK_A_MAX (__BUGCHECK_A_MAX - 1)

#endif /* _UAPI_LINUX_BUGCHECK_H */
