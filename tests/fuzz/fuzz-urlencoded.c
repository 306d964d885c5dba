/* libFuzzer target: req_parse_urlencoded (query strings and form bodies).
 * Besides the sanitizers, a list that parsed must survive a round trip:
 * encoded again (every byte as %XX) it parses to the same list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
encode(const char *s, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	i, o = 0;

	for (i = 0; i < n; i++) {
		out[o++] = '%';
		out[o++] = hex[(unsigned char)s[i] >> 4];
		out[o++] = hex[(unsigned char)s[i] & 15];
	}
	return o;
}

static void
round_trip(const struct plist *pl)
{
	struct plist	 again = { NULL, 0 };
	size_t		 i, len = 0, o = 0;
	char		*buf;
	int		 rc;

	for (i = 0; i < pl->n; i++)
		len += 3 * (strlen(pl->p[i].name) + pl->p[i].valsz) + 2;
	buf = malloc(len + 1);
	FUZZ_ASSERT(buf != NULL);
	for (i = 0; i < pl->n; i++) {
		if (i > 0)
			buf[o++] = '&';
		o += encode(pl->p[i].name, strlen(pl->p[i].name), buf + o);
		buf[o++] = '=';
		o += encode(pl->p[i].val, pl->p[i].valsz, buf + o);
	}
	rc = req_parse_urlencoded(buf, o, &again);
	FUZZ_ASSERT(rc == ST_OK);
	FUZZ_ASSERT(again.n == pl->n);
	for (i = 0; i < pl->n; i++) {
		FUZZ_ASSERT(strcmp(again.p[i].name, pl->p[i].name) == 0);
		FUZZ_ASSERT(again.p[i].valsz == pl->p[i].valsz);
		FUZZ_ASSERT(memcmp(again.p[i].val, pl->p[i].val,
		    pl->p[i].valsz) == 0);
		FUZZ_ASSERT(again.p[i].type == PT_STRING);
	}
	plist_free(&again);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist	pl = { NULL, 0 };
	char		*s;
	int		 rc;

	/* A heap copy of exactly size bytes, no NUL: reading past the
	 * end is an ASan report. */
	s = malloc(size > 0 ? size : 1);
	FUZZ_ASSERT(s != NULL);
	memcpy(s, data, size);
	rc = req_parse_urlencoded(s, size, &pl);
	fuzz_check_plist(rc, &pl);
	if (rc == ST_OK)
		round_trip(&pl);
	plist_free(&pl);
	free(s);
	return 0;
}
