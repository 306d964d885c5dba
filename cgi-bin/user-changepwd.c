/* POST or PUT /api/user/changepwd/: needs the current password; every
 * other session of the user is revoked. */
#include "accounts.h"

enum { F_PWD, F_NEW_PWD, F__MAX };

static const struct field fields[F__MAX] = {
	[F_PWD] = { "pwd", valid_secret, FLD_REQUIRED },
	[F_NEW_PWD] = { "new_pwd", valid_password, FLD_REQUIRED },
};

static int
change(struct ctx *c)
{
	char	hash[PW_HASH_MAX];
	int	st;

	if (!pw_verify(c->f[F_PWD].s, c->me.password_hash, c->cfg.hash_cost))
		st = ST_WRONG_LOGIN;
	else if (pw_hash(c->f[F_NEW_PWD].s, c->cfg.hash_cost, hash,
	    sizeof(hash)) != 0)
		st = ST_INTERNAL;
	else if ((st = db_begin(c->db)) == ST_OK &&
	    (st = user_set_password(c->db, c->uid, hash)) == ST_OK &&
	    (st = sess_revoke_user(c->db, c->uid, c->sid)) == ST_OK)
		st = db_commit(c->db);
	c->resp.msg = "password changed";
	return st;
}

static const struct route routes[] = {
	{ M_POST, AUTH_USER, ROUTE_FIELDS(fields), NO_FIELDS, LIMIT_FORM, change },
	{ M_PUT, AUTH_USER, ROUTE_FIELDS(fields), NO_FIELDS, LIMIT_FORM, change },
};

CGI_MAIN(routes)
