/* The one response writer: status line, fixed security headers, cookies and
 * the contract's JSON envelope {errno, msg, data | fields}. */
#ifndef ACCOUNTS_RESP_H
#define ACCOUNTS_RESP_H

#include <stddef.h>
#include <stdio.h>

struct json_object;

#define RESP_MAX_HEADERS 8

struct resp {
	int			 created;	/* 201 instead of 200 */
	const char		*msg;		/* success message */
	struct json_object	*data;		/* owned; may be NULL */
	struct json_object	*fields;	/* owned; error details */
	char			*headers[RESP_MAX_HEADERS]; /* owned lines */
	size_t			 nheaders;
};

/* Adds "Name: value"; refuses (returns -1) any CR, LF or NUL, and a full
 * table.  The copy is owned by r. */
int	resp_header(struct resp *r, const char *name, const char *value);

/* Set-Cookie helpers.  max_age < 0 omits Max-Age; 0 clears the cookie. */
int	resp_cookie(struct resp *r, const char *name, const char *value,
	    const char *path, const char *samesite, long max_age, int secure);

/* Writes the whole response for status st to out and frees r's parts. */
void	resp_send(FILE *out, struct resp *r, int st);

/* Writes a non-JSON body (file download) with the given headers. */
void	resp_send_bytes(FILE *out, struct resp *r, const char *mime,
	    const void *buf, size_t sz);

void	resp_free(struct resp *r);

#endif
