/* SQLite access: opening (WAL, busy timeout, foreign keys), the schema
 * version check, migrations, transactions and statement helpers. */
#ifndef ACCOUNTS_DB_H
#define ACCOUNTS_DB_H

#include <stdint.h>
#include <sqlite3.h>

#define DB_BUSY_MS	5000

/* Number of migrations compiled in; PRAGMA user_version must equal it. */
extern const int	 db_schema_version;

/* Opens an existing database read-write and checks its schema version.
 * ST_OK, or ST_UNAVAILABLE (missing, unreadable, wrong version). */
int	 db_open(const char *path, sqlite3 **out);

/* Creates the file if needed and applies every pending migration, each in
 * its own transaction.  For accountsctl init, never per request. */
int	 db_migrate(const char *path);

void	 db_close(sqlite3 *db);

int	 db_begin(sqlite3 *db);		/* BEGIN IMMEDIATE */
int	 db_commit(sqlite3 *db);
void	 db_rollback(sqlite3 *db);

/* Prepares sql (a string literal in the entity's file); NULL and a log
 * line on failure. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);

/* Steps a write statement to completion and finalizes it: ST_OK,
 * ST_CONFLICT on a constraint violation, ST_INTERNAL otherwise. */
int	 db_done(sqlite3_stmt *st);

/* Binds a text that may be absent (NULL -> SQL NULL). */
int	 db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Malloc'ed copy of a text column, NULL for SQL NULL. */
char	*db_col_text(sqlite3_stmt *st, int i);

/* Current time in seconds. */
int64_t	 db_now(void);

/* Formats t as 2026-11-21T09:30:00Z into buf (at least 21 bytes). */
void	 iso8601(int64_t t, char *buf);

#endif
