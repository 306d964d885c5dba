/* Unit tests of password hashing, verification and rehash detection. */
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "unit.h"

static void
test_hash(void)
{
	char	h1[PW_HASH_MAX], h1b[PW_HASH_MAX], h2[PW_HASH_MAX];
	char	h3[PW_HASH_MAX], small[16];
	int	cost;
	char	desc[64];

	for (cost = 1; cost <= 3; cost++) {
		char	h[PW_HASH_MAX];

		memset(h, 0, sizeof(h));
		snprintf(desc, sizeof(desc), "cost %d hash is \"$y$...\"",
		    cost);
		CHECK(pw_hash("hunter2hunter2", cost, h, sizeof(h)) == 0 &&
		    strncmp(h, "$y$", 3) == 0 && strlen(h) > 20, desc);
	}

	memset(h1, 0, sizeof(h1));
	memset(h1b, 0, sizeof(h1b));
	CHECK(pw_hash("correct horse", 1, h1, sizeof(h1)) == 0,
	    "pw_hash cost 1");
	CHECK(pw_hash("correct horse", 1, h1b, sizeof(h1b)) == 0 &&
	    strcmp(h1, h1b) != 0, "same password, fresh salt, different hash");
	CHECK(pw_hash("correct horse", 2, h2, sizeof(h2)) == 0,
	    "pw_hash cost 2");
	CHECK(pw_hash("correct horse", 3, h3, sizeof(h3)) == 0,
	    "pw_hash cost 3");
	CHECK(strncmp(h1, h2, 7) != 0, "cost is encoded in the setting");

	CHECK(pw_verify("correct horse", h1, 1) == 1,
	    "right password verifies");
	CHECK(pw_verify("correct horsf", h1, 1) == 0, "wrong password fails");
	CHECK(pw_verify("correct hors", h1, 1) == 0, "prefix fails");
	CHECK(pw_verify("correct horse ", h1, 1) == 0, "suffix fails");
	CHECK(pw_verify("", h1, 1) == 0, "empty password fails");
	CHECK(pw_verify("correct horse", h3, 1) == 1,
	    "hash of another cost (3) verifies at cost 1");
	CHECK(pw_verify("correct horse", h1, 3) == 1,
	    "hash of another cost (1) verifies at cost 3");
	CHECK(pw_verify("correct horse", NULL, 1) == 0,
	    "NULL stored hash (unknown user) returns 0");
	CHECK(pw_verify("", NULL, 1) == 0, "NULL stored, empty password: 0");
	CHECK(pw_verify("correct horse", "", 1) == 0, "empty stored hash: 0");
	CHECK(pw_verify("correct horse", "*", 1) == 0, "locked \"*\": 0");
	CHECK(pw_verify("correct horse", "!", 1) == 0, "locked \"!\": 0");
	CHECK(pw_verify("correct horse", "garbage", 1) == 0, "garbage: 0");
	CHECK(pw_verify("correct horse", "$y$", 1) == 0, "bare \"$y$\": 0");

	CHECK(pw_hash("correct horse", 1, small, sizeof(small)) != 0,
	    "too small output buffer refused");
	CHECK(pw_hash("correct horse", 0, h2, sizeof(h2)) != 0 ||
	    strncmp(h2, "$y$", 3) == 0, "cost 0 refused or still yescrypt");
	CHECK(pw_hash("correct horse", 99, h2, sizeof(h2)) != 0,
	    "cost 99 refused");
}

static void
test_rehash(void)
{
	char		 h1[PW_HASH_MAX], h2[PW_HASH_MAX];
	const char	*setting, *sha;

	CHECK(pw_hash("pass word 1", 1, h1, sizeof(h1)) == 0 &&
	    pw_hash("pass word 1", 2, h2, sizeof(h2)) == 0, "two hashes");
	CHECK(pw_needs_rehash(h1, 1) == 0, "same cost: no rehash");
	CHECK(pw_needs_rehash(h2, 2) == 0, "same cost 2: no rehash");
	CHECK(pw_needs_rehash(h1, 2) == 1, "cost 1 at cost 2: rehash");
	CHECK(pw_needs_rehash(h2, 1) == 1, "cost 2 at cost 1: rehash");
	CHECK(pw_needs_rehash("garbage", 1) == 1, "garbage: rehash");
	CHECK(pw_needs_rehash("", 1) == 1, "empty: rehash");
	CHECK(pw_needs_rehash("$y$", 1) == 1, "bare $y$: rehash");

	setting = crypt_gensalt("$6$", 5000, NULL, 0);
	sha = setting ? crypt("pass word 1", setting) : NULL;
	CHECK(sha != NULL && strncmp(sha, "$6$", 3) == 0,
	    "(sha512crypt hash made for the next checks)");
	if (sha != NULL) {
		char	copy[PW_HASH_MAX];

		snprintf(copy, sizeof(copy), "%s", sha);
		CHECK(pw_needs_rehash(copy, 1) == 1,
		    "sha512crypt hash needs rehash");
		CHECK(pw_verify("pass word 2", copy, 1) == 0,
		    "sha512crypt hash: wrong password fails");
	}
	CHECK(pw_needs_rehash("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSI"
	    "ecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", 1) == 1,
	    "fixed sha512crypt string needs rehash");
}

int
main(void)
{
	PLAN(37);
	test_hash();
	test_rehash();
	UNIT_DONE();
}
