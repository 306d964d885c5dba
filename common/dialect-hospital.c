/* The `hospital` dialect (docs/dialects/hospital.md): a Django REST
 * framework + simplejwt client.  Answers are bare objects and bare arrays
 * (every list whole, by id), 200 for everything that succeeds; errors are
 * {"detail": ...} or field lists {"field": ["..."]} (nested under
 * "profile"), in DRF's Chinese and simplejwt's English; login gives
 * {refresh, access}, refresh a new access token only; registration is
 * POST /api/users/; users and groups carry a nested profile. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cgi.h"
#include "dialect.h"
#include "pw.h"
#include "str.h"

/* --- requests ------------------------------------------------------ */

/* The members of the document's user profile, and what its answers
 * have that a client may send back (ignored). */
#define PROFILE_KEYS							\
	{ "profile.gender", "gender" },					\
	{ "profile.occupation", "occupation" },				\
	{ "profile.age", "age" }, { "profile.name", "fullname" },	\
	{ "profile.identify_id", "identify_id" },			\
	{ "profile.phone", "phone" }, { "profile.address", "address" },	\
	{ "profile.name_pinyin", "name_pinyin" }
#define ANSWER_KEYS							\
	{ "id", NULL }, { "profile.create_time", NULL },		\
	{ "profile.modify_time", NULL }, { "profile.creator", NULL },	\
	{ "profile.modifier", NULL }

static const struct alias register_fields[] = {
	{ "username", "username" }, { "password", "password" },
	{ "email", "email" }, PROFILE_KEYS, ANSWER_KEYS,
	{ "profile.user", NULL }, { NULL, NULL },
};
static const struct alias update_fields[] = {
	{ "password", "password" }, { "email", "email" }, PROFILE_KEYS,
	ANSWER_KEYS, { "username", NULL }, { "profile.user", NULL },
	{ NULL, NULL },
};
static const struct alias login_fields[] = {
	{ "username", "username" }, { "password", "password" },
	{ NULL, NULL },
};
static const struct alias refresh_fields[] = {
	{ "refresh", "refresh_token" }, { NULL, NULL },
};
static const struct alias group_fields[] = {
	{ "name", "name" }, { "profile.location", "location" },
	{ "profile.contact_phone", "contact_phone" }, ANSWER_KEYS,
	{ "profile.group", NULL }, { NULL, NULL },
};
static const struct alias occupation_fields[] = {
	{ "name", "name" }, { "id", NULL }, { NULL, NULL },
};

/* Any text: simplejwt answers 401 for a refresh token of any shape (a
 * JWT, too), which sess_refresh refuses as it refuses unknown ones. */
static const char *
any_token(const struct param *p, struct fval *v)
{
	if (p->type != PT_STRING)
		return "must be a string";
	if (p->valsz == 0)
		return "must not be empty";
	if (strlen(p->val) != p->valsz)
		return "must not contain NUL bytes";
	v->s = p->val;
	v->len = p->valsz;
	return NULL;
}

static const struct fover login_valid[] = {
	{ "username", valid_text, FLD_REQUIRED },
	{ "password", valid_secret, FLD_REQUIRED },
	{ NULL, NULL, 0 },
};
/* (not required: the rid cookie may carry it, as natively) */
static const struct fover refresh_valid[] = {
	{ "refresh_token", any_token, 0 },
	{ NULL, NULL, 0 },
};
/* the user may set its own password (RULE_SET_OWN_PASSWORD) */
static const struct fover update_valid[] = {
	{ "password", valid_password, 0 },
	{ NULL, NULL, 0 },
};

/* simplejwt's text covers disabled accounts too (section 3, item 4) */
static const struct dstatus login_errors[] = {
	{ ST_DISABLED, R__MAX, 401,
	    "No active account found with the given credentials" },
	{ ST_OK, 0, 0, NULL },
};

/* --- answers ------------------------------------------------------- */

/* A new reference to member k of o, or NULL (also for JSON null). */
static struct json_object *
get(struct json_object *o, const char *k)
{
	struct json_object *v;

	return o != NULL && json_object_object_get_ex(o, k, &v) ?
	    json_object_get(v) : NULL;
}

static int64_t
get_id(struct json_object *o, const char *k)
{
	struct json_object *v;

	return o != NULL && json_object_object_get_ex(o, k, &v) && v != NULL ?
	    json_object_get_int64(v) : 0;
}

static void
put(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *
member(struct json_object *o, const char *k)
{
	struct json_object *v;

	return o != NULL && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* A native user (or membership {user, ...}) as the document's user. */
static struct json_object *
user_item(struct json_object *u)
{
	struct json_object	*o, *p, *np, *inner;
	int64_t			 id;

	if ((inner = member(u, "user")) != NULL &&
	    json_object_is_type(inner, json_type_object))
		u = inner;
	o = json_object_new_object();
	np = json_object_new_object();
	p = member(u, "profile");
	id = get_id(u, "id");
	put(o, "id", get(u, "id"));
	put(o, "username", get(u, "username"));
	/* Django's blank email */
	put(o, "email", member(u, "email") != NULL ? get(u, "email") :
	    json_object_new_string(""));
	put(np, "age", get(p, "age"));
	put(np, "name", get(p, "fullname"));
	put(np, "name_pinyin", get(p, "name_pinyin"));
	put(np, "gender", get(p, "gender"));
	/* private members: only where the native answer has them */
	if (p != NULL && json_object_object_get_ex(p, "identify_id", NULL)) {
		put(np, "identify_id", get(p, "identify_id"));
		put(np, "phone", get(p, "phone"));
		put(np, "address", get(p, "address"));
	}
	put(np, "create_time", get(u, "created_at"));
	put(np, "modify_time", get(u, "updated_at"));
	put(np, "user", get(u, "id"));
	put(np, "occupation", get(p, "occupation"));
	/* self-registered: the user itself, as in the document */
	put(np, "creator", member(u, "created_by") != NULL ?
	    get(u, "created_by") : json_object_new_int64(id));
	put(np, "modifier", get(u, "updated_by"));
	put(o, "profile", np);
	return o;
}

/* The group, with its profile (flat: its members at the top). */
static struct json_object *
group_shape(struct json_object *g, int flat)
{
	struct json_object *o = json_object_new_object(), *p, *np;

	p = member(g, "profile");
	np = flat ? o : json_object_new_object();
	put(o, "id", get(g, "id"));
	put(o, "name", get(g, "name"));
	put(np, "location", get(p, "location"));
	put(np, "contact_phone", get(p, "contact_phone"));
	put(np, "create_time", get(p, "created_at"));
	put(np, "modify_time", get(p, "updated_at"));
	if (!flat)
		put(np, "group", get(g, "id"));
	put(np, "creator", get(p, "created_by"));
	put(np, "modifier", get(p, "updated_by"));
	if (!flat)
		put(o, "profile", np);
	return o;
}

static struct json_object *
group_item(struct json_object *g)
{
	return group_shape(g, 0);
}

static struct json_object *
flat_group_item(struct json_object *g)
{
	return group_shape(g, 1);
}

static struct json_object *
occupation_item(struct json_object *x)
{
	struct json_object *o = json_object_new_object();

	put(o, "id", get(x, "id"));
	put(o, "name", get(x, "name"));
	return o;
}

static struct json_object *
log_item(struct json_object *x)
{
	struct json_object *o = json_object_new_object();

	put(o, "id", get(x, "id"));
	put(o, "user", get(x, "user"));
	put(o, "ip", get(x, "ip"));
	put(o, "operation", get(x, "operation"));
	put(o, "operator", get(x, "operator"));
	put(o, "operate_time", get(x, "operate_time"));
	return o;
}

static struct json_object *
ban_item(struct json_object *x)
{
	struct json_object *o = json_object_new_object();

	put(o, "id", get(x, "id"));
	put(o, "patient", get(x, "user"));
	put(o, "join_time", get(x, "join_time"));
	put(o, "is_delete", get(x, "is_delete"));
	put(o, "reason", get(x, "reason"));
	return o;
}

typedef struct json_object *(*item_fn)(struct json_object *);

/* The native data's object under key, shaped. */
static struct json_object *
one(struct json_object *data, const char *key, item_fn f)
{
	struct json_object *x = member(data, key);

	return x != NULL ? f(x) : NULL;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = get_id(*(struct json_object *const *)a, "id");
	int64_t y = get_id(*(struct json_object *const *)b, "id");

	return x < y ? -1 : x > y;
}

/* The native list's results (the whole list: RULE_UNPAGINATED), shaped,
 * by id as the document's lists are. */
static struct json_object *
list(struct json_object *data, item_fn f)
{
	struct json_object	*r = member(data, "results");
	struct json_object	*a = json_object_new_array();
	size_t			 i, n;

	n = r != NULL ? json_object_array_length(r) : 0;
	for (i = 0; i < n; i++)
		json_object_array_add(a, f(json_object_array_get_idx(r, i)));
	json_object_array_sort(a, by_id);
	return a;
}

static struct json_object *
users_one(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return one(d, "user", user_item);
}

static struct json_object *
users_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, user_item);
}

static struct json_object *
group_one(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return one(d, "group", group_item);
}

static struct json_object *
group_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, group_item);
}

static struct json_object *
flat_group_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, flat_group_item);
}

static struct json_object *
occupation_one(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return one(d, "occupation", occupation_item);
}

static struct json_object *
occupation_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, occupation_item);
}

static struct json_object *
log_one(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return one(d, "user_log", log_item);
}

static struct json_object *
log_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, log_item);
}

static struct json_object *
ban_list(const struct ctx *c, struct json_object *d)
{
	(void)c;
	return list(d, ban_item);
}

/* {refresh, access} */
static struct json_object *
tokens(const struct ctx *c, struct json_object *d)
{
	struct json_object *o = json_object_new_object();

	(void)c;
	put(o, "refresh", get(d, "refresh_token"));
	put(o, "access", get(d, "token"));
	return o;
}

/* {access}: the refresh token is not rotated */
static struct json_object *
access(const struct ctx *c, struct json_object *d)
{
	struct json_object *o = json_object_new_object();

	(void)c;
	put(o, "access", get(d, "token"));
	return o;
}

static struct json_object *
empty(const struct ctx *c, struct json_object *d)
{
	(void)c;
	(void)d;
	return json_object_new_object();
}

#define LIST		RULE_UNPAGINATED
#define LOGS		(RULE_UNPAGINATED | RULE_NO_FAILED_LOGS)

static const struct droute routes[] = {
	{ DROUTE(M_POST, "/api/users/", "users", M_POST, 0),
	    .route = "register", .aliases = register_fields,
	    .shape = users_one },
	{ DROUTE(M_POST, "/api/auth/", "user-login", M_POST, 0),
	    .aliases = login_fields, .valid = login_valid,
	    .errors = login_errors, .shape = tokens },
	{ DROUTE(M_POST, "/api/auth/refresh/", "auth-refresh", M_POST, 0),
	    .aliases = refresh_fields, .valid = refresh_valid,
	    .rules = RULE_KEEP_REFRESH, .shape = access },
	{ DROUTE(M_GET, "/api/auth/logout/", "user-logout", M_POST, 0),
	    .shape = empty },
	{ DROUTE(M_GET, "/api/users/", "users", M_GET, 0), .rules = LIST,
	    .shape = users_list },
	{ DROUTE(M_GET, "/api/users/{id}/", "users", M_GET, 1),
	    .shape = users_one },
	{ DROUTE(M_PUT, "/api/users/{id}/", "users", M_PUT, 1),
	    .aliases = update_fields, .valid = update_valid,
	    .rules = RULE_SET_OWN_PASSWORD | RULE_SELF_UPDATER,
	    .shape = users_one },
	{ DROUTE(M_DELETE, "/api/users/{id}/", "users", M_DELETE, 1),
	    .shape = empty },
	{ DROUTE(M_GET, "/api/groups/", "groups", M_GET, 0), .rules = LIST,
	    .shape = group_list },
	{ DROUTE(M_POST, "/api/groups/", "groups", M_POST, 0),
	    .aliases = group_fields, .shape = group_one },
	{ DROUTE(M_GET, "/api/groups/{id}/", "groups", M_GET, 1),
	    .shape = group_one },
	{ DROUTE(M_PUT, "/api/groups/{id}/", "groups", M_PUT, 1),
	    .aliases = group_fields, .shape = group_one },
	{ DROUTE(M_DELETE, "/api/groups/{id}/", "groups", M_DELETE, 1),
	    .shape = empty },
	{ DROUTE(M_GET, "/api/groups/{id}/users/", "groups-users", M_GET, 1),
	    .rules = LIST, .shape = users_list },
	{ DROUTE(M_GET, "/api/users/{id}/groups/", "users-groups", M_GET, 1),
	    .rules = LIST, .shape = flat_group_list },
	{ DROUTE(M_GET, "/api/occupations/", "occupations", M_GET, 0),
	    .rules = LIST, .shape = occupation_list },
	{ DROUTE(M_POST, "/api/occupations/", "occupations", M_POST, 0),
	    .aliases = occupation_fields, .shape = occupation_one },
	{ DROUTE(M_GET, "/api/occupations/{id}/", "occupations", M_GET, 1),
	    .shape = occupation_one },
	{ DROUTE(M_PUT, "/api/occupations/{id}/", "occupations", M_PUT, 1),
	    .aliases = occupation_fields, .shape = occupation_one },
	{ DROUTE(M_DELETE, "/api/occupations/{id}/", "occupations", M_DELETE,
	    1), .shape = empty },
	{ DROUTE(M_GET, "/api/occupations/{id}/users/", "occupations-users",
	    M_GET, 1), .rules = LIST, .shape = users_list },
	{ DROUTE(M_GET, "/api/user-logs/", "user-logs", M_GET, 0),
	    .rules = LOGS, .shape = log_list },
	{ DROUTE(M_GET, "/api/user-logs/{id}/", "user-logs", M_GET, 1),
	    .rules = RULE_NO_FAILED_LOGS, .shape = log_one },
	{ DROUTE(M_GET, "/api/users/{id}/user-logs/", "users-user-logs",
	    M_GET, 1), .rules = LOGS, .shape = log_list },
	{ DROUTE(M_GET, "/api/black-list/", "black-list", M_GET, 0),
	    .rules = LIST, .shape = ban_list },
	/* the native URLs answers point at */
	{ DROUTE(M_GET, "/api/users/{id}/avatar/", "users-avatar", M_GET, 1) },
	{ DROUTE(M_GET, "/api/files/{id}/", "files", M_GET, 1) },
};

/* --- errors -------------------------------------------------------- */

/* How the document's fields are judged, for DRF's wording: text (with
 * its longest length), integer (with its range), choice, primary key.
 * By native name; query fields too. */
enum kind { K_TEXT, K_INT, K_CHOICE, K_REF };

static const struct {
	const char	*name;
	enum kind	 kind;
	int		 max;
} kinds[] = {
	{ "username", K_TEXT, 32 }, { "password", K_TEXT, PW_MAX_LEN },
	{ "email", K_TEXT, 254 }, { "fullname", K_TEXT, 100 },
	{ "name_pinyin", K_TEXT, 100 }, { "name", K_TEXT, 100 },
	{ "identify_id", K_TEXT, 255 }, { "address", K_TEXT, 255 },
	{ "location", K_TEXT, 255 }, { "phone", K_TEXT, 32 },
	{ "contact_phone", K_TEXT, 32 }, { "q", K_TEXT, 255 },
	{ "role", K_TEXT, 64 }, { "gender", K_CHOICE, 0 },
	{ "is_active", K_CHOICE, 0 }, { "operation", K_CHOICE, 0 },
	{ "age", K_INT, 150 }, { "occupation", K_REF, 0 },
	{ "group", K_REF, 0 }, { "user", K_REF, 0 },
};

#define MSG_USERNAME	"请输入合法的用户名。只能包含字母、数字和 _ . - " \
			"字符，且以字母或数字开头，长度 3 到 32。"

/* DRF's text for a field of kind k whose value p (NULL: not in the
 * body) the native check refused with msg. */
static const char *
text_message(const char *name, int max, const char *msg,
    const struct param *p, char *buf, size_t sz)
{
	if (p != NULL && p->type != PT_STRING)
		return "不是有效的字符串。";
	if (p != NULL && p->valsz == 0)
		return "该字段不能为空。";
	if (strcmp(name, "username") == 0 && strcmp(msg, "too long") != 0)
		return MSG_USERNAME;
	if (strcmp(msg, "too long") == 0 && max > 0) {
		snprintf(buf, sz, "请确保这个字段不能超过 %d 个字符。", max);
		return buf;
	}
	if (strcmp(msg, "at least 8 characters") == 0)
		return "密码长度至少为 8 个字符。";
	if (strcmp(msg, "not an email address") == 0)
		return "请输入合法的邮件地址。";
	if (strcmp(name, "phone") == 0 || strcmp(name, "contact_phone") == 0)
		return "请输入合法的电话号码。";
	if (strncmp(msg, "must be valid UTF-8", 19) == 0 ||
	    strcmp(msg, "must not contain NUL bytes") == 0)
		return "请输入单行文本，不含控制字符。";
	return "请输入合法的值。";
}

static const char *
number_message(enum kind k, int max, const struct param *p, char *buf,
    size_t sz)
{
	char	v[64];
	int64_t	i;

	if (p == NULL || (p->type != PT_NUMBER && p->type != PT_STRING) ||
	    parse_int(p->val, INT64_MIN, INT64_MAX, &i) != 0)
		return "请填写合法的整数值。";
	utf8_cut(p->val, sizeof(v) - 1, v);
	if (k == K_CHOICE)
		snprintf(buf, sz, "“%s” 不是合法选项。", v);
	else if (k == K_REF)
		snprintf(buf, sz, "无效主键 “%s” － 对象不存在。", v);
	else if (i < 0)
		return "请确保该值大于或者等于 0。";
	else
		snprintf(buf, sz, "请确保该值小于或者等于 %d。", max);
	return buf;
}

static const char *
field_message(const struct ctx *c, const char *name, const char *msg,
    char *buf, size_t sz)
{
	const struct param	*p = dialect_param(c, name);
	size_t			 i;

	if (strcmp(msg, "unknown field") == 0)
		return "未知字段。";
	if (strcmp(msg, "required") == 0)
		return "该字段是必填项。";
	if (strcmp(msg, "must be an object") == 0)
		return "无效数据，应为对象。";
	if (strcmp(msg, "must not be null") == 0 ||
	    (p != NULL && p->type == PT_NULL))
		return "该字段不能为 null。";
	if (strcmp(msg, "given more than once") == 0)
		return "该字段只能出现一次。";
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]) || kinds[i].kind == K_TEXT)
		return text_message(name, i < sizeof(kinds) / sizeof(kinds[0]) ?
		    kinds[i].max : 0, msg, p, buf, sz);
	return number_message(kinds[i].kind, kinds[i].max, p, buf, sz);
}

/* Adds ["text"] under the document's name doc, "profile.X" nested. */
static void
add_error(struct json_object *o, const char *doc, const char *text)
{
	struct json_object	*list = json_object_new_array(), *sub;
	size_t			 n = strlen(REQ_NESTED);

	json_object_array_add(list, json_object_new_string(text));
	if (strncmp(doc, REQ_NESTED, n) == 0 && doc[n] == '.') {
		if ((sub = member(o, REQ_NESTED)) == NULL ||
		    !json_object_is_type(sub, json_type_object)) {
			sub = json_object_new_object();
			put(o, REQ_NESTED, sub);
		}
		put(sub, doc + n + 1, list);
	} else
		put(o, doc, list);
}

/* The 400 body of field errors, or NULL when there are none. */
static struct json_object *
field_errors(const struct ctx *c, int st)
{
	struct json_object	*o = json_object_new_object();
	const char		*doc, *msg;
	char			 buf[256];

	switch (st) {
	case ST_USERNAME_USED:
		add_error(o, "username", "已存在一位使用该名字的用户。");
		return o;
	case ST_EMAIL_USED:
		add_error(o, "email", "该邮箱已被使用。");
		return o;
	case ST_CONFLICT:
		add_error(o, "name", "该名称已存在。");
		return o;
	default:
		break;
	}
	if (c->resp.fields == NULL || c->reason == R_BAD_BODY) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_foreach(c->resp.fields, k, v) {
		msg = json_object_get_string(v);
		/* the renaming's own errors are under the document's names */
		doc = strcmp(msg, "unknown field") == 0 ||
		    strcmp(k, REQ_NESTED) == 0 ? k : dialect_field_name(c, k);
		add_error(o, doc, field_message(c, k, msg, buf, sizeof(buf)));
	}
	return o;
}

/* The request's media type without its parameters, into buf. */
static const char *
media_type(const struct ctx *c, char *buf, size_t sz)
{
	const char	*t = c->req.ctype != NULL ? c->req.ctype : "";
	size_t		 n = strcspn(t, "; ");

	if (n >= sz)
		n = sz - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

/* The {"detail"} answer of st: HTTP status, text, simplejwt's code. */
static const char *
detail(const struct ctx *c, int st, int *http, const char **code,
    char *buf, size_t sz)
{
	char mt[128];

	*http = st_http(st);
	*code = NULL;
	switch (st) {
	case ST_WRONG_LOGIN:
		return "No active account found with the given credentials";
	case ST_LOGIN_FIRST:
		return "身份认证信息未提供。";
	case ST_BAD_TOKEN:
		*code = "token_not_valid";
		return c->reason == R_BAD_REFRESH ?
		    "Token is invalid or expired" :
		    "Given token not valid for any token type";
	case ST_DISABLED:
		*http = 401;
		*code = "user_inactive";
		return "User is inactive";
	case ST_DENIED:		return "您没有执行该操作的权限。";
	case ST_CROSS_SITE:	return "跨站请求被拒绝。";
	case ST_NOT_FOUND:	return "未找到。";
	case ST_METHOD:
		snprintf(buf, sz, "方法 “%s” 不被允许。", c->req.method_name);
		return buf;
	case ST_TOO_LARGE:	return "请求体过大。";
	case ST_MEDIA_TYPE:
		snprintf(buf, sz, "不支持请求中的媒体类型 “%s”。",
		    media_type(c, mt, sizeof(mt)));
		return buf;
	case ST_THROTTLED:	return "请求超过了限速。";
	case ST_RANGE:		return "请求的范围无法满足。";
	case ST_UNAVAILABLE:
	case ST_BUSY:		return "服务暂时不可用。";
	case ST_INTERNAL:	return "服务器内部错误。";
	default:	/* the body (400, 411), or what cannot happen here */
		return *http >= 500 ? "服务器内部错误。" : "请求体格式错误。";
	}
}

static void
render(const struct ctx *c, int st, struct answer *a)
{
	const char	*text, *code = NULL;
	char		 buf[256];

	if (st == ST_OK) {
		a->http = 200;
		if (c->resp.data != NULL && c->droute->shape != NULL)
			a->body = c->droute->shape(c, c->resp.data);
		if (a->body == NULL)
			a->body = json_object_new_object();
		return;
	}
	if (dialect_override(c, st, &a->http, &text))
		;
	else if ((a->body = field_errors(c, st)) != NULL) {
		a->http = 400;
		return;
	} else
		text = detail(c, st, &a->http, &code, buf, sizeof(buf));
	a->body = json_object_new_object();
	put(a->body, "detail", json_object_new_string(text));
	if (code != NULL)
		put(a->body, "code", json_object_new_string(code));
	if (a->http == 401) {
		a->hname = "WWW-Authenticate";
		a->hval = "Bearer realm=\"api\"";
	}
}

const struct dialect dialect_hospital = {
	"hospital", routes, sizeof(routes) / sizeof(routes[0]),
	DIALECT_NO_CODES | DIALECT_NESTED, render,
};
