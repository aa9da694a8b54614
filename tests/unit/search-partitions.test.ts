/** The search index's month partitions: which months a search loads, and what a page's index key covers. */
import { describe, expect, it } from 'vitest';
import { indexedPart } from '../../src/lib/search/indexed.ts';
import type { Partition } from '../../src/lib/search/partitions.ts';
import {
  describeMonths,
  isPartial,
  makeManifest,
  monthOf,
  monthsToSearch,
  papersIn,
  parseManifest,
  previousMonth,
  recentMonths,
  shouldWiden,
} from '../../src/lib/search/partitions.ts';

const part = (month: string, papers = 100): Partition => ({ month, papers, tag: `t${month}` });
const manifest = makeManifest('1.6.0', 'root', [part('2025-11'), part('2026-01', 50), part('2025-12'), part('2025-10'), part('2024-12')]);

describe('partitions', () => {
  it('lists months newest first with the total', () => {
    expect(manifest.partitions.map((p) => p.month)).toEqual(['2026-01', '2025-12', '2025-11', '2025-10', '2024-12']);
    expect(manifest.papers).toBe(450);
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    expect(() => parseManifest({ ...manifest, partitions: [{ month: '2025-13', papers: 1, tag: '' }] })).toThrow();
    expect(() => parseManifest(null)).toThrow();
  });

  it('takes a month from a day, and the month before across a year', () => {
    expect(monthOf('2026-08-05')).toBe('2026-08');
    expect(monthOf('2026-8-5')).toBeUndefined();
    expect(monthOf('2026-13-01')).toBeUndefined();
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });

  it('searches the newest month and the calendar month before it first', () => {
    expect(recentMonths(manifest)).toEqual(['2026-01', '2025-12']);
    // A gap: the month before the newest is not in the archive.
    const gap = makeManifest('1.6.0', 'root', [part('2026-11'), part('2026-08')]);
    expect(recentMonths(gap)).toEqual(['2026-11']);
    expect(recentMonths(makeManifest('1.6.0', 'root', []))).toEqual([]);
  });

  it('chooses partitions by year and month filters, or all when widened', () => {
    expect(monthsToSearch(manifest, {})).toEqual(['2026-01', '2025-12']);
    expect(monthsToSearch(manifest, { all: true })).toHaveLength(5);
    expect(monthsToSearch(manifest, { year: '2025' })).toEqual(['2025-12', '2025-11', '2025-10']);
    expect(monthsToSearch(manifest, { year: '2025', all: true })).toEqual(['2025-12', '2025-11', '2025-10']);
    expect(monthsToSearch(manifest, { month: '2024-12' })).toEqual(['2024-12']);
    expect(monthsToSearch(manifest, { month: '2024-12', year: '2025' })).toEqual([]);
    expect(monthsToSearch(manifest, { year: '2023' })).toEqual([]);
    expect(isPartial(manifest, ['2026-01', '2025-12'])).toBe(true);
    expect(isPartial(manifest, monthsToSearch(manifest, { all: true }))).toBe(false);
    expect(papersIn(manifest, ['2026-01', '2025-12'])).toBe(150);
  });

  it('names a range of months', () => {
    expect(describeMonths(['2026-11'])).toBe('November 2026');
    expect(describeMonths(['2026-11', '2026-10'])).toBe('October – November 2026');
    expect(describeMonths(['2026-01', '2025-12'])).toBe('December 2025 – January 2026');
  });

  it('widens by itself for too few results, or a long passage no recent paper contains', () => {
    expect(shouldWiden('diffusion models', 3, 0)).toBe(true);
    expect(shouldWiden('diffusion models', 300, 0)).toBe(false);
    expect(shouldWiden('a long remembered passage of text', 40, 0)).toBe(true);
    expect(shouldWiden('a long remembered passage of text', 40, 2)).toBe(false);
    expect(shouldWiden('large language model agents', 40, 0)).toBe(false);
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
