/* The `dicom` dialect (docs/dialects/dicom.md): {errno, msg} answers with
 * the native errno and HTTP status, no data (field errors kept, under the
 * document's names), pwd1/pwd2/pwd/sex, a GET logout, and sessions held
 * by the sid cookie. */
#include <json-c/json.h>

#include "cgi.h"
#include "dialect.h"

static const struct alias register_fields[] = {
	{ "username", "username" }, { "pwd1", "password" },
	{ "pwd2", "password2" }, { NULL, NULL },
};
static const struct alias login_fields[] = {
	{ "username", "username" }, { "pwd", "password" }, { NULL, NULL },
};
static const struct alias info_fields[] = {
	{ "email", "email" }, { "bio", "bio" }, { "first_name", "first_name" },
	{ "last_name", "last_name" }, { "sex", "gender" }, { NULL, NULL },
};
static const struct alias avatar_fields[] = {
	{ "avatar", "avatar" }, { NULL, NULL },
};
static const struct alias changepwd_fields[] = {
	{ "pwd", "pwd" }, { "new_pwd", "new_pwd" }, { NULL, NULL },
};

static const struct droute routes[] = {
	{ DROUTE(M_POST, "/api/user/register/", "user-register", M_POST, 0),
	    .aliases = register_fields, .rules = RULE_NO_SESSION,
	    .msg = "register success" },
	{ DROUTE(M_POST, "/api/user/login/", "user-login", M_POST, 0),
	    .aliases = login_fields, .msg = "login success" },
	{ DROUTE(M_GET, "/api/user/logout/", "user-logout", M_POST, 0),
	    .rules = RULE_LOGOUT_ALWAYS, .msg = "logout success" },
	{ DROUTE(M_POST, "/api/user/update/avatar/", "user-update-avatar",
	    M_POST, 0), .aliases = avatar_fields,
	    .msg = "update avatar success" },
	{ DROUTE(M_POST, "/api/user/update/info/", "user-update-info", M_POST,
	    0), .aliases = info_fields, .msg = "update info success" },
	{ DROUTE(M_POST, "/api/user/changepwd/", "user-changepwd", M_POST, 0),
	    .aliases = changepwd_fields, .msg = "update info success" },
	/* the native URLs answers point at */
	{ DROUTE(M_GET, "/api/users/{id}/avatar/", "users-avatar", M_GET, 1) },
	{ DROUTE(M_GET, "/api/files/{id}/", "files", M_GET, 1) },
};

static void
render(const struct ctx *c, int st, struct answer *a)
{
	struct json_object	*fields;
	const char		*msg = st_msg(st);

	/* the document knows no invalid token: an expired session is
	 * simply none */
	if (st == ST_BAD_TOKEN)
		st = ST_LOGIN_FIRST, msg = st_msg(st);
	if (st == ST_WRONG_LOGIN)
		msg = "wrong password";
	if (st == ST_OK && c->droute != NULL && c->droute->msg != NULL)
		msg = c->droute->msg;
	a->http = st == ST_OK && c->resp.created ? 201 : st_http(st);
	a->body = json_object_new_object();
	json_object_object_add(a->body, "errno",
	    json_object_new_int(st_errno(st)));
	json_object_object_add(a->body, "msg", json_object_new_string(msg));
	if (st != ST_OK && (fields = dialect_field_errors(c)) != NULL)
		json_object_object_add(a->body, "fields", fields);
}

const struct dialect dialect_dicom = {
	"dicom", routes, sizeof(routes) / sizeof(routes[0]),
	DIALECT_SLIDING | DIALECT_NO_CODES,
	render,
};
