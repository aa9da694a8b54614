/**
 * Prints how much of the host's size limit the built site uses, at the end of every build:
 * GitHub Pages refuses a published site over 1 GB, and the archive grows every day. Only file
 * sizes are read (no file is opened), and not even those of what the build left alone: a kept
 * paper page (src/integrations/kept-pages.ts) and a reused search partition keep the sizes the
 * last build measured (`<cacheDir>/daybook-site-size.json`), and the papers folder, which holds
 * just the pages kept-pages names, is not listed. Reading every size cost 1.9 s at 60,000
 * papers, a cost that grew with every day of the archive.
 */
import type { AstroIntegration } from 'astro';
import writeFileAtomic from 'write-file-atomic';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeptPages } from './kept-pages.ts';
import { MANIFEST_FILE, parseManifest } from '../lib/search/partitions.ts';
import { PAGEFIND_DIR } from './pagefind.ts';

/** GitHub Pages' limit on a published site, in bytes. */
export const SITE_BUDGET_BYTES = 1024 ** 3;

export interface SiteSize {
  bytes: number;
  files: number;
  /** Bytes per top-level folder (`papers`, `og`, `pagefind`…); files at the top count as `.`. */
  byFolder: Map<string, number>;
}

/** What the last build measured of the files a build may leave alone. */
interface Measured {
  /** Paper pages, by path in the output: bytes. */
  pages: Record<string, number>;
  /** Search partitions, by directory: the key of their content, bytes and files. */
  partitions: Record<string, { tag: string; bytes: number; files: number }>;
}

export interface Untouched {
  /**
   * Slugs of every paper page (src/integrations/kept-pages.ts): once the output is pruned,
   * `papers/` holds exactly their pages, so it is not listed.
   */
  papers: ReadonlySet<string>;
  /** Of them, the pages this build wrote; the others keep the size the last build measured. */
  writtenPapers: ReadonlySet<string>;
  /** The last build's measures (read), and this build's (filled). */
  before: Measured;
  after: Measured;
}

const folderSize = (dir: string) => {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
};

/** The partitions Pagefind's integration wrote (src/integrations/pagefind.ts), with the key of each one's content. */
function partitionsOf(dist: string): Map<string, string> {
  const file = join(dist, PAGEFIND_DIR, MANIFEST_FILE);
  if (!existsSync(file)) return new Map();
  const { partitions } = parseManifest(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(partitions.map(({ start, tag }) => [join(dist, PAGEFIND_DIR, start), tag]));
}

/** The size of the site in `dist`; with `untouched`, what the build left alone is not measured again. */
export function measureSite(dist: string, untouched?: Untouched): SiteSize {
  const size: SiteSize = { bytes: 0, files: 0, byFolder: new Map() };
  const add = (rel: string, bytes: number, files = 1) => {
    const folder = rel.includes(sep) ? rel.slice(0, rel.indexOf(sep)) : '.';
    size.bytes += bytes;
    size.files += files;
    size.byFolder.set(folder, (size.byFolder.get(folder) ?? 0) + bytes);
  };
  const partitions = untouched ? partitionsOf(dist) : new Map<string, string>();
  const papersDir = `${dist}${sep}papers`;
  const walk = (dir: string) => {
    if (untouched && dir === papersDir) {
      for (const slug of untouched.papers) {
        const rel = `papers${sep}${slug}${sep}index.html`;
        const bytes = (untouched.writtenPapers.has(slug) ? undefined : untouched.before.pages[rel]) ?? statSync(`${dist}${sep}${rel}`).size;
        add(rel, bytes);
        untouched.after.pages[rel] = bytes;
      }
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Paths by concatenation and slicing: `path.join` and `path.relative` on 100,000s of paths cost half a second.
      const path = `${dir}${sep}${entry.name}`;
      const rel = path.slice(dist.length + 1);
      if (entry.isFile()) {
        const bytes = statSync(path).size;
        add(rel, bytes);
        continue;
      }
      if (!entry.isDirectory()) continue;
      const tag = untouched ? partitions.get(path) : undefined;
      if (untouched && tag !== undefined) {
        const before = untouched.before.partitions[entry.name];
        const measured = before?.tag === tag ? before : { tag, ...folderSize(path) };
        untouched.after.partitions[entry.name] = measured;
        add(rel, measured.bytes, measured.files);
      } else {
        walk(path);
      }
    }
  };
  walk(dist);
  return size;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function describeBudget(size: SiteSize, pages: number): string {
  const share = (100 * size.bytes) / SITE_BUDGET_BYTES;
  const largest = [...size.byFolder].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([folder, bytes]) => `${folder === '.' ? 'top level' : `${folder}/`} ${mb(bytes)}`);
  return (
    `site size: ${mb(size.bytes)} in ${size.files.toLocaleString('en')} files, ${share.toFixed(1)}% of GitHub Pages' 1 GB limit ` +
    `(${Math.round(size.bytes / 1024 / Math.max(1, pages))} KB per page; ${largest.join(', ')})`
  );
}

/**
 * The sizes the last build kept (`daybook-site-size.json`); none when there is no such file, or one
 * that cannot be read (cut short, garbage): then every file is measured, said in one line.
 */
function readMeasured(file: string, warn: (line: string) => void): Measured {
  const none: Measured = { pages: {}, partitions: {} };
  if (!existsSync(file)) return none;
  try {
    const measured = JSON.parse(readFileSync(file, 'utf8')) as Measured;
    const isRecord = (value: unknown, ok: (entry: unknown) => boolean) => typeof value === 'object' && value !== null && Object.values(value).every(ok);
    const isPartition = (entry: unknown) => isRecord(entry, () => true) && typeof (entry as { bytes?: unknown }).bytes === 'number' && typeof (entry as { files?: unknown }).files === 'number';
    if (isRecord(measured.pages, (n) => typeof n === 'number') && isRecord(measured.partitions, isPartition)) return measured;
  } catch {
    // Reported below.
  }
  warn(`${file}: the sizes kept by the last build cannot be read; every file is measured`);
  return none;
}

/** `kept`: the site's pages, and those this build did not write (src/integrations/kept-pages.ts). */
export default function siteBudget(kept: Pick<KeptPages, 'files' | 'papers' | 'writtenPapers'>): AstroIntegration {
  let cacheDir = '';
  return {
    name: 'daybook:site-budget',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir).replace(/[\\/]$/, '');
        const file = join(cacheDir, 'daybook-site-size.json');
        const before = readMeasured(file, (line) => logger.warn(line));
        const untouched: Untouched = { papers: kept.papers, writtenPapers: kept.writtenPapers, before, after: { pages: {}, partitions: {} } };
        const size = measureSite(dist, untouched);
        writeFileAtomic.sync(file, JSON.stringify(untouched.after), { fsync: false });
        const line = describeBudget(size, kept.files.size + kept.papers.size);
        if (size.bytes > SITE_BUDGET_BYTES) logger.warn(`${line}: over the limit; see README "Beyond one site"`);
        else logger.info(line);
      },
    },
  };
}
