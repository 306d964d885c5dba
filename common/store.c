/* The database as a whole: purging expired rows and online backups
 * (include/store.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "status.h"
#include "store.h"

static const char sql_purge_sessions[] =
    "DELETE FROM sessions WHERE refresh_expires < ?1";
static const char sql_purge_codes[] =
    "DELETE FROM codes WHERE expires_at < ?1";
static const char sql_purge_throttle[] =
    "DELETE FROM throttle WHERE window_start < ?1";
static const char sql_recount[] =
    "DELETE FROM counters; "
    "INSERT INTO counters (name, value) VALUES "
    "('users', (SELECT count(*) FROM users)), "
    "('user_logs', (SELECT count(*) FROM user_logs)); "
    "INSERT INTO counters (name, value) "
    "SELECT 'role:' || role_id, count(*) FROM users GROUP BY role_id; "
    "INSERT INTO counters (name, value) "
    "SELECT 'active:' || is_active, count(*) FROM users GROUP BY is_active";
static const char sql_reindex[] =
    "INSERT INTO users_fts (users_fts) VALUES ('rebuild')";

int
store_purge(sqlite3 *db, int64_t now, struct purge_counts *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_exec(db, sql_purge_sessions, ARGS(A_INT(now)),
	    &out->sessions)) != ST_OK ||
	    (rc = db_exec(db, sql_purge_codes, ARGS(A_INT(now)),
	    &out->codes)) != ST_OK)
		return rc;
	return db_exec(db, sql_purge_throttle,
	    ARGS(A_INT(now - PURGE_THROTTLE_AGE)), &out->throttle);
}

/* Copies every page of src into dst in one step, so the copy is one
 * snapshot; retries while the source is locked. */
static int
backup_pages(sqlite3 *src, sqlite3 *dst)
{
	sqlite3_backup	*bk;
	int		 rc, tries = DB_BUSY_MS / 50;

	if ((bk = sqlite3_backup_init(dst, "main", src, "main")) == NULL)
		return ST_INTERNAL;
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (tries-- <= 0)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(bk);
	return rc == SQLITE_DONE ? ST_OK : ST_INTERNAL;
}

/* A rollback-journal copy is one self-contained file that opens even on
 * read-only media; init turns WAL back on after a restore. */
static int
backup_journal(sqlite3 *dst)
{
	return db_exec(dst, "PRAGMA journal_mode = DELETE", NO_ARGS, NULL);
}

int
store_reindex(sqlite3 *db)
{
	int rc;

	/* several statements: sqlite3_exec, not the one-statement runner */
	if ((rc = sqlite3_exec(db, sql_recount, NULL, NULL, NULL)) !=
	    SQLITE_OK) {
		logmsg("recount: %s", sqlite3_errmsg(db));
		return (rc & 0xff) == SQLITE_BUSY ? ST_BUSY : ST_INTERNAL;
	}
	return db_exec(db, sql_reindex, NO_ARGS, NULL);
}

int
store_backup(sqlite3 *src, const char *dest)
{
	sqlite3	*dst = NULL;
	int	 fd, ret = ST_INTERNAL;

	/* O_EXCL: never overwrite, not even a file created meanwhile. */
	if ((fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		if (errno == EEXIST)
			return ST_CONFLICT;
		logmsg("backup %s: %s", dest, strerror(errno));
		return ST_INTERNAL;
	}
	close(fd);
	if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(dst, DB_BUSY_MS);
	if (backup_pages(src, dst) != ST_OK || backup_journal(dst) != ST_OK)
		goto out;
	ret = ST_OK;
out:
	if (ret != ST_OK)
		logmsg("backup %s: %s", dest,
		    dst != NULL ? sqlite3_errmsg(dst) : "out of memory");
	if (sqlite3_close(dst) != SQLITE_OK && ret == ST_OK) {
		logmsg("backup %s: close failed", dest);
		ret = ST_INTERNAL;
	}
	if (ret != ST_OK)
		unlink(dest);
	return ret;
}
