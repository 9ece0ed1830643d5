/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash reports: the JSON object the agent spools and forwards (the
 * contract is docs/server.md, "Report JSON"), built from a decoded
 * bugcheck.ko record or from console text (pstore, kdump), with the report
 * id that makes a crash collected twice one report, and the privacy
 * scrubber every forwarded string goes through.
 */
#ifndef BUGCHECK_AGENT_REPORT_H
#define BUGCHECK_AGENT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <json-c/json.h>

#include "classify.h"
#include "record.h"
#include "scrub.h"

#define BC_REPORT_ID_LEN 32 /* hex digits */
#define BC_MACHINE_ID_LEN 32 /* hex digits */
#define BC_REPORT_LOG_MAX (64 * 1024 - 1) /* server limit is 64 KiB */
/* Extra data a bucket may ask for (server/collect.c has the same limits). */
#define BC_REPORT_KDUMP_MAX (1024 * 1024) /* "kdump_dmesg" */
#define BC_REPORT_VENDOR_MAX (512 * 1024) /* "vendor_data" */

/**
 * struct bc_report_env - facts about the collecting machine a report holds
 * @os_release:   PRETTY_NAME of os-release, "" when unknown
 * @collected_at: collection time, seconds since the epoch
 */
struct bc_report_env {
	char os_release[129];
	int64_t collected_at;
};

/**
 * struct bc_payload_opts - what the configuration adds to a sent report
 * @device_type: server, desktop, laptop, vm or unknown
 * @market:      free-form market name, "" for none
 * @send_log:    whether the crash's own log lines go out
 * @full_log:    with @send_log, the whole scrubbed tail goes out, not only
 *               the crash's own lines (collect_level = full)
 */
struct bc_payload_opts {
	const char *device_type;
	const char *market;
	bool send_log;
	bool full_log;
};

/* Report ids: 32 lowercase hex digits plus NUL. */
void bc_report_id_record(const uint8_t boot_id[16], uint64_t seq,
			 char out[BC_REPORT_ID_LEN + 1]);
void bc_report_id_content(const char *source, const void *buf, size_t len,
			  char out[BC_REPORT_ID_LEN + 1]);

/**
 * bc_crash_key() - the same crash, whichever source captured it
 * @k:   its classification
 * @out: 32 hex digits, or "" when @k has no console timestamp
 *
 * SHA-256("bugcheck-crash-v1" NUL failure_hash NUL stamp_ns as decimal),
 * first 16 bytes.  A bugcheck.ko record and a pstore or kdump dump of the
 * same crash carry the same printk lines, so the same key; two crashes of
 * one bug differ in their timestamps.
 */
void bc_crash_key(const struct bc_classification *k,
		  char out[BC_REPORT_ID_LEN + 1]);

/**
 * struct bc_text_crash - a crash found in console text (pstore, kdump)
 * @source:     "pstore" or "kdump"
 * @origin:     where it came from (file or directory), for the local index
 * @text:       the log text
 * @len:        bytes of @text
 * @crash_time: when it happened (file time or directory name)
 */
struct bc_text_crash {
	const char *source;
	const char *origin;
	const char *text;
	size_t len;
	time_t crash_time;
};

/**
 * bc_report_from_record() - report for a verified bugcheck.ko record
 * @r:      decoded record (primary section verified)
 * @cls:    its classification
 * @s:      scrubber
 * @origin: local description ("slot 3"), kept in the "agent" member
 * @env:    os-release and collection time
 *
 * The report holds no machine id, device type or market; those are added
 * by bc_report_payload() when it is sent.  Its "extra" member keeps the
 * record's vendor blocks as "vendor_data" (one "UUID NAME HEX" line each,
 * at most BC_REPORT_VENDOR_MAX bytes) for a bucket that asks for them;
 * the payload leaves it out.
 *
 * Return: new JSON object, or NULL when out of memory.
 */
struct json_object *bc_report_from_record(const struct bc_record *r,
					  const struct bc_classification *cls,
					  const struct bc_scrub *s,
					  const char *origin,
					  const struct bc_report_env *env);

/*
 * The event type of a report of class @c: "warning", "hang", "lockup",
 * "memory", "oops", "sanitizer", "panic", "bug", "mce", "stackoverflow".
 * Crash reports and bugcheck watch's live reports share this table.
 */
const char *bc_event_type(enum bugcheck_class c);

/**
 * bc_report_from_text() - report for a crash found in console text
 * @t:   the crash
 * @cls: the classifier's result for @t->text
 * @s:   scrubber
 * @env: os-release and collection time
 *
 * A kdump report's "extra" member keeps the whole dmesg, scrubbed, as
 * "kdump_dmesg" (its last BC_REPORT_KDUMP_MAX bytes), for a bucket that
 * asks for it; the payload leaves it out.
 *
 * Return: new JSON object, or NULL when out of memory.
 */
struct json_object *bc_report_from_text(const struct bc_text_crash *t,
					const struct bc_classification *cls,
					const struct bc_scrub *s,
					const struct bc_report_env *env);

/**
 * bc_report_crash_lines() - where a crash report's own lines are in a log
 * @log:      the log (scrubbed or not)
 * @len:      bytes of @log
 * @stamp_ns: console stamp of the report's first line
 *            (bc_classification.stamp_ns), 0 when unknown
 * @start:    offset of the report's first line
 * @end:      offset just past its end marker ("---[ end trace ... ]---",
 *            "---[ end Kernel panic ..."), or @len when it has none
 *
 * The first line is the line with @stamp_ns, else the first line that
 * starts a report the classifier knows ("cut here", "BUG: ", "Oops: "...).
 *
 * Return: 0, -ENOENT when the log has no crash report, -EINVAL for NULL.
 */
int bc_report_crash_lines(const char *log, size_t len, uint64_t stamp_ns,
			  size_t *start, size_t *end);

/**
 * bc_report_payload() - the exact object sent for a spooled report
 * @spooled:    report as read from the spool (not modified)
 * @c:          device type, market, send_log (from the configuration)
 * @machine_id: salted machine hash
 * @s:          scrubber, applied again to every free-text field
 *
 * The payload carries "hash_version" (the spooled report's, 1 when it
 * predates the field) and the failure hash of that version computed from
 * the title as sent, so the server's re-derivation always agrees.  With
 * @c->send_log its "log" is only the crash's own lines
 * (bc_report_crash_lines()), scrubbed, unless @c->full_log; the spooled
 * report keeps the whole tail.  The spooled "extra" member is never sent
 * here (see bc_report_extra()).
 *
 * Return: new JSON object, or NULL when @spooled lacks a report id or
 * memory ran out.
 */
struct json_object *bc_report_payload(struct json_object *spooled,
				      const struct bc_payload_opts *c,
				      const char *machine_id,
				      const struct bc_scrub *s);

/**
 * bc_report_extra() - one kind of extra data of a spooled report, as sent
 * @spooled: report as read from the spool
 * @kind:    "log_tail" (the whole tail the spool keeps), "vendor_data" or
 *           "kdump_dmesg"
 * @s:       scrubber, applied again to the text kinds
 * @ret:     malloc'd data, NUL terminated
 * @ret_len: its bytes
 *
 * Return: 0, -ENOENT when the report has no such data, -EINVAL for an
 * unknown kind, -ENOMEM.
 */
int bc_report_extra(struct json_object *spooled, const char *kind,
		    const struct bc_scrub *s, char **ret, size_t *ret_len);

/**
 * bc_machine_hash() - salted hash that identifies this machine
 * @salt:       the salt (configured, or generated once by
 *              bc_host_machine_id())
 * @machine_id: contents of /etc/machine-id, "" when there is none
 * @out:        BC_MACHINE_ID_LEN + 1 bytes
 */
void bc_machine_hash(const char *salt, const char *machine_id,
		     char out[BC_MACHINE_ID_LEN + 1]);

/* bc_hex() - @n bytes as 2 * @n lowercase hex digits and a NUL */
void bc_hex(const uint8_t *b, size_t n, char *out);

/* Helpers shared with the commands. */
void bc_iso_time(int64_t secs, char *buf, size_t size);
const char *bc_report_str(struct json_object *o, const char *key);

#endif /* BUGCHECK_AGENT_REPORT_H */
