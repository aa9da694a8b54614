/**
 * The social card (OpenGraph image): 1200×630, the site's light colours, the title large
 * and wrapped, a muted line or two under it, an optional list and tags, and the logo and
 * site name at the foot. Pure: fonts and logo come in, an SVG string goes out.
 */
import type { Face } from './font.ts';
import { fitText, wrapText } from './layout.ts';
import { createSvg, embedSvg, rect, text, toSvgString } from './svg.ts';
import type { SvgDoc } from './svg.ts';
import { plainTitle } from './tex.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a card shows; everything in it is part of the card's cache key. */
export interface CardContent {
  /** Short line above the title (a date, "Topic"). */
  eyebrow: string;
  /** The title: TeX is shown plainly, long titles are wrapped and then ellipsized. */
  title: string;
  /** Shown instead when nothing of the title can be drawn (a title in a script the font lacks). */
  fallbackTitle?: string;
  /**
   * Muted text under the title (authors, a description), wrapped to at most `subtitleLines`.
   * Given alternatives, longest first, the first that fits whole is shown (else the last, ellipsized).
   */
  subtitle?: string | string[];
  subtitleLines?: number;
  /** One-line items under the subtitle (a day's first papers). */
  list?: string[];
  /** Tags (topic names), as many as fit on one line, then "+N". */
  chips?: string[];
  /** Muted text at the right of the foot (an arXiv id, a count). */
  footer?: string;
}

export interface CardAssets {
  bold: Face;
  regular: Face;
  /** The logo, an SVG document. */
  logo: string;
  siteName: string;
}

/** Changes whenever the drawing changes, so cached cards of an older design are not reused. */
export const CARD_DESIGN_VERSION = 1;

const COLOURS = {
  bg: '#fbfaf7',
  text: '#1d2125',
  muted: '#56606a',
  accent: '#1f5f8b',
  accentSoft: '#e4eef5',
  border: '#dcd8cf',
};

const PAD_X = 80;
const CONTENT_WIDTH = CARD_WIDTH - 2 * PAD_X;
const EYEBROW_BASELINE = 104;
const TITLE_TOP = 136;
/** Nothing but the foot below this line. */
const CONTENT_BOTTOM = 496;
const RULE_Y = 522;
const TITLE_SIZES = [72, 64, 58, 52, 46, 42];
const SUBTITLE_SIZE = 30;
const LIST_SIZE = 28;
const CHIP_SIZE = 24;
const CHIP_HEIGHT = 46;

/** One line of text, ellipsized at a word boundary if too wide. */
function oneLine(face: Face, value: string, size: number, width: number): string {
  return wrapText(value, face, size, width, 1).lines[0] ?? '';
}

/** The first alternative that fits whole in `maxLines` subtitle lines, else the last one ellipsized. */
function fitAlternatives(face: Face, alternatives: string[], maxLines: number): string[] {
  let wrapped: string[] = [];
  for (const alternative of alternatives) {
    const result = wrapText(alternative, face, SUBTITLE_SIZE, CONTENT_WIDTH, maxLines);
    wrapped = result.lines;
    if (!result.truncated) break;
  }
  return wrapped;
}

const SITE_NAME_SIZE = 34;

/**
 * What every card draws whatever it shows: the background, the top bar, and the foot's
 * rule, logo and site name. Kept apart so a renderer can draw it once for all cards.
 */
export function cardBase(assets: CardAssets): SvgDoc {
  const doc = createSvg(CARD_WIDTH, CARD_HEIGHT);
  rect(doc, 0, 0, CARD_WIDTH, CARD_HEIGHT, COLOURS.bg);
  rect(doc, 0, 0, CARD_WIDTH, 12, COLOURS.accent);
  rect(doc, PAD_X, RULE_Y, CONTENT_WIDTH, 2, COLOURS.border);
  embedSvg(doc, assets.logo, PAD_X, 550, 52);
  text(doc, assets.bold, assets.bold.clean(assets.siteName), PAD_X + 70, 588, SITE_NAME_SIZE, COLOURS.accent);
  return doc;
}

/** What one card draws over `cardBase` (nothing of it overlaps the base's drawing), and its title. */
export interface CardDrawing {
  doc: SvgDoc;
  /** The card's accessible name: the title as shown (or its fallback). */
  title: string;
}

/** The card as an SVG document: the base, then the card's own drawing. */
export function cardSvg(content: CardContent, assets: CardAssets): string {
  const base = cardBase(assets);
  const { doc, title } = cardDrawing(content, assets);
  return toSvgString({ ...doc, ops: [...base.ops, ...doc.ops] }, title);
}

/** The card's own drawing, over `cardBase`. */
export function cardDrawing(content: CardContent, assets: CardAssets): CardDrawing {
  const { bold, regular } = assets;
  const doc = createSvg(CARD_WIDTH, CARD_HEIGHT);

  // Blocks under the title take their room first; the title gets the rest.
  const subtitleLines = fitAlternatives(
    regular,
    [content.subtitle ?? []].flat().map((s) => regular.clean(plainTitle(s))).filter((s) => s !== ''),
    content.subtitleLines ?? 1,
  );
  const subtitleStep = SUBTITLE_SIZE * 1.3;
  const list = (content.list ?? []).map((item) => regular.clean(plainTitle(item))).filter((item) => item !== '');
  const listStep = LIST_SIZE * 1.45;
  const chips = (content.chips ?? []).map((chip) => regular.clean(chip)).filter((chip) => chip !== '');
  // A block of n lines of size s is s + (n - 1) line steps high: 0.75 s above the first
  // baseline (about the cap height), 0.25 s below the last.
  const below =
    (subtitleLines.length ? 24 + SUBTITLE_SIZE + (subtitleLines.length - 1) * subtitleStep : 0) +
    (list.length ? 28 + LIST_SIZE + (list.length - 1) * listStep : 0) +
    (chips.length ? 32 + CHIP_HEIGHT : 0);

  const title = bold.clean(plainTitle(content.title)) || bold.clean(content.fallbackTitle ?? '') || assets.siteName;
  const fitted = fitText(title, bold, {
    sizes: TITLE_SIZES,
    maxWidth: CONTENT_WIDTH,
    maxHeight: CONTENT_BOTTOM - TITLE_TOP - below,
    lineHeight: 1.16,
    balance: true,
  });
  const titleHeight = fitted.size + (fitted.lines.length - 1) * fitted.lineHeight;
  // Short content sits in the middle of the free space rather than under the top edge.
  const shift = Math.max(0, Math.round((CONTENT_BOTTOM - TITLE_TOP - titleHeight - below) / 2));

  const eyebrow = bold.clean(content.eyebrow);
  text(doc, bold, oneLine(bold, eyebrow, 26, CONTENT_WIDTH), PAD_X, EYEBROW_BASELINE + shift, 26, COLOURS.accent);

  let y = TITLE_TOP + shift + fitted.size * 0.75;
  fitted.lines.forEach((line, i) => {
    text(doc, bold, line, PAD_X, y, fitted.size, COLOURS.text);
    if (i < fitted.lines.length - 1) y += fitted.lineHeight;
  });
  y += fitted.size * 0.25;

  if (subtitleLines.length) {
    y += 24 + SUBTITLE_SIZE * 0.75;
    subtitleLines.forEach((line, i) => {
      text(doc, regular, line, PAD_X, y, SUBTITLE_SIZE, COLOURS.muted);
      if (i < subtitleLines.length - 1) y += subtitleStep;
    });
    y += SUBTITLE_SIZE * 0.25;
  }

  if (list.length) {
    y += 28 + LIST_SIZE * 0.75;
    list.forEach((item, i) => {
      rect(doc, PAD_X, y - LIST_SIZE * 0.62, 6, LIST_SIZE * 0.72, COLOURS.accent, 3);
      text(doc, regular, oneLine(regular, item, LIST_SIZE, CONTENT_WIDTH - 28), PAD_X + 28, y, LIST_SIZE, COLOURS.text);
      if (i < list.length - 1) y += listStep;
    });
    y += LIST_SIZE * 0.25;
  }

  if (chips.length) {
    const top = y + 32;
    const padding = 20;
    const gap = 12;
    const widthOf = (label: string) => regular.measure(label, CHIP_SIZE) + 2 * padding;
    const drawChip = (label: string, left: number) => {
      const w = widthOf(label);
      rect(doc, left, top, w, CHIP_HEIGHT, COLOURS.accentSoft, CHIP_HEIGHT / 2);
      text(doc, regular, label, left + padding, top + CHIP_HEIGHT / 2 + CHIP_SIZE * 0.36, CHIP_SIZE, COLOURS.accent);
      return w;
    };
    let x = PAD_X;
    for (let i = 0; i < chips.length; i++) {
      const label = oneLine(regular, chips[i] as string, CHIP_SIZE, CONTENT_WIDTH - 2 * padding);
      const remaining = chips.length - i - 1;
      // Room for this chip, and for a "+N" chip after it if more follow.
      const more = remaining > 0 ? gap + widthOf(`+${remaining}`) : 0;
      if (i > 0 && x + widthOf(label) + more > PAD_X + CONTENT_WIDTH) {
        drawChip(`+${chips.length - i}`, x);
        break;
      }
      x += drawChip(label, x) + gap;
    }
  }

  // The foot (see `cardBase`) has a muted note on the right, in the room the site name leaves.
  const footer = content.footer ? regular.clean(content.footer) : '';
  if (footer) {
    const nameWidth = bold.measure(bold.clean(assets.siteName), SITE_NAME_SIZE);
    const room = CONTENT_WIDTH - 70 - nameWidth - 40;
    text(doc, regular, oneLine(regular, footer, 26, room), PAD_X + CONTENT_WIDTH, 586, 26, COLOURS.muted, 'end');
  }

  return { doc, title };
}
