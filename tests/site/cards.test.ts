/**
 * Social cards and icons in the real build: every paper, day and topic has a 1200×630 PNG
 * card that its page's og:image points to (absolute, under the base path too); icons and
 * the manifest exist at their sizes. Then the card cache, on a private copy of the content
 * root: a rebuild draws no card, and changing one title redraws exactly the cards that
 * show it, as the content defines them (see `shownOnCards`).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildSite } from '../helpers/build.ts';
import { fileForPath, listFiles, readPage, selectAll, selectOne } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');
const SITE = 'https://daybook.example.org';

const topicSlugs = existsSync('content/topics') ? readdirSync('content/topics').filter((f) => /\.mdx?$/.test(f)).map((f) => f.replace(/\.mdx?$/, '')) : [];

/** The og:image of a built page, and the file it points to (or undefined). */
function ogImage(dist: string, base: string, page: string): { url: string; file: string | undefined } {
  const doc = readPage(dist, page);
  const url = selectOne('meta[property="og:image"]', doc)?.attribs['content'] ?? '';
  expect(selectOne('meta[name="twitter:image"]', doc)?.attribs['content'], page).toBe(url);
  expect(selectOne('meta[name="twitter:card"]', doc)?.attribs['content'], page).toBe('summary_large_image');
  expect(selectOne('meta[property="og:image:width"]', doc)?.attribs['content']).toBe('1200');
  expect(selectOne('meta[property="og:image:height"]', doc)?.attribs['content']).toBe('630');
  const { origin, pathname } = new URL(url, SITE);
  const file = origin === SITE && pathname.startsWith(base) ? fileForPath(dist, `/${pathname.slice(base.length)}`) : undefined;
  return { url, file };
}

async function expectCard(file: string | undefined, label: string): Promise<number> {
  expect(file, label).toBeDefined();
  const meta = await sharp(file as string).metadata();
  expect([meta.format, meta.width, meta.height], label).toEqual(['png', 1200, 630]);
  return meta.size ?? readFileSync(file as string).length;
}

describe('social cards in the build', () => {
  const paperPages = listFiles(rootDist).filter((f) => /^papers\/[^/]+\/index\.html$/.test(f));
  const dayPages = listFiles(rootDist).filter((f) => /^days\/\d{4}-\d{2}-\d{2}\/index\.html$/.test(f));

  it('gives every paper page an og:image: its own 1200×630 PNG card', async () => {
    expect(paperPages.length).toBeGreaterThan(300);
    const sizes: number[] = [];
    for (const page of paperPages) {
      const slug = page.split('/')[1];
      const { url, file } = ogImage(rootDist, '/', `/${page}`);
      expect(url).toBe(`${SITE}/og/papers/${slug}.png`);
      sizes.push(await expectCard(file, page));
    }
    sizes.sort((a, b) => a - b);
    const kb = (n: number) => (n / 1024).toFixed(1);
    console.log(`paper cards: ${sizes.length}, median ${kb(sizes[sizes.length >> 1] ?? 0)} KB, max ${kb(sizes[sizes.length - 1] ?? 0)} KB`);
    expect(sizes[sizes.length >> 1]).toBeLessThan(60 * 1024);
    expect(sizes[sizes.length - 1]).toBeLessThan(100 * 1024);
  });

  it('gives every day page an og:image: its own card', async () => {
    expect(dayPages.length).toBeGreaterThan(10);
    for (const page of dayPages) {
      const date = page.split('/')[1];
      const { url, file } = ogImage(rootDist, '/', `/${page}`);
      expect(url).toBe(`${SITE}/og/days/${date}.png`);
      expect(await expectCard(file, page)).toBeLessThan(100 * 1024);
    }
  });

  it('has a card for every topic of the taxonomy', async () => {
    const cards = listFiles(join(rootDist, 'og')).filter((f) => f.startsWith('topics/'));
    expect(cards.sort()).toEqual(topicSlugs.map((slug) => `topics/${slug}.png`).sort());
    for (const card of cards) await expectCard(join(rootDist, 'og', card), card);
  });

  it('points og:image under the base path to cards that exist there', async () => {
    const pages = [...paperPages.slice(0, 20), ...dayPages];
    for (const page of pages) {
      const { url, file } = ogImage(baseDist, basePath, `/${page}`);
      expect(url.startsWith(`${SITE}${basePath}og/`), url).toBe(true);
      await expectCard(file, `${basePath}${page}`);
    }
  });

  it('links the apple-touch-icon and manifest, with icons drawn at their declared sizes', async () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const doc = readPage(dist, '/');
      const touch = selectOne('link[rel="apple-touch-icon"]', doc)?.attribs['href'] ?? '';
      const manifestHref = selectOne('link[rel="manifest"]', doc)?.attribs['href'] ?? '';
      expect(touch.startsWith(base) && manifestHref.startsWith(base), `${touch} ${manifestHref}`).toBe(true);
      const touchMeta = await sharp(fileForPath(dist, `/${touch.slice(base.length)}`) as string).metadata();
      expect([touchMeta.format, touchMeta.width, touchMeta.height, touchMeta.hasAlpha]).toEqual(['png', 180, 180, false]);

      const manifest = JSON.parse(readFileSync(fileForPath(dist, `/${manifestHref.slice(base.length)}`) as string, 'utf8'));
      expect(manifest.name).toBe('Daybook');
      expect(manifest.start_url).toBe(base);
      const icons = manifest.icons as { src: string; sizes: string; type: string; purpose: string }[];
      expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
      for (const icon of icons) {
        expect(icon.src.startsWith(base)).toBe(true);
        const meta = await sharp(fileForPath(dist, `/${icon.src.slice(base.length)}`) as string).metadata();
        expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
        expect(meta.format).toBe('png');
      }
    }
    // The favicon is still the logo itself.
    expect(selectAll('link[rel="icon"]', readPage(rootDist, '/')).map((l) => l.attribs['href'])).toContain('/favicon.svg');
  });
});

// ---------------------------------------------------------------------------------------
// The card cache, on a private copy of the content root.

interface CardStats {
  rendered: string[];
  cached: number;
  planned: number;
}

const work = join(dirname(rootDist), 'cards-cache');
const content = join(work, 'content');
const out = join(work, 'dist');
const astroCache = join(work, 'astro-cache');
const cardCache = join(work, 'cards');

function build(label: string): CardStats {
  const stats = join(cardCache, 'last-build.json');
  rmSync(stats, { force: true });
  buildSite({ content, out, astroCache, cardCache, logFile: join(work, `${label}.log`) });
  return JSON.parse(readFileSync(stats, 'utf8')) as CardStats;
}

const frontmatter = (file: string) => parseYaml(readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '') as Record<string, unknown>;

/**
 * What each card shows, read from the content root (not from the card code): a paper card
 * shows its title, authors, days, topics' names and arXiv id; a day card its date, its paper
 * count and how many are new, and the titles of its first three papers; a topic card its
 * name, description and paper count. A card is redrawn exactly when this changes.
 */
function shownOnCards(): Map<string, string> {
  const papers = new Map<string, Record<string, unknown>>();
  for (const f of readdirSync(join(content, 'papers'))) papers.set(f.replace(/\.md$/, ''), frontmatter(join(content, 'papers', f)));
  const topics = new Map<string, Record<string, unknown>>();
  for (const f of readdirSync(join(content, 'topics')).filter((f) => /\.mdx?$/.test(f))) topics.set(f.replace(/\.mdx?$/, ''), frontmatter(join(content, 'topics', f)));
  const shown = new Map<string, string>();
  for (const [slug, p] of papers) {
    const topicNames = ((p['topics'] as string[] | undefined) ?? []).map((t) => topics.get(t)?.['name']);
    shown.set(`papers/${slug}`, JSON.stringify([p['title'], p['authors'], p['days'], topicNames, p['arxivId']]));
  }
  for (const f of readdirSync(join(content, 'days'))) {
    const day = JSON.parse(readFileSync(join(content, 'days', f), 'utf8')) as { date: string; papers: string[] };
    const fresh = day.papers.filter((s) => (papers.get(s)?.['days'] as string[])[0] === day.date).length;
    shown.set(`days/${day.date}`, JSON.stringify([day.papers.length, fresh, day.papers.slice(0, 3).map((s) => papers.get(s)?.['title'])]));
  }
  for (const [slug, t] of topics) {
    const count = [...papers.values()].filter((p) => ((p['topics'] as string[] | undefined) ?? []).includes(slug)).length;
    shown.set(`topics/${slug}`, JSON.stringify([t['name'], t['description'], count]));
  }
  return shown;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([id, value]) => before.get(id) !== value).map(([id]) => id).sort();
}

/** Content hashes of the built cards, by id (`papers/<slug>`). */
function builtCards(): Map<string, string> {
  const dir = join(out, 'og');
  return new Map(listFiles(dir).map((f) => [f.replace(/\.png$/, ''), createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

/** Gives the paper with this arXiv id a new title in the digest it came from (a prefix: ellipsized lines still show it). */
function retitle(arxivId: string, prefix: string): string {
  for (const name of readdirSync(join(content, 'digests')).filter((f) => f.endsWith('.json'))) {
    const file = join(content, 'digests', name);
    const entries = JSON.parse(readFileSync(file, 'utf8')) as { title?: string; paper: { id: string; title: string } }[];
    const entry = entries.find((e) => e.paper.id === arxivId);
    if (!entry) continue;
    entry.paper.title = `${prefix} ${entry.paper.title}`;
    if (entry.title !== undefined) entry.title = entry.paper.title;
    writeFileSync(file, JSON.stringify(entries, null, 2));
    return entry.paper.title;
  }
  throw new Error(`no JSON digest lists ${arxivId}`);
}

describe('the card cache', () => {
  let total = 0;
  let first: CardStats;

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    cpSync('content', content, { recursive: true });
    first = build('cold');
    total = readdirSync(join(content, 'papers')).length + readdirSync(join(content, 'days')).length + topicSlugs.length;
  }, 900_000);

  it('draws every card once on a cold build', () => {
    expect(first.rendered).toHaveLength(total);
    expect(new Set(first.rendered).size).toBe(total);
    expect(first.cached).toBe(0);
    expect(first.planned).toBe(total);
  });

  it('draws none on a rebuild, even with Astro’s page cache gone: all are cache hits', () => {
    const before = builtCards();
    rmSync(astroCache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    const stats = build('rebuild');
    expect(stats.rendered).toEqual([]);
    expect(stats.cached).toBe(total);
    expect(builtCards()).toEqual(before);
  }, 900_000);

  it('redraws exactly the card of a retitled paper that no other card shows', () => {
    const shownBefore = shownOnCards();
    const builtBefore = builtCards();
    // A paper of one day, not among any day's first three, from a JSON digest.
    const days = readdirSync(join(content, 'days')).map((f) => JSON.parse(readFileSync(join(content, 'days', f), 'utf8')) as { papers: string[] });
    const leading = new Set(days.flatMap((d) => d.papers.slice(0, 3)));
    const jsonIds = new Set(
      readdirSync(join(content, 'digests'))
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => (JSON.parse(readFileSync(join(content, 'digests', f), 'utf8')) as { paper: { id: string } }[]).map((e) => e.paper.id)),
    );
    const [slug, paper] =
      [...readdirSync(join(content, 'papers'))]
        .map((f) => [f.replace(/\.md$/, ''), frontmatter(join(content, 'papers', f))] as const)
        .find(([s, p]) => !leading.has(s) && (p['days'] as string[]).length === 1 && jsonIds.has(p['arxivId'] as string)) ?? [];
    expect(slug).toBeDefined();
    const title = retitle(paper?.['arxivId'] as string, 'Revised:');

    const stats = build('retitle');
    expect(frontmatter(join(content, 'papers', `${slug}.md`))['title']).toBe(title);
    const expected = changed(shownBefore, shownOnCards());
    expect(expected).toEqual([`papers/${slug}`]);
    expect(stats.rendered.sort()).toEqual(expected);
    expect(stats.cached).toBe(0); // every other card was kept by Astro's page cache
    const builtAfter = builtCards();
    expect(changed(builtBefore, builtAfter)).toEqual(expected);
  }, 900_000);

  it('redraws a day’s first paper and the day cards listing it, with Astro’s cache gone', () => {
    const shownBefore = shownOnCards();
    const builtBefore = builtCards();
    const day = readdirSync(join(content, 'days'))
      .map((f) => JSON.parse(readFileSync(join(content, 'days', f), 'utf8')) as { date: string; papers: string[] })
      .find((d) => existsSync(join(content, 'digests', `${d.date}.json`)));
    const slug = day?.papers[0] as string;
    retitle(frontmatter(join(content, 'papers', `${slug}.md`))['arxivId'] as string, 'Second edition:');
    rmSync(astroCache, { recursive: true, force: true });

    const stats = build('retitle-leading');
    const expected = changed(shownBefore, shownOnCards());
    expect(expected).toContain(`papers/${slug}`);
    expect(expected).toContain(`days/${day?.date}`);
    expect(stats.rendered.sort()).toEqual(expected);
    expect(stats.cached).toBe(total - expected.length);
    expect(changed(builtBefore, builtCards())).toEqual(expected);
  }, 900_000);
});
