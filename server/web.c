// SPDX-License-Identifier: GPL-2.0
/*
 * Serves the embedded dashboard files (see web.h).
 *
 * Cache policy: the page itself is "no-cache" (always revalidated, so a
 * new server version is picked up at once); the script and style sheet
 * are named after the first 16 hex digits of their SHA-256, so their URL
 * changes with their content and they are "immutable" for a year.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "web.h"

/* web_assets.S: each file's bytes and length */
extern const char web_asset_index_html[], web_asset_app_js[],
	web_asset_app_css[];
extern const uint64_t web_asset_index_html_len, web_asset_app_js_len,
	web_asset_app_css_len;

struct asset {
	const char *stem, *ext; /* served as /static/<stem>.<hash>.<ext> */
	const char *type;
	const char *data;
	const uint64_t *len;
	char url[64]; /* filled by web_init() */
};

static struct asset assets[] = {
	{ .stem = "app",
	  .ext = "js",
	  .type = "text/javascript; charset=utf-8",
	  .data = web_asset_app_js,
	  .len = &web_asset_app_js_len },
	{ .stem = "app",
	  .ext = "css",
	  .type = "text/css; charset=utf-8",
	  .data = web_asset_app_css,
	  .len = &web_asset_app_css_len },
};

#define N_ASSETS (sizeof(assets) / sizeof(assets[0]))

/* index.html with @APP_JS@ and @APP_CSS@ replaced by the hashed URLs */
static char *page;
static size_t page_len;

static int replace(char **text, const char *mark, const char *with)
{
	char *at = strstr(*text, mark), *out;
	size_t ml = strlen(mark), wl = strlen(with), tl = strlen(*text);

	if (!at)
		return 0;
	out = malloc(tl - ml + wl + 1);
	if (!out)
		return -ENOMEM;
	memcpy(out, *text, at - *text);
	memcpy(out + (at - *text), with, wl);
	strcpy(out + (at - *text) + wl, at + ml);
	free(*text);
	*text = out;
	return 0;
}

int web_init(void)
{
	static const char *const marks[N_ASSETS] = { "@APP_JS@", "@APP_CSS@" };
	char *text;

	if (page)
		return 0;
	text = strndup(web_asset_index_html, web_asset_index_html_len);
	if (!text)
		return -ENOMEM;
	for (size_t i = 0; i < N_ASSETS; i++) {
		struct asset *a = &assets[i];
		uint8_t md[BC_SHA256_LEN];

		bc_sha256(a->data, *a->len, md);
		snprintf(a->url, sizeof(a->url),
			 "/static/%s.%02x%02x%02x%02x%02x%02x%02x%02x.%s",
			 a->stem, md[0], md[1], md[2], md[3], md[4], md[5],
			 md[6], md[7], a->ext);
		if (replace(&text, marks[i], a->url)) {
			free(text);
			return -ENOMEM;
		}
	}
	page = text;
	page_len = strlen(text);
	return 0;
}

static enum MHD_Result web_send(struct MHD_Connection *c, unsigned int status,
				const char *body, size_t len, const char *type,
				const char *cache)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, (void *)body,
					    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	MHD_add_response_header(r, "Content-Security-Policy", WEB_CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result web_serve(struct MHD_Connection *c, const char *url)
{
	static const char missing[] =
		"{\"error\":{\"code\":\"NotFound\",\"message\":\"no such file\"}}";

	if (!page)
		return web_send(c, 503, "dashboard not initialised\n", 26,
				"text/plain; charset=utf-8", "no-store");
	if (!strncmp(url, "/static/", 8)) {
		for (size_t i = 0; i < N_ASSETS; i++)
			if (!strcmp(url, assets[i].url))
				return web_send(
					c, 200, assets[i].data, *assets[i].len,
					assets[i].type,
					"public, max-age=31536000, immutable");
		return web_send(c, 404, missing, sizeof(missing) - 1,
				"application/json", "no-store");
	}
	return web_send(c, 200, page, page_len, "text/html; charset=utf-8",
			"no-cache");
}
