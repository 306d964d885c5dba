/* Configuration from the environment, each value with a default. */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "log.h"
#include "str.h"

static const char *
str(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

static long long
num(const char *name, long long def, long long lo, long long hi)
{
	const char	*v = getenv(name);
	int64_t		 n;

	if (v == NULL || *v == '\0')
		return def;
	if (parse_int(v, lo, hi, &n) != 0) {
		logmsg("%s=%s is not a number in [%lld, %lld]; using %lld",
		    name, v, lo, hi, def);
		return def;
	}
	return n;
}

/* "MAX/WINDOW": at most MAX events in WINDOW seconds.  Windows stay
 * within a day: `accountsctl sessions purge` drops older ones. */
static struct rate
rate(const char *name, long max, long window)
{
	const char	*v = getenv(name), *slash;
	struct rate	 r = { max, window };
	char		 n[24];
	int64_t		 m, w;

	if (v == NULL || *v == '\0')
		return r;
	if ((slash = strchr(v, '/')) != NULL &&
	    (size_t)(slash - v) < sizeof(n)) {
		memcpy(n, v, slash - v);
		n[slash - v] = '\0';
		if (parse_int(n, 1, 1000000, &m) == 0 &&
		    parse_int(slash + 1, 1, 86400, &w) == 0) {
			r.max = m;
			r.window = w;
			return r;
		}
	}
	logmsg("%s=%s is not COUNT/SECONDS (1..1000000/1..86400); using "
	    "%ld/%ld", name, v, max, window);
	return r;
}

/* Throttling defaults, as struct cfg's throttle: a flow's (who, IP)
 * limit is the tightest, so that one address locks out little. */
static const struct {
	const char	*name;
	long		 max, window;
} rates[3][3] = {
	{ { "ACCOUNTS_THROTTLE_LOGIN", 5, 300 },
	  { "ACCOUNTS_THROTTLE_LOGIN_ACCOUNT", 50, 3600 },
	  { "ACCOUNTS_THROTTLE_LOGIN_IP", 50, 300 } },
	{ { "ACCOUNTS_THROTTLE_CODE", 3, 600 },
	  { "ACCOUNTS_THROTTLE_CODE_EMAIL", 10, 3600 },
	  { "ACCOUNTS_THROTTLE_CODE_IP", 30, 3600 } },
	{ { "ACCOUNTS_THROTTLE_CHECK", 10, 600 },
	  { "ACCOUNTS_THROTTLE_CHECK_EMAIL", 30, 3600 },
	  { "ACCOUNTS_THROTTLE_CHECK_IP", 50, 600 } },
};

void
cfg_load(struct cfg *c)
{
	int i, k;

	c->db = str("ACCOUNTS_DB", ACCOUNTS_STATEDIR "/accounts.db");
	c->data_dir = str("ACCOUNTS_DATA_DIR", ACCOUNTS_STATEDIR "/data");
	c->access_ttl = num("ACCOUNTS_ACCESS_TTL", 3600, 60, 86400 * 30);
	c->refresh_ttl = num("ACCOUNTS_REFRESH_TTL", 86400 * 7, 60,
	    86400 * 365);
	c->hash_cost = num("ACCOUNTS_HASH_COST", 0, 1, 11);
	c->email_verification = num("ACCOUNTS_EMAIL_VERIFICATION", 0, 0, 1);
	c->sendmail = str("ACCOUNTS_SENDMAIL", "/usr/sbin/sendmail -t -i");
	c->mail_from = str("ACCOUNTS_MAIL_FROM", "accounts@localhost");
	c->max_body = num("ACCOUNTS_MAX_BODY", 64 * 1024, 1024,
	    64 * 1024 * 1024);
	c->max_avatar = num("ACCOUNTS_MAX_AVATAR", 2 * 1024 * 1024, 1024,
	    64 * 1024 * 1024);
	/* Group files are streamed to disk, never held in memory: their
	 * limits may be far larger than a body's. */
	c->max_image = num("ACCOUNTS_MAX_IMAGE", 5 * 1024 * 1024, 1024,
	    UPLOAD_LIMIT_MAX);
	c->max_voice = num("ACCOUNTS_MAX_VOICE", 10 * 1024 * 1024, 1024,
	    UPLOAD_LIMIT_MAX);
	c->max_file = num("ACCOUNTS_MAX_FILE", 100 * 1024 * 1024, 1024,
	    UPLOAD_LIMIT_MAX);
	c->sendfile = num("ACCOUNTS_SENDFILE", 0, 0, 1);
	c->allowed_origins = str("ACCOUNTS_ALLOWED_ORIGINS", "");
	c->max_sessions = num("ACCOUNTS_MAX_SESSIONS", 20, 1, 1000);
	c->dialect = str("ACCOUNTS_DIALECT", "native");
	c->base = str("ACCOUNTS_BASE", "");
	c->code_ttl = num("ACCOUNTS_CODE_TTL", 600, 1, 86400);
	c->sendmail_timeout = num("ACCOUNTS_SENDMAIL_TIMEOUT", 10, 1, 300);
	for (i = 0; i < 3; i++)
		for (k = 0; k < 3; k++)
			c->throttle[i][k] = rate(rates[i][k].name,
			    rates[i][k].max, rates[i][k].window);
}
