/**
 * Social cards and icons at build time: what each page's card shows, a content-hash disk
 * cache of rendered PNGs (so an unchanged card is never drawn twice, even when Astro's own
 * page cache is cold), and the rendering itself: layout from `src/lib/cards`, pixels put
 * together from glyph sprites that librsvg (through sharp) rasterizes once per build
 * (`src/lib/cards/raster.ts`), PNG by sharp. Each card's SVG (`cardSvgFor`) is what it looks
 * like; rasterizing every card's SVG whole cost 4–5× the CPU (~35 ms against ~7–9 ms a card).
 *
 * Cache: `$DAYBOOK_CARD_CACHE` (default `.cache/daybook/cards`), one file per card named by
 * the SHA-256 of everything that shapes it (its content, the card code's source, the font
 * files, the logo, the PNG settings); the same key is the route's Astro `cacheKey`. Nothing
 * is ever deleted: an old card is just no longer asked for (remove the folder to reclaim it).
 * Each build writes `last-build.json` there (the cards it drew, by id, and how many it read
 * from the cache) and prints the counts when it ends.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { SITE } from '../config.ts';
// Types only: this module also runs outside Astro (tests, benchmarks).
import type { Archive, Day, Paper, Topic } from '../data/archive.ts';
import { CARD_DESIGN_VERSION, CARD_HEIGHT, CARD_WIDTH, cardBase, cardDrawing, cardSvg, createRasterizer, iconSvg, loadFace } from '../lib/cards/index.ts';
import type { CardAssets, CardContent, CardRasterizer, DrawOp, IconSpec } from '../lib/cards/index.ts';
import { byline, formatDay, formatShortDay, formatWeekday, plural } from './format.ts';

export type CardKind = 'papers' | 'days' | 'topics';

/** How many of a day's papers its card lists by title. */
export const DAY_CARD_TITLES = 3;

/**
 * PNG settings: full colour (RGB), no filter, zlib level 4. An indexed palette would make
 * cards smaller (~25 KB rather than ~40 KB), but quantizing a card (libimagequant) costs
 * ~13 ms, twice the whole rest of drawing it. Cards have few colours (flat fills, and
 * antialiasing in 8 steps: see `src/lib/cards/raster.ts`), so plain deflate does well on
 * them; levels 5–6 save 5–10% more for ~2 ms a card, levels 1–3 cost 15–35% in size.
 */
const PNG_OPTIONS = { compressionLevel: 4, adaptiveFiltering: false, palette: false } as const;

/** Bumped when the rendering changes outside the hashed sources (e.g. a new sharp behaves differently). */
const RENDERER_VERSION = 2;

const FONT_FILES = {
  bold: '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
  regular: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
};
const LOGO_FILE = 'src/assets/logo.svg';
/**
 * The drawing code (layout, SVG): any change to it may change how cards look. (What a card
 * shows is in its content, and the PNG settings are hashed: edits here need not redraw.)
 */
const CODE_FILES = () =>
  readdirSync(resolve('src/lib/cards'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => resolve('src/lib/cards', f));

// ---------------------------------------------------------------------------------------
// What each card shows.

export function paperCard(archive: Archive, paper: Paper): CardContent {
  const { data } = paper;
  const first = data.days[0] ?? '';
  const last = data.days[data.days.length - 1] ?? first;
  const authors = data.authors;
  return {
    eyebrow:
      data.days.length > 1
        ? `Trended on ${plural(data.days.length, 'day')}, ${formatShortDay(first)} – ${formatShortDay(last)}`
        : `Trending on ${formatDay(first)}`,
    title: data.title,
    fallbackTitle: data.arxivId ? `arXiv:${data.arxivId}` : `A paper on ${SITE.name}`,
    // The longest byline that fits: all authors, else the first ones and a count.
    subtitle: Array.from({ length: Math.min(authors.length, 8) }, (_, i) => byline(authors, Math.min(authors.length, 8) - i)),
    chips: data.topics.map((slug) => archive.topics.get(slug)?.data.name).filter((name) => name !== undefined),
    ...(data.arxivId ? { footer: `arXiv:${data.arxivId}` } : {}),
  };
}

export function dayCard(day: Day): CardContent {
  const fresh = day.papers.filter((p) => p.data.days[0] === day.date).length;
  const rest = day.papers.length - DAY_CARD_TITLES;
  return {
    eyebrow: formatWeekday(day.date),
    title: `Trending papers of ${formatDay(day.date)}`,
    subtitle: `${plural(day.papers.length, 'paper')}, ${fresh} new`,
    list: day.papers.slice(0, DAY_CARD_TITLES).map((p) => p.data.title),
    ...(rest > 0 ? { footer: `and ${plural(rest, 'more paper')}` } : {}),
  };
}

export function topicCard(archive: Archive, topic: Topic): CardContent {
  return {
    eyebrow: 'Topic',
    title: topic.data.name,
    subtitle: topic.data.description,
    subtitleLines: 3,
    footer: plural(archive.papersByTopic.get(topic.id)?.length ?? 0, 'paper'),
  };
}

// ---------------------------------------------------------------------------------------
// Fonts, logo, keys.

/** Packages resolve from the project root: built chunks may live outside it (`DAYBOOK_OUT`). */
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

interface Inputs {
  bold: Buffer;
  regular: Buffer;
  logo: string;
  /** Hash of the fonts, logo and settings: part of every card's key. */
  fingerprint: string;
}

let inputs: Inputs | undefined;
function loadInputs(): Inputs {
  if (inputs) return inputs;
  const bold = readFileSync(requireFromRoot.resolve(FONT_FILES.bold));
  const regular = readFileSync(requireFromRoot.resolve(FONT_FILES.regular));
  const logo = readFileSync(resolve(LOGO_FILE), 'utf8');
  const hash = createHash('sha256')
    .update(JSON.stringify({ design: CARD_DESIGN_VERSION, renderer: RENDERER_VERSION, png: PNG_OPTIONS, site: SITE.name }))
    .update(bold)
    .update(regular)
    .update(logo);
  // The drawing code itself: an edit to the design redraws every card, no version to forget.
  for (const file of CODE_FILES()) hash.update(file).update(readFileSync(file));
  const fingerprint = hash.digest('hex');
  inputs = { bold, regular, logo, fingerprint };
  return inputs;
}

let assets: CardAssets | undefined;
function loadAssets(): CardAssets {
  if (assets) return assets;
  const { bold, regular, logo } = loadInputs();
  assets = { bold: loadFace(bold, 'b'), regular: loadFace(regular, 'r'), logo, siteName: SITE.name };
  return assets;
}

/** The card's content hash: equal keys draw identical cards. Use it as Astro's `cacheKey` too. */
export function cardKey(content: CardContent): string {
  return createHash('sha256').update(loadInputs().fingerprint).update(JSON.stringify(content)).digest('hex');
}

/** The card as an SVG document (what is rasterized). */
export function cardSvgFor(content: CardContent): string {
  return cardSvg(content, loadAssets());
}

// ---------------------------------------------------------------------------------------
// Cache and counters.

export function cardCacheDir(): string {
  return resolve(process.env.DAYBOOK_CARD_CACHE ?? '.cache/daybook/cards');
}

export interface CardStats {
  /** Ids (`papers/<slug>`) of the cards drawn in this build, in order. */
  rendered: string[];
  /** Cards read from the disk cache. */
  cached: number;
  /** Time spent drawing (SVG + PNG), in milliseconds, summed over cards (draws overlap). */
  renderMs: number;
  /** Wall-clock time from the first draw's start to the last one's end, in milliseconds. */
  drawWallMs: number;
  /** PNG sizes of the cards drawn, in bytes. */
  bytes: number[];
  /** Cards the build has (all card routes' paths); those neither drawn nor read were kept by Astro's page cache. */
  planned: number;
}

// On globalThis: the build may load this module more than once, the counts are per process.
const store = globalThis as { __daybookCardStats?: CardStats; __daybookCardExit?: boolean };
const stats: CardStats = (store.__daybookCardStats ??= { rendered: [], cached: 0, renderMs: 0, drawWallMs: 0, bytes: [], planned: 0 });

function reportAtExit(): void {
  if (store.__daybookCardExit) return;
  store.__daybookCardExit = true;
  process.once('exit', () => {
    const dir = cardCacheDir();
    stats.planned = [...plans.values()].reduce((n, plan) => n + plan.list.length, 0);
    try {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'last-build.json');
      writeFileSync(`${file}.tmp`, JSON.stringify(stats));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      console.warn(`cards: could not write ${dir}/last-build.json: ${(error as Error).message}`);
    }
    const n = stats.rendered.length;
    const avg = n ? ` over ${(stats.drawWallMs / 1000).toFixed(1)} s` : '';
    const kept = stats.planned - stats.rendered.length - stats.cached;
    console.log(`cards: ${stats.rendered.length} rendered${avg}, ${stats.cached} from the card cache (${dir}), ${Math.max(0, kept)} kept by Astro's page cache`);
  });
}

function cacheFile(key: string): string {
  return join(cardCacheDir(), key.slice(0, 2), `${key}.png`);
}

/** Cache folders made in this process (a cold build writes 10,000 cards into 256 of them). */
const madeDirs = new Set<string>();

async function writeAtomically(file: string, data: Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  try {
    await writeFile(temp, data);
  } catch (error) {
    // The folder went away meanwhile (someone cleared the cache): make it again.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    await writeFile(temp, data);
  }
  await rename(temp, file);
}

/** Rasterizes an SVG document (an atlas of sprites) to straight RGBA with librsvg. */
async function renderSvg(svg: string, width: number, height: number): Promise<Uint8Array> {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 4) {
    throw new Error(`cards: sprite atlas came out ${info.width}×${info.height}×${info.channels}, not ${width}×${height}×4`);
  }
  return data;
}

/** One rasterizer per process: its sprites (glyphs at the sizes cards use) serve every card. */
let rasterizer: CardRasterizer | undefined;
/** The pixels every card starts from: background, bar and foot (`cardBase`). */
let basePixels: Promise<Uint8Array> | undefined;

function cardRasterizer(): { rasterizer: CardRasterizer; base: Promise<Uint8Array> } {
  rasterizer ??= createRasterizer(CARD_WIDTH, CARD_HEIGHT, renderSvg);
  if (!basePixels) {
    basePixels = rasterizer.draw(cardBase(loadAssets()).ops);
    // Failed: the next card tries again.
    basePixels.catch(() => (basePixels = undefined));
  }
  return { rasterizer, base: basePixels };
}

/**
 * Pixel buffers of cards being encoded, reused: a new 2 MB buffer per card costs more in
 * allocation and garbage collection (~2 ms) than drawing the card into it.
 */
const spareBuffers: Uint8Array[] = [];

/** A card drawn to the PNG the site ships (no cache). */
export async function renderCard(content: CardContent): Promise<Buffer> {
  const pixels = await cardPixels(cardOps(content), spareBuffers.pop());
  try {
    return await encodeCard(pixels);
  } finally {
    spareBuffers.push(pixels);
  }
}

// The three stages of `renderCard`, apart for the benchmark (scripts/bench-cards.ts).

/** Layout: what the card draws over the base. */
export function cardOps(content: CardContent): DrawOp[] {
  return cardDrawing(content, loadAssets()).doc.ops;
}

/** Pixels: the base and the card's drawing, RGB. */
export async function cardPixels(ops: readonly DrawOp[], into?: Uint8Array): Promise<Uint8Array> {
  const { rasterizer, base } = cardRasterizer();
  return rasterizer.draw(ops, await base, into);
}

/** PNG encoding (sharp, off the main thread). */
export function encodeCard(pixels: Uint8Array): Promise<Buffer> {
  return sharp(pixels, { raw: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3 } }).png(PNG_OPTIONS).toBuffer();
}

/**
 * An SVG document rasterized whole (librsvg) and encoded as cards are: the reference that
 * `renderCard` must look like.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png(PNG_OPTIONS).toBuffer();
}

/**
 * Cards drawn in this build and not yet handed out, by key: a card asked for while (or
 * after) it is drawn ahead is taken from here, drawn once, and not counted as a cache hit.
 */
const drawing = new Map<string, Promise<Buffer>>();
let firstDraw: number | undefined;

function startDraw(id: string, key: string, content: CardContent): Promise<Buffer> {
  let job = drawing.get(key);
  if (job) return job;
  job = (async () => {
    const started = performance.now();
    firstDraw ??= started;
    const png = await renderCard(content);
    const ended = performance.now();
    stats.renderMs += ended - started;
    stats.drawWallMs = ended - firstDraw;
    stats.rendered.push(id);
    stats.bytes.push(png.length);
    await writeAtomically(cacheFile(key), png);
    return png;
  })();
  job.catch(() => drawing.delete(key));
  drawing.set(key, job);
  return job;
}

/**
 * The card's PNG: from the disk cache when a card with the same key was drawn before,
 * else drawn now and cached. `id` names the card in the build's counts.
 */
export async function cardPng(id: string, content: CardContent, key = cardKey(content)): Promise<Buffer> {
  reportAtExit();
  const drawn = drawing.get(key);
  if (drawn) {
    drawing.delete(key);
    return drawn;
  }
  try {
    const png = await readFile(cacheFile(key));
    stats.cached++;
    return png;
  } catch {
    // Not cached yet.
  }
  const job = startDraw(id, key, content);
  drawing.delete(key);
  return job;
}

export interface PlannedCard {
  /** `papers/<slug>`: the card's name in the build's counts. */
  id: string;
  key: string;
  content: CardContent;
}

/** Each card route's cards in build order, so a request can start drawing the next ones. */
const plans = new Map<CardKind, { list: PlannedCard[]; index: Map<string, number> }>();

/** Cards drawn ahead of Astro's (one at a time) requests: sharp draws on other threads meanwhile. */
const AHEAD = Math.min(16, 2 * availableParallelism());

/**
 * A card route's cards, from its `getStaticPaths`, in the order it returns them (the order
 * Astro builds them): each gets its key (for `cacheKey`), and requests draw ahead.
 */
export function planCards(kind: CardKind, cards: { id: string; content: CardContent }[]): PlannedCard[] {
  reportAtExit();
  const list = cards.map(({ id, content }) => ({ id: `${kind}/${id}`, key: cardKey(content), content }));
  plans.set(kind, { list, index: new Map(list.map((card, i) => [card.id, i])) });
  return list;
}

/** A planned card's PNG; the next few uncached cards of its route start drawing meanwhile. */
export function plannedCardPng(card: PlannedCard): Promise<Buffer> {
  const plan = plans.get(card.id.split('/')[0] as CardKind);
  const i = plan?.index.get(card.id);
  if (plan && i !== undefined) {
    for (const next of plan.list.slice(i + 1, i + 1 + AHEAD)) {
      if (!drawing.has(next.key) && !isCached(next.key)) startDraw(next.id, next.key, next.content).catch(() => {});
    }
  }
  return cardPng(card.id, card.content, card.key);
}

/** Whether a card with this key is in the disk cache. */
export function isCached(key: string): boolean {
  return existsSync(cacheFile(key));
}

/** A static endpoint's response for a PNG. */
export function pngResponse(png: Uint8Array): Response {
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}

// ---------------------------------------------------------------------------------------
// Icons.

/** Key of an icon: changes with the logo and the icon's spec. */
export function iconKey(spec: IconSpec): string {
  return createHash('sha256').update(loadInputs().logo).update(JSON.stringify(spec)).digest('hex');
}

export async function iconPng(spec: IconSpec): Promise<Buffer> {
  const image = sharp(Buffer.from(iconSvg(loadInputs().logo, spec)));
  // Full-bleed icons are opaque: no alpha channel.
  return (spec.background ? image.removeAlpha() : image).png({ compressionLevel: 9 }).toBuffer();
}
