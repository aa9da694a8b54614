import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Derived, PaperText } from '../../src/lib/archive/plan.ts';
import { InputError } from '../../src/lib/digest/types.ts';
import { relatedIds, relatedRebuildReason, statsSampleSize, updateRelated } from '../../src/lib/related/index.ts';
import type { RelatedState } from '../../src/lib/related/index.ts';
import { assignTopics, loadTaxonomy, parseTopicMarkdown, resolveTopicSlug } from '../../src/lib/topics/index.ts';
import type { Taxonomy } from '../../src/lib/topics/index.ts';
import { buildPhraseStats, keyPhrases } from '../../src/lib/topics/keyphrases.ts';

export interface DeriverOptions {
  contentDir: string;
  cacheDir: string;
  /** Seconds per derivation step are added here. */
  timings?: Record<string, number>;
}

/** Reads the taxonomy from `content/topics/*.md(x)`. */
async function readTaxonomy(contentDir: string): Promise<Taxonomy> {
  const dir = join(contentDir, 'topics');
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /\.mdx?$/.test(n)).sort() : [];
  const entries = await Promise.all(names.map(async (name) => parseTopicMarkdown(join(dir, name), await readFile(join(dir, name), 'utf8'))));
  return loadTaxonomy(entries);
}

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

/** The related-paper index of the previous run; a missing or unreadable cache only costs time. */
async function readRelatedCache(file: string): Promise<RelatedState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RelatedState;
  } catch {
    return undefined;
  }
}

async function writeRelatedCache(file: string, state: RelatedState): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

/**
 * Topics, key phrases and related papers for every paper. Papers come oldest first, so a
 * new day only appends: the related-paper index then compares just the new papers with
 * the archive (the result is identical to a full computation), and the statistics behind
 * key phrases come from a prefix of the archive that grows in steps, so old papers keep
 * their phrases until the archive has grown by a fifth.
 */
export async function createDeriver(options: DeriverOptions): Promise<(papers: readonly PaperText[]) => Derived> {
  const taxonomy = await readTaxonomy(options.contentDir);
  const cacheFile = join(options.cacheDir, 'related.json');
  const previous = await readRelatedCache(cacheFile);
  const timings = options.timings ?? {};
  const time = <T>(stage: string, work: () => T): T => {
    const start = performance.now();
    const result = work();
    timings[stage] = Math.round(performance.now() - start) / 1000;
    return result;
  };
  let relatedState: RelatedState | undefined;

  const derive = (papers: readonly PaperText[]): Derived => {
    const topics = time('topics', () => {
      const result = new Map<string, string[]>();
      for (const paper of papers) result.set(paper.slug, [...manualTopics(paper, taxonomy, options.contentDir), ...assignTopics(paper, taxonomy)]);
      return result;
    });
    const phrases = time('key phrases', () => {
      const stats = buildPhraseStats(papers.slice(0, statsSampleSize(papers.length)));
      return new Map(papers.map((paper) => [paper.slug, keyPhrases(paper, stats)]));
    });
    const related = time('related papers', () => {
      const inputs = papers.map((p) => ({ id: p.slug, title: p.title, abstract: p.abstract, topics: topics.get(p.slug) ?? [] }));
      timings['related: full recompute'] = relatedRebuildReason(previous, inputs) === '' ? 0 : 1;
      relatedState = updateRelated(previous, inputs);
      return relatedIds(relatedState);
    });
    return { topics, keyPhrases: phrases, related };
  };
  return Object.assign(derive, {
    /** Keeps the related-paper index for the next run; call once the entries are committed. */
    saveCache: async () => {
      if (relatedState) await writeRelatedCache(cacheFile, relatedState);
    },
  });
}
