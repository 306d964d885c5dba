/* The `basic` dialect (docs/dialects/basic.md): {status, info, data}
 * answers, HTTP status = the body's status (401 for the Authorization
 * header errors 2003, 2004, 2005), "params error" for any bad
 * parameter. */
#include <json-c/json.h>

#include "cgi.h"
#include "dialect.h"

static const struct alias register_fields[] = {
	{ "username", "username" }, { "password", "password" },
	{ "confirm_password", "password2" }, { NULL, NULL },
};
static const struct alias login_fields[] = {
	{ "username", "username" }, { "password", "password" },
	{ NULL, NULL },
};

/* data {uid, token, refresh_token} from the native login data. */
static struct json_object *
login_shape(const struct ctx *c, struct json_object *data)
{
	struct json_object *o = json_object_new_object(), *u, *id, *v;

	(void)c;
	if (json_object_object_get_ex(data, "user", &u) &&
	    json_object_object_get_ex(u, "id", &id))
		json_object_object_add(o, "uid", json_object_get(id));
	if (json_object_object_get_ex(data, "token", &v))
		json_object_object_add(o, "token", json_object_get(v));
	if (json_object_object_get_ex(data, "refresh_token", &v))
		json_object_object_add(o, "refresh_token", json_object_get(v));
	return o;
}

static const struct droute routes[] = {
	{ DROUTE(M_POST, "/user/register", "user-register", M_POST, 0),
	    .aliases = register_fields, .rules = RULE_NO_SESSION,
	    .msg = "register success", .shape = dialect_no_data },
	{ DROUTE(M_POST, "/user/login", "user-login", M_POST, 0),
	    .aliases = login_fields, .msg = "login success",
	    .shape = login_shape },
	/* the native URLs answers point at */
	{ DROUTE(M_GET, "/api/users/{id}/avatar/", "users-avatar", M_GET, 1) },
	{ DROUTE(M_GET, "/api/files/{id}/", "files", M_GET, 1) },
};

/* The body's status and info for a failure. */
static void
failure(const struct ctx *c, int st, int *status, const char **info)
{
	*status = st_http(st);
	switch (st) {
	case ST_INVALID:
	case ST_BAD_REF:
	case ST_LENGTH_REQUIRED:
		*info = "params error";
		break;
	case ST_PWD_UNMATCH:
		*info = "different password";
		break;
	case ST_USERNAME_USED:
		*status = 400;
		*info = "user has existed";
		break;
	case ST_WRONG_LOGIN:
		*status = 400;
		*info = c->reason == R_NO_USER ? "user don't exist" :
		    "wrong password";
		break;
	case ST_LOGIN_FIRST:
		*status = c->reason == R_BAD_SCHEME ? 2004 : 2003;
		*info = c->reason == R_BAD_SCHEME ? "请求头中auth格式有误" :
		    "请求头中auth为空";
		break;
	case ST_BAD_TOKEN:
		*status = 2005;
		*info = "无效的Token";
		break;
	case ST_DENIED:
	case ST_CROSS_SITE:
		*status = 403;
		*info = st == ST_DENIED ? "permission denied" :
		    "cross-site request refused";
		break;
	default:
		*info = st_msg(st);
		break;
	}
}

static void
render(const struct ctx *c, int st, struct answer *a)
{
	const char	*info;
	int		 status;

	a->body = json_object_new_object();
	if (st == ST_OK) {
		status = 200;
		info = c->droute->msg;
	} else
		failure(c, st, &status, &info);
	a->http = status >= 2000 ? 401 : status;
	json_object_object_add(a->body, "status",
	    json_object_new_int(status));
	json_object_object_add(a->body, "info", json_object_new_string(info));
	if (st == ST_OK && c->resp.data != NULL) {
		struct json_object *d = c->droute->shape != NULL ?
		    c->droute->shape(c, c->resp.data) :
		    json_object_get(c->resp.data);

		if (d != NULL)
			json_object_object_add(a->body, "data", d);
	}
}

const struct dialect dialect_basic = {
	"basic", routes, sizeof(routes) / sizeof(routes[0]),
	DIALECT_SLIDING | DIALECT_NO_CODES,
	render,
};
