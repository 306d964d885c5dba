/* GET /api/occupations/{id}/users/: the users with an occupation, in id
 * order (admins). */
#include "accounts.h"

static const struct field query[Q__PAGE] = { PAGE_QUERY };

static int
list(struct ctx *c)
{
	struct user_filter	 f;
	struct json_object	*o;
	struct page		 pg;
	int64_t			 n;
	int			 st;

	user_filter_init(&f);
	f.occupation_id = c->id[0];
	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = occupation_get(c->db, c->id[0], &o)) == ST_OK) {
		json_object_put(o);
		if ((st = user_count(c->db, &f, &n)) == ST_OK) {
			page_window(&pg, n);
			st = user_page(c->db, &f, &pg, 1);
		}
	}
	return cgi_answer_page(c, &pg, st);
}

static const struct route routes[] = {
	{ .method = M_GET, .ids = 1, .access = access_admin, QUERY(query),
	    .handle = list },
};

CGI_MAIN(routes)
