/* The one place responses are written: status, the contract's fixed
 * headers, cookies, and the JSON envelope or a file's bytes.  No header
 * value we write may carry CR or LF. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <json-c/json.h>

#include "resp.h"
#include "status.h"
#include "str.h"

static const char *
reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 201: return "Created";
	case 206: return "Partial Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 416: return "Range Not Satisfiable";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	r->file.fd = -1;
}

int
resp_header(struct resp *r, const char *name, const char *value)
{
	size_t	 n;
	char	*line;

	if (r->nheaders >= RESP_MAX_HEADERS ||
	    strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return -1;
	n = strlen(name) + strlen(value) + 3;
	if ((line = malloc(n)) == NULL)
		return -1;
	snprintf(line, n, "%s: %s", name, value);
	r->headers[r->nheaders++] = line;
	return 0;
}

void
resp_field_error(struct resp *r, const char *name, const char *msg)
{
	if (r->fields == NULL)
		r->fields = json_object_new_object();
	json_object_object_add(r->fields, name, json_object_new_string(msg));
}

int
resp_cookie(struct resp *r, const char *name, const char *value,
    const char *path, const char *samesite, long max_age, int secure)
{
	char buf[512];
	int n;

	/* Our cookie values are base64url tokens: nothing to escape. */
	if (strpbrk(value, ";, \"\\") != NULL)
		return -1;
	n = snprintf(buf, sizeof(buf), "%s=%s; Path=%s; HttpOnly; "
	    "SameSite=%s%s", name, value, path, samesite,
	    secure ? "; Secure" : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	if (max_age == 0)
		snprintf(buf + n, sizeof(buf) - n, "; Max-Age=0; "
		    "Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	else if (max_age > 0)
		snprintf(buf + n, sizeof(buf) - n, "; Max-Age=%ld", max_age);
	return resp_header(r, "Set-Cookie", buf);
}

void
resp_file(struct resp *r, int fd, int64_t size, int64_t mtime,
    const char *mime, const char *etag_seed, enum cache cache)
{
	if (r->file.fd >= 0)
		close(r->file.fd);
	r->file.fd = fd;
	r->file.size = size;
	r->file.mtime = mtime;
	snprintf(r->file.mime, sizeof(r->file.mime), "%s", mime);
	r->file.cache = cache;
	/* stored names are random and never rewritten: name and size
	 * identify the bytes */
	snprintf(r->file.etag, sizeof(r->file.etag), "\"%.48s-%llx\"",
	    etag_seed, (unsigned long long)size);
}

int
resp_file_xsendfile(struct resp *r, const char *path)
{
	free(r->file.xsendfile);
	if (path[0] != '/' || strpbrk(path, "\r\n") != NULL ||
	    (r->file.xsendfile = strdup(path)) == NULL) {
		r->file.xsendfile = NULL;
		return -1;
	}
	return 0;
}

/* RFC 5987 attr-char: sent as it is in filename*, all else %XX. */
static int
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c) != NULL;
}

int
resp_disposition(struct resp *r, const char *type, const char *name)
{
	const unsigned char	*p;
	char			*v, *a, *e;
	size_t			 n;
	int			 rc;

	if (name == NULL || *name == '\0')
		return resp_header(r, "Content-Disposition", type);
	n = strlen(name);
	if ((v = malloc(strlen(type) + 4 * n + 48)) == NULL)
		return -1;
	a = v + sprintf(v, "%s; filename=\"", type);
	/* the fallback: printable ASCII but quote, backslash and percent
	 * (which some agents decode), one '_' per other character */
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if ((*p & 0xc0) == 0x80)
			continue;
		else if (*p >= 0x20 && *p < 0x7f && !strchr("\"\\%", *p))
			*a++ = (char)*p;
		else
			*a++ = '_';
	e = a + sprintf(a, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		e += attr_char(*p) ? sprintf(e, "%c", *p) :
		    sprintf(e, "%%%02X", *p);
	rc = resp_header(r, "Content-Disposition", v);
	free(v);
	return rc;
}

static void
status_line(FILE *out, struct resp *r, int code, const char *ctype,
    const char *cache)
{
	size_t i;

	fprintf(out, "Status: %d %s\r\n", code, reason(code));
	if (ctype != NULL)
		fprintf(out, "Content-Type: %s\r\n", ctype);
	fprintf(out, "Cache-Control: %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n", cache);
	for (i = 0; i < r->nheaders; i++)
		fprintf(out, "%s\r\n", r->headers[i]);
}

static void
write_json(FILE *out, struct resp *r, int code, struct json_object *o)
{
	const char *body;

	body = o == NULL ? "{}" : json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	status_line(out, r, code, "application/json; charset=utf-8",
	    "no-store");
	fprintf(out, "Content-Length: %zu\r\n\r\n%s\n", strlen(body) + 1,
	    body);
}

void
resp_send_json(FILE *out, struct resp *r, int http, struct json_object *body)
{
	write_json(out, r, http, body);
	fflush(out);
	resp_free(r);
}

static void
send_json(FILE *out, struct resp *r, int st)
{
	struct json_object	*o = json_object_new_object();
	int			 code = st_http(st);

	if (st == ST_OK && r->created)
		code = 201;
	json_object_object_add(o, "errno", json_object_new_int(st_errno(st)));
	json_object_object_add(o, "msg", json_object_new_string(
	    st == ST_OK && r->msg != NULL ? r->msg : st_msg(st)));
	if (st == ST_OK && r->data != NULL) {
		json_object_object_add(o, "data", r->data);
		r->data = NULL;
	}
	if (st != ST_OK && r->fields != NULL) {
		json_object_object_add(o, "fields", r->fields);
		r->fields = NULL;
	}
	write_json(out, r, code, o);
	json_object_put(o);
}

/* 1 if the If-None-Match list names etag (weak comparison), or is "*". */
static int
etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag), k;

	while (*list != '\0') {
		list += strspn(list, " \t,");
		if (*list == '*')
			return 1;
		if (strncmp(list, "W/", 2) == 0)
			list += 2;
		k = strcspn(list, " \t,");
		if (k == n && memcmp(list, etag, n) == 0)
			return 1;
		list += k;
	}
	return 0;
}

/* A single "bytes=" range of a size-byte file into [*first, *last]:
 * 1 when satisfiable, 0 when not (416), -1 when the header is to be
 * ignored (not bytes, several ranges, malformed: send the whole file). */
static int
byte_range(const char *h, int64_t size, int64_t *first, int64_t *last)
{
	const char	*dash;
	char		 a[24], b[24];
	int64_t		 x, y;
	size_t		 la, lb;

	if (strncasecmp(h, "bytes=", 6) != 0 || strchr(h, ',') != NULL ||
	    (dash = strchr(h + 6, '-')) == NULL)
		return -1;
	h += 6;
	la = dash - h;
	lb = strlen(dash + 1);
	if (la >= sizeof(a) || lb >= sizeof(b) || (la == 0 && lb == 0))
		return -1;
	memcpy(a, h, la);
	a[la] = '\0';
	memcpy(b, dash + 1, lb);
	b[lb] = '\0';
	if ((la > 0 && (a[0] == '-' || parse_int(a, 0, INT64_MAX, &x) != 0)) ||
	    (lb > 0 && (b[0] == '-' || parse_int(b, 0, INT64_MAX, &y) != 0)))
		return -1;
	if (la == 0) {			/* suffix: the last y bytes */
		if (y == 0 || size == 0)
			return 0;
		*first = y >= size ? 0 : size - y;
		*last = size - 1;
		return 1;
	}
	if (lb > 0 && y < x)
		return -1;
	if (x >= size)
		return 0;
	*first = x;
	*last = lb == 0 || y >= size ? size - 1 : y;
	return 1;
}

static int
copy(int fd, FILE *out, int64_t off, int64_t len)
{
	char	 buf[65536];
	off_t	 o = off;
	ssize_t	 k;
	int	 ofd = fileno(out);

	/* The web server reads our stdout through a pipe, 64 KiB by
	 * default: a larger one takes a big file in fewer rounds (the soak
	 * test's downloads).  Not a pipe, or not allowed: no matter. */
	if (len > 65536)
		(void)fcntl(ofd, F_SETPIPE_SZ, 1 << 20);
	while (len > 0) {
		k = sendfile(ofd, fd, &o, len > (1 << 30) ? 1 << 30 : len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len -= k;
	}
	if (len > 0 && lseek(fd, o, SEEK_SET) == o)	/* no sendfile */
		while (len > 0 && (k = read(fd, buf, len < (int64_t)sizeof(buf)
		    ? (size_t)len : sizeof(buf))) > 0) {
			if (fwrite(buf, 1, k, out) != (size_t)k)
				return -1;
			len -= k;
		}
	fflush(out);
	return len == 0 ? 0 : -1;
}

static void
send_file(FILE *out, struct resp *r, const struct resp_cond *c)
{
	static const char *const cache[] = {
		[CACHE_PRIVATE] = "private, no-cache",
		[CACHE_PUBLIC] = "public, no-cache",
		[CACHE_IMMUTABLE] = "public, max-age=31536000, immutable",
	};
	struct resp_file	*f = &r->file;
	char			 date[32];
	int64_t			 first = 0, last = f->size - 1;
	int			 code = 200, rng = -1;

	http_date(f->mtime, date);
	if (c->if_none_match != NULL && etag_listed(c->if_none_match, f->etag))
		code = 304;
	else if (c->range != NULL && (c->if_range == NULL ||
	    strcmp(c->if_range, f->etag) == 0) &&
	    (rng = byte_range(c->range, f->size, &first, &last)) >= 0)
		code = rng ? 206 : 416;
	if (code == 416) {	/* an error: the JSON envelope */
		snprintf(date, sizeof(date), "bytes */%lld",
		    (long long)f->size);
		resp_header(r, "Content-Range", date);
		send_json(out, r, ST_RANGE);
		return;
	}
	status_line(out, r, code, code == 304 ? NULL : f->mime,
	    cache[f->cache]);
	fprintf(out, "ETag: %s\r\nLast-Modified: %s\r\n"
	    "Accept-Ranges: bytes\r\n", f->etag, date);
	if (code == 200 && !c->head && f->xsendfile != NULL) {
		/* the server sends the bytes, and their length */
		fprintf(out, "X-Sendfile: %s\r\n\r\n", f->xsendfile);
		fflush(out);
		return;
	}
	if (code == 206)
		fprintf(out, "Content-Range: bytes %lld-%lld/%lld\r\n",
		    (long long)first, (long long)last, (long long)f->size);
	if (code == 200 || code == 206)
		fprintf(out, "Content-Length: %lld\r\n\r\n",
		    (long long)(last - first + 1));
	if (code == 304)
		fputs("\r\n", out);
	fflush(out);
	if ((code == 200 || code == 206) && !c->head && f->size > 0)
		(void)copy(f->fd, out, first, last - first + 1);
}

void
resp_send(FILE *out, struct resp *r, int st, const struct resp_cond *cond)
{
	static const struct resp_cond none;

	if (st == ST_OK && r->file.fd >= 0)
		send_file(out, r, cond != NULL ? cond : &none);
	else
		send_json(out, r, st);
	fflush(out);
	resp_free(r);
}

void
resp_free(struct resp *r)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	r->nheaders = 0;
	json_object_put(r->data);
	json_object_put(r->fields);
	r->data = r->fields = NULL;
	if (r->file.fd >= 0)
		close(r->file.fd);
	r->file.fd = -1;
	free(r->file.xsendfile);
	r->file.xsendfile = NULL;
}
