/* The groups and group_members tables (include/group.h). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "group.h"
#include "jval.h"
#include "page.h"
#include "status.h"
#include "user.h"

#define GROUP_COLUMNS \
	"g.id, g.name, g.location, g.contact_phone, g.created_at, " \
	"g.updated_at, g.created_by, g.updated_by "
#define GROUP_SELECT "SELECT " GROUP_COLUMNS "FROM groups g "
/* the groups of a user ?1, with its member_role */
#define USER_GROUPS_SELECT \
	"SELECT " GROUP_COLUMNS ", m.member_role FROM group_members m " \
	"CROSS JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?1 "
#define MEMBER_SELECT \
	"SELECT " USER_COLUMNS ", m.member_role, m.joined_at " \
	"FROM group_members m CROSS JOIN users u ON u.id = m.user_id " \
	"CROSS JOIN roles r ON r.id = u.role_id WHERE m.group_id = ?1 "

static const char sql_membership[] =
    "SELECT member_role = 'manager' FROM group_members "
    "WHERE group_id = ?1 AND user_id = ?2";
static const char sql_by_id[] = GROUP_SELECT "WHERE g.id = ?1";
static const char sql_insert[] =
    "INSERT INTO groups (name, location, contact_phone, created_at, "
    "updated_at, created_by, updated_by) VALUES (?1, ?2, ?3, ?4, ?4, "
    "?5, ?5)";
/* (present?, value) pairs, as user.c's profile update */
static const char sql_update[] =
    "UPDATE groups SET "
    "name = CASE WHEN ?2 THEN ?3 ELSE name END, "
    "location = CASE WHEN ?4 THEN ?5 ELSE location END, "
    "contact_phone = CASE WHEN ?6 THEN ?7 ELSE contact_phone END, "
    "updated_at = ?8, updated_by = coalesce(?9, updated_by) WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM groups WHERE id = ?1";
/* its uploads go with it (a cascade): their files into the trash first,
 * for upload_sweep after the commit (here rather than by a trigger:
 * db/005) */
static const char sql_trash[] =
    "INSERT INTO trash (dir, name, created_at) SELECT 'files', "
    "stored_name, ?2 FROM uploads WHERE group_id = ?1";
static const char sql_count[] = "SELECT count(*) FROM groups";
static const char sql_list[] =
    GROUP_SELECT "ORDER BY g.id LIMIT ?1 OFFSET ?2";
static const char sql_list_rev[] =
    GROUP_SELECT "ORDER BY g.id DESC LIMIT ?1 OFFSET ?2";
static const char sql_user_count[] =
    "SELECT count(*) FROM group_members WHERE user_id = ?1";
static const char sql_user_list[] =
    USER_GROUPS_SELECT "ORDER BY m.group_id LIMIT ?2 OFFSET ?3";
static const char sql_user_list_rev[] =
    USER_GROUPS_SELECT "ORDER BY m.group_id DESC LIMIT ?2 OFFSET ?3";
static const char sql_member_add[] =
    "INSERT INTO group_members (group_id, user_id, member_role, joined_at) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_member_remove[] =
    "DELETE FROM group_members WHERE group_id = ?1 AND user_id = ?2";
static const char sql_member_get[] = MEMBER_SELECT "AND m.user_id = ?2";
static const char sql_member_count[] =
    "SELECT count(*) FROM group_members WHERE group_id = ?1";
static const char sql_member_list[] =
    MEMBER_SELECT "ORDER BY m.user_id LIMIT ?2 OFFSET ?3";
static const char sql_member_list_rev[] =
    MEMBER_SELECT "ORDER BY m.user_id DESC LIMIT ?2 OFFSET ?3";

int
group_membership(sqlite3 *db, int64_t gid, int64_t uid,
    enum member_role *role)
{
	int64_t	manager;
	int	rc;

	*role = MEMBER_NONE;
	rc = db_int(db, &manager, sql_membership, ARGS(A_INT(gid),
	    A_INT(uid)));
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc == ST_OK)
		*role = manager ? MANAGER : MEMBER;
	return rc;
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The group object of a row of GROUP_COLUMNS. */
static struct json_object *
group_json(sqlite3_stmt *st)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*p = json_object_new_object();

	json_object_object_add(o, "id",
	    json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "name", jv_str(text(st, 1)));
	json_object_object_add(p, "location", jv_str(text(st, 2)));
	json_object_object_add(p, "contact_phone", jv_str(text(st, 3)));
	json_object_object_add(p, "created_at",
	    jv_time(sqlite3_column_int64(st, 4)));
	json_object_object_add(p, "updated_at",
	    jv_time(sqlite3_column_int64(st, 5)));
	json_object_object_add(p, "created_by",
	    jv_ref(db_col_int(st, 6, 0)));
	json_object_object_add(p, "updated_by",
	    jv_ref(db_col_int(st, 7, 0)));
	json_object_object_add(o, "profile", p);
	return o;
}

int
group_get(sqlite3 *db, int64_t gid, struct json_object **o)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_by_id, ARGS(A_INT(gid)))) != ST_OK)
		return rc;
	*o = group_json(st);
	db_end(st);
	return ST_OK;
}

int
group_insert(sqlite3 *db, const struct gvalue *gv, int64_t by,
    int64_t *gid)
{
	int rc;

	rc = db_exec(db, sql_insert, ARGS(A_TEXT(gv[G_NAME].s),
	    A_TEXT(gv[G_LOCATION].present ? gv[G_LOCATION].s : NULL),
	    A_TEXT(gv[G_CONTACT_PHONE].present ? gv[G_CONTACT_PHONE].s :
	    NULL), A_INT(db_now()), A_REF(by)), NULL);
	if (rc == ST_OK)
		*gid = db_last_id(db);
	return rc;
}

/* ST_NOT_FOUND when a write by id changed nothing. */
static int
by_id(int rc, int64_t changes)
{
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
group_update(sqlite3 *db, int64_t gid, const struct gvalue *gv, int64_t by)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql_update, ARGS(A_INT(gid),
	    A_INT(gv[G_NAME].present && gv[G_NAME].s != NULL),
	    A_TEXT(gv[G_NAME].s),
	    A_INT(gv[G_LOCATION].present), A_TEXT(gv[G_LOCATION].s),
	    A_INT(gv[G_CONTACT_PHONE].present), A_TEXT(gv[G_CONTACT_PHONE].s),
	    A_INT(db_now()), A_REF(by)), &changes);
	return by_id(rc, changes);
}

int
group_delete(sqlite3 *db, int64_t gid)
{
	int64_t	changes = 0;
	int	rc;

	if ((rc = db_exec(db, sql_trash, ARGS(A_INT(gid), A_INT(db_now())),
	    NULL)) != ST_OK)
		return rc;
	rc = db_exec(db, sql_delete, ARGS(A_INT(gid)), &changes);
	return by_id(rc, changes);
}

int
group_count(sqlite3 *db, int64_t *n)
{
	return db_int(db, n, sql_count, NO_ARGS);
}

static struct json_object *
group_row(sqlite3_stmt *st, void *arg)
{
	(void)arg;
	return group_json(st);
}

int
group_page(sqlite3 *db, struct page *pg)
{
	struct db_arg a[2];

	return page_query(db, pg, pg->reverse ? sql_list_rev : sql_list,
	    a, 2, group_row, NULL);
}

int
group_count_of_user(sqlite3 *db, int64_t uid, int64_t *n)
{
	return db_int(db, n, sql_user_count, ARGS(A_INT(uid)));
}

/* A group of a user: the group object and member_role. */
static struct json_object *
user_group_row(sqlite3_stmt *st, void *arg)
{
	struct json_object *o = group_json(st);

	(void)arg;
	json_object_object_add(o, "member_role", jv_str(text(st, 8)));
	return o;
}

int
group_page_of_user(sqlite3 *db, int64_t uid, struct page *pg)
{
	struct db_arg a[3] = { A_INT(uid) };

	return page_query(db, pg, pg->reverse ? sql_user_list_rev :
	    sql_user_list, a, 3, user_group_row, NULL);
}

int
member_add(sqlite3 *db, int64_t gid, int64_t uid, enum member_role role)
{
	int	rc;

	if ((rc = user_exists(db, uid)) != ST_OK)
		return rc == ST_NOT_FOUND ? ST_BAD_REF : rc;
	/* the user exists: a constraint is the primary key, a member
	 * already */
	return db_exec(db, sql_member_add, ARGS(A_INT(gid), A_INT(uid),
	    A_TEXT(role == MANAGER ? "manager" : "member"), A_INT(db_now())),
	    NULL);
}

int
member_remove(sqlite3 *db, int64_t gid, int64_t uid)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql_member_remove, ARGS(A_INT(gid), A_INT(uid)),
	    &changes);
	return by_id(rc, changes);
}

/* Who looks at a member list: the caller's id and admin flag. */
struct viewer {
	int64_t	 id;
	int	 admin;
};

/* The membership object of a row of MEMBER_SELECT. */
static struct json_object *
member_row(sqlite3_stmt *st, void *arg)
{
	const struct viewer	*v = arg;
	struct json_object	*o = json_object_new_object();
	struct user		 u;

	memset(&u, 0, sizeof(u));
	user_row(st, 0, &u);
	json_object_object_add(o, "user",
	    user_json(&u, v->admin || u.id == v->id));
	json_object_object_add(o, "member_role", jv_str(text(st, 26)));
	json_object_object_add(o, "joined_at",
	    jv_time(sqlite3_column_int64(st, 27)));
	user_free(&u);
	return o;
}

int
member_get(sqlite3 *db, int64_t gid, int64_t uid, int64_t viewer,
    int viewer_admin, struct json_object **o)
{
	struct viewer	 v = { viewer, viewer_admin };
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_member_get, ARGS(A_INT(gid),
	    A_INT(uid)))) != ST_OK)
		return rc;
	*o = member_row(st, &v);
	db_end(st);
	return ST_OK;
}

int
member_count(sqlite3 *db, int64_t gid, int64_t *n)
{
	return db_int(db, n, sql_member_count, ARGS(A_INT(gid)));
}

int
member_page(sqlite3 *db, int64_t gid, int64_t viewer, int viewer_admin,
    struct page *pg)
{
	struct viewer	v = { viewer, viewer_admin };
	struct db_arg	a[3] = { A_INT(gid) };

	return page_query(db, pg, pg->reverse ? sql_member_list_rev :
	    sql_member_list, a, 3, member_row, &v);
}

static const char sql_exists[] = "SELECT 1 FROM groups WHERE id = ?1";

int
group_exists(sqlite3 *db, int64_t gid)
{
	int64_t	one;

	return db_int(db, &one, sql_exists, ARGS(A_INT(gid)));
}
