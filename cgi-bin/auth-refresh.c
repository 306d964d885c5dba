/* POST /api/auth/refresh/: trade a refresh token (field or rid cookie)
 * for a new pair; a token presented twice revokes its session.  With
 * RULE_KEEP_REFRESH, only a new access token (the refresh token
 * stays). */
#include "accounts.h"

enum { F_REFRESH_TOKEN, F__MAX };

static const struct field fields[F__MAX] = {
	[F_REFRESH_TOKEN] = { "refresh_token", valid_token, 0 },
};

static int
post(struct ctx *c)
{
	char		 cookie[TOK_LEN + 2];
	const char	*tok;
	struct tokens	 t;
	int64_t		 uid;
	int		 st;

	if (c->f[F_REFRESH_TOKEN].present)
		tok = c->f[F_REFRESH_TOKEN].s;
	else if (req_cookie("rid", cookie, sizeof(cookie)) == 0) {
		if ((st = auth_same_origin(&c->cfg, &c->req)) != ST_OK)
			return st;
		tok = cookie;
	} else {
		cgi_field_error(c, "refresh_token", "required");
		return ST_INVALID;
	}
	if ((st = db_begin(c->db)) != ST_OK)
		return st;
	st = sess_refresh(c->db, &c->cfg, tok, c->rules & RULE_KEEP_REFRESH ?
	    SESS_KEEP_REFRESH : 0, &uid, &t);
	/* commit a revocation (token reuse) too: it must stay */
	if (st == ST_OK || st == ST_BAD_TOKEN) {
		int cst = db_commit(c->db);

		if (cst != ST_OK)
			return cst;
	}
	if (st != ST_OK) {
		if (st == ST_BAD_TOKEN)
			c->reason = R_BAD_REFRESH;
		if (st == ST_BAD_TOKEN && !c->f[F_REFRESH_TOKEN].present)
			auth_cookies(&c->resp, &c->cfg, &c->req, NULL);
		return st;
	}
	c->resp.msg = "token refreshed";
	return cgi_answer_login(c, uid, &t);
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_anyone, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
