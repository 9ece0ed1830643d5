/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel crash classifier: finds crash reports in kernel console text
 * (dmesg, serial console, syslog, journal) and turns each into a title,
 * failure class, blamed image and function, WER-style failure name and a
 * stable failure hash.  The text path streams: memory is bounded by the
 * report window, never by the input size.  docs/classifier.md is the
 * specification (class table, frame skip rules, normalisation, hash input).
 */
#ifndef BUGCHECK_CLASSIFY_H
#define BUGCHECK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/bugcheck.h"

#define BC_TITLE_MAX 160	/* normalised titles are cut at 120 chars */
#define BC_FUNC_MAX 128		/* longest kept function name */
#define BC_IMAGE_MAX 64		/* module name or "vmlinux" */
#define BC_NAME_MAX 320		/* failure name */
#define BC_HASH_LEN 36		/* 8-4-4-4-12 lowercase hex */
#define BC_RELEASE_MAX 96	/* kernel release string */
#define BC_TAINT_MAX 32		/* taint letters, e.g. "G        W" -> "GW" */
#define BC_MODULES_MAX 4096	/* space separated module list */
#define BC_MAX_FRAMES 48	/* frames kept per crash (culprit stack) */

/*
 * Failure-hash spec version (docs/classifier.md, "Failure name and hash").
 * It starts the hash input, so hashes of different versions never meet in
 * one bucket; it is bumped whenever the rules change titles or culprits of
 * crashes that already hashed.  Reports carry it next to the hash.
 *   1  title, class code and image as of the first classifier
 *   2  culprit rules from the generic-code table of linux-source-6.1
 *   3  timer/hrtimer/rhashtable API generic; rcu_tasks stalls blame the
 *      holdout task's stack; write_comp_data blameable, print_bad_pte not
 *   4  debugfs's proxy fops and DEFINE_{DEBUGFS,SIMPLE}_ATTRIBUTE
 *      read/write (fs/debugfs/file.c, fs/libfs.c) generic; OOM kills
 *      are a report family (class OOM_KILL, new titles only)
 *   5  user traps are no crash; header stubs do not make generic names
 *      blameable; sysfs/procfs forwarding fops generic; workqueue
 *      lockups blame the busy worker
 *   6  warn_alloc() reports (page allocation failure, vmalloc error);
 *      RCU stalls blame the context any interrupt entry interrupted;
 *      hung-task, atomic-sleep, stall and RCU skips by kernel naming
 *   7  /dev/kmsg line ends and NULs, blanks in frame lines, 6.1 sysfs
 *      plumbing generic, x86 die() trap and MSR families
 *   8  a CFI failure's or BUG: message's WARN is the same report, a
 *      WARN's own "WARNING:" message gives way to __warn(); Bad page
 *      cache, non-blocking section, mempool poison families; irq
 *      nobody cared behind the irq core's primary handler; module
 *      text out of KCSAN titles; expedited RCU stalls; __mod_timer,
 *      page-fragment, skb length, driver-core wrapper, devres,
 *      seq_buf, __tsan_* and __msan_* helpers generic; lockdep's
 *      BUG: key / invalid subclass are LOCKDEP; boot WARNING: notices
 *      are no crash
 *   9  the generic-code table also indexes linux-source-6.12: 502 names
 *      6.1 lacks (the *_noprof allocator entry points ...) are generic
 *  10  boot logs: the x86 decompressor's lines are no output before a
 *      reboot, a reboot is its line alone, panic()'s end marker is no
 *      report; riscv "Oops [- trap] [#N]" and s390 die() trap headers;
 *      s390's "in virtual ... address space" leaves the title;
 *      arm64 debug-monitors.c, checksum loops, arm64 __pi_* string and
 *      cache routines generic; a CFI failure at a generic call
 *      site blames its target; /dev/kmsg 'c' fragments join their line
 */
#define BC_HASH_SPEC_VERSION 11

/**
 * struct bc_frame - one stack frame of a classified crash, without address
 * @function: symbol with compiler suffixes (.isra.N, .cold...) removed
 * @module:   module name from the "[mod]" suffix, empty for vmlinux
 * @offset:   offset into the symbol (0 when the log gave none)
 * @size:     symbol size (0 when unknown)
 */
struct bc_frame {
	char function[BC_FUNC_MAX];
	char module[BC_IMAGE_MAX];
	uint32_t offset;
	uint32_t size;
};

/**
 * struct bc_classification - everything the classifier derives for one crash
 * @title:          syzkaller-style normalised title ("WARNING in foo")
 * @cls:            failure class, enum bugcheck_class
 * @image:          blamed module, or "vmlinux"
 * @function:       blamed function (first non-generic frame), or ""
 * @failure_name:   "<CLASS>_0x<code>_<image>!<function>"
 * @failure_hash:   GUID-formatted SHA-256 of the hash input (see
 *                  bc_failure_hash()), NUL terminated
 * @hash_spec:      BC_HASH_SPEC_VERSION the hash was computed with
 * @corrupted:      the report is truncated, interleaved or has no usable
 *                  stack, so title and culprit are unreliable
 * @panicked:       "Kernel panic - not syncing" was seen in the input
 * @kernel_release: kernel release from the "CPU: .. Comm: .. <taint> <rel>"
 *                  line, "Linux version" banner or record; "" if unknown
 * @taint:          taint letters as printed (spaces dropped); "" if the log
 *                  said "Not tainted" or did not say
 * @tainted_known:  the log (or record) told the taint state
 * @modules:        "Modules linked in:" names, single spaces between; "" if
 *                  none or unknown
 * @nmodules:       number of names in @modules
 * @nframes:        frames in @frames (the stack of the culprit, in order)
 * @frames:         parsed stack frames, unreliable (" ? ") ones excluded
 * @culprit:        index of the culprit in @frames, or -1
 */
struct bc_classification {
	char title[BC_TITLE_MAX];
	enum bugcheck_class cls;
	char image[BC_IMAGE_MAX];
	char function[BC_FUNC_MAX];
	char failure_name[BC_NAME_MAX];
	char failure_hash[BC_HASH_LEN + 1];
	unsigned int hash_spec;
	bool corrupted;
	bool panicked;
	char kernel_release[BC_RELEASE_MAX];
	char taint[BC_TAINT_MAX];
	bool tainted_known;
	char modules[BC_MODULES_MAX];
	unsigned int nmodules;
	unsigned int nframes;
	struct bc_frame frames[BC_MAX_FRAMES];
	int culprit;
	/*
	 * Console timestamp of the report's first line in ns since boot,
	 * 0 when the line had none.  Not part of the hash: it tells two
	 * copies of one crash (a record and a pstore or kdump dump of the
	 * same log) apart from two crashes of one bug.
	 */
	uint64_t stamp_ns;
};

/**
 * struct bc_fact_frame - one structured frame of a capture record
 * @symbol: symbol name (may carry .isra/.cold suffixes), NULL if unresolved
 * @module: module name, NULL or "" for vmlinux
 * @offset: offset into the symbol
 */
struct bc_fact_frame {
	const char *symbol;
	const char *module;
	uint32_t offset;
};

/**
 * struct bc_crash_facts - a crash as the capture module recorded it
 * @log:      kernel log tail ("[    1.234567] msg\n" lines), may be NULL
 * @log_len:  bytes in @log
 * @message:  die string or panic message, NULL if none
 * @reason:   enum bugcheck_reason of the record
 * @release:  utsname()->release, NULL if none
 * @taint:    the kernel taint mask (bit n = taint flag n)
 * @panicked: the record says the kernel panicked
 * @nframes:  entries in @frames
 * @frames:   the unwinder's frames, innermost first
 * @nmodules: entries in @modules
 * @modules:  names of loaded modules the record lists
 *
 * bc_classify_facts() classifies the log text exactly as the text path
 * does; the structured fields only fill what the log lacks (no stack in
 * the log tail, no release, ...), so a record and its console log give
 * the same failure hash.
 */
struct bc_crash_facts {
	const char *log;
	size_t log_len;
	const char *message;
	unsigned int reason;
	const char *release;
	uint64_t taint;
	bool panicked;
	size_t nframes;
	const struct bc_fact_frame *frames;
	size_t nmodules;
	const char *const *modules;
};

struct bc_classifier;

/* bc_classifier_new() flags */
#define BC_CLASSIFY_ALL 0x1	/* report every crash, not only the first */

/**
 * bc_classifier_new() - create a streaming classifier
 * @flags: BC_CLASSIFY_*
 *
 * Return: a classifier, or NULL when out of memory.
 */
struct bc_classifier *bc_classifier_new(unsigned int flags);

/**
 * bc_classifier_feed() - feed raw console bytes
 * @c:   classifier
 * @buf: bytes, any content (NUL, CR, invalid UTF-8 are tolerated)
 * @len: bytes in @buf
 *
 * Lines may be split across calls.  Completed crashes become available
 * through bc_classifier_next().
 *
 * Return: 0, or -ENOMEM.
 */
int bc_classifier_feed(struct bc_classifier *c, const char *buf, size_t len);

/**
 * bc_classifier_finish() - signal end of input
 * @c: classifier
 *
 * Flushes a pending partial line and closes the crash being collected.
 *
 * Return: 0, or -ENOMEM when a classified crash could not be queued.
 */
int bc_classifier_finish(struct bc_classifier *c);

/**
 * bc_classifier_next() - take the next classified crash
 * @c:   classifier
 * @out: filled in when a crash is available
 *
 * Crashes are only final once the following text (or the end of input)
 * has been seen; flags known only at the end (@panicked, module list) are
 * final after bc_classifier_finish().
 *
 * Return: 1 when @out was filled, 0 when none is pending.
 */
int bc_classifier_next(struct bc_classifier *c, struct bc_classification *out);

/**
 * bc_classifier_reset() - start over on new input, keeping the buffers
 * @c:     classifier
 * @flags: BC_CLASSIFY_*
 *
 * Drops everything fed and every result not taken; the classifier then
 * behaves as one fresh from bc_classifier_new(@flags), without its
 * allocations.
 */
void bc_classifier_reset(struct bc_classifier *c, unsigned int flags);

/**
 * bc_classifier_free() - destroy a classifier; NULL is accepted
 * @c: classifier
 */
void bc_classifier_free(struct bc_classifier *c);

/**
 * bc_classify_buffer() - classify the first crash in a buffer
 * @buf: console text
 * @len: bytes in @buf
 * @out: result
 *
 * Return: 1 when a crash was found and @out filled, 0 when the text holds
 * no crash, -ENOMEM.  Each thread keeps one classifier for these calls
 * (about 600 KB), so repeated calls allocate nothing.
 */
int bc_classify_buffer(const char *buf, size_t len,
		       struct bc_classification *out);

/**
 * bc_classify_facts() - classify a crash captured by bugcheck.ko
 * @facts: the record's contents
 * @out:   result
 *
 * Return: 1 when classified (a record always describes a crash, so this
 * is the normal result even without a usable log), -EINVAL for a NULL
 * argument, -ENOMEM.
 */
int bc_classify_facts(const struct bc_crash_facts *facts,
		      struct bc_classification *out);

/**
 * bc_failure_hash() - compute the failure hash
 * @cls:   failure class
 * @image: blamed image ("vmlinux" or module name)
 * @title: normalised title
 * @out:   BC_HASH_LEN + 1 bytes
 *
 * The hash input is the string "bugcheck-v<BC_HASH_SPEC_VERSION>|<code as
 * 2 lowercase hex digits>|<image>|<title>"; the output is the first 16 bytes of its
 * SHA-256 printed as 8-4-4-4-12 lowercase hex.
 */
void bc_failure_hash(enum bugcheck_class cls, const char *image,
		     const char *title, char *out);

/**
 * bc_failure_hash_version() - the failure hash of an explicit spec version
 * @version: spec version, 1..BC_HASH_SPEC_VERSION
 * @cls:     failure class
 * @image:   blamed image ("vmlinux" or module name)
 * @title:   normalised title
 * @out:     BC_HASH_LEN + 1 bytes
 *
 * The hash input format is the same in every version; only the version
 * number in it and the rules that derive the title differ.  The server uses
 * this to check a report from an agent of an older spec: the version is
 * part of the input, so buckets of different versions never merge.
 */
void bc_failure_hash_version(unsigned int version, enum bugcheck_class cls,
			     const char *image, const char *title, char *out);

/**
 * bc_class_name() - name of a class without the BUGCHECK_CLASS_ prefix
 * @cls: class
 *
 * Return: static string; "UNKNOWN" for values outside the table.
 */
const char *bc_class_name(enum bugcheck_class cls);

/**
 * bc_class_syz_types() - syzkaller crash TYPE strings a class corresponds to
 * @cls: class
 *
 * Return: static string of '|' separated TYPE names (used by the corpus
 * scorer and documented in docs/classifier.md).
 */
const char *bc_class_syz_types(enum bugcheck_class cls);

/**
 * bc_title_normalize() - apply the title normalisation in place
 * @s:  NUL-terminated title; rewritten
 * @sz: size of the buffer holding @s
 */
void bc_title_normalize(char *s, size_t sz);

#endif /* BUGCHECK_CLASSIFY_H */
