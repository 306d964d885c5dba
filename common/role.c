/* The roles table (include/role.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "db.h"
#include "page.h"
#include "role.h"
#include "status.h"
#include "str.h"

#define ROLE_COLUMNS "id, name, is_admin, self_assignable, created_at "
#define ROLE_SELECT "SELECT " ROLE_COLUMNS "FROM roles "

static const char sql_by_id[] = ROLE_SELECT "WHERE id = ?1";
static const char sql_by_name[] = ROLE_SELECT "WHERE name = ?1";
static const char sql_insert[] =
    "INSERT INTO roles (name, is_admin, self_assignable, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_update[] =
    "UPDATE roles SET name = coalesce(?2, name), "
    "is_admin = coalesce(?3, is_admin), "
    "self_assignable = coalesce(?4, self_assignable) WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM roles WHERE id = ?1";
static const char sql_count[] = "SELECT count(*) FROM roles";
static const char sql_list[] =
    ROLE_SELECT "ORDER BY id LIMIT ?1 OFFSET ?2";
static const char sql_list_rev[] =
    ROLE_SELECT "ORDER BY id DESC LIMIT ?1 OFFSET ?2";

static void
row(sqlite3_stmt *st, struct role *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->name = db_col_text(st, 1);
	r->is_admin = sqlite3_column_int(st, 2);
	r->self_assignable = sqlite3_column_int(st, 3);
	r->created_at = sqlite3_column_int64(st, 4);
}

static int
load(sqlite3 *db, const char *sql, struct db_arg key, struct role *r)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(r, 0, sizeof(*r));
	if ((rc = db_one(db, &st, sql, &key, 1)) != ST_OK)
		return rc;
	row(st, r);
	db_end(st);
	return ST_OK;
}

int
role_get(sqlite3 *db, int64_t id, struct role *r)
{
	return load(db, sql_by_id, A_INT(id), r);
}

int
role_find(sqlite3 *db, const char *name, struct role *r)
{
	return load(db, sql_by_name, A_TEXT(name), r);
}

void
role_free(struct role *r)
{
	free(r->name);
	memset(r, 0, sizeof(*r));
}

int
role_insert(sqlite3 *db, const char *name, int is_admin,
    int self_assignable, int64_t *id)
{
	int rc;

	rc = db_exec(db, sql_insert, ARGS(A_TEXT(name), A_INT(is_admin != 0),
	    A_INT(self_assignable != 0), A_INT(db_now())), NULL);
	if (rc == ST_OK)
		*id = db_last_id(db);
	return rc;
}

static int
builtin(int64_t id)
{
	return id == ROLE_ADMIN || id == ROLE_USER;
}

/* 1 when the change would alter a field: a name differing in more than
 * case, or a flag. */
static int
changes(const struct role *r, const char *name, int is_admin,
    int self_assignable)
{
	return (name != NULL && strcasecmp(name, r->name) != 0) ||
	    (is_admin >= 0 && is_admin != r->is_admin) ||
	    (self_assignable >= 0 && self_assignable != r->self_assignable);
}

int
role_update(sqlite3 *db, int64_t id, const char *name, int is_admin,
    int self_assignable)
{
	struct role	r;
	int		rc;

	if ((rc = role_get(db, id, &r)) != ST_OK)
		return rc;
	rc = builtin(id) && changes(&r, name, is_admin, self_assignable) ?
	    ST_CONFLICT : ST_OK;
	role_free(&r);
	if (rc != ST_OK)
		return rc;
	/* the built-in roles keep their names' spelling too */
	return db_exec(db, sql_update, ARGS(A_INT(id),
	    A_TEXT(builtin(id) ? NULL : name),
	    is_admin >= 0 ? A_INT(is_admin != 0) : A_NULL,
	    self_assignable >= 0 ? A_INT(self_assignable != 0) : A_NULL),
	    NULL);
}

int
role_delete(sqlite3 *db, int64_t id)
{
	int64_t	changes = 0;
	int	rc;

	if (builtin(id))
		return ST_CONFLICT;
	/* a role some user has is a foreign key violation: ST_CONFLICT */
	rc = db_exec(db, sql_delete, ARGS(A_INT(id)), &changes);
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
role_count(sqlite3 *db, int64_t *n)
{
	return db_int(db, n, sql_count, NO_ARGS);
}

static struct json_object *
row_json(sqlite3_stmt *st, void *arg)
{
	struct json_object	*o;
	struct role		 r;

	(void)arg;
	row(st, &r);
	o = role_json(&r);
	role_free(&r);
	return o;
}

int
role_page(sqlite3 *db, struct page *pg)
{
	struct db_arg a[2];

	return page_query(db, pg, pg->reverse ? sql_list_rev : sql_list,
	    a, 2, row_json, NULL);
}

struct json_object *
role_json(const struct role *r)
{
	struct json_object	*o = json_object_new_object();
	char			 t[32];

	iso8601(r->created_at, t);
	json_object_object_add(o, "id", json_object_new_int64(r->id));
	json_object_object_add(o, "name", json_object_new_string(r->name));
	json_object_object_add(o, "is_admin",
	    json_object_new_boolean(r->is_admin));
	json_object_object_add(o, "self_assignable",
	    json_object_new_boolean(r->self_assignable));
	json_object_object_add(o, "created_at", json_object_new_string(t));
	return o;
}
