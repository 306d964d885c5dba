/* Paginated lists: ?page= and ?page_size=, the window of rows a page
 * takes, and the answer {count, page, page_size, results}.
 *
 * A page past the middle of a list is read from the list's other end
 * (the opposite ORDER BY with the complementary offset) and turned
 * around: SQLite skips an offset row by row, so the last page costs what
 * the first does, and the middle one the most. */
#ifndef ACCOUNTS_PAGE_H
#define ACCOUNTS_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "db.h"

struct json_object;
struct fval;

#define PAGE_SIZE_DEFAULT	20
#define PAGE_SIZE_MAX		100
/* Highest page number: (page - 1) * page_size must not overflow. */
#define PAGE_MAX		(INT64_MAX / PAGE_SIZE_MAX)
/* q[Q_PAGE_SIZE].i of a list that is not paged (page_whole): every row,
 * in one page.  No client can ask for it (valid_page_size). */
#define PAGE_ALL		0

/* The query fields of every list: an endpoint's query enum starts with
 * Q_PAGE, Q_PAGE_SIZE (then its own from Q__PAGE on) and its table with
 * PAGE_QUERY. */
enum { Q_PAGE, Q_PAGE_SIZE, Q__PAGE };
#define PAGE_QUERY							\
	[Q_PAGE] = { "page", valid_page, 0 },				\
	[Q_PAGE_SIZE] = { "page_size", valid_page_size, 0 }

struct page {
	int64_t			 number;	/* 1 .. PAGE_MAX */
	int64_t			 size;		/* 1 .. PAGE_SIZE_MAX */
	int64_t			 count;		/* items in the whole list */
	/* The window page_window sets: skip offset rows, take at most
	 * limit, in the list's order or, when reverse, in the opposite
	 * order (from the list's end). */
	int64_t			 limit;
	int64_t			 offset;
	int			 reverse;
	int			 all;		/* every row (PAGE_ALL) */
	struct json_object	*items;		/* as read, or NULL */
	size_t			 n;
};

/* From the validated query fields q[Q_PAGE] and q[Q_PAGE_SIZE]. */
void	 page_init(struct page *pg, const struct fval *q);

/* Makes the list of the query fields q whole: page_init then reads
 * every row in one page, whatever the client asked (the frame, for
 * dialects whose documents have no pagination: RULE_UNPAGINATED). */
void	 page_whole(struct fval *q);

/* Sets the window for a list of count items. */
void	 page_window(struct page *pg, int64_t count);

/* A row of the window as a JSON object (NULL: out of memory). */
typedef struct json_object *(*page_row)(sqlite3_stmt *st, void *arg);

/* Runs sql (whose last two parameters are the limit and the offset;
 * a[n - 2] and a[n - 1] are overwritten with the window's) and adds
 * row(st, arg) of every row.  ST_OK or an error of db.h. */
int	 page_query(sqlite3 *db, struct page *pg, const char *sql,
	    struct db_arg *a, size_t n, page_row row, void *arg);

/* Adds an item read in window order; takes it.  A page holds at most
 * PAGE_SIZE_MAX items, a whole list any number. */
void	 page_add(struct page *pg, struct json_object *o);

/* {count, page, page_size, results} in the list's order; the items move
 * into it. */
struct json_object *page_json(struct page *pg);

/* Drops items not handed over by page_json. */
void	 page_free(struct page *pg);

#endif
