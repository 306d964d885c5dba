/* Opaque tokens: 256 bits from getrandom(), sent as base64url text and
 * stored only as their SHA-256. */
#ifndef ACCOUNTS_TOK_H
#define ACCOUNTS_TOK_H

#include <stddef.h>

#define TOK_BYTES	32
#define TOK_LEN		43	/* base64url of 32 bytes, no padding */
#define TOK_HASH	32

/* Fills text (TOK_LEN + 1 bytes) with a new token and hash with its
 * SHA-256.  0 on success, -1 if the kernel CSPRNG failed. */
int	tok_new(char *text, unsigned char *hash);

/* SHA-256 of a presented token.  0 if it has the shape of one of ours
 * (TOK_LEN base64url characters), -1 otherwise. */
int	tok_hash(const char *text, unsigned char *hash);

/* Constant-time equality of two buffers of length n. */
int	ct_equal(const void *a, const void *b, size_t n);

/* n bytes from getrandom(); 0 on success. */
int	tok_random(void *buf, size_t n);

/* SHA-256 of any bytes, for codes and the like. */
void	sha256(const void *buf, size_t n, unsigned char *out);

#endif
