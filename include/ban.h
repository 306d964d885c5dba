/* The ban list (black_list): banning disables a user and revokes every
 * session; lifting keeps the row as history (is_delete = 1). */
#ifndef ACCOUNTS_BAN_H
#define ACCOUNTS_BAN_H

#include <stdint.h>
#include <sqlite3.h>

/* Inside a write transaction: marks every standing ban of the user as
 * lifted. */
int	ban_lift_user(sqlite3 *db, int64_t user_id);

#endif
