/* Dialects: the wire formats of the older account backends this one
 * replaces (ACCOUNTS_DIALECT).  Handlers are written once, against native
 * names, and produce one neutral result (status, reason, field errors,
 * data); a dialect is data plus a renderer: the document's routes (path
 * and method -> the native route behind them, field aliases, rules), and
 * a function that writes its envelope and status codes.  Adding one is a
 * common/dialect-NAME.c and a line in the table of common/dialect.c. */
#ifndef ACCOUNTS_DIALECT_H
#define ACCOUNTS_DIALECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "req.h"
#include "valid.h"

struct ctx;
struct json_object;

/* Refinements of a status that some documents tell apart and the native
 * contract does not; handlers and the frame set ctx.reason. */
enum reason {
	R_NONE,
	R_NO_USER,		/* 1002: no such account */
	R_BAD_PASSWORD,		/* 1002: the account exists */
	R_NO_CODE,		/* 1008: no live code for the email and purpose */
	R_BAD_SCHEME,		/* 1003: Authorization is not "Bearer <token>" */
	R_FILE_TYPE,		/* 1012/415: a file's content refused */
	R_BAD_BODY,		/* 1006: the body could not be parsed */
	R_BAD_REFRESH,		/* 1011: the refresh token, not an access
				 * token, is bad */
	R__MAX
};

/* Rules a dialect route sets for its handler (ctx.rules); handlers test
 * these flags, never dialect names. */
#define RULE_NO_SESSION		0x0001	/* register without logging in */
#define RULE_LOGOUT_ALWAYS	0x0002	/* logout answers success even
					 * without a session */
#define RULE_LOGIN_EMAIL	0x0004	/* the login name is an email, of
					 * any form (not only with an @) */
/* (chat) */
#define RULE_SEND_CODE		0x0100	/* set by a prepare hook: the request
					 * asks for a mailed code (routes
					 * with .rules, cgi.h) */
#define RULE_SELF_ID		0x0200	/* the body id (droute.id_field) must
					 * be the caller's: else 1011 */
#define RULE_REGISTER_CODE	0x0400	/* a new email may be proven by a
					 * register code too */
/* (hospital) */
#define RULE_UNPAGINATED	0x0800	/* a list answers every row in one
					 * page (page.h's page_whole) */
#define RULE_NO_FAILED_LOGS	0x1000	/* login records of failed logins
					 * are in no list and 404 by id */
#define RULE_SET_OWN_PASSWORD	0x2000	/* an update's password needs no
					 * current one; one equal to the
					 * current password changes nothing */
#define RULE_SELF_UPDATER	0x4000	/* an update by the user itself
					 * records it as updated_by */
#define RULE_KEEP_REFRESH	0x8000	/* a refresh issues an access token
					 * only: the refresh token stays,
					 * with its expiry from login */

/* Dialect-wide flags. */
#define DIALECT_SLIDING		0x0001	/* no refresh call: each use moves
					 * the access expiry (see sess.h) */
#define DIALECT_BARE_AUTH	0x0002	/* "Authorization: <token>" too */
#define DIALECT_NO_CODES	0x0004	/* the document has no mailed codes:
					 * email verification does not apply */
/* (chat) */
#define DIALECT_CODES		0x0100	/* email verification always on */
#define DIALECT_INT_STRINGS	0x0200	/* JSON integers taken as text (their
					 * digits) */
/* (hospital) */
#define DIALECT_NESTED		0x0400	/* the JSON body's "profile" object
					 * is the document's own: its members
					 * are "profile.X" (struct alias) */

/* A document field name and the native one it stands for.  A route with
 * aliases accepts exactly those document names.  native NULL: the name is
 * accepted and ignored (a read-only member of the document's answers,
 * which a client may send back).  In a DIALECT_NESTED dialect, the doc
 * name "profile.X" (REQ_NESTED) is member X of the JSON body's "profile"
 * object, told apart from a top-level X, and a "profile" that is not an
 * object is a field error (natively its members are top-level ones). */
struct alias {
	const char	*doc;
	const char	*native;
};

/* A document's own answer for a status of one route: (status, reason)
 * -> HTTP status and text (R__MAX: any reason).  Ended by { ST_OK }. */
struct dstatus {
	int		 status;
	int		 reason;
	int		 http;
	const char	*text;
};

/* A native field as a document has it: another validator and flags. */
struct fover {
	const char	*name;		/* native */
	validator	 valid;
	unsigned	 flags;
};

/* A native field the document's client never sends, and its value. */
struct preset {
	const char	*name;
	const char	*val;
};

/* One route of a document. */
struct droute {
	enum method		 method;	/* as the document */
	const char		*path;		/* from the deployment's base;
						 * {id} for a numeric id */
	const char		*program;	/* the native program behind it */
	enum method		 native;	/* its native route's method */
	size_t			 nids;		/* its native route's ids */
	const struct alias	*aliases;	/* NULL: native names; else
						 * ended by { NULL, NULL } */
	unsigned		 rules;
	const char		*msg;		/* success text, NULL: native */
	/* the success payload from the native data (NULL: unchanged);
	 * returns a new object or NULL for none */
	struct json_object	*(*shape)(const struct ctx *,
				    struct json_object *data);
	const struct fover	*valid;		/* ended by { NULL } */
	/* after the renaming, before the checks: what the document's client
	 * leaves out and the native route needs (ST_OK, or an error) */
	int			(*prepare)(struct ctx *);
	/* (chat) the body field (a document name) that holds the native
	 * route's path id 0 (an id >= 1; the document's path has none),
	 * taken out of the body before the renaming */
	const char		*id_field;
	const struct preset	*presets;	/* added after the renaming;
						 * ended by { NULL, NULL } */
	/* the program's route of this name (struct route's name) rather
	 * than its native route of that method: an operation the program
	 * runs only for documents (NULL: the native one) */
	const char		*route;
	/* this route's answers that differ from the dialect's (NULL: none;
	 * dialect_override) */
	const struct dstatus	*errors;
};

/* The first five members of a struct droute: the document's method and
 * path, and the native program, method and ids that serve them. */
#define DROUTE(m_, p_, prog_, nm_, n_)					\
	.method = (m_), .path = (p_), .program = (prog_),		\
	.native = (nm_), .nids = (n_)

/* What the renderer writes: HTTP status and the body. */
struct answer {
	int			 http;
	struct json_object	*body;	/* owned by the caller after render */
	const char		*hname;	/* one more header, or NULL */
	const char		*hval;
};

struct dialect {
	const char		*name;
	const struct droute	*routes;
	size_t			 nroutes;
	unsigned		 flags;
	/* the answer for status st of request c (c->droute may be NULL: no
	 * route matched, st is ST_NOT_FOUND or ST_METHOD) */
	void			(*render)(const struct ctx *c, int st,
				    struct answer *a);
};

/* The dialect named by ACCOUNTS_DIALECT, or NULL for native (also for an
 * unknown name, which is logged). */
const struct dialect *dialect_find(const char *name);

/* The i-th dialect of the table, NULL past its end. */
const struct dialect *dialect_at(size_t i);

/* The dialect's routing table for the web server, as cgi-bin/routes.txt
 * has it ("PATH PROGRAM" lines), to out. */
void	dialect_print_routes(FILE *out, const struct dialect *d);

/* The route of the request for program prog (the basename of argv[0]):
 * matches REQUEST_URI (below ACCOUNTS_BASE) and the method.  ST_OK with
 * c->droute set and c->req.method the native method, ST_NOT_FOUND, or
 * ST_METHOD (with Allow). */
int	dialect_route(struct ctx *c, const char *prog);

/* Renames the body's document field names to native ones (refusing
 * native names the document spells otherwise): ST_OK or ST_INVALID with
 * field errors. */
int	dialect_fields(struct ctx *c);

/* The route's field table: t itself, or a copy in buf (nt entries) with
 * the route's validators and flags. */
const struct field *dialect_field_table(const struct ctx *c,
	    const struct field *t, size_t nt, struct field *buf);

/* Adds a param (a native field the document's client never sends). */
int	dialect_add(struct ctx *c, const char *name, const char *val);

/* The document's name of native field name (for field errors). */
const char *dialect_field_name(const struct ctx *c, const char *native);

/* (chat) The body id of the route (id_field) into c->id[0], taken out of
 * the body: ST_OK (also when the route has none) or ST_INVALID with a
 * field error. */
int	dialect_take_id(struct ctx *c);

/* (chat) 1 with c->id[0] set if so_far already holds a valid body id
 * (a body still being read; nothing is taken out), else 0. */
int	dialect_peek_id(struct ctx *c, const struct plist *so_far);

/* (chat) After access: ST_BAD_TOKEN when the route has RULE_SELF_ID and
 * the body id, once known, is not the caller's, else ST_OK. */
int	dialect_check_self(const struct ctx *c);

/* A route's .shape for answers that carry no payload: NULL, always. */
struct json_object *dialect_no_data(const struct ctx *c,
	    struct json_object *data);

/* (chat) The native name of document field doc on the request's route
 * (doc itself when the route renames nothing), NULL for a name the
 * route does not take. */
const char *dialect_native_name(const struct ctx *c, const char *doc);

/* (chat) Drops every param called name from the body. */
void	dialect_drop(struct ctx *c, const char *name);

/* The dialect's whole response for status st, to stdout (a file answer
 * is sent as natively, as cond asks). */
struct resp_cond;
void	dialect_send(struct ctx *c, int st, const struct resp_cond *cond);

/* For renderers: the field errors of c under the document's names, as a
 * new object (NULL when none). */
struct json_object *dialect_field_errors(const struct ctx *c);

/* For renderers: the route's own answer for st (its errors table):
 * 1 with *http and *text set, or 0. */
int	dialect_override(const struct ctx *c, int st, int *http,
	    const char **text);

/* For renderers: the request's body param of native name name (after
 * the renaming), or NULL. */
const struct param *dialect_param(const struct ctx *c, const char *name);

#endif
