/* /api/black-list/: GET lists the bans, standing and lifted; POST bans a
 * user: it is disabled and every one of its sessions revoked at once.
 * /api/black-list/{id}/: GET one; DELETE lifts it (the entry stays, with
 * is_delete 1) and enables the user again.  Admins only. */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

enum { F_USER, F_REASON, F__MAX };

static const struct field fields[F__MAX] = {
	[F_USER] = { "user", valid_id, FLD_REQUIRED },
	[F_REASON] = { "reason", valid_text, FLD_NULLABLE },
};

static int
answer(struct ctx *c, int64_t id)
{
	struct json_object	*o;
	int			 st;

	if ((st = ban_get(c->db, id, &o)) != ST_OK)
		return st;
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "ban", o);
	return ST_OK;
}

static int
list(struct ctx *c)
{
	return cgi_list(c, ban_count, ban_page);
}

static int
ban(struct ctx *c)
{
	int64_t	uid = c->f[F_USER].i, id;
	int	st;

	if (uid == c->uid) {
		cgi_field_error(c, "user", "you cannot ban yourself");
		return ST_INVALID;
	}
	if ((st = db_begin(c->db)) != ST_OK)
		return st;
	if ((st = user_exists(c->db, uid)) == ST_NOT_FOUND) {
		cgi_field_error(c, "user", "no such user");
		return ST_INVALID;
	}
	/* a standing ban already: ST_CONFLICT */
	if (st != ST_OK ||
	    (st = ban_insert(c->db, uid, c->f[F_REASON].s, c->uid, &id)) !=
	    ST_OK ||
	    (st = user_set_active(c->db, uid, 0, c->uid)) != ST_OK ||
	    (st = sess_revoke_user(c->db, uid, 0)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "user banned";
	return answer(c, id);
}

static int
get(struct ctx *c)
{
	return answer(c, c->id[0]);
}

/* Lifting a ban already lifted changes nothing. */
static int
lift(struct ctx *c)
{
	int64_t	uid;
	int	lifted, st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = ban_lift(c->db, c->id[0], &uid, &lifted)) != ST_OK ||
	    (lifted && (st = user_set_active(c->db, uid, 1, c->uid)) !=
	    ST_OK) ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "ban lifted";
	return answer(c, c->id[0]);
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_admin, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .access = access_admin, FIELDS(fields),
	    .handle = ban },
	{ .method = M_GET, .ids = 1, .access = access_admin, .handle = get },
	{ .method = M_DELETE, .ids = 1, .access = access_admin,
	    .handle = lift },
};

CGI_MAIN(routes)
