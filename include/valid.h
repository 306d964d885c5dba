/* Typed field declarations and their validators.  An endpoint declares an
 * enum of its fields ending in F__MAX and a table of struct field; after
 * fields_check() the handler reads only the typed struct fval values. */
#ifndef ACCOUNTS_VALID_H
#define ACCOUNTS_VALID_H

#include <stddef.h>
#include <stdint.h>

struct json_object;
struct param;
struct plist;

struct fval {
	int			 present;
	int			 null;	/* present but JSON null or "" */
	const char		*s;	/* text value (NUL-free, UTF-8) */
	size_t			 len;
	int64_t			 i;	/* numbers and booleans */
	const struct param	*file;	/* file fields */
};

/* A validator reads p, fills v and returns NULL, or an error message for
 * the client ("not an email address"). */
typedef const char *(*validator)(const struct param *p, struct fval *v);

#define FLD_REQUIRED	0x01
#define FLD_NULLABLE	0x02	/* "" or null clears the value */
/* Only admins may send it: the frame answers 403 (errno 1004) to anyone
 * else who does, before looking at any value. */
#define FLD_ADMIN	0x04

struct field {
	const char	*name;
	validator	 valid;
	unsigned	 flags;
};

/* Checks pl against the table: every param must be declared, appear once
 * and pass its validator; required fields must be present.  On failure
 * returns ST_INVALID and, if errs is not NULL, sets *errs to a new JSON
 * object {name: message} the caller owns. */
int	fields_check(const struct field *f, size_t nf, const struct plist *pl,
	    struct fval *out, struct json_object **errs);

const char *valid_username(const struct param *, struct fval *);
const char *valid_password(const struct param *, struct fval *);
/* an existing password: any length up to PW_MAX_LEN bytes */
const char *valid_secret(const struct param *, struct fval *);
const char *valid_email(const struct param *, struct fval *);
const char *valid_code(const struct param *, struct fval *);
const char *valid_token(const struct param *, struct fval *);
const char *valid_name(const struct param *, struct fval *);	/* <=100 */
const char *valid_text(const struct param *, struct fval *);	/* <=255 */
const char *valid_long_text(const struct param *, struct fval *); /* bio */
const char *valid_phone(const struct param *, struct fval *);
const char *valid_gender(const struct param *, struct fval *);
const char *valid_age(const struct param *, struct fval *);
const char *valid_id(const struct param *, struct fval *);
const char *valid_bool(const struct param *, struct fval *);
const char *valid_role_name(const struct param *, struct fval *);
const char *valid_file(const struct param *, struct fval *);
/* ?page= (1 .. PAGE_MAX) and ?page_size= (1 .. PAGE_SIZE_MAX), page.h */
const char *valid_page(const struct param *, struct fval *);
const char *valid_page_size(const struct param *, struct fval *);
/* a UTC time as 2026-11-21T09:30:00Z, into i (seconds) */
const char *valid_time(const struct param *, struct fval *);

#endif
