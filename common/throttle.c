/* Throttle counters in the throttle table (include/throttle.h). */
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "db.h"
#include "status.h"
#include "throttle.h"
#include "tok.h"

static const char sql_get[] =
    "SELECT count, window_start FROM throttle WHERE key = ?1";
/* One statement: a new row, a slot in the live window, or a new window
 * (SET reads the row as it was: both CASEs judge the old window). */
static const char sql_hit[] =
    "INSERT INTO throttle (key, count, window_start) VALUES (?1, 1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN window_start > ?2 - ?3 THEN count + 1 ELSE 1 END, "
    "window_start = CASE WHEN window_start > ?2 - ?3 THEN window_start "
	"ELSE ?2 END";
static const char sql_give[] =
    "UPDATE throttle SET count = count - 1 "
    "WHERE key = ?1 AND window_start = ?2 AND count > 0";
/* a counter back at zero is no row: successes leave nothing behind */
static const char sql_empty[] =
    "DELETE FROM throttle WHERE key = ?1 AND count <= 0";

static const char *const kinds[][THROTTLE_KEYS] = {
	[TF_LOGIN] = { "login", "login.who", "login.ip" },
	[TF_CODE] = { "code", "code.who", "code.ip" },
	[TF_CHECK] = { "check", "check.who", "check.ip" },
};

/* kind:first 128 bits of SHA-256 of the lower-cased parts, in hex. */
static void
key(struct throttle *t, const char *kind, struct rate r, const char *a,
    const char *b)
{
	unsigned char	 h[TOK_HASH];
	char		 buf[512];
	size_t		 i, n, k;

	n = (size_t)snprintf(buf, sizeof(buf), "%s\n%s", a, b);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;	/* inputs are validated shorter */
	for (i = 0; i < n; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] += 'a' - 'A';
	sha256(buf, n, h);
	k = (size_t)snprintf(t->key, sizeof(t->key), "%s:", kind);
	for (i = 0; i < 16 && k + 2 < sizeof(t->key); i++, k += 2)
		snprintf(t->key + k, 3, "%02x", h[i]);
	t->rate = r;
	t->window_start = 0;
}

void
throttle_keys(struct throttle *t, enum throttle_flow f, const struct cfg *c,
    const char *who, const char *ip)
{
	const struct rate *r = c->throttle[f];

	key(&t[0], kinds[f][0], r[0], who, ip);
	key(&t[1], kinds[f][1], r[1], who, "");
	key(&t[2], kinds[f][2], r[2], "", ip);
}

void
throttle_account(struct throttle *t, const struct cfg *c, int64_t uid,
    const char *ip)
{
	char who[32];

	snprintf(who, sizeof(who), "u:%lld", (long long)uid);
	throttle_keys(t, TF_LOGIN, c, who, ip);
}

/* Reads counter t at time now: its window into t->window_start and, when
 * it is full, the seconds until it ends into *wait (else 0). */
static int
peek(sqlite3 *db, struct throttle *t, int64_t now, int64_t *wait)
{
	sqlite3_stmt	*st;
	int64_t		 count, start;
	int		 rc;

	*wait = 0;
	t->window_start = now;
	rc = db_one(db, &st, sql_get, ARGS(A_TEXT(t->key)));
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	count = sqlite3_column_int64(st, 0);
	start = sqlite3_column_int64(st, 1);
	db_end(st);
	if (start <= now - t->rate.window)
		return ST_OK;		/* that window is over */
	t->window_start = start;
	if (count >= t->rate.max)
		*wait = start + t->rate.window - now;
	return ST_OK;
}

int
throttle_take(sqlite3 *db, struct throttle *t, size_t n,
    int64_t *retry_after)
{
	int64_t	 now = db_now(), wait;
	size_t	 i;
	int	 rc;

	*retry_after = 0;
	if ((rc = db_begin(db)) != ST_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = peek(db, &t[i], now, &wait)) != ST_OK) {
			db_rollback(db);
			return rc;
		}
		if (wait > *retry_after)
			*retry_after = wait;
	}
	if (*retry_after > 0) {
		db_rollback(db);
		return ST_THROTTLED;
	}
	for (i = 0; i < n; i++)
		if ((rc = db_exec(db, sql_hit, ARGS(A_TEXT(t[i].key),
		    A_INT(now), A_INT(t[i].rate.window)), NULL)) != ST_OK) {
			db_rollback(db);
			return rc;
		}
	return db_commit(db);
}

int
throttle_give(sqlite3 *db, const struct throttle *t, size_t n)
{
	size_t	i;
	int	rc;

	for (i = 0; i < n; i++)
		if ((rc = db_exec(db, sql_give, ARGS(A_TEXT(t[i].key),
		    A_INT(t[i].window_start)), NULL)) != ST_OK ||
		    (rc = db_exec(db, sql_empty, ARGS(A_TEXT(t[i].key)),
		    NULL)) != ST_OK)
			return rc;
	return ST_OK;
}
