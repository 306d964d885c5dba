/* The occupations table (include/occupation.h). */
#include <json-c/json.h>

#include "db.h"
#include "jval.h"
#include "occupation.h"
#include "page.h"
#include "status.h"

#define OCC_SELECT "SELECT id, name, created_at FROM occupations "

static const char sql_by_id[] = OCC_SELECT "WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO occupations (name, created_at) VALUES (?1, ?2)";
static const char sql_rename[] =
    "UPDATE occupations SET name = ?2 WHERE id = ?1";
static const char sql_delete[] = "DELETE FROM occupations WHERE id = ?1";
static const char sql_count[] = "SELECT count(*) FROM occupations";
static const char sql_list[] = OCC_SELECT "ORDER BY id LIMIT ?1 OFFSET ?2";
static const char sql_list_rev[] =
    OCC_SELECT "ORDER BY id DESC LIMIT ?1 OFFSET ?2";

static struct json_object *
row_json(sqlite3_stmt *st, void *arg)
{
	struct json_object *o = json_object_new_object();

	(void)arg;
	json_object_object_add(o, "id",
	    json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "name",
	    jv_str((const char *)sqlite3_column_text(st, 1)));
	json_object_object_add(o, "created_at",
	    jv_time(sqlite3_column_int64(st, 2)));
	return o;
}

int
occupation_get(sqlite3 *db, int64_t id, struct json_object **o)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_by_id, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	*o = row_json(st, NULL);
	db_end(st);
	return ST_OK;
}

int
occupation_insert(sqlite3 *db, const char *name, int64_t *id)
{
	int rc;

	rc = db_exec(db, sql_insert, ARGS(A_TEXT(name), A_INT(db_now())),
	    NULL);
	if (rc == ST_OK)
		*id = db_last_id(db);
	return rc;
}

/* ST_NOT_FOUND when a write by id changed nothing. */
static int
by_id(int rc, int64_t changes)
{
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
occupation_rename(sqlite3 *db, int64_t id, const char *name)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql_rename, ARGS(A_INT(id), A_TEXT(name)), &changes);
	return by_id(rc, changes);
}

int
occupation_delete(sqlite3 *db, int64_t id)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql_delete, ARGS(A_INT(id)), &changes);
	return by_id(rc, changes);
}

int
occupation_count(sqlite3 *db, int64_t *n)
{
	return db_int(db, n, sql_count, NO_ARGS);
}

int
occupation_page(sqlite3 *db, struct page *pg)
{
	struct db_arg a[2];

	return page_query(db, pg, pg->reverse ? sql_list_rev : sql_list,
	    a, 2, row_json, NULL);
}
