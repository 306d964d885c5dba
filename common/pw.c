/* yescrypt password hashing through libxcrypt. */
#include <crypt.h>
#include <string.h>

#include "log.h"
#include "pw.h"
#include "status.h"
#include "tok.h"

_Static_assert(PW_MAX_LEN < CRYPT_MAX_PASSPHRASE_SIZE,
    "every accepted password must be one libxcrypt hashes");

/* crypt_rn's work area is ~32 KiB: keep it off the stack. */
static struct crypt_data cd;

static int
setting(int cost, char *out, size_t sz)
{
	if (crypt_gensalt_rn("$y$", (unsigned long)cost, NULL, 0, out,
	    (int)sz) == NULL) {
		logmsg("crypt_gensalt_rn failed (cost %d)", cost);
		return -1;
	}
	return 0;
}

int
pw_hash(const char *pw, int cost, char *out, size_t outsz)
{
	char		 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	const char	*h;

	if (setting(cost, salt, sizeof(salt)) != 0)
		return ST_INTERNAL;
	h = crypt_rn(pw, salt, &cd, sizeof(cd));
	if (h == NULL || h[0] == '*' || strlen(h) >= outsz) {
		logmsg("crypt_rn failed (cost %d)", cost);
		return ST_INTERNAL;
	}
	strcpy(out, h);
	return ST_OK;
}

int
pw_verify(const char *pw, const char *stored, int cost)
{
	char		 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	const char	*h;
	size_t		 n;

	if (stored == NULL || stored[0] != '$') {
		/* Same work as a real check, so timing says nothing. */
		if (setting(cost, salt, sizeof(salt)) == 0)
			(void)crypt_rn(pw, salt, &cd, sizeof(cd));
		return 0;
	}
	h = crypt_rn(pw, stored, &cd, sizeof(cd));
	if (h == NULL || h[0] == '*')
		return 0;
	n = strlen(stored);
	return strlen(h) == n && ct_equal(h, stored, n);
}

int
pw_needs_rehash(const char *stored, int cost)
{
	char		 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	const char	*end;

	if (stored == NULL || strncmp(stored, "$y$", 3) != 0 ||
	    setting(cost, salt, sizeof(salt)) != 0)
		return 1;
	/* "$y$j9T$salt$hash": compare the parameter field "$y$j9T$". */
	if ((end = strchr(salt + 3, '$')) == NULL)
		return 1;
	return strncmp(stored, salt, (size_t)(end - salt) + 1) != 0;
}
