/* The user_logs table (include/userlog.h). */
#include <string.h>

#include "db.h"
#include "status.h"
#include "str.h"
#include "userlog.h"

static const char sql_insert[] =
    "INSERT INTO user_logs (user_id, ip, operation, operator_id, "
    "operate_time, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int
userlog_add(sqlite3 *db, int64_t user_id, enum logop op,
    int64_t operator_id, const char *ip, const char *ua)
{
	char buf[USERLOG_MAX_UA + 1];

	utf8_cut(ua != NULL ? ua : "", USERLOG_MAX_UA, buf);
	return db_exec(db, sql_insert, ARGS(A_REF(user_id), A_TEXT(ip),
	    A_INT(op), A_REF(operator_id), A_INT(db_now()),
	    A_TEXT(buf[0] != '\0' ? buf : NULL)), NULL);
}
