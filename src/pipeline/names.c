/*
 * names.c - the names of the actor classes, as the ontology spells them.
 */
#include <string.h>

#include "pipeline/names.h"

static const char *const pk_class_names[PK_CLASS__COUNT] = {
	"GovernmentBody", "InternationalOrganization", "Company",
	"Organization", "Country", "Place"
};

pk_class pk_class_by_name(const char *name)
{
	int i;

	for (i = 0; i < PK_CLASS__COUNT; i++)
		if (strcmp(name, pk_class_names[i]) == 0)
			return (pk_class)i;
	return PK_CLASS__COUNT;
}

const char *pk_class_name(pk_class c)
{
	return (unsigned)c < PK_CLASS__COUNT ? pk_class_names[c] : "Thing";
}
