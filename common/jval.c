/* JSON values with the contract's nulls (include/jval.h). */
#include <json-c/json.h>

#include "jval.h"
#include "str.h"

struct json_object *
jv_str(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

struct json_object *
jv_time(int64_t t)
{
	char buf[32];

	if (t <= 0)
		return NULL;
	iso8601(t, buf);
	return json_object_new_string(buf);
}

struct json_object *
jv_ref(int64_t id)
{
	return id > 0 ? json_object_new_int64(id) : NULL;
}
