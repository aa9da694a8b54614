/**
 * The pages as a reader gets them: real Chromium on the built site, axe-core for
 * accessibility, html-validate for valid HTML, at phone and desktop widths.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { htmlProblems } from '../helpers/html.ts';
import { listFiles } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');

const firstPaper = JSON.parse(readFileSync('content/days/2026-11-24.json', 'utf8')).papers[0] as string;
const topic = listFiles('content/topics')[0]!.replace(/\.mdx?$/, '');
/** One page of every kind. */
const PAGES = ['', `papers/${firstPaper}/`, 'days/2026-11-24/', 'days/', 'topics/', `topics/${topic}/`, 'about/', 'no-such-page/'];

let browser: Browser;
let server: StaticServer;
let baseServer: StaticServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveStatic(rootDist);
  baseServer = await serveStatic(baseDist, basePath);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await baseServer?.close();
});

describe('in Chromium', () => {
  for (const path of PAGES) {
    it(`/${path} has no axe violations, no console errors, no horizontal scroll at 360px`, async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(e.message));
        const response = await page.goto(server.url + path);
        expect(response?.status()).toBe(path.startsWith('no-such') ? 404 : 200);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), `${path} ${colorScheme}`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(errors.filter((e) => !e.includes('404')), path).toEqual([]);
        await context.close();
      }
    });
  }

  it('loads little script on a paper page (theme toggle, shortcuts, Save and Cite), and the toggle remembers the choice', async () => {
    const page = await browser.newPage({ colorScheme: 'light' });
    const scripts: { url: string; bytes: number }[] = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script') scripts.push({ url: r.url(), bytes: (await r.body()).length });
    });
    await page.goto(`${server.url}papers/${firstPaper}/`, { waitUntil: 'networkidle' });
    // The site script and the saved-papers store it shares with /saved/ and the lists (issue #14's
    // budget: at most 3 KB compressed on a paper page; tests/site/saved.test.ts measures it).
    expect(scripts.length).toBeLessThanOrEqual(2);
    for (const script of scripts) expect(script.url).toMatch(/\/_astro\/[^/]+\.js$/);
    expect(scripts.reduce((n, s) => n + s.bytes, 0)).toBeLessThan(6144);
    const toggle = page.locator('[data-theme-toggle]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.goto(`${server.url}days/`);
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(251, 250, 247)');
    await page.close();
  });

  it('is keyboard-usable: the skip link is the first stop and leads to the content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}days/2026-11-24/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    await page.close();
  });

  it('works under a base path: links lead to pages that load', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseServer.url}days/2026-11-24/`);
    await page.locator('.day-papers h2 a').first().click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe(`${basePath}papers/${firstPaper}/`);
    expect(await page.locator('h1').textContent()).toBe('Neural Arithmetic Logic Units');
    await page.close();
  });
});

describe('HTML', () => {
  it('is valid on every kind of page', async () => {
    const files = PAGES.filter((p) => !p.startsWith('no-such')).map((p) => `${p}index.html`).concat('404.html');
    for (const file of files) {
      expect(await htmlProblems(readFileSync(join(rootDist, file), 'utf8'), file)).toEqual([]);
    }
  });
});
