/* Groups and their members: the groups and group_members tables. */
#ifndef ACCOUNTS_GROUP_H
#define ACCOUNTS_GROUP_H

#include <stdint.h>
#include <sqlite3.h>

enum member_role { MEMBER_NONE, MEMBER, MANAGER };

/* How uid belongs to group gid (MEMBER_NONE when not, or when the group
 * does not exist): ST_OK or an error. */
int	group_membership(sqlite3 *db, int64_t gid, int64_t uid,
	    enum member_role *role);

/* ST_OK when group gid exists, ST_NOT_FOUND, or an error. */
int	group_exists(sqlite3 *db, int64_t gid);

#endif
