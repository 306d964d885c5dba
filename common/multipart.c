/* multipart/form-data bodies (RFC 7578): every part needs a
 * Content-Disposition with a name; parts with a filename become files.
 * The client's filename and Content-Type are kept but never trusted. */
#include <stdlib.h>
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

/* ------------------------------------------------------------------
 * The same grammar on a stream, for bodies too big to hold: a window of
 * MPS_BUF bytes slides over the body.  A part's bytes are passed on as
 * soon as they cannot be the start of the next delimiter, so the window
 * keeps at most the delimiter's length minus one of them back. */

#define MPS_BUF	(256 * 1024)

struct mps {
	req_reader	 rd;
	void		*rdarg;
	size_t		 left;		/* body bytes not read yet */
	size_t		 got;		/* body bytes read */
	char		*buf;
	size_t		 beg, end;	/* unparsed bytes: buf[beg..end) */
	char		 delim[MP_MAX_BOUNDARY + 5];	/* CRLF "--" boundary */
	size_t		 dl;
};

/* Where the bytes of one part go. */
struct mps_out {
	int		(*emit)(struct mps_out *, const char *, size_t);
	size_t		 size;		/* bytes emitted */
	size_t		 max;		/* more is ST_TOO_LARGE */
	struct req_sink	*sink;		/* to the sink, when set */
	char		*mem;		/* else collected here */
	size_t		 memcap;
};

/* Moves the unparsed bytes to the front and reads more behind them:
 * ST_OK, or ST_INVALID when the body ends (or fails) first. */
static int
mps_fill(struct mps *s)
{
	ssize_t	k;
	size_t	n;

	if (s->beg > 0) {
		memmove(s->buf, s->buf + s->beg, s->end - s->beg);
		s->end -= s->beg;
		s->beg = 0;
	}
	n = MPS_BUF - s->end < s->left ? MPS_BUF - s->end : s->left;
	if (n == 0)
		return ST_INVALID;	/* at the end, or a full window */
	if ((k = s->rd(s->rdarg, s->buf + s->end, n)) <= 0)
		return ST_INVALID;	/* short body: client gone */
	s->end += (size_t)k;
	s->left -= (size_t)k;
	s->got += (size_t)k;
	return ST_OK;
}

/* At least n unparsed bytes (n < MPS_BUF), or ST_INVALID. */
static int
mps_need(struct mps *s, size_t n)
{
	while (s->end - s->beg < n)
		if (mps_fill(s) != ST_OK)
			return ST_INVALID;
	return ST_OK;
}

/* Passes the bytes up to the next delimiter to out (NULL: dropped) and
 * steps over the delimiter. */
static int
mps_until_delim(struct mps *s, struct mps_out *out)
{
	const char	*hit;
	size_t		 n;
	int		 rc;

	for (;;) {
		hit = memmem_s(s->buf + s->beg, s->end - s->beg, s->delim,
		    s->dl);
		n = hit != NULL ? (size_t)(hit - s->buf) - s->beg :
		    s->end - s->beg > s->dl - 1 ?
		    s->end - s->beg - (s->dl - 1) : 0;
		if (n > 0 && out != NULL &&
		    (rc = out->emit(out, s->buf + s->beg, n)) != ST_OK)
			return rc;
		s->beg += n;
		if (hit != NULL) {
			s->beg += s->dl;
			return ST_OK;
		}
		if ((rc = mps_fill(s)) != ST_OK)
			return rc;
	}
}

static int
emit_sink(struct mps_out *o, const char *p, size_t n)
{
	if (n > o->max - o->size)
		return ST_TOO_LARGE;
	o->size += n;
	return o->sink != NULL ? o->sink->write(o->sink->arg, p, n) : ST_OK;
}

static int
emit_mem(struct mps_out *o, const char *p, size_t n)
{
	char	*m;
	size_t	 cap;

	if (n > o->max - o->size)
		return ST_TOO_LARGE;
	if (o->size + n + 1 > o->memcap) {
		cap = o->memcap > 0 ? o->memcap : 256;
		while (cap < o->size + n + 1)
			cap *= 2;
		if ((m = realloc(o->mem, cap)) == NULL)
			return ST_INTERNAL;
		o->mem = m;
		o->memcap = cap;
	}
	memcpy(o->mem + o->size, p, n);
	o->size += n;
	return ST_OK;
}

/* After a delimiter: 1 at the close delimiter, 0 before a part's
 * headers (CRLF stepped over), or a negative status. */
static int
mps_after_delim(struct mps *s)
{
	if (mps_need(s, 2) != ST_OK)
		return -ST_INVALID;
	if (memcmp(s->buf + s->beg, "--", 2) == 0)
		return 1;	/* the epilogue is not read: req_drain */
	for (;;) {		/* transport padding */
		if (mps_need(s, 1) != ST_OK)
			return -ST_INVALID;
		if (s->buf[s->beg] != ' ' && s->buf[s->beg] != '\t')
			break;
		s->beg++;
	}
	if (mps_need(s, 2) != ST_OK || memcmp(s->buf + s->beg, "\r\n", 2))
		return -ST_INVALID;
	s->beg += 2;
	return 0;
}

/* The header block of a part, at most MP_MAX_HEADERS bytes as in
 * req_parse_multipart; steps over it. */
static int
mps_headers(struct mps *s, char *name, size_t namesz, char *fname,
    size_t fnamesz, int *isfile)
{
	const char	*h, *hend;
	size_t		 n;
	int		 rc;

	for (;;) {
		h = s->buf + s->beg;
		n = s->end - s->beg;
		if ((hend = memmem_s(h, n > MP_MAX_HEADERS ? MP_MAX_HEADERS :
		    n, "\r\n\r\n", 4)) != NULL)
			break;
		if (n >= MP_MAX_HEADERS || mps_fill(s) != ST_OK)
			return ST_INVALID;
	}
	/* headers running into the next part */
	if (memmem_s(h, (size_t)(hend - h) + 4, s->delim, s->dl) != NULL)
		return ST_INVALID;
	if ((rc = part_headers(h, hend, name, namesz, fname, fnamesz,
	    isfile)) != ST_OK)
		return rc;
	s->beg += (size_t)(hend - h) + 4;
	return ST_OK;
}

/* One part's body: to the sink when it is the sink's file (a second one
 * is read against the same limit and dropped, and listed so that the
 * field checks refuse it), else into pl within *budget bytes. */
static int
mps_part(struct mps *s, const char *name, const char *fname, int isfile,
    struct req_sink *sink, int *sunk, size_t *budget, struct plist *pl)
{
	struct mps_out	 o = { 0 };
	int		 rc, tosink;

	tosink = isfile && sink != NULL && (sink->match != NULL ?
	    sink->match(sink->arg, name) : strcmp(name, sink->field) == 0);
	if (tosink) {
		o.emit = emit_sink;
		o.max = sink->max(sink->arg, pl);
		if (!*sunk && (rc = sink->open(sink->arg)) != ST_OK)
			return rc;
		o.sink = *sunk ? NULL : sink;
		*sunk = 1;
	} else {
		o.emit = emit_mem;
		o.max = *budget;
	}
	if ((rc = mps_until_delim(s, &o)) != ST_OK) {
		free(o.mem);
		return rc;
	}
	if (tosink) {
		rc = plist_add(pl, name, strlen(name), "", 0, PT_FILE, fname);
		if (rc == ST_OK) {
			pl->p[pl->n - 1].valsz = o.size;
			pl->p[pl->n - 1].spooled = 1;
		}
		return rc;
	}
	*budget -= o.size;
	rc = plist_add(pl, name, strlen(name), o.mem != NULL ? o.mem : "",
	    o.size, isfile ? PT_FILE : PT_STRING, isfile ? fname : NULL);
	free(o.mem);
	return rc;
}

static int
mps_parts(struct mps *s, size_t max_fields, struct req_sink *sink,
    struct plist *pl)
{
	char	name[REQ_MAX_NAME + 1], fname[MP_MAX_HEADERS];
	size_t	budget = max_fields;
	int	isfile, sunk = 0, rc;

	/* A CRLF before the body lets the first delimiter open it, as in
	 * req_parse_multipart; whatever precedes it is a preamble. */
	memcpy(s->buf, "\r\n", 2);
	s->end = 2;
	if ((rc = mps_until_delim(s, NULL)) != ST_OK)
		return rc;
	for (;;) {
		if ((rc = mps_after_delim(s)) != 0)
			return rc > 0 ? ST_OK : -rc;
		if ((rc = mps_headers(s, name, sizeof(name), fname,
		    sizeof(fname), &isfile)) != ST_OK ||
		    (rc = mps_part(s, name, fname, isfile, sink, &sunk,
		    &budget, pl)) != ST_OK)
			return rc;
	}
}

int
req_parse_multipart_stream(const char *ctype, req_reader rd, void *rdarg,
    size_t len, size_t max_fields, struct req_sink *sink, struct plist *pl,
    size_t *consumed)
{
	struct mps	s = { .rd = rd, .rdarg = rdarg, .left = len };
	int		rc;

	*consumed = 0;
	memcpy(s.delim, "\r\n--", 4);
	if (boundary(ctype, s.delim + 4, sizeof(s.delim) - 4) != 0)
		return ST_INVALID;
	s.dl = strlen(s.delim);
	if ((s.buf = malloc(MPS_BUF)) == NULL)
		return ST_INTERNAL;
	rc = mps_parts(&s, max_fields, sink, pl);
	free(s.buf);
	*consumed = s.got;
	return rc;
}
