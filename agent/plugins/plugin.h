/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime exception modules: vendor plug-ins (include/bugcheck/plugin.h)
 * that may claim a crash and give it their own event name and signature.
 *
 * The configuration directory holds one "<name>.conf" file per plug-in;
 * they are taken in byte order of their file names, which is the order the
 * plug-ins are asked.  Every call into a plug-in runs in a forked child
 * with a time limit; answers come back through a pipe and are validated
 * here, so a plug-in that crashes, hangs or answers garbage costs one log
 * line and never the agent.  docs/plugins.md is the specification.
 */
#ifndef BUGCHECK_AGENT_PLUGIN_H
#define BUGCHECK_AGENT_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "bugcheck/plugin.h"
#include "classify.h"
#include "record.h"

#define BC_PLUGINS_DIR_DEFAULT "/etc/bugcheck/plugins.d"
#define BC_PLUGINS_MAX 16 /* plug-ins loaded at most */
#define BC_PLUGIN_ID_MAX 32 /* "vendor" name, the claim's plugin */
#define BC_PLUGIN_PATH_MAX 4096
#define BC_PLUGIN_TIMEOUT_MS 2000 /* per call */
#define BC_PLUGIN_DETAIL_MAX 192
#define BC_PLUGINS_MAX_ERRORS 32

/* bc_plugins_load() flags (nothing here logs: the caller reports) */
#define BC_PLUGINS_NO_OWNER_CHECK 0x2 /* skip the root-owned file check */

/**
 * enum bc_plugin_status - what happened when a plug-in was asked
 * @BC_PLUGIN_NOT_ASKED: an earlier plug-in claimed, or it is disabled
 * @BC_PLUGIN_DECLINED:  it answered and did not claim
 * @BC_PLUGIN_CLAIMED:   it claimed and its answer was valid
 * @BC_PLUGIN_CRASHED:   the child died of a signal or exited early
 * @BC_PLUGIN_TIMEOUT:   a call took longer than the time limit
 * @BC_PLUGIN_BAD_ANSWER: an answer broke the bounds or character rules
 * @BC_PLUGIN_LOAD_FAILED: dlopen() failed
 * @BC_PLUGIN_NO_SYMBOL: a required symbol is missing
 * @BC_PLUGIN_BAD_ABI:   bugcheck_plugin_abi_version differs from ours
 * @BC_PLUGIN_ERROR:     a call returned a negative errno
 * @BC_PLUGIN_SYSTEM:    the agent could not run the child (fork, pipe)
 */
enum bc_plugin_status {
	BC_PLUGIN_NOT_ASKED,
	BC_PLUGIN_DECLINED,
	BC_PLUGIN_CLAIMED,
	BC_PLUGIN_CRASHED,
	BC_PLUGIN_TIMEOUT,
	BC_PLUGIN_BAD_ANSWER,
	BC_PLUGIN_LOAD_FAILED,
	BC_PLUGIN_NO_SYMBOL,
	BC_PLUGIN_BAD_ABI,
	BC_PLUGIN_ERROR,
	BC_PLUGIN_SYSTEM,
};

/**
 * struct bc_plugin - one configured plug-in
 * @id:      the vendor name from the configuration; the claim's "plugin"
 * @conf:    the configuration file it came from
 * @path:    the shared object
 * @enabled: it passed the load-time probe (dlopen, symbols, ABI version);
 *           a disabled plug-in is never asked
 * @status:  result of the probe (BC_PLUGIN_DECLINED when it passed)
 * @detail:  why the probe failed, "" when it passed
 */
struct bc_plugin {
	char id[BC_PLUGIN_ID_MAX + 1];
	char conf[BC_PLUGIN_PATH_MAX];
	char path[BC_PLUGIN_PATH_MAX];
	bool enabled;
	enum bc_plugin_status status;
	char detail[BC_PLUGIN_DETAIL_MAX];
};

/**
 * struct bc_plugins - the loaded plug-in list
 * @n:          entries in @p, in the order they are asked
 * @p:          the plug-ins
 * @timeout_ms: time limit of each call
 * @flags:      BC_PLUGINS_* given to bc_plugins_load()
 * @nerrors:    entries in @errors
 * @errors:     configuration problems (bad file, 17th plug-in, failed
 *              probe), one line each, for the caller to log or show
 * @nlost:      problems after the first BC_PLUGINS_MAX_ERRORS, not kept
 */
struct bc_plugins {
	unsigned int n;
	struct bc_plugin p[BC_PLUGINS_MAX];
	unsigned int timeout_ms;
	unsigned int flags;
	unsigned int nerrors;
	char errors[BC_PLUGINS_MAX_ERRORS][BC_PLUGIN_DETAIL_MAX + 64];
	unsigned int nlost;
};

/**
 * struct bc_claim_param - one signature parameter
 * @name:  parameter name, [A-Za-z0-9_.-]
 * @value: value, printable ASCII
 */
struct bc_claim_param {
	char name[BUGCHECK_PLUGIN_NAME_MAX + 1];
	char value[BUGCHECK_PLUGIN_VALUE_MAX + 1];
};

/**
 * struct bc_plugin_outcome - what one plug-in did with one crash
 * @id:     the plug-in
 * @status: enum bc_plugin_status
 * @detail: human explanation for a failure ("killed by SIGSEGV in
 *          bugcheck_plugin_claim"), "" otherwise
 * @ms:     wall time spent on it
 */
struct bc_plugin_outcome {
	char id[BC_PLUGIN_ID_MAX + 1];
	enum bc_plugin_status status;
	char detail[BC_PLUGIN_DETAIL_MAX];
	unsigned int ms;
};

/**
 * struct bc_claim - the answer for one crash
 * @claimed:    a plug-in claimed it; when false everything up to
 *              @outcomes is empty and the default classification applies
 * @plugin:     id of the plug-in that claimed
 * @event_name: its event name
 * @nparams:    entries in @params
 * @params:     the signature, in the plug-in's order
 * @debugger:   the plug-in offers a debugger
 * @cmdline:    the debugger command line it offers
 * @noutcomes:  entries in @outcomes (one per configured plug-in)
 * @outcomes:   what each plug-in did, in order
 */
struct bc_claim {
	bool claimed;
	char plugin[BC_PLUGIN_ID_MAX + 1];
	char event_name[BUGCHECK_PLUGIN_NAME_MAX + 1];
	unsigned int nparams;
	struct bc_claim_param params[BUGCHECK_PLUGIN_MAX_PARAMS];
	bool debugger;
	char cmdline[BUGCHECK_PLUGIN_CMDLINE_MAX + 1];
	unsigned int noutcomes;
	struct bc_plugin_outcome outcomes[BC_PLUGINS_MAX];
};

/* The read-only view given to plug-ins, in one mapping of its own. */
struct bc_plugin_view_buf;

/**
 * bc_plugin_view_new() - build the plug-in view of a record
 * @r:   decoded record whose primary section verified
 * @cls: its classification, or NULL when it could not be classified
 * @ret: the view, to be freed with bc_plugin_view_free()
 *
 * Everything the view points to is copied into one private mapping, so the
 * view does not depend on @r staying alive and can be made read-only.
 *
 * Return: 0, -EINVAL for a record without a verified primary section,
 * -ENOMEM.
 */
int bc_plugin_view_new(const struct bc_record *r,
		       const struct bc_classification *cls,
		       struct bc_plugin_view_buf **ret);
const struct bugcheck_plugin_view *
bc_plugin_view_get(const struct bc_plugin_view_buf *vb);
void bc_plugin_view_free(struct bc_plugin_view_buf *vb);

/**
 * bc_plugins_load() - read the configuration directory and probe plug-ins
 * @dir:   configuration directory (BC_PLUGINS_DIR_DEFAULT), NULL for it
 * @flags: BC_PLUGINS_*
 * @ret:   the list, to be freed with bc_plugins_free()
 *
 * Each "*.conf" file (byte order of names) has "key = value" lines:
 * "vendor" (required, 1-32 of [A-Za-z0-9_.-], unique) and "path"
 * (required, absolute path of the .so).  A bad file, a duplicate vendor or
 * more than BC_PLUGINS_MAX good files are refused with an error in
 * @ret->errors; the rest still load.  Every plug-in is probed in a child
 * (dlopen, symbols, ABI version); one that fails stays listed, disabled.
 * A missing directory means no plug-ins.
 *
 * Return: 0 (possibly with errors recorded), -ENOMEM, or a negative errno
 * when @dir exists but cannot be read.
 */
int bc_plugins_load(const char *dir, unsigned int flags,
		    struct bc_plugins **ret);
void bc_plugins_free(struct bc_plugins *p);

/**
 * bc_plugins_claim() - ask the plug-ins about one crash
 * @p:   loaded plug-ins (NULL or empty: nothing claims)
 * @r:   the decoded record
 * @cls: its classification, or NULL
 * @out: the answer; zeroed first
 *
 * Asks every enabled plug-in in order, each in its own child, until one
 * claims with a valid answer.  A plug-in that fails is recorded in
 * @out->outcomes (bc_plugin_outcome_failed()) and skipped; the caller
 * logs it.
 *
 * Return: 1 when a plug-in claimed, 0 when none did, -EINVAL when @r has
 * no verified primary section, -ENOMEM.
 */
int bc_plugins_claim(const struct bc_plugins *p, const struct bc_record *r,
		     const struct bc_classification *cls, struct bc_claim *out);

/* Same, for an already built view (several records share the plug-ins). */
int bc_plugins_claim_view(const struct bc_plugins *p,
			  const struct bc_plugin_view_buf *vb,
			  struct bc_claim *out);

/**
 * bc_claim_json() - the report's "claim" member (docs/server.md)
 * @c: a claim with @c->claimed set
 *
 * {"plugin":..,"event_name":..,"signature":[{"name":..,"value":..}],
 *  "debugger":{"offered":bool,"command":..}}; "debugger" is for local
 * display (the server ignores it; bc_claim_json_server() leaves it out).
 *
 * Return: new object, NULL when nothing was claimed or memory ran out.
 */
struct json_object *bc_claim_json(const struct bc_claim *c);
struct json_object *bc_claim_json_server(const struct bc_claim *c);

const char *bc_plugin_status_str(enum bc_plugin_status s);
/* The plug-in was asked and failed (crash, hang, bad answer, ...). */
bool bc_plugin_outcome_failed(const struct bc_plugin_outcome *o);

/* Plug-in name and answer validators (exposed for tests). */
bool bc_plugin_ident_ok(const char *s, size_t max);
bool bc_plugin_printable_ok(const char *s, size_t min, size_t max);

#endif /* BUGCHECK_AGENT_PLUGIN_H */
