/* POST /api/user/code/: mails a one-time code for a purpose.  The
 * answer is the same, and takes about as long, whether or not an
 * account uses the address: register and change_email codes go only to
 * addresses no account has, login and reset_password codes only to
 * addresses one has, and an address that gets no mail still gets a
 * stored code (nobody knows it) and waits as long as mailing takes. */
#include <string.h>
#include <time.h>

#include "accounts.h"

/* The settings key of the moving average of mailing times, in ms. */
#define PACE_KEY	"mail_ms"

enum { F_EMAIL, F_PURPOSE, F__MAX };

static const char *const purposes[] = {
	"register", "login", "change_email", "reset_password"
};

static const char *
valid_purpose(const struct param *p, struct fval *v)
{
	size_t i;

	if (valid_text(p, v) == NULL)
		for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
			if (strcmp(p->val, purposes[i]) == 0)
				return NULL;
	return "register, login, change_email or reset_password";
}

static const struct field fields[F__MAX] = {
	[F_EMAIL] = { "email", valid_email, FLD_REQUIRED },
	[F_PURPOSE] = { "purpose", valid_purpose, FLD_REQUIRED },
};

/* Whether the code may go out: *yes when an account has the address
 * and the purpose is login or reset_password, or none has it and the
 * purpose is register or change_email. */
static int
deliverable(struct ctx *c, int *yes)
{
	struct user	 u;
	int		 st, fresh;

	fresh = strcmp(c->f[F_PURPOSE].s, "register") == 0 ||
	    strcmp(c->f[F_PURPOSE].s, "change_email") == 0;
	st = user_get_by_login(c->db, c->f[F_EMAIL].s, &u);
	user_free(&u);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	*yes = (st == ST_OK) != fresh;
	return ST_OK;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Mails the code; a code whose mail failed is deleted, so that no code
 * lives that its owner never got.  A success feeds the moving average
 * (7/8 old, 1/8 new) that pace() waits. */
static int
deliver(struct ctx *c, const char *code, int64_t id)
{
	int64_t	 t0 = now_ms(), avg;
	int	 st;

	st = mail_code(&c->cfg, c->f[F_EMAIL].s, c->f[F_PURPOSE].s, code);
	if (st != ST_OK) {
		(void)code_delete(c->db, id);	/* its failure is logged */
		return st;
	}
	t0 = now_ms() - t0;
	if (setting_get_int(c->db, PACE_KEY, &avg) != ST_OK)
		avg = t0;
	(void)setting_set_int(c->db, PACE_KEY, (avg * 7 + t0) / 8);
	return ST_OK;
}

/* The time a mail would have taken: the moving average, read and
 * written back like deliver() does. */
static int
pace(struct ctx *c)
{
	struct timespec	 ts;
	int64_t		 avg;

	if (setting_get_int(c->db, PACE_KEY, &avg) != ST_OK || avg < 0)
		avg = 0;
	if (avg > c->cfg.sendmail_timeout * 1000)
		avg = c->cfg.sendmail_timeout * 1000;
	ts.tv_sec = avg / 1000;
	ts.tv_nsec = avg % 1000 * 1000000;
	while (nanosleep(&ts, &ts) != 0)
		;
	(void)setting_set_int(c->db, PACE_KEY, avg);
	return ST_OK;
}

static int
post(struct ctx *c)
{
	struct throttle	 t[THROTTLE_KEYS];
	char		 code[CODE_DIGITS + 1];
	int64_t		 id;
	int		 st, send;

	throttle_keys(t, TF_CODE, &c->cfg, c->f[F_EMAIL].s,
	    c->req.remote_addr);
	if ((st = cgi_throttle(c, t, THROTTLE_KEYS)) != ST_OK ||
	    (st = deliverable(c, &send)) != ST_OK ||
	    (st = code_new(code)) != ST_OK)
		return st;
	/* stored and committed before mailing: the write lock is not held
	 * while the mail goes out */
	if ((st = db_begin(c->db)) != ST_OK ||
	    (st = code_store(c->db, c->f[F_EMAIL].s, c->f[F_PURPOSE].s, code,
	    c->cfg.code_ttl, &id)) != ST_OK ||
	    (st = db_commit(c->db)) != ST_OK)
		return st;
	if ((st = send ? deliver(c, code, id) : pace(c)) != ST_OK)
		return st;
	c->resp.msg = "code sent";
	return ST_OK;
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_same_site, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
