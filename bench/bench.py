#!/usr/bin/python3
"""bench.py - how policykg's cost grows with the corpus, the gazetteer and
the store, side by side with the floor (ripgrep) and its peers (rapper,
Oxigraph, rdflib).  Prints Markdown tables (bench/RESULTS.md is one run).

    /usr/bin/python3 bench/bench.py [--policykg build/policykg]
        [--sizes 1,10,100] [--full] [--stores 100k,1M] [--gazetteers 100,1000,10000,100000]
        [--gaz-corpus 10] [--runs 5] [--work /tmp/policykg-bench] [--seed 1]
        [--node-modules build/js/node_modules] [--rdflib-max 1M] [--skip ...] [--real]

--full adds the 1000 MB corpus and the 10M-triple store.  --real takes the
corpora from real articles (gen_real.py: tests/real/dev and test copied to
the size) instead of generated ones: issue 16's extraction target.  --skip takes a
comma list of sections to leave out: extract, peers, load, stores, gaz.

What is measured, per corpus size (MB of generated articles, gen_corpus.py
with the real gazetteer):
  extract     policykg extract DIR -f turtle|ntriples|nquads -o FILE, with
              -j 1 and -j 2 when `policykg extract --help` lists -j: wall
              time, MB/s of input, triples/s written, peak RSS
              (/usr/bin/time -v);
  floor       rg -j1 -F -c -f aliases.txt DIR (every name of the same
              gazetteer), and the ratio extract / rg;
  rapper      rapper -i ntriples -o ntriples|turtle over the extracted
              N-Triples: parsing and serializing the same triples;
  load        policykg load FILE.nq --store NEW, Oxigraph and rdflib
              loading the same N-Quads (rdflib only up to --rdflib-max);
per store (100k, 1M, 10M quads: the first documents of an extracted
corpus's N-Quads): every canned query of queries/, unbound where it may be
and once with a parameter bound (the same VALUES row for every engine:
policykg binds through --param, the others get the VALUES just inside the
outer WHERE, as src/store/params.c puts it), median of --runs;
per gazetteer (N generated entries added to the real ones, gen_gazetteer.py):
`policykg rules check` time (loading and compiling the rules) and extract
time on the --gaz-corpus MB corpus, with rg's time over its aliases.

Generated inputs are kept in --work (keyed by seed and size) and reused.
Wall times are single runs except queries; the machine may be shared.
"""
import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
PY = '/usr/bin/python3'
NS_ID = 'https://w3id.org/policykg/id/'
XSD = 'http://www.w3.org/2001/XMLSchema#'


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def num(s):
    m = re.fullmatch(r'(\d+(?:\.\d+)?)([kKMG]?)', s.strip())
    if not m:
        raise argparse.ArgumentTypeError('bad number: ' + s)
    return int(float(m.group(1)) * {'': 1, 'k': 1000, 'K': 1000, 'M': 10 ** 6, 'G': 10 ** 9}[m.group(2)])


def human(n):
    for div, suf in ((10 ** 6, 'M'), (10 ** 3, 'k')):
        if n >= div and n % div == 0:
            return '%d%s' % (n // div, suf)
    return str(n)


class Run:
    """One command under /usr/bin/time -v: wall s, user CPU s, peak RSS MB, rc, stderr."""

    def __init__(self, cmd, stdout=subprocess.DEVNULL, env=None, cwd=None, timeout=None):
        self.timed_out = False
        # the outputs of earlier runs written back now, not during this one:
        # a load timed just after a 570 MB N-Quads file was written took
        # 11.9 s, 8.3-9.2 s with the disk idle
        os.sync()
        with tempfile.NamedTemporaryFile('r', suffix='.time') as tf:
            t0 = time.perf_counter()
            p = subprocess.Popen(['/usr/bin/time', '-v', '-o', tf.name] + cmd, stdout=stdout,
                                 stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True)
            try:
                out, err = p.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                # the whole group: time and the command under it
                os.killpg(p.pid, 9)
                out, err = p.communicate()
                self.timed_out = True
            self.wall = time.perf_counter() - t0
            tv = tf.read()
        self.rc = p.returncode
        self.err = err.decode('utf-8', 'replace')
        self.out = out.decode('utf-8', 'replace') if isinstance(out, bytes) else ''
        m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv)
        self.rss = int(m.group(1)) / 1024 if m else float('nan')
        m = re.search(r'User time \(seconds\): ([\d.]+)', tv)
        self.user = float(m.group(1)) if m else float('nan')
        if self.rc != 0:
            log('  ! rc=%d: %s\n%s' % (self.rc, ' '.join(cmd), self.err[-2000:]))


def du_bytes(path):
    total = 0
    for dp, _dn, fns in os.walk(path):
        for f in fns:
            total += os.path.getsize(os.path.join(dp, f))
    return total


class Bench:
    def __init__(self, a):
        self.a = a
        self.pk = os.path.abspath(a.policykg)
        self.work = a.work
        os.makedirs(self.work, exist_ok=True)
        help_ = subprocess.run([self.pk, 'extract', '--help'], capture_output=True, text=True).stdout
        self.has_j = re.search(r'(^|\s)-j\b', help_) is not None
        self.env = dict(os.environ, NODE_PATH=a.node_modules)
        self.rules = os.path.join(SRC, 'rules')

    # -- inputs ------------------------------------------------------------

    def corpus(self, mb):
        if self.a.real:
            # tests/real's articles copied to the size (gen_real.py)
            d = os.path.join(self.work, 'real-%sMB' % mb)
            gen = [PY, os.path.join(HERE, 'gen_real.py'), '--size', '%sM' % mb, '--out', d]
        else:
            d = os.path.join(self.work, 'corpus-%sMB-s%d' % (mb, self.a.seed))
            gen = [PY, os.path.join(HERE, 'gen_corpus.py'), '--size', '%sM' % mb,
                   '--seed', str(self.a.seed), '--out', d]
        if not os.path.exists(d + '.done'):
            shutil.rmtree(d, ignore_errors=True)
            log('generating %s' % d)
            subprocess.run(gen, check=True)
            open(d + '.done', 'w').close()
        return d

    def gazetteer(self, n):
        d = os.path.join(self.work, 'gaz-%d-s%d' % (n, self.a.seed))
        if not os.path.exists(d + '.done'):
            shutil.rmtree(d, ignore_errors=True)
            log('generating %s' % d)
            subprocess.run([PY, os.path.join(HERE, 'gen_gazetteer.py'), '--entries', str(n),
                            '--seed', str(self.a.seed), '--out', d], check=True)
            open(d + '.done', 'w').close()
        return d

    def extract(self, corpus, fmt, out, rules=None, j=None):
        cmd = [self.pk, 'extract', corpus, '-f', fmt, '-o', out, '--rules', rules or self.rules]
        if j is not None:
            cmd += ['-j', str(j)]
        r = Run(cmd)
        m = re.search(r'(\d+) documents, (\d+) triples', r.err)
        r.triples = int(m.group(2)) if m else None
        if r.triples is None and fmt in ('ntriples', 'nquads') and os.path.exists(out):
            with open(out, 'rb') as f:
                r.triples = sum(1 for _ in f)
        return r

    # -- tables ------------------------------------------------------------

    def table(self, head, rows):
        print()
        print('| ' + ' | '.join(head) + ' |')
        print('|' + '|'.join(' --- ' for _ in head) + '|')
        for r in rows:
            print('| ' + ' | '.join(str(x) for x in r) + ' |')
        sys.stdout.flush()

    def sizes_section(self, sizes):
        print('\n## Extraction, the floor and the peers, by corpus size\n')
        print('policykg with the real gazetteer (`rules/`); `-j` %s.'
              % ('supported: -j 1 and -j 2' if self.has_j else 'not supported by this binary'))
        aliases = os.path.join(self.gazetteer(0), 'aliases.txt')
        rows, peer_rows, load_rows = [], [], []
        for mb in sizes:
            corpus = self.corpus(mb)
            nbytes = du_bytes(corpus)
            mbytes = nbytes / 1e6
            outs = {}
            rg = None
            if 'extract' not in self.a.skip:
                for fmt, ext in (('turtle', 'ttl'), ('ntriples', 'nt'), ('nquads', 'nq')):
                    for j in ([1, 2] if self.has_j else [None]):
                        out = os.path.join(self.work, 'out-%sMB.%s' % (mb, ext))
                        log('extract %s MB -> %s%s' % (mb, fmt, '' if j is None else ' -j %d' % j))
                        r = self.extract(corpus, fmt, out, j=j)
                        outs[fmt] = (out, r.triples)
                        rows.append([mb, fmt, '-' if j is None else j, '%.1f' % r.wall,
                                     '%.2f' % (mbytes / r.wall), fmt_int(r.triples / r.wall if r.triples else 0),
                                     '%.0f' % r.rss, fmt_int(r.triples or 0), None])
                        rows[-1].append(r.wall)
                log('rg floor %s MB' % mb)
                rg = Run(['rg', '-j1', '-F', '-c', '-f', aliases, corpus])
                rows.append([mb, 'rg -j1 -F -c (floor)', '1', '%.2f' % rg.wall, '%.1f' % (mbytes / rg.wall),
                             '', '%.0f' % rg.rss, '', '', rg.wall])
                for r in rows:
                    if r[0] == mb and r[8] is None:
                        r[8] = '%.0f×' % (r[9] / rg.wall)
            if 'peers' not in self.a.skip and 'ntriples' in outs:
                nt, ntr = outs['ntriples']
                ext_nt = [r for r in rows if r[0] == mb and r[1] == 'ntriples']
                for ofmt in ('ntriples', 'turtle'):
                    log('rapper %s MB -> %s' % (mb, ofmt))
                    r = Run(['rapper', '-q', '-i', 'ntriples', '-o', ofmt, nt])
                    mine = [x for x in rows if x[0] == mb and x[1] == ('ntriples' if ofmt == 'ntriples' else 'turtle')]
                    peer_rows.append([mb, 'rapper -i ntriples -o %s' % ofmt, fmt_int(ntr),
                                      '%.1f' % r.wall, fmt_int(ntr / r.wall), '%.0f' % r.rss,
                                      '%.1f×' % (mine[0][9] / r.wall) if mine else ''])
                del ext_nt
            if 'load' not in self.a.skip and 'nquads' in outs:
                nq, nqn = outs['nquads']
                load_rows += self.load_rows(str(mb) + ' MB corpus', nq, nqn)
        if rows:
            self.table(['MB', 'extract to', '-j', 'wall s', 'MB/s', 'triples/s', 'peak RSS MB', 'triples',
                        '× rg'], [r[:9] for r in rows])
        if peer_rows:
            print('\nRaptor\'s `rapper` parsing the extracted N-Triples and serializing them; '
                  '"policykg ×" is policykg\'s extraction (to the same format, `-j` first row) over rapper\'s time.')
            self.table(['MB', 'peer', 'triples', 'wall s', 'triples/s', 'peak RSS MB', 'policykg ×'], peer_rows)
        if load_rows:
            self.print_load(load_rows)

    def load_rows(self, label, nq, n, oxi=True):
        rows = []
        db = os.path.join(self.work, 'db-load')
        shutil.rmtree(db, ignore_errors=True)
        log('load %s (%d quads)' % (label, n))
        r = Run([self.pk, 'load', nq, '--store', db, '-q'])
        shutil.rmtree(db, ignore_errors=True)
        rows.append([label, 'policykg load (new store)', fmt_int(n), '%.1f' % r.wall, fmt_int(n / r.wall),
                     '%.0f' % r.rss, ''])
        mine = r.wall
        if oxi:
            o = self.peer('ox', nq, [], 1)
            if o:
                rows.append([label, 'Oxigraph (in memory)', fmt_int(n), '%.1f' % o['load_s'],
                             fmt_int(n / o['load_s']), '%.0f' % o['rss_mb'], '%.2f×' % (mine / o['load_s'])])
        if n <= self.a.rdflib_max:
            o = self.peer('rdflib', nq, [], 1)
            if o:
                rows.append([label, 'rdflib Dataset (in memory)', fmt_int(n), '%.1f' % o['load_s'],
                             fmt_int(n / o['load_s']), '%.0f' % o['rss_mb'], '%.2f×' % (mine / o['load_s'])])
        return rows

    def print_load(self, rows):
        print('\nLoading the extracted N-Quads (policykg into a new directory store; the peers in '
              'memory, same file). "policykg ×" = policykg\'s time over the peer\'s.')
        self.table(['input', 'loader', 'quads', 'wall s', 'quads/s', 'peak RSS MB', 'policykg ×'], rows)

    def peer(self, which, file, queries, runs):
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as qf:
            json.dump(queries, qf)
        try:
            if which == 'ox':
                cmd = ['node', os.path.join(HERE, 'js', 'ox.mjs'), file, 'application/n-quads', qf.name, str(runs)]
            else:
                cmd = [PY, os.path.join(HERE, 'rdflib_bench.py'), file, 'nquads', qf.name, str(runs)]
            log('  %s %s' % (which, os.path.basename(file)))
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, env=self.env,
                                   timeout=self.a.peer_timeout)
                stdout, rc, err = p.stdout, p.returncode, p.stderr
            except subprocess.TimeoutExpired as e:
                stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or '')
                rc, err = 'timeout', ''
                log('  ! %s over %d s: killed, the queries it finished are kept' % (which, self.a.peer_timeout))
            lines = stdout.strip().splitlines()
            if rc != 0 and rc != 'timeout' or not lines:
                log('  ! %s failed: %s' % (which, err[-1500:]))
                return None
            return json.loads(lines[-1])
        finally:
            os.unlink(qf.name)

    # -- stores and queries ------------------------------------------------

    def store_input(self, n):
        """The first documents of an extracted corpus's N-Quads, n quads or
        just over (cut at a document boundary)."""
        path = os.path.join(self.work, 'store-%s-s%d.nq' % (human(n), self.a.seed))
        if os.path.exists(path):
            with open(path, 'rb') as f:
                return path, sum(1 for _ in f)
        src = None
        for f in sorted(os.listdir(self.work)):
            m = re.fullmatch(r'out-(\d+)MB\.nq', f)
            if m:
                p = os.path.join(self.work, f)
                with open(p, 'rb') as fh:
                    if sum(1 for _ in fh) >= n:
                        if src is None or os.path.getsize(p) < os.path.getsize(src):
                            src = p
        if src is None:
            mb = max(1, math.ceil(n / 30000 * 1.3))
            src = os.path.join(self.work, 'out-%dMB.nq' % mb)
            log('extracting a %d MB corpus for the %s store' % (mb, human(n)))
            self.extract(self.corpus(mb), 'nquads', src)
        count, last = 0, None
        with open(src, 'rb') as fi, open(path + '.tmp', 'wb') as fo:
            for line in fi:
                g = line.rstrip().rsplit(b' ', 2)[-2] if line.strip() else b''
                if count >= n and g != last:
                    break
                fo.write(line)
                count += 1
                last = g
        os.replace(path + '.tmp', path)
        return path, count

    def first(self, db, sparql):
        p = subprocess.run([self.pk, 'query', '--store', db, '--format', 'tsv', '-e', sparql],
                           capture_output=True, text=True)
        lines = p.stdout.strip().splitlines()
        return lines[1].strip() if len(lines) > 1 else None

    def query_variants(self, db):
        """[(label, name, [(param, policykg value, SPARQL term)])]."""
        person = self.first(db, 'SELECT ?p WHERE { ?p a pkg:Person } ORDER BY ?p LIMIT 1')
        fact = self.first(db, 'SELECT ?a WHERE { ?a a pkg:Agreement } ORDER BY ?a LIMIT 1')

        def iri(t):
            if t and t.startswith('<'):
                return (t[1:-1], t)
            return None

        bind = {
            'party': ('pkgid:msit', '<%smsit>' % NS_ID), 'actor': ('pkgid:msit', '<%smsit>' % NS_ID),
            'org': ('pkgid:msit', '<%smsit>' % NS_ID), 'a': ('pkgid:msit', '<%smsit>' % NS_ID),
            'b': ('pkgid:mofa', '<%smofa>' % NS_ID),
            'from': ('2024-01-01', '"2024-01-01"^^<%sdate>' % XSD),
            'to': ('2024-12-31', '"2024-12-31"^^<%sdate>' % XSD),
        }
        if iri(person):
            bind['person'] = iri(person)
        if iri(fact):
            bind['fact'] = iri(fact)
        out = []
        for f in sorted(os.listdir(os.path.join(SRC, 'queries'))):
            if not f.endswith('.rq'):
                continue
            name = f[:-3]
            with open(os.path.join(SRC, 'queries', f), encoding='utf-8') as fh:
                text = fh.read()
            params = re.findall(r'^#\s*param\s+(\w+)=\S+(.*)$', text, re.M)
            required = [p for p, rest in params if '(required)' in rest]
            if not required:
                out.append((name, name, text, []))
            if params:
                names = required or [params[0][0]]
                if name == 'events':
                    names = ['from', 'to']
                if all(p in bind for p in names):
                    b = [(p,) + bind[p] for p in names]
                    out.append(('%s %s' % (name, ' '.join('%s=%s' % (p, v) for p, v, _t in b)), name, text, b))
        return out

    def sparql_for_peers(self, text, binds):
        prefixes = predeclared()
        q = text
        if binds:
            values = 'VALUES (%s) { (%s) }\n' % (' '.join('?' + p for p, _v, _t in binds),
                                                  ' '.join(t for _p, _v, t in binds))
            m = re.search(r'WHERE\s*\{', q, re.I)
            q = q[:m.end()] + '\n  ' + values + q[m.end():]
        declared = lambda p: re.search(r'PREFIX\s+%s:' % p, q, re.I)  # noqa: E731
        return ''.join('PREFIX %s: <%s>\n' % (p, i) for p, i in prefixes if not declared(p)) + q

    def stores_section(self, stores):
        print('\n## Stores and the canned queries\n')
        print('Each store holds the first documents of an extracted corpus\'s N-Quads '
              '(cut at a document boundary). Query times are medians of %d runs: policykg '
              '`query --store DB NAME [--param ...] --format tsv` (a process each: opening the '
              'store included), Oxigraph and rdflib in memory, in one process after loading '
              '(the union of the graphs as default graph). "×" = policykg over the peer. '
              'rdflib only up to %s quads.' % (self.a.runs, human(self.a.rdflib_max)))
        load_rows = []
        for n in stores:
            nq, count = self.store_input(n)
            db = os.path.join(self.work, 'db-%s' % human(n))
            shutil.rmtree(db, ignore_errors=True)
            log('store %s: load %d quads' % (human(n), count))
            r = Run([self.pk, 'load', nq, '--store', db, '-q'])
            load_rows.append(['store %s' % human(n), 'policykg load (new store)', fmt_int(count), '%.1f' % r.wall,
                              fmt_int(count / r.wall), '%.0f' % r.rss, ''])
            variants = self.query_variants(db)
            mine = {}
            for label, name, _text, binds in variants:
                cmd = [self.pk, 'query', '--store', db, name, '--format', 'tsv']
                for p, v, _t in binds:
                    cmd += ['--param', '%s=%s' % (p, v)]
                times, rows, rss = [], None, 0
                for _ in range(self.a.runs):
                    log('  query %s: %s' % (human(n), label))
                    rr = Run(cmd, stdout=subprocess.PIPE, timeout=self.a.query_timeout)
                    times.append(rr.wall)
                    rss = max(rss, rr.rss)
                    rows = '>%d s: killed' % self.a.query_timeout if rr.timed_out \
                        else max(0, len(rr.out.splitlines()) - 1)
                    if rr.timed_out or rr.wall > self.a.query_timeout / 4:
                        break  # one slow run says enough
                mine[label] = (statistics.median(times), rows, rss)
            qs = [(label, self.sparql_for_peers(text, binds)) for label, _n, text, binds in variants]
            ox = self.peer('ox', nq, qs, self.a.runs)
            rl = self.peer('rdflib', nq, qs, self.a.runs) if count <= self.a.rdflib_max else None
            if ox:
                load_rows.append(['store %s' % human(n), 'Oxigraph (in memory)', fmt_int(count),
                                  '%.1f' % ox['load_s'], fmt_int(count / ox['load_s']), '%.0f' % ox['rss_mb'],
                                  '%.2f×' % (r.wall / ox['load_s'])])
            if rl:
                load_rows.append(['store %s' % human(n), 'rdflib Dataset (in memory)', fmt_int(count),
                                  '%.1f' % rl['load_s'], fmt_int(count / rl['load_s']), '%.0f' % rl['rss_mb'],
                                  '%.2f×' % (r.wall / rl['load_s'])])
            rows = []
            for label, _n, _t, _b in variants:
                t, nrows, rss = mine[label]
                row = ['`%s`' % label, '%.0f' % (t * 1000), nrows, '%.0f' % rss]
                for peer in (ox, rl):
                    if peer and label in peer['queries']:
                        pt = statistics.median(peer['queries'][label])
                        row += ['%.0f' % (pt * 1000), peer['rows'][label], '%.1f×' % (t / pt) if pt > 0 else '']
                    else:
                        row += ['', '', '']
                rows.append(row)
            print('\n### %s quads (`%s`)' % (fmt_int(count), os.path.basename(nq)))
            self.table(['query', 'policykg ms', 'rows', 'RSS MB', 'Oxigraph ms', 'rows', '×',
                        'rdflib ms', 'rows', '×'], rows)
        self.print_load(load_rows)

    def gaz_section(self, ns):
        mb = self.a.gaz_corpus
        corpus = self.corpus(mb)
        mbytes = du_bytes(corpus) / 1e6
        print('\n## Gazetteer size (%s MB corpus)\n' % mb)
        print('N generated entries added to the 284 real ones (`gen_gazetteer.py`); '
              '`rules check` = reading and compiling the rules directory; extract to N-Triples%s.'
              % (' with -j 1' if self.has_j else ''))
        rows = []
        for n in ns:
            g = self.gazetteer(n)
            rules = os.path.join(g, 'rules')
            log('gazetteer %d: rules check' % n)
            c = Run([self.pk, 'rules', 'check', rules])
            log('gazetteer %d: extract' % n)
            out = os.path.join(self.work, 'out-gaz.nt')
            r = self.extract(corpus, 'ntriples', out, rules=rules, j=1 if self.has_j else None)
            rg = Run(['rg', '-j1', '-F', '-c', '-f', os.path.join(g, 'aliases.txt'), corpus])
            with open(os.path.join(g, 'aliases.txt'), 'rb') as f:
                names = sum(1 for _ in f)
            rows.append([fmt_int(n), fmt_int(names), '%.2f' % c.wall, '%.0f' % c.rss, '%.1f' % r.wall,
                         '%.2f' % (mbytes / r.wall), '%.0f' % r.rss, fmt_int(r.triples or 0),
                         '%.2f' % rg.wall, '%.0f×' % (r.wall / rg.wall)])
        self.table(['generated entries', 'names', 'rules check s', 'RSS MB', 'extract s', 'MB/s',
                    'peak RSS MB', 'triples', 'rg s', '× rg'], rows)


def fmt_int(x):
    return '{:,}'.format(int(round(x)))


def predeclared():
    defs = {}
    with open(os.path.join(SRC, 'src/rdf/vocab.h'), encoding='utf-8') as f:
        for m in re.finditer(r'#define (PK_NS_\w+) "([^"]*)"', f.read()):
            defs[m.group(1)] = m.group(2)
    with open(os.path.join(SRC, 'src/rdf/vocab.c'), encoding='utf-8') as f:
        return [(m.group(1), defs[m.group(2)]) for m in re.finditer(r'\{ "(\w+)", (PK_NS_\w+) \}', f.read())]


def machine():
    out = []
    try:
        lscpu = subprocess.run(['lscpu'], capture_output=True, text=True).stdout
        for k in ('Model name', 'CPU(s)', 'Thread(s) per core'):
            m = re.search(r'^%s:\s*(.*)$' % re.escape(k), lscpu, re.M)
            if m:
                out.append('%s: %s' % (k, m.group(1).strip()))
        with open('/proc/meminfo') as f:
            m = re.search(r'MemTotal:\s*(\d+)', f.read())
            out.append('memory: %.1f GiB' % (int(m.group(1)) / 2 ** 20))
    except OSError:
        pass
    return '; '.join(out)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument('--policykg', default=os.path.join(SRC, 'build', 'policykg'))
    ap.add_argument('--sizes', default='1,10,100', help='corpus sizes in MB')
    ap.add_argument('--stores', default='100k,1M', help='store sizes in quads')
    ap.add_argument('--gazetteers', default='100,1000,10000,100000')
    ap.add_argument('--gaz-corpus', default='10', help='corpus MB for the gazetteer runs')
    ap.add_argument('--full', action='store_true', help='add the 1000 MB corpus and the 10M store')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--query-timeout', type=float, default=120,
                    help='s: a policykg query is killed after this; one run over a quarter of it is enough')
    ap.add_argument('--peer-timeout', type=int, default=900, help='s for one peer process')
    ap.add_argument('--rdflib-max', type=num, default=num('1M'))
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--work', default=os.path.join(tempfile.gettempdir(), 'policykg-bench'))
    ap.add_argument('--node-modules', default=os.path.join(SRC, 'build', 'js', 'node_modules'))
    ap.add_argument('--skip', default='', help='comma list: extract,peers,load,stores,gaz')
    ap.add_argument('--real', action='store_true',
                    help='corpora of real-article text (tests/real copied to the size, gen_real.py) '
                         'instead of generated ones')
    a = ap.parse_args(argv)
    a.skip = set(x for x in a.skip.split(',') if x)
    sizes = [x for x in a.sizes.split(',') if x]
    stores = [num(x) for x in a.stores.split(',') if x]
    if a.full:
        sizes += [] if '1000' in sizes else ['1000']
        stores += [] if 10 ** 7 in stores else [10 ** 7]
    for tool in ('rg', 'rapper', 'node', '/usr/bin/time'):
        if not shutil.which(tool):
            log('bench: %s is missing (bash scripts/bootstrap.sh bench installs it)' % tool)
            return 2
    b = Bench(a)
    commit = subprocess.run(['git', '-C', SRC, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                            text=True).stdout.strip()
    version = subprocess.run([b.pk, '--version'], capture_output=True, text=True).stdout.strip()
    print('# policykg benchmark\n')
    print('- date: %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()))
    print('- machine: %s' % machine())
    print('- policykg: `%s` (%s), source tree at commit %s' % (b.pk, version, commit))
    print('- command: `%s`' % ' '.join(['/usr/bin/python3', 'bench/bench.py'] + argv))
    sys.stdout.flush()
    if not ({'extract', 'peers', 'load'} <= a.skip):
        b.sizes_section(sizes)
    if 'stores' not in a.skip:
        b.stores_section(stores)
    if 'gaz' not in a.skip:
        b.gaz_section([int(x) for x in a.gazetteers.split(',') if x])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
