/* The uploads table (include/file.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "file.h"
#include "page.h"
#include "status.h"
#include "str.h"

#define FILE_SELECT "SELECT id, group_id, user_id, kind, mime, size, " \
    "stored_name, original_name, created_at FROM uploads "

static const char sql_by_id[] = FILE_SELECT "WHERE id = ?1";
static const char sql_list[] = FILE_SELECT
    "WHERE group_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3";
static const char sql_list_rev[] = FILE_SELECT
    "WHERE group_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3";
static const char sql_count[] =
    "SELECT count(*) FROM uploads WHERE group_id = ?1";
static const char sql_owner[] =
    "SELECT group_id, coalesce(user_id, 0) FROM uploads WHERE id = ?1";
static const char sql_insert[] =
    "INSERT INTO uploads (group_id, user_id, kind, mime, size, "
    "stored_name, original_name, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_delete[] = "DELETE FROM uploads WHERE id = ?1";
/* the stored file into the trash, for upload_sweep after the commit
 * (kept here rather than by a trigger: db/005) */
static const char sql_trash[] =
    "INSERT INTO trash (dir, name, created_at) SELECT 'files', "
    "stored_name, ?2 FROM uploads WHERE id = ?1";
static const char sql_refs[] =
    "SELECT 'files', stored_name, id FROM uploads "
    "UNION ALL SELECT 'avatars', avatar, id FROM users "
    "WHERE avatar IS NOT NULL";

static void
row(sqlite3_stmt *st, struct file *f)
{
	f->id = sqlite3_column_int64(st, 0);
	f->group_id = sqlite3_column_int64(st, 1);
	f->user_id = db_col_int(st, 2, 0);
	f->kind = db_col_text(st, 3);
	f->mime = db_col_text(st, 4);
	f->size = sqlite3_column_int64(st, 5);
	f->stored_name = db_col_text(st, 6);
	f->original_name = db_col_text(st, 7);
	f->created_at = sqlite3_column_int64(st, 8);
}

int
file_get(sqlite3 *db, int64_t id, struct file *f)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(f, 0, sizeof(*f));
	if ((rc = db_one(db, &st, sql_by_id, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	row(st, f);
	db_end(st);
	return f->kind != NULL && f->mime != NULL && f->stored_name != NULL ?
	    ST_OK : ST_INTERNAL;
}

void
file_free(struct file *f)
{
	free(f->kind);
	free(f->mime);
	free(f->stored_name);
	free(f->original_name);
	memset(f, 0, sizeof(*f));
}

int
file_owner(sqlite3 *db, int64_t id, int64_t *group_id, int64_t *user_id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = db_one(db, &st, sql_owner, ARGS(A_INT(id)))) != ST_OK)
		return rc;
	*group_id = sqlite3_column_int64(st, 0);
	*user_id = sqlite3_column_int64(st, 1);
	db_end(st);
	return ST_OK;
}

int
file_insert(sqlite3 *db, struct file *f)
{
	int rc;

	f->created_at = db_now();
	/* the stored name is new and random: a constraint is a reference */
	rc = db_exec(db, sql_insert, ARGS(A_INT(f->group_id),
	    A_REF(f->user_id), A_TEXT(f->kind), A_TEXT(f->mime),
	    A_INT(f->size), A_TEXT(f->stored_name),
	    A_TEXT(f->original_name), A_INT(f->created_at)), NULL);
	if (rc == ST_CONFLICT)
		return ST_BAD_REF;
	if (rc == ST_OK)
		f->id = db_last_id(db);
	return rc;
}

int
file_delete(sqlite3 *db, int64_t id)
{
	int64_t	changes = 0;
	int	rc;

	if ((rc = db_exec(db, sql_trash, ARGS(A_INT(id), A_INT(db_now())),
	    NULL)) != ST_OK)
		return rc;
	rc = db_exec(db, sql_delete, ARGS(A_INT(id)), &changes);
	return rc == ST_OK && changes == 0 ? ST_NOT_FOUND : rc;
}

int
file_count(sqlite3 *db, int64_t gid, int64_t *count)
{
	return db_int(db, count, sql_count, ARGS(A_INT(gid)));
}

static struct json_object *
page_row_file(sqlite3_stmt *st, void *arg)
{
	struct json_object	*o;
	struct file		 f;

	(void)arg;
	row(st, &f);
	o = file_json(&f);
	file_free(&f);
	return o;
}

int
file_page(sqlite3 *db, int64_t gid, struct page *pg)
{
	struct db_arg a[3] = { A_INT(gid) };

	return page_query(db, pg, pg->reverse ? sql_list_rev : sql_list, a, 3,
	    page_row_file, NULL);
}

int
file_refs(sqlite3 *db, int (*cb)(void *, const char *, const char *,
    int64_t), void *arg)
{
	sqlite3_stmt	*st;
	int		 rc, stop = 0;

	if ((rc = db_query(db, &st, sql_refs, NO_ARGS)) != ST_OK)
		return rc;
	while (!stop && db_next(st, &rc))
		stop = cb(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int64(st, 2));
	db_end(st);
	return stop ? stop : rc;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), without C0
 * and C1 controls or DEL; 0 if there is none. */
static size_t
char_len(const unsigned char *s, size_t n)
{
	size_t l = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 :
	    s[0] >= 0xe0 && s[0] < 0xf0 ? 3 : s[0] >= 0xf0 && s[0] < 0xf5 ?
	    4 : 0;

	if (l == 0 || l > n || !utf8_valid((const char *)s, l, 0))
		return 0;
	return l;
}

void
file_clean_name(const char *in, char *out)
{
	const unsigned char	*p;
	size_t			 n = 0, l, left;

	/* the last segment of a path, whichever separator the client's
	 * system uses */
	for (p = (const unsigned char *)in; *in != '\0'; in++)
		if (*in == '/' || *in == '\\')
			p = (const unsigned char *)in + 1;
	left = strlen((const char *)p);
	while (*p == ' ' || *p == '.') {	/* no "..", no hidden names */
		p++;
		left--;
	}
	while (left > 0) {
		if ((l = char_len(p, left)) == 0) {
			p++;		/* a broken byte or a control: dropped */
			left--;
			continue;
		}
		if (n + l > FILE_NAME_MAX)
			break;
		memcpy(out + n, p, l);
		n += l;
		p += l;
		left -= l;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static struct json_object *
opt_int(int64_t v)
{
	return v > 0 ? json_object_new_int64(v) : NULL;
}

struct json_object *
file_json(const struct file *f)
{
	struct json_object	*o = json_object_new_object();
	char			 url[64], t[32];

	snprintf(url, sizeof(url), "/api/files/%lld/", (long long)f->id);
	iso8601(f->created_at, t);
	json_object_object_add(o, "id", json_object_new_int64(f->id));
	json_object_object_add(o, "url", json_object_new_string(url));
	json_object_object_add(o, "kind", json_object_new_string(f->kind));
	json_object_object_add(o, "mime", json_object_new_string(f->mime));
	json_object_object_add(o, "size", json_object_new_int64(f->size));
	json_object_object_add(o, "name", f->original_name != NULL ?
	    json_object_new_string(f->original_name) : NULL);
	json_object_object_add(o, "group",
	    json_object_new_int64(f->group_id));
	json_object_object_add(o, "user", opt_int(f->user_id));
	json_object_object_add(o, "created_at", json_object_new_string(t));
	return o;
}
