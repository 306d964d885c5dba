/* GET /api/user/me/: the caller's account.  DELETE: remove it, with the
 * password as confirmation. */
#include "accounts.h"

enum { F_PASSWORD, F__MAX };

static const struct field del_fields[F__MAX] = {
	[F_PASSWORD] = { "password", valid_secret, FLD_REQUIRED },
};

static int
get(struct ctx *c)
{
	return cgi_answer_user(c, &c->me);
}

static int
del(struct ctx *c)
{
	int st;

	if (!pw_verify(c->f[F_PASSWORD].s, c->me.password_hash,
	    c->cfg.hash_cost))
		st = ST_WRONG_LOGIN;
	else if ((st = db_begin(c->db)) == ST_OK &&
	    (st = user_delete(c->db, c->uid)) == ST_OK &&
	    (st = db_commit(c->db)) == ST_OK) {
		upload_remove(c->cfg.data_dir, "avatars", c->me.avatar);
		sess_cookies(&c->resp, &c->cfg, &c->req, NULL);
		c->resp.msg = "account deleted";
	}
	return st;
}

static const struct route routes[] = {
	{ M_GET, AUTH_USER, NO_FIELDS, NO_FIELDS, LIMIT_FORM, get },
	{ M_DELETE, AUTH_USER, ROUTE_FIELDS(del_fields), NO_FIELDS, LIMIT_FORM, del },
};

CGI_MAIN(routes)
