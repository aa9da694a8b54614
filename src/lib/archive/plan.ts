import { createHash } from 'node:crypto';
import { cleanTitle } from '../digest/normalize.ts';
import type { Digest, InputWarning } from '../digest/types.ts';
import { abstractToMarkdown, normalizeAbstractText } from '../markdown/abstract.ts';
import { excerpt } from '../markdown/excerpt.ts';
import { extractiveTldr } from '../markdown/tldr.ts';
import { readableText } from '../text/tex.ts';
import type { DayEntry, ManualOverrides, PaperFrontmatter } from '../schema.ts';
import { formatDayEntry, formatPaperEntry } from './entries.ts';
import type { ArchivedDay, ArchivedPaper } from './merge.ts';
import { Merger } from './merge.ts';
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
  /** The digest's key phrases (Hugging Face `ai_keywords`): evidence for topics. */
  keywords?: readonly string[] | undefined;
  /** arXiv categories, the primary first, when a digest or resolver gives them: evidence for topics. */
  categories?: readonly string[] | undefined;
}

/** What the derivation steps add to each paper, by slug. */
export interface Derived {
  topics: Map<string, string[]>;
  keyPhrases: Map<string, string[]>;
  related: Map<string, string[]>;
}

/** Reports how far a long stage has come. */
export type Progress = (stage: string, done: number, total: number) => void;

export interface PlanInput {
  digests: readonly Digest[];
  registry: readonly SlugRecord[];
  /** `manual:` blocks of existing entries, by slug. */
  manual: ReadonlyMap<string, ManualOverrides>;
  derive: (papers: readonly PaperText[]) => Derived;
  progress?: Progress | undefined;
  /**
   * The text of an existing entry that was written from inputs with these keys (see `entryKeys`),
   * if it is still on disk unchanged: formatting tens of thousands of unchanged entries is most of
   * a full run whose derived data is cached.
   */
  written?: ((slug: string, keys: EntryKeys) => string | undefined) | undefined;
}

export interface Plan {
  /** Every generated file (or, for an update, every file that may have changed), by path relative to `content/`. */
  files: Map<string, string>;
  papers: number;
  days: number;
  /** Papers whose slug was not in the registry before this run. */
  newPapers: number;
  /** Sightings folded into a paper seen on another day. */
  merged: number;
  warnings: InputWarning[];
}

/** Hashes of what a paper entry is made from: everything but its related list, and that list. */
export interface EntryKeys {
  base: string;
  related: string;
}

const hash = (value: unknown, length: number) => createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, length);

/** The related list as an entry lists it. */
const listedRelated = (text: PaperText, related: readonly string[]) => related.filter((s) => s !== text.slug);

/** Keys of the entry `paperEntryText` makes from the same arguments: equal keys, equal text (with the same code). */
export function entryKeys(
  paper: ArchivedPaper,
  text: PaperText,
  derived: { topics: readonly string[]; keyPhrases: readonly string[]; related: readonly string[] },
  manual: ManualOverrides | undefined,
): EntryKeys {
  const days = [...new Set(paper.sightings.map((s) => s.date))];
  const fields = [text.title, paper.arxivId, paper.authors, paper.publishedAt, paper.categories, paper.abstract, days, paper.githubUrl, paper.projectUrl, paper.upvotes, extrasOf(paper)];
  return { base: hash([...fields, mergeTopics(text, derived.topics), derived.keyPhrases, manual ?? null], 32), related: relatedKey(listedRelated(text, derived.related)) };
}

/** The digest's extras as the entry holds them (the TL;DR only for papers without the digest's summary). */
function extrasOf(paper: ArchivedPaper) {
  return {
    aiSummary: paper.aiSummary === undefined ? undefined : readableText(paper.aiSummary, 'tex'),
    aiSummaryModel: paper.aiSummary === undefined ? undefined : paper.aiSummaryModel,
    aiKeywords: paper.aiKeywords,
    githubStars: paper.githubStars,
    organization: paper.organization,
    comments: paper.numComments,
    huggingface: paper.hfUrl,
    tldr: paper.aiSummary === undefined ? extractiveTldr(readableAbstract(paper.abstract)) : undefined,
  };
}

/** The abstract as plain text as a reader sees it (TeX outside math and Markdown read, math as written), for excerpts and TL;DRs. */
const readableAbstract = (abstract: string) => readableText(normalizeAbstractText(abstract), 'tex');

/** The `related` part of `EntryKeys` for a list as the entry lists it. */
export const relatedKey = (related: readonly string[]) => hash(related, 16);

/** The whole merged archive behind a full plan: what a later run continues from (see scripts/lib/snapshot.ts). */
export interface ArchiveState {
  /** Every paper in order of first appearance, with its slug, entry keys and what was derived for it. */
  papers: ArchivedPaper[];
  slugs: string[];
  keys: EntryKeys[];
  derived: Derived;
  days: ArchivedDay[];
  /** Registry records of slugs no paper of the archive has (papers that left it). */
  orphans: SlugRecord[];
  /** Every sighting of every day. */
  sightings: number;
  /** Entries formatted (not taken as written before, see `PlanInput.written`). */
  formatted: number;
  /** Warnings of reading each digest, then of merging the days. */
  digestWarnings: InputWarning[];
  mergeWarnings: InputWarning[];
}

export const REGISTRY_PATH = 'slugs.tsv';

/** How a paper's frontmatter and derived data start: title (the maintainer's, if any) and text. */
export function paperTextOf(paper: ArchivedPaper, slug: string, manual: ManualOverrides | undefined): PaperText {
  return {
    slug,
    // A hand-typed title gets the same cleaning as one from a digest.
    title: manual?.title ? cleanTitle(manual.title).text : paper.title,
    abstract: paper.abstract,
    manualTopics: manual?.topics ?? [],
    excludeTopics: manual?.excludeTopics ?? [],
    keywords: paper.aiKeywords,
  };
}

/** The text of `content/papers/<slug>.md` for a merged paper and what was derived for it. */
export function paperEntryText(
  paper: ArchivedPaper,
  text: PaperText,
  derived: { topics: readonly string[]; keyPhrases: readonly string[]; related: readonly string[] },
  manual: ManualOverrides | undefined,
): string {
  const frontmatter: PaperFrontmatter = {
    title: text.title,
    arxivId: paper.arxivId,
    authors: paper.authors,
    publishedAt: paper.publishedAt,
    categories: paper.categories,
    excerpt: excerpt(readableAbstract(paper.abstract)),
    days: [...new Set(paper.sightings.map((s) => s.date))],
    github: paper.githubUrl,
    project: paper.projectUrl,
    upvotes: paper.upvotes,
    ...extrasOf(paper),
    topics: mergeTopics(text, derived.topics),
    keyPhrases: [...derived.keyPhrases],
    related: listedRelated(text, derived.related),
    manual,
  };
  return formatPaperEntry(frontmatter, abstractToMarkdown(paper.abstract));
}

/** The path and text of `content/days/<date>.json`. */
export function dayEntryFile(day: ArchivedDay, slugOf: (paper: ArchivedPaper) => string): [string, string] {
  // The digest's name alone: where the content folder lives is no part of the archive.
  const entry: DayEntry = { date: day.date, source: day.file.split(/[\\/]/).pop() ?? day.file, papers: day.papers.map(slugOf) };
  const upvotes = day.scores.map((s) => s.upvotes ?? null);
  const stars = day.scores.map((s) => s.stars ?? null);
  if (upvotes.some((n) => n !== null)) entry.upvotes = upvotes;
  if (stars.some((n) => n !== null)) entry.stars = stars;
  return [`days/${day.date}.json`, formatDayEntry(entry)];
}

/** Reports progress every `every` items and at the end, so long loops need not time themselves. */
function counter(progress: Progress | undefined, stage: string, total: number, every = 500): (done: number) => void {
  if (!progress) return () => {};
  return (done) => {
    if (done % every === 0 || done === total) progress(stage, done, total);
  };
}

/**
 * The whole generated archive as files, computed from the digests alone (plus the
 * registry of published slugs and the maintainer's manual blocks). Pure: the same
 * input always gives the same bytes.
 */
export function planArchive(input: PlanInput): Plan & { state: ArchiveState } {
  const merger = new Merger();
  const digests = [...input.digests].sort((a, b) => a.date.localeCompare(b.date));
  const merged = counter(input.progress, 'merging days', digests.length, 50);
  digests.forEach((digest, i) => {
    merger.add(digest);
    merged(i + 1);
  });
  const papers = merger.allPapers();
  const { slugs, registry } = assignSlugs(papers, input.registry);
  const known = new Set(input.registry.map((r) => r.slug));
  const slugOf = (paper: ArchivedPaper) => slugs.get(paper) as string;

  const texts = papers.map((paper) => paperTextOf(paper, slugOf(paper), input.manual.get(slugOf(paper))));
  const derived = input.derive(texts);

  const files = new Map<string, string>();
  const keys: EntryKeys[] = [];
  let formattedCount = 0;
  const formatted = counter(input.progress, 'formatting entries', papers.length);
  papers.forEach((paper, i) => {
    const text = texts[i] as PaperText;
    const slug = text.slug;
    const made = { topics: derived.topics.get(slug) ?? [], keyPhrases: derived.keyPhrases.get(slug) ?? [], related: derived.related.get(slug) ?? [] };
    const manual = input.manual.get(slug);
    const entryKey = entryKeys(paper, text, made, manual);
    keys.push(entryKey);
    let entry = input.written?.(slug, entryKey);
    if (entry === undefined) {
      entry = paperEntryText(paper, text, made, manual);
      formattedCount++;
    }
    files.set(`papers/${slug}.md`, entry);
    formatted(i + 1);
  });
  for (const day of merger.days) files.set(...dayEntryFile(day, slugOf));
  files.set(REGISTRY_PATH, formatRegistry(registry));

  const sightings = merger.days.reduce((n, day) => n + day.papers.length, 0);
  const claimed = new Set(slugs.values());
  // The readers' warnings (per digest, in file order), then those of merging days.
  const digestWarnings = input.digests.flatMap((digest) => digest.warnings);
  return {
    files,
    papers: papers.length,
    days: merger.days.length,
    newPapers: papers.filter((p) => !known.has(slugOf(p))).length,
    merged: sightings - papers.length,
    warnings: [...digestWarnings, ...merger.warnings],
    state: {
      papers,
      slugs: papers.map(slugOf),
      keys,
      derived,
      days: merger.days,
      orphans: registry.filter((r) => !claimed.has(r.slug)),
      sightings,
      formatted: formattedCount,
      digestWarnings,
      mergeWarnings: merger.warnings,
    },
  };
}

/** The maintainer's topics first, then derived ones, less the excluded; no repeats. */
function mergeTopics(text: PaperText, derived: readonly string[]): string[] {
  const excluded = new Set(text.excludeTopics);
  return [...new Set([...text.manualTopics, ...derived])].filter((t) => !excluded.has(t));
}
