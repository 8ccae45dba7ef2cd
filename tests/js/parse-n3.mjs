// parse-n3.mjs - N3.js, an independent parser, reads FILE strictly
// (format 'text/turtle' by default: N3 extensions are errors; or
// 'N-Triples', 'N-Quads') and prints its number of triples (quads).  Used
// by the interop.parse test.
//
//   NODE_PATH=build/js/node_modules node tests/js/parse-n3.mjs FILE [FORMAT]
//
// n3 is loaded from the first directory of NODE_PATH (Node's ES module
// loader ignores NODE_PATH, and a tests/js/node_modules beside this file
// must not be picked up instead).  Exit 0 parsed, 1 did not parse, 2 usage
// or n3 missing.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
const format = process.argv[3] || 'text/turtle';
const dir = (process.env.NODE_PATH || '').split(':').filter(Boolean)[0];
if (!file || process.argv.length > 4 ||
    !['text/turtle', 'N-Triples', 'N-Quads'].includes(format)) {
  process.stderr.write('usage: NODE_PATH=DIR node parse-n3.mjs FILE [text/turtle|N-Triples|N-Quads]\n');
  process.exit(2);
}
if (!dir || !existsSync(join(dir, 'n3', 'package.json'))) {
  process.stderr.write(`parse-n3: the npm package n3 is not in NODE_PATH (${dir || 'unset'})\n`);
  process.exit(2);
}
const N3 = createRequire(import.meta.url)(resolve(dir, 'n3'));
const parser = new N3.Parser({ format, baseIRI: pathToFileURL(resolve(file)).href });
try {
  const quads = parser.parse(readFileSync(file, 'utf8'));
  if (format !== 'N-Quads' && quads.some(q => q.graph.termType !== 'DefaultGraph'))
    throw new Error('a triple outside the default graph');
  process.stdout.write(`${quads.length}\n`);
} catch (e) {
  process.stderr.write(`${file}: N3.js: ${e.message}\n`);
  process.exit(1);
}
