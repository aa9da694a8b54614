/**
 * Which partitions hold words side by side: the pair map beside the word map. A passage a reader
 * remembers ("six words of an abstract") is made of words every partition has; the pairs of
 * neighbouring words it is made of are much rarer. The build hashes every pair of neighbouring
 * words of each paper's indexed text (as the query reads them, src/lib/search/query.ts, and stemmed)
 * and writes, per pair, the partitions that hold it, in binary shards by hash:
 * `<base>pagefind/pairs/<n>.bin`, entries sorted by hash, each
 * `[hash: uint32][count: uint16][partition: uint16 × count]` (little-endian; a partition as its
 * number less the manifest's `base`). A pair that more than half the partitions hold is written
 * as the partitions that do not (the count's top bit set), so every entry is short and every pair
 * of the archive is known: a pair with no entry is in no partition. The search puts first the
 * partitions holding the most pairs of the query (all of them: the passage as typed); it still
 * searches the others on request, since Pagefind matches words, not passages.
 */
import { keyHash } from './exact.ts';
import { searchWords } from './query.ts';
import { stem } from '../text/stem.ts';

/**
 * At most this many bytes per shard on average (a request per pair of the query; hashes and partition
 * numbers hardly compress). By bytes, not by pairs: a pair that many partitions hold is 6 bytes
 * and 2 per partition, and a shard of 500 such pairs was 13 KB at 120,000 papers.
 */
export const PAIR_SHARD_BYTES = 2_048;

/** The hashes of a text's runs of `size` neighbouring words (stemmed, as the query reads them). */
export function runHashes(text: string, size: number): number[] {
  const words = searchWords(text).map((w) => stem(w));
  const hashes: number[] = [];
  for (let i = 0; i + size <= words.length; i++) hashes.push(keyHash(words.slice(i, i + size).join(' ')));
  return hashes;
}

/** The hashes of a text's pairs of neighbouring words. */
export const pairHashes = (text: string): number[] => runHashes(text, 2);

export interface PairShards {
  /** The lowest partition number: entries store partitions relative to it. */
  base: number;
  shards: Uint8Array[];
}

/** The count's top bit: the entry lists the partitions that do not hold the pair. */
const ALL_BUT = 0x8000;

/**
 * Binary shards of the pairs of some partitions (`numbers`: each partition's number, its pairs'
 * hashes, each hash once). Every build makes them from every partition (millions of pairs at
 * 60,000 papers), so they are made with one sorted typed array, not a map of lists.
 */
export function buildPairShards(partitions: readonly { number: number; pairs: readonly number[] }[]): PairShards {
  const base = partitions.length > 0 ? Math.min(...partitions.map((p) => p.number)) : 0;
  const every = [...new Set(partitions.map((p) => p.number - base))].sort((a, b) => a - b);
  // hash · 2¹⁶ + partition: sorted, the partitions of each pair in order, pairs by hash.
  const held = new Float64Array(partitions.reduce((n, p) => n + p.pairs.length, 0));
  let n = 0;
  for (const { number, pairs } of partitions) for (const hash of pairs) held[n++] = hash * 0x10000 + (number - base);
  held.sort();
  let unique = 0;
  for (let i = 0; i < held.length; i++) if (i === 0 || held[i] !== held[unique - 1]) held[unique++] = held[i]!;
  const sorted = held.subarray(0, unique);
  const hashAt = (i: number) => Math.floor(sorted[i]! / 0x10000);
  const partitionAt = (i: number) => sorted[i]! % 0x10000;
  /** Each pair's run in `sorted` [from, to), in hash order. */
  const runs: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && hashAt(j) === hashAt(i)) j++;
    runs.push(i, j);
    i = j;
  }
  const allBut = (from: number, to: number) => to - from > every.length / 2;
  const listed = (from: number, to: number) => (allBut(from, to) ? every.length - (to - from) : to - from);
  let bytes = 0;
  for (let r = 0; r < runs.length; r += 2) bytes += 6 + 2 * listed(runs[r]!, runs[r + 1]!);
  let count = 1;
  while (count * PAIR_SHARD_BYTES < bytes) count *= 2;
  const sizes = new Array<number>(count).fill(0);
  for (let r = 0; r < runs.length; r += 2) sizes[hashAt(runs[r]!) % count]! += 6 + 2 * listed(runs[r]!, runs[r + 1]!);
  const shards = sizes.map((size) => new Uint8Array(size));
  const views = shards.map((shard) => new DataView(shard.buffer));
  const at = new Array<number>(count).fill(0);
  for (let r = 0; r < runs.length; r += 2) {
    const [from, to] = [runs[r]!, runs[r + 1]!];
    const hash = hashAt(from);
    const shard = hash % count;
    const view = views[shard]!;
    let offset = at[shard]!;
    let parts: number[] = [];
    for (let i = from; i < to; i++) parts.push(partitionAt(i));
    const flag = allBut(from, to) ? ALL_BUT : 0;
    if (flag) {
      const has = new Set(parts);
      parts = every.filter((p) => !has.has(p));
    }
    view.setUint32(offset, hash, true);
    view.setUint16(offset + 4, flag | parts.length, true);
    offset += 6;
    for (const part of parts) {
      view.setUint16(offset, part, true);
      offset += 2;
    }
    at[shard] = offset;
  }
  return { base, shards };
}

/**
 * The partition numbers that hold a pair, from its shard: `partitions` are the numbers of every
 * partition of the archive (the manifest's), for the pairs written as the partitions that do not.
 */
export function partitionsOfPair(shard: Uint8Array, hash: number, base: number, partitions: readonly number[]): number[] {
  const view = new DataView(shard.buffer, shard.byteOffset, shard.byteLength);
  for (let at = 0; at + 6 <= shard.byteLength; ) {
    const entry = view.getUint32(at, true);
    const header = view.getUint16(at + 4, true);
    const count = header & ~ALL_BUT;
    if (entry === hash) {
      const listed = Array.from({ length: count }, (_, i) => base + view.getUint16(at + 6 + 2 * i, true));
      if (!(header & ALL_BUT)) return listed;
      const not = new Set(listed);
      return partitions.filter((n) => !not.has(n));
    }
    if (entry > hash) return [];
    at += 6 + 2 * count;
  }
  return [];
}

/**
 * `candidates` (newest first) in the order to search them for a passage: those holding the most
 * of its pairs (or runs of three words) first, the newest first among equals; and how many hold every one.
 */
export function orderByPairs<T>(candidates: readonly T[], heldBy: readonly ReadonlySet<T>[]): { ordered: T[]; holdingAll: number } {
  const score = new Map(candidates.map((c) => [c, heldBy.filter((set) => set.has(c)).length]));
  const ordered = [...candidates].sort((a, b) => score.get(b)! - score.get(a)!);
  return { ordered, holdingAll: heldBy.length > 0 ? ordered.filter((c) => score.get(c) === heldBy.length).length : 0 };
}
