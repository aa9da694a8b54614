/**
 * The /search/ page (src/pages/search.astro): query, filters, order and range live in the URL,
 * `?q=…&topic=<slug>&year=YYYY&month=YYYY-MM&sort=date&range=text|all`, so a search can be shared
 * and back/forward restore it. Typing updates the URL in place; a pause of more than
 * TYPING_PAUSE or a change of filter starts a new history entry.
 *
 * A query is first an exact key (src/lib/search/exact.ts): an arXiv id, a title or an author's
 * name finds its papers from one small file, and the full text is searched only when the reader
 * asks (`range=text`). Otherwise the word map (src/lib/search/routing.ts) names the partitions
 * holding every word, and Pagefind searches those, newest first, within a byte budget; the
 * status says what was searched and a button searches the rest (`range=all`). Without words
 * (a topic, year or month alone), the newest partitions are listed first, the same way.
 */
import type { PartitionManifest } from '../../lib/search/partitions.ts';
import { describePartitions, monthName, papersIn, partitionsToSearch, withinBudget } from '../../lib/search/partitions.ts';
import type { ExactKind } from '../../lib/search/query.ts';
import { exactKeysOf } from '../../lib/search/query.ts';
import type { ExactFound, ExactHit, Found } from './pagefind.ts';
import { findExact, loadManifest, prepareSearch, preloadSearch, routeQuery, searchPapers } from './pagefind.ts';
import { arrowNavigation, countPapers, papersMatch, renderResult, renderResults } from './results.ts';

/** Results per page: each needs its fragment (~1 KB) before it shows, so a first search fetches ten. */
const PAGE_SIZE = 10;
const TYPING_PAUSE = 1500;

interface State {
  q: string;
  /** Topic slug. */
  topic: string;
  year: string;
  month: string;
  sort: '' | 'date';
  /** `text`: the full text too, beside exact matches; `all`: every partition that can match, not the newest within the budget. */
  range: '' | 'text' | 'all';
}

/** Wires up the /search/ page; does nothing on other pages. */
export function startSearchPage(): void {
  const root = document.querySelector<HTMLElement>('[data-search-page]');
  if (root) start(root);
}

function start(root: HTMLElement): void {
  const form = root.querySelector('form') as HTMLFormElement;
  const input = form.elements.namedItem('q') as HTMLInputElement;
  const topic = form.elements.namedItem('topic') as HTMLSelectElement | null;
  const year = form.elements.namedItem('year') as HTMLSelectElement;
  const month = form.elements.namedItem('month') as HTMLSelectElement;
  const sort = form.elements.namedItem('sort') as HTMLSelectElement;
  const status = root.querySelector('[data-search-status]') as HTMLElement;
  const range = root.querySelector('[data-search-range]') as HTMLElement;
  const rangeText = root.querySelector('[data-search-range-text]') as HTMLElement;
  const widen = root.querySelector('[data-search-widen]') as HTMLButtonElement;
  const list = root.querySelector('[data-search-results]') as HTMLOListElement;
  const more = root.querySelector('[data-search-more]') as HTMLButtonElement;
  const filters = root.querySelector('[data-search-filters]') as HTMLDetailsElement;
  const baseTitle = document.title;
  form.hidden = false;
  arrowNavigation(list, input);

  const hasOption = (select: HTMLSelectElement | null, value: string | null): value is string =>
    value !== null && value !== '' && select !== null && [...select.options].some((o) => o.value === value);

  /** A topic by slug, old slug (alias) or name; unknown topics are dropped. */
  const topicSlug = (value: string | null): string => {
    if (!topic || !value) return '';
    const wanted = value.toLowerCase();
    const option = [...topic.options].find(
      (o) => o.value === value || (o.dataset['aliases'] ?? '').split(' ').includes(value) || (o.dataset['name'] ?? '').toLowerCase() === wanted,
    );
    return option?.value ?? '';
  };

  const fromUrl = (): State => {
    const params = new URLSearchParams(location.search);
    return {
      q: params.get('q') ?? '',
      topic: topicSlug(params.get('topic')),
      year: hasOption(year, params.get('year')) ? (params.get('year') as string) : '',
      month: hasOption(month, params.get('month')) ? (params.get('month') as string) : '',
      sort: params.get('sort') === 'date' ? 'date' : '',
      range: params.get('range') === 'all' ? 'all' : params.get('range') === 'text' ? 'text' : '',
    };
  };

  /** The form's state; the range is kept from the current search (it has no field). */
  const fromForm = (): State => ({
    q: input.value,
    topic: topic?.value ?? '',
    year: year.value,
    month: month.value,
    sort: sort.value === 'date' ? 'date' : '',
    range: shownRange,
  });

  const toUrl = (state: State): string => {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set('q', state.q.trim());
    if (state.topic) params.set('topic', state.topic);
    if (state.year) params.set('year', state.year);
    if (state.month) params.set('month', state.month);
    if (state.sort) params.set('sort', state.sort);
    if (state.range) params.set('range', state.range);
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ''}`;
  };

  /** Months of the chosen year only; a month of another year is cleared. */
  const syncMonths = (): void => {
    for (const option of month.querySelectorAll<HTMLOptionElement>('option[data-year]')) {
      option.disabled = year.value !== '' && option.dataset['year'] !== year.value;
    }
    for (const group of month.querySelectorAll<HTMLOptGroupElement>('optgroup')) {
      group.hidden = year.value !== '' && group.dataset['year'] !== year.value;
    }
    if (month.selectedOptions[0]?.disabled) month.value = '';
  };

  /** The range of the search on screen: a new query or filter keeps it. */
  let shownRange: State['range'] = '';

  const toForm = (state: State): void => {
    input.value = state.q;
    if (topic) topic.value = state.topic;
    year.value = state.year;
    month.value = state.month;
    sort.value = state.sort;
    shownRange = state.range;
    syncMonths();
    // On a phone the filters fold away, so results start on the first screen; a filter in use shows them.
    if (state.topic || state.year || state.month || state.sort || matchMedia('(min-width: 48rem)').matches) filters.open = true;
  };

  const topicName = (slug: string): string | undefined => [...(topic?.options ?? [])].find((o) => o.value === slug)?.dataset['name'];

  /** The partitions a state searches. */
  const partitionsOf = (state: State, manifest: PartitionManifest): string[] =>
    partitionsToSearch(manifest, { ...(state.year ? { year: state.year } : {}), ...(state.month ? { month: state.month } : {}), all: state.range === 'all' });

  /** " in Reasoning, August 2026" or " in Reasoning, first seen November 11–24, 2026": the chosen filters, and the days searched when not all. */
  const filterWords = (state: State, searched: string | undefined): string => {
    const words = [topicName(state.topic), state.month ? monthName(state.month) : state.year].filter(Boolean);
    return `${words.length > 0 ? ` in ${words.join(', ')}` : ''}${searched ? `, first seen ${searched}` : ''}`;
  };

  let current: { found: Found; shown: number; skip: Set<string> } | undefined;
  let searchId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const hideRange = (): void => {
    range.hidden = true;
    rangeText.textContent = '';
  };
  /** The range the button under the status line searches. */
  let widerRange: State['range'] = 'all';
  const showRange = (text: string, button?: { label: string; range: State['range'] }): void => {
    rangeText.textContent = text;
    widen.hidden = button === undefined;
    widen.textContent = button?.label ?? '';
    widerRange = button?.range ?? 'all';
    range.hidden = false;
  };

  /** What the reader is told the exact matches are. */
  const EXACT_LABELS: Record<ExactKind, string> = { id: 'Exact arXiv id', title: 'Exact title', author: 'Author' };
  const exactWords = ({ kinds, total }: ExactFound, q: string): string => {
    const n = countPapers(total);
    if (kinds.size === 1 && kinds.has('id')) return `${n} with the arXiv id “${q.trim()}”`;
    if (kinds.size === 1 && kinds.has('author')) return `${n} by “${q.trim()}”`;
    if (kinds.size === 1 && kinds.has('title')) return `${n} titled “${q.trim()}”`;
    return `${n} with the title or author “${q.trim()}”`;
  };

  const renderExact = (hit: ExactHit): HTMLLIElement => renderResult(hit.data, { heading: 'h3', label: EXACT_LABELS[hit.kind] });

  /** A list item whose button shows the exact matches past the first page (their fragments are fetched then). */
  const showAllExact = (exact: ExactFound, q: string): HTMLLIElement => {
    const item = document.createElement('li');
    item.className = 'search-result';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'search-more';
    button.textContent = `Show all ${exactWords(exact, q)}`;
    button.addEventListener('click', async () => {
      button.disabled = true;
      const rest = (await exact.slice(PAGE_SIZE, exact.total)).map(renderExact);
      item.replaceWith(...rest);
      rest[0]?.querySelector('a')?.focus();
    });
    item.append(button);
    return item;
  };

  /** Runs a search and shows it; false when a newer search overtook it or it failed. */
  const run = async (state: State): Promise<boolean> => {
    const id = ++searchId;
    clearTimeout(timer);
    const q = state.q.trim();
    const filtered = Boolean(state.topic || state.year || state.month);
    document.title = q ? `“${q}” – ${baseTitle}` : baseTitle;
    shownRange = state.range;
    if (!q && !filtered) {
      current = undefined;
      list.replaceChildren();
      more.hidden = true;
      hideRange();
      status.textContent = '';
      return true;
    }
    list.setAttribute('aria-busy', 'true');
    try {
      // A query that cannot be an exact key needs Pagefind: fetch it meanwhile. Otherwise it is
      // fetched only if the exact keys find nothing (an id, a title or a name then costs no full-text index).
      if (q && exactKeysOf(q).length === 0) prepareSearch();
      const manifest = await loadManifest();
      const byDate = state.sort === 'date' || !q;
      const query = { q, ...(state.topic ? { topic: topicName(state.topic) ?? '' } : {}), byDate };
      const periods = state.year || state.month ? partitionsOf(state, manifest) : undefined;
      let exact: ExactFound | undefined;
      let missing: string[] = [];
      /** Partitions (at the head of `candidates`) whose papers have the words side by side, as typed; undefined for one word. */
      let passage: number | undefined;
      /** The partitions that can match, and those searched. */
      let candidates: string[];
      let searched: string[];
      if (!q) {
        candidates = periods ?? manifest.partitions.map((p) => p.start);
        searched = periods ?? partitionsOf(state, manifest);
      } else {
        // Exact keys first: when they find the paper, the word map and the full text are not fetched at all.
        exact = state.topic || periods ? undefined : await findExact(manifest, q);
        if (exact && exact.total > 0 && state.range === '') {
          candidates = [];
          searched = [];
        } else {
          prepareSearch();
          const routing = await routeQuery(manifest, q);
          missing = routing.missing;
          passage = routing.passage;
          const allowed = periods ? new Set(periods) : undefined;
          candidates = routing.partitions.filter((start) => !allowed || allowed.has(start));
          searched = state.range === 'all' || periods ? candidates : withinBudget(manifest, candidates, routing.words);
        }
      }
      let found: Found = searched.length > 0 ? await searchPapers({ ...query, partitions: searched }) : { total: 0, exact: 0, slice: async () => [] };
      // A passage typed but not found as typed, where another partition holds all its runs: the
      // sketch cannot tell which holds them in one abstract, so search the next one too (once).
      const next = !byDate && !periods && state.range === '' && found.exact === 0 && passage ? candidates.slice(0, passage).find((start) => !searched.includes(start)) : undefined;
      if (next) {
        searched = [...searched, next];
        found = await searchPapers({ ...query, partitions: searched });
      }
      const exactHits = exact ? await exact.slice(0, PAGE_SIZE) : [];
      const exactItems = exactHits.map(renderExact);
      if (exact && exact.total > PAGE_SIZE) exactItems.push(showAllExact(exact, q));
      const skip = new Set(exactHits.map((hit) => hit.data.url));
      const items = (await renderResults(await found.slice(0, PAGE_SIZE), { heading: 'h3' })).filter((item) => !skip.has(item.querySelector('a')?.getAttribute('href') ?? ''));
      if (id !== searchId) return false;
      current = { found, shown: Math.min(found.total, PAGE_SIZE), skip };
      list.replaceChildren(...exactItems, ...items);
      more.hidden = found.total <= current.shown;

      const partial = searched.length > 0 && searched.length < candidates.length;
      const days = partial ? describePartitions(manifest, searched) : undefined;
      const newest = byDate ? ', newest first' : '';
      const n = found.total;
      const textLine =
        missing.length > 0
          ? `No paper contains “${missing.join('”, “')}”${filterWords(state, undefined)}.`
          : n === 0
            ? `No papers${q ? ` match “${q}”` : ''}${filterWords(state, days)}.${filtered ? ' Try removing a filter.' : ' Try fewer or other words.'}`
            : `${q ? `${papersMatch(n)} “${q}”` : countPapers(n)}${filterWords(state, days)}${newest}.`;
      if (exact && exact.total > 0 && searched.length === 0) {
        status.textContent = `${exactWords(exact, q)}.`;
        showRange('Exact matches only.', { label: `Search the full text for “${q}”`, range: 'text' });
      } else {
        status.textContent = exact && exact.total > 0 ? `${exactWords(exact, q)}. ${textLine}` : textLine;
        if (partial) {
          const periodsWord = (k: number) => `${k} ${k === 1 ? 'period' : 'periods'}`;
          showRange(
            q
              ? `Searched ${papersIn(manifest, searched).toLocaleString('en')} of the ${papersIn(manifest, candidates).toLocaleString('en')} papers first seen in the ${periodsWord(candidates.length)} that have all these words: ${
                  passage === undefined ? 'the newest' : passage > 0 ? 'those with these words side by side first, then the newest' : 'those with the most of these words side by side first'
                }.`
              : `Searched the newest ${papersIn(manifest, searched).toLocaleString('en')} of ${manifest.papers.toLocaleString('en')} papers only.`,
            { label: q ? `Search all ${periodsWord(candidates.length)}` : `Search all ${manifest.papers.toLocaleString('en')} papers`, range: 'all' },
          );
        } else if (q && n > 0 && candidates.length < manifest.partitions.length && !periods) {
          showRange(`Searched every paper that has all these words (${papersIn(manifest, candidates).toLocaleString('en')} papers first seen in ${candidates.length === 1 ? 'one period' : `${candidates.length} periods`}).`);
        } else {
          hideRange();
        }
      }
      return true;
    } catch (error) {
      if (id !== searchId) return false;
      console.warn('Search failed:', error);
      list.replaceChildren();
      more.hidden = true;
      hideRange();
      status.textContent = 'Search could not be loaded. Check your connection, then reload the page.';
      return false;
    } finally {
      if (id === searchId) list.removeAttribute('aria-busy');
    }
  };

  let lastTyped = Number.NEGATIVE_INFINITY;
  const remember = (state: State, mode: 'push' | 'replace'): void => {
    const url = toUrl(state);
    if (url === `${location.pathname}${location.search}`) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };

  input.addEventListener('input', () => {
    const state = fromForm();
    preloadSearch(state.q);
    clearTimeout(timer);
    // Search when typing pauses; the URL follows each search.
    timer = setTimeout(async () => {
      if (!(await run(state))) return;
      const now = performance.now();
      remember(state, now - lastTyped < TYPING_PAUSE ? 'replace' : 'push');
      lastTyped = now;
    }, 150);
  });

  form.addEventListener('change', (event) => {
    if (event.target === input) return;
    if (event.target === year) syncMonths();
    const state = fromForm();
    lastTyped = Number.NEGATIVE_INFINITY;
    remember(state, 'push');
    void run(state);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const state = fromForm();
    lastTyped = Number.NEGATIVE_INFINITY;
    remember(state, 'push');
    void run(state);
  });

  widen.addEventListener('click', async () => {
    const state: State = { ...fromForm(), range: widerRange };
    lastTyped = Number.NEGATIVE_INFINITY;
    remember(state, 'push');
    widen.disabled = true;
    try {
      if (await run(state)) (list.querySelector<HTMLAnchorElement>('.search-result__title a') ?? input).focus();
    } finally {
      widen.disabled = false;
    }
  });

  more.addEventListener('click', async () => {
    if (!current) return;
    const shownNow = current;
    const slice = await shownNow.found.slice(shownNow.shown, shownNow.shown + PAGE_SIZE);
    const items = (await renderResults(slice, { heading: 'h3' })).filter((item) => !shownNow.skip.has(item.querySelector('a')?.getAttribute('href') ?? ''));
    if (current !== shownNow) return;
    list.append(...items);
    current.shown += slice.length;
    more.hidden = current.shown >= current.found.total || slice.length === 0;
    items[0]?.querySelector('a')?.focus();
  });

  window.addEventListener('popstate', () => {
    const state = fromUrl();
    toForm(state);
    lastTyped = Number.NEGATIVE_INFINITY;
    void run(state);
  });

  const initial = fromUrl();
  toForm(initial);
  if (initial.q.trim() || initial.topic || initial.year || initial.month) {
    void run(initial);
  } else {
    input.focus();
    // The reader came to search: fetch the manifest while they type.
    void loadManifest().catch(() => {});
  }
}
