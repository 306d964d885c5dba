/* One-time codes mailed for register, login, change_email and
 * reset_password: bound to one email and one purpose, stored only as
 * hashes, limited in attempts and time (ACCOUNTS_CODE_TTL), and replaced
 * by the next code for the same email and purpose. */
#ifndef ACCOUNTS_CODE_H
#define ACCOUNTS_CODE_H

#include <stdint.h>
#include <sqlite3.h>

#define CODE_DIGITS	6	/* digits of a new code */
#define CODE_ATTEMPTS	5	/* wrong tries before it is void */

/* A new code: CODE_DIGITS decimal digits from getrandom(), every value
 * equally likely, into text (CODE_DIGITS + 1 bytes).  ST_OK or
 * ST_INTERNAL. */
int	code_new(char *text);

/* Inside a write transaction: stores the hash of code for (email,
 * purpose), valid for ttl seconds, in place of any earlier code for
 * them; *id gets its row. */
int	code_store(sqlite3 *db, const char *email, const char *purpose,
	    const char *code, long ttl, int64_t *id);

/* Inside a write transaction (or alone): voids code id, such as one
 * whose mail could not be sent. */
int	code_delete(sqlite3 *db, int64_t id);

/* Inside a write transaction: checks the newest code for (email,
 * purpose) and, when it matches, uses it up.  ST_OK, or ST_WRONG_CODE
 * (also when expired or tried out) after counting the attempt: commit
 * then, so the count stays; roll back only if something else fails, and
 * the code is as it was.  *none (when not NULL) tells a wrong code
 * apart: 1 when no live code was there at all, 0 when one was. */
int	code_consume(sqlite3 *db, const char *email, const char *purpose,
	    const char *code, int *none);

struct cfg;

/* Whether a code for purpose may go to email: *yes when an account has
 * the address and the purpose is login or reset_password, or none has
 * it and the purpose is register or change_email. */
int	code_deliverable(sqlite3 *db, const char *email, const char *purpose,
	    int *yes);

/* A code request, outside any transaction: a new code for (email,
 * purpose) is stored and committed, then mailed when send is 1 (a code
 * whose mail failed is deleted again); when send is 0 it is stored all
 * the same (nobody knows it) and the call waits about as long as
 * mailing takes, so that both answers look alike.  ST_OK, or the
 * failure. */
int	code_request(sqlite3 *db, const struct cfg *c, const char *email,
	    const char *purpose, int send);

/* Hash under which a code is stored: SHA-256 of purpose, email, code.
 * ST_OK or ST_INTERNAL. */
int	code_hash(const char *email, const char *purpose, const char *code,
	    unsigned char *out);

#endif
