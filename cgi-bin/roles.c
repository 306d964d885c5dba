/* /api/roles/: GET lists the roles (anyone), POST creates one (admins).
 * /api/roles/{id}/: GET (anyone), PUT and DELETE (admins).  The built-in
 * roles keep their names and flags and cannot be deleted, and neither
 * can a role some user has (409, errno 1014). */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

enum { F_NAME, F_IS_ADMIN, F_SELF_ASSIGNABLE, F__MAX };

static const struct field create_fields[F__MAX] = {
	[F_NAME] = { "name", valid_role_name, FLD_REQUIRED },
	[F_IS_ADMIN] = { "is_admin", valid_bool, 0 },
	[F_SELF_ASSIGNABLE] = { "self_assignable", valid_bool, 0 },
};

static const struct field update_fields[F__MAX] = {
	[F_NAME] = { "name", valid_role_name, 0 },
	[F_IS_ADMIN] = { "is_admin", valid_bool, 0 },
	[F_SELF_ASSIGNABLE] = { "self_assignable", valid_bool, 0 },
};

/* A flag field: its value, or -1 when absent. */
static int
flag(const struct ctx *c, int k)
{
	return c->f[k].present ? (int)c->f[k].i : -1;
}

static int
answer(struct ctx *c, int64_t id)
{
	struct role	r;
	int		st;

	if ((st = role_get(c->db, id, &r)) != ST_OK)
		return st;
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "role", role_json(&r));
	role_free(&r);
	return ST_OK;
}

static int
list(struct ctx *c)
{
	return cgi_list(c, role_count, role_page);
}

static int
create(struct ctx *c)
{
	int64_t	id;
	int	st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = role_insert(c->db, c->f[F_NAME].s, flag(c, F_IS_ADMIN) > 0,
	    flag(c, F_SELF_ASSIGNABLE) > 0, &id)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "role created";
	return answer(c, id);
}

static int
get(struct ctx *c)
{
	return answer(c, c->id[0]);
}

static int
update(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = role_update(c->db, c->id[0], c->f[F_NAME].present ?
	    c->f[F_NAME].s : NULL, flag(c, F_IS_ADMIN),
	    flag(c, F_SELF_ASSIGNABLE))) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "role updated";
	return answer(c, c->id[0]);
}

static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = role_delete(c->db, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "role deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_anyone, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .access = access_admin, FIELDS(create_fields),
	    .handle = create },
	{ .method = M_GET, .ids = 1, .access = access_anyone, .handle = get },
	{ .method = M_PUT, .ids = 1, .access = access_admin,
	    FIELDS(update_fields), .handle = update },
	{ .method = M_DELETE, .ids = 1, .access = access_admin,
	    .handle = del },
};

CGI_MAIN(routes)
