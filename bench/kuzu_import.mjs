// kuzu_import.mjs - how fast `policykg export` goes into Kùzu (issue 17
// item 4): a generated corpus extracted as N-Quads, exported by one or
// more policykg binaries, each export run into a new on-disk Kùzu
// database, timed.  Prints a Markdown table; measures, checks nothing
// (the interop tests do).
//
//   NODE_PATH=build/js/node_modules node bench/kuzu_import.mjs \
//     [--policykg build/policykg] [--before OLD_POLICYKG] [--size 1M]
//     [--cap SECONDS] [--work DIR]
//
// Each binary's `export --format kuzu` script runs statement by statement
// (Connection.querySync, as kuzu-load.mjs does); with --cap a run stops
// after that many seconds and its rates are those of the statements done
// (an old export of one statement per relationship can take hours).  When
// the binary has `--format kuzu-csv`, the bulk path is timed too: its
// schema, then COPY FROM the CSV files, into another new database.
// Rows are nodes plus relationships; the rates are per second of wall
// time, the export itself not included (it is printed apart).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import { cypherStatements as statements } from '../tests/js/interop-lib.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, x, i, v) =>
  (x.startsWith('--') ? [...a, [x.slice(2), v[i + 1]]] : a), []));
const src = resolve(new URL('..', import.meta.url).pathname);
const pk = resolve(args.policykg || join(src, 'build/policykg'));
const size = args.size || '1M';
const cap = Number(args.cap || 0);
const work = resolve(args.work || '/tmp/policykg-bench/kuzu');
const dir = (process.env.NODE_PATH || '').split(':').filter(Boolean)[0];
const kuzu = createRequire(import.meta.url)(resolve(dir || '.', 'kuzu'));
const now = () => Number(process.hrtime.bigint()) / 1e9;

function sh(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
}

function freshDb(name) {
  const path = join(work, name);
  for (const f of [path, `${path}.wal`, `${path}.shadow`])
    rmSync(f, { recursive: true, force: true });
  const db = new kuzu.Database(path, 1 << 30);
  return { db, conn: new kuzu.Connection(db) };
}

function count(conn) {
  const one = q => Number(conn.querySync(q).getAllSync()[0].n);
  return one('MATCH (n:Resource) RETURN count(n) AS n') + one('MATCH ()-[r]->() RETURN count(r) AS n');
}

// Run stmts, stopping after cap seconds; the figures of what ran.
function timed(conn, stmts) {
  const t0 = now();
  let done = 0;
  for (const s of stmts) {
    conn.querySync(s);
    done++;
    if (cap && now() - t0 > cap)
      break;
  }
  const secs = now() - t0;
  return { done, secs, rows: count(conn) };
}

const rows = [];
function report(label, exportSecs, total, r) {
  rows.push(`| ${label} | ${exportSecs.toFixed(2)} | ${r.done}${r.done < total ? ` of ${total}` : ''} | ` +
    `${r.rows} | ${r.secs.toFixed(2)} | ${(r.done / r.secs).toFixed(0)} | ${(r.rows / r.secs).toFixed(0)} |`);
}

mkdirSync(work, { recursive: true });
const corpus = join(work, `corpus-${size}`), nq = join(work, `corpus-${size}.nq`);
if (!existsSync(corpus))
  sh('python3', [join(src, 'bench/gen_corpus.py'), '--size', size, '--seed', '1', '--out', corpus, '--src', src]);
sh(pk, ['extract', '-q', '--rules', join(src, 'rules'), '--reference-date', '2026-11-23', corpus + '/',
  '-f', 'nquads', '-o', nq]);
const quads = readFileSync(nq, 'utf8').split('\n').filter(Boolean).length;

for (const [label, bin] of [['before', args.before], ['after', pk]]) {
  if (!bin)
    continue;
  const out = join(work, `${label}.kuzu`);
  let t0 = now();
  sh(bin, ['export', '--format', 'kuzu', nq, '-o', out]);
  const exportSecs = now() - t0;
  const stmts = statements(readFileSync(out, 'utf8'));
  console.error(`# ${label}: ${stmts.length} statements`);
  const { conn } = freshDb(`db-${label}`);
  report(`${label}: script (${bin})`, exportSecs, stmts.length, timed(conn, stmts));
  const csv = join(work, `${label}-csv`);
  t0 = now();
  try {
    sh(bin, ['export', '--format', 'kuzu-csv', nq, '-o', csv], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    continue; /* no bulk path in this binary */
  }
  const csvSecs = now() - t0;
  const bulk = [...statements(readFileSync(join(csv, 'schema.cypher'), 'utf8')),
    ...statements(readFileSync(join(csv, 'load.cypher'), 'utf8'))];
  const B = freshDb(`db-${label}-bulk`);
  const cwd = process.cwd();
  process.chdir(csv);
  const r = timed(B.conn, bulk);
  process.chdir(cwd);
  report(`${label}: kuzu-csv, COPY FROM`, csvSecs, bulk.length, r);
}

console.log(`${size} corpus (bench/gen_corpus.py --seed 1): ${quads} quads; Kùzu ${kuzu.VERSION || ''}, ` +
  `on disk, 1 GB buffer pool${cap ? `, runs cut at ${cap} s` : ''}\n`);
console.log('| run | export s | statements | rows (nodes + relationships) | import s | statements/s | rows/s |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(r);
