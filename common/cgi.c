/* The frame of every CGI program (include/cgi.h): route by path shape
 * and method, check limits and parse the body, open the database, apply
 * the route's access rule, validate fields, run the handler, and write
 * exactly one response. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "auth.h"
#include "cgi.h"
#include "db.h"
#include "log.h"
#include "sess.h"
#include "user.h"

#define DRAIN_MAX	(64 * 1024 * 1024)
#define RETRY_AFTER	"1"	/* seconds, for 503s */

void
cgi_field_error(struct ctx *c, const char *name, const char *msg)
{
	if (c->resp.fields == NULL)
		c->resp.fields = json_object_new_object();
	json_object_object_add(c->resp.fields, name,
	    json_object_new_string(msg));
}

int
cgi_answer_user(struct ctx *c, const struct user *u)
{
	c->resp.data = json_object_new_object();
	json_object_object_add(c->resp.data, "user", user_json(u, 1));
	return ST_OK;
}

int
cgi_answer_user_id(struct ctx *c, int64_t uid)
{
	struct user	 u;
	int		 st;

	if ((st = user_get_by_id(c->db, uid, &u)) != ST_OK)
		return st;
	st = cgi_answer_user(c, &u);
	user_free(&u);
	return st;
}

int
cgi_answer_login(struct ctx *c, int64_t uid, const struct tokens *t)
{
	int st;

	if ((st = cgi_answer_user_id(c, uid)) != ST_OK)
		return st == ST_NOT_FOUND ? ST_INTERNAL : st;
	auth_json(c->resp.data, t);
	auth_cookies(&c->resp, &c->cfg, &c->req, t);
	return ST_OK;
}

/* The route for the request's path shape and method: ST_OK, ST_NOT_FOUND
 * (no route has this shape) or ST_METHOD (with Allow). */
static int
find_route(struct ctx *c, const struct route *routes, size_t n)
{
	enum method	 m = c->req.method == M_HEAD ? M_GET : c->req.method;
	char		 allow[64] = "";
	size_t		 i, nids;

	if (req_path_ids(&c->req, c->id, ROUTE_MAX_IDS, &nids) != 0)
		return ST_NOT_FOUND;
	for (i = 0; i < n; i++) {
		if (routes[i].ids != nids)
			continue;
		if (routes[i].method == m) {
			c->route = &routes[i];
			return ST_OK;
		}
		if (strlen(allow) + 10 < sizeof(allow)) {
			if (allow[0] != '\0')
				strcat(allow, ", ");
			strcat(allow, method_name(routes[i].method));
		}
	}
	if (allow[0] == '\0')
		return ST_NOT_FOUND;
	resp_header(&c->resp, "Allow", allow);
	return ST_METHOD;
}

/* The query parameters the route declares: others (cache busters such
 * as ?_=123) are ignored, unlike unknown body fields. */
static void
declared(const struct route *rt, const struct plist *all, struct plist *out,
    struct param *buf)
{
	size_t i, k;

	out->p = buf;
	out->n = 0;
	for (i = 0; i < all->n; i++)
		for (k = 0; k < rt->nquery; k++)
			if (strcmp(all->p[i].name, rt->query[k].name) == 0) {
				buf[out->n++] = all->p[i];
				break;
			}
}

/* The sink of a spooled body: c->spool. */
static size_t
sink_max(void *arg, const struct plist *so_far)
{
	const struct ctx *c = arg;

	return c->route->spool_max(c, so_far);
}

static int
sink_open(void *arg)
{
	struct ctx *c = arg;

	return upload_spool_open(&c->spool, c->cfg.data_dir);
}

static int
sink_write(void *arg, const void *buf, size_t n)
{
	struct ctx *c = arg;

	return upload_spool_write(&c->spool, buf, n);
}

/* The most a route's body may have. */
static size_t
body_max(const struct ctx *c)
{
	return c->route->spool != NULL ?
	    c->route->spool_max(c, NULL) + MULTIPART_SLACK : c->cfg.max_body;
}

/* Reads the body: a spooled one once the caller may send it. */
static int
read_body(struct ctx *c)
{
	struct req_sink	sink = { .field = c->route->spool, .max = sink_max,
	    .open = sink_open, .write = sink_write, .arg = c };
	int		st;

	if (c->route->spool == NULL)
		st = req_body(&c->req, body_max(c));
	else if ((st = req_body_announced(&c->req, body_max(c))) == ST_OK &&
	    (st = db_open(c->cfg.db, &c->db)) == ST_OK &&
	    (st = c->route->access(c)) == ST_OK)
		st = req_body_stream(&c->req, body_max(c), c->cfg.max_body,
		    &sink);
	if (st == ST_INVALID)
		cgi_field_error(c, "body", "malformed or truncated body");
	return st;
}

static int
prepare(struct ctx *c)
{
	struct param	 buf[REQ_MAX_PARAMS];
	struct plist	 known;
	int		 st;

	if ((st = read_body(c)) != ST_OK)
		return st;
	if (c->route->spool == NULL &&
	    ((st = db_open(c->cfg.db, &c->db)) != ST_OK ||
	    (st = c->route->access(c)) != ST_OK))
		return st;
	declared(c->route, &c->req.query, &known, buf);
	if (fields_check(c->route->query, c->route->nquery, &known,
	    c->q, &c->resp.fields) != ST_OK)
		return ST_INVALID;
	return fields_check(c->route->fields, c->route->nfields,
	    &c->req.body, c->f, &c->resp.fields);
}

static void
send(struct ctx *c, int st)
{
	struct resp_cond cond = {
		.if_none_match = req_header("HTTP_IF_NONE_MATCH"),
		.range = req_header("HTTP_RANGE"),
		.if_range = req_header("HTTP_IF_RANGE"),
		.head = c->req.method == M_HEAD,
	};

	if (st == ST_INTERNAL)
		logmsg("%s %s%s: internal error", c->req.method_name,
		    getenv("SCRIPT_NAME") ? getenv("SCRIPT_NAME") : "",
		    c->req.path_info);
	if (st == ST_BUSY || st == ST_UNAVAILABLE)
		resp_header(&c->resp, "Retry-After", RETRY_AFTER);
	resp_send(stdout, &c->resp, st, &cond);
}

int
cgi_run(const struct route *routes, size_t n)
{
	static struct ctx	 c;
	int			 st, qst;

	resp_init(&c.resp);
	upload_spool_init(&c.spool);
	cfg_load(&c.cfg);
	qst = req_init(&c.req);
	if ((st = find_route(&c, routes, n)) == ST_OK && (st = qst) != ST_OK)
		cgi_field_error(&c, "query", "malformed query string");
	else if (st == ST_OK && (st = prepare(&c)) == ST_OK)
		st = c.route->handle(&c);
	if (c.db != NULL) {
		db_rollback(c.db);	/* a handler that failed mid-write */
		db_close(c.db);
	}
	upload_spool_discard(&c.spool);	/* unless a handler stored it */
	send(&c, st);
	req_drain(&c.req, c.route != NULL && body_max(&c) > DRAIN_MAX ?
	    body_max(&c) : DRAIN_MAX);
	req_free(&c.req);
	user_free(&c.me);
	return 0;
}
