/* The access rules of routes (include/access.h). */
#include "access.h"
#include "auth.h"
#include "cgi.h"
#include "group.h"

int
access_anyone(struct ctx *c)
{
	(void)c;
	return ST_OK;
}

int
access_same_site(struct ctx *c)
{
	return auth_same_origin(&c->cfg, &c->req);
}

int
access_user(struct ctx *c)
{
	int st;

	st = auth_request(c->db, &c->cfg, &c->req, &c->me, &c->sid);
	c->uid = st == ST_OK ? c->me.id : 0;
	return st;
}

int
access_admin(struct ctx *c)
{
	int st;

	if ((st = access_user(c)) != ST_OK)
		return st;
	return c->me.is_admin ? ST_OK : ST_DENIED;
}

int
access_self_or_admin(struct ctx *c)
{
	int st;

	if ((st = access_user(c)) != ST_OK)
		return st;
	return c->me.is_admin || c->id[0] == c->uid ? ST_OK : ST_DENIED;
}

/* The caller's role in group id 0; admins count as managers. */
static int
membership(struct ctx *c, enum member_role *role)
{
	int st;

	if ((st = access_user(c)) != ST_OK)
		return st;
	if (c->me.is_admin) {
		*role = MANAGER;
		return ST_OK;
	}
	return group_membership(c->db, c->id[0], c->uid, role);
}

int
access_member(struct ctx *c)
{
	enum member_role	role;
	int			st;

	if ((st = membership(c, &role)) != ST_OK)
		return st;
	return role != MEMBER_NONE ? ST_OK : ST_DENIED;
}

int
access_manager_or_admin(struct ctx *c)
{
	enum member_role	role;
	int			st;

	if ((st = membership(c, &role)) != ST_OK)
		return st;
	return role == MANAGER ? ST_OK : ST_DENIED;
}

int
access_manager_admin_or_self(struct ctx *c)
{
	enum member_role	role;
	int			st;

	if ((st = membership(c, &role)) != ST_OK)
		return st;
	return role == MANAGER || (role == MEMBER && c->id[1] == c->uid) ?
	    ST_OK : ST_DENIED;
}
