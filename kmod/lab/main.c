// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/main.c as it is. */
#include "../main.c"
