/* Mailed codes: the message, and the sendmail command that takes it
 * (include/mail.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "log.h"
#include "mail.h"
#include "status.h"
#include "str.h"
#include "tok.h"

static const struct {
	const char	*purpose;
	const char	*subject;
	const char	*what;
} texts[] = {
	{ "register", "Your registration code",
	    "to confirm this address for your new account" },
	{ "login", "Your login code", "to log in" },
	{ "change_email", "Confirm your new email address",
	    "to make this the email address of your account" },
	{ "reset_password", "Your password reset code",
	    "to set a new password" },
};

/* Header values we write must stay one line of printable ASCII: a CR or
 * LF would start a header of its own. */
static int
header_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* The domain of the sender address, for Message-ID: what follows its
 * last '@' up to '>', if it looks like a host name. */
static void
from_domain(const char *from, char *buf, size_t sz)
{
	const char	*at = strrchr(from, '@');
	size_t		 n = 0;

	if (at != NULL)
		for (at++; at[n] != '\0' && at[n] != '>' && n + 1 < sz; n++)
			if (!(at[n] == '.' || at[n] == '-' ||
			    (at[n] >= '0' && at[n] <= '9') ||
			    (at[n] >= 'a' && at[n] <= 'z') ||
			    (at[n] >= 'A' && at[n] <= 'Z'))) {
				n = 0;
				break;
			}
	if (n == 0)
		snprintf(buf, sz, "localhost");
	else
		snprintf(buf, sz, "%.*s", (int)n, at);
}

static void
lifetime(long ttl, char *buf, size_t sz)
{
	if (ttl % 60 == 0)
		snprintf(buf, sz, "%ld minute%s", ttl / 60,
		    ttl == 60 ? "" : "s");
	else
		snprintf(buf, sz, "%ld second%s", ttl, ttl == 1 ? "" : "s");
}

int
mail_format(const struct cfg *c, const char *to, const char *purpose,
    const char *code, int64_t now, char **out)
{
	unsigned char	 rnd[12];
	char		 date[32], domain[256], life[32];
	size_t		 i, n;
	FILE		*f;

	*out = NULL;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].purpose, purpose) == 0)
			break;
	if (i == sizeof(texts) / sizeof(texts[0]) || !header_ok(to) ||
	    !header_ok(c->mail_from)) {
		logmsg("mail: refusing a header (ACCOUNTS_MAIL_FROM must be "
		    "printable ASCII on one line)");
		return ST_INTERNAL;
	}
	if (tok_random(rnd, sizeof(rnd)) != 0 ||
	    (f = open_memstream(out, &n)) == NULL)
		return ST_INTERNAL;
	/* RFC 5322 dates want a numeric zone: "GMT" becomes "+0000" */
	http_date(now, date);
	memcpy(date + strlen(date) - 3, "+0000", 6);
	from_domain(c->mail_from, domain, sizeof(domain));
	lifetime(c->code_ttl, life, sizeof(life));
	fprintf(f, "From: %s\nTo: %s\nSubject: %s\nDate: %s\n"
	    "Message-ID: <%lld.", c->mail_from, to, texts[i].subject, date,
	    (long long)now);
	for (n = 0; n < sizeof(rnd); n++)
		fprintf(f, "%02x", rnd[n]);
	fprintf(f, "@%s>\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n\n"
	    "Your code %s:\n\n    %s\n\n"
	    "It is valid for %s and can be used once. If you did not ask\n"
	    "for it, ignore this message \xe2\x80\x93 nothing changes "
	    "without the code.\n", domain, texts[i].what, code, life);
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return ST_INTERNAL;
	}
	return ST_OK;
}

/* In the child: the message on standard input, standard output to the
 * log, a process group of its own, default signals, nothing else open. */
static void
child(const char *command, int in, const sigset_t *mask)
{
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	if (dup2(in, STDIN_FILENO) == -1 ||
	    dup2(STDERR_FILENO, STDOUT_FILENO) == -1)
		_exit(127);
	closefrom(STDERR_FILENO + 1);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Waits for pid until the deadline (SIGCHLD is blocked, and wakes
 * sigtimedwait); past it kills pid's whole process group.  0 when it
 * ended by itself, 1 when killed, -1 on error.  *status as waitpid. */
static int
reap(pid_t pid, long timeout, const sigset_t *chld, int *status)
{
	struct timespec	 end, now, left;
	pid_t		 r;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout;
	for (;;) {
		if ((r = waitpid(pid, status, WNOHANG)) == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec &&
		    now.tv_nsec >= end.tv_nsec))
			break;
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		sigtimedwait(chld, NULL, &left);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return 1;
}

/* Logs how the command ended; ST_OK when it exited 0. */
static int
judge(const char *command, int killed, int status, long timeout)
{
	if (killed < 0)
		logmsg("sendmail (%s): wait: %s", command, strerror(errno));
	else if (killed)
		logmsg("sendmail (%s): no answer in %ld s, killed", command,
		    timeout);
	else if (WIFSIGNALED(status))
		logmsg("sendmail (%s): killed by signal %d", command,
		    WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		logmsg("sendmail (%s): exit status %d", command,
		    WEXITSTATUS(status));
	else
		return ST_OK;
	return ST_INTERNAL;
}

int
mail_send(const char *command, const char *msg, size_t len, long timeout)
{
	struct sigaction	 dfl, ign, old_chld, old_pipe;
	sigset_t		 chld, old_mask;
	pid_t			 pid;
	int			 p[2], killed, status = 0;

	memset(&dfl, 0, sizeof(dfl));
	memset(&ign, 0, sizeof(ign));
	dfl.sa_handler = SIG_DFL;
	ign.sa_handler = SIG_IGN;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (pipe2(p, O_CLOEXEC) == -1) {
		logmsg("sendmail: pipe: %s", strerror(errno));
		return ST_INTERNAL;
	}
	/* a server that ignores SIGCHLD would leave nothing to wait for;
	 * a command that quits early must not kill us with SIGPIPE */
	sigaction(SIGCHLD, &dfl, &old_chld);
	sigaction(SIGPIPE, &ign, &old_pipe);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);
	if ((pid = fork()) == 0)
		child(command, p[0], &old_mask);
	close(p[0]);
	if (pid > 0) {
		setpgid(pid, pid);	/* as the child does: no race */
		if (write_all(p[1], msg, len) != 0 && errno != EPIPE)
			logmsg("sendmail: write: %s", strerror(errno));
	}
	close(p[1]);
	killed = pid > 0 ? reap(pid, timeout, &chld, &status) : -1;
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigaction(SIGCHLD, &old_chld, NULL);
	if (pid < 0) {
		logmsg("sendmail: fork: %s", strerror(errno));
		return ST_INTERNAL;
	}
	return judge(command, killed, status, timeout);
}

int
mail_code(const struct cfg *c, const char *to, const char *purpose,
    const char *code)
{
	char	*msg;
	int	 st;

	if ((st = mail_format(c, to, purpose, code, time(NULL), &msg)) !=
	    ST_OK)
		return st;
	st = mail_send(c->sendmail, msg, strlen(msg), c->sendmail_timeout);
	free(msg);
	return st;
}
