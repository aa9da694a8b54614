/**
 * Weeks, months, momentum, the digest's extras and the open data, on the real build of the
 * bundled archive. Every expectation is computed here from the digests themselves
 * (content/digests: upvotes, stars, summaries, titles) and the entries ingest wrote (which slug a
 * digest line became, a paper's topics): never from the code under test.
 */
import AxeBuilder from '@axe-core/playwright';
import Ajv2020 from 'ajv/dist/2020.js';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { htmlProblems } from '../helpers/html.ts';
import { fileForPath, listFiles, readPage, selectAll, selectOne, text, asGiven } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');
const SITE = 'https://daybook.example.org';

// ---------------------------------------------------------------------------
// The digests, read directly

interface Line {
  slug: string;
  date: string;
  position: number;
  title: string;
  upvotes?: number | undefined;
  stars?: number | undefined;
  hf?: { id: string; aiSummary?: string; model?: string; keywords?: string[]; organization?: string } | undefined;
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A text digest's titles: after the header lines, titles and abstracts alternate. */
function textTitles(file: string): string[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^get trending papers/i.test(l));
  lines[0] = lines[0]!.replace(/^Subscribe/, '');
  return lines.filter((_, i) => i % 2 === 0);
}

const digestFiles = listFiles('content/digests');
const days: { date: string; lines: Line[] }[] = digestFiles.map((name) => {
  const date = name.slice(0, 10);
  const slugs = (JSON.parse(readFileSync(`content/days/${date}.json`, 'utf8')) as { papers: string[] }).papers;
  const file = `content/digests/${name}`;
  let lines: Line[];
  if (name.endsWith('.json')) {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as { paper: Record<string, unknown>; numComments?: number; organization?: { fullname?: string } }[];
    lines = entries.map((e, position) => {
      const p = e.paper;
      const org = (p['organization'] as { fullname?: string } | undefined) ?? e.organization;
      return {
        slug: slugs[position]!,
        date,
        position,
        title: flat(String(p['title'])),
        upvotes: typeof p['upvotes'] === 'number' ? p['upvotes'] : undefined,
        stars: typeof p['githubStars'] === 'number' ? p['githubStars'] : undefined,
        hf: {
          id: String(p['id']),
          ...(typeof p['ai_summary'] === 'string' ? { aiSummary: flat(p['ai_summary']), model: String(p['ai_summary_model']) } : {}),
          ...(Array.isArray(p['ai_keywords']) ? { keywords: p['ai_keywords'] as string[] } : {}),
          ...(org?.fullname ? { organization: flat(org.fullname) } : {}),
        },
      };
    });
  } else {
    lines = textTitles(file).map((title, position) => ({ slug: slugs[position]!, date, position, title: flat(title) }));
  }
  expect(lines.length, `${name}: papers in the digest and in content/days`).toBe(slugs.length);
  return { date, lines };
});

/** ISO week of a day, by the definition: the week (Monday to Sunday) holding its Thursday belongs to that Thursday's year. */
function isoWeek(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

const topicsOf = new Map<string, string[]>();
function paperTopics(slug: string): string[] {
  let topics = topicsOf.get(slug);
  if (!topics) {
    const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(`content/papers/${slug}.md`, 'utf8'))!;
    topics = ((parseYaml(match[1]!) as { topics?: string[] }).topics ?? []) as string[];
    topicsOf.set(slug, topics);
  }
  return topics;
}

const firstDay = new Map<string, string>();
for (const day of days) for (const l of day.lines) if (!firstDay.has(l.slug)) firstDay.set(l.slug, day.date);

type Kind = 'week' | 'month';
function periods(kind: Kind): { id: string; lines: Line[]; dates: string[] }[] {
  const map = new Map<string, { id: string; lines: Line[]; dates: string[] }>();
  for (const day of days) {
    const id = kind === 'week' ? isoWeek(day.date) : day.date.slice(0, 7);
    const p = map.get(id) ?? { id, lines: [], dates: [] };
    p.lines.push(...day.lines);
    p.dates.push(day.date);
    map.set(id, p);
  }
  return [...map.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The ranking the issue asks for: days in the period, then upvotes (or stars), then digest order. */
function expectedRanking(lines: Line[]): string[] {
  const by = new Map<string, { days: number; score: number; first: [string, number] }>();
  for (const l of lines) {
    const r = by.get(l.slug) ?? { days: 0, score: -1, first: [l.date, l.position] as [string, number] };
    r.days += 1;
    by.set(l.slug, r);
  }
  // Upvotes where any digest of the period gave them, else stars.
  for (const [slug, r] of by) {
    const mine = lines.filter((l) => l.slug === slug);
    const up = mine.flatMap((l) => (l.upvotes === undefined ? [] : [l.upvotes]));
    const st = mine.flatMap((l) => (l.stars === undefined ? [] : [l.stars]));
    r.score = up.length ? Math.max(...up) : st.length ? Math.max(...st) : -1;
  }
  return [...by]
    .sort(([, a], [, b]) => b.days - a.days || b.score - a.score || a.first[0].localeCompare(b.first[0]) || a.first[1] - b.first[1])
    .map(([slug]) => slug);
}

const pagePath = (kind: Kind, id: string) => (kind === 'week' ? `/weeks/${id}/` : `/months/${id}/`);

// ---------------------------------------------------------------------------

describe('week and month pages', () => {
  it('the bundled days fall in the ISO weeks a calendar gives', () => {
    expect(periods('week').map((p) => p.id)).toEqual(['2026-W32', '2026-W33', '2026-W34', '2026-W48']);
    expect(periods('month').map((p) => p.id)).toEqual(['2026-08', '2026-11']);
  });

  for (const kind of ['week', 'month'] as const) {
    it(`has a page for every ${kind} with a day, listed on the index, linking its days and its neighbours`, () => {
      const all = periods(kind);
      const index = readPage(rootDist, kind === 'week' ? '/weeks/' : '/months/');
      const listed = selectAll('.periods a', index).map((a) => a.attribs['href']);
      all.forEach((p, i) => {
        const doc = readPage(rootDist, pagePath(kind, p.id));
        expect(selectAll('h1', doc)).toHaveLength(1);
        expect(listed).toContain(pagePath(kind, p.id));
        const dayLinks = selectAll('.period-days a', doc).map((a) => a.attribs['href']);
        expect(dayLinks).toEqual(p.dates.map((d) => `/days/${d}/`));
        expect(selectOne('a[rel=prev]', doc)?.attribs['href']).toBe(i > 0 ? pagePath(kind, all[i - 1]!.id) : undefined);
        expect(selectOne('a[rel=next]', doc)?.attribs['href']).toBe(i + 1 < all.length ? pagePath(kind, all[i + 1]!.id) : undefined);
        // Under the base path too.
        expect(fileForPath(baseDist, pagePath(kind, p.id))).toBeDefined();
      });
    });

    it(`ranks each ${kind}'s papers by days trended, then upvotes or stars, then digest order, top 50, marked new or still trending`, () => {
      for (const p of periods(kind)) {
        const doc = readPage(rootDist, pagePath(kind, p.id));
        const items = selectAll('.period-papers > li', doc);
        const expected = expectedRanking(p.lines);
        expect(items.map((li) => li.attribs['data-slug']), p.id).toEqual(expected.slice(0, 50));
        const start = p.dates[0]!.slice(0, kind === 'week' ? 10 : 7);
        for (const li of items) {
          const slug = li.attribs['data-slug']!;
          const isNew = kind === 'week' ? firstDay.get(slug)! >= weekMonday(p.id) : firstDay.get(slug)!.startsWith(start);
          expect(text(li), slug).toContain(isNew ? 'New' : 'Still trending');
          const n = p.lines.filter((l) => l.slug === slug).length;
          expect(text(li)).toContain(`${n} ${n === 1 ? 'day' : 'days'} this ${kind}`);
        }
      }
    });

    it(`shows each ${kind}'s rising subjects with figures computed from the papers' topics`, () => {
      const all = periods(kind);
      all.forEach((p, i) => {
        const doc = readPage(rootDist, pagePath(kind, p.id));
        const shown = selectAll('.rising li', doc).map((li) => [selectOne('a', li)!.attribs['href'], selectOne('[data-rising]', li)!.attribs['data-rising']]);
        const unique = (lines: Line[]) => [...new Set(lines.map((l) => l.slug))];
        const now = unique(p.lines);
        const before = all.slice(Math.max(0, i - 4), i).flatMap((q) => unique(q.lines));
        if (before.length === 0) {
          expect(shown).toEqual([]);
          return;
        }
        const count = (slugs: string[], t: string) => slugs.filter((s) => paperTopics(s).includes(t)).length;
        const topics = [...new Set(now.flatMap(paperTopics))];
        const expected = topics
          .map((t) => ({ t, n: count(now, t), b: count(before, t) }))
          .map((r) => ({ ...r, points: Math.round((r.n / now.length - r.b / before.length) * 1000) / 10 }))
          .filter((r) => r.n >= 2 && r.points > 0)
          .sort((a, b) => b.points - a.points || b.n - a.n || a.t.localeCompare(b.t))
          .slice(0, 5);
        expect(shown, p.id).toEqual(expected.map((r) => [`/topics/${r.t}/`, `${r.n}/${now.length} ${r.b}/${before.length}`]));
        for (const [li, r] of selectAll('.rising li', doc).map((li, k) => [li, expected[k]!] as const)) expect(text(li)).toContain(`up ${r.points} points`);
      });
    });
  }

  it('links weeks and months from the day archive and each day', () => {
    const archive = readPage(rootDist, '/days/');
    const links = selectAll('a', archive).map((a) => a.attribs['href']);
    for (const p of periods('month')) expect(links).toContain(`/months/${p.id}/`);
    expect(links).toContain('/weeks/');
    for (const day of days) {
      const hrefs = selectAll('.day-header a', readPage(rootDist, `/days/${day.date}/`)).map((a) => a.attribs['href']);
      expect(hrefs).toEqual(expect.arrayContaining([`/weeks/${isoWeek(day.date)}/`, `/months/${day.date.slice(0, 7)}/`]));
    }
  });
});

function weekMonday(id: string): string {
  // The Monday of ISO week `id`: the week holding 4 January is week 1.
  const year = Number(id.slice(0, 4));
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(id.slice(6)) - 1) * 7 * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

describe('the weekly feed and e-mail', () => {
  it('/weeks/rss.xml has one item per week, newest first, each with the week’s papers, valid for feedparser', () => {
    const weeks = periods('week');
    const script = String.raw`
import sys, json, feedparser
d = feedparser.parse(open(sys.argv[1], 'rb').read())
print(json.dumps({'bozo': bool(d.bozo), 'version': d.version, 'entries': [{'link': e.link, 'summary': e.get('summary', '')} for e in d.entries]}))`;
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const parsed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, join(dist, 'weeks/rss.xml')], { encoding: 'utf8' })) as {
        bozo: boolean;
        version: string;
        entries: { link: string; summary: string }[];
      };
      expect(parsed.bozo).toBe(false);
      expect(parsed.version).toBe('rss20');
      expect(parsed.entries.map((e) => e.link)).toEqual([...weeks].reverse().map((w) => `${SITE}${base}weeks/${w.id}/`));
      for (const [entry, week] of parsed.entries.map((e, i) => [e, [...weeks].reverse()[i]!] as const)) {
        for (const slug of expectedRanking(week.lines).slice(0, 50)) expect(entry.summary).toContain(`${SITE}${base}papers/${slug}/`);
      }
    }
  });

  it('every week has an e-mail: tables and inline styles, absolute links, no script or external styles, under 100 KB', () => {
    for (const week of periods('week')) {
      const file = join(rootDist, 'weeks', week.id, 'email.html');
      const html = readFileSync(file, 'utf8');
      expect(statSync(file).size).toBeLessThanOrEqual(100_000);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<link[^>]+stylesheet/i);
      expect(html).not.toMatch(/<style/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).toMatch(/<table role="presentation"/);
      const doc = readPage(rootDist, `/weeks/${week.id}/email.html`);
      const hrefs = selectAll('a', doc).map((a) => a.attribs['href']!);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href).toMatch(/^https:\/\/daybook\.example\.org\//);
      for (const slug of expectedRanking(week.lines).slice(0, 50)) expect(hrefs).toContain(`${SITE}/papers/${slug}/`);
    }
  });
});

describe('the digest’s extras and momentum', () => {
  it('shows each Hugging Face paper’s summary (labelled machine-written, with its model), key phrases, stars, organisation and HF page: latest values', () => {
    const latest = new Map<string, Line>();
    for (const day of days) for (const l of day.lines) if (l.hf) latest.set(l.slug, l);
    expect(latest.size).toBeGreaterThan(100);
    let summaries = 0;
    for (const [slug, l] of latest) {
      const doc = readPage(rootDist, `/papers/${slug}/`);
      const hf = l.hf!;
      const links = selectAll('.paper__links a', doc).map((a) => a.attribs['href']);
      expect(links, slug).toContain(`https://huggingface.co/papers/${hf.id}`);
      if (hf.aiSummary) {
        summaries++;
        const aside = selectOne('.paper__ai', doc);
        expect(text(aside), slug).toContain(hf.aiSummary);
        expect(text(aside)).toContain('machine-written');
        expect(text(aside)).toContain(hf.model!);
      }
      if (hf.keywords?.length) {
        const phrases = selectAll('.phrases li', doc).map(text);
        expect(phrases, slug).toEqual(expect.arrayContaining(hf.keywords.slice(0, 3).map(flat)));
      }
      if (l.stars !== undefined) expect(text(selectOne('.paper__links', doc)), slug).toContain(`★ ${l.stars.toLocaleString('en')}`);
      if (hf.organization) expect(text(selectOne('.paper__links', doc)), slug).toContain(hf.organization);
    }
    expect(summaries).toBeGreaterThan(100);
  });

  it('gives plain-text papers without a summary a TL;DR that is a sentence of their abstract, labelled as an excerpt', () => {
    const textDay = days.find((d) => d.lines.every((l) => !l.hf))!;
    const doc = readPage(rootDist, `/days/${textDay.date}/`);
    const tldrs = selectAll('.paper-item', doc).flatMap((item) => {
      const p = selectAll('p', item).find((x) => text(x).startsWith('TL;DR, excerpt:'));
      return p ? [[selectOne('h2 a', item)!.attribs['href']!, text(p).replace(/^TL;DR, excerpt: /, '')] as const] : [];
    });
    expect(tldrs.length).toBeGreaterThan(textDay.lines.length / 2);
    for (const [href, sentence] of tldrs) {
      const abstract = flat(readFileSync(`content/papers/${href.split('/')[2]}.md`, 'utf8').split(/\n---\n/)[1]!).replace(/\\(.)/g, '$1');
      expect(abstract, href).toContain(sentence);
    }
  });

  it('shows on paper pages how many days a paper trended, its first and last day, and runs of consecutive digests', () => {
    const order = days.map((d) => d.date);
    const seen = new Map<string, string[]>();
    for (const day of days) for (const l of day.lines) seen.set(l.slug, [...(seen.get(l.slug) ?? []), day.date]);
    const repeated = [...seen].filter(([, d]) => d.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const [slug, dates] of repeated) {
      const eyebrow = text(selectOne('.eyebrow', readPage(rootDist, `/papers/${slug}/`)));
      expect(eyebrow).toContain(`Trended on ${dates.length} days`);
      let run = 1;
      for (let i = dates.length - 1; i > 0 && order.indexOf(dates[i]!) - order.indexOf(dates[i - 1]!) === 1; i--) run++;
      if (run > 1) expect(eyebrow).toContain(`${run} digests in a row`);
      const still = run > 1 && dates[dates.length - 1] === order[order.length - 1];
      expect(eyebrow.includes('still trending'), slug).toBe(still);
    }
  });
});

describe('the open data', () => {
  const api = (path: string) => join(rootDist, 'api/v1', path);
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  for (const name of ['archive-line', 'day', 'topic', 'index']) ajv.addSchema(JSON.parse(readFileSync(`public/api/v1/schemas/${name}.schema.json`, 'utf8')));
  const validate = (name: string, data: unknown) => {
    const check = ajv.getSchema(`${SITE}/api/v1/schemas/${name}.schema.json`)!;
    expect(check(data), `${name}: ${JSON.stringify(check.errors?.slice(0, 3))}`).toBe(true);
  };

  it('has a day file per day: the digest’s papers in digest order with the page URL, full records for the last 7 days, valid against its schema', () => {
    const archives = new Map<string, Map<string, { abstract: string }>>();
    const archived = (name: string) => {
      if (!archives.has(name)) {
        const lines = gunzipSync(readFileSync(api(name))).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { slug: string; abstract: string });
        archives.set(name, new Map(lines.map((l) => [l.slug, l])));
      }
      return archives.get(name)!;
    };
    const newest = days.map((d) => d.date).sort().at(-1)!;
    const recent = (date: string) => (Date.parse(newest) - Date.parse(date)) / 86_400_000 <= 7;
    expect(days.some((d) => recent(d.date)) && days.some((d) => !recent(d.date))).toBe(true);
    for (const day of days) {
      const file = JSON.parse(readFileSync(api(`days/${day.date}.json`), 'utf8')) as {
        full: boolean;
        papers: { slug: string; title: string; url?: string; days: string[]; arxivId?: string | null; abstract?: string; position: number }[];
      };
      expect(file.full, day.date).toBe(recent(day.date));
      validate('day', file);
      // Titles as the digest gave them, TeX outside math read (issue 27: `R^3-Bench` is `R³-Bench`).
      expect(file.papers.map((p, i) => asGiven(flat(p.title), day.lines[i]?.title ?? ''))).toEqual(day.lines.map((l) => l.title));
      expect(file.papers.map((p) => p.position)).toEqual(day.lines.map((_, i) => i));
      file.papers.forEach((p, i) => {
        expect(fileForPath(rootDist, `/papers/${day.lines[i]!.slug}/`)).toBeDefined();
        if (!file.full) {
          // The full record is in the archive of the year of the paper's first day.
          expect(p.abstract).toBeUndefined();
          expect(p.slug).toBe(day.lines[i]!.slug);
          expect(archived(`archive-${p.days[0]!.slice(0, 4)}.jsonl.gz`).get(p.slug)?.abstract.length).toBeGreaterThan(0);
          return;
        }
        expect(p.url).toBe(`${SITE}/papers/${day.lines[i]!.slug}/`);
        if (day.lines[i]!.hf) expect(p.arxivId).toBe(day.lines[i]!.hf!.id);
        expect(p.abstract!.length).toBeGreaterThan(0);
      });
    }
  });

  it('has an index, a file per topic and a gzipped archive per year, each valid against its schema', () => {
    const index = JSON.parse(readFileSync(api('index.json'), 'utf8')) as { days: { date: string; url: string }[]; topics: { slug: string; url: string }[]; archives: { year: string; url: string; papers: number }[]; counts: { papers: number } };
    validate('index', index);
    expect(index.days.map((d) => d.date)).toEqual(days.map((d) => d.date));
    expect(index.counts.papers).toBe(firstDay.size);
    expect((index as unknown as { paperUrl: string }).paperUrl).toBe(`${SITE}/papers/{slug}/`);
    for (const t of index.topics) {
      const topic = JSON.parse(readFileSync(api(`topics/${t.slug}.json`), 'utf8'));
      validate('topic', topic);
      expect(topic.papers.map((p: { slug: string }) => p.slug).sort()).toEqual([...firstDay.keys()].filter((s) => paperTopics(s).includes(t.slug)).sort());
    }
    const years = [...new Set(days.map((d) => d.date.slice(0, 4)))];
    expect(index.archives.map((a) => a.year)).toEqual(years);
    for (const year of years) {
      const lines = gunzipSync(readFileSync(api(`archive-${year}.jsonl.gz`))).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      for (const line of lines) validate('archive-line', line);
      expect(lines.map((l) => l.slug).sort()).toEqual([...firstDay].filter(([, d]) => d.startsWith(year)).map(([s]) => s).sort());
    }
    for (const name of ['index', 'day', 'topic', 'archive-line']) expect(fileForPath(rootDist, `/api/v1/schemas/${name}.schema.json`)).toBeDefined();
  });

  it('allows any origin to fetch /api/*', () => {
    const headers = readFileSync(join(rootDist, '_headers'), 'utf8');
    expect(headers).toMatch(/^\/api\/\*\n {2}Access-Control-Allow-Origin: \*$/m);
  });
});

describe('new pages in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await serveStatic(rootDist);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const pages = ['weeks/', `weeks/${periods('week')[1]!.id}/`, 'months/', `months/${periods('month')[0]!.id}/`, 'api/', ''];
  for (const path of pages) {
    it(`/${path}: one h1, no axe violations, no sideways scroll at 360 px, light and dark, valid HTML`, async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme });
        const page = await context.newPage();
        await page.goto(server.url + path);
        expect(await page.locator('h1').count()).toBe(1);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), `${path} ${colorScheme}`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await context.close();
      }
      expect(await htmlProblems(readFileSync(join(rootDist, path, 'index.html'), 'utf8'), path)).toEqual([]);
    });
  }
});
