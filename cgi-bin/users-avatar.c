/* GET /api/users/{id}/avatar/: the user's avatar, public. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"

enum { Q_V, Q__MAX };

static const struct field query[Q__MAX] = {
	[Q_V] = { "v", valid_text, 0 },	/* cache buster, ignored */
};

static int
get(struct ctx *c)
{
	struct user	 u;
	const char	*mime;
	char		*buf, disp[96];
	size_t		 sz;
	int64_t		 id;
	int		 st;

	if (req_path_id(&c->req, 0, &id) != 0)
		return ST_NOT_FOUND;
	if ((st = user_get_by_id(c->db, id, &u)) != ST_OK)
		return st;
	if (u.avatar == NULL || (mime = upload_name_mime(u.avatar)) == NULL ||
	    (st = upload_read(c->cfg.data_dir, "avatars", u.avatar, &buf,
	    &sz)) != ST_OK) {
		user_free(&u);
		return st == ST_INTERNAL ? st : ST_NOT_FOUND;
	}
	snprintf(disp, sizeof(disp), "inline; filename=\"avatar%s\"",
	    u.avatar + strcspn(u.avatar, "."));
	resp_header(&c->resp, "Content-Disposition", disp);
	resp_header(&c->resp, "Content-Security-Policy",
	    "default-src 'none'; sandbox");
	resp_send_bytes(stdout, &c->resp, mime, buf, sz);
	c->raw_sent = 1;
	free(buf);
	user_free(&u);
	return ST_OK;
}

static const struct route routes[] = {
	{ M_GET, AUTH_NONE, NO_FIELDS, ROUTE_FIELDS(query), LIMIT_FORM, get },
};

CGI_MAIN(routes)
