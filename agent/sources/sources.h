/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash sources besides bugcheck.ko: pstore (ramoops, efi-pstore) and
 * kdump output directories.  Each reader turns what it finds into console
 * text items; the caller classifies, spools, and only then calls
 * bc_source_ack(), which removes the pstore files or marks the kdump
 * directory collected.  Every file is untrusted input: sizes are capped
 * and names are checked before use.
 */
#ifndef BUGCHECK_AGENT_SOURCES_H
#define BUGCHECK_AGENT_SOURCES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define BC_SOURCE_FILE_MAX (4U << 20) /* bytes read from one file */
#define BC_SOURCE_MAX_PARTS 64 /* pstore parts of one dump */
#define BC_KDUMP_MARKER "bugcheck-collected"

/**
 * struct bc_source_item - one crash found in a source
 * @source:     "pstore" or "kdump"
 * @origin:     first pstore file, or the kdump directory
 * @text:       console text (pstore parts put back together, headers
 *              removed), malloc'd, NUL terminated
 * @len:        bytes of @text
 * @crash_time: time of the dump
 * @why:        pstore dump reason ("Oops", "Panic"), "" for kdump
 * @count:      pstore dump counter (the N of "Oops#N"), 0 for kdump
 * @nfiles:     files in @files
 * @files:      what bc_source_ack() removes (pstore) or the directory it
 *              marks (kdump)
 */
struct bc_source_item {
	const char *source;
	char origin[PATH_MAX];
	char *text;
	size_t len;
	time_t crash_time;
	char why[16];
	int count;
	unsigned int nfiles;
	char (*files)[PATH_MAX];
};

/**
 * bc_pstore_read() - dmesg dumps in a pstore directory
 * @dir:   mounted pstore (usually /sys/fs/pstore)
 * @ret:   malloc'd array of items
 * @n:     items
 * @warn:  called with a message for each file that is skipped
 *
 * Multi-part dumps ("Oops#1 Part1", "Part2", ...) are put back together
 * oldest part first.  Compressed files that pstore could not decompress
 * (".enc.z") are skipped with a warning and left in place.
 *
 * Return: 0 (a missing directory is no items), -errno.
 */
int bc_pstore_read(const char *dir, struct bc_source_item **ret, size_t *n,
		   void (*warn)(const char *msg));

/**
 * bc_kdump_read() - dmesg files in kdump dump directories
 * @dir:  kdump directory (usually /var/crash)
 * @ret:  items
 * @n:    items
 * @warn: called for each directory that is skipped
 *
 * Reads DIR/<dump>/dmesg.<stamp> (kdump-tools), vmcore-dmesg.txt
 * (kexec-tools' vmcore-dmesg) or dmesg.txt, dmesg (makedumpfile
 * --dump-dmesg) in each directory without a BC_KDUMP_MARKER file.
 *
 * Return: 0, -errno.
 */
int bc_kdump_read(const char *dir, struct bc_source_item **ret, size_t *n,
		  void (*warn)(const char *msg));

/**
 * bc_source_ack() - the item is safely spooled: release it at the source
 * @it: item
 *
 * Return: 0 or -errno.
 */
int bc_source_ack(const struct bc_source_item *it);

void bc_source_items_free(struct bc_source_item *items, size_t n);

#endif /* BUGCHECK_AGENT_SOURCES_H */
