/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/kmsg records, the one parser of them (the classifier's input
 * framing and `bugcheck watch` both use it).
 *
 * Format (Documentation/ABI/testing/dev-kmsg; written by devkmsg_read()
 * in kernel/printk/printk.c, 6.1):
 *
 *   info_print_ext_header()  "%u,%llu,%llu,%c%s;"  PRI,SEQ,TS_USEC,FLAGS
 *                            and, with CONFIG_PRINTK_CALLER, ",caller=T123"
 *                            or ",caller=C1"; future kernels may add more
 *                            comma separated fields before the ';'
 *   msg_add_ext_text()       the text, every byte < ' ', >= 127 and '\'
 *                            itself written "\xNN", then '\n'
 *   msg_add_dict_text()      continuation lines " KEY=value\n" (6.1:
 *                            SUBSYSTEM and DEVICE), escaped the same way
 *
 * PRI is facility << 3 | level (struct printk_info: u8 facility, 3-bit
 * level), so at most 2047; facility 0 is the kernel's own (user space
 * cannot write facility 0, the ABI says).  FLAGS is '-' or 'c' (a
 * fragment of a line, LOG_CONT).  A record is at most CONSOLE_EXT_LOG_MAX
 * (8192) bytes: the kernel cuts a longer one anywhere, even inside an
 * escape or before the '\n', and never writes a partial record to a
 * read() (the ABI's "never partial messages").
 *
 * Everything here takes (pointer, length): bytes are hostile (a file
 * given to `bugcheck watch --kmsg` or `bugcheck classify`), NUL bytes
 * included, and nothing is read past the length.
 */
#ifndef BUGCHECK_KMSG_H
#define BUGCHECK_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BC_KMSG_HDR_MAX 256 /* longest header accepted */
#define BC_KMSG_CALLER_MAX 12 /* "T2147483647" + NUL */
#define BC_KMSG_PRI_MAX 2047 /* (255 << 3) | 7 */

/**
 * struct bc_kmsg_hdr - a parsed record header
 * @pri:    facility << 3 | level
 * @seq:    64-bit record sequence number
 * @usec:   CLOCK_MONOTONIC time of the record, microseconds
 * @flags:  '-' or 'c'
 * @caller: "T<pid>" or "C<cpu>" from a "caller=" field, or ""
 * @text:   offset of the text (just after the ';')
 */
struct bc_kmsg_hdr {
	unsigned int pri;
	uint64_t seq;
	uint64_t usec;
	char flags;
	char caller[BC_KMSG_CALLER_MAX];
	size_t text;
};

static inline unsigned int bc_kmsg_facility(const struct bc_kmsg_hdr *h)
{
	return h->pri >> 3;
}

/**
 * bc_kmsg_header() - parse a record header at the start of @s
 * @s:   bytes
 * @len: their number
 * @h:   filled on success
 *
 * Three decimal numbers (1-20 digits each, no sign, no overflow of 64
 * bits; PRI at most BC_KMSG_PRI_MAX), a flags field of '-' or 'c', then
 * any number of ",field" (a "caller=T123"/"caller=C1" one fills
 * @h->caller, others are skipped as the ABI asks) and the ';', all in
 * the first BC_KMSG_HDR_MAX bytes, none of them a NUL or a line end.
 *
 * Return: @h->text (> 0) when @s starts with a header, 0 when not.
 */
size_t bc_kmsg_header(const char *s, size_t len, struct bc_kmsg_hdr *h);

/**
 * bc_kmsg_unescape() - undo msg_add_ext_text()'s escapes in place
 * @s:   text of one record (after the ';', without its '\n')
 * @len: its length
 *
 * "\xNN" (two hex digits, either case) becomes the byte NN; an escaped
 * '\n' stays a '\n': the record held several lines, which the console
 * prints one by one (record_print_text()), so the caller splits there.
 * NUL and CR bytes, escaped or raw, are dropped (they are no text on a
 * console either).  A '\' that starts no escape is kept (the kernel
 * escapes every '\', so it is not the kernel's), except an escape cut
 * short by the end of the text ("\", "\x", "\x4"): the kernel cut the
 * record there, and that piece is dropped.
 *
 * Return: the new length (<= @len).  @s is not NUL terminated.
 */
size_t bc_kmsg_unescape(char *s, size_t len);

/**
 * bc_kmsg_dict_line() - a continuation line " KEY=value"?
 * @s:   one line without its '\n'
 * @len: its length
 * @key: if not NULL, set to the key ([A-Z0-9_]+, at most 64 bytes)
 * @klen: its length
 * @val: if not NULL, set to the value (still escaped)
 * @vlen: its length
 *
 * Return: true for a continuation line.
 */
bool bc_kmsg_dict_line(const char *s, size_t len, const char **key,
		       size_t *klen, const char **val, size_t *vlen);

/**
 * struct bc_kmsg_rec - one record of a buffer (see bc_kmsg_record())
 * @h:         its header
 * @text:      its text, still escaped, without the '\n'
 * @text_len:  length of @text
 * @truncated: no '\n' ended the text (the buffer ended first)
 * @dict:      its continuation lines, raw ("" when none)
 * @dict_len:  length of @dict
 */
struct bc_kmsg_rec {
	struct bc_kmsg_hdr h;
	const char *text;
	size_t text_len;
	bool truncated;
	const char *dict;
	size_t dict_len;
};

/**
 * bc_kmsg_record() - take the next record from a buffer
 * @buf: what read() gave (/dev/kmsg: one record; a file or pipe: many)
 * @n:   its length
 * @r:   filled when the return value is > 0 and *@ok is set
 * @ok:  set when a record was parsed; cleared when the first line of
 *       @buf is no record header (it is skipped, with any continuation
 *       lines after it)
 *
 * Return: bytes consumed: the header line and the continuation lines
 * after it; 0 only when @n is 0.
 */
size_t bc_kmsg_record(const char *buf, size_t n, struct bc_kmsg_rec *r,
		      bool *ok);

#endif /* BUGCHECK_KMSG_H */
