/* GET /api/files/{id}/: a group file's bytes, for members of its group
 * (and admins): its stored type, inline for images and voice, as an
 * attachment otherwise, sandboxed, with ETag, 304 and ranges (the
 * frame's).  DELETE: its uploader, a manager of the group or an admin
 * removes it, row and bytes. */
#include <string.h>

#include "accounts.h"

#define FILES	"files"

/* The name a download is saved under: the client's, or one of ours. */
static void
save_name(const struct file *f, char *buf, size_t sz)
{
	const char *dot = strrchr(f->stored_name, '.');

	if (f->original_name != NULL)
		snprintf(buf, sz, "%s", f->original_name);
	else
		snprintf(buf, sz, "%s-%lld%s", f->kind, (long long)f->id,
		    dot != NULL ? dot : "");
}

static int
get(struct ctx *c)
{
	struct file	 f;
	char		 name[FILE_NAME_MAX + 1], abs[4096];
	int64_t		 size, mtime;
	int		 fd, st;

	if ((st = file_get(c->db, c->id[0], &f)) != ST_OK)
		return st;
	if ((st = upload_open(c->cfg.data_dir, FILES, f.stored_name, &fd,
	    &size, &mtime, abs, sizeof(abs))) == ST_OK) {
		save_name(&f, name, sizeof(name));
		resp_disposition(&c->resp, strcmp(f.kind, "file") == 0 ?
		    "attachment" : "inline", name);
		resp_header(&c->resp, "Content-Security-Policy",
		    "default-src 'none'; sandbox");
		resp_file(&c->resp, fd, size, mtime, f.mime, f.stored_name,
		    CACHE_PRIVATE);
		if (c->cfg.sendfile)
			resp_file_xsendfile(&c->resp, abs);
	}
	file_free(&f);
	return st;
}

static int
del(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = file_delete(c->db, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);
	c->resp.msg = "file deleted";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_file_member,
	    .handle = get },
	{ .method = M_DELETE, .ids = 1, .access = access_file_owner,
	    .handle = del },
};

CGI_MAIN(routes)
