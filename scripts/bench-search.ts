/**
 * `node scripts/bench-search.ts <dist> [--base /] [--runs 3] [--query "…"]… [--plain] [--json out.json]`:
 * what searching costs a reader, in Debian's Chromium on localhost, on a built site.
 *
 * Each scenario runs in a fresh browser context (empty cache), `--runs` times (median time;
 * bytes of the last run):
 *   - direct:   `/search/?q=…` opened directly, until the results are listed;
 *   - typed:    a paper page, "/" (the header shortcut opens /search/), the query typed at once;
 *     bytes and time from the key press;
 *   - next:     after "typed", a second query in the same page (later searches);
 *   - widen:    after "direct", the "search all papers" button, until the wider results are listed;
 *   - year:     `/search/?q=…&year=<oldest year>` (a filter that chooses partitions);
 *   - listing:  `/search/?topic=<a topic>`: a topic's papers newest first, no words;
 *   - listing-all: the same over every partition (`&range=all`).
 * Bytes are body bytes as transferred (Resource Timing's encodedBodySize, the document
 * included), by kind of file. By default the server gzips text as most hosts do (Pagefind's
 * own index files are gzipped already); `--plain` serves the files as they are.
 *
 * Also prints the index on disk: partitions (pagefind/partitions.json), their files and sizes.
 *
 *   node scripts/make-archive.ts --papers 20000 --out .cache/search-bench/content --force
 *   DAYBOOK_CONTENT=.cache/search-bench/content DAYBOOK_OUT=.cache/search-bench/dist \
 *     DAYBOOK_CACHE=.cache/search-bench/astro DAYBOOK_CARD_CACHE=.cache/search-bench/cards npm run build
 *   node scripts/bench-search.ts .cache/search-bench/dist
 *
 * A benchmark, not a test: it prints figures, it asserts nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { serveForBench } from './lib/bench-server.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: 'string', default: '/' },
    runs: { type: 'string', default: '3' },
    query: { type: 'string', multiple: true },
    plain: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    topic: { type: 'string' },
    json: { type: 'string' },
  },
});
const dist = resolve(positionals[0] ?? 'dist');
const base = values.base.replace(/\/?$/, '/');
const runs = Math.max(1, Number(values.runs));
const bundle = join(dist, 'pagefind');
if (!existsSync(join(bundle, 'pagefind.js'))) {
  console.error(`${dist} has no Pagefind bundle: build the site first (npm run build)`);
  process.exit(2);
}

// ---- the index on disk ----------------------------------------------------------------

interface Manifest {
  papers: number;
  partitions: { start: string; papers: number }[];
}
const manifestFile = join(bundle, 'partitions.json');
const manifest: Manifest | undefined = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest) : undefined;

function diskSize(dir: string, filter: (path: string) => boolean = () => true): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && filter(path)) {
      bytes += statSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const isMeta = (p: string) => p.endsWith('.pf_meta');

/** One index directory: its metadata file, word chunks, filters and fragments. */
function describeIndex(dir: string): string {
  const part = (sub: string) => diskSize(join(dir, sub));
  const meta = diskSize(dir, (p) => isMeta(p) && !p.slice(dir.length + 1).includes('/'));
  const [index, filter, fragment] = [part('index'), part('filter'), part('fragment')];
  return `meta ${kb(meta.bytes)}, ${index.files} word chunks ${kb(index.bytes)}, ${filter.files} filters ${kb(filter.bytes)}, ${fragment.files} fragment files ${kb(fragment.bytes)}`;
}

const whole = diskSize(bundle);
console.log(`Search bundle of ${dist}: ${kb(whole.bytes)} in ${whole.files.toLocaleString('en')} files`);
if (manifest) {
  console.log(`  ${manifest.papers.toLocaleString('en')} papers in ${manifest.partitions.length} partitions (newest first):`);
  for (const p of manifest.partitions) console.log(`    ${p.start}: ${p.papers.toLocaleString('en')} papers; ${describeIndex(join(bundle, p.start))}`);
} else {
  console.log(`  one index: ${describeIndex(bundle)}`);
}

// ---- the site's papers and the queries -------------------------------------------------

const paperSlugs = readdirSync(join(dist, 'papers'))
  .filter((s) => existsSync(join(dist, 'papers', s, 'index.html')))
  .sort();
const reader = paperSlugs[0] as string;
const queries = values.query ?? ['diffusion models'];
const secondQuery = 'reinforcement learning';
/** The topic of the listing scenario: the first in the search form (`--topic` to choose). */
const listedTopic = values.topic ?? /<option value="([^"]+)" data-name=/.exec(readFileSync(join(dist, 'search/index.html'), 'utf8'))?.[1] ?? '';
const years = manifest ? [...new Set(manifest.partitions.map((p) => p.start.slice(0, 4)))].sort() : [];

// ---- measuring --------------------------------------------------------------------------

/** In the page: each finished search (the status line changes while the list is not busy). */
const WATCH = `(() => {
  performance.setResourceTimingBufferSize(100000);
  const bench = (window.__bench = { done: [] });
  addEventListener('keydown', () => { bench.key ??= performance.now(); }, true);
  let last = '';
  const check = () => {
    const status = document.querySelector('[data-search-status]');
    const list = document.querySelector('[data-search-results]');
    if (!status || !list || list.hasAttribute('aria-busy')) return;
    const text = status.textContent.trim();
    if (text && text !== last && !/^Loading|^Searching/.test(text)) { last = text; bench.done.push({ at: performance.now(), text }); }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})()`;

interface Done {
  at: number;
  text: string;
}
interface Fetched {
  name: string;
  bytes: number;
  start: number;
  end: number;
}
interface Run {
  bytes: number;
  ms: number;
  byCategory: Record<string, number>;
  status: string;
  /** Partitions whose index files were fetched. */
  partitions: string[];
}

const category = (url: string): string => {
  const path = new URL(url).pathname;
  if (path.endsWith('/pagefind.js')) return 'pagefind.js';
  if (path.endsWith('.pagefind')) return 'wasm';
  if (path.endsWith('.pf_meta')) return 'meta';
  if (path.includes('/index/')) return 'word chunks';
  if (path.includes('/fragment/')) return 'fragments';
  if (path.includes('/filter/')) return 'filters';
  if (path.includes('/pagefind/')) return 'entries, manifest';
  if (path.includes('/_astro/')) return 'scripts, styles';
  return 'page';
};

async function fetched(page: Page): Promise<Fetched[]> {
  return (await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, bytes: r.encodedBodySize, start: r.startTime, end: r.responseEnd };
    }),
  )) as Fetched[];
}

function summarize(all: Fetched[], since: number, done: Done): Run {
  const inRun = all.filter((f) => f.start >= since && f.end <= done.at);
  const byCategory: Record<string, number> = {};
  const partitions = new Set<string>();
  for (const f of inRun) {
    byCategory[category(f.name)] = (byCategory[category(f.name)] ?? 0) + f.bytes;
    const start = /\/pagefind\/(\d{4}-\d{2}-\d{2})\//.exec(new URL(f.name).pathname)?.[1];
    if (start) partitions.add(start);
  }
  return { bytes: inRun.reduce((n, f) => n + f.bytes, 0), ms: done.at - since, byCategory, status: done.text, partitions: [...partitions].sort() };
}

async function waitDone(page: Page, count: number): Promise<Done> {
  await page.waitForFunction((n) => (window as unknown as { __bench: { done: Done[] } }).__bench.done.length >= n, count, { timeout: 120_000 });
  return (await page.evaluate((n) => (window as unknown as { __bench: { done: Done[] } }).__bench.done[n - 1], count)) as Done;
}

async function fresh(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(WATCH);
  return { page, close: () => context.close() };
}

const scenarios: Record<string, (browser: Browser, url: string, query: string) => Promise<Run | undefined>> = {
  async direct(browser, url, query) {
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    const done = await waitDone(page, 1);
    const run = summarize(await fetched(page), 0, done);
    await close();
    return run;
  },
  async typed(browser, url, query) {
    const { page, close } = await fresh(browser);
    await page.goto(`${url}papers/${reader}/`, { waitUntil: 'networkidle' });
    await page.keyboard.press('/');
    await page.waitForURL((u) => u.pathname.endsWith('/search/'));
    await page.locator('#search-q').waitFor();
    await page.keyboard.insertText(query);
    const done = await waitDone(page, 1);
    // The search page is a new document, whose time origin is the navigation the key started.
    const run = summarize(await fetched(page), 0, done);
    await close();
    return run;
  },
  async next(browser, url, query) {
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    await waitDone(page, 1);
    const since = (await page.evaluate(() => performance.now())) as number;
    await page.fill('#search-q', secondQuery);
    const done = await waitDone(page, 2);
    const run = summarize(await fetched(page), since, done);
    await close();
    return run;
  },
  async widen(browser, url, query) {
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    await waitDone(page, 1);
    const button = page.locator('[data-search-widen]');
    if (!(await button.isVisible())) {
      await close();
      return undefined;
    }
    const since = (await page.evaluate(() => performance.now())) as number;
    await button.click();
    const done = await waitDone(page, 2);
    const run = summarize(await fetched(page), since, done);
    await close();
    return run;
  },
  async year(browser, url, query) {
    if (years.length < 2) return undefined;
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}&year=${years[0]}`);
    const done = await waitDone(page, 1);
    const run = summarize(await fetched(page), 0, done);
    await close();
    return run;
  },
  async listing(browser, url) {
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?topic=${encodeURIComponent(listedTopic)}`);
    const done = await waitDone(page, 1);
    const run = summarize(await fetched(page), 0, done);
    await close();
    return run;
  },
  async 'listing-all'(browser, url) {
    if (!manifest) return undefined;
    const { page, close } = await fresh(browser);
    await page.goto(`${url}search/?topic=${encodeURIComponent(listedTopic)}&range=all`);
    const done = await waitDone(page, 1);
    const run = summarize(await fetched(page), 0, done);
    await close();
    return run;
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const browser = await launchBrowser();
const server = await serveForBench(dist, base, !values.plain);
const results: Record<string, unknown>[] = [];
console.log(`\n${values.plain ? 'Files as they are (plain static server)' : 'Text gzipped by the server (typical host)'}; median of ${runs}:`);
for (const query of queries) {
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (values.only && !values.only.includes(name)) continue;
    const measured: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await scenario(browser, server.url, query);
      if (run) measured.push(run);
    }
    const last = measured.at(-1);
    if (!last) continue;
    const ms = median(measured.map((m) => m.ms));
    results.push({ query, scenario: name, bytes: last.bytes, ms, byCategory: last.byCategory, partitions: last.partitions, status: last.status });
    const parts = Object.entries(last.byCategory)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${kb(v)}`)
      .join(', ');
    console.log(
      `  ${name.padEnd(11)} “${name.startsWith('listing') ? `topic ${listedTopic}` : name === 'next' ? secondQuery : query}”: ${kb(last.bytes)}, ${Math.round(ms)} ms` +
        `${last.partitions.length ? `; partitions ${last.partitions.join(' ')}` : ''}\n      ${parts}\n      status: ${last.status}`,
    );
  }
}
await server.close();
await browser.close();
if (values.json) writeFileSync(values.json, `${JSON.stringify({ dist, disk: whole.bytes, partitions: manifest?.partitions, results }, null, 2)}\n`);
