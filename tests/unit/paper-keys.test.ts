/**
 * A paper page's key (src/lib/archive/paper-view.ts): it changes exactly when what the page shows
 * does, so a build renders those pages and keeps the others. Small archives made by hand; the
 * site tests (tests/site/incremental.test.ts) check the same through real builds, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import type { ViewArchive, ViewPaper } from '../../src/lib/archive/paper-view.ts';
import { citeKeysOf, indexDays, paperPageKey } from '../../src/lib/archive/paper-view.ts';
import { citeBase } from '../../src/lib/cite/index.ts';
import type { PaperFrontmatter } from '../../src/lib/schema.ts';

const WINDOW = 14;

function paper(id: string, title: string, days: string[], related: string[] = [], authors: string[] = ['Ada Lovelace']): ViewPaper {
  const data = { title, days, related, authors, excerpt: '', topics: ['agents'], keyPhrases: [] } as PaperFrontmatter;
  return { id, entryHash: `${id}:${title}`, citeBase: citeBase({ data }), data };
}

/** The keys of every paper of an archive of `papers` and `days` (date → slugs in digest order). */
function keys(papers: ViewPaper[], days: Record<string, string[]>, topicName = 'Agents'): Map<string, string> {
  const byId = new Map(papers.map((p) => [p.id, p]));
  const topics = new Map([['agents', { id: 'agents', data: { name: topicName } }]]);
  const records = Object.entries(days).map(([date, slugs]) => ({ date, papers: slugs }));
  const archive: ViewArchive = { papers: byId, topics, ...indexDays(byId, records, (date) => date) };
  const cite = citeKeysOf(archive, papers.map((p) => p.id));
  return new Map(papers.map((p) => [p.id, paperPageKey(archive, p, cite.get(p.id), WINDOW)]));
}

/** The slugs whose key differs between two archives. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([slug, key]) => before.get(slug) !== key).map(([slug]) => slug).sort();
}

// Four papers on three days far from the card window's edge, and a newest day 40 days on.
const base = [paper('a', 'A', ['2026-01-01']), paper('b', 'B', ['2026-01-01'], ['a']), paper('c', 'C', ['2026-01-02'], ['b']), paper('d', 'D', ['2026-01-03'], ['c'])];
const baseDays = { '2026-01-01': ['a', 'b'], '2026-01-02': ['c'], '2026-01-03': ['d'], '2026-03-01': ['z'] };
const z = paper('z', 'Z', ['2026-03-01'], [], ['Zed Zeta']);
const before = keys([...base, z], baseDays);
const replace = (papers: ViewPaper[], next: ViewPaper) => papers.map((p) => (p.id === next.id ? next : p));

describe('a paper page key', () => {
  it('is the same when nothing changed', () => {
    expect(changed(before, keys([...base, z], baseDays))).toEqual([]);
  });

  it('changes for a changed entry alone when what other pages show of it stays', () => {
    const edited = { ...base[2]!, entryHash: 'c:corrected abstract' };
    expect(changed(before, keys([...replace(base, edited), z], baseDays))).toEqual(['c']);
  });

  it('changes for the papers that show a retitled one: its related lists and its neighbours in the digest', () => {
    const retitled = { ...paper('a', 'A, retitled', ['2026-01-01']), entryHash: 'a:2' };
    expect(changed(before, keys([...replace(base, retitled), z], baseDays))).toEqual(['a', 'b']);
    const retitledC = { ...paper('c', 'C, retitled', ['2026-01-02'], ['b']), entryHash: 'c:2' };
    expect(changed(before, keys([...replace(base, retitledC), z], baseDays))).toEqual(['c', 'd']);
  });

  it('changes for every paper of a day whose digest changed order', () => {
    expect(changed(before, keys([...base, z], { ...baseDays, '2026-01-01': ['b', 'a'] }))).toEqual(['a', 'b']);
  });

  it('changes when the paper leaves the card window', () => {
    const recent = paper('e', 'E', ['2026-02-25'], [], ['Eve Eta']);
    const days = { ...baseDays, '2026-02-25': ['e'] };
    const earlier = keys([...base, z, recent], days);
    // 2026-02-25 is 4 days before 2026-03-01 (own card) and 18 days before 2026-03-15 (topic card).
    const later = keys([...base, z, recent, paper('y', 'Y', ['2026-03-15'], [], ['Yan Yu'])], { ...days, '2026-03-15': ['y'] });
    expect(changed(earlier, later)).toEqual(['e', 'y', 'z']);
  });

  it('changes when "still trending" ends: a paper of the newest digest that the next one does not list', () => {
    const x = paper('x', 'X', ['2026-02-27', '2026-03-01'], [], ['Xi Xu']);
    const days = { ...baseDays, '2026-02-27': ['x'], '2026-03-01': ['x', 'z'] };
    const earlier = keys([...base, z, x], days);
    const later = keys([...base, z, x, paper('w', 'W', ['2026-03-02'], [], ['Wu Wei'])], { ...days, '2026-03-02': ['w'] });
    expect(changed(earlier, later)).toEqual(['w', 'x']);
  });

  it('changes when a digest is added between a paper\'s days: its run of days', () => {
    const x = paper('x', 'X', ['2026-01-01', '2026-01-03'], [], ['Xi Xu']);
    const days = { ...baseDays, '2026-01-01': ['a', 'b', 'x'], '2026-01-03': ['d', 'x'] };
    const earlier = keys([...base, z, x], days);
    const { '2026-01-02': _dropped, ...withoutSecond } = days;
    expect(changed(keys([...base, z, x], withoutSecond), earlier)).toContain('x');
  });

  it('changes for the papers whose citation key takes another suffix when a paper of the same base key comes', () => {
    // Same first author, year and first title word: the keys are made unique in registry order.
    const first = paper('p1', 'Agents everywhere', ['2026-01-05'], [], ['Ada Lovelace']);
    const second = paper('p2', 'Agents anywhere', ['2026-01-06'], [], ['Ada Lovelace']);
    const days = { ...baseDays, '2026-01-05': ['p1'] };
    const earlier = keys([...base, z, first], days);
    const later = keys([...base, z, second, first], { ...days, '2026-01-06': ['p2'] });
    expect(first.citeBase).toBe(second.citeBase);
    expect(changed(earlier, later)).toContain('p1');
  });

  it('changes for every paper of a topic renamed', () => {
    expect(changed(before, keys([...base, z], baseDays, 'AI agents'))).toEqual(['a', 'b', 'c', 'd', 'z']);
  });
});
