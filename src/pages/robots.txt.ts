/** `/robots.txt`: everything may be crawled; the sitemap is at the configured site and base. */
import type { APIRoute } from 'astro';
import { absoluteUrl } from '../lib/paths.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl('/sitemap-index.xml', site)}`, ''].join('\n'), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
