/* Roles: the roles table's SQL and JSON shape.  `admin` and `user` are
 * built in; others are rows an admin creates. */
#ifndef ACCOUNTS_ROLE_H
#define ACCOUNTS_ROLE_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;

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

struct json_object *role_json(const struct role *r);

#endif
