/* Shared by the libFuzzer targets: what every parser result must satisfy
 * whatever the input.  A broken invariant aborts, which libFuzzer saves as
 * a crash like any sanitizer report. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "status.h"

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

const char *__asan_default_options(void);

/* Inputs are heap blocks of exactly their size: a string function that
 * reads past the end of one (even where the bytes it compared differed
 * before) is a report, not luck. */
const char *
__asan_default_options(void)
{
	return "strict_string_checks=1:detect_stack_use_after_return=1";
}

/* A NUL-terminated copy of data[0..n), as parsers of C strings get. */
static inline char *
fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	FUZZ_ASSERT(s != NULL);
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Splits data at the first '\n': head (a C string the caller frees) and
 * the rest.  No '\n': everything is the head. */
static inline char *
fuzz_split(const uint8_t *data, size_t size, const uint8_t **rest,
    size_t *restsz)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl != NULL ? (size_t)(nl - data) : size;

	*rest = nl != NULL ? nl + 1 : data + size;
	*restsz = size - n - (nl != NULL);
	return fuzz_strndup(data, n);
}

/* Every parser returns one of the statuses it documents; on success the
 * list holds at most REQ_MAX_PARAMS params with names [A-Za-z][A-Za-z0-9_]* of
 * at most REQ_MAX_NAME bytes and NUL-terminated values of valsz bytes. */
static inline void
fuzz_check_plist(int rc, const struct plist *pl)
{
	size_t	i, k, n;

	FUZZ_ASSERT(rc == ST_OK || rc == ST_INVALID || rc == ST_MEDIA_TYPE);
	FUZZ_ASSERT(pl->n <= REQ_MAX_PARAMS);
	FUZZ_ASSERT(pl->n == 0 || pl->p != NULL);
	for (i = 0; i < pl->n; i++) {
		const struct param *p = &pl->p[i];

		n = strlen(p->name);
		FUZZ_ASSERT(n > 0 && n <= REQ_MAX_NAME);
		FUZZ_ASSERT((p->name[0] >= 'a' && p->name[0] <= 'z') ||
		    (p->name[0] >= 'A' && p->name[0] <= 'Z'));
		for (k = 1; k < n; k++)
			FUZZ_ASSERT((p->name[k] >= 'a' && p->name[k] <= 'z') ||
			    (p->name[k] >= 'A' && p->name[k] <= 'Z') ||
			    (p->name[k] >= '0' && p->name[k] <= '9') ||
			    p->name[k] == '_');
		FUZZ_ASSERT(p->val != NULL && p->val[p->valsz] == '\0');
		FUZZ_ASSERT((p->type == PT_FILE) == (p->filename != NULL));
	}
}

#endif
