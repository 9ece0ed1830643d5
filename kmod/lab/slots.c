// SPDX-License-Identifier: GPL-2.0
/* Lab build (Kbuild here): common/slots.c as it is. */
#include "../../common/slots.c"
