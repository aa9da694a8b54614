/**
 * Which partitions hold words side by side: the pair map beside the word map. A passage a reader
 * remembers ("six words of an abstract") is made of words every partition has; the pairs of
 * neighbouring words it is made of are much rarer. The build hashes every pair of neighbouring
 * words of each paper's indexed text (as the query reads them, src/lib/search/query.ts, and stemmed)
 * and writes, per pair, the partitions that hold it, in binary shards by hash:
 * `<base>pagefind/pairs/<n>.bin`, entries sorted by hash, each
 * `[hash: uint32][count: uint8][partition: uint16 × count]` (little-endian; a partition as its
 * number less the manifest's `base`). A pair that more than half the partitions hold tells little
 * and is left out. The search puts the partitions holding every pair of the query first; it still
 * searches the others on request, since Pagefind matches words, not passages.
 */
import { keyHash } from './exact.ts';
import { searchWords } from './query.ts';
import { stem } from '../text/stem.ts';

/**
 * At most this many bytes per shard on average (a request per pair of the query; hashes and partition
 * numbers hardly compress). By bytes, not by pairs: a pair that many partitions hold is 5 bytes
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

/** Binary shards of the pairs of some partitions (`numbers`: each partition's number, its pairs' hashes). */
export function buildPairShards(partitions: readonly { number: number; pairs: readonly number[] }[]): PairShards {
  const base = partitions.length > 0 ? Math.min(...partitions.map((p) => p.number)) : 0;
  const where = new Map<number, number[]>();
  for (const { number, pairs } of partitions) {
    for (const hash of pairs) {
      const list = where.get(hash);
      if (list) list.push(number - base);
      else where.set(hash, [number - base]);
    }
  }
  const kept = [...where].filter(([, list]) => list.length <= partitions.length / 2).sort((a, b) => a[0] - b[0]);
  const entryBytes = (parts: readonly number[]) => 5 + 2 * Math.min(new Set(parts).size, 255);
  const bytes = kept.reduce((n, [, parts]) => n + entryBytes(parts), 0);
  let count = 1;
  while (count * PAIR_SHARD_BYTES < bytes) count *= 2;
  const entries: [number, number[]][][] = Array.from({ length: count }, () => []);
  for (const entry of kept) entries[entry[0] % count]!.push(entry);
  const shards = entries.map((list) => {
    const shard = new Uint8Array(list.reduce((n, [, parts]) => n + entryBytes(parts), 0));
    const view = new DataView(shard.buffer);
    let at = 0;
    for (const [hash, parts] of list) {
      const sorted = [...new Set(parts)].sort((a, b) => a - b).slice(0, 255);
      view.setUint32(at, hash, true);
      view.setUint8(at + 4, sorted.length);
      at += 5;
      for (const part of sorted) {
        view.setUint16(at, part, true);
        at += 2;
      }
    }
    return shard;
  });
  return { base, shards };
}

/** The partition numbers a shard gives for a pair's hash, or undefined when it has no entry for it. */
export function partitionsOfPair(shard: Uint8Array, hash: number, base: number): number[] | undefined {
  const view = new DataView(shard.buffer, shard.byteOffset, shard.byteLength);
  for (let at = 0; at + 5 <= shard.byteLength; ) {
    const entry = view.getUint32(at, true);
    const count = view.getUint8(at + 4);
    if (entry === hash) return Array.from({ length: count }, (_, i) => base + view.getUint16(at + 5 + 2 * i, true));
    if (entry > hash) return undefined;
    at += 5 + 2 * count;
  }
  return undefined;
}
