/* Unit tests of the JSON body parser: types, strictness, limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "accounts.h"
#include "unit.h"

static int
parse(const char *s, struct plist *pl)
{
	memset(pl, 0, sizeof(*pl));
	return req_parse_json(s, strlen(s), pl);
}

static int
refused(const char *s)
{
	struct plist	pl;
	int		st;

	st = parse(s, &pl);
	plist_free(&pl);
	return st != ST_OK;
}

/* Parse s, then check a one-field table {a: valid_text}: the status of
 * the whole pipeline (ST_OK only if both accept). */
static int
pipeline(const char *s, size_t sz)
{
	static const struct field f[] = { { "a", valid_text, 0 } };
	struct plist		 pl;
	struct fval		 out[1];
	struct json_object	*errs = NULL;
	int			 st;

	memset(&pl, 0, sizeof(pl));
	memset(out, 0, sizeof(out));
	st = req_parse_json(s, sz, &pl);
	if (st == ST_OK)
		st = fields_check(f, 1, &pl, out, &errs);
	if (st == ST_OK && !utf8_valid(out[0].s, out[0].len, 0))
		st = -1;	/* accepted bad text: make the check fail */
	json_object_put(errs);
	plist_free(&pl);
	return st;
}

static void
test_types(void)
{
	static const char nul[] = "{\"a\":\"x\\u0000y\"}";
	struct plist	pl;
	int		st;

	st = parse("{\"s\":\"x y\",\"n\":12,\"neg\":-3,\"f\":1.5,"
	    "\"t\":true,\"fa\":false,\"z\":null,\"o\":{\"k\":1},"
	    "\"a\":[1,2],\"e\":\"\"}", &pl);
	CHECK(st == ST_OK && pl.n == 10, "object with every type parsed");
	CHECK(has(&pl, "s", PT_STRING, "x y", 3), "string -> PT_STRING");
	CHECK(has(&pl, "n", PT_NUMBER, "12", 2), "integer -> PT_NUMBER \"12\"");
	CHECK(has(&pl, "neg", PT_NUMBER, "-3", 2), "negative -> \"-3\"");
	CHECK(has(&pl, "f", PT_NUMBER, "1.5", 3), "fraction -> \"1.5\"");
	CHECK(has(&pl, "t", PT_BOOL, "1", 1), "true -> PT_BOOL \"1\"");
	CHECK(has(&pl, "fa", PT_BOOL, "0", 1), "false -> PT_BOOL \"0\"");
	CHECK(has(&pl, "z", PT_NULL, "", 0), "null -> PT_NULL \"\"");
	CHECK(find(&pl, "o") && find(&pl, "o")->type == PT_OTHER,
	    "object -> PT_OTHER");
	CHECK(find(&pl, "a") && find(&pl, "a")->type == PT_OTHER,
	    "array -> PT_OTHER");
	CHECK(has(&pl, "e", PT_STRING, "", 0), "empty string -> \"\"");
	CHECK(find(&pl, "k") == NULL, "nested keys do not leak to the top");
	plist_free(&pl);

	st = parse(" \t\r\n{ \"a\" : \"1\" } \r\n", &pl);
	CHECK(st == ST_OK && pl.n == 1 && has(&pl, "a", PT_STRING, "1", 1),
	    "whitespace around tokens accepted");
	plist_free(&pl);

	st = parse("{}", &pl);
	CHECK(st == ST_OK && pl.n == 0, "empty object gives zero params");
	plist_free(&pl);

	CHECK(pipeline(nul, strlen(nul)) != ST_OK,
	    "\\u0000 in a text field refused by parse + fields_check");

	st = parse("{\"a\\u0000b\":\"1\"}", &pl);
	CHECK(st != ST_OK || find(&pl, "a") == NULL,
	    "key with \\u0000 does not become a shorter key");
	plist_free(&pl);

	st = parse("{\"a\":12345678901234567890123}", &pl);
	CHECK(st != ST_OK || has(&pl, "a", PT_NUMBER,
	    "12345678901234567890123", 23),
	    "huge number kept as its text (or refused), never clamped");
	plist_free(&pl);

	st = parse("{\"a\":-9223372036854775809}", &pl);
	CHECK(st != ST_OK || has(&pl, "a", PT_NUMBER,
	    "-9223372036854775809", 20),
	    "INT64_MIN - 1 kept as its text (or refused)");
	plist_free(&pl);

	memset(&pl, 0, sizeof(pl));
	st = req_parse_json("{\"a\":\"x\0y\"}", 11, &pl);
	CHECK(st != ST_OK || (pl.n == 1 && pl.p[0].valsz == 3),
	    "raw NUL byte in a string refused or kept in valsz");
	plist_free(&pl);
	memset(&pl, 0, sizeof(pl));
	st = req_parse_json("{\"a\0b\":\"1\"}", 11, &pl);
	CHECK(st != ST_OK || find(&pl, "a") == NULL,
	    "raw NUL byte in a key does not shorten it");
	plist_free(&pl);

	memset(&pl, 0, sizeof(pl));
	st = req_parse_json("{\"a\":1}xxxx", 7, &pl);
	CHECK(st == ST_OK && has(&pl, "a", PT_NUMBER, "1", 1),
	    "parser stops at sz");
	plist_free(&pl);
}

static void
test_refused(void)
{
	char	big[64 * 20];
	char	*s;
	size_t	 i, n;

	CHECK(refused("[1,2]"), "top-level array refused");
	CHECK(refused("[{\"a\":1}]"), "top-level array of object refused");
	CHECK(refused("\"a\""), "top-level string refused");
	CHECK(refused("12"), "top-level number refused");
	CHECK(refused("true"), "top-level true refused");
	CHECK(refused("null"), "top-level null refused");
	CHECK(refused(""), "empty body refused");
	CHECK(refused("   "), "blank body refused");

	/* json-c's own syntax errors are its business; an incomplete text
	 * (json-c waits for more) must not pass as a parse. */
	CHECK(refused("{"), "truncated '{' refused");
	CHECK(refused("{\"a\":1"), "missing '}' refused");
	CHECK(refused("{\"a\":\"line\nbreak\"}"),
	    "raw control character in string refused");

	CHECK(refused("{\"a\":1}x"), "trailing garbage refused");
	CHECK(refused("{\"a\":1}{\"b\":2}"), "second object refused");
	CHECK(refused("{\"a\":1},"), "trailing comma after object refused");

	/* What a lenient (non-strict) json-c accepts but RFC 8259 does not. */
	CHECK(refused("{'a':'1'}"), "single quotes refused (strict JSON)");
	CHECK(refused("{\"a\":1,}"), "trailing comma in object refused");
	CHECK(refused("{\"a\":[1,]}"), "trailing comma in array refused");
	CHECK(refused("{\"a\":NaN}"), "NaN refused");
	CHECK(refused("{\"a\":Infinity}"), "Infinity refused");
	CHECK(refused("{/*c*/\"a\":1}"), "comment refused");
	CHECK(refused("{\"a\":01}"), "leading zero refused");
	CHECK(refused("{\"a\":TRUE}"), "upper-case literal refused");

	/* Deep nesting must be refused without blowing the stack. */
	n = 10000;
	s = malloc(2 * n + 16);
	if (s == NULL)
		abort();
	memset(s, '[', n);
	s[n] = '\0';
	CHECK(refused(s), "10000 '[' refused without crashing");
	strcpy(s, "{\"a\":");
	memset(s + 5, '[', n);
	memset(s + 5 + n, ']', n);
	strcpy(s + 5 + 2 * n, "}");
	{
		struct plist	pl;
		int		st;

		st = parse(s, &pl);
		CHECK(st == ST_INVALID,
		    "object holding 10000 nested arrays refused");
		plist_free(&pl);
	}
	memset(s, '{', n);
	s[n] = '\0';
	CHECK(refused(s), "10000 '{' refused without crashing");
	free(s);

	/* More than REQ_MAX_PARAMS members. */
	s = big;
	*s++ = '{';
	for (i = 0; i <= REQ_MAX_PARAMS; i++)
		s += sprintf(s, "%s\"p%zu\":1", i ? "," : "", i);
	strcpy(s, "}");
	CHECK(refused(big), "REQ_MAX_PARAMS + 1 members refused");
	s = big;
	*s++ = '{';
	for (i = 0; i < REQ_MAX_PARAMS; i++)
		s += sprintf(s, "%s\"p%zu\":1", i ? "," : "", i);
	strcpy(s, "}");
	CHECK(!refused(big), "REQ_MAX_PARAMS members accepted");
}

static void
test_names(void)
{
	char	buf[REQ_MAX_NAME + 16];

	CHECK(refused("{\"A-b\":1}"), "key with upper case and '-' refused");
	CHECK(refused("{\"1a\":1}"), "key starting with a digit refused");
	CHECK(refused("{\"a-b\":1}"), "key with '-' refused");
	CHECK(refused("{\"\":1}"), "empty key refused");
	buf[0] = '{';
	buf[1] = '"';
	memset(buf + 2, 'a', REQ_MAX_NAME + 1);
	strcpy(buf + 2 + REQ_MAX_NAME + 1, "\":1}");
	CHECK(refused(buf), "key of REQ_MAX_NAME + 1 chars refused");
	strcpy(buf + 2 + REQ_MAX_NAME, "\":1}");
	CHECK(!refused(buf), "key of REQ_MAX_NAME chars accepted");
}

/* 1 if s is refused, or its "a" member is valid UTF-8. */
static int
escaped_ok(const char *s)
{
	struct plist		 pl;
	const struct param	*p;
	int			 st, ok;

	st = parse(s, &pl);
	p = find(&pl, "a");
	ok = st != ST_OK || (p != NULL && utf8_valid(p->val, p->valsz, 0));
	plist_free(&pl);
	return ok;
}

static void
test_utf8(void)
{
	static const char *bad[] = {
		"{\"a\":\"\xff\"}",
		"{\"a\":\"\xc0\xaf\"}",			/* overlong '/' */
		"{\"a\":\"\xed\xa0\x80\"}",		/* surrogate */
		"{\"a\":\"\xf4\x90\x80\x80\"}",		/* > U+10FFFF */
		"{\"a\":\"x\xc3\"}",			/* truncated */
		"{\"a\":\"\\u0001\"}",			/* C0 control */
		"{\"a\":\"\\u0085\"}",			/* C1 control */
	};
	static const char good[] = "{\"a\":\"caf\xc3\xa9 \\u20ac\"}";
	size_t	i;
	char	desc[80];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(desc, sizeof(desc),
		    "bad text #%zu refused by parse + valid_text", i);
		CHECK(pipeline(bad[i], strlen(bad[i])) != ST_OK, desc);
	}
	CHECK(pipeline(good, strlen(good)) == ST_OK,
	    "good UTF-8 passes parse + valid_text");

	/* Lone surrogate escapes: refused, or replaced by valid UTF-8. */
	CHECK(escaped_ok("{\"a\":\"\\ud800\"}"),
	    "lone high surrogate escape never yields invalid UTF-8");
	CHECK(escaped_ok("{\"a\":\"\\udc00x\"}"),
	    "lone low surrogate escape never yields invalid UTF-8");
	CHECK(escaped_ok("{\"a\":\"\\ud800\\u0041\"}"),
	    "high surrogate + non-surrogate never yields invalid UTF-8");
}

/* A repeated key is refused, as a repeated form field is; keys that only
 * look alike (inside values, or in nested objects) are not repeats. */
static void
test_duplicates(void)
{
	CHECK(refused("{\"a\":\"1\",\"a\":\"2\"}"),
	    "duplicate JSON key refused like a repeated form field");
	CHECK(refused("{\"a\":\"1\",\"b\":{\"c\":1},\"a\":2}"),
	    "duplicate JSON key after a nested object refused");
	CHECK(!refused("{\"a\":\"x:y\",\"b\":{\"c\":1,\"d\":2}}"),
	    "colons in values and nested keys are not counted as members");
	CHECK(!refused("{\"a\":\"q\\\":\",\"b\":\"2\"}"),
	    "escaped quote before a colon inside a value");
}

/* The members of the profile object count as top-level fields, marked
 * nested (dialects tell them apart); a profile that is no object is a
 * field of its own. */
static void
test_nested(void)
{
	struct plist	pl;
	int		st;

	st = parse("{\"name\":\"g\",\"profile\":{\"name\":\"n\",\"age\":3}}",
	    &pl);
	CHECK(st == ST_OK && pl.n == 3 && !pl.p[0].nested &&
	    strcmp(pl.p[0].name, "name") == 0 && pl.p[1].nested &&
	    strcmp(pl.p[1].name, "name") == 0 && pl.p[2].nested &&
	    has(&pl, "age", PT_NUMBER, "3", 1),
	    "profile members are fields, marked nested; top-level ones not");
	plist_free(&pl);
	st = parse("{\"profile\":null}", &pl);
	CHECK(st == ST_OK && pl.n == 1 && !pl.p[0].nested &&
	    has(&pl, "profile", PT_NULL, "", 0),
	    "a profile that is no object is a field named profile");
	plist_free(&pl);
}

int
main(void)
{
	PLAN(71);
	test_types();
	test_refused();
	test_names();
	test_utf8();
	test_duplicates();
	test_nested();
	UNIT_DONE();
}
