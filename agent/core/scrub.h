/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The privacy scrubber every forwarded string goes through.  The policy,
 * rule by rule and with the kernel code that prints each kind of data, is
 * docs/privacy.md; tests/scrub-corpus.txt has cases for every rule.
 */
#ifndef BUGCHECK_AGENT_SCRUB_H
#define BUGCHECK_AGENT_SCRUB_H

#include <stddef.h>

/* Words the scrubber replaces, longest first. */
#define BC_SCRUB_MAX_WORDS 16

/**
 * struct bc_scrub - what the scrubber removes besides the shapes it knows
 * @nwords: entries in @words
 * @words:  host name, FQDN and configured extra words, longest first;
 *          matched case-insensitively as whole words
 */
struct bc_scrub {
	unsigned int nwords;
	char words[BC_SCRUB_MAX_WORDS][256];
};

/**
 * bc_scrub_init() - set the words the scrubber removes
 * @s:     filled in
 * @words: space- or comma-separated words (this machine's names from
 *         bc_host_scrub_words() and the config's scrub_words), may be NULL
 */
void bc_scrub_init(struct bc_scrub *s, const char *words);

/**
 * bc_scrub_text() - scrubbed copy of a text
 * @s:       words to remove
 * @in:      text (NUL bytes are replaced by '?')
 * @len:     bytes of @in
 * @ret_len: length of the result
 *
 * Scrubbing a scrubbed log changes nothing (placeholders match no rule);
 * crafted bytes next to a placeholder may still be replaced again.
 *
 * Return: malloc'd NUL-terminated text, or NULL when out of memory.
 */
char *bc_scrub_text(const struct bc_scrub *s, const char *in, size_t len,
		    size_t *ret_len);

#endif /* BUGCHECK_AGENT_SCRUB_H */
