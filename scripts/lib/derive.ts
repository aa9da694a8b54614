import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Derived, PaperText } from '../../src/lib/archive/plan.ts';
import { InputError } from '../../src/lib/digest/types.ts';
import { createHash } from 'node:crypto';
import { decodeRows, encodeRows, fingerprint, relatedIds, relatedRebuildReason, statsSampleSize, updateRelatedWithRows } from '../../src/lib/related/index.ts';
import type { CachedRows, RelatedState } from '../../src/lib/related/index.ts';
import { assignTopics, loadTaxonomy, parseTopicMarkdown, resolveTopicSlug } from '../../src/lib/topics/index.ts';
import type { Taxonomy } from '../../src/lib/topics/index.ts';
import { buildPhraseStats, keyPhrases } from '../../src/lib/topics/keyphrases.ts';
import type { PhraseStats } from '../../src/lib/topics/keyphrases.ts';

/**
 * What earlier runs derived, per paper, so a daily run only works on what changed:
 * topics (valid while the taxonomy is unchanged) and key phrases (valid while the
 * phrase statistics, taken from a prefix of the archive, are unchanged).
 */
interface DerivedCache {
  version: number;
  taxonomy: string;
  /** Identifies the phrase statistics: size and content of the prefix they come from. */
  statsKey: string;
  stats: { docs: number; df: [string, number][] } | undefined;
  /** slug → [text fingerprint, topics, key phrases]. */
  papers: Record<string, [string, string[], string[]]>;
}

const DERIVED_VERSION = 1;

export interface DeriverOptions {
  contentDir: string;
  cacheDir: string;
  /** Seconds per derivation step are added here. */
  timings?: Record<string, number>;
}

/** Reads the taxonomy from `content/topics/*.md(x)`, with a hash of its files. */
async function readTaxonomy(contentDir: string): Promise<{ taxonomy: Taxonomy; hash: string }> {
  const dir = join(contentDir, 'topics');
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /\.mdx?$/.test(n)).sort() : [];
  const hash = createHash('sha256');
  const entries = await Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      return { name, text, entry: parseTopicMarkdown(join(dir, name), text) };
    }),
  );
  for (const { name, text } of entries) hash.update(`${name}\0${text}\0`);
  return { taxonomy: loadTaxonomy(entries.map((e) => e.entry)), hash: hash.digest('hex') };
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
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
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

/**
 * Topics, key phrases and related papers for every paper. Papers come oldest first, so a
 * new day only appends: the related-paper index then compares just the new papers with
 * the archive (the result is identical to a full computation), and the statistics behind
 * key phrases come from a prefix of the archive that grows in steps, so old papers keep
 * their phrases until the archive has grown by a fifth.
 */
export async function createDeriver(options: DeriverOptions): Promise<((papers: readonly PaperText[]) => Derived) & { saveCache: () => Promise<void> }> {
  const { taxonomy, hash: taxonomyHash } = await readTaxonomy(options.contentDir);
  const relatedFile = join(options.cacheDir, 'related.json');
  const rowsFile = join(options.cacheDir, 'related-rows.bin');
  const derivedFile = join(options.cacheDir, 'derived.json');
  // A missing or unreadable cache only costs time: everything is recomputed.
  const previous = await readJson<RelatedState>(relatedFile);
  const previousRows = await readFile(rowsFile).then(decodeRows, () => undefined);
  const cached = await readJson<DerivedCache>(derivedFile);
  const usable = cached?.version === DERIVED_VERSION ? cached : undefined;
  const timings = options.timings ?? {};
  const time = <T>(stage: string, work: () => T): T => {
    const start = performance.now();
    const result = work();
    timings[stage] = Math.round(performance.now() - start) / 1000;
    return result;
  };
  let relatedState: RelatedState | undefined;
  let relatedRows: CachedRows | undefined;
  let nextCache: DerivedCache | undefined;

  const derive = (papers: readonly PaperText[]): Derived => {
    const prints = papers.map((p) => fingerprint({ title: p.title, abstract: `${p.abstract}\0${p.manualTopics.join(' ')}\0${p.excludeTopics.join(' ')}` }));
    const before = (i: number) => usable?.papers[papers[i]!.slug]?.[0] === prints[i] ? usable?.papers[papers[i]!.slug] : undefined;

    const topics = time('topics', () => {
      const sameTaxonomy = usable?.taxonomy === taxonomyHash;
      return new Map(
        papers.map((paper, i) => {
          const hit = sameTaxonomy ? before(i) : undefined;
          return [paper.slug, hit ? hit[1] : [...manualTopics(paper, taxonomy, options.contentDir), ...assignTopics(paper, taxonomy)]];
        }),
      );
    });

    const { phrases, statsKey, stats } = time('key phrases', () => {
      const prefix = statsSampleSize(papers.length);
      const key = createHash('sha256').update(prints.slice(0, prefix).join('')).digest('hex');
      let current: PhraseStats | undefined =
        usable?.statsKey === key && usable.stats ? { docs: usable.stats.docs, df: new Map(usable.stats.df) } : undefined;
      const statsOf = () => (current ??= buildPhraseStats(papers.slice(0, prefix)));
      const result = new Map(
        papers.map((paper, i) => {
          const hit = usable?.statsKey === key ? before(i) : undefined;
          return [paper.slug, hit ? hit[2] : keyPhrases(paper, statsOf())];
        }),
      );
      return { phrases: result, statsKey: key, stats: statsOf() };
    });

    const related = time('related papers', () => {
      const inputs = papers.map((p) => ({ id: p.slug, title: p.title, abstract: p.abstract, topics: topics.get(p.slug) ?? [] }));
      const reason = relatedRebuildReason(previous, inputs);
      timings['related: full recompute'] = reason === '' ? 0 : 1;
      if (reason === '' && previous?.ids.length === inputs.length) {
        // Nothing new: the previous index is the answer.
        relatedState = previous;
      } else {
        ({ state: relatedState, rows: relatedRows } = updateRelatedWithRows(previous, previousRows, inputs));
      }
      return relatedIds(relatedState);
    });

    nextCache = {
      version: DERIVED_VERSION,
      taxonomy: taxonomyHash,
      statsKey,
      stats: { docs: stats.docs, df: [...stats.df] },
      papers: Object.fromEntries(papers.map((p, i) => [p.slug, [prints[i]!, topics.get(p.slug) ?? [], phrases.get(p.slug) ?? []]])),
    };
    return { topics, keyPhrases: phrases, related };
  };
  return Object.assign(derive, {
    /** Keeps what was derived for the next run; call once the entries are committed. */
    saveCache: async () => {
      if (relatedState && relatedState !== previous) await writeJson(relatedFile, relatedState);
      if (relatedRows) await writeAtomically(rowsFile, encodeRows(relatedRows));
      if (nextCache) await writeJson(derivedFile, nextCache);
    },
  });
}
