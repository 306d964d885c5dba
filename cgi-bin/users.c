/* /api/users/: the user directory.  GET lists (admins; searchable,
 * filterable), POST creates (admins).  /api/users/{id}/: GET, PUT and
 * PATCH for the user itself or an admin (role, is_active and password
 * are for admins only), DELETE for admins.  Documents may register at
 * POST /api/users/ (the route named "register"). */
#include <stdlib.h>

#include "accounts.h"

enum { Q_Q = Q__PAGE, Q_ROLE, Q_GROUP, Q_OCCUPATION, Q_IS_ACTIVE, Q__MAX };

static const struct field query[Q__MAX] = {
	PAGE_QUERY,
	/* "" is no search */
	[Q_Q] = { "q", valid_text, FLD_NULLABLE },
	[Q_ROLE] = { "role", valid_role_name, 0 },
	[Q_GROUP] = { "group", valid_id, 0 },
	[Q_OCCUPATION] = { "occupation", valid_id, 0 },
	[Q_IS_ACTIVE] = { "is_active", valid_bool, 0 },
};

/* P_EMAIL .. P_OCCUPATION come first: see PROFILE_FIELDS */
enum { F_USERNAME = P__MAX, F_PASSWORD, F_ROLE, F__MAX };

static const struct field create_fields[F__MAX] = {
	PROFILE_FIELDS,
	[F_USERNAME] = { "username", valid_username, FLD_REQUIRED },
	[F_PASSWORD] = { "password", valid_password, FLD_REQUIRED },
	[F_ROLE] = { "role", valid_role_name, 0 },
};

/* Registration, for documents that put it on this path: no role. */
static const struct field register_fields[F_ROLE] = {
	PROFILE_FIELDS,
	[F_USERNAME] = { "username", valid_username, FLD_REQUIRED },
	[F_PASSWORD] = { "password", valid_password, FLD_REQUIRED },
};

/* The username cannot change here (POST /api/user/changename/). */
enum { U_PASSWORD = P__MAX, U_ROLE, U_IS_ACTIVE, U__MAX };

static const struct field update_fields[U__MAX] = {
	PROFILE_FIELDS,
	[U_PASSWORD] = { "password", valid_password, FLD_ADMIN },
	[U_ROLE] = { "role", valid_role_name, FLD_ADMIN },
	[U_IS_ACTIVE] = { "is_active", valid_bool, FLD_ADMIN },
};

static int
list(struct ctx *c)
{
	struct user_filter	 f;
	struct page		 pg;
	int64_t			 n;
	int			 st;

	user_filter_init(&f);
	f.q = c->q[Q_Q].present && !c->q[Q_Q].null ? c->q[Q_Q].s : NULL;
	f.role = c->q[Q_ROLE].present ? c->q[Q_ROLE].s : NULL;
	f.group_id = c->q[Q_GROUP].present ? c->q[Q_GROUP].i : 0;
	f.occupation_id = c->q[Q_OCCUPATION].present ?
	    c->q[Q_OCCUPATION].i : 0;
	f.is_active = c->q[Q_IS_ACTIVE].present ? c->q[Q_IS_ACTIVE].i : -1;
	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = user_count(c->db, &f, &n)) == ST_OK) {
		page_window(&pg, n);
		st = user_page(c->db, &f, &pg, 1);
	}
	return cgi_answer_page(c, &pg, st);
}

/* The role named by field k into *id: 400 when there is none. */
static int
named_role(struct ctx *c, int k, int64_t *id)
{
	struct role	r;
	int		st;

	st = role_find(c->db, c->f[k].s, &r);
	*id = r.id;
	role_free(&r);
	if (st == ST_NOT_FOUND) {
		cgi_field_error(c, "role", "no such role");
		st = ST_INVALID;
	}
	return st;
}

/* Field errors of a failed insert or update. */
static int
refused(struct ctx *c, int st)
{
	if (st == ST_BAD_REF)
		cgi_field_error(c, "occupation", "no such occupation");
	return st;
}

/* A new user created by user by (0: itself), with the role field when
 * the route has one; its id into *uid. */
static int
insert(struct ctx *c, int64_t by, int with_role, int64_t *uid)
{
	struct pvalue	 pv[P__MAX];
	char		 hash[PW_HASH_MAX];
	struct user_new	 n = {
		.username = c->f[F_USERNAME].s, .email = c->f[P_EMAIL].s,
		.hash = hash, .role_id = ROLE_USER, .by = by, .pv = pv,
	};
	int		 st;

	profile_values(c->f, pv);
	pv[P_EMAIL].present = 0;	/* inserted with the user */
	if ((with_role && c->f[F_ROLE].present &&
	    (st = named_role(c, F_ROLE, &n.role_id)) != ST_OK) ||
	    (st = pw_hash(c->f[F_PASSWORD].s, setting_hash_cost(c->db,
	    &c->cfg), hash, sizeof(hash))) != ST_OK)
		return st;
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = refused(c, user_insert(c->db, &n, uid))) != ST_OK)
		return st;
	return db_commit(c->db);
}

static int
create(struct ctx *c)
{
	int64_t	uid;
	int	st;

	if ((st = insert(c, c->uid, 1, &uid)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "user created";
	return cgi_answer_user_id(c, uid);
}

/* The registration of a document that has it here (route "register"):
 * anyone gets an account of role user, without a session (the client
 * logs in), a confirmation or a mailed code (the email is stored
 * unverified, as by an admin); an admin calling it is its creator. */
static int
signup(struct ctx *c)
{
	int64_t	uid;
	int	st;

	if ((st = insert(c, c->me.is_admin ? c->uid : 0, 0, &uid)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "register success";
	return cgi_answer_user_id(c, uid);
}

static int
get(struct ctx *c)
{
	c->resp.msg = "success";
	return cgi_answer_user_id(c, c->id[0]);
}

/* The admin-only changes of an update, inside its transaction: the
 * user's sessions go when it is disabled or its password changes (the
 * caller's own session stays). */
static int
admin_changes(struct ctx *c, int64_t id, const char *hash, int64_t by)
{
	const struct fval	*f = c->f;
	int64_t			 role;
	int			 st;

	if (f[U_ROLE].present && ((st = named_role(c, U_ROLE, &role)) !=
	    ST_OK ||
	    (st = user_set_role(c->db, id, role, by)) != ST_OK))
		return st;
	if (f[U_IS_ACTIVE].present) {
		if ((st = user_set_active(c->db, id, (int)f[U_IS_ACTIVE].i,
		    by)) != ST_OK)
			return st;
		/* enabling lifts a standing ban, as accountsctl does */
		st = f[U_IS_ACTIVE].i ? ban_lift_user(c->db, id) :
		    sess_revoke_user(c->db, id, 0);
		if (st != ST_OK)
			return st;
	}
	if (hash != NULL && ((st = user_set_password(c->db, id, hash, by)) !=
	    ST_OK || (st = sess_revoke_user(c->db, id, c->sid)) != ST_OK))
		return st;
	return ST_OK;
}

/* RULE_SET_OWN_PASSWORD: 1 if the password sent is user id's current
 * one, which then changes nothing (clients that send the whole form
 * back); 0 otherwise, also for an unknown id (the update answers 404). */
static int
same_password(struct ctx *c, int64_t id)
{
	struct user	u;
	int		same;

	if (!(c->rules & RULE_SET_OWN_PASSWORD) ||
	    user_get_by_id(c->db, id, &u) != ST_OK)
		return 0;
	same = pw_verify(c->f[U_PASSWORD].s, u.password_hash,
	    setting_hash_cost(c->db, &c->cfg));
	user_free(&u);
	return same;
}

static int
update(struct ctx *c)
{
	struct pvalue	 pv[P__MAX];
	char		 hash[PW_HASH_MAX];
	int64_t		 id = c->id[0];
	int64_t		 by = id != c->uid || (c->rules & RULE_SELF_UPDATER) ?
			    c->uid : 0;
	int		 pw, st;

	if (c->f[P_EMAIL].present && c->cfg.email_verification &&
	    !c->me.is_admin) {
		cgi_field_error(c, "email", "change it with a code through "
		    "/api/user/changeemail/");
		return ST_INVALID;
	}
	pw = c->f[U_PASSWORD].present && !same_password(c, id);
	if (pw && (st = pw_hash(c->f[U_PASSWORD].s,
	    setting_hash_cost(c->db, &c->cfg), hash, sizeof(hash))) != ST_OK)
		return st;
	profile_values(c->f, pv);
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = refused(c, user_update_profile(c->db, id, pv, by))) !=
	    ST_OK ||
	    (st = admin_changes(c, id, pw ? hash : NULL, by)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "user updated";
	return cgi_answer_user_id(c, id);
}

/* Its sessions, memberships and bans go with it (foreign keys); its
 * avatar, put in the trash by a trigger, once that has committed. */
static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_delete(c->db, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);
	c->resp.msg = "user deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_admin, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .access = access_admin, FIELDS(create_fields),
	    .handle = create },
	{ .method = M_GET, .ids = 1, .access = access_self_or_admin,
	    .handle = get },
	{ .method = M_PUT, .ids = 1, .access = access_self_or_admin,
	    FIELDS(update_fields), .handle = update },
	{ .method = M_PATCH, .ids = 1, .access = access_self_or_admin,
	    FIELDS(update_fields), .handle = update },
	{ .method = M_DELETE, .ids = 1, .access = access_admin,
	    .handle = del },
	/* for documents only (struct droute's route) */
	{ .method = M_POST, .access = access_optional,
	    FIELDS(register_fields), .handle = signup, .name = "register" },
};

CGI_MAIN(routes)
