/* Client files, stored under random names below the data directory; the
 * content check is in magic.c, so that only endpoints taking files link
 * libmagic. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "status.h"
#include "tok.h"
#include "upload.h"

#define NAME_HEX	32	/* 128 random bits */

static const char *const images[][2] = {
	{ "image/png", "png" }, { "image/jpeg", "jpg" },
	{ "image/gif", "gif" }, { "image/webp", "webp" },
};

int
upload_is_image(const char *mime, const char **ext)
{
	size_t i;

	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++)
		if (strcmp(mime, images[i][0]) == 0) {
			*ext = images[i][1];
			return 1;
		}
	return 0;
}

const char *
upload_name_mime(const char *name)
{
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(images) / sizeof(images[0]);
	    i++)
		if (strcmp(dot + 1, images[i][1]) == 0)
			return images[i][0];
	return NULL;
}

/* A name we made: NAME_HEX hex digits, '.', 1-8 lowercase letters. */
static int
ours(const char *name)
{
	size_t n = strspn(name, "0123456789abcdef"), e;

	if (n != NAME_HEX || name[n] != '.')
		return 0;
	e = strspn(name + n + 1, "abcdefghijklmnopqrstuvwxyz");
	return e > 0 && e <= 8 && name[n + 1 + e] == '\0';
}

static int
path(char *buf, size_t sz, const char *dir, const char *sub,
    const char *name)
{
	int n = snprintf(buf, sz, "%s/%s/%s", dir, sub, name);

	return n > 0 && (size_t)n < sz ? 0 : -1;
}

static int
write_all(int fd, const char *buf, size_t sz)
{
	ssize_t k;

	while (sz > 0) {
		if ((k = write(fd, buf, sz)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += k;
		sz -= (size_t)k;
	}
	return 0;
}

int
upload_store(const char *data_dir, const char *sub, const char *ext,
    const void *buf, size_t sz, char *name, size_t namesz)
{
	unsigned char	 rnd[NAME_HEX / 2];
	char		 dir[4096], tmp[4096], final[4096];
	size_t		 i;
	int		 fd;

	if (tok_random(rnd, sizeof(rnd)) != 0 ||
	    namesz < NAME_HEX + strlen(ext) + 2)
		return ST_INTERNAL;
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(name + 2 * i, 3, "%02x", rnd[i]);
	snprintf(name + NAME_HEX, namesz - NAME_HEX, ".%s", ext);
	snprintf(dir, sizeof(dir), "%s/%s", data_dir, sub);
	if ((mkdir(data_dir, 0750) != 0 && errno != EEXIST) ||
	    (mkdir(dir, 0750) != 0 && errno != EEXIST) ||
	    path(final, sizeof(final), data_dir, sub, name) != 0 ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp", final) >= (int)sizeof(tmp)) {
		logmsg("upload directory %s: %s", dir, strerror(errno));
		return ST_INTERNAL;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640))
	    < 0) {
		logmsg("%s: %s", tmp, strerror(errno));
		return ST_INTERNAL;
	}
	if (write_all(fd, buf, sz) != 0 || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, final) != 0) {
		logmsg("%s: %s", tmp, strerror(errno));
		unlink(tmp);
		return ST_INTERNAL;
	}
	return ST_OK;
}

void
upload_remove(const char *data_dir, const char *sub, const char *name)
{
	char p[4096];

	if (name != NULL && ours(name) &&
	    path(p, sizeof(p), data_dir, sub, name) == 0)
		unlink(p);
}

int
upload_open(const char *data_dir, const char *sub, const char *name,
    int *fd, int64_t *size, int64_t *mtime)
{
	char		 p[4096];
	struct stat	 sb;

	*fd = -1;
	if (name == NULL || !ours(name) ||
	    path(p, sizeof(p), data_dir, sub, name) != 0)
		return ST_NOT_FOUND;
	if ((*fd = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return ST_NOT_FOUND;
		logmsg("%s: %s", p, strerror(errno));
		return ST_INTERNAL;
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		logmsg("%s: not a readable file", p);
		close(*fd);
		*fd = -1;
		return ST_INTERNAL;
	}
	*size = sb.st_size;
	*mtime = sb.st_mtime;
	return ST_OK;
}
