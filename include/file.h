/* Group files: the uploads table's rows (which stored file, whose, of
 * which group and kind) and their JSON shape.  The bytes are upload.h's
 * business; deleting a row leaves its stored name in the trash table
 * (a trigger), for upload_sweep. */
#ifndef ACCOUNTS_FILE_H
#define ACCOUNTS_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct json_object;

#define FILE_NAME_MAX	255	/* bytes of a kept client file name */

struct file {
	int64_t	 id;
	int64_t	 group_id;
	int64_t	 user_id;	/* the uploader; 0 once that user is gone */
	char	*kind;
	char	*mime;
	int64_t	 size;
	char	*stored_name;
	char	*original_name;	/* cleaned client name, or NULL */
	int64_t	 created_at;
};

/* Fills f (freed with file_free): ST_OK, ST_NOT_FOUND or an error. */
int	file_get(sqlite3 *db, int64_t id, struct file *f);
void	file_free(struct file *f);

/* The group of file id and its uploader (0: gone), for access rules:
 * ST_OK, ST_NOT_FOUND or an error. */
int	file_owner(sqlite3 *db, int64_t id, int64_t *group_id,
	    int64_t *user_id);

/* Inside a write transaction: a new row from f's fields (id and
 * created_at are set).  ST_OK, ST_BAD_REF when the group or the user is
 * gone, or an error. */
int	file_insert(sqlite3 *db, struct file *f);

/* Inside a write transaction: ST_OK or ST_NOT_FOUND. */
int	file_delete(sqlite3 *db, int64_t id);

/* Files of group gid, oldest first: how many, and the page window of
 * them as upload objects. */
struct page;
int	file_count(sqlite3 *db, int64_t gid, int64_t *count);
int	file_page(sqlite3 *db, int64_t gid, struct page *pg);

/* Every stored name a row uses, for `accountsctl files check`:
 * cb(arg, dir, name, row id) with dir "files" (uploads) or "avatars"
 * (users); a non-zero return stops and is passed back. */
int	file_refs(sqlite3 *db, int (*cb)(void *arg, const char *dir,
	    const char *name, int64_t id), void *arg);

/* A client's file name as kept and shown: its last path segment, valid
 * UTF-8 without controls, at most FILE_NAME_MAX bytes, into out
 * (FILE_NAME_MAX + 1 bytes); "" when nothing is left. */
void	file_clean_name(const char *in, char *out);

/* {id, url, kind, mime, size, name, group, user, created_at}. */
struct json_object *file_json(const struct file *f);

#endif
