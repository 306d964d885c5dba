/* GET /api/users/{id}/avatar/: the user's avatar, public.  Cached for
 * good when asked by the URL the user object gives (its ?v= names the
 * stored file), revalidated by ETag otherwise. */
#include <string.h>

#include "accounts.h"

enum { Q_V, Q__MAX };

static const struct field query[Q__MAX] = {
	[Q_V] = { "v", valid_text, 0 },
};

static int
get(struct ctx *c)
{
	struct user	 u;
	const char	*mime;
	char		 disp[96];
	int64_t		 size, mtime;
	int		 fd, st;

	if ((st = user_get_by_id(c->db, c->id[0], &u)) != ST_OK)
		return st;
	if (u.avatar == NULL || (mime = upload_name_mime(u.avatar)) == NULL)
		st = ST_NOT_FOUND;
	else
		st = upload_open(c->cfg.data_dir, "avatars", u.avatar, &fd,
		    &size, &mtime, NULL, 0);
	if (st == ST_OK) {
		snprintf(disp, sizeof(disp), "inline; filename=\"avatar%s\"",
		    u.avatar + strcspn(u.avatar, "."));
		resp_header(&c->resp, "Content-Disposition", disp);
		resp_header(&c->resp, "Content-Security-Policy",
		    "default-src 'none'; sandbox");
		resp_file(&c->resp, fd, size, mtime, mime, u.avatar,
		    c->q[Q_V].present && strlen(c->q[Q_V].s) == 8 &&
		    strncmp(c->q[Q_V].s, u.avatar, 8) == 0 ?
		    CACHE_IMMUTABLE : CACHE_PUBLIC);
	}
	user_free(&u);
	return st;
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_anyone, QUERY(query),
	    .handle = get },
};

CGI_MAIN(routes)
