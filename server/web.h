/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboard's static files, embedded in the binary (web_assets.S):
 * the page at "/" and "/failure/<hash>" (the same document; app.js reads
 * the path), and its script and style sheet under "/static/" with a
 * content hash in the name, so they can be cached for a year.  Every
 * reply carries a Content-Security-Policy that allows nothing but this
 * server.  The page gets its data from the JSON API only.
 */
#ifndef BUGCHECK_SERVER_WEB_H
#define BUGCHECK_SERVER_WEB_H

#include <microhttpd.h>

/* Hashes the assets and builds the page; 0 or -ENOMEM.  Call once. */
int web_init(void);

/* Serves GET @url (a path under "/", "/failure/" or "/static/"). */
enum MHD_Result web_serve(struct MHD_Connection *c, const char *url);

/* The policy every dashboard and login reply carries. */
#define WEB_CSP                                                         \
	"default-src 'self'; script-src 'self'; style-src 'self'; "     \
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; " \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

#endif /* BUGCHECK_SERVER_WEB_H */
