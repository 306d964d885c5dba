/* The users table: loading, creating, changing and listing users, and
 * the JSON shape of a user (include/user.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "jval.h"
#include "page.h"
#include "status.h"
#include "str.h"
#include "user.h"
#include "valid.h"

#define USER_SELECT "SELECT " USER_COLUMNS "FROM users u " USER_ROLE_JOIN

static const char sql_by_id[] = USER_SELECT "WHERE u.id = ?1";
static const char sql_by_name[] = USER_SELECT "WHERE u.username = ?1";
static const char sql_by_email[] = USER_SELECT "WHERE u.email = ?1";
static const char sql_exists[] = "SELECT 1 FROM users WHERE id = ?1";
static const char sql_name_taken[] =
    "SELECT 1 FROM users WHERE username = ?1";
static const char sql_email_taken[] =
    "SELECT 1 FROM users WHERE email = ?1 AND id <> ?2";
static const char sql_occupation[] =
    "SELECT 1 FROM occupations WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO users (username, email, password_hash, role_id, "
    "created_at, updated_at, email_verified, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)";
/* One static statement for any subset of profile fields: each pair is
 * (present?, value); absent fields keep their column. */
static const char sql_profile[] =
    "UPDATE users SET "
    "email = CASE WHEN ?1 THEN ?2 ELSE email END, "
    "email_verified = CASE WHEN ?1 AND email IS NOT ?2 THEN 0 "
	"ELSE email_verified END, "
    "bio = CASE WHEN ?3 THEN ?4 ELSE bio END, "
    "first_name = CASE WHEN ?5 THEN ?6 ELSE first_name END, "
    "last_name = CASE WHEN ?7 THEN ?8 ELSE last_name END, "
    "fullname = CASE WHEN ?9 THEN ?10 ELSE fullname END, "
    "name_pinyin = CASE WHEN ?11 THEN ?12 ELSE name_pinyin END, "
    "gender = CASE WHEN ?13 THEN ?14 ELSE gender END, "
    "age = CASE WHEN ?15 THEN ?16 ELSE age END, "
    "phone = CASE WHEN ?17 THEN ?18 ELSE phone END, "
    "address = CASE WHEN ?19 THEN ?20 ELSE address END, "
    "identify_id = CASE WHEN ?21 THEN ?22 ELSE identify_id END, "
    "occupation_id = CASE WHEN ?23 THEN ?24 ELSE occupation_id END, "
    "updated_at = ?25, updated_by = coalesce(?26, updated_by) "
    "WHERE id = ?27";
static const char sql_password[] =
    "UPDATE users SET password_hash = ?2, updated_at = ?3, "
    "updated_by = coalesce(?4, updated_by) WHERE id = ?1";
static const char sql_role[] =
    "UPDATE users SET role_id = ?2, updated_at = ?3, "
    "updated_by = coalesce(?4, updated_by) WHERE id = ?1";
static const char sql_active[] =
    "UPDATE users SET is_active = ?2, updated_at = ?3, "
    "updated_by = coalesce(?4, updated_by) WHERE id = ?1";
static const char sql_name_other[] =
    "SELECT 1 FROM users WHERE username = ?1 AND id <> ?2";
static const char sql_username[] =
    "UPDATE users SET username = ?2, updated_at = ?3, "
    "updated_by = coalesce(?4, updated_by) WHERE id = ?1";
static const char sql_email[] =
    "UPDATE users SET email = ?2, email_verified = 1, updated_at = ?3, "
    "updated_by = coalesce(?4, updated_by) WHERE id = ?1";
static const char sql_login[] =
    "UPDATE users SET last_login_at = ?2 WHERE id = ?1";
static const char sql_avatar_old[] = "SELECT avatar FROM users WHERE id = ?1";
static const char sql_avatar[] =
    "UPDATE users SET avatar = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM users WHERE id = ?1";

/* What triggers would do (db/005 says why they do not), in the same
 * transaction as the change: the trigram index of searched columns (out
 * with the values indexed, in with the new ones), the counters (users,
 * by role, by active flag) and the trash of replaced avatars. */
static const char sql_fts_out[] =
    "INSERT INTO users_fts (users_fts, rowid, username, email, fullname, "
    "name_pinyin) SELECT 'delete', id, username, email, fullname, "
    "name_pinyin FROM users WHERE id = ?1";
static const char sql_fts_in[] =
    "INSERT INTO users_fts (rowid, username, email, fullname, name_pinyin) "
    "SELECT id, username, email, fullname, name_pinyin FROM users "
    "WHERE id = ?1";
/* counters of user ?1 moved by ?2 (1 or -1): all, or its role, or its
 * active flag */
#define COUNT(names)							\
    "INSERT INTO counters (name, value) SELECT n, ?2 FROM (" names ") "	\
    "WHERE n IS NOT NULL ON CONFLICT (name) DO UPDATE SET "		\
    "value = value + excluded.value"
#define COUNT_ROLE "SELECT 'role:' || role_id AS n FROM users WHERE id = ?1"
#define COUNT_ACTIVE \
    "SELECT 'active:' || is_active AS n FROM users WHERE id = ?1"
static const char sql_move_all[] = COUNT("SELECT 'users' AS n "
    "WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1) UNION ALL "
    COUNT_ROLE " UNION ALL " COUNT_ACTIVE);
static const char sql_move_role[] = COUNT(COUNT_ROLE);
static const char sql_move_active[] = COUNT(COUNT_ACTIVE);
static const char sql_avatar_trash[] =
    "INSERT INTO trash (dir, name, created_at) SELECT 'avatars', avatar, "
    "?2 FROM users WHERE id = ?1 AND avatar IS NOT NULL "
    "AND avatar IS NOT ?3";

/* Lists.  Each kind of filter has its own static statements, so that the
 * index that fits drives the query: the trigram index for a search of
 * three characters or more; for a shorter one, the NOCASE indexes of
 * fullname and name_pinyin (equal to it: usernames and emails are longer,
 * and a prefix of one or two characters can take a good part of the
 * table, all of which would have to be sorted by id); then the
 * membership of a group, the occupation, the role, the active flag; and
 * id order without any filter.  The other filters apply to the rows the
 * driver yields; a NULL parameter matches everything, and the driver's
 * own filter is not checked again (that would read every row).
 * Parameters: ?1 trigram phrase, ?2 short search, ?3 role name,
 * ?4 group, ?5 occupation, ?6 is_active, ?7 limit, ?8 offset. */
#define R_ROLE \
	" AND (?3 IS NULL OR u.role_id = (SELECT id FROM roles" \
	"  WHERE name = ?3))"
#define R_GROUP \
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM group_members g" \
	"  WHERE g.group_id = ?4 AND g.user_id = u.id))"
#define R_OCCUPATION	" AND (?5 IS NULL OR u.occupation_id = ?5)"
#define R_ACTIVE	" AND (?6 IS NULL OR u.is_active = ?6)"
#define R_ALL		R_ROLE R_GROUP R_OCCUPATION R_ACTIVE
/* CROSS JOIN keeps the driver outermost: with few roles, SQLite would
 * otherwise scan roles first and sort. */
#define UF_COUNT(from, where) \
	"SELECT count(*) FROM " from " WHERE " where
#define UF_LIST(from, where, order) \
	"SELECT " USER_COLUMNS "FROM " from \
	" CROSS JOIN roles r ON r.id = u.role_id WHERE " where \
	" ORDER BY " order " LIMIT ?7 OFFSET ?8"
#define UF_CASE(from, where, key) { \
	UF_COUNT(from, where), \
	UF_LIST(from, where, key), \
	UF_LIST(from, where, key " DESC") }

#define FROM_FTS	"users_fts CROSS JOIN users u ON u.id = users_fts.rowid"
#define FROM_GROUP	"group_members m CROSS JOIN users u ON u.id = m.user_id"
#define SHORT_EQUAL \
	"(u.fullname = ?2 COLLATE NOCASE" \
	" OR u.name_pinyin = ?2 COLLATE NOCASE)"

enum ucase { UC_FTS, UC_SHORT, UC_GROUP, UC_OCCUPATION, UC_ROLE,
	UC_ACTIVE, UC_ALL, UC__MAX };

/* count, list in id order, list in reverse id order */
static const char *const sql_lists[UC__MAX][3] = {
	[UC_FTS] = UF_CASE(FROM_FTS, "users_fts MATCH ?1" R_ALL,
	    "users_fts.rowid"),
	[UC_SHORT] = UF_CASE("users u", SHORT_EQUAL R_ALL, "u.id"),
	[UC_GROUP] = UF_CASE(FROM_GROUP,
	    "m.group_id = ?4" R_ROLE R_OCCUPATION R_ACTIVE, "m.user_id"),
	[UC_OCCUPATION] = UF_CASE("users u",
	    "u.occupation_id = ?5" R_ROLE R_GROUP R_ACTIVE, "u.id"),
	[UC_ROLE] = UF_CASE("users u",
	    "u.role_id = (SELECT id FROM roles WHERE name = ?3)"
	    R_GROUP R_OCCUPATION R_ACTIVE, "u.id"),
	[UC_ACTIVE] = UF_CASE("users u",
	    "u.is_active = ?6" R_ROLE R_GROUP R_OCCUPATION, "u.id"),
	/* no filter: the counter, and the offset taken in the narrow
	 * index users_id (the parameters stay numbered alike) */
	[UC_ALL] = {
		"SELECT value FROM counters WHERE name = 'users'",
		"SELECT " USER_COLUMNS "FROM users u CROSS JOIN roles r"
		" ON r.id = u.role_id WHERE u.id >= (SELECT id FROM users"
		" INDEXED BY users_id ORDER BY id LIMIT 1 OFFSET ?8)"
		" ORDER BY u.id LIMIT ?7",
		"SELECT " USER_COLUMNS "FROM users u CROSS JOIN roles r"
		" ON r.id = u.role_id WHERE u.id <= (SELECT id FROM users"
		" INDEXED BY users_id ORDER BY id DESC LIMIT 1 OFFSET ?8)"
		" ORDER BY u.id DESC LIMIT ?7",
	},
};

/* Which profile fields are integers (the rest are text). */
static const int pf_int[P__MAX] = {
	[P_GENDER] = 1, [P_AGE] = 1, [P_OCCUPATION] = 1
};

void
user_row(sqlite3_stmt *st, int c, struct user *u)
{
	u->id = sqlite3_column_int64(st, c);
	u->username = db_col_text(st, c + 1);
	u->email = db_col_text(st, c + 2);
	u->password_hash = db_col_text(st, c + 3);
	u->role_id = sqlite3_column_int64(st, c + 4);
	u->role = db_col_text(st, c + 5);
	u->is_admin = sqlite3_column_int(st, c + 6);
	u->is_active = sqlite3_column_int(st, c + 7);
	u->email_verified = sqlite3_column_int(st, c + 8);
	u->created_at = sqlite3_column_int64(st, c + 9);
	u->updated_at = sqlite3_column_int64(st, c + 10);
	u->last_login_at = db_col_int(st, c + 11, 0);
	u->created_by = db_col_int(st, c + 12, 0);
	u->updated_by = db_col_int(st, c + 13, 0);
	u->bio = db_col_text(st, c + 14);
	u->first_name = db_col_text(st, c + 15);
	u->last_name = db_col_text(st, c + 16);
	u->fullname = db_col_text(st, c + 17);
	u->name_pinyin = db_col_text(st, c + 18);
	u->gender = db_col_int(st, c + 19, -1);
	u->age = db_col_int(st, c + 20, -1);
	u->phone = db_col_text(st, c + 21);
	u->address = db_col_text(st, c + 22);
	u->identify_id = db_col_text(st, c + 23);
	u->occupation_id = db_col_int(st, c + 24, 0);
	u->avatar = db_col_text(st, c + 25);
}

static int
load(sqlite3 *db, const char *sql, struct db_arg key, struct user *u)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(u, 0, sizeof(*u));
	if ((rc = db_one(db, &st, sql, &key, 1)) != ST_OK)
		return rc;
	user_row(st, 0, u);
	db_end(st);
	return ST_OK;
}

int
user_get_by_id(sqlite3 *db, int64_t id, struct user *u)
{
	return load(db, sql_by_id, A_INT(id), u);
}

int
user_get_by_login(sqlite3 *db, const char *login, struct user *u)
{
	return load(db, strchr(login, '@') != NULL ? sql_by_email :
	    sql_by_name, A_TEXT(login), u);
}

int
user_get_by_email(sqlite3 *db, const char *email, struct user *u)
{
	return load(db, sql_by_email, A_TEXT(email), u);
}

int
user_exists(sqlite3 *db, int64_t id)
{
	int64_t one;

	return db_int(db, &one, sql_exists, ARGS(A_INT(id)));
}

void
user_free(struct user *u)
{
	free(u->username);
	free(u->email);
	free(u->password_hash);
	free(u->role);
	free(u->bio);
	free(u->first_name);
	free(u->last_name);
	free(u->fullname);
	free(u->name_pinyin);
	free(u->phone);
	free(u->address);
	free(u->identify_id);
	free(u->avatar);
	memset(u, 0, sizeof(*u));
}

/* ST_OK when the query finds nothing, else found (or the error). */
static int
absent(int rc, int found)
{
	return rc == ST_NOT_FOUND ? ST_OK : rc == ST_OK ? found : rc;
}

/* Refuses an email taken by another user or an unknown occupation. */
static int
profile_check(sqlite3 *db, int64_t id, const struct pvalue *pv)
{
	int64_t	one;
	int	rc;

	if (pv[P_EMAIL].present && pv[P_EMAIL].s != NULL &&
	    (rc = absent(db_int(db, &one, sql_email_taken,
	    ARGS(A_TEXT(pv[P_EMAIL].s), A_INT(id))), ST_EMAIL_USED)) != ST_OK)
		return rc;
	if (pv[P_OCCUPATION].present && pv[P_OCCUPATION].i > 0) {
		rc = db_int(db, &one, sql_occupation,
		    ARGS(A_INT(pv[P_OCCUPATION].i)));
		return rc == ST_NOT_FOUND ? ST_BAD_REF : rc;
	}
	return ST_OK;
}

/* Runs a statement of (?1 id) or (?1 id, ?2 d). */
static int
by_id(sqlite3 *db, const char *sql, int64_t id, int d)
{
	return d == 0 ? db_exec(db, sql, ARGS(A_INT(id)), NULL) :
	    db_exec(db, sql, ARGS(A_INT(id), A_INT(d)), NULL);
}

/* Runs the change write(db, id, arg) of searched columns between taking
 * the user's old values out of the search index and putting the new
 * ones in. */
static int
reindexed(sqlite3 *db, int64_t id, int (*write)(sqlite3 *, int64_t,
    const void *), const void *arg)
{
	int rc;

	if ((rc = by_id(db, sql_fts_out, id, 0)) != ST_OK ||
	    (rc = write(db, id, arg)) != ST_OK)
		return rc;
	return by_id(db, sql_fts_in, id, 0);
}

/* 1 if pv changes a column the search covers. */
static int
searched(const struct pvalue *pv)
{
	return pv[P_EMAIL].present || pv[P_FULLNAME].present ||
	    pv[P_NAME_PINYIN].present;
}

struct profile_change {
	const struct pvalue	*pv;
	int64_t			 by;
};

static int profile_write(sqlite3 *, int64_t, const void *);

int
user_update_profile(sqlite3 *db, int64_t id, const struct pvalue *pv,
    int64_t by)
{
	struct profile_change	 pc = { pv, by };
	int			 rc;

	if ((rc = profile_check(db, id, pv)) != ST_OK)
		return rc;
	return searched(pv) ? reindexed(db, id, profile_write, &pc) :
	    profile_write(db, id, &pc);
}

static int
profile_write(sqlite3 *db, int64_t id, const void *arg)
{
	const struct profile_change	*pc = arg;
	const struct pvalue		*pv = pc->pv;
	int64_t				 by = pc->by;
	struct db_arg			 a[2 * P__MAX + 3];
	int64_t				 changes = 0;
	int				 rc, f;

	for (f = 0; f < P__MAX; f++) {
		a[2 * f] = A_INT(pv[f].present);
		if (!pv[f].present)
			a[2 * f + 1] = A_NULL;
		else if (pf_int[f])
			a[2 * f + 1] = f == P_OCCUPATION ? A_REF(pv[f].i) :
			    pv[f].i >= 0 ? A_INT(pv[f].i) : A_NULL;
		else
			a[2 * f + 1] = A_TEXT(pv[f].s);
	}
	a[2 * P__MAX] = A_INT(db_now());
	a[2 * P__MAX + 1] = A_REF(by);
	a[2 * P__MAX + 2] = A_INT(id);
	rc = db_exec(db, sql_profile, a, sizeof(a) / sizeof(a[0]), &changes);
	if (rc == ST_CONFLICT)
		return ST_EMAIL_USED;
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
user_insert(sqlite3 *db, const struct user_new *n, int64_t *id)
{
	int64_t	one;
	int	rc;

	if ((rc = absent(db_int(db, &one, sql_name_taken,
	    ARGS(A_TEXT(n->username))), ST_USERNAME_USED)) != ST_OK)
		return rc;
	if (n->email != NULL && (rc = absent(db_int(db, &one,
	    sql_email_taken, ARGS(A_TEXT(n->email), A_INT(0))),
	    ST_EMAIL_USED)) != ST_OK)
		return rc;
	rc = db_exec(db, sql_insert, ARGS(A_TEXT(n->username),
	    A_TEXT(n->email), A_TEXT(n->hash), A_INT(n->role_id),
	    A_INT(db_now()), A_INT(n->verified && n->email != NULL),
	    A_REF(n->by)), NULL);
	if (rc == ST_CONFLICT)
		return ST_BAD_REF;	/* the role went away meanwhile */
	if (rc != ST_OK)
		return rc;
	*id = db_last_id(db);
	if ((rc = by_id(db, sql_fts_in, *id, 0)) != ST_OK ||
	    (rc = by_id(db, sql_move_all, *id, 1)) != ST_OK)
		return rc;
	return n->pv != NULL ? user_update_profile(db, *id, n->pv, 0) : ST_OK;
}

/* An UPDATE of one user by (?1 id, ?2 value, ?3 now, ?4 by). */
struct change {
	const char	*sql;
	struct db_arg	 val;
	int64_t		 by;
};

static int update(sqlite3 *, const char *, int64_t, struct db_arg,
    int64_t);

static int
change_write(sqlite3 *db, int64_t id, const void *arg)
{
	const struct change *ch = arg;

	return update(db, ch->sql, id, ch->val, ch->by);
}

/* The same, for a change that moves the user between counters (sql_count
 * names which). */
static int
recounted(sqlite3 *db, const char *count, const char *sql, int64_t id,
    struct db_arg val, int64_t by)
{
	int rc;

	if ((rc = by_id(db, count, id, -1)) != ST_OK ||
	    (rc = update(db, sql, id, val, by)) != ST_OK)
		return rc;
	return by_id(db, count, id, 1);
}

static int
update(sqlite3 *db, const char *sql, int64_t id, struct db_arg val,
    int64_t by)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql, ARGS(A_INT(id), val, A_INT(db_now()),
	    A_REF(by)), &changes);
	if (rc == ST_CONFLICT)
		return ST_BAD_REF;
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
user_set_password(sqlite3 *db, int64_t id, const char *hash, int64_t by)
{
	return update(db, sql_password, id, A_TEXT(hash), by);
}

int
user_set_username(sqlite3 *db, int64_t id, const char *name, int64_t by)
{
	struct change	ch;
	int64_t		one;
	int		rc;

	if ((rc = absent(db_int(db, &one, sql_name_other, ARGS(A_TEXT(name),
	    A_INT(id))), ST_USERNAME_USED)) != ST_OK)
		return rc;
	ch = (struct change){ sql_username, A_TEXT(name), by };
	rc = reindexed(db, id, change_write, &ch);
	return rc == ST_BAD_REF ? ST_USERNAME_USED : rc;
}

int
user_set_verified_email(sqlite3 *db, int64_t id, const char *email,
    int64_t by)
{
	struct change	ch;
	int64_t		one;
	int		rc;

	if ((rc = absent(db_int(db, &one, sql_email_taken, ARGS(A_TEXT(email),
	    A_INT(id))), ST_EMAIL_USED)) != ST_OK)
		return rc;
	ch = (struct change){ sql_email, A_TEXT(email), by };
	rc = reindexed(db, id, change_write, &ch);
	return rc == ST_BAD_REF ? ST_EMAIL_USED : rc;
}

int
user_set_role(sqlite3 *db, int64_t id, int64_t role_id, int64_t by)
{
	return recounted(db, sql_move_role, sql_role, id, A_INT(role_id), by);
}

int
user_set_active(sqlite3 *db, int64_t id, int active, int64_t by)
{
	return recounted(db, sql_move_active, sql_active, id,
	    A_INT(active != 0), by);
}

int
user_touch_login(sqlite3 *db, int64_t id)
{
	return db_exec(db, sql_login, ARGS(A_INT(id), A_INT(db_now())), NULL);
}

int
user_delete(sqlite3 *db, int64_t id)
{
	int64_t	changes = 0;
	int	rc;

	if ((rc = by_id(db, sql_fts_out, id, 0)) != ST_OK ||
	    (rc = by_id(db, sql_move_all, id, -1)) != ST_OK ||
	    (rc = db_exec(db, sql_avatar_trash, ARGS(A_INT(id),
	    A_INT(db_now()), A_NULL), NULL)) != ST_OK)
		return rc;
	rc = db_exec(db, sql_delete, ARGS(A_INT(id)), &changes);
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
user_set_avatar(sqlite3 *db, int64_t id, const char *name, char **old)
{
	sqlite3_stmt	*st;
	int		 rc;

	*old = NULL;
	if ((rc = db_one(db, &st, sql_avatar_old, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	*old = db_col_text(st, 0);
	db_end(st);
	if ((rc = db_exec(db, sql_avatar_trash, ARGS(A_INT(id),
	    A_INT(db_now()), A_TEXT(name)), NULL)) != ST_OK ||
	    (rc = db_exec(db, sql_avatar, ARGS(A_INT(id), A_TEXT(name),
	    A_INT(db_now())), NULL)) != ST_OK) {
		free(*old);
		*old = NULL;
	}
	return rc;
}

void
profile_values(const struct fval *f, struct pvalue *pv)
{
	int i;

	for (i = 0; i < P__MAX; i++) {
		pv[i].present = f[i].present;
		pv[i].s = f[i].null ? NULL : f[i].s;
		pv[i].i = f[i].null ? -1 : f[i].i;
	}
}

void
user_filter_init(struct user_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->is_active = -1;
}

/* The search of a filter as its parameters: a trigram MATCH phrase
 * ("..." with quotes doubled) for three characters or more into *fts
 * (malloc'ed, for the caller to free), else the text itself into
 * *short_q. */
static int
search_terms(const char *q, char **fts, const char **short_q)
{
	size_t	 n, i, j = 0;
	char	*p;

	*fts = NULL;
	*short_q = NULL;
	if (q == NULL || q[0] == '\0')
		return ST_OK;
	n = strlen(q);
	if (utf8_len(q, n) < 3) {
		*short_q = q;
		return ST_OK;
	}
	if ((p = malloc(2 * n + 3)) == NULL)
		return ST_INTERNAL;
	p[j++] = '"';
	for (i = 0; i < n; i++) {
		if (q[i] == '"')
			p[j++] = '"';
		p[j++] = q[i];
	}
	p[j++] = '"';
	p[j] = '\0';
	*fts = p;
	return ST_OK;
}

/* Counts of one filter alone, kept by user_insert, user_delete,
 * user_set_role and user_set_active (db/003, db/005). */
static const char sql_count_role[] =
    "SELECT value FROM counters WHERE name = 'role:' || "
    "(SELECT id FROM roles WHERE name = ?1)";
static const char sql_count_active[] =
    "SELECT value FROM counters WHERE name = 'active:' || ?1";

/* Which statements serve f (see sql_lists). */
static enum ucase
filter_case(const struct user_filter *f, const char *fts,
    const char *short_q)
{
	if (fts != NULL)
		return UC_FTS;
	if (short_q != NULL)
		return UC_SHORT;
	if (f->group_id > 0)
		return UC_GROUP;
	if (f->occupation_id > 0)
		return UC_OCCUPATION;
	if (f->role != NULL)
		return UC_ROLE;
	return f->is_active >= 0 ? UC_ACTIVE : UC_ALL;
}

/* The search terms and the eight arguments of f's statements. */
struct ufq {
	char		*fts;
	const char	*short_q;
	enum ucase	 kase;
	struct db_arg	 a[8];
};

static int
ufq_init(struct ufq *x, const struct user_filter *f)
{
	int rc;

	if ((rc = search_terms(f->q, &x->fts, &x->short_q)) != ST_OK)
		return rc;
	x->kase = filter_case(f, x->fts, x->short_q);
	x->a[0] = A_TEXT(x->fts);
	x->a[1] = A_TEXT(x->short_q);
	x->a[2] = A_TEXT(f->role);
	x->a[3] = A_REF(f->group_id);
	x->a[4] = A_REF(f->occupation_id);
	x->a[5] = f->is_active >= 0 ? A_INT(f->is_active != 0) : A_NULL;
	x->a[6] = A_INT(-1);
	x->a[7] = A_INT(0);
	return ST_OK;
}

static void
ufq_free(struct ufq *x)
{
	free(x->fts);
}

int
user_count(sqlite3 *db, const struct user_filter *f, int64_t *count)
{
	struct ufq	 x;
	int		 rc;

	if ((rc = ufq_init(&x, f)) != ST_OK)
		return rc;
	if (x.kase == UC_ROLE && f->group_id <= 0 && f->occupation_id <= 0 &&
	    f->is_active < 0)
		rc = db_int(db, count, sql_count_role, &x.a[2], 1);
	else if (x.kase == UC_ACTIVE)	/* the last filter: alone */
		rc = db_int(db, count, sql_count_active, &x.a[5], 1);
	else
		rc = db_int(db, count, sql_lists[x.kase][0], x.a,
		    x.kase == UC_ALL ? 0 : 6);
	if (rc == ST_NOT_FOUND) {	/* no counter row (yet): none */
		*count = 0;
		rc = ST_OK;
	}
	ufq_free(&x);
	return rc;
}

int
user_list(sqlite3 *db, const struct user_filter *f, int64_t limit,
    int64_t offset, int reverse, user_list_cb cb, void *arg)
{
	sqlite3_stmt	*st = NULL;
	struct user	 u;
	struct ufq	 x;
	int		 rc, stop = 0;

	if ((rc = ufq_init(&x, f)) != ST_OK)
		return rc;
	x.a[6] = A_INT(limit < 0 ? -1 : limit);
	x.a[7] = A_INT(offset < 0 ? 0 : offset);
	if ((rc = db_query(db, &st, sql_lists[x.kase][reverse ? 2 : 1],
	    x.a, 8)) == ST_OK) {
		while (!stop && db_next(st, &rc)) {
			memset(&u, 0, sizeof(u));
			user_row(st, 0, &u);
			stop = cb(arg, &u);
			user_free(&u);
		}
		if (stop)
			rc = stop;
	}
	db_end(st);
	ufq_free(&x);
	return rc;
}

/* user_page's callback: the user object into the page. */
struct page_arg {
	struct page	*pg;
	int		 private;
};

static int
page_user(void *arg, const struct user *u)
{
	struct page_arg *pa = arg;

	page_add(pa->pg, user_json(u, pa->private));
	return 0;
}

int
user_page(sqlite3 *db, const struct user_filter *f, struct page *pg,
    int private)
{
	struct page_arg pa = { pg, private };

	if (pg->limit <= 0)
		return ST_OK;
	return user_list(db, f, pg->limit, pg->offset, pg->reverse,
	    page_user, &pa);
}

void
avatar_url(const struct user *u, char *buf, size_t sz)
{
	snprintf(buf, sz, "/api/users/%lld/avatar/?v=%.8s",
	    (long long)u->id, u->avatar != NULL ? u->avatar : "");
}

struct json_object *
user_json(const struct user *u, int private)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*p = json_object_new_object();
	char			 url[128];

	json_object_object_add(o, "id", json_object_new_int64(u->id));
	json_object_object_add(o, "username", jv_str(u->username));
	json_object_object_add(o, "email", jv_str(u->email));
	json_object_object_add(o, "role", jv_str(u->role));
	json_object_object_add(o, "is_active",
	    json_object_new_boolean(u->is_active));
	if (private)
		json_object_object_add(o, "email_verified",
		    json_object_new_boolean(u->email_verified));
	json_object_object_add(o, "created_at", jv_time(u->created_at));
	json_object_object_add(o, "updated_at", jv_time(u->updated_at));
	json_object_object_add(o, "last_login_at", jv_time(u->last_login_at));
	json_object_object_add(o, "created_by", jv_ref(u->created_by));
	json_object_object_add(o, "updated_by", jv_ref(u->updated_by));
	json_object_object_add(p, "bio", jv_str(u->bio));
	json_object_object_add(p, "first_name", jv_str(u->first_name));
	json_object_object_add(p, "last_name", jv_str(u->last_name));
	json_object_object_add(p, "fullname", jv_str(u->fullname));
	json_object_object_add(p, "name_pinyin", jv_str(u->name_pinyin));
	json_object_object_add(p, "gender", u->gender < 0 ? NULL :
	    json_object_new_int64(u->gender));
	json_object_object_add(p, "age", u->age < 0 ? NULL :
	    json_object_new_int64(u->age));
	json_object_object_add(p, "occupation", jv_ref(u->occupation_id));
	if (u->avatar != NULL)
		avatar_url(u, url, sizeof(url));
	json_object_object_add(p, "avatar", u->avatar != NULL ?
	    json_object_new_string(url) : NULL);
	if (private) {
		json_object_object_add(p, "phone", jv_str(u->phone));
		json_object_object_add(p, "address", jv_str(u->address));
		json_object_object_add(p, "identify_id", jv_str(u->identify_id));
	}
	json_object_object_add(o, "profile", p);
	return o;
}
