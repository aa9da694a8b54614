/**
 * The end of a build, in one place and in this order: the build manifest of the site's files
 * (src/lib/build-manifest.ts) from the pages Astro wrote and those it kept, the search index of the
 * paper pages, the sitemap of every page, `_headers`; then the files the last good build listed and
 * this one does not are removed, the manifest is committed and the budget line printed from it.
 *
 * Astro empties `outDir` before a build and copies back what it did not render: at 60,000 papers,
 * deleting the previous site alone took 34 s of a daily build. With `emptyOutDir: false`
 * (astro.config.mjs) the output stays; pages this build does not render are kept as they are:
 * paper pages whose key did not change (src/catalog/loader.ts) and list pages whose key did not change
 * (src/data/pages-to-render.ts); both hand this build's key of every page here (src/catalog/page-keys.ts).
 * Removing what the last manifest listed and this one does not makes the output equal a cold
 * build's byte for byte (tests/site/incremental.test.ts). The sizes of kept files are the last
 * manifest's: only what this build wrote is measured.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitManifest, listOutput, takeManifest } from '../catalog/manifest-file.ts';
import { dropPageKeys, pageKeys } from '../catalog/page-keys.ts';
import { BUILD_AGAIN_EXIT_CODE } from '../lib/archive/ingest-files.ts';
import type { Manifest } from '../lib/build-manifest.ts';
import { SITE_BUDGET_BYTES, describeSize, outputPath, pagesOf, siteSize, stalePaths } from '../lib/build-manifest.ts';
import { paths } from '../lib/paths.ts';
import { MANIFEST_FILE as PARTITIONS_FILE, parseManifest as parsePartitions } from '../lib/search/partitions.ts';
import { PAGEFIND_DIR, buildSearchIndex, searchCacheDir } from './pagefind.ts';
import { HEADERS_FILE, writeHeadersFile } from './security-headers.ts';
import { writeSitemap } from './sitemap.ts';

/** Papers a run may leave in Astro's data store for the next (a day renders ~250). */
const STORE_KEPT_UP_TO = 2_000;

export interface OutputOptions {
  /** Site paths of pages the sitemap leaves out (redirects). */
  notInSitemap: (sitePath: string) => boolean;
}

export default function output({ notInSitemap }: OutputOptions): AstroIntegration {
  let cacheDir = '';
  let outDir = '';
  let publicDir = '';
  let site = '';
  let base = '/';
  let building = false;
  let previous: ReturnType<typeof takeManifest> = { missing: '' };
  /** What Vite wrote into the output (scripts, styles): no route lists them. */
  const bundled = new Set<string>();
  return {
    name: 'daybook:output',
    hooks: {
      'astro:config:setup': ({ updateConfig, command }) => {
        building = command === 'build';
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'daybook:bundled-files',
                writeBundle(_options, bundle) {
                  // The prerender build's assets (styles) are moved into the output; its code is not.
                  const client = this.environment.name === 'client';
                  for (const file of Object.values(bundle)) if (client || (file.type === 'asset' && !file.fileName.startsWith('.vite/'))) bundled.add(file.fileName);
                },
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        // Before the content sync, whose papers loader hands the paper pages' keys: a build's keys are only those its own loader and routes write.
        if (building) dropPageKeys(cacheDir);
        outDir = fileURLToPath(config.outDir);
        publicDir = fileURLToPath(config.publicDir);
        site = config.site ?? 'http://localhost';
        base = config.base;
      },
      'astro:build:start': () => {
        // Until this build commits, no later build may trust the output's pages or its manifest.
        previous = takeManifest(cacheDir, outDir);
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const out = fileURLToPath(dir).replace(/\/?$/, '/');
        const before = 'manifest' in previous ? previous.manifest : undefined;
        const manifest: Manifest = new Map();
        const bytesOf = (path: string) => statSync(join(out, path)).size;

        // What this build wrote: every route's files (those Astro skipped too), Vite's, `public/`'s.
        const written = new Set<string>([...bundled, ...listOutput(publicDir)]);
        for (const url of [...assets.values()].flat()) written.add(fileURLToPath(url).slice(out.length));
        // (A route whose page came out empty lists a file Astro did not create.)
        for (const path of written) {
          const stat = statSync(join(out, path), { throwIfNoEntry: false });
          if (stat) manifest.set(path, { bytes: stat.size });
        }
        /** A page of this build, written or kept: a kept one has the size the last manifest gives it. */
        const keep = (path: string, key?: string) => {
          const bytes = (written.has(path) ? manifest.get(path) : before?.get(path))?.bytes ?? bytesOf(path);
          manifest.set(path, key === undefined ? { bytes } : { bytes, key });
        };
        let listPages = 0;
        let rendered = 0;
        /** Paper pages by slug, with what the search index read from those this build left as they were. */
        const papers = new Map<string, string | undefined>();
        let pending = 0;
        for (const [route, { keys, rendered: renderedOfRoute, pending: pendingOfRoute = 0 }] of pageKeys(cacheDir)) {
          pending += pendingOfRoute;
          for (const [path, key] of Object.entries(keys)) keep(outputPath(path), key);
          if (route !== 'papers') {
            listPages += Object.keys(keys).length;
            rendered += renderedOfRoute;
            continue;
          }
          for (const path of Object.keys(keys)) papers.set(path.split('/').at(-2)!, written.has(outputPath(path)) ? undefined : before?.get(outputPath(path))?.indexed);
          // A run that loaded more than a few days' papers leaves them in Astro's data store (~5 KB each:
          // 600 MB at 118,000 papers), which the next build would parse, at 3 GB of memory, only to drop
          // all but a day's papers (src/catalog/loader.ts). Without it, the next content sync starts afresh.
          if (renderedOfRoute > STORE_KEPT_UP_TO) rmSync(join(cacheDir, 'data-store.json'), { force: true });
        }
        logger.info(`${rendered.toLocaleString('en')} list pages of ${listPages.toLocaleString('en')} rendered; the others are kept as they are`);

        const search = await buildSearchIndex({ outDir: out, cacheDir: searchCacheDir(), logger: logger.fork('daybook:pagefind'), papers });
        for (const [slug, indexed] of search.pages) manifest.get(outputPath(paths.paper(slug)))!.indexed = indexed;
        for (const [path, entry] of searchIndexEntries(out, before)) manifest.set(path, entry);
        const sitemap = await writeSitemap({ outDir: out, site, base, pages: pagesOf(manifest), exclude: notInSitemap });
        for (const file of sitemap) manifest.set(file, { bytes: bytesOf(file) });
        logger.info(`${sitemap[0]} written (${sitemap.length - 1} sitemap file${sitemap.length === 2 ? '' : 's'})`);
        writeHeadersFile(out);
        manifest.set(HEADERS_FILE, { bytes: bytesOf(HEADERS_FILE) });

        if ('missing' in previous) logger.info(`${previous.missing}; the output is listed instead`);
        const removed = removeStale(out, stalePaths(before?.keys() ?? listOutput(out, new Set([PAGEFIND_DIR])), manifest));
        if (removed > 0) logger.info(`removed ${removed} file(s) the last build listed and this one does not`);
        commitManifest(cacheDir, outDir, manifest);
        printBudget(manifest, logger);
        // This run is done; `npm run build` runs Astro again for the pages it left (scripts/lib/astro-build.ts).
        if (pending > 0) process.exitCode = BUILD_AGAIN_EXIT_CODE;
      },
    },
  };
}

/**
 * Pagefind's folder (src/integrations/pagefind.ts): each partition, linked whole from the search
 * cache, as one folder entry keyed by its content (measured only when that changed), every other
 * file of the folder on its own.
 */
function searchIndexEntries(out: string, before: Manifest | undefined): Manifest {
  const bundle = join(out, PAGEFIND_DIR);
  const { partitions } = parsePartitions(JSON.parse(readFileSync(join(bundle, PARTITIONS_FILE), 'utf8')));
  const tags = new Map(partitions.map(({ start, tag }) => [start, tag]));
  const entries: Manifest = new Map();
  for (const entry of readdirSync(bundle, { withFileTypes: true })) {
    const path = `${PAGEFIND_DIR}/${entry.name}`;
    const tag = entry.isDirectory() ? tags.get(entry.name) : undefined;
    if (tag === undefined) {
      for (const file of entry.isDirectory() ? listOutput(join(out, path)).map((name) => `${path}/${name}`) : [path]) entries.set(file, { bytes: statSync(join(out, file)).size });
      continue;
    }
    const last = before?.get(`${path}/`);
    if (last?.key === tag) {
      entries.set(`${path}/`, last);
      continue;
    }
    const files = listOutput(join(out, path));
    entries.set(`${path}/`, { key: tag, bytes: files.reduce((sum, file) => sum + statSync(join(out, path, file)).size, 0), files: files.length });
  }
  return entries;
}

/** Removes the files and folders of `stale` from `out`, and the folders that leaves empty; returns how many. */
function removeStale(out: string, stale: string[]): number {
  for (const path of stale) {
    rmSync(join(out, path), { recursive: true, force: true });
    for (let folder = dirname(join(out, path)); folder.length > out.length; folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break; // Not empty (or gone already).
      }
    }
  }
  return stale.length;
}

function printBudget(manifest: Manifest, logger: AstroIntegrationLogger): void {
  const size = siteSize(manifest);
  const line = describeSize(size, pagesOf(manifest).length);
  if (size.bytes > SITE_BUDGET_BYTES) logger.warn(`${line}: over the limit; see README "Beyond one site"`);
  else logger.info(line);
}
