/**
 * The result list of the /search/ page: a plain list of
 * links (title, date, topics, excerpt with the matched words in `<mark>`), arrow-key
 * navigation between them, and the words for the live status line.
 */
import { formatShortDay, plural } from '../../utils/format.ts';
import type { Result, ResultData } from './pagefind.ts';
import styles from './search.css?inline';

/**
 * Applies a stylesheet bundled into this script. The search styles travel with the search
 * code (a page that is only read gets neither), as a constructed stylesheet: no extra
 * request and no inline <style> for the coming CSP to allow.
 */
export function adoptStyles(css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

adoptStyles(styles);

/** `2026-08-12` as the rest of the site shows a day. */
export const formatDate = formatShortDay;

/** `1 paper matches`, `1,204 papers match`. */
export const papersMatch = (n: number) => `${plural(n, 'paper')} ${n === 1 ? 'matches' : 'match'}`;

/** `1 paper`, `1,204 papers`. */
export const countPapers = (n: number) => plural(n, 'paper');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Pagefind's excerpt as DOM nodes, without innerHTML: the excerpt is the page text with
 * `<` and `>` escaped and the matches wrapped in `<mark>`, so splitting on the mark tags
 * and unescaping the rest gives exactly the text and the highlights.
 */
export function excerptNodes(excerpt: string): Node[] {
  const nodes: Node[] = [];
  excerpt.split(/(<mark>.*?<\/mark>)/s).forEach((part) => {
    if (part === '') return;
    const marked = /^<mark>(.*)<\/mark>$/s.exec(part);
    const text = (marked ? (marked[1] ?? '') : part).replaceAll('&lt;', '<').replaceAll('&gt;', '>');
    nodes.push(marked ? el('mark', undefined, text) : document.createTextNode(text));
  });
  return nodes;
}

/**
 * Ids that mark where a paper page's abstract starts: the abstract element itself (`abstract`),
 * or its heading (`abstract-heading`), whose words are skipped.
 */
const ABSTRACT_IDS = new Set(['abstract', 'abstract-heading']);
const EXCERPT_WORDS = 30;
/** Pagefind's word boundaries, so word indexes line up with its match locations. */
const WORD_SEPARATORS = /[^\S\uFEFF]+/;

/**
 * An excerpt from the abstract. Pagefind's own excerpt gravitates to the heaviest matches,
 * which are the title and authors already shown above it; this one is the densest window of
 * matches inside the abstract, or the abstract's opening words when only the title,
 * authors or topics matched. Same format as Pagefind's (escaped text, `<mark>`).
 */
export function abstractExcerpt(data: ResultData): string {
  if (data.raw_content === undefined) return data.excerpt;
  const words = data.raw_content.split(WORD_SEPARATORS);
  const start = abstractStart(data, words);
  if (start === undefined) return data.excerpt;
  // Matches in the abstract's own text (key phrases after it weigh more than plain text).
  const matches = (data.weighted_locations ?? []).filter((l) => l.location >= start && l.weight <= 1);
  let from = start;
  if (matches.length > 0) {
    // The window of EXCERPT_WORDS words with the highest total score, a few words of context before it.
    let best = -1;
    for (const first of matches) {
      const score = matches.filter((l) => l.location >= first.location && l.location < first.location + EXCERPT_WORDS).reduce((n, l) => n + l.balanced_score, 0);
      if (score > best) {
        best = score;
        from = Math.max(start, first.location - 4);
      }
    }
  }
  const to = Math.min(words.length, from + EXCERPT_WORDS);
  const marked = new Set(matches.map((l) => l.location));
  const shown = words.slice(from, to).map((word, i) => (marked.has(from + i) ? `<mark>${word}</mark>` : word));
  return `${from > start ? '… ' : ''}${shown.join(' ')}${to < words.length ? ' …' : ''}`;
}

/**
 * The index of the abstract's first word: after its anchor (an element with an `ABSTRACT_IDS`
 * id; a heading's own words skipped), or else after the topic names, which a paper page
 * lists between the authors and the abstract (Pagefind ends each with a full stop).
 */
function abstractStart(data: ResultData, words: string[]): number | undefined {
  const anchor = data.anchors?.find((a) => ABSTRACT_IDS.has(a.id));
  if (anchor) {
    const heading = /^h[1-6]$/.test(anchor.element);
    return anchor.location + (heading ? (anchor.text ?? '').split(WORD_SEPARATORS).filter(Boolean).length : 0);
  }
  const content = data.raw_content ?? '';
  let end = -1;
  for (const topic of data.filters.topic ?? []) {
    const escaped = topic.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const at = content.indexOf(`${escaped}.`);
    if (at !== -1) end = Math.max(end, at + escaped.length + 1);
  }
  if (end === -1) return undefined;
  const start = content.slice(0, end).split(WORD_SEPARATORS).filter(Boolean).length;
  return start < words.length ? start : undefined;
}

export interface RenderOptions {
  /** Heading level for the titles (under the /search/ page's "Results" heading); none in the dialog. */
  heading?: 'h2' | 'h3';
  /** What kind of match this is, shown before the date (`Exact title`). */
  label?: string;
}

/** One result as a list item whose only interactive element is the title link. */
export function renderResult(data: ResultData, options: RenderOptions = {}): HTMLLIElement {
  const item = el('li', 'search-result');
  const title = el(options.heading ?? 'p', 'search-result__title');
  const link = el('a', undefined, data.meta.title ?? data.url);
  link.href = data.url;
  title.append(link);
  item.append(title);

  const meta = el('p', 'search-result__meta');
  if (options.label) {
    item.dataset['exact'] = '';
    meta.append(el('strong', 'search-result__label', options.label));
  }
  if (data.meta.date) {
    const time = el('time', undefined, formatDate(data.meta.date));
    time.dateTime = data.meta.date;
    meta.append(time);
  }
  const topics = data.filters.topic ?? [];
  if (topics.length > 0) {
    const list = el('span', 'search-result__topics', topics.join(', '));
    meta.append(list);
  }
  if (meta.childNodes.length > 0) item.append(meta);

  const text = abstractExcerpt(data);
  if (text) {
    const excerpt = el('p', 'search-result__excerpt');
    excerpt.append(...excerptNodes(text));
    item.append(excerpt);
  }
  return item;
}

/** Loads and renders a slice of results, in order. */
export async function renderResults(results: Result[], options: RenderOptions = {}): Promise<HTMLLIElement[]> {
  const data = await Promise.all(results.map((r) => r.data()));
  return data.map((d) => renderResult(d, options));
}

/**
 * Arrow keys move between the result links (and up from the first back to the input);
 * Home/End jump to the ends. Tab still works as everywhere else.
 */
export function arrowNavigation(list: HTMLElement, input: HTMLInputElement): void {
  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('.search-result__title a')];
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' || event.altKey || event.ctrlKey || event.metaKey) return;
    const first = links()[0];
    if (!first) return;
    event.preventDefault();
    first.focus();
  });
  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const all = links();
    const index = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (index === -1) return;
    let target: HTMLElement | undefined;
    if (event.key === 'ArrowDown') target = all[index + 1];
    else if (event.key === 'ArrowUp') target = index === 0 ? input : all[index - 1];
    else if (event.key === 'Home') target = all[0];
    else if (event.key === 'End') target = all[all.length - 1];
    else return;
    event.preventDefault();
    target?.focus();
  });
}
