// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): common/record.c as it is. */
#include "../../common/record.c"
