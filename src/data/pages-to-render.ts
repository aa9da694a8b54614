/**
 * Which pages of a list route this build renders: those whose key (the view they show,
 * src/data/views.ts, with the code's fingerprint) is not the one the manifest this build took
 * lists (none, when the output holds no good build's pages); the others stay in the output as
 * they are, and src/integrations/output.ts lists them in the new manifest by these keys, which
 * every page hands to the end of the build (src/catalog/page-keys.ts).
 */
import { fileURLToPath } from 'node:url';
import { takenKeys } from '../catalog/manifest-file.ts';
import type { PageKeys } from '../catalog/page-keys.ts';
import { writePageKeys } from '../catalog/page-keys.ts';
import { outputPath } from '../lib/build-manifest.ts';
import { viewKey } from '../lib/archive/paper-view.ts';
import type { Archive } from './archive.ts';

/** The keys of the manifest this build took, read once for all the list routes. */
let lastKeys: Map<string, string> | undefined;

interface KeyedPage {
  params: Record<string, string | undefined>;
  props: Record<string, unknown>;
  /** What the page shows, as a key (src/data/views.ts): equal keys, equal page. */
  cacheKey: string;
}

/**
 * The pages of `route` (a name for its keys' file) to hand Astro from its `getStaticPaths`:
 * `path` gives each page's site path (src/lib/paths.ts). They carry no `cacheKey`: Astro need not
 * compare them again, nor keep a second copy of each in its cache (no route gives Astro one: this is
 * the one way a page is skipped, with the papers loader's for paper pages).
 */
export async function pagesToRender<Page extends KeyedPage>(archive: Archive, route: string, pages: Page[], path: (page: Page) => string): Promise<Omit<Page, 'cacheKey'>[]> {
  const { cacheDir: cacheUrl } = await import('astro:config/server');
  const cacheDir = fileURLToPath(cacheUrl);
  // Not the paper pages' (the papers loader's): 100,000s of keys no list route looks up, held while the site renders.
  const before = (lastKeys ??= takenKeys(cacheDir, (path) => !path.startsWith('papers/')));
  const keys: PageKeys = {};
  const render: Omit<Page, 'cacheKey'>[] = [];
  for (const page of pages) {
    const { cacheKey, ...listed } = page;
    const at = path(page);
    keys[at] = viewKey(archive.fingerprint, cacheKey);
    if (before.get(outputPath(at)) !== keys[at]) render.push(listed);
  }
  writePageKeys(cacheDir, route, { keys, rendered: render.length });
  return render;
}
