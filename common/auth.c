/* Token transport, the CSRF rule and the session cookies
 * (include/auth.h). */
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "auth.h"
#include "cfg.h"
#include "req.h"
#include "resp.h"
#include "sess.h"
#include "status.h"
#include "user.h"

/* The token of an Authorization header: after "Bearer ", or the whole
 * value when bare tokens are allowed; NULL otherwise. */
static const char *
authorization(int bare)
{
	const char *v = req_header("HTTP_AUTHORIZATION");

	if (v == NULL)
		return NULL;
	if (strncasecmp(v, "Bearer ", 7) == 0)
		return v + 7 + strspn(v + 7, " ");
	return bare && strchr(v, ' ') == NULL ? v : NULL;
}

int
auth_bad_scheme(void)
{
	return req_header("HTTP_AUTHORIZATION") != NULL &&
	    authorization(0) == NULL;
}

static enum tok_source
token(char *buf, size_t sz, int bare)
{
	const char *v;

	buf[0] = '\0';
	if ((v = authorization(bare)) != NULL) {
		if (strlen(v) < sz)
			strcpy(buf, v);
		return TS_BEARER;
	}
	if ((v = req_header("HTTP_X_AUTH_TOKEN")) != NULL) {
		if (strlen(v) < sz)
			strcpy(buf, v);
		return TS_HEADER;
	}
	switch (req_cookie("sid", buf, sz)) {
	case 0:
		return buf[0] != '\0' ? TS_COOKIE : TS_NONE;
	case -2:
		return TS_COOKIE;
	default:
		return TS_NONE;
	}
}

enum tok_source
auth_token(char *buf, size_t sz)
{
	return token(buf, sz, 0);
}

/* 1 if origin is listed in the space/comma separated list. */
static int
listed(const char *list, const char *origin)
{
	size_t n = strlen(origin), k;

	while (*list != '\0') {
		list += strspn(list, " ,");
		k = strcspn(list, " ,");
		if (k == n && strncasecmp(list, origin, n) == 0)
			return 1;
		list += k;
	}
	return 0;
}

int
auth_same_origin(const struct cfg *c, const struct req *r)
{
	const char	*origin = req_header("HTTP_ORIGIN");
	const char	*host = req_header("HTTP_HOST"), *site;
	const char	*scheme = r->https ? "https://" : "http://";
	size_t		 sl = strlen(scheme);

	if (origin != NULL) {
		if (host != NULL && strncasecmp(origin, scheme, sl) == 0 &&
		    strcasecmp(origin + sl, host) == 0)
			return ST_OK;
		return listed(c->allowed_origins, origin) ?
		    ST_OK : ST_CROSS_SITE;
	}
	site = req_header("HTTP_SEC_FETCH_SITE");
	return site != NULL && strcasecmp(site, "cross-site") == 0 ?
	    ST_CROSS_SITE : ST_OK;
}

int
auth_request(sqlite3 *db, const struct cfg *c, const struct req *r,
    unsigned flags, struct user *u, int64_t *session_id)
{
	char		 tok[TOK_LEN + 2];
	enum tok_source	 src;
	int		 rc;

	memset(u, 0, sizeof(*u));
	if ((src = token(tok, sizeof(tok), flags & AUTH_BARE)) == TS_NONE)
		return ST_LOGIN_FIRST;
	if (src == TS_COOKIE && r->method != M_GET && r->method != M_HEAD &&
	    auth_same_origin(c, r) != ST_OK)
		return ST_CROSS_SITE;
	if ((rc = sess_lookup(db, tok, flags & AUTH_SLIDING ? c->access_ttl :
	    0, u, session_id)) != ST_OK)
		return rc;
	return u->is_active ? ST_OK : ST_DISABLED;
}

void
auth_cookies(struct resp *rp, const struct cfg *c, const struct req *r,
    const struct tokens *t)
{
	resp_cookie(rp, "sid", t != NULL ? t->access : "", "/", "Lax",
	    t != NULL ? c->access_ttl : 0, r->https);
	if (t == NULL || t->refresh[0] != '\0')	/* "": it stays */
		resp_cookie(rp, "rid", t != NULL ? t->refresh : "",
		    "/api/auth/", "Strict", t != NULL ? c->refresh_ttl : 0,
		    r->https);
}

void
auth_json(struct json_object *o, const struct tokens *t)
{
	json_object_object_add(o, "token", json_object_new_string(t->access));
	if (t->refresh[0] != '\0')	/* "": the client keeps its own */
		json_object_object_add(o, "refresh_token",
		    json_object_new_string(t->refresh));
	json_object_object_add(o, "expires_in",
	    json_object_new_int64(t->expires_in));
}
