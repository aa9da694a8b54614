/**
 * Topics and related papers in the real build: every topic has its pages (paginated),
 * charts count what the entries say, related lists lead to real papers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fileForPath, readPage, selectAll, selectOne, text } from '../helpers/site.ts';

const dist = inject('rootDist');
const PAGE_SIZE = 50;

/** The bundled entries' frontmatter, read with a YAML parser, not with the site's code. */
const papers = readdirSync('content/papers').map((name) => {
  const raw = readFileSync(join('content/papers', name), 'utf8');
  return { slug: name.replace(/\.md$/, ''), ...(parseYaml(raw.split('---\n')[1]!) as { title: string; days: string[]; topics?: string[]; related?: string[] }) };
});
const topics = readdirSync('content/topics').map((name) => name.replace(/\.mdx?$/, ''));
const papersOf = (topic: string) => papers.filter((p) => p.topics?.includes(topic));
/** The months of the bundled digests, from their file names (August and November 2026: none between). */
const digestMonths = [...new Set(readdirSync('content/digests').map((name) => name.slice(0, 7)))].sort();

describe('topic pages', () => {
  it('exist for every topic: a front page of the newest papers, and archive pages numbered from the oldest', () => {
    for (const topic of topics) {
      const expected = papersOf(topic);
      const pages = Math.ceil(expected.length / PAGE_SIZE);
      const listed: string[] = [];
      for (let n = 1; n <= pages; n++) {
        const doc = readPage(dist, `/topics/${topic}/${n}/`);
        const links = selectAll('.topic-papers h3 a', doc).map((a) => a.attribs['href']!);
        // Every page but the newest is full: adding papers only ever changes the last one.
        if (n < pages) expect(links, `${topic} page ${n}`).toHaveLength(PAGE_SIZE);
        listed.push(...links);
      }
      expect(fileForPath(dist, `/topics/${topic}/${pages + 1}/`), topic).toBeUndefined();
      expect(listed.sort(), topic).toEqual(expected.map((p) => `/papers/${p.slug}/`).sort());
      // Page 1 holds the topic's first papers: none of them is newer than any paper of page 2.
      if (pages > 1) {
        const firstDay = (href: string) => papers.find((p) => `/papers/${p.slug}/` === href)!.days[0]!;
        const days = (n: number) => selectAll('.topic-papers h3 a', readPage(dist, `/topics/${topic}/${n}/`)).map((a) => firstDay(a.attribs['href']!)).sort();
        expect(days(1).at(-1)! <= days(2)[0]!, topic).toBe(true);
      }
      // The front page shows the newest papers, whole archive pages of them (half a page to a page and a half), and its
      // one "older" link leads to the archive page where it stops: nothing read twice, nothing skipped (issue 27).
      const frontDoc = readPage(dist, `/topics/${topic}/`);
      const front = selectAll('.topic-papers h3 a', frontDoc).map((a) => a.attribs['href']!);
      const older = selectOne('nav.pager a[rel="next"]', frontDoc)?.attribs['href'];
      if (older === undefined) {
        // A topic of up to a page and a half: all of it on the front page.
        expect(front.sort(), topic).toEqual(listed);
        expect(front.length, topic).toBeLessThan(PAGE_SIZE * 1.5);
      } else {
        expect(front.length, topic).toBeGreaterThanOrEqual(PAGE_SIZE / 2);
        expect(front.length, topic).toBeLessThan(PAGE_SIZE * 1.5);
        const olderPage = Number(/\/topics\/[^/]+\/(\d+)\/$/.exec(older ?? '')?.[1]);
        const olderLinks = selectAll('.topic-papers h3 a', readPage(dist, `/topics/${topic}/${olderPage}/`)).map((a) => a.attribs['href']!);
        expect(olderLinks.filter((href) => front.includes(href)), topic).toEqual([]);
        expect(olderPage * PAGE_SIZE + front.length, topic).toBe(expected.length);
        // "From the start" only when it is not the same page.
        const links = selectAll('nav.pager a', frontDoc).map((a) => a.attribs['href']);
        expect(new Set(links).size, topic).toBe(links.length);
      }
    }
    expect(topics.some((t) => papersOf(t).length > PAGE_SIZE)).toBe(true);
  });

  it('lists papers newest first', () => {
    const topic = topics.find((t) => papersOf(t).length > 10)!;
    const links = selectAll('.topic-papers h3 a', readPage(dist, `/topics/${topic}/`)).map((a) => a.attribs['href']!.split('/')[2]!);
    const firstDays = links.map((slug) => papers.find((p) => p.slug === slug)!.days[0]!);
    expect([...firstDays].sort().reverse()).toEqual(firstDays);
  });

  it('draws a chart whose bars count the topic’s papers per month of their first day', () => {
    for (const topic of topics) {
      const counts = new Map<string, number>();
      for (const p of papersOf(topic)) counts.set(p.days[0]!.slice(0, 7), (counts.get(p.days[0]!.slice(0, 7)) ?? 0) + 1);
      const bars = selectAll('svg.timeline rect', readPage(dist, `/topics/${topic}/`));
      // One bar per month that has a digest, none for the months between without one (a calendar view grows with the days published).
      expect(bars.map((bar) => bar.attribs['data-month']), topic).toEqual(digestMonths);
      for (const bar of bars) expect(Number(bar.attribs['data-count']), `${topic} ${bar.attribs['data-month']}`).toBe(counts.get(bar.attribs['data-month']!) ?? 0);
      const total = bars.reduce((n, b) => n + Number(b.attribs['data-count']), 0);
      expect(total, topic).toBe(papersOf(topic).length);
    }
  });

  it('lists every topic with its count on /topics/', () => {
    const doc = readPage(dist, '/topics/');
    const cards = selectAll('.topic-card', doc);
    expect(cards).toHaveLength(topics.length);
    for (const card of cards) {
      const slug = selectOne('h2 a', card)!.attribs['href']!.split('/')[2]!;
      expect(text(selectOne('.topic-card__count', card)), slug).toBe(`${papersOf(slug).length} paper${papersOf(slug).length === 1 ? '' : 's'}`);
    }
  });

  it('keeps a renamed topic’s old URL leading to it', () => {
    const withAlias = readdirSync('content/topics')
      .map((name) => ({ slug: name.replace(/\.mdx?$/, ''), data: parseYaml(readFileSync(join('content/topics', name), 'utf8').split('---\n')[1]!) as { aliases?: string[] } }))
      .find((t) => t.data.aliases?.length);
    expect(withAlias).toBeDefined();
    const html = readFileSync(fileForPath(dist, `/topics/${withAlias!.data.aliases![0]}/`)!, 'utf8');
    expect(html).toContain(`url=/topics/${withAlias!.slug}/`);
  });

  it('keeps the pages and open data of merged topics answering at their old slugs', () => {
    const merged: [string, string][] = [['security-and-forensics', 'ai-safety'], ['architectures', 'efficient-inference'], ['long-context-memory', 'efficient-inference']];
    const sitemap = readFileSync(join(dist, 'sitemap-0.xml'), 'utf8');
    for (const [old, current] of merged) {
      expect(readFileSync(fileForPath(dist, `/topics/${old}/`)!, 'utf8'), old).toContain(`url=/topics/${current}/`);
      // Its numbered archive pages too, as many as the topic it became has; none in the sitemap.
      const pages = readdirSync(join(dist, 'topics', current)).filter((name) => /^\d+$/.test(name));
      expect(pages.length, current).toBeGreaterThan(0);
      for (const page of pages) expect(readFileSync(fileForPath(dist, `/topics/${old}/${page}/`)!, 'utf8'), `${old}/${page}`).toContain(`url=/topics/${current}/`);
      expect(sitemap, old).not.toContain(`/topics/${old}/`);
      const file = JSON.parse(readFileSync(join(dist, 'api/v1/topics', `${old}.json`), 'utf8')) as { slug: string; count: number };
      expect(file.slug, old).toBe(current);
      expect(file.count, old).toBe(papersOf(current).length);
    }
  });
});

describe('paper and day pages', () => {
  it('link their topics inside <main>', () => {
    for (const paper of papers.filter((p) => p.topics?.length).slice(0, 40)) {
      const hrefs = selectAll('main a', readPage(dist, `/papers/${paper.slug}/`)).map((a) => a.attribs['href']);
      for (const topic of paper.topics!) expect(hrefs, paper.slug).toContain(`/topics/${topic}/`);
    }
    const day = readPage(dist, '/days/2026-11-24/');
    expect(selectAll('main .tags a', day).length).toBeGreaterThan(100);
  });

  it('show up to five related papers that exist and are never the paper itself', () => {
    let withRelated = 0;
    for (const paper of papers) {
      const links = selectAll('#related li a', readPage(dist, `/papers/${paper.slug}/`)).map((a) => a.attribs['href']!);
      expect(links.length, paper.slug).toBeLessThanOrEqual(5);
      expect(links, paper.slug).not.toContain(`/papers/${paper.slug}/`);
      for (const href of links) expect(fileForPath(dist, href), href).toBeDefined();
      if (links.length > 0) withRelated++;
    }
    expect(withRelated).toBe(papers.length);
  });

  it('show the paper’s key phrases', () => {
    const paper = papers[0]!;
    const phrases = selectAll('.phrases li', readPage(dist, `/papers/${paper.slug}/`));
    expect(phrases.length).toBeGreaterThanOrEqual(3);
  });
});
