/* /api/groups/: GET lists the groups (any user), POST creates one
 * (admins).  /api/groups/{id}/: GET (any user), PUT (admins and the
 * group's managers), DELETE (admins).  location and contact_phone may be
 * nested in profile. */
#include <stdlib.h>

#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

static const struct field create_fields[G__MAX] = {
	[G_NAME] = { "name", valid_name, FLD_REQUIRED },
	[G_LOCATION] = { "location", valid_text, FLD_NULLABLE },
	[G_CONTACT_PHONE] = { "contact_phone", valid_phone, FLD_NULLABLE },
};

static const struct field update_fields[G__MAX] = {
	[G_NAME] = { "name", valid_name, 0 },
	[G_LOCATION] = { "location", valid_text, FLD_NULLABLE },
	[G_CONTACT_PHONE] = { "contact_phone", valid_phone, FLD_NULLABLE },
};

static void
values(const struct ctx *c, struct gvalue *gv)
{
	int k;

	for (k = 0; k < G__MAX; k++) {
		gv[k].present = c->f[k].present;
		gv[k].s = c->f[k].null ? NULL : c->f[k].s;
	}
}

static int
answer(struct ctx *c, int64_t gid)
{
	struct json_object	*o;
	int			 st;

	if ((st = group_get(c->db, gid, &o)) != ST_OK)
		return st;
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "group", o);
	return ST_OK;
}

static int
list(struct ctx *c)
{
	return cgi_list(c, group_count, group_page);
}

static int
create(struct ctx *c)
{
	struct gvalue	gv[G__MAX];
	int64_t		gid;
	int		st;

	values(c, gv);
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = group_insert(c->db, gv, c->uid, &gid)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.created = 1;
	c->resp.msg = "group created";
	return answer(c, gid);
}

static int
get(struct ctx *c)
{
	return answer(c, c->id[0]);
}

static int
update(struct ctx *c)
{
	struct gvalue	gv[G__MAX];
	int		st;

	values(c, gv);
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = group_update(c->db, c->id[0], gv, c->uid)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	c->resp.msg = "group updated";
	return answer(c, c->id[0]);
}

/* Its uploads go with it (foreign keys); their files, put in the trash
 * by a trigger, are removed once that has committed. */
static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = group_delete(c->db, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);
	c->resp.msg = "group deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_user, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .access = access_admin, FIELDS(create_fields),
	    .handle = create },
	{ .method = M_GET, .ids = 1, .access = access_user, .handle = get },
	{ .method = M_PUT, .ids = 1, .access = access_manager_or_admin,
	    FIELDS(update_fields), .handle = update },
	{ .method = M_DELETE, .ids = 1, .access = access_admin,
	    .handle = del },
};

CGI_MAIN(routes)
