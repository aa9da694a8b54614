/**
 * Which pages of a list route this build renders. A build that keeps the last good build's
 * output (src/catalog/loader.ts) renders only the pages whose key (the view they show,
 * src/data/views.ts) is not the one the last build's manifest lists; the others stay in the output
 * as they are, and src/integrations/output.ts lists them in the new manifest by these keys. A
 * build that keeps nothing renders them all. Either way every page's key is handed to the end of
 * the build (src/catalog/page-keys.ts).
 */
import { fileURLToPath } from 'node:url';
import { takenKeys } from '../catalog/manifest-file.ts';
import type { PageKeys } from '../catalog/page-keys.ts';
import { writePageKeys } from '../catalog/page-keys.ts';
import { outputPath } from '../lib/build-manifest.ts';
import type { Archive } from './archive.ts';

/** The keys of the manifest this build took, read once for all its routes. */
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
 * compare them again, nor keep a second copy of each in its cache.
 */
export async function pagesToRender<Page extends KeyedPage>(archive: Archive, route: string, pages: Page[], path: (page: Page) => string): Promise<Omit<Page, 'cacheKey'>[]> {
  const { cacheDir: cacheUrl } = await import('astro:config/server');
  const cacheDir = fileURLToPath(cacheUrl);
  const before = archive.keepsPages ? (lastKeys ??= takenKeys(cacheDir)) : new Map<string, string>();
  const keys: PageKeys = {};
  const render: Omit<Page, 'cacheKey'>[] = [];
  for (const page of pages) {
    const { cacheKey, ...listed } = page;
    const at = path(page);
    keys[at] = cacheKey;
    if (before.get(outputPath(at)) !== cacheKey) render.push(listed);
  }
  writePageKeys(cacheDir, route, { keys, rendered: render.length });
  return render;
}
