/* Users and their profiles: the one place that holds the users table's SQL,
 * and the JSON shape of a user. */
#ifndef ACCOUNTS_USER_H
#define ACCOUNTS_USER_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;

struct user {
	int64_t	 id;
	char	*username;
	char	*email;
	char	*password_hash;
	int64_t	 role_id;
	char	*role;
	int	 is_admin;	/* the role's flag */
	int	 is_active;
	int	 email_verified;
	int64_t	 created_at;
	int64_t	 updated_at;
	int64_t	 last_login_at;	/* 0 when never */
	/* profile */
	char	*bio, *first_name, *last_name, *fullname;
	int64_t	 gender;	/* -1 unset, 0 male, 1 female */
	int64_t	 age;		/* -1 unset */
	char	*phone, *address, *identify_id;
	int64_t	 occupation_id;	/* 0 unset */
	char	*avatar;	/* stored file name or NULL */
};

/* The profile fields an update may carry; present == 0 leaves a column
 * alone, present with s == NULL (or i < 0) clears it. */
enum pfield {
	P_EMAIL, P_BIO, P_FIRST_NAME, P_LAST_NAME, P_FULLNAME, P_GENDER,
	P_AGE, P_PHONE, P_ADDRESS, P_IDENTIFY_ID, P_OCCUPATION, P__MAX
};

struct pvalue {
	int		 present;
	const char	*s;
	int64_t		 i;
};

/* Field table entries for the profile fields, indexed by enum pfield: an
 * endpoint's field enum starts with the P_ values and its table with
 * PROFILE_FIELDS, so that profile_values() can read them. */
#define PROFILE_FIELDS							\
	[P_EMAIL] = { "email", valid_email, FLD_NULLABLE },		\
	[P_BIO] = { "bio", valid_long_text, FLD_NULLABLE },		\
	[P_FIRST_NAME] = { "first_name", valid_name, FLD_NULLABLE },	\
	[P_LAST_NAME] = { "last_name", valid_name, FLD_NULLABLE },	\
	[P_FULLNAME] = { "fullname", valid_name, FLD_NULLABLE },	\
	[P_GENDER] = { "gender", valid_gender, FLD_NULLABLE },		\
	[P_AGE] = { "age", valid_age, FLD_NULLABLE },			\
	[P_PHONE] = { "phone", valid_phone, FLD_NULLABLE },		\
	[P_ADDRESS] = { "address", valid_text, FLD_NULLABLE },		\
	[P_IDENTIFY_ID] = { "identify_id", valid_text, FLD_NULLABLE },	\
	[P_OCCUPATION] = { "occupation", valid_id, FLD_NULLABLE }

struct fval;

/* Converts validated profile fields f[0..P__MAX) into update values. */
void	profile_values(const struct fval *f, struct pvalue *pv);

/* The columns a struct user is read from, for queries of other entities
 * that join users u (and roles r with USER_ROLE_JOIN); user_row reads
 * them starting at column col. */
#define USER_COLUMNS							\
	"u.id, u.username, u.email, u.password_hash, u.role_id, r.name, "	\
	"r.is_admin, u.is_active, u.email_verified, u.created_at, "	\
	"u.updated_at, u.last_login_at, u.bio, u.first_name, u.last_name, "	\
	"u.fullname, u.gender, u.age, u.phone, u.address, u.identify_id, "	\
	"u.occupation_id, u.avatar "
#define USER_ROLE_JOIN	"JOIN roles r ON r.id = u.role_id "

void	user_row(sqlite3_stmt *st, int col, struct user *u);

/* Loaders fill u (freed with user_free) and return ST_OK, ST_NOT_FOUND or
 * ST_INTERNAL.  get_by_login takes a username or, with an '@', an email. */
int	user_get_by_id(sqlite3 *db, int64_t id, struct user *u);
int	user_get_by_login(sqlite3 *db, const char *login, struct user *u);
void	user_free(struct user *u);

/* Inside a write transaction: ST_USERNAME_USED / ST_EMAIL_USED when taken
 * (case-insensitively), else inserts and sets *id.  verified marks the
 * email as proven by a mailed code. */
int	user_insert(sqlite3 *db, const char *username, const char *email,
	    int verified, const char *hash, int64_t role_id,
	    const struct pvalue *pv, int64_t *id);
int	user_update_profile(sqlite3 *db, int64_t id, const struct pvalue *pv);
int	user_set_password(sqlite3 *db, int64_t id, const char *hash);
int	user_touch_login(sqlite3 *db, int64_t id);
int	user_delete(sqlite3 *db, int64_t id);
int	user_set_avatar(sqlite3 *db, int64_t id, const char *name,
	    char **old);

/* Role id of a role name and its self_assignable flag. */
int	role_find(sqlite3 *db, const char *name, int64_t *id,
	    int *self_assignable);

/* {id, username, email, role, is_active, created_at, last_login_at,
 * profile: {...}}; private adds identify_id, phone and address. */
struct json_object *user_json(const struct user *u, int private);

/* Public url of a stored avatar name, in buf. */
void	avatar_url(const struct user *u, char *buf, size_t sz);

/* Adds a login audit row (operation 0 login, 1 logout, 2 failed). */
enum logop { LOG_LOGIN = 0, LOG_LOGOUT = 1, LOG_FAILED = 2 };
int	user_log(sqlite3 *db, int64_t user_id, enum logop op,
	    int64_t operator_id, const char *ip, const char *ua);

#endif
