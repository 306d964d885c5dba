/* Unit tests of the multipart/form-data parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

#define CT	"multipart/form-data; boundary=XyZ"

/* A growing byte buffer for building bodies with binary content. */
struct buf {
	char	*b;
	size_t	 n;
};

static void
add(struct buf *b, const void *p, size_t n)
{
	if ((b->b = realloc(b->b, b->n + n + 1)) == NULL)
		abort();
	memcpy(b->b + b->n, p, n);
	b->n += n;
	b->b[b->n] = '\0';
}

static void
adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* Appends a text part "--bnd CRLF headers CRLF CRLF value CRLF". */
static void
part(struct buf *b, const char *bnd, const char *name, const char *val)
{
	adds(b, "--");
	adds(b, bnd);
	adds(b, "\r\nContent-Disposition: form-data; name=\"");
	adds(b, name);
	adds(b, "\"\r\n\r\n");
	adds(b, val);
	adds(b, "\r\n");
}

static void
close_body(struct buf *b, const char *bnd)
{
	adds(b, "--");
	adds(b, bnd);
	adds(b, "--\r\n");
}

static int
parse(const char *ct, const struct buf *b, struct plist *pl)
{
	memset(pl, 0, sizeof(*pl));
	return req_parse_multipart(ct, b->b, b->n, pl);
}

static int
refused(const char *ct, const struct buf *b)
{
	struct plist	pl;
	int		st;

	st = parse(ct, b, &pl);
	plist_free(&pl);
	return st != ST_OK;
}

static void
test_simple(void)
{
	struct buf	b = { NULL, 0 };
	struct plist	pl;
	int		st;

	part(&b, "XyZ", "username", "alice");
	part(&b, "XyZ", "empty", "");
	part(&b, "XyZ", "utf", "caf\xc3\xa9\r\nline two");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 3, "three text parts parsed");
	CHECK(has(&pl, "username", PT_STRING, "alice", 5),
	    "text part -> PT_STRING with its value");
	CHECK(find(&pl, "username") && find(&pl, "username")->filename == NULL,
	    "text part has no filename");
	CHECK(has(&pl, "empty", PT_STRING, "", 0), "empty part -> \"\"");
	CHECK(has(&pl, "utf", PT_STRING, "caf\xc3\xa9\r\nline two", 15),
	    "CRLF inside a text value preserved");
	plist_free(&pl);

	CHECK(refused("multipart/form-data", &b), "no boundary param refused");
	CHECK(refused("multipart/form-data; boundary=", &b),
	    "empty boundary refused");
	CHECK(refused("multipart/form-data; boundary=Other", &b),
	    "wrong boundary refused");

	st = parse("multipart/form-data; charset=utf-8; boundary=XyZ", &b, &pl);
	CHECK(st == ST_OK && pl.n == 3, "boundary after another param");
	plist_free(&pl);
	st = parse("multipart/form-data;boundary=XyZ", &b, &pl);
	CHECK(st == ST_OK && pl.n == 3, "boundary without space after ';'");
	plist_free(&pl);
	st = parse("multipart/form-data; boundary=\"XyZ\"", &b, &pl);
	CHECK(st == ST_OK && pl.n == 3, "quoted boundary");
	plist_free(&pl);
	st = parse("multipart/form-data; boundary=XyZ; charset=utf-8", &b, &pl);
	CHECK(st == ST_OK && pl.n == 3, "boundary followed by another param");
	plist_free(&pl);
	free(b.b);

	/* A boundary with characters that need quoting. */
	b.b = NULL;
	b.n = 0;
	part(&b, "a b:c=d", "x", "1");
	close_body(&b, "a b:c=d");
	st = parse("multipart/form-data; boundary=\"a b:c=d\"", &b, &pl);
	CHECK(st == ST_OK && has(&pl, "x", PT_STRING, "1", 1),
	    "quoted boundary with space, ':' and '='");
	plist_free(&pl);
	free(b.b);

	/* A typical browser boundary, unquoted. */
	b.b = NULL;
	b.n = 0;
	part(&b, "----WebKitFormBoundary7MA4YWxkTrZu0gW", "x", "1");
	close_body(&b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	st = parse("multipart/form-data; "
	    "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", &b, &pl);
	CHECK(st == ST_OK && has(&pl, "x", PT_STRING, "1", 1),
	    "browser-style boundary with leading dashes");
	plist_free(&pl);
	free(b.b);

	/* Repeated names are kept; fields_check refuses them later. */
	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "a", "1");
	part(&b, "XyZ", "a", "2");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 2, "repeated part name kept twice");
	plist_free(&pl);
	free(b.b);
}

static void
test_file(void)
{
	/* NUL, CR, LF, CRLFCRLF, delimiter prefixes; ends in "\r\n-". */
	static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
	    "\r\n--Xy\r\n\0\xff\r\n\r\nx--XyZ\r\n--X--\r\n-";
	struct buf	b = { NULL, 0 };
	struct plist	pl;
	const struct param *p;
	int		st;

	part(&b, "XyZ", "kind", "image");
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"pic.png\"\r\nContent-Type: image/png\r\n\r\n");
	add(&b, bin, sizeof(bin) - 1);
	adds(&b, "\r\n");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 2, "text part and file part parsed");
	p = find(&pl, "file");
	CHECK(p != NULL && p->type == PT_FILE, "file part -> PT_FILE");
	CHECK(p != NULL && p->filename != NULL &&
	    strcmp(p->filename, "pic.png") == 0, "filename kept");
	CHECK(p != NULL && p->valsz == sizeof(bin) - 1,
	    "file valsz counts every byte (NUL, CRLF, near-boundaries)");
	CHECK(p != NULL && p->valsz == sizeof(bin) - 1 &&
	    memcmp(p->val, bin, sizeof(bin) - 1) == 0,
	    "file bytes preserved exactly");
	CHECK(has(&pl, "kind", PT_STRING, "image", 5),
	    "text part before a file intact");
	plist_free(&pl);
	free(b.b);

	/* Empty file and a file as the only part. */
	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"e.txt\"\r\n\r\n\r\n");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 1 && has(&pl, "f", PT_FILE, "", 0),
	    "empty file part -> PT_FILE, valsz 0");
	plist_free(&pl);
	free(b.b);
}

static void
test_framing(void)
{
	struct buf	b = { NULL, 0 };
	struct plist	pl;
	int		st;

	/* Preamble and epilogue are ignored. */
	adds(&b, "This is the preamble.\r\nIt is ignored.\r\n");
	part(&b, "XyZ", "a", "1");
	close_body(&b, "XyZ");
	adds(&b, "This is the epilogue.\r\n--XyZ\r\njunk");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 1 && has(&pl, "a", PT_STRING, "1", 1),
	    "preamble and epilogue tolerated");
	plist_free(&pl);
	free(b.b);

	/* No closing delimiter. */
	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "a", "1");
	CHECK(refused(CT, &b), "body without closing --XyZ-- refused");
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n"
	    "\r\n2");
	CHECK(refused(CT, &b), "body cut inside the last part refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"");
	CHECK(refused(CT, &b), "body cut inside the part headers refused");
	free(b.b);

	memset(&pl, 0, sizeof(pl));
	st = req_parse_multipart(CT, "", 0, &pl);
	CHECK(st != ST_OK, "empty body refused (no closing delimiter)");
	plist_free(&pl);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ--\r\n");
	st = parse(CT, &b, &pl);
	CHECK(st != ST_OK || pl.n == 0, "close delimiter only: zero params");
	plist_free(&pl);
	free(b.b);

	/* Parts without a usable Content-Disposition. */
	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Type: text/plain\r\n\r\nhello\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "part without Content-Disposition refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nhello\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "part without a name refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
	    "hello\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "part without the blank line refused");
	free(b.b);

	/* A part whose blank line is missing must not swallow the next. */
	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
	    "hello\r\n");
	part(&b, "XyZ", "b", "2");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b),
	    "part headers running over the next delimiter refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
	    "hello\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b),
	    "part headers running into a part without disposition refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; "
	    "name=\"b\"\r\n\r\n1\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "two name parameters refused");
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"
	    "Content-Disposition: form-data; name=\"b\"\r\n\r\n1\r\n");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "two Content-Disposition headers refused");
	free(b.b);

	/* Names go through the same rule as other encodings. */
	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "Bad-Name", "1");
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "part name not [A-Za-z][A-Za-z0-9_]* refused");
	free(b.b);

	/* Delimiter text inside data that is not a delimiter. */
	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "a", "x--XyZ--y --XyZ");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 1 &&
	    has(&pl, "a", PT_STRING, "x--XyZ--y --XyZ", 15),
	    "--XyZ not after CRLF is data");
	plist_free(&pl);
	free(b.b);

	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "a", "x\r\n--XyZa\r\ny");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st != ST_OK || (pl.n == 1 &&
	    has(&pl, "a", PT_STRING, "x\r\n--XyZa\r\ny", 12)),
	    "CRLF--XyZa inside data: kept whole or refused, never split");
	plist_free(&pl);
	free(b.b);

	/* A longer boundary sharing a prefix with ours. */
	b.b = NULL;
	b.n = 0;
	part(&b, "XyZ", "a", "1\r\n--XyZW\r\nContent-Disposition: "
	    "form-data; name=\"evil\"\r\n\r\nx");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st != ST_OK || (pl.n == 1 && find(&pl, "evil") == NULL),
	    "a longer boundary with our prefix does not start a part");
	plist_free(&pl);
	free(b.b);
}

static void
test_filenames(void)
{
	struct buf	b = { NULL, 0 };
	struct plist	pl;
	const struct param *p;
	int		st;

	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"../../etc/passwd\"\r\n\r\nDATA\r\n");
	part(&b, "XyZ", "after", "ok");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	p = find(&pl, "f");
	CHECK(st == ST_OK && pl.n == 2 && p != NULL && p->type == PT_FILE &&
	    p->valsz == 4 && memcmp(p->val, "DATA", 4) == 0 &&
	    has(&pl, "after", PT_STRING, "ok", 2),
	    "path traversal filename parses like any other");
	plist_free(&pl);
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"a\\\"; name=\\\"evil.png\"\r\n\r\nDATA\r\n");
	part(&b, "XyZ", "after", "ok");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	p = find(&pl, "f");
	CHECK(st != ST_OK || (pl.n == 2 && p != NULL && p->valsz == 4 &&
	    find(&pl, "evil.png") == NULL &&
	    has(&pl, "after", PT_STRING, "ok", 2)),
	    "escaped quotes in filename do not change the name");
	plist_free(&pl);
	free(b.b);

	/* Parameters inside a quoted filename are not parameters. */
	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; "
	    "filename=\"my name=evil;.png\"; name=\"f\"\r\n\r\nDATA\r\n");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 1 && find(&pl, "f") != NULL &&
	    find(&pl, "evil") == NULL,
	    "name= inside a quoted filename (before name) not taken as name");
	plist_free(&pl);
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"a'b;c.png\"\r\n\r\nDATA\r\n");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	p = find(&pl, "f");
	CHECK(st == ST_OK && pl.n == 1 && p != NULL && p->type == PT_FILE &&
	    p->valsz == 4, "filename with ' and ; inside quotes");
	plist_free(&pl);
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"a\r\nContent-Disposition: form-data; name=\"evil\""
	    "\r\n\r\nDATA\r\n");
	part(&b, "XyZ", "after", "ok");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st != ST_OK || (find(&pl, "evil") == NULL ||
	    find(&pl, "f") == NULL),
	    "CRLF in filename does not yield both parts' names");
	CHECK(st != ST_OK || (pl.n <= 2 && has(&pl, "after", PT_STRING,
	    "ok", 2)), "CRLF in filename: following part intact");
	plist_free(&pl);
	free(b.b);

	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"" "\xc3\xa9\xe2\x82\xac.png\"\r\n\r\nDATA\r\n");
	close_body(&b, "XyZ");
	st = parse(CT, &b, &pl);
	CHECK(st == ST_OK && pl.n == 1 && find(&pl, "f") &&
	    find(&pl, "f")->type == PT_FILE, "UTF-8 filename accepted");
	plist_free(&pl);
	free(b.b);
}

static void
test_limits(void)
{
	struct buf	b = { NULL, 0 };
	char		name[16];
	size_t		i;

	for (i = 0; i <= REQ_MAX_PARAMS; i++) {
		snprintf(name, sizeof(name), "p%zu", i);
		part(&b, "XyZ", name, "x");
	}
	close_body(&b, "XyZ");
	CHECK(refused(CT, &b), "REQ_MAX_PARAMS + 1 parts refused");
	free(b.b);
}

int
main(void)
{
	PLAN(47);
	test_simple();
	test_file();
	test_framing();
	test_filenames();
	test_limits();
	UNIT_DONE();
}
