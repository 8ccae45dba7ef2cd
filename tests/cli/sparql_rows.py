"""sparql_rows.py - how the CLI tests compare policykg's TSV answers with
rdflib's: one cell as `policykg query -f tsv` writes it, and the verdict
lines (same / DIFF) that lib.sh's report_rows turns into pass and fail.
Imported by the rdflib sides of cli.queries and cli.query_optional."""


def n3(t):
    """A cell as policykg's TSV writes it: plain literals quoted and
    escaped, everything else in N-Triples form, unbound empty."""
    from rdflib import Literal
    if t is None:
        return ""
    if isinstance(t, Literal) and t.datatype is None and t.language is None:
        return '"%s"' % str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return t.n3()


def verdict(what, got, want, require_rows=False):
    """Print one verdict line; return 1 when the row sets differ (or are
    empty where rows are required), else 0."""
    got, want = sorted(got), sorted(want)
    if got != want or (require_rows and not want):
        print("DIFF %s: policykg %d rows, rdflib %d" % (what, len(got), len(want)))
        for r in sorted(set(got) ^ set(want))[:3]:
            print("   " + ("policykg only: " if r in got else "rdflib only: ") + r[:200])
        return 1
    print("same %s: %d rows" % (what, len(got)))
    return 0
