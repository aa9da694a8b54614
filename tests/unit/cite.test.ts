/**
 * Citations, watches and saved-list transfer as pure logic. BibTeX is checked by a real BibTeX
 * parser (@retorquere/bibtex-parser, the one behind Better BibTeX for Zotero), never by the code
 * that writes it.
 */
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { assignKeys, baseKey, bibtex, citeBase, citeYear, csl, plainCitation, ris } from '../../src/lib/cite/index.ts';
import type { CiteSource } from '../../src/lib/cite/index.ts';
import { bibFile, readImport, readShareFragment, shareFragment } from '../../src/lib/saved/transfer.ts';
import { matchWatch, parseQuery } from '../../src/lib/watch/match.ts';

const source = (over: Partial<CiteSource> = {}): CiteSource => ({
  key: 'watanabe2026cityarena',
  title: '360CityArena: A Realistic Virtual Urban Navigation Benchmark',
  authors: ['Kenta Watanabe', 'Atsuyuki Miyai'],
  year: '2026',
  arxivId: '2608.08814',
  pageUrl: 'https://daybook.example.org/papers/360cityarena/',
  ...over,
});

/** Parse errors other than the parser not knowing a TeX macro (which says nothing about the entry's syntax). */
const syntaxErrors = (bib: string) => parse(bib, { raw: true }).errors.filter((e) => !/unhandled macro/.test(e.error));

/** BibTeX's own rule: every brace of a field is counted, escaped or not. */
function balanced(bib: string): boolean {
  let depth = 0;
  for (const c of bib) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

const HOSTILE = [
  'CityArena: A {Benchmark',
  'Closing } brace and }} more',
  '}{ swapped }{',
  'Back\\slash \\end{document} \\input{/etc/passwd}',
  'Entry break: }, author = {Mallory}, title = {Pwned',
  '@misc{evil, title = {x}} trailing',
  '100% & #1 _under_ ^caret ~tilde $5',
  'Math $\\mathcal{O}(n^2)$ and $\\{x\\}$ and $\\{$ lone',
  'Odd $ dollar $x$',
  'Quote " and , comma = { and \\" and \\\\',
  'Unicode: Ünïcødé — 日本語 — עברית',
  '\\',
  '{',
  '$',
];

describe('BibTeX', () => {
  it('cites a paper of a title-only digest with what is known: title, its page and the day it trended, no year', () => {
    const bib = bibtex(source({ key: 'neuralarithmetic', authors: [], year: undefined, arxivId: undefined, title: 'Neural Arithmetic Logic Units', trendingOn: '2026-11-24', pageUrl: 'https://daybook.example.org/papers/neural-arithmetic-logic-units/' }));
    const { entries, errors } = parse(bib, { sentenceCase: false });
    expect(errors).toEqual([]);
    expect(entries[0]?.type).toBe('misc');
    expect(entries[0]?.key).toBe('neuralarithmetic');
    expect(entries[0]?.fields).toEqual({ title: 'Neural Arithmetic Logic Units', url: 'https://daybook.example.org/papers/neural-arithmetic-logic-units/', note: 'Trending on 2026-11-24' });
    const plain = plainCitation(source({ authors: [], year: undefined, arxivId: undefined, title: 'Neural Arithmetic Logic Units', trendingOn: '2026-11-24', pageUrl: 'https://daybook.example.org/papers/nalu/' }));
    expect(plain).toBe('Neural Arithmetic Logic Units. Trending on 2026-11-24. https://daybook.example.org/papers/nalu/.');
  });

  it('writes what arXiv gives for an arXiv paper', () => {
    const bib = bibtex(source());
    const [entry] = parse(bib, { sentenceCase: false }).entries;
    expect(entry?.type).toBe('misc');
    expect(entry?.key).toBe('watanabe2026cityarena');
    expect(entry?.fields['eprint']).toBe('2608.08814');
    expect(entry?.fields['archiveprefix']).toBe('arXiv');
    expect(entry?.fields['url']).toBe('https://arxiv.org/abs/2608.08814');
    expect(entry?.fields['year']).toBe('2026');
    expect(entry?.fields['author']).toEqual([
      { lastName: 'Watanabe', firstName: 'Kenta' },
      { lastName: 'Miyai', firstName: 'Atsuyuki' },
    ]);
    expect(entry?.fields['title']).toBe('360CityArena: A Realistic Virtual Urban Navigation Benchmark');
  });

  it('braces the words whose capitals a style must keep, and keeps TeX', () => {
    const bib = bibtex(source({ title: 'GPT-4 vs LLaMA-2 on Self-Supervised $\\mathcal{O}(n)$ Tasks' }));
    const title = /title = \{(.*)\},\n/.exec(bib)?.[1];
    expect(title).toBe('{GPT-4} vs {LLaMA-2} on Self-Supervised $\\mathcal{O}(n)$ Tasks');
  });

  it('writes a page-URL @misc for a paper without an arXiv id', () => {
    const [entry] = parse(bibtex(source({ arxivId: undefined })), { sentenceCase: false }).entries;
    expect(entry?.fields['url']).toBe('https://daybook.example.org/papers/360cityarena/');
    expect(entry?.fields['eprint']).toBeUndefined();
  });

  it.each(HOSTILE)('hostile title %j gives one valid entry with every field', (title) => {
    const bib = bibtex(source({ title, authors: ['Tom and Jerry', 'José {Ñ García', 'Last, First, Jr', 'Plato}'] }));
    expect(balanced(bib)).toBe(true);
    expect(syntaxErrors(bib)).toEqual([]);
    const library = parse(bib, { sentenceCase: false });
    expect(library.entries).toHaveLength(1);
    const [entry] = library.entries;
    expect(entry?.key).toBe('watanabe2026cityarena');
    expect(Object.keys(entry?.fields ?? {}).sort()).toEqual(['archiveprefix', 'author', 'eprint', 'title', 'url', 'year']);
    expect(entry?.fields['author']).toHaveLength(4);
    // The title's words survive (what a parser makes of the TeX aside).
    for (const word of title.split(/[^\p{L}]+/u).filter((w) => w.length > 3 && !/^(mathcal|input|document)$/.test(w))) {
      expect(String(entry?.fields['title'])).toContain(word);
    }
  });

  it('cuts very long author lists with "and others"', () => {
    const authors = Array.from({ length: 40 }, (_, i) => `Author Number${i}`);
    const [entry] = parse(bibtex(source({ authors })), { sentenceCase: false }).entries;
    const parsed = entry?.fields['author'] as { lastName?: string; name?: string }[];
    expect(parsed).toHaveLength(11);
    expect(parsed.at(-1)?.name ?? parsed.at(-1)?.lastName).toBe('others');
  });

  it('writes 60,000 entries in well under a few seconds', () => {
    const started = performance.now();
    for (let i = 0; i < 60_000; i++) bibtex(source({ title: `Paper ${i}: LLM-based {Agents} with $\\alpha$ and GPT-4`, authors: ['Yuki Watanabe', 'Ken Sato', 'Ada Lovelace'] }));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('citation keys', () => {
  it('are family name, year and first significant title word', () => {
    expect(baseKey(['Kenta Watanabe'], '2026', 'CityArena: A Benchmark')).toBe('watanabe2026cityarena');
    expect(baseKey(['José Ñúñez'], '2025', 'On the Art of $\\alpha$-Scaling')).toBe('nunez2025art');
    expect(baseKey([], '2024', '日本語')).toBe('paper2024');
  });

  it('go without authors and a year they do not know, never "anon"', () => {
    expect(baseKey([], undefined, 'Neural Arithmetic Logic Units')).toBe('neuralarithmetic');
    expect(baseKey(['Andrew Trask'], undefined, 'Neural Arithmetic Logic Units')).toBe('traskneural');
  });

  it('take the year of publication, else of the arXiv id, never of the day a paper trended', () => {
    expect(citeYear({ data: { publishedAt: '2025-12-30', arxivId: '2601.00042' } })).toBe('2025');
    expect(citeYear({ data: { arxivId: '1706.03762' } })).toBe('2017');
    expect(citeYear({ data: { arxivId: '2604.123456' } })).toBeUndefined();
    expect(citeYear({ data: {} })).toBeUndefined();
    expect(citeBase({ data: { authors: ['Ashish Vaswani', 'Noam Shazeer'], title: 'Attention Is All You Need', arxivId: '1706.03762' } })).toBe('vaswani2017attention');
    expect(citeBase({ data: { authors: [], title: 'Neural Arithmetic Logic Units' } })).toBe('neuralarithmetic');
  });

  it('are unique, and a later paper never takes an earlier one’s key', () => {
    const papers = [
      { id: 'a', base: 'watanabe2026cityarena' },
      { id: 'b', base: 'watanabe2026cityarena' },
      { id: 'c', base: 'lee2026x' },
    ];
    const first = assignKeys(papers);
    expect([...first.values()]).toEqual(['watanabe2026cityarena', 'watanabe2026cityarenab', 'lee2026x']);
    const later = assignKeys([...papers, { id: 'd', base: 'watanabe2026cityarena' }, { id: 'e', base: 'watanabe2026cityarenab' }]);
    for (const [id, key] of first) expect(later.get(id)).toBe(key);
    expect(new Set(later.values()).size).toBe(5);
  });
});

describe('plain text, RIS, CSL-JSON', () => {
  it('agree with the entry', () => {
    expect(plainCitation(source())).toBe('Kenta Watanabe and Atsuyuki Miyai (2026). 360CityArena: A Realistic Virtual Urban Navigation Benchmark. arXiv:2608.08814.');
    expect(ris(source()).split('\r\n')).toContain('AU  - Watanabe, Kenta');
    expect(csl(source())).toMatchObject({ id: 'watanabe2026cityarena', author: [{ family: 'Watanabe', given: 'Kenta' }, { family: 'Miyai' }], issued: { 'date-parts': [[2026]] } });
  });
});

describe('watches', () => {
  const paper = { title: 'Diffusion-Based World Models for Robots', authors: ['Ana García', 'Bo Li'], topics: ['robotics'], code: true };
  it('match words, phrases, authors, topics and code, and not exclusions', () => {
    expect(parseQuery('diffusion "world model" -survey')).toEqual({ include: ['diffusion', 'world model'], exclude: ['survey'] });
    expect(matchWatch({ id: '1', words: 'diffusion' }, paper)?.title).toEqual([[0, 9]]);
    expect(matchWatch({ id: '1', words: '"world models"' }, paper)).toBeDefined();
    expect(matchWatch({ id: '1', words: 'diffusion -robots' }, paper)).toBeUndefined();
    expect(matchWatch({ id: '1', words: 'fusion' }, paper)).toBeUndefined();
    expect(matchWatch({ id: '1', authors: 'garcia' }, paper)?.authors).toEqual([0]);
    expect(matchWatch({ id: '1', topic: 'robotics', code: true }, paper)).toBeDefined();
    expect(matchWatch({ id: '1', topic: 'nlp' }, paper)).toBeUndefined();
    expect(matchWatch({ id: '1', code: true }, { ...paper, code: false })).toBeUndefined();
    expect(matchWatch({ id: '1' }, paper)).toBeUndefined();
  });
});

describe('moving a saved list', () => {
  it('round-trips a share link and a .bib export', () => {
    expect(readShareFragment(shareFragment(['a-b', 'c']))).toEqual(['a-b', 'c']);
    expect(readShareFragment('#papers=a,<script>,b')).toEqual(['a', 'b']);
    const file = bibFile([
      { slug: 'paper-one', bibtex: bibtex(source()) },
      { slug: 'paper-two', bibtex: bibtex(source({ key: 'x2026y', arxivId: undefined, pageUrl: 'https://d.example/papers/paper-two/' })) },
    ]);
    expect(parse(file).entries).toHaveLength(2);
    expect(readImport(file).map((p) => p.slug)).toEqual(['paper-one', 'paper-two']);
    // Without the comments, the Daybook URL or the arXiv id still finds the paper.
    const bare = file.replace(/@comment\{[^}]*\}\n/g, '');
    expect(readImport(bare, (id) => (id === '2608.08814' ? 'paper-one' : undefined)).map((p) => p.slug)).toEqual(['paper-one', 'paper-two']);
  });
});
