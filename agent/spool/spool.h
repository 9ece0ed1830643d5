/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report spool (docs/agent.md, "Spool"):
 *
 *   SPOOL/new/<id>.json    reports waiting to be sent (the full report)
 *   SPOOL/sent/<id>.json   small metadata of reports the server acknowledged
 *                          (bucket, hits, response), newest sent_keep kept
 *   SPOOL/extra/<id>.json  a sent report as it was spooled, kept so that
 *                          its whole log tail, vendor blocks or kdump dmesg
 *                          can be uploaded when its bucket asks
 *                          (docs/privacy.md), for extra_keep_days and
 *                          under extra_max_bytes, oldest dropped first
 *   SPOOL/counts/<id>.json {"count": N}: how often the failure of a live
 *                          report was seen so far this boot (bugcheck
 *                          watch), for forward to tell the server after
 *                          the report itself went; N only grows
 *   SPOOL/state.json       last forward result, eviction counters
 *
 * Every file is written atomically: a temporary file in the same
 * directory, write, fsync, rename over the final name, fsync the
 * directory.  A name that exists in new/ or sent/ is a report already
 * spooled, which is how a crash collected twice stays one report.
 */
#ifndef BUGCHECK_AGENT_SPOOL_H
#define BUGCHECK_AGENT_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "config.h"

struct bc_spool {
	char path[PATH_MAX]; /* spool directory */
	int dirfd; /* the spool directory */
	int newfd; /* new/ */
	int sentfd; /* sent/ */
	uint64_t max_bytes; /* cap on new/ */
	unsigned int max_reports;
	unsigned int sent_keep;
	/*
	 * Told of each report bc_spool_add() evicts to make room, with the
	 * spool's depth and bytes before; NULL: only counted.  The library
	 * does not log: the command that owns the spool says it.
	 */
	void (*on_evict)(const struct bc_spool *sp, const char *id,
			 size_t reports, uint64_t bytes);
	int extrafd; /* extra/, -1 when the spool has none */
	uint64_t extra_max_bytes; /* cap on extra/ */
	int64_t extra_keep_secs; /* age limit in extra/ */
	/*
	 * Told of each extra/ entry bc_spool_extra_prune() drops (@why:
	 * "expired" or "over extra_max_bytes"); NULL: only counted.
	 */
	void (*on_extra_drop)(const struct bc_spool *sp, const char *id,
			      const char *why);
	int countsfd; /* counts/, -1 when the spool has none */
};

/**
 * struct bc_spool_entry - one report file
 * @id:    report id (the file name without ".json")
 * @mtime: when it was written (nanoseconds since the epoch)
 * @size:  bytes
 */
struct bc_spool_entry {
	char id[65];
	int64_t mtime;
	uint64_t size;
};

/**
 * bc_spool_open() - open (and with @create, make) the spool
 * @sp:     filled in
 * @c:      configuration (directory and caps)
 * @create: create missing directories
 *
 * Return: 0 or -errno (-ENOENT: no spool and @create is false).
 */
int bc_spool_open(struct bc_spool *sp, const struct bc_config *c, bool create);
void bc_spool_close(struct bc_spool *sp);

/**
 * bc_spool_add() - store a report durably
 * @sp:          spool
 * @id:          report id
 * @json:        the report
 * @len:         bytes of @json
 * @ret_evicted: number of older reports evicted to make room
 *
 * Return: 1 when stored, 0 when the report was already spooled or sent
 * (nothing written), -errno on failure (nothing committed).
 */
int bc_spool_add(struct bc_spool *sp, const char *id, const char *json,
		 size_t len, unsigned int *ret_evicted);

/**
 * bc_spool_list() - reports waiting (@sent false) or sent metadata
 * @sp:    spool
 * @sent:  list sent/ instead of new/
 * @ret:   malloc'd array, oldest first
 * @n:     entries
 *
 * Return: 0 or -errno.
 */
int bc_spool_list(struct bc_spool *sp, bool sent, struct bc_spool_entry **ret,
		  size_t *n);

/* Read new/<id>.json (@sent false) or sent/<id>.json. 0, -ENOENT, -EBADMSG. */
int bc_spool_read(struct bc_spool *sp, bool sent, const char *id,
		  struct json_object **ret);

/**
 * bc_spool_mark_sent() - the server acknowledged a report
 * @sp:   spool
 * @id:   report id
 * @meta: metadata to keep in sent/ (written first, then new/ is removed)
 *
 * Return: 0 or -errno.
 */
int bc_spool_mark_sent(struct bc_spool *sp, const char *id,
		       struct json_object *meta);

/* Rewrite sent/<id>.json (a response arrived later). */
int bc_spool_update_sent(struct bc_spool *sp, const char *id,
			 struct json_object *meta);

/*
 * Rewrite new/<id>.json while it waits (bugcheck watch counts later hits
 * of a live report into it).  0, -ENOENT (not waiting), -EALREADY (sent).
 */
int bc_spool_update_new(struct bc_spool *sp, const char *id,
			struct json_object *report);

/* state.json: read (empty object if missing) and update under a lock. */
struct json_object *bc_spool_state(struct bc_spool *sp);
int bc_spool_state_set(struct bc_spool *sp, const char *key,
		       struct json_object *val);
int bc_spool_state_add(struct bc_spool *sp, const char *key, int64_t n);

bool bc_spool_valid_id(const char *id);

/**
 * bc_spool_extra_keep() - keep a waiting report's data for later uploads
 * @sp: spool
 * @id: report id, still in new/ (call before bc_spool_mark_sent())
 *
 * Links new/<id>.json into extra/ (no copy) and dates it now, then prunes
 * extra/ (bc_spool_extra_prune()).
 *
 * Return: 0, -ENOENT (not waiting, or the spool has no extra/), -errno.
 */
int bc_spool_extra_keep(struct bc_spool *sp, const char *id);

/* extra/<id>.json: 0, -ENOENT, -EBADMSG. */
int bc_spool_extra_read(struct bc_spool *sp, const char *id,
			struct json_object **ret);
bool bc_spool_extra_has(struct bc_spool *sp, const char *id);

/**
 * bc_spool_extra_prune() - drop expired extras, then the oldest over the cap
 * @sp:  spool
 * @now: current time, seconds since the epoch
 *
 * Never touches a waiting report or sent/ metadata.  Each drop is counted
 * in state.json ("extra_dropped") and told to @sp->on_extra_drop.
 *
 * Return: number dropped, or -errno.
 */
int bc_spool_extra_prune(struct bc_spool *sp, int64_t now);

/**
 * bc_spool_count_set() - the absolute count of a live report's failure
 * @sp:    spool
 * @id:    report id
 * @count: times seen so far; a smaller value than the one kept is ignored
 *
 * Return: 0 or -errno (-ENOENT: the spool has no counts/).
 */
int bc_spool_count_set(struct bc_spool *sp, const char *id, uint64_t count);

/* counts/<id>.json: 0, -ENOENT, -EBADMSG (not {"count": N > 0}). */
int bc_spool_count_get(struct bc_spool *sp, const char *id, uint64_t *count);

/* The ids with a count, oldest first (as bc_spool_list()). */
int bc_spool_count_list(struct bc_spool *sp, struct bc_spool_entry **ret,
			size_t *n);

/* Forget the count of @id (its report left the spool). 0 or -errno. */
int bc_spool_count_drop(struct bc_spool *sp, const char *id);

#endif /* BUGCHECK_AGENT_SPOOL_H */
