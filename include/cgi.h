/* The frame every CGI program runs in: method dispatch (405 + Allow),
 * body limits and parsing, field validation, database, authentication,
 * then the handler, then exactly one response. */
#ifndef ACCOUNTS_CGI_H
#define ACCOUNTS_CGI_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "cfg.h"
#include "req.h"
#include "resp.h"
#include "status.h"
#include "user.h"
#include "valid.h"

enum auth {
	AUTH_NONE,	/* anyone */
	AUTH_USER,	/* a valid access token of an active user */
	AUTH_ADMIN	/* ... whose role is_admin */
};

struct ctx;

/* Which configured limit caps a route's body. */
enum limit {
	LIMIT_FORM,	/* ACCOUNTS_MAX_BODY */
	LIMIT_AVATAR	/* ACCOUNTS_MAX_AVATAR plus multipart overhead */
};

#define MULTIPART_SLACK	(64 * 1024)

struct route {
	enum method		 method;
	enum auth		 auth;
	const struct field	*fields;	/* body fields */
	size_t			 nfields;
	const struct field	*query;		/* query string fields */
	size_t			 nquery;
	enum limit		 limit;
	int			(*handle)(struct ctx *);
};

struct ctx {
	struct cfg	 cfg;
	struct req	 req;
	struct resp	 resp;
	sqlite3		*db;
	const struct route *route;
	struct fval	 f[REQ_MAX_PARAMS];	/* body fields, by enum */
	struct fval	 q[REQ_MAX_PARAMS];	/* query fields, by enum */
	struct user	 me;		/* authenticated user, as loaded */
	int64_t		 uid;		/* me.id, or 0 */
	int64_t		 sid;		/* its session, or 0 */
	int		 raw_sent;	/* handler wrote the response itself */
};

#define ROUTE_FIELDS(t)	(t), (sizeof(t) / sizeof((t)[0]))
#define NO_FIELDS	NULL, 0

struct tokens;

/* Success answer of login, register and refresh: data {user, token,
 * refresh_token, expires_in} and the sid/rid cookies. */
int	cgi_answer_login(struct ctx *c, int64_t uid, const struct tokens *t);

/* data {user} with the private profile of u. */
int	cgi_answer_user(struct ctx *c, const struct user *u);

/* The same for user uid, read afresh (after a write). */
int	cgi_answer_user_id(struct ctx *c, int64_t uid);

/* Adds {name: msg} to the error details of the response. */
void	cgi_field_error(struct ctx *c, const char *name, const char *msg);

/* Runs the request through the route of its method; returns the exit
 * status for main(). */
int	cgi_run(const struct route *routes, size_t nroutes);

#define CGI_MAIN(routes) \
	int main(void) { return cgi_run((routes), \
	    sizeof(routes) / sizeof((routes)[0])); }

#endif
