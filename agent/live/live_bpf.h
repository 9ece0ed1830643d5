/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader of bpf/watch.bpf.c (bpf/watch.c): opens the skeleton, keeps
 * the programs whose attach point this kernel has, loads, attaches and
 * hands events to a callback from its ring buffer.
 */
#ifndef BUGCHECK_AGENT_LIVE_BPF_H
#define BUGCHECK_AGENT_LIVE_BPF_H

#include <stddef.h>
#include <stdint.h>

#include "watch.h"

struct bc_watch_bpf;

typedef int (*bc_watch_event_fn)(void *ctx, const struct watch_event *e,
				 size_t len);

/**
 * bc_watch_bpf_open() - load and attach the live programs
 * @ret:    the loaded programs
 * @fn:     called for each event, from bc_watch_bpf_consume()
 * @ctx:    for @fn
 * @why:    on failure, why BPF is not available (for the log and status)
 * @whylen: bytes of @why
 *
 * Fails without BTF (/sys/kernel/btf/vmlinux), under lockdown in
 * confidentiality mode, or when no program loads or attaches; the kernel's
 * and the verifier's words are in @why.
 *
 * Return: 0 or -errno.
 */
int bc_watch_bpf_open(struct bc_watch_bpf **ret, bc_watch_event_fn fn,
		      void *ctx, char *why, size_t whylen);
void bc_watch_bpf_free(struct bc_watch_bpf *w);

/* The ring buffer's epoll fd, for the caller's epoll set. */
int bc_watch_bpf_fd(const struct bc_watch_bpf *w);

/* Hand every event waiting to the callback. Return: events or -errno. */
int bc_watch_bpf_consume(struct bc_watch_bpf *w);

/* Events lost to a full ring buffer, summed over the CPUs. */
uint64_t bc_watch_bpf_dropped(const struct bc_watch_bpf *w);

/* Space separated names of the attached programs. */
const char *bc_watch_bpf_attached(const struct bc_watch_bpf *w);

#endif /* BUGCHECK_AGENT_LIVE_BPF_H */
