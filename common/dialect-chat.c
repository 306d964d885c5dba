/* The `chat` dialect (docs/dialects/chat.md): {code, info, ...} answers
 * with code 0 / info "Succeed", -1 for the content of a request and -2
 * for the state of accounts and sessions, 400 for every documented
 * failure; `name` and `security_code` for username and code; `need_send`
 * turning /register and /login into code requests; change_* taking the
 * caller's own id in the body; group uploads taking the group's id in
 * the body and the file under the document's name of its kind; `ws_url`
 * in the login answers (a path string: no WebSocket is served). */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cgi.h"
#include "code.h"
#include "dialect.h"

/* --- fields -------------------------------------------------------- */

static const struct alias account_fields[] = {	/* register and login */
	{ "name", "username" }, { "password", "password" },
	{ "email", "email" }, { "security_code", "code" },
	{ "need_send", "need_send" }, { NULL, NULL },
};
static const struct alias name_fields[] = {
	{ "new_name", "new_name" }, { NULL, NULL },
};
/* the document's sample calls the new password new_name */
static const struct alias password_fields[] = {
	{ "old_password", "pwd" }, { "new_password", "new_pwd" },
	{ "new_name", "new_pwd" }, { NULL, NULL },
};
static const struct alias email_fields[] = {
	{ "new_email", "new_email" }, { "security_code", "code" },
	{ NULL, NULL },
};
static const struct alias avatar_fields[] = {
	{ "avatar", "avatar" }, { NULL, NULL },
};
static const struct alias image_fields[] = {
	{ "avatar", "file" }, { NULL, NULL },
};
/* its table says avatar, its sample expression */
static const struct alias expression_fields[] = {
	{ "expression", "file" }, { "avatar", "file" }, { NULL, NULL },
};
static const struct alias file_fields[] = {
	{ "file", "file" }, { NULL, NULL },
};
static const struct alias voice_fields[] = {
	{ "voice", "file" }, { NULL, NULL },
};

static const struct preset image_kind[] = {
	{ "kind", "image" }, { NULL, NULL },
};
static const struct preset expression_kind[] = {
	{ "kind", "expression" }, { NULL, NULL },
};
static const struct preset file_kind[] = {
	{ "kind", "file" }, { NULL, NULL },
};
static const struct preset voice_kind[] = {
	{ "kind", "voice" }, { NULL, NULL },
};

/* A mailed code.  Sent as a JSON number (as the document's samples
 * do), a code such as 012345 arrives as 12345: codes shorter than ours
 * are read with zeros in front. */
static const char *
chat_code(const struct param *p, struct fval *v)
{
	static char	 buf[CODE_DIGITS + 1];
	size_t		 pad;

	if (p->type != PT_STRING || p->valsz == 0 ||
	    p->valsz >= CODE_DIGITS ||
	    strspn(p->val, "0123456789") != p->valsz)
		return valid_code(p, v);
	pad = CODE_DIGITS - p->valsz;
	memset(buf, '0', pad);
	memcpy(buf + pad, p->val, p->valsz);
	buf[CODE_DIGITS] = '\0';
	v->s = buf;
	v->len = CODE_DIGITS;
	return NULL;
}

/* registration always takes a mailed code (DIALECT_CODES) */
static const struct fover register_valid[] = {
	{ "email", valid_email, FLD_REQUIRED },
	{ "code", chat_code, FLD_REQUIRED },
	{ NULL, NULL, 0 },
};
static const struct fover login_valid[] = {
	{ "code", chat_code, 0 },
	{ NULL, NULL, 0 },
};
static const struct fover email_valid[] = {
	{ "code", chat_code, FLD_REQUIRED },
	{ NULL, NULL, 0 },
};

static const struct param *
param(const struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->req.body.n; i++)
		if (strcmp(c->req.body.p[i].name, name) == 0)
			return &c->req.body.p[i];
	return NULL;
}

/* need_send, taken out of the body: JSON true/false, or the text true,
 * false, True, False, 1, 0 (a JSON 1 or 0 is text by now). */
static int
need_send(struct ctx *c, int *send)
{
	static const char *const yes[] = { "true", "True", "1" };
	static const char *const no[] = { "false", "False", "0" };
	const struct param	*p = param(c, "need_send");
	const char		*why = "must be true or false";
	size_t			 i, n = 0;

	*send = 0;
	for (i = 0; i < c->req.body.n; i++)
		n += strcmp(c->req.body.p[i].name, "need_send") == 0;
	if (p == NULL)
		return ST_OK;
	if (n > 1)
		why = "given more than once";
	else if (p->type == PT_BOOL) {
		*send = p->val[0] == '1';
		why = NULL;
	} else if (p->type != PT_STRING || strlen(p->val) != p->valsz)
		why = "must be a boolean";
	else
		for (i = 0; i < 3; i++)
			if (strcmp(p->val, yes[i]) == 0 ||
			    strcmp(p->val, no[i]) == 0) {
				*send = strcmp(p->val, yes[i]) == 0;
				why = NULL;
			}
	if (why != NULL) {
		resp_field_error(&c->resp, "need_send", why);
		return ST_INVALID;
	}
	dialect_drop(c, "need_send");
	return ST_OK;
}

/* The body holds the fields of one mode (native names, NULL-ended), all
 * of them: others are unknown.  With one missing, what is wrong with the
 * others is told too, so that the document's order picks the one to
 * report. */
static int
mode(struct ctx *c, const char *const *names)
{
	const struct plist	*pl = &c->req.body;
	const struct param	*p;
	const struct field	*f, *t;
	struct field		 buf[REQ_MAX_PARAMS];
	struct fval		 v;
	const char		*why;
	size_t			 i, k;
	int			 bad = 0;

	for (i = 0; i < pl->n; i++) {
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(names[k], pl->p[i].name) == 0)
				break;
		if (names[k] == NULL) {
			resp_field_error(&c->resp, pl->p[i].name,
			    "unknown field");
			bad = 1;
		}
	}
	if (bad)
		return ST_INVALID;
	for (k = 0; names[k] != NULL; k++)
		if (param(c, names[k]) == NULL)
			break;
	if (names[k] == NULL)	/* all there: the field checks follow */
		return ST_OK;
	t = dialect_field_table(c, c->route->fields, c->route->nfields, buf);
	for (k = 0; names[k] != NULL; k++) {
		if ((p = param(c, names[k])) == NULL) {
			resp_field_error(&c->resp, names[k], "required");
			continue;
		}
		for (i = 0; i < c->route->nfields; i++) {
			f = &t[i];
			memset(&v, 0, sizeof(v));
			if (strcmp(f->name, names[k]) == 0 &&
			    (why = f->valid(p, &v)) != NULL)
				resp_field_error(&c->resp, names[k], why);
		}
	}
	return ST_INVALID;
}

/* need_send true: a code request (name, password and security_code, if
 * a form sends them too, are ignored); else the registration, whose
 * password confirms itself. */
static int
register_prepare(struct ctx *c)
{
	const struct param	*p;
	int			 st, send;

	if ((st = need_send(c, &send)) != ST_OK)
		return st;
	if (send) {
		dialect_drop(c, "username");
		dialect_drop(c, "password");
		dialect_drop(c, "code");
		c->rules |= RULE_SEND_CODE;
		return ST_OK;
	}
	if ((p = param(c, "password")) != NULL && p->type == PT_STRING)
		return dialect_add(c, "password2", p->val);
	return ST_OK;
}

/* need_send true: a code request; else name and password, or email and
 * security_code. */
static int
login_prepare(struct ctx *c)
{
	static const char *const code[] = { "email", NULL };
	static const char *const password[] = { "username", "password", NULL };
	static const char *const by_code[] = { "email", "code", NULL };
	int st, send;

	if ((st = need_send(c, &send)) != ST_OK)
		return st;
	if (send) {
		c->rules |= RULE_SEND_CODE;
		return mode(c, code);
	}
	if (param(c, "username") != NULL)
		return mode(c, password);
	if (param(c, "email") != NULL)
		return mode(c, by_code);
	resp_field_error(&c->resp, "username", "required");
	return ST_INVALID;
}

/* --- answers ------------------------------------------------------- */

static struct json_object *
get(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* {token, ws_url} from the native login data */
static struct json_object *
login_shape(const struct ctx *c, struct json_object *data)
{
	struct json_object	*o = json_object_new_object(), *t, *u;
	char			 ws[64];

	(void)c;
	if ((t = get(data, "token")) != NULL)
		json_object_object_add(o, "token", json_object_get(t));
	u = get(data, "user");
	snprintf(ws, sizeof(ws), "ws/user/%lld/", (long long)(u != NULL ?
	    json_object_get_int64(get(u, "id")) : 0));
	json_object_object_add(o, "ws_url", json_object_new_string(ws));
	return o;
}

/* {url} of the avatar or the file */
static struct json_object *
url_shape(const struct ctx *c, struct json_object *data)
{
	struct json_object *o = json_object_new_object(), *u;

	(void)c;
	if ((u = get(data, "url")) != NULL)
		json_object_object_add(o, "url", json_object_get(u));
	return o;
}

#define ACCOUNT(path, prog)						\
	DROUTE(M_POST, path, prog, M_POST, 0), .aliases = account_fields, \
	.shape = login_shape
#define OWN(path, prog, rules_)						\
	DROUTE(M_POST, path, prog, M_POST, 0), .id_field = "id",	\
	.rules = RULE_SELF_ID | (rules_)
#define GROUP(path, fields, kind)					\
	DROUTE(M_POST, path, "groups-uploads", M_POST, 1),		\
	.id_field = "id", .aliases = (fields), .presets = (kind),	\
	.shape = url_shape

static const struct droute routes[] = {
	{ ACCOUNT("/register", "user-register"), .valid = register_valid,
	    .prepare = register_prepare },
	{ ACCOUNT("/login", "user-login"), .valid = login_valid,
	    .prepare = login_prepare },
	{ OWN("/change_name", "user-changename", 0), .aliases = name_fields,
	    .shape = dialect_no_data },
	{ OWN("/change_password", "user-changepwd", 0),
	    .aliases = password_fields, .shape = dialect_no_data },
	{ OWN("/change_email", "user-changeemail", RULE_REGISTER_CODE),
	    .aliases = email_fields, .valid = email_valid,
	    .shape = dialect_no_data },
	{ OWN("/change_image", "user-update-avatar", 0),
	    .aliases = avatar_fields, .shape = url_shape },
	{ GROUP("/upload_image", image_fields, image_kind) },
	{ GROUP("/upload_expression", expression_fields, expression_kind) },
	{ GROUP("/upload_file", file_fields, file_kind) },
	{ GROUP("/upload_voice", voice_fields, voice_kind) },
	/* the native URLs answers point at */
	{ DROUTE(M_GET, "/api/users/{id}/avatar/", "users-avatar", M_GET, 1) },
	{ DROUTE(M_GET, "/api/files/{id}/", "files", M_GET, 1) },
};

/* The name the document's messages give a route's file: the kind of a
 * group upload, "image" for the avatar. */
static const char *
file_label(const struct ctx *c)
{
	const struct preset *p;

	for (p = c->droute->presets; p != NULL && p->name != NULL; p++)
		if (strcmp(p->name, "kind") == 0)
			return p->val;
	return "image";
}

/* Native messages that say a value is missing or of the wrong type. */
static int
type_error(const char *msg)
{
	static const char *const types[] = {
		"required", "given more than once", "must be a string",
		"must not be a file", "must be a file (multipart/form-data)",
		"must be a whole number", "must be a boolean",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(msg, types[i]) == 0)
			return 1;
	return 0;
}

/* The field error to report: the body id, then the document's fields in
 * its order, then any other.  *key is the name it was recorded under. */
static const char *
first_error(const struct ctx *c, const char **key)
{
	const struct alias	*a;
	struct json_object	*v;
	const char		*id = c->droute->id_field;

	if (id != NULL && json_object_object_get_ex(c->resp.fields, id, &v))
		return *key = id, json_object_get_string(v);
	for (a = c->droute->aliases; a != NULL && a->doc != NULL; a++) {
		if (json_object_object_get_ex(c->resp.fields, a->native, &v))
			return *key = a->native, json_object_get_string(v);
		if (json_object_object_get_ex(c->resp.fields, a->doc, &v))
			return *key = a->doc, json_object_get_string(v);
	}
	json_object_object_foreach(c->resp.fields, k, m)
		return *key = k, json_object_get_string(m);
	return NULL;
}

/* The info of a request whose fields were refused. */
static const char *
field_info(const struct ctx *c, char *buf, size_t sz)
{
	const char *key, *msg, *name;

	if (c->reason == R_BAD_BODY || c->resp.fields == NULL ||
	    c->droute == NULL || (msg = first_error(c, &key)) == NULL)
		return "Invalid request body";
	if (strcmp(msg, "unknown field") == 0) {
		snprintf(buf, sz, "Unknown field [%s]",
		    dialect_field_name(c, key));
		return buf;
	}
	name = c->route != NULL && c->route->spool != NULL &&
	    strcmp(key, c->route->spool) == 0 ? file_label(c) :
	    dialect_field_name(c, key);
	snprintf(buf, sz, type_error(msg) ? "Missing or error type of [%s]" :
	    "Invalid value of [%s]", name);
	return buf;
}

/* HTTP status, code and info of a failure. */
static const char *
failure(const struct ctx *c, int st, int *http, int *code, char *buf,
    size_t sz)
{
	*http = 400;
	*code = -2;
	switch (st) {
	case ST_INVALID:
	case ST_BAD_REF:
		*code = -1;
		return field_info(c, buf, sz);
	case ST_PWD_UNMATCH:	/* the password confirms itself */
		*code = -1;
		return "Invalid value of [password]";
	case ST_WRONG_CODE:
		if (c->reason == R_NO_CODE)
			return "Please verify your email";
		*code = -1;
		return "Wrong verify code";
	case ST_LOGIN_FIRST:
	case ST_BAD_TOKEN:	return "Invalid or expired JWT";
	case ST_USERNAME_USED:	return "Username duplicate";
	case ST_EMAIL_USED:	return "Email already exists";
	case ST_WRONG_LOGIN:
		if (c->droute != NULL &&
		    strcmp(c->droute->program, "user-changepwd") == 0)
			return "Wrong password";
		return c->reason == R_NO_USER ? "Username not found" :
		    "Wrong Password";
	case ST_MEDIA_TYPE:
		*code = -1;
		if (c->reason == R_FILE_TYPE && c->droute != NULL) {
			snprintf(buf, sz, "Invalid type of [%s]",
			    file_label(c));
			return buf;
		}
		*http = 415;
		return "Unsupported media type";
	default:
		break;
	}
	*http = st_http(st);
	switch (st) {
	case ST_LENGTH_REQUIRED:
		*code = -1;
		return "Invalid request body";
	case ST_TOO_LARGE:
		*code = -1;
		return "Payload too large";
	case ST_RANGE:
		*code = -1;
		return "Range not satisfiable";
	case ST_DISABLED:	return "Account disabled";
	case ST_DENIED:		return "Permission denied";
	case ST_CROSS_SITE:	return "Cross-site request refused";
	case ST_NOT_FOUND:	return "Not found";
	case ST_METHOD:		return "Method not allowed";
	case ST_THROTTLED:	return "Too many requests";
	case ST_CONFLICT:	return "Conflict";
	case ST_UNAVAILABLE:
	case ST_BUSY:		return "Service unavailable";
	default:
		*http = 500;
		return "Internal error";
	}
}

static void
render(const struct ctx *c, int st, struct answer *a)
{
	struct json_object	*d;
	const char		*info = "Succeed";
	char			 buf[160];
	int			 code = 0;

	a->http = 200;
	if (st != ST_OK)
		info = failure(c, st, &a->http, &code, buf, sizeof(buf));
	a->body = json_object_new_object();
	json_object_object_add(a->body, "code", json_object_new_int(code));
	json_object_object_add(a->body, "info", json_object_new_string(info));
	if (st != ST_OK || c->resp.data == NULL || c->droute->shape == NULL ||
	    (d = c->droute->shape(c, c->resp.data)) == NULL)
		return;
	json_object_object_foreach(d, k, v)
		json_object_object_add(a->body, k, json_object_get(v));
	json_object_put(d);
}

const struct dialect dialect_chat = {
	"chat", routes, sizeof(routes) / sizeof(routes[0]),
	DIALECT_SLIDING | DIALECT_BARE_AUTH | DIALECT_CODES |
	DIALECT_INT_STRINGS,
	render,
};
