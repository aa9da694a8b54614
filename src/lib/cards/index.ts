/** Social cards and icons: layout, SVG and pixels from sprites (no I/O, no Astro). */
export { CARD_DESIGN_VERSION, CARD_HEIGHT, CARD_WIDTH, cardBase, cardDrawing, cardSvg } from './card.ts';
export type { CardAssets, CardContent, CardDrawing } from './card.ts';
export { loadFace } from './font.ts';
export type { Face } from './font.ts';
export { ICON_BACKGROUND, ICONS, iconSvg } from './icons.ts';
export type { IconSpec } from './icons.ts';
export { ELLIPSIS, ellipsize, fitText, wrapText } from './layout.ts';
export { createRasterizer } from './raster.ts';
export type { CardRasterizer, RenderSvg } from './raster.ts';
export { escapeXml } from './svg.ts';
export type { DrawOp } from './svg.ts';
export { plainTitle } from './tex.ts';
