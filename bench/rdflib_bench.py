#!/usr/bin/python3
"""rdflib_bench.py - the rdflib side of bench/bench.py: load one RDF file
into an in-memory rdflib Dataset (queries see the union of its graphs) and
run the given queries several times each.

    /usr/bin/python3 bench/rdflib_bench.py FILE FORMAT QUERIES.json RUNS

Prints {"load_s", "triples", "rss_mb", "queries": {label: [s...]}, "rows"}.
"""
import json
import resource
import sys
import time

from rdflib import Dataset


def main(file, fmt, qfile, runs):
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(file, format=fmt)
    out = {'load_s': time.perf_counter() - t0, 'triples': len(ds), 'queries': {}, 'rows': {}}
    with open(qfile, encoding='utf-8') as f:
        queries = json.load(f)
    for label, q in queries:
        times = []
        for _ in range(int(runs)):
            t = time.perf_counter()
            n = sum(1 for _row in ds.query(q))
            times.append(time.perf_counter() - t)
            out['rows'][label] = n
        out['queries'][label] = times
        # cumulative, one line per query: a run killed for time keeps the rest
        out['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out), flush=True)
    out['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == '__main__':
    main(*sys.argv[1:5])
