/**
 * A day's update of the archive without converting it again: the new days are merged onto the
 * papers the previous run ended with, and only the entries they change are built. The result
 * is byte for byte what `planArchive` gives for every digest; where that cannot be guaranteed
 * cheaply (a returning paper whose text or identity changed, a new paper that may take the slug
 * of one that left the archive, a statistics step), the update declines with a reason and the
 * caller converts everything.
 *
 * What the previous run left (identities, slugs, stored papers) comes from scripts/lib/snapshot.ts,
 * which checks that nothing else changed since: no digest but new ones after the newest day, no
 * hand edit of an entry, the same taxonomy and registry.
 */
import type { Digest, InputWarning } from '../digest/types.ts';
import type { ManualOverrides } from '../schema.ts';
import { readManualOverrides, withRelated } from './entries.ts';
import type { ArchivedDay, ArchivedPaper, PaperIdentity } from './merge.ts';
import { Merger } from './merge.ts';
import { dayEntryFile, entryKeys, paperEntryText, paperTextOf, relatedKey } from './plan.ts';
import type { EntryKeys, PaperText, Plan } from './plan.ts';
import type { SlugRecord } from './registry.ts';
import { newSlug, registryLines } from './registry.ts';

/** A paper as the previous run stored it: merged from every day so far, with what was derived for it. */
export interface StoredPaper {
  paper: ArchivedPaper;
  /** Derived topics (the maintainer's first), before exclusions: as `Derived.topics` holds them. */
  topics: string[];
  keyPhrases: string[];
}

/** The archive as the previous run left it. */
export interface PreviousArchive {
  /** Every paper's identity (with `titleIndex` keys) and slug, in order of first appearance. */
  identities: readonly PaperIdentity[];
  titleIndex: (titleKey: string) => string;
  slugs: readonly string[];
  /** Registry records no paper of the archive has. */
  orphans: readonly SlugRecord[];
  days: number;
  /** The newest day converted. */
  newest: string;
  sightings: number;
  digestWarnings: readonly InputWarning[];
  mergeWarnings: readonly InputWarning[];
  /** Paper `i` in full. */
  load: (i: number) => StoredPaper;
  /** The entry of a paper as it is on disk (written by the previous run), and its path for messages. */
  entry: (slug: string) => { text: string; file: string };
}

/** What derivation gives an update (scripts/lib/derive.ts). */
export interface UpdateDerived {
  /** Topics and key phrases of the new papers, by slug. */
  topics: Map<string, string[]>;
  keyPhrases: Map<string, string[]>;
  /** Any paper's related papers (by index) after the update, as slugs. */
  relatedOf: (i: number) => string[];
  /** Earlier papers (by index) whose related lists the new papers changed. */
  relatedChanged: readonly number[];
}

/** `texts` are the new papers (indexes from the previous archive's size on); a string is a reason to convert everything. */
export type UpdateDerive = (texts: readonly PaperText[]) => UpdateDerived | string;

/** What an update changes, for the next run's snapshot. */
export interface UpdateState {
  /** New papers, in order (their indexes follow the previous archive's). */
  added: (StoredPaper & { slug: string })[];
  /** Earlier papers seen again, by index, as they are now. */
  seenAgain: Map<number, StoredPaper>;
  days: ArchivedDay[];
  sightings: number;
  digestWarnings: InputWarning[];
  mergeWarnings: InputWarning[];
  /** Indexes of the papers whose entries are in `files`, with their entry keys (a patched entry's base key is unchanged). */
  rewritten: Map<number, Partial<EntryKeys> & { related: string }>;
}

export interface UpdatePlan extends Plan {
  /** Lines to append to the registry (`slugs.tsv` is written in the order slugs are handed out). */
  registryAppend: string;
  state: UpdateState;
}

/** A copy of what must not change for an earlier paper seen again, taken before the merge. */
function identityOf(paper: ArchivedPaper): string {
  return JSON.stringify([paper.title, paper.abstract, paper.arxivId ?? null, paper.abstractHead, paper.titleKey]);
}

/**
 * The update for `digests` (new days, all after `previous.newest`), or the reason it cannot be
 * made exactly as a full conversion would make it.
 */
export function planUpdate(previous: PreviousArchive, digests: readonly Digest[], derive: UpdateDerive): UpdatePlan | string {
  const known = previous.identities.length;
  const stored = new Map<number, StoredPaper>();
  const before = new Map<number, string>();
  const merger = new Merger({
    identities: previous.identities,
    titleIndex: previous.titleIndex,
    load: (i) => {
      const paper = previous.load(i);
      stored.set(i, paper);
      before.set(i, identityOf(paper.paper));
      return paper.paper;
    },
  });
  const sorted = [...digests].sort((a, b) => a.date.localeCompare(b.date));
  for (const digest of sorted) {
    if (digest.date <= previous.newest) return `${digest.file} is not after the newest day converted (${previous.newest})`;
    merger.add(digest);
  }

  // A returning paper only gains days, upvotes and the fields it lacked: a change of its text or
  // identity would change derived data or slugs elsewhere.
  for (const i of merger.seenAgain) {
    if (identityOf(merger.paper(i)) !== before.get(i)) return `the text or identity of papers/${previous.slugs[i]}.md changed with the new days`;
  }

  // New papers get new slugs, unless one could take the slug of a paper that left the archive.
  const orphanIds = new Set(previous.orphans.flatMap((r) => (r.arxivId ? [r.arxivId] : [])));
  const orphanTitles = new Set(previous.orphans.map((r) => r.titleKey));
  const taken = new Set([...previous.slugs, ...previous.orphans.map((r) => r.slug)]);
  const slugOf = new Map<ArchivedPaper, string>();
  for (const i of merger.seenAgain) slugOf.set(merger.paper(i), previous.slugs[i]!);
  const records: SlugRecord[] = [];
  const added: ArchivedPaper[] = [];
  for (let i = known; i < merger.size; i++) {
    const paper = merger.paper(i);
    if ((paper.arxivId && orphanIds.has(paper.arxivId)) || orphanTitles.has(paper.titleKey)) {
      return `a new paper ("${paper.title}") may take the slug of a paper no longer in the archive`;
    }
    const slug = newSlug(paper, (s) => taken.has(s));
    taken.add(slug);
    slugOf.set(paper, slug);
    records.push({ slug, arxivId: paper.arxivId, titleKey: paper.titleKey, abstractHead: paper.abstractHead });
    added.push(paper);
  }

  const texts = added.map((paper) => paperTextOf(paper, slugOf.get(paper)!, undefined));
  const derived = sorted.length === 0 ? undefined : derive(texts);
  if (typeof derived === 'string') return derived;

  const files = new Map<string, string>();
  const rewritten: UpdateState['rewritten'] = new Map();
  const state: UpdateState = {
    added: [],
    seenAgain: new Map(),
    days: merger.days,
    sightings: merger.days.reduce((n, day) => n + day.papers.length, 0),
    digestWarnings: sorted.flatMap((digest) => digest.warnings),
    mergeWarnings: merger.warnings,
    rewritten,
  };
  added.forEach((paper, n) => {
    const text = texts[n]!;
    const stored = { paper, topics: derived?.topics.get(text.slug) ?? [], keyPhrases: derived?.keyPhrases.get(text.slug) ?? [] };
    state.added.push({ ...stored, slug: text.slug });
    const made = { ...stored, related: derived?.relatedOf(known + n) ?? [] };
    files.set(`papers/${text.slug}.md`, paperEntryText(paper, text, made, undefined));
    rewritten.set(known + n, entryKeys(paper, text, made, undefined));
  });
  for (const i of [...merger.seenAgain].sort((a, b) => a - b)) {
    const slug = previous.slugs[i]!;
    const entry = previous.entry(slug);
    const manual: ManualOverrides | undefined = readManualOverrides(entry.text, entry.file);
    const paper = stored.get(i)!;
    state.seenAgain.set(i, paper);
    const text = paperTextOf(paper.paper, slug, manual);
    const made = { ...paper, related: derived?.relatedOf(i) ?? [] };
    files.set(`papers/${slug}.md`, paperEntryText(paper.paper, text, made, manual));
    rewritten.set(i, entryKeys(paper.paper, text, made, manual));
  }
  for (const i of derived?.relatedChanged ?? []) {
    if (merger.seenAgain.has(i)) continue;
    const slug = previous.slugs[i]!;
    const related = derived!.relatedOf(i).filter((s) => s !== slug);
    const text = withRelated(previous.entry(slug).text, related);
    if (text === undefined) return `papers/${slug}.md is not shaped as ingest writes entries`;
    files.set(`papers/${slug}.md`, text);
    rewritten.set(i, { related: relatedKey(related) });
  }
  for (const day of merger.days) files.set(...dayEntryFile(day, (paper) => slugOf.get(paper)!));

  const papers = merger.size;
  return {
    files,
    registryAppend: registryLines(records),
    papers,
    days: previous.days + merger.days.length,
    newPapers: records.length,
    merged: previous.sightings + state.sightings - papers,
    warnings: [...previous.digestWarnings, ...state.digestWarnings, ...previous.mergeWarnings, ...state.mergeWarnings],
    state,
  };
}
