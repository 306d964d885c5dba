/* The `rental` dialect (docs/dialects/rental.md): {message, token, user}
 * answers in Kazakh, 400 for every documented failure, login by email
 * (which may hold a phone number), accounts without a username (one is
 * generated), `gender: true` meaning male, X-AUTH-TOKEN, and the PUT
 * paths api/user/eidt/ and api/user/change_password/. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cgi.h"
#include "dialect.h"
#include "str.h"
#include "tok.h"

/* --- fields -------------------------------------------------------- */

/* A native email address, or a phone number: the document's example
 * user signed up with "87714526555". */
static const char *
email_or_phone(const struct param *p, struct fval *v)
{
	size_t	i = p->type == PT_STRING && p->val[0] == '+', d;

	if (p->type == PT_STRING && strlen(p->val) == p->valsz) {
		d = strspn(p->val + i, "0123456789");
		if (i + d == p->valsz && d >= 6 && d <= 15) {
			v->s = p->val;
			v->len = p->valsz;
			return NULL;
		}
	}
	return valid_email(p, v);
}

/* true is male (native 0), false female (native 1); 0 and 1 would read
 * the other way natively, so only booleans are taken. */
static const char *
gender_male_true(const struct param *p, struct fval *v)
{
	if ((p->type == PT_BOOL || p->type == PT_STRING) &&
	    (strcmp(p->val, p->type == PT_BOOL ? "1" : "true") == 0 ||
	    strcmp(p->val, p->type == PT_BOOL ? "0" : "false") == 0)) {
		v->i = p->val[0] == '0' || p->val[0] == 'f';
		return NULL;
	}
	return "must be true (male) or false (female)";
}

static const struct alias login_fields[] = {
	{ "email", "username" }, { "password", "password" }, { NULL, NULL },
};
static const struct alias register_fields[] = {
	{ "email", "email" }, { "fullname", "fullname" },
	{ "gender", "gender" }, { "password", "password" },
	{ "role", "role" }, { NULL, NULL },
};
static const struct alias edit_fields[] = {
	{ "email", "email" }, { "fullname", "fullname" },
	{ "gender", "gender" }, { NULL, NULL },
};
static const struct alias password_fields[] = {
	{ "oldPassword", "pwd" }, { "newPassword", "new_pwd" }, { NULL, NULL },
};
static const struct fover register_valid[] = {
	{ "email", email_or_phone, FLD_REQUIRED },
	{ "gender", gender_male_true, FLD_REQUIRED },
	{ "role", valid_role_name, FLD_REQUIRED },
	{ NULL, NULL, 0 },
};
static const struct fover edit_valid[] = {
	{ "email", email_or_phone, 0 },	/* the login: never emptied */
	{ "gender", gender_male_true, 0 },
	{ NULL, NULL, 0 },
};

/* The client sends no username and no confirmation: the account gets
 * "u" and 12 random hex digits, and the password confirms itself. */
static int
register_prepare(struct ctx *c)
{
	const struct plist	*pl = &c->req.body;
	unsigned char		 r[6];
	char			 name[16];
	size_t			 i;
	int			 st;

	if (tok_random(r, sizeof(r)) != 0)
		return ST_INTERNAL;
	snprintf(name, sizeof(name), "u%02x%02x%02x%02x%02x%02x", r[0], r[1],
	    r[2], r[3], r[4], r[5]);
	if ((st = dialect_add(c, "username", name)) != ST_OK)
		return st;
	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->p[i].name, "password") == 0 &&
		    pl->p[i].type == PT_STRING)
			return dialect_add(c, "password2", pl->p[i].val);
	return ST_OK;
}

/* --- answers ------------------------------------------------------- */

/* create_time as the original wrote it: milliseconds, always .000 */
static struct json_object *
create_time(struct json_object *u)
{
	struct json_object	*t;
	char			 buf[32];
	const char		*s;

	if (!json_object_object_get_ex(u, "created_at", &t) ||
	    (s = json_object_get_string(t)) == NULL || strlen(s) != 20)
		return NULL;
	snprintf(buf, sizeof(buf), "%.19s.000Z", s);
	return json_object_new_string(buf);
}

/* rental's gender from the native profile */
static struct json_object *
gender(struct json_object *u)
{
	struct json_object *p, *g;

	if (!json_object_object_get_ex(u, "profile", &p) ||
	    !json_object_object_get_ex(p, "gender", &g) || g == NULL)
		return NULL;
	return json_object_new_boolean(json_object_get_int(g) == 0);
}

static struct json_object *
profile_get(struct json_object *u, const char *k)
{
	struct json_object *p, *v;

	if (!json_object_object_get_ex(u, "profile", &p) ||
	    !json_object_object_get_ex(p, k, &v))
		return NULL;
	return json_object_get(v);
}

static struct json_object *
get(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get(v) :
	    NULL;
}

/* {token, user: {id, fullname, gender, email, role, create_time}} */
static struct json_object *
login_shape(const struct ctx *c, struct json_object *data)
{
	struct json_object *o = json_object_new_object(), *u, *r;

	(void)c;
	json_object_object_add(o, "token", get(data, "token"));
	if (json_object_object_get_ex(data, "user", &u)) {
		r = json_object_new_object();
		json_object_object_add(r, "id", get(u, "id"));
		json_object_object_add(r, "fullname",
		    profile_get(u, "fullname"));
		json_object_object_add(r, "gender", gender(u));
		json_object_object_add(r, "email", get(u, "email"));
		json_object_object_add(r, "role", get(u, "role"));
		json_object_object_add(r, "create_time", create_time(u));
		json_object_object_add(o, "user", r);
	}
	return o;
}

/* {user: {fullname, email, gender}} */
static struct json_object *
edit_shape(const struct ctx *c, struct json_object *data)
{
	struct json_object *o = json_object_new_object(), *u, *r;

	(void)c;
	if (json_object_object_get_ex(data, "user", &u)) {
		r = json_object_new_object();
		json_object_object_add(r, "fullname",
		    profile_get(u, "fullname"));
		json_object_object_add(r, "email", get(u, "email"));
		json_object_object_add(r, "gender", gender(u));
		json_object_object_add(o, "user", r);
	}
	return o;
}

static const struct droute routes[] = {
	{ DROUTE(M_POST, "/api/user/login/", "user-login", M_POST, 0),
	    .aliases = login_fields, .rules = RULE_LOGIN_EMAIL,
	    .msg = "авторизация сәтті болды", .shape = login_shape },
	{ DROUTE(M_POST, "/api/user/register/", "user-register", M_POST, 0),
	    .aliases = register_fields, .msg = "тіркелу сәтті болды",
	    .shape = login_shape, .valid = register_valid,
	    .prepare = register_prepare },
	{ DROUTE(M_PUT, "/api/user/eidt/", "user-update-info", M_PUT, 0),
	    .aliases = edit_fields, .msg = "өзгерту сәтті болды",
	    .shape = edit_shape, .valid = edit_valid },
	{ DROUTE(M_PUT, "/api/user/change_password/", "user-changepwd", M_PUT,
	    0), .aliases = password_fields, .msg = "өзгерту сәтті болды",
	    .shape = dialect_no_data },
	/* the native URLs answers point at */
	{ DROUTE(M_GET, "/api/users/{id}/avatar/", "users-avatar", M_GET, 1) },
	{ DROUTE(M_GET, "/api/files/{id}/", "files", M_GET, 1) },
};

/* 1 if field name was refused for its value (not for being missing or
 * unknown), and its native message is msg when msg is not NULL. */
static int
bad_value(const struct ctx *c, const char *name, const char *msg)
{
	struct json_object	*v;
	const char		*m;

	if (c->resp.fields == NULL ||
	    !json_object_object_get_ex(c->resp.fields, name, &v))
		return 0;
	m = json_object_get_string(v);
	if (strcmp(m, "required") == 0 || strcmp(m, "unknown field") == 0)
		return 0;
	return msg == NULL || strcmp(m, msg) == 0;
}

/* The message of a request whose fields were refused: a missing or
 * unknown field first, then the value errors the document names. */
static const char *
field_message(const struct ctx *c)
{
	const char *generic = "Сұрау деректері дұрыс емес";

	if (c->resp.fields != NULL) {
		json_object_object_foreach(c->resp.fields, k, v) {
			(void)k;
			if (strcmp(json_object_get_string(v), "required") == 0 ||
			    strcmp(json_object_get_string(v), "unknown field") ==
			    0)
				return generic;
		}
	}
	if (bad_value(c, "role", NULL))
		return "Бұл рөлді таңдауға болмайды";
	if (bad_value(c, "email", NULL))
		return "Email дұрыс емес";
	if (bad_value(c, "password", "at least 8 characters") ||
	    bad_value(c, "new_pwd", "at least 8 characters"))
		return "Құпия сөз кемінде 8 таңбадан тұруы керек";
	return generic;
}

static const char *
message(const struct ctx *c, int st, int *http)
{
	*http = st_http(st);
	switch (st) {
	case ST_INVALID:
	case ST_BAD_REF:
		return field_message(c);
	case ST_WRONG_LOGIN:
		*http = 400;
		return c->droute != NULL &&
		    strcmp(c->droute->program, "user-changepwd") == 0 ?
		    "Ескі құпия сөз дұрыс емес" : "авторизация сәтсіз болды";
	case ST_EMAIL_USED:
		*http = 400;
		return "Email тіркелген";
	case ST_USERNAME_USED:	/* a generated name taken: as unlikely */
		*http = 500;
		return "Ішкі қате";
	case ST_PWD_UNMATCH:
		*http = 400;
		return "Сұрау деректері дұрыс емес";
	case ST_LOGIN_FIRST:	return "Алдымен жүйеге кіріңіз";
	case ST_BAD_TOKEN:	return "Токен жарамсыз немесе мерзімі өткен";
	case ST_DISABLED:	return "Аккаунт бұғатталған";
	case ST_DENIED:		return "Рұқсат жоқ";
	case ST_CROSS_SITE:
		return "Басқа сайттан жіберілген сұрау қабылданбады";
	case ST_NOT_FOUND:	return "Табылмады";
	case ST_METHOD:		return "Бұл әдіске рұқсат жоқ";
	case ST_TOO_LARGE:	return "Сұрау тым үлкен";
	case ST_MEDIA_TYPE:	return "Мазмұн түрі қолдау көрсетілмейді";
	case ST_THROTTLED:	return "Сұраулар тым көп, кейінірек қайталаңыз";
	case ST_LENGTH_REQUIRED:
		return "Сұрау деректері дұрыс емес";
	case ST_UNAVAILABLE:
	case ST_BUSY:		return "Қызмет уақытша қолжетімсіз";
	default:		return "Ішкі қате";
	}
}

static void
render(const struct ctx *c, int st, struct answer *a)
{
	struct json_object *d;

	a->body = json_object_new_object();
	if (st != ST_OK) {
		json_object_object_add(a->body, "message",
		    json_object_new_string(message(c, st, &a->http)));
		return;
	}
	a->http = c->resp.created ? 201 : 200;
	json_object_object_add(a->body, "message",
	    json_object_new_string(c->droute->msg));
	if (c->resp.data != NULL && c->droute->shape != NULL &&
	    (d = c->droute->shape(c, c->resp.data)) != NULL) {
		json_object_object_foreach(d, k, v)
			json_object_object_add(a->body, k, json_object_get(v));
		json_object_put(d);
	}
}

const struct dialect dialect_rental = {
	"rental", routes, sizeof(routes) / sizeof(routes[0]),
	DIALECT_SLIDING | DIALECT_NO_CODES, render,
};
