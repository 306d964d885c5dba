/* Configuration from the environment the web server sets (contract §5). */
#ifndef ACCOUNTS_CFG_H
#define ACCOUNTS_CFG_H

#include <stddef.h>

#ifndef ACCOUNTS_STATEDIR
#define ACCOUNTS_STATEDIR "/var/lib/cgi-accounts"
#endif

/* At most max events in any window of window seconds ("5/300"). */
struct rate {
	long	 max;
	long	 window;
};

/* Highest per-kind upload limit accepted (4 GiB); the web server's own
 * body limit must be raised with it. */
#define UPLOAD_LIMIT_MAX	(4LL * 1024 * 1024 * 1024)

struct cfg {
	const char	*db;		/* ACCOUNTS_DB */
	const char	*data_dir;	/* ACCOUNTS_DATA_DIR */
	long		 access_ttl;	/* seconds, ACCOUNTS_ACCESS_TTL */
	long		 refresh_ttl;	/* seconds, ACCOUNTS_REFRESH_TTL */
	int		 hash_cost;	/* yescrypt cost 1..11, 0: unset
					 * (see setting_hash_cost) */
	int		 email_verification;
	const char	*sendmail;
	const char	*mail_from;
	size_t		 max_body;	/* bytes of a non-file body */
	size_t		 max_avatar;	/* bytes of an avatar file */
	size_t		 max_image;	/* bytes of an image or expression */
	size_t		 max_voice;	/* bytes of a voice message */
	size_t		 max_file;	/* bytes of any other group file */
	int		 sendfile;	/* hand stored files to the server
					 * (X-Sendfile) instead of copying */
	const char	*allowed_origins; /* space or comma separated */
	long		 max_sessions;	/* per user; the oldest go */
	const char	*dialect;	/* ACCOUNTS_DIALECT, "native" */
	const char	*base;		/* ACCOUNTS_BASE: URL prefix of the
					 * deployment, "" for the site root */
	long		 code_ttl;	/* seconds a mailed code lives */
	long		 sendmail_timeout; /* seconds before sendmail is
					 * killed */
	/* ACCOUNTS_THROTTLE_*, by flow (failed password checks, code
	 * requests, failed code checks: enum throttle_flow) and counter
	 * (per who and client address, per who, per address) */
	struct rate	 throttle[3][3];
};

/* Fills c from the environment; bad values fall back to the default and
 * are reported on stderr.  Strings point into the environment. */
void	cfg_load(struct cfg *c);

#endif
