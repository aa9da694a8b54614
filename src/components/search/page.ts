/**
 * The /search/ page (src/pages/search.astro): query, filters and order live in the URL,
 * `?q=…&topic=<slug>&year=YYYY&month=YYYY-MM&sort=date`, so a search can be shared and
 * back/forward restore it. Typing updates the URL in place; a pause of more than
 * TYPING_PAUSE or a change of filter starts a new history entry.
 */
import type { Result, SearchFilters } from './pagefind.ts';
import { loadPagefind, preloadSearch, searchPapers } from './pagefind.ts';
import { arrowNavigation, countPapers, papersMatch, renderResults } from './results.ts';

const PAGE_SIZE = 20;
const TYPING_PAUSE = 1500;

interface State {
  q: string;
  /** Topic slug. */
  topic: string;
  year: string;
  month: string;
  sort: '' | 'date';
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
    };
  };

  const fromForm = (): State => ({
    q: input.value,
    topic: topic?.value ?? '',
    year: year.value,
    month: month.value,
    sort: sort.value === 'date' ? 'date' : '',
  });

  const toUrl = (state: State): string => {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set('q', state.q.trim());
    if (state.topic) params.set('topic', state.topic);
    if (state.year) params.set('year', state.year);
    if (state.month) params.set('month', state.month);
    if (state.sort) params.set('sort', state.sort);
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

  const toForm = (state: State): void => {
    input.value = state.q;
    if (topic) topic.value = state.topic;
    year.value = state.year;
    month.value = state.month;
    sort.value = state.sort;
    syncMonths();
  };

  const topicName = (slug: string): string | undefined => [...(topic?.options ?? [])].find((o) => o.value === slug)?.dataset['name'];

  const filtersOf = (state: State): SearchFilters => {
    const filters: SearchFilters = {};
    const name = topicName(state.topic);
    if (name) filters.topic = [name];
    if (state.year) filters.year = [state.year];
    if (state.month) filters.month = [state.month];
    return filters;
  };

  /** "in Reasoning, August 2026": the chosen filters in words. */
  const filterWords = (state: State): string => {
    const words = [topicName(state.topic), month.selectedOptions[0]?.value ? month.selectedOptions[0].text : state.year].filter(Boolean);
    return words.length > 0 ? ` in ${words.join(', ')}` : '';
  };

  let current: { results: Result[]; shown: number } | undefined;
  let searchId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs a search and shows it; false when a newer search overtook it or it failed. */
  const run = async (state: State): Promise<boolean> => {
    const id = ++searchId;
    clearTimeout(timer);
    const q = state.q.trim();
    const filters = filtersOf(state);
    const filtered = Object.keys(filters).length > 0;
    document.title = q ? `“${q}” – ${baseTitle}` : baseTitle;
    if (!q && !filtered) {
      current = undefined;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = '';
      return true;
    }
    list.setAttribute('aria-busy', 'true');
    try {
      const results = await searchPapers({ q, filters, byDate: state.sort === 'date' });
      const items = await renderResults(results.slice(0, PAGE_SIZE), { heading: 'h3' });
      if (id !== searchId) return false;
      current = { results, shown: items.length };
      list.replaceChildren(...items);
      more.hidden = results.length <= items.length;
      const n = results.length;
      const newest = state.sort === 'date' || !q ? ', newest first' : '';
      status.textContent =
        n === 0
          ? `No papers${q ? ` match “${q}”` : ''}${filterWords(state)}.${filtered ? ' Try removing a filter.' : ' Try fewer or other words.'}`
          : `${q ? `${papersMatch(n)} “${q}”` : countPapers(n)}${filterWords(state)}${newest}.`;
      return true;
    } catch (error) {
      if (id !== searchId) return false;
      console.warn('Search failed:', error);
      list.replaceChildren();
      more.hidden = true;
      status.textContent = 'Search could not be loaded. Check your connection and try again.';
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

  more.addEventListener('click', async () => {
    if (!current) return;
    const { results, shown } = current;
    const items = await renderResults(results.slice(shown, shown + PAGE_SIZE), { heading: 'h3' });
    if (current?.results !== results) return;
    list.append(...items);
    current.shown += items.length;
    more.hidden = current.shown >= results.length;
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
  if (initial.q.trim() || Object.keys(filtersOf(initial)).length > 0) {
    void run(initial);
  } else {
    input.focus();
    // The reader came to search: fetch the index while they type.
    loadPagefind().catch(() => {});
  }
}
