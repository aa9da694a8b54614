/**
 * arXiv's API (https://info.arxiv.org/help/api/user-manual.html): the query URLs the resolver
 * asks and the Atom feed it answers with. Parsed with fast-xml-parser; a feed that is not one
 * (a rate-limit text, an HTML page, broken XML) or arXiv's own error entry is an error, never an
 * empty result.
 */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { plainTitle } from '../text/tex.ts';
import type { Candidate } from './match.ts';

/** Results asked for a title: enough to see two papers of one title, few enough to read fast. */
export const TITLE_RESULTS = 10;
/** Ids asked at once: arXiv's `id_list` takes many, a URL stays well under limits. */
export const IDS_PER_REQUEST = 50;

/**
 * The words of a title for arXiv's phrase search `ti:"…"`: letters and digits only (quotes,
 * colons and TeX would be read as query syntax), in their order.
 */
export function titleWords(title: string): string {
  return plainTitle(title)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `…/api/query?search_query=ti:"…"&max_results=10` for a title. */
export function titleQueryUrl(base: string, title: string): string {
  const params = new URLSearchParams({ search_query: `ti:"${titleWords(title)}"`, start: '0', max_results: String(TITLE_RESULTS) });
  return `${base.replace(/\/+$/, '')}/api/query?${params}`;
}

/** `…/api/query?id_list=a,b&max_results=2` for ids without versions. */
export function idListUrl(base: string, ids: readonly string[]): string {
  const params = new URLSearchParams({ id_list: ids.join(','), start: '0', max_results: String(ids.length) });
  return `${base.replace(/\/+$/, '')}/api/query?${params}`;
}

export class FeedError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => ['entry', 'author', 'category', 'link'].includes(name),
});

type Node = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'object' && value !== null ? text((value as Node)['#text']) : '').replace(/\s+/g, ' ').trim();
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);

/** `http://arxiv.org/abs/2606.00188v2` → `2606.00188`; undefined for anything else (arXiv's error entries). */
function idOfEntry(id: string): string | undefined {
  const match = /arxiv\.org\/abs\/(.+?)(?:v\d+)?$/.exec(id);
  return match?.[1];
}

/** The papers of an arXiv Atom feed. Throws FeedError for what is not a feed or is arXiv's error entry. */
export function parseArxivFeed(xml: string): Candidate[] {
  try {
    SyntaxValidator.validate(xml);
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new FeedError(`not well-formed XML${line ? ` (line ${line})` : ''}: ${(error as Error).message}`);
  }
  const doc = parser.parse(xml) as Node;
  const feed = doc['feed'] as Node | undefined;
  if (!feed || typeof feed !== 'object') throw new FeedError('not an Atom feed (no <feed> element)');
  return list(feed['entry']).map((entry) => {
    const id = idOfEntry(text(entry['id']));
    if (!id) throw new FeedError(`arXiv answered with an error: ${text(entry['summary']) || text(entry['title'])}`);
    const primary = (entry['arxiv:primary_category'] as Node | undefined)?.['@term'];
    const categories = list(entry['category']).map((c) => String(c['@term'] ?? '')).filter(Boolean);
    const ordered = typeof primary === 'string' && primary ? [primary, ...categories.filter((c) => c !== primary)] : categories;
    const published = /^\d{4}-\d{2}-\d{2}/.exec(text(entry['published']))?.[0];
    return {
      arxivId: id,
      title: text(entry['title']),
      abstract: text(entry['summary']),
      authors: list(entry['author']).map((a) => text(a['name'])).filter(Boolean),
      publishedAt: published,
      categories: ordered,
    };
  });
}
