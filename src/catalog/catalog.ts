/**
 * The catalog: every paper's frontmatter (no abstract), kept between builds in Astro's cache
 * folder, so that a build loads into Astro's content layer only the papers whose pages it may
 * have to render (src/catalog/loader.ts), and every other page still knows the whole archive.
 *
 * A build's loader writes `<cacheDir>/daybook-catalog.next.json`; the pages of that build read
 * it (src/data/archive.ts); when every page is written, src/integrations/catalog.ts makes it the
 * catalog the next build compares with. A failed build leaves the last good catalog in place,
 * so whatever it did not finish is rendered by the next one.
 */
import writeFileAtomic from 'write-file-atomic';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PaperFrontmatter } from '../lib/schema.ts';

/** Bump when the catalog's shape changes: an older catalog is then ignored (a full build). */
const CATALOG_VERSION = 6;

export interface CatalogPaper {
  /** The slug. */
  id: string;
  /** Astro's digest of the entry file: equal to the content layer's `entry.digest`. */
  digest: string;
  data: PaperFrontmatter;
  /**
   * Changes with the entry but for its related list (which a new day changes for papers of every
   * month, and which only the paper's own page shows): the key of its open-data record.
   */
  recordDigest: string;
  /** Changes with what a list item of the paper shows (src/data/archive.ts: `listing`): the key of list pages. */
  listingDigest: string;
  /** Its citation key before it is made unique (src/data/cite.ts), made once in its entry's life. */
  citeBase: string;
  /** The entry file's modification time, size and inode when it was read: a file that keeps them is not read again. */
  stat: string;
}

export interface Catalog {
  version: number;
  /** What every page depends on beyond the catalog (code, taxonomy, site URL): a change renders every paper again. */
  fingerprint: string;
  /** The newest day of the archive the catalog was made for. */
  newestDay: string | undefined;
  /** Whether this build keeps the pages of the last one (else it renders every page): src/catalog/loader.ts. */
  keepsPages: boolean;
  /** `content/days/<date>.json` files by date, with their modification time, size and inode. */
  days: Record<string, string>;
  papers: CatalogPaper[];
}

/** The catalog file of a build's cache folder: the last good one, or the one this build is making. */
export function catalogFile(cacheDir: string, which: 'committed' | 'next'): string {
  return join(cacheDir, which === 'committed' ? 'daybook-catalog.json' : 'daybook-catalog.next.json');
}

/** The catalog in `file`, or undefined when there is none or it is of another version. */
export function readCatalog(file: string): Catalog | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const catalog = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
    return catalog.version === CATALOG_VERSION ? catalog : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The content layer's loader and the pages run in one process: the catalog the loader writes is
 * also handed to the pages in memory, not parsed a second time (~90 MB of JSON at 60,000 papers).
 */
const handOver = Symbol.for('daybook.catalog');
type HandOver = { [handOver]?: { file: string; catalog: Catalog } };

export function writeCatalog(file: string, fields: Omit<Catalog, 'version'>): void {
  const catalog: Catalog = { version: CATALOG_VERSION, ...fields };
  // A cache: a catalog lost in a crash means one full build, not a wrong one.
  writeFileAtomic.sync(file, JSON.stringify(catalog), { fsync: false });
  (globalThis as HandOver)[handOver] = { file, catalog };
}

/** This build's catalog (`catalogFile(cacheDir, 'next')`): as the loader handed it over, else from its file. */
export function readNextCatalog(cacheDir: string): Catalog | undefined {
  const file = catalogFile(cacheDir, 'next');
  const handed = (globalThis as HandOver)[handOver];
  return handed?.file === file ? handed.catalog : readCatalog(file);
}

/** The folder holding the kept paper pages (`<outDir>/papers`): its path and inode, or its path alone while it does not exist. */
function outputOf(outDir: string): string {
  const papers = join(outDir, 'papers');
  return existsSync(papers) ? `${papers}:${statSync(papers).ino}` : papers;
}

const outputFile = (cacheDir: string) => join(cacheDir, 'daybook-catalog.output');

/** Whether `outDir` is the output the committed catalog's pages were written to (not another, not emptied since). */
export function isCatalogOutput(cacheDir: string, outDir: string): boolean {
  return existsSync(outputFile(cacheDir)) && readFileSync(outputFile(cacheDir), 'utf8') === outputOf(outDir);
}

/**
 * The output is being written: until this build commits its catalog, no later build may keep a
 * page of it (a failed build leaves pages that match neither catalog).
 */
export function releaseCatalogOutput(cacheDir: string): void {
  rmSync(outputFile(cacheDir), { force: true });
}

/** Makes this build's catalog, its pages written to `outDir`, the one the next build compares with. */
export function commitCatalog(cacheDir: string, outDir: string): void {
  const next = catalogFile(cacheDir, 'next');
  if (!existsSync(next)) return;
  writeFileSync(outputFile(cacheDir), outputOf(outDir));
  renameSync(next, catalogFile(cacheDir, 'committed'));
}
