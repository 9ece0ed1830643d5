/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forwarding: send spooled reports to bugcheck-server (libcurl, bearer
 * token), keep the server's answer (bucket, hits, vendor response) in the
 * spool's sent/ area, log vendor responses to the journal, and poll for
 * responses attached later.  A report leaves new/ only after the server
 * acknowledged it (HTTP 200 with a result for its id), or when the server
 * rejected it as invalid (400, kept in sent/ as "rejected": resending
 * cannot help).
 */
#ifndef BUGCHECK_AGENT_FORWARD_H
#define BUGCHECK_AGENT_FORWARD_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "report.h"
#include "spool.h"

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
 * @error:       what went wrong
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
	char error[512];
};

/**
 * bc_forward_pass() - send every waiting report, oldest first
 * @c:       configuration (checked with bc_config_check_forward())
 * @sp:      open spool
 * @dry_run: print each request body to @out instead of sending it
 * @out:     where --dry-run prints
 * @stop:    polled during transfers; a true value aborts the pass
 * @res:     filled in
 *
 * Return: 0 (see @res for partial failure) or -errno for local errors
 * (out of memory, salt not writable).
 */
int bc_forward_pass(const struct bc_config *c, struct bc_spool *sp,
		    bool dry_run, FILE *out, volatile bool *stop,
		    struct bc_forward_result *res);

/**
 * bc_forward_poll() - ask the server for responses to sent reports
 * @c:   configuration
 * @sp:  spool
 * @res: @responses and @error updated
 *
 * Return: 0 or -errno.
 */
int bc_forward_poll(const struct bc_config *c, struct bc_spool *sp,
		    volatile bool *stop, struct bc_forward_result *res);

/* Backoff before retry number @failures (1, 2, ...), jittered. */
unsigned int bc_forward_backoff(const struct bc_config *c,
				unsigned int failures);

#endif /* BUGCHECK_AGENT_FORWARD_H */
