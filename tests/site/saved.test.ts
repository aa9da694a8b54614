/**
 * Cite, Save and Watch as a reader uses them: the real build, served with its real CSP, in
 * Debian's Chromium, at the domain root and under a sub-path. What the tests expect is read from
 * the built pages and content/days (titles, citations, days), and BibTeX is read back with a real
 * parser (@retorquere/bibtex-parser), never with the code that wrote it.
 */
import AxeBuilder from '@axe-core/playwright';
import { parse } from '@retorquere/bibtex-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSecurityHeaders } from '../../src/integrations/security-headers.ts';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import { htmlProblems } from '../helpers/html.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { listFiles, readPage, selectAll, selectOne, text } from '../helpers/site.ts';
import { parse as parseYaml } from 'yaml';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');

interface BuiltPaper {
  slug: string;
  title: string;
  bibtex: string;
  firstDay: string;
  arxivId: string | undefined;
}

const papers: BuiltPaper[] = listFiles(rootDist)
  .filter((f) => /^papers\/[^/]+\/index\.html$/.test(f))
  .map((f) => {
    const doc = readPage(rootDist, `/${f}`);
    return {
      slug: f.split('/')[1] as string,
      title: text(selectOne('h1', doc)),
      bibtex: selectOne('.cite pre', doc) ? (selectOne('.cite pre', doc)!.children.map((c) => ('data' in c ? c.data : '')).join('') as string) : '',
      firstDay: /date:(\d{4}-\d{2}-\d{2})/.exec(selectOne('[data-pagefind-meta]', doc)?.attribs['data-pagefind-meta'] ?? '')?.[1] ?? '',
      arxivId: selectOne('meta[name="citation_arxiv_id"]', doc)?.attribs['content'],
    };
  });
const bySlug = new Map(papers.map((p) => [p.slug, p]));
/** A paper's title as its entry holds it (TeX and all), read with a YAML parser. */
const sourceTitle = (slug: string) => (parseYaml(readFileSync(join('content/papers', `${slug}.md`), 'utf8').split('---\n')[1]!) as { title: string }).title;
/** A paper's abstract as its page shows it (the TeX of its math left out). */
const abstractOf = (slug: string) => {
  const abstract = selectOne('.paper__abstract', readPage(rootDist, `/papers/${slug}/`));
  for (const annotation of abstract ? selectAll('annotation', abstract) : []) annotation.children = [];
  return abstract ? text(abstract) : '';
};
const keyOf = (bib: string) => parse(bib, { raw: true }).entries[0]?.key;

/** Days of the archive, newest first, with their papers in digest order (content/days, not the site code). */
const days = readdirSync('content/days')
  .map((f) => JSON.parse(readFileSync(join('content/days', f), 'utf8')) as { date: string; papers: string[] })
  .sort((a, b) => b.date.localeCompare(a.date));
const [newest, second] = days as [(typeof days)[0], (typeof days)[0]];
const topicOf = (slug: string) => selectAll('.paper__topics a', readPage(rootDist, `/papers/${slug}/`)).map((a) => a.attribs['href'] ?? '');

let browser: Browser;
let server: StaticServer;
let baseServer: StaticServer;

beforeAll(async () => {
  const headers = { 'Content-Security-Policy': readSecurityHeaders(rootDist)['Content-Security-Policy'] as string };
  browser = await launchBrowser();
  server = await serveStatic(rootDist, '/', headers);
  baseServer = await serveStatic(baseDist, basePath, headers);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await baseServer?.close();
});

/** A fresh browser profile that records page errors (a CSP refusal is one). */
async function freshPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

describe('citations in the built pages', () => {
  it('gives every paper page one BibTeX entry a real parser reads, with a unique key', () => {
    const keys = new Set<string>();
    for (const paper of papers) {
      const library = parse(paper.bibtex, { raw: true });
      expect(library.errors, paper.slug).toEqual([]);
      expect(library.entries, paper.slug).toHaveLength(1);
      const [entry] = library.entries;
      expect(entry?.type).toBe('misc');
      // Family name, year, title word; without authors or a known year, title words (and the year): never `anon`.
      expect(entry?.key).toMatch(/^[a-z][a-z0-9]+$/);
      expect(entry?.key).not.toMatch(/^anon/);
      keys.add(entry?.key as string);
      const fields = entry?.fields as Record<string, string>;
      if (paper.arxivId) {
        expect(fields['eprint']).toBe(paper.arxivId);
        expect(fields['archiveprefix']).toBe('arXiv');
        expect(fields['url']).toBe(`https://arxiv.org/abs/${paper.arxivId}`);
      } else {
        expect(fields['url']).toBe(`https://daybook.example.org/papers/${paper.slug}/`);
        expect(fields['note']).toMatch(/^Trending on \d{4}-\d{2}-\d{2}$/);
      }
      // Titles without TeX read back as the page's title (the entry's title, as the digest gave it, decides).
      if (!/[$\\{}%&#_^~]|--/.test(sourceTitle(paper.slug))) expect(parse(paper.bibtex, { sentenceCase: false }).entries[0]?.fields['title'], paper.slug).toBe(paper.title);
    }
    expect(keys.size).toBe(papers.length);
  });

  it('shows a plain-text citation and the copy and save buttons, with the citation outside the search index', () => {
    const doc = readPage(rootDist, `/papers/${newest.papers[0]}/`);
    const cite = selectOne('section.cite', doc)!;
    expect(text(selectOne('p', cite))).toContain(bySlug.get(newest.papers[0]!)!.title);
    expect(selectOne('[data-copy]', cite)).not.toBeNull();
    expect(selectAll('[data-pagefind-body] .cite', doc)).toEqual([]);
    expect(selectAll('button[data-save]', doc)).toHaveLength(1);
  });

  it('keeps a paper page at most 3 KB of compressed script, all module scripts (never blocking)', () => {
    const html = readFileSync(join(rootDist, 'papers', newest.papers[0]!, 'index.html'), 'utf8');
    const entries = [...html.matchAll(/<script([^>]*)src="([^"]+)"/g)];
    for (const [, attributes] of entries) expect(attributes).toContain('type="module"');
    // The entry scripts and every file they import.
    const files = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const code = readFileSync(join(rootDist, file), 'utf8');
      for (const [, path] of code.matchAll(/(?:^|[;\s])import\s*(?:[^"'`()]*?from\s*)?["'`](\.\/[^"'`]+)["'`]/g)) visit(join('_astro', path!.slice(2)));
    };
    for (const [, , src] of entries) visit(src!.slice(1));
    const bytes = [...files].reduce((n, f) => n + gzipSync(readFileSync(join(rootDist, f)), { level: 9 }).length, 0);
    console.log(`paper page script: ${[...files].join(', ')}: ${bytes} bytes gzip`);
    expect(bytes).toBeLessThanOrEqual(3072);
  });
});

describe('/saved/ and /watch/ as built', () => {
  it('are valid HTML, as is a paper page with its citation', async () => {
    for (const file of ['saved/index.html', 'watch/index.html', `papers/${newest.papers[0]}/index.html`]) {
      expect(await htmlProblems(readFileSync(join(rootDist, file), 'utf8'), file)).toEqual([]);
    }
  });
});

describe('/watch/recent.json', () => {
  it('holds exactly the papers first seen in the newest 30 digest days, newest first', () => {
    const data = JSON.parse(readFileSync(join(rootDist, 'watch/recent.json'), 'utf8')) as { days: string[]; papers: { s: string; t: string; d: string }[] };
    const window = days.slice(0, 30).map((d) => d.date);
    expect(data.days).toEqual(window);
    const expected = papers.filter((p) => p.firstDay >= window.at(-1)!).map((p) => p.slug).sort();
    expect(data.papers.map((p) => p.s).sort()).toEqual(expected);
    for (const p of data.papers) expect(p.t).toBe(bySlug.get(p.s)!.title);
    const dates = data.papers.map((p) => p.d);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});

/** A paper's BibTeX as the given build shows it (page URLs differ under a base path). */
const bibtexIn = (dist: string, slug: string) => {
  const pre = selectOne('.cite pre', readPage(dist, `/papers/${slug}/`));
  return pre ? pre.children.map((c) => ('data' in c ? c.data : '')).join('') : '';
};

for (const [label, dist, built] of [
  ['at the domain root', () => server.url, rootDist],
  ['under a base path', () => baseServer.url, baseDist],
] as const) {
  describe(`Save in Chromium, ${label}`, () => {
    it('saves from a paper page, a day list, a topic list and search, survives reloads, lists them on /saved/ and exports them', async () => {
      const url = dist();
      const { context, page, errors } = await freshPage();
      const onPaper = newest.papers[0]!;
      await page.goto(`${url}papers/${onPaper}/`);
      const save = page.locator('button[data-save]');
      await expect.poll(() => save.getAttribute('aria-pressed')).toBe('false');
      await save.click();
      expect(await save.getAttribute('aria-pressed')).toBe('true');

      // A day list: the second paper of the second-newest day.
      const onDay = second.papers[1]!;
      await page.goto(`${url}days/${second.date}/`);
      const dayButton = page.locator(`.paper-item:has(a[href$="/papers/${onDay}/"]) button[data-save]`);
      await dayButton.click();
      expect(await dayButton.getAttribute('aria-pressed')).toBe('true');
      expect(await dayButton.textContent()).toBe('Save');

      // A topic list: the first paper there not saved yet.
      const topicHref = topicOf(newest.papers[2]!)[0]!.replace(/^\//, '');
      await page.goto(`${url}${topicHref}`);
      const topicItem = page.locator('.paper-item').filter({ has: page.locator('button[data-save][aria-pressed="false"]') }).first();
      const onTopic = /\/papers\/([^/]+)\//.exec((await topicItem.locator('h2 a, h3 a').getAttribute('href'))!)![1]!;
      await topicItem.locator('button[data-save]').click();

      // Search: a title of an older day.
      const onSearch = days.at(-1)!.papers.find((s) => ![onPaper, onDay, onTopic].includes(s))!;
      await page.goto(`${url}search/`);
      await page.locator('[data-search-input]').fill(bySlug.get(onSearch)!.title);
      const result = page.locator(`.search-result:has(a[href$="/papers/${onSearch}/"]) button[data-save]`);
      await result.click();
      expect(await result.getAttribute('aria-pressed')).toBe('true');

      // Reload: still saved, and the paper read is marked in lists.
      await page.goto(`${url}papers/${onPaper}/`);
      await expect.poll(() => page.locator('button[data-save]').getAttribute('aria-pressed')).toBe('true');
      await page.goto(`${url}days/${newest.date}/`);
      await expect.poll(() => page.locator(`.paper-item:has(a[href$="/papers/${onPaper}/"]) .read-mark`).textContent()).toBe('Read');
      expect(await page.locator(`.paper-item:has(a[href$="/papers/${newest.papers[1]}/"]) .read-mark`).count()).toBe(0);

      await page.goto(`${url}saved/`);
      const order = [onSearch, onTopic, onDay, onPaper];
      const titles = page.locator('[data-saved-list] > li h2 a');
      await expect.poll(() => titles.allTextContents()).toEqual(order.map((s) => bySlug.get(s)!.title));
      expect(await page.locator('[data-saved-list] > li').first().textContent()).toContain('First trended');

      // Export BibTeX: a real parser reads it, and each entry is the one on the paper's page.
      const bib = await downloaded(page, () => page.locator('[data-export="bib"]').click());
      expect(bib.name).toMatch(/\.bib$/);
      const library = parse(bib.text, { raw: true });
      expect(library.errors).toEqual([]);
      expect(library.entries.map((e) => e.key)).toEqual(order.map((s) => keyOf(bySlug.get(s)!.bibtex)));
      for (const slug of order) expect(bib.text).toContain(bibtexIn(built, slug));

      const cslFile = await downloaded(page, () => page.locator('[data-export="csl"]').click());
      const items = JSON.parse(cslFile.text) as { id: string; title: string }[];
      expect(items.map((i) => i.title)).toEqual(order.map((s) => bySlug.get(s)!.title));
      const risFile = await downloaded(page, () => page.locator('[data-export="ris"]').click());
      expect(risFile.text.match(/^TY {2}- /gm)).toHaveLength(4);
      expect(risFile.text.match(/^ER {2}- /gm)).toHaveLength(4);
      const json = await downloaded(page, () => page.locator('[data-export="json"]').click());
      const share = await page.locator('[data-share]').inputValue();

      // Remove one: gone, and still gone after a reload.
      await page.locator(`[data-saved-list] > li:has(a[href$="/papers/${onTopic}/"]) button`).click();
      await page.reload();
      await expect.poll(() => titles.allTextContents()).toEqual([onSearch, onDay, onPaper].map((s) => bySlug.get(s)!.title));
      expect(errors).toEqual([]);
      await context.close();

      // Import every file /saved/ exports into a fresh profile (RIS and CSL-JSON too, issue 27): the same papers;
      // importing again adds none.
      for (const file of [bib, json, risFile, cslFile]) {
        const fresh = await freshPage();
        await fresh.page.goto(`${url}saved/`);
        const input = fresh.page.locator('[data-import]');
        await input.setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
        const freshTitles = fresh.page.locator('[data-saved-list] > li h2 a');
        await expect.poll(() => freshTitles.allTextContents()).toEqual(order.map((s) => bySlug.get(s)!.title));
        await input.setInputFiles({ name: `again-${file.name}`, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
        await expect.poll(() => fresh.page.locator('[data-saved-status]').textContent()).toContain('0 added, 4 already saved');
        expect(await freshTitles.count()).toBe(4);
        expect(fresh.errors).toEqual([]);
        await fresh.context.close();
      }

      // The share link in a fresh profile: shows the papers, adds them on request.
      expect(share).toContain('/saved/#papers=');
      const other = await freshPage();
      await other.page.goto(share);
      await expect.poll(() => other.page.locator('[data-shared-list] h3 a').allTextContents()).toEqual(order.map((s) => bySlug.get(s)!.title));
      expect(await other.page.locator('[data-saved-list] > li').count()).toBe(0);
      await other.page.locator('[data-shared-add]').click();
      await expect.poll(() => other.page.locator('[data-saved-list] > li h2 a').allTextContents()).toEqual(order.map((s) => bySlug.get(s)!.title));
      await other.context.close();
    });
  });
}

describe('lists in Chromium', () => {
  it('moves with j/k, saves with s, opens with o, shows the keys with ?, and never acts while typing', async () => {
    const { context, page, errors } = await freshPage();
    await page.goto(`${server.url}days/${second.date}/`);
    await page.locator('.paper-item button[data-save]').first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('href'));
    expect(await focused()).toMatch(new RegExp(`/papers/${second.papers[1]}/$`));
    expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('k');
    expect(await focused()).toMatch(new RegExp(`/papers/${second.papers[0]}/$`));
    await page.keyboard.press('s');
    expect(await page.locator(`.paper-item:has(a[href$="/papers/${second.papers[0]}/"]) button[data-save]`).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('dialog.keys').isVisible()).toBe(true);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.keys').isVisible()).toBe(false);
    await page.keyboard.press('o');
    await page.waitForURL(new RegExp(`/papers/${second.papers[0]}/$`));

    // Typing: "j" and "s" in the search box go into the box.
    await page.goto(`${server.url}search/`);
    await page.locator('[data-search-input]').fill('');
    await page.locator('[data-search-input]').pressSequentially('js');
    expect(await page.locator('[data-search-input]').inputValue()).toBe('js');
    expect(await page.evaluate(() => document.activeElement?.matches('[data-search-input]'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('marks what is new since the last visit on the home and day pages', async () => {
    const { context, page } = await freshPage();
    await page.goto(server.url);
    // A first visit: nothing is "new since your last visit".
    await page.locator('.paper-item button[data-save]').first().waitFor();
    expect(await page.locator('.since').count()).toBe(0);
    // The reader last came when the second-newest day was the newest.
    await page.evaluate((day) => localStorage.setItem('daybook-visit', JSON.stringify({ at: Date.now() - 86_400_000, day, prev: day })), second.date);
    const freshOnNewest = newest.papers.filter((s) => bySlug.get(s)!.firstDay === newest.date);
    await page.goto(`${server.url}days/${newest.date}/`);
    await page.locator('.paper-item button[data-save]').first().waitFor();
    expect(await page.locator('.paper-item .since').count()).toBe(freshOnNewest.length);
    expect(await page.locator('.since-note').textContent()).toBe(`${freshOnNewest.length} papers new since your last visit`);
    await page.goto(server.url);
    await page.locator('.paper-item button[data-save]').first().waitFor();
    expect(await page.locator('.paper-item .since').count()).toBe(newest.papers.slice(0, 12).filter((s) => freshOnNewest.includes(s)).length);
    await context.close();
  });
});

describe('Watch in Chromium', () => {
  it('shows the recent papers matching a watch, highlighted, without the excluded ones, with feeds and OPML', async () => {
    const recent = papers.filter((p) => p.firstDay >= days.slice(0, 30).at(-1)!.date);
    // A title word several recent papers share, and a second word that leaves some of them out.
    const words = new Map<string, BuiltPaper[]>();
    for (const p of recent) for (const w of new Set(p.title.toLowerCase().match(/\b[a-z]{6,}\b/g) ?? [])) words.set(w, [...(words.get(w) ?? []), p]);
    const [word, withWord] = [...words].filter(([, ps]) => ps.length >= 4).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
    const [exclude] = [...words].find(([w, ps]) => w !== word && ps.some((p) => withWord.includes(p)) && withWord.some((p) => !ps.includes(p)))!;
    const startsWord = (title: string, w: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${w}`, 'iu').test(title);
    // Words are looked for in titles and abstracts; exclusions in titles (issue 27).
    const expected = recent.filter((p) => (startsWord(p.title, word) || startsWord(abstractOf(p.slug), word)) && !startsWord(p.title, exclude)).map((p) => p.slug);
    expect(expected.length).toBeGreaterThan(0);

    for (const url of [server.url, baseServer.url]) {
      const { context, page, errors } = await freshPage({ viewport: { width: 360, height: 800 } });
      await page.goto(`${url}watch/`);
      await page.locator('#w-words').fill(`${word} -${exclude}`);
      await page.getByRole('button', { name: 'Add watch' }).click();
      const results = page.locator('[data-watch-results] > li');
      await expect.poll(async () => (await results.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['slug']))).sort()).toEqual([...expected].sort());
      for (const mark of await page.locator('[data-watch-results] h3 mark').allTextContents()) expect(mark.toLowerCase()).toBe(word);
      await expect.poll(() => page.locator('[data-watch-status]').textContent()).toContain(`${expected.length} paper`);

      // A topic watch offers the topic's feed and an OPML of it.
      const topicPath = topicOf(recent[0]!.slug)[0]!;
      const topicSlug = /\/topics\/([^/]+)\//.exec(topicPath)![1]!;
      await page.locator('#w-topic').selectOption(topicSlug);
      await page.getByRole('button', { name: 'Add watch' }).click();
      const feed = page.locator(`[data-watch-list] a[href$="/topics/${topicSlug}/rss.xml"]`);
      expect(await feed.count()).toBe(1);
      const feedResponse = await page.request.get(new URL((await feed.getAttribute('href'))!, url).href);
      expect(feedResponse.status()).toBe(200);
      const opml = await downloaded(page, () => page.locator('[data-opml]').click());
      expect(opml.text).toContain(`xmlUrl="${new URL(`topics/${topicSlug}/rss.xml`, url).href}"`);
      expect(await results.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['slug']))).toContain(recent[0]!.slug);

      // Reload: the watches stay. A reader last here when the second-newest day was the newest sees what came since.
      await page.evaluate((day) => localStorage.setItem('daybook-visit', JSON.stringify({ at: Date.now() - 86_400_000, day, prev: day })), second.date);
      await page.reload();
      await expect.poll(() => page.locator('[data-watch-list] > li').count()).toBe(2);
      const topicPapers = recent.filter((p) => topicOf(p.slug).includes(topicPath)).map((p) => p.slug);
      const matching = new Set([...expected, ...topicPapers]);
      const newSince = [...matching].filter((slug) => bySlug.get(slug)!.firstDay > second.date).length;
      await expect.poll(() => page.locator('[data-watch-status]').textContent()).toBe(
        `${matching.size} papers match your watches in the last ${Math.min(30, days.length)} days, ${newSince} new since your last visit.`,
      );
      expect(await page.locator('[data-watch-results] .since').count()).toBe(newSince);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe('accessibility and layout', () => {
  it('passes axe on a paper page, /saved/ and /watch/ with content, light and dark, at 360 px, with no layout shift on the paper page', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page, errors } = await freshPage({ viewport: { width: 360, height: 800 }, colorScheme });
      await page.addInitScript(() => {
        (window as unknown as { shift: number }).shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) (window as unknown as { shift: number }).shift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${server.url}papers/${newest.papers[0]}/`, { waitUntil: 'networkidle' });
      await page.locator('button[data-save]').click();
      expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
      for (const path of [`papers/${newest.papers[0]}/`, 'saved/', 'watch/']) {
        await page.goto(server.url + path, { waitUntil: 'networkidle' });
        if (path === 'watch/') {
          await page.locator('#w-words').fill(bySlug.get(newest.papers[0]!)!.title.split(/\s+/)[0]!);
          await page.locator('#w-code').check();
          await page.getByRole('button', { name: 'Add watch' }).click();
        }
        await page.waitForTimeout(200);
        const axe = await new AxeBuilder({ page }).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), `${path} ${colorScheme}`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('shows the citation and the archive with no JavaScript', async () => {
    const { context, page } = await freshPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}papers/${newest.papers[0]}/`);
    expect(await page.locator('.cite pre').textContent()).toBe(bySlug.get(newest.papers[0]!)!.bibtex);
    expect(await page.locator('.cite pre').isVisible()).toBe(true);
    await page.goto(`${server.url}saved/`);
    expect(await page.locator('noscript').count()).toBe(1);
    await context.close();
  });
});
