/* One-time codes mailed for register, login, change_email and
 * reset_password; stored only as hashes, limited in attempts and time. */
#ifndef ACCOUNTS_CODE_H
#define ACCOUNTS_CODE_H

#include <sqlite3.h>

#define CODE_TTL	600	/* seconds a code lives */
#define CODE_ATTEMPTS	5	/* wrong tries before it is void */

/* Inside a write transaction: checks the newest code for (email,
 * purpose) and, when it matches, uses it up.  ST_OK, or ST_WRONG_CODE
 * (also when expired or tried out) after counting the attempt: commit
 * then, so the count stays; roll back only if something else fails, and
 * the code is as it was. */
int	code_consume(sqlite3 *db, const char *email, const char *purpose,
	    const char *code);

/* Hash under which a code is stored: SHA-256 of purpose, email, code.
 * ST_OK or ST_INTERNAL. */
int	code_hash(const char *email, const char *purpose, const char *code,
	    unsigned char *out);

#endif
