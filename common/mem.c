/* SQLite's allocator for a process that lives for one request.  Debian
 * builds SQLite without lookaside, so parsing the schema sends thousands
 * of small blocks through malloc and free.  Here small blocks are carved
 * from large chunks (malloc'ed) in power-of-two size classes, and freed
 * ones go on a free list per class to be handed out again; large blocks
 * go straight to malloc.  Nothing small is returned before exit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"

#define MEM_MIN_SHIFT	4		/* 16-byte blocks */
#define MEM_MAX_SHIFT	16		/* 64 KiB; larger: plain malloc */
#define MEM_BIG		0xff
#define MEM_HDR		16		/* keeps 16-byte alignment */
#define MEM_CHUNK	(128 * 1024)	/* carved into small blocks */

struct block {
	struct block	*next;
};

static struct block	*freelist[MEM_MAX_SHIFT + 1];
static unsigned char	*chunk;		/* unused part of the last chunk */
static size_t		 left;

/* Smallest k with 1 << k >= n + MEM_HDR, at least MEM_MIN_SHIFT. */
static int
class_of(int n)
{
	int k = 32 - __builtin_clz((unsigned)(n + MEM_HDR - 1));

	if (k < MEM_MIN_SHIFT)
		k = MEM_MIN_SHIFT;
	return k <= MEM_MAX_SHIFT ? k : MEM_BIG;
}

/* A new block of class k from the current chunk (16-byte aligned, as
 * every block size is a multiple of 16), or NULL. */
static unsigned char *
carve(int k)
{
	size_t		 sz = (size_t)1 << k;
	unsigned char	*p;

	if (sz > left) {
		if ((chunk = malloc(MEM_CHUNK)) == NULL) {
			left = 0;
			return NULL;
		}
		left = MEM_CHUNK;
	}
	p = chunk;
	chunk += sz;
	left -= sz;
	return p;
}

/* The header holds the class and, for big blocks, the size. */
static void *
mem_malloc(int n)
{
	unsigned char	*p;
	int		 k = class_of(n);

	if (n <= 0)
		return NULL;
	if (k != MEM_BIG && freelist[k] != NULL) {
		p = (unsigned char *)freelist[k];
		freelist[k] = freelist[k]->next;
		return p;
	}
	if ((p = k == MEM_BIG ? malloc((size_t)n + MEM_HDR) : carve(k)) ==
	    NULL)
		return NULL;
	p[0] = (unsigned char)k;
	memcpy(p + 4, &n, sizeof(n));
	return p + MEM_HDR;
}

static void
mem_free(void *v)
{
	unsigned char	*p = (unsigned char *)v - MEM_HDR;
	struct block	*b = v;

	if (v == NULL)
		return;
	if (p[0] == MEM_BIG) {
		free(p);
		return;
	}
	b->next = freelist[p[0]];
	freelist[p[0]] = b;
}

static int
mem_size(void *v)
{
	unsigned char	*p = (unsigned char *)v - MEM_HDR;
	int		 n;

	if (v == NULL)
		return 0;
	if (p[0] != MEM_BIG)
		return (1 << p[0]) - MEM_HDR;
	memcpy(&n, p + 4, sizeof(n));
	return n;
}

static void *
mem_realloc(void *v, int n)
{
	void	*q;
	int	 have = mem_size(v);

	if (v != NULL && n <= have && class_of(n) != MEM_BIG)
		return v;
	if ((q = mem_malloc(n)) == NULL)
		return NULL;
	memcpy(q, v, have < n ? have : n);
	mem_free(v);
	return q;
}

static int
mem_roundup(int n)
{
	int k = class_of(n);

	return k == MEM_BIG ? (n + 7) & ~7 : (1 << k) - MEM_HDR;
}

static int
mem_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void
mem_shutdown(void *arg)
{
	(void)arg;
}

static const sqlite3_mem_methods methods = {
	mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup,
	mem_init, mem_shutdown, NULL
};

void
mem_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}
