/* GET /api/users/{id}/groups/: the groups a user belongs to, each with
 * the user's member_role (the user itself or an admin). */
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
	    (st = user_exists(c->db, c->id[0])) == ST_OK &&
	    (st = group_count_of_user(c->db, c->id[0], &n)) == ST_OK) {
		page_window(&pg, n);
		st = group_page_of_user(c->db, c->id[0], &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_self_or_admin,
	    QUERY(query), .handle = list },
};

CGI_MAIN(routes)
