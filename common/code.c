/* Mailed one-time codes: the codes table's SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code.h"
#include "db.h"
#include "status.h"
#include "tok.h"

static const char sql_find[] =
    "SELECT id, code_hash, expires_at, attempts FROM codes "
    "WHERE email = ?1 AND purpose = ?2 ORDER BY id DESC LIMIT 1";
static const char sql_used[] =
    "DELETE FROM codes WHERE email = ?1 AND purpose = ?2";
static const char sql_miss[] =
    "UPDATE codes SET attempts = attempts + 1 WHERE id = ?3";

void
code_hash(const char *email, const char *purpose, const char *code,
    unsigned char *out)
{
	char	*buf;
	size_t	 n = strlen(email) + strlen(purpose) + strlen(code) + 3, i;

	if ((buf = malloc(n)) == NULL) {
		memset(out, 0, TOK_HASH);
		return;
	}
	snprintf(buf, n, "%s\n%s\n%s", purpose, email, code);
	/* emails compare case-insensitively, so hash them lower-cased */
	for (i = strlen(purpose) + 1; buf[i] != '\n'; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] += 'a' - 'A';
	sha256(buf, strlen(buf), out);
	free(buf);
}

/* Runs sql_used or sql_miss: ?1 email, ?2 purpose, ?3 id (a statement
 * may leave slots unused). */
static int
write(sqlite3 *db, const char *sql, const char *email,
    const char *purpose, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return db_done(st);
}

int
code_consume(sqlite3 *db, const char *email, const char *purpose,
    const char *code)
{
	unsigned char	 want[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 id = 0;
	int		 rc, ok = 0, live = 0;

	code_hash(email, purpose, code, want);
	if ((st = db_prepare(db, sql_find)) == NULL)
		return ST_INTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		live = sqlite3_column_int64(st, 2) > db_now() &&
		    sqlite3_column_int(st, 3) < CODE_ATTEMPTS;
		ok = live && sqlite3_column_bytes(st, 1) == TOK_HASH &&
		    ct_equal(sqlite3_column_blob(st, 1), want, TOK_HASH);
	}
	sqlite3_finalize(st);
	if (id == 0)
		return ST_WRONG_CODE;
	rc = ok || !live ? write(db, sql_used, email, purpose, 0) :
	    write(db, sql_miss, email, purpose, id);
	return rc != ST_OK ? rc : ok ? ST_OK : ST_WRONG_CODE;
}
