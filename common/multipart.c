/* multipart/form-data bodies (RFC 7578): every part needs a
 * Content-Disposition with a name; parts with a filename become files.
 * The client's filename and Content-Type are kept but never trusted. */
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "req.h"
#include "status.h"

#define MP_MAX_BOUNDARY	70	/* RFC 2046 */
#define MP_MAX_HEADERS	1024	/* bytes of one part's header block */

/* Copies the boundary parameter of ctype into b; 0 on success. */
static int
boundary(const char *ctype, char *b, size_t bsz)
{
	const char	*p = strcasestr(ctype, "boundary=");
	size_t		 n;

	if (p == NULL)
		return -1;
	p += strlen("boundary=");
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
		if (p[n] != '"')
			return -1;
	} else
		n = strcspn(p, "; \t");
	if (n == 0 || n > MP_MAX_BOUNDARY || n + 1 > bsz)
		return -1;
	memcpy(b, p, n);
	b[n] = '\0';
	return 0;
}

static const char *
memmem_s(const char *hay, size_t n, const char *needle, size_t m)
{
	return memmem(hay, n, needle, m);
}

/* Walks the parameters of a Content-Disposition value (p..end, after
 * "form-data"), honouring quotes, and copies name and filename out.
 * Returns 0 when the syntax holds and a name was found. */
static int
disposition(const char *p, const char *end, char *name, size_t namesz,
    char *fname, size_t fnamesz, int *isfile)
{
	const char	*key, *val;
	size_t		 kl, vl;
	int		 quoted;

	name[0] = '\0';
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		if (*p++ != ';')
			return -1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (key = p; p < end && *p != '=' && *p != ';'; p++)
			;
		if (p == end || *p != '=')
			return -1;
		kl = p++ - key;
		if ((quoted = p < end && *p == '"'))
			p++;
		for (val = p; p < end && (quoted ? *p != '"' :
		    *p != ';' && *p != ' '); p++)
			;
		if (quoted && p++ == end)
			return -1;
		vl = p - val - quoted;
		if (kl == 4 && strncasecmp(key, "name", 4) == 0) {
			if (name[0] != '\0' || vl == 0 || vl >= namesz)
				return -1;
			memcpy(name, val, vl);
			name[vl] = '\0';
		} else if (kl == 8 && strncasecmp(key, "filename", 8) == 0) {
			if (*isfile || vl >= fnamesz)
				return -1;
			memcpy(fname, val, vl);
			fname[vl] = '\0';
			*isfile = 1;
		}
	}
	return name[0] != '\0' ? 0 : -1;
}

/* Parses the headers of one part (h..hend); sets name and filename.
 * Exactly one Content-Disposition: form-data is required. */
static int
part_headers(const char *h, const char *hend, char *name, size_t namesz,
    char *fname, size_t fnamesz, int *isfile)
{
	const char	*line, *eol, *v;
	int		 seen = 0;

	*isfile = 0;
	for (line = h; line < hend; line = eol + 2) {
		eol = memmem_s(line, hend - line + 2, "\r\n", 2);
		if (eol == NULL || eol > hend)
			eol = hend;
		/* the line is not NUL-terminated: never compare past it */
		if (eol - line < 20 ||
		    strncasecmp(line, "Content-Disposition:", 20) != 0)
			continue;
		for (v = line + 20; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		if (seen++ || eol - v < 9 || strncasecmp(v, "form-data", 9) != 0 ||
		    disposition(v + 9, eol, name, namesz, fname, fnamesz,
		    isfile) != 0)
			return ST_INVALID;
	}
	return seen ? ST_OK : ST_INVALID;
}

int
req_parse_multipart(const char *ctype, const char *s, size_t sz,
    struct plist *pl)
{
	char		 b[MP_MAX_BOUNDARY + 5], name[REQ_MAX_NAME + 1];
	char		 fname[MP_MAX_HEADERS];
	const char	*p, *end = s + sz, *hend, *next;
	size_t		 bl;
	int		 isfile, rc;

	memcpy(b, "\r\n--", 4);
	if (boundary(ctype, b + 4, sizeof(b) - 4) != 0)
		return ST_INVALID;
	bl = strlen(b);
	/* The first delimiter may open the body without a CRLF before it. */
	if (sz >= bl - 2 && memcmp(s, b + 2, bl - 2) == 0)
		p = s + bl - 2;
	else if ((p = memmem_s(s, sz, b, bl)) != NULL)
		p += bl;
	else
		return ST_INVALID;
	for (;;) {
		if (end - p >= 2 && memcmp(p, "--", 2) == 0)
			return ST_OK;	/* close delimiter; epilogue ignored */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || memcmp(p, "\r\n", 2) != 0)
			return ST_INVALID;
		p += 2;
		hend = memmem_s(p, end - p > MP_MAX_HEADERS ? MP_MAX_HEADERS :
		    end - p, "\r\n\r\n", 4);
		next = memmem_s(p, end - p, b, bl);
		if (hend == NULL || next == NULL || next < hend + 2)
			return ST_INVALID;	/* headers run into the next part */
		if ((rc = part_headers(p, hend, name, sizeof(name), fname,
		    sizeof(fname), &isfile)) != ST_OK)
			return rc;
		p = hend + 4;
		if ((next = memmem_s(p, end - p, b, bl)) == NULL)
			return ST_INVALID;	/* truncated */
		rc = plist_add(pl, name, strlen(name), p, next - p,
		    isfile ? PT_FILE : PT_STRING, isfile ? fname : NULL);
		if (rc != ST_OK)
			return rc;
		p = next + bl;
	}
}
