/* application/json bodies: one top-level object whose members become
 * params, typed so that validators can refuse wrong JSON types. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"
#include "req.h"
#include "status.h"

#define JSON_MAX_DEPTH	8

/* What json-c lets through but JSON (RFC 8259) or we do not: raw control
 * characters inside strings, and \u0000 in a key, which json-c would cut
 * short (in a value it is kept, and the field's validator refuses it).
 * Counts the members of every object, at any depth, into *members:
 * json-c keeps only the last of repeated keys, which the caller detects
 * by comparing with what it parsed.  Returns 0 when the text is clean. */
static int
prescan(const char *s, size_t sz, size_t *members)
{
	uint64_t	objects = 0;	/* bit d: container at depth d is {} */
	size_t		i;
	int		in = 0, depth = 0, key = 0, want_key = 0;

	*members = 0;
	for (i = 0; i < sz; i++) {
		if (!in) {
			if ((in = s[i] == '"'))
				key = want_key, want_key = 0;
			if (s[i] == '{' || s[i] == '[') {
				if (++depth >= 64)
					return -1;
				objects = (objects & ~(UINT64_C(1) << depth)) |
				    (uint64_t)(s[i] == '{') << depth;
				want_key = s[i] == '{';
			} else if (s[i] == '}' || s[i] == ']') {
				if (--depth < 0)
					return -1;
			} else if (s[i] == ':')
				(*members)++;
			else if (s[i] == ',')
				want_key = (objects >> depth) & 1;
			continue;
		}
		if (s[i] == '"')
			in = 0;
		else if ((unsigned char)s[i] < 0x20)
			return -1;
		else if (s[i] == '\\' && i + 1 < sz) {
			if (key && s[i + 1] == 'u' && i + 5 < sz &&
			    memcmp(s + i + 2, "0000", 4) == 0)
				return -1;
			i++;
		}
	}
	return 0;
}

/* Members of every object in the tree of v. */
static size_t
count_members(struct json_object *v)
{
	size_t n = 0, i, len;

	if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, k, m) {
			(void)k;
			n += 1 + count_members(m);
		}
	} else if (json_object_is_type(v, json_type_array)) {
		len = json_object_array_length(v);
		for (i = 0; i < len; i++)
			n += count_members(json_object_array_get_idx(v, i));
	}
	return n;
}

/* Numbers json-c had to clamp, and NaN or infinities, are refused. */
static int
number_ok(struct json_object *v, const char *text)
{
	if (json_object_is_type(v, json_type_double))
		return isfinite(json_object_get_double(v));
	return strcmp(text, "9223372036854775807") != 0 &&
	    strcmp(text, "-9223372036854775808") != 0 &&
	    strcmp(text, "18446744073709551615") != 0;
}

static int
add_member(struct plist *pl, const char *key, struct json_object *v)
{
	const char	*s = "";
	size_t		 n = 0;
	enum ptype	 t;

	switch (json_object_get_type(v)) {
	case json_type_null:
		t = PT_NULL;
		break;
	case json_type_boolean:
		t = PT_BOOL;
		s = json_object_get_boolean(v) ? "1" : "0";
		n = 1;
		break;
	case json_type_int:
	case json_type_double:
		t = PT_NUMBER;
		s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		n = strlen(s);
		if (!number_ok(v, s))
			return ST_INVALID;
		break;
	case json_type_string:
		t = PT_STRING;
		s = json_object_get_string(v);
		n = (size_t)json_object_get_string_len(v);
		break;
	default:
		t = PT_OTHER;
		break;
	}
	return plist_add(pl, key, strlen(key), s, n, t, NULL);
}

int
req_parse_json(const char *s, size_t sz, struct plist *pl)
{
	struct json_tokener	*tok;
	struct json_object	*root;
	size_t			 end, members;
	int			 rc = ST_OK;

	if (sz > INT32_MAX || prescan(s, sz, &members) != 0 ||
	    (tok = json_tokener_new_ex(JSON_MAX_DEPTH)) == NULL)
		return ST_INVALID;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, s, (int)sz);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (root == NULL)
		return ST_INVALID;
	while (end < sz && strchr(" \t\r\n", s[end]) != NULL && s[end])
		end++;
	if (end != sz || !json_object_is_type(root, json_type_object) ||
	    count_members(root) != members) {
		json_object_put(root);
		return ST_INVALID;
	}
	json_object_object_foreach(root, key, val) {
		/* {"profile": {...}} is the same request as its members
		 * sent flat (contract §1) */
		if (strcmp(key, REQ_NESTED) == 0 &&
		    json_object_is_type(val, json_type_object)) {
			json_object_object_foreach(val, k2, v2) {
				if ((rc = add_member(pl, k2, v2)) != ST_OK)
					break;
				pl->p[pl->n - 1].nested = 1;
			}
		} else
			rc = add_member(pl, key, val);
		if (rc != ST_OK)
			break;
	}
	json_object_put(root);
	return rc;
}
