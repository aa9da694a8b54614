/**
 * The search interface of the /search/ page, one lazily loaded module: it (with its styles,
 * bundled in as constructed stylesheets) is fetched only on that page, and Pagefind only
 * when the first query needs it.
 */
export { startSearchPage } from './page.ts';
