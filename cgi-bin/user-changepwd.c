/* POST or PUT /api/user/changepwd/: needs the current password; every
 * other session of the user is revoked.  Wrong current passwords count
 * as failed logins (throttled alike). */
#include "accounts.h"

enum { F_PWD, F_NEW_PWD, F__MAX };

static const struct field fields[F__MAX] = {
	[F_PWD] = { "pwd", valid_secret, FLD_REQUIRED },
	[F_NEW_PWD] = { "new_pwd", valid_password, FLD_REQUIRED },
};

static int
change(struct ctx *c)
{
	struct throttle	t[THROTTLE_KEYS];
	char		hash[PW_HASH_MAX];
	int		cost = setting_hash_cost(c->db, &c->cfg), st;

	throttle_account(t, &c->cfg, c->uid, c->req.remote_addr);
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK)
		return st;
	if (!pw_verify(c->f[F_PWD].s, c->me.password_hash, cost))
		return ST_WRONG_LOGIN;
	if ((st = pw_hash(c->f[F_NEW_PWD].s, cost, hash, sizeof(hash))) !=
	    ST_OK)
		return st;
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_set_password(c->db, c->uid, hash, 0)) != ST_OK ||
	    (st = sess_revoke_user(c->db, c->uid, c->sid)) != ST_OK ||
	    (st = throttle_give(c->db, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "password changed";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, FIELDS(fields),
	    .handle = change },
	{ .method = M_PUT, .access = access_user, FIELDS(fields),
	    .handle = change },
};

CGI_MAIN(routes)
