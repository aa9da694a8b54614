/**
 * Pagefind's search API over the partitions of the index (src/lib/search/partitions.ts,
 * written by src/integrations/pagefind.ts), loaded on first use: nothing here runs until a
 * reader starts searching.
 *
 * `<base>pagefind/pagefind.js` is Pagefind's own script; its root index is a one-record
 * placeholder. Each partition a search needs is merged into it once (`mergeIndex`), with a
 * synthetic `partition` filter (`mergeFilter`) naming it, so one search over the merged
 * indexes can be limited to some partitions, and tells how many of its results each holds.
 *
 * How Pagefind combines merged indexes (pagefind_web_js, coupled_search.ts): every index is
 * searched, the results are concatenated and sorted by score, filter counts are summed. That
 * is right for best-match order, and the partition filter's counts tell each partition's share.
 * With a sort, Pagefind's score is the result's position in its own index's sort order,
 * which means nothing across indexes: so a date-ordered search asks one partition at a time,
 * the newest first, and concatenates (partitions do not overlap in days, so the concatenation
 * is in date order).
 */
import { keyName, shardOf } from '../../lib/search/exact.ts';
import type { KeyShard } from '../../lib/search/exact.ts';
import type { PartitionManifest } from '../../lib/search/partitions.ts';
import { AUTHOR_SEPARATOR, MANIFEST_FILE, PARTITION_FILTER, parseManifest } from '../../lib/search/partitions.ts';
import type { ExactKind } from '../../lib/search/query.ts';
import { arxivIdOf, exactKeysOf, foldKey, matchPrefix, searchWords } from '../../lib/search/query.ts';
import { orderByPassage, partitionsHolding, passageHashes, passageShardOf } from '../../lib/search/passages.ts';
import type { TermChunk } from '../../lib/search/routing.ts';
import { chunksFor, chunksInGroups, partitionsWith, periodStart } from '../../lib/search/routing.ts';

/** A word matched in a result: its index among the page's words, and how much it counts. */
export interface WordLocation {
  location: number;
  weight: number;
  balanced_score: number;
}

/** An element with an id in the indexed content, at the index of its first word. */
export interface Anchor {
  element: string;
  id: string;
  text?: string;
  location: number;
}

export interface ResultData {
  url: string;
  /** Text around the matches, `<` and `>` escaped, matches wrapped in `<mark>`. */
  excerpt: string;
  /** The indexed text of the page with `<` and `>` escaped. */
  raw_content?: string;
  weighted_locations: WordLocation[];
  anchors: Anchor[];
  meta: { title?: string; date?: string } & Record<string, string | undefined>;
  filters: { topic?: string[] } & Record<string, string[] | undefined>;
}

export interface Result {
  id: string;
  score: number;
  data: () => Promise<ResultData>;
}

/** Pagefind's filter expression: a value (all of them, for a list), or any of several. */
type FilterValue = string[] | { any: string[] };

interface SearchOptions {
  filters?: Record<string, FilterValue>;
  sort?: { date: 'asc' | 'desc' };
}

interface SearchResponse {
  results: Result[];
  /** Counts of each filter value among the results. */
  filters: Record<string, Record<string, number>>;
}

/** The part of Pagefind's module API used here. */
interface PagefindModule {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  mergeIndex: (path: string, options: Record<string, unknown>) => Promise<void>;
  search: (term: string | null, options?: SearchOptions) => Promise<SearchResponse>;
  preload: (term: string, options?: SearchOptions) => Promise<void>;
}

/** The site's base path with a trailing slash (`/` or `/daybook/`). */
export const BASE = import.meta.env.BASE_URL.replace(/\/?$/, '/');
const BUNDLE = `${BASE}pagefind/`;
/** Excerpt length (words) of every index. */
const EXCERPT_LENGTH = 30;

interface Loaded {
  pagefind: PagefindModule;
  manifest: PartitionManifest;
}

/** A load shared by every caller, retried on the next call when it failed. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}

/** A file of the bundle, fetched once per visit. */
const files = new Map<string, Promise<Response>>();
function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  let response = files.get(url);
  if (!response) {
    response = fetch(url, init).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r;
    });
    files.set(url, response);
    response.catch(() => files.delete(url));
  }
  return response.then((r) => r.clone());
}

/** The manifest of partitions, word map and keys: it changes with every new day, so always ask whether it did. */
export const loadManifest = once(async () => parseManifest(await (await fetchOnce(`${BUNDLE}${MANIFEST_FILE}`, { cache: 'no-cache' })).json()));

/** Pagefind, loaded when a search needs its full text. */
const loadPagefind = once(async () => {
  const manifest = await loadManifest();
  // A runtime URL, so Vite leaves it alone: the index is written after the bundle.
  const pagefind = (await import(/* @vite-ignore */ `${BUNDLE}pagefind.js`)) as PagefindModule;
  // On the main thread: a search of a few partitions takes milliseconds, and the worker would be a
  // second copy of the search code (~43 KB) to download and a `worker-src` for the CSP.
  // metaCacheTag: the entry file's URL changes only with the index, so it can be cached.
  await pagefind.options({ baseUrl: BASE, excerptLength: EXCERPT_LENGTH, noWorker: true, metaCacheTag: manifest.root });
  await pagefind.init();
  return pagefind;
});

/** Pagefind and the manifest. */
export async function loadSearch(): Promise<Loaded> {
  const [pagefind, manifest] = await Promise.all([loadPagefind(), loadManifest()]);
  return { pagefind, manifest };
}

/** Partitions merged (or being merged), by start. */
const merged = new Map<string, Promise<void>>();

// ---- the word map: which partitions can match -----------------------------------------------

/** What the word map says of a query's words. */
export interface Routing {
  /** The partitions holding every word: those holding the most runs of its neighbouring words first, then newest first. */
  partitions: string[];
  /** How many of them hold every run of three and four words (the passage as typed, first in `partitions`); undefined under three words. */
  passage: number | undefined;
  /** Words no paper of the archive has (then nothing matches them all). */
  missing: string[];
  /** How many words Pagefind will look up. */
  words: number;
}

/** A word whose prefix spans more chunks than this (`a`, `co`) is taken to be in every partition. */
const MAX_CHUNKS_PER_WORD = 2;

const termChunk = (manifest: PartitionManifest, index: number): Promise<TermChunk> =>
  fetchOnce(`${BUNDLE}terms/${index}.json?v=${manifest.terms.tag}`).then((r) => r.json() as Promise<TermChunk>);

const termGroup = (manifest: PartitionManifest, index: number): Promise<string[]> =>
  fetchOnce(`${BUNDLE}term-groups/${index}.json?v=${manifest.terms.tag}`).then((r) => r.json() as Promise<string[]>);

/** The word map's chunks that can hold words starting with `prefix`, or undefined when more than `most` can. */
async function termChunksFor(manifest: PartitionManifest, prefix: string, most: number): Promise<number[] | undefined> {
  if (manifest.terms.groups.length === 0) return [];
  const groupIndexes = chunksFor(manifest.terms.groups, prefix);
  if (groupIndexes.length > most) return undefined;
  const indexes = chunksInGroups(groupIndexes, await Promise.all(groupIndexes.map((g) => termGroup(manifest, g))), prefix);
  return indexes.length > most ? undefined : indexes;
}

/** The partitions that can match every word of `q` (Pagefind's words, each by the prefix it matches). */
export async function routeQuery(manifest: PartitionManifest, q: string): Promise<Routing> {
  const words = [...new Set(searchWords(q))];
  const byCode = new Map(manifest.partitions.map((p) => [p.code, p.start]));
  const sets = await Promise.all(
    words.map(async (word) => {
      const prefix = matchPrefix(word);
      const indexes = await termChunksFor(manifest, prefix, MAX_CHUNKS_PER_WORD);
      // Words under a prefix that fills chunks of its own are everywhere: no need to read them all.
      if (!indexes) return { word, codes: new Set(manifest.partitions.map((p) => p.code)) };
      const chunks = await Promise.all(indexes.map((i) => termChunk(manifest, i)));
      return { word, codes: partitionsWith(chunks, prefix) };
    }),
  );
  const missing = sets.filter((s) => s.codes.size === 0).map((s) => s.word);
  const starts = manifest.partitions
    .filter((p) => words.length > 0 && missing.length === 0 && sets.every((s) => s.codes.has(p.code)))
    .map((p) => byCode.get(p.code) as string);
  const heldBy = await partitionsOfPassage(manifest, q);
  if (!heldBy) return { partitions: starts, passage: undefined, missing, words: words.length };
  const { ordered, holdingAll } = orderByPassage(starts, heldBy);
  return { partitions: ordered, passage: holdingAll, missing, words: words.length };
}

const passageShard = (manifest: PartitionManifest, shard: number): Promise<Uint8Array> =>
  fetchOnce(`${BUNDLE}passages/${shard}.bin?v=${manifest.passages.tag}`).then(async (r) => new Uint8Array(await r.arrayBuffer()));

/** For each run of three and four neighbouring words of `q`, the partitions (starts) whose passage sketch may hold it; undefined under three words. */
async function partitionsOfPassage(manifest: PartitionManifest, q: string): Promise<Set<string>[] | undefined> {
  const hashes = [...new Set(passageHashes(q))];
  if (hashes.length === 0 || manifest.passages.shards === 0) return undefined;
  const ascending = manifest.partitions.map((p) => ({ number: parseInt(p.code, 36), start: p.start })).sort((a, b) => a.number - b.number);
  const count = ascending.length;
  const lists = await Promise.all(hashes.map(async (hash) => partitionsHolding(await passageShard(manifest, passageShardOf(hash, count)), hash, count)));
  return lists.map((list) => new Set(list.map((i) => ascending[i]!.start)));
}

// ---- exact keys: ids, titles, authors -----------------------------------------------------

export interface ExactHit {
  kind: ExactKind;
  data: ResultData;
}

interface Fragment {
  url: string;
  content: string;
  meta: ResultData['meta'];
  filters: ResultData['filters'];
  anchors?: Anchor[];
}

/** A Pagefind fragment (gzipped JSON after a signature), read without Pagefind. */
async function readFragment(start: string, hash: string): Promise<Fragment> {
  const response = await fetchOnce(`${BUNDLE}${start}/fragment/en_${hash}.pf_fragment`);
  const text = await new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).text();
  return JSON.parse(text.replace(/^pagefind_dcd/, '')) as Fragment;
}

/** Whether a fragment's page really has the key (key shards store hashes). */
function hasKey(fragment: Fragment, kind: ExactKind, key: string): boolean {
  const value = key.slice(key.indexOf(':') + 1);
  if (kind === 'id') return arxivIdOf(fragment.meta['arxiv'] ?? '') === value;
  if (kind === 'title') return foldKey(fragment.meta.title ?? '') === value;
  return (fragment.meta['authors'] ?? '').split(AUTHOR_SEPARATOR).some((name) => foldKey(name) === value);
}

/** The opening words of a text, escaped as Pagefind's excerpts are. */
const opening = (text: string): string => {
  const words = text.split(/\s+/);
  return `${words.slice(0, EXCERPT_LENGTH).join(' ')}${words.length > EXCERPT_LENGTH ? ' …' : ''}`.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
};

/** The papers of a query's exact keys: how many, of which kinds, and any of them shown (fetched on demand). */
export interface ExactFound {
  total: number;
  kinds: Set<ExactKind>;
  /** Papers `from` to `to` (exclusive), newest partition first; a paper whose fragment lacks the key (a hash collision) is left out. */
  slice: (from: number, to: number) => Promise<ExactHit[]>;
}

/**
 * The papers whose arXiv id, title or author name is exactly the query (case, accents and
 * punctuation aside): one key shard (a query's keys share it), then the fragments of the papers
 * shown, so a prolific author costs what a page of results does.
 */
export async function findExact(manifest: PartitionManifest, q: string): Promise<ExactFound> {
  const refs: { ref: string; kind: ExactKind; key: string }[] = [];
  const seen = new Set<string>();
  for (const { kind, key } of exactKeysOf(q)) {
    const shard = (await (await fetchOnce(`${BUNDLE}keys/${shardOf(key, manifest.keys.shards)}.json?v=${manifest.keys.tag}`)).json()) as KeyShard;
    for (const ref of shard[keyName(key)] ?? []) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      refs.push({ ref, kind, key });
    }
  }
  return {
    total: refs.length,
    kinds: new Set(refs.map((r) => r.kind)),
    slice: async (from, to) => {
      const shown = await Promise.all(
        refs.slice(from, to).map(async ({ ref, kind, key }) => {
          const [code = '', hash = ''] = ref.split('/');
          const fragment = await readFragment(periodStart(code), hash);
          return hasKey(fragment, kind, key) ? { kind, data: resultOf(fragment) } : undefined;
        }),
      );
      return shown.filter((hit): hit is ExactHit => hit !== undefined);
    },
  };
}

/** A fragment as Pagefind's result data (its opening words as the excerpt). */
function resultOf(fragment: Fragment): ResultData {
  return {
    url: `${BASE.replace(/\/$/, '')}${fragment.url}`,
    excerpt: opening(fragment.content),
    raw_content: fragment.content.replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    weighted_locations: [],
    anchors: fragment.anchors ?? [],
    meta: fragment.meta,
    filters: fragment.filters ?? {},
  };
}

/** Merges the given partitions not merged yet, and waits for all of them. */
async function mergePartitions({ pagefind, manifest }: Loaded, starts: string[]): Promise<void> {
  await Promise.all(
    starts.map((start) => {
      let done = merged.get(start);
      if (!done) {
        const partition = manifest.partitions.find((p) => p.start === start);
        if (!partition) return Promise.resolve();
        done = pagefind.mergeIndex(`${BUNDLE}${start}/`, {
          baseUrl: BASE,
          excerptLength: EXCERPT_LENGTH,
          metaCacheTag: partition.tag,
          mergeFilter: { [PARTITION_FILTER]: start },
        });
        merged.set(start, done);
      }
      return done;
    }),
  );
}

/** Starts loading the manifest and Pagefind (a search of the full text is coming). */
export function prepareSearch(): void {
  loadSearch().catch(() => {});
}

export interface Query {
  /** The words typed; empty to list papers by filters alone. */
  q: string;
  /** Topic name. */
  topic?: string;
  /** Newest first instead of best match first (always, without words). */
  byDate: boolean;
  /** The partitions to search (their starts, newest first). */
  partitions: string[];
}

export interface Found {
  /** Matching papers. */
  total: number;
  /** Of them, papers that contain the words as typed, in that order (3 words or more; else 0). */
  exact: number;
  /** Results `from` to `to` (exclusive), in order. */
  slice: (from: number, to: number) => Promise<Result[]>;
}

/** Three words or more (a remembered passage, a title): a phrase is worth its extra lookup. */
function phraseOf(term: string | null): string | null {
  return term !== null && term.split(/\s+/).length >= 3 && !term.includes('"') ? `"${term}"` : null;
}

/**
 * Searches the papers of some partitions, best match or newest first. Pagefind ranks words, not
 * their order: papers that contain the words as typed, in that order, go first.
 */
export async function searchPapers(query: Query): Promise<Found> {
  const loaded = await loadSearch();
  await mergePartitions(loaded, query.partitions);
  const { pagefind } = loaded;
  const term = query.q.trim() || null;
  const filters: Record<string, FilterValue> = { [PARTITION_FILTER]: { any: query.partitions } };
  if (query.topic) filters['topic'] = [query.topic];
  if (query.partitions.length === 0) return { total: 0, exact: 0, slice: async () => [] };

  if (query.byDate || term === null) {
    const { filters: counts } = await pagefind.search(term, { filters });
    const perPartition = query.partitions.map((partition) => ({ partition, count: counts[PARTITION_FILTER]?.[partition] ?? 0 }));
    const lists = new Map<string, Promise<Result[]>>();
    const partitionResults = (partition: string): Promise<Result[]> => {
      let list = lists.get(partition);
      if (!list) {
        list = pagefind.search(term, { filters: { ...filters, [PARTITION_FILTER]: [partition] }, sort: { date: 'desc' } }).then((r) => r.results);
        lists.set(partition, list);
      }
      return list;
    };
    return {
      total: perPartition.reduce((n, m) => n + m.count, 0),
      exact: 0,
      slice: async (from, to) => {
        const parts: Promise<Result[]>[] = [];
        let offset = 0;
        for (const { partition, count } of perPartition) {
          if (count > 0 && offset < to && offset + count > from) {
            const start = Math.max(0, from - offset);
            const end = Math.min(count, to - offset);
            parts.push(partitionResults(partition).then((list) => list.slice(start, end)));
          }
          offset += count;
        }
        return (await Promise.all(parts)).flat();
      },
    };
  }

  const phrase = phraseOf(term);
  const [results, exact] = await Promise.all([pagefind.search(term, { filters }), phrase ? pagefind.search(phrase, { filters }) : undefined]);
  let list = results.results;
  if (exact && exact.results.length > 0) {
    const first = new Set(exact.results.map((r) => r.id));
    list = [...list.filter((r) => first.has(r.id)), ...list.filter((r) => !first.has(r.id))];
  }
  return { total: list.length, exact: exact?.results.length ?? 0, slice: async (from, to) => list.slice(from, to) };
}

/** Starts fetching the word map's chunks for `q`, while the reader is still typing. */
export function preloadSearch(q: string): void {
  if (!q.trim()) return;
  loadManifest()
    .then((manifest) => routeQuery(manifest, q))
    .catch(() => {});
}
