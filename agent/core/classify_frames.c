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
#include <string.h>

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

const char *bc_memstr(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return s;
	return memmem(s, len, needle, n);
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

/* Copy a symbol name, dropping compiler suffixes (.isra.N, .cold, ...). */
static void set_function(struct bc_frame *f, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	char dm[BC_FUNC_MAX];

	if (dot && dot != s)
		n = (size_t)(dot - s);
	if (demangle_itanium(s, n, dm, sizeof(dm))) {
		bc_strlcpy(f->function, dm, sizeof(f->function));
		return;
	}
	bc_strlcpyn(f->function, s, n, sizeof(f->function));
}

/* Parse an optional " [mod]" or " [mod buildid]" after a symbol. */
static size_t parse_module(const char *s, size_t len, struct bc_frame *f)
{
	size_t i = 0, start;

	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || s[i] != '[')
		return 0;
	start = ++i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
			   s[i] == '-'))
		i++;
	if (i == start || i >= len || (s[i] != ']' && s[i] != ' '))
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
		size_t j = i;

		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
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
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* A symbolised inline frame: "func path/file.h:12 [inline]". */
static bool parse_inline(const char *s, size_t len, struct bc_frame *f)
{
	size_t i = 0;

	if (len < 10 || memcmp(s + len - 8, "[inline]", 8))
		return false;
	while (i < len && is_sym_char((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= len || s[i] != ' ' || isdigit((unsigned char)s[0]))
		return false;
	/* the next token must look like a source path with a line number */
	if (!memchr(s + i, ':', len - i) || !memchr(s + i, '/', len - i))
		return false;
	memset(f, 0, sizeof(*f));
	set_function(f, s, i);
	return f->function[0] != '\0';
}

static bool starts(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && !memcmp(s, p, n);
}

/* Register lines naming the faulting instruction or its caller. */
static bool parse_reg_line(const char *s, size_t len, struct bc_pframe *pf)
{
	static const struct {
		const char *prefix;
		enum bc_frame_kind kind;
	} regs[] = {
		{ "RIP: ", BC_FK_IP }, { "EIP: ", BC_FK_IP },
		{ "IP: ", BC_FK_IP }, { "pc : ", BC_FK_IP },
		{ "PC is at ", BC_FK_IP }, { "EIP is at ", BC_FK_IP },
		{ "RIP is at ", BC_FK_IP }, { "NIP [", BC_FK_IP },
		{ "epc   : ", BC_FK_IP }, { "ra    : ", BC_FK_LR },
		{ "lr : ", BC_FK_LR }, { "LR is at ", BC_FK_LR },
		{ "LR [", BC_FK_LR }, { "Krnl PSW : ", BC_FK_IP },
	};
	size_t i, k;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		size_t n = strlen(regs[i].prefix);

		if (!starts(s, len, regs[i].prefix))
			continue;
		k = n;
		if (regs[i].prefix[n - 1] == '[')
			k--;	/* NIP [addr] func */
		/* "RIP: 0010:" segment selector */
		if (k + 5 <= len && is_hex((unsigned char)s[k]) &&
		    s[k + 4] == ':')
			k += 5;
		k += skip_addrs(s + k, len - k, 2);
		if (k < len && s[k] == '(')
			k++;
		if (bc_parse_symbol(s + k, len - k, &pf->f)) {
			pf->kind = regs[i].kind;
			return true;
		}
		/* "pc : [<..>] func" without offsets, or "RIP: 0010:0x0" */
		return false;
	}
	return false;
}

bool bc_parse_frame_line(const char *s, size_t len, struct bc_pframe *pf)
{
	size_t i = 0, n;
	const char *at;

	memset(pf, 0, sizeof(*pf));
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	s += i;
	len -= i;
	if (!len)
		return false;
	if (parse_reg_line(s, len, pf))
		return true;
	/* lockdep "..., at: func" */
	at = bc_memstr(s, len, ", at: ");
	if (at) {
		size_t off = (size_t)(at - s) + 6;

		off += skip_addrs(s + off, len - off, 1);
		if (bc_parse_symbol(s + off, len - off, &pf->f) ||
		    parse_inline(s + off, len - off, &pf->f)) {
			pf->kind = BC_FK_AT;
			return true;
		}
		return false;
	}
	/* powerpc exception frame: "--- interrupt: 700 at func+0x2c/0x70" */
	if (len > 16 && !memcmp(s, "--- interrupt: ", 15)) {
		at = bc_memstr(s, len, " at ");
		return at && bc_parse_symbol(at + 4, len - (size_t)(at + 4 - s),
					     &pf->f) != 0;
	}
	i = 0;
	if (s[0] == '(')	/* s390 "([<addr>] func+..)" */
		i = 1;
	i += skip_addrs(s + i, len - i, 2);
	if (i + 1 < len && s[i] == '?' && s[i + 1] == ' ') {
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
		at = bc_memstr(s + i, len - i, ") from ");
		if (at) {
			size_t off = (size_t)(at - s) + 7;

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

/*
 * Skip patterns.  A pattern matches when it occurs anywhere in the
 * function name; a leading '^' anchors it at the start and a trailing '$'
 * at the end.  These are the helpers that report, allocate, lock, copy or
 * dispatch on behalf of the code that is actually at fault.
 */
static const char *const generic_funcs[] = {
	/* sanitizers and reporting */
	"__sanitizer", "__asan", "kasan", "__kmsan", "kmsan", "kcsan",
	"__ubsan", "ubsan_", "check_memory_region", "check_heap_object",
	"check_object", "read_word_at_a_time", "print_address_description",
	"print_report", "print_usage_bug", "print_unlock", "report_bug",
	"fixup_bug", "panic", "^kmsg_dump", "__warn", "warn_slowpath", "warn_alloc",
	"warn_bogus", "^do_error", "^do_trap", "^do_int3", "_trap$",
	"^exc_", "^asm_exc_", "^handle_bug$", "^do_invalid_op",
	"^invalid_op", "dump_stack", "show_stack", "^show_regs", "__dump_",
	"^die$", "^__die", "^oops_", "^bad_page", "^free_page_is_bad",
	"^free_tail_page_prepare", "^usercopy_", "^__check_object_size",
	"^check_object_size", "^bug_handler", "^early_fixup",
	"^fail_dump", "^should_fail", "^kfence_", "^__kfence",
	"^instrument_", "^__might_", "^might_sleep", "^___might",
	"^__cant_", "might_fault", "^debug_object", "^debug_check_no_", "^debug_print_object",
	"lockdep", "hwasan", "^__sanitizer_cov", "^write_comp_data",
	"read_once_word_nocheck", "stack_chk_fail", "^stack_trace_",
	"^arch_stack_walk", "^dump_backtrace", "^walk_stackframe",
	"^unwind_backtrace", "^__do_kernel_fault", "^do_mem_abort",
	"^trace_", "^perf_trace", "^__traceiter", "^__bpf_trace",
	"^page_fault_oops", "^do_user_addr_fault", "^do_kern_addr_fault",
	"^kernelmode_fixup_or_oops", "^__bad_area", "^bad_area", "^no_context",
	"^__do_page_fault", "^do_page_fault", "^handle_page_fault",
	"^logic_in", "^logic_out", "^do_bad_area", "^do_translation_fault",
	"^do_sect_fault", "^do_page_fault", "^program_check_exception",
	"^program_check_common", "^print_tainted", "^df_debug$",
	"^do_double_fault$", "^double_fault$",
	/* allocators */
	"^kmalloc", "^__kmalloc", "^___kmalloc", "kmalloc_large", "^kzalloc", "^kcalloc", "^krealloc",
	"^kvmalloc", "^kvzalloc", "^kvcalloc", "^__kvmalloc", "^kvrealloc",
	"^kmem_cache", "^__kmem_cache", "^kmemdup", "^kstrdup", "^kstrndup",
	"^vmalloc", "^__vmalloc", "^vzalloc", "^alloc_pages", "^__alloc_pages",
	"^alloc_page", "^__get_free_pages", "^get_zeroed_page",
	"^slab_", "^___slab", "^__slab", "^allocate_slab", "^new_slab",
	"^kfree", "^__kfree", "^kvfree", "^vfree", "^__free_pages",
	"^free_pages", "^__free_page", "^free_unref_page", "^kzfree",
	"^kfree_sensitive", "^memdup_user", "^vmemdup_user", "^strndup_user",
	"^mempool_", "^folio_alloc", "^__folio_alloc", "^kmemleak_",
	"^__kmemleak", "^free_large_kmalloc", "^__free_large_kmalloc",
	/* locking */
	"spin_lock", "spin_trylock", "spin_unlock", "_raw_", "^do_raw_",
	"^read_lock", "^read_unlock", "^write_lock", "^write_unlock",
	"^queued_", "^native_queued", "^__pv_queued", "^pv_queued",
	"^down$", "^down_", "^__down", "^up$", "^up_", "^__up_",
	"^mutex_", "^__mutex_", "^__ww_mutex", "^ww_mutex", "^rt_mutex",
	"^__rt_mutex", "^rwsem_", "^__rwsem", "^percpu_down", "^percpu_up",
	"^lock_acquire", "^lock_release", "^lock_is_held", "^__lock_acquire",
	"^__lock_release", "^lock_sock", "^release_sock", "^__lock_sock",
	"^lock_class", "^register_lock_class$", "^look_up_lock_class",
	"^validate_chain", "^check_prev_add", "^check_noncircular",
	"^lock_acquired$", "^lock_contended$", "^mark_lock", "^mark_held_locks", "^reacquire_held",
	"^raw_spin_rq_", "^lock_timer_base", "^lock_page", "^__lock_page", "^unlock_page",
	"^osq_", "^owner_on_cpu", "^mutex_spin", "^preempt_count",
	"^rcu_read_lock", "^rcu_read_unlock", "^__rcu_read", "^local_bh_",
	"^__local_bh", "^_local_bh", "^bh_", "^local_irq", "^arch_local_irq",
	"^seqcount_", "^seqprop_", "^__seqprop", "^read_seqcount",
	"^write_seqcount", "_write_lock$", "_read_lock$", "_write_unlock$",
	"_read_unlock$", "^refcount_", "^__refcount", "^kref_", "^ref_tracker",
	/* atomics and bit ops */
	"^atomic_", "^atomic64_", "^arch_atomic", "^raw_atomic", "^__atomic",
	"atomic_dec_and_", "^_atomic_",
	"^set_bit", "^clear_bit", "^change_bit", "^test_bit",
	"^test_and_", "^__set_bit", "^__clear_bit", "^_find_", "^find_next_bit$",
	/* strings, memory and user copy */
	"^memcpy", "^__memcpy", "^memmove", "^__memmove", "^memset",
	"^__memset", "^memcmp", "^__memcmp", "^memchr", "^memscan",
	"^bcmp", "^strcmp", "^strncmp", "^strcpy", "^strncpy", "^strlcpy",
	"^strscpy", "^strcat", "^strncat", "^strlcat", "^strlen", "^strnlen",
	"^strchr", "^strrchr", "^strstr", "^strnstr", "^strsep", "^sized_strscpy",
	"^fortify_", "^__fortify", "^copy_user", "^copy_to_user",
	"copy_to_user$", "copy_from_user$",
	"^copy_from_user", "^_copy_to_user", "^_copy_from_user",
	"^__copy_to_user", "^__copy_from_user", "^raw_copy_", "^copyin",
	"^copyout", "^copy_to_iter", "^copy_from_iter", "^_copy_to_iter",
	"^_copy_from_iter", "^copy_page_to_iter", "^copy_page_from_iter",
	"^copy_folio_to_iter", "^__copy_", "^rep_movs", "^rep_stos",
	"copy_to_iter$", "copy_from_iter$",
	"^clear_user", "^__clear_user", "^strncpy_from_user", "^__strncpy_from_user",
	"^strnlen_user", "^get_user", "^__get_user", "^put_user", "^__put_user",
	"^csum_partial_copy", "^memcpy_fromio", "^memcpy_toio",
	/* lists, trees and other containers */
	"^__list_add", "^list_add", "^__list_del", "^list_del", "^list_move",
	"^__hlist", "^hlist_", "^rb_insert", "^rb_erase", "^__rb_",
	"^rb_next", "^rb_prev", "^kobject_", "^kobject_put",
	"^idr_", "^ida_", "^xa_", "^__xa_", "^xas_", "^radix_tree",
	"^rb_", "^klist_",
	/* formatting */
	"^string$", "^pointer$", "^vsnprintf", "^snprintf", "^sprintf",
	"^scnprintf", "^vscnprintf", "^kasprintf", "^kvasprintf",
	"^va_format", "^dev_printk", "^_dev_", "^dev_warn", "^dev_err",
	/*
	 * checksum and cipher primitives (lib/crc*, lib/crypto), the crypto
	 * API's dispatch and its generic algorithm templates (crypto/): the
	 * culprit is the code that hands them keys and buffers
	 */
	"^crc", "^__crc", "^aes_", "^aesti_", "^crypto_", "^__crypto_",
	"^cipher_crypt", "^skcipher_", "^drbg_", "^xts_", "^ecb_", "^cbc_",
	"^ctr_crypt", "^rng_", "^chacha", "^poly1305_", "^sha1_", "^sha256",
	"^sha512", "^blake2s_", "^gf128mul_",
	/* wakeups, completions, timers, work items */
	"__wake_up", "^wake_up_bit", "^complete$", "^complete_all$",
	"wait_for_completion", "^finish_wait$", "^del_timer",
	"^timer_delete", "^timer_is_static_object$",
	"^work_is_static_object$", "flush_work", "^__cancel_work",
	"^cancel_work_sync$", "^cancel_delayed_work", "^try_to_grab_pending",
	"flush_workqueue", "^drain_workqueue$", "^destroy_workqueue$",
	"^queue_work", "^__queue_work", "^insert_work$",
	"^queue_delayed_work", "^__queue_delayed_work", "^mod_delayed_work",
	"^kthread_stop", "^kthread_should_", "^__kthread_should_",
	/* device model, sysfs and USB core teardown and setup */
	"^add_uevent_var$", "^get_device_parent", "^device_add$",
	"^device_del$", "^device_unregister$", "^device_destroy$",
	"^device_release$", "^devres_release_all$", "^device_for_each_child",
	"^dpm_sysfs_remove$", "^device_pm_remove$", "^bus_remove_device$",
	"^i2c_del_adapter$", "^__unregister_client$", "^i2c_unregister_device$", "^rollback_registered", "^unregister_netdev",
	"^sysfs_remove", "^sysfs_create", "^usb_kill_urb$",
	"^usb_kill_anchored_urbs$", "^usb_unlink_urb$",
	"^usb_unlink_anchored_urbs$", "^usb_free_urb$", "^usb_submit_urb$",
	"^usb_start_wait_urb$", "^usb_bulk_msg$", "^usb_interrupt_msg$",
	"^usb_control_msg", "^folio_unlock$", "alloc_frozen_pages",
	/* class-device teardown wrappers: they unregister the caller's device */
	"^tty_unregister_device$", "^tty_port_unregister_device$",
	"^hwrng_unregister$", "^misc_deregister$",
	/* page-cache truncation run on behalf of a filesystem's evict/setattr */
	"^truncate_inode_pages", "^truncate_pagecache", "^find_lock_entries$",
	"^find_get_entries$",
	/*
	 * helpers that check their caller's arguments: skb space,
	 * fs assertions, link counts, dirtying buffers, dentry and inode
	 * reference drops (like kref_put, the bug is in the caller)
	 */
	"^skb_put$", "^__skb_put", "^skb_push$", "^__skb_push$",
	"^skb_over_panic$", "^skb_under_panic$", "^skb_panic$",
	"^assertfail$", "^assfail$", "^drop_nlink$", "^clear_nlink$",
	"^inc_nlink$", "^set_nlink$", "^mark_buffer_dirty$",
	"^dput$", "^fast_dput$", "^__dput", "^iput$", "^iput_final$",
	"^cleanup_srcu_struct", "^__cleanup_srcu_struct",
	/* syscall and exception entry */
	"^entry_SYSCALL", "^entry_SYSENTER", "^entry_INT80", "^do_syscall_",
	"^do_fast_syscall", "^do_int80", "^__do_fast_syscall",
	"^syscall_enter_from_user", "^syscall_exit_to_user",
	"^el0_svc", "^el0t_", "^invoke_syscall", "^el1h_", "^el1_",
	"^ret_from_fork", "^ret_from_", "^system_call",
	"^__x86_indirect_thunk", "^__x86_return_thunk",
	"^_printk", "^printk", "^vprintk", "^__printk", "^pr_",
	NULL,
};

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

bool bc_frame_is_generic(const char *func)
{
	return bc_func_matches(func, generic_funcs);
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
