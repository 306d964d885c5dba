/* /api/user-logs/: the login records, newest first, filtered by ?user=,
 * ?operation=, ?since= and ?until= (admins).  /api/user-logs/{id}/: one
 * record (admins).  RULE_NO_FAILED_LOGS: failed logins are not shown. */
#include <string.h>

#include "accounts.h"

enum { Q_USER = Q__PAGE, Q_OPERATION, Q_SINCE, Q_UNTIL, Q__MAX };

static const char *
valid_operation(const struct param *p, struct fval *v)
{
	if ((p->type != PT_STRING && p->type != PT_NUMBER) ||
	    strlen(p->val) != p->valsz || parse_int(p->val, 0, 2, &v->i) != 0)
		return "must be 0 (login), 1 (logout) or 2 (failed login)";
	return NULL;
}

static const struct field query[Q__MAX] = {
	PAGE_QUERY,
	[Q_USER] = { "user", valid_id, 0 },
	[Q_OPERATION] = { "operation", valid_operation, 0 },
	[Q_SINCE] = { "since", valid_time, 0 },
	[Q_UNTIL] = { "until", valid_time, 0 },
};

static int
list(struct ctx *c)
{
	struct userlog_filter	f;
	struct page		pg;
	int64_t			n;
	int			st;

	userlog_filter_init(&f);
	if (c->q[Q_USER].present)
		f.user_id = c->q[Q_USER].i;
	if (c->q[Q_OPERATION].present)
		f.operation = (int)c->q[Q_OPERATION].i;
	if (c->q[Q_SINCE].present)
		f.since = c->q[Q_SINCE].i;
	if (c->q[Q_UNTIL].present)
		f.until = c->q[Q_UNTIL].i;
	f.no_failed = (c->rules & RULE_NO_FAILED_LOGS) != 0;
	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = userlog_count(c->db, &f, &n)) == ST_OK) {
		page_window(&pg, n);
		st = userlog_page(c->db, &f, &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

static int
get(struct ctx *c)
{
	struct json_object	*o;
	int			 st;

	if ((st = userlog_get(c->db, c->id[0], &o)) != ST_OK)
		return st;
	if ((c->rules & RULE_NO_FAILED_LOGS) && json_object_get_int(
	    json_object_object_get(o, "operation")) == LOG_FAILED) {
		json_object_put(o);
		return ST_NOT_FOUND;
	}
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "user_log", o);
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_admin, QUERY(query),
	    .handle = list },
	{ .method = M_GET, .ids = 1, .access = access_admin, .handle = get },
};

CGI_MAIN(routes)
