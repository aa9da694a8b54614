/** Which paper pages a build renders again (src/catalog/live.ts), on small archives made by hand. */
import { describe, expect, it } from 'vitest';
import { livePapers } from '../../src/catalog/live.ts';
import type { PaperFrontmatter } from '../../src/lib/schema.ts';

const paper = (title: string, days: string[], related: string[] = []) => ({
  data: { title, days, related, authors: [], excerpt: '', topics: [], keyPhrases: [] } as PaperFrontmatter,
});

// Three days far from the card window's edge, then a new day 40 days on.
const before = new Map([
  ['a', paper('A', ['2026-01-01'])],
  ['b', paper('B', ['2026-01-01'], ['a'])],
  ['c', paper('C', ['2026-01-02'], ['b'])],
  ['d', paper('D', ['2026-01-03'], ['c'])],
]);
const quiet = { changed: new Set<string>(), changedDays: new Set<string>(), newestBefore: '2026-03-01', newestAfter: '2026-03-01' };

describe('the papers a build loads', () => {
  it('are none when nothing changed', () => {
    expect(livePapers({ before, after: before, ...quiet })).toEqual(new Set());
  });

  it('are a changed paper alone when what others show of it stays', () => {
    const after = new Map(before).set('c', paper('C', ['2026-01-02', '2026-03-01'], ['b']));
    expect(livePapers({ before, after, ...quiet, changed: new Set(['c']) })).toEqual(new Set(['c']));
  });

  it('take in the papers that link to a retitled one: its related lists and its first day', () => {
    const after = new Map(before).set('a', paper('A, retitled', ['2026-01-01']));
    expect(livePapers({ before, after, ...quiet, changed: new Set(['a']) })).toEqual(new Set(['a', 'b']));
    const afterC = new Map(before).set('c', paper('C, retitled', ['2026-01-02'], ['b']));
    expect(livePapers({ before, after: afterC, ...quiet, changed: new Set(['c']) })).toEqual(new Set(['c', 'd']));
  });

  it('take in the papers that linked to a removed one', () => {
    const after = new Map(before);
    after.delete('b');
    expect(livePapers({ before, after, ...quiet, changed: new Set(['b']) })).toEqual(new Set(['a', 'c']));
  });

  it('take in every paper of a day whose digest changed', () => {
    expect(livePapers({ before, after: before, ...quiet, changedDays: new Set(['2026-01-01']) })).toEqual(new Set(['a', 'b']));
  });

  it('take in the papers that left the card window since the last build', () => {
    const recent = new Map(before).set('e', paper('E', ['2026-02-25']));
    // 2026-02-25 is 4 days before 2026-03-01 (own card) and 18 days before 2026-03-15 (topic card).
    const live = livePapers({ before: recent, after: recent, ...quiet, newestAfter: '2026-03-15' });
    expect(live).toEqual(new Set(['e']));
  });
});

describe('momentum on paper pages', () => {
  it('take in the papers of the last newest digest when a new one comes: their "still trending" may end', () => {
    const days = new Map([
      ['x', paper('X', ['2026-02-27', '2026-03-01'])],
      ['y', paper('Y', ['2026-02-27'])],
    ]);
    const live = livePapers({ before: days, after: days, changed: new Set(), changedDays: new Set(['2026-03-02']), newestBefore: '2026-03-01', newestAfter: '2026-03-02' });
    expect(live).toEqual(new Set(['x']));
  });

  it('take in the papers around a digest added between their days: their runs change', () => {
    const days = new Map([['x', paper('X', ['2026-01-01', '2026-01-03'])]]);
    const live = livePapers({ before: days, after: days, changed: new Set(), changedDays: new Set(['2026-01-02']), newestBefore: '2026-03-01', newestAfter: '2026-03-01' });
    expect(live).toEqual(new Set(['x']));
  });
});
