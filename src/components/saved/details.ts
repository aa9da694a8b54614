/**
 * What /saved/ and its exports know about a saved paper: read from the paper's own page (its
 * citation_* tags, its BibTeX entry, first day and topics), so the list needs no data file and
 * works for every paper of the archive, however old.
 */
import type { CiteSource } from '../../lib/cite/index.ts';

export interface PaperDetails extends CiteSource {
  slug: string;
  firstDay: string;
  topics: string[];
  /** The entry exactly as the page shows it. */
  bibtex: string;
}

export const base = document.querySelector<HTMLElement>('[data-base]')?.dataset['base'] ?? '/';
export const paperPath = (slug: string) => `${base}papers/${slug}/`;

const cache = new Map<string, Promise<PaperDetails | undefined>>();

async function read(slug: string): Promise<PaperDetails | undefined> {
  const response = await fetch(paperPath(slug));
  if (!response.ok) return undefined;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const meta = (name: string) => [...doc.querySelectorAll(`meta[name="${name}"]`)].map((m) => m.getAttribute('content') ?? '');
  const bibtex = doc.querySelector('.cite pre')?.textContent ?? '';
  return {
    slug,
    key: /^@\w+\{([^,]+),/.exec(bibtex)?.[1] ?? slug,
    title: meta('citation_title')[0] ?? doc.querySelector('h1')?.textContent ?? slug,
    authors: meta('citation_author'),
    year: /\byear = \{(\d{4})\}/.exec(bibtex)?.[1],
    trendingOn: /\bnote = \{Trending on (\d{4}-\d{2}-\d{2})\}/.exec(bibtex)?.[1],
    arxivId: meta('citation_arxiv_id')[0],
    pageUrl: doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? new URL(paperPath(slug), location.href).href,
    firstDay: /date:(\d{4}-\d{2}-\d{2})/.exec(doc.querySelector('[data-pagefind-meta]')?.getAttribute('data-pagefind-meta') ?? '')?.[1] ?? '',
    topics: [...doc.querySelectorAll('.paper__topics a')].map((a) => a.textContent?.trim() ?? ''),
    bibtex,
  };
}

/** A paper's details, read once per page view; undefined when it has no page. */
export function details(slug: string): Promise<PaperDetails | undefined> {
  let found = cache.get(slug);
  if (!found) cache.set(slug, (found = read(slug).catch(() => undefined)));
  return found;
}
