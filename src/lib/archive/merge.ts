import type { Digest, DigestExtras, DigestPaper, InputWarning } from '../digest/types.ts';
import { normalizeAbstractKey, normalizeTitleKey } from '../digest/normalize.ts';

/** One appearance of a paper in a day's digest. */
export interface Sighting {
  date: string;
  /** 0-based place in that day's digest. */
  position: number;
  file: string;
  line: number;
}

/** A unique paper of the archive, with every day it trended; its digest extras are the latest values a digest gave. */
export interface ArchivedPaper extends DigestExtras {
  title: string;
  abstract: string;
  arxivId?: string | undefined;
  authors: string[];
  publishedAt?: string | undefined;
  /** arXiv categories, the primary one first, when known. */
  categories?: string[] | undefined;
  githubUrl?: string | undefined;
  projectUrl?: string | undefined;
  upvotes?: number | undefined;
  /** Folded title: the identity when no arXiv id is known. */
  titleKey: string;
  /** The first words of the folded abstract: tells apart papers whose titles fold alike. */
  abstractHead: string;
  /** Every appearance, in date order. */
  sightings: Sighting[];
}

/** One day of the archive: its papers in digest order. */
export interface ArchivedDay {
  date: string;
  file: string;
  papers: ArchivedPaper[];
  /** What that day's digest gave for each paper (same order): upvotes and GitHub stars, when it gave them. */
  scores: { upvotes?: number | undefined; stars?: number | undefined }[];
}

export interface Archive {
  papers: ArchivedPaper[];
  days: ArchivedDay[];
  warnings: InputWarning[];
}

/**
 * How much of an abstract's folded form (letters and digits only: about ten words) the registry
 * keeps to tell a paper seen again from another of the same title. The whole abstract would
 * also tell a revised abstract from its paper, and made `content/slugs.tsv` 1.3 KB a paper (80 MB
 * at 60,000 papers, past what a Git host takes in one file by 120,000). Heads written whole by
 * earlier versions still match: one head may begin the other (`headsCompatible`).
 */
const ABSTRACT_HEAD_LENGTH = 64;

/** The beginning of an abstract's folded form; empty for an empty abstract. */
export function abstractHead(abstract: string): string {
  return [...normalizeAbstractKey(abstract)].slice(0, ABSTRACT_HEAD_LENGTH).join('');
}

/** Whether two abstract heads can belong to one paper: equal, or one abstract missing or shorter than the head. */
export function headsCompatible(a: string, b: string): boolean {
  return a === '' || b === '' || a === b || a.startsWith(b) || b.startsWith(a);
}

/** Two known, different arXiv ids always mean two papers. */
function idsConflict(a?: string, b?: string): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** What finds a paper again on a later day: its arXiv id and folded title (the abstract head is read with the paper). */
export interface PaperIdentity {
  arxivId?: string | undefined;
  /** The folded title, or what `MergeBase.titleIndex` makes of it. */
  titleKey: string;
}

/**
 * The papers an earlier run merged, for continuing from them: their identities (in order of first
 * appearance) and a way to read any one of them in full, which happens only when a new sighting
 * may belong to it.
 */
export interface MergeBase {
  identities: readonly PaperIdentity[];
  load: (index: number) => ArchivedPaper;
  /**
   * What identities hold for a folded title (a short hash keeps a large archive's identities small);
   * the title itself by default. Papers found through it are read and their titles compared.
   */
  titleIndex?: ((titleKey: string) => string) | undefined;
}

/**
 * Folds days of digests into unique papers, one day at a time, oldest first. Identity: the arXiv
 * id when known; else the folded title, provided the abstracts agree (so two papers whose titles
 * differ only in punctuation stay two).
 *
 * Started from a `MergeBase` (the state an earlier run ended with), adding the days after it gives
 * exactly the papers a merge of every day gives, while reading only the earlier papers that share
 * an arXiv id or a folded title with a new sighting.
 */
export class Merger {
  readonly days: ArchivedDay[] = [];
  readonly warnings: InputWarning[] = [];
  /** Earlier papers (from the base) that got a sighting here, by index. */
  readonly seenAgain = new Set<number>();
  private readonly papers: (ArchivedPaper | undefined)[] = [];
  private readonly byArxivId = new Map<string, number>();
  private readonly byTitleKey = new Map<string, number[]>();
  private readonly base: MergeBase | undefined;
  private readonly baseSize: number;
  private readonly titleIndex: (titleKey: string) => string;

  constructor(base?: MergeBase) {
    this.base = base;
    this.titleIndex = base?.titleIndex ?? ((titleKey) => titleKey);
    this.baseSize = base?.identities.length ?? 0;
    this.papers.length = this.baseSize;
    // The indexes a merge of the earlier days ended with: ids are unique (a second paper never gets an id another has).
    base?.identities.forEach((identity, i) => this.index(identity, i));
  }

  /** Papers so far, the base's first. */
  get size(): number {
    return this.papers.length;
  }

  /** Paper `i`, read from the base if it has not been yet. */
  paper(i: number): ArchivedPaper {
    let paper = this.papers[i];
    if (paper === undefined) {
      if (!this.base || i >= this.baseSize) throw new Error(`merge: no paper ${i}`);
      paper = this.base.load(i);
      this.papers[i] = paper;
    }
    return paper;
  }

  /** Every paper, in order of first appearance (reads the whole base: for a merge without one). */
  allPapers(): ArchivedPaper[] {
    return Array.from({ length: this.papers.length }, (_, i) => this.paper(i));
  }

  /** Adds a day, which must be later than every day added before (or in the base). */
  add(digest: Digest): ArchivedDay {
    const day: ArchivedDay = { date: digest.date, file: digest.file, papers: [], scores: [] };
    digest.papers.forEach((record) => {
      const titleKey = normalizeTitleKey(record.title);
      const head = abstractHead(record.abstract);
      const sighting: Sighting = { date: digest.date, position: day.papers.length, file: digest.file, line: record.line };
      const found = this.find(record, titleKey, head);
      let paper = found === undefined ? undefined : this.paper(found);
      if (paper?.sightings.some((s) => s.date === digest.date)) {
        const first = paper.sightings.find((s) => s.date === digest.date);
        this.warnings.push({
          file: digest.file,
          line: record.line,
          message: `"${record.title}" is the same paper as line ${first?.line}; listed once`,
        });
        return;
      }
      let at = found;
      if (paper && at !== undefined) {
        absorb(paper, record);
        paper.sightings.push(sighting);
        if (at < this.baseSize) this.seenAgain.add(at);
      } else {
        paper = newPaper(record, titleKey, head, sighting);
        at = this.papers.push(paper) - 1;
        this.index({ arxivId: paper.arxivId, titleKey: this.titleIndex(titleKey) }, at);
      }
      if (paper.arxivId) this.byArxivId.set(paper.arxivId, at);
      day.papers.push(paper);
      day.scores.push({ upvotes: record.upvotes, stars: record.githubStars });
    });
    this.days.push(day);
    return day;
  }

  private index(identity: PaperIdentity, i: number): void {
    if (identity.arxivId) this.byArxivId.set(identity.arxivId, i);
    const sameTitle = this.byTitleKey.get(identity.titleKey);
    if (sameTitle) sameTitle.push(i);
    else this.byTitleKey.set(identity.titleKey, [i]);
  }

  private find(record: DigestPaper, titleKey: string, head: string): number | undefined {
    if (record.arxivId) {
      const known = this.byArxivId.get(record.arxivId);
      if (known !== undefined) return known;
    }
    return this.byTitleKey.get(this.titleIndex(titleKey))?.find((i) => {
      const p = this.paper(i);
      return p.titleKey === titleKey && headsCompatible(p.abstractHead, head) && !idsConflict(p.arxivId, record.arxivId);
    });
  }
}

/** Folds days of digests into unique papers (see `Merger`); days are taken in date order, whatever order they come in. */
export function mergeDigests(digests: readonly Digest[]): Archive {
  const merger = new Merger();
  for (const digest of [...digests].sort((a, b) => a.date.localeCompare(b.date))) merger.add(digest);
  return { papers: merger.allPapers(), days: merger.days, warnings: merger.warnings };
}

function newPaper(record: DigestPaper, titleKey: string, head: string, sighting: Sighting): ArchivedPaper {
  const paper: ArchivedPaper = {
    title: record.title,
    abstract: record.abstract,
    authors: record.authors ?? [],
    titleKey,
    abstractHead: head,
    sightings: [sighting],
  };
  absorb(paper, record);
  return paper;
}

/**
 * Takes what a later sighting adds: the first known value of each field wins,
 * except the abstract (a fuller one replaces a shorter), upvotes and the digest's extras
 * (summary, key phrases, stars, organisation, comments: the latest values a digest gave).
 */
function absorb(paper: ArchivedPaper, record: DigestPaper): void {
  if (record.abstract.length > paper.abstract.length) {
    paper.abstract = record.abstract;
    if (!paper.abstractHead) paper.abstractHead = abstractHead(record.abstract);
  }
  if (paper.authors.length === 0 && record.authors?.length) paper.authors = record.authors;
  paper.arxivId ??= record.arxivId;
  paper.publishedAt ??= record.publishedAt;
  paper.categories ??= record.categories;
  paper.githubUrl ??= record.githubUrl;
  paper.projectUrl ??= record.projectUrl;
  if (record.upvotes !== undefined) paper.upvotes = record.upvotes;
  if (record.aiSummary !== undefined) {
    paper.aiSummary = record.aiSummary;
    paper.aiSummaryModel = record.aiSummaryModel;
  }
  if (record.aiKeywords !== undefined) paper.aiKeywords = record.aiKeywords;
  if (record.githubStars !== undefined) paper.githubStars = record.githubStars;
  if (record.organization !== undefined) paper.organization = record.organization;
  if (record.numComments !== undefined) paper.numComments = record.numComments;
  paper.hfUrl ??= record.hfUrl;
}
