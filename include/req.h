/* The CGI request: method, path info, headers, cookies, query string and a
 * body in any of the three accepted encodings, parsed into one param list. */
#ifndef ACCOUNTS_REQ_H
#define ACCOUNTS_REQ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
	int		 spooled;	/* PT_FILE streamed to a req_sink: val
					 * is "", valsz counts the bytes */
	int		 nested;	/* a member of the JSON body's
					 * REQ_NESTED object */
};

/* The JSON member whose object's members count as top-level fields
 * ({"profile": {"age": 3}} is {"age": 3}); they are marked nested, for
 * dialects whose documents tell the two apart (dialect.h). */
#define REQ_NESTED	"profile"

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

/* Where the file of a streamed multipart body goes: the first file part
 * named field is handed to write() piece by piece as it is read, never
 * held whole; any other part stays in memory.  max() is asked when that
 * part begins, with the fields parsed so far (so that a field sent
 * before the file can choose its limit); more bytes than it allows are
 * ST_TOO_LARGE.  open, write and max return a status / a size. */
struct req_sink {
	const char	*field;
	size_t		(*max)(void *arg, const struct plist *so_far);
	int		(*open)(void *arg);
	int		(*write)(void *arg, const void *buf, size_t n);
	void		*arg;
	/* (chat) when set, which part names are the sink's field (a
	 * dialect's names for it) instead of field */
	int		(*match)(void *arg, const char *name);
};

/* The source of a streamed body, with read()'s contract: bytes read, 0
 * at end of input, -1 on an error. */
typedef ssize_t	(*req_reader)(void *arg, void *buf, size_t n);

/* Parses a multipart body of exactly len bytes from rd in a buffer of
 * fixed size: the sink's part goes to sink (it appears in pl as a
 * spooled PT_FILE), the other parts' values, together at most
 * max_fields bytes, into pl.  *consumed gets the bytes read.  ST_OK,
 * ST_INVALID (malformed, truncated), ST_TOO_LARGE, or what the sink
 * returned. */
int	 req_parse_multipart_stream(const char *ctype, req_reader rd,
	    void *rdarg, size_t len, size_t max_fields, struct req_sink *sink,
	    struct plist *pl, size_t *consumed);

/* The checks req_body makes before reading (Content-Length against max,
 * Content-Type), without reading: ST_OK also for no body. */
int	 req_body_announced(const struct req *r, size_t max);

/* Reads the body of a route taking a big file: at most max bytes in
 * all, multipart bodies streamed (req_parse_multipart_stream, a read
 * that stays idle for REQ_IDLE_SECONDS being a truncation), others
 * read whole within max_fields.  Statuses as req_body's. */
#define REQ_IDLE_SECONDS	60
int	 req_body_stream(struct req *r, size_t max, size_t max_fields,
	    struct req_sink *sink);

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
