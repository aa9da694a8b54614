import type { DigestPaper, InputWarning } from './types.ts';
import { texSpans } from '../markdown/abstract.ts';
import { texError } from '../markdown/tex.ts';
import { normalizeAbstractKey, normalizeTitleKey } from './normalize.ts';

/** Where a paper sits in its file, for messages: `line 12` (text) or `entry 3` (JSON). */
export interface PaperPlace {
  label: string;
  line?: number;
}

export type Locate = (paper: DigestPaper) => PaperPlace;

/** Abstracts above this size are kept whole but reported: they are usually a paste accident. */
export const LARGE_ABSTRACT_BYTES = 20 * 1024;

export interface CheckedPapers {
  papers: DigestPaper[];
  warnings: InputWarning[];
}

/** Checks that apply to every format: repeated papers, suspiciously large abstracts, TeX that does not parse. */
export function checkPapers(file: string, papers: readonly DigestPaper[], locate: Locate): CheckedPapers {
  const unique = dropRepeatedPapers(file, papers, locate);
  const large = unique.papers.flatMap((paper) => warnIfLargeAbstract(file, paper, locate));
  const tex = unique.papers.flatMap((paper) => warnIfBrokenTex(file, paper, locate));
  return { papers: unique.papers, warnings: [...unique.warnings, ...large, ...tex] };
}

/** Math the page cannot render is shown as its source; the maintainer may want to correct it (`manual:`). */
function warnIfBrokenTex(file: string, paper: DigestPaper, locate: Locate): InputWarning[] {
  return texSpans(paper.abstract).flatMap((tex) => {
    const error = texError(tex);
    if (error === undefined) return [];
    const place = locate(paper);
    const source = tex.length > 60 ? `${tex.slice(0, 57)}…` : tex;
    return [warning(file, place, `${place.label}: the math $${source}$ does not parse (${error}); shown as written`)];
  });
}

function warning(file: string, place: PaperPlace, message: string): InputWarning {
  return place.line === undefined ? { file, message } : { file, line: place.line, message };
}

/**
 * A paper listed twice in one digest (same arXiv id, or same title and abstract once
 * case, spacing, punctuation and TeX are folded) is kept once, at its first place.
 * Same title with a different abstract is kept twice but reported: it may be two papers.
 */
function dropRepeatedPapers(file: string, papers: readonly DigestPaper[], locate: Locate): CheckedPapers {
  const firstById = new Map<string, DigestPaper>();
  const firstByText = new Map<string, DigestPaper>();
  const firstByTitle = new Map<string, DigestPaper>();
  const kept: DigestPaper[] = [];
  const warnings: InputWarning[] = [];

  for (const paper of papers) {
    const titleKey = normalizeTitleKey(paper.title);
    const textKey = `${titleKey}\u0000${normalizeAbstractKey(paper.abstract)}`;
    const byId = paper.arxivId === undefined ? undefined : firstById.get(paper.arxivId);
    const earlier = byId ?? firstByText.get(textKey);
    const place = locate(paper);
    if (earlier !== undefined) {
      const reason = byId ? `same arXiv id ${paper.arxivId}` : 'same title and abstract';
      warnings.push(
        warning(file, place, `${place.label} repeats the paper at ${locate(earlier).label} (${reason}); kept the first`),
      );
      continue;
    }
    const sameTitle = firstByTitle.get(titleKey);
    if (sameTitle !== undefined) {
      warnings.push(
        warning(
          file,
          place,
          `${place.label} has the same title as ${locate(sameTitle).label} but a different abstract; kept both, check whether they are one paper`,
        ),
      );
    }
    if (paper.arxivId !== undefined) firstById.set(paper.arxivId, paper);
    firstByText.set(textKey, paper);
    if (sameTitle === undefined) firstByTitle.set(titleKey, paper);
    kept.push(paper);
  }
  return { papers: kept, warnings };
}

function warnIfLargeAbstract(file: string, paper: DigestPaper, locate: Locate): InputWarning[] {
  const bytes = new TextEncoder().encode(paper.abstract).length;
  if (bytes <= LARGE_ABSTRACT_BYTES) return [];
  const place = locate(paper);
  const size = `${Math.round(bytes / 1024)} KB`;
  return [warning(file, place, `${place.label}: abstract is ${size} (over 20 KB); kept whole, check the digest for a paste accident`)];
}

/** Warnings in file order, so a maintainer can fix them top to bottom. */
export function sortByLine(warnings: readonly InputWarning[]): InputWarning[] {
  return warnings.toSorted((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
