/* Files from clients: streamed to a spool file below ACCOUNTS_DATA_DIR
 * as they arrive, typed by content with libmagic, then moved under a
 * server-chosen name into a directory of the data directory ("files",
 * "avatars"), outside the document root.  Stored files are removed only
 * through the trash table, after the transaction that dropped their row
 * has committed (upload_sweep). */
#ifndef ACCOUNTS_UPLOAD_H
#define ACCOUNTS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sqlite3.h>

#define UPLOAD_TMP	"tmp"	/* spool directory below the data dir */
#define UPLOAD_NAME_MAX	48	/* bytes of a stored name, with its NUL */

/* A file being received.  One per process: signal handlers remove the
 * spool file when the process is told to stop half-way. */
struct upload_spool {
	int	 fd;		/* -1: none */
	int64_t	 size;		/* bytes written */
	char	 path[4096];	/* the spool file, "" when none */
};

void	upload_spool_init(struct upload_spool *s);

/* Creates the spool file data_dir/tmp/<random>.part (and the
 * directories).  ST_OK or ST_INTERNAL. */
int	upload_spool_open(struct upload_spool *s, const char *data_dir);

/* Appends n bytes.  ST_OK, or ST_INTERNAL (disk full, file size limit:
 * logged). */
int	upload_spool_write(struct upload_spool *s, const void *buf, size_t n);

/* MIME type of the spooled bytes by content ("image/png"), into out.
 * ST_OK or ST_INTERNAL (libmagic failed: logged). */
int	upload_spool_mime(const struct upload_spool *s, char *out,
	    size_t outsz);

/* The first n bytes of the spool file into buf; returns how many were
 * read (fewer for a short file), -1 on an error. */
ssize_t	upload_spool_head(const struct upload_spool *s, void *buf, size_t n);

/* 1 if the spooled bytes contain one of the needles (lower-case ASCII,
 * matched case-insensitively, each shorter than 64 bytes), read in pieces of
 * fixed size; 0 if not; -1 on a read error. */
int	upload_spool_grep(const struct upload_spool *s,
	    const char *const *needles, size_t n);

/* Makes the spooled file data_dir/sub/<random>.<ext> (fsync'ed, and its
 * directory), its name into name (UPLOAD_NAME_MAX bytes), then calls
 * commit(arg, name), which records the name and commits.  When commit
 * fails the file is removed again.  Termination signals wait until
 * both are done: a stopped process leaves neither a committed row
 * without its file nor a file without its row.  Returns ST_OK or the
 * first failure (commit's own status). */
int	upload_spool_store(struct upload_spool *s, const char *data_dir,
	    const char *sub, const char *ext, char *name,
	    int (*commit)(void *arg, const char *name), void *arg);

/* Closes and removes the spool file, if any; safe to call twice. */
void	upload_spool_discard(struct upload_spool *s);

/* 1 if mime is an image we accept (PNG, JPEG, GIF, WebP); sets *ext. */
int	upload_is_image(const char *mime, const char **ext);

/* MIME type of one of our stored image names by its extension, or
 * NULL. */
const char *upload_name_mime(const char *name);

/* 1 if name has the shape of a name upload_spool_store makes. */
int	upload_name_ours(const char *name);

/* Opens data_dir/sub/name (a name we made) for reading: ST_OK with *fd,
 * *size and *mtime, ST_NOT_FOUND, or ST_INTERNAL.  path, when not
 * NULL, gets the file's absolute path (pathsz bytes; for X-Sendfile). */
int	upload_open(const char *data_dir, const char *sub, const char *name,
	    int *fd, int64_t *size, int64_t *mtime, char *path,
	    size_t pathsz);

/* Unlinks the files of the trash table (rows left by deleted uploads,
 * groups, users and replaced avatars) and drops those rows.  Call it
 * after the commit that dropped rows naming stored files; outside any
 * transaction.  Failures are logged and left for the next sweep.
 * Returns the number of files removed. */
int64_t	upload_sweep(sqlite3 *db, const char *data_dir);

#endif
