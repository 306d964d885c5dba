/* The errno table of the contract. */
#include "status.h"

static const struct {
	int		 errnum;
	int		 http;
	const char	*msg;
} table[ST__MAX] = {
	[ST_OK] =		{ 0, 200, "success" },
	[ST_USERNAME_USED] =	{ 1000, 409, "username has been used" },
	[ST_PWD_UNMATCH] =	{ 1001, 400, "password unmatch" },
	[ST_WRONG_LOGIN] =	{ 1002, 401, "wrong username or password" },
	[ST_LOGIN_FIRST] =	{ 1003, 401, "please login first" },
	[ST_DENIED] =		{ 1004, 403, "permission denied" },
	[ST_NOT_FOUND] =	{ 1005, 404, "not found" },
	[ST_INVALID] =		{ 1006, 400, "invalid parameter" },
	[ST_EMAIL_USED] =	{ 1007, 409, "email has been used" },
	[ST_WRONG_CODE] =	{ 1008, 400, "wrong or expired code" },
	[ST_THROTTLED] =	{ 1009, 429, "too many requests" },
	[ST_DISABLED] =		{ 1010, 403, "account disabled" },
	[ST_BAD_TOKEN] =	{ 1011, 401, "invalid or expired token" },
	[ST_TOO_LARGE] =	{ 1012, 413, "payload too large" },
	[ST_MEDIA_TYPE] =	{ 1012, 415, "unsupported media type" },
	[ST_METHOD] =		{ 1013, 405, "method not allowed" },
	[ST_CONFLICT] =		{ 1014, 409, "conflict" },
	[ST_CROSS_SITE] =	{ 1015, 403, "cross-site request refused" },
	[ST_LENGTH_REQUIRED] =	{ 1006, 411, "length required" },
	[ST_BAD_REF] =		{ 1006, 400, "invalid parameter" },
	[ST_RANGE] =		{ 1006, 416, "range not satisfiable" },
	[ST_INTERNAL] =		{ 1500, 500, "internal error" },
	[ST_UNAVAILABLE] =	{ 1503, 503, "service unavailable" },
	[ST_BUSY] =		{ 1503, 503, "service unavailable" },
};

static enum status
clamp(enum status s)
{
	return (unsigned)s < ST__MAX ? s : ST_INTERNAL;
}

int
st_errno(enum status s)
{
	return table[clamp(s)].errnum;
}

int
st_http(enum status s)
{
	return table[clamp(s)].http;
}

const char *
st_msg(enum status s)
{
	return table[clamp(s)].msg;
}
