/**
 * What `npm run resolve` found for one day's title-only papers: `content/resolved/<date>.json`.
 * Written by the resolver, reviewed in git, read by ingest, which merges it into that day's
 * digest as if the digest had given it (see `applyResolution`). The digest itself is never rewritten.
 */
import { z } from 'zod';
import type { Digest, DigestPaper } from '../digest/types.ts';
import { InputError } from '../digest/types.ts';
import { normalizeTitleKey } from '../digest/normalize.ts';
import { abstractHead, headsCompatible } from '../archive/merge.ts';

export const RESOLVED_DIR = 'resolved';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const arxivId = z.string().regex(/^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/, 'expected an arXiv id without version');

/** A candidate the resolver saw but did not accept: for the maintainer to check by hand. */
const nearMiss = z.object({ arxivId, title: z.string(), why: z.string() }).strict();

export const resolvedPaper = z
  .object({
    /** The title as the digest gives it. */
    title: z.string().min(1),
    /** The start of the digest's folded abstract: tells apart two papers of one title. */
    abstractHead: z.string(),
    /** Where the arXiv id came from; absent while the paper is unresolved. */
    source: z.enum(['huggingface', 'arxiv']).optional(),
    arxivId: arxivId.optional(),
    authors: z.array(z.string()).optional(),
    /** The first version's date. */
    publishedAt: isoDate.optional(),
    /** arXiv categories, the primary one first. */
    categories: z.array(z.string().min(1)).optional(),
    /** arXiv has been asked (by id, or by title for an unresolved paper): not asked again. */
    arxivChecked: z.boolean().optional(),
    nearMisses: z.array(nearMiss).optional(),
  })
  .strict();

export const dayResolution = z
  .object({
    date: isoDate,
    /** The digest's file name. */
    digest: z.string(),
    /** Whether Hugging Face's list of the day has been read (it is read once). */
    huggingface: z.enum(['read', 'none']).optional(),
    papers: z.array(resolvedPaper),
  })
  .strict();

export type ResolvedPaper = z.infer<typeof resolvedPaper>;
export type DayResolution = z.infer<typeof dayResolution>;
export type NearMiss = z.infer<typeof nearMiss>;

/** The file's text: stable key order and indentation, so a rerun that finds nothing new changes no byte. */
export function formatResolution(day: DayResolution): string {
  return `${JSON.stringify(dayResolution.parse(day), null, 2)}\n`;
}

/** Reads a resolution file; `file` names it in messages. */
export function parseResolution(file: string, text: string): DayResolution {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `invalid JSON (${(error as Error).message}); run \`npm run resolve\` again or delete the file`);
  }
  const parsed = dayResolution.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, `not a resolution file at ${issue.path.join('.') || 'the top'}: ${issue.message}; run \`npm run resolve\` again or delete the file`);
  }
  return parsed.data;
}

/** The papers a resolver looks up: those the digest gives no arXiv id. */
export const needsResolving = (paper: DigestPaper) => paper.arxivId === undefined;

/** The record of `paper` in `papers`: same folded title, abstracts that begin alike. */
export function findResolved<T extends Pick<ResolvedPaper, 'title' | 'abstractHead'>>(papers: readonly T[], paper: Pick<DigestPaper, 'title' | 'abstract'>): T | undefined {
  const key = normalizeTitleKey(paper.title);
  const head = abstractHead(paper.abstract);
  return papers.find((r) => normalizeTitleKey(r.title) === key && headsCompatible(r.abstractHead, head));
}

/**
 * The digest with what was resolved for its papers, as if it had given it: the arXiv id, the
 * categories and the first version's date, and the authors where it gave none.
 */
export function applyResolution(digest: Digest, resolution: DayResolution | undefined): Digest {
  if (!resolution) return digest;
  const papers = digest.papers.map((paper) => {
    if (!needsResolving(paper)) return paper;
    const found = findResolved(resolution.papers, paper);
    if (!found?.arxivId) return paper;
    const resolved: DigestPaper = { ...paper, arxivId: found.arxivId };
    if (!paper.authors?.length && found.authors?.length) resolved.authors = found.authors;
    if (found.publishedAt) resolved.publishedAt = found.publishedAt;
    if (found.categories?.length) resolved.categories = found.categories;
    return resolved;
  });
  return { ...digest, papers };
}
