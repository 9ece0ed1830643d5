/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the classifier's files (classify*.c).  Not an API.
 */
#ifndef BUGCHECK_CLASSIFY_INT_H
#define BUGCHECK_CLASSIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "classify.h"

/* Where a frame line came from, as far as culprit selection cares. */
enum bc_frame_kind {
	BC_FK_TRACE = 0,	/* an ordinary stack trace line */
	BC_FK_IP,		/* RIP:/IP:/pc :/PC is at/NIP line */
	BC_FK_LR,		/* lr :/LR is at (caller of the faulting pc) */
	BC_FK_AT,		/* lockdep "at: func" line */
};

/**
 * struct bc_pframe - a frame parsed from one log line
 * @f:            the frame
 * @kind:         enum bc_frame_kind
 * @questionable: marked " ? " (x86) or "(unreliable)" (powerpc)
 * @inlined:      a symbolised "[inline]" frame
 */
struct bc_pframe {
	struct bc_frame f;
	enum bc_frame_kind kind;
	bool questionable;
	bool inlined;
	struct bc_frame caller;	/* arm "(a) from (b)": b; empty if none */
};

/*
 * Parse one log message (prefix already stripped) as a stack frame line.
 * Returns true and fills @pf when the line carries a frame.
 */
bool bc_parse_frame_line(const char *s, size_t len, struct bc_pframe *pf);

/*
 * Parse "name+0xOFF/0xSIZE [mod]" (or "name+0xOFF") at @s into @f.
 * Returns the number of bytes consumed, 0 when @s does not start so.
 */
size_t bc_parse_symbol(const char *s, size_t len, struct bc_frame *f);

/* True when @func is a generic helper the culprit search skips. */
bool bc_frame_is_generic(const char *func);

/* Index of @func in the generated generic-function table, or -1. */
int bc_gen_lookup(const char *func);

/*
 * True when @func matches one of the NULL-terminated @pats: a pattern
 * matches anywhere in the name; a leading '^' anchors it at the start,
 * a trailing '$' at the end.
 */
bool bc_func_matches(const char *func, const char *const *pats);

/* Strip syscall wrapper prefixes (__x64_, __se_sys_, SyS_, ...) in place. */
void bc_strip_syscall_prefix(char *func);

/* Bounded copy helpers: always NUL terminate, never overflow. */
void bc_strlcpy(char *dst, const char *src, size_t sz);
void bc_strlcpyn(char *dst, const char *src, size_t n, size_t sz);

/*
 * Whitespace as log pipelines rewrite it: a blank is ' ', '\t', '\v' or
 * '\f'.  bc_match_ws() matches @pat at the start of s[0..len), each ' '
 * of @pat matching a run of one or more blanks; it returns the bytes
 * matched or 0.  bc_memstr_ws() finds @pat so anywhere (its match length
 * in *@mlen when not NULL).
 */
bool bc_is_blank(unsigned char c);
size_t bc_match_ws(const char *s, size_t len, const char *pat);
const char *bc_memstr_ws(const char *s, size_t len, const char *pat,
			 size_t *mlen);

/*
 * A register line's prefix ("RIP: ", "pc : ", "NIP [" ...; blanks as
 * bc_match_ws()) at the start of s[0..len): its length and kind, or 0.
 */
size_t bc_reg_prefix(const char *s, size_t len, enum bc_frame_kind *kind);

/* Find @needle (NUL-terminated) in s[0..len). */
const char *bc_memstr(const char *s, size_t len, const char *needle);

#endif /* BUGCHECK_CLASSIFY_INT_H */
