/**
 * A small drawing list for cards, with two outputs: an SVG document (this file) and raw
 * pixels (`raster.ts`). Text is drawn as the font's own glyph outlines (each glyph defined
 * once, then `<use>`d), so the PNG looks the same on every machine whatever fonts it has;
 * each line also carries its text, escaped, in `aria-label`, and the card its title in
 * `<title>`, so the SVG stays readable and testable as text.
 *
 * Coordinates are rounded once, when an operation is recorded, so that both outputs draw
 * exactly the same geometry.
 */
import type { Face } from './font.ts';

/** Characters XML 1.0 forbids outright (a renderer would reject the document). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute value, escaped for XML: nothing in it can become markup. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Pixel coordinates keep two decimals (what the SVG prints). */
const round = (n: number) => Math.round(n * 100) / 100;

/** A glyph of a text line: its id and its position in font units from the line's left end. */
export interface LineGlyph {
  id: number;
  x: number;
  y: number;
}

export type DrawOp =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; radius: number; fill: string }
  | {
      kind: 'text';
      face: Face;
      /** The line's text (its accessible name). */
      line: string;
      /** Left end and baseline, in pixels. */
      x: number;
      y: number;
      /** Font units to pixels: font size / units per em. */
      scale: number;
      fill: string;
      /** The glyphs that have ink (spaces have none). */
      glyphs: LineGlyph[];
    }
  | { kind: 'svg'; x: number; y: number; size: number; viewBox: string; inner: string };

export interface SvgDoc {
  width: number;
  height: number;
  ops: DrawOp[];
}

export function createSvg(width: number, height: number): SvgDoc {
  return { width, height, ops: [] };
}

export function rect(doc: SvgDoc, x: number, y: number, width: number, height: number, fill: string, radius = 0): void {
  doc.ops.push({ kind: 'rect', x: round(x), y: round(y), width: round(width), height: round(height), radius: round(radius), fill });
}

/**
 * One line of clean text (see `Face.clean`) with its baseline at `y`; `anchor: 'end'` puts
 * its right edge at `x`. Returns the drawn width in pixels.
 */
export function text(
  doc: SvgDoc,
  face: Face,
  line: string,
  x: number,
  y: number,
  size: number,
  fill: string,
  anchor: 'start' | 'end' = 'start',
): number {
  const width = face.measure(line, size);
  if (line === '') return 0;
  const left = anchor === 'end' ? x - width : x;
  const glyphs: LineGlyph[] = [];
  let pen = 0;
  for (const word of line.split(' ')) {
    if (word !== '') {
      const shaped = face.shape(word);
      for (const glyph of shaped.glyphs) {
        if (face.glyphPath(glyph.id) !== '') glyphs.push({ id: glyph.id, x: pen + glyph.x, y: glyph.y });
      }
      pen += shaped.width;
    }
    pen += face.spaceWidth;
  }
  doc.ops.push({ kind: 'text', face, line, x: round(left), y: round(y), scale: size / face.unitsPerEm, fill, glyphs });
  return width;
}

/** Another SVG (the logo) drawn into the box at `x`,`y`, `size` pixels square. */
export function embedSvg(doc: SvgDoc, source: string, x: number, y: number, size: number): void {
  const open = /<svg\b[^>]*>/i.exec(source);
  const close = source.lastIndexOf('</svg>');
  if (!open || close < 0) throw new Error('embedSvg: not an SVG document');
  const viewBox = /viewBox="([^"]+)"/i.exec(open[0])?.[1] ?? `0 0 ${size} ${size}`;
  const inner = source.slice(open.index + open[0].length, close);
  doc.ops.push({ kind: 'svg', x: round(x), y: round(y), size: round(size), viewBox, inner });
}

/** The SVG id of a face's glyph (`b123`). */
export const glyphId = (face: Face, id: number) => `${face.id}${id}`;

/** One operation as SVG markup. */
export function opSvg(op: DrawOp): string {
  switch (op.kind) {
    case 'rect': {
      const r = op.radius ? ` rx="${op.radius}"` : '';
      return `<rect x="${op.x}" y="${op.y}" width="${op.width}" height="${op.height}"${r} fill="${escapeXml(op.fill)}"/>`;
    }
    case 'text': {
      let uses = '';
      for (const g of op.glyphs) uses += `<use href="#${glyphId(op.face, g.id)}" x="${g.x}"${g.y ? ` y="${g.y}"` : ''}/>`;
      return `<g aria-label="${escapeXml(op.line)}" fill="${escapeXml(op.fill)}" transform="translate(${op.x} ${op.y}) scale(${op.scale} ${-op.scale})">${uses}</g>`;
    }
    case 'svg':
      return `<svg x="${op.x}" y="${op.y}" width="${op.size}" height="${op.size}" viewBox="${escapeXml(op.viewBox)}">${op.inner}</svg>`;
  }
}

/** The drawing's markup, without the outer `<svg>` and without glyph definitions. */
export function svgBody(ops: readonly DrawOp[]): string {
  return ops.map(opSvg).join('');
}

/** The document, with `title` as its accessible name. */
export function toSvgString(doc: SvgDoc, title: string): string {
  const defs = new Map<string, string>();
  for (const op of doc.ops) {
    if (op.kind !== 'text') continue;
    for (const g of op.glyphs) {
      const id = glyphId(op.face, g.id);
      if (!defs.has(id)) defs.set(id, `<path id="${id}" d="${op.face.glyphPath(g.id)}"/>`);
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${doc.width}" height="${doc.height}" viewBox="0 0 ${doc.width} ${doc.height}" role="img">` +
    `<title>${escapeXml(title)}</title><defs>${[...defs.values()].join('')}</defs>${svgBody(doc.ops)}</svg>`
  );
}
