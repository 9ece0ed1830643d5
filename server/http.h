/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP front end of bugcheck-server: routing, authentication, limits and
 * the JSON replies.  Runs on libmicrohttpd's internal epoll thread pool.
 */
#ifndef BUGCHECK_SERVER_HTTP_H
#define BUGCHECK_SERVER_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/**
 * struct http_config - listener settings
 * @listen:      "HOST:PORT" or "[V6]:PORT"; port 0 picks a free one
 * @threads:     worker threads of the pool
 * @rate:        requests per second per token (0: unlimited)
 * @burst:       token bucket size
 * @max_body:    largest request body accepted, bytes
 * @max_conns:   concurrent connections
 * @timeout:     idle connection timeout, seconds
 * @head_timeout: seconds a client has to send the whole request head
 * @tls_cert:    PEM certificate chain file, NULL for plain HTTP
 * @tls_key:     PEM private key file (with @tls_cert)
 * @quota:       reports per agent token per UTC day (0: no limit)
 * @max_report_hits: most hits one report adds (its count × weight)
 * @window_days: failurehits serves the last @window_days days only
 * @session_secret: file holding the key of dashboard session cookies;
 *               NULL: a random key, so sessions end with the process
 */
struct http_config {
	const char *listen;
	unsigned int threads;
	double rate;
	double burst;
	size_t max_body;
	unsigned int max_conns;
	unsigned int timeout;
	unsigned int head_timeout;
	const char *tls_cert;
	const char *tls_key;
	uint64_t quota;
	uint64_t max_report_hits;
	unsigned int window_days;
	const char *session_secret;
};

struct http_server;

int http_start(struct store *store, const struct http_config *cfg,
	       struct http_server **ret);
/* Port actually bound (useful with port 0). */
uint16_t http_port(const struct http_server *h);
/* Applies @cfg's rate, burst and max_body to the running server. */
void http_reload(struct http_server *h, const struct http_config *cfg);
void http_stop(struct http_server *h);

/* Splits "HOST:PORT" / "[V6]:PORT"; fills a sockaddr_storage. */
int http_parse_listen(const char *s, void *ret_sa, unsigned int *ret_len);

#endif /* BUGCHECK_SERVER_HTTP_H */
