// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_bench.ko: time other kmsg dumpers on the panic path.
 *
 * kmsg_dump() calls dumpers in the order they registered.  Each write to
 * /sys/kernel/debug/bugcheck-bench/mark registers one more timing dumper,
 * so loading this module, then ramoops, then marking, then bugcheck, then
 * marking again brackets each of them:
 *
 *   mark0 | ramoops | mark1 | bugcheck | mark2
 *
 * At the panic (or oops) dump every mark takes a timestamp from the NMI-safe
 * monotonic clock (local_clock() does not advance in a TCG guest during a
 * panic); the last one prints the segments between consecutive marks.
 * Writing N to /sys/kernel/debug/bugcheck-bench/fill stores N lines of about
 * 100 bytes in the kernel log at KERN_DEBUG (kept in the ring, not printed
 * on a console at the lab's loglevel), to fill the ring before a crash.
 * When the crash lab's test build of bugcheck.ko is loaded before the last
 * mark, the last mark also prints that build's phase marks for the
 * last segment (bc_lab_marks_show(), after its own time stamp).
 * Only for the crash lab's benchmark.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/* pr_debug() on by default: the fill lines go to the ring, not a console. */
#define DEBUG

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/kmsg_dump.h>
#include <linux/kstrtox.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
#include <linux/ktime.h>

#define MAX_MARKS 8

static struct kmsg_dumper marks[MAX_MARKS];
static u64 stamps[MAX_MARKS];
static int nmarks;
/* The lab build's bc_lab_marks_show(), or NULL (production build). */
static void (*lab_show)(u64 from, u64 to);

static notrace void mark_dump(struct kmsg_dumper *d, enum kmsg_dump_reason why)
{
	int i = d - marks, k;

	stamps[i] = ktime_get_mono_fast_ns();
	if (i != nmarks - 1)
		return;
	for (k = 0; k + 1 < nmarks; k++)
		pr_emerg("segment %d: %llu ns (reason %s)\n", k,
			 stamps[k + 1] - stamps[k], kmsg_dump_reason_str(why));
	if (lab_show && nmarks >= 2)
		lab_show(stamps[nmarks - 2], stamps[nmarks - 1]);
}

static ssize_t mark_write(struct file *f, const char __user *buf, size_t len,
			  loff_t *ppos)
{
	int ret;

	if (nmarks >= MAX_MARKS)
		return -ENOSPC;
	/* Held until this module goes: bugcheck.ko stays loaded as long. */
	if (!lab_show)
		lab_show = __symbol_get("bc_lab_marks_show");
	marks[nmarks].dump = mark_dump;
	marks[nmarks].max_reason = KMSG_DUMP_OOPS;
	ret = kmsg_dump_register(&marks[nmarks]);
	if (ret)
		return ret;
	nmarks++;
	return len;
}

static const struct file_operations mark_fops = {
	.owner = THIS_MODULE,
	.write = mark_write,
};

static ssize_t fill_write(struct file *f, const char __user *buf, size_t len,
			  loff_t *ppos)
{
	unsigned int n, i;
	int ret;

	ret = kstrtouint_from_user(buf, len, 0, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && i < 1000000; i++) {
		pr_debug("filler line %u of %u, so that the log ring is full before the crash\n",
			 i, n);
		if (!(i % 256))
			cond_resched();
	}
	return len;
}

static const struct file_operations fill_fops = {
	.owner = THIS_MODULE,
	.write = fill_write,
};

static struct dentry *dir;

static int __init bench_init(void)
{
	dir = debugfs_create_dir("bugcheck-bench", NULL);
	debugfs_create_file("mark", 0200, dir, NULL, &mark_fops);
	debugfs_create_file("fill", 0200, dir, NULL, &fill_fops);
	return 0;
}

static void __exit bench_exit(void)
{
	int i;

	debugfs_remove_recursive(dir);
	for (i = 0; i < nmarks; i++)
		kmsg_dump_unregister(&marks[i]);
	if (lab_show)
		__symbol_put("bc_lab_marks_show");
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Timing kmsg dumpers for the bugcheck crash-path benchmark");
