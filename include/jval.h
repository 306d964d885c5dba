/* JSON values of the objects the API writes, with the contract's nulls:
 * absent text, unset times and missing references are null. */
#ifndef ACCOUNTS_JVAL_H
#define ACCOUNTS_JVAL_H

#include <stdint.h>

struct json_object;

struct json_object *jv_str(const char *s);	/* NULL: null */
struct json_object *jv_time(int64_t t);	/* <= 0: null, else ISO 8601 */
struct json_object *jv_ref(int64_t id);	/* <= 0: null */

#endif
