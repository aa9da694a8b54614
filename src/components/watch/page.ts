/**
 * /watch/: add and remove watches (localStorage), match them against the recent days' papers
 * (/watch/recent.json, and their abstracts from /watch/abstracts.json once a watch has words;
 * src/data/watch.ts) with src/lib/watch, show the matches newest first with what matched
 * highlighted (in the abstract, the sentence around it), how many are new since the last visit,
 * and each watch's feeds; papers already read can be hidden. Save buttons and keys: ../saved/lists.ts.
 */
import type { RecentFile, RecentPaper } from '../../data/watch.ts';
import type { Match, Watch } from '../../lib/watch/match.ts';
import { describeWatch, matchWatch, mergeRanges } from '../../lib/watch/match.ts';
import { formatShortDay } from '../../utils/format.ts';
import { readPapers, visit } from '../saved/store.ts';

const KEY = 'daybook-watches';
const HIDE_READ = 'daybook-watch-hide-read';
const root = document.querySelector('[data-watch]') as HTMLElement;
const base = root.dataset['base'] ?? '/';
const $ = <T extends Element>(selector: string) => root.querySelector(selector) as T;
const form = $<HTMLFormElement>('[data-watch-form]');
const status = $<HTMLElement>('[data-watch-status]');

function loadWatches(): Watch[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((w) => w && typeof w.id === 'string') : [];
  } catch {
    return [];
  }
}
function storeWatches(list: Watch[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    status.textContent = 'Your browser refused to keep the watch.';
  }
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
};
const link = (href: string, text: string) => Object.assign(el('a', text), { href });
const topicFeed = (slug: string) => `${base}topics/${slug}/rss.xml`;

let data: RecentFile | undefined;
let abstracts: Record<string, string> | undefined;
let abstractsLoading: Promise<void> | undefined;
const hideRead = $<HTMLInputElement>('[data-hide-read]');
let newestSeen = '';
const topicName = (slug: string) => data?.topics[slug] ?? slug;

/** `text` with the ranges in <mark>. */
function highlighted(text: string, ranges: [number, number][]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const [a, b] of mergeRanges(ranges)) {
    nodes.push(document.createTextNode(text.slice(at, a)), el('mark', text.slice(a, b)));
    at = b;
  }
  nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

function renderWatches(watches: Watch[]): void {
  const list = $<HTMLUListElement>('[data-watch-list]');
  list.replaceChildren(
    ...watches.map((watch) => {
      const li = el('li');
      const what = el('p', describeWatch(watch, topicName));
      what.id = `watch-${watch.id}`;
      const tools = el('p', '', 'tool-row');
      if (watch.topic) tools.append(link(topicFeed(watch.topic), `Feed of ${topicName(watch.topic)}`));
      else tools.append(el('span', 'No feed of its own: the topic feeds and the site feed carry these papers.'));
      const remove = el('button', 'Remove', 'btn');
      remove.type = 'button';
      remove.setAttribute('aria-describedby', what.id);
      remove.addEventListener('click', () => {
        storeWatches(loadWatches().filter((w) => w.id !== watch.id));
        update();
      });
      tools.append(remove);
      li.append(what, tools);
      return li;
    }),
  );
  if (!watches.length) list.append(el('li', 'No watches yet: add one above.'));
  $<HTMLElement>('[data-opml-row]').hidden = !watches.some((w) => w.topic);
}

/** Around the first match in an abstract: the words before and after it, cut at spaces. */
const SNIPPET_CONTEXT = 90;

function snippet(text: string, ranges: [number, number][]): Node[] {
  const merged = mergeRanges(ranges);
  const first = merged[0];
  if (!first) return [];
  const from = first[0] <= SNIPPET_CONTEXT ? 0 : text.indexOf(' ', first[0] - SNIPPET_CONTEXT) + 1;
  const end = text.indexOf(' ', first[1] + SNIPPET_CONTEXT * 2);
  const to = end < 0 ? text.length : end;
  const shown = merged.filter(([a, b]) => a >= from && b <= to).map(([a, b]): [number, number] => [a - from, b - from]);
  return [document.createTextNode(from > 0 ? '…' : ''), ...highlighted(text.slice(from, to), shown), document.createTextNode(to < text.length ? '…' : '')];
}

/** Loads the abstracts once a watch has words; the results are drawn again when they come. */
function loadAbstracts(watches: Watch[]): void {
  if (abstractsLoading || !watches.some((w) => w.words?.trim())) return;
  abstractsLoading = fetch(root.dataset['abstracts'] as string)
    .then((response) => response.json() as Promise<Record<string, string>>)
    .then((file) => {
      abstracts = file;
      update();
    })
    .catch(() => {
      status.textContent = 'The abstracts could not be loaded: words are matched in titles only.';
    });
}

function renderResults(watches: Watch[]): void {
  const results = $<HTMLOListElement>('[data-watch-results]');
  if (!data) return;
  loadAbstracts(watches);
  const read = hideRead.checked ? readPapers() : new Set<string>();
  const found: { paper: RecentPaper; matches: { watch: Watch; match: Match }[] }[] = [];
  let hidden = 0;
  for (const paper of data.papers) {
    const matches = watches.flatMap((watch) => {
      const match = matchWatch(watch, { title: paper.t, abstract: abstracts?.[paper.s], authors: paper.a, topics: paper.k, code: paper.c === 1 });
      return match ? [{ watch, match }] : [];
    });
    if (matches.length && read.has(paper.s)) hidden++;
    else if (matches.length) found.push({ paper, matches });
  }
  let fresh = 0;
  results.replaceChildren(
    ...found.map(({ paper, matches }) => {
      const li = el('li', '', 'paper-item');
      li.dataset['slug'] = paper.s;
      const heading = el('h3');
      const a = link(`${base}papers/${paper.s}/`, '');
      a.append(...highlighted(paper.t, matches.flatMap((m) => m.match.title)));
      heading.append(a);
      const meta = el('p');
      if (newestSeen && paper.d > newestSeen) {
        meta.append(el('span', 'New since your last visit', 'since'), ' · ');
        fresh++;
      }
      const time = el('time', formatShortDay(paper.d));
      time.dateTime = paper.d;
      meta.append(time);
      const authorIndexes = new Set(matches.flatMap((m) => m.match.authors));
      if (paper.a.length) {
        meta.append(' · ');
        paper.a.slice(0, 6).forEach((name, i) => {
          if (i) meta.append(', ');
          meta.append(authorIndexes.has(i) ? el('mark', name) : name);
        });
        const more = [...authorIndexes].filter((i) => i >= 6).map((i) => paper.a[i] as string);
        for (const name of more) meta.append(', ', el('mark', name));
        if (paper.a.length > 6 + more.length) meta.append(' et al.');
      }
      const inAbstract = matches.flatMap((m) => m.match.abstract);
      const text = abstracts?.[paper.s];
      if (text && inAbstract.length) {
        const quote = el('p', '', 'watch-snippet');
        quote.append(el('span', 'In the abstract: ', 'muted'), ...snippet(text, inAbstract));
        li.append(heading, meta, quote);
      } else {
        li.append(heading, meta);
      }
      li.append(el('p', `Matches: ${matches.map((m) => describeWatch(m.watch, topicName)).join('; ')}`, 'watch-why'));
      return li;
    }),
  );
  const hiddenNote = hidden ? `, ${hidden} read ${hidden === 1 ? 'paper' : 'papers'} hidden` : '';
  status.textContent = watches.length
    ? `${found.length} ${found.length === 1 ? 'paper matches' : 'papers match'} your watches in the last ${data.days.length} days, ${fresh} new since your last visit${hiddenNote}.`
    : 'Add a watch to see the papers that match it.';
}

function update(): void {
  const watches = loadWatches();
  renderWatches(watches);
  renderResults(watches);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const values = new FormData(form);
  const watch: Watch = { id: Date.now().toString(36) };
  const words = String(values.get('words') ?? '').trim();
  const authors = String(values.get('authors') ?? '').trim();
  const topic = String(values.get('topic') ?? '');
  if (words) watch.words = words;
  if (authors) watch.authors = authors;
  if (topic) watch.topic = topic;
  if (values.get('code')) watch.code = true;
  if (!words && !authors && !topic && !watch.code) {
    status.textContent = 'A watch needs words, authors, a topic or “only papers with code”.';
    return;
  }
  storeWatches([...loadWatches(), watch]);
  form.reset();
  update();
});

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

$<HTMLButtonElement>('[data-opml]').addEventListener('click', () => {
  const topics = [...new Set(loadWatches().flatMap((w) => (w.topic ? [w.topic] : [])))];
  const outlines = topics.map((slug) => {
    const url = new URL(topicFeed(slug), location.href).href;
    return `    <outline type="rss" text="${xml(topicName(slug))}" title="${xml(topicName(slug))}" xmlUrl="${xml(url)}" htmlUrl="${xml(new URL(`${base}topics/${slug}/`, location.href).href)}"/>`;
  });
  const opml = `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>Daybook: my watched topics</title></head>\n  <body>\n${outlines.join('\n')}\n  </body>\n</opml>\n`;
  const url = URL.createObjectURL(new Blob([opml], { type: 'text/x-opml' }));
  const a = link(url, '');
  a.download = 'daybook-watches.opml';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

try {
  hideRead.checked = localStorage.getItem(HIDE_READ) === '1';
} catch {
  // Storage refused: the box starts unticked.
}
hideRead.addEventListener('change', () => {
  try {
    localStorage.setItem(HIDE_READ, hideRead.checked ? '1' : '0');
  } catch {
    // Storage refused: the choice lasts for this page.
  }
  update();
});

update();
status.textContent = 'Loading the recent papers…';
// The abstracts load beside the papers and the matches are drawn once both are here: drawn twice, the list would
// lose the reader's place (focus) under their keys.
loadAbstracts(loadWatches());
fetch(root.dataset['data'] as string)
  .then((response) => response.json() as Promise<RecentFile>)
  .then(async (file) => {
    data = file;
    newestSeen = visit(file.days[0]);
    await abstractsLoading;
    update();
  })
  .catch(() => (status.textContent = 'The recent papers could not be loaded. Check your connection and reload the page.'));
