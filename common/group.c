/* The groups and group_members tables (include/group.h). */
#include <string.h>

#include "db.h"
#include "group.h"
#include "status.h"

static const char sql_membership[] =
    "SELECT member_role = 'manager' FROM group_members "
    "WHERE group_id = ?1 AND user_id = ?2";

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

static const char sql_exists[] = "SELECT 1 FROM groups WHERE id = ?1";

int
group_exists(sqlite3 *db, int64_t gid)
{
	int64_t	one;

	return db_int(db, &one, sql_exists, ARGS(A_INT(gid)));
}
