// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck-server token create | list | revoke.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "auth.h"
#include "bucket.h"
#include "cmd.h"
#include "log.h"

static const char token_usage[] =
	"Usage:\n"
	"  bugcheck-server token create --role agent|vendor|admin [--module NAME]...\n"
	"                               [--label TEXT] [--db PATH]\n"
	"  bugcheck-server token list [--db PATH]\n"
	"  bugcheck-server token revoke ID [--db PATH]\n"
	"\n"
	"--db defaults to " CONFIG_DEFAULT_DB ", the service's database; a\n"
	"postgresql:// URI (libpq) selects PostgreSQL.\n"
	"create mints a bearer token, prints it once on stdout and stores only\n"
	"its SHA-256.  An agent token may post reports and poll responses; a\n"
	"vendor token sees and answers only buckets blamed on its --module\n"
	"names (at most 32); an admin token sees everything.  list prints id,\n"
	"role, state, creation time, modules and label; revoke ID disables one.\n";

struct token_args {
	const char *db;
	const char *role;
	struct store_token t;
};

int cmd_open_store(const char *db, struct store **ret)
{
	char dir[4096], *slash, shown[4096];
	struct stat sb;
	int r;

	if (!db || !*db) {
		bc_log(LOG_ERR, "No database given (--db PATH)\n");
		return -EINVAL;
	}
	store_spec_redact(db, shown, sizeof(shown));
	snprintf(dir, sizeof(dir), "%s", db);
	slash = strrchr(dir, '/');
	if (slash && !store_is_pg(db)) {
		*(slash == dir ? slash + 1 : slash) = '\0';
		if (stat(dir, &sb) && errno == ENOENT) {
			bc_log(LOG_ERR,
			       "Database directory '%s' does not exist; create it first\n",
			       dir);
			return -ENOENT;
		}
	}
	r = store_open(db, ret);
	if (r && store_is_pg(db))
		bc_log(LOG_ERR,
		       "Failed to open PostgreSQL database '%s': %s (see the error above)\n",
		       shown, strerror(-r));
	else if (r == -EBADMSG)
		bc_log(LOG_ERR,
		       "'%s' is not a SQLite database, or it is damaged\n", db);
	else if (r == -EACCES)
		bc_log(LOG_ERR,
		       "No permission to open or create database '%s' (check the owner of the file and its directory)\n",
		       db);
	else if (r)
		bc_log(LOG_ERR, "Failed to open database '%s': %s\n", db,
		       strerror(-r));
	return r;
}

static bool module_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 56)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		      *s == '.'))
			return false;
	return true;
}

static int print_token(const struct store_token *t, void *data)
{
	char when[BUCKET_DATE_LEN];

	(void)data;
	bucket_format_day(t->created / 86400, when);
	printf("%lld\t%s\t%s\t%s\t", (long long)t->id, auth_role_name(t->role),
	       t->revoked ? "revoked" : "active", when);
	for (size_t i = 0; i < t->n_modules; i++)
		printf("%s%s", i ? "," : "", t->modules[i]);
	printf("%s\t%s\n", t->n_modules ? "" : "-", t->label);
	return 0;
}

/* Returns 1 after --help, 0, or -EINVAL. */
static int parse_token_args(int argc, char **argv, struct token_args *a)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "module", required_argument, NULL, 'm' },
		{ "label", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct store_token *t = &a->t;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a->role = optarg;
			break;
		case 'm':
			if (t->n_modules == STORE_MODULES_MAX) {
				bc_log(LOG_ERR, "At most %d --module options\n",
				       STORE_MODULES_MAX);
				return -EINVAL;
			}
			if (!module_name_ok(optarg)) {
				bc_log(LOG_ERR, "Invalid module name '%s'\n",
				       optarg);
				return -EINVAL;
			}
			snprintf(t->modules[t->n_modules++],
				 sizeof(t->modules[0]), "%s", optarg);
			break;
		case 'l':
			if (strlen(optarg) >= sizeof(t->label) ||
			    strpbrk(optarg, "\t\n\r")) {
				bc_log(LOG_ERR, "Invalid label '%s'\n", optarg);
				return -EINVAL;
			}
			snprintf(t->label, sizeof(t->label), "%s", optarg);
			break;
		case 'd':
			a->db = optarg;
			break;
		case 'h':
			fputs(token_usage, stdout);
			return 1;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

static int token_create(struct token_args *a)
{
	char secret[AUTH_TOKEN_LEN];
	struct store *st;
	int64_t id;
	int r;

	if (!a->role) {
		bc_log(LOG_ERR, "token create: --role is required\n");
		return -EINVAL;
	}
	r = auth_role_parse(a->role);
	if (r < 0) {
		bc_log(LOG_ERR, "Invalid role '%s' (agent, vendor or admin)\n",
		       a->role);
		return -EINVAL;
	}
	a->t.role = r;
	if (a->t.role == ROLE_VENDOR && !a->t.n_modules) {
		bc_log(LOG_ERR, "A vendor token needs at least one --module\n");
		return -EINVAL;
	}
	if (a->t.role != ROLE_VENDOR && a->t.n_modules) {
		bc_log(LOG_ERR, "--module applies to vendor tokens only\n");
		return -EINVAL;
	}
	r = auth_token_new(secret);
	if (!r)
		r = auth_token_hash(secret, a->t.hash);
	if (r) {
		bc_log(LOG_ERR, "Failed to generate a token: %s\n",
		       strerror(-r));
		return r;
	}
	a->t.created = time(NULL);
	r = cmd_open_store(a->db, &st);
	if (r)
		return r;
	r = st->ops->token_add(st, &a->t, &id);
	store_close(st);
	if (r) {
		bc_log(LOG_ERR, "Failed to store the token: %s\n",
		       strerror(-r));
		return r;
	}
	bc_log(LOG_INFO,
	       "Created %s %s token, id %lld; it is shown only once\n",
	       a->t.role == ROLE_AGENT || a->t.role == ROLE_ADMIN ? "an" : "a",
	       auth_role_name(a->t.role), (long long)id);
	printf("%s\n", secret);
	return 0;
}

static int token_list(struct token_args *a)
{
	struct store *st;
	int r;

	if (a->role || a->t.n_modules) {
		bc_log(LOG_ERR, "token list takes only --db\n");
		return -EINVAL;
	}
	r = cmd_open_store(a->db, &st);
	if (r)
		return r;
	r = st->ops->token_list(st, print_token, NULL);
	store_close(st);
	return r;
}

static int token_revoke(struct token_args *a, const char *arg)
{
	unsigned long id;
	struct store *st;
	int r;

	if (!arg || config_parse_ulong(arg, 1, INT64_MAX, &id)) {
		bc_log(LOG_ERR, "token revoke: expected one token id\n");
		return -EINVAL;
	}
	r = cmd_open_store(a->db, &st);
	if (r)
		return r;
	r = st->ops->token_revoke(st, id, time(NULL));
	store_close(st);
	if (r == -ENOENT)
		bc_log(LOG_ERR, "No active token with id %lu\n", id);
	else if (r)
		bc_log(LOG_ERR, "Failed to revoke token %lu: %s\n", id,
		       strerror(-r));
	return r;
}

/* argv[0] is "token"; returns 1 after help, 0 or -errno. */
int cmd_token(int argc, char **argv)
{
	struct token_args a = { .db = CONFIG_DEFAULT_DB };
	const char *verb = argc > 1 ? argv[1] : NULL;
	int r;

	if (!verb) {
		fputs(token_usage, stderr);
		return -EINVAL;
	}
	if (!strcmp(verb, "--help") || !strcmp(verb, "-h") ||
	    !strcmp(verb, "help")) {
		fputs(token_usage, stdout);
		return 1;
	}
	r = parse_token_args(argc - 1, argv + 1, &a);
	if (r)
		return r;
	if (!strcmp(verb, "create") || !strcmp(verb, "list")) {
		if (optind != argc - 1) {
			bc_log(LOG_ERR, "Unexpected argument '%s'\n",
			       argv[optind + 1]);
			return -EINVAL;
		}
		return verb[0] == 'c' ? token_create(&a) : token_list(&a);
	}
	if (!strcmp(verb, "revoke")) {
		if (optind != argc - 2) {
			bc_log(LOG_ERR,
			       "token revoke: expected one token id\n");
			return -EINVAL;
		}
		return token_revoke(&a, argv[optind + 1]);
	}
	bc_log(LOG_ERR,
	       "Unknown token command '%s' (create, list or revoke; see token --help)\n",
	       verb);
	return -EINVAL;
}
