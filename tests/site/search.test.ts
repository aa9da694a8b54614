/**
 * Search as a reader uses it: the real Pagefind index of the built archive, searched in
 * Debian's Chromium through the site's own interface, served by a plain static server with
 * the site's real Content-Security-Policy, at the domain root and under a sub-path.
 *
 * The papers searched for are read from the built pages (title, abstract), never from the
 * search code or its index.
 */
import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSearchIndex } from '../../src/integrations/pagefind.ts';
import { readSecurityHeaders } from '../../src/integrations/security-headers.ts';
import type { PartitionManifest } from '../../src/lib/search/partitions.ts';
import { parseManifest } from '../../src/lib/search/partitions.ts';
import { partitionsHolding, passageHashes, passageShardOf } from '../../src/lib/search/passages.ts';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { htmlProblems } from '../helpers/html.ts';
import { listFiles, readPage, selectAll, selectOne, text } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');

interface BuiltPaper {
  slug: string;
  title: string;
  abstract: string[];
  date: string;
  /** The date Pagefind indexes (the body's `date` meta): its third of a month is the paper's partition. */
  indexedDate: string;
  topics: string[];
  /** From the page's citation tags: every author, and the arXiv id where known. */
  authors: string[];
  arxivId: string | undefined;
}

/** The day a paper page gives Pagefind (its body's `date` meta), the day it first trended. */
const indexedDate = (doc: ReturnType<typeof readPage>) => /date:(\d{4}-\d{2}-\d{2})/.exec(selectOne('[data-pagefind-body]', doc)?.attribs['data-pagefind-meta'] ?? '')?.[1] ?? '';

/** Every paper page of the build, as the reader sees it. */
const papers: BuiltPaper[] = listFiles(rootDist)
  .filter((f) => /^papers\/[^/]+\/index\.html$/.test(f))
  .map((f) => {
    const doc = readPage(rootDist, `/${f}`);
    const abstract = selectOne('.paper__abstract', doc);
    const heading = abstract && selectOne('h2', abstract);
    const words = text(abstract).slice(text(heading).length).trim().split(/\s+/);
    return {
      slug: f.split('/')[1] as string,
      title: text(selectOne('h1', doc)),
      abstract: words,
      date: indexedDate(doc),
      indexedDate: indexedDate(doc),
      topics: selectAll('[data-pagefind-filter="topic"]', doc).map((a) => text(a)),
      authors: selectAll('meta[name="citation_author"]', doc).map((m) => m.attribs['content'] ?? ''),
      arxivId: selectOne('meta[name="citation_arxiv_id"]', doc)?.attribs['content'],
    };
  });

/** The months of the bundled archive's days (content/days/YYYY-MM-DD.json), newest first. */
const archiveMonths = [...new Set(readdirSync('content/days').map((f) => f.slice(0, 7)))].sort().reverse();
const [newestMonth, olderMonth] = archiveMonths as [string, string];
const monthOfPaper = (p: BuiltPaper) => p.indexedDate.slice(0, 7);
/** A day's search partition, stated again here: the first day of its third of the month (1–10, 11–20, 21–31). */
const partitionOfDay = (date: string) => {
  const day = Number(date.slice(8, 10));
  return `${date.slice(0, 8)}${day <= 10 ? '01' : day <= 20 ? '11' : '21'}`;
};
const partitionOfPaper = (p: BuiltPaper) => partitionOfDay(p.indexedDate);
/** The partitions of the bundled archive's papers, newest first. */
const archivePartitions = [...new Set(papers.map(partitionOfPaper))].sort().reverse();

function manifestOf(dist: string): PartitionManifest {
  return parseManifest(JSON.parse(readFileSync(join(dist, 'pagefind/partitions.json'), 'utf8')));
}

/** Index files fetched, by partition (`root` for the bundle's own directory). */
function partitionsFetched(requests: string[], base = '/'): string[] {
  const starts = requests.filter((r) => r.startsWith(`${base}pagefind/`)).map((r) => /^(\d{4}-\d{2}-\d{2})\//.exec(r.slice(base.length + 'pagefind/'.length))?.[1] ?? 'root');
  return [...new Set(starts)].sort();
}

/** Papers whose title no other paper shares, with an abstract long enough to quote from. */
const titleCounts = new Map<string, number>();
for (const p of papers) titleCounts.set(p.title.toLowerCase(), (titleCounts.get(p.title.toLowerCase()) ?? 0) + 1);
const candidates = papers.filter((p) => titleCounts.get(p.title.toLowerCase()) === 1 && p.abstract.length >= 40).sort((a, b) => a.slug.localeCompare(b.slug));
/** Three papers: one of the newest day, two of older days. */
const newestDay = papers.map((p) => p.date).sort().at(-1);
const older = candidates.filter((p) => p.date !== newestDay);
const samples = [
  candidates.find((p) => p.date === newestDay) as BuiltPaper,
  older[Math.floor(older.length * 0.2)] as BuiltPaper,
  older[Math.floor(older.length * 0.7)] as BuiltPaper,
];

/** Six consecutive plain words (no TeX, no digits) nearest the middle of the abstract. */
function middleWords(paper: BuiltPaper): string {
  const plain = (w: string) => /^[A-Za-z][A-Za-z'-]*[,.;:]?$/.test(w);
  const mid = Math.floor(paper.abstract.length / 2);
  for (let offset = 0; offset < mid; offset++) {
    for (const start of [mid - 3 + offset, mid - 3 - offset]) {
      const words = paper.abstract.slice(start, start + 6);
      if (start >= 0 && words.length === 6 && words.every(plain)) return words.join(' ').replace(/[,.;:]/g, '');
    }
  }
  throw new Error(`no six plain words in the abstract of ${paper.slug}`);
}

const topicFiles = existsSync('content/topics') ? listFiles('content/topics').filter((f) => /\.mdx?$/.test(f)) : [];

let browser: Browser;
let root: StaticServer;
let based: StaticServer;
const csp = readSecurityHeaders(rootDist)['Content-Security-Policy'];
const baseCsp = readSecurityHeaders(baseDist)['Content-Security-Policy'];

beforeAll(async () => {
  browser = await launchBrowser();
  root = await serveStatic(rootDist);
  based = await serveStatic(baseDist, basePath);
});
afterAll(async () => {
  await browser?.close();
  await root?.close();
  await based?.close();
});

/** Console errors and uncaught exceptions of every page opened by the current test. */
let errors: string[] = [];
const contexts: BrowserContext[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  const found = errors;
  errors = [];
  expect(found, 'console errors').toEqual([]);
});

/** A page in a fresh context, served with the site's Content-Security-Policy as a host would. */
async function open(options: { base?: boolean; javaScript?: boolean; width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; url: string; requests: string[] }> {
  const server = options.base ? based : root;
  const policy = options.base ? baseCsp : csp;
  if (!policy) throw new Error('the build wrote no Content-Security-Policy (_headers)');
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
    colorScheme: options.colorScheme ?? 'light',
  });
  contexts.push(context);
  await context.route('**/*', async (route) => {
    try {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    } catch {
      // The test closed the page while a request (the favicon) was in flight.
      await route.abort().catch(() => {});
    }
  });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, url: server.url, requests };
}

/** The result links on screen, as site paths. */
async function resultLinks(page: Page, scope = '[data-search-results]'): Promise<string[]> {
  return page.$$eval(`${scope} .search-result__title a`, (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** Waits until the status line reports a finished search for `query`. */
async function waitForResults(page: Page, query: string, status = '[data-search-status]'): Promise<void> {
  await page.waitForFunction(
    ([selector, q]) => {
      const line = document.querySelector(selector as string)?.textContent ?? '';
      return line.includes(`“${q}”`);
    },
    [status, query],
  );
}

describe('the search index', () => {
  it('has one partition per third of a month of the archive, holding every paper page and nothing else', () => {
    expect(archiveMonths).toEqual(['2026-11', '2026-08']);
    // Days 5–7, 11–20 and 21 of August, 24 of November.
    expect(archivePartitions).toEqual(['2026-11-21', '2026-08-21', '2026-08-11', '2026-08-01']);
    for (const dist of [rootDist, baseDist]) {
      const manifest = manifestOf(dist);
      expect(manifest.partitions.map((p) => p.start), dist).toEqual(archivePartitions);
      expect(manifest.papers).toBe(papers.length);
      for (const partition of manifest.partitions) {
        const entry = JSON.parse(readFileSync(join(dist, `pagefind/${partition.start}/pagefind-entry.json`), 'utf8')) as { languages: Record<string, { page_count: number }> };
        const inside = papers.filter((p) => partitionOfPaper(p) === partition.start);
        expect(inside.length).toBeGreaterThan(0);
        expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0), partition.start).toBe(inside.length);
        expect(partition.papers).toBe(inside.length);
        const dates = inside.map((p) => p.indexedDate).sort();
        expect([partition.first, partition.last]).toEqual([dates[0], dates.at(-1)]);
      }
      expect(existsSync(join(dist, 'pagefind/pagefind.js'))).toBe(true);
      expect(existsSync(join(dist, 'pagefind/wasm.en.pagefind'))).toBe(true);
      // Nothing of Pagefind's bundle that the site does not use.
      expect(readdirSync(join(dist, 'pagefind')).filter((f) => /ui|worker|highlight|unknown/.test(f))).toEqual([]);
    }
    const doc = readPage(rootDist, `/papers/${samples[0]!.slug}/`);
    const body = selectAll('[data-pagefind-body]', doc);
    expect(body).toHaveLength(1);
    expect(body[0]!.attribs['data-pagefind-sort']).toBe(`date:${samples[0]!.date}`);
    expect(body[0]!.attribs['data-pagefind-meta']).toBe(`date:${samples[0]!.date}`);
    // Day, topic and other pages are never results: they have nothing for Pagefind to index.
    for (const path of ['/', '/days/', `/days/${samples[0]!.date}/`, '/search/', '/about/']) {
      expect(selectAll('[data-pagefind-body]', readPage(rootDist, path)), path).toHaveLength(0);
    }
  });

  it('keeps a passage sketch in which every paper\'s passages lie in its partition, and in few others', () => {
    const manifest = manifestOf(rootDist);
    const ascending = manifest.partitions.map((p) => ({ number: parseInt(p.code, 36), start: p.start })).sort((a, b) => a.number - b.number);
    const count = ascending.length;
    expect(readdirSync(join(rootDist, 'pagefind/passages'))).toHaveLength(manifest.passages.shards);
    const holding = (hash: number) => {
      const shard = new Uint8Array(readFileSync(join(rootDist, `pagefind/passages/${passageShardOf(hash, count)}.bin`)));
      return partitionsHolding(shard, hash, count).map((i) => ascending[i]!.start);
    };
    let others = 0;
    for (const paper of papers) {
      const runs = passageHashes(middleWords(paper)).map((hash) => holding(hash));
      expect(runs.every((starts) => starts.includes(partitionOfPaper(paper))), paper.slug).toBe(true);
      others += archivePartitions.filter((start) => start !== partitionOfPaper(paper) && runs.every((starts) => starts.includes(start))).length;
    }
    // Six words of one abstract are elsewhere only when another paper shares them (or, rarely, by the sketch's false positives).
    expect(others / (papers.length * (count - 1))).toBeLessThan(0.02);
  });

  it('reuses the cached partitions whose papers did not change, and writes the same bytes as a cold build', async () => {
    const work = join(dirname(rootDist), 'search-rebuild');
    const out = join(work, 'dist');
    const cacheDir = join(work, 'cache');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    cpSync(join(rootDist, 'papers'), join(out, 'papers'), { recursive: true });
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn: ${m}`) };
    /** The bundle's files and a digest of each (the manifest's tags left out: see below). */
    const bundle = (dist: string, tags = true) =>
      Object.fromEntries(
        listFiles(join(dist, 'pagefind')).map((f) => {
          let bytes = readFileSync(join(dist, 'pagefind', f));
          if (!tags && f === 'partitions.json') bytes = Buffer.from(bytes.toString('utf8').replace(/"tag":"[^"]*"/g, '"tag":""'));
          return [f, createHash('sha256').update(bytes).digest('hex')];
        }),
      );
    const indexed = (report: Awaited<ReturnType<typeof buildSearchIndex>>) => report.partitions.filter((p) => p.indexed).map((p) => p.start);

    // A cold cache: every partition indexed, the same bytes as the site's build (its own cache).
    // The manifest's tags (cache keys) include zlib's version: this process may run another Node.
    const first = await buildSearchIndex({ outDir: out, cacheDir, logger });
    expect(indexed(first)).toEqual(archivePartitions);
    expect(first.pagesRead).toBe(first.pages.size);
    const cold = bundle(out);
    expect(bundle(out, false)).toEqual(bundle(rootDist, false));

    // Nothing changed: no partition indexed, no page read when the build gives what was read before.
    const again = await buildSearchIndex({ outDir: out, cacheDir, logger, papers: first.pages });
    expect(indexed(again)).toEqual([]);
    expect(again.pagesRead).toBe(0);
    expect(lines.at(-1)).toMatch(new RegExp(`0 indexed, ${archivePartitions.length} reused from the cache`));
    expect(bundle(out)).toEqual(cold);

    // An older paper's page changes outside its indexed part (its related papers): still reused.
    const older = papers.find((p) => monthOfPaper(p) === olderMonth)!;
    const olderPartition = partitionOfPaper(older);
    const file = join(out, 'papers', older.slug, 'index.html');
    const html = readFileSync(file, 'utf8');
    writeFileSync(file, html.replace('</main>', '<p>another related paper</p></main>'));
    const outside = await buildSearchIndex({ outDir: out, cacheDir, logger, papers: new Map([...first.pages, [older.slug, undefined]]) });
    expect(indexed(outside)).toEqual([]);
    expect(outside.pagesRead).toBe(1);
    expect(bundle(out)).toEqual(cold);

    // A paper that trended on more than one day, as its page was before its first return (no
    // "Trended on" list, one day in its eyebrow): Pagefind reads neither, so the partition is reused…
    const returned = papers.find((p) => partitionOfPaper(p) !== archivePartitions[0] && selectOne('.paper__days', readPage(out, `/papers/${p.slug}/`)));
    expect(returned, 'a paper of an older partition that trended again').toBeDefined();
    const returnedFile = join(out, 'papers', returned!.slug, 'index.html');
    const returnedHtml = readFileSync(returnedFile, 'utf8');
    const beforeReturn = returnedHtml.replace(/<section class="paper__section paper__days".*?<\/section>/s, '').replace(/(<p class="eyebrow"[^>]*>)[^<]*/, '$1Trending on one day');
    expect(beforeReturn).not.toContain('paper__days');
    writeFileSync(returnedFile, beforeReturn);
    expect(indexed(await buildSearchIndex({ outDir: out, cacheDir, logger }))).toEqual([]);
    // …and that is right: indexed from nothing, those pages give Pagefind's same bytes.
    expect(indexed(await buildSearchIndex({ outDir: out, cacheDir: join(work, 'cache-before-return'), logger }))).toEqual(archivePartitions);
    expect(bundle(out)).toEqual(cold);
    writeFileSync(returnedFile, returnedHtml);

    // Its abstract changes: that partition alone is indexed again.
    const edited = html.replace(/(<section [^>]*class="paper__abstract[^>]*>)/, '$1<p>quasicrystalline</p>');
    expect(edited).not.toBe(html);
    writeFileSync(file, edited);
    expect(indexed(await buildSearchIndex({ outDir: out, cacheDir, logger }))).toEqual([olderPartition]);
    expect(lines.at(-2)).toMatch(new RegExp(`search: ${olderPartition} indexed`));
    writeFileSync(file, html);
    appendFileSync(join(work, 'log.txt'), `${lines.join('\n')}\n`);
  });

  it('indexes a damaged cached partition again instead of publishing it, and gives a cold build\'s bytes', async () => {
    const work = join(dirname(rootDist), 'search-damaged');
    const cacheDir = join(work, 'cache');
    rmSync(work, { recursive: true, force: true });
    const outputWith = (name: string) => {
      const out = join(work, name);
      mkdirSync(out, { recursive: true });
      cpSync(join(rootDist, 'papers'), join(out, 'papers'), { recursive: true });
      return out;
    };
    const digests = (dist: string) => Object.fromEntries(listFiles(join(dist, 'pagefind')).map((f) => [f, createHash('sha256').update(readFileSync(join(dist, 'pagefind', f))).digest('hex')]));
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn: ${m}`) };
    const cold = outputWith('cold');
    await buildSearchIndex({ outDir: cold, cacheDir, logger });
    // Before the damage: the output's files are hard links of the cache's.
    const coldBytes = digests(cold);
    const entryOf = (start: string) => {
      const dir = join(cacheDir, 'partitions', start);
      return join(dir, readdirSync(dir)[0]!);
    };
    const [listCut, fragmentCut, garbled] = archivePartitions.slice(0, 3) as [string, string, string];
    // A list of files cut at a line's end, a fragment cut in half, a word chunk filled with garbage.
    const list = readFileSync(join(entryOf(listCut), 'files.txt'), 'utf8');
    writeFileSync(join(entryOf(listCut), 'files.txt'), list.slice(0, list.indexOf('\n', list.length / 2) + 1));
    const fragment = join(entryOf(fragmentCut), 'fragment', readdirSync(join(entryOf(fragmentCut), 'fragment'))[0]!);
    writeFileSync(fragment, readFileSync(fragment).subarray(0, 20));
    const chunk = join(entryOf(garbled), 'index', readdirSync(join(entryOf(garbled), 'index'))[0]!);
    writeFileSync(chunk, Buffer.alloc(readFileSync(chunk).length, 7));

    // Into an output that has none of them: each damaged partition is indexed again, said in one line.
    const fresh = outputWith('fresh');
    const report = await buildSearchIndex({ outDir: fresh, cacheDir, logger });
    expect(report.partitions.filter((p) => p.indexed).map((p) => p.start).sort()).toEqual([listCut, fragmentCut, garbled].sort());
    for (const start of [listCut, fragmentCut, garbled]) expect(lines.some((l) => l.startsWith(`warn: search: the cached index of ${start} is damaged`)), start).toBe(true);
    expect(digests(fresh)).toEqual(coldBytes);
  });
});

describe('the search page', () => {
  it('is valid HTML, its form labelled, with a message for browsers without JavaScript', async () => {
    const html = readFileSync(join(rootDist, 'search/index.html'), 'utf8');
    expect(await htmlProblems(html, 'search/index.html')).toEqual([]);
    const doc = readPage(rootDist, '/search/');
    for (const field of selectAll('form[role=search] input, form[role=search] select', doc)) {
      expect(selectOne(`label[for="${field.attribs['id']}"]`, doc), field.attribs['name']).not.toBeNull();
    }
    expect(text(selectOne('noscript', doc))).toContain('Search needs JavaScript');
  });
});

describe('search in Chromium', () => {
  for (const [i, paper] of [0, 1, 2].map((i) => [i, samples[i]!] as const)) {
    it(`finds paper ${i + 1} first by its exact title, typed into /search/`, async () => {
      const { page, url } = await open();
      await page.goto(`${url}search/`);
      const input = page.getByLabel('Search papers');
      await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
      await input.pressSequentially(paper.title, { delay: 5 });
      await waitForResults(page, paper.title);
      const links = await resultLinks(page);
      expect(links[0], paper.title).toBe(`/papers/${paper.slug}/`);
      expect(links.every((l) => l.startsWith('/papers/'))).toBe(true);
    });

    it(`finds paper ${i + 1} in the top three by six words from the middle of its abstract`, async () => {
      const words = middleWords(paper);
      const { page, url } = await open();
      await page.goto(`${url}search/?q=${encodeURIComponent(words)}`);
      await waitForResults(page, words);
      const links = await resultLinks(page);
      expect(links.slice(0, 3), `“${words}”`).toContain(`/papers/${paper.slug}/`);
    });
  }

  it('downloads, for a second search of the visit, only what the first did not', async () => {
    const first = middleWords(samples[0]!);
    const second = middleWords(samples[1]!);
    const { page, url, requests } = await open();
    await page.goto(`${url}search/?q=${encodeURIComponent(first)}`);
    await waitForResults(page, first);
    await page.waitForLoadState('networkidle');
    const firstCount = requests.length;
    const before = new Set(requests);
    expect(requests.some((r) => r.endsWith('.pf_meta'))).toBe(true);
    // A passage: where its runs of three and four words are.
    expect(requests.some((r) => r.includes('/pagefind/passages/'))).toBe(true);
    const input = page.getByLabel('Search papers');
    await input.fill('');
    await input.pressSequentially(second, { delay: 5 });
    await waitForResults(page, second);
    await page.waitForLoadState('networkidle');
    expect((await resultLinks(page)).slice(0, 3), second).toContain(`/papers/${samples[1]!.slug}/`);
    // What search fetched (the browser asks for the favicon again by itself).
    const later = requests.slice(firstCount).filter((r) => r.includes('/pagefind/'));
    expect(later.length).toBeGreaterThan(0);
    // Pagefind's script, its WebAssembly, the manifest, each partition's metadata: none again.
    expect(later.filter((r) => before.has(r))).toEqual([]);
  });

  it('opens /search/?q=… with the query in the box and the results listed and counted', async () => {
    const { page, url } = await open();
    const query = middleWords(samples[1]!);
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    await waitForResults(page, query);
    await expect.poll(() => page.getByLabel('Search papers').inputValue()).toBe(query);
    const status = await page.textContent('[data-search-status]');
    const shown = (await resultLinks(page)).length;
    expect(shown).toBeGreaterThan(0);
    const count = Number(/^([\d,]+) papers? match/.exec(status ?? '')?.[1]?.replace(/,/g, ''));
    expect(count).toBeGreaterThanOrEqual(shown);
    // The count is announced politely.
    expect(await page.getAttribute('[data-search-status]', 'role')).toBe('status');
    expect(await page.title()).toContain(query);
  });

  it.skipIf(topicFiles.length === 0)('narrows the results to a topic, kept in the URL', async () => {
    const { page, url } = await open();
    await page.goto(`${url}search/?q=model`);
    await waitForResults(page, 'model');
    const all = Number(/^([\d,]+)/.exec((await page.textContent('[data-search-status]')) ?? '')?.[1]?.replace(/,/g, ''));
    // The topic of the first result: a topic that has papers matching the query. Names may hold
    // commas ("Biology, chemistry and neuroscience"), so the list is read against the known names.
    const names = await page.$$eval('#search-topic option', (options) => options.map((o) => (o as HTMLOptionElement).dataset['name'] ?? '').filter((n) => n !== ''));
    const listed = (text: string) => names.filter((n) => `, ${text}, `.includes(`, ${n}, `));
    const firstTopics = (await page.textContent('.search-result__topics')) ?? '';
    const topicName = names.filter((n) => firstTopics === n || firstTopics.startsWith(`${n}, `)).sort((a, b) => b.length - a.length)[0] ?? '';
    expect(topicName).not.toBe('');
    const slug = await page.$eval('#search-topic', (select, name) => [...(select as HTMLSelectElement).options].find((o) => o.dataset['name'] === name)?.value, topicName);
    expect(slug).toBeTruthy();
    await page.selectOption('#search-topic', slug!);
    await page.waitForFunction((name) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(` in ${name}`), topicName);
    const narrowed = Number(/^([\d,]+)/.exec((await page.textContent('[data-search-status]')) ?? '')?.[1]?.replace(/,/g, ''));
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(all);
    expect(new URL(page.url()).searchParams.get('topic')).toBe(slug);
    for (const topics of await page.$$eval('[data-search-results] .search-result__topics', (els) => els.map((e) => e.textContent ?? ''))) {
      expect(listed(topics)).toContain(topicName);
    }
    // The filtered URL opens the same search.
    await page.goto(page.url());
    await page.waitForFunction((name) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(` in ${name}`), topicName);
    expect(await page.inputValue('#search-topic')).toBe(slug);
  });

  it('filters by the month a paper first trended, loading the partitions of that month only, and lists a month newest first without words', async () => {
    const months = [...new Set(papers.map((p) => p.date.slice(0, 7)))].sort();
    for (const month of [months[0]!, months[months.length - 1]!]) {
      const { page, url, requests } = await open();
      await page.goto(`${url}search/?month=${month}`);
      const expected = papers.filter((p) => p.date.startsWith(month)).length;
      await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').startsWith(n), `${expected.toLocaleString('en')} paper`);
      const dates = await page.$$eval('[data-search-results] time', (els) => els.map((e) => e.getAttribute('datetime') ?? ''));
      expect(dates.length).toBeGreaterThan(0);
      for (const date of dates) expect(date.slice(0, 7)).toBe(month);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(await page.inputValue('#search-month')).toBe(month);
      // The month's partition, and no other (the newest month is the default range: not for this search).
      expect(partitionsFetched(requests)).toEqual(['root', ...archivePartitions.filter((p) => p.startsWith(`${month}-`))].sort());
      expect(await page.isVisible('[data-search-widen]')).toBe(false);
    }
  });

  it('filters by year, loading the partitions of that year only', async () => {
    const { page, url, requests } = await open();
    const year = newestMonth.slice(0, 4);
    await page.goto(`${url}search/?q=learning&year=${year}`);
    await waitForResults(page, 'learning');
    expect(await page.textContent('[data-search-status]')).toContain(` in ${year}.`);
    expect(partitionsFetched(requests)).toEqual(['root', ...archivePartitions.filter((p) => p.startsWith(year))].sort());
    for (const date of await page.$$eval('[data-search-results] time', (els) => els.map((e) => e.getAttribute('datetime') ?? ''))) expect(date.slice(0, 4)).toBe(year);
  });

  it.skipIf(topicFiles.length === 0)('lists a topic without words from the newest papers first, says so, and lists every paper on request', async () => {
    // A topic with papers in the newest partition and in older ones.
    const counts = new Map<string, number>();
    for (const p of papers) for (const t of p.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
    const name = [...counts.keys()].sort().find((t) => papers.some((p) => partitionOfPaper(p) === archivePartitions[0] && p.topics.includes(t)) && papers.some((p) => monthOfPaper(p) === olderMonth && p.topics.includes(t)))!;
    const { page, url, requests } = await open();
    await page.goto(`${url}search/`);
    const slug = await page.$eval('#search-topic', (select, n) => [...(select as HTMLSelectElement).options].find((o) => o.dataset['name'] === n)?.value, name);
    await page.goto(`${url}search/?topic=${slug}`);
    await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(` in ${n}`), name);
    // The newest partition holds one day; the one before it (November 11–20) is not in the archive.
    const recent = papers.filter((p) => partitionOfPaper(p) === archivePartitions[0]).length;
    const status = (await page.textContent('[data-search-status]')) ?? '';
    expect(status).toMatch(new RegExp(`^[\\d,]+ papers? in ${name}, first seen November 24, 2026, newest first\\.$`));
    expect(await page.textContent('[data-search-range]')).toContain(`Searched the newest ${recent} of ${papers.length} papers only.`);
    expect(partitionsFetched(requests)).toEqual(['2026-11-21', 'root']);
    const button = page.getByRole('button', { name: `Search all ${papers.length} papers` });
    expect(await button.isVisible()).toBe(true);
    await button.click();
    await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '') === n, `${counts.get(name)!.toLocaleString('en')} papers in ${name}, newest first.`);
    expect(new URL(page.url()).searchParams.get('range')).toBe('all');
    expect(partitionsFetched(requests)).toEqual([...archivePartitions, 'root'].sort());
    expect(await page.isVisible('[data-search-widen]')).toBe(false);
    // Focus goes to the first result.
    expect(await page.evaluate(() => document.activeElement?.closest('.search-result') !== null)).toBe(true);
    // Back: the newest papers again.
    await page.goBack();
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(', first seen November 24, 2026'));
    expect(await page.isVisible('[data-search-widen]')).toBe(true);
  });

  it('searches only the partitions whose papers have every word, and counts every match there', async () => {
    // A word that one paper of an older partition has, and no other paper: it is found there, with nothing else loaded.
    const wordsOf = (p: BuiltPaper) => new Set([...p.title.split(/\s+/), ...p.abstract].map((w) => w.toLowerCase()).filter((w) => /^[a-z]{9,}$/.test(w)));
    const seen = new Map<string, number>();
    for (const p of papers) for (const w of wordsOf(p)) seen.set(w, (seen.get(w) ?? 0) + 1);
    // The rarest long word of an older paper: no other paper contains it, nor a word it begins.
    const allText = papers.map((p) => `${p.title} ${p.abstract.join(' ')}`.toLowerCase()).join(' ');
    const older = papers.filter((p) => partitionOfPaper(p) !== archivePartitions[0]).sort((a, b) => a.slug.localeCompare(b.slug));
    let chosen: { paper: BuiltPaper; word: string } | undefined;
    for (const paper of older) {
      const word = [...wordsOf(paper)].sort().find((w) => seen.get(w) === 1 && allText.split(w).length === 2);
      if (word) {
        chosen = { paper, word };
        break;
      }
    }
    expect(chosen, 'a word only one older paper has').toBeDefined();
    const { paper, word } = chosen!;
    const { page, url, requests } = await open();
    await page.goto(`${url}search/?q=${encodeURIComponent(word)}`);
    await waitForResults(page, word);
    expect((await resultLinks(page)).slice(0, 3), word).toContain(`/papers/${paper.slug}/`);
    expect(await page.textContent('[data-search-status]')).toMatch(new RegExp(`^1 paper matches “${word}”\\.$`));
    expect(await page.textContent('[data-search-range-text]')).toMatch(/^Searched every paper that has all these words \([\d,]+ papers first seen in one period\)\.$/);
    expect(partitionsFetched(requests)).toEqual([partitionOfPaper(paper), 'root'].sort());
    expect(await page.isVisible('[data-search-widen]')).toBe(false);
  });

  it('finds a paper first by its arXiv id in every common spelling, from one small file, without loading Pagefind', async () => {
    const paper = papers.find((p) => p.arxivId && partitionOfPaper(p) !== archivePartitions[0])!;
    const id = paper.arxivId!;
    for (const spelling of [id, `${id}v2`, `arXiv:${id}`, `https://arxiv.org/abs/${id}`, `arxiv.org/pdf/${id}v1.pdf`]) {
      const { page, url, requests } = await open();
      await page.goto(`${url}search/?q=${encodeURIComponent(spelling)}`);
      await waitForResults(page, spelling);
      expect(await resultLinks(page), spelling).toEqual([`/papers/${paper.slug}/`]);
      expect(await page.textContent('[data-search-status]')).toBe(`1 paper with the arXiv id “${spelling}”.`);
      expect(await page.textContent('.search-result__label')).toBe('Exact arXiv id');
      expect(requests.filter((r) => r.endsWith('/pagefind.js') || r.endsWith('.pagefind') || r.endsWith('.pf_meta'))).toEqual([]);
    }
  });

  it("finds an author's papers by the full name, every one of them first, and no paper by a fragment of the name", async () => {
    const byAuthor = new Map<string, BuiltPaper[]>();
    for (const p of papers) for (const a of p.authors) byAuthor.set(a, [...(byAuthor.get(a) ?? []), p]);
    // An author of two words or more with the most papers (ties by name).
    const [name, theirs] = [...byAuthor].filter(([a]) => a.trim().split(/\s+/).length >= 2).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
    for (const query of [name, name.toUpperCase()]) {
      const { page, url } = await open();
      await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
      await waitForResults(page, query);
      const links = await resultLinks(page);
      expect(new Set(links.slice(0, theirs.length)), query).toEqual(new Set(theirs.map((p) => `/papers/${p.slug}/`)));
      expect(links).toHaveLength(theirs.length);
      expect(await page.textContent('[data-search-status]')).toBe(`${theirs.length === 1 ? '1 paper' : `${theirs.length} papers`} by “${query}”.`);
      // The full text, on request: every paper found there has both names' words.
      await page.getByRole('button', { name: `Search the full text for “${query}”` }).click();
      await page.waitForFunction(() => /match/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
      expect(new URL(page.url()).searchParams.get('range')).toBe('text');
      expect((await resultLinks(page)).slice(0, theirs.length).sort()).toEqual(theirs.map((p) => `/papers/${p.slug}/`).sort());
    }
  });

  it('says which word no paper has, and matches no fragment of it', async () => {
    const { page, url, requests } = await open();
    // Pagefind on its own matches a word it lacks by the longest indexed word it starts with ("to…").
    const query = 'Toshiharuko learning';
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '') !== '');
    expect(await page.textContent('[data-search-status]')).toBe('No paper contains “toshiharuko”.');
    expect(await resultLinks(page)).toEqual([]);
    expect(partitionsFetched(requests)).toEqual(['root']);
  });

  it.skipIf(topicFiles.length === 0)('lists a topic newest first across every month, each of its papers once', async () => {
    const counts = new Map<string, number>();
    for (const p of papers) for (const t of p.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
    // A topic with papers in both months.
    const name = [...counts.keys()].sort().find((t) => archiveMonths.every((m) => papers.some((p) => monthOfPaper(p) === m && p.topics.includes(t))))!;
    expect(name).toBeTruthy();
    const { page, url } = await open();
    const slug = await (async () => {
      await page.goto(`${url}search/`);
      return page.$eval('#search-topic', (select, n) => [...(select as HTMLSelectElement).options].find((o) => o.dataset['name'] === n)?.value, name);
    })();
    await page.goto(`${url}search/?topic=${slug}&range=all`);
    await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(` in ${n}, newest first`), name);
    expect(await page.textContent('[data-search-status]')).toBe(`${counts.get(name)!.toLocaleString('en')} papers in ${name}, newest first.`);
    while (await page.isVisible('[data-search-more]')) {
      const shown = (await resultLinks(page)).length;
      await page.click('[data-search-more]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] .search-result').length > n, shown);
    }
    const links = await resultLinks(page);
    expect(new Set(links).size).toBe(counts.get(name));
    expect(links.sort()).toEqual(papers.filter((p) => p.topics.includes(name)).map((p) => `/papers/${p.slug}/`).sort());
    const dates = await page.$$eval('[data-search-results] time', (els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(dates.map((d) => d.slice(0, 7)))).toEqual(new Set(archiveMonths));
    for (const topics of await page.$$eval('[data-search-results] .search-result__topics', (els) => els.map((e) => e.textContent ?? ''))) {
      expect(topics.split(', ')).toContain(name);
    }
  });

  it('sorts by date, newest first, on request, across every month', async () => {
    const { page, url } = await open();
    // Every month: the sort runs across partitions.
    await page.goto(`${url}search/?q=learning&sort=date&range=all`);
    await waitForResults(page, 'learning');
    // Every result, so the list runs from the recent papers into the older ones.
    while (await page.isVisible('[data-search-more]')) {
      const shown = (await resultLinks(page)).length;
      await page.click('[data-search-more]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] .search-result').length > n, shown);
    }
    const dates = await page.$$eval('[data-search-results] time', (els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(new Set(dates).size).toBeGreaterThan(1);
    expect(dates.some((d) => d === newestDay) && dates.some((d) => d !== newestDay)).toBe(true);
    expect(dates).toEqual([...dates].sort().reverse());
    const count = Number(/^([\d,]+)/.exec((await page.textContent('[data-search-status]')) ?? '')?.[1]?.replace(/,/g, ''));
    expect(dates).toHaveLength(count);
  });

  it('restores the query and its results with back and forward', async () => {
    const { page, url } = await open();
    const first = samples[0]!.title;
    const second = samples[2]!.title;
    await page.goto(`${url}search/?q=${encodeURIComponent(first)}`);
    await waitForResults(page, first);
    await page.getByLabel('Search papers').fill(second);
    await waitForResults(page, second);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(second);
    await page.goBack();
    await waitForResults(page, first);
    expect(await page.getByLabel('Search papers').inputValue()).toBe(first);
    expect((await resultLinks(page))[0]).toBe(`/papers/${samples[0]!.slug}/`);
    await page.goForward();
    await waitForResults(page, second);
    expect(await page.getByLabel('Search papers').inputValue()).toBe(second);
    expect((await resultLinks(page))[0]).toBe(`/papers/${samples[2]!.slug}/`);
  });

  it('downloads nothing of search on a paper page', async () => {
    const { page, url, requests } = await open();
    await page.goto(`${url}papers/${samples[0]!.slug}/`, { waitUntil: 'networkidle' });
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    // At most the site script (theme toggle, shortcuts, Save and Cite) and the saved-papers store it
    // shares with the lists (issue #14): none of the search page's.
    const scripts = requests.filter((r) => r.endsWith('.js') || r.endsWith('.wasm'));
    expect(scripts.length).toBeLessThanOrEqual(2);
    expect(scripts.filter((r) => /search|ui\./.test(r))).toEqual([]);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
  });

  it('opens search with "/" and Ctrl+K from any page, finds a paper, moves through results with the arrow keys', async () => {
    const { page, url, requests } = await open();
    await page.goto(`${url}papers/${samples[1]!.slug}/`, { waitUntil: 'networkidle' });
    await page.keyboard.press('/');
    await page.waitForURL((u) => u.pathname === '/search/');
    const input = page.getByLabel('Search papers');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    const query = samples[2]!.title;
    await input.pressSequentially(query, { delay: 5 });
    await waitForResults(page, query);
    expect((await resultLinks(page))[0]).toBe(`/papers/${samples[2]!.slug}/`);
    expect(requests.some((r) => r.includes('/pagefind/'))).toBe(true);
    // Down from the box to the first result, then back up to the box.
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('.search-result') !== null)).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.goto(`${url}days/`, { waitUntil: 'networkidle' });
    await page.keyboard.press('Control+k');
    await page.waitForURL((u) => u.pathname === '/search/');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('focuses the search box on /search/ with "/"', async () => {
    const { page, url } = await open();
    await page.goto(`${url}search/?q=learning`);
    await waitForResults(page, 'learning');
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-q');
  });

  it('passes axe on the search page with results, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, url } = await open({ colorScheme, width: 360 });
      await page.goto(`${url}search/?q=learning`);
      await waitForResults(page, 'learning');
      const onPage = await new AxeBuilder({ page }).analyze();
      expect(onPage.violations.map((v) => `${v.id}: ${v.help}`), `search page, ${colorScheme}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
  });

  it('starts the results on the first screen of a phone, the filters folded until asked for', async () => {
    const { page, url } = await open({ width: 360 });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${url}search/?q=learning`);
    await waitForResults(page, 'learning');
    const top = await page.$eval('[data-search-results] .search-result', (el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(740 - 100);
    expect(await page.isVisible('#search-topic')).toBe(false);
    await page.click('summary:has-text("Filters and order")');
    expect(await page.isVisible('#search-topic')).toBe(true);
    // A filter in the URL shows them.
    await page.goto(`${url}search/?q=learning&sort=date`);
    await waitForResults(page, 'learning');
    expect(await page.isVisible('#search-sort')).toBe(true);
  });

  it('says that search needs JavaScript when it is off, and the header link still leads to /search/', async () => {
    const { page, url } = await open({ javaScript: false });
    await page.goto(`${url}papers/${samples[0]!.slug}/`);
    expect(await page.getAttribute('a[data-search-link]', 'href')).toBe('/search/');
    await page.click('a[data-search-link]');
    await page.waitForURL((u) => u.pathname === '/search/');
    expect(await page.textContent('main')).toContain('Search needs JavaScript');
    expect(await page.isVisible('form[role=search]')).toBe(false);
  });

  it('works under the base path, from the shortcut and from /search/', async () => {
    const { page, url } = await open({ base: true });
    const paper = samples[1]!;
    await page.goto(`${url}search/?q=${encodeURIComponent(paper.title)}`);
    await waitForResults(page, paper.title);
    const links = await resultLinks(page);
    expect(links[0]).toBe(`${basePath}papers/${paper.slug}/`);
    await page.click('[data-search-results] .search-result__title a');
    await page.waitForURL((u) => u.pathname === `${basePath}papers/${paper.slug}/`);
    expect(await page.textContent('h1')).toBe(paper.title);
    await page.keyboard.press('/');
    await page.waitForURL((u) => u.pathname === `${basePath}search/`);
    await page.getByLabel('Search papers').fill(samples[0]!.title);
    await waitForResults(page, samples[0]!.title);
    expect((await resultLinks(page))[0]).toBe(`${basePath}papers/${samples[0]!.slug}/`);
  });
});
