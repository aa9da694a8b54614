/**
 * Search as a reader uses it: the real Pagefind index of the built archive, searched in
 * Debian's Chromium through the site's own interface, served by a plain static server with
 * the site's real Content-Security-Policy, at the domain root and under a sub-path.
 *
 * The papers searched for are read from the built pages (title, abstract), never from the
 * search code or its index.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSecurityHeaders } from '../../src/integrations/security-headers.ts';
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
}

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
      date: selectOne('.day-list time', doc)?.attribs['datetime'] ?? '',
    };
  });

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
  it('holds every paper page and nothing else, with date meta and sort key', () => {
    for (const dist of [rootDist, baseDist]) {
      const entry = JSON.parse(readFileSync(join(dist, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
      expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0), dist).toBe(papers.length);
      expect(existsSync(join(dist, 'pagefind/pagefind.js'))).toBe(true);
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

  it('opens /search/?q=… with the query in the box and the results listed and counted', async () => {
    const { page, url } = await open();
    const query = samples[1]!.title;
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
    // The topic of the first result: a topic that has papers matching the query.
    const topicName = (await page.textContent('.search-result__topics'))?.split(', ')[0] ?? '';
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
      expect(topics.split(', ')).toContain(topicName);
    }
    // The filtered URL opens the same search.
    await page.goto(page.url());
    await page.waitForFunction((name) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(` in ${name}`), topicName);
    expect(await page.inputValue('#search-topic')).toBe(slug);
  });

  it('filters by the month a paper first trended, and lists a month newest first without words', async () => {
    const months = [...new Set(papers.map((p) => p.date.slice(0, 7)))].sort();
    for (const month of [months[0]!, months[months.length - 1]!]) {
      const { page, url } = await open();
      await page.goto(`${url}search/?month=${month}`);
      const expected = papers.filter((p) => p.date.startsWith(month)).length;
      await page.waitForFunction((n) => (document.querySelector('[data-search-status]')?.textContent ?? '').startsWith(n), `${expected.toLocaleString('en')} paper`);
      const dates = await page.$$eval('[data-search-results] time', (els) => els.map((e) => e.getAttribute('datetime') ?? ''));
      expect(dates.length).toBeGreaterThan(0);
      for (const date of dates) expect(date.slice(0, 7)).toBe(month);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(await page.inputValue('#search-month')).toBe(month);
    }
  });

  it('sorts by date, newest first, on request', async () => {
    const { page, url } = await open();
    await page.goto(`${url}search/?q=learning&sort=date`);
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

  it('downloads no script at all on a paper page, and nothing of search', async () => {
    const { page, url, requests } = await open();
    await page.goto(`${url}papers/${samples[0]!.slug}/`, { waitUntil: 'networkidle' });
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    expect(requests.filter((r) => r.endsWith('.js') || r.endsWith('.wasm'))).toEqual([]);
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
