// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): kmod/vendor_book.c as it is. */
#include "../vendor_book.c"
