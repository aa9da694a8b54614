/**
 * A font face for cards: the shipped font's own metrics measure text, and its own glyph
 * outlines draw it, so wrapping and rendering agree exactly and no system font is involved.
 * Words are shaped once (fontkit: kerning, contextual forms) and cached.
 */
import { create } from 'fontkit';
import type { Font } from 'fontkit';

/** A glyph placed inside a word, in font units from the word's start. */
export interface PlacedGlyph {
  id: number;
  x: number;
  y: number;
}

/** A shaped word: its advance width and glyphs, in font units. */
export interface ShapedWord {
  width: number;
  glyphs: PlacedGlyph[];
}

export interface Face {
  /** Short id, unique among the faces of one card (prefixes glyph ids in the SVG). */
  readonly id: string;
  readonly unitsPerEm: number;
  /** Cap height, in font units. */
  readonly capHeight: number;
  /** The text with characters this font cannot draw replaced (`∼` → `~`) or dropped, spaces collapsed. */
  clean(text: string): string;
  /** Width in pixels of a line of (clean) text at a font size. */
  measure(text: string, size: number): number;
  /** Width of a space, in font units. */
  readonly spaceWidth: number;
  /** One word (no spaces), shaped. */
  shape(word: string): ShapedWord;
  /** A glyph's outline as SVG path data, in font units with y up. */
  glyphPath(id: number): string;
  /** A box around a glyph's outline (its control points), in font units with y up. */
  glyphBox(id: number): GlyphBox;
}

export interface GlyphBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Stand-ins for characters the card font may lack; anything else it lacks is dropped. */
const STAND_INS: Readonly<Record<string, string>> = {
  '∼': '~', '≪': '<<', '≫': '>>', '∘': '°', 'ℝ': 'R', 'ℕ': 'N', 'ℤ': 'Z', 'ℚ': 'Q', 'ℂ': 'C', '∀': 'for all',
  '∃': 'exists', '∈': 'in', '∉': 'not in', '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u2002': ' ', '\u2003': ' ',
};

/** Characters never drawn: controls, joiners, variation selectors, unpaired surrogates, noncharacters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\uFE00-\uFE0F]/u;

/** Word caches grow with the archive's vocabulary; past this many words a face starts over. */
const MAX_CACHED_WORDS = 200_000;

/** Words of letters only (any script the font has): shaped from letter pairs, see `shape`. */
const LETTERS = /^\p{L}+$/u;

export function loadFace(data: Uint8Array, id: string): Face {
  const font = create(Buffer.from(data.buffer, data.byteOffset, data.byteLength)) as Font;
  if (!('layout' in font)) throw new Error('card font: expected a single font, got a collection');
  const words = new Map<string, ShapedWord>();
  const paths = new Map<number, string>();
  const boxes = new Map<number, GlyphBox>();
  const drawable = new Map<number, string>();

  const charFor = (char: string): string => {
    const cp = char.codePointAt(0) as number;
    let out = drawable.get(cp);
    if (out !== undefined) return out;
    if (/\s/u.test(char)) out = ' ';
    else if (INVISIBLE.test(char)) out = '';
    else if (font.hasGlyphForCodePoint(cp)) out = char;
    else {
      const standIn = STAND_INS[char];
      out = standIn !== undefined && [...standIn].every((c) => c === ' ' || font.hasGlyphForCodePoint(c.codePointAt(0) as number)) ? standIn : '';
    }
    drawable.set(cp, out);
    return out;
  };

  /** Full shaping (fontkit: substitutions, kerning, marks): ~0.1 ms a word. */
  const layout = (text: string): ShapedWord => {
    const run = font.layout(text);
    const glyphs: PlacedGlyph[] = [];
    let pen = 0;
    run.glyphs.forEach((glyph, i) => {
      const position = run.positions[i];
      if (!position) return;
      glyphs.push({ id: glyph.id, x: pen + position.xOffset, y: position.yOffset });
      pen += position.xAdvance;
    });
    return { width: pen, glyphs };
  };

  /** A letter's own glyph and advance (no substitution, no kerning). */
  const letterGlyphs = new Map<string, { id: number; advance: number }>();
  const letter = (char: string) => {
    let found = letterGlyphs.get(char);
    if (!found) {
      const glyph = font.glyphForCodePoint(char.codePointAt(0) as number);
      letterGlyphs.set(char, (found = { id: glyph.id, advance: glyph.advanceWidth }));
    }
    return found;
  };

  /**
   * The first letter's advance in a pair, kerning included, as full shaping gives it; null
   * when shaping the pair does more than kern it (substitutes or moves a glyph).
   */
  const pairs = new Map<string, number | null>();
  const pairAdvance = (a: string, b: string): number | null => {
    const key = a + b;
    let advance = pairs.get(key);
    if (advance === undefined) {
      const shaped = layout(key);
      const [first, second] = shaped.glyphs;
      const plain =
        shaped.glyphs.length === 2 && first?.id === letter(a).id && second?.id === letter(b).id && first.y === 0 && second.y === 0 && first.x === 0 &&
        shaped.width - second.x === letter(b).advance;
      advance = plain ? (second as PlacedGlyph).x : null;
      pairs.set(key, advance);
    }
    return advance;
  };

  /**
   * A word of letters from its letter pairs: the glyphs of its letters, each advanced by its
   * pair's kerning. Most words of titles and names are letters only, and for them this is
   * what full shaping gives (the unit tests check it on every word of the corpus) at a
   * thirtieth of the cost (shaping each new word fully was most of a card's layout time, and
   * titles and names bring new words on every card). Anything else (digits, punctuation: the
   * font has contextual forms for them next to capitals and digits) is shaped fully.
   */
  const shapeLetters = (word: string): ShapedWord | undefined => {
    const chars = [...word];
    const glyphs: PlacedGlyph[] = [];
    let pen = 0;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i] as string;
      const next = chars[i + 1];
      const advance = next === undefined ? letter(char).advance : pairAdvance(char, next);
      if (advance === null) return undefined;
      glyphs.push({ id: letter(char).id, x: pen, y: 0 });
      pen += advance;
    }
    return { width: pen, glyphs };
  };

  const shape = (word: string): ShapedWord => {
    let shaped = words.get(word);
    if (shaped) return shaped;
    shaped = (LETTERS.test(word) ? shapeLetters(word) : undefined) ?? layout(word);
    if (words.size >= MAX_CACHED_WORDS) words.clear();
    words.set(word, shaped);
    return shaped;
  };

  const spaceWidth = font.glyphForCodePoint(32).advanceWidth;
  // A getter that reads the font's table each time: measuring uses it thousands of times a card.
  const unitsPerEm = font.unitsPerEm;

  return {
    id,
    unitsPerEm,
    capHeight: font.capHeight,
    spaceWidth,
    clean(text) {
      let out = '';
      for (const char of text.normalize('NFC')) out += charFor(char);
      return out.replace(/ +/g, ' ').trim();
    },
    measure(text, size) {
      if (text === '') return 0;
      let units = 0;
      let spaces = -1;
      for (const word of text.split(' ')) {
        spaces++;
        if (word !== '') units += shape(word).width;
      }
      return ((units + spaces * spaceWidth) * size) / unitsPerEm;
    },
    shape,
    glyphPath(glyphId) {
      let d = paths.get(glyphId);
      if (d === undefined) {
        d = font.getGlyph(glyphId).path.toSVG();
        paths.set(glyphId, d);
      }
      return d;
    },
    glyphBox(glyphId) {
      let box = boxes.get(glyphId);
      if (box === undefined) {
        const { minX, minY, maxX, maxY } = font.getGlyph(glyphId).path.cbox;
        box = { minX, minY, maxX, maxY };
        boxes.set(glyphId, box);
      }
      return box;
    },
  };
}
