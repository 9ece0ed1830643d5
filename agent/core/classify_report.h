/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Report window and oops header table of the classifier (internal).
 */
#ifndef BUGCHECK_CLASSIFY_REPORT_H
#define BUGCHECK_CLASSIFY_REPORT_H

#include "classify_int.h"

#define BC_CTX_MAX 12			/* "T12345678" */
#define BC_REPORT_LINES 1500		/* lines kept per report */
#define BC_REPORT_BYTES (192 * 1024)	/* bytes kept per report */

/* One line of a report window: text at report.text + off, NUL ended. */
struct bc_rline {
	size_t off;
	size_t len;
	char ctx[BC_CTX_MAX];
};

/**
 * struct bc_report - the lines of one crash report
 * @text:       line bytes, each NUL terminated
 * @used:       bytes used in @text
 * @lines:      line index
 * @n:          lines in @lines
 * @oops:       index of the line with the oops header
 * @ctx:        caller field of the oops line ("" when none)
 * @text_lines: lines added after the oops line
 * @full:       the window limit cut the report
 */
struct bc_report {
	char *text;
	size_t used;
	struct bc_rline *lines;
	size_t n;
	size_t oops;
	char ctx[BC_CTX_MAX];
	size_t text_lines;
	bool full;
};

/**
 * struct bc_oops - an oops header
 * @needle:      text that marks the header anywhere in a line
 * @id:          internal header id
 * @ends_report: a later occurrence closes the report being collected
 */
struct bc_oops {
	const char *needle;
	int id;
	bool ends_report;
};

/*
 * The oops header in a line, or NULL.  @after_output enables the reboot
 * header (a boot banner after other console output).
 */
const struct bc_oops *bc_match_oops(const char *msg, size_t len,
				    bool after_output);

/*
 * The report of header @o is its header line alone (an OOM kill): the
 * next line is no part of it.
 */
bool bc_oops_one_line(const struct bc_oops *o);

/*
 * bc_oops_reboot - whether @o is the reboot marker ("Booting the
 * kernel" after other output): a report of that line alone, so the boot
 * that follows is read afresh.
 */
bool bc_oops_reboot(const struct bc_oops *o);

/*
 * A report of header @o (an OOM kill, a page allocation failure: the
 * kernel goes on) is the result only when no other crash follows it.
 */
bool bc_oops_provisional(const struct bc_oops *o);

/*
 * kernel/panic.c __warn()'s own header, "WARNING: CPU: %d PID: %d at ..."
 * (and the "WARNING: at %s:%d" of kernels before 3.x), in message @msg.
 */
bool bc_warn_line(const char *msg, size_t len);

/*
 * What a later __warn() header means to the open report of header line
 * @msg, when it comes within BC_WARN_MSG_LINES lines: BC_WARN_OWN, the
 * report raised it and goes on (kernel/cfi.c report_cfi_failure() with
 * CONFIG_CFI_PERMISSIVE; a "BUG: " message printed right before a WARN:
 * lockdep's "BUG: key %px has not been registered!",
 * fs/dcache.c umount_check()); BC_WARN_MESSAGE, the header was the WARN's
 * own message (WARN(1, "WARNING: ...") prints it before __warn()'s
 * line, kernel/panic.c __warn_printk()) and __warn()'s report replaces
 * it; BC_WARN_OTHER, a report of its own.
 */
enum bc_warn_follow { BC_WARN_OTHER, BC_WARN_OWN, BC_WARN_MESSAGE };
#define BC_WARN_MSG_LINES 3
enum bc_warn_follow bc_warn_follow(const char *msg, size_t len);

/* Where the header @o starts in @line (the line matched it). */
const char *bc_oops_text(const char *line, const struct bc_oops *o);

/* Append the names of a "Modules linked in:" list (text after it). */
void bc_parse_modules(const char *p, struct bc_classification *out);

/* A console line that continues a wrapped module list. */
bool bc_modules_cont(const char *s, size_t len);

/* Describe a closed report: title, class, culprit, flags, metadata. */
void bc_describe_report(const struct bc_report *r,
			struct bc_classification *out);

/* Fill failure_name and failure_hash from title, class, image, function. */
void bc_finish_classification(struct bc_classification *out);

#endif /* BUGCHECK_CLASSIFY_REPORT_H */
