/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboard's files (server/web/), embedded into bugcheck-server at
 * build time with the assembler's .incbin, so the binary serves them with
 * no file system access.  Each asset is NUL-terminated (the NUL is not
 * part of it) and has its length in bytes as a 64-bit sym_len;
 * server/web.c knows them by these symbols.
 */
#define ASSET(sym, file)		\
	.global sym;			\
	.balign 16;			\
sym:					\
	.incbin file;			\
sym##_end:				\
	.byte 0;			\
	.balign 8;			\
	.global sym##_len;		\
sym##_len:				\
	.quad sym##_end - sym

	.section .rodata
ASSET(web_asset_index_html, "server/web/index.html")
ASSET(web_asset_app_js, "server/web/app.js")
ASSET(web_asset_app_css, "server/web/app.css")

	.section .note.GNU-stack,"",@progbits
