/**
 * Icons from the one logo (`src/assets/logo.svg`): drawn square at a size, optionally shrunk
 * onto a full-bleed background (a maskable icon keeps its art inside the central safe circle;
 * an apple-touch-icon must have no transparent corners).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { LOGO_FILE, nestedLogo } from './render.ts';

export interface IconSpec {
  /** File name without extension: `/icons/<name>.png`. */
  name: string;
  size: number;
  /** Fill behind the logo; transparent when absent. */
  background?: string;
  /** The logo's share of the icon's width (1 = edge to edge). */
  scale?: number;
  purpose?: 'any' | 'maskable';
}

/** The logo's main colour: what shows behind it on full-bleed icons. */
export const ICON_BACKGROUND = '#1f5f8b';

export const ICONS: readonly IconSpec[] = [
  { name: 'apple-touch-icon', size: 180, background: ICON_BACKGROUND },
  { name: 'icon-192', size: 192, purpose: 'any' },
  { name: 'icon-512', size: 512, purpose: 'any' },
  // The safe zone of a maskable icon is a circle of 40% radius: the logo's page fits in it at 84%.
  { name: 'icon-maskable-512', size: 512, background: ICON_BACKGROUND, scale: 0.84, purpose: 'maskable' },
];

/** The icon as an SVG document: the logo in a square, over its background. */
export function iconSvg({ size, background, scale = 1 }: IconSpec): string {
  const art = size * scale;
  const fill = background ? `<rect width="${size}" height="${size}" fill="${background}"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${fill}${nestedLogo((size - art) / 2, (size - art) / 2, art)}</svg>`;
}

/** Changes with the logo and the icon's spec: the icon's key (src/data/pages-to-render.ts). */
export function iconKey(spec: IconSpec): string {
  return createHash('sha256').update(readFileSync(LOGO_FILE)).update(JSON.stringify(spec)).digest('hex');
}

export async function iconPng(spec: IconSpec): Promise<Buffer> {
  const image = sharp(Buffer.from(iconSvg(spec)));
  // Full-bleed icons are opaque: no alpha channel.
  return (spec.background ? image.removeAlpha() : image).png({ compressionLevel: 9 }).toBuffer();
}
