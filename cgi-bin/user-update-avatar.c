/* POST /api/user/update/avatar/: a PNG, JPEG, GIF or WebP judged by its
 * bytes, stored under a random name; the old one is removed. */
#include "accounts.h"

#define AVATARS	"avatars"

enum { F_AVATAR, F__MAX };

static const struct field fields[F__MAX] = {
	[F_AVATAR] = { "avatar", valid_file, FLD_REQUIRED },
};

static int
post(struct ctx *c)
{
	const struct param	*file = c->f[F_AVATAR].file;
	char			 mime[128], name[64], url[128], *old = NULL;
	const char		*ext;
	struct user		 u = { 0 };
	int			 st;

	if (file->valsz > c->cfg.max_avatar)
		return ST_TOO_LARGE;
	if ((st = upload_mime(file->val, file->valsz, mime, sizeof(mime))) !=
	    ST_OK)
		return st;
	if (!upload_is_image(mime, &ext)) {
		cgi_field_error(c, "avatar", "PNG, JPEG, GIF or WebP only");
		return ST_MEDIA_TYPE;
	}
	if ((st = upload_store(c->cfg.data_dir, AVATARS, ext, file->val,
	    file->valsz, name, sizeof(name))) != ST_OK)
		return st;
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_set_avatar(c->db, c->uid, name, &old)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK) {
		upload_remove(c->cfg.data_dir, AVATARS, name);
		return st;
	}
	upload_remove(c->cfg.data_dir, AVATARS, old);
	free(old);
	u.id = c->uid;
	u.avatar = name;
	avatar_url(&u, url, sizeof(url));
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "url",
	    json_object_new_string(url));
	c->resp.msg = "avatar updated";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_user, FIELDS(fields),
	    .limit = LIMIT_AVATAR, .handle = post },
};

CGI_MAIN(routes)
