/**
 * Loads Pagefind's own search API (`<base>/pagefind/pagefind.js`, written by
 * src/integrations/pagefind.ts) once, on first use. Nothing here runs until a reader
 * starts searching: the header only imports this module when the search opens.
 */

/** The filters and sort the paper pages declare (src/pages/papers/[slug].astro). */
export interface SearchFilters {
  /** Topic names. */
  topic?: string[];
  /** `YYYY` of the day the paper first trended. */
  year?: string[];
  /** `YYYY-MM` of that day. */
  month?: string[];
}

export interface SearchOptions {
  filters?: SearchFilters;
  sort?: { date: 'asc' | 'desc' };
}

/** A matched word: its index among the page's words, and how much it counts. */
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
  filters: SearchFilters & Record<string, string[] | undefined>;
}

export interface Result {
  id: string;
  score: number;
  data: () => Promise<ResultData>;
}

export interface SearchResponse {
  results: Result[];
  unfilteredResultCount: number;
  /** Counts of each filter value among the results. */
  filters: Record<string, Record<string, number>>;
}

export interface Pagefind {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (term: string | null, options?: SearchOptions) => Promise<SearchResponse>;
  preload: (term: string, options?: SearchOptions) => Promise<void>;
}

/** The site's base path with a trailing slash (`/` or `/daybook/`). */
export const BASE = import.meta.env.BASE_URL.replace(/\/?$/, '/');
const BUNDLE = `${BASE}pagefind/`;

let loading: Promise<Pagefind> | undefined;

/** Pagefind, imported and initialised once; a failed load is retried on the next call. */
export function loadPagefind(): Promise<Pagefind> {
  loading ??= (async () => {
    // A runtime URL, so Vite leaves it alone: the index is written after the bundle.
    const pagefind = (await import(/* @vite-ignore */ `${BUNDLE}pagefind.js`)) as Pagefind;
    // On the main thread: a search over 10,000 papers takes milliseconds, and the worker
    // would be a second copy of the search code (~43 KB) to download and a `worker-src` for the CSP.
    await pagefind.options({ baseUrl: BASE, excerptLength: 30, noWorker: true });
    await pagefind.init();
    return pagefind;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export interface Query {
  /** The words typed; empty to list papers by filters alone. */
  q: string;
  filters: SearchFilters;
  /** Newest first instead of best match first (always, without words). */
  byDate: boolean;
}

/**
 * Searches every paper, best match or newest first. Pagefind ranks words, not their order:
 * papers that contain the words as typed, in that order, go first.
 */
export async function searchPapers(query: Query): Promise<Result[]> {
  const pagefind = await loadPagefind();
  const term = query.q.trim() || null;
  const sort = query.byDate || term === null ? ({ date: 'desc' } as const) : undefined;
  // Three words or more (a remembered passage, a title): a phrase is worth its extra lookup.
  const phrase = !sort && term !== null && term.split(/\s+/).length >= 3 && !term.includes('"') ? `"${term}"` : null;
  const [results, exact] = await Promise.all([
    pagefind.search(term, { filters: query.filters, ...(sort ? { sort } : {}) }),
    phrase ? pagefind.search(phrase, { filters: query.filters }) : undefined,
  ]);
  if (!exact || exact.results.length === 0) return results.results;
  const first = new Set(exact.results.map((r) => r.id));
  return [...results.results.filter((r) => first.has(r.id)), ...results.results.filter((r) => !first.has(r.id))];
}

/** Starts fetching what a search for `q` needs, while the reader is still typing. */
export function preloadSearch(q: string): void {
  if (!q.trim()) return;
  loadPagefind()
    .then((pagefind) => pagefind.preload(q.trim()))
    .catch(() => {});
}
