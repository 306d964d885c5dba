/* libFuzzer target: req_parse_json, the prescan and json-c together.  A
 * body that parsed is one JSON object: its members (at most
 * REQ_MAX_PARAMS, each once) became params of the matching types. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist	 pl = { NULL, 0 };
	char		*s;
	size_t		 i, k;
	int		 rc;

	s = malloc(size > 0 ? size : 1);	/* exactly size bytes, no NUL */
	FUZZ_ASSERT(s != NULL);
	memcpy(s, data, size);
	rc = req_parse_json(s, size, &pl);
	fuzz_check_plist(rc, &pl);
	if (rc == ST_OK) {
		FUZZ_ASSERT(memchr(s, '{', size) != NULL);
		for (i = 0; i < pl.n; i++) {
			const struct param *p = &pl.p[i];

			for (k = 0; k < i; k++)
				FUZZ_ASSERT(strcmp(pl.p[k].name, p->name) != 0);
			switch (p->type) {
			case PT_BOOL:
				FUZZ_ASSERT(p->valsz == 1 &&
				    (p->val[0] == '0' || p->val[0] == '1'));
				break;
			case PT_NULL:
			case PT_OTHER:
				FUZZ_ASSERT(p->valsz == 0);
				break;
			case PT_NUMBER:
				FUZZ_ASSERT(p->valsz > 0);
				break;
			case PT_STRING:
				break;
			default:
				FUZZ_ASSERT(!"JSON gives no files");
			}
		}
	}
	plist_free(&pl);
	free(s);
	return 0;
}
