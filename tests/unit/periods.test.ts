/**
 * The arithmetic of weeks and months (src/lib/periods) and the extractive TL;DR
 * (src/lib/markdown/tldr.ts), on fixtures whose answers are worked out by hand here.
 */
import { describe, expect, it } from 'vitest';
import { extractiveTldr } from '../../src/lib/markdown/tldr.ts';
import { countTopics, groupByPeriod, isoWeekId, momentum, monthRange, rankPeriod, risingTopics, weekRange } from '../../src/lib/periods/index.ts';

describe('ISO weeks', () => {
  // From a calendar: 1 Jan 2021 was a Friday (week 53 of 2020); 29 Dec 2025 a Monday (week 1 of 2026);
  // 2026 starts on a Thursday, so it has 53 weeks.
  const known: [string, string][] = [
    ['2021-01-01', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-08-10', '2026-W33'],
    ['2026-08-16', '2026-W33'],
    ['2026-08-17', '2026-W34'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ];
  for (const [date, week] of known) it(`${date} is in ${week}`, () => expect(isoWeekId(date)).toBe(week));
  it('gives a week’s Monday and Sunday, and a month’s first and last day', () => {
    expect(weekRange('2026-W33')).toEqual(['2026-08-10', '2026-08-16']);
    expect(weekRange('2026-W53')).toEqual(['2026-12-28', '2027-01-03']);
    expect(monthRange('2028-02')).toEqual(['2028-02-01', '2028-02-29']);
  });
  it('groups days by period, oldest first', () => {
    expect(groupByPeriod('week', ['2026-08-17', '2026-08-11', '2026-08-14'])).toEqual([
      { id: '2026-W33', dates: ['2026-08-11', '2026-08-14'] },
      { id: '2026-W34', dates: ['2026-08-17'] },
    ]);
  });
});

describe('ranking a period', () => {
  // Three digests. a: 3 days; b and c: 2 days (b has more upvotes); d: 1 day with 50 upvotes;
  // e: 1 day, no upvotes but 80 stars; f: 1 day, nothing, listed before g (also nothing).
  const s = (slug: string, date: string, position: number, upvotes?: number, stars?: number) => ({ slug, date, position, upvotes, stars });
  const sightings = [
    s('g', 'd1', 0),
    s('c', 'd1', 1, 5),
    s('a', 'd1', 2, 1),
    s('f', 'd1', 3),
    s('a', 'd2', 0, 2),
    s('b', 'd2', 1, 7),
    s('c', 'd2', 2, 6),
    s('d', 'd2', 3, 50),
    s('a', 'd3', 0, 3),
    s('b', 'd3', 1, 9),
    s('e', 'd3', 2, undefined, 80),
  ];
  it('puts days trended first, then upvotes (stars where there are none), then digest order', () => {
    // f is listed after g on d1 (position 3 against 0), but both have nothing: digest order keeps g first.
    expect(rankPeriod(sightings).map((r) => r.slug)).toEqual(['a', 'b', 'c', 'e', 'd', 'g', 'f']);
  });
  it('counts days and keeps the highest count the period’s digests gave', () => {
    const a = rankPeriod(sightings).find((r) => r.slug === 'a')!;
    expect([a.days, a.upvotes, a.first]).toEqual([3, 3, { date: 'd1', position: 2 }]);
  });
});

describe('rising subjects', () => {
  it('compares a topic’s share with its share over the periods before, in points', () => {
    // Now: 4 papers, nlp on 3 (75%), vision on 2 (50%), rl on 1.
    const now = [['nlp', 'vision'], ['nlp'], ['nlp', 'rl'], ['vision']];
    // Before: 2 periods, 5 and 5 papers; nlp on 1+1 of 10 (20%: up 55 points), vision on 2+3 of 10 (50%: no rise), rl too rare now.
    const before = [
      [['nlp'], ['vision'], ['vision'], ['rl'], []],
      [['nlp'], ['vision'], ['vision'], ['vision'], ['rl']],
    ];
    const rising = risingTopics(countTopics(now), before.map(countTopics));
    expect(rising.map((r) => [r.topic, r.count, r.total, r.beforeCount, r.beforeTotal, r.points])).toEqual([['nlp', 3, 4, 2, 10, 55]]);
  });
  it('says nothing without a period before', () => {
    expect(risingTopics(countTopics([['nlp'], ['nlp']]), [])).toEqual([]);
  });
});

describe('momentum', () => {
  const index = new Map(['d1', 'd2', 'd3', 'd4'].map((d, i) => [d, i]));
  it('counts consecutive digests, not calendar days, and is still trending only in the newest two', () => {
    expect(momentum(['d2', 'd3', 'd4'], index, 'd4')).toEqual({ days: 3, first: 'd2', last: 'd4', run: 3, stillTrending: true });
    expect(momentum(['d1', 'd3', 'd4'], index, 'd4')).toMatchObject({ run: 2, stillTrending: true });
    expect(momentum(['d2', 'd3'], index, 'd4')).toMatchObject({ run: 2, stillTrending: false });
    expect(momentum(['d4'], index, 'd4')).toMatchObject({ run: 1, stillTrending: false });
  });
});

describe('extractive TL;DR', () => {
  it('takes the sentence that states the contribution, verbatim', () => {
    const abstract =
      'Large models are costly to serve. Existing methods trade accuracy for speed. In this paper, we propose Quokka, a cache that halves decoding latency without loss. Experiments on five benchmarks confirm it.';
    expect(extractiveTldr(abstract)).toBe('In this paper, we propose Quokka, a cache that halves decoding latency without loss.');
  });
  it('gives nothing when no sentence states a contribution', () => {
    expect(extractiveTldr('Models are costly to serve at scale today. Many methods exist for this problem already.')).toBeUndefined();
  });
});
