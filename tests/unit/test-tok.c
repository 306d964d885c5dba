/* Unit tests of tokens: their shape, what is stored of them, which texts
 * tok_hash refuses; and the polarity of our constant-time compare.  SHA-256
 * and memeql_sec themselves are nettle's, not tested here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

static int
b64url(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static void
test_tok(void)
{
	char		t1[TOK_LEN + 8], t2[TOK_LEN + 8];
	unsigned char	h1[TOK_HASH], h2[TOK_HASH], hh[TOK_HASH];
	char		bad[TOK_LEN + 8];

	memset(t1, 'Z', sizeof(t1));
	memset(t2, 'Z', sizeof(t2));
	CHECK(tok_new(t1, h1) == 0 && tok_new(t2, h2) == 0,
	    "tok_new succeeds twice");
	CHECK(t1[TOK_LEN] == '\0' && strlen(t1) == TOK_LEN,
	    "token is TOK_LEN characters, NUL-terminated");
	CHECK(t1[TOK_LEN + 1] == 'Z', "tok_new writes TOK_LEN + 1 bytes only");
	CHECK(b64url(t1, TOK_LEN) && b64url(t2, TOK_LEN),
	    "token characters are base64url");
	CHECK(strcmp(t1, t2) != 0, "two tokens differ");

	memset(hh, 0, sizeof(hh));
	CHECK(tok_hash(t1, hh) == 0 && memcmp(hh, h1, TOK_HASH) == 0,
	    "tok_hash(tok) equals the hash tok_new gave");
	memset(hh, 0, sizeof(hh));
	sha256(t1, TOK_LEN, hh);
	CHECK(memcmp(hh, h1, TOK_HASH) == 0,
	    "the stored hash is sha256 of the token text");

	memcpy(bad, t1, TOK_LEN + 1);
	bad[TOK_LEN - 1] = '\0';
	CHECK(tok_hash(bad, hh) != 0, "TOK_LEN - 1 chars refused");
	memcpy(bad, t1, TOK_LEN);
	bad[TOK_LEN] = 'A';
	bad[TOK_LEN + 1] = '\0';
	CHECK(tok_hash(bad, hh) != 0, "TOK_LEN + 1 chars refused");
	CHECK(tok_hash("", hh) != 0, "empty token refused");
	memcpy(bad, t1, TOK_LEN + 1);
	bad[5] = '+';
	CHECK(tok_hash(bad, hh) != 0, "'+' (base64, not base64url) refused");
	bad[5] = '/';
	CHECK(tok_hash(bad, hh) != 0, "'/' refused");
	bad[5] = '=';
	CHECK(tok_hash(bad, hh) != 0, "'=' refused");
	bad[5] = ' ';
	CHECK(tok_hash(bad, hh) != 0, "space refused");
	bad[5] = '\xc3';
	CHECK(tok_hash(bad, hh) != 0, "non-ASCII byte refused");
	memcpy(bad, t1, TOK_LEN + 1);
	bad[TOK_LEN - 1] = '.';
	CHECK(tok_hash(bad, hh) != 0, "bad last character refused");
	memset(bad, 'A', TOK_LEN);
	bad[TOK_LEN] = '\0';
	CHECK(tok_hash(bad, hh) == 0, "any TOK_LEN base64url chars accepted");
}

/* ct_equal wraps nettle's memeql_sec: non-zero means equal, over n bytes. */
static void
test_ct_equal(void)
{
	unsigned char	a[32], b[32];

	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	CHECK(ct_equal(a, b, sizeof(a)) != 0, "equal buffers equal");
	b[31] ^= 0x80;
	CHECK(ct_equal(a, b, sizeof(a)) == 0, "last byte differs");
	CHECK(ct_equal(a, b, 31) != 0, "only n bytes compared");
}

int
main(void)
{
	PLAN(20);
	test_tok();
	test_ct_equal();
	UNIT_DONE();
}
