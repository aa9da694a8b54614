/**
 * Which partitions may hold a run of three words: the passage sketch beside the pair map. A passage
 * made of common words ("this leads to the demand for") has pairs that most partitions hold, so
 * the pair map cannot tell where it is; its runs of three words are rare. Listing every run with
 * its partitions would cost more than the whole word map, so each partition keeps a Bloom filter
 * of its runs instead (false positives, never false negatives), and the filters are stored
 * sliced: block `b` of every partition's filter sits together in one shard, so a query reads one
 * small shard per run, whatever the number of partitions.
 *
 * A partition's filter is `BLOCKS` blocks of 64 bits; a run sets two bits of one block (a blocked
 * Bloom filter). Shard `s` is `pagefind/passages/<s>.bin`: blocks `s·perShard …`, each as 8 bytes
 * per partition in ascending partition number (a 64-bit block as two little-endian uint32s).
 */
import { runHashes } from './pairs.ts';

/** Blocks of a partition's filter: 64 KB a partition. ~1,000 papers make ~150,000 runs: about one in five absent runs reads as present. */
export const BLOCKS = 8_192;

/** About this many bytes a shard: one is read per run of the query. */
export const PASSAGE_SHARD_BYTES = 2_048;

/** The hashes of a text's runs of three neighbouring words. */
export const runOfThreeHashes = (text: string): number[] => runHashes(text, 3);

/** Mixes a run's hash (FNV-1a, whose low bits are weak) so its block and its two bits are independent. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A run's block, and its two bits in it (each as a word index 0–1 and a bit 0–31). */
function place(hash: number): { block: number; bits: [number, number] } {
  const h = mix(hash);
  return { block: h % BLOCKS, bits: [(h >>> 13) & 63, (h >>> 19) & 63] };
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

/** Blocks a shard holds for `partitions` partitions: a power of two, so shards split the filter evenly. */
export function blocksPerShard(partitions: number): number {
  let per = 1;
  while (per * 2 * 8 * partitions <= PASSAGE_SHARD_BYTES && per * 2 <= BLOCKS) per *= 2;
  return per;
}

/** The shards of some partitions' filters, in ascending partition order. */
export function buildPassageShards(filters: readonly Uint32Array[]): Uint8Array[] {
  const per = blocksPerShard(filters.length);
  const shards: Uint8Array[] = [];
  for (let first = 0; first < BLOCKS; first += per) {
    const words = new Uint32Array(per * filters.length * 2);
    for (let b = 0; b < per; b++) {
      filters.forEach((filter, p) => {
        words[(b * filters.length + p) * 2] = filter[(first + b) * 2]!;
        words[(b * filters.length + p) * 2 + 1] = filter[(first + b) * 2 + 1]!;
      });
    }
    shards.push(littleEndian(words));
  }
  return shards;
}

function littleEndian(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word, true));
  return bytes;
}

/** The shard a run's hash is in, when the shards are of `partitions` partitions. */
export const passageShardOf = (hash: number, partitions: number): number => Math.floor(place(hash).block / blocksPerShard(partitions));

/** The indexes (in ascending partition order) of the partitions whose filter holds the run, from its shard. */
export function partitionsOfRun(shard: Uint8Array, hash: number, partitions: number): number[] {
  const { block, bits } = place(hash);
  const view = new DataView(shard.buffer, shard.byteOffset, shard.byteLength);
  const at = (block % blocksPerShard(partitions)) * partitions;
  const holding: number[] = [];
  for (let p = 0; p < partitions; p++) {
    const has = (bit: number) => (view.getUint32(((at + p) * 2 + (bit >> 5)) * 4, true) >>> (bit & 31)) & 1;
    if (has(bits[0]) && has(bits[1])) holding.push(p);
  }
  return holding;
}
