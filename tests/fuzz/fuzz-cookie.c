/* libFuzzer target: req_cookie.  It reads HTTP_COOKIE from the
 * environment, so each input is set there: the input is
 * "SIZE NAME\nHEADER", SIZE (one byte) the size of the caller's buffer,
 * which is a heap block of exactly that size so that any write past it is
 * an ASan report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* True if "NAME=VALUE" (pair) is a whole cookie of header: at its start
 * or after a ';' and spaces, and followed by its end, ';' or a space. */
static int
cookie_at(const char *header, const char *pair)
{
	const char	*p, *b;
	size_t		 n = strlen(pair);

	for (p = header; (p = strstr(p, pair)) != NULL; p++) {
		for (b = p; b > header && (b[-1] == ' ' || b[-1] == ';'); b--)
			;
		if ((b == header || memchr(b, ';', p - b) != NULL) &&
		    (p[n] == '\0' || p[n] == ';' || p[n] == ' '))
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*rest;
	size_t		 restsz, bufsz, vl;
	char		*name, *header, *buf, *at;
	int		 rc;

	if (size < 1)
		return 0;
	bufsz = data[0] % 80;
	name = fuzz_split(data + 1, size - 1, &rest, &restsz);
	header = fuzz_strndup(rest, restsz);
	FUZZ_ASSERT(setenv("HTTP_COOKIE", header, 1) == 0);
	buf = malloc(bufsz);
	FUZZ_ASSERT(bufsz == 0 || buf != NULL);

	rc = req_cookie(name, buf, bufsz);
	FUZZ_ASSERT(rc == 0 || rc == -1 || rc == -2);
	if (rc == 0) {
		/* a found value fits, and follows "NAME=" in the header */
		vl = strlen(buf);
		FUZZ_ASSERT(vl < bufsz);
		at = malloc(strlen(name) + vl + 2);
		FUZZ_ASSERT(at != NULL);
		strcpy(at, name);
		strcat(at, "=");
		strcat(at, buf);
		FUZZ_ASSERT(cookie_at(header, at));
		FUZZ_ASSERT(strchr(buf, ';') == NULL);
		FUZZ_ASSERT(vl == 0 || buf[vl - 1] != ' ');
		free(at);
	}
	if (rc == -2 && bufsz > 0)
		FUZZ_ASSERT(buf[0] == '\0');
	/* a plain name in the first cookie is always found */
	if (strcspn(name, "; =") == strlen(name) &&
	    strncmp(header, name, strlen(name)) == 0 &&
	    header[strlen(name)] == '=')
		FUZZ_ASSERT(rc != -1);
	free(buf);
	free(header);
	free(name);
	return 0;
}
