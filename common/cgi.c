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
#include "code.h"
#include "db.h"
#include "dialect.h"
#include "log.h"
#include "page.h"
#include "sess.h"
#include "throttle.h"
#include "user.h"

#define DRAIN_MAX	(64 * 1024 * 1024)
#define RETRY_AFTER	"1"	/* seconds, for 503s */

void
cgi_field_error(struct ctx *c, const char *name, const char *msg)
{
	resp_field_error(&c->resp, name, msg);
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

int
cgi_code_consume(struct ctx *c, const char *email, const char *purpose,
    const char *code)
{
	int none, st;

	if ((st = code_consume(c->db, email, purpose, code, &none)) ==
	    ST_WRONG_CODE && none)
		c->reason = R_NO_CODE;
	return st;
}

int
cgi_throttle(struct ctx *c, struct throttle *t, size_t n)
{
	char	 buf[24];
	int64_t	 wait;
	int	 st;

	if ((st = throttle_take(c->db, t, n, &wait)) == ST_THROTTLED) {
		snprintf(buf, sizeof(buf), "%lld", (long long)wait);
		resp_header(&c->resp, "Retry-After", buf);
	}
	return st;
}

int
cgi_send_code(struct ctx *c, const char *email, const char *purpose,
    int tell_taken)
{
	struct throttle	 t[THROTTLE_KEYS];
	int		 st, send;

	throttle_keys(t, TF_CODE, &c->cfg, email, c->req.remote_addr);
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = code_deliverable(c->db, email, purpose, &send)) != ST_OK)
		return st;
	if (!send && tell_taken)
		return ST_EMAIL_USED;
	if ((st = code_request(c->db, &c->cfg, email, purpose, send)) != ST_OK)
		return st;
	c->resp.msg = "code sent";
	return ST_OK;
}

int
cgi_answer_page(struct ctx *c, struct page *pg, int st)
{
	if (st == ST_OK)
		st = db_commit(c->db);
	if (st != ST_OK) {
		page_free(pg);
		return st;
	}
	c->resp.data = page_json(pg);
	return ST_OK;
}

int
cgi_list(struct ctx *c, int (*count)(sqlite3 *, int64_t *),
    int (*page)(sqlite3 *, struct page *))
{
	struct page	pg;
	int64_t		n;
	int		st;

	page_init(&pg, c->q);
	if ((st = db_begin_read(c->db)) == ST_OK &&
	    (st = count(c->db, &n)) == ST_OK) {
		page_window(&pg, n);
		st = page(c->db, &pg);
	}
	return cgi_answer_page(c, &pg, st);
}

/* 1 if rt may serve the request: a named route only for the document's
 * route that names it, which takes no other. */
static int
named(const struct ctx *c, const struct route *rt)
{
	const char *want = c->droute != NULL ? c->droute->route : NULL;

	if (want == NULL || rt->name == NULL)
		return want == rt->name;
	return strcmp(want, rt->name) == 0;
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
	/* a dialect's route names the native one it runs (whose id may
	 * come in the body: the document's path has none then) */
	if (c->droute != NULL) {
		if (nids != (c->droute->id_field != NULL ? 0 : c->droute->nids))
			return ST_NOT_FOUND;
		nids = c->droute->nids;
	}
	for (i = 0; i < n; i++) {
		if (routes[i].ids != nids || (routes[i].rules & ~c->rules) ||
		    !named(c, &routes[i]))
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
 * as ?_=123) are ignored, unlike unknown body fields; so are the page
 * fields of a list served whole. */
static void
declared(const struct route *rt, const struct plist *all, struct plist *out,
    struct param *buf, int whole)
{
	size_t i, k;

	out->p = buf;
	out->n = 0;
	for (i = 0; i < all->n; i++)
		for (k = whole ? Q__PAGE : 0; k < rt->nquery; k++)
			if (strcmp(all->p[i].name, rt->query[k].name) == 0) {
				buf[out->n++] = all->p[i];
				break;
			}
}

/* 1 if the route is a list (its query table starts with PAGE_QUERY) that
 * the document's route wants whole: its page fields are then ignored. */
static int
whole_list(const struct ctx *c)
{
	const struct route *rt = c->route;

	return (c->rules & RULE_UNPAGINATED) && rt->nquery >= Q__PAGE &&
	    rt->query[Q_PAGE].valid == valid_page &&
	    rt->query[Q_PAGE_SIZE].valid == valid_page_size;
}

/* ST_DENIED when someone other than an admin sends a field only admins
 * may set (FLD_ADMIN in f, the route's table as the dialect has it),
 * whatever its value. */
static int
admin_fields(struct ctx *c, const struct field *f)
{
	size_t i, k;

	if (c->me.is_admin)
		return ST_OK;
	for (i = 0; i < c->req.body.n; i++)
		for (k = 0; k < c->route->nfields; k++)
			if ((f[k].flags & FLD_ADMIN) &&
			    strcmp(f[k].name, c->req.body.p[i].name) == 0)
				return ST_DENIED;
	return ST_OK;
}

/* The sink of a spooled body: c->spool. */
static size_t
sink_max(void *arg, const struct plist *so_far)
{
	const struct ctx *c = arg;

	return c->route->spool_max(c, so_far);
}

/* The route's access rule, once, and a dialect's check of the body id
 * when it is known. */
static int
allow(struct ctx *c)
{
	int st;

	if (!c->allowed && (st = c->route->access(c)) != ST_OK)
		return st;
	c->allowed = 1;
	return dialect_check_self(c);
}

/* (a route whose id comes in the body is let in here when the id came
 * before the file, else once the body is read) */
static int
sink_open(void *arg)
{
	struct ctx	*c = arg;
	int		 st;

	if (dialect_peek_id(c, &c->req.body) && (st = allow(c)) != ST_OK)
		return st;
	return upload_spool_open(&c->spool, c->cfg.data_dir);
}

/* The file part under a dialect's names. */
static int
sink_match(void *arg, const char *name)
{
	const struct ctx	*c = arg;
	const char		*n = dialect_native_name(c, name);

	return n != NULL && strcmp(n, c->route->spool) == 0;
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
	    .open = sink_open, .write = sink_write, .arg = c,
	    .match = c->dialect != NULL ? sink_match : NULL };
	/* the access rule needs the id the body brings */
	int		later = c->droute != NULL && c->droute->id_field != NULL &&
			    c->droute->nids > 0;
	int		st;

	if (c->route->spool == NULL)
		st = req_body(&c->req, body_max(c));
	else if ((st = req_body_announced(&c->req, body_max(c))) == ST_OK &&
	    (st = db_open(c->cfg.db, &c->db)) == ST_OK &&
	    (later || (st = allow(c)) == ST_OK))
		st = req_body_stream(&c->req, body_max(c), c->cfg.max_body,
		    &sink);
	if (st == ST_INVALID)
		cgi_field_error(c, "body", "malformed or truncated body");
	return st;
}

static int
prepare(struct ctx *c)
{
	struct param		 buf[REQ_MAX_PARAMS];
	struct field		 table[REQ_MAX_PARAMS];
	const struct field	*f;
	struct plist		 known;
	int			 st;

	if ((st = read_body(c)) != ST_OK) {
		if (st == ST_INVALID)
			c->reason = R_BAD_BODY;
		return st;
	}
	if (c->dialect != NULL && ((st = dialect_take_id(c)) != ST_OK ||
	    (st = dialect_fields(c)) != ST_OK ||
	    (c->droute->prepare != NULL && (st = c->droute->prepare(c)) !=
	    ST_OK)))
		return st;
	/* the prepare hook's rules may choose another route */
	if (c->dialect != NULL && c->rules != c->droute->rules &&
	    ((st = find_route(c, c->routes, c->nroutes)) != ST_OK ||
	    c->route->spool != NULL))
		return st != ST_OK ? st : ST_INTERNAL;
	/* (a spooled body was let in before, or while, it was read) */
	if (c->db == NULL && !c->route->no_db &&
	    (st = db_open(c->cfg.db, &c->db)) != ST_OK)
		return st;
	if ((st = allow(c)) != ST_OK)
		return st;
	f = dialect_field_table(c, c->route->fields, c->route->nfields, table);
	if ((st = admin_fields(c, f)) != ST_OK)
		return st;
	declared(c->route, &c->req.query, &known, buf, whole_list(c));
	if (fields_check(c->route->query, c->route->nquery, &known,
	    c->q, &c->resp.fields) != ST_OK)
		return ST_INVALID;
	if (whole_list(c))
		page_whole(c->q);
	return fields_check(f, c->route->nfields, &c->req.body, c->f,
	    &c->resp.fields);
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
	if (c->dialect != NULL)
		dialect_send(c, st, &cond);
	else
		resp_send(stdout, &c->resp, st, &cond);
}

/* The program's name: the last part of argv[0]. */
static const char *
program(const char *argv0)
{
	const char *s = argv0 != NULL ? strrchr(argv0, '/') : NULL;

	return s != NULL ? s + 1 : argv0 != NULL ? argv0 : "";
}

int
cgi_run(const struct route *routes, size_t n, const char *argv0)
{
	static struct ctx	 c;
	int			 st, qst;

	resp_init(&c.resp);
	upload_spool_init(&c.spool);
	cfg_load(&c.cfg);
	if ((c.dialect = dialect_find(c.cfg.dialect)) != NULL &&
	    (c.dialect->flags & DIALECT_NO_CODES))
		c.cfg.email_verification = 0;
	if (c.dialect != NULL && (c.dialect->flags & DIALECT_CODES))
		c.cfg.email_verification = 1;
	qst = req_init(&c.req);
	c.routes = routes;
	c.nroutes = n;
	if (c.dialect != NULL &&
	    (st = dialect_route(&c, program(argv0))) != ST_OK)
		;	/* the document has no such route */
	else if ((st = find_route(&c, routes, n)) == ST_OK &&
	    (st = qst) != ST_OK)
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
