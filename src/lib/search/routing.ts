/**
 * Which partitions can match a word, without opening them: the word map beside the index.
 *
 * The build reads every partition's words from Pagefind's own word index (so they are stemmed
 * and split exactly as Pagefind does) and writes them, sorted, in chunks of about CHUNK_BYTES:
 * `<base>pagefind/terms/<n>.json`, each `[[word, partitions], …]`. Which chunk holds a word is
 * found in two steps, so that what every search downloads does not grow with the archive: the
 * manifest lists the first word of every group of CHUNKS_PER_GROUP chunks, and
 * `<base>pagefind/term-groups/<g>.json` lists the first word of each chunk of group `g`. A query
 * word is looked up in the one chunk (rarely two) where words with its prefix sit
 * (src/lib/search/query.ts `matchPrefix`): the partitions holding any of them are the only ones
 * Pagefind can find it in. A query opens only the partitions that hold all its words.
 *
 * Partitions are written as codes that never change (`periodCode`): a chunk whose words gained no
 * partition keeps its bytes, and its name, from one build to the next.
 */

/** About this many bytes of JSON per chunk (~2–3 KB gzipped): one request per query word. */
export const CHUNK_BYTES = 6_000;

/**
 * Chunks per group of the word map's index: a group file is ~0.5 KB gzipped, and the manifest
 * holds one word per group (~40 at 120,000 papers rather than ~2,500).
 */
export const CHUNKS_PER_GROUP = 64;

/** The stable code of a partition (`2026-11-21` → base 36 of year·36 + month·3 + third). */
export function periodCode(start: string): string {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7)) - 1;
  const third = Math.min(2, Math.floor((Number(start.slice(8, 10)) - 1) / 10));
  return (year * 36 + month * 3 + third).toString(36);
}

/** The partition (`YYYY-MM-DD` start) of a code. */
export function periodStart(code: string): string {
  const n = parseInt(code, 36);
  const year = Math.floor(n / 36);
  const month = Math.floor((n % 36) / 3);
  const third = n % 3;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${['01', '11', '21'][third]}`;
}

/** Partition numbers as runs: `1k9c-1k9f,1k9h` (sorted ascending). */
export function encodeRuns(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j > i ? `${sorted[i]!.toString(36)}-${sorted[j]!.toString(36)}` : sorted[i]!.toString(36));
    i = j + 1;
  }
  return runs.join(',');
}

/** The partition codes of `encodeRuns`. */
export function decodeRuns(runs: string): string[] {
  const codes: string[] = [];
  for (const run of runs.split(',')) {
    if (!run) continue;
    const [from, to] = run.split('-') as [string, string | undefined];
    const first = parseInt(from, 36);
    const last = to === undefined ? first : parseInt(to, 36);
    for (let n = first; n <= last; n++) codes.push(n.toString(36));
  }
  return codes;
}

/** One chunk of the word map: its words in order, each with its partitions (`encodeRuns`). */
export type TermChunk = [word: string, partitions: string][];

/** The word map of some partitions' words, in chunks of about CHUNK_BYTES. */
export function buildTermChunks(partitions: readonly { start: string; words: readonly string[] }[], chunkBytes = CHUNK_BYTES): TermChunk[] {
  const where = new Map<string, number[]>();
  for (const { start, words } of partitions) {
    const number = parseInt(periodCode(start), 36);
    for (const word of words) {
      const list = where.get(word);
      if (list) list.push(number);
      else where.set(word, [number]);
    }
  }
  const words = [...where.keys()].sort(compare);
  const chunks: TermChunk[] = [];
  let chunk: TermChunk = [];
  let bytes = 0;
  for (const word of words) {
    const entry: [string, string] = [word, encodeRuns(where.get(word)!)];
    const size = word.length + entry[1].length + 8;
    if (bytes + size > chunkBytes && chunk.length > 0) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Code-unit order, the same in the build and the browser. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The chunks (indexes into `firsts`, each chunk's first word, in order) that can hold words starting with `prefix`. */
export function chunksFor(firsts: readonly string[], prefix: string): number[] {
  // The last chunk starting at or before the prefix, then every chunk starting with it.
  let lo = 0;
  let hi = firsts.length - 1;
  let first = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (compare(firsts[mid]!, prefix) <= 0) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const found = [first];
  for (let i = first + 1; i < firsts.length && firsts[i]!.startsWith(prefix); i++) found.push(i);
  return found;
}

/** The first words of groups of `size` chunks (given by their first words): the word map's two-level index. */
export function groupFirsts(firsts: readonly string[], size = CHUNKS_PER_GROUP): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < firsts.length; i += size) groups.push(firsts.slice(i, i + size));
  return groups;
}

/**
 * The chunks that can hold words starting with `prefix`, through the two-level index: the groups
 * to read (`chunksFor` on the groups' first words), then, once their lists of first words are
 * read, the chunks (`inGroups`: the chunks' numbers across the whole map).
 */
export function chunksInGroups(groupIndexes: readonly number[], groups: readonly (readonly string[])[], prefix: string, size = CHUNKS_PER_GROUP): number[] {
  // The groups chunksFor gives are consecutive, so their first words are one run of the map's.
  const offset = (groupIndexes[0] ?? 0) * size;
  return chunksFor(groups.flat(), prefix).map((i) => offset + i);
}

/** The partition codes of every word in the chunks that starts with `prefix`. */
export function partitionsWith(chunks: readonly TermChunk[], prefix: string): Set<string> {
  const codes = new Set<string>();
  for (const chunk of chunks) {
    for (const [word, runs] of chunk) if (word.startsWith(prefix)) for (const code of decodeRuns(runs)) codes.add(code);
  }
  return codes;
}
