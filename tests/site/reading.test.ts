/**
 * What a reader sees (issue 27), on the real build of the bundled archive and in Chromium: text
 * without TeX or Markdown source everywhere it goes, Hugging Face days with their upvotes and
 * summaries, Save and keys on every list, trended days as links, navigation at both ends of a day,
 * and the look at 360 and 1280 px. Expectations come from content/ (read with a YAML parser) and
 * from the digests, never from the site's code.
 */
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import type { Document, Element } from '../helpers/site.ts';
import { isSitePage, listFiles, readPage, selectAll, selectOne, text, textContent } from '../helpers/site.ts';
import { SITE_ROOT } from '../setup/build-site.ts';
import { buildSite, seedContent } from '../helpers/build.ts';

const dist = inject('rootDist');

/** TeX and Markdown source a reader must never see (issue 27). */
const SOURCE = [/\\%/, /\\textbf/, /\\_/, /``/, /''/, /\\ours/, /\\name\b/, /\\[A-Za-z]{2,}/, /(?<![\p{L}\p{N}*])\*[^\s*][^*\n]{0,80}[^\s*]\*(?![\p{L}\p{N}*])/u];
const sourceIn = (value: string) => SOURCE.filter((pattern) => pattern.test(value)).map(String);
/** Math stays TeX between dollars in the open data and feeds, by design: what is outside it is checked. */
const outsideMath = (value: string) => value.replace(/\$[^$\n]+\$/g, ' ');

interface Entry {
  slug: string;
  title: string;
  days: string[];
  aiSummary?: string;
}
const entries: Entry[] = readdirSync('content/papers').map((name) => {
  const raw = readFileSync(join('content/papers', name), 'utf8');
  return { slug: name.replace(/\.md$/, ''), ...(parseYaml(raw.split('---\n')[1]!) as Omit<Entry, 'slug'>) };
});
const bySlug = new Map(entries.map((e) => [e.slug, e]));
const days = readdirSync('content/days')
  .map((f) => JSON.parse(readFileSync(join('content/days', f), 'utf8')) as { date: string; papers: string[]; upvotes?: (number | null)[] })
  .sort((a, b) => b.date.localeCompare(a.date));
const hfDays = days.filter((d) => d.upvotes?.some((v) => v !== null));

/** A page's visible text: no scripts, styles, citation source, MathML annotations or TeX that does not parse. */
function visibleText(doc: Document): string {
  for (const hidden of selectAll('script, style, pre, annotation, template, code.math-source', doc)) hidden.children = [];
  return textContent(doc);
}

describe('text without its source', () => {
  it('shows no raw TeX or Markdown in any page of the bundled site (27.3\\%, \\textbf, \\_, ``…\'\', \\ours{}, *word*)', () => {
    const pages = listFiles(dist).filter(isSitePage);
    expect(pages.length).toBeGreaterThan(400);
    const found: string[] = [];
    for (const file of pages) {
      const shown = visibleText(readPage(dist, `/${file}`));
      for (const pattern of sourceIn(shown)) found.push(`${file}: ${pattern}`);
    }
    expect(found).toEqual([]);
  });

  it('reads the bundled abstracts: the character for an escape, bold for \\textbf, nothing for an unknown macro, typographic quotes', () => {
    const abstract = (slug: string) => selectOne('.paper__abstract', readPage(dist, `/papers/${slug}/`))!;
    const skills = abstract('demystifying-agent-skills-why-they-work-until-they-don-t');
    expect(selectAll('strong', skills).map(text)).toEqual(['When do skills help, why do they work, and where do they fail?']);
    expect(text(skills)).toContain('accounts for 65.7% of skill cases');
    expect(text(abstract('jigshape-evaluating-visual-geometric-reasoning-in-vlms-through-jigsaw'))).toContain('We introduce, a benchmark with tab-and-blank');
    expect(text(abstract('learning-to-reason-under-off-policy-guidance'))).toContain('inherently “on-policy”');
    expect(text(abstract('anytalk-speech-animation-for-arbitrary-characters-leveraging-a-video'))).toContain('AnyTalk_RT,');
    // Markdown emphasis in a digest's abstract: italic on the page, plain in the list's TL;DR.
    const tldr = entries.find((e) => readFileSync(`content/papers/${e.slug}.md`, 'utf8').includes('LMs themselves'))!;
    expect(selectAll('em', abstract(tldr.slug)).map(text)).toContain('LMs themselves');
    const home = visibleText(readPage(dist, `/days/${tldr.days[0]}/`));
    expect(home).toContain('We propose to use LMs themselves to guide');
  });

  it('carries the same text in feeds, the open data, JSON-LD, watch files and meta descriptions', () => {
    const found: string[] = [];
    const check = (where: string, value: unknown) => {
      if (typeof value === 'string') for (const pattern of sourceIn(outsideMath(value))) found.push(`${where}: ${pattern}`);
    };
    for (const file of listFiles(dist).filter((f) => f.endsWith('.xml') && f.includes('rss'))) {
      const doc = parseDocument(readFileSync(join(dist, file), 'utf8'), { xmlMode: true });
      for (const item of selectAll('item', doc)) {
        check(`${file} title`, text(selectOne('title', item)));
        check(`${file} description`, textContent(parseDocument(text(selectOne('description', item)))));
      }
    }
    const record = (where: string, paper: Record<string, unknown>) => {
      for (const field of ['title', 'abstract', 'tldr', 'aiSummary']) check(`${where} ${String(paper['slug'])}.${field}`, paper[field]);
    };
    for (const file of listFiles(join(dist, 'api/v1/days'))) {
      for (const paper of (JSON.parse(readFileSync(join(dist, 'api/v1/days', file), 'utf8')) as { papers: Record<string, unknown>[] }).papers) record(file, paper);
    }
    for (const file of listFiles(join(dist, 'api/v1')).filter((f) => f.endsWith('.jsonl.gz'))) {
      for (const line of gunzipSync(readFileSync(join(dist, 'api/v1', file))).toString('utf8').split('\n').filter(Boolean)) record(file, JSON.parse(line) as Record<string, unknown>);
    }
    for (const paper of (JSON.parse(readFileSync(join(dist, 'watch/recent.json'), 'utf8')) as { papers: { t: string }[] }).papers) check('recent.json', paper.t);
    for (const [slug, abstract] of Object.entries(JSON.parse(readFileSync(join(dist, 'watch/abstracts.json'), 'utf8')) as Record<string, string>)) check(`abstracts.json ${slug}`, abstract);
    for (const entry of entries) {
      const doc = readPage(dist, `/papers/${entry.slug}/`);
      check(`${entry.slug} JSON-LD`, (JSON.parse(text(selectOne('script[type="application/ld+json"]', doc))) as { headline: string }).headline);
      check(`${entry.slug} description`, selectOne('meta[name="description"]', doc)?.attribs['content']);
    }
    expect(found).toEqual([]);
  });
});

describe('lists and navigation in the HTML', () => {
  it('shows each Hugging Face day with the upvotes its digest gave and the digest’s AI summaries', () => {
    expect(hfDays.length).toBeGreaterThan(3);
    for (const day of hfDays) {
      const items = selectAll('[data-day-papers] > li', readPage(dist, `/days/${day.date}/`));
      expect(items.length, day.date).toBe(day.papers.length);
      items.forEach((li, i) => {
        const votes = day.upvotes![i];
        const shown = text(li);
        if (votes !== null && votes !== undefined) expect(shown, `${day.date} #${i}`).toContain(`${votes} upvote${votes === 1 ? '' : 's'}`);
        const summary = bySlug.get(day.papers[i]!)!.aiSummary;
        if (summary) expect(shown, `${day.date} #${i}`).toContain(`AI summary: ${summary.slice(0, 60)}`);
      });
    }
  });

  it('links every day a paper trended, as <time datetime>, from its page', () => {
    for (const entry of entries) {
      const doc = readPage(dist, `/papers/${entry.slug}/`);
      const linked = new Set(
        selectAll('a time[datetime]', doc)
          .filter((time) => ((time.parent as Element).attribs['href'] ?? '').endsWith(`/days/${time.attribs['datetime']}/`))
          .map((time) => time.attribs['datetime']),
      );
      for (const day of entry.days) expect(linked.has(day), `${entry.slug} ${day}`).toBe(true);
      // The line above the title names the first day as a link.
      expect(selectOne(`.eyebrow a[href$="/days/${entry.days[0]}/"] time[datetime="${entry.days[0]}"]`, doc), entry.slug).not.toBeNull();
    }
  });

  it('puts the previous and next day at the top of a day page as well as at its foot', () => {
    days.forEach((day, i) => {
      const navs = selectAll('nav.pager', readPage(dist, `/days/${day.date}/`));
      expect(navs, day.date).toHaveLength(2);
      for (const nav of navs) {
        const older = days[i + 1];
        const newer = days[i - 1];
        expect(selectOne('a[rel="prev"]', nav)?.attribs['href'], day.date).toBe(older && `/days/${older.date}/`);
        expect(selectOne('a[rel="next"]', nav)?.attribs['href'], day.date).toBe(newer && `/days/${newer.date}/`);
      }
    });
  });

  it('writes the spaces of the /api/ page', () => {
    const shown = text(selectOne('main', readPage(dist, '/api/')));
    expect(shown).toMatch(/For the newest digest and the \d+ days before it/);
    expect(shown).toMatch(/\(draft 2020-12\): index/);
  });
});

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveStatic(dist);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function freshPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const focusedHref = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');

describe('in Chromium', () => {
  it('keeps the punctuation after inline math on the math’s line at every phone width', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}papers/scaling-domain-data-repetition-in-llm-pretraining/`);
    for (let width = 300; width <= 440; width += 5) {
      await page.setViewportSize({ width, height: 800 });
      const alone = await page.evaluate(() =>
        [...document.querySelectorAll('.paper__abstract math')].flatMap((math) => {
          const next = (math.closest('.katex') ?? math).nextSibling;
          if (!next || next.nodeType !== Node.TEXT_NODE || !/^[,.;:)]/.test(next.textContent ?? '')) return [];
          const range = document.createRange();
          range.setStart(next, 0);
          range.setEnd(next, 1);
          const char = range.getBoundingClientRect();
          const box = math.getBoundingClientRect();
          return char.top < box.bottom && char.bottom > box.top ? [] : [`${math.textContent}${next.textContent?.slice(0, 12)}`];
        }),
      );
      expect(alone, `${width} px`).toEqual([]);
    }
    expect(await page.locator('.paper__abstract .nowrap').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('finds search excerpts without TeX source', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}search/?q=${encodeURIComponent('skills procedural anchoring')}`);
    const results = page.locator('[data-search-results]');
    await page.locator('[data-search-results] li').first().waitFor({ timeout: 30_000 });
    const shown = await results.innerText();
    expect(shown).toContain('Demystifying Agent Skills');
    expect(sourceIn(shown)).toEqual([]);
    await context.close();
  });

  for (const list of ['week', 'month', 'watch'] as const) {
    it(`gives the ${list} list Save buttons and the j/k/s/o keys, and after o and Back, j goes on from the paper opened`, async () => {
      const { context, page, errors } = await freshPage();
      const newestDay = days[0]!.date;
      let url: string;
      if (list === 'watch') {
        // A word of the newest papers' titles: enough matches to move through.
        await page.goto(`${server.url}watch/`);
        await page.evaluate(() => localStorage.setItem('daybook-watches', JSON.stringify([{ id: 'w', words: 'learning model models' }])));
        url = `${server.url}watch/`;
      } else {
        const period = list === 'week' ? readdirSync(join(dist, 'weeks')).filter((f) => /W\d+$/.test(f)).sort().at(-1)! : newestDay.slice(0, 7);
        url = `${server.url}${list === 'week' ? 'weeks' : 'months'}/${period}/`;
      }
      await page.goto(url);
      const buttons = page.locator('.paper-item button[data-save]');
      await buttons.nth(2).waitFor();
      // Every item gets its button (a watch draws its matches again when the abstracts arrive).
      await expect.poll(async () => (await buttons.count()) === (await page.locator('.paper-item').count())).toBe(true);
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      const second = await focusedHref(page);
      expect(second).toMatch(/\/papers\/[^/]+\/$/);
      await page.keyboard.press('s');
      expect(await page.locator(`.paper-item:has(a[href="${second}"]) button[data-save]`).getAttribute('aria-pressed')).toBe('true');
      await page.keyboard.press('o');
      await page.waitForURL(new RegExp(`${second}$`));
      await page.goBack();
      await buttons.nth(2).waitFor();
      await page.keyboard.press('j');
      const third = await page.locator('.paper-item h2 a, .paper-item h3 a').nth(2).getAttribute('href');
      expect(await focusedHref(page)).toBe(third);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('matches a watch’s words in abstracts, shows where, and hides papers already read', async () => {
    const { context, page, errors } = await freshPage();
    // A phrase of an abstract that is not in its paper's title, from the newest day's digest.
    const digest = JSON.parse(readFileSync(`content/digests/${hfDays[0]!.date}.json`, 'utf8')) as { paper: { title: string; summary: string } }[];
    const paper = digest.find((p) => !p.paper.title.toLowerCase().includes('proportionate')) ?? digest[0]!;
    const phrase = paper.paper.summary.split(/[.,;:]/)[0]!.split(' ').slice(-3).join(' ');
    await page.goto(`${server.url}watch/`);
    await page.evaluate((words) => localStorage.setItem('daybook-watches', JSON.stringify([{ id: 'w', words: `"${words}"` }])), phrase);
    await page.reload();
    const match = page.locator('.paper-item').filter({ hasText: paper.paper.title }).first();
    await match.waitFor();
    expect((await match.locator('.watch-snippet mark').first().innerText()).toLowerCase()).toBe(phrase.toLowerCase());
    // Read it, come back, hide what was read.
    const href = (await match.locator('h3 a').getAttribute('href'))!;
    await page.goto(new URL(href, server.url).href);
    await page.goto(`${server.url}watch/`);
    await match.waitFor();
    await page.locator('[data-hide-read]').check();
    await expect.poll(() => page.locator(`.paper-item:has(a[href="${href}"])`).count()).toBe(0);
    expect(await page.locator('[data-watch-status]').innerText()).toContain('read paper hidden');
    await page.reload();
    expect(await page.locator('[data-hide-read]').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws the focus ring in blue, not the red of an error, and a saved paper as a filled button', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await freshPage({ colorScheme });
      await page.goto(`${server.url}search/`);
      await page.locator('[data-search-input]').focus();
      const [r, g, b] = (await page.locator('[data-search-input]').evaluate((el) => getComputedStyle(el).outlineColor)).match(/\d+/g)!.map(Number) as [number, number, number];
      expect(b, colorScheme).toBeGreaterThan(r);
      expect(b, colorScheme).toBeGreaterThan(g);
      await page.goto(`${server.url}papers/${days[0]!.papers[0]}/`);
      const save = page.locator('button[data-save]');
      await expect.poll(() => save.getAttribute('aria-pressed')).toBe('false');
      const before = await save.evaluate((el) => getComputedStyle(el).backgroundColor);
      await save.click();
      const after = await save.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(after).not.toBe(before);
      const axe = await new AxeBuilder({ page }).include('button[data-save]').withRules(['color-contrast']).analyze();
      expect(axe.violations.map((v) => v.id), colorScheme).toEqual([]);
      await context.close();
    }
  });

  it('passes axe’s contrast check on a topic page’s co-topic counts, light and dark', async () => {
    const topic = readdirSync(join(dist, 'topics')).find((t) => selectAll('.often-with .count', readPage(dist, `/topics/${t}/`)).length > 0)!;
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await freshPage({ colorScheme, viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}topics/${topic}/`);
      const axe = await new AxeBuilder({ page }).include('.often-with').analyze();
      expect(axe.violations.map((v) => v.id), colorScheme).toEqual([]);
      await context.close();
    }
  });

  it('uses the width at 1280 px: two columns of papers on lists, the abstract as wide as the text around it', async () => {
    const { context, page } = await freshPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}days/${days[0]!.date}/`);
    const columns = await page.locator('[data-day-papers]').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    expect(columns).toBe(2);
    expect(await page.locator('[data-day-papers]').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(1000);
    await page.goto(`${server.url}papers/demystifying-agent-skills-why-they-work-until-they-don-t/`);
    const widths = await page.evaluate(() => ['.paper', '.paper__abstract'].map((s) => document.querySelector(s)!.getBoundingClientRect().width));
    expect(widths[1]).toBe(widths[0]);
    await context.close();
  });

  it('gives the previous and next paper the phone’s whole width at the foot of a paper page', async () => {
    const { context, page } = await freshPage({ viewport: { width: 360, height: 800 } });
    await page.goto(`${server.url}papers/${days[0]!.papers[1]}/`);
    const widths = await page.locator('nav.pager a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().width));
    expect(widths.length).toBe(3);
    for (const width of widths) expect(width).toBeGreaterThan(300);
    await context.close();
  });
});

// ---------------------------------------------------------------------------
// A Hugging Face day whose digest order is not its upvote order: the reader can read it either way.

const ROOT = join(SITE_ROOT, 'reading');
const CONTENT = join(ROOT, 'content');
const SORT_DIST = join(ROOT, 'dist');
const HF_DAY = '2026-10-05';
const HF_PAPERS = [
  { id: '2610.00001', title: 'Sparse Routers for Mixture Models', upvotes: 5 },
  { id: '2610.00002', title: 'Curriculum Replay for Robot Grasping', upvotes: 40 },
  { id: '2610.00003', title: 'Token Budgets in Long Reasoning', upvotes: 12 },
];

describe('sorting a Hugging Face day', () => {
  beforeAll(() => {
    rmSync(ROOT, { recursive: true, force: true });
    seedContent(CONTENT);
    const digest = HF_PAPERS.map((p) => ({
      paper: {
        id: p.id,
        title: p.title,
        summary: `We study ${p.title.toLowerCase()} and gain 27.3\\% with \\textbf{less} compute.`,
        authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
        upvotes: p.upvotes,
        ai_summary: `A *careful* look at ${p.title.toLowerCase()}.`,
      },
    }));
    writeFileSync(join(CONTENT, 'digests', `${HF_DAY}.json`), JSON.stringify(digest));
    buildSite({ content: CONTENT, out: SORT_DIST, astroCache: join(ROOT, 'astro-cache'), cardCache: join(ROOT, 'cards'), logFile: join(ROOT, 'build.log') });
  }, 900_000);

  it('shows digest order without JavaScript, with the upvotes and the AI summary read', () => {
    const items = selectAll('[data-day-papers] > li', readPage(SORT_DIST, `/days/${HF_DAY}/`));
    expect(items.map((li) => text(selectOne('h2', li)))).toEqual(HF_PAPERS.map((p) => p.title));
    items.forEach((li, i) => {
      expect(text(li)).toContain(`${HF_PAPERS[i]!.upvotes} upvotes`);
      expect(text(li)).toContain(`AI summary: A careful look at ${HF_PAPERS[i]!.title.toLowerCase()}.`);
    });
    const abstract = selectOne('.paper__abstract', readPage(SORT_DIST, `/papers/${readdirSync(join(CONTENT, 'papers')).find((f) => f.startsWith('curriculum'))!.replace(/\.md$/, '')}/`))!;
    expect(text(abstract)).toContain('gain 27.3% with less compute');
    expect(selectAll('strong', abstract).map(text)).toEqual(['less']);
  });

  it('sorts by upvotes from a link that stays in the URL, and back to digest order', async () => {
    const server = await serveStatic(SORT_DIST);
    const { context, page, errors } = await freshPage();
    try {
      const titles = () => page.locator('[data-day-papers] h2').allInnerTexts();
      await page.goto(`${server.url}days/${HF_DAY}/?sort=upvotes`);
      await expect.poll(titles).toEqual([...HF_PAPERS].sort((a, b) => b.upvotes - a.upvotes).map((p) => p.title));
      expect(await page.locator('[data-day-sort] a[aria-current]').innerText()).toBe('most upvoted');
      await page.locator('[data-day-sort] a[data-order="digest"]').click();
      await expect.poll(titles).toEqual(HF_PAPERS.map((p) => p.title));
      expect(new URL(page.url()).search).toBe('');
      await page.locator('[data-day-sort] a[data-order="upvotes"]').click();
      expect(new URL(page.url()).searchParams.get('sort')).toBe('upvotes');
      // j follows the order shown.
      await page.keyboard.press('j');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(HF_PAPERS[1]!.title);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
