import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Derived, PaperText } from '../../src/lib/archive/plan.ts';
import { InputError } from '../../src/lib/digest/types.ts';
import { assignTopics, loadTaxonomy, parseTopicMarkdown, resolveTopicSlug } from '../../src/lib/topics/index.ts';
import type { Taxonomy } from '../../src/lib/topics/index.ts';

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

/** Topics, key phrases and related papers for every paper. */
export async function createDeriver(options: DeriverOptions): Promise<(papers: readonly PaperText[]) => Derived> {
  const taxonomy = await readTaxonomy(options.contentDir);
  return (papers) => {
    const topics = new Map<string, string[]>();
    for (const paper of papers) {
      const manual = manualTopics(paper, taxonomy, options.contentDir);
      topics.set(paper.slug, [...manual, ...assignTopics(paper, taxonomy)]);
    }
    return { topics, keyPhrases: new Map(), related: new Map() };
  };
}
