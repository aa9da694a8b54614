/**
 * Reading what Pagefind wrote for a partition: the words of its word index and what each page's
 * fragment says. The word map (src/lib/search/routing.ts) and the exact keys
 * (src/lib/search/exact.ts) are made from these, so they agree with Pagefind by construction:
 * a word is in the map exactly as Pagefind stemmed and split it.
 *
 * Pagefind 1.x writes both gzipped after a `pagefind_dcd` signature: a word chunk
 * (`index/*.pf_index`) is CBOR, `[[ [word, [[page, locations…]…]…], … ]]`; a fragment
 * (`fragment/*.pf_fragment`) is JSON with the page's `url` and `meta`.
 */
import { decode } from 'cbor2';
import { gunzipSync } from 'node:zlib';

const SIGNATURE = 'pagefind_dcd';

function unpack(gzipped: Uint8Array, what: string): Buffer {
  const bytes = gunzipSync(gzipped);
  if (bytes.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) throw new Error(`${what} is not in Pagefind's format (no ${SIGNATURE} signature)`);
  return bytes.subarray(SIGNATURE.length);
}

/** The words of one word chunk. */
export function chunkWords(gzipped: Uint8Array, what = 'a word chunk'): string[] {
  const chunk = decode(unpack(gzipped, what)) as unknown;
  const words = Array.isArray(chunk) ? (chunk[0] as unknown) : undefined;
  if (!Array.isArray(words)) throw new Error(`${what} holds no word list`);
  return words.map((entry) => {
    const word = Array.isArray(entry) ? (entry[0] as unknown) : undefined;
    if (typeof word !== 'string') throw new Error(`${what} holds a word that is not text`);
    return word;
  });
}

/** What a fragment gives: the page's URL, its indexed text and meta (`title`, `date` and the page's own). */
export interface FragmentFacts {
  url: string;
  content: string;
  meta: Record<string, string>;
}

export function fragmentFacts(gzipped: Uint8Array, what = 'a fragment'): FragmentFacts {
  const value = JSON.parse(unpack(gzipped, what).toString('utf8')) as { url?: unknown; content?: unknown; meta?: unknown };
  if (typeof value.url !== 'string' || typeof value.content !== 'string' || typeof value.meta !== 'object' || value.meta === null) {
    throw new Error(`${what} has no url, content or meta`);
  }
  return { url: value.url, content: value.content, meta: value.meta as Record<string, string> };
}

/** A fragment's file name (`fragment/en_0afb15e.pf_fragment`) to the page hash Pagefind names it by (`en_0afb15e`). */
export function fragmentHash(path: string): string | undefined {
  return /^fragment\/([\w-]+)\.pf_fragment$/.exec(path)?.[1];
}
