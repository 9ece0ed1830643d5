// SPDX-License-Identifier: GPL-2.0
/*
 * Title normalisation, the class table and the failure hash.
 * docs/classifier.md specifies all three; keep them in sync.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "classify_int.h"
#include "sha256.h"

#define TITLE_LIMIT 120

static const struct {
	const char *name;
	const char *syz;	/* syzkaller TYPE strings, '|' separated */
} classes[BUGCHECK_CLASS_MAX] = {
	[BUGCHECK_CLASS_UNKNOWN] = { "UNKNOWN", "UNKNOWN" },
	[BUGCHECK_CLASS_KERNEL_PANIC] = { "KERNEL_PANIC", "DoS|UNKNOWN" },
	[BUGCHECK_CLASS_KILL_INIT] = { "KILL_INIT", "DoS" },
	[BUGCHECK_CLASS_KERNEL_BUG] = { "KERNEL_BUG", "BUG" },
	[BUGCHECK_CLASS_NULL_POINTER_DEREFERENCE] =
		{ "NULL_POINTER_DEREFERENCE", "NULL-POINTER-DEREFERENCE" },
	[BUGCHECK_CLASS_PAGING_REQUEST] =
		{ "PAGING_REQUEST", "MEMORY_SAFETY_BUG|UNKNOWN" },
	[BUGCHECK_CLASS_GENERAL_PROTECTION_FAULT] =
		{ "GENERAL_PROTECTION_FAULT", "DoS" },
	[BUGCHECK_CLASS_DIVIDE_ERROR] = { "DIVIDE_ERROR", "DoS" },
	[BUGCHECK_CLASS_INVALID_OPCODE] = { "INVALID_OPCODE", "DoS|BUG" },
	[BUGCHECK_CLASS_STACK_OVERFLOW] = { "STACK_OVERFLOW", "DoS|UNKNOWN" },
	[BUGCHECK_CLASS_WARNING] = { "WARNING", "WARNING|UNKNOWN" },
	[BUGCHECK_CLASS_SOFT_LOCKUP] = { "SOFT_LOCKUP", "HANG" },
	[BUGCHECK_CLASS_HARD_LOCKUP] = { "HARD_LOCKUP", "HANG" },
	[BUGCHECK_CLASS_HUNG_TASK] = { "HUNG_TASK", "HANG" },
	[BUGCHECK_CLASS_RCU_STALL] = { "RCU_STALL", "HANG" },
	[BUGCHECK_CLASS_OUT_OF_MEMORY] = { "OUT_OF_MEMORY", "DoS|UNKNOWN" },
	[BUGCHECK_CLASS_MACHINE_CHECK] = { "MACHINE_CHECK", "UNKNOWN" },
	[BUGCHECK_CLASS_KASAN] = { "KASAN",
		"KASAN-READ|KASAN-WRITE|KASAN-USE-AFTER-FREE-READ|"
		"KASAN-USE-AFTER-FREE-WRITE|KASAN-INVALID-FREE|"
		"KASAN-NULL-POINTER-DEREFERENCE-READ|"
		"KASAN-NULL-POINTER-DEREFERENCE-WRITE|KASAN-DOUBLE-FREE|"
		"KASAN-USE-AFTER-FREE|KASAN-UNKNOWN|KASAN" },
	[BUGCHECK_CLASS_KFENCE] = { "KFENCE",
		"KFENCE-READ|KFENCE-WRITE|KFENCE-USE-AFTER-FREE-READ|"
		"KFENCE-USE-AFTER-FREE-WRITE|KFENCE-INVALID-FREE|"
		"KFENCE-MEMORY-CORRUPTION|KFENCE" },
	[BUGCHECK_CLASS_KMSAN] = { "KMSAN",
		"KMSAN-UNINIT-VALUE|KMSAN-INFO-LEAK|KMSAN-USE-AFTER-FREE|KMSAN" },
	[BUGCHECK_CLASS_KCSAN] = { "KCSAN", "KCSAN-DATARACE|KCSAN-ASSERT|KCSAN" },
	[BUGCHECK_CLASS_UBSAN] = { "UBSAN",
		"UBSAN|MEMORY_SAFETY_UBSAN|UNKNOWN" },
	[BUGCHECK_CLASS_LOCKDEP] = { "LOCKDEP", "LOCKDEP|WARNING|UNKNOWN" },
	[BUGCHECK_CLASS_LIST_CORRUPTION] =
		{ "LIST_CORRUPTION", "MEMORY_SAFETY_BUG" },
	[BUGCHECK_CLASS_REFCOUNT] = { "REFCOUNT", "REFCOUNT_WARNING" },
	[BUGCHECK_CLASS_MEMORY_LEAK] = { "MEMORY_LEAK", "LEAK" },
	[BUGCHECK_CLASS_ATOMIC_SLEEP] = { "ATOMIC_SLEEP", "ATOMIC_SLEEP" },
	[BUGCHECK_CLASS_BAD_PAGE_STATE] = { "BAD_PAGE_STATE", "UNKNOWN" },
	[BUGCHECK_CLASS_DOUBLE_FAULT] = { "DOUBLE_FAULT", "DoS" },
	[BUGCHECK_CLASS_STACK_PROTECTOR] = { "STACK_PROTECTOR", "DoS" },
	[BUGCHECK_CLASS_BAD_ACCESS] = { "BAD_ACCESS", "DoS|UNKNOWN" },
	[BUGCHECK_CLASS_REBOOT] = { "REBOOT", "REBOOT" },
	[BUGCHECK_CLASS_TOOL_FAILURE] = { "TOOL_FAILURE", "SYZ_FAILURE|DoS" },
	[BUGCHECK_CLASS_CONSISTENCY_CHECK] =
		{ "CONSISTENCY_CHECK", "DoS|UNKNOWN|BUG" },
	[BUGCHECK_CLASS_NETDEV_LEAK] = { "NETDEV_LEAK", "HANG" },
	[BUGCHECK_CLASS_OOM_KILL] = { "OOM_KILL", "UNKNOWN" },
};

const char *bc_class_name(enum bugcheck_class cls)
{
	if ((unsigned int)cls >= BUGCHECK_CLASS_MAX || !classes[cls].name)
		return "UNKNOWN";
	return classes[cls].name;
}

const char *bc_class_syz_types(enum bugcheck_class cls)
{
	if ((unsigned int)cls >= BUGCHECK_CLASS_MAX || !classes[cls].syz)
		return "UNKNOWN";
	return classes[cls].syz;
}

void bc_failure_hash(enum bugcheck_class cls, const char *image,
		     const char *title, char *out)
{
	bc_failure_hash_version(BC_HASH_SPEC_VERSION, cls, image, title, out);
}

void bc_failure_hash_version(unsigned int version, enum bugcheck_class cls,
			     const char *image, const char *title, char *out)
{
	char in[BC_TITLE_MAX + BC_IMAGE_MAX + 32];
	uint8_t d[BC_SHA256_LEN];
	int n;

	n = snprintf(in, sizeof(in), "bugcheck-v%u|%02x|%s|%s", version,
		     (unsigned int)cls & 0xff, image, title);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(in))
		n = sizeof(in) - 1;
	bc_sha256(in, (size_t)n, d);
	/*
	 * 8-4-4-4-12 lowercase hex, written digit by digit (snprintf()
	 * with sixteen %02x was a twentieth of the server's decoding of a
	 * report, callgrind, issue 15).
	 */
	for (int i = 0; i < 16; i++) {
		static const char hex[] = "0123456789abcdef";

		if (i == 4 || i == 6 || i == 8 || i == 10)
			*out++ = '-';
		*out++ = hex[d[i] >> 4];
		*out++ = hex[d[i] & 0xf];
	}
	*out = '\0';
}

static bool is_word(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* Output buffer helper for the normaliser. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/*
 * Copy a word; a run of 7 or more digits inside it (a temp dir or object
 * id glued to a name, "testdir264563108") becomes "NUM".  Shorter runs
 * stay: they are part of names such as cfg80211 or nl802154.
 */
static void put_word(struct sbuf *b, const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (!isdigit((unsigned char)s[i])) {
			put(b, s + i, 1);
			i++;
			continue;
		}
		k = i;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k - i >= 7)
			put(b, "NUM", 3);
		else
			put(b, s + i, k - i);
		i = k;
	}
}

/* Length of "NNN.NNN.NNN.NNN" at s, or 0. */
static size_t ipv4_len(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t d = 0;

		while (i < len && isdigit((unsigned char)s[i]) && d < 3) {
			i++;
			d++;
		}
		if (!d)
			return 0;
		if (part < 3) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < len && (is_word((unsigned char)s[i]) || s[i] == '.'))
		return 0;
	return i;
}

/*
 * The token rules of bc_title_normalize(): each looks at s[i..len) and,
 * when its token starts there, writes the replacement to @b and returns
 * the bytes it consumed; 0 when the rule does not apply.
 */

/* "syz-executorN", "syzkallerN" (and "N/M", "N:M" after them) lose ids. */
static size_t norm_syz(const char *s, size_t len, size_t i, struct sbuf *b)
{
	size_t j, k;

	if (strncmp(s + i, "syz-executor", 12) && strncmp(s + i, "syzkaller", 9))
		return 0;
	j = s[i + 3] == '-' ? 12 : 9;
	put(b, s + i, j);
	k = i + j;
	while (k < len && isdigit((unsigned char)s[k]))
		k++;
	if (k > i + j && k < len && (s[k] == '/' || s[k] == ':') &&
	    k + 1 < len && isdigit((unsigned char)s[k + 1])) {
		k++;
		while (k < len && isdigit((unsigned char)s[k]))
			k++;
	}
	return k - i;
}

/* "func+0xA/0xB" -> "func": the offset and size go. */
static size_t norm_offset(const char *s, size_t len, size_t i)
{
	size_t k;

	if (!(s[i] == '+' && i + 3 < len && s[i + 1] == '0' &&
	      s[i + 2] == 'x' && i > 0 && is_word((unsigned char)s[i - 1])))
		return 0;
	k = i + 3;
	while (k < len && isxdigit((unsigned char)s[k]))
		k++;
	if (k + 2 < len && s[k] == '/' && s[k + 1] == '0' && s[k + 2] == 'x') {
		k += 3;
		while (k < len && isxdigit((unsigned char)s[k]))
			k++;
	}
	return k - i;
}

/* ":N" runs after a word, not followed by a word byte -> ":LINE". */
static size_t norm_line(const char *s, size_t len, size_t i, struct sbuf *b)
{
	size_t k = i;

	if (!(s[i] == ':' && i > 0 && is_word((unsigned char)s[i - 1]) &&
	      i + 1 < len && isdigit((unsigned char)s[i + 1])))
		return 0;
	while (k < len && s[k] == ':' && k + 1 < len &&
	       isdigit((unsigned char)s[k + 1])) {
		k++;
		while (k < len && isdigit((unsigned char)s[k]))
			k++;
	}
	if (k < len && is_word((unsigned char)s[k]))
		return 0;
	put(b, ":LINE", 5);
	return k - i;
}

/* "CPU#N" -> "CPU". */
static size_t norm_cpu(const char *s, size_t len, size_t i, struct sbuf *b)
{
	size_t k = i + 4;

	if (strncmp(s + i, "CPU#", 4) || i + 4 >= len ||
	    !isdigit((unsigned char)s[i + 4]))
		return 0;
	put(b, "CPU", 3);
	while (k < len && isdigit((unsigned char)s[k]))
		k++;
	return k - i;
}

/*
 * A word: hex numbers of 6+ digits (with a digit, or 0x) -> "ADDR", all
 * decimal digits -> "NUM", otherwise put_word() (long digit runs inside).
 */
static size_t norm_word(const char *s, size_t len, size_t i, struct sbuf *b)
{
	bool hex = true, dec = true, digit = false, ox = false;
	unsigned char c = (unsigned char)s[i];
	size_t j, k = i;

	if (c == '0' && i + 2 < len && s[i + 1] == 'x' &&
	    isxdigit((unsigned char)s[i + 2])) {
		ox = true;
		k += 2;
	}
	j = k;
	while (k < len && is_word((unsigned char)s[k])) {
		unsigned char d = (unsigned char)s[k];

		if (isdigit(d))
			digit = true;
		else
			dec = false;
		if (!isdigit(d) && !(d >= 'a' && d <= 'f'))
			hex = false;
		k++;
	}
	if (hex && (ox || (digit && k - j >= 6)) && (ox || k - j >= 6))
		put(b, "ADDR", 4);
	else if (dec && !ox)
		put(b, "NUM", 3);
	else
		put_word(b, s + i, k - i);
	return k - i;
}

/* Printable only, tabs to spaces, collapse, trim, cut: tmp -> s. */
static void title_tidy(char *s, size_t sz, const char *tmp, size_t n)
{
	size_t i, j = 0;

	for (i = 0; i < n && j + 1 < sz; i++) {
		unsigned char c = (unsigned char)tmp[i];

		if (c == '\t')
			c = ' ';
		if (c < 0x20 || c >= 0x7f)
			continue;
		if (c == ' ' && (j == 0 || s[j - 1] == ' '))
			continue;
		s[j++] = (char)c;
	}
	if (j > TITLE_LIMIT)
		j = TITLE_LIMIT;
	while (j > 0 && s[j - 1] == ' ')
		j--;
	s[j] = '\0';
}

/*
 * Normalise in this order, in a single left-to-right pass over tokens:
 * "syz-executorN"/"syzkallerN" lose their ids; "func+0xA/0xB" -> "func";
 * IPv4 -> "IP"; ":N" runs after a word -> ":LINE"; "CPU#N" -> "CPU";
 * words that are hex numbers of 6+ digits (with a digit, or 0x) -> "ADDR";
 * words that are all decimal digits -> "NUM", runs of 7+ digits inside
 * other words -> "NUM".  Then control bytes are
 * dropped, tabs become spaces, space runs collapse, and the result is
 * trimmed and cut at 120 bytes.
 */
void bc_title_normalize(char *s, size_t sz)
{
	char tmp[512];
	struct sbuf b = { tmp, 0, sizeof(tmp) };
	size_t len = strnlen(s, sz), i = 0, n;

	tmp[0] = '\0';
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		bool at_word = i == 0 || !is_word((unsigned char)s[i - 1]);

		n = norm_syz(s, len, i, &b);
		if (!n)
			n = norm_offset(s, len, i);
		if (!n && at_word && isdigit(c) && (n = ipv4_len(s + i, len - i)))
			put(&b, "IP", 2);
		if (!n)
			n = norm_line(s, len, i, &b);
		if (!n)
			n = norm_cpu(s, len, i, &b);
		if (!n && at_word && is_word(c))
			n = norm_word(s, len, i, &b);
		if (!n) {
			put(&b, s + i, 1);
			n = 1;
		}
		i += n;
	}
	title_tidy(s, sz, tmp, b.len);
}
