/* POST /api/user/changename/: a new username for the caller, unique
 * regardless of case (a change of case alone is allowed). */
#include "accounts.h"

enum { F_NEW_NAME, F__MAX };

static const struct field fields[F__MAX] = {
	[F_NEW_NAME] = { "new_name", valid_username, FLD_REQUIRED },
};

static int
post(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_set_username(c->db, c->uid, c->f[F_NEW_NAME].s, 0)) !=
	    ST_OK || (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "username changed";
	return cgi_answer_user_id(c, c->uid);
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
