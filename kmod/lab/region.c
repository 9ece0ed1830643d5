// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/region.c as it is. */
#include "../region.c"
