// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor callbacks and triage ranges (include/bugcheck/vendor.h).
 *
 * Registration (process context, under bc_vendor_lock) sets space aside:
 * each callback gets its own buffer of its quota, placed so that the quota
 * ends exactly at a page boundary of a vmalloc area (whose next page is an
 * unmapped guard page), and the record reserves room in its tail for every
 * block.
 *
 * Callbacks run only in panic context, on the panicking CPU with the other
 * CPUs stopped, after the primary record and the panic's own tail items are
 * committed (panic.c).  A non-fatal oops runs no vendor code: its tail gets
 * the triage ranges only, copied with copy_from_kernel_nofault().
 *
 * A fault inside a callback re-enters the die notifier on this CPU, which
 * calls bc_vendor_fault(): the block is recorded as faulted, the remaining
 * callbacks are skipped (every nested die() costs kernel stack), the triage
 * ranges are copied, the tail is published, and panic.c then calls panic()
 * again, so the machine ends in the reboot the user configured even with
 * panic_on_oops=0.  The faulting frames are never returned to.
 *
 * A callback that hangs is bounded by a watch on another CPU.  During a
 * panic nothing but an NMI can interrupt the panicking CPU or wake another
 * one (kernel/panic.c: interrupts off from the start, the other CPUs parked
 * by smp_send_stop() in the HLT loop of stop_this_cpu() with interrupts
 * off, arch/x86/kernel/process.c, whose comment notes that a soft-disabled
 * local APIC still accepts NMIs; the NMI watchdog's handler only calls
 * nmi_panic(), which returns on the CPU already panicking).  So before the
 * first callback the panicking CPU sends an NMI to one parked CPU; our NMI
 * handler there answers and stays in the NMI, counting milliseconds.
 * stop_this_cpu() took the parked CPU out of the online mask, and exc_nmi()
 * drops every NMI of a CPU outside it (arch/x86/kernel/nmi.c), so the
 * watcher is put back in the mask for the time of the watch, as
 * set_cpu_online() does it (kernel/cpu.c; the reboot and kexec code call
 * it from IPI and NMI context too).  If a
 * callback is still running after BC_VENDOR_DEADLINE_MS, the watcher seizes
 * the run (one atomic state word decides who owns it), marks the block
 * timed out, copies the triage ranges, publishes the tail, and does what
 * panic() would have done next: wait panic_timeout seconds and call
 * emergency_restart() (or nothing, with panic=0).  The callback's CPU, if it
 * ever returns, sees the run seized and stops.  No watcher answers when
 * there is no other CPU, or the other CPUs were parked inside an NMI
 * (crash_kexec_post_notifiers uses crash_smp_send_stop(), whose NMI handler
 * never returns, arch/x86/kernel/reboot.c): then no callback runs at all,
 * and the tail says so (BUGCHECK_TF_VENDOR_SKIPPED).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/reboot.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/nmi.h>

#include <bugcheck/vendor.h>

#include "internal.h"

/* Private part of a registration, allocated at registration. */
struct bc_vendor_cb {
	struct bugcheck_callback *cb;	/* the vendor's registration */
	void *area;			/* vmalloc area */
	u8 *buf;			/* quota bytes ending at a page end */
	u32 quota;
	char name[BUGCHECK_VENDOR_NAME_MAX];
	u8 uuid[16];
	struct module *owner;
};

struct bc_vendor_tr {
	struct bugcheck_triage_range *r;
	const void *addr;
	u32 len;
	char name[BUGCHECK_VENDOR_NAME_MAX];
	u8 uuid[16];
	struct module *owner;
};

static DEFINE_MUTEX(bc_vendor_lock);
static struct bc_vendor_cb __rcu *cbs[BUGCHECK_MAX_CALLBACKS];
static struct bc_vendor_tr __rcu *trs[BUGCHECK_MAX_TRIAGE];
static struct bc_vendor_book book;

unsigned int bc_vendor_quota = 16384;

/* Longest all the callbacks of one panic may run, in ms. */
#define BC_VENDOR_DEADLINE_MS	1000
/* Longest the panicking CPU waits for the watcher to answer, in us. */
#define BC_WATCH_ANSWER_US	20000

/* Who owns the vendor run of a panic (see the top of this file). */
enum {
	BC_WATCH_OFF,		/* nothing watched */
	BC_WATCH_ASKED,		/* NMI sent to watch_cpu, no answer yet */
	BC_WATCH_OURS,		/* watched; bugcheck's own bounded code runs */
	BC_WATCH_IN_CB,		/* watched; a vendor callback runs */
	BC_WATCH_SEIZED,	/* the watcher took the run over */
};

static atomic_t watch_state = ATOMIC_INIT(BC_WATCH_OFF);
static int watch_cpu = -1;	/* the CPU asked to watch */
static bool watch_was_parked;	/* it was outside the online mask */
static bool watch_expired;	/* the deadline passed: start no callback */

/* Crash-time state of a vendor run (only ever one, under capture owner). */
static struct {
	struct bc_writer w;	/* tail items */
	u32 reason;
	int next;		/* next callback index */
	int cur;		/* callback running, or -1 */
	u32 cur_pos;		/* offset of its item in the record */
	const char *cur_name;	/* its name */
	int cpu;		/* CPU running it */
	u32 tflags;		/* BUGCHECK_TF_* */
	unsigned int what;	/* BC_VENDOR_* still to do */
	bool active;
	void (*done)(struct bc_writer *w, u32 tflags);
} run = { .cur = -1, .cpu = -1 };

/**
 * bc_vendor_reserved() - tail bytes all registrations may need
 *
 * Panic-context (a plain read of a u32).
 */
u32 bc_vendor_reserved(void)
{
	return READ_ONCE(book.reserved);
}

/**
 * bc_vendor_count() - number of registered callbacks
 */
u32 bc_vendor_count(void)
{
	return READ_ONCE(book.callbacks) + READ_ONCE(book.ranges);
}

static bool name_ok(const char *name)
{
	return name && name[0] && strnlen(name, BUGCHECK_NAME_MAX + 1) <=
					  BUGCHECK_NAME_MAX;
}

/**
 * bugcheck_register_callback() - add a secondary-data callback
 * @cb: the registration; must stay alive until unregistered
 *
 * See include/bugcheck/vendor.h for the contract and error codes.
 */
int bugcheck_register_callback(struct bugcheck_callback *cb)
{
	struct bc_vendor_cb *v;
	size_t pages;
	int i, slot = -1, ret;

	if (!cb || !cb->fn || !cb->owner || !name_ok(cb->name) || !cb->quota ||
	    cb->quota > bc_vendor_quota ||
	    !within_module((unsigned long)cb->fn, cb->owner))
		return -EINVAL;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	pages = DIV_ROUND_UP(cb->quota, PAGE_SIZE);
	v->area = vzalloc(pages * PAGE_SIZE);
	if (!v->area) {
		kfree(v);
		return -ENOMEM;
	}
	v->buf = (u8 *)v->area + pages * PAGE_SIZE - cb->quota;
	v->quota = cb->quota;
	v->cb = cb;
	v->owner = cb->owner;
	strscpy(v->name, cb->name, sizeof(v->name));
	memcpy(v->uuid, cb->uuid, sizeof(v->uuid));

	mutex_lock(&bc_vendor_lock);
	ret = -EBUSY;
	if (bc_capture_busy())
		goto err_unlock;
	ret = -EEXIST;
	for (i = 0; i < BUGCHECK_MAX_CALLBACKS; i++) {
		struct bc_vendor_cb *e = rcu_dereference_protected(cbs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->cb == cb)
			goto err_unlock;
		if (!e && slot < 0)
			slot = i;
	}
	ret = bc_book_add(&book, BC_BOOK_CALLBACK, v->quota, bc_vendor_quota);
	if (ret)
		goto err_unlock;
	cb->priv = v;
	rcu_assign_pointer(cbs[slot], v);
	mutex_unlock(&bc_vendor_lock);
	pr_info("vendor callback '%s' of %s registered (%u bytes)\n", v->name,
		module_name(cb->owner), v->quota);
	return 0;

err_unlock:
	mutex_unlock(&bc_vendor_lock);
	vfree(v->area);
	kfree(v);
	return ret;
}
EXPORT_SYMBOL_GPL(bugcheck_register_callback);

/*
 * Remove callback @i; caller holds bc_vendor_lock.  Frees after a grace
 * period, so a crash path that started reading it finishes first.
 */
static void drop_callback(int i)
{
	struct bc_vendor_cb *v = rcu_dereference_protected(cbs[i],
					lockdep_is_held(&bc_vendor_lock));

	RCU_INIT_POINTER(cbs[i], NULL);
	bc_book_remove(&book, BC_BOOK_CALLBACK, v->quota);
	v->cb->priv = NULL;
	synchronize_rcu();
	vfree(v->area);
	kfree(v);
}

/**
 * bugcheck_unregister_callback() - remove a callback
 * @cb: a registration passed to bugcheck_register_callback()
 *
 * Returns once no crash path can be running @cb.
 */
void bugcheck_unregister_callback(struct bugcheck_callback *cb)
{
	int i;

	mutex_lock(&bc_vendor_lock);
	for (i = 0; i < BUGCHECK_MAX_CALLBACKS; i++) {
		struct bc_vendor_cb *e = rcu_dereference_protected(cbs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->cb == cb) {
			drop_callback(i);
			break;
		}
	}
	mutex_unlock(&bc_vendor_lock);
}
EXPORT_SYMBOL_GPL(bugcheck_unregister_callback);

/**
 * bugcheck_register_triage() - copy a memory range into crash records
 * @r: the registration; must stay alive until unregistered
 */
int bugcheck_register_triage(struct bugcheck_triage_range *r)
{
	struct bc_vendor_tr *t;
	int i, slot = -1, ret;

	if (!r || !r->owner || !name_ok(r->name) || !r->len ||
	    r->len > BUGCHECK_TRIAGE_MAX_LEN || !r->addr ||
	    r->len > bc_vendor_quota)
		return -EINVAL;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->r = r;
	t->addr = r->addr;
	t->len = r->len;
	t->owner = r->owner;
	strscpy(t->name, r->name, sizeof(t->name));
	memcpy(t->uuid, r->uuid, sizeof(t->uuid));

	mutex_lock(&bc_vendor_lock);
	ret = -EBUSY;
	if (bc_capture_busy())
		goto err_unlock;
	ret = -EEXIST;
	for (i = 0; i < BUGCHECK_MAX_TRIAGE; i++) {
		struct bc_vendor_tr *e = rcu_dereference_protected(trs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->r == r)
			goto err_unlock;
		if (!e && slot < 0)
			slot = i;
	}
	ret = bc_book_add(&book, BC_BOOK_TRIAGE, t->len, bc_vendor_quota);
	if (ret)
		goto err_unlock;
	r->priv = t;
	rcu_assign_pointer(trs[slot], t);
	mutex_unlock(&bc_vendor_lock);
	return 0;

err_unlock:
	mutex_unlock(&bc_vendor_lock);
	kfree(t);
	return ret;
}
EXPORT_SYMBOL_GPL(bugcheck_register_triage);

static void drop_triage(int i)
{
	struct bc_vendor_tr *t = rcu_dereference_protected(trs[i],
					lockdep_is_held(&bc_vendor_lock));

	RCU_INIT_POINTER(trs[i], NULL);
	bc_book_remove(&book, BC_BOOK_TRIAGE, t->len);
	t->r->priv = NULL;
	synchronize_rcu();
	kfree(t);
}

/**
 * bugcheck_unregister_triage() - stop copying a range
 * @r: a registration passed to bugcheck_register_triage()
 */
void bugcheck_unregister_triage(struct bugcheck_triage_range *r)
{
	int i;

	mutex_lock(&bc_vendor_lock);
	for (i = 0; i < BUGCHECK_MAX_TRIAGE; i++) {
		struct bc_vendor_tr *e = rcu_dereference_protected(trs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->r == r) {
			drop_triage(i);
			break;
		}
	}
	mutex_unlock(&bc_vendor_lock);
}
EXPORT_SYMBOL_GPL(bugcheck_unregister_triage);

/*
 * A module is going away: drop whatever it left registered, so that no
 * callback can point into freed code.  The GOING notification comes after
 * the module's exit function and before its memory is freed.
 */
static int bc_module_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;
	int i, n = 0;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&bc_vendor_lock);
	for (i = 0; i < BUGCHECK_MAX_CALLBACKS; i++) {
		struct bc_vendor_cb *e = rcu_dereference_protected(cbs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->owner == mod) {
			drop_callback(i);
			n++;
		}
	}
	for (i = 0; i < BUGCHECK_MAX_TRIAGE; i++) {
		struct bc_vendor_tr *e = rcu_dereference_protected(trs[i],
					lockdep_is_held(&bc_vendor_lock));

		if (e && e->owner == mod) {
			drop_triage(i);
			n++;
		}
	}
	mutex_unlock(&bc_vendor_lock);
	if (n)
		pr_warn("module %s unloaded with %d vendor registration(s) left; removed them\n",
			mod->name, n);
	return NOTIFY_DONE;
}

static struct notifier_block bc_module_nb = {
	.notifier_call = bc_module_notify,
};

/* Panic-context.  Header of a vendor block at the writer's position. */
static notrace u8 *put_block_hdr(struct bc_writer *w, u16 type,
				 const u8 *uuid, const char *name, u32 quota,
				 u32 want, u32 *room)
{
	struct bugcheck_vendor_block *vb;
	u8 *p = bc_item_reserve(w, type, sizeof(*vb) + want, room);

	if (!p || *room < sizeof(*vb))
		return NULL;
	vb = (struct bugcheck_vendor_block *)p;
	memset(vb, 0, sizeof(*vb));
	memcpy(vb->uuid, uuid, sizeof(vb->uuid));
	memcpy(vb->name, name, sizeof(vb->name));
	vb->quota = cpu_to_le32(quota);
	return p;
}

/* Panic-context.  Copy every triage range into the tail. */
static notrace void copy_triage(void)
{
	struct bugcheck_triage_block *tb;
	struct bc_vendor_tr *t;
	u32 room, n;
	int i;
	u8 *p;

	for (i = 0; i < BUGCHECK_MAX_TRIAGE; i++) {
		t = rcu_dereference_sched(trs[i]);
		if (!t)
			continue;
		p = bc_item_reserve(&run.w, BUGCHECK_ITEM_TRIAGE,
				    sizeof(*tb) + t->len, &room);
		if (!p || room < sizeof(*tb))
			continue;
		tb = (struct bugcheck_triage_block *)p;
		memset(tb, 0, sizeof(*tb));
		memcpy(tb->uuid, t->uuid, sizeof(tb->uuid));
		memcpy(tb->name, t->name, sizeof(tb->name));
		tb->addr = cpu_to_le64((unsigned long)t->addr);
		n = min_t(u32, t->len, room - sizeof(*tb));
		/* Checked copy: a range that went bad is recorded, not read. */
		if (copy_from_kernel_nofault(p + sizeof(*tb), t->addr, n)) {
			tb->status = cpu_to_le32(EFAULT);
			n = 0;
		}
		tb->len = cpu_to_le32(n);
		bc_item_commit(&run.w, sizeof(*tb) + n, 0);
	}
}

/*
 * Panic-context.  The watcher seized the run while a callback ran on this
 * CPU (it took too long): the watcher finishes the record and reboots.
 * Touch nothing; wait for the reset.
 */
static notrace void __noreturn watch_lost(void)
{
	for (;;)
		cpu_relax();
}

/* Panic-context.  A callback returned (or faulted): take the run back. */
static notrace void watch_leave_callback(void)
{
	if (atomic_cmpxchg(&watch_state, BC_WATCH_IN_CB, BC_WATCH_OURS) !=
	    BC_WATCH_IN_CB)
		watch_lost();
}

/*
 * Panic-context.  Put @cpu in the online mask or take it out, as
 * set_cpu_online() (kernel/cpu.c, not exported) does.
 */
static notrace void watch_mark_online(int cpu, bool online)
{
	if (online) {
		if (!cpumask_test_and_set_cpu(cpu, &__cpu_online_mask))
			atomic_inc(&__num_online_cpus);
	} else if (cpumask_test_and_clear_cpu(cpu, &__cpu_online_mask)) {
		atomic_dec(&__num_online_cpus);
	}
}

/*
 * Panic-context.  Ask a parked CPU to watch the callbacks: send it an NMI
 * and wait a bounded time for bc_watch_nmi() there to answer.  True when
 * it did (the run is then BC_WATCH_OURS); false when there is no other CPU
 * or it did not answer, and then no callback may run.
 */
static notrace bool watch_start(void)
{
	int self = raw_smp_processor_id(), cpu;
	unsigned int us;

	/* Parked CPUs left the online mask (stop_this_cpu()), not this one. */
	for_each_cpu(cpu, cpu_active_mask)
		if (cpu != self)
			break;
	if (cpu >= nr_cpu_ids)
		return false;
	WRITE_ONCE(watch_expired, false);
	WRITE_ONCE(watch_cpu, cpu);
	watch_was_parked = !cpu_online(cpu);
	if (watch_was_parked)
		watch_mark_online(cpu, true);
	atomic_set(&watch_state, BC_WATCH_ASKED);
	apic->send_IPI(cpu, NMI_VECTOR);
	for (us = 0; us < BC_WATCH_ANSWER_US; us++) {
		if (atomic_read(&watch_state) != BC_WATCH_ASKED)
			return true;
		udelay(1);
	}
	/* No answer: withdraw the request, unless it came just now. */
	if (atomic_cmpxchg(&watch_state, BC_WATCH_ASKED, BC_WATCH_OFF) !=
	    BC_WATCH_ASKED)
		return true;
	if (watch_was_parked)
		watch_mark_online(cpu, false);
	return false;
}

/* Panic-context.  The callbacks are over: release the watcher. */
static notrace void watch_stop(void)
{
	atomic_set(&watch_state, BC_WATCH_OFF);
}

/* Panic-context.  Run the callbacks from run.next on. */
static notrace void run_callbacks(void)
{
	struct bugcheck_vendor_block *vb;
	struct bc_vendor_cb *v;
	u32 room, n;
	u16 iflags;
	int i;
	u8 *p;

	while (run.next < BUGCHECK_MAX_CALLBACKS) {
		i = run.next++;
		v = rcu_dereference_sched(cbs[i]);
		if (!v)
			continue;
		if (READ_ONCE(watch_expired)) {
			run.tflags |= BUGCHECK_TF_VENDOR_TIMEOUT;
			break;
		}
		p = put_block_hdr(&run.w, BUGCHECK_ITEM_VENDOR, v->uuid,
				  v->name, v->quota, v->quota, &room);
		if (!p)
			continue;
		run.cur = i;
		run.cur_pos = run.w.open;
		run.cur_name = v->name;
		atomic_set(&watch_state, BC_WATCH_IN_CB);
		n = v->cb->fn(v->buf, v->quota, run.reason, v->cb->ctx);
		watch_leave_callback();
		run.cur = -1;
		iflags = 0;
		if (n > v->quota) {
			n = v->quota;
			iflags |= BUGCHECK_IF_TRUNCATED;
			run.tflags |= BUGCHECK_TF_QUOTA_CUT;
		}
		n = min_t(u32, n, room - sizeof(*vb));
		vb = (struct bugcheck_vendor_block *)p;
		vb->len = cpu_to_le32(n);
		vb->status = cpu_to_le32(iflags);
		memcpy(p + sizeof(*vb), v->buf, n);
		bc_item_commit(&run.w, sizeof(*vb) + n, iflags);
	}
}

/* Panic-context.  Triage ranges if asked for, then done. */
static notrace void run_finish(void)
{
	if (run.what & BC_VENDOR_TRIAGE)
		copy_triage();
	run.active = false;
	run.cpu = -1;
	run.done(&run.w, run.tflags);
}

/**
 * bc_vendor_run() - run vendor callbacks and/or copy triage ranges
 * @w:      writer positioned at the next tail item of the record
 * @reason: enum bugcheck_reason of the crash
 * @what:   BC_VENDOR_CALLBACKS (panic context only) and/or BC_VENDOR_TRIAGE
 * @done:   called with the final writer when all is written
 *
 * Panic-context.  Called with the capture owned and the primary record
 * committed.  @done seals and publishes the tail and ends the capture; it
 * is called exactly once, from here or, if a callback faults, from the
 * die notifier via bc_vendor_fault().
 */
notrace void bc_vendor_run(struct bc_writer *w, u32 reason, unsigned int what,
			   void (*done)(struct bc_writer *w, u32 tflags))
{
	run.w = *w;
	run.reason = reason;
	run.what = what;
	run.next = 0;
	run.cur = -1;
	run.tflags = 0;
	run.done = done;
	run.cpu = raw_smp_processor_id();
	run.active = true;
	if ((what & BC_VENDOR_CALLBACKS) && READ_ONCE(book.callbacks)) {
		if (watch_start()) {
			run_callbacks();
			watch_stop();
		} else {
			run.tflags |= BUGCHECK_TF_VENDOR_SKIPPED;
		}
	}
	run_finish();
}

/**
 * bc_vendor_fault() - a fault hit this CPU; was it inside a vendor callback?
 *
 * Panic-context, from the die notifier.  If a callback of a run on this CPU
 * faulted, record its block as faulted, skip the other callbacks, finish
 * the run from here and return true.  The faulting callback's frames are
 * never returned to: the caller must not return to the faulting context
 * either (it panics).
 */
notrace bool bc_vendor_fault(void)
{
	struct bugcheck_vendor_block *vb;
	struct bugcheck_item *it;

	if (!run.active || run.cpu != raw_smp_processor_id() || run.cur < 0)
		return false;
	/* Unless the watcher seized the run, which then stops this CPU. */
	watch_leave_callback();
	watch_stop();
	it = (struct bugcheck_item *)(run.w.buf + run.cur_pos);
	vb = (struct bugcheck_vendor_block *)(it + 1);
	vb->len = 0;
	vb->status = cpu_to_le32(BUGCHECK_IF_FAULTED | BUGCHECK_IF_TRUNCATED);
	bc_item_commit(&run.w, sizeof(*vb),
		       BUGCHECK_IF_FAULTED | BUGCHECK_IF_TRUNCATED);
	run.tflags |= BUGCHECK_TF_VENDOR_FAULT;
	run.cur = -1;
	run.next = BUGCHECK_MAX_CALLBACKS;
	run_finish();
	return true;
}

/*
 * Panic-context, on the watcher's CPU, in its NMI.  What panic() does after
 * kmsg_dump() when it gets there (kernel/panic.c): nothing with panic=0,
 * an immediate restart with panic<0, else a restart after panic seconds.
 */
static notrace void watch_reboot(void)
{
	int t = READ_ONCE(panic_timeout);
	unsigned int ms;

	if (!t) {
		pr_emerg("panic=0: not rebooting\n");
		return;
	}
	for (ms = 0; t > 0 && ms < (unsigned int)t * 1000; ms++)
		mdelay(1);
	emergency_restart();
}

/*
 * Panic-context, on the watcher's CPU, in its NMI.  Count milliseconds
 * until the callbacks are over; past the deadline, seize the run the
 * moment a callback is the one running, finish the record and reboot.
 */
static notrace void watch_run(void)
{
	struct bugcheck_vendor_block *vb;
	unsigned int ms;
	int s;

	for (ms = 0;; ms++) {
		s = atomic_read(&watch_state);
		if (s == BC_WATCH_OFF) {
			/* Back to the HLT loop, parked as before. */
			if (watch_was_parked)
				watch_mark_online(raw_smp_processor_id(),
						  false);
			return;
		}
		if (ms >= BC_VENDOR_DEADLINE_MS) {
			WRITE_ONCE(watch_expired, true);
			if (s == BC_WATCH_IN_CB &&
			    atomic_cmpxchg(&watch_state, s, BC_WATCH_SEIZED) == s)
				break;
		}
		mdelay(1);
	}
	vb = (struct bugcheck_vendor_block *)(run.w.buf + run.cur_pos +
					      sizeof(struct bugcheck_item));
	vb->len = 0;
	vb->status = cpu_to_le32(BUGCHECK_IF_TIMED_OUT | BUGCHECK_IF_TRUNCATED);
	bc_item_commit(&run.w, sizeof(*vb),
		       BUGCHECK_IF_TIMED_OUT | BUGCHECK_IF_TRUNCATED);
	run.tflags |= BUGCHECK_TF_VENDOR_TIMEOUT;
	pr_emerg("vendor callback '%s' still running after %u ms: record finished without it\n",
		 run.cur_name, BC_VENDOR_DEADLINE_MS);
	run.cur = -1;
	run.next = BUGCHECK_MAX_CALLBACKS;
	run_finish();
	watch_reboot();
}

/*
 * NMI handler (every local NMI on every CPU): answer a watch request meant
 * for this CPU and stay here until the vendor run is over.
 */
static notrace int bc_watch_nmi(unsigned int type, struct pt_regs *regs)
{
	if (atomic_read(&watch_state) != BC_WATCH_ASKED ||
	    READ_ONCE(watch_cpu) != raw_smp_processor_id() ||
	    atomic_cmpxchg(&watch_state, BC_WATCH_ASKED, BC_WATCH_OURS) !=
	    BC_WATCH_ASKED)
		return NMI_DONE;
	watch_run();
	return NMI_HANDLED;
}

/**
 * bc_vendor_abandon() - a fault hit a run outside any callback
 *
 * Panic-context, from the die notifier, when the capture that owns the run
 * faulted in bugcheck's own code: the run is over and will never finish.
 */
notrace void bc_vendor_abandon(void)
{
	if (run.active && run.cpu == raw_smp_processor_id()) {
		run.active = false;
		run.cpu = -1;
		run.cur = -1;
	}
}

/**
 * bc_vendor_init() - start watching for modules that go away
 */
int bc_vendor_init(void)
{
	/* Registrations that would squeeze the primary section are refused. */
	int ret;

	book.reserve_max = bc_book_reserve_max(bc_region.slot_size);
	ret = register_nmi_handler(NMI_LOCAL, bc_watch_nmi, 0, "bugcheck");
	if (ret)
		return ret;
	ret = register_module_notifier(&bc_module_nb);
	if (ret)
		unregister_nmi_handler(NMI_LOCAL, "bugcheck");
	return ret;
}

/**
 * bc_vendor_exit() - stop; nothing can be registered any more (vendor
 * modules depend on our symbols, so they are all gone by now)
 */
void bc_vendor_exit(void)
{
	unregister_module_notifier(&bc_module_nb);
	unregister_nmi_handler(NMI_LOCAL, "bugcheck");
}
