#!/usr/bin/python3
"""ontology.check - the ontology and the shapes, and the graph against them.

    /usr/bin/python3 tests/ontology_check.py POLICYKG SOURCE_DIR

With rdflib (Debian's python3-rdflib), checks that

- ontology/policykg.ttl parses, and is sane OWL: every pkg: term is
  declared with one kind (class, object property, datatype property,
  individual), no term is both a class and a property (declared or used),
  every pkg: property has rdfs:domain and rdfs:range, a datatype
  property's range is a datatype and an object property's is not;
- every pkg: term has rdfs:label @ko and @en and an rdfs:comment;
- every pkg: term (class, property or individual) that `policykg extract`
  writes for seeds/ and tests/corpus/ is declared in the ontology;
- ontology/shapes.ttl parses, every sh:targetClass is a declared pkg:
  class and every pkg: term the shapes use is declared.

Prints "ok   - ..." or "FAIL - ..." per check, like the cli tests, and
exits 1 if any failed.
"""
import os
import subprocess
import sys
import tempfile

import rdflib
from rdflib import OWL, RDF, RDFS, Namespace, URIRef

PKG = Namespace("https://w3id.org/policykg/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPE_RANGES = {RDFS.Literal, RDF.langString}

passed = 0
failed = 0


def report(ok, what, details=()):
    global passed, failed
    if ok:
        passed += 1
        print("ok   - %s" % what)
    else:
        failed += 1
        print("FAIL - %s" % what)
        for d in list(details)[:20]:
            print("       %s" % d)


def short(term):
    s = str(term)
    if s.startswith(str(PKG)):
        return "pkg:" + s[len(PKG):]
    return "<%s>" % s


def is_pkg(term):
    return isinstance(term, URIRef) and str(term).startswith(str(PKG))


def parse(path):
    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises several kinds
        report(False, "%s parses as Turtle" % path, [str(e)])
        return None
    report(True, "%s parses as Turtle (%d triples)" % (path, len(g)))
    return g


def pkg_terms_used(g):
    """Every pkg: IRI in g, in any position."""
    terms = set()
    for s, p, o in g:
        for t in (s, p, o):
            if is_pkg(t):
                terms.add(t)
    return terms


def main(argv):
    if len(argv) != 3:
        print("usage: ontology_check.py POLICYKG SOURCE_DIR", file=sys.stderr)
        return 2
    pk, src = argv[1], argv[2]

    print("# the ontology")
    onto = parse(os.path.join(src, "ontology", "policykg.ttl"))
    if onto is None:
        return 1
    classes = {s for s in onto.subjects(RDF.type, OWL.Class) if is_pkg(s)}
    objprops = {s for s in onto.subjects(RDF.type, OWL.ObjectProperty) if is_pkg(s)}
    dataprops = {s for s in onto.subjects(RDF.type, OWL.DatatypeProperty) if is_pkg(s)}
    props = objprops | dataprops | {
        s for t in (OWL.AnnotationProperty, RDF.Property)
        for s in onto.subjects(RDF.type, t) if is_pkg(s)}
    individuals = {s for s in onto.subjects(RDF.type, OWL.NamedIndividual) if is_pkg(s)}
    declared = classes | props | individuals
    report(len(classes) > 0 and len(props) > 0,
           "it declares %d pkg: classes, %d properties, %d individuals"
           % (len(classes), len(props), len(individuals)))

    undeclared = sorted(short(t) for t in pkg_terms_used(onto) - declared)
    report(not undeclared, "every pkg: term it uses is declared in it", undeclared)
    both = sorted(short(t) for t in classes & props)
    report(not both, "no pkg: term is declared both a class and a property", both)
    both = sorted(short(t) for t in objprops & dataprops)
    report(not both, "no pkg: property is both an object and a datatype property", both)
    both = sorted(short(t) for t in individuals & (classes | props))
    report(not both, "no pkg: individual is also a class or a property", both)
    # Used as a class: the object of rdf:type, rdfs:subClassOf, a domain or
    # range.  Used as a property: a predicate.
    as_class = {o for p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range)
                for o in onto.objects(None, p) if is_pkg(o)}
    as_class |= {s for s in onto.subjects(RDFS.subClassOf, None) if is_pkg(s)}
    as_prop = {p for p in onto.predicates() if is_pkg(p)}
    as_prop |= {s for s in onto.subjects(RDFS.subPropertyOf, None) if is_pkg(s)}
    both = sorted(short(t) for t in (as_class | classes) & (as_prop | props))
    report(not both, "no pkg: term is used both as a class and as a property", both)
    as_class_not_declared = sorted(short(t) for t in as_class - classes)
    report(not as_class_not_declared, "every pkg: term used as a class is a declared owl:Class",
           as_class_not_declared)

    missing = sorted(short(p) for p in props
                     if onto.value(p, RDFS.domain) is None or onto.value(p, RDFS.range) is None)
    report(not missing, "every pkg: property has rdfs:domain and rdfs:range", missing)
    bad = []
    for p in dataprops:
        for r in onto.objects(p, RDFS.range):
            if not (r in DATATYPE_RANGES or str(r).startswith(XSD)):
                bad.append("%s: datatype property with range %s" % (short(p), r))
    for p in objprops:
        for r in onto.objects(p, RDFS.range):
            if r in DATATYPE_RANGES or str(r).startswith(XSD):
                bad.append("%s: object property with range %s" % (short(p), r))
    report(not bad, "datatype properties range over datatypes, object properties over classes",
           sorted(bad))

    bad = []
    for t in sorted(declared):
        langs = {l.language for l in onto.objects(t, RDFS.label)
                 if isinstance(l, rdflib.Literal)}
        for lang in ("ko", "en"):
            if lang not in langs:
                bad.append("%s: no rdfs:label @%s" % (short(t), lang))
        if onto.value(t, RDFS.comment) is None:
            bad.append("%s: no rdfs:comment" % short(t))
    report(not bad, "every pkg: term has rdfs:label @ko and @en and an rdfs:comment", bad)

    print("# the extractor's output uses only declared terms")
    with tempfile.TemporaryDirectory(prefix="policykg ontology.") as tmp:
        for name, path in (("seeds", os.path.join(src, "seeds")),
                           ("corpus", os.path.join(src, "tests", "corpus"))):
            out = os.path.join(tmp, name + ".ttl")
            run = subprocess.run(
                [pk, "extract", "-q", "--rules", os.path.join(src, "rules"),
                 "--reference-date", "2026-11-23", path + "/", "-o", out],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            report(run.returncode == 0, "extract %s/ (exit %d)" % (name, run.returncode),
                   run.stderr.splitlines())
            if run.returncode != 0:
                continue
            g = parse(out)
            if g is None:
                continue
            used = pkg_terms_used(g)
            undeclared = sorted(short(t) for t in used - declared)
            report(not undeclared, "every pkg: term in the %s graph (%d) is declared"
                   % (name, len(used)), undeclared)
            as_type = {o for o in g.objects(None, RDF.type) if is_pkg(o)}
            wrong = sorted(short(t) for t in as_type - classes)
            wrong += sorted(short(p) for p in g.predicates() if is_pkg(p) and p not in props)
            report(not wrong, "in the %s graph, pkg: types are classes and pkg: predicates properties"
                   % name, wrong)

    print("# the shapes")
    shapes = parse(os.path.join(src, "ontology", "shapes.ttl"))
    if shapes is None:
        return 1
    targets = set(shapes.objects(None, SH.targetClass))
    bad = sorted(short(t) for t in targets if t not in classes)
    report(targets and not bad, "every sh:targetClass (%d) is a declared pkg: class"
           % len(targets), bad)
    untargeted = sorted(short(c) for c in classes - targets
                        if c != PKG.AgreementStatus)
    report(not untargeted, "every pkg: class but pkg:AgreementStatus is the target of a shape",
           untargeted)
    undeclared = sorted(short(t) for t in pkg_terms_used(shapes) - declared)
    report(not undeclared, "every pkg: term the shapes use is declared", undeclared)
    path_props = {o for o in shapes.objects(None, SH.path) if is_pkg(o)}
    path_props |= {o for o in shapes.objects(None, SH.inversePath) if is_pkg(o)}
    bad = sorted(short(p) for p in path_props if p not in props)
    report(not bad, "every pkg: sh:path is a declared property", bad)
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    bad = sorted(str(s) for s in shape_nodes
                 if shapes.value(s, SH.message) is None or shapes.value(s, RDFS.comment) is None)
    report(not bad, "every NodeShape (%d) has an sh:message and an rdfs:comment"
           % len(shape_nodes), bad)
    prop_shapes = set(shapes.objects(None, SH.property))
    bad = sorted(str(shapes.value(s, SH.path)) for s in prop_shapes
                 if shapes.value(s, SH.message) is None or shapes.value(s, RDFS.comment) is None)
    report(not bad, "every property shape (%d) has an sh:message and an rdfs:comment"
           % len(prop_shapes), bad)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
