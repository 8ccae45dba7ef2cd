/*
 * vocab.c - the table of well-known prefixes (see vocab.h).
 */
#include "vocab.h"

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
