/* accountsctl: create or migrate the database, manage users, purge expired
 * rows and take online backups (contract §6).  Messages go to stderr, data
 * to stdout; exit 0 on success, 1 on error, 2 on a usage error. */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"

#define EX_OK		0
#define EX_ERR		1
#define EX_USAGE	2

/* files check --fix leaves alone what is younger than this: a file an
 * upload has just put in place, before its row commits, is no orphan,
 * nor is the spool file of an upload still coming in. */
#define FILES_GRACE	(15 * 60)

static const char usage_text[] =
    "usage: accountsctl [-d DB] COMMAND\n"
    "commands:\n"
    "  init                                  create or migrate the database\n"
    "  user add NAME [--email E] [--role R]  password on stdin\n"
    "  user passwd NAME                      password on stdin\n"
    "  user role NAME ROLE\n"
    "  user list\n"
    "  user disable NAME\n"
    "  user enable NAME\n"
    "  sessions purge                        drop expired sessions, codes,\n"
    "                                        throttle windows\n"
    "  backup FILE                           online copy into a new FILE\n"
    "  reindex                               count the counters again and\n"
    "                                        rebuild the search index (after\n"
    "                                        rows written by hand)\n"
    "  routes DIALECT                        a dialect's routing table, for\n"
    "                                        apache/render.sh ROUTES=\n"
    "  files check [--fix]                   stored files without a row,\n"
    "                                        rows without a file; --fix\n"
    "                                        removes the former, stale\n"
    "                                        spool files and the trash\n"
    "DB defaults to $ACCOUNTS_DB, else " ACCOUNTS_STATEDIR "/accounts.db\n";

struct cmd {
	const char	*name;
	const char	*sub;	/* NULL: the command takes no sub-command */
	int		 nargs;	/* exact number of operands, -1: checked later */
	int		(*run)(const char *db, int argc, char **argv);
};

static int
usage(void)
{
	fputs(usage_text, stderr);
	return EX_USAGE;
}

/* Runs a validator of valid.h on a command-line value; on success *out
 * is a malloc'ed copy of the validated text. */
static int
check_value(const char *what, validator fn, const char *val, char **out)
{
	struct param	 p;
	struct fval	 v;
	const char	*msg;

	memset(&p, 0, sizeof(p));
	memset(&v, 0, sizeof(v));
	p.name = (char *)what;
	p.val = (char *)val;
	p.valsz = strlen(val);
	p.type = PT_STRING;
	if ((msg = fn(&p, &v)) != NULL) {
		warnx("%s: %s", what, msg);
		return -1;
	}
	if (v.s == NULL)
		*out = strdup(val);
	else
		*out = strndup(v.s, v.len);
	if (*out == NULL) {
		warn("%s", what);
		return -1;
	}
	return 0;
}

/* Reads the first line of stdin into buf (PW_MAX_LEN + 2 bytes) without
 * its line end, and checks it as the API would. */
static int
read_password(char *buf)
{
	size_t	 n = 0;
	int	 c;
	char	*valid = NULL;

	if (isatty(STDIN_FILENO))
		fputs("Password: ", stderr);
	while ((c = getchar()) != EOF && c != '\n') {
		if (c == '\0' || n > PW_MAX_LEN) {
			warnx("password: %s", c == '\0' ? "contains NUL" :
			    "too long");
			return -1;
		}
		buf[n++] = (char)c;
	}
	if (ferror(stdin)) {
		warn("stdin");
		return -1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (n == 0 || n < PW_MIN_LEN || n > PW_MAX_LEN) {
		warnx("password: %s", n == 0 ? "empty (give it on stdin)" :
		    n > PW_MAX_LEN ? "too long" : "too short");
		return -1;
	}
	if (check_value("password", valid_password, buf, &valid) == -1)
		return -1;
	explicit_bzero(valid, strlen(valid));
	free(valid);
	return 0;
}

/* Reads, checks and hashes the password on stdin into hash, at the cost
 * the CGIs use (setting_hash_cost): a user made here must not be told
 * apart by the time a wrong password takes. */
static int
new_hash(sqlite3 *db, char *hash)
{
	char		 pw[PW_MAX_LEN + 2];
	struct cfg	 c;
	int		 rc;

	if (read_password(pw) == -1) {
		explicit_bzero(pw, sizeof(pw));
		return -1;
	}
	cfg_load(&c);
	rc = pw_hash(pw, setting_hash_cost(db, &c), hash, PW_HASH_MAX);
	explicit_bzero(pw, sizeof(pw));
	if (rc != ST_OK)
		warnx("password hashing failed");
	return rc == ST_OK ? 0 : -1;
}

static sqlite3 *
open_db(const char *path)
{
	sqlite3	*db = NULL;

	if (db_open(path, &db) != ST_OK) {
		warnx("%s: missing, unreadable or not at schema version %d "
		    "(run accountsctl init)", path, db_schema_version);
		return NULL;
	}
	return db;
}

/* Ends the write transaction: commits on ST_OK, else rolls back. */
static int
finish(sqlite3 *db, int st)
{
	if (st == ST_OK && db_commit(db) == ST_OK)
		return EX_OK;
	if (st == ST_OK)
		warnx("commit failed");
	db_rollback(db);
	return EX_ERR;
}

/* Inside a transaction: the id of user name, or 0 and a message. */
static int64_t
find_user(sqlite3 *db, const char *name)
{
	struct user	 u;
	int64_t		 id;
	int		 rc;

	memset(&u, 0, sizeof(u));
	if ((rc = user_get_by_login(db, name, &u)) != ST_OK) {
		warnx("%s: %s", name, rc == ST_NOT_FOUND ? "no such user" :
		    "lookup failed");
		return 0;
	}
	id = u.id;
	user_free(&u);
	return id;
}

static int
find_role(sqlite3 *db, const char *name, int64_t *id)
{
	struct role	r;
	int		rc;

	if ((rc = role_find(db, name, &r)) != ST_OK)
		warnx("%s: %s", name, rc == ST_NOT_FOUND ? "unknown role" :
		    "role lookup failed");
	*id = r.id;
	role_free(&r);
	return rc;
}

/* Creates or migrates the database, and stores the hash cost the CGIs
 * and this tool share: ACCOUNTS_HASH_COST when set, else the default
 * unless one is stored already. */
static int
cmd_init(const char *path, int argc, char **argv)
{
	struct cfg	 c;
	sqlite3		*db;
	int64_t		 v;
	int		 rc;

	(void)argc;
	(void)argv;
	if (db_migrate(path) != ST_OK) {
		warnx("%s: migration failed", path);
		return EX_ERR;
	}
	cfg_load(&c);
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	rc = setting_get_int(db, "hash_cost", &v);
	if (c.hash_cost > 0 || rc == ST_NOT_FOUND)
		rc = setting_set_int(db, "hash_cost", c.hash_cost > 0 ?
		    c.hash_cost : HASH_COST_DEFAULT);
	db_close(db);
	if (rc != ST_OK) {
		warnx("%s: cannot store the hash cost", path);
		return EX_ERR;
	}
	return EX_OK;
}

/* Options of user add after NAME: --email E, --role R (or --opt=V). */
static int
add_options(int argc, char **argv, const char **name, const char **email,
    const char **role)
{
	int		 i;
	const char	**dst, *v;

	for (i = 0; i < argc; i++) {
		dst = NULL;
		if (strncmp(argv[i], "--email", 7) == 0)
			dst = email, v = argv[i] + 7;
		else if (strncmp(argv[i], "--role", 6) == 0)
			dst = role, v = argv[i] + 6;
		else if (argv[i][0] == '-' || *name != NULL)
			return -1;
		else {
			*name = argv[i];
			continue;
		}
		if (*v == '=')
			*dst = v + 1;
		else if (*v == '\0' && i + 1 < argc)
			*dst = argv[++i];
		else
			return -1;
	}
	return *name == NULL ? -1 : 0;
}

static int
insert_user(sqlite3 *db, const char *name, const char *email,
    const char *role, const char *hash)
{
	struct user_new	 n = { .username = name, .email = email,
			    .hash = hash };
	int64_t		 id = 0;
	int		 rc;

	if (db_begin(db) != ST_OK) {
		warnx("cannot start a transaction");
		return EX_ERR;
	}
	if ((rc = find_role(db, role, &n.role_id)) != ST_OK)
		return finish(db, rc);
	rc = user_insert(db, &n, &id);
	if (rc == ST_USERNAME_USED)
		warnx("%s: username has been used", name);
	else if (rc == ST_EMAIL_USED)
		warnx("%s: email has been used", email);
	else if (rc != ST_OK)
		warnx("%s: cannot add the user", name);
	if ((rc = finish(db, rc)) == EX_OK)
		printf("%lld\n", (long long)id);
	return rc;
}

static int
cmd_user_add(const char *path, int argc, char **argv)
{
	const char	*name = NULL, *email = NULL, *role = "user";
	char		*vname = NULL, *vemail = NULL, *vrole = NULL;
	char		 hash[PW_HASH_MAX];
	sqlite3		*db = NULL;
	int		 ret = EX_ERR;

	if (add_options(argc, argv, &name, &email, &role) == -1)
		return usage();
	if (check_value("username", valid_username, name, &vname) == -1 ||
	    (email != NULL &&
	    check_value("email", valid_email, email, &vemail) == -1) ||
	    check_value("role", valid_role_name, role, &vrole) == -1)
		goto out;
	if ((db = open_db(path)) == NULL || new_hash(db, hash) == -1)
		goto out;
	ret = insert_user(db, vname, vemail, vrole, hash);
out:
	db_close(db);
	free(vname);
	free(vemail);
	free(vrole);
	return ret;
}

static int
cmd_user_passwd(const char *path, int argc, char **argv)
{
	char		 hash[PW_HASH_MAX];
	sqlite3		*db;
	int64_t		 id;
	int		 rc;

	(void)argc;
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	/* Look the user up first: no point asking for a password in vain. */
	if (find_user(db, argv[0]) == 0 || new_hash(db, hash) == -1) {
		db_close(db);
		return EX_ERR;
	}
	if (db_begin(db) != ST_OK)
		rc = EX_ERR;
	else if ((id = find_user(db, argv[0])) == 0)
		rc = finish(db, ST_NOT_FOUND);
	else if ((rc = user_set_password(db, id, hash, 0)) == ST_OK)
		rc = finish(db, sess_revoke_user(db, id, 0));
	else
		rc = finish(db, rc);
	explicit_bzero(hash, sizeof(hash));
	db_close(db);
	return rc;
}

static int
cmd_user_role(const char *path, int argc, char **argv)
{
	sqlite3		*db;
	int64_t		 id, role_id;
	int		 rc;

	(void)argc;
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	if (db_begin(db) != ST_OK)
		rc = EX_ERR;
	else if ((id = find_user(db, argv[0])) == 0)
		rc = finish(db, ST_NOT_FOUND);
	else if ((rc = find_role(db, argv[1], &role_id)) != ST_OK)
		rc = finish(db, rc);
	else
		rc = finish(db, user_set_role(db, id, role_id, 0));
	db_close(db);
	return rc;
}

static int
set_active(const char *path, const char *name, int active)
{
	sqlite3		*db;
	int64_t		 id;
	int		 rc;

	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	if (db_begin(db) != ST_OK)
		rc = EX_ERR;
	else if ((id = find_user(db, name)) == 0)
		rc = finish(db, ST_NOT_FOUND);
	else if ((rc = user_set_active(db, id, active, 0)) != ST_OK)
		rc = finish(db, rc);
	else	/* disabled: no session lives on; enabled: no ban stands */
		rc = finish(db, active ? ban_lift_user(db, id) :
		    sess_revoke_user(db, id, 0));
	db_close(db);
	return rc;
}

static int
cmd_user_disable(const char *path, int argc, char **argv)
{
	(void)argc;
	return set_active(path, argv[0], 0);
}

static int
cmd_user_enable(const char *path, int argc, char **argv)
{
	(void)argc;
	return set_active(path, argv[0], 1);
}

/* One line of user list: id, username, email, role, active, created. */
static int
print_user(void *arg, const struct user *u)
{
	char	 created[32];

	(void)arg;
	iso8601(u->created_at, created);
	printf("%lld\t%s\t%s\t%s\t%d\t%s\n", (long long)u->id, u->username,
	    u->email != NULL ? u->email : "", u->role != NULL ? u->role : "",
	    u->is_active, created);
	return ferror(stdout) ? ST_INTERNAL : ST_OK;
}

static int
cmd_user_list(const char *path, int argc, char **argv)
{
	struct user_filter	 f;
	sqlite3			*db;
	int			 rc;

	(void)argc;
	(void)argv;
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	user_filter_init(&f);
	rc = user_list(db, &f, -1, 0, 0, print_user, NULL);
	db_close(db);
	if (rc != ST_OK || fflush(stdout) != 0) {
		warnx("cannot list the users");
		return EX_ERR;
	}
	return EX_OK;
}

static int
cmd_sessions_purge(const char *path, int argc, char **argv)
{
	struct purge_counts	 n;
	sqlite3			*db;
	int			 rc;

	(void)argc;
	(void)argv;
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	if (db_begin(db) != ST_OK)
		rc = EX_ERR;
	else
		rc = finish(db, store_purge(db, db_now(), &n));
	db_close(db);
	if (rc != EX_OK) {
		warnx("purge failed");
		return rc;
	}
	printf("sessions\t%lld\ncodes\t%lld\nthrottle\t%lld\n",
	    (long long)n.sessions, (long long)n.codes, (long long)n.throttle);
	return EX_OK;
}

/* Opens the source directly rather than with db_open: a backup must work
 * before a migration too, when the schema version does not match. */
static int
cmd_backup(const char *path, int argc, char **argv)
{
	sqlite3		*db = NULL;
	int		 rc;

	(void)argc;
	if (access(path, F_OK) == -1) {
		warn("%s", path);
		return EX_ERR;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		warnx("%s: %s", path, db != NULL ? sqlite3_errmsg(db) :
		    "out of memory");
		sqlite3_close(db);
		return EX_ERR;
	}
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	rc = store_backup(db, argv[0]);
	sqlite3_close(db);
	if (rc == ST_CONFLICT)
		warnx("%s: exists, not overwritten", argv[0]);
	else if (rc != ST_OK)
		warnx("%s: backup failed", argv[0]);
	return rc == ST_OK ? EX_OK : EX_ERR;
}

/* After rows were written by hand (SQL): the counters and the search
 * index made right again. */
static int
cmd_reindex(const char *path, int argc, char **argv)
{
	sqlite3	*db;
	int	 rc;

	(void)argc;
	(void)argv;
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	if (db_begin(db) != ST_OK)
		rc = EX_ERR;
	else
		rc = finish(db, store_reindex(db));
	db_close(db);
	if (rc != EX_OK)
		warnx("reindex failed");
	return rc;
}

/* The routing table of a dialect, in the format of cgi-bin/routes.txt:
 * the paths of its document and the programs behind them. */
static int
cmd_routes(const char *path, int argc, char **argv)
{
	const struct dialect	*d;
	size_t			 i;

	(void)path;
	(void)argc;
	for (i = 0; (d = dialect_at(i)) != NULL; i++)
		if (strcmp(d->name, argv[0]) == 0) {
			dialect_print_routes(stdout, d);
			return fflush(stdout) == 0 ? EX_OK : EX_ERR;
		}
	warnx("%s: no such dialect", argv[0]);
	return EX_ERR;
}

/* --- files check ---------------------------------------------------- */

/* A stored name some row uses: "dir/name", and the row. */
struct ref {
	char	*key;
	int64_t	 id;
};

struct refs {
	struct ref	*r;
	size_t		 n, cap;
};

static int
add_ref(void *arg, const char *dir, const char *name, int64_t id)
{
	struct refs	*rs = arg;
	struct ref	*r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 256;
		if ((r = reallocarray(rs->r, rs->cap, sizeof(*r))) == NULL)
			return ST_INTERNAL;
		rs->r = r;
	}
	if (asprintf(&rs->r[rs->n].key, "%s/%s", dir, name) < 0)
		return ST_INTERNAL;
	rs->r[rs->n++].id = id;
	return 0;
}

static int
ref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ref *)a)->key,
	    ((const struct ref *)b)->key);
}

static void
refs_free(struct refs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].key);
	free(rs->r);
}

/* What the walk found and did. */
struct fcount {
	int64_t	 orphans, missing, spool, removed;
};

/* Reports (and with fix, removes when older than FILES_GRACE) every
 * entry of data_dir/dir that no row uses; in the spool directory, every
 * entry.  what names the finding. */
static int
walk(const char *data_dir, const char *dir, const struct refs *rs, int fix,
    const char *what, int64_t *found, int64_t *removed)
{
	char		 p[4096];
	struct ref	 key;
	struct dirent	*e;
	struct stat	 sb;
	DIR		*d;

	snprintf(p, sizeof(p), "%s/%s", data_dir, dir);
	if ((d = opendir(p)) == NULL) {
		if (errno == ENOENT)
			return 0;
		warn("%s", p);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		key.key = p;
		if (rs != NULL && rs->n > 0 && bsearch(&key, rs->r, rs->n,
		    sizeof(*rs->r), ref_cmp) != NULL)
			continue;
		(*found)++;
		printf("%s\t%s\n", what, p);
		snprintf(p, sizeof(p), "%s/%s/%s", data_dir, dir, e->d_name);
		if (!fix || lstat(p, &sb) != 0 || S_ISDIR(sb.st_mode) ||
		    sb.st_mtime > time(NULL) - FILES_GRACE)
			continue;
		if (unlink(p) != 0)
			warn("%s", p);
		else {
			(*removed)++;
			printf("removed\t%s/%s\n", dir, e->d_name);
		}
	}
	closedir(d);
	return 0;
}

/* Rows whose file is not there. */
static void
missing(const char *data_dir, const struct refs *rs, int64_t *found)
{
	char		p[4096];
	struct stat	sb;
	size_t		i;

	for (i = 0; i < rs->n; i++) {
		snprintf(p, sizeof(p), "%s/%s", data_dir, rs->r[i].key);
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
			continue;
		(*found)++;
		printf("missing\t%s\t%s %lld\n", rs->r[i].key,
		    strncmp(rs->r[i].key, "files/", 6) == 0 ? "upload" :
		    "user", (long long)rs->r[i].id);
	}
}

static int
cmd_files_check(const char *path, int argc, char **argv)
{
	struct fcount	 n = { 0 };
	struct refs	 rs = { 0 };
	struct cfg	 c;
	sqlite3		*db;
	int		 fix = 0, rc = EX_OK;

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "--fix") != 0))
		return usage();
	fix = argc == 1;
	cfg_load(&c);
	if ((db = open_db(path)) == NULL)
		return EX_ERR;
	if (fix)
		printf("swept\t%lld\n", (long long)upload_sweep(db,
		    c.data_dir));
	if (file_refs(db, add_ref, &rs) != ST_OK) {
		warnx("cannot read the stored names");
		rc = EX_ERR;
	} else {
		if (rs.n > 0)	/* no names: rs.r is NULL */
			qsort(rs.r, rs.n, sizeof(*rs.r), ref_cmp);
		if (walk(c.data_dir, "files", &rs, fix, "orphan",
		    &n.orphans, &n.removed) != 0 ||
		    walk(c.data_dir, "avatars", &rs, fix, "orphan",
		    &n.orphans, &n.removed) != 0 ||
		    walk(c.data_dir, UPLOAD_TMP, NULL, fix, "spool",
		    &n.spool, &n.removed) != 0)
			rc = EX_ERR;
		missing(c.data_dir, &rs, &n.missing);
	}
	refs_free(&rs);
	db_close(db);
	fprintf(stderr, "accountsctl: %s: %lld orphans, %lld missing, "
	    "%lld spool files; %lld removed\n", c.data_dir,
	    (long long)n.orphans, (long long)n.missing, (long long)n.spool,
	    (long long)n.removed);
	return fflush(stdout) == 0 ? rc : EX_ERR;
}

static const struct cmd cmds[] = {
	{ "init",	NULL,		0,	cmd_init },
	{ "user",	"add",		-1,	cmd_user_add },
	{ "user",	"passwd",	1,	cmd_user_passwd },
	{ "user",	"role",		2,	cmd_user_role },
	{ "user",	"list",		0,	cmd_user_list },
	{ "user",	"disable",	1,	cmd_user_disable },
	{ "user",	"enable",	1,	cmd_user_enable },
	{ "sessions",	"purge",	0,	cmd_sessions_purge },
	{ "backup",	NULL,		1,	cmd_backup },
	{ "routes",	NULL,		1,	cmd_routes },
	{ "reindex",	NULL,		0,	cmd_reindex },
	{ "files",	"check",	-1,	cmd_files_check },
};

/* The entry of argv's command words, with argc/argv moved past them. */
static const struct cmd *
find_cmd(int *argc, char ***argv)
{
	size_t	 i, skip;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp((*argv)[0], cmds[i].name) != 0)
			continue;
		if (cmds[i].sub != NULL && (*argc < 2 ||
		    strcmp((*argv)[1], cmds[i].sub) != 0))
			continue;
		skip = cmds[i].sub != NULL ? 2 : 1;
		*argc -= (int)skip;
		*argv += skip;
		return &cmds[i];
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;
	const char		*db = NULL;
	int			 ch;

	while ((ch = getopt(argc, argv, "+d:h")) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EX_OK;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (c = find_cmd(&argc, &argv)) == NULL)
		return usage();
	if (c->nargs >= 0 && argc != c->nargs)
		return usage();
	if (db == NULL || *db == '\0')
		db = getenv("ACCOUNTS_DB");
	if (db == NULL || *db == '\0')
		db = ACCOUNTS_STATEDIR "/accounts.db";
	return c->run(db, argc, argv);
}
