// oxigraph-queries.mjs - interop.oxigraph: the project's own queries
// (queries/*.rq) give the same answers in another SPARQL engine, Oxigraph
// (npm oxigraph), over the same graph, as in policykg's Redland store.
//
//   NODE_PATH=BUILD/js/node_modules node tests/js/oxigraph-queries.mjs POLICYKG SOURCE_DIR
//
// The seeds' graph is extracted, loaded into a policykg store, and parsed
// into an Oxigraph store.  Each query runs in both: in policykg as `query
// --store DB NAME --format json` (SPARQL 1.1 JSON results), in Oxigraph
// with the PREFIX lines policykg predeclares put before it (the table of
// src/rdf/vocab.c, read from the source, so the two cannot drift apart; a
// prefix the query declares itself is left to it, as src/store/store.c does).
// Rows are compared as multisets of tuples of terms (IRI, literal with its
// language or datatype, xsd:string as a plain literal).
//
// Why as multisets: every query has ORDER BY, but its keys do not always
// order the rows completely (evidence.rq orders by ?name ?rule, and one
// person has several sentences read by the same rule), and SPARQL leaves
// the order of ties to the engine; Rasqal and Oxigraph break them
// differently.  The order itself is checked on the ORDER BY keys: the
// sequence of key values must be the same in both, which ties cannot
// upset.  That check found two Rasqal (0.9.33) deviations.  In an
// aggregate query it orders by aggregates and by the first GROUP BY
// variable only, so organizations.rq groups by ?name first.  And rows
// whose key is unbound (an OPTIONAL date) are not ordered by the keys that
// follow it, so a row's keys are compared up to its first unbound one.
// SPARQL itself leaves the order of terms it cannot compare to the engine
// (an xsd:gDay and an xsd:date, a literal with a language and one
// without), so the keys are only compared up to the first whose values
// are not all of one kind (IRI, plain literal, one language, one
// datatype).
// None of the queries uses
// GROUP_CONCAT, whose separator Rasqal ignores (known-traps.md); a query
// that did would need its concatenations compared as sets.
//
// Fails, never skips, when the npm packages are missing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  abort, check, checkEq, extractSeeds, finish, parseArgs, pass, policykg, requirePackages, workDir,
} from './interop-lib.mjs';

const { pk, src } = parseArgs('oxigraph-queries.mjs');
const [ox] = requirePackages('oxigraph');
const W = workDir();
process.on('uncaughtException', e => abort('the test ran to its end', e.stack || String(e)));

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
// A query of queries/ runs on five articles: one that takes longer than
// this in Rasqal is a bug to report, not to wait for.
const QUERY_SECONDS = 30;

// The predeclared prefixes: { "pkg", PK_NS_PKG } rows of src/rdf/vocab.c with
// the #defines of src/rdf/vocab.h.
function predeclared() {
  const defs = {};
  for (const m of readFileSync(join(src, 'src/rdf/vocab.h'), 'utf8').matchAll(/#define (PK_NS_\w+) "([^"]*)"/g))
    defs[m[1]] = m[2];
  const out = [];
  for (const m of readFileSync(join(src, 'src/rdf/vocab.c'), 'utf8').matchAll(/\{ "(\w+)", (PK_NS_\w+) \}/g))
    out.push([m[1], defs[m[2]]]);
  return out;
}

function withPrefixes(query, prefixes) {
  const declared = name => new RegExp(`PREFIX\\s+${name}:`, 'i').test(query);
  return prefixes.filter(([p]) => !declared(p)).map(([p, iri]) => `PREFIX ${p}: <${iri}>\n`).join('') + query;
}

// A term as one string: <iri>, "lexical"@lang, "lexical"^^<datatype>,
// "lexical" (xsd:string too), _: for any blank node, '' when unbound.
function termString(kind, value, lang, datatype) {
  switch (kind) {
  case 'iri': return `<${value}>`;
  case 'bnode': return '_:';
  case 'literal':
    if (lang) return `${JSON.stringify(value)}@${lang.toLowerCase()}`;
    if (datatype && datatype !== XSD_STRING) return `${JSON.stringify(value)}^^<${datatype}>`;
    return JSON.stringify(value);
  default: return '';
  }
}

function fromJson(binding) {
  if (!binding) return '';
  const kind = { uri: 'iri', bnode: 'bnode', literal: 'literal', 'typed-literal': 'literal' }[binding.type];
  return termString(kind, binding.value, binding['xml:lang'], binding.datatype);
}

function fromOxigraph(term) {
  if (!term) return '';
  switch (term.termType) {
  case 'NamedNode': return termString('iri', term.value);
  case 'BlankNode': return termString('bnode', term.value);
  case 'Literal': return termString('literal', term.value, term.language, term.datatype?.value);
  default: return '';
  }
}

// The ORDER BY keys that are variables (?x, ASC(?x), DESC(?x)), in
// order, up to the first that is not (an expression).
function orderKeys(query) {
  const m = /ORDER\s+BY\s+([^{}]*?)\s*(?:LIMIT|OFFSET|$)/is.exec(query);
  if (!m) return [];
  const keys = [];
  for (const k of m[1].trim().match(/(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\S+/gi) || []) {
    const v = /^(?:(?:ASC|DESC)\s*\(\s*)?\?(\w+)\s*\)?$/i.exec(k);
    if (!v) break;
    keys.push(v[1]);
  }
  return keys;
}

const multiset = rows => rows.map(r => JSON.stringify(r)).sort();

console.log('# the seeds in a policykg store and in Oxigraph');
const ttl = join(W, 'seeds.ttl');
const db = join(W, 'seeds.db');
extractSeeds(pk, src, ttl);
policykg(pk, ['load', ttl, '--store', db], 'load seeds.ttl');
pass('load seeds.ttl into a policykg store');
const store = new ox.Store();
store.load(readFileSync(ttl, 'utf8'), { format: 'text/turtle', base_iri: pathToFileURL(ttl).href });
const size = store.size;
check(`Oxigraph loads seeds.ttl (${size} triples)`, size > 0);
const count = policykg(pk, ['query', '--store', db, '--format', 'csv', '-e',
  'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'], 'count the store').split(/\r?\n/)[1];
checkEq('the store and Oxigraph hold as many triples', String(size), count);

const prefixes = predeclared();
check(`the predeclared prefixes are read from src/rdf/vocab.c (${prefixes.map(p => p[0]).join(' ')})`,
  prefixes.length >= 12 && prefixes.every(([, iri]) => iri), JSON.stringify(prefixes));

const files = readdirSync(join(src, 'queries')).filter(f => f.endsWith('.rq')).sort();
check(`queries/ has queries (${files.join(' ')})`, files.length > 0);
for (const file of files) {
  const name = file.replace(/\.rq$/, '');
  console.log(`# queries/${file}`);
  const text = readFileSync(join(src, 'queries', file), 'utf8');
  // A query that requires --param (together.rq: two actors) asks nothing
  // meaningful unbound, and Rasqal joins every pair; it is compared only
  // where its parameters are bound, by the store tests.
  if (/^#\s*param\s.*\(required\)/m.test(text)) {
    console.log(`ok   - ${file}: requires parameters; skipped here`);
    continue;
  }
  const out = policykg(pk, ['query', '--store', db, '--format', 'json', join(src, 'queries', file)],
    `policykg answers ${file} within ${QUERY_SECONDS} s`, QUERY_SECONDS);
  if (out === null)
    continue;
  const json = JSON.parse(out);
  const vars = json.head.vars;
  const redland = json.results.bindings.map(b => vars.map(v => fromJson(b[v])));
  let oxi;
  try {
    const res = store.query(withPrefixes(text, prefixes));
    oxi = res.map(sol => vars.map(v => fromOxigraph(sol.get(v))));
  } catch (e) {
    check(`Oxigraph runs ${file}`, false, e.message);
    continue;
  }
  check(`${name}: policykg answers with rows (${redland.length})`, redland.length > 0);
  checkEq(`${name}: Oxigraph gives as many rows`, redland.length, oxi.length);
  const a = multiset(redland), b = multiset(oxi);
  const onlyR = a.filter(x => !b.includes(x)), onlyO = b.filter(x => !a.includes(x));
  check(`${name}: the same rows (as a multiset)`, JSON.stringify(a) === JSON.stringify(b),
    ...onlyR.slice(0, 3).map(x => `only in policykg: ${x}`), ...onlyO.slice(0, 3).map(x => `only in Oxigraph: ${x}`));
  // Keys up to the first whose values SPARQL cannot always compare (see
  // the header).
  const kind = t => (t.startsWith('<') ? 'iri' : t.startsWith('_:') ? 'bnode'
    : t.replace(/^"(?:[^"\\]|\\.)*"/, '') || 'plain');
  const comparable = i => new Set([...redland, ...oxi].map(r => r[i]).filter(Boolean).map(kind)).size <= 1;
  const names = orderKeys(text);
  let keys = names.map(k => vars.indexOf(k));
  if (keys.some(i => i < 0))
    keys = [];
  const mixed = keys.findIndex(i => !comparable(i));
  if (mixed >= 0) {
    console.log(`# ${name}: ?${names[mixed]} mixes kinds of term, so the order is compared on ${
      mixed ? names.slice(0, mixed).map(n => '?' + n).join(' ') : 'no key'}`);
    keys = keys.slice(0, mixed);
  }
  if (keys.length) {
    // A row's keys up to its first unbound one (see the header).
    const proj = rows => rows.map(r => {
      const k = keys.map(i => r[i]);
      return JSON.stringify(k.includes('') ? k.slice(0, k.indexOf('') + 1) : k);
    });
    checkEq(`${name}: the same order of the ORDER BY keys (${names.slice(0, keys.length).join(' ')})`,
      proj(oxi), proj(redland));
  }
}

finish();
