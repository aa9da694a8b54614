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
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
 * Glob patterns for exactly the entry files of `slugs`, so Astro's glob loader reads a day's
 * entries, not 100,000s: names in braces, as many a pattern as picomatch takes (65,536
 * characters). A pattern per name cost seconds to match against 100,000 files; braces cost about
 * what `*.md` does (125 ms for 750 names, 1.1 s for 40,000, among 60,000 files).
 */
export function entryPatterns(slugs: readonly string[]): string[] {
  const patterns: string[] = [];
  let names: string[] = [];
  let length = 0;
  const close = () => patterns.push(names.length === 1 ? `${names[0]}.md` : `{${names.join(',')}}.md`);
  for (const slug of slugs) {
    if (length + slug.length > 60_000) {
      close();
      names = [];
      length = 0;
    }
    names.push(slug);
    length += slug.length + 1;
  }
  if (names.length > 0) close();
  return patterns;
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
      // Earlier builds linked the loaded entries into this folder, which Astro's store may still name: a file
      // there would make an entry read from `papers/` a duplicate.
      rmSync(join(cacheDir, 'daybook-live-papers'), { recursive: true, force: true });
      // The dev server watches the entries themselves, and loads every one.
      let records = context.watcher ? undefined : currentPaperRecords(contentDir);
      const fromIndex = records !== undefined;
      if (!records) {
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
      const before = committedKeys(cacheDir, fileURLToPath(config.outDir), (path) => path.startsWith('papers/'));
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
      if (fromIndex) {
        // Astro's glob loader drops from its store the entries it does not find: those of the pages kept.
        if (live.size === 0) store.clear();
        else await glob({ pattern: live.size === papers.size ? '*.md' : entryPatterns([...live]), base: options.papers }).load(context);
      }
      logger.info(!fromIndex || live.size === papers.size ? `${count}: every page is rendered` : `${count}; the pages of the others are kept as they are`);
    },
  };
}
