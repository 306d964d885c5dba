/* The black_list table (include/ban.h). */
#include "ban.h"
#include "db.h"
#include "status.h"

static const char sql_lift_user[] =
    "UPDATE black_list SET is_delete = 1 WHERE user_id = ?1 AND is_delete = 0";

int
ban_lift_user(sqlite3 *db, int64_t user_id)
{
	return db_exec(db, sql_lift_user, ARGS(A_INT(user_id)), NULL);
}
