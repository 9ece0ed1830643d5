/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bugcheck vendor API: add your driver's own data to kernel crash records.
 *
 * The Linux form of Windows' KeRegisterBugCheckReasonCallback (secondary
 * dump data) and KbCallbackTriageDumpData (triage memory ranges).  Include
 * this header from an out-of-tree module, build with
 * KBUILD_EXTRA_SYMBOLS=<bugcheck build>/Module.symvers, and load after
 * bugcheck.ko.
 *
 * Contract for a secondary-data callback:
 *
 *  - It runs only when the kernel panics (including the panic that ends a
 *    fatal oops), on the panicking CPU, with the other CPUs stopped in the
 *    middle of whatever they were doing and interrupts off.  A non-fatal
 *    oops (panic_on_oops=0, Debian's default) runs no vendor code at all:
 *    its record gets the triage ranges only.  The callback must not sleep,
 *    take locks (another CPU may hold them forever), allocate memory, or
 *    call anything that does.  Read your device state as it is; it may be
 *    inconsistent.
 *  - It gets a buffer and its size (the quota it declared) and returns the
 *    number of bytes it wrote.  A return value above the quota is cut to
 *    the quota and the block is marked truncated.  The buffer ends exactly
 *    at a page boundary followed by an unmapped guard page, so writing past
 *    the quota faults at once instead of corrupting anything.
 *  - Everything else is written and committed before any vendor callback
 *    runs: the primary record (registers, stack, log) and the panic's
 *    message and log, so a callback that faults or hangs can never lose
 *    them.  A callback that faults is recorded as faulted (its block marked
 *    truncated), the callbacks after it are skipped, the triage ranges are
 *    still copied, and bugcheck panics again, so the machine ends in the
 *    reboot the user configured (panic=N) whatever panic_on_oops says.
 *  - All the callbacks of one panic get one second together
 *    (BC_VENDOR_DEADLINE_MS in kmod/vendor.c).  Before the first one runs,
 *    bugcheck wakes one stopped CPU with an NMI to watch the clock; a
 *    callback still running when the time is up is abandoned there: its
 *    block is marked timed out (BUGCHECK_IF_TIMED_OUT), the callbacks
 *    after it do not run, the triage ranges are copied, the record is
 *    finished and the watching CPU reboots the machine as panic=N says.
 *    If no CPU can watch (one CPU only, or the others were stopped inside
 *    an NMI, as crash_kexec_post_notifiers does), no callback runs at all
 *    (tail flag BUGCHECK_TF_VENDOR_SKIPPED).  Keep the callback short, or
 *    use a triage range instead, which runs no code of yours.
 *  - Space is set aside at registration: the quota comes out of a fixed
 *    total for all vendors (bugcheck.ko parameter vendor_quota), and each
 *    block with its headers must fit in what the record keeps free for
 *    vendors, so nothing is allocated at crash time and the primary record
 *    always keeps its room.
 *
 * A module that registers must unregister in its exit function.  bugcheck
 * also drops a module's callbacks and ranges by itself when that module
 * unloads, so a callback never points into freed code.
 */
#ifndef _BUGCHECK_VENDOR_H
#define _BUGCHECK_VENDOR_H

#include <linux/types.h>

struct module;

/* At most this many callbacks and this many triage ranges, system-wide. */
#define BUGCHECK_MAX_CALLBACKS		16
#define BUGCHECK_MAX_TRIAGE		16
/* Largest single triage range, in bytes. */
#define BUGCHECK_TRIAGE_MAX_LEN		4096
/* Longest name, excluding the NUL. */
#define BUGCHECK_NAME_MAX		23

/**
 * typedef bugcheck_callback_fn - secondary-data callback
 * @buf:    where to write; @size bytes are available
 * @size:   the quota declared at registration
 * @reason: enum bugcheck_reason of the crash (include/uapi/bugcheck.h)
 * @ctx:    the context pointer given at registration
 *
 * Return: bytes written (values above @size are cut to @size).
 */
typedef size_t (*bugcheck_callback_fn)(void *buf, size_t size,
				       unsigned int reason, void *ctx);

/**
 * struct bugcheck_callback - a registration, owned by the vendor module
 * @uuid:   the vendor's 16-byte tag for this data (a UUID)
 * @name:   short human name, at most BUGCHECK_NAME_MAX characters
 * @quota:  most bytes the callback may write (1 .. vendor_quota)
 * @fn:     the callback; must lie in @owner's code
 * @ctx:    passed back to @fn
 * @owner:  THIS_MODULE
 * @priv:   bugcheck's bookkeeping; zero it and leave it alone
 */
struct bugcheck_callback {
	u8 uuid[16];
	const char *name;
	size_t quota;
	bugcheck_callback_fn fn;
	void *ctx;
	struct module *owner;
	void *priv;
};

/**
 * struct bugcheck_triage_range - memory copied into the record at a crash
 * @uuid:  the vendor's tag
 * @name:  short human name
 * @addr:  start of the range (kernel virtual address)
 * @len:   bytes, at most BUGCHECK_TRIAGE_MAX_LEN
 * @owner: THIS_MODULE
 * @priv:  bugcheck's bookkeeping
 *
 * The range is read with copy_from_kernel_nofault() at crash time, so an
 * address that has become invalid is recorded as such, never followed.
 */
struct bugcheck_triage_range {
	u8 uuid[16];
	const char *name;
	const void *addr;
	size_t len;
	struct module *owner;
	void *priv;
};

/*
 * All return 0 or a negative errno:
 *   -EINVAL  bad arguments (no owner, fn outside owner, name too long,
 *            zero quota or length, range too long)
 *   -ENOSPC  all BUGCHECK_MAX_CALLBACKS (or _TRIAGE) places are taken
 *   -EDQUOT  the quota does not fit in what is left of vendor_quota, or
 *            its block (with its headers) not in what the record has left
 *            for vendor data after the primary section's minimum
 *   -EBUSY   a crash is being captured right now
 *   -EEXIST  this registration is already registered
 */
int bugcheck_register_callback(struct bugcheck_callback *cb);
void bugcheck_unregister_callback(struct bugcheck_callback *cb);
int bugcheck_register_triage(struct bugcheck_triage_range *r);
void bugcheck_unregister_triage(struct bugcheck_triage_range *r);

#endif /* _BUGCHECK_VENDOR_H */
