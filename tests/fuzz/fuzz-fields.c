/* libFuzzer target: fields_check over a table that uses every validator
 * of valid.h, with a fuzzed param list.  Input layout:
 *   4 bytes   flags of the 16 fields, 2 bits each (REQUIRED, NULLABLE)
 *   1 byte    bit 0: ask for the error object
 *   records   [field][type][len lo][len hi][len bytes of value]...
 * field picks a declared name or an undeclared one; type a ptype.  Values
 * keep the promises of req.h: NUL-terminated, booleans "0"/"1", null and
 * objects "". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum {
	F_USERNAME, F_PASSWORD, F_SECRET, F_EMAIL, F_CODE, F_TOKEN, F_NAME,
	F_TEXT, F_LONG_TEXT, F_PHONE, F_GENDER, F_AGE, F_ID, F_BOOL,
	F_ROLE, F_FILE, F__MAX
};

static struct field fields[F__MAX] = {
	{ "username", valid_username, 0 },
	{ "password", valid_password, 0 },
	{ "secret", valid_secret, 0 },
	{ "email", valid_email, 0 },
	{ "code", valid_code, 0 },
	{ "token", valid_token, 0 },
	{ "name", valid_name, 0 },
	{ "text", valid_text, 0 },
	{ "bio", valid_long_text, 0 },
	{ "phone", valid_phone, 0 },
	{ "gender", valid_gender, 0 },
	{ "age", valid_age, 0 },
	{ "id", valid_id, 0 },
	{ "flag", valid_bool, 0 },
	{ "role", valid_role_name, 0 },
	{ "avatar", valid_file, 0 },
};

static const char *const undeclared[] = { "unknown", "usernam", "x" };
#define NNAMES	(F__MAX + sizeof(undeclared) / sizeof(undeclared[0]))

static char *
dupn(const void *p, size_t n)
{
	return fuzz_strndup(p, n);
}

/* Decodes the records into pl; at most REQ_MAX_PARAMS, as parsers give. */
static void
decode(const uint8_t *d, size_t n, struct plist *pl)
{
	struct param	*p;
	size_t		 len, sel;

	pl->p = calloc(REQ_MAX_PARAMS, sizeof(*pl->p));
	FUZZ_ASSERT(pl->p != NULL);
	while (n >= 4 && pl->n < REQ_MAX_PARAMS) {
		p = &pl->p[pl->n++];
		sel = d[0] % NNAMES;
		p->name = dupn(sel < F__MAX ? fields[sel].name :
		    undeclared[sel - F__MAX], strlen(sel < F__MAX ?
		    fields[sel].name : undeclared[sel - F__MAX]));
		p->type = (enum ptype)(d[1] % (PT_FILE + 1));
		len = d[2] | (size_t)d[3] << 8;
		d += 4, n -= 4;
		if (len > n)
			len = n;
		switch (p->type) {
		case PT_BOOL:
			p->val = dupn(len > 0 && d[0] & 1 ? "1" : "0", 1);
			p->valsz = 1;
			break;
		case PT_NULL:
		case PT_OTHER:
			p->val = dupn("", 0);
			break;
		default:
			p->val = dupn(d, len);
			p->valsz = len;
			break;
		}
		if (p->type == PT_FILE)
			p->filename = dupn("a.png", 5);
		d += len, n -= len;
	}
}

static void
check_ok(const struct plist *pl, const struct fval *v)
{
	size_t k;

	for (k = 0; k < F__MAX; k++) {
		if (fields[k].flags & FLD_REQUIRED)
			FUZZ_ASSERT(v[k].present);
		if (!v[k].present || v[k].null)
			continue;
		switch (k) {
		case F_AGE:
			FUZZ_ASSERT(v[k].i >= 0 && v[k].i <= 150);
			break;
		case F_ID:
			FUZZ_ASSERT(v[k].i >= 1);
			break;
		case F_GENDER:
		case F_BOOL:
			FUZZ_ASSERT(v[k].i == 0 || v[k].i == 1);
			break;
		case F_FILE:
			FUZZ_ASSERT(v[k].file != NULL &&
			    v[k].file->type == PT_FILE);
			break;
		default:	/* text: what the handler gets is clean */
			FUZZ_ASSERT(v[k].s != NULL);
			FUZZ_ASSERT(strlen(v[k].s) == v[k].len);
			FUZZ_ASSERT(utf8_valid(v[k].s, v[k].len,
			    k == F_LONG_TEXT));
			break;
		}
	}
	(void)pl;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plist		 pl = { NULL, 0 };
	struct fval		 v[F__MAX];
	struct json_object	*errs = NULL;
	uint32_t		 fl;
	size_t			 k;
	int			 rc, want_errs;

	if (size < 5)
		return 0;
	fl = data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	for (k = 0; k < F__MAX; k++)
		fields[k].flags = (fl >> (2 * k)) & (FLD_REQUIRED | FLD_NULLABLE);
	want_errs = data[4] & 1;
	decode(data + 5, size - 5, &pl);

	rc = fields_check(fields, F__MAX, &pl, v, want_errs ? &errs : NULL);
	FUZZ_ASSERT(rc == ST_OK || rc == ST_INVALID);
	if (rc == ST_OK) {
		FUZZ_ASSERT(errs == NULL);
		check_ok(&pl, v);
	} else if (want_errs) {
		FUZZ_ASSERT(errs != NULL &&
		    json_object_object_length(errs) > 0);
		/* what the CGI would send must serialise, and name only
		 * params given or fields required */
		FUZZ_ASSERT(json_object_to_json_string(errs) != NULL);
		json_object_object_foreach(errs, key, val) {
			for (k = 0; k < pl.n; k++)
				if (strcmp(pl.p[k].name, key) == 0)
					break;
			if (k == pl.n) {
				for (k = 0; k < F__MAX; k++)
					if (strcmp(fields[k].name, key) == 0)
						break;
				FUZZ_ASSERT(k < F__MAX &&
				    (fields[k].flags & FLD_REQUIRED) &&
				    !v[k].present);
			}
			FUZZ_ASSERT(json_object_is_type(val,
			    json_type_string));
		}
	}
	json_object_put(errs);
	plist_free(&pl);
	return 0;
}
