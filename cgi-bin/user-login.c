/* POST /api/user/login/: username (or email) and password, or email and
 * a mailed code.  Unknown users cost the same time as known ones.
 * Failed password checks and failed code checks are throttled apart, so
 * that a mailed code still logs the owner in while password guesses from
 * elsewhere have filled the account's counter. */
#include <stdio.h>
#include <string.h>

#include "accounts.h"

enum { F_USERNAME, F_PASSWORD, F_EMAIL, F_CODE, F__MAX };

static const struct field fields[F__MAX] = {
	/* a username or an email: checked as text, looked up as given */
	[F_USERNAME] = { "username", valid_text, 0 },
	[F_PASSWORD] = { "password", valid_secret, 0 },
	[F_EMAIL] = { "email", valid_email, 0 },
	[F_CODE] = { "code", valid_code, 0 },
};

/* The counters this attempt took a slot of: given back on success. */
static struct throttle	throttle[THROTTLE_KEYS];

/* Records a failed login of uid (0: unknown user) in its own
 * transaction, after whatever the attempt did (a code's count). */
static int
fail(struct ctx *c, int64_t uid, int st)
{
	int rc;

	if (sqlite3_get_autocommit(c->db) && (rc = db_begin(c->db)) != ST_OK)
		return rc;
	if ((rc = userlog_add(c->db, uid, LOG_FAILED, 0, c->req.remote_addr,
	    c->req.user_agent)) != ST_OK || (rc = db_commit(c->db)) != ST_OK)
		return rc;
	return st;
}

/* By password: checked before any transaction, so that the hash never
 * holds the write lock.  ST_OK with *u loaded and rehash set when the
 * stored hash should be renewed. */
static int
by_password(struct ctx *c, struct user *u, char *rehash, size_t sz)
{
	int	cost = setting_hash_cost(c->db, &c->cfg), st, found;
	char	who[300];

	st = c->rules & RULE_LOGIN_EMAIL ?
	    user_get_by_email(c->db, c->f[F_USERNAME].s, u) :
	    user_get_by_login(c->db, c->f[F_USERNAME].s, u);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	/* an account counts by its id, under any of its names; a name
	 * nobody has counts too, so that throttling tells nothing */
	found = st == ST_OK;
	if (found)
		throttle_account(throttle, &c->cfg, u->id,
		    c->req.remote_addr);
	else {
		snprintf(who, sizeof(who), "n:%s", c->f[F_USERNAME].s);
		throttle_keys(throttle, TF_LOGIN, &c->cfg, who,
		    c->req.remote_addr);
	}
	if ((st = cgi_throttle(c, throttle, THROTTLE_KEYS)) != ST_OK)
		return st;
	if (!pw_verify(c->f[F_PASSWORD].s, u->password_hash, cost)) {
		/* (some dialects' documents tell the two apart) */
		c->reason = found ? R_BAD_PASSWORD : R_NO_USER;
		return fail(c, u->id, ST_WRONG_LOGIN);
	}
	if (pw_needs_rehash(u->password_hash, cost) &&
	    pw_hash(c->f[F_PASSWORD].s, cost, rehash, sz) != ST_OK)
		rehash[0] = '\0';
	return db_begin(c->db);
}

/* By code: the code is used up in the transaction the login then
 * commits; a wrong one is counted (committed) before the failure is
 * logged. */
static int
by_code(struct ctx *c, struct user *u)
{
	int st;

	throttle_keys(throttle, TF_CHECK, &c->cfg, c->f[F_EMAIL].s,
	    c->req.remote_addr);
	if ((st = cgi_throttle(c, throttle, THROTTLE_KEYS)) != ST_OK ||
	    (st = db_begin(c->db)) != ST_OK)
		return st;
	st = cgi_code_consume(c, c->f[F_EMAIL].s, "login", c->f[F_CODE].s);
	if (st == ST_OK &&
	    (st = user_get_by_login(c->db, c->f[F_EMAIL].s, u)) ==
	    ST_NOT_FOUND)
		st = ST_WRONG_CODE;
	if (st == ST_WRONG_CODE && (st = db_commit(c->db)) == ST_OK)
		return fail(c, u->id, ST_WRONG_CODE);
	return st;
}

static int
post(struct ctx *c)
{
	const struct fval	*f = c->f;
	struct origin		 o = { c->req.remote_addr, c->req.user_agent };
	struct user		 u;
	struct tokens		 t;
	char			 rehash[PW_HASH_MAX] = "";
	int			 st;

	memset(&u, 0, sizeof(u));
	if (f[F_USERNAME].present && f[F_PASSWORD].present &&
	    !f[F_EMAIL].present && !f[F_CODE].present)
		st = by_password(c, &u, rehash, sizeof(rehash));
	else if (f[F_EMAIL].present && f[F_CODE].present &&
	    !f[F_USERNAME].present && !f[F_PASSWORD].present)
		st = by_code(c, &u);
	else {
		cgi_field_error(c, "username",
		    "give username and password, or email and code");
		st = ST_INVALID;
	}
	/* the transaction is open from here on */
	if (st == ST_OK && !u.is_active) {
		db_rollback(c->db);
		st = fail(c, u.id, ST_DISABLED);
	} else if (st == ST_OK && (rehash[0] == '\0' ||
	    (st = user_set_password(c->db, u.id, rehash, 0)) == ST_OK) &&
	    (st = throttle_give(c->db, throttle, THROTTLE_KEYS)) == ST_OK &&
	    (st = sess_login(c->db, &c->cfg, u.id, &o, &t)) == ST_OK &&
	    (st = db_commit(c->db)) == ST_OK) {
		c->resp.msg = "login success";
		st = cgi_answer_login(c, u.id, &t);
	}
	user_free(&u);
	return st;
}

/* A dialect's code request on this path (RULE_SEND_CODE): as
 * POST /api/user/code/ with purpose login. */
enum { C_EMAIL, C__MAX };

static const struct field code_fields[C__MAX] = {
	[C_EMAIL] = { "email", valid_email, FLD_REQUIRED },
};

static int
send_code(struct ctx *c)
{
	return cgi_send_code(c, c->f[C_EMAIL].s, "login", 0);
}

static const struct route routes[] = {
	{ .method = M_POST, .rules = RULE_SEND_CODE, .access = access_same_site,
	    FIELDS(code_fields), .handle = send_code },
	{ .method = M_POST, .access = access_same_site, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
