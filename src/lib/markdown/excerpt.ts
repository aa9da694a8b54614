/** Excerpts longer than this (characters) are cut at a word boundary. */
export const EXCERPT_LENGTH = 280;

/**
 * A short plain-text excerpt for listings, feeds and search: the start of the
 * text, cut at a word boundary with an ellipsis. TeX stays as written.
 */
export function excerpt(text: string, maxLength = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const body = (lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : flat.slice(0, maxLength)).replace(/[\s,;:.\-–—]+$/, '');
  return `${body}…`;
}
