/* iso8601(): our own UTC formatting (no time zone files) must agree with
 * libc's gmtime_r + strftime everywhere in 1970..9999. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "str.h"
#include "unit.h"

static int
agrees(int64_t t)
{
	char		 ours[32], libc[32];
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	iso8601(t, ours);
	gmtime_r(&tt, &tm);
	strftime(libc, sizeof(libc), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (strcmp(ours, libc) != 0)
		printf("#   %lld: ours %s, libc %s\n", (long long)t, ours, libc);
	return strcmp(ours, libc) == 0;
}

int
main(void)
{
	static const int64_t edges[] = {
		0, 1, 59, 3599, 86399, 86400,
		951782400,	/* 2000-02-29 (leap century) */
		951868800,	/* 2000-03-01 */
		4107542400LL,	/* 2100-03-01 (no Feb 29 in 2100) */
		1700000000, 1798761599,
		INT64_C(253402300799),	/* 9999-12-31T23:59:59Z */
	};
	char	 buf[32];
	size_t	 i;
	int64_t	 t;
	int	 ok = 1;

	PLAN(4);

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		ok &= agrees(edges[i]);
	CHECK(ok, "edge dates agree with gmtime_r");
	ok = 1;
	for (t = 0; t <= INT64_C(253402300799) && ok; t += 86400 * 5 + 3607)
		ok &= agrees(t);
	CHECK(ok, "every 5 days and an hour, 1970..9999, agree with gmtime_r");
	iso8601(-1, buf);
	CHECK(strcmp(buf, "1970-01-01T00:00:00Z") == 0,
	    "negative times clamp to the epoch");
	iso8601(INT64_C(253402300800), buf);
	CHECK(strlen(buf) == 20 && buf[19] == 'Z',
	    "times past 9999 keep the 20-character shape");
	UNIT_DONE();
}
