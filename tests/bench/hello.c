/* The floor any CGI pays: the smallest possible CGI program, built with
 * default flags (dynamic libc) by `make bench`, which compares user-me's
 * throughput with this one's. */
#include <stdio.h>

int
main(void)
{
	fputs("Content-Type: text/plain\r\n\r\nhello\n", stdout);
	return 0;
}
