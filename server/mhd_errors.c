// SPDX-License-Identifier: GPL-2.0
/*
 * libmicrohttpd answers some requests itself, before any handler runs: a
 * head over the connection's memory, a malformed request line or header,
 * an HTTP/1.1 request without Host, a bad Content-Length or chunk, an
 * HTTP version it does not speak.  Its body for each is a fixed HTML page
 * ("<html><head><title>Request malformed</title>...") that the library
 * has no option to change (0.9.75).  The library builds that page with
 * its exported MHD_create_response_from_buffer(), called through its
 * PLT, so the definition here, in the program, is the one it reaches:
 * a body that is one of those pages becomes the API's JSON error body,
 * {"error":{"code":...,"message":...}}, with the page's title and text
 * as the message; every other call goes straight to the library.
 * tests/server_api.py (http_errors) sends each kind of request and
 * fails if any reply is HTML, so a library that stops calling through
 * its PLT is noticed.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

typedef struct MHD_Response *(*create_fn)(size_t size, void *buffer,
					  enum MHD_ResponseMemoryMode mode);

static create_fn real_create;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
	real_create =
		(create_fn)dlsym(RTLD_NEXT, "MHD_create_response_from_buffer");
}

/*
 * The library's pages by title: the error code our bodies use for the
 * status it sends with each (431/414, 400, 505, 413, 500).
 */
static const struct {
	const char *title;
	const char *code;
} pages[] = {
	{ "Request too big", "RequestTooLarge" },
	{ "Request malformed", "BadRequest" },
	{ "Requested HTTP version is not supported",
	  "HTTPVersionNotSupported" },
	{ "&quot;Host:&quot; header required", "BadRequest" },
	{ "Request content too large", "PayloadTooLarge" },
	{ "Internal server error", "InternalError" },
};

#define PAGE_HEAD "<html><head><title>"

/* Appends @n bytes of @s to @out as JSON string content, HTML undone. */
static size_t put_text(char *out, size_t at, size_t cap, const char *s,
		       size_t n)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = { { "&quot;", "\\\"" },
		     { "&amp;", "&" },
		     { "&lt;", "<" },
		     { "&gt;", ">" } };

	for (size_t i = 0; i < n && at + 3 < cap;) {
		bool done = false;

		for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t el = strlen(ents[k].ent);

			if (i + el <= n && !strncmp(s + i, ents[k].ent, el)) {
				at += snprintf(out + at, cap - at, "%s",
					       ents[k].ch);
				i += el;
				done = true;
				break;
			}
		}
		if (done)
			continue;
		if (s[i] == '<') { /* a tag such as <b>: dropped */
			const char *gt = memchr(s + i, '>', n - i);

			i = gt ? (size_t)(gt - s) + 1 : n;
			continue;
		}
		if (s[i] == '"' || s[i] == '\\')
			out[at++] = '\\';
		if ((unsigned char)s[i] >= 0x20)
			out[at++] = s[i];
		i++;
	}
	if (at >= cap)
		at = cap - 1;
	out[at] = '\0';
	return at;
}

/*
 * The JSON body for one of the library's pages in @buf (@size bytes), in
 * @out; false when @buf is not such a page.
 */
static bool page_to_json(const char *buf, size_t size, char *out, size_t cap)
{
	const char *title, *end, *body, *body_end;
	size_t at, hl = strlen(PAGE_HEAD);

	if (size <= hl || memcmp(buf, PAGE_HEAD, hl))
		return false;
	title = buf + hl;
	end = memmem(title, size - hl, "</title>", 8);
	if (!end)
		return false;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		if (strlen(pages[i].title) != (size_t)(end - title) ||
		    memcmp(title, pages[i].title, end - title))
			continue;
		body = memmem(end, size - (end - buf), "<body>", 6);
		body_end =
			body ? memmem(body, size - (body - buf), "</body>", 7) :
			       NULL;
		at = snprintf(out, cap,
			      "{\"error\":{\"code\":\"%s\",\"message\":\"",
			      pages[i].code);
		at = put_text(out, at, cap, title, end - title);
		if (body && body_end) {
			at = put_text(out, at, cap, ": ", 2);
			at = put_text(out, at, cap, body + 6,
				      body_end - (body + 6));
		}
		snprintf(out + at, cap - at, "\"}}");
		return true;
	}
	return false;
}

struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
				enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	char json[768];

	pthread_once(&real_once, find_real);
	if (!real_create)
		return NULL;
	if (mode != MHD_RESPMEM_PERSISTENT || !buffer ||
	    !page_to_json(buffer, size, json, sizeof(json)))
		return real_create(size, buffer, mode);
	r = real_create(strlen(json), json, MHD_RESPMEM_MUST_COPY);
	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					"application/json");
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
					"no-store");
	}
	return r;
}
