/**
 * Which partitions hold a passage a reader remembers: the passage sketch beside the word map. A
 * passage ("six words of an abstract") is made of words every partition has; its runs of three
 * neighbouring words are rare, and its runs of four rarer still. Listing every run with its
 * partitions would cost more than the site can hold (a map of pairs alone was 17 MB at 60,000
 * papers), so each partition keeps a Bloom filter of its runs: never a false negative, and about
 * one absent run in thirty reads as present. The filters are stored sliced: the same block of
 * every partition's filter sits together in one shard, so a query reads one shard of ~2 KB per
 * run, whatever the number of partitions.
 *
 * Why runs of three and four, not pairs: a boilerplate passage ("To address these issues we")
 * has runs that many partitions hold, each in other abstracts. On 59,207 bench papers, the first
 * partition by the sketch held a passage the reader typed in 786 of 795 draws with pairs and runs
 * of three, and in 792 with runs of three and four, at the same bytes.
 *
 * A partition's filter is `BLOCKS` blocks of 64 bits; a run sets `BITS` bits of one block (a
 * blocked Bloom filter). Shard `s` is `pagefind/passages/<s>.bin`: blocks `s·perShard …`, each as
 * 8 bytes per partition in ascending partition number (a block as two little-endian uint32s).
 * Both sides hash words as the query reads them (src/lib/search/query.ts), stemmed.
 */
import { keyHash } from './exact.ts';
import { searchWords } from './query.ts';
import { stem } from '../text/stem.ts';

/**
 * Blocks of a partition's filter: 320 KB a partition. ~1,000 papers hold ~350,000 distinct runs,
 * 8–9 a block, which set ~40% of a block's bits: an absent run reads as present with odds of
 * about 0.4⁴ ≈ 3%, and a passage's rare runs tell its partitions from ~60 others.
 */
export const BLOCKS = 40_960;

/** Bits a run sets in its block. */
const BITS = 4;

/** About this many bytes a shard: one is read per run of the query. */
export const PASSAGE_SHARD_BYTES = 2_048;

/** The hashes of a text's runs of three and of four neighbouring words (stemmed, as the query reads them); none under three words. */
export function passageHashes(text: string): number[] {
  const words = searchWords(text).map((w) => stem(w));
  const hashes: number[] = [];
  for (let i = 0; i + 2 < words.length; i++) {
    hashes.push(keyHash(words.slice(i, i + 3).join(' ')));
    if (i + 3 < words.length) hashes.push(keyHash(words.slice(i, i + 4).join(' ')));
  }
  return hashes;
}

/** Murmur3's finalizer: FNV-1a's low bits are weak, and a block and its bits must not depend on each other. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash's block, and its bits in it (0–63). */
function place(hash: number): { block: number; bits: number[] } {
  const bits = mix(hash ^ 0x9e3779b9);
  return { block: mix(hash) % BLOCKS, bits: Array.from({ length: BITS }, (_, i) => (bits >>> (6 * i)) & 63) };
}

/** A partition's filter: `BLOCKS` × 2 uint32 words, from the hashes of its runs. */
export function passageFilter(hashes: Iterable<number>): Uint32Array {
  const filter = new Uint32Array(BLOCKS * 2);
  for (const hash of hashes) {
    const { block, bits } = place(hash);
    for (const bit of bits) filter[block * 2 + (bit >> 5)]! |= 1 << (bit & 31);
  }
  return filter;
}

/** Blocks a shard holds for `partitions` partitions: as many as fit in `PASSAGE_SHARD_BYTES`, at least one. */
export const blocksPerShard = (partitions: number): number => Math.max(1, Math.floor(PASSAGE_SHARD_BYTES / (8 * Math.max(1, partitions))));

/** The shards of some partitions' filters, given in ascending partition order. */
export function buildPassageShards(filters: readonly Uint32Array[]): Uint8Array[] {
  const per = blocksPerShard(filters.length);
  const shards: Uint8Array[] = [];
  for (let first = 0; first < BLOCKS; first += per) {
    const blocks = Math.min(per, BLOCKS - first);
    const shard = new Uint8Array(blocks * filters.length * 8);
    const view = new DataView(shard.buffer);
    for (let b = 0; b < blocks; b++) {
      filters.forEach((filter, p) => {
        const at = (b * filters.length + p) * 8;
        view.setUint32(at, filter[(first + b) * 2]!, true);
        view.setUint32(at + 4, filter[(first + b) * 2 + 1]!, true);
      });
    }
    shards.push(shard);
  }
  return shards;
}

/** The shard a hash is in, when the shards are of `partitions` partitions. */
export const passageShardOf = (hash: number, partitions: number): number => Math.floor(place(hash).block / blocksPerShard(partitions));

/** The indexes (in ascending partition order) of the partitions whose filter holds the hash, from its shard. */
export function partitionsHolding(shard: Uint8Array, hash: number, partitions: number): number[] {
  const { block, bits } = place(hash);
  const view = new DataView(shard.buffer, shard.byteOffset, shard.byteLength);
  const at = (block % blocksPerShard(partitions)) * partitions;
  const holding: number[] = [];
  for (let p = 0; p < partitions; p++) {
    const [low, high] = [view.getUint32((at + p) * 8, true), view.getUint32((at + p) * 8 + 4, true)];
    if (bits.every((bit) => ((bit < 32 ? low : high) >>> (bit & 31)) & 1)) holding.push(p);
  }
  return holding;
}

/**
 * `candidates` (newest first) in the order to search them for a passage: those holding the most
 * of its runs first, the newest first among equals; and how many hold every one.
 */
export function orderByPassage<T>(candidates: readonly T[], heldBy: readonly ReadonlySet<T>[]): { ordered: T[]; holdingAll: number } {
  const score = new Map(candidates.map((c) => [c, heldBy.filter((set) => set.has(c)).length]));
  const ordered = [...candidates].sort((a, b) => score.get(b)! - score.get(a)!);
  return { ordered, holdingAll: heldBy.length > 0 ? ordered.filter((c) => score.get(c) === heldBy.length).length : 0 };
}
