/**
 * The pages a build did not render are still the site's: the paper pages it did not load
 * (src/catalog/live.ts) and the list pages whose view did not change (src/data/pages.ts). This
 * integration tells the others so. After the pages are written it makes this build's catalog
 * and page keys the ones the next build compares with, lists every such page in `keep.files`
 * (for src/integrations/prune-output.ts) and in `keep.urls` (the sitemap's `customPages`), so
 * the output and the sitemap are those of a build that rendered every page.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogFile, commitCatalog, releaseCatalogOutput } from '../catalog/catalog.ts';
import { commitPageKeys, dropNextPageKeys, nextPageKeys } from '../catalog/page-keys.ts';
import { CONTENT_DIR } from '../content-root.ts';
import { paths } from '../lib/paths.ts';

export interface KeptPages {
  /** Absolute paths of the kept files in the output. */
  files: Set<string>;
  /** Their absolute URLs. */
  urls: string[];
  /** The files Astro wrote this build (its `assets`: every file of every route it rendered). */
  written: Set<string>;
  /** The kept files this build did not write: as the last good build left them. */
  untouched: Set<string>;
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
        pageUrl = (path) => new URL(`${base}${path}`, config.site).href;
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
          if (name.endsWith('.md')) keepPage(paths.paper(name.slice(0, -'.md'.length)));
        }
        let listPages = 0;
        let rendered = 0;
        for (const [, next] of nextPageKeys(cacheDir)) {
          for (const path of Object.keys(next.keys)) keepPage(path);
          listPages += Object.keys(next.keys).length;
          rendered += next.rendered;
        }
        logger.info(`${rendered.toLocaleString('en')} list pages of ${listPages.toLocaleString('en')} rendered; the others are kept as they are`);
        for (const url of [...assets.values()].flat()) keep.written.add(fileURLToPath(url));
        for (const file of keep.files) if (!keep.written.has(file)) keep.untouched.add(file);
        commitPageKeys(cacheDir);
        commitCatalog(cacheDir, out);
      },
    },
  };
}
