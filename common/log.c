/* Log lines for the web server's error log; depends on nothing else. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

void
logmsg(const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

	n = snprintf(buf, sizeof(buf), "cgi-accounts: ");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	/* no line of ours may be split or carry a client's line breaks */
	for (int i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	buf[n++] = '\n';
	(void)!write(STDERR_FILENO, buf, n);
}
