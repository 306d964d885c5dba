/* libFuzzer target: req_parse_multipart.  The input's first line is the
 * Content-Type's parameters ("boundary=..." and whatever else), so the
 * boundary is fuzzed with the body: the rest of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CT_PREFIX	"multipart/form-data; "

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist	 pl = { NULL, 0 };
	const uint8_t	*rest;
	size_t		 restsz, i;
	char		*params, *ctype, *body;
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
	if (rc == ST_OK)
		for (i = 0; i < pl.n; i++) {
			/* values are slices of the body */
			FUZZ_ASSERT(pl.p[i].valsz <= restsz);
			FUZZ_ASSERT(pl.p[i].type == PT_STRING ||
			    pl.p[i].type == PT_FILE);
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
