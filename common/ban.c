/* The black_list table (include/ban.h). */
#include <json-c/json.h>

#include "ban.h"
#include "db.h"
#include "jval.h"
#include "page.h"
#include "status.h"

#define BAN_SELECT \
	"SELECT id, user_id, join_time, is_delete, reason, operator_id " \
	"FROM black_list "

static const char sql_lift_user[] =
    "UPDATE black_list SET is_delete = 1 WHERE user_id = ?1 AND is_delete = 0";
static const char sql_insert[] =
    "INSERT INTO black_list (user_id, join_time, reason, operator_id) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_state[] =
    "SELECT user_id, is_delete FROM black_list WHERE id = ?1";
static const char sql_lift[] =
    "UPDATE black_list SET is_delete = 1 WHERE id = ?1";
static const char sql_by_id[] = BAN_SELECT "WHERE id = ?1";
static const char sql_count[] = "SELECT count(*) FROM black_list";
static const char sql_list[] = BAN_SELECT "ORDER BY id LIMIT ?1 OFFSET ?2";
static const char sql_list_rev[] =
    BAN_SELECT "ORDER BY id DESC LIMIT ?1 OFFSET ?2";

int
ban_lift_user(sqlite3 *db, int64_t user_id)
{
	return db_exec(db, sql_lift_user, ARGS(A_INT(user_id)), NULL);
}

int
ban_insert(sqlite3 *db, int64_t user_id, const char *reason,
    int64_t operator_id, int64_t *id)
{
	int rc;

	/* a second standing ban breaks the unique index
	 * black_list_standing: ST_CONFLICT */
	rc = db_exec(db, sql_insert, ARGS(A_INT(user_id), A_INT(db_now()),
	    A_TEXT(reason), A_REF(operator_id)), NULL);
	if (rc == ST_OK)
		*id = db_last_id(db);
	return rc;
}

int
ban_lift(sqlite3 *db, int64_t id, int64_t *user_id, int *lifted)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_state, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	*user_id = sqlite3_column_int64(st, 0);
	*lifted = sqlite3_column_int(st, 1) == 0;
	db_end(st);
	return *lifted ? db_exec(db, sql_lift, ARGS(A_INT(id)), NULL) : ST_OK;
}

static struct json_object *
row_json(sqlite3_stmt *st, void *arg)
{
	struct json_object *o = json_object_new_object();

	(void)arg;
	json_object_object_add(o, "id",
	    json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "user",
	    json_object_new_int64(sqlite3_column_int64(st, 1)));
	json_object_object_add(o, "join_time",
	    jv_time(sqlite3_column_int64(st, 2)));
	json_object_object_add(o, "is_delete",
	    json_object_new_int(sqlite3_column_int(st, 3)));
	json_object_object_add(o, "reason",
	    jv_str((const char *)sqlite3_column_text(st, 4)));
	json_object_object_add(o, "operator", jv_ref(db_col_int(st, 5, 0)));
	return o;
}

int
ban_get(sqlite3 *db, int64_t id, struct json_object **o)
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
ban_count(sqlite3 *db, int64_t *n)
{
	return db_int(db, n, sql_count, NO_ARGS);
}

int
ban_page(sqlite3 *db, struct page *pg)
{
	struct db_arg a[2];

	return page_query(db, pg, pg->reverse ? sql_list_rev : sql_list,
	    a, 2, row_json, NULL);
}
