/* Content type of client files by their bytes (libmagic), never by the
 * client's name or Content-Type.  Kept apart from upload.c: only the
 * programs that take files link libmagic. */
#include <string.h>
#include <unistd.h>

#include <magic.h>

#include "log.h"
#include "status.h"
#include "upload.h"

/* Bytes libmagic reads into memory from the start of a file (its own
 * default is 7 MiB): the types we tell apart show in far fewer, and the
 * memory a CGI needs must not grow with the file.  (What libmagic
 * needs besides is fixed: its compiled database, an 8 MB file it maps
 * and walks further the later a content matches, and buffers for text
 * encodings of some times this size.) */
#define MAGIC_BYTES	(256 * 1024)

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
	    magic_load(m, NULL) != 0)
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
