// The theme toggle and the search shortcuts: the one script a reading page runs. The site
// ships it minified and inline (src/components/ThemeScript.astro), hashed by the CSP.
(() => {
  const key = 'daybook-theme';
  const root = document.documentElement;
  const stored = (() => { try { return localStorage.getItem(key); } catch { return null; } })();
  if (stored === 'light' || stored === 'dark') root.dataset.theme = stored;
  const current = () => root.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  const sync = () => {
    for (const button of document.querySelectorAll('[data-theme-toggle]')) {
      button.hidden = false;
      button.setAttribute('aria-pressed', String(current() === 'dark'));
    }
  };
  document.addEventListener('DOMContentLoaded', sync);
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('[data-theme-toggle]');
    if (!button) return;
    const next = current() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try { localStorage.setItem(key, next); } catch {}
    sync();
  });
  // "/" and Ctrl/Cmd+K: the search box of /search/, or the search page from anywhere else.
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    const commandK = event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey;
    const slash = event.key === '/' && !event.metaKey && !event.ctrlKey && !event.altKey && !typing;
    if (event.defaultPrevented || event.isComposing || (!commandK && !slash)) return;
    event.preventDefault();
    const box = document.querySelector('[data-search-input]');
    if (box) {
      box.focus();
      box.select();
    } else {
      const link = document.querySelector('a[data-search-link]');
      if (link) location.assign(link.href);
    }
  });
})();
