/* /api/groups/{id}/users/: GET lists the members (members, managers and
 * admins), POST adds one (managers and admins).
 * /api/groups/{id}/users/{uid}/: DELETE removes a member (managers,
 * admins, or the member itself, leaving). */
#include <string.h>

#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

enum { F_USER, F_MEMBER_ROLE, F__MAX };

static const char *
valid_member_role(const struct param *p, struct fval *v)
{
	if (valid_text(p, v) != NULL || (strcmp(p->val, "member") != 0 &&
	    strcmp(p->val, "manager") != 0))
		return "must be member or manager";
	return NULL;
}

static const struct field add_fields[F__MAX] = {
	[F_USER] = { "user", valid_id, FLD_REQUIRED },
	[F_MEMBER_ROLE] = { "member_role", valid_member_role, 0 },
};

static int
list(struct ctx *c)
{
	struct page	pg;
	int64_t		n;
	int		st;

	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = group_exists(c->db, c->id[0])) == ST_OK &&
	    (st = member_count(c->db, c->id[0], &n)) == ST_OK) {
		page_window(&pg, n);
		st = member_page(c->db, c->id[0], c->uid, c->me.is_admin, &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

static int
add(struct ctx *c)
{
	enum member_role	 role = MEMBER;
	struct json_object	*o;
	int64_t			 uid = c->f[F_USER].i;
	int			 st;

	if (c->f[F_MEMBER_ROLE].present &&
	    strcmp(c->f[F_MEMBER_ROLE].s, "manager") == 0)
		role = MANAGER;
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = group_exists(c->db, c->id[0])) != ST_OK)
		return st;
	if ((st = member_add(c->db, c->id[0], uid, role)) != ST_OK) {
		if (st == ST_BAD_REF)
			cgi_field_error(c, "user", "no such user");
		return st;
	}
	if ((st = db_commit(c->db)) != ST_OK ||
	    (st = member_get(c->db, c->id[0], uid, c->uid, c->me.is_admin,
	    &o)) != ST_OK)
		return st;
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "member", o);
	c->resp.created = 1;
	c->resp.msg = "member added";
	return ST_OK;
}

static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = member_remove(c->db, c->id[0], c->id[1])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "member removed";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_member, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .ids = 1, .access = access_manager_or_admin,
	    FIELDS(add_fields), .handle = add },
	{ .method = M_DELETE, .ids = 2, .access = access_manager_admin_or_self,
	    .handle = del },
};

CGI_MAIN(routes)
