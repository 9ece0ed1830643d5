// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/vendor.c as it is. */
#include "../vendor.c"
