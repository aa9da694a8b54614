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
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaperFrontmatter } from '../lib/schema.ts';
import type { Catalog, CatalogPaper } from './catalog.ts';
import { catalogFile, isCatalogOutput, readCatalog, writeCatalog } from './catalog.ts';
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

export function papersLoader(options: Options): Loader {
  return {
    name: 'daybook-papers',
    load: async (context) => {
      const { store, logger, config } = context;
      const cacheDir = fileURLToPath(config.cacheDir);
      const root = fileURLToPath(config.root);
      const papersDir = resolve(root, options.papers);
      const loadFiles = (slugs: Iterable<string> | 'all') =>
        glob({ pattern: slugs === 'all' ? '*.md' : [...slugs].map((slug) => `${slug}.md`), base: options.papers }).load(context);

      const files = filesOf(papersDir, '.md');
      const days = filesOf(resolve(root, options.days), '.json');
      const newestDay = [...days.keys()].sort().at(-1);
      const print = fingerprint(context, options);
      const committed = context.watcher ? undefined : readCatalog(catalogFile(cacheDir, 'committed'));
      const usable = committed?.fingerprint === print && isCatalogOutput(cacheDir, fileURLToPath(config.outDir));
      const before = new Map(usable ? committed.papers.map((paper) => [paper.id, paper]) : []);

      let live: Set<string>;
      if (before.size === 0) {
        live = new Set(files.keys());
        await loadFiles('all');
      } else {
        const changed = new Set([...files].filter(([slug, stat]) => before.get(slug)?.stat !== stat).map(([slug]) => slug));
        const changedDays = new Set([...days].filter(([date, stat]) => committed?.days[date] !== stat).map(([date]) => date));
        for (const date of Object.keys(committed?.days ?? {})) if (!days.has(date)) changedDays.add(date);
        // The changed entries first (and what the store holds, so it is not dropped and read again): their new titles and days decide the rest.
        await loadFiles(new Set([...changed, ...store.keys()].filter((slug) => files.has(slug))));
        const after = new Map<string, { data: PaperFrontmatter }>();
        for (const slug of files.keys()) {
          const paper = changed.has(slug) ? store.get<PaperFrontmatter>(slug) : before.get(slug);
          if (paper) after.set(slug, paper);
        }
        live = livePapers({ before, after, changed, changedDays, newestBefore: committed?.newestDay, newestAfter: newestDay });
        if (live.size > 0) await loadFiles(live);
        else store.clear();
      }

      const papers: CatalogPaper[] = [];
      for (const [slug, stat] of files) {
        const entry = live.has(slug) ? store.get<PaperFrontmatter>(slug) : undefined;
        const paper = entry ? { id: slug, digest: String(entry.digest), data: entry.data, stat } : before.get(slug);
        if (paper) papers.push(paper);
      }
      const catalog: Omit<Catalog, 'version'> = { fingerprint: print, newestDay, days: Object.fromEntries(days), papers };
      writeCatalog(catalogFile(cacheDir, 'next'), catalog);
      logger.info(`${live.size.toLocaleString('en')} of ${papers.length.toLocaleString('en')} papers loaded; the pages of the others are kept as they are`);
    },
  };
}
