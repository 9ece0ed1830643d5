// SPDX-License-Identifier: GPL-2.0
/*
 * Record -> classifier adapter, the "no crash found" classification and
 * the JSON form of a classification (classification.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "classification.h"
#include "classify_report.h"

int bc_record_classify(const struct bc_record *r, struct bc_classification *cls)
{
	struct bc_fact_frame frames[BC_REC_MAX_FRAMES];
	const char *mods[BC_REC_MAX_MODULES];
	struct bc_crash_facts f = { 0 };
	unsigned int i;

	if (r->log.ok) {
		f.log = r->log.text;
		f.log_len = r->log.len;
	}
	f.message = r->message.present ? r->message.s : NULL;
	f.reason = r->reason;
	f.release = r->release.present ? r->release.s : NULL;
	f.taint = r->taint;
	/* An oops whose panic was added to the tail did panic too. */
	f.panicked = (r->flags & BUGCHECK_RF_PANICKED) || r->tail.panic.present;
	for (i = 0; i < r->nframes && i < BC_REC_MAX_FRAMES; i++) {
		frames[i].symbol =
			r->frames[i].symbol[0] ? r->frames[i].symbol : NULL;
		frames[i].module = bc_rec_module_name(r, r->frames[i].module);
		frames[i].offset = r->frames[i].offset;
	}
	f.nframes = i;
	f.frames = frames;
	for (i = 0; i < r->nmodules && i < BC_REC_MAX_MODULES; i++)
		mods[i] = r->modules[i].name;
	f.nmodules = i;
	f.modules = mods;
	return bc_classify_facts(&f, cls);
}

void bc_classification_unknown(struct bc_classification *k, const char *why)
{
	memset(k, 0, sizeof(*k));
	k->cls = BUGCHECK_CLASS_UNKNOWN;
	snprintf(k->title, sizeof(k->title), "%s dump without a crash report",
		 why);
	snprintf(k->image, sizeof(k->image), "vmlinux");
	snprintf(k->function, sizeof(k->function), "unknown");
	bc_finish_classification(k);
	k->culprit = -1;
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *modules_json(const char *p)
{
	struct json_object *a = json_object_new_array();

	while (a && *p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);

		json_object_array_add(a, json_object_new_string_len(p, (int)n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return a;
}

static struct json_object *frames_json(const struct bc_classification *k)
{
	struct json_object *a = json_object_new_array(), *f;
	unsigned int i;

	for (i = 0; a && i < k->nframes && i < BC_MAX_FRAMES; i++) {
		f = json_object_new_object();
		add(f, "function",
		    json_object_new_string(k->frames[i].function));
		add(f, "module",
		    json_object_new_string(k->frames[i].module[0] ?
						   k->frames[i].module :
						   "vmlinux"));
		add(f, "offset", json_object_new_int64(k->frames[i].offset));
		json_object_array_add(a, f);
	}
	return a;
}

struct json_object *bc_classification_json(const struct bc_classification *k,
					   unsigned int flags)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	add(o, "title", json_object_new_string(k->title));
	add(o, "class", json_object_new_string(bc_class_name(k->cls)));
	add(o, "code", json_object_new_int((int)k->cls));
	add(o, "image", json_object_new_string(k->image));
	add(o, "function", json_object_new_string(k->function));
	add(o, "failure_name", json_object_new_string(k->failure_name));
	add(o, "failure_hash", json_object_new_string(k->failure_hash));
	add(o, "hash_version", json_object_new_int((int)k->hash_spec));
	add(o, "corrupted", json_object_new_boolean(k->corrupted));
	add(o, "panicked", json_object_new_boolean(k->panicked));
	if (!(flags & BC_CLS_JSON_DETAIL))
		return o;
	add(o, "kernel_release",
	    k->kernel_release[0] ? json_object_new_string(k->kernel_release) :
				   NULL);
	add(o, "taint",
	    k->tainted_known ? json_object_new_string(k->taint) : NULL);
	add(o, "modules", modules_json(k->modules));
	add(o, "frames", frames_json(k));
	return o;
}
