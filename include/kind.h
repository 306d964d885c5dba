/* The kinds of group uploads (image, expression, file, voice): their
 * names, size limits and the types each accepts, judged by content. */
#ifndef ACCOUNTS_KIND_H
#define ACCOUNTS_KIND_H

#include <stddef.h>

struct cfg;
struct upload_spool;

enum kind { KIND_IMAGE, KIND_EXPRESSION, KIND_FILE, KIND_VOICE, KIND__MAX };

/* 0 and *k for a kind's name, -1 for anything else. */
int		 kind_parse(const char *s, enum kind *k);
const char	*kind_name(enum kind k);

/* Bytes a file of kind k may have (ACCOUNTS_MAX_IMAGE, _VOICE, _FILE),
 * and the most any kind may. */
size_t		 kind_max(const struct cfg *c, enum kind k);
size_t		 kind_max_any(const struct cfg *c);

/* Judges the spooled file for kind k.  mime holds libmagic's type on
 * entry and the type to store and serve on return (mimesz bytes).
 * ST_OK with *ext (the stored name's extension), ST_MEDIA_TYPE with
 * *why (for the client), or ST_INTERNAL (a read failed). */
int		 kind_check(enum kind k, const struct upload_spool *s,
		    char *mime, size_t mimesz, const char **ext,
		    const char **why);

#endif
