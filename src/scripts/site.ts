/**
 * What every page does beyond its HTML: the theme toggle and the search shortcuts. One small
 * bundled file, cached once for the whole site; src/scripts/theme.js (inline) has already
 * applied the stored theme before the first paint. Save and Cite: src/components/saved/client.ts.
 */
import '../components/saved/client.ts';

const KEY = 'daybook-theme';
const root = document.documentElement;

const current = () => root.dataset['theme'] || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

function syncToggles(): void {
  for (const button of document.querySelectorAll<HTMLElement>('[data-theme-toggle]')) {
    button.hidden = false;
    button.setAttribute('aria-pressed', String(current() === 'dark'));
  }
}

syncToggles();

document.addEventListener('click', (event) => {
  if (!(event.target instanceof Element && event.target.closest('[data-theme-toggle]'))) return;
  const next = current() === 'dark' ? 'light' : 'dark';
  root.dataset['theme'] = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage refused (private mode): the choice lasts for this page.
  }
  syncToggles();
});

// "/" and Ctrl/Cmd+K: the search box of /search/, or the search page from anywhere else.
document.addEventListener('keydown', (event) => {
  const target = event.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  const commandK = event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey;
  const slash = event.key === '/' && !event.metaKey && !event.ctrlKey && !event.altKey && !typing;
  if (event.defaultPrevented || event.isComposing || (!commandK && !slash)) return;
  event.preventDefault();
  const box = document.querySelector<HTMLInputElement>('[data-search-input]');
  if (box) {
    box.focus();
    box.select();
  } else {
    const link = document.querySelector<HTMLAnchorElement>('a[data-search-link]');
    if (link) location.assign(link.href);
  }
});
