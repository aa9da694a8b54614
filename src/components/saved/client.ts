/**
 * The site-wide part of Save and Cite, in the one site script (kept small: it loads on every
 * paper page). Save buttons (`[data-save]`, a toggle with aria-pressed) work by delegation, the
 * paper being read is remembered, the citation's copy button copies. Pages with lists load the
 * rest (./lists.ts, from PaperItem and the search page: buttons per item, read and new marks, keys).
 */
import { markRead, slugOf, slugOfPath, syncSaveButtons, toggleSaved } from './store.ts';

const pageSlug = slugOfPath(location.pathname);

if (pageSlug) markRead(pageSlug);
syncSaveButtons();
for (const copy of document.querySelectorAll('[data-copy]')) copy.setAttribute('data-ready', '');
addEventListener('storage', () => syncSaveButtons());

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const save = target?.closest('[data-save]');
  if (save) {
    const slug = slugOf(save);
    const title = save.getAttribute('data-title') ?? document.querySelector('h1')?.textContent ?? '';
    if (slug) toggleSaved(slug, title.trim());
    syncSaveButtons();
    return;
  }
  const copy = target?.closest('[data-copy]');
  const text = copy?.closest('section')?.querySelector('pre')?.textContent;
  if (copy && text) {
    navigator.clipboard.writeText(text).then(
      () => {
        const label = copy.textContent;
        copy.textContent = 'Copied';
        setTimeout(() => (copy.textContent = label), 2000);
      },
      () => getSelection()?.selectAllChildren(copy.closest('section')?.querySelector('pre') as Node),
    );
  }
});
