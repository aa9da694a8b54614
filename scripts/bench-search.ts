/**
 * `node scripts/bench-search.ts <dist> [--base /] [--runs 3] [--query "…"]… [--json out.json]`:
 * what the first search costs a reader, in Debian's Chromium on localhost.
 *
 * For each query, in a fresh browser context (empty cache), three ways in:
 *   - a paper page, "/" opens the search dialog, the query arrives at once (the worst case:
 *     nothing of the search is loaded yet);
 *   - the same, the query arriving 1 s later (a reader typing; the index loads meanwhile);
 *   - `/search/?q=…` opened directly.
 * It reports the bytes fetched (body bytes as transferred, from Resource Timing) from the
 * key press, or the navigation, until the first result is on screen, by kind of file, and the
 * time to that first result (median of `--runs`). Each is measured twice: served as the
 * files are (a plain static server, like tests/helpers/browser.ts) and with text gzipped, as
 * most hosts do (Pagefind's own index files are gzipped already). Also prints the index size
 * on disk.
 *
 * Default queries: a word, two words, the exact title of a paper of the site, and six words
 * from the middle of its abstract. Build a large archive first (scripts/make-archive.ts):
 *
 *   node scripts/make-archive.ts --papers 10000 --out .cache/arch10k
 *   DAYBOOK_CONTENT=.cache/arch10k DAYBOOK_OUT=.cache/dist10k DAYBOOK_CACHE=.cache/astro10k npm run build
 *   node scripts/bench-search.ts .cache/dist10k
 *
 * A benchmark, not a test: it prints figures, it asserts nothing.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: 'string', default: '/' },
    runs: { type: 'string', default: '3' },
    query: { type: 'string', multiple: true },
    json: { type: 'string' },
  },
});
const dist = resolve(positionals[0] ?? 'dist');
const base = values.base.replace(/\/?$/, '/');
const runs = Math.max(1, Number(values.runs));
if (!existsSync(join(dist, 'pagefind/pagefind-entry.json'))) {
  console.error(`${dist} has no Pagefind index: build the site first (npm run build)`);
  process.exit(2);
}

// ---- the site's papers and the queries -------------------------------------------------

const paperSlugs = readdirSync(join(dist, 'papers')).filter((s) => existsSync(join(dist, 'papers', s, 'index.html'))).sort();
const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** Title and abstract words of a built paper page. */
function readPaper(slug: string): { title: string; words: string[] } {
  const html = readFileSync(join(dist, 'papers', slug, 'index.html'), 'utf8');
  const title = decode(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
  const abstract = /<section class="paper__abstract[^"]*"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return { title, words: decode(abstract.replace(/<h2[\s\S]*?<\/h2>/, '')).split(' ') };
}
const reader = paperSlugs[0] as string;
const target = readPaper(paperSlugs[Math.floor(paperSlugs.length / 2)] as string);
const mid = Math.floor(target.words.length / 2);
const sixWords = target.words
  .slice(Math.max(0, mid - 3), mid + 3)
  .join(' ')
  .replace(/[^\p{L}\p{N}\s-]/gu, '');
const queries = values.query ?? ['diffusion', 'reinforcement learning', target.title, sixWords];

// ---- servers: files as they are, or gzipped like a typical host -----------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.xml', '.webmanifest']);

async function serve(gzip: boolean): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    let file = join(dist, path.slice(base.length));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const ext = extname(file);
    const headers: Record<string, string> = { 'content-type': TYPES[ext] ?? 'application/octet-stream' };
    if (gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      createReadStream(file).pipe(createGzip({ level: 6 })).pipe(res);
    } else {
      res.writeHead(200, { ...headers, 'content-length': String(statSync(file).size) });
      createReadStream(file).pipe(res);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((done) => server.close(() => done())) };
}

// ---- measuring --------------------------------------------------------------------------

/**
 * In the page: when the reader pressed a key and typed, when the first result showed and when
 * the search was complete (the status line reports it), relative to the page's time origin.
 */
const WATCH_RESULTS = `(() => {
  performance.setResourceTimingBufferSize(100000);
  const bench = (window.__bench = {});
  addEventListener('keydown', () => { bench.key ??= performance.now(); }, true);
  addEventListener('input', () => { bench.input ??= performance.now(); }, true);
  new MutationObserver(() => {
    const now = performance.now();
    if (bench.first === undefined && document.querySelector('.search-result')) bench.first = now;
    const status = document.querySelector('dialog[open] .search-status, [data-search-status]');
    if (bench.done === undefined && bench.first !== undefined && status && status.textContent.includes('“')) bench.done = now;
  }).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

interface Timings {
  key?: number;
  input?: number;
  first: number;
  done: number;
}

interface Fetched {
  name: string;
  bytes: number;
  end: number;
  start: number;
}

const category = (url: string): string => {
  const path = new URL(url).pathname;
  if (path.endsWith('/pagefind.js')) return 'pagefind.js';
  if (path.endsWith('.pagefind')) return 'wasm';
  if (path.endsWith('.pf_meta')) return 'meta';
  if (path.includes('/index/')) return 'index chunks';
  if (path.includes('/fragment/')) return 'fragments';
  if (path.includes('/filter/')) return 'filter chunks';
  if (path.includes('/pagefind/')) return 'entry, manifest';
  if (path.includes('/_astro/')) return 'scripts, styles';
  return 'page';
};

interface Run {
  /** Bytes (as transferred, without headers) fetched until the first result, and until complete. */
  first: number;
  done: number;
  byCategory: Record<string, number>;
  /** ms from "/" (dialog) or navigation start (/search/?q=) to the first result and to the complete search. */
  msFirst: number;
  msDone: number;
  /** ms from the query's input event to the first result (dialog only). */
  msFromQuery?: number;
}

async function measure(page: Page, since: number, times: Timings, fromQuery?: number): Promise<Run> {
  const fetched = (await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, bytes: r.encodedBodySize, start: r.startTime, end: r.responseEnd };
    }),
  )) as Fetched[];
  const after = fetched.filter((f) => f.start >= since);
  const sum = (list: Fetched[]) => list.reduce((n, f) => n + f.bytes, 0);
  const untilFirst = after.filter((f) => f.end <= times.first);
  const byCategory: Record<string, number> = {};
  for (const f of untilFirst) byCategory[category(f.name)] = (byCategory[category(f.name)] ?? 0) + f.bytes;
  const untilDone = after.filter((f) => f.end <= times.done);
  return { first: sum(untilFirst), done: sum(untilDone), byCategory, msFirst: times.first - since, msDone: times.done - since, ...(fromQuery === undefined ? {} : { msFromQuery: fromQuery }) };
}

const waitDone = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __bench: Timings }).__bench.done !== undefined, undefined, { timeout: 60_000 });

/**
 * From a paper page: "/" opens the search, then the query arrives at once (`pause` 0, the
 * worst case: nothing is loaded yet) or after `pause` ms, the time a reader takes to type it
 * (the index loads meanwhile).
 */
async function dialogRun(browser: Browser, url: string, query: string, pause: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}papers/${reader}/`, { waitUntil: 'networkidle' });
  await page.evaluate(WATCH_RESULTS);
  await page.keyboard.press('/');
  await page.locator('dialog[open] input').waitFor();
  if (pause > 0) await page.waitForTimeout(pause);
  await page.keyboard.insertText(query);
  await waitDone(page);
  const times = (await page.evaluate('window.__bench')) as Timings;
  const run = await measure(page, times.key ?? 0, times, times.first - (times.input ?? 0));
  await context.close();
  return run;
}

async function pageRun(browser: Browser, url: string, query: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(WATCH_RESULTS);
  await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
  await waitDone(page);
  const times = (await page.evaluate('window.__bench')) as Timings;
  const run = await measure(page, 0, times);
  await context.close();
  return run;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function diskSize(dir: string, filter: (path: string) => boolean = () => true): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && filter(path)) {
      bytes += statSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

// ---- run ----------------------------------------------------------------------------------

const entry = JSON.parse(readFileSync(join(dist, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
const whole = diskSize(join(dist, 'pagefind'));
// Pagefind also writes its own UIs, a worker and a second WebAssembly build; the site uses none of them.
const unused = /pagefind-(ui|modular-ui|component-ui|highlight|worker)\.|wasm\.unknown\./;
const used = diskSize(join(dist, 'pagefind'), (p) => !unused.test(p));
const meta = diskSize(join(dist, 'pagefind'), (p) => p.endsWith('.pf_meta'));

console.log(`Search index of ${dist}: ${pages.toLocaleString('en')} pages`);
console.log(`  on disk: ${kb(used.bytes)} in ${used.files.toLocaleString('en')} files (${kb(whole.bytes)} with Pagefind's unused UI bundles)`);
console.log(`  metadata file (one entry per page, downloaded before any first result): ${kb(meta.bytes)}`);

const browser = await launchBrowser();
const results: Record<string, unknown>[] = [];
for (const gzip of [false, true]) {
  const server = await serve(gzip);
  console.log(`\n${gzip ? 'Text gzipped by the server (typical host)' : 'Files as they are (plain static server)'}:`);
  for (const query of queries) {
    for (const [mode, run] of [
      ['dialog, query at once', (b: Browser, u: string, q: string) => dialogRun(b, u, q, 0)],
      ['dialog, query after 1 s', (b: Browser, u: string, q: string) => dialogRun(b, u, q, 1000)],
      ['/search/?q=', pageRun],
    ] as const) {
      const measured: Run[] = [];
      for (let i = 0; i < runs; i++) measured.push(await run(browser, server.url, query));
      const last = measured[measured.length - 1] as Run;
      const msFirst = median(measured.map((m) => m.msFirst));
      const msDone = median(measured.map((m) => m.msDone));
      const msFromQuery = last.msFromQuery === undefined ? undefined : median(measured.map((m) => m.msFromQuery ?? 0));
      results.push({ gzip, query, mode, bytes: last.first, byCategory: last.byCategory, msFirst, msDone, msFromQuery });
      const parts = Object.entries(last.byCategory)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', ');
      console.log(
        `  ${mode.padEnd(24)} “${query.length > 48 ? `${query.slice(0, 45)}…` : query}”\n` +
          `      ${kb(last.first)} until the first results, on screen after ${Math.round(msFirst)} ms` +
          `${msFromQuery === undefined ? '' : ` (${Math.round(msFromQuery)} ms after the query was typed)`}\n      ${parts}`,
      );
    }
  }
  await server.close();
}
await browser.close();
if (values.json) writeFileSync(values.json, `${JSON.stringify({ dist, pages, disk: used.bytes, meta: meta.bytes, results }, null, 2)}\n`);
