/**
 * Social cards and icons in the real build. The bundled archive's days are 2026-08-05…08-21
 * and 2026-11-24: only papers first seen within the 7 days up to 2026-11-24 get a card of
 * their own; an older paper's page shows its first topic's card (or its first day's). Every
 * day and topic has its card, every og:image of every page is a built 1200×630 PNG (under
 * the base path too), and the second build (same card cache) ships the same cards byte for byte.
 * Then the window moving: a rebuild after a new day, on the same caches, must drop the cards of
 * papers that left the window and point their (re-rendered) pages at their topic's card.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
const WINDOW_DAYS = 7;

const slugsIn = (dir: string, ext: RegExp) => (existsSync(dir) ? readdirSync(dir).filter((f) => ext.test(f)).map((f) => f.replace(ext, '')) : []);
const topicSlugs = slugsIn('content/topics', /\.mdx?$/);
const daySlugs = slugsIn('content/days', /\.json$/).sort();
const newestDay = daySlugs[daySlugs.length - 1] as string;

/** Each paper's days and topics, from its front matter. */
const papers = new Map(
  slugsIn('content/papers', /\.md$/).map((slug) => {
    const data = parseYaml(readFileSync(`content/papers/${slug}.md`, 'utf8').split(/^---$/m)[1] ?? '') as { days: string[]; topics?: string[] };
    return [slug, { days: data.days, topics: data.topics ?? [] }] as const;
  }),
);
const inWindow = (days: string[]) => (Date.parse(newestDay) - Date.parse(days[0] as string)) / 86_400_000 < WINDOW_DAYS;
const windowed = [...papers].filter(([, p]) => inWindow(p.days)).map(([slug]) => slug);
const older = [...papers].filter(([, p]) => !inWindow(p.days)).map(([slug]) => slug);

/** The og:image of a built page (with the card's size), and the file it points to. */
function ogImage(dist: string, base: string, page: string): { url: string; file: string | undefined } {
  const doc = readPage(dist, page);
  const url = selectOne('meta[property="og:image"]', doc)?.attribs['content'] ?? '';
  // X reads og:image when there is no twitter:image.
  expect(selectOne('meta[name="twitter:image"]', doc), page).toBeNull();
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
  return readFileSync(file as string).length;
}

/** Checks that every og:image of every page of `dist` is a built card; returns how many cards pages show. */
async function builtCardsShown(dist: string, base: string): Promise<number> {
  const images = new Set<string>();
  for (const page of listFiles(dist).filter((f) => f.endsWith('.html'))) {
    const url = /<meta property="og:image" content="([^"]*)"/.exec(readFileSync(join(dist, page), 'utf8'))?.[1];
    if (url === undefined) continue;
    const { file } = ogImage(dist, base, `/${page}`);
    expect(file, `${page}: ${url}`).toBeDefined();
    expect(url.startsWith(`${SITE}${base}og/`), url).toBe(true);
    images.add(file as string);
  }
  for (const file of images) await expectCard(file, file);
  return images.size;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
function summary(label: string, sizes: number[]): void {
  sizes.sort((a, b) => a - b);
  console.log(`${label}: ${sizes.length}, median ${kb(sizes[sizes.length >> 1] ?? 0)}, max ${kb(sizes[sizes.length - 1] ?? 0)}`);
}

describe('social cards in the build', () => {
  it('has papers on both sides of the window', () => {
    expect(newestDay).toBe('2026-11-24');
    expect(windowed.length).toBeGreaterThan(50);
    expect(older.length).toBeGreaterThan(100);
    expect(windowed.every((slug) => papers.get(slug)?.days[0] === '2026-11-24')).toBe(true);
  });

  it('gives each paper inside the window its own card, which its page shows', async () => {
    const sizes: number[] = [];
    for (const slug of windowed) {
      const { url, file } = ogImage(rootDist, '/', `/papers/${slug}/`);
      expect(url).toBe(`${SITE}/og/papers/${slug}.png`);
      sizes.push(await expectCard(file, slug));
    }
    summary('paper cards', sizes);
    expect(sizes[sizes.length >> 1]).toBeLessThan(40 * 1024);
    expect(sizes[sizes.length - 1]).toBeLessThan(60 * 1024);
  });

  it('draws no card for older papers: their page shows their first topic’s card, or their first day’s', async () => {
    expect(listFiles(join(rootDist, 'og', 'papers')).sort()).toEqual(windowed.map((slug) => `${slug}.png`).sort());
    for (const slug of older) {
      const { days, topics } = papers.get(slug) as { days: string[]; topics: string[] };
      const topic = topics.find((t) => topicSlugs.includes(t));
      const { url, file } = ogImage(rootDist, '/', `/papers/${slug}/`);
      expect(url, slug).toBe(topic ? `${SITE}/og/topics/${topic}.png` : `${SITE}/og/days/${days[0]}.png`);
      expect(file, slug).toBeDefined();
    }
  });

  it('has a card for every day and every topic, and each day page shows its own', async () => {
    const og = listFiles(join(rootDist, 'og'));
    expect(og.filter((f) => f.startsWith('days/')).sort()).toEqual(daySlugs.map((d) => `days/${d}.png`));
    expect(og.filter((f) => f.startsWith('topics/')).sort()).toEqual(topicSlugs.map((t) => `topics/${t}.png`).sort());
    const sizes: number[] = [];
    for (const date of daySlugs) {
      const { url, file } = ogImage(rootDist, '/', `/days/${date}/`);
      expect(url).toBe(`${SITE}/og/days/${date}.png`);
      sizes.push(await expectCard(file, date));
    }
    summary('day cards', sizes);
    const topicSizes: number[] = [];
    for (const topic of topicSlugs) topicSizes.push(await expectCard(join(rootDist, 'og', 'topics', `${topic}.png`), topic));
    summary('topic cards', topicSizes);
  });

  it('points every og:image of every page at a built card, at the root and under the base path', async () => {
    expect(await builtCardsShown(rootDist, '/')).toBeGreaterThan(windowed.length);
    expect(await builtCardsShown(baseDist, basePath)).toBeGreaterThan(windowed.length);
  });

  it('ships the same cards from the second build, read from the shared card cache', () => {
    const root = listFiles(join(rootDist, 'og')).sort();
    expect(listFiles(join(baseDist, 'og')).sort()).toEqual(root);
    for (const file of root) expect(readFileSync(join(baseDist, 'og', file)).equals(readFileSync(join(rootDist, 'og', file))), file).toBe(true);
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
    expect(readFileSync(join(rootDist, 'favicon.svg'), 'utf8')).toBe(readFileSync('src/assets/logo.svg', 'utf8'));
  });
});

describe('the card window after a new day', () => {
  const work = join(dirname(rootDist), 'cards-window');
  const content = join(work, 'content');
  const out = join(work, 'dist');
  const build = (label: string) => buildSite({ content, out, astroCache: join(work, 'astro-cache'), cardCache: join(work, 'cards'), logFile: join(work, `${label}.log`) });
  let before: string[] = [];
  let beforeExpected: string[] = [];

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // Ingest writes papers and days again from the digests: without the newest, August is the window.
    cpSync('content', content, { recursive: true, filter: (src) => !/[/\\](papers|days)$|slugs\.tsv$/.test(src) });
    const newest = readdirSync(join(content, 'digests')).filter((f) => f.startsWith(newestDay));
    for (const f of newest) cpSync(join(content, 'digests', f), join(work, f));
    for (const f of newest) rmSync(join(content, 'digests', f));
    build('before');
    before = listFiles(join(out, 'og', 'papers'));
    // Without the newest day, the window ends on the day before it.
    const previousDay = daySlugs[daySlugs.length - 2] as string;
    beforeExpected = [...papers]
      .filter(([, p]) => p.days[0] !== newestDay && (Date.parse(previousDay) - Date.parse(p.days[0] as string)) / 86_400_000 < WINDOW_DAYS)
      .map(([slug]) => `${slug}.png`);
    for (const f of newest) cpSync(join(work, f), join(content, 'digests', f));
    build('after');
  }, 900_000);

  it('drops the cards of papers that left the window, and no page points at one', async () => {
    expect(before.length).toBeGreaterThan(0);
    expect(before.sort()).toEqual(beforeExpected.sort());
    expect(listFiles(join(out, 'og', 'papers')).sort()).toEqual(windowed.map((slug) => `${slug}.png`).sort());
    await builtCardsShown(out, '/');
    for (const slug of older.slice(0, 40)) expect(ogImage(out, '/', `/papers/${slug}/`).url, slug).not.toContain('/og/papers/');
  });
});
