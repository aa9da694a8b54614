/**
 * A small SVG writer for cards. Text is drawn as the font's own glyph outlines (each glyph
 * defined once, then `<use>`d), so the PNG looks the same on every machine whatever fonts
 * it has; each line also carries its text, escaped, in `aria-label`, and the card its
 * title in `<title>`, so the SVG stays readable and testable as text.
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

const num = (n: number) => String(Math.round(n * 100) / 100);

export interface SvgDoc {
  width: number;
  height: number;
  /** Glyph definitions by id (`b123`). */
  glyphs: Map<string, string>;
  body: string[];
}

export function createSvg(width: number, height: number): SvgDoc {
  return { width, height, glyphs: new Map(), body: [] };
}

export function rect(doc: SvgDoc, x: number, y: number, width: number, height: number, fill: string, radius = 0): void {
  const r = radius ? ` rx="${num(radius)}"` : '';
  doc.body.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}"${r} fill="${escapeXml(fill)}"/>`);
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
  const scale = size / face.unitsPerEm;
  let pen = 0;
  let uses = '';
  for (const word of line.split(' ')) {
    if (word !== '') {
      const shaped = face.shape(word);
      for (const glyph of shaped.glyphs) {
        const id = `${face.id}${glyph.id}`;
        if (!doc.glyphs.has(id)) doc.glyphs.set(id, face.glyphPath(glyph.id));
        if (doc.glyphs.get(id) === '') continue;
        const gx = pen + glyph.x;
        uses += `<use href="#${id}" x="${gx}"${glyph.y ? ` y="${glyph.y}"` : ''}/>`;
      }
      pen += shaped.width;
    }
    pen += face.spaceWidth;
  }
  doc.body.push(
    `<g aria-label="${escapeXml(line)}" fill="${escapeXml(fill)}" transform="translate(${num(left)} ${num(y)}) scale(${scale} ${-scale})">${uses}</g>`,
  );
  return width;
}

/** Another SVG (the logo) drawn into the box at `x`,`y`, `size` pixels square. */
export function embedSvg(doc: SvgDoc, source: string, x: number, y: number, size: number): void {
  const open = /<svg\b[^>]*>/i.exec(source);
  const close = source.lastIndexOf('</svg>');
  if (!open || close < 0) throw new Error('embedSvg: not an SVG document');
  const viewBox = /viewBox="([^"]+)"/i.exec(open[0])?.[1] ?? `0 0 ${size} ${size}`;
  const inner = source.slice(open.index + open[0].length, close);
  doc.body.push(`<svg x="${num(x)}" y="${num(y)}" width="${num(size)}" height="${num(size)}" viewBox="${escapeXml(viewBox)}">${inner}</svg>`);
}

/** The document, with `title` as its accessible name. */
export function toSvgString(doc: SvgDoc, title: string): string {
  const defs = [...doc.glyphs].filter(([, d]) => d !== '').map(([id, d]) => `<path id="${id}" d="${d}"/>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${doc.width}" height="${doc.height}" viewBox="0 0 ${doc.width} ${doc.height}" role="img">` +
    `<title>${escapeXml(title)}</title><defs>${defs.join('')}</defs>${doc.body.join('')}</svg>`
  );
}
