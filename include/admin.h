/* Administration: listing and filtering users, changing a user's role or
 * active flag, purging expired rows, and online backups.  Shared by
 * accountsctl and the admin directory endpoints. */
#ifndef ACCOUNTS_ADMIN_H
#define ACCOUNTS_ADMIN_H

#include <stdint.h>
#include <sqlite3.h>

struct user;

/* Throttle rows whose window started longer ago than this are dropped. */
#define PURGE_THROTTLE_AGE	86400

/* Which users a list takes.  Every member is optional: NULL, 0 or -1
 * (is_active) means "any".  Strings are borrowed. */
struct user_filter {
	const char	*q;		/* substring of username, email, fullname */
	const char	*role;		/* role name, case-insensitive */
	int64_t		 group_id;	/* member of this group */
	int64_t		 occupation_id;
	int		 is_active;	/* -1 any, 0 or 1 */
};

/* Sets every member of f to "any". */
void	user_filter_init(struct user_filter *f);

/* Called once per user in id order; u and its strings are freed after the
 * call returns.  A non-zero return stops the list and is passed back. */
typedef int (*user_list_cb)(void *arg, const struct user *u);

/* Number of users f takes: ST_OK or ST_INTERNAL. */
int	user_count(sqlite3 *db, const struct user_filter *f, int64_t *count);

/* Calls cb for at most limit (< 0: no limit) users f takes, skipping the
 * first offset.  Returns ST_OK, ST_INTERNAL or what cb returned.  Run it
 * inside a transaction if the count and the page must agree. */
int	user_list(sqlite3 *db, const struct user_filter *f, int64_t limit,
	    int64_t offset, user_list_cb cb, void *arg);

/* Inside a write transaction.  ST_OK, ST_NOT_FOUND (no such user or
 * role) or ST_INTERNAL. */
int	user_set_role(sqlite3 *db, int64_t id, int64_t role_id);

/* Inside a write transaction.  Disabling (active == 0) also revokes every
 * session of the user; enabling also lifts any standing ban (its
 * black_list rows get is_delete = 1 and stay as history).  ST_OK,
 * ST_NOT_FOUND or ST_INTERNAL. */
int	user_set_active(sqlite3 *db, int64_t id, int active);

/* Rows store_purge removed. */
struct purge_counts {
	int64_t	 sessions;	/* refresh token expired (their tokens go too) */
	int64_t	 codes;		/* verification codes past expires_at */
	int64_t	 throttle;	/* windows older than PURGE_THROTTLE_AGE */
};

/* Inside a write transaction: deletes what has expired at time now. */
int	store_purge(sqlite3 *db, int64_t now, struct purge_counts *out);

/* Copies the whole database src into a new file dest (mode 0600) with the
 * online backup API, in one step so the copy is consistent.  Refuses
 * (ST_CONFLICT) when dest exists; ST_INTERNAL on other failures, after
 * removing the partial copy.  Must not run inside a transaction of src. */
int	store_backup(sqlite3 *src, const char *dest);

#endif
