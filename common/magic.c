/* Content type of client files by their bytes (libmagic), never by the
 * client's name or Content-Type.  Kept apart from upload.c: only the
 * endpoints that take files link libmagic. */
#include <string.h>

#include <magic.h>

#include "log.h"
#include "status.h"
#include "upload.h"

int
upload_mime(const void *buf, size_t sz, char *out, size_t outsz)
{
	magic_t		 m;
	const char	*t;
	int		 rc = ST_INTERNAL;

	/* No decompression: a small upload must not expand into a bomb. */
	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
	    MAGIC_NO_CHECK_TAR)) == NULL)
		return ST_INTERNAL;
	if (magic_load(m, NULL) != 0)
		logmsg("magic_load: %s", magic_error(m));
	else if ((t = magic_buffer(m, buf, sz)) != NULL &&
	    strlen(t) < outsz) {
		strcpy(out, t);
		rc = ST_OK;
	}
	magic_close(m);
	return rc;
}
