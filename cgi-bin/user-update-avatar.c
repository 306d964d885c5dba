/* POST /api/user/update/avatar/: a PNG, JPEG, GIF or WebP judged by its
 * bytes, streamed to disk as it arrives and stored under a random name;
 * the old one goes to the trash and is swept after the commit. */
#include "accounts.h"

#define AVATARS	"avatars"

enum { F_AVATAR, F__MAX };

static const struct field fields[F__MAX] = {
	[F_AVATAR] = { "avatar", valid_file, FLD_REQUIRED },
};

static size_t
spool_max(const struct ctx *c, const struct plist *so_far)
{
	(void)so_far;
	return c->cfg.max_avatar;
}

/* The new name in the user's row, committed (upload_spool_store's
 * commit). */
static int
set_avatar(void *arg, const char *name)
{
	struct ctx	*c = arg;
	char		*old = NULL;
	int		 st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = user_set_avatar(c->db, c->uid, name, &old)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		db_rollback(c->db);
	free(old);
	return st;
}

static int
post(struct ctx *c)
{
	const struct param	*file = c->f[F_AVATAR].file;
	char			 mime[128], name[UPLOAD_NAME_MAX], url[128];
	const char		*ext;
	struct user		 u = { 0 };
	int			 st;

	if (!file->spooled)	/* the frame spools every "avatar" part */
		return ST_INTERNAL;
	if (file->valsz > c->cfg.max_avatar)
		return ST_TOO_LARGE;
	if ((st = upload_spool_mime(&c->spool, mime, sizeof(mime))) != ST_OK)
		return st;
	if (!upload_is_image(mime, &ext)) {
		cgi_field_error(c, "avatar", "PNG, JPEG, GIF or WebP only");
		c->reason = R_FILE_TYPE;
		return ST_MEDIA_TYPE;
	}
	if ((st = upload_spool_store(&c->spool, c->cfg.data_dir, AVATARS, ext,
	    name, set_avatar, c)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);	/* the old avatar */
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
	    .spool = "avatar", .spool_max = spool_max, .handle = post },
};

CGI_MAIN(routes)
