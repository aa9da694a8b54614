/**
 * Hostile text is only text. One archive is built for every test here: the hostile digests of
 * tests/fixtures/digests/hostile (titles, abstracts, authors and links full of `<script>`,
 * event handlers, `</script>`, `]]>`, quotes, ampersands, `javascript:` and `data:` URLs, an
 * unbreakable 1,500-character token), a digest with a ~380 KB abstract, one real digest, and the
 * real taxonomy. It is built like the real site (`npm run build`), served as static files, and
 * visited in Chromium with a trap on `window.__pwned` and on dialogs: nothing from a digest may
 * run. The built files are checked too: every page, feed, JSON-LD block and social card.
 */
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'htmlparser2';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { findBrokenLinks, listFiles, readPage, selectAll, selectOne, text } from '../helpers/site.ts';
import type { Element } from '../helpers/site.ts';
import { buildEnv, SITE_ROOT } from '../setup/build-site.ts';

const HOSTILE = join(SITE_ROOT, 'hostile');
const CONTENT = join(HOSTILE, 'content');
const DIST = join(HOSTILE, 'dist');
const FIXTURES = resolve('tests/fixtures/digests/hostile');
const SITE = 'https://daybook.example.org';

/** The titles exactly as the digests give them (read here with plain string handling, not the readers). */
const textLines = readFileSync(join(FIXTURES, '2026-09-01.txt'), 'utf8').split('\n');
const TEXT_TITLES = [textLines[2]!.replace(/^Subscribe/, ''), textLines[4]!, textLines[6]!, textLines[8]!, textLines[10]!];
const jsonEntries = JSON.parse(readFileSync(join(FIXTURES, '2026-09-02.json'), 'utf8')) as { paper: { title: string; authors: { name: string }[] } }[];
const JSON_TITLES = jsonEntries.map((e) => e.paper.title);
const HOSTILE_TITLES = [...TEXT_TITLES, ...JSON_TITLES];

const HUGE_WORDS = 40_000;
function hugeDigest(): string {
  const words = Array.from({ length: HUGE_WORDS }, (_, i) => `word${i}`).join(' ');
  return ['Get trending papers in your email inbox!', 'SubscribeA Paper With An Enormous Abstract', `HUGE-START ${words} HUGE-END.`, 'An Ordinary Paper After', 'We study another small thing. It also works on three benchmarks.', ''].join('\n');
}

function buildHostileSite(): void {
  rmSync(HOSTILE, { recursive: true, force: true });
  mkdirSync(join(CONTENT, 'digests'), { recursive: true });
  cpSync('content/topics', join(CONTENT, 'topics'), { recursive: true });
  cpSync('content/pages', join(CONTENT, 'pages'), { recursive: true });
  cpSync(FIXTURES, join(CONTENT, 'digests'), { recursive: true });
  cpSync('tests/fixtures/digests/real/2026-08-05.txt', join(CONTENT, 'digests/2026-08-05.txt'));
  writeFileSync(join(CONTENT, 'digests/2026-09-03.txt'), hugeDigest());
  execFileSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...buildEnv(), DAYBOOK_CONTENT: CONTENT, DAYBOOK_OUT: DIST, DAYBOOK_CACHE: join(HOSTILE, 'astro-cache'), DAYBOOK_BASE: '/', ASTRO_TELEMETRY_DISABLED: '1' },
  });
}

const day = (date: string): string[] => JSON.parse(readFileSync(join(CONTENT, 'days', `${date}.json`), 'utf8')).papers;
let hostileSlugs: string[];
let hugeSlug: string;
let htmlFiles: string[];

beforeAll(() => {
  if (!process.env['DAYBOOK_SKIP_BUILD'] || !existsSync(join(DIST, 'index.html'))) buildHostileSite();
  hostileSlugs = [...day('2026-09-01'), ...day('2026-09-02')];
  hugeSlug = day('2026-09-03')[0]!;
  htmlFiles = listFiles(DIST).filter((f) => f.endsWith('.html'));
}, 900_000);

const pathOf = (file: string) => `/${file.replace(/index\.html$/, '')}`;
const paperPath = (slug: string) => `/papers/${slug}/`;

describe('hostile titles and abstracts in the built files', () => {
  it('builds every hostile paper, titled exactly as the digest wrote it', () => {
    expect(hostileSlugs).toHaveLength(HOSTILE_TITLES.length);
    hostileSlugs.forEach((slug, i) => {
      const doc = readPage(DIST, paperPath(slug));
      expect(text(selectOne('h1', doc))).toBe(HOSTILE_TITLES[i]);
      expect(text(selectOne('title', doc))).toContain(HOSTILE_TITLES[i]);
      expect(selectOne('meta[property="og:title"]', doc)?.attribs['content']).toBe(HOSTILE_TITLES[i]);
      expect(selectOne('meta[name="citation_title"]', doc)?.attribs['content']).toBe(HOSTILE_TITLES[i]);
    });
  });

  it('shows abstracts and authors as literal text', () => {
    const first = readPage(DIST, paperPath(hostileSlugs[0]!));
    const abstract = text(selectOne('.paper__abstract', first));
    expect(abstract).toContain('<script>window.__pwned="abstract-script"</script>');
    expect(abstract).toContain(`<img src=x onerror="window.__pwned='img-onerror'">`);
    expect(abstract).toContain('Ampersands & entities &amp; &lt;b&gt; stay literal.');
    const second = text(selectOne('.paper__abstract', readPage(DIST, paperPath(hostileSlugs[1]!))));
    expect(second).toContain('[click me](javascript:window.__pwned="md-link")');
    expect(second).toContain(`<a href="javascript:window.__pwned='raw-anchor'">anchor</a>`);
    const jsonPaper = readPage(DIST, paperPath(hostileSlugs[5]!));
    const authors = text(selectOne('.paper__authors', jsonPaper));
    for (const author of jsonEntries[0]!.paper.authors) expect(authors).toContain(author.name);
  });

  it('has no element, attribute or URL from a digest that could run: on every page', () => {
    const themeScripts = new Set<string>();
    for (const file of htmlFiles) {
      const doc = readPage(DIST, pathOf(file));
      for (const el of selectAll('*', doc) as Element[]) {
        for (const [name, value] of Object.entries(el.attribs)) {
          expect(name, `${file}: <${el.name} ${name}>`).not.toMatch(/^on/i);
          if (['href', 'src', 'action', 'formaction', 'poster', 'srcset', 'xlink:href'].includes(name)) {
            expect(value.trim(), `${file}: <${el.name} ${name}>`).not.toMatch(/^(?:javascript|data|vbscript):/i);
          }
        }
      }
      for (const script of selectAll('script', doc)) {
        const type = script.attribs['type'] ?? '';
        if (script.attribs['src'] !== undefined) expect(script.attribs['src'], file).toMatch(/^\/(?:_astro|pagefind)\//);
        else if (type === 'application/ld+json') JSON.parse(text(script));
        else themeScripts.add(text(script));
      }
      expect(selectAll('img[src="x"], svg[onload], iframe, object, embed', doc), file).toEqual([]);
      // Astro's redirect pages (old topic slugs) refresh to an internal path; nothing else refreshes.
      for (const meta of selectAll('meta[http-equiv="refresh"]', doc)) expect(meta.attribs['content'], file).toMatch(/^0;url=\/[^/]/);
      for (const style of selectAll('style', doc)) expect(text(style), file).not.toContain('body{display:none}');
    }
    // One inline script in the whole site: the theme script, the same everywhere.
    expect(themeScripts.size).toBe(1);
    expect([...themeScripts][0]).toContain('daybook-theme');
  });

  it('links only http(s) URLs, each with rel="noopener noreferrer", digest links also nofollow ugc', () => {
    let digestLinks = 0;
    for (const file of htmlFiles) {
      const doc = readPage(DIST, pathOf(file));
      for (const a of selectAll('a[href]', doc)) {
        const href = a.attribs['href']!;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith(SITE)) continue;
        expect(href, file).toMatch(/^https?:\/\//);
        const rel = (a.attribs['rel'] ?? '').split(/\s+/);
        expect(rel, `${file}: ${href}`).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
        if (/example\.(?:org|com)|github\.com\/example/.test(href)) {
          digestLinks++;
          expect(rel, `${file}: ${href}`).toEqual(expect.arrayContaining(['nofollow', 'ugc']));
        }
      }
    }
    expect(digestLinks).toBeGreaterThan(0);
    // The http link in the abstract became a link, with its `&` intact; the quoted one cannot break out.
    const third = readPage(DIST, paperPath(hostileSlugs[2]!));
    const links = selectAll('.paper__abstract a', third).map((a) => a.attribs['href']);
    expect(links).toContain('https://example.org/safe?a=1&b=2');
    for (const href of links) expect(href).not.toMatch(/["<>\s]/);
    // The javascript: and data: project pages were dropped; the odd GitHub URL stays one attribute.
    const jsonPaper = readPage(DIST, paperPath(hostileSlugs[5]!));
    const code = selectOne('a.code-link', jsonPaper);
    expect(code?.attribs['href']).toMatch(/^https:\/\/github\.com\/example\/repo/);
    expect(selectAll('.paper__links a', jsonPaper).map(text)).not.toContain('Project page');
  });

  it('parses every JSON-LD block, with the literal title as headline', () => {
    hostileSlugs.forEach((slug, i) => {
      const blocks = selectAll('script[type="application/ld+json"]', readPage(DIST, paperPath(slug)));
      expect(blocks.length).toBeGreaterThan(0);
      const data = blocks.map((b) => JSON.parse(text(b)));
      expect(data.some((d) => d.headline === HOSTILE_TITLES[i])).toBe(true);
      // The raw blocks hold no `<` at all, so no title can close them.
      for (const b of blocks) expect(text(b)).not.toContain('<');
    });
  });

  it('lists the hostile titles literally on day pages and the home page', () => {
    const dayTitles = [...selectAll('.day-papers h2', readPage(DIST, '/days/2026-09-01/')), ...selectAll('.day-papers h2', readPage(DIST, '/days/2026-09-02/'))].map(text);
    expect(dayTitles).toEqual(HOSTILE_TITLES);
  });

  it('keeps the feeds well-formed, with the literal titles and no markup from a digest', () => {
    const feeds = listFiles(DIST).filter((f) => f.endsWith('rss.xml'));
    expect(feeds.length).toBeGreaterThan(1);
    const script = [
      'import feedparser, json, sys',
      'out = {}',
      'for path in sys.argv[1:]:',
      '    d = feedparser.parse(path, sanitize_html=False)',
      '    out[path] = {"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "titles": [e.get("title", "") for e in d.entries], "html": [e.get("summary", "") for e in d.entries]}',
      'print(json.dumps(out))',
    ].join('\n');
    const parsed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...feeds.map((f) => join(DIST, f))], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, { bozo: number; error: string; titles: string[]; html: string[] }>;
    const allTitles = new Set<string>();
    for (const [path, feed] of Object.entries(parsed)) {
      expect(feed.bozo, `${path}: ${feed.error}`).toBe(0);
      feed.titles.forEach((t) => allTitles.add(t));
      for (const html of feed.html) {
        // The item HTML, as a feed reader gets it after XML unescaping, holds only text and plain tags.
        const items = parseDocument(html);
        for (const el of selectAll('*', items) as Element[]) {
          expect(['p', 'a', 'ul', 'ol', 'li', 'strong', 'em', 'br'], `${path}: <${el.name}>`).toContain(el.name);
          for (const [name, value] of Object.entries(el.attribs)) {
            expect(name, path).toMatch(/^(?:href|rel)$/);
            if (name === 'href') expect(value, path).toMatch(/^https?:/);
          }
        }
      }
      // A huge abstract is cut in feeds: the paper page has it whole.
      expect(readFileSync(path, 'utf8'), path).not.toContain(`word${HUGE_WORDS - 1}`);
    }
    for (const title of HOSTILE_TITLES) expect(allTitles, title).toContain(title);
  });

  it('renders a social card for every hostile paper', () => {
    for (const slug of hostileSlugs) {
      const meta = selectOne('meta[property="og:image"]', readPage(DIST, paperPath(slug)))?.attribs['content'];
      if (!meta) continue; // no social cards in this build
      const file = join(DIST, new URL(meta).pathname);
      expect(readFileSync(file).subarray(1, 4).toString('latin1'), file).toBe('PNG');
    }
  });

  it('keeps a huge abstract whole on its page and short everywhere else', () => {
    const page = readPage(DIST, paperPath(hugeSlug));
    const abstract = selectAll('.paper__abstract p', page).map(text).join(' ');
    expect(abstract.startsWith('HUGE-START word0 word1')).toBe(true);
    expect(abstract.endsWith(`word${HUGE_WORDS - 1} HUGE-END.`)).toBe(true);
    expect(abstract.split(' ')).toHaveLength(HUGE_WORDS + 2);
    // The day page and the home page carry an excerpt, not the abstract.
    for (const path of ['/days/2026-09-03/', '/']) {
      const html = readFileSync(join(DIST, path, 'index.html'), 'utf8');
      expect(html, path).not.toContain(`word${HUGE_WORDS - 1}`);
      expect(html.length, path).toBeLessThan(100_000);
    }
    const item = selectAll('.day-papers > *', readPage(DIST, '/days/2026-09-03/')).find((el) => text(el).includes('HUGE-START'));
    expect(item).toBeDefined();
    expect(text(item).length).toBeLessThan(600);
    expect(selectOne('meta[name="description"]', page)?.attribs['content']?.length).toBeLessThan(400);
  });

  it('has no broken internal link or asset', () => {
    expect(findBrokenLinks(DIST, '/', SITE)).toEqual([]);
  });
});

describe('hostile archive in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await serveStatic(DIST, '/');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `path` with the traps armed; returns what was caught. */
  async function visit(page: Page, path: string): Promise<string[]> {
    const caught: string[] = [];
    page.on('dialog', (dialog) => {
      caught.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => caught.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      const hits: string[] = [];
      Object.defineProperty(window, '__pwned', {
        configurable: false,
        get: () => (hits.length > 0 ? hits : undefined),
        set: (value: unknown) => hits.push(String(value)),
      });
      (window as unknown as { __hits: string[] }).__hits = hits;
    });
    await page.goto(`${server.url}${path.replace(/^\//, '')}`, { waitUntil: 'networkidle' });
    caught.push(...(await page.evaluate(() => (window as unknown as { __hits: string[] }).__hits)));
    return caught;
  }

  it('runs nothing from a digest on paper, day, topic, home, feeds and 404 pages', async () => {
    const topics = new Set<string>();
    for (const slug of hostileSlugs) for (const a of selectAll('.paper__topics a', readPage(DIST, paperPath(slug)))) topics.add(a.attribs['href']!);
    const paths = ['/', '/days/', '/days/2026-09-01/', '/days/2026-09-02/', '/topics/', ...topics, ...hostileSlugs.map(paperPath), '/feeds/', '/no-such-page/'];
    const context = await browser.newContext();
    for (const path of paths) {
      const page = await context.newPage();
      expect(await visit(page, path), path).toEqual([]);
      // Hover and focus every link: an injected handler would fire now.
      for (const link of (await page.locator('main a:visible').all()).slice(0, 25)) await link.hover({ timeout: 1000 }).catch(() => {});
      expect(await page.evaluate(() => (window as unknown as { __hits: string[] }).__hits), path).toEqual([]);
      await page.close();
    }
    await context.close();
  });

  it('shows search results for hostile queries as text, running nothing', async () => {
    if (!existsSync(join(DIST, 'search', 'index.html'))) return;
    const context = await browser.newContext();
    for (const query of ['window', 'script', 'javascript']) {
      const page = await context.newPage();
      const caught = await visit(page, `/search/?q=${encodeURIComponent(query)}`);
      await page.locator('[data-search-results] li').first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      expect(caught, query).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __hits: string[] }).__hits), query).toEqual([]);
      const results = page.locator('[data-search-results]');
      expect(await results.locator('script, img[src="x"], svg, iframe, [onerror], [onload]').count(), query).toBe(0);
      if (query === 'window') expect(await results.innerText()).toContain('window.__pwned');
      await page.close();
    }
    await context.close();
  });

  it('does not scroll sideways at 360 px with a huge abstract or an unbreakable token', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const unbreakable = hostileSlugs[4]!;
    for (const path of [paperPath(hugeSlug), paperPath(unbreakable), '/days/2026-09-01/', '/days/2026-09-03/', '/']) {
      const page = await context.newPage();
      await page.goto(`${server.url}${path.replace(/^\//, '')}`, { waitUntil: 'load' });
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
      if (path === paperPath(hugeSlug)) {
        const shown = await page.locator('.paper__abstract').innerText();
        expect(shown).toContain(`word${HUGE_WORDS - 1} HUGE-END.`);
      }
      await page.close();
    }
    await context.close();
  });
});

describe('hostile titles in citations', () => {
  it('gives every hostile paper one BibTeX entry that a real BibTeX parser reads whole', () => {
    const keys = new Set<string>();
    hostileSlugs.forEach((slug, i) => {
      const doc = readPage(DIST, paperPath(slug));
      const pre = selectOne('.cite pre', doc);
      const bib = pre ? pre.children.map((c) => ('data' in c ? c.data : '')).join('') : '';
      // Every brace balanced, as BibTeX counts them (escaped or not).
      let depth = 0;
      for (const c of bib) if ((depth += c === '{' ? 1 : c === '}' ? -1 : 0) < 0) break;
      expect(depth, slug).toBe(0);
      const library = parseBibtex(bib, { raw: true });
      expect(library.errors, slug).toEqual([]);
      expect(library.entries, slug).toHaveLength(1);
      const entry = library.entries[0]!;
      // A title-only paper has no year it could know: the day it trended instead.
      expect(Object.keys(entry.fields).sort(), slug).toEqual(expect.arrayContaining(['title', 'url', entry.fields['year'] ? 'year' : 'note']));
      keys.add(entry.key);
      // The title's words are all still in the entry's title (nothing of it was cut off or leaked into another field).
      const title = String(parseBibtex(bib, { sentenceCase: false }).entries[0]?.fields['title'] ?? '');
      for (const word of HOSTILE_TITLES[i]!.match(/[A-Za-z]{4,}/g) ?? []) expect(title, slug).toContain(word);
      expect(text(selectOne('.cite p', doc)), slug).toContain(HOSTILE_TITLES[i]!.replace(/\s+/g, ' ').trim().replace(/[.]$/, ''));
    });
    expect(keys.size).toBe(hostileSlugs.length);
  });
});
