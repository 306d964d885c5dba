/* Minimal unit-test helpers: each CHECK prints one "ok - " or "not ok - "
 * line (counted by tests/run.sh); main returns the number of failures. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

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

#endif
