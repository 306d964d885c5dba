/* The login audit log (user_logs): who logged in, out, or failed to,
 * from where. */
#ifndef ACCOUNTS_USERLOG_H
#define ACCOUNTS_USERLOG_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct page;

/* Stored User-Agents are cut to this many bytes (at a character
 * boundary): an unauthenticated caller must not make the database keep
 * whatever it sends. */
#define USERLOG_MAX_UA	256

enum logop { LOG_LOGIN = 0, LOG_LOGOUT = 1, LOG_FAILED = 2 };

/* Inside a write transaction.  user_id and operator_id: 0 for none. */
int	userlog_add(sqlite3 *db, int64_t user_id, enum logop op,
	    int64_t operator_id, const char *ip, const char *ua);

/* The record object {id, user, ip, operation, operator, operate_time,
 * user_agent} of id into *o: ST_OK, ST_NOT_FOUND or an error. */
int	userlog_get(sqlite3 *db, int64_t id, struct json_object **o);

/* Which records a list takes; 0 / -1 / INT64_MIN / INT64_MAX mean any
 * (userlog_filter_init).  since is inclusive, until exclusive. */
struct userlog_filter {
	int64_t	 user_id;
	int	 operation;
	int64_t	 since, until;
	int	 no_failed;	/* 1: not LOG_FAILED records */
};

void	userlog_filter_init(struct userlog_filter *f);

/* Records f takes, newest first (operate_time, then id, descending):
 * a counter without filters, else as many index entries as matches
 * (by user, by operation or by time, in that order of preference). */
int	userlog_count(sqlite3 *db, const struct userlog_filter *f,
	    int64_t *n);
int	userlog_page(sqlite3 *db, const struct userlog_filter *f,
	    struct page *pg);

#endif
