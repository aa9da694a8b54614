/**
 * The catalog: every paper's frontmatter (no abstract), kept between builds in Astro's cache
 * folder, so that a build loads into Astro's content layer only the papers whose pages it may
 * have to render (src/catalog/loader.ts), and every other page still knows the whole archive.
 *
 * A build's loader writes `<cacheDir>/daybook-catalog.next.json`; the pages of that build read
 * it (src/data/archive.ts); when every page is written, src/integrations/output.ts makes it
 * the catalog the next build compares with. A failed build leaves the last good catalog in
 * place, so whatever it did not finish is rendered by the next one.
 *
 * On disk the papers are in one segment per year of their first day
 * (`<cacheDir>/daybook-catalog/<year>.<name>.json`), which the head file names. A segment's name
 * is a hash of what it holds (each paper's slug, entry hash and file stat, and the
 * fingerprint of the code that made it): a year none of whose entries changed keeps its file,
 * so a new day writes its own year's segment, not every closed year again (the whole catalog
 * was 1.7 s of JSON to write at 118,000 papers). Segment files are never changed once written;
 * committing a catalog removes those no catalog names any more.
 */
import writeFileAtomic from 'write-file-atomic';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PaperFrontmatter } from '../lib/schema.ts';

/** Bump when the catalog's shape changes: an older catalog is then ignored (a full build). */
const CATALOG_VERSION = 9;

export interface CatalogPaper {
  /** The slug. */
  id: string;
  /** Astro's hash of the entry file: equal to the content layer's `entry.digest`. */
  entryHash: string;
  data: PaperFrontmatter;
  /**
   * Changes with the entry but for its related list (which a new day changes for papers of every
   * month, and which only the paper's own page shows): the key of its open-data record.
   */
  recordHash: string;
  /** Changes with what a list item of the paper shows (src/lib/archive/listing.ts): the key of list pages. */
  listingHash: string;
  /** Its citation key before it is made unique (src/lib/cite/keys.ts: `citeBase`), made once in its entry's life. */
  citeBase: string;
  /** Its page's key (src/lib/archive/paper-view.ts: `paperPageKey`): the page is rendered again when it changes. */
  pageKey: string;
  /** The entry file's modification time, size and inode when it was read: a file that keeps them is not read again. */
  stat: string;
}

export interface Catalog {
  version: number;
  /** What every page depends on beyond the catalog (code, taxonomy, site URL): a change renders every paper again. */
  fingerprint: string;
  /** Whether this build keeps the pages of the last one (else it renders every page): src/catalog/loader.ts. */
  keepsPages: boolean;
  papers: CatalogPaper[];
}

/** The head file on disk: the catalog but its papers, which are in the segments it names. */
interface CatalogHead extends Omit<Catalog, 'papers'> {
  /** Segment file names (in the segment folder), by year. */
  segments: Record<string, string>;
}

/** The catalog file of a build's cache folder: the last good one, or the one this build is making. */
export function catalogFile(cacheDir: string, which: 'committed' | 'next'): string {
  return join(cacheDir, which === 'committed' ? 'daybook-catalog.json' : 'daybook-catalog.next.json');
}

/** The folder of the segments, beside the head files. */
const segmentFolder = (file: string) => join(file, '..', 'daybook-catalog');

/** The catalog in `file`, or undefined when there is none, it is of another version or a segment is missing. */
export function readCatalog(file: string): Catalog | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { segments, ...head } = JSON.parse(readFileSync(file, 'utf8')) as CatalogHead;
    if (head.version !== CATALOG_VERSION) return undefined;
    const papers = Object.values(segments).flatMap((name) => JSON.parse(readFileSync(join(segmentFolder(file), name), 'utf8')) as CatalogPaper[]);
    return { ...head, papers };
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
  const { papers, ...rest } = fields;
  const catalog: Catalog = { version: CATALOG_VERSION, ...fields };
  const byYear = new Map<string, CatalogPaper[]>();
  for (const paper of papers) {
    const year = paper.data.days[0]?.slice(0, 4) ?? 'none';
    const list = byYear.get(year);
    if (list) list.push(paper);
    else byYear.set(year, [paper]);
  }
  const folder = segmentFolder(file);
  mkdirSync(folder, { recursive: true });
  const segments: Record<string, string> = {};
  for (const [year, list] of [...byYear].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const identity = createHash('sha1').update(`${CATALOG_VERSION}\0${fields.fingerprint}`);
    for (const paper of list) identity.update(`\0${paper.id}\0${paper.entryHash}\0${paper.stat}\0${paper.pageKey}`);
    const name = `${year}.${identity.digest('base64url').slice(0, 20)}.json`;
    // Written under a temporary name and renamed: a segment that exists is whole.
    if (!existsSync(join(folder, name))) writeFileAtomic.sync(join(folder, name), JSON.stringify(list), { fsync: false });
    segments[year] = name;
  }
  // A cache: a catalog lost in a crash means one full build, not a wrong one.
  writeFileAtomic.sync(file, JSON.stringify({ version: CATALOG_VERSION, ...rest, segments } satisfies CatalogHead), { fsync: false });
  (globalThis as HandOver)[handOver] = { file, catalog };
}

/** This build's catalog (`catalogFile(cacheDir, 'next')`): as the loader handed it over, else from its file. */
export function readNextCatalog(cacheDir: string): Catalog | undefined {
  const file = catalogFile(cacheDir, 'next');
  const handed = (globalThis as HandOver)[handOver];
  return handed?.file === file ? handed.catalog : readCatalog(file);
}

/**
 * Makes this build's catalog the one the next build compares with; drops segments it does not name.
 * Whether the output still holds its pages is the build manifest's to say (src/catalog/manifest-file.ts).
 */
export function commitCatalog(cacheDir: string): void {
  const next = catalogFile(cacheDir, 'next');
  if (!existsSync(next)) return;
  const { segments } = JSON.parse(readFileSync(next, 'utf8')) as CatalogHead;
  const committed = catalogFile(cacheDir, 'committed');
  renameSync(next, committed);
  const named = new Set(Object.values(segments));
  const folder = segmentFolder(committed);
  for (const name of readdirSync(folder)) if (!named.has(name)) rmSync(join(folder, name), { force: true });
}
