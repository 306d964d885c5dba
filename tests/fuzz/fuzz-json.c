/* libFuzzer target: req_parse_json, the prescan and json-c together.  A
 * body that parsed is one JSON object: its members and those of its
 * "profile" object (at most REQ_MAX_PARAMS, each once per level) became
 * params of the matching types, and written again they parse the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What parsed must parse the same once written again by json-c: one
 * member per param, strings escaped by json-c, numbers as their text,
 * objects and arrays as [], the members of "profile" (marked nested,
 * always one run) inside a "profile" object again. */
static void
round_trip(const struct plist *pl)
{
	struct json_object	*o;
	struct plist		 again = { NULL, 0 };
	char			*text = NULL;
	const char		*v;
	size_t			 i, len = 0;
	int			 rc, in = 0, first = 1;
	FILE			*f;

	f = open_memstream(&text, &len);
	FUZZ_ASSERT(f != NULL);
	fputc('{', f);
	for (i = 0; i < pl->n; i++) {
		const struct param *p = &pl->p[i];

		o = NULL;
		switch (p->type) {
		case PT_STRING:
			o = json_object_new_string_len(p->val, (int)p->valsz);
			v = json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN);
			break;
		case PT_NUMBER:
			v = p->val;
			break;
		case PT_BOOL:
			v = p->val[0] == '1' ? "true" : "false";
			break;
		case PT_NULL:
			v = "null";
			break;
		default:
			v = "[]";
			break;
		}
		if (p->nested && !in) {
			fprintf(f, "%s\"profile\":{", first ? "" : ",");
			in = first = 1;
		} else if (!p->nested && in) {
			fputc('}', f);
			in = 0;
		}
		fprintf(f, "%s\"%s\":%s", first ? "" : ",", p->name, v);
		first = 0;
		json_object_put(o);
	}
	fputs(in ? "}}" : "}", f);
	FUZZ_ASSERT(fclose(f) == 0 && text != NULL);
	rc = req_parse_json(text, strlen(text), &again);
	FUZZ_ASSERT(rc == ST_OK);
	FUZZ_ASSERT(again.n == pl->n);
	for (i = 0; i < pl->n; i++) {
		FUZZ_ASSERT(strcmp(again.p[i].name, pl->p[i].name) == 0);
		FUZZ_ASSERT(again.p[i].type == pl->p[i].type);
		FUZZ_ASSERT(again.p[i].nested == pl->p[i].nested);
		FUZZ_ASSERT(again.p[i].valsz == pl->p[i].valsz);
		FUZZ_ASSERT(memcmp(again.p[i].val, pl->p[i].val,
		    pl->p[i].valsz) == 0);
	}
	plist_free(&again);
	free(text);
}

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

			/* once per level: a name may be both in "profile"
			 * and flat (the fields check refuses that, and a
			 * nested dialect tells them apart) */
			for (k = 0; k < i; k++)
				FUZZ_ASSERT(strcmp(pl.p[k].name, p->name) != 0 ||
				    pl.p[k].nested != p->nested);
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
		round_trip(&pl);
	}
	plist_free(&pl);
	free(s);
	return 0;
}
