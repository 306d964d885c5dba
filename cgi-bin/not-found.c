/* Every path that no route of the deployment serves: the JSON 404 (in
 * the dialect's envelope when one is set). */
#include "accounts.h"

int
main(int argc, char *argv[])
{
	(void)argc;
	return cgi_run(NULL, 0, argv[0]);
}
