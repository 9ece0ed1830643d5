// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck clear: empty slots of bugcheck.ko's region.
 *
 * The slot is listed first and, when it holds a verified record, that
 * record's boot id and sequence number go with the CLEAR request, so a
 * crash stored into the slot between the two requests is never erased.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "genl.h"
#include "record.h"
#include "log.h"

static bool arg_all;
static bool arg_force;
static int arg_slot = -1;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck clear [--force] SLOT\n"
	      "       bugcheck clear [--force] --all\n"
	      "\n"
	      "Empty slots of the crash-record region kept by bugcheck.ko, so that\n"
	      "they can take new crashes.  Without --force only records that were\n"
	      "collected (see bugcheck collect --ack) are erased: the module refuses\n"
	      "to erase a record nobody has read yet, or a damaged one.\n"
	      "\n"
	      "Arguments:\n"
	      "  SLOT         Slot number, as shown by bugcheck status.\n"
	      "\n"
	      "Options:\n"
	      "  -a, --all    Clear every non-empty slot.\n"
	      "  -f, --force  Also erase uncollected, torn and damaged records.  The\n"
	      "               crash they describe is lost.\n"
	      "  -h, --help   Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  every requested slot is empty now\n"
	      "  1  a slot was not cleared (not collected, capture running, module\n"
	      "     not loaded, permission denied, ...)\n"
	      "  2  usage error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck collect --ack && bugcheck clear --all\n"
	      "  bugcheck clear --force 3\n",
	      f);
}

static int parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char *end;
	long v;
	int o;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "afh", opts, NULL)) != -1) {
		switch (o) {
		case 'a':
			arg_all = true;
			break;
		case 'f':
			arg_force = true;
			break;
		case 'h':
			usage(stdout);
			return BC_CLI_HELP;
		default:
			bc_log(LOG_ERR, "bugcheck clear: unknown option '%s'\n",
			       argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		if (arg_all || optind + 1 < argc) {
			bc_log(LOG_ERR,
			       "bugcheck clear: give one SLOT or --all\n");
			return -EINVAL;
		}
		errno = 0;
		v = strtol(argv[optind], &end, 10);
		if (errno || end == argv[optind] || *end || v < 0 ||
		    v >= BUGCHECK_MAX_SLOTS) {
			bc_log(LOG_ERR,
			       "bugcheck clear: invalid slot '%s' (0..%d)\n",
			       argv[optind], BUGCHECK_MAX_SLOTS - 1);
			return -EINVAL;
		}
		arg_slot = (int)v;
	} else if (!arg_all) {
		bc_log(LOG_ERR,
		       "bugcheck clear: give a SLOT or --all (see --help)\n");
		return -EINVAL;
	}
	return 0;
}

static int clear_one(struct bc_genl *g, const struct bc_genl_slot *s)
{
	int ret;

	ret = bc_genl_clear(g, s->slot, s->have_record ? s->boot_id : NULL,
			    s->seq, arg_force);
	if (ret) {
		bc_log(LOG_ERR, "bugcheck clear: slot %u not cleared: %s%s%s\n",
		       s->slot, bc_genl_strerror(ret),
		       *bc_genl_errmsg(g) ? ": " : "", bc_genl_errmsg(g));
		return ret;
	}
	printf("slot %u cleared (was %s, %s)\n", s->slot,
	       bc_valid_str(s->valid), bc_rec_state_str(s->state));
	return 0;
}

int bc_cmd_clear(int argc, char **argv)
{
	struct bc_genl_slot slots[BUGCHECK_MAX_SLOTS];
	struct bc_genl *g = NULL;
	size_t n = 0, i;
	int ret, failed = 0;
	bool found = false;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	ret = bc_genl_open(&g);
	if (ret) {
		if (ret == -ENOENT)
			bc_log(LOG_ERR,
			       "bugcheck clear: generic netlink family \"%s\" not found: is bugcheck.ko loaded?\n",
			       BUGCHECK_GENL_NAME);
		else
			bc_log(LOG_ERR,
			       "bugcheck clear: failed to open netlink: %s\n",
			       bc_genl_strerror(ret));
		return bc_fail(ret);
	}
	ret = bc_genl_list(g, slots, BUGCHECK_MAX_SLOTS, &n);
	if (ret) {
		bc_log(LOG_ERR,
		       "bugcheck clear: failed to list slots: %s%s%s\n",
		       bc_genl_strerror(ret), *bc_genl_errmsg(g) ? ": " : "",
		       bc_genl_errmsg(g));
		bc_genl_close(g);
		return bc_fail(ret);
	}
	for (i = 0; i < n; i++) {
		if (!arg_all && (int)slots[i].slot != arg_slot)
			continue;
		found = true;
		if (clear_one(g, &slots[i]))
			failed++;
	}
	if (!found && arg_all) {
		printf("all slots are empty\n");
	} else if (!found) {
		/* Not listed: empty, or out of range (the kernel says which). */
		ret = bc_genl_clear(g, arg_slot, NULL, 0, arg_force);
		if (ret) {
			bc_log(LOG_ERR,
			       "bugcheck clear: slot %d not cleared: %s%s%s\n",
			       arg_slot,
			       ret == -ENOENT ? "no such slot" :
						bc_genl_strerror(ret),
			       *bc_genl_errmsg(g) ? ": " : "",
			       bc_genl_errmsg(g));
			failed++;
		} else {
			printf("slot %d is already empty\n", arg_slot);
		}
	}
	bc_genl_close(g);
	return failed ? -EIO : 0;
}
