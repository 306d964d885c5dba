/* SQLite access shared by every entity: opening with WAL, busy timeout
 * and foreign keys, the schema version check, migrations, transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "internal.h"
#include "status.h"

extern const char *const db_migrations[];

static int
user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Once per process, before SQLite initialises: a CGI has one thread, so
 * no mutexes, and nobody reads the memory statistics. */
static void
library_setup(void)
{
	static int done;

	if (done++)
		return;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	mem_setup();
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
connection_setup(sqlite3 *db)
{
	int persist = 1;

	sqlite3_busy_timeout(db, DB_BUSY_MS);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL);
	/* Every request is a new process, and the last one to close would
	 * otherwise delete the -wal and -shm files that the next one creates
	 * again.  Keep them; journal_size_limit=0 empties the WAL after each
	 * checkpoint, so the next opener has nothing to recover. */
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	/* WAL makes NORMAL durable against crashes of the process; only a
	 * power loss can take the last commits. */
	sqlite3_exec(db, "PRAGMA synchronous=NORMAL;"
	    "PRAGMA journal_size_limit=0", NULL, NULL, NULL);
}

int
db_open(const char *path, sqlite3 **out)
{
	sqlite3	*db = NULL;
	int	 v = -1;

	*out = NULL;
	library_setup();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		logmsg("cannot open database %s: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return ST_UNAVAILABLE;
	}
	connection_setup(db);
	if (user_version(db, &v) != 0 || v != db_schema_version ||
	    sqlite3_db_readonly(db, "main") != 0) {
		logmsg("database %s: schema version %d, want %d%s; run "
		    "accountsctl init", path, v, db_schema_version,
		    sqlite3_db_readonly(db, "main") == 1 ?
		    " (and it is read-only)" : "");
		sqlite3_close(db);
		return ST_UNAVAILABLE;
	}
	*out = db;
	return ST_OK;
}

int
db_migrate(const char *path)
{
	sqlite3	*db = NULL;
	char	 sql[64];
	int	 v, rc = ST_INTERNAL;

	library_setup();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		logmsg("cannot create %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	connection_setup(db);
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL)
	    != SQLITE_OK || user_version(db, &v) != 0) {
		logmsg("%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (v > db_schema_version) {
		logmsg("%s: schema version %d is newer than this program (%d)",
		    path, v, db_schema_version);
		goto out;
	}
	for (; v < db_schema_version; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", v + 1);
		if (db_begin(db) != ST_OK)
			goto out;
		if (sqlite3_exec(db, db_migrations[v], NULL, NULL, NULL)
		    != SQLITE_OK ||
		    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			logmsg("migration %d: %s", v + 1, sqlite3_errmsg(db));
			db_rollback(db);
			goto out;
		}
		if (db_commit(db) != ST_OK)
			goto out;
	}
	rc = ST_OK;
out:
	sqlite3_close(db);
	return rc;
}

void
db_close(sqlite3 *db)
{
	sqlite3_close(db);
}

static int
exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return ST_OK;
	logmsg("%s: %s", sql, sqlite3_errmsg(db));
	return ST_INTERNAL;
}

int
db_begin(sqlite3 *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(sqlite3 *db)
{
	if (exec(db, "COMMIT") == ST_OK)
		return ST_OK;
	db_rollback(db);
	return ST_INTERNAL;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		logmsg("prepare: %s: %s", sqlite3_errmsg(db), sql);
		return NULL;
	}
	return st;
}

int
db_done(sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return ST_INTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		rc = ST_OK;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		rc = ST_CONFLICT;
	else {
		logmsg("step: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
		rc = ST_INTERNAL;
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s == NULL ? sqlite3_bind_null(st, i) :
	    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? strdup((const char *)s) : NULL;
}

int64_t
db_now(void)
{
	return (int64_t)time(NULL);
}

/* UTC needs no time zone: not gmtime_r or strftime, which make glibc read
 * /etc/localtime on every request.  Civil date from days since the
 * epoch, after H. Hinnant's days_from_civil inverse. */
void
iso8601(int64_t t, char *buf)
{
	int64_t	days, rem, era, doe, yoe, doy, mp, y, m, d;
	char	tmp[64];

	if (t < 0 || t > INT64_C(253402300799))	/* 9999-12-31T23:59:59Z */
		t = 0;
	days = t / 86400;
	rem = t % 86400;
	days += 719468;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y,
	    (int)m, (int)d, (int)(rem / 3600), (int)(rem / 60 % 60),
	    (int)(rem % 60));
	memcpy(buf, tmp, 21);
}
