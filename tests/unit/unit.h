/* Minimal unit-test helpers.  main starts with PLAN(n), n being the number
 * of CHECKs it will make; each CHECK prints one "ok - " or "not ok - "
 * line; UNIT_DONE returns non-zero if any failed.  tests/run.sh holds the
 * program to its plan, so a crash half-way is a failure. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

#include "req.h"

static int unit_failed;

/* The plan line.  stdout becomes line-buffered first: into a pipe it
 * would be fully buffered, and a crash would lose every line printed. */
#define PLAN(n) do {							\
	setvbuf(stdout, NULL, _IOLBF, 0);				\
	printf("1..%d\n", (int)(n));					\
} while (0)

#define CHECK(cond, desc) do {						\
	if (cond)							\
		printf("ok - %s\n", (desc));				\
	else {								\
		printf("not ok - %s\n#   %s:%d: %s\n", (desc),	\
		    __FILE__, __LINE__, #cond);				\
		unit_failed++;						\
	}								\
} while (0)

#define UNIT_DONE()	return unit_failed != 0

/* The param named name in pl, or NULL. */
static inline const struct param *
find(const struct plist *pl, const char *name)
{
	size_t	i;

	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->p[i].name, name) == 0)
			return &pl->p[i];
	return NULL;
}

/* 1 if name is in pl with type t and value val (valsz bytes, then NUL). */
static inline int
has(const struct plist *pl, const char *name, enum ptype t,
    const void *val, size_t valsz)
{
	const struct param *p;

	if ((p = find(pl, name)) == NULL)
		return 0;
	return p->type == t && p->valsz == valsz &&
	    memcmp(p->val, val, valsz) == 0 && p->val[valsz] == '\0';
}

#endif
