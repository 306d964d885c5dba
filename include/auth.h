/* How tokens travel: the access token of a request (Authorization:
 * Bearer, X-Auth-Token, or the sid cookie), the CSRF rule for
 * cookie-authenticated requests, the sid/rid cookies, and the token
 * members of a login answer.  Storage is sess.h. */
#ifndef ACCOUNTS_AUTH_H
#define ACCOUNTS_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct cfg;
struct req;
struct resp;
struct tokens;
struct user;
struct json_object;

enum tok_source { TS_NONE, TS_COOKIE, TS_BEARER, TS_HEADER };

/* Finds the access token of the request: Authorization: Bearer, then
 * X-Auth-Token, then the sid cookie.  A token too long for buf is kept
 * as "" (present, and invalid).  Returns its source. */
enum tok_source auth_token(char *buf, size_t sz);

/* Refuses (ST_CROSS_SITE) a request whose Origin, or failing that
 * Sec-Fetch-Site, shows another site than the request's own origin or
 * one of ACCOUNTS_ALLOWED_ORIGINS. */
int	auth_same_origin(const struct cfg *c, const struct req *r);

/* Authenticates the request: ST_OK with *u (freed with user_free) and
 * *session_id, or ST_LOGIN_FIRST (no token), ST_CROSS_SITE (a cookie on
 * an unsafe cross-site request), ST_BAD_TOKEN, ST_DISABLED.  Flags:
 * AUTH_BARE also takes "Authorization: <token>"; AUTH_SLIDING moves the
 * access expiry on use (dialects whose clients cannot refresh). */
#define AUTH_BARE	0x01
#define AUTH_SLIDING	0x02
int	auth_request(sqlite3 *db, const struct cfg *c, const struct req *r,
	    unsigned flags, struct user *u, int64_t *session_id);

/* 1 if the request has an Authorization header that is not "Bearer
 * <token>" (some dialects answer that apart). */
int	auth_bad_scheme(void);

/* Sets (t != NULL) or clears (t == NULL) the sid and rid cookies (rid
 * is left alone when t->refresh is "": not rotated). */
void	auth_cookies(struct resp *rp, const struct cfg *c,
	    const struct req *r, const struct tokens *t);

/* Adds {token, refresh_token, expires_in} to a JSON object
 * (refresh_token only when t->refresh is not ""). */
void	auth_json(struct json_object *o, const struct tokens *t);

#endif
