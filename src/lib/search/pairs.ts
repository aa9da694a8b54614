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

/** The hashes of a text's pairs of neighbouring words. */
export function pairHashes(text: string): number[] {
  const words = searchWords(text).map((w) => stem(w));
  const hashes: number[] = [];
  for (let i = 0; i + 1 < words.length; i++) hashes.push(keyHash(`${words[i]} ${words[i + 1]}`));
  return hashes;
}

export interface PairShards {
  /** The lowest partition number: entries store partitions relative to it. */
  base: number;
  shards: Uint8Array[];
}

/** The count's top bit: the entry lists the partitions that do not hold the pair. */
const ALL_BUT = 0x8000;

/** Binary shards of the pairs of some partitions (`numbers`: each partition's number, its pairs' hashes). */
export function buildPairShards(partitions: readonly { number: number; pairs: readonly number[] }[]): PairShards {
  const base = partitions.length > 0 ? Math.min(...partitions.map((p) => p.number)) : 0;
  const every = [...new Set(partitions.map((p) => p.number - base))].sort((a, b) => a - b);
  const where = new Map<number, number[]>();
  for (const { number, pairs } of partitions) {
    for (const hash of pairs) {
      const list = where.get(hash);
      if (list) list.push(number - base);
      else where.set(hash, [number - base]);
    }
  }
  const entries = [...where]
    .map(([hash, list]): [number, number, number[]] => {
      const held = new Set(list);
      if (held.size <= every.length / 2) return [hash, 0, [...held].sort((a, b) => a - b)];
      return [hash, ALL_BUT, every.filter((n) => !held.has(n))];
    })
    .sort((a, b) => a[0] - b[0]);
  const entryBytes = (parts: readonly number[]) => 6 + 2 * parts.length;
  const bytes = entries.reduce((n, [, , parts]) => n + entryBytes(parts), 0);
  let count = 1;
  while (count * PAIR_SHARD_BYTES < bytes) count *= 2;
  const lists: (typeof entries)[] = Array.from({ length: count }, () => []);
  for (const entry of entries) lists[entry[0] % count]!.push(entry);
  const shards = lists.map((list) => {
    const shard = new Uint8Array(list.reduce((n, [, , parts]) => n + entryBytes(parts), 0));
    const view = new DataView(shard.buffer);
    let at = 0;
    for (const [hash, flag, parts] of list) {
      view.setUint32(at, hash, true);
      view.setUint16(at + 4, flag | parts.length, true);
      at += 6;
      for (const part of parts) {
        view.setUint16(at, part, true);
        at += 2;
      }
    }
    return shard;
  });
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
 * of its pairs first, the newest first among equals; and how many hold every pair.
 */
export function orderByPairs<T>(candidates: readonly T[], heldBy: readonly ReadonlySet<T>[]): { ordered: T[]; holdingAll: number } {
  const score = new Map(candidates.map((c) => [c, heldBy.filter((set) => set.has(c)).length]));
  const ordered = [...candidates].sort((a, b) => score.get(b)! - score.get(a)!);
  return { ordered, holdingAll: heldBy.length > 0 ? ordered.filter((c) => score.get(c) === heldBy.length).length : 0 };
}
