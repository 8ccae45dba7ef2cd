/*
 * vocab.h - the namespaces of the ontology contract, shared by the graph
 * builder, the serializer, the store (predeclared SPARQL prefixes) and the
 * result writers (shortening IRIs for people).
 */
#ifndef PK_VOCAB_H
#define PK_VOCAB_H

#include <stddef.h>

#define PK_NS_PKG "https://w3id.org/policykg/ontology#"
#define PK_NS_ID "https://w3id.org/policykg/id/"
#define PK_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define PK_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define PK_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define PK_NS_OWL "http://www.w3.org/2002/07/owl#"
#define PK_NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define PK_NS_DCTERMS "http://purl.org/dc/terms/"
#define PK_NS_PROV "http://www.w3.org/ns/prov#"
#define PK_NS_ORG "http://www.w3.org/ns/org#"

/* A term of the ontology or of XML Schema: PKG("Mention"). */
#define PKG(x) PK_NS_PKG x
#define XSD(x) PK_NS_XSD x
#define PK_NS_SCHEMA "https://schema.org/"
#define PK_NS_FOAF "http://xmlns.com/foaf/0.1/"

typedef struct pk_prefix {
	const char *prefix; /* without ':' */
	const char *iri;
} pk_prefix;

/* The contract's prefixes, pkg and pkgid first. */
extern const pk_prefix pk_prefixes[];
extern const size_t pk_prefixes_len;

/* The prefix whose namespace iri starts with (the longest), with *local
 * set to the rest; NULL when there is none or the rest has spaces or '#'.
 * For people: pkgid:person/baegyeonghun is shortened too, though Turtle
 * would not accept it as a prefixed name. */
const pk_prefix *pk_vocab_shorten(const char *iri, const char **local);

/* prefix:local with a prefix of the table expanded to a full IRI (the
 * local part may hold '/': pkgid:person/baegyeonghun); anything else is
 * copied as it is.  *out is malloc'd. */
int pk_vocab_expand(char **out, const char *name);

#endif
