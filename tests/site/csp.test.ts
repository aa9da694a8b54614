/**
 * The built site works under the strict Content-Security-Policy it ships in `dist/_headers`
 * (src/integrations/security-headers.ts). Chromium visits every kind of page served WITH
 * those headers and records every `securitypolicyviolation` event and every CSP console
 * error: there must be none, the theme toggle (the one inline script) must work, search
 * (Pagefind, WebAssembly) must work, and an injected inline script must be refused, which
 * proves the policy is really enforced.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cspHash, readSecurityHeaders } from '../../src/integrations/security-headers.ts';
import { scanPage, scanPageFast, scanSite } from '../helpers/csp-scan.ts';
import type { InlineFindings } from '../helpers/csp-scan.ts';
import { themeScript } from '../../src/components/theme-script.ts';
import { launchBrowser, serveStatic } from '../helpers/browser.ts';
import type { StaticServer } from '../helpers/browser.ts';
import { isSitePage, listFiles, readPage, selectAll } from '../helpers/site.ts';

const rootDist = inject('rootDist');
const baseDist = inject('baseDist');
const basePath = inject('basePath');

/** The theme script as pages carry it (src/scripts/theme.js, minified): its hash must be allowed. */
const themeSource = themeScript;
const themeHash = `'sha256-${createHash('sha256').update(themeSource).digest('base64')}'`;

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

describe('the page scanner behind the policy', () => {
  const scan = (html: string, fast = false): InlineFindings => {
    const found: InlineFindings = { scripts: new Map(), styles: new Map(), styleAttributes: new Map(), problems: [], pages: 0 };
    (fast ? scanPageFast : scanPage)(html, 'page.html', found);
    return found;
  };

  it('hashes inline scripts and styles exactly, and ignores data blocks and same-origin files', () => {
    const found = scan('<head><script>let a = 1 &amp;&amp; 2;</script><style>p{color:red}</style><script type="application/ld+json">{"a":"<"}</script><script type="module" src="/_astro/x.js"></script></head>');
    expect([...found.scripts.keys()]).toEqual([cspHash('let a = 1 &amp;&amp; 2;')]);
    expect([...found.styles.keys()]).toEqual([cspHash('p{color:red}')]);
    expect(found.problems).toEqual([]);
  });

  it('never mistakes markup inside an attribute value or text for an element', () => {
    for (const fast of [false, true]) {
      const found = scan('<head><meta name="description" content="<script>alert(1)</script>"></head><body><p title="<style>x</style> onload=x">&lt;script&gt;alert(1)&lt;/script&gt; onerror="x"</p></body>', fast);
      expect(found.scripts.size + found.styles.size + found.styleAttributes.size + found.problems.length).toBe(0);
    }
  });

  it('reports what no policy should allow, wherever it is in the page', () => {
    for (const fast of [false, true]) {
      const found = scan('<head></head><body><button onclick="go()">x</button><a href=" JavaScript:alert(1)">x</a><script src="https://cdn.example.com/x.js"></script><p style="color:red">x</p></body>', fast);
      expect(found.problems.join('\n')).toMatch(/onclick/);
      expect(found.problems.join('\n')).toMatch(/javascript: URLs/);
      expect(found.problems.join('\n')).toMatch(/other origins/);
      expect([...found.styleAttributes.keys()]).toEqual([cspHash('color:red')]);
    }
  });
});

describe('the shipped security headers', () => {
  it('allow the theme script by its hash, and nothing inline or remote beyond it', () => {
    const headers = readSecurityHeaders(rootDist);
    const csp = directives(headers['Content-Security-Policy'] ?? '');
    expect(themeSource).toContain('daybook-theme');
    const scriptSrc = csp.get('script-src') ?? [];
    expect(scriptSrc).toContain(themeHash);
    // 'self', the theme script, and WebAssembly for search: no 'unsafe-inline', no other script.
    expect(scriptSrc.filter((s) => s !== "'self'" && s !== themeHash && s !== "'wasm-unsafe-eval'")).toEqual([]);
    for (const [name, values] of csp) {
      expect(values, name).not.toContain("'unsafe-inline'");
      expect(values, name).not.toContain("'unsafe-eval'");
      expect(values.filter((v) => /^(?:https?:|\*)/.test(v)), name).toEqual([]);
    }
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    // The same policy for a build under a base path.
    expect(readSecurityHeaders(baseDist)['Content-Security-Policy']).toBe(headers['Content-Security-Policy']);
  });

  it('allow everything every built page carries: no inline script or style beyond the policy, no handler, no javascript: URL', async () => {
    const csp = directives(readSecurityHeaders(rootDist)['Content-Security-Policy'] ?? '');
    for (const dist of [rootDist, baseDist]) {
      const found = await scanSite(dist);
      expect(found.pages).toBeGreaterThan(400);
      expect(found.problems, dist).toEqual([]);
      for (const [hash, page] of found.scripts) expect(csp.get('script-src'), `inline script in ${page}`).toContain(hash);
      for (const [hash, page] of found.styles) expect(csp.get('style-src'), `inline style in ${page}`).toContain(hash);
      expect([...found.styleAttributes.values()], dist).toEqual([]);
    }
  });

  it('cover every inline style of every page by hash (no style attributes)', () => {
    const csp = directives(readSecurityHeaders(rootDist)['Content-Security-Policy'] ?? '');
    const styleSrc = new Set(csp.get('style-src'));
    for (const file of listFiles(rootDist).filter(isSitePage)) {
      const html = readFileSync(`${rootDist}/${file}`, 'utf8');
      for (const match of html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/g)) {
        const hash = `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`;
        expect(styleSrc.has(hash), `${file}: <style> ${match[1]!.slice(0, 60)}`).toBe(true);
      }
      expect(selectAll('[style]', readPage(rootDist, `/${file.replace(/index\.html$/, '')}`)), file).toEqual([]);
    }
  });
});

describe('every kind of page under the Content-Security-Policy, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A page that records CSP violations (events and console errors) from before its first script. */
  async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
    await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    return { page, violations };
  }

  function samplePaths(dist: string): string[] {
    const files = listFiles(dist);
    const first = (pattern: RegExp) => {
      const file = files.find((f) => pattern.test(f));
      return file ? `/${file.replace(/index\.html$/, '')}` : undefined;
    };
    const withMath = files.find((f) => /^papers\/[^/]+\/index\.html$/.test(f) && readFileSync(`${dist}/${f}`, 'utf8').includes('<math'));
    return [
      '/',
      '/days/',
      first(/^days\/\d{4}-\d{2}-\d{2}\/index\.html$/),
      first(/^papers\/[^/]+\/index\.html$/),
      withMath ? `/${withMath.replace(/index\.html$/, '')}` : undefined,
      '/topics/',
      first(/^topics\/[^/]+\/index\.html$/),
      first(/^topics\/[^/]+\/2\/index\.html$/),
      first(/^about\/index\.html$/),
      first(/^feeds\/index\.html$/),
      '/no-such-page/',
    ].filter((p): p is string => p !== undefined);
  }

  for (const which of ['root', 'base'] as const) {
    describe(`built at ${which === 'root' ? '/' : 'a base path'}`, () => {
      let server: StaticServer;
      const dist = which === 'root' ? rootDist : baseDist;
      const base = which === 'root' ? '/' : basePath;
      beforeAll(async () => {
        server = await serveStatic(dist, base, readSecurityHeaders(dist));
      });
      afterAll(async () => {
        await server?.close();
      });

      it('raises no CSP violation on any kind of page, and the theme toggle works', async () => {
        const paths = samplePaths(dist);
        expect(paths.length).toBeGreaterThanOrEqual(8);
        for (const path of paths) {
          const { page, violations } = await watchedPage();
          const response = await page.goto(`${server.url}${path.slice(1)}`, { waitUntil: 'networkidle' });
          expect(response?.headers()['content-security-policy'], path).toContain("script-src 'self'");
          const toggle = page.locator('[data-theme-toggle]');
          await toggle.waitFor({ state: 'visible' });
          const before = await page.evaluate(() => document.documentElement.dataset['theme'] ?? '');
          await toggle.click();
          const after = await page.evaluate(() => document.documentElement.dataset['theme']);
          expect(after, path).toMatch(/^(?:light|dark)$/);
          expect(after, path).not.toBe(before);
          // JSON-LD is data, not script: present, parsed, and no violation for it.
          const ld = await page.evaluate(() => [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent ?? '') as unknown));
          if (path.startsWith('/papers/')) expect(ld.length, path).toBeGreaterThan(0);
          expect(violations, path).toEqual([]);
          await page.close();
        }
      });

      it('runs search (Pagefind) on the search page and in the header dialog without a violation', async () => {
        const { page, violations } = await watchedPage();
        await page.goto(`${server.url}search/?q=learning`, { waitUntil: 'networkidle' });
        await page.locator('[data-search-results] li').first().waitFor({ timeout: 30_000 });
        // The header's search: lazily loaded module, the same index.
        await page.goto(`${server.url}`, { waitUntil: 'networkidle' });
        await page.locator('[data-search-link]').click();
        await page.keyboard.type('learning');
        await page.waitForTimeout(1500);
        await page.waitForLoadState('networkidle');
        expect(violations).toEqual([]);
        await page.close();
      });

      it('refuses an injected inline script and inline event handler: the policy is enforced', async () => {
        const { page, violations } = await watchedPage();
        await page.goto(`${server.url}`, { waitUntil: 'networkidle' });
        const ran = await page.evaluate(async () => {
          const w = window as unknown as { __ran?: string[] };
          w.__ran = [];
          const script = document.createElement('script');
          script.textContent = 'window.__ran.push("inline")';
          document.head.append(script);
          const img = document.createElement('img');
          img.setAttribute('onerror', 'window.__ran.push("handler")');
          img.src = 'data:,not-an-image';
          document.body.append(img);
          await new Promise((r) => setTimeout(r, 300));
          return w.__ran;
        });
        expect(ran).toEqual([]);
        expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
        await page.close();
      });
    });
  }
});
