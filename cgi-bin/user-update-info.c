/* POST or PUT /api/user/update/info/: change profile fields; fields not
 * sent are left alone, empty or null ones are cleared. */
#include "accounts.h"

static const struct field fields[P__MAX] = { PROFILE_FIELDS };

static int
update(struct ctx *c)
{
	struct pvalue	 pv[P__MAX];
	int		 st;

	if (c->f[P_EMAIL].present && c->cfg.email_verification) {
		cgi_field_error(c, "email", "change it with a code through "
		    "/api/user/changeemail/");
		return ST_INVALID;
	}
	profile_values(c->f, pv);
	if ((st = db_begin(c->db)) != ST_OK)
		return st;
	if ((st = user_update_profile(c->db, c->uid, pv, 0)) != ST_OK) {
		if (st == ST_BAD_REF)
			cgi_field_error(c, "occupation", "no such occupation");
		return st;
	}
	if ((st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "profile updated";
	return cgi_answer_user_id(c, c->uid);
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, FIELDS(fields),
	    .handle = update },
	{ .method = M_PUT, .access = access_user, FIELDS(fields),
	    .handle = update },
};

CGI_MAIN(routes)
