/* Sessions and their tokens: creation, authentication of a request,
 * refresh rotation with reuse detection, revocation, and the cookies. */
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "cfg.h"
#include "db.h"
#include "internal.h"
#include "req.h"
#include "resp.h"
#include "sess.h"
#include "status.h"
#include "user.h"

#define SEEN_EVERY	60	/* seconds between last_seen_at writes */

static const char sql_insert[] =
    "INSERT INTO sessions (user_id, access_hash, access_expires, "
    "refresh_expires, created_at, last_seen_at, ip, user_agent) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)";
static const char sql_refresh_insert[] =
    "INSERT INTO refresh_tokens (hash, session_id) VALUES (?1, ?2)";
static const char sql_auth[] =
    "SELECT s.id, s.access_expires, s.last_seen_at, " USER_COLUMNS
    "FROM sessions s JOIN users u ON u.id = s.user_id " USER_ROLE_JOIN
    "WHERE s.access_hash = ?1";
static const char sql_seen[] =
    "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1";
static const char sql_refresh_find[] =
    "SELECT t.session_id, t.used, s.user_id, s.refresh_expires, "
    "u.is_active FROM refresh_tokens t "
    "JOIN sessions s ON s.id = t.session_id "
    "JOIN users u ON u.id = s.user_id WHERE t.hash = ?1";
static const char sql_refresh_use[] =
    "UPDATE refresh_tokens SET used = 1 WHERE hash = ?1";
static const char sql_rotate[] =
    "UPDATE sessions SET access_hash = ?2, access_expires = ?3, "
    "refresh_expires = ?4, last_seen_at = ?5 WHERE id = ?1";
static const char sql_revoke[] = "DELETE FROM sessions WHERE id = ?1";
static const char sql_revoke_user[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";

/* Stores the refresh token's hash for session sid. */
static int
refresh_store(sqlite3 *db, int64_t sid, const unsigned char *h)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql_refresh_insert)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_blob(st, 1, h, TOK_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, sid);
	return db_done(st);
}

int
sess_create(sqlite3 *db, const struct cfg *c, int64_t user_id,
    const char *ip, const char *ua, struct tokens *t)
{
	unsigned char	 ah[TOK_HASH], rh[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 now = db_now();
	int		 rc;

	if (tok_new(t->access, ah) != 0 || tok_new(t->refresh, rh) != 0)
		return ST_INTERNAL;
	if ((st = db_prepare(db, sql_insert)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, ah, TOK_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now + c->access_ttl);
	sqlite3_bind_int64(st, 4, now + c->refresh_ttl);
	sqlite3_bind_int64(st, 5, now);
	db_bind_text(st, 6, ip);
	db_bind_text(st, 7, ua);
	if ((rc = db_done(st)) != ST_OK)
		return rc;
	t->session_id = sqlite3_last_insert_rowid(db);
	t->expires_in = c->access_ttl;
	return refresh_store(db, t->session_id, rh);
}

/* Runs a statement of one id (and optionally a second) to completion. */
static int
write_ids(sqlite3 *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		sqlite3_bind_int64(st, 2, b);
	return db_done(st);
}

int
sess_revoke(sqlite3 *db, int64_t session_id)
{
	return write_ids(db, sql_revoke, session_id, 0);
}

int
sess_revoke_user(sqlite3 *db, int64_t user_id, int64_t keep_id)
{
	return write_ids(db, sql_revoke_user, user_id, keep_id);
}

/* Rotates: marks the presented token used, issues a new pair. */
static int
rotate(sqlite3 *db, const struct cfg *c, int64_t sid,
    const unsigned char *old, struct tokens *t)
{
	unsigned char	 ah[TOK_HASH], rh[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 now = db_now();
	int		 rc;

	if ((st = db_prepare(db, sql_refresh_use)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_blob(st, 1, old, TOK_HASH, SQLITE_STATIC);
	if ((rc = db_done(st)) != ST_OK)
		return rc;
	if (tok_new(t->access, ah) != 0 || tok_new(t->refresh, rh) != 0 ||
	    (st = db_prepare(db, sql_rotate)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_blob(st, 2, ah, TOK_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now + c->access_ttl);
	sqlite3_bind_int64(st, 4, now + c->refresh_ttl);
	sqlite3_bind_int64(st, 5, now);
	if ((rc = db_done(st)) != ST_OK)
		return rc;
	t->session_id = sid;
	t->expires_in = c->access_ttl;
	return refresh_store(db, sid, rh);
}

int
sess_refresh(sqlite3 *db, const struct cfg *c, const char *refresh,
    int64_t *user_id, struct tokens *t)
{
	unsigned char	 h[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 sid = 0, expires = 0;
	int		 used = 0, active = 0, rc;

	if (tok_hash(refresh, h) != 0)
		return ST_BAD_TOKEN;
	if ((rc = db_begin(db)) != ST_OK)
		return rc;
	if ((st = db_prepare(db, sql_refresh_find)) == NULL) {
		db_rollback(db);
		return ST_INTERNAL;
	}
	sqlite3_bind_blob(st, 1, h, TOK_HASH, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sid = sqlite3_column_int64(st, 0);
		used = sqlite3_column_int(st, 1);
		*user_id = sqlite3_column_int64(st, 2);
		expires = sqlite3_column_int64(st, 3);
		active = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_rollback(db);
		return rc == SQLITE_DONE ? ST_BAD_TOKEN : ST_INTERNAL;
	}
	if (used || expires <= db_now()) {
		/* A rotated token came back: someone else has the session. */
		if (used)
			logmsg("refresh token reuse: revoking session %lld",
			    (long long)sid);
		rc = sess_revoke(db, sid);
		if (rc == ST_OK)
			rc = db_commit(db);
		else
			db_rollback(db);
		return rc == ST_OK ? ST_BAD_TOKEN : rc;
	}
	if (!active) {
		db_rollback(db);
		return ST_DISABLED;
	}
	if ((rc = rotate(db, c, sid, h, t)) != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

enum tok_source
sess_token(char *buf, size_t sz)
{
	const char *v;

	/* A token too long for buf is kept as "": present, and invalid. */
	buf[0] = '\0';
	if ((v = req_header("HTTP_AUTHORIZATION")) != NULL &&
	    strncasecmp(v, "Bearer ", 7) == 0) {
		v += 7 + strspn(v + 7, " ");
		if (strlen(v) < sz)
			strcpy(buf, v);
		return TS_BEARER;
	}
	if ((v = req_header("HTTP_X_AUTH_TOKEN")) != NULL) {
		if (strlen(v) < sz)
			strcpy(buf, v);
		return TS_HEADER;
	}
	switch (req_cookie("sid", buf, sz)) {
	case 0:
		return buf[0] != '\0' ? TS_COOKIE : TS_NONE;
	case -2:
		return TS_COOKIE;
	default:
		return TS_NONE;
	}
}

/* 1 if origin is listed in the space/comma separated list. */
static int
listed(const char *list, const char *origin)
{
	size_t n = strlen(origin), k;

	while (*list != '\0') {
		list += strspn(list, " ,");
		k = strcspn(list, " ,");
		if (k == n && strncasecmp(list, origin, n) == 0)
			return 1;
		list += k;
	}
	return 0;
}

int
sess_same_origin(const struct cfg *c, const struct req *r)
{
	const char	*origin = req_header("HTTP_ORIGIN");
	const char	*host = req_header("HTTP_HOST"), *site;
	const char	*scheme = r->https ? "https://" : "http://";
	size_t		 sl = strlen(scheme);

	if (origin != NULL) {
		if (host != NULL && strncasecmp(origin, scheme, sl) == 0 &&
		    strcasecmp(origin + sl, host) == 0)
			return ST_OK;
		return listed(c->allowed_origins, origin) ?
		    ST_OK : ST_CROSS_SITE;
	}
	site = req_header("HTTP_SEC_FETCH_SITE");
	return site != NULL && strcasecmp(site, "cross-site") == 0 ?
	    ST_CROSS_SITE : ST_OK;
}

static void
seen(sqlite3 *db, int64_t sid)
{
	sqlite3_stmt *st;

	/* Best effort: a busy database must not fail a read. */
	if ((st = db_prepare(db, sql_seen)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int64(st, 2, db_now());
	(void)db_done(st);
}

int
sess_auth(sqlite3 *db, const struct cfg *c, const struct req *r,
    struct user *u, int64_t *session_id)
{
	char		 tok[TOK_LEN + 2];
	unsigned char	 h[TOK_HASH];
	enum tok_source	 src;
	sqlite3_stmt	*st;
	int64_t		 now = db_now(), last = 0;
	int		 rc;

	if ((src = sess_token(tok, sizeof(tok))) == TS_NONE)
		return ST_LOGIN_FIRST;
	if (src == TS_COOKIE && r->method != M_GET && r->method != M_HEAD &&
	    sess_same_origin(c, r) != ST_OK)
		return ST_CROSS_SITE;
	if (tok_hash(tok, h) != 0)
		return ST_BAD_TOKEN;
	if ((st = db_prepare(db, sql_auth)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_blob(st, 1, h, TOK_HASH, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 1) > now) {
		*session_id = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 2);
		user_row(st, 3, u);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ST_INTERNAL;
	if (last == 0)
		return ST_BAD_TOKEN;
	if (!u->is_active)
		return ST_DISABLED;
	if (now - last >= SEEN_EVERY)
		seen(db, *session_id);
	return ST_OK;
}

void
sess_cookies(struct resp *rp, const struct cfg *c, const struct req *r,
    const struct tokens *t)
{
	resp_cookie(rp, "sid", t != NULL ? t->access : "", "/", "Lax",
	    t != NULL ? c->access_ttl : 0, r->https);
	resp_cookie(rp, "rid", t != NULL ? t->refresh : "", "/api/auth/",
	    "Strict", t != NULL ? c->refresh_ttl : 0, r->https);
}

void
sess_json(struct json_object *o, const struct tokens *t)
{
	json_object_object_add(o, "token", json_object_new_string(t->access));
	json_object_object_add(o, "refresh_token",
	    json_object_new_string(t->refresh));
	json_object_object_add(o, "expires_in",
	    json_object_new_int64(t->expires_in));
}
