// interop-lib.mjs - what the Node.js interop tests (kuzu-load.mjs,
// kuzu-update.mjs, oxigraph-queries.mjs; bench/kuzu_import.mjs for the
// Cypher splitter) share: finding the npm packages, running
// policykg, and reporting checks the way tests/cli/lib.sh does, one line
// each ("ok   - WHAT" / "FAIL - WHAT" and the details), then "N passed,
// M failed".
//
// The packages are those of tests/js/package-lock.json, which `bash
// scripts/bootstrap.sh test` installs into BUILD/js/node_modules; the
// tests get that directory as NODE_PATH.  Node's ES module loader ignores
// NODE_PATH (and a tests/js/node_modules beside this file must not be used
// instead), so packages are required from the first NODE_PATH directory
// explicitly.  Missing packages are a failure, never a skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let passed = 0;
let failed = 0;

export function pass(what) {
  passed++;
  console.log(`ok   - ${what}`);
}

export function fail(what, ...details) {
  failed++;
  console.log(`FAIL - ${what}`);
  for (const d of details)
    console.log(`       ${d}`);
}

export function check(what, cond, ...details) {
  if (cond)
    pass(what);
  else
    fail(what, ...details);
  return cond;
}

// expected first, as in the C unit tests; compared as JSON.
export function checkEq(what, expected, actual) {
  const e = JSON.stringify(expected), a = JSON.stringify(actual);
  const cut = s => (s && s.length > 400 ? `${s.slice(0, 400)}... (${s.length} characters)` : s);
  return check(what, e === a, `expected: ${cut(e)}`, `actual:   ${cut(a)}`);
}

export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// Stop at once: what follows cannot run.
export function abort(what, ...details) {
  fail(what, ...details);
  finish();
}

// The npm packages, required from NODE_PATH's first directory; a missing
// one stops the test with what to do.
export function requirePackages(...names) {
  const dir = (process.env.NODE_PATH || '').split(':').filter(Boolean)[0];
  const missing = names.filter(n => !dir || !existsSync(join(dir, n, 'package.json')));
  if (missing.length)
    abort(`the npm package(s) ${missing.join(', ')} are not in NODE_PATH (${dir || 'unset'})`,
      'run `bash scripts/bootstrap.sh test` (it installs tests/js/package-lock.json into BUILD/js/node_modules)');
  const req = createRequire(import.meta.url);
  return names.map(n => req(resolve(dir, n)));
}

// args: POLICYKG SOURCE_DIR; returns absolute paths.
export function parseArgs(script) {
  if (process.argv.length !== 4) {
    console.error(`usage: NODE_PATH=BUILD/js/node_modules node ${script} POLICYKG SOURCE_DIR`);
    process.exit(2);
  }
  return { pk: resolve(process.argv[2]), src: resolve(process.argv[3]) };
}

// A fresh directory, removed at exit.
export function workDir() {
  const dir = mkdtempSync(join(tmpdir(), 'policykg interop.'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// The environment policykg runs in: no ambient rules directory.
function pkEnv() {
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  delete env.POLICYKG_RULES;
  return env;
}

// Run policykg with args; stdout as a string, or abort with its stderr.
// With seconds, a run that takes longer is killed and returns null after
// a failure is reported (the test goes on with what follows).
export function policykg(pk, args, what, seconds) {
  try {
    return execFileSync(pk, args, { encoding: 'utf8', maxBuffer: 1 << 28,
      env: pkEnv(), timeout: seconds ? seconds * 1000 : 0,
      stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (seconds && e.code === 'ETIMEDOUT') {
      fail(what, `policykg ${args.join(' ')} took more than ${seconds} s and was stopped`);
      return null;
    }
    abort(what, `policykg ${args.join(' ')} exited ${e.status}`, `stderr: ${(e.stderr || '').slice(0, 600)}`);
  }
}

// The prefixes policykg predeclares, [prefix, IRI] in its order: the
// { "pkg", PK_NS_PKG } rows of src/rdf/vocab.c with the #defines of
// src/rdf/vocab.h, read from the source so that a test cannot drift from it.
export function vocabPrefixes(src) {
  const defs = {};
  for (const m of readFileSync(join(src, 'src/rdf/vocab.h'), 'utf8').matchAll(/#define (PK_NS_\w+) "([^"]*)"/g))
    defs[m[1]] = m[2];
  const out = [];
  for (const m of readFileSync(join(src, 'src/rdf/vocab.c'), 'utf8').matchAll(/\{ "(\w+)", (PK_NS_\w+) \}/g))
    out.push([m[1], defs[m[2]]]);
  return out;
}

// The graph of the articles in dir (relative to src; seeds by default), as
// `policykg extract` writes it in format (Turtle by default; nquads: a
// named graph per article), the reference date pinned like eval's, so
// undated articles read the same every day.
export function extractSeeds(pk, src, out, dir = 'seeds', format = 'turtle') {
  policykg(pk, ['extract', '-q', '--rules', join(src, 'rules'), '--reference-date', '2026-11-23',
    '-f', format, join(src, dir) + '/', '-o', out], `extract ${dir}/`);
  pass(`extract ${dir}/ -> ${out.split('/').pop()}`);
}

// The statements of a script: split at ';' outside strings and quoted
// names, `//` comments dropped.
export function cypherStatements(text) {
  const out = [];
  let cur = '', quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      cur += c;
      if (c === '\\' && quote !== '`')
        cur += text[++i];
      else if (c === quote)
        quote = null;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      cur += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n')
        i++;
    } else if (c === ';') {
      if (cur.trim())
        out.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  if (quote || cur.trim())
    throw new Error(`the script ends inside a statement: ${cur.slice(0, 80)}`);
  return out;
}

// Run each Cypher statement on a Kùzu connection; the first failure is
// reported (with the statement) and stops the run.
export function runStatements(conn, stmts, what) {
  for (const s of stmts) {
    try {
      conn.querySync(s);
    } catch (e) {
      fail(what, `statement: ${s.slice(0, 300)}`, `Kùzu: ${e.message.split('\n')[0]}`);
      return false;
    }
  }
  pass(`${what} (${stmts.length} statements)`);
  return true;
}
