/* The user_logs table (include/userlog.h). */
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "jval.h"
#include "page.h"
#include "status.h"
#include "str.h"
#include "userlog.h"

static const char sql_insert[] =
    "INSERT INTO user_logs (user_id, ip, operation, operator_id, "
    "operate_time, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
/* the list's count, kept here rather than by a trigger (db/005) */
static const char sql_counted[] =
    "UPDATE counters SET value = value + 1 WHERE name = 'user_logs'";

#define LOG_SELECT \
	"SELECT l.id, l.user_id, l.ip, l.operation, l.operator_id, " \
	"l.operate_time, l.user_agent FROM user_logs l "

static const char sql_by_id[] = LOG_SELECT "WHERE l.id = ?1";

/* Lists, as in user.c: the filter that has an index drives (the user,
 * the operation, else the time range, always given: absent bounds are
 * the extremes), the others apply to its rows.  Every index used ends
 * with operate_time and the row id, which is the list's order, newest
 * first.  ?1 user, ?2 operation, ?3 since, ?4 until, ?5 1 to leave out
 * failed logins, ?6 limit, ?7 offset. */
#define LF_REST \
	" AND l.operate_time >= ?3 AND l.operate_time < ?4" \
	" AND (?1 IS NULL OR l.user_id = ?1)" \
	" AND (?2 IS NULL OR l.operation = ?2)" \
	" AND (?5 = 0 OR l.operation <> 2)"
#define LF_LIST(where, order) \
	LOG_SELECT "WHERE " where LF_REST " ORDER BY " order \
	" LIMIT ?6 OFFSET ?7"
#define LF_CASE(where) { \
	"SELECT count(*) FROM user_logs l WHERE " where LF_REST, \
	LF_LIST(where, "l.operate_time DESC, l.id DESC"), \
	LF_LIST(where, "l.operate_time, l.id") }

enum lcase { LC_USER, LC_OPERATION, LC_TIME, LC_ALL, LC__MAX };

/* count, list newest first, list oldest first */
static const char *const sql_lists[LC__MAX][3] = {
	[LC_USER] = LF_CASE("l.user_id = ?1"),
	[LC_OPERATION] = LF_CASE("l.operation = ?2"),
	[LC_TIME] = LF_CASE("1"),
	/* the same statements without a filter; counted by the counter */
	[LC_ALL] = {
		"SELECT value FROM counters WHERE name = 'user_logs'",
		LF_LIST("1", "l.operate_time DESC, l.id DESC"),
		LF_LIST("1", "l.operate_time, l.id"),
	},
};

int
userlog_add(sqlite3 *db, int64_t user_id, enum logop op,
    int64_t operator_id, const char *ip, const char *ua)
{
	char	buf[USERLOG_MAX_UA + 1];
	int	rc;

	utf8_cut(ua != NULL ? ua : "", USERLOG_MAX_UA, buf);
	if ((rc = db_exec(db, sql_insert, ARGS(A_REF(user_id), A_TEXT(ip),
	    A_INT(op), A_REF(operator_id), A_INT(db_now()),
	    A_TEXT(buf[0] != '\0' ? buf : NULL)), NULL)) != ST_OK)
		return rc;
	return db_exec(db, sql_counted, NO_ARGS, NULL);
}

static struct json_object *
row_json(sqlite3_stmt *st, void *arg)
{
	struct json_object *o = json_object_new_object();

	(void)arg;
	json_object_object_add(o, "id",
	    json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_object_object_add(o, "user", jv_ref(db_col_int(st, 1, 0)));
	json_object_object_add(o, "ip",
	    jv_str((const char *)sqlite3_column_text(st, 2)));
	json_object_object_add(o, "operation",
	    json_object_new_int64(sqlite3_column_int64(st, 3)));
	json_object_object_add(o, "operator", jv_ref(db_col_int(st, 4, 0)));
	json_object_object_add(o, "operate_time",
	    jv_time(sqlite3_column_int64(st, 5)));
	json_object_object_add(o, "user_agent",
	    jv_str((const char *)sqlite3_column_text(st, 6)));
	return o;
}

int
userlog_get(sqlite3 *db, int64_t id, struct json_object **o)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_by_id, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	*o = row_json(st, NULL);
	db_end(st);
	return ST_OK;
}

void
userlog_filter_init(struct userlog_filter *f)
{
	f->user_id = 0;
	f->operation = -1;
	f->since = INT64_MIN;
	f->until = INT64_MAX;
	f->no_failed = 0;
}

static enum lcase
filter_case(const struct userlog_filter *f)
{
	if (f->user_id > 0)
		return LC_USER;
	if (f->operation >= 0)
		return LC_OPERATION;
	return f->since != INT64_MIN || f->until != INT64_MAX ||
	    f->no_failed ? LC_TIME : LC_ALL;
}

/* The seven arguments of the statements of f. */
static void
filter_args(const struct userlog_filter *f, struct db_arg *a)
{
	a[0] = A_REF(f->user_id);
	a[1] = f->operation >= 0 ? A_INT(f->operation) : A_NULL;
	a[2] = A_INT(f->since);
	a[3] = A_INT(f->until);
	a[4] = A_INT(f->no_failed != 0);
	a[5] = A_INT(-1);
	a[6] = A_INT(0);
}

int
userlog_count(sqlite3 *db, const struct userlog_filter *f, int64_t *n)
{
	struct db_arg	a[7];
	enum lcase	k = filter_case(f);

	filter_args(f, a);
	return db_int(db, n, sql_lists[k][0], a, k == LC_ALL ? 0 : 5);
}

int
userlog_page(sqlite3 *db, const struct userlog_filter *f, struct page *pg)
{
	struct db_arg	a[7];

	filter_args(f, a);
	return page_query(db, pg, sql_lists[filter_case(f)][pg->reverse ?
	    2 : 1], a, 7, row_json, NULL);
}
