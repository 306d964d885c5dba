/* The database as a whole: purging what has expired, and online
 * backups.  For accountsctl. */
#ifndef ACCOUNTS_STORE_H
#define ACCOUNTS_STORE_H

#include <stdint.h>
#include <sqlite3.h>

/* Throttle rows whose window started longer ago than this are dropped. */
#define PURGE_THROTTLE_AGE	86400

/* Rows store_purge removed. */
struct purge_counts {
	int64_t	 sessions;	/* refresh token expired (their tokens go too) */
	int64_t	 codes;		/* verification codes past expires_at */
	int64_t	 throttle;	/* windows older than PURGE_THROTTLE_AGE */
};

/* Inside a write transaction: deletes what has expired at time now. */
int	store_purge(sqlite3 *db, int64_t now, struct purge_counts *out);

/* Inside a write transaction: counts the counters again and rebuilds the
 * search index from the users table, after rows were written by hand
 * (a bulk import in SQL, say): the library keeps both in step with its
 * own writes only. */
int	store_reindex(sqlite3 *db);

/* Copies the whole database src into a new file dest (mode 0600) with the
 * online backup API, in one step so the copy is consistent.  Refuses
 * (ST_CONFLICT) when dest exists; ST_INTERNAL on other failures, after
 * removing the partial copy.  Must not run inside a transaction of src. */
int	store_backup(sqlite3 *src, const char *dest);

#endif
