/* POST /api/user/logout/: revoke this session and clear the cookies. */
#include "accounts.h"

static int
post(struct ctx *c)
{
	int st;

	if (c->sid == 0) {	/* RULE_LOGOUT_ALWAYS: nobody to log out */
		auth_cookies(&c->resp, &c->cfg, &c->req, NULL);
		c->resp.msg = "logout success";
		return ST_OK;
	}
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = sess_revoke(c->db, c->sid)) != ST_OK ||
	    (st = userlog_add(c->db, c->uid, LOG_LOGOUT, c->uid,
	    c->req.remote_addr, c->req.user_agent)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	auth_cookies(&c->resp, &c->cfg, &c->req, NULL);
	c->resp.msg = "logout success";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, .handle = post },
};

CGI_MAIN(routes)
