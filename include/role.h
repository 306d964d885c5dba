/* Roles: the roles table's SQL and JSON shape.  `admin` and `user` are
 * built in; others are rows an admin creates. */
#ifndef ACCOUNTS_ROLE_H
#define ACCOUNTS_ROLE_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct page;

#define ROLE_ADMIN	1	/* ids of the built-in roles */
#define ROLE_USER	2

struct role {
	int64_t	 id;
	char	*name;
	int	 is_admin;
	int	 self_assignable;
	int64_t	 created_at;
};

/* Fill r (freed with role_free): ST_OK, ST_NOT_FOUND or an error.  Names
 * compare case-insensitively. */
int	role_get(sqlite3 *db, int64_t id, struct role *r);
int	role_find(sqlite3 *db, const char *name, struct role *r);
void	role_free(struct role *r);

/* Inside a write transaction.  ST_CONFLICT when the name is taken
 * (case-insensitively). */
int	role_insert(sqlite3 *db, const char *name, int is_admin,
	    int self_assignable, int64_t *id);

/* A change of role id: name NULL, or a flag < 0, leaves it alone.  The
 * built-in roles keep their names and flags (ST_CONFLICT for a change);
 * ST_CONFLICT too for a name taken, ST_NOT_FOUND.  Inside a write
 * transaction. */
int	role_update(sqlite3 *db, int64_t id, const char *name, int is_admin,
	    int self_assignable);

/* ST_CONFLICT for a built-in role or one some user has; ST_NOT_FOUND. */
int	role_delete(sqlite3 *db, int64_t id);

/* Every role, in id order: the count and the window of pg. */
int	role_count(sqlite3 *db, int64_t *n);
int	role_page(sqlite3 *db, struct page *pg);

struct json_object *role_json(const struct role *r);

#endif
