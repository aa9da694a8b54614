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
import type { DrawOp } from './svg.ts';
import { glyphId, opSvg } from './svg.ts';

/** Rasterizes an SVG document to straight (not premultiplied) RGBA, `width × height × 4` bytes. */
export type RenderSvg = (svg: string, width: number, height: number) => Promise<Uint8Array>;

/** Positions are rounded to 1/SUBPIXEL of a pixel. */
const SUBPIXEL = 4;
/** Coverage steps kept (0 and 255 included). */
const LEVELS = 32;
/** Atlas rows are at most this wide (a wider sprite gets a row of its own). */
const ATLAS_WIDTH = 1536;
/** Sprites kept per rasterizer; past this the cache starts over (an archive's glyphs need a few thousand). */
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
  /** Coverage (`width × height`) or straight RGBA (`× 4`), once rasterized. */
  data?: Uint8Array;
  /** Set while a batch that draws it is being rasterized. */
  pending?: Promise<void>;
}

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

export interface CardRasterizer {
  /**
   * RGB pixels (`width × height × 3`) of `ops` drawn over `base` (RGB pixels of the same
   * size, copied), or over black when there is no base.
   */
  draw(ops: readonly DrawOp[], base?: Uint8Array): Promise<Uint8Array>;
  /** Sprites rasterized so far, and in how many batches. */
  readonly stats: { sprites: number; batches: number };
}

export function createRasterizer(width: number, height: number, render: RenderSvg): CardRasterizer {
  const sprites = new Map<string, Sprite>();
  const colours = new Map<string, readonly [number, number, number]>();
  const stats = { sprites: 0, batches: 0 };
  const rgbOf = (colour: string) => {
    let rgb = colours.get(colour);
    if (!rgb) colours.set(colour, (rgb = parseColour(colour)));
    return rgb;
  };

  /** The cached sprite, or a new one (to rasterize) made by `make`. */
  const sprite = (key: string, make: () => Omit<Sprite, 'data' | 'pending'>): Sprite => {
    let found = sprites.get(key);
    if (!found) {
      if (sprites.size >= MAX_SPRITES) sprites.clear();
      found = make();
      sprites.set(key, found);
    }
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
        for (const glyph of op.glyphs) {
          // Where the SVG puts this glyph's origin: translate(x y) scale(s -s), then (gx, gy).
          const x = snap(op.x + glyph.x * scale);
          const y = snap(op.y - glyph.y * scale);
          const key = `g ${glyphId(face, glyph.id)} ${scale} ${x.phase} ${y.phase}`;
          const s = sprite(key, () => {
            const box = face.glyphBox(glyph.id);
            const dx = x.phase / SUBPIXEL;
            const dy = y.phase / SUBPIXEL;
            // The outline's box in pixels from the placement pixel, one pixel of room around it.
            const ox = Math.floor(dx + box.minX * scale) - 1;
            const oy = Math.floor(dy - box.maxY * scale) - 1;
            const w = Math.ceil(dx + box.maxX * scale) + 1 - ox;
            const h = Math.ceil(dy - box.minY * scale) + 1 - oy;
            const svg = `<path transform="translate(${dx - ox} ${dy - oy}) scale(${scale} ${-scale})" d="${face.glyphPath(glyph.id)}"/>`;
            return { ox, oy, width: w, height: h, kind: 'mask', svg };
          });
          out.push({ sprite: s, x: x.pixel, y: y.pixel, rgb });
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

  /** Rasterizes sprites in one SVG document, rows of sprites side by side. */
  async function rasterize(batch: Sprite[]): Promise<void> {
    const atlasWidth = Math.max(ATLAS_WIDTH, ...batch.map((s) => s.width));
    const at: [number, number][] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const s of batch) {
      if (x + s.width > atlasWidth) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      at.push([x, y]);
      x += s.width;
      rowHeight = Math.max(rowHeight, s.height);
    }
    const atlasHeight = y + rowHeight;
    const body = batch.map((s, i) => `<g transform="translate(${at[i]![0]} ${at[i]![1]})">${s.svg}</g>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${atlasWidth}" height="${atlasHeight}" viewBox="0 0 ${atlasWidth} ${atlasHeight}">${body}</svg>`;
    const pixels = await render(svg, atlasWidth, atlasHeight);
    batch.forEach((s, i) => {
      const [left, top] = at[i]!;
      const channels = s.kind === 'mask' ? 1 : 4;
      const data = new Uint8Array(s.width * s.height * channels);
      for (let row = 0; row < s.height; row++) {
        const from = ((top + row) * atlasWidth + left) * 4;
        if (s.kind === 'rgba') data.set(pixels.subarray(from, from + s.width * 4), row * s.width * 4);
        else for (let col = 0; col < s.width; col++) data[row * s.width + col] = QUANTIZE[pixels[from + col * 4 + 3]!]!;
      }
      s.data = data;
    });
    stats.sprites += batch.length;
    stats.batches++;
  }

  /** Makes sure every sprite of a plan is rasterized: new ones in one batch, others' batches awaited. */
  async function ensure(steps: (Placement | Fill)[]): Promise<void> {
    const missing = new Set<Sprite>();
    const waiting = new Set<Promise<void>>();
    for (const step of steps) {
      if (!('sprite' in step) || step.sprite.data) continue;
      if (step.sprite.pending) waiting.add(step.sprite.pending);
      else missing.add(step.sprite);
    }
    if (missing.size) {
      const batch = [...missing];
      const job = rasterize(batch);
      for (const s of batch) s.pending = job;
      // A failed batch is retried by the next card that needs it.
      job.catch(() => batch.forEach((s) => delete s.pending));
      waiting.add(job);
    }
    await Promise.all(waiting);
  }

  function compose(steps: (Placement | Fill)[], base: Uint8Array | undefined): Uint8Array {
    const out = new Uint8Array(width * height * 3);
    if (base) out.set(base);
    for (const step of steps) {
      if (!('sprite' in step)) {
        const [r, g, b] = step.rgb;
        const x0 = Math.max(0, step.x);
        const x1 = Math.min(width, step.x + step.width);
        for (let y = Math.max(0, step.y); y < Math.min(height, step.y + step.height); y++) {
          for (let x = x0, d = (y * width + x0) * 3; x < x1; x++, d += 3) {
            out[d] = r;
            out[d + 1] = g;
            out[d + 2] = b;
          }
        }
        continue;
      }
      const s = step.sprite;
      const data = s.data as Uint8Array;
      const left = step.x + s.ox;
      const top = step.y + s.oy;
      // Clip to the card.
      const c0 = Math.max(0, -left);
      const c1 = Math.min(s.width, width - left);
      const r0 = Math.max(0, -top);
      const r1 = Math.min(s.height, height - top);
      if (s.kind === 'mask') {
        const [r, g, b] = step.rgb;
        for (let row = r0; row < r1; row++) {
          let m = row * s.width + c0;
          let d = ((top + row) * width + left + c0) * 3;
          for (let col = c0; col < c1; col++, m++, d += 3) {
            const a = data[m]!;
            if (a === 0) continue;
            if (a === 255) {
              out[d] = r;
              out[d + 1] = g;
              out[d + 2] = b;
            } else {
              // Source over, in 8 bits as the SVG renderer blends: src·a + dst·(1 − a).
              const ia = 255 - a;
              out[d] = div255(r * a) + div255(out[d]! * ia);
              out[d + 1] = div255(g * a) + div255(out[d + 1]! * ia);
              out[d + 2] = div255(b * a) + div255(out[d + 2]! * ia);
            }
          }
        }
      } else {
        for (let row = r0; row < r1; row++) {
          let m = (row * s.width + c0) * 4;
          let d = ((top + row) * width + left + c0) * 3;
          for (let col = c0; col < c1; col++, m += 4, d += 3) {
            const a = data[m + 3]!;
            if (a === 0) continue;
            const ia = 255 - a;
            out[d] = div255(data[m]! * a) + div255(out[d]! * ia);
            out[d + 1] = div255(data[m + 1]! * a) + div255(out[d + 1]! * ia);
            out[d + 2] = div255(data[m + 2]! * a) + div255(out[d + 2]! * ia);
          }
        }
      }
    }
    return out;
  }

  return {
    stats,
    async draw(ops, base) {
      const steps = plan(ops);
      // Usually every sprite is known already, and this is synchronous but for one microtask.
      await ensure(steps);
      return compose(steps, base);
    },
  };
}
