/* application/x-www-form-urlencoded bodies and query strings, and the
 * param list every body encoding fills. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "req.h"
#include "status.h"

/* [A-Za-z][A-Za-z0-9_]*: native names are lower case, and older
 * clients (dialects) send names such as oldPassword. */
static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > REQ_MAX_NAME || !letter(s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!(letter(s[i]) || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return 0;
	return 1;
}

static char *
dup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

int
plist_add(struct plist *pl, const char *name, size_t namesz,
    const char *val, size_t valsz, enum ptype type, const char *filename)
{
	struct param *p;

	if (!name_ok(name, namesz) || pl->n >= REQ_MAX_PARAMS)
		return ST_INVALID;
	if (pl->p == NULL &&
	    (pl->p = calloc(REQ_MAX_PARAMS, sizeof(*pl->p))) == NULL)
		return ST_INTERNAL;
	p = &pl->p[pl->n];
	p->name = dup(name, namesz);
	p->val = dup(val, valsz);
	p->valsz = valsz;
	p->type = type;
	p->filename = filename != NULL ? strdup(filename) : NULL;
	if (p->name == NULL || p->val == NULL ||
	    (filename != NULL && p->filename == NULL)) {
		free(p->name);
		free(p->val);
		free(p->filename);
		return ST_INTERNAL;
	}
	pl->n++;
	return ST_OK;
}

void
plist_free(struct plist *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++) {
		free(pl->p[i].name);
		free(pl->p[i].val);
		free(pl->p[i].filename);
	}
	free(pl->p);
	pl->p = NULL;
	pl->n = 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) in place into out; returns the length or -1. */
static long
decode(const char *s, size_t n, char *out)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] != '%')
			out[o++] = s[i];
		else {
			if (i + 2 >= n)
				return -1;
			if ((hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return -1;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		}
	}
	return (long)o;
}

/* Parses name=value pairs; with lenient, pairs whose name is not one we
 * could have declared (cache busters such as _=123) are skipped instead
 * of refused. */
static int
urlencoded(const char *s, size_t sz, struct plist *pl, int lenient)
{
	const char	*p = s, *end = s + sz, *amp, *eq;
	char		*buf;
	long		 nl, vl;
	int		 rc = ST_OK;

	if ((buf = malloc(sz + 1)) == NULL)
		return ST_INTERNAL;
	while (p < end && rc == ST_OK) {
		if ((amp = memchr(p, '&', end - p)) == NULL)
			amp = end;
		if (amp == p) {		/* "a=1&&b=2" */
			p++;
			continue;
		}
		if ((eq = memchr(p, '=', amp - p)) == NULL)
			eq = amp;
		nl = decode(p, eq - p, buf);
		if (lenient && (nl < 0 || !name_ok(buf, (size_t)nl))) {
			p = amp + 1;
			continue;
		}
		if (nl < 0) {
			rc = ST_INVALID;
			break;
		}
		/* the value is decoded after the name in the same buffer */
		vl = eq < amp ? decode(eq + 1, amp - eq - 1, buf + nl) : 0;
		if (vl < 0)
			rc = ST_INVALID;
		else
			rc = plist_add(pl, buf, nl, buf + nl, vl, PT_STRING,
			    NULL);
		p = amp + 1;
	}
	free(buf);
	return rc;
}

int
req_parse_urlencoded(const char *s, size_t sz, struct plist *pl)
{
	return urlencoded(s, sz, pl, 0);
}

int
req_parse_query(const char *s, size_t sz, struct plist *pl)
{
	return urlencoded(s, sz, pl, 1);
}
