/* Client files on disk: the spool file a request streams into, stored
 * files under random names below the data directory, and the sweep of
 * the trash table (migration 004), which is this file's own bookkeeping:
 * the rows name files to unlink once the rows that used them are gone.
 * The content check is in magic.c, so that only programs taking files
 * link libmagic. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "status.h"
#include "tok.h"
#include "upload.h"

#define NAME_HEX	32	/* 128 random bits */
#define WRITEBACK	(8 * 1024 * 1024)	/* see upload_spool_write */
#define SWEEP_BATCH	256

static const char *const images[][2] = {
	{ "image/png", "png" }, { "image/jpeg", "jpg" },
	{ "image/gif", "gif" }, { "image/webp", "webp" },
};

/* Signals that end a CGI early: the server giving up on it (TERM, and
 * KILL, which nothing can catch: `accountsctl files check --fix`
 * removes what that leaves), a terminal, an alarm, a closed pipe. */
static const int stop_signals[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGPIPE
};

/* The spool file the handler removes: at most one per process. */
static char	spool_path[4096];

int
upload_is_image(const char *mime, const char **ext)
{
	size_t i;

	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++)
		if (strcmp(mime, images[i][0]) == 0) {
			*ext = images[i][1];
			return 1;
		}
	return 0;
}

const char *
upload_name_mime(const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(images) / sizeof(images[0]);
	    i++)
		if (strcmp(dot + 1, images[i][1]) == 0)
			return images[i][0];
	return NULL;
}

/* NAME_HEX hex digits, '.', 1-8 lowercase letters or digits. */
int
upload_name_ours(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef"), e;

	if (n != NAME_HEX || name[n] != '.')
		return 0;
	e = strspn(name + n + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
	return e > 0 && e <= 8 && name[n + 1 + e] == '\0';
}

static int
path(char *buf, size_t sz, const char *dir, const char *sub,
    const char *name)
{
	int n = snprintf(buf, sz, "%s/%s/%s", dir, sub, name);

	return n > 0 && (size_t)n < sz ? 0 : -1;
}

/* A new random name with extension ext (1-8 of [a-z0-9]) into name. */
static int
new_name(char *name, const char *ext)
{
	unsigned char	rnd[NAME_HEX / 2];
	size_t		i;

	if (strlen(ext) > 8 || tok_random(rnd, sizeof(rnd)) != 0)
		return -1;
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(name + 2 * i, 3, "%02x", rnd[i]);
	snprintf(name + NAME_HEX, UPLOAD_NAME_MAX - NAME_HEX, ".%s", ext);
	return upload_name_ours(name) ? 0 : -1;
}

/* data_dir and data_dir/sub, created when missing. */
static int
make_dirs(const char *data_dir, const char *sub)
{
	char dir[4096];

	if (snprintf(dir, sizeof(dir), "%s/%s", data_dir, sub) >=
	    (int)sizeof(dir) ||
	    (mkdir(data_dir, 0750) != 0 && errno != EEXIST) ||
	    (mkdir(dir, 0750) != 0 && errno != EEXIST)) {
		logmsg("upload directory %s/%s: %s", data_dir, sub,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* A new directory entry lasts only once its directory is synced. */
static int
sync_dir(const char *data_dir, const char *sub)
{
	char	dir[4096];
	int	fd, rc;

	snprintf(dir, sizeof(dir), "%s/%s", data_dir, sub);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void
on_stop(int sig)
{
	int saved = errno;

	if (spool_path[0] != '\0')
		unlink(spool_path);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
block_stops(int how)
{
	sigset_t	set;
	size_t		i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(how, &set, NULL);
}

void
upload_spool_init(struct upload_spool *s)
{
	s->fd = -1;
	s->size = 0;
	s->path[0] = '\0';
}

int
upload_spool_open(struct upload_spool *s, const char *data_dir)
{
	struct sigaction	 sa = { .sa_handler = on_stop }, old;
	char			 name[UPLOAD_NAME_MAX];
	size_t			 i;

	if (s->fd >= 0 || make_dirs(data_dir, UPLOAD_TMP) != 0 ||
	    new_name(name, "part") != 0 ||
	    path(s->path, sizeof(s->path), data_dir, UPLOAD_TMP, name) != 0)
		return ST_INTERNAL;
	/* A file size limit must fail the write, not kill the process
	 * with the spool file left behind. */
	signal(SIGXFSZ, SIG_IGN);
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		/* what the server has us ignore stays ignored */
		if (sigaction(stop_signals[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
	block_stops(SIG_BLOCK);
	memcpy(spool_path, s->path, sizeof(spool_path));
	s->fd = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (s->fd < 0) {
		logmsg("%s: %s", s->path, strerror(errno));
		spool_path[0] = s->path[0] = '\0';
	}
	block_stops(SIG_UNBLOCK);
	s->size = 0;
	return s->fd >= 0 ? ST_OK : ST_INTERNAL;
}

int
upload_spool_write(struct upload_spool *s, const void *buf, size_t n)
{
	const char	*p = buf;
	ssize_t		 k;

	while (n > 0) {
		if ((k = write(s->fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			logmsg("%s: %s", s->path, strerror(errno));
			return ST_INTERNAL;
		}
		p += k;
		n -= (size_t)k;
		s->size += k;
		/* Start writing each full WRITEBACK bytes to disk while the
		 * rest arrives, so that the fsync before the file is kept
		 * has little left to wait for.  A hint: errors show there. */
		if (s->size / WRITEBACK != (s->size - k) / WRITEBACK)
			(void)sync_file_range(s->fd, (s->size / WRITEBACK - 1) *
			    WRITEBACK, WRITEBACK, SYNC_FILE_RANGE_WRITE);
	}
	return ST_OK;
}

ssize_t
upload_spool_head(const struct upload_spool *s, void *buf, size_t n)
{
	size_t	got = 0;
	ssize_t	k;

	while (got < n) {
		k = pread(s->fd, (char *)buf + got, n - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* buf[0..n) lower-cased in place (ASCII). */
static void
lower(char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] += 'a' - 'A';
}

int
upload_spool_grep(const struct upload_spool *s, const char *const *needles,
    size_t n)
{
	enum { CHUNK = 64 * 1024, KEEP = 64 };
	static char	 buf[KEEP + CHUNK];
	size_t		 have = 0, i;
	off_t		 off = 0;
	ssize_t		 k;

	/* Each window overlaps the last by KEEP bytes, so that a needle
	 * across two reads is seen. */
	for (;;) {
		k = pread(s->fd, buf + have, CHUNK, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			return 0;
		off += k;
		lower(buf + have, (size_t)k);
		have += (size_t)k;
		for (i = 0; i < n; i++)
			if (memmem(buf, have, needles[i], strlen(needles[i])))
				return 1;
		if (have > KEEP) {
			memmove(buf, buf + have - KEEP, KEEP);
			have = KEEP;
		}
	}
}

/* Unlinks path, fsyncs nothing: used on failure paths only. */
static void
unlink_logged(const char *p)
{
	if (unlink(p) != 0 && errno != ENOENT)
		logmsg("%s: %s", p, strerror(errno));
}

/* Gives the spool file its final name: a new link, never replacing
 * anything, then the spool name goes. */
static int
link_final(struct upload_spool *s, const char *data_dir, const char *sub,
    const char *ext, char *name, char *final, size_t finalsz)
{
	int tries;

	if (make_dirs(data_dir, sub) != 0)
		return ST_INTERNAL;
	for (tries = 0; tries < 3; tries++) {
		if (new_name(name, ext) != 0 ||
		    path(final, finalsz, data_dir, sub, name) != 0)
			return ST_INTERNAL;
		if (link(s->path, final) == 0)
			break;
		/* a file system without hard links: the name is new and
		 * random, rename will not replace anything */
		if ((errno == EPERM || errno == EOPNOTSUPP) &&
		    rename(s->path, final) == 0)
			break;
		if (errno != EEXIST) {
			logmsg("%s: %s", final, strerror(errno));
			return ST_INTERNAL;
		}
	}
	if (tries == 3)
		return ST_INTERNAL;
	unlink_logged(s->path);		/* (gone already after a rename) */
	spool_path[0] = s->path[0] = '\0';
	if (sync_dir(data_dir, sub) != 0) {
		logmsg("%s/%s: fsync: %s", data_dir, sub, strerror(errno));
		unlink_logged(final);
		return ST_INTERNAL;
	}
	return ST_OK;
}

int
upload_spool_store(struct upload_spool *s, const char *data_dir,
    const char *sub, const char *ext, char *name,
    int (*commit)(void *arg, const char *name), void *arg)
{
	char	final[4096];
	int	rc;

	if (s->fd < 0)
		return ST_INTERNAL;
	block_stops(SIG_BLOCK);
	if (fsync(s->fd) != 0) {
		logmsg("%s: fsync: %s", s->path, strerror(errno));
		rc = ST_INTERNAL;
	} else if ((rc = link_final(s, data_dir, sub, ext, name, final,
	    sizeof(final))) == ST_OK && (rc = commit(arg, name)) != ST_OK)
		unlink_logged(final);
	upload_spool_discard(s);	/* the spool's name; signals let in */
	return rc;
}

void
upload_spool_discard(struct upload_spool *s)
{
	block_stops(SIG_BLOCK);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->path[0] != '\0')
		unlink_logged(s->path);
	spool_path[0] = s->path[0] = '\0';
	block_stops(SIG_UNBLOCK);
}

int
upload_open(const char *data_dir, const char *sub, const char *name,
    int *fd, int64_t *size, int64_t *mtime, char *abs, size_t abssz)
{
	char		 p[4096];
	struct stat	 sb;

	*fd = -1;
	if (name == NULL || !upload_name_ours(name) ||
	    path(p, sizeof(p), data_dir, sub, name) != 0)
		return ST_NOT_FOUND;
	if ((*fd = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			/* a row names it: `accountsctl files check` */
			logmsg("%s: stored file missing", p);
			return ST_NOT_FOUND;
		}
		logmsg("%s: %s", p, strerror(errno));
		return ST_INTERNAL;
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (abs != NULL && (p[0] == '/' ? snprintf(abs, abssz, "%s", p) >=
	    (int)abssz : realpath(p, abs) == NULL))) {
		logmsg("%s: not a readable file", p);
		close(*fd);
		*fd = -1;
		return ST_INTERNAL;
	}
	*size = sb.st_size;
	*mtime = sb.st_mtime;
	return ST_OK;
}

/* ------------------------------------------------------------------
 * The trash table. */

static const char sql_trash[] =
    "SELECT id, dir, name FROM trash WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char sql_trash_drop[] = "DELETE FROM trash WHERE id = ?1";
static const char sql_in_use[] =
    "SELECT 1 FROM uploads WHERE stored_name = ?1 "
    "UNION ALL SELECT 1 FROM users WHERE avatar = ?1 LIMIT 1";

/* Unlinks the file of one trash row: 1 when the row may go (removed,
 * already gone, a name that is none of ours or that a row uses again),
 * 0 to keep it. */
static int
trash_one(sqlite3 *db, const char *data_dir, const char *dir,
    const char *name, int64_t *removed)
{
	char	p[4096];
	int64_t	one;
	int	rc;

	if (name == NULL || dir == NULL || !upload_name_ours(name) ||
	    (strcmp(dir, "files") != 0 && strcmp(dir, "avatars") != 0) ||
	    path(p, sizeof(p), data_dir, dir, name) != 0)
		return 1;
	if ((rc = db_int(db, &one, sql_in_use, ARGS(A_TEXT(name)))) !=
	    ST_NOT_FOUND)
		return rc == ST_OK;
	if (unlink(p) == 0) {
		(*removed)++;
		return 1;
	}
	if (errno == ENOENT)
		return 1;
	logmsg("sweep %s: %s", p, strerror(errno));
	return 0;
}

/* One batch after id *after: the ids whose files are gone into done[]. */
static int
sweep_batch(sqlite3 *db, const char *data_dir, int64_t *after,
    int64_t *done, size_t *ndone, size_t *nrows, int64_t *removed)
{
	sqlite3_stmt	*st;
	char		*dir, *name;
	int		 rc;

	*ndone = *nrows = 0;
	if ((rc = db_query(db, &st, sql_trash, ARGS(A_INT(*after),
	    A_INT(SWEEP_BATCH)))) != ST_OK)
		return rc;
	while (db_next(st, &rc)) {
		*after = sqlite3_column_int64(st, 0);
		dir = db_col_text(st, 1);
		name = db_col_text(st, 2);
		if (trash_one(db, data_dir, dir, name, removed))
			done[(*ndone)++] = *after;
		(*nrows)++;
		free(dir);
		free(name);
	}
	db_end(st);
	return rc;
}

int64_t
upload_sweep(sqlite3 *db, const char *data_dir)
{
	int64_t	 done[SWEEP_BATCH], after = 0, removed = 0;
	size_t	 ndone, nrows, i;
	int	 rc;

	do {
		if (sweep_batch(db, data_dir, &after, done, &ndone, &nrows,
		    &removed) != ST_OK)
			break;
		if (ndone == 0)
			continue;
		rc = db_begin(db);
		for (i = 0; rc == ST_OK && i < ndone; i++)
			rc = db_exec(db, sql_trash_drop,
			    ARGS(A_INT(done[i])), NULL);
		if (rc != ST_OK || db_commit(db) != ST_OK) {
			db_rollback(db);
			break;	/* the files are gone; rows go next time */
		}
	} while (nrows == SWEEP_BATCH);
	return removed;
}
