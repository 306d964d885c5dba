/* The frame every CGI program runs in: the route of the request's path
 * shape and method (404, 405 + Allow), body limits and parsing, the
 * database, the route's access rule, field validation, then the
 * handler, then exactly one response.
 *
 * Transactions: a handler (or one library call per flow that says so)
 * owns its BEGIN and COMMIT.  Whatever a handler leaves open when it
 * returns is rolled back by the frame, so an early return on an error
 * never commits half a change. */
#ifndef ACCOUNTS_CGI_H
#define ACCOUNTS_CGI_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "cfg.h"
#include "req.h"
#include "resp.h"
#include "status.h"
#include "upload.h"
#include "user.h"
#include "valid.h"

#define ROUTE_MAX_IDS	2	/* /api/groups/{id}/users/{id}/ */

struct ctx;
struct alias;

/* Multipart framing a spooled body may carry besides its file. */
#define MULTIPART_SLACK	(64 * 1024)

/* One route: a method on one path shape (ids: how many numeric segments
 * the path carries, e.g. 1 for /api/users/{id}/).  access is one of the
 * rules of access.h; it runs before the fields are looked at. */
struct route {
	enum method		 method;
	size_t			 ids;
	int			(*access)(struct ctx *);
	const struct field	*fields;	/* body fields */
	size_t			 nfields;
	const struct field	*query;		/* query string fields */
	size_t			 nquery;
	int			 no_db;		/* needs no database */
	/* A route taking a file too big to hold: the multipart file
	 * field of this name is streamed into c->spool as it arrives, at
	 * most spool_max bytes (asked with the fields parsed so far, or
	 * NULL for the largest it may allow); the other fields stay in
	 * memory, within ACCOUNTS_MAX_BODY.  Access is checked before the
	 * body is read. */
	const char		*spool;
	size_t			(*spool_max)(const struct ctx *,
				    const struct plist *so_far);
	int			(*handle)(struct ctx *);
	/* (chat) A route of dialects only: served when the request's rules
	 * (ctx.rules, RULE_* of dialect.h) hold all of these, never
	 * natively; listed before the route it stands in for.  A dialect's
	 * prepare hook may set rules from the body: the route is chosen
	 * again then (it must not spool). */
	unsigned		 rules;
	/* A route only dialects run, by this name (struct droute's route):
	 * an operation a document puts on this program's path that the
	 * native API has elsewhere.  Native requests never reach it. */
	const char		*name;
};

#define FIELDS(t)	.fields = (t), .nfields = sizeof(t) / sizeof((t)[0])
#define QUERY(t)	.query = (t), .nquery = sizeof(t) / sizeof((t)[0])

struct ctx {
	struct cfg	 cfg;
	struct req	 req;
	struct resp	 resp;
	sqlite3		*db;
	const struct route *route;
	int64_t		 id[ROUTE_MAX_IDS];	/* the path's ids */
	struct fval	 f[REQ_MAX_PARAMS];	/* body fields, by enum */
	struct fval	 q[REQ_MAX_PARAMS];	/* query fields, by enum */
	struct user	 me;		/* authenticated user, as loaded */
	int64_t		 uid;		/* me.id, or 0 */
	int64_t		 sid;		/* its session, or 0 */
	/* dialects (dialect.h): NULL, NULL, 0 natively */
	const struct dialect *dialect;
	const struct droute *droute;
	unsigned	 rules;		/* RULE_* of the document's route */
	int		 reason;	/* enum reason refining the status */
	struct upload_spool spool;	/* the spooled file of the body */
	/* (chat) the program's routes, to choose again after a prepare
	 * hook; the access rule has run; the aliases the body used */
	const struct route *routes;
	size_t		 nroutes;
	int		 allowed;
	const struct alias *used[REQ_MAX_PARAMS];
	size_t		 nused;
};

struct tokens;
struct throttle;

/* throttle_take of n counters; when one is full, ST_THROTTLED with the
 * Retry-After header set. */
int	cgi_throttle(struct ctx *c, struct throttle *t, size_t n);

struct page;

/* Success answer of login, register and refresh: data {user, token,
 * refresh_token, expires_in} and the sid/rid cookies. */
int	cgi_answer_login(struct ctx *c, int64_t uid, const struct tokens *t);

/* data {user} with the private profile of u. */
int	cgi_answer_user(struct ctx *c, const struct user *u);

/* The same for user uid, read afresh (after a write). */
int	cgi_answer_user_id(struct ctx *c, int64_t uid);

/* The answer of a list read inside db_begin_read: when st is ST_OK,
 * ends the read transaction and makes data the page, else drops it.
 * Returns the status to answer. */
int	cgi_answer_page(struct ctx *c, struct page *pg, int st);

/* The whole answer of a list with no filter: count and page of an
 * entity (e.g. role_count, role_page) in one read transaction. */
int	cgi_list(struct ctx *c, int (*count)(sqlite3 *, int64_t *),
	    int (*page)(sqlite3 *, struct page *));

/* A code request (POST /api/user/code/ and the dialects' code requests
 * on login and register), throttled per email and client, answered
 * "code sent" whether or not EMAIL gets mail (code_request paces the
 * silent case), unless tell_taken: then an address that gets none is
 * ST_EMAIL_USED (a registration would tell the same). */
int	cgi_send_code(struct ctx *c, const char *email, const char *purpose,
	    int tell_taken);

/* code_consume (code.h) of the request's transaction, with c->reason
 * R_NO_CODE when no live code was there (dialect.h). */
int	cgi_code_consume(struct ctx *c, const char *email,
	    const char *purpose, const char *code);

/* Adds {name: msg} to the error details of the response. */
void	cgi_field_error(struct ctx *c, const char *name, const char *msg);

/* Runs the request through its route; returns the exit status for
 * main().  argv0 names the program (dialect routes are per program). */
int	cgi_run(const struct route *routes, size_t nroutes,
	    const char *argv0);

#define CGI_MAIN(routes) \
	int main(int argc, char *argv[]) { (void)argc; \
	    return cgi_run((routes), sizeof(routes) / sizeof((routes)[0]), \
	    argv[0]); }

#endif
