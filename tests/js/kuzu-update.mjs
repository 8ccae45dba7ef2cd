// kuzu-update.mjs - interop.kuzu_update: a graph database kept in step with
// the articles, article by article, through `policykg export --format kuzu`
// of N-Quads (one named graph per article) run into Kùzu (npm kuzu).
//
//   NODE_PATH=BUILD/js/node_modules node tests/js/kuzu-update.mjs POLICYKG SOURCE_DIR
//
// The oracle for every step is a fresh database loaded with the export of
// the articles as they stand after it: the database updated step by step
// must hold the same nodes (uri, labels, every property, the documents
// stating it) and the same relationships (type, ends, documents), compared
// whole, so that one fact lost cannot hide behind one gained.
//
// 1. the five seeds, exported as N-Quads, loaded: every relationship's docs
//    are exactly the articles whose graph states it, every node's labels
//    and text values those its triples give (read by N3.js);
// 2. seed 002 changed so that its partnership is signed (체결하고) instead of
//    planned, extracted alone and its export run: the agreement has one
//    status, Concluded, stated by 002; the database equals a fresh load of
//    the seeds with 002 changed;
// 3. the same export run again: nothing changes;
// 4. `export --forget` of seed 001: nothing states 001 any more, the nodes
//    only 001 stated are gone, the actors it shares with other seeds are
//    kept with their labels; equal to a fresh load of the other four;
// 5. 1 MB of generated articles (bench/gen_corpus.py) loaded, every node as
//    N3.js reads the N-Quads (Kùzu 0.11 crashed computing the properties
//    of a few thousand nodes in one statement);
// 6. the bulk path (--format kuzu-csv: schema, CSV files, COPY FROM) into
//    new databases equals the script's load, for the seeds and the 1 MB,
//    and the changed article's script on top of it gives step 2's result.
//
// Fails, never skips, when the npm packages are missing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  abort, check, checkEq, cypherStatements as statements, fail, finish, parseArgs, pass,
  policykg, requirePackages, runStatements, vocabPrefixes, workDir,
} from './interop-lib.mjs';

const { pk, src } = parseArgs('kuzu-update.mjs');
const [kuzu, N3] = requirePackages('kuzu', 'n3');
const W = workDir();
process.on('uncaughtException', e => abort('the test ran to its end', e.stack || String(e)));

const ID = 'https://w3id.org/policykg/id/';
const PKG = 'https://w3id.org/policykg/ontology#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DOC001 = `${ID}document/001_9ff96b011dd8fe9d`;
const DOC002 = `${ID}document/002_096fd92515408183`;
const PARTNERSHIP = `${ID}agreement/han-yeong-dijiteol-pateuneosib-partnership-country-gb-country-kr`;

// ---- policykg -------------------------------------------------------------------

function extract(dir, out) {
  policykg(pk, ['extract', '-q', '--rules', join(src, 'rules'), '--reference-date', '2026-11-23',
    dir + '/', '-f', 'nquads', '-o', out], `extract ${dir} -f nquads`);
  return out;
}

function exportKuzu(args, what) {
  return statements(policykg(pk, ['export', '--format', 'kuzu', ...args], what));
}

// ---- Kùzu -------------------------------------------------------------------------

function openDb() {
  return new kuzu.Connection(new kuzu.Database(':memory:'));
}

function rows(conn, query) {
  const res = conn.querySync(query);
  return (Array.isArray(res) ? res : [res]).flatMap(r => r.getAllSync());
}

const run = runStatements;

const plain = v => JSON.parse(JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? Number(x) : x)));

// Everything a user can see: nodes with every property (facts and stale
// are the bookkeeping they are computed from), relationships with docs.
function dump(conn) {
  const nodes = rows(conn, 'MATCH (n:Resource) RETURN n ORDER BY n.uri').map(({ n }) => {
    const o = {};
    for (const [k, v] of Object.entries(plain(n)))
      if (!['_id', '_label', 'facts', 'stale'].includes(k) && v !== null)
        o[k] = k === 'docs' ? [...v].sort() : v;
    return o;
  });
  const rels = rows(conn,
    'MATCH (a:Resource)-[r]->(b:Resource) RETURN a.uri AS a, label(r) AS t, b.uri AS b, r.docs AS d')
    .map(r => `${r.a} ${r.t} ${r.b} ${[...r.d].sort().join(' ')}`).sort();
  return { nodes, rels };
}

// The fresh database an export gives.
function fresh(nq, what) {
  const conn = openDb();
  run(conn, exportKuzu([nq], `export ${what}`), `a fresh database: ${what}`);
  return dump(conn);
}

// Compare whole, and on a difference say which uris / relationships differ.
function sameDb(what, expected, actual) {
  const key = n => JSON.stringify(n);
  const e = new Set(expected.nodes.map(key)), a = new Set(actual.nodes.map(key));
  const lostN = expected.nodes.filter(n => !a.has(key(n))).map(n => n.uri);
  const gainedN = actual.nodes.filter(n => !e.has(key(n))).map(n => n.uri);
  const er = new Set(expected.rels), ar = new Set(actual.rels);
  const lostR = expected.rels.filter(r => !ar.has(r)), gainedR = actual.rels.filter(r => !er.has(r));
  const show = u => JSON.stringify(expected.nodes.find(n => n.uri === u)) + ' / ' +
    JSON.stringify(actual.nodes.find(n => n.uri === u));
  check(what, !lostN.length && !gainedN.length && !lostR.length && !gainedR.length,
    `nodes missing or different: ${lostN.slice(0, 5).join(', ')}`,
    `the first, expected / actual: ${show(lostN[0] || gainedN[0])}`.slice(0, 1200),
    `nodes extra or different:   ${gainedN.slice(0, 5).join(', ')}`,
    `relationships missing: ${lostR.slice(0, 3).join(' | ')}`,
    `relationships extra:   ${gainedR.slice(0, 3).join(' | ')}`);
}

// ---- what the N-Quads say -----------------------------------------------------------------

const localName = iri => (/([^#/:]*)[#/:]*$/.exec(iri)[1] || '_').replace(/[^A-Za-z0-9_]/gu, '_');

function quads(file) {
  return new N3.Parser({ format: 'application/n-quads' }).parse(readFileSync(file, 'utf8'));
}

// "s type o" -> the documents stating it, for every relationship.
function relDocs(qs) {
  const m = new Map();
  for (const q of qs)
    if (q.object.termType === 'NamedNode' && q.predicate.value !== RDF_TYPE) {
      const k = `${q.subject.value} ${localName(q.predicate.value)} ${q.object.value}`;
      (m.get(k) || m.set(k, new Set()).get(k)).add(q.graph.value);
    }
  return [...m].map(([k, d]) => `${k} ${[...d].sort().join(' ')}`).sort();
}

const textual = q => q.object.termType === 'Literal' && (q.object.language ||
  !q.object.datatype.value.startsWith('http://www.w3.org/2001/XMLSchema#'));
const PREFIXES = vocabPrefixes(src);

// The property each (predicate, language) of the text values becomes:
// its local name and language, and where two share a name (dcterms:title
// and pkg:title in @ko) the first by the order of the prefix table keeps
// it and the other is PREFIX_NAME (src/export/export_names.c).
function propertyNames(qs) {
  const rank = iri => {
    const i = PREFIXES.findIndex(([, ns]) => iri.startsWith(ns));
    return [i < 0 ? PREFIXES.length : i, i < 0 ? 'x' : PREFIXES[i][0]];
  };
  const byName = new Map();
  for (const q of qs.filter(textual)) {
    const alt = q.predicate.value.endsWith('#altLabel');
    const lang = alt ? '' : q.object.language;
    const name = alt ? 'altLabel' : localName(q.predicate.value) + (lang ? `_${lang}` : '');
    (byName.get(name) || byName.set(name, new Map()).get(name)).set(`${q.predicate.value}@${lang}`, rank(q.predicate.value));
  }
  const out = new Map();
  for (const [name, sources] of byName)
    [...sources].sort(([a, [ra]], [b, [rb]]) => ra - rb || (a < b ? -1 : a > b))
      .forEach(([key, [, prefix]], i) => out.set(key, i ? `${prefix}_${name}` : name));
  return q => out.get(`${q.predicate.value}@${q.predicate.value.endsWith('#altLabel') ? '' : q.object.language}`);
}

// Every node's labels and plain-text properties as N3.js reads them.
function checkNodes(conn, qs, what) {
  const want = new Map();
  const wantOf = u => want.get(u) || want.set(u, { labels: new Set(), props: {} }).get(u);
  const nameOf = propertyNames(qs);
  for (const q of qs) {
    if (q.predicate.value === RDF_TYPE)
      wantOf(q.subject.value).labels.add(localName(q.object.value));
    else if (textual(q))
      (wantOf(q.subject.value).props[nameOf(q)] ??= new Set()).add(q.object.value);
  }
  const byUri = new Map(dump(conn).nodes.map(n => [n.uri, n]));
  const wrong = [];
  for (const [u, w] of want) {
    const n = byUri.get(u) || {};
    if (JSON.stringify([...w.labels].sort()) !== JSON.stringify(n.labels || []))
      wrong.push(`${u} labels ${JSON.stringify(n.labels)}`);
    for (const [name, vals] of Object.entries(w.props)) {
      const got = Array.isArray(n[name]) ? n[name] : [n[name]];
      if (JSON.stringify([...vals].sort()) !== JSON.stringify([...got].sort()))
        wrong.push(`${u} ${name} ${JSON.stringify(n[name])}`);
    }
  }
  checkEq(`${what}: every node has the labels and text values its triples give (N3.js)`, [], wrong.slice(0, 5));
}

// ---- 1. the seeds ---------------------------------------------------------------------------

console.log('# the seeds, one document each');
const seedsNq = extract(join(src, 'seeds'), join(W, 'seeds.nq'));
const U = openDb();
if (!run(U, exportKuzu([seedsNq], 'export seeds.nq'), 'the seeds loaded'))
  finish();
const seedQuads = quads(seedsNq);
checkEq('every relationship lists exactly the documents whose graph states it',
  relDocs(seedQuads), dump(U).rels);
checkNodes(U, seedQuads, 'the seeds');
const msitDocs = new Set(seedQuads.filter(q => q.subject.value === `${ID}msit` ||
  q.object.value === `${ID}msit`).map(q => q.graph.value));
checkEq('pkgid:msit lists the documents that mention it', [...msitDocs].sort(),
  dump(U).nodes.find(n => n.uri === `${ID}msit`)?.docs);

// ---- 2. an article changed: Planned -> Concluded -----------------------------------------------

console.log('# seed 002 changed: the partnership signed, not planned');
const status = () => rows(U, `MATCH (a:Resource {uri: '${PARTNERSHIP}'})-[r:status]->(s:Resource) ` +
  'RETURN s.uri AS su, r.docs AS d ORDER BY su').map(r => [r.su.slice(PKG.length), plain(r.d)]);
checkEq('before: the partnership is Planned, stated by 002', [['Planned', [DOC002]]], status());
const v2 = join(W, 'v2'), one = join(W, 'one');
mkdirSync(one);
cpSync(join(src, 'seeds'), v2, { recursive: true });
const art = join(v2, '002_096fd92515408183.txt');
const text = readFileSync(art, 'utf8');
const edits = [
  ['‘한-영 디지털 파트너십’ 체결을 위해', '‘한-영 디지털 파트너십’을 체결하고'],
  ['디지털 파트너십 체결을 차질없이 완료하기로 합의하고', '디지털 파트너십을 체결하고'],
  ['남은 기간 파트너십 체결을 위한 준비에 만전을 기할 것', '파트너십 체결을 환영한다'],
];
let changed = text;
for (const [from, to] of edits)
  changed = changed.replace(from, to);
check('the article holds the three sentences changed', edits.every(([from]) => text.includes(from)));
writeFileSync(art, changed);
writeFileSync(join(one, '002_096fd92515408183.txt'), changed);
const oneNq = extract(one, join(W, 'one.nq'));
const update = exportKuzu([oneNq], 'export of the changed article alone');
run(U, update, 'its export run into the database');
checkEq('after: one status, Concluded, stated by 002', [['Concluded', [DOC002]]], status());
const planned = rows(U, `MATCH (n:Resource {uri: '${PKG}Planned'}) RETURN n.docs AS d`).map(r => plain(r.d));
const stillPlanned = seedQuads.some(q => q.object.value === `${PKG}Planned` && q.graph.value !== DOC002);
checkEq('pkg:Planned is there only if another seed states it', stillPlanned ? 1 : 0, planned.length);
const v2Nq = extract(v2, join(W, 'v2.nq'));
const afterChange = fresh(v2Nq, 'the seeds with 002 changed');
sameDb('the database equals a fresh load of the seeds with 002 changed', afterChange, dump(U));

// ---- 3. the same update again ------------------------------------------------------------------------

console.log('# the same export run again');
run(U, update, 'the export of the changed article, again');
sameDb('nothing changed', afterChange, dump(U));

// ---- 4. an article forgotten ----------------------------------------------------------------------

console.log('# seed 001 forgotten');
const only001 = new Set(), others = new Set();
for (const q of quads(v2Nq))
  for (const t of [q.subject, q.object])
    if (t.termType === 'NamedNode' && !(q.predicate.value === RDF_TYPE && t === q.object))
      (q.graph.value === DOC001 ? only001 : others).add(t.value);
const shared = [...only001].filter(u => others.has(u) && /^https:\/\/w3id\.org\/policykg\/id\/[a-z-]+$/u.test(u)).sort();
for (const u of others)
  only001.delete(u);
check('seed 001 shares actors with the other seeds (pkgid:msit ...)', shared.length >= 2,
  `shared: ${shared.join(', ')}`);
run(U, exportKuzu(['--forget', '001_9ff96b011dd8fe9d'], 'export --forget 001'), 'its export run');
const d = dump(U);
checkEq('no node lists 001 among its documents', [], d.nodes.filter(n => (n.docs || []).includes(DOC001)).map(n => n.uri));
checkEq('no relationship lists 001', [], d.rels.filter(r => r.includes(DOC001)));
const uris = new Set(d.nodes.map(n => n.uri));
checkEq('the nodes only 001 stated are gone', [], [...only001].filter(u => uris.has(u)));
checkEq('the actors it shares are kept', shared, shared.filter(u => uris.has(u)));
checkEq('each keeps its Korean label', shared,
  d.nodes.filter(n => shared.includes(n.uri) && n.label_ko).map(n => n.uri));
const rest = join(W, 'rest');
cpSync(v2, rest, { recursive: true, filter: f => !f.endsWith('001_9ff96b011dd8fe9d.txt') });
sameDb('the database equals a fresh load of the four other seeds', fresh(extract(rest, join(W, 'rest.nq')),
  'the four other seeds'), d);

// ---- 5. a larger graph ---------------------------------------------------------------------------

console.log('# a larger graph: 1 MB of generated articles');
const gen = join(W, 'gen');
execFileSync('python3', [join(src, 'bench/gen_corpus.py'), '--size', '1M', '--seed', '1', '--out', gen, '--src', src],
  { stdio: 'ignore' });
const genNq = extract(gen, join(W, 'gen.nq'));
const G = openDb();
if (run(G, exportKuzu([genNq], 'export of 1 MB of articles'), 'loaded (a statement computing every property at once crashed Kùzu here)'))
  checkNodes(G, quads(genNq), '1 MB of articles');

// ---- 6. the bulk path ------------------------------------------------------------------------------

console.log('# the bulk path: kuzu-csv, COPY FROM into a new database');
function bulk(nq, what) {
  const out = join(W, `csv-${what}`);
  policykg(pk, ['export', '--format', 'kuzu-csv', nq, '-o', out], `export --format kuzu-csv ${what}`);
  const conn = openDb();
  const cwd = process.cwd();
  process.chdir(out);
  const ok = run(conn, [...statements(readFileSync(join(out, 'schema.cypher'), 'utf8')),
    ...statements(readFileSync(join(out, 'load.cypher'), 'utf8'))], `COPY FROM: ${what}`);
  process.chdir(cwd);
  return ok ? conn : null;
}
const S = bulk(seedsNq, 'the seeds');
if (S) {
  sameDb('the seeds by COPY FROM equal the seeds by the script', fresh(seedsNq, 'the seeds'), dump(S));
  run(S, update, 'the changed article\'s script on top');
  sameDb('then it equals a fresh load of the seeds with 002 changed', afterChange, dump(S));
}
const BG = bulk(genNq, '1 MB of articles');
if (BG)
  sameDb('1 MB of articles by COPY FROM equal them by the script', dump(G), dump(BG));

finish();
