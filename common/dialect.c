/* What the frame does with a dialect: find the document's route of a
 * request, rename its fields, and have the dialect's renderer answer;
 * and what renderers share (include/dialect.h).  The table of dialects
 * is dialects.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cgi.h"
#include "dialect.h"
#include "internal.h"
#include "log.h"

void
dialect_print_routes(FILE *out, const struct dialect *d)
{
	size_t i, k;

	for (i = 0; i < d->nroutes; i++) {
		for (k = 0; k < i; k++)	/* one line a path */
			if (strcmp(d->routes[k].path, d->routes[i].path) == 0)
				break;
		if (k == i)
			fprintf(out, "%s %s\n", d->routes[i].path,
			    d->routes[i].program);
	}
}

/* 1 if the request path p (no query) is the route path rp: {id} takes
 * one run of digits, and a trailing slash may be there or not. */
static int
path_is(const char *p, const char *rp)
{
	size_t pl = strlen(p), rl = strlen(rp);

	if (pl > 1 && p[pl - 1] == '/')
		pl--;
	if (rl > 1 && rp[rl - 1] == '/')
		rl--;
	while (pl > 0 && rl > 0) {
		if (rl >= 4 && strncmp(rp, "{id}", 4) == 0) {
			size_t d = strspn(p, "0123456789");

			if (d == 0 || d > pl)
				return 0;
			p += d, pl -= d, rp += 4, rl -= 4;
			continue;
		}
		if (*p != *rp)
			return 0;
		p++, pl--, rp++, rl--;
	}
	return pl == 0 && rl == 0;
}

/* The request's path below ACCOUNTS_BASE into buf ("" when outside). */
static void
request_path(const struct ctx *c, char *buf, size_t sz)
{
	const char	*uri = getenv("REQUEST_URI"), *base = c->cfg.base;
	size_t		 bl = strlen(base), n;

	buf[0] = '\0';
	if (uri == NULL)
		return;
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	if (strncmp(uri, base, bl) != 0 || uri[bl] != '/')
		return;
	uri += bl;
	if ((n = strcspn(uri, "?")) >= sz)
		return;
	memcpy(buf, uri, n);
	buf[n] = '\0';
}

int
dialect_route(struct ctx *c, const char *prog)
{
	const struct dialect	*d = c->dialect;
	const struct droute	*r;
	enum method		 m = c->req.method == M_HEAD ? M_GET :
				    c->req.method;
	char			 path[1024], allow[64] = "";
	size_t			 i;

	request_path(c, path, sizeof(path));
	for (i = 0; i < d->nroutes; i++) {
		r = &d->routes[i];
		if (strcmp(r->program, prog) != 0 || !path_is(path, r->path))
			continue;
		if (r->method == m) {
			c->droute = r;
			c->rules = r->rules;
			c->req.method = r->native;
			return ST_OK;
		}
		if (strlen(allow) + 10 < sizeof(allow)) {
			if (allow[0] != '\0')
				strcat(allow, ", ");
			strcat(allow, method_name(r->method));
		}
	}
	if (allow[0] == '\0')
		return ST_NOT_FOUND;
	resp_header(&c->resp, "Allow", allow);
	return ST_METHOD;
}

/* The alias of a route for a document name, or for a native name. */
static const struct alias *
alias_doc(const struct droute *r, const char *doc)
{
	const struct alias *a;

	for (a = r->aliases; a != NULL && a->doc != NULL; a++)
		if (strcmp(a->doc, doc) == 0)
			return a;
	return NULL;
}

static const struct alias *
alias_native(const struct droute *r, const char *native)
{
	const struct alias *a;

	for (a = r->aliases; a != NULL && a->doc != NULL; a++)
		if (a->native != NULL && strcmp(a->native, native) == 0)
			return a;
	return NULL;
}

#define NESTED_PREFIX	REQ_NESTED "."

/* The document's name of param p into buf: "profile.X" for a nested
 * member where the dialect tells them apart. */
static const char *
doc_name(const struct param *p, int nested, char *buf, size_t sz)
{
	if (!nested || !p->nested)
		return p->name;
	snprintf(buf, sz, "%s%s", NESTED_PREFIX, p->name);
	return buf;
}

/* Drops param i of pl (a name the document's answers have, sent back). */
static void
drop(struct plist *pl, size_t i)
{
	free(pl->p[i].name);
	free(pl->p[i].val);
	free(pl->p[i].filename);
	memmove(&pl->p[i], &pl->p[i + 1], (pl->n - i - 1) * sizeof(pl->p[0]));
	pl->n--;
}

int
dialect_fields(struct ctx *c)
{
	const struct alias	*a;
	struct plist		*pl = &c->req.body;
	const char		*name;
	char			*n, buf[REQ_MAX_NAME + 16];
	size_t			 i;
	int			 bad = 0, nested;

	if (c->droute == NULL || c->droute->aliases == NULL)
		return ST_OK;
	nested = (c->dialect->flags & DIALECT_NESTED) != 0;
	for (i = 0; i < pl->n; i++) {
		name = doc_name(&pl->p[i], nested, buf, sizeof(buf));
		if (nested && !pl->p[i].nested &&
		    strcmp(name, REQ_NESTED) == 0) {
			/* an object would have been taken apart */
			resp_field_error(&c->resp, name,
			    pl->p[i].type == PT_NULL ? "must not be null" :
			    "must be an object");
			bad = 1;
		} else if ((a = alias_doc(c->droute, name)) == NULL) {
			resp_field_error(&c->resp, name, "unknown field");
			bad = 1;
		} else if (a->native == NULL) {
			drop(pl, i--);
		} else if (strcmp(pl->p[i].name, a->native) != 0) {
			if ((n = strdup(a->native)) == NULL)
				return ST_INTERNAL;
			free(pl->p[i].name);
			pl->p[i].name = n;
		}
	}
	return bad ? ST_INVALID : ST_OK;
}

const struct field *
dialect_field_table(const struct ctx *c, const struct field *t, size_t nt,
    struct field *buf)
{
	const struct fover	*o;
	size_t			 i;

	if (c->droute == NULL || c->droute->valid == NULL ||
	    nt > REQ_MAX_PARAMS)
		return t;
	for (i = 0; i < nt; i++) {
		buf[i] = t[i];
		for (o = c->droute->valid; o->name != NULL; o++)
			if (strcmp(o->name, t[i].name) == 0) {
				buf[i].valid = o->valid;
				buf[i].flags = o->flags;
			}
	}
	return buf;
}

int
dialect_add(struct ctx *c, const char *name, const char *val)
{
	return plist_add(&c->req.body, name, strlen(name), val, strlen(val),
	    PT_STRING, NULL);
}

const char *
dialect_field_name(const struct ctx *c, const char *native)
{
	const struct alias *a;

	if (c->droute == NULL || (a = alias_native(c->droute, native)) == NULL)
		return native;
	return a->doc;
}

struct json_object *
dialect_field_errors(const struct ctx *c)
{
	struct json_object *o;

	if (c->resp.fields == NULL)
		return NULL;
	o = json_object_new_object();
	json_object_object_foreach(c->resp.fields, k, v)
		json_object_object_add(o, dialect_field_name(c, k),
		    json_object_get(v));
	return o;
}

int
dialect_override(const struct ctx *c, int st, int *http, const char **text)
{
	const struct dstatus *e;

	if (c->droute == NULL || c->droute->errors == NULL)
		return 0;
	for (e = c->droute->errors; e->status != ST_OK; e++)
		if (e->status == st &&
		    (e->reason == R__MAX || e->reason == c->reason)) {
			*http = e->http;
			*text = e->text;
			return 1;
		}
	return 0;
}

const struct param *
dialect_param(const struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->req.body.n; i++)
		if (strcmp(c->req.body.p[i].name, name) == 0)
			return &c->req.body.p[i];
	return NULL;
}

void
dialect_send(struct ctx *c, int st, const struct resp_cond *cond)
{
	struct answer a = { 0, NULL, NULL, NULL };

	if (st == ST_OK && c->resp.file.fd >= 0) {	/* bytes: as native */
		resp_send(stdout, &c->resp, st, cond);
		return;
	}
	c->dialect->render(c, st, &a);
	if (a.hname != NULL)
		resp_header(&c->resp, a.hname, a.hval);
	resp_send_json(stdout, &c->resp, a.http, a.body);
	json_object_put(a.body);
}
