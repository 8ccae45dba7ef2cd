// review-browser.mjs - interop.review: the review site in a real browser.
//
//   NODE_PATH=BUILD/js/node_modules node tests/js/review-browser.mjs POLICYKG SOURCE_DIR SHOTS_DIR
//
// `policykg review` writes the site of seeds/ and the XSS probe
// (tests/review/xss_probe.txt); Debian's chromium (/usr/bin/chromium,
// headless, --no-sandbox --disable-gpu --disable-background-networking),
// driven by npm playwright-core, which downloads no browser, opens the
// pages from file:// and checks what a person would see:
//   - seed 004: 행정안전부 and 영국 내각부 are highlighted as organizations
//     (pkgid:mois, pkgid:uk-cabinet-office) inside one evidence sentence of
//     the MOU fact; clicking the fact's last evidence link scrolls that
//     sentence into view and marks it; focusing a span shows its IRI,
//     class and rule in the tooltip;
//   - seed 000: the date 4일 shows its value 2025-08-04;
//   - the index: a row per document, the timeline's rows, and the actor
//     filter leaving only that actor's rows;
//   - the probe: no dialog, no script of its own ran (window.__pwned is
//     unset), no <img> or extra <script> element, and its text shows the
//     markup as characters;
//   - no page makes a request for anything but itself, and no page throws.
// Screenshots of the pages go to SHOTS_DIR.  Fails, never skips, when
// chromium or the npm packages are missing.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  abort, check, checkEq, fail, finish, pass, policykg, requirePackages, workDir,
} from './interop-lib.mjs';

if (process.argv.length !== 5) {
  console.error('usage: NODE_PATH=BUILD/js/node_modules node review-browser.mjs POLICYKG SOURCE_DIR SHOTS_DIR');
  process.exit(2);
}
const pk = resolve(process.argv[2]);
const src = resolve(process.argv[3]);
const shots = resolve(process.argv[4]);
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM))
  abort(`${CHROMIUM} is missing`, 'run `bash scripts/bootstrap.sh test` (it installs Debian\'s chromium)');
const [{ chromium }] = requirePackages('playwright-core');

const work = workDir();
const site = join(work, 'site');
mkdirSync(shots, { recursive: true });
policykg(pk, ['review', '-q', '--rules', join(src, 'rules'), '--reference-date', '2026-11-23',
  join(src, 'seeds') + '/', join(src, 'tests', 'review', 'xss_probe.txt'), '-o', site], 'review seeds/ and the probe');
pass('policykg review seeds/ tests/review/xss_probe.txt -o site');

const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });

// Opens a page, recording requests other than itself, dialogs and errors.
async function open(name) {
  const page = await context.newPage();
  const url = pathToFileURL(join(site, name)).href;
  const log = { requests: [], dialogs: [], errors: [] };
  page.on('request', r => { if (r.url().split('#')[0] !== url) log.requests.push(r.url()); });
  page.on('dialog', d => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', e => log.errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, log, name };
}

function quiet(p) {
  checkEq(`${p.name}: no request leaves the page`, [], p.log.requests);
  checkEq(`${p.name}: no dialog`, [], p.log.dialogs);
  checkEq(`${p.name}: no script error`, [], p.log.errors);
}

try {
  // ---- seed 004: the MOU of MOIS and the UK Cabinet Office
  const p4 = await open('doc-004_6fc6f874443db889.html');
  const mou = p4.page.locator('li.fact-agreement', { has: p4.page.locator('.badge', { hasText: /^MOU$/ }) });
  checkEq('004: one MOU fact', 1, await mou.count());
  const ids = (await mou.locator('a.fact-title').getAttribute('data-s') || '').split(' ').filter(Boolean);
  check(`004: the MOU links to its evidence (${ids.length} sentences)`, ids.length > 0);
  const both = [];
  for (const id of ids) {
    const s = p4.page.locator(`[id="${id}"]`);
    const orgs = await s.locator('mark[data-kind="organization"]').evaluateAll(ms => ms.map(m => [m.dataset.iri, m.textContent]));
    const iris = orgs.map(o => o[0]);
    if (iris.includes('pkgid:mois') && iris.includes('pkgid:uk-cabinet-office'))
      both.push({ id, orgs });
  }
  check(`004: an evidence sentence highlights both parties (${both.map(b => b.id).join(' ') || 'none'})`, both.length > 0);
  if (both.length) {
    const texts = both[0].orgs.map(o => o[1]);
    check(`004: as 행정안전부 and 영국 내각부 (${texts.join(', ')})`,
      texts.includes('행정안전부') && texts.includes('영국 내각부'));
  }
  const parties = await mou.locator('dt:text-is("parties") + dd').innerText();
  check(`004: the MOU's parties read 행정안전부, 영국 내각부 (${parties})`,
    parties.includes('행정안전부') && parties.includes('영국 내각부'));

  // clicking the last evidence link scrolls its sentence into view
  await p4.page.evaluate(() => window.scrollTo(0, 0));
  const last = mou.locator('.ev a[data-s]').last();
  const target = await last.getAttribute('data-s');
  const sentence = p4.page.locator(`[id="${target}"]`);
  const inView = () => sentence.evaluate(el => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  const before = await inView();
  await last.click();
  await p4.page.waitForTimeout(300);
  check(`004: clicking evidence ${target} scrolls it into view (in view before: ${before})`, !before && await inView());
  check(`004: and marks it`, await sentence.evaluate(el => el.classList.contains('hl')));
  check('004: the URL names it', p4.page.url().endsWith(`#${target}`));
  await p4.page.screenshot({ path: join(shots, 'doc-004-evidence.png') });

  // the tooltip of a span, by keyboard focus
  await p4.page.evaluate(() => window.scrollTo(0, 0));
  await p4.page.locator('mark[data-iri="pkgid:mois"]').first().focus();
  const tip = p4.page.locator('#tip');
  check('004: focusing a span shows its tooltip', await tip.isVisible());
  const tipText = await tip.innerText();
  check(`004: with IRI, class and rule (${tipText.replace(/\n/g, ' | ')})`,
    tipText.includes('pkgid:mois') && tipText.includes('pkg:GovernmentBody') && tipText.includes('gazetteer'));
  await p4.page.screenshot({ path: join(shots, 'doc-004.png') });
  quiet(p4);

  // ---- seed 000: a resolved date
  const p0 = await open('doc-000_f3690c1b6a91e66d.html');
  const dates = await p0.page.locator('mark[data-kind="date"]').evaluateAll(ms => ms.map(m => [m.textContent, m.dataset.value]));
  check(`000: 4일 reads 2025-08-04 (${dates.slice(0, 4).map(d => d.join(' = ')).join('; ')})`,
    dates.some(([t, v]) => t === '4일' && (v || '').startsWith('2025-08-04')));
  const kinds = await p0.page.locator('#text mark').evaluateAll(ms => [...new Set(ms.map(m => m.dataset.kind))].sort());
  check(`000: spans of many kinds (${kinds.join(' ')})`,
    ['date', 'event', 'organization', 'person', 'title'].every(k => kinds.includes(k)));
  const facts = await p0.page.locator('li.fact').count();
  check(`000: facts beside the text (${facts})`, facts >= 5);
  await p0.page.screenshot({ path: join(shots, 'doc-000.png') });
  quiet(p0);

  // ---- the index and its filter
  const ix = await open('index.html');
  checkEq('index: a row per document', 6, await ix.page.locator('table.docs tbody tr').count());
  const rows = ix.page.locator('g.tl-item');
  const all = await rows.count();
  check(`index: the timeline has rows (${all})`, all > 5);
  await ix.page.screenshot({ path: join(shots, 'index.png'), fullPage: true });
  await ix.page.selectOption('#actor', 'https://w3id.org/policykg/id/mofa');
  const shown = await rows.evaluateAll(gs => gs.filter(g => g.style.display !== 'none')
    .map(g => g.getAttribute('data-actors')));
  check(`index: filtered by MOFA, ${shown.length} of ${all} rows remain`, shown.length > 0 && shown.length < all);
  check('index: each of them is MOFA\'s', shown.every(a => a.split(' ').includes('https://w3id.org/policykg/id/mofa')));
  checkEq('index: the count says so', String(shown.length), await ix.page.locator('#tl-count').innerText());
  await ix.page.screenshot({ path: join(shots, 'index-mofa.png'), fullPage: true });
  quiet(ix);

  // ---- the XSS probe
  const px = await open('doc-xss_probe.html');
  await px.page.locator('#text mark').first().hover();
  for (const m of await px.page.locator('#text mark').all())
    await m.focus();
  await px.page.waitForTimeout(200);
  checkEq('probe: nothing the article wrote ran', null, await px.page.evaluate(() => window.__pwned ?? null));
  checkEq('probe: our script only', 1, await px.page.locator('script').count());
  checkEq('probe: no image, no svg in the text', 0, await px.page.locator('#text img, #text svg, img').count());
  const text = await px.page.locator('#text').innerText();
  check('probe: <script> shows as text', text.includes("<script>window.__pwned='script'</script>"));
  check('probe: <img onerror> shows as text', text.includes(`<img src=x onerror="window.__pwned='img'">`));
  check('probe: an entity shows as written', text.includes('&lt;script&gt;'));
  const label = await px.page.locator('li.fact .fact-title').allInnerTexts();
  check(`probe: a fact's label shows its markup as text (${label.join(' | ')})`, label.some(l => l.includes('<img src=x')));
  await px.page.screenshot({ path: join(shots, 'doc-xss_probe.png') });
  quiet(px);
} catch (e) {
  fail('the browser checks ran to the end', String(e && e.stack || e));
} finally {
  await browser.close();
}
finish();
