/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forwarding: send spooled reports to bugcheck-server (libcurl, bearer
 * token), keep the server's answer (bucket, hits, vendor response) in the
 * spool's sent/ area, log vendor responses to the journal, and poll for
 * responses attached later.  A report leaves new/ only after the server
 * acknowledged it (HTTP 200 with a result for its id), or when the server
 * rejected it as invalid (400, kept in sent/ as "rejected": resending
 * cannot help).  A 429 OverQuota reply pauses forwarding to that server
 * until its quota resets (kept in the spool's state.json, so a restarted
 * agent waits too); nothing is dropped.
 *
 * Library code: functions return 0 or -errno and log nothing; what
 * happened to each report reaches the caller through struct
 * bc_forward_hooks and struct bc_forward_result (agent/cli/cmd_forward.c
 * logs it).
 */
#ifndef BUGCHECK_AGENT_FORWARD_H
#define BUGCHECK_AGENT_FORWARD_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "report.h"
#include "spool.h"

#include <stdint.h>

/* MESSAGE_ID of the journal entry for a vendor response (docs/agent.md). */
#define BC_MSGID_RESPONSE "82b24ed8d6194d7393eb128e47e69529"
/* MESSAGE_ID of the journal entry for an accepted report. */
#define BC_MSGID_SENT "555c0b077b01477dbb6f487d753e196c"

/**
 * struct bc_forward_result - what one pass did
 * @sent:        reports the server counted for the first time
 * @duplicates:  reports the server had already (idempotent resend)
 * @rejected:    reports the server refused as invalid (400)
 * @pending:     reports still waiting after the pass
 * @responses:   vendor responses received (ingest replies and polls)
 * @failed:      the pass stopped on an error worth retrying
 * @auth_failed: the server refused the token (401/403)
 * @retry_after: the server asked to wait this many seconds (429/503), 0
 * @over_quota:  the server's daily quota for this token is used up: the
 *               reports wait, unsent, until @quota_until (not a failure)
 * @quota_new:   this pass got the OverQuota reply (earlier passes only
 *               found the pause in the state)
 * @quota_not_saved: the pause could not be written to state.json
 * @quota_until: end of the pause, seconds since the epoch
 * @error:       what went wrong
 * @uploads:     extra data uploaded because a bucket asked (or, in a
 *               dry run, that would be)
 * @counts:      count updates of sent live reports the server took (or,
 *               in a dry run, that would be sent)
 * @withdrawn:   vendor responses the server no longer gives for a sent
 *               report (withdrawn, or narrowed away): removed from sent/
 * @census:      what became of the daily census in this pass
 * @census_error: why it was refused or failed
 */
struct bc_forward_result {
	unsigned int sent;
	unsigned int duplicates;
	unsigned int rejected;
	unsigned int pending;
	unsigned int responses;
	bool failed;
	bool auth_failed;
	long retry_after;
	bool over_quota;
	bool quota_new;
	bool quota_not_saved;
	int64_t quota_until;
	char error[512];
	unsigned int uploads;
	unsigned int counts;
	unsigned int withdrawn;
	enum bc_census_outcome {
		BC_CENSUS_NOT_DUE, /* sent today already, off, or not tried */
		BC_CENSUS_COUNTED, /* the server counted this machine today */
		BC_CENSUS_KNOWN, /* it had counted it today already */
		BC_CENSUS_REFUSED, /* 4xx: not retried until tomorrow */
		BC_CENSUS_FAILED, /* retried by the next pass */
	} census;
	char census_error[256];
};

/**
 * struct bc_forward_hooks - what happened to each report, for the caller
 * to log; any member may be NULL
 * @sent:     the server acknowledged @id (@duplicate: it had it already)
 * @response: a vendor response for @id arrived (ingest reply or poll)
 * @rejected: the server refused @id as invalid; @why is its message
 * @skipped:  spooled report @id is unreadable (-errno) or has no report
 *            id (-EBADMSG); it stays in the spool
 * @ud:       passed to each hook
 * @collected: the bucket of @id asked for @kind and the agent @result
 *            ("sent", "refused", "not available", "not sent"), @why
 * @counted:  the server took @count as the live report @id's count so
 *            far, or refused it for good (@refused: its message; the
 *            count of @id is not sent again)
 */
struct bc_forward_hooks {
	void (*sent)(void *ud, const char *id, int64_t bucket, bool duplicate);
	void (*response)(void *ud, const char *id, const char *hash,
			 int64_t bucket, struct json_object *resp);
	void (*rejected)(void *ud, const char *id, const char *why);
	void (*skipped)(void *ud, const char *id, int err);
	void *ud;
	void (*collected)(void *ud, const char *id, const char *kind,
			  const char *result, const char *why);
	void (*counted)(void *ud, const char *id, uint64_t count,
			const char *refused);
};

/**
 * bc_forward_pass() - send every waiting report, oldest first
 * @c:       configuration (checked with bc_config_check_forward())
 * @sp:      open spool
 * @dry_run: print each request body to @out instead of sending it
 * @out:     where --dry-run prints
 * @stop:    polled during transfers; a true value aborts the pass
 * @hooks:   told about each report, may be NULL
 * @res:     filled in
 *
 * While the server's quota pause (state.json "over_quota", for this
 * server) lasts, nothing is sent and @res->over_quota is set.
 *
 * After the reports, when c->census is on and no census went to this
 * server on this UTC day (state.json "census"), the census is sent
 * (census.h); a dry run prints it as {"census": PATH, "due": ..., "body":
 * ...}, last.  A failed census does not fail the pass.
 *
 * Progressive collection (docs/privacy.md): a report the server accepted
 * keeps its spooled data in extra/; when the ingest reply says its bucket
 * "wants" a kind of extra data, the pass uploads it as c->collect_level
 * allows and records in sent/<id>.json what was sent, when and why.  A
 * dry run prints the uploads that earlier replies asked for and the
 * policy allows, as {"upload": PATH, ...} lines after the reports.
 *
 * Return: 0 (see @res for partial failure) or -errno for local errors
 * (out of memory, salt not writable).
 */
int bc_forward_pass(const struct bc_config *c, struct bc_spool *sp,
		    bool dry_run, FILE *out, volatile bool *stop,
		    const struct bc_forward_hooks *hooks,
		    struct bc_forward_result *res);

/**
 * bc_forward_quota_state() - the quota pause kept in state.json
 * @sp:     spool
 * @server: the configured server (a pause is per server)
 * @now:    current time
 * @until:  end of the pause, 0 when there is none (or it is over)
 *
 * Return: 0 or -ENOMEM.
 */
int bc_forward_quota_state(struct bc_spool *sp, const char *server, int64_t now,
			   int64_t *until);

/**
 * bc_forward_poll() - ask the server for responses to sent reports, and
 * which extra data their buckets want (uploaded as in bc_forward_pass());
 * a response the vendor edited replaces the kept one, one it withdrew (or
 * narrowed so that it no longer applies) is removed
 * @c:   configuration
 * @sp:    spool
 * @stop:  polled during the transfer
 * @hooks: told about each response, may be NULL
 * @res:   @responses, @withdrawn and @error updated
 *
 * Return: 0 or -errno.
 */
int bc_forward_poll(const struct bc_config *c, struct bc_spool *sp,
		    volatile bool *stop, const struct bc_forward_hooks *hooks,
		    struct bc_forward_result *res);

/**
 * bc_forward_census_dry() - print the census a dry run shows, for a
 * machine without a spool (bc_forward_pass() prints it otherwise)
 * @c:   configuration
 * @out: where to print
 * @err: why it could not be built
 *
 * Return: 0 or -errno.
 */
int bc_forward_census_dry(const struct bc_config *c, FILE *out, char *err,
			  size_t errlen);

/* Backoff before retry number @failures (1, 2, ...), jittered. */
unsigned int bc_forward_backoff(const struct bc_config *c,
				unsigned int failures);

#endif /* BUGCHECK_AGENT_FORWARD_H */
