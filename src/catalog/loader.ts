/**
 * The papers collection's loader: Astro's own `glob()` loader, given only the entries whose
 * pages this build may have to render (src/catalog/live.ts), so a daily build reads, validates,
 * renders and stores about one day of entries, not the whole archive. What the other pages need
 * of every paper comes from the catalog (src/catalog/catalog.ts), which this loader keeps: an
 * entry file whose modification time, size and inode are unchanged is not read at all.
 *
 * Every entry is loaded when there is no catalog from a good build, when the fingerprint
 * changed (code, dependencies, topics, the site's address), when the output folder is not the
 * one that build wrote (emptied, or another), and in the dev server.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPaperFrontmatter } from '../lib/archive/entries.ts';
import type { PaperFrontmatter } from '../lib/schema.ts';
import type { CatalogPaper } from './catalog.ts';
import { catalogFile, isCatalogOutput, readCatalog, writeCatalog } from './catalog.ts';
import { listing } from '../lib/archive/listing.ts';
import { citeBase } from '../lib/cite/index.ts';
import { livePapers } from './live.ts';

interface Options {
  /** `content/papers`. */
  papers: string;
  /** `content/days`. */
  days: string;
  /** `content/topics`: the taxonomy every paper page shows by name. */
  topics: string;
}

const statKey = (path: string) => {
  const stat = statSync(path);
  return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
};

/** Files of `dir` ending in `extension`, as name (without it) → stat key. */
function filesOf(dir: string, extension: string): Map<string, string> {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return new Map();
  }
  return new Map(names.filter((name) => name.endsWith(extension)).map((name) => [name.slice(0, -extension.length), statKey(join(dir, name))]));
}

/** Every file below `dir`, as relative path and content, sorted. */
function treeOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(`${relative(dir, path)}\n${readFileSync(path, 'utf8')}`);
    }
  };
  walk(dir);
  return out;
}

/** What every paper page depends on beyond its catalog entries: the site's code and dependencies, the taxonomy, the address. */
function fingerprint(context: LoaderContext, options: Options): string {
  const root = fileURLToPath(context.config.root);
  const hash = createHash('sha1');
  for (const part of [
    ...treeOf(join(root, 'src')),
    ...treeOf(options.topics),
    readFileSync(join(root, 'astro.config.mjs'), 'utf8'),
    readFileSync(join(root, 'package-lock.json'), 'utf8'),
    String(context.config.site),
    context.config.base,
  ]) {
    hash.update(part).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Makes `dir` hold hard links to exactly the `slugs`' entry files of `papersDir` (copies where the
 * file system cannot link), so the glob loader finds the live entries by a plain `*.md`: a list of
 * hundreds of names as glob patterns costs seconds to match against 100,000 files.
 */
function linkLiveEntries(dir: string, papersDir: string, slugs: ReadonlySet<string>, changed: ReadonlySet<string>): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const slug = name.slice(0, -'.md'.length);
    if (!slugs.has(slug) || changed.has(slug)) rmSync(join(dir, name), { force: true });
  }
  for (const slug of slugs) {
    const link = join(dir, `${slug}.md`);
    if (existsSync(link)) continue;
    try {
      linkSync(join(papersDir, `${slug}.md`), link);
    } catch {
      copyFileSync(join(papersDir, `${slug}.md`), link);
    }
  }
}

export function papersLoader(options: Options): Loader {
  return {
    name: 'daybook-papers',
    load: async (context) => {
      const { store, logger, config } = context;
      const cacheDir = fileURLToPath(config.cacheDir);
      const root = fileURLToPath(config.root);
      const papersDir = resolve(root, options.papers);
      const files = filesOf(papersDir, '.md');
      const days = filesOf(resolve(root, options.days), '.json');
      const newestDay = [...days.keys()].sort().at(-1);
      // The dev server watches the entries themselves, and loads every one.
      if (context.watcher) {
        await glob({ pattern: '*.md', base: options.papers }).load(context);
        writeCatalog(catalogFile(cacheDir, 'next'), { fingerprint: '', keepsPages: false, newestDay, days: {}, papers: catalogOf(files, store, new Map()) });
        return;
      }

      const print = fingerprint(context, options);
      const committed = readCatalog(catalogFile(cacheDir, 'committed'));
      const usable = committed?.fingerprint === print && isCatalogOutput(cacheDir, fileURLToPath(config.outDir));
      const before = new Map(usable ? committed.papers.map((paper) => [paper.id, paper]) : []);

      let live: Set<string>;
      let changed: Set<string> | 'all' = 'all';
      if (before.size === 0) {
        live = new Set(files.keys());
      } else {
        changed = new Set([...files].filter(([slug, stat]) => before.get(slug)?.stat !== stat).map(([slug]) => slug));
        const changedDays = new Set([...days].filter(([date, stat]) => committed?.days[date] !== stat).map(([date]) => date));
        for (const date of Object.keys(committed?.days ?? {})) if (!days.has(date)) changedDays.add(date);
        const after = new Map<string, { data: PaperFrontmatter; citeBase?: string }>();
        for (const slug of files.keys()) {
          if (!changed.has(slug)) {
            after.set(slug, before.get(slug)!);
            continue;
          }
          // A changed entry that does not read as one is loaded all the same: the glob loader names what is wrong.
          const data = readPaperFrontmatter(readFileSync(join(papersDir, `${slug}.md`), 'utf8'));
          if (data) after.set(slug, { data });
        }
        live = livePapers({ before, after, changed, changedDays, newestBefore: committed?.newestDay, newestAfter: newestDay });
        for (const slug of changed) live.add(slug);
      }
      const liveDir = join(cacheDir, 'daybook-live-papers');
      if (changed === 'all') {
        // Every entry: read where it is (linking 100,000s of files, to unlink most of them the next day, cost seconds).
        rmSync(liveDir, { recursive: true, force: true });
        await glob({ pattern: '*.md', base: options.papers }).load(context);
      } else {
        // The store's entries name their files: entries stored from their own folder are read again from the live one.
        if (!existsSync(liveDir)) store.clear();
        linkLiveEntries(liveDir, papersDir, live, changed);
        await glob({ pattern: '*.md', base: liveDir }).load(context);
      }

      writeCatalog(catalogFile(cacheDir, 'next'), { fingerprint: print, keepsPages: changed !== 'all', newestDay, days: Object.fromEntries(days), papers: catalogOf(files, store, before) });
      logger.info(`${live.size.toLocaleString('en')} of ${files.size.toLocaleString('en')} papers loaded; the pages of the others are kept as they are`);
    },
  };
}

const hashOf = (...parts: string[]) => createHash('sha1').update(parts.join('\0')).digest('base64url').slice(0, 16);

/** The entry's body and frontmatter but its related list, as a hash (made once in the entry's life). */
function recordHash(data: PaperFrontmatter, body: string): string {
  const { related: _related, ...shown } = data;
  return hashOf(JSON.stringify(shown), body);
}

/** The catalog's papers: those in the store from their entries, the others as the last build knew them. */
function catalogOf(files: ReadonlyMap<string, string>, store: LoaderContext['store'], before: ReadonlyMap<string, CatalogPaper>): CatalogPaper[] {
  const papers: CatalogPaper[] = [];
  for (const [slug, stat] of files) {
    const entry = store.get<PaperFrontmatter>(slug);
    const paper = entry ? { id: slug, entryHash: String(entry.digest), data: entry.data, recordHash: recordHash(entry.data, entry.body ?? ''), listingHash: hashOf(listing({ id: slug, data: entry.data })), citeBase: citeBase(entry), stat } : before.get(slug);
    if (paper) papers.push(paper);
  }
  return papers;
}
