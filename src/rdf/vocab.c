/*
 * vocab.c - the table of well-known prefixes (see vocab.h), and turning
 * IRIs into prefix:local names for people and back.
 */
#include "rdf/vocab.h"

#include <string.h>

#include "base/util.h"

const pk_prefix pk_prefixes[] = {
	{ "pkg", PK_NS_PKG },
	{ "pkgid", PK_NS_ID },
	{ "rdf", PK_NS_RDF },
	{ "rdfs", PK_NS_RDFS },
	{ "xsd", PK_NS_XSD },
	{ "owl", PK_NS_OWL },
	{ "skos", PK_NS_SKOS },
	{ "dcterms", PK_NS_DCTERMS },
	{ "prov", PK_NS_PROV },
	{ "org", PK_NS_ORG },
	{ "schema", PK_NS_SCHEMA },
	{ "foaf", PK_NS_FOAF },
};

const size_t pk_prefixes_len = sizeof(pk_prefixes) / sizeof(pk_prefixes[0]);

const pk_prefix *pk_vocab_shorten(const char *iri, const char **local)
{
	const pk_prefix *best = NULL;
	size_t i, n, bestn = 0;

	for (i = 0; i < pk_prefixes_len; i++) {
		n = strlen(pk_prefixes[i].iri);
		if (n > bestn && strncmp(iri, pk_prefixes[i].iri, n) == 0) {
			best = &pk_prefixes[i];
			bestn = n;
		}
	}
	if (!best || strpbrk(iri + bestn, "# \t\r\n") != NULL)
		return NULL;
	*local = iri + bestn;
	return best;
}

int pk_vocab_expand(char **out, const char *name)
{
	const char *colon = strchr(name, ':');
	pk_buf b = PK_BUF_INIT;
	size_t i;

	*out = NULL;
	for (i = 0; colon && i < pk_prefixes_len; i++) {
		if (strlen(pk_prefixes[i].prefix) == (size_t)(colon - name) &&
		    strncmp(name, pk_prefixes[i].prefix, (size_t)(colon - name)) == 0) {
			if (pk_buf_printf(&b, "%s%s", pk_prefixes[i].iri, colon + 1) < 0)
				return PK_ENOMEM;
			*out = pk_buf_detach(&b);
			return 0;
		}
	}
	*out = pk_strdup(name);
	return *out ? 0 : PK_ENOMEM;
}
