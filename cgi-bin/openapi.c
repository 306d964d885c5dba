/* GET /api/openapi.yaml: this API's own OpenAPI document
 * (docs/openapi.yaml, compiled in), where clients and generators look
 * for it.  Needs no database. */
#include <sys/mman.h>
#include <unistd.h>

#include "accounts.h"

extern const char	 openapi_yaml[];
extern const size_t	 openapi_yaml_len;
extern const int64_t	 openapi_yaml_mtime;
extern const char	 openapi_yaml_etag[];

static int
get(struct ctx *c)
{
	size_t	 off = 0;
	ssize_t	 k;
	int	 fd;

	/* the frame sends files: give it the bytes as one */
	if ((fd = memfd_create("openapi.yaml", MFD_CLOEXEC)) < 0)
		return ST_INTERNAL;
	while (off < openapi_yaml_len) {
		if ((k = write(fd, openapi_yaml + off,
		    openapi_yaml_len - off)) <= 0) {
			close(fd);
			return ST_INTERNAL;
		}
		off += (size_t)k;
	}
	resp_file(&c->resp, fd, (int64_t)openapi_yaml_len, openapi_yaml_mtime,
	    "application/yaml; charset=utf-8", openapi_yaml_etag,
	    CACHE_PUBLIC);
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_GET, .access = access_anyone, .no_db = 1,
	    .handle = get },
};

CGI_MAIN(routes)
