/* Minimal unit-test helpers: each CHECK prints one "ok - " or "not ok - "
 * line (counted by tests/run.sh); main returns the number of failures. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

#include "req.h"

static int unit_failed;

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
