// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_sample_vendor.ko: the starting point for a driver vendor.
 *
 * A pretend device driver that adds its own data to kernel crash records
 * through bugcheck.ko's vendor API (include/bugcheck/vendor.h):
 *
 *  - a secondary-data callback, "sample-state", that writes a short text
 *    block ("fw=1.2.3 state=running resets=N") when the kernel panics
 *    (a non-fatal oops runs no vendor code);
 *  - a triage range, "sample-ring", a 256-byte ring buffer of recent
 *    device events, copied as it is at every crash, oops or panic.
 *
 * For the crash lab, /sys/kernel/debug/bugcheck-sample/control takes:
 *   normal    the callback behaves (default)
 *   overrun   the callback claims more bytes than its quota
 *   oops      the callback dereferences NULL (it faults in panic context;
 *             bugcheck marks the block faulted and panics again, so the
 *             machine still reboots)
 *   hang      the callback never returns (bugcheck's watch on another CPU
 *             marks the block timed out and reboots the machine)
 *   crash     the driver itself oopses, in sample_device_reset()
 *   fill      register callbacks until bugcheck refuses one; the extra
 *             ones are deliberately left registered at unload, which
 *             bugcheck must clean up by itself
 * Everything else here is what a real driver would do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <bugcheck/vendor.h>

/* This vendor's tag: 3b1f0a6e-5c2d-4e8f-9a71-2c64b0d9e513 */
static const u8 sample_uuid[16] = {
	0x3b, 0x1f, 0x0a, 0x6e, 0x5c, 0x2d, 0x4e, 0x8f,
	0x9a, 0x71, 0x2c, 0x64, 0xb0, 0xd9, 0xe5, 0x13,
};

enum { MODE_NORMAL, MODE_OVERRUN, MODE_OOPS, MODE_HANG };

struct sample_device {
	const char *fw_version;
	unsigned int resets;
	char ring[256];		/* recent events, newest last */
	unsigned int ring_pos;
};

static struct sample_device sample_dev = { .fw_version = "1.2.3" };
static int sample_mode = MODE_NORMAL;
static unsigned long *sample_null;

static void sample_log_event(const char *ev)
{
	size_t n = strlen(ev), i;

	for (i = 0; i < n; i++) {
		sample_dev.ring[sample_dev.ring_pos] = ev[i];
		sample_dev.ring_pos = (sample_dev.ring_pos + 1) %
				      sizeof(sample_dev.ring);
	}
}

/*
 * Panic context (other CPUs stopped, interrupts off): no locks, no
 * sleeping, no allocation, nothing unbounded.  Reads the device state as it
 * is and formats it into the buffer bugcheck set aside.
 */
static size_t sample_crash_callback(void *buf, size_t size,
				    unsigned int reason, void *ctx)
{
	struct sample_device *dev = ctx;

	switch (READ_ONCE(sample_mode)) {
	case MODE_OVERRUN:
		memset(buf, 'O', size);
		return size + 100;	/* claims more than its quota */
	case MODE_OOPS:
		return READ_ONCE(*sample_null);	/* faults */
	case MODE_HANG:
		for (;;)			/* never returns */
			cpu_relax();
	default:
		return scnprintf(buf, size, "fw=%s state=running resets=%u reason=%u",
				 dev->fw_version, dev->resets, reason);
	}
}

static struct bugcheck_callback sample_callback = {
	.name = "sample-state",
	.quota = 256,
	.fn = sample_crash_callback,
	.ctx = &sample_dev,
	.owner = THIS_MODULE,
};

static struct bugcheck_triage_range sample_ring = {
	.name = "sample-ring",
	.addr = sample_dev.ring,
	.len = sizeof(sample_dev.ring),
	.owner = THIS_MODULE,
};

#define SAMPLE_EXTRA 16
static struct bugcheck_callback sample_extra[SAMPLE_EXTRA];

static void sample_fill(void)
{
	int i, ret = 0;

	for (i = 0; i < SAMPLE_EXTRA; i++) {
		sample_extra[i] = sample_callback;
		sample_extra[i].name = "sample-extra";
		sample_extra[i].quota = 16;
		ret = bugcheck_register_callback(&sample_extra[i]);
		if (ret)
			break;
	}
	pr_info("fill: %d extra callbacks registered, then %d\n", i, ret);
}

static noinline void sample_device_reset(struct sample_device *dev)
{
	dev->resets++;
	sample_log_event("reset;");
	/* The bug: the DMA ring was never mapped. */
	WRITE_ONCE(*sample_null, dev->resets);
}

static ssize_t control_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char cmd[16];
	size_t n = min(len, sizeof(cmd) - 1);

	if (copy_from_user(cmd, ubuf, n))
		return -EFAULT;
	cmd[n] = '\0';
	strim(cmd);
	if (!strcmp(cmd, "normal"))
		WRITE_ONCE(sample_mode, MODE_NORMAL);
	else if (!strcmp(cmd, "overrun"))
		WRITE_ONCE(sample_mode, MODE_OVERRUN);
	else if (!strcmp(cmd, "oops"))
		WRITE_ONCE(sample_mode, MODE_OOPS);
	else if (!strcmp(cmd, "hang"))
		WRITE_ONCE(sample_mode, MODE_HANG);
	else if (!strcmp(cmd, "crash"))
		sample_device_reset(&sample_dev);
	else if (!strcmp(cmd, "fill"))
		sample_fill();
	else
		return -EINVAL;
	return len;
}

static const struct file_operations control_fops = {
	.owner = THIS_MODULE,
	.write = control_write,
};

static struct dentry *sample_dir;

static int __init sample_init(void)
{
	int ret;

	memcpy(sample_callback.uuid, sample_uuid, sizeof(sample_uuid));
	memcpy(sample_ring.uuid, sample_uuid, sizeof(sample_uuid));
	sample_log_event("probe;link-up;");
	ret = bugcheck_register_callback(&sample_callback);
	if (ret) {
		pr_err("cannot register crash callback: %d\n", ret);
		return ret;
	}
	ret = bugcheck_register_triage(&sample_ring);
	if (ret) {
		pr_err("cannot register triage range: %d\n", ret);
		bugcheck_unregister_callback(&sample_callback);
		return ret;
	}
	sample_dir = debugfs_create_dir("bugcheck-sample", NULL);
	debugfs_create_file("control", 0200, sample_dir, NULL, &control_fops);
	return 0;
}

static void __exit sample_exit(void)
{
	debugfs_remove_recursive(sample_dir);
	bugcheck_unregister_triage(&sample_ring);
	bugcheck_unregister_callback(&sample_callback);
	/* sample_extra[] are left on purpose: bugcheck removes them. */
}

module_init(sample_init);
module_exit(sample_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample vendor driver using bugcheck's crash callback API");
MODULE_VERSION("1.2.3");
