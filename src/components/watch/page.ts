/**
 * /watch/: add and remove watches (localStorage), match them against the recent days' papers
 * (/watch/recent.json, src/data/watch.ts) with src/lib/watch, show the matches newest first with
 * what matched highlighted, how many are new since the last visit, and each watch's feeds.
 */
import type { RecentFile, RecentPaper } from '../../data/watch.ts';
import type { Match, Watch } from '../../lib/watch/match.ts';
import { describeWatch, matchWatch, mergeRanges } from '../../lib/watch/match.ts';
import { formatShortDay } from '../../utils/format.ts';
import { visit } from '../saved/store.ts';

const KEY = 'daybook-watches';
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

function renderResults(watches: Watch[]): void {
  const results = $<HTMLOListElement>('[data-watch-results]');
  if (!data) return;
  const found: { paper: RecentPaper; matches: { watch: Watch; match: Match }[] }[] = [];
  for (const paper of data.papers) {
    const matches = watches.flatMap((watch) => {
      const match = matchWatch(watch, { title: paper.t, authors: paper.a, topics: paper.k, code: paper.c === 1 });
      return match ? [{ watch, match }] : [];
    });
    if (matches.length) found.push({ paper, matches });
  }
  let fresh = 0;
  results.replaceChildren(
    ...found.map(({ paper, matches }) => {
      const li = el('li');
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
      const why = el('p', `Matches: ${matches.map((m) => describeWatch(m.watch, topicName)).join('; ')}`);
      li.append(heading, meta, why);
      return li;
    }),
  );
  status.textContent = watches.length
    ? `${found.length} ${found.length === 1 ? 'paper matches' : 'papers match'} your watches in the last ${data.days.length} days, ${fresh} new since your last visit.`
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

update();
status.textContent = 'Loading the recent papers…';
fetch(root.dataset['data'] as string)
  .then((response) => response.json() as Promise<RecentFile>)
  .then((file) => {
    data = file;
    newestSeen = visit(file.days[0]);
    update();
  })
  .catch(() => (status.textContent = 'The recent papers could not be loaded. Check your connection and reload the page.'));
