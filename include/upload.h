/* Files from clients: type judged by content with libmagic, stored under
 * server-chosen names below ACCOUNTS_DATA_DIR, outside the document root. */
#ifndef ACCOUNTS_UPLOAD_H
#define ACCOUNTS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

/* MIME type of buf by content ("image/png"), into out.  ST_OK or
 * ST_INTERNAL. */
int	upload_mime(const void *buf, size_t sz, char *out, size_t outsz);

/* 1 if mime is an image we accept (PNG, JPEG, GIF, WebP); sets *ext. */
int	upload_is_image(const char *mime, const char **ext);

/* MIME type of one of our stored names by its extension, or NULL. */
const char *upload_name_mime(const char *name);

/* Writes buf to data_dir/sub/<random hex>.<ext> atomically (temp file,
 * fsync, rename) with mode 0640; the new name goes to name (>= 64 bytes).
 * Returns ST_OK or ST_INTERNAL. */
int	upload_store(const char *data_dir, const char *sub, const char *ext,
	    const void *buf, size_t sz, char *name, size_t namesz);

/* Removes data_dir/sub/name if name is one of ours; errors ignored. */
void	upload_remove(const char *data_dir, const char *sub,
	    const char *name);

/* Opens data_dir/sub/name (a name we made) for reading: ST_OK with *fd,
 * *size and *mtime, ST_NOT_FOUND, or ST_INTERNAL. */
int	upload_open(const char *data_dir, const char *sub, const char *name,
	    int *fd, int64_t *size, int64_t *mtime);

#endif
