/* Helpers private to common/: not for cgi-bin/ or tools/. */
#ifndef ACCOUNTS_INTERNAL_H
#define ACCOUNTS_INTERNAL_H

#include <stddef.h>

#include "req.h"

/* Appends a param to pl (copies name and value); ST_OK or ST_INVALID when
 * the name is not [A-Za-z][A-Za-z0-9_]* of at most REQ_MAX_NAME, or the list is
 * full. */
int	plist_add(struct plist *pl, const char *name, size_t namesz,
	    const char *val, size_t valsz, enum ptype type,
	    const char *filename);

/* Installs SQLite's allocator (mem.c); before SQLite initialises. */
void	mem_setup(void);

#endif
