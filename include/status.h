/* Outcome of every library call: 0 is success, anything else maps to one
 * row of the contract's errno table (see resp.c for errno, HTTP and msg). */
#ifndef ACCOUNTS_STATUS_H
#define ACCOUNTS_STATUS_H

enum status {
	ST_OK = 0,
	ST_USERNAME_USED,	/* 1000 409 */
	ST_PWD_UNMATCH,		/* 1001 400 */
	ST_WRONG_LOGIN,		/* 1002 401 */
	ST_LOGIN_FIRST,		/* 1003 401 */
	ST_DENIED,		/* 1004 403 */
	ST_NOT_FOUND,		/* 1005 404 */
	ST_INVALID,		/* 1006 400 */
	ST_EMAIL_USED,		/* 1007 409 */
	ST_WRONG_CODE,		/* 1008 400 */
	ST_THROTTLED,		/* 1009 429 */
	ST_DISABLED,		/* 1010 403 */
	ST_BAD_TOKEN,		/* 1011 401 */
	ST_TOO_LARGE,		/* 1012 413 */
	ST_MEDIA_TYPE,		/* 1012 415 */
	ST_METHOD,		/* 1013 405 */
	ST_CONFLICT,		/* 1014 409 */
	ST_CROSS_SITE,		/* 1015 403 */
	ST_LENGTH_REQUIRED,	/* 1006 411 */
	ST_BAD_REF,		/* 1006 400: a referenced id does not exist */
	ST_RANGE,		/* 1006 416: Range not satisfiable */
	ST_INTERNAL,		/* 1500 500 */
	ST_UNAVAILABLE,		/* 1503 503: database missing or wrong */
	ST_BUSY,		/* 1503 503: write lock not had in time */
	ST__MAX
};

/* Contract errno, HTTP status and message of a status. */
int		 st_errno(enum status);
int		 st_http(enum status);
const char	*st_msg(enum status);

#endif
