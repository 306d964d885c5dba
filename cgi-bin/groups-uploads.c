/* GET /api/groups/{id}/uploads/: the group's files, a page at a time.
 * POST: a new file of a kind (image, expression, file, voice), streamed
 * to disk as it arrives and judged by its bytes.  Both for members,
 * managers and admins. */
#include <string.h>

#include "accounts.h"

#define FILES		"files"

enum { F_KIND, F_FILE, F__MAX };

static const char *valid_kind(const struct param *, struct fval *);

static const struct field fields[F__MAX] = {
	[F_KIND] = { "kind", valid_kind, FLD_REQUIRED },
	[F_FILE] = { "file", valid_file, FLD_REQUIRED },
};

static const struct field query[Q__PAGE] = { PAGE_QUERY };

static const char *
valid_kind(const struct param *p, struct fval *v)
{
	enum kind k;

	if (p->type != PT_STRING || strlen(p->val) != p->valsz ||
	    kind_parse(p->val, &k) != 0)
		return "must be image, expression, file or voice";
	v->i = k;
	v->s = p->val;
	v->len = p->valsz;
	return NULL;
}

/* A kind sent before the file sets the file's limit; else the largest
 * of any kind applies while reading, the kind's own afterwards. */
static size_t
spool_max(const struct ctx *c, const struct plist *so_far)
{
	enum kind	k;
	size_t		i;

	for (i = 0; so_far != NULL && i < so_far->n; i++)
		if (strcmp(so_far->p[i].name, "kind") == 0 &&
		    so_far->p[i].type == PT_STRING &&
		    kind_parse(so_far->p[i].val, &k) == 0)
			return kind_max(&c->cfg, k);
	return kind_max_any(&c->cfg);
}

static int
list(struct ctx *c)
{
	struct page	pg;
	int64_t		n;
	int		st;

	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = group_exists(c->db, c->id[0])) == ST_OK &&
	    (st = file_count(c->db, c->id[0], &n)) == ST_OK) {
		page_window(&pg, n);
		st = file_page(c->db, c->id[0], &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

struct insert {
	struct ctx	*c;
	struct file	*f;
};

/* The row of a stored file, committed (upload_spool_store's commit). */
static int
insert(void *arg, const char *name)
{
	struct insert	*a = arg;
	int		 st;

	a->f->stored_name = (char *)name;
	if ((st = db_begin(a->c->db)) != ST_OK ||
	    (st = file_insert(a->c->db, a->f)) != ST_OK ||
	    (st = db_commit(a->c->db)) != ST_OK)
		db_rollback(a->c->db);
	/* the group went while the file came */
	return st == ST_BAD_REF ? ST_NOT_FOUND : st;
}

/* The spooled file's type, if its kind takes it: ST_OK with the type to
 * store in mime and the extension in *ext. */
static int
judge(struct ctx *c, enum kind k, int64_t size, char *mime, size_t mimesz,
    const char **ext)
{
	const char	*why = NULL;
	int		 st;

	if ((uint64_t)size > kind_max(&c->cfg, k)) {
		cgi_field_error(c, "file", "larger than its kind allows");
		return ST_TOO_LARGE;
	}
	if (size == 0) {
		cgi_field_error(c, "file", "empty");
		c->reason = R_FILE_TYPE;
		return ST_MEDIA_TYPE;
	}
	if ((st = upload_spool_mime(&c->spool, mime, mimesz)) != ST_OK)
		return st;
	if ((st = kind_check(k, &c->spool, mime, mimesz, ext, &why)) ==
	    ST_MEDIA_TYPE) {
		cgi_field_error(c, "file", why);
		c->reason = R_FILE_TYPE;
	}
	return st;
}

static int
post(struct ctx *c)
{
	const struct param	*file = c->f[F_FILE].file;
	enum kind		 k = (enum kind)c->f[F_KIND].i;
	char			 mime[128], name[UPLOAD_NAME_MAX];
	char			 clean[FILE_NAME_MAX + 1];
	const char		*ext;
	struct file		 f = { 0 };
	struct insert		 a = { c, &f };
	int			 st;

	if (!file->spooled)	/* the frame spools every "file" part */
		return ST_INTERNAL;
	if ((st = group_exists(c->db, c->id[0])) != ST_OK ||
	    (st = judge(c, k, (int64_t)file->valsz, mime, sizeof(mime),
	    &ext)) != ST_OK)
		return st;
	file_clean_name(file->filename != NULL ? file->filename : "", clean);
	f.group_id = c->id[0];
	f.user_id = c->uid;
	f.kind = (char *)kind_name(k);
	f.mime = mime;
	f.size = (int64_t)file->valsz;
	f.original_name = clean[0] != '\0' ? clean : NULL;
	if ((st = upload_spool_store(&c->spool, c->cfg.data_dir, FILES, ext,
	    name, insert, &a)) != ST_OK)
		return st;
	upload_sweep(c->db, c->cfg.data_dir);
	c->resp.created = 1;
	c->resp.msg = "file uploaded";
	c->resp.data = file_json(&f);
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_member, QUERY(query),
	    .handle = list },
	{ .method = M_POST, .ids = 1, .access = access_member,
	    FIELDS(fields), .spool = "file", .spool_max = spool_max,
	    .handle = post },
};

CGI_MAIN(routes)
