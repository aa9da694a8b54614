/**
 * The sitemap (`sitemap-index.xml`, `sitemap-<n>.xml` of at most 45,000 URLs each), written from
 * the build manifest's pages (src/integrations/output.ts), rendered or kept alike. The same files
 * `@astrojs/sitemap` wrote, through the library it uses, but from a list handed over by a call.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SitemapAndIndexStream, SitemapStream } from 'sitemap';

const ENTRY_LIMIT = 45_000;

export interface SitemapOptions {
  outDir: string;
  /** The site's origin and base path (astro.config.mjs `site`, `base`). */
  site: string;
  base: string;
  /** Site paths of the pages (`/papers/x/`), without the base. */
  pages: Iterable<string>;
  /** Pages to leave out (redirects). */
  exclude: (sitePath: string) => boolean;
}

/** Writes the sitemap; returns its files' names in `outDir`. */
export async function writeSitemap({ outDir, site, base, pages, exclude }: SitemapOptions): Promise<string[]> {
  const root = new URL(base, site);
  const prefix = `${root.origin}${root.pathname.replace(/\/$/, '')}`;
  const urls = new Set<string>();
  // A plain path is its URL as it is: no URL object for each of 100,000s of pages.
  for (const path of pages) if (!exclude(path)) urls.add(/^[\w/.-]*$/.test(path) ? `${prefix}${path}` : new URL(`${root.pathname.replace(/\/$/, '')}${path}`, root).href);
  const sorted = [...urls].sort(new Intl.Collator('en', { numeric: true }).compare);
  const files = ['sitemap-index.xml'];
  const index = new SitemapAndIndexStream({
    limit: ENTRY_LIMIT,
    getSitemapStream: (i) => {
      const name = `sitemap-${i}.xml`;
      files.push(name);
      const stream = new SitemapStream({ hostname: root.href, xmlns: { news: true, xhtml: true, image: true, video: true } });
      return [new URL(`${root.pathname.replace(/\/$/, '')}/${name}`, root).href, stream, stream.pipe(createWriteStream(join(outDir, name)))];
    },
  });
  await pipeline(Readable.from(sorted.map((url) => ({ url }))), index, createWriteStream(join(outDir, 'sitemap-index.xml')));
  return files;
}
