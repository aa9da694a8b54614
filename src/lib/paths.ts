/** Site paths, without the `base` prefix (`withBase` adds it). Published URLs: never change their shape. */
export const paths = {
  home: () => '/',
  paper: (slug: string) => `/papers/${slug}/`,
  day: (date: string) => `/days/${date}/`,
  days: () => '/days/',
  month: (yearMonth: string) => `/days/#m-${yearMonth}`,
  topic: (slug: string) => `/topics/${slug}/`,
  /** A page of a topic's archive, numbered from its oldest papers: adding papers only changes the last. */
  topicPage: (slug: string, page: number) => `/topics/${slug}/${page}/`,
  topics: () => '/topics/',
  /** An ISO week's digest, `/weeks/2026-W33/`, and its e-mail version. */
  week: (id: string) => `/weeks/${id}/`,
  weekEmail: (id: string) => `/weeks/${id}/email.html`,
  weeks: () => '/weeks/',
  weeksFeed: () => '/weeks/rss.xml',
  /** A month's digest, `/months/2026-08/` (`month` is the month's place in the day archive). */
  monthPage: (yearMonth: string) => `/months/${yearMonth}/`,
  months: () => '/months/',
  period: (kind: 'week' | 'month', id: string) => (kind === 'week' ? `/weeks/${id}/` : `/months/${id}/`),
  /** The open data: its documentation page and files. */
  api: () => '/api/',
  apiFile: (file: string) => `/api/v1/${file}`,
  search: () => '/search/',
  feeds: () => '/feeds/',
  about: () => '/about/',
  saved: () => '/saved/',
  watch: () => '/watch/',
  /** The papers of the recent days, for watches: a bounded file, whatever the archive's age. */
  watchData: () => '/watch/recent.json',
  /** Their abstracts, for watches of words (loaded only then). */
  watchAbstracts: () => '/watch/abstracts.json',
  siteFeed: () => '/rss.xml',
  daysFeed: () => '/days/rss.xml',
  topicFeed: (slug: string) => `/topics/${slug}/rss.xml`,
  /** Social card (OpenGraph image) of a paper, day or topic page: `card('papers', slug)`. */
  card: (kind: 'papers' | 'days' | 'topics', id: string) => `/og/${kind}/${id}.png`,
  icon: (name: string) => `/icons/${name}.png`,
  manifest: () => '/manifest.webmanifest',
  arxivAbstract: (id: string) => `https://arxiv.org/abs/${id}`,
  arxivPdf: (id: string) => `https://arxiv.org/pdf/${id}`,
  arxivCategory: (category: string) => `https://arxiv.org/list/${encodeURIComponent(category)}/recent`,
  /** Searches by title, for a paper whose arXiv id is not known. */
  arxivTitleSearch: (title: string) => `https://arxiv.org/search/?${new URLSearchParams({ query: title, searchtype: 'title' })}`,
  semanticScholarSearch: (title: string) => `https://www.semanticscholar.org/search?${new URLSearchParams({ q: title })}`,
  googleScholarSearch: (title: string) => `https://scholar.google.com/scholar?${new URLSearchParams({ q: `"${title}"` })}`,
} as const;

/**
 * Prefixes a site path with the configured `base`, so links work under a sub-path. Astro sets
 * `BASE_URL` while it builds; scripts and tests run without it, as a site at the root.
 */
export function withBase(path: string): string {
  const base = (import.meta.env?.BASE_URL ?? '/').replace(/\/$/, '');
  return `${base}${path}`;
}

/** The absolute URL of a site path, for canonical links, feeds and cards. */
export function absoluteUrl(path: string, site: URL | undefined): string {
  if (!site) throw new Error('`site` must be set in astro.config.mjs: feeds and canonical URLs need absolute URLs');
  return new URL(withBase(path), site).href;
}
