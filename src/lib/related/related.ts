import { RowBuilder, emptyNeighbours, extendNeighbours, neighboursOf } from './sparse.ts';
import type { Neighbours, SparseRows } from './sparse.ts';
import { rowsKey } from './rows-cache.ts';
import type { CachedRows } from './rows-cache.ts';
import { DEFAULT_VECTOR_PARAMS, buildTermStats, weightVector } from './vectors.ts';
import type { TermStats, VectorInput, VectorParams } from './vectors.ts';

/** A paper as related-paper search sees it: id, text and (optionally) its topic slugs. */
export interface RelatedInput extends VectorInput {
  id: string;
}

/** Options of the related-paper computation. */
export interface RelatedOptions {
  /** Related papers per paper (default 5). */
  k?: number;
  /** Vector weighting (default DEFAULT_VECTOR_PARAMS). */
  params?: Partial<VectorParams>;
  /** Hears how far a long computation has come (steps: 'term statistics', 'vectors', 'comparisons'). */
  onProgress?: ((step: string, done: number, total: number) => void) | undefined;
}

/**
 * Serialisable result and cache (plain JSON). `lists[i]` holds paper i's related papers as
 * [index into ids, integer score] pairs, best first.
 */
export interface RelatedState {
  version: number;
  k: number;
  params: VectorParams;
  /** Term statistics come from the first `statsSize` papers (see `statsSampleSize`). */
  statsSize: number;
  ids: string[];
  /** Hash of title, abstract and topics per paper: a change forces a full recompute. */
  fingerprints: string[];
  lists: Array<Array<[number, number]>>;
}

/** Bump when vectors or scoring change, so old caches are recomputed. */
export const RELATED_VERSION = 1;
const MIN_SAMPLE = 2000;
const SAMPLE_GROWTH = 1.2;

/**
 * Size of the prefix of the archive whose papers define term statistics: the archive size
 * below 2,000 papers, else the largest 2000·1.2^j not above it. Statistics (and so every
 * score) only change when the archive crosses the next step, ~20% growth.
 */
export function statsSampleSize(n: number): number {
  if (n < MIN_SAMPLE) return n;
  let size = MIN_SAMPLE;
  while (Math.floor(size * SAMPLE_GROWTH) <= n) size = Math.floor(size * SAMPLE_GROWTH);
  return size;
}

/** 53-bit hash (cyrb53) of title, abstract and topics, as 14 hex digits. */
export function fingerprint(paper: VectorInput): string {
  const text = `${paper.title}\u0000${paper.abstract}\u0000${(paper.topics ?? []).join(' ')}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

function uniqueById(papers: readonly RelatedInput[]): RelatedInput[] {
  const seen = new Set<string>();
  return papers.filter((p) => !seen.has(p.id) && seen.add(p.id) !== undefined);
}

function resolveOptions(options: RelatedOptions): { k: number; params: VectorParams } {
  return { k: options.k ?? 5, params: { ...DEFAULT_VECTOR_PARAMS, ...options.params } };
}

/** Rank of each id in code-unit order: ties between equal scores go to the smaller id. */
function idRanks(ids: readonly string[]): Int32Array {
  const order = ids.map((_, i) => i).sort((a, b) => ((ids[a] ?? '') < (ids[b] ?? '') ? -1 : 1));
  const rank = new Int32Array(ids.length);
  order.forEach((i, r) => (rank[i] = r));
  return rank;
}

/** Every paper's vector; exported for updates that vectorize only new papers. */
export function vectorizeAll(papers: readonly RelatedInput[], stats: TermStats, params: VectorParams, onPaper?: (done: number, total: number) => void): SparseRows {
  const builder = new RowBuilder();
  papers.forEach((paper, i) => {
    if (onPaper && i % 1000 === 0) onPaper(i, papers.length);
    const v = weightVector(paper, stats, params);
    builder.push(v.terms, v.weights);
  });
  return builder.finish(stats.ids.size);
}

/** `papers`, reporting every 1,000th one read. */
function* counted<T>(papers: readonly T[], onPaper?: (done: number, total: number) => void): Generator<T> {
  for (let i = 0; i < papers.length; i++) {
    if (onPaper && i % 1000 === 0) onPaper(i, papers.length);
    yield papers[i]!;
  }
}

function toState(papers: readonly RelatedInput[], nb: Neighbours, k: number, params: VectorParams, statsSize: number): RelatedState {
  return {
    version: RELATED_VERSION,
    k,
    params,
    statsSize,
    ids: papers.map((p) => p.id),
    fingerprints: papers.map(fingerprint),
    lists: papers.map((_, i) => neighboursOf(nb, i).map((j, r): [number, number] => [j, nb.score[i * k + r] ?? 0])),
  };
}

/** Rows of `a` then rows of `b` (vectors over the same vocabulary). */
function concatRows(a: SparseRows, b: SparseRows): SparseRows {
  const offsets = new Int32Array(a.offsets.length + b.offsets.length - 1);
  offsets.set(a.offsets);
  const base = a.terms.length;
  for (let i = 1; i < b.offsets.length; i++) offsets[a.offsets.length - 1 + i] = base + b.offsets[i]!;
  const terms = new Int32Array(base + b.terms.length);
  terms.set(a.terms);
  terms.set(b.terms, base);
  const weights = new Float64Array(base + b.weights.length);
  weights.set(a.weights);
  weights.set(b.weights, base);
  return { offsets, terms, weights, termCount: a.termCount };
}

function compute(
  papers: readonly RelatedInput[],
  k: number,
  params: VectorParams,
  previous?: RelatedState,
  cached?: CachedRows,
  onProgress?: RelatedOptions['onProgress'],
): { state: RelatedState; rows: CachedRows } {
  const statsSize = statsSampleSize(papers.length);
  const from = previous?.ids.length ?? 0;
  const step = (name: string) => (onProgress ? (done: number, total: number) => onProgress(name, done, total) : undefined);
  // The previous papers' vectors, when they are the previous state's (see rows-cache.ts).
  const reuse = previous && cached && cached.rows.offsets.length - 1 === from && cached.key === rowsKey(previous) ? cached : undefined;
  const stats = reuse ? reuse.stats : buildTermStats(counted(papers.slice(0, statsSize), step('term statistics')), params);
  const rows = reuse ? concatRows(reuse.rows, vectorizeAll(papers.slice(from), stats, params, step('vectors'))) : vectorizeAll(papers, stats, params, step('vectors'));
  const nb = emptyNeighbours(papers.length, k);
  previous?.lists.forEach((list, i) =>
    list.forEach(([j, s], r) => {
      nb.index[i * k + r] = j;
      nb.score[i * k + r] = s;
    }),
  );
  extendNeighbours(rows, nb, idRanks(papers.map((p) => p.id)), from, step('comparisons'));
  const state = toState(papers, nb, k, params, statsSize);
  return { state, rows: { key: rowsKey(state), stats, rows } };
}

/** Computes the related papers of every paper from scratch (duplicate ids after the first are ignored). */
export function buildRelated(papers: readonly RelatedInput[], options: RelatedOptions = {}): RelatedState {
  const { k, params } = resolveOptions(options);
  return compute(uniqueById(papers), k, params, undefined, undefined, options.onProgress).state;
}

/** True when `value` (e.g. a parsed cache file) has the shape of a RelatedState with consistent lists. */
export function isRelatedState(value: unknown): value is RelatedState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<RelatedState>;
  const n = Array.isArray(s.ids) ? s.ids.length : -1;
  return (
    typeof s.version === 'number' &&
    typeof s.k === 'number' &&
    typeof s.statsSize === 'number' &&
    typeof s.params === 'object' &&
    n >= 0 &&
    Array.isArray(s.fingerprints) &&
    s.fingerprints.length === n &&
    Array.isArray(s.lists) &&
    s.lists.length === n &&
    s.lists.every((list, i) => Array.isArray(list) && list.length <= (s.k ?? 0) && list.every((e) => Array.isArray(e) && Number.isInteger(e[0]) && e[0] >= 0 && e[0] < n && e[0] !== i && typeof e[1] === 'number'))
  );
}

/** Why `previous` cannot be extended to `papers` ('' when it can: the archive only grew within a statistics step). */
export function relatedRebuildReason(previous: RelatedState | undefined, papers: readonly RelatedInput[], options: RelatedOptions = {}): string {
  if (previous === undefined) return 'no cache';
  if (!isRelatedState(previous)) return 'cache unreadable';
  const { k, params } = resolveOptions(options);
  const unique = uniqueById(papers);
  if (previous.version !== RELATED_VERSION) return 'cache from another version';
  if (previous.k !== k || JSON.stringify(previous.params) !== JSON.stringify(params)) return 'options changed';
  if (previous.ids.length > unique.length) return 'papers were removed';
  if (statsSampleSize(unique.length) !== previous.statsSize) return 'archive grew past a statistics step';
  for (let i = 0; i < previous.ids.length; i++) {
    const paper = unique[i];
    if (paper === undefined || paper.id !== previous.ids[i]) return `paper order changed at ${previous.ids[i] ?? '?'}`;
    if (fingerprint(paper) !== previous.fingerprints[i]) return `text or topics of ${paper.id} changed`;
  }
  return '';
}

/**
 * Related papers for `papers` (the whole archive, oldest first, new papers appended), reusing
 * `previous` when the archive only grew: then only the new papers are compared with the
 * archive. The result is always identical to `buildRelated(papers, options)`.
 */
export function updateRelated(previous: RelatedState | undefined, papers: readonly RelatedInput[], options: RelatedOptions = {}): RelatedState {
  return updateRelatedWithRows(previous, undefined, papers, options).state;
}

/**
 * `updateRelated`, reusing the vectors of the previous state's papers when `cached` holds
 * them (else they are made again), and returning the vectors of the new state to keep.
 */
export function updateRelatedWithRows(
  previous: RelatedState | undefined,
  cached: CachedRows | undefined,
  papers: readonly RelatedInput[],
  options: RelatedOptions = {},
): { state: RelatedState; rows: CachedRows } {
  const { k, params } = resolveOptions(options);
  const unique = uniqueById(papers);
  if (previous === undefined || relatedRebuildReason(previous, unique, options) !== '') return compute(unique, k, params, undefined, undefined, options.onProgress);
  return compute(unique, k, params, previous, cached, options.onProgress);
}

/** Map from paper id to the ids of its related papers, best first (never itself, at most k). */
export function relatedIds(state: RelatedState): Map<string, string[]> {
  return new Map(state.ids.map((id, i) => [id, (state.lists[i] ?? []).map(([j]) => state.ids[j] ?? '')]));
}
