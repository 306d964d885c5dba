/* The CGI request: method, path info, headers, cookies, query string and a
 * body in any of the three accepted encodings, parsed into one param list. */
#ifndef ACCOUNTS_REQ_H
#define ACCOUNTS_REQ_H

#include <stddef.h>
#include <stdint.h>

#define REQ_MAX_PARAMS	64	/* more parameters than this: 400 */
#define REQ_MAX_NAME	64	/* longest parameter name */

enum method {
	M_GET, M_POST, M_PUT, M_PATCH, M_DELETE, M_HEAD, M_OPTIONS,
	M_OTHER, M__MAX
};

enum ptype {
	PT_STRING,	/* urlencoded/multipart values, JSON strings */
	PT_NUMBER,	/* JSON number, val holds its text */
	PT_BOOL,	/* JSON true/false, val is "1" or "0" */
	PT_NULL,	/* JSON null, val is "" */
	PT_OTHER,	/* JSON object or array: never valid */
	PT_FILE		/* multipart part with a filename */
};

struct param {
	char		*name;
	char		*val;		/* NUL-terminated copy (files: raw bytes) */
	size_t		 valsz;		/* bytes in val, excluding the NUL */
	enum ptype	 type;
	char		*filename;	/* PT_FILE: client's name, untrusted */
};

struct plist {
	struct param	*p;
	size_t		 n;
};

struct req {
	enum method	 method;
	const char	*method_name;
	const char	*path_info;	/* "" when absent */
	const char	*remote_addr;	/* "" when absent */
	const char	*user_agent;	/* "" when absent */
	const char	*ctype;		/* CONTENT_TYPE or NULL */
	int		 https;
	struct plist	 query;
	struct plist	 body;
	char		*raw;		/* body bytes as read */
	size_t		 rawsz;
};

/* Reads method, path and headers from the environment, parses the query
 * string and drops HTTP_PROXY.  Returns ST_OK or ST_INVALID. */
int	 req_init(struct req *r);

/* Reads and parses the body of at most max bytes (checked against
 * CONTENT_LENGTH before reading).  Returns ST_OK, ST_TOO_LARGE,
 * ST_MEDIA_TYPE, ST_LENGTH_REQUIRED or ST_INVALID. */
int	 req_body(struct req *r, size_t max);

/* Parses an in-memory body of the given content type into pl; used by
 * req_body and by the unit tests.  Values are copies the caller frees
 * with plist_free. */
int	 req_parse_body(const char *ctype, const char *body, size_t sz,
	    struct plist *pl);
int	 req_parse_urlencoded(const char *s, size_t sz, struct plist *pl);
/* A query string: like urlencoded, but parameters whose names we could
 * not have declared (cache busters such as _=123) are skipped. */
int	 req_parse_query(const char *s, size_t sz, struct plist *pl);
int	 req_parse_json(const char *s, size_t sz, struct plist *pl);
int	 req_parse_multipart(const char *ctype, const char *s, size_t sz,
	    struct plist *pl);
void	 plist_free(struct plist *pl);

/* Reads and drops what the body has left after an early answer (413,
 * 405), at most cap bytes, so the server is not left writing into a
 * closed pipe.  Some servers drop the answer otherwise. */
#define DRAIN_SECONDS	5
void	 req_drain(const struct req *r, size_t cap);

/* Header value (name as in the CGI env, e.g. "HTTP_ORIGIN") or NULL. */
const char *req_header(const char *envname);

/* Value of cookie name from HTTP_COOKIE into buf: 0 if found, -1 if
 * absent, -2 if too long for buf (buf is then ""). */
int	 req_cookie(const char *name, char *buf, size_t bufsz);

/* The ids of PATH_INFO ("/7/9"): every segment must be a positive
 * decimal without a leading zero or sign.  0 with *n ids, or -1 for
 * anything else or more than max. */
int	 req_path_ids(const struct req *r, int64_t *ids, size_t max,
	    size_t *n);

void	 req_free(struct req *r);

const char *method_name(enum method m);

#endif
