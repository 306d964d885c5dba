/* The one place responses are written: status, the contract's fixed
 * headers, cookies, and the JSON envelope.  No header value we write may
 * carry CR or LF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "resp.h"
#include "status.h"

static const char *
reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 201: return "Created";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
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

static void
headers(FILE *out, struct resp *r, int code, const char *ctype)
{
	size_t i;

	fprintf(out, "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n",
	    code, reason(code), ctype);
	for (i = 0; i < r->nheaders; i++)
		fprintf(out, "%s\r\n", r->headers[i]);
}

void
resp_send(FILE *out, struct resp *r, int st)
{
	struct json_object	*o = json_object_new_object();
	const char		*body;
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
	body = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	headers(out, r, code, "application/json; charset=utf-8");
	fprintf(out, "Content-Length: %zu\r\n\r\n%s\n", strlen(body) + 1,
	    body);
	fflush(out);
	json_object_put(o);
	resp_free(r);
}

void
resp_send_bytes(FILE *out, struct resp *r, const char *mime,
    const void *buf, size_t sz)
{
	headers(out, r, 200, mime);
	fprintf(out, "Content-Length: %zu\r\n\r\n", sz);
	fwrite(buf, 1, sz, out);
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
}
