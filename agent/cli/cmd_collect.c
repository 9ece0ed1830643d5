// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck collect: the options; the pipeline itself (gather, classify,
 * claim, emit, store) is agent/collect/collect.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "collect.h"
#include "config.h"
#include "log.h"
#include "plugin.h"
#include "sources.h"

static bool arg_json;
static bool arg_ack;
static bool arg_no_ack;
static bool arg_spool;
static bool arg_dry_run;
static const char *arg_file;
static const char *arg_config;
static const char *arg_spool_dir;
static const char *arg_plugins;
static unsigned int arg_sources = BC_COLLECT_MODULE | BC_COLLECT_PSTORE |
				  BC_COLLECT_KDUMP;

static void usage(FILE *f)
{
	fputs("Usage: bugcheck collect [OPTIONS]\n"
	      "       bugcheck collect --json [--ack] [--spool]\n"
	      "       bugcheck collect [--json] [--spool] --from-file PATH\n"
	      "\n"
	      "Gather the kernel crashes this machine kept across the reboot, classify\n"
	      "each, and store one report per crash in the spool, from which\n"
	      "\"bugcheck forward\" sends them.  The sources are:\n"
	      "  module  the records bugcheck.ko kept in reserved memory (netlink)\n"
	      "  pstore  dmesg dumps in /sys/fs/pstore (ramoops, efi-pstore); multi-part\n"
	      "          dumps are put back together\n"
	      "  kdump   dmesg files in /var/crash/*/ (kdump-tools, vmcore-dmesg,\n"
	      "          makedumpfile --dump-dmesg)\n"
	      "Each report is written atomically (write, fsync, rename, fsync of the\n"
	      "directory); only then is the crash released at its source: the module\n"
	      "record is marked collected, the pstore files are removed, the kdump\n"
	      "directory gets a \"" BC_KDUMP_MARKER
	      "\" file (the dump itself stays).\n"
	      "A crash collected twice (power cut before the release) is one report,\n"
	      "because the report id is derived from the crash.\n"
	      "\n"
	      "Every non-empty slot is shown, damaged ones too: a record that fails\n"
	      "validation is printed with status \"corrupt\", is not spooled and is not\n"
	      "acknowledged (\"bugcheck clear\" empties it).\n"
	      "\n"
	      "With --json the command is an inspection tool, as before spooling\n"
	      "existed: it prints and changes nothing unless --spool or --ack is given.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json            Print one JSON object per crash and line (JSON\n"
	      "                        Lines) instead of a summary.  Module records have\n"
	      "                        the keys status (ok|corrupt), verdict, slot,\n"
	      "                        state, boot_id, seq, wall_time, reason,\n"
	      "                        kernel_release, message, log, stack, modules,\n"
	      "                        regs, capture_ns, stored_bytes, tail,\n"
	      "                        classification and report_id; see\n"
	      "                        docs/record-format.md.  pstore and kdump crashes\n"
	      "                        have status, source, origin, crash_time, log,\n"
	      "                        classification and report_id.\n"
	      "  -a, --ack             In the print-only mode, mark each verified module\n"
	      "                        record as collected after printing it.  Needs\n"
	      "                        CAP_SYS_ADMIN.\n"
	      "  -s, --spool           Spool the reports also with --json or --from-file.\n"
	      "  -n, --dry-run, --no-spool\n"
	      "                        Print only: spool nothing, acknowledge nothing.\n"
	      "      --no-ack          Spool, but leave every crash in its source.\n"
	      "      --source LIST     Comma-separated sources: module, pstore, kdump, or\n"
	      "                        auto (each source only when it is present:\n"
	      "                        module loaded, directory there).  Default\n"
	      "                        module,pstore,kdump, where an unreachable module\n"
	      "                        is an error.\n"
	      "  -f, --from-file PATH  Decode PATH instead of asking the module: either\n"
	      "                        a copy of the whole reserved region (recognised\n"
	      "                        by its \"BUGCHKRG\" header, e.g. taken with dd from\n"
	      "                        /dev/mem or a kdump vmcore) or the bytes of one\n"
	      "                        slot or record.  Prints only, unless --spool.\n"
	      "  -c, --config FILE     Configuration file (default " BC_CONFIG_DEFAULT
	      ").\n"
	      "      --spool-dir DIR   Spool directory (default from the configuration,\n"
	      "                        /var/spool/bugcheck).\n"
	      "      --plugins DIR     Vendor plug-in configuration directory (default\n"
	      "                        " BC_PLUGINS_DIR_DEFAULT
	      ").  The first plug-in\n"
	      "                        that claims a record sets its event name and\n"
	      "                        signature, shown as \"claim\" and sent to the\n"
	      "                        server; see docs/plugins.md.\n"
	      "  -h, --help            Show this help.\n"
	      "\n"
	      "Exit status:\n"
	      "  0  every crash was read, and spooled and released where asked\n"
	      "     (corrupt records included: they are shown, not spooled)\n"
	      "  1  a requested source could not be read (module not loaded, slot\n"
	      "     unreadable, file unreadable or not a record), a report could not\n"
	      "     be spooled, or an acknowledgement failed\n"
	      "  2  usage or configuration error\n"
	      "\n"
	      "Examples:\n"
	      "  bugcheck collect --source auto          # what the boot unit runs\n"
	      "  bugcheck collect --dry-run\n"
	      "  bugcheck collect --json | jq .classification.failure_name\n"
	      "  dd if=/dev/mem of=region.bin bs=4096 skip=$((0x7f000000/4096)) count=4097\n"
	      "  bugcheck collect --json --from-file region.bin | jq .classification\n",
	      f);
}

static int parse_sources(const char *arg)
{
	char buf[128], *tok, *save = NULL;
	unsigned int m = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "module"))
			m |= BC_COLLECT_MODULE;
		else if (!strcmp(tok, "pstore"))
			m |= BC_COLLECT_PSTORE;
		else if (!strcmp(tok, "kdump"))
			m |= BC_COLLECT_KDUMP;
		else if (!strcmp(tok, "auto"))
			m |= BC_COLLECT_AUTO | BC_COLLECT_MODULE |
			     BC_COLLECT_PSTORE | BC_COLLECT_KDUMP;
		else
			return -EINVAL;
	}
	return m ? (int)m : -EINVAL;
}

static int parse_args(int argc, char **argv)
{
	enum { OPT_NO_ACK = 256, OPT_SOURCE, OPT_SPOOL_DIR, OPT_PLUGINS };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "ack", no_argument, NULL, 'a' },
		{ "spool", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "no-spool", no_argument, NULL, 'n' },
		{ "no-ack", no_argument, NULL, OPT_NO_ACK },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "from-file", required_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "spool-dir", required_argument, NULL, OPT_SPOOL_DIR },
		{ "plugins", required_argument, NULL, OPT_PLUGINS },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, m;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":jasnf:c:h", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			arg_json = true;
			break;
		case 'a':
			arg_ack = true;
			break;
		case 's':
			arg_spool = true;
			break;
		case 'n':
			arg_dry_run = true;
			break;
		case OPT_NO_ACK:
			arg_no_ack = true;
			break;
		case OPT_SOURCE:
			m = parse_sources(optarg);
			if (m < 0) {
				bc_log(LOG_ERR,
				       "bugcheck collect: bad --source '%s': use module, pstore, kdump or auto, comma-separated\n",
				       optarg);
				return -EINVAL;
			}
			arg_sources = (unsigned int)m;
			break;
		case 'f':
			arg_file = optarg;
			break;
		case 'c':
			arg_config = optarg;
			break;
		case OPT_SPOOL_DIR:
			arg_spool_dir = optarg;
			break;
		case OPT_PLUGINS:
			arg_plugins = optarg;
			break;
		case 'h':
			usage(stdout);
			return BC_CLI_HELP;
		default:
			return bc_cli_bad_option("collect", o, argv);
		}
	}
	if (bc_cli_no_operands("collect", argc, argv))
		return -EINVAL;
	if (arg_ack && arg_file) {
		bc_log(LOG_ERR,
		       "bugcheck collect: --ack cannot be used with --from-file\n");
		return -EINVAL;
	}
	if (arg_dry_run && (arg_ack || arg_spool)) {
		bc_log(LOG_ERR,
		       "bugcheck collect: --dry-run cannot be used with --ack or --spool\n");
		return -EINVAL;
	}
	if (arg_no_ack && arg_ack) {
		bc_log(LOG_ERR,
		       "bugcheck collect: --ack and --no-ack contradict each other\n");
		return -EINVAL;
	}
	return 0;
}

int bc_cmd_collect(int argc, char **argv)
{
	struct bc_collect_opts o = { 0 };
	struct bc_config cfg = { 0 };
	char err[1024];
	int ret;

	ret = parse_args(argc, argv);
	if (ret)
		return ret > 0 ? 0 : ret;
	ret = bc_config_load(&cfg, arg_config, err, sizeof(err));
	if (ret) {
		bc_log(LOG_ERR, "bugcheck collect: %s\n", err);
		return -EINVAL;
	}
	if (arg_spool_dir)
		snprintf(cfg.spool_dir, sizeof(cfg.spool_dir), "%s",
			 arg_spool_dir);
	o.sources = arg_sources;
	o.file = arg_file;
	o.plugins = arg_plugins;
	o.json = arg_json;
	o.ack = arg_ack;
	o.spool = !arg_dry_run && (arg_spool || (!arg_json && !arg_file));
	o.ack_after_spool = o.spool && !arg_file && !arg_no_ack;
	return bc_collect_run(&o, &cfg);
}
