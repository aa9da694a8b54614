import { cleanTitle } from '../digest/normalize.ts';
import type { Digest, InputWarning } from '../digest/types.ts';
import { abstractToMarkdown, normalizeAbstractText } from '../markdown/abstract.ts';
import { excerpt } from '../markdown/excerpt.ts';
import type { DayEntry, ManualOverrides, PaperFrontmatter } from '../schema.ts';
import { formatDayEntry, formatPaperEntry } from './entries.ts';
import type { ArchivedPaper } from './merge.ts';
import { mergeDigests } from './merge.ts';
import type { SlugRecord } from './registry.ts';
import { assignSlugs, formatRegistry } from './registry.ts';

/** A paper as the derivation steps (topics, key phrases, related) see it. */
export interface PaperText {
  slug: string;
  title: string;
  abstract: string;
  /** The maintainer's topics, which derived ones never replace. */
  manualTopics: string[];
  excludeTopics: string[];
}

/** What the derivation steps add to each paper, by slug. */
export interface Derived {
  topics: Map<string, string[]>;
  keyPhrases: Map<string, string[]>;
  related: Map<string, string[]>;
}

export interface PlanInput {
  digests: readonly Digest[];
  registry: readonly SlugRecord[];
  /** `manual:` blocks of existing entries, by slug. */
  manual: ReadonlyMap<string, ManualOverrides>;
  derive: (papers: readonly PaperText[]) => Derived;
}

export interface Plan {
  /** Every generated file, by path relative to `content/`. */
  files: Map<string, string>;
  papers: number;
  days: number;
  /** Papers whose slug was not in the registry before this run. */
  newPapers: number;
  /** Sightings folded into a paper seen on another day. */
  merged: number;
  warnings: InputWarning[];
}

export const REGISTRY_PATH = 'slugs.tsv';

/**
 * The whole generated archive as files, computed from the digests alone (plus the
 * registry of published slugs and the maintainer's manual blocks). Pure: the same
 * input always gives the same bytes.
 */
export function planArchive(input: PlanInput): Plan {
  const archive = mergeDigests(input.digests);
  const { slugs, registry } = assignSlugs(archive.papers, input.registry);
  const known = new Set(input.registry.map((r) => r.slug));
  const slugOf = (paper: ArchivedPaper) => slugs.get(paper) as string;

  const texts: PaperText[] = archive.papers.map((paper) => {
    const manual = input.manual.get(slugOf(paper));
    return {
      slug: slugOf(paper),
      // A hand-typed title gets the same cleaning as one from a digest.
      title: manual?.title ? cleanTitle(manual.title).text : paper.title,
      abstract: paper.abstract,
      manualTopics: manual?.topics ?? [],
      excludeTopics: manual?.excludeTopics ?? [],
    };
  });
  const derived = input.derive(texts);

  const files = new Map<string, string>();
  archive.papers.forEach((paper, i) => {
    const text = texts[i] as PaperText;
    const slug = text.slug;
    const frontmatter: PaperFrontmatter = {
      title: text.title,
      arxivId: paper.arxivId,
      authors: paper.authors,
      publishedAt: paper.publishedAt,
      excerpt: excerpt(normalizeAbstractText(paper.abstract)),
      days: [...new Set(paper.sightings.map((s) => s.date))],
      github: paper.githubUrl,
      project: paper.projectUrl,
      upvotes: paper.upvotes,
      topics: mergeTopics(text, derived.topics.get(slug) ?? []),
      keyPhrases: derived.keyPhrases.get(slug) ?? [],
      related: (derived.related.get(slug) ?? []).filter((s) => s !== slug),
      manual: input.manual.get(slug),
    };
    files.set(`papers/${slug}.md`, formatPaperEntry(frontmatter, abstractToMarkdown(paper.abstract)));
  });
  for (const day of archive.days) {
    // The digest's name alone: where the content folder lives is no part of the archive.
    const entry: DayEntry = { date: day.date, source: day.file.split(/[\\/]/).pop() ?? day.file, papers: day.papers.map(slugOf) };
    files.set(`days/${day.date}.json`, formatDayEntry(entry));
  }
  files.set(REGISTRY_PATH, formatRegistry(registry));

  const sightings = archive.days.reduce((n, day) => n + day.papers.length, 0);
  return {
    files,
    papers: archive.papers.length,
    days: archive.days.length,
    newPapers: archive.papers.filter((p) => !known.has(slugOf(p))).length,
    merged: sightings - archive.papers.length,
    // The readers' warnings (per digest, in file order), then those of merging days.
    warnings: [...input.digests.flatMap((digest) => digest.warnings), ...archive.warnings],
  };
}

/** The maintainer's topics first, then derived ones, less the excluded; no repeats. */
function mergeTopics(text: PaperText, derived: readonly string[]): string[] {
  const excluded = new Set(text.excludeTopics);
  return [...new Set([...text.manualTopics, ...derived])].filter((t) => !excluded.has(t));
}
