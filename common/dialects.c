/* The table of dialects: adding one is its common/dialect-NAME.c and a
 * line here (include/dialect.h). */
#include <string.h>

#include "dialect.h"
#include "log.h"

extern const struct dialect dialect_basic;
extern const struct dialect dialect_dicom;
extern const struct dialect dialect_rental;
extern const struct dialect dialect_chat;
extern const struct dialect dialect_hospital;

static const struct dialect *const dialects[] = {
	&dialect_basic,
	&dialect_dicom,
	&dialect_rental,
	&dialect_chat,
	&dialect_hospital,
};

const struct dialect *
dialect_find(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0' || strcmp(name, "native") == 0)
		return NULL;
	for (i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++)
		if (strcmp(dialects[i]->name, name) == 0)
			return dialects[i];
	logmsg("ACCOUNTS_DIALECT=%s is no dialect; serving native", name);
	return NULL;
}

const struct dialect *
dialect_at(size_t i)
{
	return i < sizeof(dialects) / sizeof(dialects[0]) ? dialects[i] :
	    NULL;
}

