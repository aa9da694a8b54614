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
import type { PartitionManifest } from '../../lib/search/partitions.ts';
import { MANIFEST_FILE, PARTITION_FILTER, parseManifest } from '../../lib/search/partitions.ts';

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

let loading: Promise<Loaded> | undefined;
/** Partitions merged (or being merged), by start. */
const merged = new Map<string, Promise<void>>();

/** Pagefind and the manifest of partitions, loaded once; a failed load is retried on the next call. */
export function loadSearch(): Promise<Loaded> {
  loading ??= (async () => {
    const [pagefind, manifest] = await Promise.all([
      // A runtime URL, so Vite leaves it alone: the index is written after the bundle.
      import(/* @vite-ignore */ `${BUNDLE}pagefind.js`) as Promise<PagefindModule>,
      // The manifest changes with every new day: always ask whether it did.
      fetch(`${BUNDLE}${MANIFEST_FILE}`, { cache: 'no-cache' }).then(async (response) => {
        if (!response.ok) throw new Error(`${MANIFEST_FILE}: HTTP ${response.status}`);
        return parseManifest(await response.json());
      }),
    ]);
    // On the main thread: a search of a few partitions takes milliseconds, and the worker would be a
    // second copy of the search code (~43 KB) to download and a `worker-src` for the CSP.
    // metaCacheTag: the entry file's URL changes only with the index, so it can be cached.
    await pagefind.options({ baseUrl: BASE, excerptLength: EXCERPT_LENGTH, noWorker: true, metaCacheTag: manifest.root });
    await pagefind.init();
    return { pagefind, manifest };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
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

/** Starts loading Pagefind and the given partitions (the reader came to search). */
export function prepareSearch(partitions: (manifest: PartitionManifest) => string[]): void {
  loadSearch()
    .then((loaded) => mergePartitions(loaded, partitions(loaded.manifest)))
    .catch(() => {});
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

/** Starts fetching what a search for `q` in some partitions needs, while the reader is still typing. */
export function preloadSearch(q: string, partitions: (manifest: PartitionManifest) => string[]): void {
  if (!q.trim()) return;
  loadSearch()
    .then(async (loaded) => {
      const wanted = partitions(loaded.manifest);
      await mergePartitions(loaded, wanted);
      await loaded.pagefind.preload(q.trim(), { filters: { [PARTITION_FILTER]: { any: wanted } } });
    })
    .catch(() => {});
}
