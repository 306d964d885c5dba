/* The ban list (black_list): banning disables a user and revokes every
 * session; lifting keeps the row as history (is_delete = 1). */
#ifndef ACCOUNTS_BAN_H
#define ACCOUNTS_BAN_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct page;

/* Inside a write transaction: marks every standing ban of the user as
 * lifted. */
int	ban_lift_user(sqlite3 *db, int64_t user_id);

/* Inside a write transaction: a standing ban of user_id by operator.
 * ST_CONFLICT when the user has one already.  Disabling the user and
 * revoking its sessions are the caller's (same transaction). */
int	ban_insert(sqlite3 *db, int64_t user_id, const char *reason,
	    int64_t operator_id, int64_t *id);

/* Inside a write transaction: lifts ban id.  *user_id gets its user,
 * *lifted 1 when it was standing (0: lifted before, nothing changed).
 * ST_NOT_FOUND. */
int	ban_lift(sqlite3 *db, int64_t id, int64_t *user_id, int *lifted);

/* The entry {id, user, join_time, is_delete, reason, operator} of id. */
int	ban_get(sqlite3 *db, int64_t id, struct json_object **o);

/* Every entry, standing and lifted, in id order. */
int	ban_count(sqlite3 *db, int64_t *n);
int	ban_page(sqlite3 *db, struct page *pg);

#endif
