/* Password hashing with yescrypt through libxcrypt's crypt_gensalt_rn and
 * crypt_rn; verification is constant-time and costs the same for unknown
 * users (a dummy hash is computed). */
#ifndef ACCOUNTS_PW_H
#define ACCOUNTS_PW_H

#include <stddef.h>

#define PW_HASH_MAX	128	/* buffer size for a stored hash */
#define PW_MIN_LEN	8
/* libxcrypt takes at most CRYPT_MAX_PASSPHRASE_SIZE - 1 bytes: longer
 * passwords are refused (1006), never cut or hashed differently. */
#define PW_MAX_LEN	511

/* Hashes pw with a fresh salt at the given cost into out.  ST_OK or
 * ST_INTERNAL. */
int	pw_hash(const char *pw, int cost, char *out, size_t outsz);

/* 1 if pw matches stored; 0 otherwise.  With stored == NULL it hashes a
 * dummy at the given cost and returns 0, so unknown users take as long. */
int	pw_verify(const char *pw, const char *stored, int cost);

/* 1 if stored is not yescrypt at the given cost (rehash on login). */
int	pw_needs_rehash(const char *stored, int cost);

#endif
