/* POST /api/user/changeemail/: the caller's new email, proven by a code
 * mailed to it (purpose change_email, or with RULE_REGISTER_CODE a
 * register code); it counts as verified. */
#include "accounts.h"

enum { F_NEW_EMAIL, F_CODE, F__MAX };

static const struct field fields[F__MAX] = {
	[F_NEW_EMAIL] = { "new_email", valid_email, FLD_REQUIRED },
	[F_CODE] = { "code", valid_code, FLD_REQUIRED },
};

/* The code first: a wrong one is counted (committed); with the right
 * one, an address taken meanwhile rolls back and the code stays. */
static int
post(struct ctx *c)
{
	struct throttle	 t[THROTTLE_KEYS];
	const char	*email = c->f[F_NEW_EMAIL].s;
	int		 st;

	throttle_keys(t, TF_CHECK, &c->cfg, email, c->req.remote_addr);
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = db_begin(c->db)) != ST_OK)
		return st;
	st = cgi_code_consume(c, email, "change_email", c->f[F_CODE].s);
	/* some documents' clients can only ask for a register code */
	if (st == ST_WRONG_CODE && c->reason == R_NO_CODE &&
	    (c->rules & RULE_REGISTER_CODE)) {
		c->reason = R_NONE;
		st = cgi_code_consume(c, email, "register", c->f[F_CODE].s);
	}
	if (st == ST_WRONG_CODE && (st = db_commit(c->db)) == ST_OK)
		return ST_WRONG_CODE;
	if (st != ST_OK ||
	    (st = user_set_verified_email(c->db, c->uid, email, 0)) != ST_OK ||
	    (st = throttle_give(c->db, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "email changed";
	return cgi_answer_user_id(c, c->uid);
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
