/* Unit tests of the streaming multipart parser: on every body of a set
 * (good and bad), it must agree with the in-memory parser however the
 * body is cut into reads, hand the sink's file over byte for byte, and
 * keep its limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

#define CT	"multipart/form-data; boundary=XyZ"

struct buf {
	char	*b;
	size_t	 n;
};

/* The room a buffer of N bytes has: the next power of two, so that
 * adding byte by byte is not quadratic (under ASan, every realloc
 * copies). */
static size_t
room(size_t n)
{
	size_t	c = 64;

	while (c < n)
		c *= 2;
	return c;
}

static void
add(struct buf *b, const void *p, size_t n)
{
	if ((b->b == NULL || room(b->n + 1) < b->n + n + 1) &&
	    (b->b = realloc(b->b, room(b->n + n + 1))) == NULL)
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

/* A reader over memory that hands out at most chunk bytes per read and
 * ends early (0) after stop bytes, or fails (-1) there when fail. */
struct src {
	const char	*p;
	size_t		 n, off, chunk, stop;
	int		 fail;
};

static ssize_t
src_read(void *arg, void *buf, size_t n)
{
	struct src *s = arg;

	if (s->off >= s->stop)
		return s->fail ? -1 : 0;
	if (n > s->chunk)
		n = s->chunk;
	if (n > s->stop - s->off)
		n = s->stop - s->off;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

/* A sink collecting into memory, with a limit and the kind it saw. */
struct sinkbuf {
	struct buf	 got;
	size_t		 max;
	int		 opened;
	char		 kind[16];
};

static size_t
sb_max(void *arg, const struct plist *so_far)
{
	struct sinkbuf	*s = arg;
	const struct param *k = find(so_far, "kind");

	snprintf(s->kind, sizeof(s->kind), "%s", k != NULL ? k->val : "");
	return s->max;
}

static int
sb_open(void *arg)
{
	((struct sinkbuf *)arg)->opened++;
	return ST_OK;
}

static int
sb_write(void *arg, const void *p, size_t n)
{
	add(&((struct sinkbuf *)arg)->got, p, n);
	return ST_OK;
}

static int
stream(const char *ct, const struct buf *b, size_t chunk, size_t max_fields,
    struct sinkbuf *sb, struct plist *pl, size_t *consumed)
{
	struct src	s = { b->b, b->n, 0, chunk, b->n, 0 };
	struct req_sink	k = { "file", sb_max, sb_open, sb_write, sb, NULL };

	memset(pl, 0, sizeof(*pl));
	free(sb->got.b);
	sb->got.b = NULL;
	sb->got.n = 0;
	sb->opened = 0;
	return req_parse_multipart_stream(ct, src_read, &s, b->n, max_fields,
	    &k, pl, consumed);
}

/* 1 if the stream parse of b at this chunk size agrees with the
 * in-memory parse. */
static int
agrees(const struct buf *b, size_t chunk)
{
	struct sinkbuf	 sb = { { NULL, 0 }, SIZE_MAX, 0, "" };
	struct plist	 m, s;
	const struct param *a, *c;
	size_t		 i, used;
	int		 sm, ss, ok;

	memset(&m, 0, sizeof(m));
	sm = req_parse_multipart(CT, b->b, b->n, &m);
	ss = stream(CT, b, chunk, SIZE_MAX, &sb, &s, &used);
	ok = (sm == ST_OK) == (ss == ST_OK);
	for (i = 0; ok && sm == ST_OK && i < m.n; i++) {
		a = &m.p[i];
		c = &s.p[i];
		ok = m.n == s.n && strcmp(a->name, c->name) == 0 &&
		    a->type == c->type && a->valsz == c->valsz &&
		    (a->filename == NULL) == (c->filename == NULL) &&
		    (a->filename == NULL ||
		    strcmp(a->filename, c->filename) == 0);
		if (ok && c->spooled)
			ok = i == 0 || !s.p[0].spooled ?
			    sb.got.n == a->valsz && (a->valsz == 0 ||
			    memcmp(sb.got.b, a->val, a->valsz) == 0) : 1;
		else if (ok)	/* an empty value may have no buffer */
			ok = a->valsz == 0 ||
			    memcmp(a->val, c->val, a->valsz) == 0;
	}
	plist_free(&m);
	plist_free(&s);
	free(sb.got.b);
	return ok;
}

/* The bodies both parsers are held to. */
static size_t
bodies(struct buf *out)
{
	static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
	    "\r\n--Xy\r\n\0\xff\r\n\r\nx--XyZ\r\n--X--\r\n-\r\n--XyZ-";
	static const char *const texts[] = {
		/* good */
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		    "1\r\n--XyZ--\r\n",
		"preamble\r\n--XyZ\r\nContent-Disposition: form-data; "
		    "name=\"a\"\r\n\r\n1\r\n--XyZ--\r\nepilogue --XyZ junk",
		"--XyZ  \t\r\nContent-Disposition: form-data; name=\"a\"\r\n"
		    "\r\nx--XyZ--y --XyZ\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		    "filename=\"e.txt\"\r\n\r\n\r\n--XyZ--\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		    "1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\""
		    "\r\n\r\n2\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"other\"; "
		    "filename=\"o.bin\"\r\n\r\nnot the sink's\r\n--XyZ--",
		"--XyZ--\r\n",
		/* bad */
		"",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"",
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nhello"
		    "\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"Bad\"\r\n\r\n"
		    "1\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		    "1\r\n--XyZ",
		"--XyZx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		    "1\r\n--XyZ--",
	};
	size_t	i, n = 0;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++, n++) {
		out[n].b = NULL;
		out[n].n = 0;
		add(&out[n], texts[i], strlen(texts[i]));
	}
	/* a file with every near-delimiter, between two text parts */
	out[n].b = NULL;
	out[n].n = 0;
	adds(&out[n], "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"kind\"\r\n\r\nimage\r\n--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"file\"; filename=\"p.png\"\r\n"
	    "Content-Type: image/png\r\n\r\n");
	add(&out[n], bin, sizeof(bin) - 1);
	adds(&out[n], "\r\n--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"after\"\r\n\r\nz\r\n--XyZ--\r\n");
	return n + 1;
}

static void
test_agreement(void)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 64, 4096, 1 << 20 };
	struct buf	b[32];
	size_t		n, i, k, bad = 0, first = 0;

	n = bodies(b);
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++)
			if (!agrees(&b[i], chunks[k]) && bad++ == 0)
				first = i;
		free(b[i].b);
	}
	printf("# %zu bodies, %zu disagreements (first: body %zu)\n", n, bad,
	    first);
	CHECK(bad == 0, "stream and in-memory parsers agree on every body, "
	    "at every read size");
}

/* A body with one big file (random bytes seeded with CRLF--XyZ near
 * misses) between fields. */
static void
big_body(struct buf *b, size_t size, struct buf *file)
{
	size_t	i;
	char	c;

	srand(7);
	file->b = NULL;
	file->n = 0;
	for (i = 0; i < size; i++) {
		c = (char)(rand() & 0xff);
		if (i % 9973 == 0)
			adds(file, "\r\n--Xyz\r\n-");	/* near misses */
		add(file, &c, 1);
	}
	b->b = NULL;
	b->n = 0;
	adds(b, "--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n"
	    "\r\nvoice\r\n--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"file\"; filename=\"big\"\r\n\r\n");
	add(b, file->b, file->n);
	adds(b, "\r\n--XyZ--\r\n");
}

static void
test_big(void)
{
	struct sinkbuf	 sb = { { NULL, 0 }, SIZE_MAX, 0, "" };
	struct buf	 b, file;
	struct plist	 pl;
	const struct param *p;
	size_t		 used;
	int		 st;

	big_body(&b, 3 * 1024 * 1024 + 17, &file);
	st = stream(CT, &b, 4093, 1024, &sb, &pl, &used);
	p = find(&pl, "file");
	CHECK(st == ST_OK && p != NULL && p->spooled && p->type == PT_FILE &&
	    p->valsz == file.n, "3 MiB file streamed: spooled PT_FILE, size");
	CHECK(sb.got.n == file.n && memcmp(sb.got.b, file.b, file.n) == 0,
	    "3 MiB file: the sink got every byte, in order");
	CHECK(sb.opened == 1 && strcmp(sb.kind, "voice") == 0,
	    "sink opened once; its limit asked with the kind sent before");
	CHECK(used == b.n, "every byte of the body consumed");
	plist_free(&pl);

	sb.max = file.n;
	st = stream(CT, &b, 65536, 1024, &sb, &pl, &used);
	CHECK(st == ST_OK, "file of exactly the sink's limit accepted");
	plist_free(&pl);
	sb.max = file.n - 1;
	st = stream(CT, &b, 65536, 1024, &sb, &pl, &used);
	CHECK(st == ST_TOO_LARGE && sb.got.n <= file.n - 1,
	    "one byte over the sink's limit: ST_TOO_LARGE, no more written");
	plist_free(&pl);
	sb.max = 1024 * 1024;
	st = stream(CT, &b, 65536, 1024, &sb, &pl, &used);
	CHECK(st == ST_TOO_LARGE && sb.got.n <= sb.max &&
	    used < sb.max + 2 * 65536,
	    "3 MiB file, 1 MiB limit: refused once 1 MiB is passed, the rest "
	    "unread");
	plist_free(&pl);

	sb.max = SIZE_MAX;
	st = stream(CT, &b, 65536, 4, &sb, &pl, &used);
	CHECK(st == ST_TOO_LARGE, "fields over max_fields: ST_TOO_LARGE");
	plist_free(&pl);
	free(sb.got.b);
	free(b.b);
	free(file.b);
}

static void
test_short(void)
{
	struct sinkbuf	 sb = { { NULL, 0 }, SIZE_MAX, 0, "" };
	struct buf	 b, file;
	struct plist	 pl;
	struct req_sink	 k = { "file", sb_max, sb_open, sb_write, &sb, NULL };
	struct src	 s;
	size_t		 used;
	int		 st;

	big_body(&b, 300000, &file);
	s = (struct src){ b.b, b.n, 0, 65536, b.n / 2, 0 };
	memset(&pl, 0, sizeof(pl));
	st = req_parse_multipart_stream(CT, src_read, &s, b.n, 1024, &k, &pl,
	    &used);
	CHECK(st == ST_INVALID && used == b.n / 2,
	    "client gone half-way (EOF): ST_INVALID after what came");
	plist_free(&pl);
	s = (struct src){ b.b, b.n, 0, 65536, b.n / 2, 1 };
	st = req_parse_multipart_stream(CT, src_read, &s, b.n, 1024, &k, &pl,
	    &used);
	CHECK(st == ST_INVALID, "read error half-way: ST_INVALID");
	plist_free(&pl);

	/* a second file for the sink is listed (fields_check refuses the
	 * pair) but not written */
	free(b.b);
	b.b = NULL;
	b.n = 0;
	adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"1\"\r\n\r\nfirst\r\n--XyZ\r\nContent-Disposition: "
	    "form-data; name=\"file\"; filename=\"2\"\r\n\r\nsecond!\r\n"
	    "--XyZ--");
	st = stream(CT, &b, 3, 1024, &sb, &pl, &used);
	CHECK(st == ST_OK && pl.n == 2 && pl.p[1].spooled &&
	    sb.got.n == 5 && memcmp(sb.got.b, "first", 5) == 0,
	    "second file part of the sink: listed, not written");
	plist_free(&pl);
	st = stream("multipart/form-data", &b, 3, 1024, &sb, &pl, &used);
	CHECK(st == ST_INVALID, "no boundary: ST_INVALID");
	plist_free(&pl);
	free(sb.got.b);
	free(b.b);
	free(file.b);
}

int
main(void)
{
	PLAN(13);
	test_agreement();
	test_big();
	test_short();
	UNIT_DONE();
}
