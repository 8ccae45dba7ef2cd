// kuzu-load.mjs - interop.kuzu: the Cypher that `policykg export` writes
// really loads into a Cypher database, Kùzu (npm kuzu, embedded), twice,
// with the same graph after the second load, and answers questions about
// the seeds as the articles do.
//
//   NODE_PATH=BUILD/js/node_modules node tests/js/kuzu-load.mjs POLICYKG SOURCE_DIR
//
// 1. --format kuzu (schema prelude, then MERGE/SET) for the seeds' graph,
//    run statement by statement into an in-memory database, twice: node and
//    relationship counts equal those N3.js (an independent parser) finds in
//    the Turtle, before and after the second run; the MOU of 외교부 and
//    과기정통부 has exactly those two parties, seed 004's MOU has 행정안전부
//    and the UK Cabinet Office; each seed minister's post leads to the right
//    organization (person -position-> post -organization-> org).
// 2. --format cypher (Neo4j) in a second database: Neo4j is not installable
//    here, but the dialects coincide except for the prelude (the uniqueness
//    constraint; the Kùzu schema) and three statements: taking documents
//    out of the docs and facts lists, and computing properties and labels
//    (list comprehensions, CALL and FOREACH in Neo4j; these are checked
//    against a strict pattern instead, and every label is set from the
//    facts).  Every other statement of the Neo4j script is the text of the
//    Kùzu script, and they run in Kùzu with the same results as in 1.
// 3. Strings that need escaping (quotes, backslashes, line breaks, control
//    characters, a quote in an IRI) come back from Kùzu exactly as they are
//    in the Turtle; the Neo4j dialect's string literals (the facts the
//    properties are computed from), decoded by the rules of Neo4j's
//    Cypher, give them back too.
//
// 4. Datatypes: xsd:date a Kùzu DATE, xsd:dateTime its date and the instant
//    (TIMESTAMP) with its offset kept in its text, partial dates their
//    text and precision, durations intervals; invalid forms only text; the
//    Neo4j script computes them by date(), datetime() and duration().  Two
//    files' _:b1 are two nodes, and a file exported again changes its own.
//
// Fails, never skips, when the npm packages are missing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  abort, check, checkEq, cypherStatements as statements, extractSeeds, fail, finish,
  parseArgs, pass, policykg, requirePackages, runStatements, workDir,
} from './interop-lib.mjs';

const { pk, src } = parseArgs('kuzu-load.mjs');
const [kuzu, N3] = requirePackages('kuzu', 'n3');
const W = workDir();
process.on('uncaughtException', e => abort('the test ran to its end', e.stack || String(e)));

const ID = 'https://w3id.org/policykg/id/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

// ---- Cypher text ----------------------------------------------------------

// A Neo4j Cypher string literal's value (Cypher manual, "String literals":
// \t \b \n \r \f \' \" \\ \uXXXX \UXXXXXXXX).
function neo4jString(lit) {
  const named = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', "'": "'", '"': '"', '\\': '\\' };
  let out = '';
  for (let i = 1; i < lit.length - 1; i++) {
    if (lit[i] !== '\\') {
      out += lit[i];
      continue;
    }
    const e = lit[++i];
    if (e in named) {
      out += named[e];
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(lit.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else {
      throw new Error(`not a Neo4j escape: \\${e}`);
    }
  }
  return out;
}

// ---- Kùzu -------------------------------------------------------------------

function openDb() {
  const db = new kuzu.Database(':memory:');
  return { db, conn: new kuzu.Connection(db) };
}

function rows(conn, query, params) {
  let res;
  if (params) {
    const ps = conn.prepareSync(query);
    if (!ps.isSuccess())
      throw new Error(`${query}: ${ps.getErrorMessage()}`);
    res = conn.executeSync(ps, params);
  } else {
    res = conn.querySync(query);
  }
  const all = (Array.isArray(res) ? res : [res]).flatMap(r => r.getAllSync());
  return all;
}

const load = runStatements;

function counts(conn) {
  const n = rows(conn, 'MATCH (n:Resource) RETURN count(n) AS n')[0].n;
  const r = rows(conn, 'MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS n')[0].n;
  const u = rows(conn, 'MATCH (n:Resource) RETURN count(DISTINCT n.uri) AS n')[0].n;
  return { nodes: Number(n), relationships: Number(r), distinctUris: Number(u) };
}

// ---- what the Turtle says, by N3.js -------------------------------------------

function localName(iri) {
  const m = /([^#/:]*)[#/:]*$/.exec(iri);
  return (m[1] || '_').replace(/[^A-Za-z0-9_]/gu, '_');
}

function turtleCounts(file) {
  const quads = new N3.Parser({ format: 'text/turtle' }).parse(readFileSync(file, 'utf8'));
  const nodes = new Set(), rels = new Set();
  const key = t => (t.termType === 'BlankNode' ? '_:' : '') + t.value;
  for (const q of quads) {
    nodes.add(key(q.subject));
    if (q.object.termType !== 'Literal' && q.predicate.value !== RDF_TYPE) {
      nodes.add(key(q.object));
      rels.add(`${key(q.subject)} ${localName(q.predicate.value)} ${key(q.object)}`);
    }
  }
  return { quads, nodes: nodes.size, relationships: rels.size };
}

// ---- the questions about the seeds ---------------------------------------------

const MINISTERS = [
  ['배경훈', 'msit'], ['조태열', 'mofa'], ['이종호', 'msit'], ['이상민', 'mois'],
  ['알렉스 버가트', 'uk-cabinet-office'],
];

// The parties of each agreement that has party pkgid:<party>.
function partiesOfAgreementsWith(conn, party) {
  const r = rows(conn,
    'MATCH (m:Resource)-[:party]->(:Resource {uri: $p}) MATCH (m)-[:party]->(x:Resource) ' +
    'RETURN m.uri AS mu, x.uri AS xu ORDER BY mu, xu', { p: ID + party });
  const by = {};
  for (const { mu, xu } of r)
    (by[mu] ??= []).push(xu.slice(ID.length));
  return by;
}

// mous: the uris of the MOUs (labels contain MOU, read in the kuzu
// database: the Neo4j statements set no labels Kùzu can hold).
function ask(conn, label, { labels, mous }) {
  // the MOU of 외교부 and 과기정통부 (seed 001)
  const mofa = partiesOfAgreementsWith(conn, 'mofa');
  const mofaMous = Object.keys(mofa).filter(m => mous.includes(m));
  checkEq(`${label}: one MOU has pkgid:mofa as a party`, 1, mofaMous.length);
  if (mofaMous.length)
    checkEq(`${label}: its parties are exactly pkgid:mofa and pkgid:msit`, ['mofa', 'msit'], mofa[mofaMous[0]]);
  // the MOU of seed 004
  const doc004 = rows(conn,
    'MATCH (m:Resource)-[:mentionedIn]->(d:Resource) WHERE d.uri STARTS WITH $d ' +
    'MATCH (m)-[:party]->(x:Resource) RETURN DISTINCT m.uri AS mu, x.uri AS xu ORDER BY mu, xu',
    { d: ID + 'document/004_' });
  const mous004 = [...new Set(doc004.map(r => r.mu).filter(m => mous.includes(m)))];
  checkEq(`${label}: seed 004 has one MOU with parties`, 1, mous004.length);
  if (mous004.length)
    checkEq(`${label}: seed 004's MOU has parties pkgid:mois and pkgid:uk-cabinet-office`,
      ['mois', 'uk-cabinet-office'],
      doc004.filter(r => r.mu === mous004[0]).map(r => r.xu.slice(ID.length)));
  // ministers: person -position-> post (title 장관) -organization-> org
  for (const [name, org] of MINISTERS) {
    const r = rows(conn,
      'MATCH (p:Resource)-[:position]->(pos:Resource)-[:organization]->(o:Resource) ' +
      "WHERE p.label_ko = $name AND pos.title_ko = '장관' RETURN DISTINCT o.uri AS ou",
      { name });
    checkEq(`${label}: minister ${name} -> pkgid:${org}`, [ID + org], r.map(x => x.ou));
  }
  const msit = rows(conn, 'MATCH (n:Resource {uri: $u}) RETURN n.label_ko AS ko, n.label_en AS en, n.altLabel AS alt' +
    (labels ? ', n.labels AS labels' : ''), { u: ID + 'msit' })[0] || {};
  checkEq(`${label}: pkgid:msit label_ko`, '과학기술정보통신부', msit.ko);
  check(`${label}: pkgid:msit altLabel is a list holding 과기정통부 and MSIT`,
    Array.isArray(msit.alt) && msit.alt.includes('과기정통부') && msit.alt.includes('MSIT'),
    `altLabel: ${JSON.stringify(msit.alt)}`);
  if (labels)
    checkEq(`${label}: pkgid:msit labels`, ['Actor', 'GovernmentBody', 'Organization'], msit.labels);
  const ints = rows(conn, 'MATCH (m:Resource)-[:document]->(:Resource) RETURN m.start AS s LIMIT 1');
  check(`${label}: a Mention's start offset is an integer`,
    ints.length === 1 && Number.isInteger(Number(ints[0].s)) && typeof ints[0].s !== 'string',
    `start: ${JSON.stringify(ints[0]?.s)}`);
}

// ---- 1. the kuzu dialect ------------------------------------------------------------

console.log('# the kuzu dialect, loaded twice');
const ttl = join(W, 'seeds.ttl');
extractSeeds(pk, src, ttl);
const expected = turtleCounts(ttl);
const kuzuText = policykg(pk, ['export', '--format', 'kuzu', ttl], 'export --format kuzu');
const cypherText = policykg(pk, ['export', '--format', 'cypher', ttl], 'export --format cypher');
let kuzuStmts, cypherStmts;
try {
  kuzuStmts = statements(kuzuText);
  cypherStmts = statements(cypherText);
} catch (e) {
  abort('the exports split into statements', e.message);
}
const isSchema = s => /^(CREATE NODE TABLE IF NOT EXISTS |ALTER TABLE Resource ADD IF NOT EXISTS |CREATE REL TABLE IF NOT EXISTS )/.test(s);
const schema = kuzuStmts.filter(isSchema);
check('the kuzu export begins with its schema', kuzuStmts.slice(0, schema.length).every(isSchema) && schema.length > 3,
  `first statements: ${kuzuStmts.slice(0, 3).join(' | ')}`);

const A = openDb();
if (!load(A.conn, kuzuStmts, 'first load of the kuzu export'))
  finish();
const first = counts(A.conn);
checkEq('nodes: as many as IRIs N3.js finds as subject or object', expected.nodes, first.nodes);
checkEq('relationships: as many as IRI-object triples (but rdf:type) N3.js finds', expected.relationships, first.relationships);
checkEq('every node has its own uri', first.nodes, first.distinctUris);
load(A.conn, kuzuStmts, 'second load of the same export');
checkEq('after the second load: the same node and relationship counts (no duplicates)', first, counts(A.conn));
const mous = rows(A.conn, "MATCH (n:Resource) WHERE list_contains(n.labels, 'MOU') RETURN n.uri AS u ORDER BY u")
  .map(r => r.u);
checkEq('two nodes are labelled MOU (seeds 001 and 004)', 2, mous.length);
ask(A.conn, 'kuzu', { labels: true, mous });

// ---- 2. the Neo4j dialect ---------------------------------------------------------------

console.log('# the cypher (Neo4j) dialect: its statements but the constraint, forget and labels, in Kùzu');
const CONSTRAINT = 'CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE';
const STR = "'(?:[^'\\\\]|\\\\.)*'";
// the statements only Neo4j can run: taking documents out of the lists
// (comprehensions) and computing properties and labels (CALL, FOREACH)
const NEO4J_ONLY = [
  new RegExp(`^MATCH \\(n:Resource\\) WHERE any\\(x IN n\\.docs WHERE x IN \\[${STR}(?:, ${STR})*\\]\\) SET n\\.docs = \\[x IN n\\.docs WHERE NOT x IN `, 'su'),
  new RegExp(`^MATCH \\(\\)-\\[r\\]->\\(\\) WHERE any\\(x IN r\\.docs WHERE x IN \\[${STR}(?:, ${STR})*\\]\\) SET r\\.docs = \\[x IN r\\.docs WHERE NOT x IN `, 'su'),
  /^MATCH \(n:Resource\) WHERE n\.stale CALL \{ WITH n UNWIND \[x IN n\.facts WHERE x STARTS WITH ': ' \| /su,
];
checkEq('the Neo4j script creates the n10s uniqueness constraint first', CONSTRAINT, cypherStmts[0]);
// The data (the UNWIND batches) and the deletions are the same text in both
// scripts; the rest is one dialect's: the prelude (the constraint; the Kùzu
// schema), taking documents out, computing properties (Kùzu: clearing
// them, then one statement each).
// (A duration's fact is in Kùzu's words, "5 years", where Neo4j has "P5Y".)
const durations = schema.map(s => /^ALTER TABLE Resource ADD IF NOT EXISTS `([A-Za-z0-9_]+)` INTERVAL$/u.exec(s))
  .filter(Boolean).map(m => m[1]);
const sameBut = s => durations.reduce((t, d) => t.replace(new RegExp(`'${d} (\\S+) [^']*'`, 'gu'), `'${d} $1 *'`), s);
const shared = x => x.startsWith('UNWIND [') || / DELETE [nr]$/u.test(x);
checkEq('the data and deletions are the same statements in both dialects',
  kuzuStmts.filter(shared).map(sameBut), cypherStmts.filter(shared).map(sameBut));
checkEq('the other statements of the Neo4j script: forget nodes, forget relationships, compute properties',
  [0, 1, 2], cypherStmts.slice(1).filter(x => !shared(x)).map(n => NEO4J_ONLY.findIndex(re => re.test(n))));
const recompute = cypherStmts.find(s => NEO4J_ONLY[2].test(s)) || '';
const kuzuLabels = rows(A.conn, 'MATCH (n:Resource) UNWIND n.labels AS l RETURN DISTINCT l ORDER BY l').map(r => r.l);
checkEq('it sets and removes each label of the export from the facts',
  kuzuLabels, [...recompute.matchAll(/\| SET n:`([A-Za-z0-9_]+)`\)/gu)].map(m => m[1]).sort());
const B = openDb();
const neo4jShared = cypherStmts.filter(shared);
let k = 0;
const mixed = kuzuStmts.map(x => (shared(x) ? (neo4jShared[k] === x ? neo4jShared[k++] : (k++, x)) : x));
if (load(B.conn, mixed, 'the kuzu schema, then the Neo4j statements (the Kùzu ones where they differ)')) {
  const firstB = counts(B.conn);
  checkEq('the same node and relationship counts as the kuzu dialect', first, firstB);
  load(B.conn, mixed, 'the same again');
  checkEq('after the second load: unchanged', firstB, counts(B.conn));
  ask(B.conn, 'cypher', { labels: false, mous });
}

// ---- 3. strings that need escaping ------------------------------------------------------

console.log('# strings that need escaping');
const tricky = [
  "it's a \"quote\"", 'back\\slash \\n not a newline', 'line one\nline two\r\nthree',
  'tab\there', 'bell\u0007 and delete\u007f', "semicolon; // not a comment */ `backtick`",
  '한국어 — ≠ 😀', "trailing backslash\\", "''",
];
const ex = 'http://example.org/';
const turtleString = s => '"' + [...s].map(c => {
  const code = c.codePointAt(0);
  if (c === '"' || c === '\\') return '\\' + c;
  if (code < 0x20 || code === 0x7f) return '\\u' + code.toString(16).padStart(4, '0').toUpperCase();
  return c;
}).join('') + '"';
let trickyTtl = `@prefix ex: <${ex}> .\n`;
tricky.forEach((s, i) => {
  trickyTtl += `<${ex}it's-${i}> a ex:Thing ; ex:text ${turtleString(s)} ; ex:next <${ex}it's-${i + 1}> .\n`;
});
const trickyFile = join(W, 'tricky.ttl');
writeFileSync(trickyFile, trickyTtl);
const trickyKuzu = statements(policykg(pk, ['export', '--format', 'kuzu', trickyFile], 'export tricky.ttl'));
const C = openDb();
if (load(C.conn, trickyKuzu, 'the kuzu export of tricky.ttl') &&
    load(C.conn, trickyKuzu, 'and again')) {
  const got = rows(C.conn, 'MATCH (n:Resource) WHERE n.text IS NOT NULL RETURN n.uri AS u, n.text AS t');
  const byUri = Object.fromEntries(got.map(r => [r.u, r.t]));
  tricky.forEach((s, i) => checkEq(`Kùzu gives back string ${i} as written`, s, byUri[`${ex}it's-${i}`]));
  checkEq('the relationships through IRIs with a quote', tricky.length,
    Number(rows(C.conn, 'MATCH (:Resource)-[r:next]->(:Resource) RETURN count(r) AS n')[0].n));
}
const trickyCypher = statements(policykg(pk, ['export', '--format', 'cypher', trickyFile], 'export tricky.ttl'));
// each node's facts, 'text DOC VALUE' strings, in the rows of the nodes'
// UNWIND statements: {uri: '...', docs: [...], facts: [...]}
const ROW = new RegExp(`\\{uri: (${STR}), docs: \\[${STR}(?:, ${STR})*\\], facts: \\[((?:${STR}(?:, ${STR})*)?)\\]\\}`, 'gsu');
const decoded = {};
for (const s of trickyCypher) {
  if (!s.startsWith('UNWIND [{uri: '))
    continue;
  for (const m of s.matchAll(ROW))
    for (const lit of m[2].match(new RegExp(STR, 'gsu')) || []) {
      const fact = neo4jString(lit);
      if (fact.startsWith('text '))
        decoded[neo4jString(m[1])] = fact.slice(fact.indexOf(' ', 5) + 1);
    }
}
tricky.forEach((s, i) => checkEq(`the Neo4j literal of string ${i} decodes to it`, s, decoded[`${ex}it's-${i}`]));
check('the Neo4j script has no raw control character', !/[\u0000-\u001f\u007f]/u.test(trickyCypher.join('')),
  'a control character is written raw');

// ---- 4. datatypes and blank nodes ------------------------------------------------------------

console.log('# datatypes, and blank nodes scoped to their file');
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const typesA = join(W, 'types-a.ttl'), typesB = join(W, 'b', 'types-b.ttl');
mkdirSync(join(W, 'b'));
const typesTtl = blank => `@prefix ex: <${ex}> . @prefix xsd: <${XSD}> .
ex:a ex:signedOn "2024-05-10"^^xsd:date ; ex:issued "2025-08-04T11:10:00+09:00"^^xsd:dateTime ;
  ex:validFor "P5Y"^^xsd:duration ; ex:when _:b1 .
ex:b ex:signedOn "---22"^^xsd:gDay ; ex:issued "2024-05-10"^^xsd:date ;
  ex:validFor "P1Y2M3DT4H5M6.5S"^^xsd:duration .
ex:c ex:signedOn "2024-02-30"^^xsd:date ; ex:issued "--10-23"^^xsd:gMonthDay .
_:b1 ex:v "${blank}" .
`;
writeFileSync(typesA, typesTtl("a's blank"));
writeFileSync(typesB, `@prefix ex: <${ex}> .\nex:z ex:when _:b1 .\n_:b1 ex:v "b's blank" .\n`);
const D = openDb();
const loadTypes = what => load(D.conn, statements(policykg(pk, ['export', '--format', 'kuzu', typesA], 'export types-a.ttl')), `${what}: types-a.ttl`) &&
  load(D.conn, statements(policykg(pk, ['export', '--format', 'kuzu', typesB], 'export types-b.ttl')), `${what}: types-b.ttl`);
if (loadTypes('loaded') && loadTypes('loaded again')) {
  const colTypes = Object.fromEntries(rows(D.conn, "CALL table_info('Resource') RETURN *").map(r => [r.name, r.type]));
  checkEq('column types: a date, a timestamp, an interval, text and precision strings',
    ['DATE', 'DATE', 'TIMESTAMP', 'INTERVAL', 'STRING', 'STRING'],
    ['signedOn', 'issued', 'issued_datetime', 'validFor', 'signedOn_text', 'signedOn_precision'].map(c => colTypes[c]));
  const q = (uri, expr) => rows(D.conn, `MATCH (n:Resource {uri: '${ex}${uri}'}) RETURN ${expr} AS v`)[0]?.v;
  checkEq('xsd:date is a date', true, q('a', "n.signedOn = date('2024-05-10')"));
  checkEq("xsd:dateTime: its date, in its own offset", true, q('a', "n.issued = date('2025-08-04')"));
  checkEq('xsd:dateTime: the instant', true, q('a', "n.issued_datetime = timestamp('2025-08-04T02:10:00Z')"));
  checkEq('xsd:dateTime: its offset kept in its text', '2025-08-04T11:10:00+09:00', q('a', 'n.issued_text'));
  checkEq('precision of a date and of a date-time', ['date', 'dateTime'], [q('a', 'n.signedOn_precision'), q('a', 'n.issued_precision')]);
  checkEq('xsd:duration P5Y is an interval of 5 years', true, q('a', "n.validFor = interval('5 years')"));
  checkEq('P1Y2M3DT4H5M6.5S too', true, q('b', "n.validFor = interval('14 months 3 days 4 hours 5 minutes 6.5 seconds')"));
  checkEq('the duration keeps its text', 'P1Y2M3DT4H5M6.5S', q('b', 'n.validFor_text'));
  checkEq('xsd:gDay: no date, its text and precision', [null, '---22', 'gDay'],
    [q('b', 'n.signedOn'), q('b', 'n.signedOn_text'), q('b', 'n.signedOn_precision')]);
  checkEq('xsd:gMonthDay: its text and precision', ['--10-23', 'gMonthDay'], [q('c', 'n.issued_text'), q('c', 'n.issued_precision')]);
  checkEq('an invalid xsd:date (2024-02-30) is only text', [null, '2024-02-30'], [q('c', 'n.signedOn'), q('c', 'n.signedOn_text')]);
  const blanks = () => rows(D.conn, "MATCH (s:Resource)-[:`when`]->(n:Resource) WHERE n.uri STARTS WITH '_:' " +
    'RETURN s.uri AS su, n.v AS v ORDER BY su').map(r => [r.su.slice(ex.length), r.v]);
  checkEq("two files' _:b1 are two nodes, each its own file's", [['a', "a's blank"], ['z', "b's blank"]], blanks());
  writeFileSync(typesA, typesTtl("a's blank, changed"));
  load(D.conn, statements(policykg(pk, ['export', '--format', 'kuzu', typesA], 'export types-a.ttl')), 'types-a.ttl changed');
  checkEq("the file changed: its _:b1 changed, the other file's not", [['a', "a's blank, changed"], ['z', "b's blank"]], blanks());
}
const neo4jTypes = policykg(pk, ['export', '--format', 'cypher', typesA], 'export --format cypher types-a.ttl');
check('Neo4j: a date by date(), the instant by datetime() (offset kept), a duration by duration()',
  /n\.`signedOn` = CASE WHEN size\(v\d+\) = 0 THEN NULL ELSE date\(v\d+\[0\]\) END/u.test(neo4jTypes) &&
  /n\.`issued_datetime` = CASE WHEN size\(v\d+\) = 0 THEN NULL ELSE datetime\(v\d+\[0\]\) END/u.test(neo4jTypes) &&
  /n\.`validFor` = CASE WHEN size\(v\d+\) = 0 THEN NULL ELSE duration\(v\d+\[0\]\) END/u.test(neo4jTypes) &&
  neo4jTypes.includes("'validFor file://") && /'validFor \S+ P5Y'/u.test(neo4jTypes), 'the Neo4j script computes them otherwise');

finish();
