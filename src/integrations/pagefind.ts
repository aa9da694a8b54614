/**
 * Builds the Pagefind search index of the finished site, the way Starlight does: in
 * `astro:build:done`, through Pagefind's Node API, over the output directory. Any error
 * Pagefind reports fails the build.
 *
 * What gets indexed is decided by the pages: only elements marked `data-pagefind-body`
 * (the paper pages' `<article>`) are indexed; their filters (topic, year, month), sort key
 * (`date`) and meta (`date`) come from `data-pagefind-*` attributes.
 *
 * The index is rebuilt from scratch on every build: an incremental build keeps its old
 * pages in the output directory, so every page is still indexed, and old index files
 * (named by content hash) do not pile up.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Where the index is written, relative to the output directory; the search script loads it from here. */
export const PAGEFIND_DIR = 'pagefind';

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

/** Indexes the HTML under `outDir` into `outDir/pagefind/`. Throws on any Pagefind error. */
export async function buildIndex(outDir: string, logger: AstroIntegrationLogger): Promise<void> {
  const start = performance.now();
  const outputPath = join(outDir, PAGEFIND_DIR);
  try {
    // Every page is written in one language; one index keeps a search to one set of files.
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    check(errors, 'creating the index');
    if (!index) throw new Error('Pagefind did not create an index');
    const added = await index.addDirectory({ path: outDir });
    check(added.errors, `indexing ${outDir}`);
    rmSync(outputPath, { recursive: true, force: true });
    check((await index.writeFiles({ outputPath })).errors, `writing ${outputPath}`);
    const pages = indexedPages(outputPath);
    if (pages === 0) logger.warn('The search index is empty: no page has an element with data-pagefind-body.');
    const ms = performance.now() - start;
    logger.info(`Search index: ${pages} pages of ${added.page_count} HTML files, in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}.`);
  } finally {
    await pagefind.close();
  }
}

/** Pages in the written index, from the entry file the browser reads first. */
function indexedPages(outputPath: string): number {
  const entry = JSON.parse(readFileSync(join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(entry.languages).reduce((n, language) => n + language.page_count, 0);
}

function check(errors: string[], doing: string): void {
  if (errors.length > 0) {
    throw new Error(`Pagefind failed while ${doing}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  }
}
