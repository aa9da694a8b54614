/**
 * Cards to pixels without rasterizing a whole SVG per card. Most of a card's ink is glyphs
 * of a few sizes, and they repeat across cards: each glyph (and each rounded rectangle, and
 * the logo) is rasterized once, as a small sprite, by the SVG renderer given (librsvg
 * through sharp in the build), and every card is then put together from sprites in plain
 * JavaScript: a copy of the card's base (background, bar, foot: drawn once), then each
 * sprite blended in drawing order, as the SVG renderer would blend it.
 *
 * What differs from rasterizing the card's SVG whole, and why no reader can see it:
 * - Positions are rounded to a quarter pixel (`SUBPIXEL`), so that a glyph has at most 16
 *   renderings per size: text moves by at most an eighth of a pixel.
 * - Coverage (antialiasing) is kept in `LEVELS` steps rather than 256: edges stay smooth, and
 *   the few colours that result compress well as PNG (see `src/utils/cards.ts`).
 * Sprites are rasterized in batches (one SVG "atlas" for all of a card's new sprites), so the
 * first cards of a build pay for the glyphs and the rest reuse them.
 *
 * Pure: the SVG renderer comes in, RGB pixels go out.
 */
import type { Face } from './font.ts';
import type { DrawOp } from './svg.ts';
import { glyphId, opSvg } from './svg.ts';

/** Rasterizes an SVG document to straight (not premultiplied) RGBA, `width × height × 4` bytes. */
export type RenderSvg = (svg: string, width: number, height: number) => Promise<Uint8Array>;

/** Positions are rounded to 1/SUBPIXEL of a pixel. */
const SUBPIXEL = 4;
/** Coverage steps kept (0 and 255 included). */
const LEVELS = 8;
/** Atlas rows are at most this wide (a wider sprite gets a row of its own)… */
const ATLAS_WIDTH = 1536;
/** …and an atlas at most this high (more sprites make more atlases: cairo draws up to 32767 px). */
const ATLAS_HEIGHT = 4096;
/**
 * Characters whose glyphs are rasterized at every phase once a face is used at a size in
 * `PREWARM_AFTER` lines: one batch of ~1,500 sprites (~60 ms) rather than hundreds of small
 * ones over the next cards (each rasterization costs ~0.7 ms however small). Before that, and
 * for other characters, glyphs are rasterized as met: a build that draws one card stays quick.
 */
const COMMON = Array.from({ length: 126 - 33 + 1 }, (_, i) => String.fromCharCode(33 + i));
const PREWARM_AFTER = 4;
/** Sprites kept per rasterizer; past this the cache starts over (the cards' glyphs need ~20,000). */
const MAX_SPRITES = 50_000;

interface Sprite {
  /** Offset of the sprite's top-left corner from the pixel it is placed at. */
  ox: number;
  oy: number;
  width: number;
  height: number;
  /** Coverage only (drawn in the placement's colour), or colour and alpha of its own. */
  kind: 'mask' | 'rgba';
  /** SVG markup drawing the sprite in its own box (0,0)–(width,height). */
  svg: string;
  /** Once rasterized: a mask's inked pixels, or an RGBA sprite's pixels. */
  ink?: Ink;
  /** Set while a batch that draws it is being rasterized. */
  pending?: Promise<void>;
}

/**
 * A rasterized sprite, ready to blend fast: a mask as the offsets (into the card's RGB
 * buffer, from the sprite's top-left pixel) of its fully covered pixels and of its partly
 * covered ones with their coverage, so blending visits ink only; an RGBA sprite as is.
 */
type Ink =
  | { kind: 'mask'; solid: Int32Array; partial: Int32Array; alpha: Uint8Array }
  | { kind: 'rgba'; rgba: Uint8Array };

interface Placement {
  sprite: Sprite;
  /** The pixel the sprite's offset is from. */
  x: number;
  y: number;
  rgb: readonly [number, number, number];
}

interface Fill {
  x: number;
  y: number;
  width: number;
  height: number;
  rgb: readonly [number, number, number];
}

/** `#rrggbb` → [r, g, b]. */
function parseColour(colour: string): readonly [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour)?.[1];
  if (!hex) throw new Error(`cards: colours must be #rrggbb, got ${colour}`);
  const n = Number.parseInt(hex, 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/** Rounds to the subpixel grid and splits into a whole pixel and a phase (0 … SUBPIXEL-1). */
function snap(value: number): { pixel: number; phase: number } {
  const steps = Math.round(value * SUBPIXEL);
  const pixel = Math.floor(steps / SUBPIXEL);
  return { pixel, phase: steps - pixel * SUBPIXEL };
}

/** Coverage 0–255 to the nearest of LEVELS steps. */
const QUANTIZE = Uint8Array.from({ length: 256 }, (_, a) => Math.round((Math.round((a * (LEVELS - 1)) / 255) * 255) / (LEVELS - 1)));

/** x / 255, rounded, for 0 ≤ x ≤ 255 × 255 (as pixman computes it). */
const div255 = (x: number) => {
  const t = x + 128;
  return (t + (t >> 8)) >> 8;
};

/** A mask's coverage at an offset (slow: for the rare sprite partly off the card). */
function maskAt(ink: Extract<Ink, { kind: 'mask' }>, offset: number): number {
  if (ink.solid.includes(offset)) return 255;
  const k = ink.partial.indexOf(offset);
  return k < 0 ? 0 : (ink.alpha[k] as number);
}

export interface CardRasterizer {
  /**
   * RGB pixels (`width × height × 3`) of `ops` drawn over `base` (RGB pixels of the same
   * size, copied), or over black when there is no base; into `out` when given (a buffer to
   * reuse), else into a new one.
   */
  draw(ops: readonly DrawOp[], base?: Uint8Array, out?: Uint8Array): Promise<Uint8Array>;
  /** Sprites rasterized so far, and in how many batches. */
  readonly stats: { sprites: number; batches: number };
}

export function createRasterizer(width: number, height: number, render: RenderSvg): CardRasterizer {
  const sprites = new Map<string, Sprite>();
  /** Sprites made but not yet given to a batch. */
  const fresh = new Set<Sprite>();
  const colours = new Map<string, readonly [number, number, number]>();
  const stats = { sprites: 0, batches: 0 };
  const rgbOf = (colour: string) => {
    let rgb = colours.get(colour);
    if (!rgb) colours.set(colour, (rgb = parseColour(colour)));
    return rgb;
  };

  /** The cached sprite, or a new one (to rasterize) made by `make`. */
  const sprite = (key: string, make: () => Omit<Sprite, 'ink' | 'pending'>): Sprite => {
    let found = sprites.get(key);
    if (!found) {
      if (sprites.size >= MAX_SPRITES) {
        sprites.clear();
        styles.clear();
      }
      found = make();
      sprites.set(key, found);
      fresh.add(found);
    }
    return found;
  };

  /**
   * Glyph sprites by text style (face and size), then by glyph and phase: looked up for every
   * glyph of every card, so by number rather than by a string key.
   */
  const styles = new Map<string, { glyphs: Map<number, Sprite>; lines: number }>();

  const glyphSprite = (glyphs: Map<number, Sprite>, face: Face, id: number, scale: number, xPhase: number, yPhase: number): Sprite => {
    const key = (id * SUBPIXEL + xPhase) * SUBPIXEL + yPhase;
    let found = glyphs.get(key);
    if (found) return found;
    found = sprite(`g ${glyphId(face, id)} ${scale} ${xPhase} ${yPhase}`, () => {
      const box = face.glyphBox(id);
      const dx = xPhase / SUBPIXEL;
      const dy = yPhase / SUBPIXEL;
      // The outline's box in pixels from the placement pixel, one pixel of room around it.
      const ox = Math.floor(dx + box.minX * scale) - 1;
      const oy = Math.floor(dy - box.maxY * scale) - 1;
      const w = Math.ceil(dx + box.maxX * scale) + 1 - ox;
      const h = Math.ceil(dy - box.minY * scale) + 1 - oy;
      const svg = `<path transform="translate(${dx - ox} ${dy - oy}) scale(${scale} ${-scale})" d="${face.glyphPath(id)}"/>`;
      return { ox, oy, width: w, height: h, kind: 'mask', svg };
    });
    glyphs.set(key, found);
    return found;
  };

  /** What to draw for each operation: direct fills for pixel-aligned rectangles, else sprites. */
  function plan(ops: readonly DrawOp[]): (Placement | Fill)[] {
    const out: (Placement | Fill)[] = [];
    for (const op of ops) {
      if (op.kind === 'rect') {
        const rgb = rgbOf(op.fill);
        const aligned = [op.x, op.y, op.width, op.height].every(Number.isInteger);
        if (aligned && op.radius === 0) {
          out.push({ x: op.x, y: op.y, width: op.width, height: op.height, rgb });
          continue;
        }
        const x = snap(op.x);
        const y = snap(op.y);
        const key = `r ${op.width} ${op.height} ${op.radius} ${x.phase} ${y.phase}`;
        const s = sprite(key, () => {
          const w = Math.ceil(op.width + 1) + 2;
          const h = Math.ceil(op.height + 1) + 2;
          const shifted = { ...op, x: 1 + x.phase / SUBPIXEL, y: 1 + y.phase / SUBPIXEL, fill: '#000000' };
          return { ox: -1, oy: -1, width: w, height: h, kind: 'mask', svg: opSvg(shifted) };
        });
        out.push({ sprite: s, x: x.pixel, y: y.pixel, rgb });
      } else if (op.kind === 'text') {
        const rgb = rgbOf(op.fill);
        const { face, scale } = op;
        const style = `${face.id} ${scale}`;
        let known = styles.get(style);
        if (!known) styles.set(style, (known = { glyphs: new Map(), lines: 0 }));
        const { glyphs } = known;
        if (++known.lines === PREWARM_AFTER) {
          for (const char of COMMON) {
            for (const { id } of face.shape(char).glyphs) {
              if (face.glyphPath(id) === '') continue;
              for (let phase = 0; phase < SUBPIXEL * SUBPIXEL; phase++) glyphSprite(glyphs, face, id, scale, phase % SUBPIXEL, Math.floor(phase / SUBPIXEL));
            }
          }
        }
        for (const glyph of op.glyphs) {
          // Where the SVG puts this glyph's origin: translate(x y) scale(s -s), then (gx, gy).
          const x = snap(op.x + glyph.x * scale);
          const y = snap(op.y - glyph.y * scale);
          out.push({ sprite: glyphSprite(glyphs, face, glyph.id, scale, x.phase, y.phase), x: x.pixel, y: y.pixel, rgb });
        }
      } else {
        const x = snap(op.x);
        const y = snap(op.y);
        const key = `s ${op.size} ${x.phase} ${y.phase} ${op.viewBox} ${op.inner}`;
        const s = sprite(key, () => {
          const size = Math.ceil(op.size + 1) + 2;
          const shifted = { ...op, x: 1 + x.phase / SUBPIXEL, y: 1 + y.phase / SUBPIXEL };
          return { ox: -1, oy: -1, width: size, height: size, kind: 'rgba', svg: opSvg(shifted) };
        });
        out.push({ sprite: s, x: x.pixel, y: y.pixel, rgb: [0, 0, 0] });
      }
    }
    return out;
  }

  /** Rasterizes sprites in SVG documents ("atlases") of rows of sprites side by side. */
  async function rasterize(batch: Sprite[]): Promise<void> {
    // No wider than needed: rasterizing costs by area, empty or not.
    const atlasWidth = Math.max(Math.min(ATLAS_WIDTH, batch.reduce((sum, s) => sum + s.width, 0)), ...batch.map((s) => s.width));
    let page: { sprite: Sprite; left: number; top: number }[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const s of batch) {
      if (x + s.width > atlasWidth) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      if (y + s.height > ATLAS_HEIGHT && page.length) {
        await rasterizeAtlas(page, atlasWidth, y + rowHeight);
        page = [];
        x = 0;
        y = 0;
        rowHeight = 0;
      }
      page.push({ sprite: s, left: x, top: y });
      x += s.width;
      rowHeight = Math.max(rowHeight, s.height);
    }
    if (page.length) await rasterizeAtlas(page, atlasWidth, y + rowHeight);
    stats.sprites += batch.length;
    stats.batches++;
  }

  async function rasterizeAtlas(page: { sprite: Sprite; left: number; top: number }[], atlasWidth: number, atlasHeight: number): Promise<void> {
    const body = page.map(({ sprite: s, left, top }) => `<g transform="translate(${left} ${top})">${s.svg}</g>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${atlasWidth}" height="${atlasHeight}" viewBox="0 0 ${atlasWidth} ${atlasHeight}">${body}</svg>`;
    const pixels = await render(svg, atlasWidth, atlasHeight);
    for (const { sprite: s, left, top } of page) {
      if (s.kind === 'rgba') {
        const rgba = new Uint8Array(s.width * s.height * 4);
        for (let row = 0; row < s.height; row++) {
          const from = ((top + row) * atlasWidth + left) * 4;
          rgba.set(pixels.subarray(from, from + s.width * 4), row * s.width * 4);
        }
        s.ink = { kind: 'rgba', rgba };
        continue;
      }
      const solid: number[] = [];
      const partial: number[] = [];
      const alpha: number[] = [];
      for (let row = 0; row < s.height; row++) {
        const from = ((top + row) * atlasWidth + left) * 4;
        for (let col = 0; col < s.width; col++) {
          const a = QUANTIZE[pixels[from + col * 4 + 3]!]!;
          const offset = (row * width + col) * 3;
          if (a === 255) solid.push(offset);
          else if (a > 0) {
            partial.push(offset);
            alpha.push(a);
          }
        }
      }
      s.ink = { kind: 'mask', solid: Int32Array.from(solid), partial: Int32Array.from(partial), alpha: Uint8Array.from(alpha) };
    }
  }

  /** Makes sure every sprite of a plan is rasterized: new ones in one batch, others' batches awaited. */
  async function ensure(steps: (Placement | Fill)[]): Promise<void> {
    const waiting = new Set<Promise<void>>();
    let missing = false;
    for (const step of steps) {
      if (!('sprite' in step) || step.sprite.ink) continue;
      if (step.sprite.pending) waiting.add(step.sprite.pending);
      else missing = true;
    }
    if (missing) {
      // Everything not yet rasterized: this card's new sprites, and a new style's common glyphs.
      const batch = [...fresh];
      fresh.clear();
      const job = rasterize(batch);
      for (const s of batch) s.pending = job;
      // A failed batch is retried by the next card that needs it.
      job.catch(() =>
        batch.forEach((s) => {
          delete s.pending;
          fresh.add(s);
        }),
      );
      waiting.add(job);
    }
    await Promise.all(waiting);
  }

  /** Draws the plan into `out` (RGB, `width × height × 3`), over a copy of `base` if given. */
  function compose(steps: (Placement | Fill)[], base: Uint8Array | undefined, out: Uint8Array): Uint8Array {
    if (base) out.set(base);
    else out.fill(0);
    const stride = width * 3;
    for (const step of steps) {
      if (!('sprite' in step)) {
        const [r, g, b] = step.rgb;
        const x0 = Math.max(0, step.x);
        const x1 = Math.min(width, step.x + step.width);
        for (let y = Math.max(0, step.y); y < Math.min(height, step.y + step.height); y++) {
          for (let d = y * stride + x0 * 3, end = y * stride + x1 * 3; d < end; d += 3) {
            out[d] = r;
            out[d + 1] = g;
            out[d + 2] = b;
          }
        }
        continue;
      }
      const s = step.sprite;
      const ink = s.ink as Ink;
      const left = step.x + s.ox;
      const top = step.y + s.oy;
      const inside = left >= 0 && top >= 0 && left + s.width <= width && top + s.height <= height;
      if (ink.kind === 'mask' && inside) {
        // The common case, and the hot loop of a build: every glyph of every card.
        const [r, g, b] = step.rgb;
        const origin = top * stride + left * 3;
        const { solid, partial, alpha } = ink;
        for (let k = 0; k < solid.length; k++) {
          const d = origin + solid[k]!;
          out[d] = r;
          out[d + 1] = g;
          out[d + 2] = b;
        }
        for (let k = 0; k < partial.length; k++) {
          const d = origin + partial[k]!;
          const a = alpha[k]!;
          const ia = 255 - a;
          // Source over, in 8 bits as the SVG renderer blends: src·a + dst·(1 − a).
          out[d] = div255(r * a) + div255(out[d]! * ia);
          out[d + 1] = div255(g * a) + div255(out[d + 1]! * ia);
          out[d + 2] = div255(b * a) + div255(out[d + 2]! * ia);
        }
        continue;
      }
      // Sprites with colours of their own (the logo), or partly off the card: pixel by pixel.
      for (let row = 0; row < s.height; row++) {
        for (let col = 0; col < s.width; col++) {
          const x = left + col;
          const y = top + row;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          let r: number;
          let g: number;
          let b: number;
          let a: number;
          if (ink.kind === 'rgba') {
            const m = (row * s.width + col) * 4;
            [r, g, b, a] = [ink.rgba[m]!, ink.rgba[m + 1]!, ink.rgba[m + 2]!, ink.rgba[m + 3]!];
          } else {
            [r, g, b] = step.rgb;
            a = maskAt(ink, (row * width + col) * 3);
          }
          if (a === 0) continue;
          const d = y * stride + x * 3;
          const ia = 255 - a;
          out[d] = div255(r * a) + div255(out[d]! * ia);
          out[d + 1] = div255(g * a) + div255(out[d + 1]! * ia);
          out[d + 2] = div255(b * a) + div255(out[d + 2]! * ia);
        }
      }
    }
    return out;
  }

  return {
    stats,
    async draw(ops, base, out = new Uint8Array(width * height * 3)) {
      if (out.length !== width * height * 3) throw new Error('cards: pixel buffer of the wrong size');
      const steps = plan(ops);
      // Usually every sprite is known already, and this is synchronous but for one microtask.
      await ensure(steps);
      return compose(steps, base, out);
    },
  };
}
