/* The roles table (include/role.h). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "role.h"
#include "status.h"

#define ROLE_SELECT \
    "SELECT id, name, is_admin, self_assignable, created_at FROM roles "

static const char sql_by_id[] = ROLE_SELECT "WHERE id = ?1";
static const char sql_by_name[] = ROLE_SELECT "WHERE name = ?1";

static int
load(sqlite3 *db, const char *sql, struct db_arg key, struct role *r)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(r, 0, sizeof(*r));
	if ((rc = db_one(db, &st, sql, &key, 1)) != ST_OK)
		return rc;
	r->id = sqlite3_column_int64(st, 0);
	r->name = db_col_text(st, 1);
	r->is_admin = sqlite3_column_int(st, 2);
	r->self_assignable = sqlite3_column_int(st, 3);
	r->created_at = sqlite3_column_int64(st, 4);
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

struct json_object *
role_json(const struct role *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(r->id));
	json_object_object_add(o, "name", json_object_new_string(r->name));
	json_object_object_add(o, "is_admin",
	    json_object_new_boolean(r->is_admin));
	json_object_object_add(o, "self_assignable",
	    json_object_new_boolean(r->self_assignable));
	return o;
}
