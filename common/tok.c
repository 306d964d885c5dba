/* Tokens from the kernel CSPRNG, stored as SHA-256 (nettle). */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "log.h"
#include "str.h"
#include "tok.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
sha256(const void *buf, size_t n, unsigned char *out)
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, buf);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

int
ct_equal(const void *a, const void *b, size_t n)
{
	return memeql_sec(a, b, n);
}

/* base64url without padding; out needs 4 * ceil(n / 3) + 1 bytes. */
static void
encode(const unsigned char *in, size_t n, char *out)
{
	size_t		i, o = 0;
	uint32_t	v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		if (i + 1 < n)
			out[o++] = b64url[v >> 6 & 63];
		if (i + 2 < n)
			out[o++] = b64url[v & 63];
	}
	out[o] = '\0';
}

int
tok_random(void *buf, size_t n)
{
	size_t	got = 0;
	ssize_t	k;

	while (got < n) {
		k = getrandom((char *)buf + got, n - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			logmsg("getrandom: %s", strerror(errno));
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

int
tok_new(char *text, unsigned char *hash)
{
	unsigned char raw[TOK_BYTES];

	if (tok_random(raw, sizeof(raw)) != 0)
		return -1;
	encode(raw, sizeof(raw), text);
	sha256(text, TOK_LEN, hash);
	return 0;
}

int
tok_hash(const char *text, unsigned char *hash)
{
	if (!token_shape(text, TOK_LEN))
		return -1;
	sha256(text, TOK_LEN, hash);
	return 0;
}
