/* Mailing codes: an RFC 5322 message (UTF-8 text, 8bit) piped to the
 * ACCOUNTS_SENDMAIL command, run as `/bin/sh -c COMMAND` in a process
 * group of its own that is killed after ACCOUNTS_SENDMAIL_TIMEOUT
 * seconds.  Recipients are read from the To header (the command is
 * expected to take -t): no client value ever reaches a command line. */
#ifndef ACCOUNTS_MAIL_H
#define ACCOUNTS_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct cfg;

/* Mails code for purpose (register, login, change_email,
 * reset_password) to the address to.  ST_OK, or ST_INTERNAL with the
 * reason logged: a header that would not be safe, a command that could
 * not start, exited non-zero, or was killed after the timeout. */
int	mail_code(const struct cfg *c, const char *to, const char *purpose,
	    const char *code);

/* The message of mail_code at time now, malloc'ed into *out (the caller
 * frees it).  ST_OK, or ST_INTERNAL when from or to holds anything but
 * printable ASCII. */
int	mail_format(const struct cfg *c, const char *to, const char *purpose,
	    const char *code, int64_t now, char **out);

/* Runs command under /bin/sh -c with msg on its standard input and its
 * standard output sent to our standard error (the server's log), in its
 * own process group, killed (the whole group) after timeout seconds.
 * ST_OK when it exited 0, else ST_INTERNAL (logged). */
int	mail_send(const char *command, const char *msg, size_t len,
	    long timeout);

#endif
