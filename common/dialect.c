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
#include "str.h"

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

/* 1 if param i of pl is a second name of a native field that another
 * param already gives under a name the route lists earlier. */
static int
alias_again(const struct droute *r, const struct plist *pl, size_t i,
    const struct alias *a)
{
	const struct alias	*b;
	size_t			 k;

	for (k = 0; k < pl->n; k++)
		if (k != i && (b = alias_doc(r, pl->p[k].name)) != NULL &&
		    b < a && b->native != NULL && a->native != NULL &&
		    strcmp(b->native, a->native) == 0)
			return 1;
	return 0;
}

/* A JSON integer as text (DIALECT_INT_STRINGS): its digits. */
static void
int_strings(struct plist *pl)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < pl->n; i++) {
		v = pl->p[i].val + (pl->p[i].val[0] == '-');
		if (pl->p[i].type == PT_NUMBER && *v != '\0' &&
		    strspn(v, "0123456789") == strlen(v))
			pl->p[i].type = PT_STRING;
	}
}

#define NESTED_PREFIX	REQ_NESTED "."

/* The document's name of param p into buf: "profile.X" for a nested
 * member where the dialect tells them apart (DIALECT_NESTED). */
static const char *
doc_name(const struct param *p, int nested, char *buf, size_t sz)
{
	if (!nested || !p->nested)
		return p->name;
	snprintf(buf, sz, "%s%s", NESTED_PREFIX, p->name);
	return buf;
}

/* Drops param i of pl. */
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
	const struct preset	*ps;
	struct plist		*pl = &c->req.body;
	const char		*name;
	char			*n, buf[REQ_MAX_NAME + 16];
	size_t			 i;
	int			 bad = 0, nested, st;

	if (c->droute == NULL)
		return ST_OK;
	if (c->dialect->flags & DIALECT_INT_STRINGS)
		int_strings(pl);
	nested = (c->dialect->flags & DIALECT_NESTED) != 0;
	/* all names judged before any is renamed */
	for (i = 0; c->droute->aliases != NULL && i < pl->n; i++) {
		name = doc_name(&pl->p[i], nested, buf, sizeof(buf));
		if (nested && !pl->p[i].nested &&
		    strcmp(name, REQ_NESTED) == 0) {
			/* an object would have been taken apart */
			resp_field_error(&c->resp, name,
			    pl->p[i].type == PT_NULL ? "must not be null" :
			    "must be an object");
			bad = 1;
		} else if ((a = alias_doc(c->droute, name)) == NULL ||
		    alias_again(c->droute, pl, i, a)) {
			resp_field_error(&c->resp, name, "unknown field");
			bad = 1;
		}
	}
	if (bad)
		return ST_INVALID;
	for (i = 0; c->droute->aliases != NULL && i < pl->n; i++) {
		a = alias_doc(c->droute, doc_name(&pl->p[i], nested, buf,
		    sizeof(buf)));
		if (a->native == NULL) {	/* a read-only key: ignored */
			drop(pl, i--);
			continue;
		}
		if (c->nused < REQ_MAX_PARAMS)
			c->used[c->nused++] = a;
		if (strcmp(pl->p[i].name, a->native) != 0) {
			if ((n = strdup(a->native)) == NULL)
				return ST_INTERNAL;
			free(pl->p[i].name);
			pl->p[i].name = n;
		}
	}
	for (ps = c->droute->presets; ps != NULL && ps->name != NULL; ps++)
		if ((st = dialect_add(c, ps->name, ps->val)) != ST_OK)
			return st;
	return ST_OK;
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
	const struct alias	*a;
	size_t			 i;

	for (i = 0; i < c->nused; i++)	/* the name the client sent */
		if (strcmp(c->used[i]->native, native) == 0)
			return c->used[i]->doc;
	if (c->droute == NULL || (a = alias_native(c->droute, native)) == NULL)
		return native;
	return a->doc;
}

const char *
dialect_native_name(const struct ctx *c, const char *doc)
{
	const struct alias *a;

	if (c->droute == NULL || c->droute->aliases == NULL)
		return doc;
	return (a = alias_doc(c->droute, doc)) != NULL ? a->native : NULL;
}

void
dialect_drop(struct ctx *c, const char *name)
{
	struct plist	*pl = &c->req.body;
	size_t		 i = 0;

	while (i < pl->n) {
		if (strcmp(pl->p[i].name, name) != 0) {
			i++;
			continue;
		}
		free(pl->p[i].name);
		free(pl->p[i].val);
		free(pl->p[i].filename);
		memmove(&pl->p[i], &pl->p[i + 1],
		    (pl->n - i - 1) * sizeof(pl->p[0]));
		pl->n--;
	}
}

/* A body id: a JSON integer, or decimal text, of at least 1.  NULL, or
 * what is wrong (its type first). */
static const char *
body_id(const struct param *p, int64_t *id)
{
	if ((p->type != PT_NUMBER && p->type != PT_STRING) ||
	    strlen(p->val) != p->valsz ||
	    (p->type == PT_NUMBER && strpbrk(p->val, ".eE") != NULL))
		return "must be a whole number";
	return parse_int(p->val, 1, INT64_MAX, id) == 0 ? NULL :
	    "must be a positive id";
}

int
dialect_peek_id(struct ctx *c, const struct plist *so_far)
{
	size_t i;

	if (c->droute == NULL || c->droute->id_field == NULL)
		return 0;
	for (i = 0; i < so_far->n; i++)
		if (strcmp(so_far->p[i].name, c->droute->id_field) == 0)
			return body_id(&so_far->p[i], &c->id[0]) == NULL;
	return 0;
}

int
dialect_take_id(struct ctx *c)
{
	const char	*name, *why = "required";
	struct plist	*pl = &c->req.body;
	size_t		 i, n = 0;

	if (c->droute == NULL || (name = c->droute->id_field) == NULL)
		return ST_OK;
	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->p[i].name, name) == 0 && n++ == 0)
			why = body_id(&pl->p[i], &c->id[0]);
	if (n > 1)
		why = "given more than once";
	if (why != NULL) {
		c->id[0] = 0;
		resp_field_error(&c->resp, name, why);
		return ST_INVALID;
	}
	dialect_drop(c, name);
	return ST_OK;
}

struct json_object *
dialect_no_data(const struct ctx *c, struct json_object *data)
{
	(void)c;
	(void)data;
	return NULL;
}

int
dialect_check_self(const struct ctx *c)
{
	/* (id 0: not known yet) */
	return (c->rules & RULE_SELF_ID) && c->id[0] != 0 &&
	    c->id[0] != c->uid ? ST_BAD_TOKEN : ST_OK;
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
