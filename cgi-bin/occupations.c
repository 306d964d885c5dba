/* /api/occupations/: GET lists (any user), POST creates (admins).
 * /api/occupations/{id}/: GET (any user), PUT renames and DELETE removes
 * (admins); users who had a deleted one get occupation null. */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

enum { F_NAME, F__MAX };

static const struct field fields[F__MAX] = {
	[F_NAME] = { "name", valid_name, FLD_REQUIRED },
};

static int
answer(struct ctx *c, int64_t id)
{
	struct json_object	*o;
	int			 st;

	if ((st = occupation_get(c->db, id, &o)) != ST_OK)
		return st;
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "occupation", o);
	return ST_OK;
}

static int
list(struct ctx *c)
{
	return cgi_list(c, occupation_count, occupation_page);
}

static int
create(struct ctx *c)
{
	int64_t	id;
	int	st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = occupation_insert(c->db, c->f[F_NAME].s, &id)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "occupation created";
	return answer(c, id);
}

static int
get(struct ctx *c)
{
	return answer(c, c->id[0]);
}

static int
rename_it(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = occupation_rename(c->db, c->id[0], c->f[F_NAME].s)) !=
	    ST_OK || (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "occupation updated";
	return answer(c, c->id[0]);
}

static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = occupation_delete(c->db, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "occupation deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_user, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .access = access_admin, FIELDS(fields),
	    .handle = create },
	{ .method = M_GET, .ids = 1, .access = access_user, .handle = get },
	{ .method = M_PUT, .ids = 1, .access = access_admin, FIELDS(fields),
	    .handle = rename_it },
	{ .method = M_DELETE, .ids = 1, .access = access_admin,
	    .handle = del },
};

CGI_MAIN(routes)
