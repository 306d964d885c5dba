/* Session storage: an access and a refresh token per session (stored
 * only as hashes), the login sequence, rotation with reuse detection,
 * revocation, and finding the session of a presented token.  How tokens
 * travel (headers, cookies) and the CSRF rule are in auth.h. */
#ifndef ACCOUNTS_SESS_H
#define ACCOUNTS_SESS_H

#include <stdint.h>
#include <sqlite3.h>

#include "tok.h"

struct cfg;
struct page;
struct user;

struct tokens {
	int64_t	 session_id;
	char	 access[TOK_LEN + 1];
	char	 refresh[TOK_LEN + 1];
	long	 expires_in;	/* seconds the access token lives */
};

/* Where a session comes from: the request's address and User-Agent. */
struct origin {
	const char	*ip;
	const char	*ua;
};

/* The login sequence, inside the caller's write transaction: a new
 * session (the user's oldest beyond cfg->max_sessions are revoked), the
 * last-login time and the log row. */
int	sess_login(sqlite3 *db, const struct cfg *c, int64_t user_id,
	    const struct origin *o, struct tokens *t);

/* Inside the caller's write transaction: rotates both tokens of the
 * session the refresh token belongs to.  A token that was already
 * rotated, or has expired, revokes its session and gives ST_BAD_TOKEN:
 * commit then, so the revocation stays.  ST_DISABLED for a user who is
 * not active.  *user_id is set on ST_OK.
 *
 * SESS_KEEP_REFRESH in flags: only the access token is new (t->refresh
 * is ""); the refresh token stays valid, with the expiry it had since
 * login, and the new access token lives at most until then. */
#define SESS_KEEP_REFRESH	0x01
int	sess_refresh(sqlite3 *db, const struct cfg *c, const char *refresh,
	    unsigned flags, int64_t *user_id, struct tokens *t);

/* Revocation, inside a write transaction.  sess_revoke_user keeps
 * session keep_id (0: none). */
int	sess_revoke(sqlite3 *db, int64_t session_id);
int	sess_revoke_user(sqlite3 *db, int64_t user_id, int64_t keep_id);

/* Inside a write transaction: revokes session id if it is user_id's
 * (ST_NOT_FOUND otherwise, also when it is someone else's). */
int	sess_revoke_own(sqlite3 *db, int64_t user_id, int64_t id);

/* The live sessions of user_id (refresh token not expired), in id order,
 * as {id, created_at, last_seen_at, ip, user_agent, current}; current is
 * the session current_id. */
int	sess_count_user(sqlite3 *db, int64_t user_id, int64_t *n);
int	sess_page_user(sqlite3 *db, int64_t user_id, int64_t current_id,
	    struct page *pg);

/* The live session of access token text, and its user in the same
 * query: ST_OK with *u (freed with user_free) and *session_id, or
 * ST_BAD_TOKEN.  last_seen_at is refreshed at most once a minute and
 * never waits for the write lock, so reads stay reads; with slide > 0
 * the same write moves the access expiry to now + slide (at most the
 * refresh expiry), for clients that have no way to refresh. */
int	sess_lookup(sqlite3 *db, const char *text, long slide,
	    struct user *u, int64_t *session_id);

#endif
