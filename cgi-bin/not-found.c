/* Every path under /api/ that no endpoint serves: a JSON 404. */
#include <stdio.h>

#include "accounts.h"

int
main(void)
{
	struct resp	r;
	struct req	q = { 0 };

	resp_init(&r);
	resp_send(stdout, &r, ST_NOT_FOUND, NULL);
	req_drain(&q, 64 * 1024 * 1024);
	return 0;
}
