/* The login audit log (user_logs): who logged in, out, or failed to,
 * from where. */
#ifndef ACCOUNTS_USERLOG_H
#define ACCOUNTS_USERLOG_H

#include <stdint.h>
#include <sqlite3.h>

/* Stored User-Agents are cut to this many bytes (at a character
 * boundary): an unauthenticated caller must not make the database keep
 * whatever it sends. */
#define USERLOG_MAX_UA	256

enum logop { LOG_LOGIN = 0, LOG_LOGOUT = 1, LOG_FAILED = 2 };

/* Inside a write transaction.  user_id and operator_id: 0 for none. */
int	userlog_add(sqlite3 *db, int64_t user_id, enum logop op,
	    int64_t operator_id, const char *ip, const char *ua);

#endif
