// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck classify: classify kernel crash logs from a file or stdin.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "classification.h"
#include "classify.h"
#include "cli.h"
#include "log.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bugcheck classify [OPTIONS] [FILE|-]\n"
		"\n"
		"Read a kernel console log, dmesg output, syslog or journal text from FILE\n"
		"(standard input when FILE is '-' or missing) and classify the first kernel\n"
		"crash in it: title, failure class and code, blamed image and function,\n"
		"WER-style failure name and failure hash.  The input is streamed; any size\n"
		"and any bytes are accepted.\n"
		"\n"
		"Options:\n"
		"  -a, --all     report every crash in the input, not only the first\n"
		"  -j, --json    print one JSON object per crash, one per line, with keys\n"
		"                title, class, code, image, function, failure_name,\n"
		"                failure_hash, corrupted, panicked, kernel_release, taint,\n"
		"                modules, frames ([{function, module, offset}])\n"
		"  -h, --help    show this help\n"
		"\n"
		"The failure hash is reproducible by other tools: see docs/classifier.md.\n"
		"\n"
		"Exit status:\n"
		"  0  at least one crash was found and printed\n"
		"  1  no crash was found, or the input could not be read\n"
		"  2  usage error\n");
}

static void print_text(const struct bc_classification *c)
{
	unsigned int i;

	printf("title:          %s\n", c->title);
	printf("class:          %s (0x%02x)\n", bc_class_name(c->cls),
	       (unsigned int)c->cls);
	printf("image:          %s\n", c->image);
	printf("function:       %s\n", c->function[0] ? c->function : "-");
	printf("failure name:   %s\n", c->failure_name);
	printf("failure hash:   %s\n", c->failure_hash);
	printf("corrupted:      %s\n", c->corrupted ? "yes" : "no");
	printf("panicked:       %s\n", c->panicked ? "yes" : "no");
	printf("kernel release: %s\n",
	       c->kernel_release[0] ? c->kernel_release : "-");
	printf("taint:          %s\n", !c->tainted_known ? "-" :
				       c->taint[0]	 ? c->taint :
							   "not tainted");
	printf("modules:        %s\n", c->modules[0] ? c->modules : "-");
	printf("frames:\n");
	for (i = 0; i < c->nframes; i++)
		printf("  %s%s+0x%x%s%s%s\n",
		       (int)i == c->culprit ? "* " : "  ",
		       c->frames[i].function, c->frames[i].offset,
		       c->frames[i].module[0] ? " [" : "", c->frames[i].module,
		       c->frames[i].module[0] ? "]" : "");
}

static int print_json(const struct bc_classification *c)
{
	struct json_object *o = bc_classification_json(c, BC_CLS_JSON_DETAIL);

	if (!o)
		return -ENOMEM;
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return 0;
}

int bc_cmd_classify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	bool arg_all = false, arg_json = false;
	struct bc_classification *res;
	struct bc_classifier *c;
	const char *path = "-";
	static char buf[1 << 16];
	unsigned int found = 0;
	int fd = 0, opt, ret = 0;
	ssize_t n;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "ajh", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			arg_all = true;
			break;
		case 'j':
			arg_json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (argc - optind > 1) {
		bc_log(LOG_ERR, "bugcheck classify: too many arguments\n");
		usage(stderr);
		return -EINVAL;
	}
	if (optind < argc)
		path = argv[optind];
	if (strcmp(path, "-")) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ret = bc_fail(-errno);
			bc_log(LOG_ERR, "Failed to open '%s': %s\n", path,
			       strerror(-ret));
			return ret;
		}
	}
	c = bc_classifier_new(arg_all ? BC_CLASSIFY_ALL : 0);
	res = malloc(sizeof(*res));
	if (!c || !res) {
		bc_log(LOG_ERR, "Failed to allocate the classifier: %s\n",
		       strerror(ENOMEM));
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = bc_fail(-errno);
			bc_log(LOG_ERR, "Failed to read '%s': %s\n", path,
			       strerror(-ret));
			goto out;
		}
		if (n == 0)
			break;
		bc_classifier_feed(c, buf, (size_t)n);
		while (bc_classifier_next(c, res)) {
			found++;
			if (arg_json)
				print_json(res);
			else
				print_text(res);
		}
	}
	bc_classifier_finish(c);
	while (bc_classifier_next(c, res)) {
		if (found && !arg_json)
			putchar('\n');
		found++;
		if (arg_json)
			print_json(res);
		else
			print_text(res);
	}
	if (!found) {
		bc_log(LOG_NOTICE,
		       "bugcheck classify: no kernel crash found\n");
		ret = -ENODATA;
	}
out:
	free(res);
	bc_classifier_free(c);
	if (fd > 0)
		close(fd);
	return ret;
}
