/**
 * A Hugging Face day page in digest order or by upvotes (`?sort=upvotes`, so a sorted day can be
 * linked to). The page is in digest order without JavaScript; the choice appears with it.
 */
const list = document.querySelector<HTMLOListElement>('[data-day-papers]');
const choice = document.querySelector<HTMLElement>('[data-day-sort]');

function sortBy(order: string): void {
  if (!list || !choice) return;
  const items = [...list.children] as HTMLElement[];
  const position = (li: HTMLElement) => Number(li.dataset['position']);
  const upvotes = (li: HTMLElement) => Number(li.dataset['upvotes'] ?? -1);
  items.sort(order === 'upvotes' ? (a, b) => upvotes(b) - upvotes(a) || position(a) - position(b) : (a, b) => position(a) - position(b));
  list.append(...items);
  for (const link of choice.querySelectorAll<HTMLAnchorElement>('a[data-order]')) {
    if (link.dataset['order'] === order) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
}

if (list && choice) {
  choice.hidden = false;
  choice.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-order]') : null;
    if (!link) return;
    event.preventDefault();
    history.replaceState(history.state, '', link.href);
    sortBy(link.dataset['order'] ?? 'digest');
  });
  sortBy(new URLSearchParams(location.search).get('sort') === 'upvotes' ? 'upvotes' : 'digest');
}
