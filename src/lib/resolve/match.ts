/**
 * Whether a record found on Hugging Face or arXiv is the digest's paper. Only an exact folded
 * title (case, punctuation, spacing, accents and TeX folded: src/lib/digest/normalize.ts) whose
 * abstract begins alike is accepted; anything close is reported, never taken.
 */
import { normalizeTitleKey } from '../digest/normalize.ts';
import { abstractHead, headsCompatible } from '../archive/merge.ts';
import type { NearMiss } from './record.ts';

/** A paper as a service describes it. */
export interface Candidate {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt?: string | undefined;
  /** Primary first; empty when the service does not say (Hugging Face). */
  categories: string[];
}

export interface MatchResult {
  match?: Candidate | undefined;
  nearMisses: NearMiss[];
}

/** Titles this alike (Dice coefficient of their folded letter pairs) are worth a look by hand. */
const NEAR_TITLE = 0.8;

function pairs(key: string): Map<string, number> {
  const counts = new Map<string, number>();
  const chars = [...key];
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Similarity of two folded titles, 0 to 1. */
export function titleSimilarity(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  let shared = 0;
  let total = 0;
  for (const [pair, n] of pa) shared += Math.min(n, pb.get(pair) ?? 0);
  for (const n of pa.values()) total += n;
  for (const n of pb.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

/** The candidate that is `paper`, if exactly one is; the others that come close, with why they were not taken. */
export function matchPaper(paper: { title: string; abstract: string }, candidates: readonly Candidate[]): MatchResult {
  const key = normalizeTitleKey(paper.title);
  const head = abstractHead(paper.abstract);
  const exact: Candidate[] = [];
  const nearMisses: NearMiss[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.arxivId)) continue;
    seen.add(candidate.arxivId);
    const candidateKey = normalizeTitleKey(candidate.title);
    if (candidateKey === key) {
      // A title alone is not enough: without the digest's abstract there is nothing to confirm it by.
      if (head === '') nearMisses.push({ arxivId: candidate.arxivId, title: candidate.title, why: 'same title, but the digest gives no abstract to compare' });
      else if (headsCompatible(abstractHead(candidate.abstract), head)) exact.push(candidate);
      else nearMisses.push({ arxivId: candidate.arxivId, title: candidate.title, why: 'same title, but the abstract begins differently' });
    } else if (titleSimilarity(candidateKey, key) >= NEAR_TITLE) {
      nearMisses.push({ arxivId: candidate.arxivId, title: candidate.title, why: 'a similar title, not the same' });
    }
  }
  if (exact.length === 1) return { match: exact[0], nearMisses };
  const ambiguous = exact.map((c) => ({ arxivId: c.arxivId, title: c.title, why: `one of ${exact.length} papers with this title and abstract start` }));
  return { nearMisses: [...ambiguous, ...nearMisses] };
}
