/* Paginated lists (include/page.h). */
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "page.h"
#include "status.h"
#include "valid.h"

void
page_init(struct page *pg, const struct fval *q)
{
	memset(pg, 0, sizeof(*pg));
	pg->number = q[Q_PAGE].present ? q[Q_PAGE].i : 1;
	pg->size = q[Q_PAGE_SIZE].present ? q[Q_PAGE_SIZE].i :
	    PAGE_SIZE_DEFAULT;
	if (q[Q_PAGE_SIZE].present && q[Q_PAGE_SIZE].i == PAGE_ALL) {
		pg->all = 1;
		pg->number = 1;
	}
}

void
page_whole(struct fval *q)
{
	memset(&q[Q_PAGE], 0, sizeof(q[Q_PAGE]));
	memset(&q[Q_PAGE_SIZE], 0, sizeof(q[Q_PAGE_SIZE]));
	q[Q_PAGE_SIZE].present = 1;
	q[Q_PAGE_SIZE].i = PAGE_ALL;
}

void
page_window(struct page *pg, int64_t count)
{
	int64_t first = (pg->number - 1) * pg->size, n;

	pg->count = count;
	pg->reverse = 0;
	if (pg->all) {	/* from the front, however many there are now */
		pg->offset = 0;
		pg->limit = INT64_MAX;
		return;
	}
	pg->offset = first;
	pg->limit = pg->size;
	if (first >= count) {
		pg->limit = 0;
		return;
	}
	n = count - first < pg->size ? count - first : pg->size;
	/* Past the middle: the same rows, counted from the end. */
	if (first > count - first - n) {
		pg->reverse = 1;
		pg->offset = count - first - n;
		pg->limit = n;
	}
}

void
page_add(struct page *pg, struct json_object *o)
{
	if ((pg->n >= PAGE_SIZE_MAX && !pg->all) || (pg->items == NULL &&
	    (pg->items = json_object_new_array()) == NULL)) {
		json_object_put(o);
		return;
	}
	json_object_array_add(pg->items, o);
	pg->n++;
}

int
page_query(sqlite3 *db, struct page *pg, const char *sql, struct db_arg *a,
    size_t n, page_row row, void *arg)
{
	sqlite3_stmt		*st;
	struct json_object	*o;
	int			 rc;

	if (pg->limit <= 0)
		return ST_OK;
	a[n - 2] = A_INT(pg->limit);
	a[n - 1] = A_INT(pg->offset);
	if ((rc = db_query(db, &st, sql, a, n)) != ST_OK)
		return rc;
	while (db_next(st, &rc)) {
		if ((o = row(st, arg)) == NULL) {
			rc = ST_INTERNAL;
			break;
		}
		page_add(pg, o);
	}
	db_end(st);
	return rc;
}

struct json_object *
page_json(struct page *pg)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*list;
	size_t			 i;

	if (pg->items == NULL)
		list = json_object_new_array();
	else if (!pg->reverse)
		list = pg->items;
	else {
		list = json_object_new_array();
		for (i = pg->n; i > 0; i--)
			json_object_array_add(list, json_object_get(
			    json_object_array_get_idx(pg->items, i - 1)));
		json_object_put(pg->items);
	}
	pg->items = NULL;
	pg->n = 0;
	if (pg->all)	/* one page of everything read */
		pg->count = pg->size = (int64_t)json_object_array_length(list);
	json_object_object_add(o, "count", json_object_new_int64(pg->count));
	json_object_object_add(o, "page", json_object_new_int64(pg->number));
	json_object_object_add(o, "page_size",
	    json_object_new_int64(pg->size));
	json_object_object_add(o, "results", list);
	return o;
}

void
page_free(struct page *pg)
{
	json_object_put(pg->items);
	pg->items = NULL;
	pg->n = 0;
}
