// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_crashtest.ko: crash the kernel on purpose, in a chosen way, for
 * the crash lab.  Debian's kernel has no lkdtm, so the project brings its
 * own.  Write a trigger name to /sys/kernel/debug/bugcheck-crashtest/trigger;
 * read the file for the list.  Every trigger runs in a function of its own
 * (noinline) so that the captured stack names it.
 *
 * Some triggers only crash the machine with the matching sysctl set by the
 * caller: WARNING needs kernel.panic_on_warn=1, SOFTLOCKUP
 * kernel.softlockup_panic=1 (and a small kernel.watchdog_thresh), HUNG_TASK
 * kernel.hung_task_panic=1 (and a small kernel.hung_task_timeout_secs), OOPS
 * and OOPS_THEN_PANIC need kernel.panic_on_oops=0.  ALLOC_FAIL only
 * reports a failed page allocation.
 *
 * NEVER load this module on a machine you care about.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <trace/events/error_report.h>

struct crashtest_victim {
	long pad[4];
	long field;
};

/* Opaque to the compiler, so the faults below are not optimised away. */
static struct crashtest_victim *crashtest_null;
static int crashtest_zero;
static unsigned long crashtest_noncanonical = 0xdead000000000100UL;

static noinline void crashtest_panic(void)
{
	panic("bugcheck_crashtest: PANIC trigger");
}

/*
 * BUG() under another name: this module exists to crash the kernel, which
 * checkpatch's AVOID_BUG rightly warns every other module against.
 */
#define crashtest_kernel_bug BUG

static noinline void crashtest_bug(void)
{
	crashtest_kernel_bug();
}

static noinline void crashtest_warning(void)
{
	WARN(1, "bugcheck_crashtest: WARNING trigger");
}

/*
 * A burst of 10,000 warnings as a tracer sees them: the error_report_end
 * tracepoint __warn() fires (kernel/panic.c), without the report text,
 * which the console could not print at that rate.  For the live watcher's
 * drop accounting (tests/watch_lab_test.py, tests/bench-watch.sh).
 */
static noinline void crashtest_warn_events(void)
{
	int i;

	for (i = 0; i < 10000; i++)
		trace_error_report_end(ERROR_DETECTOR_WARN,
				       (unsigned long)crashtest_warn_events);
}

static noinline void crashtest_null_deref(void)
{
	WRITE_ONCE(crashtest_null->field, 1);
}

static noinline void crashtest_page_fault(void)
{
	/* The page after a vmalloc area is an unmapped guard page. */
	char *p = vmalloc(PAGE_SIZE);

	if (!p)
		return;
	pr_info("reading the guard page after %p\n", p);
	(void)READ_ONCE(p[PAGE_SIZE]);
	vfree(p);
}

static noinline void crashtest_gpf(void)
{
	(void)READ_ONCE(*(unsigned long *)crashtest_noncanonical);
}

static noinline void crashtest_divide_error(void)
{
	int a = 1;

	/* Opaque, or 1 / x compiles to a compare: no divide instruction. */
	OPTIMIZER_HIDE_VAR(a);
	pr_info("dividing by %d\n", a / READ_ONCE(crashtest_zero));
}

static struct hrtimer crashtest_timer;

static noinline enum hrtimer_restart crashtest_irq_fn(struct hrtimer *t)
{
	WRITE_ONCE(crashtest_null->field, 2);
	return HRTIMER_NORESTART;
}

static noinline void crashtest_oops_in_irq(void)
{
	hrtimer_init(&crashtest_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	crashtest_timer.function = crashtest_irq_fn;
	hrtimer_start(&crashtest_timer, ms_to_ktime(10), HRTIMER_MODE_REL_HARD);
	msleep(2000);
}

static noinline void crashtest_softlockup(void)
{
	u64 end = ktime_get_mono_fast_ns() + 120ULL * NSEC_PER_SEC;

	/* Spin without scheduling; the watchdog timer interrupt still runs. */
	preempt_disable();
	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
	preempt_enable();
	pr_err("SOFTLOCKUP: no soft lockup panic within 120 s (softlockup_panic=0?)\n");
}

static DECLARE_COMPLETION(crashtest_never);

static noinline void crashtest_hung_task(void)
{
	/* Uninterruptible sleep that khungtaskd will report. */
	if (!wait_for_completion_timeout(&crashtest_never, 300 * HZ))
		pr_err("HUNG_TASK: no hung task panic within 300 s (hung_task_panic=0?)\n");
}

static noinline int crashtest_recurse(int depth)
{
	char frame[256];

	frame[0] = depth;
	frame[1] = 0;
	/* The compiler must keep the whole frame on the stack. */
	barrier_data(frame);
	if (depth < 1000000)
		frame[1] = crashtest_recurse(depth + 1);
	barrier_data(frame);
	return frame[0] + frame[1];
}

static noinline void crashtest_stack_overflow(void)
{
	pr_info("recursion result %d\n", crashtest_recurse(0));
}

static void crashtest_panic_work_fn(struct work_struct *w)
{
	panic("bugcheck_crashtest: panic after an oops");
}

static DECLARE_DELAYED_WORK(crashtest_panic_work, crashtest_panic_work_fn);

static noinline void crashtest_oops_then_panic(void)
{
	/* The oops kills this task; the panic follows from a worker. */
	schedule_delayed_work(&crashtest_panic_work, 2 * HZ);
	crashtest_null_deref();
}

static noinline void crashtest_oops(void)
{
	crashtest_null_deref();
}

static atomic_t crashtest_arrived = ATOMIC_INIT(0);

static int crashtest_cpu_fn(void *data)
{
	u64 end = ktime_get_mono_fast_ns() + 5ULL * NSEC_PER_SEC;

	/* Meet the other CPU's thread, then both oops at once. */
	atomic_inc(&crashtest_arrived);
	while (atomic_read(&crashtest_arrived) < 2 &&
	       ktime_get_mono_fast_ns() < end)
		cpu_relax();
	crashtest_null_deref();
	return 0;
}

/* Two kernel threads, on CPUs 0 and 1, oops at the same moment. */
static noinline void crashtest_oops_2cpu(void)
{
	struct task_struct *t[2];
	int i;

	if (num_online_cpus() < 2) {
		pr_err("OOPS_2CPU needs two CPUs\n");
		return;
	}
	atomic_set(&crashtest_arrived, 0);
	for (i = 0; i < 2; i++) {
		t[i] = kthread_create(crashtest_cpu_fn, NULL, "crashtest/%d", i);
		if (IS_ERR(t[i]))
			return;
		kthread_bind(t[i], i);
	}
	for (i = 0; i < 2; i++)
		wake_up_process(t[i]);
	msleep(3000);
}

/*
 * A page allocation that fails and says so: mm/page_alloc.c
 * __alloc_pages_slowpath() gives up on a __GFP_NORETRY request that
 * compaction cannot satisfy and calls warn_alloc() ("page allocation
 * failure: order:N"), which prints unless __GFP_NOWARN is set.  ZONE_DMA
 * (16 MiB on x86) holds at most three free 4 MiB blocks, so this takes
 * them until the next one fails, without pressing on the rest of memory
 * (no OOM kill with __GFP_NORETRY), then gives them back.
 */
static noinline void crashtest_alloc_fail(void)
{
	struct page *held[8];
	int i, n;

	for (n = 0; n < ARRAY_SIZE(held); n++) {
		held[n] = alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_NORETRY,
				      MAX_ORDER - 1);
		if (!held[n])
			break;
	}
	pr_info("ALLOC_FAIL: %d order-%d DMA blocks before the failure\n", n,
		MAX_ORDER - 1);
	for (i = 0; i < n; i++)
		__free_pages(held[i], MAX_ORDER - 1);
}

static const struct {
	const char *name;
	void (*fn)(void);
} triggers[] = {
	{ "PANIC", crashtest_panic },
	{ "BUG", crashtest_bug },
	{ "WARNING", crashtest_warning },
	{ "WARN_EVENTS", crashtest_warn_events },
	{ "NULL_DEREF", crashtest_null_deref },
	{ "PAGE_FAULT", crashtest_page_fault },
	{ "GPF", crashtest_gpf },
	{ "DIVIDE_ERROR", crashtest_divide_error },
	{ "OOPS_IN_IRQ", crashtest_oops_in_irq },
	{ "SOFTLOCKUP", crashtest_softlockup },
	{ "HUNG_TASK", crashtest_hung_task },
	{ "STACK_OVERFLOW", crashtest_stack_overflow },
	{ "OOPS_THEN_PANIC", crashtest_oops_then_panic },
	{ "OOPS", crashtest_oops },
	{ "OOPS_2CPU", crashtest_oops_2cpu },
	{ "ALLOC_FAIL", crashtest_alloc_fail },
};

static ssize_t trigger_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char name[32];
	size_t n = min(len, sizeof(name) - 1);
	int i;

	if (copy_from_user(name, ubuf, n))
		return -EFAULT;
	name[n] = '\0';
	strim(name);
	for (i = 0; i < ARRAY_SIZE(triggers); i++) {
		if (!strcmp(name, triggers[i].name)) {
			pr_warn("firing trigger %s\n", name);
			triggers[i].fn();
			return len;
		}
	}
	pr_err("unknown trigger '%s'; read the trigger file for the list\n",
	       name);
	return -EINVAL;
}

static ssize_t trigger_read(struct file *f, char __user *ubuf, size_t len,
			    loff_t *ppos)
{
	char buf[512];
	int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(triggers); i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%s\n",
			       triggers[i].name);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations trigger_fops = {
	.owner = THIS_MODULE,
	.read = trigger_read,
	.write = trigger_write,
	.llseek = default_llseek,
};

static struct dentry *crashtest_dir;

static int __init crashtest_init(void)
{
	crashtest_dir = debugfs_create_dir("bugcheck-crashtest", NULL);
	debugfs_create_file("trigger", 0600, crashtest_dir, NULL,
			    &trigger_fops);
	pr_warn("loaded: writing to /sys/kernel/debug/bugcheck-crashtest/trigger crashes this kernel\n");
	return 0;
}

static void __exit crashtest_exit(void)
{
	cancel_delayed_work_sync(&crashtest_panic_work);
	debugfs_remove_recursive(crashtest_dir);
}

module_init(crashtest_init);
module_exit(crashtest_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Crash-trigger module for the bugcheck crash lab");
