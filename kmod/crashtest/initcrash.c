// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_initcrash.ko: a module whose init function dereferences NULL,
 * for the crash lab.  The fault lies in the module's init section, which
 * the kernel frees once init returns; a crash record must still name the
 * module.  The module can never finish loading: load it only to crash.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

struct initcrash_victim {
	long pad[4];
	long field;
};

/* Opaque to the compiler, so the fault is not optimised away. */
static struct initcrash_victim *initcrash_null;

static noinline int __init initcrash_probe(void)
{
	WRITE_ONCE(initcrash_null->field, 1);
	return 0;
}

static int __init initcrash_init(void)
{
	pr_info("faulting in init\n");
	return initcrash_probe();
}

module_init(initcrash_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("bugcheck lab: a module that oopses in its init function");
