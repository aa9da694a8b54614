/**
 * The search index in month partitions: what the build writes (src/integrations/pagefind.ts)
 * and which partitions the browser loads for a search (src/components/search/pagefind.ts).
 * Pure logic, shared by both and by the tests.
 *
 * Each paper is indexed in the partition of the month of its first day (`YYYY-MM`, from the
 * `date` meta of its page): `<base>pagefind/<YYYY-MM>/` is a complete Pagefind index of that
 * month's papers, and `<base>pagefind/partitions.json` lists the months, newest first.
 * `<base>pagefind/` itself holds Pagefind's script and WebAssembly and a one-record index the
 * partitions are merged into (Pagefind needs a primary index to merge others into).
 *
 * A search looks at the recent months first (`recentMonths`): the newest month of the archive
 * and the calendar month before it, so a first search downloads the metadata and word chunks
 * of one or two months, whatever the size of the archive. The reader widens to every month
 * with one button; a year or month filter chooses its partitions directly.
 */

/** The manifest's file name, in the bundle directory. */
export const MANIFEST_FILE = 'partitions.json';

/** The synthetic filter that tells the partitions apart once merged (Pagefind's `mergeFilter`). */
export const PARTITION_FILTER = 'partition';

/** Fewer results than this in the recent months, and the search widens to every month by itself. */
export const FEW_RESULTS = 10;

export interface Partition {
  /** `YYYY-MM`; the partition's directory under the bundle. */
  month: string;
  /** Papers indexed in it. */
  papers: number;
  /** Changes when the partition's files change: Pagefind's `metaCacheTag` for its entry file. */
  tag: string;
}

export interface PartitionManifest {
  version: 1;
  /** Pagefind's version, which wrote every partition. */
  pagefind: string;
  /** `metaCacheTag` of the root index (changes with Pagefind's version only). */
  root: string;
  /** Papers in all partitions. */
  papers: number;
  /** Newest month first. */
  partitions: Partition[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of a `YYYY-MM-DD` day, or undefined for anything else. */
export function monthOf(date: string): string | undefined {
  const month = date.slice(0, 7);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && MONTH.test(month) ? month : undefined;
}

/** The calendar month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** The manifest for partitions of the given sizes (any order); newest first. */
export function makeManifest(pagefind: string, root: string, partitions: Partition[]): PartitionManifest {
  const sorted = [...partitions].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
  return { version: 1, pagefind, root, papers: sorted.reduce((n, p) => n + p.papers, 0), partitions: sorted };
}

/** Checks a fetched manifest's shape; throws on anything unexpected. */
export function parseManifest(value: unknown): PartitionManifest {
  const m = value as Partial<PartitionManifest> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    m.version === 1 &&
    typeof m.pagefind === 'string' &&
    typeof m.root === 'string' &&
    typeof m.papers === 'number' &&
    Array.isArray(m.partitions) &&
    m.partitions.every((p) => typeof p === 'object' && p !== null && MONTH.test(String(p.month)) && typeof p.papers === 'number' && typeof p.tag === 'string');
  if (!ok) throw new Error('The search index manifest is not in the expected format');
  return m as PartitionManifest;
}

/**
 * The months a search looks at first: the newest month of the archive and the calendar month
 * before it (when the archive has it). Early in a month the newest partition holds a few days;
 * with the month before, a first search always covers four weeks or more of papers.
 */
export function recentMonths(manifest: PartitionManifest): string[] {
  const newest = manifest.partitions[0]?.month;
  if (newest === undefined) return [];
  const before = previousMonth(newest);
  return manifest.partitions.filter((p) => p.month === newest || p.month === before).map((p) => p.month);
}

export interface RangeRequest {
  /** `YYYY`: only that year's months. */
  year?: string;
  /** `YYYY-MM`: only that month. */
  month?: string;
  /** Every month instead of the recent ones (no effect with a year or month). */
  all?: boolean;
}

/**
 * The months to search, newest first: a month filter is one partition, a year filter that
 * year's partitions, otherwise the recent months or, widened, all of them. A month or year
 * the archive does not have gives no partitions (and no results).
 */
export function monthsToSearch(manifest: PartitionManifest, request: RangeRequest): string[] {
  const months = manifest.partitions.map((p) => p.month);
  if (request.month) return months.filter((m) => m === request.month && (!request.year || m.startsWith(`${request.year}-`)));
  if (request.year) return months.filter((m) => m.startsWith(`${request.year}-`));
  return request.all ? months : recentMonths(manifest);
}

/** Whether `months` leaves out some of the archive (so the reader can widen the search). */
export function isPartial(manifest: PartitionManifest, months: string[]): boolean {
  return months.length < manifest.partitions.length;
}

/** Papers in the given months. */
export function papersIn(manifest: PartitionManifest, months: string[]): number {
  const wanted = new Set(months);
  return manifest.partitions.filter((p) => wanted.has(p.month)).reduce((n, p) => n + p.papers, 0);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `November 2026`. */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/**
 * A range of months in words: `November 2026`, `October – November 2026`,
 * `December 2025 – January 2026`; months need not be consecutive (the span is named).
 */
export function describeMonths(months: string[]): string {
  if (months.length === 0) return 'no months';
  const sorted = [...months].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  if (first === last) return monthName(first);
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const from = sameYear ? (MONTH_NAMES[Number(first.slice(5, 7)) - 1] ?? first) : monthName(first);
  return `${from} – ${monthName(last)}`;
}

/** A query of this many words or more is a title or a remembered passage (see `shouldWiden`). */
export const PASSAGE_WORDS = 5;

/**
 * Whether a search of the recent months should go on to every month by itself: too few
 * results, or a title or passage (five words or more) that no recent paper contains as typed.
 */
export function shouldWiden(q: string, total: number, exact: number): boolean {
  const words = q.trim().split(/\s+/).filter(Boolean).length;
  return total < FEW_RESULTS || (words >= PASSAGE_WORDS && exact === 0);
}
