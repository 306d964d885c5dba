/* One-time codes mailed for register, login, change_email and
 * reset_password; stored only as hashes, limited in attempts and time. */
#ifndef ACCOUNTS_CODE_H
#define ACCOUNTS_CODE_H

#include <sqlite3.h>

#define CODE_TTL	600	/* seconds a code lives */
#define CODE_ATTEMPTS	5	/* wrong tries before it is void */

/* Checks the newest code for (email, purpose) and, when it matches, uses
 * it up.  ST_OK or ST_WRONG_CODE (also when expired or tried out).
 * Runs its own write transaction. */
int	code_consume(sqlite3 *db, const char *email, const char *purpose,
	    const char *code);

/* Hash under which a code is stored: SHA-256 of purpose, email, code. */
void	code_hash(const char *email, const char *purpose, const char *code,
	    unsigned char *out);

#endif
