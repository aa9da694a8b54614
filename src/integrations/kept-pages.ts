/**
 * The pages a build did not render are still the site's: the paper pages it did not load
 * (src/catalog/live.ts) and the list pages whose view did not change (src/data/pages-to-render.ts). This
 * integration tells the others so. After the pages are written it makes this build's catalog
 * and page keys the ones the next build compares with, and lists the site's pages: list pages
 * in `keep.files`, paper pages by slug in `keep.papers` (for the pruning, the search index and
 * the budget line), all of them in `keep.urls` (the sitemap's `customPages`), so the output and
 * the sitemap are those of a build that rendered every page.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogFile, commitCatalog, readNextCatalog, releaseCatalogOutput } from '../catalog/catalog.ts';
import { commitPageKeys, dropNextPageKeys, nextPageKeys } from '../catalog/page-keys.ts';
import { CONTENT_DIR } from '../content-root.ts';
import { paths } from '../lib/paths.ts';

export interface KeptPages {
  /** Absolute paths of the kept list-page files in the output (paper pages are in `papers`). */
  files: Set<string>;
  /** The absolute URLs of every kept page, paper pages included. */
  urls: string[];
  /** The files Astro wrote this build (its `assets`: every file of every route it rendered). */
  written: Set<string>;
  /**
   * Slugs of every paper page, written by this build or kept: each entry has one. Paper pages go
   * by slug, not path: 100,000s of paths built, hashed and looked up cost a second a build.
   */
  papers: Set<string>;
  /** Slugs of the paper pages this build wrote; the others are as the last good build left them. */
  writtenPapers: Set<string>;
}

export default function keptPages(keep: KeptPages): AstroIntegration {
  let cacheDir = '';
  let pageUrl = (path: string) => path;
  return {
    name: 'daybook:kept-pages',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        const base = config.base.replace(/\/$/, '');
        const origin = new URL(config.site ?? 'http://localhost').origin;
        // A plain path is its URL as it is (no URL object for each of 100,000s of pages).
        pageUrl = (path) => (/^[\w/.-]*$/.test(path) ? `${origin}${base}${path}` : new URL(`${base}${path}`, config.site).href);
      },
      'astro:build:start': () => {
        releaseCatalogOutput(cacheDir);
        dropNextPageKeys(cacheDir);
      },
      'astro:build:done': ({ dir, assets, logger }) => {
        const next = catalogFile(cacheDir, 'next');
        if (!existsSync(next)) throw new Error(`${next} is missing: the papers were not loaded by src/catalog/loader.ts`);
        const out = fileURLToPath(dir);
        const keepPage = (path: string) => {
          keep.files.add(join(out, path.endsWith('/') ? `${path}index.html` : path));
          if (path.endsWith('/')) keep.urls.push(pageUrl(path));
        };
        // Every entry has a page (the build has read them all, or failed): their names, not the catalog's 100s of MB again.
        for (const name of readdirSync(join(CONTENT_DIR, 'papers'))) {
          if (!name.endsWith('.md')) continue;
          const slug = name.slice(0, -'.md'.length);
          keep.papers.add(slug);
          keep.urls.push(pageUrl(paths.paper(slug)));
        }
        let listPages = 0;
        let rendered = 0;
        for (const [, next] of nextPageKeys(cacheDir)) {
          for (const path of Object.keys(next.keys)) keepPage(path);
          listPages += Object.keys(next.keys).length;
          rendered += next.rendered;
        }
        logger.info(`${rendered.toLocaleString('en')} list pages of ${listPages.toLocaleString('en')} rendered; the others are kept as they are`);
        const papersDir = `${join(out, 'papers')}${sep}`;
        const page = `${sep}index.html`;
        for (const url of [...assets.values()].flat()) {
          const file = fileURLToPath(url);
          keep.written.add(file);
          const slug = file.startsWith(papersDir) && file.endsWith(page) ? file.slice(papersDir.length, -page.length) : sep;
          if (!slug.includes(sep)) keep.writtenPapers.add(slug);
        }
        const loadedEveryPaper = readNextCatalog(cacheDir)?.keepsPages === false;
        commitPageKeys(cacheDir);
        commitCatalog(cacheDir, out);
        // Such a build leaves every paper in Astro's data store (~5 KB each: 600 MB at 118,000
        // papers), which the next build would parse, at 3 GB of memory, only to drop all but a
        // day's papers (src/catalog/loader.ts). Without it, the next content sync starts afresh.
        if (loadedEveryPaper) rmSync(join(cacheDir, 'data-store.json'), { force: true });
      },
    },
  };
}
