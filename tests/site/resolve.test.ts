/**
 * The bundled text days as `npm run resolve` left them (content/resolved/): every paper page of
 * those days leads to arXiv and its PDF, names the authors and cites the right year; a paper nobody
 * resolved (the seed day) still leads to searches by its title and cites only what is known.
 * BibTeX is read by a real parser (@retorquere/bibtex-parser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, inject, it } from 'vitest';
import { readPage, selectAll, selectOne, text } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const TEXT_DAYS = ['2026-08-05', '2026-08-06', '2026-08-07'];

/** The real Hugging Face answers the resolver was run against: what each paper must show. */
const listed = new Map(
  TEXT_DAYS.flatMap((day) =>
    (JSON.parse(readFileSync(`tests/fixtures/hf-api/${day}.json`, 'utf8')) as { paper: { id: string; publishedAt: string; authors: { name: string }[] } }[]).map(
      (e) => [e.paper.id, e.paper] as const,
    ),
  ),
);

const dayPapers = (day: string) => selectAll('.day-papers h2 a', readPage(rootDist, `/days/${day}/`)).map((a) => a.attribs['href']!);
const bibtexOf = (doc: ReturnType<typeof readPage>) => {
  const { entries, errors } = parse(text(selectOne('.cite pre', doc)), { sentenceCase: false });
  expect(errors).toEqual([]);
  return entries[0]!;
};

describe('resolved text days', () => {
  it('give every paper page its arXiv and PDF links, its authors and the year of its first version in BibTeX', () => {
    let pages = 0;
    for (const day of TEXT_DAYS) {
      for (const href of dayPapers(day)) {
        const doc = readPage(rootDist, href);
        const arxiv = selectAll('.paper__links a', doc).find((a) => /^arXiv:/.test(text(a)));
        expect(arxiv, href).toBeDefined();
        const id = text(arxiv!).slice('arXiv:'.length);
        const paper = listed.get(id);
        expect(paper, `${href}: ${id} is in Hugging Face's list of ${day}`).toBeDefined();
        expect(arxiv!.attribs['href']).toBe(`https://arxiv.org/abs/${id}`);
        expect(selectAll('.paper__links a', doc).find((a) => text(a) === 'PDF')?.attribs['href']).toBe(`https://arxiv.org/pdf/${id}`);
        expect(selectAll('meta[name=citation_author]', doc).map((m) => m.attribs['content'])).toEqual(paper!.authors.map((a) => a.name));
        expect(selectAll('.paper__links a', doc).some((a) => text(a) === 'Find on arXiv')).toBe(false);
        const entry = bibtexOf(doc);
        expect(entry.fields['year']).toBe(paper!.publishedAt.slice(0, 4));
        expect(entry.fields['eprint']).toBe(id);
        expect(entry.key).not.toMatch(/^anon/);
        pages++;
      }
    }
    expect(pages).toBe(71);
  });

  it('leave a paper nobody resolved with searches by its title and a citation that invents nothing', () => {
    const doc = readPage(rootDist, '/papers/neural-arithmetic-logic-units/');
    const links = new Map(selectAll('.paper__links a', doc).map((a) => [text(a), a.attribs['href']!]));
    expect(links.get('Find on arXiv')).toBe('https://arxiv.org/search/?query=Neural+Arithmetic+Logic+Units&searchtype=title');
    expect(new URL(links.get('Semantic Scholar')!).searchParams.get('q')).toBe('Neural Arithmetic Logic Units');
    expect(new URL(links.get('Google Scholar')!).searchParams.get('q')).toBe('"Neural Arithmetic Logic Units"');
    expect([...links.keys()].some((t) => t.startsWith('arXiv:') || t === 'PDF')).toBe(false);
    expect(selectOne('meta[name=citation_publication_date]', doc)).toBeNull();
    const entry = bibtexOf(doc);
    expect(entry.type).toBe('misc');
    expect(entry.key).toBe('neuralarithmetic');
    expect(entry.fields).toEqual({ title: 'Neural Arithmetic Logic Units', url: 'https://daybook.example.org/papers/neural-arithmetic-logic-units/', note: 'Trending on 2026-11-24' });
  });

  it('publish the resolved fields in the open data, with the primary category field', () => {
    const lines = gunzipSync(readFileSync(join(rootDist, 'api/v1/archive-2026.jsonl.gz'))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const resolved = lines.filter((r) => listed.has(r['arxivId'] as string) && (r['days'] as string[]).some((d) => TEXT_DAYS.includes(d)));
    expect(resolved).toHaveLength(71);
    for (const record of resolved) {
      expect(record['authors']).toEqual(listed.get(record['arxivId'] as string)!.authors.map((a) => a.name));
      expect(record).toHaveProperty('primaryCategory', null);
      expect(record).toHaveProperty('categories', []);
    }
    const schema = JSON.parse(readFileSync(join(rootDist, 'api/v1/schemas/archive-line.schema.json'), 'utf8'));
    expect(schema.$defs.paper.required).toEqual(expect.arrayContaining(['primaryCategory', 'categories']));
  });
});
