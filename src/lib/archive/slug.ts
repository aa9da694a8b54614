import { createHash } from 'node:crypto';
import { withoutTexCommands } from '../text/tex.ts';

/** Longest slug body, in characters; cut at a word boundary so URLs stay readable. */
const MAX_SLUG_LENGTH = 72;

/**
 * A readable lowercase ASCII slug for a title: accents folded, words joined by
 * hyphens, cut at a word boundary. Empty when the title has no ASCII letters or
 * digits (all Chinese, all emoji): callers then fall back to `fallbackSlug`.
 */
export function slugifyTitle(title: string): string {
  // TeX commands read as noise in a URL: `$\mathcal{O}(n)$` → `o-n`. The rule never changes
  // (`U$^2$Mamba` stays `u-2-mamba`), so an archive ingested again gets the URLs it published.
  const ascii = withoutTexCommands(
    title
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/ß/g, 'ss')
      .replace(/æ/gi, 'ae')
      .replace(/ø/gi, 'o')
      .replace(/ł/gi, 'l')
      .toLowerCase(),
    ' ',
  );
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  // A single word longer than the limit: cut it rather than return nothing.
  if (!slug && words[0]) slug = words[0].slice(0, MAX_SLUG_LENGTH);
  // A slug of digits alone reads like a page number (`/topics/x/2/`); say what it is.
  return /^[0-9-]+$/.test(slug) ? `paper-${slug}` : slug;
}

/** The slug for a title with no usable ASCII: the arXiv id, else a short hash of the identity key. */
export function fallbackSlug(identityKey: string, arxivId?: string): string {
  if (arxivId) return `arxiv-${arxivId.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  return `paper-${createHash('sha256').update(identityKey).digest('hex').slice(0, 10)}`;
}

/**
 * The first of `base`, `base-2`, `base-3`… that `isTaken` does not claim.
 * Deterministic: the same registry and base always give the same slug.
 */
export function uniqueSlug(base: string, isTaken: (slug: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
