/* The users table and its JSON shape; roles lookups and the login log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "status.h"
#include "user.h"
#include "valid.h"

#define USER_SELECT "SELECT " USER_COLUMNS "FROM users u " USER_ROLE_JOIN

static const char sql_by_id[] = USER_SELECT "WHERE u.id = ?1";
static const char sql_by_name[] = USER_SELECT "WHERE u.username = ?1";
static const char sql_by_email[] = USER_SELECT "WHERE u.email = ?1";
static const char sql_name_taken[] =
    "SELECT 1 FROM users WHERE username = ?1 AND id <> ?2";
static const char sql_email_taken[] =
    "SELECT 1 FROM users WHERE email = ?1 AND id <> ?2";
static const char sql_occupation[] =
    "SELECT 1 FROM occupations WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO users (username, email, password_hash, role_id, "
    "created_at, updated_at, email_verified) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)";
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
    "gender = CASE WHEN ?11 THEN ?12 ELSE gender END, "
    "age = CASE WHEN ?13 THEN ?14 ELSE age END, "
    "phone = CASE WHEN ?15 THEN ?16 ELSE phone END, "
    "address = CASE WHEN ?17 THEN ?18 ELSE address END, "
    "identify_id = CASE WHEN ?19 THEN ?20 ELSE identify_id END, "
    "occupation_id = CASE WHEN ?21 THEN ?22 ELSE occupation_id END, "
    "updated_at = ?23 WHERE id = ?24";
static const char sql_password[] =
    "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_login[] =
    "UPDATE users SET last_login_at = ?3 WHERE id = ?1";
static const char sql_avatar_old[] = "SELECT avatar FROM users WHERE id = ?1";
static const char sql_avatar[] =
    "UPDATE users SET avatar = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM users WHERE id = ?1";
static const char sql_role[] =
    "SELECT id, self_assignable FROM roles WHERE name = ?1";
static const char sql_log[] =
    "INSERT INTO user_logs (user_id, ip, operation, operator_id, "
    "operate_time, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Which profile fields are integers (the rest are text). */
static const int pf_int[P__MAX] = {
	[P_GENDER] = 1, [P_AGE] = 1, [P_OCCUPATION] = 1
};

static int64_t
col_int(sqlite3_stmt *st, int i, int64_t null)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? null :
	    sqlite3_column_int64(st, i);
}

static int
load(sqlite3 *db, const char *sql, const char *s, int64_t id,
    struct user *u)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(u, 0, sizeof(*u));
	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	if (s != NULL)
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_row(st, 0, u);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? ST_OK :
	    rc == SQLITE_DONE ? ST_NOT_FOUND : ST_INTERNAL;
}

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
	u->last_login_at = col_int(st, c + 11, 0);
	u->bio = db_col_text(st, c + 12);
	u->first_name = db_col_text(st, c + 13);
	u->last_name = db_col_text(st, c + 14);
	u->fullname = db_col_text(st, c + 15);
	u->gender = col_int(st, c + 16, -1);
	u->age = col_int(st, c + 17, -1);
	u->phone = db_col_text(st, c + 18);
	u->address = db_col_text(st, c + 19);
	u->identify_id = db_col_text(st, c + 20);
	u->occupation_id = col_int(st, c + 21, 0);
	u->avatar = db_col_text(st, c + 22);
}

int
user_get_by_id(sqlite3 *db, int64_t id, struct user *u)
{
	return load(db, sql_by_id, NULL, id, u);
}

int
user_get_by_login(sqlite3 *db, const char *login, struct user *u)
{
	return load(db, strchr(login, '@') != NULL ? sql_by_email :
	    sql_by_name, login, 0, u);
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
	free(u->phone);
	free(u->address);
	free(u->identify_id);
	free(u->avatar);
	memset(u, 0, sizeof(*u));
}

/* 1 if the query with (?1 text, ?2 id) finds a row, 0 if not, -1. */
static int
exists(sqlite3 *db, const char *sql, const char *s, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	if (s != NULL)
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Refuses an email taken by another user or an unknown occupation. */
static int
profile_check(sqlite3 *db, int64_t id, const struct pvalue *pv)
{
	int e;

	if (pv[P_EMAIL].present && pv[P_EMAIL].s != NULL) {
		if ((e = exists(db, sql_email_taken, pv[P_EMAIL].s, id)) != 0)
			return e > 0 ? ST_EMAIL_USED : ST_INTERNAL;
	}
	if (pv[P_OCCUPATION].present && pv[P_OCCUPATION].i > 0) {
		e = exists(db, sql_occupation, NULL, pv[P_OCCUPATION].i);
		if (e <= 0)
			return e == 0 ? ST_INVALID : ST_INTERNAL;
	}
	return ST_OK;
}

int
user_update_profile(sqlite3 *db, int64_t id, const struct pvalue *pv)
{
	sqlite3_stmt	*st;
	int		 rc, f;

	if ((rc = profile_check(db, id, pv)) != ST_OK)
		return rc;
	if ((st = db_prepare(db, sql_profile)) == NULL)
		return ST_INTERNAL;
	for (f = 0; f < P__MAX; f++) {
		sqlite3_bind_int(st, 2 * f + 1, pv[f].present);
		if (!pv[f].present)
			continue;
		if (pf_int[f] && pv[f].i >= 0 &&
		    !(f == P_OCCUPATION && pv[f].i == 0))
			sqlite3_bind_int64(st, 2 * f + 2, pv[f].i);
		else if (!pf_int[f])
			db_bind_text(st, 2 * f + 2, pv[f].s);
	}
	sqlite3_bind_int64(st, 23, db_now());
	sqlite3_bind_int64(st, 24, id);
	rc = db_done(st);
	return rc == ST_CONFLICT ? ST_EMAIL_USED : rc;
}

int
user_insert(sqlite3 *db, const char *username, const char *email,
    int verified, const char *hash, int64_t role_id,
    const struct pvalue *pv, int64_t *id)
{
	sqlite3_stmt	*st;
	int		 e, rc;

	if ((e = exists(db, sql_name_taken, username, 0)) != 0)
		return e > 0 ? ST_USERNAME_USED : ST_INTERNAL;
	if (email != NULL &&
	    (e = exists(db, sql_email_taken, email, 0)) != 0)
		return e > 0 ? ST_EMAIL_USED : ST_INTERNAL;
	if ((st = db_prepare(db, sql_insert)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	db_bind_text(st, 2, email);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, role_id);
	sqlite3_bind_int64(st, 5, db_now());
	sqlite3_bind_int(st, 6, verified && email != NULL);
	if ((rc = db_done(st)) != ST_OK)
		return rc == ST_CONFLICT ? ST_USERNAME_USED : rc;
	*id = sqlite3_last_insert_rowid(db);
	return pv != NULL ? user_update_profile(db, *id, pv) : ST_OK;
}

/* Runs a write statement with the slots ?1 id, ?2 text (NULL allowed),
 * ?3 now; a statement may leave slots unused. */
static int
write_id_text(sqlite3 *db, const char *sql, int64_t id, const char *s)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, s);
	sqlite3_bind_int64(st, 3, db_now());
	return db_done(st);
}

int
user_set_password(sqlite3 *db, int64_t id, const char *hash)
{
	return write_id_text(db, sql_password, id, hash);
}

int
user_touch_login(sqlite3 *db, int64_t id)
{
	return write_id_text(db, sql_login, id, NULL);
}

int
user_delete(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql_delete)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return db_done(st);
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

int
user_set_avatar(sqlite3 *db, int64_t id, const char *name, char **old)
{
	sqlite3_stmt *st;

	*old = NULL;
	if ((st = db_prepare(db, sql_avatar_old)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*old = db_col_text(st, 0);
	sqlite3_finalize(st);
	return write_id_text(db, sql_avatar, id, name);
}

int
role_find(sqlite3 *db, const char *name, int64_t *id, int *self_assignable)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, sql_role)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*self_assignable = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? ST_OK :
	    rc == SQLITE_DONE ? ST_NOT_FOUND : ST_INTERNAL;
}

int
user_log(sqlite3 *db, int64_t user_id, enum logop op, int64_t operator_id,
    const char *ip, const char *ua)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql_log)) == NULL)
		return ST_INTERNAL;
	if (user_id > 0)
		sqlite3_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, ip);
	sqlite3_bind_int(st, 3, op);
	if (operator_id > 0)
		sqlite3_bind_int64(st, 4, operator_id);
	sqlite3_bind_int64(st, 5, db_now());
	db_bind_text(st, 6, ua);
	return db_done(st);
}

void
avatar_url(const struct user *u, char *buf, size_t sz)
{
	snprintf(buf, sz, "/api/users/%lld/avatar/?v=%.8s",
	    (long long)u->id, u->avatar != NULL ? u->avatar : "");
}

static struct json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static struct json_object *
jtime(int64_t t)
{
	char buf[32];

	if (t <= 0)
		return NULL;
	iso8601(t, buf);
	return json_object_new_string(buf);
}

struct json_object *
user_json(const struct user *u, int private)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*p = json_object_new_object();
	char			 url[128];

	json_object_object_add(o, "id", json_object_new_int64(u->id));
	json_object_object_add(o, "username", jstr(u->username));
	json_object_object_add(o, "email", jstr(u->email));
	json_object_object_add(o, "role", jstr(u->role));
	json_object_object_add(o, "is_active",
	    json_object_new_boolean(u->is_active));
	json_object_object_add(o, "created_at", jtime(u->created_at));
	json_object_object_add(o, "last_login_at", jtime(u->last_login_at));
	json_object_object_add(p, "bio", jstr(u->bio));
	json_object_object_add(p, "first_name", jstr(u->first_name));
	json_object_object_add(p, "last_name", jstr(u->last_name));
	json_object_object_add(p, "fullname", jstr(u->fullname));
	json_object_object_add(p, "gender", u->gender < 0 ? NULL :
	    json_object_new_int64(u->gender));
	json_object_object_add(p, "age", u->age < 0 ? NULL :
	    json_object_new_int64(u->age));
	if (private) {
		json_object_object_add(o, "email_verified",
		    json_object_new_boolean(u->email_verified));
		json_object_object_add(p, "phone", jstr(u->phone));
		json_object_object_add(p, "address", jstr(u->address));
		json_object_object_add(p, "identify_id", jstr(u->identify_id));
	}
	json_object_object_add(p, "occupation", u->occupation_id <= 0 ?
	    NULL : json_object_new_int64(u->occupation_id));
	if (u->avatar != NULL)
		avatar_url(u, url, sizeof(url));
	json_object_object_add(p, "avatar", u->avatar != NULL ?
	    json_object_new_string(url) : NULL);
	json_object_object_add(o, "profile", p);
	return o;
}
