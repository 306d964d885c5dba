/* Administration: filtered user lists, role and active-flag changes,
 * purging expired rows and online backups (include/admin.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "admin.h"
#include "internal.h"

/* Every NULL parameter matches everything, so one statement serves every
 * combination of filters without assembling SQL at run time. */
#define USER_FILTER_WHERE \
	" WHERE (?1 IS NULL OR u.username LIKE ?1 ESCAPE '\\'" \
	"  OR u.email LIKE ?1 ESCAPE '\\' OR u.fullname LIKE ?1 ESCAPE '\\')" \
	" AND (?2 IS NULL OR u.role_id = (SELECT id FROM roles WHERE name = ?2))" \
	" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM group_members m" \
	"  WHERE m.group_id = ?3 AND m.user_id = u.id))" \
	" AND (?4 IS NULL OR u.occupation_id = ?4)" \
	" AND (?5 IS NULL OR u.is_active = ?5)"

static const char sql_user_count[] =
    "SELECT count(*) FROM users u" USER_FILTER_WHERE;
static const char sql_user_list[] =
    "SELECT u.id FROM users u" USER_FILTER_WHERE
    " ORDER BY u.id LIMIT ?6 OFFSET ?7";
static const char sql_user_set_role[] =
    "UPDATE users SET role_id = ?2, updated_at = ?3 WHERE id = ?1"
    " AND EXISTS (SELECT 1 FROM roles WHERE id = ?2)";
static const char sql_user_set_active[] =
    "UPDATE users SET is_active = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_ban_lift_all[] =
    "UPDATE black_list SET is_delete = 1 WHERE user_id = ?1 AND is_delete = 0";
static const char sql_purge_sessions[] =
    "DELETE FROM sessions WHERE refresh_expires < ?1";
static const char sql_purge_codes[] =
    "DELETE FROM codes WHERE expires_at < ?1";
static const char sql_purge_throttle[] =
    "DELETE FROM throttle WHERE window_start < ?1";
static const char sql_backup_journal[] = "PRAGMA journal_mode = DELETE";

void
user_filter_init(struct user_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->is_active = -1;
}

/* "%q%" with LIKE's metacharacters escaped; malloc'ed, caller frees. */
static char *
like_pattern(const char *q)
{
	size_t	 n = strlen(q), i, j = 0;
	char	*p;

	if ((p = malloc(2 * n + 3)) == NULL)
		return NULL;
	p[j++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[j++] = '\\';
		p[j++] = q[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

/* Binds ?1..?5 of a USER_FILTER_WHERE statement; *pat is the LIKE
 * pattern the caller frees after the statement is done. */
static int
bind_filter(sqlite3_stmt *st, const struct user_filter *f, char **pat)
{
	int	 rc = SQLITE_OK;

	*pat = NULL;
	if (f->q != NULL && f->q[0] != '\0') {
		if ((*pat = like_pattern(f->q)) == NULL)
			return ST_INTERNAL;
		rc = sqlite3_bind_text(st, 1, *pat, -1, SQLITE_STATIC);
	}
	if (rc == SQLITE_OK && f->role != NULL)
		rc = sqlite3_bind_text(st, 2, f->role, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && f->group_id > 0)
		rc = sqlite3_bind_int64(st, 3, f->group_id);
	if (rc == SQLITE_OK && f->occupation_id > 0)
		rc = sqlite3_bind_int64(st, 4, f->occupation_id);
	if (rc == SQLITE_OK && f->is_active >= 0)
		rc = sqlite3_bind_int(st, 5, f->is_active != 0);
	return rc == SQLITE_OK ? ST_OK : ST_INTERNAL;
}

int
user_count(sqlite3 *db, const struct user_filter *f, int64_t *count)
{
	sqlite3_stmt	*st;
	char		*pat = NULL;
	int		 ret = ST_INTERNAL;

	if ((st = db_prepare(db, sql_user_count)) == NULL)
		return ST_INTERNAL;
	if (bind_filter(st, f, &pat) != ST_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		logmsg("user_count: %s", sqlite3_errmsg(db));
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
	ret = ST_OK;
out:
	sqlite3_finalize(st);
	free(pat);
	return ret;
}

/* Loads user id and hands it to cb; a user gone meanwhile is skipped. */
static int
list_one(sqlite3 *db, int64_t id, user_list_cb cb, void *arg)
{
	struct user	 u;
	int		 rc;

	memset(&u, 0, sizeof(u));
	rc = user_get_by_id(db, id, &u);
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc != ST_OK)
		return rc;
	rc = cb(arg, &u);
	user_free(&u);
	return rc;
}

int
user_list(sqlite3 *db, const struct user_filter *f, int64_t limit,
    int64_t offset, user_list_cb cb, void *arg)
{
	sqlite3_stmt	*st;
	char		*pat = NULL;
	int		 ret, rc;

	if ((st = db_prepare(db, sql_user_list)) == NULL)
		return ST_INTERNAL;
	if ((ret = bind_filter(st, f, &pat)) != ST_OK ||
	    sqlite3_bind_int64(st, 6, limit < 0 ? -1 : limit) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 7, offset < 0 ? 0 : offset) != SQLITE_OK) {
		ret = ST_INTERNAL;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = list_one(db, sqlite3_column_int64(st, 0),
		    cb, arg)) != ST_OK)
			goto out;
	if (rc != SQLITE_DONE) {
		logmsg("user_list: %s", sqlite3_errmsg(db));
		ret = ST_INTERNAL;
	}
out:
	sqlite3_finalize(st);
	free(pat);
	return ret;
}

/* Steps a write statement on id (?1) with an integer (?2) and now (?3);
 * ST_NOT_FOUND when it touched no row. */
static int
update_user(sqlite3 *db, const char *sql, int64_t id, int64_t val)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, val) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, db_now()) != SQLITE_OK) {
		sqlite3_finalize(st);
		return ST_INTERNAL;
	}
	if ((rc = db_done(st)) != ST_OK)
		return rc == ST_CONFLICT ? ST_NOT_FOUND : rc;
	return sqlite3_changes(db) > 0 ? ST_OK : ST_NOT_FOUND;
}

int
user_set_role(sqlite3 *db, int64_t id, int64_t role_id)
{
	return update_user(db, sql_user_set_role, id, role_id);
}

/* Runs a write statement with one integer parameter; *changes gets the
 * number of rows it touched when not NULL. */
static int
exec_int(sqlite3 *db, const char *sql, int64_t val, int64_t *changes)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return ST_INTERNAL;
	if (sqlite3_bind_int64(st, 1, val) != SQLITE_OK) {
		sqlite3_finalize(st);
		return ST_INTERNAL;
	}
	if ((rc = db_done(st)) != ST_OK)
		return rc;
	if (changes != NULL)
		*changes = sqlite3_changes(db);
	return ST_OK;
}

int
user_set_active(sqlite3 *db, int64_t id, int active)
{
	int	 rc;

	active = active != 0;
	if ((rc = update_user(db, sql_user_set_active, id, active)) != ST_OK)
		return rc;
	if (!active)
		return sess_revoke_user(db, id, 0);
	return exec_int(db, sql_ban_lift_all, id, NULL);
}

int
store_purge(sqlite3 *db, int64_t now, struct purge_counts *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = exec_int(db, sql_purge_sessions, now,
	    &out->sessions)) != ST_OK ||
	    (rc = exec_int(db, sql_purge_codes, now, &out->codes)) != ST_OK ||
	    (rc = exec_int(db, sql_purge_throttle, now - PURGE_THROTTLE_AGE,
	    &out->throttle)) != ST_OK)
		return rc;
	return ST_OK;
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
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(dst, sql_backup_journal)) == NULL)
		return ST_INTERNAL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ST_OK : ST_INTERNAL;
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
