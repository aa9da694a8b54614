import type { ArchivedPaper } from './merge.ts';
import { headsCompatible } from './merge.ts';
import { fallbackSlug, slugifyTitle, uniqueSlug } from './slug.ts';

/**
 * One published slug and the identity it was given to. The registry only grows:
 * a slug once handed out is never given to another paper, even if its paper leaves.
 */
export interface SlugRecord {
  slug: string;
  arxivId?: string | undefined;
  titleKey: string;
  abstractHead: string;
}

const HEADER = '# slug\tarxiv id\tfolded title\tabstract head — written by `npm run ingest`; lines are never removed';

/** Reads `slugs.tsv`; `file` names the file in messages. */
export function parseRegistry(text: string, file: string): SlugRecord[] {
  const records: SlugRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line === '' || line.startsWith('#')) return;
    const [slug, arxivId, titleKey, abstractHead, ...rest] = line.split('\t');
    if (!slug || titleKey === undefined || abstractHead === undefined || rest.length > 0) {
      throw new Error(`${file}:${index + 1}: expected four tab-separated fields (slug, arXiv id, title key, abstract head)`);
    }
    records.push({ slug, arxivId: arxivId || undefined, titleKey, abstractHead });
  });
  return records;
}

/** The slugs of `slugs.tsv`, in the order they were handed out (the first field of each line; no checks). */
export function slugOrder(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.slice(0, line.indexOf('\t') >>> 0));
}

/**
 * Writes the registry in its own order: the records it was read with, then the slugs handed out
 * since, in the order they were. A day's new slugs are therefore appended at the end of the file,
 * so a run can add them without rewriting (or even reading) the lines before.
 */
export function formatRegistry(records: readonly SlugRecord[]): string {
  return `${HEADER}\n${registryLines(records)}`;
}

/** The registry lines of `records`, each ending in a newline: what appending them to the file adds. */
export function registryLines(records: readonly SlugRecord[]): string {
  return records.map((r) => `${[r.slug, r.arxivId ?? '', r.titleKey, r.abstractHead].join('\t')}\n`).join('');
}

/** A slug no paper ever had for a paper the registry does not know: readable from its title, numbered if taken. */
export function newSlug(paper: Pick<ArchivedPaper, 'title' | 'titleKey' | 'arxivId'>, isTaken: (slug: string) => boolean): string {
  return uniqueSlug(slugifyTitle(paper.title) || fallbackSlug(paper.titleKey, paper.arxivId), isTaken);
}

/**
 * Gives every paper its slug: the one it was published under if the registry knows
 * the paper, else a new readable one that no paper ever had. Papers are taken in
 * the order given (first appearance), so new slugs are deterministic.
 */
export function assignSlugs(
  papers: readonly ArchivedPaper[],
  registry: readonly SlugRecord[],
): { slugs: Map<ArchivedPaper, string>; registry: SlugRecord[] } {
  const bySlug = new Map(registry.map((r) => [r.slug, { ...r }]));
  const byArxivId = new Map<string, SlugRecord>();
  const byTitleKey = new Map<string, SlugRecord[]>();
  const index = (record: SlugRecord) => {
    if (record.arxivId) byArxivId.set(record.arxivId, record);
    const list = byTitleKey.get(record.titleKey);
    if (list) list.push(record);
    else byTitleKey.set(record.titleKey, [record]);
  };
  bySlug.forEach(index);

  const claimed = new Set<string>();
  const slugs = new Map<ArchivedPaper, string>();
  for (const paper of papers) {
    const known = findRecord(paper, byArxivId, byTitleKey, claimed);
    if (known) {
      // A paper first seen without an id keeps its slug when its id turns up.
      if (!known.arxivId && paper.arxivId) {
        known.arxivId = paper.arxivId;
        byArxivId.set(paper.arxivId, known);
      }
      claimed.add(known.slug);
      slugs.set(paper, known.slug);
      continue;
    }
    const slug = newSlug(paper, (s) => bySlug.has(s));
    const record: SlugRecord = { slug, arxivId: paper.arxivId, titleKey: paper.titleKey, abstractHead: paper.abstractHead };
    bySlug.set(slug, record);
    index(record);
    claimed.add(slug);
    slugs.set(paper, slug);
  }
  return { slugs, registry: [...bySlug.values()] };
}

function findRecord(
  paper: ArchivedPaper,
  byArxivId: Map<string, SlugRecord>,
  byTitleKey: Map<string, SlugRecord[]>,
  claimed: Set<string>,
): SlugRecord | undefined {
  const unclaimed = (r: SlugRecord | undefined) => (r && !claimed.has(r.slug) ? r : undefined);
  if (paper.arxivId) {
    const byId = unclaimed(byArxivId.get(paper.arxivId));
    if (byId) return byId;
  }
  return byTitleKey
    .get(paper.titleKey)
    ?.find(
      (r) =>
        !claimed.has(r.slug) &&
        headsCompatible(r.abstractHead, paper.abstractHead) &&
        !(r.arxivId && paper.arxivId && r.arxivId !== paper.arxivId),
    );
}
