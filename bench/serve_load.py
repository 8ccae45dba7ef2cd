#!/usr/bin/env python3
"""serve_load.py - a bounded load test of `policykg serve` (issue 17).

Builds a store from seeds/ (extract --store), starts `policykg serve --port
0` on it, and sends N queries from T client threads over loopback, each
thread on one keep-alive connection, in a fixed mix: a SELECT COUNT, the
organizations and their labels, the stored query `persons`, `timeline`
with a parameter, and a CONSTRUCT as Turtle.  Prints the throughput and
the latency percentiles.

With --writer, a writer process meanwhile forgets one seed document and
loads it back, over and over (`policykg forget` / `load`, --wait 30):
every answer to the document count must then be the whole store or the
store without that document (never in between), and the writer's changes
must get through while the readers keep the server busy (serve_store.c
lets go of the store's lock for them).

  /usr/bin/python3 bench/serve_load.py [--policykg BIN] [--queries 10000]
      [--threads 8] [--writer]
"""
import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)

COUNT_DOCS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pkg:Document }"
MIX = [
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT_DOCS}),
     "application/sparql-results+json"),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query":
        "SELECT ?o ?l WHERE { ?o a pkg:Organization ; rdfs:label ?l } ORDER BY ?o ?l"}),
     "text/csv"),
    ("GET", "/queries/persons", "application/sparql-results+xml"),
    ("GET", "/queries/timeline?actor=pkgid:msit", "text/tab-separated-values"),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query":
        "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a pkg:Person ; rdfs:label ?l }"}),
     "text/turtle"),
]


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values))) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--policykg", default=os.path.join(SRC, "build", "policykg"))
    ap.add_argument("--queries", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--writer", action="store_true")
    args = ap.parse_args()
    pk = os.path.abspath(args.policykg)

    work = tempfile.mkdtemp(prefix="policykg-serve-load.")
    db = os.path.join(work, "db")
    subprocess.run([pk, "extract", "-q", "--rules", os.path.join(SRC, "rules"),
                    "--reference-date", "2026-11-23", os.path.join(SRC, "seeds") + "/",
                    "--store", db], check=True)
    subprocess.run([pk, "extract", "-q", "--rules", os.path.join(SRC, "rules"),
                    "--reference-date", "2026-11-23", os.path.join(SRC, "seeds") + "/",
                    "-f", "nquads", "-o", os.path.join(work, "seeds.nq")], check=True)
    errlog = open(os.path.join(work, "serve.err"), "w+")
    server = subprocess.Popen([pk, "serve", "--store", db, "--port", "0",
                               "--queries", os.path.join(SRC, "queries")],
                              stderr=errlog)
    port = None
    for _ in range(100):
        errlog.seek(0)
        m = re.search(r"127\.0\.0\.1:(\d+)/sparql", errlog.read())
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.05)
    if port is None:
        server.kill()
        sys.exit("serve did not start: " + open(errlog.name).read())

    full = None
    docs = subprocess.run([pk, "query", "--store", db, "-f", "tsv", "-e",
                           "SELECT ?d WHERE { ?d a pkg:Document } ORDER BY ?d"],
                          check=True, capture_output=True, text=True).stdout.split("\n")[1:]
    docs = [d.strip("<>") for d in docs if d]
    full = len(docs)

    latencies = []
    counts = {}
    failures = []
    lock = threading.Lock()
    next_index = [0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, seen = [], {}
        while True:
            with lock:
                i = next_index[0]
                if i >= args.queries:
                    break
                next_index[0] += 1
            method, path, accept = MIX[i % len(MIX)]
            t0 = time.perf_counter()
            conn.request(method, path, headers={"Accept": accept})
            resp = conn.getresponse()
            body = resp.read()
            mine.append(time.perf_counter() - t0)
            if resp.status != 200:
                failures.append((resp.status, body[:200]))
                continue
            if i % len(MIX) == 0:
                n = int(re.search(rb'"value":"(\d+)"', body).group(1))
                seen[n] = seen.get(n, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                counts[k] = counts.get(k, 0) + v

    writes = []
    stop = threading.Event()

    def writer():
        while not stop.is_set():
            for cmd in ([pk, "forget", "-q", "--wait", "30", "--store", db, docs[0]],
                        [pk, "load", "-q", "--wait", "30", os.path.join(work, "seeds.nq"),
                         "--store", db]):
                t0 = time.perf_counter()
                rc = subprocess.run(cmd, capture_output=True).returncode
                writes.append((rc, time.perf_counter() - t0))

    threads = [threading.Thread(target=client) for _ in range(args.threads)]
    wt = threading.Thread(target=writer) if args.writer else None
    t0 = time.perf_counter()
    if wt:
        wt.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    stop.set()
    if wt:
        wt.join()
    server.terminate()
    server.wait(timeout=30)

    lat = sorted(latencies)
    print("| queries | clients | writer | wall s | queries/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("| %d | %d | %s | %.2f | %.0f | %.1f | %.1f | %.1f | %.1f |" % (
        len(lat), args.threads, "yes" if args.writer else "no", elapsed, len(lat) / elapsed,
        percentile(lat, 50) * 1e3, percentile(lat, 95) * 1e3, percentile(lat, 99) * 1e3,
        lat[-1] * 1e3 if lat else 0))
    print("document counts seen: %s (whole store: %d)" % (
        ", ".join("%d x%d" % kv for kv in sorted(counts.items())), full))
    bad = False
    if failures:
        print("FAIL: %d answers were not 200, e.g. %r" % (len(failures), failures[0]))
        bad = True
    if any(n not in (full, full - 1) for n in counts):
        print("FAIL: a count that is neither the whole store nor one document less")
        bad = True
    if wt:
        ok = [s for rc, s in writes if rc == 0]
        print("writer: %d changes, %d failed; each took median %.0f ms, max %.0f ms" % (
            len(writes), len(writes) - len(ok),
            1e3 * sorted(ok)[len(ok) // 2] if ok else 0, 1e3 * max(ok) if ok else 0))
        if len(ok) != len(writes) or not ok:
            print("FAIL: a change did not get through")
            bad = True
    subprocess.run(["rm", "-rf", work])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
