/* The settings table (include/setting.h). */
#include "cfg.h"
#include "db.h"
#include "setting.h"
#include "status.h"

static const char sql_get[] = "SELECT value FROM settings WHERE key = ?1";
static const char sql_set[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int
setting_get_int(sqlite3 *db, const char *key, int64_t *v)
{
	return db_int(db, v, sql_get, ARGS(A_TEXT(key)));
}

int
setting_set_int(sqlite3 *db, const char *key, int64_t v)
{
	return db_exec(db, sql_set, ARGS(A_TEXT(key), A_INT(v)), NULL);
}

int
setting_hash_cost(sqlite3 *db, const struct cfg *c)
{
	static int	cost;
	int64_t		v;

	if (cost > 0)
		return cost;
	if (c->hash_cost > 0)
		cost = c->hash_cost;
	else if (setting_get_int(db, "hash_cost", &v) == ST_OK &&
	    v >= 1 && v <= 11)
		cost = (int)v;
	else
		cost = HASH_COST_DEFAULT;
	return cost;
}
