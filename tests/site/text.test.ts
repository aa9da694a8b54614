/**
 * Text that renders wrong, through the real build: TeX that KaTeX cannot parse, and invisible
 * format characters that reorder or split a title (issue: "Text that renders wrong"). One
 * archive is built here from digests written below: a right-to-left override in a title, a
 * zero-width space that splits a word (the same paper, seen again the next day without it),
 * broken and good TeX and prices in one abstract, and a legitimately right-to-left title.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecurityHeaders } from '../../src/integrations/security-headers.ts';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import { seedContent } from '../helpers/build.ts';
import { isSitePage, listFiles, readPage, selectAll, selectOne, text } from '../helpers/site.ts';
import { buildEnv, SITE_ROOT } from '../setup/build-site.ts';

const ROOT = join(SITE_ROOT, 'text');
const CONTENT = join(ROOT, 'content');
const DIST = join(ROOT, 'dist');

const RLO_TITLE = 'Safe\u202Etxt.exe: Reversed File Names in Agent Sandboxes';
const ZWSP_TITLE = 'Zero\u200Bshot Transfer with Tiny Models';
const ARABIC_TITLE = 'نماذج اللغة الكبيرة للترجمة الآلية';
const BROKEN_TEX = '\\lam = 1/(2\\beta)';
const ABSTRACT = `We set $${BROKEN_TEX}$ and keep $x^2$ as usual, while prices of $5 and $10 stay text. The sandbox reverses names.`;

const day1 = [
  'Get trending papers in your email inbox once a day!',
  'Get trending papers in your email inbox!',
  `Subscribe${RLO_TITLE}`,
  ABSTRACT,
  ZWSP_TITLE,
  'Tiny models transfer zero-shot to new tasks when trained on diverse prompts. We measure it on twelve benchmarks.',
  ARABIC_TITLE,
  'We study large language models for machine translation between Arabic and English on news and dialogue.',
  '',
].join('\n');
const day2 = [
  'Get trending papers in your email inbox!',
  'SubscribeZeroshot Transfer with Tiny Models',
  'Tiny models transfer zero-shot to new tasks when trained on diverse prompts. We measure it on twelve benchmarks.',
  '',
].join('\n');

const FORMAT_CHARS = /[\u00ad\u200b\u202a-\u202e\u2066-\u2069]/;
let log = '';
const entry = (slug: string) => readFileSync(join(CONTENT, 'papers', `${slug}.md`), 'utf8');
const dayPapers = (date: string): string[] => JSON.parse(readFileSync(join(CONTENT, 'days', `${date}.json`), 'utf8')).papers;

beforeAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  seedContent(CONTENT);
  writeFileSync(join(CONTENT, 'digests/2026-10-01.txt'), day1);
  writeFileSync(join(CONTENT, 'digests/2026-10-02.txt'), day2);
  const build = spawnSync('npm', ['run', '--silent', 'build'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...buildEnv(), DAYBOOK_CONTENT: CONTENT, DAYBOOK_OUT: DIST, DAYBOOK_CACHE: join(ROOT, 'astro-cache'), DAYBOOK_CARD_CACHE: join(ROOT, 'cards'), DAYBOOK_BASE: '/', ASTRO_TELEMETRY_DISABLED: '1' },
  });
  log = `${build.stdout}\n${build.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  if (build.status !== 0) throw new Error(`build failed:\n${log.slice(-3000)}`);
}, 900_000);

describe('ingest', () => {
  it('warns, naming file and line, about format characters and TeX that does not parse', () => {
    const file = join(CONTENT, 'digests/2026-10-01.txt');
    expect(log).toContain(`warning: ${file}:3: removed invisible format characters (U+202E)`);
    expect(log).toContain(`warning: ${file}:5: removed invisible format characters (U+200B)`);
    const tex = log.split('\n').find((line) => line.includes('does not parse'));
    expect(tex?.startsWith(`warning: ${file}:3: `), tex).toBe(true);
    expect(tex).toContain(`the math $${BROKEN_TEX}$ does not parse (Undefined control sequence: \\lam); shown as written`);
  });

  it('keeps the text, drops the format characters, and knows a split word is the same paper', () => {
    const [rlo, zwsp, arabic] = dayPapers('2026-10-01');
    expect(entry(rlo!)).toContain('"Safetxt.exe: Reversed File Names in Agent Sandboxes"');
    expect(entry(arabic!)).toContain(ARABIC_TITLE);
    expect(dayPapers('2026-10-02')).toEqual([zwsp]);
    expect(entry(zwsp!)).toMatch(/days:\n\s+- "2026-10-01"\n\s+- "2026-10-02"/);
    for (const slug of [rlo, zwsp, arabic]) expect(FORMAT_CHARS.test(entry(slug!)), slug).toBe(false);
  });
});

describe('the built site', () => {
  it('carries no KaTeX error, no inline style and no format character in any page, feed or data file', () => {
    const files = listFiles(DIST).filter((f) => /\.(html|xml|json|opml|webmanifest)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const body = readFileSync(join(DIST, file), 'utf8');
      expect(body.includes('katex-error'), file).toBe(false);
      expect(FORMAT_CHARS.test(body), file).toBe(false);
      if (isSitePage(file)) expect(/<[a-z][^>]*\sstyle=/i.test(body), file).toBe(false);
    }
  });

  it('shows broken TeX as written, renders good TeX as MathML, and leaves prices as text', () => {
    const slug = dayPapers('2026-10-01')[0]!;
    const doc = readPage(DIST, `/papers/${slug}/`);
    const abstract = selectOne('.paper__abstract', doc)!;
    expect(selectAll('code.math-source', abstract).map(text)).toEqual([BROKEN_TEX]);
    expect(selectAll('math', abstract)).toHaveLength(1);
    expect(text(abstract)).toContain('prices of $5 and $10 stay text');
    expect(text(selectOne('h1', doc))).toBe('Safetxt.exe: Reversed File Names in Agent Sandboxes');
    const ld = JSON.parse(text(selectOne('script[type="application/ld+json"]', doc))) as { headline: string };
    expect(ld.headline).toBe('Safetxt.exe: Reversed File Names in Agent Sandboxes');
  });

  it('puts the TeX source, not an error, in the feed', () => {
    const feed = readFileSync(join(DIST, 'rss.xml'), 'utf8');
    const item = feed.split('<item>').find((i) => i.includes('Reversed File Names'))!;
    expect(item).toContain(BROKEN_TEX);
    expect(item).not.toMatch(/ParseError|parse error/i);
  });
});

describe('in Chromium, under the site’s Content-Security-Policy', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('raises no violation on a page with broken TeX, and isolates a right-to-left title', async () => {
    const server = await serveStatic(DIST, '/', readSecurityHeaders(DIST));
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      const [broken, , arabic] = dayPapers('2026-10-01');
      await page.goto(`${server.url}papers/${broken}/`, { waitUntil: 'networkidle' });
      expect(await page.locator('code.math-source').innerText()).toBe(BROKEN_TEX);
      await page.goto(`${server.url}papers/${arabic}/`, { waitUntil: 'networkidle' });
      const h1 = page.locator('h1');
      expect(await h1.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('plaintext');
      expect(await h1.innerText()).toBe(ARABIC_TITLE);
      await page.goto(`${server.url}days/2026-10-01/`, { waitUntil: 'networkidle' });
      expect(await page.locator('.paper-item > h2').first().evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('plaintext');
      expect(violations).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('finds the paper in the search index, its title shown without format characters', async () => {
    const server = await serveStatic(DIST, '/', readSecurityHeaders(DIST));
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}search/?q=reversed%20sandbox`, { waitUntil: 'networkidle' });
      const first = page.locator('[data-search-results] li').first();
      await first.waitFor({ timeout: 30_000 });
      const shown = await page.locator('[data-search-results]').innerText();
      expect(shown).toContain('Safetxt.exe');
      expect(FORMAT_CHARS.test(shown)).toBe(false);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
