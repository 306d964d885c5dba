/* Unit tests of the urlencoded parser, the cookie reader and path ids. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

/* Parses the NUL-terminated s; the list is left for the caller to free. */
static int
parse(const char *s, struct plist *pl)
{
	memset(pl, 0, sizeof(*pl));
	return req_parse_urlencoded(s, strlen(s), pl);
}

/* 1 if the i-th param is name=val (val compared over valsz bytes). */
static int
is(const struct plist *pl, size_t i, const char *name, const char *val,
    size_t valsz)
{
	if (i >= pl->n || pl->p == NULL)
		return 0;
	return strcmp(pl->p[i].name, name) == 0 &&
	    pl->p[i].valsz == valsz &&
	    memcmp(pl->p[i].val, val, valsz) == 0 &&
	    pl->p[i].val[valsz] == '\0' &&
	    pl->p[i].type == PT_STRING;
}

/* Parses s and reports whether it was refused with ST_INVALID. */
static int
refused(const char *s)
{
	struct plist	pl;
	int		st;

	st = parse(s, &pl);
	plist_free(&pl);
	return st == ST_INVALID;
}

static void
test_basic(void)
{
	struct plist	pl;
	int		st;

	st = parse("a=1&b=two", &pl);
	CHECK(st == ST_OK && pl.n == 2, "two simple pairs");
	CHECK(is(&pl, 0, "a", "1", 1) && is(&pl, 1, "b", "two", 3),
	    "simple pairs keep order, names and values");
	plist_free(&pl);

	st = parse("a=hello+big+world", &pl);
	CHECK(st == ST_OK && is(&pl, 0, "a", "hello big world", 15),
	    "'+' decodes to a space");
	plist_free(&pl);

	st = parse("a=%41%62%2f%2F%7e%7E", &pl);
	CHECK(st == ST_OK && is(&pl, 0, "a", "Ab//~~", 6),
	    "%XX decodes with upper and lower hex");
	plist_free(&pl);

	st = parse("a=%2B1+%26%3D", &pl);
	CHECK(st == ST_OK && is(&pl, 0, "a", "+1 &=", 5),
	    "%2B is a literal plus, %26 and %3D do not split");
	plist_free(&pl);

	st = parse("a=%C3%A9", &pl);
	CHECK(st == ST_OK && is(&pl, 0, "a", "\xc3\xa9", 2),
	    "percent-encoded UTF-8 bytes decode to the bytes");
	plist_free(&pl);

	st = parse("a=&b=2", &pl);
	CHECK(st == ST_OK && pl.n == 2 && is(&pl, 0, "a", "", 0) &&
	    is(&pl, 1, "b", "2", 1), "empty value is an empty string");
	plist_free(&pl);

	st = parse("flag&b=2", &pl);
	CHECK(st == ST_OK && pl.n == 2 && is(&pl, 0, "flag", "", 0) &&
	    is(&pl, 1, "b", "2", 1), "key without '=' has an empty value");
	plist_free(&pl);

	st = parse("a=1=2", &pl);
	CHECK(st == ST_OK && pl.n == 1 && is(&pl, 0, "a", "1=2", 3),
	    "only the first '=' separates name and value");
	plist_free(&pl);

	st = parse("a=1&&b=2&", &pl);
	CHECK(st == ST_OK && pl.n == 2 && is(&pl, 0, "a", "1", 1) &&
	    is(&pl, 1, "b", "2", 1), "empty pairs (&&, trailing &) skipped");
	plist_free(&pl);

	st = parse("a=1&a=2", &pl);
	CHECK(st == ST_OK && pl.n == 2 && is(&pl, 0, "a", "1", 1) &&
	    is(&pl, 1, "a", "2", 1),
	    "repeated key kept as two params (fields_check refuses)");
	plist_free(&pl);

	st = parse("", &pl);
	CHECK(st == ST_OK && pl.n == 0, "empty body gives zero params");
	plist_free(&pl);

	memset(&pl, 0, sizeof(pl));
	st = req_parse_urlencoded("a=1&b=2", 3, &pl);
	CHECK(st == ST_OK && pl.n == 1 && is(&pl, 0, "a", "1", 1),
	    "parser stops at sz, not at NUL");
	plist_free(&pl);

	memset(&pl, 0, sizeof(pl));
	st = req_parse_urlencoded("a=1\0b=2", 7, &pl);
	CHECK(st != ST_OK || (pl.n == 1 && pl.p[0].valsz == 5 &&
	    memcmp(pl.p[0].val, "1\0b=2", 5) == 0),
	    "raw NUL byte in body kept in valsz or refused, never truncated");
	plist_free(&pl);
}

static void
test_malformed(void)
{
	struct plist	pl;
	int		st;

	CHECK(refused("a=%G1"), "%G1 refused");
	CHECK(refused("a=%1G"), "%1G refused");
	CHECK(refused("a=%4"), "%4 at end refused");
	CHECK(refused("a=%"), "trailing % refused");
	CHECK(refused("a=%%41"), "%% refused");
	CHECK(refused("a=x&b=%4&c=1"), "short escape mid-body refused");

	memset(&pl, 0, sizeof(pl));
	st = req_parse_urlencoded("a=%41", 4, &pl);
	CHECK(st == ST_INVALID, "escape cut short by sz refused");
	plist_free(&pl);

	st = parse("a=x%00y", &pl);
	CHECK(st == ST_INVALID || (st == ST_OK && pl.n == 1 &&
	    pl.p[0].valsz == 3 && memcmp(pl.p[0].val, "x\0y", 3) == 0 &&
	    strlen(pl.p[0].val) != pl.p[0].valsz),
	    "%00 keeps valsz != strlen(val) (or is refused)");
	plist_free(&pl);

	st = parse("a=%00", &pl);
	CHECK(st == ST_INVALID || (st == ST_OK && pl.n == 1 &&
	    pl.p[0].valsz == 1 && strlen(pl.p[0].val) == 0),
	    "lone %00 has valsz 1 (or is refused)");
	plist_free(&pl);
}

/* Builds "p0=x&p1=x&..." with n params into a malloc'ed string. */
static char *
many(size_t n)
{
	char	*s, *q;
	size_t	 i;

	s = malloc(n * 12 + 1);
	if (s == NULL)
		abort();
	q = s;
	*q = '\0';
	for (i = 0; i < n; i++)
		q += sprintf(q, "%sp%zu=x", i ? "&" : "", i);
	return s;
}

static void
test_limits(void)
{
	struct plist	pl;
	char		name[REQ_MAX_NAME + 8], *s;
	int		st;

	s = many(REQ_MAX_PARAMS);
	st = parse(s, &pl);
	CHECK(st == ST_OK && pl.n == REQ_MAX_PARAMS,
	    "exactly REQ_MAX_PARAMS params accepted");
	plist_free(&pl);
	free(s);

	s = many(REQ_MAX_PARAMS + 1);
	st = parse(s, &pl);
	CHECK(st == ST_INVALID, "REQ_MAX_PARAMS + 1 params refused");
	plist_free(&pl);
	free(s);

	s = many(10000);
	st = parse(s, &pl);
	CHECK(st == ST_INVALID, "10000 params refused");
	plist_free(&pl);
	free(s);

	memset(name, 'a', REQ_MAX_NAME);
	strcpy(name + REQ_MAX_NAME, "=1");
	st = parse(name, &pl);
	CHECK(st == ST_OK && pl.n == 1 && strlen(pl.p[0].name) == REQ_MAX_NAME,
	    "name of REQ_MAX_NAME chars accepted");
	plist_free(&pl);

	memset(name, 'a', REQ_MAX_NAME + 1);
	strcpy(name + REQ_MAX_NAME + 1, "=1");
	CHECK(refused(name), "name of REQ_MAX_NAME + 1 chars refused");

	st = parse("a_1=1&z9=2", &pl);
	CHECK(st == ST_OK && pl.n == 2, "names with digits and '_' accepted");
	plist_free(&pl);

	st = parse("oldPassword=1", &pl);
	CHECK(st == ST_OK && pl.n == 1 && strcmp(pl.p[0].name, "oldPassword")
	    == 0, "upper-case letters accepted (older clients' names)");
	plist_free(&pl);
	CHECK(refused("1a=1"), "name starting with a digit refused");
	CHECK(refused("_a=1"), "name starting with '_' refused");
	CHECK(refused("a-b=1"), "name with '-' refused");
	CHECK(refused("a.b=1"), "name with '.' refused");
	CHECK(refused("a+b=1"), "name with a space refused");
	CHECK(refused("a%5B%5D=1"), "name with [] refused");
	CHECK(refused("=1"), "empty name refused");
	CHECK(refused("a%00b=1"), "name with %00 refused");
	CHECK(refused("\xc3\xa9=1"), "non-ASCII name refused");
}

static void
test_cookie(void)
{
	char	buf[64];

	unsetenv("HTTP_COOKIE");
	CHECK(req_cookie("sid", buf, sizeof(buf)) != 0,
	    "no HTTP_COOKIE: not found");

	setenv("HTTP_COOKIE", "a=1; sid=abc; b=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "abc") == 0, "cookie found among several");
	CHECK(req_cookie("a", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "1") == 0, "first cookie found");
	CHECK(req_cookie("b", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "2") == 0, "last cookie found");
	CHECK(req_cookie("rid", buf, sizeof(buf)) != 0,
	    "missing cookie not found");

	setenv("HTTP_COOKIE", "sid=only", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "only") == 0, "single cookie found");

	setenv("HTTP_COOKIE", "a=1;sid=tight;b=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "tight") == 0, "cookie found without spaces");

	setenv("HTTP_COOKIE", "xsid=1; sid=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "2") == 0, "name that is a suffix of another");

	setenv("HTTP_COOKIE", "sidx=1; sid=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "2") == 0, "name that is a prefix of another");

	setenv("HTTP_COOKIE", "xsid=1; sidx=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) != 0,
	    "only longer names containing it: not found");

	setenv("HTTP_COOKIE", "a=sid=9; sid=5", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "5") == 0, "name=value inside another value ignored");

	setenv("HTTP_COOKIE", "a=1;  sid=sp  ; b=2", 1);
	CHECK(req_cookie("sid", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, "sp") == 0,
	    "spaces around a cookie value trimmed (RFC 6265)");

	setenv("HTTP_COOKIE", "sid=abcd", 1);
	CHECK(req_cookie("sid", buf, 5) == 0 && strcmp(buf, "abcd") == 0,
	    "value of bufsz - 1 bytes fits");
	setenv("HTTP_COOKIE", "sid=abcde", 1);
	CHECK(req_cookie("sid", buf, 5) != 0, "value of bufsz bytes refused");

	setenv("HTTP_COOKIE", "sid=0123456789012345678901234567890123456789"
	    "012345678901234567890123456789", 1);
	memset(buf, 'Z', sizeof(buf));
	CHECK(req_cookie("sid", buf, 16) != 0,
	    "value longer than buf refused, not silently truncated");
	CHECK(buf[16] == 'Z' && buf[sizeof(buf) - 1] == 'Z',
	    "value longer than buf does not overflow it");
	unsetenv("HTTP_COOKIE");
}

/* Runs req_path_ids on PATH_INFO=path after req_init: the number of ids
 * read into ids[0..1], or -1. */
static int
path_ids(const char *path, int64_t *ids)
{
	struct req	r;
	size_t		n;
	int		rc;

	memset(&r, 0, sizeof(r));
	setenv("REQUEST_METHOD", "GET", 1);
	setenv("QUERY_STRING", "", 1);
	if (path == NULL)
		unsetenv("PATH_INFO");
	else
		setenv("PATH_INFO", path, 1);
	if (req_init(&r) != ST_OK) {
		req_free(&r);
		return -100;
	}
	ids[0] = ids[1] = -42;
	rc = req_path_ids(&r, ids, 2, &n) == 0 ? (int)n : -1;
	req_free(&r);
	return rc;
}

static void
test_path_ids(void)
{
	int64_t	id[2];

	CHECK(path_ids(NULL, id) == 0, "absent PATH_INFO: no ids");
	CHECK(path_ids("", id) == 0 && path_ids("/", id) == 0,
	    "empty and / PATH_INFO: no ids");
	CHECK(path_ids("/12", id) == 1 && id[0] == 12, "/12 -> 12");
	CHECK(path_ids("/12/", id) == 1 && id[0] == 12, "/12/ -> 12");
	CHECK(path_ids("/12/34", id) == 2 && id[0] == 12 && id[1] == 34,
	    "/12/34 -> 12, 34");
	CHECK(path_ids("/12/34/56", id) == -1, "a third id refused");
	CHECK(path_ids("/9223372036854775807", id) == 1 &&
	    id[0] == INT64_MAX, "largest int64 id accepted");
	CHECK(path_ids("/0", id) == -1, "/0 refused");
	CHECK(path_ids("/012", id) == -1, "leading zero refused");
	CHECK(path_ids("/-1", id) == -1, "/-1 refused");
	CHECK(path_ids("/abc", id) == -1, "/abc refused");
	CHECK(path_ids("/12/abc", id) == -1, "/12/abc refused");
	CHECK(path_ids("/12abc", id) == -1, "/12abc refused");
	CHECK(path_ids("/+5", id) == -1, "/+5 refused");
	CHECK(path_ids("/ 5", id) == -1, "/ 5 refused");
	CHECK(path_ids("/9223372036854775808", id) == -1,
	    "/9223372036854775808 (INT64_MAX + 1) refused");
	CHECK(path_ids("/99999999999999999999", id) == -1,
	    "/99999999999999999999 refused");
}

int
main(void)
{
	PLAN(72);
	test_basic();
	test_malformed();
	test_limits();
	test_cookie();
	test_path_ids();
	UNIT_DONE();
}
