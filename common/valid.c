/* Field tables and validators: every request value passes through one
 * of these before a handler sees it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "page.h"
#include "pw.h"
#include "req.h"
#include "status.h"
#include "str.h"
#include "tok.h"
#include "valid.h"

/* Common checks of every text field. */
static const char *
text(const struct param *p, struct fval *v, size_t min, size_t max,
    int multiline)
{
	if (p->type == PT_FILE)
		return "must not be a file";
	if (p->type != PT_STRING)
		return "must be a string";
	if (strlen(p->val) != p->valsz)
		return "must not contain NUL bytes";
	if (!utf8_valid(p->val, p->valsz, multiline))
		return multiline ? "must be valid UTF-8 text" :
		    "must be valid UTF-8 text on one line";
	if (utf8_len(p->val, p->valsz) < min)
		return min == 1 ? "must not be empty" : "too short";
	if (utf8_len(p->val, p->valsz) > max)
		return "too long";
	v->s = p->val;
	v->len = p->valsz;
	return NULL;
}

/* Integers come as JSON numbers or as decimal text. */
static const char *
integer(const struct param *p, struct fval *v, int64_t lo, int64_t hi)
{
	if ((p->type != PT_NUMBER && p->type != PT_STRING) ||
	    strlen(p->val) != p->valsz)
		return "must be a whole number";
	if (parse_int(p->val, lo, hi, &v->i) != 0)
		return "must be a whole number in range";
	return NULL;
}

const char *
valid_username(const struct param *p, struct fval *v)
{
	const char	*err;
	size_t		 i;

	if ((err = text(p, v, 3, 32, 0)) != NULL)
		return err;
	for (i = 0; i < p->valsz; i++) {
		char c = p->val[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '_' || c == '.' || c == '-'))))
			return "letters, digits, '_', '.' and '-' only, "
			    "starting with a letter or digit";
	}
	return NULL;
}

const char *
valid_password(const struct param *p, struct fval *v)
{
	const char *err;

	if ((err = text(p, v, 1, PW_MAX_LEN, 0)) != NULL)
		return err;
	if (utf8_len(p->val, p->valsz) < PW_MIN_LEN)
		return "at least 8 characters";
	if (p->valsz > PW_MAX_LEN)
		return "too long";
	return NULL;
}

const char *
valid_secret(const struct param *p, struct fval *v)
{
	const char *err;

	if ((err = text(p, v, 1, PW_MAX_LEN, 0)) != NULL)
		return err;
	return p->valsz > PW_MAX_LEN ? "too long" : NULL;
}

static int
domain_ok(const char *d, size_t n)
{
	size_t	 i, label = 0;
	int	 dots = 0;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i < n; i++) {
		char c = d[i];

		if (c == '.') {
			if (label == 0 || d[i - 1] == '-')
				return 0;
			label = 0;
			dots++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return dots > 0 && label > 0 && d[n - 1] != '-';
}

const char *
valid_email(const struct param *p, struct fval *v)
{
	const char	*at, *err;
	size_t		 i, local;

	if ((err = text(p, v, 3, 254, 0)) != NULL)
		return err;
	if ((at = strchr(p->val, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL)
		return "not an email address";
	local = at - p->val;
	if (local == 0 || local > 64 || p->val[0] == '.' ||
	    p->val[local - 1] == '.')
		return "not an email address";
	for (i = 0; i < local; i++)
		if ((unsigned char)p->val[i] <= ' ' ||
		    (unsigned char)p->val[i] >= 0x7f ||
		    strchr("\"(),:;<>[\\]", p->val[i]) != NULL)
			return "not an email address";
	if (!domain_ok(at + 1, p->valsz - local - 1))
		return "not an email address";
	return NULL;
}

const char *
valid_code(const struct param *p, struct fval *v)
{
	size_t i;

	if (text(p, v, 4, 10, 0) != NULL)
		return "must be the code that was mailed";
	for (i = 0; i < p->valsz; i++)
		if (p->val[i] < '0' || p->val[i] > '9')
			return "must be the code that was mailed";
	return NULL;
}

const char *
valid_token(const struct param *p, struct fval *v)
{
	if (text(p, v, 1, TOK_LEN, 0) != NULL ||
	    !token_shape(p->val, TOK_LEN))
		return "not a token";
	return NULL;
}

const char *
valid_name(const struct param *p, struct fval *v)
{
	return text(p, v, 1, 100, 0);
}

const char *
valid_text(const struct param *p, struct fval *v)
{
	return text(p, v, 1, 255, 0);
}

const char *
valid_long_text(const struct param *p, struct fval *v)
{
	return text(p, v, 1, 2000, 1);
}

const char *
valid_role_name(const struct param *p, struct fval *v)
{
	return text(p, v, 1, 64, 0);
}

const char *
valid_phone(const struct param *p, struct fval *v)
{
	const char	*err;
	size_t		 i, digits = 0;

	if ((err = text(p, v, 3, 32, 0)) != NULL)
		return err;
	for (i = 0; i < p->valsz; i++) {
		if (p->val[i] >= '0' && p->val[i] <= '9')
			digits++;
		else if (strchr(" +-().", p->val[i]) == NULL)
			return "digits, spaces and + - ( ) . only";
	}
	return digits >= 3 ? NULL : "not a phone number";
}

/* JSON booleans, 0/1 and true/false. */
static const char *
boolean(const struct param *p, struct fval *v)
{
	if (p->type == PT_BOOL || (p->type != PT_FILE &&
	    p->type != PT_OTHER && p->type != PT_NULL &&
	    (strcmp(p->val, "0") == 0 || strcmp(p->val, "1") == 0))) {
		v->i = p->val[0] == '1';
		return NULL;
	}
	if (p->type == PT_STRING && (strcmp(p->val, "true") == 0 ||
	    strcmp(p->val, "false") == 0)) {
		v->i = p->val[0] == 't';
		return NULL;
	}
	return "must be 0 or 1 (or true/false)";
}

const char *
valid_gender(const struct param *p, struct fval *v)
{
	return boolean(p, v) == NULL ? NULL :
	    "must be 0 (male) or 1 (female)";
}

const char *
valid_bool(const struct param *p, struct fval *v)
{
	return boolean(p, v);
}

const char *
valid_age(const struct param *p, struct fval *v)
{
	return integer(p, v, 0, 150);
}

const char *
valid_id(const struct param *p, struct fval *v)
{
	return integer(p, v, 1, INT64_MAX) == NULL ? NULL :
	    "must be a positive id";
}

const char *
valid_file(const struct param *p, struct fval *v)
{
	if (p->type != PT_FILE)
		return "must be a file (multipart/form-data)";
	v->file = p;
	v->len = p->valsz;
	return NULL;
}

const char *
valid_page(const struct param *p, struct fval *v)
{
	return integer(p, v, 1, PAGE_MAX) == NULL ? NULL :
	    "must be a whole number from 1";
}

const char *
valid_page_size(const struct param *p, struct fval *v)
{
	return integer(p, v, 1, PAGE_SIZE_MAX) == NULL ? NULL :
	    "must be a whole number from 1 to 100";
}

const char *
valid_time(const struct param *p, struct fval *v)
{
	if (text(p, v, 1, 32, 0) != NULL || parse_iso8601(p->val, &v->i) != 0)
		return "must be a UTC time like 2026-11-21T09:30:00Z";
	return NULL;
}

static void
seterr(struct json_object *errs, const char *name, const char *msg)
{
	if (errs != NULL)
		json_object_object_add(errs, name,
		    json_object_new_string(msg));
}

int
fields_check(const struct field *f, size_t nf, const struct plist *pl,
    struct fval *out, struct json_object **errsp)
{
	struct json_object	*errs = NULL;
	const struct param	*p;
	const char		*msg;
	size_t			 i, k;
	int			 bad = 0;

	if (errsp != NULL)
		errs = *errsp = json_object_new_object();
	memset(out, 0, nf * sizeof(*out));
	for (i = 0; i < pl->n; i++) {
		p = &pl->p[i];
		for (k = 0; k < nf; k++)
			if (strcmp(f[k].name, p->name) == 0)
				break;
		if (k == nf)
			msg = "unknown field";
		else if (out[k].present)
			msg = "given more than once";
		else {
			out[k].present = 1;
			if ((f[k].flags & FLD_NULLABLE) &&
			    (p->type == PT_NULL ||
			    (p->type == PT_STRING && p->valsz == 0))) {
				out[k].null = 1;
				continue;
			}
			msg = f[k].valid(p, &out[k]);
		}
		if (msg != NULL) {
			seterr(errs, p->name, msg);
			bad = 1;
		}
	}
	for (k = 0; k < nf; k++)
		if ((f[k].flags & FLD_REQUIRED) && !out[k].present) {
			seterr(errs, f[k].name, "required");
			bad = 1;
		}
	if (!bad && errsp != NULL) {
		json_object_put(errs);
		*errsp = NULL;
	}
	return bad ? ST_INVALID : ST_OK;
}
