/* Users and their profiles: the one place that holds the users table's
 * SQL, and the JSON shape of a user. */
#ifndef ACCOUNTS_USER_H
#define ACCOUNTS_USER_H

#include <stdint.h>
#include <sqlite3.h>

struct json_object;
struct fval;
struct page;

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
	int64_t	 created_by;	/* 0: self-registered */
	int64_t	 updated_by;	/* 0: never changed by someone */
	/* profile */
	char	*bio, *first_name, *last_name, *fullname, *name_pinyin;
	int64_t	 gender;	/* -1 unset, 0 male, 1 female */
	int64_t	 age;		/* -1 unset */
	char	*phone, *address, *identify_id;
	int64_t	 occupation_id;	/* 0 unset */
	char	*avatar;	/* stored file name or NULL */
};

/* The profile fields a create or update may carry; present == 0 leaves a
 * column alone, present with s == NULL (or i < 0) clears it. */
enum pfield {
	P_EMAIL, P_BIO, P_FIRST_NAME, P_LAST_NAME, P_FULLNAME, P_NAME_PINYIN,
	P_GENDER, P_AGE, P_PHONE, P_ADDRESS, P_IDENTIFY_ID, P_OCCUPATION,
	P__MAX
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
	[P_NAME_PINYIN] = { "name_pinyin", valid_name, FLD_NULLABLE },	\
	[P_GENDER] = { "gender", valid_gender, FLD_NULLABLE },		\
	[P_AGE] = { "age", valid_age, FLD_NULLABLE },			\
	[P_PHONE] = { "phone", valid_phone, FLD_NULLABLE },		\
	[P_ADDRESS] = { "address", valid_text, FLD_NULLABLE },		\
	[P_IDENTIFY_ID] = { "identify_id", valid_text, FLD_NULLABLE },	\
	[P_OCCUPATION] = { "occupation", valid_id, FLD_NULLABLE }

/* Converts validated profile fields f[0..P__MAX) into update values. */
void	profile_values(const struct fval *f, struct pvalue *pv);

/* The columns a struct user is read from, for queries of other entities
 * that join users u (and roles r with USER_ROLE_JOIN); user_row reads
 * them starting at column col. */
#define USER_COLUMNS							\
	"u.id, u.username, u.email, u.password_hash, u.role_id, r.name, "	\
	"r.is_admin, u.is_active, u.email_verified, u.created_at, "	\
	"u.updated_at, u.last_login_at, u.created_by, u.updated_by, "	\
	"u.bio, u.first_name, u.last_name, u.fullname, u.name_pinyin, "	\
	"u.gender, u.age, u.phone, u.address, u.identify_id, "		\
	"u.occupation_id, u.avatar "
#define USER_ROLE_JOIN	"JOIN roles r ON r.id = u.role_id "

void	user_row(sqlite3_stmt *st, int col, struct user *u);

/* Loaders fill u (freed with user_free) and return ST_OK, ST_NOT_FOUND,
 * ST_BUSY or ST_INTERNAL.  get_by_login takes a username or, with an
 * '@', an email. */
int	user_get_by_id(sqlite3 *db, int64_t id, struct user *u);
int	user_get_by_login(sqlite3 *db, const char *login, struct user *u);
int	user_get_by_email(sqlite3 *db, const char *email, struct user *u);
void	user_free(struct user *u);

/* ST_OK when user id exists, ST_NOT_FOUND, or an error. */
int	user_exists(sqlite3 *db, int64_t id);

/* A new account.  by: the creating user's id, 0 for self-registration;
 * verified: the email was proven by a mailed code. */
struct user_new {
	const char		*username;
	const char		*email;
	const char		*hash;
	int64_t			 role_id;
	int			 verified;
	int64_t			 by;
	const struct pvalue	*pv;	/* profile, may be NULL */
};

/* Inside a write transaction.  ST_USERNAME_USED / ST_EMAIL_USED when
 * taken (case-insensitively), ST_BAD_REF for an unknown occupation,
 * else ST_OK with *id set. */
int	user_insert(sqlite3 *db, const struct user_new *n, int64_t *id);

/* Inside a write transaction; by is who changes it (0: nobody else).
 * ST_EMAIL_USED, ST_BAD_REF (occupation), ST_NOT_FOUND or ST_OK. */
int	user_update_profile(sqlite3 *db, int64_t id, const struct pvalue *pv,
	    int64_t by);
int	user_set_password(sqlite3 *db, int64_t id, const char *hash,
	    int64_t by);
/* ST_USERNAME_USED when another user has the name in any case. */
int	user_set_username(sqlite3 *db, int64_t id, const char *name,
	    int64_t by);
/* An email proven by a mailed code: email_verified becomes 1.
 * ST_EMAIL_USED when another user has it in any case. */
int	user_set_verified_email(sqlite3 *db, int64_t id, const char *email,
	    int64_t by);
int	user_set_role(sqlite3 *db, int64_t id, int64_t role_id, int64_t by);
int	user_set_active(sqlite3 *db, int64_t id, int active, int64_t by);
int	user_touch_login(sqlite3 *db, int64_t id);
int	user_delete(sqlite3 *db, int64_t id);
/* Sets the avatar; *old gets the previous name (malloc'ed, may be
 * NULL) for the caller to remove after commit. */
int	user_set_avatar(sqlite3 *db, int64_t id, const char *name,
	    char **old);

/* Which users a list takes.  Every member is optional: NULL, 0 or -1
 * (is_active) means "any".  Strings are borrowed.  Each kind of filter
 * has an index that drives it (see user.c), so that no list scans the
 * users table: q of three characters or more goes through the trigram
 * index; one or two characters (too few for trigrams) must equal the
 * fullname or name_pinyin. */
struct user_filter {
	const char	*q;		/* case-insensitive: a substring of
					 * username, email, fullname or
					 * name_pinyin; with one or two
					 * characters, the whole fullname or
					 * name_pinyin */
	const char	*role;		/* role name, case-insensitive */
	int64_t		 group_id;	/* member of this group */
	int64_t		 occupation_id;
	int		 is_active;	/* -1 any, 0 or 1 */
};

void	user_filter_init(struct user_filter *f);

/* Called once per user in id order; u and its strings are freed after
 * the call returns.  A non-zero return stops the list and is passed
 * back. */
typedef int (*user_list_cb)(void *arg, const struct user *u);

/* Number of users f takes: a counter without filters, else as many
 * index entries as there are matches. */
int	user_count(sqlite3 *db, const struct user_filter *f, int64_t *count);

/* Calls cb for at most limit (< 0: no limit) users f takes in id order
 * (reverse: from the highest id down), skipping the first offset.  Run
 * it in a read transaction if the count and the page must agree. */
int	user_list(sqlite3 *db, const struct user_filter *f, int64_t limit,
	    int64_t offset, int reverse, user_list_cb cb, void *arg);

/* The window of pg (page_window) as user objects (private: with the
 * private fields). */
int	user_page(sqlite3 *db, const struct user_filter *f, struct page *pg,
	    int private);

/* The user object of the contract; private adds email_verified and the
 * profile's phone, address and identify_id. */
struct json_object *user_json(const struct user *u, int private);

/* Public url of a stored avatar name, in buf. */
void	avatar_url(const struct user *u, char *buf, size_t sz);

#endif
