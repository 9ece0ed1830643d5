// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/panic.c as it is. */
#include "../panic.c"
