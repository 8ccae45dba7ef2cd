// oxigraph-queries.mjs - interop.oxigraph: the project's own queries
// (queries/*.rq) give the same answers in another SPARQL engine, Oxigraph
// (npm oxigraph), over the same documents, as in policykg's Redland store,
// with and without their parameters.
//
//   NODE_PATH=BUILD/js/node_modules node tests/js/oxigraph-queries.mjs POLICYKG SOURCE_DIR
//
// The articles of seeds/ and of tests/corpus/ are extracted as N-Quads
// (a named graph per article), loaded into a policykg store, and into an
// Oxigraph store queried with the union of the named graphs as its default
// graph (use_default_graph_as_union), as a user of another store would
// query them.  There a triple stated in several articles matches once
// per article: a query holds only if it asks for DISTINCT rows (or
// groups them), which is why the stored queries do (issue 17 item 5:
// agreements gave 88 rows instead of 9 on the seeds).  Our store's
// default graph holds each triple once.
//
// Each query runs in both: in policykg as `query --store DB FILE --param
// NAME=VALUE --format json` (SPARQL 1.1 JSON results), in Oxigraph with
// the PREFIX lines policykg predeclares put before it (the table of
// src/rdf/vocab.c, read from the source, so the two cannot drift apart; a
// prefix the query declares itself is left to it, as src/store/store.c
// does) and each value as BIND(term AS ?NAME) at the head of the query's
// WHERE group (where src/store/params.c puts it; written here on its own).
// The values: a query runs unbound unless a parameter is required; an IRI
// parameter named like a column of the unbound answer takes three of its
// values (first, middle, last), and all of them at once from one row when
// there are several; date parameters take dates of the answer, alone and
// together; required parameters take pairs of the actors mentioned in the
// most documents.
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
import {
  abort, check, checkEq, extractSeeds, finish, parseArgs, pass, policykg, requirePackages, vocabPrefixes,
  workDir,
} from './interop-lib.mjs';

const { pk, src } = parseArgs('oxigraph-queries.mjs');
const [ox] = requirePackages('oxigraph');
const W = workDir();
process.on('uncaughtException', e => abort('the test ran to its end', e.stack || String(e)));

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;
const PKG = 'https://w3id.org/policykg/ontology#';
// A query of queries/ runs on a few articles: one that takes longer than
// this in Rasqal is a bug to report, not to wait for.
const QUERY_SECONDS = 30;

function withPrefixes(query, prefixes) {
  const declared = name => new RegExp(`PREFIX\\s+${name}:`, 'i').test(query);
  return prefixes.filter(([p]) => !declared(p)).map(([p, iri]) => `PREFIX ${p}: <${iri}>\n`).join('') + query;
}

// The query with each [name, sparqlTerm] of binds as BIND at the head of
// its WHERE group (the comment lines dropped first: they may say WHERE).
function withBinds(query, binds) {
  if (!binds.length)
    return query;
  const text = query.split('\n').filter(l => !/^\s*#/.test(l)).join('\n');
  const m = /\bWHERE\s*\{/i.exec(text);
  if (!m)
    throw new Error('the query has no WHERE group to bind values in');
  const at = m.index + m[0].length;
  return `${text.slice(0, at)} ${binds.map(([n, t]) => `BIND(${t} AS ?${n})`).join(' ')}${text.slice(at)}`;
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

// The "# param NAME=KIND ..." lines of a query: [{ name, kind, required }].
function params(text) {
  return [...text.matchAll(/^#\s*param\s+(\w+)=(\w+)(.*)$/gm)]
    .map(m => ({ name: m[1], kind: m[2], required: /\(required\)/.test(m[3]) }));
}

// A value as policykg's --param takes it and as SPARQL writes it.
const iriValue = t => ({ arg: t, sparql: t });
const dateValue = d => ({ arg: d, sparql: `"${d}"^^<${XSD}date>` });

// The variants a query runs in: [{ what, binds: [[name, value]] }].
// answer: policykg's unbound answer ({ vars, rows }) or null; actors: the
// IRIs mentioned in the most documents.
function variants(ps, answer, actors) {
  const out = [];
  const required = ps.filter(p => p.required);
  if (required.length) {
    const pairs = [[0, 1], [0, 2], [1, 2]].filter(([a, b]) => b < actors.length);
    for (const pair of pairs)
      out.push({ binds: required.map((p, i) => [p.name, iriValue(actors[pair[i % pair.length]])]) });
    return out;
  }
  out.push({ binds: [] });
  const col = name => answer.vars.indexOf(name);
  const iris = ps.filter(p => p.kind === 'IRI' && col(p.name) >= 0);
  for (const p of iris) {
    const vals = [...new Set(answer.rows.map(r => r[col(p.name)]).filter(t => t.startsWith('<')))].sort();
    const picks = [...new Set([0, Math.floor(vals.length / 2), vals.length - 1])].filter(i => i >= 0 && i < vals.length);
    for (const i of picks)
      out.push({ binds: [[p.name, iriValue(vals[i])]], rows: true });
  }
  if (iris.length > 1) {
    const full = answer.rows.filter(r => iris.every(p => r[col(p.name)].startsWith('<')));
    if (full.length) {
      const r = full[Math.floor(full.length / 2)];
      out.push({ binds: iris.map(p => [p.name, iriValue(r[col(p.name)])]), rows: true });
    }
  }
  const dates = ps.filter(p => p.kind === 'DATE');
  if (dates.length) {
    const ds = [...new Set(answer.rows.flat().map(t => /^"(\d{4}-\d\d-\d\d)"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#date>$/.exec(t))
      .filter(Boolean).map(m => m[1]))].sort();
    if (ds.length >= 2) {
      const picks = dates.map((p, i) => [p.name, dateValue(ds[Math.floor((ds.length * (i + 1)) / (dates.length + 1))])]);
      for (const b of picks)
        out.push({ binds: [b] });
      if (picks.length > 1)
        out.push({ binds: picks, rows: true });
    }
  }
  return out;
}

// Rows of both engines compared: the same multiset, the same order of the
// ORDER BY keys (see the header).
function compare(name, text, vars, redland, oxi) {
  checkEq(`${name}: Oxigraph gives as many rows`, redland.length, oxi.length);
  const a = multiset(redland), b = multiset(oxi);
  const onlyR = a.filter(x => !b.includes(x)), onlyO = b.filter(x => !a.includes(x));
  check(`${name}: the same rows (as a multiset)`, JSON.stringify(a) === JSON.stringify(b),
    ...onlyR.slice(0, 3).map(x => `only in policykg: ${x}`), ...onlyO.slice(0, 3).map(x => `only in Oxigraph: ${x}`));
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

const prefixes = vocabPrefixes(src);
check(`the predeclared prefixes are read from src/rdf/vocab.c (${prefixes.map(p => p[0]).join(' ')})`,
  prefixes.length >= 12 && prefixes.every(([, iri]) => iri), JSON.stringify(prefixes));
const files = readdirSync(join(src, 'queries')).filter(f => f.endsWith('.rq')).sort();
check(`queries/ has queries (${files.join(' ')})`, files.length > 0);

for (const dir of ['seeds', 'tests/corpus']) {
  console.log(`# ${dir}/: N-Quads in a policykg store and in Oxigraph (union default graph)`);
  const tag = dir.replace(/\W/g, '_');
  const nq = join(W, `${tag}.nq`);
  const db = join(W, `${tag}.db`);
  extractSeeds(pk, src, nq, dir, 'nquads');
  policykg(pk, ['load', nq, '--store', db], `load ${tag}.nq`);
  pass(`load ${tag}.nq into a policykg store`);
  const store = new ox.Store();
  store.load(readFileSync(nq, 'utf8'), { format: 'application/n-quads' });
  const union = q => store.query(withPrefixes(q, prefixes), { use_default_graph_as_union: true });
  const triples = Number(union('SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }')[0].get('n').value);
  const count = policykg(pk, ['query', '--store', db, '--format', 'csv', '-e',
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'], 'count the store').split(/\r?\n/)[1];
  checkEq(`${dir}: the store holds the distinct triples of Oxigraph's union`, String(triples), count);
  // else the union repeats nothing and the test would not test it
  check(`${dir}: some triples are stated in several articles (${store.size} quads, ${triples} triples)`,
    store.size > triples);
  const actors = union('SELECT ?x (COUNT(DISTINCT ?d) AS ?n) WHERE { ?x pkg:mentionedIn ?d } ' +
    'GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 3').map(s => `<${s.get('x').value}>`);

  for (const file of files) {
    const name = file.replace(/\.rq$/, '');
    const path = join(src, 'queries', file);
    const text = readFileSync(path, 'utf8');
    const ps = params(text);
    let answer = null;
    if (!ps.some(p => p.required)) {
      const out = policykg(pk, ['query', '--store', db, '--format', 'json', path],
        `${dir} ${name}: policykg answers within ${QUERY_SECONDS} s`, QUERY_SECONDS);
      if (out === null)
        continue;
      const json = JSON.parse(out);
      answer = { vars: json.head.vars, rows: json.results.bindings.map(b => json.head.vars.map(v => fromJson(b[v]))) };
    }
    let rowsSeen = 0;
    for (const v of variants(ps, answer, actors)) {
      const label = `${dir} ${name}${v.binds.map(([n, val]) => ` ${n}=${val.arg}`).join('')}`;
      let vars, redland;
      if (v.binds.length || !answer) {
        const out = policykg(pk, ['query', '--store', db, '--format', 'json', path,
          ...v.binds.flatMap(([n, val]) => ['--param', `${n}=${val.arg}`])],
        `${label}: policykg answers within ${QUERY_SECONDS} s`, QUERY_SECONDS);
        if (out === null)
          continue;
        const json = JSON.parse(out);
        vars = json.head.vars;
        redland = json.results.bindings.map(b => vars.map(x => fromJson(b[x])));
      } else {
        ({ vars, rows: redland } = answer);
      }
      let oxi;
      try {
        oxi = union(withBinds(text, v.binds.map(([n, val]) => [n, val.sparql])))
          .map(sol => vars.map(x => fromOxigraph(sol.get(x))));
      } catch (e) {
        check(`${label}: Oxigraph runs it`, false, e.message);
        continue;
      }
      if (!v.binds.length || v.rows)
        check(`${label}: policykg answers with rows (${redland.length})`, redland.length > 0);
      rowsSeen += redland.length;
      compare(label, text, vars, redland, oxi);
    }
    check(`${dir} ${name}: some variant has rows (${rowsSeen})`, rowsSeen > 0);
  }
}

finish();
