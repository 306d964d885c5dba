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

/* Wrong passwords count as failed logins (throttled alike). */
static int
del(struct ctx *c)
{
	struct throttle	t[THROTTLE_KEYS];
	int		st;

	throttle_account(t, &c->cfg, c->uid, c->req.remote_addr);
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK)
		return st;
	if (!pw_verify(c->f[F_PASSWORD].s, c->me.password_hash,
	    setting_hash_cost(c->db, &c->cfg)))
		return ST_WRONG_LOGIN;
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_delete(c->db, c->uid)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);	/* the avatar */
	auth_cookies(&c->resp, &c->cfg, &c->req, NULL);
	c->resp.msg = "account deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_user, .handle = get },
	{ .method = M_DELETE, .access = access_user, FIELDS(del_fields),
	    .handle = del },
};

CGI_MAIN(routes)
