/* The sessions and refresh_tokens tables (include/sess.h). */
#include <string.h>

#include <json-c/json.h>

#include "cfg.h"
#include "db.h"
#include "jval.h"
#include "log.h"
#include "page.h"
#include "sess.h"
#include "status.h"
#include "str.h"
#include "user.h"
#include "userlog.h"

#define SEEN_EVERY	60	/* seconds between last_seen_at writes */

static const char sql_insert[] =
    "INSERT INTO sessions (user_id, access_hash, access_expires, "
    "refresh_expires, created_at, last_seen_at, ip, user_agent) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)";
static const char sql_cap[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id NOT IN "
    "(SELECT id FROM sessions WHERE user_id = ?1 ORDER BY id DESC "
    "LIMIT ?2)";
static const char sql_refresh_insert[] =
    "INSERT INTO refresh_tokens (hash, session_id) VALUES (?1, ?2)";
static const char sql_auth[] =
    "SELECT s.id, s.access_expires, s.last_seen_at, " USER_COLUMNS
    "FROM sessions s JOIN users u ON u.id = s.user_id " USER_ROLE_JOIN
    "WHERE s.access_hash = ?1";
static const char sql_seen[] =
    "UPDATE sessions SET last_seen_at = ?2, access_expires = CASE WHEN ?3 "
    "THEN min(?2 + ?3, refresh_expires) ELSE access_expires END "
    "WHERE id = ?1";
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
static const char sql_new_access[] =
    "UPDATE sessions SET access_hash = ?2, access_expires = min(?3, "
    "refresh_expires), last_seen_at = ?4 WHERE id = ?1";
static const char sql_revoke[] = "DELETE FROM sessions WHERE id = ?1";
static const char sql_revoke_user[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";
static const char sql_revoke_own[] =
    "DELETE FROM sessions WHERE id = ?2 AND user_id = ?1";
#define SESS_LIVE \
	"FROM sessions WHERE user_id = ?1 AND refresh_expires > ?2 "
#define SESS_SELECT \
	"SELECT id, created_at, last_seen_at, ip, user_agent " SESS_LIVE
static const char sql_count_user[] = "SELECT count(*) " SESS_LIVE;
static const char sql_list_user[] =
    SESS_SELECT "ORDER BY id LIMIT ?3 OFFSET ?4";
static const char sql_list_user_rev[] =
    SESS_SELECT "ORDER BY id DESC LIMIT ?3 OFFSET ?4";

/* A new pair into t, with the hashes that are stored. */
static int
new_pair(struct tokens *t, unsigned char *ah, unsigned char *rh)
{
	return tok_new(t->access, ah) == 0 && tok_new(t->refresh, rh) == 0 ?
	    ST_OK : ST_INTERNAL;
}

static int
sess_create(sqlite3 *db, const struct cfg *c, int64_t user_id,
    const struct origin *o, struct tokens *t)
{
	unsigned char	 ah[TOK_HASH], rh[TOK_HASH];
	char		 ua[USERLOG_MAX_UA + 1];
	int64_t		 now = db_now();
	int		 rc;

	utf8_cut(o->ua != NULL ? o->ua : "", USERLOG_MAX_UA, ua);
	if ((rc = new_pair(t, ah, rh)) != ST_OK ||
	    (rc = db_exec(db, sql_insert, ARGS(A_INT(user_id),
	    A_BLOB(ah, TOK_HASH), A_INT(now + c->access_ttl),
	    A_INT(now + c->refresh_ttl), A_INT(now), A_TEXT(o->ip),
	    A_TEXT(ua[0] != '\0' ? ua : NULL)), NULL)) != ST_OK)
		return rc;
	t->session_id = db_last_id(db);
	t->expires_in = c->access_ttl;
	if ((rc = db_exec(db, sql_refresh_insert, ARGS(A_BLOB(rh, TOK_HASH),
	    A_INT(t->session_id)), NULL)) != ST_OK)
		return rc;
	return db_exec(db, sql_cap, ARGS(A_INT(user_id),
	    A_INT(c->max_sessions)), NULL);
}

int
sess_login(sqlite3 *db, const struct cfg *c, int64_t user_id,
    const struct origin *o, struct tokens *t)
{
	int rc;

	if ((rc = sess_create(db, c, user_id, o, t)) != ST_OK ||
	    (rc = user_touch_login(db, user_id)) != ST_OK)
		return rc;
	return userlog_add(db, user_id, LOG_LOGIN, user_id, o->ip, o->ua);
}

int
sess_revoke(sqlite3 *db, int64_t session_id)
{
	return db_exec(db, sql_revoke, ARGS(A_INT(session_id)), NULL);
}

int
sess_revoke_user(sqlite3 *db, int64_t user_id, int64_t keep_id)
{
	return db_exec(db, sql_revoke_user, ARGS(A_INT(user_id),
	    A_INT(keep_id)), NULL);
}

/* Rotates: marks the presented token used, issues a new pair. */
static int
rotate(sqlite3 *db, const struct cfg *c, int64_t sid,
    const unsigned char *old, struct tokens *t)
{
	unsigned char	 ah[TOK_HASH], rh[TOK_HASH];
	int64_t		 now = db_now();
	int		 rc;

	if ((rc = db_exec(db, sql_refresh_use, ARGS(A_BLOB(old, TOK_HASH)),
	    NULL)) != ST_OK ||
	    (rc = new_pair(t, ah, rh)) != ST_OK ||
	    (rc = db_exec(db, sql_rotate, ARGS(A_INT(sid),
	    A_BLOB(ah, TOK_HASH), A_INT(now + c->access_ttl),
	    A_INT(now + c->refresh_ttl), A_INT(now)), NULL)) != ST_OK)
		return rc;
	t->session_id = sid;
	t->expires_in = c->access_ttl;
	return db_exec(db, sql_refresh_insert, ARGS(A_BLOB(rh, TOK_HASH),
	    A_INT(sid)), NULL);
}

/* A new access token for session sid, whose refresh token stays and
 * expires at refresh_expires. */
static int
new_access(sqlite3 *db, const struct cfg *c, int64_t sid,
    int64_t refresh_expires, struct tokens *t)
{
	unsigned char	 ah[TOK_HASH];
	int64_t		 now = db_now();

	if (tok_new(t->access, ah) != 0)
		return ST_INTERNAL;
	t->refresh[0] = '\0';
	t->session_id = sid;
	t->expires_in = now + c->access_ttl < refresh_expires ?
	    c->access_ttl : (long)(refresh_expires - now);
	return db_exec(db, sql_new_access, ARGS(A_INT(sid),
	    A_BLOB(ah, TOK_HASH), A_INT(now + c->access_ttl), A_INT(now)),
	    NULL);
}

int
sess_refresh(sqlite3 *db, const struct cfg *c, const char *refresh,
    unsigned flags, int64_t *user_id, struct tokens *t)
{
	unsigned char	 h[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 sid, expires;
	int		 used, active, rc;

	if (tok_hash(refresh, h) != 0)
		return ST_BAD_TOKEN;
	rc = db_one(db, &st, sql_refresh_find, ARGS(A_BLOB(h, TOK_HASH)));
	if (rc != ST_OK)
		return rc == ST_NOT_FOUND ? ST_BAD_TOKEN : rc;
	sid = sqlite3_column_int64(st, 0);
	used = sqlite3_column_int(st, 1);
	*user_id = sqlite3_column_int64(st, 2);
	expires = sqlite3_column_int64(st, 3);
	active = sqlite3_column_int(st, 4);
	db_end(st);
	if (used || expires <= db_now()) {
		/* A rotated token came back: someone else has the session. */
		if (used)
			logmsg("refresh token reuse: revoking session %lld",
			    (long long)sid);
		rc = sess_revoke(db, sid);
		return rc == ST_OK ? ST_BAD_TOKEN : rc;
	}
	if (!active)
		return ST_DISABLED;
	if (flags & SESS_KEEP_REFRESH)
		return new_access(db, c, sid, expires, t);
	return rotate(db, c, sid, h, t);
}

int
sess_lookup(sqlite3 *db, const char *text, long slide, struct user *u,
    int64_t *session_id)
{
	unsigned char	 h[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 now = db_now(), last;
	int		 rc;

	memset(u, 0, sizeof(*u));
	if (tok_hash(text, h) != 0)
		return ST_BAD_TOKEN;
	rc = db_one(db, &st, sql_auth, ARGS(A_BLOB(h, TOK_HASH)));
	if (rc != ST_OK)
		return rc == ST_NOT_FOUND ? ST_BAD_TOKEN : rc;
	if (sqlite3_column_int64(st, 1) <= now) {
		db_end(st);
		return ST_BAD_TOKEN;
	}
	*session_id = sqlite3_column_int64(st, 0);
	last = sqlite3_column_int64(st, 2);
	user_row(st, 3, u);
	db_end(st);
	if (now - last >= SEEN_EVERY)
		db_try(db, sql_seen, ARGS(A_INT(*session_id), A_INT(now),
		    A_INT(slide)));
	return ST_OK;
}

int
sess_revoke_own(sqlite3 *db, int64_t user_id, int64_t id)
{
	int64_t	changes = 0;
	int	rc;

	rc = db_exec(db, sql_revoke_own, ARGS(A_INT(user_id), A_INT(id)),
	    &changes);
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
sess_count_user(sqlite3 *db, int64_t user_id, int64_t *n)
{
	return db_int(db, n, sql_count_user, ARGS(A_INT(user_id),
	    A_INT(db_now())));
}

static struct json_object *
session_row(sqlite3_stmt *st, void *arg)
{
	const int64_t		*current = arg;
	struct json_object	*o = json_object_new_object();
	int64_t			 id = sqlite3_column_int64(st, 0);

	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "created_at",
	    jv_time(sqlite3_column_int64(st, 1)));
	json_object_object_add(o, "last_seen_at",
	    jv_time(sqlite3_column_int64(st, 2)));
	json_object_object_add(o, "ip",
	    jv_str((const char *)sqlite3_column_text(st, 3)));
	json_object_object_add(o, "user_agent",
	    jv_str((const char *)sqlite3_column_text(st, 4)));
	json_object_object_add(o, "current",
	    json_object_new_boolean(id == *current));
	return o;
}

int
sess_page_user(sqlite3 *db, int64_t user_id, int64_t current_id,
    struct page *pg)
{
	struct db_arg a[4] = { A_INT(user_id), A_INT(db_now()) };

	return page_query(db, pg, pg->reverse ? sql_list_user_rev :
	    sql_list_user, a, 4, session_row, &current_id);
}
