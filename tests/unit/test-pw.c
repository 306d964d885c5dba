/* Unit tests of our password logic: fresh salts, verification against the
 * stored setting, the dummy hash for unknown users, refusing what is not a
 * hash of ours, rehash decisions.  What yescrypt itself computes is
 * libxcrypt's business and not tested here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "unit.h"

/* CPU seconds (not wall time: the machine may be busy) of one
 * pw_verify. */
static double
cpu_of_verify(const char *stored, int cost)
{
	struct timespec	a, b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	(void)pw_verify("correct horse", stored, cost);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	return (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static void
test_hash(void)
{
	char	h1[PW_HASH_MAX], h1b[PW_HASH_MAX], h3[PW_HASH_MAX];
	char	small[16];

	memset(h1, 0, sizeof(h1));
	memset(h1b, 0, sizeof(h1b));
	CHECK(pw_hash("correct horse", 1, h1, sizeof(h1)) == 0,
	    "pw_hash cost 1");
	CHECK(pw_hash("correct horse", 1, h1b, sizeof(h1b)) == 0 &&
	    strcmp(h1, h1b) != 0, "same password, fresh salt, different hash");

	CHECK(pw_verify("correct horse", h1, 1) == 1,
	    "right password verifies");
	CHECK(pw_verify("correct horsf", h1, 1) == 0, "wrong password fails");
	CHECK(pw_hash("correct horse", 3, h3, sizeof(h3)) == 0 &&
	    pw_verify("correct horse", h3, 1) == 1,
	    "a hash of another cost (3) verifies at cost 1 (its own setting)");

	CHECK(pw_verify("correct horse", NULL, 1) == 0,
	    "NULL stored hash (unknown user) returns 0");
	CHECK(pw_verify("correct horse", "*", 1) == 0, "locked \"*\": 0");
	CHECK(pw_verify("correct horse", "$y$", 1) == 0,
	    "bare \"$y$\" (crypt fails): 0");

	CHECK(pw_hash("correct horse", 1, small, sizeof(small)) != 0,
	    "too small output buffer refused");
	CHECK(pw_hash("correct horse", 99, h3, sizeof(h3)) != 0,
	    "cost 99 refused");
}

/* An unknown user must cost what a real check costs.  The fastest of a
 * few interleaved runs of each; without the dummy hash the unknown user
 * would take microseconds against milliseconds. */
static void
test_dummy(void)
{
	char	h[PW_HASH_MAX];
	double	real = 1e9, dummy = 1e9, t;
	int	i;

	if (pw_hash("some password", 3, h, sizeof(h)) != 0)
		h[0] = '\0';
	for (i = 0; i < 5; i++) {
		if ((t = cpu_of_verify(h, 3)) < real)
			real = t;
		if ((t = cpu_of_verify(NULL, 3)) < dummy)
			dummy = t;
	}
	if (dummy < real / 4)
		printf("#   real check %.6f s, unknown user %.6f s\n",
		    real, dummy);
	CHECK(h[0] == '$' && dummy >= real / 4,
	    "an unknown user costs as much CPU as a real check");
}

static void
test_rehash(void)
{
	char	h1[PW_HASH_MAX], h2[PW_HASH_MAX];

	CHECK(pw_hash("pass word 1", 1, h1, sizeof(h1)) == 0 &&
	    pw_hash("pass word 1", 2, h2, sizeof(h2)) == 0, "two hashes");
	CHECK(pw_needs_rehash(h1, 1) == 0, "same cost: no rehash");
	CHECK(pw_needs_rehash(h1, 2) == 1, "cost 1 at cost 2: rehash");
	CHECK(pw_needs_rehash(h2, 1) == 1, "cost 2 at cost 1: rehash");
	CHECK(pw_needs_rehash("garbage", 1) == 1, "garbage: rehash");
	CHECK(pw_needs_rehash("$y$", 1) == 1, "bare $y$: rehash");
	CHECK(pw_needs_rehash("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSI"
	    "ecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", 1) == 1,
	    "sha512crypt hash needs rehash");
}

int
main(void)
{
	PLAN(18);
	test_hash();
	test_dummy();
	test_rehash();
	UNIT_DONE();
}
