/* SQLite access shared by every entity: opening with WAL, busy timeout
 * and foreign keys, the schema version check, migrations, transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "internal.h"
#include "log.h"
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

/* Migrations run with foreign keys off, so that one may rebuild a table
 * (SQLite's documented way to change a column); the keys are checked
 * before each migration commits instead. */
static int
migrate_one(sqlite3 *db, int v)
{
	sqlite3_stmt	*st = NULL;
	char		 sql[64];
	int		 rc;

	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", v + 1);
	if ((rc = db_begin(db)) != ST_OK)
		return rc;
	if (sqlite3_exec(db, db_migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		logmsg("migration %d: %s", v + 1, sqlite3_errmsg(db));
		db_rollback(db);
		return ST_INTERNAL;
	}
	if ((rc = db_query(db, &st, "PRAGMA foreign_key_check", NO_ARGS)) ==
	    ST_OK && db_next(st, &rc)) {
		logmsg("migration %d: foreign key violation in %s", v + 1,
		    sqlite3_column_text(st, 0));
		rc = ST_INTERNAL;
	}
	db_end(st);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
db_migrate(const char *path)
{
	sqlite3	*db = NULL;
	int	 v, rc = ST_INTERNAL;

	library_setup();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		logmsg("cannot create %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	connection_setup(db);
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=OFF",
	    NULL, NULL, NULL) != SQLITE_OK || user_version(db, &v) != 0) {
		logmsg("%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (v > db_schema_version) {
		logmsg("%s: schema version %d is newer than this program (%d)",
		    path, v, db_schema_version);
		goto out;
	}
	for (; v < db_schema_version; v++)
		if ((rc = migrate_one(db, v)) != ST_OK)
			goto out;
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

/* What an SQLite result code means for the caller. */
static int
classify(sqlite3 *db, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return ST_OK;
	case SQLITE_CONSTRAINT:
		return ST_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		logmsg("%s: database busy", what);
		return ST_BUSY;
	default:
		logmsg("%s: %s", what, sqlite3_errmsg(db));
		return ST_INTERNAL;
	}
}

static int
exec(sqlite3 *db, const char *sql)
{
	return classify(db, sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

int
db_begin(sqlite3 *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int
db_begin_read(sqlite3 *db)
{
	return exec(db, "BEGIN DEFERRED");
}

int
db_commit(sqlite3 *db)
{
	int rc;

	if ((rc = exec(db, "COMMIT")) == ST_OK)
		return ST_OK;
	db_rollback(db);
	return rc;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int
bind(sqlite3_stmt *st, int i, const struct db_arg *a)
{
	switch (a->type) {
	case DBA_INT:
		return sqlite3_bind_int64(st, i, a->i);
	case DBA_TEXT:
		return a->p == NULL ? sqlite3_bind_null(st, i) :
		    sqlite3_bind_text(st, i, a->p, -1, SQLITE_STATIC);
	case DBA_BLOB:
		return sqlite3_bind_blob(st, i, a->p, (int)a->n,
		    SQLITE_STATIC);
	default:
		return sqlite3_bind_null(st, i);
	}
}

int
db_query(sqlite3 *db, sqlite3_stmt **st, const char *sql,
    const struct db_arg *a, size_t n)
{
	size_t	i;
	int	rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, st, NULL)) != SQLITE_OK) {
		logmsg("prepare: %s: %s", sqlite3_errmsg(db), sql);
		return (rc & 0xff) == SQLITE_BUSY ? ST_BUSY : ST_INTERNAL;
	}
	if ((size_t)sqlite3_bind_parameter_count(*st) != n) {
		logmsg("%zu arguments for %d parameters: %s", n,
		    sqlite3_bind_parameter_count(*st), sql);
		goto fail;
	}
	for (i = 0; i < n; i++)
		if (bind(*st, (int)i + 1, &a[i]) != SQLITE_OK) {
			logmsg("bind %zu: %s: %s", i + 1, sqlite3_errmsg(db),
			    sql);
			goto fail;
		}
	return ST_OK;
fail:
	sqlite3_finalize(*st);
	*st = NULL;
	return ST_INTERNAL;
}

int
db_next(sqlite3_stmt *st, int *status)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*status = ST_OK;
		return 1;
	}
	*status = classify(sqlite3_db_handle(st), rc, sqlite3_sql(st));
	return 0;
}

void
db_end(sqlite3_stmt *st)
{
	sqlite3_finalize(st);
}

int
db_exec(sqlite3 *db, const char *sql, const struct db_arg *a, size_t n,
    int64_t *changes)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_query(db, &st, sql, a, n)) != ST_OK)
		return rc;
	while (db_next(st, &rc))
		continue;
	db_end(st);
	if (rc == ST_OK && changes != NULL)
		*changes = sqlite3_changes64(db);
	return rc;
}

int
db_one(sqlite3 *db, sqlite3_stmt **st, const char *sql,
    const struct db_arg *a, size_t n)
{
	int rc;

	if ((rc = db_query(db, st, sql, a, n)) != ST_OK)
		return rc;
	if (db_next(*st, &rc))
		return ST_OK;
	db_end(*st);
	*st = NULL;
	return rc == ST_OK ? ST_NOT_FOUND : rc;
}

int
db_int(sqlite3 *db, int64_t *out, const char *sql, const struct db_arg *a,
    size_t n)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql, a, n)) != ST_OK)
		return rc;
	*out = sqlite3_column_int64(st, 0);
	db_end(st);
	return ST_OK;
}

void
db_try(sqlite3 *db, const char *sql, const struct db_arg *a, size_t n)
{
	sqlite3_stmt *st;

	/* not through db_next: a busy database is expected, not logged */
	if (db_query(db, &st, sql, a, n) != ST_OK)
		return;
	sqlite3_busy_timeout(db, 0);
	(void)sqlite3_step(st);
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	db_end(st);
}

char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? strdup((const char *)s) : NULL;
}

int64_t
db_col_int(sqlite3_stmt *st, int i, int64_t dflt)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt :
	    sqlite3_column_int64(st, i);
}

int64_t
db_last_id(sqlite3 *db)
{
	return sqlite3_last_insert_rowid(db);
}

int64_t
db_now(void)
{
	return (int64_t)time(NULL);
}
