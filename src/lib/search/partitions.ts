/**
 * The search index in partitions of a third of a month: what the build writes
 * (src/integrations/pagefind.ts) and which partitions the browser loads for a search
 * (src/components/search/pagefind.ts). Pure logic, shared by both and by the tests.
 *
 * Each paper is indexed in the partition of its first day (the `date` meta of its page): days
 * 1–10, 11–20 or 21 to the end of a month, named by the first day of that span (`2026-08-11`).
 * `<base>pagefind/<start>/` is a complete Pagefind index of that span's papers, and
 * `<base>pagefind/partitions.json` lists the partitions, newest first. `<base>pagefind/` itself
 * holds Pagefind's script and WebAssembly and a one-record index the partitions are merged
 * into (Pagefind needs a primary index to merge others into).
 *
 * A search looks at the recent papers first (`recentPartitions`): the newest partition and the
 * one before it, so a first search downloads the metadata and word chunks of 10 to 21 days of
 * papers, whatever the size of the archive (a month's partition made a first search at 3,000
 * papers cost 166 KB; a third of one keeps it under 150 KB). The reader widens to every
 * partition with one button; a year or month filter chooses its partitions directly, and a
 * new day re-indexes at most eleven days of papers.
 */

/** The manifest's file name, in the bundle directory. */
export const MANIFEST_FILE = 'partitions.json';

/** The synthetic filter that tells the partitions apart once merged (Pagefind's `mergeFilter`). */
export const PARTITION_FILTER = 'partition';

/** Between a paper's authors in the `authors` meta of its page, which its fragment carries. */
export const AUTHOR_SEPARATOR = '; ';

export interface Partition {
  /** `YYYY-MM-01`, `-11` or `-21`: the first day of its span; its directory under the bundle. */
  start: string;
  /** The first and the last day of its papers (`YYYY-MM-DD`). */
  first: string;
  last: string;
  /** Papers indexed in it. */
  papers: number;
  /** Changes when the partition's files change: Pagefind's `metaCacheTag` for its entry file. */
  tag: string;
  /** Its code in the word map and the exact keys (src/lib/search/routing.ts `periodCode`). */
  code: string;
  /** Bytes of its metadata file, and of one of its word chunks on average: what a search of it loads. */
  metaBytes: number;
  chunkBytes: number;
}

/** The word map's chunks and the exact keys' shards (src/integrations/pagefind.ts). */
export interface FindingIndex {
  /**
   * The word map (`terms/<n>.json`): the first word of each group of its chunks, in order (each
   * group's `term-groups/<g>.json` lists its chunks' first words), and a tag that changes when any
   * chunk does.
   */
  terms: { groups: string[]; tag: string };
  /** How many shards `keys/<n>.json` there are, and a tag that changes when any of them does. */
  keys: { shards: number; tag: string };
  /** The same for the passage sketch's `passages/<n>.bin` (src/lib/search/passages.ts), a shard's blocks of every partition in ascending number. */
  passages: { shards: number; tag: string };
}

export interface PartitionManifest extends FindingIndex {
  version: 6;
  /** Pagefind's version, which wrote every partition. */
  pagefind: string;
  /** `metaCacheTag` of the root index (changes with Pagefind's version only). */
  root: string;
  /** Papers in all partitions. */
  papers: number;
  /** Newest first. */
  partitions: Partition[];
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const START = /^\d{4}-(0[1-9]|1[0-2])-[012]1$/;

/** The partition of a `YYYY-MM-DD` day (the first day of its third of the month), or undefined for anything else. */
export function partitionOf(date: string): string | undefined {
  if (!DAY.test(date)) return undefined;
  const day = Number(date.slice(8, 10));
  return `${date.slice(0, 8)}${day <= 10 ? '01' : day <= 20 ? '11' : '21'}`;
}

/** The partition before `start`, across months and years. */
export function previousPartition(start: string): string {
  const day = start.slice(8, 10);
  if (day !== '01') return `${start.slice(0, 8)}${day === '21' ? '11' : '01'}`;
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 1 ? `${year - 1}-12-21` : `${year}-${String(month - 1).padStart(2, '0')}-21`;
}

/** The manifest for partitions of the given sizes (any order); newest first. */
export function makeManifest(pagefind: string, root: string, finding: FindingIndex, partitions: Partition[]): PartitionManifest {
  const sorted = [...partitions].sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
  return { version: 6, pagefind, root, papers: sorted.reduce((n, p) => n + p.papers, 0), partitions: sorted, ...finding };
}

/** Checks a fetched manifest's shape; throws on anything unexpected. */
export function parseManifest(value: unknown): PartitionManifest {
  const m = value as Partial<PartitionManifest> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    m.version === 6 &&
    typeof m.terms === 'object' &&
    m.terms !== null &&
    Array.isArray(m.terms.groups) &&
    m.terms.groups.every((t) => typeof t === 'string') &&
    typeof m.terms.tag === 'string' &&
    typeof m.keys === 'object' &&
    m.keys !== null &&
    Number.isInteger(m.keys.shards) &&
    typeof m.keys.tag === 'string' &&
    typeof m.passages === 'object' &&
    m.passages !== null &&
    Number.isInteger(m.passages.shards) &&
    typeof m.passages.tag === 'string' &&
    typeof m.pagefind === 'string' &&
    typeof m.root === 'string' &&
    typeof m.papers === 'number' &&
    Array.isArray(m.partitions) &&
    m.partitions.every(
      (p) =>
        typeof p === 'object' &&
        p !== null &&
        START.test(String(p.start)) &&
        DAY.test(String(p.first)) &&
        DAY.test(String(p.last)) &&
        typeof p.papers === 'number' &&
        typeof p.tag === 'string' &&
        typeof p.code === 'string' &&
        typeof p.metaBytes === 'number' &&
        typeof p.chunkBytes === 'number',
    );
  if (!ok) throw new Error('The search index manifest is not in the expected format');
  return m as PartitionManifest;
}

/**
 * The partitions a search looks at first: the newest and the one before it (when the archive
 * has it). Early in a span the newest partition holds a day or two; with the one before, a
 * first search covers ten days of papers or more.
 */
export function recentPartitions(manifest: PartitionManifest): string[] {
  const newest = manifest.partitions[0]?.start;
  if (newest === undefined) return [];
  const before = previousPartition(newest);
  return manifest.partitions.filter((p) => p.start === newest || p.start === before).map((p) => p.start);
}

export interface RangeRequest {
  /** `YYYY`: only that year's partitions. */
  year?: string;
  /** `YYYY-MM`: only that month's. */
  month?: string;
  /** Every partition instead of the recent ones (no effect with a year or month). */
  all?: boolean;
}

/**
 * The partitions to search, newest first: a month filter's three, a year filter's, otherwise
 * the recent ones or, widened, all of them. A month or year the archive does not have gives
 * no partitions (and no results).
 */
export function partitionsToSearch(manifest: PartitionManifest, request: RangeRequest): string[] {
  const starts = manifest.partitions.map((p) => p.start);
  if (request.month) return starts.filter((s) => s.startsWith(`${request.month}-`) && (!request.year || s.startsWith(`${request.year}-`)));
  if (request.year) return starts.filter((s) => s.startsWith(`${request.year}-`));
  return request.all ? starts : recentPartitions(manifest);
}

/** Whether `starts` leaves out some of the archive (so the reader can widen the search). */
export function isPartial(manifest: PartitionManifest, starts: string[]): boolean {
  return starts.length < manifest.partitions.length;
}

/** Papers in the given partitions. */
export function papersIn(manifest: PartitionManifest, starts: string[]): number {
  const wanted = new Set(starts);
  return manifest.partitions.filter((p) => wanted.has(p.start)).reduce((n, p) => n + p.papers, 0);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `November 2026`. */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/**
 * The days the papers of some partitions were first seen, in words: `November 24, 2026`,
 * `November 11–24, 2026`, `October 21 – November 5, 2026`, `December 21, 2025 – January 5, 2026`
 * (the span from the first paper to the last; the partitions need not be consecutive).
 */
export function describePartitions(manifest: PartitionManifest, starts: string[]): string {
  const wanted = new Set(starts);
  const chosen = manifest.partitions.filter((p) => wanted.has(p.start));
  if (chosen.length === 0) return 'no days';
  const from = chosen.reduce((a, p) => (p.first < a ? p.first : a), chosen[0]!.first);
  const to = chosen.reduce((a, p) => (p.last > a ? p.last : a), chosen[0]!.last);
  const month = (d: string) => MONTH_NAMES[Number(d.slice(5, 7)) - 1] ?? d;
  const day = (d: string) => String(Number(d.slice(8, 10)));
  const [fromYear, toYear] = [from.slice(0, 4), to.slice(0, 4)];
  if (from === to) return `${month(to)} ${day(to)}, ${toYear}`;
  if (from.slice(0, 7) === to.slice(0, 7)) return `${month(to)} ${day(from)}–${day(to)}, ${toYear}`;
  if (fromYear === toYear) return `${month(from)} ${day(from)} – ${month(to)} ${day(to)}, ${toYear}`;
  return `${month(from)} ${day(from)}, ${fromYear} – ${month(to)} ${day(to)}, ${toYear}`;
}

/**
 * About how many bytes of index a search loads by itself before it asks the reader: the
 * partitions that can match are searched newest first while their metadata and word chunks fit
 * (at least one), and the reader may search the rest. Pagefind's script and WebAssembly (~71 KB),
 * the page, the word map and the results' fragments come on top.
 */
export const SEARCH_BUDGET = 40_000;

/** What searching a partition for `words` words loads: its metadata and a word chunk per word. */
export const searchCost = (partition: Partition, words: number): number => partition.metaBytes + Math.max(1, words) * partition.chunkBytes;

/**
 * Papers a first search looks through at least, whatever the budget says: about ten days of
 * digests. On the 21st the newest partition holds one day; alone, a remembered passage was
 * looked for in 113 papers.
 */
export const MIN_PAPERS_SEARCHED = 1_000;

/**
 * The first of `starts` (in the order to search them) whose search for `words` words fits
 * `budget` bytes, at least one, and more while they hold fewer than `minPapers` papers.
 */
export function withinBudget(manifest: PartitionManifest, starts: readonly string[], words: number, budget = SEARCH_BUDGET, minPapers = MIN_PAPERS_SEARCHED): string[] {
  const byStart = new Map(manifest.partitions.map((p) => [p.start, p]));
  const chosen: string[] = [];
  let spent = 0;
  let papers = 0;
  for (const start of starts) {
    const partition = byStart.get(start);
    if (!partition) continue;
    const cost = searchCost(partition, words);
    if (chosen.length > 0 && spent + cost > budget && papers >= minPapers) break;
    chosen.push(start);
    spent += cost;
    papers += partition.papers;
  }
  return chosen;
}
