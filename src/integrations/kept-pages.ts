/**
 * The paper pages a build did not render (src/catalog/live.ts) are still the site's: this
 * integration tells the others so. After the pages are written it makes this build's catalog
 * the one the next build compares with, lists every paper page in `keep.files` (for
 * src/integrations/prune-output.ts) and in `keep.urls` (the sitemap's `customPages`), so the
 * output and the sitemap are those of a build that rendered every page.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogFile, commitCatalog } from '../catalog/catalog.ts';
import { CONTENT_DIR } from '../content-root.ts';
import { paths } from '../lib/paths.ts';

export interface KeptPages {
  /** Absolute paths of the kept files in the output. */
  files: Set<string>;
  /** Their absolute URLs. */
  urls: string[];
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
      'astro:build:done': ({ dir }) => {
        const next = catalogFile(cacheDir, 'next');
        if (!existsSync(next)) throw new Error(`${next} is missing: the papers were not loaded by src/catalog/loader.ts`);
        const out = fileURLToPath(dir);
        // Every entry has a page (the build has read them all, or failed): their names, not the catalog's 100s of MB again.
        for (const name of readdirSync(join(CONTENT_DIR, 'papers'))) {
          if (!name.endsWith('.md')) continue;
          const id = name.slice(0, -'.md'.length);
          keep.files.add(join(out, 'papers', id, 'index.html'));
          keep.urls.push(pageUrl(paths.paper(id)));
        }
        commitCatalog(cacheDir, out);
      },
    },
  };
}
