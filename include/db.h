/* SQLite access: opening (WAL, busy timeout, foreign keys), the schema
 * version check, migrations, transactions, and the one way every entity
 * runs a statement: typed arguments, checked binding, classified errors. */
#ifndef ACCOUNTS_DB_H
#define ACCOUNTS_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define DB_BUSY_MS	5000

/* Number of migrations compiled in; PRAGMA user_version must equal it. */
extern const int	 db_schema_version;

/* Opens an existing database read-write and checks its schema version.
 * ST_OK, or ST_UNAVAILABLE (missing, unreadable, wrong version). */
int	 db_open(const char *path, sqlite3 **out);

/* Creates the file if needed and applies every pending migration, each in
 * its own transaction, with foreign keys checked after each.  For
 * accountsctl init, never per request. */
int	 db_migrate(const char *path);

void	 db_close(sqlite3 *db);

/* Transactions belong to the caller that starts them: a handler, or one
 * library call per flow that says so.  db_begin is BEGIN IMMEDIATE:
 * ST_BUSY when the write lock is not had within DB_BUSY_MS. */
int	 db_begin(sqlite3 *db);
/* A read transaction (BEGIN DEFERRED): the reads until db_commit see
 * one snapshot, e.g. a list's count and its page. */
int	 db_begin_read(sqlite3 *db);
int	 db_commit(sqlite3 *db);		/* rolls back on failure */
void	 db_rollback(sqlite3 *db);		/* no-op outside one */

/* One argument of a statement: build them with the A_* macros. */
enum db_atype { DBA_INT, DBA_TEXT, DBA_BLOB, DBA_NULL };
struct db_arg {
	enum db_atype	 type;
	int64_t		 i;
	const void	*p;	/* text (NUL-terminated) or blob */
	size_t		 n;	/* blob bytes */
};
#define A_INT(v)	((struct db_arg){ .type = DBA_INT, .i = (v) })
/* NULL text binds SQL NULL */
#define A_TEXT(s)	((struct db_arg){ .type = DBA_TEXT, .p = (s) })
#define A_BLOB(b, sz)	((struct db_arg){ .type = DBA_BLOB, .p = (b), .n = (sz) })
#define A_NULL		((struct db_arg){ .type = DBA_NULL })
/* an optional reference: ids <= 0 bind SQL NULL */
#define A_REF(v)	((struct db_arg){ .type = (v) > 0 ? DBA_INT : DBA_NULL, .i = (v) })
/* The argument list of a call: ARGS(A_INT(id), A_TEXT(name)). */
#define ARGS(...)	(const struct db_arg[]){ __VA_ARGS__ }, \
	sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg)
#define NO_ARGS		NULL, 0

/* Runs sql (a string literal of the entity's file) with exactly the
 * arguments it has parameters for, to completion.  ST_OK, ST_CONFLICT on
 * a constraint violation, ST_BUSY when locked out, ST_INTERNAL (logged)
 * otherwise, including a wrong number of arguments.  *changes, when not
 * NULL, gets the number of rows written. */
int	 db_exec(sqlite3 *db, const char *sql, const struct db_arg *a,
	    size_t n, int64_t *changes);

/* Prepares sql and binds its arguments into *st.  ST_OK or ST_INTERNAL;
 * *st is NULL on failure.  Read rows with db_next, then db_end. */
int	 db_query(sqlite3 *db, sqlite3_stmt **st, const char *sql,
	    const struct db_arg *a, size_t n);

/* 1 while a row is ready; 0 at the end or on an error, with *status
 * ST_OK at the end, else ST_BUSY or ST_INTERNAL (logged). */
int	 db_next(sqlite3_stmt *st, int *status);

/* Finalizes st (NULL allowed). */
void	 db_end(sqlite3_stmt *st);

/* db_query and the first row: ST_OK with the row ready in *st (db_end it
 * after reading), ST_NOT_FOUND, ST_BUSY or ST_INTERNAL (*st is then
 * NULL). */
int	 db_one(sqlite3 *db, sqlite3_stmt **st, const char *sql,
	    const struct db_arg *a, size_t n);

/* The first column of the first row as an integer: ST_OK, ST_NOT_FOUND,
 * ST_BUSY or ST_INTERNAL. */
int	 db_int(sqlite3 *db, int64_t *out, const char *sql,
	    const struct db_arg *a, size_t n);

/* Column readers.  db_col_text: malloc'ed copy the caller frees, NULL for
 * SQL NULL; db_col_int: dflt for SQL NULL. */
char	*db_col_text(sqlite3_stmt *st, int i);
int64_t	 db_col_int(sqlite3_stmt *st, int i, int64_t dflt);

/* Row id of the last INSERT on db. */
int64_t	 db_last_id(sqlite3 *db);

/* Runs sql once without waiting for a lock: for best-effort writes on a
 * read path (a busy database must not slow a read).  Errors are
 * ignored. */
void	 db_try(sqlite3 *db, const char *sql, const struct db_arg *a,
	    size_t n);

/* Current time in seconds. */
int64_t	 db_now(void);

#endif
