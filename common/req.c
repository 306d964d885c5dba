/* The CGI request from the environment and stdin: method, path, headers,
 * cookies, query string, and the capped, strictly checked body. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"
#include "req.h"
#include "status.h"
#include "str.h"

#define REQ_PIPE_SIZE	(1024 * 1024)

static const char *const methods[M__MAX] = {
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "OTHER"
};

const char *
method_name(enum method m)
{
	return (unsigned)m < M__MAX ? methods[m] : "OTHER";
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? v : "";
}

const char *
req_header(const char *envname)
{
	const char *v = getenv(envname);

	return v != NULL && *v != '\0' ? v : NULL;
}

int
req_init(struct req *r)
{
	const char	*m, *q;
	int		 i;

	memset(r, 0, sizeof(*r));
	/* httpoxy: a client's "Proxy:" header must not become our proxy */
	unsetenv("HTTP_PROXY");
	m = env("REQUEST_METHOD");
	r->method = M_OTHER;
	for (i = 0; i < M_OTHER; i++)
		if (strcmp(m, methods[i]) == 0)
			r->method = i;
	r->method_name = m;
	r->path_info = env("PATH_INFO");
	r->remote_addr = env("REMOTE_ADDR");
	r->user_agent = env("HTTP_USER_AGENT");
	r->ctype = req_header("CONTENT_TYPE");
	r->https = strcasecmp(env("HTTPS"), "on") == 0 ||
	    strcmp(env("HTTPS"), "1") == 0 ||
	    strcasecmp(env("REQUEST_SCHEME"), "https") == 0;
	q = env("QUERY_STRING");
	return req_parse_query(q, strlen(q), &r->query);
}

/* Media type of a Content-Type, lower-cased, without parameters. */
static int
media_is(const char *ctype, const char *type)
{
	size_t n = strlen(type);

	return strncasecmp(ctype, type, n) == 0 &&
	    (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Only UTF-8 (or no charset) is accepted for text bodies. */
static int
charset_ok(const char *ctype)
{
	const char *p = strcasestr(ctype, "charset=");

	if (p == NULL)
		return 1;
	p += strlen("charset=");
	if (*p == '"')
		p++;
	return strncasecmp(p, "utf-8", 5) == 0 &&
	    (p[5] == '\0' || p[5] == '"' || p[5] == ';' || p[5] == ' ');
}

int
req_parse_body(const char *ctype, const char *body, size_t sz,
    struct plist *pl)
{
	if (media_is(ctype, "application/x-www-form-urlencoded"))
		return charset_ok(ctype) ?
		    req_parse_urlencoded(body, sz, pl) : ST_MEDIA_TYPE;
	if (media_is(ctype, "application/json"))
		return charset_ok(ctype) ?
		    req_parse_json(body, sz, pl) : ST_MEDIA_TYPE;
	if (media_is(ctype, "multipart/form-data"))
		return req_parse_multipart(ctype, body, sz, pl);
	return ST_MEDIA_TYPE;
}

/* CONTENT_LENGTH: digits only, no sign or space, not beyond max. */
static int
content_length(const char *s, size_t max, size_t *out)
{
	size_t n = 0;

	if (*s == '\0')
		return ST_INVALID;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return ST_INVALID;
		if (n > max)
			return ST_TOO_LARGE;
		n = n * 10 + (size_t)(*s - '0');
	}
	if (n > max)
		return ST_TOO_LARGE;
	*out = n;
	return ST_OK;
}

/* The announced body: ST_OK with *n its length (0: none), or why it is
 * refused before reading. */
static int
announced(const struct req *r, size_t max, size_t *n)
{
	const char	*cl = req_header("CONTENT_LENGTH");
	int		 rc;

	*n = 0;
	if (cl == NULL) {
		/* A body is announced by its type; without a length we
		 * cannot know where it ends. */
		if (r->ctype != NULL && (r->method == M_POST ||
		    r->method == M_PUT || r->method == M_PATCH))
			return ST_LENGTH_REQUIRED;
		return ST_OK;
	}
	if ((rc = content_length(cl, max, n)) != ST_OK || *n == 0)
		return rc;
	if (r->ctype == NULL)
		return ST_MEDIA_TYPE;
	if (!media_is(r->ctype, "application/x-www-form-urlencoded") &&
	    !media_is(r->ctype, "application/json") &&
	    !media_is(r->ctype, "multipart/form-data"))
		return ST_MEDIA_TYPE;
	return ST_OK;
}

int
req_body_announced(const struct req *r, size_t max)
{
	size_t n;

	return announced(r, max, &n);
}

/* Reads the whole body of n bytes into r->raw and parses it. */
static int
read_whole(struct req *r, size_t n)
{
	size_t	 got = 0;
	ssize_t	 k;

	if ((r->raw = malloc(n + 1)) == NULL)
		return ST_INTERNAL;
	while (got < n) {
		k = read(STDIN_FILENO, r->raw + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return ST_INVALID;	/* short read: truncated */
		got += (size_t)k;
	}
	r->raw[n] = '\0';
	r->rawsz = n;
	return req_parse_body(r->ctype, r->raw, n, &r->body);
}

int
req_body(struct req *r, size_t max)
{
	size_t	n;
	int	rc;

	if ((rc = announced(r, max, &n)) != ST_OK || n == 0)
		return rc;
	return read_whole(r, n);
}

/* stdin for the streaming parser: a client that sends nothing for
 * REQ_IDLE_SECONDS is gone as far as we are concerned (a truncated
 * body), however long the server would wait. */
static ssize_t
read_stdin(void *arg, void *buf, size_t n)
{
	struct pollfd	 pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	ssize_t		 k;
	int		 rc;

	(void)arg;
	for (;;) {
		rc = poll(&pfd, 1, REQ_IDLE_SECONDS * 1000);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return -1;
		if ((k = read(STDIN_FILENO, buf, n)) < 0 && errno == EINTR)
			continue;
		return k;
	}
}

int
req_body_stream(struct req *r, size_t max, size_t max_fields,
    struct req_sink *sink)
{
	size_t	n;
	int	rc;

	if ((rc = announced(r, max, &n)) != ST_OK || n == 0)
		return rc;
	if (!media_is(r->ctype, "multipart/form-data"))
		return n > max_fields ? ST_TOO_LARGE : read_whole(r, n);
	/* From a pipe: a larger one lets the server write, and us read,
	 * in fewer and bigger pieces (fails harmlessly on anything else). */
	(void)fcntl(STDIN_FILENO, F_SETPIPE_SZ, REQ_PIPE_SIZE);
	return req_parse_multipart_stream(r->ctype, read_stdin, NULL, n,
	    max_fields, sink, &r->body, &r->rawsz);
}

void
req_drain(const struct req *r, size_t cap)
{
	const char	*cl = req_header("CONTENT_LENGTH");
	char		 buf[16384];
	size_t		 left;
	ssize_t		 k;

	if (cl == NULL || content_length(cl, cap, &left) != ST_OK ||
	    left <= r->rawsz)
		return;
	left -= r->rawsz;
	/* The answer is out already: a client too slow to send the rest
	 * ends the process rather than holding it. */
	alarm(DRAIN_SECONDS);
	while (left > 0 && (k = read(STDIN_FILENO, buf, left < sizeof(buf) ?
	    left : sizeof(buf))) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return;
		left -= (size_t)k;
	}
}

int
req_cookie(const char *name, char *buf, size_t bufsz)
{
	const char	*p = req_header("HTTP_COOKIE"), *end, *eq;
	size_t		 nl = strlen(name), vl;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		end = p + strcspn(p, ";");
		eq = memchr(p, '=', end - p);
		if (eq != NULL && (size_t)(eq - p) == nl &&
		    memcmp(p, name, nl) == 0) {
			vl = end - eq - 1;
			while (vl > 0 && eq[vl] == ' ')
				vl--;
			if (vl >= bufsz) {
				if (bufsz > 0)
					buf[0] = '\0';
				return -2;
			}
			memcpy(buf, eq + 1, vl);
			buf[vl] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

int
req_path_ids(const struct req *r, int64_t *ids, size_t max, size_t *n)
{
	const char	*p = r->path_info;
	char		 seg[24];
	size_t		 len;

	*n = 0;
	for (;;) {
		p += strspn(p, "/");
		if ((len = strcspn(p, "/")) == 0)
			return 0;
		/* digits only, no leading zero, no sign */
		if (*n == max || len >= sizeof(seg) || p[0] == '0' ||
		    strspn(p, "0123456789") != len)
			return -1;
		memcpy(seg, p, len);
		seg[len] = '\0';
		if (parse_int(seg, 1, INT64_MAX, &ids[(*n)++]) != 0)
			return -1;
		p += len;
	}
}

void
req_free(struct req *r)
{
	plist_free(&r->query);
	plist_free(&r->body);
	free(r->raw);
	r->raw = NULL;
}
