#!/usr/bin/python3
"""linear.py - extraction against document size (issue 14): one
event-dense page of --small bytes and one of --large bytes (gen_page.py),
each extracted alone, and the ratio of their times.  Extraction is linear
in the document when the ratio stays near the ratio of the sizes; the
target is the 8 MB page under 10x the 0.8 MB one.  Prints a Markdown table
(bench/RESULTS.md keeps runs) and says whether the target is met.

    /usr/bin/python3 bench/linear.py [--policykg build/policykg]
        [--small 800K] [--large 8M] [--seed 1] [--format nquads]
        [--runs 3] [--work /tmp/policykg-linear] [--timeout 1200]

Each page is extracted --runs times with `policykg extract -q -f FORMAT
-o FILE PAGE` under /usr/bin/time -v, and the least wall and user CPU
seconds are kept (other work on a shared machine only adds time), with
the peak RSS; the default limits apply, so the large page is also a check
that the default --max-document-bytes (8 MiB) takes an 8 MB page.  Not a
timed test: read the CPU ratio before the wall one.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402
import gen_page  # noqa: E402
from bench import Run, log  # noqa: E402

TARGET = 10.0


def count_lines(path):
    n = 0
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            n += block.count(b'\n')
    return n


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--policykg', default=os.path.join(os.path.dirname(HERE), 'build', 'policykg'))
    ap.add_argument('--small', type=gen_corpus.parse_size, default=800 * 1000)
    ap.add_argument('--large', type=gen_corpus.parse_size, default=8 * 1000 * 1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--format', default='nquads')
    ap.add_argument('--work', default='/tmp/policykg-linear')
    ap.add_argument('--runs', type=int, default=3, help='extractions of each page')
    ap.add_argument('--timeout', type=float, default=1200, help='seconds per extraction')
    a = ap.parse_args(argv)
    pk = os.path.abspath(a.policykg)
    rules = os.path.join(os.path.dirname(HERE), 'rules')
    os.makedirs(a.work, exist_ok=True)
    rows = []
    for size in (a.small, a.large):
        page = os.path.join(a.work, 'page-%d-s%d.txt' % (size, a.seed))
        if not os.path.exists(page):
            log('generating %s' % page)
            with open(page, 'w', encoding='utf-8', newline='\n') as f:
                f.write(gen_page.page(size, a.seed, rules))
        out = os.path.join(a.work, 'page-%d-s%d.%s' % (size, a.seed, a.format))
        best = None
        for i in range(a.runs):
            log('extracting %s (%d/%d)' % (page, i + 1, a.runs))
            r = Run([pk, 'extract', '-r', rules, '--reference-date', '2025-06-01', '-q',
                     '-f', a.format, '-o', out, page], timeout=a.timeout)
            if r.rc != 0 or r.timed_out:
                log('extraction of %s failed (rc %s%s)' % (page, r.rc, ', timed out' if r.timed_out else ''))
                return 1
            if best is None:
                best = r
            else:
                best.wall, best.user = min(best.wall, r.wall), min(best.user, r.user)
                best.rss = max(best.rss, r.rss)
        rows.append((os.path.getsize(page), best, count_lines(out)))
    print('| page bytes | wall s | user s | peak RSS MB | %s lines |' % a.format)
    print('| --- | --- | --- | --- | --- |')
    for size, r, lines in rows:
        print('| {:,} | {:.2f} | {:.2f} | {:.0f} | {:,} |'.format(size, r.wall, r.user, r.rss, lines))
    (s0, r0, _), (s1, r1, _) = rows
    wall, cpu = r1.wall / r0.wall, r1.user / max(r0.user, 0.01)
    print()
    print('%.1f times the bytes: %.1fx the wall time, %.1fx the CPU time, %.1fx the peak RSS; '
          'target under %gx: %s' % (s1 / s0, wall, cpu, r1.rss / r0.rss, TARGET,
                                   'met' if max(wall, cpu) < TARGET else 'NOT met'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
