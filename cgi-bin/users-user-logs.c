/* GET /api/users/{id}/user-logs/: a user's login, logout and failed
 * login records, newest first (the user itself or an admin). */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

static int
list(struct ctx *c)
{
	struct userlog_filter	f;
	struct page		pg;
	int64_t			n;
	int			st;

	userlog_filter_init(&f);
	f.user_id = c->id[0];
	f.no_failed = (c->rules & RULE_NO_FAILED_LOGS) != 0;
	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = user_exists(c->db, c->id[0])) == ST_OK &&
	    (st = userlog_count(c->db, &f, &n)) == ST_OK) {
		page_window(&pg, n);
		st = userlog_page(c->db, &f, &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_self_or_admin,
	    QUERY(query), .handle = list },
};

CGI_MAIN(routes)
