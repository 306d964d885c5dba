/* Unit tests of tokens, constant-time comparison and SHA-256. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

/* Hex of a 32-byte digest into out (65 bytes). */
static void
hex(const unsigned char *d, char *out)
{
	static const char x[] = "0123456789abcdef";
	size_t	i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[64] = '\0';
}

static int
sha_is(const void *buf, size_t n, const char *want)
{
	unsigned char	d[32];
	char		h[65];

	memset(d, 0, sizeof(d));
	sha256(buf, n, d);
	hex(d, h);
	return strcmp(h, want) == 0;
}

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
test_sha256(void)
{
	char	*m;

	CHECK(sha_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad"), "sha256(\"abc\")");
	CHECK(sha_is("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855"), "sha256(\"\")");
	CHECK(sha_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1"),
	    "sha256 of 56 bytes (2 blocks)");
	if ((m = malloc(1000000)) == NULL)
		abort();
	memset(m, 'a', 1000000);
	CHECK(sha_is(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0"), "sha256 of a million 'a'");
	free(m);
	CHECK(sha_is("a\0b", 3, "59b271ae1bbcb1d31d41929817f4b16f"
	    "b439eb4f31520b5ad1d5ce98920a7138"), "sha256 hashes past a NUL");
	if ((m = malloc(65)) == NULL)
		abort();
	memset(m, 'x', 65);
	CHECK(sha_is(m, 55, "d5e285683cd4efc02d021a5c62014694"
	    "958901005d6f71e89e0989fac77e4072"), "sha256 of 55 bytes");
	CHECK(sha_is(m, 63, "75220b47218278e656f2013bb8f0c455"
	    "a25eaf01e86c64924e9d48d89776d6f2"), "sha256 of 63 bytes");
	CHECK(sha_is(m, 64, "7ce100971f64e7001e8fe5a51973ecdf"
	    "e1ced42befe7ee8d5fd6219506b5393c"), "sha256 of 64 bytes");
	CHECK(sha_is(m, 65, "9537c5fdf120482f7d58d25e9ed583f5"
	    "2c02b4e304ea814db1633ad565aed7e9"), "sha256 of 65 bytes");
	free(m);
}

static void
test_tok(void)
{
	char		t1[TOK_LEN + 8], t2[TOK_LEN + 8];
	unsigned char	h1[TOK_HASH], h2[TOK_HASH], hh[TOK_HASH];
	unsigned char	zero[TOK_HASH];
	char		bad[TOK_LEN + 8];

	memset(t1, 'Z', sizeof(t1));
	memset(t2, 'Z', sizeof(t2));
	memset(zero, 0, sizeof(zero));
	CHECK(tok_new(t1, h1) == 0, "tok_new succeeds");
	CHECK(tok_new(t2, h2) == 0, "tok_new succeeds again");
	CHECK(t1[TOK_LEN] == '\0' && strlen(t1) == TOK_LEN,
	    "token is TOK_LEN characters, NUL-terminated");
	CHECK(t1[TOK_LEN + 1] == 'Z', "tok_new writes TOK_LEN + 1 bytes only");
	CHECK(b64url(t1, TOK_LEN) && b64url(t2, TOK_LEN),
	    "token characters are base64url");
	CHECK(strcmp(t1, t2) != 0, "two tokens differ");
	CHECK(memcmp(h1, h2, TOK_HASH) != 0, "two token hashes differ");
	CHECK(memcmp(h1, zero, TOK_HASH) != 0, "hash is filled in");

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

static void
test_ct_equal(void)
{
	unsigned char	a[32], b[32];

	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	CHECK(ct_equal(a, b, sizeof(a)) != 0, "equal buffers equal");
	b[0] ^= 1;
	CHECK(ct_equal(a, b, sizeof(a)) == 0, "first byte differs");
	b[0] ^= 1;
	b[31] ^= 0x80;
	CHECK(ct_equal(a, b, sizeof(a)) == 0, "last byte differs");
	CHECK(ct_equal(a, b, 31) != 0, "only n bytes compared");
	CHECK(ct_equal(a, b, 0) != 0, "zero-length buffers equal");
	CHECK(ct_equal("ab", "ba", 2) == 0, "permuted bytes differ");
}

int
main(void)
{
	PLAN(35);
	test_sha256();
	test_tok();
	test_ct_equal();
	UNIT_DONE();
}
