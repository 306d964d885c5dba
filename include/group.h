/* Groups and their members: the groups and group_members tables, and
 * their JSON shapes. */
#ifndef ACCOUNTS_GROUP_H
#define ACCOUNTS_GROUP_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct page;

enum member_role { MEMBER_NONE, MEMBER, MANAGER };

/* How uid belongs to group gid (MEMBER_NONE when not, or when the group
 * does not exist): ST_OK or an error. */
int	group_membership(sqlite3 *db, int64_t gid, int64_t uid,
	    enum member_role *role);

/* The writable fields of a group: present == 0 leaves one alone, s NULL
 * clears it (name cannot be cleared). */
enum gfield { G_NAME, G_LOCATION, G_CONTACT_PHONE, G__MAX };
struct gvalue {
	int		 present;
	const char	*s;
};

/* The group object {id, name, profile: {location, contact_phone,
 * created_at, updated_at, created_by, updated_by}} of gid into *o:
 * ST_OK, ST_NOT_FOUND or an error. */
int	group_get(sqlite3 *db, int64_t gid, struct json_object **o);

/* Inside a write transaction; by is the acting user.  ST_CONFLICT when
 * the name is taken (case-insensitively); ST_NOT_FOUND. */
int	group_insert(sqlite3 *db, const struct gvalue *gv, int64_t by,
	    int64_t *gid);
int	group_update(sqlite3 *db, int64_t gid, const struct gvalue *gv,
	    int64_t by);
/* Its memberships and uploads go with it (foreign keys). */
int	group_delete(sqlite3 *db, int64_t gid);

/* Every group, in id order. */
int	group_count(sqlite3 *db, int64_t *n);
int	group_page(sqlite3 *db, struct page *pg);

/* The groups user uid belongs to, in id order, each with the user's
 * member_role. */
int	group_count_of_user(sqlite3 *db, int64_t uid, int64_t *n);
int	group_page_of_user(sqlite3 *db, int64_t uid, struct page *pg);

/* Inside a write transaction: uid joins gid.  ST_BAD_REF when the user
 * does not exist, ST_CONFLICT when already a member. */
int	member_add(sqlite3 *db, int64_t gid, int64_t uid,
	    enum member_role role);
/* ST_NOT_FOUND when uid is not a member. */
int	member_remove(sqlite3 *db, int64_t gid, int64_t uid);

/* The membership object {user, member_role, joined_at} of uid in gid;
 * the user object is private when viewer is an admin (viewer_admin) or
 * the member itself. */
int	member_get(sqlite3 *db, int64_t gid, int64_t uid, int64_t viewer,
	    int viewer_admin, struct json_object **o);

/* The members of gid, in user id order, as membership objects. */
int	member_count(sqlite3 *db, int64_t gid, int64_t *n);
int	member_page(sqlite3 *db, int64_t gid, int64_t viewer,
	    int viewer_admin, struct page *pg);

/* ST_OK when group gid exists, ST_NOT_FOUND, or an error. */
int	group_exists(sqlite3 *db, int64_t gid);

#endif
