/* Settings kept in the database so that accountsctl and the CGIs agree
 * on them (the settings table), such as the password hash cost. */
#ifndef ACCOUNTS_SETTING_H
#define ACCOUNTS_SETTING_H

#include <stdint.h>
#include <sqlite3.h>

struct cfg;

#define HASH_COST_DEFAULT	5

/* ST_OK with *v, ST_NOT_FOUND, or an error. */
int	setting_get_int(sqlite3 *db, const char *key, int64_t *v);

/* Inside a write transaction (or alone). */
int	setting_set_int(sqlite3 *db, const char *key, int64_t v);

/* The yescrypt cost to hash with: ACCOUNTS_HASH_COST when set, else the
 * one `accountsctl init` stored, else HASH_COST_DEFAULT.  Read once. */
int	setting_hash_cost(sqlite3 *db, const struct cfg *c);

#endif
