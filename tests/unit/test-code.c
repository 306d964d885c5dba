/* Unit tests of mailed codes and their mail: the shape and spread of new
 * codes, the message mail_format writes and the headers it refuses, and
 * how mail_send judges a command that succeeds, fails, is missing or
 * hangs.  The flows are tested in tests/cgi/60-codes.sh. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "unit.h"

#define DRAWS	100000

static void
test_new(void)
{
	char	 c[CODE_DIGITS + 2];
	long	 first[10] = { 0 }, last[10] = { 0 };
	int	 i, k, shape = 1, spread = 1;

	memset(c, 'Z', sizeof(c));
	CHECK(code_new(c) == ST_OK && strlen(c) == CODE_DIGITS &&
	    c[CODE_DIGITS + 1] == 'Z', "a code is CODE_DIGITS characters");
	for (i = 0; i < DRAWS; i++) {
		if (code_new(c) != ST_OK || strlen(c) != CODE_DIGITS) {
			shape = 0;
			break;
		}
		for (k = 0; k < CODE_DIGITS; k++)
			if (c[k] < '0' || c[k] > '9')
				shape = 0;
		first[c[0] - '0']++;
		last[c[CODE_DIGITS - 1] - '0']++;
	}
	CHECK(shape, "100000 codes: all decimal digits");
	/* 10000 expected each, sigma about 95: 800 off is 8 sigma */
	for (k = 0; k < 10; k++)
		if (labs(first[k] - DRAWS / 10) > 800 ||
		    labs(last[k] - DRAWS / 10) > 800)
			spread = 0;
	CHECK(spread, "first and last digits are evenly spread");
}

static void
test_format(void)
{
	const char	*head = "From: Accounts <noreply@mail.example.org>\n"
	    "To: a@example.org\nSubject: Your login code\n"
	    "Date: Sat, 21 Nov 2026 09:30:00 +0000\nMessage-ID: <";
	struct cfg	 c;
	char		*m = NULL;

	memset(&c, 0, sizeof(c));
	c.mail_from = "Accounts <noreply@mail.example.org>";
	c.code_ttl = 600;
	/* 2026-11-21T09:30:00Z */
	CHECK(mail_format(&c, "a@example.org", "login", "012345",
	    1795253400, &m) == ST_OK && m != NULL, "mail_format succeeds");
	if (m == NULL)
		m = strdup("");
	CHECK(strncmp(m, head, strlen(head)) == 0,
	    "From, To, Subject and an RFC 5322 date come first");
	CHECK(strstr(m, "@mail.example.org>\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n") != NULL,
	    "Message-ID in the sender's domain, then the MIME headers");
	CHECK(strstr(m, "\n\n") != NULL &&
	    strstr(strstr(m, "\n\n"), "\n    012345\n") != NULL &&
	    strstr(m, "valid for 10 minutes") != NULL,
	    "the body holds the code on its own line and its lifetime");
	CHECK(strchr(m, '\r') == NULL, "lines end in LF, as sendmail wants");
	free(m);
	CHECK(mail_format(&c, "a@example.org\r\nBcc: b@example.org", "login",
	    "012345", 0, &m) == ST_INTERNAL && m == NULL,
	    "a recipient with CR LF is refused");
	c.mail_from = "Acc\xc3\xb6unts <a@example.org>";
	CHECK(mail_format(&c, "a@example.org", "login", "012345", 0, &m) ==
	    ST_INTERNAL, "a sender beyond printable ASCII is refused");
	c.mail_from = "a@example.org";
	CHECK(mail_format(&c, "a@example.org", "logout", "012345", 0, &m) ==
	    ST_INTERNAL, "an unknown purpose is refused");
}

static void
test_send(void)
{
	struct timespec	 t0, t1;
	const char	 msg[] = "To: a@example.org\n\nhello\n";

	CHECK(mail_send("cat > /dev/null", msg, sizeof(msg) - 1, 5) == ST_OK,
	    "a command that reads the message and exits 0: ST_OK");
	CHECK(mail_send("cat > /dev/null; exit 1", msg, sizeof(msg) - 1, 5) ==
	    ST_INTERNAL, "exit status 1: ST_INTERNAL");
	CHECK(mail_send("exit 0", msg, sizeof(msg) - 1, 5) == ST_OK,
	    "a command that does not read the message and exits 0: ST_OK");
	CHECK(mail_send("/nonexistent/sendmail -t", msg, sizeof(msg) - 1, 5) ==
	    ST_INTERNAL, "a missing command: ST_INTERNAL");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(mail_send("sleep 30", msg, sizeof(msg) - 1, 1) == ST_INTERNAL,
	    "a command that hangs: ST_INTERNAL");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t1.tv_sec - t0.tv_sec < 3, "... after the 1 s timeout");
}

int
main(void)
{
	PLAN(17);
	test_new();
	test_format();
	test_send();
	UNIT_DONE();
}
