/* Fake unit test for tests/runner: two of three planned checks pass,
 * then abort().  Its output goes into a pipe: only line buffering (set by
 * PLAN) gets the plan and the two lines out before the crash. */
#include <stdlib.h>

#include "unit.h"

int
main(void)
{
	PLAN(3);
	CHECK(1, "first");
	CHECK(1, "second");
	abort();
}
