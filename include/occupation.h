/* Occupations a profile may name: the occupations table.  Names are
 * unique case-insensitively; deleting one sets its users' occupation to
 * null (the foreign key does it). */
#ifndef ACCOUNTS_OCCUPATION_H
#define ACCOUNTS_OCCUPATION_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct page;

/* The occupation object {id, name, created_at} of id into *o:
 * ST_OK, ST_NOT_FOUND or an error. */
int	occupation_get(sqlite3 *db, int64_t id, struct json_object **o);

/* Inside a write transaction.  ST_CONFLICT when the name is taken. */
int	occupation_insert(sqlite3 *db, const char *name, int64_t *id);
int	occupation_rename(sqlite3 *db, int64_t id, const char *name);
int	occupation_delete(sqlite3 *db, int64_t id);

/* Every occupation, in id order. */
int	occupation_count(sqlite3 *db, int64_t *n);
int	occupation_page(sqlite3 *db, struct page *pg);

#endif
