/**
 * The papers collection's loader: Astro's own `glob()` loader, given only the entries whose
 * pages this build renders, so a daily build reads, validates, renders and stores about one day
 * of entries, not the whole archive. Every paper page has one key (src/lib/archive/paper-view.ts:
 * `paperPageKey`), made from the catalog (src/catalog/catalog.ts: every paper's frontmatter, kept
 * between builds), the days' digests and the topics' names before anything is loaded; the papers
 * loaded are those whose entry or key changed. An entry file whose modification time, size and
 * inode are unchanged is not read at all.
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
import { catalogFile, readCatalog, writeCatalog } from './catalog.ts';
import { hasManifestOf } from './manifest-file.ts';
import { SITE } from '../config.ts';
import { listing } from '../lib/archive/listing.ts';
import type { ViewArchive, ViewPaper } from '../lib/archive/paper-view.ts';
import { citeKeysOf, indexDays, paperPageKey } from '../lib/archive/paper-view.ts';
import { slugOrder } from '../lib/archive/registry.ts';
import { citeBase } from '../lib/cite/index.ts';
import { dayEntry } from '../lib/schema.ts';
import { parseTopicMarkdown } from '../lib/topics/parse.ts';

interface Options {
  /** `content/papers`. */
  papers: string;
  /** `content/days`. */
  days: string;
  /** `content/topics`: the taxonomy every paper page shows by name. */
  topics: string;
  /** `content/slugs.tsv`: the order in which papers claim citation keys. */
  registry: string;
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

/** The topics' names, by slug, as paper pages show them (the collection validates the files). */
function readTopics(dir: string): Map<string, { id: string; data: { name: string } }> {
  const topics = new Map<string, { id: string; data: { name: string } }>();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!/\.mdx?$/.test(name)) continue;
    const { slug, data } = parseTopicMarkdown(join(dir, name), readFileSync(join(dir, name)));
    topics.set(slug, { id: slug, data: { name: String((data as { name?: unknown } | null)?.name ?? '') } });
  }
  return topics;
}

/** Each day's papers in digest order (a file that does not read as a day is the days collection's to report). */
function readDays(dir: string, dates: Iterable<string>): { date: string; papers: string[] }[] {
  return [...dates].flatMap((date) => {
    let day;
    try {
      day = dayEntry.safeParse(JSON.parse(readFileSync(join(dir, `${date}.json`), 'utf8')));
    } catch {
      return [];
    }
    return day.success ? [{ date: day.data.date, papers: day.data.papers }] : [];
  });
}

/** The archive as paper pages see it, from every paper's catalog record. */
function viewArchive(papers: ReadonlyMap<string, ViewPaper>, days: { date: string; papers: string[] }[], topics: ViewArchive['topics']): ViewArchive {
  return { papers, topics, ...indexDays(papers, days, (date) => `content/days/${date}.json`) };
}

export function papersLoader(options: Options): Loader {
  return {
    name: 'daybook-papers',
    load: async (context) => {
      const { store, logger, config } = context;
      const cacheDir = fileURLToPath(config.cacheDir);
      const root = fileURLToPath(config.root);
      const papersDir = resolve(root, options.papers);
      const daysDir = resolve(root, options.days);
      const files = filesOf(papersDir, '.md');
      const days = readDays(daysDir, filesOf(daysDir, '.json').keys());
      const topics = readTopics(resolve(root, options.topics));
      const registry = resolve(root, options.registry);
      const order = existsSync(registry) ? slugOrder(readFileSync(registry, 'utf8')) : [];
      /** The page key of a paper, from the papers as this build knows them. */
      const pageKeyOf = (papers: ReadonlyMap<string, ViewPaper>) => {
        const archive = viewArchive(papers, days, topics);
        const citeKeys = citeKeysOf(archive, order);
        return (slug: string) => paperPageKey(archive, papers.get(slug)!, citeKeys.get(slug), SITE.cardWindowDays);
      };
      const loadAll = async (print: string) => {
        await glob({ pattern: '*.md', base: options.papers }).load(context);
        const papers = catalogOf(files, store, new Map());
        const keyOf = pageKeyOf(new Map(papers.map((paper) => [paper.id, paper])));
        for (const paper of papers) paper.pageKey = keyOf(paper.id);
        writeCatalog(catalogFile(cacheDir, 'next'), { fingerprint: print, keepsPages: false, papers });
      };
      // The dev server watches the entries themselves, and loads every one.
      if (context.watcher) return loadAll('');

      const print = fingerprint(context, options);
      const committed = readCatalog(catalogFile(cacheDir, 'committed'));
      const usable = committed?.fingerprint === print && hasManifestOf(cacheDir, fileURLToPath(config.outDir));
      const liveDir = join(cacheDir, 'daybook-live-papers');
      if (!usable) {
        // Every entry: read where it is (linking 100,000s of files, to unlink most of them the next day, cost seconds).
        rmSync(liveDir, { recursive: true, force: true });
        await loadAll(print);
        logger.info(`${files.size.toLocaleString('en')} of ${files.size.toLocaleString('en')} papers loaded: every page is rendered`);
        return;
      }

      const before = new Map(committed.papers.map((paper) => [paper.id, paper]));
      const changed = new Set([...files].filter(([slug, stat]) => before.get(slug)?.stat !== stat).map(([slug]) => slug));
      const after = new Map<string, ViewPaper>();
      for (const slug of files.keys()) {
        if (!changed.has(slug)) {
          after.set(slug, before.get(slug)!);
          continue;
        }
        // A changed entry that does not read as one is loaded all the same: the glob loader names what is wrong.
        const data = readPaperFrontmatter(readFileSync(join(papersDir, `${slug}.md`), 'utf8'));
        if (data) after.set(slug, { id: slug, entryHash: '', citeBase: citeBase({ data }), data });
      }
      const keyOf = pageKeyOf(after);
      // A changed entry is loaded whatever its key, which is made once its hash is known (below).
      const keys = new Map([...after.keys()].filter((slug) => !changed.has(slug)).map((slug) => [slug, keyOf(slug)]));
      const live = new Set(changed);
      for (const [slug, key] of keys) if (before.get(slug)?.pageKey !== key) live.add(slug);

      // The store's entries name their files: entries stored from their own folder are read again from the live one.
      if (!existsSync(liveDir)) store.clear();
      linkLiveEntries(liveDir, papersDir, live, changed);
      await glob({ pattern: '*.md', base: liveDir }).load(context);

      const papers = catalogOf(files, store, before);
      for (const paper of papers) {
        const read = changed.has(paper.id) ? after.get(paper.id) : undefined;
        // A changed entry's own key, now that its hash is known (what other pages show of it is not its hash).
        if (read) read.entryHash = paper.entryHash;
        paper.pageKey = read ? keyOf(paper.id) : keys.get(paper.id)!;
      }
      writeCatalog(catalogFile(cacheDir, 'next'), { fingerprint: print, keepsPages: true, papers });
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
    // The page key is made once every paper is known (`papersLoader`).
    const paper = entry ? { id: slug, entryHash: String(entry.digest), data: entry.data, recordHash: recordHash(entry.data, entry.body ?? ''), listingHash: hashOf(listing({ id: slug, data: entry.data })), citeBase: citeBase(entry), stat, pageKey: '' } : before.get(slug);
    if (paper) papers.push(paper);
  }
  return papers;
}
