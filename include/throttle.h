/* Throttling: counters of events in fixed windows, one per key, kept in
 * the throttle table so that every CGI process counts together.  A flow
 * counts per (who, client address) first, and per who and per address
 * with higher limits, so that an attacker at one address does not lock
 * the owner out at another.  Keys are a kind and a hash: the table holds
 * no email, username or address in clear. */
#ifndef ACCOUNTS_THROTTLE_H
#define ACCOUNTS_THROTTLE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "cfg.h"

#define THROTTLE_KEY_MAX	64
#define THROTTLE_KEYS		3	/* counters of one flow */

/* What is counted: failed password checks (login, and the password an
 * account change asks for), mailed-code requests, failed code checks. */
enum throttle_flow { TF_LOGIN, TF_CODE, TF_CHECK };

struct throttle {
	char		 key[THROTTLE_KEY_MAX];
	struct rate	 rate;
	int64_t		 window_start;	/* of the slot taken */
};

/* The THROTTLE_KEYS counters of flow f into t: (who, ip), who, ip, with
 * their rates from c.  who is an email or an account ("u:ID"), compared
 * case-insensitively. */
void	throttle_keys(struct throttle *t, enum throttle_flow f,
	    const struct cfg *c, const char *who, const char *ip);

/* The TF_LOGIN counters of account uid: throttle_keys with who "u:ID",
 * so that an account counts the same under any of its names. */
void	throttle_account(struct throttle *t, const struct cfg *c,
	    int64_t uid, const char *ip);

/* In a write transaction of its own (call it outside one), before the
 * work it guards: takes one slot of every counter, or none when one is
 * full.  ST_OK, or ST_THROTTLED with *retry_after, the seconds until
 * every full window has passed.  Concurrent takers are serialised by
 * the write lock, so n parallel attempts take exactly n slots. */
int	throttle_take(sqlite3 *db, struct throttle *t, size_t n,
	    int64_t *retry_after);

/* Inside the caller's write transaction: gives the slots back when the
 * attempt succeeded, for flows that count failures (TF_LOGIN,
 * TF_CHECK).  A slot of a window that has since ended is not given. */
int	throttle_give(sqlite3 *db, const struct throttle *t, size_t n);

#endif
