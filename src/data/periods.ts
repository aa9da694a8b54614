/**
 * Weeks and months of the archive (`/weeks/<YYYY>-W<ww>/`, `/months/<YYYY-MM>/`) and paper
 * momentum, as plain views with their cache keys. Built on src/data/archive.ts; the ranking and
 * rising-subject arithmetic is src/lib/periods (pure).
 *
 * A period's view holds only what its page shows: its own days, its papers as ranked within it,
 * the subjects measured against the four periods before, and which periods come before and after.
 * Nothing in it comes from a later day (except the next period's id, set once when that period
 * appears), so a closed week or month keeps its cache key and is never rendered again.
 *
 * Nor is its view built again: a period's inputs (its days' files and its papers' records,
 * those of the four periods before it, its neighbours' ids, the code) have a hash that is
 * cheap to make, and the key and the summary the indexes show are remembered by that hash
 * (`<cacheDir>/daybook-periods-<kind>.json`). Building every view to find the few that changed
 * cost 1.3 s a build at 118,000 papers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { getCollection } from 'astro:content';
import type { Momentum, PeriodKind, PeriodSighting, RankedPaper, RisingTopic } from '../lib/periods/index.ts';
import { RISING_BASELINE_PERIODS, countTopics, groupByPeriod, momentum, periodRange, rankPeriod, risingTopics } from '../lib/periods/index.ts';
import { excerpt } from '../lib/markdown/excerpt.ts';
import type { Archive, Paper } from './archive.ts';
import { firstSeen, loadArchive } from './archive.ts';
import { pagesToRender } from './pages-to-render.ts';
import { digestIndex, paperMomentum, viewKey } from '../lib/archive/paper-view.ts';
import { plainTitle, readableText } from '../lib/text/tex.ts';

/** A period page lists at most this many papers; its days list them all. */
export const PERIOD_TOP_PAPERS = 50;
/** Characters of a listed paper's summary line on period pages, feeds and e-mails. */
const SUMMARY_CHARS = 240;

export interface PaperSummary {
  /** `ai`: the digest's machine-written summary; `tldr`: a sentence of the abstract; `excerpt`: its start. */
  kind: 'ai' | 'tldr' | 'excerpt';
  text: string;
}

/** What a list shows as a paper's one-line summary: the digest's, else the TL;DR excerpt, else the abstract's start. */
export function summaryOf(paper: Pick<Paper, 'data'>, length = SUMMARY_CHARS, excerptLength = length): PaperSummary | undefined {
  const { aiSummary, tldr, excerpt: start } = paper.data;
  const shown = (text: string) => excerpt(readableText(text, 'plain'), length);
  if (aiSummary) return { kind: 'ai', text: shown(aiSummary) };
  if (tldr) return { kind: 'tldr', text: shown(tldr) };
  return start ? { kind: 'excerpt', text: excerpt(readableText(start, 'plain'), excerptLength) } : undefined;
}

export interface PeriodPaper extends Omit<RankedPaper, 'first'> {
  title: string;
  /** First author and whether there are more. */
  author: string | undefined;
  moreAuthors: boolean;
  organization: string | undefined;
  /** The day it first trended at all, and whether that is within the period. */
  firstSeen: string;
  isNew: boolean;
  summary: PaperSummary | undefined;
}

export interface PeriodLink {
  kind: PeriodKind;
  id: string;
}

export interface PeriodView {
  kind: PeriodKind;
  id: string;
  /** First and last calendar day of the period. */
  range: [string, string];
  /** The period's digests, oldest first, with their paper counts. */
  days: { date: string; papers: number }[];
  /** Unique papers in the period, and how many first trended in it. */
  total: number;
  fresh: number;
  /** Sightings in the period (papers summed over its days). */
  sightings: number;
  /** The top papers, ranked. */
  papers: PeriodPaper[];
  rising: (RisingTopic & { name: string })[];
  /** The periods the subjects are compared with (up to four), oldest first. */
  baseline: string[];
  previous: PeriodLink | undefined;
  next: PeriodLink | undefined;
}

interface DayScores {
  upvotes?: (number | null)[] | undefined;
  stars?: (number | null)[] | undefined;
  /** The day file's hash (Astro's `digest`): changes with its papers, their order and their scores. */
  entryHash?: string | undefined;
}

let scoresLoading: Promise<Map<string, DayScores>> | undefined;
/** Upvotes and stars each day's digest gave its papers (content/days/<date>.json). */
function dayScores(): Promise<Map<string, DayScores>> {
  scoresLoading ??= getCollection('days').then((days) => new Map(days.map((d) => [d.data.date, { upvotes: d.data.upvotes, stars: d.data.stars, entryHash: d.digest === undefined ? undefined : String(d.digest) }])));
  return scoresLoading;
}

/** What the indexes of weeks and months show of a period. */
export interface PeriodSummary {
  id: string;
  range: [string, string];
  days: number;
  total: number;
  fresh: number;
  /** The top paper's title. */
  top: string | undefined;
}

export interface Period {
  id: string;
  cacheKey: string;
  summary: PeriodSummary;
  /** The whole view, built on first use. */
  view: () => PeriodView;
}

const summaryOfView = (view: PeriodView): PeriodSummary => ({ id: view.id, range: view.range, days: view.days.length, total: view.total, fresh: view.fresh, top: view.papers[0]?.title });

const built = new Map<PeriodKind, Promise<Period[]>>();

/** Every week or month with a digest, oldest first, each with its cache key. */
export function loadPeriods(archive: Archive, kind: PeriodKind): Promise<Period[]> {
  let promise = built.get(kind);
  if (!promise) {
    promise = Promise.all([dayScores(), import('astro:config/server')]).then(([scores, { cacheDir }]) => {
      // The dev server's archive has no fingerprint of the code: nothing is remembered there.
      if (!archive.fingerprint) return buildPeriods(archive, kind, scores).periods;
      const file = join(fileURLToPath(cacheDir), `daybook-periods-${kind}.json`);
      let known: Remembered = {};
      try {
        known = JSON.parse(readFileSync(file, 'utf8')) as Remembered;
      } catch {
        // None yet, or lost: every view is built.
      }
      const { periods, remembered } = buildPeriods(archive, kind, scores, known);
      writeFileAtomic.sync(file, JSON.stringify(remembered), { fsync: false });
      return periods;
    });
    built.set(kind, promise);
  }
  return promise;
}

/**
 * The pages of a period route (`route` names its keys: src/data/pages-to-render.ts), for its
 * `getStaticPaths`: one per week or month, its parameter named after the kind, at `path(id)`.
 */
export async function periodPages(kind: PeriodKind, route: string, path: (id: string) => string) {
  const archive = await loadArchive();
  const periods = await loadPeriods(archive, kind);
  const byId = new Map(periods.map((p) => [p.id, p]));
  const pages = periods.map(({ id, cacheKey }) => ({ params: { [kind]: id }, props: { id }, cacheKey }));
  // Only the pages to render get their view.
  return (await pagesToRender(archive, route, pages, (page) => path(page.props.id))).map(({ params, props }) => ({ params, props: { view: byId.get(props.id)!.view() } }));
}

const dayInputHashes = new WeakMap<Archive, Map<string, string>>();

/** Each day's file and its papers' records, as a hash: made once for weeks and months. */
function dayInputs(archive: Archive, scores: ReadonlyMap<string, DayScores>): Map<string, string> {
  let hashes = dayInputHashes.get(archive);
  if (!hashes) {
    hashes = new Map();
    for (const day of archive.days) {
      const hash = createHash('sha1').update(`${day.date}\0${scores.get(day.date)?.entryHash ?? ''}`);
      for (const p of day.papers) hash.update(`\0${p.id}\0${p.recordHash}`);
      hashes.set(day.date, hash.digest('base64url'));
    }
    dayInputHashes.set(archive, hashes);
  }
  return hashes;
}

/** Keys and summaries by the hash of a period's inputs. */
type Remembered = Record<string, { cacheKey: string; summary: PeriodSummary }>;

/**
 * The periods, independent of Astro's collections but for the archive passed in; `known`: keys
 * and summaries by input hash (a period found there is not built). Returns the periods and
 * what to remember for the next build.
 */
export function buildPeriods(archive: Archive, kind: PeriodKind, scores: ReadonlyMap<string, DayScores>, known: Remembered = {}): { periods: Period[]; remembered: Remembered } {
  const groups = groupByPeriod(kind, archive.days.map((d) => d.date));
  // What each period is made of: its days and its papers' records (all but their related lists).
  const days = dayInputs(archive, scores);
  const own = groups.map(({ dates }) => createHash('sha1').update(dates.map((date) => days.get(date) ?? date).join('\0')).digest('base64url'));
  const inputs = groups.map(({ id }, index) =>
    createHash('sha1')
      .update([archive.fingerprint, kind, id, groups[index - 1]?.id ?? '', groups[index + 1]?.id ?? '', ...own.slice(Math.max(0, index - RISING_BASELINE_PERIODS), index + 1)].join('\0'))
      .digest('base64url'),
  );
  // Each period's unique papers by topic, for the rising subjects (made for the views built).
  const counts = new Map<number, ReturnType<typeof countTopics>>();
  const topicCounts = (index: number) => {
    let found = counts.get(index);
    if (!found) {
      const seen = new Map<string, readonly string[]>();
      for (const date of groups[index]!.dates) for (const p of archive.dayByDate.get(date)?.papers ?? []) seen.set(p.id, p.data.topics);
      found = countTopics([...seen.values()]);
      counts.set(index, found);
    }
    return found;
  };
  const viewOf = (index: number): PeriodView => {
    const { id, dates } = groups[index]!;
    const sightings: PeriodSighting[] = [];
    for (const date of dates) {
      const day = archive.dayByDate.get(date)!;
      const s = scores.get(date);
      day.papers.forEach((paper, position) => sightings.push({ slug: paper.id, date, position, upvotes: s?.upvotes?.[position], stars: s?.stars?.[position] }));
    }
    const range = periodRange(kind, id);
    const ranked = rankPeriod(sightings);
    const isNew = (paper: Paper) => firstSeen(paper) >= range[0];
    const baselineIndex = groups.slice(Math.max(0, index - RISING_BASELINE_PERIODS), index);
    const baselineCounts = baselineIndex.map((_, k) => topicCounts(Math.max(0, index - RISING_BASELINE_PERIODS) + k));
    const rising = risingTopics(topicCounts(index), baselineCounts).map((r) => ({
      ...r,
      name: archive.topics.get(r.topic)?.data.name ?? r.topic,
    }));
    const papers = ranked.slice(0, PERIOD_TOP_PAPERS).map(({ first: _first, ...rank }): PeriodPaper => {
      const paper = archive.papers.get(rank.slug)!;
      return {
        ...rank,
        title: plainTitle(paper.data.title),
        author: paper.data.authors[0],
        moreAuthors: paper.data.authors.length > 1,
        organization: paper.data.organization,
        firstSeen: firstSeen(paper),
        isNew: isNew(paper),
        summary: summaryOf(paper),
      };
    });
    const fresh = ranked.filter((r) => isNew(archive.papers.get(r.slug)!)).length;
    const view: PeriodView = {
      kind,
      id,
      range,
      days: dates.map((date) => ({ date, papers: archive.dayByDate.get(date)!.papers.length })),
      total: ranked.length,
      fresh,
      sightings: sightings.length,
      papers,
      rising,
      baseline: baselineIndex.map((g) => g.id),
      previous: index > 0 ? { kind, id: groups[index - 1]!.id } : undefined,
      next: index + 1 < groups.length ? { kind, id: groups[index + 1]!.id } : undefined,
    };
    return view;
  };
  const remembered: Remembered = {};
  const periods = groups.map(({ id }, index): Period => {
    let view: PeriodView | undefined;
    const build = () => (view ??= viewOf(index));
    const input = inputs[index]!;
    const entry = known[input] ?? { cacheKey: viewKey('period', build()), summary: summaryOfView(build()) };
    remembered[input] = entry;
    return { id, cacheKey: entry.cacheKey, summary: entry.summary, view: build };
  });
  return { periods, remembered };
}

/** Papers still trending (in the newest digest and the one before), longest run first, then digest order. */
export function stillTrending(archive: Archive, limit = 8): { paper: Paper; momentum: Momentum }[] {
  const newest = archive.days[0];
  if (!newest) return [];
  return newest.papers
    .map((paper) => ({ paper, momentum: paperMomentum(archive, paper) }))
    .filter((p) => p.momentum.stillTrending)
    .sort((a, b) => b.momentum.run - a.momentum.run || b.momentum.days - a.momentum.days)
    .slice(0, limit);
}

/** How many consecutive digests up to and including `day` listed the paper (0 if not that day). */
export function runUpTo(paperDays: readonly string[], day: string, archive: Archive): number {
  const at = paperDays.indexOf(day);
  if (at < 0) return 0;
  return momentum(paperDays.slice(0, at + 1), digestIndex(archive).index, undefined).run;
}
