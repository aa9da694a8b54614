import writeFileAtomic from 'write-file-atomic';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Derived, PaperText, Progress } from '../../src/lib/archive/plan.ts';
import type { UpdateDerive } from '../../src/lib/archive/update.ts';
import { InputError } from '../../src/lib/digest/types.ts';
import {
  DEFAULT_VECTOR_PARAMS,
  appendNeighbours,
  fingerprint,
  neighboursOf,
  relatedIds,
  relatedRebuildReason,
  statsSampleSize,
  updateRelatedWithRows,
  vectorizeAll,
} from '../../src/lib/related/index.ts';
import type { CachedRows, RelatedState, SparseRows } from '../../src/lib/related/index.ts';
import { assignTopics, loadTaxonomy, parseTopicMarkdown, resolveTopicSlug } from '../../src/lib/topics/index.ts';
import type { Taxonomy } from '../../src/lib/topics/index.ts';
import { buildPhraseStats, keyPhrases } from '../../src/lib/topics/keyphrases.ts';
import type { PhraseStats } from '../../src/lib/topics/keyphrases.ts';
import { appendRelated, loadRelated, openRelated, saveRelated } from './related-store.ts';
import type { Snapshot } from './snapshot.ts';
import { codeKey } from './snapshot.ts';

/**
 * What earlier full runs derived, per paper, so a full run only works on what changed:
 * topics (valid while the taxonomy is unchanged) and key phrases (valid while the
 * phrase statistics, taken from a prefix of the archive, are unchanged). Day updates
 * do not write it: the next full run derives their papers again, which is quick.
 */
interface DerivedCache {
  version: number;
  /** The code that derived it (scripts/lib/snapshot.ts `codeKey`): new rules derive everything again. */
  code: string;
  taxonomy: string;
  /** Identifies the phrase statistics: size and content of the prefix they come from. */
  statsKey: string;
  stats: { docs: number; df: [string, number][] } | undefined;
  /** slug → [text fingerprint, topics, key phrases]. */
  papers: Record<string, [string, string[], string[]]>;
}

const DERIVED_VERSION = 1;
/** Related papers per paper: the default of src/lib/related. */
const RELATED_K = 5;

export interface DeriverOptions {
  contentDir: string;
  cacheDir: string;
  /** Seconds per derivation step are added here. */
  timings?: Record<string, number>;
  progress?: Progress | undefined;
}

/** The taxonomy's files (`content/topics/*.md(x)`), with a hash of them: read before they are parsed. */
export interface TopicFiles {
  dir: string;
  /** Raw bytes: their encoding is checked when they are parsed. */
  files: { name: string; bytes: Uint8Array }[];
  hash: string;
}

export async function readTopicFiles(contentDir: string): Promise<TopicFiles> {
  const dir = join(contentDir, 'topics');
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /\.mdx?$/.test(n)).sort() : [];
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) })));
  const hash = createHash('sha256');
  for (const { name, bytes } of files) hash.update(`${name}\0`).update(bytes).update('\0');
  return { dir, files, hash: hash.digest('hex') };
}

/** Parses the taxonomy; a malformed topic stops the run with a message naming its file. */
export function parseTaxonomy(topics: TopicFiles): Taxonomy {
  return loadTaxonomy(topics.files.map(({ name, bytes }) => parseTopicMarkdown(join(topics.dir, name), bytes)));
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFileAtomic(file, typeof data === 'string' ? data : Buffer.from(data));
}

const writeJson = (file: string, value: unknown) => writeAtomically(file, JSON.stringify(value));

/**
 * The maintainer's topics, by their current slug: an old slug of a renamed topic is
 * followed, an unknown one stops the run (it would be a broken link on every page).
 */
function manualTopics(paper: PaperText, taxonomy: Taxonomy, contentDir: string): string[] {
  return paper.manualTopics.map((slug) => {
    const current = resolveTopicSlug(taxonomy, slug);
    if (!current) throw new InputError(join(contentDir, 'papers', `${paper.slug}.md`), `manual.topics names "${slug}", which is no topic in content/topics`);
    return current;
  });
}

/** A paper's derived topics: the maintainer's (current slugs) first, then those its text matches. */
const topicsOf = (paper: PaperText, taxonomy: Taxonomy, contentDir: string) => [...manualTopics(paper, taxonomy, contentDir), ...assignTopics(paper, taxonomy)];

/** Stage timings in seconds, added up per stage. */
function timer(timings: Record<string, number>) {
  return <T>(stage: string, work: () => T): T => {
    const start = performance.now();
    const result = work();
    timings[stage] = Math.round(performance.now() - start) / 1000 + (timings[stage] ?? 0);
    return result;
  };
}

/** Reports every 500th of `total` items, and the last. */
function every500(progress: Progress | undefined, stage: string, total: number): (done: number) => void {
  return (done) => {
    if (progress && (done % 500 === 0 || done === total)) progress(stage, done, total);
  };
}

/** `items`, reporting every 500th read. */
function* counted<T>(items: readonly T[], progress: Progress | undefined, stage: string): Generator<T> {
  const done = every500(progress, stage, items.length);
  for (let i = 0; i < items.length; i++) {
    yield items[i]!;
    done(i + 1);
  }
}

/** What a full run's deriver leaves for the snapshot (scripts/lib/snapshot.ts). */
export interface FullDeriver {
  (papers: readonly PaperText[]): Derived;
  /** Keeps what was derived for the next run; call once the entries are committed. Returns the related store's generation. */
  saveCache: () => Promise<string | undefined>;
  /** The key-phrase statistics the papers were derived with. */
  phrases: () => { key: string; docs: number; df: ReadonlyMap<string, number> } | undefined;
}

/**
 * Topics, key phrases and related papers for every paper. Papers come oldest first, so a
 * new day only appends: the related-paper index then compares just the new papers with
 * the archive (the result is identical to a full computation), and the statistics behind
 * key phrases come from a prefix of the archive that grows in steps, so old papers keep
 * their phrases until the archive has grown by a fifth.
 */
export async function createDeriver(options: DeriverOptions): Promise<FullDeriver> {
  const topicFiles = await readTopicFiles(options.contentDir);
  const taxonomy = parseTaxonomy(topicFiles);
  const taxonomyHash = topicFiles.hash;
  const relatedDir = join(options.cacheDir, 'related');
  const derivedFile = join(options.cacheDir, 'derived.json');
  // A missing or unreadable cache only costs time: everything is recomputed. So does one of
  // other code (an upgrade's topic rules would otherwise keep the old papers' old topics).
  const cached = await readJson<DerivedCache>(derivedFile);
  const usable = cached?.version === DERIVED_VERSION && cached.code === codeKey() ? cached : undefined;
  const stored = usable ? loadRelated(relatedDir) : undefined;
  const previous = stored?.state;
  const time = timer(options.timings ?? {});
  const progress = options.progress;
  let relatedState: RelatedState | undefined;
  let relatedRows: CachedRows | undefined;
  let nextCache: DerivedCache | undefined;
  let phraseStats: { key: string; docs: number; df: ReadonlyMap<string, number> } | undefined;

  const derive = (papers: readonly PaperText[]): Derived => {
    const prints = papers.map((p) => fingerprint({ title: p.title, abstract: `${p.abstract}\0${p.manualTopics.join(' ')}\0${p.excludeTopics.join(' ')}\0${(p.keywords ?? []).join('\t')}\0${(p.categories ?? []).join(' ')}` }));
    const before = (i: number) => usable?.papers[papers[i]!.slug]?.[0] === prints[i] ? usable?.papers[papers[i]!.slug] : undefined;

    const topics = time('topics', () => {
      const sameTaxonomy = usable?.taxonomy === taxonomyHash;
      const done = every500(progress, 'topics', papers.length);
      return new Map(
        papers.map((paper, i) => {
          const hit = sameTaxonomy ? before(i) : undefined;
          done(i + 1);
          return [paper.slug, hit ? hit[1] : topicsOf(paper, taxonomy, options.contentDir)];
        }),
      );
    });

    const { phrases, statsKey, stats } = time('key phrases', () => {
      const prefix = statsSampleSize(papers.length);
      const key = createHash('sha256').update(prints.slice(0, prefix).join('')).digest('hex');
      let current: (PhraseStats & { df: Map<string, number> }) | undefined =
        usable?.statsKey === key && usable.stats ? { docs: usable.stats.docs, df: new Map(usable.stats.df) } : undefined;
      const statsOf = () => (current ??= buildPhraseStats(counted(papers.slice(0, prefix), progress, 'key phrases (statistics)')));
      const done = every500(progress, 'key phrases', papers.length);
      const result = new Map(
        papers.map((paper, i) => {
          const hit = usable?.statsKey === key ? before(i) : undefined;
          done(i + 1);
          return [paper.slug, hit ? hit[2] : keyPhrases(paper, statsOf())];
        }),
      );
      return { phrases: result, statsKey: key, stats: statsOf() };
    });
    phraseStats = { key: statsKey, docs: stats.docs, df: stats.df };

    const related = time('related papers', () => {
      const inputs = papers.map((p) => ({ id: p.slug, title: p.title, abstract: p.abstract, topics: topics.get(p.slug) ?? [] }));
      const reason = relatedRebuildReason(previous, inputs);
      if (options.timings) options.timings['related: full recompute'] = reason === '' ? 0 : 1;
      if (reason === '' && previous?.ids.length === inputs.length) {
        // Nothing new: the previous index is the answer.
        relatedState = previous;
      } else {
        const onProgress = progress ? (step: string, done: number, total: number) => progress(`related papers (${step})`, done, total) : undefined;
        ({ state: relatedState, rows: relatedRows } = updateRelatedWithRows(previous, stored?.rows, inputs, { onProgress }));
      }
      return relatedIds(relatedState);
    });

    nextCache = {
      version: DERIVED_VERSION,
      code: codeKey(),
      taxonomy: taxonomyHash,
      statsKey,
      stats: { docs: stats.docs, df: [...stats.df] },
      papers: Object.fromEntries(papers.map((p, i) => [p.slug, [prints[i]!, topics.get(p.slug) ?? [], phrases.get(p.slug) ?? []]])),
    };
    return { topics, keyPhrases: phrases, related };
  };
  return Object.assign(derive, {
    saveCache: async () => {
      // Caches of earlier versions, now in related/.
      await rm(join(options.cacheDir, 'related.json'), { force: true });
      await rm(join(options.cacheDir, 'related-rows.bin'), { force: true });
      let generation = stored?.generation;
      if (relatedState && relatedRows && relatedState !== previous) generation = saveRelated(relatedDir, relatedState, relatedRows);
      if (nextCache) await writeJson(derivedFile, nextCache);
      return generation;
    },
    phrases: () => phraseStats,
  });
}

/** What a day's update derives, and keeps once its entries are committed. */
export interface UpdateDeriver {
  derive: UpdateDerive;
  /** Appends the new papers to the related store; returns its generation. */
  save: () => string | undefined;
}

/**
 * Derivation for a day's update (src/lib/archive/update.ts): topics and key phrases of the new
 * papers only, with the statistics the archive already has; related papers by comparing the new
 * papers with every paper's stored vector. The same results as the full deriver gives, provided
 * the statistics do not step (the update declines then).
 */
export function createUpdateDeriver(options: { contentDir: string; cacheDir: string; snapshot: Snapshot; taxonomy: Taxonomy; timings: Record<string, number> }): UpdateDeriver {
  const { snapshot, taxonomy, contentDir } = options;
  const time = timer(options.timings);
  const known = snapshot.slugs.length;
  const relatedDir = join(options.cacheDir, 'related');
  let pending: { view: NonNullable<ReturnType<typeof openRelated>>; added: { ids: string[]; fingerprints: string[]; rows: SparseRows } } | undefined;

  const derive: UpdateDerive = (texts) => {
    const total = known + texts.length;
    if (statsSampleSize(total) !== statsSampleSize(known)) return `the archive grew past a statistics step (${statsSampleSize(total)} papers)`;
    const view = time('read related cache', () => openRelated(relatedDir, texts.length));
    if (!view || view.generation !== snapshot.related) return 'the related-paper cache is not the one of the earlier run';
    if (view.rows.offsets.length - 1 !== known || view.statsSize !== statsSampleSize(known)) return 'the related-paper cache does not match the archive';
    if (view.k !== RELATED_K || JSON.stringify(view.params) !== JSON.stringify(DEFAULT_VECTOR_PARAMS)) return 'related-paper options changed';

    const topics = time('topics', () => new Map(texts.map((t) => [t.slug, topicsOf(t, taxonomy, contentDir)])));
    const phrases = time('key phrases', () => {
      const stats: PhraseStats = { docs: snapshot.phrases.docs, df: snapshot.phrases.table() };
      return new Map(texts.map((t) => [t.slug, keyPhrases(t, stats)]));
    });
    const idOf = (i: number) => (i < known ? snapshot.slugs[i]! : texts[i - known]!.slug);
    const { changed, fingerprints, rows } = time('related papers', () => {
      const inputs = texts.map((t) => ({ id: t.slug, title: t.title, abstract: t.abstract, topics: topics.get(t.slug) ?? [] }));
      const rows = vectorizeAll(inputs, view.stats, view.params);
      // Ties go to the smaller id, as in a full computation.
      const changed = appendNeighbours(view.rows, rows, view.lists, (a, b) => idOf(a) < idOf(b));
      return { changed, fingerprints: inputs.map(fingerprint), rows };
    });
    pending = { view, added: { ids: texts.map((t) => t.slug), fingerprints, rows } };
    return {
      topics,
      keyPhrases: phrases,
      relatedOf: (i) => neighboursOf(view.lists, i).map(idOf),
      relatedChanged: changed,
    };
  };
  return {
    derive,
    save: () => (pending ? appendRelated(relatedDir, pending.view, pending.added, pending.view.lists) : undefined),
  };
}
