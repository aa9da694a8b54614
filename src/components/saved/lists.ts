/**
 * List pages (home, days, topics, weeks, months, search, watch): a Save button on every paper, a
 * "Read" mark on papers the reader has opened, "New since your last visit" on the home and day
 * pages, and the keys j/k (next/previous paper), o or Enter (open), s (save), ? (the keys). Items
 * carry no markup for any of this: everything is added here, from each item's own link. The paper
 * opened last is remembered for the list's URL, so after Back `j` goes on from it.
 */
import { readPapers, slugOfPath, syncSaveButtons, visit } from './store.ts';

const ITEMS = '.paper-item, .search-result';

const el = (tag: string, className: string, text: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
};

const linkOf = (item: Element) => item.querySelector<HTMLAnchorElement>('h2 a, h3 a, .search-result__title a');

/** The day the list is of (home: the latest day; a day page: its day), and the newest day the reader saw before this visit. */
const listDay = document.querySelector<HTMLElement>('[data-day]')?.dataset['day'];
const before = listDay ? visit(listDay) : '';

/** A paper's first day, as the item shows it: its date, or the list's day for a paper new that day. */
const firstDay = (item: Element) => item.querySelector('p time')?.getAttribute('datetime') ?? listDay ?? '';

function decorate(root: ParentNode): void {
  const read = readPapers();
  let fresh = 0;
  for (const item of root.querySelectorAll(ITEMS)) {
    const link = linkOf(item);
    const slug = link && slugOfPath(new URL(link.href).pathname);
    if (!slug || item.querySelector('[data-save]')) continue;
    const tools = el('span', 'item-tools', '');
    if (before && listDay && firstDay(item) > before) {
      tools.append(el('span', 'since', 'New since your last visit'));
      fresh++;
    }
    if (read.has(slug)) tools.append(el('span', 'read-mark', 'Read'));
    const button = el('button', '', 'Save');
    button.setAttribute('type', 'button');
    button.setAttribute('data-save', slug);
    button.setAttribute('data-title', link.textContent ?? '');
    button.setAttribute('aria-describedby', (link.id ||= `t-${slug}`));
    tools.append(button);
    (item.querySelector('.search-result__meta, .paper-item > p') ?? item).append(tools);
  }
  if (fresh) {
    const note = el('p', 'since-note', `${fresh} ${fresh === 1 ? 'paper' : 'papers'} new since your last visit`);
    // Before a day's list; inside the home page's latest section, under its heading.
    const list = document.querySelector('[data-day]');
    if (list?.matches('ol, ul')) list.before(note);
    else list?.querySelector('h2, h3')?.after(note);
  }
  syncSaveButtons(root);
}

decorate(document);
// Search results and watch matches arrive after the page: decorate them as they come.
for (const results of document.querySelectorAll('[data-search-results], [data-live-list]')) {
  new MutationObserver(() => decorate(results)).observe(results, { childList: true });
}

/** The paper of this list the reader opened last (this tab), by the list's URL. */
const OPENED = `daybook-opened:${location.pathname}${location.search}`;
const slugOfItem = (item: Element) => {
  const link = linkOf(item);
  return link ? slugOfPath(new URL(link.href).pathname) : undefined;
};
function rememberOpened(slug: string | undefined): void {
  try {
    if (slug) sessionStorage.setItem(OPENED, slug);
  } catch {
    // Storage refused: `j` starts from the top after Back.
  }
}
function openedBefore(): string | null {
  try {
    return sessionStorage.getItem(OPENED);
  } catch {
    return null;
  }
}
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  const item = link?.closest(ITEMS);
  if (item && link === linkOf(item)) rememberOpened(slugOfItem(item));
});

let help: HTMLDialogElement | undefined;
function showKeys(): void {
  if (!help) {
    help = document.createElement('dialog');
    help.className = 'keys';
    help.setAttribute('aria-labelledby', 'keys-title');
    const list = el('dl', '', '');
    for (const [key, what] of [
      ['j / k', 'Next / previous paper'],
      ['o or Enter', 'Open the paper'],
      ['s', 'Save or unsave the paper'],
      ['/', 'Search'],
      ['?', 'These keys'],
    ]) list.append(el('dt', '', key as string), el('dd', '', what as string));
    const close = el('button', 'btn', 'Close');
    close.addEventListener('click', () => help?.close());
    help.append(el('h2', '', 'Keyboard shortcuts'), list, close);
    (help.firstChild as HTMLElement).id = 'keys-title';
    document.body.append(help);
  }
  help.showModal();
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.defaultPrevented || event.isComposing || event.metaKey || event.ctrlKey || event.altKey) return;
  if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || help?.open) return;
  const items = [...document.querySelectorAll(ITEMS)].filter((item) => linkOf(item));
  const current = items.findIndex((item) => item.contains(document.activeElement));
  const key = event.key;
  if (key === 'j' || key === 'k') {
    // Back from a paper, nothing focused yet: go on from the paper opened, not from the top.
    const opened = current < 0 ? openedBefore() : null;
    const from = opened ? items.findIndex((item) => slugOfItem(item) === opened) : current;
    const next = items[Math.max(0, Math.min(items.length - 1, from + (key === 'j' ? 1 : from < 0 ? items.length : -1)))];
    linkOf(next as Element)?.focus();
  } else if (key === 'o' && current >= 0) {
    linkOf(items[current] as Element)?.click();
  } else if (key === 's' && current >= 0) {
    items[current]?.querySelector<HTMLElement>('[data-save]')?.click();
  } else if (key === '?') {
    showKeys();
  } else return;
  event.preventDefault();
});
