/**
 * The papers collection's loader: Astro's own `glob()` loader, given only the entries whose
 * pages this build renders, so a daily build reads, validates, renders and stores about one day
 * of entries, not the whole archive. Every paper page has one key (src/lib/archive/paper-view.ts:
 * `paperPageKey`, with the site's fingerprint), made from the paper index (src/catalog/paper-index.ts:
 * every paper's record, written by the ingest; the pages read it too), the days' digests and the
 * topics' names before anything is loaded; the papers loaded are those whose page's key is not the
 * one the last good build's manifest lists for it (src/catalog/manifest-file.ts). The keys go to
 * the end of the build like every route's (src/catalog/page-keys.ts).
 *
 * One run loads at most `PAPERS_PER_RUN` papers, newest first: Astro holds every paper it loads
 * twice (its content store and the pages' copy), so a build of every page of 100,000s of papers
 * (a change of code) would not fit in memory. The others keep their last page and key, or have
 * none yet, and `npm run build` runs Astro again for them (`BUILD_AGAIN_EXIT_CODE`); each run
 * commits its manifest, so a run cut short costs only itself.
 *
 * Without an index that describes the content as it is (a bare `astro build` of content no ingest
 * indexed), every entry is loaded and its record made from it; in the dev server too.
 */
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE } from '../config.ts';
import { outputPath } from '../lib/build-manifest.ts';
import type { ViewArchive, ViewPaper } from '../lib/archive/paper-view.ts';
import { citeKeysOf, indexDays, paperPageKey, viewKey } from '../lib/archive/paper-view.ts';
import { slugOrder } from '../lib/archive/registry.ts';
import { paths } from '../lib/paths.ts';
import { dayEntry } from '../lib/schema.ts';
import { parseTopicMarkdown } from '../lib/topics/parse.ts';
import { committedKeys } from './manifest-file.ts';
import { siteFingerprint, writePageKeys } from './page-keys.ts';
import { currentPaperRecords, recordsOfEntries } from './paper-index.ts';

/** At most this many papers a run (`DAYBOOK_PAPERS_PER_RUN` sets another number): ~25 KB of memory each while loaded. */
const PAPERS_PER_RUN = Number(process.env['DAYBOOK_PAPERS_PER_RUN'] ?? 40_000);

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

/**
 * Makes `dir` hold hard links to exactly the `slugs`' entry files of `papersDir` (copies where the
 * file system cannot link), so the glob loader finds the live entries by a plain `*.md`: a list of
 * hundreds of names as glob patterns costs seconds to match against 100,000 files. Each is linked
 * anew: an entry the ingest rewrote is another file (renamed into place), and an old link keeps the old one.
 */
function linkLiveEntries(dir: string, papersDir: string, slugs: ReadonlySet<string>): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (!slugs.has(name.slice(0, -'.md'.length))) rmSync(join(dir, name), { force: true });
  for (const slug of slugs) {
    const link = join(dir, `${slug}.md`);
    rmSync(link, { force: true });
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

/** The archive as paper pages see it, from every paper's record. */
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
      const contentDir = resolve(root, options.papers, '..');
      const papersDir = resolve(root, options.papers);
      const daysDir = resolve(root, options.days);
      const liveDir = join(cacheDir, 'daybook-live-papers');
      // The dev server watches the entries themselves, and loads every one.
      let records = context.watcher ? undefined : currentPaperRecords(contentDir);
      const fromIndex = records !== undefined;
      if (!records) {
        // Every entry, read where it is (linking 100,000s of files, to unlink most of them the next day, cost seconds).
        rmSync(liveDir, { recursive: true, force: true });
        await glob({ pattern: '*.md', base: options.papers }).load(context);
        if (context.watcher) return;
        records = recordsOfEntries(papersDir, store.values());
      }
      const print = siteFingerprint(root, contentDir, config.site, config.base);

      const days = readDays(daysDir, existsSync(daysDir) ? readdirSync(daysDir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)) : []);
      const topics = readTopics(resolve(root, options.topics));
      const registry = resolve(root, options.registry);
      const order = existsSync(registry) ? slugOrder(readFileSync(registry, 'utf8')) : [];
      const papers = new Map<string, ViewPaper>(records.map((record) => [record.id, record]));
      const archive = viewArchive(papers, days, topics);
      const citeKeys = citeKeysOf(archive, order);
      const before = committedKeys(cacheDir, fileURLToPath(config.outDir));
      const keys: Record<string, string> = {};
      const changed: string[] = [];
      const newestFirst = new Set([...archive.newest, ...papers.values()]);
      for (const paper of newestFirst) {
        const path = paths.paper(paper.id);
        keys[path] = viewKey(print, paperPageKey(archive, paper, citeKeys.get(paper.id), SITE.cardWindowDays));
        if (before.get(outputPath(path)) !== keys[path]) changed.push(paper.id);
      }
      // (Without an index every entry is loaded already.)
      const perRun = fromIndex ? PAPERS_PER_RUN : Infinity;
      const live = new Set(changed.slice(0, perRun));
      // The others' pages stay as they are (keyed as they were: the next run renders them), or are not made yet.
      for (const slug of changed.slice(perRun)) {
        const path = paths.paper(slug);
        const last = before.get(outputPath(path));
        if (last === undefined) delete keys[path];
        else keys[path] = last;
      }
      const pending = changed.length - live.size;
      writePageKeys(cacheDir, 'papers', { keys, rendered: live.size, pending });
      const count = `${live.size.toLocaleString('en')} of ${papers.size.toLocaleString('en')} papers loaded${pending > 0 ? ` (${pending.toLocaleString('en')} more for the next run)` : ''}`;
      if (!fromIndex || live.size === papers.size) {
        if (fromIndex) {
          rmSync(liveDir, { recursive: true, force: true });
          await glob({ pattern: '*.md', base: options.papers }).load(context);
        }
        logger.info(`${count}: every page is rendered`);
        return;
      }
      // The store's entries name their files: entries stored from their own folder are read again from the live one.
      if (!existsSync(liveDir)) store.clear();
      linkLiveEntries(liveDir, papersDir, live);
      await glob({ pattern: '*.md', base: liveDir }).load(context);
      logger.info(`${count}; the pages of the others are kept as they are`);
    },
  };
}
