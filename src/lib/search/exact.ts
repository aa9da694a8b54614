/**
 * Exact keys beside the full-text index: an arXiv id, a folded title or a folded author name
 * (src/lib/search/query.ts) to the papers that have it, with no word matching at all.
 *
 * `<base>pagefind/keys/<n>.json` is one shard of them, `{ "<key hash>": ["<partition code>/<page>", …] }`:
 * a paper is named by its partition (src/lib/search/routing.ts `periodCode`) and the hash of its
 * Pagefind fragment, which the browser fetches to show it (title, date, topics, excerpt) without
 * loading a partition. The shard of a key is its hash modulo the shard count, which the manifest
 * gives: a query reads one shard of a few kilobytes, whatever the size of the archive. Keys are
 * stored as 32-bit hashes, so the browser checks a hit against the fragment it fetches.
 */

/** About this many keys per shard (each key ~20 bytes with one paper: ~3 KB, ~2 KB gzipped). */
export const KEYS_PER_SHARD = 150;

/** FNV-1a, 32 bits, over UTF-16 code units: the same in the build and the browser. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shard count for `keys` keys: a power of two, so a shard is the hash's low bits. */
export function shardCount(keys: number): number {
  let shards = 1;
  while (shards * KEYS_PER_SHARD < keys) shards *= 2;
  return shards;
}

/**
 * The shard of a key: by its text without its kind, so that a query's title and author keys (the
 * same folded text) are in one shard, one request.
 */
export const shardOf = (key: string, shards: number): number => keyHash(key.slice(key.indexOf(':') + 1)) % shards;

/** A key's name inside its shard. */
export const keyName = (key: string): string => keyHash(key).toString(36);

export type KeyShard = Record<string, string[]>;

/** Every paper's keys, sharded: `papers` are `[reference, keys]`; references keep their order under each key. */
export function buildKeyShards(papers: readonly (readonly [ref: string, keys: readonly string[]])[]): KeyShard[] {
  const all = new Map<string, string[]>();
  for (const [ref, keys] of papers) {
    for (const key of keys) {
      const list = all.get(key);
      if (list) list.push(ref);
      else all.set(key, [ref]);
    }
  }
  const shards: KeyShard[] = Array.from({ length: shardCount(all.size) }, () => ({}));
  for (const key of [...all.keys()].sort()) {
    const shard = shards[shardOf(key, shards.length)]!;
    const name = keyName(key);
    // Two keys with one hash share the entry; the browser's check tells their papers apart.
    shard[name] = [...(shard[name] ?? []), ...all.get(key)!];
  }
  return shards;
}
