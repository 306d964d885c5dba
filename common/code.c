/* Mailed one-time codes: the codes table's SQL, and the code request
 * that stores and mails one (include/code.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfg.h"
#include "code.h"
#include "db.h"
#include "mail.h"
#include "setting.h"
#include "status.h"
#include "tok.h"
#include "user.h"

/* The settings key of the moving average of mailing times, in ms. */
#define PACE_KEY	"mail_ms"

static const char sql_find[] =
    "SELECT id, code_hash, expires_at, attempts FROM codes "
    "WHERE email = ?1 AND purpose = ?2 ORDER BY id DESC LIMIT 1";
static const char sql_used[] =
    "DELETE FROM codes WHERE email = ?1 AND purpose = ?2";
static const char sql_miss[] =
    "UPDATE codes SET attempts = attempts + 1 WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO codes (email, purpose, code_hash, expires_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_delete[] = "DELETE FROM codes WHERE id = ?1";

int
code_new(char *text)
{
	uint64_t	 span = 1, limit;
	uint32_t	 r;
	int		 i;

	for (i = 0; i < CODE_DIGITS; i++)
		span *= 10;
	/* the largest multiple of span in 2^32: values at or above it are
	 * drawn again, so that every code is equally likely */
	limit = ((uint64_t)1 << 32) / span * span;
	do {
		if (tok_random(&r, sizeof(r)) != 0)
			return ST_INTERNAL;
	} while (r >= limit);
	snprintf(text, CODE_DIGITS + 1, "%0*u", CODE_DIGITS,
	    (unsigned)(r % span));
	return ST_OK;
}

int
code_store(sqlite3 *db, const char *email, const char *purpose,
    const char *code, long ttl, int64_t *id)
{
	unsigned char	 h[TOK_HASH];
	int64_t		 now = db_now();
	int		 rc;

	if ((rc = code_hash(email, purpose, code, h)) != ST_OK ||
	    (rc = db_exec(db, sql_used, ARGS(A_TEXT(email), A_TEXT(purpose)),
	    NULL)) != ST_OK ||
	    (rc = db_exec(db, sql_insert, ARGS(A_TEXT(email), A_TEXT(purpose),
	    A_BLOB(h, sizeof(h)), A_INT(now + ttl), A_INT(now)), NULL)) !=
	    ST_OK)
		return rc;
	*id = db_last_id(db);
	return ST_OK;
}

int
code_delete(sqlite3 *db, int64_t id)
{
	return db_exec(db, sql_delete, ARGS(A_INT(id)), NULL);
}

int
code_hash(const char *email, const char *purpose, const char *code,
    unsigned char *out)
{
	char	*buf;
	size_t	 n = strlen(email) + strlen(purpose) + strlen(code) + 3, i;

	if ((buf = malloc(n)) == NULL)
		return ST_INTERNAL;
	snprintf(buf, n, "%s\n%s\n%s", purpose, email, code);
	/* emails compare case-insensitively, so hash them lower-cased */
	for (i = strlen(purpose) + 1; buf[i] != '\n'; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] += 'a' - 'A';
	sha256(buf, strlen(buf), out);
	free(buf);
	return ST_OK;
}

int
code_consume(sqlite3 *db, const char *email, const char *purpose,
    const char *code, int *none)
{
	unsigned char	 want[TOK_HASH];
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 rc, ok, live;

	if (none != NULL)
		*none = 1;
	if ((rc = code_hash(email, purpose, code, want)) != ST_OK)
		return rc;
	rc = db_one(db, &st, sql_find, ARGS(A_TEXT(email), A_TEXT(purpose)));
	if (rc != ST_OK)
		return rc == ST_NOT_FOUND ? ST_WRONG_CODE : rc;
	id = sqlite3_column_int64(st, 0);
	live = sqlite3_column_int64(st, 2) > db_now() &&
	    sqlite3_column_int(st, 3) < CODE_ATTEMPTS;
	ok = live && sqlite3_column_bytes(st, 1) == TOK_HASH &&
	    ct_equal(sqlite3_column_blob(st, 1), want, TOK_HASH);
	db_end(st);
	if (none != NULL)
		*none = !live;
	if (ok || !live)
		rc = db_exec(db, sql_used, ARGS(A_TEXT(email),
		    A_TEXT(purpose)), NULL);
	else
		rc = db_exec(db, sql_miss, ARGS(A_INT(id)), NULL);
	return rc != ST_OK ? rc : ok ? ST_OK : ST_WRONG_CODE;
}

int
code_deliverable(sqlite3 *db, const char *email, const char *purpose,
    int *yes)
{
	struct user	 u;
	int		 st, fresh;

	fresh = strcmp(purpose, "register") == 0 ||
	    strcmp(purpose, "change_email") == 0;
	st = user_get_by_login(db, email, &u);
	user_free(&u);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	*yes = (st == ST_OK) != fresh;
	return ST_OK;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Mails the code; a code whose mail failed is deleted, so that no code
 * lives that its owner never got.  A success feeds the moving average
 * (7/8 old, 1/8 new) that pace() waits. */
static int
deliver(sqlite3 *db, const struct cfg *c, const char *email,
    const char *purpose, const char *code, int64_t id)
{
	int64_t	 t0 = now_ms(), avg;
	int	 st;

	if ((st = mail_code(c, email, purpose, code)) != ST_OK) {
		(void)code_delete(db, id);	/* its failure is logged */
		return st;
	}
	t0 = now_ms() - t0;
	if (setting_get_int(db, PACE_KEY, &avg) != ST_OK)
		avg = t0;
	(void)setting_set_int(db, PACE_KEY, (avg * 7 + t0) / 8);
	return ST_OK;
}

/* The time a mail would have taken: the moving average, read and
 * written back like deliver() does. */
static int
pace(sqlite3 *db, const struct cfg *c)
{
	struct timespec	 ts;
	int64_t		 avg;

	if (setting_get_int(db, PACE_KEY, &avg) != ST_OK || avg < 0)
		avg = 0;
	if (avg > c->sendmail_timeout * 1000)
		avg = c->sendmail_timeout * 1000;
	ts.tv_sec = avg / 1000;
	ts.tv_nsec = avg % 1000 * 1000000;
	while (nanosleep(&ts, &ts) != 0)
		;
	(void)setting_set_int(db, PACE_KEY, avg);
	return ST_OK;
}

int
code_request(sqlite3 *db, const struct cfg *c, const char *email,
    const char *purpose, int send)
{
	char	 code[CODE_DIGITS + 1];
	int64_t	 id;
	int	 st;

	if ((st = code_new(code)) != ST_OK)
		return st;
	/* stored and committed before mailing: the write lock is not held
	 * while the mail goes out */
	if ((st = db_begin(db)) != ST_OK ||
	    (st = code_store(db, email, purpose, code, c->code_ttl, &id)) !=
	    ST_OK || (st = db_commit(db)) != ST_OK) {
		db_rollback(db);
		return st;
	}
	return send ? deliver(db, c, email, purpose, code, id) : pace(db, c);
}
