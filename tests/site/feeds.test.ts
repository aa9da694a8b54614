/**
 * The feeds, the OPML list, the sitemap and robots.txt of the real build, read the
 * way subscribers and crawlers read them: every feed through a real feed reader
 * (Debian's python3-feedparser) and a strict XML parser (expat), expectations
 * computed from `content/` alone. A small hostile archive (markup, `]]>`, entities,
 * control characters in titles, abstracts, names and topics) is built too.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { htmlProblems } from '../helpers/html.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import { fileForPath, isSitePage, listFiles, readPage, selectAll, selectOne, text, textContent, asGiven } from '../helpers/site.ts';
import { buildEnv } from '../setup/build-site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');
const SITE = 'https://daybook.example.org';

/** The published contract (README, Feeds): the last 7 days or at least 100 papers; the newest 14 digests. */
const WINDOW_DAYS = 7;
const MIN_ITEMS = 100;
const DAYS_FEED_LENGTH = 14;
/** A title as a feed shows it: as the entry holds it, or with its TeX read (`A^2Nav` as `A²Nav`). */
const expectTitle = (shown: string, source: string) => expect(asGiven(shown, oneLine(source))).toBe(oneLine(source));
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;

// ---------------------------------------------------------------------------
// Reading feeds with real parsers

interface RawItem {
  title: string | null;
  link: string | null;
  guid: string | null;
  isPermaLink: string | null;
  pubDate: string | null;
  description: string | null;
  categories: string[];
  creators: string[];
}
interface ParsedFeed {
  /** expat's complaint, if the document is not well-formed XML. */
  xmlError: string | null;
  bozo: boolean;
  bozoException: string | null;
  version: string;
  title: string;
  link: string;
  /** Namespaced checks on the raw tree. */
  raw: { root: string; version: string | null; selfLinks: { href: string; rel: string; type: string }[]; channelLink: string | null; items: RawItem[] };
  /** The feed reader's view. */
  entries: { title: string; link: string; id: string; published: string; publishedDay: string | null; tags: string[]; authors: string[]; author: string | null; summary: string }[];
}

const PARSE_FEEDS = String.raw`
import sys, json, time, feedparser, xml.etree.ElementTree as ET
ATOM = '{http://www.w3.org/2005/Atom}'
DC = '{http://purl.org/dc/elements/1.1/}'
out = {}
for path in json.load(sys.stdin):
    data = open(path, 'rb').read()
    raw = {'root': None, 'version': None, 'selfLinks': [], 'channelLink': None, 'items': []}
    try:
        root = ET.fromstring(data)
        xml_error = None
        channel = root.find('channel')
        raw['root'] = root.tag
        raw['version'] = root.get('version')
        raw['selfLinks'] = [dict(l.attrib) for l in channel.findall(ATOM + 'link') if l.get('rel') == 'self']
        raw['channelLink'] = channel.findtext('link')
        for item in channel.findall('item'):
            guid = item.find('guid')
            raw['items'].append({
                'title': item.findtext('title'), 'link': item.findtext('link'),
                'guid': guid.text if guid is not None else None, 'isPermaLink': guid.get('isPermaLink') if guid is not None else None,
                'pubDate': item.findtext('pubDate'), 'description': item.findtext('description'),
                'categories': [c.text for c in item.findall('category')],
                'creators': [c.text for c in item.findall(DC + 'creator')],
            })
    except ET.ParseError as error:
        xml_error = str(error)
    d = feedparser.parse(data)
    out[path] = {
        'xmlError': xml_error, 'bozo': bool(d.bozo), 'bozoException': str(d.get('bozo_exception')) if d.bozo else None,
        'version': d.version, 'title': d.feed.get('title', ''), 'link': d.feed.get('link', ''), 'raw': raw,
        'entries': [{
            'title': e.get('title', ''), 'link': e.get('link', ''), 'id': e.get('id', ''), 'published': e.get('published', ''),
            'publishedDay': time.strftime('%Y-%m-%d', e.published_parsed) if e.get('published_parsed') else None,
            'tags': [t.get('term') for t in e.get('tags', [])], 'authors': [a.get('name') for a in e.get('authors', [])], 'author': e.get('author'),
            'summary': e.get('summary', ''),
        } for e in d.entries],
    }
print(json.dumps(out))
`;

/** Every given feed file, parsed by feedparser and expat in one Python process. */
function parseFeeds(files: string[]): Record<string, ParsedFeed> {
  const output = execFileSync('/usr/bin/python3', ['-c', PARSE_FEEDS], { input: JSON.stringify(files), maxBuffer: 1 << 30, encoding: 'utf8' });
  return JSON.parse(output) as Record<string, ParsedFeed>;
}

/** The text of an HTML fragment, paragraphs joined by a space. */
function htmlText(html: string): string {
  const doc = parseDocument(html);
  const paragraphs = selectAll('p', doc);
  return (paragraphs.length ? paragraphs.map(text) : [textContent(doc)]).join(' ').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------
// What the feeds must carry, from content/ alone

interface Entry {
  slug: string;
  title: string;
  authors: string[];
  topics: string[];
  excerpt: string;
  days: string[];
}

function frontmatter(file: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file}: no frontmatter`);
  return parseYaml(match[1] ?? '') as Record<string, unknown>;
}

interface Expected {
  days: { date: string; papers: string[] }[];
  papers: Map<string, Entry>;
  firstDay: Map<string, string>;
  /** Every paper, newest first: by first day, then digest order. */
  newest: string[];
  topics: Map<string, { name: string; aliases: string[] }>;
}

function readContent(root: string): Expected {
  const days = listFiles(join(root, 'days'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(root, 'days', f), 'utf8')) as { date: string; papers: string[] })
    .sort((a, b) => (a.date < b.date ? 1 : -1));
  const firstDay = new Map<string, string>();
  for (const day of [...days].reverse()) for (const slug of day.papers) if (!firstDay.has(slug)) firstDay.set(slug, day.date);
  const newest = days.flatMap((day) => day.papers.filter((slug) => firstDay.get(slug) === day.date));
  const papers = new Map<string, Entry>();
  for (const f of listFiles(join(root, 'papers')).filter((f) => f.endsWith('.md'))) {
    const data = frontmatter(join(root, 'papers', f));
    const slug = f.replace(/\.md$/, '');
    papers.set(slug, {
      slug,
      title: String(data['title']),
      authors: (data['authors'] as string[] | undefined) ?? [],
      topics: (data['topics'] as string[] | undefined) ?? [],
      excerpt: String(data['excerpt'] ?? ''),
      days: data['days'] as string[],
    });
  }
  const topics = new Map<string, { name: string; aliases: string[] }>();
  for (const f of listFiles(join(root, 'topics')).filter((f) => /\.mdx?$/.test(f))) {
    const data = frontmatter(join(root, 'topics', f));
    topics.set(f.replace(/\.mdx?$/, ''), { name: String(data['name']), aliases: (data['aliases'] as string[] | undefined) ?? [] });
  }
  return { days, papers, firstDay, newest, topics };
}

/** The feed window, restated: first seen within 7 days of the newest digest, or the newest 100, whichever is more. */
function expectedWindow(content: Expected, slugs: string[]): string[] {
  const newestDay = content.days[0]?.date;
  if (!newestDay) return [];
  const since = new Date(`${newestDay}T00:00:00Z`);
  since.setUTCDate(since.getUTCDate() - (WINDOW_DAYS - 1));
  const sinceDay = since.toISOString().slice(0, 10);
  const recent = slugs.filter((s) => (content.firstDay.get(s) ?? '') >= sinceDay).length;
  return slugs.slice(0, Math.max(recent, Math.min(MIN_ITEMS, slugs.length)));
}

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim();
const url = (base: string, path: string) => `${SITE}${base}${path.replace(/^\//, '')}`;
const sitePath = (href: string, base: string) => `/${new URL(href).pathname.slice(base.length)}`;

/** Every feed file of a build, relative to it. */
const feedFiles = (dist: string) => listFiles(dist).filter((f) => f.endsWith('rss.xml'));

// ---------------------------------------------------------------------------

const content = readContent('content');
const topicSlugs = [...content.topics.keys()];
const rootFeeds = parseFeeds(feedFiles(rootDist).map((f) => join(rootDist, f)));
const baseFeeds = parseFeeds(feedFiles(baseDist).map((f) => join(baseDist, f)));
const feed = (path: string) => {
  const parsed = rootFeeds[join(rootDist, path)];
  if (!parsed) throw new Error(`${path} was not built`);
  return parsed;
};

describe('every feed of the bundled archive', () => {
  it('exists: the site feed, the days and weeks feeds and one per topic and per old slug of a topic, and nothing else', () => {
    const slugs = [...topicSlugs, ...topicSlugs.flatMap((t) => content.topics.get(t)!.aliases)];
    expect(feedFiles(rootDist)).toEqual(['days/rss.xml', 'rss.xml', 'weeks/rss.xml', ...slugs.map((t) => `topics/${t}/rss.xml`)].sort());
  });

  it('is well-formed RSS 2.0 that a feed reader parses without complaint', () => {
    for (const [path, parsed] of Object.entries({ ...rootFeeds, ...baseFeeds })) {
      expect(parsed.xmlError, path).toBeNull();
      expect(parsed.bozo, `${path}: ${parsed.bozoException}`).toBe(false);
      expect(parsed.version, path).toBe('rss20');
      expect(parsed.raw.root, path).toBe('rss');
      expect(parsed.raw.version, path).toBe('2.0');
      expect(readFileSync(path, 'utf8'), path).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    }
  });

  it('names itself with atom:link rel="self" at its absolute URL, and links to an existing page', () => {
    for (const [dist, base, feeds] of [
      [rootDist, '/', rootFeeds],
      [baseDist, basePath, baseFeeds],
    ] as const) {
      for (const [path, parsed] of Object.entries(feeds)) {
        const file = path.slice(dist.length + 1);
        expect(parsed.raw.selfLinks, path).toEqual([{ href: url(base, file), rel: 'self', type: 'application/rss+xml' }]);
        expect(parsed.raw.channelLink?.startsWith(`${SITE}${base}`), path).toBe(true);
        expect(fileForPath(dist, sitePath(parsed.raw.channelLink!, base)), `${path} → ${parsed.raw.channelLink}`).toBeDefined();
      }
    }
  });

  it('gives every item a unique permalink guid that is its link, an RFC 822 date, and a page that exists', () => {
    for (const [dist, base, feeds] of [
      [rootDist, '/', rootFeeds],
      [baseDist, basePath, baseFeeds],
    ] as const) {
      for (const [path, parsed] of Object.entries(feeds)) {
        const guids = parsed.raw.items.map((i) => i.guid);
        expect(new Set(guids).size, `${path}: duplicate guids`).toBe(guids.length);
        for (const item of parsed.raw.items) {
          expect(item.guid, path).toBe(item.link);
          expect(item.isPermaLink, path).toBe('true');
          expect(item.pubDate, path).toMatch(RFC822);
          expect(item.link?.startsWith(`${SITE}${base}`), `${path}: ${item.link}`).toBe(true);
          expect(fileForPath(dist, sitePath(item.link!, base)), `${path} → ${item.link}`).toBeDefined();
        }
      }
    }
  });
});

describe('/rss.xml', () => {
  const parsed = feed('rss.xml');
  const expected = expectedWindow(content, content.newest);

  it('carries the newest papers, newest day first: the last 7 days or at least 100', () => {
    // The bundled archive: the newest digest (24 Nov 2026) alone holds 119 new papers.
    expect(expected.length).toBe(119);
    expect(parsed.entries.map((e) => e.link)).toEqual(expected.map((slug) => url('/', `papers/${slug}/`)));
  });

  it('dates each paper on the day it first trended, and says who wrote it and what it is about', () => {
    for (const [index, entry] of parsed.entries.entries()) {
      const paper = content.papers.get(expected[index]!)!;
      expectTitle(entry.title, paper.title);
      expect(entry.publishedDay).toBe(content.firstDay.get(paper.slug));
      expect(entry.publishedDay).toBe(paper.days[0]);
      // Readers show one author string (feedparser's `author`): it names every author, in order (issue 27).
      const byline = paper.authors.join(', ');
      expect(entry.author).toBe(byline || null);
      expect(parsed.raw.items[index]!.creators).toEqual(byline ? [byline] : []);
      expect(entry.tags).toEqual(paper.topics.filter((t) => content.topics.has(t)).map((t) => content.topics.get(t)!.name));
    }
    expect(parsed.entries.some((e) => e.tags.length > 0)).toBe(true);
  });

  it('describes each paper with its abstract as plain text, Markdown escapes undone', () => {
    for (const [index, entry] of parsed.entries.entries()) {
      const paper = content.papers.get(expected[index]!)!;
      const description = htmlText(entry.summary);
      // The excerpt (written by the ingest step from the digest) is the start of the abstract.
      const start = paper.excerpt.replace(/…$/, '').replace(/\s+/g, ' ').trim();
      expect(description.startsWith(start), `${paper.slug}: ${description.slice(0, 80)} / ${start.slice(0, 80)}`).toBe(true);
      expect(description.length).toBeGreaterThanOrEqual(start.length);
      expect(entry.summary, paper.slug).not.toMatch(/<(?!\/?p>)/);
    }
  });
});

describe('paper descriptions in every feed', () => {
  it('undo the Markdown escapes of the entry: a literal dollar in an abstract is a dollar', () => {
    let escaped = 0;
    for (const parsed of Object.values(rootFeeds)) {
      for (const entry of parsed.entries) {
        const slug = /\/papers\/([^/]+)\/$/.exec(entry.link)?.[1];
        if (!slug) continue;
        const body = readFileSync(join('content/papers', `${slug}.md`), 'utf8').split(/\n---\n/)[1] ?? '';
        if (!body.includes('\\$')) continue;
        escaped++;
        const description = htmlText(entry.summary);
        expect(description, slug).toMatch(/\$\d/);
        expect(description, slug).not.toContain('\\');
      }
    }
    expect(escaped).toBeGreaterThan(0);
  });
});

describe('/days/rss.xml', () => {
  const parsed = feed('days/rss.xml');
  const expected = content.days.slice(0, DAYS_FEED_LENGTH);

  it('has one item per digest, newest first, linking to the day page and dated that day', () => {
    expect(parsed.entries.map((e) => e.link)).toEqual(expected.map((d) => url('/', `days/${d.date}/`)));
    expect(parsed.entries.map((e) => e.publishedDay)).toEqual(expected.map((d) => d.date));
  });

  it('lists the day’s papers in digest order, titles linked to their pages with absolute URLs', () => {
    for (const [index, entry] of parsed.entries.entries()) {
      const day = expected[index]!;
      const links = selectAll('a', parseDocument(entry.summary));
      expect(links.map((a) => a.attribs['href'])).toEqual(day.papers.map((slug) => url('/', `papers/${slug}/`)));
      links.forEach((a, i) => expectTitle(text(a), content.papers.get(day.papers[i]!)!.title));
    }
  });
});

describe('/topics/<slug>/rss.xml', () => {
  it('carries each topic’s newest papers (the same window), with the topic among their categories', () => {
    expect(topicSlugs.length).toBeGreaterThan(0);
    let nonEmpty = 0;
    for (const slug of topicSlugs) {
      const parsed = feed(`topics/${slug}/rss.xml`);
      const expected = expectedWindow(
        content,
        content.newest.filter((p) => content.papers.get(p)!.topics.includes(slug)),
      );
      expect(parsed.entries.map((e) => e.link), slug).toEqual(expected.map((p) => url('/', `papers/${p}/`)));
      for (const entry of parsed.entries) expect(entry.tags, slug).toContain(content.topics.get(slug)!.name);
      expect(parsed.title).toBe(`Daybook: ${content.topics.get(slug)!.name}`);
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });

  it('keeps delivering at the old slug of a renamed or merged topic: the items of the topic it became', () => {
    const merged = topicSlugs.filter((t) => content.topics.get(t)!.aliases.length > 0);
    expect(merged).toContain('ai-safety');
    for (const slug of merged) {
      for (const alias of content.topics.get(slug)!.aliases) {
        const old = feed(`topics/${alias}/rss.xml`);
        expect(old.title, alias).toBe(`Daybook: ${content.topics.get(slug)!.name}`);
        expect(old.entries.map((e) => e.link), alias).toEqual(feed(`topics/${slug}/rss.xml`).entries.map((e) => e.link));
      }
    }
  });
});

describe('/feeds.opml', () => {
  const parseOpml = (file: string) =>
    JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        [
          '-c',
          'import sys, json, xml.etree.ElementTree as ET\nroot = ET.parse(sys.argv[1]).getroot()\n' +
            'print(json.dumps({"version": root.get("version"), "title": root.findtext("head/title"), "outlines": [dict(o.attrib) for o in root.iter("outline") if o.get("type") == "rss"]}))',
          file,
        ],
        { encoding: 'utf8' },
      ),
    ) as { version: string; title: string; outlines: Record<string, string>[] };

  it('is OPML 2.0 listing every topic feed, at the root and under the base path', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const opml = parseOpml(join(dist, 'feeds.opml'));
      expect(opml.version).toBe('2.0');
      expect(opml.outlines.map((o) => o['xmlUrl']).sort()).toEqual(topicSlugs.map((t) => url(base, `topics/${t}/rss.xml`)).sort());
      for (const outline of opml.outlines) {
        expect(fileForPath(dist, sitePath(outline['xmlUrl']!, base))).toBeDefined();
        expect(fileForPath(dist, sitePath(outline['htmlUrl']!, base))).toBeDefined();
        expect(outline['text']).toBeTruthy();
      }
      expect(opml.outlines.map((o) => o['text']).sort()).toEqual([...content.topics.values()].map((t) => t.name).sort());
    }
  });
});

describe('discovery', () => {
  const sitemapUrls = (dist: string, base: string) => {
    const index = readFileSync(join(dist, 'sitemap-index.xml'), 'utf8');
    const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    return locs(index).flatMap((sitemap) => {
      expect(sitemap.startsWith(`${SITE}${base}`)).toBe(true);
      return locs(readFileSync(join(dist, sitePath(sitemap, base)), 'utf8'));
    });
  };

  it('has a sitemap listing every paper page, every day, only pages that exist', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const urls = new Set(sitemapUrls(dist, base));
      for (const slug of content.papers.keys()) expect(urls.has(url(base, `papers/${slug}/`)), slug).toBe(true);
      for (const day of content.days) expect(urls.has(url(base, `days/${day.date}/`)), day.date).toBe(true);
      expect(urls.has(url(base, 'feeds/'))).toBe(true);
      for (const u of urls) {
        expect(u.startsWith(`${SITE}${base}`), u).toBe(true);
        expect(fileForPath(dist, sitePath(u, base)), u).toBeDefined();
        expect(u).not.toMatch(/404/);
      }
    }
  });

  it('announces each topic’s feed on its topic page (the `feeds` prop of the layout), under the base too', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      for (const slug of topicSlugs) {
        const doc = readPage(dist, `/topics/${slug}/`);
        const alternates = selectAll('link[rel=alternate][type="application/rss+xml"]', doc).map((l) => l.attribs['href']);
        expect(alternates, slug).toEqual([url(base, 'rss.xml'), url(base, `topics/${slug}/rss.xml`)]);
      }
    }
  });

  it('has a robots.txt that points to the sitemap, respecting the base path', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const robots = readFileSync(join(dist, 'robots.txt'), 'utf8');
      expect(robots).toMatch(/^User-agent: \*$/m);
      const sitemap = /^Sitemap: (\S+)$/m.exec(robots)?.[1];
      expect(sitemap).toBe(url(base, 'sitemap-index.xml'));
      expect(fileForPath(dist, sitePath(sitemap!, base))).toBeDefined();
    }
  });

  it('announces the site feed on every page, and OpenGraph and Twitter cards (og:type article on papers)', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const pages = listFiles(dist).filter(isSitePage);
      expect(pages.length).toBeGreaterThan(content.papers.size);
      for (const file of pages) {
        const doc = readPage(dist, `/${file}`);
        // Redirect stubs (old topic slugs) carry no head of their own.
        if (selectOne('meta[http-equiv=refresh]', doc)) continue;
        const alternates = selectAll('link[rel=alternate][type="application/rss+xml"]', doc).map((l) => l.attribs['href']);
        expect(alternates, file).toContain(url(base, 'rss.xml'));
        const og = (p: string) => selectOne(`meta[property="og:${p}"]`, doc)?.attribs['content'];
        expect(og('title'), file).toBeTruthy();
        expect(og('description'), file).toBeDefined();
        const canonical = selectOne('link[rel=canonical]', doc)?.attribs['href'];
        if (file !== '404.html') {
          expect(og('url'), file).toBe(url(base, file.replace(/index\.html$/, '')));
          expect(canonical, file).toBe(og('url'));
        }
        expect(og('type'), file).toBe(/^papers\/[^/]+\/index\.html$/.test(file) ? 'article' : 'website');
        expect(selectOne('meta[name="twitter:card"]', doc)?.attribs['content'], file).toMatch(/^summary(_large_image)?$/);
      }
    }
  });
});

describe('/feeds/', () => {
  it('lists every feed with its URL, a copy button (hidden until the script runs) and the OPML file', () => {
    for (const [dist, base] of [
      [rootDist, '/'],
      [baseDist, basePath],
    ] as const) {
      const doc = readPage(dist, '/feeds/');
      const feeds = ['rss.xml', 'days/rss.xml', 'weeks/rss.xml', ...topicSlugs.map((t) => `topics/${t}/rss.xml`).sort()].map((p) => url(base, p));
      // Site, days and weeks feeds first, then the topics (in the taxonomy's display order).
      const listed = (urls: (string | undefined)[]) => [...urls.slice(0, 3), ...urls.slice(3).sort()];
      const buttons = selectAll('button[data-copy]', doc);
      expect(listed(buttons.map((b) => b.attribs['data-copy']))).toEqual(feeds);
      for (const button of buttons) expect(button.attribs['hidden'], 'shown only when the clipboard works').toBeDefined();
      expect(selectAll('a.feed__url', doc).map((a) => a.attribs['href'])).toEqual(buttons.map((b) => b.attribs['data-copy']));
      expect(selectOne(`a[href="${base}feeds.opml"]`, doc)).not.toBeNull();
      // The page announces every feed to readers that discover feeds from a page.
      const alternates = selectAll('link[rel=alternate][type="application/rss+xml"]', doc).map((l) => l.attribs['href']);
      expect(listed(alternates)).toEqual(feeds);
    }
  });

  it('ships the copy script as a bundled file, not inline', () => {
    const doc = readPage(rootDist, '/feeds/');
    const scripts = selectAll('script', doc);
    const external = scripts.filter((s) => s.attribs['src']).map((s) => fileForPath(rootDist, s.attribs['src']!));
    expect(external.every((f) => f !== undefined)).toBe(true);
    // The feeds page's copy buttons (and the site script's "Copy BibTeX", issue #14): bundled files.
    expect(external.filter((f) => readFileSync(f!, 'utf8').includes('clipboard')).length).toBeGreaterThanOrEqual(1);
    // The only inline script is the theme script (is:inline, hashed by the CSP).
    const inline = scripts.filter((s) => !s.attribs['src'] && s.attribs['type'] !== 'application/ld+json');
    expect(inline.map((s) => text(s)).filter((t) => !t.includes('daybook-theme'))).toEqual([]);
  });

  it('is valid HTML', async () => {
    expect(await htmlProblems(readFileSync(join(rootDist, 'feeds/index.html'), 'utf8'), 'feeds/index.html')).toEqual([]);
  });

  it('copies a feed URL in Chromium, passes axe, and keeps the buttons hidden without JavaScript', async () => {
    const browser = await launchBrowser();
    const server = await serveStatic(baseDist, basePath);
    try {
      const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}feeds/`);
      const button = page.locator('button[data-copy]').nth(1);
      await expect.poll(() => button.isVisible()).toBe(true);
      expect(await button.getAttribute('data-copy')).toBe(url(basePath, 'days/rss.xml'));
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url(basePath, 'days/rss.xml'));
      await expect.poll(() => page.locator('[data-copy-status]').textContent()).toContain('Copied');
      expect(await button.textContent()).toContain('Copied');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await context.close();

      const noJs = await browser.newContext({ javaScriptEnabled: false });
      const plain = await noJs.newPage();
      await plain.goto(`${server.url}feeds/`);
      expect(await plain.locator('button[data-copy]').first().isVisible()).toBe(false);
      expect(await plain.locator('a.feed__url').first().isVisible()).toBe(true);
      await noJs.close();
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------
// A hostile archive: markup, CDATA ends, entities, quotes and control characters

const HOSTILE_TITLE = `<script>alert(1)</script> ]]> &amp; "quoted" 'single' <b>bold</b>`;
const ENTITY_TITLE = 'Tom &amp; Jerry ]]]]><![CDATA[> <![CDATA[x]]> &#x26; &unknown;';
const HOSTILE_ABSTRACT = 'An abstract with <script>alert("x")</script>, a CDATA end ]]> and &amp; &lt; entities and math $x < y$ kept.\n\nSecond paragraph & more.';
const HOSTILE_AUTHORS = ['Zoë <Admin> & "Co"', '007', '1e5'];
const TOPIC_NAME = 'Safety & <Alignment> "quoted" ]]> é';
const CONTROL_TITLE = 'Control\\x01 \\x07chars\\x1F and \\x7F DEL \\x0B in a title';

describe('a hostile archive', () => {
  const work = resolve(dirname(rootDist), 'feeds-hostile');
  const root = join(work, 'content');
  const dist = join(work, 'dist');
  let feeds: Record<string, ParsedFeed>;
  let hostile: Expected;

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    for (const dir of ['digests', 'topics', 'pages']) mkdirSync(join(root, dir), { recursive: true });
    const day1 = [
      { paper: { id: '2601.00001', title: HOSTILE_TITLE, summary: HOSTILE_ABSTRACT, authors: HOSTILE_AUTHORS.map((name) => ({ name })) } },
      { paper: { id: '2601.00002', title: ENTITY_TITLE, summary: 'Plain & simple <i>markup</i> that must stay text.', authors: [{ name: 'A. Author' }] } },
      { paper: { title: 'Ordinary paper about attention', summary: 'Nothing hostile here.', authors: [] } },
    ];
    const day2 = [{ paper: { id: '2601.00003', title: 'Second day paper', summary: 'Another one.', authors: [{ name: 'B' }] } }, day1[2]];
    writeFileSync(join(root, 'digests/2026-01-05.json'), JSON.stringify(day1, null, 1));
    writeFileSync(join(root, 'digests/2026-01-06.json'), JSON.stringify(day2, null, 1));
    writeFileSync(
      join(root, 'topics/hostile-topic.md'),
      `---\nname: ${JSON.stringify(TOPIC_NAME)}\ndescription: "A topic whose <script>alert(1)</script> name & description try to break XML ]]>."\ncatchAll: true\n---\n`,
    );
    writeFileSync(join(root, 'pages/about.md'), '---\ntitle: About\ndescription: A hostile test archive.\n---\n\nA test archive.\n');
    const env = { ...buildEnv(), ASTRO_TELEMETRY_DISABLED: '1' };
    const ingest = () =>
      execFileSync(process.execPath, ['scripts/ingest.ts', '--quiet', '--content', root, '--cache', join(work, 'ingest-cache')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    ingest();
    // A maintainer's title with control characters (YAML escapes), kept by every ingest.
    const ordinary = join(root, 'papers/ordinary-paper-about-attention.md');
    writeFileSync(ordinary, readFileSync(ordinary, 'utf8').replace(/\n---\n/, `\nmanual:\n  title: "${CONTROL_TITLE}"\n---\n`));
    ingest();
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], {
      env: { ...env, DAYBOOK_CONTENT: root, DAYBOOK_OUT: dist, DAYBOOK_CACHE: join(work, 'astro-cache'), DAYBOOK_BASE: '/' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    hostile = readContent(root);
    feeds = parseFeeds(feedFiles(dist).map((f) => join(dist, f)));
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds feeds that stay well-formed and parse without complaint', () => {
    expect(Object.keys(feeds).map((f) => f.slice(dist.length + 1)).sort()).toEqual(['days/rss.xml', 'rss.xml', 'topics/hostile-topic/rss.xml', 'weeks/rss.xml']);
    for (const [path, parsed] of Object.entries(feeds)) {
      expect(parsed.xmlError, path).toBeNull();
      expect(parsed.bozo, `${path}: ${parsed.bozoException}`).toBe(false);
      const xml = readFileSync(path, 'utf8');
      expect(xml, path).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      expect(xml, path).not.toContain('<script');
      expect(xml, path).not.toContain('<![CDATA[');
    }
  });

  it('round-trips hostile titles, abstracts, names and topics exactly', () => {
    const site = feeds[join(dist, 'rss.xml')]!;
    expect(site.entries).toHaveLength(4);
    // Newest day first, then digest order; every item dated on its first day.
    expect(site.entries.map((e) => [e.publishedDay, e.link])).toEqual(
      hostile.newest.map((slug) => [hostile.firstDay.get(slug), url('/', `papers/${slug}/`)]),
    );
    const byTitle = new Map(site.raw.items.map((item, i) => [item.title, { raw: item, entry: site.entries[i]! }]));
    const script = byTitle.get(HOSTILE_TITLE);
    expect(script, [...byTitle.keys()].join(' | ')).toBeDefined();
    // The feed reader shows the title as the text it is.
    expect(script!.entry.title).toBe(HOSTILE_TITLE);
    expect(script!.raw.creators).toEqual([HOSTILE_AUTHORS.join(', ')]);
    expect(script!.entry.author).toBe(HOSTILE_AUTHORS.join(', '));
    expect(script!.raw.categories).toEqual([TOPIC_NAME]);
    expect(script!.entry.tags).toEqual([TOPIC_NAME]);
    // The abstract is text inside HTML: markup in it is escaped, never live.
    expect(htmlText(script!.raw.description!)).toBe(HOSTILE_ABSTRACT.replace(/\s+/g, ' '));
    expect(script!.raw.description).not.toMatch(/<script/i);
    expect(byTitle.get(ENTITY_TITLE), 'entities and CDATA in a title stay text').toBeDefined();
    const control = byTitle.get(oneLine(CONTROL_TITLE.replace(/\\x([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))));
    expect(control, 'control characters are stripped, the rest kept').toBeDefined();
    expect(control!.raw.title).toBe('Control chars and DEL in a title');
  });

  it('lists hostile titles in the days feed and names the hostile topic in its feed and the OPML', () => {
    const days = feeds[join(dist, 'days/rss.xml')]!;
    expect(days.entries.map((e) => e.publishedDay)).toEqual(['2026-01-06', '2026-01-05']);
    const titles = selectAll('a', parseDocument(days.entries[1]!.summary)).map((a) => text(a));
    expect(titles).toContain(HOSTILE_TITLE);
    expect(titles).toContain(ENTITY_TITLE);
    const topic = feeds[join(dist, 'topics/hostile-topic/rss.xml')]!;
    expect(topic.title).toBe(`Daybook: ${TOPIC_NAME}`);
    expect(topic.entries).toHaveLength(4);
    const parsedOpml = execFileSync('/usr/bin/python3', ['-c', 'import sys, xml.etree.ElementTree as ET\nprint(ET.parse(sys.argv[1]).getroot().find(".//outline[@type=\'rss\']").get("text"), end="")', join(dist, 'feeds.opml')], {
      encoding: 'utf8',
    });
    expect(parsedOpml).toBe(TOPIC_NAME);
  });
});
