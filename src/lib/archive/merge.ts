import type { Digest, DigestPaper, InputWarning } from '../digest/types.ts';
import { normalizeAbstractKey, normalizeTitleKey } from '../digest/normalize.ts';

/** One appearance of a paper in a day's digest. */
export interface Sighting {
  date: string;
  /** 0-based place in that day's digest. */
  position: number;
  file: string;
  line: number;
}

/** A unique paper of the archive, with every day it trended. */
export interface ArchivedPaper {
  title: string;
  abstract: string;
  arxivId?: string | undefined;
  authors: string[];
  publishedAt?: string | undefined;
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
}

export interface Archive {
  papers: ArchivedPaper[];
  days: ArchivedDay[];
  warnings: InputWarning[];
}

const ABSTRACT_HEAD_WORDS = 8;

/** The first words of an abstract's folded form; empty for an empty abstract. */
export function abstractHead(abstract: string): string {
  return normalizeAbstractKey(abstract).split(' ').filter(Boolean).slice(0, ABSTRACT_HEAD_WORDS).join(' ');
}

/** Whether two abstract heads can belong to one paper: equal, or one abstract missing or shorter than the head. */
export function headsCompatible(a: string, b: string): boolean {
  return a === '' || b === '' || a === b || a.startsWith(b) || b.startsWith(a);
}

/** Two known, different arXiv ids always mean two papers. */
function idsConflict(a?: string, b?: string): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/**
 * Folds days of digests into unique papers. Identity: the arXiv id when known;
 * else the folded title, provided the abstracts agree (so two papers whose titles
 * differ only in punctuation stay two). Days are taken in date order, so the
 * result does not depend on the order the caller lists them in.
 */
export function mergeDigests(digests: readonly Digest[]): Archive {
  const byArxivId = new Map<string, ArchivedPaper>();
  const byTitleKey = new Map<string, ArchivedPaper[]>();
  const papers: ArchivedPaper[] = [];
  const days: ArchivedDay[] = [];
  const warnings: InputWarning[] = [];

  const findExisting = (record: DigestPaper, titleKey: string, head: string): ArchivedPaper | undefined => {
    if (record.arxivId) {
      const known = byArxivId.get(record.arxivId);
      if (known) return known;
    }
    return byTitleKey
      .get(titleKey)
      ?.find((p) => headsCompatible(p.abstractHead, head) && !idsConflict(p.arxivId, record.arxivId));
  };

  for (const digest of [...digests].sort((a, b) => a.date.localeCompare(b.date))) {
    const day: ArchivedDay = { date: digest.date, file: digest.file, papers: [] };
    digest.papers.forEach((record) => {
      const titleKey = normalizeTitleKey(record.title);
      const head = abstractHead(record.abstract);
      const sighting: Sighting = { date: digest.date, position: day.papers.length, file: digest.file, line: record.line };
      let paper = findExisting(record, titleKey, head);
      if (paper?.sightings.some((s) => s.date === digest.date)) {
        const first = paper.sightings.find((s) => s.date === digest.date);
        warnings.push({
          file: digest.file,
          line: record.line,
          message: `"${record.title}" is the same paper as line ${first?.line}; listed once`,
        });
        return;
      }
      if (paper) {
        absorb(paper, record);
        paper.sightings.push(sighting);
      } else {
        paper = newPaper(record, titleKey, head, sighting);
        papers.push(paper);
        const sameTitle = byTitleKey.get(titleKey);
        if (sameTitle) sameTitle.push(paper);
        else byTitleKey.set(titleKey, [paper]);
      }
      if (paper.arxivId) byArxivId.set(paper.arxivId, paper);
      day.papers.push(paper);
    });
    days.push(day);
  }
  return { papers, days, warnings };
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
 * except the abstract (a fuller one replaces a shorter) and upvotes (the latest count).
 */
function absorb(paper: ArchivedPaper, record: DigestPaper): void {
  if (record.abstract.length > paper.abstract.length) {
    paper.abstract = record.abstract;
    if (!paper.abstractHead) paper.abstractHead = abstractHead(record.abstract);
  }
  if (paper.authors.length === 0 && record.authors?.length) paper.authors = record.authors;
  paper.arxivId ??= record.arxivId;
  paper.publishedAt ??= record.publishedAt;
  paper.githubUrl ??= record.githubUrl;
  paper.projectUrl ??= record.projectUrl;
  if (record.upvotes !== undefined) paper.upvotes = record.upvotes;
}
