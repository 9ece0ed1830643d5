// SPDX-License-Identifier: GPL-2.0
/*
 * Stack frame parsing and the "generic helper" skip rules of the crash
 * classifier.  Frame lines come in many dialects:
 *
 *   x86 (new)    "  func+0x1a/0x2b [mod]", " ? func+0x1a/0x2b"
 *   x86 (old)    " [<ffffffff81234567>] func+0x1a/0x2b"
 *   symbolised   " func+0x1a/0x2b mm/file.c:123", " func mm/x.h:12 [inline]"
 *   registers    "RIP: 0010:func+0x1a/0x2b [mod]", "RIP: 0010:[<..>]  [<..>] f+..",
 *                "IP: [<..>] f+..", "EIP: [<..>] f+..", "pc : f+..", "lr : f+..",
 *                "PC is at f+..", "LR is at f+..", "NIP [..] f+..", "LR [..] f+.."
 *   arm          "[<c0123456>] (func+0x1a/0x2b) from [<c0..>] (caller+0x..)"
 *   powerpc      "[c00000000fe3b9c0] [c000000000012345] func+0x1a/0x2b (unreliable)"
 *   s390         " ([<0000000000112e8e>] func+0x6a/0x118)"
 *   lockdep      " (&lock){+.+.}, at: [<..>] func+0x1a/0x2b", "..., at: func+0x.."
 *
 * Everything here is bounds-checked against the line length; lines are
 * attacker-controlled bytes.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "classify_gentab.h"
#include "classify_int.h"

void bc_strlcpy(char *dst, const char *src, size_t sz)
{
	size_t n;

	if (!sz)
		return;
	n = strnlen(src, sz - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void bc_strlcpyn(char *dst, const char *src, size_t n, size_t sz)
{
	if (!sz)
		return;
	if (n > sz - 1)
		n = sz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Console lines are short and the needles rarely occur: scanning for the
 * needle's first byte with memchr() and comparing the rest beats
 * memmem()'s per-call set-up on such input.
 */
const char *bc_memstr(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = s, *end = s + len;

	if (!n)
		return s;
	while ((size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (!memcmp(p + 1, needle + 1, n - 1))
			return p;
		p++;
	}
	return NULL;
}

/*
 * Blanks a log pipeline may write where the kernel printed one space:
 * more spaces, tabs (expand/unexpand, tab-separated fields), vertical
 * tab and form feed.  Line ends never reach the parsers.
 */
bool bc_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && bc_is_blank((unsigned char)s[i]))
		i++;
	return i;
}

size_t bc_match_ws(const char *s, size_t len, const char *pat)
{
	size_t i = 0;

	for (; *pat; pat++) {
		if (*pat == ' ') {
			size_t j = skip_blanks(s, len, i);

			if (j == i)
				return 0;
			i = j;
		} else if (i < len && s[i] == *pat) {
			i++;
		} else {
			return 0;
		}
	}
	return i;
}

const char *bc_memstr_ws(const char *s, size_t len, const char *pat,
			 size_t *mlen)
{
	const char *p = s, *end = s + len;
	size_t n;

	while (p < end && (p = memchr(p, pat[0], (size_t)(end - p)))) {
		n = bc_match_ws(p, (size_t)(end - p), pat);
		if (n) {
			if (mlen)
				*mlen = n;
			return p;
		}
		p++;
	}
	return NULL;
}

static bool is_sym_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

static bool is_hex(unsigned char c)
{
	return isxdigit(c);
}

/* Parse "0x<hex>" at s; returns bytes consumed (0 if none). */
static size_t parse_hex(const char *s, size_t len, uint32_t *val)
{
	size_t i = 2;
	uint64_t v = 0;

	if (len < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') ||
	    !is_hex((unsigned char)s[2]))
		return 0;
	while (i < len && is_hex((unsigned char)s[i])) {
		int c = tolower((unsigned char)s[i]);

		if (v < (1ULL << 36))
			v = v * 16 + (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
		i++;
	}
	*val = v > 0xffffffffULL ? 0xffffffffU : (uint32_t)v;
	return i;
}

/* Parse an Itanium <source-name> ("8fakeName") at s[*i]; append to out. */
static bool itanium_name(const char *s, size_t n, size_t *i, char *out,
			 size_t sz)
{
	size_t len = 0, have = strlen(out);

	if (*i >= n || !isdigit((unsigned char)s[*i]))
		return false;
	while (*i < n && isdigit((unsigned char)s[*i]) && len < 4096)
		len = len * 10 + (size_t)(s[(*i)++] - '0');
	if (!len || len > n - *i || have + len + 3 > sz)
		return false;
	if (have) {
		memcpy(out + have, "::", 2);
		have += 2;
	}
	memcpy(out + have, s + *i, len);
	out[have + len] = '\0';
	*i += len;
	return true;
}

/*
 * C++ (Itanium ABI) names as a demangler prints them without parameters:
 * "_Z8fakeNameiii" -> "fakeName", "_ZN2ns3fooEv" -> "ns::foo".  Anything
 * beyond plain (nested) source names keeps its mangled form.
 */
static bool demangle_itanium(const char *s, size_t n, char *out, size_t sz)
{
	size_t i = 2;

	out[0] = '\0';
	if (n < 3 || s[0] != '_' || s[1] != 'Z')
		return false;
	if (i < n && s[i] == 'L')
		i++;
	if (i < n && s[i] == 'N') {
		i++;
		while (i < n && strchr("rVKRO", s[i]))
			i++;
		while (i < n && s[i] != 'E')
			if (!itanium_name(s, n, &i, out, sz))
				return false;
		return i < n && out[0];
	}
	return itanium_name(s, n, &i, out, sz);
}

/*
 * Rust v0 symbol names (the kernel builds Rust with
 * -Csymbol-mangling-version=v0, 6.12 Makefile; the grammar is rustc's
 * "v0 symbol format", RFC 2603) as rustc-demangle prints them without
 * generic arguments: "_RNvMs3_NtCs..._11rust_binder7processNtB5_7Process10update_ref"
 * -> "<rust_binder::process::Process>::update_ref",
 * "_RNvNtCs..._4core9panicking9panic_fmt" -> "core::panicking::panic_fmt".
 * Paths (crate roots, nested names, inherent and trait impls, generic
 * instances, back references) and the common types are read; anything
 * else (punycode, constants, function and dyn types) keeps the mangled
 * form.  Input is attacker-controlled: every step is bounded by the
 * length, back references must point backwards, recursion is limited.
 */
struct v0 {
	const char *s;	/* after "_R" */
	size_t n, i;
	char *out;
	size_t sz, len;
	int depth;
	/*
	 * paths and types read, back references included: bounded, since
	 * back references to back references could otherwise make a short
	 * name cost exponential work
	 */
	unsigned int steps;
};

static bool v0_put(struct v0 *v, const char *p, size_t n)
{
	if (!v->out)
		return true;	/* parsing only */
	if (v->len + n + 1 > v->sz)
		return false;
	memcpy(v->out + v->len, p, n);
	v->len += n;
	v->out[v->len] = '\0';
	return true;
}

static bool v0_b62(struct v0 *v, uint64_t *val)
{
	uint64_t x = 0;

	if (v->i < v->n && v->s[v->i] == '_') {
		v->i++;
		*val = 0;
		return true;
	}
	while (v->i < v->n && v->s[v->i] != '_') {
		char c = v->s[v->i++];
		unsigned int d;

		if (isdigit((unsigned char)c))
			d = (unsigned int)(c - '0');
		else if (islower((unsigned char)c))
			d = 10 + (unsigned int)(c - 'a');
		else if (isupper((unsigned char)c))
			d = 36 + (unsigned int)(c - 'A');
		else
			return false;
		if (x > (UINT64_MAX >> 6))
			return false;
		x = x * 62 + d;
	}
	if (v->i >= v->n)
		return false;
	v->i++;
	*val = x + 1;
	return true;
}

/* [disambiguator] undisambiguated-identifier */
static bool v0_ident(struct v0 *v, bool print)
{
	uint64_t dis;
	size_t len = 0;

	if (v->i < v->n && v->s[v->i] == 's') {
		v->i++;
		if (!v0_b62(v, &dis))
			return false;
	}
	if (v->i < v->n && v->s[v->i] == 'u')
		return false;	/* punycode */
	if (v->i >= v->n || !isdigit((unsigned char)v->s[v->i]))
		return false;
	while (v->i < v->n && isdigit((unsigned char)v->s[v->i]) && len < 4096)
		len = len * 10 + (size_t)(v->s[v->i++] - '0');
	if (v->i < v->n && v->s[v->i] == '_')
		v->i++;
	if (len > v->n - v->i)
		return false;
	if (print && !v0_put(v, v->s + v->i, len))
		return false;
	v->i += len;
	return true;
}

static bool v0_path(struct v0 *v, bool print);

static bool v0_backref(struct v0 *v, bool print, bool type);

static bool v0_type(struct v0 *v, bool print)
{
	static const char basic[] = "abcdefhijlmnostuvxyzp";
	static const char *const names[] = {
		"i8", "bool", "char", "f64", "str", "f32", "u8", "isize",
		"usize", "i32", "u32", "i128", "u128", "i16", "u16", "()",
		"...", "i64", "u64", "!", "_",
	};
	const char *b;
	char c;
	bool ok;

	if (v->i >= v->n || ++v->depth > 24 || ++v->steps > 1024)
		return false;
	c = v->s[v->i];
	b = islower((unsigned char)c) ? strchr(basic, c) : NULL;
	if (b) {
		v->i++;
		ok = !print || v0_put(v, names[b - basic],
				      strlen(names[b - basic]));
	} else if (c == 'R' || c == 'Q' || c == 'P' || c == 'O') {
		uint64_t lt;
		const char *pre = c == 'R' ? "&" : c == 'Q' ? "&mut " :
				  c == 'P' ? "*const " : "*mut ";

		v->i++;
		if ((c == 'R' || c == 'Q') && v->i < v->n && v->s[v->i] == 'L') {
			v->i++;
			if (!v0_b62(v, &lt))
				return false;
		}
		ok = (!print || v0_put(v, pre, strlen(pre))) && v0_type(v, print);
	} else if (c == 'S') {
		v->i++;
		ok = (!print || v0_put(v, "[", 1)) && v0_type(v, print) &&
		     (!print || v0_put(v, "]", 1));
	} else if (c == 'T') {
		bool first = true;

		v->i++;
		ok = !print || v0_put(v, "(", 1);
		while (ok && v->i < v->n && v->s[v->i] != 'E') {
			ok = (first || !print || v0_put(v, ", ", 2)) &&
			     v0_type(v, print);
			first = false;
		}
		ok = ok && v->i < v->n && (v->i++, true) &&
		     (!print || v0_put(v, ")", 1));
	} else if (c == 'B') {
		ok = v0_backref(v, print, true);
	} else if (strchr("CMXYNI", c)) {
		ok = v0_path(v, print);
	} else {
		ok = false;	/* arrays, functions, dyn: not read */
	}
	v->depth--;
	return ok;
}

/* "B" base-62-number: the path or type at that offset after "_R" */
static bool v0_backref(struct v0 *v, bool print, bool type)
{
	size_t at = v->i, save;
	uint64_t pos;
	bool ok;

	v->i++;
	if (!v0_b62(v, &pos) || pos >= at)
		return false;
	save = v->i;
	v->i = (size_t)pos;
	ok = type ? v0_type(v, print) : v0_path(v, print);
	v->i = save;
	return ok;
}

static bool v0_path(struct v0 *v, bool print)
{
	uint64_t dis;
	bool ok = false;
	char c;

	if (v->i >= v->n || ++v->depth > 24 || ++v->steps > 1024)
		return false;
	c = v->s[v->i++];
	switch (c) {
	case 'C':	/* crate root */
		ok = v0_ident(v, print);
		break;
	case 'N': {	/* nested: namespace, path, identifier */
		char ns;

		if (v->i >= v->n || !isalpha((unsigned char)v->s[v->i]))
			break;
		ns = v->s[v->i++];
		if (isupper((unsigned char)ns))
			break;	/* closures and shims: not read */
		ok = v0_path(v, print) && (!print || v0_put(v, "::", 2)) &&
		     v0_ident(v, print);
		break;
	}
	case 'M':	/* inherent impl: <Type> */
	case 'X':	/* trait impl: <Type as Trait> */
		if (v->i < v->n && v->s[v->i] == 's') {
			v->i++;
			if (!v0_b62(v, &dis))
				break;
		}
		ok = v0_path(v, false) && (!print || v0_put(v, "<", 1)) &&
		     v0_type(v, print);
		if (ok && c == 'X')
			ok = (!print || v0_put(v, " as ", 4)) && v0_path(v, print);
		ok = ok && (!print || v0_put(v, ">", 1));
		break;
	case 'Y':	/* trait definition: <Type as Trait> */
		ok = (!print || v0_put(v, "<", 1)) && v0_type(v, print) &&
		     (!print || v0_put(v, " as ", 4)) && v0_path(v, print) &&
		     (!print || v0_put(v, ">", 1));
		break;
	case 'I':	/* generic instance: the path, arguments not printed */
		ok = v0_path(v, print);
		while (ok && v->i < v->n && v->s[v->i] != 'E') {
			if (v->s[v->i] == 'L') {
				v->i++;
				ok = v0_b62(v, &dis);
			} else {
				ok = v0_type(v, false);
			}
		}
		ok = ok && v->i < v->n && (v->i++, true);
		break;
	case 'B':
		v->i--;
		ok = v0_backref(v, print, false);
		break;
	default:
		break;
	}
	v->depth--;
	return ok;
}

static bool demangle_rust_v0(const char *s, size_t n, char *out, size_t sz)
{
	struct v0 v = { .s = s + 2, .n = n - 2, .out = out, .sz = sz };

	out[0] = '\0';
	if (n < 4 || s[0] != '_' || s[1] != 'R' || !sz)
		return false;
	/* optional encoding version: a decimal number */
	while (v.i < v.n && isdigit((unsigned char)v.s[v.i]))
		v.i++;
	if (!v0_path(&v, true) || !out[0])
		return false;
	/* an instantiating crate may follow; nothing else */
	if (v.i < v.n && !v0_path(&v, false))
		return false;
	return v.i == v.n;
}

/* Copy a symbol name, dropping compiler suffixes (.isra.N, .cold, ...). */
static void set_function(struct bc_frame *f, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	char dm[BC_FUNC_MAX];

	if (dot && dot != s)
		n = (size_t)(dot - s);
	if (demangle_itanium(s, n, dm, sizeof(dm)) ||
	    demangle_rust_v0(s, n, dm, sizeof(dm))) {
		bc_strlcpy(f->function, dm, sizeof(f->function));
		return;
	}
	bc_strlcpyn(f->function, s, n, sizeof(f->function));
}

/* Parse an optional " [mod]" or " [mod buildid]" after a symbol. */
static size_t parse_module(const char *s, size_t len, struct bc_frame *f)
{
	size_t i = skip_blanks(s, len, 0), start;

	if (i >= len || s[i] != '[')
		return 0;
	start = ++i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
			   s[i] == '-'))
		i++;
	if (i == start || i >= len ||
	    (s[i] != ']' && !bc_is_blank((unsigned char)s[i])))
		return 0;
	/* "[inline]" is a symboliser marker, not a module. */
	if (i - start == 6 && !memcmp(s + start, "inline", 6))
		return 0;
	bc_strlcpyn(f->module, s + start, i - start, sizeof(f->module));
	while (i < len && s[i] != ']')
		i++;
	return i < len ? i + 1 : i;
}

size_t bc_parse_symbol(const char *s, size_t len, struct bc_frame *f)
{
	size_t i = 0, n;
	uint32_t v;

	while (i < len && is_sym_char((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= len || s[i] != '+')
		return 0;
	/* a symbol starts with a letter, '_' or '.' */
	if (isdigit((unsigned char)s[0]))
		return 0;
	memset(f, 0, sizeof(*f));
	set_function(f, s, i);
	if (!f->function[0])
		return 0;
	n = parse_hex(s + i + 1, len - i - 1, &v);
	if (!n)
		return 0;
	f->offset = v;
	i += 1 + n;
	if (i < len && s[i] == '/') {
		n = parse_hex(s + i + 1, len - i - 1, &v);
		if (n) {
			f->size = v;
			i += 1 + n;
		}
	}
	i += parse_module(s + i, len - i, f);
	return i;
}

/* Skip "[<hex>]", "[hex]", "<hex>" address tokens and blanks. */
static size_t skip_addrs(const char *s, size_t len, int max)
{
	size_t i = 0;

	while (max-- > 0) {
		size_t j = skip_blanks(s, len, i);

		if (j < len && s[j] == '[') {
			size_t k = j + 1;

			if (k < len && s[k] == '<')
				k++;
			if (k + 1 < len && s[k] == '0' && s[k + 1] == 'x')
				k += 2;
			if (k >= len || !is_hex((unsigned char)s[k]))
				break;
			while (k < len && is_hex((unsigned char)s[k]))
				k++;
			if (k < len && s[k] == '>')
				k++;
			if (k >= len || s[k] != ']')
				break;
			i = k + 1;
		} else {
			break;
		}
	}
	return skip_blanks(s, len, i);
}

/* A symbolised inline frame: "func path/file.h:12 [inline]". */
static bool parse_inline(const char *s, size_t len, struct bc_frame *f)
{
	size_t i = 0;

	if (len < 10 || memcmp(s + len - 8, "[inline]", 8))
		return false;
	while (i < len && is_sym_char((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= len || !bc_is_blank((unsigned char)s[i]) ||
	    isdigit((unsigned char)s[0]))
		return false;
	/* the next token must look like a source path with a line number */
	if (!memchr(s + i, ':', len - i) || !memchr(s + i, '/', len - i))
		return false;
	memset(f, 0, sizeof(*f));
	set_function(f, s, i);
	return f->function[0] != '\0';
}

/*
 * Register lines naming the faulting instruction or its caller.  A ' '
 * in a prefix stands for any run of blanks (bc_match_ws()): x86
 * show_ip() prints "%sRIP: %04x:%pS", arm64 __show_regs() "pc : %pS",
 * and a pipeline may have turned any of those spaces into tabs.
 */
static const struct {
	const char *prefix;
	enum bc_frame_kind kind;
} reg_prefixes[] = {
	{ "RIP: ", BC_FK_IP }, { "EIP: ", BC_FK_IP },
	{ "IP: ", BC_FK_IP }, { "pc : ", BC_FK_IP },
	{ "PC is at ", BC_FK_IP }, { "EIP is at ", BC_FK_IP },
	{ "RIP is at ", BC_FK_IP }, { "NIP [", BC_FK_IP },
	{ "epc : ", BC_FK_IP }, { "ra : ", BC_FK_LR },
	{ "lr : ", BC_FK_LR }, { "LR is at ", BC_FK_LR },
	{ "LR [", BC_FK_LR }, { "Krnl PSW : ", BC_FK_IP },
};

size_t bc_reg_prefix(const char *s, size_t len, enum bc_frame_kind *kind)
{
	size_t i, n;

	len = s && len ? len : 0;
	for (i = 0; i < sizeof(reg_prefixes) / sizeof(reg_prefixes[0]); i++) {
		n = bc_match_ws(s, len, reg_prefixes[i].prefix);
		if (n) {
			if (kind)
				*kind = reg_prefixes[i].kind;
			return n;
		}
	}
	return 0;
}

static bool parse_reg_line(const char *s, size_t len, struct bc_pframe *pf)
{
	enum bc_frame_kind kind;
	size_t k = bc_reg_prefix(s, len, &kind);

	if (!k)
		return false;
	if (s[k - 1] == '[')
		k--;	/* NIP [addr] func */
	/* "RIP: 0010:" segment selector (%04x of a 16-bit cs) */
	if (k + 5 <= len && is_hex((unsigned char)s[k]) &&
	    is_hex((unsigned char)s[k + 1]) && is_hex((unsigned char)s[k + 2]) &&
	    is_hex((unsigned char)s[k + 3]) && s[k + 4] == ':')
		k += 5;
	k += skip_addrs(s + k, len - k, 2);
	if (k < len && s[k] == '(')
		k++;
	if (bc_parse_symbol(s + k, len - k, &pf->f)) {
		pf->kind = kind;
		return true;
	}
	/* "pc : [<..>] func" without offsets, or "RIP: 0010:0x0" */
	return false;
}

bool bc_parse_frame_line(const char *s, size_t len, struct bc_pframe *pf)
{
	size_t i = 0, n;
	const char *at;

	memset(pf, 0, sizeof(*pf));
	i = skip_blanks(s, len, 0);
	s += i;
	len -= i;
	/* blanks a pipeline left at the end ("... [inline]\t") */
	while (len && bc_is_blank((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return false;
	if (parse_reg_line(s, len, pf))
		return true;
	/* lockdep print_lock(): "..., at: %pS" */
	at = bc_memstr_ws(s, len, ", at: ", &n);
	if (at) {
		size_t off = (size_t)(at - s) + n;

		off += skip_addrs(s + off, len - off, 1);
		if (bc_parse_symbol(s + off, len - off, &pf->f) ||
		    parse_inline(s + off, len - off, &pf->f)) {
			pf->kind = BC_FK_AT;
			return true;
		}
		return false;
	}
	/* powerpc exception frame: "--- interrupt: 700 at func+0x2c/0x70" */
	if (bc_match_ws(s, len, "--- interrupt: ")) {
		at = bc_memstr_ws(s, len, " at ", &n);
		return at && bc_parse_symbol(at + n, len - (size_t)(at + n - s),
					     &pf->f) != 0;
	}
	i = 0;
	if (s[0] == '(')	/* s390 "([<addr>] func+..)" */
		i = 1;
	i += skip_addrs(s + i, len - i, 2);
	/* printk_stack_address(): "%s %s%pBb" with "? " when unreliable */
	if (i + 1 < len && s[i] == '?' && bc_is_blank((unsigned char)s[i + 1])) {
		pf->questionable = true;
		i += 2;
		i += skip_addrs(s + i, len - i, 1);
	}
	if (i < len && s[i] == '(') {
		/* arm: "(func+0x../0x..) from [<..>] (caller+0x..)" */
		n = bc_parse_symbol(s + i + 1, len - i - 1, &pf->f);
		if (!n) {
			size_t j = i + 1;

			while (j < len && is_sym_char((unsigned char)s[j]))
				j++;
			if (j == i + 1 || j >= len || s[j] != ')')
				return false;
			/* powerpc "(null) (unreliable)": no symbol */
			if (j - i - 1 == 4 && !memcmp(s + i + 1, "null", 4))
				return false;
			memset(&pf->f, 0, sizeof(pf->f));
			set_function(&pf->f, s + i + 1, j - i - 1);
			n = j - i - 1;
		}
		at = bc_memstr_ws(s + i, len - i, ") from ", &n);
		if (at) {
			size_t off = (size_t)(at - s) + n;

			off += skip_addrs(s + off, len - off, 1);
			if (off < len && s[off] == '(') {
				struct bc_frame c;
				size_t m = bc_parse_symbol(s + off + 1,
							   len - off - 1, &c);

				if (m)
					pf->caller = c;
			}
		}
		return pf->f.function[0] != '\0';
	}
	n = bc_parse_symbol(s + i, len - i, &pf->f);
	if (n) {
		if (bc_memstr(s + i + n, len - i - n, "(unreliable)"))
			pf->questionable = true;
		return true;
	}
	if (parse_inline(s + i, len - i, &pf->f)) {
		pf->inlined = true;
		return true;
	}
	return false;
}


static bool pat_match(const char *func, const char *pat)
{
	bool anchor_start = pat[0] == '^';
	size_t plen, flen = strlen(func);
	bool anchor_end;

	if (anchor_start)
		pat++;
	plen = strlen(pat);
	anchor_end = plen && pat[plen - 1] == '$';
	if (anchor_end)
		plen--;
	if (plen > flen)
		return false;
	if (anchor_start && anchor_end)
		return plen == flen && !memcmp(func, pat, plen);
	if (anchor_start)
		return !memcmp(func, pat, plen);
	if (anchor_end)
		return !memcmp(func + flen - plen, pat, plen);
	return memmem(func, flen, pat, plen) != NULL;
}

bool bc_func_matches(const char *func, const char *const *pats)
{
	for (; pats && *pats; pats++)
		if (pat_match(func, *pats))
			return true;
	return false;
}

/*
 * Index of @func in the generated table of 6.1's generic functions
 * (classify_gentab.c: sorted, NUL-separated names), or -1.
 */
int bc_gen_lookup(const char *func)
{
	size_t lo = 0, hi = BC_GEN_COUNT;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(func, bc_gen_blob + bc_gen_off[mid]);

		if (!c)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * Generic: defined only in generic code of 6.1 (the generated table), or
 * in a name family of a generic API (scripts/classify-generic.tsv), which
 * also covers functions 6.1 does not have.
 */
bool bc_frame_is_generic(const char *func)
{
	return bc_gen_lookup(func) >= 0 ||
	       bc_func_matches(func, bc_gen_families);
}

void bc_strip_syscall_prefix(char *func)
{
	/* applied in this order, each at most once (see docs) */
	static const char *const prefixes[] = {
		"SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_",
		"__riscv_", "__s390x_", "__s390_", "____sys_", "___sys_",
		"__sys_", "__se_sys_", "__se_", "__do_sys_", "__do_compat_sys_",
		"compat_SYSC_", "compat_SyS_", "ksys_",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(func, prefixes[i], n) && func[n])
			memmove(func, func + n, strlen(func + n) + 1);
	}
}
