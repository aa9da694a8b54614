/**
 * The real build of the bundled archive: every paper has its page, days list their
 * papers in digest order, nothing links to a page that does not exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { dateFromFileName, readDigest } from '../../src/lib/digest/index.ts';
import { normalizeTitleKey } from '../../src/lib/digest/normalize.ts';
import { fileForPath, findBrokenLinks, listFiles, readPage, selectAll, selectOne, text, asGiven } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');
const SITE = 'https://daybook.example.org';

const digestDir = 'content/digests';
const digests = listFiles(digestDir).map((name) => {
  const file = join(digestDir, name);
  return readDigest(file, readFileSync(file), dateFromFileName(file));
});
const paperPages = listFiles(rootDist).filter((f) => /^papers\/[^/]+\/index\.html$/.test(f));

describe('the built archive', () => {
  it('has one page per unique paper, each with its title as the only h1', () => {
    // Independent count: distinct arXiv ids, else distinct folded titles, over every digest.
    const identities = new Set(digests.flatMap((d) => d.papers.map((p) => p.arxivId ?? normalizeTitleKey(p.title))));
    expect(paperPages.length).toBe(identities.size);
    for (const file of paperPages) {
      const doc = readPage(rootDist, `/${file}`);
      const h1s = selectAll('h1', doc);
      expect(h1s, file).toHaveLength(1);
      expect(text(selectOne('title', doc))).toContain(text(h1s[0]));
    }
  });

  it('gives the seed day exactly its 119 papers, the first "Neural Arithmetic Logic Units"', () => {
    const doc = readPage(rootDist, '/days/2026-11-24/');
    const titles = selectAll('.day-papers h2', doc).map(text);
    expect(titles).toHaveLength(119);
    expect(titles[0]).toBe('Neural Arithmetic Logic Units');
  });

  it('lists every day’s papers in digest order, each linking to its page', () => {
    for (const digest of digests) {
      const doc = readPage(rootDist, `/days/${digest.date}/`);
      const links = selectAll('.day-papers h2 a', doc);
      expect(links.map((link, i) => asGiven(text(link), digest.papers[i]?.title ?? '')), digest.file).toEqual(digest.papers.map((p) => p.title.replace(/\s+/g, ' ').trim()));
      for (const link of links) expect(fileForPath(rootDist, link.attribs['href'] ?? ''), link.attribs['href']).toBeDefined();
    }
  });

  it('shows every day a paper trended as a <time> linking to that day', () => {
    const multiDay = paperPages
      .map((f) => ({ f, doc: readPage(rootDist, `/${f}`) }))
      .filter(({ doc }) => selectAll('.paper__days time', doc).length > 1);
    expect(multiDay.length).toBeGreaterThan(0);
    for (const { f, doc } of multiDay) {
      for (const time of selectAll('.paper__days time', doc)) {
        const date = time.attribs['datetime'] ?? '';
        expect(date, f).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const dayDoc = readPage(rootDist, `/days/${date}/`);
        const slug = f.split('/')[1];
        expect(selectAll('.day-papers h2 a', dayDoc).some((a) => a.attribs['href'] === `/papers/${slug}/`), `${f} on ${date}`).toBe(true);
      }
    }
  });

  it('carries citation meta tags, JSON-LD and a canonical URL on paper pages', () => {
    const withId = paperPages.map((f) => readPage(rootDist, `/${f}`)).find((doc) => selectOne('meta[name=citation_arxiv_id]', doc));
    expect(withId).toBeDefined();
    const doc = withId!;
    expect(selectOne('meta[name=citation_title]', doc)?.attribs['content']).toBe(text(selectOne('h1', doc)));
    expect(selectAll('meta[name=citation_author]', doc).length).toBeGreaterThan(0);
    expect(selectOne('meta[name=citation_publication_date]', doc)?.attribs['content']).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    const ld = JSON.parse(text(selectOne('script[type="application/ld+json"]', doc)));
    expect(ld['@type']).toBe('ScholarlyArticle');
    expect(ld.headline).toBe(text(selectOne('h1', doc)));
    expect(selectOne('link[rel=canonical]', doc)?.attribs['href']).toMatch(/^https:\/\/daybook\.example\.org\/papers\/[a-z0-9-]+\/$/);
  });

  it('has the archive index by year and month with paper counts, and a 404 page', () => {
    const doc = readPage(rootDist, '/days/');
    const months = selectAll('.month h3', doc).map(text);
    expect(months).toContain('November 2026 · 1 day, 119 papers');
    expect(fileForPath(rootDist, '/404.html')).toBeDefined();
  });

  it('has no broken internal link or asset, at the root and under a base path', () => {
    expect(findBrokenLinks(rootDist, '/', SITE)).toEqual([]);
    expect(findBrokenLinks(baseDist, basePath, SITE)).toEqual([]);
    // Under a base, every internal link carries it.
    const doc = readPage(baseDist, '/days/2026-11-24/');
    const href = selectOne('.day-papers h2 a', doc)?.attribs['href'];
    expect(href?.startsWith(`${basePath}papers/`)).toBe(true);
  });
});
