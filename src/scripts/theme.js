// Sets the reader's chosen theme before the first paint, so a page never flashes the other
// theme. Inline on purpose and kept to these few bytes, because every page carries it; the
// toggle and the search shortcuts come in a cached file (src/scripts/site.ts).
try {
  const theme = localStorage.getItem('daybook-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {}
