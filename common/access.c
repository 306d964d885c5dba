/* The access rules of routes (include/access.h). */
#include "access.h"
#include "auth.h"
#include "cgi.h"
#include "dialect.h"
#include "file.h"
#include "group.h"
#include "tok.h"

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
	unsigned	flags = c->dialect != NULL ? c->dialect->flags : 0;
	int		st;

	st = auth_request(c->db, &c->cfg, &c->req,
	    (flags & DIALECT_BARE_AUTH ? AUTH_BARE : 0) |
	    (flags & DIALECT_SLIDING ? AUTH_SLIDING : 0), &c->me, &c->sid);
	c->uid = st == ST_OK ? c->me.id : 0;
	if (st == ST_LOGIN_FIRST && auth_bad_scheme())
		c->reason = R_BAD_SCHEME;
	/* a document whose logout never fails: no session, nothing to do */
	if ((c->rules & RULE_LOGOUT_ALWAYS) &&
	    (st == ST_LOGIN_FIRST || st == ST_BAD_TOKEN || st == ST_DISABLED)) {
		user_free(&c->me);
		c->sid = 0;
		return ST_OK;
	}
	return st;
}

int
access_optional(struct ctx *c)
{
	char tok[TOK_LEN + 2];

	if (auth_token(tok, sizeof(tok)) == TS_NONE)
		return access_same_site(c);
	return access_user(c);
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

/* The caller's role in the group of file id 0 (admins count as
 * managers, and pass whether or not the file exists: they learn 404
 * from the handler), and the file's uploader. */
static int
file_membership(struct ctx *c, enum member_role *role, int64_t *uploader)
{
	int64_t	gid;
	int	st;

	*role = MEMBER_NONE;
	*uploader = 0;
	if ((st = access_user(c)) != ST_OK)
		return st;
	if (c->me.is_admin) {
		*role = MANAGER;
		return ST_OK;
	}
	if ((st = file_owner(c->db, c->id[0], &gid, uploader)) ==
	    ST_NOT_FOUND)
		return ST_OK;	/* refused below, like a foreign file */
	if (st != ST_OK)
		return st;
	return group_membership(c->db, gid, c->uid, role);
}

int
access_file_member(struct ctx *c)
{
	enum member_role	role;
	int64_t			uploader;
	int			st;

	if ((st = file_membership(c, &role, &uploader)) != ST_OK)
		return st;
	return role != MEMBER_NONE ? ST_OK : ST_DENIED;
}

int
access_file_owner(struct ctx *c)
{
	enum member_role	role;
	int64_t			uploader;
	int			st;

	if ((st = file_membership(c, &role, &uploader)) != ST_OK)
		return st;
	return role == MANAGER || (uploader != 0 && uploader == c->uid) ?
	    ST_OK : ST_DENIED;
}
