/**
 * Security headers for static hosts, written to `dist/_headers` (Netlify and Cloudflare Pages
 * read it as it is; README: nginx) and returned by `readSecurityHeaders(dist)` for tests.
 *
 * The Content-Security-Policy is known before the build, so no page is read to make it:
 * - `script-src 'self'`, the SHA-256 hash of the one inline script (the theme script,
 *   src/scripts/theme.js as src/components/theme-script.ts minifies it) and
 *   `'wasm-unsafe-eval'` for Pagefind's WebAssembly. JSON-LD blocks are data: CSP does not
 *   apply to them.
 * - `style-src 'self'`: stylesheets always ship as files (`build.inlineStylesheets: 'never'`).
 * - Everything else from the same origin only, no plug-ins, no framing, no `<base>` elsewhere.
 *
 * tests/site/csp.test.ts scans every built page (tests/helpers/csp-scan.ts) and fails when one
 * carries an inline script, style, style attribute or event handler that this policy does not
 * allow, a `javascript:` URL or a script from another origin.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { themeScript } from '../components/theme-script.ts';

export const HEADERS_FILE = '_headers';

export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The site's Content-Security-Policy. */
export function contentSecurityPolicy(): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", cspHash(themeScript), "'wasm-unsafe-eval'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The other headers every page gets; all are safe for a static site of plain pages. */
export const STATIC_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
};

/** `_headers` in the Netlify / Cloudflare Pages format. */
export function formatHeadersFile(csp: string): string {
  const lines = ['# Written by src/integrations/security-headers.ts at build time; do not edit.', '/*', `  Content-Security-Policy: ${csp}`];
  for (const [name, value] of Object.entries(STATIC_HEADERS)) lines.push(`  ${name}: ${value}`);
  // Astro's bundled assets have content hashes in their names: cache them for good. The list of
  // search partitions changes with every day and names the hashed files of each: always ask again.
  lines.push('/_astro/*', '  Cache-Control: public, max-age=31536000, immutable');
  lines.push('/pagefind/partitions.json', '  Cache-Control: no-cache');
  // The open data (/api/): any site may fetch it.
  lines.push('/api/*', '  Access-Control-Allow-Origin: *');
  return `${lines.join('\n')}\n`;
}

/** The headers written for every page (`/*`), by name, from a built site's `_headers`. */
export function readSecurityHeaders(dist: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of readFileSync(join(dist, HEADERS_FILE), 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const match = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (inAll && match) headers[match[1]!] = match[2]!;
  }
  return headers;
}

/** Writes `_headers` into the built site `dist`. */
export function writeHeadersFile(dist: string): void {
  writeFileSync(join(dist, HEADERS_FILE), formatHeadersFile(contentSecurityPolicy()));
}
