/**
 * The /search/ page (src/pages/search.astro): query, filters, order and range live in the URL,
 * `?q=…&topic=<slug>&year=YYYY&month=YYYY-MM&sort=date&range=all`, so a search can be shared
 * and back/forward restore it. Typing updates the URL in place; a pause of more than
 * TYPING_PAUSE or a change of filter starts a new history entry.
 *
 * The index is in partitions of a third of a month (src/lib/search/partitions.ts). A search
 * looks at the recent ones first, says so, and offers a button to search every paper
 * (`range=all`); it widens by itself when the recent papers give too few results. A year or
 * month filter searches exactly that year's or month's partitions.
 */
import type { PartitionManifest } from '../../lib/search/partitions.ts';
import { describePartitions, isPartial, monthName, papersIn, partitionsToSearch, recentPartitions, shouldWiden } from '../../lib/search/partitions.ts';
import type { Found } from './pagefind.ts';
import { loadSearch, prepareSearch, preloadSearch, searchPapers } from './pagefind.ts';
import { arrowNavigation, countPapers, papersMatch, renderResults } from './results.ts';

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
  /** Every partition instead of the recent ones. */
  range: '' | 'all';
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
      range: params.get('range') === 'all' ? 'all' : '',
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
    if (state.range && !state.year && !state.month) params.set('range', state.range);
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

  let current: { found: Found; shown: number } | undefined;
  let searchId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const hideRange = (): void => {
    range.hidden = true;
    rangeText.textContent = '';
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
      const { manifest } = await loadSearch();
      const byDate = state.sort === 'date' || !q;
      const query = { q, ...(state.topic ? { topic: topicName(state.topic) ?? '' } : {}), byDate };
      let partitions = partitionsOf(state, manifest);
      let found = await searchPapers({ ...query, partitions });
      // The recent papers give too little: every partition, by itself.
      let widened = false;
      const byRange = !state.year && !state.month;
      if (byRange && state.range !== 'all' && isPartial(manifest, partitions) && shouldWiden(q, found.total, found.exact)) {
        if (id !== searchId) return false;
        partitions = partitionsToSearch(manifest, { all: true });
        found = await searchPapers({ ...query, partitions });
        widened = true;
      }
      const items = await renderResults(await found.slice(0, PAGE_SIZE), { heading: 'h3' });
      if (id !== searchId) return false;
      current = { found, shown: items.length };
      list.replaceChildren(...items);
      more.hidden = found.total <= items.length;

      const partial = byRange && isPartial(manifest, partitions);
      const searched = partial ? describePartitions(manifest, partitions) : undefined;
      const n = found.total;
      const newest = byDate ? ', newest first' : '';
      status.textContent =
        n === 0
          ? `No papers${q ? ` match “${q}”` : ''}${filterWords(state, searched)}.${filtered ? ' Try removing a filter.' : ' Try fewer or other words.'}`
          : `${q ? `${papersMatch(n)} “${q}”` : countPapers(n)}${filterWords(state, searched)}${newest}.`;
      if (partial) {
        // The days searched are in the status line just above.
        rangeText.textContent = `Searched the newest ${papersIn(manifest, partitions).toLocaleString('en')} of ${manifest.papers.toLocaleString('en')} papers only.`;
        widen.textContent = `Search all ${manifest.papers.toLocaleString('en')} papers`;
        widen.hidden = false;
        range.hidden = false;
      } else if (byRange && isPartial(manifest, recentPartitions(manifest))) {
        // Every partition, where a search starts with fewer: say so.
        const all = `all ${manifest.papers.toLocaleString('en')} papers`;
        rangeText.textContent = widened ? `Few matches among the newest papers: searched ${all}.` : `Searched ${all}.`;
        widen.hidden = true;
        range.hidden = false;
      } else {
        hideRange();
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
    preloadSearch(state.q, (manifest) => partitionsOf(state, manifest));
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
    const state: State = { ...fromForm(), range: 'all' };
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
    const items = await renderResults(await shownNow.found.slice(shownNow.shown, shownNow.shown + PAGE_SIZE), { heading: 'h3' });
    if (current !== shownNow) return;
    list.append(...items);
    current.shown += items.length;
    more.hidden = current.shown >= current.found.total || items.length === 0;
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
    // The reader came to search: fetch the recent partitions' index while they type.
    prepareSearch((manifest) => partitionsOf(initial, manifest));
  }
}
