/**
 * Icons from the one logo: the SVG drawn square at a size, optionally shrunk onto a
 * full-bleed background (maskable icons keep their art inside the central safe circle;
 * an apple-touch-icon must have no transparent corners).
 */
import { createSvg, embedSvg, rect, svgBody } from './svg.ts';

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

export function iconSvg(logo: string, spec: IconSpec): string {
  const doc = createSvg(spec.size, spec.size);
  if (spec.background) rect(doc, 0, 0, spec.size, spec.size, spec.background);
  const inner = spec.size * (spec.scale ?? 1);
  embedSvg(doc, logo, (spec.size - inner) / 2, (spec.size - inner) / 2, inner);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${spec.size}" height="${spec.size}" viewBox="0 0 ${spec.size} ${spec.size}">${svgBody(doc.ops)}</svg>`;
}
