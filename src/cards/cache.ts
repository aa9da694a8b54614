/**
 * The one card cache: `$DAYBOOK_CARD_CACHE` (default `.cache/daybook/cards`), a PNG per card
 * named by the SHA-256 of everything that shapes it: its content, the renderer's source, the
 * fonts, the logo, the PNG settings and sharp's libraries. The same key is the card page's key
 * (src/data/pages-to-render.ts). Each file is sealed with its own hash (src/lib/sealed.ts) and
 * checked when read: a damaged card is drawn again, never published. Nothing is deleted: remove
 * the folder to reclaim old cards.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { SITE } from '../config.ts';
import type { CardContent } from './content.ts';
import { seal, unseal } from '../lib/sealed.ts';
import { FONT_FILES, LOGO_FILE, PNG_OPTIONS, renderCard } from './render.ts';

/** The code that draws: an edit to any of it redraws every card. */
const RENDERER_FILES = ['src/cards/render.ts', 'src/lib/text/tex.ts'];

let fingerprint: string | undefined;
function rendererFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(JSON.stringify({ png: PNG_OPTIONS, site: SITE.name, sharp: sharp.versions }));
  for (const file of [...RENDERER_FILES.map((f) => resolve(f)), ...FONT_FILES, LOGO_FILE]) hash.update(file).update(readFileSync(file));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** The card's key: equal keys draw identical cards. */
export function cardKey(content: CardContent): string {
  return createHash('sha256').update(rendererFingerprint()).update(JSON.stringify(content)).digest('hex');
}

export function cardCacheDir(): string {
  return resolve(process.env.DAYBOOK_CARD_CACHE ?? '.cache/daybook/cards');
}

/** This process's cards: drawn, read from the cache, found damaged there, and the span of drawing. */
export const cardCounts = { rendered: 0, cached: 0, damaged: 0, firstStart: 0, lastEnd: 0 };
let reporting = false;

/** One line when the build ends (`scripts/bench.ts` reads it). */
function reportAtExit(): void {
  if (reporting) return;
  reporting = true;
  process.once('exit', () => {
    const { rendered, cached, damaged, firstStart, lastEnd } = cardCounts;
    const redrawn = damaged > 0 ? `; ${damaged} cached cards were damaged (cut short or changed) and drawn again` : '';
    console.log(`cards: ${rendered} rendered over ${((lastEnd - firstStart) / 1000).toFixed(1)} s, ${cached} from the card cache (${cardCacheDir()})${redrawn}`);
  });
}

/** The card's PNG: from the disk cache, else drawn now and cached. */
export async function cardPng(content: CardContent, key = cardKey(content)): Promise<Buffer> {
  reportAtExit();
  const file = join(cardCacheDir(), key.slice(0, 2), `${key}.png.sealed`);
  const cached = await readFile(file).catch(() => undefined);
  const png = cached && unseal(cached);
  if (png) {
    cardCounts.cached++;
    return png;
  }
  if (cached) cardCounts.damaged++;
  const start = performance.now();
  cardCounts.firstStart ||= start;
  const drawn = await renderCard(content);
  cardCounts.rendered++;
  cardCounts.lastEnd = performance.now();
  // Written whole, then renamed: a parallel build never reads half a card.
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, seal(drawn), { fsync: false });
  return drawn;
}
