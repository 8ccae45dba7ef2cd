// ox.mjs - the Oxigraph side of bench/bench.py: load one RDF file into an
// in-memory Oxigraph store and run the given queries over the union of its
// graphs, several times each.  The union is copied into the default graph
// once, after the load (and counted in it), as policykg's store keeps its
// union index: asked to use the union as default graph on every query,
// Oxigraph did not finish the first query on 100k quads in 300 s.
//
//   NODE_PATH=build/js/node_modules node bench/js/ox.mjs FILE FORMAT QUERIES.json RUNS
//
// QUERIES.json is [[label, sparql], ...] with the prefixes and parameter
// bindings already in the text.  Prints one JSON object on stdout:
// {"load_s": s, "triples": n, "rss_mb": peak, "queries": {label: [s, ...]}, "rows": {label: n}}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ox = require('oxigraph');
const [file, format, qfile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const now = () => Number(process.hrtime.bigint()) / 1e9;

const t0 = now();
const store = new ox.Store();
store.load(readFileSync(file, 'utf8'), { format, base_iri: pathToFileURL(file).href });
const loaded = store.size;
if (format === 'application/n-quads')
  store.update('INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }');
const out = { load_s: now() - t0, triples: loaded, queries: {}, rows: {} };
for (const [label, q] of JSON.parse(readFileSync(qfile, 'utf8'))) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    const res = store.query(q);
    let n = 0;
    for (const row of res) { n++; for (const v of row.values()) void v; }
    times.push(now() - t);
    out.rows[label] = n;
  }
  out.queries[label] = times;
  // cumulative, one line per query: a run killed for time keeps the rest
  out.rss_mb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(out));
}
out.rss_mb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
