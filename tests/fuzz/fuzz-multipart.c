/* libFuzzer target: req_parse_multipart.  The input's first line is the
 * Content-Type's parameters ("boundary=..." and whatever else), so the
 * boundary is fuzzed with the body: the rest of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CT_PREFIX	"multipart/form-data; "

/* A growing buffer. */
struct buf {
	char	*b;
	size_t	 n, max;
};

static void
add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->max) {
		b->max = (b->n + n) * 2;
		b->b = realloc(b->b, b->max);
		FUZZ_ASSERT(b->b != NULL);
	}
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void
adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* What parsed must parse the same once written again in the plainest
 * form, with the boundary of the Content-Type: the value cannot hold the
 * delimiter (it ended at the first one), names are [a-z0-9_], and a
 * filename is quoted unless it holds a '"' (then it came unquoted, so it
 * has no ' ' or ';').  The header block is never longer than it was. */
static void
round_trip(const char *ctype, const struct plist *pl, const char *bnd)
{
	struct buf	 b = { NULL, 0, 0 };
	struct plist	 again = { NULL, 0 };
	size_t		 i;
	int		 rc;

	for (i = 0; i < pl->n; i++) {
		const struct param *p = &pl->p[i];

		adds(&b, i == 0 ? "--" : "\r\n--");
		adds(&b, bnd);
		adds(&b, "\r\nContent-Disposition:form-data;name=");
		adds(&b, p->name);
		if (p->filename != NULL) {
			int q = strchr(p->filename, '"') == NULL;

			adds(&b, q ? ";filename=\"" : ";filename=");
			adds(&b, p->filename);
			if (q)
				adds(&b, "\"");
		}
		adds(&b, "\r\n\r\n");
		add(&b, p->val, p->valsz);
	}
	adds(&b, pl->n > 0 ? "\r\n--" : "--");
	adds(&b, bnd);
	adds(&b, "--");
	rc = req_parse_multipart(ctype, b.b, b.n, &again);
	FUZZ_ASSERT(rc == ST_OK);
	FUZZ_ASSERT(again.n == pl->n);
	for (i = 0; i < pl->n; i++) {
		FUZZ_ASSERT(strcmp(again.p[i].name, pl->p[i].name) == 0);
		FUZZ_ASSERT(again.p[i].type == pl->p[i].type);
		FUZZ_ASSERT(again.p[i].valsz == pl->p[i].valsz);
		FUZZ_ASSERT(memcmp(again.p[i].val, pl->p[i].val,
		    pl->p[i].valsz) == 0);
		FUZZ_ASSERT((again.p[i].filename == NULL) ==
		    (pl->p[i].filename == NULL));
		FUZZ_ASSERT(again.p[i].filename == NULL ||
		    strcmp(again.p[i].filename, pl->p[i].filename) == 0);
	}
	plist_free(&again);
	free(b.b);
}

/* The boundary as the parser reads it: after "boundary=", quoted or up
 * to ';', space or tab. */
static char *
boundary_of(const char *ctype)
{
	const char	*p = strcasestr(ctype, "boundary=");
	size_t		 n;

	FUZZ_ASSERT(p != NULL);
	p += strlen("boundary=");
	if (*p == '"')
		n = strcspn(++p, "\"");
	else
		n = strcspn(p, "; \t");
	return fuzz_strndup((const uint8_t *)p, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist	 pl = { NULL, 0 };
	const uint8_t	*rest;
	size_t		 restsz, i;
	char		*params, *ctype, *body, *bnd;
	int		 rc;

	params = fuzz_split(data, size, &rest, &restsz);
	ctype = malloc(sizeof(CT_PREFIX) + strlen(params));
	FUZZ_ASSERT(ctype != NULL);
	strcpy(ctype, CT_PREFIX);
	strcat(ctype, params);
	body = malloc(restsz > 0 ? restsz : 1);	/* no NUL after the body */
	FUZZ_ASSERT(body != NULL);
	memcpy(body, rest, restsz);

	rc = req_parse_multipart(ctype, body, restsz, &pl);
	fuzz_check_plist(rc, &pl);
	if (rc == ST_OK) {
		for (i = 0; i < pl.n; i++) {
			/* values are slices of the body */
			FUZZ_ASSERT(pl.p[i].valsz <= restsz);
			FUZZ_ASSERT(pl.p[i].type == PT_STRING ||
			    pl.p[i].type == PT_FILE);
		}
		bnd = boundary_of(ctype);
		round_trip(ctype, &pl, bnd);
		free(bnd);
	}
	/* the same through the dispatcher by content type */
	plist_free(&pl);
	rc = req_parse_body(ctype, body, restsz, &pl);
	fuzz_check_plist(rc, &pl);
	plist_free(&pl);
	free(body);
	free(ctype);
	free(params);
	return 0;
}
