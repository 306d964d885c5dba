/* POST /api/user/resetpwd/: a new password for the account of email,
 * proven by a code mailed to it (purpose reset_password); every session
 * of the account is revoked. */
#include <string.h>

#include "accounts.h"

enum { F_EMAIL, F_CODE, F_NEW_PWD, F__MAX };

static const struct field fields[F__MAX] = {
	[F_EMAIL] = { "email", valid_email, FLD_REQUIRED },
	[F_CODE] = { "code", valid_code, FLD_REQUIRED },
	[F_NEW_PWD] = { "new_pwd", valid_password, FLD_REQUIRED },
};

/* Inside the transaction: the code, then the account it was mailed to
 * (gone meanwhile: the code was for nothing, and is spent). */
static int
check(struct ctx *c, int64_t *uid)
{
	struct user	 u;
	int		 st;

	memset(&u, 0, sizeof(u));
	st = cgi_code_consume(c, c->f[F_EMAIL].s, "reset_password",
	    c->f[F_CODE].s);
	if (st == ST_OK && (st = user_get_by_login(c->db, c->f[F_EMAIL].s,
	    &u)) == ST_NOT_FOUND)
		st = ST_WRONG_CODE;
	*uid = u.id;
	user_free(&u);
	if (st == ST_WRONG_CODE && (st = db_commit(c->db)) == ST_OK)
		st = ST_WRONG_CODE;
	return st;
}

static int
post(struct ctx *c)
{
	struct throttle	 t[THROTTLE_KEYS];
	char		 hash[PW_HASH_MAX];
	int64_t		 uid;
	int		 st;

	throttle_keys(t, TF_CHECK, &c->cfg, c->f[F_EMAIL].s,
	    c->req.remote_addr);
	/* the hash before the transaction: never under the write lock */
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = pw_hash(c->f[F_NEW_PWD].s, setting_hash_cost(c->db,
	    &c->cfg), hash, sizeof(hash))) != ST_OK ||
	    (st = db_begin(c->db)) != ST_OK || (st = check(c, &uid)) != ST_OK)
		return st;
	if ((st = user_set_password(c->db, uid, hash, 0)) != ST_OK ||
	    (st = sess_revoke_user(c->db, uid, 0)) != ST_OK ||
	    (st = throttle_give(c->db, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "password reset";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_same_site, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
