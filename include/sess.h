/* Sessions: an access and a refresh token per session, rotation with
 * reuse detection, revocation, and authentication of a request. */
#ifndef ACCOUNTS_SESS_H
#define ACCOUNTS_SESS_H

#include <stdint.h>
#include <sqlite3.h>

#include "tok.h"

struct cfg;
struct req;
struct resp;
struct json_object;
struct user;

struct tokens {
	int64_t	 session_id;
	char	 access[TOK_LEN + 1];
	char	 refresh[TOK_LEN + 1];
	long	 expires_in;	/* seconds the access token lives */
};

/* Inside a write transaction: a new session for user_id. */
int	sess_create(sqlite3 *db, const struct cfg *c, int64_t user_id,
	    const char *ip, const char *ua, struct tokens *t);

/* Rotates both tokens of the session the refresh token belongs to.  A
 * refresh token that was already rotated revokes its whole session.
 * Returns ST_OK, ST_BAD_TOKEN or ST_DISABLED; sets *user_id.  Opens its
 * own transaction. */
int	sess_refresh(sqlite3 *db, const struct cfg *c, const char *refresh,
	    int64_t *user_id, struct tokens *t);

/* Revocation (inside a write transaction). */
int	sess_revoke(sqlite3 *db, int64_t session_id);
int	sess_revoke_user(sqlite3 *db, int64_t user_id, int64_t keep_id);

enum tok_source { TS_NONE, TS_COOKIE, TS_BEARER, TS_HEADER };

/* Finds the access token of the request: Authorization: Bearer, then
 * X-Auth-Token, then the sid cookie.  Returns its source. */
enum tok_source sess_token(char *buf, size_t sz);

/* Authenticates the request and loads its user in the same query: ST_OK
 * with *u (freed with user_free) and *session_id set, or ST_LOGIN_FIRST,
 * ST_BAD_TOKEN, ST_CROSS_SITE, ST_DISABLED.  Refreshes last_seen_at at
 * most once a minute so reads stay reads. */
int	sess_auth(sqlite3 *db, const struct cfg *c, const struct req *r,
	    struct user *u, int64_t *session_id);

/* Refuses (ST_CROSS_SITE) an unsafe request whose Origin, or failing
 * that Sec-Fetch-Site, shows another site. */
int	sess_same_origin(const struct cfg *c, const struct req *r);

/* Sets (t != NULL) or clears (t == NULL) the sid and rid cookies. */
void	sess_cookies(struct resp *rp, const struct cfg *c,
	    const struct req *r, const struct tokens *t);

/* Adds {token, refresh_token, expires_in} to a JSON object. */
void	sess_json(struct json_object *o, const struct tokens *t);

#endif
