#!/usr/bin/python3
"""synth_nquads.py - a synthetic N-Quads corpus for the store tests.

    synth_nquads.py DOCS TRIPLES VERSION OUT.nq

writes DOCS documents (named graphs <https://w3id.org/policykg/id/document/
synth-NNNN>) in version VERSION (1 or 2) of the corpus, each with about
TRIPLES triples shaped like policykg's output: a pkg:Document with its
version, persons with Korean labels and posts, mentions with sentences, and
organizations that several documents share (each organization's label is
stated by every document that mentions it).  Versions 1 and 2 of a
document differ in most of their triples and in the shared organizations
they mention, so replacing one by the other exercises removal, addition and
the shared-triple bookkeeping; every document's triples of one version are
distinct from those of the other but for the shared ones.

    synth_nquads.py --expect V1.nq V2.nq

prints, per document, "IRI TRIPLES-IN-V1 TRIPLES-IN-V2", then for checks
"union" lines are computed by store_kill.sh through --union STATES.
"""
import sys

ID = "https://w3id.org/policykg/id/"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NORGS = 12


def doc_iri(i):
    return "%sdocument/synth-%04d" % (ID, i)


def triples(i, version, n):
    d = doc_iri(i)
    out = [
        (d, RDF_TYPE, "<%sDocument>" % PKG),
        (d, PKG + "version", '"%d"' % version),
    ]
    # shared organizations: version 1 mentions orgs i%N and (i+1)%N,
    # version 2 mentions (i+1)%N and (i+5)%N: one stays, one changes
    orgs = [i % NORGS, (i + 1) % NORGS] if version == 1 else \
        [(i + 1) % NORGS, (i + 5) % NORGS]
    for k in orgs:
        o = "%sorg-%02d" % (ID, k)
        out.append((o, RDF_TYPE, "<%sOrganization>" % PKG))
        out.append((o, LABEL, '"기관 %02d"@ko' % k))
        out.append((o, PKG + "mentionedIn", "<%s>" % d))
    j = 0
    while len(out) < n:
        p = "%sperson/d%04d-v%d-p%03d" % (ID, i, version, j)
        m = "%smention/d%04d-v%d-m%03d" % (ID, i, version, j)
        out.append((p, RDF_TYPE, "<%sPerson>" % PKG))
        out.append((p, LABEL, '"사람 %d-%d \\"%d\\""@ko' % (i, j, version)))
        out.append((p, PKG + "evidence", "<%s>" % m))
        out.append((m, PKG + "sentence",
                    '"문장 %d: 기관 %02d와 협력 (v%d)\\n"@ko' % (j, i % NORGS, version)))
        out.append((m, PKG + "start", '"%d"^^<http://www.w3.org/2001/XMLSchema#integer>' % (j * 10)))
        j += 1
    return out[:n]


def write(ndocs, n, version, path):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(ndocs):
            d = doc_iri(i)
            for s, p, o in triples(i, version, n):
                f.write("<%s> <%s> %s <%s> .\n" % (s, p, o, d))


def main():
    if len(sys.argv) == 5 and sys.argv[1] != "--union":
        write(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "--union":
        # --union DOCS TRIPLES STATES: the number of distinct triples when
        # document i is in version STATES[i] ("1", "2", or "0": absent)
        ndocs, n, states = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        seen = set()
        for i in range(ndocs):
            if states[i] != "0":
                seen.update(triples(i, int(states[i]), n))
        print(len(seen))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
