/* The one response writer: status line, fixed security headers, cookies,
 * and either the contract's JSON envelope {errno, msg, data | fields} or
 * a file's bytes (with ETag, 304 and single ranges).  Handlers fill a
 * struct resp; the frame (cgi.c) sends it once. */
#ifndef ACCOUNTS_RESP_H
#define ACCOUNTS_RESP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

#define RESP_MAX_HEADERS 12

/* How a file answer may be cached.  JSON answers are always no-store. */
enum cache {
	CACHE_PRIVATE,		/* private, no-cache: revalidate (ETag) */
	CACHE_PUBLIC,		/* public, no-cache */
	CACHE_IMMUTABLE		/* public, a year: the URL names the content */
};

/* A file body: sent by the frame, which owns fd from then on. */
struct resp_file {
	int		 fd;		/* -1: no file, the answer is JSON */
	int64_t		 size;
	int64_t		 mtime;
	char		 mime[128];
	char		 etag[72];	/* strong, quoted */
	enum cache	 cache;
	char		*xsendfile;	/* owned: the file's absolute path
					 * for the web server, or NULL */
};

struct resp {
	int			 created;	/* 201 instead of 200 */
	const char		*msg;		/* success message */
	struct json_object	*data;		/* owned; may be NULL */
	struct json_object	*fields;	/* owned; error details */
	char			*headers[RESP_MAX_HEADERS]; /* owned lines */
	size_t			 nheaders;
	struct resp_file	 file;
};

/* What the request asked of a file answer. */
struct resp_cond {
	const char	*if_none_match;	/* NULL when absent */
	const char	*range;		/* NULL when absent */
	const char	*if_range;	/* NULL when absent */
	int		 head;		/* HEAD: headers only */
};

void	resp_init(struct resp *r);

/* Adds "Name: value"; refuses (returns -1) any CR, LF or NUL, and a full
 * table.  The copy is owned by r. */
int	resp_header(struct resp *r, const char *name, const char *value);

/* Adds {name: msg} to the error details (fields) of the response. */
void	resp_field_error(struct resp *r, const char *name, const char *msg);

/* Set-Cookie helpers.  max_age < 0 omits Max-Age; 0 clears the cookie. */
int	resp_cookie(struct resp *r, const char *name, const char *value,
	    const char *path, const char *samesite, long max_age, int secure);

/* Makes the answer the file open on fd (size bytes, modified at mtime)
 * of type mime (copied); etag_seed (a stored name) makes its strong ETag.  The
 * response owns fd. */
void	resp_file(struct resp *r, int fd, int64_t size, int64_t mtime,
	    const char *mime, const char *etag_seed, enum cache cache);

/* Has the web server send the file of a 200 answer itself (X-Sendfile,
 * path absolute) rather than the program copying it; 206, 304, 416 and
 * HEAD answers are still the program's. */
int	resp_file_xsendfile(struct resp *r, const char *path);

/* Content-Disposition: TYPE ("inline" or "attachment") with filename
 * (UTF-8), as RFC 6266 has it: an ASCII fallback in filename= and the
 * whole name in filename*=UTF-8''...; none when filename is NULL or "". */
int	resp_disposition(struct resp *r, const char *type,
	    const char *filename);

/* Writes the whole response for status st to out and frees r's parts:
 * the JSON envelope, or, when st is ST_OK and a file was set, the file
 * (200, 206, 304 or 416 as cond asks). */
void	resp_send(FILE *out, struct resp *r, int st,
	    const struct resp_cond *cond);

/* Writes a JSON answer with HTTP status http and body (borrowed), with
 * the fixed headers and r's, and frees r's parts: for dialects, whose
 * envelopes differ. */
void	resp_send_json(FILE *out, struct resp *r, int http,
	    struct json_object *body);

void	resp_free(struct resp *r);

#endif
