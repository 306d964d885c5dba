/* common/mem.c, SQLite's allocator: blocks keep their contents through
 * realloc, never overlap, are 16-byte aligned, report a usable size at
 * least as large as asked, and freed blocks are reused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../../common/internal.h"
#include "unit.h"

#define N	2000

static unsigned char	*blk[N];
static int		 len[N];

/* Deterministic sizes: mostly small, some past the 64 KiB classes. */
static int
size_for(unsigned r)
{
	return r % 10 == 0 ? 60000 + (int)(r % 20000) : 1 + (int)(r % 700);
}

static int
intact(int i)
{
	int k;

	for (k = 0; k < len[i]; k++)
		if (blk[i][k] != (unsigned char)(i + k))
			return 0;
	return 1;
}

static void
fill(int i)
{
	int k;

	for (k = 0; k < len[i]; k++)
		blk[i][k] = (unsigned char)(i + k);
}

int
main(void)
{
	unsigned	 r = 12345;
	int		 i, ok_align = 1, ok_size = 1, ok_data = 1, round;
	void		*a, *b;

	PLAN(6);

	mem_setup();
	CHECK(sqlite3_initialize() == SQLITE_OK, "SQLite starts on mem.c");
	for (round = 0; round < 3; round++) {
		for (i = 0; i < N; i++) {
			r = r * 1103515245 + 12345;
			len[i] = size_for(r >> 8);
			if ((blk[i] = sqlite3_malloc(len[i])) == NULL)
				return 1;
			ok_align &= ((uintptr_t)blk[i] % 16) == 0;
			ok_size &= sqlite3_msize(blk[i]) >= (sqlite3_uint64)len[i];
			fill(i);
		}
		for (i = 0; i < N; i += 3) {	/* grow or shrink some */
			r = r * 1103515245 + 12345;
			len[i] = (int)((r >> 8) % 3000) + 1;
			blk[i] = sqlite3_realloc(blk[i], len[i]);
			ok_size &= blk[i] != NULL &&
			    sqlite3_msize(blk[i]) >= (sqlite3_uint64)len[i];
			if (blk[i] != NULL)
				fill(i);
		}
		for (i = 0; i < N; i++)
			ok_data &= intact(i);
		for (i = 0; i < N; i++)
			sqlite3_free(blk[i]);
	}
	CHECK(ok_align, "blocks are 16-byte aligned");
	CHECK(ok_size, "sqlite3_msize covers what was asked, also after realloc");
	CHECK(ok_data, "no block overwrote another, realloc kept contents");
	a = sqlite3_malloc(100);
	sqlite3_free(a);
	b = sqlite3_malloc(90);		/* same class */
	CHECK(a == b, "a freed block is reused for its size class");
	sqlite3_free(b);
	a = sqlite3_malloc(100);
	memset(a, 'x', 100);
	b = sqlite3_realloc(a, 10);
	CHECK(b == a && memcmp(b, "xxxxxxxxxx", 10) == 0,
	    "shrinking keeps the block and its bytes");
	sqlite3_free(b);
	UNIT_DONE();
}
