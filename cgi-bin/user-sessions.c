/* GET /api/user/sessions/: the caller's live sessions (current marks the
 * one making the request).  DELETE /api/user/sessions/{id}/: revoke one
 * of them; another user's session id answers 404, like an unknown one.
 * Revoking the current session also clears the cookies. */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

static int
list(struct ctx *c)
{
	struct page	pg;
	int64_t		n;
	int		st;

	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = sess_count_user(c->db, c->uid, &n)) == ST_OK) {
		page_window(&pg, n);
		st = sess_page_user(c->db, c->uid, c->sid, &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

static int
revoke(struct ctx *c)
{
	int st;

	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = sess_revoke_own(c->db, c->uid, c->id[0])) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	if (c->id[0] == c->sid)
		auth_cookies(&c->resp, &c->cfg, &c->req, NULL);
	c->resp.msg = "session revoked";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_user, QUERY(query),
	    .handle = list },
	{ .method = M_DELETE, .ids = 1, .access = access_user,
	    .handle = revoke },
};

CGI_MAIN(routes)
