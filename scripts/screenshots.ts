/**
 * `node scripts/screenshots.ts [dist] [out]`: Chromium screenshots of the main pages
 * at phone and desktop widths, light and dark, to look at before calling a page done.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, serveStatic } from '../tests/helpers/browser.ts';

const dist = process.argv[2] ?? 'dist';
const out = process.argv[3] ?? '.cache/screenshots';
const pages = (process.argv[4] ?? '/,/papers/neural-arithmetic-logic-units/,/days/2026-11-24/,/days/,/topics/,/search/?q=reasoning').split(',');
const widths = { phone: 360, desktop: 1280 };

mkdirSync(out, { recursive: true });
const server = await serveStatic(dist);
const browser = await launchBrowser();
for (const [device, width] of Object.entries(widths)) {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
    for (const path of pages) {
      await page.goto(new URL(path.replace(/^\//, ''), server.url).href, { waitUntil: 'networkidle' });
      const name = `${device}-${scheme}-${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}.png`;
      await page.screenshot({ path: join(out, name), fullPage: false });
    }
    await page.close();
  }
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
