/**
 * Keeps the output folder between builds instead of emptying it, and removes afterwards only
 * what this build did not write.
 *
 * Astro empties `outDir` before every build and then copies each page it did not need to render
 * back from its incremental cache: at 60,000 papers, deleting the previous site alone took 34 s
 * of a daily build, a cost that grows with every day of the archive. With `emptyOutDir: false`
 * (astro.config.mjs) the old files stay: a page Astro may skip is simply left in place (no copy
 * at all), every other file is written again. What is left that no route of this build produced
 * (Astro's `assets` map lists every route's files, skipped ones too) and nothing wrote during it
 * is a file of an earlier build (a card that left the window, a renamed page, an old asset):
 * removed here, so the output equals a cold build's byte for byte (tests/site/incremental.test.ts).
 * It runs before the other `astro:build:done` hooks (first in astro.config.mjs): the files they
 * write (Pagefind's index, the sitemap, `_headers`) are theirs to keep fresh; Pagefind's folder,
 * hard links into its own cache with old times, is not even looked at.
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeptPages } from './kept-pages.ts';
import { PAGEFIND_DIR } from './pagefind.ts';

/**
 * Deletes the files under `dir` that are not `kept` and were last modified before `since` (ms),
 * then the folders left empty; a folder `skip` names (by its parent and name) is not looked
 * into. Returns how many files.
 */
export function removeStaleFiles(dir: string, kept: (path: string) => boolean, since: number, skip: (parent: string, name: string) => boolean = () => false): number {
  let removed = 0;
  const sweep = (folder: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && skip(folder, entry.name)) {
        empty = false;
        continue;
      }
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (sweep(path)) rmdirSync(path);
        else empty = false;
      } else if (!kept(path) && statSync(path).mtimeMs < since) {
        unlinkSync(path);
        removed++;
      } else {
        empty = false;
      }
    }
    return empty;
  };
  sweep(dir);
  return removed;
}

/** `kept`: the files this build wrote, and those of earlier builds that are still the site's though no route of this build listed them (src/integrations/kept-pages.ts). */
export default function pruneOutput(kept: Pick<KeptPages, 'files' | 'written' | 'papers'>): AstroIntegration {
  let started = 0;
  return {
    name: 'daybook:prune-output',
    hooks: {
      'astro:build:start': () => {
        started = Date.now();
      },
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        // A paper page's folder holds just that page, written or kept: not read at all (100,000s of them).
        const papers = join(out, 'papers');
        const skip = (parent: string, name: string) => (parent === papers && kept.papers.has(name)) || (parent === out && name === PAGEFIND_DIR);
        const removed = removeStaleFiles(out, (path) => kept.written.has(path) || kept.files.has(path), started, skip);
        if (removed > 0) logger.info(`removed ${removed} file(s) left from earlier builds`);
      },
    },
  };
}
