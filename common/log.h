/* Logging to the web server's error log: a leaf every file may use. */
#ifndef ACCOUNTS_LOG_H
#define ACCOUNTS_LOG_H

/* One line to stderr with our prefix, in a single write (the server
 * logs each write as one entry). */
void	logmsg(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
