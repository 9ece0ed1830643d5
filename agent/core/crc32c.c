// SPDX-License-Identifier: GPL-2.0
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) for user space,
 * matching the kernel's ~__crc32c_le(~0, p, len) used by the module.
 */
#include "record.h"

static uint32_t table[8][256];
static int table_ready;

static void crc32c_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
		table[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			table[k][i] = (table[k - 1][i] >> 8) ^
				      table[0][table[k - 1][i] & 0xff];
	__atomic_store_n(&table_ready, 1, __ATOMIC_RELEASE);
}

u32 bc_crc32c_update(u32 crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t c = crc;

	if (!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE))
		crc32c_init();
	/* Slicing by 8: the byte order of the loads is made explicit. */
	while (len >= 8) {
		c ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		c = table[7][c & 0xff] ^ table[6][(c >> 8) & 0xff] ^
		    table[5][(c >> 16) & 0xff] ^ table[4][c >> 24] ^
		    table[3][p[4]] ^ table[2][p[5]] ^ table[1][p[6]] ^
		    table[0][p[7]];
		p += 8;
		len -= 8;
	}
	while (len--)
		c = (c >> 8) ^ table[0][(c ^ *p++) & 0xff];
	return c;
}
