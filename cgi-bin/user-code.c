/* POST /api/user/code/: mails a one-time code for a purpose.  The
 * answer is the same, and takes about as long, whether or not an
 * account uses the address: register and change_email codes go only to
 * addresses no account has, login and reset_password codes only to
 * addresses one has, and an address that gets no mail still gets a
 * stored code (nobody knows it) and waits as long as mailing takes. */
#include <string.h>

#include "accounts.h"

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

static int
post(struct ctx *c)
{
	return cgi_send_code(c, c->f[F_EMAIL].s, c->f[F_PURPOSE].s, 0);
}

static const struct route routes[] = {
	{ .method = M_POST, .access = access_same_site, FIELDS(fields),
	    .handle = post },
};

CGI_MAIN(routes)
