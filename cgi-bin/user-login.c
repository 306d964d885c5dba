/* POST /api/user/login/: username (or email) and password, or email and
 * a mailed code.  Unknown users cost the same time as known ones. */
#include <string.h>

#include "accounts.h"

enum { F_USERNAME, F_PASSWORD, F_EMAIL, F_CODE, F__MAX };

static const struct field fields[F__MAX] = {
	/* a username or an email: checked as text, looked up as given */
	[F_USERNAME] = { "username", valid_text, 0 },
	[F_PASSWORD] = { "password", valid_secret, 0 },
	[F_EMAIL] = { "email", valid_email, 0 },
	[F_CODE] = { "code", valid_code, 0 },
};

static int
fail(struct ctx *c, int64_t uid, int st)
{
	user_log(c->db, uid, LOG_FAILED, 0, c->req.remote_addr,
	    c->req.user_agent);
	return st;
}

/* Checks the credentials; ST_OK with *u loaded. */
static int
check(struct ctx *c, struct user *u, char *rehash, size_t sz)
{
	const struct fval	*f = c->f;
	int			 st;

	if (f[F_USERNAME].present && f[F_PASSWORD].present &&
	    !f[F_EMAIL].present && !f[F_CODE].present) {
		st = user_get_by_login(c->db, f[F_USERNAME].s, u);
		if (st != ST_OK && st != ST_NOT_FOUND)
			return st;
		if (!pw_verify(f[F_PASSWORD].s, u->password_hash,
		    c->cfg.hash_cost))
			return fail(c, u->id, ST_WRONG_LOGIN);
		if (pw_needs_rehash(u->password_hash, c->cfg.hash_cost) &&
		    pw_hash(f[F_PASSWORD].s, c->cfg.hash_cost, rehash, sz) != 0)
			rehash[0] = '\0';
	} else if (f[F_EMAIL].present && f[F_CODE].present &&
	    !f[F_USERNAME].present && !f[F_PASSWORD].present) {
		/* left open on success: post() logs in in the same one */
		if ((st = db_begin(c->db)) != ST_OK)
			return st;
		if ((st = code_consume(c->db, f[F_EMAIL].s, "login",
		    f[F_CODE].s)) == ST_OK &&
		    (st = user_get_by_login(c->db, f[F_EMAIL].s, u)) ==
		    ST_NOT_FOUND)
			st = ST_WRONG_CODE;
		if (st != ST_OK) {
			if (st != ST_WRONG_CODE || db_commit(c->db) != ST_OK)
				db_rollback(c->db);
			return fail(c, u->id, st);
		}
	} else {
		cgi_field_error(c, "username",
		    "give username and password, or email and code");
		return ST_INVALID;
	}
	if (u->is_active)
		return ST_OK;
	db_rollback(c->db);
	return fail(c, u->id, ST_DISABLED);
}

static int
post(struct ctx *c)
{
	struct user	 u;
	struct tokens	 t;
	char		 rehash[PW_HASH_MAX] = "";
	int		 st;

	memset(&u, 0, sizeof(u));
	if ((st = check(c, &u, rehash, sizeof(rehash))) != ST_OK)
		goto out;
	if (sqlite3_get_autocommit(c->db) && (st = db_begin(c->db)) != ST_OK)
		goto out;
	if ((rehash[0] == '\0' ||
	    (st = user_set_password(c->db, u.id, rehash)) == ST_OK) &&
	    (st = sess_create(c->db, &c->cfg, u.id, c->req.remote_addr,
	    c->req.user_agent, &t)) == ST_OK &&
	    (st = user_touch_login(c->db, u.id)) == ST_OK &&
	    (st = user_log(c->db, u.id, LOG_LOGIN, u.id, c->req.remote_addr,
	    c->req.user_agent)) == ST_OK &&
	    (st = db_commit(c->db)) == ST_OK) {
		c->resp.msg = "login success";
		st = cgi_answer_login(c, u.id, &t);
	}
out:
	user_free(&u);
	return st;
}

static const struct route routes[] = {
	{ M_POST, AUTH_NONE, ROUTE_FIELDS(fields), NO_FIELDS, LIMIT_FORM, post },
};

CGI_MAIN(routes)
