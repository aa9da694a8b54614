/** The search index's partitions (thirds of months): which a search loads, and what a page's index key covers. */
import { describe, expect, it } from 'vitest';
import { indexedPart } from '../../src/lib/search/indexed.ts';
import type { FindingIndex, Partition } from '../../src/lib/search/partitions.ts';
import {
  describePartitions,
  isPartial,
  makeManifest,
  papersIn,
  parseManifest,
  partitionOf,
  partitionsToSearch,
  previousPartition,
  recentPartitions,
  withinBudget,
} from '../../src/lib/search/partitions.ts';
import { periodCode } from '../../src/lib/search/routing.ts';

const part = (start: string, papers = 100, first = start, last = start): Partition => ({
  start,
  first,
  last,
  papers,
  tag: `t${start}`,
  code: periodCode(start),
  metaBytes: papers * 10,
  chunkBytes: 4000,
});
const finding: FindingIndex = { terms: { groups: ['a'], tag: 't' }, keys: { shards: 1, tag: 'k' }, passages: { shards: 1, tag: 's' } };
const manifest = makeManifest('1.6.0', 'root', finding, [
  part('2025-12-21', 100, '2025-12-22', '2025-12-31'),
  part('2026-01-01', 50, '2026-01-02', '2026-01-05'),
  part('2025-12-11'),
  part('2025-11-01'),
  part('2024-12-21'),
]);

describe('partitions', () => {
  it('lists partitions newest first with the total', () => {
    expect(manifest.partitions.map((p) => p.start)).toEqual(['2026-01-01', '2025-12-21', '2025-12-11', '2025-11-01', '2024-12-21']);
    expect(manifest.papers).toBe(450);
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    // Only the 1st, 11th and 21st start a partition.
    expect(() => parseManifest({ ...manifest, partitions: [{ ...part('2025-12-05'), first: '2025-12-05' }] })).toThrow();
    expect(() => parseManifest({ ...manifest, partitions: [part('2025-13-01')] })).toThrow();
    // A manifest of month partitions (an older build) is not read as this one.
    expect(() => parseManifest({ version: 1, pagefind: '1.6.0', root: 'r', papers: 1, partitions: [{ month: '2025-12', papers: 1, tag: 't' }] })).toThrow();
    expect(() => parseManifest(null)).toThrow();
  });

  it('puts a day in the third of its month, and finds the partition before across months and years', () => {
    expect(partitionOf('2026-08-01')).toBe('2026-08-01');
    expect(partitionOf('2026-08-10')).toBe('2026-08-01');
    expect(partitionOf('2026-08-11')).toBe('2026-08-11');
    expect(partitionOf('2026-08-20')).toBe('2026-08-11');
    expect(partitionOf('2026-08-21')).toBe('2026-08-21');
    expect(partitionOf('2026-08-31')).toBe('2026-08-21');
    expect(partitionOf('2026-8-5')).toBeUndefined();
    expect(partitionOf('2026-13-01')).toBeUndefined();
    expect(partitionOf('2026-08-32')).toBeUndefined();
    expect(previousPartition('2026-08-21')).toBe('2026-08-11');
    expect(previousPartition('2026-08-11')).toBe('2026-08-01');
    expect(previousPartition('2026-08-01')).toBe('2026-07-21');
    expect(previousPartition('2026-01-01')).toBe('2025-12-21');
  });

  it('searches the newest partition and the one before it first', () => {
    expect(recentPartitions(manifest)).toEqual(['2026-01-01', '2025-12-21']);
    // A gap: the partition before the newest is not in the archive.
    const gap = makeManifest('1.6.0', 'root', finding, [part('2026-11-21'), part('2026-08-21')]);
    expect(recentPartitions(gap)).toEqual(['2026-11-21']);
    expect(recentPartitions(makeManifest('1.6.0', 'root', finding, []))).toEqual([]);
  });

  it('chooses partitions by year and month filters, or all when widened', () => {
    expect(partitionsToSearch(manifest, {})).toEqual(['2026-01-01', '2025-12-21']);
    expect(partitionsToSearch(manifest, { all: true })).toHaveLength(5);
    expect(partitionsToSearch(manifest, { year: '2025' })).toEqual(['2025-12-21', '2025-12-11', '2025-11-01']);
    expect(partitionsToSearch(manifest, { year: '2025', all: true })).toEqual(['2025-12-21', '2025-12-11', '2025-11-01']);
    expect(partitionsToSearch(manifest, { month: '2025-12' })).toEqual(['2025-12-21', '2025-12-11']);
    expect(partitionsToSearch(manifest, { month: '2024-12' })).toEqual(['2024-12-21']);
    expect(partitionsToSearch(manifest, { month: '2024-12', year: '2025' })).toEqual([]);
    expect(partitionsToSearch(manifest, { year: '2023' })).toEqual([]);
    expect(isPartial(manifest, ['2026-01-01', '2025-12-21'])).toBe(true);
    expect(isPartial(manifest, partitionsToSearch(manifest, { all: true }))).toBe(false);
    expect(papersIn(manifest, ['2026-01-01', '2025-12-21'])).toBe(150);
  });

  it('names the days of some partitions, from their first paper to their last', () => {
    const days = makeManifest('1.6.0', 'root', finding, [
      part('2026-11-21', 1, '2026-11-24', '2026-11-24'),
      part('2026-11-11', 1, '2026-11-11', '2026-11-20'),
      part('2026-10-21', 1, '2026-10-21', '2026-10-31'),
    ]);
    expect(describePartitions(days, ['2026-11-21'])).toBe('November 24, 2026');
    expect(describePartitions(days, ['2026-11-21', '2026-11-11'])).toBe('November 11–24, 2026');
    expect(describePartitions(days, ['2026-11-21', '2026-10-21'])).toBe('October 21 – November 24, 2026');
    expect(describePartitions(manifest, ['2026-01-01', '2025-12-21'])).toBe('December 22, 2025 – January 5, 2026');
  });

  it('searches the newest partitions that can match within a byte budget, at least one', () => {
    const starts = manifest.partitions.map((p) => p.start);
    // 2026-01-01: 500 + 2 × 4,000 bytes; 2025-12-21: 1,000 + 8,000; then 9,000 each.
    expect(withinBudget(manifest, starts, 2, 20_000, 0)).toEqual(['2026-01-01', '2025-12-21']);
    expect(withinBudget(manifest, starts, 2, 1_000, 0)).toEqual(['2026-01-01']);
    expect(withinBudget(manifest, ['2025-11-01', '2024-12-21'], 1, 100_000, 0)).toEqual(['2025-11-01', '2024-12-21']);
    expect(withinBudget(manifest, [], 1)).toEqual([]);
    // Past the budget while fewer than so many papers are searched: 50, then 150, then 250 papers.
    expect(withinBudget(manifest, starts, 2, 1_000, 150)).toEqual(['2026-01-01', '2025-12-21']);
    expect(withinBudget(manifest, starts, 2, 1_000, 151)).toEqual(['2026-01-01', '2025-12-21', '2025-12-11']);
  });
});

describe('what a page gives Pagefind', () => {
  const page = (body: string, around = '') =>
    `<!doctype html><html lang="en"><head><title>T · Daybook</title></head><body><header data-pagefind-ignore="all"><a href="/">Daybook</a></header>${around}<main>${body}<section class="related" data-pagefind-ignore="all"><article class="item"><h3>Other</h3></article></section></main></body></html>`;
  const article = (text: string) => `<article class="paper" data-pagefind-body data-pagefind-meta="date:2026-08-05" data-pagefind-sort="date:2026-08-05"><h1>Title</h1><article>inner</article><p>${text}</p></article>`;

  it('is the body element, its date and the title, not the page around it', () => {
    const part = indexedPart(page(article('abstract')));
    expect(part?.date).toBe('2026-08-05');
    expect(part?.wholePage).toBe(false);
    expect(part?.key).toContain('<p>abstract</p></article>');
    expect(part?.key).toContain('<title>T · Daybook</title>');
    expect(part?.key).not.toContain('Other');
    // A change outside the body (the related list, the header) keeps the key.
    const moved = page(article('abstract')).replace('<h3>Other</h3>', '<h3>Another paper</h3>');
    expect(indexedPart(moved)?.key).toBe(part?.key);
    expect(indexedPart(page(article('changed')))?.key).not.toBe(part?.key);
  });

  it('leaves out the text of ignored elements in the body, unless Pagefind may read something in them', () => {
    const body = (eyebrow: string, links = '<li>2 upvotes</li>') =>
      page(`<article class="paper" data-pagefind-body data-pagefind-meta="date:2026-08-05"><p class="eyebrow" data-pagefind-ignore>${eyebrow}</p><h1>Title</h1><ul data-pagefind-ignore>${links}</ul><p>abstract</p></article>`);
    const first = indexedPart(body('Trending on August 5, 2026'))?.key;
    // A paper that trends again: its "Trending on" line and its upvotes change, its index does not.
    expect(indexedPart(body('Trending on August 5 and 9, 2026', '<li>7 upvotes</li>'))?.key).toBe(first);
    expect(first).toContain('<p class="eyebrow" data-pagefind-ignore></p><h1>Title</h1>');
    // What Pagefind still reads inside an ignored element (a filter, an image) stays in the key, and an id's tag (anchors are counted).
    for (const inside of ['<a data-pagefind-filter="topic">T</a>', '<img src="/a.png" alt="">']) {
      expect(indexedPart(body('Trending', inside))?.key, inside).toContain(inside);
    }
    expect(indexedPart(body('Trending', '<li><h2 id="days">Trended on</h2> Sep 19</li>'))?.key).toContain('<ul data-pagefind-ignore><h2 id="days"></ul>');
  });

  it('is the whole page when Pagefind reads something outside the body', () => {
    expect(indexedPart(page(article('x'), '<p data-pagefind-meta="extra">x</p>'))?.wholePage).toBe(true);
    expect(indexedPart(page(article('x'), '<h1>Another title</h1>'))?.wholePage).toBe(true);
    expect(indexedPart(page(article('x'), '<div data-pagefind-body>second</div>'))?.wholePage).toBe(true);
    // An image outside the body is in the key, as its tag.
    expect(indexedPart(page(article('x'), '<img src="/a.png" alt="A">'))?.key).toContain('<img src="/a.png" alt="A">');
  });

  it('is nothing for a page without a body', () => {
    expect(indexedPart(page('<p>no body</p>'))).toBeUndefined();
  });
});
