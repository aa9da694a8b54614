/**
 * Security headers for static hosts, computed from the finished site.
 *
 * In `astro:build:done` every HTML page of the output is tokenized (htmlparser2, so text and
 * attribute values are never mistaken for markup) and the Content-Security-Policy is derived
 * from what the pages really contain:
 *
 * - `script-src 'self'` plus the SHA-256 hash of every inline executable `<script>` (today only
 *   the theme script of src/components/ThemeScript.astro). Data blocks such as
 *   `<script type="application/ld+json">` are never executed, so CSP does not apply to them.
 *   `'wasm-unsafe-eval'` is added when the Pagefind index is present (its search runs as WebAssembly).
 * - `style-src 'self'` plus the hash of every inline `<style>` element Astro emits; style
 *   attributes, if a page ever has one, are allowed only by their hashes (`'unsafe-hashes'`).
 * - Everything else from the same origin only, no plug-ins, no framing, no `<base>` elsewhere.
 *
 * The build fails instead of shipping a policy that would break or weaken the site: an inline
 * event-handler attribute (`onclick=…`), a `javascript:` URL, or a script loaded from another
 * origin.
 *
 * The result is written to `dist/_headers` (Netlify and Cloudflare Pages read it as is) and
 * returned by `readSecurityHeaders(dist)` for tests and for other servers (README: nginx).
 * The policy is the same for every page, so the hashes are stable as long as the theme script
 * and the styles do not change.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';

export const HEADERS_FILE = '_headers';

/** Script types a browser executes (an empty or missing type means JavaScript). */
const EXECUTABLE_SCRIPT = /^(?:|module|(?:text|application)\/(?:x-)?(?:javascript|ecmascript)|text\/jscript)$/i;
/** Attributes holding URLs that a browser would follow or load. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'xlink:href']);

export interface InlineFindings {
  scripts: Map<string, string>;
  styles: Map<string, string>;
  styleAttributes: Map<string, string>;
  problems: string[];
  pages: number;
}

export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Scans one page; adds its inline scripts and styles (by hash) and its problems to `found`. */
export function scanPage(html: string, page: string, found: InlineFindings): void {
  let capture: { kind: 'script' | 'style'; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on[a-z]/i.test(attribute)) found.problems.push(`${page}: <${name} ${attribute}="…">: inline event handlers are blocked by the Content-Security-Policy; use a script file`);
          if (URL_ATTRIBUTES.has(attribute) && /^\s*javascript:/i.test(value)) found.problems.push(`${page}: <${name} ${attribute}="${value.slice(0, 60)}">: javascript: URLs are not allowed`);
          if (attribute === 'style' && value.trim() !== '') found.styleAttributes.set(cspHash(value), `${page}: style="${value.slice(0, 60)}"`);
        }
        if (name === 'script') {
          const src = attributes['src'];
          if (src !== undefined) {
            if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src.trim())) found.problems.push(`${page}: <script src="${src}">: scripts from other origins are not allowed by the Content-Security-Policy`);
          } else if (EXECUTABLE_SCRIPT.test((attributes['type'] ?? '').trim())) {
            capture = { kind: 'script', text: '' };
          }
        } else if (name === 'style') {
          capture = { kind: 'style', text: '' };
        }
      },
      ontext(text) {
        if (capture) capture.text += text;
      },
      onclosetag(name) {
        if (!capture || name !== capture.kind) return;
        const target = capture.kind === 'script' ? found.scripts : found.styles;
        if (capture.text !== '') target.set(cspHash(capture.text), page);
        capture = undefined;
      },
    },
    // Keep the raw text: hashes are over the exact characters of the element.
    { decodeEntities: false, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

/**
 * Anything in a page's body that the scan must look at: an inline script, a script from another
 * origin, a style element or attribute, an event-handler attribute, a `javascript:` URL. Text is
 * escaped (`&lt;script`), so a body without a match has nothing to report; a match (which may be a
 * harmless attribute value) sends the whole page through the parser.
 */
const BODY_NEEDS_PARSING =
  /<script\b(?![^>]*\bsrc=)|<script\b[^>]*\bsrc=["']?(?:[a-z][a-z0-9+.-]*:)?\/\/|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i;

/** Scans a page, tokenizing only its `<head>` when the body has nothing of interest (most pages). */
export function scanPageFast(html: string, page: string, found: InlineFindings): void {
  const body = html.search(/<body[\s>]/i);
  if (body === -1 || BODY_NEEDS_PARSING.test(html.slice(body))) scanPage(html, page, found);
  else scanPage(html.slice(0, body), page, found);
}

/** Every inline script and style of the site in `dist`, with problems that a policy cannot allow. */
export async function scanSite(dist: string): Promise<InlineFindings> {
  const found: InlineFindings = { scripts: new Map(), styles: new Map(), styleAttributes: new Map(), problems: [], pages: 0 };
  const files = await htmlFiles(dist);
  // A few reads in flight; parsing is synchronous, so this only overlaps disk with CPU.
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
        const html = await readFile(file, 'utf8');
        scanPageFast(html, relative(dist, file).split(sep).join('/'), found);
        found.pages++;
      }
    }),
  );
  return found;
}

/** The Content-Security-Policy for a site with these inline scripts and styles. */
export function contentSecurityPolicy(found: InlineFindings, options: { wasm: boolean }): string {
  const sorted = (map: Map<string, string>) => [...map.keys()].sort();
  const styleAttributes = sorted(found.styleAttributes);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...sorted(found.scripts), ...(options.wasm ? ["'wasm-unsafe-eval'"] : [])],
    ['style-src', "'self'", ...sorted(found.styles), ...(styleAttributes.length > 0 ? ["'unsafe-hashes'", ...styleAttributes] : [])],
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
  // Astro's bundled assets have content hashes in their names: cache them for good.
  lines.push('/_astro/*', '  Cache-Control: public, max-age=31536000, immutable');
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

export default function securityHeaders(): AstroIntegration {
  return {
    name: 'daybook:security-headers',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const start = performance.now();
        const found = await scanSite(dist);
        if (found.problems.length > 0) {
          throw new Error(`The built pages break the Content-Security-Policy:\n${[...new Set(found.problems)].slice(0, 20).map((p) => `  ${p}`).join('\n')}`);
        }
        const csp = contentSecurityPolicy(found, { wasm: existsSync(join(dist, 'pagefind')) });
        writeFileSync(join(dist, HEADERS_FILE), formatHeadersFile(csp));
        const ms = Math.round(performance.now() - start);
        logger.info(
          `${HEADERS_FILE}: CSP for ${found.pages} pages with ${found.scripts.size} inline script(s), ${found.styles.size} inline style(s)` +
            `${found.styleAttributes.size > 0 ? `, ${found.styleAttributes.size} style attribute(s)` : ''} in ${ms} ms.`,
        );
      },
    },
  };
}
