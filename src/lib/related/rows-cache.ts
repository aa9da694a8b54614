/**
 * The vectors behind a related-paper state, kept between runs. An update compares only the
 * new papers with the archive, but it needs every paper's vector, and making them (tokenizing
 * and weighting every title and abstract) was most of a daily update: ~4 s at 10,000 papers,
 * ~25 s at 75,000. The vectors of papers already in the state cannot have changed (their text,
 * the statistics sample and the options are all in the state), so they are kept, keyed by it.
 *
 * Stored as one binary file: a JSON header line, the vocabulary (one term a line), then the
 * document frequencies, row offsets, term ids (Int32) and weights (Uint16: weights are
 * integers up to WEIGHT_SCALE = 2^15).
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

interface Header {
  format: number;
  key: string;
  docs: number;
  rows: number;
  nonZeros: number;
  vocabularyBytes: number;
}

export function encodeRows({ key, stats, rows }: CachedRows): Buffer {
  const terms = [...stats.ids.keys()];
  // Term ids are positions in the vocabulary: ids must run 0…n-1 in insertion order.
  if (terms.some((term, i) => stats.ids.get(term) !== i)) throw new Error('related: term ids out of order');
  const vocabulary = Buffer.from(terms.join('\n'));
  const header: Header = { format: FORMAT, key, docs: stats.docs, rows: rows.offsets.length - 1, nonZeros: rows.terms.length, vocabularyBytes: vocabulary.length };
  const bytes = (array: Int32Array | Uint16Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return Buffer.concat([
    Buffer.from(`${JSON.stringify(header)}\n`),
    vocabulary,
    bytes(stats.df),
    bytes(rows.offsets),
    bytes(rows.terms),
    bytes(Uint16Array.from(rows.weights)),
  ]);
}

/** The cached rows, or undefined for anything unreadable (a cache only saves time). */
export function decodeRows(file: Uint8Array): CachedRows | undefined {
  try {
    const data = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    const newline = data.indexOf(10);
    const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as Header;
    if (header.format !== FORMAT) return undefined;
    let at = newline + 1;
    const vocabulary = header.vocabularyBytes === 0 ? [] : data.subarray(at, at + header.vocabularyBytes).toString('utf8').split('\n');
    at += header.vocabularyBytes;
    // Copies: typed arrays need aligned offsets.
    const take = <T>(make: (buffer: ArrayBuffer) => T, count: number, size: number): T => {
      const end = at + count * size;
      if (end > data.length) throw new Error('truncated');
      const copy = make(data.buffer.slice(data.byteOffset + at, data.byteOffset + end) as ArrayBuffer);
      at = end;
      return copy;
    };
    const df = take((b) => new Int32Array(b), vocabulary.length, 4);
    const offsets = take((b) => new Int32Array(b), header.rows + 1, 4);
    const terms = take((b) => new Int32Array(b), header.nonZeros, 4);
    const weights = Float64Array.from(take((b) => new Uint16Array(b), header.nonZeros, 2));
    if (at !== data.length || offsets[header.rows] !== header.nonZeros) return undefined;
    return {
      key: header.key,
      stats: { docs: header.docs, ids: new Map(vocabulary.map((term, i) => [term, i])), df },
      rows: { offsets, terms, weights, termCount: vocabulary.length },
    };
  } catch {
    return undefined;
  }
}
