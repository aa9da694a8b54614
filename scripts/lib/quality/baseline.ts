import { isStopword } from '../../../src/lib/text/stopwords.ts';
import { RowBuilder, emptyNeighbours, extendNeighbours, neighboursOf } from '../../../src/lib/related/sparse.ts';
import type { RelatedInput } from '../../../src/lib/related/related.ts';

const WORD = /\b\w\w+\b/g;

function rawCounts(paper: RelatedInput): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of `${paper.title} ${paper.abstract}`.toLowerCase().match(WORD) ?? []) {
    if (!isStopword(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/**
 * The arxiv-sanity style baseline, for comparison only: raw term frequency × smoothed idf over
 * lower-cased title+abstract words (English stopwords removed, no stemming), L2-normalised, cosine.
 */
export function baselineRelated(papers: readonly RelatedInput[], k = 5): Map<string, string[]> {
  const counts = papers.map(rawCounts);
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const ids = new Map([...df.keys()].sort().map((term, i) => [term, i]));
  const n = papers.length;
  const builder = new RowBuilder();
  for (const c of counts) {
    const terms: number[] = [];
    const weights: number[] = [];
    for (const [term, tf] of c) {
      terms.push(ids.get(term) ?? 0);
      weights.push(tf * (Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1));
    }
    const norm = Math.hypot(...weights);
    builder.push(terms, weights.map((w) => w / norm));
  }
  const nb = emptyNeighbours(n, k);
  const order = papers.map((p, i) => [p.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const rank = new Int32Array(n);
  order.forEach(([, i], r) => (rank[i] = r));
  extendNeighbours(builder.finish(ids.size), nb, rank, 0);
  return new Map(papers.map((p, i) => [p.id, neighboursOf(nb, i).map((j) => papers[j]?.id ?? '')]));
}
