/**
 * A social card (1200×630 PNG) drawn with sharp: one Pango text image (Inter, word-wrapped by
 * Pango) composited onto a background made once per process (fills and logo from a small SVG,
 * the site name as text), then a palette PNG. No SVG `<text>`: librsvg would pick system fonts.
 *
 * Pango has no line limit, so text is cut to a number of characters from Inter's measured
 * widths (on the corpus's titles, bold is 0.51 em a character at the median, 0.53 at the 90th
 * percentile; regular 0.49 and 0.52); the block's height is then checked, and a title too
 * tall is drawn smaller or cut more.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { create } from 'fontkit';
import type { Font } from 'fontkit';
import sharp from 'sharp';
import { SITE } from '../config.ts';
import { plainTitle } from '../lib/text/tex.ts';
import { escapeXml } from '../lib/text/xml.ts';
import type { CardContent } from './content.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/**
 * An 8-bit palette, quantized fast, no dithering: ~27 KB and ~15 ms a card. 16 colours (4-bit,
 * ~18 KB) lose the logo's amber in most cards unless quantized at effort 4 (~36 ms); full
 * colour is ~60 KB (~5 ms).
 */
export const PNG_OPTIONS = { palette: true, colours: 64, effort: 1, dither: 0, compressionLevel: 6 } as const;

const COLOURS = { bg: '#fbfaf7', text: '#1d2125', muted: '#56606a', accent: '#1f5f8b', border: '#dcd8cf' };
const PAD = 80;
const WIDTH = CARD_WIDTH - 2 * PAD;
/** The text block is centred between these lines (the foot is below). */
const TOP = 60;
const BOTTOM = 496;
const TITLE_SIZES = [68, 60, 52, 46, 40];

/** Packages resolve from the project root: built chunks may live outside it (`DAYBOOK_OUT`). */
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
export const FONT_FILES = ['400Regular/Inter_400Regular.ttf', '700Bold/Inter_700Bold.ttf'].map((f) => requireFromRoot.resolve(`@expo-google-fonts/inter/${f}`));
export const LOGO_FILE = resolve('src/assets/logo.svg');

/** Characters never drawn: controls, format characters, unpaired surrogates, private use, unassigned. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\uFE00-\uFE0F]/u;
/** Stand-ins for a few characters of titles that Inter lacks. */
const STAND_INS: Readonly<Record<string, string>> = { '∼': '~', '≪': '<<', '≫': '>>', '∘': '°', ℝ: 'R', ℕ: 'N', ℤ: 'Z', ℂ: 'C', '∈': 'in', '∉': 'not in' };

let inter: Set<number> | undefined;
/**
 * Text as Inter draws it, on one line: characters it lacks are dropped (or stood in for), so
 * that no machine draws with fonts of its own (Pango would fall back to them, or to boxes).
 */
export function drawable(text: string): string {
  inter ??= new Set((create(readFileSync(FONT_FILES[1] as string)) as Font).characterSet);
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\u00a0' || !/\s/u.test(char)) out += INVISIBLE.test(char) ? '' : inter.has(char.codePointAt(0) as number) ? char : (STAND_INS[char] ?? '');
    else out += ' ';
  }
  return out.replace(/ +/g, ' ').trim();
}

/**
 * `text` as a greedy word wrap at `perLine` characters lays it out: whole when it fits in
 * `lines` lines, else its first words and an ellipsis (a word longer than a line breaks anywhere).
 */
export function fitLines(text: string, perLine: number, lines: number): { text: string; cut: boolean } {
  const words = text.split(' ');
  const layout = (list: string[]) => {
    let line = 1;
    let col = 0;
    let kept = 0;
    for (const word of list) {
      const n = [...word].length;
      if (col > 0 && col + 1 + n > perLine) [line, col] = [line + 1, 0];
      col += (col > 0 ? 1 : 0) + n;
      for (; col > perLine; col -= perLine) line++;
      if (line > lines) break;
      kept++;
    }
    return kept;
  };
  let kept = layout(words);
  if (kept === words.length) return { text, cut: false };
  const shorten = (n: number) => `${words.slice(0, n).join(' ').replace(/[\s,.;:–—-]+$/u, '')}…`;
  while (kept > 0 && layout(shorten(kept).split(' ')) < kept) kept--;
  return { text: kept > 0 ? shorten(kept) : `${[...text].slice(0, perLine * lines - 1).join('')}…`, cut: true };
}

/** Characters of Inter on a line of `WIDTH` at a size (bold titles are a little wider). */
const perLine = (size: number, bold: boolean) => Math.floor(WIDTH / (size * (bold ? 0.53 : 0.5)));
const oneLine = (text: string, size: number, bold = false) => fitLines(text, perLine(size, bold), 1).text;

const span = (text: string, size: number, colour: string, bold = false) =>
  `<span size="${size}pt" foreground="${colour}"${bold ? ' weight="bold"' : ''}>${escapeXml(text)}</span>`;
/** An empty line `size` points high (Inter's line is 1.21 em). */
const gap = (size: number) => `<span size="${size}pt"> </span>`;

/**
 * The text block's Pango markup. At `level` 0 the title is drawn at the largest size at which
 * it fits its lines (by estimate); each level after it draws it a size smaller, then on a line fewer.
 */
export function cardMarkup(content: CardContent, level = 0): string {
  const plain = (s: string) => drawable(plainTitle(s));
  const parts = [span(oneLine(drawable(content.eyebrow), 26, true), 26, COLOURS.accent, true), gap(10)];
  const title = [content.title, content.fallbackTitle ?? ''].map(plain).find((s) => /[\p{L}\p{N}]/u.test(s)) ?? SITE.name;
  const below = (content.subtitle ? 1 : 0) + (content.list ? 2 : 0) + (content.tags?.length ? 1 : 0);
  const maxLines = below >= 2 ? 3 : 4;
  const found = TITLE_SIZES.findIndex((size) => !fitLines(title, perLine(size, true), maxLines).cut);
  const last = TITLE_SIZES.length - 1;
  const start = (found < 0 ? last : found) + level;
  const size = TITLE_SIZES[Math.min(start, last)] as number;
  const lines = Math.max(1, maxLines - Math.max(0, start - last));
  // No break after a hyphen inside a word (a word joiner follows it): a line breaks between words.
  const shown = escapeXml(fitLines(title, perLine(size, true), lines).text).replace(/(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, '-\u2060');
  parts.push(`<span line_height="0.95" size="${size}pt" foreground="${COLOURS.text}" weight="bold">${shown}</span>`);

  if (content.subtitle) {
    // Alternatives longest first: the first that fits in its lines whole, else the last cut.
    const fitted = [content.subtitle].flat().map((s) => fitLines(plain(s), perLine(30, false), content.subtitleLines ?? 1)).filter((s) => /[\p{L}\p{N}]/u.test(s.text));
    const shown = fitted.find((s) => !s.cut) ?? fitted[fitted.length - 1];
    if (shown) parts.push(gap(14), span(shown.text, 30, COLOURS.muted));
  }
  if (content.list?.length) {
    parts.push(gap(12));
    for (const item of content.list) {
      const text = escapeXml(fitLines(plain(item), perLine(28, false) - 3, 1).text);
      parts.push(`<span size="28pt"><span foreground="${COLOURS.accent}" weight="bold">•</span>  <span foreground="${COLOURS.text}">${text}</span></span>`);
    }
  }
  const tags = (content.tags ?? []).map(drawable).filter((tag) => tag !== '');
  if (tags.length) {
    // As many topic names as fit on a line, then "+N".
    let line = '';
    let shown = 0;
    for (const tag of tags) {
      const next = line ? `${line} · ${tag}` : tag;
      if (shown > 0 && [...next].length + (shown + 1 < tags.length ? 5 : 0) > perLine(26, false)) break;
      [line, shown] = [next, shown + 1];
    }
    if (shown < tags.length) line += ` +${tags.length - shown}`;
    parts.push(gap(14), span(oneLine(line, 26), 26, COLOURS.accent));
  }
  return parts.join('\n');
}

interface TextImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Pango text (Inter), word-wrapped at `width`: straight RGBA, as high as its ink. */
async function textImage(markup: string, width = WIDTH): Promise<TextImage> {
  const text = { text: markup, font: 'Inter 12', fontfile: FONT_FILES[1] as string, width, rgba: true, wrap: 'word-char', dpi: 72 } as const;
  try {
    const { data, info } = await sharp({ text }).raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    // Nothing with ink (only spaces): an empty pixel.
    if (!/no text to render/.test((error as Error).message)) throw error;
    return { data: Buffer.alloc(4), width: 1, height: 1 };
  }
}

const overlay = (image: TextImage, left: number, top: number) => ({
  input: image.data,
  raw: { width: image.width, height: image.height, channels: 4 as const },
  left: Math.round(left),
  top: Math.round(top),
});

/** The logo (`src/assets/logo.svg`) nested in another SVG document, `size` pixels square at `x`, `y`. */
export function nestedLogo(x: number, y: number, size: number): string {
  const logo = readFileSync(LOGO_FILE, 'utf8');
  const viewBox = /viewBox="([^"]+)"/.exec(logo)?.[1] ?? '0 0 64 64';
  const inner = logo.slice(logo.indexOf('>', logo.indexOf('<svg')) + 1, logo.lastIndexOf('</svg>'));
  return `<svg x="${x}" y="${y}" width="${size}" height="${size}" viewBox="${viewBox}">${inner}</svg>`;
}

/** What every card shows the same: fills, the logo and the site name (RGB pixels, once per process). */
let background: Promise<Buffer> | undefined;
function cardBackground(): Promise<Buffer> {
  background ??= (async () => {
    // Registers the regular face with fontconfig; the bold one comes with every text image.
    await sharp({ text: { text: 'x', font: 'Inter', fontfile: FONT_FILES[0] as string } }).raw().toBuffer();
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">` +
      `<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="${COLOURS.bg}"/><rect width="${CARD_WIDTH}" height="12" fill="${COLOURS.accent}"/>` +
      `<rect x="${PAD}" y="522" width="${WIDTH}" height="2" fill="${COLOURS.border}"/>` +
      `${nestedLogo(PAD, 550, 52)}</svg>`;
    const name = await textImage(span(SITE.name, 34, COLOURS.accent, true));
    return sharp(Buffer.from(svg)).composite([overlay(name, PAD + 70, 576 - name.height / 2)]).removeAlpha().raw().toBuffer();
  })();
  background.catch(() => (background = undefined));
  return background;
}

/** The card's PNG (no cache: see `cache.ts`). */
export async function renderCard(content: CardContent): Promise<Buffer> {
  const base = await cardBackground();
  let block: TextImage | undefined;
  for (let level = 0; level < 6; level++) {
    block = await textImage(cardMarkup(content, level));
    if (block.height <= BOTTOM - TOP) break;
  }
  if (!block) throw new Error('cards: no text block');
  if (block.height > BOTTOM - TOP) {
    const height = BOTTOM - TOP;
    const data = await sharp(block.data, { raw: { width: block.width, height: block.height, channels: 4 } }).extract({ left: 0, top: 0, width: block.width, height }).raw().toBuffer();
    block = { data, width: block.width, height };
  }
  const layers = [overlay(block, PAD, TOP + (BOTTOM - TOP - block.height) / 2)];
  const note = drawable(content.footer ?? '');
  if (note) {
    const footer = await textImage(span(fitLines(note, 40, 1).text, 26, COLOURS.muted), 600);
    layers.push(overlay(footer, PAD + WIDTH - footer.width, 576 - footer.height / 2));
  }
  return sharp(base, { raw: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3 } }).composite(layers).removeAlpha().png(PNG_OPTIONS).toBuffer();
}
