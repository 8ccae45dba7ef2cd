// shacl-validate.mjs - the SHACL engine behind `policykg validate`.
//
//   node shacl-validate.mjs SHAPES.ttl DATA [turtle|ntriples|nquads]
//
// Parses SHAPES strictly as Turtle with N3.js (format 'text/turtle': N3
// extensions such as formulas, `=>` or `@forAll` are errors) and DATA
// strictly in its syntax (Turtle by default), validates DATA against
// SHAPES with rdf-validate-shacl (SHACL Core) and prints each violation on
// one line of stdout, sorted:
//
//   FOCUS PATH [VALUE]: MESSAGE
//
// with IRIs shortened by the prefixes policykg writes (pkg:, pkgid:, xsd:
// ...), then a summary line.  Errors go to stderr as "FILE:LINE: message".
//
// The named graphs of N-Quads are validated as one graph, their union
// (each triple once): one article's graph alone lacks what another states
// (an organization's labels), and the union is what `extract -f turtle`
// writes for the same articles and what the store is queried over.
//
// The npm packages (n3, rdf-validate-shacl) are looked up in each directory
// of NODE_PATH: Node's ES module loader ignores NODE_PATH, so they are
// imported by file URL.
//
// rdf-validate-shacl checks sh:datatype with rdf-validate-datatype, whose
// patterns (0.2.2, the latest) are wrong for two of the contract's date
// types: it wants "22" for xsd:gDay and "10-23" for xsd:gMonthDay, where
// XML Schema's lexical forms are "---22" and "--10-23", and it accepts
// month 13 or day 32 in any date.  fixDateDatatypes() registers the XML
// Schema 1.1 lexical rules for the five date types of the contract in the
// registry that copy of rdf-validate-datatype uses.
//
// Exit codes: 0 the data conforms, 1 it violates the shapes, 2 the data
// file cannot be read or is not valid in its syntax, 3 the shapes file cannot be read,
// is not Turtle or is not usable SHACL, 4 the npm packages are missing,
// 5 anything else.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const EXIT_CONFORMS = 0;
const EXIT_VIOLATIONS = 1;
const EXIT_DATA = 2;
const EXIT_SHAPES = 3;
const EXIT_MODULES = 4;
const EXIT_INTERNAL = 5;

const PREFIXES = [
  ['pkgid:', 'https://w3id.org/policykg/id/'],
  ['pkgsh:', 'https://w3id.org/policykg/shapes#'],
  ['pkg:', 'https://w3id.org/policykg/ontology#'],
  ['rdf:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  ['rdfs:', 'http://www.w3.org/2000/01/rdf-schema#'],
  ['xsd:', 'http://www.w3.org/2001/XMLSchema#'],
  ['owl:', 'http://www.w3.org/2002/07/owl#'],
  ['skos:', 'http://www.w3.org/2004/02/skos/core#'],
  ['dcterms:', 'http://purl.org/dc/terms/'],
  ['prov:', 'http://www.w3.org/ns/prov#'],
  ['org:', 'http://www.w3.org/ns/org#'],
  ['schema:', 'https://schema.org/'],
  ['foaf:', 'http://xmlns.com/foaf/0.1/'],
  ['sh:', 'http://www.w3.org/ns/shacl#'],
];
const SH = 'http://www.w3.org/ns/shacl#';

class Failure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// The file an ES module import of package `name` would load, found in the
// first NODE_PATH directory that holds the package.
function packageEntry(name) {
  const dirs = (process.env.NODE_PATH || '').split(':').filter(Boolean);
  for (const dir of dirs) {
    const pkgDir = join(dir, name);
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest))
      continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    let entry = pkg.exports;
    if (entry && typeof entry === 'object' && '.' in entry)
      entry = entry['.'];
    while (entry && typeof entry === 'object')
      entry = entry.import ?? entry.node ?? entry.default;
    return resolve(pkgDir, typeof entry === 'string' ? entry : (pkg.main || 'index.js'));
  }
  throw new Failure(EXIT_MODULES,
    `the npm package ${name} is not installed in NODE_PATH (${dirs.join(':') || 'unset'})`);
}

async function importPackage(name) {
  const mod = await import(pathToFileURL(packageEntry(name)).href);
  return mod.default ?? mod;
}

// XML Schema 1.1 Part 2, 3.3.9-3.3.15: the lexical mappings of xsd:date,
// gYearMonth, gYear, gMonthDay and gDay, day-of-month checked too.
const YEAR = '-?(?:[1-9][0-9]{3,}|0[0-9]{3})';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12][0-9]|3[01])';
const TZ = '(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';

function daysIn(month, year) {
  if (month === 2)
    return year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DATE_RULES = {
  date: [new RegExp(`^(${YEAR})-${MONTH}-${DAY}${TZ}$`), m => +m[3] <= daysIn(+m[2], +m[1])],
  gYearMonth: [new RegExp(`^${YEAR}-${MONTH}${TZ}$`), () => true],
  gYear: [new RegExp(`^${YEAR}${TZ}$`), () => true],
  gMonthDay: [new RegExp(`^--${MONTH}-${DAY}${TZ}$`), m => +m[2] <= daysIn(+m[1])],
  gDay: [new RegExp(`^---${DAY}${TZ}$`), () => true],
};

async function fixDateDatatypes(shaclDir, N3) {
  const candidates = [join(shaclDir, 'node_modules', 'rdf-validate-datatype'),
    join(shaclDir, '..', 'rdf-validate-datatype')];
  const dir = candidates.find(d => existsSync(join(d, 'package.json')));
  if (!dir)
    throw new Failure(EXIT_MODULES, 'the npm package rdf-validate-datatype (of rdf-validate-shacl) is not installed');
  const { validators } = await import(pathToFileURL(join(dir, 'index.js')).href);
  for (const [name, [pattern, valid]] of Object.entries(DATE_RULES))
    validators.register(N3.DataFactory.namedNode(`http://www.w3.org/2001/XMLSchema#${name}`), value => {
      const m = pattern.exec(value);
      return m !== null && valid(m);
    });
}

function shorten(iri) {
  for (const [prefix, ns] of PREFIXES)
    if (iri.startsWith(ns) && /^[A-Za-z0-9_\-./]*$/.test(iri.slice(ns.length)))
      return prefix + iri.slice(ns.length);
  return `<${iri}>`;
}

function termText(term) {
  if (!term)
    return '';
  switch (term.termType) {
  case 'NamedNode':
    return shorten(term.value);
  case 'BlankNode':
    return `_:${term.value}`;
  case 'Literal': {
    const lex = JSON.stringify(term.value);
    if (term.language)
      return `${lex}@${term.language}`;
    if (term.datatype && term.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string')
      return `${lex}^^${shorten(term.datatype.value)}`;
    return lex;
  }
  default:
    return term.value;
  }
}

// A result's sh:resultPath as SPARQL-like text: pkg:x, or ^pkg:x for an
// inverse path (whose blank node the report dataset describes).
function pathText(path, dataset) {
  if (!path)
    return '';
  if (path.termType !== 'BlankNode')
    return termText(path);
  for (const q of dataset.match(path, null, null))
    if (q.predicate.value === `${SH}inversePath`)
      return `^${termText(q.object)}`;
  return '(complex path)';
}

// The syntaxes DATA may be in: N3.js's format and the name in messages.
const SYNTAXES = {
  turtle: ['text/turtle', 'Turtle'],
  ntriples: ['application/n-triples', 'N-Triples'],
  nquads: ['application/n-quads', 'N-Quads'],
};

function parseFile(N3, file, syntax, code) {
  const [format, name] = SYNTAXES[syntax];
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Failure(code, `${file}: cannot read: ${e.message}`);
  }
  const parser = new N3.Parser({ format, baseIRI: pathToFileURL(resolve(file)).href });
  try {
    return parser.parse(text);
  } catch (e) {
    const line = e.context && e.context.line ? `${e.context.line}:` : '';
    const msg = String(e.message).replace(/ on line \d+\.?$/, '');
    throw new Failure(code, `${file}:${line} not valid ${name}: ${msg}`);
  }
}

async function main(argv) {
  if (argv.length < 2 || argv.length > 3 || (argv.length === 3 && !(argv[2] in SYNTAXES))) {
    process.stderr.write('usage: node shacl-validate.mjs SHAPES.ttl DATA [turtle|ntriples|nquads]\n');
    return EXIT_INTERNAL;
  }
  const [shapesFile, dataFile, syntax = 'turtle'] = argv;
  const N3 = await importPackage('n3');
  const SHACLValidator = await importPackage('rdf-validate-shacl');
  const shaclDir = join(packageEntry('rdf-validate-shacl'), '..');
  // rdf-validate-shacl's own RDF/JS environment: rdf-ext's lacks the
  // clownface factory the validator needs.
  const env = (await import(pathToFileURL(join(shaclDir, 'src', 'defaultEnv.js')).href)).default;
  await fixDateDatatypes(shaclDir, N3);

  const shapeQuads = parseFile(N3, shapesFile, 'turtle', EXIT_SHAPES);
  const parsed = parseFile(N3, dataFile, syntax, EXIT_DATA);
  // the union of the named graphs, each triple once (a dataset keeps one
  // copy of a quad)
  const graphs = new Set(parsed.map(q => q.graph.termType === 'DefaultGraph' ? '' : q.graph.id));
  const data = env.dataset(parsed.map(q => N3.DataFactory.quad(q.subject, q.predicate, q.object)));
  const named = syntax === 'nquads' ? `, ${graphs.size} graph${graphs.size === 1 ? '' : 's'}` : '';

  let validator, report;
  try {
    validator = new SHACLValidator(env.dataset(shapeQuads), { factory: env });
  } catch (e) {
    throw new Failure(EXIT_SHAPES, `${shapesFile}: not usable as SHACL shapes: ${e.message}`);
  }
  report = await validator.validate(data);

  const shapesName = basename(shapesFile);
  if (report.conforms) {
    process.stdout.write(`${dataFile}: conforms to ${shapesName} (${data.size} triples${named})\n`);
    return EXIT_CONFORMS;
  }
  const lines = new Set();
  const foci = new Set();
  for (const r of report.results) {
    const focus = termText(r.focusNode);
    const path = pathText(r.path, report.dataset);
    // A node-level result (no path) has the focus node as its value.
    const value = r.value && (r.path || !r.value.equals(r.focusNode)) ? termText(r.value) : '';
    let message = r.message.map(m => m.value).join('; ');
    if (!message)
      message = `violates ${termText(r.sourceConstraintComponent)} of ${termText(r.sourceShape)}`;
    foci.add(focus);
    lines.add([focus, path, value].filter(Boolean).join(' ') + `: ${message}`);
  }
  const sorted = [...lines].sort();
  process.stdout.write(sorted.join('\n') + '\n');
  process.stdout.write(`${dataFile}: ${sorted.length} violation${sorted.length === 1 ? '' : 's'} ` +
    `of ${shapesName} in ${foci.size} resource${foci.size === 1 ? '' : 's'}\n`);
  return EXIT_VIOLATIONS;
}

main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  e => {
    if (e instanceof Failure) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = e.code;
    } else {
      process.stderr.write(`shacl-validate: ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  });
