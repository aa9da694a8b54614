/**
 * This build's keys of its pages (papers, days, topic archives, weeks, API files, cards…), handed
 * from the papers loader and the routes that compute them (src/catalog/loader.ts,
 * src/data/pages-to-render.ts) to the end of the build
 * (src/integrations/output.ts), which lists them in the build manifest: a file per route in
 * `<cacheDir>/daybook-page-keys/`, each page's site path with the key of what it shows
 * (src/data/views.ts). Through files, because the routes run in Astro's bundle of the site and the
 * integrations in the config's own modules (and the loader runs in `astro check` and `astro sync` too). The keys of the last good build are in its manifest.
 */
import writeFileAtomic from 'write-file-atomic';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeHash } from '../lib/code-hash.ts';

/** A route's pages: site path → key. */
export type PageKeys = Record<string, string>;

interface RouteKeys {
  keys: PageKeys;
  /** How many of them the build rendered (the others it kept). */
  rendered: number;
  /** Pages whose key changed that this run leaves to the next (the papers loader's: src/catalog/loader.ts). */
  pending?: number;
}

const folder = (cacheDir: string) => join(cacheDir, 'daybook-page-keys');

/** This build's keys for `route`: every page the route has, rendered or kept. */
export function writePageKeys(cacheDir: string, route: string, keys: RouteKeys): void {
  if (!/^[\w-]+$/.test(route)) throw new Error(`page keys: "${route}" is not a route name of letters, digits and dashes`);
  mkdirSync(folder(cacheDir), { recursive: true });
  writeFileAtomic.sync(join(folder(cacheDir), `${route}.json`), JSON.stringify(keys), { fsync: false });
}

/** This build's keys, route by route. */
export function* pageKeys(cacheDir: string): Generator<[route: string, keys: RouteKeys]> {
  if (!existsSync(folder(cacheDir))) return;
  for (const name of readdirSync(folder(cacheDir))) if (name.endsWith('.json')) yield [name.slice(0, -'.json'.length), JSON.parse(readFileSync(join(folder(cacheDir), name), 'utf8')) as RouteKeys];
}

/** Drops the keys of an earlier build (a failed one leaves some): a build's keys are only those its own routes write. */
export function dropPageKeys(cacheDir: string): void {
  rmSync(folder(cacheDir), { recursive: true, force: true });
}

/**
 * What every page depends on beyond the content, folded into every page's key: the site's code
 * and dependencies, the taxonomy (`<contentDir>/topics`), the address.
 */
export function siteFingerprint(root: string, contentDir: string, site: string | undefined, base: string): string {
  return codeHash([{ dir: join(root, 'src') }, { dir: join(contentDir, 'topics') }, { file: join(root, 'astro.config.mjs') }, { file: join(root, 'package-lock.json') }, site ?? '', base]);
}
