// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/genl.c as it is. */
#include "../genl.c"
