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

/* Failed code checks take a slot of these (email verification on). */
static struct throttle	throttle[THROTTLE_KEYS];

/* With email verification on, the code is used up in the transaction
 * that creates the account; a wrong one is counted (committed). */
static int
check_code(struct ctx *c)
{
	int st;

	if (!c->cfg.email_verification)
		return ST_OK;
	st = cgi_code_consume(c, c->f[P_EMAIL].s, "register", c->f[F_CODE].s);
	if (st == ST_WRONG_CODE && (st = db_commit(c->db)) == ST_OK)
		st = ST_WRONG_CODE;
	return st;
}

static int
create(struct ctx *c, int64_t role, const char *hash, struct tokens *t,
    int64_t *uid)
{
	struct origin	 o = { c->req.remote_addr, c->req.user_agent };
	struct pvalue	 pv[P__MAX];
	struct user_new	 n = {
		.username = c->f[F_USERNAME].s, .email = c->f[P_EMAIL].s,
		.hash = hash, .role_id = role,
		.verified = c->cfg.email_verification, .pv = pv,
	};
	int		 st;

	profile_values(c->f, pv);
	pv[P_EMAIL].present = 0;	/* inserted with the user */
	if ((st = db_begin(c->db)) != ST_OK || (st = check_code(c)) != ST_OK)
		return st;
	/* a failure from here on rolls back, and the code is not spent */
	if ((st = user_insert(c->db, &n, uid)) != ST_OK) {
		if (st == ST_BAD_REF)
			cgi_field_error(c, "occupation", "no such occupation");
		return st;
	}
	/* some dialects' clients log in afterwards */
	if ((c->cfg.email_verification && (st = throttle_give(c->db,
	    throttle, THROTTLE_KEYS)) != ST_OK) ||
	    (!(c->rules & RULE_NO_SESSION) &&
	    (st = sess_login(c->db, &c->cfg, *uid, &o, t)) != ST_OK))
		return st;
	return db_commit(c->db);
}

/* The role asked for, if one may choose it oneself. */
static int
self_role(struct ctx *c, int64_t *id)
{
	struct role	r;
	int		st;

	st = role_find(c->db, c->f[F_ROLE].present ? c->f[F_ROLE].s : "user",
	    &r);
	if (st == ST_OK && !r.self_assignable)
		st = ST_NOT_FOUND;
	*id = r.id;
	role_free(&r);
	if (st == ST_NOT_FOUND) {
		cgi_field_error(c, "role", "not a role you can choose");
		st = ST_INVALID;
	}
	return st;
}

static int
post(struct ctx *c)
{
	char		 hash[PW_HASH_MAX];
	struct tokens	 t;
	int64_t		 role, uid;
	int		 st;

	if (strcmp(c->f[F_PASSWORD].s, c->f[F_PASSWORD2].s) != 0)
		return ST_PWD_UNMATCH;
	if (c->cfg.email_verification) {
		if (c->f[P_EMAIL].s == NULL)
			cgi_field_error(c, "email", "required");
		if (!c->f[F_CODE].present)
			cgi_field_error(c, "code", "required");
		if (c->resp.fields != NULL)
			return ST_INVALID;
		throttle_keys(throttle, TF_CHECK, &c->cfg, c->f[P_EMAIL].s,
		    c->req.remote_addr);
		if ((st = cgi_throttle(c, throttle, THROTTLE_KEYS)) != ST_OK)
			return st;
	} else if (c->f[F_CODE].present) {
		cgi_field_error(c, "code", "email verification is off");
		return ST_INVALID;
	}
	if ((st = self_role(c, &role)) != ST_OK ||
	    (st = pw_hash(c->f[F_PASSWORD].s, setting_hash_cost(c->db,
	    &c->cfg), hash, sizeof(hash))) != ST_OK ||
	    (st = create(c, role, hash, &t, &uid)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "register success";
	if (c->rules & RULE_NO_SESSION)
		return cgi_answer_user_id(c, uid);
	return cgi_answer_login(c, uid, &t);
}

/* A dialect's code request on this path (RULE_SEND_CODE): as
 * POST /api/user/code/ with purpose register, except that a taken
 * address is told (1007) and gets no mail: the registration it leads to
 * would tell the same. */
enum { C_EMAIL, C__MAX };

static const struct field code_fields[C__MAX] = {
	[C_EMAIL] = { "email", valid_email, FLD_REQUIRED },
};

static int
send_code(struct ctx *c)
{
	return cgi_send_code(c, c->f[C_EMAIL].s, "register", 1);
}

static const struct route routes[] = {
	{ .method = M_POST, .rules = RULE_SEND_CODE, .access = access_same_site,
	    FIELDS(code_fields), .handle = send_code },
	{ .method = M_POST, .access = access_same_site, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
