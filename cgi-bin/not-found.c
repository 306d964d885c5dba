/* Every path under /api/ that no endpoint serves: a JSON 404. */
#include <stdio.h>

#include "accounts.h"

int
main(void)
{
	struct resp r = { 0 };

	resp_send(stdout, &r, ST_NOT_FOUND);
	return 0;
}
