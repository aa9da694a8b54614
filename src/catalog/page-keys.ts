/**
 * The keys of the list pages (days, topic archives, weeks, API files, cards…) as the last good
 * build wrote them: a file per route in `<cacheDir>/daybook-page-keys/`, each page's site path
 * with the key of what it shows (src/data/views.ts).
 *
 * A build that keeps the last build's pages (src/catalog/loader.ts) hands Astro only the pages
 * whose key changed (src/data/pages-to-render.ts) and leaves the others in the output as they are: a new
 * day costs the pages it changes, not a look at every page of every closed year (Astro's own
 * `cacheKey` still needs each page listed, and copies each one into its cache). Like the
 * catalog, the keys of a build become the ones the next build compares with only when its
 * pages are written (src/integrations/output.ts).
 */
import writeFileAtomic from 'write-file-atomic';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A route's pages: site path → key. */
export type PageKeys = Record<string, string>;

interface RouteKeys {
  keys: PageKeys;
  /** How many of them the build rendered (the others it kept). */
  rendered: number;
}

const folder = (cacheDir: string) => join(cacheDir, 'daybook-page-keys');
const file = (cacheDir: string, route: string, which: 'committed' | 'next') => join(folder(cacheDir), which === 'committed' ? `${route}.json` : `${route}.next.json`);

/** The keys the last good build wrote for `route`; none when it wrote no such route. */
export function readPageKeys(cacheDir: string, route: string): PageKeys {
  const path = file(cacheDir, route, 'committed');
  if (!existsSync(path)) return {};
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as RouteKeys).keys;
  } catch {
    // A cache: a lost file means the route's pages are rendered again, not a wrong page.
    return {};
  }
}

/** This build's keys for `route`: every page the route has, rendered or kept. */
export function writeNextPageKeys(cacheDir: string, route: string, next: RouteKeys): void {
  if (!/^[\w-]+$/.test(route)) throw new Error(`page keys: "${route}" is not a route name of letters, digits and dashes`);
  mkdirSync(folder(cacheDir), { recursive: true });
  writeFileAtomic.sync(file(cacheDir, route, 'next'), JSON.stringify(next), { fsync: false });
}

/** This build's keys, route by route. */
export function* nextPageKeys(cacheDir: string): Generator<[route: string, next: RouteKeys]> {
  if (!existsSync(folder(cacheDir))) return;
  for (const name of readdirSync(folder(cacheDir))) {
    if (!name.endsWith('.next.json')) continue;
    yield [name.slice(0, -'.next.json'.length), JSON.parse(readFileSync(join(folder(cacheDir), name), 'utf8')) as RouteKeys];
  }
}

/** Makes this build's keys the ones the next build compares with; a route this build did not list is forgotten. */
export function commitPageKeys(cacheDir: string): void {
  if (!existsSync(folder(cacheDir))) return;
  const names = readdirSync(folder(cacheDir));
  const next = new Set(names.filter((name) => name.endsWith('.next.json')));
  for (const name of names) {
    if (next.has(name)) renameSync(join(folder(cacheDir), name), join(folder(cacheDir), name.replace(/\.next\.json$/, '.json')));
    else if (!next.has(name.replace(/\.json$/, '.next.json'))) rmSync(join(folder(cacheDir), name), { force: true });
  }
}

/** Drops the keys a failed build left: a build's keys are only those its own routes write. */
export function dropNextPageKeys(cacheDir: string): void {
  if (!existsSync(folder(cacheDir))) return;
  for (const name of readdirSync(folder(cacheDir))) if (name.endsWith('.next.json')) rmSync(join(folder(cacheDir), name), { force: true });
}
