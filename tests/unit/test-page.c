/* page_window and page_json: for every list length and page size, every
 * page holds exactly the items of the naive slice, in the list's order,
 * whether it is read from the front or, past the middle, from the end;
 * no window skips more than half the list.  And parse_iso8601, the
 * inverse of iso8601, for the ?since= and ?until= of the login records. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "page.h"
#include "str.h"
#include "unit.h"
#include "valid.h"

/* Reads the window of pg out of a list 0 .. count-1 as the entities do
 * (offset rows skipped in the list's order, or in the reverse order when
 * reverse), and compares page_json's results with the naive slice. */
static int
page_ok(int64_t count, int64_t number, int64_t size, int *past_half)
{
	struct fval	 q[Q__PAGE];
	struct page	 pg;
	struct json_object *o, *res;
	int64_t		 i, k, first = (number - 1) * size;
	size_t		 n;
	int		 ok = 1;

	memset(q, 0, sizeof(q));
	q[Q_PAGE].present = q[Q_PAGE_SIZE].present = 1;
	q[Q_PAGE].i = number;
	q[Q_PAGE_SIZE].i = size;
	page_init(&pg, q);
	page_window(&pg, count);
	if (pg.limit > 0 && pg.offset > count / 2)
		*past_half = 1;
	for (i = 0; i < pg.limit; i++) {
		k = pg.reverse ? count - 1 - pg.offset - i : pg.offset + i;
		if (k < 0 || k >= count)
			break;
		page_add(&pg, json_object_new_int64(k));
	}
	o = page_json(&pg);
	res = json_object_object_get(o, "results");
	n = json_object_array_length(res);
	for (i = first; i < count && i < first + size; i++)
		ok &= (size_t)(i - first) < n && json_object_get_int64(
		    json_object_array_get_idx(res, (size_t)(i - first))) == i;
	ok &= n == (size_t)(first < count ? (count - first < size ?
	    count - first : size) : 0);
	ok &= json_object_get_int64(json_object_object_get(o, "count")) ==
	    count;
	json_object_put(o);
	return ok;
}

int
main(void)
{
	static const char *const bad[] = {
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
		"2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
		"2026-01-01T00:00:60Z", "2026-01-01 00:00:00Z",
		"2026-01-01T00:00:00", "2026-01-01T00:00:00+00:00",
		"1969-12-31T23:59:59Z", "+026-01-01T00:00:00Z",
		"2026-1-01T00:00:00Z", "",
	};
	struct page pg;
	char	 buf[32];
	int64_t	 count, size, number, t, v;
	size_t	 i;
	int	 ok = 1, past_half = 0, rt = 1, refused = 1;

	PLAN(6);
	for (count = 0; count <= 40; count++)
		for (size = 1; size <= 9; size++)
			for (number = 1; number <= count / size + 2; number++)
				ok &= page_ok(count, number, size, &past_half);
	CHECK(ok, "every page of lists of 0..40 items, sizes 1..9, is the "
	    "naive slice in order");
	CHECK(!past_half, "no window skips more than half the list");
	memset(&pg, 0, sizeof(pg));
	pg.number = 50000, pg.size = 20;
	page_window(&pg, INT64_C(1000000));
	ok = pg.reverse && pg.offset == 0 && pg.limit == 20;
	pg.number = 50001;
	page_window(&pg, INT64_C(1000001));
	ok &= pg.reverse && pg.offset == 0 && pg.limit == 1;
	pg.number = 1;
	page_window(&pg, INT64_C(1000001));
	CHECK(ok && !pg.reverse && pg.offset == 0 && pg.limit == 20,
	    "a million items: the last page skips nothing, from the end");
	{	/* a whole list (page_whole): every row, from the front */
		struct fval		 q[Q__PAGE];
		struct json_object	*o, *res;
		int			 all = 1;

		memset(q, 0, sizeof(q));
		q[Q_PAGE].present = q[Q_PAGE_SIZE].present = 1;
		q[Q_PAGE].i = 3;
		q[Q_PAGE_SIZE].i = 5;
		page_whole(q);
		page_init(&pg, q);
		page_window(&pg, 250);
		all = !pg.reverse && pg.offset == 0 && pg.limit >= 250;
		for (t = 0; t < 250; t++)
			page_add(&pg, json_object_new_int64(t));
		o = page_json(&pg);
		res = json_object_object_get(o, "results");
		for (t = 0; t < 250; t++)
			all &= json_object_get_int64(json_object_array_get_idx(
			    res, (size_t)t)) == t;
		CHECK(all && json_object_array_length(res) == 250 &&
		    json_object_get_int64(json_object_object_get(o,
		    "count")) == 250, "a whole list: 250 items (more than a "
		    "page holds) in order, whatever page the client asked");
		json_object_put(o);
	}
	for (t = 0; t <= INT64_C(253402300799) && rt; t += 86400 * 7 + 3671) {
		iso8601(t, buf);
		rt &= parse_iso8601(buf, &v) == 0 && v == t;
	}
	CHECK(rt, "parse_iso8601 reads back what iso8601 wrote, 1970..9999");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused &= parse_iso8601(bad[i], &v) == -1;
	CHECK(refused, "parse_iso8601 refuses impossible dates and other shapes");
	UNIT_DONE();
}
