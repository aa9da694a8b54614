/**
 * Builds the Pagefind search index of the finished site, the way Starlight does: in
 * `astro:build:done`, through Pagefind's Node API, over the output directory. Any error
 * Pagefind reports fails the build.
 *
 * What gets indexed is decided by the pages: only elements marked `data-pagefind-body`
 * (the paper pages' `<article>`) are indexed; their filters (topic, year, month), sort key
 * (`date`) and meta (`date`) come from `data-pagefind-*` attributes.
 *
 * Two indexes, so the first search stays small as the archive grows. Pagefind's metadata
 * file, which a search downloads before its first result, holds an entry per page (about
 * 9 bytes each, compressed: 90 KB at 10,000 papers, 450 KB at 50,000). So:
 *
 * - `pagefind/`: the newest papers only (whole days, RECENT_PAPERS at most), with Pagefind's
 *   script and WebAssembly. A reader's first search answers from here at once.
 * - `pagefind/all/`: every paper, index files only. The search merges it in (Pagefind's
 *   `mergeIndex`) right after those first results and answers from it alone from then
 *   on, so ranking, sorting and counts are those of one index over the whole archive.
 *
 * `pagefind/daybook.json` tells the search script whether there is a second index (a small
 * archive fits in the first). The index is rebuilt from scratch on every build (an
 * incremental build keeps its old pages in the output, so every page is still indexed).
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Where the index is written, relative to the output directory; the search scripts load it from here. */
export const PAGEFIND_DIR = 'pagefind';
/** The index of every paper, inside PAGEFIND_DIR. */
export const COMPLETE_DIR = 'all';
/** What the search script reads first: `{ complete: boolean, recent: number, pages: number }`. */
export const MANIFEST = 'daybook.json';
/** At most this many papers (whole days) in the first index; a quarter of a small archive. */
export const RECENT_PAPERS = 2000;

export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'daybook:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        await buildIndex(fileURLToPath(dir), logger);
      },
    },
  };
}

interface IndexedPage {
  file: string;
  url: string;
  /** The page's `data-pagefind-sort` date, `YYYY-MM-DD`, or '' if it has none. */
  date: string;
}

/** The pages Pagefind would index (those with a `data-pagefind-body` element), newest first. */
async function indexedPages(outDir: string): Promise<IndexedPage[]> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
  const pages: IndexedPage[] = [];
  for (const file of files) {
    const content = await readFile(file, 'utf8');
    if (!content.includes('data-pagefind-body')) continue;
    const path = relative(outDir, file).split(sep).join('/');
    const date = /data-pagefind-sort="date:(\d{4}-\d{2}-\d{2})"/.exec(content)?.[1] ?? '';
    pages.push({ file, url: `/${path.replace(/(^|\/)index\.html$/, '$1')}`, date });
  }
  return pages.sort((a, b) => b.date.localeCompare(a.date) || a.url.localeCompare(b.url));
}

/** The newest pages (newest first): whole days, up to a quarter of all pages or `max`. */
export function recentPages<T extends { date: string }>(pages: T[], max = RECENT_PAPERS): T[] {
  let cut = Math.min(max, Math.ceil(pages.length / 4));
  while (cut > 0 && cut < pages.length && pages[cut]?.date === pages[cut - 1]?.date) cut++;
  return pages.slice(0, cut);
}

/** Indexes the HTML under `outDir` into `outDir/pagefind/`. Throws on any Pagefind error. */
export async function buildIndex(outDir: string, logger: AstroIntegrationLogger): Promise<void> {
  const start = performance.now();
  const outputPath = join(outDir, PAGEFIND_DIR);
  const completeTemp = join(outDir, `${PAGEFIND_DIR}-${COMPLETE_DIR}.tmp`);
  try {
    const pages = await indexedPages(outDir);
    if (pages.length === 0) logger.warn('The search index is empty: no page has an element with data-pagefind-body.');
    const recent = recentPages(pages);
    const complete = recent.length < pages.length;
    // Old index files (their names are content hashes) must not pile up across builds.
    rmSync(outputPath, { recursive: true, force: true });
    rmSync(completeTemp, { recursive: true, force: true });
    if (complete) await writeIndex(pages, completeTemp);
    await writeIndex(complete ? recent : pages, outputPath);
    if (complete) {
      renameSync(completeTemp, join(outputPath, COMPLETE_DIR));
      keepIndexFilesOnly(join(outputPath, COMPLETE_DIR));
    }
    writeFileSync(join(outputPath, MANIFEST), `${JSON.stringify({ complete, recent: complete ? recent.length : pages.length, pages: pages.length })}\n`);
    const ms = performance.now() - start;
    logger.info(
      `Search index: ${pages.length} pages${complete ? `, the newest ${recent.length} also apart` : ''}, in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}.`,
    );
  } finally {
    rmSync(completeTemp, { recursive: true, force: true });
    await pagefind.close();
  }
}

async function writeIndex(pages: IndexedPage[], outputPath: string): Promise<void> {
  // Every page is written in one language; one index keeps a search to one set of files.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  check(errors, 'creating the index');
  if (!index) throw new Error('Pagefind did not create an index');
  // A few files in flight: the service parses while the next ones are sent.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let page = pages[next++]; page !== undefined; page = pages[next++]) {
        // Read again rather than kept: 50,000 pages would not fit in memory twice.
        const content = await readFile(page.file, 'utf8');
        check((await index.addHTMLFile({ url: page.url, content })).errors, `indexing ${page.url}`);
      }
    }),
  );
  check((await index.writeFiles({ outputPath })).errors, `writing ${outputPath}`);
  await index.deleteIndex();
}

/** The complete index is merged into the first one: it needs no script, WebAssembly or UI of its own. */
function keepIndexFilesOnly(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!/^(pagefind-entry\.json|pagefind\..+\.pf_meta|index|fragment|filter)$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function check(errors: string[], doing: string): void {
  if (errors.length > 0) {
    throw new Error(`Pagefind failed while ${doing}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  }
}
