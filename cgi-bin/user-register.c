/* POST /api/user/register/: create an account and log it in. */
#include <string.h>

#include "accounts.h"

enum {
	/* P_EMAIL .. P_OCCUPATION come first: see PROFILE_FIELDS */
	F_USERNAME = P__MAX, F_PASSWORD, F_PASSWORD2, F_CODE, F_ROLE, F__MAX
};

static const struct field fields[F__MAX] = {
	PROFILE_FIELDS,
	[F_USERNAME] = { "username", valid_username, FLD_REQUIRED },
	[F_PASSWORD] = { "password", valid_password, FLD_REQUIRED },
	[F_PASSWORD2] = { "password2", valid_password, FLD_REQUIRED },
	[F_CODE] = { "code", valid_code, 0 },
	[F_ROLE] = { "role", valid_role_name, 0 },
};

static int
create(struct ctx *c, int64_t role, const char *hash, struct tokens *t,
    int64_t *uid)
{
	struct pvalue	 pv[P__MAX];
	int		 st;

	profile_values(c->f, pv);
	pv[P_EMAIL].present = 0;	/* inserted with the user */
	if ((st = db_begin(c->db)) != ST_OK)
		return st;
	if (c->cfg.email_verification &&
	    (st = code_consume(c->db, c->f[P_EMAIL].s, "register",
	    c->f[F_CODE].s)) != ST_OK) {
		if (st == ST_WRONG_CODE && db_commit(c->db) != ST_OK)
			st = ST_INTERNAL;	/* the attempt must count */
		db_rollback(c->db);
		return st;
	}
	/* a failure from here on rolls back, and the code is not spent */
	if ((st = user_insert(c->db, c->f[F_USERNAME].s, c->f[P_EMAIL].s,
	    c->cfg.email_verification, hash, role, pv, uid)) == ST_OK &&
	    (st = sess_create(c->db, &c->cfg, *uid, c->req.remote_addr,
	    c->req.user_agent, t)) == ST_OK &&
	    (st = user_touch_login(c->db, *uid)) == ST_OK &&
	    (st = user_log(c->db, *uid, LOG_LOGIN, *uid, c->req.remote_addr,
	    c->req.user_agent)) == ST_OK)
		return db_commit(c->db);
	db_rollback(c->db);
	if (st == ST_INVALID)
		cgi_field_error(c, "occupation", "no such occupation");
	return st;
}

static int
post(struct ctx *c)
{
	const char	*role = c->f[F_ROLE].present ? c->f[F_ROLE].s : "user";
	char		 hash[PW_HASH_MAX];
	struct tokens	 t;
	int64_t		 role_id, uid;
	int		 self, st;

	if (strcmp(c->f[F_PASSWORD].s, c->f[F_PASSWORD2].s) != 0)
		return ST_PWD_UNMATCH;
	if (c->cfg.email_verification) {
		if (c->f[P_EMAIL].s == NULL)
			cgi_field_error(c, "email", "required");
		if (!c->f[F_CODE].present)
			cgi_field_error(c, "code", "required");
		if (c->resp.fields != NULL)
			return ST_INVALID;
	} else if (c->f[F_CODE].present) {
		cgi_field_error(c, "code", "email verification is off");
		return ST_INVALID;
	}
	if ((st = role_find(c->db, role, &role_id, &self)) != ST_OK ||
	    !self) {
		if (st != ST_OK && st != ST_NOT_FOUND)
			return st;
		cgi_field_error(c, "role", "not a role you can choose");
		return ST_INVALID;
	}
	if (pw_hash(c->f[F_PASSWORD].s, c->cfg.hash_cost, hash,
	    sizeof(hash)) != 0)
		return ST_INTERNAL;
	if ((st = create(c, role_id, hash, &t, &uid)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "register success";
	return cgi_answer_login(c, uid, &t);
}

static const struct route routes[] = {
	{ M_POST, AUTH_NONE, ROUTE_FIELDS(fields), NO_FIELDS, LIMIT_FORM, post },
};

CGI_MAIN(routes)
