/**
 * The vectors behind a related-paper state, kept between runs. An update compares only the
 * new papers with the archive, but it needs every paper's vector, and making them (tokenizing
 * and weighting every title and abstract) was most of a daily update: ~4 s at 10,000 papers,
 * ~25 s at 75,000. The vectors of papers already in the state cannot have changed (their text,
 * the statistics sample and the options are all in the state), so they are kept, keyed by it.
 * scripts/lib/related-store.ts keeps them on disk.
 */
import { createHash } from 'node:crypto';
import type { RelatedState } from './related.ts';
import type { SparseRows } from './sparse.ts';
import type { TermStats } from './vectors.ts';

/** The vectors of a state's papers and the term statistics they were weighted with. */
export interface CachedRows {
  /** `rowsKey` of the state they belong to. */
  key: string;
  stats: TermStats;
  rows: SparseRows;
}

const FORMAT = 1;

/** Identifies the vectors a state's papers have: options, statistics sample and every paper's text. */
export function rowsKey(state: RelatedState): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, state.version, state.params, state.statsSize, state.ids.length]));
  for (const print of state.fingerprints) hash.update(print);
  return hash.digest('hex');
}
