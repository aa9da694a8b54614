/**
 * Weeks and months of the archive, pure: ISO week ids, ranking a period's papers, the subjects
 * that rose, and a paper's momentum across digests. No Astro imports (src/data/periods.ts
 * feeds these from the collections).
 */

export type PeriodKind = 'week' | 'month';

const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** `2026-08-13` → `2026-W33` (ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday). */
export function isoWeekId(date: string): string {
  const d = utc(date);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = utc(`${year}-01-04`);
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first and last day (Monday, Sunday) of an ISO week id. */
export function weekRange(id: string): [string, string] {
  const match = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!match) throw new Error(`not an ISO week id: ${id}`);
  const jan4 = utc(`${match[1]}-01-04`);
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + (Number(match[2]) - 1) * 7);
  const sunday = new Date(monday);
  sunday.setUTCDate(monday.getUTCDate() + 6);
  return [iso(monday), iso(sunday)];
}

/** The first and last day of a month id `YYYY-MM`. */
export function monthRange(id: string): [string, string] {
  const [y, m] = id.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0));
  return [`${id}-01`, iso(last)];
}

export const periodId = (kind: PeriodKind, date: string) => (kind === 'week' ? isoWeekId(date) : date.slice(0, 7));
export const periodRange = (kind: PeriodKind, id: string) => (kind === 'week' ? weekRange(id) : monthRange(id));

/** Dates grouped by period, oldest period first; dates inside oldest first. */
export function groupByPeriod(kind: PeriodKind, dates: readonly string[]): { id: string; dates: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const date of [...dates].sort()) {
    const id = periodId(kind, date);
    const list = groups.get(id);
    if (list) list.push(date);
    else groups.set(id, [date]);
  }
  return [...groups].map(([id, list]) => ({ id, dates: list }));
}

/** One appearance of a paper in a digest of the period. */
export interface PeriodSighting {
  slug: string;
  date: string;
  /** 0-based place in that day's digest. */
  position: number;
  upvotes?: number | null | undefined;
  stars?: number | null | undefined;
}

export interface RankedPaper {
  slug: string;
  /** Days the paper trended within the period. */
  days: number;
  /** Highest upvotes a digest of the period gave it, if any. */
  upvotes: number | undefined;
  /** Highest GitHub stars a digest of the period gave it, if any. */
  stars: number | undefined;
  /** Its first appearance in the period (day, place in that digest): digest order. */
  first: { date: string; position: number };
}

const maxOf = (a: number | undefined, b: number | null | undefined) => (b === null || b === undefined ? a : a === undefined ? b : Math.max(a, b));

/**
 * The period's papers ranked: most days trended within the period first, then upvotes (or
 * GitHub stars where the digest gives no upvotes), then digest order (earliest first day, then
 * place in that day's digest).
 */
export function rankPeriod(sightings: readonly PeriodSighting[]): RankedPaper[] {
  const bySlug = new Map<string, RankedPaper>();
  for (const s of sightings) {
    let paper = bySlug.get(s.slug);
    if (!paper) {
      paper = { slug: s.slug, days: 0, upvotes: undefined, stars: undefined, first: { date: s.date, position: s.position } };
      bySlug.set(s.slug, paper);
    }
    paper.days++;
    paper.upvotes = maxOf(paper.upvotes, s.upvotes);
    paper.stars = maxOf(paper.stars, s.stars);
    if (s.date < paper.first.date || (s.date === paper.first.date && s.position < paper.first.position)) paper.first = { date: s.date, position: s.position };
  }
  const score = (p: RankedPaper) => p.upvotes ?? p.stars ?? -1;
  return [...bySlug.values()].sort(
    (a, b) => b.days - a.days || score(b) - score(a) || a.first.date.localeCompare(b.first.date) || a.first.position - b.first.position,
  );
}

/** How many periods before a period its subjects are compared with. */
export const RISING_BASELINE_PERIODS = 4;

export interface RisingTopic {
  topic: string;
  /** Papers of the period with the topic, and all papers of the period. */
  count: number;
  total: number;
  /** The same over the periods before (up to four). */
  beforeCount: number;
  beforeTotal: number;
  /** Shares as fractions, and the rise in percentage points. */
  share: number;
  beforeShare: number;
  points: number;
}

/** A period's unique papers counted by topic: how many papers, and how many have each topic. */
export interface TopicCounts {
  papers: number;
  byTopic: ReadonlyMap<string, number>;
}

/** Counts a period's unique papers, each given as its topics. */
export function countTopics(papers: readonly (readonly string[])[]): TopicCounts {
  const byTopic = new Map<string, number>();
  for (const topics of papers) for (const t of new Set(topics)) byTopic.set(t, (byTopic.get(t) ?? 0) + 1);
  return { papers: papers.length, byTopic };
}

/**
 * Subjects that rose: a topic's share of the period's papers against its share of the papers of
 * the (up to four) periods before, in percentage points, biggest rise first. A topic needs at
 * least `minCount` papers in the period; with no period before there is nothing to compare.
 * Periods come counted (`countTopics`), so each is counted once however many periods compare with it.
 */
export function risingTopics(current: TopicCounts, before: readonly TopicCounts[], options: { minCount?: number; limit?: number } = {}): RisingTopic[] {
  const { minCount = 2, limit = 5 } = options;
  const beforeTotal = before.reduce((sum, period) => sum + period.papers, 0);
  if (beforeTotal === 0 || current.papers === 0) return [];
  const then = new Map<string, number>();
  for (const period of before) for (const [topic, n] of period.byTopic) then.set(topic, (then.get(topic) ?? 0) + n);
  const rising: RisingTopic[] = [];
  for (const [topic, n] of current.byTopic) {
    if (n < minCount) continue;
    const b = then.get(topic) ?? 0;
    const share = n / current.papers;
    const beforeShare = b / beforeTotal;
    const points = Math.round((share - beforeShare) * 1000) / 10;
    if (points > 0) rising.push({ topic, count: n, total: current.papers, beforeCount: b, beforeTotal, share, beforeShare, points });
  }
  return rising.sort((a, b) => b.points - a.points || b.count - a.count || a.topic.localeCompare(b.topic)).slice(0, limit);
}

/** A share as a whole percentage: `0.123` → `12%`. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

export interface Momentum {
  /** Days the paper trended. */
  days: number;
  first: string;
  last: string;
  /** Consecutive digests (days with a digest, gaps without one do not break it) ending on its last day. */
  run: number;
  /** In the newest digest and the one before: it keeps trending. */
  stillTrending: boolean;
}

/**
 * A paper's momentum from its days and the archive's digest days (oldest first). Consecutive
 * means consecutive digests: a weekend without one does not end a run.
 */
export function momentum(paperDays: readonly string[], digestIndex: ReadonlyMap<string, number>, newestDay: string | undefined): Momentum {
  const first = paperDays[0] ?? '';
  const last = paperDays[paperDays.length - 1] ?? first;
  let run = paperDays.length === 0 ? 0 : 1;
  for (let i = paperDays.length - 1; i > 0; i--) {
    const a = digestIndex.get(paperDays[i - 1]!);
    const b = digestIndex.get(paperDays[i]!);
    if (a === undefined || b === undefined || b - a !== 1) break;
    run++;
  }
  return { days: paperDays.length, first, last, run, stillTrending: last === newestDay && run >= 2 };
}
