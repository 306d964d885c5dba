/* Content type of client files by their bytes (libmagic), never by the
 * client's name or Content-Type.  Kept apart from upload.c: only the
 * programs that take files link libmagic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <magic.h>

#include "log.h"
#include "status.h"
#include "upload.h"

/* Bytes libmagic reads into memory from the start of a file (its own
 * default is 7 MiB): the types we tell apart show in far fewer, and the
 * memory a CGI needs must not grow with the file.  (What libmagic
 * needs besides is fixed: its compiled database, which it walks further
 * the later a content matches, and buffers for text encodings of some
 * times this size.) */
#define MAGIC_BYTES	(256 * 1024)

/* The database, compiled in (build/common/magic-db.o): the system's cut
 * to the tests that name MIME types by tools/magic-trim.c, 4 MB instead
 * of 8 of pages to read.  MAGIC in the environment (libmagic's own
 * variable) names another instead; if libmagic refuses the compiled-in
 * one, its own is loaded. */
extern const char	 magic_db[], magic_db_end[];

static int
load(magic_t m)
{
	void		*buf = (void *)(uintptr_t)magic_db;
	size_t		 len = (size_t)(magic_db_end - magic_db);
	const char	*env = getenv("MAGIC");

	if (env != NULL && *env != '\0')
		return magic_load(m, NULL);
	if (magic_load_buffers(m, &buf, &len, 1) == 0)
		return 0;
	logmsg("libmagic: the compiled-in database: %s; loading the system's",
	    magic_error(m) != NULL ? magic_error(m) : "refused");
	return magic_load(m, NULL);
}

int
upload_spool_mime(const struct upload_spool *s, char *out, size_t outsz)
{
	magic_t		 m;
	const char	*t;
	size_t		 bytes = MAGIC_BYTES;
	int		 rc = ST_INTERNAL;

	/* No decompression: an upload must not expand into a bomb. */
	if (s->fd < 0 || lseek(s->fd, 0, SEEK_SET) != 0 ||
	    (m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
	    MAGIC_NO_CHECK_TAR)) == NULL)
		return ST_INTERNAL;
	if (magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &bytes) != 0 ||
	    load(m) != 0)
		logmsg("libmagic: %s", magic_error(m) != NULL ?
		    magic_error(m) : "cannot set up");
	else if ((t = magic_descriptor(m, s->fd)) == NULL)
		logmsg("libmagic: %s", magic_error(m) != NULL ?
		    magic_error(m) : "no answer");
	else if (strlen(t) < outsz) {
		strcpy(out, t);
		rc = ST_OK;
	}
	magic_close(m);
	return rc;
}
